//! `bench/results.md` (in the target directory): the figures of every row and the targets,
//! checked.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use super::measure::Stats;
use super::{
    CONCURRENCY, CaseId, ISSUES, LATENCIES_MS, PAGE_SIZE, Row, Workload, attachment, bulk,
};

const MIB: f64 = 1024.0 * 1024.0;

/// One target and whether it is met (`None`: a row it needs is missing).
struct Target {
    name: String,
    measured: String,
    goal: String,
    met: Option<bool>,
}

/// Writes `results.md` under `out` and returns its text.
pub fn write(out: &Path, rows: &[Row], python_version: Option<&str>) -> Result<String, String> {
    let text = render(rows, python_version);
    let path = out.join("results.md");
    std::fs::write(&path, &text)
        .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    Ok(text)
}

fn render(rows: &[Row], python_version: Option<&str>) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# jshell benchmarks\n");
    let _ = writeln!(md, "{}\n", machine());
    let runs = rows
        .iter()
        .find(|row| row.workload == Workload::OneShot)
        .and_then(|row| row.outcome.as_ref().ok())
        .map_or(0, |stats| stats.runs);
    let _ = writeln!(
        md,
        "## One-shot: `jira.server_info()` from a fresh process (median of {runs} runs)\n"
    );
    let _ = writeln!(
        md,
        "| client | command | auth | wall ms (min–max) | CPU ms (user+sys) | peak RSS MiB |"
    );
    let _ = writeln!(md, "|---|---|---|---:|---:|---:|");
    for row in rows.iter().filter(|row| row.workload == Workload::OneShot) {
        let figures = match &row.outcome {
            Ok(stats) => format!(
                "{} ({}–{}) | {} | {:.1}",
                ms(stats.wall),
                ms(stats.wall_min),
                ms(stats.wall_max),
                ms(stats.cpu),
                stats.max_rss as f64 / MIB
            ),
            Err(why) => format!("skipped: {} | | ", one_line(why)),
        };
        let _ = writeln!(
            md,
            "| {:?} | `{}` | {} | {figures} |",
            row.client, row.label, row.auth
        );
    }

    let bulk_runs = rows
        .iter()
        .filter(|row| matches!(row.workload, Workload::Bulk { .. }))
        .find_map(|row| row.outcome.as_ref().ok())
        .map_or(0, |stats| stats.runs);
    let _ = writeln!(
        md,
        "\n## Bulk: {ISSUES} issues, all fields, as JSON lines ({} pages of {PAGE_SIZE}; median of {bulk_runs} runs)\n",
        bulk::pages()
    );
    let _ = writeln!(
        md,
        "| latency | client | command | wall s (min–max) | CPU s (user+sys) | peak RSS MiB |"
    );
    let _ = writeln!(md, "|---:|---|---|---:|---:|---:|");
    for latency_ms in LATENCIES_MS {
        for row in rows
            .iter()
            .filter(|row| row.workload == Workload::Bulk { latency_ms })
        {
            let figures = match &row.outcome {
                Ok(stats) => format!(
                    "{} ({}–{}) | {} | {:.1}",
                    secs(stats.wall),
                    secs(stats.wall_min),
                    secs(stats.wall_max),
                    secs(stats.cpu),
                    stats.max_rss as f64 / MIB
                ),
                Err(why) => format!("skipped: {} | | ", one_line(why)),
            };
            let _ = writeln!(
                md,
                "| {latency_ms} ms | {:?} | `{}` | {figures} |",
                row.client, row.label
            );
        }
    }

    attachment_section(&mut md, rows);

    let _ = writeln!(md, "\n## Targets\n");
    let _ = writeln!(md, "| target | measured | goal | met |");
    let _ = writeln!(md, "|---|---|---|:---:|");
    for target in targets(rows) {
        let met = match target.met {
            Some(true) => "✓",
            Some(false) => "✗",
            None => "–",
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {met} |",
            target.name, target.measured, target.goal
        );
    }

    let _ = writeln!(md, "\n## Notes\n");
    let _ = writeln!(
        md,
        "- Wall time runs from spawn to exit; CPU time and peak RSS are the child's own rusage \
         (`wait4`). MiB = 2^20 bytes. Cases run round-robin so that load from other users of \
         the machine hits every case alike; one-shot cases get one unrecorded warm-up round."
    );
    let _ = writeln!(
        md,
        "- Server: fakejira (release build) on 127.0.0.1, on the same machine as the clients, so \
         its CPU time competes with theirs. Latency is fakejira's added delay per request."
    );
    let _ = writeln!(
        md,
        "- jirashell has no personal-access-token option: its one-shot uses Basic authentication \
         (and OAuth 1.0a with the access token `jshell login` obtained). The Python bulk export \
         uses `JIRA(token_auth=PAT)`{}.",
        python_version.map_or_else(String::new, |v| format!("; Python package jira {v}"))
    );
    let _ = writeln!(
        md,
        "- jshell's `search_issues` has no page-concurrency option, so the sequential export \
         pages with `jira.get(\"search\", …)` (which follows `startAt` one page at a time). The \
         jira crate's criterion bench (`cargo xtask bench --criterion`) measures `search_all` at \
         concurrency 1 and 4 in-process."
    );
    let _ = writeln!(
        md,
        "- curl's bulk rows only transfer the same {} pages (no JSON parsing or re-encoding): the \
         floor any client can reach against this server.",
        bulk::pages()
    );
    md
}

