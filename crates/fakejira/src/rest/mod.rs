//! Jira's REST APIs (`{context}/rest/api/2/…`, also reachable as `/rest/api/latest/…`; Agile
//! at `/rest/agile/1.0/…`; `/rest/auth/1/…`; Service Management at `/rest/servicedeskapi/…`):
//! authentication, routing, permissions and Jira's JSON error bodies. Each resource lives in its
//! own module.

mod applinks;
mod attachments;
mod authored;
mod boards;
mod comments;
mod components;
mod entity_json;
mod fields;
mod filters;
mod groups;
mod issue_extras;
mod issue_fields;
mod issue_json;
mod issue_parts_json;
mod issues;
mod links;
mod missing;
mod project_config;
mod projects;
mod router;
mod routes;
mod screens;
mod search;
mod server_info;
mod servicedesk;
mod session;
mod sprints;
mod system_config;
mod transitions;
mod users;
mod versions;
mod worklogs;

pub(crate) use attachments::{ATTACHMENT_CONTENT_PREFIX, attachment_content};
pub use router::{Access, Deployments, Releases, RouteInfo, routes};
use routes::Route;

use std::borrow::Cow;

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use crate::auth::{self, Caller, NOT_AUTHENTICATED};
use crate::data::Issue;
use crate::exchange::{App, Handled, Incoming, json_response};
use crate::oauth2;
use crate::state::State;

/// Which REST API a path belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Api {
    /// REST API 2 (`/rest/api/2/`, also `/rest/api/latest/`).
    Platform,
    /// Jira Software (`/rest/agile/1.0/`).
    Agile,
    /// `/rest/auth/1/`.
    Auth,
    /// Jira Service Management (`/rest/servicedeskapi/`).
    ServiceDesk,
    /// Application links (`/rest/applinks/latest/`, also `/rest/applinks/1.0/`).
    Applinks,
}

const API_PREFIXES: [(&str, Api); 7] = [
    ("/rest/api/2/", Api::Platform),
    ("/rest/api/latest/", Api::Platform),
    ("/rest/agile/1.0/", Api::Agile),
    ("/rest/auth/1/", Api::Auth),
    ("/rest/servicedeskapi/", Api::ServiceDesk),
    ("/rest/applinks/latest/", Api::Applinks),
    ("/rest/applinks/1.0/", Api::Applinks),
];

/// The API and the resource path below its prefix when `local_path` is under one.
pub(crate) fn resource_path(local_path: &str) -> Option<(Api, &str)> {
    API_PREFIXES.iter().find_map(|(prefix, api)| {
        local_path
            .strip_prefix(prefix)
            .map(|resource| (*api, resource))
    })
}

/// Jira's refusal of an administrator-only operation to someone else.
pub(crate) const NOT_ADMIN: &str =
    "You are not authorized to perform this operation. Please log in.";

/// A REST call being answered.
#[derive(Debug)]
pub(crate) struct Call<'a> {
    pub app: &'a App,
    pub incoming: &'a Incoming,
    /// The resource path's segments, percent-decoded: `["issue", "ABC-1", "comment"]`.
    pub segments: Vec<String>,
    /// The path template of the route that took the call: `issue/{issueIdOrKey}/comment`.
    pub template: &'static str,
    /// The authenticated user, `None` for anonymous calls.
    pub user: Option<String>,
}

impl Call<'_> {
    /// The path parameter `name` of the call's route (`issueIdOrKey` in
    /// `issue/{issueIdOrKey}`), percent-decoded. Empty when the template has no such
    /// parameter, which is a mistake in a handler, caught in debug builds.
    pub(crate) fn param(&self, name: &str) -> &str {
        let index = self.template.split('/').position(|part| {
            part.strip_prefix('{')
                .and_then(|rest| rest.strip_suffix('}'))
                == Some(name)
        });
        debug_assert!(
            index.is_some(),
            "`{}` has no parameter `{name}`",
            self.template
        );
        index
            .and_then(|index| self.segments.get(index))
            .map(String::as_str)
            .unwrap_or_default()
    }

    /// The request body as JSON.
    pub(crate) fn json_body(&self) -> Result<Value, RestError> {
        serde_json::from_slice(&self.incoming.body).map_err(|error| {
            RestError::message(
                StatusCode::BAD_REQUEST,
                format!("The request body is not valid JSON: {error}"),
            )
        })
    }

    /// The caller's user name (empty for anonymous calls, which `Users` routes never see).
    pub(crate) fn user_name(&self) -> &str {
        self.user.as_deref().unwrap_or_default()
    }

    /// Whether the caller is a Jira administrator. Takes the state lock: do not hold it.
    pub(crate) fn is_admin(&self) -> bool {
        self.app.lock().is_admin(self.user_name())
    }

    /// The issue the path names (`issue/{issueIdOrKey}/…`), or Jira's 404 for it.
    pub(crate) fn path_issue<'s>(&self, state: &'s State) -> Result<Cow<'s, Issue>, RestError> {
        state
            .catalog
            .issue(self.param("issueIdOrKey"))
            .ok_or_else(issue_not_found)
    }

    /// [`Call::path_issue`], to change in place.
    pub(crate) fn path_issue_mut<'s>(
        &self,
        state: &'s mut State,
    ) -> Result<&'s mut Issue, RestError> {
        state
            .catalog
            .issue_mut(self.param("issueIdOrKey"))
            .ok_or_else(issue_not_found)
    }

    /// The list-valued query parameter `name` (see [`Incoming::query_list`]).
    pub(crate) fn query_list(&self, name: &str) -> Vec<String> {
        self.incoming.query_list(name)
    }

    /// A query parameter parsed as a number, `default` when absent.
    pub(crate) fn number_param(&self, name: &str, default: usize) -> Result<usize, RestError> {
        match self.incoming.query_param(name) {
            None => Ok(default),
            Some(text) => parse_count(name, &Value::String(text)),
        }
    }
}

