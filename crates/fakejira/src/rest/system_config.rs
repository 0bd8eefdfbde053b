//! Jira's configuration as clients read it: `issuetype`, `priority`, `status`,
//! `statuscategory`, `resolution` (lists and single items), `securitylevel/{id}`,
//! `customFieldOption/{id}`, `role`, `mypermissions`, `application-properties` (GET; PUT
//! `application-properties/{id}`, admin) and `reindex` (POST, admin; GET progress).

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::entity_json::{issue_type_json, priority_json, status_json};
use super::issue_parts_json::option_json;
use super::{Call, RestError, issue_not_found, ok, paged_values};
use crate::config::Settings;
use crate::data::custom_fields::severity_option;
use crate::data::{ISSUE_TYPES, PRIORITIES, Status, jira_timestamp, unix_now};
use crate::exchange::json_response;
use crate::state::ApplicationProperty;

/// Resolutions: id, name, description.
pub(super) const RESOLUTIONS: [(&str, &str, &str); 3] = [
    ("10000", "Done", "Work has been completed on this issue."),
    ("10001", "Won't Do", "This issue won't be actioned."),
    (
        "10002",
        "Duplicate",
        "The problem is a duplicate of an existing issue.",
    ),
];

/// Status categories: id, key, name, colour.
const STATUS_CATEGORIES: [(u32, &str, &str, &str); 4] = [
    (1, "undefined", "No Category", "medium-gray"),
    (2, "new", "To Do", "blue-gray"),
    (4, "indeterminate", "In Progress", "yellow"),
    (3, "done", "Done", "green"),
];

/// Project roles: id, name, description.
pub(super) const PROJECT_ROLES: [(u64, &str, &str); 3] = [
    (
        10002,
        "Administrators",
        "A project role that represents administrators in a project",
    ),
    (
        10001,
        "Developers",
        "A project role that represents developers in a project",
    ),
    (
        10000,
        "Users",
        "A project role that represents users in a project",
    ),
];

/// The one issue security level: id, name, description.
const SECURITY_LEVEL: (&str, &str, &str) = ("10000", "Internal", "Visible to the team only");

fn not_found(what: &str, id: &str) -> RestError {
    RestError::not_found(format!("The {what} with id '{id}' does not exist"))
}

pub(super) fn issue_types(call: &Call<'_>) -> Result<Response, RestError> {
    let types: Vec<Value> = ISSUE_TYPES
        .iter()
        .map(|kind| issue_type_json(&call.app.settings, kind))
        .collect();
    Ok(ok(&Value::Array(types)))
}

pub(super) fn issue_type(call: &Call<'_>) -> Result<Response, RestError> {
    let id = call.param("id");
    let kind = ISSUE_TYPES
        .iter()
        .find(|kind| kind.id == id)
        .ok_or_else(|| not_found("issue type", id))?;
    Ok(ok(&issue_type_json(&call.app.settings, kind)))
}

fn priority_detail(settings: &Settings, index: usize) -> Value {
    let mut value = priority_json(settings, index);
    value["description"] = json!(format!("{} priority.", PRIORITIES[index].1));
    value["statusColor"] = json!(["#d04437", "#f15C75", "#f79232", "#707070", "#999999"][index]);
    value
}

pub(super) fn priorities(call: &Call<'_>) -> Result<Response, RestError> {
    Ok(ok(&(0..PRIORITIES.len())
        .map(|index| priority_detail(&call.app.settings, index))
        .collect()))
}

pub(super) fn priority(call: &Call<'_>) -> Result<Response, RestError> {
    let id = call.param("id");
    let index = PRIORITIES
        .iter()
        .position(|(pid, _)| *pid == id)
        .ok_or_else(|| not_found("priority", id))?;
    Ok(ok(&priority_detail(&call.app.settings, index)))
}

pub(super) fn statuses(call: &Call<'_>) -> Result<Response, RestError> {
    Ok(ok(&Status::ALL
        .iter()
        .map(|status| status_json(&call.app.settings, *status))
        .collect()))
}

pub(super) fn status(call: &Call<'_>) -> Result<Response, RestError> {
    let wanted = call.param("idOrName");
    let status = Status::ALL
        .iter()
        .find(|status| status.id() == wanted || status.name().eq_ignore_ascii_case(wanted))
        .ok_or_else(|| {
            RestError::not_found(format!(
                "The status with id or name '{wanted}' does not exist."
            ))
        })?;
    Ok(ok(&status_json(&call.app.settings, *status)))
}

fn category_json(settings: &Settings, (id, key, name, colour): (u32, &str, &str, &str)) -> Value {
    json!({
        "self": settings.link(&format!("/rest/api/2/statuscategory/{id}")),
        "id": id,
        "key": key,
        "colorName": colour,
        "name": name,
    })
}

