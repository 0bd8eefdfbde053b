//! Coming from jirashell: its spellings (`-od -ck -k -pt -at -ats`, `--oauth-dance` with every
//! login option), its settings file `~/.jira-python/jirashell.ini`, and a `$BROWSER` script
//! that approves before the y/n answer is read.

use crate::harness::{self, CONSUMER_KEY, PASSWORD, USER, World};

#[test]
fn jirashells_spelling_logs_in_with_no_callback_and_the_answer_already_typed() {
    let world = World::new();
    let key = world.keygen_and_register();
    let (browser, _) = world.browser_saving_page();
    // `<<< y`: the answer is there before the browser script has approved; jshell must wait
    // for $BROWSER before reading it.
    let login = world
        .jshell()
        .env("BROWSER", &browser)
        .args(["-s", &world.url(), "-od", "-ck", CONSUMER_KEY, "-k"])
        .arg(&key)
        .args(["-pt", "--no-callback"])
        .write_stdin("y\n")
        .output()
        .expect("runs");
    let (out, err) = (harness::stdout(&login), harness::stderr(&login));
    assert!(login.status.success(), "{err}");
    assert!(err.contains("Have you authorized this program"), "{err}");
    assert!(err.contains("Authenticated as Alice"), "{err}");
    let token = harness::field(&out, "Access token:");
    let secret = harness::field(&out, "Access token secret:");
    harness::assert_clean(&login, &[&harness::key_material(&key)]);

    let reuse = world
        .jshell()
        .args(["-s", &world.url(), "-ck", CONSUMER_KEY, "-k"])
        .arg(&key)
        .args(["-at", &token, "-ats", &secret, "-e", "jira.myself().name"])
        .output()
        .expect("runs");
    assert!(reuse.status.success(), "{}", harness::stderr(&reuse));
    assert_eq!(harness::stdout(&reuse).trim(), USER);
    harness::assert_clean(&reuse, &[&secret]);
}

#[test]
fn login_with_no_callback_waits_for_the_browser_script_before_reading_y() {
    let world = World::new();
    let key = world.keygen_and_register();
    let (browser, _) = world.browser_saving_page();
    let output = world
        .jshell()
        .env("BROWSER", &browser)
        .args(world.login_args(&key))
        .arg("--no-callback")
        .write_stdin("y\n")
        .output()
        .expect("runs");
    let err = harness::stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(!err.contains("permission_unknown"), "{err}");
    assert!(err.contains("Authenticated as Alice"), "{err}");
}

#[test]
fn login_options_outside_a_login_are_refused() {
    let world = World::new();
    let output = world
        .jshell()
        .args(["--server", &world.url(), "--no-callback", "-e", "1"])
        .output()
        .expect("runs");
    let err = harness::stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("--no-callback only apply to a login"), "{err}");
}

#[test]
fn jirashell_ini_is_used_when_no_profile_applies_and_imported_as_a_profile() {
    let world = World::new();
    let key = world.keygen_and_register();
    let (ini, secret) = world.write_jirashell_oauth_ini(&key);
    let fallback = world
        .jshell()
        .args(["-e", "jira.myself().name"])
        .output()
        .expect("runs");
    let err = harness::stderr(&fallback);
    assert!(fallback.status.success(), "{err}");
    assert_eq!(harness::stdout(&fallback).trim(), USER);
    assert_eq!(
        err.matches("using jirashell's settings").count(),
        1,
        "said once: {err}"
    );
    assert!(err.contains(&ini.display().to_string()), "{err}");
    harness::assert_clean(&fallback, &[&secret]);

    let import = world
        .jshell()
        .args(["profiles", "import-jirashell"])
        .output()
        .expect("runs");
    assert!(import.status.success(), "{}", harness::stderr(&import));
    harness::assert_clean(&import, &[&secret]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(world.config_path())
            .expect("saved")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the secrets stay private");
    }
    let saved = std::fs::read_to_string(world.config_path()).expect("saved");
    assert!(
        saved.contains(&format!("key_cert: {}", key.display())),
        "the key stays a path:\n{saved}"
    );
    assert!(
        !saved.contains(&harness::key_material(&key)),
        "never the key itself"
    );

    let profile = world
        .jshell()
        .args(["-e", "jira.myself().name"])
        .output()
        .expect("runs");
    let err = harness::stderr(&profile);
    assert!(profile.status.success(), "{err}");
    assert!(
        !err.contains("jirashell"),
        "the saved profile applies now: {err}"
    );
}

#[test]
fn jirashell_basic_auth_settings_work_and_the_password_is_never_saved() {
    let world = World::new();
    world.write_jirashell_ini(&format!(
        "[options]\nserver: {}\n\n[basic_auth]\nusername: {USER}\npassword: {PASSWORD}\n",
        world.url()
    ));
    let run = world
        .jshell()
        .args(["-e", "jira.myself().name"])
        .output()
        .expect("runs");
    assert!(run.status.success(), "{}", harness::stderr(&run));
    assert_eq!(harness::stdout(&run).trim(), USER);
    harness::assert_clean(&run, &[PASSWORD]);

    let import = world
        .jshell()
        .args(["profiles", "import-jirashell", "--save-as", "old"])
        .output()
        .expect("runs");
    let err = harness::stderr(&import);
    assert!(import.status.success(), "{err}");
    assert!(err.contains("password was not saved"), "{err}");
    harness::assert_clean(&import, &[PASSWORD]);
    let saved = std::fs::read_to_string(world.config_path()).expect("saved");
    assert!(!saved.contains(PASSWORD), "{saved}");

    let again = world
        .jshell()
        .args(["profiles", "import-jirashell", "--save-as", "old"])
        .output()
        .expect("runs");
    assert_eq!(again.status.code(), Some(2));
    assert!(harness::stderr(&again).contains("exists already and was left untouched"));
}
