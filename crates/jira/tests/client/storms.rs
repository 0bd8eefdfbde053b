//! Fault storms: long runs of 429s and 503s, connections cut in the middle of a body, stalls,
//! a server that restarts in the middle of an export, and a 10,000-issue export under a steady
//! drizzle of faults. An export either comes back whole and in order, or ends with an error that
//! says what failed — never shorter without a word.

use crate::common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use fakejira::{Fault, Running};
use futures_util::{StreamExt as _, TryStreamExt as _};
use jira::{Auth, ErrorKind, RetryPolicy, SearchOptions, Value};

const ATTEMPTS: u32 = 4;

/// Retries that keep the tests fast: a few milliseconds of backoff, `Retry-After` capped at 1 s.
fn quick_retries() -> RetryPolicy {
    RetryPolicy {
        max_attempts: ATTEMPTS,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(40),
        retry_after_cap: Duration::from_secs(1),
    }
}

fn client(server: &Running) -> jira::ClientBuilder {
    common::client_builder(server)
        .auth(Auth::bearer(common::PAT))
        .retry(quick_retries())
}

fn requests_to(server: &Running, suffix: &str) -> Vec<fakejira::AccessLogEntry> {
    server
        .access_log()
        .into_iter()
        .filter(|entry| entry.path.ends_with(suffix))
        .collect()
}

fn faults_seen(server: &Running) -> usize {
    server
        .access_log()
        .iter()
        .filter(|entry| entry.verdict.starts_with("fault:"))
        .count()
}

fn keys(issues: &[Value]) -> Vec<String> {
    issues
        .iter()
        .map(|issue| issue["key"].as_str().expect("issues have keys").to_owned())
        .collect()
}

fn options(page_size: u64) -> SearchOptions {
    SearchOptions {
        page_size,
        fields: Some(vec!["summary".to_owned()]),
        ..SearchOptions::default()
    }
}

/// Every key the server holds, in `ORDER BY key` order, fetched with no fault in the way.
async fn baseline(server: &Running) -> Vec<String> {
    let issues: Vec<Value> = client(server)
        .build()
        .expect("builds")
        .search_all("ORDER BY key", options(1000))
        .try_collect()
        .await
        .expect("a fault-free export");
    keys(&issues)
}

#[tokio::test]
async fn a_storm_longer_than_the_retry_budget_fails_with_the_status_and_jiras_message() {
    let server = common::start(0).await;
    let client = client(&server).build().expect("builds");
    for (status, message) in [(429, "Rate limit exceeded."), (503, "Service Unavailable")] {
        let before = requests_to(&server, "/myself").len();
        server.inject(Fault::Status {
            status,
            count: 10,
            retry_after: Some(0),
            rate_limit_reason: None,
        });
        let error = common::call(&client, "myself", vec![])
            .await
            .expect_err("the storm outlasts the budget");
        assert_eq!(error.kind(), ErrorKind::Status, "{error}");
        assert_eq!(error.status(), Some(status), "{error}");
        let text = error.to_string();
        assert!(text.contains(&format!("HTTP {status}")), "{text}");
        assert!(text.contains(message), "Jira's own words: {text}");
        assert!(
            text.contains("/rest/api/2/myself"),
            "names the call: {text}"
        );
        assert_eq!(
            requests_to(&server, "/myself").len() - before,
            ATTEMPTS as usize,
            "exactly the budget is spent on a {status} storm"
        );
        // What is left of the storm blows over; the client is not stuck.
        server.clear_faults();
        assert_eq!(
            common::call(&client, "myself", vec![])
                .await
                .expect("calm again")["name"],
            common::USER
        );
    }
}

