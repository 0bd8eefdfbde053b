//! Jira's OAuth 1.0a service provider under `{context}/plugins/servlet/oauth/`: request-token,
//! authorize (the Allow/Deny page) and access-token (exchange and renewal).
//! The choices made where Jira's behaviour is not visible from outside are listed in the
//! crate documentation. Signatures are checked over a base string this module rebuilds itself
//! (`base_string.rs`), never with the client's code, so the two cannot share a bug.

mod base_string;
mod pages;
mod problem;
mod verify;

use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::IntoResponse;

pub(crate) use problem::Problem;
pub(crate) use verify::{header_params, param, verify};

use crate::access_log::AuthKind;
use crate::exchange::{App, Handled, Incoming, error_messages};
use crate::random;
use crate::state::{AccessTokenRecord, Approval, RequestTokenRecord};

/// Where the provider's endpoints live, below the context path: where the client looks.
pub(crate) const PREFIX: &str = oauth1::jira::SERVLET_PATH;

/// Access tokens live 5 years, and so does the authorization behind them.
const ACCESS_TOKEN_LIFETIME_SECS: u64 = 157_680_000;

const REQUEST_TOKEN_PARAMS: [&str; 5] = [
    "oauth_consumer_key",
    "oauth_signature_method",
    "oauth_signature",
    "oauth_timestamp",
    "oauth_nonce",
];

pub(crate) fn handle(app: &App, incoming: &Incoming, endpoint: &str) -> Handled {
    use oauth1::jira::{ACCESS_TOKEN, AUTHORIZE, REQUEST_TOKEN};
    match (&incoming.method, endpoint) {
        (&Method::POST | &Method::GET, REQUEST_TOKEN) => outcome(app, request_token(app, incoming)),
        (&Method::POST | &Method::GET, ACCESS_TOKEN) => outcome(app, access_token(app, incoming)),
        (&Method::GET | &Method::POST, AUTHORIZE) => pages::authorize(app, incoming),
        _ => Handled::new(
            error_messages(StatusCode::NOT_FOUND, "No such OAuth endpoint."),
            AuthKind::Anonymous,
            "not found",
        ),
    }
}

/// A refused OAuth request: the problem, and who the access log says asked.
type Refusal = (Problem, AuthKind);

/// A successful exchange: the consumer and the form-encoded answer.
struct Granted {
    consumer: String,
    body: String,
    verdict: &'static str,
}

fn outcome(app: &App, result: Result<Granted, Refusal>) -> Handled {
    match result {
        Ok(granted) => {
            let mut response = (StatusCode::OK, granted.body).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain;charset=UTF-8"),
            );
            let auth = AuthKind::OAuth {
                consumer: granted.consumer,
                user: None,
            };
            Handled::new(response, auth, granted.verdict)
        }
        Err((problem, auth)) => {
            Handled::new(problem.response(&app.settings), auth, problem.verdict())
        }
    }
}

