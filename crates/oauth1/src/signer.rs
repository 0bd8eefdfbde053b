//! Signing requests: a consumer's credentials, the signature methods, and the
//! `Authorization: OAuth …` header a signed request carries.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{KeyInit as _, Mac as _};
use url::Url;

use crate::Error;
use crate::base_string::signature_base_string;
use crate::encode::percent_encode;
use crate::header::format_authorization;
use crate::key::PrivateKey;
use crate::secret::Secret;

/// A source of the current time, so tests can fix `oauth_timestamp`.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// Seconds since the Unix epoch.
    fn unix_time(&self) -> u64;
}

/// The system clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn unix_time(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| elapsed.as_secs())
            .unwrap_or_default()
    }
}

/// A clock that always tells the same time.
#[derive(Clone, Copy, Debug)]
pub struct FixedClock(pub u64);

impl Clock for FixedClock {
    fn unix_time(&self) -> u64 {
        self.0
    }
}

/// The `oauth_signature_method`s of RFC 5849 section 3.4.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignatureMethod {
    /// RSASSA-PKCS1-v1_5 over SHA-1 with the consumer's private key: what Jira Server and Data
    /// Center require.
    RsaSha1,
    /// HMAC-SHA1 keyed with the consumer secret and the token secret.
    HmacSha1,
    /// The consumer secret and the token secret in clear; only safe over TLS.
    Plaintext,
}

impl SignatureMethod {
    /// The name that goes in `oauth_signature_method`.
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureMethod::RsaSha1 => "RSA-SHA1",
            SignatureMethod::HmacSha1 => "HMAC-SHA1",
            SignatureMethod::Plaintext => "PLAINTEXT",
        }
    }
}

#[derive(Clone, Debug)]
enum SigningSecret {
    Rsa(Arc<PrivateKey>),
    Shared(Secret),
}

/// A token and its secret: a request token during the dance, an access token after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The token (`oauth_token`): not secret on its own.
    pub token: String,
    /// The token secret, unused by RSA-SHA1 but kept with the token.
    pub secret: Secret,
}

impl Token {
    /// A token and its secret.
    pub fn new(token: impl Into<String>, secret: impl Into<Secret>) -> Self {
        Self {
            token: token.into(),
            secret: secret.into(),
        }
    }
}

/// The parts of an HTTP request that its signature covers.
#[derive(Clone, Copy, Debug)]
pub struct RequestParts<'a> {
    /// The HTTP method, e.g. `GET`.
    pub method: &'a str,
    /// The full URL, query string included.
    pub url: &'a Url,
    /// The body, only when its content type is `application/x-www-form-urlencoded`.
    pub form_body: Option<&'a [u8]>,
}

impl<'a> RequestParts<'a> {
    /// A request without a form body.
    pub fn new(method: &'a str, url: &'a Url) -> Self {
        Self {
            method,
            url,
            form_body: None,
        }
    }

    /// Adds an `application/x-www-form-urlencoded` body, whose parameters are signed too.
    pub fn with_form_body(mut self, body: &'a [u8]) -> Self {
        self.form_body = Some(body);
        self
    }
}

/// An OAuth consumer: its key and what it signs with. Cheap to clone; share one per client.
///
/// ```
/// # fn main() -> Result<(), oauth1::Error> {
/// use oauth1::{Consumer, FixedClock, PrivateKey, RequestParts, Token};
///
/// # let pem = include_str!("../tests/fixtures/wiki_pkcs8.pem");
/// let key = PrivateKey::from_pem(pem)?; // or PrivateKey::from_file("rsa.pem")?
/// let consumer = Consumer::rsa_sha1("jshell", key).with_clock(FixedClock(1_700_000_000));
/// let token = Token::new("access-token", "its-secret");
/// let url = url::Url::parse("https://jira.example.com/rest/api/2/myself").expect("a URL");
///
/// let header = consumer.authorization(RequestParts::new("GET", &url), Some(&token), &[])?;
/// assert!(header.starts_with("OAuth oauth_consumer_key=\"jshell\", oauth_nonce=\""));
/// assert!(header.contains("oauth_signature_method=\"RSA-SHA1\""));
/// assert!(header.contains("oauth_timestamp=\"1700000000\""));
/// assert!(header.contains("oauth_token=\"access-token\""));
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct Consumer {
    key: String,
    method: SignatureMethod,
    secret: SigningSecret,
    realm: Option<String>,
    clock: Arc<dyn Clock>,
}

impl Consumer {
    /// A consumer that signs with RSA-SHA1 and `private_key`, as Jira's application links need.
    pub fn rsa_sha1(consumer_key: impl Into<String>, private_key: PrivateKey) -> Self {
        Self::new(
            consumer_key,
            SignatureMethod::RsaSha1,
            SigningSecret::Rsa(Arc::new(private_key)),
        )
    }

