//! Searching with JQL: Server's `/search` (`startAt`, `maxResults`, `total`) and Cloud's
//! `/search/jql` (`nextPageToken`, `isLast`, no total). `maxResults` defaults to 50 and is capped
//! by the server's search cap; the answer's `maxResults` shows the cap that applied.

use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use super::issue_json::{FieldSelection, IssueWriter, field_names};
use super::{Call, RestError, parse_count};
use crate::exchange::json_text;
use crate::jql;

const DEFAULT_MAX_RESULTS: usize = 50;
const PAGE_TOKEN_PREFIX: &str = "fakejira-offset-";

/// A search's parameters, from the query string (GET) or the JSON body (POST).
#[derive(Debug)]
struct SearchRequest {
    jql: String,
    start_at: usize,
    max_results: usize,
    fields: FieldSelection,
    expand_names: bool,
    next_page_token: Option<String>,
}

impl SearchRequest {
    fn read(call: &Call<'_>, default_fields: FieldSelection) -> Result<Self, RestError> {
        if call.incoming.method == Method::POST {
            let body = call.json_body()?;
            let count = |name: &str, default| match body.get(name) {
                None | Some(Value::Null) => Ok(default),
                Some(value) => parse_count(name, value),
            };
            let expand = match body.get("expand") {
                Some(Value::Array(items)) => {
                    items.iter().any(|item| item.as_str() == Some("names"))
                }
                Some(Value::String(list)) => list.split(',').any(|item| item.trim() == "names"),
                _ => false,
            };
            Ok(Self {
                jql: body
                    .get("jql")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                start_at: count("startAt", 0)?,
                max_results: count("maxResults", DEFAULT_MAX_RESULTS)?,
                fields: match body.get("fields") {
                    None => default_fields,
                    fields => FieldSelection::from_json(fields),
                },
                expand_names: expand,
                next_page_token: body
                    .get("nextPageToken")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            })
        } else {
            let incoming = call.incoming;
            Ok(Self {
                jql: incoming.query_param("jql").unwrap_or_default(),
                start_at: call.number_param("startAt", 0)?,
                max_results: call.number_param("maxResults", DEFAULT_MAX_RESULTS)?,
                fields: match incoming.query_param("fields") {
                    None => default_fields,
                    Some(_) => FieldSelection::from_list(&call.query_list("fields")),
                },
                expand_names: call.query_list("expand").iter().any(|item| item == "names"),
                next_page_token: incoming.query_param("nextPageToken"),
            })
        }
    }
}

/// The matching issues, rendered as a JSON array, for the page `[start_at, start_at + max_results)`.
struct Page {
    issues: String,
    count: usize,
    total: usize,
}

impl Page {
    /// The answer: `body` with the page's issues as its `issues` member. The text is built by
    /// hand around the issues, already JSON, in the key order `serde_json` writes.
    fn answer(&self, body: Value) -> Response {
        let mut text = String::from("{");
        if let Value::Object(members) = body {
            let members = members
                .into_iter()
                .map(|(name, value)| (name, Some(value)))
                .chain([("issues".to_owned(), None)]);
            let mut members: Vec<(String, Option<Value>)> = members.collect();
            members.sort_by(|a, b| a.0.cmp(&b.0));
            for (index, (name, value)) in members.into_iter().enumerate() {
                if index > 0 {
                    text.push(',');
                }
                text.push_str(&format!("{}:", Value::String(name)));
                match value {
                    Some(value) => text.push_str(&value.to_string()),
                    None => text.push_str(&self.issues),
                }
            }
        }
        text.push('}');
        json_text(StatusCode::OK, text)
    }
}

fn run(
    call: &Call<'_>,
    request: &SearchRequest,
    start_at: usize,
    max_results: usize,
) -> Result<Page, RestError> {
    let query = jql::parse(&request.jql)
        .map_err(|message| RestError::message(StatusCode::BAD_REQUEST, message))?;
    let state = call.app.lock();
    let matching = query
        .positions(
            &state.catalog,
            |name| state.user(name).is_some(),
            call.user.as_deref(),
        )
        .map_err(|message| RestError::message(StatusCode::BAD_REQUEST, message))?;
    let page: Vec<_> = matching
        .get(start_at.min(matching.len())..)
        .unwrap_or_default()
        .iter()
        .take(max_results)
        .filter_map(|position| state.catalog.issue_at(*position))
        .collect();
    let mut writer = IssueWriter::new(&call.app.settings, &state.catalog, &request.fields);
    let mut issues = String::from("[");
    for (count, issue) in page.iter().enumerate() {
        if count > 0 {
            issues.push(',');
        }
        writer.write(&mut issues, issue);
    }
    let count = page.len();
    issues.push(']');
    Ok(Page {
        issues,
        count,
        total: matching.len(),
    })
}

/// `GET|POST /search` (Server).
pub(super) fn search(call: &Call<'_>) -> Result<Response, RestError> {
    let request = SearchRequest::read(call, FieldSelection::All)?;
    let max_results = request.max_results.min(call.app.settings.search_cap);
    let page = run(call, &request, request.start_at, max_results)?;
    let mut body = json!({
        "expand": "schema,names",
        "startAt": request.start_at,
        "maxResults": max_results,
        "total": page.total,
    });
    if request.expand_names {
        body["names"] = field_names();
    }
    Ok(page.answer(body))
}

/// `GET|POST /search/jql` (Cloud): pages through `nextPageToken`; without `fields` only issue
/// ids and keys come back, as on Cloud.
pub(super) fn search_jql(call: &Call<'_>) -> Result<Response, RestError> {
    let request = SearchRequest::read(call, FieldSelection::Only(Vec::new()))?;
    let start_at = match &request.next_page_token {
        None => 0,
        Some(token) => token
            .strip_prefix(PAGE_TOKEN_PREFIX)
            .and_then(|offset| offset.parse().ok())
            .ok_or_else(|| {
                RestError::message(
                    StatusCode::BAD_REQUEST,
                    "The provided next page token is invalid or expired.",
                )
            })?,
    };
    let max_results = request.max_results.min(call.app.settings.search_cap);
    let page = run(call, &request, start_at, max_results)?;
    let next = start_at + page.count;
    let is_last = next >= page.total || page.count == 0;
    let mut body = json!({ "isLast": is_last });
    if !is_last {
        body["nextPageToken"] = json!(format!("{PAGE_TOKEN_PREFIX}{next}"));
    }
    if request.expand_names {
        body["names"] = field_names();
    }
    Ok(page.answer(body))
}

/// `/search` on Cloud: removed in favour of `/search/jql`.
pub(super) fn gone(_call: &Call<'_>) -> Result<Response, RestError> {
    Err(RestError::message(
        StatusCode::GONE,
        "The requested API has been removed. Please migrate to the /rest/api/2/search/jql API.",
    ))
}
