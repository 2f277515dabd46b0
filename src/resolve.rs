//! An **entity** is one real-world actor, place, person or operation, with
//! one IRI however the article spells it.
//!
//! Stage 5 of the pipeline. Known names resolve to their gazetteer entry;
//! names nobody listed resolve by their [`name_key`], which erases
//! transliteration noise, so that Qayyara and Qayyarah, or the same unknown
//! village in two articles, get one IRI that stays the same from run to run.
//! An operation delimited by its target (« l'offensive sur Bashiqa ») is keyed
//! by that target. Descriptions that refer back (« les jihadistes ») resolve
//! to the entity of their class that dominates the article, and to nothing
//! when two candidates compete.

use crate::fold::name_key;
use crate::gazetteer::Gazetteer;
use crate::mentions::{Mention, Reference};
use crate::model::Class;
use crate::vocab;
use std::collections::{BTreeSet, HashMap};

/// An entity of one document.
#[derive(Clone, Debug)]
pub struct Entity {
    /// Stable IRI.
    pub iri: String,
    /// Contract class.
    pub class: Class,
    /// Finer kind.
    pub kind: String,
    /// Preferred name.
    pub label: String,
    /// Every surface form the document uses for it.
    pub surfaces: BTreeSet<String>,
    /// Gazetteer entry, when known.
    pub known: Option<usize>,
    /// How many times it is named (descriptions not counted).
    pub named: usize,
    /// Resolution key of unknown names.
    pub key: String,
}

/// The entities of a document and which mention refers to which.
#[derive(Clone, Debug, Default)]
pub struct Resolution {
    /// The entities, in order of first mention.
    pub entities: Vec<Entity>,
    /// For each mention, its entity (`None`: an unresolved description).
    pub of_mention: Vec<Option<usize>>,
}

/// The key prefix of an operation the article describes without naming
/// it (« l'offensive »): see [`resolve`].
pub const ANONYMOUS: &str = "op-anon:";

/// FNV-1a, a hash that stays the same from run to run and release to
/// release, for IRIs that must be unique to one article.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Surface form of a mention without its leading determiner.
fn surface(text: &str) -> String {
    let t = text.trim();
    for a in ["l'", "l’", "L'", "L’"] {
        if let Some(rest) = t.strip_prefix(a) {
            return rest.to_string();
        }
    }
    t.to_string()
}

/// A readable IRI tail from a key.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in crate::fold::fold_str(s).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

