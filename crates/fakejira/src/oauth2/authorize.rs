//! The authorize endpoint a browser opens: the request checked (an error page while the client
//! or its Redirect URL is in doubt, a redirect with `error=` after that), then the consent page
//! or, with auto-approval, the code at once.

use axum::http::{Method, StatusCode};

use super::{Grant, OAuth2Client, Scope};
use crate::access_log::AuthKind;
use crate::config::DeploymentType;
use crate::exchange::{App, Handled, Incoming, found};
use crate::html::{consent_form, error_page, escape, html, page};

type Params = Vec<(String, String)>;

/// Cloud's authorize URL names the API the token is for.
const CLOUD_AUDIENCE: &str = "api.atlassian.com";
/// The consent form's own fields, not carried over as hidden fields.
const FORM_FIELDS: [&str; 3] = ["user", "approve", "deny"];

/// A request that passed the checks.
struct Checked {
    client: OAuth2Client,
    scope: Scope,
    challenge: Option<String>,
    state: Option<String>,
}

/// Why a request cannot go on.
enum Refusal {
    /// The redirect target is not trustworthy: tell the user, not the client.
    Page(String),
    /// Back to the client with `error` and `error_description`.
    Redirect {
        client: Box<OAuth2Client>,
        error: &'static str,
        description: String,
    },
}

/// An `error` code and its description, for a redirect back to the client.
type RedirectError = (&'static str, String);

fn value<'p>(params: &'p Params, name: &str) -> Option<&'p str> {
    params
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
        .filter(|value| !value.is_empty())
}

pub(super) fn authorize(app: &App, incoming: &Incoming) -> Handled {
    let params = if incoming.method == Method::POST {
        oauth1::form_decode(&incoming.body)
    } else {
        incoming.query_params()
    };
    let checked = match check(app, &params) {
        Ok(checked) => checked,
        Err(Refusal::Page(message)) => {
            return Handled::new(
                error_page(&message),
                AuthKind::Anonymous,
                "oauth2 authorize: refused",
            );
        }
        Err(Refusal::Redirect {
            client,
            error,
            description,
        }) => {
            let state = value(&params, "state");
            let pairs = [
                ("error", error),
                ("error_description", description.as_str()),
            ];
            let location = back_to_client(&client.redirect_uri, &pairs, state);
            let auth = client_auth(&client, None);
            return Handled::new(found(&location), auth, format!("oauth2 authorize: {error}"));
        }
    };
    let decision = if let Some(user) = &app.settings.auto_approve {
        Some(Ok(user.clone()))
    } else if incoming.method == Method::POST {
        match (value(&params, "deny"), value(&params, "user")) {
            (Some(_), _) => Some(Err(())),
            (None, Some(user)) => Some(Ok(user.to_owned())),
            (None, None) => {
                return Handled::new(
                    error_page("Say who you are."),
                    AuthKind::Anonymous,
                    "oauth2 authorize: no user",
                );
            }
        }
    } else {
        None
    };
    match decision {
        None => consent(app, incoming, &params, &checked),
        Some(Ok(user)) => approve(app, checked, &user),
        Some(Err(())) => deny(checked),
    }
}

/// The client, then its Redirect URL (both refused on a page), then the rest (refused by a
/// redirect to the client).
fn check(app: &App, params: &Params) -> Result<Checked, Refusal> {
    let client_id = value(params, "client_id").unwrap_or_default();
    let client = app.lock().oauth2.clients.get(client_id).cloned();
    let Some(client) = client else {
        let message = format!(
            "There is no application with client_id '{client_id}'. Ask your Jira administrator \
             to check the application link."
        );
        return Err(Refusal::Page(message));
    };
    let redirect_uri = value(params, "redirect_uri").unwrap_or_default();
    if redirect_uri != client.redirect_uri {
        let message = format!(
            "The redirect_uri '{redirect_uri}' does not match the Redirect URL registered for \
             this application ('{}'). The two must be exactly equal.",
            client.redirect_uri
        );
        return Err(Refusal::Page(message));
    }
    let deployment = app.settings.deployment_type;
    let scope = check_request(app, params).and_then(|()| {
        Scope::grant(
            deployment,
            client.registered_scope(deployment),
            value(params, "scope"),
        )
        .map_err(|description| ("invalid_scope", description))
    });
    let scope = match scope {
        Ok(scope) => scope,
        Err((error, description)) => {
            return Err(Refusal::Redirect {
                client: Box::new(client),
                error,
                description,
            });
        }
    };
    Ok(Checked {
        scope,
        challenge: value(params, "code_challenge").map(str::to_owned),
        state: value(params, "state").map(str::to_owned),
        client,
    })
}

