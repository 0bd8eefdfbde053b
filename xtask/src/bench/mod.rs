//! `cargo xtask bench`: jshell side by side with the floor (curl) and the incumbent (the Python
//! `jira` package) in one run, against one fakejira on loopback.
//!
//! 1. Build the release binaries of jshell and fakejira.
//! 2. Set up the incumbent in a throw-away venv (skipped, with the reason, if that fails).
//! 3. Start fakejira with 10,000 issues, log jshell in with OAuth (the browser is curl and
//!    fakejira auto-approves).
//! 4. One-shot `server_info()`: every case `--runs` times, round-robin so that noise from other
//!    users of the machine spreads over all cases alike.
//! 5. Bulk JSON-lines export of every issue at 0 ms and 20 ms server latency, `--bulk-runs` times.
//! 6. Upload a 50 MiB attachment and download it again (peak RSS shows the streaming).
//! 7. Write `bench/results.md` and `bench/chart.png` in cargo's target directory.
//! 8. With `--criterion`, the criterion benchmarks.

mod attachment;
mod bulk;
mod chart;
pub(crate) mod fakejira;
mod measure;
mod oneshot;
mod python;
mod report;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use measure::{Sample, Stats, Streams};

/// The issues fakejira generates, and the bulk export's page size (jshell's and Python's default).
pub const ISSUES: usize = 10_000;
pub const PROJECTS: usize = 4;
pub const PAGE_SIZE: usize = 100;
/// jshell's default pages in flight; the Python client's `async_workers` is set to match.
pub const CONCURRENCY: usize = 4;
/// The server latencies the bulk export runs at.
pub const LATENCIES_MS: [u64; 2] = [0, 20];

pub const USER: &str = "bench";
pub const PASSWORD: &str = "bench-password";
pub const PAT: &str = "bench-pat-token";
pub const CONSUMER_KEY: &str = "jshell-bench";

/// The options of `cargo xtask bench`.
#[derive(Debug, clap::Args)]
pub struct Options {
    /// Runs per one-shot case; the median is reported.
    #[arg(long, default_value_t = 10, value_parser = at_least::<10>)]
    runs: usize,
    /// Runs per bulk-export case; the median is reported.
    #[arg(long, default_value_t = 3, value_parser = at_least::<1>)]
    bulk_runs: usize,
    /// Skip the Python client (otherwise it is installed into bench/venv in the target
    /// directory with pip; if that fails the bench says why and skips those rows).
    #[arg(long = "no-python", action = clap::ArgAction::SetFalse)]
    python: bool,
    /// Afterwards, also run the criterion benchmarks (`cargo bench --workspace`).
    #[arg(long)]
    criterion: bool,
}

/// A count of runs of at least `MIN`.
fn at_least<const MIN: usize>(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(count) if count >= MIN => Ok(count),
        _ => Err(format!("needs a whole number, at least {MIN}")),
    }
}

/// Who a case measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Client {
    Jshell,
    /// curl: the floor.
    Floor,
    /// The Python `jira` package: the incumbent.
    Python,
}

/// What a case is, to find its row when checking the targets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseId {
    JshellOauth,
    JshellPat,
    CurlPat,
    JirashellBasic,
    JirashellOauth,
    JshellConcurrent,
    JshellSequential,
    CurlParallel,
    CurlSequential,
    PythonAsync,
    PythonSync,
    JshellUpload,
    JshellDownload,
    CurlUpload,
}

/// The workload a row belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Workload {
    OneShot,
    Bulk { latency_ms: u64 },
    Attachment,
}

