//! **Validation** checks the graphs of a store against the SHACL shapes of
//! `ontology/shapes.ttl` and says what is wrong in plain words.
//!
//! No SHACL engine in Rust fits beside Oxigraph 0.5 without a second RDF
//! stack, so this is a small interpreter of the part of SHACL Core the
//! shapes use (listed at the top of the shapes file). A shape using a
//! constraint it does not know is refused when the shapes are read, never
//! silently passed. CI runs pySHACL on the same export and checks it reaches
//! the same verdicts.
//!
//! Each named graph is validated on its own, as pySHACL does with a dataset:
//! a document's graph must state the classes its facts need.

use crate::error::{Error, Result};
use crate::export::PREFIXES;
use crate::store::Store;
use crate::vocab;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{
    Graph, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Term, TermRef,
    Triple,
};
use regex::Regex;
use std::collections::HashSet;
use std::fmt;

/// The shapes shipped with trame.
pub const SHAPES: &str = include_str!("../ontology/shapes.ttl");

const SH: &str = "http://www.w3.org/ns/shacl#";

fn sh(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SH}{local}"))
}

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The graph breaks the contract.
    Violation,
    /// Allowed, but worth a look.
    Warning,
    /// For information.
    Info,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Violation => "violation",
            Severity::Warning => "warning",
            Severity::Info => "info",
        })
    }
}

/// One thing a graph does wrong.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// How serious it is.
    pub severity: Severity,
    /// The graph it is in.
    pub graph: String,
    /// The node that breaks the shape.
    pub focus: String,
    /// The property concerned, if any.
    pub path: Option<String>,
    /// The offending value, if any.
    pub value: Option<String>,
    /// The SHACL constraint component, e.g. `MinCountConstraintComponent`.
    pub component: &'static str,
    /// What is wrong, in plain words.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} in {}: {}: {}",
            self.severity,
            short(&self.graph),
            short(&self.focus),
            self.message
        )
    }
}

/// Writes an IRI with the project's prefixes.
pub fn short(iri: &str) -> String {
    let bare = iri.trim_start_matches('<').trim_end_matches('>');
    for (p, ns) in PREFIXES {
        if let Some(local) = bare.strip_prefix(ns) {
            if !local.is_empty() && local.chars().all(|c| c.is_alphanumeric() || "_-.".contains(c)) {
                return format!("{p}:{local}");
            }
        }
    }
    iri.to_string()
}

fn term_text(t: TermRef<'_>) -> String {
    match t {
        TermRef::NamedNode(n) => short(n.as_str()),
        TermRef::Literal(l) => format!("\"{}\"", l.value()),
        other => other.to_string(),
    }
}

#[derive(Clone, Debug)]
enum Path {
    Predicate(NamedNode),
    Inverse(NamedNode),
    Alternative(Vec<Path>),
}

impl Path {
    fn values(&self, data: &Graph, focus: TermRef<'_>) -> Vec<Term> {
        let mut out = Vec::new();
        self.collect(data, focus, &mut out);
        let mut seen = HashSet::new();
        out.retain(|t| seen.insert(t.clone()));
        out
    }

    fn collect(&self, data: &Graph, focus: TermRef<'_>, out: &mut Vec<Term>) {
        match self {
            Path::Predicate(p) => {
                if let Some(s) = as_subject(focus) {
                    out.extend(data.objects_for_subject_predicate(s, p).map(TermRef::into_owned));
                }
            }
            Path::Inverse(p) => out.extend(
                data.subjects_for_predicate_object(p, focus)
                    .map(|s| Term::from(s.into_owned())),
            ),
            Path::Alternative(ps) => ps.iter().for_each(|p| p.collect(data, focus, out)),
        }
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Predicate(p) => f.write_str(&short(p.as_str())),
            Path::Inverse(p) => write!(f, "^{}", short(p.as_str())),
            Path::Alternative(ps) => {
                let names: Vec<String> = ps.iter().map(ToString::to_string).collect();
                f.write_str(&names.join("|"))
            }
        }
    }
}

