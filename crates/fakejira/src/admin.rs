//! The admin HTTP API under `/_fakejira/` (at the server root, outside the context path): what
//! [`Running`](crate::Running)'s methods do, for tests that drive a `fakejira` process. Admin
//! calls suffer no latency or fault and are not logged.

use std::time::Duration;

use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::json;

use crate::OAuth2Client;
use crate::exchange::{App, Incoming, json_response};
use crate::faults::Fault;

/// Where the admin API lives.
pub(crate) const PREFIX: &str = "/_fakejira";

#[derive(Deserialize)]
struct NewConsumer {
    key: String,
    public_key: String,
}

#[derive(Deserialize)]
struct NewUser {
    name: String,
    password: String,
}

#[derive(Deserialize)]
struct NewPat {
    token: String,
    user: String,
}

#[derive(Deserialize)]
struct Latency {
    millis: u64,
}

#[derive(Deserialize)]
struct Approval {
    user: String,
}

#[derive(Deserialize)]
struct NewOAuth2Client {
    client_id: String,
    client_secret: String,
    redirect_uri: String,
    scope: Option<String>,
}

#[derive(Deserialize)]
struct Lifetime {
    seconds: u64,
}

#[derive(Deserialize)]
struct ClockOffset {
    seconds: i64,
}

#[derive(Deserialize)]
struct Redirect {
    from: String,
    location: String,
}

pub(crate) fn handle(app: &App, incoming: &Incoming) -> Response {
    let path = incoming.path.strip_prefix(PREFIX).unwrap_or_default();
    let segments: Vec<&str> = path
        .split('/')
        .filter(|segment| !segment.is_empty())
        .collect();
    let result = match (&incoming.method, segments.as_slice()) {
        (&Method::PUT, ["latency"]) => body(incoming).map(|latency: Latency| {
            app.lock().latency = Duration::from_millis(latency.millis);
            None
        }),
        (&Method::POST, ["faults"]) => body(incoming).map(|fault: Fault| {
            app.lock().faults.push(fault);
            None
        }),
        (&Method::DELETE, ["faults"]) => {
            app.lock().faults.clear();
            Ok(None)
        }
        (&Method::POST, ["redirects"]) => body(incoming).map(|redirect: Redirect| {
            app.lock()
                .redirects
                .insert(redirect.from, redirect.location);
            None
        }),
        (&Method::GET, ["access-log"]) => Ok(Some(json!(app.lock().access_log))),
        (&Method::GET, ["stats"]) => {
            Ok(Some(json!({ "requestCount": app.lock().access_log.len() })))
        }
        _ => match registrations(app, incoming, &segments)
            .or_else(|| request_tokens(app, incoming, &segments))
            .or_else(|| oauth2(app, incoming, &segments))
        {
            Some(result) => result,
            None => {
                return json_response(
                    StatusCode::NOT_FOUND,
                    &json!({ "error": "no such admin endpoint; see the fakejira crate documentation" }),
                );
            }
        },
    };
    match result {
        Ok(Some(value)) => json_response(StatusCode::OK, &value),
        Ok(None) => crate::rest::no_content(),
        Err(message) => json_response(StatusCode::BAD_REQUEST, &json!({ "error": message })),
    }
}

/// Registering consumers, users and personal access tokens; `None` for other paths.
fn registrations(
    app: &App,
    incoming: &Incoming,
    segments: &[&str],
) -> Option<Result<Option<serde_json::Value>, String>> {
    let result = match (&incoming.method, segments) {
        (&Method::POST, ["consumers"]) => body(incoming).and_then(|new: NewConsumer| {
            let key = oauth1::PublicKey::from_pem(&new.public_key)
                .map_err(|error| format!("public_key: {error}"))?;
            app.lock().consumers.insert(new.key, key);
            Ok(None)
        }),
        (&Method::POST, ["users"]) => body(incoming).map(|new: NewUser| {
            app.lock().add_user(&new.name, &new.password);
            None
        }),
        (&Method::POST, ["pats"]) => body(incoming).map(|new: NewPat| {
            app.lock().pats.insert(new.token, new.user);
            None
        }),
        _ => return None,
    };
    Some(result)
}

/// Deciding OAuth 1.0a request tokens; `None` for other paths.
fn request_tokens(
    app: &App,
    incoming: &Incoming,
    segments: &[&str],
) -> Option<Result<Option<serde_json::Value>, String>> {
    let result = match (&incoming.method, segments) {
        (&Method::POST, ["request-tokens", token, "approve"]) => {
            body(incoming).and_then(|approval: Approval| {
                app.lock()
                    .approve(&app.settings, token, &approval.user)
                    .map(|verifier| Some(json!({ "verifier": verifier })))
                    .ok_or_else(|| {
                        "no pending request token by that name, or no such user".to_owned()
                    })
            })
        }
        (&Method::POST, ["request-tokens", token, "deny"]) => {
            if app.lock().deny(token) {
                Ok(None)
            } else {
                Err("no pending request token by that name".to_owned())
            }
        }
        _ => return None,
    };
    Some(result)
}

/// The OAuth 2.0 provider's controls and the server clock; `None` for other paths.
fn oauth2(
    app: &App,
    incoming: &Incoming,
    segments: &[&str],
) -> Option<Result<Option<serde_json::Value>, String>> {
    let result = match (&incoming.method, segments) {
        (&Method::POST, ["oauth2", "clients"]) => body(incoming).map(|new: NewOAuth2Client| {
            let mut client = OAuth2Client::new(new.client_id, new.client_secret, new.redirect_uri);
            if let Some(scope) = new.scope {
                client = client.scope(scope);
            }
            app.lock().oauth2.add_client(client);
            None
        }),
        (&Method::GET, ["oauth2", "grants"]) => Ok(Some(json!(app.lock().oauth2.grants))),
        (&Method::POST, ["oauth2", "expire-access-tokens"]) => {
            app.lock().oauth2.expire_access_tokens();
            Ok(None)
        }
        (&Method::POST, ["oauth2", "revoke-refresh-tokens"]) => {
            app.lock().oauth2.revoke_refresh_tokens();
            Ok(None)
        }
        (&Method::PUT, ["oauth2", "access-token-lifetime"]) => {
            body(incoming).map(|lifetime: Lifetime| {
                app.lock().oauth2.access_token_lifetime = Duration::from_secs(lifetime.seconds);
                None
            })
        }
        (&Method::PUT, ["clock-offset"]) => body(incoming).map(|offset: ClockOffset| {
            app.lock().clock_offset_secs = offset.seconds;
            None
        }),
        _ => return None,
    };
    Some(result)
}

fn body<T: DeserializeOwned>(incoming: &Incoming) -> Result<T, String> {
    serde_json::from_slice(&incoming.body).map_err(|error| format!("bad request body: {error}"))
}
