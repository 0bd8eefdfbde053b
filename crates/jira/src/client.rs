//! The client: configuration, and the one path every request takes (URL, credentials, retries,
//! redirects, error decoding).

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{
    ACCEPT, AUTHORIZATION, HeaderMap, HeaderName, HeaderValue, LOCATION, RETRY_AFTER,
};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use tokio::sync::OnceCell;
use url::Url;

use crate::auth::Auth;
use crate::error::{Error, ErrorKind};
use crate::request::{ApiRequest, Payload, RawAnswer};
use crate::retry::RetryPolicy;

const MAX_REDIRECTS: usize = 10;

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
}

type Observer = Arc<dyn Fn(&Exchange) + Send + Sync>;

/// Configures a [`Client`].
///
/// ```
/// # fn main() -> Result<(), jira::Error> {
/// use std::time::Duration;
///
/// let client = jira::Client::builder("https://jira.example.com/jira")
///     .auth(jira::Auth::bearer("personal-access-token"))
///     .timeout(Duration::from_secs(60))
///     .build()?;
/// assert_eq!(client.base_url().as_str(), "https://jira.example.com/jira/");
/// # Ok(())
/// # }
/// ```
#[must_use]
pub struct ClientBuilder {
    base_url: String,
    auth: Auth,
    rest_path: String,
    rest_api_version: String,
    connect_timeout: Duration,
    timeout: Duration,
    insecure: bool,
    root_certificates: Vec<Vec<u8>>,
    identity: Option<Vec<u8>>,
    retry: RetryPolicy,
    deployment: Option<Deployment>,
    page_concurrency: usize,
    user_agent: String,
    observer: Option<Observer>,
}

impl ClientBuilder {
    fn new(base_url: &str) -> Self {
        Self {
            base_url: base_url.to_owned(),
            auth: Auth::Anonymous,
            rest_path: "api".to_owned(),
            rest_api_version: "2".to_owned(),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(120),
            insecure: false,
            root_certificates: Vec::new(),
            identity: None,
            retry: RetryPolicy::default(),
            deployment: None,
            page_concurrency: 4,
            user_agent: format!("jshell/{}", env!("CARGO_PKG_VERSION")),
            observer: None,
        }
    }

    /// The credentials to send (default: anonymous).
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// The REST API's path segment, `api` by default (as in `/rest/api/2`).
    pub fn rest_path(mut self, rest_path: impl Into<String>) -> Self {
        self.rest_path = rest_path.into();
        self
    }

    /// The REST API's version, `2` by default.
    pub fn rest_api_version(mut self, version: impl Into<String>) -> Self {
        self.rest_api_version = version.into();
        self
    }

    /// How long to wait for a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one request may take in all, body included (default 120 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Skips TLS certificate verification. Only for test servers: anyone between you and the
    /// server can then read and change the traffic, credentials included.
    pub fn insecure(mut self, insecure: bool) -> Self {
        self.insecure = insecure;
        self
    }

