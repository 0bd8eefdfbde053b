//! The OAuth 2.0 provider, in the shape of the deployment simulated: Data Center's incoming
//! links under `{context}/rest/oauth2/latest/`, or Cloud's 3LO at the server root
//! (`/authorize`, `/oauth/token`, `/oauth/token/accessible-resources`) with the API gateway's
//! `/ex/jira/{cloudid}/rest/…`. The behaviour chosen where Atlassian's is not documented is
//! listed in the crate documentation.

mod authorize;
mod gateway;
mod scope;
mod token;

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use axum::http::{Method, StatusCode};
use serde::{Deserialize, Serialize};

pub(crate) use gateway::{
    Bearer, bearer, challenge_invalid_token, expired, gateway_caller, scope_refusal,
};
pub(crate) use scope::Scope;

use crate::access_log::AuthKind;
use crate::config::{Builder, DeploymentType};
use crate::exchange::{App, Handled, Incoming, error_messages};

/// Data Center's endpoints, below the context path.
const DC_PREFIX: &str = "/rest/oauth2/latest/";
/// How long access tokens live unless configured: an hour, as on both deployments.
pub const DEFAULT_ACCESS_TOKEN_LIFETIME: Duration = Duration::from_secs(3600);
/// How long authorization codes live unless configured: Data Center's
/// `max.client.delay.seconds` default.
pub const DEFAULT_CODE_LIFETIME: Duration = Duration::from_secs(10);
/// Refresh tokens live 90 days (Data Center's default; Cloud's inactivity limit).
const REFRESH_TOKEN_LIFETIME_SECS: i64 = 7_776_000;
/// The cloud id of the simulated site unless configured.
pub const DEFAULT_CLOUD_ID: &str = "11223344-a1b2-4c3d-8e9f-aabbccddeeff";

/// An OAuth 2.0 client: a Data Center incoming link or a Cloud 3LO app.
///
/// ```
/// let client = fakejira::OAuth2Client::new("id", "secret", "http://127.0.0.1:8765/callback")
///     .scope("READ");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct OAuth2Client {
    pub(crate) client_id: String,
    pub(crate) client_secret: String,
    pub(crate) redirect_uri: String,
    pub(crate) scope: Option<String>,
}

impl OAuth2Client {
    /// A client registered with one Redirect URL, compared exactly, and the default scope:
    /// `WRITE` on Data Center; on Cloud `read:jira-work write:jira-work read:jira-user
    /// manage:jira-configuration offline_access`.
    pub fn new(
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        redirect_uri: impl Into<String>,
    ) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            redirect_uri: redirect_uri.into(),
            scope: None,
        }
    }

    /// The most the client may ask for: one of `READ`, `WRITE`, `ADMIN`, `SYSTEM_ADMIN` on Data
    /// Center, space-separated scope names on Cloud.
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = Some(scope.into());
        self
    }

    fn registered_scope(&self, deployment: DeploymentType) -> &str {
        self.scope
            .as_deref()
            .unwrap_or_else(|| scope::default_registered(deployment))
    }
}

/// The secret stays out of logs and test output.
impl std::fmt::Debug for OAuth2Client {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("OAuth2Client")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("redirect_uri", &self.redirect_uri)
            .field("scope", &self.scope)
            .finish()
    }
}

/// How many token requests arrived per grant type, answered successfully or not.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuth2Grants {
    /// `grant_type=authorization_code` requests.
    pub authorization_code: usize,
    /// `grant_type=refresh_token` requests.
    pub refresh_token: usize,
    /// Refresh requests that presented a refresh token already exchanged for new ones: a
    /// client that lost the rotated token it was given (or replays an old one).
    #[serde(default)]
    pub rotated_refresh_token: usize,
}

/// What a code or token was granted for.
#[derive(Clone, Debug)]
pub(crate) struct Grant {
    pub client_id: String,
    pub user: String,
    pub scope: Scope,
    pub redirect_uri: String,
    /// Every token descending from one authorization code shares it, so that a replayed code
    /// can revoke them all.
    pub family: u64,
}

#[derive(Clone, Debug)]
struct Code {
    grant: Grant,
    /// The S256 `code_challenge`, when the request had one.
    challenge: Option<String>,
    expires_at: i64,
    used: bool,
}

#[derive(Clone, Debug)]
pub(crate) struct AccessToken {
    pub grant: Grant,
    expires_at: i64,
}

#[derive(Clone, Debug)]
struct RefreshToken {
    grant: Grant,
    expires_at: i64,
}

/// A token answer's content.
struct Issued {
    access_token: String,
    refresh_token: Option<String>,
    expires_in: u64,
}

/// The provider's memory.
#[derive(Debug)]
pub(crate) struct OAuth2State {
    pub clients: HashMap<String, OAuth2Client>,
    codes: HashMap<String, Code>,
    access_tokens: HashMap<String, AccessToken>,
    refresh_tokens: HashMap<String, RefreshToken>,
    /// Refresh tokens exchanged already, to count a client presenting one again.
    rotated_refresh_tokens: HashSet<String>,
    pub grants: OAuth2Grants,
    pub access_token_lifetime: Duration,
    code_lifetime: Duration,
    next_family: u64,
}

