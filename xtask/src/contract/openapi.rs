//! Operations from an OpenAPI 3 description: Data Center's (paths relative to its `/rest`
//! server) and Cloud's (absolute paths, REST API v3, whose operations v2 shares).

use std::collections::BTreeSet;

use serde_json::Value;

use super::facts::{Body, Operation};

const VERBS: [&str; 4] = ["get", "post", "put", "delete"];

/// Data Center: the server URL ends in `/rest`, so each path is prefixed with it.
pub fn data_center(text: &str) -> Result<Vec<Operation>, String> {
    operations(text, |path| format!("/rest{path}"))
}

/// Cloud: `/rest/api/3/…` is read as `/rest/api/2/…`, the version the method table calls.
pub fn cloud(text: &str) -> Result<Vec<Operation>, String> {
    operations(text, |path| match path.strip_prefix("/rest/api/3/") {
        Some(rest) => format!("/rest/api/2/{rest}"),
        None => path.to_owned(),
    })
}

fn operations(text: &str, full_path: impl Fn(&str) -> String) -> Result<Vec<Operation>, String> {
    let document: Value =
        serde_json::from_str(text).map_err(|error| format!("not JSON: {error}"))?;
    let paths = document
        .get("paths")
        .and_then(Value::as_object)
        .ok_or("no `paths` object: not an OpenAPI description")?;
    let mut found = Vec::new();
    for (path, item) in paths {
        let shared = item.get("parameters");
        for verb in VERBS {
            let Some(operation) = item.get(verb) else {
                continue;
            };
            let id = operation
                .get("operationId")
                .and_then(Value::as_str)
                .unwrap_or("");
            let mut read = Operation::new(verb, &full_path(path), id);
            read.query = query(&document, shared, operation.get("parameters"));
            read.body = body(&document, operation.get("requestBody"));
            read.deprecated = operation.get("deprecated").and_then(Value::as_bool) == Some(true);
            found.push(read);
        }
    }
    Ok(found)
}

fn query(document: &Value, shared: Option<&Value>, own: Option<&Value>) -> Vec<(String, bool)> {
    [shared, own]
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
        .map(|parameter| resolve(document, parameter))
        .filter(|parameter| parameter.get("in").and_then(Value::as_str) == Some("query"))
        .filter_map(|parameter| {
            let name = parameter.get("name").and_then(Value::as_str)?;
            let required = parameter.get("required").and_then(Value::as_bool) == Some(true);
            Some((name.to_owned(), required))
        })
        .collect()
}

fn body(document: &Value, request_body: Option<&Value>) -> Body {
    let Some(request_body) = request_body.map(|body| resolve(document, body)) else {
        return Body::None;
    };
    let content = request_body.get("content").and_then(Value::as_object);
    let schema = content
        .and_then(|content| {
            content
                .iter()
                .find(|(media, _)| media.contains("json"))
                .or_else(|| content.iter().next())
        })
        .and_then(|(_, media)| media.get("schema"));
    let mut fields = BTreeSet::new();
    match schema {
        Some(schema) if collect_fields(document, schema, &mut fields) => Body::Fields(fields),
        _ => Body::Unknown,
    }
}

/// Adds the top-level properties of `schema` (through `$ref` and `allOf`) to `fields`; false
/// when the schema does not list them (no properties, or any other property allowed).
fn collect_fields(document: &Value, schema: &Value, fields: &mut BTreeSet<String>) -> bool {
    let schema = resolve(document, schema);
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        return parts
            .iter()
            .all(|part| collect_fields(document, part, fields));
    }
    let open = matches!(
        schema.get("additionalProperties"),
        Some(Value::Object(_)) | Some(Value::Bool(true))
    );
    match schema.get("properties").and_then(Value::as_object) {
        Some(properties) if !open => {
            fields.extend(properties.keys().cloned());
            true
        }
        _ => false,
    }
}

/// The value a `$ref` points at (within the document), or the value itself.
fn resolve<'a>(document: &'a Value, value: &'a Value) -> &'a Value {
    let mut current = value;
    for _ in 0..16 {
        let Some(reference) = current.get("$ref").and_then(Value::as_str) else {
            return current;
        };
        let Some(pointer) = reference.strip_prefix('#') else {
            return current;
        };
        match document.pointer(pointer) {
            Some(target) => current = target,
            None => return current,
        }
    }
    current
}
