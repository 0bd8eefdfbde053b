//! Operations from Jira 8.4's WADL (Jersey's description of jira-rest-plugin): nested
//! `resource` elements build the path, a method's `request/param style="query"` are its query
//! parameters, and the JSON schema Jersey quotes in the request's documentation gives the body's
//! fields.

use std::collections::BTreeSet;

use roxmltree::{Document, Node};
use serde_json::Value;

use super::facts::{Body, Operation};

/// Every operation of the WADL, paths from `/rest/`.
pub fn operations(text: &str) -> Result<Vec<Operation>, String> {
    let document = Document::parse(text).map_err(|error| format!("not XML: {error}"))?;
    let resources = document
        .descendants()
        .find(|node| node.has_tag_name("resources"))
        .ok_or("no `resources` element: not a WADL")?;
    let mut found = Vec::new();
    for resource in children(resources, "resource") {
        walk(resource, "/rest", &mut found);
    }
    Ok(found)
}

fn walk(resource: Node<'_, '_>, parent: &str, found: &mut Vec<Operation>) {
    let segment = resource.attribute("path").unwrap_or("").trim_matches('/');
    let path = if segment.is_empty() {
        parent.to_owned()
    } else {
        format!("{parent}/{segment}")
    };
    for method in children(resource, "method") {
        let verb = method.attribute("name").unwrap_or("");
        if !matches!(verb, "GET" | "POST" | "PUT" | "DELETE") {
            continue;
        }
        let mut operation = Operation::new(verb, &path, method.attribute("id").unwrap_or(""));
        if let Some(request) = children(method, "request").next() {
            operation.query = query(request);
            operation.body = body(request);
        }
        found.push(operation);
    }
    for child in children(resource, "resource") {
        walk(child, &path, found);
    }
}

fn children<'a, 'input>(
    node: Node<'a, 'input>,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children()
        .filter(move |child| child.has_tag_name(name))
}

fn query(request: Node<'_, '_>) -> Vec<(String, bool)> {
    children(request, "param")
        .filter(|param| param.attribute("style") == Some("query"))
        .filter_map(|param| {
            let name = param.attribute("name")?;
            Some((name.to_owned(), param.attribute("required") == Some("true")))
        })
        .collect()
}

/// The request body: the properties of the JSON schema quoted under a "Schema" heading of a
/// JSON representation's documentation.
fn body(request: Node<'_, '_>) -> Body {
    let Some(representation) = children(request, "representation").find(|node| {
        node.attribute("mediaType")
            .is_some_and(|media| media.contains("json"))
    }) else {
        return Body::None;
    };
    let schema = representation
        .descendants()
        .filter(|node| node.has_tag_name("p"))
        .filter(|p| children(*p, "h6").any(|heading| heading.text() == Some("Schema")))
        .flat_map(|p| p.descendants().filter(|node| node.has_tag_name("code")))
        .filter_map(|code| code.text())
        .find_map(|text| serde_json::from_str::<Value>(text).ok());
    let open = |schema: &Value| schema.get("additionalProperties") == Some(&Value::Bool(true));
    match schema {
        Some(schema) if !open(&schema) => match schema.get("properties").and_then(Value::as_object)
        {
            Some(properties) => Body::Fields(properties.keys().cloned().collect::<BTreeSet<_>>()),
            None => Body::Unknown,
        },
        _ => Body::Unknown,
    }
}
