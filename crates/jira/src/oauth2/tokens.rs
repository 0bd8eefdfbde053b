//! Token answers: what a code or a refresh token is exchanged for, and the provider's refusals
//! turned into errors that say what to do.

use std::time::{Duration, SystemTime};

use ::oauth2::basic::{BasicClient, BasicErrorResponseType, BasicTokenResponse};
use ::oauth2::{
    AuthType, AuthUrl, ClientId, ClientSecret, EndpointNotSet, EndpointSet, RedirectUrl,
    RefreshToken, RequestTokenError, StandardErrorResponse, TokenResponse as _, TokenUrl,
};
use oauth1::Secret;

use super::{ClientCredentials, Provider};
use crate::Error;

/// An access token, the refresh token that renews it, and when it expires.
#[derive(Clone, PartialEq, Eq)]
pub struct Tokens {
    /// Sent as `Authorization: Bearer …`.
    pub access_token: Secret,
    /// Exchanged for new tokens; rotated on every use by Cloud (the old one stops working).
    pub refresh_token: Option<Secret>,
    /// When the access token stops working, as announced by `expires_in`.
    pub expires_at: Option<SystemTime>,
    /// The scopes granted, when the provider says.
    pub scope: Option<String>,
}

impl Tokens {
    /// Whether the access token expires within `margin` of `now` (or already has).
    pub fn expires_within(&self, now: SystemTime, margin: Duration) -> bool {
        self.expires_at.is_some_and(|at| at <= now + margin)
    }

