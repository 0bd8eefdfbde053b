//! The crate's one error type. Every message names what failed and, where it can, what to do;
//! none contains a secret (no token, password or key material, no request headers).

use std::fmt;

use oauth1::OAuthProblem;

use crate::rate_limit::RateLimit;

/// What went wrong, without the details: match on this to decide what to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The client was configured with something unusable (a bad URL, an unreadable certificate).
    Config,
    /// The server could not be reached.
    Connect,
    /// The server did not answer in time.
    Timeout,
    /// The TLS handshake failed (an untrusted or invalid certificate).
    Tls,
    /// The connection failed in another way (reset, closed mid-body).
    Transport,
    /// The server refused the OAuth credentials: an OAuth 1.0a signature or token
    /// (`oauth_problem`), or an OAuth 2.0 client, code or refresh token (`invalid_grant`, …).
    OAuth,
    /// The server answered with an HTTP error status.
    Status,
    /// The answer was not the JSON it should have been.
    Decode,
    /// The server redirected to another host; credentials are never sent there.
    Redirect,
    /// The request made no sense for the data found (no such transition, no such issue type),
    /// or a method was called with arguments it does not take.
    Invalid,
    /// A local file could not be read or written (an attachment to upload or download).
    File,
    /// A request that would change something was refused before it was sent: the client is
    /// read-only ([`WritePolicy::ReadOnly`](crate::WritePolicy::ReadOnly)).
    ReadOnly,
    /// What was being read changed on the server meanwhile, so what was read may miss some of
    /// it (a search whose results shrank during an export); reading it again gets it whole.
    Changed,
}

/// An error of the `jira` crate. Its representation is private, so new details can be added
/// without breaking callers: ask it what went wrong with [`Error::kind`], [`Error::status`],
/// [`Error::messages`] and [`Error::oauth_problem`]; its `Display` is the whole message.
pub struct Error {
    repr: Box<Repr>,
}

/// What an [`Error`] holds, one variant per way of failing. The crate builds errors from it
/// (`Error::from(Repr::Invalid(..))`) and matches on it through [`Error::repr`].
#[derive(Debug, thiserror::Error)]
pub(crate) enum Repr {
    /// See [`ErrorKind::Config`].
    #[error("{0}")]
    Config(String),
    /// See [`ErrorKind::Connect`], [`ErrorKind::Timeout`], [`ErrorKind::Tls`] and
    /// [`ErrorKind::Transport`].
    #[error("{method} {url}: {}", transport_message(*kind, host, detail))]
    Transport {
        /// Which of the transport kinds.
        kind: ErrorKind,
        /// The HTTP method.
        method: String,
        /// The URL requested.
        url: String,
        /// The server's host (and port).
        host: String,
        /// The underlying cause.
        detail: String,
    },
    /// See [`ErrorKind::OAuth`].
    #[error("{method} {url}: {problem}")]
    OAuth {
        /// The HTTP method.
        method: String,
        /// The URL requested.
        url: String,
        /// The provider's report, with its advice and base string.
        problem: Box<OAuthProblem>,
    },
    /// See [`ErrorKind::OAuth`]: the OAuth 2.0 provider's error answer (RFC 6749 section 5.2).
    #[error("{}OAuth 2.0 `{code}`{}: {advice}", at(url), described(description))]
    OAuth2 {
        /// The token endpoint, when a request was made.
        url: String,
        /// The `error` code: `invalid_grant`, `invalid_client`, …
        code: String,
        /// The provider's `error_description`.
        description: String,
        /// What to do.
        advice: String,
    },
    /// See [`ErrorKind::Status`].
    #[error("{method} {url}: HTTP {status}{}", status_details(*status, messages, body_start))]
    Status {
        /// The HTTP method.
        method: String,
        /// The URL requested.
        url: String,
        /// The HTTP status.
        status: u16,
        /// Jira's `errorMessages` and `errors` (as `field: message`).
        messages: Vec<String>,
        /// The start of the body when it held no Jira error JSON.
        body_start: String,
    },
    /// See [`ErrorKind::Decode`].
    #[error(
        "{method} {url}: the answer is not the JSON expected ({detail}); body starts: {body_start:?}"
    )]
    Decode {
        /// The HTTP method.
        method: String,
        /// The URL requested.
        url: String,
        /// What the decoder found wrong.
        detail: String,
        /// The first characters of the body.
        body_start: String,
    },
    /// See [`ErrorKind::Redirect`].
    #[error(
        "{url} redirected to {location}, another host; credentials are never sent to another \
         host — if that is your Jira, use its address as the server URL"
    )]
    Redirect {
        /// The URL requested.
        url: String,
        /// Where the server pointed.
        location: String,
    },
    /// See [`ErrorKind::Invalid`].
    #[error("{0}")]
    Invalid(String),
    /// See [`ErrorKind::File`].
    #[error("{0}")]
    File(String),
    /// See [`ErrorKind::Changed`].
    #[error("{0}")]
    Changed(String),
    /// See [`ErrorKind::ReadOnly`].
    #[error(
        "read-only: {}{method} {url} was not sent: this session may not change Jira \
         (--read-only, JSHELL_READ_ONLY or the profile's read_only: true); --dry-run shows what \
         it would send instead",
        called(name)
    )]
    ReadOnly {
        /// The method of the table that made the request, once known.
        name: Option<&'static str>,
        /// The HTTP method.
        method: String,
        /// The URL it would have gone to.
        url: String,
    },
    /// Another error with the usual real-world cause of its kind (a refused token, a login
    /// page, a missing context path); its kind, status and messages are the other error's.
    #[error("{error} — {hint}")]
    Diagnosed {
        /// The error itself.
        error: Error,
        /// What likely caused it and what to do.
        hint: String,
    },
    /// Another error whose answer carried rate-limit headers; its kind, status and messages
    /// are the other error's.
    #[error("{error} (rate limited: {limit}){}", wait_advice(limit))]
    Throttled {
        /// The error itself.
        error: Error,
        /// What the server said about its limits.
        limit: Box<RateLimit>,
    },
}

