//! An issue's project and type as scripts write them (a key, a name in any case) resolved to
//! the ids Jira's create resource wants.

use serde_json::{Value, json};

use crate::Error;
use crate::client::Client;
use crate::error::Repr;

/// `fields` with `project` and `issuetype` made ids: `project` may be a key (`"ABC"`),
/// `{"key": …}` or `{"id": …}`; `issuetype` a name (`"Bug"`, any case), `{"name": …}` or
/// `{"id": …}`.
pub(super) async fn project_and_type_by_id(client: &Client, fields: Value) -> Result<Value, Error> {
    let Value::Object(mut fields) = fields else {
        return Err(Error::from(Repr::Invalid(
            "an issue's fields must be a map, e.g. #{project: \"ABC\", summary: \"…\", issuetype: \"Task\"}"
                .to_owned(),
        )));
    };
    let project_ref = match fields.get("project") {
        Some(Value::String(key)) => Some(key.clone()),
        Some(Value::Object(project)) if !project.contains_key("id") => project
            .get("key")
            .and_then(Value::as_str)
            .map(str::to_owned),
        Some(Value::Object(_)) => None,
        _ => {
            return Err(Error::from(Repr::Invalid(
                "an issue needs a `project` (its key, e.g. \"ABC\")".to_owned(),
            )));
        }
    };
    let wants_type_lookup = matches!(fields.get("issuetype"), Some(Value::String(_)))
        || fields
            .get("issuetype")
            .and_then(Value::as_object)
            .is_some_and(|kind| !kind.contains_key("id"));
    let project = match (&project_ref, wants_type_lookup) {
        (Some(key), _) => Some(project(client, key).await?),
        (None, true) => {
            let id = fields
                .get("project")
                .and_then(|project| project.get("id"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            Some(project(client, &id).await?)
        }
        (None, false) => None,
    };
    if let Some(project) = &project {
        if let Some(id) = project.get("id") {
            fields.insert("project".to_owned(), json!({ "id": id }));
        }
        if wants_type_lookup {
            let name = match fields.get("issuetype") {
                Some(Value::String(name)) => name.clone(),
                Some(kind) => kind
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                None => String::new(),
            };
            let id = issue_type_id(project, &name)?;
            fields.insert("issuetype".to_owned(), json!({ "id": id }));
        }
    }
    Ok(Value::Object(fields))
}

async fn project(client: &Client, key: &str) -> Result<Value, Error> {
    client
        .call_json("project", vec![Value::String(key.to_owned())])
        .await
}

fn issue_type_id(project: &Value, name: &str) -> Result<Value, Error> {
    let types = project
        .get("issueTypes")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    types
        .iter()
        .find(|kind| {
            kind.get("name")
                .and_then(Value::as_str)
                .is_some_and(|candidate| candidate.eq_ignore_ascii_case(name.trim()))
        })
        .and_then(|kind| kind.get("id").cloned())
        .ok_or_else(|| {
            let names: Vec<&str> = types
                .iter()
                .filter_map(|kind| kind.get("name").and_then(Value::as_str))
                .collect();
            let project_key = project
                .get("key")
                .and_then(Value::as_str)
                .unwrap_or("the project");
            Error::from(Repr::Invalid(format!(
                "{project_key} has no issue type `{name}`; available: {}",
                if names.is_empty() {
                    "none".to_owned()
                } else {
                    names.join(", ")
                }
            )))
        })
}