    /// Trusts the CA certificate(s) in `pem` besides the platform's roots.
    pub fn add_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(pem.into());
        self
    }

    /// Presents a client certificate (mTLS): `pem` holds the certificate chain and its private key.
    pub fn identity_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.identity = Some(pem.into());
        self
    }

    /// How failed requests are retried.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Declares the deployment instead of asking `serverInfo` on the first search.
    pub fn deployment(mut self, deployment: Deployment) -> Self {
        self.deployment = Some(deployment);
        self
    }

    /// How many search pages are fetched at once by [`Client::search_all`] (default 4).
    pub fn page_concurrency(mut self, pages: usize) -> Self {
        self.page_concurrency = pages.max(1);
        self
    }

    /// The `User-Agent` header (default `jshell/VERSION`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Calls `observer` after every HTTP exchange (each attempt and redirect hop).
    pub fn observer(mut self, observer: impl Fn(&Exchange) + Send + Sync + 'static) -> Self {
        self.observer = Some(Arc::new(observer));
        self
    }

    /// Builds the client. Fails on an unusable URL or certificate.
    pub fn build(self) -> Result<Client, Error> {
        let base = crate::base_url::parse(&self.base_url)?;
        let rest_root = base
            .join(&format!(
                "rest/{}/{}/",
                self.rest_path.trim_matches('/'),
                self.rest_api_version.trim_matches('/')
            ))
            .map_err(|error| Error::Config(format!("invalid REST path: {error}")))?;
        let http = self.http_client()?;
        let deployment = OnceCell::new_with(self.deployment);
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base,
                rest_root,
                auth: self.auth,
                retry: self.retry,
                deployment,
                fields: OnceCell::new(),
                throttles: crate::throttle::ThrottleCounter::default(),
                page_concurrency: self.page_concurrency,
                observer: self.observer,
            }),
        })
    }

    /// The HTTP client: timeouts, no automatic redirects (each hop is re-signed), TLS roots and
    /// the client certificate.
    fn http_client(&self) -> Result<reqwest::Client, Error> {
        let mut http = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(self.user_agent.clone())
            .danger_accept_invalid_certs(self.insecure);
        for pem in &self.root_certificates {
            let certificates = reqwest::Certificate::from_pem_bundle(pem).map_err(|error| {
                Error::Config(format!("the CA certificate is not valid PEM: {error}"))
            })?;
            if certificates.is_empty() {
                return Err(Error::Config(
                    "the CA certificate file holds no `BEGIN CERTIFICATE` block".to_owned(),
                ));
            }
            for certificate in certificates {
                http = http.add_root_certificate(certificate);
            }
        }
        if let Some(pem) = &self.identity {
            let identity = reqwest::Identity::from_pem(pem).map_err(|error| {
                Error::Config(format!(
                    "the client certificate must be PEM with the certificate and its private \
                     key: {error}"
                ))
            })?;
            http = http.identity(identity);
        }
        http.build()
            .map_err(|error| Error::Config(format!("cannot set up HTTP: {error}")))
    }
}

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
    deployment: OnceCell<Deployment>,
    fields: OnceCell<Vec<Value>>,
    throttles: crate::throttle::ThrottleCounter,
    page_concurrency: usize,
    observer: Option<Observer>,
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
    /// reuse it for requests outside the REST API, such as the OAuth dance.
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
        let invalid = |reason: String| Error::Config(format!("cannot request `{path}`: {reason}"));
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
            Body::Bytes(_) => Err(Error::Invalid(format!(
                "{} {url}: the answer could not be streamed",
                request.method
            ))),
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
        self.inner
            .deployment
            .get_or_try_init(|| async {
                let info = self.get("serverInfo", &[]).await?;
                Ok(match info.get("deploymentType").and_then(Value::as_str) {
                    Some(kind) if kind.eq_ignore_ascii_case("cloud") => Deployment::Cloud,
                    _ => Deployment::Server,
                })
            })
            .await
            .copied()
    }

    /// Sends `request` with the client's credentials, retries and redirects; an error status
    /// becomes an [`Error`]. Returns the final URL and the successful answer.
    async fn execute(&self, request: &ApiRequest, mode: BodyMode) -> Result<(Url, Sent), Error> {
        let mut url = self.url_for(&request.path)?;
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&request.query);
        }
        let headers = extra_headers(&request.headers)?;
        let mut method = request.method.clone();
        let retryable = request.idempotency == Idempotency::Idempotent || is_idempotent(&method);
        let mut payload = Some(&request.payload);
        let mut attempt = 0;
        let mut redirects = 0;
        let mut renewed = false;
        loop {
            attempt += 1;
            let payload_now = payload.unwrap_or(&Payload::Empty);
            let outcome = self
                .attempt(&method, &url, &headers, payload_now, mode, attempt)
                .await?;
            let sent = match outcome {
                Ok(sent) => sent,
                Err(error) => {
                    if retryable && attempt < self.inner.retry.max_attempts && is_transient(&error)
                    {
                        tokio::time::sleep(self.inner.retry.delay(attempt, None)).await;
                        continue;
                    }
                    return Err(transport_error(&method, &url, &error));
                }
            };

            if sent.status.is_redirection()
                && let Some(location) = &sent.location
            {
                let next = self.redirect_target(&method, &url, location, &mut redirects)?;
                if redirect_becomes_get(sent.status, &method) {
                    method = Method::GET;
                    payload = None;
                }
                url = next;
                attempt = 0;
                continue;
            }

            if self.renewed_after_rejection(&sent, &mut renewed).await? {
                continue;
            }
            if sent.status == StatusCode::TOO_MANY_REQUESTS {
                self.inner.throttles.record();
            }
            let throttled = sent.status == StatusCode::TOO_MANY_REQUESTS
                || (sent.status == StatusCode::SERVICE_UNAVAILABLE && retryable);
            if throttled && attempt < self.inner.retry.max_attempts {
                let delay = self.inner.retry.delay(attempt, sent.retry_after.as_deref());
                tokio::time::sleep(delay).await;
                continue;
            }
            if !sent.status.is_success() {
                let sent = sent.into_buffered_async().await;
                let error = error_for(&method, &url, &sent);
                return Err(crate::diagnose::explain(error, self.auth()));
            }
            return Ok((url, sent));
        }
    }

    /// For a 401 answer to an OAuth 2.0 request: renews the access token, once per request,
    /// and says whether to send the request again. The server did not act on a request it
    /// refused to authenticate, so sending it again is safe for any method.
    async fn renewed_after_rejection(
        &self,
        sent: &Sent,
        renewed: &mut bool,
    ) -> Result<bool, Error> {
        let Auth::OAuth2(session) = &self.inner.auth else {
            return Ok(false);
        };
        let Some(authorization) = &sent.authorization else {
            return Ok(false);
        };
        if sent.status != StatusCode::UNAUTHORIZED || *renewed {
            return Ok(false);
        }
        *renewed = true;
        session.renew_after_rejection(self, authorization).await?;
        Ok(true)
    }

    /// One attempt: signed afresh (OAuth nonces are single-use and the signature covers the
    /// URL), its payload prepared afresh, sent, and reported to the observer.
    async fn attempt(
        &self,
        method: &Method,
        url: &Url,
        headers: &HeaderMap,
        payload: &Payload,
        mode: BodyMode,
        attempt: u32,
    ) -> Result<Result<Sent, reqwest::Error>, Error> {
        let authorization = self.inner.auth.header(self, method.as_str(), url).await?;
        let body = prepare(payload).await?;
        let started = Instant::now();
        let outgoing = Outgoing {
            method,
            url,
            authorization,
            headers,
            body,
        };
        let outcome = self.send_once(outgoing, mode).await;
        let status = outcome.as_ref().ok().map(|sent| sent.status);
        self.observe(method, url, status, attempt, started);
        Ok(outcome)
    }

    /// Where a redirect leads, refused when it leaves the server or loops.
    fn redirect_target(
        &self,
        method: &Method,
        url: &Url,
        location: &str,
        redirects: &mut usize,
    ) -> Result<Url, Error> {
        let next = url.join(location).map_err(|error| Error::Decode {
            method: method.to_string(),
            url: url.to_string(),
            detail: format!("unusable redirect Location `{location}`: {error}"),
            body_start: String::new(),
        })?;
        if !same_origin(&next, url) {
            return Err(Error::Redirect {
                url: url.to_string(),
                location: next.to_string(),
            });
        }
        *redirects += 1;
        if *redirects > MAX_REDIRECTS {
            return Err(Error::Invalid(format!(
                "{method} {url}: more than {MAX_REDIRECTS} redirects; the server is \
                 redirecting in a loop"
            )));
        }
        Ok(next)
    }

    async fn send_once(
        &self,
        outgoing: Outgoing<'_>,
        mode: BodyMode,
    ) -> Result<Sent, reqwest::Error> {
        let mut request = self
            .inner
            .http
            .request(outgoing.method.clone(), outgoing.url.clone())
            .header(ACCEPT, "application/json")
            .headers(outgoing.headers.clone());
        if let Some(value) = &outgoing.authorization {
            request = request.header(AUTHORIZATION, value);
        }
        request = match outgoing.body {
            Prepared::Empty => request,
            Prepared::Json(body) => request.json(body),
            Prepared::Form(form) => request.multipart(form),
        };
        let response = request.send().await?;
        let status = response.status();
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|value: &reqwest::header::HeaderValue| value.to_str().ok())
                .map(str::to_owned)
        };
        let location = header(LOCATION);
        let retry_after = header(RETRY_AFTER);
        let headers = response
            .headers()
            .iter()
            .filter_map(|(name, value)| {
                Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
            })
            .collect();
        let stream = mode == BodyMode::Stream && status.is_success();
        let body = if stream {
            Body::Live(response)
        } else {
            Body::Bytes(read_body(response).await?)
        };
        Ok(Sent {
            status,
            authorization: outgoing.authorization,
            location,
            retry_after,
            headers,
            body,
        })
    }

    /// Reports one exchange to the observer, if there is one.
    pub(crate) fn observe(
        &self,
        method: &Method,
        url: &Url,
        status: Option<StatusCode>,
        attempt: u32,
        started: Instant,
    ) {
        if let Some(observer) = &self.inner.observer {
            observer(&Exchange {
                method: method.to_string(),
                url: url.to_string(),
                status: status.map(|status| status.as_u16()),
                attempt,
                elapsed: started.elapsed(),
            });
        }
    }
}