fn form_encode(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(name, value)| format!("{name}={}", oauth1::percent_encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

fn signed(
    app: &App,
    incoming: &Incoming,
    required: &[&'static str],
) -> Result<(String, Vec<(String, String)>), Refusal> {
    let params = header_params(incoming).unwrap_or_default();
    let consumer =
        verify(app, incoming, &params, required).map_err(|problem| (problem, AuthKind::Invalid))?;
    Ok((consumer, params))
}

fn request_token(app: &App, incoming: &Incoming) -> Result<Granted, Refusal> {
    let (consumer, params) = signed(app, incoming, &REQUEST_TOKEN_PARAMS)?;
    let callback = param(&params, "oauth_callback").map(str::to_owned);
    if let Some(callback) = &callback {
        let acceptable = callback == "oob"
            || url::Url::parse(callback).is_ok_and(|url| matches!(url.scheme(), "http" | "https"));
        if !acceptable {
            let problem = Problem::new("parameter_rejected")
                .with("oauth_parameters_rejected", "oauth_callback");
            return Err((problem, signed_auth(&consumer)));
        }
    }
    let token = random::token();
    let secret = random::token();
    let mut body = form_encode(&[("oauth_token", &token), ("oauth_token_secret", &secret)]);
    if callback.is_some() {
        body.push_str("&oauth_callback_confirmed=true");
    }
    let issued_at = app.lock().now();
    app.lock().request_tokens.insert(
        token,
        RequestTokenRecord {
            consumer: consumer.clone(),
            secret,
            callback,
            issued_at,
            approval: Approval::Pending,
        },
    );
    Ok(Granted {
        consumer,
        body,
        verdict: "request token issued",
    })
}

fn signed_auth(consumer: &str) -> AuthKind {
    AuthKind::OAuth {
        consumer: consumer.to_owned(),
        user: None,
    }
}

fn access_token(app: &App, incoming: &Incoming) -> Result<Granted, Refusal> {
    let mut required = REQUEST_TOKEN_PARAMS.to_vec();
    required.push("oauth_token");
    let (consumer, params) = signed(app, incoming, &required)?;
    let refuse = |name| (Problem::new(name), signed_auth(&consumer));
    let token = param(&params, "oauth_token").unwrap_or_default();
    let mut state = app.lock();

    if let Some(access) = state.access_tokens.get(token).cloned() {
        let handle_matches = param(&params, "oauth_session_handle")
            .is_some_and(|handle| handle == access.session_handle);
        if access.consumer != consumer || !handle_matches {
            return Err(refuse("token_rejected"));
        }
        state.access_tokens.remove(token);
        let body = issue_access_token(&mut state.access_tokens, access);
        return Ok(Granted {
            consumer,
            body,
            verdict: "access token renewed",
        });
    }

    let Some(request) = state.request_tokens.get(token).cloned() else {
        return Err(refuse("token_rejected"));
    };
    if request.consumer != consumer {
        return Err(refuse("token_rejected"));
    }
    if request.expired(state.now(), app.settings.request_token_ttl) {
        state.request_tokens.remove(token);
        return Err(refuse("token_expired"));
    }
    let (user, verifier) = match request.approval {
        Approval::Pending => return Err(refuse("permission_unknown")),
        Approval::Denied => return Err(refuse("permission_denied")),
        Approval::Approved { user, verifier } => (user, verifier),
    };
    if request.callback.is_some()
        && let Some(problem) = verifier_problem(&params, &verifier)
    {
        return Err((problem, signed_auth(&consumer)));
    }
    state.request_tokens.remove(token);
    let record = AccessTokenRecord {
        consumer: consumer.clone(),
        secret: request.secret,
        user,
        session_handle: random::token(),
    };
    let body = issue_access_token(&mut state.access_tokens, record);
    Ok(Granted {
        consumer,
        body,
        verdict: "access token issued",
    })
}

/// What is wrong with the verifier sent back in the OAuth 1.0a flow (where a callback was
/// given): it must be there and be the one issued.
fn verifier_problem(params: &[(String, String)], issued: &str) -> Option<Problem> {
    match param(params, "oauth_verifier") {
        None => {
            Some(Problem::new("parameter_absent").with("oauth_parameters_absent", "oauth_verifier"))
        }
        Some(given) if given != issued => Some(Problem::new("token_rejected")),
        Some(_) => None,
    }
}

/// Stores `record` under a new token string and returns the access-token answer.
fn issue_access_token(
    tokens: &mut std::collections::HashMap<String, AccessTokenRecord>,
    record: AccessTokenRecord,
) -> String {
    let token = random::token();
    let lifetime = ACCESS_TOKEN_LIFETIME_SECS.to_string();
    let body = form_encode(&[
        ("oauth_token", &token),
        ("oauth_token_secret", &record.secret),
        ("oauth_expires_in", &lifetime),
        ("oauth_session_handle", &record.session_handle),
        ("oauth_authorization_expires_in", &lifetime),
    ]);
    tokens.insert(token, record);
    body
}
