//! A project's configuration: roles (`project/{p}/role`, `…/role/{id}` GET, POST actors,
//! DELETE `?user=`/`?group=`), avatars (`project/{p}/avatars`, PUT `…/avatar`, DELETE
//! `…/avatar/{id}`), the schemes it uses (`issuesecuritylevelscheme`, `notificationscheme`,
//! `permissionscheme`, `priorityscheme`) and `DELETE permissionscheme/{id}` (admin).

use axum::response::Response;
use serde_json::{Map, Value, json};

use super::entity_json::avatars_json;
use super::projects::project_or_404;
use super::system_config::{PROJECT_ROLES, role_json};
use super::{Call, RestError, no_content, ok};
use crate::data::{DEFAULT_PROJECT_AVATAR, display_name};

/// The system avatars projects can pick from.
const PROJECT_AVATARS: [u64; 3] = [10324, 10325, 10326];

fn role(call: &Call<'_>) -> Result<(u64, &'static str, &'static str), RestError> {
    let id = call.param("id");
    PROJECT_ROLES
        .iter()
        .find(|(role_id, ..)| role_id.to_string() == id)
        .copied()
        .ok_or_else(|| {
            RestError::not_found(format!(
                "Can not retrieve a role actor for a null project role with id {id}."
            ))
        })
}

pub(super) fn roles(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let project = project_or_404(&state.catalog, call.param("projectIdOrKey"))?;
    let roles: Map<String, Value> = PROJECT_ROLES
        .iter()
        .map(|(id, name, _)| {
            (
                (*name).to_owned(),
                json!(
                    call.app
                        .settings
                        .link(&format!("/rest/api/2/project/{}/role/{id}", project.id))
                ),
            )
        })
        .collect();
    Ok(ok(&Value::Object(roles)))
}

fn role_answer(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let project = project_or_404(&state.catalog, call.param("projectIdOrKey"))?;
    let role = role(call)?;
    let actors: Vec<Value> = state
        .actors(project.id, role.0)
        .iter()
        .enumerate()
        .map(|(index, (kind, name))| {
            let (actor_type, display) = if kind == "user" {
                ("atlassian-user-role-actor", display_name(name))
            } else {
                ("atlassian-group-role-actor", name.clone())
            };
            json!({ "id": 10_000 + index, "displayName": display, "type": actor_type, "name": name })
        })
        .collect();
    let mut value = role_json(&call.app.settings, role, json!(actors));
    value["self"] = json!(call.app.settings.link(&format!(
        "/rest/api/2/project/{}/role/{}",
        project.id, role.0
    )));
    Ok(ok(&value))
}

pub(super) fn get_role(call: &Call<'_>) -> Result<Response, RestError> {
    role_answer(call)
}

/// `POST project/{p}/role/{id}` with `{"user": […]}` and/or `{"group": […]}` → 200 with the role.
pub(super) fn add_actors(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    {
        let mut state = call.app.lock();
        let project_id = project_or_404(&state.catalog, call.param("projectIdOrKey"))?.id;
        let role_id = role(call)?.0;
        let mut actors = state.actors(project_id, role_id);
        for kind in ["user", "group"] {
            for name in body
                .get(kind)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                let known = if kind == "user" {
                    state.user(name).is_some()
                } else {
                    state.groups.contains_key(name)
                };
                if !known {
                    return Err(RestError::bad_request(format!(
                        "We couldn't find the {kind} '{name}'."
                    )));
                }
                let actor = (kind.to_owned(), name.to_owned());
                if !actors.contains(&actor) {
                    actors.push(actor);
                }
            }
        }
        state.role_actors.insert((project_id, role_id), actors);
    }
    role_answer(call)
}

/// `DELETE project/{p}/role/{id}?user=` or `?group=` → 204.
pub(super) fn remove_actor(call: &Call<'_>) -> Result<Response, RestError> {
    let mut state = call.app.lock();
    let project_id = project_or_404(&state.catalog, call.param("projectIdOrKey"))?.id;
    let role_id = role(call)?.0;
    let actor = ["user", "group"]
        .iter()
        .find_map(|kind| {
            call.incoming
                .query_param(kind)
                .map(|name| ((*kind).to_owned(), name))
        })
        .ok_or_else(|| RestError::bad_request("Give the actor to remove as 'user' or 'group'."))?;
    let mut actors = state.actors(project_id, role_id);
    if !actors.contains(&actor) {
        return Err(RestError::not_found(format!(
            "The {} '{}' is not an actor of this role.",
            actor.0, actor.1
        )));
    }
    actors.retain(|kept| *kept != actor);
    state.role_actors.insert((project_id, role_id), actors);
    Ok(no_content())
}

