//! `jshell profiles`: list, show (secrets redacted) and remove saved profiles, and import
//! jirashell's settings as one.

use std::path::Path;

use crate::cli::ProfilesAction;
use crate::config::{ConfigStore, Profile, ProfileAuth};
use crate::expiry;
use crate::failure::Failure;
use crate::jirashell_ini;
use crate::settings::{host_of, known_profiles};

const REDACTED: &str = "<redacted>";

pub fn profiles(action: Option<&ProfilesAction>, store: &ConfigStore) -> Result<(), Failure> {
    match action.unwrap_or(&ProfilesAction::List) {
        ProfilesAction::List => list(store),
        ProfilesAction::Show { name } => show(store, name),
        ProfilesAction::Set { name, expires } => set_expiry(store, name, expires),
        ProfilesAction::Remove { name } => remove(store, name),
        ProfilesAction::ImportJirashell { from, save_as } => {
            import_jirashell(store, from.as_deref(), save_as.as_deref())
        }
    }
}

fn list(store: &ConfigStore) -> Result<(), Failure> {
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
        let expiry = expiry::of(name, profile).map_or_else(String::new, |expiry| {
            format!("\t{} expires {}", expiry.what, expiry.date())
        });
        println!(
            "{marker} {name}\t{}\t{}{expiry}",
            profile.server,
            profile.auth.describe()
        );
    }
    Ok(())
}

fn show(store: &ConfigStore, name: &str) -> Result<(), Failure> {
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

/// Records (or with `never` forgets) when a profile's credentials expire.
fn set_expiry(store: &ConfigStore, name: &str, expires: &str) -> Result<(), Failure> {
    let expires = match expires.trim() {
        "never" | "" => None,
        date => {
            let parsed: jiff::civil::Date = date.parse().map_err(|_| {
                Failure::usage(format!(
                    "--expires {date}: not a date; write it as YYYY-MM-DD (e.g. 2027-06-30), or \
                     `never`"
                ))
            })?;
            Some(parsed.to_string())
        }
    };
    store.update(|config| {
        let Some(profile) = config.profiles.get_mut(name) else {
            return Err(Failure::usage(format!(
                "no profile named `{name}`; {}",
                known_profiles(config)
            )));
        };
        profile.expires.clone_from(&expires);
        Ok(())
    })?;
    match expires {
        Some(date) => eprintln!(
            "Profile `{name}`: its credentials expire on {date}; jshell warns from 14 days before."
        ),
        None => eprintln!("Profile `{name}`: no expiry recorded."),
    }
    Ok(())
}

fn remove(store: &ConfigStore, name: &str) -> Result<(), Failure> {
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

/// Saves jirashell's settings as a profile, the key staying a path. A profile of the same name
/// is never replaced.
fn import_jirashell(
    store: &ConfigStore,
    from: Option<&Path>,
    save_as: Option<&str>,
) -> Result<(), Failure> {
    let path = match from {
        Some(path) => path.to_path_buf(),
        None => jirashell_ini::default_path()
            .ok_or_else(|| Failure::usage("cannot find the home directory; pass --from FILE"))?,
    };
    let ini = jirashell_ini::load(&path)?.ok_or_else(|| {
        Failure::usage(format!(
            "there is no {}: nothing to import (pass --from FILE if jirashell's settings are \
             elsewhere)",
            path.display()
        ))
    })?;
    let name = save_as
        .map(str::to_owned)
        .or_else(|| host_of(&ini.profile.server))
        .unwrap_or_else(|| "jirashell".to_owned());
    store.update(|config| {
        if config.profiles.contains_key(&name) {
            return Err(Failure::usage(format!(
                "a profile named `{name}` exists already and was left untouched; choose another \
                 name with --save-as, or remove it first with `jshell profiles remove {name}`"
            )));
        }
        config.profiles.insert(name.clone(), ini.profile.clone());
        if config.default_profile.is_none() {
            config.default_profile = Some(name.clone());
        }
        Ok(())
    })?;
    eprintln!(
        "Saved jirashell's settings from {} as profile `{name}` ({}) in {}",
        path.display(),
        ini.profile.auth.describe(),
        store.path().display()
    );
    if ini.password.is_some() {
        eprintln!(
            "The [basic_auth] password was not saved: profiles never hold passwords, so jshell \
             asks for it (or use a personal access token with --pat)."
        );
    }
    Ok(())
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
        ProfileAuth::Oauth2(oauth2) => {
            oauth2.client_secret = REDACTED.to_owned();
            oauth2.access_token = REDACTED.to_owned();
            if oauth2.refresh_token.is_some() {
                oauth2.refresh_token = Some(REDACTED.to_owned());
            }
        }
        ProfileAuth::Pat { token } => *token = REDACTED.to_owned(),
        ProfileAuth::ApiToken(api_token) => api_token.token = REDACTED.to_owned(),
        ProfileAuth::Basic { .. } | ProfileAuth::Anonymous => {}
    }
    shown
}
