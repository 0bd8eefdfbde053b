//! The three-legged OAuth 1.0a "dance": obtain a request token, send the user to authorize it,
//! exchange it for an access token, and renew that token later.

use url::Url;

use crate::Error;
use crate::encode::form_decode;
use crate::endpoints::Endpoints;
use crate::problem::OAuthProblem;
use crate::secret::Secret;
use crate::signer::{Consumer, RequestParts, Token};

/// How the provider hands the verifier back once the user approves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Callback {
    /// No `oauth_callback` at all: the OAuth 1.0 flow, in which the provider checks no verifier
    /// (what jirashell does).
    None,
    /// `oauth_callback=oob`: the provider shows the verifier for the user to copy.
    OutOfBand,
    /// The provider redirects the browser to this URL with `oauth_token` and `oauth_verifier`.
    Url(Url),
}

/// A request token waiting for the user's approval.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestToken {
    /// The token and its secret.
    pub token: Token,
    /// Whether the provider confirmed the callback (`oauth_callback_confirmed=true`).
    pub callback_confirmed: bool,
}

/// An access token, as the access-token endpoint returns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessToken {
    /// The token and its secret.
    pub token: Token,
    /// Seconds until the token expires (`oauth_expires_in`), when the provider says.
    pub expires_in: Option<u64>,
    /// The handle that renews the token (`oauth_session_handle`), when the provider sends one.
    pub session_handle: Option<Secret>,
    /// Seconds until the authorization itself expires (`oauth_authorization_expires_in`).
    pub authorization_expires_in: Option<u64>,
}

/// A client for the dance's requests.
///
/// ```no_run
/// # async fn dance() -> Result<(), oauth1::Error> {
/// use oauth1::{Callback, Consumer, Dance, Endpoints, PrivateKey};
///
/// let consumer = Consumer::rsa_sha1("jshell", PrivateKey::from_file("rsa.pem")?);
/// let endpoints = Endpoints::jira(&oauth1::parse_http_url("https://jira.example.com")?)?;
/// let dance = Dance::new(consumer, endpoints);
/// let request_token = dance.request_token(&Callback::OutOfBand).await?;
/// println!("open {}", dance.authorize_url(&request_token));
/// let verifier = "abc123"; // what the user copied from the page
/// let access = dance.access_token(&request_token, Some(verifier)).await?;
/// println!("access token: {}", access.token.token);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct Dance {
    consumer: Consumer,
    endpoints: Endpoints,
    http: reqwest::Client,
}

impl Dance {
    /// A dance client with a default HTTP client.
    pub fn new(consumer: Consumer, endpoints: Endpoints) -> Self {
        Self {
            consumer,
            endpoints,
            http: reqwest::Client::new(),
        }
    }

