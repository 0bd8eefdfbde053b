//! Building the Jira client from resolved settings.

use crate::failure::Failure;
use crate::settings::Connection;

/// The client for scripts and the REPL, or why there is none: without a server (or with an
/// unreadable configuration), scripts that never call `jira` still run, and those that do are
/// told what to fix.
pub fn client_for_scripts(
    connection: &Result<Connection, String>,
    verbose: u8,
    quiet: bool,
) -> Result<Result<jira::Client, String>, Failure> {
    let connection = match connection {
        Ok(connection) => connection,
        Err(why) => return Ok(Err(why.clone())),
    };
    if verbose >= 1 {
        eprintln!(
            "jshell: {} as {}{}",
            connection.server.as_deref().unwrap_or("(no server)"),
            connection.auth.describe(),
            connection
                .profile
                .as_deref()
                .map(|name| format!(" (profile {name})"))
                .unwrap_or_default()
        );
    }
    if connection.server.is_none() {
        return Ok(Err(
            "no Jira server given: pass --server URL (or set JSHELL_SERVER), or log \
                       in first with `jshell login`"
                .to_owned(),
        ));
    }
    client(connection, verbose, quiet).map(Ok)
}

/// Builds a client for `connection`; `verbose` ≥ 2 logs every HTTP exchange (method, URL,
/// status, time, rate-limit headers — never credentials), `verbose` 1 those that were
/// rate limited.
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
    if let Some(pages) = connection.page_concurrency {
        builder = builder.page_concurrency(usize::from(pages));
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
    if verbose >= 1 {
        builder = builder.observer(move |exchange| log_exchange(exchange, verbose));
    }
    if let Some(deployment) = certain_deployment(server).or(connection.deployment) {
        builder = builder.deployment(deployment);
    }
    builder = builder.write_policy(connection.writes);
    if connection.writes == jira::WritePolicy::DryRun {
        let basic = matches!(connection.auth, jira::Auth::Basic { .. });
        builder = builder.write_observer(move |held| crate::dry_run::report(held, basic));
    }
    Ok(builder.build()?)
}

/// `-vv` logs every exchange; `-v` only those whose answer spoke of rate limits, so that a
/// script slowed by Cloud's limiter says why.
fn log_exchange(exchange: &jira::Exchange, verbose: u8) {
    let limit = exchange
        .rate_limit
        .as_ref()
        .map(|limit| format!(" [rate limit: {limit}]"));
    if verbose < 2 && limit.is_none() {
        return;
    }
    let status = exchange
        .status
        .map_or_else(|| "no answer".to_owned(), |status| status.to_string());
    eprintln!(
        "http: {} {} -> {status} in {} ms (attempt {}){}",
        exchange.method,
        exchange.url,
        exchange.elapsed.as_millis(),
        exchange.attempt,
        limit.unwrap_or_default()
    );
}

/// The deployment when the address alone says it, so the first search or user lookup does not
/// ask `serverInfo` first: a `*.atlassian.net` site, or Atlassian's API gateway
/// (`…/ex/jira/{cloudid}`, where OAuth 2.0 Cloud logins and scoped API tokens send requests),
/// is Cloud. Anything else may be Server or Data Center at any version, so it is asked.
fn certain_deployment(server: &str) -> Option<jira::Deployment> {
    let url = url::Url::parse(server).ok()?;
    let host = url.host_str()?.to_ascii_lowercase();
    let site = host.ends_with(".atlassian.net");
    let gateway = url.path().starts_with("/ex/jira/");
    (site || gateway).then_some(jira::Deployment::Cloud)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cloud_addresses_are_certain_and_others_are_asked() {
        for cloud in [
            "https://example.atlassian.net",
            "https://Example.Atlassian.NET/",
            "https://api.atlassian.com/ex/jira/11223344-a1b2-3b33-c444-def123456789",
            "http://127.0.0.1:8080/ex/jira/abc/",
        ] {
            assert_eq!(
                certain_deployment(cloud),
                Some(jira::Deployment::Cloud),
                "{cloud}"
            );
        }
        for asked in [
            "https://jira.example.com",
            "https://example.com/jira",
            "https://atlassian.net.example.com",
            "https://api.atlassian.com/",
            "not a url",
        ] {
            assert_eq!(certain_deployment(asked), None, "{asked}");
        }
    }
}
