//! Settings resolution: flags, then environment variables (clap reads both), then the selected
//! profile of the configuration file, then defaults.

use std::path::PathBuf;

use oauth1::{Consumer, PrivateKey, Token};

use crate::cli::GlobalArgs;
use crate::config::{ConfigFile, ConfigStore, Profile, ProfileAuth};
use crate::expiry;
use crate::failure::Failure;
use crate::jirashell_ini::{self, JirashellIni};
use crate::oauth2_profile;
use crate::prompt;
use crate::secrets;

/// Everything needed to build a Jira client.
#[derive(Debug)]
pub struct Connection {
    pub server: Option<String>,
    pub auth: jira::Auth,
    pub rest_path: Option<String>,
    pub rest_api_version: Option<String>,
    pub ca_cert: Option<PathBuf>,
    pub no_verify: bool,
    pub page_concurrency: Option<u16>,
    /// The profile the settings came from, if any.
    pub profile: Option<String>,
    /// What happens to requests that change Jira.
    pub writes: jira::WritePolicy,
    /// The deployment the profile remembered, if any.
    pub deployment: Option<jira::Deployment>,
}

/// A dry run holds every write back (so nothing is written even on a read-only profile);
/// otherwise the flag or the profile may make the session read-only, and a flag cannot undo
/// what the profile says.
pub fn write_policy(args: &GlobalArgs, profile: Option<&Profile>) -> jira::WritePolicy {
    if args.dry_run {
        jira::WritePolicy::DryRun
    } else if args.read_only || profile.is_some_and(|profile| profile.read_only) {
        jira::WritePolicy::ReadOnly
    } else {
        jira::WritePolicy::Send
    }
}

/// Picks the profile to use: the one named, else the one for `--server`'s host or URL, else the
/// default, else the only one.
pub fn select_profile<'a>(
    args: &GlobalArgs,
    config: &'a ConfigFile,
) -> Result<Option<(&'a str, &'a Profile)>, Failure> {
    if let Some(name) = &args.profile {
        return match config.profiles.get_key_value(name) {
            Some((name, profile)) => Ok(Some((name.as_str(), profile))),
            None => Err(Failure::usage(format!(
                "no profile named `{name}`; {}",
                known_profiles(config)
            ))),
        };
    }
    if let Some(server) = &args.server {
        let host = host_of(server);
        let found = config.profiles.iter().find(|(name, profile)| {
            same_server(&profile.server, server) || host.as_deref() == Some(name.as_str())
        });
        return Ok(found.map(|(name, profile)| (name.as_str(), profile)));
    }
    if let Some(name) = &config.default_profile {
        return match config.profiles.get_key_value(name) {
            Some((name, profile)) => Ok(Some((name.as_str(), profile))),
            None => Err(Failure::usage(format!(
                "the configuration's default_profile `{name}` does not exist; {} \
                 (fix default_profile, or pick one with --profile)",
                known_profiles(config)
            ))),
        };
    }
    if config.profiles.len() == 1 {
        return Ok(config
            .profiles
            .iter()
            .next()
            .map(|(name, profile)| (name.as_str(), profile)));
    }
    Ok(None)
}

pub fn known_profiles(config: &ConfigFile) -> String {
    if config.profiles.is_empty() {
        "no profiles are saved yet: log in with `jshell login --server URL --consumer-key KEY --key-cert rsa.pem`".to_owned()
    } else {
        let names: Vec<&str> = config.profiles.keys().map(String::as_str).collect();
        format!("saved profiles: {}", names.join(", "))
    }
}

/// The connection for scripts and the REPL, or why there is none. An unreadable configuration
/// file only stops what needs it: a warning names the file and line, scripts that never call
/// `jira` still run, and flags naming both the server and the credentials still connect.
/// When no saved profile applies, jirashell's own settings file is used, saying so.
pub fn resolve_for_scripts(
    args: &GlobalArgs,
    store: &ConfigStore,
) -> Result<Result<Connection, String>, Failure> {
    let config = match store.load() {
        Ok(config) => config,
        Err(failure) => {
            if !args.quiet {
                eprintln!(
                    "warning: {} (saved profiles are unavailable; scripts that do not use `jira` \
                     still run)",
                    failure.message
                );
            }
            if args.profile.is_some() || args.server.is_none() || !has_credential_flags(args) {
                return Ok(Err(failure.message));
            }
            ConfigFile::default()
        }
    };
    let selected = select_profile(args, &config)?;
    if let Some((name, profile)) = selected
        && !args.quiet
    {
        expiry::warn_once_a_day(store, name, profile);
    }
    // A profile whose secrets are in the keyring is read from it only when the flags do not
    // bring credentials of their own.
    let attached = match selected {
        Some((name, profile)) if profile.keyring.is_some() && !has_credential_flags(args) => {
            Some((name, secrets::attached(name, profile)?))
        }
        _ => None,
    };
    let selected = attached
        .as_ref()
        .map(|(name, profile)| (*name, profile))
        .or(selected);
    if selected.is_none()
        && let Some(ini) = jirashell_fallback(args)
    {
        let profile = Some((jirashell_ini::NAME, &ini.profile));
        return connection(args, profile, ini.password.as_deref(), store).map(Ok);
    }
    connection(args, selected, None, store).map(Ok)
}

