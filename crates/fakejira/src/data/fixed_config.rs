//! What a Jira administrator would configure and the simulator fixes: issue types, issue link
//! types and priorities, with look-ups by id or name.

/// An issue type: id, name, description.
#[derive(Debug)]
pub(crate) struct IssueType {
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub subtask: bool,
}

/// The issue types; generated issues use the first three, by index.
pub(crate) const ISSUE_TYPES: [IssueType; 5] = [
    IssueType {
        id: "10002",
        name: "Task",
        description: "A task that needs to be done.",
        subtask: false,
    },
    IssueType {
        id: "10004",
        name: "Bug",
        description: "A problem which impairs or prevents the functions of the product.",
        subtask: false,
    },
    IssueType {
        id: "10001",
        name: "Story",
        description: "A user story.",
        subtask: false,
    },
    IssueType {
        id: "10000",
        name: "Epic",
        description: "Created by Jira Software - do not edit or delete. Issue type for a big user story that needs to be broken down.",
        subtask: false,
    },
    IssueType {
        id: "10003",
        name: "Sub-task",
        description: "The sub-task of the issue",
        subtask: true,
    },
];

/// An issue link type: id, name, inward and outward descriptions.
pub(crate) const LINK_TYPES: [(&str, &str, &str, &str); 4] = [
    ("10000", "Blocks", "is blocked by", "blocks"),
    ("10001", "Cloners", "is cloned by", "clones"),
    ("10002", "Duplicate", "is duplicated by", "duplicates"),
    ("10003", "Relates", "relates to", "relates to"),
];

/// Jira's default priorities: id and name, highest first.
pub(crate) const PRIORITIES: [(&str, &str); 5] = [
    ("1", "Highest"),
    ("2", "High"),
    ("3", "Medium"),
    ("4", "Low"),
    ("5", "Lowest"),
];

/// The priority new issues get: Medium.
pub(crate) const DEFAULT_PRIORITY: usize = 2;

pub(crate) fn issue_type_index(id_or_name: &str) -> Option<usize> {
    ISSUE_TYPES
        .iter()
        .position(|kind| kind.id == id_or_name || kind.name.eq_ignore_ascii_case(id_or_name))
}

pub(crate) fn priority_index(id_or_name: &str) -> Option<usize> {
    PRIORITIES
        .iter()
        .position(|(id, name)| *id == id_or_name || name.eq_ignore_ascii_case(id_or_name))
}
