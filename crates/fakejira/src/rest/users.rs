//! Users: `GET /myself`, `GET|PUT|POST|DELETE /user`, `GET /user/search`,
//! `/user/assignable/search`, `/user/assignable/multiProjectSearch`, `/user/viewissue/search`,
//! user avatars, and `GET /applicationrole` (the licence seats an administrator monitors).
//! User searches answer plain arrays with no total, paged with `startAt` and `maxResults`
//! (at most 1000).

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::entity_json::{avatars_json, user_json};
use super::{Call, RestError, issue_not_found, no_content, ok, text_field};
use crate::exchange::json_response;
use crate::state::{DEFAULT_USER_AVATAR, State, User};

/// The seats of the simulated Jira Software licence.
const LICENSED_SEATS: usize = 100;
/// The largest page a user search answers.
const MAX_USER_PAGE: usize = 1000;
/// The system avatars users can pick from.
const USER_AVATARS: [u64; 3] = [10122, 10123, 10124];

/// A user as the user resources show them, with their stored details.
pub(super) fn user_detail_json(call: &Call<'_>, user: &User) -> Value {
    let mut value = user_json(&call.app.settings, &user.name);
    value["displayName"] = json!(user.display_name);
    value["emailAddress"] = json!(user.email);
    value["active"] = json!(user.active);
    for size in [16, 24, 32, 48] {
        value["avatarUrls"][format!("{size}x{size}")] = json!(call.app.settings.link(&format!(
            "/secure/useravatar?size={size}&avatarId={}&ownerId={}",
            user.avatar_id,
            oauth1::percent_encode(&user.name)
        )));
    }
    value
}

/// The `groups` a user's details expand to: `{size, items: [{name}]}`.
fn groups_json(state: &State, user: &User) -> Value {
    let groups: Vec<Value> = state
        .groups
        .iter()
        .filter(|(_, members)| members.contains(&user.name))
        .map(|(name, _)| json!({ "name": name }))
        .collect();
    json!({ "size": groups.len(), "items": groups })
}

pub(super) fn myself(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let user = state
        .user(call.user_name())
        .ok_or_else(|| RestError::not_found("No such user."))?;
    let mut value = user_detail_json(call, user);
    value["locale"] = json!("en_US");
    value["groups"] = groups_json(&state, user);
    value["applicationRoles"] =
        json!({ "size": 1, "items": [{ "key": "jira-software", "name": "Jira Software" }] });
    value["expand"] = json!("groups,applicationRoles");
    Ok(ok(&value))
}

/// The user named by `username` (Cloud: `accountId`; also `key`), or Jira's 400/404.
fn named<'a>(call: &Call<'_>, state: &'a State) -> Result<&'a User, RestError> {
    let name = ["username", "accountId", "key"]
        .iter()
        .find_map(|parameter| call.incoming.query_param(parameter))
        .ok_or_else(|| {
            RestError::bad_request(
                "Either the 'username' or the 'key' query parameters need to be provided",
            )
        })?;
    state
        .user(&name)
        .ok_or_else(|| RestError::not_found(format!("The user named '{name}' does not exist")))
}

pub(super) fn get(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let user = named(call, &state)?;
    let mut value = user_detail_json(call, user);
    if call
        .query_list("expand")
        .iter()
        .any(|item| item == "groups")
    {
        value["groups"] = groups_json(&state, user);
    }
    Ok(ok(&value))
}

