//! **JSON-LD** as a web developer wants it: short keys (`controls`,
//! `evidence`, `start`), compact IRIs (`id:mossoul`), plain strings and
//! numbers where the context says what they are, one object per subject
//! inside one `@graph` per document.
//!
//! The context is written from [`TERMS`] and shipped as
//! `ontology/context.jsonld`; exports embed it, so no reader needs the
//! network. A value the context cannot shorten (a literal in another
//! language, a string where a date was expected) is written in full, so the
//! export always reads back to the same quads. JSON-LD 1.0 only, which
//! every reader (Oxigraph's among them) understands.

use crate::error::{Error, Result};
use crate::export::PREFIXES;
use crate::vocab;
use oxigraph::model::{GraphName, NamedOrBlankNode, Quad, Term};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::io::Write;

/// How a term's values are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Coerce {
    /// Anything, written in full unless a plain string.
    None,
    /// IRIs, written as compact IRI strings.
    Iri,
    /// Literals of this datatype (a compact IRI), written as strings (or
    /// numbers for integers).
    Datatype(&'static str),
    /// Literals in this language, written as strings.
    Language(&'static str),
}

/// The terms of the context: key, IRI (compact), coercion.
const TERMS: &[(&str, &str, Coerce)] = &[
    // classes
    ("Document", "trame:Document", Coerce::None),
    ("Assertion", "trame:Assertion", Coerce::None),
    ("Statement", "rdf:Statement", Coerce::None),
    ("Person", "trame:Person", Coerce::None),
    ("ArmedGroup", "trame:ArmedGroup", Coerce::None),
    ("MilitaryForce", "trame:MilitaryForce", Coerce::None),
    ("Organization", "trame:Organization", Coerce::None),
    ("Place", "trame:Place", Coerce::None),
    ("Operation", "trame:Operation", Coerce::None),
    ("Event", "trame:Event", Coerce::None),
    ("Count", "trame:Count", Coerce::None),
    ("Quote", "trame:Quote", Coerce::None),
    // the contract's relations
    ("controls", "trame:controls", Coerce::Iri),
    ("captured", "trame:captured", Coerce::Iri),
    ("attacked", "trame:attacked", Coerce::Iri),
    ("launchedBy", "trame:launchedBy", Coerce::Iri),
    ("targets", "trame:targets", Coerce::Iri),
    ("supports", "trame:supports", Coerce::Iri),
    ("alliedWith", "trame:alliedWith", Coerce::Iri),
    ("withdrewFrom", "trame:withdrewFrom", Coerce::Iri),
    ("besieged", "trame:besieged", Coerce::Iri),
    ("partOf", "trame:partOf", Coerce::Iri),
    ("leaderOf", "trame:leaderOf", Coerce::Iri),
    ("spokespersonOf", "trame:spokespersonOf", Coerce::Iri),
    ("memberOf", "trame:memberOf", Coerce::Iri),
    ("locatedIn", "trame:locatedIn", Coerce::Iri),
    ("near", "trame:near", Coerce::Iri),
    // facts and their evidence
    ("subject", "rdf:subject", Coerce::Iri),
    ("predicate", "rdf:predicate", Coerce::Iri),
    ("object", "rdf:object", Coerce::Iri),
    ("inDocument", "trame:inDocument", Coerce::Iri),
    ("derivedFrom", "prov:wasDerivedFrom", Coerce::Iri),
    ("claimedBy", "trame:claimedBy", Coerce::Iri),
    ("extractedBy", "trame:extractedBy", Coerce::Iri),
    ("start", "trame:start", Coerce::Datatype("xsd:integer")),
    ("end", "trame:end", Coerce::Datatype("xsd:integer")),
    (
        "sentenceIndex",
        "trame:sentenceIndex",
        Coerce::Datatype("xsd:integer"),
    ),
    ("confidence", "trame:confidence", Coerce::Datatype("xsd:decimal")),
    ("evidence", "trame:evidence", Coerce::None),
    ("sentence", "trame:sentenceText", Coerce::Language("fr")),
    ("rule", "trame:rule", Coerce::None),
    // events and counts
    ("eventKind", "trame:eventKind", Coerce::None),
    ("acledEventType", "trame:acledEventType", Coerce::None),
    ("acledSubEventType", "trame:acledSubEventType", Coerce::None),
    ("cameoCode", "trame:cameoCode", Coerce::None),
    ("actor", "sem:hasActor", Coerce::Iri),
    ("place", "sem:hasPlace", Coerce::Iri),
    ("eventTarget", "trame:eventTarget", Coerce::Iri),
    ("operationLaunched", "trame:operationLaunched", Coerce::Iri),
    ("supportedBy", "trame:supportedBy", Coerce::Iri),
    ("date", "sem:hasTimeStamp", Coerce::Datatype("xsd:date")),
    ("datePrecision", "trame:datePrecision", Coerce::None),
    ("dateText", "trame:dateText", Coerce::None),
    ("hasCount", "trame:hasCount", Coerce::Iri),
    ("quantity", "trame:quantity", Coerce::Datatype("xsd:integer")),
    ("qualifier", "trame:qualifier", Coerce::None),
    ("counted", "trame:counted", Coerce::Language("fr")),
    ("countOf", "trame:countOf", Coerce::Iri),
    ("quotation", "trame:quotation", Coerce::Language("fr")),
    ("spokenBy", "trame:spokenBy", Coerce::Iri),
    ("introducedBy", "trame:introducedBy", Coerce::None),
    // names and descriptions
    ("prefLabel", "skos:prefLabel", Coerce::Language("fr")),
    ("altLabel", "skos:altLabel", Coerce::Language("fr")),
    ("label", "rdfs:label", Coerce::Language("fr")),
    ("kind", "trame:kind", Coerce::None),
    ("nameKey", "trame:nameKey", Coerce::None),
    ("sameAs", "owl:sameAs", Coerce::Iri),
    ("geometry", "geo:hasGeometry", Coerce::Iri),
    ("wkt", "geo:asWKT", Coerce::Datatype("geo:wktLiteral")),
    // documents
    ("identifier", "dcterms:identifier", Coerce::None),
    ("contentHash", "trame:contentHash", Coerce::None),
    ("title", "dcterms:title", Coerce::Language("fr")),
    ("issued", "dcterms:issued", Coerce::Datatype("xsd:date")),
    ("source", "dcterms:source", Coerce::Iri),
    ("publisher", "dcterms:publisher", Coerce::None),
];

/// Expands a compact IRI of the project's prefixes.
fn expand(compact: &str) -> String {
    if let Some((p, local)) = compact.split_once(':') {
        if let Some((_, ns)) = PREFIXES.iter().find(|(q, _)| *q == p) {
            return format!("{ns}{local}");
        }
    }
    compact.to_string()
}

/// Shortens an IRI with the project's prefixes, when the result reads
/// back as the same IRI.
fn compact(iri: &str) -> String {
    for (p, ns) in PREFIXES {
        if let Some(local) = iri.strip_prefix(ns) {
            if !local.is_empty() && !local.starts_with("//") {
                return format!("{p}:{local}");
            }
        }
    }
    iri.to_string()
}

/// The context: prefixes and terms.
pub fn context() -> Value {
    let mut ctx = Map::new();
    for (p, ns) in PREFIXES {
        ctx.insert(p.to_string(), json!(ns));
    }
    for (key, iri, coerce) in TERMS {
        let def = match coerce {
            Coerce::None => json!(iri),
            Coerce::Iri => json!({"@id": iri, "@type": "@id"}),
            Coerce::Datatype(d) => json!({"@id": iri, "@type": d}),
            Coerce::Language(l) => json!({"@id": iri, "@language": l}),
        };
        ctx.insert(key.to_string(), def);
    }
    json!({ "@context": ctx })
}

/// The value of a term in full, whatever the context says.
fn full(t: &Term) -> Value {
    match t {
        Term::NamedNode(n) => json!({"@id": compact(n.as_str())}),
        Term::BlankNode(b) => json!({"@id": format!("_:{}", b.as_str())}),
        Term::Literal(l) => match l.language() {
            Some(lang) => json!({"@value": l.value(), "@language": lang}),
            None if l.datatype() == oxigraph::model::vocab::xsd::STRING => json!({"@value": l.value()}),
            None => json!({"@value": l.value(), "@type": compact(l.datatype().as_str())}),
        },
        #[allow(unreachable_patterns)]
        _ => json!(t.to_string()),
    }
}

/// A value as short as its term's coercion allows.
fn value(t: &Term, coerce: Coerce) -> Value {
    match (coerce, t) {
        (Coerce::Iri, Term::NamedNode(n)) => json!(compact(n.as_str())),
        (Coerce::Datatype(d), Term::Literal(l))
            if l.datatype().as_str() == expand(d) && l.language().is_none() =>
        {
            // Integers in canonical form become JSON numbers, which read
            // back as the same literal; anything else stays a string.
            let v = l.value();
            match v.parse::<i64>() {
                Ok(n) if d == "xsd:integer" && n.to_string() == v => json!(n),
                _ => json!(v),
            }
        }
        (Coerce::Language(lang), Term::Literal(l)) if l.language() == Some(lang) => json!(l.value()),
        (Coerce::None, Term::Literal(l))
            if l.language().is_none() && l.datatype() == oxigraph::model::vocab::xsd::STRING =>
        {
            json!(l.value())
        }
        _ => full(t),
    }
}

/// A JSON-LD node object: `@id`, `@type` and its properties.
type NodeObject = Map<String, Value>;

fn subject_id(s: &NamedOrBlankNode) -> String {
    match s {
        NamedOrBlankNode::NamedNode(n) => compact(n.as_str()),
        NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
    }
}

/// Writes quads, sorted by graph, subject, predicate and object, as one
/// JSON-LD document with the context embedded.
pub fn write<'a, W: Write>(quads: impl Iterator<Item = &'a Quad>, mut out: W) -> Result<W> {
    let by_iri: BTreeMap<String, (&str, Coerce)> =
        TERMS.iter().map(|(k, iri, c)| (expand(iri), (*k, *c))).collect();
    let classes: BTreeMap<String, &str> = TERMS
        .iter()
        .filter(|(k, _, _)| k.starts_with(char::is_uppercase))
        .map(|(k, iri, _)| (expand(iri), *k))
        .collect();
    let mut graphs: Vec<(Option<String>, Vec<NodeObject>)> = Vec::new();
    let mut current: Option<(GraphName, NamedOrBlankNode)> = None;
    for q in quads {
        let same_graph = graphs.last().is_some() && current.as_ref().is_some_and(|(g, _)| *g == q.graph_name);
        if !same_graph {
            let name = match &q.graph_name {
                GraphName::NamedNode(n) => Some(compact(n.as_str())),
                GraphName::BlankNode(b) => Some(format!("_:{}", b.as_str())),
                GraphName::DefaultGraph => None,
            };
            graphs.push((name, Vec::new()));
        }
        let nodes = &mut graphs.last_mut().expect("pushed above").1;
        let same_subject = same_graph && current.as_ref().is_some_and(|(_, s)| *s == q.subject);
        if !same_subject {
            let mut node = Map::new();
            node.insert("@id".into(), json!(subject_id(&q.subject)));
            nodes.push(node);
        }
        current = Some((q.graph_name.clone(), q.subject.clone()));
        let node = nodes.last_mut().expect("pushed above");
        let (key, v) = if q.predicate == vocab::RDF_TYPE {
            let t = match &q.object {
                Term::NamedNode(n) => classes
                    .get(n.as_str())
                    .map(|k| k.to_string())
                    .unwrap_or_else(|| compact(n.as_str())),
                other => other.to_string(),
            };
            ("@type".to_string(), json!(t))
        } else {
            match by_iri.get(q.predicate.as_str()) {
                Some((k, c)) => (k.to_string(), value(&q.object, *c)),
                None => (compact(q.predicate.as_str()), value(&q.object, Coerce::None)),
            }
        };
        match node.get_mut(&key) {
            Some(Value::Array(a)) => a.push(v),
            Some(one) => {
                let first = one.take();
                *one = json!([first, v]);
            }
            None => {
                node.insert(key, v);
            }
        }
    }
    let mut top: Vec<Value> = Vec::new();
    for (name, nodes) in graphs {
        match name {
            Some(n) => top.push(json!({"@id": n, "@graph": nodes})),
            None => top.extend(nodes.into_iter().map(Value::Object)),
        }
    }
    let mut doc = context();
    doc["@graph"] = Value::Array(top);
    serde_json::to_writer_pretty(&mut out, &doc).map_err(|e| Error::Output(e.to_string()))?;
    out.write_all(b"\n").map_err(|e| Error::Output(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_context_is_the_generated_one() {
        let shipped: Value = serde_json::from_str(include_str!("../ontology/context.jsonld")).unwrap();
        assert_eq!(
            shipped,
            context(),
            "ontology/context.jsonld is stale: regenerate it with `trame context > ontology/context.jsonld`"
        );
    }

    #[test]
    fn every_contract_predicate_has_a_term() {
        for p in crate::model::Predicate::ALL {
            assert!(TERMS.iter().any(|(k, _, _)| *k == p.name()), "{p:?}");
        }
    }
}
