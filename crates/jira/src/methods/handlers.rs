//! The methods whose behaviour is more than one request described by data: searching,
//! creating and editing issues (project, type and custom fields by name), transitions by
//! name, attachments to and from local files, look-ups by name, and the raw request.

use futures_util::TryStreamExt as _;
use serde_json::{Map, Value, json};

use super::call::{Answer, Invocation, segment, value_text};
use super::spec::{Handler, Paging, VerbName};
use crate::client::{Client, Deployment};
use crate::request::ApiRequest;
use crate::{Error, SearchOptions, pages};

type Outcome = Result<Answer, Error>;

pub(super) async fn run(client: &Client, handler: Handler, call: Invocation) -> Outcome {
    match handler {
        Handler::Request => request(client, &call).await,
        Handler::Verb(verb) => verb_request(client, verb, &call).await,
        Handler::SearchIssues | Handler::IssueStream => search_issues(client, &call).await,
        Handler::PageStream => page_items(client, &call).await,
        Handler::CreateIssue => create_issue(client, &call).await,
        Handler::CreateIssues => create_issues(client, &call).await,
        Handler::UpdateIssue => update_issue(client, &call).await,
        Handler::TransitionIssue => transition_issue(client, &call).await,
        Handler::FindTransitionId => find_transition_id(client, &call).await,
        Handler::AssignIssue => assign_issue(client, &call).await,
        Handler::Changelog => changelog(client, &call).await,
        Handler::AddAttachment => add_attachment(client, &call).await,
        Handler::AttachmentContent => attachment_content(client, &call).await,
        Handler::DownloadAttachment => download_attachment(client, &call).await,
        Handler::CurrentUser => current_user(client, &call).await,
        Handler::IssueTypeByName => issue_type_by_name(client, &call).await,
        Handler::VersionByName => version_by_name(client, &call).await.map(Answer::Json),
        Handler::RenameVersion => rename_version(client, &call).await,
        Handler::SprintsByName => sprints_by_name(client, &call).await,
        Handler::DeactivateUser => deactivate_user(client, &call).await,
        Handler::RequestTypeByName => request_type_by_name(client, &call).await,
        Handler::SupportsServiceDesk => supports_service_desk(client).await,
        Handler::DeleteRemoteLink => delete_remote_link(client, &call).await,
    }
}