/// Whether a redirect turns the request into a body-less GET, as browsers and Jira's own
/// clients do: always for 303, and for a POST answered 301 or 302.
fn redirect_becomes_get(status: StatusCode, method: &Method) -> bool {
    status == StatusCode::SEE_OTHER
        || (matches!(status, StatusCode::MOVED_PERMANENTLY | StatusCode::FOUND)
            && *method == Method::POST)
}

/// Whether a successful answer's body is read at once or left to stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BodyMode {
    Buffer,
    Stream,
}

/// What one attempt sends.
struct Outgoing<'a> {
    method: &'a Method,
    url: &'a Url,
    authorization: Option<String>,
    headers: &'a HeaderMap,
    body: Prepared<'a>,
}

/// A payload made ready for one attempt: a file is opened afresh each time.
enum Prepared<'a> {
    Empty,
    Json(&'a Value),
    Form(reqwest::multipart::Form),
}

async fn prepare(payload: &Payload) -> Result<Prepared<'_>, Error> {
    Ok(match payload {
        Payload::Empty => Prepared::Empty,
        Payload::Json(body) => Prepared::Json(body),
        Payload::File { path, filename } => {
            Prepared::Form(crate::transfer::upload_form(path, filename).await?)
        }
    })
}

/// One attempt's answer.
struct Sent {
    status: StatusCode,
    /// The `Authorization` header the request carried (to tell a refused token from a newer one).
    authorization: Option<String>,
    location: Option<String>,
    retry_after: Option<String>,
    headers: Vec<(String, String)>,
    body: Body,
}

