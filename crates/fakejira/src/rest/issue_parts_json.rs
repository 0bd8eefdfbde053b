//! Jira's JSON for what an issue carries: comments, worklogs, attachments, history, links, time
//! tracking, components, versions and custom field values.

use serde_json::{Value, json};

use super::entity_json::{issue_type_json, optional_user, priority_json, status_json, user_json};
use crate::config::Settings;
use crate::data::custom_fields::{CustomField, Kind, severity_option};
use crate::data::{
    Attachment, Catalog, Comment, Component, History, Issue, LINK_TYPES, Version, Worklog,
    duration, jira_timestamp,
};

pub(crate) fn worklog_json(settings: &Settings, issue: &Issue, worklog: &Worklog) -> Value {
    let value = json!({
        "self": settings.link(&format!("/rest/api/2/issue/{}/worklog/{}", issue.id, worklog.id)),
        "author": optional_user(settings, worklog.author.as_deref()),
        "updateAuthor": optional_user(settings, worklog.update_author.as_deref()),
        "comment": worklog.comment,
        "created": jira_timestamp(worklog.created),
        "updated": jira_timestamp(worklog.updated),
        "started": jira_timestamp(worklog.started),
        "timeSpent": duration::format(worklog.time_spent_seconds),
        "timeSpentSeconds": worklog.time_spent_seconds,
        "id": worklog.id.to_string(),
        "issueId": issue.id.to_string(),
    });
    with_visibility(value, worklog.visibility.as_ref())
}

/// A comment's or worklog's JSON with its `visibility` restriction, when it has one.
pub(crate) fn with_visibility(mut value: Value, visibility: Option<&Value>) -> Value {
    if let Some(visibility) = visibility {
        value["visibility"] = visibility.clone();
    }
    value
}

/// The `timetracking` field: only the parts that are set, as Jira shows them.
pub(crate) fn timetracking_json(issue: &Issue) -> Value {
    let mut value = json!({});
    let mut put = |name: &str, seconds: Option<i64>| {
        if let Some(seconds) = seconds {
            value[name] = json!(duration::format(seconds));
            value[format!("{name}Seconds")] = json!(seconds);
        }
    };
    put("originalEstimate", issue.original_estimate);
    put("remainingEstimate", issue.remaining_estimate);
    put(
        "timeSpent",
        Some(issue.time_spent()).filter(|spent| *spent > 0),
    );
    value
}

pub(crate) fn attachment_json(settings: &Settings, attachment: &Attachment) -> Value {
    json!({
        "self": settings.link(&format!("/rest/api/2/attachment/{}", attachment.id)),
        "id": attachment.id.to_string(),
        "filename": attachment.filename,
        "author": optional_user(settings, attachment.author.as_deref()),
        "created": jira_timestamp(attachment.created),
        "size": attachment.bytes.len(),
        "mimeType": attachment.mime_type,
        "content": settings.link(&format!(
            "/secure/attachment/{}/{}",
            attachment.id,
            oauth1::percent_encode(&attachment.filename)
        )),
    })
}

pub(crate) fn history_json(settings: &Settings, history: &History) -> Value {
    let items: Vec<Value> = history
        .items
        .iter()
        .map(|item| {
            json!({
                "field": item.field,
                "fieldtype": item.fieldtype,
                "from": item.from,
                "fromString": item.from_string,
                "to": item.to,
                "toString": item.to_string,
            })
        })
        .collect();
    json!({
        "id": history.id.to_string(),
        "author": optional_user(settings, history.author.as_deref()),
        "created": jira_timestamp(history.created),
        "items": items,
    })
}

pub(crate) fn component_json(
    settings: &Settings,
    catalog: &Catalog,
    component: &Component,
) -> Value {
    let project = catalog.project_by_id(component.project_id);
    let mut value = json!({
        "self": settings.link(&format!("/rest/api/2/component/{}", component.id)),
        "id": component.id.to_string(),
        "name": component.name,
        "assigneeType": component.assignee_type,
        "realAssigneeType": component.assignee_type,
        "isAssigneeTypeValid": false,
        "project": project.map(|project| project.key.clone()),
        "projectId": component.project_id,
    });
    if let Some(description) = &component.description {
        value["description"] = json!(description);
    }
    if let Some(lead) = &component.lead {
        value["lead"] = user_json(settings, lead);
        value["leadUserName"] = json!(lead);
    }
    value
}

