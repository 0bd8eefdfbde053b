//! Answers turned into what callers want: the JSON of a success, or an [`Error`] carrying
//! Jira's `errorMessages`, the status, and the start of a body that was not JSON.

use reqwest::Method;
use serde_json::Value;
use url::Url;

use crate::error::{Error, ErrorKind, Repr};
use crate::rate_limit::RateLimit;

use super::request_loop::Buffered;

pub(super) fn decode_json(method: &Method, url: &Url, response: Buffered) -> Result<Value, Error> {
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

pub(super) fn error_for(method: &Method, url: &Url, response: &Buffered) -> Error {
    let status = response.status;
    if let Some(problem) = oauth1::OAuthProblem::from_response(
        status.as_u16(),
        response.header("www-authenticate"),
        &response.body,
    ) {
        return Error::from(Repr::OAuth {
            method: method.to_string(),
            url: url.to_string(),
            problem: Box::new(problem),
        });
    }
    let mut error = Error::from_status(
        method.as_str(),
        url.to_string(),
        status.as_u16(),
        &response.body,
    );
    if let Some(scope) = response.header("www-authenticate").and_then(needed_scope) {
        error = error.with_message(format!("{NEEDS_SCOPE}{scope}"));
    }
    let throttled = matches!(status.as_u16(), 429 | 503);
    match RateLimit::from_headers(status.as_u16(), &response.headers).filter(|_| throttled) {
        Some(limit) => Error::from(Repr::Throttled {
            error,
            limit: Box::new(limit),
        }),
        None => error,
    }
}

/// How the message naming a missing scope starts; [`crate::diagnose`] reads the scope back.
pub(crate) const NEEDS_SCOPE: &str = "the request needs the scope ";

/// The scope an `insufficient_scope` challenge names (RFC 6750 section 3.1), e.g. `Bearer
/// error="insufficient_scope", scope="write:jira-work"`.
fn needed_scope(challenge: &str) -> Option<&str> {
    if !challenge.contains("insufficient_scope") {
        return None;
    }
    let start = challenge.find("scope=\"")? + "scope=\"".len();
    challenge[start..]
        .split('"')
        .next()
        .filter(|scope| !scope.is_empty())
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

pub(crate) fn transport_error(method: &Method, url: &Url, error: &reqwest::Error) -> Error {
    // reqwest's own message already names the URL: only the causes below it add anything.
    let detail = oauth1::quote::cause_chain(error);
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
    Error::from(Repr::Transport {
        kind,
        method: method.to_string(),
        url: url.to_string(),
        host,
        detail,
    })
}

#[cfg(test)]
mod tests {
    use super::needed_scope;

    #[test]
    fn an_insufficient_scope_challenge_names_the_scope() {
        assert_eq!(
            needed_scope(r#"Bearer error="insufficient_scope", scope="write:jira-work""#),
            Some("write:jira-work")
        );
        assert_eq!(
            needed_scope(r#"Bearer realm="x", error="invalid_token""#),
            None
        );
        assert_eq!(needed_scope(r#"Bearer error="insufficient_scope""#), None);
    }
}