fn as_subject(t: TermRef<'_>) -> Option<NamedOrBlankNodeRef<'_>> {
    match t {
        TermRef::NamedNode(n) => Some(n.into()),
        TermRef::BlankNode(b) => Some(b.into()),
        _ => None,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NodeKind {
    Iri,
    Literal,
    BlankNode,
    BlankNodeOrIri,
    IriOrLiteral,
    BlankNodeOrLiteral,
}

#[derive(Clone, Debug)]
enum Constraint {
    MinCount(usize),
    MaxCount(usize),
    Class(NamedNode),
    Datatype(NamedNode),
    NodeKind(NodeKind),
    In(Vec<Term>),
    Pattern(Regex),
    MinLength(usize),
    MinInclusive(f64),
    MaxInclusive(f64),
    LessThan(NamedNode),
    Or(Vec<Shape>),
    Not(Box<Shape>),
}

impl Constraint {
    fn component(&self) -> &'static str {
        match self {
            Constraint::MinCount(_) => "MinCountConstraintComponent",
            Constraint::MaxCount(_) => "MaxCountConstraintComponent",
            Constraint::Class(_) => "ClassConstraintComponent",
            Constraint::Datatype(_) => "DatatypeConstraintComponent",
            Constraint::NodeKind(_) => "NodeKindConstraintComponent",
            Constraint::In(_) => "InConstraintComponent",
            Constraint::Pattern(_) => "PatternConstraintComponent",
            Constraint::MinLength(_) => "MinLengthConstraintComponent",
            Constraint::MinInclusive(_) => "MinInclusiveConstraintComponent",
            Constraint::MaxInclusive(_) => "MaxInclusiveConstraintComponent",
            Constraint::LessThan(_) => "LessThanConstraintComponent",
            Constraint::Or(_) => "OrConstraintComponent",
            Constraint::Not(_) => "NotConstraintComponent",
        }
    }
}

#[derive(Clone, Debug)]
enum Target {
    Class(NamedNode),
    SubjectsOf(NamedNode),
    ObjectsOf(NamedNode),
}

/// A node or property shape.
#[derive(Clone, Debug)]
struct Shape {
    targets: Vec<Target>,
    path: Option<Path>,
    constraints: Vec<Constraint>,
    properties: Vec<Shape>,
    severity: Severity,
    message: Option<String>,
}

/// A failed constraint, before it is worded.
struct Failure<'s> {
    shape: &'s Shape,
    constraint: &'s Constraint,
    value: Option<Term>,
    detail: String,
}

/// Shapes read from Turtle.
#[derive(Debug)]
pub struct Shapes {
    shapes: Vec<Shape>,
}

impl Shapes {
    /// The shapes shipped in `ontology/shapes.ttl`.
    pub fn builtin() -> Shapes {
        Shapes::parse(SHAPES, "ontology/shapes.ttl").expect("the shipped shapes are valid")
    }

    /// Reads shapes from Turtle; `name` is used in error messages.
    pub fn parse(turtle: &str, name: &str) -> Result<Shapes> {
        let bad = |reason: String| Error::BadInput {
            path: name.to_string(),
            reason,
        };
        let mut g = Graph::new();
        for t in RdfParser::from_format(RdfFormat::Turtle).for_reader(turtle.as_bytes()) {
            let q = t.map_err(|e| bad(e.to_string()))?;
            g.insert(&Triple::from(q));
        }
        let mut roots: Vec<NamedOrBlankNode> = Vec::new();
        for p in ["targetClass", "targetSubjectsOf", "targetObjectsOf"] {
            for t in g.triples_for_predicate(&sh(p)) {
                if !roots.iter().any(|r| r.as_ref() == t.subject) {
                    roots.push(t.subject.into_owned());
                }
            }
        }
        let shapes = roots
            .iter()
            .map(|r| read_shape(&g, r.as_ref()).map_err(&bad))
            .collect::<Result<Vec<_>>>()?;
        Ok(Shapes { shapes })
    }

    /// Validates one graph; findings sorted, most serious first.
    pub fn validate_graph(&self, graph_name: &str, data: &Graph) -> Vec<Finding> {
        let mut out = Vec::new();
        for shape in &self.shapes {
            let mut focus: HashSet<Term> = HashSet::new();
            for t in &shape.targets {
                match t {
                    Target::Class(c) => focus.extend(instances(data, c.as_ref())),
                    Target::SubjectsOf(p) => focus.extend(
                        data.triples_for_predicate(p)
                            .map(|t| Term::from(t.subject.into_owned())),
                    ),
                    Target::ObjectsOf(p) => {
                        focus.extend(data.triples_for_predicate(p).map(|t| t.object.into_owned()))
                    }
                }
            }
            for f in &focus {
                for failure in check(shape, f.as_ref(), data) {
                    out.push(word(graph_name, f.as_ref(), failure));
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Validates every named graph of a store but the ontology's, or only
    /// the graph of document `document`. Returns the findings and the
    /// number of graphs checked.
    pub fn validate_store(&self, store: &Store, document: Option<&str>) -> Result<(Vec<Finding>, usize)> {
        let graphs: Vec<NamedNode> = match document {
            Some(id) => vec![store.document_graph(id)?.ok_or_else(|| Error::BadInput {
                path: id.to_string(),
                reason: "no document with this id in the store".into(),
            })?],
            None => store
                .oxigraph()
                .named_graphs()
                .filter_map(|g| match g {
                    Ok(NamedOrBlankNode::NamedNode(n)) if n != vocab::ONTOLOGY_GRAPH => Some(Ok(n)),
                    Ok(_) => None,
                    Err(e) => Some(Err(Error::from(e))),
                })
                .collect::<Result<_>>()?,
        };
        let mut findings = Vec::new();
        for name in &graphs {
            let mut data = Graph::new();
            for q in store.oxigraph().quads_for_pattern(
                None,
                None,
                None,
                Some(GraphNameRef::NamedNode(name.as_ref())),
            ) {
                data.insert(&Triple::from(q?));
            }
            findings.extend(self.validate_graph(name.as_str(), &data));
        }
        findings.sort();
        Ok((findings, graphs.len()))
    }
}

/// Instances of a class, subclasses stated in the graph included.
fn instances(data: &Graph, class: NamedNodeRef<'_>) -> Vec<Term> {
    let mut classes = vec![Term::from(class.into_owned())];
    let mut i = 0;
    while i < classes.len() {
        let sub: Vec<Term> = data
            .subjects_for_predicate_object(vocab::RDFS_SUBCLASS_OF, classes[i].as_ref())
            .map(|s| Term::from(s.into_owned()))
            .collect();
        for s in sub {
            if !classes.contains(&s) {
                classes.push(s);
            }
        }
        i += 1;
    }
    classes
        .iter()
        .flat_map(|c| data.subjects_for_predicate_object(vocab::RDF_TYPE, c.as_ref()))
        .map(|s| Term::from(s.into_owned()))
        .collect()
}

fn has_class(data: &Graph, node: TermRef<'_>, class: NamedNodeRef<'_>) -> bool {
    let Some(s) = as_subject(node) else {
        return false;
    };
    let mut todo: Vec<Term> = data
        .objects_for_subject_predicate(s, vocab::RDF_TYPE)
        .map(TermRef::into_owned)
        .collect();
    let mut seen = HashSet::new();
    while let Some(t) = todo.pop() {
        if t.as_ref() == TermRef::from(class) {
            return true;
        }
        if let Some(ts) = as_subject(t.as_ref()) {
            if seen.insert(t.clone()) {
                todo.extend(
                    data.objects_for_subject_predicate(ts, vocab::RDFS_SUBCLASS_OF)
                        .map(TermRef::into_owned),
                );
            }
        }
    }
    false
}

fn number(t: TermRef<'_>) -> Option<f64> {
    match t {
        TermRef::Literal(l) => l.value().parse().ok(),
        _ => None,
    }
}

/// Checks a focus node against a shape; what fails.
fn check<'s>(shape: &'s Shape, focus: TermRef<'_>, data: &Graph) -> Vec<Failure<'s>> {
    let mut out = Vec::new();
    let values = match &shape.path {
        Some(p) => p.values(data, focus),
        None => vec![focus.into_owned()],
    };
    for c in &shape.constraints {
        let mut fail = |value: Option<&Term>, detail: String| {
            out.push(Failure {
                shape,
                constraint: c,
                value: value.cloned(),
                detail,
            })
        };
        match c {
            Constraint::MinCount(n) if values.len() < *n => fail(
                None,
                if values.is_empty() {
                    "is missing".into()
                } else {
                    format!("has {} values, at least {n} needed", values.len())
                },
            ),
            Constraint::MaxCount(n) if values.len() > *n => {
                fail(None, format!("has {} values, at most {n} allowed", values.len()))
            }
            Constraint::MinCount(_) | Constraint::MaxCount(_) => {}
            Constraint::LessThan(other) => {
                let others: Vec<Term> = as_subject(focus)
                    .map(|s| {
                        data.objects_for_subject_predicate(s, other)
                            .map(TermRef::into_owned)
                            .collect()
                    })
                    .unwrap_or_default();
                for v in &values {
                    for o in &others {
                        let ok =
                            matches!((number(v.as_ref()), number(o.as_ref())), (Some(a), Some(b)) if a < b);
                        if !ok {
                            fail(
                                Some(v),
                                format!(
                                    "{} is not less than its {} {}",
                                    term_text(v.as_ref()),
                                    short(other.as_str()),
                                    term_text(o.as_ref())
                                ),
                            );
                        }
                    }
                }
            }
            _ => {
                for v in &values {
                    if let Some(detail) = value_fails(c, v.as_ref(), data) {
                        fail(Some(v), detail);
                    }
                }
            }
        }
    }
    for p in &shape.properties {
        out.extend(check(p, focus, data));
    }
    out
}

/// Whether a value node breaks a value constraint, and how.
fn value_fails(c: &Constraint, v: TermRef<'_>, data: &Graph) -> Option<String> {
    let text = term_text(v);
    let ok = match c {
        Constraint::Class(class) => {
            if has_class(data, v, class.as_ref()) {
                return None;
            }
            return Some(format!(
                "{text} is not typed {} in this graph",
                short(class.as_str())
            ));
        }
        Constraint::Datatype(d) => match v {
            TermRef::Literal(l) => {
                if l.datatype() == d.as_ref() {
                    return None;
                }
                return Some(format!(
                    "{text} is a {}, not a {}",
                    short(l.datatype().as_str()),
                    short(d.as_str())
                ));
            }
            _ => false,
        },
        Constraint::NodeKind(k) => {
            let (iri, lit, blank) = (
                matches!(v, TermRef::NamedNode(_)),
                matches!(v, TermRef::Literal(_)),
                matches!(v, TermRef::BlankNode(_)),
            );
            match k {
                NodeKind::Iri => iri,
                NodeKind::Literal => lit,
                NodeKind::BlankNode => blank,
                NodeKind::BlankNodeOrIri => blank || iri,
                NodeKind::IriOrLiteral => iri || lit,
                NodeKind::BlankNodeOrLiteral => blank || lit,
            }
        }
        Constraint::In(list) => list.iter().any(|t| t.as_ref() == v),
        Constraint::Pattern(re) => match v {
            TermRef::Literal(l) => re.is_match(l.value()),
            TermRef::NamedNode(n) => re.is_match(n.as_str()),
            _ => false,
        },
        Constraint::MinLength(n) => match v {
            TermRef::Literal(l) => l.value().chars().count() >= *n,
            TermRef::NamedNode(x) => x.as_str().chars().count() >= *n,
            _ => false,
        },
        Constraint::MinInclusive(m) => number(v).is_some_and(|x| x >= *m),
        Constraint::MaxInclusive(m) => number(v).is_some_and(|x| x <= *m),
        Constraint::Or(alternatives) => alternatives.iter().any(|s| check(s, v, data).is_empty()),
        Constraint::Not(s) => !check(s, v, data).is_empty(),
        Constraint::MinCount(_) | Constraint::MaxCount(_) | Constraint::LessThan(_) => true,
    };
    if ok {
        return None;
    }
    Some(match c {
        Constraint::NodeKind(k) => format!("{text} is not of node kind {k:?}"),
        Constraint::In(list) => format!(
            "{text} is not one of {}",
            list.iter()
                .map(|t| term_text(t.as_ref()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Constraint::Pattern(re) => format!("{text} does not match /{}/", re.as_str()),
        Constraint::MinLength(n) => format!("{text} is shorter than {n} characters"),
        Constraint::MinInclusive(m) => format!("{text} is below {m}"),
        Constraint::MaxInclusive(m) => format!("{text} is above {m}"),
        Constraint::Or(_) => format!("{text} satisfies none of the alternatives"),
        Constraint::Not(inner) => match inner.constraints.as_slice() {
            [Constraint::Class(c)] => format!("{text} is typed {}", short(c.as_str())),
            _ => format!("{text} has a shape it must not have"),
        },
        _ => format!("{text} is wrong"),
    })
}

fn word(graph: &str, focus: TermRef<'_>, f: Failure<'_>) -> Finding {
    let path = f.shape.path.as_ref().map(ToString::to_string);
    let technical = match &path {
        Some(p) => format!("{p} {}", f.detail),
        None => f.detail.clone(),
    };
    let message = match &f.shape.message {
        Some(m) => format!("{m} ({technical})"),
        None => technical,
    };
    Finding {
        severity: f.shape.severity,
        graph: graph.to_string(),
        focus: match focus {
            TermRef::NamedNode(n) => n.as_str().to_string(),
            other => other.to_string(),
        },
        path,
        value: f.value.map(|v| v.to_string()),
        component: f.constraint.component(),
        message,
    }
}

// ---------------------------------------------------------------- reading shapes

fn read_shape(g: &Graph, node: NamedOrBlankNodeRef<'_>) -> Result<Shape, String> {
    let objects = |p: &str| -> Vec<Term> {
        g.objects_for_subject_predicate(node, &sh(p))
            .map(TermRef::into_owned)
            .collect()
    };
    let iri = |t: &Term, what: &str| -> Result<NamedNode, String> {
        match t {
            Term::NamedNode(n) => Ok(n.clone()),
            other => Err(format!("{what} must be an IRI, found {other}")),
        }
    };
    let int = |t: &Term| -> Result<usize, String> {
        match t {
            Term::Literal(l) => l.value().parse().map_err(|_| format!("not a count: {l}")),
            other => Err(format!("not a count: {other}")),
        }
    };
    let mut shape = Shape {
        targets: Vec::new(),
        path: None,
        constraints: Vec::new(),
        properties: Vec::new(),
        severity: Severity::Violation,
        message: None,
    };
    for t in objects("targetClass") {
        shape.targets.push(Target::Class(iri(&t, "sh:targetClass")?));
    }
    for t in objects("targetSubjectsOf") {
        shape
            .targets
            .push(Target::SubjectsOf(iri(&t, "sh:targetSubjectsOf")?));
    }
    for t in objects("targetObjectsOf") {
        shape
            .targets
            .push(Target::ObjectsOf(iri(&t, "sh:targetObjectsOf")?));
    }
    if let Some(p) = objects("path").first() {
        shape.path = Some(read_path(g, p)?);
    }
    for t in objects("property") {
        let s = as_subject(t.as_ref()).ok_or("sh:property must be a node")?;
        shape.properties.push(read_shape(g, s)?);
    }
    if let Some(Term::NamedNode(s)) = objects("severity").first() {
        shape.severity = match s.as_str().strip_prefix(SH) {
            Some("Violation") => Severity::Violation,
            Some("Warning") => Severity::Warning,
            Some("Info") => Severity::Info,
            _ => return Err(format!("unknown severity {s}")),
        };
    }
    let messages = objects("message");
    shape.message = messages
        .iter()
        .find(|m| matches!(m, Term::Literal(l) if l.language() == Some("en")))
        .or(messages.first())
        .and_then(|m| match m {
            Term::Literal(l) => Some(l.value().to_string()),
            _ => None,
        });
    // Every constraint parameter of the shape must be understood.
    for t in g.triples_for_subject(node) {
        let Some(local) = t.predicate.as_str().strip_prefix(SH) else {
            continue;
        };
        let o = t.object.into_owned();
        let c = match local {
            "minCount" => Constraint::MinCount(int(&o)?),
            "maxCount" => Constraint::MaxCount(int(&o)?),
            "minLength" => Constraint::MinLength(int(&o)?),
            "class" => Constraint::Class(iri(&o, "sh:class")?),
            "datatype" => Constraint::Datatype(iri(&o, "sh:datatype")?),
            "lessThan" => Constraint::LessThan(iri(&o, "sh:lessThan")?),
            "nodeKind" => Constraint::NodeKind(match iri(&o, "sh:nodeKind")?.as_str().strip_prefix(SH) {
                Some("IRI") => NodeKind::Iri,
                Some("Literal") => NodeKind::Literal,
                Some("BlankNode") => NodeKind::BlankNode,
                Some("BlankNodeOrIRI") => NodeKind::BlankNodeOrIri,
                Some("IRIOrLiteral") => NodeKind::IriOrLiteral,
                Some("BlankNodeOrLiteral") => NodeKind::BlankNodeOrLiteral,
                _ => return Err(format!("unknown node kind {o}")),
            }),
            "in" => Constraint::In(read_list(g, &o)?),
            "pattern" => match &o {
                Term::Literal(l) => {
                    Constraint::Pattern(Regex::new(l.value()).map_err(|e| format!("sh:pattern: {e}"))?)
                }
                _ => return Err("sh:pattern must be a string".into()),
            },
            "minInclusive" | "maxInclusive" => {
                let n = number(o.as_ref()).ok_or(format!("sh:{local} must be a number"))?;
                if local == "minInclusive" {
                    Constraint::MinInclusive(n)
                } else {
                    Constraint::MaxInclusive(n)
                }
            }
            "or" => Constraint::Or(
                read_list(g, &o)?
                    .iter()
                    .map(|s| read_shape(g, as_subject(s.as_ref()).ok_or("sh:or lists shapes")?))
                    .collect::<Result<_, _>>()?,
            ),
            "not" => Constraint::Not(Box::new(read_shape(
                g,
                as_subject(o.as_ref()).ok_or("sh:not takes a shape")?,
            )?)),
            "targetClass" | "targetSubjectsOf" | "targetObjectsOf" | "path" | "property" | "severity"
            | "message" | "name" | "description" => continue,
            other => return Err(format!("sh:{other} is not supported by trame's validator")),
        };
        shape.constraints.push(c);
    }
    Ok(shape)
}

fn read_path(g: &Graph, t: &Term) -> Result<Path, String> {
    match t {
        Term::NamedNode(n) => Ok(Path::Predicate(n.clone())),
        Term::BlankNode(b) => {
            if let Some(Term::NamedNode(p)) = g
                .object_for_subject_predicate(b, &sh("inversePath"))
                .map(TermRef::into_owned)
            {
                return Ok(Path::Inverse(p));
            }
            if let Some(list) = g
                .object_for_subject_predicate(b, &sh("alternativePath"))
                .map(TermRef::into_owned)
            {
                return Ok(Path::Alternative(
                    read_list(g, &list)?
                        .iter()
                        .map(|p| read_path(g, p))
                        .collect::<Result<_, _>>()?,
                ));
            }
            Err("only predicate, inverse and alternative paths are supported".into())
        }
        other => Err(format!("bad sh:path {other}")),
    }
}

fn read_list(g: &Graph, head: &Term) -> Result<Vec<Term>, String> {
    let mut out = Vec::new();
    let mut node = head.clone();
    while node.as_ref() != TermRef::from(vocab::RDF_NIL) {
        let s = as_subject(node.as_ref()).ok_or("malformed RDF list")?;
        let first = g
            .object_for_subject_predicate(s, vocab::RDF_FIRST)
            .ok_or("malformed RDF list")?;
        out.push(first.into_owned());
        node = g
            .object_for_subject_predicate(s, vocab::RDF_REST)
            .ok_or("malformed RDF list")?
            .into_owned();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn graph(nt: &str) -> Graph {
        let mut g = Graph::new();
        for t in RdfParser::from_format(RdfFormat::Turtle).for_reader(nt.as_bytes()) {
            g.insert(&Triple::from(t.unwrap()));
        }
        g
    }

    const PRE: &str = "@prefix trame: <https://w3id.org/trame/ontology#> . @prefix id: <https://w3id.org/trame/id/> . @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n";

    #[test]
    fn the_shipped_shapes_are_read() {
        assert!(Shapes::builtin().shapes.len() >= 8);
    }

    #[test]
    fn domains_and_ranges_are_checked() {
        let g = graph(&format!(
            "{PRE} id:mossoul a trame:Place ; skos:altLabel \"Mossoul\" . id:x a trame:Person ; skos:altLabel \"X\" .
             id:mossoul trame:controls id:x ."
        ));
        let f = Shapes::builtin().validate_graph("g", &g);
        let comps: BTreeSet<(&str, &str)> = f.iter().map(|f| (f.focus.as_str(), f.component)).collect();
        assert!(
            comps.contains(&("https://w3id.org/trame/id/mossoul", "OrConstraintComponent")),
            "{f:?}"
        );
        assert!(
            comps.contains(&("https://w3id.org/trame/id/x", "ClassConstraintComponent")),
            "{f:?}"
        );
        assert!(f.iter().all(|f| f.severity == Severity::Violation));
    }

    #[test]
    fn a_fact_needs_its_evidence() {
        let g = graph(&format!(
            "{PRE} id:a a trame:ArmedGroup ; skos:altLabel \"A\" . id:b a trame:Place ; skos:altLabel \"B\" .
             <https://w3id.org/trame/fact/1> a trame:Assertion ; rdf:subject id:a ; rdf:predicate trame:controls ;
               rdf:object id:b ; trame:start 10 ; trame:end 4 ; trame:confidence 1.5 ."
        ));
        let f = Shapes::builtin().validate_graph("g", &g);
        let comps: BTreeSet<&str> = f.iter().map(|f| f.component).collect();
        for c in [
            "MinCountConstraintComponent",
            "LessThanConstraintComponent",
            "MaxInclusiveConstraintComponent",
        ] {
            assert!(comps.contains(c), "{c} missing from {f:#?}");
        }
        assert!(
            f.iter().any(|f| f.message.contains("trame:evidence is missing")),
            "{f:#?}"
        );
    }

    #[test]
    fn unknown_constraints_are_refused() {
        let e = Shapes::parse(
            "@prefix sh: <http://www.w3.org/ns/shacl#> . <http://e/s> sh:targetClass <http://e/C> ; sh:closed true .",
            "x.ttl",
        )
        .unwrap_err();
        assert!(e.to_string().contains("sh:closed is not supported"), "{e}");
    }
}