#[tokio::test]
async fn a_storm_within_the_retry_budget_succeeds_after_exactly_the_attempts_it_needs() {
    let server = common::start(0).await;
    let client = client(&server).build().expect("builds");
    // One of each, then calm: the fourth and last attempt gets through.
    server.inject(Fault::Status {
        status: 429,
        count: 1,
        retry_after: Some(0),
        rate_limit_reason: None,
    });
    server.inject(Fault::Status {
        status: 503,
        count: 1,
        retry_after: None,
        rate_limit_reason: None,
    });
    server.inject(Fault::DropConnection { count: 1 });
    assert_eq!(
        common::call(&client, "myself", vec![])
            .await
            .expect("the last attempt succeeds")["name"],
        common::USER
    );
    let attempts = requests_to(&server, "/myself");
    let verdicts: Vec<&str> = attempts
        .iter()
        .map(|entry| entry.verdict.as_str())
        .collect();
    assert_eq!(attempts.len(), ATTEMPTS as usize, "{verdicts:?}");
    assert_eq!(
        attempts
            .iter()
            .map(|entry| entry.status)
            .collect::<Vec<_>>(),
        [429, 503, 200, 200],
        "{verdicts:?}"
    );
    assert_eq!(verdicts[2], "fault: drop connection");

    // A pure 503 storm one shorter than the budget also gets through.
    server.inject(Fault::Status {
        status: 503,
        count: ATTEMPTS as usize - 1,
        retry_after: None,
        rate_limit_reason: None,
    });
    let before = requests_to(&server, "/serverInfo").len();
    common::call(&client, "server_info", vec![])
        .await
        .expect("through on the last attempt");
    assert_eq!(
        requests_to(&server, "/serverInfo").len() - before,
        ATTEMPTS as usize
    );
}

#[tokio::test]
async fn connections_dropped_mid_body_during_a_multi_page_export_are_retried() {
    let server = common::start(300).await;
    let expected = baseline(&server).await;
    assert_eq!(expected.len(), 300);
    let client = client(&server).build().expect("builds");
    let before = requests_to(&server, "/search").len();

    let mut pages = client.search_pages("ORDER BY key", options(25));
    let first = pages
        .next()
        .await
        .expect("a first page")
        .expect("the first page is fine");
    // The next two requests — pages already on their way — are cut after their first bytes.
    server.inject(Fault::DropConnection { count: 2 });
    let mut issues = first.issues;
    while let Some(page) = pages.next().await {
        issues.extend(page.expect("dropped pages are fetched again").issues);
    }

    assert_eq!(keys(&issues), expected, "complete, in order, no repeats");
    let searches = requests_to(&server, "/search");
    let dropped = searches
        .iter()
        .filter(|entry| entry.verdict == "fault: drop connection")
        .count();
    assert_eq!(dropped, 2, "both faults hit search pages");
    assert_eq!(
        searches.len() - before,
        300 / 25 + dropped,
        "one request per page, plus one retry per dropped page"
    );
}

#[tokio::test]
async fn stalled_responses_time_out_then_are_retried_or_reported() {
    let server = common::start(60).await;
    let expected = baseline(&server).await;
    let timeout = Duration::from_millis(500);
    let client = client(&server).timeout(timeout).build().expect("builds");

    // One stalled page in the middle of an export: that page is asked for again.
    let mut pages = client.search_pages("ORDER BY key", options(20));
    let mut issues = pages
        .next()
        .await
        .expect("a first page")
        .expect("the first page is fine")
        .issues;
    server.inject(Fault::StallBody {
        count: 1,
        stall: Duration::from_secs(3),
    });
    let started = Instant::now();
    while let Some(page) = pages.next().await {
        issues.extend(page.expect("the stalled page is retried").issues);
    }
    assert!(
        started.elapsed() >= timeout,
        "the stall was waited out until the timeout"
    );
    assert_eq!(keys(&issues), expected);

    // Every attempt stalls: a timeout naming the host, after the whole budget.
    server.inject(Fault::StallBody {
        count: ATTEMPTS as usize,
        stall: Duration::from_secs(3),
    });
    let before = requests_to(&server, "/myself").len();
    let error = common::call(&client, "myself", vec![])
        .await
        .expect_err("never answers in time");
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    let text = error.to_string();
    assert!(text.contains("did not answer in time"), "{text}");
    assert!(text.contains("127.0.0.1"), "names the host: {text}");
    assert_eq!(
        requests_to(&server, "/myself").len() - before,
        ATTEMPTS as usize
    );
}

/// Starts the same fakejira as `common::start(issues)`, on `port`.
async fn start_on(port: u16, issues: usize) -> Running {
    common::builder()
        .issues(issues)
        .projects(2)
        .port(port)
        .start()
        .await
        .expect("fakejira starts again on its old port")
}

