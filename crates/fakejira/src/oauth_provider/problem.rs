//! OAuth refusals as Jira reports them: a status chosen by the problem, a form-encoded
//! `text/plain` body and a `WWW-Authenticate` challenge.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::config::Settings;

/// An `oauth_problem` and the extra `oauth_*` parameters its report carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub name: &'static str,
    pub details: Vec<(&'static str, String)>,
}

impl Problem {
    pub(crate) fn new(name: &'static str) -> Self {
        Self {
            name,
            details: Vec::new(),
        }
    }

    pub(crate) fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.details.push((name, value.into()));
        self
    }

    /// The status Jira answers each problem with.
    pub(crate) fn status(&self) -> StatusCode {
        match self.name {
            "version_rejected"
            | "parameter_absent"
            | "parameter_rejected"
            | "timestamp_refused"
            | "signature_method_rejected" => StatusCode::BAD_REQUEST,
            "user_refused" | "consumer_key_refused" => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::UNAUTHORIZED,
        }
    }

    /// What the access log says about the refusal.
    pub(crate) fn verdict(&self) -> String {
        format!("oauth_problem={}", self.name)
    }

    pub(crate) fn response(&self, settings: &Settings) -> Response {
        let mut body = format!("oauth_problem={}", oauth1::percent_encode(self.name));
        for (name, value) in &self.details {
            body.push('&');
            body.push_str(name);
            body.push('=');
            body.push_str(&oauth1::percent_encode(value));
        }
        let challenge = format!(
            "OAuth realm=\"{}\", oauth_problem=\"{}\"",
            settings.realm(),
            self.name
        );
        let mut response = (self.status(), body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain;charset=UTF-8"),
        );
        if let Ok(value) = HeaderValue::from_str(&challenge) {
            headers.insert(header::WWW_AUTHENTICATE, value);
        }
        response
    }
}
