//! Generated issues and projects, built deterministically so that tests and the demo see the
//! same data on every run. Issues are never stored by the generator: each is built from its
//! position when asked for (see [`super::store`]).
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

use super::fixed_config::PRIORITIES;
use super::model::{DEFAULT_PROJECT_AVATAR, Issue, Project};
use super::workflow::Status;

/// The instant generated data is dated back from: 2024-06-01T12:00:00Z.
pub(super) const BASE_TIME: i64 = 1_717_243_200;
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

/// The first generated issue's id; issue `i` has id `FIRST_ID + i`.
pub(super) const FIRST_ID: u64 = 10_001;

/// What generated issue `i` is built from (see the module doc above).
#[derive(Debug, Default)]
pub(super) struct Generator {
    pub count: usize,
    /// Project id and key, in the order issues are dealt to them.
    pub projects: Vec<(u64, String)>,
    pub users: Vec<String>,
}

impl Generator {
    /// The issues generated for the project at `index`: its next number is one past them.
    pub(super) fn count_in_project(&self, index: usize) -> u64 {
        let projects = self.projects.len().max(1);
        let extra = usize::from(index < self.count % projects);
        (self.count / projects + extra) as u64
    }

    pub(super) fn issue(&self, i: usize) -> Option<Issue> {
        let (project_id, project_key) = self.projects.get(i % self.projects.len().max(1))?;
        let created = BASE_TIME - (self.count - i) as i64 * HOURS_BETWEEN_ISSUES * 3600;
        let updated = created + (i % 5) as i64 * 5 * 3600 + 1800;
        let status = Status::ALL[i % 3];
        let pick_user = |slots: usize| self.users.get(i % slots.max(1)).cloned();
        let number = (i / self.projects.len() + 1) as u64;
        Some(Issue {
            id: FIRST_ID + i as u64,
            key: format!("{project_key}-{number}"),
            project_id: *project_id,
            number,
            issue_type: [0, 1, 2, 0][i % 4],
            summary: format!(
                "{} {}",
                SUMMARY_VERBS[i % SUMMARY_VERBS.len()],
                SUMMARY_OBJECTS[(i / SUMMARY_VERBS.len()) % SUMMARY_OBJECTS.len()]
            ),
            description: Some(format!(
                "Generated issue {} of {}. Steps to reproduce and acceptance criteria go here.",
                i + 1,
                self.count
            )),
            status,
            priority: i % PRIORITIES.len(),
            assignee: pick_user(self.users.len() + 1),
            reporter: pick_user(self.users.len()),
            labels: LABEL_SETS[i % LABEL_SETS.len()]
                .iter()
                .map(|label| (*label).to_owned())
                .collect(),
            created,
            updated,
            resolved: (status == Status::Done).then_some(updated),
            ..Issue::default()
        })
    }

    /// The position of the generated issue with key `key`, whether or not it still exists.
    pub(super) fn position_of_key(&self, key: &str) -> Option<usize> {
        let (project_key, number) = key.rsplit_once('-')?;
        let number = super::catalog::exact_id(number)?.checked_sub(1)?;
        let index = self
            .projects
            .iter()
            .position(|(_, known)| known.eq_ignore_ascii_case(project_key))?;
        let position = usize::try_from(number)
            .ok()?
            .checked_mul(self.projects.len())?
            .checked_add(index)?;
        (position < self.count).then_some(position)
    }
}

/// The first `count` projects, led by the first of `users`; their next issue numbers are set
/// once the generator knows how many issues each holds.
pub(super) fn projects(count: usize, users: &[String]) -> Vec<Project> {
    (0..count)
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
        .collect()
}
