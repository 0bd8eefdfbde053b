//! Project automation, run as `cargo xtask <task>`: the checks CI runs (`ci`), the demo, the API
//! reference (`docs`), the response schemas fakejira is checked against (`schemas`), fuzzing and
//! the benchmarks. `cargo xtask help TASK` explains each.
//!
//! Written in Rust rather than shell so it runs the same wherever cargo does. Everything it
//! builds or writes goes to cargo's target directory as cargo reports it (`CARGO_TARGET_DIR`,
//! `build.target-dir`, or the workspace's `target/`), never to a hard-coded `target/`.

use std::collections::HashMap;
use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use clap::{Args, Parser, Subcommand};

mod arrows;
mod bench;
mod ci;
mod contract;
mod demo;
mod descriptions;
mod docs;
mod fuzz;
mod schemas;
mod supply_chain;

/// Project automation for jshell.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Everything CI checks: formatting, unused dependencies, advisories and licences
    /// (cargo-deny), the dependency arrows (each library crate built on its own, only jshell
    /// enabling oauth1's dance), clippy with warnings as errors, docs/api.md, the whole test
    /// suite.
    ///
    /// Set JSHELL_ADVISORY_DB to a copy of the RustSec advisory database to check against it
    /// offline; otherwise cargo-deny fetches the database.
    Ci(ci::Options),
    /// Regenerate crates/jira/tests/contract/facts.txt from Atlassian's REST descriptions
    /// (Data Center 8.4's WADL, Data Center 10.3 and 11, Cloud): every operation, verb, path,
    /// query parameters, body fields, deprecation. The jira crate's contract test holds the
    /// method table against it.
    ///
    /// The descriptions are read from --descriptions, else $JSHELL_JIRA_OPENAPI, else
    /// ../shared/jira-openapi beside the repository.
    Contract(ContractOptions),
    /// The whole workflow (keygen, application link, login, scripts) against fakejira.
    Demo,
    /// Regenerate docs/api.md from jshell's scripting engine.
    Docs(DocsOptions),
    /// Every cargo-fuzz target for a bounded time.
    Fuzz(FuzzOptions),
    /// Extract from Atlassian's Data Center 10.3 REST description the response schemas of the
    /// operations fakejira serves into crates/fakejira/tests/schemas/dc-10.3.json, which
    /// fakejira's tests validate its answers against.
    ///
    /// The descriptions are read from $JSHELL_JIRA_OPENAPI, else ../shared/jira-openapi
    /// beside the repository.
    Schemas(SchemasOptions),
    /// jshell side by side with the floor (curl) and the incumbent (Python jira/jirashell)
    /// against fakejira on loopback; writes bench/results.md and bench/chart.png in cargo's
    /// target directory.
    Bench(bench::Options),
}

#[derive(Debug, Args)]
struct DocsOptions {
    /// Do not write: fail if docs/api.md differs from what the engine generates.
    #[arg(long)]
    check: bool,
}

#[derive(Debug, Args)]
struct SchemasOptions {
    /// Do not write: fail if the committed extract differs from the description's.
    #[arg(long)]
    check: bool,
}

#[derive(Debug, Args)]
struct ContractOptions {
    /// Do not write: fail if the committed facts file differs from what the descriptions say.
    #[arg(long)]
    check: bool,
    /// The directory holding Atlassian's descriptions.
    #[arg(long)]
    descriptions: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct FuzzOptions {
    /// Seconds per target.
    #[arg(default_value_t = 60)]
    seconds: u64,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.task {
        Task::Ci(options) => ci::run(&options),
        Task::Contract(options) => contract::run(options.descriptions, options.check),
        Task::Demo => demo::run(),
        Task::Docs(options) => docs::run(options.check),
        Task::Fuzz(options) => fuzz::run(options.seconds),
        Task::Schemas(options) => schemas::run(options.check),
        Task::Bench(options) => bench::run(&options),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// cargo as the one that started xtask, run in the workspace root.
pub(crate) fn cargo_command() -> Result<Command, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    // `cargo run` describes xtask's own package in CARGO_PKG_*; cargo plugins such as
    // cargo-machete take CARGO_PKG_NAME to mean they were run directly, not as `cargo NAME`.
    command
        .current_dir(workspace_root()?)
        .env_remove("CARGO_PKG_NAME");
    Ok(command)
}

/// Runs cargo with `args`, echoing the command so a CI log shows what failed.
pub(crate) fn cargo(args: &[&str]) -> Result<(), String> {
    eprintln!("$ cargo {}", args.join(" "));
    let status = cargo_command()?
        .args(args)
        .status()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`cargo {}` failed ({status})", args.join(" ")))
    }
}

/// The workspace root: xtask's manifest directory's parent.
pub(crate) fn workspace_root() -> Result<PathBuf, String> {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest
        .parent()
        .map(Path::to_path_buf)
        .ok_or_else(|| format!("{} has no parent directory", manifest.display()))
}

/// Cargo's target directory as cargo itself resolves it, so a `CARGO_TARGET_DIR`, a relative
/// one, or a `build.target-dir` in a config file are all honoured.
pub(crate) fn target_dir() -> Result<PathBuf, String> {
    let output = cargo_command()?
        .args(["metadata", "--format-version", "1", "--no-deps", "--locked"])
        .stderr(Stdio::inherit())
        .output()
        .map_err(|error| format!("cannot run cargo metadata: {error}"))?;
    if !output.status.success() {
        return Err(format!("`cargo metadata` failed ({})", output.status));
    }
    target_dir_of(&output.stdout)
}

fn target_dir_of(metadata: &[u8]) -> Result<PathBuf, String> {
    let metadata: serde_json::Value = serde_json::from_slice(metadata)
        .map_err(|error| format!("cargo metadata printed something that is not JSON: {error}"))?;
    metadata["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .ok_or_else(|| "cargo metadata gave no target_directory".to_owned())
}

/// Builds the packages `names` with `profile` flags (e.g. `["--release"]`) and returns where
/// cargo put the executable named like each package: cargo's own report, so a target directory
/// or a build target set anywhere is honoured and a stale binary elsewhere is never picked up.
pub(crate) fn build_binaries<const N: usize>(
    profile: &[&str],
    names: [&str; N],
) -> Result<[PathBuf; N], String> {
    let mut args = vec!["build", "--locked", "--bins"];
    args.extend_from_slice(profile);
    for name in names {
        args.extend_from_slice(&["-p", name]);
    }
    args.push("--message-format=json-render-diagnostics");
    eprintln!("$ cargo {}", args.join(" "));
    let output = cargo_command()?
        .args(&args)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|error| format!("cannot run cargo build: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "`cargo {}` failed ({})",
            args.join(" "),
            output.status
        ));
    }
    let mut executables = executables_of(&output.stdout);
    if let Some(missing) = names.iter().find(|name| !executables.contains_key(**name)) {
        return Err(format!(
            "cargo build reported no executable named {missing}"
        ));
    }
    Ok(names.map(|name| executables.remove(name).unwrap_or_default()))
}

