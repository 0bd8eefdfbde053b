//! Checking a signed request the way Jira's OAuth filter does: parameters present, version,
//! consumer, signature method, timestamp window, nonce, then the RSA-SHA1 signature over the
//! base string the server rebuilds from what it received and its configured base URL.

use axum::http::header;

use super::base_string;
use super::problem::Problem;
use crate::exchange::{App, Incoming};

/// How far `oauth_timestamp` may be from the server's clock, in seconds (Jira: 5 minutes).
pub(crate) const TIMESTAMP_WINDOW: i64 = 5 * 60;

/// The parameters of an `Authorization: OAuth …` header, or `None` when the request has no
/// such header or it cannot be parsed.
pub(crate) fn header_params(incoming: &Incoming) -> Option<Vec<(String, String)>> {
    incoming
        .header(header::AUTHORIZATION)
        .and_then(oauth1::parse_authorization)
}

/// The first value of parameter `name`.
pub(crate) fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// Verifies a signed request whose header parameters are `params`, requiring each of
/// `required`. Returns the consumer key. Records the nonce.
pub(crate) fn verify(
    app: &App,
    incoming: &Incoming,
    params: &[(String, String)],
    required: &[&'static str],
) -> Result<String, Problem> {
    let absent: Vec<&str> = required
        .iter()
        .copied()
        .filter(|name| param(params, name).is_none_or(str::is_empty))
        .collect();
    if !absent.is_empty() {
        return Err(
            Problem::new("parameter_absent").with("oauth_parameters_absent", absent.join("&"))
        );
    }
    let value = |name| param(params, name).unwrap_or_default();
    if param(params, "oauth_version").is_some_and(|version| version != "1.0") {
        return Err(Problem::new("version_rejected").with("oauth_acceptable_versions", "1.0-1.0"));
    }
    let consumer = value("oauth_consumer_key").to_owned();
    let public_key = app
        .lock()
        .consumers
        .get(&consumer)
        .cloned()
        .ok_or_else(|| Problem::new("consumer_key_unknown"))?;
    if value("oauth_signature_method") != "RSA-SHA1" {
        return Err(Problem::new("signature_method_rejected"));
    }
    check_timestamp_and_nonce(
        app,
        &consumer,
        value("oauth_timestamp"),
        value("oauth_nonce"),
    )?;

    let base_string = server_base_string(app, incoming, params);
    let signature = value("oauth_signature");
    if !public_key.verify_rsa_sha1(base_string.as_bytes(), signature) {
        return Err(Problem::new("signature_invalid")
            .with("oauth_signature", signature)
            .with("oauth_signature_base_string", base_string)
            .with("oauth_signature_method", "RSA-SHA1"));
    }
    Ok(consumer)
}

fn check_timestamp_and_nonce(
    app: &App,
    consumer: &str,
    timestamp: &str,
    nonce: &str,
) -> Result<(), Problem> {
    let now = app.lock().now();
    let acceptable = || format!("{}-{}", now - TIMESTAMP_WINDOW, now + TIMESTAMP_WINDOW);
    let timestamp: i64 = timestamp.parse().map_err(|_| {
        Problem::new("timestamp_refused").with("oauth_acceptable_timestamps", acceptable())
    })?;
    if (now - timestamp).abs() > TIMESTAMP_WINDOW {
        return Err(
            Problem::new("timestamp_refused").with("oauth_acceptable_timestamps", acceptable())
        );
    }
    let mut state = app.lock();
    let seen = state.nonces.entry(consumer.to_owned()).or_default();
    // A nonce can only be replayed while its timestamp is still acceptable.
    seen.retain(|_, seen_at| *seen_at >= now - 2 * TIMESTAMP_WINDOW);
    if seen.contains_key(nonce) {
        return Err(Problem::new("nonce_used"));
    }
    seen.insert(nonce.to_owned(), timestamp);
    Ok(())
}

/// The base string as the server sees the request: its configured base URL, the path below the
/// context path, the query as received, the header's protocol parameters and a form body.
pub(crate) fn server_base_string(
    app: &App,
    incoming: &Incoming,
    params: &[(String, String)],
) -> String {
    base_string::signature_base_string(&base_string::Request {
        method: incoming.method.as_str(),
        base_url: &app.settings.base_url,
        local_path: &incoming.local_path,
        query: incoming.query.as_deref(),
        protocol: params,
        form_body: incoming.has_form_body().then_some(&incoming.body[..]),
    })
}
