//! Screens as clients discover them: `GET issue/{key}/editmeta`, `GET issue/createmeta`
//! (`projectKeys`, `projectIds`, `issuetypeIds`, `issuetypeNames`,
//! `expand=projects.issuetypes.fields`) and Data Center's paged
//! `GET issue/createmeta/{projectIdOrKey}/issuetypes[/{issueTypeId}]`.

use axum::response::Response;
use serde_json::{Map, Value, json};

use super::entity_json::{issue_type_json, priority_json, project_json};
use super::issue_parts_json::{component_json, option_json, version_json};
use super::{Call, RestError, issue_not_found, ok, paged_values};
use crate::config::Settings;
use crate::data::custom_fields::{CUSTOM_FIELDS, SEVERITY_OPTIONS};
use crate::data::{Catalog, ISSUE_TYPES, IssueType, PRIORITIES, Project};

/// Which screen the metadata describes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Screen {
    Create,
    Edit,
}

/// A system field on the screens: id, name, schema type, items, operations.
type ScreenField = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static [&'static str],
);

const SCREEN_FIELDS: [ScreenField; 13] = [
    ("project", "Project", "project", None, &["set"]),
    ("issuetype", "Issue Type", "issuetype", None, &[]),
    ("summary", "Summary", "string", None, &["set"]),
    ("description", "Description", "string", None, &["set"]),
    ("priority", "Priority", "priority", None, &["set"]),
    (
        "labels",
        "Labels",
        "array",
        Some("string"),
        &["add", "set", "remove"],
    ),
    ("assignee", "Assignee", "user", None, &["set"]),
    ("reporter", "Reporter", "user", None, &["set"]),
    (
        "components",
        "Component/s",
        "array",
        Some("component"),
        &["add", "set", "remove"],
    ),
    (
        "fixVersions",
        "Fix Version/s",
        "array",
        Some("version"),
        &["set", "add", "remove"],
    ),
    (
        "versions",
        "Affects Version/s",
        "array",
        Some("version"),
        &["set", "add", "remove"],
    ),
    (
        "timetracking",
        "Time Tracking",
        "timetracking",
        None,
        &["set", "edit"],
    ),
    (
        "comment",
        "Comment",
        "comments-page",
        Some("comment"),
        &["add", "edit", "remove"],
    ),
];

fn allowed_values(
    settings: &Settings,
    catalog: &Catalog,
    project: &Project,
    field: &str,
) -> Option<Value> {
    let values: Vec<Value> = match field {
        "project" => vec![project_json(settings, project)],
        "issuetype" => ISSUE_TYPES
            .iter()
            .map(|kind| issue_type_json(settings, kind))
            .collect(),
        "priority" => (0..PRIORITIES.len())
            .map(|index| priority_json(settings, index))
            .collect(),
        "components" => catalog
            .components
            .iter()
            .filter(|component| component.project_id == project.id)
            .map(|component| component_json(settings, catalog, component))
            .collect(),
        "fixVersions" | "versions" => catalog
            .versions
            .iter()
            .filter(|version| version.project_id == project.id)
            .map(|version| version_json(settings, version))
            .collect(),
        "customfield_10300" => SEVERITY_OPTIONS
            .iter()
            .map(|(id, _)| option_json(settings, *id))
            .collect(),
        _ => return None,
    };
    Some(Value::Array(values))
}

/// The fields of `screen` for `project`, keyed by id.
fn screen_fields(
    settings: &Settings,
    catalog: &Catalog,
    project: &Project,
    screen: Screen,
) -> Map<String, Value> {
    let mut fields = Map::new();
    for (id, name, kind, items, operations) in SCREEN_FIELDS {
        if (screen == Screen::Create && id == "comment")
            || (screen == Screen::Edit && id == "project")
        {
            continue;
        }
        let mut schema = json!({ "type": kind, "system": id });
        if let Some(items) = items {
            schema["items"] = json!(items);
        }
        let required = matches!(id, "project" | "issuetype" | "summary");
        fields.insert(id.to_owned(), json!({ "required": required, "schema": schema, "name": name, "key": id, "operations": operations }));
    }
    for field in &CUSTOM_FIELDS {
        let operations = ["set"];
        fields.insert(
            field.id.to_owned(),
            json!({ "required": false, "schema": field.schema(), "name": field.name, "key": field.id, "operations": operations }),
        );
    }
    for (id, meta) in fields.iter_mut() {
        meta["fieldId"] = json!(id);
        meta["hasDefaultValue"] = json!(id == "priority");
        if let Some(values) = allowed_values(settings, catalog, project, id) {
            meta["allowedValues"] = values;
        }
    }
    fields
}

