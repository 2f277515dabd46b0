//! A **rule** says how a relation shows in a parsed sentence: which words
//! trigger it (lemmas and parts of speech), where its subject and object
//! stand from the trigger (a path of [`Step`]s through the tree), which
//! guards it lifts, its confidence, and sentences that must and must not
//! give the fact.
//!
//! Rules are data: `data/rules/<family>.toml`, one `[[rule]]` table each,
//! read once. Loading refuses an unknown key, an unknown predicate, part of
//! speech, step or guard, naming the file and the line.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::model::Predicate;
use crate::syntax::Pos;

/// A rule's identity: its index in the loaded [`Rules`]. Compared as a
/// number; its name (`captured.verb`) is for people and the graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RuleId(pub u16);

/// One step of an argument's path from the trigger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Who does it: the subject of an active verb, the « par » agent of a
    /// passive one, the noun an active participle qualifies, the antecedent
    /// of « qui »; through light and aspectual verbs (« sont parvenus à
    /// chasser ») and coordinated verbs that share their subject.
    Agent,
    /// What it is done to: the object of an active verb, the subject of a
    /// passive one, the noun a past participle qualifies (« la ville reprise
    /// par »), the antecedent of « que ».
    Patient,
    /// A complement introduced by a preposition (« de », « à », « sur »…),
    /// attached to the word as an oblique or a noun modifier.
    Prep(String),
    /// A child with this dependency label (`dep:obj`, `dep:nmod`).
    Dep(String),
    /// The word the current one depends on.
    Head,
    /// The word itself: a noun trigger that names an argument (« l'offensive
    /// des forces kurdes » is the operation the forces launched).
    Itself,
    /// Where the sentence happens, when the trigger has no object nor « de »
    /// complement to say it: the settlement named before it in the
    /// sentence, else the one the sentences before name (« … reprise de
    /// Baïji. Les jihadistes ont fui vers le nord »). Not a step through the
    /// tree: a path of its own.
    Scene,
    /// Who took places in the sentences just before, for a passive with no
    /// agent (« Dabiq a été libérée par l'ASL. La localité voisine de Soran
    /// a également été nettoyée »). Not a step through the tree either.
    Taker,
}

/// A step and the lemmas the words it reaches must have (any when empty):
/// `prep:à[main]` is the « à » complement whose head is « main »,
/// `patient[contrôle|maîtrise]` an object « contrôle » or « maîtrise ».
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hop {
    /// Where to go.
    pub step: Step,
    /// What must be found there.
    pub lemmas: Vec<String>,
}

/// A guard a rule may lift: by default a trigger under any of them states
/// no fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Guard {
    /// « pour reprendre », « afin de », « avant de »: an aim, not a deed.
    Purpose,
    /// Under a verb of will, plan or attempt (« veut », « tente de »).
    Modal,
    /// An infinitive no light verb or reporting verb carries.
    Infinitive,
    /// Conditional, future, subjunctive or imperative.
    Mood,
    /// Negated (« n'ont pas repris »).
    Negation,
    /// In a clause of condition (« si les jihadistes prenaient la ville »).
    Condition,
}

/// A loaded rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// Its identity.
    pub id: RuleId,
    /// Its name, `family.rule`.
    pub name: String,
    /// The relation it states.
    pub predicate: Predicate,
    /// Trigger lemmas.
    pub lemmas: Vec<String>,
    /// Trigger parts of speech.
    pub pos: Vec<Pos>,
    /// Where the subject stands: paths tried in order, the first that finds
    /// an entity wins.
    pub subject: Vec<Vec<Hop>>,
    /// Where the object stands.
    pub object: Vec<Vec<Hop>>,
    /// Prepositions one of which must introduce the trigger (« avec
    /// l'appui de » and « à l'appui de » say opposite things); empty for any.
    pub case: Vec<String>,
    /// Guards lifted.
    pub allow: Vec<Guard>,
    /// Confidence of its facts.
    pub confidence: f32,
    /// Sentences that must give `subject predicate object` by this rule:
    /// (text, subject's name, object's name).
    pub must: Vec<(String, String, String)>,
    /// Sentences that must give no fact by this rule.
    pub must_not: Vec<String>,
}

/// A set of rules.
#[derive(Clone, Debug, Default)]
pub struct Rules {
    /// All of them; `rules[id.0]` is the rule `id`.
    pub rules: Vec<Rule>,
}