/// A page of the users matching `username` (Server) or `query` (Cloud) by name, display name
/// or email, case-insensitively; `.` matches everyone.
fn user_page(call: &Call<'_>, query_required: bool) -> Result<Response, RestError> {
    let query = call
        .incoming
        .query_param("username")
        .or_else(|| call.incoming.query_param("query"));
    if query_required && query.is_none() {
        return Err(RestError::bad_request(
            "The username query parameter was not provided",
        ));
    }
    let needle = query.unwrap_or_default().to_lowercase();
    let include_active = call
        .incoming
        .query_param("includeActive")
        .is_none_or(|value| value != "false");
    let include_inactive = call.incoming.query_flag("includeInactive");
    let start_at = call.number_param("startAt", 0)?;
    let max_results = call.number_param("maxResults", 50)?.min(MAX_USER_PAGE);
    let state = call.app.lock();
    let users: Vec<Value> = state
        .users
        .iter()
        .filter(|user| {
            if user.active {
                include_active
            } else {
                include_inactive
            }
        })
        .filter(|user| {
            needle.is_empty()
                || needle == "."
                || user.name.to_lowercase().contains(&needle)
                || user.display_name.to_lowercase().contains(&needle)
                || user.email.to_lowercase().contains(&needle)
        })
        .skip(start_at)
        .take(max_results)
        .map(|user| user_detail_json(call, user))
        .collect();
    Ok(ok(&Value::Array(users)))
}

pub(super) fn search(call: &Call<'_>) -> Result<Response, RestError> {
    user_page(call, true)
}

/// `user/assignable/search` (`project` or `issueKey`) and `user/viewissue/search`
/// (`issueKey` or `projectKey`): every active user may be assigned and may browse.
pub(super) fn assignable_search(call: &Call<'_>) -> Result<Response, RestError> {
    check_scope(call, &["project", "projectKey"], "issueKey")?;
    user_page(call, false)
}

fn check_scope(
    call: &Call<'_>,
    project_params: &[&str],
    issue_param: &str,
) -> Result<(), RestError> {
    let state = call.app.lock();
    if let Some(key) = call.incoming.query_param(issue_param) {
        state.catalog.issue(&key).ok_or_else(issue_not_found)?;
        return Ok(());
    }
    let Some(key) = project_params
        .iter()
        .find_map(|name| call.incoming.query_param(name))
    else {
        return Err(RestError::bad_request(format!(
            "Either the '{}' or the '{issue_param}' parameter is required.",
            project_params[0]
        )));
    };
    state
        .catalog
        .project(&key)
        .map(|_| ())
        .ok_or_else(|| RestError::not_found(format!("No project could be found with key '{key}'.")))
}

/// `user/assignable/multiProjectSearch?projectKeys=A,B`.
pub(super) fn multi_project_search(call: &Call<'_>) -> Result<Response, RestError> {
    let keys = call.query_list("projectKeys");
    if keys.is_empty() {
        return Err(RestError::bad_request(
            "The 'projectKeys' parameter is required.",
        ));
    }
    {
        let state = call.app.lock();
        if let Some(key) = keys.iter().find(|key| state.catalog.project(key).is_none()) {
            return Err(RestError::not_found(format!(
                "No project could be found with key '{key}'."
            )));
        }
    }
    user_page(call, false)
}

/// `POST user` (admin) with `{name, password?, emailAddress, displayName}` → 201.
pub(super) fn create(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let text = |name: &str| text_field(&body, name);
    let mut errors = serde_json::Map::new();
    let name = text("name");
    if name.is_none() {
        errors.insert("username".to_owned(), json!("You must specify a username."));
    }
    if text("emailAddress").is_none() {
        errors.insert(
            "email".to_owned(),
            json!("You must specify an email address."),
        );
    }
    let mut state = call.app.lock();
    if name.is_some_and(|name| state.user(name).is_some()) {
        errors.insert(
            "username".to_owned(),
            json!("A user with that username already exists."),
        );
    }
    let (Some(name), true) = (name, errors.is_empty()) else {
        return Err(RestError::fields(errors));
    };
    state.add_user(name, text("password").unwrap_or_default());
    let user = state
        .users
        .iter_mut()
        .find(|user| user.name == name)
        .ok_or_else(|| RestError::not_found("No such user."))?;
    user.email = text("emailAddress").unwrap_or_default().to_owned();
    if let Some(display) = text("displayName") {
        user.display_name = display.to_owned();
    }
    let user = user.clone();
    Ok(json_response(
        StatusCode::CREATED,
        &user_detail_json(call, &user),
    ))
}