/// How a run's stdout proves the run did the work.
pub enum Check {
    Contains(&'static str),
    Lines(usize),
    AtLeastBytes(u64),
}

/// One thing to measure.
pub struct Case {
    pub id: CaseId,
    pub client: Client,
    /// What runs, for the table.
    pub label: String,
    pub auth: &'static str,
    pub command: Box<dyn Fn() -> Command>,
    pub stdin: Option<PathBuf>,
    pub check: Check,
    /// Why this case is not run at all (its client is unavailable).
    pub skip: Option<String>,
}

impl Case {
    /// A row that says why it has no figures.
    pub fn skipped(id: CaseId, client: Client, label: &str, auth: &'static str, why: &str) -> Self {
        Self {
            id,
            client,
            label: label.to_owned(),
            auth,
            command: Box::new(|| Command::new("false")),
            stdin: None,
            check: Check::AtLeastBytes(0),
            skip: Some(why.to_owned()),
        }
    }
}

/// A case's figures, or why it was skipped.
pub struct Row {
    pub id: CaseId,
    pub client: Client,
    pub workload: Workload,
    pub label: String,
    pub auth: &'static str,
    pub outcome: Result<Stats, String>,
}

/// What the cases need to know about this run.
#[derive(Clone)]
pub struct Context {
    pub jshell: PathBuf,
    pub work: PathBuf,
    pub url: String,
    pub curl: Option<PathBuf>,
}

pub fn run(options: &Options) -> Result<(), String> {
    let out = crate::target_dir()?.join("bench");
    let work = out.join("work");
    if work.exists() {
        std::fs::remove_dir_all(&work)
            .map_err(|error| format!("cannot clear {}: {error}", work.display()))?;
    }
    for dir in [&work, &work.join("out")] {
        std::fs::create_dir_all(dir)
            .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    }

    progress("building the release binaries of jshell and fakejira");
    let [jshell, fakejira] = crate::build_binaries(&["--release"], ["jshell", "fakejira"])?;

    let curl = which("curl");
    if curl.is_none() {
        progress("curl is not on PATH: the floor rows and the OAuth login are skipped");
    }
    let python = if options.python {
        python::setup(&out).map_err(|why| {
            progress(&format!("skipping the Python client: {why}"));
            why
        })
    } else {
        Err("not run: --no-python was given".to_owned())
    };

    let keys = oneshot::keygen(&jshell, &work)?;
    progress(&format!(
        "starting fakejira with {ISSUES} issues in {PROJECTS} projects"
    ));
    let setup = fakejira::Setup {
        binary: &fakejira,
        dir: &work,
        user: USER,
        password: PASSWORD,
        pat: PAT,
        consumer: Some((CONSUMER_KEY, &keys.public)),
        issues: ISSUES,
        projects: PROJECTS,
    };
    let mut server = fakejira::Server::start(&setup)?;
    progress(&format!("fakejira is listening on {}", server.url()));
    let base = Context {
        jshell,
        work: work.clone(),
        url: String::new(),
        curl,
    };

    let mut rows = with_restarts(&mut server, &setup, &base, |server, context| {
        let oauth = oneshot::login(context, &keys)?;
        let mut cases = oneshot::cases(context, &oauth);
        match &python {
            Ok(python) => cases.extend(python::oneshot_cases(python, context, &oauth, &keys)),
            Err(why) => cases.extend(python::oneshot_placeholders(why)),
        }
        measure_cases(
            context,
            server,
            cases,
            Workload::OneShot,
            options.runs,
            true,
        )
    })?;
    for latency_ms in LATENCIES_MS {
        rows.extend(with_restarts(
            &mut server,
            &setup,
            &base,
            |server, context| {
                server.set_latency(latency_ms)?;
                let mut cases = bulk::cases(context);
                match &python {
                    Ok(python) => cases.extend(python::bulk_cases(python, context)?),
                    Err(why) => cases.extend(python::bulk_placeholders(why)),
                }
                let workload = Workload::Bulk { latency_ms };
                measure_cases(context, server, cases, workload, options.bulk_runs, false)
            },
        )?);
    }
    let file = attachment::prepare(&work)?;
    rows.extend(with_restarts(
        &mut server,
        &setup,
        &base,
        |server, context| {
            server.set_latency(0)?;
            let cases = attachment::cases(context, &file);
            measure_cases(
                context,
                server,
                cases,
                Workload::Attachment,
                options.bulk_runs,
                false,
            )
        },
    )?);
    drop(server);

    let python_version = python.as_ref().ok().map(|p| p.version.clone());
    let results = report::write(&out, &rows, python_version.as_deref())?;
    match chart::draw(&out.join("chart.png"), &rows) {
        Ok(note) => progress(&format!(
            "wrote {} ({note})",
            out.join("chart.png").display()
        )),
        Err(why) => progress(&format!("could not draw the chart: {why}")),
    }
    println!("{results}");
    progress(&format!("wrote {}", out.join("results.md").display()));

    if options.criterion {
        crate::cargo(&["bench", "--workspace", "--locked"])?;
    }
    Ok(())
}

/// Why a workload could not be measured.
enum Failure {
    /// fakejira stopped: something outside the bench ended it (it exits 0 on SIGTERM or
    /// SIGINT), which is worth another try on a shared machine.
    ServerGone(String),
    Fatal(String),
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Self::Fatal(message)
    }
}

/// How many times one workload is tried when fakejira keeps being stopped from outside.
const ATTEMPTS: usize = 3;

/// Measures one workload; if fakejira stops meanwhile, starts a new one and measures the whole
/// workload again (its earlier runs talked to a server that was going away).
fn with_restarts(
    server: &mut fakejira::Server,
    setup: &fakejira::Setup<'_>,
    base: &Context,
    mut workload: impl FnMut(&mut fakejira::Server, &Context) -> Result<Vec<Row>, Failure>,
) -> Result<Vec<Row>, String> {
    let mut attempt = 1;
    loop {
        let context = Context {
            url: server.url().to_owned(),
            ..base.clone()
        };
        match workload(server, &context) {
            Ok(rows) => return Ok(rows),
            Err(Failure::ServerGone(why)) if attempt < ATTEMPTS => {
                progress(&why);
                progress("starting a new fakejira and measuring this workload again");
                *server = fakejira::Server::start(setup)?;
                attempt += 1;
            }
            Err(Failure::ServerGone(why) | Failure::Fatal(why)) => return Err(why),
        }
    }
}

