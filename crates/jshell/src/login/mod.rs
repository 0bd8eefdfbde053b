//! `jshell login`: the OAuth 1.0a dance in one command (OAuth 2.0 in `oauth2.rs`), proved with
//! `myself()` and saved to a profile. A failed step leaves saved profiles untouched.

mod browser;
mod callback;
pub mod oauth2;
mod token;

use std::path::PathBuf;
use std::time::Duration;

use oauth1::{Callback, Consumer, Dance, Endpoints, PrivateKey};

use crate::cli::{DanceArgs, GlobalArgs, LoginArgs};
use crate::config::{ConfigFile, ConfigStore, Profile, ProfileAuth};
use crate::connect;
use crate::failure::{Exit, Failure};
use crate::identity;
use crate::prompt;
use crate::secrets;
use crate::settings::{self, Connection};

/// How long a request token lives in Jira.
const REQUEST_TOKEN_LIFETIME: Duration = Duration::from_secs(600);

/// What a successful login produced.
pub struct LoggedIn {
    pub profile: String,
}

/// What a login needs before it starts: the server, the consumer key and the private key.
struct Inputs {
    server: String,
    consumer_key: String,
    key_cert: PathBuf,
    key: PrivateKey,
}

pub fn login(
    runtime: &tokio::runtime::Runtime,
    args: &GlobalArgs,
    login: &LoginArgs,
    store: &ConfigStore,
) -> Result<LoggedIn, Failure> {
    if login.oauth2.oauth2 {
        return oauth2::login(runtime, args, login, store);
    }
    if login.token.api_token {
        return token::api_token(runtime, args, login, store);
    }
    if args.pat.is_some() {
        return token::pat(runtime, args, login, store);
    }
    if login.save_password {
        return token::basic(runtime, args, login, store);
    }
    let inputs = inputs(args, &store.load()?)?;
    let connection = connection(args, &inputs.server, jira::Auth::Anonymous);
    let anonymous = connect::client(&connection, args.verbose, args.quiet)?;
    let consumer = Consumer::rsa_sha1(inputs.consumer_key.as_str(), inputs.key.clone());
    let dance = dance(&anonymous, consumer.clone())?;
    let access = runtime.block_on(obtain_access(&dance, &inputs.server, &args.dance))?;

    let proving = Connection {
        auth: jira::Auth::oauth(consumer, access.token.clone()),
        ..connection
    };
    prove(runtime, &proving, args.verbose)?;
    let profile = save(store, args, login, &inputs, &access)?;
    if args.dance.print_tokens {
        print_tokens(&inputs, &access);
    }
    Ok(LoggedIn { profile })
}

/// The connection a login makes to `server` with `auth`: the command line's TLS and REST
/// settings, no profile yet.
fn connection(args: &GlobalArgs, server: &str, auth: jira::Auth) -> Connection {
    Connection {
        server: Some(server.to_owned()),
        auth,
        rest_path: args.rest_path.clone(),
        rest_api_version: args.rest_api_version.clone(),
        ca_cert: args.ca_cert.clone(),
        no_verify: args.no_verify,
        page_concurrency: args.page_concurrency,
        profile: None,
        writes: jira::WritePolicy::Send,
        deployment: None,
    }
}

/// The server, consumer key and key from the flags, else from the profile being renewed.
fn inputs(args: &GlobalArgs, config: &ConfigFile) -> Result<Inputs, Failure> {
    let existing = match &args.profile {
        Some(name) => config.profiles.get(name),
        None => settings::select_profile(args, config)?.map(|(_, profile)| profile),
    };
    let existing_oauth = existing.and_then(|profile| match &profile.auth {
        ProfileAuth::Oauth {
            consumer_key,
            key_cert,
            ..
        } => Some((consumer_key, key_cert)),
        _ => None,
    });
    let server = args
        .server
        .clone()
        .or_else(|| existing.map(|profile| profile.server.clone()));
    let consumer_key = args
        .consumer_key
        .clone()
        .or_else(|| existing_oauth.map(|(key, _)| key.clone()));
    let key_cert = args
        .key_cert
        .clone()
        .or_else(|| existing_oauth.map(|(_, cert)| cert.clone()));
    let (Some(server), Some(consumer_key), Some(key_cert)) = (server, consumer_key, key_cert)
    else {
        let missing: Vec<&str> = [
            (args.server.is_none() && existing.is_none(), "--server URL"),
            (
                args.consumer_key.is_none() && existing_oauth.is_none(),
                "--consumer-key KEY",
            ),
            (
                args.key_cert.is_none() && existing_oauth.is_none(),
                "--key-cert rsa.pem",
            ),
        ]
        .into_iter()
        .filter_map(|(absent, flag)| absent.then_some(flag))
        .collect();
        return Err(Failure::usage(format!(
            "jshell login needs {}: the server's URL, the consumer key of its application link and \
             the private key whose public key is on that link (make one with `jshell keygen`)",
            missing.join(", ")
        )));
    };
    let key_cert = std::path::absolute(&key_cert).unwrap_or(key_cert);
    let key = PrivateKey::from_file(&key_cert)?;
    Ok(Inputs {
        server,
        consumer_key,
        key_cert,
        key,
    })
}