fn attachment_section(md: &mut String, rows: &[Row]) {
    let _ = writeln!(
        md,
        "\n## Attachment: {} MiB up and down\n\n| client | command | wall s | CPU s | peak RSS MiB |\n|---|---|---:|---:|---:|",
        attachment::BYTES / (1024 * 1024)
    );
    for row in rows
        .iter()
        .filter(|row| row.workload == Workload::Attachment)
    {
        let figures = match &row.outcome {
            Ok(stats) => format!(
                "{} | {} | {:.1}",
                secs(stats.wall),
                secs(stats.cpu),
                stats.max_rss as f64 / MIB
            ),
            Err(why) => format!("skipped: {} | | ", one_line(why)),
        };
        let _ = writeln!(md, "| {:?} | `{}` | {figures} |", row.client, row.label);
    }
}

fn targets(rows: &[Row]) -> Vec<Target> {
    let one = |id| find(rows, Workload::OneShot, id);
    let mut targets = Vec::new();

    let (pat, curl) = (one(CaseId::JshellPat), one(CaseId::CurlPat));
    targets.push(ratio_target(
        "one-shot PAT wall ≤ 1.5× curl's",
        pat.zip(curl).map(|(pat, curl)| ratio(pat.wall, curl.wall)),
        |r| format!("{r:.2}× ({} vs {} ms)", fmt_ms(pat), fmt_ms(curl)),
        "≤ 1.50×",
        |r| r <= 1.5,
    ));
    for (name, jshell, python) in [
        (
            "one-shot PAT ≥ 20× faster than jirashell (Basic; jirashell has no PAT)",
            CaseId::JshellPat,
            CaseId::JirashellBasic,
        ),
        (
            "one-shot OAuth ≥ 20× faster than jirashell OAuth (like for like)",
            CaseId::JshellOauth,
            CaseId::JirashellOauth,
        ),
    ] {
        let (jshell, python) = (one(jshell), one(python));
        targets.push(ratio_target(
            name,
            jshell
                .zip(python)
                .map(|(jshell, python)| ratio(python.wall, jshell.wall)),
            |r| format!("{r:.0}× ({} vs {} ms)", fmt_ms(python), fmt_ms(jshell)),
            "≥ 20×",
            |r| r >= 20.0,
        ));
    }
    for (name, id) in [
        ("one-shot peak RSS ≤ 15 MiB (PAT)", CaseId::JshellPat),
        ("one-shot peak RSS ≤ 15 MiB (OAuth)", CaseId::JshellOauth),
    ] {
        let rss = one(id).map(|stats| stats.max_rss as f64 / MIB);
        targets.push(ratio_target(
            name,
            rss,
            |mib| format!("{mib:.1} MiB"),
            "≤ 15 MiB",
            |mib| mib <= 15.0,
        ));
    }
    for (name, id) in [
        ("50 MiB upload: peak RSS < 40 MiB", CaseId::JshellUpload),
        ("50 MiB download: peak RSS < 40 MiB", CaseId::JshellDownload),
    ] {
        let rss = find(rows, Workload::Attachment, id).map(|stats| stats.max_rss as f64 / MIB);
        targets.push(ratio_target(
            name,
            rss,
            |mib| format!("{mib:.1} MiB"),
            "< 40 MiB",
            |mib| mib < 40.0,
        ));
    }
    for latency_ms in LATENCIES_MS {
        let bulk = |id| find(rows, Workload::Bulk { latency_ms }, id);
        for (mode, jshell, python) in [
            ("concurrent", CaseId::JshellConcurrent, CaseId::PythonAsync),
            ("sequential", CaseId::JshellSequential, CaseId::PythonSync),
        ] {
            let (jshell, python) = (bulk(jshell), bulk(python));
            targets.push(ratio_target(
                &format!("bulk CPU ≥ 5× less than Python, {mode}, {latency_ms} ms"),
                jshell
                    .zip(python)
                    .map(|(jshell, python)| ratio(python.cpu, jshell.cpu)),
                |r| {
                    format!(
                        "{r:.1}× ({} vs {} s)",
                        fmt_secs_cpu(python),
                        fmt_secs_cpu(jshell)
                    )
                },
                "≥ 5×",
                |r| r >= 5.0,
            ));
        }
    }
    let latency_ms = 20;
    let ideal =
        Duration::from_millis(latency_ms).mul_f64(bulk::pages() as f64 / CONCURRENCY as f64);
    let bulk = |id| find(rows, Workload::Bulk { latency_ms }, id);
    let name = format!(
        "concurrent bulk at {latency_ms} ms ≤ 1.3× ideal ({} pages ÷ {CONCURRENCY} × {latency_ms} ms = {} ms)",
        bulk::pages(),
        ideal.as_millis()
    );
    let jshell = bulk(CaseId::JshellConcurrent);
    targets.push(ratio_target(
        &name,
        jshell.map(|stats| ratio(stats.wall, ideal)),
        |r| format!("{r:.2}× ({} ms)", fmt_ms(jshell)),
        "≤ 1.30×",
        |r| r <= 1.3,
    ));
    let floor = bulk(CaseId::CurlParallel);
    targets.push(Target {
        name: format!("(context) the floor: curl, {CONCURRENCY} in flight, at {latency_ms} ms"),
        measured: floor.map_or_else(
            || "–".to_owned(),
            |stats| {
                format!(
                    "{:.2}× ideal ({} ms)",
                    ratio(stats.wall, ideal),
                    stats.wall.as_millis()
                )
            },
        ),
        goal: "–".to_owned(),
        met: None,
    });
    targets
}

