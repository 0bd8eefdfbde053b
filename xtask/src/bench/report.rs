//! `bench/results.md` (in the target directory): the figures of every row and the targets,
//! checked.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use super::measure::Stats;
use super::{CONCURRENCY, CaseId, PAGE_SIZE, Row, SIZES, SLOW_MS, Workload, attachment, bulk};

const MIB: f64 = 1024.0 * 1024.0;

/// One target and whether it is met (`None`: a row it needs is missing).
struct Target {
    name: String,
    measured: String,
    goal: String,
    met: Option<bool>,
}

/// One measured condition of a target that has several (one per export size, say).
struct Part {
    measured: String,
    met: Option<bool>,
}

impl Part {
    fn of(
        what: &str,
        value: Option<f64>,
        show: impl Fn(f64) -> String,
        met: impl Fn(f64) -> bool,
    ) -> Self {
        Self {
            measured: format!(
                "{what}: {}",
                value.map_or_else(|| "– (a row is missing)".to_owned(), show)
            ),
            met: value.map(met),
        }
    }
}

impl Target {
    /// A target met when every part is; unknown if any part is unknown and none failed.
    fn of_parts(name: &str, goal: &str, parts: Vec<Part>) -> Self {
        let met = if parts.iter().any(|part| part.met == Some(false)) {
            Some(false)
        } else if parts.is_empty() || parts.iter().any(|part| part.met.is_none()) {
            None
        } else {
            Some(true)
        };
        let measured = if parts.is_empty() {
            "– (a row is missing)".to_owned()
        } else {
            parts
                .iter()
                .map(|part| part.measured.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        };
        Self {
            name: name.to_owned(),
            measured,
            goal: goal.to_owned(),
            met,
        }
    }
}

/// Writes `results.md` under `out` and returns its text.
pub fn write(
    out: &Path,
    rows: &[Row],
    python_version: Option<&str>,
    placement: Option<&str>,
) -> Result<String, String> {
    let text = render(rows, python_version, placement);
    let path = out.join("results.md");
    std::fs::write(&path, &text)
        .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    Ok(text)
}

fn render(rows: &[Row], python_version: Option<&str>, placement: Option<&str>) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# jshell benchmarks\n");
    let _ = writeln!(md, "{}\n", machine());
    one_shot_section(&mut md, rows);
    bulk_section(&mut md, rows);
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
    notes(&mut md, python_version, placement);
    md
}

fn one_shot_section(md: &mut String, rows: &[Row]) {
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
                mib(stats)
            ),
            Err(why) => format!("skipped: {} | |", one_line(why)),
        };
        let _ = writeln!(
            md,
            "| {:?} | `{}` | {} | {figures} |",
            row.client, row.label, row.auth
        );
    }
}

/// Every size and latency in one table; at `SLOW_MS` the computed floors follow the rows.
fn bulk_section(md: &mut String, rows: &[Row]) {
    let runs = rows
        .iter()
        .filter(|row| matches!(row.workload, Workload::Bulk { .. }))
        .find_map(|row| row.outcome.as_ref().ok())
        .map_or(0, |stats| stats.runs);
    let _ = writeln!(
        md,
        "\n## Bulk: every issue, all fields, as JSON lines (pages of {PAGE_SIZE}; median of {runs} runs)\n"
    );
    let _ = writeln!(
        md,
        "| issues | latency | client | command | auth | wall s (min–max) | wall ÷ floor | CPU s (user+sys) | peak RSS MiB | server CPU s |"
    );
    let _ = writeln!(md, "|---:|---:|---|---|---|---:|---:|---:|---:|---:|");
    for workload in bulk_workloads(rows) {
        let Workload::Bulk { issues, latency_ms } = workload else {
            continue;
        };
        let lead = format!("| {} | {latency_ms} ms", count(issues));
        for row in rows.iter().filter(|row| row.workload == workload) {
            let figures = match &row.outcome {
                Ok(stats) => format!(
                    "{} ({}–{}) | {} | {} | {:.1} | {}",
                    secs(stats.wall),
                    secs(stats.wall_min),
                    secs(stats.wall_max),
                    floor_of(rows, row).map_or_else(
                        || "–".to_owned(),
                        |floor| format!("{:.2}×", ratio(stats.wall, floor))
                    ),
                    secs(stats.cpu),
                    mib(stats),
                    stats.server_cpu.map_or_else(|| "–".to_owned(), secs)
                ),
                Err(why) => format!("skipped: {} | | | |", one_line(why)),
            };
            let _ = writeln!(
                md,
                "{lead} | {:?} | `{}` | {} | {figures} |",
                row.client, row.label, row.auth
            );
        }
        for concurrency in swept(rows, workload) {
            let _ = writeln!(
                md,
                "{lead} | Floor | {} pages ÷ {concurrency} × {latency_ms} ms (computed) | – | {} | | | | |",
                bulk::pages(issues),
                secs(bulk::latency_floor(issues, concurrency, latency_ms))
            );
        }
    }
}

