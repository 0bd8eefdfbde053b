//! Searching with JQL: one page, or every issue through ordered concurrent paging.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use futures_util::stream::{self, BoxStream, StreamExt};
use reqwest::Method;
use serde_json::{Value, json};
use tokio::sync::OwnedSemaphorePermit;

use crate::client::{Client, Deployment};
use crate::throttle::AdaptiveLimit;
use crate::{ApiRequest, Error};

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
/// arrives: `decode` gets one issue's JSON text (checked only for the answer's structure) and
/// `identity` tells an issue seen twice (Jira's `id`, else `key`, as JSON text).
struct Decoding<T> {
    decode: fn(&[u8]) -> Result<T, String>,
    identity: fn(&T) -> Option<String>,
}

impl<T> Clone for Decoding<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Decoding<T> {}

const VALUES: Decoding<Value> = Decoding {
    decode: |text| serde_json::from_slice(text).map_err(|error| error.to_string()),
    identity: |issue| {
        issue
            .get("id")
            .or_else(|| issue.get("key"))
            .map(Value::to_string)
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
    /// no issue is lost or repeated by the paging itself. On Cloud, pages follow
    /// `nextPageToken` one by one. The stream ends after the first error.
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

    /// [`Client::prefetched_pages`] with each issue made by `decode` from its JSON text (for
    /// a caller that builds its own values from the text rather than from `Value`s); `identity`
    /// says which issue an item is (Jira's `id`, else `key`, as JSON text) so that one seen
    /// twice is dropped. An issue `decode` refuses fails the page like JSON that does not parse.
    ///
    /// Must be called within a tokio runtime.
    pub fn prefetched_pages_decoded<T: Send + 'static>(
        &self,
        jql: &str,
        options: SearchOptions,
        decode: fn(&[u8]) -> Result<T, String>,
        identity: fn(&T) -> Option<String>,
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
            Deployment::Server => server_pages(client, jql, options, decoding).await?,
        })
    })
    .flat_map(|pages| match pages {
        Ok(pages) => pages,
        Err(error) => stream::once(async move { Err(error) }).boxed(),
    });
    stop_after_first_error(deduplicated(pages.boxed(), decoding.identity))
}

/// A page with its place among the pages in flight (none for the first page and Cloud's,
/// which come one at a time): the place is free again once the caller takes the page.
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

async fn server_pages<T: Send + 'static>(
    client: Client,
    jql: String,
    options: SearchOptions,
    decoding: Decoding<T>,
) -> Result<BoxStream<'static, Result<Held<T>, Error>>, Error> {
    let limit = options.limit.unwrap_or(u64::MAX);
    let page_size = options.page_size.clamp(1, limit.max(1));
    let mut first = fetch_page(&client, &jql, 0, page_size, &options, decoding).await?;
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
                let slot = limit.acquire().await;
                let throttled_before = client.throttles_seen();
                let page = complete_page(&client, &jql, start, count, &options, decoding).await;
                limit.answered(client.throttles_seen() != throttled_before);
                page.map(|page| (page, slot))
            }
        })
        .buffered(concurrency);
    Ok(stream::once(async move { Ok((first, None)) })
        .chain(rest)
        .boxed())
}

