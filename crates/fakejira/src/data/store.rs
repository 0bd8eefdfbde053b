//! Where the issues live. Generated issues are not stored: each is built from its position when
//! asked for, so that a million of them cost a few bytes at start. Only the issues written to
//! since (changed generated ones and created ones) are kept in full.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

use super::{
    BASE_TIME, HOURS_BETWEEN_ISSUES, Issue, LABEL_SETS, PRIORITIES, SUMMARY_OBJECTS, SUMMARY_VERBS,
    Status,
};

/// The first generated issue's id; issue `i` has id `FIRST_ID + i`.
pub(super) const FIRST_ID: u64 = 10_001;

/// What generated issue `i` is built from (see the module doc of [`super`]).
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

    fn issue(&self, i: usize) -> Option<Issue> {
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
    fn position_of_key(&self, key: &str) -> Option<usize> {
        let (project_key, number) = key.rsplit_once('-')?;
        let number = super::exact_id(number)?.checked_sub(1)?;
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

/// Issues by position: `0..generator.count` are the generated ones, the created ones follow.
#[derive(Debug, Default)]
pub(super) struct IssueStore {
    generator: Generator,
    /// Generated issues written to since, by position.
    changed: BTreeMap<usize, Issue>,
    /// Positions of deleted generated issues.
    removed: HashSet<usize>,
    /// Projects deleted: their generated issues went with them.
    removed_projects: Vec<u64>,
    created: Vec<Issue>,
}

impl IssueStore {
    pub(super) fn new(generator: Generator) -> Self {
        IssueStore {
            generator,
            ..IssueStore::default()
        }
    }

    /// One past the last position.
    pub(super) fn end(&self) -> usize {
        self.generator.count + self.created.len()
    }

    fn generated_exists(&self, position: usize) -> bool {
        let project = self
            .generator
            .projects
            .get(position % self.generator.projects.len().max(1));
        position < self.generator.count
            && !self.removed.contains(&position)
            && project.is_some_and(|(id, _)| !self.removed_projects.contains(id))
    }

    pub(super) fn at(&self, position: usize) -> Option<Cow<'_, Issue>> {
        if position >= self.generator.count {
            return self
                .created
                .get(position - self.generator.count)
                .map(Cow::Borrowed);
        }
        if !self.generated_exists(position) {
            return None;
        }
        match self.changed.get(&position) {
            Some(issue) => Some(Cow::Borrowed(issue)),
            None => self.generator.issue(position).map(Cow::Owned),
        }
    }

    /// The issue at `position`, stored from now on since it is about to be written to.
    pub(super) fn at_mut(&mut self, position: usize) -> Option<&mut Issue> {
        if position >= self.generator.count {
            return self.created.get_mut(position - self.generator.count);
        }
        if !self.generated_exists(position) {
            return None;
        }
        if !self.changed.contains_key(&position) {
            let issue = self.generator.issue(position)?;
            self.changed.insert(position, issue);
        }
        self.changed.get_mut(&position)
    }

    /// The position of the issue with key `key` or id `id`.
    pub(super) fn position(&self, key: &str, id: Option<u64>) -> Option<usize> {
        let generated = self.generator.position_of_key(key).or_else(|| {
            let offset = usize::try_from(id?.checked_sub(FIRST_ID)?).ok()?;
            (offset < self.generator.count).then_some(offset)
        });
        if let Some(position) = generated.filter(|position| self.generated_exists(*position)) {
            return Some(position);
        }
        self.created
            .iter()
            .position(|issue| issue.key.eq_ignore_ascii_case(key) || Some(issue.id) == id)
            .map(|index| self.generator.count + index)
    }

    /// The issues written to since generation, in order: the only ones that can carry anything
    /// generation leaves empty (comments, components, versions, custom fields, attachments,
    /// parents, …).
    pub(super) fn written(&self) -> impl Iterator<Item = (usize, &Issue)> {
        self.changed
            .iter()
            .filter(|(position, _)| self.generated_exists(**position))
            .map(|(position, issue)| (*position, issue))
            .chain(
                self.created
                    .iter()
                    .enumerate()
                    .map(|(index, issue)| (self.generator.count + index, issue)),
            )
    }

    pub(super) fn push(&mut self, issue: Issue) -> &mut Issue {
        self.created.push(issue);
        let last = self.created.len() - 1;
        &mut self.created[last]
    }

    /// Deletes the issues with these ids; created issues after them move up a position.
    pub(super) fn remove(&mut self, ids: &[u64]) {
        for id in ids {
            if let Some(position) = self.position("", Some(*id))
                && position < self.generator.count
            {
                self.removed.insert(position);
                self.changed.remove(&position);
            }
        }
        self.created.retain(|issue| !ids.contains(&issue.id));
    }

    pub(super) fn remove_project(&mut self, project_id: u64) {
        self.removed_projects.push(project_id);
        self.changed
            .retain(|_, issue| issue.project_id != project_id);
        self.created.retain(|issue| issue.project_id != project_id);
    }
}
