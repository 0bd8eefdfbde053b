//! What a profile remembers of its server between runs: its deployment, so that a later run's
//! first search or user lookup does not ask `serverInfo` first. Only what the server said is
//! kept (never a guess), and only on the profile the run used, once.

use crate::config::{ConfigStore, SavedDeployment};
use crate::settings::Connection;

/// After a run: saves the deployment `client` learned into the profile `connection` came
/// from, when that profile did not know it. Best effort: the run's outcome never depends on
/// this write, so a failure to save is only reported under `-v`.
pub fn save_deployment(
    store: &ConfigStore,
    connection: &Connection,
    client: &jira::Client,
    verbose: u8,
) {
    let (Some(name), None) = (&connection.profile, connection.deployment) else {
        return;
    };
    let Some(learned) = client.known_deployment() else {
        return;
    };
    let saved = store.update(|config| {
        if let Some(profile) = config.profiles.get_mut(name)
            && connection.server.as_deref() == Some(profile.server.as_str())
        {
            profile.deployment = Some(SavedDeployment::from(learned));
        }
        Ok(())
    });
    if let Err(failure) = saved
        && verbose > 0
    {
        eprintln!(
            "note: could not remember the deployment in profile {name}: {}",
            failure.message
        );
    }
}
