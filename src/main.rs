//! The `trame` command line: the edge where library errors become messages
//! and exit codes.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use oxigraph::io::RdfFormat;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::QueryResults;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use trame::article;

mod commands;

// glibc's allocator, fragmented by millions of small strings made on the
// extraction threads and freed on the loader's, made the bulk loader's key
// sort four times slower than in a fresh process; mimalloc keeps it even.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use trame::diagram::{self, Lang};
use trame::export;
use trame::gazetteer::Gazetteer;
use trame::store::Store;
use trame::triples;
use trame::validate::{Severity, Shapes};

/// French war-news articles in, an RDF knowledge graph out.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// The store folder (created if missing).
    #[arg(long, global = true, env = "TRAME_STORE", default_value = "trame-store")]
    store: PathBuf,
    /// Print nothing but errors: no progress bar, no summary.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Publication date (YYYY-MM-DD) of articles that do not give one:
    /// relative dates (« hier », « dimanche », « le 17 octobre ») are
    /// resolved against it. Without it they stay unresolved.
    #[arg(long, global = true, value_parser = parse_published)]
    published: Option<String>,
    /// A table of rule confidences measured on other annotated articles
    /// (as `scripts/calibrate.py --write` writes it), instead of the one
    /// built in.
    #[arg(long, global = true)]
    calibration: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read articles (files or folders of .txt, .html, .jsonl) into the store.
    ///
    /// Example: trame ingest examples/articles
    Ingest {
        /// Files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Re-extract documents even when their content is unchanged.
        #[arg(long)]
        force: bool,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
        /// Extraction threads (default: one per core).
        #[arg(long)]
        threads: Option<usize>,
    },
    /// Extract without a store: articles in, N-Quads out on standard output.
    ///
    /// Example: trame extract examples/articles > graph.nq
    Extract {
        /// Files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Ask a SPARQL question over all documents.
    ///
    /// Example: trame query --file queries/who-controls-what.rq --format csv
    Query {
        /// The query text (or use --file).
        sparql: Option<String>,
        /// A file holding the query.
        #[arg(long, short)]
        file: Option<PathBuf>,
        /// Result format.
        #[arg(long, value_enum, default_value = "table")]
        format: ResultFormat,
    },
    /// Write the graph in an RDF format.
    ///
    /// Example: trame export --format turtle -o graph.ttl
    Export {
        /// RDF format.
        #[arg(long, value_enum, default_value = "nquads")]
        format: export::Format,
        /// Only this document's graph (its id).
        #[arg(long)]
        document: Option<String>,
        /// Leave out the facts stated with a lower confidence (0 to 1): their
        /// assertions, and a document's plain triple when none of its
        /// assertions reaches it. Events, quotes and tallies stay as they are.
        #[arg(long, value_parser = parse_confidence)]
        min_confidence: Option<f32>,
        /// Output file (standard output if absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Draw a diagram in DOT (or SVG/PNG through Graphviz): an entity's
    /// neighbourhood, an operation, a place's control timeline or periods, the whole
    /// graph filtered by class and predicate, or a CONSTRUCT query.
    ///
    /// Examples:
    ///   trame dot --entity Mossoul --depth 2 --format svg -o mossoul.svg
    ///   trame dot --operation "bataille de Mossoul" --lang en
    ///   trame dot --timeline Kobané --format png -o kobane.png
    ///   trame dot --periods Mossoul --format svg -o mossoul-periods.svg
    ///   trame dot --all --class ArmedGroup --class Place --predicate controls --cluster country
    ///   trame dot --construct queries/neighbourhood-of-mossoul.rq
    #[command(verbatim_doc_comment)]
    #[command(group(clap::ArgGroup::new("what").required(true).args(["entity", "operation", "timeline", "periods", "all", "construct"])))]
    Dot {
        /// An entity's neighbourhood (a name, an IRI, or an id such as `mossoul`).
        #[arg(long)]
        entity: Option<String>,
        /// Hops from the entity.
        #[arg(long, default_value_t = 1)]
        depth: usize,
        /// An operation with its launchers, targets, supporters and dates.
        #[arg(long)]
        operation: Option<String>,
        /// A place's control timeline: who held, took, left, besieged or
        /// attacked it, in the order of the articles' dates.
        #[arg(long)]
        timeline: Option<String>,
        /// A place's control periods: per actor and kind of event, how many
        /// articles say it and when the press first and last reported it
        /// (the timeline's summary, for a place named in many articles).
        #[arg(long)]
        periods: Option<String>,
        /// The whole graph, narrowed by --class and --predicate.
        #[arg(long)]
        all: bool,
        /// With --all: keep relations between entities of these classes
        /// (Person, ArmedGroup, MilitaryForce, Organization, Place, Operation).
        #[arg(long = "class", requires = "all")]
        classes: Vec<trame::model::Class>,
        /// With --all: keep these predicates (e.g. controls, supports).
        #[arg(long = "predicate", requires = "all")]
        predicates: Vec<trame::model::Predicate>,
        /// A file with a CONSTRUCT query whose triples to draw.
        #[arg(long)]
        construct: Option<PathBuf>,
        /// Group nodes in boxes: one per document, or one per country.
        #[arg(long, value_enum, default_value = "none")]
        cluster: diagram::Clusters,
        /// Language of edge labels and legend.
        #[arg(long, value_enum, default_value = "fr")]
        lang: Lang,
        /// Also draw the gazetteer's background relations (containment of
        /// places, units of forces), not only what the articles say.
        #[arg(long)]
        background: bool,
        /// Output format: DOT text, or an image rendered by Graphviz.
        #[arg(long, value_enum, default_value = "dot")]
        format: DiagramFormat,
        /// Output file (standard output if absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Check the store's graphs against the SHACL shapes of the ontology
    /// (ontology/shapes.ttl), and say what is wrong in plain words.
    ///
    /// Exit status 1 when a graph breaks a shape; warnings alone pass.
    ///
    /// Example: trame validate --document mossoul-2016-10
    Validate {
        /// Only this document's graph (its id).
        #[arg(long)]
        document: Option<String>,
        /// Shapes to use instead of the shipped ones (Turtle).
        #[arg(long)]
        shapes: Option<PathBuf>,
        /// Print the findings as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write a generated benchmark corpus: French war news in JSON Lines,
    /// built from the gazetteer and sentence templates, the same for the
    /// same seed (about 3 KB an article).
    ///
    /// Example: trame bench-corpus --articles 100000 -o corpus.jsonl
    BenchCorpus {
        /// Number of articles.
        #[arg(long, default_value_t = 1000)]
        articles: usize,
        /// Seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output file (standard output if absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Measure trame on a corpus: extraction alone, the end-to-end ingest
    /// into a fresh on-disk store, and Oxigraph's own bulk loader loading
    /// the very quads trame stored, side by side; then the questions of
    /// queries/ (when run from the project folder) and a place's diagrams
    /// on that store. Prints articles/s, words/s, quads/s, peak memory and
    /// milliseconds per question.
    ///
    /// Example: trame bench --articles 10000
    Bench {
        /// A JSON Lines corpus (generated with --articles and --seed if
        /// absent).
        #[arg(long)]
        corpus: Option<PathBuf>,
        /// Articles to generate when no corpus is given.
        #[arg(long, default_value_t = 2000)]
        articles: usize,
        /// Seed of the generated corpus.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Extraction threads (default: one per core).
        #[arg(long)]
        threads: Option<usize>,
        /// Where the stores and the export go (a temporary folder if absent;
        /// it needs about twice the corpus size).
        #[arg(long)]
        work: Option<PathBuf>,
        /// Print the figures as JSON.
        #[arg(long)]
        json: bool,
        /// Only time the questions (each asked twice), on the existing
        /// store given by --store: for a store too large to ingest again,
        /// such as 100,000 articles.
        #[arg(long)]
        questions_only: bool,
    },
    /// Print the JSON-LD context of the exports (ontology/context.jsonld).
    ///
    /// Example: trame context > context.jsonld
    Context,
    /// Compact the store on disk: after a large ingest, questions read one
    /// sorted file per index instead of merging every batch's files.
    ///
    /// Example: trame optimize
    Optimize,
    /// Recompute the corpus-wide tallies (the statistics graph) that the
    /// whole-corpus questions of queries/ read. Every ingest that changes the
    /// store does it; run it after changing the store by other means.
    ///
    /// Example: trame tally
    Tally,
    /// Count documents, entities per class and facts per predicate.
    ///
    /// Example: trame stats --json
    Stats {
        /// Print the counts as JSON.
        #[arg(long)]
        json: bool,
        /// Count the quads too (reads every key of the store: half a minute
        /// at 100,000 articles).
        #[arg(long)]
        quads: bool,
    },
    /// Show, sentence by sentence, what trame finds in articles and why:
    /// mentions with their entities, facts with their rule.
    ///
    /// Example: trame explain examples/articles/ramadi-2015-12.txt
    Explain {
        /// Files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Parse articles: every sentence's words with lemma, part of speech,
    /// morphology and dependency tree, in CoNLL-U.
    ///
    /// Example: trame parse examples/articles/ramadi-2015-12.txt
    Parse {
        /// Files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DiagramFormat {
    Dot,
    Svg,
    Png,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ResultFormat {
    Table,
    Csv,
    Tsv,
    Json,
}

fn parse_published(s: &str) -> Result<String, String> {
    trame::dates::publication(Some(s))
        .map(|_| s.to_string())
        .ok_or_else(|| format!("{s:?} is not a date: write it YYYY-MM-DD, e.g. 2016-10-17"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS; // `trame query … | head` is not an error
            }
            eprintln!("trame: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            || c.to_string().contains("Broken pipe")
    })
}

fn output(path: &Option<PathBuf>) -> Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    })
}

/// A confidence on the command line: a number from 0 to 1.
fn parse_confidence(s: &str) -> std::result::Result<f32, String> {
    match s.parse::<f32>() {
        Ok(c) if (0.0..=1.0).contains(&c) => Ok(c),
        _ => Err(format!("{s:?} is not a confidence from 0 to 1")),
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    if let Some(path) = &cli.calibration {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        let table = trame::extract::calibration::Calibration::parse(&path.display().to_string(), &text)?;
        trame::extract::calibration::Calibration::install(table);
    }
    // Without a syntax model the rules over the tree cannot run: say so
    // once, before the articles, and go on with the others.
    if !cli.quiet
        && matches!(
            cli.command,
            Command::Ingest { .. } | Command::Extract { .. } | Command::Explain { .. }
        )
    {
        if let Err(e) = trame::syntax::Model::installed() {
            eprintln!("trame: warning: {e}; only the rules over rows of words run");
        }
    }
    match cli.command {
        Command::Ingest {
            paths,
            force,
            json,
            threads,
        } => {
            let mut options = trame::ingest::Options {
                force,
                ..Default::default()
            };
            if let Some(t) = threads {
                options.threads = t;
            }
            ingest(
                &cli.store,
                &paths,
                &options,
                json,
                cli.quiet,
                cli.published.as_deref(),
            )
        }
        Command::Extract { paths } => extract(&paths, cli.published.as_deref()),
        Command::Query { sparql, file, format } => {
            let text = match (sparql, file) {
                (Some(q), None) => q,
                (None, Some(f)) => {
                    std::fs::read_to_string(&f).with_context(|| format!("cannot read {}", f.display()))?
                }
                _ => bail!("give a query, or --file with one (not both)"),
            };
            let store = open(&cli.store)?;
            let results = store.query(&text)?;
            write_results(results, format, io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            format,
            document,
            min_confidence,
            output: path,
        } => {
            let store = open(&cli.store)?;
            let out = output(&path)?;
            let mut out = export::export(&store, format, document.as_deref(), min_confidence, out)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Dot {
            entity,
            depth,
            operation,
            timeline,
            periods,
            all,
            classes,
            predicates,
            construct,
            cluster,
            lang,
            background,
            format,
            output: path,
        } => {
            let store = open(&cli.store)?;
            let builder = diagram::Builder::new(&store)
                .with_background(background)
                .with_clusters(cluster);
            let graph = if let Some(name) = entity {
                let iri = builder.find_entity(&name)?;
                builder.neighbourhood(&iri, depth)?
            } else if let Some(name) = operation {
                let iri = builder.find_entity(&name)?;
                builder.operation(&iri)?
            } else if let Some(name) = timeline {
                let iri = builder.find_entity(&name)?;
                builder.timeline(&iri)?
            } else if let Some(name) = periods {
                let iri = builder.find_entity(&name)?;
                builder.periods(&iri)?
            } else if all {
                builder.filtered(&classes, &predicates)?
            } else if let Some(file) = construct {
                let q = std::fs::read_to_string(&file)
                    .with_context(|| format!("cannot read {}", file.display()))?;
                builder.construct(&q)?
            } else {
                bail!("give --entity, --operation, --timeline, --periods, --all or --construct");
            };
            let dot = diagram::to_dot(&graph, lang);
            let bytes = match format {
                DiagramFormat::Dot => dot.into_bytes(),
                DiagramFormat::Svg => render(&dot, "svg")?,
                DiagramFormat::Png => render(&dot, "png")?,
            };
            let mut out = output(&path)?;
            out.write_all(&bytes)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Parse { paths } => {
            let model = trame::syntax::Model::installed().map_err(|e| anyhow::anyhow!("{e}"))?;
            let stdout = io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            let failed = for_each_article(&paths, cli.published.as_deref(), |a| {
                let clean = trame::clean::clean(&a);
                let sentences = trame::sentences::split(&clean.text);
                commands::parse::write(&mut out, &a.id, &clean.text, &sentences, model)
            })?;
            out.flush()?;
            Ok(batch_exit(failed))
        }
        Command::Explain { paths } => {
            let failed = for_each_article(&paths, cli.published.as_deref(), |a| {
                explain(&trame::process(a));
                Ok(())
            })?;
            Ok(batch_exit(failed))
        }
        Command::Validate {
            document,
            shapes,
            json,
        } => {
            let store = open(&cli.store)?;
            let shapes = match shapes {
                Some(f) => {
                    let text = std::fs::read_to_string(&f)
                        .with_context(|| format!("cannot read {}", f.display()))?;
                    Shapes::parse(&text, &f.display().to_string())?
                }
                None => Shapes::builtin(),
            };
            let (findings, graphs) = shapes.validate_store(&store, document.as_deref())?;
            let violations = findings
                .iter()
                .filter(|f| f.severity == Severity::Violation)
                .count();
            let warnings = findings.len() - violations;
            if json {
                let list: Vec<_> = findings
                    .iter()
                    .map(|f| {
                        serde_json::json!({"severity": f.severity.to_string(), "graph": f.graph, "focus": f.focus,
                            "path": f.path, "value": f.value, "component": f.component, "message": f.message})
                    })
                    .collect();
                println!(
                    "{}",
                    serde_json::json!({"graphs": graphs, "violations": violations, "warnings": warnings, "findings": list})
                );
            } else {
                for f in &findings {
                    println!("{f}");
                }
                println!("{graphs} graphs checked: {violations} violations, {warnings} warnings");
            }
            Ok(if violations > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::BenchCorpus {
            articles,
            seed,
            output: path,
        } => {
            let out = output(&path)?;
            trame::bench::corpus(articles, seed, Gazetteer::builtin(), out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            corpus,
            articles,
            seed,
            threads,
            work,
            json,
            questions_only,
        } => {
            let queries = std::path::Path::new("queries");
            if questions_only {
                let store = open(&cli.store)?;
                for q in trame::bench::questions(&store, queries.is_dir().then_some(queries))? {
                    if json {
                        println!("{}", serde_json::to_string(&q)?);
                    } else {
                        println!("{q}");
                    }
                }
                return Ok(ExitCode::SUCCESS);
            }
            let temp = std::env::temp_dir().join(format!("trame-bench-{}", std::process::id()));
            let work = work.unwrap_or(temp.clone());
            std::fs::create_dir_all(&work).with_context(|| format!("cannot create {}", work.display()))?;
            let corpus = match corpus {
                Some(c) => c,
                None => {
                    let c = work.join("corpus.jsonl");
                    let file = std::fs::File::create(&c)
                        .with_context(|| format!("cannot create {}", c.display()))?;
                    trame::bench::corpus(articles, seed, Gazetteer::builtin(), BufWriter::new(file))?;
                    c
                }
            };
            let threads = threads.unwrap_or_else(|| trame::ingest::Options::default().threads);
            let report = trame::bench::run(&corpus, &work, threads, queries.is_dir().then_some(queries));
            if work == temp {
                let _ = std::fs::remove_dir_all(&temp);
            }
            let report = report?;
            if json {
                let mut v = serde_json::to_value(&report)?;
                v["ingest_over_load"] = report.ingest_over_load().into();
                println!("{v}");
            } else {
                println!("{report}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Context => {
            println!("{}", serde_json::to_string_pretty(&trame::jsonld::context())?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Optimize => {
            let store = open(&cli.store)?;
            let start = std::time::Instant::now();
            store.optimize()?;
            if !cli.quiet {
                eprintln!("store compacted in {:.1} s", start.elapsed().as_secs_f64());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Tally => {
            let store = open(&cli.store)?;
            let start = std::time::Instant::now();
            trame::statistics::refresh(&store)?;
            if !cli.quiet {
                eprintln!("tallies recomputed in {:.1} s", start.elapsed().as_secs_f64());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Stats { json, quads } => {
            let store = open(&cli.store)?;
            stats(&store, json, quads)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Renders DOT with Graphviz's `dot` program.
fn render(dot: &str, format: &str) -> Result<Vec<u8>> {
    use std::process::{Command, Stdio};
    let mut child = Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            anyhow::anyhow!(
                "cannot run Graphviz's `dot` ({e}): install Graphviz (Debian: apt-get install graphviz), or use --format dot"
            )
        })?;
    child.stdin.take().expect("piped").write_all(dot.as_bytes())?;
    let out = child.wait_with_output()?;
    if !out.status.success() {
        bail!("Graphviz failed: {}", String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(out.stdout)
}

fn open(path: &std::path::Path) -> Result<Store> {
    Ok(Store::open(path)?)
}

/// A batch's exit status: 2 when a file failed, the others being done.
fn batch_exit(failed: usize) -> ExitCode {
    if failed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads every article under `paths`, handing each to `each`; returns the
/// errors met, already printed.
fn for_each_article(
    paths: &[PathBuf],
    published: Option<&str>,
    each: impl FnMut(article::Article) -> Result<()>,
) -> Result<usize> {
    for_each_article_with(paths, false, published, each)
}

/// [`for_each_article`], with a progress bar over the bytes read when
/// `progress` is asked, there are more than a few files or a big one, and
/// standard error is a terminal (never when piped).
fn for_each_article_with(
    paths: &[PathBuf],
    progress: bool,
    published: Option<&str>,
    mut each: impl FnMut(article::Article) -> Result<()>,
) -> Result<usize> {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    let (files, errors) = article::discover(paths);
    let sizes: Vec<u64> = files
        .iter()
        .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .collect();
    let total: u64 = sizes.iter().sum();
    let bar = if progress && (files.len() > 5 || total > 8 << 20) {
        ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta} {wide_msg}")
            .expect("a valid template"),
    );
    let mut failed = 0;
    for e in errors {
        bar.suspend(|| eprintln!("trame: {e}"));
        failed += 1;
    }
    for (file, size) in files.into_iter().zip(sizes) {
        bar.set_message(file.display().to_string());
        let mut inner: Result<()> = Ok(());
        let result = article::read_file(&file, |a| match a {
            Ok(mut a) => {
                if a.published.is_none() {
                    a.published = published.map(str::to_string);
                }
                if inner.is_ok() {
                    inner = each(a);
                }
            }
            Err(e) => {
                bar.suspend(|| eprintln!("trame: {e}"));
                failed += 1;
            }
        });
        inner?;
        if let Err(e) = result {
            bar.suspend(|| eprintln!("trame: {e}"));
            failed += 1;
        }
        bar.inc(size);
    }
    bar.finish_and_clear();
    Ok(failed)
}

fn ingest(
    store_path: &std::path::Path,
    paths: &[PathBuf],
    options: &trame::ingest::Options,
    json: bool,
    quiet: bool,
    published: Option<&str>,
) -> Result<ExitCode> {
    let store = open(store_path)?;
    let gazetteer = Gazetteer::builtin();
    store.ensure_background(gazetteer)?;
    let mut failed = 0;
    let mut stopped = None;
    let summary = trame::ingest::ingest(&store, gazetteer, options, |push| {
        // Reading errors are printed and counted here; a push refused means
        // the store failed, and ingest() reports why.
        match for_each_article_with(paths, !quiet && !json, published, |a| {
            if push(a) {
                Ok(())
            } else {
                bail!("ingest stopped")
            }
        }) {
            Ok(n) => failed = n,
            Err(e) => stopped = Some(e),
        }
    })?;
    if let Some(e) = stopped {
        return Err(e);
    }
    let trame::ingest::Summary {
        documents,
        unchanged,
        entities,
        facts,
        quads,
        ..
    } = summary;
    if quiet {
    } else if json {
        println!(
            "{}",
            serde_json::json!({"store": store_path, "documents": documents, "unchanged": unchanged, "failed": failed, "entities": entities, "facts": facts, "quads": quads})
        );
    } else {
        println!(
            "{documents} documents ingested into {} ({unchanged} unchanged, {failed} failed): {entities} entity mentions, {facts} facts, {quads} quads",
            store_path.display()
        );
        // Each million quads loaded is one more sorted file per index that
        // every question must merge until RocksDB compacts them.
        if quads >= 5_000_000 {
            eprintln!(
                "hint: run `trame optimize` once now; questions on a store this size are much faster after it"
            );
        }
    }
    Ok(batch_exit(failed))
}

fn extract(paths: &[PathBuf], published: Option<&str>) -> Result<ExitCode> {
    let gazetteer = Gazetteer::builtin();
    let mut out = BufWriter::new(io::stdout().lock());
    // One buffer for every document's lines, written whole: the N-Quads
    // oxigraph's serializer would write, without a `Quad` per line.
    let mut lines = Vec::new();
    let failed = for_each_article(paths, published, |a| {
        let doc = trame::process_with(a, gazetteer);
        lines.clear();
        triples::write_document_nquads(&doc, &mut lines);
        out.write_all(&lines)?;
        Ok(())
    })?;
    out.flush()?;
    Ok(batch_exit(failed))
}

fn write_results(results: QueryResults<'_>, format: ResultFormat, mut out: impl Write) -> Result<()> {
    match results {
        QueryResults::Boolean(b) => writeln!(out, "{b}")?,
        QueryResults::Graph(triples) => {
            let mut s = oxigraph::io::RdfSerializer::from_format(RdfFormat::Turtle);
            for (p, iri) in export::PREFIXES {
                s = s.with_prefix(*p, *iri)?;
            }
            let mut w = s.for_writer(&mut out);
            for t in triples {
                w.serialize_triple(&t?)?;
            }
            w.finish()?;
        }
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            let f = match format {
                ResultFormat::Csv => Some(QueryResultsFormat::Csv),
                ResultFormat::Tsv => Some(QueryResultsFormat::Tsv),
                ResultFormat::Json => Some(QueryResultsFormat::Json),
                ResultFormat::Table => None,
            };
            if let Some(f) = f {
                let mut w = QueryResultsSerializer::from_format(f)
                    .serialize_solutions_to_writer(&mut out, variables)?;
                for s in solutions {
                    w.serialize(&s?)?;
                }
                w.finish()?;
            } else {
                let mut rows = Vec::new();
                for s in solutions {
                    let s = s?;
                    rows.push(
                        variables
                            .iter()
                            .map(|v| s.get(v).map(short).unwrap_or_default())
                            .collect::<Vec<_>>(),
                    );
                }
                let header: Vec<String> = variables.iter().map(|v| v.as_str().to_string()).collect();
                table(&header, &rows, &mut out)?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// A term as a person reads it: prefixed IRIs, plain literal values.
fn short(t: &oxigraph::model::Term) -> String {
    use oxigraph::model::Term;
    match t {
        Term::NamedNode(n) => {
            for (p, iri) in export::PREFIXES {
                if let Some(rest) = n.as_str().strip_prefix(iri) {
                    return format!("{p}:{rest}");
                }
            }
            n.as_str().to_string()
        }
        Term::Literal(l) => l.value().to_string(),
        other => other.to_string(),
    }
}

fn table(header: &[String], rows: &[Vec<String>], out: &mut impl Write) -> Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count().min(60));
        }
    }
    let line = |cells: &[String], out: &mut dyn Write| -> io::Result<()> {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| {
                let c: String = if c.chars().count() > 60 {
                    c.chars().take(59).chain(['…']).collect()
                } else {
                    c.clone()
                };
                format!("{c:<w$}")
            })
            .collect();
        writeln!(out, "{}", parts.join(" | ").trim_end())
    };
    line(header, out)?;
    writeln!(
        out,
        "{}",
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join("-+-")
    )?;
    for r in rows {
        line(r, out)?;
    }
    writeln!(out, "({} rows)", rows.len())?;
    Ok(())
}

fn stats(store: &Store, json: bool, count_quads: bool) -> Result<()> {
    let q = |s: &str| -> Result<Vec<(String, u64)>> {
        let mut out = Vec::new();
        if let QueryResults::Solutions(sol) = store.query(s)? {
            for r in sol {
                let r = r?;
                let n = match r.get("n") {
                    Some(oxigraph::model::Term::Literal(l)) => l.value().parse().unwrap_or(0),
                    _ => 0,
                };
                out.push((r.get("k").map(short).unwrap_or_default(), n));
            }
        }
        Ok(out)
    };
    let documents = store.document_count()?;
    // One index range per class and per predicate: a pattern with the class
    // or predicate left open would read every quad of the store.
    let classes = trame::model::Class::ALL
        .iter()
        .map(|c| c.iri())
        .chain([trame::vocab::EVENT, trame::vocab::COUNT, trame::vocab::QUOTE])
        .map(|c| {
            format!(
                "{{ GRAPH ?g {{ ?e a <{c}> }} BIND(<{c}> AS ?k) }}",
                c = c.as_str()
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ");
    let classes = q(&format!(
        "SELECT ?k (COUNT(DISTINCT ?e) AS ?n) WHERE {{ {classes} FILTER(?g != <{gazetteer}>) }} GROUP BY ?k ORDER BY DESC(?n) ?k",
        gazetteer = trame::vocab::GAZETTEER_GRAPH.as_str()
    ))?;
    let predicates = q(&format!(
        "SELECT ?k (COUNT(*) AS ?n) WHERE {{ VALUES ?k {{ {} }} ?f rdf:predicate ?k }} GROUP BY ?k ORDER BY DESC(?n) ?k",
        trame::model::Predicate::ALL
            .iter()
            .map(|p| format!("<{}>", p.iri().as_str()))
            .collect::<Vec<_>>()
            .join(" ")
    ))?;
    // Counting quads reads every key of the store: seconds per million.
    let quads = if count_quads {
        Some(store.oxigraph().len()?)
    } else {
        None
    };
    if json {
        let map = |v: &[(String, u64)]| -> serde_json::Map<String, serde_json::Value> {
            v.iter()
                .map(|(k, n)| (k.trim_start_matches("trame:").to_string(), (*n).into()))
                .collect()
        };
        println!(
            "{}",
            serde_json::json!({"documents": documents, "quads": quads, "entities": map(&classes), "facts": map(&predicates)})
        );
        return Ok(());
    }
    println!("documents: {documents}");
    if let Some(quads) = quads {
        println!("quads: {quads}");
    }
    println!("entities per class (mentioned in documents):");
    for (k, n) in classes {
        println!("  {k:<24} {n}");
    }
    println!("facts per predicate:");
    for (k, n) in predicates {
        println!("  {k:<24} {n}");
    }
    Ok(())
}

fn explain(doc: &trame::Document) {
    let text = &doc.clean.text;
    let entities = &doc.resolution.entities;
    println!("# {}", doc.article.id);
    for s in &doc.sentences {
        println!("\n[{}] {}", s.index, &text[s.span.clone()]);
        for (m, e) in doc.mentions.iter().zip(&doc.resolution.of_mention) {
            if m.sentence == s.index {
                let target = e.map_or("(unresolved)".to_string(), |e| {
                    format!("{} <{}>", entities[e].class, entities[e].iri)
                });
                println!("    mention «{}» -> {target}", &text[m.span.clone()]);
            }
        }
        for f in doc.facts.iter().filter(|f| f.sentence == s.index) {
            let claim = f
                .claimant
                .map(|c| format!(" (claimed by {})", entities[c].label))
                .unwrap_or_default();
            println!(
                "    FACT {} {} {}  [{} {:.2}]{claim}",
                entities[f.subject].label, f.predicate, entities[f.object].label, f.rule, f.confidence
            );
        }
    }
}