/// Resolves a document's mentions to entities.
pub fn resolve(text: &str, mentions: &[Mention], gazetteer: &Gazetteer) -> Resolution {
    let mut entities: Vec<Entity> = Vec::new();
    let mut by_iri: HashMap<String, usize> = HashMap::new();
    let mut of_mention = vec![None; mentions.len()];

    let mut intern = |entities: &mut Vec<Entity>, e: Entity| -> usize {
        if let Some(&i) = by_iri.get(&e.iri) {
            let x: &mut Entity = &mut entities[i];
            x.surfaces.extend(e.surfaces);
            x.named += e.named;
            // The shortest name an unknown entity is written under is the
            // least decorated one.
            if x.known.is_none() && e.label.len() < x.label.len() {
                x.label = e.label;
            }
            return i;
        }
        by_iri.insert(e.iri.clone(), entities.len());
        entities.push(e);
        entities.len() - 1
    };

    let known = |i: usize, surface: String| -> Entity {
        let entry = gazetteer.entry(i);
        Entity {
            iri: format!("{}{}", vocab::ID, entry.id),
            class: entry.class,
            kind: entry.kind.clone(),
            label: entry.label.clone(),
            surfaces: BTreeSet::from([surface]),
            known: Some(i),
            named: 1,
            key: gazetteer.label_key(i).to_string(),
        }
    };

    // Names first, then operations (they need their target's entity).
    for (m, mention) in mentions.iter().enumerate() {
        let written = surface(&text[mention.span.clone()]);
        let entity = match &mention.reference {
            Reference::Known(i) => known(*i, written),
            Reference::Named { class, kind, name } => {
                let key = name_key(name);
                match gazetteer.by_key(&key) {
                    Some(i) if gazetteer.entry(i).class == *class => known(i, written),
                    _ => Entity {
                        iri: format!("{}{}/{}", vocab::ID, class.name().to_lowercase(), slug(&key)),
                        class: *class,
                        kind: kind.to_string(),
                        label: name.clone(),
                        surfaces: BTreeSet::from([written]),
                        known: None,
                        named: 1,
                        key,
                    },
                }
            }
            _ => continue,
        };
        of_mention[m] = Some(intern(&mut entities, entity));
    }
    for (m, mention) in mentions.iter().enumerate() {
        if let Reference::Operation { target } = &mention.reference {
            let Some(t) = of_mention[*target] else { continue };
            // A battle the gazetteer knows under this place's name:
            // « l'offensive sur Mossoul » is the battle of Mosul.
            let known_battle = entities[t].known.and_then(|p| {
                let place = &gazetteer.entry(p).label;
                ["bataille de", "offensive sur", "bataille d'", "offensive de"]
                    .iter()
                    .find_map(|form| gazetteer.by_key(&name_key(&format!("{form} {place}"))))
                    .filter(|&i| gazetteer.entry(i).class == Class::Operation)
            });
            if let Some(b) = known_battle {
                let written = surface(&text[mention.span.clone()]);
                of_mention[m] = Some(intern(&mut entities, known(b, written)));
                continue;
            }
            let target_iri = entities[t].iri.clone();
            let tail = target_iri.rsplit('/').next().unwrap_or_default().to_string();
            let written = surface(&text[mention.span.clone()]);
            let e = Entity {
                iri: format!("{}operation/{}", vocab::ID, tail),
                class: Class::Operation,
                kind: "operation".into(),
                label: written.clone(),
                surfaces: BTreeSet::from([written]),
                known: None,
                named: 1,
                key: format!("op:{tail}"),
            };
            of_mention[m] = Some(intern(&mut entities, e));
        }
    }

    // « L'opération », « cette offensive »: the operation last named with
    // the same noun, else the last one named in the three sentences before.
    let mut order: Vec<usize> = (0..mentions.len()).collect();
    order.sort_by_key(|&m| mentions[m].span.start);
    let mut last_by_noun: HashMap<&'static str, usize> = HashMap::new();
    let mut last_any: Option<(usize, usize)> = None; // entity, sentence
    for &m in &order {
        let mention = &mentions[m];
        let is_op_description =
            matches!(&mention.reference, Reference::Description(d) if d.class == Class::Operation);
        // The noun is only asked of operations: folding every mention's
        // words to find it was 1% of the run.
        let operation = is_op_description
            || matches!(mention.reference, Reference::Introduced { .. })
            || of_mention[m].is_some_and(|e| entities[e].class == Class::Operation);
        let noun = if operation {
            operation_noun(&text[mention.span.clone()])
        } else {
            None
        };
        if let Reference::Introduced { phrase_end } = mention.reference {
            // « une offensive d'un mois »: a new operation, named by its
            // whole noun phrase, which later descriptions refer back to.
            let head = text[mention.span.clone()].trim().to_string();
            let phrase = surface(&text[mention.span.start..phrase_end]);
            // Unless the article names it further on with the definite
            // article and the same noun (« une offensive d'un mois …
            // L'offensive pour reprendre Hit »): that is the one.
            let named_later = order
                .iter()
                .map(|&n| (n, &mentions[n]))
                .filter(|(_, next)| next.span.start > mention.span.start)
                .take_while(|(_, next)| !matches!(next.reference, Reference::Introduced { .. }))
                .find(|(n, next)| {
                    of_mention[*n].is_some_and(|e| entities[e].class == Class::Operation)
                        && noun.is_some()
                        && operation_noun(&text[next.span.clone()]) == noun
                })
                .and_then(|(n, _)| of_mention[n]);
            if let Some(e) = named_later {
                entities[e].surfaces.extend([head, phrase]);
                of_mention[m] = Some(e);
                last_by_noun.insert(noun.expect("checked"), e);
                last_any = Some((e, mention.sentence));
                continue;
            }
            let tail = format!("anon-{:08x}-{}", fnv(text) as u32, mention.span.start);
            // « une campagne de reconquête de la province pour la libérer
            // »: the noun phrase is written also without its purpose.
            let mut surfaces = BTreeSet::from([head]);
            if let Some(cut) = phrase.find(" pour ").or_else(|| phrase.find(" afin ")) {
                surfaces.insert(phrase[..cut].to_string());
            }
            surfaces.insert(phrase.clone());
            entities.push(Entity {
                iri: format!("{}operation/{}", vocab::ID, tail),
                class: Class::Operation,
                kind: "operation".into(),
                label: phrase.clone(),
                surfaces,
                known: None,
                named: 0,
                key: format!("{ANONYMOUS}{tail}"),
            });
            of_mention[m] = Some(entities.len() - 1);
        }
        // « la deuxième bataille » is another one than « la bataille » named
        // before: an ordinal never refers back, unless the sentence says it
        // is the one it speaks of (« C'est la deuxième bataille lancée pour
        // prendre cette ville »).
        if is_op_description
            && (ordinal(&text[mention.span.clone()]).is_none() || identified(text, mention.span.start))
        {
            let chosen = noun.and_then(|n| last_by_noun.get(n).copied()).or_else(|| {
                last_any
                    .filter(|&(_, s)| s + 3 >= mention.sentence)
                    .map(|(e, _)| e)
            });
            if let Some(e) = chosen {
                entities[e]
                    .surfaces
                    .insert(text[mention.span.clone()].trim().to_string());
                of_mention[m] = Some(e);
            }
        }
        if let Some(e) = of_mention[m].filter(|&e| entities[e].class == Class::Operation) {
            if let Some(n) = noun {
                last_by_noun.insert(n, e);
            }
            // A siege is the besiegers' doing; « l'opération » after « le
            // siège d'Amerli » is as often the one that broke it, so a
            // siege is no antecedent for another noun.
            if !is_siege(&text[mention.span.clone()]) {
                last_any = Some((e, mention.sentence));
            }
        }
    }

    // Other descriptions: to the dominant entity of their class, else
    // nothing.
    for (m, mention) in mentions.iter().enumerate() {
        let Reference::Description(described) = &mention.reference else {
            continue;
        };
        if of_mention[m].is_some() {
            continue;
        }
        let (class, kind) = (&described.class, &described.kind);
        // A siege is not what « l'opération » refers back to (see above).
        let fits = |e: &Entity| {
            e.class == *class
                && !(e.class == Class::Operation
                    && !e.surfaces.is_empty()
                    && e.surfaces.iter().all(|s| is_siege(s)))
                && match kind.as_deref() {
                    None => true,
                    Some("city") => crate::mentions::is_settlement(&e.kind),
                    // « les forces gouvernementales »: the state's army or
                    // its forces as a whole.
                    Some("state_forces") => matches!(e.kind.as_str(), "forces" | "army"),
                    Some(k) => e.kind == k,
                }
        };
        let mut candidates: Vec<(usize, usize)> = entities
            .iter()
            .enumerate()
            .filter(|(_, e)| fits(e))
            .map(|(i, e)| (e.named, i))
            .collect();
        candidates.sort_by(|a, b| b.cmp(a));
        let chosen = match candidates.as_slice() {
            [] => described
                .default
                .as_deref()
                .and_then(|d| default_entry(d, &entities, gazetteer))
                .map(|i| add_known(&mut entities, i, gazetteer)),
            [(_, i)] => Some(*i),
            [(top, i), (second, _), ..] if *top >= 2 * *second && *top > *second => Some(*i),
            // « … de Baïji, au terme d'une offensive pour reprendre la
            // ville »: with several candidates, the one named last before
            // it in the same sentence (not a dispatch's dateline, « DAMAS, »).
            _ => mentions
                .iter()
                .enumerate()
                .filter(|(_, n)| {
                    n.sentence == mention.sentence
                        && n.span.end <= mention.span.start
                        && text[n.span.clone()].chars().any(char::is_lowercase)
                })
                .filter_map(|(n, next)| of_mention[n].map(|e| (next.span.start, e)))
                .filter(|&(_, e)| fits(&entities[e]))
                .max_by_key(|&(start, _)| start)
                .map(|(_, e)| e)
                // Else the nearest sentence before that names a place of its
                // kind: its only one, or the one the article names most among its
                // (« … avoir repris Baïji … Les jihadistes tiennent des
                // quartiers de la ville »).
                // Places only: « les jihadistes » after « le Front al-Nosra
                // avance » is as likely the group the article is about.
                .or_else(|| {
                    (*class == Class::Place)
                        .then(|| recent(mention.sentence, mentions, text, &of_mention, &entities, &fits))
                        .flatten()
                })
                // Else the one the description means by default in the
                // article's country, if it is among them (« l'armée » in
                // an article about Iraq that also names the Revolutionary
                // Guards is the Iraqi army).
                .or_else(|| {
                    let default = described.default.as_deref()?;
                    let entry = default_entry(default, &entities, gazetteer)?;
                    candidates
                        .iter()
                        .map(|&(_, i)| i)
                        .find(|&i| entities[i].known == Some(entry))
                }),
        };
        if let Some(i) = chosen {
            entities[i]
                .surfaces
                .insert(text[mention.span.clone()].trim().to_string());
            of_mention[m] = Some(i);
        }
    }
    // « la raffinerie », « l'importante raffinerie de pétrole près de Baiji
    // » with no refinery named before: the site of the town the sentence
    // names, or the sentences before, when the gazetteer lists it under that
    // town's name (« raffinerie de Baïji »).
    for (m, mention) in mentions.iter().enumerate() {
        let Reference::Description(described) = &mention.reference else {
            continue;
        };
        if of_mention[m].is_some()
            || described.class != Class::Place
            || described.kind.as_deref() == Some("city")
        {
            continue;
        }
        let town = |e: &Entity| crate::mentions::is_settlement(&e.kind);
        let in_sentence = mentions
            .iter()
            .enumerate()
            .filter(|(_, n)| n.sentence == mention.sentence)
            .filter_map(|(n, _)| of_mention[n])
            .find(|&e| town(&entities[e]));
        let Some(t) =
            in_sentence.or_else(|| recent(mention.sentence, mentions, text, &of_mention, &entities, &town))
        else {
            continue;
        };
        let written = text[mention.span.clone()].trim();
        let noun = written.rsplit(' ').next().unwrap_or(written);
        let site = gazetteer
            .by_key(&name_key(&format!("{noun} de {}", entities[t].label)))
            .filter(|&i| gazetteer.entry(i).class == Class::Place);
        if let Some(i) = site {
            // Described, not named: it does not count as a name.
            let e = intern(
                &mut entities,
                Entity {
                    named: 0,
                    ..known(i, written.to_string())
                },
            );
            of_mention[m] = Some(e);
        }
    }
    // An operation the article describes without naming it, nor any other
    // it could refer back to (« trois jours après le lancement de
    // l'offensive »): an operation of its own, which later descriptions with
    // the same noun refer back to. The extract stage drops it again if
    // nothing is said about it. Not « l'assaut », which the press writes for
    // an attack as often as for an operation.
    let mut anonymous: HashMap<(&'static str, Option<&'static str>), usize> = HashMap::new();
    for &m in &order {
        let mention = &mentions[m];
        let is_op_description =
            matches!(&mention.reference, Reference::Description(d) if d.class == Class::Operation);
        if !is_op_description || of_mention[m].is_some() {
            continue;
        }
        let written = text[mention.span.clone()].trim().to_string();
        let Some(noun) = operation_noun(&written).filter(|&n| n != "assaut") else {
            continue;
        };
        let e = *anonymous
            .entry((
                noun,
                ordinal(&written).filter(|_| !identified(text, mention.span.start)),
            ))
            .or_insert_with(|| {
                let tail = format!("anon-{:08x}-{}", fnv(text) as u32, mention.span.start);
                entities.push(Entity {
                    iri: format!("{}operation/{}", vocab::ID, tail),
                    class: Class::Operation,
                    kind: "operation".into(),
                    label: surface(&written),
                    surfaces: BTreeSet::new(),
                    known: None,
                    named: 0,
                    key: format!("{ANONYMOUS}{tail}"),
                });
                entities.len() - 1
            });
        // « l'offensive de l'armée syrienne » is written whole.
        let owner = mentions.iter().enumerate().find(|(n, next)| {
            next.span.start >= mention.span.end
                && of_mention[*n].is_some_and(|x| entities[x].class.is_armed())
                && {
                    let between = crate::fold::fold_str(&text[mention.span.end..next.span.start]);
                    matches!(between.trim(), "de" | "de la" | "de l'" | "du" | "des" | "d'")
                }
        });
        if let Some((_, next)) = owner {
            entities[e]
                .surfaces
                .insert(text[mention.span.start..next.span.end].trim().to_string());
        }
        entities[e].surfaces.insert(written);
        of_mention[m] = Some(e);
    }
    Resolution { entities, of_mention }
}

