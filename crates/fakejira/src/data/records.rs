//! What issues carry besides their plain fields: comments, worklogs, attachments, history,
//! links, and the components and versions of projects.

use std::collections::BTreeMap;

use axum::body::Bytes;
use serde_json::Value;

#[derive(Clone, Debug, Default)]
pub(crate) struct Comment {
    pub id: u64,
    pub author: Option<String>,
    pub update_author: Option<String>,
    pub body: String,
    pub created: i64,
    pub updated: i64,
    /// `{"type": "group"|"role", "value": …}` as given.
    pub visibility: Option<Value>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Worklog {
    pub id: u64,
    pub author: Option<String>,
    pub update_author: Option<String>,
    pub comment: String,
    pub started: i64,
    pub time_spent_seconds: i64,
    pub created: i64,
    pub updated: i64,
    pub visibility: Option<Value>,
}

/// An uploaded file; the bytes are shared, not copied, when served.
#[derive(Clone, Debug, Default)]
pub(crate) struct Attachment {
    pub id: u64,
    pub filename: String,
    pub author: Option<String>,
    pub created: i64,
    pub mime_type: String,
    pub bytes: Bytes,
}

/// One field's change in a changelog entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ChangeItem {
    pub field: String,
    /// `jira` for system fields, `custom` for custom fields.
    pub fieldtype: &'static str,
    pub from: Option<String>,
    pub from_string: Option<String>,
    pub to: Option<String>,
    pub to_string: Option<String>,
}

/// A changelog entry: what one edit, transition or assignment changed.
#[derive(Clone, Debug)]
pub(crate) struct History {
    pub id: u64,
    pub author: Option<String>,
    pub created: i64,
    pub items: Vec<ChangeItem>,
}

/// A link from an issue to something outside Jira.
#[derive(Clone, Debug)]
pub(crate) struct RemoteLink {
    pub id: u64,
    pub global_id: Option<String>,
    /// The body as posted: `object`, `application`, `relationship`, …
    pub body: Value,
}

/// A link between two issues; `type_index` points into [`super::LINK_TYPES`].
#[derive(Clone, Debug)]
pub(crate) struct IssueLink {
    pub id: u64,
    pub type_index: usize,
    pub inward: u64,
    pub outward: u64,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Component {
    pub id: u64,
    pub project_id: u64,
    pub name: String,
    pub description: Option<String>,
    pub lead: Option<String>,
    pub assignee_type: String,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Version {
    pub id: u64,
    pub project_id: u64,
    pub name: String,
    pub description: Option<String>,
    pub archived: bool,
    pub released: bool,
    pub start_date: Option<String>,
    pub release_date: Option<String>,
}

/// What components and versions share: each belongs to one project, under a name unique there.
pub(crate) trait ProjectItem: Sized {
    fn id(&self) -> u64;
    fn project_id(&self) -> u64;
    fn name(&self) -> &str;

    /// Whether another of `items` in this one's project is called `name` (ignoring case).
    fn name_taken(&self, items: &[Self], name: &str) -> bool {
        items.iter().any(|other| {
            other.project_id() == self.project_id()
                && other.id() != self.id()
                && other.name().eq_ignore_ascii_case(name)
        })
    }
}

/// The ids and names of the `items` of project `project_id`.
pub(crate) fn of_project<T: ProjectItem>(items: &[T], project_id: u64) -> Vec<(u64, &str)> {
    items
        .iter()
        .filter(|item| item.project_id() == project_id)
        .map(|item| (item.id(), item.name()))
        .collect()
}

/// Components and versions keep the same fields under the same names.
macro_rules! project_item {
    ($($kind:ty),*) => {$(
        impl ProjectItem for $kind {
            fn id(&self) -> u64 {
                self.id
            }
            fn project_id(&self) -> u64 {
                self.project_id
            }
            fn name(&self) -> &str {
                &self.name
            }
        }
    )*};
}

project_item!(Component, Version);

/// Entity properties (issue properties, dashboard item properties): key → JSON value.
pub(crate) type Properties = BTreeMap<String, Value>;
