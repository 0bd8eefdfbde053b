//! How requests prove who is calling.

use base64::Engine as _;
use oauth1::{Consumer, RequestParts, Secret, Token};
use url::Url;

use crate::Error;
use crate::error::Repr;

/// The credentials a [`Client`](crate::Client) sends.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Auth {
    /// No credentials: Jira answers what it shows anonymous users (e.g. `serverInfo`).
    Anonymous,
    /// OAuth 1.0a: every request is freshly signed by the consumer with the access token.
    OAuth {
        /// The consumer (key and RSA private key of the application link).
        consumer: Consumer,
        /// The access token and its secret.
        token: Token,
    },
    /// OAuth 2.0: a bearer access token, renewed with its refresh token before it expires and
    /// once when the server refuses it.
    OAuth2(crate::oauth2::Session),
    /// A personal access token (Jira Data Center 8.14+), sent as `Authorization: Bearer …`.
    Bearer(Secret),
    /// Basic credentials: a user name and password, or a Cloud e-mail address and API token.
    Basic {
        /// The user name or e-mail address.
        user: String,
        /// The password or API token.
        password: Secret,
    },
}

impl Auth {
    /// OAuth 1.0a credentials.
    pub fn oauth(consumer: Consumer, token: Token) -> Self {
        Auth::OAuth { consumer, token }
    }

    /// A personal access token.
    pub fn bearer(token: impl Into<Secret>) -> Self {
        Auth::Bearer(token.into())
    }

    /// Basic credentials.
    pub fn basic(user: impl Into<String>, password: impl Into<Secret>) -> Self {
        Auth::Basic {
            user: user.into(),
            password: password.into(),
        }
    }

    /// A short, secret-free description: `OAuth (consumer …)`, `personal access token`, …
    pub fn describe(&self) -> String {
        match self {
            Auth::Anonymous => "anonymous".to_owned(),
            Auth::OAuth { consumer, .. } => format!("OAuth 1.0a (consumer {})", consumer.key()),
            Auth::OAuth2(session) => format!("OAuth 2.0 (client {})", session.client_id()),
            Auth::Bearer(_) => "personal access token".to_owned(),
            Auth::Basic { user, .. } => format!("basic ({user})"),
        }
    }

    /// The `Authorization` header value for one request, or `None` for anonymous calls. An
    /// OAuth 2.0 access token about to expire is renewed first, through `client`.
    pub(crate) async fn header(
        &self,
        client: &crate::Client,
        method: &str,
        url: &Url,
    ) -> Result<Option<String>, Error> {
        Ok(match self {
            Auth::OAuth2(session) => Some(session.authorization(client).await?),
            Auth::Anonymous => None,
            Auth::OAuth { consumer, token } => Some(
                consumer
                    .authorization(RequestParts::new(method, url), Some(token), &[])
                    .map_err(|error| {
                        Error::from(Repr::Config(format!("cannot sign the request: {error}")))
                    })?,
            ),
            Auth::Bearer(token) => Some(format!("Bearer {}", token.expose())),
            Auth::Basic { user, password } => {
                let pair = format!("{user}:{}", password.expose());
                Some(format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(pair)
                ))
            }
        })
    }
}
