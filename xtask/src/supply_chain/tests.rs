use super::*;

const CONFIG: &str = "\
[graph]
all-features = false

[advisories]
ignore = []

[licenses]
allow = [\"MIT\"]
";

#[test]
fn db_path_becomes_the_first_key_of_advisories() {
    let derived = with_db_path(CONFIG, Path::new("/t/xtask-advisory-db/dbs")).expect("derived");
    assert!(
        derived.contains("[advisories]\ndb-path = \"/t/xtask-advisory-db/dbs\"\nignore = []\n"),
        "{derived}"
    );
    assert_eq!(
        derived.replace("db-path = \"/t/xtask-advisory-db/dbs\"\n", ""),
        CONFIG
    );
}

#[test]
fn a_config_that_sets_db_path_or_lacks_advisories_is_refused() {
    let own = CONFIG.replace("ignore = []", "db-path = \"~/dbs\"");
    let error = with_db_path(&own, Path::new("/t")).expect_err("db-path already set");
    assert!(error.contains("sets db-path itself"), "{error}");
    let error = with_db_path("[licenses]\n", Path::new("/t")).expect_err("no [advisories]");
    assert!(error.contains("no [advisories]"), "{error}");
}

#[test]
fn paths_cargo_deny_would_expand_are_refused() {
    for path in ["/home/$USER/target", "~/target"] {
        let error = with_db_path(CONFIG, Path::new(path)).expect_err(path);
        assert!(error.contains("`$`"), "{error}");
    }
}

#[test]
fn toml_strings_escape_quotes_backslashes_and_controls() {
    assert_eq!(toml_string(r#"C:\a "b""#), r#""C:\\a \"b\"""#);
    assert_eq!(toml_string("a\tb"), r#""a\u0009b""#);
    assert_eq!(toml_string("/plain/path"), "\"/plain/path\"");
}

#[test]
fn the_snapshot_file_names_a_commit_and_a_date() {
    assert_eq!(
        parse_snapshot("bf5c0d245a92671908518d7e765914d437954ed6 2026-08-21\n"),
        Ok((
            "bf5c0d245a92671908518d7e765914d437954ed6".to_owned(),
            "2026-08-21".to_owned()
        ))
    );
    for bad in ["", "bf5c0d2", "main 2026-08-21", "bf5c0d2 yesterday"] {
        let error = parse_snapshot(bad).expect_err(bad);
        assert!(error.contains("COMMIT YYYY-MM-DD"), "{error}");
    }
}

/// A database with one advisory, a SNAPSHOT file and a `.git` that must not be copied.
fn fake_snapshot(dir: &Path) -> PathBuf {
    let snapshot = dir.join("advisory-db");
    let advisory = snapshot.join("crates/somecrate");
    std::fs::create_dir_all(&advisory).expect("create crates/");
    std::fs::write(advisory.join("RUSTSEC-2099-0001.md"), "# advisory\n").expect("advisory");
    std::fs::write(snapshot.join("SNAPSHOT"), "0123abcd 2026-08-21\n").expect("SNAPSHOT");
    std::fs::create_dir_all(snapshot.join(".git")).expect(".git");
    std::fs::write(snapshot.join(".git/HEAD"), "ref: refs/heads/other\n").expect("HEAD");
    let config = dir.join("deny.toml");
    std::fs::write(&config, CONFIG).expect("deny.toml");
    snapshot
}

fn git_output(repository: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .arg("-C")
        .arg(repository)
        .args(args)
        .output()
        .expect("git runs");
    assert!(output.status.success(), "git {args:?}: {output:?}");
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

#[test]
fn a_snapshot_becomes_a_repository_dated_as_the_snapshot() {
    let dir = tempfile::tempdir().expect("tempdir");
    let snapshot = fake_snapshot(dir.path());
    let work = dir.path().join("work");
    // A previous run's leftovers are replaced.
    std::fs::create_dir_all(work.join("dbs/stale")).expect("leftover");

    let offline =
        prepare_offline(&dir.path().join("deny.toml"), &snapshot, &work).expect("prepared");

    let repository = work.join("dbs").join(DEFAULT_DB_DIR);
    assert!(
        repository
            .join("crates/somecrate/RUSTSEC-2099-0001.md")
            .is_file()
    );
    assert!(!work.join("dbs/stale").exists());
    assert_eq!(
        git_output(&repository, &["show", "-s", "--format=%cI", "HEAD"]),
        "2026-08-21T00:00:00Z"
    );
    assert_eq!(git_output(&repository, &["status", "--porcelain"]), "");
    assert!(git_output(&repository, &["ls-files"]).contains("SNAPSHOT"));
    let derived = std::fs::read_to_string(&offline.config).expect("derived deny.toml");
    let dbs = work.join("dbs");
    assert!(
        derived.contains(&format!("db-path = \"{}\"", dbs.display())),
        "{derived}"
    );
    assert_eq!(offline.describe(), "snapshot 0123abcd of 2026-08-21");
}

#[test]
fn a_copy_without_snapshot_file_says_its_age_is_unknown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let snapshot = fake_snapshot(dir.path());
    std::fs::remove_file(snapshot.join("SNAPSHOT")).expect("remove SNAPSHOT");
    let offline = prepare_offline(
        &dir.path().join("deny.toml"),
        &snapshot,
        &dir.path().join("w"),
    )
    .expect("prepared");
    assert!(offline.describe().contains("unknown"));
}

#[test]
fn a_directory_that_is_no_database_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let error = prepare_offline(
        &dir.path().join("deny.toml"),
        dir.path(),
        &dir.path().join("w"),
    )
    .expect_err("no crates/");
    assert!(error.contains("JSHELL_ADVISORY_DB="), "{error}");
    assert!(error.contains("no crates/ directory"), "{error}");
}

#[test]
fn ci_installs_the_releases_xtask_expects() {
    let root = crate::workspace_root().expect("workspace root");
    let run = std::fs::read_to_string(root.join(".ci/run")).expect(".ci/run");
    for pinned in [
        format!("cargo install --locked cargo-deny@{DENY_VERSION}"),
        format!("'cargo-deny {DENY_VERSION}'"),
        format!("cargo install --locked cargo-machete@{MACHETE_VERSION}"),
    ] {
        assert!(run.contains(&pinned), ".ci/run lacks `{pinned}`");
    }
}

/// An ignored advisory or a tolerated duplicate without its reason is a decision nobody can
/// revisit.
#[test]
fn every_exception_in_deny_toml_gives_its_reason() {
    let root = crate::workspace_root().expect("workspace root");
    let config = std::fs::read_to_string(root.join("deny.toml")).expect("deny.toml");
    let exceptions: Vec<&str> = config
        .lines()
        .map(str::trim)
        // Ignored advisories name an id; tolerated duplicates a `crate@version`.
        .filter(|line| {
            !line.starts_with('#') && (line.contains("\"RUSTSEC-") || line.contains('@'))
        })
        .collect();
    assert!(exceptions.len() >= 3, "{exceptions:?}");
    for line in exceptions {
        assert!(line.contains("reason = \""), "no reason: {line}");
    }
}
