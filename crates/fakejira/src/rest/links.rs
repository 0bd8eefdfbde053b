//! Issue links: `GET issueLinkType`, `GET issueLinkType/{id}`, `POST issueLink` (201, no body;
//! `type` by name or id, `inwardIssue`/`outwardIssue` by key or id, optional `comment`),
//! `GET|DELETE issueLink/{id}`. Both issues show the link in `fields.issuelinks`.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::issue_fields::reference;
use super::issue_parts_json::{issue_ref_json, link_type_json};
use super::{Call, RestError, empty, find_by_id, issue_not_found, no_content, ok};
use crate::data::{ChangeItem, IssueLink, LINK_TYPES, unix_now};

pub(super) fn types(call: &Call<'_>) -> Result<Response, RestError> {
    let types: Vec<Value> = (0..LINK_TYPES.len())
        .map(|index| link_type_json(&call.app.settings, index))
        .collect();
    Ok(ok(&json!({ "issueLinkTypes": types })))
}

pub(super) fn link_type(call: &Call<'_>) -> Result<Response, RestError> {
    let id = call.param("issueLinkTypeId");
    let index = LINK_TYPES
        .iter()
        .position(|(type_id, ..)| *type_id == id)
        .ok_or_else(|| RestError::not_found(format!("No issue link type with id '{id}' found.")))?;
    Ok(ok(&link_type_json(&call.app.settings, index)))
}

fn link_type_index(body: &Value) -> Result<usize, RestError> {
    let wanted = body
        .get("type")
        .and_then(|value| reference(value, &["name", "id"]))
        .ok_or_else(|| {
            RestError::field(
                "issueLinkType",
                "The link type is required: {\"name\": \"Blocks\"}.",
            )
        })?;
    LINK_TYPES
        .iter()
        .position(|(id, name, ..)| *id == wanted || name.eq_ignore_ascii_case(&wanted))
        .ok_or_else(|| {
            RestError::not_found(format!("No issue link type with name '{wanted}' found."))
        })
}

/// `POST issueLink` → 201 with no body.
pub(super) fn create(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let type_index = link_type_index(&body)?;
    let mut state = call.app.lock();
    let side = |name: &str| {
        body.get(name)
            .and_then(|value| reference(value, &["key", "id"]))
            .and_then(|key| {
                state
                    .catalog
                    .issue(&key)
                    .map(|issue| (issue.id, issue.key.clone()))
            })
            .ok_or_else(issue_not_found)
    };
    let (inward, inward_key) = side("inwardIssue")?;
    let (outward, outward_key) = side("outwardIssue")?;
    let id = state.catalog.next_id("issuelink");
    state.catalog.links.push(IssueLink {
        id,
        type_index,
        inward,
        outward,
    });
    let now = unix_now();
    let (_, _, inward_text, outward_text) = LINK_TYPES[type_index];
    for (issue, text, other) in [
        (outward, outward_text, &inward_key),
        (inward, inward_text, &outward_key),
    ] {
        state.catalog.record(
            issue,
            call.user.as_deref(),
            now,
            ChangeItem {
                field: "Link".to_owned(),
                fieldtype: "jira",
                from: None,
                from_string: None,
                to: Some(other.clone()),
                to_string: Some(format!("This issue {text} {other}")),
            },
        );
    }
    if let Some(text) = body.pointer("/comment/body").and_then(Value::as_str) {
        state
            .catalog
            .add_comment(&outward_key, call.user.clone(), text.to_owned(), None, now);
    }
    Ok(empty(StatusCode::CREATED))
}

fn find(call: &Call<'_>) -> Result<IssueLink, RestError> {
    let id = call.param("linkId");
    find_by_id(&call.app.lock().catalog.links, id, |link| link.id)
        .ok_or_else(|| RestError::not_found(format!("No issue link with id '{id}' exists.")))
}

pub(super) fn get(call: &Call<'_>) -> Result<Response, RestError> {
    let link = find(call)?;
    let settings = &call.app.settings;
    let state = call.app.lock();
    let side = |id: u64| {
        state
            .catalog
            .issue_by_id(id)
            .map_or(Value::Null, |issue| issue_ref_json(settings, &issue))
    };
    Ok(ok(&json!({
        "id": link.id.to_string(),
        "self": settings.link(&format!("/rest/api/2/issueLink/{}", link.id)),
        "type": link_type_json(settings, link.type_index),
        "inwardIssue": side(link.inward),
        "outwardIssue": side(link.outward),
    })))
}

pub(super) fn delete(call: &Call<'_>) -> Result<Response, RestError> {
    let link = find(call)?;
    call.app
        .lock()
        .catalog
        .links
        .retain(|kept| kept.id != link.id);
    Ok(no_content())
}
