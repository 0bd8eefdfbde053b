//! An issue as Jira's JSON shows it: the system fields, the `fields` selection, the issue
//! document ([`issue_json`]) and [`IssueWriter`], which writes a page of them as text.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use super::entity_json::{
    issue_type_json, optional_user, priority_json, project_json, status_json,
};
use super::issue_parts_json::{
    attachment_json, comment_json, component_json, custom_value_json, issue_links_json,
    issue_ref_json, timetracking_json, version_json, worklog_json,
};
use super::page_json;
use crate::config::Settings;
use crate::data::custom_fields::CUSTOM_FIELDS;
use crate::data::{Catalog, ISSUE_TYPES, Issue, Status, jira_timestamp};

/// The system fields an issue has, with their display names and schema types, in Jira's order.
pub(crate) const ISSUE_FIELDS: [(&str, &str, &str); 28] = [
    ("summary", "Summary", "string"),
    ("issuetype", "Issue Type", "issuetype"),
    ("status", "Status", "status"),
    ("project", "Project", "project"),
    ("priority", "Priority", "priority"),
    ("assignee", "Assignee", "user"),
    ("reporter", "Reporter", "user"),
    ("created", "Created", "datetime"),
    ("updated", "Updated", "datetime"),
    ("description", "Description", "string"),
    ("labels", "Labels", "array"),
    ("resolution", "Resolution", "resolution"),
    ("resolutiondate", "Resolved", "datetime"),
    ("comment", "Comment", "comments-page"),
    ("components", "Component/s", "array"),
    ("fixVersions", "Fix Version/s", "array"),
    ("versions", "Affects Version/s", "array"),
    ("timetracking", "Time Tracking", "timetracking"),
    ("timeoriginalestimate", "Original Estimate", "number"),
    ("timeestimate", "Remaining Estimate", "number"),
    ("timespent", "Time Spent", "number"),
    ("worklog", "Log Work", "array"),
    ("attachment", "Attachment", "array"),
    ("issuelinks", "Linked Issues", "array"),
    ("subtasks", "Sub-Tasks", "array"),
    ("parent", "Parent", "issuelink"),
    ("watches", "Watchers", "watches"),
    ("votes", "Votes", "votes"),
];

pub(crate) fn is_system_field(name: &str) -> bool {
    ISSUE_FIELDS.iter().any(|(id, _, _)| *id == name)
}

/// Which fields to return: the `fields` parameter of issue GET and search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FieldSelection {
    All,
    Only(Vec<String>),
}

impl FieldSelection {
    /// Reads `*all`, `*navigable` or a comma-separated list; a missing or empty value means all.
    pub(crate) fn parse(list: Option<&str>) -> Self {
        Self::from_names(
            list.unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|name| !name.is_empty()),
        )
    }

    /// Reads the values of a list-valued query parameter (already split on commas).
    pub(crate) fn from_list(names: &[String]) -> Self {
        Self::from_names(names.iter().map(String::as_str))
    }

    /// Reads the `fields` of a JSON search body: an array of names or one comma-separated string.
    pub(crate) fn from_json(value: Option<&Value>) -> Self {
        match value {
            Some(Value::Array(names)) => Self::from_names(names.iter().filter_map(Value::as_str)),
            Some(Value::String(list)) => Self::parse(Some(list)),
            _ => FieldSelection::All,
        }
    }

    fn from_names<'a>(names: impl Iterator<Item = &'a str>) -> Self {
        let names: Vec<String> = names.map(str::to_owned).collect();
        if names.is_empty()
            || names
                .iter()
                .any(|name| name == "*all" || name == "*navigable")
        {
            FieldSelection::All
        } else {
            FieldSelection::Only(names)
        }
    }

    fn includes(&self, field: &str) -> bool {
        match self {
            FieldSelection::All => true,
            FieldSelection::Only(names) => names.iter().any(|name| name == field),
        }
    }
}

fn field_value(settings: &Settings, catalog: &Catalog, issue: &Issue, field: &str) -> Value {
    match field {
        "summary" => json!(issue.summary),
        "issuetype" => ISSUE_TYPES
            .get(issue.issue_type)
            .map_or(Value::Null, |kind| issue_type_json(settings, kind)),
        "status" => status_json(settings, issue.status),
        "project" => catalog
            .project_by_id(issue.project_id)
            .map_or(Value::Null, |project| project_json(settings, project)),
        "priority" => priority_json(settings, issue.priority),
        "assignee" => optional_user(settings, issue.assignee.as_deref()),
        "reporter" => optional_user(settings, issue.reporter.as_deref()),
        "created" => json!(jira_timestamp(issue.created)),
        "updated" => json!(jira_timestamp(issue.updated)),
        "description" => json!(issue.description),
        "labels" => json!(issue.labels),
        "resolution" => match issue.resolved {
            Some(_) => json!({
                "self": settings.link("/rest/api/2/resolution/10000"),
                "id": "10000",
                "description": "Work has been completed on this issue.",
                "name": "Done",
            }),
            None => Value::Null,
        },
        "resolutiondate" => issue
            .resolved
            .map_or(Value::Null, |at| json!(jira_timestamp(at))),
        "timetracking" => timetracking_json(issue),
        "timeoriginalestimate" => json!(issue.original_estimate),
        "timeestimate" => json!(issue.remaining_estimate),
        "timespent" => json!(Some(issue.time_spent()).filter(|spent| *spent > 0)),
        _ => carried_value(settings, catalog, issue, field),
    }
}

