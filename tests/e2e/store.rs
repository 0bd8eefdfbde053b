//! The token store under concurrency: two `jshell login` processes saving different profiles
//! into the same configuration file at the same time both keep their profile.

use std::collections::BTreeSet;
use std::process::{Child, Stdio};

use crate::harness::{self, CONSUMER_KEY, USER, World};

/// Rounds of two simultaneous logins; more rounds make an unlocked read-modify-write more
/// likely to lose a profile.
const ROUNDS: usize = 5;

/// A `$BROWSER` that fetches the authorize page, which fakejira approves at once, and follows
/// the redirect to jshell's callback.
const BROWSER: &str = "curl -sSL -o /dev/null";

fn start_login(world: &World, key: &std::path::Path, profile: &str) -> Child {
    world
        .jshell_process()
        .env("BROWSER", BROWSER)
        .args([
            "login",
            "--server",
            &world.url(),
            "--consumer-key",
            CONSUMER_KEY,
            "--key-cert",
        ])
        .arg(key)
        .args(["--save-as", profile])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("jshell login starts")
}

/// The profile names in the configuration file, and its default profile.
fn saved_profiles(world: &World) -> (BTreeSet<String>, Option<String>) {
    let text = std::fs::read_to_string(world.config_path()).expect("the configuration exists");
    let yaml: serde_norway::Value = serde_norway::from_str(&text).expect("valid YAML");
    let names = yaml
        .get("profiles")
        .and_then(serde_norway::Value::as_mapping)
        .expect("a profiles map")
        .keys()
        .map(|name| name.as_str().expect("profile names are strings").to_owned())
        .collect();
    let default = yaml
        .get("default_profile")
        .and_then(serde_norway::Value::as_str)
        .map(str::to_owned);
    (names, default)
}

#[test]
fn simultaneous_logins_to_different_profiles_keep_both() {
    let world = World::new();
    let key = world.keygen_and_register();
    let material = harness::key_material(&key);
    let mut expected = BTreeSet::new();

    for round in 0..ROUNDS {
        let names = [format!("a{round}"), format!("b{round}")];
        let children = names.clone().map(|name| start_login(&world, &key, &name));
        for (name, child) in names.iter().zip(children) {
            let output = child.wait_with_output().expect("jshell login finishes");
            let err = harness::stderr(&output);
            assert!(output.status.success(), "login as {name}: {err}");
            assert!(
                err.contains(&format!("Saved profile `{name}`")),
                "login as {name}: {err}"
            );
            harness::assert_clean(&output, &[&material]);
        }
        expected.extend(names);
        let (saved, default) = saved_profiles(&world);
        assert_eq!(saved, expected, "round {round}: no profile was lost");
        assert!(
            default
                .as_deref()
                .is_some_and(|name| ["a0", "b0"].contains(&name)),
            "round {round}: the first login's profile stays the default, got {default:?}"
        );
    }

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(world.config_path())
            .expect("saved")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the configuration file stays private");
    }
    let directory = world.config_path();
    let directory = directory.parent().expect("a parent");
    let leftovers: Vec<String> = std::fs::read_dir(directory)
        .expect("listable")
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".config.yaml."))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");

    // Every saved token is whole: each profile still authenticates.
    for name in &expected {
        let output = world
            .jshell()
            .args(["--profile", name, "-e", "jira.myself().name"])
            .output()
            .expect("runs");
        assert!(
            output.status.success(),
            "profile {name}: {}",
            harness::stderr(&output)
        );
        assert_eq!(harness::stdout(&output).trim(), USER, "profile {name}");
    }
}
