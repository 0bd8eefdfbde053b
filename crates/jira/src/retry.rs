//! When and how long to wait before trying a request again.

use std::time::{Duration, SystemTime};

/// How failed requests are retried.
///
/// 429 and 503 answers wait what `Retry-After` asks (seconds or an HTTP date): it is the wait,
/// not a cap on one, and `0` means at once. A server that asks for longer than
/// [`RetryPolicy::retry_after_cap`] is not asked again early (it would refuse again): the
/// request fails with what the server said. Without `Retry-After`, retries wait a capped
/// exponential backoff with full jitter. Only idempotent methods are retried, unless a call
/// opts in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// How many times a request is sent at most, the first included (1 = never retry).
    pub max_attempts: u32,
    /// The backoff before the second attempt; it doubles for each further one.
    pub base_delay: Duration,
    /// The longest backoff.
    pub max_delay: Duration,
    /// The longest wait a `Retry-After` header can ask for and still be waited out.
    pub retry_after_cap: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(8),
            retry_after_cap: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn never() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The wait before attempt `attempt + 1`, after attempt `attempt` (1-based) failed, or
    /// `None` when the server's `Retry-After` (`retry_after`, when it sent one) asks for longer
    /// than the policy waits.
    pub(crate) fn delay(&self, attempt: u32, retry_after: Option<&str>) -> Option<Duration> {
        match retry_after.and_then(parse_retry_after) {
            Some(wait) if wait > self.retry_after_cap => None,
            Some(wait) => Some(wait),
            None => Some(self.backoff(attempt)),
        }
    }

    /// The jittered exponential backoff after attempt `attempt` (1-based).
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(16);
        let ceiling = self
            .base_delay
            .saturating_mul(1 << exponent)
            .min(self.max_delay);
        // Full jitter: spreads retries of many clients over the whole window.
        ceiling.mul_f64(random_fraction())
    }
}

/// Parses `Retry-After`: a number of seconds, or an HTTP date (the wait until then).
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

fn random_fraction() -> f64 {
    let mut bytes = [0u8; 4];
    if getrandom::fill(&mut bytes).is_err() {
        return 0.5;
    }
    f64::from(u32::from_le_bytes(bytes)) / f64::from(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_and_dates_are_understood() {
        assert_eq!(parse_retry_after("7"), Some(Duration::from_secs(7)));
        let in_a_minute = SystemTime::now() + Duration::from_secs(60);
        let wait = parse_retry_after(&httpdate::fmt_http_date(in_a_minute)).expect("a date");
        assert!(
            wait > Duration::from_secs(55) && wait <= Duration::from_secs(60),
            "{wait:?}"
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn retry_after_is_the_wait_and_zero_means_now() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.delay(1, Some("0")), Some(Duration::ZERO));
        assert_eq!(policy.delay(3, Some("12")), Some(Duration::from_secs(12)));
    }

    #[test]
    fn a_wait_longer_than_the_cap_is_not_cut_short() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.delay(1, Some("3600")), None);
        assert_eq!(
            policy.delay(1, Some(&policy.retry_after_cap.as_secs().to_string())),
            Some(policy.retry_after_cap)
        );
    }

    #[test]
    fn backoff_grows_but_stays_under_the_cap() {
        let policy = RetryPolicy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(500),
            ..RetryPolicy::default()
        };
        for attempt in 1..10 {
            let ceiling = Duration::from_millis(100 * (1 << (attempt - 1))).min(policy.max_delay);
            let delay = policy.backoff(attempt);
            assert!(
                delay <= ceiling,
                "attempt {attempt}: {delay:?} > {ceiling:?}"
            );
        }
    }
}