pub(crate) fn version_json(settings: &Settings, version: &Version) -> Value {
    let mut value = json!({
        "self": settings.link(&format!("/rest/api/2/version/{}", version.id)),
        "id": version.id.to_string(),
        "name": version.name,
        "archived": version.archived,
        "released": version.released,
        "projectId": version.project_id,
    });
    for (name, field) in [
        ("description", &version.description),
        ("startDate", &version.start_date),
        ("releaseDate", &version.release_date),
    ] {
        if let Some(text) = field {
            value[name] = json!(text);
        }
    }
    value
}

/// An issue as links, sub-task lists and parents show it: key, id and a few fields.
pub(crate) fn issue_ref_json(settings: &Settings, issue: &Issue) -> Value {
    json!({
        "id": issue.id.to_string(),
        "key": issue.key,
        "self": settings.link(&format!("/rest/api/2/issue/{}", issue.id)),
        "fields": {
            "summary": issue.summary,
            "status": status_json(settings, issue.status),
            "priority": priority_json(settings, issue.priority),
            "issuetype": crate::data::ISSUE_TYPES
                .get(issue.issue_type)
                .map_or(Value::Null, |kind| issue_type_json(settings, kind)),
        },
    })
}

pub(crate) fn link_type_json(settings: &Settings, index: usize) -> Value {
    LINK_TYPES
        .get(index)
        .map_or(Value::Null, |(id, name, inward, outward)| {
            json!({
                "id": id,
                "name": name,
                "inward": inward,
                "outward": outward,
                "self": settings.link(&format!("/rest/api/2/issueLinkType/{id}")),
            })
        })
}

/// The `issuelinks` field of `issue`: each link seen from its side.
pub(crate) fn issue_links_json(settings: &Settings, catalog: &Catalog, issue: &Issue) -> Value {
    catalog
        .links
        .iter()
        .filter_map(|link| {
            let (side, other) = if link.outward == issue.id {
                ("inwardIssue", link.inward)
            } else if link.inward == issue.id {
                ("outwardIssue", link.outward)
            } else {
                return None;
            };
            let other = catalog.issue_by_id(other)?;
            Some(json!({
                "id": link.id.to_string(),
                "self": settings.link(&format!("/rest/api/2/issueLink/{}", link.id)),
                "type": link_type_json(settings, link.type_index),
                side: issue_ref_json(settings, &other),
            }))
        })
        .collect()
}

/// A Severity option as the field and `customFieldOption/{id}` show it.
pub(crate) fn option_json(settings: &Settings, id: u64) -> Value {
    severity_option(&id.to_string()).map_or(Value::Null, |(id, value)| {
        json!({
            "self": settings.link(&format!("/rest/api/2/customFieldOption/{id}")),
            "value": value,
            "id": id.to_string(),
            "disabled": false,
        })
    })
}

/// A custom field's value as issues show it.
pub(crate) fn custom_value_json(settings: &Settings, field: &CustomField, issue: &Issue) -> Value {
    let Some(value) = issue.custom.get(field.id) else {
        return Value::Null;
    };
    match field.kind {
        Kind::Select => value
            .as_u64()
            .map_or(Value::Null, |id| option_json(settings, id)),
        _ => value.clone(),
    }
}

pub(crate) fn comment_json(settings: &Settings, issue: &Issue, comment: &Comment) -> Value {
    let value = json!({
        "self": settings.link(&format!("/rest/api/2/issue/{}/comment/{}", issue.id, comment.id)),
        "id": comment.id.to_string(),
        "author": optional_user(settings, comment.author.as_deref()),
        "body": comment.body,
        "updateAuthor": optional_user(settings, comment.update_author.as_deref()),
        "created": jira_timestamp(comment.created),
        "updated": jira_timestamp(comment.updated),
    });
    with_visibility(value, comment.visibility.as_ref())
}
