//! The token endpoint: `authorization_code` (with PKCE) and `refresh_token` grants, client
//! authentication, RFC 6749 error answers.

use axum::http::{HeaderValue, StatusCode, header};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD as BASE64, URL_SAFE_NO_PAD};
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

use super::{Grant, Issued, OAuth2Client};
use crate::access_log::AuthKind;
use crate::config::DeploymentType;
use crate::exchange::{App, Handled, Incoming, error_messages, json_response};

type Params = Vec<(String, String)>;

/// An RFC 6749 error answer.
struct TokenError {
    status: StatusCode,
    error: &'static str,
    description: String,
}

impl TokenError {
    fn new(status: StatusCode, error: &'static str, description: impl Into<String>) -> Self {
        Self {
            status,
            error,
            description: description.into(),
        }
    }

    fn invalid_request(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_request", description)
    }

    /// Data Center answers 400; Cloud's gateway 403.
    fn invalid_grant(app: &App, description: impl Into<String>) -> Self {
        let status = match app.settings.deployment_type {
            DeploymentType::Server => StatusCode::BAD_REQUEST,
            DeploymentType::Cloud => StatusCode::FORBIDDEN,
        };
        Self::new(status, "invalid_grant", description)
    }
}

fn param<'p>(params: &'p Params, name: &str) -> Option<&'p str> {
    params
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
        .filter(|value| !value.is_empty())
}

pub(super) fn token(app: &App, incoming: &Incoming) -> Handled {
    let params = match token_params(app, incoming) {
        Ok(params) => params,
        Err(handled) => return *handled,
    };
    {
        let grants = &mut app.lock().oauth2.grants;
        match param(&params, "grant_type") {
            Some("authorization_code") => grants.authorization_code += 1,
            Some("refresh_token") => grants.refresh_token += 1,
            _ => {}
        }
    }
    let client = match authenticate_client(app, incoming, &params) {
        Ok(client) => client,
        Err((error, basic)) => {
            let mut handled = refusal(error, AuthKind::Invalid);
            if basic {
                let challenge = format!("Basic realm=\"{}\"", app.settings.base_url);
                if let Ok(value) = HeaderValue::from_str(&challenge) {
                    handled
                        .response
                        .headers_mut()
                        .insert(header::WWW_AUTHENTICATE, value);
                }
            }
            return handled;
        }
    };
    let result = match param(&params, "grant_type") {
        None => Err(TokenError::invalid_request("grant_type is missing.")),
        Some("authorization_code") => exchange_code(app, &client, &params),
        Some("refresh_token") => refresh(app, &client, &params),
        Some(other) => Err(TokenError::new(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            format!(
                "The grant type '{other}' is not supported: use authorization_code or refresh_token."
            ),
        )),
    };
    match result {
        Ok((issued, grant)) => granted(app, issued, &grant),
        Err(error) => refusal(
            error,
            AuthKind::OAuth2 {
                client: client.client_id,
                user: None,
            },
        ),
    }
}

/// The request's parameters. Data Center's endpoint reads form parameters, from the body or
/// the query string; a JSON body makes its Jersey resource fail with a 500. Cloud's reads a
/// JSON or a form body.
fn token_params(app: &App, incoming: &Incoming) -> Result<Params, Box<Handled>> {
    let is_json = incoming
        .header(header::CONTENT_TYPE)
        .is_some_and(|value| value.trim_start().starts_with("application/json"));
    match app.settings.deployment_type {
        DeploymentType::Server if is_json => Err(Box::new(Handled::new(
            error_messages(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The @FormParam is utilized when the content type of the request entity is not \
                 application/x-www-form-urlencoded",
            ),
            AuthKind::Anonymous,
            "oauth2 token: JSON body on Data Center",
        ))),
        DeploymentType::Server => {
            let mut params = oauth1::form_decode(&incoming.body);
            params.extend(incoming.query_params());
            Ok(params)
        }
        DeploymentType::Cloud if is_json => {
            let body: Value = serde_json::from_slice(&incoming.body).map_err(|_| {
                Box::new(refusal(
                    TokenError::invalid_request("The request body is not a JSON object."),
                    AuthKind::Anonymous,
                ))
            })?;
            let object = body.as_object().cloned().unwrap_or_default();
            Ok(object
                .into_iter()
                .filter_map(|(key, value)| value.as_str().map(|text| (key, text.to_owned())))
                .collect())
        }
        DeploymentType::Cloud => Ok(oauth1::form_decode(&incoming.body)),
    }
}

/// The client the request authenticates as (HTTP Basic, else `client_id` and
/// `client_secret`), or `invalid_client` and whether Basic was used.
fn authenticate_client(
    app: &App,
    incoming: &Incoming,
    params: &Params,
) -> Result<OAuth2Client, (TokenError, bool)> {
    let basic = incoming
        .header(header::AUTHORIZATION)
        .and_then(|value| value.trim().strip_prefix("Basic "))
        .and_then(|encoded| BASE64.decode(encoded.trim()).ok())
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| {
            let (id, secret) = text.split_once(':')?;
            Some((
                oauth1::percent_decode(id).unwrap_or_else(|| id.to_owned()),
                oauth1::percent_decode(secret).unwrap_or_else(|| secret.to_owned()),
            ))
        });
    let used_basic = basic.is_some();
    let (id, secret) = match basic {
        Some(credentials) => credentials,
        None => (
            param(params, "client_id").unwrap_or_default().to_owned(),
            param(params, "client_secret")
                .unwrap_or_default()
                .to_owned(),
        ),
    };
    let invalid = |description: &str| {
        (
            TokenError::new(StatusCode::UNAUTHORIZED, "invalid_client", description),
            used_basic,
        )
    };
    if id.is_empty() {
        return Err(invalid(
            "Client authentication failed: send client_id and client_secret.",
        ));
    }
    let client = app.lock().oauth2.clients.get(&id).cloned();
    match client {
        Some(client) if client.client_secret == secret => Ok(client),
        _ => Err(invalid(
            "Client authentication failed: unknown client or wrong client secret.",
        )),
    }
}