fn json(value: Value) -> Outcome {
    Ok(Answer::Json(value))
}

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
    let mut request = ApiRequest::new(reqwest::Method::GET, call.text("path"));
    for (name, value) in entries(call.option("query")) {
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

async fn page_items(client: &Client, call: &Invocation) -> Outcome {
    let mut cursor = crate::PageCursor::new(client, page_request(call));
    let mut items = Vec::new();
    while let Some(mut page) = cursor.next_page().await? {
        items.append(&mut page);
    }
    json(Value::Array(items))
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
    let mut request = ApiRequest::new(method, call.text("path"));
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

fn entries(map: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    map.and_then(Value::as_object).into_iter().flatten()
}

/// Issues per page of an OAuth search unless the call asks otherwise: every request costs an
/// RSA signature (milliseconds of CPU), so OAuth asks for the largest page Jira Data Center
/// grants by default (`jira.search.views.default.max`, 1,000; a server with a lower cap says so
/// in `maxResults` and paging follows it). Such a page holds as many issues as ten of the
/// usual ones, so it counts as ten against `concurrency` (see [`search_options`]).
pub const OAUTH_PAGE_SIZE: u64 = 1000;

/// The search options a `search_issues` or `issues` call asks for, for `client`. An OAuth
/// 1.0a search the call gave no `page_size` asks for [`OAUTH_PAGE_SIZE`] issues a page and
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

async fn create_issue(client: &Client, call: &Invocation) -> Outcome {
    let fields = super::fields::by_id(client, call, call.arg("fields").clone()).await?;
    let created = client.create_issue(fields).await?;
    json(created)
}

async fn create_issues(client: &Client, call: &Invocation) -> Outcome {
    let Value::Array(list) = call.arg("field_list").clone() else {
        return Err(call.invalid("`field_list` must be an array of field maps"));
    };
    let mut resolved = Vec::with_capacity(list.len());
    for fields in list {
        resolved.push(super::fields::by_id(client, call, fields).await?);
    }
    json(client.create_issues(resolved).await?)
}

async fn update_issue(client: &Client, call: &Invocation) -> Outcome {
    let mut body = Map::new();
    let fields = call.arg("fields");
    if !fields.is_null() {
        body.insert(
            "fields".to_owned(),
            super::fields::by_id(client, call, fields.clone()).await?,
        );
    }
    if let Some(update) = call.option("update") {
        body.insert(
            "update".to_owned(),
            super::fields::by_id(client, call, update.clone()).await?,
        );
    }
    if body.is_empty() {
        return Err(call.invalid("give the fields to set, or #{update: …} operations"));
    }
    let mut request = ApiRequest::new(
        reqwest::Method::PUT,
        format!("issue/{}", segment(&call.text("issue"))),
    )
    .json(Value::Object(body));
    if let Some(notify) = call.option("notify").and_then(Value::as_bool) {
        request = request.query("notifyUsers", notify.to_string());
    }
    client.send_json(&request).await?;
    Ok(Answer::Unit)
}

async fn transition_issue(client: &Client, call: &Invocation) -> Outcome {
    let fields = match call.option("fields") {
        Some(fields) => Some(super::fields::by_id(client, call, fields.clone()).await?),
        None => None,
    };
    let comment = call.option_text("comment");
    client
        .transition_issue(
            &call.text("issue"),
            &call.text("transition"),
            fields,
            comment.as_deref(),
        )
        .await?;
    Ok(Answer::Unit)
}

async fn find_transition_id(client: &Client, call: &Invocation) -> Outcome {
    let wanted = call.text("transition_name");
    let found = client
        .transitions(&call.text("issue"))
        .await?
        .into_iter()
        .find(|transition| {
            transition
                .get("name")
                .and_then(Value::as_str)
                .is_some_and(|name| name.eq_ignore_ascii_case(wanted.trim()))
        })
        .and_then(|transition| transition.get("id").cloned());
    json(found.unwrap_or(Value::Null))
}

async fn assign_issue(client: &Client, call: &Invocation) -> Outcome {
    let user = call.arg("assignee");
    let user = (!user.is_null()).then(|| value_text(user));
    client
        .assign_issue(&call.text("issue"), user.as_deref())
        .await?;
    Ok(Answer::Unit)
}

async fn changelog(client: &Client, call: &Invocation) -> Outcome {
    let key = segment(&call.text("issue"));
    if client.deployment().await? == Deployment::Cloud {
        let request = ApiRequest::new(reqwest::Method::GET, format!("issue/{key}/changelog"));
        let entries = pages::collect(client, &request, Paging::Values, call.limit()).await?;
        return json(Value::Array(entries));
    }
    let issue = client
        .send_json(
            &ApiRequest::new(reqwest::Method::GET, format!("issue/{key}"))
                .query("fields", "none")
                .query("expand", "changelog"),
        )
        .await?;
    json(
        issue
            .pointer("/changelog/histories")
            .cloned()
            .unwrap_or_else(|| Value::Array(Vec::new())),
    )
}

async fn add_attachment(client: &Client, call: &Invocation) -> Outcome {
    let path = std::path::PathBuf::from(call.text("attachment"));
    if !path.is_file() {
        return Err(Error::File(format!(
            "jira.add_attachment: {} is not a readable file",
            path.display()
        )));
    }
    let filename = call.option_text("filename").unwrap_or_else(|| {
        path.file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| "attachment".to_owned())
    });
    let request = ApiRequest::new(
        reqwest::Method::POST,
        format!("issue/{}/attachments", segment(&call.text("issue"))),
    )
    .file(&path, filename);
    json(client.send_json(&request).await?)
}

/// The URL an attachment's bytes are served at.
async fn content_url(client: &Client, call: &Invocation) -> Result<String, Error> {
    let attachment = client
        .get(&format!("attachment/{}", segment(&call.text("id"))), &[])
        .await?;
    attachment
        .get("content")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| call.invalid("Jira's attachment has no `content` URL"))
}

async fn attachment_content(client: &Client, call: &Invocation) -> Outcome {
    let url = content_url(client, call).await?;
    let answer = client
        .send(&ApiRequest::new(reqwest::Method::GET, url))
        .await?;
    Ok(Answer::Bytes(answer.body))
}

async fn download_attachment(client: &Client, call: &Invocation) -> Outcome {
    let url = content_url(client, call).await?;
    let destination = std::path::PathBuf::from(call.text("path"));
    let written = client
        .send_to_file(&ApiRequest::new(reqwest::Method::GET, url), &destination)
        .await?;
    json(json!({ "path": destination.display().to_string(), "size": written }))
}

async fn current_user(client: &Client, call: &Invocation) -> Outcome {
    let me = client.myself().await?;
    let field = match call.option_text("field") {
        Some(field) => field,
        None if me.get("accountId").is_some() => "accountId".to_owned(),
        None => "name".to_owned(),
    };
    json(me.get(&field).cloned().unwrap_or(Value::Null))
}

