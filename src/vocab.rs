//! The **vocabulary**: every IRI trame writes, as constants, one doc line
//! each (oxrdf's `vocab.rs` style). `tests/ontology.rs` checks that the
//! constants and `ontology/trame.ttl` declare the same terms.

use oxigraph::model::NamedNodeRef;

/// The ontology namespace.
pub const NS: &str = "https://w3id.org/trame/ontology#";
/// Where entities live: `ID` + slug.
pub const ID: &str = "https://w3id.org/trame/id/";
/// Where document graphs live: `DOC` + document id.
pub const DOC: &str = "https://w3id.org/trame/doc/";
/// Where assertions (fact nodes with their evidence) live.
pub const FACT: &str = "https://w3id.org/trame/fact/";
/// Namespace of events.
pub const EVENT_NS: &str = "https://w3id.org/trame/event/";
/// Namespace of quotes.
pub const QUOTE_NS: &str = "https://w3id.org/trame/quote/";
/// Namespace of counts.
pub const COUNT_NS: &str = "https://w3id.org/trame/count/";
/// The graph holding the gazetteer's background knowledge.
pub const GAZETTEER_GRAPH: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/trame/graph/gazetteer");
/// The graph holding the ontology.
pub const ONTOLOGY_GRAPH: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/trame/graph/ontology");
/// The graph holding the corpus-wide tallies (see `statistics`).
pub const STATISTICS_GRAPH: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/trame/graph/statistics");
/// The extractor, as a PROV agent; its version is in its IRI.
pub const EXTRACTOR: &str = "https://w3id.org/trame/extractor/";

