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
use oxigraph::model::{
    GraphNameRef, LiteralRef, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Quad, QuadRef, TermRef,
};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;

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
    let mut hex = String::with_capacity(64);
    push_hex(&mut hex, &Sha256::digest(text.as_bytes()));
    hex
}

/// Appends bytes as lower-case hex digits. A table rather than `format!`
/// per byte: hashing names every fact, count and quote node, and formatting
/// the digits one allocation at a time cost more than the hash itself.
fn push_hex(out: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0xf)] as char);
    }
}

/// An integer's decimal digits, written into `buf`: what `to_string`
/// gives (and so the lexical form of `Literal::from(i64)`), without an
/// allocation.
fn decimal(value: i64, buf: &mut [u8; 20]) -> &str {
    let mut at = buf.len();
    let mut v = value.unsigned_abs();
    loop {
        at -= 1;
        buf[at] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    if value < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    std::str::from_utf8(&buf[at..]).expect("ASCII digits")
}

/// Where a graph's quads go: gathered as owned quads for the store, or
/// written straight out as N-Quads by `trame extract`, which then never
/// builds a `Quad` nor copies a string into one.
trait Sink {
    fn quad(&mut self, quad: QuadRef<'_>);
}

impl Sink for Vec<Quad> {
    fn quad(&mut self, quad: QuadRef<'_>) {
        self.push(quad.into_owned());
    }
}

/// The bytes [`NQuads::quoted`] looks at: those it escapes or drops, and
/// 0xEF, which starts U+FFFE and U+FFFF.
const MAY_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8, 0x00..=0x1F | b'"' | b'\\' | 0x7F | 0xEF);
        b += 1;
    }
    table
};

/// N-Quads text, one line per quad, byte for byte what oxigraph's N-Quads
/// serializer writes (`{quad} .` through `Display`; tested below), without
/// going through `fmt` a character at a time.
struct NQuads<'b>(&'b mut Vec<u8>);

impl NQuads<'_> {
    fn iri(&mut self, iri: NamedNodeRef<'_>) {
        self.0.push(b'<');
        self.0.extend_from_slice(iri.as_str().as_bytes());
        self.0.push(b'>');
    }

    /// A literal's lexical form, quoted and escaped as
    /// `oxrdf::literal::print_quoted_str` does. Bytes rather than
    /// characters: what needs escaping is ASCII but for U+FFFE and U+FFFF,
    /// whose UTF-8 starts with 0xEF, and the long literals (sentences,
    /// evidence) are most of the output.
    fn quoted(&mut self, value: &str) {
        let out = &mut *self.0;
        let bytes = value.as_bytes();
        out.push(b'"');
        let (mut from, mut i) = (0, 0);
        while i < bytes.len() {
            // Straight to the next byte that may need escaping: most of a
            // literal is French prose that needs none.
            match bytes[i..].iter().position(|&b| MAY_ESCAPE[usize::from(b)]) {
                Some(plain) => i += plain,
                None => break,
            }
            let (escaped, len): (&[u8], usize) = match bytes[i] {
                0x08 => (b"\\b", 1),
                b'\t' => (b"\\t", 1),
                b'\n' => (b"\\n", 1),
                0x0C => (b"\\f", 1),
                b'\r' => (b"\\r", 1),
                b'"' => (b"\\\"", 1),
                b'\\' => (b"\\\\", 1),
                0x00..=0x1F | 0x7F => (b"", 1),
                0xEF if matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => (b"", 3),
                _ => {
                    i += 1;
                    continue;
                }
            };
            out.extend_from_slice(&bytes[from..i]);
            if escaped.is_empty() {
                let c = value[i..].chars().next().expect("a character starts here");
                out.extend_from_slice(format!("\\u{:04X}", u32::from(c)).as_bytes());
            } else {
                out.extend_from_slice(escaped);
            }
            i += len;
            from = i;
        }
        out.extend_from_slice(&bytes[from..]);
        out.push(b'"');
    }
}