/// `PUT user?username=` (admin) with any of `name` (rename), `emailAddress`, `displayName`,
/// `active` → 200 with the user.
pub(super) fn update(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let mut state = call.app.lock();
    let old = named(call, &state)?.name.clone();
    let new_name = body
        .get("name")
        .and_then(Value::as_str)
        .filter(|name| *name != old);
    if new_name.is_some_and(|name| state.user(name).is_some()) {
        return Err(RestError::field(
            "username",
            "A user with that username already exists.",
        ));
    }
    if let Some(new_name) = new_name {
        for members in state.groups.values_mut() {
            members
                .iter_mut()
                .filter(|member| **member == old)
                .for_each(|member| *member = new_name.to_owned());
        }
    }
    let user = state
        .users
        .iter_mut()
        .find(|user| user.name == old)
        .ok_or_else(|| RestError::not_found("No such user."))?;
    if let Some(new_name) = new_name {
        user.name = new_name.to_owned();
    }
    if let Some(email) = body.get("emailAddress").and_then(Value::as_str) {
        user.email = email.to_owned();
    }
    if let Some(display) = body.get("displayName").and_then(Value::as_str) {
        user.display_name = display.to_owned();
    }
    if let Some(active) = body.get("active").and_then(Value::as_bool) {
        user.active = active;
    }
    let user = user.clone();
    Ok(ok(&user_detail_json(call, &user)))
}

/// `DELETE user?username=` (admin) → 204.
pub(super) fn delete(call: &Call<'_>) -> Result<Response, RestError> {
    let mut state = call.app.lock();
    let name = named(call, &state)?.name.clone();
    if name == call.user_name() {
        return Err(RestError::bad_request(
            "You cannot delete the currently logged in user.",
        ));
    }
    state.users.retain(|user| user.name != name);
    for members in state.groups.values_mut() {
        members.retain(|member| *member != name);
    }
    Ok(no_content())
}

/// `GET user/avatars?username=` → `{system, custom}`.
pub(super) fn avatars(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let user = named(call, &state)?;
    Ok(ok(&avatars_json(
        &call.app.settings,
        "useravatar",
        &USER_AVATARS,
        user.avatar_id,
    )))
}

fn avatar_id(value: Option<&Value>) -> Option<u64> {
    match value? {
        Value::String(text) => text.parse().ok(),
        other => other.as_u64(),
    }
}

/// `PUT user/avatar?username=` with `{id}` → 204; only the user or an administrator.
pub(super) fn set_avatar(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let is_admin = call.is_admin();
    let mut state = call.app.lock();
    let name = named(call, &state)?.name.clone();
    if name != call.user_name() && !is_admin {
        return Err(RestError::forbidden(
            "You do not have permission to change this user's avatar.",
        ));
    }
    let id = avatar_id(body.get("id"))
        .filter(|id| USER_AVATARS.contains(id))
        .ok_or_else(|| RestError::not_found("The avatar does not exist."))?;
    if let Some(user) = state.users.iter_mut().find(|user| user.name == name) {
        user.avatar_id = id;
    }
    Ok(no_content())
}

/// `DELETE user/avatar/{id}?username=`: only custom avatars can go, and users have none, so
/// a system avatar is refused (403) and anything else is not found.
pub(super) fn delete_avatar(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    named(call, &state)?;
    let id = call.param("id").parse::<u64>().ok();
    if id.is_some_and(|id| USER_AVATARS.contains(&id) || id == DEFAULT_USER_AVATAR) {
        return Err(RestError::forbidden("System avatars cannot be deleted."));
    }
    Err(RestError::not_found("The avatar does not exist."))
}

pub(super) fn application_roles(call: &Call<'_>) -> Result<Response, RestError> {
    let user_count = call
        .app
        .lock()
        .users
        .iter()
        .filter(|user| user.active)
        .count();
    Ok(ok(&json!([{
        "key": "jira-software",
        "groups": ["jira-software-users"],
        "name": "Jira Software",
        "defaultGroups": ["jira-software-users"],
        "selectedByDefault": false,
        "defined": true,
        "numberOfSeats": LICENSED_SEATS,
        "remainingSeats": LICENSED_SEATS.saturating_sub(user_count),
        "userCount": user_count,
        "userCountDescription": "users",
        "hasUnlimitedSeats": false,
        "platform": false,
    }])))
}
