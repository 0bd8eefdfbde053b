//! Jira's JSON for what issues and resources point at: users, statuses, issue types,
//! priorities, projects and avatars.

use serde_json::{Value, json};

use super::issue_parts_json::{component_json, version_json};
use crate::config::Settings;
use crate::data::{Catalog, ISSUE_TYPES, IssueType, PRIORITIES, Project, Status, display_name};

pub(crate) fn user_json(settings: &Settings, name: &str) -> Value {
    let avatar = |size: u32| {
        settings.link(&format!(
            "/secure/useravatar?size={size}&avatarId=10122&ownerId={}",
            oauth1::percent_encode(name)
        ))
    };
    json!({
        "self": settings.link(&format!("/rest/api/2/user?username={}", oauth1::percent_encode(name))),
        "key": name,
        "name": name,
        "emailAddress": format!("{name}@example.com"),
        "avatarUrls": {
            "48x48": avatar(48),
            "24x24": avatar(24),
            "16x16": avatar(16),
            "32x32": avatar(32),
        },
        "displayName": display_name(name),
        "active": true,
        "timeZone": "UTC",
    })
}

pub(crate) fn optional_user(settings: &Settings, name: Option<&str>) -> Value {
    name.map_or(Value::Null, |name| user_json(settings, name))
}

pub(crate) fn status_json(settings: &Settings, status: Status) -> Value {
    let (category_id, category_key, category_name, colour) = status.category();
    json!({
        "self": settings.link(&format!("/rest/api/2/status/{}", status.id())),
        "description": "",
        "iconUrl": settings.link("/images/icons/statuses/generic.png"),
        "name": status.name(),
        "id": status.id(),
        "statusCategory": {
            "self": settings.link(&format!("/rest/api/2/statuscategory/{category_id}")),
            "id": category_id,
            "key": category_key,
            "colorName": colour,
            "name": category_name,
        },
    })
}

pub(crate) fn issue_type_json(settings: &Settings, kind: &IssueType) -> Value {
    json!({
        "self": settings.link(&format!("/rest/api/2/issuetype/{}", kind.id)),
        "id": kind.id,
        "description": kind.description,
        "iconUrl": settings.link(&format!("/secure/viewavatar?size=xsmall&avatarId={}&avatarType=issuetype", kind.id)),
        "name": kind.name,
        "subtask": kind.subtask,
    })
}

/// A project as lists and issues show it.
pub(crate) fn project_json(settings: &Settings, project: &Project) -> Value {
    json!({
        "expand": "description,lead,url,projectKeys",
        "self": settings.link(&format!("/rest/api/2/project/{}", project.id)),
        "id": project.id.to_string(),
        "key": project.key,
        "name": project.name,
        "avatarUrls": {
            "48x48": settings.link(&format!("/secure/projectavatar?pid={}&avatarId={}", project.id, project.avatar_id)),
        },
        "projectTypeKey": project.project_type,
    })
}

/// A project with the details `GET /project/{key}` adds.
pub(crate) fn project_detail_json(
    settings: &Settings,
    catalog: &Catalog,
    project: &Project,
) -> Value {
    let mut value = project_json(settings, project);
    if let Value::Object(object) = &mut value {
        object.insert(
            "description".to_owned(),
            json!(project.description.clone().unwrap_or_default()),
        );
        object.insert(
            "lead".to_owned(),
            optional_user(settings, project.lead.as_deref()),
        );
        object.insert(
            "components".to_owned(),
            catalog
                .components
                .iter()
                .filter(|component| component.project_id == project.id)
                .map(|component| component_json(settings, catalog, component))
                .collect(),
        );
        object.insert(
            "issueTypes".to_owned(),
            ISSUE_TYPES
                .iter()
                .map(|kind| issue_type_json(settings, kind))
                .collect(),
        );
        object.insert("assigneeType".to_owned(), json!("UNASSIGNED"));
        object.insert(
            "versions".to_owned(),
            catalog
                .versions
                .iter()
                .filter(|version| version.project_id == project.id)
                .map(|version| version_json(settings, version))
                .collect(),
        );
        object.insert("roles".to_owned(), json!({}));
    }
    value
}

/// `GET …/avatars`: the system avatars (`ids`, shown by `/secure/{servlet}`) with the owner's
/// `selected` one marked; the simulator keeps no custom avatars.
pub(crate) fn avatars_json(
    settings: &Settings,
    servlet: &str,
    ids: &[u64],
    selected: u64,
) -> Value {
    let system: Vec<Value> = ids
        .iter()
        .map(|id| {
            json!({
                "id": id.to_string(),
                "isSystemAvatar": true,
                "isSelected": *id == selected,
                "urls": { "48x48": settings.link(&format!("/secure/{servlet}?avatarId={id}")) },
            })
        })
        .collect();
    json!({ "system": system, "custom": [] })
}

pub(crate) fn priority_json(settings: &Settings, index: usize) -> Value {
    PRIORITIES.get(index).map_or(Value::Null, |(id, name)| {
        json!({
            "self": settings.link(&format!("/rest/api/2/priority/{id}")),
            "iconUrl": settings.link(&format!("/images/icons/priorities/{}.svg", name.to_lowercase())),
            "name": name,
            "id": id,
        })
    })
}