/// The dance against the server `anonymous` talks to, through the same HTTP client (TLS
/// settings included).
fn dance(anonymous: &jira::Client, consumer: Consumer) -> Result<Dance, Failure> {
    let endpoints = Endpoints::jira(anonymous.base_url())?;
    Ok(Dance::new(consumer, endpoints).with_http_client(anonymous.http().clone()))
}

/// Request token, the user's approval in the browser, access token.
async fn obtain_access(
    dance: &Dance,
    server: &str,
    flags: &DanceArgs,
) -> Result<oauth1::AccessToken, Failure> {
    let mode = if flags.no_callback {
        VerifierMode::None
    } else if flags.callback.is_some() {
        VerifierMode::OutOfBand
    } else {
        VerifierMode::Loopback(callback::CallbackServer::bind().await?)
    };
    let callback = match &mode {
        VerifierMode::None => Callback::None,
        VerifierMode::OutOfBand => Callback::OutOfBand,
        VerifierMode::Loopback(server) => Callback::Url(server.url()?),
    };
    let request_token = dance
        .request_token(&callback)
        .await
        .map_err(dance_failure)?;
    let url = dance.authorize_url(&request_token).to_string();
    let verifier = match mode {
        VerifierMode::Loopback(listener) => {
            eprintln!("Waiting for you to approve jshell in the browser…");
            // The browser is waited for on its own thread: a `$BROWSER` script that follows
            // the redirect needs the listener answering meanwhile.
            let no_browser = flags.no_browser;
            std::thread::spawn(move || present(&url, no_browser));
            let token = &request_token.token.token;
            match listener.wait(token, server, REQUEST_TOKEN_LIFETIME).await? {
                callback::Verdict::Approved { verifier } => Some(verifier),
                callback::Verdict::Denied => {
                    return Err(Failure::auth(format!(
                        "access was denied in the browser: jshell is not authorized for {server}"
                    )));
                }
            }
        }
        VerifierMode::OutOfBand => {
            present(&url, flags.no_browser);
            Some(ask_verifier()?)
        }
        VerifierMode::None => {
            present(&url, flags.no_browser);
            ask_approved(server)?;
            None
        }
    };
    dance
        .access_token(&request_token, verifier.as_deref())
        .await
        .map_err(dance_failure)
}

fn ask_verifier() -> Result<String, Failure> {
    let verifier = prompt::line("Enter the verification code Jira shows after you click Allow: ")?;
    if verifier.is_empty() {
        return Err(Failure::auth("no verification code was entered"));
    }
    Ok(verifier)
}

fn ask_approved(server: &str) -> Result<(), Failure> {
    let approved = prompt::yes_no(&format!(
        "Have you authorized this program to connect on your behalf to {server}? (y/n) "
    ))?;
    if approved {
        Ok(())
    } else {
        Err(Failure::auth(format!(
            "not authorized: approve jshell in the browser for {server}, then run jshell login again"
        )))
    }
}

/// `myself()` with the new credentials: only credentials that work are saved.
fn prove(
    runtime: &tokio::runtime::Runtime,
    proving: &Connection,
    verbose: u8,
) -> Result<(), Failure> {
    let client = connect::client(proving, verbose, true)?;
    let me = runtime
        .block_on(identity::myself(&client))
        .map_err(|error| {
            let mut failure = Failure::from(error);
            failure.exit = Exit::Auth;
            failure.message = format!(
                "the new access token does not work: {}\nnothing was saved",
                failure.message
            );
            failure
        })?;
    eprintln!("{}", identity::authenticated_as(&me));
    Ok(())
}

