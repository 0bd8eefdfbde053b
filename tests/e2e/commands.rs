//! Script commands: `jshell NAME ARGS…` runs NAME.rhai from the user's commands directory, a
//! `--plugin-path` directory or the bundled scripts; listing, help, argument checks, clashes
//! with built-in subcommands, and the same exit codes as `jshell FILE`.

use std::path::PathBuf;

use crate::harness::{self, PAT, World};

const REPORT: &str = r#"// report.rhai — how many issues a query finds.
//
// usage: report <jql> [--days N] [--format text|json] [--verbose]
// The count of issues matching JQL, optionally only those updated in the last N days.

let jql = ARGS[0];
let found = jira.search_issues(jql);
`${found.len()} issues for ${jql}; args ${ARGS.len()}`
"#;

/// Writes `name.rhai` into the user's commands directory.
fn user_command(world: &World, name: &str, source: &str) -> PathBuf {
    let dir = world.path("home/.config/jshell/commands");
    std::fs::create_dir_all(&dir).expect("the commands directory");
    let path = dir.join(format!("{name}.rhai"));
    std::fs::write(&path, source).expect("the command");
    path
}

fn connected(world: &World) -> assert_cmd::Command {
    let mut command = world.jshell();
    command.args(["--server", &world.url(), "--pat", PAT]);
    command
}

#[test]
fn commands_lists_user_and_bundled_commands_with_summaries() {
    let world = World::new();
    user_command(&world, "report", REPORT);
    let output = world.jshell().arg("commands").output().expect("runs");
    assert!(output.status.success(), "{}", harness::stderr(&output));
    let listing = harness::stdout(&output);
    let line = |name: &str| {
        listing
            .lines()
            .find(|line| line.starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("{name} is not listed:\n{listing}"))
            .to_owned()
    };
    assert!(line("report").contains("how many issues a query finds."));
    assert!(line("report").contains("commands/report.rhai"));
    assert!(line("export-issues").contains("[bundled]"));
    assert!(line("stale-issues").contains("open issues nobody has touched for N days"));
}

