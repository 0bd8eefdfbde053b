//! Logins with a token the user already has: `jshell login --pat` (Data Center) and
//! `jshell login --api-token [--scoped]` (Atlassian Cloud, where a scoped token works only
//! through the API gateway at the cloud id the site tells at `/_edge/tenant_info`).

use std::process::Output;

use crate::harness::{self, USER, World};

const CLASSIC: &str = "classic-api-token-5a0c";
const SCOPED: &str = "scoped-api-token-77e1";
const READ_ONLY: &str = "read-only-scoped-token-0b9d";
const EMAIL: &str = "alice@example.com";

/// A Cloud site with alice's classic token, a scoped one that may read and write, and a
/// scoped one that may only read.
fn cloud() -> World {
    World::with(|builder| {
        builder
            .deployment_type(fakejira::DeploymentType::Cloud)
            .api_token(CLASSIC, USER)
            .scoped_api_token(SCOPED, USER, "read:jira-work write:jira-work")
            .scoped_api_token(READ_ONLY, USER, "read:jira-work")
    })
}

/// `jshell login --api-token` for alice with `token`, the gateway being fakejira.
fn api_token_login(world: &World, token: &str, extra: &[&str]) -> Output {
    world
        .jshell()
        .env("JSHELL_API_TOKEN", token)
        .env("JSHELL_ATLASSIAN_API_URL", world.url())
        .args(["login", "--api-token", "--server", &world.url()])
        .args(["--username", EMAIL])
        .args(extra)
        .output()
        .expect("jshell runs")
}

fn run(world: &World, extra: &[&str], script: &str) -> Output {
    world
        .jshell()
        .args(extra)
        .args(["-e", script])
        .output()
        .expect("jshell runs")
}

fn saved_config(world: &World) -> String {
    std::fs::read_to_string(world.config_path()).expect("a saved configuration")
}

#[test]
fn a_scoped_api_token_finds_the_cloud_id_once_and_goes_through_the_gateway() {
    let world = cloud();
    let login = api_token_login(&world, SCOPED, &["--scoped"]);
    let err = harness::stderr(&login);
    assert!(login.status.success(), "{err}");
    assert!(err.contains("Authenticated as"), "{err}");
    let config = saved_config(&world);
    assert!(config.contains("type: api_token"), "{config}");
    assert!(config.contains("scoped: true"), "{config}");
    assert!(
        config.contains(&format!("cloud_id: {}", world.server.cloud_id())),
        "{config}"
    );
    harness::assert_clean(&login, &[SCOPED]);

    let tenant_info_asked = |world: &World| {
        world
            .server
            .access_log()
            .iter()
            .filter(|entry| entry.path == "/_edge/tenant_info")
            .count()
    };
    assert_eq!(tenant_info_asked(&world), 1);
    let me = run(&world, &["-vv"], "jira.myself().name");
    let err = harness::stderr(&me);
    assert!(me.status.success(), "{err}");
    assert_eq!(harness::stdout(&me).trim(), USER);
    assert!(
        err.contains(&format!(
            "/ex/jira/{}/rest/api/2/myself",
            world.server.cloud_id()
        )),
        "requests go through the gateway: {err}"
    );
    assert_eq!(
        tenant_info_asked(&world),
        1,
        "the cloud id is saved, not asked again"
    );
    harness::assert_clean(&me, &[SCOPED]);
}

#[test]
fn a_scoped_token_without_the_scope_a_write_needs_says_which_scope_is_missing() {
    let world = cloud();
    assert!(
        api_token_login(&world, READ_ONLY, &["--scoped"])
            .status
            .success()
    );
    let write = run(&world, &[], "jira.add_comment(\"ABC-1\", \"hello\")");
    let err = harness::stderr(&write);
    assert_eq!(write.status.code(), Some(3), "{err}");
    assert!(err.contains("lack the scope `write:jira-work`"), "{err}");
    assert!(err.contains("jshell login --api-token --scoped"), "{err}");
    harness::assert_clean(&write, &[READ_ONLY]);
}

#[test]
fn a_scoped_token_saved_as_a_classic_one_is_refused_with_the_way_out() {
    let world = cloud();
    let login = api_token_login(&world, SCOPED, &[]);
    let err = harness::stderr(&login);
    assert_eq!(login.status.code(), Some(3), "{err}");
    assert!(err.contains("--api-token --scoped"), "{err}");
    assert!(err.contains("nothing was saved"), "{err}");
    assert!(!world.config_path().exists(), "no profile was saved");
}

#[test]
fn a_classic_api_token_works_at_the_site_itself() {
    let world = cloud();
    assert!(api_token_login(&world, CLASSIC, &[]).status.success());
    let me = run(&world, &["-vv"], "jira.myself().name");
    let err = harness::stderr(&me);
    assert!(me.status.success(), "{err}");
    assert_eq!(harness::stdout(&me).trim(), USER);
    assert!(!err.contains("/ex/jira/"), "{err}");
}

#[test]
fn a_scoped_login_to_a_server_that_is_not_cloud_says_so() {
    let world = World::new();
    let login = api_token_login(&world, SCOPED, &["--scoped"]);
    let err = harness::stderr(&login);
    assert_eq!(login.status.code(), Some(2), "{err}");
    assert!(err.contains("cannot find the cloud id"), "{err}");
    assert!(!world.config_path().exists(), "no profile was saved");
}

#[test]
fn login_pat_asks_for_the_token_proves_it_and_saves_it() {
    let world = World::new();
    world.login_with_pat();
    assert!(saved_config(&world).contains("type: pat"));

    let me = run(&world, &[], "jira.myself().name");
    assert!(me.status.success(), "{}", harness::stderr(&me));
    assert_eq!(harness::stdout(&me).trim(), USER);
}

#[test]
fn login_pat_with_a_wrong_token_saves_nothing() {
    let world = World::new();
    let login = world
        .jshell()
        .args(["login", "--pat", "not-a-token", "--server", &world.url()])
        .output()
        .expect("jshell runs");
    let err = harness::stderr(&login);
    assert_eq!(login.status.code(), Some(3), "{err}");
    assert!(err.contains("nothing was saved"), "{err}");
    assert!(!world.config_path().exists());
}
