//! The seed's workflow, step by step, with jshell in place of jirashell — and the ways a login
//! can fail.

use std::io::Write as _;

use crate::harness::{self, CONSUMER_KEY, USER, World};

#[test]
fn the_seed_workflow_keygen_login_print_tokens_then_scripts() {
    let world = World::new();
    let key = world.keygen_and_register();
    let (browser, _) = world.browser_saving_page();

    let login = world
        .jshell()
        .env("BROWSER", &browser)
        .args(world.login_args(&key))
        .arg("--print-tokens")
        .output()
        .expect("jshell runs");
    let (out, err) = (harness::stdout(&login), harness::stderr(&login));
    assert!(login.status.success(), "login failed:\n{err}");
    assert!(err.contains("Authenticated as Alice"), "{err}");
    assert!(err.contains(&format!("({USER})")), "{err}");
    let token = harness::field(&out, "Access token:");
    let secret = harness::field(&out, "Access token secret:");
    assert!(
        out.contains("--access-token-secret"),
        "the reuse command line is printed:\n{out}"
    );
    harness::assert_clean(&login, &[&harness::key_material(&key)]);

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(world.config_path())
            .expect("saved")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the config file is private");
    }

    // jirashell's final step, which now really authenticates.
    let explicit = world
        .jshell()
        .args([
            "--server",
            &world.url(),
            "--consumer-key",
            CONSUMER_KEY,
            "--key-cert",
        ])
        .arg(&key)
        .args([
            "--access-token",
            &token,
            "--access-token-secret",
            &secret,
            "-e",
            "jira.myself().name",
        ])
        .output()
        .expect("runs");
    assert!(explicit.status.success(), "{}", harness::stderr(&explicit));
    assert_eq!(harness::stdout(&explicit).trim(), USER);
    harness::assert_clean(&explicit, &[&secret]);

    // The saved profile alone.
    let saved = world
        .jshell()
        .args(["-e", "jira.server_info()"])
        .output()
        .expect("runs");
    assert!(saved.status.success(), "{}", harness::stderr(&saved));
    let info: serde_json::Value =
        serde_json::from_slice(&saved.stdout).expect("compact JSON on a pipe");
    assert_eq!(info["deploymentType"], "Server");
    harness::assert_clean(&saved, &[&secret]);

    // The same through standard input, and through a script file with arguments.
    let piped = world
        .jshell()
        .write_stdin("jira.myself().displayName")
        .output()
        .expect("runs");
    assert!(piped.status.success(), "{}", harness::stderr(&piped));
    assert!(
        harness::stdout(&piped).starts_with("Alice"),
        "{}",
        harness::stdout(&piped)
    );

    let script = world.path("count.rhai");
    std::fs::write(
        &script,
        "let found = jira.search_issues(ARGS[0]);\nprint(`${ARGS[1]}: ${found.len()}`);\n",
    )
    .expect("written");
    let from_file = world
        .jshell()
        .arg(&script)
        .args(["project = ABC", "issues"])
        .output()
        .expect("runs");
    assert!(
        from_file.status.success(),
        "{}",
        harness::stderr(&from_file)
    );
    assert_eq!(harness::stdout(&from_file).trim(), "issues: 6");
    harness::assert_clean(&from_file, &[&secret]);

    let profiles = world
        .jshell()
        .args(["profiles", "show", "127.0.0.1"])
        .output()
        .expect("runs");
    assert!(profiles.status.success(), "{}", harness::stderr(&profiles));
    assert!(harness::stdout(&profiles).contains("access_token_secret: <redacted>"));
    harness::assert_clean(&profiles, &[&secret]);
}

