//! trame turns French-language news about the war against Daech in Iraq and
//! Syria into an RDF knowledge graph.
//!
//! An article goes through nine plain stages, each a module named after
//! what it produces:
//!
//! 1. [`article`]: a file becomes an [`Article`](article::Article) (plain
//!    text, HTML, JSON Lines);
//! 2. [`clean`]: the prose without markup or site furniture, aligned to the
//!    raw text ([`CleanText`](clean::CleanText));
//! 3. [`sentences`]: French sentence boundaries;
//! 4. [`mentions`]: spans naming entities, from the [`gazetteer`], patterns
//!    and descriptions that refer back;
//! 5. [`syntax`]: each sentence that names two entities or more and holds a
//!    possible trigger, parsed into words with part of speech, lemma,
//!    morphology and a dependency tree by spaCy's French model run in Rust
//!    (after the mentions, which say which sentences to parse and which
//!    hyphenated names to keep whole);
//! 6. [`resolve`]: one [`Entity`](resolve::Entity) per real-world entity,
//!    with a stable IRI;
//! 7. [`extract`]: [`Fact`](extract::Fact)s of the contract's fifteen
//!    predicates, with evidence, rule, confidence and claimant, from rules
//!    over the trees (`data/rules/`) and over rows of words;
//! 8. [`events`]: the captures, attacks, strikes, withdrawals, sieges and
//!    launches the facts report, dated by the [`dates`] of their sentence
//!    and carrying its [`counts`];
//! 9. [`triples`]: the quads of the document's named graph.
//!
//! [`ingest`] runs the stages on many articles in parallel into the
//! [`store`], which keeps the graphs in Oxigraph (on disk or in memory) and answers
//! SPARQL; [`export`] writes the RDF formats; [`diagram`] draws DOT;
//! [`validate`] checks graphs against the SHACL shapes of the ontology.
//! After an ingest, [`statistics`] recomputes the corpus-wide tallies that
//! whole-corpus questions read.
//!
//! ```
//! use trame::{article::{Article, Format}, process};
//! let article = Article {
//!     id: "exemple".into(),
//!     raw: "Les forces irakiennes ont repris Qayyarah à Daech.".into(),
//!     format: Format::Text,
//!     origin: "exemple".into(),
//!     source: None, url: None, published: None, title: None,
//! };
//! let doc = process(article);
//! assert!(doc.facts.iter().any(|f| f.predicate == trame::model::Predicate::Captured));
//! ```

#![deny(missing_docs)]

pub mod article;
pub mod bench;
pub mod clean;
pub mod counts;
pub mod dates;
pub mod diagram;
pub mod error;
pub mod events;
pub mod export;
pub mod extract;
pub mod fold;
pub mod gazetteer;
pub mod ingest;
pub mod jsonld;
pub mod mentions;
pub mod model;
pub mod quotes;
pub mod resolve;
pub mod sentences;
pub mod statistics;
pub mod store;
pub mod syntax;
pub mod triples;
pub mod validate;
pub mod vocab;

use article::Article;
use clean::CleanText;
use extract::Fact;
use gazetteer::Gazetteer;
use mentions::Mention;
use resolve::Resolution;
use sentences::Sentence;

pub use error::{Error, Result};

/// An article and everything the pipeline found in it.
#[derive(Clone, Debug)]
pub struct Document {
    /// Stage 1: the article as read.
    pub article: Article,
    /// Stage 2: its prose, aligned to the raw text.
    pub clean: CleanText,
    /// Stage 3: its sentences.
    pub sentences: Vec<Sentence>,
    /// Stage 4: its mentions.
    pub mentions: Vec<Mention>,
    /// Stage 5: the parse of each sentence that names two entities or more
    /// (an empty tree for the others, and for all without a model).
    pub trees: Vec<syntax::Tree>,
    /// Stage 6: its entities.
    pub resolution: Resolution,
    /// Stage 7: its facts.
    pub facts: Vec<Fact>,
    /// Its temporal expressions, resolved against the publication date.
    pub dates: Vec<dates::DateMention>,
    /// Its counts: numbers with what they count.
    pub counts: Vec<counts::Count>,
    /// What it quotes people and organisations saying.
    pub quotes: Vec<quotes::Quote>,
    /// Stage 8: the events its facts report, dated, with their counts.
    pub events: Vec<events::Event>,
    /// The outlet that published it, when its byline or `source` names
    /// one the gazetteer knows (an entity of `resolution`).
    pub outlet: Option<usize>,
}

/// Runs stages 2 to 8 on an article with the built-in gazetteer.
pub fn process(article: Article) -> Document {
    process_with(article, Gazetteer::builtin())
}

