//! Running scripts: every auth mode, every source of script text, output formats, and the exit
//! code of each kind of failure.

use crate::harness::{self, PASSWORD, PAT, USER, World};

#[test]
fn a_personal_access_token_from_the_flag_or_the_environment() {
    let world = World::new();
    let by_flag = world
        .jshell()
        .args([
            "--server",
            &world.url(),
            "--pat",
            PAT,
            "-e",
            "jira.myself().name",
        ])
        .output()
        .expect("runs");
    assert!(by_flag.status.success(), "{}", harness::stderr(&by_flag));
    assert_eq!(harness::stdout(&by_flag).trim(), USER);
    harness::assert_clean(&by_flag, &[PAT]);

    let by_env = world
        .jshell()
        .env("JSHELL_SERVER", world.url())
        .env("JSHELL_PAT", PAT)
        .args(["-v", "-v", "-e", "jira.myself().name"])
        .output()
        .expect("runs");
    assert!(by_env.status.success(), "{}", harness::stderr(&by_env));
    assert!(
        harness::stderr(&by_env).contains("http: GET"),
        "-vv logs exchanges"
    );
    harness::assert_clean(&by_env, &[PAT]);
}

#[test]
fn basic_credentials_with_a_password_flag_or_prompt() {
    let world = World::new();
    let flag = world
        .jshell()
        .args([
            "--server",
            &world.url(),
            "-u",
            USER,
            "-p",
            PASSWORD,
            "-e",
            "jira.myself().name",
        ])
        .output()
        .expect("runs");
    assert!(flag.status.success(), "{}", harness::stderr(&flag));
    harness::assert_clean(&flag, &[PASSWORD]);

    let prompted = world
        .jshell()
        .args([
            "--server",
            &world.url(),
            "-u",
            USER,
            "--prompt-for-password",
            "-e",
            "jira.myself().name",
        ])
        .write_stdin(format!("{PASSWORD}\n"))
        .output()
        .expect("runs");
    assert!(prompted.status.success(), "{}", harness::stderr(&prompted));
    assert_eq!(harness::stdout(&prompted).trim(), USER);
    harness::assert_clean(&prompted, &[PASSWORD]);

    let wrong = world
        .jshell()
        .args([
            "--server",
            &world.url(),
            "-u",
            USER,
            "-p",
            "not-the-password",
            "-e",
            "jira.myself()",
        ])
        .output()
        .expect("runs");
    assert_eq!(wrong.status.code(), Some(3), "{}", harness::stderr(&wrong));
    harness::assert_clean(&wrong, &["not-the-password"]);
}

#[test]
fn anonymous_calls_work_and_a_401_says_how_to_log_in() {
    let world = World::new();
    let info = world
        .jshell()
        .args([
            "--server",
            &world.url(),
            "-e",
            "jira.server_info().deploymentType",
        ])
        .output()
        .expect("runs");
    assert!(info.status.success(), "{}", harness::stderr(&info));
    assert_eq!(harness::stdout(&info).trim(), "Server");

    let me = world
        .jshell()
        .args(["--server", &world.url(), "-e", "jira.myself()"])
        .output()
        .expect("runs");
    let err = harness::stderr(&me);
    assert_eq!(me.status.code(), Some(3), "{err}");
    assert!(err.contains("-e:1:6:"), "the call's position: {err}");
    assert!(err.contains("jshell login"), "{err}");
}

#[test]
fn an_access_token_without_its_consumer_is_a_usage_error() {
    let world = World::new();
    let output = world
        .jshell()
        .args([
            "--server",
            &world.url(),
            "--access-token",
            "tok",
            "--access-token-secret",
            "sekrit-value",
        ])
        .args(["-e", "jira.server_info()"])
        .output()
        .expect("runs");
    let err = harness::stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("missing: --consumer-key, --key-cert"), "{err}");
    assert!(err.contains("does not fall back to anonymous"), "{err}");
    harness::assert_clean(&output, &["sekrit-value"]);
}

