//! Searching with JQL: one page, or every issue through ordered concurrent paging.

use std::collections::HashSet;
use std::sync::Arc;

use futures_util::stream::{self, BoxStream, StreamExt};
use reqwest::Method;
use serde_json::{Value, json};

use crate::Error;
use crate::client::{Client, Deployment, Idempotency};
use crate::throttle::AdaptiveLimit;

/// JQL longer than this goes in a POST body rather than the URL, which proxies may truncate.
const LONG_JQL: usize = 1500;

/// What a search returns besides the JQL's issues.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchOptions {
    /// The fields to return (`None` = Jira's default, `*all` = every field).
    pub fields: Option<Vec<String>>,
    /// Entities to expand (`renderedFields`, `changelog`, …).
    pub expand: Option<Vec<String>>,
    /// How many issues to ask for per page (default 100). Servers may cap it lower; paging copes.
    pub page_size: u64,
    /// Stop after this many issues (`None` = all of them).
    pub limit: Option<u64>,
    /// Pages in flight at once (`None` = the client's
    /// [`page_concurrency`](crate::ClientBuilder::page_concurrency)).
    pub concurrency: Option<usize>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        Self {
            fields: None,
            expand: None,
            page_size: 100,
            limit: None,
            concurrency: None,
        }
    }
}

/// One page of search results.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchPage {
    /// The index of the page's first issue.
    pub start_at: u64,
    /// The page size the server applied (it may cap what was asked for).
    pub max_results: u64,
    /// How many issues match in all; Cloud's token-paged search does not say.
    pub total: Option<u64>,
    /// The issues, as Jira's JSON.
    pub issues: Vec<Value>,
    /// Cloud's token for the next page.
    pub next_page_token: Option<String>,
}

impl Client {
    /// Fetches one page of issues matching `jql`, starting at `start_at`.
    pub async fn search(
        &self,
        jql: &str,
        start_at: u64,
        max_results: u64,
        options: &SearchOptions,
    ) -> Result<SearchPage, Error> {
        let answer = if jql.len() > LONG_JQL {
            let mut body = json!({ "jql": jql, "startAt": start_at, "maxResults": max_results });
            if let Some(fields) = &options.fields {
                body["fields"] = json!(fields);
            }
            if let Some(expand) = &options.expand {
                body["expand"] = json!(expand.join(","));
            }
            self.request(
                Method::POST,
                "search",
                &[],
                Some(&body),
                Idempotency::Idempotent,
            )
            .await?
        } else {
            let start = start_at.to_string();
            let max = max_results.to_string();
            let fields = options.fields.as_ref().map(|fields| fields.join(","));
            let expand = options.expand.as_ref().map(|expand| expand.join(","));
            let mut query = vec![
                ("jql", jql),
                ("startAt", start.as_str()),
                ("maxResults", max.as_str()),
            ];
            if let Some(fields) = &fields {
                query.push(("fields", fields));
            }
            if let Some(expand) = &expand {
                query.push(("expand", expand));
            }
            self.get("search", &query).await?
        };
        page_from(answer, start_at, max_results, self.rest_root().as_str())
    }

