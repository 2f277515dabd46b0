//! A **diagram** is a picture of part of the graph in Graphviz's DOT
//! language, built as a petgraph graph: an entity's neighbourhood to a given
//! depth, an operation with its actors, targets and supporters, a place's
//! control timeline, the whole graph filtered by class and predicate, or the
//! triples of a CONSTRUCT query.
//!
//! Nodes are shaped and coloured by class, edges labelled with the
//! predicate's French (or English) label from the ontology, each edge drawn
//! once, long labels wrapped, a legend of the classes shown, and clusters
//! per document or per country when asked. Labels are escaped here:
//! petgraph's attribute getters write what they are given.

use crate::error::{Error, Result};
use crate::fold::fold_str;
use crate::model::{Class, Predicate};
use crate::store::{parse_ontology, Store};
use crate::vocab;
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Term,
};
use oxigraph::sparql::QueryResults;
use petgraph::dot::{Config, Dot};
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::sync::OnceLock;

/// Label language of edges and legends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// French labels.
    Fr,
    /// English labels.
    En,
}

/// How nodes are grouped into boxes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Clusters {
    /// No grouping.
    None,
    /// One box per document, each with its own copy of the entities it
    /// relates: what each article says, side by side.
    Document,
    /// One box per country, from the gazetteer (places by containment,
    /// forces by the state they belong to).
    Country,
}

/// What a node stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// An entity of the graph.
    Entity,
    /// An event of a timeline (a dated statement about a place).
    Event,
}

/// A node of a diagram.
#[derive(Clone, Debug)]
pub struct Node {
    /// The entity's IRI (or the event's first evidence).
    pub iri: String,
    /// Its preferred name.
    pub label: String,
    /// Its contract class, if it has one (an event: its actor's).
    pub class: Option<Class>,
    /// Entity or event.
    pub kind: NodeKind,
    /// The box it is drawn in, if any.
    pub cluster: Option<String>,
}

impl std::fmt::Display for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

/// A diagram: nodes and predicate-labelled edges (a predicate's local name,
/// or `then` between the events of a timeline), with an optional title.
#[derive(Clone, Debug, Default)]
pub struct Diagram {
    /// Nodes and edges.
    pub graph: DiGraph<Node, String>,
    /// Drawn above the diagram.
    pub title: Option<String>,
}

/// Builds diagrams from a store.
pub struct Builder<'a> {
    store: &'a Store,
    diagram: Diagram,
    index: HashMap<(Option<String>, String), NodeIndex>,
    edges: BTreeSet<(NodeIndex, String, NodeIndex)>,
    background: bool,
    clusters: Clusters,
}

/// What a place's timeline and periods draw: who held, took, left,
/// besieged or attacked it.
const CONTROL_EVENTS: [Predicate; 5] = [
    Predicate::Controls,
    Predicate::Captured,
    Predicate::WithdrewFrom,
    Predicate::Besieged,
    Predicate::Attacked,
];

/// The statements of the articles about an entity, with the graph they are in.
type Statement = (NamedNode, Predicate, NamedNode, GraphName);

impl<'a> Builder<'a> {
    /// A builder over a store.
    pub fn new(store: &'a Store) -> Self {
        Builder {
            store,
            diagram: Diagram::default(),
            index: HashMap::new(),
            edges: BTreeSet::new(),
            background: false,
            clusters: Clusters::None,
        }
    }

    /// Also draw the gazetteer's background relations (containment of
    /// places, units of forces), not only what the articles say.
    pub fn with_background(mut self, background: bool) -> Self {
        self.background = background;
        self
    }

