//! **Statistics**: the corpus-wide tallies that whole-corpus questions
//! read, kept in a graph of their own and brought up to date by every
//! ingest that changed the store.
//!
//! Why: a question over the whole corpus (which facts do several documents
//! assert? who claims how much?) otherwise reads every fact of the store on
//! every asking: some two million at 100,000 articles, a few seconds each
//! time in Oxigraph. The tallies hold one node per distinct relation and one
//! per claimant, a few thousand nodes, so those questions read a few
//! thousand quads instead. The tallies are derived data: SPARQL computes
//! them from the documents' graphs (so anyone can check them), and what
//! an ingest counts must always equal what SPARQL would compute.
//!
//! What they hold:
//! - a [`Tally`](crate::vocab::TALLY) per distinct `subject predicate
//!   object` stated in documents' graphs: how many documents state it, the
//!   first and last publication dates among them, and which cited sources
//!   or speakers (other than the articles themselves) claim it;
//! - a [`SourceTally`](crate::vocab::SOURCE_TALLY) per claimant, the articles'
//!   own voice being one claimant ([`OWN_VOICE`](crate::vocab::OWN_VOICE)):
//!   how many facts, in how many documents, of which predicates.
//!
//! Three ways to the same tallies. A [`Counter`] counts the documents as
//! they stream in: into a store that held none, its quads are loaded with
//! them, so that a large first load pays nothing for its tallies (asking a
//! freshly loaded store of 100,000 articles, before it is compacted, took
//! minutes); into one that held some, [`add`] folds them into the stored
//! tallies. [`refresh`] recomputes everything from the store, after an
//! ingest that replaced stored documents (whose old share cannot be taken
//! back out) and for `trame tally`. `tests/statistics.rs` checks that the
//! three agree.

use crate::error::{Error, Result};
use crate::model::Predicate;
use crate::store::Store;
use crate::triples::content_hash;
use crate::vocab;
use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Where the tallies of nodes live: `https://w3id.org/trame/tally/` and a
/// hash of what they count, so the same relation keeps its IRI from one
/// computation to the next.
pub const TALLY_NS: &str = "https://w3id.org/trame/tally/";

/// Recomputes the statistics graph from the documents' graphs.
pub fn refresh(store: &Store) -> Result<()> {
    run_update(store, &update())?;
    // Which predicates the articles state in their own voice: one cheap ASK
    // per predicate (each stops at its first match), where one query over
    // all of them would join every fact with its claimant.
    for p in Predicate::ALL {
        let ask = format!(
            "ASK {{ GRAPH ?g {{ ?f <{RDF}predicate> <{p}> ; <{claimed}> ?g }} }}",
            p = p.iri().as_str(),
            claimed = vocab::CLAIMED_BY.as_str(),
        );
        if matches!(store.query(&ask)?, QueryResults::Boolean(true)) {
            run_update(
                store,
                &format!(
                    "INSERT {{ GRAPH <{g}> {{ ?t <{cp}> <{p}> }} }} WHERE {{ GRAPH <{g}> {{ ?t <{claimant}> <{own}> }} }}",
                    g = vocab::STATISTICS_GRAPH.as_str(),
                    cp = vocab::CLAIMED_PREDICATE.as_str(),
                    p = p.iri().as_str(),
                    claimant = vocab::CLAIMANT.as_str(),
                    own = vocab::OWN_VOICE.as_str(),
                ),
            )?;
        }
    }
    Ok(())
}

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

/// The tallies of documents counted one by one, as they are loaded.
#[derive(Debug, Default)]
pub struct Counter {
    /// Per relation (subject, predicate, object).
    relations: HashMap<(String, String, String), Relation>,
    /// Per claimant: facts, documents, predicates.
    sources: HashMap<String, (u64, u64, BTreeSet<String>)>,
}

/// What the tallies say of one relation.
#[derive(Debug, Default)]
struct Relation {
    documents: u64,
    /// Earliest and latest publication dates (`xsd:date`, so they compare
    /// as text) of the dated documents stating it.
    reported: Option<(String, String)>,
    cited: BTreeSet<String>,
}

