//! `jshell login --oauth2`: the authorization-code flow with PKCE against a Data Center
//! incoming link or a Cloud (3LO) app, the code exchanged by the loopback listener the moment
//! it arrives (Data Center's codes live 10 seconds), proved with `myself()` and saved.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use jira::oauth2::{Authorization, ClientCredentials, MemoryKeeper, Provider, Session, Tokens};
use oauth1::Secret;
use url::Url;

use super::callback::{Arrival, CallbackServer};
use crate::cli::{DEFAULT_REDIRECT_URI, GlobalArgs, LoginArgs, OAuth2LoginArgs};
use crate::config::{ConfigFile, ConfigStore, OAuth2Flavor, OAuth2Profile, ProfileAuth};
use crate::failure::Failure;
use crate::oauth2_profile;
use crate::secrets;
use crate::settings;
use crate::{connect, prompt};

/// Data Center's scopes, each including the ones before it.
const DATA_CENTER_SCOPES: [&str; 4] = ["READ", "WRITE", "ADMIN", "SYSTEM_ADMIN"];

/// What a login needs, from the flags and the profile being renewed.
struct Inputs {
    server: String,
    flavor: OAuth2Flavor,
    provider: Provider,
    credentials: ClientCredentials,
    scope: String,
    auth_url: Option<String>,
    api_url: Option<String>,
}

pub fn login(
    runtime: &tokio::runtime::Runtime,
    args: &GlobalArgs,
    login: &LoginArgs,
    store: &ConfigStore,
) -> Result<super::LoggedIn, Failure> {
    let flags = &login.oauth2;
    let inputs = inputs(args, flags, &store.load()?)?;
    let anonymous = connect::client(
        &super::connection(args, &inputs.server, jira::Auth::Anonymous),
        args.verbose,
        true,
    )?;
    let timeout = Duration::from_secs(flags.approval_timeout);
    let tokens = runtime.block_on(authorize(
        &anonymous,
        &inputs,
        args.dance.no_browser,
        timeout,
    ))?;
    let cloud_id = match inputs.flavor {
        OAuth2Flavor::Cloud => Some(runtime.block_on(cloud_site(&anonymous, &inputs, &tokens))?),
        OAuth2Flavor::DataCenter => None,
    };
    let mut profile = profile_for(&inputs, cloud_id);
    let base = oauth2_profile::rest_base(&inputs.server, &profile)?;
    // The proof may renew a token that lives only seconds, and the provider then rotates the
    // refresh token away: the keeper holds every renewal, and the profile saves its newest.
    let keeper = MemoryKeeper::new(tokens.clone());
    let session = Session::new(
        inputs.provider.clone(),
        inputs.credentials.clone(),
        tokens,
        Some(Arc::new(keeper.clone())),
    );
    super::prove(
        runtime,
        &super::connection(args, &base, jira::Auth::OAuth2(session)),
        args.verbose,
    )?;
    let tokens = runtime.block_on(keeper.latest());
    oauth2_profile::store_tokens(&mut profile, &tokens);
    let name = super::save_profile(
        store,
        args,
        login,
        &inputs.server,
        ProfileAuth::Oauth2(profile),
    )?;
    if args.dance.print_tokens {
        print_tokens(&tokens);
    }
    Ok(super::LoggedIn { profile: name })
}

/// The profile a login saves, without its tokens yet.
fn profile_for(inputs: &Inputs, cloud_id: Option<String>) -> OAuth2Profile {
    OAuth2Profile {
        flavor: inputs.flavor,
        client_id: inputs.credentials.id.clone(),
        client_secret: inputs.credentials.secret.expose().to_owned(),
        redirect_uri: inputs.credentials.redirect_uri.to_string(),
        scope: inputs.scope.clone(),
        access_token: String::new(),
        refresh_token: None,
        expires_at: None,
        lifetime_seconds: None,
        cloud_id,
        auth_url: inputs.auth_url.clone(),
        api_url: inputs.api_url.clone(),
    }
}

