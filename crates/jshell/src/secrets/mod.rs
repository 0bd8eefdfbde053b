//! Where a profile's secrets live: in the configuration file (mode 0600), or in the OS keyring
//! (Secret Service, macOS Keychain, Windows Credential Manager) with the profile holding a
//! reference to its item.
//!
//! - `--secrets file|keyring` (or `secrets:` in the configuration) chooses explicitly; without a
//!   choice a login uses the keyring when one is reachable and otherwise the file, saying so
//!   once (`notice.rs`).
//! - A profile's secrets travel as one [`Bag`] — one keyring item per profile — so that a
//!   renewal replaces the access and refresh tokens in one write (`keyring.rs`).
//! - The secret fields are the same ones `jshell profiles show` redacts: OAuth 1.0a's token
//!   secret and session handle, OAuth 2.0's client secret and tokens, a personal access token,
//!   an API token, and a password when `jshell login --save-password` asks (only ever in the
//!   keyring).

mod keyring;
mod notice;

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::config::{ConfigFile, ConfigStore, KeyringRef, Profile, ProfileAuth};
use crate::failure::Failure;

pub use keyring::{delete, service_for, write};

/// Where secrets are saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum SecretsChoice {
    /// The configuration file, mode 0600 (servers, CI, SSH sessions without a keyring).
    File,
    /// The OS keyring; the profile keeps a reference to its item.
    Keyring,
}

/// A profile's secrets by field name, as one keyring item holds them. Its `Debug` shows the
/// names only.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Bag(BTreeMap<String, String>);

impl fmt::Debug for Bag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

/// One secret field of a profile's credentials.
enum Slot<'a> {
    /// A field the credentials cannot work without.
    Required(&'a mut String),
    /// A field some logins have (a refresh token, a session handle).
    Optional(&'a mut Option<String>),
}

/// The secret fields of `auth`, by the name the file and the keyring item give them.
fn slots(auth: &mut ProfileAuth) -> Vec<(&'static str, Slot<'_>)> {
    match auth {
        ProfileAuth::Oauth {
            access_token_secret,
            session_handle,
            ..
        } => vec![
            ("access_token_secret", Slot::Required(access_token_secret)),
            ("session_handle", Slot::Optional(session_handle)),
        ],
        ProfileAuth::Oauth2(oauth2) => vec![
            ("client_secret", Slot::Required(&mut oauth2.client_secret)),
            ("access_token", Slot::Required(&mut oauth2.access_token)),
            ("refresh_token", Slot::Optional(&mut oauth2.refresh_token)),
        ],
        ProfileAuth::Pat { token } => vec![("token", Slot::Required(token))],
        ProfileAuth::ApiToken(api_token) => vec![("token", Slot::Required(&mut api_token.token))],
        ProfileAuth::Basic { password, .. } => vec![("password", Slot::Optional(password))],
        ProfileAuth::Anonymous => Vec::new(),
    }
}

/// Moves the secrets out of `auth`, leaving its secret fields empty.
pub fn take(auth: &mut ProfileAuth) -> Bag {
    let mut bag = BTreeMap::new();
    for (name, slot) in slots(auth) {
        let value = match slot {
            Slot::Required(value) => Some(std::mem::take(value)).filter(|value| !value.is_empty()),
            Slot::Optional(value) => value.take(),
        };
        if let Some(value) = value {
            bag.insert(name.to_owned(), value);
        }
    }
    Bag(bag)
}

/// Puts the secrets of `bag` into `auth`; names the first required field it lacks.
pub fn put(auth: &mut ProfileAuth, mut bag: Bag) -> Result<(), &'static str> {
    for (name, slot) in slots(auth) {
        let value = bag.0.remove(name);
        match slot {
            Slot::Required(field) => *field = value.ok_or(name)?,
            Slot::Optional(field) => *field = value,
        }
    }
    Ok(())
}

/// The first required secret field that `auth` lacks.
pub fn missing(auth: &ProfileAuth) -> Option<&'static str> {
    let mut auth = auth.clone();
    slots(&mut auth)
        .into_iter()
        .find_map(|(name, slot)| match slot {
            Slot::Required(value) if value.is_empty() => Some(name),
            _ => None,
        })
}

/// The names of the secret fields `auth` holds (or, with `all`, may hold).
pub fn names(auth: &ProfileAuth, all: bool) -> Vec<&'static str> {
    let mut auth = auth.clone();
    slots(&mut auth)
        .into_iter()
        .filter(|(_, slot)| all || matches!(slot, Slot::Required(_) | Slot::Optional(Some(_))))
        .map(|(name, _)| name)
        .collect()
}

/// Replaces every secret `profile` holds with `marker` (for showing it).
pub fn mask(auth: &mut ProfileAuth, marker: &str, all: bool) {
    for (_, slot) in slots(auth) {
        match slot {
            Slot::Required(value) => marker.clone_into(value),
            Slot::Optional(value) if value.is_some() || all => *value = Some(marker.to_owned()),
            Slot::Optional(_) => {}
        }
    }
}

/// `profile` with its secrets, read from its keyring item when it has one.
pub fn attached(name: &str, profile: &Profile) -> Result<Profile, Failure> {
    let mut full = profile.clone();
    if let Some(item) = &profile.keyring {
        let bag = keyring::read(item, name)?;
        put(&mut full.auth, bag).map_err(|field| {
            Failure::usage(format!(
                "the OS keyring's item for profile `{name}` has no `{field}`; log in again \
                 (`jshell login --profile {name}`)"
            ))
        })?;
    }
    Ok(full)
}

