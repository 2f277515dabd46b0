//! **Export** writes the store, or one document's graph, in the RDF formats
//! researchers' tools read: Turtle, TriG, N-Triples, N-Quads, RDF/XML and
//! JSON-LD.
//!
//! N-Quads and N-Triples are streamed quad by quad from the store, never held
//! in memory (N-Triples remembers a hash per triple to write the union of the
//! graphs without repeats). Turtle, TriG, RDF/XML and JSON-LD are sorted first (graph,
//! subject, predicate, object) and written with the project's prefixes, so
//! two exports of the same store are identical and diff cleanly. Formats
//! without named graphs (Turtle, N-Triples, RDF/XML) get the union of the
//! graphs.

use crate::error::{Error, Result};
use crate::store::Store;
use crate::vocab;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, GraphNameRef, NamedNodeRef, NamedOrBlankNode, Quad, Term, Triple};
use std::collections::{BTreeMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Turtle (union of the graphs).
    Turtle,
    /// TriG (named graphs kept).
    Trig,
    /// N-Triples (union of the graphs), streamed.
    Ntriples,
    /// N-Quads (named graphs kept), streamed.
    Nquads,
    /// RDF/XML (union of the graphs).
    Rdfxml,
    /// JSON-LD (named graphs kept), compact with the context of
    /// `ontology/context.jsonld`.
    Jsonld,
}

impl Format {
    /// Oxigraph's format.
    pub fn rdf_format(self) -> RdfFormat {
        match self {
            Format::Turtle => RdfFormat::Turtle,
            Format::Trig => RdfFormat::TriG,
            Format::Ntriples => RdfFormat::NTriples,
            Format::Nquads => RdfFormat::NQuads,
            Format::Rdfxml => RdfFormat::RdfXml,
            Format::Jsonld => RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
        }
    }

    /// Whether the format keeps named graphs.
    pub fn has_graphs(self) -> bool {
        self.rdf_format().supports_datasets()
    }
}

/// Prefixes declared in the pretty formats.
pub const PREFIXES: &[(&str, &str)] = &[
    ("trame", vocab::NS),
    ("id", vocab::ID),
    ("doc", vocab::DOC),
    ("fact", vocab::FACT),
    ("event", vocab::EVENT_NS),
    ("count", vocab::COUNT_NS),
    ("quote", vocab::QUOTE_NS),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("geo", "http://www.opengis.net/ont/geosparql#"),
    ("sem", "http://semanticweb.cs.vu.nl/2009/11/sem/"),
    ("schema", "http://schema.org/"),
];

fn out_err(e: impl std::fmt::Display) -> Error {
    Error::Output(e.to_string())
}

/// What an export leaves out below a confidence: the assertions stated
/// with less, and the plain triples of a document that no assertion of at
/// least that confidence supports.
#[derive(Default)]
struct Below {
    assertions: HashSet<(GraphName, NamedOrBlankNode)>,
    triples: HashSet<Quad>,
}

