//! Where Atlassian's REST descriptions are: reference data outside the repository that only
//! the `contract` and `schemas` tasks read, never a build or a test.

use std::path::{Path, PathBuf};

/// The environment variable naming the descriptions' directory.
pub const VARIABLE: &str = "JSHELL_JIRA_OPENAPI";

/// The directory `explicit` names, else `$JSHELL_JIRA_OPENAPI`, else `../shared/jira-openapi`
/// beside the workspace `root`.
pub fn directory(root: &Path, explicit: Option<PathBuf>) -> PathBuf {
    explicit
        .or_else(configured)
        .unwrap_or_else(|| root.join("../shared/jira-openapi"))
}

/// The directory `$JSHELL_JIRA_OPENAPI` names, if it is set: CI checks the generated files
/// against the descriptions only when told where they are, since a clone has none.
pub fn configured() -> Option<PathBuf> {
    std::env::var_os(VARIABLE).map(PathBuf::from)
}

/// Runs `check` when the descriptions' directory is configured, else says the step is skipped.
pub fn when_configured(check: impl FnOnce() -> Result<(), String>) -> Result<(), String> {
    if configured().is_some() {
        check()
    } else {
        eprintln!(
            "skipped: {VARIABLE} does not name the directory of Atlassian's REST descriptions"
        );
        Ok(())
    }
}
