//! Fields by name: `#{"Story Points": 3}` becomes `#{customfield_10002: 3}`. Jira's field list
//! is asked for once per client, and only when a key is not already a field id.

use serde_json::{Map, Value};

use super::call::Invocation;
use crate::Error;
use crate::client::Client;

/// System field ids that need no look-up.
const SYSTEM_IDS: [&str; 26] = [
    "summary",
    "description",
    "project",
    "issuetype",
    "priority",
    "labels",
    "assignee",
    "reporter",
    "components",
    "fixVersions",
    "versions",
    "duedate",
    "environment",
    "parent",
    "timetracking",
    "security",
    "resolution",
    "comment",
    "worklog",
    "issuelinks",
    "attachment",
    "status",
    "created",
    "updated",
    "watches",
    "votes",
];

/// `fields` with every key that names a field by its name replaced by the field's id.
pub(crate) async fn by_id(
    client: &Client,
    call: &Invocation,
    fields: Value,
) -> Result<Value, Error> {
    let Value::Object(map) = fields else {
        return Err(call.invalid(
            "the fields must be a map, e.g. #{project: \"ABC\", summary: \"…\", issuetype: \"Task\"}",
        ));
    };
    if map.keys().all(|key| is_field_id(key)) {
        return Ok(Value::Object(map));
    }
    let known = client.field_list().await?;
    let mut resolved = Map::with_capacity(map.len());
    for (key, value) in map {
        let id = resolve(call, known, &key)?;
        resolved.insert(id, value);
    }
    Ok(Value::Object(resolved))
}

fn is_field_id(key: &str) -> bool {
    SYSTEM_IDS.contains(&key)
        || key
            .strip_prefix("customfield_")
            .is_some_and(|number| !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()))
}

/// The id of the field `key` names: an id as it is, else the one field of that name.
fn resolve(call: &Invocation, known: &[Value], key: &str) -> Result<String, Error> {
    let id_of = |field: &Value| field.get("id").and_then(Value::as_str).map(str::to_owned);
    fn name_of(field: &Value) -> &str {
        field.get("name").and_then(Value::as_str).unwrap_or("")
    }
    if known
        .iter()
        .any(|field| id_of(field).as_deref() == Some(key))
    {
        return Ok(key.to_owned());
    }
    let matches: Vec<&Value> = known
        .iter()
        .filter(|field| name_of(field).eq_ignore_ascii_case(key.trim()))
        .collect();
    match matches.as_slice() {
        [only] => id_of(only).ok_or_else(|| call.invalid(format!("field `{key}` has no id"))),
        [] => {
            let word = key.to_ascii_lowercase();
            let close: Vec<String> = known
                .iter()
                .filter(|field| {
                    let name = name_of(field).to_ascii_lowercase();
                    word.split_whitespace().any(|part| name.contains(part))
                })
                .map(describe)
                .collect();
            Err(call.invalid(format!(
                "no field is named or has the id `{key}`{}; jira.fields() lists them all",
                if close.is_empty() {
                    String::new()
                } else {
                    format!(" (similar: {})", close.join(", "))
                }
            )))
        }
        several => {
            let candidates: Vec<String> = several.iter().map(|field| describe(field)).collect();
            Err(call.invalid(format!(
                "the field name `{key}` is ambiguous: {}; use the id instead",
                candidates.join(", ")
            )))
        }
    }
}

fn describe(field: &Value) -> String {
    format!(
        "{} ({})",
        field.get("name").and_then(Value::as_str).unwrap_or("?"),
        field.get("id").and_then(Value::as_str).unwrap_or("?")
    )
}

impl Client {
    /// Jira's fields, asked for once and remembered by this client and its clones.
    pub(crate) async fn field_list(&self) -> Result<&[Value], Error> {
        self.field_cache()
            .get_or_try_init(|| async {
                let fields = self.get("field", &[]).await?;
                Ok(match fields {
                    Value::Array(fields) => fields,
                    _ => Vec::new(),
                })
            })
            .await
            .map(Vec::as_slice)
    }
}