enum Body {
    Bytes(bytes::Bytes),
    Live(reqwest::Response),
}

/// An answer whose body has been read.
struct Buffered {
    status: StatusCode,
    headers: Vec<(String, String)>,
    body: bytes::Bytes,
}

impl Buffered {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

impl Sent {
    /// The answer of a buffered request (whose body was read in `send_once`).
    fn into_buffered(self) -> Buffered {
        let body = match self.body {
            Body::Bytes(bytes) => bytes,
            Body::Live(_) => bytes::Bytes::new(),
        };
        Buffered {
            status: self.status,
            headers: self.headers,
            body,
        }
    }

    /// Reads a streaming error answer's body: what Jira says about the failure.
    async fn into_buffered_async(self) -> Buffered {
        let body = match self.body {
            Body::Bytes(bytes) => bytes,
            Body::Live(response) => read_body(response).await.unwrap_or_default(),
        };
        Buffered {
            status: self.status,
            headers: self.headers,
            body,
        }
    }
}

/// The request's own headers, checked: `Authorization` stays the client's.
fn extra_headers(headers: &[(String, String)]) -> Result<HeaderMap, Error> {
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        let invalid = |why: String| Error::Config(format!("header `{name}`: {why}"));
        let name_value = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| invalid("not a valid header name".to_owned()))?;
        if name_value == AUTHORIZATION {
            return Err(invalid(
                "the client sends its own credentials; choose them with the connection settings \
                 (--pat, a profile, …) instead"
                    .to_owned(),
            ));
        }
        let value = HeaderValue::from_str(value)
            .map_err(|_| invalid("the value holds characters a header cannot carry".to_owned()))?;
        map.append(name_value, value);
    }
    Ok(map)
}

