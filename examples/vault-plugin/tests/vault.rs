//! The custom binary against a real fakejira over HTTP: one script reaches both `jira` and the
//! example's `vault` plugin.

use std::process::{Command, Output};

const PAT: &str = "alice-pat-2718281828";

struct World {
    _runtime: tokio::runtime::Runtime,
    server: fakejira::Running,
    dir: tempfile::TempDir,
}

impl World {
    fn new() -> Self {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        let server = runtime
            .block_on(
                fakejira::FakeJira::builder()
                    .user("alice", "alice-password-3141")
                    .pat(PAT, "alice")
                    .issues(3)
                    .start(),
            )
            .expect("fakejira starts");
        let dir = tempfile::tempdir().expect("a temp dir");
        std::fs::write(
            dir.path().join("vault.json"),
            r#"{"team/lead": "bob", "deploy/token": "t0k3n"}"#,
        )
        .expect("the vault file");
        Self {
            _runtime: runtime,
            server,
            dir,
        }
    }

    /// `vault-jshell --server URL --pat PAT ARGS…` in a private home, with the vault file.
    fn run(&self, args: &[&str]) -> Output {
        self.command()
            .args(["--server", self.server.url().as_str(), "--pat", PAT])
            .args(args)
            .output()
            .expect("vault-jshell runs")
    }

    /// `vault-jshell` in a private home, with the vault file.
    fn command(&self) -> Command {
        let home = self.dir.path().join("home");
        let mut command = Command::new(env!("CARGO_BIN_EXE_vault-jshell"));
        command
            .current_dir(self.dir.path())
            .env_clear()
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("VAULT_FILE", self.dir.path().join("vault.json"));
        command
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn one_script_uses_jira_and_the_vault() {
    let world = World::new();
    let script = world.dir.path().join("report.rhai");
    std::fs::write(
        &script,
        r#"let lead = vault::get("team/lead");
           let issue = jira.issue("ABC-1");
           #{key: issue.key, me: jira.myself().name, lead: lead, names: vault::names().len()}"#,
    )
    .expect("the script");
    let output = world.run(&[script.to_str().expect("a UTF-8 path")]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let value: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("the script's value as JSON");
    assert_eq!(
        value,
        serde_json::json!({"key": "ABC-1", "me": "alice", "lead": "bob", "names": 2})
    );
}

#[test]
fn a_missing_secret_is_a_script_error_naming_it() {
    let world = World::new();
    let output = world.run(&["-e", r#"vault::get("nope")"#]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("no secret named `nope`"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn the_plugin_is_in_the_reference_and_the_usage_names_the_binary() {
    let world = World::new();
    let reference = world
        .command()
        .arg("api-reference")
        .output()
        .expect("vault-jshell runs");
    assert!(reference.status.success(), "{}", text(&reference.stderr));
    assert!(text(&reference.stdout).contains("vault::get"));
    let help = world.run(&["--help"]);
    assert!(text(&help.stdout).contains("Usage: vault-jshell"));
}

#[test]
fn the_binary_s_own_command_runs_beside_the_bundled_ones() {
    let world = World::new();
    let output = world.run(&["lead", "project = ABC"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let value: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("the command's value as JSON");
    assert_eq!(value, serde_json::json!({"lead": "bob", "issues": 3}));
    let listing = world.command().arg("commands").output().expect("runs");
    let listing = text(&listing.stdout);
    assert!(
        listing.contains("lead ") && listing.contains("[built in]"),
        "{listing}"
    );
    assert!(listing.contains("export-issues"), "{listing}");
    let wrong = world.run(&["lead", "a", "b"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(text(&wrong.stderr).contains("usage: vault-jshell lead [JQL]"));
}
