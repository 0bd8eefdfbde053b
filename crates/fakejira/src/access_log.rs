//! The access log tests read: one entry per request the simulator answered (admin calls aside).

use serde::{Deserialize, Serialize};

/// Who the server decided a request came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AuthKind {
    /// No credentials, an incomplete OAuth header (Jira treats it as anonymous), or a request
    /// answered before authentication (a fault, a redirect, an unknown path).
    Anonymous,
    /// A verified OAuth signature. `user` is the access token's user; it is `None` on the
    /// request-token and access-token endpoints.
    OAuth {
        /// The consumer key.
        consumer: String,
        /// The user the access token acts for.
        user: Option<String>,
    },
    /// A personal access token (`Authorization: Bearer …` naming one).
    Pat {
        /// The token's user.
        user: String,
    },
    /// An OAuth 2.0 client: on the authorize and token endpoints (`user` is the user who
    /// approved, when known) and on REST calls with its access token (`user` is the token's).
    OAuth2 {
        /// The client id.
        client: String,
        /// The user the code or token acts for.
        user: Option<String>,
    },
    /// Basic authentication with a correct password.
    Basic {
        /// The user.
        user: String,
    },
    /// Credentials the server refused.
    Invalid,
}

/// One answered request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessLogEntry {
    /// The HTTP method.
    pub method: String,
    /// The path as received, context path included.
    pub path: String,
    /// The query string as received, without the `?`.
    pub query: Option<String>,
    /// Who the server decided the caller was.
    pub auth: AuthKind,
    /// The status answered.
    pub status: u16,
    /// What the server made of the request, e.g. `ok`, `oauth_problem=signature_invalid`,
    /// `unauthenticated`, `fault: status 503`.
    pub verdict: String,
}
