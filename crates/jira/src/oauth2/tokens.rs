//! Token answers: what a code or a refresh token is exchanged for, and the provider's refusals
//! turned into errors that say what to do.

use std::time::{Duration, SystemTime};

use oauth1::Secret;
use reqwest::Method;
use serde::Deserialize;

use super::{ClientCredentials, Provider};
use crate::error::Repr;
use crate::{Client, Error};

/// An access token, the refresh token that renews it, and when it expires.
#[derive(Clone, PartialEq, Eq)]
pub struct Tokens {
    /// Sent as `Authorization: Bearer …`.
    pub access_token: Secret,
    /// Exchanged for new tokens; rotated on every use by Cloud (the old one stops working).
    pub refresh_token: Option<Secret>,
    /// When the access token stops working, as announced by `expires_in`.
    pub expires_at: Option<SystemTime>,
    /// How long the access token was issued for (`expires_in`): an administrator's setting on
    /// Data Center, so it may be seconds rather than Cloud's hour.
    pub lifetime: Option<Duration>,
    /// The scopes granted, when the provider says.
    pub scope: Option<String>,
}

/// How long before its expiry an access token is renewed at most: time for the request it
/// authorizes to reach the server, and for clocks that differ a little.
const LONGEST_RENEWAL_MARGIN: Duration = Duration::from_secs(60);

impl Tokens {
    /// Whether the access token expires within `margin` of `now` (or already has).
    pub fn expires_within(&self, now: SystemTime, margin: Duration) -> bool {
        self.expires_at.is_some_and(|at| at <= now + margin)
    }

    /// How long before its expiry the access token is renewed: a minute, or half its lifetime
    /// when that is shorter. A fixed minute would renew a token that lives less than that on
    /// every request, rotating the refresh token each time.
    pub fn renewal_margin(&self) -> Duration {
        self.lifetime.map_or(LONGEST_RENEWAL_MARGIN, |lifetime| {
            LONGEST_RENEWAL_MARGIN.min(lifetime / 2)
        })
    }

    /// Whether the access token is due for renewal at `now`.
    pub fn renewal_due(&self, now: SystemTime) -> bool {
        self.expires_within(now, self.renewal_margin())
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

/// A successful token answer (RFC 6749 section 5.1). No `Debug`: it holds the tokens.
#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    expires_in: Option<u64>,
    #[serde(default)]
    scope: Option<String>,
}

/// A refusal (RFC 6749 section 5.2).
#[derive(Deserialize)]
struct ErrorAnswer {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

/// Exchanges `refresh_token` for new tokens. The Redirect URL goes along: Data Center checks
/// it on refresh too. A refresh token the provider no longer honours is an
/// [`ErrorKind::OAuth`](crate::ErrorKind::OAuth) error whose message says to log in again.
pub async fn refresh(
    client: &Client,
    provider: &Provider,
    credentials: &ClientCredentials,
    refresh_token: &Secret,
) -> Result<Tokens, Error> {
    let form = [
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token.expose()),
        ("redirect_uri", credentials.redirect_uri.as_str()),
    ];
    token_request(client, provider, credentials, &form, Exchange::Refresh).await
}

/// What was being exchanged when the provider refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Exchange {
    Code,
    Refresh,
}

/// One request to the token endpoint: `grant` and the client's credentials as a form (the
/// encoding RFC 6749 specifies; Data Center refuses JSON, Cloud takes both).
pub(super) async fn token_request(
    client: &Client,
    provider: &Provider,
    credentials: &ClientCredentials,
    grant: &[(&str, &str)],
    exchange: Exchange,
) -> Result<Tokens, Error> {
    let url = provider.token_url()?;
    let identity = [
        ("client_id", credentials.id.as_str()),
        ("client_secret", credentials.secret.expose()),
    ];
    let form: Vec<(&str, &str)> = grant.iter().chain(&identity).copied().collect();
    let transport =
        |error: reqwest::Error| crate::client::transport_error(&Method::POST, &url, &error);
    let started = std::time::Instant::now();
    let response = client
        .http()
        .post(url.clone())
        .header(reqwest::header::ACCEPT, "application/json")
        .form(&form)
        .send()
        .await
        .map_err(transport)?;
    let status = response.status();
    client.observe(&Method::POST, &url, Some(status), 1, started, None);
    let body = response.bytes().await.map_err(transport)?;
    let received = SystemTime::now();
    if status.is_success() {
        let answer: TokenAnswer = serde_json::from_slice(&body).map_err(|error| {
            Error::from(Repr::Decode {
                method: Method::POST.to_string(),
                url: url.to_string(),
                // The answer holds tokens, and serde's message may quote a value: say only where.
                detail: format!(
                    "not an OAuth 2.0 token answer ({:?} error at line {}, column {})",
                    error.classify(),
                    error.line(),
                    error.column()
                ),
                body_start: String::new(),
            })
        })?;
        return Ok(tokens_from(answer, received));
    }
    Err(refusal(&url, status.as_u16(), &body, exchange))
}