#[test]
fn a_command_runs_with_its_arguments_and_its_help_is_its_comment() {
    let world = World::new();
    user_command(&world, "report", REPORT);
    let output = connected(&world)
        .args(["report", "project = ABC", "--days", "3"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", harness::stderr(&output));
    assert_eq!(
        harness::stdout(&output).trim(),
        "6 issues for project = ABC; args 3"
    );

    for help in [
        &["report", "--help"][..],
        &["report", "x", "-h"],
        &["-q", "report", "-h"],
    ] {
        let output = world.jshell().args(help).output().expect("runs");
        assert!(
            output.status.success(),
            "{help:?}: {}",
            harness::stderr(&output)
        );
        let text = harness::stdout(&output);
        assert!(
            text.starts_with("report.rhai — how many issues"),
            "{help:?}: {text}"
        );
        assert!(
            text.contains("Usage: jshell report <jql> [--days N] [--format text|json] [--verbose]"),
            "{text}"
        );
        assert!(text.contains("optionally only those updated"), "{text}");
    }
}

#[test]
fn wrong_arguments_are_refused_before_the_script_runs() {
    let world = World::new();
    user_command(&world, "report", REPORT);
    for (args, expected) in [
        (&["report"][..], "jshell report: missing jql"),
        (&["report", "q", "--days"], "--days needs a value (N)"),
        (&["report", "q", "--weeks", "2"], "unknown option --weeks"),
        (
            &["report", "q", "--format", "xml"],
            "--format must be one of text, json, not `xml`",
        ),
        (&["report", "q", "--verbose=yes"], "--verbose is a flag"),
        (&["report", "q", "r"], "too many arguments"),
    ] {
        let output = connected(&world).args(args).output().expect("runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = harness::stderr(&output);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(
            stderr.contains("usage: jshell report <jql> [--days N]"),
            "{args:?}: {stderr}"
        );
        assert!(
            harness::stdout(&output).is_empty(),
            "{args:?}: the script did not run"
        );
    }
    let unknown = world
        .jshell()
        .arg("no-such-command")
        .output()
        .expect("runs");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(harness::stderr(&unknown).contains("`jshell commands` lists the commands"));
}

#[test]
fn a_built_in_subcommand_wins_over_a_command_of_its_name_and_the_clash_is_reported() {
    let world = World::new();
    user_command(
        &world,
        "profiles",
        "// profiles — mine.\n\"from the script\"\n",
    );
    let builtin = world.jshell().arg("profiles").output().expect("runs");
    assert!(builtin.status.success(), "{}", harness::stderr(&builtin));
    assert!(!harness::stdout(&builtin).contains("from the script"));

    let listing = world.jshell().arg("commands").output().expect("runs");
    assert!(listing.status.success());
    let line = harness::stdout(&listing)
        .lines()
        .find(|line| line.starts_with("profiles "))
        .map(str::to_owned)
        .expect("the command is listed");
    assert!(line.contains("hidden by the built-in"), "{line}");
    assert!(
        harness::stderr(&listing).contains("the command `profiles`")
            && harness::stderr(&listing).contains("built-in subcommand"),
        "{}",
        harness::stderr(&listing)
    );
}

#[test]
fn a_bundled_script_runs_as_a_command_as_it_does_as_a_file() {
    let world = World::new();
    let as_command = connected(&world)
        .args(["export-issues", "project = ABC", "--format", "csv"])
        .output()
        .expect("runs");
    assert!(
        as_command.status.success(),
        "{}",
        harness::stderr(&as_command)
    );
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/export_issues.rhai");
    let as_file = connected(&world)
        .arg(&file)
        .args(["project = ABC", "--format", "csv"])
        .output()
        .expect("runs");
    assert!(as_file.status.success(), "{}", harness::stderr(&as_file));
    let csv = harness::stdout(&as_command);
    assert!(
        csv.starts_with("key,summary,status,assignee,updated\nABC-1,"),
        "{csv}"
    );
    assert_eq!(csv, harness::stdout(&as_file));
    harness::assert_clean(&as_command, &[PAT]);
}

#[test]
fn exit_codes_are_those_of_the_same_script_run_as_a_file() {
    let world = World::new();
    let dir = world.path("more-commands");
    std::fs::create_dir_all(&dir).expect("a directory");
    for (source, code) in [
        ("exit(7);", 7),
        ("let x = ; // a parse error", 1),
        ("throw \"boom\";", 1),
        ("jira.issue(\"NOPE-1\")", 4),
        ("\"fine\"", 0),
    ] {
        std::fs::write(dir.join("probe.rhai"), source).expect("the command");
        let as_command = connected(&world)
            .args(["--plugin-path", dir.to_str().expect("UTF-8"), "probe"])
            .output()
            .expect("runs");
        let as_file = connected(&world)
            .arg(dir.join("probe.rhai"))
            .output()
            .expect("runs");
        assert_eq!(
            as_command.status.code(),
            Some(code),
            "{source}: {}",
            harness::stderr(&as_command)
        );
        assert_eq!(as_file.status.code(), Some(code), "{source}");
    }
    let refused = world
        .jshell()
        .args(["--server", &world.url(), "--pat", "wrong-token"])
        .args(["--plugin-path", dir.to_str().expect("UTF-8"), "whoami"])
        .output()
        .expect("runs");
    assert_eq!(
        refused.status.code(),
        Some(3),
        "{}",
        harness::stderr(&refused)
    );
}

#[test]
fn completion_scripts_offer_the_commands() {
    let world = World::new();
    user_command(&world, "report", REPORT);
    let output = world
        .jshell()
        .args(["completions", "bash"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", harness::stderr(&output));
    let script = harness::stdout(&output);
    assert!(script.contains("report"), "the user's command");
    assert!(script.contains("export-issues"), "a bundled command");
}