#[test]
fn script_errors_show_file_line_column_and_the_line() {
    let world = World::new();
    let script = world.path("broken.rhai");
    std::fs::write(&script, "let a = 1;\nlet b = a +;\n").expect("written");
    let output = world.jshell().arg(&script).output().expect("runs");
    let err = harness::stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("broken.rhai:2:"), "{err}");
    assert!(err.contains("let b = a +;"), "{err}");
    assert!(err.contains('^'), "{err}");

    let runtime = world
        .jshell()
        .args(["-e", "let x = 1;\nundefined_function(x)"])
        .output()
        .expect("runs");
    let err = harness::stderr(&runtime);
    assert_eq!(runtime.status.code(), Some(1), "{err}");
    assert!(
        err.contains("-e:2:1: Function not found: undefined_function"),
        "{err}"
    );
}

#[test]
fn jira_errors_are_catchable_maps() {
    let world = World::new();
    let output = world
        .jshell()
        .args(["--server", &world.url(), "--pat", PAT, "-e"])
        .arg(r#"let seen = ""; try { jira.issue("NOPE-1"); } catch (e) { seen = `${e.kind} ${e.status}`; } seen"#)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", harness::stderr(&output));
    assert_eq!(harness::stdout(&output).trim(), "http 404");
}

#[test]
fn an_unreachable_server_is_exit_4() {
    let world = World::new();
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
        listener.local_addr().expect("an address").port()
    };
    let output = world
        .jshell()
        .args([
            "--server",
            &format!("http://127.0.0.1:{port}"),
            "-e",
            "jira.server_info()",
        ])
        .output()
        .expect("runs");
    let err = harness::stderr(&output);
    assert_eq!(output.status.code(), Some(4), "{err}");
    assert!(
        err.contains(&format!("cannot connect to 127.0.0.1:{port}")),
        "{err}"
    );
}

#[test]
fn output_formats_and_imports() {
    let world = World::new();
    let lib = world.path("mylib.rhai");
    std::fs::write(&lib, "fn shout(text) { text.to_upper() }\n").expect("written");
    let script = world.path("use.rhai");
    std::fs::write(
        &script,
        "import \"mylib\" as my;\nimport \"jshell/issues\" as issues;\nlet found = jira.search_issues(\"project = ABC\", #{max_results: 2, fields: [\"summary\", \"status\"]});\n#{keys: issues::keys(found), word: my::shout(\"ok\")}\n",
    )
    .expect("written");
    let json = world
        .jshell()
        .args(["--server", &world.url(), "--pat", PAT])
        .arg(&script)
        .output()
        .expect("runs");
    assert!(json.status.success(), "{}", harness::stderr(&json));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(
        value,
        serde_json::json!({"keys": ["ABC-1", "ABC-2"], "word": "OK"})
    );

    let yaml = world
        .jshell()
        .args(["--server", &world.url(), "--pat", PAT, "--output", "yaml"])
        .arg(&script)
        .output()
        .expect("runs");
    assert!(yaml.status.success(), "{}", harness::stderr(&yaml));
    insta::assert_snapshot!(harness::stdout(&yaml), @r"
    keys:
    - ABC-1
    - ABC-2
    word: OK
    ");
}

#[test]
fn the_fs_plugin_needs_allow_fs() {
    let world = World::new();
    let target = world.path("out.txt");
    let script = format!("fs::write(\"{}\", \"hello\")", target.display());
    let refused = world.jshell().args(["-e", &script]).output().expect("runs");
    assert_eq!(refused.status.code(), Some(1));
    assert!(harness::stderr(&refused).contains("--allow-fs"));
    assert!(!target.exists());
    world
        .jshell()
        .args(["--allow-fs", "-e", &script])
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&target).expect("written"), "hello");
}

