//! **Bench**: a corpus generator for benchmarks, and the measures the
//! `trame bench` command prints.
//!
//! The generated articles are French war news built from the gazetteer (its
//! towns and cities of Iraq and Syria, its people) and sentence templates
//! in the styles the press uses: dispatches, analyses, live blogs with
//! timestamps, reported speech, plans and denials that must give no fact,
//! numbers, distances, dates. The same seed gives the same corpus, at any
//! size; an article is about 3 KB, so 100,000 of them are about 300 MB.

use crate::diagram::Diagram;
use crate::gazetteer::Gazetteer;
use crate::model::Class;
use std::io::Write;

/// A small deterministic generator (SplitMix64): the same seed, the same
/// corpus, on every machine.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// One of the items.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Forces as the press names them, with their grammatical number (plural:
/// « ont repris », singular: « a repris »).
const FORCES: &[(&str, bool)] = &[
    ("les forces irakiennes", true),
    ("l'armée irakienne", false),
    ("le service du contre-terrorisme", false),
    ("les forces spéciales irakiennes", true),
    ("la police fédérale", false),
    ("les combattants peshmergas", true),
    ("les Forces démocratiques syriennes", true),
    ("les FDS", true),
    ("l'armée syrienne", false),
    ("les unités du Hachd al-Chaabi", true),
    ("les combattants kurdes des YPG", true),
    ("les rebelles syriens soutenus par Ankara", true),
];

/// Daech, by its names.
const GROUP: &[&str] = &[
    "Daech",
    "l'État islamique",
    "l'EI",
    "Daesh",
    "le groupe État islamique",
];

const SUPPORT: &[&str] = &[
    "la coalition internationale",
    "la coalition menée par Washington",
    "l'aviation russe",
    "l'aviation irakienne",
];

const OUTLETS: &[&str] = &[
    "Le Courrier du Levant",
    "Agence Orient Presse",
    "L'Écho de Bagdad",
    "Dépêches de l'Euphrate",
];

const DIRECTIONS: &[&str] = &["nord", "sud", "est", "ouest", "nord-est", "sud-ouest"];

