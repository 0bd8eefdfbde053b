//! Who a REST request comes from: an OAuth 1.0a access token, a personal access token, an
//! OAuth 2.0 access token, Basic credentials, or nobody.

use axum::http::{HeaderValue, StatusCode, header};

use crate::access_log::AuthKind;
use crate::api_tokens::{self, Door};
use crate::config::DeploymentType;
use crate::exchange::{App, Handled, Incoming, error_messages, json_response};
use crate::oauth_provider::{self, Problem};
use crate::oauth2::{self, Bearer};

/// Jira's answer to a request that needs a user but has none.
pub(crate) const NOT_AUTHENTICATED: &str =
    "You are not authenticated. Authentication required to perform this operation.";

/// Data Center's refusal of Basic authentication when it is disabled.
pub(crate) const BASIC_AUTH_DISABLED: &str =
    "Basic Authentication has been disabled on this instance.";

/// An authenticated (or anonymous) caller.
#[derive(Debug)]
pub(crate) struct Caller {
    pub auth: AuthKind,
    pub user: Option<String>,
    /// An OAuth 2.0 access token's scope; `None` for other credentials, which carry no scope.
    pub scope: Option<oauth2::Scope>,
}

impl Caller {
    fn anonymous() -> Self {
        Self {
            auth: AuthKind::Anonymous,
            user: None,
            scope: None,
        }
    }
}

/// Authenticates a REST request, or returns the refusal to send.
/// The refusal is boxed: it is a whole response, and the common path should stay small.
pub(crate) fn authenticate(app: &App, incoming: &Incoming) -> Result<Caller, Box<Handled>> {
    if incoming.gateway {
        return oauth2::gateway_caller(app, incoming);
    }
    let Some(authorization) = incoming.header(header::AUTHORIZATION) else {
        return Ok(Caller::anonymous());
    };
    let (scheme, credentials) = authorization
        .trim()
        .split_once(' ')
        .unwrap_or((authorization.trim(), ""));
    let credentials = credentials.trim();
    if scheme.eq_ignore_ascii_case("OAuth") {
        oauth(app, incoming)
    } else if scheme.eq_ignore_ascii_case("Bearer") {
        bearer(app, credentials)
    } else if scheme.eq_ignore_ascii_case("Basic") {
        if !app.settings.basic_auth {
            return Err(basic_auth_disabled());
        }
        basic(app, incoming)
    } else {
        Ok(Caller::anonymous())
    }
}

/// Basic credentials at the site: a user's password, or (on Cloud) an API token.
fn basic(app: &App, incoming: &Incoming) -> Result<Caller, Box<Handled>> {
    let Some((name, secret)) = api_tokens::basic_credentials(incoming) else {
        return Err(failed_login("malformed basic credentials"));
    };
    if let Some(verdict) = api_tokens::caller(app, &name, &secret, Door::Site) {
        return verdict;
    }
    let valid = app
        .lock()
        .user(&name)
        .is_some_and(|user| user.active && user.password == secret);
    if !valid {
        return Err(failed_login("wrong user name or password"));
    }
    Ok(Caller {
        auth: AuthKind::Basic { user: name.clone() },
        user: Some(name),
        scope: None,
    })
}

/// A Bearer token: a personal access token, else (on Data Center; Cloud sites take OAuth 2.0
/// tokens only through the gateway) an OAuth 2.0 access token.
fn bearer(app: &App, token: &str) -> Result<Caller, Box<Handled>> {
    let user = app.lock().pats.get(token).cloned();
    if let Some(user) = user {
        return Ok(Caller {
            auth: AuthKind::Pat { user: user.clone() },
            user: Some(user),
            scope: None,
        });
    }
    let data_center = app.settings.deployment_type == DeploymentType::Server;
    match oauth2::bearer(app, token) {
        Bearer::Valid(record) if data_center => Ok(record.caller()),
        Bearer::Expired if data_center => Err(oauth2::expired(app)),
        _ => {
            let mut refusal = failed_login("unknown bearer token");
            oauth2::challenge_invalid_token(app, &mut refusal.response);
            Err(refusal)
        }
    }
}

/// What Data Center answers any Basic request once basic authentication is blocked (an
/// administrator's choice since 8.16, the default from 11.0), before looking at the
/// credentials: 403 `{"message": "Basic Authentication has been disabled on this instance."}`,
/// as captured from Jira Data Center with the block on (codeclou.io, "Disabling Basic Auth in
/// Jira Data Center", 2021). Jira 11 turns on the same block by default.
fn basic_auth_disabled() -> Box<Handled> {
    let response = json_response(
        StatusCode::FORBIDDEN,
        &serde_json::json!({ "message": BASIC_AUTH_DISABLED }),
    );
    Box::new(Handled::new(
        response,
        AuthKind::Invalid,
        "basic authentication disabled",
    ))
}

/// Jira's answer to credentials it refuses.
pub(crate) fn failed_login(verdict: &str) -> Box<Handled> {
    let mut response = error_messages(StatusCode::UNAUTHORIZED, NOT_AUTHENTICATED);
    response.headers_mut().insert(
        "X-Seraph-LoginReason",
        HeaderValue::from_static("AUTHENTICATED_FAILED"),
    );
    Box::new(Handled::new(response, AuthKind::Invalid, verdict))
}

fn oauth(app: &App, incoming: &Incoming) -> Result<Caller, Box<Handled>> {
    let params = oauth_provider::header_params(incoming).unwrap_or_default();
    let complete = oauth1::REQUIRED_PROTOCOL_PARAMETERS
        .iter()
        .all(|name| oauth_provider::param(&params, name).is_some());
    if !complete {
        // Jira ignores an incomplete OAuth header and serves the request anonymously.
        return Ok(Caller::anonymous());
    }
    let refuse = |problem: Problem| {
        Box::new(Handled::new(
            problem.response(&app.settings),
            AuthKind::Invalid,
            problem.verdict(),
        ))
    };
    let consumer = oauth_provider::verify(
        app,
        incoming,
        &params,
        &oauth1::REQUIRED_PROTOCOL_PARAMETERS,
    )
    .map_err(refuse)?;
    let token = oauth_provider::param(&params, "oauth_token").unwrap_or_default();
    let access = app.lock().access_tokens.get(token).cloned();
    match access {
        Some(access) if access.consumer == consumer => Ok(Caller {
            auth: AuthKind::OAuth {
                consumer,
                user: Some(access.user.clone()),
            },
            user: Some(access.user),
            scope: None,
        }),
        _ => Err(refuse(Problem::new("token_rejected"))),
    }
}
