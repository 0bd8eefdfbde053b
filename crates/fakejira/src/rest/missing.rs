//! What the served Jira answers for a REST path it has no resource for (404), or a resource
//! that does not take the request's verb (405), which is how a client meets an endpoint its
//! Jira release removed or never had.
//!
//! Jira's REST layer is Jersey behind Atlassian's REST plugin, which writes an unmatched request
//! as its status document rather than Jira's `errorMessages`:
//! - Data Center 8 and 9 (Jersey 1): 404 `{"message": "null for uri: <URL>", "status-code":
//!   404}`, Jersey's own wording; a verb the resource does not take is 405 with no body;
//! - Data Center 10 and 11 (Jersey 2, platform 7): 404 `{"message": "HTTP 404 Not Found",
//!   "status-code": 404, "sub-code": -1}` and 405 `{"message": "HTTP 405 Method Not Allowed",
//!   "status-code": 405, "sub-code": -1}`, the document Atlassian's platform-7 products send
//!   for a route they never registered (as integrators capture it from Bitbucket 10.4 and Jira
//!   10);
//! - both send `Allow` with a 405.
//!
//! Cloud keeps the simulator's earlier answer, 404 `{"errorMessages": ["null for uri: <URL>"],
//! "errors": {}}` for either case: no capture of Cloud's was found.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::json;

use super::empty;
use crate::config::{DeploymentType, Settings};
use crate::exchange::{Incoming, error_messages, json_response};

/// The answer to `incoming`, for which no route serves its verb; `verbs` are those the path's
/// resource takes (empty: there is no resource).
pub(super) fn response(settings: &Settings, incoming: &Incoming, verbs: &[&str]) -> Response {
    let url = format!("{}{}", settings.base_url, incoming.local_path);
    if settings.deployment_type == DeploymentType::Cloud {
        return error_messages(StatusCode::NOT_FOUND, &format!("null for uri: {url}"));
    }
    let jersey_2 = settings.jira_version.major >= 10;
    let mut response = match (verbs.is_empty(), jersey_2) {
        (true, false) => json_response(
            StatusCode::NOT_FOUND,
            &json!({ "message": format!("null for uri: {url}"), "status-code": 404 }),
        ),
        (true, true) => status_document(StatusCode::NOT_FOUND),
        (false, false) => empty(StatusCode::METHOD_NOT_ALLOWED),
        (false, true) => status_document(StatusCode::METHOD_NOT_ALLOWED),
    };
    if !verbs.is_empty()
        && let Ok(allow) = HeaderValue::from_str(&verbs.join(","))
    {
        response.headers_mut().insert(header::ALLOW, allow);
    }
    response
}

/// Jersey 2's status document for `status`.
fn status_document(status: StatusCode) -> Response {
    let reason = status.canonical_reason().unwrap_or_default();
    json_response(
        status,
        &json!({
            "message": format!("HTTP {} {reason}", status.as_u16()),
            "status-code": status.as_u16(),
            "sub-code": -1,
        }),
    )
}
