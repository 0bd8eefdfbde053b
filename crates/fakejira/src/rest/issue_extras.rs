//! What hangs off an issue besides its fields: properties, watchers, votes and remote links.
//!
//! - `issue/{key}/properties` GET (`{keys: [{self, key}]}`), `…/properties/{key}` GET
//!   (`{key, value}`), PUT (201 created, 200 updated), DELETE (204);
//! - `issue/{key}/watchers` GET, POST with a JSON string (the user name; Cloud: accountId;
//!   an empty body means the caller) → 204, DELETE `?username=` (Cloud `accountId=`) → 204;
//! - `issue/{key}/votes` GET, POST (204; the reporter may not vote), DELETE (204);
//! - `issue/{key}/remotelink` GET, POST (201 `{id, self}`, or 200 when `globalId` matches an
//!   existing link, which it replaces), DELETE `?globalId=`; `…/remotelink/{id}` GET, PUT, DELETE.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::entity_json::user_json;
use super::{Call, RestError, no_content, ok};
use crate::config::DeploymentType;
use crate::data::{Issue, RemoteLink};
use crate::exchange::json_response;

/// Runs `change` on a copy of the issue named in the path and stores it back.
fn with_issue<T>(
    call: &Call<'_>,
    change: impl FnOnce(&mut Issue) -> Result<T, RestError>,
) -> Result<T, RestError> {
    let mut state = call.app.lock();
    let issue = call.path_issue_mut(&mut state)?;
    change(issue)
}

fn property_missing(key: &str) -> RestError {
    RestError::not_found(format!("The property with key '{key}' does not exist."))
}

pub(super) fn property_keys(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let issue = call.path_issue(&state)?;
    let keys: Vec<Value> = issue
        .properties
        .keys()
        .map(|key| {
            json!({
                "self": call.app.settings.link(&format!("/rest/api/2/issue/{}/properties/{}", issue.key, oauth1::percent_encode(key))),
                "key": key,
            })
        })
        .collect();
    Ok(ok(&json!({ "keys": keys })))
}

pub(super) fn property_get(call: &Call<'_>) -> Result<Response, RestError> {
    let key = call.param("propertyKey");
    let state = call.app.lock();
    let issue = call.path_issue(&state)?;
    let value = issue
        .properties
        .get(key)
        .ok_or_else(|| property_missing(key))?;
    Ok(ok(&json!({ "key": key, "value": value })))
}

pub(super) fn property_put(call: &Call<'_>) -> Result<Response, RestError> {
    let value = call.json_body()?;
    let key = call.param("propertyKey").to_owned();
    if key.len() > 255 {
        return Err(RestError::bad_request(
            "The property key cannot be longer than 255 characters.",
        ));
    }
    let existed = with_issue(call, |issue| {
        Ok(issue.properties.insert(key, value).is_some())
    })?;
    let status = if existed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok(super::empty(status))
}

pub(super) fn property_delete(call: &Call<'_>) -> Result<Response, RestError> {
    let key = call.param("propertyKey");
    with_issue(call, |issue| {
        issue
            .properties
            .remove(key)
            .map(|_| ())
            .ok_or_else(|| property_missing(key))
    })?;
    Ok(no_content())
}

/// `GET …/watchers` and `GET …/votes`: the issue's watchers or voters (`pick`) as users, under
/// Jira's `keys` for that resource: whether the caller is among them, how many, and the users.
fn people(
    call: &Call<'_>,
    resource: &str,
    keys: [&str; 3],
    pick: fn(&Issue) -> &[String],
) -> Result<Response, RestError> {
    let state = call.app.lock();
    let issue = call.path_issue(&state)?;
    let names = pick(&issue);
    let users: Vec<Value> = names
        .iter()
        .map(|name| user_json(&call.app.settings, name))
        .collect();
    let [caller_among, count, list] = keys;
    let mut value = json!({
        "self": call.app.settings.link(&format!("/rest/api/2/issue/{}/{resource}", issue.key)),
    });
    value[caller_among] = json!(names.iter().any(|name| Some(name) == call.user.as_ref()));
    value[count] = json!(users.len());
    value[list] = Value::Array(users);
    Ok(ok(&value))
}

