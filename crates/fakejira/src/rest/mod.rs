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
mod fields;
mod filters;
mod groups;
mod issue_extras;
mod issue_fields;
mod issues;
mod links;
mod meta;
mod metadata;
mod project_config;
mod projects;
mod render;
mod search;
mod server_info;
mod servicedesk;
mod session;
mod shapes;
mod sprints;
mod transitions;
mod users;
mod versions;
mod worklogs;

pub(crate) use attachments::{ATTACHMENT_CONTENT_PREFIX, attachment_content};

use std::borrow::Cow;

use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use crate::auth::{self, NOT_AUTHENTICATED};
use crate::config::DeploymentType;
use crate::data::Issue;
use crate::oauth2;
use crate::server::{App, Handled, Incoming, json_response};
use crate::state::State;

/// Which REST API a path belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Api {
    Platform,
    Agile,
    Auth,
    ServiceDesk,
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
    /// The authenticated user, `None` for anonymous calls.
    pub user: Option<String>,
}

impl Call<'_> {
    /// The path segment at `index` (routing guarantees it exists).
    pub(crate) fn segment(&self, index: usize) -> &str {
        self.segments
            .get(index)
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

    /// The issue the path names (`issue/{idOrKey}/…`), or Jira's 404 for it.
    pub(crate) fn path_issue<'s>(&self, state: &'s State) -> Result<Cow<'s, Issue>, RestError> {
        state
            .catalog
            .issue(self.segment(1))
            .ok_or_else(issue_not_found)
    }

    /// [`Call::path_issue`], to change in place.
    pub(crate) fn path_issue_mut<'s>(
        &self,
        state: &'s mut State,
    ) -> Result<&'s mut Issue, RestError> {
        state
            .catalog
            .issue_mut(self.segment(1))
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

type Handler = fn(&Call<'_>) -> Result<Response, RestError>;

/// Who a resource answers: anyone, logged-in users, or administrators only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Access {
    Anyone,
    Users,
    Admins,
}

fn find_handler(
    method: &Method,
    api: Api,
    segments: &[&str],
    deployment: DeploymentType,
) -> Option<(Handler, Access)> {
    match api {
        Api::Platform => platform_handler(method, segments, deployment)
            .or_else(|| issue_extras_handler(method, segments))
            .or_else(|| metadata_handler(method, segments))
            .or_else(|| project_handler(method, segments)),
        Api::Auth => auth_handler(method, segments),
        Api::Agile => agile_handler(method, segments),
        Api::ServiceDesk => service_desk_handler(method, segments),
        Api::Applinks => match (method.as_str(), segments) {
            ("GET", ["listApplicationlinks"]) => Some((applinks::list as Handler, Access::Admins)),
            _ => None,
        },
    }
}

fn auth_handler(method: &Method, segments: &[&str]) -> Option<(Handler, Access)> {
    let handler: (Handler, Access) = match (method.as_str(), segments) {
        ("GET", ["session"]) => (session::current, Access::Users),
        ("DELETE", ["session"] | ["websudo"]) => (session::log_out, Access::Users),
        _ => return None,
    };
    Some(handler)
}

fn service_desk_handler(method: &Method, segments: &[&str]) -> Option<(Handler, Access)> {
    use servicedesk as sd;
    let handler: (Handler, Access) = match (method.as_str(), segments) {
        ("GET", ["info"]) => (sd::info, Access::Anyone),
        ("GET", ["servicedesk"]) => (sd::desks, Access::Users),
        ("GET", ["servicedesk", _]) => (sd::get_desk, Access::Users),
        ("GET", ["servicedesk", _, "requesttype"]) => (sd::request_types, Access::Users),
        ("POST", ["customer"]) => (sd::create_customer, Access::Admins),
        ("POST", ["request"]) => (sd::create_request, Access::Users),
        _ => return None,
    };
    Some(handler)
}

fn agile_handler(method: &Method, segments: &[&str]) -> Option<(Handler, Access)> {
    let handler: Handler = match (method.as_str(), segments) {
        ("GET", ["board"]) => boards::list,
        ("POST", ["board"]) => boards::create,
        ("GET", ["board", _]) => boards::get,
        ("DELETE", ["board", _]) => boards::delete,
        ("GET", ["board", _, "sprint"]) => boards::sprints,
        ("GET", ["board", _, "epic"]) => boards::epics,
        ("GET", ["board", _, "backlog"]) => boards::backlog,
        ("GET", ["board", _, "issue"]) => boards::issues,
        ("POST", ["sprint"]) => sprints::create,
        ("GET", ["sprint", _]) => sprints::get,
        ("POST", ["sprint", _]) => sprints::update,
        ("DELETE", ["sprint", _]) => sprints::delete,
        ("GET", ["sprint", _, "issue"]) => sprints::issues,
        ("POST", ["sprint", _, "issue"]) => sprints::move_to_sprint,
        ("POST", ["backlog", "issue"]) => sprints::move_to_backlog,
        ("POST", ["epic", _, "issue"]) => sprints::move_to_epic,
        ("PUT", ["issue", "rank"]) => sprints::rank,
        _ => return None,
    };
    Some((handler, Access::Users))
}

