//! `fakejira`: a Jira Server / Data Center simulator for jshell's tests and demo.
//!
//! No real Jira can be reached from where jshell is built, so its client is tested against this
//! server, which reproduces what a client can observe of Jira: the OAuth 1.0a provider of an
//! application link (RSA-SHA1 only, Jira's `oauth_problem` reports and statuses), a subset of
//! REST API 2 with Jira's JSON shapes, personal access tokens and Basic authentication, and the
//! failures of a real deployment (rate limiting, outages, dropped connections, stalls, latency,
//! a base URL that differs from the address used).
//!
//! What it is not: a Jira. Data lives in memory, JQL is a small subset, permissions are
//! "any authenticated user may do anything", and it listens on 127.0.0.1 only. It never uses the
//! `jira` or `jshell` crates, so the client is never tested against its own logic.
//!
//! # In-process use
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! use fakejira::{FakeJira, Fault};
//!
//! let jira = FakeJira::builder()
//!     .user("alice", "secret")
//!     .issues(120)
//!     .projects(3)
//!     .search_cap(50)
//!     .start()
//!     .await?;
//! jira.inject(Fault::Status { status: 429, count: 1, retry_after: Some(2) });
//! let url = jira.url().join("rest/api/2/myself").expect("a URL");
//! // … send requests, then:
//! assert!(jira.access_log().len() <= jira.request_count());
//! jira.shutdown().await;
//! # Ok(())
//! # }
//! ```
//!
//! # The OAuth provider
//!
//! Under `{context}/plugins/servlet/oauth/`: `request-token`, `authorize` and `access-token`.
//! Refusals carry Jira's status (400 for `parameter_absent`, `parameter_rejected`,
//! `version_rejected`, `timestamp_refused`, `signature_method_rejected`; 401 for the rest), a
//! form-encoded `text/plain` body and `WWW-Authenticate: OAuth realm="<pct-encoded base URL>",
//! oauth_problem="…"`. Where Jira's behaviour is not visible from outside, the simulator chose:
//! - checks run in this order: parameters present, `oauth_version` (if sent) is `1.0`, consumer
//!   known, `RSA-SHA1`, timestamp within 5 minutes (`oauth_acceptable_timestamps=from-to`),
//!   nonce unused for this consumer (it is recorded even if the signature then fails), signature
//!   (`signature_invalid` carries `oauth_signature_base_string`), then the token;
//! - an expired request token answers `token_expired`; an unknown or already exchanged one
//!   `token_rejected`; one not yet approved `permission_unknown`; a denied one
//!   `permission_denied`;
//! - in the OAuth 1.0a flow a missing `oauth_verifier` answers `parameter_absent` (400) and a
//!   wrong one `token_rejected`; the request token stays usable after either;
//! - a callback that is neither `oob` nor an http(s) URL answers `parameter_rejected`;
//! - renewal needs the current access token and its `oauth_session_handle`: it issues a new
//!   token string, the old one stops working, the secret and the session handle carry over;
//! - OAuth parameters are read from the `Authorization` header only.
//!
//! Signatures are checked over the base string rebuilt from the configured base URL, the path
//! below the context path, the query string as received, the `Authorization` header's
//! parameters and an `application/x-www-form-urlencoded` body. Timestamps may be 5 minutes off;
//! nonces are remembered per consumer. A REST request whose header lacks any of the six
//! required `oauth_*` parameters is anonymous.
//!
//! The authorize page shows an Allow/Deny form (or, with [`Builder::auto_approve`], approves at
//! once); for `oauth_callback=oob` the verifier is in `<code id="oauth-verifier">…</code>`.
//!
//! # Generated data
//!
//! Projects `ABC`, `OPS`, `WEB`, `DATA`, `MOB`, `SEC`, `INFRA`, `QA`, then `P9`…; issues
//! spread round-robin (`ABC-1`, `OPS-1`, `ABC-2`, …), statuses cycling To Do / In Progress /
//! Done, dates before 2024-06-01. Transitions: `11` Start Progress (To Do → In Progress), `21`
//! Stop Progress (In Progress → To Do), `31` Done (To Do or In Progress → Done), `41` Reopen
//! (Done → To Do). The same inputs always give the same data.
//!
//! # Admin HTTP API
//!
//! At the server root (not under the context path), JSON in and out, never delayed, faulted or
//! logged. Success is `204 No Content` unless a body is shown; errors are
//! `400 {"error": "…"}`.
//!
//! | request | body | effect |
//! |---|---|---|
//! | `POST /_fakejira/consumers` | `{"key": "k", "public_key": "-----BEGIN PUBLIC KEY-----…"}` | registers a consumer |
//! | `POST /_fakejira/users` | `{"name": "bob", "password": "pw"}` | adds a user |
//! | `POST /_fakejira/pats` | `{"token": "t", "user": "bob"}` | adds a personal access token |
//! | `PUT /_fakejira/latency` | `{"millis": 250}` | sets the latency |
//! | `POST /_fakejira/faults` | `{"kind": "status", "status": 503, "count": 2, "retry_after": 5}`, `{"kind": "drop_connection", "count": 1}`, `{"kind": "stall_body", "count": 1, "stall": 3000}` | queues a fault (`count` defaults to 1, `stall` is in ms) |
//! | `DELETE /_fakejira/faults` | | clears the faults |
//! | `POST /_fakejira/redirects` | `{"from": "/old", "location": "http://…"}` | answers `from` with a 302 |
//! | `GET /_fakejira/access-log` | | `200 [{"method", "path", "query", "auth": {"kind": …}, "status", "verdict"}]` |
//! | `GET /_fakejira/stats` | | `200 {"requestCount": n}` |
//! | `POST /_fakejira/request-tokens/{token}/approve` | `{"user": "alice"}` | `200 {"verifier": "…"}` |
//! | `POST /_fakejira/request-tokens/{token}/deny` | | denies the token |

mod access_log;
mod admin;
mod auth;
mod config;
mod data;
mod faults;
mod jql;
mod oauth_provider;
mod random;
mod rest;
mod server;
mod state;

pub use access_log::{AccessLogEntry, AuthKind};
pub use config::{Builder, DEFAULT_REQUEST_TOKEN_TTL, DEFAULT_SEARCH_CAP, DeploymentType};
pub use faults::Fault;
pub use server::Running;

/// The entry point: `FakeJira::builder()…start().await`.
#[derive(Debug)]
pub struct FakeJira;

impl FakeJira {
    /// A builder with every setting at its default: no users, no consumers, no issues.
    pub fn builder() -> Builder {
        Builder::default()
    }
}
