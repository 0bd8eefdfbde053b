//! `cargo xtask bench`: jshell side by side with the floor (curl) and the incumbent (the Python
//! `jira` package) in one run, against fakejira on loopback.
//!
//! 1. Build the release binaries of jshell and fakejira.
//! 2. Set up the incumbent in a throw-away venv (skipped, with the reason, if that fails).
//!    From here on fakejira runs on CPUs of its own and the clients on the others, as on
//!    separate machines (see `placement`; with a single CPU they share it).
//! 3. Per export size (10,000 and, unless `--no-large`, 100,000 issues) start a fakejira with
//!    that many issues and log jshell in with OAuth (the browser is curl and fakejira
//!    auto-approves). Against the first one:
//! 4. One-shot `server_info()`, and jshell's start-up (`jshell --version` against
//!    `jshell -e '1'`): every case `--runs` times, round-robin so that noise from other users of
//!    the machine spreads over all cases alike.
//! 5. Against each: the JSON-lines export of every issue, `--bulk-runs` times — at 0 ms latency
//!    jshell's stream (PAT and OAuth), its eager `search_issues`, python-jira and curl side by
//!    side; at 20 ms the stream with 1, 4 and 8 pages in flight, and curl with 4 (see `bulk`).
//! 6. Against the first one: upload a 50 MiB attachment and download it again (peak RSS shows
//!    the streaming).
//! 7. Write `bench/results.md` and `bench/chart.png` in cargo's target directory.
//! 8. With `--criterion`, the criterion benchmarks.

mod attachment;
mod bulk;
mod chart;
pub(crate) mod fakejira;
mod measure;
mod oneshot;
mod placement;
mod python;
mod report;

use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use measure::{Sample, Stats, Streams};

/// The export sizes: fakejira is started once per size with that many issues. The one-shot and
/// attachment workloads run against the first.
pub const SIZES: [usize; 2] = [10_000, 100_000];
pub const PROJECTS: usize = 4;
/// The bulk export's page size (jshell's and Python's default).
pub const PAGE_SIZE: usize = 100;
/// jshell's default pages in flight.
pub const CONCURRENCY: usize = 4;
/// The server latency of the concurrency sweep, and the pages in flight it compares.
pub const SLOW_MS: u64 = 20;
pub const CONCURRENCIES: [usize; 3] = [1, 4, 8];

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
    /// Skip the 100,000-issue export (a quick run: only 10,000 issues).
    #[arg(long = "no-large", action = clap::ArgAction::SetFalse)]
    large: bool,
    /// Afterwards, also run the criterion benchmarks (`cargo bench --workspace`).
    #[arg(long)]
    criterion: bool,
}

impl Options {
    /// The export sizes this run measures.
    fn sizes(&self) -> &'static [usize] {
        if self.large { &SIZES } else { &SIZES[..1] }
    }
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
    /// `jshell --version`: the process's start-up without the engine.
    JshellVersion,
    /// `jshell -e '1'`: the start-up with the engine and every plugin.
    JshellEval,
    JshellOauth,
    JshellPat,
    CurlPat,
    JirashellBasic,
    JirashellOauth,
    /// `jira.issues` with a PAT and this many pages in flight.
    JshellStream {
        concurrency: usize,
    },
    /// `jira.issues` with the saved OAuth profile (jshell's default pages in flight).
    JshellStreamOauth,
    /// `jira.search_issues`: the same stream collected into one array first.
    JshellEager,
    /// python-jira's `search_issues(maxResults=False)`.
    PythonSearch,
    /// curl fetching the export's pages, transfer only.
    CurlFloor,
    JshellUpload,
    JshellDownload,
    CurlUpload,
}

