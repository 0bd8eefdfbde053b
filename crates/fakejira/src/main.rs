//! The `fakejira` binary: a Jira Server simulator on 127.0.0.1 for demos and end-to-end tests.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, ValueEnum};
use fakejira::{Builder, DeploymentType, FakeJira, Fault, JiraVersion, OAuth2Client};

/// Exit status for bad flags and unusable files, as clap uses for usage errors.
const USAGE_ERROR: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "fakejira",
    version,
    about = "A Jira Data Center (8.x to 11.x; 10.3 by default) or Cloud simulator: OAuth 1.0a and 2.0 providers, REST API 2 subset, fault injection.",
    after_help = "Examples:
  fakejira --port 8080 --user alice:secret --issues 50 --projects 2
  fakejira --jira-version 8.20.30 --user alice:secret --issues 20 --agile
  fakejira --jira-version 11.3.0 --user alice:secret --pat my-token=alice   (Basic refused)
  fakejira --jira-version 11.3.0 --basic-auth on --user alice:secret
  fakejira --consumer jshell=jira_public.pem --user alice:secret --auto-approve alice
  fakejira --pat my-token=alice --issues 10 --ready-file /tmp/fakejira.url
  fakejira --base-url https://jira.example.com/ --context-path /jira --consumer jshell=pub.pem
  fakejira --user alice:secret --fail-next-status 429 --fail-count 2 --retry-after 3
  fakejira --user alice:secret --auto-approve alice \
           --oauth2-client jshell:s3cret:http://127.0.0.1:8765/callback:WRITE
  fakejira --deployment-type cloud --user alice:secret \
           --api-token tok-1=alice:'read:jira-work write:jira-work'
  fakejira --deployment-type cloud --user alice:secret --oauth2-token-lifetime 60 \
           --oauth2-client jshell:s3cret:http://127.0.0.1:8765/callback:'read:jira-work offline_access'

