//! The crate's one error type, and the kinds a caller can match on.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::problem::OAuthProblem;

/// What went wrong, without the details: match on this to decide what to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The key file is missing or unreadable.
    KeyUnreadable,
    /// A public key (or certificate) was given where the private key is needed.
    PublicKeyGiven,
    /// The private key is encrypted with a passphrase.
    EncryptedKey,
    /// The key is not an RSA key (EC, Ed25519, DSA, …).
    NotRsaKey,
    /// The data is not a key at all, or the key is corrupt.
    NotAKey,
    /// The RSA key is shorter than 1024 bits.
    KeyTooSmall,
    /// A key of a size other than 2048, 3072 or 4096 bits was asked for.
    UnsupportedKeySize,
    /// The file a new key would be written to exists already.
    KeyFileExists,
    /// A key file could not be written.
    KeyWrite,
    /// Key generation or signing failed inside the RSA implementation.
    Crypto,
    /// A URL could not be used (unparsable, or not http/https).
    InvalidUrl,
    /// The request did not reach the server or its answer could not be read (the dance's
    /// requests, feature `dance`).
    Transport,
    /// The server refused the request with an `oauth_problem`.
    Problem,
    /// The server answered with a status that carries no `oauth_problem`.
    UnexpectedStatus,
    /// The server answered success but without the tokens it should have sent.
    IncompleteResponse,
}

/// An error of the `oauth1` crate. Its message says what was wrong and what to do; it never
/// contains a secret (no private key material, no token secret).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// See [`ErrorKind::KeyUnreadable`].
    #[error("cannot read the private key file {}: {source}; check the path", path.display())]
    KeyUnreadable {
        /// The file.
        path: PathBuf,
        /// Why it could not be read.
        source: std::io::Error,
    },
    /// See [`ErrorKind::PublicKeyGiven`].
    #[error(
        "{} holds a public key; pass the private key, e.g. rsa.pem — the public key goes into \
         Jira's application link",
        origin(path.as_deref())
    )]
    PublicKeyGiven {
        /// The file, when the key came from one.
        path: Option<PathBuf>,
    },
    /// See [`ErrorKind::EncryptedKey`].
    #[error(
        "{} holds an encrypted private key; jshell needs it unencrypted: run \
         `openssl pkey -in encrypted.pem -out rsa.pem` (it asks for the passphrase), keep \
         rsa.pem private (chmod 600) and pass it instead",
        origin(path.as_deref())
    )]
    EncryptedKey {
        /// The file, when the key came from one.
        path: Option<PathBuf>,
    },
    /// See [`ErrorKind::NotRsaKey`].
    #[error(
        "{} holds {} {algorithm} key, but OAuth 1.0a RSA-SHA1 needs an RSA key; make one with \
         `openssl genrsa -out rsa.pem 2048` (or `jshell keygen`)",
        origin(path.as_deref()),
        article(algorithm)
    )]
    NotRsaKey {
        /// The file, when the key came from one.
        path: Option<PathBuf>,
        /// The key's algorithm, as far as it could be told.
        algorithm: String,
    },
    /// See [`ErrorKind::NotAKey`].
    #[error(
        "{} is not a readable RSA private key ({reason}); expected PEM beginning with \
         `-----BEGIN PRIVATE KEY-----` or `-----BEGIN RSA PRIVATE KEY-----`, or DER",
        origin(path.as_deref())
    )]
    NotAKey {
        /// The file, when the key came from one.
        path: Option<PathBuf>,
        /// What the parser found wrong.
        reason: String,
    },
    /// See [`ErrorKind::KeyTooSmall`].
    #[error(
        "{} holds a {bits}-bit RSA key; keys under 1024 bits are refused as insecure: make a \
         new one with `jshell keygen` (2048 bits) and register its public key",
        origin(path.as_deref())
    )]
    KeyTooSmall {
        /// The file, when the key came from one.
        path: Option<PathBuf>,
        /// The key's modulus length.
        bits: usize,
    },
    /// See [`ErrorKind::UnsupportedKeySize`].
    #[error("cannot generate a {bits}-bit key: choose 2048, 3072 or 4096 bits")]
    UnsupportedKeySize {
        /// The size asked for.
        bits: usize,
    },
    /// See [`ErrorKind::KeyFileExists`].
    #[error(
        "{} exists already and was left untouched; choose another path, or allow overwriting it",
        path.display()
    )]
    KeyFileExists {
        /// The file.
        path: PathBuf,
    },
    /// See [`ErrorKind::KeyWrite`].
    #[error("cannot write {}: {source}", path.display())]
    KeyWrite {
        /// The file.
        path: PathBuf,
        /// Why it could not be written.
        source: std::io::Error,
    },
    /// See [`ErrorKind::Crypto`].
    #[error("the RSA operation failed: {reason}")]
    Crypto {
        /// The RSA implementation's message.
        reason: String,
    },
    /// See [`ErrorKind::InvalidUrl`].
    #[error("invalid URL `{url}`: {reason}")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// See [`ErrorKind::Transport`].
    #[cfg(feature = "dance")]
    #[error("request to {url} failed: {}", transport_reason(source))]
    Transport {
        /// The URL requested.
        url: String,
        /// The HTTP client's error.
        source: reqwest::Error,
    },
    /// See [`ErrorKind::Problem`].
    #[error("{url}: {problem}")]
    Problem {
        /// The URL requested.
        url: String,
        /// The provider's report.
        problem: Box<OAuthProblem>,
    },
    /// See [`ErrorKind::UnexpectedStatus`].
    #[error("{url} answered HTTP {status} without an oauth_problem; body starts: {body_start:?}")]
    UnexpectedStatus {
        /// The URL requested.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The first characters of the body.
        body_start: String,
    },
    /// See [`ErrorKind::IncompleteResponse`].
    #[error("{url} answered success but sent no {missing}; it sent: {received}")]
    IncompleteResponse {
        /// The URL requested.
        url: String,
        /// The parameter that is missing.
        missing: &'static str,
        /// What the server did send, secrets redacted.
        received: String,
    },
}