impl From<Repr> for Error {
    fn from(repr: Repr) -> Self {
        Error {
            repr: Box::new(repr),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.repr, f)
    }
}

// The representation's fields are what a bug report needs, and none holds a secret.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.repr, f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.repr.source()
    }
}

impl Error {
    /// An error of kind [`ErrorKind::Config`] with this message, for a
    /// [`TokenKeeper`](crate::oauth2::TokenKeeper) that cannot read or save tokens.
    pub fn config(message: impl Into<String>) -> Self {
        Error::from(Repr::Config(message.into()))
    }

    /// What this error holds, for the crate's own decisions about it.
    pub(crate) fn repr(&self) -> &Repr {
        &self.repr
    }

    /// An HTTP error status, with Jira's error messages from the body, else the body's start.
    pub(crate) fn from_status(method: &str, url: String, status: u16, body: &[u8]) -> Self {
        let messages = crate::client::jira_error_messages(body);
        Error::from(Repr::Status {
            method: method.to_owned(),
            url,
            status,
            body_start: if messages.is_empty() {
                oauth1::quote::body_start(body)
            } else {
                String::new()
            },
            messages,
        })
    }

    /// An answer that is not the JSON expected: what the decoder said, the content type the
    /// server declared, and the start of the body (which usually shows what it was instead).
    pub(crate) fn undecodable(
        method: &str,
        url: String,
        detail: impl std::fmt::Display,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Self {
        let content_type = content_type
            .map(|kind| format!(", content type {kind}"))
            .unwrap_or_default();
        Error::from(Repr::Decode {
            method: method.to_owned(),
            url,
            detail: format!("{detail}{content_type}"),
            body_start: oauth1::quote::body_start(body),
        })
    }

    /// The same error with one more of Jira's messages (something the answer said outside its
    /// body, such as a scope named in `WWW-Authenticate`).
    pub(crate) fn with_message(mut self, message: String) -> Self {
        if let Repr::Status { messages, .. } = self.repr.as_mut() {
            messages.push(message);
        }
        self
    }

    /// The same error, naming the method `name` of the table as the one that was refused, if
    /// it is a read-only refusal that names none yet.
    pub(crate) fn refused_in(mut self, name: &'static str) -> Self {
        if let Repr::ReadOnly {
            name: named @ None, ..
        } = self.repr.as_mut()
        {
            *named = Some(name);
        }
        self
    }

    /// The kind of this error.
    pub fn kind(&self) -> ErrorKind {
        match self.repr() {
            Repr::Config(_) => ErrorKind::Config,
            Repr::Transport { kind, .. } => *kind,
            Repr::OAuth { .. } | Repr::OAuth2 { .. } => ErrorKind::OAuth,
            Repr::Status { .. } => ErrorKind::Status,
            Repr::Decode { .. } => ErrorKind::Decode,
            Repr::Redirect { .. } => ErrorKind::Redirect,
            Repr::Invalid(_) => ErrorKind::Invalid,
            Repr::File(_) => ErrorKind::File,
            Repr::Changed(_) => ErrorKind::Changed,
            Repr::ReadOnly { .. } => ErrorKind::ReadOnly,
            Repr::Diagnosed { error, .. } | Repr::Throttled { error, .. } => error.kind(),
        }
    }

    /// The HTTP status of the answer, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self.repr() {
            Repr::Status { status, .. } => Some(*status),
            Repr::OAuth { problem, .. } => Some(problem.status),
            Repr::Diagnosed { error, .. } | Repr::Throttled { error, .. } => error.status(),
            _ => None,
        }
    }

    /// The provider's OAuth problem report, for [`ErrorKind::OAuth`].
    pub fn oauth_problem(&self) -> Option<&OAuthProblem> {
        match self.repr() {
            Repr::OAuth { problem, .. } => Some(problem),
            Repr::Diagnosed { error, .. } | Repr::Throttled { error, .. } => error.oauth_problem(),
            _ => None,
        }
    }

    /// Jira's error messages, for [`ErrorKind::Status`].
    pub fn messages(&self) -> &[String] {
        match self.repr() {
            Repr::Status { messages, .. } => messages,
            Repr::Diagnosed { error, .. } | Repr::Throttled { error, .. } => error.messages(),
            _ => &[],
        }
    }

    /// What the server said about its rate limits, when the failed answer carried
    /// `RateLimit-Reason`, `Retry-After` (on a 429 or 503) or `X-RateLimit-*` headers.
    pub fn rate_limit(&self) -> Option<&RateLimit> {
        match self.repr() {
            Repr::Throttled { limit, .. } => Some(limit),
            Repr::Diagnosed { error, .. } => error.rate_limit(),
            _ => None,
        }
    }

    /// Whether the server said the caller is not authenticated or not allowed (401, 403, or an
    /// OAuth problem).
    pub fn is_auth(&self) -> bool {
        matches!(self.kind(), ErrorKind::OAuth) || matches!(self.status(), Some(401 | 403))
    }
}