/// The versions of `catalog` with these ids.
fn versions_json(settings: &Settings, catalog: &Catalog, ids: &[u64]) -> Value {
    catalog
        .versions
        .iter()
        .filter(|version| ids.contains(&version.id))
        .map(|version| version_json(settings, version))
        .collect()
}

/// The value of a field that lists or points at what the issue carries: comments, components,
/// versions, worklogs, attachments, links, sub-tasks, the parent, watchers and votes.
fn carried_value(settings: &Settings, catalog: &Catalog, issue: &Issue, field: &str) -> Value {
    match field {
        "comment" => page_json(
            "comments",
            &issue.comments,
            0,
            issue.comments.len(),
            |comment| comment_json(settings, issue, comment),
        ),
        "components" => catalog
            .components
            .iter()
            .filter(|component| issue.components.contains(&component.id))
            .map(|component| component_json(settings, catalog, component))
            .collect(),
        "fixVersions" => versions_json(settings, catalog, &issue.fix_versions),
        "versions" => versions_json(settings, catalog, &issue.versions),
        "worklog" => page_json(
            "worklogs",
            &issue.worklogs,
            0,
            issue.worklogs.len(),
            |worklog| worklog_json(settings, issue, worklog),
        ),
        "attachment" => issue
            .attachments
            .iter()
            .map(|attachment| attachment_json(settings, attachment))
            .collect(),
        "issuelinks" => issue_links_json(settings, catalog, issue),
        "subtasks" => catalog
            .subtasks(issue.id)
            .map(|other| issue_ref_json(settings, &other))
            .collect(),
        "parent" => issue
            .parent
            .and_then(|id| catalog.issue_by_id(id))
            .map_or(Value::Null, |parent| issue_ref_json(settings, &parent)),
        "watches" => json!({
            "self": settings.link(&format!("/rest/api/2/issue/{}/watchers", issue.key)),
            "watchCount": issue.watchers.len(),
            "isWatching": false,
        }),
        "votes" => json!({
            "self": settings.link(&format!("/rest/api/2/issue/{}/votes", issue.key)),
            "votes": issue.voters.len(),
            "hasVoted": false,
        }),
        _ => Value::Null,
    }
}

/// An issue with the selected fields.
pub(crate) fn issue_json(
    settings: &Settings,
    catalog: &Catalog,
    issue: &Issue,
    fields: &FieldSelection,
) -> Value {
    let mut values = Map::new();
    for (field, _, _) in ISSUE_FIELDS {
        // Only sub-tasks have a parent; Jira leaves the field out elsewhere.
        if fields.includes(field) && (field != "parent" || issue.parent.is_some()) {
            values.insert(
                field.to_owned(),
                field_value(settings, catalog, issue, field),
            );
        }
    }
    for field in &CUSTOM_FIELDS {
        if fields.includes(field.id) {
            values.insert(
                field.id.to_owned(),
                custom_value_json(settings, field, issue),
            );
        }
    }
    json!({
        "expand": "operations,versionedRepresentations,editmeta,changelog,renderedFields",
        "id": issue.id.to_string(),
        "self": settings.link(&format!("/rest/api/2/issue/{}", issue.id)),
        "key": issue.key,
        "fields": values,
    })
}

/// Writes issues as JSON text, each saying what [`issue_json`] shows, remembering the text of
/// the objects many issues share (users, statuses, types, priorities, projects, the resolution)
/// so that a page builds each of them once.
pub(crate) struct IssueWriter<'a> {
    settings: &'a Settings,
    catalog: &'a Catalog,
    fields: &'a FieldSelection,
    shared: HashMap<Shared<'a>, String>,
}

/// What a shared field's value depends on.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Shared<'a> {
    IssueType(usize),
    Status(Status),
    Project(u64),
    Priority(usize),
    Resolved(bool),
    User(Option<&'a str>),
}

impl<'a> IssueWriter<'a> {
    pub(crate) fn new(
        settings: &'a Settings,
        catalog: &'a Catalog,
        fields: &'a FieldSelection,
    ) -> Self {
        Self {
            settings,
            catalog,
            fields,
            shared: HashMap::new(),
        }
    }