impl Below {
    fn find(store: &Store, min: f32, graph: Option<GraphNameRef<'_>>) -> Result<Below> {
        let db = store.oxigraph();
        let confidence = |node: &NamedOrBlankNode, g: GraphNameRef<'_>| -> Result<f32> {
            for q in db.quads_for_pattern(Some(node.as_ref()), Some(vocab::CONFIDENCE), None, Some(g)) {
                if let Term::Literal(l) = q?.object {
                    return Ok(l.value().parse().unwrap_or(0.0));
                }
            }
            Ok(0.0)
        };
        let one =
            |node: &NamedOrBlankNode, p: NamedNodeRef<'_>, g: GraphNameRef<'_>| -> Result<Option<Term>> {
                match db
                    .quads_for_pattern(Some(node.as_ref()), Some(p), None, Some(g))
                    .next()
                {
                    Some(q) => Ok(Some(q?.object)),
                    None => Ok(None),
                }
            };
        let mut out = Below::default();
        for q in db.quads_for_pattern(None, Some(vocab::CONFIDENCE), None, graph) {
            let q = q?;
            let g = q.graph_name.as_ref();
            if confidence(&q.subject, g)? >= min {
                continue;
            }
            out.assertions.insert((q.graph_name.clone(), q.subject.clone()));
            let (Some(Term::NamedNode(s)), Some(Term::NamedNode(p)), Some(o)) = (
                one(&q.subject, vocab::RDF_SUBJECT, g)?,
                one(&q.subject, vocab::RDF_PREDICATE, g)?,
                one(&q.subject, vocab::RDF_OBJECT, g)?,
            ) else {
                continue;
            };
            // Another assertion of the document may state it surely enough.
            let mut supported = false;
            for other in
                db.quads_for_pattern(None, Some(vocab::RDF_SUBJECT), Some(s.as_ref().into()), Some(g))
            {
                let a = other?.subject;
                if one(&a, vocab::RDF_PREDICATE, g)?.as_ref() == Some(&Term::NamedNode(p.clone()))
                    && one(&a, vocab::RDF_OBJECT, g)?.as_ref() == Some(&o)
                    && confidence(&a, g)? >= min
                {
                    supported = true;
                    break;
                }
            }
            if !supported {
                out.triples.insert(Quad::new(s, p, o, q.graph_name.clone()));
            }
        }
        Ok(out)
    }

    fn keeps(&self, q: &Quad) -> bool {
        !self.triples.contains(q)
            && !self
                .assertions
                .contains(&(q.graph_name.clone(), q.subject.clone()))
    }
}

/// Writes the whole store, or the graph of document `document`, without
/// the facts stated with less than `min_confidence` (all of them if `None`).
pub fn export<W: Write>(
    store: &Store,
    format: Format,
    document: Option<&str>,
    min_confidence: Option<f32>,
    writer: W,
) -> Result<W> {
    let graph = match document {
        Some(id) => Some(store.document_graph(id)?.ok_or_else(|| Error::BadInput {
            path: id.to_string(),
            reason: "no document with this id in the store".into(),
        })?),
        None => None,
    };
    let graph_ref = graph.as_ref().map(|g| GraphNameRef::NamedNode(g.as_ref()));
    let below = match min_confidence {
        Some(min) => Below::find(store, min, graph_ref)?,
        None => Below::default(),
    };
    let quads = store
        .oxigraph()
        .quads_for_pattern(None, None, None, graph_ref)
        .filter(|q| q.as_ref().map_or(true, |q| below.keeps(q)));
    let mut serializer = RdfSerializer::from_format(format.rdf_format());
    let streamed = matches!(format, Format::Nquads | Format::Ntriples);
    if !streamed {
        for (p, iri) in PREFIXES {
            serializer = serializer.with_prefix(*p, *iri).map_err(out_err)?;
        }
    }
    if streamed {
        let mut out = serializer.for_writer(writer);
        // N-Triples is the union of the graphs: a triple stated by several
        // documents is written once. Only a 64-bit hash of each triple is
        // remembered (8 bytes a triple), not the triples.
        let mut seen: HashSet<u64> = HashSet::new();
        for q in quads {
            let q = q?;
            if format.has_graphs() {
                out.serialize_quad(&q).map_err(out_err)?;
            } else {
                let t = Triple::from(q);
                let mut h = DefaultHasher::new();
                t.hash(&mut h);
                if seen.insert(h.finish()) {
                    out.serialize_triple(t.as_ref()).map_err(out_err)?;
                }
            }
        }
        return out.finish().map_err(out_err);
    }
    // Sorted, so the output is stable; triples deduplicated across graphs
    // for the formats without graphs.
    let mut sorted: BTreeMap<(String, String, String, String), Quad> = BTreeMap::new();
    for q in quads {
        let mut q = q?;
        if !format.has_graphs() {
            q.graph_name = GraphName::DefaultGraph;
        }
        let key = (
            q.graph_name.to_string(),
            q.subject.to_string(),
            q.predicate.to_string(),
            q.object.to_string(),
        );
        sorted.insert(key, q);
    }
    if format == Format::Jsonld {
        return crate::jsonld::write(sorted.values(), writer);
    }
    let mut out = serializer.for_writer(writer);
    for q in sorted.values() {
        out.serialize_quad(q).map_err(out_err)?;
    }
    out.finish().map_err(out_err)
}