/// How many sentences back a description looks for the entity it refers
/// to when the article has no dominant one: the press repeats the name
/// within a paragraph, and further back the paragraph has moved on.
const LOOK_BACK: usize = 2;

/// The entity that `fits` in the nearest sentence before sentence `at`
/// (at most [`LOOK_BACK`] back) that names one: of several, the one the
/// sentence is most about (see below). What a description refers
/// back to, and the scene of a sentence that does not say where it happens.
/// Datelines (« BAGDAD, ») are not antecedents.
pub fn recent(
    at: usize,
    mentions: &[Mention],
    text: &str,
    of_mention: &[Option<usize>],
    entities: &[Entity],
    fits: &dyn Fn(&Entity) -> bool,
) -> Option<usize> {
    (1..=LOOK_BACK.min(at)).find_map(|back| {
        let sentence = at - back;
        let named: Vec<(usize, &Mention)> = mentions
            .iter()
            .enumerate()
            .filter(|(_, n)| n.sentence == sentence)
            .filter(|(_, n)| text[n.span.clone()].chars().any(char::is_lowercase))
            .filter_map(|(n, mention)| of_mention[n].map(|e| (e, mention)))
            .filter(|&(e, _)| fits(&entities[e]))
            .collect();
        // As centering ranks what a sentence is about: a subject or object,
        // which no preposition introduces, before an oblique (« Située au
        // nord de Bagdad, Baïji est … », « La ville de Mayadine, située à
        // 45 km de Deir Ezzor, … »), then the first named (« sont entrées
        // dans Tikrit, au nord de Samarra »).
        let first = |bare: bool| {
            named
                .iter()
                .find(|(_, n)| !bare || !crate::mentions::introduced(text, n.span.start))
                .map(|&(e, _)| e)
        };
        (!named.is_empty()).then(|| first(true).or_else(|| first(false)))
    })?
}