    /// Appends `issue`'s JSON to `out`. The issue's members come in Jira's order (`expand`,
    /// `id`, `self`, `key`, `fields`), which clients may rely on to find an issue's identity
    /// without reading its fields; the fields come sorted, as `serde_json` writes them.
    pub(crate) fn write(&mut self, out: &mut String, issue: &'a Issue) {
        out.push_str(r#"{"expand":"operations,versionedRepresentations,editmeta,changelog,renderedFields","id":""#);
        out.push_str(&issue.id.to_string());
        out.push_str(r#"","self":"#);
        let link = self
            .settings
            .link(&format!("/rest/api/2/issue/{}", issue.id));
        push_json(out, &Value::from(link));
        out.push_str(r#","key":"#);
        push_json(out, &Value::from(issue.key.as_str()));
        out.push_str(r#","fields":{"#);
        let mut names: Vec<&'static str> = ISSUE_FIELDS
            .iter()
            .map(|(field, _, _)| *field)
            .filter(|field| *field != "parent" || issue.parent.is_some())
            .chain(CUSTOM_FIELDS.iter().map(|field| field.id))
            .filter(|field| self.fields.includes(field))
            .collect();
        names.sort_unstable();
        for (index, field) in names.into_iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            push_json(out, &Value::from(field));
            out.push(':');
            self.write_field(out, issue, field);
        }
        out.push_str("}}");
    }

    fn write_field(&mut self, out: &mut String, issue: &'a Issue, field: &'static str) {
        let shared = match field {
            "issuetype" => Some(Shared::IssueType(issue.issue_type)),
            "status" => Some(Shared::Status(issue.status)),
            "project" => Some(Shared::Project(issue.project_id)),
            "priority" => Some(Shared::Priority(issue.priority)),
            "resolution" => Some(Shared::Resolved(issue.resolved.is_some())),
            "assignee" => Some(Shared::User(issue.assignee.as_deref())),
            "reporter" => Some(Shared::User(issue.reporter.as_deref())),
            _ => None,
        };
        let Some(shared) = shared else {
            if let Some(custom) = CUSTOM_FIELDS.iter().find(|custom| custom.id == field) {
                push_json(out, &custom_value_json(self.settings, custom, issue));
            } else {
                push_json(out, &field_value(self.settings, self.catalog, issue, field));
            }
            return;
        };
        let (settings, catalog) = (self.settings, self.catalog);
        let text = self
            .shared
            .entry(shared)
            .or_insert_with(|| field_value(settings, catalog, issue, field).to_string());
        out.push_str(text);
    }
}

fn push_json(out: &mut String, value: &Value) {
    // Writing JSON into a String cannot fail; Display is serde_json's own serializer.
    let _ = write!(out, "{value}");
}

/// The `names` expansion: field id → display name.
pub(crate) fn field_names() -> Value {
    ISSUE_FIELDS
        .iter()
        .map(|(id, name, _)| ((*id).to_owned(), json!(name)))
        .chain(
            CUSTOM_FIELDS
                .iter()
                .map(|field| (field.id.to_owned(), json!(field.name))),
        )
        .collect::<Map<String, Value>>()
        .into()
}

/// `{id, key, self}`: what creating an issue answers.
pub(crate) fn created_issue_json(settings: &Settings, issue: &Issue) -> Value {
    json!({
        "id": issue.id.to_string(),
        "key": issue.key,
        "self": settings.link(&format!("/rest/api/2/issue/{}", issue.id)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Builder;
    use crate::state::State;

    #[test]
    fn the_writer_writes_what_issue_json_shows_in_jiras_member_order() {
        let builder = Builder::default()
            .user("alice", "pw")
            .user("bob", "pw")
            .issues(30)
            .projects(2)
            .agile();
        let url = url::Url::parse("http://jira.example/jira/").expect("a URL");
        let settings = Settings::new(&builder, &url);
        let mut state = State::new(&builder);
        if let Some(subtask) = state.catalog.issue_mut("OPS-3") {
            subtask.parent = Some(10_001);
        }
        state
            .catalog
            .add_comment("ABC-1", Some("bob".to_owned()), "Seen.".to_owned(), None, 0)
            .expect("ABC-1 exists");
        let selections = [
            FieldSelection::All,
            FieldSelection::Only(vec!["summary".to_owned(), "customfield_10101".to_owned()]),
            FieldSelection::Only(Vec::new()),
        ];
        for fields in &selections {
            let issues: Vec<_> = state.catalog.issues().collect();
            let mut writer = IssueWriter::new(&settings, &state.catalog, fields);
            for issue in &issues {
                let mut written = String::new();
                writer.write(&mut written, issue);
                let shown = issue_json(&settings, &state.catalog, issue, fields);
                let parsed: Value = serde_json::from_str(&written).expect("JSON");
                assert_eq!(parsed, shown, "{} with {fields:?}", issue.key);
                let head = format!(
                    r#"{{"expand":{},"id":{},"self":{},"key":{},"fields":{{"#,
                    shown["expand"], shown["id"], shown["self"], shown["key"]
                );
                assert!(written.starts_with(&head), "Jira's member order: {written}");
            }
        }
    }
}
