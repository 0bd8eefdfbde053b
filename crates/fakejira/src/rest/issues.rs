//! Issues: `GET|PUT|DELETE /issue/{idOrKey}`, `POST /issue`, `POST /issue/bulk`,
//! `PUT /issue/{idOrKey}/assignee` and (Cloud) `GET /issue/{idOrKey}/changelog`. What can be set
//! is in [`super::issue_fields`]. Every change is recorded in the issue's changelog.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::entity_json::status_json;
use super::issue_fields::{
    FieldErrors, apply_fields, apply_updates, assignee, field_error, reference,
};
use super::issue_json::{FieldSelection, created_issue_json, field_names, issue_json};
use super::issue_parts_json::history_json;
use super::{Call, RestError, no_content, ok};
use crate::data::{
    DEFAULT_PRIORITY, ISSUE_TYPES, Issue, issue_type_index, transitions_from, unix_now,
};
use crate::exchange::json_response;
use crate::state::State;

pub(super) fn object_field<'a>(
    body: &'a Value,
    name: &str,
) -> Result<Option<&'a Map<String, Value>>, RestError> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(object)) => Ok(Some(object)),
        Some(_) => Err(RestError::bad_request(format!(
            "'{name}' must be a JSON object."
        ))),
    }
}

/// The project, type and parent of a new issue, checked.
fn placement(
    state: &State,
    fields: &Map<String, Value>,
    errors: &mut FieldErrors,
) -> (u64, usize, Option<u64>) {
    let project_id = fields
        .get("project")
        .and_then(|value| reference(value, &["key", "id"]))
        .and_then(|key| state.catalog.project(&key).map(|project| project.id));
    if project_id.is_none() {
        field_error(errors, "project", "valid project is required");
    }
    let issue_type = fields
        .get("issuetype")
        .and_then(|value| reference(value, &["name", "id"]))
        .and_then(|kind| issue_type_index(&kind));
    if issue_type.is_none() {
        field_error(errors, "issuetype", "valid issue type is required");
    }
    let issue_type = issue_type.unwrap_or_default();
    let is_subtask = ISSUE_TYPES.get(issue_type).is_some_and(|kind| kind.subtask);
    let parent = fields
        .get("parent")
        .and_then(|value| reference(value, &["key", "id"]))
        .and_then(|key| state.catalog.issue(&key).map(|parent| parent.id));
    if is_subtask && parent.is_none() {
        field_error(
            errors,
            "parent",
            "Issue type is a sub-task but parent issue key or id not specified.",
        );
    }
    (
        project_id.unwrap_or_default(),
        issue_type,
        parent.filter(|_| is_subtask),
    )
}

/// Creates one issue from an `{fields: …}` body, returning its `{id, key, self}`.
fn create_one(call: &Call<'_>, state: &mut State, body: &Value) -> Result<Value, RestError> {
    let fields = object_field(body, "fields")?.cloned().unwrap_or_default();
    let mut errors = FieldErrors::new();
    let (project_id, issue_type, parent) = placement(state, &fields, &mut errors);
    if fields
        .get("summary")
        .and_then(Value::as_str)
        .is_none_or(|text| text.trim().is_empty())
    {
        field_error(
            &mut errors,
            "summary",
            "You must specify a summary of the issue.",
        );
    }
    let mut draft = Issue {
        project_id,
        issue_type,
        parent,
        priority: DEFAULT_PRIORITY,
        reporter: call.user.clone(),
        ..Issue::default()
    };
    apply_fields(state, &mut draft, &fields, &mut errors);
    if !errors.is_empty() {
        return Err(RestError::fields(errors));
    }
    let issue = state
        .catalog
        .create_issue(draft, unix_now())
        .ok_or_else(|| RestError::field("project", "valid project is required"))?;
    Ok(created_issue_json(&call.app.settings, issue))
}

/// `POST /issue` → 201 `{id, key, self}`.
pub(super) fn create(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let mut state = call.app.lock();
    let created = create_one(call, &mut state, &body)?;
    Ok(json_response(StatusCode::CREATED, &created))
}

/// `POST /issue/bulk` → 201 `{issues, errors}`; 400 when none could be created.
pub(super) fn create_bulk(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let Some(updates) = body.get("issueUpdates").and_then(Value::as_array) else {
        return Err(RestError::bad_request(
            "The request has no 'issueUpdates' array.",
        ));
    };
    let mut state = call.app.lock();
    let mut issues = Vec::new();
    let mut errors = Vec::new();
    for (index, update) in updates.iter().enumerate() {
        match create_one(call, &mut state, update) {
            Ok(created) => issues.push(created),
            Err(error) => errors.push(json!({
                "status": error.status.as_u16(),
                "elementErrors": error.body(),
                "failedElementNumber": index,
            })),
        }
    }
    let status = if issues.is_empty() && !errors.is_empty() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::CREATED
    };
    Ok(json_response(
        status,
        &json!({ "issues": issues, "errors": errors }),
    ))
}

/// The whole changelog in Server's `expand=changelog` shape.
fn changelog_json(call: &Call<'_>, issue: &Issue) -> Value {
    let histories: Vec<Value> = issue
        .changelog
        .iter()
        .map(|history| history_json(&call.app.settings, history))
        .collect();
    json!({
        "startAt": 0,
        "maxResults": histories.len(),
        "total": histories.len(),
        "histories": histories,
    })
}

