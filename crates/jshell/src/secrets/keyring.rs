//! The OS keyring through the `keyring` crate: one item per profile, named by a service (the
//! configuration file) and an account (the profile), holding the profile's [`Bag`] as JSON.
//!
//! The keyring is reached only when a profile uses it or a login chooses it, so users of the
//! file never wait for a D-Bus connection. Errors name the item, never its contents.

use ::keyring::{Entry, Error};

use super::Bag;
use crate::config::{ConfigStore, KeyringRef};
use crate::failure::Failure;

/// The service of the items for `store`'s profiles: `jshell:` and the file's absolute path, so
/// that profiles of two configuration files (a test's private one, say) never meet.
pub fn service_for(store: &ConfigStore) -> String {
    let path = std::path::absolute(store.path()).unwrap_or_else(|_| store.path().to_path_buf());
    format!("jshell:{}", path.display())
}

/// The entry for `item`, or why the keyring cannot be reached at all.
fn entry(item: &KeyringRef, name: &str) -> Result<Entry, Failure> {
    if let Err(why) = Entry::store_status() {
        return Err(Failure::usage(format!(
            "the OS keyring (Secret Service, Keychain or Credential Manager) is not reachable \
             here ({why}), and profile `{name}` keeps its secrets there; run jshell in a \
             session that has one, or save them in the configuration file with `jshell \
             profiles migrate-secrets --to file` where the keyring is reachable (or `jshell \
             login --secrets file` here)"
        )));
    }
    Entry::new(&item.service, &item.account).map_err(|error| failed("open", item, &error))
}

fn failed(what: &str, item: &KeyringRef, error: &Error) -> Failure {
    Failure::usage(format!(
        "cannot {what} the OS keyring's item for profile `{}` (service `{}`): {error}",
        item.account, item.service
    ))
}

/// The secrets kept in `item` for profile `name`.
pub fn read(item: &KeyringRef, name: &str) -> Result<Bag, Failure> {
    let json = match entry(item, name)?.get_password() {
        Ok(json) => json,
        Err(Error::NoEntry) => {
            return Err(Failure::usage(format!(
                "the OS keyring has no item for profile `{name}` (service `{}`, account `{}`): \
                 it was deleted; log in again (`jshell login --profile {name}`)",
                item.service, item.account
            )));
        }
        Err(error) => return Err(failed("read", item, &error)),
    };
    // The decoder's message could quote the item's text: it is not shown.
    serde_json::from_str(&json).map_err(|_| {
        Failure::usage(format!(
            "the OS keyring's item for profile `{name}` (service `{}`) does not hold jshell's \
             secrets; log in again (`jshell login --profile {name}`)",
            item.service
        ))
    })
}

/// Replaces what `item` holds with `bag`.
pub fn write(item: &KeyringRef, bag: &Bag, name: &str) -> Result<(), Failure> {
    let json = serde_json::to_string(bag)
        .map_err(|error| Failure::usage(format!("cannot encode the secrets: {error}")))?;
    entry(item, name)?
        .set_password(&json)
        .map_err(|error| failed("write", item, &error))
}

/// Deletes `item`; one already gone is fine.
pub fn delete(item: &KeyringRef) -> Result<(), Failure> {
    match entry(item, &item.account)?.delete_credential() {
        Ok(()) | Err(Error::NoEntry) => Ok(()),
        Err(error) => Err(failed("delete", item, &error)),
    }
}
