//! The listening server: start-up, the handle tests hold, and the dispatch of each request
//! (latency, faults, redirects, context path, then the OAuth provider or the REST API).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Request, State as AxumState};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use url::Url;

use crate::access_log::{AccessLogEntry, AuthKind};
use crate::config::{Builder, Settings, normalize_context_path};
use crate::faults::{self, Fault};
use crate::state::{self, State};
use crate::{admin, oauth_provider, oauth2, rest};

/// Bodies larger than this are refused; Jira's own limits are far lower for REST calls.
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
/// The largest attachment upload (the whole multipart body), also reported by
/// `GET attachment/meta` as `uploadLimit`.
pub(crate) const MAX_ATTACHMENT_BYTES: usize = 512 * 1024 * 1024;
/// How long [`Running::shutdown`] waits for open connections before cutting them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// What every request handler can reach.
#[derive(Debug)]
pub(crate) struct App {
    pub settings: Settings,
    pub state: Mutex<State>,
}

impl App {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        state::lock(&self.state)
    }
}

/// A request as received, body read.
#[derive(Clone, Debug)]
pub(crate) struct Incoming {
    pub method: Method,
    /// The path as received, context path included.
    pub path: String,
    /// The path below the context path, starting with `/`.
    pub local_path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// Whether Cloud's API gateway forwarded it (`/ex/jira/{cloudid}/…`): only OAuth 2.0
    /// tokens are taken, and refusals have the gateway's shape.
    pub gateway: bool,
}

impl Incoming {
    /// The query string's parameters, `+` decoded as a space.
    pub(crate) fn query_params(&self) -> Vec<(String, String)> {
        oauth1::form_decode(self.query.as_deref().unwrap_or_default().as_bytes())
    }