/// A rule file's problem, with its place.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {why}")]
pub struct RuleError {
    /// The file.
    pub file: String,
    /// The line, from 1.
    pub line: usize,
    /// What is wrong.
    pub why: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    rule: Vec<RawRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    predicate: Spanned<String>,
    lemmas: Vec<String>,
    #[serde(default)]
    pos: Vec<Spanned<String>>,
    subject: Vec<Spanned<String>>,
    object: Vec<Spanned<String>>,
    #[serde(default)]
    case: Vec<String>,
    #[serde(default)]
    allow: Vec<Spanned<String>>,
    confidence: f32,
    #[serde(default)]
    must: Vec<[String; 3]>,
    #[serde(default)]
    must_not: Vec<String>,
}

/// The built-in rule files, embedded at build time.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "data/rules/capture.toml",
        include_str!("../../data/rules/capture.toml"),
    ),
    (
        "data/rules/control.toml",
        include_str!("../../data/rules/control.toml"),
    ),
    (
        "data/rules/withdrawal.toml",
        include_str!("../../data/rules/withdrawal.toml"),
    ),
    (
        "data/rules/attack.toml",
        include_str!("../../data/rules/attack.toml"),
    ),
    (
        "data/rules/support.toml",
        include_str!("../../data/rules/support.toml"),
    ),
    (
        "data/rules/operation.toml",
        include_str!("../../data/rules/operation.toml"),
    ),
    (
        "data/rules/siege.toml",
        include_str!("../../data/rules/siege.toml"),
    ),
    ("data/rules/role.toml", include_str!("../../data/rules/role.toml")),
    (
        "data/rules/location.toml",
        include_str!("../../data/rules/location.toml"),
    ),
];

impl Rules {
    /// The built-in rules.
    pub fn builtin() -> &'static Rules {
        static RULES: std::sync::OnceLock<Rules> = std::sync::OnceLock::new();
        RULES.get_or_init(|| {
            let mut rules = Rules::default();
            for (file, text) in BUILTIN {
                rules
                    .add(file, text)
                    .unwrap_or_else(|e| panic!("built-in rules are valid (tested): {e}"));
            }
            rules
        })
    }

    /// Adds the rules of one file, `text` read from `file`.
    pub fn add(&mut self, file: &str, text: &str) -> Result<(), RuleError> {
        let at = |span: Range<usize>, why: String| RuleError {
            file: file.to_string(),
            line: text[..span.start.min(text.len())].matches('\n').count() + 1,
            why,
        };
        let parsed: File =
            toml::from_str(text).map_err(|e| at(e.span().unwrap_or(0..0), e.message().to_string()))?;
        for raw in parsed.rule {
            let predicate = raw
                .predicate
                .get_ref()
                .parse::<Predicate>()
                .map_err(|why| at(raw.predicate.span(), why))?;
            let pos = if raw.pos.is_empty() {
                vec![Pos::Verb]
            } else {
                raw.pos
                    .iter()
                    .map(|p| {
                        Pos::from_name(p.get_ref())
                            .ok_or_else(|| at(p.span(), format!("unknown part of speech {:?}", p.get_ref())))
                    })
                    .collect::<Result<_, _>>()?
            };
            let paths = |list: &[Spanned<String>]| {
                list.iter()
                    .map(|p| path(p.get_ref()).map_err(|why| at(p.span(), why)))
                    .collect::<Result<Vec<_>, _>>()
            };
            let allow = raw
                .allow
                .iter()
                .map(|g| {
                    guard(g.get_ref()).ok_or_else(|| at(g.span(), format!("unknown guard {:?}", g.get_ref())))
                })
                .collect::<Result<_, _>>()?;
            if self.rules.iter().any(|r| r.name == raw.id) {
                return Err(at(
                    raw.predicate.span(),
                    format!("rule {:?} defined twice", raw.id),
                ));
            }
            let id = RuleId(self.rules.len() as u16);
            self.rules.push(Rule {
                id,
                name: raw.id,
                predicate,
                lemmas: raw.lemmas,
                pos,
                subject: paths(&raw.subject)?,
                object: paths(&raw.object)?,
                case: raw.case,
                allow,
                confidence: raw.confidence,
                must: raw.must.into_iter().map(|[t, s, o]| (t, s, o)).collect(),
                must_not: raw.must_not,
            });
        }
        Ok(())
    }

    /// Every trigger lemma.
    pub fn triggers(&self) -> std::collections::HashSet<String> {
        self.rules.iter().flat_map(|r| r.lemmas.iter().cloned()).collect()
    }

    /// The lemmas of the rules that may take an argument from the scene:
    /// a sentence holding one of them needs only one mention to be parsed.
    pub fn scene_triggers(&self) -> std::collections::HashSet<String> {
        self.rules
            .iter()
            .filter(|r| {
                r.subject
                    .iter()
                    .chain(&r.object)
                    .flatten()
                    .any(|h| h.step == Step::Scene)
            })
            .flat_map(|r| r.lemmas.iter().cloned())
            .collect()
    }

    /// The rule `id`.
    pub fn get(&self, id: RuleId) -> &Rule {
        &self.rules[id.0 as usize]
    }
}

