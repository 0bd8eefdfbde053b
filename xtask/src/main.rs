//! Project automation, run as `cargo xtask <task>`: the checks CI runs, the demo, the API
//! reference, fuzzing and the benchmarks.
//!
//! Written in Rust rather than shell so it runs the same wherever cargo does.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

mod bench;
mod demo;
mod docs;
mod fuzz;

pub(crate) const USAGE: &str = "\
usage: cargo xtask <task> [options]

tasks:
  ci      everything CI checks: formatting, clippy (warnings are errors), the whole test suite
  demo    the whole workflow (keygen, application link, login, scripts) against fakejira
  docs    regenerate docs/api.md from jshell's scripting engine
  fuzz    every cargo-fuzz target for SECONDS each (default 60): cargo xtask fuzz [SECONDS]
  bench   jshell side by side with the floor (curl) and the incumbent (Python jira/jirashell)
          against fakejira on loopback; writes target/bench/results.md and target/bench/chart.png

bench options:
  --runs N        runs per one-shot case, median reported (default 10, at least 10)
  --bulk-runs N   runs per bulk-export case, median reported (default 3)
  --no-python     skip the Python client (otherwise it is installed into target/bench/venv
                  with pip; if that fails the bench says why and skips those rows)
  --criterion     afterwards, also run the criterion benchmarks (`cargo bench --workspace`)
";

fn main() -> ExitCode {
    let task = std::env::args().nth(1);
    let result = match task.as_deref() {
        Some("ci") => ci(),
        Some("bench") => bench::run(std::env::args().skip(2)),
        Some("demo") => demo::run(),
        Some("docs") => docs::run(),
        Some("fuzz") => fuzz::run(std::env::args().skip(2)),
        Some("help" | "-h" | "--help") => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown task `{other}`\n\n{USAGE}")),
        None => Err(format!("no task given\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn ci() -> Result<(), String> {
    cargo(&["fmt", "--all", "--", "--check"])?;
    cargo(&[
        "clippy",
        "--workspace",
        "--all-targets",
        "--locked",
        "--",
        "-D",
        "warnings",
    ])?;
    cargo(&["test", "--workspace", "--all-targets", "--locked"])?;
    cargo(&["test", "--workspace", "--doc", "--locked"])?;
    println!("xtask ci: all checks passed");
    Ok(())
}

/// Runs cargo with `args`, echoing the command so a CI log shows what failed.
pub(crate) fn cargo(args: &[&str]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    eprintln!("$ cargo {}", args.join(" "));
    let status = Command::new(&cargo)
        .args(args)
        .status()
        .map_err(|error| format!("cannot run {cargo}: {error}"))?;
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
