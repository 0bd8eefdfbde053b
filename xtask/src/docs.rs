//! `cargo xtask docs`: regenerates docs/api.md from jshell's scripting engine, so the reference
//! cannot drift from what scripts can call (an end-to-end test fails when the file is stale).

use std::process::Command;

pub fn run() -> Result<(), String> {
    let root = crate::workspace_root()?;
    crate::cargo(&["build", "--quiet", "-p", "jshell"])?;
    let jshell = root.join("target/debug/jshell");
    let output = Command::new(&jshell)
        .arg("api-reference")
        .output()
        .map_err(|error| format!("cannot run {}: {error}", jshell.display()))?;
    if !output.status.success() {
        return Err(format!(
            "`jshell api-reference` failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let target = root.join("docs/api.md");
    std::fs::write(&target, &output.stdout)
        .map_err(|error| format!("cannot write {}: {error}", target.display()))?;
    println!("xtask docs: wrote {}", target.display());
    Ok(())
}