/// The bulk workloads among the rows, in their order.
fn bulk_workloads(rows: &[Row]) -> Vec<Workload> {
    let mut workloads: Vec<Workload> = Vec::new();
    for row in rows {
        if matches!(row.workload, Workload::Bulk { .. }) && !workloads.contains(&row.workload) {
            workloads.push(row.workload);
        }
    }
    workloads
}

/// The pages in flight the stream was measured with at a latency above 0 ms.
fn swept(rows: &[Row], workload: Workload) -> Vec<usize> {
    match workload {
        Workload::Bulk { latency_ms, .. } if latency_ms > 0 => rows
            .iter()
            .filter(|row| row.workload == workload)
            .filter_map(|row| match row.id {
                CaseId::JshellStream { concurrency } => Some(concurrency),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// What a bulk row's wall time is held against: at 0 ms curl's transfer of the same pages, above
/// it `pages ÷ concurrency × latency` for the stream.
fn floor_of(rows: &[Row], row: &Row) -> Option<Duration> {
    let Workload::Bulk { issues, latency_ms } = row.workload else {
        return None;
    };
    match row.id {
        CaseId::CurlFloor if latency_ms > 0 => {
            Some(bulk::latency_floor(issues, CONCURRENCY, latency_ms))
        }
        CaseId::CurlFloor => None,
        CaseId::JshellStream { concurrency } if latency_ms > 0 => {
            Some(bulk::latency_floor(issues, concurrency, latency_ms))
        }
        _ if latency_ms == 0 => find(rows, row.workload, CaseId::CurlFloor).map(|s| s.wall),
        _ => None,
    }
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
                mib(stats)
            ),
            Err(why) => format!("skipped: {} | |", one_line(why)),
        };
        let _ = writeln!(md, "| {:?} | `{}` | {figures} |", row.client, row.label);
    }
}

fn notes(md: &mut String, python_version: Option<&str>, placement: Option<&str>) {
    let _ = writeln!(md, "\n## Notes\n");
    let _ = writeln!(
        md,
        "- Wall time runs from spawn to exit; CPU time and peak RSS are the child's own rusage \
         (`wait4`). MiB = 2^20 bytes. Cases run round-robin so that load from other users of \
         the machine hits every case alike; one-shot cases get one unrecorded warm-up round."
    );
    if let Some(peak) = super::measure::own_peak_rss() {
        let _ = writeln!(
            md,
            "- Linux counts the spawning process's peak RSS in each child's, so no row can show \
             less than the bench's own peak: {:.1} MiB.",
            peak as f64 / MIB
        );
    }
    let where_it_runs = match placement {
        Some(placement) => format!(
            "on CPUs of its own, as a Jira server is on a machine of its own ({placement}), so \
             that a client's CPU time does not slow the server it measures"
        ),
        None => "on the same CPUs as the clients, so its CPU time competes with theirs".to_owned(),
    };
    let _ = writeln!(
        md,
        "- Server: fakejira (release build) on 127.0.0.1, {where_it_runs}; the bulk table shows \
         its CPU time (`server CPU`: fakejira's user+sys time during the run, from /proc). \
         Latency is fakejira's added delay per request. A fakejira is started per export size; \
         the one-shot and attachment rows use the first."
    );
    let _ = writeln!(
        md,
        "- jirashell has no personal-access-token option: its one-shot uses Basic authentication \
         (and OAuth 1.0a with the access token `jshell login` obtained). python-jira's bulk \
         export is `JIRA(token_auth=PAT).search_issues(jql, maxResults=False, fields=\"*all\")`{}.",
        python_version.map_or_else(String::new, |v| format!("; Python package jira {v}"))
    );
    let _ = writeln!(
        md,
        "- jshell's stream is `for issue in jira.issues(jql, #{{fields: [\"*all\"], concurrency: N}}) \
         {{ print(json::to_string(issue)); }}`; the eager row loops over `jira.search_issues` \
         instead, which holds the whole result first. The OAuth row signs every request (RSA-SHA1) \
         with the profile `jshell login` saved."
    );
    let _ = writeln!(
        md,
        "- Floors: at 0 ms, curl fetching the same pages {CONCURRENCY} at a time (transfer only: no \
         JSON parsing or re-encoding); at {SLOW_MS} ms, `pages ÷ concurrency × latency`, which \
         ignores the server's own time per page, transfer and CPU time. The curl row at \
         {SLOW_MS} ms ({CONCURRENCY} at a time) shows how far above that computed floor the \
         server's own time puts even a client that only transfers."
    );
}

fn targets(rows: &[Row]) -> Vec<Target> {
    let mut targets = one_shot_targets(rows);
    for (name, id) in [
        ("50 MiB upload: peak RSS < 40 MiB", CaseId::JshellUpload),
        ("50 MiB download: peak RSS < 40 MiB", CaseId::JshellDownload),
    ] {
        let rss = find(rows, Workload::Attachment, id).map(|stats| mib(&stats));
        targets.push(ratio_target(
            name,
            rss,
            |mib| format!("{mib:.1} MiB"),
            "< 40 MiB",
            |mib| mib < 40.0,
        ));
    }
    targets.extend(bulk_targets(rows));
    targets
}

fn one_shot_targets(rows: &[Row]) -> Vec<Target> {
    let one = |id| find(rows, Workload::OneShot, id);
    let mut targets = Vec::new();
    let (pat, curl) = (one(CaseId::JshellPat), one(CaseId::CurlPat));
    targets.push(ratio_target(
        "one-shot PAT wall ≤ 1.1× curl's",
        pat.zip(curl).map(|(pat, curl)| ratio(pat.wall, curl.wall)),
        |r| format!("{r:.2}× ({} vs {} ms)", fmt_ms(pat), fmt_ms(curl)),
        "≤ 1.10×",
        |r| r <= 1.1,
    ));
    let (version, eval) = (one(CaseId::JshellVersion), one(CaseId::JshellEval));
    targets.push(ratio_target(
        "start-up: `jshell -e '1'` within 1.5 ms of `jshell --version`",
        version
            .zip(eval)
            .map(|(version, eval)| (eval.wall.as_secs_f64() - version.wall.as_secs_f64()) * 1e3),
        |gap| format!("{gap:+.2} ms ({} vs {} ms)", fmt_ms(eval), fmt_ms(version)),
        "≤ 1.5 ms",
        |gap| gap <= 1.5,
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
        targets.push(ratio_target(
            name,
            one(id).map(|stats| mib(&stats)),
            |mib| format!("{mib:.1} MiB"),
            "≤ 15 MiB",
            |mib| mib <= 15.0,
        ));
    }
    targets
}

/// The stream the export targets are about: a PAT, jshell's default pages in flight.
const STREAM: CaseId = CaseId::JshellStream {
    concurrency: CONCURRENCY,
};

/// One row per "done when" bullet of the export work, each checked at every size measured.
fn bulk_targets(rows: &[Row]) -> Vec<Target> {
    let sizes = bulk_sizes(rows);
    vec![
        memory_target(rows, &sizes),
        cpu_target(rows),
        wall_target(rows, &sizes),
        oauth_target(rows, &sizes),
    ]
}

/// A bulk row's figures at 0 ms.
fn fast(rows: &[Row], issues: usize, id: CaseId) -> Option<Stats> {
    let latency_ms = 0;
    find(rows, Workload::Bulk { issues, latency_ms }, id)
}

fn memory_target(rows: &[Row], sizes: &[usize]) -> Target {
    let (small, large) = (SIZES[0], SIZES[1]);
    let mut parts: Vec<Part> = sizes
        .iter()
        .map(|&issues| {
            let rss = fast(rows, issues, STREAM).map(|stats| mib(&stats));
            Part::of(
                &count(issues),
                rss,
                |m| format!("{m:.1} MiB"),
                |m| m <= 40.0,
            )
        })
        .collect();
    let growth = fast(rows, small, STREAM)
        .zip(fast(rows, large, STREAM))
        .map(|(small, large)| (large.max_rss as f64 / small.max_rss.max(1) as f64 - 1.0) * 100.0);
    parts.push(Part::of(
        &format!("{} → {}", count(small), count(large)),
        growth,
        |percent| format!("{percent:+.1}%"),
        |percent| percent.abs() <= 15.0,
    ));
    Target::of_parts(
        "streaming export (`jira.issues`) peak RSS ≤ 40 MiB, and within 15% between 10,000 and \
         100,000 issues",
        "≤ 40 MiB; ≤ ±15%",
        parts,
    )
}

fn cpu_target(rows: &[Row]) -> Target {
    let large = SIZES[1];
    let (python, jshell) = (
        fast(rows, large, CaseId::PythonSearch),
        fast(rows, large, STREAM),
    );
    let part = Part::of(
        &count(large),
        python.zip(jshell).map(|(p, j)| ratio(p.cpu, j.cpu)),
        |r| format!("{r:.1}× ({} vs {} s)", fmt_cpu(python), fmt_cpu(jshell)),
        |r| r >= 10.0,
    );
    Target::of_parts(
        "client CPU for the 100,000-issue export ≥ 10× less than python-jira's",
        "≥ 10×",
        vec![part],
    )
}

fn wall_target(rows: &[Row], sizes: &[usize]) -> Target {
    let mut parts = Vec::new();
    for &issues in sizes {
        let (stream, curl) = (
            fast(rows, issues, STREAM),
            fast(rows, issues, CaseId::CurlFloor),
        );
        parts.push(Part::of(
            &format!("{} at 0 ms", count(issues)),
            stream.zip(curl).map(|(s, c)| ratio(s.wall, c.wall)),
            |r| format!("{r:.2}× curl"),
            |r| r <= 1.15,
        ));
        let latency_ms = SLOW_MS;
        let slow = find(rows, Workload::Bulk { issues, latency_ms }, STREAM);
        let floor = bulk::latency_floor(issues, CONCURRENCY, latency_ms);
        parts.push(Part::of(
            &format!("{} at {latency_ms} ms", count(issues)),
            slow.map(|s| ratio(s.wall, floor)),
            |r| format!("{r:.2}× {} s", secs(floor)),
            |r| r <= 1.3,
        ));
    }
    Target::of_parts(
        &format!(
            "export wall at 0 ms ≤ 1.15× the curl floor; at {SLOW_MS} ms with {CONCURRENCY} in \
             flight ≤ 1.3× pages ÷ {CONCURRENCY} × {SLOW_MS} ms"
        ),
        "≤ 1.15×; ≤ 1.30×",
        parts,
    )
}

fn oauth_target(rows: &[Row], sizes: &[usize]) -> Target {
    let parts = sizes
        .iter()
        .map(|&issues| {
            let signed = fast(rows, issues, CaseId::JshellStreamOauth);
            let pat = fast(rows, issues, STREAM);
            Part::of(
                &count(issues),
                signed.zip(pat).map(|(o, p)| ratio(o.cpu, p.cpu)),
                |r| format!("{r:.2}× ({} vs {} s)", fmt_cpu(signed), fmt_cpu(pat)),
                |r| r <= 1.2,
            )
        })
        .collect();
    Target::of_parts(
        "OAuth export's client CPU within 1.2× of the PAT one",
        "≤ 1.20×",
        parts,
    )
}

/// The export sizes among the rows, smallest first.
fn bulk_sizes(rows: &[Row]) -> Vec<usize> {
    let mut sizes: Vec<usize> = rows
        .iter()
        .filter_map(|row| match row.workload {
            Workload::Bulk { issues, .. } => Some(issues),
            _ => None,
        })
        .collect();
    sizes.sort_unstable();
    sizes.dedup();
    sizes
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

fn fmt_cpu(stats: Option<Stats>) -> String {
    stats.map_or_else(|| "–".to_owned(), |stats| secs(stats.cpu))
}

fn mib(stats: &Stats) -> f64 {
    stats.max_rss as f64 / MIB
}

fn ms(duration: Duration) -> String {
    format!("{:.1}", duration.as_secs_f64() * 1000.0)
}

fn secs(duration: Duration) -> String {
    format!("{:.2}", duration.as_secs_f64())
}

/// `100000` as `100,000`.
fn count(number: usize) -> String {
    let digits = number.to_string();
    let mut text = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            text.push(',');
        }
        text.push(digit);
    }
    text
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

#[cfg(test)]
mod tests {
    use super::super::Client;
    use super::*;

    fn row(id: CaseId, workload: Workload, wall_ms: u64, cpu_ms: u64, rss_mib: u64) -> Row {
        let client = match id {
            CaseId::CurlFloor => Client::Floor,
            CaseId::PythonSearch => Client::Python,
            _ => Client::Jshell,
        };
        Row {
            id,
            client,
            workload,
            label: format!("{id:?}"),
            auth: "PAT",
            outcome: Ok(Stats {
                runs: 1,
                wall: Duration::from_millis(wall_ms),
                wall_min: Duration::from_millis(wall_ms),
                wall_max: Duration::from_millis(wall_ms),
                cpu: Duration::from_millis(cpu_ms),
                max_rss: rss_mib << 20,
                server_cpu: Some(Duration::from_millis(wall_ms / 2)),
            }),
        }
    }

    /// Rows of one size whose figures scale with it: every export target is met.
    fn size(issues: usize, stream_rss_mib: u64) -> Vec<Row> {
        let k = (issues / 10_000) as u64;
        let fast = Workload::Bulk {
            issues,
            latency_ms: 0,
        };
        let slow = Workload::Bulk {
            issues,
            latency_ms: SLOW_MS,
        };
        vec![
            row(STREAM, fast, 1000 * k, 800 * k, stream_rss_mib),
            row(CaseId::JshellStreamOauth, fast, 1050 * k, 900 * k, 21),
            row(CaseId::JshellEager, fast, 1200 * k, 900 * k, 90 * k),
            row(CaseId::PythonSearch, fast, 12_000 * k, 10_000 * k, 300 * k),
            row(CaseId::CurlFloor, fast, 900 * k, 100 * k, 8),
            row(
                CaseId::JshellStream { concurrency: 1 },
                slow,
                2300 * k,
                800 * k,
                20,
            ),
            row(STREAM, slow, 600 * k, 800 * k, 20),
            row(
                CaseId::JshellStream { concurrency: 8 },
                slow,
                400 * k,
                800 * k,
                20,
            ),
            row(CaseId::CurlFloor, slow, 560 * k, 100 * k, 8),
        ]
    }

    fn export_targets(rows: &[Row]) -> Vec<(String, Option<bool>)> {
        bulk_targets(rows)
            .into_iter()
            .map(|target| (target.measured, target.met))
            .collect()
    }

    #[test]
    fn rows_that_meet_every_export_target_are_shown_to() {
        let mut rows = size(10_000, 20);
        rows.extend(size(100_000, 22));
        let targets = export_targets(&rows);
        assert_eq!(targets.len(), 4);
        for (measured, met) in &targets {
            assert_eq!(*met, Some(true), "{measured}");
        }
        assert!(
            targets[0].0.contains("100,000: 22.0 MiB"),
            "{}",
            targets[0].0
        );
        assert!(targets[0].0.contains("+10.0%"), "{}", targets[0].0);
        assert!(
            targets[1].0.contains("12.5× (100.00 vs 8.00 s)"),
            "{}",
            targets[1].0
        );
        // 100 pages ÷ 4 × 20 ms = 0.5 s; 600 ms is 1.2× that. 1000 ms is 1.11× curl's 900.
        assert!(
            targets[2].0.contains("10,000 at 20 ms: 1.20× 0.50 s"),
            "{}",
            targets[2].0
        );
        assert!(
            targets[2].0.contains("10,000 at 0 ms: 1.11× curl"),
            "{}",
            targets[2].0
        );
        assert!(targets[3].0.contains("1.12×"), "{}", targets[3].0);
    }

    #[test]
    fn one_missed_part_fails_its_target_and_no_other() {
        let mut rows = size(10_000, 20);
        // +20% between the sizes, though both stay under 40 MiB.
        rows.extend(size(100_000, 24));
        let met: Vec<Option<bool>> = export_targets(&rows).into_iter().map(|t| t.1).collect();
        assert_eq!(met, [Some(false), Some(true), Some(true), Some(true)]);

        let mut rows = size(10_000, 41);
        rows.extend(size(100_000, 41));
        assert_eq!(export_targets(&rows)[0].1, Some(false));
    }

    #[test]
    fn without_the_large_size_its_targets_are_unknown_and_the_rest_still_checked() {
        let rows = size(10_000, 20);
        let targets = export_targets(&rows);
        assert_eq!(targets[0].1, None, "{}", targets[0].0);
        assert!(
            targets[0].0.contains("– (a row is missing)"),
            "{}",
            targets[0].0
        );
        assert_eq!(targets[1].1, None, "{}", targets[1].0);
        assert_eq!(targets[2].1, Some(true), "{}", targets[2].0);
        assert_eq!(targets[3].1, Some(true), "{}", targets[3].0);
        assert!(export_targets(&[]).iter().all(|(_, met)| met.is_none()));
    }

    #[test]
    fn a_skipped_row_leaves_its_target_unknown() {
        let mut rows = size(10_000, 20);
        rows.extend(size(100_000, 22));
        for row in &mut rows {
            if row.id == CaseId::PythonSearch {
                row.outcome = Err("not run: --no-python was given".to_owned());
            }
        }
        assert_eq!(export_targets(&rows)[1].1, None);
    }

    #[test]
    fn the_table_holds_every_row_its_floor_ratio_and_the_computed_floors() {
        let mut rows = size(10_000, 20);
        rows.extend(size(100_000, 22));
        rows[3].outcome = Err("not run: --no-python was given".to_owned());
        let md = render(&rows, None, None);
        // The stream at 0 ms against curl's 0.90 s; at 20 ms against the computed floor.
        assert!(md.contains("| 10,000 | 0 ms | Jshell | `JshellStream { concurrency: 4 }` | PAT | 1.00 (1.00–1.00) | 1.11× | 0.80 | 20.0 | 0.50 |"), "{md}");
        assert!(md.contains("| 100,000 | 20 ms | Jshell | `JshellStream { concurrency: 1 }` | PAT | 23.00 (23.00–23.00) | 1.15× |"), "{md}");
        assert!(
            md.contains(
                "| 100,000 | 20 ms | Floor | 1000 pages ÷ 8 × 20 ms (computed) | – | 2.50 |"
            ),
            "{md}"
        );
        assert!(
            md.contains("| 10,000 | 0 ms | Floor | `CurlFloor` | PAT | 0.90 (0.90–0.90) | – |"),
            "{md}"
        );
        // curl at 20 ms, against the computed floor of its 4 pages in flight.
        assert!(
            md.contains(
                "| 10,000 | 20 ms | Floor | `CurlFloor` | PAT | 0.56 (0.56–0.56) | 1.12× |"
            ),
            "{md}"
        );
        assert_eq!(md.matches("(computed)").count(), 6);
        let header = md
            .lines()
            .find(|line| line.starts_with("| issues |"))
            .map_or(0, |line| line.matches('|').count());
        assert_eq!(header, 11);
        for line in md.lines().filter(|line| line.starts_with("| 10")) {
            assert_eq!(line.matches('|').count(), header, "{line}");
        }
        assert!(md.contains("| Python | `PythonSearch` | PAT | skipped: not run: --no-python was given | | | | |"), "{md}");
        assert_eq!(md.matches(" ✓ |").count(), 4, "{md}");
    }

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(count(7), "7");
        assert_eq!(count(10_000), "10,000");
        assert_eq!(count(100_000), "100,000");
        assert_eq!(count(1_234_567), "1,234,567");
    }
}