    /// Uses `http` for the requests (for timeouts, proxies, extra CA certificates).
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.http = http;
        self
    }

    /// The endpoints this client talks to.
    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }

    /// Step 1: obtains a request token.
    pub async fn request_token(&self, callback: &Callback) -> Result<RequestToken, Error> {
        let callback_value = match callback {
            Callback::None => None,
            Callback::OutOfBand => Some("oob".to_owned()),
            Callback::Url(url) => Some(url.to_string()),
        };
        let extra: Vec<(&str, &str)> = callback_value
            .as_deref()
            .map(|value| ("oauth_callback", value))
            .into_iter()
            .collect();
        let params = self
            .post(&self.endpoints.request_token, None, &extra)
            .await?;
        let url = self.endpoints.request_token.as_str();
        Ok(RequestToken {
            token: token_from(url, &params)?,
            callback_confirmed: value_of(&params, "oauth_callback_confirmed") == Some("true"),
        })
    }

    /// Step 2: the URL the user opens to approve `request_token`.
    pub fn authorize_url(&self, request_token: &RequestToken) -> Url {
        let mut url = self.endpoints.authorize.clone();
        url.query_pairs_mut()
            .append_pair("oauth_token", &request_token.token.token);
        url
    }

    /// Step 3: exchanges an approved request token for an access token. `verifier` is the
    /// `oauth_verifier` of the OAuth 1.0a flow; pass `None` in the OAuth 1.0 flow.
    pub async fn access_token(
        &self,
        request_token: &RequestToken,
        verifier: Option<&str>,
    ) -> Result<AccessToken, Error> {
        let extra: Vec<(&str, &str)> = verifier
            .map(|verifier| ("oauth_verifier", verifier))
            .into_iter()
            .collect();
        let params = self
            .post(
                &self.endpoints.access_token,
                Some(&request_token.token),
                &extra,
            )
            .await?;
        access_token_from(self.endpoints.access_token.as_str(), &params)
    }

    /// Renews an access token with its `oauth_session_handle`. Returns
    /// [`Error::IncompleteResponse`] naming `oauth_session_handle` when `access` has none.
    pub async fn renew(&self, access: &AccessToken) -> Result<AccessToken, Error> {
        let url = self.endpoints.access_token.as_str();
        let Some(handle) = &access.session_handle else {
            return Err(Error::IncompleteResponse {
                url: url.to_owned(),
                missing: "oauth_session_handle",
                received: "an access token without a session handle, which cannot be renewed"
                    .to_owned(),
            });
        };
        let extra = [("oauth_session_handle", handle.expose())];
        let params = self
            .post(&self.endpoints.access_token, Some(&access.token), &extra)
            .await?;
        access_token_from(url, &params)
    }

    async fn post(
        &self,
        url: &Url,
        token: Option<&Token>,
        extra: &[(&str, &str)],
    ) -> Result<Vec<(String, String)>, Error> {
        let authorization =
            self.consumer
                .authorization(RequestParts::new("POST", url), token, extra)?;
        let transport = |source| Error::Transport {
            url: url.to_string(),
            source,
        };
        let response = self
            .http
            .post(url.clone())
            .header(reqwest::header::AUTHORIZATION, authorization)
            .header(reqwest::header::CONTENT_LENGTH, "0")
            .send()
            .await
            .map_err(transport)?;
        let status = response.status();
        let www_authenticate = response
            .headers()
            .get(reqwest::header::WWW_AUTHENTICATE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let body = response.bytes().await.map_err(transport)?;
        if let Some(problem) =
            OAuthProblem::from_response(status.as_u16(), www_authenticate.as_deref(), &body)
        {
            return Err(Error::Problem {
                url: url.to_string(),
                problem: Box::new(problem),
            });
        }
        if !status.is_success() {
            let body = String::from_utf8_lossy(&body);
            return Err(Error::UnexpectedStatus {
                url: url.to_string(),
                status: status.as_u16(),
                body_start: crate::quote::body_start(body.as_bytes()),
            });
        }
        Ok(form_decode(&body))
    }
}

fn value_of<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

fn token_from(url: &str, params: &[(String, String)]) -> Result<Token, Error> {
    let required = |name: &'static str| {
        value_of(params, name)
            .filter(|value| !value.is_empty())
            .ok_or_else(|| Error::IncompleteResponse {
                url: url.to_owned(),
                missing: name,
                received: describe_redacted(params),
            })
    };
    Ok(Token::new(
        required("oauth_token")?,
        required("oauth_token_secret")?,
    ))
}

fn access_token_from(url: &str, params: &[(String, String)]) -> Result<AccessToken, Error> {
    let number = |name| value_of(params, name).and_then(|value| value.parse().ok());
    Ok(AccessToken {
        token: token_from(url, params)?,
        expires_in: number("oauth_expires_in"),
        session_handle: value_of(params, "oauth_session_handle").map(Secret::from),
        authorization_expires_in: number("oauth_authorization_expires_in"),
    })
}

/// Lists what a response held, showing values only where they are not secrets.
fn describe_redacted(params: &[(String, String)]) -> String {
    if params.is_empty() {
        return "an empty or unreadable body".to_owned();
    }
    params
        .iter()
        .map(|(name, value)| {
            if name.ends_with("secret") || name == "oauth_session_handle" {
                format!("{name}=<redacted>")
            } else {
                format!("{name}={value}")
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incomplete_responses_never_show_secrets() {
        let params = form_decode(b"oauth_token_secret=s3cr3t&oauth_expires_in=5");
        let error = token_from("http://x/", &params).expect_err("no token");
        let message = error.to_string();
        assert!(message.contains("no oauth_token"), "{message}");
        assert!(message.contains("oauth_expires_in=5"), "{message}");
        assert!(!message.contains("s3cr3t"), "{message}");
    }
}