/// `GET issue/{key}/editmeta` → `{fields: {id: {required, schema, name, operations, allowedValues?}}}`.
pub(super) fn edit_meta(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let issue = call.path_issue(&state)?;
    let project = state
        .catalog
        .project_by_id(issue.project_id)
        .ok_or_else(issue_not_found)?;
    let fields = screen_fields(&call.app.settings, &state.catalog, project, Screen::Edit);
    Ok(ok(&json!({ "fields": fields })))
}

fn issue_type_entry(settings: &Settings, kind: &IssueType) -> Value {
    let mut value = issue_type_json(settings, kind);
    value["expand"] = json!("fields");
    value
}

/// `GET issue/createmeta`: the projects and issue types asked for, with fields on request.
pub(super) fn create_meta(call: &Call<'_>) -> Result<Response, RestError> {
    let settings = &call.app.settings;
    let (keys, ids) = (
        call.query_list("projectKeys"),
        call.query_list("projectIds"),
    );
    let (type_ids, type_names) = (
        call.query_list("issuetypeIds"),
        call.query_list("issuetypeNames"),
    );
    let with_fields = call
        .query_list("expand")
        .iter()
        .any(|item| item == "projects.issuetypes.fields");
    let state = call.app.lock();
    let projects: Vec<Value> = state
        .catalog
        .projects
        .iter()
        .filter(|project| {
            (keys.is_empty() && ids.is_empty())
                || keys
                    .iter()
                    .any(|key| key.eq_ignore_ascii_case(&project.key))
                || ids.iter().any(|id| *id == project.id.to_string())
        })
        .map(|project| {
            let types: Vec<Value> = ISSUE_TYPES
                .iter()
                .filter(|kind| {
                    (type_ids.is_empty() && type_names.is_empty())
                        || type_ids.iter().any(|id| id == kind.id)
                        || type_names
                            .iter()
                            .any(|name| name.eq_ignore_ascii_case(kind.name))
                })
                .map(|kind| {
                    let mut entry = issue_type_entry(settings, kind);
                    if with_fields {
                        entry["fields"] =
                            screen_fields(settings, &state.catalog, project, Screen::Create).into();
                    }
                    entry
                })
                .collect();
            let mut value = project_json(settings, project);
            value["expand"] = json!("issuetypes");
            value["issuetypes"] = json!(types);
            value
        })
        .collect();
    Ok(ok(&json!({ "expand": "projects", "projects": projects })))
}

fn project_or_404<'a>(catalog: &'a Catalog, key: &str) -> Result<&'a Project, RestError> {
    catalog
        .project(key)
        .ok_or_else(|| RestError::not_found(format!("No project could be found with key '{key}'.")))
}

/// `GET issue/createmeta/{projectIdOrKey}/issuetypes` (paged issue types).
pub(super) fn create_meta_types(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    project_or_404(&state.catalog, call.param("projectIdOrKey"))?;
    let types = ISSUE_TYPES
        .iter()
        .map(|kind| issue_type_json(&call.app.settings, kind))
        .collect();
    Ok(ok(&paged_values(call, types, 50)?))
}

/// `GET issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}` (paged fields).
pub(super) fn create_meta_fields(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let project = project_or_404(&state.catalog, call.param("projectIdOrKey"))?;
    let type_id = call.param("issueTypeId");
    if !ISSUE_TYPES.iter().any(|kind| kind.id == type_id) {
        return Err(RestError::not_found(format!(
            "The issue type with id '{type_id}' does not exist."
        )));
    }
    let fields = screen_fields(&call.app.settings, &state.catalog, project, Screen::Create)
        .into_iter()
        .map(|(_, meta)| meta)
        .collect();
    Ok(ok(&paged_values(call, fields, 50)?))
}
