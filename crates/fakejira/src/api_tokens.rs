//! Atlassian Cloud's API tokens, as Cloud took them in 2025–26: Basic authentication with the
//! user's email (or name) and a token. A classic token works at the site's own address; a
//! *scoped* token works only through the API gateway (`/ex/jira/{cloudid}/…`, as
//! `api.atlassian.com` serves it), where its scopes cap what it may do. The site tells its
//! cloud id at `GET /_edge/tenant_info`.
//!
//! Choices where Atlassian's behaviour is not documented or was not found: a scoped token at
//! the site is refused like a wrong password (401, Jira's `errorMessages`); at the gateway a
//! scope too narrow is the gateway's `401 {"code": 401, "message": "Unauthorized; scope does not
//! match"}`, which also names the scope it needs as RFC 6750 does
//! (`WWW-Authenticate: Bearer error="insufficient_scope", scope="write:jira-work"`).

use axum::http::{HeaderValue, StatusCode, header};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::json;

use crate::access_log::AuthKind;
use crate::auth::Caller;
use crate::exchange::{App, Handled, Incoming, json_response};
use crate::oauth2::Scope;

/// An API token: whose it is, and its scopes when it is scoped.
#[derive(Clone, Debug)]
pub(crate) struct ApiToken {
    pub user: String,
    pub scopes: Option<Vec<String>>,
}

/// Where a request with Basic credentials arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Door {
    /// The site's own address.
    Site,
    /// Cloud's API gateway.
    Gateway,
}

/// The name and secret of `Authorization: Basic …`, when the header is one.
pub(crate) fn basic_credentials(incoming: &Incoming) -> Option<(String, String)> {
    let value = incoming.header(header::AUTHORIZATION)?.trim();
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("Basic") {
        return None;
    }
    let decoded = String::from_utf8(BASE64.decode(encoded.trim()).ok()?).ok()?;
    let (name, secret) = decoded.split_once(':')?;
    Some((name.to_owned(), secret.to_owned()))
}

/// The caller `login` (a user name or email) and `secret` stand for as an API token arriving
/// through `door`: `None` when `secret` is no API token of that user, else the caller or the
/// refusal.
pub(crate) fn caller(
    app: &App,
    login: &str,
    secret: &str,
    door: Door,
) -> Option<Result<Caller, Box<Handled>>> {
    let state = app.lock();
    let token = state.api_tokens.get(secret)?;
    let user = state.users.iter().find(|user| user.name == token.user)?;
    if user.name != login && user.email != login {
        return None;
    }
    let caller = Caller {
        auth: AuthKind::Basic {
            user: user.name.clone(),
        },
        user: Some(user.name.clone()),
        scope: token.scopes.clone().map(Scope::Cloud),
    };
    Some(match (door, &token.scopes) {
        (Door::Site, Some(_)) => Err(crate::auth::failed_login(
            "scoped API token at the site: scoped tokens work only through the API gateway",
        )),
        (Door::Gateway, None) => Err(gateway_refusal("classic API token at the API gateway")),
        _ => Ok(caller),
    })
}

/// The gateway's refusal of credentials it does not take.
pub(crate) fn gateway_refusal(verdict: &str) -> Box<Handled> {
    let response = json_response(
        StatusCode::UNAUTHORIZED,
        &json!({ "code": 401, "message": "Unauthorized" }),
    );
    Box::new(Handled::new(response, AuthKind::Invalid, verdict))
}

/// `WWW-Authenticate` naming the scope a refused request needs.
pub(crate) fn name_needed_scope(response: &mut axum::response::Response, scope: &str) {
    let value = format!("Bearer error=\"insufficient_scope\", scope=\"{scope}\"");
    if let Ok(value) = HeaderValue::from_str(&value) {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, value);
    }
}

/// `GET /_edge/tenant_info`: the site's cloud id, asked anonymously.
pub(crate) fn tenant_info(app: &App) -> Handled {
    Handled::new(
        json_response(StatusCode::OK, &json!({ "cloudId": app.settings.cloud_id })),
        AuthKind::Anonymous,
        "tenant info",
    )
}