#[test]
fn the_out_of_band_flow_reads_the_verifier_from_standard_input() {
    let world = World::new();
    let key = world.keygen_and_register();
    let (browser, page) = world.browser_saving_page();
    let mut child = world.spawn_login(&browser, &key, &["--callback", "oob"]);
    let verifier = harness::verifier_in(&harness::wait_for_file(&page));
    assert_eq!(verifier.len(), 6, "Jira shows a 6-character verifier");
    writeln!(child.stdin.take().expect("stdin"), "{verifier}").expect("typed");
    let output = child.wait_with_output().expect("finishes");
    let err = harness::stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(err.contains("Enter the verification code"), "{err}");
    assert!(err.contains("Authenticated as Alice"), "{err}");
}

#[test]
fn the_oauth_1_0_flow_asks_yes_or_no() {
    let world = World::new();
    let key = world.keygen_and_register();
    let (browser, page) = world.browser_saving_page();
    let mut child = world.spawn_login(&browser, &key, &["--no-callback", "--print-tokens"]);
    // Answer only once the browser has approved, as a user would.
    harness::wait_for_file(&page);
    // Should jshell have stopped early, its stderr below says why.
    let _ = writeln!(child.stdin.take().expect("stdin"), "y");
    let output = child.wait_with_output().expect("finishes");
    let err = harness::stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(
        err.contains("Have you authorized this program to connect on your behalf"),
        "{err}"
    );
    assert!(err.contains("Authenticated as Alice"), "{err}");
    assert!(harness::stdout(&output).contains("Access token:"));
}