macro_rules! terms {
    ($($(#[$doc:meta])* $name:ident = $local:literal;)*) => {
        $( $(#[$doc])* pub const $name: NamedNodeRef<'static> =
            NamedNodeRef::new_unchecked(concat!("https://w3id.org/trame/ontology#", $local)); )*
        /// Every term of the trame namespace that the code writes.
        pub const ALL_TERMS: &[NamedNodeRef<'static>] = &[$($name),*];
    };
}

terms! {
    /// A named human.
    PERSON = "Person";
    /// A non-state armed organisation.
    ARMED_GROUP = "ArmedGroup";
    /// State armed forces, units, services, coalitions, regional forces.
    MILITARY_FORCE = "MilitaryForce";
    /// Any other organisation: government, ministry, alliance, agency, media.
    ORGANIZATION = "Organization";
    /// Any location.
    PLACE = "Place";
    /// A military operation, offensive or battle.
    OPERATION = "Operation";
    /// A news article, whose named graph holds what it says.
    DOCUMENT = "Document";
    /// One extracted fact with its evidence (an `rdf:Statement`).
    ASSERTION = "Assertion";
    /// The actor holds or held the place.
    CONTROLS = "controls";
    /// The actor took, retook, liberated or cleared the place.
    CAPTURED = "captured";
    /// The actor attacked, struck or shelled the place or actor.
    ATTACKED = "attacked";
    /// The operation was launched, led or conducted by the actor.
    LAUNCHED_BY = "launchedBy";
    /// What the operation is aimed at.
    TARGETS = "targets";
    /// Military support to an actor or operation.
    SUPPORTS = "supports";
    /// A stated alliance (symmetric).
    ALLIED_WITH = "alliedWith";
    /// Retreat, flight or expulsion from a place.
    WITHDREW_FROM = "withdrewFrom";
    /// Siege or encirclement of a place.
    BESIEGED = "besieged";
    /// A unit or component of a larger force or organisation.
    PART_OF = "partOf";
    /// Head, commander, chief, minister, mayor.
    LEADER_OF = "leaderOf";
    /// Spokesperson.
    SPOKESPERSON_OF = "spokespersonOf";
    /// Rank or affiliation.
    MEMBER_OF = "memberOf";
    /// Containment of a place in a place.
    LOCATED_IN = "locatedIn";
    /// Stated proximity, distance or direction (symmetric).
    NEAR = "near";
    /// The finer kind of an entity (city, governorate, militia, media…).
    KIND = "kind";
    /// The document a fact or mention was found in.
    IN_DOCUMENT = "inDocument";
    /// The sentence, as text, that states a fact.
    SENTENCE_TEXT = "sentenceText";
    /// Index of the sentence in the document, from 0.
    SENTENCE_INDEX = "sentenceIndex";
    /// Start of the evidence, in characters of the raw article text.
    START = "start";
    /// End (exclusive) of the evidence, in characters of the raw text.
    END = "end";
    /// The exact raw text between start and end.
    EVIDENCE = "evidence";
    /// Name of the rule that produced the fact.
    RULE = "rule";
    /// The extractor's confidence, 0 to 1.
    CONFIDENCE = "confidence";
    /// Who claims the fact: a source, a speaker, or the article's outlet.
    CLAIMED_BY = "claimedBy";
    /// The extractor (its version in its IRI) that made a document's graph.
    EXTRACTED_BY = "extractedBy";
    /// SHA-256 of the raw article text.
    CONTENT_HASH = "contentHash";
    /// Folded key under which a name was resolved.
    NAME_KEY = "nameKey";
    /// Something that happened: a capture, attack, strike, withdrawal,
    /// siege or operation launch that a fact reports.
    EVENT = "Event";
    /// A number the text ties to what it counts.
    COUNT = "Count";
    /// What kind of event (capture, takeover, attack, air strike…).
    EVENT_KIND = "eventKind";
    /// ACLED's event type.
    ACLED_EVENT_TYPE = "acledEventType";
    /// ACLED's sub-event type.
    ACLED_SUB_EVENT_TYPE = "acledSubEventType";
    /// The CAMEO event code.
    CAMEO_CODE = "cameoCode";
    /// What an event was aimed at, when not a place.
    EVENT_TARGET = "eventTarget";
    /// The operation an event launched.
    OPERATION_LAUNCHED = "operationLaunched";
    /// Who supported the agent of an event.
    SUPPORTED_BY = "supportedBy";
    /// Day, month or year: how precise a date is.
    DATE_PRECISION = "datePrecision";
    /// The words that gave a date.
    DATE_TEXT = "dateText";
    /// A count the event's sentence gives.
    HAS_COUNT = "hasCount";
    /// The number of a count.
    QUANTITY = "quantity";
    /// Its qualifier: « plus de », « environ », « des dizaines »…
    QUALIFIER = "qualifier";
    /// What is counted, as written.
    COUNTED = "counted";
    /// The entity the counted noun names, when it names one.
    COUNT_OF = "countOf";
    /// Words an article quotes someone saying.
    QUOTE = "Quote";
    /// The quoted words.
    QUOTATION = "quotation";
    /// Who is quoted.
    SPOKEN_BY = "spokenBy";
    /// The words that introduce a quote (« a déclaré », « selon »).
    INTRODUCED_BY = "introducedBy";
    /// How many documents state one relation (the statistics graph).
    TALLY = "Tally";
    /// How many facts one claimant claims (the statistics graph).
    SOURCE_TALLY = "SourceTally";
    /// The subject of the relation a tally counts.
    TALLY_SUBJECT = "tallySubject";
    /// The predicate of the relation a tally counts.
    TALLY_PREDICATE = "tallyPredicate";
    /// The object of the relation a tally counts.
    TALLY_OBJECT = "tallyObject";
    /// In how many documents.
    DOCUMENT_COUNT = "documentCount";
    /// How many facts.
    FACT_COUNT = "factCount";
    /// A cited source or speaker that claims the relation.
    CITED_CLAIMANT = "citedClaimant";
    /// The earliest publication date of the documents stating the relation.
    FIRST_REPORTED = "firstReported";
    /// The latest publication date of the documents stating the relation.
    LAST_REPORTED = "lastReported";
    /// Whose claims a source tally counts.
    CLAIMANT = "claimant";
    /// A predicate the claimant claims facts of.
    CLAIMED_PREDICATE = "claimedPredicate";
    /// The articles speaking in their own voice, as one claimant.
    OWN_VOICE = "ownVoice";
}

/// `rdf:type`.
pub const RDF_TYPE: NamedNodeRef<'static> = oxigraph::model::vocab::rdf::TYPE;
/// `rdf:subject`.
pub const RDF_SUBJECT: NamedNodeRef<'static> = oxigraph::model::vocab::rdf::SUBJECT;
/// `rdf:predicate`.
pub const RDF_PREDICATE: NamedNodeRef<'static> = oxigraph::model::vocab::rdf::PREDICATE;
/// `rdf:object`.
pub const RDF_OBJECT: NamedNodeRef<'static> = oxigraph::model::vocab::rdf::OBJECT;
/// `rdfs:subClassOf`.
pub const RDFS_SUBCLASS_OF: NamedNodeRef<'static> = oxigraph::model::vocab::rdfs::SUB_CLASS_OF;
/// `rdf:first`, `rdf:rest` and `rdf:nil`, of RDF lists.
pub const RDF_FIRST: NamedNodeRef<'static> = oxigraph::model::vocab::rdf::FIRST;
/// `rdf:rest`.
pub const RDF_REST: NamedNodeRef<'static> = oxigraph::model::vocab::rdf::REST;
/// `rdf:nil`.
pub const RDF_NIL: NamedNodeRef<'static> = oxigraph::model::vocab::rdf::NIL;
/// `rdfs:label`.
pub const RDFS_LABEL: NamedNodeRef<'static> = oxigraph::model::vocab::rdfs::LABEL;
/// `skos:prefLabel`.
pub const SKOS_PREF_LABEL: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#prefLabel");
/// `skos:altLabel`.
pub const SKOS_ALT_LABEL: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#altLabel");
/// `dcterms:identifier`.
pub const DCT_IDENTIFIER: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://purl.org/dc/terms/identifier");
/// `dcterms:title`.
pub const DCT_TITLE: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("http://purl.org/dc/terms/title");
/// `dcterms:source` (the URL).
pub const DCT_SOURCE: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("http://purl.org/dc/terms/source");
/// `dcterms:publisher` (the outlet).
pub const DCT_PUBLISHER: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://purl.org/dc/terms/publisher");
/// `dcterms:issued` (publication date).
pub const DCT_ISSUED: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("http://purl.org/dc/terms/issued");
/// `prov:wasDerivedFrom`.
pub const PROV_WAS_DERIVED_FROM: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/ns/prov#wasDerivedFrom");
/// `geo:hasGeometry`.
pub const GEO_HAS_GEOMETRY: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.opengis.net/ont/geosparql#hasGeometry");
/// `geo:asWKT`.
pub const GEO_AS_WKT: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.opengis.net/ont/geosparql#asWKT");
/// `geo:wktLiteral`.
pub const GEO_WKT_LITERAL: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.opengis.net/ont/geosparql#wktLiteral");
/// `sem:hasActor`.
pub const SEM_HAS_ACTOR: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://semanticweb.cs.vu.nl/2009/11/sem/hasActor");
/// `sem:hasPlace`.
pub const SEM_HAS_PLACE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://semanticweb.cs.vu.nl/2009/11/sem/hasPlace");
/// `sem:hasTimeStamp`.
pub const SEM_HAS_TIME_STAMP: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://semanticweb.cs.vu.nl/2009/11/sem/hasTimeStamp");
/// `owl:sameAs`, to GeoNames.
pub const OWL_SAME_AS: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#sameAs");