impl Relation {
    fn reported_on(&mut self, date: &str) {
        match &mut self.reported {
            None => self.reported = Some((date.to_string(), date.to_string())),
            Some((first, last)) => {
                if date < first.as_str() {
                    *first = date.to_string();
                }
                if date > last.as_str() {
                    *last = date.to_string();
                }
            }
        }
    }
}

impl Counter {
    /// One document's graph counted.
    pub fn of(quads: &[Quad]) -> Counter {
        let mut c = Counter::default();
        c.add(quads);
        c
    }

    /// Adds the counts of `other` (another document's, say).
    pub fn merge(&mut self, other: Counter) {
        for (key, theirs) in other.relations {
            let mine = self.relations.entry(key).or_default();
            mine.documents += theirs.documents;
            if let Some((first, last)) = theirs.reported {
                mine.reported_on(&first);
                mine.reported_on(&last);
            }
            mine.cited.extend(theirs.cited);
        }
        for (key, (facts, documents, predicates)) in other.sources {
            let mine = self.sources.entry(key).or_default();
            mine.0 += facts;
            mine.1 += documents;
            mine.2.extend(predicates);
        }
    }

    /// Counts one document's graph.
    pub fn add(&mut self, quads: &[Quad]) {
        let Some(GraphName::NamedNode(graph)) = quads.first().map(|q| &q.graph_name) else {
            return;
        };
        let mut stated: BTreeSet<(&str, &str, &str)> = BTreeSet::new();
        // fact node -> (subject, predicate, object, claimant)
        let mut facts: BTreeMap<&str, [Option<&str>; 4]> = BTreeMap::new();
        let mut issued: Option<&str> = None;
        for q in quads {
            if let (NamedOrBlankNode::NamedNode(s), Term::Literal(l)) = (&q.subject, &q.object) {
                if q.predicate == vocab::DCT_ISSUED && s == graph && l.datatype() == xsd::DATE {
                    issued = Some(l.value());
                }
                continue;
            }
            let (NamedOrBlankNode::NamedNode(s), Term::NamedNode(o)) = (&q.subject, &q.object) else {
                continue;
            };
            let slot = match q.predicate.as_str() {
                p if p == vocab::RDF_SUBJECT.as_str() => 0,
                p if p == vocab::RDF_PREDICATE.as_str() => 1,
                p if p == vocab::RDF_OBJECT.as_str() => 2,
                p if p == vocab::CLAIMED_BY.as_str() => 3,
                _ => {
                    if Predicate::from_iri(q.predicate.as_ref()).is_some() {
                        stated.insert((s.as_str(), q.predicate.as_str(), o.as_str()));
                    }
                    continue;
                }
            };
            facts.entry(s.as_str()).or_default()[slot] = Some(o.as_str());
        }
        for (s, p, o) in stated {
            let relation = self
                .relations
                .entry((s.to_string(), p.to_string(), o.to_string()))
                .or_default();
            relation.documents += 1;
            if let Some(date) = issued {
                relation.reported_on(date);
            }
        }
        let mut claimants: BTreeSet<&str> = BTreeSet::new();
        for [s, p, o, c] in facts.into_values() {
            let (Some(s), Some(p), Some(o), Some(c)) = (s, p, o, c) else {
                continue;
            };
            let own = c == graph.as_str();
            let claimant = if own { vocab::OWN_VOICE.as_str() } else { c };
            let source = self.sources.entry(claimant.to_string()).or_default();
            source.0 += 1;
            source.2.insert(p.to_string());
            claimants.insert(claimant);
            if !own {
                self.relations
                    .entry((s.to_string(), p.to_string(), o.to_string()))
                    .or_default()
                    .cited
                    .insert(c.to_string());
            }
        }
        for c in claimants {
            self.sources.entry(c.to_string()).or_default().1 += 1;
        }
    }

