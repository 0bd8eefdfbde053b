//! Safe to point at production. Under `--dry-run` no write reaches Jira, from any bundled script
//! or any method of the table, and each write the table sends is answered
//! `#{dry_run: true, …}`; under `--read-only` the same writes are refused before sending, each
//! naming its method; a profile marked `read_only` stays read-only whatever the flags say.
//! What reached the server is read from fakejira's own request log.

use std::collections::BTreeMap;
use std::path::PathBuf;

use jira::methods::spec::{Action, Kind, MethodSpec, Param};
use serde_json::Value;

use crate::harness::{self, PAT, USER, World};

fn world() -> World {
    World::with(|builder| builder.auto_approve(USER).agile())
}

fn scripts() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts");
    let mut found: Vec<PathBuf> = ["", "examples"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).expect("scripts/ is listed"))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "rhai")
        })
        .collect();
    found.sort();
    found
}

/// The arguments each script that takes some is given: enough for its writes to be reached.
fn arguments(script: &std::path::Path, world: &World) -> Vec<String> {
    let dir = world.dir.path().to_string_lossy().into_owned();
    let name = script.file_name().and_then(|name| name.to_str());
    let args: &[&str] = match name {
        Some("bulk_transition.rhai") => &["project = ABC", "Start Progress", "--comment", "moved"],
        Some("export_issues.rhai") => &["project = ABC", "--format", "csv"],
        Some("stale_issues.rhai") => &["0"],
        Some("attachments.rhai") => &[&dir],
        _ => &[],
    };
    args.iter().map(|arg| (*arg).to_owned()).collect()
}

#[test]
fn no_bundled_script_writes_under_dry_run() {
    let mut held_somewhere = false;
    for script in scripts() {
        let world = world();
        let output = world
            .jshell()
            .current_dir(world.dir.path())
            .args([
                "--server",
                &world.url(),
                "--pat",
                PAT,
                "--dry-run",
                "--allow-fs",
            ])
            .arg(&script)
            .args(arguments(&script, &world))
            .output()
            .expect("jshell runs");
        harness::assert_clean(&output, &[PAT]);
        let stderr = harness::stderr(&output);
        assert_eq!(
            harness::writes_sent(&world),
            Vec::<String>::new(),
            "{script:?}"
        );
        assert!(
            stderr.contains("dry run: "),
            "{script:?} ends with the dry run's summary: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{script:?}: {stderr}");
        held_somewhere |= stderr.contains("not sent:");
    }
    assert!(held_somewhere, "some bundled script writes, and was held");
}

/// A value for `param` that reaches the route with fakejira's seed (ABC-1, project ABC, board
/// 1, alice), as a Rhai literal.
fn sample(param: &Param, file: &str) -> String {
    let name = param.name;
    match param.kind {
        _ if ["path", "file", "attachment", "filename"].contains(&name) => format!("{file:?}"),
        Kind::Text if name.contains("project") => "\"ABC\"".to_owned(),
        Kind::Text | Kind::Any => "\"ABC-1\"".to_owned(),
        Kind::User => format!("{USER:?}"),
        Kind::Int => "1".to_owned(),
        Kind::Bool => "true".to_owned(),
        Kind::Map => "#{}".to_owned(),
        Kind::List => "[\"ABC-1\"]".to_owned(),
    }
}

/// Arguments that get a method that reads before it writes as far as its write, as Rhai.
const ARGUMENTS_THAT_REACH_THE_WRITE: &[(&str, &str)] = &[
    (
        "create_issue",
        "#{project: \"ABC\", issuetype: \"Task\", summary: \"held\"}",
    ),
    (
        "create_issues",
        "[#{project: \"ABC\", issuetype: \"Task\", summary: \"held\"}]",
    ),
    ("delete_remote_link", "\"ABC-1\", #{internal_id: 1}"),
    ("transition_issue", "\"ABC-1\", \"Start Progress\""),
];

/// A script calling every method of the table once, answering each method's outcome: `held`
/// (a dry run's answer), `answered`, or the error's `kind: message`.
fn every_method_script(file: &str) -> String {
    let mut script = String::from("let outcomes = #{};\n");
    for spec in jira::methods::all() {
        let args = match ARGUMENTS_THAT_REACH_THE_WRITE
            .iter()
            .find(|(name, _)| *name == spec.name)
        {
            Some((_, args)) => (*args).to_owned(),
            None => {
                let args: Vec<String> = spec
                    .params
                    .iter()
                    .map(|param| sample(param, file))
                    .collect();
                args.join(", ")
            }
        };
        script.push_str(&format!(
            "try {{ let answer = jira.{name}({args}); \
             outcomes[{name:?}] = if type_of(answer) == \"map\" && answer.dry_run == true {{ \"held\" }} else {{ \"answered\" }}; }} \
             catch (e) {{ outcomes[{name:?}] = `${{e.kind}}: ${{e.message}}`; }}\n",
            name = spec.name,
        ));
    }
    script.push_str("outcomes\n");
    script
}