/// The server, the link's client and the scope: flags first, then the OAuth 2.0 profile being
/// renewed, then defaults.
fn inputs(
    args: &GlobalArgs,
    flags: &OAuth2LoginArgs,
    config: &ConfigFile,
) -> Result<Inputs, Failure> {
    // The saved client secret may be in the keyring; unreachable, it is asked for again.
    let selected = settings::select_profile(args, config)?.map(|(name, profile)| {
        secrets::attached(name, profile).unwrap_or_else(|_| profile.clone())
    });
    let existing = selected.as_ref().and_then(|profile| match &profile.auth {
        ProfileAuth::Oauth2(oauth2) => Some((profile.server.as_str(), oauth2)),
        _ => None,
    });
    let saved = existing.map(|(_, oauth2)| oauth2);
    let Some(server) = args
        .server
        .clone()
        .or_else(|| existing.map(|(server, _)| server.to_owned()))
    else {
        return Err(Failure::usage(
            "jshell login --oauth2 needs --server URL: Jira's base URL (on Cloud, the site's \
             URL such as https://example.atlassian.net)",
        ));
    };
    let flavor = flavor(&server, flags, saved);
    let credentials = credentials(flags, saved)?;
    let auth_url = flags
        .auth_url
        .clone()
        .or_else(|| saved.and_then(|saved| saved.auth_url.clone()));
    let api_url = flags
        .api_url
        .clone()
        .or_else(|| saved.and_then(|saved| saved.api_url.clone()));
    let provider =
        oauth2_profile::provider_at(flavor, &server, auth_url.as_deref(), api_url.as_deref())?;
    let scope = flags
        .scope
        .clone()
        .or_else(|| saved.map(|saved| saved.scope.clone()))
        .unwrap_or_else(|| provider.default_scope().to_owned());
    check_scope(flavor, &scope)?;
    Ok(Inputs {
        server,
        flavor,
        provider,
        credentials,
        scope,
        auth_url,
        api_url,
    })
}

/// The link's client: its ID, its secret (the saved one only for the same ID) and the Redirect
/// URL registered with it.
fn credentials(
    flags: &OAuth2LoginArgs,
    saved: Option<&OAuth2Profile>,
) -> Result<ClientCredentials, Failure> {
    let Some(id) = flags
        .client_id
        .clone()
        .or_else(|| saved.map(|saved| saved.client_id.clone()))
    else {
        return Err(Failure::usage(
            "jshell login --oauth2 needs --client-id ID: the Client ID Jira showed when the \
             incoming link was created (`jshell login --oauth2 --print-setup` says how to \
             create one)",
        ));
    };
    let saved_secret = saved
        .filter(|saved| saved.client_id == id && !saved.client_secret.is_empty())
        .map(|saved| saved.client_secret.as_str());
    let secret = client_secret(flags.client_secret_file.as_deref(), saved_secret)?;
    let redirect = flags
        .redirect_uri
        .clone()
        .or_else(|| saved.map(|saved| saved.redirect_uri.clone()));
    let redirect_uri = redirect_uri(redirect.as_deref().unwrap_or(DEFAULT_REDIRECT_URI))?;
    Ok(ClientCredentials {
        id,
        secret,
        redirect_uri,
    })
}

fn flavor(server: &str, flags: &OAuth2LoginArgs, saved: Option<&OAuth2Profile>) -> OAuth2Flavor {
    let atlassian_host = settings::host_of(server)
        .is_some_and(|host| host.ends_with(".atlassian.net") || host.ends_with(".jira.com"));
    if flags.cloud || atlassian_host {
        OAuth2Flavor::Cloud
    } else {
        saved.map_or(OAuth2Flavor::DataCenter, |saved| saved.flavor)
    }
}

/// The client secret: a file, else `JSHELL_CLIENT_SECRET`, else the profile being renewed, else
/// a prompt.
fn client_secret(file: Option<&Path>, saved: Option<&str>) -> Result<Secret, Failure> {
    if let Some(file) = file {
        let text = std::fs::read_to_string(file).map_err(|error| {
            Failure::usage(format!(
                "cannot read the client secret file {}: {error}",
                file.display()
            ))
        })?;
        let secret = text.trim();
        if secret.is_empty() {
            return Err(Failure::usage(format!(
                "the client secret file {} is empty",
                file.display()
            )));
        }
        return Ok(Secret::new(secret));
    }
    if let Some(secret) = std::env::var("JSHELL_CLIENT_SECRET")
        .ok()
        .filter(|secret| !secret.trim().is_empty())
    {
        return Ok(Secret::new(secret.trim()));
    }
    if let Some(saved) = saved {
        return Ok(Secret::new(saved));
    }
    let secret = prompt::secret("Client secret of the incoming link: ")?;
    if secret.trim().is_empty() {
        return Err(Failure::usage(
            "no client secret was given: pass --client-secret-file FILE or set JSHELL_CLIENT_SECRET",
        ));
    }
    Ok(Secret::new(secret.trim()))
}

/// The Redirect URL jshell can listen on: plain http on this machine, with a port.
fn redirect_uri(text: &str) -> Result<Url, Failure> {
    let url = Url::parse(text).map_err(|error| {
        Failure::usage(format!("--redirect-uri `{text}` is not a URL ({error}); write it as http://127.0.0.1:PORT/callback"))
    })?;
    let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost"));
    if url.scheme() != "http" || !loopback || url.port().is_none() {
        return Err(Failure::usage(format!(
            "--redirect-uri `{text}` is not one jshell can listen on: it must be \
             http://127.0.0.1:PORT/PATH (jshell receives the browser's answer on this machine, \
             in plain HTTP that never leaves it). Data Center accepts such a Redirect URL once \
             the administrator sets atlassian.oauth2.provider.skip.redirect.url.https.requirement \
             (see the README)"
        )));
    }
    Ok(url)
}

