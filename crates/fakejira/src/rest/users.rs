//! Users: `GET /myself`, `GET /user?username=`, `GET /user/search`, and `GET /applicationrole`
//! (the licence seats an administrator monitors).

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::render::user_json;
use super::{Call, RestError, ok};
use crate::data::display_name;

/// The seats of the simulated Jira Software licence.
const LICENSED_SEATS: usize = 100;

pub(super) fn myself(call: &Call<'_>) -> Result<Response, RestError> {
    let settings = &call.app.settings;
    let name = call.user.as_deref().unwrap_or_default();
    let mut value = user_json(settings, name);
    if let Value::Object(object) = &mut value {
        object.insert("locale".to_owned(), json!("en_US"));
        object.insert(
            "groups".to_owned(),
            json!({ "size": 1, "items": [{ "name": "jira-software-users" }] }),
        );
        object.insert(
            "applicationRoles".to_owned(),
            json!({ "size": 1, "items": [{ "key": "jira-software", "name": "Jira Software" }] }),
        );
        object.insert("expand".to_owned(), json!("groups,applicationRoles"));
    }
    Ok(ok(&value))
}

pub(super) fn get(call: &Call<'_>) -> Result<Response, RestError> {
    let Some(name) = call
        .incoming
        .query_param("username")
        .or_else(|| call.incoming.query_param("key"))
    else {
        return Err(RestError::message(
            StatusCode::BAD_REQUEST,
            "Either the 'username' or the 'key' query parameters need to be provided",
        ));
    };
    if call.app.lock().user(&name).is_none() {
        return Err(RestError::not_found(format!(
            "The user named '{name}' does not exist"
        )));
    }
    Ok(ok(&user_json(&call.app.settings, &name)))
}

/// Matches `username` (Server) or `query` (Cloud) against names, display names and emails,
/// case-insensitively.
pub(super) fn search(call: &Call<'_>) -> Result<Response, RestError> {
    let Some(query) = call
        .incoming
        .query_param("username")
        .or_else(|| call.incoming.query_param("query"))
    else {
        return Err(RestError::message(
            StatusCode::BAD_REQUEST,
            "The username query parameter was not provided",
        ));
    };
    let start_at = call.number_param("startAt", 0)?;
    let max_results = call.number_param("maxResults", 50)?;
    let needle = query.to_lowercase();
    let matches_query = |name: &str| {
        needle == "." // Jira's idiom for "everyone"
            || name.to_lowercase().contains(&needle)
            || display_name(name).to_lowercase().contains(&needle)
            || format!("{name}@example.com").contains(&needle)
    };
    let names: Vec<String> = call
        .app
        .lock()
        .users
        .iter()
        .map(|user| user.name.clone())
        .filter(|name| matches_query(name))
        .skip(start_at)
        .take(max_results)
        .collect();
    let users: Vec<Value> = names
        .iter()
        .map(|name| user_json(&call.app.settings, name))
        .collect();
    Ok(ok(&Value::Array(users)))
}

pub(super) fn application_roles(call: &Call<'_>) -> Result<Response, RestError> {
    let user_count = call.app.lock().users.len();
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
