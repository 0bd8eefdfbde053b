//! How many search pages are in flight, adapted to the server: a 429 halves the limit, and
//! each run of pages answered without one gives a page back, up to the limit asked for. The
//! retry loop already waits out each 429; this keeps the stream from asking again at once at
//! the rate that provoked it.

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Counts the 429 answers a client has seen, so that its streams can tell one happened.
#[derive(Debug, Default)]
pub(crate) struct ThrottleCounter(AtomicU64);

impl ThrottleCounter {
    pub(crate) fn record(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn seen(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// The pages a stream may have in flight right now.
#[derive(Debug)]
pub(crate) struct AdaptiveLimit {
    permits: Arc<Semaphore>,
    state: Mutex<LimitState>,
}

#[derive(Debug)]
struct LimitState {
    max: usize,
    current: usize,
    /// Permits taken out of circulation, to be forgotten as they come back.
    owed: usize,
    /// Pages answered without a 429 since the last change.
    calm: usize,
}

impl AdaptiveLimit {
    pub(crate) fn new(max: usize) -> Self {
        let max = max.max(1);
        Self {
            permits: Arc::new(Semaphore::new(max)),
            state: Mutex::new(LimitState {
                max,
                current: max,
                owed: 0,
                calm: 0,
            }),
        }
    }

    /// Waits for room for one more page in flight.
    pub(crate) async fn acquire(&self) -> Option<OwnedSemaphorePermit> {
        loop {
            let permit = self.permits.clone().acquire_owned().await.ok()?;
            let mut state = self
                .state
                .lock()
                .unwrap_or_else(|poison| poison.into_inner());
            if state.owed == 0 {
                return Some(permit);
            }
            state.owed -= 1;
            permit.forget();
        }
    }

    /// A page was answered; `throttled` says whether a 429 came on the way.
    pub(crate) fn answered(&self, throttled: bool) {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        if throttled {
            let lower = (state.current / 2).max(1);
            state.owed += state.current - lower;
            state.current = lower;
            state.calm = 0;
        } else if state.current < state.max {
            state.calm += 1;
            if state.calm >= state.max * 2 {
                state.calm = 0;
                state.current += 1;
                if state.owed > 0 {
                    state.owed -= 1;
                } else {
                    self.permits.add_permits(1);
                }
            }
        }
    }

    /// The pages that may be in flight now.
    #[cfg(test)]
    fn current(&self) -> usize {
        self.state
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_429_halves_the_pages_in_flight_and_calm_pages_give_them_back() {
        let limit = AdaptiveLimit::new(8);
        limit.answered(true);
        assert_eq!(limit.current(), 4);
        limit.answered(true);
        assert_eq!(limit.current(), 2);
        let mut held = Vec::new();
        for _ in 0..2 {
            held.push(limit.acquire().await.expect("a permit"));
        }
        assert!(
            tokio::time::timeout(std::time::Duration::from_millis(50), limit.acquire())
                .await
                .is_err(),
            "a third page must wait while two are in flight"
        );
        drop(held);
        for _ in 0..16 {
            limit.answered(false);
        }
        assert_eq!(limit.current(), 3, "sixteen calm pages give one page back");
        limit.answered(true);
        limit.answered(true);
        limit.answered(true);
        assert_eq!(limit.current(), 1, "never below one");
    }
}