    /// Group nodes per document or per country.
    pub fn with_clusters(mut self, clusters: Clusters) -> Self {
        self.clusters = clusters;
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
        // Cheapest first: the name exactly as a label, through the index on
        // objects; then any spelling (case, accents) among the gazetteer's
        // labels; then the IRI the name would have; only then every label of
        // every document, which on a large store means millions of quads.
        let oxigraph = self.store.oxigraph();
        for p in [vocab::SKOS_PREF_LABEL, vocab::RDFS_LABEL, vocab::SKOS_ALT_LABEL] {
            for literal in [
                Literal::new_language_tagged_literal_unchecked(name, "fr"),
                Literal::new_simple_literal(name),
            ] {
                for q in oxigraph.quads_for_pattern(None, Some(p), Some(literal.as_ref().into()), None) {
                    if let NamedOrBlankNode::NamedNode(s) = q?.subject {
                        if s.as_str().starts_with(vocab::ID) {
                            return Ok(s);
                        }
                    }
                }
            }
        }
        let wanted = fold_str(name);
        let gazetteer = GraphNameRef::NamedNode(vocab::GAZETTEER_GRAPH);
        if let Some(iri) = self.label_match(&wanted, Some(gazetteer))? {
            return Ok(iri);
        }
        let tail = format!("{}{}", vocab::ID, wanted.replace(' ', "_"));
        if oxigraph
            .quads_for_pattern(Some(NamedNodeRef::new_unchecked(&tail).into()), None, None, None)
            .next()
            .is_some()
        {
            return Ok(NamedNode::new_unchecked(tail));
        }
        if let Some(iri) = self.label_match(&wanted, None)? {
            return Ok(iri);
        }
        Err(Error::BadInput {
            path: name.to_string(),
            reason: "no entity with this name in the store (try `trame query` to list labels)".into(),
        })
    }

    /// The entity whose label, folded, is `wanted`: a preferred label before
    /// a label before an alternative one; in `graph` only, or in all.
    fn label_match(&self, wanted: &str, graph: Option<GraphNameRef<'_>>) -> Result<Option<NamedNode>> {
        for p in [vocab::SKOS_PREF_LABEL, vocab::RDFS_LABEL, vocab::SKOS_ALT_LABEL] {
            for q in self
                .store
                .oxigraph()
                .quads_for_pattern(None, Some(p), None, graph)
            {
                let q = q?;
                if let (NamedOrBlankNode::NamedNode(s), Term::Literal(l)) = (q.subject, &q.object) {
                    if fold_str(l.value()) == wanted && s.as_str().starts_with(vocab::ID) {
                        return Ok(Some(s));
                    }
                }
            }
        }
        Ok(None)
    }

