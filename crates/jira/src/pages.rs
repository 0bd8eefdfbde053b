//! Following a paged resource to its end. Jira pages in five shapes: `startAt`/`total` beside
//! a named array (search, comments, worklogs), `startAt`/`isLast` beside `values` (Jira
//! Software and newer resources), `start`/`isLastPage` beside `values` (Service Management), a
//! plain array ended by a short page (`user/search`), and Cloud's `nextPageToken`. Each page is
//! asked for from where the items so far end, so a server that caps the page size is followed
//! all the same. [`PageCursor`] walks them one page at a time; collecting and merging are
//! built on it.

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

/// A paged resource read one page at a time: `next_page` fetches the next page and returns its
/// items, `None` after the last.
#[derive(Debug)]
pub struct PageCursor {
    client: Client,
    request: ApiRequest,
    /// The shape, when known before the first page.
    paging: Option<Paging>,
    /// Where the next page starts, and the token of Cloud's next page.
    start: u64,
    token: Option<String>,
    total: Option<u64>,
    /// The first answer with its items taken out, once it came.
    first: Option<Value>,
    done: bool,
}

impl PageCursor {
    /// A cursor over `request`'s answer, its shape found from the first page.
    pub fn new(client: &Client, request: ApiRequest) -> Self {
        Self::with_paging(client, request, None)
    }

    pub(crate) fn with_paging(
        client: &Client,
        mut request: ApiRequest,
        paging: Option<Paging>,
    ) -> Self {
        if paging == Some(Paging::Array) {
            set_query(&mut request, "maxResults", &ARRAY_PAGE.to_string());
        }
        Self {
            client: client.clone(),
            request,
            paging,
            start: 0,
            token: None,
            total: None,
            first: None,
            done: false,
        }
    }

    /// The items of the next page; `None` when there are no more.
    pub async fn next_page(&mut self) -> Result<Option<Vec<Value>>, Error> {
        if self.done {
            return Ok(None);
        }
        let mut answer = self.client.send_json(&self.next_request()).await?;
        let paging = match self.paging {
            Some(paging) => paging,
            None => {
                let detected = detect(&answer, &self.request);
                self.paging = Some(detected.unwrap_or(Paging::None));
                detected.unwrap_or(Paging::None)
            }
        };
        let page = take_page(&mut answer, paging);
        self.advance(&answer, paging, &page);
        if self.first.is_none() {
            self.first = Some(answer);
        }
        Ok(Some(page.items))
    }

    fn next_request(&self) -> ApiRequest {
        let mut next = self.request.clone();
        if self.first.is_none() {
            return next;
        }
        match (&self.token, self.paging) {
            (Some(token), _) => set_query(&mut next, "nextPageToken", token),
            (None, Some(Paging::Start)) => set_query(&mut next, "start", &self.start.to_string()),
            (None, _) => set_query(&mut next, "startAt", &self.start.to_string()),
        }
        next
    }

    /// Decides from this page whether another follows.
    fn advance(&mut self, answer: &Value, paging: Paging, page: &Page) {
        let received = page.items.len() as u64;
        if self.first.is_none() {
            let start_name = if paging == Paging::Start {
                "start"
            } else {
                "startAt"
            };
            self.start = answer.get(start_name).and_then(Value::as_u64).unwrap_or(0);
            self.total = answer.get("total").and_then(Value::as_u64);
        }
        self.token = page.token.clone();
        let ended = match paging {
            Paging::None => true,
            Paging::Array => received < self.page_size_asked().unwrap_or(u64::MAX),
            Paging::Total(_) | Paging::Values | Paging::Start => {
                page.is_last
                    || (self.token.is_none()
                        && self
                            .total
                            .is_some_and(|total| self.start + received >= total))
                    || (!matches!(paging, Paging::Total(_))
                        && !page.has_is_last
                        && self.token.is_none())
            }
        };
        self.done = received == 0 || ended;
        self.start += received;
    }

    fn page_size_asked(&self) -> Option<u64> {
        self.request
            .query
            .iter()
            .find(|(name, _)| name == "maxResults")
            .and_then(|(_, value)| value.parse().ok())
    }

    /// The first answer, its items taken out (for merging pages into it).
    fn into_first(self) -> Option<Value> {
        self.first
    }
}

/// Every item of the paged resource `request` names, at most `limit`.
pub(crate) async fn collect(
    client: &Client,
    request: &ApiRequest,
    paging: Paging,
    limit: Option<usize>,
) -> Result<Vec<Value>, Error> {
    let mut cursor = PageCursor::with_paging(client, request.clone(), Some(paging));
    let mut items = Vec::new();
    while let Some(mut page) = cursor.next_page().await? {
        items.append(&mut page);
        if limit.is_some_and(|limit| items.len() >= limit) {
            break;
        }
    }
    if let Some(limit) = limit {
        items.truncate(limit);
    }
    Ok(items)
}

/// The answer to `request`, its pages merged when it is paged: the items of every page in
/// the first page's item field, `startAt` 0 and `isLast` true. Answers that are not pages
/// come back as they are.
pub(crate) async fn merged(client: &Client, request: &ApiRequest) -> Result<Value, Error> {
    let mut cursor = PageCursor::new(client, request.clone());
    let mut items = Vec::new();
    while let Some(mut page) = cursor.next_page().await? {
        items.append(&mut page);
    }
    let paging = cursor.paging.unwrap_or(Paging::None);
    let mut answer = cursor.into_first().unwrap_or(Value::Null);
    let field = match paging {
        // Not a page: the answer itself, which `take_page` moved into the items.
        Paging::None if answer.is_array() => return Ok(Value::Array(items)),
        Paging::None => return Ok(items.pop().unwrap_or(Value::Null)),
        Paging::Array => return Ok(Value::Array(items)),
        Paging::Total(field) => field,
        Paging::Values | Paging::Start => "values",
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

/// Which shape a first page has, if it is a page at all. A plain array counts as a page only
/// when the request asked for a page size and the array filled it.
fn detect(answer: &Value, request: &ApiRequest) -> Option<Paging> {
    if let Value::Array(items) = answer {
        let asked = request
            .query
            .iter()
            .find(|(name, _)| name == "maxResults")
            .and_then(|(_, value)| value.parse::<usize>().ok())?;
        return (items.len() >= asked && asked > 0).then_some(Paging::Array);
    }
    let object: &Map<String, Value> = answer.as_object()?;
    if object.contains_key("isLastPage") && object.get("values").is_some_and(Value::is_array) {
        return Some(Paging::Start);
    }
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

struct Page {
    items: Vec<Value>,
    is_last: bool,
    has_is_last: bool,
    token: Option<String>,
}

fn take_page(answer: &mut Value, paging: Paging) -> Page {
    let items = match paging {
        // An answer that is no page is its own single item (an array: its items); an empty
        // array stays behind to say which it was.
        Paging::None => match answer.take() {
            Value::Array(items) => {
                *answer = Value::Array(Vec::new());
                items
            }
            other => vec![other],
        },
        Paging::Array => match answer.take() {
            Value::Array(items) => items,
            _ => Vec::new(),
        },
        Paging::Total(field) => take_array(answer, field),
        Paging::Values | Paging::Start => take_array(answer, "values"),
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

fn take_array(answer: &mut Value, field: &str) -> Vec<Value> {
    match answer.get_mut(field).map(Value::take) {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    }
}

fn set_query(request: &mut ApiRequest, name: &str, value: &str) {
    request.query.retain(|(key, _)| key != name);
    request.query.push((name.to_owned(), value.to_owned()));
}
