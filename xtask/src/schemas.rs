//! `cargo xtask schemas`: extracts from Atlassian's Data Center 10.3 REST description the
//! response schemas (2xx, JSON) of the operations fakejira's routes serve on 10.3, with the
//! `components/schemas` they reference, into one committed file that fakejira's tests validate
//! its answers against. The descriptions are reference data outside the repository
//! (`../shared/jira-openapi` beside it, or `$JSHELL_JIRA_OPENAPI`); nothing reads them at build
//! or test time, only this task. `--check` fails when the committed file is stale.

use std::collections::{BTreeMap, BTreeSet};

use fakejira::{Api, DeploymentType, JiraVersion, RouteInfo};
use serde_json::{Map, Value, json};

/// The description read and the release it describes.
const DESCRIPTION: &str = "dc-10.3.24.json";
const DESCRIBED: JiraVersion = JiraVersion::new(10, 3, 24);
/// The committed extract, relative to the workspace root.
const OUTPUT: &str = "crates/fakejira/tests/schemas/dc-10.3.json";

pub fn run(check: bool) -> Result<(), String> {
    let root = crate::workspace_root()?;
    let dir = crate::descriptions::directory(&root, None);
    let source = dir.join(DESCRIPTION);
    let text = std::fs::read_to_string(&source).map_err(|error| {
        format!(
            "cannot read {}: {error}; set {} to the directory holding Atlassian's \
             REST descriptions (see its SOURCES.txt)",
            source.display(),
            crate::descriptions::VARIABLE
        )
    })?;
    let description: Value = serde_json::from_str(&text)
        .map_err(|error| format!("{} is not JSON: {error}", source.display()))?;
    let extract = extract(&description)?;
    let mut generated = serde_json::to_string_pretty(&extract)
        .map_err(|error| format!("cannot write the extract as JSON: {error}"))?;
    generated.push('\n');
    crate::docs::compare_or_write(&root.join(OUTPUT), generated.as_bytes(), check, "schemas")
}

/// The extract: each served operation's success schemas, keyed `METHOD api-prefix/template`
/// in fakejira's spelling, the routes the description lacks, and the referenced components.
fn extract(description: &Value) -> Result<Value, String> {
    let paths = description["paths"]
        .as_object()
        .ok_or("the description has no `paths`")?;
    let mut operations = BTreeMap::new();
    let mut undescribed = BTreeSet::new();
    let mut references = BTreeSet::new();
    for route in served_routes() {
        let key = key(&route);
        let Some(operation) = described_operation(paths, &route) else {
            undescribed.insert(key);
            continue;
        };
        let responses = success_schemas(operation);
        collect_references(&responses, &mut references);
        operations.insert(
            key,
            json!({
                "operationId": operation["operationId"],
                "responses": responses,
            }),
        );
    }
    let components = referenced_components(description, references)?;
    Ok(json!({
        "source": format!("{DESCRIPTION}: Atlassian's Jira Software Data Center {DESCRIBED} REST description, response schemas of the operations fakejira serves (cargo xtask schemas)"),
        "operations": operations,
        "undescribed": undescribed,
        "components": { "schemas": components },
    }))
}

/// The routes a simulator of the described release serves, in APIs the description covers.
fn served_routes() -> impl Iterator<Item = RouteInfo> {
    fakejira::routes().filter(|route| {
        prefix(route.api).is_some()
            && route
                .deployments
                .includes(DeploymentType::Server, DESCRIBED)
    })
}

/// Where the description mounts `api` (below `/rest`), `None` for APIs it does not describe.
pub fn prefix(api: Api) -> Option<&'static str> {
    match api {
        Api::Platform => Some("/api/2/"),
        Api::Agile => Some("/agile/1.0/"),
        Api::Auth => Some("/auth/1/"),
        _ => None,
    }
}

fn key(route: &RouteInfo) -> String {
    let prefix = prefix(route.api).unwrap_or_default();
    format!("{} {prefix}{}", route.method, route.path)
}

