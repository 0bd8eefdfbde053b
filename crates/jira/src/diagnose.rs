//! The usual real-world cause behind an error, chosen from what the client knows: how it
//! authenticates, the status, the body and its content type, the TLS failure. A new user meets
//! these first: a refused token, a single sign-on page, a URL without Jira's context path,
//! `https://` sent to a plain-HTTP port.

use oauth1::OAuthProblem;
use url::Url;

use crate::error::Repr;
use crate::{Auth, Error};

/// `error` with the hint its likely cause deserves, if there is one.
pub(crate) fn explain(error: Error, auth: &Auth) -> Error {
    match hint(&error, auth) {
        Some(hint) => Error::from(Repr::Diagnosed { error, hint }),
        None => error,
    }
}

fn hint(error: &Error, auth: &Auth) -> Option<String> {
    match error.repr() {
        Repr::Status {
            status: 401,
            messages,
            body_start,
            ..
        } if mentions_scope(messages, body_start) => scope_hint(auth, messages),
        Repr::Status {
            status: 401 | 403,
            messages,
            ..
        } if matches!(auth, Auth::Basic { .. }) && basic_auth_is_off(messages) => Some(
            "basic authentication is off on this server (Jira Data Center 11 turns it off by \
             default): use a personal access token instead — `jshell login --pat --server URL` \
             saves one, or a profile with `type: pat`"
                .to_owned(),
        ),
        Repr::Status { status: 401, .. } => Some(unauthenticated(auth).to_owned()),
        Repr::Status {
            status: 404,
            url,
            messages,
            ..
        } if context_path_may_be_missing(url, messages) => Some(context_path_hint(url)),
        Repr::Decode {
            detail, body_start, ..
        } if is_html(detail, body_start) => Some(html_hint(body_start).to_owned()),
        Repr::OAuth { problem, .. } if problem.problem == "timestamp_refused" => {
            clock_skew(problem)
        }
        _ => None,
    }
}

/// For `timestamp_refused`: the window of `oauth_timestamp` the server accepts, how far this
/// machine's clock is from the server's, and what to do.
pub fn clock_skew(problem: &OAuthProblem) -> Option<String> {
    let (_, window) = problem
        .details
        .iter()
        .find(|(name, _)| name == "oauth_acceptable_timestamps")?;
    let (from, to) = window.split_once('-')?;
    let (from, to): (i64, i64) = (from.trim().parse().ok()?, to.trim().parse().ok()?);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|elapsed| i64::try_from(elapsed.as_secs()).ok())?;
    let skew = (from + (to - from) / 2) - now;
    let direction = if skew >= 0 { "behind" } else { "ahead of" };
    Some(format!(
        "the server accepts oauth_timestamp from {from} to {to} (Unix time) and this machine's \
         clock says {now}: it is about {} seconds {direction} the server's; synchronize it \
         (e.g. `timedatectl set-ntp true`, or your system's time settings) and retry",
        skew.abs()
    ))
}

/// For a 401 that speaks of scopes: which scope is missing, when the answer named it, and how
/// to get credentials that have it.
fn scope_hint(auth: &Auth, messages: &[String]) -> Option<String> {
    let needed = messages
        .iter()
        .find_map(|message| message.strip_prefix(crate::client::NEEDS_SCOPE));
    let missing = needed.map_or_else(
        || "the credentials' scopes do not allow this request".to_owned(),
        |scope| format!("the credentials lack the scope `{scope}` this request needs"),
    );
    let scope = needed.unwrap_or("write:jira-work");
    match auth {
        Auth::OAuth2(_) => Some(format!(
            "{missing} (Cloud's gateway says \"scope does not match\"): log in again with \
             --scope including {scope}"
        )),
        Auth::Basic { .. } => Some(format!(
            "{missing}: the scoped API token was made without it; create one that includes \
             {scope} (id.atlassian.com → Security → API tokens) and save it with `jshell login \
             --api-token --scoped`"
        )),
        _ => None,
    }
}

/// Whether Jira said it refuses Basic authentication altogether ("Basic Authentication has been
/// disabled on this instance.", as Data Center answers once it is blocked).
pub(crate) fn basic_auth_is_off(messages: &[String]) -> bool {
    messages.iter().any(|message| {
        let message = message.to_ascii_lowercase();
        message.contains("basic authentication") && message.contains("disabled")
    })
}

fn mentions_scope(messages: &[String], body_start: &str) -> bool {
    body_start.contains("scope") || messages.iter().any(|message| message.contains("scope"))
}