/// `response_type`, Cloud's `audience`, and PKCE's parameters.
fn check_request(app: &App, params: &Params) -> Result<(), RedirectError> {
    let invalid = |description: &str| ("invalid_request", description.to_owned());
    match value(params, "response_type") {
        None => return Err(invalid("response_type is missing: use response_type=code.")),
        Some("code") => {}
        Some(_) => {
            return Err((
                "unsupported_response_type",
                "Only response_type=code is supported.".to_owned(),
            ));
        }
    }
    let cloud = app.settings.deployment_type == DeploymentType::Cloud;
    if cloud && value(params, "audience") != Some(CLOUD_AUDIENCE) {
        return Err(invalid("audience must be api.atlassian.com."));
    }
    match (
        value(params, "code_challenge"),
        value(params, "code_challenge_method"),
    ) {
        (None, None) => Ok(()),
        (Some(challenge), Some("S256")) if is_challenge(challenge) => Ok(()),
        (Some(_), Some("S256")) => Err(invalid(
            "code_challenge must be 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_' or '~'.",
        )),
        (Some(_), _) => Err(invalid(
            "code_challenge_method must be S256 (plain is not accepted).",
        )),
        (None, Some(_)) => Err(invalid(
            "code_challenge_method was sent without code_challenge.",
        )),
    }
}

fn is_challenge(text: &str) -> bool {
    (43..=128).contains(&text.len())
        && text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"-._~".contains(&byte))
}

/// `redirect_uri` with `pairs` and the request's `state`, unchanged, added to its query.
fn back_to_client(redirect_uri: &str, pairs: &[(&str, &str)], state: Option<&str>) -> String {
    let Ok(mut url) = url::Url::parse(redirect_uri) else {
        return redirect_uri.to_owned();
    };
    {
        let mut query = url.query_pairs_mut();
        for (name, value) in pairs {
            query.append_pair(name, value);
        }
        if let Some(state) = state {
            query.append_pair("state", state);
        }
    }
    url.to_string()
}

fn client_auth(client: &OAuth2Client, user: Option<&str>) -> AuthKind {
    AuthKind::OAuth2 {
        client: client.client_id.clone(),
        user: user.map(str::to_owned),
    }
}

fn consent(app: &App, incoming: &Incoming, params: &Params, checked: &Checked) -> Handled {
    let first_user = app.lock().users.first().map(|user| user.name.clone());
    let hidden: Params = params
        .iter()
        .filter(|(name, _)| !FORM_FIELDS.contains(&name.as_str()))
        .cloned()
        .collect();
    let content = format!(
        "<p><b>{client}</b> would like to access Jira on your behalf with the scope \
         <b>{scope}</b>.</p>\n{form}",
        client = escape(&checked.client.client_id),
        scope = escape(&checked.scope.to_string()),
        form = consent_form(
            Some(&incoming.path),
            &hidden,
            first_user.as_deref().unwrap_or_default()
        ),
    );
    Handled::new(
        html(StatusCode::OK, &page("Welcome to Jira", &content)),
        client_auth(&checked.client, None),
        "oauth2 authorize page",
    )
}

fn approve(app: &App, checked: Checked, user: &str) -> Handled {
    let code = {
        let mut state = app.lock();
        if state.user(user).is_none_or(|known| !known.active) {
            drop(state);
            return Handled::new(
                error_page(&format!("There is no user named '{user}'.")),
                AuthKind::Anonymous,
                "oauth2 authorize: unknown user",
            );
        }
        let now = state.now();
        let grant = Grant {
            client_id: checked.client.client_id.clone(),
            user: user.to_owned(),
            scope: checked.scope,
            redirect_uri: checked.client.redirect_uri.clone(),
            family: 0,
        };
        state.oauth2.issue_code(now, grant, checked.challenge)
    };
    let location = back_to_client(
        &checked.client.redirect_uri,
        &[("code", &code)],
        checked.state.as_deref(),
    );
    Handled::new(
        found(&location),
        client_auth(&checked.client, Some(user)),
        "oauth2 authorize: approved",
    )
}

fn deny(checked: Checked) -> Handled {
    let location = back_to_client(
        &checked.client.redirect_uri,
        &[
            ("error", "access_denied"),
            (
                "error_description",
                "The user denied the application access.",
            ),
        ],
        checked.state.as_deref(),
    );
    Handled::new(
        found(&location),
        client_auth(&checked.client, None),
        "oauth2 authorize: denied",
    )
}
