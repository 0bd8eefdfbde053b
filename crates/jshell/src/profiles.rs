//! `jshell profiles`: list, show (secrets redacted) and remove saved profiles.

use crate::cli::ProfilesAction;
use crate::config::{ConfigStore, Profile, ProfileAuth};
use crate::failure::Failure;
use crate::settings::known_profiles;

const REDACTED: &str = "<redacted>";

pub fn profiles(action: Option<&ProfilesAction>, store: &ConfigStore) -> Result<(), Failure> {
    match action.unwrap_or(&ProfilesAction::List) {
        ProfilesAction::List => {
            let config = store.load()?;
            if config.profiles.is_empty() {
                eprintln!("{}", known_profiles(&config));
            }
            for (name, profile) in &config.profiles {
                let marker = if config.default_profile.as_deref() == Some(name) {
                    "*"
                } else {
                    " "
                };
                println!(
                    "{marker} {name}\t{}\t{}",
                    profile.server,
                    profile.auth.describe()
                );
            }
            Ok(())
        }
        ProfilesAction::Show { name } => {
            let config = store.load()?;
            let profile = config.profiles.get(name).ok_or_else(|| {
                Failure::usage(format!(
                    "no profile named `{name}`; {}",
                    known_profiles(&config)
                ))
            })?;
            let yaml = serde_norway::to_string(&redacted(profile))
                .map_err(|error| Failure::usage(format!("cannot show the profile: {error}")))?;
            print!("{yaml}");
            Ok(())
        }
        ProfilesAction::Remove { name } => {
            store.update(|config| {
                if config.profiles.remove(name).is_none() {
                    return Err(Failure::usage(format!(
                        "no profile named `{name}`; {}",
                        known_profiles(config)
                    )));
                }
                if config.default_profile.as_deref() == Some(name) {
                    config.default_profile = None;
                }
                Ok(())
            })?;
            eprintln!("Removed profile `{name}`.");
            Ok(())
        }
    }
}

fn redacted(profile: &Profile) -> Profile {
    let mut shown = profile.clone();
    match &mut shown.auth {
        ProfileAuth::Oauth {
            access_token_secret,
            session_handle,
            ..
        } => {
            *access_token_secret = REDACTED.to_owned();
            if session_handle.is_some() {
                *session_handle = Some(REDACTED.to_owned());
            }
        }
        ProfileAuth::Pat { token } => *token = REDACTED.to_owned(),
        ProfileAuth::Basic { .. } | ProfileAuth::Anonymous => {}
    }
    shown
}