    /// The statistics graph: the same quads [`refresh`] writes.
    pub fn quads(&self) -> Vec<Quad> {
        let g = GraphName::NamedNode(vocab::STATISTICS_GRAPH.into_owned());
        let mut out = Vec::new();
        let mut add = |s: &NamedNode, p: oxigraph::model::NamedNodeRef<'_>, o: Term| {
            out.push(Quad::new(s.clone(), p.into_owned(), o, g.clone()));
        };
        let iri = |s: &str| NamedNode::new_unchecked(s);
        let integer = |n: u64| Term::from(Literal::new_typed_literal(n.to_string(), xsd::INTEGER));
        let date = |d: &str| Term::from(Literal::new_typed_literal(d, xsd::DATE));
        for ((s, p, o), relation) in &self.relations {
            let t = iri(&relation_tally(s, p, o));
            if relation.documents > 0 {
                add(&t, vocab::RDF_TYPE, vocab::TALLY.into_owned().into());
                add(&t, vocab::TALLY_SUBJECT, iri(s).into());
                add(&t, vocab::TALLY_PREDICATE, iri(p).into());
                add(&t, vocab::TALLY_OBJECT, iri(o).into());
                add(&t, vocab::DOCUMENT_COUNT, integer(relation.documents));
                if let Some((first, last)) = &relation.reported {
                    add(&t, vocab::FIRST_REPORTED, date(first));
                    add(&t, vocab::LAST_REPORTED, date(last));
                }
            }
            for c in &relation.cited {
                add(&t, vocab::CITED_CLAIMANT, iri(c).into());
            }
        }
        for (c, (facts, documents, predicates)) in &self.sources {
            let t = iri(&source_tally(c));
            add(&t, vocab::RDF_TYPE, vocab::SOURCE_TALLY.into_owned().into());
            add(&t, vocab::CLAIMANT, iri(c).into());
            add(&t, vocab::FACT_COUNT, integer(*facts));
            add(&t, vocab::DOCUMENT_COUNT, integer(*documents));
            for p in predicates {
                add(&t, vocab::CLAIMED_PREDICATE, iri(p).into());
            }
        }
        out
    }
}

/// Adds to the stored tallies the counts of documents that were not in the
/// store before this load, in one transaction: a few hundred lookups for a
/// small ingest into a large store, where [`refresh`] reads every fact of
/// it again (seconds at 100,000 articles). Only for new documents: a
/// replaced document's old share cannot be taken back out, since first and
/// last dates and cited sources are not kept per document.
pub fn add(store: &Store, mut counted: Counter) -> Result<()> {
    let stats = oxigraph::model::GraphNameRef::NamedNode(vocab::STATISTICS_GRAPH);
    let mut transaction = store.oxigraph().start_transaction()?;
    // The stored values each tally's are replaced by: what the tally
    // counted before this load, folded into this load's counts.
    let mut stale: Vec<Quad> = Vec::new();
    {
        let mut stored = |t: &NamedNode, p: oxigraph::model::NamedNodeRef<'_>| -> Result<Option<String>> {
            let Some(q) = transaction
                .quads_for_pattern(Some(t.as_ref().into()), Some(p), None, Some(stats))
                .next()
            else {
                return Ok(None);
            };
            let q = q?;
            let value = match &q.object {
                Term::Literal(l) => Some(l.value().to_string()),
                _ => None,
            };
            stale.push(q);
            Ok(value)
        };
        let number = |v: Option<String>| v.and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
        for ((s, p, o), relation) in &mut counted.relations {
            let t = NamedNode::new_unchecked(relation_tally(s, p, o));
            relation.documents += number(stored(&t, vocab::DOCUMENT_COUNT)?);
            for date in [
                stored(&t, vocab::FIRST_REPORTED)?,
                stored(&t, vocab::LAST_REPORTED)?,
            ]
            .into_iter()
            .flatten()
            {
                relation.reported_on(&date);
            }
        }
        for (c, (facts, documents, _)) in &mut counted.sources {
            let t = NamedNode::new_unchecked(source_tally(c));
            *facts += number(stored(&t, vocab::FACT_COUNT)?);
            *documents += number(stored(&t, vocab::DOCUMENT_COUNT)?);
        }
    }
    for q in &stale {
        transaction.remove(q);
    }
    transaction.extend(&counted.quads());
    transaction.commit()?;
    Ok(())
}

