//! The one path every request takes: the URL resolved against the REST root, credentials
//! asked of [`Auth`] for each attempt (so OAuth signs afresh), same-origin redirects followed
//! and re-signed, transient failures and throttling retried as the [`RetryPolicy`] says, an
//! OAuth 2.0 token renewed once when refused (by a 401, or by Cloud's gateway with a 403 or 404
//! once the token's saved expiry has passed).

use std::time::Instant;

use reqwest::header::{
    ACCEPT, AUTHORIZATION, HeaderMap, HeaderName, HeaderValue, LOCATION, RETRY_AFTER,
};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use url::Url;

use crate::auth::Auth;
use crate::error::{Error, Repr};
use crate::rate_limit::RateLimit;
use crate::request::{ApiRequest, Payload};

use super::decode::{error_for, transport_error};
use super::{Client, Exchange, Idempotency};

const MAX_REDIRECTS: usize = 10;

impl Client {
    /// Sends `request` with the client's credentials, retries and redirects; an error status
    /// becomes an [`Error`]. Returns the final URL and the successful answer.
    pub(super) async fn execute(
        &self,
        request: &ApiRequest,
        mode: BodyMode,
    ) -> Result<(Url, Sent), Error> {
        let mut url = self.url_for(&request.path)?;
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&request.query);
        }
        if let Some(held) = self.gate(&request.method, &url, &request.payload)? {
            return Ok((url, held));
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
                Err(error) if self.waited_to_retry(retryable, attempt, &error).await => continue,
                Err(error) => return Err(transport_error(&method, &url, &error)),
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
            if self.waited_out_throttling(&sent, retryable, attempt).await {
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

    /// Whether the attempt that broke with `error` is worth another: if so, waits the policy's
    /// delay first.
    async fn waited_to_retry(&self, retryable: bool, attempt: u32, error: &reqwest::Error) -> bool {
        let again = retryable && attempt < self.inner.retry.max_attempts && is_transient(error);
        if again {
            tokio::time::sleep(self.inner.retry.backoff(attempt)).await;
        }
        again
    }

    /// Whether the server asked to slow down (429, or 503 for a request that may be repeated)
    /// and attempts remain: if so, waits as `Retry-After` or the policy says. A `Retry-After`
    /// longer than the policy waits ends the request here, with the server's answer.
    async fn waited_out_throttling(&self, sent: &Sent, retryable: bool, attempt: u32) -> bool {
        if sent.status == StatusCode::TOO_MANY_REQUESTS {
            self.inner.throttles.record();
        }
        let throttled = sent.status == StatusCode::TOO_MANY_REQUESTS
            || (sent.status == StatusCode::SERVICE_UNAVAILABLE && retryable);
        if !throttled || attempt >= self.inner.retry.max_attempts {
            return false;
        }
        match self.inner.retry.delay(attempt, sent.retry_after.as_deref()) {
            Some(delay) => {
                tokio::time::sleep(delay).await;
                true
            }
            None => false,
        }
    }

    /// For a 401 answer to an OAuth 2.0 request (or a 403 or 404 from Cloud's gateway for a
    /// token whose saved expiry has passed, which is how the gateway refuses it on some routes):
    /// renews the access token, once per request, and says whether to send the request again.
    /// The server did not act on a request it refused to authenticate, so sending it again is
    /// safe for any method.
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
        if *renewed {
            return Ok(false);
        }
        let refused = match sent.status {
            StatusCode::UNAUTHORIZED => true,
            StatusCode::FORBIDDEN | StatusCode::NOT_FOUND => {
                session.refusal_may_be_expiry(authorization).await
            }
            _ => false,
        };
        if !refused {
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
        let rate_limit = outcome
            .as_ref()
            .ok()
            .and_then(|sent| RateLimit::from_headers(sent.status.as_u16(), &sent.headers));
        self.observe(method, url, status, attempt, started, rate_limit);
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
        let next = url.join(location).map_err(|error| {
            Error::from(Repr::Decode {
                method: method.to_string(),
                url: url.to_string(),
                detail: format!("unusable redirect Location `{location}`: {error}"),
                body_start: String::new(),
            })
        })?;
        if !same_origin(&next, url) {
            return Err(Error::from(Repr::Redirect {
                url: url.to_string(),
                location: next.to_string(),
            }));
        }
        *redirects += 1;
        if *redirects > MAX_REDIRECTS {
            return Err(Error::from(Repr::Invalid(format!(
                "{method} {url}: more than {MAX_REDIRECTS} redirects; the server is \
                 redirecting in a loop"
            ))));
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
        rate_limit: Option<RateLimit>,
    ) {
        if let Some(observer) = &self.inner.observer {
            observer(&Exchange {
                method: method.to_string(),
                url: url.to_string(),
                status: status.map(|status| status.as_u16()),
                attempt,
                elapsed: started.elapsed(),
                rate_limit,
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
pub(super) enum BodyMode {
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
pub(super) struct Sent {
    pub(super) status: StatusCode,
    /// The `Authorization` header the request carried (to tell a refused token from a newer one).
    pub(super) authorization: Option<String>,
    pub(super) location: Option<String>,
    pub(super) retry_after: Option<String>,
    pub(super) headers: Vec<(String, String)>,
    pub(super) body: Body,
}

pub(super) enum Body {
    Bytes(bytes::Bytes),
    Live(reqwest::Response),
}

/// An answer whose body has been read.
pub(super) struct Buffered {
    pub(super) status: StatusCode,
    pub(super) headers: Vec<(String, String)>,
    pub(super) body: bytes::Bytes,
}

impl Buffered {
    pub(super) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

impl Sent {
    /// The answer of a buffered request (whose body was read in `send_once`).
    pub(super) fn into_buffered(self) -> Buffered {
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
    pub(super) async fn into_buffered_async(self) -> Buffered {
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
        let invalid = |why: String| Error::from(Repr::Config(format!("header `{name}`: {why}")));
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

fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
    )
}

pub(super) fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// Failures worth another attempt: the connection could not be made, or broke before the
/// whole answer arrived.
fn is_transient(error: &reqwest::Error) -> bool {
    error.is_connect() || error.is_request() || error.is_body() || error.is_decode()
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