impl Sink for NQuads<'_> {
    fn quad(&mut self, quad: QuadRef<'_>) {
        match quad.subject {
            NamedOrBlankNodeRef::NamedNode(n) => self.iri(n),
            other => self.0.extend_from_slice(other.to_string().as_bytes()),
        }
        self.0.push(b' ');
        self.iri(quad.predicate);
        self.0.push(b' ');
        match quad.object {
            TermRef::NamedNode(n) => self.iri(n),
            TermRef::Literal(l) => {
                self.quoted(l.value());
                if let Some(language) = l.language() {
                    self.0.push(b'@');
                    self.0.extend_from_slice(language.as_bytes());
                } else if l.datatype() != xsd::STRING {
                    self.0.extend_from_slice(b"^^");
                    self.iri(l.datatype());
                }
            }
            other => self.0.extend_from_slice(other.to_string().as_bytes()),
        }
        match quad.graph_name {
            GraphNameRef::NamedNode(n) => {
                self.0.push(b' ');
                self.iri(n);
            }
            GraphNameRef::DefaultGraph => {}
            other => self.0.extend_from_slice(format!(" {other}").as_bytes()),
        }
        self.0.extend_from_slice(b" .\n");
    }
}

struct Writer<'g, S> {
    graph: NamedNodeRef<'g>,
    sink: S,
}

impl<S: Sink> Writer<'_, S> {
    /// An entity's preferred name (as `skos:prefLabel` and `rdfs:label`,
    /// which readers of either vocabulary look for) and its kind.
    fn name(&mut self, iri: NamedNodeRef<'_>, label: &str, kind: &str) {
        let label = LiteralRef::new_language_tagged_literal_unchecked(label, "fr");
        self.add(iri, vocab::SKOS_PREF_LABEL, label);
        self.add(iri, vocab::RDFS_LABEL, label);
        self.add(iri, vocab::KIND, LiteralRef::new_simple_literal(kind));
    }

    /// Where a node's evidence stands: its sentence, and its start and end
    /// in characters of the raw text.
    fn span(
        &mut self,
        iri: NamedNodeRef<'_>,
        sentence: usize,
        raw: &std::ops::Range<usize>,
        chars: &CharIndex,
    ) {
        self.integer(iri, vocab::SENTENCE_INDEX, sentence as i64);
        self.integer(iri, vocab::START, chars.at(raw.start) as i64);
        self.integer(iri, vocab::END, chars.at(raw.end) as i64);
    }

    /// An `xsd:integer`, as `Literal::from(i64)` writes it.
    fn integer(&mut self, s: NamedNodeRef<'_>, p: NamedNodeRef<'_>, value: i64) {
        let mut buf = [0; 20];
        let lexical = decimal(value, &mut buf);
        self.add(s, p, LiteralRef::new_typed_literal(lexical, xsd::INTEGER));
    }

    fn add<'t>(&mut self, s: NamedNodeRef<'_>, p: NamedNodeRef<'_>, o: impl Into<TermRef<'t>>) {
        self.sink.quad(QuadRef::new(s, p, o.into(), self.graph));
    }
}

fn node(iri: &str) -> NamedNodeRef<'_> {
    NamedNodeRef::new_unchecked(iri)
}

/// A stable IRI in `ns` for what stands at `raw` (bytes of the raw text)
/// in document `id`: `ns` and the first 24 hex digits of the hash of
/// `{id}|{start}|{end}`.
fn span_iri(ns: &str, id: &str, raw: &std::ops::Range<usize>) -> String {
    let (mut start, mut end) = ([0; 20], [0; 20]);
    hashed_iri(
        ns,
        &[
            id,
            "|",
            decimal(raw.start as i64, &mut start),
            "|",
            decimal(raw.end as i64, &mut end),
        ],
    )
}

/// `ns` and the first 24 hex digits of the hash of the parts joined: the
/// hash of the text `format!` would have built, without building it.
fn hashed_iri(ns: &str, parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
    }
    let mut iri = String::with_capacity(ns.len() + 24);
    iri.push_str(ns);
    push_hex(&mut iri, &hasher.finalize()[..12]);
    iri
}

/// The quads of a document's graph.
pub fn document_quads(doc: &Document) -> Vec<Quad> {
    document_graph(doc, Vec::new())
}

