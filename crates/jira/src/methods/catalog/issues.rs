//! Issues: read, create, edit, delete, assign, transition; their metadata, changelog and
//! properties.

use super::super::spec::{
    Availability, Kind, MethodSpec, Opt, Paging, Param, Target, delete, get, put,
};
use serde_json::{Map, Value, json};

use super::super::call::{segment, value_text};
use super::super::{Answer, Invocation, create_fields, fields};
use super::{EXPAND, ISSUE, Outcome, custom, handled, json, method, rest};
use crate::Error;
use crate::client::{Client, Deployment};
use crate::error::Repr;
use crate::pages;
use crate::request::ApiRequest;

const FIELDS: Opt = Opt::query("fields", Kind::List, "fields");
const PROPERTY: Param = Param::path("key");

pub(super) const METHODS: &[MethodSpec] = &[
    method!(
        "issue",
        Issues,
        "One issue by key or id; `fields` limits what is returned, `expand` adds `changelog`, `renderedFields` and more.",
        [ISSUE],
        [
            FIELDS,
            EXPAND,
            Opt::query("properties", Kind::List, "properties")
        ],
        rest(get("issue/{issue}"))
    ),
    method!(
        "create_issue",
        Issues,
        "Creates an issue and returns it. `project` may be a key, `issuetype` a name (any case), and custom fields may be named (`\"Story Points\": 3`): all are resolved to ids.",
        [Param::new("fields", Kind::Map, Target::Handler)],
        [],
        custom!(create_issue)
    ),
    method!(
        "create_issues",
        Issues,
        "Creates several issues in one request (`issue/bulk`), each resolved as `create_issue` does; returns Jira's `{issues, errors}`.",
        [Param::new("field_list", Kind::Any, Target::Handler)],
        [],
        custom!(create_issues)
    ),
    method!(
        "update_issue",
        Issues,
        "Sets fields of an issue (by id or name) and applies `update` operations (`#{labels: [#{add: \"x\"}]}`); `notify: false` skips e-mails (administrators).",
        [
            ISSUE,
            Param::new("fields", Kind::Map, Target::Handler).optional()
        ],
        [
            Opt::handler("update", Kind::Map),
            Opt::handler("notify", Kind::Bool)
        ],
        custom!(update_issue)
    ),
    method!(
        "delete_issue",
        Issues,
        "Deletes an issue; `delete_subtasks: true` deletes its sub-tasks too (Jira refuses otherwise).",
        [ISSUE],
        [Opt::query("delete_subtasks", Kind::Bool, "deleteSubtasks")],
        rest(delete("issue/{issue}"))
    ),
    method!(
        "assign_issue",
        Issues,
        "Assigns an issue (a user name on Server, an account id on Cloud); `()` unassigns it.",
        [
            handled("issue", Kind::Text),
            Param::new("assignee", Kind::User, Target::Handler)
        ],
        [],
        custom!(assign_issue)
    ),
    method!(
        "transitions",
        Issues,
        "The transitions the user may take from the issue's current status (`id`, `name`, `to`); `expand: \"transitions.fields\"` adds their screens' fields.",
        [ISSUE],
        [Opt::query("id", Kind::Text, "transitionId"), EXPAND],
        rest(get("issue/{issue}/transitions").field("transitions")),
        availability: Availability::EVERYWHERE.waivers(&[super::EXPAND_UNLISTED])
    ),
    method!(
        "transition_issue",
        Issues,
        "Moves an issue through a transition named by id or name (any case; the target status's name works too), setting `fields` and adding a `comment` on the way.",
        [
            handled("issue", Kind::Text),
            handled("transition", Kind::Text)
        ],
        [
            Opt::handler("fields", Kind::Map),
            Opt::handler("comment", Kind::Text)
        ],
        custom!(transition_issue)
    ),
    method!(
        "find_transitionid_by_name",
        Issues,
        "The id of the issue's transition with this name (any case), or `()`.",
        [
            handled("issue", Kind::Text),
            handled("transition_name", Kind::Text)
        ],
        [],
        custom!(find_transition_id)
    ),
    method!(
        "createmeta",
        Issues,
        "What creating issues takes, as `issue/createmeta` answers it and python-jira returns it: projects, their issue types and, with `expand: \"projects.issuetypes.fields\"`, the fields by id. Data Center 9 removed that resource (Cloud deprecated it): there the same answer is put together from `createmeta_issuetypes` and `createmeta_fieldtypes`, for the projects named or every project.",
        [],
        [
            Opt::handler("projectKeys", Kind::List),
            Opt::handler("projectIds", Kind::List),
            Opt::handler("issuetypeIds", Kind::List),
            Opt::handler("issuetypeNames", Kind::List),
            Opt::handler("expand", Kind::List)
        ],
        custom!(super::super::createmeta::createmeta)
    ),
    method!(
        "createmeta_issuetypes",
        Issues,
        "The issue types a project can create (Data Center 8.4+), every page.",
        [Param::path("project")],
        [],
        rest(get("issue/createmeta/{project}/issuetypes").paged(Paging::Values)),
        aliases: &["issue_types_for_project"],
    ),
    method!(
        "createmeta_fieldtypes",
        Issues,
        "The fields creating an issue of this type in this project takes (Data Center 8.4+), every page.",
        [Param::path("project"), Param::path("issue_type")],
        [],
        rest(get("issue/createmeta/{project}/issuetypes/{issue_type}").paged(Paging::Values)),
        aliases: &["project_issue_fields"],
    ),
    method!(
        "editmeta",
        Issues,
        "The fields of an issue that can be edited, and how.",
        [ISSUE],
        [],
        rest(get("issue/{issue}/editmeta"))
    ),
    method!(
        "changelog",
        Issues,
        "Every entry of an issue's change history (author, created, items), oldest first.",
        [handled("issue", Kind::Text)],
        [Opt::handler("max_results", Kind::Int)],
        custom!(changelog)
    ),
    method!(
        "issue_properties",
        Issues,
        "The keys of an issue's properties.",
        [ISSUE],
        [],
        rest(get("issue/{issue}/properties").field("keys"))
    ),
    method!(
        "issue_property",
        Issues,
        "One property of an issue (`key`, `value`).",
        [ISSUE, PROPERTY],
        [],
        rest(get("issue/{issue}/properties/{key}"))
    ),
    method!(
        "add_issue_property",
        Issues,
        "Sets an issue property to any JSON value.",
        [
            ISSUE,
            PROPERTY,
            Param::new("data", Kind::Any, Target::WholeBody)
        ],
        [],
        rest(put("issue/{issue}/properties/{key}").unit())
    ),
    method!(
        "delete_issue_property",
        Issues,
        "Removes an issue property.",
        [ISSUE, PROPERTY],
        [],
        rest(delete("issue/{issue}/properties/{key}"))
    ),
];