/// `GET /issue/{idOrKey}` with `fields`, `expand` (`names`, `transitions`, `changelog`,
/// `renderedFields`) and `properties`, each comma-separated or repeated.
pub(super) fn get(call: &Call<'_>) -> Result<Response, RestError> {
    let settings = &call.app.settings;
    let state = call.app.lock();
    let issue = call.path_issue(&state)?;
    let fields = FieldSelection::from_list(&call.query_list("fields"));
    let mut body = issue_json(settings, &state.catalog, &issue, &fields);
    for item in call.query_list("expand") {
        match item.as_str() {
            "names" => body["names"] = field_names(),
            "transitions" => {
                body["transitions"] = transitions_from(issue.status)
                    .map(|transition| {
                        json!({ "id": transition.id, "name": transition.name, "to": status_json(settings, transition.to) })
                    })
                    .collect();
            }
            "changelog" => body["changelog"] = changelog_json(call, &issue),
            "renderedFields" => {
                body["renderedFields"] = json!({
                    "description": issue.description.as_deref().map(render_wiki),
                });
            }
            _ => {}
        }
    }
    let wanted = call.query_list("properties");
    if !wanted.is_empty() {
        body["properties"] = issue
            .properties
            .iter()
            .filter(|(key, _)| wanted.iter().any(|want| want == *key || want == "*all"))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect::<Map<String, Value>>()
            .into();
    }
    Ok(ok(&body))
}

/// Wiki markup as Jira renders it, reduced to paragraphs with escaped text.
pub(super) fn render_wiki(text: &str) -> String {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!("<p>{}</p>", escaped.replace('\n', "<br/>\n"))
}

/// `GET /issue/{idOrKey}/changelog` (Cloud): the history, paged with `values`.
pub(super) fn changelog(call: &Call<'_>) -> Result<Response, RestError> {
    let start_at = call.number_param("startAt", 0)?;
    let max_results = call.number_param("maxResults", 100)?;
    let state = call.app.lock();
    let issue = call.path_issue(&state)?;
    let values: Vec<Value> = issue
        .changelog
        .iter()
        .skip(start_at)
        .take(max_results)
        .map(|history| history_json(&call.app.settings, history))
        .collect();
    let total = issue.changelog.len();
    Ok(ok(&json!({
        "self": call.app.settings.link(&format!("/rest/api/2/issue/{}/changelog?maxResults={max_results}&startAt={start_at}", issue.key)),
        "maxResults": max_results,
        "startAt": start_at,
        "total": total,
        "isLast": start_at + values.len() >= total,
        "values": values,
    })))
}

/// Jira's refusal of `notifyUsers=false` to a user without administration rights.
const NOTIFY_REFUSED: &str =
    "To discard the user notification either admin or project admin permissions are required.";

/// `PUT /issue/{idOrKey}` with `fields` and/or `update` → 204.
pub(super) fn edit(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let fields = object_field(&body, "fields")?.cloned().unwrap_or_default();
    let update = object_field(&body, "update")?.cloned().unwrap_or_default();
    let silent = call
        .incoming
        .query_param("notifyUsers")
        .is_some_and(|value| value.trim().eq_ignore_ascii_case("false"));
    if silent && !call.is_admin() {
        return Err(RestError::forbidden(NOTIFY_REFUSED));
    }
    let mut state = call.app.lock();
    let mut issue = call.path_issue(&state)?.into_owned();
    let comments = apply_edit(&state, &mut issue, &fields, &update)?;
    commit_edit(call, &mut state, issue, comments, unix_now());
    Ok(no_content())
}

/// Applies an edit's (or a transition's) `fields` and `update` to `issue`, refusing with every
/// field error at once. The comments `update` adds come back, to add once the issue is stored.
pub(super) fn apply_edit(
    state: &State,
    issue: &mut Issue,
    fields: &Map<String, Value>,
    update: &Map<String, Value>,
) -> Result<Vec<String>, RestError> {
    let mut errors = FieldErrors::new();
    apply_fields(state, issue, fields, &mut errors);
    let comments = apply_updates(state, issue, update, &mut errors);
    if errors.is_empty() {
        Ok(comments)
    } else {
        Err(RestError::fields(errors))
    }
}

/// Stores an edited issue (one changelog entry), then the comments the same edit added, all
/// by the caller at `now`.
pub(super) fn commit_edit(
    call: &Call<'_>,
    state: &mut State,
    issue: Issue,
    comments: Vec<String>,
    now: i64,
) {
    let key = issue.key.clone();
    state.catalog.commit(issue, call.user.as_deref(), now);
    for comment in comments {
        state
            .catalog
            .add_comment(&key, call.user.clone(), comment, None, now);
    }
}

/// `DELETE /issue/{idOrKey}[?deleteSubtasks=true]` → 204; administrators only. An issue with
/// sub-tasks needs `deleteSubtasks=true`, which deletes them too.
pub(super) fn delete(call: &Call<'_>) -> Result<Response, RestError> {
    let is_admin = call.is_admin();
    let mut state = call.app.lock();
    let issue = call.path_issue(&state)?;
    if !is_admin {
        return Err(RestError::forbidden(
            "You do not have permission to delete issues in this project.",
        ));
    }
    let (id, key) = (issue.id, issue.key.clone());
    let has_subtasks = state.catalog.subtasks(id).next().is_some();
    if has_subtasks && !call.incoming.query_flag("deleteSubtasks") {
        return Err(RestError::bad_request(format!(
            "The issue '{key}' has subtasks.  You must specify the 'deleteSubtasks' parameter to delete this issue with subtasks."
        )));
    }
    state.catalog.delete_issue(id);
    Ok(no_content())
}

/// `PUT /issue/{idOrKey}/assignee` with `{"name": "alice"}` (`null` or `"-1"` unassigns) → 204.
pub(super) fn assign(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let mut state = call.app.lock();
    let mut issue = call.path_issue(&state)?.into_owned();
    issue.assignee =
        assignee(&state, &body).map_err(|message| RestError::field("assignee", message))?;
    state
        .catalog
        .commit(issue, call.user.as_deref(), unix_now());
    Ok(no_content())
}
