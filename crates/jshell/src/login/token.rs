//! `jshell login --pat` and `jshell login --api-token`: logins with a token the user already
//! has. A personal access token is Data Center's way in (the only one on Data Center 11, where
//! basic authentication is off); an Atlassian API token is Cloud's, sent with Basic
//! authentication as the account's email and the token. A *scoped* API token works only
//! through Atlassian's API gateway, at the site's cloud id, which the site tells at
//! `/_edge/tenant_info`: it is found once and saved. Either token is proved with `myself()`
//! before anything is saved.

use url::Url;

use crate::cli::{GlobalArgs, LoginArgs};
use crate::config::{ApiTokenProfile, ConfigStore, ProfileAuth};
use crate::connect;
use crate::failure::Failure;
use crate::prompt;
use crate::settings::Connection;

use super::{LoggedIn, connection, prove, save_profile};

/// Where an API token comes from when no flag gives it.
const API_TOKEN_ENV: &str = "JSHELL_API_TOKEN";

/// `jshell login --pat`: the token from --pat (or `JSHELL_PAT`), else asked for.
pub fn pat(
    runtime: &tokio::runtime::Runtime,
    args: &GlobalArgs,
    login: &LoginArgs,
    store: &ConfigStore,
) -> Result<LoggedIn, Failure> {
    let server = server(args, "--pat")?;
    let token = match args.pat.as_deref().filter(|token| !token.is_empty()) {
        Some(token) => token.to_owned(),
        None => prompt::secret(&format!("Personal access token for {server}: "))?,
    };
    let auth = jira::Auth::bearer(token.as_str());
    prove(runtime, &connection(args, &server, auth), args.verbose)?;
    let profile = save_profile(store, args, login, &server, ProfileAuth::Pat { token })?;
    Ok(LoggedIn { profile })
}

/// `jshell login --save-password`: basic authentication for --username with the password from
/// --password, else asked for, saved only in the OS keyring (`secrets::place` refuses the
/// file).
pub fn basic(
    runtime: &tokio::runtime::Runtime,
    args: &GlobalArgs,
    login: &LoginArgs,
    store: &ConfigStore,
) -> Result<LoggedIn, Failure> {
    let server = server(args, "--save-password")?;
    let Some(username) = args.username.clone() else {
        return Err(Failure::usage(
            "jshell login --save-password needs --username USER",
        ));
    };
    let password = match args
        .password
        .as_deref()
        .filter(|password| !password.is_empty())
    {
        Some(password) => password.to_owned(),
        None => prompt::secret(&format!("Password for {username} at {server}: "))?,
    };
    let auth = jira::Auth::basic(username.as_str(), password.as_str());
    prove(runtime, &connection(args, &server, auth), args.verbose)?;
    let saved = ProfileAuth::Basic {
        username,
        password: Some(password),
    };
    let profile = save_profile(store, args, login, &server, saved)?;
    Ok(LoggedIn { profile })
}

/// `jshell login --api-token [--scoped]`: the email from --username, the token from
/// `JSHELL_API_TOKEN` (or --password), else asked for.
pub fn api_token(
    runtime: &tokio::runtime::Runtime,
    args: &GlobalArgs,
    login: &LoginArgs,
    store: &ConfigStore,
) -> Result<LoggedIn, Failure> {
    let server = server(args, "--api-token")?;
    let Some(email) = args.username.clone() else {
        return Err(Failure::usage(
            "jshell login --api-token needs --username EMAIL: the email address of the \
             Atlassian account the token belongs to",
        ));
    };
    let token = match std::env::var(API_TOKEN_ENV)
        .ok()
        .or_else(|| args.password.clone())
    {
        Some(token) if !token.is_empty() => token,
        _ => prompt::secret(&format!("API token for {email} at {server}: "))?,
    };
    let mut saved = ApiTokenProfile {
        email,
        token,
        scoped: login.token.scoped,
        cloud_id: None,
        api_url: login.token.atlassian_api_url.clone(),
    };
    if saved.scoped {
        saved.cloud_id = Some(cloud_id(runtime, args, &server)?);
    }
    let auth = jira::Auth::basic(saved.email.as_str(), saved.token.as_str());
    let proving = Connection {
        server: Some(saved.rest_base(&server)?),
        ..connection(args, &server, auth)
    };
    prove(runtime, &proving, args.verbose)?;
    let profile = save_profile(store, args, login, &server, ProfileAuth::ApiToken(saved))?;
    Ok(LoggedIn { profile })
}

/// The server a token login is for: --server is required, since nothing else names it.
fn server(args: &GlobalArgs, flag: &str) -> Result<String, Failure> {
    args.server.clone().ok_or_else(|| {
        Failure::usage(format!(
            "jshell login {flag} needs --server URL: the Jira the token is for"
        ))
    })
}

/// The cloud id the site at `server` tells anyone who asks.
fn cloud_id(
    runtime: &tokio::runtime::Runtime,
    args: &GlobalArgs,
    server: &str,
) -> Result<String, Failure> {
    let site = Url::parse(server)
        .map_err(|error| Failure::usage(format!("--server {server}: not a URL: {error}")))?;
    let anonymous = connect::client(
        &connection(args, server, jira::Auth::Anonymous),
        args.verbose,
        true,
    )?;
    let id = runtime
        .block_on(jira::cloud::cloud_id(&anonymous, &site))
        .map_err(|error| {
            Failure::usage(format!(
                "cannot find the cloud id of {server}, which a scoped API token needs: {error}"
            ))
        })?;
    eprintln!("{server} is the Cloud site {id}; requests go through Atlassian's API gateway.");
    Ok(id)
}