fn exchange_code(
    app: &App,
    client: &OAuth2Client,
    params: &Params,
) -> Result<(Issued, Grant), TokenError> {
    let code =
        param(params, "code").ok_or_else(|| TokenError::invalid_request("code is missing."))?;
    let redirect_uri = param(params, "redirect_uri")
        .ok_or_else(|| TokenError::invalid_request("redirect_uri is missing."))?;
    let invalid = |description: &str| TokenError::invalid_grant(app, description);
    let mut state = app.lock();
    let now = state.now();
    let oauth2 = &mut state.oauth2;
    let Some(record) = oauth2.codes.get(code).cloned() else {
        return Err(invalid("The authorization code is unknown."));
    };
    if record.grant.client_id != client.client_id {
        return Err(invalid(
            "The authorization code was issued to another client.",
        ));
    }
    if record.used {
        oauth2.revoke_family(record.grant.family);
        return Err(invalid(
            "The authorization code was already used; the tokens issued for it are revoked.",
        ));
    }
    if now >= record.expires_at {
        return Err(invalid("The authorization code has expired."));
    }
    if redirect_uri != record.grant.redirect_uri {
        return Err(invalid(
            "redirect_uri does not match the one the authorization code was issued for.",
        ));
    }
    if let Some(challenge) = &record.challenge {
        let verifier = param(params, "code_verifier")
            .ok_or_else(|| invalid("code_verifier is missing: the authorization used PKCE."))?;
        if s256(verifier) != *challenge {
            return Err(invalid("code_verifier does not match the code_challenge."));
        }
    }
    if let Some(stored) = oauth2.codes.get_mut(code) {
        stored.used = true;
    }
    let issued = oauth2.issue_tokens(now, &record.grant);
    Ok((issued, record.grant))
}

/// The PKCE S256 transformation: BASE64URL(SHA256(verifier)) without padding.
pub(super) fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn refresh(
    app: &App,
    client: &OAuth2Client,
    params: &Params,
) -> Result<(Issued, Grant), TokenError> {
    let token = param(params, "refresh_token")
        .ok_or_else(|| TokenError::invalid_request("refresh_token is missing."))?;
    let data_center = app.settings.deployment_type == DeploymentType::Server;
    let invalid = || {
        let description = if data_center {
            "The refresh token is unknown, expired, revoked or already used."
        } else {
            "Unknown or invalid refresh token."
        };
        TokenError::invalid_grant(app, description)
    };
    let mut state = app.lock();
    let now = state.now();
    let oauth2 = &mut state.oauth2;
    let record = match oauth2.refresh_tokens.get(token) {
        Some(record) if record.grant.client_id == client.client_id && now < record.expires_at => {
            record.clone()
        }
        _ => {
            oauth2.note_rotated_refresh_token(token);
            return Err(invalid());
        }
    };
    // Data Center checks the Redirect URL on refresh too, and words a missing one the same.
    if data_center && param(params, "redirect_uri") != Some(record.grant.redirect_uri.as_str()) {
        return Err(TokenError::invalid_grant(
            app,
            "redirect_uri is missing or does not match the registered Redirect URL.",
        ));
    }
    oauth2.retire_refresh_token(token);
    let issued = oauth2.issue_tokens(now, &record.grant);
    Ok((issued, record.grant))
}

fn no_store(response: &mut axum::response::Response) {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
}

fn granted(app: &App, issued: Issued, grant: &Grant) -> Handled {
    let token_type = match app.settings.deployment_type {
        DeploymentType::Server => "bearer",
        DeploymentType::Cloud => "Bearer",
    };
    let mut body = json!({
        "access_token": issued.access_token,
        "token_type": token_type,
        "expires_in": issued.expires_in,
        "scope": grant.scope.to_string(),
    });
    if let Some(refresh_token) = issued.refresh_token {
        body["refresh_token"] = Value::String(refresh_token);
    }
    let mut response = json_response(StatusCode::OK, &body);
    no_store(&mut response);
    let auth = AuthKind::OAuth2 {
        client: grant.client_id.clone(),
        user: Some(grant.user.clone()),
    };
    Handled::new(response, auth, "oauth2 token issued")
}

fn refusal(error: TokenError, auth: AuthKind) -> Handled {
    let body = json!({ "error": error.error, "error_description": error.description });
    let mut response = json_response(error.status, &body);
    no_store(&mut response);
    Handled::new(response, auth, format!("oauth2 error={}", error.error))
}

#[cfg(test)]
mod tests {
    #[test]
    fn s256_matches_rfc_7636_appendix_b() {
        assert_eq!(
            super::s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }
}