    /// Every value of the list-valued parameter `name`, given repeated (`fields=a&fields=b`),
    /// comma-separated (`fields=a,b`) or both, as Jira's Jersey layer reads them; in order,
    /// trimmed, empty items dropped.
    pub(crate) fn query_list(&self, name: &str) -> Vec<String> {
        self.query_params()
            .into_iter()
            .filter(|(key, _)| key == name)
            .flat_map(|(_, value)| {
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|item| !item.is_empty())
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// Whether parameter `name` is `true` (case-insensitively), as Jersey reads booleans.
    pub(crate) fn query_flag(&self, name: &str) -> bool {
        self.query_param(name)
            .is_some_and(|value| value.trim().eq_ignore_ascii_case("true"))
    }

    /// The first value of query parameter `name`.
    pub(crate) fn query_param(&self, name: &str) -> Option<String> {
        self.query_params()
            .into_iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value)
    }

    pub(crate) fn header(&self, name: header::HeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// Whether the body is `application/x-www-form-urlencoded`, whose parameters OAuth signs.
    pub(crate) fn has_form_body(&self) -> bool {
        self.header(header::CONTENT_TYPE).is_some_and(|value| {
            value.split(';').next().is_some_and(|mime| {
                mime.trim()
                    .eq_ignore_ascii_case("application/x-www-form-urlencoded")
            })
        })
    }
}

/// A response and what the access log says about it.
#[derive(Debug)]
pub(crate) struct Handled {
    pub response: Response,
    pub auth: AuthKind,
    pub verdict: String,
}

impl Handled {
    pub(crate) fn new(response: Response, auth: AuthKind, verdict: impl Into<String>) -> Self {
        Self {
            response,
            auth,
            verdict: verdict.into(),
        }
    }
}

/// A JSON response.
pub(crate) fn json_response(status: StatusCode, body: &serde_json::Value) -> Response {
    json_text(status, body.to_string())
}

/// A response whose body is JSON text built by hand.
pub(crate) fn json_text(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=UTF-8"),
    );
    response
}

/// Jira's JSON error body: `{"errorMessages":[…],"errors":{}}`.
pub(crate) fn error_messages(status: StatusCode, message: &str) -> Response {
    json_response(
        status,
        &serde_json::json!({ "errorMessages": [message], "errors": {} }),
    )
}

/// A `302 Found` to `location`.
pub(crate) fn found(location: &str) -> Response {
    let mut response = StatusCode::FOUND.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

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

async fn dispatch(AxumState(app): AxumState<Arc<App>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    let query = parts.uri.query().map(str::to_owned);
    let is_admin = path == admin::PREFIX || path.starts_with(&format!("{}/", admin::PREFIX));
    if !is_admin {
        let latency = {
            let mut state = app.lock();
            state.arrivals += 1;
            state.latency
        };
        if !latency.is_zero() {
            tokio::time::sleep(latency).await;
        }
    }
    let limit = if parts.method == Method::POST && path.ends_with("/attachments") {
        MAX_ATTACHMENT_BYTES
    } else {
        MAX_BODY_BYTES
    };
    let body = match axum::body::to_bytes(body, limit).await {
        Ok(body) => body,
        Err(_) => {
            return error_messages(
                StatusCode::PAYLOAD_TOO_LARGE,
                "The request body could not be read or is too large.",
            );
        }
    };
    let local_path = path
        .strip_prefix(&app.settings.context_path)
        .filter(|rest| rest.is_empty() || rest.starts_with('/'))
        .map(|rest| if rest.is_empty() { "/" } else { rest }.to_owned());
    let incoming = Incoming {
        method: parts.method,
        local_path: local_path.clone().unwrap_or_default(),
        path,
        query,
        headers: parts.headers,
        body,
        gateway: false,
    };
    if is_admin {
        return admin::handle(&app, &incoming);
    }

    let fault = app.lock().faults.next();
    let handled = match fault {
        Some(Fault::Status {
            status,
            retry_after,
            ..
        }) => Handled::new(
            faults::status_response(status, retry_after),
            AuthKind::Anonymous,
            format!("fault: status {status}"),
        ),
        Some(Fault::DropConnection { .. }) => Handled::new(
            faults::dropped_connection_response(),
            AuthKind::Anonymous,
            "fault: drop connection",
        ),
        Some(Fault::StallBody { stall, .. }) => {
            let mut handled = route(&app, &incoming, local_path.is_some());
            handled.response = faults::stalled(handled.response, stall).await;
            handled.verdict = format!("{} (fault: stalled body)", handled.verdict);
            handled
        }
        None => route(&app, &incoming, local_path.is_some()),
    };
    let entry = AccessLogEntry {
        method: incoming.method.to_string(),
        path: incoming.path.clone(),
        query: incoming.query.clone(),
        auth: handled.auth,
        status: handled.response.status().as_u16(),
        verdict: handled.verdict,
    };
    app.lock().access_log.push(entry);
    handled.response
}

pub(crate) fn route(app: &App, incoming: &Incoming, under_context_path: bool) -> Handled {
    let redirect = app.lock().redirects.get(&incoming.path).cloned();
    if let Some(location) = redirect {
        return Handled::new(found(&location), AuthKind::Anonymous, "redirect");
    }
    if let Some(handled) = oauth2::route(app, incoming, under_context_path) {
        return handled;
    }
    if under_context_path {
        if let Some(endpoint) = incoming.local_path.strip_prefix(oauth_provider::PREFIX) {
            return oauth_provider::handle(app, incoming, endpoint);
        }
        if let Some((api, resource)) = rest::resource_path(&incoming.local_path) {
            return rest::handle(app, incoming, api, resource);
        }
        if let Some(resource) = incoming
            .local_path
            .strip_prefix(rest::ATTACHMENT_CONTENT_PREFIX)
        {
            return rest::attachment_content(app, incoming, resource);
        }
    }
    let url = if under_context_path {
        format!("{}{}", app.settings.base_url, incoming.local_path)
    } else {
        incoming.path.clone()
    };
    Handled::new(
        error_messages(StatusCode::NOT_FOUND, &format!("null for uri: {url}")),
        AuthKind::Anonymous,
        "not found",
    )
}
