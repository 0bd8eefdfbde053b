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

use super::entity_json::status_json;
use super::issue_fields::reference;
use super::issues::{apply_edit, commit_edit, object_field};
use super::system_config::RESOLUTIONS;
use super::{Call, RestError, no_content, ok};
use crate::data::{Status, transitions_from, unix_now};

pub(super) fn list(call: &Call<'_>) -> Result<Response, RestError> {
    let settings = &call.app.settings;
    let state = call.app.lock();
    let issue = call.path_issue(&state)?;
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

/// Performs `{"transition": {"id": "11"}, "fields": {…}, "update": {…}}` → 204: the fields and
/// update operations (a comment `add`, …) apply as an edit would, in the same changelog entry.
/// Reaching Done sets the resolution; leaving it clears it.
/// A resolution sent with a transition must be one of Jira's; the issue then shows Done as its
/// resolution whichever was named (the simulator keeps one resolution).
fn check_resolution(resolution: Option<Value>) -> Result<(), RestError> {
    let Some(resolution) = resolution.filter(|value| !value.is_null()) else {
        return Ok(());
    };
    let wanted = reference(&resolution, &["name", "id"]).unwrap_or_default();
    if RESOLUTIONS
        .iter()
        .any(|(id, name, _)| *id == wanted || name.eq_ignore_ascii_case(&wanted))
    {
        Ok(())
    } else {
        Err(RestError::field(
            "resolution",
            format!("The resolution '{wanted}' does not exist."),
        ))
    }
}

pub(super) fn perform(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let id = body
        .get("transition")
        .and_then(|transition| match transition.get("id") {
            Some(Value::String(id)) => Some(id.clone()),
            Some(Value::Number(id)) => Some(id.to_string()),
            _ => None,
        });
    let mut fields = object_field(&body, "fields")?.cloned().unwrap_or_default();
    check_resolution(fields.remove("resolution"))?;
    let update = object_field(&body, "update")?.cloned().unwrap_or_default();
    let mut state = call.app.lock();
    let mut issue = call.path_issue(&state)?.into_owned();
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
    let comments = apply_edit(&state, &mut issue, &fields, &update)?;
    let now = unix_now();
    issue.status = transition.to;
    issue.resolved = (transition.to == Status::Done).then_some(now);
    commit_edit(call, &mut state, issue, comments, now);
    Ok(no_content())
}
