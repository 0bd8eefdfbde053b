//! `jira.search_issues`: the table's search, page by page, with a progress line on stderr when
//! it is a terminal.

use std::io::Write as _;

use futures_util::StreamExt as _;
use jira::methods::Invocation;
use rhai::Array;

use super::{JiraHandle, Outcome, jira_error};
use crate::host::convert::into_rhai;

impl JiraHandle {
    pub(super) fn search(&self, invocation: &Invocation) -> Outcome {
        let client = self.client()?;
        let options = jira::methods::search_options(invocation);
        let mut pages = client.search_pages(&invocation.text("jql_str"), options);
        let mut issues = Array::new();
        let mut stderr = std::io::stderr();
        while let Some(page) = self.block_on(pages.next())? {
            let page = page.map_err(|error| jira_error(&error))?;
            let total = page.total;
            issues.extend(page.issues.into_iter().map(into_rhai));
            if self.inner.progress {
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