/// A count (`startAt`, `maxResults`) from a query parameter or a JSON body: a non-negative
/// integer; negative values are taken as 0, as Jira does.
pub(crate) fn parse_count(name: &str, value: &Value) -> Result<usize, RestError> {
    let number = match value {
        Value::Number(number) => number.as_i64(),
        Value::String(text) => text.trim().parse::<i64>().ok(),
        _ => None,
    };
    number
        .map(|number| usize::try_from(number.max(0)).unwrap_or(usize::MAX))
        .ok_or_else(|| {
            RestError::message(
                StatusCode::BAD_REQUEST,
                format!(
                    "The value '{}' is not a valid number for '{name}'.",
                    display(value)
                ),
            )
        })
}

/// A body's string field `name`, trimmed; `None` when it is absent, not a string or blank.
pub(crate) fn text_field<'b>(body: &'b Value, name: &str) -> Option<&'b str> {
    body.get(name)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|text| !text.is_empty())
}

fn display(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// A refusal with Jira's JSON error body.
#[derive(Debug)]
pub(crate) struct RestError {
    pub status: StatusCode,
    pub messages: Vec<String>,
    pub errors: serde_json::Map<String, Value>,
}

impl RestError {
    /// A refusal with one error message.
    pub(crate) fn message(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            messages: vec![message.into()],
            errors: serde_json::Map::new(),
        }
    }

    /// A 400 naming what is wrong with one field.
    pub(crate) fn field(field: &str, message: impl Into<String>) -> Self {
        let mut errors = serde_json::Map::new();
        errors.insert(field.to_owned(), Value::String(message.into()));
        Self {
            status: StatusCode::BAD_REQUEST,
            messages: Vec::new(),
            errors,
        }
    }

    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Self::message(StatusCode::NOT_FOUND, message)
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self::message(StatusCode::BAD_REQUEST, message)
    }

    pub(crate) fn forbidden(message: impl Into<String>) -> Self {
        Self::message(StatusCode::FORBIDDEN, message)
    }

    /// A 400 with several field errors.
    pub(crate) fn fields(errors: serde_json::Map<String, Value>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            messages: Vec::new(),
            errors,
        }
    }

    /// The refusal as Jira answers it.
    pub(crate) fn response(&self) -> Response {
        json_response(self.status, &self.body())
    }

    /// The `{"errorMessages":[…],"errors":{…}}` body.
    pub(crate) fn body(&self) -> Value {
        json!({ "errorMessages": self.messages, "errors": self.errors })
    }

    fn verdict(&self) -> String {
        self.messages
            .first()
            .cloned()
            .or_else(|| self.errors.values().next().map(display))
            .unwrap_or_else(|| "error".to_owned())
    }
}

/// The record of `items` whose id (`id_of`) the path gives as `id`, cloned.
pub(crate) fn find_by_id<T: Clone>(items: &[T], id: &str, id_of: fn(&T) -> u64) -> Option<T> {
    items
        .iter()
        .find(|item| id_of(item).to_string() == id)
        .cloned()
}

/// An issue that does not exist (or that the caller may not see, which Jira words the same).
pub(crate) fn issue_not_found() -> RestError {
    RestError::not_found("Issue Does Not Exist")
}

