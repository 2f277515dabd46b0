//! A **diagram** is a picture of part of the graph in Graphviz's DOT
//! language, built as a petgraph graph: an entity's neighbourhood to a given
//! depth, or the triples of a CONSTRUCT query.
//!
//! Nodes are shaped and coloured by class, edges labelled with the
//! predicate's French (or English) label, each edge drawn once, long labels
//! wrapped, and a legend of the classes shown. Labels are escaped here:
//! petgraph's attribute getters write what they are given.

use crate::error::{Error, Result};
use crate::fold::fold_str;
use crate::model::{Class, Predicate};
use crate::store::Store;
use crate::vocab;
use oxigraph::model::{GraphName, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Term};
use oxigraph::sparql::QueryResults;
use petgraph::dot::{Config, Dot};
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

/// Label language of edges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// French labels.
    Fr,
    /// English labels.
    En,
}

/// A node of a diagram.
#[derive(Clone, Debug)]
pub struct Node {
    /// The entity's IRI.
    pub iri: String,
    /// Its preferred name.
    pub label: String,
    /// Its contract class, if it has one.
    pub class: Option<Class>,
}

impl std::fmt::Display for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

/// A diagram: nodes and predicate-labelled edges.
pub type Diagram = DiGraph<Node, String>;

/// Builds diagrams from a store.
pub struct Builder<'a> {
    store: &'a Store,
    graph: Diagram,
    index: HashMap<String, NodeIndex>,
    edges: BTreeSet<(NodeIndex, String, NodeIndex)>,
    background: bool,
}

impl<'a> Builder<'a> {
    /// A builder over a store.
    pub fn new(store: &'a Store) -> Self {
        Builder {
            store,
            graph: DiGraph::new(),
            index: HashMap::new(),
            edges: BTreeSet::new(),
            background: false,
        }
    }

    /// Also draw the gazetteer's background relations (containment of
    /// places, units of forces), not only what the articles say.
    pub fn with_background(mut self, background: bool) -> Self {
        self.background = background;
        self
    }

    /// The IRI of the entity a name designates: its IRI, its IRI's last
    /// segment, or one of its labels (case and accents folded).
    pub fn find_entity(&self, name: &str) -> Result<NamedNode> {
        if let Ok(n) = NamedNode::new(name) {
            if name.contains("://") {
                return Ok(n);
            }
        }
        let wanted = fold_str(name);
        let mut best: BTreeMap<u8, String> = BTreeMap::new();
        for (rank, p) in [
            (0u8, vocab::SKOS_PREF_LABEL),
            (1, vocab::RDFS_LABEL),
            (2, vocab::SKOS_ALT_LABEL),
        ] {
            for q in self.store.oxigraph().quads_for_pattern(None, Some(p), None, None) {
                let q = q?;
                if let (NamedOrBlankNode::NamedNode(s), Term::Literal(l)) = (&q.subject, &q.object) {
                    if fold_str(l.value()) == wanted && s.as_str().starts_with(vocab::ID) {
                        best.entry(rank).or_insert_with(|| s.as_str().to_string());
                    }
                }
            }
            if best.contains_key(&rank) {
                break;
            }
        }
        if let Some(iri) = best.into_values().next() {
            return Ok(NamedNode::new_unchecked(iri));
        }
        let tail = format!("{}{}", vocab::ID, wanted.replace(' ', "_"));
        if self
            .store
            .oxigraph()
            .quads_for_pattern(Some(NamedNodeRef::new_unchecked(&tail).into()), None, None, None)
            .next()
            .is_some()
        {
            return Ok(NamedNode::new_unchecked(tail));
        }
        Err(Error::BadInput {
            path: name.to_string(),
            reason: "no entity with this name in the store (try `trame query` to list labels)".into(),
        })
    }

