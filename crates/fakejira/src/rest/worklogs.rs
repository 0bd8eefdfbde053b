//! Worklogs: `GET|POST /issue/{idOrKey}/worklog` and `GET|PUT|DELETE …/worklog/{id}`, keeping
//! the issue's time tracking consistent. `adjustEstimate` is `auto` by default (the remaining
//! estimate shrinks by the time logged, never below zero, and an unset one counts as zero),
//! `new` (with `newEstimate`), `manual` (with `reduceBy`, or `increaseBy` on delete) or `leave`.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use super::authored::{find, find_to_change, visibility};
use super::issue_parts_json::worklog_json;
use super::{Call, RestError, no_content, ok, page_json};
use crate::data::{Issue, Worklog, duration, parse_jira_timestamp, unix_now};
use crate::exchange::json_response;

/// How a worklog change moves the remaining estimate.
enum Adjust {
    /// By the change in time logged.
    Auto,
    Leave,
    New(i64),
    /// By a given amount: subtracted on add, added on delete.
    Manual(i64),
}

fn duration_param(call: &Call<'_>, name: &str, message: &str) -> Result<i64, RestError> {
    call.incoming
        .query_param(name)
        .as_deref()
        .and_then(duration::parse)
        .ok_or_else(|| RestError::field(name, message))
}

/// Reads `adjustEstimate` and its companion parameter (`manual_param`: `reduceBy` on add and
/// update, `increaseBy` on delete).
fn adjust(call: &Call<'_>, manual_param: &str) -> Result<Adjust, RestError> {
    match call.incoming.query_param("adjustEstimate").as_deref() {
        None | Some("auto") => Ok(Adjust::Auto),
        Some("leave") => Ok(Adjust::Leave),
        Some("new") => duration_param(call, "newEstimate", "You must supply a valid new estimate.")
            .map(Adjust::New),
        Some("manual") => duration_param(
            call,
            manual_param,
            &format!("You must supply a valid amount of time for '{manual_param}'."),
        )
        .map(Adjust::Manual),
        Some(other) => Err(RestError::bad_request(format!(
            "The adjustEstimate value '{other}' is not valid: use new, leave, manual or auto."
        ))),
    }
}

/// Moves the remaining estimate after `logged` more seconds were logged (negative: removed).
fn apply_adjust(issue: &mut Issue, adjust: &Adjust, logged: i64) {
    let remaining = issue.remaining_estimate.unwrap_or_default();
    issue.remaining_estimate = match adjust {
        Adjust::Leave => issue.remaining_estimate,
        Adjust::New(seconds) => Some(*seconds),
        Adjust::Auto => Some((remaining - logged).max(0)),
        Adjust::Manual(seconds) if logged >= 0 => Some((remaining - seconds).max(0)),
        Adjust::Manual(seconds) => Some(remaining + seconds),
    };
}

/// The time spent a body gives, from `timeSpentSeconds` or `timeSpent`.
fn time_spent(body: &Value) -> Option<Result<i64, RestError>> {
    let invalid = || RestError::field("timeLogged", "Invalid time duration entered.");
    if let Some(seconds) = body
        .get("timeSpentSeconds")
        .filter(|value| !value.is_null())
    {
        return Some(
            seconds
                .as_i64()
                .filter(|seconds| *seconds > 0)
                .ok_or_else(invalid),
        );
    }
    let text = body.get("timeSpent").filter(|value| !value.is_null())?;
    Some(
        text.as_str()
            .and_then(duration::parse)
            .filter(|seconds| *seconds > 0)
            .ok_or_else(invalid),
    )
}

fn started(body: &Value, default: i64) -> Result<i64, RestError> {
    match body.get("started").and_then(Value::as_str) {
        None => Ok(default),
        Some(text) => parse_jira_timestamp(text).ok_or_else(|| {
            RestError::field(
                "started",
                format!("Invalid date format '{text}': use 2024-06-01T12:00:00.000+0000."),
            )
        }),
    }
}

/// `GET …/worklog` with `startAt` and `maxResults` (default: all).
pub(super) fn list(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let issue = call.path_issue(&state)?;
    let start_at = call.number_param("startAt", 0)?;
    let max_results = call.number_param("maxResults", issue.worklogs.len().max(1))?;
    Ok(ok(&page_json(
        "worklogs",
        &issue.worklogs,
        start_at,
        max_results,
        |worklog| worklog_json(&call.app.settings, &issue, worklog),
    )))
}

pub(super) fn get(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let (issue, worklog) = find::<Worklog>(&state, call)?;
    Ok(ok(&worklog_json(&call.app.settings, issue, worklog)))
}

/// `POST …/worklog` → 201 with the worklog.
pub(super) fn add(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let adjust = adjust(call, "reduceBy")?;
    let mut state = call.app.lock();
    let mut issue = call.path_issue(&state)?.into_owned();
    let spent = time_spent(&body).unwrap_or_else(|| {
        Err(RestError::field(
            "timeLogged",
            "You must indicate the time spent working.",
        ))
    })?;
    let now = unix_now();
    let worklog = Worklog {
        id: state.catalog.next_id("worklog"),
        author: call.user.clone(),
        update_author: call.user.clone(),
        comment: body
            .get("comment")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        started: started(&body, now)?,
        time_spent_seconds: spent,
        created: now,
        updated: now,
        visibility: visibility(&state, &body)?,
    };
    issue.worklogs.push(worklog.clone());
    apply_adjust(&mut issue, &adjust, spent);
    let value = worklog_json(&call.app.settings, &issue, &worklog);
    state.catalog.commit(issue, call.user.as_deref(), now);
    Ok(json_response(StatusCode::CREATED, &value))
}

/// `PUT …/worklog/{id}` → 200 with the worklog.
pub(super) fn update(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let adjust = adjust(call, "reduceBy")?;
    let mut state = call.app.lock();
    let (issue, worklog) = find_to_change::<Worklog>(&state, call, "edit")?;
    let (mut issue, mut worklog) = (issue.clone(), worklog.clone());
    let before = worklog.time_spent_seconds;
    if let Some(spent) = time_spent(&body) {
        worklog.time_spent_seconds = spent?;
    }
    if let Some(comment) = body.get("comment").and_then(Value::as_str) {
        worklog.comment = comment.to_owned();
    }
    worklog.started = started(&body, worklog.started)?;
    if body.get("visibility").is_some() {
        worklog.visibility = visibility(&state, &body)?;
    }
    let now = unix_now();
    worklog.updated = now;
    worklog.update_author = call.user.clone();
    if let Some(stored) = issue
        .worklogs
        .iter_mut()
        .find(|stored| stored.id == worklog.id)
    {
        *stored = worklog.clone();
    }
    apply_adjust(&mut issue, &adjust, worklog.time_spent_seconds - before);
    let value = worklog_json(&call.app.settings, &issue, &worklog);
    state.catalog.commit(issue, call.user.as_deref(), now);
    Ok(ok(&value))
}

/// `DELETE …/worklog/{id}` → 204.
pub(super) fn delete(call: &Call<'_>) -> Result<Response, RestError> {
    let adjust = adjust(call, "increaseBy")?;
    let mut state = call.app.lock();
    let (issue, worklog) = find_to_change::<Worklog>(&state, call, "delete")?;
    let (mut issue, id, spent) = (issue.clone(), worklog.id, worklog.time_spent_seconds);
    issue.worklogs.retain(|worklog| worklog.id != id);
    apply_adjust(&mut issue, &adjust, -spent);
    state
        .catalog
        .commit(issue, call.user.as_deref(), unix_now());
    Ok(no_content())
}
