//! OAuth 2.0 as Jira offers it: the authorization-code flow with PKCE against a Data Center
//! incoming link or an Atlassian Cloud (3LO) app, and access tokens that renew themselves.
//!
//! - [`Provider`] says where the endpoints are (Data Center under the server's base URL, Cloud
//!   at `auth.atlassian.com` and `api.atlassian.com`, both overridable for tests).
//! - [`Authorization`] is one login: the URL to send the user to, the `state` to check, and the
//!   exchange of the code the browser brings back for [`Tokens`].
//! - [`Session`] is what [`Auth::OAuth2`](crate::Auth::OAuth2) holds: the current tokens, renewed
//!   before they expire and once when the server refuses them, under the lock of a
//!   [`TokenKeeper`] so that processes sharing saved tokens make one refresh between them and
//!   never lose a rotated refresh token.
//!
//! Not here: where the tokens are saved (the keeper is the caller's), the loopback listener
//! and the browser (the CLI's).

mod login;
mod session;
mod tokens;

pub use login::{Authorization, CloudSite, cloud_sites};
pub use session::{KeptTokens, MemoryKeeper, Session, TokenKeeper};
pub use tokens::{Tokens, refresh};

use oauth1::Secret;
use url::Url;

use crate::Error;
use crate::error::Repr;

/// Atlassian Cloud's authorization server.
pub const CLOUD_AUTH_URL: &str = "https://auth.atlassian.com/";
/// Atlassian Cloud's API gateway: accessible resources and `/ex/jira/{cloudid}/rest/…`.
pub const CLOUD_API_URL: &str = "https://api.atlassian.com/";

/// Where a deployment's OAuth 2.0 endpoints are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Provider {
    /// Jira Data Center 8.22+: `{base}/rest/oauth2/latest/{authorize,token}`.
    DataCenter {
        /// Jira's base URL (with its context path).
        server: Url,
    },
    /// Atlassian Cloud (3LO).
    Cloud {
        /// The authorization server (`https://auth.atlassian.com/`).
        auth: Url,
        /// The API gateway (`https://api.atlassian.com/`).
        api: Url,
    },
}

impl Provider {
    /// A Data Center server at `server`.
    pub fn data_center(server: &str) -> Result<Self, Error> {
        Ok(Provider::DataCenter {
            server: crate::base_url::parse(server)?,
        })
    }

    /// Atlassian Cloud, at the given authorization server and API gateway (normally
    /// [`CLOUD_AUTH_URL`] and [`CLOUD_API_URL`]).
    pub fn cloud(auth: &str, api: &str) -> Result<Self, Error> {
        Ok(Provider::Cloud {
            auth: crate::base_url::parse(auth)?,
            api: crate::base_url::parse(api)?,
        })
    }

    /// The scopes asked for when the user names none: write access, and for Cloud a refresh
    /// token (`offline_access`), without which the login ends after an hour.
    pub fn default_scope(&self) -> &'static str {
        match self {
            Provider::DataCenter { .. } => "WRITE",
            Provider::Cloud { .. } => {
                "read:jira-work write:jira-work read:jira-user offline_access"
            }
        }
    }

    /// The user's approval page.
    pub fn authorize_url(&self) -> Result<Url, Error> {
        match self {
            Provider::DataCenter { server } => join(server, "rest/oauth2/latest/authorize"),
            Provider::Cloud { auth, .. } => join(auth, "authorize"),
        }
    }

    /// The token endpoint (codes and refresh tokens are exchanged there).
    pub fn token_url(&self) -> Result<Url, Error> {
        match self {
            Provider::DataCenter { server } => join(server, "rest/oauth2/latest/token"),
            Provider::Cloud { auth, .. } => join(auth, "oauth/token"),
        }
    }

    /// For Cloud, the base URL REST calls for the site `cloud_id` go to.
    pub fn cloud_base_url(&self, cloud_id: &str) -> Option<Result<Url, Error>> {
        match self {
            Provider::DataCenter { .. } => None,
            Provider::Cloud { api, .. } => Some(join(api, &format!("ex/jira/{cloud_id}/"))),
        }
    }
}

/// What identifies jshell to the provider: the incoming link's (or Cloud app's) client ID and
/// secret, and the one Redirect URL registered with it.
#[derive(Clone)]
pub struct ClientCredentials {
    /// The Client ID.
    pub id: String,
    /// The Client Secret.
    pub secret: Secret,
    /// The Redirect URL, exactly as registered.
    pub redirect_uri: Url,
}

impl std::fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("id", &self.id)
            .field("redirect_uri", &self.redirect_uri.as_str())
            .finish_non_exhaustive()
    }
}

pub(crate) fn join(base: &Url, path: &str) -> Result<Url, Error> {
    base.join(path).map_err(|error| {
        Error::from(Repr::Config(format!(
            "cannot build the URL {base}{path}: {error}"
        )))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_center_endpoints_sit_under_the_context_path() {
        let provider = Provider::data_center("https://example.com/jira").expect("a URL");
        assert_eq!(
            provider.authorize_url().expect("joins").as_str(),
            "https://example.com/jira/rest/oauth2/latest/authorize"
        );
        assert_eq!(
            provider.token_url().expect("joins").as_str(),
            "https://example.com/jira/rest/oauth2/latest/token"
        );
        assert!(provider.cloud_base_url("x").is_none());
    }

    #[test]
    fn cloud_endpoints_are_atlassians_hosts() {
        let provider = Provider::cloud(CLOUD_AUTH_URL, CLOUD_API_URL).expect("URLs");
        assert_eq!(
            provider.authorize_url().expect("joins").as_str(),
            "https://auth.atlassian.com/authorize"
        );
        assert_eq!(
            provider.token_url().expect("joins").as_str(),
            "https://auth.atlassian.com/oauth/token"
        );
        assert_eq!(
            provider
                .cloud_base_url("11223344-a1b2-3b33-c444-def123456789")
                .expect("cloud")
                .expect("joins")
                .as_str(),
            "https://api.atlassian.com/ex/jira/11223344-a1b2-3b33-c444-def123456789/"
        );
    }

    #[test]
    fn credentials_never_show_the_secret() {
        let credentials = ClientCredentials {
            id: "client-1".to_owned(),
            secret: Secret::new("very-secret-value"),
            redirect_uri: Url::parse("http://127.0.0.1:8765/callback").expect("a URL"),
        };
        let shown = format!("{credentials:?}");
        assert!(shown.contains("client-1"));
        assert!(!shown.contains("very-secret-value"));
    }
}
