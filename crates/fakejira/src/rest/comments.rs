//! Comments: `GET|POST /issue/{idOrKey}/comment` and `GET|PUT|DELETE …/comment/{id}`.
//! Anyone may comment; editing or deleting someone else's comment takes an administrator.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::authored::{find, find_to_change, visibility};
use super::issue_parts_json::comment_json;
use super::issues::render_wiki;
use super::{Call, RestError, issue_not_found, no_content, ok, page_json};
use crate::data::{Comment, unix_now};
use crate::exchange::json_response;

fn with_rendered_body(value: Value, comment: &Comment, rendered: bool) -> Value {
    let mut value = value;
    if rendered {
        value["renderedBody"] = json!(render_wiki(&comment.body));
    }
    value
}

/// `GET …/comment` with `startAt`, `maxResults` (default: all), `orderBy=created|-created`
/// and `expand=renderedBody`.
pub(super) fn list(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let issue = call.path_issue(&state)?;
    let start_at = call.number_param("startAt", 0)?;
    let max_results = call.number_param("maxResults", issue.comments.len().max(1))?;
    let rendered = call
        .query_list("expand")
        .iter()
        .any(|item| item == "renderedBody");
    let mut ordered: Vec<&Comment> = issue.comments.iter().collect();
    match call
        .incoming
        .query_param("orderBy")
        .as_deref()
        .map(str::trim)
    {
        None | Some("" | "created" | "+created") => {}
        Some("-created") => ordered.reverse(),
        Some(other) => {
            return Err(RestError::bad_request(format!(
                "The orderBy value '{other}' is not valid: use 'created' or '-created'."
            )));
        }
    }
    Ok(ok(&page_json(
        "comments",
        &ordered,
        start_at,
        max_results,
        |comment| {
            with_rendered_body(
                comment_json(&call.app.settings, &issue, comment),
                comment,
                rendered,
            )
        },
    )))
}

/// `GET …/comment/{id}` (`expand=renderedBody`).
pub(super) fn get(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let (issue, comment) = find::<Comment>(&state, call)?;
    let rendered = call
        .query_list("expand")
        .iter()
        .any(|item| item == "renderedBody");
    Ok(ok(&with_rendered_body(
        comment_json(&call.app.settings, issue, comment),
        comment,
        rendered,
    )))
}

fn body_text(body: &Value) -> Result<String, RestError> {
    body.get("body")
        .and_then(Value::as_str)
        .filter(|text| !text.trim().is_empty())
        .map(str::to_owned)
        .ok_or_else(|| RestError::field("comment", "Comment body can not be empty!"))
}

/// `POST …/comment` with `{"body", "visibility"?}` as the caller → 201 with the comment.
pub(super) fn add(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let mut state = call.app.lock();
    let key = call.param("issueIdOrKey");
    state.catalog.issue(key).ok_or_else(issue_not_found)?;
    let text = body_text(&body)?;
    let visibility = visibility(&state, &body)?;
    let comment = state
        .catalog
        .add_comment(key, call.user.clone(), text, visibility, unix_now())
        .ok_or_else(issue_not_found)?;
    let issue = state.catalog.issue(key).ok_or_else(issue_not_found)?;
    Ok(json_response(
        StatusCode::CREATED,
        &comment_json(&call.app.settings, &issue, &comment),
    ))
}

/// `PUT …/comment/{id}` with `{"body", "visibility"?}` → 200 with the comment.
pub(super) fn update(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let mut state = call.app.lock();
    let (issue, comment) = find_to_change::<Comment>(&state, call, "edit")?;
    let (key, id) = (issue.key.clone(), comment.id);
    let text = body_text(&body)?;
    let visibility = visibility(&state, &body)?;
    let now = unix_now();
    let issue = state.catalog.issue_mut(&key).ok_or_else(issue_not_found)?;
    let comment = issue
        .comments
        .iter_mut()
        .find(|comment| comment.id == id)
        .ok_or_else(issue_not_found)?;
    comment.body = text;
    comment.visibility = visibility;
    comment.updated = now;
    comment.update_author = call.user.clone();
    let comment = comment.clone();
    issue.updated = now;
    Ok(ok(&comment_json(&call.app.settings, issue, &comment)))
}

/// `DELETE …/comment/{id}` → 204.
pub(super) fn delete(call: &Call<'_>) -> Result<Response, RestError> {
    let mut state = call.app.lock();
    let (issue, comment) = find_to_change::<Comment>(&state, call, "delete")?;
    let (key, id) = (issue.key.clone(), comment.id);
    if let Some(issue) = state.catalog.issue_mut(&key) {
        issue.comments.retain(|comment| comment.id != id);
    }
    Ok(no_content())
}