    /// A consumer that signs with HMAC-SHA1 keyed by its consumer secret.
    pub fn hmac_sha1(consumer_key: impl Into<String>, consumer_secret: impl Into<Secret>) -> Self {
        Self::new(
            consumer_key,
            SignatureMethod::HmacSha1,
            SigningSecret::Shared(consumer_secret.into()),
        )
    }

    /// A consumer that sends its consumer secret in clear (PLAINTEXT).
    pub fn plaintext(consumer_key: impl Into<String>, consumer_secret: impl Into<Secret>) -> Self {
        Self::new(
            consumer_key,
            SignatureMethod::Plaintext,
            SigningSecret::Shared(consumer_secret.into()),
        )
    }

    fn new(key: impl Into<String>, method: SignatureMethod, secret: SigningSecret) -> Self {
        Self {
            key: key.into(),
            method,
            secret,
            realm: None,
            clock: Arc::new(SystemClock),
        }
    }

    /// Puts `realm="…"` first in every header (it is never signed).
    pub fn with_realm(mut self, realm: impl Into<String>) -> Self {
        self.realm = Some(realm.into());
        self
    }

    /// Takes `oauth_timestamp` from `clock` instead of the system clock.
    pub fn with_clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// The consumer key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The signature method.
    pub fn signature_method(&self) -> SignatureMethod {
        self.method
    }

    /// Signs a signature base string. `token_secret` is used by HMAC-SHA1 and PLAINTEXT only.
    pub fn sign(&self, base_string: &str, token_secret: Option<&str>) -> Result<String, Error> {
        match &self.secret {
            SigningSecret::Rsa(key) => key.sign_rsa_sha1(base_string.as_bytes()),
            SigningSecret::Shared(consumer_secret) => {
                let key = format!(
                    "{}&{}",
                    percent_encode(consumer_secret.expose()),
                    percent_encode(token_secret.unwrap_or_default())
                );
                if self.method == SignatureMethod::Plaintext {
                    return Ok(key);
                }
                let mut mac =
                    hmac::Hmac::<sha1::Sha1>::new_from_slice(key.as_bytes()).map_err(|error| {
                        Error::Crypto {
                            reason: error.to_string(),
                        }
                    })?;
                mac.update(base_string.as_bytes());
                Ok(BASE64.encode(mac.finalize().into_bytes()))
            }
        }
    }

    /// The `Authorization` header value for a request, freshly signed with a new nonce and the
    /// clock's time. `extra` holds further protocol parameters to sign and send, such as
    /// `oauth_callback`, `oauth_verifier` or `oauth_session_handle`.
    pub fn authorization(
        &self,
        request: RequestParts<'_>,
        token: Option<&Token>,
        extra: &[(&str, &str)],
    ) -> Result<String, Error> {
        let nonce = new_nonce()?;
        let timestamp = self.clock.unix_time().to_string();
        self.authorization_with(request, token, extra, &nonce, &timestamp)
    }

    /// Like [`Consumer::authorization`] with a given nonce and timestamp: deterministic, for
    /// tests and for reproducing a server's base string.
    pub fn authorization_with(
        &self,
        request: RequestParts<'_>,
        token: Option<&Token>,
        extra: &[(&str, &str)],
        nonce: &str,
        timestamp: &str,
    ) -> Result<String, Error> {
        let mut params: Vec<(&str, &str)> = vec![
            ("oauth_consumer_key", self.key.as_str()),
            ("oauth_nonce", nonce),
            ("oauth_signature_method", self.method.as_str()),
            ("oauth_timestamp", timestamp),
        ];
        if let Some(token) = token {
            params.push(("oauth_token", token.token.as_str()));
        }
        params.push(("oauth_version", "1.0"));
        params.extend_from_slice(extra);
        params.sort_unstable_by(|a, b| a.0.cmp(b.0));

        let base_string =
            signature_base_string(request.method, request.url, &params, request.form_body);
        let signature = self.sign(&base_string, token.map(|token| token.secret.expose()))?;
        params.push(("oauth_signature", signature.as_str()));
        Ok(format_authorization(self.realm.as_deref(), &params))
    }
}

/// 128 random bits from the operating system, as 32 hex digits.
fn new_nonce() -> Result<String, Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|error| Error::Crypto {
        reason: format!("the operating system's random number generator failed: {error}"),
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_128_bits_and_differ() {
        let a = new_nonce().expect("a nonce");
        let b = new_nonce().expect("a nonce");
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn plaintext_signatures_are_the_encoded_secrets() {
        let consumer = Consumer::plaintext("key", "c&s");
        assert_eq!(
            consumer.sign("ignored", Some("t s")).expect("signs"),
            "c%26s&t%20s"
        );
        assert_eq!(consumer.sign("ignored", None).expect("signs"), "c%26s&");
    }
}