/// Writes the secrets of `profile` (which holds them all) to `item`, leaving the profile with
/// the reference and without the secrets.
pub fn stow_in_keyring(profile: &mut Profile, item: KeyringRef, name: &str) -> Result<(), Failure> {
    let mut auth = profile.auth.clone();
    let bag = take(&mut auth);
    keyring::write(&item, &bag, name)?;
    profile.auth = auth;
    profile.keyring = Some(item);
    Ok(())
}

/// Where a login's secrets went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placed {
    File,
    Keyring,
}

impl Placed {
    /// What the message saying a profile was saved adds about its secrets.
    pub fn said(self) -> &'static str {
        match self {
            Self::Keyring => " (its secrets in the OS keyring)",
            Self::File => "",
        }
    }
}

/// Places the secrets of the new profile `name` as `--secrets` (`flag`), else the
/// configuration's `secrets:`, says: with neither, in the keyring when it takes them, else in
/// the file with a notice the first time. Runs under the configuration's lock.
pub fn place(
    store: &ConfigStore,
    flag: Option<SecretsChoice>,
    config: &ConfigFile,
    name: &str,
    profile: &mut Profile,
    quiet: bool,
) -> Result<Placed, Failure> {
    profile.keyring = None;
    if names(&profile.auth, false).is_empty() {
        return Ok(Placed::File);
    }
    let item = KeyringRef {
        service: service_for(store),
        account: name.to_owned(),
    };
    let password = matches!(
        profile.auth,
        ProfileAuth::Basic {
            password: Some(_),
            ..
        }
    );
    match flag.or(config.secrets) {
        Some(SecretsChoice::File) if password => Err(password_only_in_keyring(
            "--secrets file (or `secrets: file`) keeps secrets in the file",
        )),
        Some(SecretsChoice::File) => Ok(Placed::File),
        Some(SecretsChoice::Keyring) => {
            stow_in_keyring(profile, item, name)?;
            Ok(Placed::Keyring)
        }
        None => match stow_in_keyring(profile, item, name) {
            Ok(()) => Ok(Placed::Keyring),
            Err(why) if password => Err(password_only_in_keyring(&why.message)),
            Err(why) => {
                if !quiet {
                    notice::fallback_once(store, &why.message);
                }
                Ok(Placed::File)
            }
        },
    }
}

fn password_only_in_keyring(why: &str) -> Failure {
    Failure::usage(format!(
        "{why}; jshell saves a password only in the OS keyring: log in without \
         --save-password to be asked for it each run, or use a personal access token (--pat)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{OAuth2Flavor, OAuth2Profile};

    fn oauth2() -> ProfileAuth {
        ProfileAuth::Oauth2(OAuth2Profile {
            flavor: OAuth2Flavor::DataCenter,
            client_id: "c".to_owned(),
            client_secret: "client-s3cret".to_owned(),
            redirect_uri: "http://127.0.0.1:8765/callback".to_owned(),
            scope: "WRITE".to_owned(),
            access_token: "acc3ss".to_owned(),
            refresh_token: Some("refr3sh".to_owned()),
            expires_at: None,
            lifetime_seconds: None,
            cloud_id: None,
            auth_url: None,
            api_url: None,
        })
    }

    #[test]
    fn take_empties_every_secret_field_and_put_restores_them() {
        let original = oauth2();
        let mut auth = original.clone();
        let bag = take(&mut auth);
        assert_eq!(
            names(&original, false),
            ["client_secret", "access_token", "refresh_token"]
        );
        assert_eq!(names(&auth, false), ["client_secret", "access_token"]);
        assert_eq!(missing(&auth), Some("client_secret"));
        let debug = format!("{bag:?}");
        assert!(
            !debug.contains("s3cret") && debug.contains("refresh_token"),
            "{debug}"
        );
        put(&mut auth, bag).expect("complete");
        assert_eq!(auth, original);
    }

    #[test]
    fn put_names_a_required_field_the_bag_lacks() {
        let mut auth = ProfileAuth::Pat {
            token: String::new(),
        };
        assert_eq!(put(&mut auth, Bag::default()), Err("token"));
        assert!(names(&ProfileAuth::Anonymous, true).is_empty());
    }

    fn profile(auth: ProfileAuth) -> Profile {
        Profile::new("https://jira.example.com", auth)
    }

    #[test]
    fn the_file_when_chosen_keeps_tokens_and_refuses_passwords() {
        let store = ConfigStore::locate(Some(std::path::Path::new("/nonexistent/config.yaml")))
            .expect("a store");
        let config = ConfigFile {
            secrets: Some(SecretsChoice::File),
            ..ConfigFile::default()
        };
        let mut pat = profile(ProfileAuth::Pat {
            token: "t0ken".to_owned(),
        });
        let placed = place(&store, None, &config, "a", &mut pat, true).expect("placed");
        assert_eq!(placed, Placed::File);
        assert_eq!(missing(&pat.auth), None, "the token stays in the profile");
        let mut basic = profile(ProfileAuth::Basic {
            username: "u".to_owned(),
            password: Some("pa55".to_owned()),
        });
        let refused = place(&store, None, &config, "a", &mut basic, true).expect_err("refused");
        assert!(
            refused.message.contains("only in the OS keyring"),
            "{refused}"
        );
        assert!(!refused.message.contains("pa55"));
    }

    #[test]
    fn a_bag_is_one_json_object_of_field_names() {
        let mut auth = oauth2();
        let json = serde_json::to_string(&take(&mut auth)).expect("encodes");
        assert_eq!(
            json,
            r#"{"access_token":"acc3ss","client_secret":"client-s3cret","refresh_token":"refr3sh"}"#
        );
    }
}
