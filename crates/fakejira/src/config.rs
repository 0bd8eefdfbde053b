//! What a simulator is started with: the [`Builder`] and the settings it resolves to.

use std::time::Duration;

use url::Url;

use crate::faults::Fault;
use crate::oauth2::{DEFAULT_CLOUD_ID, OAuth2Client};
use crate::running::{self, Running};
use crate::version::JiraVersion;

/// How long a request token may wait for approval and exchange, as in Jira.
pub const DEFAULT_REQUEST_TOKEN_TTL: Duration = Duration::from_secs(10 * 60);
/// The largest `maxResults` a search answers with, as Jira's `jira.search.views.default.max`.
pub const DEFAULT_SEARCH_CAP: usize = 1000;

/// Which kind of Jira the simulator pretends to be.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum DeploymentType {
    /// Jira Server / Data Center: `serverInfo.deploymentType` is `Server`, searches go through
    /// `/rest/api/2/search` with `startAt` and `total`.
    #[default]
    Server,
    /// Jira Cloud: `serverInfo.deploymentType` is `Cloud`, `/rest/api/2/search` is gone (410) and
    /// searches go through `/rest/api/2/search/jql` with `nextPageToken` and `isLast`.
    Cloud,
}

/// Configures and starts a simulator. Every setting is optional.
///
/// ```no_run
/// # async fn run() -> std::io::Result<()> {
/// let jira = fakejira::FakeJira::builder()
///     .user("alice", "secret")
///     .pat("my-pat", "alice")
///     .issues(25)
///     .projects(2)
///     .start()
///     .await?;
/// println!("Jira is at {}", jira.url());
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug, Default)]
pub struct Builder {
    pub(crate) consumers: Vec<(String, oauth1::PublicKey)>,
    pub(crate) users: Vec<(String, String)>,
    pub(crate) pats: Vec<(String, String)>,
    pub(crate) api_tokens: Vec<(String, crate::api_tokens::ApiToken)>,
    pub(crate) issues: usize,
    pub(crate) projects: Option<usize>,
    pub(crate) auto_approve: Option<String>,
    pub(crate) base_url: Option<Url>,
    pub(crate) context_path: String,
    pub(crate) port: u16,
    pub(crate) request_token_ttl: Option<Duration>,
    pub(crate) search_cap: Option<usize>,
    pub(crate) latency: Duration,
    pub(crate) clock_offset_secs: i64,
    pub(crate) deployment_type: DeploymentType,
    pub(crate) jira_version: JiraVersion,
    pub(crate) basic_auth: Option<bool>,
    pub(crate) faults: Vec<Fault>,
    pub(crate) agile: bool,
    pub(crate) service_desk: bool,
    pub(crate) oauth2_clients: Vec<OAuth2Client>,
    pub(crate) oauth2_access_token_lifetime: Option<Duration>,
    pub(crate) oauth2_code_lifetime: Option<Duration>,
    pub(crate) cloud_id: Option<String>,
    pub(crate) extra_cloud_sites: Vec<(String, String)>,
    pub(crate) gateway_expired_status: Option<u16>,
}

impl Builder {
    /// Registers an application link's incoming consumer: its key and RSA public key.
    pub fn consumer(mut self, key: impl Into<String>, public_key: oauth1::PublicKey) -> Self {
        self.consumers.push((key.into(), public_key));
        self
    }

    /// Adds a user who can log in with `password` (Basic authentication, the authorize page).
    /// Their display name is derived from the name (`alice` → `Alice Example`) and their email
    /// is `name@example.com`.
    pub fn user(mut self, name: impl Into<String>, password: impl Into<String>) -> Self {
        self.users.push((name.into(), password.into()));
        self
    }

    /// Adds a personal access token that authenticates as `user` (`Authorization: Bearer …`).
    pub fn pat(mut self, token: impl Into<String>, user: impl Into<String>) -> Self {
        self.pats.push((token.into(), user.into()));
        self
    }

    /// Adds an Atlassian Cloud API token of `user`, taken with Basic authentication (the user's
    /// email or name, and the token) at the site's own address.
    pub fn api_token(mut self, token: impl Into<String>, user: impl Into<String>) -> Self {
        let token_of = crate::api_tokens::ApiToken {
            user: user.into(),
            scopes: None,
        };
        self.api_tokens.push((token.into(), token_of));
        self
    }

    /// Adds a *scoped* Cloud API token of `user` with `scopes` (space-separated, e.g.
    /// `read:jira-work write:jira-work`): taken only through the API gateway
    /// (`/ex/jira/{cloudid}/…`), and capped by its scopes there.
    pub fn scoped_api_token(
        mut self,
        token: impl Into<String>,
        user: impl Into<String>,
        scopes: &str,
    ) -> Self {
        let token_of = crate::api_tokens::ApiToken {
            user: user.into(),
            scopes: Some(scopes.split_whitespace().map(str::to_owned).collect()),
        };
        self.api_tokens.push((token.into(), token_of));
        self
    }

