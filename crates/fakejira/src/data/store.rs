//! Where the issues live. Generated issues are not stored: each is built from its position when
//! asked for, so that a million of them cost a few bytes at start. Only the issues written to
//! since (changed generated ones and created ones) are kept in full.

use super::generator::{FIRST_ID, Generator};
use super::model::Issue;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

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