/// The `compiler-artifact` messages' executables, by target name.
fn executables_of(messages: &[u8]) -> HashMap<String, PathBuf> {
    messages
        .lines()
        .map_while(Result::ok)
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(&line).ok())
        .filter(|message| message["reason"] == "compiler-artifact")
        .filter_map(|message| {
            let name = message["target"]["name"].as_str()?.to_owned();
            let executable = message["executable"].as_str()?;
            Some((name, PathBuf::from(executable)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory as _;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn tasks_and_their_options_parse() {
        let cli = Cli::try_parse_from(["cargo xtask", "docs", "--check"]).expect("docs --check");
        assert!(matches!(cli.task, Task::Docs(DocsOptions { check: true })));
        let cli = Cli::try_parse_from(["cargo xtask", "fuzz", "5"]).expect("fuzz 5");
        assert!(matches!(cli.task, Task::Fuzz(FuzzOptions { seconds: 5 })));
        let cli = Cli::try_parse_from(["cargo xtask", "fuzz"]).expect("fuzz");
        assert!(matches!(cli.task, Task::Fuzz(FuzzOptions { seconds: 60 })));
        assert!(Cli::try_parse_from(["cargo xtask", "fuzz", "soon"]).is_err());
        assert!(Cli::try_parse_from(["cargo xtask", "deploy"]).is_err());
        assert!(Cli::try_parse_from(["cargo xtask"]).is_err());
    }

    #[test]
    fn bench_counts_have_floors() {
        let cli = Cli::try_parse_from(["cargo xtask", "bench", "--runs", "12", "--no-python"])
            .expect("bench options");
        let Task::Bench(options) = cli.task else {
            panic!("not bench: {cli:?}");
        };
        assert_eq!(
            format!("{options:?}"),
            "Options { runs: 12, bulk_runs: 3, python: false, large: true, criterion: false }"
        );
        for args in [["--runs", "9"], ["--bulk-runs", "0"], ["--runs", "ten"]] {
            let error = Cli::try_parse_from(["cargo xtask", "bench", args[0], args[1]])
                .expect_err("below the floor");
            assert!(error.to_string().contains("at least"), "{error}");
        }
    }

    #[test]
    fn every_task_has_help() {
        for task in ["ci", "demo", "docs", "fuzz", "bench"] {
            let error = Cli::try_parse_from(["cargo xtask", task, "--help"])
                .expect_err("--help stops parsing");
            assert_eq!(error.kind(), clap::error::ErrorKind::DisplayHelp, "{task}");
            assert!(error.to_string().contains("Usage: cargo xtask"), "{task}");
        }
    }

    #[test]
    fn the_target_directory_is_the_one_cargo_metadata_reports() {
        let metadata = br#"{"packages":[],"target_directory":"/shared/targets/me","version":1}"#;
        assert_eq!(
            target_dir_of(metadata),
            Ok(PathBuf::from("/shared/targets/me"))
        );
        assert!(target_dir_of(br#"{"packages":[]}"#).is_err());
        assert!(target_dir_of(b"warning: not json").is_err());
    }

    #[test]
    fn executables_come_from_cargo_build_messages() {
        let messages = concat!(
            r#"{"reason":"compiler-artifact","target":{"name":"jira","kind":["lib"]},"executable":null}"#,
            "\n",
            r#"{"reason":"compiler-artifact","target":{"name":"jshell","kind":["bin"]},"executable":"/t/release/jshell"}"#,
            "\n",
            r#"{"reason":"build-finished","success":true}"#,
            "\n",
        );
        let executables = executables_of(messages.as_bytes());
        assert_eq!(executables.len(), 1);
        assert_eq!(
            executables.get("jshell"),
            Some(&PathBuf::from("/t/release/jshell"))
        );
    }
}