fn check_scope(flavor: OAuth2Flavor, scope: &str) -> Result<(), Failure> {
    if flavor == OAuth2Flavor::DataCenter && !DATA_CENTER_SCOPES.contains(&scope) {
        return Err(Failure::usage(format!(
            "--scope `{scope}` is not a Data Center scope: use one of {} (the link's own scope \
             or less)",
            DATA_CENTER_SCOPES.join(", ")
        )));
    }
    if scope.trim().is_empty() {
        return Err(Failure::usage("--scope is empty"));
    }
    Ok(())
}

/// The user's approval in the browser, and the code exchanged for tokens at once.
async fn authorize(
    anonymous: &jira::Client,
    inputs: &Inputs,
    no_browser: bool,
    timeout: Duration,
) -> Result<Tokens, Failure> {
    let listener = CallbackServer::bind_to(&inputs.credentials.redirect_uri).await?;
    let authorization = Authorization::start(&inputs.provider, &inputs.credentials, &inputs.scope)?;
    let url = authorization.url().to_string();
    eprintln!("Waiting for you to approve jshell in the browser…");
    // The browser is waited for on its own thread: a `$BROWSER` script that follows the
    // redirect needs the listener answering meanwhile.
    std::thread::spawn(move || super::present(&url, no_browser));
    let is_answer = |params: &[(String, String)]| {
        params
            .iter()
            .any(|(key, _)| matches!(key.as_str(), "code" | "error"))
    };
    let arrival = listener
        .arrival(is_answer, timeout)
        .await
        .ok_or_else(|| gave_up(inputs, timeout))?;
    let code = accepted_code(&arrival, &authorization, &inputs.server)?;
    let Some(code) = code else {
        arrival.reply("jshell was denied", "Access was denied: jshell is not authorized. Run jshell login --oauth2 again to retry.").await;
        return Err(Failure::auth(format!(
            "access was denied in the browser: jshell is not authorized for {}; nothing was saved",
            inputs.server
        )));
    };
    match authorization
        .exchange(anonymous, &inputs.provider, &inputs.credentials, &code)
        .await
    {
        Ok(tokens) => {
            let message = format!(
                "jshell is now authorized for {} — you can close this tab.",
                inputs.server
            );
            arrival.reply("jshell is authorized", &message).await;
            Ok(tokens)
        }
        Err(error) => {
            arrival
                .reply(
                    "jshell login failed",
                    "Jira refused to exchange the authorization; the terminal says why.",
                )
                .await;
            let mut failure = Failure::from(error);
            failure.message = format!("login failed: {}\nnothing was saved", failure.message);
            Err(failure)
        }
    }
}

/// The code the browser brought back for this login, `None` when the user denied access.
/// An answer with another `state` is refused: it belongs to another login, or was forged.
fn accepted_code(
    arrival: &Arrival,
    authorization: &Authorization,
    server: &str,
) -> Result<Option<String>, Failure> {
    if arrival.param("state") != Some(authorization.state()) {
        return Err(Failure::auth(
            "the browser's answer carries a `state` that does not match this login (it comes \
             from an older login's tab, or was forged); nothing was saved: run jshell login \
             --oauth2 again",
        ));
    }
    match (arrival.param("error"), arrival.param("code")) {
        (Some("access_denied"), _) => Ok(None),
        (Some(error), _) => Err(Failure::auth(format!(
            "{server} refused the authorization: `{error}`{}; check the link's Redirect URL and \
             scope, then run jshell login --oauth2 again",
            arrival
                .param("error_description")
                .map(|text| format!(" ({text})"))
                .unwrap_or_default()
        ))),
        (None, Some(code)) if !code.is_empty() => Ok(Some(code.to_owned())),
        (None, _) => Err(Failure::auth(
            "the browser's answer carries no authorization code; run jshell login --oauth2 again",
        )),
    }
}

fn gave_up(inputs: &Inputs, timeout: Duration) -> Failure {
    Failure::auth(format!(
        "gave up waiting for the browser after {} seconds; nothing was saved. If Jira showed an \
         error page instead of asking for approval, the usual cause is a Redirect URL that is \
         not exactly the link's (jshell used {}; change the link or pass --redirect-uri) or a \
         Client ID that is not the link's",
        timeout.as_secs(),
        inputs.credentials.redirect_uri
    ))
}

