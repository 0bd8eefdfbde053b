//! Building the Jira client from resolved settings.

use std::io::IsTerminal as _;

use crate::failure::Failure;
use crate::settings::Connection;

/// Builds a client for `connection`; `verbose` ≥ 2 logs every HTTP exchange (method, URL,
/// status, time — never headers, so never credentials).
pub fn client(connection: &Connection, verbose: u8, quiet: bool) -> Result<jira::Client, Failure> {
    let Some(server) = &connection.server else {
        return Err(Failure::usage(
            "no Jira server given: pass --server URL (or set JSHELL_SERVER), or log in first with \
             `jshell login --server URL --consumer-key KEY --key-cert rsa.pem`",
        ));
    };
    let mut builder = jira::Client::builder(server).auth(connection.auth.clone());
    if let Some(path) = &connection.rest_path {
        builder = builder.rest_path(path.as_str());
    }
    if let Some(version) = &connection.rest_api_version {
        builder = builder.rest_api_version(version.as_str());
    }
    if let Some(ca_cert) = &connection.ca_cert {
        let pem = std::fs::read(ca_cert).map_err(|error| {
            Failure::usage(format!(
                "cannot read the CA certificate {}: {error}",
                ca_cert.display()
            ))
        })?;
        builder = builder.add_root_certificate_pem(pem);
    }
    if connection.no_verify {
        if !quiet {
            eprintln!(
                "warning: --no-verify: the server's TLS certificate is not checked, so anyone on \
                 the network path can read and change this session, credentials included"
            );
        }
        builder = builder.insecure(true);
    }
    if verbose >= 2 {
        builder = builder.observer(|exchange| {
            let status = exchange
                .status
                .map_or_else(|| "no answer".to_owned(), |status| status.to_string());
            eprintln!(
                "http: {} {} -> {status} in {} ms (attempt {})",
                exchange.method,
                exchange.url,
                exchange.elapsed.as_millis(),
                exchange.attempt
            );
        });
    }
    Ok(builder.build()?)
}

/// Whether progress lines may be drawn: stderr is a terminal and the user did not ask for quiet.
pub fn show_progress(quiet: bool) -> bool {
    !quiet && std::io::stderr().is_terminal()
}

/// `Authenticated as Display Name (name)` from Jira's `/myself` answer (Cloud: the account id).
pub fn authenticated_as(me: &serde_json::Value) -> String {
    let text = |value: Option<&serde_json::Value>| {
        value.and_then(|v| v.as_str()).unwrap_or("?").to_owned()
    };
    format!(
        "Authenticated as {} ({})",
        text(me.get("displayName")),
        text(me.get("name").or_else(|| me.get("accountId")))
    )
}