    pub(super) fn from_answer(answer: &BasicTokenResponse, received: SystemTime) -> Self {
        Tokens {
            access_token: Secret::new(answer.access_token().secret().as_str()),
            refresh_token: answer
                .refresh_token()
                .map(|token| Secret::new(token.secret().as_str())),
            expires_at: answer.expires_in().map(|lifetime| received + lifetime),
            scope: answer.scopes().map(|scopes| {
                scopes
                    .iter()
                    .map(|scope| scope.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            }),
        }
    }
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokens")
            .field("refresh_token", &self.refresh_token.is_some())
            .field("expires_at", &self.expires_at)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

/// The `oauth2` client for one provider and app.
pub(super) type Configured =
    BasicClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

pub(super) fn configured(
    provider: &Provider,
    credentials: &ClientCredentials,
) -> Result<Configured, Error> {
    let url_error =
        |error: url::ParseError| Error::Config(format!("unusable OAuth 2.0 URL: {error}"));
    Ok(BasicClient::new(ClientId::new(credentials.id.clone()))
        .set_client_secret(ClientSecret::new(credentials.secret.expose().to_owned()))
        // Both Data Center and Cloud take the client's credentials as parameters.
        .set_auth_type(AuthType::RequestBody)
        .set_auth_uri(AuthUrl::from_url(provider.authorize_url()?))
        .set_token_uri(TokenUrl::from_url(provider.token_url()?))
        .set_redirect_uri(
            RedirectUrl::new(credentials.redirect_uri.to_string()).map_err(url_error)?,
        ))
}

/// Exchanges `refresh_token` for new tokens. The Redirect URL goes along: Data Center checks
/// it on refresh too. A refresh token the provider no longer honours is an
/// [`ErrorKind::OAuth`](crate::ErrorKind::OAuth) error whose message says to log in again.
pub async fn refresh(
    http: &reqwest::Client,
    provider: &Provider,
    credentials: &ClientCredentials,
    refresh_token: &Secret,
) -> Result<Tokens, Error> {
    let client = configured(provider, credentials)?;
    let token = RefreshToken::new(refresh_token.expose().to_owned());
    let answer = client
        .exchange_refresh_token(&token)
        .add_extra_param("redirect_uri", credentials.redirect_uri.as_str())
        .request_async(http)
        .await;
    let received = SystemTime::now();
    answer
        .map(|answer| Tokens::from_answer(&answer, received))
        .map_err(|error| token_error(provider, Exchange::Refresh, error))
}

/// What was being exchanged when the provider refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Exchange {
    Code,
    Refresh,
}

type RequestError = RequestTokenError<
    ::oauth2::HttpClientError<reqwest::Error>,
    StandardErrorResponse<BasicErrorResponseType>,
>;

pub(super) fn token_error(provider: &Provider, exchange: Exchange, error: RequestError) -> Error {
    let endpoint = match provider.token_url() {
        Ok(endpoint) => endpoint,
        Err(error) => return error,
    };
    let url = endpoint.to_string();
    match error {
        RequestTokenError::ServerResponse(answer) => {
            let code = answer.error().as_ref().to_owned();
            let description = answer.error_description().cloned().unwrap_or_default();
            Error::OAuth2 {
                advice: advice(&code, exchange),
                url,
                code,
                description,
            }
        }
        RequestTokenError::Request(::oauth2::HttpClientError::Reqwest(error)) => {
            crate::client::transport_error(&reqwest::Method::POST, &endpoint, &error)
        }
        RequestTokenError::Parse(error, body) => Error::Decode {
            method: "POST".to_owned(),
            url,
            detail: format!("not an OAuth 2.0 token answer: {error}"),
            body_start: oauth1::report::body_start(&body),
        },
        other => Error::Decode {
            method: "POST".to_owned(),
            url,
            detail: other.to_string(),
            body_start: String::new(),
        },
    }
}

/// What to do about each error code of RFC 6749 section 5.2, for a login or a refresh.
fn advice(code: &str, exchange: Exchange) -> String {
    let again = "run `jshell login --oauth2` again";
    match (code, exchange) {
        ("invalid_grant", Exchange::Refresh) => format!(
            "the refresh token has expired or was revoked (Cloud ends it after 90 days unused, \
             Data Center after 90 days; an administrator may have revoked the link): {again}; \
             the saved profile is kept"
        ),
        ("invalid_grant", Exchange::Code) => format!(
            "the authorization code was refused: it lives only seconds, can be used once, and \
             must come back with the same Redirect URL and PKCE verifier; {again}"
        ),
        ("invalid_client" | "unauthorized_client", _) => format!(
            "the client ID or client secret was refused: check them against the incoming link \
             (Jira: Administration → Applications → Application links) or the Cloud app, then {again}"
        ),
        ("invalid_scope", _) => format!(
            "the scope asked for is more than the link allows: ask for the link's scope (or \
             less) with --scope, then {again}"
        ),
        ("access_denied", _) => {
            format!("access was denied in the browser; {again} and click Allow")
        }
        _ => format!("the provider refused the request; {again}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_counts_the_margin() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let tokens = Tokens {
            access_token: Secret::new("a"),
            refresh_token: None,
            expires_at: Some(now + Duration::from_secs(30)),
            scope: None,
        };
        assert!(tokens.expires_within(now, Duration::from_secs(60)));
        assert!(!tokens.expires_within(now, Duration::from_secs(10)));
        let forever = Tokens {
            expires_at: None,
            ..tokens
        };
        assert!(!forever.expires_within(now, Duration::from_secs(3600)));
    }

    #[test]
    fn debug_output_shows_no_token() {
        let tokens = Tokens {
            access_token: Secret::new("access-value-1"),
            refresh_token: Some(Secret::new("refresh-value-2")),
            expires_at: None,
            scope: Some("WRITE".to_owned()),
        };
        let shown = format!("{tokens:?}");
        assert!(!shown.contains("access-value-1"), "{shown}");
        assert!(!shown.contains("refresh-value-2"), "{shown}");
        assert!(shown.contains("WRITE"));
    }

    #[test]
    fn a_refused_refresh_says_to_log_in_again() {
        let refused = advice("invalid_grant", Exchange::Refresh);
        assert!(refused.contains("jshell login --oauth2"), "{refused}");
        assert!(refused.contains("kept"), "{refused}");
        assert!(advice("invalid_client", Exchange::Code).contains("client secret"));
    }
}