Once listening it prints one line, `fakejira listening on http://127.0.0.1:PORT/`.
The admin API is under /_fakejira/ (see the crate documentation)."
)]
struct Args {
    /// Port to listen on (127.0.0.1 only); 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// A consumer: its key and the path of its RSA public key PEM (repeatable).
    #[arg(long, value_name = "KEY=PUBLIC_KEY.pem")]
    consumer: Vec<String>,
    /// A user and password (repeatable).
    #[arg(long, value_name = "NAME:PASSWORD")]
    user: Vec<String>,
    /// A personal access token and its user (repeatable).
    #[arg(long, value_name = "TOKEN=USER")]
    pat: Vec<String>,
    /// An Atlassian Cloud API token of a user (repeatable), taken with Basic authentication;
    /// with SCOPES (space-separated) it is a scoped token, taken only through the API gateway.
    #[arg(long, value_name = "TOKEN=USER[:SCOPES]")]
    api_token: Vec<String>,
    /// How many issues to generate.
    #[arg(long, default_value_t = 0)]
    issues: usize,
    /// How many projects to generate (default 1 when there are issues).
    #[arg(long)]
    projects: Option<usize>,
    /// Approve every request token at once as USER when the authorize page opens.
    #[arg(long, value_name = "USER")]
    auto_approve: Option<String>,
    /// Jira's configured base URL (default: the listening address and context path).
    #[arg(long, value_name = "URL")]
    base_url: Option<url::Url>,
    /// Serve everything under this path, e.g. /jira.
    #[arg(long, value_name = "PATH", default_value = "")]
    context_path: String,
    /// The server's cap on a search's maxResults.
    #[arg(long, value_name = "N")]
    search_cap: Option<usize>,
    /// Delay added to every request, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    latency_ms: u64,
    /// How far the server's clock is ahead of this machine's, in seconds (negative: behind),
    /// to reproduce `timestamp_refused`.
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 0,
        allow_hyphen_values = true
    )]
    clock_offset_secs: i64,
    /// How long request tokens live, in seconds (default 600).
    #[arg(long, value_name = "SECS")]
    request_token_ttl_secs: Option<u64>,
    /// Which Jira to pretend to be.
    #[arg(long, value_enum, default_value_t = Deployment::Server)]
    deployment_type: Deployment,
    /// The Data Center release to be (8.x, 9.x, 10.x or 11.x; default 10.3.12): serverInfo
    /// reports it, and REST resources it lacks answer its 404 or 405.
    #[arg(long, value_name = "VERSION")]
    jira_version: Option<JiraVersion>,
    /// Basic authentication with a password (default: on before 11, off from 11).
    #[arg(long, value_enum, value_name = "on|off")]
    basic_auth: Option<Switch>,
    /// Answer the first requests with this status (e.g. 429 or 503).
    #[arg(long, value_name = "STATUS")]
    fail_next_status: Option<u16>,
    /// How many requests --fail-next-status applies to.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 1,
        requires = "fail_next_status"
    )]
    fail_count: usize,
    /// The Retry-After header (seconds) sent with --fail-next-status.
    #[arg(long, value_name = "SECS", requires = "fail_next_status")]
    retry_after: Option<u64>,
    /// Answer --fail-next-status as Jira Cloud's rate limiter, with this RateLimit-Reason
    /// (e.g. jira-quota-global-based, jira-burst-based) and its X-RateLimit-* headers.
    #[arg(long, value_name = "REASON", requires = "fail_next_status")]
    rate_limit_reason: Option<String>,
    /// Drop the connection mid-body for the first N requests.
    #[arg(long, value_name = "N")]
    drop_next: Option<usize>,
    /// Stall the body of the first N requests (see --stall-ms).
    #[arg(long, value_name = "N", requires = "stall_ms")]
    stall_next: Option<usize>,
    /// How long --stall-next stalls, in milliseconds.
    #[arg(long, value_name = "MS", requires = "stall_next")]
    stall_ms: Option<u64>,
    /// Seed Jira Software's boards, sprints and epic (see the crate doc).
    #[arg(long)]
    agile: bool,
    /// Seed a Jira Service Management service desk.
    #[arg(long)]
    service_desk: bool,
    /// An OAuth 2.0 client (repeatable): its id, secret, Redirect URL and optional scope (Data
    /// Center: READ, WRITE, ADMIN or SYSTEM_ADMIN; Cloud: space-separated scope names).
    #[arg(long, value_name = "ID:SECRET:REDIRECT_URI[:SCOPE]")]
    oauth2_client: Vec<String>,
    /// How long OAuth 2.0 access tokens live, in seconds (default 3600).
    #[arg(long, value_name = "SECS")]
    oauth2_token_lifetime: Option<u64>,
    /// The status Cloud's API gateway answers an expired OAuth 2.0 access token with: 401, or
    /// 403 or 404 as Atlassian's gateway does on some routes.
    #[arg(long, value_name = "STATUS", default_value_t = 401, value_parser = parse_refusal_status)]
    gateway_expired_status: u16,
    /// Write the base URL to this file once listening.
    #[arg(long, value_name = "PATH")]
    ready_file: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Deployment {
    Server,
    Cloud,
}

