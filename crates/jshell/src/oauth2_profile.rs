//! An OAuth 2.0 profile as the client uses it: the provider, the client credentials and the
//! tokens, and the keeper through which renewed tokens are saved back where they came from —
//! the profile, or its item in the OS keyring — under the configuration file's lock.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use jira::oauth2::{ClientCredentials, KeptTokens, Provider, Session, TokenKeeper, Tokens};
use oauth1::Secret;

use crate::config::{ConfigStore, LockedConfig, OAuth2Flavor, OAuth2Profile, ProfileAuth};
use crate::failure::Failure;
use crate::secrets;

/// The provider a profile was made with.
pub fn provider(server: &str, profile: &OAuth2Profile) -> Result<Provider, Failure> {
    provider_at(
        profile.flavor,
        server,
        profile.auth_url.as_deref(),
        profile.api_url.as_deref(),
    )
}

/// The provider for `flavor`: Data Center at `server`, or Cloud at the given hosts (Atlassian's
/// unless told otherwise).
pub fn provider_at(
    flavor: OAuth2Flavor,
    server: &str,
    auth_url: Option<&str>,
    api_url: Option<&str>,
) -> Result<Provider, Failure> {
    Ok(match flavor {
        OAuth2Flavor::DataCenter => Provider::data_center(server)?,
        OAuth2Flavor::Cloud => Provider::cloud(
            auth_url.unwrap_or(jira::oauth2::CLOUD_AUTH_URL),
            api_url.unwrap_or(jira::oauth2::CLOUD_API_URL),
        )?,
    })
}

/// Where REST calls go: the server itself, or for Cloud the API gateway's path for the site.
pub fn rest_base(server: &str, profile: &OAuth2Profile) -> Result<String, Failure> {
    let provider = provider(server, profile)?;
    let cloud_id = profile.cloud_id.as_deref().unwrap_or_default();
    match provider.cloud_base_url(cloud_id) {
        None => Ok(server.to_owned()),
        Some(_) if cloud_id.is_empty() => Err(Failure::usage(
            "the OAuth 2.0 Cloud profile has no cloud_id; run `jshell login --oauth2` again",
        )),
        Some(base) => Ok(base?.to_string()),
    }
}

/// The credentials for a profile's requests: its tokens, renewed and saved back into the
/// profile `name` of `store`.
pub fn auth(
    server: &str,
    profile: &OAuth2Profile,
    store: &ConfigStore,
    name: &str,
) -> Result<jira::Auth, Failure> {
    let keeper = ProfileKeeper {
        store: store.clone(),
        profile: name.to_owned(),
    };
    Ok(jira::Auth::OAuth2(Session::new(
        provider(server, profile)?,
        credentials(profile)?,
        tokens_of(profile),
        Some(Arc::new(keeper)),
    )))
}

pub fn credentials(profile: &OAuth2Profile) -> Result<ClientCredentials, Failure> {
    let redirect_uri = url::Url::parse(&profile.redirect_uri).map_err(|error| {
        Failure::usage(format!(
            "the profile's redirect_uri `{}` is not a URL ({error}); run `jshell login --oauth2` again",
            profile.redirect_uri
        ))
    })?;
    Ok(ClientCredentials {
        id: profile.client_id.clone(),
        secret: Secret::new(profile.client_secret.as_str()),
        redirect_uri,
    })
}

pub fn tokens_of(profile: &OAuth2Profile) -> Tokens {
    Tokens {
        access_token: Secret::new(profile.access_token.as_str()),
        refresh_token: profile.refresh_token.as_deref().map(Secret::new),
        // An unreadable date counts as expired: a refresh costs one request, a dead token a run.
        expires_at: profile.expires_at.as_deref().map(|text| {
            text.parse::<jiff::Timestamp>()
                .ok()
                .and_then(|at| u64::try_from(at.as_second()).ok())
                .map_or(SystemTime::UNIX_EPOCH, |seconds| {
                    SystemTime::UNIX_EPOCH + Duration::from_secs(seconds)
                })
        }),
        lifetime: profile.lifetime_seconds.map(Duration::from_secs),
        scope: Some(profile.scope.clone()),
    }
}

/// Copies `tokens` into `profile`.
pub fn store_tokens(profile: &mut OAuth2Profile, tokens: &Tokens) {
    profile.access_token = tokens.access_token.expose().to_owned();
    profile.refresh_token = tokens
        .refresh_token
        .as_ref()
        .map(|token| token.expose().to_owned());
    profile.expires_at = tokens
        .expires_at
        .and_then(|at| jiff::Timestamp::try_from(at).ok().map(|at| at.to_string()));
    profile.lifetime_seconds = tokens.lifetime.map(|lifetime| lifetime.as_secs());
    if let Some(scope) = &tokens.scope {
        profile.scope.clone_from(scope);
    }
}

/// Saves renewed tokens into one profile of the configuration file.
struct ProfileKeeper {
    store: ConfigStore,
    profile: String,
}

impl TokenKeeper for ProfileKeeper {
    fn lock(&self) -> Result<Box<dyn KeptTokens>, jira::Error> {
        let locked = self.store.lock_for_update().map_err(config_error)?;
        let Some(saved) = locked.config.profiles.get(&self.profile) else {
            return Err(vanished(&self.profile));
        };
        // With a keyring item the newest tokens are there; it is read under the file's lock,
        // which every renewal holds, so another process's renewal is seen here.
        let full = secrets::attached(&self.profile, saved).map_err(config_error)?;
        let ProfileAuth::Oauth2(full) = full.auth else {
            return Err(vanished(&self.profile));
        };
        Ok(Box::new(KeptProfile {
            tokens: tokens_of(&full),
            locked,
            profile: self.profile.clone(),
            full,
        }))
    }
}

struct KeptProfile {
    locked: LockedConfig,
    profile: String,
    /// The profile's OAuth 2.0 login with its secrets, wherever they are kept.
    full: OAuth2Profile,
    tokens: Tokens,
}

fn vanished(profile: &str) -> jira::Error {
    jira::Error::config(format!(
        "the profile `{profile}` changed while jshell ran and no longer holds an OAuth 2.0 \
         login; run `jshell login --oauth2` again"
    ))
}

impl KeptTokens for KeptProfile {
    fn tokens(&self) -> &Tokens {
        &self.tokens
    }

    fn save(&mut self, tokens: &Tokens) -> Result<(), jira::Error> {
        let Some(saved) = self.locked.config.profiles.get_mut(&self.profile) else {
            return Err(vanished(&self.profile));
        };
        if !matches!(saved.auth, ProfileAuth::Oauth2(_)) {
            return Err(vanished(&self.profile));
        }
        let mut full = self.full.clone();
        store_tokens(&mut full, tokens);
        let mut auth = ProfileAuth::Oauth2(full.clone());
        if let Some(item) = &saved.keyring {
            // The keyring first, then the file: a crash between the two leaves the new tokens
            // in the keyring and the old expiry in the file, so the next run only renews early.
            let bag = secrets::take(&mut auth);
            secrets::write(item, &bag, &self.profile).map_err(config_error)?;
        }
        saved.auth = auth;
        self.locked.save().map_err(config_error)?;
        self.full = full;
        self.tokens = tokens.clone();
        Ok(())
    }
}

fn config_error(failure: Failure) -> jira::Error {
    jira::Error::config(failure.message)
}