async fn issue_type_by_name(client: &Client, call: &Invocation) -> Outcome {
    let types = match call.option_text("project") {
        Some(project) => client
            .project(&project)
            .await?
            .get("issueTypes")
            .cloned()
            .unwrap_or_default(),
        None => client.get("issuetype", &[]).await?,
    };
    let name = call.text("name");
    find_named(call, &types, "name", &name, "issue type").map(Answer::Json)
}

/// The item of `list` whose `key` equals `wanted` (any case), or an error listing them.
fn find_named(
    call: &Invocation,
    list: &Value,
    key: &str,
    wanted: &str,
    what: &str,
) -> Result<Value, Error> {
    let items = list.as_array().map(Vec::as_slice).unwrap_or_default();
    let name_of = |item: &Value| item.get(key).and_then(Value::as_str).map(str::to_owned);
    if let Some(found) = items
        .iter()
        .find(|item| name_of(item).is_some_and(|name| name.eq_ignore_ascii_case(wanted.trim())))
    {
        return Ok(found.clone());
    }
    let names: Vec<String> = items.iter().filter_map(name_of).collect();
    Err(call.invalid(format!(
        "no {what} named `{wanted}`; there are: {}",
        if names.is_empty() {
            "none".to_owned()
        } else {
            names.join(", ")
        }
    )))
}

async fn version_by_name(client: &Client, call: &Invocation) -> Result<Value, Error> {
    let project = segment(&call.text("project"));
    let versions = client
        .get(&format!("project/{project}/versions"), &[])
        .await?;
    let wanted = call.text("version_name");
    Ok(versions
        .as_array()
        .into_iter()
        .flatten()
        .find(|version| version.get("name").and_then(Value::as_str) == Some(wanted.as_str()))
        .cloned()
        .unwrap_or(Value::Null))
}

async fn rename_version(client: &Client, call: &Invocation) -> Outcome {
    let version = version_by_name(client, call).await?;
    let Some(id) = version.get("id").map(value_text) else {
        return Err(call.invalid(format!(
            "{} has no version named `{}`",
            call.text("project"),
            call.text("version_name")
        )));
    };
    let body = json!({ "name": call.text("new_name") });
    json(
        client
            .put(&format!("version/{}", segment(&id)), &body)
            .await?,
    )
}

async fn sprints_by_name(client: &Client, call: &Invocation) -> Outcome {
    let mut request = ApiRequest::new(
        reqwest::Method::GET,
        format!("/rest/agile/1.0/board/{}/sprint", segment(&call.text("id"))),
    );
    if let Some(state) = call.option_text("state") {
        request = request.query("state", state);
    }
    let sprints = pages::collect(client, &request, Paging::Values, None).await?;
    let mut by_name = Map::new();
    for sprint in sprints {
        if let Some(name) = sprint.get("name").and_then(Value::as_str) {
            by_name.insert(name.to_owned(), sprint);
        }
    }
    json(Value::Object(by_name))
}

async fn deactivate_user(client: &Client, call: &Invocation) -> Outcome {
    if client.deployment().await? == Deployment::Cloud {
        return Err(call.invalid(
            "Jira Cloud users are deactivated in admin.atlassian.com, not through Jira's REST API",
        ));
    }
    let request = ApiRequest::new(reqwest::Method::PUT, "user")
        .query("username", call.text("username"))
        .json(json!({ "active": false }));
    json(client.send_json(&request).await?)
}

async fn request_type_by_name(client: &Client, call: &Invocation) -> Outcome {
    let request = ApiRequest::new(
        reqwest::Method::GET,
        format!(
            "/rest/servicedeskapi/servicedesk/{}/requesttype",
            segment(&call.text("service_desk"))
        ),
    );
    let types = Value::Array(pages::collect(client, &request, Paging::Start, None).await?);
    find_named(call, &types, "name", &call.text("name"), "request type").map(Answer::Json)
}

async fn supports_service_desk(client: &Client) -> Outcome {
    match client.get("/rest/servicedeskapi/info", &[]).await {
        Ok(_) => json(Value::Bool(true)),
        Err(error) if matches!(error.status(), Some(404)) => json(Value::Bool(false)),
        Err(error) => Err(error),
    }
}

async fn delete_remote_link(client: &Client, call: &Invocation) -> Outcome {
    let issue = segment(&call.text("issue"));
    let request = match (
        call.option_text("internal_id"),
        call.option_text("global_id"),
    ) {
        (Some(id), None) => ApiRequest::new(
            reqwest::Method::DELETE,
            format!("issue/{issue}/remotelink/{}", segment(&id)),
        ),
        (None, Some(global)) => {
            ApiRequest::new(reqwest::Method::DELETE, format!("issue/{issue}/remotelink"))
                .query("globalId", global)
        }
        _ => return Err(call.invalid("give exactly one of #{internal_id} or #{global_id}")),
    };
    client.send_json(&request).await?;
    Ok(Answer::Unit)
}