/// Runs every case `runs` times, round-robin (after one unrecorded warm-up round if `warm_up`).
/// A failing jshell or curl case fails the bench; a failing Python case is skipped with the
/// reason. fakejira must stay up throughout: its death fails the bench.
fn measure_cases(
    context: &Context,
    server: &mut fakejira::Server,
    cases: Vec<Case>,
    workload: Workload,
    runs: usize,
    warm_up: bool,
) -> Result<Vec<Row>, Failure> {
    let what = match workload {
        Workload::OneShot => "one-shot".to_owned(),
        Workload::Bulk { latency_ms } => format!("bulk at {latency_ms} ms"),
        Workload::Attachment => "attachment".to_owned(),
    };
    // Generous limits: a run only takes this long when something hangs.
    let timeout = match workload {
        Workload::OneShot => Duration::from_secs(60),
        Workload::Bulk { .. } | Workload::Attachment => Duration::from_secs(300),
    };
    let mut samples: Vec<Vec<Sample>> = cases.iter().map(|_| Vec::new()).collect();
    let mut skipped: Vec<Option<String>> = cases.iter().map(|case| case.skip.clone()).collect();
    let rounds = runs + usize::from(warm_up);
    for round in 0..rounds {
        let recorded = !(warm_up && round == 0);
        progress(&if recorded {
            let run = round + 1 - usize::from(warm_up);
            format!("{what}: run {run} of {runs}")
        } else {
            format!("{what}: warm-up")
        });
        for (index, case) in cases.iter().enumerate() {
            if skipped[index].is_some() {
                continue;
            }
            server.alive().map_err(Failure::ServerGone)?;
            let result = run_case(context, case, timeout);
            if result.is_err() {
                server.alive().map_err(Failure::ServerGone)?;
            }
            match result {
                Ok(sample) if recorded => samples[index].push(sample),
                Ok(_) => {}
                Err(why) if case.client == Client::Python => {
                    progress(&format!("skipping {}: {why}", case.label));
                    skipped[index] = Some(why);
                }
                Err(why) => return Err(Failure::Fatal(why)),
            }
        }
    }
    Ok(cases
        .into_iter()
        .zip(samples.iter().zip(skipped))
        .map(|(case, (samples, skip))| Row {
            id: case.id,
            client: case.client,
            workload,
            label: case.label,
            auth: case.auth,
            outcome: match skip {
                Some(why) => Err(why),
                None => Stats::of(samples).ok_or_else(|| "no runs".to_owned()),
            },
        })
        .collect())
}

fn run_case(context: &Context, case: &Case, timeout: Duration) -> Result<Sample, String> {
    let name = format!("{:?}", case.id);
    let streams = Streams {
        stdin: case.stdin.clone(),
        stdout: context.work.join("out").join(format!("{name}.stdout")),
        stderr: context.work.join("out").join(format!("{name}.stderr")),
    };
    let sample = measure::run(&mut (case.command)(), &streams, timeout, &case.label)?;
    check(&case.check, &streams.stdout).map_err(|why| {
        format!(
            "{}: {why} (stdout: {}, stderr: {})",
            case.label,
            streams.stdout.display(),
            streams.stderr.display()
        )
    })?;
    Ok(sample)
}

fn check(check: &Check, stdout: &Path) -> Result<(), String> {
    let bytes =
        std::fs::read(stdout).map_err(|error| format!("cannot read its output: {error}"))?;
    match check {
        Check::Contains(needle) => {
            let text = String::from_utf8_lossy(&bytes);
            if text.contains(needle) {
                Ok(())
            } else {
                Err(format!("its output lacks `{needle}`"))
            }
        }
        Check::Lines(expected) => {
            let lines = bytes.iter().filter(|&&b| b == b'\n').count();
            if lines == *expected {
                Ok(())
            } else {
                Err(format!("it printed {lines} lines, not {expected}"))
            }
        }
        Check::AtLeastBytes(expected) => {
            let got = bytes.len() as u64;
            if got >= *expected {
                Ok(())
            } else {
                Err(format!("it printed {got} bytes, fewer than {expected}"))
            }
        }
    }
}

/// A progress line on stderr.
pub fn progress(message: &str) {
    eprintln!("bench: {message}");
}

/// The first `name` on PATH that is a file.
pub fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}