/// The workload a row belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Workload {
    OneShot,
    Bulk { issues: usize, latency_ms: u64 },
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
    let work = fresh_work_dir(&out)?;

    progress("building the release binaries of jshell and fakejira");
    let [jshell, fakejira] = crate::build_binaries(&["--release"], ["jshell", "fakejira"])?;

    let curl = which("curl");
    if curl.is_none() {
        progress("curl is not on PATH: the floor rows and the OAuth login are skipped");
    }
    let python = incumbent(options, &out);
    let keys = oneshot::keygen(&jshell, &work)?;
    let placement = placement::Placement::split();
    match &placement {
        Some(placement) => {
            placement.clients_here()?;
            progress(placement.describe());
        }
        None => progress("fewer than two CPUs: fakejira and the clients share them"),
    }
    let session = Session {
        options,
        placement: placement.as_ref(),
        python: &python,
        keys: &keys,
        fakejira: &fakejira,
        base: Context {
            jshell,
            work,
            url: String::new(),
            curl,
        },
    };
    let mut rows = Vec::new();
    for (index, &issues) in options.sizes().iter().enumerate() {
        rows.extend(session.size(issues, index == 0)?);
    }
    if let Some(placement) = &placement {
        placement.release()?;
    }

    write_results(&out, &rows, &python, placement.as_ref())?;
    if options.criterion {
        crate::cargo(&["bench", "--workspace", "--locked"])?;
    }
    Ok(())
}

/// `OUT/work`, emptied, with `work/out` in it for the cases' stdout and stderr.
fn fresh_work_dir(out: &Path) -> Result<PathBuf, String> {
    let work = out.join("work");
    if work.exists() {
        std::fs::remove_dir_all(&work)
            .map_err(|error| format!("cannot clear {}: {error}", work.display()))?;
    }
    for dir in [&work, &work.join("out")] {
        std::fs::create_dir_all(dir)
            .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    }
    Ok(work)
}

/// The Python client, or why its rows are skipped.
fn incumbent(options: &Options, out: &Path) -> Result<python::Python, String> {
    if !options.python {
        return Err("not run: --no-python was given".to_owned());
    }
    python::setup(out).map_err(|why| {
        progress(&format!("skipping the Python client: {why}"));
        why
    })
}

/// `results.md` (also printed) and `chart.png` in `out`; a chart that cannot be drawn is
/// reported, not an error: the table holds every figure.
fn write_results(
    out: &Path,
    rows: &[Row],
    python: &Result<python::Python, String>,
    placement: Option<&placement::Placement>,
) -> Result<(), String> {
    let python_version = python.as_ref().ok().map(|p| p.version.clone());
    let results = report::write(
        out,
        rows,
        python_version.as_deref(),
        placement.map(placement::Placement::describe),
    )?;
    match chart::draw(&out.join("chart.png"), rows) {
        Ok(note) => progress(&format!(
            "wrote {} ({note})",
            out.join("chart.png").display()
        )),
        Err(why) => progress(&format!("could not draw the chart: {why}")),
    }
    println!("{results}");
    progress(&format!("wrote {}", out.join("results.md").display()));
    Ok(())
}

/// What every workload of a run shares.
struct Session<'a> {
    options: &'a Options,
    python: &'a Result<python::Python, String>,
    keys: &'a oneshot::Keys,
    fakejira: &'a Path,
    placement: Option<&'a placement::Placement>,
    /// The context without a server URL (each fakejira has its own).
    base: Context,
}

