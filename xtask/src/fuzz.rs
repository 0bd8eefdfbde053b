//! `cargo xtask fuzz [SECONDS]`: every cargo-fuzz target for a bounded time (default 60 s each).
//! A crash stops the run; libFuzzer saves the input under fuzz/artifacts/TARGET/, and it becomes
//! a regression test in the crate that owns the code.

use std::process::Command;

const TARGETS: [&str; 4] = ["oauth_header", "oauth_problem", "pem_key", "json_rhai"];

pub fn run(seconds: u64) -> Result<(), String> {
    let root = crate::workspace_root()?;
    let installed = Command::new("cargo")
        .args(["fuzz", "--version"])
        .output()
        .is_ok_and(|output| output.status.success());
    if !installed {
        crate::cargo(&["install", "cargo-fuzz", "--locked"])?;
    }
    for target in TARGETS {
        eprintln!("xtask fuzz: {target} for {seconds} s");
        let mut command = Command::new("cargo");
        command
            .current_dir(&root)
            // cargo-fuzz needs nightly flags; the stable toolchain accepts them this way.
            .env("RUSTC_BOOTSTRAP", "1")
            .args(["fuzz", "run", "--fuzz-dir", "fuzz", target]);
        if target == "pem_key" {
            // libFuzzer writes new inputs to the first directory, which a fresh clone lacks.
            let corpus = root.join("fuzz/corpus/pem_key");
            std::fs::create_dir_all(&corpus)
                .map_err(|error| format!("cannot create {}: {error}", corpus.display()))?;
            command.args(["fuzz/corpus/pem_key", "crates/oauth1/tests/fixtures"]);
        }
        let status = command
            .args(["--", &format!("-max_total_time={seconds}")])
            .status()
            .map_err(|error| format!("cannot run cargo fuzz: {error}"))?;
        if !status.success() {
            return Err(format!(
                "fuzz target {target} failed ({status}); the input is under fuzz/artifacts/{target}/"
            ));
        }
    }
    println!(
        "xtask fuzz: no crash in {} targets × {seconds} s",
        TARGETS.len()
    );
    Ok(())
}
