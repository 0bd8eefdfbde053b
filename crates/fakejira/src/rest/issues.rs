//! Issues: `GET|PUT|DELETE /issue/{idOrKey}`, `POST /issue`, `POST /issue/bulk` and
//! `PUT /issue/{idOrKey}/assignee`.
//!
//! Settable fields: `summary`, `description`, `labels`, `priority` (`{name}` or `{id}`),
//! `assignee` (`{name}`), and on create `project` (`{key}` or `{id}`) and `issuetype`
//! (`{name}` or `{id}`). `update` takes `set` for summary and description, `add`/`remove`/`set`
//! for labels and `add` for comment.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::render::{FieldSelection, created_issue_json, field_names, issue_json, status_json};
use super::{Call, RestError, issue_not_found, no_content, ok};
use crate::data::{
    DEFAULT_PRIORITY, Issue, NewIssue, issue_type_index, priority_index, transitions_from, unix_now,
};
use crate::state::State;

type FieldErrors = Map<String, Value>;

fn field_error(errors: &mut FieldErrors, field: &str, message: impl Into<String>) {
    errors.insert(field.to_owned(), Value::String(message.into()));
}

fn cannot_set(errors: &mut FieldErrors, field: &str) {
    field_error(
        errors,
        field,
        format!("Field '{field}' cannot be set. It is not on the appropriate screen, or unknown."),
    );
}

fn refusal(errors: FieldErrors) -> RestError {
    RestError {
        status: StatusCode::BAD_REQUEST,
        messages: Vec::new(),
        errors,
    }
}

/// The `name` or `id` (or the plain string) a reference field such as `{ "name": "Bug" }` holds.
fn reference(value: &Value, keys: &[&str]) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Object(object) => keys
            .iter()
            .find_map(|key| object.get(*key))
            .and_then(|found| match found {
                Value::String(text) => Some(text.clone()),
                Value::Number(number) => Some(number.to_string()),
                _ => None,
            }),
        _ => None,
    }
}

/// The assignee a value names: `Ok(None)` to unassign.
fn assignee(state: &State, value: &Value) -> Result<Option<String>, String> {
    if value.is_null() || value.get("name").is_some_and(Value::is_null) {
        return Ok(None);
    }
    match reference(value, &["name", "key"]) {
        Some(name) if name == "-1" => Ok(None),
        Some(name) if state.user(&name).is_some() => Ok(Some(name)),
        Some(name) => Err(format!("User '{name}' does not exist.")),
        None => Err("The assignee must be given as {\"name\": \"…\"}.".to_owned()),
    }
}

fn labels(value: &Value) -> Option<Vec<String>> {
    value
        .as_array()?
        .iter()
        .map(|label| label.as_str().map(str::to_owned))
        .collect()
}

/// Applies the settable fields of `fields` to `issue`, collecting what is wrong.
fn apply_fields(
    state: &State,
    issue: &mut Issue,
    fields: &Map<String, Value>,
    errors: &mut FieldErrors,
) {
    for (name, value) in fields {
        match name.as_str() {
            "summary" => match value.as_str().filter(|text| !text.trim().is_empty()) {
                Some(text) => issue.summary = text.to_owned(),
                None => field_error(
                    errors,
                    "summary",
                    "You must specify a summary of the issue.",
                ),
            },
            "description" => match value {
                Value::Null => issue.description = None,
                Value::String(text) => issue.description = Some(text.clone()),
                _ => field_error(errors, "description", "The description must be a string."),
            },
            "labels" => match labels(value) {
                Some(labels) => issue.labels = labels,
                None => field_error(errors, "labels", "The labels must be an array of strings."),
            },
            "priority" => match reference(value, &["name", "id"])
                .as_deref()
                .and_then(priority_index)
            {
                Some(index) => issue.priority = index,
                None => field_error(errors, "priority", "The priority selected is invalid."),
            },
            "assignee" => match assignee(state, value) {
                Ok(name) => issue.assignee = name,
                Err(message) => field_error(errors, "assignee", message),
            },
            // Fixed at creation, but sent back unchanged by clients that echo an issue.
            "project" | "issuetype" | "reporter" => {}
            other => cannot_set(errors, other),
        }
    }
}