/// Runs stages 2 to 8 on an article with a given gazetteer, and the syntax
/// model installed on this machine ([`syntax::Model::installed`]); without
/// one, sentences are not parsed and only the window rules run.
pub fn process_with(article: Article, gazetteer: &Gazetteer) -> Document {
    process_with_model(article, gazetteer, syntax::Model::installed().ok())
}

/// Runs stages 2 to 8 with a given gazetteer and syntax model.
pub fn process_with_model(
    article: Article,
    gazetteer: &Gazetteer,
    model: Option<&syntax::Model>,
) -> Document {
    let clean = clean::clean(&article);
    let sentences = sentences::split(&clean.text);
    let published = dates::publication(article.published.as_deref());
    let dates = dates::find(&clean.text, &sentences, published);
    let mut mentions = mentions::find(&clean.text, &sentences, gazetteer);
    let trees = parse(&clean.text, &sentences, &mentions, model);
    let unlisted = extract::places::unlisted(&clean.text, &sentences, &trees, &mentions, gazetteer);
    mentions::merge(&mut mentions, unlisted);
    let mut resolution = resolve::resolve(&clean.text, &mentions, gazetteer);
    let facts = extract::extract(
        &clean.text,
        &sentences,
        &trees,
        &mentions,
        &mut resolution,
        gazetteer,
    );
    let counts = counts::find(&clean.text, &sentences);
    let quotes = quotes::find(&clean.text, &sentences, &mentions, &resolution);
    let events = events::build(&clean.text, &facts, &dates, &counts, &resolution);
    let outlet = article
        .source
        .as_deref()
        .or(clean.byline.as_deref())
        .and_then(|name| resolve::outlet(name, &mut resolution, gazetteer));
    Document {
        article,
        clean,
        sentences,
        mentions,
        trees,
        resolution,
        facts,
        dates,
        counts,
        quotes,
        events,
        outlet,
    }
}

/// Parses the sentences where a rule over the tree can find a fact: those
/// naming two entities or more, or one and a pronoun, with a word that may
/// be a rule's trigger; or one entity and a trigger whose other argument
/// may be the scene (see [`extract::rules::Step::Scene`]).
/// The others cost nothing; the parse is most of the extraction's time.
fn parse(
    text: &str,
    sentences: &[Sentence],
    mentions: &[Mention],
    model: Option<&syntax::Model>,
) -> Vec<syntax::Tree> {
    let Some(model) = model else { return Vec::new() };
    static TRIGGERS: std::sync::OnceLock<std::collections::HashSet<String>> = std::sync::OnceLock::new();
    let triggers = TRIGGERS.get_or_init(|| extract::rules::Rules::builtin().triggers());
    static SCENE: std::sync::OnceLock<std::collections::HashSet<String>> = std::sync::OnceLock::new();
    let scene = SCENE.get_or_init(|| extract::rules::Rules::builtin().scene_triggers());
    let mut named = vec![0usize; sentences.len()];
    for m in mentions {
        if let Some(n) = named.get_mut(m.sentence) {
            *n += 1;
        }
    }
    // A subject pronoun, « y » or a possessive may stand for the second
    // entity (« Ils la tenaient », « y étaient encerclés », « leur chef »).
    const STANDS_FOR: &[&str] = &[
        "il", "ils", "elle", "elles", "y", "leur", "leurs", "son", "sa", "ses",
    ];
    let pronoun = |i: usize| {
        text[sentences[i].span.clone()]
            .split(|c: char| !c.is_alphabetic())
            .any(|w| STANDS_FOR.iter().any(|p| w.eq_ignore_ascii_case(p)))
    };
    // A capitalised word no mention covers, past the first, may be a
    // place nobody listed (see [`extract::places`]).
    let unnamed = |i: usize| {
        let covered = |at: usize| mentions.iter().any(|m| m.span.start <= at && at < m.span.end);
        !extract::places::candidates(text, sentences[i].span.clone(), covered).is_empty()
    };
    let wanted: Vec<usize> = (0..sentences.len())
        .filter(|&i| {
            (named[i] + usize::from(named[i] < 2 && pronoun(i)) + usize::from(named[i] == 1 && unnamed(i)) >= 2
                && model.may_hold(text, sentences[i].span.clone(), triggers))
                // « Les jihadistes ont fui »: the other argument is the scene.
                || (named[i] == 1 && model.may_hold(text, sentences[i].span.clone(), scene))
        })
        .collect();
    let ranges: Vec<std::ops::Range<usize>> = wanted.iter().map(|&i| sentences[i].span.clone()).collect();
    let names = syntax::tokens::outermost(mentions.iter().map(|m| m.span.clone()));
    let mut trees = vec![syntax::Tree::default(); sentences.len()];
    for (i, tree) in wanted
        .into_iter()
        .zip(model.parse_all_keeping(text, &ranges, &names))
    {
        trees[i] = tree;
    }
    trees
}
