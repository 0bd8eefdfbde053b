//! Searching with JQL: every issue as one array, or as a lazy stream.

use futures_util::TryStreamExt as _;
use serde_json::Value;

use super::super::Invocation;
use super::super::call::value_text;
use super::super::spec::{Kind, MethodSpec, Opt};
use super::{EXPAND, Outcome, custom, handled, json, method};
use crate::SearchOptions;
use crate::client::Client;

pub(super) const METHODS: &[MethodSpec] = &[
    method!(
        "search_issues",
        Search,
        "Every issue matching the JQL as one array of `Issue`s (they read like maps; `issue.raw` is the map), fetched page by page (`concurrency` pages at once) and returned in order; `max_results` (or python-jira's `maxResults`) stops early. Progress shows on stderr when it is a terminal. For large results prefer `jira.issues`, which holds only a few pages at a time.",
        [handled("jql_str", Kind::Text)],
        [
            Opt::handler("fields", Kind::List),
            EXPAND,
            Opt::handler("max_results", Kind::Int),
            Opt::handler("maxResults", Kind::Int),
            Opt::handler("page_size", Kind::Int),
            Opt::handler("concurrency", Kind::Int)
        ],
        custom!(search_issues, Issues)
    ),
    method!(
        "issues",
        Search,
        "Every issue matching the JQL as a lazy stream of `Issue`s for `for issue in jira.issues(jql) { … }`: pages are fetched ahead (`concurrency` at once) and parsed while the script works, so memory stays bounded by a few pages whatever the result's size; `break` stops fetching. An issue the script does not change is written by `json::to_string` as the server sent it. Order, duplicates across pages, short pages and a result that changes mid-export are handled as in `search_issues` (one that shrinks is an error, never a short list; one that grows is followed to its end). `page_size` defaults to 100 issues, or 1,000 over OAuth 1.0a (one RSA signature per page), where such a page counts as ten against `concurrency`.",
        [handled("jql_str", Kind::Text)],
        [
            Opt::handler("fields", Kind::List),
            EXPAND,
            Opt::handler("max_results", Kind::Int),
            Opt::handler("page_size", Kind::Int),
            Opt::handler("concurrency", Kind::Int)
        ],
        custom!(search_issues, IssueStream)
    ),
];

/// Issues per page of an OAuth search unless the call asks otherwise: every request costs an
/// RSA signature (milliseconds of CPU), so OAuth asks for the largest page Jira Data Center
/// grants by default (`jira.search.views.default.max`, 1,000; a server with a lower cap says so
/// in `maxResults` and paging follows it). Such a page holds as many issues as ten of the
/// usual ones, so it counts as ten against `concurrency` (see [`search_options`]).
const OAUTH_PAGE_SIZE: u64 = 1000;

/// The search options a `search_issues` or `issues` call asks for, for `client`. An OAuth
/// 1.0a search the call gave no `page_size` asks for 1,000 issues a page and
/// keeps as many issues in flight as `concurrency` pages of the usual size would (at least
/// one page), so that memory stays where it is with any other credentials.
pub fn search_options(call: &Invocation, client: &Client) -> SearchOptions {
    let mut options = search_options_asked(call);
    let oauth = matches!(client.auth(), crate::Auth::OAuth { .. });
    if oauth && call.option("page_size").is_none() {
        let pages = options
            .concurrency
            .unwrap_or_else(|| client.page_concurrency());
        let issues = options.page_size.saturating_mul(pages as u64);
        options.page_size = OAUTH_PAGE_SIZE;
        options.concurrency =
            Some(usize::try_from(issues.div_ceil(OAUTH_PAGE_SIZE).max(1)).unwrap_or(1));
    }
    options
}

/// The search options exactly as the call gives them.
fn search_options_asked(call: &Invocation) -> SearchOptions {
    let mut options = SearchOptions::default();
    let list = |value: &Value| -> Vec<String> {
        value
            .as_array()
            .map(|items| items.iter().map(value_text).collect())
            .unwrap_or_default()
    };
    if let Some(limit) = call.limit().or_else(|| {
        call.option("maxResults")
            .and_then(Value::as_u64)
            .map(|limit| limit as usize)
    }) {
        options.limit = Some(limit as u64);
    }
    if let Some(size) = call.option("page_size").and_then(Value::as_u64) {
        options.page_size = size.max(1);
    }
    if let Some(pages) = call.option("concurrency").and_then(Value::as_u64) {
        options.concurrency = Some(usize::try_from(pages.max(1)).unwrap_or(usize::MAX));
    }
    options.fields = call.option("fields").map(list);
    options.expand = call.option("expand").map(list);
    options
}

async fn search_issues(client: &Client, call: &Invocation) -> Outcome {
    let issues: Vec<Value> = client
        .search_all(&call.text("jql_str"), search_options(call, client))
        .try_collect()
        .await?;
    json(Value::Array(issues))
}
