//! The gate every request passes before it is sent: a request that changes something goes
//! out, is held back and reported (a dry run), or is refused (read-only), as the client's
//! [`WritePolicy`] says. Reads always go through.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use url::Url;

use crate::error::{Error, Repr};
use crate::request::Payload;
use crate::writes::{self, HeldWrite, WritePolicy};

use super::Client;
use super::request_loop::{Body, Sent};

/// What is told of each write a dry run holds back.
pub(super) type WriteObserver = Arc<dyn Fn(&HeldWrite) + Send + Sync>;

/// A client's policy for writes, and what a dry run held back.
#[derive(Default)]
pub(super) struct WriteGate {
    pub(super) policy: WritePolicy,
    pub(super) observer: Option<WriteObserver>,
    /// Held writes counted by method and URL path, and the last one held.
    held: Mutex<Held>,
}

#[derive(Default)]
struct Held {
    counts: BTreeMap<(String, String), usize>,
    total: usize,
    last: Option<HeldWrite>,
}

impl WriteGate {
    pub(super) fn new(policy: WritePolicy, observer: Option<WriteObserver>) -> Self {
        Self {
            policy,
            observer,
            held: Mutex::default(),
        }
    }
}

/// How many writes of one method and path a dry run held back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeldCount {
    /// The HTTP method.
    pub method: String,
    /// The URL's path.
    pub path: String,
    /// How many were held.
    pub count: usize,
}

impl Client {
    /// The answer to give instead of sending `method url` with `payload`: `None` to send it, a
    /// dry run's answer, or the read-only refusal.
    pub(super) fn gate(
        &self,
        method: &Method,
        url: &Url,
        payload: &Payload,
    ) -> Result<Option<Sent>, Error> {
        let gate = &self.inner.writes;
        if gate.policy == WritePolicy::Send || !writes::is_write(method, url) {
            return Ok(None);
        }
        if gate.policy == WritePolicy::ReadOnly {
            return Err(Error::from(Repr::ReadOnly {
                name: None,
                method: method.to_string(),
                url: url.to_string(),
            }));
        }
        let held = HeldWrite {
            method: method.to_string(),
            url: url.to_string(),
            body: held_body(payload),
        };
        if let Ok(mut log) = gate.held.lock() {
            *log.counts
                .entry((held.method.clone(), url.path().to_owned()))
                .or_default() += 1;
            log.total += 1;
            log.last = Some(held.clone());
        }
        if let Some(observer) = &gate.observer {
            observer(&held);
        }
        let body = serde_json::to_vec(&held.answer()).unwrap_or_default();
        Ok(Some(Sent {
            status: StatusCode::OK,
            authorization: None,
            location: None,
            retry_after: None,
            headers: vec![("content-type".to_owned(), "application/json".to_owned())],
            body: Body::Bytes(body.into()),
        }))
    }

    /// How many writes a dry run held back so far, and the last of them.
    pub(crate) fn last_held(&self) -> (usize, Option<HeldWrite>) {
        self.inner
            .writes
            .held
            .lock()
            .map(|log| (log.total, log.last.clone()))
            .unwrap_or_default()
    }

    /// What a dry run held back so far, by method and path, in that order.
    pub fn held_writes(&self) -> Vec<HeldCount> {
        let Ok(log) = self.inner.writes.held.lock() else {
            return Vec::new();
        };
        log.counts
            .iter()
            .map(|((method, path), count)| HeldCount {
                method: method.clone(),
                path: path.clone(),
                count: *count,
            })
            .collect()
    }
}

fn held_body(payload: &Payload) -> Value {
    match payload {
        Payload::Empty => Value::Null,
        Payload::Json(body) => body.clone(),
        Payload::File { path, filename } => json!({
            "file": path.display().to_string(),
            "filename": filename,
        }),
    }
}