pub(super) fn avatars(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let project = project_or_404(&state.catalog, call.param("projectIdOrKey"))?;
    Ok(ok(&avatars_json(
        &call.app.settings,
        "projectavatar",
        &PROJECT_AVATARS,
        project.avatar_id,
    )))
}

/// `PUT project/{p}/avatar` with `{id}` → 204.
pub(super) fn set_avatar(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let id = match body.get("id") {
        Some(Value::String(text)) => text.parse().ok(),
        Some(other) => other.as_u64(),
        None => None,
    }
    .filter(|id| PROJECT_AVATARS.contains(id))
    .ok_or_else(|| RestError::not_found("The avatar does not exist."))?;
    let mut state = call.app.lock();
    let key = project_or_404(&state.catalog, call.param("projectIdOrKey"))?
        .key
        .clone();
    if let Some(project) = state
        .catalog
        .projects
        .iter_mut()
        .find(|project| project.key == key)
    {
        project.avatar_id = id;
    }
    Ok(no_content())
}

/// `DELETE project/{p}/avatar/{id}`: system avatars cannot go (403); there are no others.
pub(super) fn delete_avatar(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    project_or_404(&state.catalog, call.param("projectIdOrKey"))?;
    let id = call.param("id").parse::<u64>().ok();
    if id.is_some_and(|id| PROJECT_AVATARS.contains(&id) || id == DEFAULT_PROJECT_AVATAR) {
        return Err(RestError::forbidden("System avatars cannot be deleted."));
    }
    Err(RestError::not_found("The avatar does not exist."))
}

/// `GET project/{p}/{scheme}` for the four schemes every project uses.
pub(super) fn scheme(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    project_or_404(&state.catalog, call.param("projectKeyOrId"))?;
    let link = |path: &str| call.app.settings.link(path);
    // Which of the four routes took the call.
    let value = match call.template.rsplit('/').next().unwrap_or_default() {
        "issuesecuritylevelscheme" => json!({
            "self": link("/rest/api/2/issuesecurityschemes/10000"),
            "id": 10000,
            "name": "Default Issue Security Scheme",
            "description": "Who sees restricted issues",
            "defaultSecurityLevelId": -1,
            "levels": [{ "self": link("/rest/api/2/securitylevel/10000"), "id": "10000", "name": "Internal", "description": "Visible to the team only" }],
        }),
        "notificationscheme" => json!({
            "expand": "notificationSchemeEvents,user,group,projectRole,field,all",
            "id": 10000,
            "self": link("/rest/api/2/notificationscheme/10000"),
            "name": "Default Notification Scheme",
        }),
        "permissionscheme" => json!({
            "expand": "permissions,user,group,projectRole,field,all",
            "id": 0,
            "self": link("/rest/api/2/permissionscheme/0"),
            "name": "Default Permission Scheme",
            "description": "This is the default Permission Scheme. Any new projects that are created will be assigned this scheme.",
        }),
        _ => json!({
            "expand": "projectKeys",
            "self": link("/rest/api/2/priorityschemes/1"),
            "id": 1,
            "name": "Default priority scheme",
            "description": "This is default priority scheme used by all projects without any other scheme assigned",
            "defaultOptionId": "3",
            "optionIds": ["1", "2", "3", "4", "5"],
            "defaultScheme": true,
        }),
    };
    Ok(ok(&value))
}

/// `DELETE permissionscheme/{id}` (admin) → 204; the default scheme (0) is in use and stays.
pub(super) fn delete_permission_scheme(call: &Call<'_>) -> Result<Response, RestError> {
    let id = call.param("schemeId").parse::<u64>().ok();
    let mut state = call.app.lock();
    let Some(id) = id.filter(|id| state.permission_schemes.contains(id)) else {
        return Err(RestError::not_found(format!(
            "Permission scheme with id {} not found.",
            call.param("schemeId")
        )));
    };
    if id == 0 {
        return Err(RestError::forbidden(
            "The default permission scheme cannot be deleted.",
        ));
    }
    state.permission_schemes.retain(|kept| *kept != id);
    Ok(no_content())
}