/// What the `update` operations hold besides field changes.
#[derive(Default)]
struct Updates {
    comments: Vec<String>,
}

fn apply_updates(
    issue: &mut Issue,
    update: &Map<String, Value>,
    errors: &mut FieldErrors,
) -> Updates {
    let mut updates = Updates::default();
    for (name, operations) in update {
        let Some(operations) = operations.as_array() else {
            field_error(errors, name, "Operations must be given as an array.");
            continue;
        };
        for operation in operations {
            let Some((verb, argument)) = operation
                .as_object()
                .and_then(|object| object.iter().next())
            else {
                field_error(
                    errors,
                    name,
                    "Each operation must be an object such as {\"add\": …}.",
                );
                continue;
            };
            match (name.as_str(), verb.as_str(), argument) {
                ("summary", "set", Value::String(text)) if !text.trim().is_empty() => {
                    issue.summary = text.clone();
                }
                ("description", "set", Value::String(text)) => {
                    issue.description = Some(text.clone())
                }
                ("labels", "add", Value::String(label)) => {
                    if !issue.labels.contains(label) {
                        issue.labels.push(label.clone());
                    }
                }
                ("labels", "remove", Value::String(label)) => {
                    issue.labels.retain(|kept| kept != label)
                }
                ("labels", "set", value) => match labels(value) {
                    Some(labels) => issue.labels = labels,
                    None => {
                        field_error(errors, "labels", "The labels must be an array of strings.")
                    }
                },
                ("comment", "add", body) => match body.get("body").and_then(Value::as_str) {
                    Some(text) => updates.comments.push(text.to_owned()),
                    None => field_error(errors, "comment", "Comment body can not be empty!"),
                },
                ("summary" | "description" | "labels" | "comment", _, _) => field_error(
                    errors,
                    name,
                    format!(
                        "The operation '{verb}' with this value is not supported for '{name}'."
                    ),
                ),
                _ => cannot_set(errors, name),
            }
        }
    }
    updates
}

fn object_field<'a>(
    body: &'a Value,
    name: &str,
) -> Result<Option<&'a Map<String, Value>>, RestError> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(object)) => Ok(Some(object)),
        Some(_) => Err(RestError::message(
            StatusCode::BAD_REQUEST,
            format!("'{name}' must be a JSON object."),
        )),
    }
}

/// Creates one issue from an `{fields: …}` body, returning its `{id, key, self}`.
fn create_one(call: &Call<'_>, state: &mut State, body: &Value) -> Result<Value, RestError> {
    let fields = object_field(body, "fields")?.cloned().unwrap_or_default();
    let mut errors = FieldErrors::new();
    let project_id = match fields
        .get("project")
        .and_then(|value| reference(value, &["key", "id"]))
        .and_then(|key| state.catalog.project(&key).map(|project| project.id))
    {
        Some(id) => id,
        None => {
            field_error(&mut errors, "project", "valid project is required");
            0
        }
    };
    let issue_type = match fields
        .get("issuetype")
        .and_then(|value| reference(value, &["name", "id"]))
        .and_then(|kind| issue_type_index(&kind))
    {
        Some(index) => index,
        None => {
            field_error(&mut errors, "issuetype", "valid issue type is required");
            0
        }
    };
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
    // Check the remaining fields on a scratch issue before anything is stored.
    let mut draft = Issue {
        id: 0,
        key: String::new(),
        project_id,
        number: 0,
        summary: String::new(),
        description: None,
        issue_type,
        status: crate::data::Status::ToDo,
        priority: DEFAULT_PRIORITY,
        assignee: None,
        reporter: call.user.clone(),
        labels: Vec::new(),
        created: 0,
        updated: 0,
        resolved: None,
        comments: Vec::new(),
    };
    apply_fields(state, &mut draft, &fields, &mut errors);
    if !errors.is_empty() {
        return Err(refusal(errors));
    }
    let new = NewIssue {
        project_id,
        issue_type,
        summary: draft.summary,
        description: draft.description,
        priority: draft.priority,
        assignee: draft.assignee,
        reporter: draft.reporter,
        labels: draft.labels,
    };
    let issue = state.catalog.create_issue(new, unix_now()).ok_or_else(|| {
        refusal(FieldErrors::from_iter([(
            "project".to_owned(),
            json!("valid project is required"),
        )]))
    })?;
    Ok(created_issue_json(&call.app.settings, issue))
}

