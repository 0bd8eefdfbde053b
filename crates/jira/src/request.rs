//! What one REST request carries besides its URL: query pairs, extra headers and a payload
//! (nothing, JSON, or a local file sent as a multipart upload), and the raw answer of a request
//! whose body is not JSON.

use std::path::{Path, PathBuf};

use reqwest::Method;
use serde_json::Value;

use crate::client::Idempotency;

/// A request to send through [`Client::send`](crate::Client::send) and its siblings.
///
/// ```
/// use jira::{ApiRequest, Method};
///
/// let request = ApiRequest::new(Method::GET, "issue/ABC-1")
///     .query("fields", "summary,status")
///     .header("X-Trace", "42");
/// assert_eq!(request.path(), "issue/ABC-1");
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct ApiRequest {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) payload: Payload,
    pub(crate) idempotency: Idempotency,
}

/// The body of a request.
#[derive(Clone, Debug, Default)]
pub enum Payload {
    /// No body.
    #[default]
    Empty,
    /// A JSON document.
    Json(Value),
    /// A local file, streamed as the `file` part of a `multipart/form-data` body, the way
    /// Jira takes attachments.
    File {
        /// The file to send; it is opened afresh for every attempt.
        path: PathBuf,
        /// The name Jira records.
        filename: String,
    },
}

impl ApiRequest {
    /// A request with no query, headers or body. `path` is resolved as
    /// [`Client::url_for`](crate::Client::url_for) does.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Self {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            payload: Payload::Empty,
            idempotency: Idempotency::ByMethod,
        }
    }

    /// Appends one query parameter (repeat it for a list, as Jira's REST layer accepts).
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Appends query parameters.
    pub fn queries<K: Into<String>, V: Into<String>>(
        mut self,
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        self.query
            .extend(pairs.into_iter().map(|(k, v)| (k.into(), v.into())));
        self
    }

    /// Adds a request header. `Authorization` is the client's own and cannot be set.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends `body` as JSON.
    pub fn json(mut self, body: Value) -> Self {
        self.payload = Payload::Json(body);
        self
    }

    /// Uploads the file at `path` as a multipart `file` part named `filename`, with the
    /// `X-Atlassian-Token: no-check` header Jira's XSRF check asks of uploads.
    pub fn file(mut self, path: impl AsRef<Path>, filename: impl Into<String>) -> Self {
        self.payload = Payload::File {
            path: path.as_ref().to_owned(),
            filename: filename.into(),
        };
        self.header("X-Atlassian-Token", "no-check")
    }

    /// Declares that sending the request twice is harmless, so a POST may be retried too.
    pub fn idempotent(mut self) -> Self {
        self.idempotency = Idempotency::Idempotent;
        self
    }

    /// The path as given.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }
}

/// A successful answer taken as it came: status, headers and body bytes.
#[derive(Clone, Debug)]
pub struct RawAnswer {
    /// The HTTP status (2xx).
    pub status: u16,
    /// The headers, names in lower case, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: bytes::Bytes,
}

impl RawAnswer {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}
