//! The simulated Jira's content: projects, issues, comments and the workflow, generated
//! deterministically so that tests and the demo see the same data on every run.
//!
//! Layout for `issues(N)` and `projects(P)`:
//! - projects take the keys `ABC`, `OPS`, `WEB`, `DATA`, `MOB`, `SEC`, `INFRA`, `QA`, then `P9`,
//!   `P10`, …; their ids are `10000`, `10001`, …; the first user (if any) leads them all;
//! - issue `i` (0-based) belongs to project `i % P` and is numbered `i / P + 1` in it, so keys go
//!   `ABC-1`, `OPS-1`, `ABC-2`, …; issue ids are `10001 + i`;
//! - statuses cycle `To Do`, `In Progress`, `Done` with `i % 3`; types `Task`, `Bug`, `Story`,
//!   `Task` with `i % 4`; priorities `Highest` … `Lowest` with `i % 5`;
//! - the reporter is user `i % U` and the assignee user `i % (U + 1)` (the last slot being
//!   unassigned), U being the users given at start;
//! - issue `i` was created `(N - i) × 9` hours before 2024-06-01T12:00:00Z, so later keys are
//!   newer, and updated up to a day later.

/// The instant generated data is dated back from: 2024-06-01T12:00:00Z.
const BASE_TIME: i64 = 1_717_243_200;
const HOURS_BETWEEN_ISSUES: i64 = 9;

const PROJECT_KEYS: [(&str, &str); 8] = [
    ("ABC", "Alpha Business Core"),
    ("OPS", "Operations"),
    ("WEB", "Website"),
    ("DATA", "Data Platform"),
    ("MOB", "Mobile"),
    ("SEC", "Security"),
    ("INFRA", "Infrastructure"),
    ("QA", "Quality Assurance"),
];

const SUMMARY_VERBS: [&str; 5] = ["Fix", "Add", "Improve", "Document", "Remove"];
const SUMMARY_OBJECTS: [&str; 8] = [
    "login page",
    "search API",
    "build pipeline",
    "license report",
    "dashboard gadget",
    "email notifications",
    "backup job",
    "user import",
];
const LABEL_SETS: [&[&str]; 4] = [&[], &["backend"], &["frontend", "ux"], &["ops"]];

pub(crate) mod agile;
pub(crate) mod changes;
pub(crate) mod custom_fields;
pub(crate) mod duration;
mod records;
mod store;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

pub(crate) use records::{
    Attachment, ChangeItem, Comment, Component, History, IssueLink, ProjectItem, Properties,
    RemoteLink, Version, Worklog, of_project,
};
use store::{Generator, IssueStore};

/// A workflow status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) enum Status {
    #[default]
    ToDo,
    InProgress,
    Done,
}

impl Status {
    pub(crate) const ALL: [Status; 3] = [Status::ToDo, Status::InProgress, Status::Done];

    /// Jira's ids for the default workflow's statuses.
    pub(crate) fn id(self) -> &'static str {
        match self {
            Status::ToDo => "10000",
            Status::InProgress => "3",
            Status::Done => "10001",
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Status::ToDo => "To Do",
            Status::InProgress => "In Progress",
            Status::Done => "Done",
        }
    }

    /// The status category: id, key, name and colour, as Jira reports them.
    pub(crate) fn category(self) -> (u32, &'static str, &'static str, &'static str) {
        match self {
            Status::ToDo => (2, "new", "To Do", "blue-gray"),
            Status::InProgress => (4, "indeterminate", "In Progress", "yellow"),
            Status::Done => (3, "done", "Done", "green"),
        }
    }
}

/// A transition of the workflow `To Do → In Progress → Done`.
#[derive(Debug)]
pub(crate) struct Transition {
    pub id: &'static str,
    pub name: &'static str,
    pub from: &'static [Status],
    pub to: Status,
}

/// The workflow every issue follows.
pub(crate) const WORKFLOW: [Transition; 4] = [
    Transition {
        id: "11",
        name: "Start Progress",
        from: &[Status::ToDo],
        to: Status::InProgress,
    },
    Transition {
        id: "21",
        name: "Stop Progress",
        from: &[Status::InProgress],
        to: Status::ToDo,
    },
    Transition {
        id: "31",
        name: "Done",
        from: &[Status::ToDo, Status::InProgress],
        to: Status::Done,
    },
    Transition {
        id: "41",
        name: "Reopen",
        from: &[Status::Done],
        to: Status::ToDo,
    },
];