/// The outlet that published an article, from its byline or its `source`
/// field (« Par Euronews », « Par Jean Dupont avec AFP »), as an entity of
/// the document when the gazetteer knows it: the article's own voice is
/// that outlet's.
pub fn outlet(name: &str, resolution: &mut Resolution, gazetteer: &Gazetteer) -> Option<usize> {
    let hit = gazetteer
        .find(name, &crate::fold::fold(name))
        .into_iter()
        .find(|h| gazetteer.entry(h.entry).class == Class::Organization)?;
    let i = resolution.known_entity(hit.entry, gazetteer);
    resolution.entities[i].surfaces.insert(name[hit.span].to_string());
    Some(i)
}

impl Resolution {
    /// The entity of gazetteer entry `entry`, added to the document if it
    /// has none yet: for what a text names inside another name (« la
    /// bataille de Mossoul »), by an adjective (« irakien »), in a byline,
    /// or through a description's default. It is not counted as named.
    pub fn known_entity(&mut self, entry: usize, gazetteer: &Gazetteer) -> usize {
        add_known(&mut self.entities, entry, gazetteer)
    }
}

fn add_known(entities: &mut Vec<Entity>, entry: usize, gazetteer: &Gazetteer) -> usize {
    let g = gazetteer.entry(entry);
    let iri = format!("{}{}", vocab::ID, g.id);
    if let Some(i) = entities.iter().position(|e| e.iri == iri) {
        return i;
    }
    entities.push(Entity {
        iri,
        class: g.class,
        kind: g.kind.clone(),
        label: g.label.clone(),
        surfaces: BTreeSet::new(),
        known: Some(entry),
        named: 0,
        key: gazetteer.label_key(entry).to_string(),
    });
    entities.len() - 1
}

