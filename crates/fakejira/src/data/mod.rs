//! The simulated Jira's content: projects, issues and what they carry, the workflow, the fixed
//! configuration, generated data and timestamps. Other modules name these through
//! `crate::data`, whichever file holds them.

pub(crate) mod agile;
mod calendar;
mod catalog;
pub(crate) mod changes;
pub(crate) mod custom_fields;
pub(crate) mod duration;
mod fixed_config;
mod generator;
mod model;
mod records;
mod store;
mod workflow;

pub(crate) use calendar::{jira_timestamp, parse_jira_timestamp, unix_now};
pub(crate) use catalog::{Catalog, exact_id};
pub(crate) use fixed_config::{
    DEFAULT_PRIORITY, ISSUE_TYPES, IssueType, LINK_TYPES, PRIORITIES, issue_type_index,
    priority_index,
};
pub(crate) use model::{DEFAULT_PROJECT_AVATAR, Issue, Project, display_name};
pub(crate) use records::{
    Attachment, ChangeItem, Comment, Component, History, IssueLink, ProjectItem, Properties,
    RemoteLink, Version, Worklog, of_project,
};
pub(crate) use workflow::{Status, transitions_from};