/// A path: hops joined by `/`, as `agent`, `prep:de`, `prep:à[main]/prep:de`.
fn path(text: &str) -> Result<Vec<Hop>, String> {
    text.split('/').map(hop).collect()
}

fn hop(text: &str) -> Result<Hop, String> {
    let (name, lemmas) = match text.split_once('[') {
        Some((name, rest)) => {
            let list = rest
                .strip_suffix(']')
                .ok_or_else(|| format!("unclosed [ in {text:?}"))?;
            (name, list.split('|').map(str::to_string).collect())
        }
        None => (text, Vec::new()),
    };
    let step = match name {
        "agent" => Step::Agent,
        "patient" => Step::Patient,
        "head" => Step::Head,
        "self" => Step::Itself,
        "scene" => Step::Scene,
        "taker" => Step::Taker,
        _ => {
            if let Some(label) = name.strip_prefix("dep:") {
                Step::Dep(label.to_string())
            } else if let Some(prep) = name.strip_prefix("prep:").filter(|p| !p.is_empty()) {
                Step::Prep(prep.to_string())
            } else {
                return Err(format!(
                    "unknown step {text:?} (agent, patient, head, self, scene, taker, prep:X, dep:LABEL, each with an optional [lemma|lemma])"
                ));
            }
        }
    };
    Ok(Hop { step, lemmas })
}

fn guard(text: &str) -> Option<Guard> {
    Some(match text {
        "purpose" => Guard::Purpose,
        "modal" => Guard::Modal,
        "infinitive" => Guard::Infinitive,
        "mood" => Guard::Mood,
        "negation" => Guard::Negation,
        "condition" => Guard::Condition,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_load() {
        assert!(Rules::builtin().rules.len() > 5);
    }

    #[test]
    fn every_rule_file_is_built_in() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rules");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| format!("data/rules/{}", e.unwrap().file_name().to_string_lossy()))
            .filter(|f| f.ends_with(".toml"))
            .collect();
        files.sort();
        let mut built: Vec<String> = BUILTIN.iter().map(|(f, _)| f.to_string()).collect();
        built.sort();
        assert_eq!(files, built, "every file of data/rules/ is listed in BUILTIN");
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let mut rules = Rules::default();
        let bad = "[[rule]]\nid = \"x\"\npredicate = \"captured\"\nlemmas = [\"prendre\"]\nsubject = [\"agent\"]\nobject = [\"objet\"]\nconfidence = 0.9\n";
        let e = rules.add("bad.toml", bad).unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("bad.toml", 6));
        assert!(e.why.contains("unknown step"), "{e}");
        let unknown_key = bad.replace("confidence", "confiance");
        let e = rules.add("bad.toml", &unknown_key).unwrap_err();
        assert_eq!(e.line, 7, "{e}");
        let predicate = bad
            .replace("\"captured\"", "\"took\"")
            .replace("objet", "patient");
        let e = rules.add("bad.toml", &predicate).unwrap_err();
        assert_eq!(e.line, 3, "{e}");
    }

    #[test]
    fn paths_parse() {
        assert_eq!(
            path("prep:à[main]/prep:de").unwrap(),
            vec![
                Hop {
                    step: Step::Prep("à".into()),
                    lemmas: vec!["main".into()]
                },
                Hop {
                    step: Step::Prep("de".into()),
                    lemmas: vec![]
                }
            ]
        );
    }
}
