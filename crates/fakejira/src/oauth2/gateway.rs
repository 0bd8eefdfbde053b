//! Using OAuth 2.0 access tokens: looking a Bearer token up, Cloud's API gateway
//! (`/ex/jira/{cloudid}/rest/…`, `accessible-resources`), and the refusals of an expired token
//! or a scope too narrow.

use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use serde_json::json;

use super::scope::{CLOUD_ADMIN, CLOUD_WRITE};
use super::{AccessToken, Scope};
use crate::access_log::AuthKind;
use crate::api_tokens::{self, Door};
use crate::auth::{Caller, NOT_AUTHENTICATED};
use crate::exchange::{App, Handled, Incoming, error_messages, json_response};
use crate::rest::{self, Api};

/// Where Cloud's gateway serves a site's REST API: `/ex/jira/{cloudid}/rest/…`.
pub(super) const GATEWAY_PREFIX: &str = "/ex/jira/";
const SITE_AVATAR: &str =
    "https://site-admin-avatar-cdn.prod.public.atl-paas.net/avatars/240/site.png";

/// What a Bearer token is as an OAuth 2.0 access token.
#[derive(Debug)]
pub(crate) enum Bearer {
    Valid(Box<AccessToken>),
    Expired,
    Unknown,
}

pub(crate) fn bearer(app: &App, token: &str) -> Bearer {
    let state = app.lock();
    match state.oauth2.access_tokens.get(token) {
        Some(record) if state.now() < record.expires_at => Bearer::Valid(Box::new(record.clone())),
        Some(_) => Bearer::Expired,
        None => Bearer::Unknown,
    }
}

impl AccessToken {
    /// The caller a valid token stands for.
    pub(crate) fn caller(self) -> Caller {
        Caller {
            auth: AuthKind::OAuth2 {
                client: self.grant.client_id,
                user: Some(self.grant.user.clone()),
            },
            user: Some(self.grant.user),
            scope: Some(self.grant.scope),
        }
    }
}

/// `WWW-Authenticate: Bearer realm="…", error="invalid_token"` (RFC 6750) on `response`.
pub(crate) fn challenge_invalid_token(app: &App, response: &mut Response) {
    let value = format!(
        "Bearer realm=\"{}\", error=\"invalid_token\"",
        app.settings.base_url
    );
    if let Ok(value) = HeaderValue::from_str(&value) {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, value);
    }
}

/// Data Center's answer to an expired access token.
pub(crate) fn expired(app: &App) -> Box<Handled> {
    let mut response = error_messages(StatusCode::UNAUTHORIZED, NOT_AUTHENTICATED);
    challenge_invalid_token(app, &mut response);
    Box::new(Handled::new(
        response,
        AuthKind::Invalid,
        "expired OAuth 2.0 access token",
    ))
}

/// The gateway's own error body: `{"code": 401, "message": "Unauthorized"}`.
fn gateway_error(status: StatusCode, message: &str) -> Response {
    json_response(
        status,
        &json!({ "code": status.as_u16(), "message": message }),
    )
}

