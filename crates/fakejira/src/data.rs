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

/// A workflow status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
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
}

pub(crate) const ISSUE_TYPES: [IssueType; 3] = [
    IssueType {
        id: "10002",
        name: "Task",
        description: "A task that needs to be done.",
    },
    IssueType {
        id: "10004",
        name: "Bug",
        description: "A problem which impairs or prevents the functions of the product.",
    },
    IssueType {
        id: "10001",
        name: "Story",
        description: "A user story.",
    },
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

#[derive(Clone, Debug)]
pub(crate) struct Project {
    pub id: u64,
    pub key: String,
    pub name: String,
    pub lead: Option<String>,
    next_number: u64,
}

#[derive(Clone, Debug)]
pub(crate) struct Comment {
    pub id: u64,
    pub author: Option<String>,
    pub body: String,
    pub created: i64,
}

#[derive(Clone, Debug)]
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
}

/// What a new issue is made of.
#[derive(Debug)]
pub(crate) struct NewIssue {
    pub project_id: u64,
    pub issue_type: usize,
    pub summary: String,
    pub description: Option<String>,
    pub priority: usize,
    pub assignee: Option<String>,
    pub reporter: Option<String>,
    pub labels: Vec<String>,
}

/// All projects and issues.
#[derive(Debug, Default)]
pub(crate) struct Catalog {
    pub projects: Vec<Project>,
    pub issues: Vec<Issue>,
    next_issue_id: u64,
    next_comment_id: u64,
}

impl Catalog {
    /// Generates `issue_count` issues across `project_count` projects (see the module doc).
    pub(crate) fn generate(issue_count: usize, project_count: usize, users: &[String]) -> Self {
        let projects = (0..project_count)
            .map(|index| {
                let (key, name) = match PROJECT_KEYS.get(index) {
                    Some((key, name)) => ((*key).to_owned(), (*name).to_owned()),
                    None => (format!("P{}", index + 1), format!("Project {}", index + 1)),
                };
                Project {
                    id: 10_000 + index as u64,
                    key,
                    name,
                    lead: users.first().cloned(),
                    next_number: 1,
                }
            })
            .collect();
        let mut catalog = Catalog {
            projects,
            issues: Vec::with_capacity(issue_count),
            next_issue_id: 10_001,
            next_comment_id: 10_000,
        };
        for i in 0..issue_count {
            catalog.push_generated(i, issue_count, users);
        }
        catalog
    }

    fn push_generated(&mut self, i: usize, total: usize, users: &[String]) {
        let project_id = self.projects[i % self.projects.len()].id;
        let created = BASE_TIME - (total - i) as i64 * HOURS_BETWEEN_ISSUES * 3600;
        let updated = created + (i % 5) as i64 * 5 * 3600 + 1800;
        let status = Status::ALL[i % 3];
        let pick_user = |slots: usize, index: usize| users.get(index % slots.max(1)).cloned();
        let new = NewIssue {
            project_id,
            issue_type: [0, 1, 2, 0][i % 4],
            summary: format!(
                "{} {}",
                SUMMARY_VERBS[i % SUMMARY_VERBS.len()],
                SUMMARY_OBJECTS[(i / SUMMARY_VERBS.len()) % SUMMARY_OBJECTS.len()]
            ),
            description: Some(format!(
                "Generated issue {} of {total}. Steps to reproduce and acceptance criteria go here.",
                i + 1
            )),
            priority: i % PRIORITIES.len(),
            assignee: pick_user(users.len() + 1, i),
            reporter: pick_user(users.len(), i),
            labels: LABEL_SETS[i % LABEL_SETS.len()]
                .iter()
                .map(|label| (*label).to_owned())
                .collect(),
        };
        if let Some(issue) = self.create_issue(new, created) {
            issue.updated = updated;
            issue.status = status;
            issue.resolved = (status == Status::Done).then_some(updated);
        }
    }

    /// Adds an issue to its project, returning it; `None` when the project does not exist.
    pub(crate) fn create_issue(&mut self, new: NewIssue, now: i64) -> Option<&mut Issue> {
        let project = self
            .projects
            .iter_mut()
            .find(|project| project.id == new.project_id)?;
        let number = project.next_number;
        project.next_number += 1;
        let issue = Issue {
            id: self.next_issue_id,
            key: format!("{}-{number}", project.key),
            project_id: project.id,
            number,
            summary: new.summary,
            description: new.description,
            issue_type: new.issue_type,
            status: Status::ToDo,
            priority: new.priority,
            assignee: new.assignee,
            reporter: new.reporter,
            labels: new.labels,
            created: now,
            updated: now,
            resolved: None,
            comments: Vec::new(),
        };
        self.next_issue_id += 1;
        self.issues.push(issue);
        self.issues.last_mut()
    }

    pub(crate) fn project(&self, id_or_key: &str) -> Option<&Project> {
        self.projects.iter().find(|project| {
            project.key.eq_ignore_ascii_case(id_or_key) || project.id.to_string() == id_or_key
        })
    }

    pub(crate) fn project_by_id(&self, id: u64) -> Option<&Project> {
        self.projects.iter().find(|project| project.id == id)
    }

    fn issue_index(&self, id_or_key: &str) -> Option<usize> {
        self.issues.iter().position(|issue| {
            issue.key.eq_ignore_ascii_case(id_or_key) || issue.id.to_string() == id_or_key
        })
    }

    pub(crate) fn issue(&self, id_or_key: &str) -> Option<&Issue> {
        self.issue_index(id_or_key).map(|index| &self.issues[index])
    }

    pub(crate) fn issue_mut(&mut self, id_or_key: &str) -> Option<&mut Issue> {
        self.issue_index(id_or_key)
            .map(|index| &mut self.issues[index])
    }

    pub(crate) fn delete_issue(&mut self, id_or_key: &str) -> bool {
        self.issue_index(id_or_key)
            .map(|index| self.issues.remove(index))
            .is_some()
    }

    /// Adds a comment to an issue, returning it.
    pub(crate) fn add_comment(
        &mut self,
        id_or_key: &str,
        author: Option<String>,
        body: String,
        now: i64,
    ) -> Option<Comment> {
        let id = self.next_comment_id;
        let issue = self.issue_mut(id_or_key)?;
        let comment = Comment {
            id,
            author,
            body,
            created: now,
        };
        issue.comments.push(comment.clone());
        issue.updated = now;
        self.next_comment_id += 1;
        Some(comment)
    }
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
    fn generated_issues_spread_round_robin() {
        let users = ["alice".to_owned(), "bob".to_owned()];
        let catalog = Catalog::generate(5, 2, &users);
        let keys: Vec<_> = catalog.issues.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["ABC-1", "OPS-1", "ABC-2", "OPS-2", "ABC-3"]);
        assert_eq!(catalog.issues[0].id, 10_001);
        assert_eq!(catalog.issues[1].status, Status::InProgress);
        assert_eq!(catalog.issues[2].assignee, None);
        assert!(catalog.issues[0].created < catalog.issues[4].created);
        assert!(catalog.issues[4].created < BASE_TIME);
    }

    #[test]
    fn display_names_capitalize() {
        assert_eq!(display_name("alice"), "Alice Example");
    }
}