/// The IRI of the tally of `s p o`.
fn relation_tally(s: &str, p: &str, o: &str) -> String {
    format!("{TALLY_NS}{}", content_hash(&format!("{s} {p} {o}")))
}

/// The IRI of the tally of a claimant.
fn source_tally(claimant: &str) -> String {
    format!("{TALLY_NS}source/{}", content_hash(claimant))
}

/// The update that replaces the statistics graph: its text is plain SPARQL
/// so that a researcher can read what a tally means.
fn update() -> String {
    let g = vocab::STATISTICS_GRAPH.as_str();
    let not_background = format!(
        "FILTER(?g != <{}> && ?g != <{}> && ?g != <{g}>)",
        vocab::GAZETTEER_GRAPH.as_str(),
        vocab::ONTOLOGY_GRAPH.as_str()
    );
    // One index range per predicate: a pattern with the predicate left open
    // and filtered would read every quad of the store.
    let relations = Predicate::ALL
        .iter()
        .map(|p| {
            let p = p.iri().as_str();
            format!("{{ GRAPH ?g {{ ?s <{p}> ?o }} BIND(<{p}> AS ?p) }}")
        })
        .collect::<Vec<_>>()
        .join("\n      UNION ");
    format!(
        r#"PREFIX trame: <{ns}>
PREFIX rdf: <{RDF}>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DROP SILENT GRAPH <{g}> ;
INSERT {{ GRAPH <{g}> {{
  ?t a trame:Tally ; trame:tallySubject ?s ; trame:tallyPredicate ?p ; trame:tallyObject ?o ;
     trame:documentCount ?documents .
}} }}
WHERE {{
  {{ SELECT ?s ?p ?o (COUNT(?g) AS ?documents) WHERE {{
      {relations}
      {not_background}
  }} GROUP BY ?s ?p ?o }}
  BIND(IRI(CONCAT("{TALLY_NS}", SHA256(CONCAT(STR(?s), " ", STR(?p), " ", STR(?o))))) AS ?t)
}} ;
# The dated documents only: an undated one in a group would leave MIN and
# MAX unbound (an aggregate over an unbound value is an error).
INSERT {{ GRAPH <{g}> {{ ?t trame:firstReported ?first ; trame:lastReported ?last }} }}
WHERE {{
  {{ SELECT ?s ?p ?o (MIN(?date) AS ?first) (MAX(?date) AS ?last) WHERE {{
      {{ {relations} }}
      GRAPH ?g {{ ?g dcterms:issued ?date FILTER(DATATYPE(?date) = xsd:date) }}
  }} GROUP BY ?s ?p ?o }}
  BIND(IRI(CONCAT("{TALLY_NS}", SHA256(CONCAT(STR(?s), " ", STR(?p), " ", STR(?o))))) AS ?t)
}} ;
INSERT {{ GRAPH <{g}> {{ ?t trame:citedClaimant ?c }} }}
WHERE {{
  {{ SELECT DISTINCT ?s ?p ?o ?c WHERE {{
      GRAPH ?g {{ ?f trame:claimedBy ?c FILTER(?c != ?g) ?f rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }}
  }} }}
  BIND(IRI(CONCAT("{TALLY_NS}", SHA256(CONCAT(STR(?s), " ", STR(?p), " ", STR(?o))))) AS ?t)
}} ;
INSERT {{ GRAPH <{g}> {{
  ?t a trame:SourceTally ; trame:claimant ?claimant ; trame:factCount ?facts ; trame:documentCount ?documents .
}} }}
WHERE {{
  {{ SELECT ?claimant (COUNT(?f) AS ?facts) (COUNT(DISTINCT ?g) AS ?documents) WHERE {{
      GRAPH ?g {{ ?f trame:claimedBy ?c }}
      BIND(IF(?c = ?g, <{own}>, ?c) AS ?claimant)
  }} GROUP BY ?claimant }}
  BIND(IRI(CONCAT("{TALLY_NS}source/", SHA256(STR(?claimant)))) AS ?t)
}} ;
INSERT {{ GRAPH <{g}> {{ ?t trame:claimedPredicate ?p }} }}
WHERE {{
  {{ SELECT DISTINCT ?c ?p WHERE {{
      GRAPH ?g {{ ?f trame:claimedBy ?c FILTER(?c != ?g) ?f rdf:predicate ?p }}
  }} }}
  BIND(IRI(CONCAT("{TALLY_NS}source/", SHA256(STR(?c)))) AS ?t)
}}
"#,
        ns = vocab::NS,
        own = vocab::OWN_VOICE.as_str(),
    )
}

