//! **Events**: the captures, attacks, air strikes, shellings, withdrawals,
//! sieges and operation launches the facts report, as things of their own
//! with an agent, a target, a date, supporters and counts — the way ACLED
//! and CAMEO code them, so that a researcher can line trame up with those
//! datasets.
//!
//! An event takes the date written in its sentence, the nearest to its
//! evidence; a sentence without one gives an undated event (never the
//! publication date, which is when it was written, not when it happened).

use crate::counts::Count;
use crate::dates::DateMention;
use crate::extract::Fact;
use crate::model::{Class, Predicate};
use crate::resolve::Resolution;
use std::ops::Range;

/// What kind of event a fact reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// A place taken by a state force (ACLED: government regains territory).
    Capture,
    /// A place taken by a non-state group (ACLED: non-state actor overtakes
    /// territory).
    Takeover,
    /// An attack on the ground.
    Attack,
    /// An air or drone strike.
    AirStrike,
    /// Shelling, artillery, rockets or missiles.
    Shelling,
    /// A retreat, flight or expulsion.
    Withdrawal,
    /// A siege or encirclement.
    Siege,
    /// An operation launched or led.
    Launch,
}

impl EventKind {
    /// Its name in the graph.
    pub fn name(self) -> &'static str {
        match self {
            EventKind::Capture => "capture",
            EventKind::Takeover => "takeover",
            EventKind::Attack => "attack",
            EventKind::AirStrike => "air strike",
            EventKind::Shelling => "shelling",
            EventKind::Withdrawal => "withdrawal",
            EventKind::Siege => "siege",
            EventKind::Launch => "operation launch",
        }
    }

    /// ACLED's event type and sub-event type.
    pub fn acled(self) -> (&'static str, &'static str) {
        match self {
            EventKind::Capture => ("Battles", "Government regains territory"),
            EventKind::Takeover => ("Battles", "Non-state actor overtakes territory"),
            EventKind::Attack | EventKind::Siege | EventKind::Launch => ("Battles", "Armed clash"),
            EventKind::AirStrike => ("Explosions/Remote violence", "Air/drone strike"),
            EventKind::Shelling => ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
            EventKind::Withdrawal => ("Strategic developments", "Non-violent transfer of territory"),
        }
    }

    /// The CAMEO event code.
    pub fn cameo(self) -> &'static str {
        match self {
            EventKind::Capture | EventKind::Takeover => "192",
            EventKind::Siege => "191",
            EventKind::AirStrike => "195",
            EventKind::Shelling => "194",
            EventKind::Withdrawal => "0874",
            EventKind::Attack | EventKind::Launch => "190",
        }
    }
}

/// An event and where it stands in the document.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// The fact it comes from (index into the document's facts).
    pub fact: usize,
    /// What happened.
    pub kind: EventKind,
    /// The date mention it takes its date from (index into the document's
    /// dates), if its sentence has one.
    pub date: Option<usize>,
    /// Actors the same sentence says supported the agent (entity indices).
    pub supporters: Vec<usize>,
    /// Counts in the same sentence (indices into the document's counts).
    pub counts: Vec<usize>,
}

const AIR: &[&str] = &[
    "frapp", "bombard", "raid", "aérien", "aerien", "aviation", "drone", "avion",
];
const SHELLS: &[&str] = &[
    "obus",
    "artillerie",
    "roquette",
    "missile",
    "pilonn",
    "mortier",
    "tir",
];

fn distance(a: &Range<usize>, b: &Range<usize>) -> usize {
    // Zero when they overlap.
    b.start.saturating_sub(a.end).max(a.start.saturating_sub(b.end))
}

/// The events of a document's facts.
pub fn build(
    text: &str,
    facts: &[Fact],
    dates: &[DateMention],
    counts: &[Count],
    resolution: &Resolution,
) -> Vec<Event> {
    let entities = &resolution.entities;
    let mut out = Vec::new();
    for (i, f) in facts.iter().enumerate() {
        let agent = entities[f.subject].class;
        let kind = match f.predicate {
            Predicate::Captured if agent == Class::ArmedGroup => EventKind::Takeover,
            Predicate::Captured => EventKind::Capture,
            Predicate::WithdrewFrom => EventKind::Withdrawal,
            Predicate::Besieged => EventKind::Siege,
            Predicate::LaunchedBy => EventKind::Launch,
            Predicate::Attacked => {
                let evidence = text[f.span.clone()].to_lowercase();
                if AIR.iter().any(|w| evidence.contains(w)) {
                    EventKind::AirStrike
                } else if SHELLS.iter().any(|w| evidence.contains(w)) {
                    EventKind::Shelling
                } else {
                    EventKind::Attack
                }
            }
            _ => continue,
        };
        let date = dates
            .iter()
            .enumerate()
            .filter(|(_, d)| d.sentence == f.sentence)
            .min_by_key(|(_, d)| distance(&d.span, &f.span))
            .map(|(k, _)| k);
        // The agent of a launch is the object of launchedBy.
        let agent_entity = if f.predicate == Predicate::LaunchedBy {
            f.object
        } else {
            f.subject
        };
        let supporters = facts
            .iter()
            .filter(|g| {
                g.predicate == Predicate::Supports
                    && g.sentence == f.sentence
                    && (g.object == agent_entity || g.object == f.subject)
            })
            .map(|g| g.subject)
            .collect();
        let counts = counts
            .iter()
            .enumerate()
            .filter(|(_, c)| c.sentence == f.sentence)
            .map(|(k, _)| k)
            .collect();
        out.push(Event {
            fact: i,
            kind,
            date,
            supporters,
            counts,
        });
    }
    out
}