impl Session<'_> {
    /// Every workload against one fakejira with `issues` issues; the one-shot and attachment
    /// workloads only against the `first`.
    fn size(&self, issues: usize, first: bool) -> Result<Vec<Row>, String> {
        progress(&format!(
            "starting fakejira with {issues} issues in {PROJECTS} projects"
        ));
        let setup = fakejira::Setup {
            binary: self.fakejira,
            dir: &self.base.work,
            user: USER,
            password: PASSWORD,
            pat: PAT,
            consumer: Some((CONSUMER_KEY, &self.keys.public)),
            issues,
            projects: PROJECTS,
            placement: self.placement,
        };
        let mut server = fakejira::Server::start(&setup)?;
        progress(&format!("fakejira is listening on {}", server.url()));
        let mut rows = Vec::new();
        if first {
            rows.extend(self.one_shot(&mut server, &setup)?);
        }
        rows.extend(self.bulk(&mut server, &setup, issues)?);
        if first {
            rows.extend(self.attachment(&mut server, &setup)?);
        }
        Ok(rows)
    }

    fn one_shot(
        &self,
        server: &mut fakejira::Server,
        setup: &fakejira::Setup<'_>,
    ) -> Result<Vec<Row>, String> {
        with_restarts(server, setup, &self.base, |server, context| {
            let oauth = oneshot::login(context, self.keys)?;
            let mut cases = oneshot::cases(context, &oauth);
            match self.python {
                Ok(python) => {
                    cases.extend(python::oneshot_cases(python, context, &oauth, self.keys));
                }
                Err(why) => cases.extend(python::oneshot_placeholders(why)),
            }
            let runs = self.options.runs;
            measure_cases(context, server, cases, Workload::OneShot, runs, true)
        })
    }

    /// The clients side by side at 0 ms, then the concurrency sweep at `SLOW_MS`.
    fn bulk(
        &self,
        server: &mut fakejira::Server,
        setup: &fakejira::Setup<'_>,
        issues: usize,
    ) -> Result<Vec<Row>, String> {
        let runs = self.options.bulk_runs;
        let mut rows = with_restarts(server, setup, &self.base, |server, context| {
            server.set_latency(0)?;
            let oauth = oneshot::login(context, self.keys)?;
            let mut cases = bulk::clients(context, &oauth, issues);
            cases.push(match self.python {
                Ok(python) => python::bulk_case(python, context, issues)?,
                Err(why) => python::bulk_placeholder(why),
            });
            cases.push(bulk::floor(context, issues));
            let workload = Workload::Bulk {
                issues,
                latency_ms: 0,
            };
            measure_cases(context, server, cases, workload, runs, false)
        })?;
        rows.extend(with_restarts(
            server,
            setup,
            &self.base,
            |server, context| {
                server.set_latency(SLOW_MS)?;
                let workload = Workload::Bulk {
                    issues,
                    latency_ms: SLOW_MS,
                };
                let mut cases = bulk::concurrency_sweep(context, issues);
                cases.push(bulk::floor(context, issues));
                measure_cases(context, server, cases, workload, runs, false)
            },
        )?);
        Ok(rows)
    }

    fn attachment(
        &self,
        server: &mut fakejira::Server,
        setup: &fakejira::Setup<'_>,
    ) -> Result<Vec<Row>, String> {
        let file = attachment::prepare(&self.base.work)?;
        let rows = with_restarts(server, setup, &self.base, |server, context| {
            server.set_latency(0)?;
            let cases = attachment::cases(context, &file);
            let runs = self.options.bulk_runs;
            measure_cases(context, server, cases, Workload::Attachment, runs, false)
        });
        let _ = std::fs::remove_file(&file);
        rows
    }
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
    let what = describe(workload);
    let timeout = time_limit(workload);
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
            match measure_once(context, server, case, timeout)? {
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
    Ok(rows(cases, &samples, skipped, workload))
}

/// The workload as progress lines name it.
fn describe(workload: Workload) -> String {
    match workload {
        Workload::OneShot => "one-shot".to_owned(),
        Workload::Bulk { issues, latency_ms } => {
            format!("bulk, {issues} issues at {latency_ms} ms")
        }
        Workload::Attachment => "attachment".to_owned(),
    }
}

/// One run of `case` with the server CPU time it cost; the inner `Err` is the case's own
/// failure. fakejira is asked whether it is alive again after a failure, so that a case failing
/// because the server went away is retried as `ServerGone` instead of failing the bench.
fn measure_once(
    context: &Context,
    server: &mut fakejira::Server,
    case: &Case,
    timeout: Duration,
) -> Result<Result<Sample, String>, Failure> {
    server.alive().map_err(Failure::ServerGone)?;
    let before = server.cpu_time();
    let result = run_case(context, case, timeout).map(|sample| Sample {
        server_cpu: before
            .zip(server.cpu_time())
            .map(|(before, after)| after.saturating_sub(before)),
        ..sample
    });
    if result.is_err() {
        server.alive().map_err(Failure::ServerGone)?;
    }
    Ok(result)
}

/// Each case's row: its statistics, or why it was skipped.
fn rows(
    cases: Vec<Case>,
    samples: &[Vec<Sample>],
    skipped: Vec<Option<String>>,
    workload: Workload,
) -> Vec<Row> {
    cases
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
        .collect()
}

