//! An OAuth 1.0a client (RFC 5849) for talking to Jira Server and Data Center application links,
//! and to any other OAuth 1.0a provider.
//!
//! What it is for:
//! - signing requests: [`Consumer`] builds the `Authorization: OAuth …` header of a request with
//!   RSA-SHA1 (what Jira requires), HMAC-SHA1 or PLAINTEXT, following RFC 5849 to the letter
//!   (percent-encoding, parameter collection and normalization, base string URI);
//! - keys: [`PrivateKey`] loads RSA keys in every form openssl writes and explains each way a
//!   key file can be wrong; it also derives the public key an application link takes and
//!   generates new key pairs;
//! - the three-legged dance (feature `dance`, on by default): `Dance` obtains a request token,
//!   builds the authorize URL, exchanges the token for an access token and renews it, turning a
//!   provider's refusal into an [`OAuthProblem`]. It is the only part that makes HTTP requests
//!   (with reqwest); without the feature the crate signs, verifies and parses, for servers and
//!   for clients that bring their own HTTP stack;
//! - endpoints: [`Endpoints`], and in [`jira`] the paths where Jira serves them.
//!
//! What it is not for: it knows nothing of Jira's REST API, of jshell's configuration or of Rhai;
//! those live in the `jira` and `jshell` crates.
//!
//! # Example: signing a request
//!
//! ```
//! # fn main() -> Result<(), oauth1::Error> {
//! use oauth1::{Consumer, PrivateKey, RequestParts, Token};
//!
//! # let pem = include_str!("../tests/fixtures/wiki_pkcs8.pem");
//! let key = PrivateKey::from_pem(pem)?; // or PrivateKey::from_file("rsa.pem")?
//! let consumer = Consumer::rsa_sha1("monitor-jira-license", key);
//! let token = Token::new("access-token", "access-token-secret");
//! let url = url::Url::parse("https://jira.example.com/rest/api/2/search?jql=project%3DABC")
//!     .expect("a valid URL");
//!
//! let header = consumer.authorization(RequestParts::new("GET", &url), Some(&token), &[])?;
//! // Send it as the request's `Authorization` header.
//! assert!(header.starts_with("OAuth "));
//! assert!(header.contains("oauth_signature=\""));
//! # Ok(())
//! # }
//! ```

mod base_string;
#[cfg(feature = "dance")]
mod dance;
mod encode;
mod endpoints;
mod error;
mod header;
mod key;
mod problem;
pub mod quote;
mod secret;
mod signer;

pub use base_string::{
    base_string_uri, collect_parameters, normalize_parameters, signature_base_string,
};
#[cfg(feature = "dance")]
pub use dance::{AccessToken, Callback, Dance, RequestToken};
pub use encode::{form_decode, percent_decode, percent_encode};
pub use endpoints::{Endpoints, jira, parse_http_url};
pub use error::{Error, ErrorKind};
pub use header::{format_authorization, parse_authorization};
pub use key::{DEFAULT_KEY_SIZE, KEY_SIZES, PrivateKey, PublicKey};
pub use problem::{OAuthProblem, problem_hint};
pub use secret::Secret;
pub use signer::{Clock, Consumer, FixedClock, RequestParts, SignatureMethod, SystemClock, Token};

/// The protocol parameters every signed request carries; a request missing any of them is
/// treated by Jira as anonymous.
pub const REQUIRED_PROTOCOL_PARAMETERS: [&str; 6] = [
    "oauth_consumer_key",
    "oauth_token",
    "oauth_signature_method",
    "oauth_signature",
    "oauth_timestamp",
    "oauth_nonce",
];