fn has_credential_flags(args: &GlobalArgs) -> bool {
    args.pat.is_some() || args.username.is_some() || args.access_token.is_some()
}

/// jirashell's settings, when they exist and are for the server asked for (if any).
fn jirashell_fallback(args: &GlobalArgs) -> Option<JirashellIni> {
    let path = jirashell_ini::default_path()?;
    let ini = match jirashell_ini::load(&path) {
        Ok(ini) => ini?,
        Err(failure) => {
            if !args.quiet {
                eprintln!("warning: {failure}; going on without them");
            }
            return None;
        }
    };
    if args
        .server
        .as_ref()
        .is_some_and(|server| !same_server(server, &ini.profile.server))
    {
        return None;
    }
    if !args.quiet {
        eprintln!(
            "jshell: no saved profile applies; using jirashell's settings in {} (save them as a \
             profile with `jshell profiles import-jirashell`)",
            path.display()
        );
    }
    Some(ini)
}

/// The connection from flags over `selected`'s settings. `stored_password` is a password that
/// came with the settings (jirashell's `[basic_auth]`), else a basic profile asks for it.
fn connection(
    args: &GlobalArgs,
    selected: Option<(&str, &Profile)>,
    stored_password: Option<&str>,
    store: &ConfigStore,
) -> Result<Connection, Failure> {
    let profile = selected.map(|(_, profile)| profile);
    let auth = resolve_auth(args, selected, stored_password, store)?;
    Ok(Connection {
        server: server(args, profile, &auth)?,
        auth,
        rest_path: args
            .rest_path
            .clone()
            .or_else(|| profile.and_then(|profile| profile.rest_path.clone())),
        rest_api_version: args
            .rest_api_version
            .clone()
            .or_else(|| profile.and_then(|profile| profile.rest_api_version.clone())),
        ca_cert: args
            .ca_cert
            .clone()
            .or_else(|| profile.and_then(|profile| profile.ca_cert.clone())),
        no_verify: args.no_verify || profile.is_some_and(|profile| profile.no_verify),
        page_concurrency: args
            .page_concurrency
            .or_else(|| profile.and_then(|profile| profile.page_concurrency)),
        profile: selected.map(|(name, _)| name.to_owned()),
        writes: write_policy(args, profile),
        // What a profile remembers of its server says nothing of another --server.
        deployment: profile
            .filter(|profile| {
                args.server
                    .as_deref()
                    .is_none_or(|server| server == profile.server)
            })
            .and_then(|profile| profile.deployment)
            .map(Into::into),
    })
}

/// Where requests go: for a saved OAuth 2.0 login or scoped API token its own base (on Cloud,
/// the API gateway's path for the site), else --server, else the profile's server.
fn server(
    args: &GlobalArgs,
    profile: Option<&Profile>,
    auth: &jira::Auth,
) -> Result<Option<String>, Failure> {
    if let (Some(saved), jira::Auth::OAuth2(_)) = (profile, auth)
        && let ProfileAuth::Oauth2(oauth2) = &saved.auth
    {
        return oauth2_profile::rest_base(&saved.server, oauth2).map(Some);
    }
    if let (Some(saved), jira::Auth::Basic { .. }) = (profile, auth)
        && let ProfileAuth::ApiToken(api_token) = &saved.auth
    {
        return api_token.rest_base(&saved.server).map(Some);
    }
    Ok(args
        .server
        .clone()
        .or_else(|| profile.map(|profile| profile.server.clone())))
}

/// The credentials from the flags, else from the profile `selected` (saved OAuth 2.0 tokens
/// are renewed back into it, in `store`).
fn resolve_auth(
    args: &GlobalArgs,
    selected: Option<(&str, &Profile)>,
    stored_password: Option<&str>,
    store: &ConfigStore,
) -> Result<jira::Auth, Failure> {
    let profile_auth = selected.map(|(_, profile)| &profile.auth);
    if let Some(auth) = auth_from_flags(args, profile_auth)? {
        return Ok(auth);
    }
    let Some((name, profile)) = selected else {
        return Ok(jira::Auth::Anonymous);
    };
    match &profile.auth {
        ProfileAuth::Oauth {
            consumer_key,
            key_cert,
            access_token,
            access_token_secret,
            ..
        } => {
            let key_cert = args.key_cert.as_ref().unwrap_or(key_cert);
            let key = PrivateKey::from_file(key_cert)?;
            Ok(jira::Auth::oauth(
                Consumer::rsa_sha1(args.consumer_key.as_ref().unwrap_or(consumer_key), key),
                Token::new(access_token.as_str(), access_token_secret.as_str()),
            ))
        }
        ProfileAuth::Oauth2(oauth2) => oauth2_profile::auth(&profile.server, oauth2, store, name),
        ProfileAuth::Pat { token } => Ok(jira::Auth::bearer(token.as_str())),
        ProfileAuth::ApiToken(api_token) => Ok(jira::Auth::basic(
            api_token.email.as_str(),
            api_token.token.as_str(),
        )),
        ProfileAuth::Basic { username, password } => {
            let password = match stored_password.or(password.as_deref()) {
                Some(password) => password.to_owned(),
                None => prompt::secret(&format!("Password for {username}: "))?,
            };
            Ok(jira::Auth::basic(username.as_str(), password))
        }
        ProfileAuth::Anonymous => Ok(jira::Auth::Anonymous),
    }
}