/// Why a 401 happened, by what was sent.
fn unauthenticated(auth: &Auth) -> &'static str {
    match auth {
        Auth::Anonymous => {
            "no credentials were sent and Jira wants them: log in with `jshell login --server URL \
             --consumer-key KEY --key-cert rsa.pem`, or pass a personal access token with --pat"
        }
        Auth::Bearer(_) => {
            "the personal access token was refused: it has expired, was revoked, or was made on \
             another Jira server; create a new one in Jira (your profile → Personal Access \
             Tokens)"
        }
        Auth::Basic { .. } => {
            "the user name and password were refused (on Cloud: your e-mail address and an API \
             token, which expires at most a year after it was made; a scoped API token works \
             only through Atlassian's API gateway: save it with `jshell login --api-token \
             --scoped`); after several failed logins Jira may first want a CAPTCHA answered in \
             the browser"
        }
        Auth::OAuth2(_) => {
            "the OAuth 2.0 access token was refused even after it was renewed: the incoming \
             link may have been deleted or its scope changed; log in again with `jshell login \
             --oauth2`"
        }
        Auth::OAuth { .. } => {
            "the OAuth access token was refused without saying why: it may have been revoked or \
             expired; log in again with `jshell login`"
        }
    }
}

/// A 404 without Jira's error JSON (or with Jersey's `null for uri`) for a REST path right
/// below the host: the server URL likely lacks Jira's context path.
fn context_path_may_be_missing(url: &str, messages: &[String]) -> bool {
    let at_root = Url::parse(url).is_ok_and(|url| url.path().starts_with("/rest/"));
    let not_jira_resource = messages.is_empty()
        || messages
            .iter()
            .any(|message| message.contains("null for uri"));
    at_root && not_jira_resource
}

fn context_path_hint(url: &str) -> String {
    let example = Url::parse(url)
        .map(|mut url| {
            url.set_path("/jira");
            url.set_query(None);
            url.to_string()
        })
        .unwrap_or_else(|_| "https://jira.example.com/jira".to_owned());
    format!(
        "nothing answers at this address: if Jira runs under a context path, put it in the \
         server URL (e.g. {example}); Jira's Administration → System → Base URL shows it"
    )
}

fn is_html(detail: &str, body_start: &str) -> bool {
    detail.contains("text/html") || body_start.trim_start().starts_with('<')
}

/// An HTML page where JSON belongs: a login page of a single sign-on service or proxy, or a
/// server that is not Jira.
fn html_hint(body_start: &str) -> &'static str {
    let lower = body_start.to_ascii_lowercase();
    let login_words = [
        "login", "log in", "sign in", "signin", "password", "sso", "saml", "auth",
    ];
    if login_words.iter().any(|word| lower.contains(word)) {
        "this looks like a login page: a single sign-on service or a proxy answered instead of \
         Jira; check that the server URL is Jira's own address (not the portal's), and \
         authenticate with something the proxy lets through (a personal access token, --pat)"
    } else {
        "this is an HTML page, not Jira: check the server URL (it must be Jira's base URL, \
         context path included: `<URL>/rest/api/2/serverInfo` answers JSON), or whether a proxy \
         or single sign-on page answers in Jira's place"
    }
}

/// Whether a TLS failure came from a server answering in plain HTTP (rustls reads the first
/// bytes of `HTTP/1.1 400` as a corrupt record).
pub(crate) fn speaks_plain_http(detail: &str) -> bool {
    detail.contains("InvalidContentType") || detail.contains("corrupt message")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(status: u16, url: &str, messages: &[&str]) -> Error {
        Error::from(Repr::Status {
            method: "GET".to_owned(),
            url: url.to_owned(),
            status,
            messages: messages.iter().map(|m| (*m).to_owned()).collect(),
            body_start: String::new(),
        })
    }

    #[test]
    fn a_401_is_explained_by_what_was_sent() {
        let url = "https://j.example/rest/api/2/myself";
        let bearer = explain(status(401, url, &[]), &Auth::bearer("t")).to_string();
        assert!(
            bearer.contains("personal access token was refused"),
            "{bearer}"
        );
        assert!(!bearer.contains("--pat"), "{bearer}");
        let anonymous = explain(status(401, url, &[]), &Auth::Anonymous).to_string();
        assert!(anonymous.contains("jshell login"), "{anonymous}");
        assert!(anonymous.contains("--pat"), "{anonymous}");
    }

    #[test]
    fn a_404_at_the_root_suggests_the_context_path_but_a_missing_issue_does_not() {
        let root = explain(
            status(
                404,
                "https://j.example/rest/api/2/myself",
                &["null for uri: x"],
            ),
            &Auth::Anonymous,
        )
        .to_string();
        assert!(root.contains("https://j.example/jira"), "{root}");
        let issue = explain(
            status(
                404,
                "https://j.example/rest/api/2/issue/A-1",
                &["Issue Does Not Exist"],
            ),
            &Auth::Anonymous,
        );
        assert!(!issue.to_string().contains("context path"), "{issue}");
        let with_context = explain(
            status(404, "https://j.example/jira/rest/api/2/myself", &[]),
            &Auth::Anonymous,
        );
        assert!(!with_context.to_string().contains("context path"));
    }

    #[test]
    fn plain_http_is_recognized_in_rustls_errors() {
        assert!(speaks_plain_http(
            "received corrupt message of type InvalidContentType"
        ));
        assert!(!speaks_plain_http(
            "invalid peer certificate: UnknownIssuer"
        ));
    }
}
