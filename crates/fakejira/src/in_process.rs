//! Answering requests without a socket, through the same routing as the listener: for
//! benchmarks that measure the simulator's own cost rather than the network's.

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use futures_util::FutureExt as _;
use std::sync::Mutex;
use url::Url;

use crate::config::{Builder, Settings};
use crate::dispatch::route;
use crate::exchange::{App, Incoming};
use crate::state::State;

/// A simulator that is never bound to a port; see [`Builder::in_process`].
#[derive(Debug)]
pub struct InProcess {
    app: App,
}

impl InProcess {
    pub(crate) fn new(builder: &Builder) -> std::io::Result<Self> {
        // Links in answers need a base; nothing ever connects to it.
        let base = Url::parse("http://127.0.0.1/")
            .map_err(|error| std::io::Error::new(std::io::ErrorKind::InvalidInput, error))?;
        Ok(Self {
            app: App {
                settings: Settings::new(builder, &base),
                state: Mutex::new(State::new(builder)),
            },
        })
    }

    /// Answers `GET {path_and_query}` (below the context path) as the caller holding personal
    /// access token `pat`: the status and the body.
    pub fn get(&self, path_and_query: &str, pat: &str) -> (u16, Bytes) {
        let (path, query) = match path_and_query.split_once('?') {
            Some((path, query)) => (path, Some(query.to_owned())),
            None => (path_and_query, None),
        };
        let mut headers = HeaderMap::new();
        if let Ok(value) = HeaderValue::from_str(&format!("Bearer {pat}")) {
            headers.insert(header::AUTHORIZATION, value);
        }
        let incoming = Incoming {
            method: Method::GET,
            path: format!("{}{path}", self.app.settings.context_path),
            local_path: path.to_owned(),
            query,
            headers,
            body: Bytes::new(),
            gateway: false,
        };
        let response = route(&self.app, &incoming, true).response;
        let status = response.status().as_u16();
        // Answers are built whole in memory, so their body is ready at once.
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .now_or_never()
            .and_then(Result::ok)
            .unwrap_or_default();
        (status, body)
    }
}
