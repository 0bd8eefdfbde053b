//! Projects: `GET /project` (`expand=description,lead`), `GET /project/{idOrKey}`,
//! `POST /project` (admin; `key`, `name`, `projectTypeKey`, `lead`; 201 `{self, id, key}`) and
//! `DELETE /project/{idOrKey}` (admin; its issues go with it; 204).

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::entity_json::{optional_user, project_detail_json, project_json};
use super::{Call, RestError, no_content, ok, paged_values_up_to, text_field};
use crate::data::{Catalog, DEFAULT_PROJECT_AVATAR, Project};
use crate::exchange::json_response;
use crate::state::State;

pub(super) fn project_or_404<'a>(
    catalog: &'a Catalog,
    key: &str,
) -> Result<&'a Project, RestError> {
    catalog
        .project(key)
        .ok_or_else(|| RestError::not_found(format!("No project could be found with key '{key}'.")))
}

pub(super) fn list(call: &Call<'_>) -> Result<Response, RestError> {
    let expand = call.query_list("expand");
    let state = call.app.lock();
    let projects: Vec<Value> = state
        .catalog
        .projects
        .iter()
        .map(|project| listed_project(call, project, &expand))
        .collect();
    Ok(ok(&Value::Array(projects)))
}

/// The most `project/search` answers a page with.
const SEARCH_MAX_RESULTS: usize = 100;

/// Cloud's `GET project/search?query&keys&startAt&maxResults` (50 a page by default, at most
/// 100), ordered by key: a page of the projects whose key or name contains `query` (any case)
/// and, when `keys` is given, whose key is one of them.
pub(super) fn search(call: &Call<'_>) -> Result<Response, RestError> {
    let query = call
        .incoming
        .query_param("query")
        .map(|text| text.to_lowercase());
    let keys = call.query_list("keys");
    let expand = call.query_list("expand");
    let state = call.app.lock();
    let mut projects: Vec<&Project> = state
        .catalog
        .projects
        .iter()
        .filter(|project| keys.is_empty() || keys.contains(&project.key))
        .filter(|project| {
            query.as_ref().is_none_or(|query| {
                project.key.to_lowercase().contains(query)
                    || project.name.to_lowercase().contains(query)
            })
        })
        .collect();
    projects.sort_by(|a, b| a.key.cmp(&b.key));
    let items = projects
        .into_iter()
        .map(|project| listed_project(call, project, &expand))
        .collect();
    let mut page = paged_values_up_to(call, items, 50, SEARCH_MAX_RESULTS)?;
    let start_at = page["startAt"].as_u64().unwrap_or_default();
    let max_results = page["maxResults"].as_u64().unwrap_or_default();
    let link = |start: u64| {
        call.app.settings.link(&format!(
            "/rest/api/2/project/search?startAt={start}&maxResults={max_results}"
        ))
    };
    page["self"] = json!(link(start_at));
    if page["isLast"] == json!(false) {
        page["nextPage"] = json!(link(start_at + max_results));
    }
    Ok(ok(&page))
}

/// A project as the project lists show it, with the parts `expand` names.
fn listed_project(call: &Call<'_>, project: &Project, expand: &[String]) -> Value {
    let mut value = project_json(&call.app.settings, project);
    if expand.iter().any(|item| item == "description") {
        value["description"] = json!(project.description.clone().unwrap_or_default());
    }
    if expand.iter().any(|item| item == "lead") {
        value["lead"] = optional_user(&call.app.settings, project.lead.as_deref());
    }
    value
}

pub(super) fn get(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let project = project_or_404(&state.catalog, call.param("projectIdOrKey"))?;
    Ok(ok(&project_detail_json(
        &call.app.settings,
        &state.catalog,
        project,
    )))
}

fn valid_key(key: &str) -> bool {
    let mut chars = key.chars();
    chars.next().is_some_and(|first| first.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && key.len() <= 10
}

/// What is wrong with a new project's key, name and lead, by field.
fn new_project_errors(state: &State, key: &str, name: &str, lead: &str) -> Map<String, Value> {
    let mut errors = Map::new();
    if !valid_key(key) {
        errors.insert("projectKey".to_owned(), json!("You must specify a valid project key: an uppercase letter, then uppercase letters or digits, at most 10."));
    } else if state.catalog.project(key).is_some() {
        errors.insert(
            "projectKey".to_owned(),
            json!(format!("Project '{}' uses this project key.", key)),
        );
    }
    if name.is_empty() {
        errors.insert(
            "projectName".to_owned(),
            json!("You must specify a valid project name."),
        );
    } else if state
        .catalog
        .projects
        .iter()
        .any(|project| project.name.eq_ignore_ascii_case(name))
    {
        errors.insert(
            "projectName".to_owned(),
            json!("A project with that name already exists."),
        );
    }
    if lead.is_empty() || state.user(lead).is_none() {
        errors.insert(
            "projectLead".to_owned(),
            json!("The project lead must be an existing user."),
        );
    }
    errors
}

/// `POST /project` → 201 `{self, id, key}`.
pub(super) fn create(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let text = |name: &str| text_field(&body, name).unwrap_or_default().to_owned();
    let (key, name, lead) = (text("key"), text("name"), text("lead"));
    let mut state = call.app.lock();
    let errors = new_project_errors(&state, &key, &name, &lead);
    if !errors.is_empty() {
        return Err(RestError::fields(errors));
    }
    let description = body
        .get("description")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let project_type = body
        .get("projectTypeKey")
        .and_then(Value::as_str)
        .unwrap_or("software")
        .to_owned();
    let project = state.catalog.create_project(Project {
        key,
        name,
        lead: Some(lead),
        description,
        project_type,
        avatar_id: DEFAULT_PROJECT_AVATAR,
        ..Project::default()
    });
    Ok(json_response(
        StatusCode::CREATED,
        &json!({
            "self": call.app.settings.link(&format!("/rest/api/2/project/{}", project.id)),
            "id": project.id,
            "key": project.key,
        }),
    ))
}

/// `DELETE /project/{idOrKey}` → 204.
pub(super) fn delete(call: &Call<'_>) -> Result<Response, RestError> {
    let mut state = call.app.lock();
    let id = project_or_404(&state.catalog, call.param("projectIdOrKey"))?.id;
    state.catalog.delete_project(id);
    Ok(no_content())
}