const DAYS: &[&str] = &[
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

/// Sentences with slots: {F} a force (with {V:…|…} choosing singular or
/// plural forms), {G} the group, {T}/{T2} towns, {C} a city, {S} a
/// supporter, {P} a person, {N} a number, {K} a distance, {D} a direction,
/// {J} a weekday, {M} a month, {Y} a year, {O} an outlet.
const FACTS: &[&str] = &[
    "{F} {V:a|ont} repris {J} le contrôle de {T}, à {K} km au {D} de {C}, {V:a annoncé|ont annoncé} le commandement militaire.",
    "Appuyés par {S}, {F} {V:a|ont} lancé une offensive sur {T}, fief de {G} depuis {Y}.",
    "{G} contrôle toujours plusieurs quartiers de {C}, selon {O}.",
    "Les jihadistes de {G} se sont retirés de {T} après {N} jours de combats.",
    "{F} {V:encercle|encerclent} {T2}, où quelque {N} combattants de {G} seraient retranchés.",
    "{S} a mené plus de {N} frappes aériennes autour de {C} depuis le début du mois de {M}.",
    "La ville de {T} est tombée aux mains de {G} le {N2} {M} {Y}.",
    "{F} {V:a|ont} chassé {G} de {T2} {J}, selon un communiqué.",
    "« Nous avons libéré {T} et nos troupes avancent vers {C} », a déclaré {P}.",
    "Selon {O}, {F} {V:a|ont} pris le contrôle de l'aéroport de {C}.",
    "{T}, à {K} km au {D} de {C}, reste aux mains de {G}.",
    "Des milliers de civils ont fui {T} vers les camps de déplacés, selon l'ONU.",
];

/// Plans, conditionals, denials, questions: traps that must give no fact.
const TRAPS: &[&str] = &[
    "{F} {V:veut|veulent} reprendre {C} avant la fin de l'année.",
    "{F} n'{V:a|ont} pas encore pris {T2}, selon des sources locales.",
    "{F} pourrai{V:t|ent} lancer l'assaut sur {C} dans les prochaines semaines.",
    "{G} va-t-il perdre {C} d'ici l'été ?",
    "Le commandement dément que {F} {V:ait|aient} abandonné {T}.",
];

/// Context that names nothing to extract.
const FILLER: &[&str] = &[
    "Les habitants décrivent des scènes de destruction dans le centre-ville.",
    "Les routes restent minées, ce qui ralentit la progression des troupes.",
    "Des organisations humanitaires s'inquiètent du sort des déplacés, privés d'eau et d'électricité.",
    "Les combats ont repris dans la matinée après une nuit relativement calme.",
    "Plusieurs ponts ont été détruits par les jihadistes dans leur fuite.",
    "Les autorités locales appellent les familles à ne pas rentrer avant le déminage des quartiers.",
    "Les écoles de la région sont fermées depuis plusieurs mois.",
    "Le bilan des pertes reste difficile à établir de source indépendante.",
];

/// Place and people names from the gazetteer.
struct Names {
    towns: Vec<String>,
    cities: Vec<String>,
    people: Vec<String>,
}

impl Names {
    fn from(gazetteer: &Gazetteer) -> Names {
        let in_war = |i: usize| {
            gazetteer
                .country_of(i)
                .is_some_and(|c| matches!(gazetteer.entry(c).id.as_str(), "irak" | "syrie"))
        };
        let mut names = Names {
            towns: Vec::new(),
            cities: Vec::new(),
            people: Vec::new(),
        };
        for (i, e) in gazetteer.entries().iter().enumerate() {
            match (e.class, e.kind.as_str()) {
                (Class::Place, "town" | "village") if in_war(i) => names.towns.push(e.label.clone()),
                (Class::Place, "city") if in_war(i) => names.cities.push(e.label.clone()),
                (Class::Person, _) => names.people.push(e.label.clone()),
                _ => {}
            }
        }
        names
    }
}

/// Fills a template's slots.
fn fill(template: &str, rng: &mut Rng, names: &Names, year: u32) -> String {
    let (force, plural) = *rng.pick(FORCES);
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').expect("closed slot");
        let slot = &rest[open + 1..close];
        let value = match slot {
            "F" => force.to_string(),
            "G" => rng.pick(GROUP).to_string(),
            "T" | "T2" => rng.pick(&names.towns).clone(),
            "C" => rng.pick(&names.cities).clone(),
            "S" => rng.pick(SUPPORT).to_string(),
            "P" => rng.pick(&names.people).clone(),
            "N" => (5 + rng.below(2000)).to_string(),
            "N2" => (1 + rng.below(28)).to_string(),
            "K" => (5 + rng.below(120)).to_string(),
            "D" => rng.pick(DIRECTIONS).to_string(),
            "J" => rng.pick(DAYS).to_string(),
            "M" => crate::dates::month_name(1 + rng.below(12) as u32).to_string(),
            "Y" => year.to_string(),
            "O" => rng.pick(OUTLETS).to_string(),
            v if v.starts_with("V:") => {
                let (one, many) = v[2..].split_once('|').expect("two forms");
                if plural { many } else { one }.to_string()
            }
            other => other.to_string(),
        };
        out.push_str(&value);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    // A sentence starts with a capital.
    let mut chars = out.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => out,
    }
}

/// One article, as a JSON Lines record.
fn article(i: usize, rng: &mut Rng, names: &Names) -> serde_json::Value {
    let year = 2014 + rng.below(6) as u32;
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    let live = rng.below(5) == 0;
    let sentences = 14 + rng.below(16);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut paragraph: Vec<String> = Vec::new();
    let (mut hour, mut minute) = (8 + rng.below(4), rng.below(60));
    for k in 0..sentences {
        let kind = rng.below(10);
        let template = *match kind {
            0..=4 => rng.pick(FACTS),
            5 | 6 => rng.pick(TRAPS),
            _ => rng.pick(FILLER),
        };
        let mut s = fill(template, rng, names, year);
        if live && paragraph.is_empty() {
            minute += 7 + rng.below(40);
            hour += minute / 60;
            minute %= 60;
            s = format!("{hour}h{minute:02} — {s}");
        }
        paragraph.push(s);
        if paragraph.len() >= 2 + rng.below(3) || k + 1 == sentences {
            paragraphs.push(paragraph.join(" "));
            paragraph.clear();
        }
    }
    let template = *rng.pick(FACTS);
    let title = fill(template, rng, names, year);
    serde_json::json!({
        "id": format!("bench-{i:07}"),
        "published": format!("{year}-{month:02}-{day:02}"),
        "source": rng.pick(OUTLETS),
        "title": title.trim_end_matches('.'),
        "text": paragraphs.join("\n"),
    })
}