pub(crate) fn handle(app: &App, incoming: &Incoming, api: Api, resource: &str) -> Handled {
    let caller = match auth::authenticate(app, incoming) {
        Ok(caller) => caller,
        Err(refusal) => return *refusal,
    };
    let segments: Vec<String> = resource
        .split('/')
        .filter(|segment| !segment.is_empty())
        .map(|segment| oauth1::percent_decode(segment).unwrap_or_else(|| segment.to_owned()))
        .collect();
    let borrowed: Vec<&str> = segments.iter().map(String::as_str).collect();
    let Some(route) = find_route(app, incoming, api, &borrowed) else {
        let verbs = if installed(app, api) {
            router::other_verbs(&routing_request(app, incoming, api, &borrowed))
        } else {
            Vec::new()
        };
        let response = missing::response(&app.settings, incoming, &verbs);
        let verdict = if verbs.is_empty() {
            "not found"
        } else {
            "method not allowed"
        };
        return Handled::new(response, caller.auth, verdict);
    };
    if let Some((response, verdict)) = refusal(app, incoming, &caller, route, &borrowed) {
        return Handled::new(response, caller.auth, verdict);
    }
    let call = Call {
        app,
        incoming,
        segments,
        template: route.info.path,
        user: caller.user,
    };
    match (route.handler)(&call) {
        Ok(response) => Handled::new(response, caller.auth, "ok"),
        Err(error) => Handled::new(error.response(), caller.auth, error.verdict()),
    }
}

/// The route that answers a request for `segments` of `api`, if any.
fn find_route(
    app: &App,
    incoming: &Incoming,
    api: Api,
    segments: &[&str],
) -> Option<&'static Route> {
    installed(app, api)
        .then(|| router::find(&routing_request(app, incoming, api, segments)))
        .flatten()
}

/// Whether `api` is there at all: without Jira Service Management installed, its REST
/// resources do not exist.
fn installed(app: &App, api: Api) -> bool {
    api != Api::ServiceDesk || app.lock().service_desk_project.is_some()
}

/// What the router looks at in `incoming`, as the served Jira sees it.
fn routing_request<'a>(
    app: &App,
    incoming: &'a Incoming,
    api: Api,
    segments: &'a [&'a str],
) -> router::Request<'a> {
    router::Request {
        api,
        method: incoming.method.as_str(),
        segments,
        deployment: app.settings.deployment_type,
        version: app.settings.jira_version,
    }
}

/// Why `caller` may not call `route`, answered as Jira does, with the access log's verdict:
/// anonymous callers of a route for users (401), an OAuth 2.0 scope too narrow, and
/// non-administrators of a route for administrators (403).
fn refusal(
    app: &App,
    incoming: &Incoming,
    caller: &Caller,
    route: &Route,
    segments: &[&str],
) -> Option<(Response, &'static str)> {
    let access = route.info.access;
    if access != Access::Anyone && caller.user.is_none() {
        let error = RestError::message(StatusCode::UNAUTHORIZED, NOT_AUTHENTICATED);
        return Some((error.response(), "unauthenticated"));
    }
    let admin_only = access == Access::Admins;
    if let Some(scope) = &caller.scope
        && let Some(response) =
            oauth2::scope_refusal(incoming, scope, route.info.api, segments, admin_only)
    {
        return Some((response, "OAuth 2.0 scope too narrow"));
    }
    let is_admin = caller
        .user
        .as_deref()
        .is_some_and(|name| app.lock().is_admin(name));
    (admin_only && !is_admin).then(|| {
        (
            RestError::forbidden(NOT_ADMIN).response(),
            "not an administrator",
        )
    })
}

/// A 200 JSON answer.
pub(crate) fn ok(body: &Value) -> Response {
    json_response(StatusCode::OK, body)
}

/// The page of `items` from `start_at`, at most `max_results` long, each shown by `to_json`, as
/// Jira's older resources give it: `{startAt, maxResults, total, <name>}`.
pub(crate) fn page_json<T>(
    name: &str,
    items: &[T],
    start_at: usize,
    max_results: usize,
    to_json: impl Fn(&T) -> Value,
) -> Value {
    let values: Vec<Value> = items
        .iter()
        .skip(start_at)
        .take(max_results)
        .map(to_json)
        .collect();
    json!({
        "startAt": start_at,
        "maxResults": max_results,
        "total": items.len(),
        name: values,
    })
}

/// `{maxResults, startAt, total, isLast, values}` over `items`.
pub(crate) fn paged_values(
    call: &Call<'_>,
    items: Vec<Value>,
    default_max: usize,
) -> Result<Value, RestError> {
    paged_values_up_to(call, items, default_max, usize::MAX)
}

/// [`paged_values`] where a page holds at most `most` items, whatever `maxResults` asks.
pub(crate) fn paged_values_up_to(
    call: &Call<'_>,
    items: Vec<Value>,
    default_max: usize,
    most: usize,
) -> Result<Value, RestError> {
    let start_at = call.number_param("startAt", 0)?;
    let max_results = call.number_param("maxResults", default_max)?.min(most);
    let total = items.len();
    let values: Vec<Value> = items.into_iter().skip(start_at).take(max_results).collect();
    Ok(json!({
        "maxResults": max_results,
        "startAt": start_at,
        "total": total,
        "isLast": start_at + values.len() >= total,
        "values": values,
    }))
}

/// A `204 No Content`.
pub(crate) fn no_content() -> Response {
    empty(StatusCode::NO_CONTENT)
}

/// An answer with `status` and no body.
pub(crate) fn empty(status: StatusCode) -> Response {
    let mut response = Response::default();
    *response.status_mut() = status;
    response
}
