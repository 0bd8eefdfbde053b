//! Server and Data Center searches: `startAt` pages fetched concurrently, yielded in order.
//!
//! The first page tells how many issues match. While it is on its way the next
//! `concurrency - 1` pages are asked for already, at the size asked for, so the export does
//! not spend its first round trip alone. Each page is fetched on a task of its own as soon as
//! the stream's [`AdaptiveLimit`] has room, so fetches never wait for the caller to poll, and
//! each keeps its place among the pages in flight until the caller takes it.
//!
//! A result that changes under the export is never returned short: one that shrinks (a page
//! says fewer issues match than the first did) may have moved issues behind pages already
//! fetched, so it ends the stream with [`Repr::Changed`]; one that grows is followed to its new
//! end, which fetches the issues it pushed forward (those seen twice are dropped later).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_util::stream::{self, BoxStream, StreamExt};
use reqwest::Method;
use serde_json::json;
use tokio::sync::OwnedSemaphorePermit;
use tokio::sync::mpsc::{Receiver, Sender};

use super::page_reader::fetch;
use super::{Decoding, Held, SearchOptions, SearchPage, truncate};
use crate::client::Client;
use crate::error::Repr;
use crate::throttle::AdaptiveLimit;
use crate::{ApiRequest, Error};

/// JQL longer than this goes in a POST body rather than the URL, which proxies may truncate.
const LONG_JQL: usize = 1500;

/// Every page of `jql`'s issues, in order; see the module's doc.
pub(super) fn server_pages<T: Send + 'static>(
    client: Client,
    jql: String,
    options: SearchOptions,
    decoding: Decoding<T>,
) -> BoxStream<'static, Result<Held<T>, Error>> {
    let concurrency = options
        .concurrency
        .unwrap_or_else(|| client.page_concurrency())
        .max(1);
    let export = Arc::new(Export {
        client,
        jql,
        limit: options.limit.unwrap_or(u64::MAX),
        page_size: options
            .page_size
            .clamp(1, options.limit.unwrap_or(u64::MAX).max(1)),
        options,
        decoding,
        in_flight: AdaptiveLimit::new(concurrency),
    });
    let (sender, receiver) = tokio::sync::mpsc::channel(concurrency + 1);
    let launcher = {
        let export = export.clone();
        AbortOnDrop(tokio::spawn(async move {
            launch_all(&export, concurrency, &sender).await;
        }))
    };
    let in_order = InOrder {
        launched: receiver,
        _launcher: launcher,
        export,
        first_total: None,
        largest_total: 0,
        tail: None,
    };
    stream::unfold(in_order, |mut in_order| async move {
        let page = in_order.next().await?;
        Some((page, in_order))
    })
    .boxed()
}

/// What one search export asks for, shared by its fetches.
struct Export<T> {
    client: Client,
    jql: String,
    options: SearchOptions,
    decoding: Decoding<T>,
    /// At most this many issues (`u64::MAX`: all of them).
    limit: u64,
    /// The page size asked for.
    page_size: u64,
    in_flight: AdaptiveLimit,
}

/// How the pages after the first are cut, from what the first page said.
#[derive(Clone, Copy)]
struct Plan {
    /// Issues the first page brought.
    got: u64,
    /// Issues to fetch in all: the total the first page told, within the limit.
    wanted: u64,
    /// The size of each further page: the size asked for, unless the server caps it.
    step: u64,
}

/// What the launcher hands the stream, in the stream's order.
enum Launched<T> {
    /// The first page, already read: the launcher needed its total.
    First(Result<Held<T>, Error>),
    /// A page being fetched (or fetched) on a task of its own.
    Page(AbortOnDrop<Result<Held<T>, Error>>),
    /// Every page the first page's total called for was launched; more are fetched from `end`
    /// only if the result grows.
    Planned { end: u64, step: u64 },
}

