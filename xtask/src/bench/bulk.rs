//! The bulk workload: every issue, all fields, exported as JSON lines, with pages fetched
//! concurrently and one after another; curl fetching the same pages (transfer only) is the floor.

use std::process::Command;

use super::oneshot::isolated;
use super::{CONCURRENCY, Case, CaseId, Check, Client, Context, ISSUES, PAGE_SIZE, PAT};

/// `search_issues` pages concurrently (jshell's default: 4 pages in flight).
pub const CONCURRENT_SCRIPT: &str = r#"for issue in jira.search_issues("ORDER BY key", #{fields: ["*all"]}) { print(json::to_string(issue)); }"#;

/// `search_issues` has no option for the pages in flight, so the sequential export pages through
/// `jira.get`, which follows `startAt` one page at a time (the same 100-issue pages).
pub const SEQUENTIAL_SCRIPT: &str = r#"for issue in jira.get("search", #{jql: "ORDER BY key", fields: "*all", maxResults: 100}).issues { print(json::to_string(issue)); }"#;

/// The export's page count.
pub fn pages() -> usize {
    ISSUES.div_ceil(PAGE_SIZE)
}

pub fn cases(context: &Context) -> Vec<Case> {
    let mut cases = Vec::new();
    for (id, label, script) in [
        (
            CaseId::JshellConcurrent,
            format!("jshell search_issues, {CONCURRENCY} pages in flight"),
            CONCURRENT_SCRIPT,
        ),
        (
            CaseId::JshellSequential,
            "jshell jira.get(\"search\"), sequential paging".to_owned(),
            SEQUENTIAL_SCRIPT,
        ),
    ] {
        let (jshell, work, url) = (
            context.jshell.clone(),
            context.work.clone(),
            context.url.clone(),
        );
        cases.push(Case {
            id,
            client: Client::Jshell,
            label,
            auth: "PAT",
            command: Box::new(move || {
                let mut command = isolated(&jshell, &work);
                command
                    .args(["--server", &url, "--pat", PAT])
                    .args(["-e", script]);
                command
            }),
            stdin: None,
            check: Check::Lines(ISSUES),
            skip: None,
        });
    }

    let urls: Vec<String> = (0..pages())
        .map(|page| {
            format!(
                "{}rest/api/2/search?jql=ORDER%20BY%20key&startAt={}&maxResults={PAGE_SIZE}&fields=*all",
                context.url,
                page * PAGE_SIZE
            )
        })
        .collect();
    for (id, label, parallel) in [
        (
            CaseId::CurlParallel,
            format!("curl --parallel-max {CONCURRENCY} (transfer only, floor)"),
            true,
        ),
        (
            CaseId::CurlSequential,
            "curl, one page after another (transfer only, floor)".to_owned(),
            false,
        ),
    ] {
        let Some(curl) = context.curl.clone() else {
            cases.push(Case::skipped(
                id,
                Client::Floor,
                &label,
                "PAT",
                "curl is not installed",
            ));
            continue;
        };
        let urls = urls.clone();
        cases.push(Case {
            id,
            client: Client::Floor,
            label,
            auth: "PAT",
            command: Box::new(move || {
                let mut command = Command::new(&curl);
                command.args(["-sS", "--fail", "-H"]);
                command.arg(format!("Authorization: Bearer {PAT}"));
                if parallel {
                    command.args(["--parallel", "--parallel-max"]);
                    command.arg(CONCURRENCY.to_string());
                }
                command.args(&urls);
                command
            }),
            stdin: None,
            // Every issue's JSON is over 2 KB; --fail already rejects any error status.
            check: Check::AtLeastBytes((ISSUES * 2000) as u64),
            skip: None,
        });
    }
    cases
}
