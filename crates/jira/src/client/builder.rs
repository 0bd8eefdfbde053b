//! [`ClientBuilder`]: timeouts, TLS roots and client certificates, retries, page concurrency
//! and the observer of every exchange.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::OnceCell;

use crate::auth::Auth;
use crate::error::{Error, Repr};
use crate::retry::RetryPolicy;
use crate::writes::{HeldWrite, WritePolicy};

use super::write_gate::{WriteGate, WriteObserver};
use super::{Client, Deployment, Exchange, Inner, Observer};

/// Configures a [`Client`].
///
/// ```
/// # fn main() -> Result<(), jira::Error> {
/// use std::time::Duration;
///
/// let client = jira::Client::builder("https://jira.example.com/jira")
///     .auth(jira::Auth::bearer("personal-access-token"))
///     .timeout(Duration::from_secs(60))
///     .build()?;
/// assert_eq!(client.base_url().as_str(), "https://jira.example.com/jira/");
/// # Ok(())
/// # }
/// ```
#[must_use]
pub struct ClientBuilder {
    base_url: String,
    auth: Auth,
    rest_path: String,
    rest_api_version: String,
    connect_timeout: Duration,
    timeout: Duration,
    insecure: bool,
    root_certificates: Vec<Vec<u8>>,
    identity: Option<Vec<u8>>,
    retry: RetryPolicy,
    deployment: Option<Deployment>,
    page_concurrency: usize,
    user_agent: String,
    observer: Option<Observer>,
    write_policy: WritePolicy,
    write_observer: Option<WriteObserver>,
}

impl ClientBuilder {
    pub(super) fn new(base_url: &str) -> Self {
        Self {
            base_url: base_url.to_owned(),
            auth: Auth::Anonymous,
            rest_path: "api".to_owned(),
            rest_api_version: "2".to_owned(),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(120),
            insecure: false,
            root_certificates: Vec::new(),
            identity: None,
            retry: RetryPolicy::default(),
            deployment: None,
            page_concurrency: 4,
            user_agent: format!("jshell/{}", env!("CARGO_PKG_VERSION")),
            observer: None,
            write_policy: WritePolicy::Send,
            write_observer: None,
        }
    }

    /// The credentials to send (default: anonymous).
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// The REST API's path segment, `api` by default (as in `/rest/api/2`).
    pub fn rest_path(mut self, rest_path: impl Into<String>) -> Self {
        self.rest_path = rest_path.into();
        self
    }

    /// The REST API's version, `2` by default.
    pub fn rest_api_version(mut self, version: impl Into<String>) -> Self {
        self.rest_api_version = version.into();
        self
    }

    /// How long to wait for a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one request may take in all, body included (default 120 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Skips TLS certificate verification. Only for test servers: anyone between you and the
    /// server can then read and change the traffic, credentials included.
    pub fn insecure(mut self, insecure: bool) -> Self {
        self.insecure = insecure;
        self
    }

    /// Trusts the CA certificate(s) in `pem` besides the platform's roots.
    pub fn add_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(pem.into());
        self
    }

    /// Presents a client certificate (mTLS): `pem` holds the certificate chain and its private key.
    pub fn identity_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.identity = Some(pem.into());
        self
    }

    /// How failed requests are retried.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Declares the deployment instead of asking `serverInfo` on the first search or user
    /// lookup. Server and Data Center are still asked their version when a method that exists
    /// only in some versions is called.
    pub fn deployment(mut self, deployment: Deployment) -> Self {
        self.deployment = Some(deployment);
        self
    }

    /// How many search pages are fetched at once by [`Client::search_all`] (default 4).
    pub fn page_concurrency(mut self, pages: usize) -> Self {
        self.page_concurrency = pages.max(1);
        self
    }

    /// The `User-Agent` header (default `jshell/VERSION`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Calls `observer` after every HTTP exchange (each attempt and redirect hop).
    pub fn observer(mut self, observer: impl Fn(&Exchange) + Send + Sync + 'static) -> Self {
        self.observer = Some(Arc::new(observer));
        self
    }

    /// What to do with requests that change something: send them (the default), hold them
    /// back in a dry run, or refuse them. See [`WritePolicy`].
    pub fn write_policy(mut self, policy: WritePolicy) -> Self {
        self.write_policy = policy;
        self
    }

    /// Calls `observer` for each write a dry run holds back, with its method, URL and body.
    pub fn write_observer(mut self, observer: impl Fn(&HeldWrite) + Send + Sync + 'static) -> Self {
        self.write_observer = Some(Arc::new(observer));
        self
    }

    /// Builds the client. Fails on an unusable URL or certificate.
    pub fn build(self) -> Result<Client, Error> {
        let base = crate::base_url::parse(&self.base_url)?;
        let rest_root = base
            .join(&format!(
                "rest/{}/{}/",
                self.rest_path.trim_matches('/'),
                self.rest_api_version.trim_matches('/')
            ))
            .map_err(|error| Error::from(Repr::Config(format!("invalid REST path: {error}"))))?;
        let http = self.http_client(base.scheme() == "http")?;
        // Cloud has no version to ask, so a declared Cloud is the whole answer; Server and Data
        // Center still tell their version when a version-gated method first needs it.
        let server = OnceCell::new_with(
            self.deployment
                .filter(|deployment| *deployment == Deployment::Cloud)
                .map(|deployment| crate::server::Server {
                    deployment,
                    version: None,
                }),
        );
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base,
                rest_root,
                auth: self.auth,
                retry: self.retry,
                server,
                declared: self.deployment,
                fields: OnceCell::new(),
                throttles: crate::throttle::ThrottleCounter::default(),
                page_concurrency: self.page_concurrency,
                observer: self.observer,
                writes: WriteGate::new(self.write_policy, self.write_observer),
            }),
        })
    }

    /// The HTTP client: timeouts, no automatic redirects (each hop is re-signed), TLS roots and
    /// the client certificate. For a `plain` (http://) server the platform's roots are not
    /// loaded: reading and parsing them is most of a one-shot call's own time, and every request
    /// goes to that server (redirects are followed only to the same origin, so never to https).
    fn http_client(&self, plain: bool) -> Result<reqwest::Client, Error> {
        let mut http = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(self.user_agent.clone())
            .danger_accept_invalid_certs(self.insecure)
            .tls_built_in_root_certs(!plain || !self.root_certificates.is_empty());
        for pem in &self.root_certificates {
            let certificates = reqwest::Certificate::from_pem_bundle(pem).map_err(|error| {
                Error::from(Repr::Config(format!(
                    "the CA certificate is not valid PEM: {error}"
                )))
            })?;
            if certificates.is_empty() {
                return Err(Error::from(Repr::Config(
                    "the CA certificate file holds no `BEGIN CERTIFICATE` block".to_owned(),
                )));
            }
            for certificate in certificates {
                http = http.add_root_certificate(certificate);
            }
        }
        if let Some(pem) = &self.identity {
            let identity = reqwest::Identity::from_pem(pem).map_err(|error| {
                Error::from(Repr::Config(format!(
                    "the client certificate must be PEM with the certificate and its private \
                     key: {error}"
                )))
            })?;
            http = http.identity(identity);
        }
        http.build()
            .map_err(|error| Error::from(Repr::Config(format!("cannot set up HTTP: {error}"))))
    }
}
