//! The supply-chain steps of `cargo xtask ci`: cargo-deny (advisories, licences, duplicate
//! versions, sources; configured in deny.toml) and cargo-machete (dependencies that no source
//! file uses).
//!
//! cargo-deny fetches the RustSec advisory database unless `JSHELL_ADVISORY_DB` names a copy of
//! it (a directory with `crates/`, and optionally a `SNAPSHOT` file reading `COMMIT DATE`), for
//! machines that cannot reach GitHub. cargo-deny only reads a database from a git clone at a
//! path of its own choosing, so the copy becomes a one-commit repository in the target
//! directory, and cargo-deny runs offline with a derived deny.toml pointing there.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The cargo-deny release deny.toml is written for; `.ci/run` installs it.
pub const DENY_VERSION: &str = "0.20.2";
/// The cargo-machete release `.ci/run` installs.
pub const MACHETE_VERSION: &str = "0.9.2";
/// Names a local copy of the advisory database to check against offline.
const ADVISORY_DB_ENV: &str = "JSHELL_ADVISORY_DB";
/// The directory cargo-deny gives the default database inside `db-path` (the URL's last segment
/// and a hash of it), which it opens when it may not fetch.
const DEFAULT_DB_DIR: &str = "advisory-db-3157b0e258782691";

/// cargo-machete over the workspace (and fuzz/); `--with-metadata` makes it see renamed
/// dependencies.
pub fn unused_dependencies() -> Result<(), String> {
    ensure_installed("machete", "cargo-machete", MACHETE_VERSION)?;
    crate::cargo(&["machete", "--with-metadata", "--skip-target-dir"])
}

/// cargo-deny's four checks, against the local database copy when `JSHELL_ADVISORY_DB` is set.
pub fn deny() -> Result<(), String> {
    ensure_installed("deny", "cargo-deny", DENY_VERSION)?;
    let Some(snapshot) = std::env::var_os(ADVISORY_DB_ENV) else {
        return crate::cargo(&["deny", "--locked", "check"]);
    };
    let work = crate::target_dir()?.join("xtask-advisory-db");
    let root = crate::workspace_root()?;
    let offline = prepare_offline(&root.join("deny.toml"), Path::new(&snapshot), &work)?;
    eprintln!(
        "xtask ci: advisories from {} ({}), offline",
        Path::new(&snapshot).display(),
        offline.describe()
    );
    // `--offline` keeps cargo metadata offline too, so the crates must be in the cache first.
    crate::cargo(&["fetch", "--locked"])?;
    let config = offline.config.to_string_lossy();
    crate::cargo(&[
        "deny",
        "--offline",
        "--locked",
        "--config",
        &config,
        "check",
    ])
}

/// Fails with the command that installs `crate_name` when `cargo SUBCOMMAND` is missing.
fn ensure_installed(subcommand: &str, crate_name: &str, version: &str) -> Result<(), String> {
    let installed = crate::cargo_command()?
        .args([subcommand, "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if installed {
        Ok(())
    } else {
        Err(format!(
            "{crate_name} is not installed: `cargo install --locked {crate_name}@{version}` \
             (.ci/run does this)"
        ))
    }
}

/// What [`prepare_offline`] set up.
#[derive(Debug)]
struct Offline {
    /// deny.toml with `db-path` pointing at the repository below.
    config: PathBuf,
    /// The snapshot's commit id and date, when it says.
    snapshot: Option<(String, String)>,
}

impl Offline {
    fn describe(&self) -> String {
        match &self.snapshot {
            Some((commit, date)) => format!("snapshot {commit} of {date}"),
            None => "no SNAPSHOT file: its age is unknown".to_owned(),
        }
    }
}

/// Turns the database copy at `snapshot` into the git repository cargo-deny expects under
/// `work`, and writes `work/deny.toml`: `config` with `db-path` set to it.
fn prepare_offline(config: &Path, snapshot: &Path, work: &Path) -> Result<Offline, String> {
    if !snapshot.join("crates").is_dir() {
        return Err(format!(
            "{ADVISORY_DB_ENV}={} is not a RustSec advisory database: it has no crates/ directory",
            snapshot.display()
        ));
    }
    let described = match std::fs::read_to_string(snapshot.join("SNAPSHOT")) {
        Ok(text) => Some(parse_snapshot(&text)?),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => {
            return Err(format!(
                "cannot read {}/SNAPSHOT: {error}",
                snapshot.display()
            ));
        }
    };
    if work.exists() {
        std::fs::remove_dir_all(work)
            .map_err(|error| format!("cannot clear {}: {error}", work.display()))?;
    }
    let dbs = work.join("dbs");
    let repository = dbs.join(DEFAULT_DB_DIR);
    copy_tree(snapshot, &repository)?;
    commit_all(&repository, described.as_ref())?;

    let text = std::fs::read_to_string(config)
        .map_err(|error| format!("cannot read {}: {error}", config.display()))?;
    let derived = work.join("deny.toml");
    std::fs::write(&derived, with_db_path(&text, &dbs)?)
        .map_err(|error| format!("cannot write {}: {error}", derived.display()))?;
    Ok(Offline {
        config: derived,
        snapshot: described,
    })
}

/// `COMMIT DATE` (the first line of the SNAPSHOT file).
fn parse_snapshot(text: &str) -> Result<(String, String), String> {
    let mut words = text.split_whitespace();
    match (words.next(), words.next()) {
        (Some(commit), Some(date))
            if commit.chars().all(|c| c.is_ascii_hexdigit())
                && date.len() == 10
                && date.chars().all(|c| c.is_ascii_digit() || c == '-') =>
        {
            Ok((commit.to_owned(), date.to_owned()))
        }
        _ => Err(format!(
            "the advisory database's SNAPSHOT file should read `COMMIT YYYY-MM-DD`, not `{}`",
            text.trim()
        )),
    }
}

/// Copies the files of `from` into `to`, skipping any `.git`.
fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to)
        .map_err(|error| format!("cannot create {}: {error}", to.display()))?;
    let entries = std::fs::read_dir(from)
        .map_err(|error| format!("cannot list {}: {error}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|error| format!("cannot list {}: {error}", from.display()))?;
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        if entry.file_name() == ".git" {
            continue;
        }
        if source.is_dir() {
            copy_tree(&source, &target)?;
        } else {
            std::fs::copy(&source, &target)
                .map_err(|error| format!("cannot copy {}: {error}", source.display()))?;
        }
    }
    Ok(())
}

