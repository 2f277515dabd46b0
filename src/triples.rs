//! **Triples**: a processed document becomes the quads of its named graph,
//! and the gazetteer becomes the quads of the background graph.
//!
//! Stage 7 of the pipeline. A document graph says what the text says and
//! nothing more: the document's metadata, each entity it mentions with its
//! contract class and every surface form it was found under, each fact as a
//! plain triple, and beside it an assertion node (an `rdf:Statement`, also a
//! PROV entity) carrying the evidence: sentence, start and end offsets in
//! characters of the raw article, the raw text between them, the rule, a
//! confidence, the claimant and the extractor. Reification through
//! `rdf:Statement` rather than RDF 1.2 triple terms keeps every export
//! readable by today's RDF tools (rdflib, raptor, JSON-LD processors).

use crate::gazetteer::Gazetteer;
use crate::model::{Class, Predicate};
use crate::vocab;
use crate::Document;
use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Term};
use sha2::{Digest, Sha256};

/// The extractor's version, written on every document.
pub const EXTRACTOR_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The IRI of a document's graph.
pub fn document_iri(id: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{}{}", vocab::DOC, iri_escape(id)))
}

/// Percent-escapes what an IRI cannot hold.
fn iri_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Hex SHA-256 of a text.
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

struct Writer {
    graph: GraphName,
    quads: Vec<Quad>,
}

impl Writer {
    /// An entity's preferred name (as `skos:prefLabel` and `rdfs:label`,
    /// which readers of either vocabulary look for) and its kind.
    fn name(&mut self, iri: &NamedNode, label: &str, kind: &str) {
        let label = Literal::new_language_tagged_literal_unchecked(label, "fr");
        self.add(iri, vocab::SKOS_PREF_LABEL, label.clone());
        self.add(iri, vocab::RDFS_LABEL, label);
        self.add(iri, vocab::KIND, Literal::new_simple_literal(kind));
    }

    /// Where a node's evidence stands: its sentence, and its start and end
    /// in characters of the raw text.
    fn span(&mut self, iri: &NamedNode, sentence: usize, raw: &std::ops::Range<usize>, chars: &CharIndex) {
        self.add(iri, vocab::SENTENCE_INDEX, Literal::from(sentence as i64));
        self.add(iri, vocab::START, Literal::from(chars.at(raw.start) as i64));
        self.add(iri, vocab::END, Literal::from(chars.at(raw.end) as i64));
    }

    fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.quads
            .push(Quad::new(s.clone(), p.into_owned(), o.into(), self.graph.clone()));
    }
}

fn node(iri: &str) -> NamedNode {
    NamedNode::new_unchecked(iri)
}

/// A stable IRI in `ns` for what stands at `raw` (bytes of the raw text)
/// in document `id`.
fn span_iri(ns: &str, id: &str, raw: &std::ops::Range<usize>) -> NamedNode {
    node(&format!(
        "{ns}{}",
        &content_hash(&format!("{id}|{}|{}", raw.start, raw.end))[..24]
    ))
}