/// Writes `articles` generated articles as JSON Lines; returns the bytes
/// written.
pub fn corpus(
    articles: usize,
    seed: u64,
    gazetteer: &Gazetteer,
    mut out: impl Write,
) -> std::io::Result<u64> {
    let names = Names::from(gazetteer);
    let mut rng = Rng::new(seed);
    let mut bytes = 0;
    for i in 0..articles {
        let line = article(i, &mut rng, &names).to_string();
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
        bytes += line.len() as u64 + 1;
    }
    out.flush()?;
    Ok(bytes)
}

/// The peak resident memory of this process so far, in bytes (Linux).
pub fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Resets the peak resident memory (Linux), so that the next phase of a
/// benchmark measures its own peak.
pub fn reset_peak_memory() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_corpus() {
        let g = Gazetteer::builtin();
        let (mut a, mut b, mut c) = (Vec::new(), Vec::new(), Vec::new());
        corpus(20, 7, g, &mut a).unwrap();
        corpus(20, 7, g, &mut b).unwrap();
        corpus(20, 8, g, &mut c).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        let text = String::from_utf8(a).unwrap();
        assert_eq!(text.lines().count(), 20);
        let mean = text.len() / 20;
        assert!((1500..6000).contains(&mean), "about 3 KB an article: {mean}");
    }

    #[test]
    fn generated_articles_give_facts_and_their_traps_none() {
        let g = Gazetteer::builtin();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bench.jsonl");
        corpus(30, 1, g, std::fs::File::create(&path).unwrap()).unwrap();
        let mut facts = 0;
        crate::article::read_file(&path, |a| {
            let doc = crate::process_with(a.unwrap(), g);
            facts += doc.facts.len();
            for f in &doc.facts {
                let evidence = &doc.clean.text[f.span.clone()];
                assert!(
                    !evidence.contains("veulent reprendre") && !evidence.contains("pas encore pris"),
                    "a trap gave a fact: {evidence}"
                );
            }
        })
        .unwrap();
        assert!(facts > 100, "{facts} facts from 30 articles");
    }
}

/// What `trame bench` measured.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Report {
    /// Articles in the corpus.
    pub articles: usize,
    /// Corpus size in bytes.
    pub bytes: u64,
    /// Words of the corpus (whitespace-separated tokens).
    pub words: usize,
    /// Quads trame made (without the background graphs).
    pub quads: usize,
    /// Extraction threads.
    pub threads: usize,
    /// Extraction alone, no store: seconds.
    pub extract_seconds: f64,
    /// End-to-end ingest into a fresh on-disk store: seconds.
    pub ingest_seconds: f64,
    /// Peak resident memory of the ingest, bytes.
    pub ingest_peak_bytes: Option<u64>,
    /// Oxigraph's bulk loader loading the very quads trame stored (its
    /// N-Quads export) into a fresh on-disk store: seconds.
    pub oxigraph_load_seconds: f64,
    /// Peak resident memory of that load, bytes.
    pub oxigraph_load_peak_bytes: Option<u64>,
    /// Quads in the store (background graphs included), as loaded by both.
    pub store_quads: usize,
    /// Each question on the ingested store: the files of `queries/`, then
    /// one place's neighbourhood and control timeline as `trame dot` draws
    /// them.
    pub questions: Vec<Question>,
}