    /// How many issues to generate (default 0).
    pub fn issues(mut self, count: usize) -> Self {
        self.issues = count;
        self
    }

    /// How many projects to generate (default 1 when there are issues, else 0).
    pub fn projects(mut self, count: usize) -> Self {
        self.projects = Some(count);
        self
    }

    /// Makes the authorize pages approve every request token and every OAuth 2.0 authorization
    /// at once as `user`, for headless tests and the demo.
    pub fn auto_approve(mut self, user: impl Into<String>) -> Self {
        self.auto_approve = Some(user.into());
        self
    }

    /// Jira's *configured* base URL: what signature base strings are rebuilt with, what
    /// `serverInfo.baseUrl` and `self` links show and the realm of OAuth challenges. Defaults to
    /// the address the simulator listens on, context path included. A different value reproduces
    /// the `signature_invalid` a client gets behind a proxy.
    pub fn base_url(mut self, url: Url) -> Self {
        self.base_url = Some(url);
        self
    }

    /// Serves everything under `path` (e.g. `/jira`), as a Jira with a context path does.
    pub fn context_path(mut self, path: impl Into<String>) -> Self {
        self.context_path = path.into();
        self
    }

    /// The port to listen on, always on 127.0.0.1 (default 0: a free port).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// How long request tokens live (default 10 minutes), by the server's clock (whole seconds;
    /// [`Running::set_clock_offset_secs`](crate::Running::set_clock_offset_secs) moves past it).
    pub fn request_token_ttl(mut self, ttl: Duration) -> Self {
        self.request_token_ttl = Some(ttl);
        self
    }

    /// The server's cap on a search's `maxResults` (default 1000).
    pub fn search_cap(mut self, max_results: usize) -> Self {
        self.search_cap = Some(max_results);
        self
    }

    /// A delay added to every request but the admin API's.
    pub fn latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }

    /// Sets the server's clock `seconds` ahead of the machine's (negative: behind) for OAuth's
    /// timestamp check, reproducing a client whose clock is off: `timestamp_refused` past
    /// Jira's five-minute window. OAuth 2.0 codes and tokens expire on this clock too
    /// ([`Running::set_clock_offset_secs`] moves it later).
    pub fn clock_offset_secs(mut self, seconds: i64) -> Self {
        self.clock_offset_secs = seconds;
        self
    }

    /// Server (default) or Cloud.
    pub fn deployment_type(mut self, kind: DeploymentType) -> Self {
        self.deployment_type = kind;
        self
    }

    /// The Data Center release to be (default [`JiraVersion::DEFAULT`], 10.3): what
    /// `serverInfo` reports, which REST routes exist (those the release lacks answer its 404)
    /// and whether Basic authentication is on by default (not from 11 on). A Cloud simulator
    /// has no release and ignores it.
    pub fn jira_version(mut self, version: JiraVersion) -> Self {
        self.jira_version = version;
        self
    }

    /// Turns Basic authentication with a password on or off, whatever the release's default
    /// ([`JiraVersion::basic_auth_by_default`]). Off, a Basic request is refused as Data Center
    /// refuses it (see the crate doc) and `/rest/auth/1/session` too.
    pub fn basic_auth(mut self, enabled: bool) -> Self {
        self.basic_auth = Some(enabled);
        self
    }

    /// A fault in force from the first request on, as [`Running::inject`] would add it.
    pub fn fault(mut self, fault: Fault) -> Self {
        self.faults.push(fault);
        self
    }

    /// Seeds Jira Software's data: boards, sprints, an epic and issues in them (see the crate
    /// doc). Off by default so that the issue catalog stays exactly what `issues` generates.
    pub fn agile(mut self) -> Self {
        self.agile = true;
        self
    }

    /// Seeds a Jira Service Management service desk (see the crate doc). Off by default.
    pub fn service_desk(mut self) -> Self {
        self.service_desk = true;
        self
    }

    /// Registers an OAuth 2.0 client (a Data Center incoming link, a Cloud 3LO app).
    pub fn oauth2_client(mut self, client: OAuth2Client) -> Self {
        self.oauth2_clients.push(client);
        self
    }

    /// How long OAuth 2.0 access tokens live (default an hour), in whole seconds.
    pub fn oauth2_access_token_lifetime(mut self, lifetime: Duration) -> Self {
        self.oauth2_access_token_lifetime = Some(lifetime);
        self
    }

    /// How long OAuth 2.0 authorization codes live (default 10 seconds, as Data Center's
    /// `max.client.delay.seconds`), in whole seconds.
    pub fn oauth2_code_lifetime(mut self, lifetime: Duration) -> Self {
        self.oauth2_code_lifetime = Some(lifetime);
        self
    }

    /// The status Cloud's API gateway answers an expired OAuth 2.0 access token with (default
    /// 401). Atlassian's gateway answers 403 or 404 on some routes instead; 401, 403 and 404
    /// are taken, anything else is 401.
    pub fn gateway_expired_status(mut self, status: u16) -> Self {
        self.gateway_expired_status = Some(status);
        self
    }

    /// The Cloud site's cloud id: what `accessible-resources` lists and the gateway serves
    /// under `/ex/jira/{cloudid}/` (default [`DEFAULT_CLOUD_ID`](crate::DEFAULT_CLOUD_ID)).
    pub fn cloud_id(mut self, id: impl Into<String>) -> Self {
        self.cloud_id = Some(id.into());
        self
    }

    /// Another site the user can reach, listed by `accessible-resources` after this one (the
    /// gateway does not serve it), so that a client has to pick the site it was given.
    pub fn extra_cloud_site(mut self, url: impl Into<String>, id: impl Into<String>) -> Self {
        self.extra_cloud_sites.push((url.into(), id.into()));
        self
    }

    /// Binds 127.0.0.1 and starts serving in the background of the current tokio runtime.
    pub async fn start(self) -> std::io::Result<Running> {
        running::start(self).await
    }

    /// A simulator answering requests in-process, never bound to a port: for benchmarks.
    #[doc(hidden)]
    pub fn in_process(self) -> std::io::Result<crate::InProcess> {
        crate::in_process::InProcess::new(&self)
    }

    /// Cloud takes Basic with an API token; Data Center as its release decides.
    fn basic_auth_by_default(&self) -> bool {
        self.deployment_type == DeploymentType::Cloud || self.jira_version.basic_auth_by_default()
    }

    pub(crate) fn project_count(&self) -> usize {
        match self.projects {
            Some(0) | None if self.issues > 0 => 1,
            Some(count) => count,
            None => 0,
        }
    }
}

