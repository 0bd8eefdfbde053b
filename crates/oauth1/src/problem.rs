//! OAuth problem reports: what a service provider says when it refuses a request.
//!
//! Providers that follow the OAuth Problem Reporting extension (Jira among them) answer with an
//! HTTP status, a form-encoded body holding `oauth_problem=…` (and sometimes
//! `oauth_problem_advice` and `oauth_signature_base_string`), and a
//! `WWW-Authenticate: OAuth realm="…", oauth_problem="…"` header.

use std::fmt;

use crate::encode::form_decode;
use crate::header::parse_authorization;

/// A refusal reported by the service provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuthProblem {
    /// The `oauth_problem` value, e.g. `signature_invalid`.
    pub problem: String,
    /// The HTTP status the provider answered with.
    pub status: u16,
    /// The provider's `oauth_problem_advice`, when it sent one.
    pub advice: Option<String>,
    /// The signature base string the provider computed (`oauth_signature_base_string`), sent
    /// with `signature_invalid`. Comparing it with the client's own is the best way to find why a
    /// signature does not verify.
    pub server_base_string: Option<String>,
    /// Other `oauth_*` parameters of the report, such as `oauth_acceptable_timestamps` or
    /// `oauth_parameters_absent`.
    pub details: Vec<(String, String)>,
}

impl OAuthProblem {
    /// Reads a problem report from a response's status, `WWW-Authenticate` header and body.
    /// The body is parsed as form-encoded whatever its content type (Jira sends `text/plain`); the
    /// header is the fallback. Returns `None` when neither names an `oauth_problem`.
    pub fn from_response(status: u16, www_authenticate: Option<&str>, body: &[u8]) -> Option<Self> {
        let body_params = form_decode(body);
        let header_params = www_authenticate
            .and_then(parse_authorization)
            .unwrap_or_default();
        let params = if body_params.iter().any(|(name, _)| name == "oauth_problem") {
            body_params
        } else if header_params
            .iter()
            .any(|(name, _)| name == "oauth_problem")
        {
            header_params
        } else {
            return None;
        };
        let mut problem = OAuthProblem {
            problem: String::new(),
            status,
            advice: None,
            server_base_string: None,
            details: Vec::new(),
        };
        for (name, value) in params {
            match name.as_str() {
                "oauth_problem" => problem.problem = value,
                "oauth_problem_advice" => problem.advice = Some(value),
                "oauth_signature_base_string" => problem.server_base_string = Some(value),
                "oauth_signature" | "oauth_token_secret" => {}
                _ if name.starts_with("oauth_") => problem.details.push((name, value)),
                _ => {}
            }
        }
        Some(problem)
    }

    /// What the problem usually means and what to do about it.
    pub fn hint(&self) -> &'static str {
        problem_hint(&self.problem)
    }
}

/// What an `oauth_problem` value usually means and what to do about it.
pub fn problem_hint(problem: &str) -> &'static str {
    match problem {
        "signature_invalid" => {
            "the signature did not verify: the private key does not match the public key registered \
             for this consumer (in Jira: the application link's Incoming Authentication), or the \
             server URL you used differs from the server's configured base URL (a proxy rewriting \
             http and https, a different host name or port, a context path)"
        }
        "signature_method_rejected" => {
            "the server does not accept this signature method; Jira Server and Data Center accept \
             only RSA-SHA1 with the consumer's registered RSA public key"
        }
        "timestamp_refused" => {
            "the server refused the request's timestamp: this machine's clock differs from the \
             server's by more than a few minutes; synchronize it (e.g. with NTP) and retry"
        }
        "nonce_used" => "the server has seen this nonce before; retry the request",
        "consumer_key_unknown" => {
            "no consumer is registered under this consumer key; check the key, or create the \
             application link (in Jira: Incoming Authentication's Consumer Key)"
        }
        "consumer_key_rejected" | "consumer_key_refused" => {
            "the server refuses this consumer; an administrator has to re-enable the application link"
        }
        "token_rejected" | "token_expired" | "token_revoked" | "token_used" => {
            "the token is not valid (unknown, already used, expired or revoked); authorize again \
             to obtain a new access token"
        }
        "token_not_authorized" | "permission_unknown" => {
            "the request token has not been authorized yet; open the authorize URL, approve the \
             request, then exchange the token"
        }
        "permission_denied" | "user_refused" => {
            "the user denied access; authorize again and choose Allow"
        }
        "additional_authorization_required" => {
            "the token does not grant access to this resource; authorize again"
        }
        "parameter_absent" => {
            "a required OAuth parameter is missing; see oauth_parameters_absent in the details"
        }
        "parameter_rejected" => "the server rejected one of the OAuth parameters",
        "version_rejected" => "the server does not accept this OAuth version (only 1.0 is used)",
        _ => "the server refused the OAuth request",
    }
}

impl fmt::Display for OAuthProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the server answered HTTP {} with oauth_problem={}: {}",
            self.status,
            self.problem,
            self.hint()
        )?;
        if let Some(advice) = &self.advice {
            write!(f, " (server's advice: {advice})")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_reports_win_over_the_header() {
        let problem = OAuthProblem::from_response(
            401,
            Some(r#"OAuth realm="x", oauth_problem="token_rejected""#),
            b"oauth_problem=signature_invalid&oauth_signature_base_string=POST%26x&oauth_signature=abc",
        )
        .expect("a problem");
        assert_eq!(problem.problem, "signature_invalid");
        assert_eq!(problem.server_base_string.as_deref(), Some("POST&x"));
        assert!(problem.details.is_empty(), "the signature is not a detail");
    }

    #[test]
    fn the_header_is_the_fallback() {
        let problem = OAuthProblem::from_response(
            401,
            Some(r#"OAuth realm="x", oauth_problem="token_rejected""#),
            b"<html>Unauthorized</html>",
        )
        .expect("a problem");
        assert_eq!(problem.problem, "token_rejected");
        assert!(problem.to_string().contains("authorize again"));
    }

    #[test]
    fn responses_without_a_problem_are_not_problems() {
        assert_eq!(OAuthProblem::from_response(500, None, b"oops"), None);
    }
}
