//! The authorize page a user's browser opens: an Allow/Deny form that posts back, and what
//! follows a decision (the verifier page for `oob`, a redirect to the callback, or a plain
//! confirmation in the OAuth 1.0 flow).
//!
//! The out-of-band verifier is shown as `<code id="oauth-verifier">abc123</code>` so a
//! headless test can scrape it.

use axum::http::{Method, StatusCode};

use crate::access_log::AuthKind;
use crate::exchange::{App, Handled, Incoming, found};
use crate::html::{consent_form, error_page, escape, html, page};
use crate::state::Approval;

pub(crate) fn authorize(app: &App, incoming: &Incoming) -> Handled {
    let params = if incoming.method == Method::POST {
        oauth1::form_decode(&incoming.body)
    } else {
        incoming.query_params()
    };
    let value = |name: &str| {
        params
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
    };
    let Some(token) = value("oauth_token") else {
        return refused(
            "The request has no oauth_token parameter.",
            "authorize: no token",
        );
    };
    let (consumer, callback) = match pending(app, &token) {
        Ok(pending) => pending,
        Err(refusal) => return *refusal,
    };
    let decision = if let Some(user) = &app.settings.auto_approve {
        Decision::Allow(user.clone())
    } else if incoming.method == Method::POST {
        match (value("deny"), value("user")) {
            (Some(_), _) => Decision::Deny,
            (None, Some(user)) => Decision::Allow(user),
            (None, None) => return refused("Say who you are.", "authorize: no user"),
        }
    } else {
        let first_user = app.lock().users.first().map(|user| user.name.clone());
        let page = consent_page(&consumer, &token, first_user.as_deref().unwrap_or_default());
        return Handled::new(
            html(StatusCode::OK, &page),
            AuthKind::Anonymous,
            "authorize page",
        );
    };
    let request = Pending {
        token: &token,
        consumer,
        callback: callback.as_deref(),
    };
    match decision {
        Decision::Allow(user) => approve(app, request, user),
        Decision::Deny => deny(app, request),
    }
}

/// A request token awaiting the user's decision.
struct Pending<'a> {
    token: &'a str,
    consumer: String,
    callback: Option<&'a str>,
}

/// The consumer and callback of `token` if it still awaits a decision; the refusal page if not.
fn pending(app: &App, token: &str) -> Result<(String, Option<String>), Box<Handled>> {
    let state = app.lock();
    match state.request_tokens.get(token) {
        Some(record)
            if !record.expired(state.now(), app.settings.request_token_ttl)
                && record.approval == Approval::Pending =>
        {
            Ok((record.consumer.clone(), record.callback.clone()))
        }
        _ => Err(Box::new(refused(
            "The request token is invalid, has expired or was already used. Ask the \
             application to start again.",
            "authorize: token not pending",
        ))),
    }
}

/// `user` allows the request: the verifier, on a page for `oob` or through the callback.
fn approve(app: &App, request: Pending<'_>, user: String) -> Handled {
    let Pending {
        token,
        consumer,
        callback,
    } = request;
    let verifier = app.lock().approve(&app.settings, token, &user);
    let Some(verifier) = verifier else {
        return refused(
            &format!("There is no user named '{user}'."),
            "authorize: unknown user",
        );
    };
    let response = match callback {
        Some("oob") => html(StatusCode::OK, &verifier_page(&consumer, &verifier)),
        Some(callback) => found(&callback_url(callback, token, &verifier)),
        None => html(StatusCode::OK, &granted_page(&consumer)),
    };
    let auth = AuthKind::OAuth {
        consumer,
        user: Some(user),
    };
    Handled::new(response, auth, "authorize: approved")
}

/// The user denies the request: the callback learns it, or a page says it.
fn deny(app: &App, request: Pending<'_>) -> Handled {
    app.lock().deny(request.token);
    let response = match request.callback {
        Some(callback) if callback != "oob" => {
            found(&callback_url(callback, request.token, "denied"))
        }
        _ => html(
            StatusCode::OK,
            &page(
                "Access denied",
                &format!(
                    "<p>You have denied <b>{}</b> access to your account.</p>",
                    escape(&request.consumer)
                ),
            ),
        ),
    };
    Handled::new(response, AuthKind::Anonymous, "authorize: denied")
}

enum Decision {
    Allow(String),
    Deny,
}

fn callback_url(callback: &str, token: &str, verifier: &str) -> String {
    match url::Url::parse(callback) {
        Ok(mut url) => {
            url.query_pairs_mut()
                .append_pair("oauth_token", token)
                .append_pair("oauth_verifier", verifier);
            url.to_string()
        }
        // Callbacks are checked at request-token time; keep the raw value otherwise.
        Err(_) => callback.to_owned(),
    }
}

fn refused(message: &str, verdict: &str) -> Handled {
    Handled::new(error_page(message), AuthKind::Anonymous, verdict)
}

fn consent_page(consumer: &str, token: &str, default_user: &str) -> String {
    let hidden = [("oauth_token".to_owned(), token.to_owned())];
    page(
        "Welcome to Jira",
        &format!(
            "<p><b>{}</b> would like to read and write data in Jira on your behalf.</p>\n{}",
            escape(consumer),
            consent_form(None, &hidden, default_user),
        ),
    )
}

fn verifier_page(consumer: &str, verifier: &str) -> String {
    page(
        "Access approved",
        &format!(
            "<p>You have successfully authorized <b>{}</b>. Your verification code is \
             '<code id=\"oauth-verifier\">{}</code>'. You will need to enter this exact text \
             when prompted.</p>",
            escape(consumer),
            escape(verifier)
        ),
    )
}

fn granted_page(consumer: &str) -> String {
    page(
        "Access approved",
        &format!(
            "<p>You have successfully authorized <b>{}</b>. You can close this window and \
             return to the application.</p>",
            escape(consumer)
        ),
    )
}
