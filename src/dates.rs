//! **Dates**: the temporal expressions of an article, normalised to a day, a
//! month or a year.
//!
//! Absolute forms (« 7 novembre 2016 », « le 1er mai 2017 », « en juin
//! 2014 », « en 2014 ») stand alone. Partial and relative ones (« le 17
//! octobre », « mercredi 17 mai », « dimanche », « hier », « ce matin »,
//! « l'an dernier », « le mois dernier ») are resolved against the
//! publication date when the article has one; « la veille » and « le
//! lendemain » against the last day the text named before them, else the
//! publication date. What cannot be resolved stays unresolved: a date is
//! never guessed.

use crate::sentences::Sentence;
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// A calendar date with a precision: a day, a month or a year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct When {
    /// The year.
    pub year: i32,
    /// The month, 1 to 12, when known.
    pub month: Option<u32>,
    /// The day of the month, when known.
    pub day: Option<u32>,
}

/// How precise a date is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    /// A day.
    Day,
    /// A month.
    Month,
    /// A year.
    Year,
}

impl When {
    /// A day.
    pub fn day(year: i32, month: u32, day: u32) -> Option<When> {
        (1..=12).contains(&month).then_some(())?;
        (1..=days_in_month(year, month)).contains(&day).then_some(())?;
        Some(When {
            year,
            month: Some(month),
            day: Some(day),
        })
    }

    /// How precise it is.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// Its lexical form in XML Schema: `xsd:date`, `xsd:gYearMonth` or
    /// `xsd:gYear`, with the datatype's local name.
    pub fn xsd(&self) -> (String, &'static str) {
        match (self.month, self.day) {
            (Some(m), Some(d)) => (format!("{:04}-{m:02}-{d:02}", self.year), "date"),
            (Some(m), None) => (format!("{:04}-{m:02}", self.year), "gYearMonth"),
            _ => (format!("{:04}", self.year), "gYear"),
        }
    }