/// The quads of a document's graph.
pub fn document_quads(doc: &Document) -> Vec<Quad> {
    let a = &doc.article;
    let doc_iri = document_iri(&a.id);
    let mut w = Writer {
        graph: GraphName::NamedNode(doc_iri.clone()),
        quads: Vec::new(),
    };
    w.add(&doc_iri, vocab::RDF_TYPE, vocab::DOCUMENT.into_owned());
    w.add(
        &doc_iri,
        vocab::DCT_IDENTIFIER,
        Literal::new_simple_literal(&a.id),
    );
    w.add(
        &doc_iri,
        vocab::CONTENT_HASH,
        Literal::new_simple_literal(content_hash(&a.raw)),
    );
    if let Some(t) = &a.title {
        w.add(
            &doc_iri,
            vocab::DCT_TITLE,
            Literal::new_language_tagged_literal_unchecked(t, "fr"),
        );
    }
    if let Some(u) = a.url.as_deref().and_then(|u| NamedNode::new(u).ok()) {
        w.add(&doc_iri, vocab::DCT_SOURCE, u);
    }
    let publisher = a.source.clone().or_else(|| doc.clean.byline.clone());
    match (doc.outlet, &publisher) {
        (Some(o), _) => w.add(
            &doc_iri,
            vocab::DCT_PUBLISHER,
            node(&doc.resolution.entities[o].iri),
        ),
        (None, Some(p)) => w.add(&doc_iri, vocab::DCT_PUBLISHER, Literal::new_simple_literal(p)),
        (None, None) => {}
    }
    w.add(
        &doc_iri,
        vocab::EXTRACTED_BY,
        node(&format!("{}{}", vocab::EXTRACTOR, EXTRACTOR_VERSION)),
    );
    if let Some(d) = &a.published {
        let lit = if is_xsd_date(d) {
            Literal::new_typed_literal(d, xsd::DATE)
        } else {
            Literal::new_simple_literal(d)
        };
        w.add(&doc_iri, vocab::DCT_ISSUED, lit);
    }

    // Entities the document mentions.
    for e in &doc.resolution.entities {
        let iri = node(&e.iri);
        w.add(&iri, vocab::RDF_TYPE, e.class.iri().into_owned());
        for s in &e.surfaces {
            w.add(
                &iri,
                vocab::SKOS_ALT_LABEL,
                Literal::new_language_tagged_literal_unchecked(s, "fr"),
            );
        }
        if e.surfaces.is_empty() && e.known.is_some() {
            // Implied without being named (« le vice-président américain »
            // implies the United States): its name still goes in, so the
            // document's graph stands alone.
            w.add(
                &iri,
                vocab::SKOS_PREF_LABEL,
                Literal::new_language_tagged_literal_unchecked(&e.label, "fr"),
            );
        }
        if e.known.is_none() {
            // Unknown entities carry their name here; known ones in the
            // gazetteer graph.
            w.name(&iri, &e.label, &e.kind);
            // The key it was resolved under: the same key in another
            // article is the same entity.
            w.add(&iri, vocab::NAME_KEY, Literal::new_simple_literal(&e.key));
        }
    }

    // Facts, each as a plain triple and as an assertion with its evidence.
    let chars = CharIndex::new(&a.raw);
    let mut fact_iris = Vec::with_capacity(doc.facts.len());
    for f in &doc.facts {
        let s = node(&doc.resolution.entities[f.subject].iri);
        let o = node(&doc.resolution.entities[f.object].iri);
        let p = f.predicate.iri();
        w.add(&s, p, o.clone());
        let raw = doc.clean.raw_span(f.span.clone());
        let sentence = &doc.sentences[f.sentence];
        let fact_iri = node(&format!(
            "{}{}",
            vocab::FACT,
            &content_hash(&format!(
                "{}|{}|{}|{}|{}",
                a.id,
                s.as_str(),
                p.as_str(),
                o.as_str(),
                f.sentence
            ))[..24]
        ));
        // What the ontology lets a reader infer is not written: an
        // assertion is an rdf:Statement, trame:inDocument is a
        // prov:wasDerivedFrom, who relays a fact is its document's
        // publisher and the extractor is named once on the document. At a
        // hundred thousand articles each quad per fact is 1.7 million quads
        // to sort and write.
        w.add(&fact_iri, vocab::RDF_TYPE, vocab::ASSERTION.into_owned());
        w.add(&fact_iri, vocab::RDF_SUBJECT, s.clone());
        w.add(&fact_iri, vocab::RDF_PREDICATE, p.into_owned());
        w.add(&fact_iri, vocab::RDF_OBJECT, o.clone());
        w.add(&fact_iri, vocab::IN_DOCUMENT, doc_iri.clone());
        w.span(&fact_iri, f.sentence, &raw, &chars);
        w.add(
            &fact_iri,
            vocab::SENTENCE_TEXT,
            Literal::new_language_tagged_literal_unchecked(&doc.clean.text[sentence.span.clone()], "fr"),
        );
        w.add(
            &fact_iri,
            vocab::EVIDENCE,
            Literal::new_simple_literal(&a.raw[raw.clone()]),
        );
        w.add(&fact_iri, vocab::RULE, Literal::new_simple_literal(&f.rule));
        w.add(
            &fact_iri,
            vocab::CONFIDENCE,
            Literal::new_typed_literal(format!("{:.2}", f.confidence), xsd::DECIMAL),
        );
        // Reported speech is its speaker's claim; the article's own voice is
        // its outlet's, or the document's when the outlet is unknown.
        match f.claimant.or(doc.outlet) {
            Some(c) => w.add(
                &fact_iri,
                vocab::CLAIMED_BY,
                node(&doc.resolution.entities[c].iri),
            ),
            None => w.add(&fact_iri, vocab::CLAIMED_BY, doc_iri.clone()),
        }
        fact_iris.push(fact_iri);
    }

    // Counts, tied to the entity their noun names, if any.
    let mut count_iris = Vec::with_capacity(doc.counts.len());
    for c in &doc.counts {
        let raw = doc.clean.raw_span(c.span.clone());
        let iri = span_iri(vocab::COUNT_NS, &a.id, &raw);
        w.add(&iri, vocab::RDF_TYPE, vocab::COUNT.into_owned());
        w.add(&iri, vocab::IN_DOCUMENT, doc_iri.clone());
        if let Some(v) = c.value {
            w.add(&iri, vocab::QUANTITY, Literal::from(v as i64));
        }
        if let Some(q) = &c.qualifier {
            w.add(&iri, vocab::QUALIFIER, Literal::new_simple_literal(q));
        }
        w.add(
            &iri,
            vocab::COUNTED,
            Literal::new_language_tagged_literal_unchecked(&c.noun, "fr"),
        );
        let named = doc
            .mentions
            .iter()
            .zip(&doc.resolution.of_mention)
            .find(|(m, e)| e.is_some() && m.span.start < c.noun_span.end && c.noun_span.start < m.span.end);
        if let Some((_, Some(e))) = named {
            w.add(&iri, vocab::COUNT_OF, node(&doc.resolution.entities[*e].iri));
        }
        w.span(&iri, c.sentence, &raw, &chars);
        w.add(&iri, vocab::EVIDENCE, Literal::new_simple_literal(&a.raw[raw]));
        count_iris.push(iri);
    }

    // Quotes, with their speaker when the sentence names one.
    for q in &doc.quotes {
        let raw = doc.clean.raw_span(q.span.clone());
        let iri = span_iri(vocab::QUOTE_NS, &a.id, &raw);
        w.add(&iri, vocab::RDF_TYPE, vocab::QUOTE.into_owned());
        w.add(&iri, vocab::IN_DOCUMENT, doc_iri.clone());
        w.add(
            &iri,
            vocab::QUOTATION,
            // The words as read: HTML entities decoded, unlike the evidence
            // of facts, which is the raw text exactly.
            Literal::new_language_tagged_literal_unchecked(&doc.clean.text[q.span.clone()], "fr"),
        );
        if let Some(s) = q.speaker {
            w.add(&iri, vocab::SPOKEN_BY, node(&doc.resolution.entities[s].iri));
        }
        if let Some(v) = &q.verb {
            w.add(&iri, vocab::INTRODUCED_BY, Literal::new_simple_literal(v));
        }
        w.span(&iri, q.sentence, &raw, &chars);
    }

    // Events, with the fact they come from, their date and counts.
    for e in &doc.events {
        let f = &doc.facts[e.fact];
        let fact_iri = &fact_iris[e.fact];
        let iri = node(&format!(
            "{}{}",
            vocab::EVENT_NS,
            fact_iri.as_str().rsplit('/').next().unwrap_or_default()
        ));
        let entities = &doc.resolution.entities;
        w.add(&iri, vocab::RDF_TYPE, vocab::EVENT.into_owned());
        w.add(
            &iri,
            vocab::EVENT_KIND,
            Literal::new_simple_literal(e.kind.name()),
        );
        let (acled, acled_sub) = e.kind.acled();
        w.add(&iri, vocab::ACLED_EVENT_TYPE, Literal::new_simple_literal(acled));
        w.add(
            &iri,
            vocab::ACLED_SUB_EVENT_TYPE,
            Literal::new_simple_literal(acled_sub),
        );
        w.add(
            &iri,
            vocab::CAMEO_CODE,
            Literal::new_simple_literal(e.kind.cameo()),
        );
        w.add(&iri, vocab::IN_DOCUMENT, doc_iri.clone());
        w.add(&iri, vocab::PROV_WAS_DERIVED_FROM, fact_iri.clone());
        let (agent, other) = if f.predicate == Predicate::LaunchedBy {
            (f.object, f.subject)
        } else {
            (f.subject, f.object)
        };
        w.add(&iri, vocab::SEM_HAS_ACTOR, node(&entities[agent].iri));
        let other_iri = node(&entities[other].iri);
        match entities[other].class {
            _ if f.predicate == Predicate::LaunchedBy => w.add(&iri, vocab::OPERATION_LAUNCHED, other_iri),
            Class::Place => w.add(&iri, vocab::SEM_HAS_PLACE, other_iri),
            _ => w.add(&iri, vocab::EVENT_TARGET, other_iri),
        }
        for s in &e.supporters {
            w.add(&iri, vocab::SUPPORTED_BY, node(&entities[*s].iri));
        }
        for c in &e.counts {
            w.add(&iri, vocab::HAS_COUNT, count_iris[*c].clone());
        }
        if let Some(d) = e.date.map(|d| &doc.dates[d]) {
            // The words as read (HTML entities decoded).
            w.add(
                &iri,
                vocab::DATE_TEXT,
                Literal::new_simple_literal(&doc.clean.text[d.span.clone()]),
            );
            if let Some(when) = d.when {
                let (lexical, datatype) = when.xsd();
                let datatype =
                    NamedNode::new_unchecked(format!("http://www.w3.org/2001/XMLSchema#{datatype}"));
                w.add(
                    &iri,
                    vocab::SEM_HAS_TIME_STAMP,
                    Literal::new_typed_literal(lexical, datatype),
                );
                w.add(
                    &iri,
                    vocab::DATE_PRECISION,
                    Literal::new_simple_literal(when.precision().name()),
                );
            }
        }
    }
    w.quads
}