/// Appends the N-Quads of a document's graph to `out`: the lines oxigraph's
/// N-Quads serializer writes for [`document_quads`], in the same order.
pub fn write_document_nquads(doc: &Document, out: &mut Vec<u8>) {
    document_graph(doc, NQuads(out));
}

/// Writes a document's graph into `sink`, and gives the sink back.
fn document_graph<S: Sink>(doc: &Document, sink: S) -> S {
    let a = &doc.article;
    let doc_iri = document_iri(&a.id);
    let doc_iri = doc_iri.as_ref();
    let mut w = Writer { graph: doc_iri, sink };
    w.add(doc_iri, vocab::RDF_TYPE, vocab::DOCUMENT);
    w.add(
        doc_iri,
        vocab::DCT_IDENTIFIER,
        LiteralRef::new_simple_literal(&a.id),
    );
    w.add(
        doc_iri,
        vocab::CONTENT_HASH,
        LiteralRef::new_simple_literal(&content_hash(&a.raw)),
    );
    if let Some(t) = &a.title {
        w.add(
            doc_iri,
            vocab::DCT_TITLE,
            LiteralRef::new_language_tagged_literal_unchecked(t, "fr"),
        );
    }
    if let Some(u) = a.url.as_deref().and_then(|u| NamedNodeRef::new(u).ok()) {
        w.add(doc_iri, vocab::DCT_SOURCE, u);
    }
    let publisher = a.source.as_deref().or(doc.clean.byline.as_deref());
    match (doc.outlet, publisher) {
        (Some(o), _) => w.add(
            doc_iri,
            vocab::DCT_PUBLISHER,
            node(&doc.resolution.entities[o].iri),
        ),
        (None, Some(p)) => w.add(doc_iri, vocab::DCT_PUBLISHER, LiteralRef::new_simple_literal(p)),
        (None, None) => {}
    }
    let extractor = format!("{}{}", vocab::EXTRACTOR, EXTRACTOR_VERSION);
    w.add(doc_iri, vocab::EXTRACTED_BY, node(&extractor));
    if let Some(d) = &a.published {
        let lit = if is_xsd_date(d) {
            LiteralRef::new_typed_literal(d, xsd::DATE)
        } else {
            LiteralRef::new_simple_literal(d)
        };
        w.add(doc_iri, vocab::DCT_ISSUED, lit);
    }

    // Entities the document mentions.
    for e in &doc.resolution.entities {
        let iri = node(&e.iri);
        w.add(iri, vocab::RDF_TYPE, e.class.iri());
        for s in &e.surfaces {
            w.add(
                iri,
                vocab::SKOS_ALT_LABEL,
                LiteralRef::new_language_tagged_literal_unchecked(s, "fr"),
            );
        }
        if e.surfaces.is_empty() && e.known.is_some() {
            // Implied without being named (« le vice-président américain »
            // implies the United States): its name still goes in, so the
            // document's graph stands alone.
            w.add(
                iri,
                vocab::SKOS_PREF_LABEL,
                LiteralRef::new_language_tagged_literal_unchecked(&e.label, "fr"),
            );
        }
        if e.known.is_none() {
            // Unknown entities carry their name here; known ones in the
            // gazetteer graph.
            w.name(iri, &e.label, &e.kind);
            // The key it was resolved under: the same key in another
            // article is the same entity.
            w.add(iri, vocab::NAME_KEY, LiteralRef::new_simple_literal(&e.key));
        }
    }

    // Facts, each as a plain triple and as an assertion with its evidence.
    let chars = CharIndex::new(&a.raw);
    let mut fact_iris = Vec::with_capacity(doc.facts.len());
    let mut confidence = String::new();
    for f in &doc.facts {
        let s = node(&doc.resolution.entities[f.subject].iri);
        let o = node(&doc.resolution.entities[f.object].iri);
        let p = f.predicate.iri();
        w.add(s, p, o);
        let raw = doc.clean.raw_span(f.span.clone());
        let sentence = &doc.sentences[f.sentence];
        let mut index = [0; 20];
        let fact_iri = hashed_iri(
            vocab::FACT,
            &[
                &a.id,
                "|",
                s.as_str(),
                "|",
                p.as_str(),
                "|",
                o.as_str(),
                "|",
                decimal(f.sentence as i64, &mut index),
            ],
        );
        let fact = node(&fact_iri);
        // What the ontology lets a reader infer is not written: an
        // assertion is an rdf:Statement, trame:inDocument is a
        // prov:wasDerivedFrom, who relays a fact is its document's
        // publisher and the extractor is named once on the document. At a
        // hundred thousand articles each quad per fact is 1.7 million quads
        // to sort and write.
        w.add(fact, vocab::RDF_TYPE, vocab::ASSERTION);
        w.add(fact, vocab::RDF_SUBJECT, s);
        w.add(fact, vocab::RDF_PREDICATE, p);
        w.add(fact, vocab::RDF_OBJECT, o);
        w.add(fact, vocab::IN_DOCUMENT, doc_iri);
        w.span(fact, f.sentence, &raw, &chars);
        w.add(
            fact,
            vocab::SENTENCE_TEXT,
            LiteralRef::new_language_tagged_literal_unchecked(&doc.clean.text[sentence.span.clone()], "fr"),
        );
        w.add(
            fact,
            vocab::EVIDENCE,
            LiteralRef::new_simple_literal(&a.raw[raw.clone()]),
        );
        w.add(fact, vocab::RULE, LiteralRef::new_simple_literal(&f.rule));
        confidence.clear();
        write!(confidence, "{:.2}", f.confidence).expect("writing to a string");
        w.add(
            fact,
            vocab::CONFIDENCE,
            LiteralRef::new_typed_literal(&confidence, xsd::DECIMAL),
        );
        // Reported speech is its speaker's claim; the article's own voice is
        // its outlet's, or the document's when the outlet is unknown.
        match f.claimant.or(doc.outlet) {
            Some(c) => w.add(fact, vocab::CLAIMED_BY, node(&doc.resolution.entities[c].iri)),
            None => w.add(fact, vocab::CLAIMED_BY, doc_iri),
        }
        fact_iris.push(fact_iri);
    }

    // Counts, tied to the entity their noun names, if any.
    let mut count_iris = Vec::with_capacity(doc.counts.len());
    for c in &doc.counts {
        let raw = doc.clean.raw_span(c.span.clone());
        let count_iri = span_iri(vocab::COUNT_NS, &a.id, &raw);
        let iri = node(&count_iri);
        w.add(iri, vocab::RDF_TYPE, vocab::COUNT);
        w.add(iri, vocab::IN_DOCUMENT, doc_iri);
        if let Some(v) = c.value {
            w.integer(iri, vocab::QUANTITY, v as i64);
        }
        if let Some(q) = &c.qualifier {
            w.add(iri, vocab::QUALIFIER, LiteralRef::new_simple_literal(q));
        }
        w.add(
            iri,
            vocab::COUNTED,
            LiteralRef::new_language_tagged_literal_unchecked(&c.noun, "fr"),
        );
        let named = doc
            .mentions
            .iter()
            .zip(&doc.resolution.of_mention)
            .find(|(m, e)| e.is_some() && m.span.start < c.noun_span.end && c.noun_span.start < m.span.end);
        if let Some((_, Some(e))) = named {
            w.add(iri, vocab::COUNT_OF, node(&doc.resolution.entities[*e].iri));
        }
        w.span(iri, c.sentence, &raw, &chars);
        w.add(iri, vocab::EVIDENCE, LiteralRef::new_simple_literal(&a.raw[raw]));
        count_iris.push(count_iri);
    }

    // Quotes, with their speaker when the sentence names one.
    for q in &doc.quotes {
        let raw = doc.clean.raw_span(q.span.clone());
        let quote_iri = span_iri(vocab::QUOTE_NS, &a.id, &raw);
        let iri = node(&quote_iri);
        w.add(iri, vocab::RDF_TYPE, vocab::QUOTE);
        w.add(iri, vocab::IN_DOCUMENT, doc_iri);
        w.add(
            iri,
            vocab::QUOTATION,
            // The words as read: HTML entities decoded, unlike the evidence
            // of facts, which is the raw text exactly.
            LiteralRef::new_language_tagged_literal_unchecked(&doc.clean.text[q.span.clone()], "fr"),
        );
        if let Some(s) = q.speaker {
            w.add(iri, vocab::SPOKEN_BY, node(&doc.resolution.entities[s].iri));
        }
        if let Some(v) = &q.verb {
            w.add(iri, vocab::INTRODUCED_BY, LiteralRef::new_simple_literal(v));
        }
        w.span(iri, q.sentence, &raw, &chars);
    }

    // Events, with the fact they come from, their date and counts.
    let mut event_iri = String::new();
    for e in &doc.events {
        let f = &doc.facts[e.fact];
        let fact_iri = node(&fact_iris[e.fact]);
        event_iri.clear();
        event_iri.push_str(vocab::EVENT_NS);
        event_iri.push_str(fact_iri.as_str().rsplit('/').next().unwrap_or_default());
        let iri = node(&event_iri);
        let entities = &doc.resolution.entities;
        w.add(iri, vocab::RDF_TYPE, vocab::EVENT);
        w.add(
            iri,
            vocab::EVENT_KIND,
            LiteralRef::new_simple_literal(e.kind.name()),
        );
        let (acled, acled_sub) = e.kind.acled();
        w.add(
            iri,
            vocab::ACLED_EVENT_TYPE,
            LiteralRef::new_simple_literal(acled),
        );
        w.add(
            iri,
            vocab::ACLED_SUB_EVENT_TYPE,
            LiteralRef::new_simple_literal(acled_sub),
        );
        w.add(
            iri,
            vocab::CAMEO_CODE,
            LiteralRef::new_simple_literal(e.kind.cameo()),
        );
        w.add(iri, vocab::IN_DOCUMENT, doc_iri);
        w.add(iri, vocab::PROV_WAS_DERIVED_FROM, fact_iri);
        let (agent, other) = if f.predicate == Predicate::LaunchedBy {
            (f.object, f.subject)
        } else {
            (f.subject, f.object)
        };
        w.add(iri, vocab::SEM_HAS_ACTOR, node(&entities[agent].iri));
        let other_iri = node(&entities[other].iri);
        match entities[other].class {
            _ if f.predicate == Predicate::LaunchedBy => w.add(iri, vocab::OPERATION_LAUNCHED, other_iri),
            Class::Place => w.add(iri, vocab::SEM_HAS_PLACE, other_iri),
            _ => w.add(iri, vocab::EVENT_TARGET, other_iri),
        }
        for s in &e.supporters {
            w.add(iri, vocab::SUPPORTED_BY, node(&entities[*s].iri));
        }
        for c in &e.counts {
            w.add(iri, vocab::HAS_COUNT, node(&count_iris[*c]));
        }
        if let Some(d) = e.date.map(|d| &doc.dates[d]) {
            // The words as read (HTML entities decoded).
            w.add(
                iri,
                vocab::DATE_TEXT,
                LiteralRef::new_simple_literal(&doc.clean.text[d.span.clone()]),
            );
            if let Some(when) = d.when {
                let (lexical, datatype) = when.xsd();
                let datatype = format!("http://www.w3.org/2001/XMLSchema#{datatype}");
                w.add(
                    iri,
                    vocab::SEM_HAS_TIME_STAMP,
                    LiteralRef::new_typed_literal(&lexical, node(&datatype)),
                );
                w.add(
                    iri,
                    vocab::DATE_PRECISION,
                    LiteralRef::new_simple_literal(when.precision().name()),
                );
            }
        }
    }
    w.sink
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
        graph: vocab::GAZETTEER_GRAPH,
        sink: Vec::new(),
    };
    for e in gazetteer.entries() {
        let entry_iri = format!("{}{}", vocab::ID, e.id);
        let iri = node(&entry_iri);
        w.add(iri, vocab::RDF_TYPE, e.class.iri());
        w.name(iri, &e.label, &e.kind);
        for alias in &e.aliases {
            w.add(iri, vocab::SKOS_ALT_LABEL, LiteralRef::new_simple_literal(alias));
        }
        if let Some(parent) = &e.parent {
            let parent_iri = format!("{}{}", vocab::ID, parent);
            let p = match (
                e.class,
                gazetteer.index_of(parent).map(|i| gazetteer.entry(i).class),
            ) {
                (Class::Place, _) => vocab::LOCATED_IN,
                (Class::Person, _) => vocab::MEMBER_OF,
                (_, Some(Class::Place)) => vocab::LOCATED_IN,
                _ => vocab::PART_OF,
            };
            w.add(iri, p, node(&parent_iri));
        }
        if let Some((lat, lon)) = e.coordinates {
            let geometry = format!("{}{}/geometry", vocab::ID, e.id);
            let wkt = format!("POINT({lon} {lat})");
            w.add(iri, vocab::GEO_HAS_GEOMETRY, node(&geometry));
            w.add(
                node(&geometry),
                vocab::GEO_AS_WKT,
                LiteralRef::new_typed_literal(&wkt, vocab::GEO_WKT_LITERAL),
            );
        }
        if let Some(g) = e.geonames {
            let same = format!("https://sws.geonames.org/{g}/");
            w.add(iri, vocab::OWL_SAME_AS, node(&same));
        }
    }
    w.sink
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nquads_as_oxigraph_writes_them() {
        use oxigraph::io::{RdfFormat, RdfSerializer};
        let s = NamedNodeRef::new_unchecked("https://w3id.org/trame/id/x");
        let g = NamedNodeRef::new_unchecked("https://w3id.org/trame/doc/a%20b");
        let awkward = "« guillemets » \"quotes\" back\\slash\ttab\nline\rreturn \u{8}\u{C}\u{0}\u{1F}\u{7F}\u{FFFE}\u{FFFF} \u{FFFD}\u{F8FF}\u{EFFF} é 🙂";
        let integers: Vec<String> = [i64::MIN, -1, 0, 7, i64::MAX]
            .into_iter()
            .map(|v| {
                let mut buf = [0; 20];
                let lexical = decimal(v, &mut buf).to_string();
                assert_eq!(lexical, v.to_string());
                lexical
            })
            .collect();
        let mut objects: Vec<TermRef<'_>> = vec![
            s.into(),
            LiteralRef::new_simple_literal(awkward).into(),
            LiteralRef::new_simple_literal("").into(),
            LiteralRef::new_language_tagged_literal_unchecked(awkward, "fr").into(),
            LiteralRef::new_typed_literal("0.85", xsd::DECIMAL).into(),
            LiteralRef::new_typed_literal("texte", xsd::STRING).into(),
        ];
        objects.extend(
            integers
                .iter()
                .map(|i| TermRef::from(LiteralRef::new_typed_literal(i, xsd::INTEGER))),
        );
        let mut ours = Vec::new();
        let mut theirs = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(Vec::new());
        for o in objects {
            let quad = QuadRef::new(s, vocab::RDFS_LABEL, o, g);
            NQuads(&mut ours).quad(quad);
            theirs.serialize_quad(quad).unwrap();
        }
        let theirs = theirs.finish().unwrap();
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            String::from_utf8(theirs).unwrap()
        );
    }

    #[test]
    fn nquads_and_quads_agree() {
        use oxigraph::io::{RdfFormat, RdfSerializer};
        let doc = crate::process(crate::article::Article {
            id: "essai/1".into(),
            raw: "Les forces irakiennes ont repris Qayyarah à Daech le 25 août 2016, a déclaré le général Abdelwahab al-Saadi. « Nous avons libéré la ville », a-t-il dit. Trois cents jihadistes ont été tués.".into(),
            format: crate::article::Format::Text,
            origin: "essai".into(),
            source: Some("AFP".into()),
            url: Some("https://example.org/a?b=c".into()),
            published: Some("2016-08-26".into()),
            title: Some("Qayyarah \"reprise\"".into()),
        });
        let mut theirs = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(Vec::new());
        for q in document_quads(&doc) {
            theirs.serialize_quad(&q).unwrap();
        }
        let theirs = String::from_utf8(theirs.finish().unwrap()).unwrap();
        let mut ours = Vec::new();
        write_document_nquads(&doc, &mut ours);
        assert!(theirs.lines().count() > 20, "{theirs}");
        assert_eq!(String::from_utf8(ours).unwrap(), theirs);
    }

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
