//! Injected faults: the misbehaviour of an overloaded Jira or a broken network, queued for the
//! next requests.

use std::collections::VecDeque;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use futures_util::StreamExt as _;
use serde::{Deserialize, Serialize};

/// What the next requests suffer. Faults queue up: each applies to its `count` requests in turn.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fault {
    /// Answer `status` (e.g. 429 or 503) with Jira's JSON error body, and `Retry-After` when
    /// `retry_after` is given (seconds).
    Status {
        /// The HTTP status.
        status: u16,
        /// How many requests it applies to.
        #[serde(default = "one")]
        count: usize,
        /// The `Retry-After` header, in seconds.
        #[serde(default)]
        retry_after: Option<u64>,
        /// Answer as Jira Cloud's limiter does: this `RateLimit-Reason` (`jira-burst-based`,
        /// `jira-quota-global-based`, `jira-quota-tenant-based`, `jira-per-issue-on-write`)
        /// with the `X-RateLimit-*` headers of a spent budget.
        #[serde(default)]
        rate_limit_reason: Option<String>,
    },
    /// Hold the request for `delay` before handling it, as a queue in front of Jira or a slow
    /// network does: credentials are checked when it is handled, not when it arrived.
    Delay {
        /// How many requests it applies to.
        #[serde(default = "one")]
        count: usize,
        /// How long to hold each.
        #[serde(with = "millis")]
        delay: Duration,
    },
    /// Start a 200 response and close the connection in the middle of its body.
    DropConnection {
        /// How many requests it applies to.
        #[serde(default = "one")]
        count: usize,
    },
    /// Handle the request, send the response's headers, then wait `stall` before the body.
    StallBody {
        /// How many requests it applies to.
        #[serde(default = "one")]
        count: usize,
        /// How long to wait before the body.
        #[serde(with = "millis")]
        stall: Duration,
    },
}

fn one() -> usize {
    1
}

/// Durations travel as whole milliseconds in the admin API (`"stall": 1500`).
mod millis {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(
        value: &Duration,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(u64::try_from(value.as_millis()).unwrap_or(u64::MAX))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Duration, D::Error> {
        u64::deserialize(deserializer).map(Duration::from_millis)
    }
}

impl Fault {
    fn count_mut(&mut self) -> &mut usize {
        match self {
            Fault::Status { count, .. }
            | Fault::Delay { count, .. }
            | Fault::DropConnection { count }
            | Fault::StallBody { count, .. } => count,
        }
    }
}

/// The queue of faults still to apply.
#[derive(Debug, Default)]
pub(crate) struct FaultQueue(VecDeque<Fault>);

impl FaultQueue {
    pub(crate) fn push(&mut self, mut fault: Fault) {
        if *fault.count_mut() > 0 {
            self.0.push_back(fault);
        }
    }

    pub(crate) fn clear(&mut self) {
        self.0.clear();
    }

    /// The fault the next request suffers, if any, using up one of its count.
    pub(crate) fn next(&mut self) -> Option<Fault> {
        let front = self.0.front_mut()?;
        let count = front.count_mut();
        *count -= 1;
        if *count == 0 {
            self.0.pop_front()
        } else {
            Some(front.clone())
        }
    }
}

/// The budget Cloud's limiter reports in `X-RateLimit-Limit` (the points of a window).
const CLOUD_POINTS_BUDGET: u32 = 65_000;

/// The answer of an overloaded or unavailable Jira; with a `rate_limit_reason`, the headers
/// Jira Cloud's limiter sends with it (documented in Atlassian's "Rate limiting" guide, 2026):
/// `RateLimit-Reason`, `X-RateLimit-Limit`, `X-RateLimit-Remaining: 0` and `X-RateLimit-Reset`
/// (when the wait ends, `yyyy-MM-ddTHH:mmZ`).
pub(crate) fn status_response(
    status: u16,
    retry_after: Option<u64>,
    rate_limit_reason: Option<&str>,
    now: i64,
) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    let message = match status {
        StatusCode::TOO_MANY_REQUESTS => "Rate limit exceeded.".to_owned(),
        other => other
            .canonical_reason()
            .unwrap_or("The server cannot handle the request.")
            .to_owned(),
    };
    let body = serde_json::json!({ "errorMessages": [message], "errors": {} });
    let mut response = crate::exchange::json_response(status, &body);
    let headers = response.headers_mut();
    if let Some(seconds) = retry_after {
        headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    if let Some(reason) = rate_limit_reason.and_then(|reason| HeaderValue::from_str(reason).ok()) {
        let wait = i64::try_from(retry_after.unwrap_or(0)).unwrap_or(i64::MAX);
        let reset = crate::data::jira_timestamp(now.saturating_add(wait));
        let reset = format!("{}Z", reset.get(..16).unwrap_or(&reset));
        headers.insert("ratelimit-reason", reason);
        headers.insert("x-ratelimit-limit", HeaderValue::from(CLOUD_POINTS_BUDGET));
        headers.insert("x-ratelimit-remaining", HeaderValue::from(0));
        if let Ok(reset) = HeaderValue::from_str(&reset) {
            headers.insert("x-ratelimit-reset", reset);
        }
    }
    response
}

/// A 200 whose body promises more than it delivers: the connection closes after the first bytes.
pub(crate) fn dropped_connection_response() -> Response {
    const PROMISED: &str = r#"{"expand":"schema,names","startAt":0,"maxResults":50,"total":1000,"issues":[{"id":"10001","#;
    let first_part = Bytes::from_static(&PROMISED.as_bytes()[..40]);
    // The pause lets the headers and the first bytes go out before the connection is cut, as
    // when a proxy or the network fails in the middle of a response.
    let failure = futures_util::stream::once(async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "fakejira fault: connection dropped mid-body",
        ))
    });
    let chunks = futures_util::stream::iter([Ok(first_part)]).chain(failure);
    let mut response = Response::new(Body::from_stream(chunks));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=UTF-8"),
    );
    response
        .headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from(PROMISED.len()));
    response
}

/// `response` with its body held back for `stall` after the headers went out.
pub(crate) async fn stalled(response: Response, stall: Duration) -> Response {
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let delayed = futures_util::stream::once(async move {
        tokio::time::sleep(stall).await;
        Ok::<_, std::io::Error>(bytes)
    });
    Response::from_parts(parts, Body::from_stream(delayed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_apply_in_order_for_their_count() {
        let mut queue = FaultQueue::default();
        queue.push(Fault::DropConnection { count: 0 });
        queue.push(Fault::Status {
            status: 503,
            count: 2,
            retry_after: None,
            rate_limit_reason: None,
        });
        queue.push(Fault::DropConnection { count: 1 });
        assert!(matches!(
            queue.next(),
            Some(Fault::Status { status: 503, .. })
        ));
        assert!(matches!(
            queue.next(),
            Some(Fault::Status { status: 503, .. })
        ));
        assert!(matches!(queue.next(), Some(Fault::DropConnection { .. })));
        assert_eq!(queue.next(), None);
    }

    #[test]
    fn admin_json_reads_as_faults() {
        let fault: Fault =
            serde_json::from_str(r#"{"kind":"stall_body","stall":250}"#).expect("parses");
        assert_eq!(
            fault,
            Fault::StallBody {
                count: 1,
                stall: Duration::from_millis(250)
            }
        );
    }
}