    fn node(&mut self, iri: &str) -> Result<NodeIndex> {
        if let Some(&i) = self.index.get(iri) {
            return Ok(i);
        }
        let subject = NamedNodeRef::new_unchecked(iri);
        let mut label = iri.rsplit('/').next().unwrap_or(iri).to_string();
        for q in self.store.oxigraph().quads_for_pattern(
            Some(subject.into()),
            Some(vocab::SKOS_PREF_LABEL),
            None,
            None,
        ) {
            if let Term::Literal(l) = q?.object {
                label = l.value().to_string();
                break;
            }
        }
        let mut class = None;
        for q in
            self.store
                .oxigraph()
                .quads_for_pattern(Some(subject.into()), Some(vocab::RDF_TYPE), None, None)
        {
            if let Term::NamedNode(t) = q?.object {
                if let Some(c) = Class::ALL.into_iter().find(|c| c.iri() == t.as_ref()) {
                    class = Some(c);
                    break;
                }
            }
        }
        let i = self.graph.add_node(Node {
            iri: iri.to_string(),
            label,
            class,
        });
        self.index.insert(iri.to_string(), i);
        Ok(i)
    }

    fn edge(&mut self, s: &str, p: &str, o: &str) -> Result<()> {
        let (a, b) = (self.node(s)?, self.node(o)?);
        if self.edges.insert((a, p.to_string(), b)) {
            self.graph.add_edge(a, b, p.to_string());
        }
        Ok(())
    }

    /// Adds an entity's neighbourhood: every contract relation within
    /// `depth` hops, in either direction, that a document states (and the
    /// gazetteer's, [`with_background`](Self::with_background)).
    pub fn neighbourhood(mut self, entity: &NamedNode, depth: usize) -> Result<Diagram> {
        self.node(entity.as_str())?;
        let mut frontier = VecDeque::from([(entity.clone(), 0usize)]);
        let mut seen = BTreeSet::from([entity.as_str().to_string()]);
        while let Some((n, d)) = frontier.pop_front() {
            if d >= depth {
                continue;
            }
            for p in Predicate::ALL {
                let outgoing = self.store.oxigraph().quads_for_pattern(
                    Some(NamedOrBlankNodeRef::from(n.as_ref())),
                    Some(p.iri()),
                    None,
                    None,
                );
                let incoming = self.store.oxigraph().quads_for_pattern(
                    None,
                    Some(p.iri()),
                    Some(n.as_ref().into()),
                    None,
                );
                let mut pairs = Vec::new();
                for q in outgoing.chain(incoming) {
                    let q = q?;
                    let from_gazetteer =
                        q.graph_name == GraphName::NamedNode(vocab::GAZETTEER_GRAPH.into_owned());
                    if from_gazetteer && !self.background {
                        continue;
                    }
                    if let (NamedOrBlankNode::NamedNode(s), Term::NamedNode(o)) = (q.subject, q.object) {
                        pairs.push((s, o));
                    }
                }
                for (s, o) in pairs {
                    self.edge(s.as_str(), p.name(), o.as_str())?;
                    let other = if s == n { o } else { s };
                    if seen.insert(other.as_str().to_string()) {
                        frontier.push_back((other, d + 1));
                    }
                }
            }
        }
        Ok(self.graph)
    }

    /// Adds the triples of a CONSTRUCT (or DESCRIBE) query between IRIs.
    pub fn construct(mut self, sparql: &str) -> Result<Diagram> {
        let QueryResults::Graph(triples) = self.store.query(sparql)? else {
            return Err(Error::QueryEvaluation(
                "a diagram needs a CONSTRUCT or DESCRIBE query".into(),
            ));
        };
        for t in triples {
            let t = t.map_err(|e| Error::QueryEvaluation(e.to_string()))?;
            if let (NamedOrBlankNode::NamedNode(s), Term::NamedNode(o)) = (&t.subject, &t.object) {
                if t.predicate == vocab::RDF_TYPE {
                    continue;
                }
                let p = t
                    .predicate
                    .as_str()
                    .rsplit(['#', '/'])
                    .next()
                    .unwrap_or_default()
                    .to_string();
                self.edge(s.as_str(), &p, o.as_str())?;
            }
        }
        Ok(self.graph)
    }
}

