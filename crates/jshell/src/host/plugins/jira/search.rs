//! Lazy streams for scripts. `jira.issues` hands the script a stream of issues whose pages are
//! fetched ahead by a task on the runtime and checked there while the script works (each issue
//! reaches the script as an [`Issue`], its text until the script looks inside);
//! `jira.search_issues` collects that same stream into an array (with a progress line on
//! stderr when it is a terminal). `jira.pages` streams the items of any paged resource, a page
//! at a time.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::Write as _;
use std::rc::Rc;

use jira::methods::Invocation;
use jira::{PageCursor, PrefetchedPages};
use rhai::{Array, Dynamic, EvalAltResult};
use serde_json::Value;

use super::{JiraHandle, Outcome, jira_error};
use crate::host::convert::into_rhai;
use crate::host::issue::{Issue, IssueText};

/// What `jira.issues(jql)` and `jira.pages(path)` return: iterate it with `for`.
#[derive(Clone)]
pub struct ItemStream {
    state: Rc<RefCell<StreamState>>,
}

struct StreamState {
    handle: JiraHandle,
    /// `None` once the last page was taken or a failure ended the stream.
    source: Option<Source>,
    items: VecDeque<Item>,
    /// What the server says matches, once known.
    total: Option<u64>,
}

/// Where the pages come from.
enum Source {
    Issues(PrefetchedPages<IssueText>),
    Pages(Box<PageCursor>),
}

/// One item of a page, not yet a Rhai value.
enum Item {
    Json(Value),
    Issue(IssueText),
}

impl Item {
    fn into_rhai(self) -> Dynamic {
        match self {
            Self::Json(value) => into_rhai(value),
            Self::Issue(issue) => Dynamic::from(Issue::from(issue)),
        }
    }
}

/// One page's items, or the end, or why the stream stopped.
type Fetched = Result<Option<(Vec<Item>, Option<u64>)>, Box<EvalAltResult>>;

impl StreamState {
    fn fetch(&mut self) -> Fetched {
        let handle = self.handle.clone();
        let Some(source) = self.source.as_mut() else {
            return Ok(None);
        };
        match source {
            Source::Issues(pages) => match handle.block_on(pages.next())? {
                Some(Ok(page)) => Ok(Some((
                    page.issues.into_iter().map(Item::Issue).collect(),
                    page.total,
                ))),
                Some(Err(error)) => Err(jira_error(&error)),
                None => Ok(None),
            },
            Source::Pages(cursor) => match handle.block_on(cursor.next_page())? {
                Ok(Some(items)) => Ok(Some((items.into_iter().map(Item::Json).collect(), None))),
                Ok(None) => Ok(None),
                Err(error) => Err(jira_error(&error)),
            },
        }
    }
}

impl ItemStream {
    fn new(handle: &JiraHandle, source: Source) -> Self {
        Self {
            state: Rc::new(RefCell::new(StreamState {
                handle: handle.clone(),
                source: Some(source),
                items: VecDeque::new(),
                total: None,
            })),
        }
    }

    /// The next item, fetching the next page when this one is used up.
    fn next_item(&self) -> Option<Result<Dynamic, Box<EvalAltResult>>> {
        let mut state = self.state.borrow_mut();
        loop {
            if let Some(item) = state.items.pop_front() {
                return Some(Ok(item.into_rhai()));
            }
            match state.fetch() {
                Ok(Some((items, total))) => {
                    state.total = total.or(state.total);
                    state.items.extend(items);
                }
                Ok(None) => {
                    state.source = None;
                    return None;
                }
                Err(error) => {
                    state.source = None;
                    return Some(Err(error));
                }
            }
        }
    }
}

/// Iterates an [`ItemStream`] for Rhai's `for`.
pub struct ItemIter(ItemStream);

impl Iterator for ItemIter {
    type Item = Result<Dynamic, Box<EvalAltResult>>;

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next_item()
    }
}

impl IntoIterator for ItemStream {
    type Item = Result<Dynamic, Box<EvalAltResult>>;
    type IntoIter = ItemIter;

    fn into_iter(self) -> ItemIter {
        ItemIter(self)
    }
}

impl JiraHandle {
    /// `jira.issues(jql, #{…})`: nothing is fetched until the script iterates.
    pub(super) fn issue_stream(
        &self,
        invocation: &Invocation,
    ) -> Result<ItemStream, Box<EvalAltResult>> {
        let client = self.client()?;
        let options = jira::methods::search_options(invocation, &client);
        let pages = {
            let _runtime = self.inner.runtime.enter();
            client.prefetched_pages_decoded(
                &invocation.text("jql_str"),
                options,
                IssueText::decode,
                IssueText::identity,
            )
        };
        Ok(ItemStream::new(self, Source::Issues(pages)))
    }

    /// `jira.pages(path, #{query})`: nothing is fetched until the script iterates.
    pub(super) fn page_stream(
        &self,
        invocation: &Invocation,
    ) -> Result<ItemStream, Box<EvalAltResult>> {
        let client = self.client()?;
        let cursor = PageCursor::new(&client, jira::methods::page_request(invocation));
        Ok(ItemStream::new(self, Source::Pages(Box::new(cursor))))
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