async fn create_issue(client: &Client, call: &Invocation) -> Outcome {
    let fields = creatable(client, call, call.arg("fields").clone()).await?;
    let created = client.post("issue", &json!({ "fields": fields })).await?;
    let key = created.get("key").and_then(Value::as_str).ok_or_else(|| {
        Error::from(Repr::Invalid(format!(
            "Jira created an issue but sent no key: {created}"
        )))
    })?;
    json(
        client
            .call_json("issue", vec![Value::String(key.to_owned())])
            .await?,
    )
}

async fn create_issues(client: &Client, call: &Invocation) -> Outcome {
    let Value::Array(list) = call.arg("field_list").clone() else {
        return Err(call.invalid("`field_list` must be an array of field maps"));
    };
    let mut updates = Vec::with_capacity(list.len());
    for fields in list {
        updates.push(json!({ "fields": creatable(client, call, fields).await? }));
    }
    json(
        client
            .post("issue/bulk", &json!({ "issueUpdates": updates }))
            .await?,
    )
}

/// An issue's fields as a script writes them (fields, project and type by name) with ids.
async fn creatable(client: &Client, call: &Invocation, fields: Value) -> Result<Value, Error> {
    let fields = fields::by_id(client, call, fields).await?;
    create_fields::project_and_type_by_id(client, fields).await
}

async fn update_issue(client: &Client, call: &Invocation) -> Outcome {
    let mut body = Map::new();
    let fields = call.arg("fields");
    if !fields.is_null() {
        body.insert(
            "fields".to_owned(),
            fields::by_id(client, call, fields.clone()).await?,
        );
    }
    if let Some(update) = call.option("update") {
        body.insert(
            "update".to_owned(),
            fields::by_id(client, call, update.clone()).await?,
        );
    }
    if body.is_empty() {
        return Err(call.invalid("give the fields to set, or #{update: …} operations"));
    }
    let mut request = ApiRequest::new(
        reqwest::Method::PUT,
        format!("issue/{}", segment(&call.text("issue"))),
    )
    .json(Value::Object(body));
    if let Some(notify) = call.option("notify").and_then(Value::as_bool) {
        request = request.query("notifyUsers", notify.to_string());
    }
    client.send_json(&request).await?;
    Ok(Answer::Unit)
}