impl OAuth2State {
    pub(crate) fn new(builder: &Builder) -> Self {
        Self {
            clients: builder
                .oauth2_clients
                .iter()
                .map(|client| (client.client_id.clone(), client.clone()))
                .collect(),
            codes: HashMap::new(),
            access_tokens: HashMap::new(),
            refresh_tokens: HashMap::new(),
            rotated_refresh_tokens: HashSet::new(),
            grants: OAuth2Grants::default(),
            access_token_lifetime: builder
                .oauth2_access_token_lifetime
                .unwrap_or(DEFAULT_ACCESS_TOKEN_LIFETIME),
            code_lifetime: builder
                .oauth2_code_lifetime
                .unwrap_or(DEFAULT_CODE_LIFETIME),
            next_family: 1,
        }
    }

    /// Registers or replaces a client.
    pub(crate) fn add_client(&mut self, client: OAuth2Client) {
        self.clients.insert(client.client_id.clone(), client);
    }

    /// Makes every access token issued so far expired.
    pub(crate) fn expire_access_tokens(&mut self) {
        for token in self.access_tokens.values_mut() {
            token.expires_at = i64::MIN;
        }
    }

    /// Forgets every refresh token, as revoking the application's access does.
    pub(crate) fn revoke_refresh_tokens(&mut self) {
        self.refresh_tokens.clear();
    }

    /// Retires `token` after its one exchange, and whether it had been retired already.
    pub(crate) fn retire_refresh_token(&mut self, token: &str) {
        if self.refresh_tokens.remove(token).is_some() {
            self.rotated_refresh_tokens.insert(token.to_owned());
        }
    }

    /// Counts a refresh that presented `token` when it was retired already.
    pub(crate) fn note_rotated_refresh_token(&mut self, token: &str) {
        if self.rotated_refresh_tokens.contains(token) {
            self.grants.rotated_refresh_token += 1;
        }
    }

    /// A new single-use authorization code for `grant`.
    fn issue_code(&mut self, now: i64, mut grant: Grant, challenge: Option<String>) -> String {
        grant.family = self.next_family;
        self.next_family += 1;
        let code = crate::random::token();
        let expires_at = now.saturating_add(seconds(self.code_lifetime));
        self.codes.insert(
            code.clone(),
            Code {
                grant,
                challenge,
                expires_at,
                used: false,
            },
        );
        code
    }

    /// A new access token, and a refresh token when the scope earns one.
    fn issue_tokens(&mut self, now: i64, grant: &Grant) -> Issued {
        let lifetime = seconds(self.access_token_lifetime);
        let access_token = crate::random::token();
        self.access_tokens.insert(
            access_token.clone(),
            AccessToken {
                grant: grant.clone(),
                expires_at: now.saturating_add(lifetime),
            },
        );
        let refresh_token = grant.scope.gets_refresh_token().then(|| {
            let token = crate::random::token();
            let record = RefreshToken {
                grant: grant.clone(),
                expires_at: now.saturating_add(REFRESH_TOKEN_LIFETIME_SECS),
            };
            self.refresh_tokens.insert(token.clone(), record);
            token
        });
        Issued {
            access_token,
            refresh_token,
            expires_in: u64::try_from(lifetime).unwrap_or_default(),
        }
    }

    /// Revokes every token descending from the code that started `family`.
    fn revoke_family(&mut self, family: u64) {
        self.access_tokens
            .retain(|_, token| token.grant.family != family);
        self.refresh_tokens
            .retain(|_, token| token.grant.family != family);
    }
}

fn seconds(duration: Duration) -> i64 {
    i64::try_from(duration.as_secs()).unwrap_or(i64::MAX)
}

/// Answers the request when it is for the OAuth 2.0 provider or the Cloud gateway.
pub(crate) fn route(app: &App, incoming: &Incoming, under_context_path: bool) -> Option<Handled> {
    let endpoint = match app.settings.deployment_type {
        DeploymentType::Server if under_context_path => {
            incoming.local_path.strip_prefix(DC_PREFIX)?
        }
        DeploymentType::Server => return None,
        DeploymentType::Cloud => {
            if let Some(rest) = incoming.path.strip_prefix(gateway::GATEWAY_PREFIX) {
                return Some(gateway::forward(app, incoming, rest));
            }
            match incoming.path.as_str() {
                "/authorize" => "authorize",
                "/oauth/token" => "token",
                "/oauth/token/accessible-resources" => "accessible-resources",
                "/_edge/tenant_info" if incoming.method == Method::GET => {
                    return Some(crate::api_tokens::tenant_info(app));
                }
                _ => return None,
            }
        }
    };
    let handled = match (&incoming.method, endpoint) {
        (&Method::GET | &Method::POST, "authorize") => authorize::authorize(app, incoming),
        (&Method::POST, "token") => token::token(app, incoming),
        (&Method::GET, "accessible-resources") => gateway::accessible_resources(app, incoming),
        (_, "authorize" | "token" | "accessible-resources") => Handled::new(
            error_messages(
                StatusCode::METHOD_NOT_ALLOWED,
                &format!("{} is not allowed here.", incoming.method),
            ),
            AuthKind::Anonymous,
            "method not allowed",
        ),
        _ => return None,
    };
    Some(handled)
}