/// The transitions available from `status`.
pub(crate) fn transitions_from(status: Status) -> impl Iterator<Item = &'static Transition> {
    WORKFLOW
        .iter()
        .filter(move |transition| transition.from.contains(&status))
}

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

/// All projects and issues.
#[derive(Debug, Default)]
pub(crate) struct Catalog {
    pub projects: Vec<Project>,
    /// Changed only through the methods here, which call [`Catalog::touch`] so that nothing
    /// derived from the issues outlives a change.
    issues: IssueStore,
    /// What is derived from the issues (search results, sub-tasks), until the next change.
    derived: Derived,
    pub components: Vec<Component>,
    pub versions: Vec<Version>,
    pub links: Vec<IssueLink>,
    next_issue_id: u64,
    /// The next id per kind of record (`comment`, `worklog`, …), each from 10000 as in Jira.
    next_ids: HashMap<&'static str, u64>,
}

/// Facts computed from the issues on first need and dropped by [`Catalog::touch`].
#[derive(Debug, Default)]
struct Derived {
    /// Positions of the matches of each query run, in the query's order.
    searches: Mutex<HashMap<SearchKey, Arc<[usize]>>>,
    /// Positions of each issue's sub-tasks, by parent id.
    subtasks: OnceLock<HashMap<u64, Vec<usize>>>,
}

/// A query as run: its text in canonical form and what `currentUser()` meant.
pub(crate) type SearchKey = (String, Option<String>);

/// Searches remembered at most; beyond that the memory is cleared, so that a client trying many
/// distinct queries cannot make it grow without bound.
const MAX_CACHED_SEARCHES: usize = 64;

impl Catalog {
    /// The issues in creation order, each with its position (see [`Catalog::issue_at`]).
    /// Generated issues are built as they are reached, so this costs time, not memory.
    pub(crate) fn positioned_issues(&self) -> impl Iterator<Item = (usize, Cow<'_, Issue>)> {
        (0..self.issues.end()).filter_map(|position| Some((position, self.issues.at(position)?)))
    }

