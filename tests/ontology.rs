//! The vocabulary constants in the code and the ontology file declare the
//! same terms.

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedOrBlankNode, Term};
use std::collections::BTreeSet;
use trame::model::{Class, Predicate};
use trame::vocab;

fn declared() -> (BTreeSet<String>, Vec<(String, String, String)>) {
    let ttl = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/ontology/trame.ttl")).unwrap();
    let mut terms = BTreeSet::new();
    let mut triples = Vec::new();
    for t in RdfParser::from_format(RdfFormat::Turtle).for_slice(ttl.as_bytes()) {
        let q = t.expect("ontology parses");
        if let NamedOrBlankNode::NamedNode(s) = &q.subject {
            if s.as_str().starts_with(vocab::NS) && q.predicate == vocab::RDF_TYPE {
                terms.insert(s.as_str().to_string());
            }
            let o = match &q.object {
                Term::NamedNode(n) => n.as_str().to_string(),
                Term::Literal(l) => format!("{}@{}", l.value(), l.language().unwrap_or("")),
                other => other.to_string(),
            };
            triples.push((s.as_str().to_string(), q.predicate.as_str().to_string(), o));
        }
    }
    (terms, triples)
}

#[test]
fn constants_and_ontology_agree() {
    let (terms, _) = declared();
    let code: BTreeSet<String> = vocab::ALL_TERMS.iter().map(|t| t.as_str().to_string()).collect();
    let missing: Vec<_> = code.difference(&terms).collect();
    assert!(
        missing.is_empty(),
        "in the code, not declared in ontology/trame.ttl: {missing:?}"
    );
    // Terms declared but never written by the code must be structural ones.
    let (_, triples) = declared();
    let inverse = |t: &str| {
        triples
            .iter()
            .any(|(s, p, o)| p.ends_with("#inverseOf") && (s == t || o == t))
    };
    let extra: Vec<_> = terms
        .difference(&code)
        .filter(|t| !t.ends_with("#Actor") && !inverse(t))
        .collect();
    assert!(
        extra.is_empty(),
        "declared in the ontology, unknown to the code: {extra:?}"
    );
}

#[test]
fn every_term_has_labels_and_comments_in_both_languages() {
    let (terms, triples) = declared();
    let iris: Vec<String> = Class::ALL
        .iter()
        .map(|c| c.iri().as_str().to_string())
        .chain(Predicate::ALL.iter().map(|p| p.iri().as_str().to_string()))
        .chain(terms)
        .collect();
    for iri in iris {
        for (prop, lang) in [
            ("label", "fr"),
            ("label", "en"),
            ("comment", "fr"),
            ("comment", "en"),
        ] {
            let p = format!("http://www.w3.org/2000/01/rdf-schema#{prop}");
            assert!(
                triples
                    .iter()
                    .any(|(s, pp, o)| s == &iri && pp == &p && o.ends_with(&format!("@{lang}"))),
                "{iri} lacks rdfs:{prop}@{lang}"
            );
        }
    }
}

#[test]
fn symmetric_predicates_are_declared_symmetric() {
    let (_, triples) = declared();
    for p in Predicate::ALL {
        let declared = triples.iter().any(|(s, pp, o)| {
            s == p.iri().as_str()
                && pp == vocab::RDF_TYPE.as_str()
                && o == "http://www.w3.org/2002/07/owl#SymmetricProperty"
        });
        assert_eq!(declared, p.is_symmetric(), "{p}");
    }
}

#[test]
fn every_property_has_a_domain_and_a_range() {
    let (terms, triples) = declared();
    let has = |t: &str, props: [&str; 2]| {
        triples
            .iter()
            .any(|(s, p, _)| s == t && props.iter().any(|x| p.ends_with(x)))
    };
    for t in terms {
        let is_property = triples.iter().any(|(s, p, o)| {
            s == &t
                && p == vocab::RDF_TYPE.as_str()
                && (o.ends_with("#ObjectProperty") || o.ends_with("#DatatypeProperty"))
        });
        if !is_property {
            continue;
        }
        assert!(
            has(&t, ["rdf-schema#domain", "domainIncludes"]),
            "{t} has no rdfs:domain nor schema:domainIncludes"
        );
        assert!(
            has(&t, ["rdf-schema#range", "rangeIncludes"]),
            "{t} has no rdfs:range nor schema:rangeIncludes"
        );
    }
}