    /// An entity's preferred name and contract class.
    fn describe(&self, iri: &str) -> Result<(String, Option<Class>)> {
        let subject = NamedNodeRef::new_unchecked(iri);
        let mut label = iri.rsplit('/').next().unwrap_or(iri).to_string();
        for p in [vocab::SKOS_PREF_LABEL, vocab::SKOS_ALT_LABEL] {
            if let Some(q) = self
                .store
                .oxigraph()
                .quads_for_pattern(Some(subject.into()), Some(p), None, None)
                .next()
            {
                if let Term::Literal(l) = q?.object {
                    label = l.value().to_string();
                    break;
                }
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
        Ok((label, class))
    }

    /// The country an entity belongs to, by the gazetteer's containment
    /// and membership (a country is its own).
    fn country(&self, iri: &str) -> Result<Option<String>> {
        let q = format!(
            "SELECT ?label WHERE {{ GRAPH <{g}> {{ <{iri}> (<{l}>|<{p}>|<{m}>)* ?c . ?c <{k}> \"country\" ; <{pref}> ?label }} }} LIMIT 1",
            g = vocab::GAZETTEER_GRAPH.as_str(),
            l = vocab::LOCATED_IN.as_str(),
            p = vocab::PART_OF.as_str(),
            m = vocab::MEMBER_OF.as_str(),
            k = vocab::KIND.as_str(),
            pref = vocab::SKOS_PREF_LABEL.as_str(),
        );
        if let QueryResults::Solutions(mut rows) = self.store.query(&q)? {
            if let Some(row) = rows.next() {
                let row = row.map_err(|e| Error::QueryEvaluation(e.to_string()))?;
                if let Some(Term::Literal(l)) = row.get("label") {
                    return Ok(Some(l.value().to_string()));
                }
            }
        }
        Ok(None)
    }

    fn node(&mut self, iri: &str, graph: &GraphName) -> Result<NodeIndex> {
        let document = match (self.clusters, graph) {
            (Clusters::Document, GraphName::NamedNode(g)) => Some(g.as_str().to_string()),
            _ => None,
        };
        let key = (document.clone(), iri.to_string());
        if let Some(&i) = self.index.get(&key) {
            return Ok(i);
        }
        let (label, class) = self.describe(iri)?;
        let cluster = match self.clusters {
            Clusters::None => None,
            Clusters::Document => document.map(|d| d.rsplit('/').next().unwrap_or(&d).to_string()),
            Clusters::Country => self.country(iri)?,
        };
        let i = self.diagram.graph.add_node(Node {
            iri: iri.to_string(),
            label,
            class,
            kind: NodeKind::Entity,
            cluster,
        });
        self.index.insert(key, i);
        Ok(i)
    }

    fn edge(&mut self, s: &str, p: &str, o: &str, graph: &GraphName) -> Result<()> {
        let (a, b) = (self.node(s, graph)?, self.node(o, graph)?);
        if self.edges.insert((a, p.to_string(), b)) {
            self.diagram.graph.add_edge(a, b, p.to_string());
        }
        Ok(())
    }

    /// Statements with predicate `p` from or to `n` (either when `None`),
    /// the articles' only unless the background is asked for.
    fn statements(
        &self,
        subject: Option<&NamedNode>,
        p: Predicate,
        object: Option<&NamedNode>,
    ) -> Result<Vec<Statement>> {
        let mut out = Vec::new();
        for q in self.store.oxigraph().quads_for_pattern(
            subject.map(|s| NamedOrBlankNodeRef::from(s.as_ref())),
            Some(p.iri()),
            object.map(|o| o.as_ref().into()),
            None,
        ) {
            let q = q?;
            let from_gazetteer = q.graph_name == GraphName::NamedNode(vocab::GAZETTEER_GRAPH.into_owned());
            if q.graph_name == GraphName::NamedNode(vocab::ONTOLOGY_GRAPH.into_owned())
                || (from_gazetteer && !self.background)
            {
                continue;
            }
            if let (NamedOrBlankNode::NamedNode(s), Term::NamedNode(o)) = (q.subject, q.object) {
                out.push((s, p, o, q.graph_name));
            }
        }
        Ok(out)
    }

    /// The label of `entity`, which a diagram is drawn for only if it is of
    /// `class`; otherwise the error says `why`.
    fn label_of_class(&self, entity: &NamedNode, class: Class, why: &str) -> Result<String> {
        let (label, found) = self.describe(entity.as_str())?;
        if found != Some(class) {
            return Err(Error::BadInput {
                path: label,
                reason: why.into(),
            });
        }
        Ok(label)
    }

    /// The value of a tally's property `p` (a tally has one of each).
    fn tally_value(&self, tally: &NamedOrBlankNode, p: NamedNodeRef<'_>) -> Result<Option<Term>> {
        let stats = GraphNameRef::NamedNode(vocab::STATISTICS_GRAPH);
        match self
            .store
            .oxigraph()
            .quads_for_pattern(Some(tally.as_ref()), Some(p), None, Some(stats))
            .next()
        {
            Some(q) => Ok(Some(q?.object)),
            None => Ok(None),
        }
    }

    /// The relations the documents state from or to `n`, each once, read
    /// from the corpus tallies (see [`statistics`](crate::statistics)): a
    /// place named in thousands of articles has thousands of statements but
    /// a few hundred distinct relations. Then the gazetteer's, if asked for.
    fn tallied_relations(&self, n: &NamedNode) -> Result<Vec<Statement>> {
        let store = self.store.oxigraph();
        let stats = GraphNameRef::NamedNode(vocab::STATISTICS_GRAPH);
        let one = |t: &NamedOrBlankNode, p: NamedNodeRef<'_>| -> Result<Option<NamedNode>> {
            Ok(match self.tally_value(t, p)? {
                Some(Term::NamedNode(x)) => Some(x),
                _ => None,
            })
        };
        let mut out = Vec::new();
        for (end, other) in [
            (vocab::TALLY_SUBJECT, vocab::TALLY_OBJECT),
            (vocab::TALLY_OBJECT, vocab::TALLY_SUBJECT),
        ] {
            for q in store.quads_for_pattern(None, Some(end), Some(n.as_ref().into()), Some(stats)) {
                let t = q?.subject;
                let (Some(p), Some(x)) = (one(&t, vocab::TALLY_PREDICATE)?, one(&t, other)?) else {
                    continue;
                };
                let Some(p) = Predicate::from_iri(p.as_ref()) else {
                    continue;
                };
                let (s, o) = if end == vocab::TALLY_SUBJECT {
                    (n.clone(), x)
                } else {
                    (x, n.clone())
                };
                out.push((s, p, o, GraphName::DefaultGraph));
            }
        }
        if self.background {
            let gazetteer = GraphName::NamedNode(vocab::GAZETTEER_GRAPH.into_owned());
            for p in Predicate::ALL {
                let mut found = self.statements(Some(n), p, None)?;
                found.extend(self.statements(None, p, Some(n))?);
                out.extend(found.into_iter().filter(|st| st.3 == gazetteer));
            }
        }
        Ok(out)
    }

    /// Adds an entity's neighbourhood: every contract relation within
    /// `depth` hops, in either direction, that a document states (and the
    /// gazetteer's, [`with_background`](Self::with_background)). Drawn
    /// per document, it reads the documents' statements; otherwise each
    /// relation once, from the tallies.
    pub fn neighbourhood(mut self, entity: &NamedNode, depth: usize) -> Result<Diagram> {
        // A store written before the tallies existed has none until
        // `trame tally`: it is read statement by statement, as per document.
        let per_document = self.clusters == Clusters::Document
            || !self
                .store
                .oxigraph()
                .contains_named_graph(vocab::STATISTICS_GRAPH)?;
        if self.clusters != Clusters::Document {
            self.node(entity.as_str(), &GraphName::DefaultGraph)?;
        }
        let mut frontier = VecDeque::from([(entity.clone(), 0usize)]);
        let mut seen = BTreeSet::from([entity.as_str().to_string()]);
        while let Some((n, d)) = frontier.pop_front() {
            if d >= depth {
                continue;
            }
            let found = if per_document {
                let mut found = Vec::new();
                for p in Predicate::ALL {
                    found.extend(self.statements(Some(&n), p, None)?);
                    found.extend(self.statements(None, p, Some(&n))?);
                }
                found
            } else {
                self.tallied_relations(&n)?
            };
            for (s, p, o, g) in found {
                self.edge(s.as_str(), p.name(), o.as_str(), &g)?;
                let other = if s == n { o } else { s };
                if seen.insert(other.as_str().to_string()) {
                    frontier.push_back((other, d + 1));
                }
            }
        }
        Ok(self.diagram)
    }

    /// An operation with who launched it, what it targets, who supports it
    /// or its launchers, what its launchers took or besieged among its
    /// targets, and the dates of the articles that speak of it.
    pub fn operation(mut self, operation: &NamedNode) -> Result<Diagram> {
        let label = self.label_of_class(
            operation,
            Class::Operation,
            "not an operation (use --entity for other entities)",
        )?;
        let launchers = self.statements(Some(operation), Predicate::LaunchedBy, None)?;
        let targets = self.statements(Some(operation), Predicate::Targets, None)?;
        let target_set: BTreeSet<NamedNode> = targets.iter().map(|t| t.2.clone()).collect();
        let mut statements = Vec::new();
        statements.extend(self.statements(None, Predicate::Supports, Some(operation))?);
        // Each launcher once (every article that names it gives a statement),
        // and what it did to each target looked up by both ends: reading all
        // of a force's captures and keeping the targets' would read a
        // hundred thousand statements on a large store, once per article.
        let actors: BTreeSet<NamedNode> = launchers.iter().map(|l| l.2.clone()).collect();
        for actor in &actors {
            statements.extend(self.statements(None, Predicate::Supports, Some(actor))?);
            for p in [Predicate::Captured, Predicate::Besieged, Predicate::WithdrewFrom] {
                for target in &target_set {
                    statements.extend(self.statements(Some(actor), p, Some(target))?);
                }
            }
        }
        for (s, p, o, g) in launchers.into_iter().chain(targets).chain(statements) {
            self.edge(s.as_str(), p.name(), o.as_str(), &g)?;
        }
        if self.diagram.graph.node_count() == 0 {
            self.node(operation.as_str(), &GraphName::DefaultGraph)?;
        }
        let dates = self.dates_of(operation)?;
        self.diagram.title = Some(match (dates.first(), dates.last()) {
            (Some(a), Some(b)) if a != b => format!("{label} — articles du {a} au {b}"),
            (Some(a), _) => format!("{label} — article du {a}"),
            _ => label,
        });
        Ok(self.diagram)
    }

    /// Publication dates of the documents whose graph names an entity.
    fn dates_of(&self, entity: &NamedNode) -> Result<Vec<String>> {
        let q = format!(
            "SELECT DISTINCT ?date WHERE {{ GRAPH ?g {{ <{e}> a ?c . ?d <{issued}> ?date }} }} ORDER BY ?date",
            e = entity.as_str(),
            issued = vocab::DCT_ISSUED.as_str()
        );
        let mut out = Vec::new();
        if let QueryResults::Solutions(rows) = self.store.query(&q)? {
            for row in rows {
                let row = row.map_err(|e| Error::QueryEvaluation(e.to_string()))?;
                if let Some(Term::Literal(l)) = row.get("date") {
                    out.push(l.value().chars().take(10).collect());
                }
            }
        }
        Ok(out)
    }

    /// A place's control timeline: who held, took, left, besieged or
    /// attacked it, one event per date, actor and predicate, chained left
    /// to right in date order — the date the text gives for the event, else
    /// the article's — and undated ones last, unchained.
    pub fn timeline(mut self, place: &NamedNode) -> Result<Diagram> {
        let label = self.label_of_class(place, Class::Place, "a timeline is drawn for a place")?;
        let q = format!(
            "PREFIX trame: <{ns}>
             SELECT ?actor ?p ?doc ?date ?index ?evidence ?claimant WHERE {{
               GRAPH ?g {{ ?f <{ro}> <{place}> ; a trame:Assertion ; <{rs}> ?actor ; <{rp}> ?p ;
                           trame:inDocument ?doc ; trame:sentenceIndex ?index ; trame:evidence ?evidence ;
                           trame:claimedBy ?claimant . }}
               FILTER(?p IN ({events}))
               # Fact by fact: a plain OPTIONAL made Oxigraph read every
               # event and every date of the store first.
               LATERAL {{ OPTIONAL {{ GRAPH ?g {{ ?doc <{issued}> ?issued }} }} }}
               LATERAL {{ OPTIONAL {{ GRAPH ?g {{ ?ev <{derived}> ?f ; a trame:Event ; <{stamp}> ?happened }} }} }}
               BIND(COALESCE(?happened, ?issued) AS ?date)
             }} ORDER BY (!BOUND(?date)) STR(?date) ?doc ?index",
            events = CONTROL_EVENTS.map(|p| format!("<{}>", p.iri().as_str())).join(", "),
            ns = vocab::NS,
            rs = vocab::RDF_SUBJECT.as_str(),
            rp = vocab::RDF_PREDICATE.as_str(),
            ro = vocab::RDF_OBJECT.as_str(),
            place = place.as_str(),
            issued = vocab::DCT_ISSUED.as_str(),
            derived = vocab::PROV_WAS_DERIVED_FROM.as_str(),
            stamp = vocab::SEM_HAS_TIME_STAMP.as_str(),
        );
        // (date, actor, predicate, sources, claimant unless the article)
        type TimelineEvent = (String, String, String, Vec<String>, Option<String>);
        let mut events: Vec<TimelineEvent> = Vec::new();
        // Where each (date, actor, predicate, claimant) is in `events`: a
        // much-named place has thousands of statements to group.
        let mut grouped: HashMap<(String, String, String, Option<String>), usize> = HashMap::new();
        if let QueryResults::Solutions(rows) = self.store.query(&q)? {
            for row in rows {
                let row = row.map_err(|e| Error::QueryEvaluation(e.to_string()))?;
                let text = |v: &str| match row.get(v) {
                    Some(Term::Literal(l)) => l.value().to_string(),
                    Some(Term::NamedNode(n)) => n.as_str().to_string(),
                    _ => String::new(),
                };
                let doc = text("doc");
                let doc_id = doc.rsplit('/').next().unwrap_or(&doc).to_string();
                let date = match text("date") {
                    d if d.is_empty() => format!("({doc_id}, non daté)"),
                    d => d.chars().take(10).collect(),
                };
                let (actor, p) = (text("actor"), text("p"));
                let p = p.rsplit('#').next().unwrap_or_default().to_string();
                let source = format!("{doc_id}: « {} »", text("evidence"));
                // A claim of a cited source, not of the article, says whose.
                let claimant = text("claimant");
                let claimant = (claimant != doc).then_some(claimant);
                match grouped.entry((date.clone(), actor.clone(), p.clone(), claimant.clone())) {
                    std::collections::hash_map::Entry::Occupied(e) => events[*e.get()].3.push(source),
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(events.len());
                        events.push((date, actor, p, vec![source], claimant));
                    }
                }
            }
        }
        let place_node = self.node(place.as_str(), &GraphName::DefaultGraph)?;
        let mut previous: Option<NodeIndex> = None;
        for (date, actor, p, sources, claimant) in events {
            let (name, class) = self.describe(&actor)?;
            let verb = ontology_label(&p, Lang::Fr).unwrap_or(p.clone());
            let according = match claimant {
                Some(c) => format!("\nselon {}", self.describe(&c)?.0),
                None => String::new(),
            };
            let n = self.diagram.graph.add_node(Node {
                iri: sources.join("\n"),
                label: format!("{date}\n{name}\n{verb}{according}"),
                class,
                kind: NodeKind::Event,
                cluster: None,
            });
            // Only dated events are ordered; an undated article says
            // nothing of when, so it stands apart.
            let dated = !date.starts_with('(');
            if let (Some(prev), true) = (previous, dated) {
                self.diagram.graph.add_edge(prev, n, "then".into());
            }
            self.diagram.graph.add_edge(n, place_node, p);
            previous = dated.then_some(n);
        }
        self.diagram.title = Some(format!(
            "{label} : qui l'a tenu, pris, quitté, assiégé ou attaqué"
        ));
        Ok(self.diagram)
    }