    /// The issues in creation order.
    pub(crate) fn issues(&self) -> impl Iterator<Item = Cow<'_, Issue>> {
        self.positioned_issues().map(|(_, issue)| issue)
    }

    /// The issue at `position`, `None` once deleted. Positions stay valid until the next change.
    pub(crate) fn issue_at(&self, position: usize) -> Option<Cow<'_, Issue>> {
        self.issues.at(position)
    }

    /// The issues written to since start, in creation order: the only ones that can hold
    /// comments, components, versions, custom field values, attachments or a parent, since
    /// generated issues have none.
    pub(crate) fn written_issues(&self) -> impl Iterator<Item = &Issue> {
        self.issues.written().map(|(_, issue)| issue)
    }

    /// Forgets everything derived from the issues; called before any change to them.
    fn touch(&mut self) {
        self.derived = Derived::default();
    }

    /// The positions of a search's matches, computed by `run` unless a search with the same
    /// `key` ran since the last change.
    pub(crate) fn search<E>(
        &self,
        key: SearchKey,
        run: impl FnOnce() -> Result<Vec<usize>, E>,
    ) -> Result<Arc<[usize]>, E> {
        let mut searches = self
            .derived
            .searches
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(found) = searches.get(&key) {
            return Ok(Arc::clone(found));
        }
        let found: Arc<[usize]> = run()?.into();
        if searches.len() >= MAX_CACHED_SEARCHES {
            searches.clear();
        }
        searches.insert(key, Arc::clone(&found));
        Ok(found)
    }

    /// The sub-tasks of the issue with `id`.
    pub(crate) fn subtasks(&self, id: u64) -> impl Iterator<Item = Cow<'_, Issue>> {
        let index = self.derived.subtasks.get_or_init(|| {
            let mut index: HashMap<u64, Vec<usize>> = HashMap::new();
            for (position, issue) in self.issues.written() {
                if let Some(parent) = issue.parent {
                    index.entry(parent).or_default().push(position);
                }
            }
            index
        });
        index
            .get(&id)
            .into_iter()
            .flatten()
            .filter_map(|position| self.issues.at(*position))
    }

    /// Generates `issue_count` issues across `project_count` projects (see the module doc).
    pub(crate) fn generate(issue_count: usize, project_count: usize, users: &[String]) -> Self {
        let mut projects: Vec<Project> = (0..project_count)
            .map(|index| {
                let (key, name) = match PROJECT_KEYS.get(index) {
                    Some((key, name)) => ((*key).to_owned(), (*name).to_owned()),
                    None => (format!("P{}", index + 1), format!("Project {}", index + 1)),
                };
                Project {
                    id: 10_000 + index as u64,
                    description: Some(format!("The {name} project.")),
                    key,
                    name,
                    lead: users.first().cloned(),
                    project_type: "software".to_owned(),
                    avatar_id: DEFAULT_PROJECT_AVATAR,
                    next_number: 1,
                }
            })
            .collect();
        // Without a project there is nowhere to put issues, as before when each was created.
        let issue_count = if projects.is_empty() { 0 } else { issue_count };
        let generator = Generator {
            count: issue_count,
            projects: projects
                .iter()
                .map(|project| (project.id, project.key.clone()))
                .collect(),
            users: users.to_vec(),
        };
        for (index, project) in projects.iter_mut().enumerate() {
            project.next_number = generator.count_in_project(index) + 1;
        }
        let mut catalog = Catalog {
            projects,
            issues: IssueStore::new(generator),
            next_issue_id: store::FIRST_ID + issue_count as u64,
            ..Catalog::default()
        };
        catalog.seed_components_and_versions();
        catalog
    }
    /// Two components and two versions (1.0 released, 2.0 not) per project.
    fn seed_components_and_versions(&mut self) {
        let project_ids: Vec<u64> = self.projects.iter().map(|project| project.id).collect();
        for project_id in project_ids {
            for name in ["Backend", "Frontend"] {
                let id = self.next_id("component");
                self.components.push(Component {
                    id,
                    project_id,
                    name: name.to_owned(),
                    description: Some(format!("The {} side.", name.to_lowercase())),
                    lead: None,
                    assignee_type: "PROJECT_DEFAULT".to_owned(),
                });
            }
            for (name, released) in [("1.0", true), ("2.0", false)] {
                let id = self.next_id("version");
                self.versions.push(Version {
                    id,
                    project_id,
                    name: name.to_owned(),
                    description: Some(format!("Release {name}")),
                    released,
                    release_date: released.then(|| "2024-05-01".to_owned()),
                    ..Version::default()
                });
            }
        }
    }

    /// The next id for a record of `kind`.
    pub(crate) fn next_id(&mut self, kind: &'static str) -> u64 {
        let next = self.next_ids.entry(kind).or_insert(10_000);
        let id = *next;
        *next += 1;
        id
    }

    /// Adds `draft` to its project with a fresh id, key and dates, returning it; `None` when
    /// the project does not exist.
    pub(crate) fn create_issue(&mut self, draft: Issue, now: i64) -> Option<&mut Issue> {
        let project = self
            .projects
            .iter_mut()
            .find(|project| project.id == draft.project_id)?;
        let number = project.next_number;
        project.next_number += 1;
        let issue = Issue {
            id: self.next_issue_id,
            key: format!("{}-{number}", project.key),
            number,
            status: Status::ToDo,
            created: now,
            updated: now,
            resolved: None,
            ..draft
        };
        self.next_issue_id += 1;
        self.touch();
        Some(self.issues.push(issue))
    }

    /// Adds a project with the next free id; the caller checked that the key is free.
    pub(crate) fn create_project(&mut self, mut project: Project) -> Project {
        project.id = self
            .projects
            .iter()
            .map(|p| p.id + 1)
            .max()
            .unwrap_or(10_000);
        project.next_number = 1;
        self.projects.push(project.clone());
        project
    }

    /// Removes a project with its issues, components and versions.
    pub(crate) fn delete_project(&mut self, id: u64) {
        self.projects.retain(|project| project.id != id);
        self.touch();
        self.issues.remove_project(id);
        self.components
            .retain(|component| component.project_id != id);
        self.versions.retain(|version| version.project_id != id);
        self.drop_dangling_links();
    }

    /// Deletes the issue with `id` and its sub-tasks, with the links to them.
    pub(crate) fn delete_issue(&mut self, id: u64) {
        let mut gone: Vec<u64> = self
            .written_issues()
            .filter(|issue| issue.parent == Some(id))
            .map(|issue| issue.id)
            .collect();
        gone.push(id);
        self.touch();
        self.issues.remove(&gone);
        self.drop_dangling_links();
    }

    fn drop_dangling_links(&mut self) {
        let issues = &self.issues;
        let exists = |id: u64| issues.position("", Some(id)).is_some();
        self.links
            .retain(|link| exists(link.inward) && exists(link.outward));
    }

    pub(crate) fn project(&self, id_or_key: &str) -> Option<&Project> {
        self.projects.iter().find(|project| {
            project.key.eq_ignore_ascii_case(id_or_key) || project.id.to_string() == id_or_key
        })
    }

    pub(crate) fn project_by_id(&self, id: u64) -> Option<&Project> {
        self.projects.iter().find(|project| project.id == id)
    }

    /// The position (see [`Catalog::issue_at`]) of the issue with this id or key.
    pub(crate) fn issue_index(&self, id_or_key: &str) -> Option<usize> {
        self.issues.position(id_or_key, exact_id(id_or_key))
    }

    pub(crate) fn issue(&self, id_or_key: &str) -> Option<Cow<'_, Issue>> {
        self.issues.at(self.issue_index(id_or_key)?)
    }

    pub(crate) fn issue_mut(&mut self, id_or_key: &str) -> Option<&mut Issue> {
        let index = self.issue_index(id_or_key)?;
        self.issue_at_mut(index)
    }

    /// The issue at `position`, to change: every derived fact is dropped first.
    pub(crate) fn issue_at_mut(&mut self, position: usize) -> Option<&mut Issue> {
        self.touch();
        self.issues.at_mut(position)
    }

    pub(crate) fn issue_by_id_mut(&mut self, id: u64) -> Option<&mut Issue> {
        let position = self.issues.position("", Some(id))?;
        self.issue_at_mut(position)
    }

    /// Adds a comment to an issue, returning it.
    pub(crate) fn add_comment(
        &mut self,
        id_or_key: &str,
        author: Option<String>,
        body: String,
        visibility: Option<serde_json::Value>,
        now: i64,
    ) -> Option<Comment> {
        self.issue(id_or_key)?;
        let id = self.next_id("comment");
        let issue = self.issue_mut(id_or_key)?;
        let comment = Comment {
            id,
            update_author: author.clone(),
            author,
            body,
            created: now,
            updated: now,
            visibility,
        };
        issue.comments.push(comment.clone());
        issue.updated = now;
        Some(comment)
    }

    pub(crate) fn issue_by_id(&self, id: u64) -> Option<Cow<'_, Issue>> {
        self.issues.at(self.issues.position("", Some(id))?)
    }

    /// The issue holding attachment `id`, and the attachment.
    pub(crate) fn attachment(&self, id: u64) -> Option<(&Issue, &Attachment)> {
        self.written_issues().find_map(|issue| {
            issue
                .attachments
                .iter()
                .find(|attachment| attachment.id == id)
                .map(|attachment| (issue, attachment))
        })
    }
}