#[test]
fn runaway_recursion_is_an_error_not_a_crash() {
    let world = World::new();
    let output = world
        .jshell()
        .args(["-e", "fn f(n) { f(n + 1) } f(0)"])
        .output()
        .expect("runs");
    let err = harness::stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn help_and_version_teach() {
    let world = World::new();
    let help = world.jshell().arg("--help").output().expect("runs");
    let out = harness::stdout(&help);
    assert!(
        out.contains("Examples:") && out.contains("jshell login --server"),
        "{out}"
    );
    assert!(out.contains("Exit codes:"), "{out}");
    assert!(out.contains("jshell login --oauth2"), "{out}");
    let login = world
        .jshell()
        .args(["login", "--help"])
        .output()
        .expect("runs");
    let login = harness::stdout(&login);
    for flag in [
        "--oauth2",
        "--client-id",
        "--client-secret-file",
        "--redirect-uri",
        "--print-setup",
    ] {
        assert!(login.contains(flag), "login --help names {flag}:\n{login}");
    }
    assert!(
        !login.contains("--auth-url"),
        "test-only settings stay hidden:\n{login}"
    );
    let version = world.jshell().arg("--version").output().expect("runs");
    assert!(harness::stdout(&version).starts_with("jshell "));
    let completions = world
        .jshell()
        .args(["completions", "bash"])
        .output()
        .expect("runs");
    assert!(harness::stdout(&completions).contains("_jshell"));
}

#[test]
fn the_api_reference_in_docs_is_current() {
    let world = World::new();
    let output = world.jshell().arg("api-reference").output().expect("runs");
    assert!(output.status.success());
    let committed = include_str!("../../docs/api.md");
    assert!(
        harness::stdout(&output) == committed,
        "docs/api.md is stale: run `cargo xtask docs` and commit the result"
    );
}

#[test]
fn no_verify_warns_on_every_run() {
    let world = World::new();
    for _ in 0..2 {
        let output = world
            .jshell()
            .args([
                "--server",
                &world.url(),
                "--no-verify",
                "-e",
                "jira.server_info().deploymentType",
            ])
            .output()
            .expect("runs");
        assert!(output.status.success(), "{}", harness::stderr(&output));
        assert!(
            harness::stderr(&output).contains("warning: --no-verify"),
            "{}",
            harness::stderr(&output)
        );
    }
}

#[test]
fn license_monitor_shows_unlimited_seats_as_unlimited() {
    let world = World::new();
    let scripts = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts");
    let original =
        std::fs::read_to_string(scripts.join("license_monitor.rhai")).expect("the script");
    // The roles of a Data Center whose platform role is unlimited, as Jira reports them.
    let roles = "let jira = #{ application_roles: || [\
        #{name: \"Jira\", numberOfSeats: -1, remainingSeats: -1, userCount: 268, hasUnlimitedSeats: true},\
        #{name: \"Jira Legacy\", numberOfSeats: -1, remainingSeats: -1},\
        #{name: \"Jira Software\", numberOfSeats: 100, remainingSeats: 5, userCount: 95, hasUnlimitedSeats: false}\
    ] };\n";
    let script = world.path("license_monitor.rhai");
    std::fs::write(&script, format!("{roles}{original}")).expect("written");
    let output = world
        .jshell()
        .arg("--plugin-path")
        .arg(&scripts)
        .arg(&script)
        .arg("10")
        .output()
        .expect("runs");
    let (out, err) = (harness::stdout(&output), harness::stderr(&output));
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "Jira: 268 seats used, unlimited",
            "Jira Legacy: ? seats used, unlimited",
            "Jira Software: 95 of 100 seats used, 5 remaining",
        ]
    );
    assert!(
        err.contains("fewer than 10 seats remain for: [\"Jira Software\"]"),
        "{err}"
    );
}

#[test]
fn breaking_out_of_an_issue_stream_stops_fetching() {
    let world = World::new();
    let searches = || {
        world
            .server
            .access_log()
            .iter()
            .filter(|entry| entry.path.contains("/search"))
            .count()
    };
    let output = world
        .jshell()
        .args(["--server", &world.url(), "--pat", PAT, "-e"])
        .arg(
            r#"let seen = 0;
               for issue in jira.issues("ORDER BY key", #{page_size: 1, concurrency: 1}) {
                   seen += 1;
                   if seen == 2 { break; }
               }
               seen"#,
        )
        .output()
        .expect("jshell runs");
    assert!(output.status.success(), "{}", harness::stderr(&output));
    assert_eq!(harness::stdout(&output).trim(), "2");
    let fetched = searches();
    assert!(
        fetched < 12,
        "12 one-issue pages match, but breaking after 2 issues fetched {fetched} of them"
    );
    let output = world
        .jshell()
        .args(["--server", &world.url(), "--pat", PAT, "-e"])
        .arg(
            r#"let n = 0; for issue in jira.issues("ORDER BY key", #{page_size: 1}) { n += 1; } n"#,
        )
        .output()
        .expect("jshell runs");
    assert_eq!(harness::stdout(&output).trim(), "12", "the whole stream");
    assert!(
        searches() >= fetched + 12,
        "every page of the whole stream was fetched"
    );
}