fn tokens_from(answer: TokenAnswer, received: SystemTime) -> Tokens {
    let lifetime = answer.expires_in.map(Duration::from_secs);
    Tokens {
        access_token: Secret::new(answer.access_token),
        refresh_token: answer.refresh_token.map(Secret::new),
        expires_at: lifetime.map(|lifetime| received + lifetime),
        lifetime,
        scope: answer.scope,
    }
}

/// The provider's error answer, or the HTTP status when the body is not one.
fn refusal(url: &url::Url, status: u16, body: &[u8], exchange: Exchange) -> Error {
    match serde_json::from_slice::<ErrorAnswer>(body) {
        Ok(answer) => Error::from(Repr::OAuth2 {
            advice: advice(&answer.error, exchange),
            url: url.to_string(),
            code: answer.error,
            description: answer.error_description.unwrap_or_default(),
        }),
        Err(_) => Error::from_status(Method::POST.as_str(), url.to_string(), status, body),
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
            lifetime: None,
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
    fn a_short_lived_token_is_renewed_at_half_its_life_a_long_lived_one_a_minute_before() {
        let issued = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let lasting = |seconds: u64| Tokens {
            access_token: Secret::new("a"),
            refresh_token: None,
            expires_at: Some(issued + Duration::from_secs(seconds)),
            lifetime: Some(Duration::from_secs(seconds)),
            scope: None,
        };
        let three_seconds = lasting(3);
        assert_eq!(three_seconds.renewal_margin(), Duration::from_millis(1500));
        assert!(!three_seconds.renewal_due(issued + Duration::from_secs(1)));
        assert!(three_seconds.renewal_due(issued + Duration::from_secs(2)));

        let an_hour = lasting(3600);
        assert_eq!(an_hour.renewal_margin(), Duration::from_secs(60));
        assert!(!an_hour.renewal_due(issued + Duration::from_secs(3539)));
        assert!(an_hour.renewal_due(issued + Duration::from_secs(3540)));

        let unknown = Tokens {
            lifetime: None,
            ..lasting(30)
        };
        assert_eq!(unknown.renewal_margin(), Duration::from_secs(60));
        assert!(unknown.renewal_due(issued));
    }

    #[test]
    fn debug_output_shows_no_token() {
        let tokens = Tokens {
            access_token: Secret::new("access-value-1"),
            refresh_token: Some(Secret::new("refresh-value-2")),
            expires_at: None,
            lifetime: None,
            scope: Some("WRITE".to_owned()),
        };
        let shown = format!("{tokens:?}");
        assert!(!shown.contains("access-value-1"), "{shown}");
        assert!(!shown.contains("refresh-value-2"), "{shown}");
        assert!(shown.contains("WRITE"));
    }

    #[test]
    fn refusals_keep_the_providers_code_and_description() {
        let url =
            url::Url::parse("https://jira.example.com/rest/oauth2/latest/token").expect("a URL");
        let body =
            br#"{"error":"invalid_grant","error_description":"Unknown or invalid refresh token."}"#;
        let error = refusal(&url, 403, body, Exchange::Refresh);
        assert_eq!(error.kind(), crate::ErrorKind::OAuth);
        let message = error.to_string();
        assert!(message.contains("`invalid_grant`"), "{message}");
        assert!(
            message.contains("Unknown or invalid refresh token."),
            "{message}"
        );
        let page = refusal(&url, 502, b"<html>Bad gateway</html>", Exchange::Code);
        assert_eq!(page.status(), Some(502));
    }

    #[test]
    fn a_token_answer_without_expiry_or_refresh_token_is_accepted() {
        let answer: TokenAnswer =
            serde_json::from_slice(br#"{"access_token":"a1","token_type":"bearer"}"#)
                .expect("parses");
        let tokens = tokens_from(answer, SystemTime::UNIX_EPOCH);
        assert_eq!(tokens.access_token.expose(), "a1");
        assert_eq!(tokens.refresh_token, None);
        assert_eq!(tokens.expires_at, None);
    }

    #[test]
    fn a_refused_refresh_says_to_log_in_again() {
        let refused = advice("invalid_grant", Exchange::Refresh);
        assert!(refused.contains("jshell login --oauth2"), "{refused}");
        assert!(refused.contains("kept"), "{refused}");
        assert!(advice("invalid_client", Exchange::Code).contains("client secret"));
    }
}
