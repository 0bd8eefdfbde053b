//! The catalog: every project, issue, component, version and issue link, the ids records take,
//! and what is derived from the issues (search results, sub-tasks) until the next change.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use super::generator::{self, Generator};
use super::store::IssueStore;
use super::{Attachment, Comment, Component, Issue, IssueLink, Project, Status, Version};

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

    /// Generates `issue_count` issues across `project_count` projects (see [`super::generator`]).
    pub(crate) fn generate(issue_count: usize, project_count: usize, users: &[String]) -> Self {
        let mut projects = generator::projects(project_count, users);
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
            next_issue_id: generator::FIRST_ID + issue_count as u64,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::generator::BASE_TIME;

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
}