/// Fetches exactly `count` issues from `start` (fewer only if the results end sooner), asking
/// again from where a short answer stopped.
async fn complete_page<T>(
    client: &Client,
    jql: &str,
    start: u64,
    count: u64,
    options: &SearchOptions,
    decoding: Decoding<T>,
) -> Result<SearchPage<T>, Error> {
    let mut page = fetch_page(client, jql, start, count, options, decoding).await?;
    while (page.issues.len() as u64) < count {
        let got = page.issues.len() as u64;
        let more = fetch_page(client, jql, start + got, count - got, options, decoding).await?;
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

fn cloud_pages<T: Send + 'static>(
    client: Client,
    jql: String,
    options: SearchOptions,
    decoding: Decoding<T>,
) -> BoxStream<'static, Result<SearchPage<T>, Error>> {
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
            let request = ApiRequest::new(Method::GET, "search/jql").queries(query);
            let (mut page, is_last) =
                fetch(&client, request, seen, options.page_size, decoding).await?;
            let is_last = is_last.unwrap_or(true);
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

/// Fetches one page of a Server/Data Center search (`POST` when the JQL is too long for a URL).
async fn fetch_page<T>(
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

/// Sends a search request and takes its answer apart, with Cloud's `isLast` if it says.
async fn fetch<T>(
    client: &Client,
    request: ApiRequest,
    start_at: u64,
    asked: u64,
    decoding: Decoding<T>,
) -> Result<(SearchPage<T>, Option<bool>), Error> {
    let answer = client.send(&request).await?;
    decode_answer(&answer.body, start_at, asked, decoding).map_err(|failure| {
        let error = failure.into_error(
            client,
            &request,
            answer.header("content-type"),
            &answer.body,
        );
        crate::diagnose::explain(error, client.auth())
    })
}

/// A search answer's members other than `issues`.
type Members = serde_json::Map<String, Value>;

/// Why a search answer could not be taken apart.
enum Unreadable {
    /// Not JSON: serde_json's or the decoder's explanation.
    Json(String),
    /// JSON, but no `issues` array in it.
    NoIssues(Value),
}

impl Unreadable {
    fn into_error(
        self,
        client: &Client,
        request: &ApiRequest,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Error {
        match self {
            Self::Json(detail) => {
                let url = client.url_for(request.path()).map_or_else(
                    |_| request.path().to_owned(),
                    |mut url| {
                        if !request.query.is_empty() {
                            url.query_pairs_mut().extend_pairs(&request.query);
                        }
                        url.to_string()
                    },
                );
                Error::undecodable(request.method().as_str(), url, detail, content_type, body)
            }
            Self::NoIssues(answer) => Error::Decode {
                method: "GET".to_owned(),
                url: format!("{}search", client.rest_root()),
                detail: "a search answer without an `issues` array".to_owned(),
                body_start: oauth1::report::body_start(answer.to_string().as_bytes()),
            },
        }
    }
}

/// Takes a search answer apart: each issue's JSON text goes to the decoder without the answer
/// being built as a tree first, which matters when a page holds hundreds of issues with every
/// field. An answer of another shape is parsed whole, so that what is wrong with it is said as
/// for any other answer.
fn decode_answer<T>(
    body: &[u8],
    start_at: u64,
    asked: u64,
    decoding: Decoding<T>,
) -> Result<(SearchPage<T>, Option<bool>), Unreadable> {
    let split = split_answer(body).and_then(|(items, rest)| {
        let issues = items
            .into_iter()
            .map(|item| (decoding.decode)(&body[item]).ok())
            .collect::<Option<Vec<T>>>()?;
        Some((issues, rest))
    });
    let (issues, rest) = match split {
        Some(split) => split,
        None => whole_answer(body, decoding)?,
    };
    let number = |name: &str| rest.get(name).and_then(Value::as_u64);
    let page = SearchPage {
        start_at: number("startAt").unwrap_or(start_at),
        max_results: number("maxResults").unwrap_or(asked),
        total: number("total"),
        issues,
        next_page_token: rest
            .get("nextPageToken")
            .and_then(Value::as_str)
            .map(str::to_owned),
    };
    Ok((page, rest.get("isLast").and_then(Value::as_bool)))
}

/// The slow way, for answers [`split_answer`] does not take: the whole answer as a `Value`.
fn whole_answer<T>(body: &[u8], decoding: Decoding<T>) -> Result<(Vec<T>, Members), Unreadable> {
    let answer: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        serde_json::from_slice(body).map_err(|error| Unreadable::Json(error.to_string()))?
    };
    let Value::Object(mut rest) = answer else {
        return Err(Unreadable::NoIssues(answer));
    };
    let Some(Value::Array(items)) = rest.remove("issues") else {
        return Err(Unreadable::NoIssues(Value::Object(rest)));
    };
    let issues = items
        .iter()
        .map(|item| (decoding.decode)(item.to_string().as_bytes()))
        .collect::<Result<Vec<T>, String>>()
        .map_err(Unreadable::Json)?;
    Ok((issues, rest))
}

/// The members of a search answer's object, found by its structure alone: the byte ranges of
/// the `issues` array's items (each checked when decoded) and every other member, parsed.
/// `None` for anything else, including JSON this does not follow (the caller then parses the
/// answer whole).
fn split_answer(body: &[u8]) -> Option<(Vec<Range<usize>>, Members)> {
    let mut issues = None;
    let mut rest = serde_json::Map::new();
    let mut at = skip_space(body, 0);
    (body.get(at) == Some(&b'{')).then_some(())?;
    at = skip_space(body, at + 1);
    if body.get(at) == Some(&b'}') {
        return None;
    }
    loop {
        (body.get(at) == Some(&b'"')).then_some(())?;
        let key_end = value_end(body, at)?;
        let key: String = serde_json::from_slice(&body[at..key_end]).ok()?;
        at = skip_space(body, key_end);
        (body.get(at) == Some(&b':')).then_some(())?;
        at = skip_space(body, at + 1);
        if key == "issues" && body.get(at) == Some(&b'[') {
            let (items, end) = array_items(body, at)?;
            issues = Some(items);
            rest.remove(&key);
            at = end;
        } else {
            let end = value_end(body, at)?;
            if key == "issues" {
                issues = None;
            }
            rest.insert(key, serde_json::from_slice(&body[at..end]).ok()?);
            at = end;
        }
        at = skip_space(body, at);
        match body.get(at)? {
            b',' => at = skip_space(body, at + 1),
            b'}' => break,
            _ => return None,
        }
    }
    (skip_space(body, at + 1) == body.len()).then_some(())?;
    Some((issues?, rest))
}

/// The items of the array that starts at `at`, and where it ends.
fn array_items(body: &[u8], at: usize) -> Option<(Vec<Range<usize>>, usize)> {
    let mut items = Vec::new();
    let mut at = skip_space(body, at + 1);
    if body.get(at) == Some(&b']') {
        return Some((items, at + 1));
    }
    loop {
        let end = value_end(body, at)?;
        items.push(at..end);
        at = skip_space(body, end);
        match body.get(at)? {
            b',' => at = skip_space(body, at + 1),
            b']' => return Some((items, at + 1)),
            _ => return None,
        }
    }
}

/// Where the JSON value that starts at `at` ends, by its brackets and strings alone.
fn value_end(body: &[u8], at: usize) -> Option<usize> {
    match body.get(at)? {
        b'"' => string_end(body, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut index = at;
            loop {
                match body.get(index)? {
                    b'"' => {
                        index = string_end(body, index)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(index + 1);
                        }
                    }
                    _ => {}
                }
                index += 1;
            }
        }
        _ => {
            let end = body[at..]
                .iter()
                .position(|&byte| matches!(byte, b',' | b'}' | b']') || is_space(byte))
                .map_or(body.len(), |length| at + length);
            (end > at).then_some(end)
        }
    }
}

/// Where the string that starts at `at` (its opening quote) ends, past its closing quote.
fn string_end(body: &[u8], at: usize) -> Option<usize> {
    let mut index = at + 1;
    loop {
        match body.get(index)? {
            b'"' => return Some(index + 1),
            b'\\' => index += 2,
            _ => index += 1,
        }
    }
}

fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

fn skip_space(body: &[u8], at: usize) -> usize {
    body.get(at..)
        .and_then(|tail| tail.iter().position(|&byte| !is_space(byte)))
        .map_or(body.len(), |length| at + length)
}

fn truncate<T>(page: &mut SearchPage<T>, limit: u64) {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    page.issues.truncate(limit);
}

/// Drops issues already yielded by an earlier page (by `id`, else `key`).
fn deduplicated<T: Send + 'static>(
    pages: BoxStream<'static, Result<Held<T>, Error>>,
    identity: fn(&T) -> Option<String>,
) -> BoxStream<'static, Result<Held<T>, Error>> {
    pages
        .scan(Seen::default(), move |seen, page| {
            let page = page.map(|(mut page, slot)| {
                page.issues
                    .retain(|issue| identity(issue).is_none_or(|identity| seen.insert(identity)));
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
    fn insert(&mut self, identity: String) -> bool {
        let Some(id) = numeric_id(&identity) else {
            return self.others.insert(identity);
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

    fn decode(body: &str) -> Result<(SearchPage, Option<bool>), Unreadable> {
        decode_answer(body.as_bytes(), 7, 50, VALUES)
    }

    /// What the answer would be if parsed whole, the way every other answer is.
    fn whole(body: &str) -> Vec<Value> {
        let answer: Value = serde_json::from_str(body).expect("valid JSON");
        answer["issues"].as_array().expect("issues").clone()
    }

    #[test]
    fn issues_are_split_out_by_structure_alone_and_decode_as_parsed_whole() {
        let body = r#" { "expand": "names", "startAt": 100, "maxResults": 2, "total": 3,
            "issues": [ {"id": "1", "key": "A-1", "fields": {"summary": "a } ] \" \\ \u0041 {[",
                "labels": [], "n": -1.5e3, "none": null, "yes": true}},
              {"id":"2","fields":{"nested":[[{"x":[1,2,{"y":"]"}]}]]}} ] ,
            "isLast": false, "nextPageToken": "t\"k" } "#;
        let (items, rest) = split_answer(body.as_bytes()).expect("the usual shape");
        assert_eq!(items.len(), 2);
        assert_eq!(rest.len(), 6, "every other member: {rest:?}");
        let (page, is_last) = decode(body).ok().expect("decodes");
        assert_eq!(page.issues, whole(body));
        assert_eq!(
            (page.start_at, page.max_results, page.total),
            (100, 2, Some(3))
        );
        assert_eq!(page.next_page_token.as_deref(), Some("t\"k"));
        assert_eq!(is_last, Some(false));
    }

    #[test]
    fn an_empty_list_and_missing_numbers_fall_back_to_what_was_asked() {
        let (page, is_last) = decode(r#"{"issues":[]}"#).ok().expect("decodes");
        assert!(page.issues.is_empty());
        assert_eq!((page.start_at, page.max_results, page.total), (7, 50, None));
        assert_eq!(is_last, None);
    }

    #[test]
    fn other_shapes_are_parsed_whole_and_keep_their_meaning() {
        // An escaped key is still `issues`; a later `issues` wins, as in a parsed object.
        let escaped = r#"{"\u0069ssues":[{"id":"1"}],"total":1}"#;
        let (page, _) = decode(escaped).ok().expect("decodes");
        assert_eq!(page.issues, whole(escaped));
        let twice = r#"{"issues":[{"id":"1"}],"issues":[{"id":"2"}]}"#;
        assert_eq!(decode(twice).ok().expect("decodes").0.issues, whole(twice));
        let replaced = r#"{"issues":[{"id":"1"}],"issues":null}"#;
        assert!(matches!(decode(replaced), Err(Unreadable::NoIssues(_))));
    }

    #[test]
    fn answers_that_are_not_search_pages_say_why() {
        for body in ["", "  ", "[]", "{}", r#"{"total": 3}"#, r#"{"issues": {}}"#] {
            assert!(
                matches!(decode(body), Err(Unreadable::NoIssues(_))),
                "{body:?}"
            );
        }
        for body in [
            "<html>login</html>",
            r#"{"issues":[{"id":1,}]}"#,
            r#"{"issues":[{"id":"1"}]} trailing"#,
            r#"{"issues":[{"id":"1"]}"#,
            r#"{"issues":[{"id":"1"}"#,
            r#"{"issues":[tru]}"#,
        ] {
            let Err(Unreadable::Json(detail)) = decode(body) else {
                panic!("{body:?} is not JSON");
            };
            let expected = serde_json::from_str::<Value>(body).expect_err("not JSON");
            assert_eq!(detail, expected.to_string(), "{body:?}");
        }
    }

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
            assert!(seen.insert(identity.to_owned()), "{identity} is new");
            assert!(!seen.insert(identity.to_owned()), "{identity} was seen");
        }
        assert!(seen.insert("\"1000\"".to_owned()));
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
            assert!(seen.insert(identity.clone()), "{id} is new");
            assert!(!seen.insert(identity), "{id} was seen");
        }
        assert_eq!(seen.id_blocks.len(), 3, "ids share a block per 65,536");
    }

    #[test]
    fn an_issue_the_decoder_refuses_fails_the_page() {
        let refusing = Decoding::<Value> {
            decode: |_| Err("not an issue".to_owned()),
            identity: |_| None,
        };
        let result = decode_answer(br#"{"issues":[{"id":"1"}]}"#, 0, 1, refusing);
        assert!(matches!(result, Err(Unreadable::Json(detail)) if detail == "not an issue"));
    }
}
