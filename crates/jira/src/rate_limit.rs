//! What a server says about its rate limits: Jira Cloud's `RateLimit-Reason`, `Retry-After`
//! and `X-RateLimit-*` headers, read off an answer so that `-v` logs and errors can show them.
//!
//! Cloud sends them with its 429 answers (and `X-RateLimit-NearLimit` on answers that still
//! succeed when less than a fifth of the budget remains). Data Center's own limiter sends
//! `Retry-After` and `X-RateLimit-*` too. The values are kept as the server spelled them.

use std::fmt;

/// The rate-limit headers of one answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RateLimit {
    /// `RateLimit-Reason`: which limit was hit (`jira-burst-based`, `jira-quota-global-based`,
    /// `jira-quota-tenant-based`, `jira-per-issue-on-write`, …).
    pub reason: Option<String>,
    /// `Retry-After`: seconds (or an HTTP date) to wait before asking again.
    pub retry_after: Option<String>,
    /// `X-RateLimit-Limit`: the budget of the window.
    pub limit: Option<String>,
    /// `X-RateLimit-Remaining`: what is left of it.
    pub remaining: Option<String>,
    /// `X-RateLimit-Reset`: when the budget is restored (ISO 8601).
    pub reset: Option<String>,
    /// `X-RateLimit-NearLimit: true`: less than a fifth of the budget remains.
    pub near_limit: bool,
}

impl RateLimit {
    /// The rate-limit headers among `headers` (names compared without case), or `None` when the
    /// answer has none of them. `Retry-After` alone counts only on a 429 or 503 answer, since
    /// other answers carry it for other reasons.
    pub fn from_headers(status: u16, headers: &[(String, String)]) -> Option<RateLimit> {
        let header = |name: &str| {
            headers
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, value)| value.trim().to_owned())
        };
        let limit = RateLimit {
            reason: header("ratelimit-reason"),
            retry_after: header("retry-after").filter(|_| matches!(status, 429 | 503)),
            limit: header("x-ratelimit-limit"),
            remaining: header("x-ratelimit-remaining"),
            reset: header("x-ratelimit-reset"),
            near_limit: header("x-ratelimit-nearlimit")
                .is_some_and(|value| value.eq_ignore_ascii_case("true")),
        };
        (limit != RateLimit::default()).then_some(limit)
    }
}

impl fmt::Display for RateLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(reason) = &self.reason {
            parts.push(format!("reason {reason}"));
        }
        if let Some(wait) = &self.retry_after {
            parts.push(format!("retry after {wait} s"));
        }
        match (&self.remaining, &self.limit) {
            (Some(remaining), Some(limit)) => parts.push(format!("{remaining} of {limit} left")),
            (Some(remaining), None) => parts.push(format!("{remaining} left")),
            (None, Some(limit)) => parts.push(format!("limit {limit}")),
            (None, None) => {}
        }
        if let Some(reset) = &self.reset {
            parts.push(format!("resets {reset}"));
        }
        if self.near_limit {
            parts.push("near the limit".to_owned());
        }
        f.write_str(&parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect()
    }

    #[test]
    fn cloud_429_headers_are_read_whatever_their_case() {
        let limit = RateLimit::from_headers(
            429,
            &headers(&[
                ("RateLimit-Reason", "jira-quota-global-based"),
                ("retry-after", "7"),
                ("X-RateLimit-Limit", "65000"),
                ("x-ratelimit-remaining", "0"),
                ("X-RateLimit-Reset", "2026-12-03T17:00Z"),
            ]),
        )
        .expect("rate-limit headers");
        assert_eq!(limit.reason.as_deref(), Some("jira-quota-global-based"));
        assert_eq!(
            limit.to_string(),
            "reason jira-quota-global-based, retry after 7 s, 0 of 65000 left, resets \
             2026-12-03T17:00Z"
        );
    }

    #[test]
    fn an_answer_without_them_has_none() {
        assert_eq!(
            RateLimit::from_headers(200, &headers(&[("Content-Type", "application/json")])),
            None
        );
        assert_eq!(
            RateLimit::from_headers(301, &headers(&[("Retry-After", "5")])),
            None,
            "Retry-After on a redirect is no rate limit"
        );
    }

    #[test]
    fn near_limit_is_reported_on_a_success() {
        let limit = RateLimit::from_headers(200, &headers(&[("X-RateLimit-NearLimit", "true")]))
            .expect("near limit");
        assert!(limit.near_limit);
        assert_eq!(limit.to_string(), "near the limit");
    }
}
