//! `jira.createmeta`, version-aware as python-jira's is: Data Center 9 removed
//! `GET issue/createmeta` (Cloud deprecated it) for the per-project
//! `issue/createmeta/{project}/issuetypes[/{issueTypeId}]` (there since 8.4). Where the old
//! resource is gone, its answer is put together from the new ones, so a script gets
//! `{projects: [{…, issuetypes: [{…, fields: {id: field}}]}]}` from every Jira.

use serde_json::{Map, Value, json};

use super::Invocation;
use super::call::value_text;
use crate::client::{Client, Deployment};
use crate::request::ApiRequest;
use crate::server::{Server, Version};
use crate::{Error, methods::Answer};

/// The first Data Center version without `GET issue/createmeta`.
const REMOVED_IN: Version = Version::new(9, 0);

/// The expansion that adds each issue type's fields.
const FIELDS: &str = "projects.issuetypes.fields";

/// The options `createmeta` takes, as `issue/createmeta` names its query parameters.
const FILTERS: [&str; 4] = [
    "projectKeys",
    "projectIds",
    "issuetypeIds",
    "issuetypeNames",
];

/// What creating issues takes, from whichever resources the server has.
pub(super) async fn createmeta(client: &Client, call: &Invocation) -> Result<Answer, Error> {
    // Unknown server (serverInfo unreadable): ask the old resource and let the server answer.
    let per_project = client.server().await.ok().is_some_and(has_per_project_only);
    let answer = if per_project {
        assembled(client, call).await?
    } else {
        client.send_json(&old_request(call)).await?
    };
    Ok(Answer::Json(answer))
}

/// Whether `server` no longer has (or no longer should be asked) `GET issue/createmeta`.
fn has_per_project_only(server: Server) -> bool {
    match server.deployment {
        Deployment::Cloud => true,
        Deployment::Server => server.version.is_some_and(|version| version >= REMOVED_IN),
    }
}

fn old_request(call: &Invocation) -> ApiRequest {
    let mut request = ApiRequest::new(reqwest::Method::GET, "issue/createmeta");
    for name in FILTERS.into_iter().chain(["expand"]) {
        if let Some(value) = call.option(name) {
            request = request.query(name, value_text(value));
        }
    }
    request
}

/// The old answer's shape from the per-project resources.
async fn assembled(client: &Client, call: &Invocation) -> Result<Value, Error> {
    let with_fields = call
        .option_text("expand")
        .is_some_and(|expand| expand.split(',').any(|part| part.trim() == FIELDS));
    let mut projects = Vec::new();
    for project in project_keys(client, call).await? {
        let about = client
            .call_json("project", vec![Value::String(project.clone())])
            .await?;
        let mut issue_types = Vec::new();
        let types = client
            .call_json(
                "createmeta_issuetypes",
                vec![Value::String(project.clone())],
            )
            .await?;
        for issue_type in types
            .as_array()
            .into_iter()
            .flatten()
            .filter(|kind| wanted(call, kind))
        {
            issue_types.push(issue_type_entry(client, &project, issue_type, with_fields).await?);
        }
        let mut entry = pick(&about, &["self", "id", "key", "name", "avatarUrls"]);
        entry.insert("issuetypes".to_owned(), Value::Array(issue_types));
        projects.push(Value::Object(entry));
    }
    Ok(json!({ "expand": "projects", "projects": projects }))
}

/// The projects asked for (keys and ids alike), or every project the caller can see.
async fn project_keys(client: &Client, call: &Invocation) -> Result<Vec<String>, Error> {
    let named: Vec<String> = ["projectKeys", "projectIds"]
        .into_iter()
        .filter_map(|name| call.option(name))
        .flat_map(|value| value.as_array().cloned().unwrap_or_default())
        .map(|value| value_text(&value))
        .collect();
    if !named.is_empty() {
        return Ok(named);
    }
    let all = client.call_json("projects", Vec::new()).await?;
    Ok(all
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|project| project.get("key").and_then(Value::as_str))
        .map(str::to_owned)
        .collect())
}

/// Whether the issue type passes the `issuetypeIds`/`issuetypeNames` filters.
fn wanted(call: &Invocation, issue_type: &Value) -> bool {
    let matches = |option: &str, key: &str| match call.option(option).and_then(Value::as_array) {
        None => true,
        Some(allowed) => issue_type
            .get(key)
            .and_then(Value::as_str)
            .is_some_and(|have| allowed.iter().any(|wanted| wanted.as_str() == Some(have))),
    };
    matches("issuetypeIds", "id") && matches("issuetypeNames", "name")
}

async fn issue_type_entry(
    client: &Client,
    project: &str,
    issue_type: &Value,
    with_fields: bool,
) -> Result<Value, Error> {
    let mut entry = pick(
        issue_type,
        &["self", "id", "description", "iconUrl", "name", "subtask"],
    );
    if with_fields {
        let id = issue_type.get("id").map(value_text).unwrap_or_default();
        let fields = client
            .call_json(
                "createmeta_fieldtypes",
                vec![Value::String(project.to_owned()), Value::String(id)],
            )
            .await?;
        // The old resource keys each field by its id; the new one lists them with `fieldId`.
        let by_id: Map<String, Value> = fields
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|field| Some((field.get("fieldId")?.as_str()?.to_owned(), field.clone())))
            .collect();
        entry.insert("fields".to_owned(), Value::Object(by_id));
    }
    Ok(Value::Object(entry))
}

/// The `keys` of `value` that it has.
fn pick(value: &Value, keys: &[&str]) -> Map<String, Value> {
    keys.iter()
        .filter_map(|key| Some(((*key).to_owned(), value.get(*key)?.clone())))
        .collect()
}
