//! `cargo xtask docs`: regenerates docs/api.md (from the method table and jshell's scripting
//! engine) and docs/python-jira.md (python-jira's methods and their equivalents), so neither
//! can drift from what scripts can call; `--check` (a `cargo xtask ci` step) fails when a
//! committed file is stale.

use std::process::Stdio;

pub fn run(check: bool) -> Result<(), String> {
    for (file, extra) in [
        ("docs/api.md", None),
        ("docs/python-jira.md", Some("--python-jira")),
    ] {
        let generated = generate(extra)?;
        let target = crate::workspace_root()?.join(file);
        compare_or_write(&target, &generated, check, "docs")?;
    }
    Ok(())
}

/// Writes `generated` to `target`, or with `check` fails when they differ, naming the
/// `cargo xtask TASK` that regenerates it.
pub(crate) fn compare_or_write(
    target: &std::path::Path,
    generated: &[u8],
    check: bool,
    task: &str,
) -> Result<(), String> {
    if check {
        let committed = std::fs::read(target)
            .map_err(|error| format!("cannot read {}: {error}", target.display()))?;
        if committed != generated {
            return Err(format!(
                "{} is stale: run `cargo xtask {task}` and commit the result",
                target.display()
            ));
        }
        println!("xtask {task}: {} is current", target.display());
        return Ok(());
    }
    std::fs::write(target, generated)
        .map_err(|error| format!("cannot write {}: {error}", target.display()))?;
    println!("xtask {task}: wrote {}", target.display());
    Ok(())
}

/// `jshell api-reference`'s output, through `cargo run` so the binary is the current source's
/// wherever the target directory is.
fn generate(extra: Option<&str>) -> Result<Vec<u8>, String> {
    let mut args = vec![
        "run",
        "--quiet",
        "--locked",
        "-p",
        "jshell",
        "--",
        "api-reference",
    ];
    args.extend(extra);
    eprintln!("$ cargo {}", args.join(" "));
    let output = crate::cargo_command()?
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "`jshell api-reference` failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(output.stdout)
}