fn is_xsd_date(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Byte offset to character offset, for a text asked many times.
struct CharIndex<'a> {
    text: &'a str,
    /// Characters before every 64th byte.
    marks: Vec<usize>,
}

impl<'a> CharIndex<'a> {
    fn new(text: &'a str) -> Self {
        let mut marks = Vec::with_capacity(text.len() / 64 + 2);
        let mut count = 0;
        for (i, b) in text.bytes().enumerate() {
            if i % 64 == 0 {
                marks.push(count);
            }
            if (b & 0xC0) != 0x80 {
                count += 1;
            }
        }
        marks.push(count);
        CharIndex { text, marks }
    }

    /// Characters before byte `byte` (a character boundary).
    fn at(&self, byte: usize) -> usize {
        let block = (byte / 64).min(self.marks.len() - 1);
        let from = block * 64;
        self.marks[block]
            + self.text.as_bytes()[from.min(byte)..byte]
                .iter()
                .filter(|b| (**b & 0xC0) != 0x80)
                .count()
    }
}

/// The quads of the background graph: every gazetteer entry with its class,
/// kind, names, containment and coordinates.
pub fn gazetteer_quads(gazetteer: &Gazetteer) -> Vec<Quad> {
    let mut w = Writer {
        graph: GraphName::NamedNode(vocab::GAZETTEER_GRAPH.into_owned()),
        quads: Vec::new(),
    };
    for e in gazetteer.entries() {
        let iri = node(&format!("{}{}", vocab::ID, e.id));
        w.add(&iri, vocab::RDF_TYPE, e.class.iri().into_owned());
        w.name(&iri, &e.label, &e.kind);
        for alias in &e.aliases {
            w.add(&iri, vocab::SKOS_ALT_LABEL, Literal::new_simple_literal(alias));
        }
        if let Some(parent) = &e.parent {
            let parent_iri = node(&format!("{}{}", vocab::ID, parent));
            let p = match (
                e.class,
                gazetteer.index_of(parent).map(|i| gazetteer.entry(i).class),
            ) {
                (Class::Place, _) => vocab::LOCATED_IN,
                (Class::Person, _) => vocab::MEMBER_OF,
                (_, Some(Class::Place)) => vocab::LOCATED_IN,
                _ => vocab::PART_OF,
            };
            w.add(&iri, p, parent_iri);
        }
        if let Some((lat, lon)) = e.coordinates {
            let geometry = node(&format!("{}{}/geometry", vocab::ID, e.id));
            w.add(&iri, vocab::GEO_HAS_GEOMETRY, geometry.clone());
            w.add(
                &geometry,
                vocab::GEO_AS_WKT,
                Literal::new_typed_literal(format!("POINT({lon} {lat})"), vocab::GEO_WKT_LITERAL),
            );
        }
        if let Some(g) = e.geonames {
            w.add(
                &iri,
                vocab::OWL_SAME_AS,
                node(&format!("https://sws.geonames.org/{g}/")),
            );
        }
    }
    w.quads
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets() {
        let t = "é".repeat(100) + "abc";
        let c = CharIndex::new(&t);
        assert_eq!(c.at(0), 0);
        assert_eq!(c.at(2), 1);
        assert_eq!(c.at(200), 100);
        assert_eq!(c.at(203), 103);
    }
}