impl Report {
    /// Ingest time over Oxigraph's own load time of the same quads.
    pub fn ingest_over_load(&self) -> f64 {
        self.ingest_seconds / self.oxigraph_load_seconds
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mb = |b: u64| b as f64 / 1e6;
        let peak = |p: Option<u64>| p.map_or("?".to_string(), |p| format!("{:.0} MB", mb(p)));
        writeln!(
            f,
            "corpus: {} articles, {:.1} MB, {} words; {} quads extracted ({} threads)",
            self.articles,
            mb(self.bytes),
            self.words,
            self.quads,
            self.threads
        )?;
        writeln!(
            f,
            "extraction alone:  {:>8.2} s  {:>9.0} articles/s  {:>10.0} words/s  {:>9.0} quads/s",
            self.extract_seconds,
            self.articles as f64 / self.extract_seconds,
            self.words as f64 / self.extract_seconds,
            self.quads as f64 / self.extract_seconds
        )?;
        writeln!(
            f,
            "ingest (on disk):  {:>8.2} s  {:>9.0} articles/s  {:>10.0} words/s  {:>9.0} quads/s  peak {}",
            self.ingest_seconds,
            self.articles as f64 / self.ingest_seconds,
            self.words as f64 / self.ingest_seconds,
            self.store_quads as f64 / self.ingest_seconds,
            peak(self.ingest_peak_bytes)
        )?;
        writeln!(
            f,
            "oxigraph bulk load of the same quads: {:.2} s  {:.0} quads/s  peak {}",
            self.oxigraph_load_seconds,
            self.store_quads as f64 / self.oxigraph_load_seconds,
            peak(self.oxigraph_load_peak_bytes)
        )?;
        write!(
            f,
            "ingest / oxigraph load: {:.2} (target ≤ 1.25)",
            self.ingest_over_load()
        )?;
        for q in &self.questions {
            write!(f, "\n{q}")?;
        }
        Ok(())
    }
}

/// One question's timings: asked once, then again at once, so that the
/// second figure shows it with the store's blocks in memory.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Question {
    /// The file or diagram, with what it answered.
    pub name: String,
    /// Seconds the first asking took.
    pub first_seconds: f64,
    /// Seconds the second asking took.
    pub again_seconds: f64,
}

impl std::fmt::Display for Question {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "  {:>8.1} ms  {:>8.1} ms again  {}",
            self.first_seconds * 1000.0,
            self.again_seconds * 1000.0,
            self.name
        )
    }
}

/// Runs the benchmark on a JSON Lines corpus: extraction alone, then the
/// end-to-end ingest into a fresh store under `work`, then Oxigraph's bulk
/// loader on the N-Quads export of that store into another fresh store.
pub fn run(
    corpus: &std::path::Path,
    work: &std::path::Path,
    threads: usize,
    queries: Option<&std::path::Path>,
) -> crate::Result<Report> {
    use crate::ingest::{self, Options};
    use crate::store::Store;
    use std::time::Instant;
    let gazetteer = Gazetteer::builtin();
    let options = Options {
        threads,
        ..Options::default()
    };
    let bytes = std::fs::metadata(corpus)
        .map_err(|source| crate::Error::Io {
            path: corpus.to_path_buf(),
            source,
        })?
        .len();
    let read = |push: &mut dyn FnMut(crate::article::Article) -> bool| {
        let _ = crate::article::read_file(corpus, |a| {
            if let Ok(a) = a {
                push(a);
            }
        });
    };

    let start = Instant::now();
    let extracted = ingest::extract_only(gazetteer, &options, read)?;
    let extract_seconds = start.elapsed().as_secs_f64();

    let trame_store = work.join("trame-store");
    reset_peak_memory();
    let start = Instant::now();
    let store_quads = {
        let store = Store::open(&trame_store)?;
        store.ensure_background(gazetteer)?;
        ingest::ingest(&store, gazetteer, &options, read)?;
        store.oxigraph().len()?
    };
    let ingest_seconds = start.elapsed().as_secs_f64();
    let ingest_peak_bytes = peak_memory();
    let questions = questions(&Store::open(&trame_store)?, queries)?;

    let nquads = work.join("export.nq");
    {
        let store = Store::open(&trame_store)?;
        let file = std::fs::File::create(&nquads).map_err(|source| crate::Error::Io {
            path: nquads.clone(),
            source,
        })?;
        crate::export::export(
            &store,
            crate::export::Format::Nquads,
            None,
            None,
            std::io::BufWriter::new(file),
        )?;
    }
    reset_peak_memory();
    let start = Instant::now();
    {
        let store = oxigraph::store::Store::open(work.join("oxigraph-store"))?;
        let file = std::fs::File::open(&nquads).map_err(|source| crate::Error::Io {
            path: nquads.clone(),
            source,
        })?;
        // Without its commit, a bulk load writes nothing: it only parses.
        let mut loader = store.bulk_loader();
        loader
            .load_from_reader(oxigraph::io::RdfFormat::NQuads, std::io::BufReader::new(file))
            .map_err(|e| crate::Error::Output(e.to_string()))?;
        loader.commit()?;
        store.flush()?;
        let loaded = store.len()?;
        if loaded != store_quads {
            return Err(crate::Error::Output(format!(
                "Oxigraph's load of the export holds {loaded} quads where the ingest stored {store_quads}"
            )));
        }
    }
    let oxigraph_load_seconds = start.elapsed().as_secs_f64();
    let oxigraph_load_peak_bytes = peak_memory();
    Ok(Report {
        articles: extracted.documents,
        bytes,
        words: extracted.words,
        quads: extracted.quads,
        threads,
        extract_seconds,
        ingest_seconds,
        ingest_peak_bytes,
        oxigraph_load_seconds,
        oxigraph_load_peak_bytes,
        store_quads,
        questions,
    })
}

