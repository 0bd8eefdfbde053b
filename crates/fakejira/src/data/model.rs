//! Projects and issues as the simulator stores them, and the display names of users.

use std::collections::BTreeMap;

use super::{Attachment, Comment, History, Properties, RemoteLink, Status, Worklog};

#[derive(Clone, Debug, Default)]
pub(crate) struct Project {
    pub id: u64,
    pub key: String,
    pub name: String,
    pub lead: Option<String>,
    pub description: Option<String>,
    pub project_type: String,
    pub avatar_id: u64,
    pub(crate) next_number: u64,
}

/// The avatar projects start with.
pub(crate) const DEFAULT_PROJECT_AVATAR: u64 = 10324;

#[derive(Clone, Debug, Default)]
pub(crate) struct Issue {
    pub id: u64,
    pub key: String,
    pub project_id: u64,
    pub number: u64,
    pub summary: String,
    pub description: Option<String>,
    /// Index into [`ISSUE_TYPES`].
    pub issue_type: usize,
    pub status: Status,
    /// Index into [`PRIORITIES`].
    pub priority: usize,
    pub assignee: Option<String>,
    pub reporter: Option<String>,
    pub labels: Vec<String>,
    pub created: i64,
    pub updated: i64,
    pub resolved: Option<i64>,
    pub comments: Vec<Comment>,
    /// Component ids.
    pub components: Vec<u64>,
    /// Version ids (`fixVersions`).
    pub fix_versions: Vec<u64>,
    /// Version ids (`versions`, the affected versions).
    pub versions: Vec<u64>,
    /// Custom field id → stored value (see [`custom_fields::CustomField::parse`]).
    pub custom: BTreeMap<String, serde_json::Value>,
    pub original_estimate: Option<i64>,
    pub remaining_estimate: Option<i64>,
    pub worklogs: Vec<Worklog>,
    pub attachments: Vec<Attachment>,
    pub changelog: Vec<History>,
    /// The parent's id, for sub-tasks.
    pub parent: Option<u64>,
    pub properties: Properties,
    pub remote_links: Vec<RemoteLink>,
    pub watchers: Vec<String>,
    pub voters: Vec<String>,
}

impl Issue {
    /// Seconds logged in worklogs.
    pub(crate) fn time_spent(&self) -> i64 {
        self.worklogs
            .iter()
            .map(|worklog| worklog.time_spent_seconds)
            .sum()
    }
}

/// A user's display name, derived from the login name: `alice` → `Alice Example`.
pub(crate) fn display_name(name: &str) -> String {
    let mut chars = name.chars();
    let capitalized: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    format!("{capitalized} Example")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_capitalize() {
        assert_eq!(display_name("alice"), "Alice Example");
    }
}