    fn days(&self) -> i64 {
        days_from_civil(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    fn plus_days(&self, n: i64) -> When {
        let (y, m, d) = civil_from_days(self.days() + n);
        When {
            year: y,
            month: Some(m),
            day: Some(d),
        }
    }

    /// Monday 0 … Sunday 6.
    fn weekday(&self) -> i64 {
        (self.days() + 3).rem_euclid(7)
    }
}

impl Precision {
    /// `day`, `month` or `year`.
    pub fn name(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Year => "year",
        }
    }
}

/// Days since 1970-01-01 (H. Hinnant's algorithm).
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The publication date of a `published` field: `2016-10-17`, or the date
/// part of `2016-10-17T08:00:00Z`.
pub fn publication(published: Option<&str>) -> Option<When> {
    let p = published?.trim();
    let (y, rest) = p.split_once('-')?;
    let (m, rest) = rest.split_once('-')?;
    let d: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    When::day(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// A temporal expression of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// Byte range in the clean text.
    pub span: Range<usize>,
    /// Index of the sentence holding it.
    pub sentence: usize,
    /// What it designates, when it could be resolved.
    pub when: Option<When>,
}

const MONTHS: &[(&str, u32)] = &[
    ("janvier", 1),
    ("janv", 1),
    ("février", 2),
    ("fevrier", 2),
    ("févr", 2),
    ("fevr", 2),
    ("mars", 3),
    ("avril", 4),
    ("avr", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("juil", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("sept", 9),
    ("octobre", 10),
    ("oct", 10),
    ("novembre", 11),
    ("nov", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("déc", 12),
    ("dec", 12),
];

const WEEKDAYS: &[&str] = &[
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let months = MONTHS.iter().map(|(m, _)| *m).collect::<Vec<_>>().join("|");
        let weekdays = WEEKDAYS.join("|");
        // Alternatives are tried in order at each position: the fullest
        // form first.
        Regex::new(&format!(
            r"(?xi)
            (?-u:\b)(?:(?P<wd>{weekdays})\s+)?(?P<d>1er|[12]?\d|3[01])\s+(?P<m>{months})\.?(?:\s+(?P<y>(?:19|20)\d\d))?(?-u:\b)
            | (?-u:\b)(?P<m2>{months})\s+(?P<y2>(?:19|20)\d\d)(?-u:\b)
            | (?-u:\b)(?:en|depuis|dès|début|fin|mi-|courant|été|automne|hiver|printemps|l'année|année)\s+(?P<y3>(?:19|20)\d\d)(?-u:\b)
            | (?-u:\b)(?P<rel>avant-hier|hier|aujourd'hui|aujourd’hui|ce\s+matin|ce\s+soir|cette\s+nuit|cet\s+après-midi
                |la\s+veille|l'avant-veille|l’avant-veille|le\s+lendemain
                |l'an\s+dernier|l’an\s+dernier|l'année\s+dernière|l’année\s+dernière|l'an\s+passé|l’an\s+passé
                |l'année\s+passée|l’année\s+passée|cette\s+année|le\s+mois\s+dernier|ce\s+mois-ci)(?-u:\b)
            | (?-u:\b)(?P<wd2>{weekdays})(?-u:\b)"
        ))
        .expect("a valid date pattern")
    })
}

/// The French name of month `m` (1 to 12).
pub fn month_name(m: u32) -> &'static str {
    MONTHS.iter().find(|(_, k)| *k == m).map_or("", |(name, _)| name)
}

/// The number of a month by its name or abbreviation, any case.
pub fn month_of(name: &str) -> Option<u32> {
    let n = name.to_lowercase();
    MONTHS.iter().find(|(m, _)| *m == n).map(|(_, k)| *k)
}

/// The day-month pair in the year that puts it on or before the
/// publication date (allowing a day for time zones), else the year before.
fn year_for(month: u32, day: u32, published: When) -> Option<When> {
    let this = When::day(published.year, month, day)?;
    if this.days() <= published.days() + 1 {
        Some(this)
    } else {
        When::day(published.year - 1, month, day)
    }
}

/// Finds the temporal expressions of `text`, resolving what can be against
/// `published`.
pub fn find(text: &str, sentences: &[Sentence], published: Option<When>) -> Vec<DateMention> {
    let mut out: Vec<DateMention> = Vec::new();
    // The last day the text named: what « la veille » is the eve of.
    let mut reference: Option<When> = None;
    for c in pattern().captures_iter(text) {
        let whole = c.get(0).expect("the whole match");
        // « 10h32 », « le 3 mai 2016 à 14h » are fine; « 12 mai » inside
        // « 2012 mai » cannot happen thanks to (?-u:\b). Skip times of day only.
        let get = |n: &str| c.name(n).map(|m| m.as_str());
        let when = if let Some(d) = get("d") {
            let day = if d.eq_ignore_ascii_case("1er") {
                1
            } else {
                d.parse().unwrap_or(0)
            };
            let month = get("m").and_then(month_of);
            match (month, get("y").and_then(|y| y.parse().ok())) {
                (Some(m), Some(y)) => When::day(y, m, day),
                (Some(m), None) => published.and_then(|p| year_for(m, day, p)),
                _ => None,
            }
        } else if let (Some(m), Some(y)) = (get("m2").and_then(month_of), get("y2")) {
            Some(When {
                year: y.parse().unwrap_or(0),
                month: Some(m),
                day: None,
            })
        } else if let Some(y) = get("y3") {
            Some(When {
                year: y.parse().unwrap_or(0),
                month: None,
                day: None,
            })
        } else if let Some(rel) = get("rel") {
            let rel = rel.to_lowercase().replace('’', "'");
            let rel: String = rel.split_whitespace().collect::<Vec<_>>().join(" ");
            let anchor = reference.or(published);
            match rel.as_str() {
                "la veille" => anchor.map(|a| a.plus_days(-1)),
                "l'avant-veille" => anchor.map(|a| a.plus_days(-2)),
                "le lendemain" => reference.map(|a| a.plus_days(1)),
                _ => published.map(|p| {
                    let year = |year| When {
                        year,
                        month: None,
                        day: None,
                    };
                    match rel.as_str() {
                        "hier" => p.plus_days(-1),
                        "avant-hier" => p.plus_days(-2),
                        "aujourd'hui" | "ce matin" | "ce soir" | "cette nuit" | "cet après-midi" => p,
                        "cette année" => year(p.year),
                        "ce mois-ci" => When { day: None, ..p },
                        "le mois dernier" => match p.month {
                            Some(m) if m > 1 => When {
                                year: p.year,
                                month: Some(m - 1),
                                day: None,
                            },
                            _ => When {
                                year: p.year - 1,
                                month: Some(12),
                                day: None,
                            },
                        },
                        // l'an dernier, l'année passée…
                        _ => year(p.year - 1),
                    }
                }),
            }
        } else if let Some(wd) = get("wd2") {
            // A weekday alone: the last such day on or before publication.
            let target = WEEKDAYS
                .iter()
                .position(|w| w.eq_ignore_ascii_case(wd))
                .unwrap_or(0) as i64;
            published.map(|p| p.plus_days(-(p.weekday() - target).rem_euclid(7)))
        } else {
            None
        };
        // « la veille » and « le lendemain » are relative to the narrative,
        // they do not move it.
        let narrative = get("rel").is_some_and(|r| {
            let r = r.to_lowercase();
            r.ends_with("veille") || r.ends_with("lendemain")
        });
        if let Some(w) = when.filter(|w| w.precision() == Precision::Day && !narrative) {
            reference = Some(w);
        }
        let sentence = crate::sentences::index_at(sentences, whole.start());
        out.push(DateMention {
            span: whole.range(),
            sentence,
            when,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sentences::split;

    fn dates(text: &str, published: Option<&str>) -> Vec<(String, Option<String>)> {
        find(text, &split(text), publication(published))
            .into_iter()
            .map(|d| (text[d.span].to_string(), d.when.map(|w| w.xsd().0)))
            .collect()
    }

    #[test]
    fn absolute_dates_stand_alone() {
        let t = "Le 7 novembre 2016, puis le 1er mai 2017 et en juin 2014, enfin en 2015.";
        assert_eq!(
            dates(t, None),
            vec![
                ("7 novembre 2016".into(), Some("2016-11-07".into())),
                ("1er mai 2017".into(), Some("2017-05-01".into())),
                ("juin 2014".into(), Some("2014-06".into())),
                ("en 2015".into(), Some("2015".into())),
            ]
        );
    }

    #[test]
    fn partial_and_relative_dates_need_the_publication_date() {
        let t = "L'armée est entrée hier dans la ville, prise le 17 octobre. Mercredi 17 mai, dimanche et l'an dernier.";
        let without = dates(t, None);
        assert!(without.iter().all(|(_, w)| w.is_none()), "{without:?}");
        let with = dates(t, Some("2017-05-22T09:00:00Z"));
        assert_eq!(
            with,
            vec![
                ("hier".into(), Some("2017-05-21".into())),
                ("17 octobre".into(), Some("2016-10-17".into())),
                ("Mercredi 17 mai".into(), Some("2017-05-17".into())),
                ("dimanche".into(), Some("2017-05-21".into())),
                ("l'an dernier".into(), Some("2016".into())),
            ]
        );
    }

    #[test]
    fn the_eve_is_of_the_last_day_named() {
        let t = "Le 10 juillet 2017, Mossoul est libérée. La veille, les combats avaient repris. Le lendemain, la fête.";
        let d = dates(t, Some("2017-07-20"));
        assert_eq!(d[1], ("La veille".into(), Some("2017-07-09".into())));
        assert_eq!(d[2], ("Le lendemain".into(), Some("2017-07-11".into())));
    }

    #[test]
    fn calendar_arithmetic() {
        let d = When::day(2016, 3, 1).unwrap();
        assert_eq!(d.plus_days(-1).xsd().0, "2016-02-29");
        assert_eq!(When::day(2017, 5, 21).unwrap().weekday(), 6, "a Sunday");
        assert!(When::day(2017, 2, 29).is_none());
        assert_eq!(publication(Some("17/10/2016")), None);
    }
}
