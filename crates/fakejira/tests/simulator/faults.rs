//! Injected faults and latency, as a client sees them.

use crate::common;

use std::time::{Duration, Instant};

use common::*;
use fakejira::{AuthKind, Fault};
use serde_json::Value;

#[tokio::test]
async fn rate_limiting_answers_429_with_retry_after_then_recovers() {
    let jira = start(builder()).await;
    jira.inject(Fault::Status {
        status: 429,
        count: 1,
        retry_after: Some(7),
        rate_limit_reason: None,
    });
    let first = basic(client().get(api(&jira, "myself")))
        .send()
        .await
        .expect("answered");
    assert_eq!(first.status(), 429);
    assert_eq!(first.headers()["retry-after"], "7");
    let body: Value = first.json().await.expect("Jira's JSON error");
    assert!(body["errorMessages"][0].is_string());
    let second = basic(client().get(api(&jira, "myself")))
        .send()
        .await
        .expect("answered");
    assert_eq!(second.status(), 200);
    let log = jira.access_log();
    assert_eq!(log[0].verdict, "fault: status 429");
    assert_eq!(log[0].status, 429);
    assert_eq!(
        log[1].auth,
        AuthKind::Basic {
            user: USER.to_owned()
        }
    );
}

#[tokio::test]
async fn outages_answer_503_for_their_count_and_spare_the_admin_api() {
    let jira = start(builder().fault(Fault::Status {
        status: 503,
        count: 2,
        retry_after: None,
        rate_limit_reason: None,
    }))
    .await;
    let stats = jira.url().join("/_fakejira/stats").expect("a URL");
    assert_eq!(
        client().get(stats).send().await.expect("answered").status(),
        200
    );
    for _ in 0..2 {
        let response = client()
            .get(api(&jira, "serverInfo"))
            .send()
            .await
            .expect("answered");
        assert_eq!(response.status(), 503);
        assert!(response.headers().get("retry-after").is_none());
    }
    let response = client()
        .get(api(&jira, "serverInfo"))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn a_dropped_connection_is_an_error_for_the_client() {
    let jira = start(builder()).await;
    jira.inject(Fault::DropConnection { count: 1 });
    let response = basic(client().get(api(&jira, "search")))
        .send()
        .await
        .expect("the headers arrive");
    assert_eq!(response.status(), 200, "the response starts as a success");
    assert_eq!(response.content_length(), Some(90));
    let error = response
        .bytes()
        .await
        .expect_err("the body must not arrive whole");
    assert!(
        error.is_body() || error.is_decode() || error.is_request(),
        "{error}"
    );
    assert_eq!(jira.access_log()[0].verdict, "fault: drop connection");
    let next = basic(client().get(api(&jira, "myself")))
        .send()
        .await
        .expect("answered");
    assert_eq!(next.status(), 200);
}

#[tokio::test]
async fn a_stalled_body_times_the_client_out() {
    let jira = start(builder()).await;
    jira.inject(Fault::StallBody {
        count: 1,
        stall: Duration::from_secs(5),
    });
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(400))
        .build()
        .expect("a client");
    let started = Instant::now();
    let outcome = match basic(impatient.get(api(&jira, "myself"))).send().await {
        Ok(response) => {
            assert_eq!(response.status(), 200, "the headers arrive");
            response.bytes().await.map(|_| ())
        }
        Err(error) => Err(error),
    };
    let error = outcome.expect_err("the body never came in time");
    assert!(error.is_timeout(), "{error}");
    assert!(started.elapsed() >= Duration::from_millis(400));
    jira.clear_faults();
    let next = basic(impatient.get(api(&jira, "myself")))
        .send()
        .await
        .expect("answered");
    assert_eq!(next.status(), 200);
}

#[tokio::test]
async fn cleared_faults_do_not_apply() {
    let jira = start(builder()).await;
    jira.inject(Fault::Status {
        status: 503,
        count: 5,
        retry_after: None,
        rate_limit_reason: None,
    });
    jira.clear_faults();
    let response = client()
        .get(api(&jira, "serverInfo"))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn latency_delays_every_request_but_admin_calls() {
    let jira = start(builder().latency(Duration::from_millis(300))).await;
    let started = Instant::now();
    client()
        .get(api(&jira, "serverInfo"))
        .send()
        .await
        .expect("answered");
    assert!(started.elapsed() >= Duration::from_millis(300));

    let started = Instant::now();
    client()
        .put(jira.url().join("/_fakejira/latency").expect("a URL"))
        .json(&serde_json::json!({"millis": 600}))
        .send()
        .await
        .expect("answered");
    let started_second = Instant::now();
    client()
        .get(api(&jira, "serverInfo"))
        .send()
        .await
        .expect("answered");
    assert!(started_second.elapsed() >= Duration::from_millis(600));
    assert!(started.elapsed() >= Duration::from_millis(600));

    jira.set_latency(Duration::ZERO);
    assert_eq!(jira.request_count(), 2);
}

#[tokio::test]
async fn faults_can_be_queued_over_the_admin_api() {
    let jira = start(builder()).await;
    let response = client()
        .post(jira.url().join("/_fakejira/faults").expect("a URL"))
        .json(&serde_json::json!({"kind": "status", "status": 429, "retry_after": 1}))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 204);
    let limited = client()
        .get(api(&jira, "serverInfo"))
        .send()
        .await
        .expect("answered");
    assert_eq!(limited.status(), 429);
    assert_eq!(limited.headers()["retry-after"], "1");

    client()
        .post(jira.url().join("/_fakejira/faults").expect("a URL"))
        .json(&serde_json::json!({"kind": "drop_connection", "count": 3}))
        .send()
        .await
        .expect("answered");
    let cleared = client()
        .delete(jira.url().join("/_fakejira/faults").expect("a URL"))
        .send()
        .await
        .expect("answered");
    assert_eq!(cleared.status(), 204);
    assert_eq!(
        client()
            .get(api(&jira, "serverInfo"))
            .send()
            .await
            .expect("answered")
            .status(),
        200
    );
}