/// Runs a stream over one-issue pages and, once three pages have been served, injects
/// `faults`; returns jshell's output.
fn stream_through(world: &World, faults: &[fakejira::Fault]) -> std::process::Output {
    world
        .server
        .set_latency(std::time::Duration::from_millis(30));
    let searches = |world: &World| {
        world
            .server
            .access_log()
            .iter()
            .filter(|entry| entry.path.contains("/search"))
            .count()
    };
    let before = searches(world);
    let child = world
        .jshell_process()
        .args(["--server", &world.url(), "--pat", PAT, "-e"])
        .arg(r#"let keys = []; for issue in jira.issues("ORDER BY key", #{page_size: 1, concurrency: 1}) { keys.push(issue.key); } keys.len()"#)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("jshell starts");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while searches(world) < before + 3 {
        assert!(
            std::time::Instant::now() < deadline,
            "the stream never got going"
        );
        std::thread::yield_now();
    }
    for fault in faults {
        world.server.inject(fault.clone());
    }
    child.wait_with_output().expect("jshell ends")
}

#[test]
fn a_fault_storm_mid_stream_ends_in_the_complete_result_or_a_clear_error() {
    let world = World::new();
    let output = stream_through(
        &world,
        &[
            fakejira::Fault::Status {
                status: 503,
                count: 2,
                retry_after: Some(0),
                rate_limit_reason: None,
            },
            fakejira::Fault::DropConnection { count: 1 },
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        harness::stderr(&output)
    );
    assert_eq!(
        harness::stdout(&output).trim(),
        "12",
        "retried to the complete result"
    );

    world.server.clear_faults();
    let output = stream_through(
        &world,
        &[fakejira::Fault::Status {
            status: 500,
            count: 1,
            retry_after: None,
            rate_limit_reason: None,
        }],
    );
    assert_eq!(
        output.status.code(),
        Some(4),
        "{}",
        harness::stdout(&output)
    );
    assert!(
        harness::stderr(&output).contains("HTTP 500"),
        "a clear error, not a short list: {}",
        harness::stderr(&output)
    );
    assert!(
        harness::stdout(&output).trim().is_empty(),
        "no partial result is printed"
    );
}

#[test]
fn a_stream_whose_result_shrinks_under_the_script_stops_with_an_error_that_says_why() {
    let world = World::new();
    let output = world
        .jshell()
        .args(["--server", &world.url(), "--pat", PAT, "-e"])
        .arg(
            r#"let n = 0;
               for issue in jira.issues("ORDER BY key", #{page_size: 2, concurrency: 1}) {
                   jira.delete_issue(issue.key);
                   n += 1;
               }
               print(`deleted ${n} of them`);"#,
        )
        .output()
        .expect("jshell runs");
    let stderr = harness::stderr(&output);
    assert_eq!(output.status.code(), Some(4), "{stderr}");
    assert!(
        stderr.contains("matched 12 issues when the export began but"),
        "{stderr}"
    );
    assert!(
        stderr.contains("collect the issues first (`search_issues`)"),
        "{stderr}"
    );
    assert!(
        !harness::stdout(&output).contains("deleted"),
        "no silent end"
    );
}

#[test]
fn jira_pages_streams_any_paged_resource_a_page_at_a_time() {
    let world = World::new();
    let output = world
        .jshell()
        .args(["--server", &world.url(), "--pat", PAT, "-e"])
        .arg(
            r#"for n in 0..5 { jira.add_comment("ABC-1", `note ${n}`); }
               let bodies = [];
               for comment in jira.pages("issue/ABC-1/comment", #{query: #{maxResults: 2}}) {
                   bodies.push(comment.body);
               }
               let users = 0;
               for user in jira.pages("user/search", #{query: #{username: "a", maxResults: 1}}) { users += 1; }
               `${bodies} ${users}`"#,
        )
        .output()
        .expect("jshell runs");
    assert!(output.status.success(), "{}", harness::stderr(&output));
    assert_eq!(
        harness::stdout(&output).trim(),
        r#"["note 0", "note 1", "note 2", "note 3", "note 4"] 1"#
    );
    let comment_pages = world
        .server
        .access_log()
        .iter()
        .filter(|entry| entry.method == "GET" && entry.path.ends_with("/comment"))
        .count();
    assert_eq!(comment_pages, 3, "five comments in pages of two");
}

#[test]
fn a_failed_write_to_stdout_is_an_error_but_a_closed_pipe_is_not() {
    let world = World::new();
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return;
    };
    let output = world
        .jshell_process()
        .args(["-e", "for i in 0..100000 { print(`line ${i}`); } 1"])
        .stdout(full)
        .output()
        .expect("jshell runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        harness::stderr(&output).contains("cannot write to standard output"),
        "{}",
        harness::stderr(&output)
    );
    let mut child = world
        .jshell_process()
        .args(["-e", "for i in 0..10000000 { print(`line ${i}`); } 1"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("jshell runs");
    let mut first = [0u8; 4];
    std::io::Read::read_exact(child.stdout.as_mut().expect("piped"), &mut first).expect("output");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("jshell ends");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        harness::stderr(&output)
    );
    assert!(
        harness::stderr(&output).is_empty(),
        "{}",
        harness::stderr(&output)
    );
}

#[test]
fn output_to_a_file_keeps_the_order_of_print_and_eprint_and_survives_a_failure() {
    let world = World::new();
    let path = world.path("both.txt");
    let file = std::fs::File::create(&path).expect("creates the file");
    let output = world
        .jshell_process()
        .args(["-e"])
        .arg(
            r#"print("one"); eprint("two"); for i in 0..3000 { print(`line ${i}`); } throw "stop""#,
        )
        .stdout(file.try_clone().expect("clones the handle"))
        .stderr(file)
        .output()
        .expect("jshell runs");
    assert_eq!(output.status.code(), Some(1), "a script error");
    let written = std::fs::read_to_string(&path).expect("reads the file");
    let lines: Vec<&str> = written.lines().collect();
    assert_eq!(
        lines[..2],
        ["one", "two"],
        "stdout is written before stderr"
    );
    assert_eq!(
        lines
            .iter()
            .filter(|line| line.starts_with("line "))
            .count(),
        3000,
        "every line printed before the failure is written"
    );
    assert!(written.contains("stop"), "{written}");
}

#[test]
fn stream_issues_read_like_maps_and_are_written_back_as_the_script_sees_them() {
    let world = World::new();
    let output = world
        .jshell()
        .args(["--server", &world.url(), "--pat", PAT, "-e"])
        .arg(
            r#"for issue in jira.issues("ORDER BY key", #{page_size: 5}) {
                   if type_of(issue) != "Issue" || type_of(issue.raw) != "map" { throw "types" }
                   if !("fields" in issue) || issue["key"] != issue.raw.key { throw "reads" }
                   if issue.key == "ABC-2" { issue.fields.summary = "changed by the script"; }
                   print(json::to_string(issue));
                   print(json::to_string(issue.raw));
               }"#,
        )
        .output()
        .expect("jshell runs");
    assert!(output.status.success(), "{}", harness::stderr(&output));
    let stdout = harness::stdout(&output);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 24, "12 issues, two lines each");
    for pair in lines.chunks(2) {
        let as_sent: serde_json::Value = serde_json::from_str(pair[0]).expect("JSON");
        let as_map: serde_json::Value = serde_json::from_str(pair[1]).expect("JSON");
        assert_eq!(as_sent, as_map, "the text written is what the script reads");
        let changed = as_sent["key"] == "ABC-2";
        assert_eq!(
            as_sent["fields"]["summary"] == "changed by the script",
            changed,
            "{}",
            pair[0]
        );
    }
}