fn issue_extras_handler(method: &Method, segments: &[&str]) -> Option<(Handler, Access)> {
    use issue_extras as x;
    let handler: Handler = match (method.as_str(), segments) {
        ("GET", ["issue", _, "properties"]) => x::property_keys,
        ("GET", ["issue", _, "properties", _]) => x::property_get,
        ("PUT", ["issue", _, "properties", _]) => x::property_put,
        ("DELETE", ["issue", _, "properties", _]) => x::property_delete,
        ("GET", ["issue", _, "watchers"]) => x::watchers,
        ("POST", ["issue", _, "watchers"]) => x::watch,
        ("DELETE", ["issue", _, "watchers"]) => x::unwatch,
        ("GET", ["issue", _, "votes"]) => x::votes,
        ("POST", ["issue", _, "votes"]) => x::vote,
        ("DELETE", ["issue", _, "votes"]) => x::unvote,
        ("GET", ["issue", _, "remotelink"]) => x::remote_links,
        ("POST", ["issue", _, "remotelink"]) => x::add_remote_link,
        ("DELETE", ["issue", _, "remotelink"] | ["issue", _, "remotelink", _]) => {
            x::delete_remote_link
        }
        ("GET", ["issue", _, "remotelink", _]) => x::remote_link,
        ("PUT", ["issue", _, "remotelink", _]) => x::update_remote_link,
        ("GET", ["issue", _, "editmeta"]) => meta::edit_meta,
        ("GET", ["issueLinkType"]) => links::types,
        ("GET", ["issueLinkType", _]) => links::link_type,
        ("POST", ["issueLink"]) => links::create,
        ("GET", ["issueLink", _]) => links::get,
        ("DELETE", ["issueLink", _]) => links::delete,
        _ => return None,
    };
    Some((handler, Access::Users))
}

fn project_handler(method: &Method, segments: &[&str]) -> Option<(Handler, Access)> {
    use Access::{Admins, Users};
    let handler: (Handler, Access) = match (method.as_str(), segments) {
        ("GET", ["project"]) => (projects::list, Users),
        ("POST", ["project"]) => (projects::create, Admins),
        ("GET", ["project", _]) => (projects::get, Users),
        ("DELETE", ["project", _]) => (projects::delete, Admins),
        ("GET", ["project", _, "components"]) => (components::list, Users),
        ("GET", ["project", _, "versions"]) => (versions::list, Users),
        ("GET", ["project", _, "role"]) => (project_config::roles, Users),
        ("GET", ["project", _, "role", _]) => (project_config::get_role, Users),
        ("POST", ["project", _, "role", _]) => (project_config::add_actors, Admins),
        ("DELETE", ["project", _, "role", _]) => (project_config::remove_actor, Admins),
        ("GET", ["project", _, "avatars"]) => (project_config::avatars, Users),
        ("PUT", ["project", _, "avatar"]) => (project_config::set_avatar, Admins),
        ("DELETE", ["project", _, "avatar", _]) => (project_config::delete_avatar, Admins),
        (
            "GET",
            [
                "project",
                _,
                "issuesecuritylevelscheme"
                | "notificationscheme"
                | "permissionscheme"
                | "priorityscheme",
            ],
        ) => (project_config::scheme, Users),
        ("DELETE", ["permissionscheme", _]) => (project_config::delete_permission_scheme, Admins),
        ("POST", ["filter"]) => (filters::create, Users),
        ("GET", ["filter", "favourite"]) => (filters::favourites, Users),
        ("GET", ["filter", _]) => (filters::get, Users),
        ("PUT", ["filter", _]) => (filters::update, Users),
        ("DELETE", ["filter", _]) => (filters::delete, Users),
        ("GET", ["dashboard"]) => (filters::dashboards, Users),
        ("GET", ["dashboard", _]) => (filters::get_dashboard, Users),
        ("GET", ["dashboard", _, "items", _, "properties"]) => (filters::item_property_keys, Users),
        ("GET", ["dashboard", _, "items", _, "properties", _]) => (filters::item_property, Users),
        ("PUT", ["dashboard", _, "items", _, "properties", _]) => {
            (filters::set_item_property, Users)
        }
        ("POST", ["component"]) => (components::create, Users),
        ("GET", ["component", _]) => (components::get, Users),
        ("PUT", ["component", _]) => (components::update, Users),
        ("DELETE", ["component", _]) => (components::delete, Users),
        ("GET", ["component", _, "relatedIssueCounts"]) => {
            (components::related_issue_counts, Users)
        }
        ("POST", ["version"]) => (versions::create, Users),
        ("GET", ["version", _]) => (versions::get, Users),
        ("PUT", ["version", _]) => (versions::update, Users),
        ("DELETE", ["version", _]) => (versions::delete, Users),
        ("POST", ["version", _, "move"]) => (versions::move_version, Users),
        ("GET", ["version", _, "relatedIssueCounts"]) => (versions::related_issue_counts, Users),
        ("GET", ["version", _, "unresolvedIssueCount"]) => {
            (versions::unresolved_issue_count, Users)
        }
        _ => return None,
    };
    Some(handler)
}