impl<T: Send + 'static> Export<T> {
    /// Fetches `count` issues from `start` on a task of its own, holding `slot` until the
    /// caller takes the page.
    fn spawn(
        self: &Arc<Self>,
        start: u64,
        count: u64,
        slot: Option<OwnedSemaphorePermit>,
    ) -> Launched<T> {
        let export = self.clone();
        Launched::Page(AbortOnDrop(tokio::spawn(async move {
            let throttled_before = export.client.throttles_seen();
            let page = export.complete_page(start, count).await;
            let throttled = export.client.throttles_seen() != throttled_before;
            export.in_flight.answered(throttled);
            page.map(|page| (page, slot))
        })))
    }

    /// The first page and the plan it gives for the rest.
    async fn first_page(&self) -> Result<(SearchPage<T>, Plan), Error> {
        let mut first = self.fetch_page(0, self.page_size).await?;
        truncate(&mut first, self.limit);
        let got = first.issues.len() as u64;
        let total = first.total.unwrap_or(got);
        let wanted = total.min(self.limit);
        // The server's cap wins over the size asked for; a page shorter than both reveals a
        // cap the server did not report.
        let mut step = self.page_size.min(first.max_results.max(1));
        if got > 0 && got < step && got < wanted {
            step = got;
        }
        Ok((first, Plan { got, wanted, step }))
    }

    /// Fetches exactly `count` issues from `start` (fewer only if the results end sooner),
    /// asking again from where a short answer stopped.
    async fn complete_page(&self, start: u64, count: u64) -> Result<SearchPage<T>, Error> {
        let mut page = self.fetch_page(start, count).await?;
        while (page.issues.len() as u64) < count {
            let got = page.issues.len() as u64;
            let more = self.fetch_page(start + got, count - got).await?;
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

    async fn fetch_page(&self, start_at: u64, max_results: u64) -> Result<SearchPage<T>, Error> {
        fetch_page(
            &self.client,
            &self.jql,
            start_at,
            max_results,
            &self.options,
            self.decoding,
        )
        .await
    }
}

/// Launches the export's fetches and hands them to the stream in order, each once there is
/// room for it; see the module's doc. Ends early (`None`) when the stream is dropped.
async fn launch_all<T: Send + 'static>(
    export: &Arc<Export<T>>,
    concurrency: usize,
    sender: &Sender<Launched<T>>,
) -> Option<()> {
    let first_slot = export.in_flight.acquire().await;
    let page_size = export.page_size;
    let mut early = Vec::new();
    for start in (1..concurrency as u64).map(|index| index.saturating_mul(page_size)) {
        if start >= export.limit {
            break;
        }
        let slot = export.in_flight.acquire().await;
        early.push(export.spawn(start, page_size.min(export.limit - start), slot));
    }
    let (first, plan) = match export.first_page().await {
        Ok(first) => first,
        Err(error) => {
            sender.send(Launched::First(Err(error))).await.ok()?;
            return None;
        }
    };
    sender
        .send(Launched::First(Ok((first, first_slot))))
        .await
        .ok()?;
    let mut next = plan.got;
    if !early.is_empty() {
        // Issues between the first page and the early ones, when the server capped the first.
        launch_range(export, sender, next..page_size.min(plan.wanted), plan.step).await?;
        next = page_size.saturating_mul(early.len() as u64 + 1);
        for launched in early {
            sender.send(launched).await.ok()?;
        }
    }
    launch_range(export, sender, next..plan.wanted, plan.step).await?;
    let end = next.max(plan.wanted);
    let step = plan.step;
    sender.send(Launched::Planned { end, step }).await.ok()
}

/// Launches a page per `step` of `range`, each once there is room for it.
async fn launch_range<T: Send + 'static>(
    export: &Arc<Export<T>>,
    sender: &Sender<Launched<T>>,
    range: std::ops::Range<u64>,
    step: u64,
) -> Option<()> {
    for start in range
        .clone()
        .step_by(usize::try_from(step).unwrap_or(usize::MAX))
    {
        let slot = export.in_flight.acquire().await;
        let launched = export.spawn(start, step.min(range.end - start), slot);
        sender.send(launched).await.ok()?;
    }
    Some(())
}