/// The noun an operation is written with: « opération », « offensive »,
/// « bataille », « assaut », « campagne ».
fn operation_noun(surface: &str) -> Option<&'static str> {
    let f = crate::fold::fold_str(surface);
    ["operation", "offensive", "bataille", "assaut", "campagne"]
        .into_iter()
        .find(|n| f.split(|c: char| !c.is_alphanumeric()).take(3).any(|w| w == *n))
}

/// Whether an operation is written as a siege (« le siège d'Amerli », « le
/// blocus de Deir ez-Zor »).
fn is_siege(surface: &str) -> bool {
    let f = crate::fold::fold_str(surface);
    f.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(2)
        .any(|w| matches!(w, "siege" | "blocus" | "encerclement"))
}

/// The ordinal an operation is written with (« la première bataille »,
/// « la deuxième offensive »), folded.
/// Whether the phrase at `start` is the predicate of « c'est », « il
/// s'agit de »: it names what the article is speaking of.
fn identified(text: &str, start: usize) -> bool {
    let mut from = start.saturating_sub(24);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let before = crate::fold::fold_str(&text[from..start]);
    let before = before.trim_end();
    ["c'est", "c'etait", "il s'agit de", "il s'agissait de"]
        .iter()
        .any(|p| before.ends_with(p))
}