fn parse_refusal_status(value: &str) -> Result<u16, String> {
    match value.parse::<u16>() {
        Ok(status @ (401 | 403 | 404)) => Ok(status),
        _ => Err(format!("`{value}`: use 401, 403 or 404")),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Switch {
    On,
    Off,
}

fn split_pair<'a>(
    flag: &str,
    value: &'a str,
    separator: char,
) -> Result<(&'a str, &'a str), String> {
    value
        .split_once(separator)
        .filter(|(left, right)| !left.is_empty() && !right.is_empty())
        .ok_or_else(|| {
            format!("--{flag} {value:?}: expected two values separated by '{separator}'")
        })
}

/// `ID:SECRET:REDIRECT_URI[:SCOPE]`. The Redirect URL holds colons of its own (scheme, port)
/// and Cloud scopes do too (`read:jira-work`), so the scope starts at the first colon after
/// which the rest has no `/` and is not a port number.
fn oauth2_client(value: &str) -> Result<OAuth2Client, String> {
    let invalid = || format!("--oauth2-client {value:?}: expected ID:SECRET:REDIRECT_URI[:SCOPE]");
    let (id, rest) = value.split_once(':').ok_or_else(invalid)?;
    let (secret, rest) = rest.split_once(':').ok_or_else(invalid)?;
    let split = rest.match_indices(':').map(|(at, _)| at).find(|&at| {
        let scope = &rest[at + 1..];
        !scope.is_empty()
            && !scope.contains('/')
            && !scope.bytes().all(|byte| byte.is_ascii_digit())
            && url::Url::parse(&rest[..at]).is_ok()
    });
    let (redirect_uri, scope) = match split {
        Some(at) => (&rest[..at], Some(&rest[at + 1..])),
        None => (rest, None),
    };
    if id.is_empty() || secret.is_empty() || url::Url::parse(redirect_uri).is_err() {
        return Err(invalid());
    }
    let client = OAuth2Client::new(id, secret, redirect_uri);
    Ok(match scope {
        Some(scope) => client.scope(scope),
        None => client,
    })
}

/// The simulator the command line describes.
fn builder(args: &Args) -> Result<Builder, String> {
    let mut builder = FakeJira::builder()
        .port(args.port)
        .issues(args.issues)
        .context_path(args.context_path.clone())
        .latency(Duration::from_millis(args.latency_ms))
        .clock_offset_secs(args.clock_offset_secs)
        .deployment_type(match args.deployment_type {
            Deployment::Server => DeploymentType::Server,
            Deployment::Cloud => DeploymentType::Cloud,
        });
    if let Some(version) = args.jira_version {
        if args.deployment_type == Deployment::Cloud {
            return Err(format!(
                "--jira-version {version} names a Data Center release, and Cloud has none: \
                 drop --jira-version or --deployment-type cloud"
            ));
        }
        builder = builder.jira_version(version);
    }
    if let Some(switch) = args.basic_auth {
        builder = builder.basic_auth(switch == Switch::On);
    }
    builder = credentials(args, builder)?;
    if let Some(secs) = args.oauth2_token_lifetime {
        builder = builder.oauth2_access_token_lifetime(Duration::from_secs(secs));
    }
    if args.agile {
        builder = builder.agile();
    }
    if args.service_desk {
        builder = builder.service_desk();
    }
    if let Some(projects) = args.projects {
        builder = builder.projects(projects);
    }
    if let Some(user) = &args.auto_approve {
        builder = builder.auto_approve(user.clone());
    }
    if let Some(url) = &args.base_url {
        builder = builder.base_url(url.clone());
    }
    if let Some(cap) = args.search_cap {
        builder = builder.search_cap(cap);
    }
    if let Some(secs) = args.request_token_ttl_secs {
        builder = builder.request_token_ttl(Duration::from_secs(secs));
    }
    builder = builder.gateway_expired_status(args.gateway_expired_status);
    faults(args, builder)
}

/// Who may sign in: OAuth consumers, users, API tokens, personal access tokens and OAuth 2.0
/// clients.
fn credentials(args: &Args, mut builder: Builder) -> Result<Builder, String> {
    for consumer in &args.consumer {
        let (key, path) = split_pair("consumer", consumer, '=')?;
        let pem = std::fs::read_to_string(path)
            .map_err(|error| format!("--consumer {key}: cannot read {path}: {error}"))?;
        let public_key = oauth1::PublicKey::from_pem(&pem)
            .map_err(|error| format!("--consumer {key}: {path}: {error}"))?;
        builder = builder.consumer(key, public_key);
    }
    for user in &args.user {
        let (name, password) = split_pair("user", user, ':')?;
        builder = builder.user(name, password);
    }
    for api_token in &args.api_token {
        let (token, owner) = split_pair("api-token", api_token, '=')?;
        builder = match owner.split_once(':') {
            Some((user, scopes)) => builder.scoped_api_token(token, user, scopes),
            None => builder.api_token(token, owner),
        };
    }
    for pat in &args.pat {
        let (token, user) = split_pair("pat", pat, '=')?;
        builder = builder.pat(token, user);
    }
    for client in &args.oauth2_client {
        builder = builder.oauth2_client(oauth2_client(client)?);
    }
    Ok(builder)
}

/// The faults in force from the first request on.
fn faults(args: &Args, mut builder: Builder) -> Result<Builder, String> {
    if let Some(status) = args.fail_next_status {
        if !(100..=599).contains(&status) {
            return Err(format!("--fail-next-status {status}: not an HTTP status"));
        }
        builder = builder.fault(Fault::Status {
            status,
            count: args.fail_count,
            retry_after: args.retry_after,
            rate_limit_reason: args.rate_limit_reason.clone(),
        });
    }
    if let Some(count) = args.drop_next {
        builder = builder.fault(Fault::DropConnection { count });
    }
    if let (Some(count), Some(millis)) = (args.stall_next, args.stall_ms) {
        builder = builder.fault(Fault::StallBody {
            count,
            stall: Duration::from_millis(millis),
        });
    }
    Ok(builder)
}

async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let builder = match builder(&args) {
        Ok(builder) => builder,
        Err(message) => {
            eprintln!("fakejira: {message}");
            return ExitCode::from(USAGE_ERROR);
        }
    };
    let running = match builder.start().await {
        Ok(running) => running,
        Err(error) => {
            eprintln!(
                "fakejira: cannot listen on 127.0.0.1:{}: {error}",
                args.port
            );
            return ExitCode::FAILURE;
        }
    };
    let url = running.url();
    // The ready file first, so whoever sees the ready line can also read the file.
    if let Some(path) = &args.ready_file {
        // Written whole then renamed, so a reader polling for the file never sees half a URL.
        let partial = path.with_extension("partial");
        let written = std::fs::write(&partial, format!("{url}\n"))
            .and_then(|()| std::fs::rename(&partial, path));
        if let Err(error) = written {
            eprintln!("fakejira: cannot write {}: {error}", path.display());
            return ExitCode::from(USAGE_ERROR);
        }
    }
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "fakejira listening on {url}")
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return ExitCode::FAILURE;
    }
    drop(stdout);
    stop_signal().await;
    running.shutdown().await;
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oauth2_clients_parse_around_the_colons_of_urls_and_scopes() {
        let plain = oauth2_client("id:secret:http://127.0.0.1:8765/callback").expect("parses");
        assert_eq!(
            plain,
            OAuth2Client::new("id", "secret", "http://127.0.0.1:8765/callback")
        );
        let data_center =
            oauth2_client("id:secret:http://127.0.0.1:8765/callback:READ").expect("parses");
        assert_eq!(
            data_center,
            OAuth2Client::new("id", "secret", "http://127.0.0.1:8765/callback").scope("READ")
        );
        let cloud = oauth2_client("id:s:https://example.com:8443/cb:read:jira-work offline_access")
            .expect("parses");
        assert_eq!(
            cloud,
            OAuth2Client::new("id", "s", "https://example.com:8443/cb")
                .scope("read:jira-work offline_access")
        );
        let no_path = oauth2_client("id:s:http://127.0.0.1:8765").expect("parses");
        assert_eq!(
            no_path,
            OAuth2Client::new("id", "s", "http://127.0.0.1:8765")
        );
        assert!(oauth2_client("id:secret").is_err());
        assert!(oauth2_client("id::http://x/cb").is_err());
        assert!(oauth2_client("id:s:not a url").is_err());
    }
}