/// The settings fixed once the simulator listens.
#[derive(Debug)]
pub(crate) struct Settings {
    /// The context path, empty or `/name` without a trailing slash.
    pub context_path: String,
    /// The configured base URL as a string without a trailing slash, e.g. `http://host:8080/jira`.
    pub base_url: String,
    pub auto_approve: Option<String>,
    pub request_token_ttl: Duration,
    pub search_cap: usize,
    pub deployment_type: DeploymentType,
    /// The Data Center release served (meaningless on Cloud).
    pub jira_version: JiraVersion,
    /// Whether Basic authentication with a password is accepted.
    pub basic_auth: bool,
    pub cloud_id: String,
    /// Other Cloud sites listed by `accessible-resources`: (URL, cloud id).
    pub extra_cloud_sites: Vec<(String, String)>,
    /// How the gateway answers an expired OAuth 2.0 access token: 401, 403 or 404.
    pub gateway_expired_status: axum::http::StatusCode,
}

impl Settings {
    pub(crate) fn new(builder: &Builder, listening: &Url) -> Self {
        let context_path = normalize_context_path(&builder.context_path);
        let base_url = builder
            .base_url
            .as_ref()
            .unwrap_or(listening)
            .as_str()
            .trim_end_matches('/')
            .to_owned();
        Self {
            context_path,
            base_url,
            auto_approve: builder.auto_approve.clone(),
            request_token_ttl: builder
                .request_token_ttl
                .unwrap_or(DEFAULT_REQUEST_TOKEN_TTL),
            search_cap: builder.search_cap.unwrap_or(DEFAULT_SEARCH_CAP),
            deployment_type: builder.deployment_type,
            jira_version: builder.jira_version,
            basic_auth: builder
                .basic_auth
                .unwrap_or_else(|| builder.basic_auth_by_default()),
            cloud_id: builder
                .cloud_id
                .clone()
                .unwrap_or_else(|| DEFAULT_CLOUD_ID.to_owned()),
            extra_cloud_sites: builder.extra_cloud_sites.clone(),
            gateway_expired_status: match builder.gateway_expired_status {
                Some(403) => axum::http::StatusCode::FORBIDDEN,
                Some(404) => axum::http::StatusCode::NOT_FOUND,
                _ => axum::http::StatusCode::UNAUTHORIZED,
            },
        }
    }

    /// The realm of `WWW-Authenticate` challenges: the percent-encoded base URL, as Jira sends it.
    pub(crate) fn realm(&self) -> String {
        oauth1::percent_encode(&self.base_url)
    }

    /// An absolute URL under the configured base URL, for `self` links.
    pub(crate) fn link(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

/// `jira`, `/jira/` and `/jira` all become `/jira`; `` and `/` become ``.
pub(crate) fn normalize_context_path(path: &str) -> String {
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("/{trimmed}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_paths_are_normalized() {
        assert_eq!(normalize_context_path("jira/"), "/jira");
        assert_eq!(normalize_context_path("/"), "");
        assert_eq!(normalize_context_path(""), "");
    }

    #[test]
    fn one_project_by_default_when_there_are_issues() {
        assert_eq!(Builder::default().issues(3).project_count(), 1);
        assert_eq!(Builder::default().project_count(), 0);
        assert_eq!(Builder::default().issues(3).projects(4).project_count(), 4);
        assert_eq!(Builder::default().projects(2).project_count(), 2);
    }
}