fn decode_json(method: &Method, url: &Url, response: Buffered) -> Result<Value, Error> {
    if response.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(&response.body).map_err(|error| {
        Error::undecodable(
            method.as_str(),
            url.to_string(),
            error,
            response.header("content-type"),
            &response.body,
        )
    })
}

fn error_for(method: &Method, url: &Url, response: &Buffered) -> Error {
    let status = response.status;
    if let Some(problem) = oauth1::OAuthProblem::from_response(
        status.as_u16(),
        response.header("www-authenticate"),
        &response.body,
    ) {
        return Error::OAuth {
            method: method.to_string(),
            url: url.to_string(),
            problem: Box::new(problem),
        };
    }
    Error::from_status(
        method.as_str(),
        url.to_string(),
        status.as_u16(),
        &response.body,
    )
}

/// Jira's error JSON: `{"errorMessages": [...], "errors": {"field": "message"}}`, and the
/// `{"message": "..."}` some resources send instead.
pub(crate) fn jira_error_messages(body: &[u8]) -> Vec<String> {
    let Ok(json) = serde_json::from_slice::<Value>(body) else {
        return Vec::new();
    };
    let mut messages: Vec<String> = json
        .get("errorMessages")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    if let Some(errors) = json.get("errors").and_then(Value::as_object) {
        for (field, message) in errors {
            let message = message
                .as_str()
                .map_or_else(|| message.to_string(), str::to_owned);
            messages.push(format!("{field}: {message}"));
        }
    }
    if messages.is_empty()
        && let Some(message) = json.get("message").and_then(Value::as_str)
    {
        messages.push(message.to_owned());
    }
    messages
}

fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
    )
}

fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// Failures worth another attempt: the connection could not be made, or broke before the
/// whole answer arrived.
fn is_transient(error: &reqwest::Error) -> bool {
    error.is_connect() || error.is_request() || error.is_body() || error.is_decode()
}

pub(crate) fn transport_error(method: &Method, url: &Url, error: &reqwest::Error) -> Error {
    // reqwest's own message already names the URL: only the causes below it add anything.
    let detail = oauth1::report::cause_chain(error);
    let lower = detail.to_ascii_lowercase();
    let kind = if error.is_timeout() {
        ErrorKind::Timeout
    } else if ["certificate", "tls", "handshake", "corrupt message"]
        .iter()
        .any(|word| lower.contains(word))
    {
        ErrorKind::Tls
    } else if error.is_connect() {
        ErrorKind::Connect
    } else {
        ErrorKind::Transport
    };
    let host = match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        _ => url.to_string(),
    };
    Error::Transport {
        kind,
        method: method.to_string(),
        url: url.to_string(),
        host,
        detail,
    }
}

/// The most a body's announced length reserves before any of it arrives: a `Content-Length`
/// is the server's word, not a promise.
const BODY_RESERVE_CAP: usize = 64 << 20;

/// A whole answer body, read into one buffer sized by its `Content-Length`. Collecting the
/// chunks and joining them (reqwest's `bytes()`) holds each body twice for a moment, which a
/// search export with several large pages arriving at once pays in peak memory.
async fn read_body(mut response: reqwest::Response) -> Result<bytes::Bytes, reqwest::Error> {
    let announced = response.content_length().unwrap_or(0);
    let mut body =
        Vec::with_capacity(usize::try_from(announced).map_or(0, |n| n.min(BODY_RESERVE_CAP)));
    while let Some(chunk) = response.chunk().await? {
        body.extend_from_slice(&chunk);
    }
    Ok(body.into())
}