fn ordinal(surface: &str) -> Option<&'static str> {
    let f = crate::fold::fold_str(surface);
    ["premiere", "deuxieme", "seconde", "troisieme", "quatrieme"]
        .into_iter()
        .find(|n| f.split(|c: char| !c.is_alphanumeric()).take(3).any(|w| w == *n))
}

/// The entry a description's default names: the one id, or among
/// `id@country` alternatives the one of the country the article's places lie
/// in most.
fn default_entry(default: &str, entities: &[Entity], gazetteer: &Gazetteer) -> Option<usize> {
    if !default.contains('@') {
        return gazetteer.index_of(default);
    }
    let mut weight: HashMap<usize, usize> = HashMap::new();
    for e in entities {
        if let Some(c) = e
            .known
            .filter(|_| e.class == Class::Place)
            .and_then(|k| gazetteer.country_of(k))
        {
            *weight.entry(c).or_default() += e.named;
        }
    }
    let (country, _) = weight
        .into_iter()
        .max_by_key(|&(c, w)| (w, std::cmp::Reverse(c)))?;
    let country_id = &gazetteer.entry(country).id;
    default.split('|').find_map(|alt| {
        let (id, c) = alt.split_once('@')?;
        (c == country_id).then(|| gazetteer.index_of(id)).flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{mentions, sentences};

    fn resolve_text(text: &str) -> Resolution {
        let g = Gazetteer::builtin();
        let s = sentences::split(text);
        let m = mentions::find(text, &s, g);
        resolve(text, &m, g)
    }

    #[test]
    fn spellings_are_one_entity() {
        let r = resolve_text("Daech a perdu Qayyara. Daesh a quitté Qayyarah. L'EI recule.");
        let iris: BTreeSet<&str> = r.entities.iter().map(|e| e.iri.as_str()).collect();
        assert_eq!(iris.len(), 2, "{iris:?}");
    }

    #[test]
    fn description_needs_a_single_candidate() {
        let one = resolve_text("Daech recule. Les jihadistes fuient.");
        assert!(one.of_mention.iter().all(Option::is_some));
        let two = resolve_text("Daech recule. Le Front al-Nosra avance. Les jihadistes fuient.");
        assert!(two.of_mention.iter().any(Option::is_none));
    }
}