/// Moves an issue through a transition named by id or by name (any case; the target
/// status's name works too), optionally setting `fields` and adding a `comment`.
async fn transition_issue(client: &Client, call: &Invocation) -> Outcome {
    let key = call.text("issue");
    let available = transitions(client, &key).await?;
    let id = choose_transition(&key, &available, &call.text("transition"))?;
    let mut body = json!({ "transition": { "id": id } });
    if let Some(fields) = call.option("fields") {
        body["fields"] = fields::by_id(client, call, fields.clone()).await?;
    }
    if let Some(comment) = call.option_text("comment") {
        body["update"] = json!({ "comment": [{ "add": { "body": comment } }] });
    }
    client
        .post(&format!("issue/{}/transitions", segment(&key)), &body)
        .await?;
    Ok(Answer::Unit)
}

async fn find_transition_id(client: &Client, call: &Invocation) -> Outcome {
    let wanted = call.text("transition_name");
    let found = transitions(client, &call.text("issue"))
        .await?
        .into_iter()
        .find(|transition| {
            transition
                .get("name")
                .and_then(Value::as_str)
                .is_some_and(|name| name.eq_ignore_ascii_case(wanted.trim()))
        })
        .and_then(|transition| transition.get("id").cloned());
    json(found.unwrap_or(Value::Null))
}

/// The transitions the caller may take from the issue's current status.
async fn transitions(client: &Client, key: &str) -> Result<Vec<Value>, Error> {
    let answer = client
        .call_json("transitions", vec![Value::String(key.to_owned())])
        .await?;
    Ok(answer.as_array().cloned().unwrap_or_default())
}

/// The id of the transition `wanted` names: by id, by name, or by the name of the status it
/// leads to (any case); an error lists what is available.
fn choose_transition(key: &str, available: &[Value], wanted: &str) -> Result<String, Error> {
    let trimmed = wanted.trim();
    let id_of = |candidate: &Value| {
        candidate
            .get("id")
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let named = |candidate: &Value, pointer: &str| {
        candidate
            .pointer(pointer)
            .and_then(Value::as_str)
            .is_some_and(|name| name.eq_ignore_ascii_case(trimmed))
    };
    let chosen = available
        .iter()
        .find(|candidate| id_of(candidate).as_deref() == Some(trimmed))
        .or_else(|| available.iter().find(|candidate| named(candidate, "/name")))
        .or_else(|| {
            available
                .iter()
                .find(|candidate| named(candidate, "/to/name"))
        })
        .and_then(id_of);
    chosen.ok_or_else(|| {
        let names: Vec<String> = available
            .iter()
            .filter_map(|candidate| {
                let id = candidate.get("id").and_then(Value::as_str)?;
                let name = candidate.get("name").and_then(Value::as_str)?;
                Some(format!("{name} (id {id})"))
            })
            .collect();
        Error::from(Repr::Invalid(format!(
            "{key} has no transition `{wanted}`; available: {}",
            if names.is_empty() {
                "none".to_owned()
            } else {
                names.join(", ")
            }
        )))
    })
}

/// Assigns an issue to a user (a user name on Server, an account id on Cloud), or unassigns
/// it with `()`.
async fn assign_issue(client: &Client, call: &Invocation) -> Outcome {
    let user = call.arg("assignee");
    let user = (!user.is_null()).then(|| value_text(user));
    let body = match client.deployment().await? {
        Deployment::Server => json!({ "name": user }),
        Deployment::Cloud => json!({ "accountId": user }),
    };
    client
        .put(
            &format!("issue/{}/assignee", segment(&call.text("issue"))),
            &body,
        )
        .await?;
    Ok(Answer::Unit)
}

async fn changelog(client: &Client, call: &Invocation) -> Outcome {
    let key = segment(&call.text("issue"));
    if client.deployment().await? == Deployment::Cloud {
        let request = ApiRequest::new(reqwest::Method::GET, format!("issue/{key}/changelog"));
        let entries = pages::collect(client, &request, Paging::Values, call.limit()).await?;
        return json(Value::Array(entries));
    }
    let issue = client
        .send_json(
            &ApiRequest::new(reqwest::Method::GET, format!("issue/{key}"))
                .query("fields", "none")
                .query("expand", "changelog"),
        )
        .await?;
    json(
        issue
            .pointer("/changelog/histories")
            .cloned()
            .unwrap_or_else(|| Value::Array(Vec::new())),
    )
}
