//! `GET|POST /issue/{idOrKey}/comment`.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use super::render::{comment_json, comments_page};
use super::{Call, RestError, issue_not_found, ok};
use crate::data::unix_now;
use crate::server::json_response;

/// The page of comments, `startAt`/`maxResults` honoured (default: all).
pub(super) fn list(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let issue = state
        .catalog
        .issue(call.segment(1))
        .ok_or_else(issue_not_found)?;
    let start_at = call.number_param("startAt", 0)?;
    let max_results = call.number_param("maxResults", issue.comments.len().max(1))?;
    Ok(ok(&comments_page(
        &call.app.settings,
        issue,
        start_at,
        max_results,
    )))
}

/// Adds `{"body": "…"}` as the caller → 201 with the comment.
pub(super) fn add(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let Some(text) = body
        .get("body")
        .and_then(Value::as_str)
        .filter(|text| !text.trim().is_empty())
    else {
        return Err(RestError::field(
            "comment",
            "Comment body can not be empty!",
        ));
    };
    let mut state = call.app.lock();
    let key = call.segment(1);
    let comment = state
        .catalog
        .add_comment(key, call.user.clone(), text.to_owned(), unix_now())
        .ok_or_else(issue_not_found)?;
    let issue = state.catalog.issue(key).ok_or_else(issue_not_found)?;
    Ok(json_response(
        StatusCode::CREATED,
        &comment_json(&call.app.settings, issue, &comment),
    ))
}
