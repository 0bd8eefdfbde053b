//! `scripts/examples/`: python-jira's documented examples written for jshell, each run against
//! fakejira and its output checked against a reviewed snapshot.

use std::path::PathBuf;

use crate::harness::{self, PAT, World};

fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../scripts/examples")
        .join(name)
}

/// Runs an example with a PAT (and `extra` flags before the script); returns its stdout.
fn run(world: &World, name: &str, extra: &[&str], args: &[&str]) -> String {
    let output = world
        .jshell()
        .args(["--server", &world.url(), "--pat", PAT])
        .args(extra)
        .arg(example(name))
        .args(args)
        .output()
        .expect("jshell runs");
    harness::assert_clean(&output, &[PAT]);
    assert!(
        output.status.success(),
        "{name} failed: {}",
        harness::stderr(&output)
    );
    harness::stdout(&output)
}

macro_rules! example_snapshot {
    ($test:ident, $file:literal) => {
        #[test]
        fn $test() {
            let world = World::with(|builder| builder.agile());
            let out = run(&world, $file, &[], &[]);
            insta::assert_snapshot!(stringify!($test), out);
        }
    };
}

example_snapshot!(issues, "issues.rhai");
example_snapshot!(fields, "fields.rhai");
example_snapshot!(searching, "searching.rhai");
example_snapshot!(comments, "comments.rhai");
example_snapshot!(transitions, "transitions.rhai");
example_snapshot!(projects, "projects.rhai");
example_snapshot!(watchers, "watchers.rhai");
example_snapshot!(worklogs, "worklogs.rhai");
example_snapshot!(agile, "agile.rhai");

#[test]
fn attachments() {
    let world = World::new();
    let dir = world.dir.path().to_string_lossy().into_owned();
    let out = run(&world, "attachments.rhai", &["--allow-fs"], &[&dir]);
    insta::assert_snapshot!("attachments", out);
}

#[test]
fn attachments_need_allow_fs() {
    let world = World::new();
    let output = world
        .jshell()
        .args(["--server", &world.url(), "--pat", PAT])
        .arg(example("attachments.rhai"))
        .output()
        .expect("jshell runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        harness::stderr(&output).contains("--allow-fs"),
        "{}",
        harness::stderr(&output)
    );
}

#[test]
fn every_example_has_a_test() {
    let source = include_str!("examples.rs");
    for entry in std::fs::read_dir(example("")).expect("scripts/examples is listed") {
        let name = entry
            .expect("an entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        assert!(
            source.contains(&format!("\"{name}\"")),
            "scripts/examples/{name} has no test here"
        );
    }
}