fn metadata_handler(method: &Method, segments: &[&str]) -> Option<(Handler, Access)> {
    use metadata as m;
    let handler: (Handler, Access) = match (method.as_str(), segments) {
        ("GET", ["issuetype"]) => (m::issue_types, Access::Users),
        ("GET", ["issuetype", _]) => (m::issue_type, Access::Users),
        ("GET", ["priority"]) => (m::priorities, Access::Users),
        ("GET", ["priority", _]) => (m::priority, Access::Users),
        ("GET", ["status"]) => (m::statuses, Access::Users),
        ("GET", ["status", _]) => (m::status, Access::Users),
        ("GET", ["statuscategory"]) => (m::status_categories, Access::Users),
        ("GET", ["statuscategory", _]) => (m::status_category, Access::Users),
        ("GET", ["resolution"]) => (m::resolutions, Access::Users),
        ("GET", ["resolution", _]) => (m::resolution, Access::Users),
        ("GET", ["securitylevel", _]) => (m::security_level, Access::Users),
        ("GET", ["customFieldOption", _]) => (m::custom_field_option, Access::Users),
        ("GET", ["role"]) => (m::roles, Access::Users),
        ("GET", ["mypermissions"]) => (m::my_permissions, Access::Users),
        ("GET", ["application-properties"]) => (m::application_properties, Access::Users),
        ("PUT", ["application-properties", _]) => (m::set_application_property, Access::Admins),
        ("POST", ["reindex"]) => (m::reindex, Access::Admins),
        ("GET", ["reindex"]) => (m::reindex_progress, Access::Admins),
        ("GET", ["issue", "createmeta"]) => (meta::create_meta, Access::Users),
        ("GET", ["issue", "createmeta", _, "issuetypes"]) => {
            (meta::create_meta_types, Access::Users)
        }
        ("GET", ["issue", "createmeta", _, "issuetypes", _]) => {
            (meta::create_meta_fields, Access::Users)
        }
        _ => return None,
    };
    Some(handler)
}