pub(super) fn watchers(call: &Call<'_>) -> Result<Response, RestError> {
    people(
        call,
        "watchers",
        ["isWatching", "watchCount", "watchers"],
        |issue| &issue.watchers,
    )
}

fn known_user(call: &Call<'_>, name: &str) -> Result<(), RestError> {
    if call.app.lock().user(name).is_some() {
        Ok(())
    } else {
        Err(RestError::not_found(format!(
            "The user \"{name}\" does not exist."
        )))
    }
}

/// `POST …/watchers` with `"name"` (a JSON string) → 204.
pub(super) fn watch(call: &Call<'_>) -> Result<Response, RestError> {
    let name = if call.incoming.body.iter().all(u8::is_ascii_whitespace) {
        call.user_name().to_owned()
    } else {
        call.json_body()?
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| {
                RestError::bad_request(
                    "The body must be the user's name as a JSON string, e.g. \"bob\".",
                )
            })?
    };
    known_user(call, &name)?;
    with_issue(call, |issue| {
        if !issue.watchers.contains(&name) {
            issue.watchers.push(name);
        }
        Ok(())
    })?;
    Ok(no_content())
}

/// `DELETE …/watchers?username=` (Cloud: `accountId=`) → 204.
pub(super) fn unwatch(call: &Call<'_>) -> Result<Response, RestError> {
    let parameter = match call.app.settings.deployment_type {
        DeploymentType::Server => "username",
        DeploymentType::Cloud => "accountId",
    };
    let name = call.incoming.query_param(parameter).ok_or_else(|| {
        RestError::bad_request(format!("The '{parameter}' query parameter is required."))
    })?;
    known_user(call, &name)?;
    with_issue(call, |issue| {
        issue.watchers.retain(|watcher| *watcher != name);
        Ok(())
    })?;
    Ok(no_content())
}

pub(super) fn votes(call: &Call<'_>) -> Result<Response, RestError> {
    people(call, "votes", ["hasVoted", "votes", "voters"], |issue| {
        &issue.voters
    })
}

pub(super) fn vote(call: &Call<'_>) -> Result<Response, RestError> {
    let name = call.user_name().to_owned();
    with_issue(call, |issue| {
        if issue.reporter.as_deref() == Some(name.as_str()) {
            return Err(RestError::not_found(
                "You cannot vote for an issue you have reported.",
            ));
        }
        if !issue.voters.contains(&name) {
            issue.voters.push(name);
        }
        Ok(())
    })?;
    Ok(no_content())
}

pub(super) fn unvote(call: &Call<'_>) -> Result<Response, RestError> {
    let name = call.user_name().to_owned();
    with_issue(call, |issue| {
        if !issue.voters.contains(&name) {
            return Err(RestError::not_found(
                "Cannot remove a vote for an issue that the user has not already voted for.",
            ));
        }
        issue.voters.retain(|voter| *voter != name);
        Ok(())
    })?;
    Ok(no_content())
}

fn remote_link_json(call: &Call<'_>, issue: &Issue, link: &RemoteLink) -> Value {
    let mut value = link.body.clone();
    value["id"] = json!(link.id);
    value["self"] = json!(call.app.settings.link(&format!(
        "/rest/api/2/issue/{}/remotelink/{}",
        issue.key, link.id
    )));
    value
}

pub(super) fn remote_links(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let issue = call.path_issue(&state)?;
    let global_id = call.incoming.query_param("globalId");
    let links: Vec<Value> = issue
        .remote_links
        .iter()
        .filter(|link| global_id.is_none() || link.global_id == global_id)
        .map(|link| remote_link_json(call, &issue, link))
        .collect();
    Ok(ok(&Value::Array(links)))
}