/// Saves the OAuth 1.0a token in a profile; returns the profile's name.
fn save(
    store: &ConfigStore,
    args: &GlobalArgs,
    login: &LoginArgs,
    inputs: &Inputs,
    access: &oauth1::AccessToken,
) -> Result<String, Failure> {
    let in_seconds = |seconds: Option<u64>| {
        let seconds = i64::try_from(seconds?).ok()?;
        jiff::Timestamp::now()
            .checked_add(jiff::SignedDuration::from_secs(seconds))
            .ok()
            .map(|when| when.to_string())
    };
    let auth = ProfileAuth::Oauth {
        consumer_key: inputs.consumer_key.clone(),
        key_cert: inputs.key_cert.clone(),
        access_token: access.token.token.clone(),
        access_token_secret: access.token.secret.expose().to_owned(),
        session_handle: access
            .session_handle
            .as_ref()
            .map(|handle| handle.expose().to_owned()),
        expires_at: in_seconds(access.expires_in),
        authorization_expires_at: in_seconds(access.authorization_expires_in),
    };
    save_profile(store, args, login, &inputs.server, auth)
}

/// Saves `auth` for `server` in the profile named by --save-as, else --profile, else the
/// server's host, its secrets where `--secrets` or the configuration says (`secrets.rs`);
/// returns the name.
fn save_profile(
    store: &ConfigStore,
    args: &GlobalArgs,
    login: &LoginArgs,
    server: &str,
    auth: ProfileAuth,
) -> Result<String, Failure> {
    let name = login
        .save_as
        .clone()
        .or_else(|| args.profile.clone())
        .or_else(|| settings::host_of(server))
        .unwrap_or_else(|| "default".to_owned());
    let profile = Profile {
        rest_path: args.rest_path.clone(),
        rest_api_version: args.rest_api_version.clone(),
        ca_cert: args.ca_cert.clone(),
        no_verify: args.no_verify,
        page_concurrency: args.page_concurrency,
        ..Profile::new(server, auth)
    };
    let (placed, stale) = store.update(|config| {
        let mut profile = profile;
        let placed = secrets::place(store, args.secrets, config, &name, &mut profile, args.quiet)?;
        let current = profile.keyring.clone();
        let stale = config
            .profiles
            .insert(name.clone(), profile)
            .and_then(|old| old.keyring)
            .filter(|old| Some(old) != current.as_ref());
        if config.default_profile.is_none() {
            config.default_profile = Some(name.clone());
        }
        Ok((placed, stale))
    })?;
    // The replaced profile's keyring item is not needed once the file no longer names it.
    if let Some(item) = stale
        && let Err(failure) = secrets::delete(&item)
        && !args.quiet
    {
        eprintln!("warning: {failure}");
    }
    eprintln!(
        "Saved profile `{name}` in {}{}; use it with `jshell --profile {name}` (or without --profile when it is the default)",
        store.path().display(),
        placed.said()
    );
    Ok(name)
}

/// jirashell's `--print-tokens`: the token, its secret and the command line reusing them.
fn print_tokens(inputs: &Inputs, access: &oauth1::AccessToken) {
    println!("Access token: {}", access.token.token);
    println!("Access token secret: {}", access.token.secret.expose());
    println!("Reuse them with:");
    println!(
        "  jshell --server {} --consumer-key {} --key-cert {} --access-token {} --access-token-secret {} -e 'jira.myself()'",
        inputs.server,
        inputs.consumer_key,
        inputs.key_cert.display(),
        access.token.token,
        access.token.secret.expose()
    );
}

enum VerifierMode {
    Loopback(callback::CallbackServer),
    OutOfBand,
    None,
}

fn present(url: &str, no_browser: bool) {
    match browser::open(url, !no_browser) {
        browser::Opened::Browser(_) => {
            eprintln!(
                "Opened the authorization page in your browser. If it did not open, visit:\n  {url}"
            );
        }
        browser::Opened::Printed => {
            eprintln!("Open this URL in a browser, log in to Jira and click Allow:\n  {url}");
        }
    }
}

/// Each refusal of the dance gets a message that says what to do.
fn dance_failure(error: oauth1::Error) -> Failure {
    let Some(problem) = error.problem() else {
        return Failure::from(error);
    };
    let what = match problem.problem.as_str() {
        "permission_denied" | "user_refused" => "access was denied in Jira".to_owned(),
        "token_expired" | "token_rejected" | "token_used" => {
            "the request token expired or was already used (Jira keeps it 10 minutes); run jshell login again and approve sooner".to_owned()
        }
        "consumer_key_unknown" => {
            "Jira has no application link with this consumer key; check --consumer-key against the link's Incoming Authentication".to_owned()
        }
        "signature_invalid" => {
            "Jira could not verify the signature: --key-cert does not match the public key on the application link, or --server differs from Jira's base URL".to_owned()
        }
        "timestamp_refused" => jira::clock_skew(problem).unwrap_or_else(|| {
            "this machine's clock is off; synchronize it and retry".to_owned()
        }),
        _ => problem.hint().to_owned(),
    };
    Failure::auth(format!("login failed: {what}\n({error})"))
}