/// A template with its parameters' names dropped: `issue/{}/comment`.
fn shape(template: &str) -> String {
    template
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                "{}"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn described_operation<'d>(paths: &'d Map<String, Value>, route: &RouteInfo) -> Option<&'d Value> {
    let wanted = shape(&format!("{}{}", prefix(route.api)?, route.path));
    paths
        .iter()
        .find(|(path, _)| shape(path) == wanted)
        .and_then(|(_, operations)| operations.get(route.method.to_ascii_lowercase()))
}

/// `{status: schema}` for each 2xx answer with a JSON body.
fn success_schemas(operation: &Value) -> Map<String, Value> {
    let Some(responses) = operation["responses"].as_object() else {
        return Map::new();
    };
    responses
        .iter()
        .filter(|(status, _)| status.starts_with('2'))
        .filter_map(|(status, response)| {
            let schema = response["content"]["application/json"].get("schema")?;
            Some((status.clone(), schema.clone()))
        })
        .collect()
}

/// Every `#/components/schemas/NAME` that `value` refers to.
fn collect_references(value: &Map<String, Value>, names: &mut BTreeSet<String>) {
    fn walk(value: &Value, names: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                if let Some(name) = map
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|reference| reference.strip_prefix("#/components/schemas/"))
                {
                    names.insert(name.to_owned());
                }
                map.values().for_each(|inner| walk(inner, names));
            }
            Value::Array(items) => items.iter().for_each(|inner| walk(inner, names)),
            _ => {}
        }
    }
    value.values().for_each(|inner| walk(inner, names));
}

/// The components `names` refer to, and those they refer to in turn.
fn referenced_components(
    description: &Value,
    mut pending: BTreeSet<String>,
) -> Result<BTreeMap<String, Value>, String> {
    let all = description["components"]["schemas"]
        .as_object()
        .ok_or("the description has no `components/schemas`")?;
    let mut found = BTreeMap::new();
    while let Some(name) = pending.pop_first() {
        if found.contains_key(&name) {
            continue;
        }
        let schema = all
            .get(&name)
            .ok_or_else(|| format!("the description refers to a missing schema {name}"))?;
        let mut inner = BTreeSet::new();
        if let Some(object) = schema.as_object() {
            collect_references(object, &mut inner);
        }
        pending.extend(inner.into_iter().filter(|inner| !found.contains_key(inner)));
        found.insert(name, schema.clone());
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_names_do_not_decide_a_match() {
        assert_eq!(
            shape("/api/2/project/{projectKeyOrId}/role/{id}"),
            "/api/2/project/{}/role/{}"
        );
        let paths = json!({
            "/api/2/project/{projectIdOrKey}/role/{id}": {"get": {"operationId": "getRole"}},
        });
        let route = fakejira::routes()
            .find(|route| {
                route.method == "GET" && route.path == "project/{projectIdOrKey}/role/{id}"
            })
            .expect("a route");
        let found = described_operation(paths.as_object().expect("an object"), &route);
        assert_eq!(found.map(|op| &op["operationId"]), Some(&json!("getRole")));
    }

    #[test]
    fn references_are_followed_to_their_end_once() {
        let description = json!({"components": {"schemas": {
            "A": {"properties": {"b": {"$ref": "#/components/schemas/B"}}},
            "B": {"items": {"$ref": "#/components/schemas/A"}},
            "C": {},
        }}});
        let found =
            referenced_components(&description, BTreeSet::from(["A".to_owned()])).expect("found");
        assert_eq!(found.keys().collect::<Vec<_>>(), ["A", "B"]);
        let missing = referenced_components(&description, BTreeSet::from(["Z".to_owned()]));
        assert!(missing.is_err_and(|error| error.contains("Z")));
    }

    #[test]
    fn only_success_answers_with_json_are_kept() {
        let operation = json!({"responses": {
            "200": {"content": {"application/json": {"schema": {"type": "object"}}}},
            "201": {"description": "no body"},
            "404": {"content": {"application/json": {"schema": {"type": "string"}}}},
        }});
        let kept = success_schemas(&operation);
        assert_eq!(kept.keys().collect::<Vec<_>>(), ["200"]);
    }
}