fn called(name: &Option<&'static str>) -> String {
    name.map(|name| format!("jira.{name}: "))
        .unwrap_or_default()
}

fn wait_advice(limit: &RateLimit) -> &'static str {
    if limit.retry_after.is_some() {
        "; the retries ran out or the wait asked for is longer than the retry policy allows: \
         wait, then run it again, or make fewer requests at once (--page-concurrency)"
    } else {
        ""
    }
}

fn at(url: &str) -> String {
    if url.is_empty() {
        String::new()
    } else {
        format!("POST {url}: ")
    }
}

fn described(description: &str) -> String {
    if description.is_empty() {
        String::new()
    } else {
        format!(" ({description})")
    }
}

fn transport_message(kind: ErrorKind, host: &str, detail: &str) -> String {
    let what = match kind {
        ErrorKind::Connect => format!(
            "cannot connect to {host}; check the server URL and that the server is up and \
             reachable from here"
        ),
        ErrorKind::Timeout => format!("{host} did not answer in time"),
        ErrorKind::Tls if crate::diagnose::speaks_plain_http(detail) => format!(
            "{host} answered in plain HTTP, not TLS: the server speaks plain HTTP on this port, \
             so the server URL should start with http:// (or name Jira's HTTPS port)"
        ),
        ErrorKind::Tls => format!(
            "the TLS connection to {host} failed; if the server uses a private CA, pass its \
             certificate (--ca-cert), or check the host name"
        ),
        _ => format!("the connection to {host} failed"),
    };
    if detail.is_empty() {
        what
    } else {
        format!("{what} ({detail})")
    }
}

fn status_details(status: u16, messages: &[String], body_start: &str) -> String {
    let mut out = String::new();
    if let Some(reason) = reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|code| code.canonical_reason())
    {
        out.push(' ');
        out.push_str(reason);
    }
    if !messages.is_empty() {
        out.push_str(": ");
        out.push_str(&messages.join("; "));
    } else if !body_start.is_empty() {
        out.push_str(&format!("; body starts: {body_start:?}"));
    }
    // A 401's cause depends on the credentials sent: the client's diagnosis explains it, as it
    // does a 403 that refuses the kind of credentials rather than the user.
    if status == 403 && !crate::diagnose::basic_auth_is_off(messages) {
        out.push_str(" — the user may not do this; check their permissions in Jira");
    }
    out
}