/// The credentials the flags give, if they give any; at most one way is allowed.
fn auth_from_flags(
    args: &GlobalArgs,
    profile_auth: Option<&ProfileAuth>,
) -> Result<Option<jira::Auth>, Failure> {
    let given: Vec<&str> = [
        (args.pat.is_some(), "--pat"),
        (args.username.is_some(), "--username"),
        (
            args.access_token.is_some() || args.access_token_secret.is_some(),
            "--access-token",
        ),
    ]
    .into_iter()
    .filter_map(|(present, flag)| present.then_some(flag))
    .collect();
    if given.len() > 1 {
        return Err(Failure::usage(format!(
            "{} each choose a way to authenticate; give only one",
            given.join(" and ")
        )));
    }
    if args.username.is_none() && (args.password.is_some() || args.prompt_for_password) {
        return Err(Failure::usage(
            "--password and --prompt-for-password need --username",
        ));
    }
    if let Some(pat) = &args.pat {
        let pat = match pat.as_str() {
            "" => prompt::secret("Personal access token: ")?,
            given => given.to_owned(),
        };
        return Ok(Some(jira::Auth::bearer(pat)));
    }
    if args.access_token.is_some() || args.access_token_secret.is_some() {
        return oauth_from_flags(args, profile_auth).map(Some);
    }
    let Some(user) = &args.username else {
        return Ok(None);
    };
    let password = match (&args.password, args.prompt_for_password) {
        (Some(password), _) => password.clone(),
        (None, true) => prompt::secret(&format!("Password for {user}: "))?,
        (None, false) => {
            return Err(Failure::usage(format!(
                "--username {user} needs a password: add --prompt-for-password (or --password)"
            )));
        }
    };
    Ok(Some(jira::Auth::basic(user.as_str(), password)))
}

/// `--access-token` needs the consumer key, the private key and the token secret. jirashell
/// silently ignored a token given without them and went on anonymously; jshell says what is
/// missing instead.
fn oauth_from_flags(
    args: &GlobalArgs,
    profile_auth: Option<&ProfileAuth>,
) -> Result<jira::Auth, Failure> {
    let (profile_key, profile_cert) = match profile_auth {
        Some(ProfileAuth::Oauth {
            consumer_key,
            key_cert,
            ..
        }) => (Some(consumer_key), Some(key_cert)),
        _ => (None, None),
    };
    let consumer_key = args.consumer_key.as_ref().or(profile_key);
    let key_cert = args.key_cert.as_ref().or(profile_cert);
    let mut missing = Vec::new();
    if args.access_token.is_none() {
        missing.push("--access-token");
    }
    if args.access_token_secret.is_none() {
        missing.push("--access-token-secret");
    }
    if consumer_key.is_none() {
        missing.push("--consumer-key");
    }
    if key_cert.is_none() {
        missing.push("--key-cert");
    }
    match (
        &args.access_token,
        &args.access_token_secret,
        consumer_key,
        key_cert,
    ) {
        (Some(token), Some(secret), Some(consumer_key), Some(key_cert)) => {
            let key = PrivateKey::from_file(key_cert)?;
            Ok(jira::Auth::oauth(
                Consumer::rsa_sha1(consumer_key.as_str(), key),
                Token::new(token.as_str(), secret.as_str()),
            ))
        }
        _ => Err(Failure::usage(format!(
            "an OAuth access token needs --access-token, --access-token-secret, --consumer-key \
             and --key-cert; missing: {} (jshell does not fall back to anonymous access)",
            missing.join(", ")
        ))),
    }
}

/// The host of a server URL, which names its profile by default.
pub fn host_of(server: &str) -> Option<String> {
    url::Url::parse(server)
        .ok()
        .and_then(|url| url.host_str().map(str::to_owned))
}

pub fn same_server(a: &str, b: &str) -> bool {
    a.trim_end_matches('/')
        .eq_ignore_ascii_case(b.trim_end_matches('/'))
}