/// The stream's side: pages in the order launched, checked against the first page's total,
/// then the pages of a result that grew.
struct InOrder<T> {
    launched: Receiver<Launched<T>>,
    _launcher: AbortOnDrop<()>,
    export: Arc<Export<T>>,
    first_total: Option<u64>,
    largest_total: u64,
    /// Where the pages beyond the first page's total start, and their size, once known.
    tail: Option<(u64, u64)>,
}

impl<T: Send + 'static> InOrder<T> {
    async fn next(&mut self) -> Option<Result<Held<T>, Error>> {
        loop {
            let page = match self.launched.recv().await {
                Some(Launched::First(page)) => page,
                Some(Launched::Page(fetch)) => fetch.await,
                Some(Launched::Planned { end, step }) => {
                    self.tail = Some((end, step));
                    continue;
                }
                None => return self.grown().await,
            };
            return Some(page.and_then(|held| self.checked(held)));
        }
    }

    /// A page, or [`Repr::Changed`] when it says fewer issues match than the first page did.
    fn checked(&mut self, (page, slot): Held<T>) -> Result<Held<T>, Error> {
        let Some(total) = page.total else {
            return Ok((page, slot));
        };
        let first_total = *self.first_total.get_or_insert(total);
        self.largest_total = self.largest_total.max(total);
        if total < first_total {
            return Err(Error::from(Repr::Changed(format!(
                "the search `{}` matched {first_total} issues when the export began but \
                 {total} by issue {}: issues were removed from the result (deleted, or \
                 changed so that the JQL no longer matches them) while it was read, so \
                 some may have been skipped; run it again, or collect the issues first \
                 (`search_issues`) when the script itself changes them",
                self.export.jql, page.start_at
            ))));
        }
        Ok((page, slot))
    }

    /// The next page beyond the first page's total, when the result grew past it.
    async fn grown(&mut self) -> Option<Result<Held<T>, Error>> {
        let (start, step) = self.tail?;
        let end = self.largest_total.min(self.export.limit);
        if start >= end {
            return None;
        }
        let page = self
            .export
            .complete_page(start, step.min(end - start))
            .await;
        let page = match page {
            Ok(page) if page.issues.is_empty() => return None,
            Ok(page) => page,
            Err(error) => return Some(Err(error)),
        };
        self.tail = Some((start + page.issues.len() as u64, step));
        Some(self.checked((page, None)))
    }
}

/// A task that is aborted when its handle is dropped, so that dropping a stream cancels the
/// requests it started.
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl<T> Future for AbortOnDrop<Result<T, Error>> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.0).poll(context).map(|joined| {
            joined.unwrap_or_else(|failure| match failure.try_into_panic() {
                Ok(panic) => std::panic::resume_unwind(panic),
                Err(_) => Err(Error::from(Repr::Config(
                    "a search page was not fetched: the client's runtime is shutting down"
                        .to_owned(),
                ))),
            })
        })
    }
}

/// Fetches one page of a Server/Data Center search (`POST` when the JQL is too long for a URL).
pub(super) async fn fetch_page<T>(
    client: &Client,
    jql: &str,
    start_at: u64,
    max_results: u64,
    options: &SearchOptions,
    decoding: Decoding<T>,
) -> Result<SearchPage<T>, Error> {
    let request = if jql.len() > LONG_JQL {
        let mut body = json!({ "jql": jql, "startAt": start_at, "maxResults": max_results });
        if let Some(fields) = &options.fields {
            body["fields"] = json!(fields);
        }
        if let Some(expand) = &options.expand {
            body["expand"] = json!(expand.join(","));
        }
        ApiRequest::new(Method::POST, "search")
            .json(body)
            .idempotent()
    } else {
        let mut request = ApiRequest::new(Method::GET, "search").queries([
            ("jql", jql.to_owned()),
            ("startAt", start_at.to_string()),
            ("maxResults", max_results.to_string()),
        ]);
        if let Some(fields) = &options.fields {
            request = request.query("fields", fields.join(","));
        }
        if let Some(expand) = &options.expand {
            request = request.query("expand", expand.join(","));
        }
        request
    };
    let (page, _) = fetch(client, request, start_at, max_results, decoding).await?;
    Ok(page)
}
