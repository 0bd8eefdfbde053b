//! Any REST call: the raw request, the `jira.get` family and any paged resource.

use serde_json::Value;

use super::super::call::value_text;
use super::super::spec::{Kind, MethodSpec, Opt, Param, VerbName};
use super::super::{Answer, Invocation};
use super::{Outcome, custom, handled, json, method};
use crate::client::Client;
use crate::pages;
use crate::request::ApiRequest;

const PATH: Param = handled("path", Kind::Text);
const QUERY: Param = handled("query", Kind::Map).optional();
const BODY: Param = handled("body", Kind::Any).optional();
const HEADERS: Opt = Opt::handler("headers", Kind::Map);
const RAW: Opt = Opt::handler("raw", Kind::Bool);
const PAGED: Opt = Opt::handler("paged", Kind::Bool);

pub(super) const METHODS: &[MethodSpec] = &[
    method!(
        "request",
        Raw,
        "Any REST call: `method` (GET, POST, …), `path` relative to `/rest/api/2/` or absolute from `/rest/…`, with `query` (a map; arrays repeat the parameter), a JSON `body`, extra `headers`, `raw: true` for `#{status, headers, body (a blob), text}` whatever the content type, and `paged` (GET answers that are pages are followed to the end unless `paged: false`).",
        [handled("method", Kind::Text), PATH],
        [
            Opt::handler("query", Kind::Map),
            Opt::handler("body", Kind::Any),
            HEADERS,
            RAW,
            PAGED
        ],
        custom!(request)
    ),
    method!(
        "pages",
        Raw,
        "Every item of any paged resource as a lazy stream, page by page (`startAt`/`total`, `isLast`/`values`, Service Management's `start`/`isLastPage`, Cloud's `nextPageToken`, or a plain array filled to the `maxResults` asked for): `for comment in jira.pages(\"issue/ABC-1/comment\", #{query: #{maxResults: 100}}) { … }`.",
        [PATH],
        [Opt::handler("query", Kind::Map)],
        custom!(page_items, ItemStream)
    ),
    method!(
        "get",
        Raw,
        "GET any REST path (relative to `/rest/api/2/`, or absolute from `/rest/…`) with a `query` map; a paged answer is followed to the end (`startAt`/`total`, `isLast`/`values`, Cloud's `nextPageToken`) unless `paged: false`.",
        [PATH, QUERY],
        [HEADERS, RAW, PAGED],
        custom!(get_path),
        python_names: &["find"]
    ),
    method!(
        "post",
        Raw,
        "POST a JSON body to any REST path, with an optional `query` map; returns the answer.",
        [PATH, BODY, QUERY],
        [HEADERS, RAW],
        custom!(post_path)
    ),
    method!(
        "put",
        Raw,
        "PUT a JSON body to any REST path, with an optional `query` map; returns the answer.",
        [PATH, BODY, QUERY],
        [HEADERS, RAW],
        custom!(put_path)
    ),
    method!(
        "delete",
        Raw,
        "DELETE any REST path, with an optional `query` map.",
        [PATH, QUERY],
        [HEADERS, RAW],
        custom!(delete_path)
    ),
];

/// `jira.request(method, path, #{query, body, headers, raw, paged})`.
async fn request(client: &Client, call: &Invocation) -> Outcome {
    let verb = call.text("method").to_ascii_uppercase();
    let method = reqwest::Method::from_bytes(verb.as_bytes())
        .map_err(|_| call.invalid(format!("`{verb}` is not an HTTP method")))?;
    send_any(
        client,
        call,
        method,
        call.option("query"),
        call.option("body"),
    )
    .await
}

/// The request `jira.pages(path, #{query})` walks.
pub fn page_request(call: &Invocation) -> ApiRequest {
    with_query(
        ApiRequest::new(reqwest::Method::GET, call.text("path")),
        call.option("query"),
    )
}

async fn page_items(client: &Client, call: &Invocation) -> Outcome {
    let mut cursor = crate::PageCursor::new(client, page_request(call));
    let mut items = Vec::new();
    while let Some(mut page) = cursor.next_page().await? {
        items.append(&mut page);
    }
    json(Value::Array(items))
}

async fn get_path(client: &Client, call: &Invocation) -> Outcome {
    verb_request(client, VerbName::Get, call).await
}

async fn post_path(client: &Client, call: &Invocation) -> Outcome {
    verb_request(client, VerbName::Post, call).await
}

async fn put_path(client: &Client, call: &Invocation) -> Outcome {
    verb_request(client, VerbName::Put, call).await
}

async fn delete_path(client: &Client, call: &Invocation) -> Outcome {
    verb_request(client, VerbName::Delete, call).await
}

/// `jira.get(path, query)`, `jira.post(path, body, query)`, `jira.put(…)`, `jira.delete(path, query)`.
async fn verb_request(client: &Client, verb: VerbName, call: &Invocation) -> Outcome {
    let body = match verb {
        VerbName::Post | VerbName::Put => Some(call.arg("body")).filter(|body| !body.is_null()),
        VerbName::Get | VerbName::Delete => None,
    };
    let query = Some(call.arg("query")).filter(|query| !query.is_null());
    send_any(client, call, verb.method(), query, body).await
}

async fn send_any(
    client: &Client,
    call: &Invocation,
    method: reqwest::Method,
    query: Option<&Value>,
    body: Option<&Value>,
) -> Outcome {
    let is_get = method == reqwest::Method::GET;
    let mut request = with_query(ApiRequest::new(method, call.text("path")), query);
    for (name, value) in entries(call.option("headers")) {
        request = request.header(name.clone(), value_text(value));
    }
    if let Some(body) = body {
        request = request.json(body.clone());
    }
    if call.option("raw").and_then(Value::as_bool) == Some(true) {
        return client.send(&request).await.map(Answer::Raw);
    }
    let paged = call
        .option("paged")
        .and_then(Value::as_bool)
        .unwrap_or(is_get);
    if paged && is_get {
        return pages::merged(client, &request).await.map(Answer::Json);
    }
    client.send_json(&request).await.map(Answer::Json)
}

/// `request` with the parameters of a script's `query` map; an array repeats its parameter.
fn with_query(mut request: ApiRequest, query: Option<&Value>) -> ApiRequest {
    for (name, value) in entries(query) {
        match value {
            Value::Array(items) => {
                for item in items {
                    request = request.query(name.clone(), value_text(item));
                }
            }
            other => request = request.query(name.clone(), value_text(other)),
        }
    }
    request
}

fn entries(map: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    map.and_then(Value::as_object).into_iter().flatten()
}
