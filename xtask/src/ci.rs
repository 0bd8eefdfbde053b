//! `cargo xtask ci`: the one test command. Each step is a separate, named stage so a CI log says
//! which kind of check failed; the cheap ones run first.

use clap::{Args, ValueEnum};

#[derive(Debug, Args)]
pub struct Options {
    /// Run only these steps (default: all, in this order).
    #[arg(value_enum)]
    steps: Vec<Step>,
}

/// The checks, in the order they run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Step {
    /// `cargo fmt --check`.
    Fmt,
    /// cargo-machete: dependencies no source file uses.
    UnusedDeps,
    /// cargo-deny: advisories, licences, duplicate versions, sources (deny.toml).
    SupplyChain,
    /// ARCHITECTURE.md's dependency arrows, crate by crate: only jshell enables oauth1's dance,
    /// fakejira never uses the client; each library crate checked alone.
    Arrows,
    /// clippy on every target, warnings are errors.
    Clippy,
    /// docs/api.md matches the engine.
    Docs,
    /// fakejira's response schemas match Atlassian's description, when $JSHELL_JIRA_OPENAPI
    /// names the descriptions' directory (skipped otherwise: a clone has no descriptions).
    Schemas,
    /// The contract's facts file matches Atlassian's descriptions, when $JSHELL_JIRA_OPENAPI
    /// names their directory (skipped otherwise; the contract test itself runs in `test`).
    Contract,
    /// The example plugin crate (examples/vault-plugin): built, and a script run through it.
    Example,
    /// The whole test suite, then the doc tests.
    Test,
}

impl Step {
    const ALL: [Step; 10] = [
        Step::Fmt,
        Step::UnusedDeps,
        Step::SupplyChain,
        Step::Arrows,
        Step::Clippy,
        Step::Docs,
        Step::Schemas,
        Step::Contract,
        Step::Example,
        Step::Test,
    ];

    fn name(self) -> &'static str {
        match self {
            Step::Fmt => "formatting",
            Step::UnusedDeps => "unused dependencies",
            Step::SupplyChain => "supply chain (advisories, licences, bans, sources)",
            Step::Arrows => "dependency arrows (each library crate alone)",
            Step::Clippy => "clippy",
            Step::Docs => "docs/api.md and docs/python-jira.md are current",
            Step::Schemas => "fakejira's response schemas match Atlassian's description",
            Step::Contract => "the contract's facts match Atlassian's descriptions",
            Step::Example => "the example plugin's binary runs a script",
            Step::Test => "tests",
        }
    }

    fn run(self) -> Result<(), String> {
        match self {
            Step::Fmt => crate::cargo(&["fmt", "--all", "--", "--check"]),
            Step::UnusedDeps => crate::supply_chain::unused_dependencies(),
            Step::SupplyChain => crate::supply_chain::deny(),
            Step::Arrows => crate::arrows::check(),
            Step::Clippy => crate::cargo(&[
                "clippy",
                "--workspace",
                "--all-targets",
                "--locked",
                "--",
                "-D",
                "warnings",
            ]),
            // The e2e suite compares docs/api.md too, so plain `cargo test` catches a stale file;
            // this step says so early and by name.
            Step::Docs => crate::docs::run(true),
            // A clone has no descriptions: the committed files are checked against them only
            // where CI is told where they are; the tests in `test` read only the committed files.
            Step::Schemas => crate::descriptions::when_configured(|| crate::schemas::run(true)),
            Step::Contract => {
                crate::descriptions::when_configured(|| crate::contract::run(None, true))
            }
            Step::Example => example(),
            Step::Test => {
                crate::cargo(&["test", "--workspace", "--all-targets", "--locked"])?;
                crate::cargo(&["test", "--workspace", "--doc", "--locked"])
            }
        }
    }
}

/// Builds the example binary (jshell as a library with a `vault` plugin) and runs a script that
/// uses the plugin; its e2e tests against fakejira run in `test`.
fn example() -> Result<(), String> {
    let dir = crate::workspace_root()?.join("examples/vault-plugin");
    eprintln!("$ VAULT_FILE=vault.example.json cargo run -p vault-jshell -- hello.rhai");
    let output = crate::cargo_command()?
        .args([
            "run",
            "--quiet",
            "--locked",
            "-p",
            "vault-jshell",
            "--",
            "hello.rhai",
        ])
        .current_dir(&dir)
        .env("VAULT_FILE", dir.join("vault.example.json"))
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if output.status.success() && stdout.contains("the team lead is bob") {
        print!("{stdout}");
        Ok(())
    } else {
        Err(format!(
            "vault-jshell hello.rhai failed ({}): {stdout}{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// The chosen steps in their canonical order, each once.
fn selected(steps: &[Step]) -> Vec<Step> {
    Step::ALL
        .into_iter()
        .filter(|step| steps.is_empty() || steps.contains(step))
        .collect()
}

pub fn run(options: &Options) -> Result<(), String> {
    let steps = selected(&options.steps);
    let total = steps.len();
    for (index, step) in steps.into_iter().enumerate() {
        eprintln!("\n== xtask ci [{}/{total}]: {}", index + 1, step.name());
        step.run()
            .map_err(|why| format!("ci step `{}` failed: {why}", step.name()))?;
    }
    println!("xtask ci: all {total} checks passed");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_steps_means_every_step_in_order() {
        assert_eq!(selected(&[]), Step::ALL.to_vec());
    }

    #[test]
    fn chosen_steps_run_in_canonical_order_once() {
        assert_eq!(
            selected(&[Step::Test, Step::Fmt, Step::Test]),
            vec![Step::Fmt, Step::Test]
        );
    }

    #[test]
    fn every_step_is_in_the_list() {
        for step in Step::value_variants() {
            assert!(Step::ALL.contains(step), "{step:?}");
        }
    }
}
