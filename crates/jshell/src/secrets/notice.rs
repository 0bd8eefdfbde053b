//! The notice that a login saved its secrets in the file because no keyring was reachable:
//! shown once per configuration file, recorded beside it (`secrets-notice.yaml`) as expiry.rs
//! records its warnings. Losing the record costs one more notice, nothing else.

use std::path::{Path, PathBuf};

use crate::config::ConfigStore;

const STATE_FILE: &str = "secrets-notice.yaml";

/// Prints the notice unless it was printed for this configuration file before.
pub fn fallback_once(store: &ConfigStore, why: &str) {
    let path = state_path(store);
    if path.exists() {
        return;
    }
    eprintln!(
        "notice: secrets are saved in {} (mode 0600) because no OS keyring is reachable: {why}\n\
         (said once; choose explicitly with --secrets file or `secrets: file` in that file, and \
         move them later with `jshell profiles migrate-secrets --to keyring`)",
        store.path().display()
    );
    let record = format!(
        "# jshell told once that secrets went to the file for want of a keyring.\nnoticed: {}\n",
        jiff::Timestamp::now()
    );
    // A lost record costs one more notice; it is no reason to fail the login.
    let _ = write_state(&path, &record);
}

fn state_path(store: &ConfigStore) -> PathBuf {
    store.path().with_file_name(STATE_FILE)
}

fn write_state(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut temp, text.as_bytes())?;
    temp.persist(path).map_err(|error| error.error)?;
    Ok(())
}