/// The cloud id of the site `--server` names, among those the token reaches.
async fn cloud_site(
    anonymous: &jira::Client,
    inputs: &Inputs,
    tokens: &Tokens,
) -> Result<String, Failure> {
    let sites =
        jira::oauth2::cloud_sites(anonymous, &inputs.provider, &tokens.access_token).await?;
    if let Some(site) = sites
        .iter()
        .find(|site| settings::same_server(&site.url, &inputs.server))
    {
        return Ok(site.id.clone());
    }
    let reachable: Vec<String> = sites
        .iter()
        .map(|site| format!("{} ({})", site.url, site.name))
        .collect();
    Err(Failure::auth(format!(
        "the new token does not reach {}; it reaches {}. Pass one of these as --server, or \
         install the app on that site and log in again",
        inputs.server,
        if reachable.is_empty() {
            "no site at all".to_owned()
        } else {
            reachable.join(", ")
        }
    )))
}

/// `--print-tokens`: the tokens, said to be secrets.
fn print_tokens(tokens: &Tokens) {
    println!("Access token: {}", tokens.access_token.expose());
    if let Some(refresh) = &tokens.refresh_token {
        println!("Refresh token: {}", refresh.expose());
    }
    println!("Both are secrets: the saved profile renews them by itself, so you rarely need them.");
}

/// What to enter in Jira (or in Atlassian's developer console) before the first login.
pub fn print_setup(args: &GlobalArgs, flags: &OAuth2LoginArgs) -> Result<(), Failure> {
    let redirect = redirect_uri(
        flags
            .redirect_uri
            .as_deref()
            .unwrap_or(DEFAULT_REDIRECT_URI),
    )?;
    let server = args
        .server
        .clone()
        .unwrap_or_else(|| "https://jira.example.com".to_owned());
    let cloud = flavor(&server, flags, None) == OAuth2Flavor::Cloud;
    let scope = flags.scope.clone();
    if cloud {
        println!(
            "Create an OAuth 2.0 (3LO) app for jshell once, at https://developer.atlassian.com/console/myapps/:\n\n  \
             1. Create → OAuth 2.0 integration; name it jshell.\n  \
             2. Permissions → Jira API → Add, then Configure: add the scopes jshell asks for:\n     \
             {}\n  \
             3. Authorization → OAuth 2.0 (3LO) → Callback URL: {redirect}\n  \
             4. Settings: copy the Client ID and the Secret.\n\n\
             Then log in (the secret is asked for, or read from JSHELL_CLIENT_SECRET or --client-secret-file):\n\n  \
             jshell login --oauth2 --server {server} --client-id CLIENT_ID{}",
            scope
                .as_deref()
                .unwrap_or("read:jira-work write:jira-work read:jira-user offline_access"),
            redirect_flag(flags)
        );
    } else {
        println!(
            "A Jira administrator creates an incoming link for jshell once:\n\n  \
             1. Administration (⚙) → Applications → Application links → Create link.\n  \
             2. Application type: External application; Direction: Incoming → Continue.\n  \
             3. Name: jshell\n     \
             Redirect URL: {redirect}\n     \
             Permission: {} (READ, WRITE, ADMIN or SYSTEM_ADMIN; jshell asks for the one given with --scope)\n  \
             4. Save, and copy the Client ID and the Client secret shown.\n\n\
             Jira accepts an http:// Redirect URL only when it runs with the system property\n  \
             -Datlassian.oauth2.provider.skip.redirect.url.https.requirement=true\n\
             (see the README for the other choices). Then, on each machine:\n\n  \
             jshell login --oauth2 --server {server} --client-id CLIENT_ID{}",
            scope.as_deref().unwrap_or("Write"),
            redirect_flag(flags)
        );
    }
    Ok(())
}

fn redirect_flag(flags: &OAuth2LoginArgs) -> String {
    flags
        .redirect_uri
        .as_ref()
        .map(|uri| format!(" --redirect-uri {uri}"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_http_loopback_redirects_with_a_port_are_accepted() {
        assert!(redirect_uri("http://127.0.0.1:8765/callback").is_ok());
        assert!(redirect_uri("http://localhost:9000/cb").is_ok());
        for refused in [
            "https://127.0.0.1:8765/callback",
            "http://example.com:8765/callback",
            "http://127.0.0.1/callback",
            "not a url",
        ] {
            let failure = redirect_uri(refused).expect_err(refused);
            assert!(failure.message.contains("--redirect-uri"), "{failure}");
        }
    }

    #[test]
    fn data_center_scopes_are_checked() {
        assert!(check_scope(OAuth2Flavor::DataCenter, "READ").is_ok());
        let failure = check_scope(OAuth2Flavor::DataCenter, "write").expect_err("lower case");
        assert!(
            failure.message.contains("READ, WRITE, ADMIN, SYSTEM_ADMIN"),
            "{failure}"
        );
        assert!(check_scope(OAuth2Flavor::Cloud, "read:jira-work offline_access").is_ok());
    }
}