/// The caller of a gateway request: only a valid OAuth 2.0 access token or a scoped API token
/// gets through.
pub(crate) fn gateway_caller(app: &App, incoming: &Incoming) -> Result<Caller, Box<Handled>> {
    if let Some((login, secret)) = api_tokens::basic_credentials(incoming) {
        return api_tokens::caller(app, &login, &secret, Door::Gateway).unwrap_or_else(|| {
            Err(api_tokens::gateway_refusal(
                "gateway: unknown basic credentials",
            ))
        });
    }
    let token = incoming
        .header(header::AUTHORIZATION)
        .and_then(|value| value.trim().strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or_default();
    match bearer(app, token) {
        Bearer::Valid(record) => Ok(record.caller()),
        Bearer::Expired if app.settings.gateway_expired_status != StatusCode::UNAUTHORIZED => {
            let status = app.settings.gateway_expired_status;
            let message = status.canonical_reason().unwrap_or("Forbidden");
            let response = gateway_error(status, message);
            let verdict = format!("gateway: expired access token, answered {status}");
            Err(Box::new(Handled::new(response, AuthKind::Invalid, verdict)))
        }
        lookup => {
            let mut response = gateway_error(StatusCode::UNAUTHORIZED, "Unauthorized");
            challenge_invalid_token(app, &mut response);
            let verdict = match lookup {
                Bearer::Expired => "gateway: expired access token",
                _ => "gateway: no valid access token",
            };
            Err(Box::new(Handled::new(response, AuthKind::Invalid, verdict)))
        }
    }
}

/// `/ex/jira/{cloudid}/rest/…`, `rest` being what follows the prefix: the site's REST API when
/// the cloud id is the site's, else the gateway's 404.
pub(super) fn forward(app: &App, incoming: &Incoming, rest: &str) -> Handled {
    let (cloud_id, path) = rest.split_once('/').unwrap_or((rest, ""));
    let local_path = format!("/{path}");
    let resource = (cloud_id == app.settings.cloud_id)
        .then(|| rest::resource_path(&local_path))
        .flatten();
    let Some((api, resource)) = resource else {
        return Handled::new(
            gateway_error(StatusCode::NOT_FOUND, "Not Found"),
            AuthKind::Anonymous,
            "gateway: no such site or resource",
        );
    };
    let forwarded = Incoming {
        local_path: local_path.clone(),
        gateway: true,
        ..incoming.clone()
    };
    rest::handle(app, &forwarded, api, resource)
}

/// `GET /oauth/token/accessible-resources`: the site, then any extra ones configured.
pub(super) fn accessible_resources(app: &App, incoming: &Incoming) -> Handled {
    let caller = match gateway_caller(app, incoming) {
        Ok(caller) => caller,
        Err(refusal) => return *refusal,
    };
    let scopes = caller
        .scope
        .as_ref()
        .map(Scope::api_scopes)
        .unwrap_or_default();
    let settings = &app.settings;
    let site = |url: &str, id: &str| {
        let name = url::Url::parse(url)
            .ok()
            .and_then(|parsed| parsed.host_str().map(str::to_owned))
            .unwrap_or_else(|| url.to_owned());
        json!({ "id": id, "url": url, "name": name, "scopes": scopes, "avatarUrl": SITE_AVATAR })
    };
    let mut sites = vec![site(&settings.base_url, &settings.cloud_id)];
    for (url, id) in &settings.extra_cloud_sites {
        sites.push(site(url.trim_end_matches('/'), id));
    }
    Handled::new(
        json_response(StatusCode::OK, &json!(sites)),
        caller.auth,
        "accessible resources",
    )
}

/// Whether a request changes data. Searches are POSTed but only read.
fn writes(method: &Method, api: Api, segments: &[&str]) -> bool {
    let read_only_post = api == Api::Platform && matches!(segments, ["search"] | ["search", "jql"]);
    matches!(
        *method,
        Method::POST | Method::PUT | Method::DELETE | Method::PATCH
    ) && !(*method == Method::POST && read_only_post)
}

/// The refusal of a request `scope` does not cover: writes need `WRITE` (Cloud:
/// `write:jira-work`), administration resources `ADMIN` (Cloud: `manage:jira-configuration`).
pub(crate) fn scope_refusal(
    incoming: &Incoming,
    scope: &Scope,
    api: Api,
    segments: &[&str],
    admin_only: bool,
) -> Option<Response> {
    let (needed, cloud_name) = if admin_only && !scope.allows_admin() {
        ("ADMIN", CLOUD_ADMIN)
    } else if writes(&incoming.method, api, segments) && !scope.allows_write() {
        ("WRITE", CLOUD_WRITE)
    } else {
        return None;
    };
    if incoming.gateway {
        let mut response = gateway_error(
            StatusCode::UNAUTHORIZED,
            "Unauthorized; scope does not match",
        );
        response.headers_mut().insert(
            "X-Failure-Category",
            HeaderValue::from_static("FAILURE_CLIENT_SCOPE_CHECK"),
        );
        api_tokens::name_needed_scope(&mut response, cloud_name);
        return Some(response);
    }
    Some(error_messages(
        StatusCode::FORBIDDEN,
        &format!(
            "The OAuth 2.0 access token's scope ({scope}) does not allow this request: it \
             needs {needed}."
        ),
    ))
}