fn find(rows: &[Row], workload: Workload, id: CaseId) -> Option<Stats> {
    rows.iter()
        .find(|row| row.workload == workload && row.id == id)
        .and_then(|row| row.outcome.as_ref().ok().copied())
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-9)
}

fn ratio_target(
    name: &str,
    value: Option<f64>,
    show: impl Fn(f64) -> String,
    goal: &str,
    met: impl Fn(f64) -> bool,
) -> Target {
    Target {
        name: name.to_owned(),
        measured: value.map_or_else(|| "– (a row is missing)".to_owned(), &show),
        goal: goal.to_owned(),
        met: value.map(met),
    }
}

fn fmt_ms(stats: Option<Stats>) -> String {
    stats.map_or_else(|| "–".to_owned(), |stats| ms(stats.wall))
}

fn fmt_secs_cpu(stats: Option<Stats>) -> String {
    stats.map_or_else(|| "–".to_owned(), |stats| secs(stats.cpu))
}

fn ms(duration: Duration) -> String {
    format!("{:.1}", duration.as_secs_f64() * 1000.0)
}

fn secs(duration: Duration) -> String {
    format!("{:.2}", duration.as_secs_f64())
}

fn one_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().replace('|', "\\|")
}

/// The CPU model, cores and load, so figures from different machines are not compared blindly.
fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|line| line.strip_prefix("model name"))
                .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|load| load.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".to_owned());
    format!("Machine: {model}, {cores} cores available, load average {load} at the end of the run.")
}