#[tokio::test]
async fn an_export_resumes_when_the_server_restarts_between_pages() {
    let server = common::start(400).await;
    let expected = baseline(&server).await;
    let port = server.url().port().expect("a port");
    let client = client(&server).page_concurrency(1).build().expect("builds");

    let mut pages = client.search_pages("ORDER BY key", options(50));
    let mut issues = pages
        .next()
        .await
        .expect("a first page")
        .expect("the first page is fine")
        .issues;
    assert_eq!(issues.len(), 50);
    // A restart: every connection the client holds is now dead.
    server.shutdown().await;
    let restarted = start_on(port, 400).await;
    while let Some(page) = pages.next().await {
        issues.extend(page.expect("the restarted server serves the rest").issues);
    }
    assert_eq!(keys(&issues), expected, "resumed where it stopped");
    assert_eq!(
        requests_to(&restarted, "/search").len(),
        400 / 50 - 1,
        "the rest came from the restarted server"
    );
}

#[tokio::test]
async fn an_export_whose_server_goes_away_ends_with_an_error_not_a_short_list() {
    let server = common::start(400).await;
    let url = server.url();
    let client = client(&server).page_concurrency(1).build().expect("builds");

    let mut issues: Vec<Value> = Vec::new();
    let mut items = client.search_all("ORDER BY key", options(50));
    for _ in 0..50 {
        issues.push(
            items
                .next()
                .await
                .expect("the first page's issues")
                .expect("the first page is fine"),
        );
    }
    server.shutdown().await;
    let mut rest = Vec::new();
    while let Some(item) = items.next().await {
        rest.push(item);
    }
    assert_eq!(
        rest.len(),
        1,
        "the stream ends with one error, right where the data stops: {rest:?}"
    );
    let error = rest
        .pop()
        .expect("one item")
        .expect_err("the server is gone");
    assert_eq!(error.kind(), ErrorKind::Connect, "{error}");
    let text = error.to_string();
    assert!(
        text.contains(&format!(
            "cannot connect to 127.0.0.1:{}",
            url.port().expect("a port")
        )),
        "{text}"
    );
    assert!(text.contains("/search"), "names the call: {text}");
}

#[tokio::test]
async fn ten_thousand_issues_through_a_one_percent_fault_drizzle_arrive_whole_and_in_order() {
    const ISSUES: usize = 10_000;
    const PAGE: u64 = 20;
    /// One fault every this many requests: about 1%.
    const EVERY: usize = 100;

    let server = common::start(ISSUES).await;
    let expected = baseline(&server).await;
    assert_eq!(expected.len(), ISSUES);
    let start_count = server.request_count();

    // The drizzle: whenever another EVERY requests have been answered, the next one fails,
    // in turn with a dropped connection, a 503 and a 429.
    let done = Arc::new(AtomicBool::new(false));
    let drizzle = {
        let server = server.clone();
        let done = Arc::clone(&done);
        tokio::spawn(async move {
            let mut injected = 0_usize;
            while !done.load(Ordering::Relaxed) {
                let answered = server.request_count() - start_count;
                if answered >= (injected + 1) * EVERY {
                    server.inject(match injected % 3 {
                        0 => Fault::DropConnection { count: 1 },
                        1 => Fault::Status {
                            status: 503,
                            count: 1,
                            retry_after: None,
                            rate_limit_reason: None,
                        },
                        _ => Fault::Status {
                            status: 429,
                            count: 1,
                            retry_after: Some(0),
                            rate_limit_reason: None,
                        },
                    });
                    injected += 1;
                }
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            injected
        })
    };

    let client = client(&server).build().expect("builds");
    let issues: Vec<Value> = client
        .search_all("ORDER BY key", options(PAGE))
        .try_collect()
        .await
        .expect("every fault is retried away");
    done.store(true, Ordering::Relaxed);
    let injected = drizzle.await.expect("the drizzle task ends");

    let got = keys(&issues);
    assert_eq!(got.len(), ISSUES);
    assert!(got == expected, "exactly the 10,000 keys, in order");
    let pages = ISSUES / PAGE as usize;
    assert!(
        injected >= pages / EVERY - 1,
        "about one request in {EVERY} was faulted ({injected} faults for {pages} pages)"
    );
    let faulted = faults_seen(&server);
    assert!(
        faulted + 1 >= injected,
        "{faulted} of {injected} faults hit"
    );
}