    /// Every page of issues matching `jql`, in order. On Server and Data Center the first page
    /// tells the total; the rest are fetched with up to
    /// [`page_concurrency`](crate::ClientBuilder::page_concurrency) requests in flight and
    /// yielded in order. A page that comes back short (the server capped its size, or issues
    /// moved) is completed before the next one is yielded, and an issue seen twice is dropped, so
    /// no issue is lost or repeated by the paging itself. On Cloud, pages follow
    /// `nextPageToken` one by one. The stream ends after the first error.
    pub fn search_pages(
        &self,
        jql: &str,
        options: SearchOptions,
    ) -> BoxStream<'static, Result<SearchPage, Error>> {
        let client = self.clone();
        let jql = jql.to_owned();
        let pages = stream::once(async move {
            let deployment = client.deployment().await?;
            Ok::<_, Error>(match deployment {
                Deployment::Cloud => cloud_pages(client, jql, options),
                Deployment::Server => server_pages(client, jql, options).await?,
            })
        })
        .flat_map(|pages| match pages {
            Ok(pages) => pages,
            Err(error) => stream::once(async move { Err(error) }).boxed(),
        });
        stop_after_first_error(deduplicated(pages.boxed()))
    }

    /// [`Client::search_pages`] driven by a task of its own, so that the next pages are fetched
    /// and parsed while the caller works on this one. One page waits to be taken besides the
    /// pages in flight, so memory is bounded by `(concurrency + 2) × page size`, not by the
    /// result. Dropping the [`PrefetchedPages`] cancels the requests in flight.
    ///
    /// Must be called within a tokio runtime.
    pub fn prefetched_pages(&self, jql: &str, options: SearchOptions) -> PrefetchedPages {
        let (sender, receiver) = tokio::sync::mpsc::channel(1);
        let mut pages = self.search_pages(jql, options);
        let task = tokio::spawn(async move {
            while let Some(page) = pages.next().await {
                if sender.send(page).await.is_err() {
                    break;
                }
            }
        });
        PrefetchedPages { receiver, task }
    }

    /// Every issue matching `jql`, in order: [`Client::search_pages`] flattened.
    pub fn search_all(
        &self,
        jql: &str,
        options: SearchOptions,
    ) -> BoxStream<'static, Result<Value, Error>> {
        self.search_pages(jql, options)
            .flat_map(|page| match page {
                Ok(page) => stream::iter(page.issues.into_iter().map(Ok)).boxed(),
                Err(error) => stream::once(async move { Err(error) }).boxed(),
            })
            .boxed()
    }
}

/// Search pages fetched ahead by a task of their own; see [`Client::prefetched_pages`].
#[derive(Debug)]
pub struct PrefetchedPages {
    receiver: tokio::sync::mpsc::Receiver<Result<SearchPage, Error>>,
    task: tokio::task::JoinHandle<()>,
}

impl PrefetchedPages {
    /// The next page, in order; `None` after the last one (or after an error).
    pub async fn next(&mut self) -> Option<Result<SearchPage, Error>> {
        self.receiver.recv().await
    }
}

impl Drop for PrefetchedPages {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn server_pages(
    client: Client,
    jql: String,
    options: SearchOptions,
) -> Result<BoxStream<'static, Result<SearchPage, Error>>, Error> {
    let limit = options.limit.unwrap_or(u64::MAX);
    let page_size = options.page_size.clamp(1, limit.max(1));
    let mut first = client.search(&jql, 0, page_size, &options).await?;
    truncate(&mut first, limit);
    let total = first.total.unwrap_or(first.issues.len() as u64);
    let wanted = total.min(limit);
    // The server's cap wins over the size asked for; a page shorter than both reveals a cap the
    // server did not report.
    let mut step = page_size.min(first.max_results.max(1));
    let got = first.issues.len() as u64;
    if got > 0 && got < step && got < wanted {
        step = got;
    }
    let starts: Vec<u64> = (got..wanted)
        .step_by(usize::try_from(step).unwrap_or(usize::MAX))
        .collect();
    let concurrency = options
        .concurrency
        .unwrap_or_else(|| client.page_concurrency())
        .max(1);
    let limit = Arc::new(AdaptiveLimit::new(concurrency));
    let rest = stream::iter(starts)
        .map(move |start| {
            let client = client.clone();
            let jql = jql.clone();
            let options = options.clone();
            let limit = limit.clone();
            let count = step.min(wanted - start);
            async move {
                let _in_flight = limit.acquire().await;
                let throttled_before = client.throttles_seen();
                let page = complete_page(&client, &jql, start, count, &options).await;
                limit.answered(client.throttles_seen() != throttled_before);
                page
            }
        })
        .buffered(concurrency);
    Ok(stream::once(async move { Ok(first) }).chain(rest).boxed())
}

