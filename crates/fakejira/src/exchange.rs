//! One HTTP exchange as every handler sees it: the app it serves ([`App`]), the request as
//! received ([`Incoming`]), the answer with its access-log verdict ([`Handled`]), and the
//! responses Jira's shapes share (JSON, Jira's error body, a redirect).

use std::sync::Mutex;

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::access_log::AuthKind;
use crate::config::Settings;
use crate::state::{self, State};

/// What every request handler can reach.
#[derive(Debug)]
pub(crate) struct App {
    pub settings: Settings,
    pub state: Mutex<State>,
}

impl App {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        state::lock(&self.state)
    }
}

/// A request as received, body read.
#[derive(Clone, Debug)]
pub(crate) struct Incoming {
    pub method: Method,
    /// The path as received, context path included.
    pub path: String,
    /// The path below the context path, starting with `/`.
    pub local_path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// Whether Cloud's API gateway forwarded it (`/ex/jira/{cloudid}/…`): only OAuth 2.0
    /// tokens are taken, and refusals have the gateway's shape.
    pub gateway: bool,
}

impl Incoming {
    /// The query string's parameters, `+` decoded as a space.
    pub(crate) fn query_params(&self) -> Vec<(String, String)> {
        oauth1::form_decode(self.query.as_deref().unwrap_or_default().as_bytes())
    }

    /// Every value of the list-valued parameter `name`, given repeated (`fields=a&fields=b`),
    /// comma-separated (`fields=a,b`) or both, as Jira's Jersey layer reads them; in order,
    /// trimmed, empty items dropped.
    pub(crate) fn query_list(&self, name: &str) -> Vec<String> {
        self.query_params()
            .into_iter()
            .filter(|(key, _)| key == name)
            .flat_map(|(_, value)| {
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|item| !item.is_empty())
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// Whether parameter `name` is `true` (case-insensitively), as Jersey reads booleans.
    pub(crate) fn query_flag(&self, name: &str) -> bool {
        self.query_param(name)
            .is_some_and(|value| value.trim().eq_ignore_ascii_case("true"))
    }

    /// The first value of query parameter `name`.
    pub(crate) fn query_param(&self, name: &str) -> Option<String> {
        self.query_params()
            .into_iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value)
    }

    pub(crate) fn header(&self, name: header::HeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// Whether the body is `application/x-www-form-urlencoded`, whose parameters OAuth signs.
    pub(crate) fn has_form_body(&self) -> bool {
        self.header(header::CONTENT_TYPE).is_some_and(|value| {
            value.split(';').next().is_some_and(|mime| {
                mime.trim()
                    .eq_ignore_ascii_case("application/x-www-form-urlencoded")
            })
        })
    }
}

/// A response and what the access log says about it.
#[derive(Debug)]
pub(crate) struct Handled {
    pub response: Response,
    pub auth: AuthKind,
    pub verdict: String,
}

impl Handled {
    pub(crate) fn new(response: Response, auth: AuthKind, verdict: impl Into<String>) -> Self {
        Self {
            response,
            auth,
            verdict: verdict.into(),
        }
    }
}

/// A JSON response.
pub(crate) fn json_response(status: StatusCode, body: &serde_json::Value) -> Response {
    json_text(status, body.to_string())
}

/// A response whose body is JSON text built by hand.
pub(crate) fn json_text(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=UTF-8"),
    );
    response
}

/// Jira's JSON error body: `{"errorMessages":[…],"errors":{}}`.
pub(crate) fn error_messages(status: StatusCode, message: &str) -> Response {
    json_response(
        status,
        &serde_json::json!({ "errorMessages": [message], "errors": {} }),
    )
}

/// A `302 Found` to `location`.
pub(crate) fn found(location: &str) -> Response {
    let mut response = StatusCode::FOUND.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}
