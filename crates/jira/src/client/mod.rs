//! The client: the [`Client`] handle and the requests it offers. Configuration is
//! [`ClientBuilder`] (`builder.rs`); the one path every request takes (URL, credentials,
//! retries, redirects) is `request_loop.rs`; turning answers into JSON or Jira's errors is
//! `decode.rs`.

mod builder;
mod decode;
mod request_loop;
mod write_gate;

pub use builder::ClientBuilder;
pub(crate) use decode::{NEEDS_SCOPE, jira_error_messages, transport_error};
pub use write_gate::HeldCount;

use decode::decode_json;
use request_loop::{Body, BodyMode, same_origin};

use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;
use serde_json::Value;
use tokio::sync::OnceCell;
use url::Url;

use crate::auth::Auth;
use crate::error::{Error, Repr};
use crate::request::{ApiRequest, RawAnswer};
use crate::retry::RetryPolicy;

/// Which kind of Jira the client talks to; search differs between them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Deployment {
    /// Jira Server or Data Center.
    Server,
    /// Jira Cloud.
    Cloud,
}

/// One HTTP exchange, as reported to an observer (for `--verbose` logs). It carries no headers
/// and no body, so it cannot leak credentials.
#[derive(Clone, Debug)]
pub struct Exchange {
    /// The HTTP method.
    pub method: String,
    /// The URL requested.
    pub url: String,
    /// The status, or `None` when no answer arrived.
    pub status: Option<u16>,
    /// The attempt number, 1 for the first.
    pub attempt: u32,
    /// How long the exchange took.
    pub elapsed: Duration,
    /// The answer's rate-limit headers, when it had any.
    pub rate_limit: Option<crate::RateLimit>,
}

type Observer = Arc<dyn Fn(&Exchange) + Send + Sync>;

/// A Jira REST client. Build it once and clone it freely: clones share the connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base: Url,
    rest_root: Url,
    auth: Auth,
    retry: RetryPolicy,
    server: OnceCell<crate::server::Server>,
    /// The deployment the builder was told, which spares `serverInfo` where only the
    /// deployment matters (search, user lookups).
    declared: Option<Deployment>,
    fields: OnceCell<Vec<Value>>,
    throttles: crate::throttle::ThrottleCounter,
    page_concurrency: usize,
    observer: Option<Observer>,
    writes: write_gate::WriteGate,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.inner.base.as_str())
            .field("auth", &self.inner.auth.describe())
            .finish_non_exhaustive()
    }
}

/// Whether a request may be sent again after a failure that may have reached the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Idempotency {
    /// Decide by the method: GET, HEAD, PUT, DELETE and OPTIONS are retried, POST is not.
    ByMethod,
    /// The caller knows repeating the request is harmless (e.g. a search sent by POST).
    Idempotent,
}

impl Client {
    /// Starts configuring a client for the Jira at `base_url` (which may carry a context path,
    /// e.g. `https://example.com/jira`).
    pub fn builder(base_url: &str) -> ClientBuilder {
        ClientBuilder::new(base_url)
    }

    /// The server's base URL, ending with `/`.
    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// The REST root, e.g. `https://jira.example.com/rest/api/2/`.
    pub fn rest_root(&self) -> &Url {
        &self.inner.rest_root
    }

    /// The underlying HTTP client, configured with this client's timeouts and TLS settings:
    /// reuse it for requests outside the REST API, such as the OAuth dance. For an `http://`
    /// server it trusts no platform roots (unless CA certificates were added), so an `https://`
    /// request through it fails verification.
    pub fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// The credentials this client sends.
    pub fn auth(&self) -> &Auth {
        &self.inner.auth
    }

    pub(crate) fn field_cache(&self) -> &OnceCell<Vec<Value>> {
        &self.inner.fields
    }

    /// How many 429 answers this client (and its clones) has seen.
    pub(crate) fn throttles_seen(&self) -> u64 {
        self.inner.throttles.seen()
    }

    pub(crate) fn page_concurrency(&self) -> usize {
        self.inner.page_concurrency
    }

    /// Resolves `path`: relative paths (`issue/ABC-1`) are relative to the REST root; paths
    /// starting with `/` (`/rest/agile/1.0/board`) are relative to the base URL (its context path
    /// kept); absolute URLs must point at the same server.
    pub fn url_for(&self, path: &str) -> Result<Url, Error> {
        let invalid = |reason: String| {
            Error::from(Repr::Config(format!("cannot request `{path}`: {reason}")))
        };
        if path.starts_with("http://") || path.starts_with("https://") {
            let url = Url::parse(path).map_err(|error| invalid(error.to_string()))?;
            if !same_origin(&url, &self.inner.base) {
                return Err(invalid(format!(
                    "it is not on {}; credentials are only sent to the configured server",
                    self.inner.base
                )));
            }
            return Ok(url);
        }
        let (root, relative) = match path.strip_prefix('/') {
            Some(from_base) => (&self.inner.base, from_base),
            None => (&self.inner.rest_root, path),
        };
        root.join(relative)
            .map_err(|error| invalid(error.to_string()))
    }