/// Fetches exactly `count` issues from `start` (fewer only if the results end sooner), asking
/// again from where a short answer stopped.
async fn complete_page(
    client: &Client,
    jql: &str,
    start: u64,
    count: u64,
    options: &SearchOptions,
) -> Result<SearchPage, Error> {
    let mut page = client.search(jql, start, count, options).await?;
    while (page.issues.len() as u64) < count {
        let got = page.issues.len() as u64;
        let more = client
            .search(jql, start + got, count - got, options)
            .await?;
        if more.issues.is_empty() {
            break;
        }
        page.issues.extend(more.issues);
        page.total = more.total.or(page.total);
    }
    truncate(&mut page, count);
    page.start_at = start;
    Ok(page)
}

fn cloud_pages(
    client: Client,
    jql: String,
    options: SearchOptions,
) -> BoxStream<'static, Result<SearchPage, Error>> {
    let limit = options.limit.unwrap_or(u64::MAX);
    let state = (Some(None::<String>), 0u64);
    stream::try_unfold(state, move |(token, seen)| {
        let client = client.clone();
        let jql = jql.clone();
        let options = options.clone();
        async move {
            let Some(token) = token else {
                return Ok(None);
            };
            if seen >= limit {
                return Ok(None);
            }
            let max = options.page_size.min(limit - seen).to_string();
            let fields = options.fields.as_ref().map(|fields| fields.join(","));
            let mut query = vec![("jql", jql.as_str()), ("maxResults", max.as_str())];
            if let Some(token) = &token {
                query.push(("nextPageToken", token));
            }
            if let Some(fields) = &fields {
                query.push(("fields", fields));
            }
            let answer = client.get("search/jql", &query).await?;
            let is_last = answer
                .get("isLast")
                .and_then(Value::as_bool)
                .unwrap_or(true);
            let mut page = page_from(answer, seen, options.page_size, client.rest_root().as_str())?;
            truncate(&mut page, limit - seen);
            let next = match (&page.next_page_token, is_last || page.issues.is_empty()) {
                (Some(token), false) => Some(Some(token.clone())),
                _ => None,
            };
            let seen = seen + page.issues.len() as u64;
            Ok(Some((page, (next, seen))))
        }
    })
    .boxed()
}

/// Takes the page apart: the issues move out of the answer rather than being copied, which
/// matters when a page holds a hundred issues with every field.
fn page_from(mut answer: Value, start_at: u64, asked: u64, url: &str) -> Result<SearchPage, Error> {
    let Some(Value::Array(issues)) = answer.get_mut("issues").map(Value::take) else {
        return Err(Error::Decode {
            method: "GET".to_owned(),
            url: format!("{url}search"),
            detail: "a search answer without an `issues` array".to_owned(),
            body_start: oauth1::report::body_start(answer.to_string().as_bytes()),
        });
    };
    Ok(SearchPage {
        start_at: answer
            .get("startAt")
            .and_then(Value::as_u64)
            .unwrap_or(start_at),
        max_results: answer
            .get("maxResults")
            .and_then(Value::as_u64)
            .unwrap_or(asked),
        total: answer.get("total").and_then(Value::as_u64),
        issues,
        next_page_token: answer
            .get("nextPageToken")
            .and_then(Value::as_str)
            .map(str::to_owned),
    })
}

fn truncate(page: &mut SearchPage, limit: u64) {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    page.issues.truncate(limit);
}

/// Drops issues already yielded by an earlier page (by `id`, else `key`).
fn deduplicated(
    pages: BoxStream<'static, Result<SearchPage, Error>>,
) -> BoxStream<'static, Result<SearchPage, Error>> {
    pages
        .scan(HashSet::new(), |seen: &mut HashSet<String>, page| {
            let page = page.map(|mut page| {
                page.issues.retain(|issue| {
                    let identity = issue
                        .get("id")
                        .or_else(|| issue.get("key"))
                        .map(Value::to_string);
                    identity.is_none_or(|identity| seen.insert(identity))
                });
                page
            });
            async move { Some(page) }
        })
        .boxed()
}

fn stop_after_first_error<T: Send + 'static>(
    items: BoxStream<'static, Result<T, Error>>,
) -> BoxStream<'static, Result<T, Error>> {
    items
        .scan(false, |failed, item| {
            let next = if *failed {
                None
            } else {
                *failed = item.is_err();
                Some(item)
            };
            async move { next }
        })
        .boxed()
}