/// Runs every method of the table with `mode` (`--dry-run` or `--read-only`); answers each
/// method's outcome.
fn every_method(world: &World, mode: &str) -> BTreeMap<String, String> {
    let file = world.path("notes.txt");
    std::fs::write(&file, "a file to attach").expect("a file");
    let output = world
        .jshell()
        .current_dir(world.dir.path())
        .args(["--server", &world.url(), "--pat", PAT, mode, "--allow-fs"])
        .args(["-o", "json", "-e"])
        .arg(every_method_script(&file.to_string_lossy()))
        .output()
        .expect("jshell runs");
    harness::assert_clean(&output, &[PAT]);
    assert!(output.status.success(), "{}", harness::stderr(&output));
    let outcomes: BTreeMap<String, Value> =
        serde_json::from_str(&harness::stdout(&output)).expect("a JSON map");
    outcomes
        .into_iter()
        .map(|(name, outcome)| (name, outcome.as_str().unwrap_or_default().to_owned()))
        .collect()
}

/// The table's REST entries that change Jira and that the server has.
fn rest_writes(world: &World) -> Vec<&'static MethodSpec> {
    let info: Value = server_info(world);
    let server = jira::server::Server::from_server_info(&info);
    jira::methods::all()
        .filter(|spec| spec.availability.works_on(&server) != Some(false))
        .filter(|spec| match spec.action {
            Action::Rest(rest) => {
                let path = match rest.path.strip_prefix('/') {
                    Some(absolute) => absolute.to_owned(),
                    None => format!("rest/api/2/{}", rest.path),
                };
                let url = world.server.url().join(&path).expect("a URL");
                jira::is_write(&rest.verb.method(), &url)
            }
            Action::Custom(_) => false,
        })
        .collect()
}

/// fakejira's `serverInfo`, as jshell reads it.
fn server_info(world: &World) -> Value {
    let output = world
        .jshell()
        .args(["--server", &world.url(), "--pat", PAT, "-o", "json"])
        .args(["-e", "jira.server_info()"])
        .output()
        .expect("jshell runs");
    serde_json::from_str(&harness::stdout(&output)).expect("serverInfo as JSON")
}

#[test]
fn every_write_of_the_table_is_held_under_dry_run_and_refused_under_read_only() {
    let world = world();
    let dry = every_method(&world, "--dry-run");
    assert_eq!(
        harness::writes_sent(&world),
        Vec::<String>::new(),
        "a dry run sent writes"
    );
    let held: Vec<&String> = dry
        .iter()
        .filter(|(_, outcome)| *outcome == "held")
        .map(|(name, _)| name)
        .collect();
    for name in ARGUMENTS_THAT_REACH_THE_WRITE.iter().map(|(name, _)| *name) {
        assert_eq!(
            dry[name], "held",
            "jira.{name} writes, so a dry run holds it"
        );
    }
    for spec in rest_writes(&world) {
        assert_eq!(
            dry.get(spec.name).map(String::as_str),
            Some("held"),
            "jira.{} writes, so a dry run holds it",
            spec.name
        );
    }

    let read_only = every_method(&world, "--read-only");
    assert_eq!(
        harness::writes_sent(&world),
        Vec::<String>::new(),
        "read-only sent writes"
    );
    let refused: Vec<&String> = read_only
        .iter()
        .filter(|(_, outcome)| outcome.starts_with("read_only: "))
        .map(|(name, _)| name)
        .collect();
    assert_eq!(
        refused, held,
        "read-only refuses exactly what a dry run holds"
    );
    for name in refused {
        assert!(
            read_only[name].contains(&format!("jira.{name}")),
            "the refusal names the method: {}",
            read_only[name]
        );
    }
}

#[test]
fn a_read_only_profile_stays_read_only_whatever_the_flags() {
    let world = world();
    std::fs::create_dir_all(world.config_path().parent().expect("a parent")).expect("a dir");
    std::fs::write(
        world.config_path(),
        format!(
            "default_profile: prod\nprofiles:\n  prod:\n    server: {}\n    read_only: true\n    auth:\n      type: pat\n      token: {PAT}\n",
            world.url()
        ),
    )
    .expect("the config is written");
    let output = world
        .jshell()
        .env("JSHELL_READ_ONLY", "0")
        .args(["-e", "jira.add_comment(\"ABC-1\", \"from prod\")"])
        .output()
        .expect("jshell runs");
    harness::assert_clean(&output, &[PAT]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = harness::stderr(&output);
    assert!(
        stderr.contains("jira.add_comment") && stderr.contains("read-only"),
        "{stderr}"
    );
    assert_eq!(harness::writes_sent(&world), Vec::<String>::new());
    let reads = world
        .jshell()
        .args(["-e", "jira.issue(\"ABC-1\").key"])
        .output()
        .expect("jshell runs");
    assert!(reads.status.success(), "{}", harness::stderr(&reads));
    assert_eq!(harness::stdout(&reads).trim(), "ABC-1");
}