    /// A place's control periods, from the corpus tallies: one node per
    /// actor and kind of event (held, took, left, besieged, attacked) with
    /// how many articles say it and the first and last publication dates
    /// among them, chained left to right in the order the press first
    /// reported them; those only undated articles say stand apart. What
    /// [`timeline`](Self::timeline) draws statement by statement, for a
    /// place named in too many articles to draw each.
    pub fn periods(mut self, place: &NamedNode) -> Result<Diagram> {
        let label = self.label_of_class(place, Class::Place, "control periods are drawn for a place")?;
        let store = self.store.oxigraph();
        let stats = GraphNameRef::NamedNode(vocab::STATISTICS_GRAPH);
        /// One tally of the place, drawn as one node.
        struct Period {
            first: Option<String>,
            last: Option<String>,
            actor: NamedNode,
            predicate: Predicate,
            documents: String,
        }
        let mut periods: Vec<Period> = Vec::new();
        for q in store.quads_for_pattern(
            None,
            Some(vocab::TALLY_OBJECT),
            Some(place.as_ref().into()),
            Some(stats),
        ) {
            let t = q?.subject;
            let Some(Term::NamedNode(p)) = self.tally_value(&t, vocab::TALLY_PREDICATE)? else {
                continue;
            };
            let Some(p) = Predicate::from_iri(p.as_ref()).filter(|p| CONTROL_EVENTS.contains(p)) else {
                continue;
            };
            let Some(Term::NamedNode(actor)) = self.tally_value(&t, vocab::TALLY_SUBJECT)? else {
                continue;
            };
            let text = |term: Option<Term>| match term {
                Some(Term::Literal(l)) => Some(l.value().to_string()),
                _ => None,
            };
            let documents = text(self.tally_value(&t, vocab::DOCUMENT_COUNT)?).unwrap_or_default();
            let first = text(self.tally_value(&t, vocab::FIRST_REPORTED)?);
            let last = text(self.tally_value(&t, vocab::LAST_REPORTED)?);
            periods.push(Period {
                first,
                last,
                actor,
                predicate: p,
                documents,
            });
        }
        // Dated first, in date order; then the undated.
        periods.sort_by_key(|p| {
            (
                p.first.is_none(),
                p.first.clone(),
                p.last.clone(),
                p.actor.clone(),
            )
        });
        let place_node = self.node(place.as_str(), &GraphName::DefaultGraph)?;
        let mut previous: Option<NodeIndex> = None;
        for Period {
            first,
            last,
            actor,
            predicate: p,
            documents,
        } in periods
        {
            let (name, class) = self.describe(actor.as_str())?;
            let verb = ontology_label(p.name(), Lang::Fr).unwrap_or_else(|| p.name().to_string());
            let when = match (&first, &last) {
                (Some(a), Some(b)) if a != b => format!("du {a} au {b}"),
                (Some(a), _) => format!("le {a}"),
                _ => "articles non datés".to_string(),
            };
            let articles = if documents == "1" { "article" } else { "articles" };
            let n = self.diagram.graph.add_node(Node {
                iri: actor.as_str().to_string(),
                label: format!("{when}\n{name}\n{verb}\n{documents} {articles}"),
                class,
                kind: NodeKind::Event,
                cluster: None,
            });
            if let (Some(prev), true) = (previous, first.is_some()) {
                self.diagram.graph.add_edge(prev, n, "then".into());
            }
            self.diagram.graph.add_edge(n, place_node, p.name().to_string());
            previous = first.is_some().then_some(n);
        }
        self.diagram.title = Some(format!(
            "{label} : qui l'a tenu, pris, quitté, assiégé ou attaqué, selon la presse"
        ));
        Ok(self.diagram)
    }

