//! The bulk workload: every issue, all fields, exported as JSON lines. At 0 ms latency the
//! clients side by side: jshell's lazy stream `jira.issues` (PAT and OAuth), its eager
//! `search_issues` (the same stream collected into one array), python-jira (in `python`) and
//! curl fetching the same pages (transfer only, the floor). At `SLOW_MS` the stream with 1, 4
//! and 8 pages in flight, whose floor is computed: `pages ÷ concurrency × latency`; curl runs
//! there too, to show what the server's own time adds to that floor.

use std::process::Command;
use std::time::Duration;

use super::oneshot::{OAuth, isolated};
use super::{CONCURRENCIES, CONCURRENCY, Case, CaseId, Check, Client, Context, PAGE_SIZE, PAT};

/// The export's JQL: every issue, in a stable order.
const JQL: &str = "ORDER BY key";

/// The stream with `concurrency` pages in flight.
pub fn stream_script(concurrency: usize) -> String {
    format!(
        r#"for issue in jira.issues("{JQL}", #{{fields: ["*all"], concurrency: {concurrency}}}) {{ print(json::to_string(issue)); }}"#
    )
}

/// The whole result as one array first (jshell's default pages in flight), then printed.
pub const EAGER_SCRIPT: &str = r#"for issue in jira.search_issues("ORDER BY key", #{fields: ["*all"]}) { print(json::to_string(issue)); }"#;

/// The export's page count.
pub fn pages(issues: usize) -> usize {
    issues.div_ceil(PAGE_SIZE)
}

/// The least wall time the export can take at `latency_ms` per request with `concurrency`
/// requests in flight, as the issue defines it: `pages ÷ concurrency × latency` (it ignores
/// the server's own time per page, transfer and CPU time).
pub fn latency_floor(issues: usize, concurrency: usize, latency_ms: u64) -> Duration {
    Duration::from_millis(latency_ms).mul_f64(pages(issues) as f64 / concurrency.max(1) as f64)
}

/// jshell's stream with a PAT and with the saved OAuth profile, and its eager search.
pub fn clients(context: &Context, oauth: &OAuth, issues: usize) -> Vec<Case> {
    let mut cases = vec![stream_case(context, issues, CONCURRENCY)];
    let oauth_label = format!("{} (saved OAuth profile)", stream_label(CONCURRENCY));
    cases.push(match &oauth.saved {
        Ok(saved) => {
            let (jshell, work, config) = (
                context.jshell.clone(),
                context.work.clone(),
                saved.config.clone(),
            );
            let script = stream_script(CONCURRENCY);
            Case {
                id: CaseId::JshellStreamOauth,
                client: Client::Jshell,
                label: oauth_label,
                auth: "OAuth 1.0a",
                command: Box::new(move || {
                    let mut command = isolated(&jshell, &work);
                    command.arg("--config").arg(&config).args(["-e", &script]);
                    command
                }),
                stdin: None,
                check: Check::Lines(issues),
                skip: None,
            }
        }
        Err(why) => Case::skipped(
            CaseId::JshellStreamOauth,
            Client::Jshell,
            &oauth_label,
            "OAuth 1.0a",
            why,
        ),
    });
    cases.push(pat_case(
        context,
        issues,
        CaseId::JshellEager,
        format!("jira.search_issues (eager, {CONCURRENCY} in flight)"),
        EAGER_SCRIPT.to_owned(),
    ));
    cases
}

/// The stream with a PAT and each of `CONCURRENCIES` pages in flight.
pub fn concurrency_sweep(context: &Context, issues: usize) -> Vec<Case> {
    CONCURRENCIES
        .iter()
        .map(|&concurrency| stream_case(context, issues, concurrency))
        .collect()
}

fn stream_label(concurrency: usize) -> String {
    format!("jira.issues (stream, {concurrency} in flight)")
}

fn stream_case(context: &Context, issues: usize, concurrency: usize) -> Case {
    pat_case(
        context,
        issues,
        CaseId::JshellStream { concurrency },
        stream_label(concurrency),
        stream_script(concurrency),
    )
}

fn pat_case(context: &Context, issues: usize, id: CaseId, label: String, script: String) -> Case {
    let (jshell, work, url) = (
        context.jshell.clone(),
        context.work.clone(),
        context.url.clone(),
    );
    Case {
        id,
        client: Client::Jshell,
        label,
        auth: "PAT",
        command: Box::new(move || {
            let mut command = isolated(&jshell, &work);
            command
                .args(["--server", &url, "--pat", PAT])
                .args(["-e", &script]);
            command
        }),
        stdin: None,
        check: Check::Lines(issues),
        skip: None,
    }
}

/// curl fetching the export's pages, `CONCURRENCY` at once, without parsing them.
pub fn floor(context: &Context, issues: usize) -> Case {
    let label = format!("curl --parallel-max {CONCURRENCY} (transfer only, floor)");
    let Some(curl) = context.curl.clone() else {
        return Case::skipped(
            CaseId::CurlFloor,
            Client::Floor,
            &label,
            "PAT",
            "curl is not installed",
        );
    };
    let urls = page_urls(&context.url, issues);
    Case {
        id: CaseId::CurlFloor,
        client: Client::Floor,
        label,
        auth: "PAT",
        command: Box::new(move || {
            let mut command = Command::new(&curl);
            command.args(["-sS", "--fail", "-H"]);
            command.arg(format!("Authorization: Bearer {PAT}"));
            command.args(["--parallel", "--parallel-max"]);
            command.arg(CONCURRENCY.to_string());
            command.args(&urls);
            command
        }),
        stdin: None,
        // Every issue's JSON is over 2 KB; --fail already rejects any error status.
        check: Check::AtLeastBytes((issues * 2000) as u64),
        skip: None,
    }
}

/// The search pages the clients fetch (`base` ends in `/`).
fn page_urls(base: &str, issues: usize) -> Vec<String> {
    (0..pages(issues))
        .map(|page| {
            format!(
                "{base}rest/api/2/search?jql=ORDER%20BY%20key&startAt={}&maxResults={PAGE_SIZE}&fields=*all",
                page * PAGE_SIZE
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_round_up() {
        assert_eq!(pages(10_000), 100);
        assert_eq!(pages(100_000), 1000);
        assert_eq!(pages(10_001), 101);
        assert_eq!(pages(1), 1);
    }

    #[test]
    fn the_latency_floor_is_pages_over_concurrency_times_latency() {
        assert_eq!(latency_floor(10_000, 4, 20), Duration::from_millis(500));
        assert_eq!(latency_floor(10_000, 1, 20), Duration::from_secs(2));
        assert_eq!(latency_floor(100_000, 8, 20), Duration::from_millis(2500));
        assert_eq!(latency_floor(10_000, 4, 0), Duration::ZERO);
    }

    #[test]
    fn the_floor_fetches_every_page_once() {
        let urls = page_urls("http://127.0.0.1:1/", 250);
        assert_eq!(urls.len(), 3);
        assert!(urls[0].starts_with("http://127.0.0.1:1/rest/api/2/search?"));
        assert!(urls[2].contains("startAt=200&maxResults=100&fields=*all"));
    }

    #[test]
    fn the_stream_script_asks_for_its_concurrency() {
        let script = stream_script(8);
        assert!(script.contains("jira.issues(\"ORDER BY key\""), "{script}");
        assert!(script.contains("concurrency: 8}"), "{script}");
        assert!(EAGER_SCRIPT.contains(JQL));
    }
}
