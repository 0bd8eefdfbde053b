//! Components: `GET project/{p}/components`, `POST component` (201), `GET|PUT|DELETE
//! component/{id}` (DELETE 204, `moveIssuesTo` optional) and
//! `GET component/{id}/relatedIssueCounts`.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::issue_parts_json::component_json;
use super::projects::project_or_404;
use super::{Call, RestError, find_by_id, no_content, ok};
use crate::data::{Component, ProjectItem, unix_now};
use crate::exchange::json_response;
use crate::state::State;

pub(super) fn list(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let project = project_or_404(&state.catalog, call.param("projectIdOrKey"))?;
    let components: Vec<Value> = state
        .catalog
        .components
        .iter()
        .filter(|component| component.project_id == project.id)
        .map(|component| component_json(&call.app.settings, &state.catalog, component))
        .collect();
    Ok(ok(&Value::Array(components)))
}

fn find(state: &State, id: &str) -> Result<Component, RestError> {
    find_by_id(&state.catalog.components, id, |component| component.id)
        .ok_or_else(|| RestError::not_found(format!("The component with id {id} does not exist.")))
}

/// Applies `name`, `description`, `leadUserName` and `assigneeType` from `body`.
fn apply(state: &State, component: &mut Component, body: &Value) -> Result<(), RestError> {
    if let Some(name) = body.get("name").and_then(Value::as_str) {
        let taken = component.name_taken(&state.catalog.components, name);
        if name.trim().is_empty() || taken {
            return Err(RestError::field(
                "name",
                format!(
                    "A component with the name {name} already exists in this project, or the name is empty."
                ),
            ));
        }
        component.name = name.to_owned();
    }
    if let Some(description) = body.get("description") {
        component.description = description.as_str().map(str::to_owned);
    }
    if let Some(lead) = body.get("leadUserName") {
        match lead.as_str().filter(|name| !name.is_empty()) {
            Some(name) if state.user(name).is_none() => {
                return Err(RestError::field(
                    "leadUserName",
                    format!("The user {name} does not exist."),
                ));
            }
            other => component.lead = other.map(str::to_owned),
        }
    }
    if let Some(kind) = body.get("assigneeType").and_then(Value::as_str) {
        component.assignee_type = kind.to_owned();
    }
    Ok(())
}

pub(super) fn create(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let mut state = call.app.lock();
    let project_key = body
        .get("project")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let project_id = project_or_404(&state.catalog, project_key)?.id;
    if body.get("name").and_then(Value::as_str).is_none() {
        return Err(RestError::field("name", "The component name is required."));
    }
    let mut component = Component {
        id: 0,
        project_id,
        assignee_type: "PROJECT_DEFAULT".to_owned(),
        ..Component::default()
    };
    apply(&state, &mut component, &body)?;
    component.id = state.catalog.next_id("component");
    state.catalog.components.push(component.clone());
    Ok(json_response(
        StatusCode::CREATED,
        &component_json(&call.app.settings, &state.catalog, &component),
    ))
}

pub(super) fn get(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let component = find(&state, call.param("id"))?;
    Ok(ok(&component_json(
        &call.app.settings,
        &state.catalog,
        &component,
    )))
}

pub(super) fn update(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let mut state = call.app.lock();
    let mut component = find(&state, call.param("id"))?;
    apply(&state, &mut component, &body)?;
    if let Some(stored) = state
        .catalog
        .components
        .iter_mut()
        .find(|stored| stored.id == component.id)
    {
        *stored = component.clone();
    }
    Ok(ok(&component_json(
        &call.app.settings,
        &state.catalog,
        &component,
    )))
}

/// `DELETE component/{id}[?moveIssuesTo={id}]` → 204.
pub(super) fn delete(call: &Call<'_>) -> Result<Response, RestError> {
    let mut state = call.app.lock();
    let component = find(&state, call.param("id"))?;
    let target = match call.incoming.query_param("moveIssuesTo") {
        Some(id) => Some(find(&state, &id)?.id),
        None => None,
    };
    let now = unix_now();
    let affected: Vec<_> = state
        .catalog
        .written_issues()
        .filter(|issue| issue.components.contains(&component.id))
        .cloned()
        .collect();
    for mut issue in affected {
        issue.components.retain(|id| *id != component.id);
        if let Some(target) = target.filter(|target| !issue.components.contains(target)) {
            issue.components.push(target);
        }
        state.catalog.commit(issue, call.user.as_deref(), now);
    }
    state
        .catalog
        .components
        .retain(|kept| kept.id != component.id);
    Ok(no_content())
}

pub(super) fn related_issue_counts(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let component = find(&state, call.param("id"))?;
    let count = state
        .catalog
        .written_issues()
        .filter(|issue| issue.components.contains(&component.id))
        .count();
    Ok(ok(&json!({
        "self": call.app.settings.link(&format!("/rest/api/2/component/{}", component.id)),
        "issueCount": count,
    })))
}