    /// The whole graph the articles state, keeping the predicates and the
    /// classes asked for (all when a list is empty).
    pub fn filtered(mut self, classes: &[Class], predicates: &[Predicate]) -> Result<Diagram> {
        let predicates = if predicates.is_empty() {
            &Predicate::ALL[..]
        } else {
            predicates
        };
        for &p in predicates {
            for (s, p, o, g) in self.statements(None, p, None)? {
                if !classes.is_empty() {
                    let (_, cs) = self.describe(s.as_str())?;
                    let (_, co) = self.describe(o.as_str())?;
                    if !cs.is_some_and(|c| classes.contains(&c)) || !co.is_some_and(|c| classes.contains(&c))
                    {
                        continue;
                    }
                }
                self.edge(s.as_str(), p.name(), o.as_str(), &g)?;
            }
        }
        Ok(self.diagram)
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
                self.edge(s.as_str(), &p, o.as_str(), &GraphName::DefaultGraph)?;
            }
        }
        Ok(self.diagram)
    }
}

/// Labels of the ontology's terms by local name: (French, English).
fn ontology_labels() -> &'static HashMap<String, (String, String)> {
    static LABELS: OnceLock<HashMap<String, (String, String)>> = OnceLock::new();
    LABELS.get_or_init(|| {
        let mut out: HashMap<String, (String, String)> = HashMap::new();
        for q in parse_ontology().unwrap_or_default() {
            if q.predicate != vocab::RDFS_LABEL
                || !q.subject.to_string().starts_with(&format!("<{}", vocab::NS))
            {
                continue;
            }
            if let Term::Literal(l) = &q.object {
                let name = q.subject.to_string();
                let name = name
                    .trim_end_matches('>')
                    .rsplit('#')
                    .next()
                    .unwrap_or_default()
                    .to_string();
                let entry = out.entry(name).or_default();
                match l.language() {
                    Some("fr") => entry.0 = l.value().to_string(),
                    Some("en") => entry.1 = l.value().to_string(),
                    _ => {}
                }
            }
        }
        out
    })
}

