//! Following a paged resource to its end. Jira pages in four shapes: `startAt`/`total` beside
//! a named array (search, comments, worklogs), `isLast`/`values` (Jira Software and newer
//! resources), a plain array ended by a short page (`user/search`), and Cloud's
//! `nextPageToken`. Each page is asked for from where the items so far end, so a server that
//! caps the page size is followed all the same.

use serde_json::{Map, Value};

use crate::Error;
use crate::client::Client;
use crate::methods::spec::Paging;
use crate::request::ApiRequest;

/// The array fields through which Jira's paged resources return their items.
const ITEM_FIELDS: [&str; 7] = [
    "values",
    "issues",
    "comments",
    "worklogs",
    "users",
    "dashboards",
    "histories",
];

/// How many items to ask for per page of a plain array (Jira's `user/search` allows 1000).
const ARRAY_PAGE: usize = 1000;

/// Every item of the paged resource `request` names, at most `limit`.
pub(crate) async fn collect(
    client: &Client,
    request: &ApiRequest,
    paging: Paging,
    limit: Option<usize>,
) -> Result<Vec<Value>, Error> {
    if paging == Paging::Array {
        return collect_array(client, request, limit).await;
    }
    let first = client.send_json(request).await?;
    Ok(follow(client, request, first, paging, limit).await?.1)
}

/// The answer to `request`, its pages merged when it is paged: the items of every page in
/// the first page's item field, `startAt` 0 and `isLast` true. Answers that are not pages
/// come back as they are.
pub(crate) async fn merged(client: &Client, request: &ApiRequest) -> Result<Value, Error> {
    let first = client.send_json(request).await?;
    let Some(paging) = detect(&first) else {
        return Ok(first);
    };
    let (mut answer, items) = follow(client, request, first, paging, None).await?;
    let field = match paging {
        Paging::Total(field) => field,
        _ => "values",
    };
    if let Some(object) = answer.as_object_mut() {
        object.insert("startAt".to_owned(), Value::from(0));
        object.insert("maxResults".to_owned(), Value::from(items.len()));
        object.insert("isLast".to_owned(), Value::Bool(true));
        object.remove("nextPageToken");
        object.insert(field.to_owned(), Value::Array(items));
    }
    Ok(answer)
}

/// Which shape a first page has, if it is a page at all.
fn detect(answer: &Value) -> Option<Paging> {
    let object: &Map<String, Value> = answer.as_object()?;
    if object.contains_key("nextPageToken") || object.contains_key("isLast") {
        return Some(Paging::Values)
            .filter(|_| object.get("values").is_some_and(Value::is_array))
            .or_else(|| item_field(object).map(Paging::Total));
    }
    if !object.contains_key("startAt") || !object.contains_key("maxResults") {
        return None;
    }
    item_field(object).map(Paging::Total)
}

fn item_field(object: &Map<String, Value>) -> Option<&'static str> {
    ITEM_FIELDS
        .into_iter()
        .find(|field| object.get(*field).is_some_and(Value::is_array))
}

/// Fetches the pages after `first`; returns the first answer (its items taken out) and all
/// items.
async fn follow(
    client: &Client,
    request: &ApiRequest,
    mut first: Value,
    paging: Paging,
    limit: Option<usize>,
) -> Result<(Value, Vec<Value>), Error> {
    let field = match paging {
        Paging::Total(field) => field,
        _ => "values",
    };
    let start_name = if paging == Paging::Start {
        "start"
    } else {
        "startAt"
    };
    let mut page = take_page(&mut first, field);
    let total = first.get("total").and_then(Value::as_u64);
    let mut start = first.get(start_name).and_then(Value::as_u64).unwrap_or(0);
    let mut items = Vec::new();
    loop {
        let received = page.items.len() as u64;
        items.append(&mut page.items);
        let reached_limit = limit.is_some_and(|limit| items.len() >= limit);
        let done = reached_limit
            || received == 0
            || page.is_last
            || (page.token.is_none() && total.is_some_and(|total| start + received >= total))
            || (matches!(paging, Paging::Values | Paging::Start)
                && !page.has_is_last
                && page.token.is_none());
        if done {
            break;
        }
        start += received;
        let next = next_request(request, start_name, start, page.token.as_deref());
        let mut answer = client.send_json(&next).await?;
        page = take_page(&mut answer, field);
    }
    if let Some(limit) = limit {
        items.truncate(limit);
    }
    Ok((first, items))
}

struct Page {
    items: Vec<Value>,
    is_last: bool,
    has_is_last: bool,
    token: Option<String>,
}

fn take_page(answer: &mut Value, field: &str) -> Page {
    let items = match answer.get_mut(field).map(Value::take) {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    };
    let is_last = answer
        .get("isLast")
        .or_else(|| answer.get("isLastPage"))
        .and_then(Value::as_bool);
    Page {
        items,
        is_last: is_last.unwrap_or(false),
        has_is_last: is_last.is_some(),
        token: answer
            .get("nextPageToken")
            .and_then(Value::as_str)
            .map(str::to_owned),
    }
}

fn next_request(
    request: &ApiRequest,
    start_name: &str,
    start: u64,
    token: Option<&str>,
) -> ApiRequest {
    let mut next = request.clone();
    next.query
        .retain(|(name, _)| name != start_name && name != "nextPageToken");
    match token {
        Some(token) => next
            .query
            .push(("nextPageToken".to_owned(), token.to_owned())),
        None => next.query.push((start_name.to_owned(), start.to_string())),
    }
    next
}

async fn collect_array(
    client: &Client,
    request: &ApiRequest,
    limit: Option<usize>,
) -> Result<Vec<Value>, Error> {
    let mut items = Vec::new();
    loop {
        let mut page = request.clone();
        page.query
            .retain(|(name, _)| name != "startAt" && name != "maxResults");
        page.query
            .push(("startAt".to_owned(), items.len().to_string()));
        page.query
            .push(("maxResults".to_owned(), ARRAY_PAGE.to_string()));
        let answer = client.send_json(&page).await?;
        let Value::Array(mut received) = answer else {
            return Err(Error::Invalid(format!(
                "GET {}: expected a JSON array of items, got {}",
                request.path,
                crate::client::body_start(answer.to_string().as_bytes())
            )));
        };
        let short = received.len() < ARRAY_PAGE;
        items.append(&mut received);
        if short || limit.is_some_and(|limit| items.len() >= limit) {
            break;
        }
    }
    if let Some(limit) = limit {
        items.truncate(limit);
    }
    Ok(items)
}