/// `POST /issue` → 201 `{id, key, self}`.
pub(super) fn create(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let mut state = call.app.lock();
    let created = create_one(call, &mut state, &body)?;
    Ok(crate::server::json_response(StatusCode::CREATED, &created))
}

/// `POST /issue/bulk` → 201 `{issues, errors}`; 400 when none could be created.
pub(super) fn create_bulk(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let Some(updates) = body.get("issueUpdates").and_then(Value::as_array) else {
        return Err(RestError::message(
            StatusCode::BAD_REQUEST,
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
    Ok(crate::server::json_response(
        status,
        &json!({ "issues": issues, "errors": errors }),
    ))
}

/// `GET /issue/{idOrKey}` with `fields` and `expand` (`names`, `transitions`, `changelog`).
pub(super) fn get(call: &Call<'_>) -> Result<Response, RestError> {
    let settings = &call.app.settings;
    let state = call.app.lock();
    let issue = state
        .catalog
        .issue(call.segment(1))
        .ok_or_else(issue_not_found)?;
    let fields = FieldSelection::parse(call.incoming.query_param("fields").as_deref());
    let mut body = issue_json(settings, &state.catalog, issue, &fields);
    let expand = call.incoming.query_param("expand").unwrap_or_default();
    for item in expand.split(',').map(str::trim) {
        match item {
            "names" => body["names"] = field_names(),
            "transitions" => {
                body["transitions"] = transitions_from(issue.status)
                    .map(|transition| {
                        json!({ "id": transition.id, "name": transition.name, "to": status_json(settings, transition.to) })
                    })
                    .collect();
            }
            "changelog" => {
                body["changelog"] =
                    json!({ "startAt": 0, "maxResults": 0, "total": 0, "histories": [] });
            }
            _ => {}
        }
    }
    Ok(ok(&body))
}

/// `PUT /issue/{idOrKey}` with `fields` and/or `update` → 204.
pub(super) fn edit(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let fields = object_field(&body, "fields")?.cloned().unwrap_or_default();
    let update = object_field(&body, "update")?.cloned().unwrap_or_default();
    let mut state = call.app.lock();
    let mut issue = state
        .catalog
        .issue(call.segment(1))
        .cloned()
        .ok_or_else(issue_not_found)?;
    let mut errors = FieldErrors::new();
    apply_fields(&state, &mut issue, &fields, &mut errors);
    let updates = apply_updates(&mut issue, &update, &mut errors);
    if !errors.is_empty() {
        return Err(refusal(errors));
    }
    let now = unix_now();
    issue.updated = now;
    let key = issue.key.clone();
    if let Some(stored) = state.catalog.issue_mut(&key) {
        *stored = issue;
    }
    for comment in updates.comments {
        state
            .catalog
            .add_comment(&key, call.user.clone(), comment, now);
    }
    Ok(no_content())
}

/// `DELETE /issue/{idOrKey}` → 204.
pub(super) fn delete(call: &Call<'_>) -> Result<Response, RestError> {
    if call.app.lock().catalog.delete_issue(call.segment(1)) {
        Ok(no_content())
    } else {
        Err(issue_not_found())
    }
}

/// `PUT /issue/{idOrKey}/assignee` with `{"name": "alice"}` (`null` or `"-1"` unassigns) → 204.
pub(super) fn assign(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let mut state = call.app.lock();
    if state.catalog.issue(call.segment(1)).is_none() {
        return Err(issue_not_found());
    }
    let name = assignee(&state, &body).map_err(|message| {
        let mut errors = FieldErrors::new();
        field_error(&mut errors, "assignee", message);
        refusal(errors)
    })?;
    let issue = state
        .catalog
        .issue_mut(call.segment(1))
        .ok_or_else(issue_not_found)?;
    issue.assignee = name;
    issue.updated = unix_now();
    Ok(no_content())
}
