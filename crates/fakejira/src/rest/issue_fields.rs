//! Setting issue fields, shared by create and edit: `fields` values and `update` operations.
//!
//! Settable: `summary`, `description`, `labels`, `priority` (`{name}`/`{id}`), `assignee`
//! (`{name}`), `components`, `fixVersions` and `versions` (arrays of `{name}`/`{id}` of the
//! issue's project), `timetracking` (`{originalEstimate, remainingEstimate}`) and the custom
//! fields. `update` takes `set` for any of them, `add`/`remove` for labels, components and
//! versions, `edit` for timetracking and `add` for comment. Anything else is refused per field
//! with Jira's "cannot be set" message.

use serde_json::{Map, Value};

use crate::data::custom_fields::custom_field;
use crate::data::{Catalog, Issue, duration, of_project, priority_index};
use crate::state::State;

pub(crate) type FieldErrors = Map<String, Value>;

pub(crate) fn field_error(errors: &mut FieldErrors, field: &str, message: impl Into<String>) {
    errors.insert(field.to_owned(), Value::String(message.into()));
}

fn why(message: &str) -> Option<String> {
    Some(message.to_owned())
}

fn cannot_set(errors: &mut FieldErrors, field: &str) {
    field_error(
        errors,
        field,
        format!("Field '{field}' cannot be set. It is not on the appropriate screen, or unknown."),
    );
}

/// The `name` or `id` (or the plain string) a reference field such as `{ "name": "Bug" }` holds.
pub(crate) fn reference(value: &Value, keys: &[&str]) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
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
pub(crate) fn assignee(state: &State, value: &Value) -> Result<Option<String>, String> {
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

/// A component or version of `project_id` named by `{name}` or `{id}`.
fn project_item(
    catalog: &Catalog,
    field: &str,
    project_id: u64,
    value: &Value,
) -> Result<u64, String> {
    let by_id = value.get("id").is_some();
    let wanted = reference(value, &["id", "name"]).unwrap_or_default();
    let items = if field == "components" {
        of_project(&catalog.components, project_id)
    } else {
        of_project(&catalog.versions, project_id)
    };
    items
        .iter()
        .find(|(id, name)| {
            if by_id {
                id.to_string() == wanted
            } else {
                *name == wanted
            }
        })
        .map(|(id, _)| *id)
        .ok_or_else(|| match (field, by_id) {
            ("components", true) => format!("Component with id '{wanted}' does not exist."),
            ("components", false) => format!("Component name '{wanted}' is not valid"),
            (_, true) => format!("Version id '{wanted}' is not valid"),
            (_, false) => format!("Version name '{wanted}' is not valid"),
        })
}

fn project_items(
    catalog: &Catalog,
    field: &str,
    project_id: u64,
    value: &Value,
) -> Result<Vec<u64>, String> {
    let Some(items) = value.as_array() else {
        return Err(format!(
            "'{field}' must be an array of {{\"name\": …}} or {{\"id\": …}}."
        ));
    };
    items
        .iter()
        .map(|item| project_item(catalog, field, project_id, item))
        .collect()
}

fn id_list<'a>(issue: &'a mut Issue, field: &str) -> &'a mut Vec<u64> {
    match field {
        "components" => &mut issue.components,
        "versions" => &mut issue.versions,
        _ => &mut issue.fix_versions,
    }
}

/// Applies `{originalEstimate, remainingEstimate}`; a lone original estimate also sets the
/// remaining one while no work is logged, as Jira's legacy time tracking does.
fn set_timetracking(issue: &mut Issue, value: &Value) -> Result<(), String> {
    let read = |name: &str| -> Result<Option<i64>, String> {
        match value.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(given) => given
                .as_str()
                .and_then(duration::parse)
                .or_else(|| given.as_i64().map(|minutes| minutes * 60))
                .map(Some)
                .ok_or_else(|| format!("Invalid duration for '{name}': {given}")),
        }
    };
    let original = read("originalEstimate")?;
    let remaining = read("remainingEstimate")?;
    if let Some(original) = original {
        issue.original_estimate = Some(original);
        if remaining.is_none() && issue.worklogs.is_empty() {
            issue.remaining_estimate = Some(original);
        }
    }
    if let Some(remaining) = remaining {
        issue.remaining_estimate = Some(remaining);
    }
    Ok(())
}

