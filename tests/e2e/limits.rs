//! Rate limits as Jira Cloud sends them: `Retry-After` is the wait (0 means now), the
//! `RateLimit-Reason` and `X-RateLimit-*` headers reach `-v` and the error a script catches,
//! and a wait longer than the retry policy allows fails at once instead of retrying early.

use std::process::Output;

use crate::harness::{self, PASSWORD, PAT, World};

const REASON: &str = "jira-quota-global-based";

/// A world whose next `count` requests are refused as Cloud's limiter refuses them.
fn throttled(count: usize, retry_after: u64) -> World {
    World::with(|builder| {
        builder.fault(fakejira::Fault::Status {
            status: 429,
            count,
            retry_after: Some(retry_after),
            rate_limit_reason: Some(REASON.to_owned()),
        })
    })
}

fn run(world: &World, extra: &[&str], script: &str) -> Output {
    world
        .jshell()
        .args(["--server", &world.url(), "--pat", PAT])
        .args(extra)
        .args(["-e", script])
        .output()
        .expect("jshell runs")
}

fn refusals(world: &World) -> usize {
    world
        .server
        .access_log()
        .iter()
        .filter(|entry| entry.status == 429)
        .count()
}

#[test]
fn retry_after_zero_is_retried_at_once_and_v_shows_why() {
    let world = throttled(2, 0);
    let output = run(&world, &["-v"], "jira.myself().name");
    let err = harness::stderr(&output);
    assert!(output.status.success(), "{err}");
    assert_eq!(harness::stdout(&output).trim(), harness::USER);
    assert_eq!(refusals(&world), 2);
    assert_eq!(
        err.matches(&format!(
            "[rate limit: reason {REASON}, retry after 0 s, 0 of"
        ))
        .count(),
        2,
        "-v shows each refusal's reason and budget: {err}"
    );
    harness::assert_clean(&output, &[PAT, PASSWORD]);
}

#[test]
fn a_script_catches_the_limit_with_its_reason_and_headers() {
    let world = throttled(100, 0);
    let script = "let seen = \"no error\"; try { jira.myself(); } catch (e) { \
                  seen = `${e.kind} ${e.status} ${e.rate_limit.reason} ${e.rate_limit.remaining} \
                  ${e.rate_limit.retry_after} ${type_of(e.rate_limit.reset)}`; } seen";
    let output = run(&world, &[], script);
    let err = harness::stderr(&output);
    assert!(output.status.success(), "{err}");
    assert_eq!(
        harness::stdout(&output).trim(),
        format!("http 429 {REASON} 0 0 string")
    );
    assert_eq!(
        refusals(&world),
        usize::try_from(jira::RetryPolicy::default().max_attempts).expect("a count"),
        "every attempt of the retry budget was made, and no more"
    );
}

#[test]
fn an_uncaught_limit_is_exit_4_and_says_why_and_what_to_do() {
    let world = throttled(100, 0);
    let output = run(&world, &[], "jira.myself()");
    let err = harness::stderr(&output);
    assert_eq!(output.status.code(), Some(4), "{err}");
    assert!(err.contains("HTTP 429"), "{err}");
    assert!(
        err.contains(&format!("rate limited: reason {REASON}")),
        "{err}"
    );
    assert!(err.contains("wait, then run it again"), "{err}");
    harness::assert_clean(&output, &[PAT, PASSWORD]);
}

#[test]
fn a_wait_longer_than_the_policy_allows_fails_at_once_rather_than_retrying_early() {
    let world = throttled(100, 3600);
    let output = run(&world, &[], "jira.myself()");
    let err = harness::stderr(&output);
    assert_eq!(output.status.code(), Some(4), "{err}");
    assert!(err.contains("retry after 3600 s"), "{err}");
    assert_eq!(
        refusals(&world),
        1,
        "no request was sent before the wait was over"
    );
}

#[test]
fn an_export_slowed_by_the_limiter_finishes_whole() {
    let world = throttled(3, 0);
    let output = run(
        &world,
        &[],
        "jira.search_issues(\"order by key\", #{page_size: 2, concurrency: 4}).len()",
    );
    let err = harness::stderr(&output);
    assert!(output.status.success(), "{err}");
    assert_eq!(harness::stdout(&output).trim(), "12");
}
