//! Searching from scripts, through one path: `jira.issues` hands the script a lazy stream of
//! issues, and `jira.search_issues` collects that same stream into an array (with a progress
//! line on stderr when it is a terminal). Pages are fetched ahead by a task on the runtime and
//! parsed there while the script works.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::Write as _;
use std::rc::Rc;

use jira::PrefetchedPages;
use jira::methods::Invocation;
use rhai::{Array, Dynamic, EvalAltResult};
use serde_json::Value;

use super::{JiraHandle, Outcome, jira_error};
use crate::host::convert::into_rhai;

/// What `jira.issues(jql)` returns: iterate it with `for`.
#[derive(Clone)]
pub struct IssueStream {
    state: Rc<RefCell<StreamState>>,
}

struct StreamState {
    handle: JiraHandle,
    /// `None` once the last page was taken or a failure ended the stream.
    pages: Option<PrefetchedPages>,
    issues: VecDeque<Value>,
    /// What the server says matches, once known.
    total: Option<u64>,
}

impl IssueStream {
    /// The next issue, fetching the next page when this one is used up.
    fn next_issue(&self) -> Option<Result<Dynamic, Box<EvalAltResult>>> {
        let mut state = self.state.borrow_mut();
        loop {
            if let Some(issue) = state.issues.pop_front() {
                return Some(Ok(into_rhai(issue)));
            }
            let handle = state.handle.clone();
            let pages = state.pages.as_mut()?;
            let page = match handle.block_on(pages.next()) {
                Ok(Some(Ok(page))) => page,
                Ok(None) => {
                    state.pages = None;
                    return None;
                }
                Ok(Some(Err(error))) => {
                    state.pages = None;
                    return Some(Err(jira_error(&error)));
                }
                Err(interrupted) => {
                    state.pages = None;
                    return Some(Err(interrupted));
                }
            };
            state.total = page.total.or(state.total);
            state.issues.extend(page.issues);
        }
    }
}

/// Iterates an [`IssueStream`] for Rhai's `for`.
pub struct IssueIter(IssueStream);

impl Iterator for IssueIter {
    type Item = Result<Dynamic, Box<EvalAltResult>>;

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next_issue()
    }
}

impl IntoIterator for IssueStream {
    type Item = Result<Dynamic, Box<EvalAltResult>>;
    type IntoIter = IssueIter;

    fn into_iter(self) -> IssueIter {
        IssueIter(self)
    }
}

impl JiraHandle {
    /// `jira.issues(jql, #{…})`: nothing is fetched until the script iterates.
    pub(super) fn issue_stream(
        &self,
        invocation: &Invocation,
    ) -> Result<IssueStream, Box<EvalAltResult>> {
        let client = self.client()?;
        let options = jira::methods::search_options(invocation, &client);
        let pages = {
            let _runtime = self.inner.runtime.enter();
            client.prefetched_pages(&invocation.text("jql_str"), options)
        };
        Ok(IssueStream {
            state: Rc::new(RefCell::new(StreamState {
                handle: self.clone(),
                pages: Some(pages),
                issues: VecDeque::new(),
                total: None,
            })),
        })
    }

    /// `jira.search_issues(jql, #{…})`: the same stream, collected.
    pub(super) fn search(&self, invocation: &Invocation) -> Outcome {
        let stream = self.issue_stream(invocation)?;
        let mut issues = Array::new();
        let mut stderr = std::io::stderr();
        for issue in stream.clone() {
            issues.push(issue?);
            if self.inner.progress && issues.len().is_multiple_of(100) {
                let total = stream.state.borrow().total;
                let total = total.map_or_else(|| "?".to_owned(), |t| t.to_string());
                let _ = write!(stderr, "\rfetched {} of {total} issues", issues.len());
                let _ = stderr.flush();
            }
        }
        if self.inner.progress {
            let _ = write!(stderr, "\r\x1b[2K");
            let _ = stderr.flush();
        }
        Ok(issues.into())
    }
}