/// The number `text` spells exactly as Rust prints it (no sign, no leading zeros), so that
/// comparing ids as numbers agrees with comparing them as text.
pub(crate) fn exact_id(text: &str) -> Option<u64> {
    text.parse::<u64>().ok().filter(|id| id.to_string() == text)
}

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

/// A user's display name, derived from the login name: `alice` → `Alice Example`.
pub(crate) fn display_name(name: &str) -> String {
    let mut chars = name.chars();
    let capitalized: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    format!("{capitalized} Example")
}

/// Seconds since the Unix epoch.
pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

/// A timestamp as Jira writes it: `2024-06-01T12:00:00.000+0000`.
pub(crate) fn jira_timestamp(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let seconds_of_day = unix_seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000+0000",
        seconds_of_day / 3600,
        seconds_of_day % 3600 / 60,
        seconds_of_day % 60
    )
}

/// Reads `2024-06-01T12:00:00.000+0000` (also without milliseconds, with `Z`, or with a
/// `+02:00` offset) as seconds since the Unix epoch.
pub(crate) fn parse_jira_timestamp(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, time) = text.split_once('T')?;
    let mut date_parts = date.splitn(3, '-').map(str::parse::<i64>);
    let (year, month, day) = (
        date_parts.next()?.ok()?,
        date_parts.next()?.ok()?,
        date_parts.next()?.ok()?,
    );
    let offset_at = time.find(['+', '-', 'Z']).unwrap_or(time.len());
    let (clock, offset) = time.split_at(offset_at);
    let clock = clock.split('.').next()?;
    let mut clock_parts = clock.splitn(3, ':').map(str::parse::<i64>);
    let hour = clock_parts.next()?.ok()?;
    let minute = clock_parts.next()?.ok()?;
    let second = clock_parts.next().map_or(Some(0), Result::ok)?;
    let offset_seconds = match offset {
        "" | "Z" => 0,
        signed => {
            let sign = if signed.starts_with('-') { -1 } else { 1 };
            let digits: String = signed[1..].chars().filter(char::is_ascii_digit).collect();
            if digits.len() != 4 {
                return None;
            }
            let hours: i64 = digits[..2].parse().ok()?;
            let minutes: i64 = digits[2..].parse().ok()?;
            sign * (hours * 3600 + minutes * 60)
        }
    };
    let valid = (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && (0..24).contains(&hour)
        && (0..60).contains(&minute)
        && (0..61).contains(&second);
    valid.then(|| {
        days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
            - offset_seconds
    })
}

