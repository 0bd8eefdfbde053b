//! Searching with JQL: one page, or every issue through ordered concurrent paging.
//!
//! This module holds what both deployments share: the options, the page, the prefetching
//! stream, and dropping issues seen twice. [`server`] pages by `startAt`, concurrently;
//! [`cloud`] follows Cloud's `nextPageToken`; [`answer`] takes each answer apart.

mod cloud;
mod issue_id;
mod page_reader;
mod start_at;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use futures_util::stream::{self, BoxStream, StreamExt};
use serde_json::Value;
use serde_json::value::RawValue;
use tokio::sync::OwnedSemaphorePermit;

use crate::Error;
use crate::client::{Client, Deployment};
use cloud::cloud_pages;
pub use issue_id::issue_identity;
use start_at::{fetch_page, server_pages};

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

/// One page of search results; its issues are Jira's JSON (`Value`), or what the caller's
/// decoder made of each (see [`Client::prefetched_pages_decoded`]).
#[derive(Clone, Debug, PartialEq)]
pub struct SearchPage<T = Value> {
    /// The index of the page's first issue.
    pub start_at: u64,
    /// The page size the server applied (it may cap what was asked for).
    pub max_results: u64,
    /// How many issues match in all; Cloud's token-paged search does not say.
    pub total: Option<u64>,
    /// The issues, in the server's order.
    pub issues: Vec<T>,
    /// Cloud's token for the next page.
    pub next_page_token: Option<String>,
}

/// How the issues of a search answer become the page's items, on the runtime as each page
/// arrives: `decode` gets one issue's JSON text (checked as JSON when the answer was read) and
/// `identity` tells an issue seen twice (Jira's `id`, else `key`, as JSON text).
struct Decoding<T> {
    decode: fn(&RawValue) -> Result<T, String>,
    identity: fn(&T) -> Option<Cow<'_, str>>,
}

impl<T> Clone for Decoding<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Decoding<T> {}

const VALUES: Decoding<Value> = Decoding {
    decode: |issue| serde_json::from_str(issue.get()).map_err(|error| error.to_string()),
    identity: |issue| {
        issue
            .get("id")
            .or_else(|| issue.get("key"))
            .map(|identity| Cow::Owned(identity.to_string()))
    },
};

impl Client {
    /// Fetches one page of issues matching `jql`, starting at `start_at`.
    pub async fn search(
        &self,
        jql: &str,
        start_at: u64,
        max_results: u64,
        options: &SearchOptions,
    ) -> Result<SearchPage, Error> {
        fetch_page(self, jql, start_at, max_results, options, VALUES).await
    }

    /// Every page of issues matching `jql`, in order. On Server and Data Center the first page
    /// tells the total; the rest are fetched with up to
    /// [`page_concurrency`](crate::ClientBuilder::page_concurrency) requests in flight and
    /// yielded in order. A page that comes back short (the server capped its size, or issues
    /// moved) is completed before the next one is yielded, and an issue seen twice is dropped, so
    /// no issue is lost or repeated by the paging itself. A result that shrinks meanwhile ends
    /// the stream with an error of kind [`ErrorKind::Changed`](crate::ErrorKind::Changed)
    /// (issues may have moved behind pages already fetched); one that grows is followed to its
    /// new end. On Cloud, pages follow `nextPageToken` one by one. The stream ends after the
    /// first error.
    pub fn search_pages(
        &self,
        jql: &str,
        options: SearchOptions,
    ) -> BoxStream<'static, Result<SearchPage, Error>> {
        decoded_pages(self, jql, options, VALUES)
            .map(|held| held.map(|(page, _slot)| page))
            .boxed()
    }

    /// [`Client::search_pages`] driven by a task of its own, so that the next pages are fetched
    /// and parsed while the caller works on this one. A page keeps its place among the
    /// `concurrency` pages in flight until the caller takes it, so at most `concurrency` pages
    /// are fetched or waiting, and memory is bounded by `(concurrency + 1) × page size` (the
    /// one the caller holds), not by the result. Dropping the [`PrefetchedPages`] cancels the
    /// requests in flight.
    ///
    /// Must be called within a tokio runtime.
    pub fn prefetched_pages(&self, jql: &str, options: SearchOptions) -> PrefetchedPages {
        prefetch(decoded_pages(self, jql, options, VALUES))
    }

    /// [`Client::prefetched_pages`] with each issue made by `decode` from its JSON text,
    /// already checked as JSON (for a caller that builds its own values from the text rather
    /// than from `Value`s); `identity` says which issue an item is (Jira's `id`, else `key`, as
    /// JSON text, which [`issue_identity`] finds in the text) so that one seen twice is
    /// dropped. An issue `decode` refuses fails the page like JSON that does not parse.
    ///
    /// Must be called within a tokio runtime.
    pub fn prefetched_pages_decoded<T: Send + 'static>(
        &self,
        jql: &str,
        options: SearchOptions,
        decode: fn(&RawValue) -> Result<T, String>,
        identity: fn(&T) -> Option<Cow<'_, str>>,
    ) -> PrefetchedPages<T> {
        prefetch(decoded_pages(
            self,
            jql,
            options,
            Decoding { decode, identity },
        ))
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

/// The one paging implementation behind [`Client::search_pages`] and the prefetched streams.
fn decoded_pages<T: Send + 'static>(
    client: &Client,
    jql: &str,
    options: SearchOptions,
    decoding: Decoding<T>,
) -> BoxStream<'static, Result<Held<T>, Error>> {
    let client = client.clone();
    let jql = jql.to_owned();
    let pages = stream::once(async move {
        let deployment = client.deployment().await?;
        Ok::<_, Error>(match deployment {
            Deployment::Cloud => cloud_pages(client, jql, options, decoding)
                .map(|page| page.map(|page| (page, None)))
                .boxed(),
            Deployment::Server => server_pages(client, jql, options, decoding),
        })
    })
    .flat_map(|pages| match pages {
        Ok(pages) => pages,
        Err(error) => stream::once(async move { Err(error) }).boxed(),
    });
    stop_after_first_error(deduplicated(pages.boxed(), decoding.identity))
}