/// The ontology's label of a term (a predicate or class local name).
pub fn ontology_label(name: &str, lang: Lang) -> Option<String> {
    let (fr, en) = ontology_labels().get(name)?;
    let l = if lang == Lang::Fr { fr } else { en };
    (!l.is_empty()).then(|| l.clone())
}

/// The label of a predicate in a language: the ontology's, or its name.
pub fn predicate_label(name: &str, lang: Lang) -> String {
    if name == "then" {
        return if lang == Lang::Fr { "puis" } else { "then" }.to_string();
    }
    ontology_label(name, lang).unwrap_or_else(|| name.to_string())
}

/// Escapes a string for a DOT double-quoted label.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace(['\n', '\r'], " ")
}

/// Wraps a label at about `width` characters, with DOT line breaks; line
/// breaks already in the label are kept.
fn wrap(s: &str, width: usize) -> String {
    let mut lines = Vec::new();
    for part in s.split('\n') {
        let mut out = String::new();
        let mut line = 0;
        for w in part.split_whitespace() {
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
        lines.push(out);
    }
    lines.join("\\n")
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

/// Writes a diagram as DOT, with its title, its clusters and a legend of
/// the classes it shows.
pub fn to_dot(diagram: &Diagram, lang: Lang) -> String {
    let graph = &diagram.graph;
    let edge_attrs = |_, e: petgraph::graph::EdgeReference<'_, String>| {
        let style = if e.weight() == "then" {
            " style=bold color=\"#333333\""
        } else {
            ""
        };
        format!(
            "label=\"{}\" fontsize=10{style}",
            escape(&predicate_label(e.weight(), lang))
        )
    };
    let node_attrs = |_, (_, n): (NodeIndex, &Node)| {
        let (shape, color) = match n.kind {
            NodeKind::Entity => style(n.class),
            NodeKind::Event => ("note", style(n.class).1),
        };
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
    let mut out = String::from("digraph trame {\n    rankdir=LR;\n    newrank=true;\n");
    if let Some(t) = &diagram.title {
        out.push_str(&format!(
            "    label=\"{}\"; labelloc=t; fontsize=16; fontname=\"Helvetica\";\n",
            escape(t)
        ));
    }
    out.push_str("    graph [fontname=\"Helvetica\"];\n    node [fontname=\"Helvetica\" fontsize=11];\n    edge [fontname=\"Helvetica\" color=\"#555555\"];\n");
    out.push_str(&body.to_string());
    // A node mentioned again inside a cluster subgraph is drawn in it.
    let mut clusters: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for i in graph.node_indices() {
        if let Some(c) = &graph[i].cluster {
            clusters.entry(c.as_str()).or_default().push(i.index());
        }
    }
    for (k, (name, nodes)) in clusters.iter().enumerate() {
        let ids: Vec<String> = nodes.iter().map(ToString::to_string).collect();
        out.push_str(&format!(
            "    subgraph cluster_{k} {{\n        label=\"{}\"; style=rounded; color=\"#888888\"; fontsize=12;\n        {};\n    }}\n",
            escape(name),
            ids.join("; ")
        ));
    }
    let classes: BTreeSet<Class> = graph.node_weights().filter_map(|n| n.class).collect();
    if !classes.is_empty() {
        let title = if lang == Lang::Fr { "Légende" } else { "Legend" };
        out.push_str(&format!(
            "    subgraph cluster_legend {{\n        label=\"{title}\"; fontsize=10; style=dashed;\n"
        ));
        for c in classes {
            let (shape, color) = style(Some(c));
            let name = ontology_label(c.name(), lang).unwrap_or_else(|| c.name().to_string());
            out.push_str(&format!(
                "        legend_{c} [label=\"{}\" shape={shape} style=filled fillcolor=\"{color}\" fontsize=9];\n",
                escape(&name)
            ));
        }
        out.push_str("    }\n");
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(label: &str, class: Class, cluster: Option<&str>) -> Node {
        Node {
            iri: label.into(),
            label: label.into(),
            class: Some(class),
            kind: NodeKind::Entity,
            cluster: cluster.map(Into::into),
        }
    }

    #[test]
    fn labels_are_escaped_and_wrapped() {
        let mut d = Diagram::default();
        let a = d.graph.add_node(node(
            "l'opération \"Nous arrivons Ninive\" sur la ville",
            Class::Operation,
            None,
        ));
        let b = d.graph.add_node(node("Mossoul", Class::Place, None));
        d.graph.add_edge(a, b, "targets".into());
        let dot = to_dot(&d, Lang::Fr);
        assert!(dot.contains("\\\"Nous"));
        assert!(dot.contains("\\n"));
        assert!(dot.contains("label=\"vise\""));
        assert!(dot.contains("cluster_legend"));
        assert!(dot.contains("label=\"lieu\""), "legend in French: {dot}");
        let en = to_dot(&d, Lang::En);
        assert!(
            en.contains("label=\"targets\"") && en.contains("label=\"place\""),
            "{en}"
        );
    }

    #[test]
    fn clusters_and_title_are_written() {
        let mut d = Diagram {
            title: Some("Mossoul".into()),
            ..Default::default()
        };
        let a = d.graph.add_node(node("Daech", Class::ArmedGroup, Some("Irak")));
        let b = d.graph.add_node(node("Mossoul", Class::Place, Some("Irak")));
        let c = d.graph.add_node(node("Raqqa", Class::Place, Some("Syrie")));
        d.graph.add_edge(a, b, "controls".into());
        d.graph.add_edge(a, c, "controls".into());
        let dot = to_dot(&d, Lang::Fr);
        assert!(dot.contains("label=\"Irak\"") && dot.contains("0; 1;"), "{dot}");
        assert!(dot.contains("label=\"Syrie\""), "{dot}");
        assert!(dot.contains("labelloc=t"), "{dot}");
    }

    #[test]
    fn predicate_labels_come_from_the_ontology() {
        for p in Predicate::ALL {
            assert_ne!(
                predicate_label(p.name(), Lang::Fr),
                p.name(),
                "{p:?} has no French label"
            );
        }
        assert_eq!(predicate_label("controls", Lang::Fr), "contrôle");
        assert_eq!(predicate_label("then", Lang::Fr), "puis");
    }
}