    /// Sends a request and returns its JSON answer (`null` for an empty body).
    ///
    /// `query` pairs are appended to the URL. Failed attempts are retried per the client's
    /// [`RetryPolicy`] when `idempotency` allows.
    pub async fn request(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&Value>,
        idempotency: Idempotency,
    ) -> Result<Value, Error> {
        let mut request = ApiRequest::new(method, path).queries(query.iter().copied());
        request.idempotency = idempotency;
        if let Some(body) = body {
            request = request.json(body.clone());
        }
        self.send_json(&request).await
    }

    /// Sends `request` and decodes its JSON answer (`null` for an empty body).
    pub async fn send_json(&self, request: &ApiRequest) -> Result<Value, Error> {
        let (url, sent) = self.execute(request, BodyMode::Buffer).await?;
        decode_json(&request.method, &url, sent.into_buffered())
            .map_err(|error| crate::diagnose::explain(error, self.auth()))
    }

    /// Sends `request` and returns its answer as it came (status, headers, bytes), whatever
    /// its content type. Error statuses are still errors.
    pub async fn send(&self, request: &ApiRequest) -> Result<RawAnswer, Error> {
        let (_, sent) = self.execute(request, BodyMode::Buffer).await?;
        let sent = sent.into_buffered();
        Ok(RawAnswer {
            status: sent.status.as_u16(),
            headers: sent.headers,
            body: sent.body,
        })
    }

    /// Sends `request` and streams the answer's body into `destination` through a temporary
    /// file beside it, renamed into place only once complete: a failed download leaves no
    /// partial file and never clobbers an existing one half-way. Returns the bytes written.
    pub async fn send_to_file(
        &self,
        request: &ApiRequest,
        destination: &std::path::Path,
    ) -> Result<u64, Error> {
        let (url, sent) = self.execute(request, BodyMode::Stream).await?;
        match sent.body {
            Body::Live(response) => {
                crate::transfer::stream_to_file(&request.method, &url, response, destination).await
            }
            Body::Bytes(_) => Err(Error::from(Repr::Invalid(format!(
                "{} {url}: the answer could not be streamed",
                request.method
            )))),
        }
    }

    /// `GET path` with query parameters.
    pub async fn get(&self, path: &str, query: &[(&str, &str)]) -> Result<Value, Error> {
        self.request(Method::GET, path, query, None, Idempotency::ByMethod)
            .await
    }

    /// `POST path` with a JSON body. Not retried after it may have reached the server.
    pub async fn post(&self, path: &str, body: &Value) -> Result<Value, Error> {
        self.request(Method::POST, path, &[], Some(body), Idempotency::ByMethod)
            .await
    }

    /// `PUT path` with a JSON body.
    pub async fn put(&self, path: &str, body: &Value) -> Result<Value, Error> {
        self.request(Method::PUT, path, &[], Some(body), Idempotency::ByMethod)
            .await
    }

    /// `DELETE path` with query parameters.
    pub async fn delete(&self, path: &str, query: &[(&str, &str)]) -> Result<Value, Error> {
        self.request(Method::DELETE, path, query, None, Idempotency::ByMethod)
            .await
    }

    /// The deployment (Server/Data Center or Cloud), asked of `serverInfo` once and remembered.
    pub async fn deployment(&self) -> Result<Deployment, Error> {
        match self.known_deployment() {
            Some(deployment) => Ok(deployment),
            None => Ok(self.server().await?.deployment),
        }
    }

    /// The deployment if it was declared or already asked, without asking.
    pub fn known_deployment(&self) -> Option<Deployment> {
        self.inner
            .declared
            .or_else(|| self.inner.server.get().map(|server| server.deployment))
    }

    /// The deployment and version, asked of `serverInfo` once and remembered (a failure is not
    /// remembered: the next call asks again).
    pub async fn server(&self) -> Result<crate::server::Server, Error> {
        self.inner
            .server
            .get_or_try_init(|| async {
                let info = self.get("serverInfo", &[]).await?;
                Ok(crate::server::Server::from_server_info(&info))
            })
            .await
            .copied()
    }
}
