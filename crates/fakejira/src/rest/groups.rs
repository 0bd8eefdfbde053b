//! Groups: `GET groups/picker?query=`, `GET group/member?groupname=` (paged `values`),
//! `POST group` and `DELETE group?groupname=` (admin), `POST group/user?groupname=` and
//! `DELETE group/user?groupname=&username=` (admin). Seeded: `jira-administrators` (the first
//! user) and `jira-software-users` (everyone).

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::paged_values;
use super::users::user_detail_json;
use super::{Call, RestError, empty, ok, text_field};
use crate::exchange::json_response;
use crate::state::State;

fn group_json(call: &Call<'_>, name: &str, members: usize) -> Value {
    json!({
        "name": name,
        "self": call.app.settings.link(&format!("/rest/api/2/group?groupname={}", oauth1::percent_encode(name))),
        "users": { "size": members, "items": [], "max-results": 50, "start-index": 0, "end-index": 0 },
        "expand": "users",
    })
}

fn group_name(call: &Call<'_>, state: &State) -> Result<String, RestError> {
    let name = call
        .incoming
        .query_param("groupname")
        .ok_or_else(|| RestError::bad_request("The 'groupname' query parameter is required."))?;
    if state.groups.contains_key(&name) {
        Ok(name)
    } else {
        Err(RestError::not_found(format!(
            "The group '{name}' does not exist."
        )))
    }
}

/// `GET group?groupname=` (deprecated in Jira 9 but still served): the group, and with
/// `expand=users` its first 50 members in Jira's `users.items` shape.
pub(super) fn get(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let name = group_name(call, &state)?;
    let members: Vec<Value> = state.groups[&name]
        .iter()
        .filter_map(|member| state.user(member))
        .map(|user| user_detail_json(call, user))
        .collect();
    let mut group = group_json(call, &name, members.len());
    if call
        .incoming
        .query_list("expand")
        .iter()
        .any(|item| item == "users")
    {
        let shown: Vec<Value> = members.into_iter().take(50).collect();
        group["users"]["end-index"] = json!(shown.len().saturating_sub(1));
        group["users"]["items"] = Value::Array(shown);
    }
    Ok(ok(&group))
}

pub(super) fn picker(call: &Call<'_>) -> Result<Response, RestError> {
    let query = call
        .incoming
        .query_param("query")
        .unwrap_or_default()
        .to_lowercase();
    let max_results = call.number_param("maxResults", 20)?;
    let state = call.app.lock();
    let matching: Vec<&String> = state
        .groups
        .keys()
        .filter(|name| name.to_lowercase().contains(&query))
        .collect();
    let groups: Vec<Value> = matching
        .iter()
        .take(max_results)
        .map(|name| json!({ "name": name, "html": name, "labels": [] }))
        .collect();
    Ok(ok(&json!({
        "header": format!("Showing {} of {} matching groups", groups.len(), matching.len()),
        "total": matching.len(),
        "groups": groups,
    })))
}

pub(super) fn members(call: &Call<'_>) -> Result<Response, RestError> {
    let include_inactive = call.incoming.query_flag("includeInactiveUsers");
    let state = call.app.lock();
    let name = group_name(call, &state)?;
    let users: Vec<Value> = state.groups[&name]
        .iter()
        .filter_map(|member| state.user(member))
        .filter(|user| user.active || include_inactive)
        .map(|user| user_detail_json(call, user))
        .collect();
    let mut page = paged_values(call, users, 50)?;
    page["self"] = json!(call.app.settings.link(&format!(
        "/rest/api/2/group/member?groupname={}",
        oauth1::percent_encode(&name)
    )));
    Ok(ok(&page))
}

pub(super) fn create(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let name = text_field(&body, "name")
        .ok_or_else(|| RestError::bad_request("You must specify a group name."))?
        .to_owned();
    let mut state = call.app.lock();
    if state.groups.contains_key(&name) {
        return Err(RestError::bad_request(format!(
            "A group or user with this name already exists: {name}"
        )));
    }
    state.groups.insert(name.clone(), Vec::new());
    Ok(json_response(
        StatusCode::CREATED,
        &group_json(call, &name, 0),
    ))
}

pub(super) fn delete(call: &Call<'_>) -> Result<Response, RestError> {
    let mut state = call.app.lock();
    let name = group_name(call, &state)?;
    if name == crate::state::ADMINISTRATORS {
        return Err(RestError::bad_request(
            "You cannot delete a group that grants you system administration permission.",
        ));
    }
    state.groups.remove(&name);
    Ok(empty(StatusCode::OK))
}

pub(super) fn add_user(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let mut state = call.app.lock();
    let group = group_name(call, &state)?;
    let user = body
        .get("name")
        .and_then(Value::as_str)
        .ok_or_else(|| RestError::bad_request("The user's 'name' is required."))?
        .to_owned();
    if state.user(&user).is_none() {
        return Err(RestError::not_found(format!(
            "The user '{user}' does not exist."
        )));
    }
    if state.groups[&group].contains(&user) {
        return Err(RestError::bad_request(format!(
            "Cannot add user. '{user}' is already a member of '{group}'"
        )));
    }
    state.join_group(&group, &user);
    let size = state.groups[&group].len();
    Ok(json_response(
        StatusCode::CREATED,
        &group_json(call, &group, size),
    ))
}

pub(super) fn remove_user(call: &Call<'_>) -> Result<Response, RestError> {
    let mut state = call.app.lock();
    let group = group_name(call, &state)?;
    let user = call
        .incoming
        .query_param("username")
        .ok_or_else(|| RestError::bad_request("The 'username' query parameter is required."))?;
    let members = state.groups.entry(group.clone()).or_default();
    if !members.contains(&user) {
        return Err(RestError::not_found(format!(
            "The user '{user}' is not a member of '{group}'."
        )));
    }
    members.retain(|member| *member != user);
    Ok(empty(StatusCode::OK))
}
