//! Where a provider serves the dance's three endpoints, and where Jira serves them. Plain URLs:
//! this module needs no HTTP client, so a server (fakejira) can share the paths without the dance.

use url::Url;

use crate::Error;

/// Jira Server and Data Center's OAuth 1.0a servlet (the application links plugin), below the
/// base URL including its context path (`https://host/jira` + `/plugins/servlet/oauth/…`).
pub mod jira {
    /// The servlet, as a path below the base URL.
    pub const SERVLET_PATH: &str = "/plugins/servlet/oauth/";
    /// Below [`SERVLET_PATH`]: where request tokens are obtained.
    pub const REQUEST_TOKEN: &str = "request-token";
    /// Below [`SERVLET_PATH`]: the page where the user approves a request token.
    pub const AUTHORIZE: &str = "authorize";
    /// Below [`SERVLET_PATH`]: where access tokens are obtained and renewed.
    pub const ACCESS_TOKEN: &str = "access-token";
}

/// The provider's three OAuth endpoints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoints {
    /// Where request tokens are obtained (POST).
    pub request_token: Url,
    /// Where the user's browser goes to approve a request token.
    pub authorize: Url,
    /// Where an approved request token is exchanged for an access token (POST).
    pub access_token: Url,
}

impl Endpoints {
    /// Parses the three endpoint URLs; each must be `http` or `https`.
    pub fn new(request_token: &str, authorize: &str, access_token: &str) -> Result<Self, Error> {
        Ok(Self {
            request_token: parse_http_url(request_token)?,
            authorize: parse_http_url(authorize)?,
            access_token: parse_http_url(access_token)?,
        })
    }

    /// Jira's endpoints below its base URL (`https://jira.example.com` or, with a context path,
    /// `https://host/jira`; a trailing slash makes no difference).
    pub fn jira(base_url: &Url) -> Result<Self, Error> {
        let mut base = base_url.clone();
        base.set_query(None);
        base.set_fragment(None);
        let base = base.as_str().trim_end_matches('/');
        let endpoint = |name: &str| format!("{base}{}{name}", jira::SERVLET_PATH);
        Self::new(
            &endpoint(jira::REQUEST_TOKEN),
            &endpoint(jira::AUTHORIZE),
            &endpoint(jira::ACCESS_TOKEN),
        )
    }
}

/// Parses an `http` or `https` URL, with an error that says what is wrong.
pub fn parse_http_url(url: &str) -> Result<Url, Error> {
    let invalid = |reason: &str| Error::InvalidUrl {
        url: url.to_owned(),
        reason: reason.to_owned(),
    };
    let parsed = Url::parse(url).map_err(|error| match error {
        url::ParseError::RelativeUrlWithoutBase => {
            invalid("it has no scheme; write it as https://host or http://host")
        }
        other => invalid(&other.to_string()),
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(invalid("only http and https URLs can be used"));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(invalid("it has no host"));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_without_a_scheme_get_a_hint() {
        let error = parse_http_url("jira.example.com").expect_err("no scheme");
        assert!(error.to_string().contains("https://host"), "{error}");
        let error = parse_http_url("ftp://jira.example.com").expect_err("not http");
        assert!(error.to_string().contains("only http and https"), "{error}");
    }

    /// The paths as Atlassian documents them for an application link's incoming OAuth.
    #[test]
    fn jira_endpoints_are_the_application_link_servlet_below_the_context_path() {
        for base in [
            "https://jira.example.com/jira",
            "https://jira.example.com/jira/",
        ] {
            let endpoints = Endpoints::jira(&Url::parse(base).expect("a URL")).expect("valid");
            assert_eq!(
                endpoints.request_token.as_str(),
                "https://jira.example.com/jira/plugins/servlet/oauth/request-token"
            );
            assert_eq!(
                endpoints.authorize.as_str(),
                "https://jira.example.com/jira/plugins/servlet/oauth/authorize"
            );
            assert_eq!(
                endpoints.access_token.as_str(),
                "https://jira.example.com/jira/plugins/servlet/oauth/access-token"
            );
        }
        let root =
            Endpoints::jira(&Url::parse("http://localhost:8080").expect("a URL")).expect("valid");
        assert_eq!(
            root.request_token.as_str(),
            "http://localhost:8080/plugins/servlet/oauth/request-token"
        );
    }
}