fn run_update(store: &Store, update: &str) -> Result<()> {
    SparqlEvaluator::new()
        .parse_update(update)
        .map_err(|e| Error::QuerySyntax(format!("statistics update: {e}")))?
        .on_store(store.oxigraph())
        .execute()
        .map_err(|e| Error::QueryEvaluation(format!("statistics update: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;
    use crate::gazetteer::Gazetteer;

    fn doc(id: &str, text: &str) -> (String, Vec<oxigraph::model::Quad>) {
        let d = crate::process_with(Article::from_text(id, text), Gazetteer::builtin());
        (id.to_string(), crate::triples::document_quads(&d))
    }

    fn select_one(store: &Store, q: &str) -> Vec<String> {
        let QueryResults::Solutions(rows) = store.query(q).unwrap() else {
            panic!()
        };
        rows.map(|r| {
            r.unwrap()
                .iter()
                .map(|(_, t)| t.to_string())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
    }

    #[test]
    fn tallies_count_documents_and_claimants_and_follow_replacements() {
        let store = Store::memory().unwrap();
        store.ensure_background(Gazetteer::builtin()).unwrap();
        store
            .load_documents([
                doc("a", "Les forces irakiennes ont repris Qayyarah à Daech."),
                doc(
                    "b",
                    "Les forces irakiennes ont repris Qayyarah, selon l'agence Reuters.",
                ),
                doc("c", "Daech contrôle Mossoul."),
            ])
            .unwrap();
        refresh(&store).unwrap();
        let tallies = |p: &str, o: &str| {
            select_one(
                &store,
                &format!(
                    "SELECT ?n WHERE {{ GRAPH <{}> {{ ?t trame:tallyPredicate trame:{p} ; trame:tallyObject id:{o} ; trame:documentCount ?n }} }}",
                    vocab::STATISTICS_GRAPH.as_str()
                ),
            )
        };
        let two = "\"2\"^^<http://www.w3.org/2001/XMLSchema#integer>";
        let one = "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>";
        assert_eq!(tallies("captured", "qayyarah"), [two]);
        assert_eq!(tallies("controls", "mossoul"), [one]);
        // A cited source is named on the relation it claims, and has a tally
        // of its own beside the articles' own voice.
        let cited = select_one(
            &store,
            "SELECT ?c WHERE { ?t trame:tallyObject id:qayyarah ; trame:citedClaimant ?c }",
        );
        assert_eq!(cited.len(), 1, "{cited:?}");
        let sources = select_one(
            &store,
            "SELECT ?c ?n WHERE { ?t a trame:SourceTally ; trame:claimant ?c ; trame:factCount ?n }",
        );
        assert_eq!(sources.len(), 2, "{sources:?}");
        assert!(sources
            .iter()
            .any(|s| s.starts_with(&format!("<{}>", vocab::OWN_VOICE.as_str()))));
        let own_predicates = select_one(
            &store,
            &format!(
                "SELECT ?p WHERE {{ ?t trame:claimant <{}> ; trame:claimedPredicate ?p }}",
                vocab::OWN_VOICE.as_str()
            ),
        );
        assert!(
            own_predicates.iter().any(|p| p.contains("#controls")),
            "{own_predicates:?}"
        );

        // Replacing a document and recomputing: the old count is gone, not
        // added to.
        store
            .load_documents([doc("c", "Daech a perdu le contrôle de Raqqa.")])
            .unwrap();
        refresh(&store).unwrap();
        assert!(tallies("controls", "mossoul").is_empty());
        assert_eq!(tallies("captured", "qayyarah"), [two]);
    }
}