/// A page with its place among the pages in flight (none for Cloud's, which come one at a
/// time, and for those of a result that grew): the place is free again once the caller takes the page.
type Held<T> = (SearchPage<T>, Option<OwnedSemaphorePermit>);

fn prefetch<T: Send + 'static>(
    mut pages: BoxStream<'static, Result<Held<T>, Error>>,
) -> PrefetchedPages<T> {
    let (sender, receiver) = tokio::sync::mpsc::channel(1);
    let task = tokio::spawn(async move {
        while let Some(page) = pages.next().await {
            if sender.send(page).await.is_err() {
                break;
            }
        }
    });
    PrefetchedPages { receiver, task }
}

/// Search pages fetched ahead by a task of their own; see [`Client::prefetched_pages`].
#[derive(Debug)]
pub struct PrefetchedPages<T = Value> {
    receiver: tokio::sync::mpsc::Receiver<Result<Held<T>, Error>>,
    task: tokio::task::JoinHandle<()>,
}

impl<T> PrefetchedPages<T> {
    /// The next page, in order; `None` after the last one (or after an error).
    pub async fn next(&mut self) -> Option<Result<SearchPage<T>, Error>> {
        let held = self.receiver.recv().await?;
        Some(held.map(|(page, _slot)| page))
    }
}

impl<T> Drop for PrefetchedPages<T> {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn truncate<T>(page: &mut SearchPage<T>, limit: u64) {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    page.issues.truncate(limit);
}

/// Drops issues already yielded by an earlier page (by `id`, else `key`).
fn deduplicated<T: Send + 'static>(
    pages: BoxStream<'static, Result<Held<T>, Error>>,
    identity: fn(&T) -> Option<Cow<'_, str>>,
) -> BoxStream<'static, Result<Held<T>, Error>> {
    pages
        .scan(Seen::default(), move |seen, page| {
            let page = page.map(|(mut page, slot)| {
                page.issues
                    .retain(|issue| identity(issue).is_none_or(|identity| seen.insert(&identity)));
                (page, slot)
            });
            async move { Some(page) }
        })
        .boxed()
}

/// The identities a search has yielded. Jira's usual identity, a numeric `id` string, is kept
/// as one bit in a block of 65,536 ids: issue ids come in dense runs, so a 100,000-issue export
/// holds a few blocks of 8 KiB rather than a set that grows with the result.
#[derive(Default)]
struct Seen {
    id_blocks: HashMap<u64, Box<[u64; ID_BLOCK_WORDS]>>,
    others: HashSet<String>,
}

/// Words of 64 bits in a block of ids.
const ID_BLOCK_WORDS: usize = 1024;

impl Seen {
    /// Whether `identity` (JSON text) is new.
    fn insert(&mut self, identity: &str) -> bool {
        let Some(id) = numeric_id(identity) else {
            return !self.others.contains(identity) && self.others.insert(identity.to_owned());
        };
        let block = self
            .id_blocks
            .entry(id >> 16)
            .or_insert_with(|| Box::new([0; ID_BLOCK_WORDS]));
        let bit = id & 0xFFFF;
        let (word, mask) = ((bit >> 6) as usize, 1u64 << (bit & 63));
        let new = block[word] & mask == 0;
        block[word] |= mask;
        new
    }
}

/// The number in a JSON string of digits (`"10001"`), when reading it as one loses nothing:
/// no leading zero, and within `u64`.
fn numeric_id(identity: &str) -> Option<u64> {
    let digits = identity.strip_prefix('"')?.strip_suffix('"')?;
    let canonical = digits.bytes().all(|byte| byte.is_ascii_digit())
        && !(digits.len() > 1 && digits.starts_with('0'));
    canonical.then(|| digits.parse().ok()).flatten()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities_are_told_apart_exactly_whether_kept_as_numbers_or_text() {
        let mut seen = Seen::default();
        for identity in [
            "\"10001\"",
            "10001",
            "\"010001\"",
            "\"A-1\"",
            "\"\"",
            "\"1e3\"",
        ] {
            assert!(seen.insert(identity), "{identity} is new");
            assert!(!seen.insert(identity), "{identity} was seen");
        }
        assert!(seen.insert("\"1000\""));
        assert_eq!(numeric_id("\"18446744073709551615\""), Some(u64::MAX));
        assert_eq!(
            numeric_id("\"18446744073709551616\""),
            None,
            "beyond u64: text"
        );
        assert_eq!(
            seen.others.len(),
            5,
            "only canonical digit strings become bits"
        );
        for id in [0, 63, 64, 65_535, 65_536, u64::MAX] {
            let identity = format!("\"{id}\"");
            assert!(seen.insert(&identity), "{id} is new");
            assert!(!seen.insert(&identity), "{id} was seen");
        }
        assert_eq!(seen.id_blocks.len(), 3, "ids share a block per 65,536");
    }
}
