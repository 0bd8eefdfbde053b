//! `jshell profiles`: list, show (secrets redacted, saying where each lives) and remove saved
//! profiles, import jirashell's settings as one, and move secrets between the configuration
//! file and the OS keyring.

use std::path::Path;

use crate::cli::{GlobalArgs, ProfilesAction};
use crate::config::{ConfigStore, KeyringRef, Profile, ProfileAuth};
use crate::expiry;
use crate::failure::Failure;
use crate::jirashell_ini;
use crate::secrets::{self, SecretsChoice};
use crate::settings::{host_of, known_profiles};

const REDACTED: &str = "<redacted>";
const IN_KEYRING: &str = "<in the OS keyring>";

pub fn profiles(
    action: Option<&ProfilesAction>,
    store: &ConfigStore,
    global: &GlobalArgs,
) -> Result<(), Failure> {
    match action.unwrap_or(&ProfilesAction::List) {
        ProfilesAction::List => list(store),
        ProfilesAction::Show { name } => show(store, name),
        ProfilesAction::Set { name, expires } => set_expiry(store, name, expires),
        ProfilesAction::Remove { name } => remove(store, name),
        ProfilesAction::ImportJirashell { from, save_as } => {
            import_jirashell(store, global, from.as_deref(), save_as.as_deref())
        }
        ProfilesAction::MigrateSecrets { to, names } => migrate(store, *to, names),
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
    println!("# {}", where_secrets_live(store, profile));
    Ok(())
}

/// One line saying where each of `profile`'s secrets lives.
fn where_secrets_live(store: &ConfigStore, profile: &Profile) -> String {
    let names = secrets::names(&profile.auth, profile.keyring.is_some()).join(", ");
    match &profile.keyring {
        _ if names.is_empty() => "secrets: none saved".to_owned(),
        Some(item) => format!(
            "secrets: {names} in the OS keyring (service `{}`, account `{}`)",
            item.service, item.account
        ),
        None => format!("secrets: {names} in {} (mode 0600)", store.path().display()),
    }
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
    let removed = store.update(|config| {
        let Some(removed) = config.profiles.remove(name) else {
            return Err(Failure::usage(format!(
                "no profile named `{name}`; {}",
                known_profiles(config)
            )));
        };
        if config.default_profile.as_deref() == Some(name) {
            config.default_profile = None;
        }
        Ok(removed)
    })?;
    eprintln!("Removed profile `{name}`.");
    if let Some(item) = &removed.keyring {
        match secrets::delete(item) {
            Ok(()) => eprintln!("Deleted its secrets from the OS keyring."),
            Err(failure) => eprintln!("warning: {failure}"),
        }
    }
    Ok(())
}

/// Moves the secrets of the profiles `names` (default: all) to `to`, and records `to` as the
/// place for later logins. Under the configuration's lock: into the keyring, each item is
/// written before the file drops the secrets; out of it, the file is written before the items
/// are deleted. Either way a failure leaves every secret somewhere.
fn migrate(store: &ConfigStore, to: SecretsChoice, names: &[String]) -> Result<(), Failure> {
    let outcomes = store.update(|config| {
        if let Some(unknown) = names
            .iter()
            .find(|name| !config.profiles.contains_key(*name))
        {
            return Err(Failure::usage(format!(
                "no profile named `{unknown}`; {}",
                known_profiles(config)
            )));
        }
        let service = secrets::service_for(store);
        let mut outcomes = Vec::new();
        for (name, profile) in &mut config.profiles {
            if names.is_empty() || names.contains(name) {
                outcomes.push((name.clone(), move_secrets(to, name, profile, &service)?));
            }
        }
        config.secrets = Some(to);
        Ok(outcomes)
    })?;
    report_moves(store, to, &outcomes);
    Ok(())
}

/// What became of one profile's secrets.
enum Outcome {
    Nothing,
    Moved,
    /// Moved out of this keyring item, which is deleted once the file is written.
    OutOf(KeyringRef),
    /// A saved password stays in the keyring: jshell keeps passwords nowhere else.
    PasswordKept,
}

fn move_secrets(
    to: SecretsChoice,
    name: &str,
    profile: &mut Profile,
    service: &str,
) -> Result<Outcome, Failure> {
    let basic = matches!(profile.auth, ProfileAuth::Basic { .. });
    match (to, profile.keyring.clone()) {
        (SecretsChoice::Keyring, None) if !secrets::names(&profile.auth, false).is_empty() => {
            let item = KeyringRef {
                service: service.to_owned(),
                account: name.to_owned(),
            };
            secrets::stow_in_keyring(profile, item, name)?;
            Ok(Outcome::Moved)
        }
        (SecretsChoice::File, Some(_)) if basic => Ok(Outcome::PasswordKept),
        (SecretsChoice::File, Some(item)) => {
            *profile = secrets::attached(name, profile)?;
            profile.keyring = None;
            Ok(Outcome::OutOf(item))
        }
        _ => Ok(Outcome::Nothing),
    }
}

/// Deletes the emptied keyring items and says what moved where.
fn report_moves(store: &ConfigStore, to: SecretsChoice, outcomes: &[(String, Outcome)]) {
    let mut moved = Vec::new();
    for (name, outcome) in outcomes {
        match outcome {
            Outcome::Nothing => {}
            Outcome::Moved => moved.push(name.as_str()),
            Outcome::OutOf(item) => {
                moved.push(name.as_str());
                if let Err(failure) = secrets::delete(item) {
                    eprintln!("warning: {failure}");
                }
            }
            Outcome::PasswordKept => eprintln!(
                "The password of `{name}` stays in the OS keyring: jshell saves passwords \
                 nowhere else (remove the profile to forget it)."
            ),
        }
    }
    let place = match to {
        SecretsChoice::Keyring => "the OS keyring".to_owned(),
        SecretsChoice::File => format!("{} (mode 0600)", store.path().display()),
    };
    if moved.is_empty() {
        eprintln!("No secrets to move: they are in {place} already.");
    } else {
        eprintln!("Moved the secrets of {} to {place}.", moved.join(", "));
    }
    eprintln!(
        "Later logins save secrets there too (`secrets:` in {}).",
        store.path().display()
    );
}

/// Saves jirashell's settings as a profile, the key staying a path and the token secret where
/// a login would put it (`--secrets`, else the configuration's `secrets:`, else the keyring when
/// it takes it). A profile of the same name is never replaced.
fn import_jirashell(
    store: &ConfigStore,
    global: &GlobalArgs,
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
    let placed = store.update(|config| {
        if config.profiles.contains_key(&name) {
            return Err(Failure::usage(format!(
                "a profile named `{name}` exists already and was left untouched; choose another \
                 name with --save-as, or remove it first with `jshell profiles remove {name}`"
            )));
        }
        let mut profile = ini.profile.clone();
        let placed = secrets::place(
            store,
            global.secrets,
            config,
            &name,
            &mut profile,
            global.quiet,
        )?;
        config.profiles.insert(name.clone(), profile);
        if config.default_profile.is_none() {
            config.default_profile = Some(name.clone());
        }
        Ok(placed)
    })?;
    eprintln!(
        "Saved jirashell's settings from {} as profile `{name}` ({}) in {}{}",
        path.display(),
        ini.profile.auth.describe(),
        store.path().display(),
        placed.said()
    );
    if ini.password.is_some() {
        eprintln!(
            "The [basic_auth] password was not saved: the file never holds passwords, so jshell \
             asks for it (or save it in the OS keyring with `jshell login --save-password`, or \
             use a personal access token with --pat)."
        );
    }
    Ok(())
}

/// `profile` with each secret replaced by where it is: `<redacted>` in the file, `<in the OS
/// keyring>` in its item.
fn redacted(profile: &Profile) -> Profile {
    let mut shown = profile.clone();
    match &profile.keyring {
        Some(_) => secrets::mask(&mut shown.auth, IN_KEYRING, true),
        None => secrets::mask(&mut shown.auth, REDACTED, false),
    }
    shown
}