/// How long one run may take: generous, as a run only takes this long when something hangs (or
/// the Python client is far slower than the others, which then skips its row).
fn time_limit(workload: Workload) -> Duration {
    match workload {
        Workload::OneShot => Duration::from_secs(60),
        Workload::Attachment => Duration::from_secs(300),
        Workload::Bulk { issues, .. } => Duration::from_millis(300_000.max(6 * issues as u64)),
    }
}

fn run_case(context: &Context, case: &Case, timeout: Duration) -> Result<Sample, String> {
    let name: String = format!("{:?}", case.id)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
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
    // A 100,000-issue export is hundreds of MB; once checked it has served its purpose, and the
    // disk may not hold one per case.
    let _ = std::fs::remove_file(&streams.stdout);
    Ok(sample)
}

/// Reads the output in chunks: an export may not fit in memory next to its client.
fn check(check: &Check, stdout: &Path) -> Result<(), String> {
    let file =
        std::fs::File::open(stdout).map_err(|error| format!("cannot read its output: {error}"))?;
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
    let (mut bytes, mut lines, mut text) = (0_u64, 0_usize, Vec::new());
    loop {
        let chunk = reader
            .fill_buf()
            .map_err(|error| format!("cannot read its output: {error}"))?;
        if chunk.is_empty() {
            break;
        }
        let length = chunk.len();
        bytes += length as u64;
        lines += chunk.iter().filter(|&&b| b == b'\n').count();
        if matches!(check, Check::Contains(_)) {
            text.extend_from_slice(chunk);
        }
        reader.consume(length);
    }
    match check {
        Check::Contains(needle) => {
            if String::from_utf8_lossy(&text).contains(needle) {
                Ok(())
            } else {
                Err(format!("its output lacks `{needle}`"))
            }
        }
        Check::Lines(expected) => {
            if lines == *expected {
                Ok(())
            } else {
                Err(format!("it printed {lines} lines, not {expected}"))
            }
        }
        Check::AtLeastBytes(expected) => {
            if bytes >= *expected {
                Ok(())
            } else {
                Err(format!("it printed {bytes} bytes, fewer than {expected}"))
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

#[cfg(test)]
mod tests {
    use clap::Parser as _;

    use super::*;

    #[derive(clap::Parser)]
    struct Cli {
        #[command(flatten)]
        options: Options,
    }

    fn options(args: &[&str]) -> Result<Options, clap::Error> {
        Cli::try_parse_from(std::iter::once("bench").chain(args.iter().copied()))
            .map(|cli| cli.options)
    }

    #[test]
    fn both_sizes_run_unless_no_large() -> Result<(), clap::Error> {
        assert_eq!(options(&[])?.sizes(), [10_000, 100_000]);
        let quick = options(&["--no-large", "--no-python", "--bulk-runs", "1"])?;
        assert_eq!(quick.sizes(), [10_000]);
        assert_eq!(quick.bulk_runs, 1);
        assert!(!quick.python);
        assert!(options(&["--bulk-runs", "0"]).is_err());
        assert!(options(&["--no-large", "yes"]).is_err());
        Ok(())
    }

    #[test]
    fn an_export_may_take_longer_the_larger_it_is() {
        let bulk = |issues| {
            time_limit(Workload::Bulk {
                issues,
                latency_ms: 0,
            })
        };
        assert_eq!(bulk(10_000), Duration::from_secs(300));
        assert_eq!(bulk(100_000), Duration::from_secs(600));
        assert_eq!(time_limit(Workload::OneShot), Duration::from_secs(60));
    }

    #[test]
    fn outputs_are_checked_without_reading_them_whole() -> Result<(), String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let path = dir.path().join("out");
        std::fs::write(&path, "{\"key\":\"A-1\"}\n{\"key\":\"A-2\"}\n")
            .map_err(|e| e.to_string())?;
        check(&Check::Lines(2), &path)?;
        check(&Check::AtLeastBytes(28), &path)?;
        check(&Check::Contains("A-2"), &path)?;
        let wrong = check(&Check::Lines(3), &path).err().unwrap_or_default();
        assert!(wrong.contains("2 lines, not 3"), "{wrong}");
        assert!(check(&Check::AtLeastBytes(29), &path).is_err());
        assert!(check(&Check::Contains("A-3"), &path).is_err());
        Ok(())
    }
}