fn platform_handler(
    method: &Method,
    segments: &[&str],
    deployment: DeploymentType,
) -> Option<(Handler, Access)> {
    use Access::{Admins, Anyone, Users};
    let cloud = deployment == DeploymentType::Cloud;
    let handler: (Handler, Access) = match (method.as_str(), segments) {
        ("GET", ["serverInfo"]) => (server_info::get, Anyone),
        ("GET", ["myself"]) => (users::myself, Users),
        ("GET", ["user"]) => (users::get, Users),
        ("GET", ["user", "search"]) => (users::search, Users),
        ("GET", ["user", "assignable", "search"] | ["user", "viewissue", "search"]) => {
            (users::assignable_search, Users)
        }
        ("GET", ["user", "assignable", "multiProjectSearch"]) => {
            (users::multi_project_search, Users)
        }
        ("POST", ["user"]) => (users::create, Admins),
        ("PUT", ["user"]) => (users::update, Admins),
        ("DELETE", ["user"]) => (users::delete, Admins),
        ("GET", ["user", "avatars"]) => (users::avatars, Users),
        ("PUT", ["user", "avatar"]) => (users::set_avatar, Users),
        ("DELETE", ["user", "avatar", _]) => (users::delete_avatar, Users),
        ("GET", ["groups", "picker"]) => (groups::picker, Users),
        ("GET", ["group"]) => (groups::get, Users),
        ("GET", ["group", "member"]) => (groups::members, Users),
        ("POST", ["group"]) => (groups::create, Admins),
        ("DELETE", ["group"]) => (groups::delete, Admins),
        ("POST", ["group", "user"]) => (groups::add_user, Admins),
        ("DELETE", ["group", "user"]) => (groups::remove_user, Admins),
        ("GET" | "POST", ["search"]) if cloud => (search::gone, Users),
        ("GET" | "POST", ["search"]) => (search::search, Users),
        ("GET" | "POST", ["search", "jql"]) if cloud => (search::search_jql, Users),
        ("POST", ["issue"]) => (issues::create, Users),
        ("POST", ["issue", "bulk"]) => (issues::create_bulk, Users),
        ("GET", ["issue", key]) if *key != "createmeta" => (issues::get, Users),
        ("PUT", ["issue", _]) => (issues::edit, Users),
        ("DELETE", ["issue", _]) => (issues::delete, Users),
        ("PUT", ["issue", _, "assignee"]) => (issues::assign, Users),
        ("GET", ["issue", _, "changelog"]) if cloud => (issues::changelog, Users),
        ("GET", ["issue", _, "comment"]) => (comments::list, Users),
        ("POST", ["issue", _, "comment"]) => (comments::add, Users),
        ("GET", ["issue", _, "comment", _]) => (comments::get, Users),
        ("PUT", ["issue", _, "comment", _]) => (comments::update, Users),
        ("DELETE", ["issue", _, "comment", _]) => (comments::delete, Users),
        ("GET", ["issue", _, "worklog"]) => (worklogs::list, Users),
        ("POST", ["issue", _, "worklog"]) => (worklogs::add, Users),
        ("GET", ["issue", _, "worklog", _]) => (worklogs::get, Users),
        ("PUT", ["issue", _, "worklog", _]) => (worklogs::update, Users),
        ("DELETE", ["issue", _, "worklog", _]) => (worklogs::delete, Users),
        ("POST", ["issue", _, "attachments"]) => (attachments::upload, Users),
        ("GET", ["attachment", "meta"]) => (attachments::meta, Users),
        ("GET", ["attachment", _]) => (attachments::get, Users),
        ("DELETE", ["attachment", _]) => (attachments::delete, Users),
        ("GET", ["issue", _, "transitions"]) => (transitions::list, Users),
        ("POST", ["issue", _, "transitions"]) => (transitions::perform, Users),
        ("GET", ["field"]) => (fields::list, Users),
        ("GET", ["applicationrole"]) => (users::application_roles, Users),
        _ => return None,
    };
    Some(handler)
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
    // Without Jira Service Management installed, its REST resources do not exist at all.
    let installed = api != Api::ServiceDesk || app.lock().service_desk_project.is_some();
    let found = installed
        .then(|| {
            find_handler(
                &incoming.method,
                api,
                &borrowed,
                app.settings.deployment_type,
            )
        })
        .flatten();
    let Some((handler, access)) = found else {
        let url = format!("{}{}", app.settings.base_url, incoming.local_path);
        let error = RestError::not_found(format!("null for uri: {url}"));
        return Handled::new(
            json_response(error.status, &error.body()),
            caller.auth,
            "not found",
        );
    };
    if access != Access::Anyone && caller.user.is_none() {
        let error = RestError::message(StatusCode::UNAUTHORIZED, NOT_AUTHENTICATED);
        return Handled::new(
            json_response(error.status, &error.body()),
            caller.auth,
            "unauthenticated",
        );
    }
    if let Some(scope) = &caller.scope {
        let refusal =
            oauth2::scope_refusal(incoming, scope, api, &borrowed, access == Access::Admins);
        if let Some(response) = refusal {
            return Handled::new(response, caller.auth, "OAuth 2.0 scope too narrow");
        }
    }
    let is_admin = caller
        .user
        .as_deref()
        .is_some_and(|name| app.lock().is_admin(name));
    if access == Access::Admins && !is_admin {
        let error = RestError::forbidden(NOT_ADMIN);
        return Handled::new(
            json_response(error.status, &error.body()),
            caller.auth,
            "not an administrator",
        );
    }
    let call = Call {
        app,
        incoming,
        segments,
        user: caller.user,
    };
    match handler(&call) {
        Ok(response) => Handled::new(response, caller.auth, "ok"),
        Err(error) => Handled::new(
            json_response(error.status, &error.body()),
            caller.auth,
            error.verdict(),
        ),
    }
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