/// Times the researcher questions on a store, each asked twice: every
/// `.rq` of `queries`, then Mossoul's neighbourhood and control timeline.
pub fn questions(
    store: &crate::store::Store,
    queries: Option<&std::path::Path>,
) -> crate::Result<Vec<Question>> {
    let mut out = Vec::new();
    let mut files: Vec<std::path::PathBuf> = match queries {
        Some(dir) => std::fs::read_dir(dir)
            .map_err(|source| crate::Error::Io {
                path: dir.to_path_buf(),
                source,
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "rq"))
            .collect(),
        None => Vec::new(),
    };
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|source| crate::Error::Io {
            path: f.clone(),
            source,
        })?;
        let (first, rows) = ask(store, &text);
        let (again, _) = ask(store, &text);
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        out.push(Question {
            name: format!("{name} ({rows})"),
            first_seconds: first,
            again_seconds: again,
        });
    }
    let mossoul = crate::diagram::Builder::new(store).find_entity("Mossoul")?;
    let builder = || crate::diagram::Builder::new(store);
    let nodes = |d: &Diagram| d.graph.node_count();
    // A timeline's or periods' nodes but the place's own.
    let events = |d: &Diagram| d.graph.node_count().saturating_sub(1);
    out.push(diagram_question(
        "dot --entity Mossoul",
        "nodes",
        || builder().neighbourhood(&mossoul, 1),
        nodes,
    )?);
    out.push(diagram_question(
        "dot --timeline Mossoul",
        "events",
        || builder().timeline(&mossoul),
        events,
    )?);
    out.push(diagram_question(
        "dot --periods Mossoul",
        "periods",
        || builder().periods(&mossoul),
        events,
    )?);
    Ok(out)
}

/// Asks one question, stopped after a minute: its seconds, and how many rows
/// it gave (or why it gave none).
fn ask(store: &crate::store::Store, text: &str) -> (f64, String) {
    // A question gets a minute; one that takes longer is reported so.
    let token = oxigraph::sparql::CancellationToken::new();
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    let timer = {
        let token = token.clone();
        std::thread::spawn(move || {
            if done_rx.recv_timeout(std::time::Duration::from_secs(60)).is_err() {
                token.cancel();
            }
        })
    };
    let start = std::time::Instant::now();
    let rows = match store.query_cancellable(text, Some(token)) {
        Ok(oxigraph::sparql::QueryResults::Solutions(s)) => s.take_while(Result::is_ok).count().to_string(),
        Ok(oxigraph::sparql::QueryResults::Graph(g)) => g.take_while(Result::is_ok).count().to_string(),
        Ok(oxigraph::sparql::QueryResults::Boolean(_)) => "1".into(),
        Err(e) => format!("no answer: {e}"),
    };
    let elapsed = start.elapsed().as_secs_f64();
    let _ = done_tx.send(());
    let _ = timer.join();
    let rows = if elapsed >= 59.0 {
        "stopped after 60 s".into()
    } else {
        format!("{rows} rows")
    };
    (elapsed, rows)
}

/// A diagram drawn twice in a row, timed each time, named with how many
/// of what (`count`) it holds.
fn diagram_question(
    name: &str,
    what: &str,
    draw: impl Fn() -> crate::Result<Diagram>,
    count: impl Fn(&Diagram) -> usize,
) -> crate::Result<Question> {
    let start = std::time::Instant::now();
    draw()?;
    let first_seconds = start.elapsed().as_secs_f64();
    let start = std::time::Instant::now();
    let d = draw()?;
    Ok(Question {
        name: format!("{name} ({} {what})", count(&d)),
        first_seconds,
        again_seconds: start.elapsed().as_secs_f64(),
    })
}
