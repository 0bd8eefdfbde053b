//! One login: the authorization URL (PKCE S256 and a random `state`), the code's exchange, and
//! for Cloud the sites the new token may reach.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use oauth1::Secret;
use serde::Deserialize;
use sha2::{Digest as _, Sha256};
use url::Url;

use super::tokens::{Exchange, token_request};
use super::{ClientCredentials, Provider, Tokens};
use crate::error::Repr;
use crate::{Client, Error};

/// A login in progress: where to send the user, and what the answer must match.
pub struct Authorization {
    url: Url,
    state: String,
    verifier: Secret,
}

impl std::fmt::Debug for Authorization {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authorization")
            .field("url", &self.url.as_str())
            .finish_non_exhaustive()
    }
}

impl Authorization {
    /// Starts a login asking for `scope` (space-separated): a fresh PKCE verifier and `state`.
    /// Cloud also gets `audience=api.atlassian.com` and `prompt=consent`, as Atlassian requires.
    pub fn start(
        provider: &Provider,
        credentials: &ClientCredentials,
        scope: &str,
    ) -> Result<Self, Error> {
        let verifier = random_text(32)?;
        let state = random_text(16)?;
        let mut url = provider.authorize_url()?;
        {
            let mut query = url.query_pairs_mut();
            query
                .append_pair("response_type", "code")
                .append_pair("client_id", &credentials.id)
                .append_pair("redirect_uri", credentials.redirect_uri.as_str())
                .append_pair("scope", scope)
                .append_pair("state", &state)
                .append_pair("code_challenge", &s256_challenge(&verifier))
                .append_pair("code_challenge_method", "S256");
            if let Provider::Cloud { .. } = provider {
                query
                    .append_pair("audience", "api.atlassian.com")
                    .append_pair("prompt", "consent");
            }
        }
        Ok(Self {
            url,
            state,
            verifier: Secret::new(verifier),
        })
    }

    /// The page the user approves jshell on.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The `state` the redirect back must carry; any other answer is not for this login.
    pub fn state(&self) -> &str {
        &self.state
    }

    /// Exchanges the authorization `code` for tokens, at once: Data Center's codes live 10
    /// seconds.
    pub async fn exchange(
        self,
        client: &Client,
        provider: &Provider,
        credentials: &ClientCredentials,
        code: &str,
    ) -> Result<Tokens, Error> {
        let grant = [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", credentials.redirect_uri.as_str()),
            ("code_verifier", self.verifier.expose()),
        ];
        token_request(client, provider, credentials, &grant, Exchange::Code).await
    }
}

/// `bytes` random bytes from the OS, base64url without padding: 32 give RFC 7636's
/// recommended 43-character verifier.
fn random_text(bytes: usize) -> Result<String, Error> {
    let mut random = vec![0u8; bytes];
    getrandom::fill(&mut random).map_err(|error| {
        Error::from(Repr::Config(format!(
            "the operating system gave no random bytes: {error}"
        )))
    })?;
    Ok(URL_SAFE_NO_PAD.encode(random))
}

/// RFC 7636's S256 code challenge: base64url(SHA-256(verifier)) without padding.
fn s256_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// A Cloud site an access token may reach (`accessible-resources`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct CloudSite {
    /// The cloud id: REST calls go to `{api}/ex/jira/{id}/rest/…`.
    pub id: String,
    /// The site's own URL, e.g. `https://example.atlassian.net`.
    pub url: String,
    /// The site's name.
    #[serde(default)]
    pub name: String,
    /// The scopes granted on this site.
    #[serde(default)]
    pub scopes: Vec<String>,
}

/// The Cloud sites `access_token` may reach.
pub async fn cloud_sites(
    client: &Client,
    provider: &Provider,
    access_token: &Secret,
) -> Result<Vec<CloudSite>, Error> {
    let Provider::Cloud { api, .. } = provider else {
        return Ok(Vec::new());
    };
    let url = super::join(api, "oauth/token/accessible-resources")?;
    let answer = crate::cloud::get_json(client, &url, Some(access_token)).await?;
    serde_json::from_value(answer).map_err(|error| {
        Error::from(Repr::Decode {
            method: "GET".to_owned(),
            url: url.to_string(),
            detail: format!("not a list of accessible resources: {error}"),
            body_start: String::new(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credentials() -> ClientCredentials {
        ClientCredentials {
            id: "jshell-client".to_owned(),
            secret: Secret::new("s3cret"),
            redirect_uri: Url::parse("http://127.0.0.1:8765/callback").expect("a URL"),
        }
    }

    fn param(url: &Url, name: &str) -> Option<String> {
        url.query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    }

    #[test]
    fn the_s256_challenge_matches_rfc_7636_appendix_b() {
        assert_eq!(
            s256_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn the_data_center_url_carries_pkce_state_and_the_redirect() {
        let provider = Provider::data_center("https://jira.example.com/jira").expect("a URL");
        let login = Authorization::start(&provider, &credentials(), "WRITE").expect("starts");
        let url = login.url();
        assert!(
            url.as_str()
                .starts_with("https://jira.example.com/jira/rest/oauth2/latest/authorize?"),
            "{url}"
        );
        assert_eq!(param(url, "response_type").as_deref(), Some("code"));
        assert_eq!(param(url, "client_id").as_deref(), Some("jshell-client"));
        assert_eq!(
            param(url, "redirect_uri").as_deref(),
            Some("http://127.0.0.1:8765/callback")
        );
        assert_eq!(param(url, "scope").as_deref(), Some("WRITE"));
        assert_eq!(param(url, "code_challenge_method").as_deref(), Some("S256"));
        assert_eq!(param(url, "state").as_deref(), Some(login.state()));
        assert!(param(url, "code_challenge").is_some_and(|value| value.len() == 43));
        assert_eq!(param(url, "client_secret"), None, "the secret stays out");
        assert_eq!(param(url, "audience"), None);
    }

    #[test]
    fn each_login_has_its_own_state() {
        let provider = Provider::data_center("https://jira.example.com").expect("a URL");
        let first = Authorization::start(&provider, &credentials(), "READ").expect("starts");
        let second = Authorization::start(&provider, &credentials(), "READ").expect("starts");
        assert_ne!(first.state(), second.state());
        assert!(first.state().len() >= 16);
    }

    #[test]
    fn cloud_asks_for_the_api_audience_and_consent() {
        let provider = Provider::cloud(super::super::CLOUD_AUTH_URL, super::super::CLOUD_API_URL)
            .expect("URLs");
        let login = Authorization::start(&provider, &credentials(), provider.default_scope())
            .expect("starts");
        let url = login.url();
        assert!(
            url.as_str()
                .starts_with("https://auth.atlassian.com/authorize?")
        );
        assert_eq!(param(url, "audience").as_deref(), Some("api.atlassian.com"));
        assert_eq!(param(url, "prompt").as_deref(), Some("consent"));
        assert_eq!(
            param(url, "scope").as_deref(),
            Some("read:jira-work write:jira-work read:jira-user offline_access")
        );
    }
}