/// One commit of everything in `repository`, dated as the snapshot says, so `git log` there
/// tells the data's age. cargo-deny counts the database as fetched when the clone was written
/// (as after a `git clone`), so a snapshot is accepted however old; its date is printed instead.
fn commit_all(repository: &Path, snapshot: Option<&(String, String)>) -> Result<(), String> {
    let message = match snapshot {
        Some((commit, date)) => format!("RustSec advisory-db snapshot {commit} of {date}"),
        None => "RustSec advisory-db copy".to_owned(),
    };
    git(
        repository,
        &["init", "--quiet", "--initial-branch=main"],
        None,
    )?;
    git(repository, &["add", "--all"], None)?;
    let date = snapshot.map(|(_, date)| format!("{date}T00:00:00Z"));
    git(
        repository,
        &[
            "-c",
            "commit.gpgsign=false",
            "commit",
            "--quiet",
            "--message",
            &message,
        ],
        date.as_deref(),
    )
}

/// Runs git in `repository` with a fixed identity (CI machines may have none).
fn git(repository: &Path, args: &[&str], date: Option<&str>) -> Result<(), String> {
    let mut command = Command::new("git");
    command
        .arg("-C")
        .arg(repository)
        .args(args)
        .env("GIT_AUTHOR_NAME", "xtask")
        .env("GIT_AUTHOR_EMAIL", "xtask@localhost")
        .env("GIT_COMMITTER_NAME", "xtask")
        .env("GIT_COMMITTER_EMAIL", "xtask@localhost");
    if let Some(date) = date {
        command
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date);
    }
    let output = command
        .output()
        .map_err(|error| format!("cannot run git (needed for the advisory database): {error}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`git {}` in {} failed: {}",
            args.join(" "),
            repository.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// `config` (deny.toml's text) with `db-path = "DBS"` as the first key of `[advisories]`.
fn with_db_path(config: &str, dbs: &Path) -> Result<String, String> {
    if config
        .lines()
        .any(|line| line.trim_start().starts_with("db-path"))
    {
        return Err(
            "deny.toml sets db-path itself; remove it, xtask sets it when needed".to_owned(),
        );
    }
    let header = config
        .lines()
        .position(|line| line.trim() == "[advisories]")
        .ok_or("deny.toml has no [advisories] table")?;
    let path = dbs
        .to_str()
        .ok_or_else(|| format!("{} is not UTF-8, which cargo-deny requires", dbs.display()))?;
    if path.contains('$') || path.starts_with('~') {
        // cargo-deny expands both in db-path.
        return Err(format!(
            "{path} contains `$` or starts with `~`: use a target directory without them"
        ));
    }
    let mut lines: Vec<String> = config.lines().map(str::to_owned).collect();
    lines.insert(header + 1, format!("db-path = {}", toml_string(path)));
    Ok(lines.join("\n") + "\n")
}

/// A TOML basic string holding `text`.
fn toml_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests;