#[test]
fn oauth_dance_logs_in_then_runs_the_script() {
    let world = World::new();
    let key = world.keygen_and_register();
    let (browser, _) = world.browser_saving_page();
    let output = world
        .jshell()
        .env("BROWSER", &browser)
        .args([
            "--oauth-dance",
            "--server",
            &world.url(),
            "--consumer-key",
            CONSUMER_KEY,
            "--key-cert",
        ])
        .arg(&key)
        .args(["-e", "jira.myself().name"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", harness::stderr(&output));
    assert_eq!(harness::stdout(&output).trim(), USER);
}

#[test]
fn no_browser_prints_the_url_and_an_empty_verifier_is_refused() {
    let world = World::new();
    let key = world.keygen_and_register();
    let (browser, page) = world.browser_saving_page();
    let output = world
        .jshell()
        .env("BROWSER", &browser)
        .args([
            "login",
            "--no-browser",
            "--callback",
            "oob",
            "--server",
            &world.url(),
        ])
        .args(["--consumer-key", CONSUMER_KEY, "--key-cert"])
        .arg(&key)
        .write_stdin("\n")
        .output()
        .expect("runs");
    let err = harness::stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{err}");
    assert!(err.contains("Open this URL in a browser"), "{err}");
    assert!(
        err.contains("plugins/servlet/oauth/authorize?oauth_token="),
        "{err}"
    );
    assert!(err.contains("no verification code was entered"), "{err}");
    assert!(!page.exists(), "--no-browser must not start $BROWSER");
    assert!(
        !world.config_path().exists(),
        "nothing is saved by a failed login"
    );
}

#[test]
fn a_denied_authorization_fails_with_exit_3_and_keeps_the_saved_profile() {
    let world = World::with(|builder| builder);
    let key = world.keygen_and_register();
    // A first, successful login (approved by hand through fakejira) saves a profile.
    std::fs::create_dir_all(world.config_path().parent().expect("a parent")).expect("created");
    let saved = "default_profile: 127.0.0.1\nprofiles:\n  127.0.0.1:\n    server: http://127.0.0.1:1/\n    auth:\n      type: pat\n      token: old-token-value\n";
    std::fs::write(world.config_path(), saved).expect("written");

    let output = world
        .jshell()
        .env("BROWSER", world.browser_denying())
        .args(world.login_args(&key))
        .output()
        .expect("runs");
    let err = harness::stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{err}");
    assert!(err.contains("access was denied in the browser"), "{err}");
    assert_eq!(
        std::fs::read_to_string(world.config_path()).expect("kept"),
        saved,
        "untouched"
    );
    harness::assert_clean(&output, &[&harness::key_material(&key)]);
}

#[test]
fn an_expired_request_token_says_to_start_again() {
    let world = World::with(|builder| {
        builder
            .auto_approve(USER)
            .request_token_ttl(std::time::Duration::from_secs(1))
    });
    let key = world.keygen_and_register();
    let (browser, page) = world.browser_saving_page();
    let mut child = world.spawn_login(&browser, &key, &["--callback", "oob"]);
    let verifier = harness::verifier_in(&harness::wait_for_file(&page));
    world.server.set_clock_offset_secs(5);
    writeln!(child.stdin.take().expect("stdin"), "{verifier}").expect("typed");
    let output = child.wait_with_output().expect("finishes");
    let err = harness::stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{err}");
    assert!(err.contains("expired"), "{err}");
    assert!(err.contains("run jshell login again"), "{err}");
}

#[test]
fn a_wrong_key_and_an_unknown_consumer_each_explain_themselves() {
    let world = World::new();
    let registered = world.keygen_and_register();
    let other = world.path("other.pem");
    world
        .jshell()
        .args(["keygen", "--out"])
        .arg(&other)
        .assert()
        .success();

    let wrong_key = world
        .jshell()
        .args(world.login_args(&other))
        .output()
        .expect("runs");
    let err = harness::stderr(&wrong_key);
    assert_eq!(wrong_key.status.code(), Some(3), "{err}");
    assert!(
        err.contains("does not match the public key on the application link"),
        "{err}"
    );
    harness::assert_clean(&wrong_key, &[&harness::key_material(&other)]);

    let unknown = world
        .jshell()
        .args([
            "login",
            "--server",
            &world.url(),
            "--consumer-key",
            "nobody-knows-me",
            "--key-cert",
        ])
        .arg(&registered)
        .output()
        .expect("runs");
    let err = harness::stderr(&unknown);
    assert_eq!(unknown.status.code(), Some(3), "{err}");
    assert!(
        err.contains("no application link with this consumer key"),
        "{err}"
    );
    assert!(
        !world.config_path().exists(),
        "nothing is saved by failed logins"
    );
}

#[test]
fn login_without_its_inputs_says_what_is_missing() {
    let world = World::new();
    let output = world
        .jshell()
        .args(["login", "--server", &world.url()])
        .output()
        .expect("runs");
    let err = harness::stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(
        err.contains("--consumer-key KEY, --key-cert rsa.pem"),
        "{err}"
    );
}

#[test]
fn a_clock_off_by_an_hour_is_reported_with_the_servers_window_and_what_to_do() {
    let world = World::with(|builder| builder.auto_approve(USER).clock_offset_secs(3600));
    let key = world.keygen_and_register();
    let login = world
        .jshell()
        .args(world.login_args(&key))
        .args(["--no-browser", "--callback", "oob"])
        .output()
        .expect("runs");
    let err = harness::stderr(&login);
    assert_eq!(login.status.code(), Some(3), "{err}");
    for words in [
        "timestamp_refused",
        "the server accepts oauth_timestamp from",
        "seconds behind the server's",
        "synchronize it",
    ] {
        assert!(err.contains(words), "`{words}` missing:\n{err}");
    }
    assert!(!world.config_path().exists(), "nothing is saved");

    // Scripts signing with a token meet the same check first.
    let script = world
        .jshell()
        .args([
            "--server",
            &world.url(),
            "--consumer-key",
            CONSUMER_KEY,
            "--key-cert",
        ])
        .arg(&key)
        .args([
            "--access-token",
            "t",
            "--access-token-secret",
            "s",
            "-e",
            "jira.myself()",
        ])
        .output()
        .expect("runs");
    let err = harness::stderr(&script);
    assert_eq!(script.status.code(), Some(3), "{err}");
    assert!(err.contains("timestamp_refused"), "{err}");
    assert!(err.contains("seconds behind the server's"), "{err}");
}