/// Howard Hinnant's `days_from_civil`: the day count since 1970-01-01 of a Gregorian date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let shifted_month = (month + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Howard Hinnant's `civil_from_days`: the proleptic Gregorian date of a day count since
/// 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_jira_shaped() {
        assert_eq!(jira_timestamp(BASE_TIME), "2024-06-01T12:00:00.000+0000");
        assert_eq!(jira_timestamp(0), "1970-01-01T00:00:00.000+0000");
        assert_eq!(jira_timestamp(951_782_400), "2000-02-29T00:00:00.000+0000");
    }

    #[test]
    fn timestamps_read_back() {
        for seconds in [0, BASE_TIME, 951_782_400, 1_234_567_890] {
            assert_eq!(
                parse_jira_timestamp(&jira_timestamp(seconds)),
                Some(seconds)
            );
        }
        assert_eq!(
            parse_jira_timestamp("2024-06-01T14:00:00.000+0200"),
            Some(BASE_TIME)
        );
        assert_eq!(
            parse_jira_timestamp("2024-06-01T12:00:00Z"),
            Some(BASE_TIME)
        );
        assert_eq!(
            parse_jira_timestamp("2024-06-01T11:30:00-00:30"),
            Some(BASE_TIME)
        );
        assert_eq!(parse_jira_timestamp("yesterday"), None);
        assert_eq!(parse_jira_timestamp("2024-13-01T00:00:00.000+0000"), None);
    }

    #[test]
    fn generated_issues_spread_round_robin() {
        let users = ["alice".to_owned(), "bob".to_owned()];
        let catalog = Catalog::generate(5, 2, &users);
        let issues: Vec<_> = catalog.issues().collect();
        let keys: Vec<_> = issues.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["ABC-1", "OPS-1", "ABC-2", "OPS-2", "ABC-3"]);
        assert_eq!(issues[0].id, 10_001);
        assert_eq!(issues[1].status, Status::InProgress);
        assert_eq!(issues[2].assignee, None);
        assert!(issues[0].created < issues[4].created);
        assert!(issues[4].created < BASE_TIME);
    }

    #[test]
    fn generated_issues_are_found_by_key_and_id_and_kept_once_changed() {
        let catalog_of = || Catalog::generate(7, 3, &["alice".to_owned()]);
        let mut catalog = catalog_of();
        assert_eq!(catalog.issue("web-2").map(|i| i.id), Some(10_006));
        assert_eq!(
            catalog.issue("10006").map(|i| i.key.clone()).as_deref(),
            Some("WEB-2")
        );
        assert!(
            catalog.issue("WEB-3").is_none(),
            "only 7 issues: ABC-3 is the last"
        );
        assert!(catalog.issue("ABC-0").is_none());
        assert!(catalog.issue("10008").is_none());
        assert_eq!(catalog.project("OPS").map(|p| p.next_number), Some(3));
        assert_eq!(catalog.project("ABC").map(|p| p.next_number), Some(4));
        if let Some(issue) = catalog.issue_mut("OPS-1") {
            issue.summary = "Changed".to_owned();
        }
        assert_eq!(
            catalog.issue("OPS-1").map(|i| i.summary.clone()).as_deref(),
            Some("Changed")
        );
        assert_eq!(catalog.written_issues().count(), 1);
        catalog.delete_issue(10_001);
        assert!(catalog.issue("ABC-1").is_none());
        assert_eq!(catalog.issues().count(), 6);
        catalog.delete_project(10_001);
        let keys: Vec<_> = catalog.issues().map(|i| i.key.clone()).collect();
        assert_eq!(keys, ["WEB-1", "ABC-2", "WEB-2", "ABC-3"]);
        assert_eq!(catalog.written_issues().count(), 0);
        let untouched = catalog_of();
        for (position, issue) in untouched.positioned_issues() {
            assert_eq!(untouched.issue_index(&issue.key), Some(position));
        }
    }

    #[test]
    fn display_names_capitalize() {
        assert_eq!(display_name("alice"), "Alice Example");
    }
}