/// The label of a predicate in a language.
pub fn predicate_label(name: &str, lang: Lang) -> String {
    let fr = match name {
        "controls" => "contrôle",
        "captured" => "a pris",
        "attacked" => "a attaqué",
        "launchedBy" => "lancée par",
        "targets" => "vise",
        "supports" => "soutient",
        "alliedWith" => "allié à",
        "withdrewFrom" => "s'est retiré de",
        "besieged" => "a assiégé",
        "partOf" => "fait partie de",
        "leaderOf" => "dirige",
        "spokespersonOf" => "porte-parole de",
        "memberOf" => "membre de",
        "locatedIn" => "situé dans",
        "near" => "près de",
        other => other,
    };
    match lang {
        Lang::Fr => fr.to_string(),
        Lang::En => name.to_string(),
    }
}

/// Escapes a string for a DOT double-quoted label.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace(['\n', '\r'], " ")
}

/// Wraps a label at about `width` characters, with DOT line breaks.
fn wrap(s: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for w in s.split_whitespace() {
        if line > 0 && line + w.chars().count() > width {
            out.push_str("\\n");
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(&escape(w));
        line += w.chars().count();
    }
    out
}

/// Shape and fill colour of a class.
fn style(class: Option<Class>) -> (&'static str, &'static str) {
    match class {
        Some(Class::Person) => ("ellipse", "#f9d5a7"),
        Some(Class::ArmedGroup) => ("octagon", "#f4a6a6"),
        Some(Class::MilitaryForce) => ("box", "#a8c8f0"),
        Some(Class::Organization) => ("component", "#d7c8ee"),
        Some(Class::Place) => ("house", "#b9e3b0"),
        Some(Class::Operation) => ("diamond", "#f6ee9c"),
        None => ("plaintext", "#ffffff"),
    }
}

/// Writes a diagram as DOT, with a legend of the classes it shows.
pub fn to_dot(graph: &Diagram, lang: Lang) -> String {
    let edge_attrs = |_, e: petgraph::graph::EdgeReference<'_, String>| {
        format!(
            "label=\"{}\" fontsize=10",
            escape(&predicate_label(e.weight(), lang))
        )
    };
    let node_attrs = |_, (_, n): (NodeIndex, &Node)| {
        let (shape, color) = style(n.class);
        format!(
            "label=\"{}\" shape={shape} style=filled fillcolor=\"{color}\" tooltip=\"{}\"",
            wrap(&n.label, 22),
            escape(&n.iri)
        )
    };
    let body = Dot::with_attr_getters(
        graph,
        &[Config::EdgeNoLabel, Config::NodeNoLabel, Config::GraphContentOnly],
        &edge_attrs,
        &node_attrs,
    );
    let mut out = String::from("digraph trame {\n    rankdir=LR;\n    node [fontname=\"Helvetica\" fontsize=11];\n    edge [fontname=\"Helvetica\" color=\"#555555\"];\n");
    out.push_str(&body.to_string());
    let classes: BTreeSet<Class> = graph.node_weights().filter_map(|n| n.class).collect();
    if !classes.is_empty() {
        out.push_str(
            "    subgraph cluster_legend {\n        label=\"Légende\"; fontsize=10; style=dashed;\n",
        );
        for c in classes {
            let (shape, color) = style(Some(c));
            out.push_str(&format!("        legend_{c} [label=\"{c}\" shape={shape} style=filled fillcolor=\"{color}\" fontsize=9];\n"));
        }
        out.push_str("    }\n");
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_wrapped() {
        let mut g = Diagram::new();
        let a = g.add_node(Node {
            iri: "x".into(),
            label: "l'opération \"Nous arrivons Ninive\" sur la ville".into(),
            class: Some(Class::Operation),
        });
        let b = g.add_node(Node {
            iri: "y".into(),
            label: "Mossoul".into(),
            class: Some(Class::Place),
        });
        g.add_edge(a, b, "targets".into());
        let dot = to_dot(&g, Lang::Fr);
        assert!(dot.contains("\\\"Nous"));
        assert!(dot.contains("\\n"));
        assert!(dot.contains("label=\"vise\""));
        assert!(dot.contains("cluster_legend"));
    }
}
