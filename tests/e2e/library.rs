//! Every script of `scripts/` against fakejira, its output checked against a reviewed snapshot.

use std::path::PathBuf;

use crate::harness::{self, PAT, World};

fn script(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../scripts")
        .join(name)
}

/// Runs a bundled script with a PAT; returns (exit code, stdout, stderr).
fn run(world: &World, name: &str, args: &[&str]) -> (i32, String, String) {
    let output = world
        .jshell()
        .args(["--server", &world.url(), "--pat", PAT])
        .arg(script(name))
        .args(args)
        .output()
        .expect("jshell runs");
    harness::assert_clean(&output, &[PAT]);
    (
        output.status.code().unwrap_or(-1),
        harness::stdout(&output),
        harness::stderr(&output),
    )
}

macro_rules! snapshot {
    ($name:expr, $text:expr) => {{
        let mut settings = insta::Settings::clone_current();
        settings.add_filter(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT");
        settings.add_filter(r"\b\d+ days\b", "N days");
        settings.bind(|| insta::assert_snapshot!($name, $text));
    }};
}

#[test]
fn server_info_and_whoami() {
    let world = World::new();
    let (code, out, err) = run(&world, "server_info.rhai", &[]);
    assert_eq!(code, 0, "{err}");
    snapshot!("server_info", out);
    let (code, out, err) = run(&world, "whoami.rhai", &[]);
    assert_eq!(code, 0, "{err}");
    snapshot!("whoami", out);
}

#[test]
fn license_monitor_exits_2_below_the_threshold() {
    let world = World::new();
    let (code, out, err) = run(&world, "license_monitor.rhai", &["10"]);
    assert_eq!(code, 0, "{err}");
    snapshot!("license_monitor", out);
    let (code, _, err) = run(&world, "license_monitor.rhai", &["1000"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("fewer than 1000 seats remain for"), "{err}");
}

#[test]
fn export_issues_as_json_lines_and_csv() {
    let world = World::new();
    let (code, out, err) = run(
        &world,
        "export_issues.rhai",
        &["project = ABC", "--fields", "summary,status"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 6, "every ABC issue: {out}");
    for line in out.lines() {
        let row: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        assert!(
            row["key"]
                .as_str()
                .is_some_and(|key| key.starts_with("ABC-")),
            "{row}"
        );
    }
    snapshot!("export_issues_jsonl", out);
    let (code, out, err) = run(
        &world,
        "export_issues.rhai",
        &[
            "project = OPS",
            "--format=csv",
            "--fields",
            "summary,labels",
        ],
    );
    assert_eq!(code, 0, "{err}");
    snapshot!("export_issues_csv", out);
    let (code, _, err) = run(&world, "export_issues.rhai", &["--format", "xml"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn bulk_transition_shows_its_moves_under_dry_run_then_makes_them() {
    let world = World::new();
    let jql = "project = ABC AND status = \"To Do\"";
    let output = world
        .jshell()
        .args(["--server", &world.url(), "--pat", PAT, "--dry-run"])
        .arg(script("bulk_transition.rhai"))
        .args([jql, "start progress", "--comment", "bulk move"])
        .output()
        .expect("jshell runs");
    harness::assert_clean(&output, &[PAT]);
    assert!(output.status.success(), "{}", harness::stderr(&output));
    snapshot!("bulk_transition_dry_run", harness::stdout(&output));
    assert_eq!(
        harness::writes_sent(&world),
        Vec::<String>::new(),
        "a dry run sends no write"
    );
    let (code, applied, err) = run(
        &world,
        "bulk_transition.rhai",
        &[jql, "Start Progress", "--comment", "bulk move"],
    );
    assert_eq!(code, 0, "{err}");
    snapshot!("bulk_transition_applied", applied);
    let (code, after, err) = run(&world, "bulk_transition.rhai", &[jql, "start progress"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        after.contains("moved: 0"),
        "nothing is left to move: {after}"
    );
}

#[test]
fn stale_issues_lists_the_untouched_open_ones() {
    let world = World::new();
    let (code, out, err) = run(&world, "stale_issues.rhai", &["30"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("[Done]"), "done issues are not stale: {out}");
    snapshot!("stale_issues", out);
}
