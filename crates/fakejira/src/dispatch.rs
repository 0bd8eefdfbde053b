//! What happens to each request between the socket and its answer: latency, the body limit,
//! the context path, queued faults and the access log; then who answers it (a redirect, an
//! OAuth provider, a REST API, the attachment content URL, or Jira's 404).

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State as AxumState};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::response::Response;

use crate::access_log::{AccessLogEntry, AuthKind};
use crate::exchange::{App, Handled, Incoming, error_messages, found};
use crate::faults::{self, Fault};
use crate::{admin, oauth_provider, oauth2, rest};

/// Bodies larger than this are refused; Jira's own limits are far lower for REST calls.
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
/// The largest attachment upload (the whole multipart body), also reported by
/// `GET attachment/meta` as `uploadLimit`.
pub(crate) const MAX_ATTACHMENT_BYTES: usize = 512 * 1024 * 1024;

pub(crate) async fn dispatch(AxumState(app): AxumState<Arc<App>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path();
    let is_admin = path == admin::PREFIX || path.starts_with(&format!("{}/", admin::PREFIX));
    if !is_admin {
        delay(&app).await;
    }
    let (incoming, under_context_path) = match read(&app, parts, body).await {
        Ok(read) => read,
        Err(refusal) => return refusal,
    };
    if is_admin {
        return admin::handle(&app, &incoming);
    }
    let handled = answer(&app, &incoming, under_context_path).await;
    log(&app, &incoming, handled)
}

/// Counts the arrival, then waits the configured latency.
async fn delay(app: &App) {
    let latency = {
        let mut state = app.lock();
        state.arrivals += 1;
        state.latency
    };
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
}

/// The request with its body read, and whether its path is under the context path; a body
/// over the limit is refused with 413.
async fn read(app: &App, parts: Parts, body: Body) -> Result<(Incoming, bool), Response> {
    let path = parts.uri.path().to_owned();
    let limit = if parts.method == Method::POST && path.ends_with("/attachments") {
        MAX_ATTACHMENT_BYTES
    } else {
        MAX_BODY_BYTES
    };
    let Ok(body) = axum::body::to_bytes(body, limit).await else {
        return Err(error_messages(
            StatusCode::PAYLOAD_TOO_LARGE,
            "The request body could not be read or is too large.",
        ));
    };
    let local_path = path
        .strip_prefix(&app.settings.context_path)
        .filter(|rest| rest.is_empty() || rest.starts_with('/'))
        .map(|rest| if rest.is_empty() { "/" } else { rest }.to_owned());
    let under_context_path = local_path.is_some();
    let incoming = Incoming {
        method: parts.method,
        local_path: local_path.unwrap_or_default(),
        query: parts.uri.query().map(str::to_owned),
        path,
        headers: parts.headers,
        body,
        gateway: false,
    };
    Ok((incoming, under_context_path))
}

/// The answer to a request, through the next queued fault if there is one.
async fn answer(app: &App, incoming: &Incoming, under_context_path: bool) -> Handled {
    let fault = app.lock().faults.next();
    match fault {
        Some(Fault::Status {
            status,
            retry_after,
            rate_limit_reason,
            ..
        }) => {
            let now = app.lock().now();
            Handled::new(
                faults::status_response(status, retry_after, rate_limit_reason.as_deref(), now),
                AuthKind::Anonymous,
                format!("fault: status {status}"),
            )
        }
        Some(Fault::Delay { delay, .. }) => {
            tokio::time::sleep(delay).await;
            let mut handled = route(app, incoming, under_context_path);
            handled.verdict = format!("{} (fault: held {} ms)", handled.verdict, delay.as_millis());
            handled
        }
        Some(Fault::DropConnection { .. }) => Handled::new(
            faults::dropped_connection_response(),
            AuthKind::Anonymous,
            "fault: drop connection",
        ),
        Some(Fault::StallBody { stall, .. }) => {
            let mut handled = route(app, incoming, under_context_path);
            handled.response = faults::stalled(handled.response, stall).await;
            handled.verdict = format!("{} (fault: stalled body)", handled.verdict);
            handled
        }
        None => route(app, incoming, under_context_path),
    }
}

/// Records the exchange in the access log and gives the response to send.
fn log(app: &App, incoming: &Incoming, handled: Handled) -> Response {
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