impl Error {
    /// The kind of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::KeyUnreadable { .. } => ErrorKind::KeyUnreadable,
            Error::PublicKeyGiven { .. } => ErrorKind::PublicKeyGiven,
            Error::EncryptedKey { .. } => ErrorKind::EncryptedKey,
            Error::NotRsaKey { .. } => ErrorKind::NotRsaKey,
            Error::NotAKey { .. } => ErrorKind::NotAKey,
            Error::KeyTooSmall { .. } => ErrorKind::KeyTooSmall,
            Error::UnsupportedKeySize { .. } => ErrorKind::UnsupportedKeySize,
            Error::KeyFileExists { .. } => ErrorKind::KeyFileExists,
            Error::KeyWrite { .. } => ErrorKind::KeyWrite,
            Error::Crypto { .. } => ErrorKind::Crypto,
            Error::InvalidUrl { .. } => ErrorKind::InvalidUrl,
            #[cfg(feature = "dance")]
            Error::Transport { .. } => ErrorKind::Transport,
            Error::Problem { .. } => ErrorKind::Problem,
            Error::UnexpectedStatus { .. } => ErrorKind::UnexpectedStatus,
            Error::IncompleteResponse { .. } => ErrorKind::IncompleteResponse,
        }
    }

    /// The provider's problem report, for [`ErrorKind::Problem`].
    pub fn problem(&self) -> Option<&OAuthProblem> {
        match self {
            Error::Problem { problem, .. } => Some(problem),
            _ => None,
        }
    }

    /// Attaches the key file's path to a key error raised while parsing its contents.
    pub(crate) fn in_file(self, file: &Path) -> Self {
        let file = Some(file.to_path_buf());
        match self {
            Error::PublicKeyGiven { .. } => Error::PublicKeyGiven { path: file },
            Error::EncryptedKey { .. } => Error::EncryptedKey { path: file },
            Error::NotRsaKey { algorithm, .. } => Error::NotRsaKey {
                path: file,
                algorithm,
            },
            Error::NotAKey { reason, .. } => Error::NotAKey { path: file, reason },
            Error::KeyTooSmall { bits, .. } => Error::KeyTooSmall { path: file, bits },
            other => other,
        }
    }
}

/// "an EC key", "an Ed25519 key", "a DSA key".
fn article(word: &str) -> &'static str {
    match word.chars().next() {
        Some('A' | 'E' | 'I' | 'O' | 'U' | 'a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

fn origin(path: Option<&Path>) -> Origin<'_> {
    Origin(path)
}

struct Origin<'a>(Option<&'a Path>);

impl fmt::Display for Origin<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(path) => write!(f, "{}", path.display()),
            None => f.write_str("the key data"),
        }
    }
}

/// reqwest's own message is terse ("error sending request"); name the cause that matters.
#[cfg(feature = "dance")]
fn transport_reason(error: &reqwest::Error) -> String {
    let mut reason = if error.is_timeout() {
        "timed out".to_owned()
    } else if error.is_connect() {
        "could not connect".to_owned()
    } else {
        error.to_string()
    };
    let causes = crate::quote::cause_chain(error);
    if !causes.is_empty() {
        reason.push_str(": ");
        reason.push_str(&causes);
    }
    reason
}