pub(super) fn status_categories(call: &Call<'_>) -> Result<Response, RestError> {
    Ok(ok(&STATUS_CATEGORIES
        .iter()
        .map(|category| category_json(&call.app.settings, *category))
        .collect()))
}

pub(super) fn status_category(call: &Call<'_>) -> Result<Response, RestError> {
    let wanted = call.param("idOrKey");
    let category = STATUS_CATEGORIES
        .iter()
        .find(|(id, key, ..)| id.to_string() == wanted || *key == wanted)
        .ok_or_else(|| not_found("status category", wanted))?;
    Ok(ok(&category_json(&call.app.settings, *category)))
}

fn resolution_json(settings: &Settings, (id, name, description): (&str, &str, &str)) -> Value {
    json!({
        "self": settings.link(&format!("/rest/api/2/resolution/{id}")),
        "id": id,
        "name": name,
        "description": description,
    })
}

pub(super) fn resolutions(call: &Call<'_>) -> Result<Response, RestError> {
    Ok(ok(&RESOLUTIONS
        .iter()
        .map(|resolution| resolution_json(&call.app.settings, *resolution))
        .collect()))
}

/// Cloud's `GET resolution/search?startAt&maxResults` (50 a page by default).
pub(super) fn search_resolutions(call: &Call<'_>) -> Result<Response, RestError> {
    let resolutions = RESOLUTIONS
        .iter()
        .map(|resolution| resolution_json(&call.app.settings, *resolution))
        .collect();
    Ok(ok(&paged_values(call, resolutions, 50)?))
}

pub(super) fn resolution(call: &Call<'_>) -> Result<Response, RestError> {
    let id = call.param("id");
    let resolution = RESOLUTIONS
        .iter()
        .find(|(rid, ..)| *rid == id)
        .ok_or_else(|| not_found("resolution", id))?;
    Ok(ok(&resolution_json(&call.app.settings, *resolution)))
}

pub(super) fn security_level(call: &Call<'_>) -> Result<Response, RestError> {
    let id = call.param("id");
    let (level_id, name, description) = SECURITY_LEVEL;
    if id != level_id {
        return Err(not_found("issue security level", id));
    }
    Ok(ok(&json!({
        "self": call.app.settings.link(&format!("/rest/api/2/securitylevel/{id}")),
        "id": level_id,
        "name": name,
        "description": description,
    })))
}

pub(super) fn custom_field_option(call: &Call<'_>) -> Result<Response, RestError> {
    let id = call.param("id");
    let (option_id, _) = severity_option(id)
        .filter(|(option_id, _)| option_id.to_string() == id)
        .ok_or_else(|| not_found("custom field option", id))?;
    let mut option = option_json(&call.app.settings, option_id);
    // This resource's bean (CustomFieldOptionBean in Data Center 10.3's description) holds the
    // id as a number; an issue's field shows the same option with a string id.
    option["id"] = json!(option_id);
    Ok(ok(&option))
}

pub(super) fn role_json(
    settings: &Settings,
    (id, name, description): (u64, &str, &str),
    actors: Value,
) -> Value {
    json!({
        "self": settings.link(&format!("/rest/api/2/role/{id}")),
        "name": name,
        "id": id,
        "description": description,
        "actors": actors,
    })
}

pub(super) fn roles(call: &Call<'_>) -> Result<Response, RestError> {
    Ok(ok(&PROJECT_ROLES
        .iter()
        .map(|role| role_json(&call.app.settings, *role, json!([])))
        .collect()))
}

/// Permissions `mypermissions` reports: key, id, name, type, and whether only administrators
/// hold it.
const PERMISSIONS: [(&str, u32, &str, &str, bool); 16] = [
    ("ADMINISTER", 0, "Jira Administrators", "GLOBAL", true),
    (
        "SYSTEM_ADMIN",
        44,
        "Jira System Administrators",
        "GLOBAL",
        true,
    ),
    (
        "ADMINISTER_PROJECTS",
        23,
        "Administer Projects",
        "PROJECT",
        true,
    ),
    ("BROWSE_PROJECTS", 10, "Browse Projects", "PROJECT", false),
    ("CREATE_ISSUES", 11, "Create Issues", "PROJECT", false),
    ("EDIT_ISSUES", 12, "Edit Issues", "PROJECT", false),
    ("ASSIGN_ISSUES", 13, "Assign Issues", "PROJECT", false),
    (
        "TRANSITION_ISSUES",
        46,
        "Transition Issues",
        "PROJECT",
        false,
    ),
    ("DELETE_ISSUES", 16, "Delete Issues", "PROJECT", true),
    ("ADD_COMMENTS", 15, "Add Comments", "PROJECT", false),
    (
        "EDIT_ALL_COMMENTS",
        34,
        "Edit All Comments",
        "PROJECT",
        true,
    ),
    (
        "DELETE_ALL_COMMENTS",
        36,
        "Delete All Comments",
        "PROJECT",
        true,
    ),
    ("WORK_ON_ISSUES", 20, "Work On Issues", "PROJECT", false),
    (
        "DELETE_ALL_WORKLOGS",
        42,
        "Delete All Worklogs",
        "PROJECT",
        true,
    ),
    (
        "CREATE_ATTACHMENTS",
        19,
        "Create Attachments",
        "PROJECT",
        false,
    ),
    (
        "DELETE_ALL_ATTACHMENTS",
        38,
        "Delete All Attachments",
        "PROJECT",
        true,
    ),
];

