//! `GET|POST /issue/{idOrKey}/transitions`: the workflow `To Do → In Progress → Done`.
//!
//! | id | name | from | to |
//! |---|---|---|---|
//! | 11 | Start Progress | To Do | In Progress |
//! | 21 | Stop Progress | In Progress | To Do |
//! | 31 | Done | To Do, In Progress | Done |
//! | 41 | Reopen | Done | To Do |

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::render::status_json;
use super::{Call, RestError, issue_not_found, no_content, ok};
use crate::data::{Status, transitions_from, unix_now};

pub(super) fn list(call: &Call<'_>) -> Result<Response, RestError> {
    let settings = &call.app.settings;
    let state = call.app.lock();
    let issue = state
        .catalog
        .issue(call.segment(1))
        .ok_or_else(issue_not_found)?;
    let transitions: Vec<Value> = transitions_from(issue.status)
        .map(|transition| {
            json!({
                "id": transition.id,
                "name": transition.name,
                "to": status_json(settings, transition.to),
                "hasScreen": false,
                "isGlobal": false,
                "isInitial": false,
                "isAvailable": true,
                "isConditional": false,
            })
        })
        .collect();
    Ok(ok(
        &json!({ "expand": "transitions", "transitions": transitions }),
    ))
}

/// Performs `{"transition": {"id": "11"}}` → 204. Reaching Done sets the resolution; leaving it
/// clears it.
pub(super) fn perform(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let id = body
        .get("transition")
        .and_then(|transition| match transition.get("id") {
            Some(Value::String(id)) => Some(id.clone()),
            Some(Value::Number(id)) => Some(id.to_string()),
            _ => None,
        });
    let mut state = call.app.lock();
    let mut issue = state
        .catalog
        .issue(call.segment(1))
        .cloned()
        .ok_or_else(issue_not_found)?;
    let Some(id) = id else {
        return Err(RestError::message(
            StatusCode::BAD_REQUEST,
            "Missing 'transition' identifier",
        ));
    };
    let transition = transitions_from(issue.status)
        .find(|transition| transition.id == id)
        .ok_or_else(|| {
            RestError::message(
                StatusCode::BAD_REQUEST,
                format!("Transition id '{id}' is not valid for this issue."),
            )
        })?;
    let now = unix_now();
    issue.status = transition.to;
    issue.resolved = (transition.to == Status::Done).then_some(now);
    state.catalog.commit(issue, call.user.as_deref(), now);
    Ok(no_content())
}