fn remote_link_body(call: &Call<'_>) -> Result<Value, RestError> {
    let body = call.json_body()?;
    let has_object = body.get("object").is_some_and(|object| {
        object.get("url").and_then(Value::as_str).is_some()
            && object.get("title").and_then(Value::as_str).is_some()
    });
    if !has_object {
        let mut errors = serde_json::Map::new();
        errors.insert("title".to_owned(), json!("'title' is required."));
        errors.insert("url".to_owned(), json!("'url' is required."));
        return Err(RestError::fields(errors));
    }
    Ok(body)
}

/// `POST …/remotelink` → 201 `{id, self}`, or 200 when its `globalId` replaced a link.
pub(super) fn add_remote_link(call: &Call<'_>) -> Result<Response, RestError> {
    let body = remote_link_body(call)?;
    let global_id = body
        .get("globalId")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let mut state = call.app.lock();
    let fresh_id = state.catalog.next_id("remotelink");
    let issue = call.path_issue_mut(&mut state)?;
    let existing = issue
        .remote_links
        .iter_mut()
        .find(|link| global_id.is_some() && link.global_id == global_id);
    let (id, status) = match existing {
        Some(link) => {
            link.body = body;
            (link.id, StatusCode::OK)
        }
        None => {
            issue.remote_links.push(RemoteLink {
                id: fresh_id,
                global_id,
                body,
            });
            (fresh_id, StatusCode::CREATED)
        }
    };
    let link = call
        .app
        .settings
        .link(&format!("/rest/api/2/issue/{}/remotelink/{id}", issue.key));
    Ok(json_response(status, &json!({ "id": id, "self": link })))
}

fn remote_link_missing(id: &str) -> RestError {
    RestError::not_found(format!(
        "No remote link with id '{id}' exists on this issue."
    ))
}

pub(super) fn remote_link(call: &Call<'_>) -> Result<Response, RestError> {
    let id = call.param("linkId");
    let state = call.app.lock();
    let issue = call.path_issue(&state)?;
    let link = issue
        .remote_links
        .iter()
        .find(|link| link.id.to_string() == id)
        .ok_or_else(|| remote_link_missing(id))?;
    Ok(ok(&remote_link_json(call, &issue, link)))
}

/// `PUT …/remotelink/{id}` → 204.
pub(super) fn update_remote_link(call: &Call<'_>) -> Result<Response, RestError> {
    let body = remote_link_body(call)?;
    let id = call.param("linkId");
    with_issue(call, |issue| {
        let link = issue
            .remote_links
            .iter_mut()
            .find(|link| link.id.to_string() == id)
            .ok_or_else(|| remote_link_missing(id))?;
        link.global_id = body
            .get("globalId")
            .and_then(Value::as_str)
            .map(str::to_owned);
        link.body = body;
        Ok(())
    })?;
    Ok(no_content())
}

/// `DELETE …/remotelink/{id}` or `DELETE …/remotelink?globalId=` → 204.
pub(super) fn delete_remote_link(call: &Call<'_>) -> Result<Response, RestError> {
    let by_id = call.segments.get(3).cloned();
    let global_id = call.incoming.query_param("globalId");
    if by_id.is_none() && global_id.is_none() {
        return Err(RestError::bad_request(
            "Either a remote link id or the 'globalId' parameter is required.",
        ));
    }
    with_issue(call, |issue| {
        let before = issue.remote_links.len();
        issue.remote_links.retain(|link| match &by_id {
            Some(id) => link.id.to_string() != *id,
            None => link.global_id != global_id,
        });
        if issue.remote_links.len() == before {
            return Err(remote_link_missing(
                by_id
                    .as_deref()
                    .or(global_id.as_deref())
                    .unwrap_or_default(),
            ));
        }
        Ok(())
    })?;
    Ok(no_content())
}