/// `GET mypermissions` with optional `projectKey`, `issueKey` and `permissions` (a list).
pub(super) fn my_permissions(call: &Call<'_>) -> Result<Response, RestError> {
    let is_admin = call.is_admin();
    {
        let state = call.app.lock();
        if let Some(key) = call.incoming.query_param("projectKey") {
            state.catalog.project(&key).ok_or_else(|| {
                RestError::not_found(format!("No project could be found with key '{key}'."))
            })?;
        }
        if let Some(key) = call.incoming.query_param("issueKey") {
            state.catalog.issue(&key).ok_or_else(issue_not_found)?;
        }
    }
    let wanted = call.query_list("permissions");
    if let Some(unknown) = wanted
        .iter()
        .find(|key| !PERMISSIONS.iter().any(|(known, ..)| known == key))
    {
        return Err(RestError::bad_request(format!(
            "Invalid permission key: {unknown}"
        )));
    }
    let permissions: serde_json::Map<String, Value> = PERMISSIONS
        .iter()
        .filter(|(key, ..)| wanted.is_empty() || wanted.iter().any(|want| want == key))
        .map(|(key, id, name, kind, admin_only)| {
            (
                (*key).to_owned(),
                json!({
                    "id": id.to_string(),
                    "key": key,
                    "name": name,
                    "type": kind,
                    "description": format!("Ability to {}.", name.to_lowercase()),
                    "havePermission": is_admin || !admin_only,
                }),
            )
        })
        .collect();
    Ok(ok(&json!({ "permissions": permissions })))
}

fn property_json(property: &ApplicationProperty) -> Value {
    json!({
        "id": property.key,
        "key": property.key,
        "value": property.value,
        "name": property.name,
        "desc": property.description,
        "type": property.kind,
        "defaultValue": property.default_value,
    })
}

/// `GET application-properties` (all) or `?key=` (one).
pub(super) fn application_properties(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    match call.incoming.query_param("key") {
        None => Ok(ok(&state
            .application_properties
            .iter()
            .map(property_json)
            .collect())),
        Some(key) => state
            .application_properties
            .iter()
            .find(|property| property.key == key)
            .map(|property| ok(&property_json(property)))
            .ok_or_else(|| {
                RestError::not_found(format!("Property with key '{key}' does not exist."))
            }),
    }
}

/// `PUT application-properties/{id}` with `{id, value}` → 200 with the property (admin).
pub(super) fn set_application_property(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let key = call.param("id");
    let value = match body.get("value") {
        Some(Value::String(text)) => text.clone(),
        Some(other @ (Value::Bool(_) | Value::Number(_))) => other.to_string(),
        _ => {
            return Err(RestError::field(
                "value",
                "The new value is required as a string.",
            ));
        }
    };
    let mut state = call.app.lock();
    let property = state
        .application_properties
        .iter_mut()
        .find(|property| property.key == key)
        .ok_or_else(|| {
            RestError::not_found(format!("Property with key '{key}' does not exist."))
        })?;
    if property.kind == "boolean" && value != "true" && value != "false" {
        return Err(RestError::field(
            "value",
            format!("'{value}' is not a boolean: use true or false."),
        ));
    }
    property.value = value;
    Ok(ok(&property_json(property)))
}

fn reindex_json(call: &Call<'_>, started: i64) -> Value {
    json!({
        "progressUrl": call.app.settings.link("/secure/admin/jira/IndexProgress.jspa?taskId=10000"),
        "currentProgress": 100,
        "currentSubTask": "Reindexing is complete",
        "type": "FOREGROUND",
        "submittedTime": jira_timestamp(started),
        "startTime": jira_timestamp(started),
        "finishTime": jira_timestamp(started),
        "success": true,
    })
}

/// `POST reindex` (admin) → 202; the simulated index is always current, so it finishes at once.
pub(super) fn reindex(call: &Call<'_>) -> Result<Response, RestError> {
    let now = unix_now();
    call.app.lock().last_reindex = Some(now);
    Ok(json_response(
        StatusCode::ACCEPTED,
        &reindex_json(call, now),
    ))
}

/// `GET reindex` → the last reindex's progress; 404 before the first.
pub(super) fn reindex_progress(call: &Call<'_>) -> Result<Response, RestError> {
    let started = call.app.lock().last_reindex;
    let started = started.ok_or_else(|| RestError::not_found("There is no reindex task."))?;
    Ok(ok(&reindex_json(call, started)))
}