/// Sets one field; the message says what is wrong.
fn set_field(
    state: &State,
    issue: &mut Issue,
    name: &str,
    value: &Value,
) -> Result<(), Option<String>> {
    let catalog = &state.catalog;
    match name {
        "summary" => match value.as_str().filter(|text| !text.trim().is_empty()) {
            Some(text) => issue.summary = text.to_owned(),
            None => return Err(Some("You must specify a summary of the issue.".to_owned())),
        },
        "description" => match value {
            Value::Null => issue.description = None,
            Value::String(text) => issue.description = Some(text.clone()),
            _ => return Err(Some("The description must be a string.".to_owned())),
        },
        "labels" => {
            issue.labels =
                labels(value).ok_or_else(|| why("The labels must be an array of strings."))?
        }
        "priority" => {
            issue.priority = reference(value, &["name", "id"])
                .as_deref()
                .and_then(priority_index)
                .ok_or_else(|| why("The priority selected is invalid."))?;
        }
        "assignee" => issue.assignee = assignee(state, value)?,
        "components" | "fixVersions" | "versions" => {
            *id_list(issue, name) = project_items(catalog, name, issue.project_id, value)?;
        }
        "timetracking" => set_timetracking(issue, value)?,
        // Fixed at creation, but sent back unchanged by clients that echo an issue.
        "project" | "issuetype" | "reporter" | "parent" => {}
        custom => {
            let field = custom_field(custom).ok_or(None)?;
            match field.parse(value, |key| catalog.issue(key).is_some())? {
                Some(stored) => issue.custom.insert(custom.to_owned(), stored),
                None => issue.custom.remove(custom),
            };
        }
    }
    Ok(())
}

/// Applies the `fields` of a create or edit body to `issue`, collecting what is wrong.
pub(crate) fn apply_fields(
    state: &State,
    issue: &mut Issue,
    fields: &Map<String, Value>,
    errors: &mut FieldErrors,
) {
    for (name, value) in fields {
        match set_field(state, issue, name, value) {
            Ok(()) => {}
            Err(Some(message)) => field_error(errors, name, message),
            Err(None) => cannot_set(errors, name),
        }
    }
}

/// Applies one `add`/`remove` to a list-valued field.
fn add_or_remove(
    state: &State,
    issue: &mut Issue,
    name: &str,
    verb: &str,
    argument: &Value,
) -> Result<(), Option<String>> {
    let adding = verb == "add";
    if name == "labels" {
        let label = argument
            .as_str()
            .ok_or_else(|| why("The label must be a string."))?
            .to_owned();
        issue.labels.retain(|kept| *kept != label);
        if adding {
            issue.labels.push(label);
        }
        return Ok(());
    }
    let id = project_item(&state.catalog, name, issue.project_id, argument)?;
    let list = id_list(issue, name);
    list.retain(|kept| *kept != id);
    if adding {
        list.push(id);
    }
    Ok(())
}

/// Applies the `update` operations of an edit body, returning the comments to add.
pub(crate) fn apply_updates(
    state: &State,
    issue: &mut Issue,
    update: &Map<String, Value>,
    errors: &mut FieldErrors,
) -> Vec<String> {
    let mut comments = Vec::new();
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
            let result = match (name.as_str(), verb.as_str()) {
                ("comment", "add") => match argument.get("body").and_then(Value::as_str) {
                    Some(text) if !text.trim().is_empty() => {
                        comments.push(text.to_owned());
                        Ok(())
                    }
                    _ => Err(Some("Comment body can not be empty!".to_owned())),
                },
                ("labels" | "components" | "fixVersions" | "versions", "add" | "remove") => {
                    add_or_remove(state, issue, name, verb, argument)
                }
                ("timetracking", "edit") | (_, "set") => set_field(state, issue, name, argument),
                _ if custom_field(name).is_some() || super::issue_json::is_system_field(name) => {
                    Err(Some(format!(
                        "Field '{name}' does not support the operation '{verb}'."
                    )))
                }
                _ => Err(None),
            };
            match result {
                Ok(()) => {}
                Err(Some(message)) => field_error(errors, name, message),
                Err(None) => cannot_set(errors, name),
            }
        }
    }
    comments
}
