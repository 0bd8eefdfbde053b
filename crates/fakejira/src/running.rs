//! The listening server: start-up on a port, and [`Running`], the handle tests hold to reach,
//! configure, inspect and stop it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use url::Url;

use crate::access_log::AccessLogEntry;
use crate::config::{Builder, Settings, normalize_context_path};
use crate::dispatch::dispatch;
use crate::exchange::App;
use crate::faults::Fault;
use crate::state::State;

/// How long [`Running::shutdown`] waits for open connections before cutting them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// A handle on a running simulator. Clones share the server; it stops on [`Running::shutdown`]
/// or when the last clone is dropped.
#[derive(Clone, Debug)]
pub struct Running {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    app: Arc<App>,
    url: Url,
    stop: watch::Sender<bool>,
    task: Mutex<Option<JoinHandle<()>>>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.stop.send_replace(true);
    }
}

pub(crate) async fn start(builder: Builder) -> std::io::Result<Running> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", builder.port)).await?;
    let port = listener.local_addr()?.port();
    let context_path = normalize_context_path(&builder.context_path);
    let url = Url::parse(&format!("http://127.0.0.1:{port}{context_path}/"))
        .map_err(|error| std::io::Error::new(std::io::ErrorKind::InvalidInput, error))?;
    let app = Arc::new(App {
        settings: Settings::new(&builder, &url),
        state: Mutex::new(State::new(&builder)),
    });
    let router = Router::new()
        .fallback(dispatch)
        .with_state(Arc::clone(&app));
    let (stop, mut stopped) = watch::channel(false);
    let task = tokio::spawn(async move {
        let shutdown = async move {
            // An error means every sender is gone, which is a stop too.
            let _ = stopped.wait_for(|stop| *stop).await;
        };
        // Serving only ends on shutdown; an accept error has nowhere better to go than stderr.
        if let Err(error) = axum::serve(listener, router)
            .with_graceful_shutdown(shutdown)
            .await
        {
            eprintln!("fakejira: server error: {error}");
        }
    });
    Ok(Running {
        inner: Arc::new(Inner {
            app,
            url,
            stop,
            task: Mutex::new(Some(task)),
        }),
    })
}

impl Running {
    /// The address to reach the simulator at, context path included, ending with `/`:
    /// `http://127.0.0.1:PORT/jira/`.
    pub fn url(&self) -> Url {
        self.inner.url.clone()
    }

    fn app(&self) -> &App {
        &self.inner.app
    }

    /// Registers (or replaces) a consumer.
    pub fn add_consumer(&self, key: &str, public_key: oauth1::PublicKey) {
        self.app()
            .lock()
            .consumers
            .insert(key.to_owned(), public_key);
    }

    /// Adds a user, or changes an existing user's password.
    pub fn add_user(&self, name: &str, password: &str) {
        self.app().lock().add_user(name, password);
    }

    /// Adds a personal access token for `user`.
    pub fn add_pat(&self, token: &str, user: &str) {
        self.app()
            .lock()
            .pats
            .insert(token.to_owned(), user.to_owned());
    }

    /// Changes the delay added to every non-admin request.
    pub fn set_latency(&self, latency: Duration) {
        self.app().lock().latency = latency;
    }

    /// Queues a fault for the next REST and OAuth requests (admin calls are never affected).
    pub fn inject(&self, fault: Fault) {
        self.app().lock().faults.push(fault);
    }

    /// Drops every queued fault.
    pub fn clear_faults(&self) {
        self.app().lock().faults.clear();
    }

    /// Makes every request to `from_path` (from the server root, context path included) answer
    /// `302 Found` with `Location: location`.
    pub fn add_redirect(&self, from_path: &str, location: &str) {
        self.app()
            .lock()
            .redirects
            .insert(from_path.to_owned(), location.to_owned());
    }

    /// Approves a request token as `user`, as clicking Allow does; returns the verifier. `None`
    /// when the token is unknown, expired or already decided, or the user does not exist.
    pub fn approve(&self, request_token: &str, user: &str) -> Option<String> {
        let app = self.app();
        app.lock().approve(&app.settings, request_token, user)
    }

    /// Denies a pending request token, as clicking Deny does; false when there is no such token.
    pub fn deny(&self, request_token: &str) -> bool {
        self.app().lock().deny(request_token)
    }

    /// Sets the server's clock `seconds` ahead of the machine's (negative: behind), as
    /// [`Builder::clock_offset_secs`] does at start: how tests move time past a lifetime.
    pub fn set_clock_offset_secs(&self, seconds: i64) {
        self.app().lock().clock_offset_secs = seconds;
    }

    /// Registers (or replaces) an OAuth 2.0 client.
    pub fn add_oauth2_client(&self, client: crate::OAuth2Client) {
        self.app().lock().oauth2.add_client(client);
    }

    /// How many OAuth 2.0 token requests arrived per grant type.
    pub fn oauth2_grants(&self) -> crate::OAuth2Grants {
        self.app().lock().oauth2.grants
    }

    /// Makes every OAuth 2.0 access token issued so far expired.
    pub fn expire_oauth2_access_tokens(&self) {
        self.app().lock().oauth2.expire_access_tokens();
    }

    /// Revokes every OAuth 2.0 refresh token issued so far.
    pub fn revoke_oauth2_refresh_tokens(&self) {
        self.app().lock().oauth2.revoke_refresh_tokens();
    }

    /// How long OAuth 2.0 access tokens issued from now on live (whole seconds).
    pub fn set_oauth2_access_token_lifetime(&self, lifetime: Duration) {
        self.app().lock().oauth2.access_token_lifetime = lifetime;
    }

    /// The Cloud site's cloud id (see [`Builder::cloud_id`]).
    pub fn cloud_id(&self) -> String {
        self.app().settings.cloud_id.clone()
    }

    /// Every request answered so far, oldest first (admin calls are not logged).
    pub fn access_log(&self) -> Vec<AccessLogEntry> {
        self.app().lock().access_log.clone()
    }

    /// How many requests have arrived so far (admin calls aside), answered or not: tests wait
    /// on it to know a slow request is in flight.
    pub fn arrivals(&self) -> usize {
        self.app().lock().arrivals
    }

    /// How many requests were answered so far (admin calls aside).
    pub fn request_count(&self) -> usize {
        self.app().lock().access_log.len()
    }

    /// Stops accepting connections and waits briefly for open ones to finish.
    pub async fn shutdown(self) {
        self.inner.stop.send_replace(true);
        let task = self
            .inner
            .task
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        let Some(mut task) = task else {
            return;
        };
        if tokio::time::timeout(SHUTDOWN_GRACE, &mut task)
            .await
            .is_err()
        {
            task.abort();
        }
    }
}
