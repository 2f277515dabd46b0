//! The **model**: the six entity classes and fifteen relation predicates of
//! the extraction contract (`eval/GUIDELINES.md`), as Rust values that the
//! stages pass around and [`crate::vocab`] turns into IRIs.

use oxigraph::model::NamedNodeRef;
use std::fmt;
use std::str::FromStr;

use crate::vocab;

/// The class of an entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    /// A named human.
    Person,
    /// A non-state armed organisation.
    ArmedGroup,
    /// State forces, units, coalitions.
    MilitaryForce,
    /// Any other organisation.
    Organization,
    /// A location.
    Place,
    /// An operation, offensive or battle.
    Operation,
}

impl Class {
    /// Every class.
    pub const ALL: [Class; 6] = [
        Class::Person,
        Class::ArmedGroup,
        Class::MilitaryForce,
        Class::Organization,
        Class::Place,
        Class::Operation,
    ];

    /// The class IRI.
    pub fn iri(self) -> NamedNodeRef<'static> {
        match self {
            Class::Person => vocab::PERSON,
            Class::ArmedGroup => vocab::ARMED_GROUP,
            Class::MilitaryForce => vocab::MILITARY_FORCE,
            Class::Organization => vocab::ORGANIZATION,
            Class::Place => vocab::PLACE,
            Class::Operation => vocab::OPERATION,
        }
    }

    /// The local name.
    pub fn name(self) -> &'static str {
        match self {
            Class::Person => "Person",
            Class::ArmedGroup => "ArmedGroup",
            Class::MilitaryForce => "MilitaryForce",
            Class::Organization => "Organization",
            Class::Place => "Place",
            Class::Operation => "Operation",
        }
    }

    /// Actors: those that fight, hold ground, launch and support.
    pub fn is_armed(self) -> bool {
        matches!(self, Class::ArmedGroup | Class::MilitaryForce)
    }

    /// Anything that can act: armed actors, organisations, people.
    pub fn is_actor(self) -> bool {
        matches!(
            self,
            Class::ArmedGroup | Class::MilitaryForce | Class::Organization | Class::Person
        )
    }
}

impl FromStr for Class {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Class::ALL
            .into_iter()
            .find(|c| c.name() == s)
            .ok_or_else(|| format!("unknown class {s:?} (expected one of Person, ArmedGroup, MilitaryForce, Organization, Place, Operation)"))
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A relation predicate of the contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Predicate {
    /// The actor holds or held the place.
    Controls,
    /// The actor took the place.
    Captured,
    /// The actor attacked the place or actor.
    Attacked,
    /// The operation was launched by the actor.
    LaunchedBy,
    /// The operation is aimed at the place or actor.
    Targets,
    /// Military support.
    Supports,
    /// Alliance (symmetric).
    AlliedWith,
    /// Retreat from a place.
    WithdrewFrom,
    /// Siege of a place.
    Besieged,
    /// Unit of a larger force.
    PartOf,
    /// Head of.
    LeaderOf,
    /// Spokesperson of.
    SpokespersonOf,
    /// Member of.
    MemberOf,
    /// Place in place.
    LocatedIn,
    /// Place near place (symmetric).
    Near,
}

impl Predicate {
    /// Every predicate.
    pub const ALL: [Predicate; 15] = [
        Predicate::Controls,
        Predicate::Captured,
        Predicate::Attacked,
        Predicate::LaunchedBy,
        Predicate::Targets,
        Predicate::Supports,
        Predicate::AlliedWith,
        Predicate::WithdrewFrom,
        Predicate::Besieged,
        Predicate::PartOf,
        Predicate::LeaderOf,
        Predicate::SpokespersonOf,
        Predicate::MemberOf,
        Predicate::LocatedIn,
        Predicate::Near,
    ];

    /// The predicate IRI.
    pub fn iri(self) -> NamedNodeRef<'static> {
        match self {
            Predicate::Controls => vocab::CONTROLS,
            Predicate::Captured => vocab::CAPTURED,
            Predicate::Attacked => vocab::ATTACKED,
            Predicate::LaunchedBy => vocab::LAUNCHED_BY,
            Predicate::Targets => vocab::TARGETS,
            Predicate::Supports => vocab::SUPPORTS,
            Predicate::AlliedWith => vocab::ALLIED_WITH,
            Predicate::WithdrewFrom => vocab::WITHDREW_FROM,
            Predicate::Besieged => vocab::BESIEGED,
            Predicate::PartOf => vocab::PART_OF,
            Predicate::LeaderOf => vocab::LEADER_OF,
            Predicate::SpokespersonOf => vocab::SPOKESPERSON_OF,
            Predicate::MemberOf => vocab::MEMBER_OF,
            Predicate::LocatedIn => vocab::LOCATED_IN,
            Predicate::Near => vocab::NEAR,
        }
    }

    /// The local name.
    pub fn name(self) -> &'static str {
        self.iri().as_str().rsplit('#').next().unwrap_or_default()
    }

    /// The contract predicate an IRI names, if it names one.
    pub fn from_iri(iri: NamedNodeRef<'_>) -> Option<Predicate> {
        Predicate::ALL.into_iter().find(|p| p.iri() == iri)
    }

    /// Symmetric predicates are stored once, in a canonical order.
    pub fn is_symmetric(self) -> bool {
        matches!(self, Predicate::AlliedWith | Predicate::Near)
    }
}

impl FromStr for Predicate {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Predicate::ALL
            .into_iter()
            .find(|p| p.name() == s)
            .ok_or_else(|| format!("unknown predicate {s:?}"))
    }
}

impl fmt::Display for Predicate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
