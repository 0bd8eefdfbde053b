//! `jshell login --oauth2` against fakejira's OAuth 2.0 provider (Data Center and Cloud
//! shapes), and a saved login that keeps working: refreshed before expiry and after a refusal,
//! once for two processes, with every failure its own message and exit code.

use std::process::Output;
use std::time::Duration;

use crate::harness::{self, USER, World};

const CLIENT_ID: &str = "jshell-client-7f3a";
const CLIENT_SECRET: &str = "client-secret-9b1e44d2";

/// A port nobody listens on now, for the Redirect URL registered on the link.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

fn redirect_uri(port: u16) -> String {
    format!("http://127.0.0.1:{port}/callback")
}

/// A Data Center fakejira with an incoming link for `redirect` at `scope`, approving as alice.
fn data_center(redirect: &str, scope: &str) -> World {
    let client = fakejira::OAuth2Client::new(CLIENT_ID, CLIENT_SECRET, redirect).scope(scope);
    World::with(|builder| builder.auto_approve(USER).oauth2_client(client))
}

/// A `$BROWSER` that follows the authorize URL to jshell's listener and saves the last page.
fn browser(world: &World) -> (String, std::path::PathBuf) {
    world.browser_saving_page()
}

/// `jshell login --oauth2` for the link's client against `world`, with `$BROWSER` and the
/// client secret given; approvals are bounded so that a regression fails instead of hanging.
fn login_command(
    world: &World,
    browser: &str,
    secret: &str,
    server: &str,
    redirect: &str,
) -> assert_cmd::Command {
    let mut command = world.jshell();
    command
        .env("BROWSER", browser)
        .env("JSHELL_CLIENT_SECRET", secret)
        .args(["login", "--oauth2", "--server", server])
        .args(["--client-id", CLIENT_ID, "--redirect-uri", redirect])
        .args(["--approval-timeout", "60"]);
    command
}

/// A Cloud login whose authorization server and API gateway are fakejira.
fn cloud_login(world: &World, browser: &str, server: &str, redirect: &str) -> assert_cmd::Command {
    let mut command = login_command(world, browser, CLIENT_SECRET, server, redirect);
    command
        .env("JSHELL_OAUTH2_AUTH_URL", world.url())
        .env("JSHELL_OAUTH2_API_URL", world.url());
    command
}

fn login(world: &World, redirect: &str, extra: &[&str]) -> Output {
    let (browser, _) = browser(world);
    login_command(world, &browser, CLIENT_SECRET, &world.url(), redirect)
        .args(extra)
        .output()
        .expect("jshell runs")
}

/// Waits until the saved access token is due for renewal: past half its saved lifetime.
fn wait_until_renewal_is_due(world: &World) {
    let expires_at: jiff::Timestamp = saved(world, "expires_at").parse().expect("a timestamp");
    let lifetime: i64 = saved(world, "lifetime_seconds").parse().expect("seconds");
    let due = expires_at
        .checked_sub(jiff::SignedDuration::from_millis(lifetime * 500))
        .expect("a time");
    let give_up = std::time::Instant::now() + Duration::from_secs(60);
    while jiff::Timestamp::now() < due {
        assert!(
            std::time::Instant::now() < give_up,
            "the token never came due"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Two jshell processes started together, each reading `myself`; both must succeed.
fn two_processes_read_myself(world: &World) {
    let command = || {
        let mut command = world.jshell_process();
        command.args(["-e", "jira.myself().name"]);
        command
    };
    for output in harness::run_together([command(), command()]) {
        assert!(output.status.success(), "{}", harness::stderr(&output));
        assert_eq!(harness::stdout(&output).trim(), USER);
    }
}

/// No refresh ever presented a refresh token the provider had rotated away.
fn assert_no_rotated_token_presented(world: &World) {
    assert_eq!(
        world.server.oauth2_grants().rotated_refresh_token,
        0,
        "a rotated refresh token was presented: a renewal was not saved"
    );
}

/// A Data Center fakejira with a WRITE link, and a profile saved by logging in to it.
fn logged_in() -> World {
    let redirect = redirect_uri(free_port());
    let world = data_center(&redirect, "WRITE");
    assert!(login(&world, &redirect, &[]).status.success());
    world
}

/// A field of the saved OAuth 2.0 profile, as written in the YAML file.
fn saved(world: &World, field: &str) -> String {
    let yaml = std::fs::read_to_string(world.config_path()).expect("a saved configuration");
    let prefix = format!("{field}: ");
    yaml.lines()
        .find_map(|line| line.trim().strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("no `{field}` in:\n{yaml}"))
        .trim_matches('\'')
        .to_owned()
}

/// Moves the saved access token's expiry into the past, as if the run came hours later.
fn expire_saved_token(world: &World) {
    let path = world.config_path();
    let yaml = std::fs::read_to_string(&path).expect("a saved configuration");
    let expired: Vec<String> = yaml
        .lines()
        .map(|line| match line.find("expires_at: ") {
            Some(at) => format!("{}expires_at: 2001-01-01T00:00:00Z", &line[..at]),
            None => line.to_owned(),
        })
        .collect();
    std::fs::write(&path, expired.join("\n") + "\n").expect("rewritten");
}

fn myself(world: &World) -> Output {
    world
        .jshell()
        .args(["-e", "jira.myself().name"])
        .output()
        .expect("jshell runs")
}

fn secrets(world: &World) -> Vec<String> {
    let mut secrets = vec![CLIENT_SECRET.to_owned(), saved(world, "access_token")];
    secrets.push(saved(world, "refresh_token"));
    secrets
}

fn assert_clean(output: &Output, secrets: &[String]) {
    let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
    harness::assert_clean(output, &secrets);
}

#[test]
fn a_data_center_login_saves_a_profile_that_works() {
    let redirect = redirect_uri(free_port());
    let world = data_center(&redirect, "WRITE");
    let output = login(&world, &redirect, &[]);
    let err = harness::stderr(&output);
    assert!(output.status.success(), "login failed:\n{err}");
    assert!(err.contains("Authenticated as Alice"), "{err}");
    assert!(err.contains("Saved profile `127.0.0.1`"), "{err}");
    assert_eq!(saved(&world, "type"), "oauth2");
    assert_eq!(saved(&world, "flavor"), "data_center");
    assert_eq!(saved(&world, "redirect_uri"), redirect);
    assert_eq!(saved(&world, "scope"), "WRITE");
    assert_eq!(world.server.oauth2_grants().authorization_code, 1);
    assert_clean(&output, &secrets(&world));

    let me = myself(&world);
    assert!(me.status.success(), "{}", harness::stderr(&me));
    assert_eq!(harness::stdout(&me).trim(), USER);
    assert_eq!(
        world.server.oauth2_grants().refresh_token,
        0,
        "a fresh token is not refreshed"
    );
    assert_clean(&me, &secrets(&world));
}

#[test]
fn an_expired_access_token_is_refreshed_and_the_rotated_tokens_are_saved() {
    let world = logged_in();
    let (access, refresh) = (
        saved(&world, "access_token"),
        saved(&world, "refresh_token"),
    );
    expire_saved_token(&world);

    let me = world
        .jshell()
        .args(["-vv", "-e", "jira.myself().name"])
        .output()
        .expect("jshell runs");
    let err = harness::stderr(&me);
    assert!(me.status.success(), "{err}");
    assert!(
        err.contains(&format!(
            "http: POST {}rest/oauth2/latest/token -> 200",
            world.url()
        )),
        "-vv shows the refresh: {err}"
    );
    assert_eq!(world.server.oauth2_grants().refresh_token, 1);
    assert_ne!(
        saved(&world, "access_token"),
        access,
        "the new access token is saved"
    );
    assert_ne!(
        saved(&world, "refresh_token"),
        refresh,
        "the rotated refresh token is saved"
    );
    assert_clean(&me, &[access, refresh, CLIENT_SECRET.to_owned()]);

    let again = myself(&world);
    assert!(again.status.success(), "{}", harness::stderr(&again));
    assert_eq!(
        world.server.oauth2_grants().refresh_token,
        1,
        "the saved token is reused"
    );
}

#[test]
fn a_login_with_tokens_that_live_seconds_keeps_working_in_later_runs() {
    let redirect = redirect_uri(free_port());
    let world = World::with_oauth2_link(CLIENT_ID, CLIENT_SECRET, &redirect, 3);
    let output = login(&world, &redirect, &[]);
    let err = harness::stderr(&output);
    assert!(output.status.success(), "login failed:\n{err}");
    assert_eq!(saved(&world, "lifetime_seconds"), "3");

    for run in 1..=2 {
        wait_until_renewal_is_due(&world);
        let refreshes = world.server.oauth2_grants().refresh_token;
        let me = myself(&world);
        assert!(me.status.success(), "run {run}: {}", harness::stderr(&me));
        assert_eq!(harness::stdout(&me).trim(), USER);
        assert_eq!(
            world.server.oauth2_grants().refresh_token,
            refreshes + 1,
            "run {run} renews once, not on every request"
        );
        assert_clean(&me, &[CLIENT_SECRET.to_owned()]);
    }
    assert_no_rotated_token_presented(&world);
}

#[test]
fn two_processes_racing_to_renew_a_short_lived_token_make_one_renewal() {
    let redirect = redirect_uri(free_port());
    let world = World::with_oauth2_link(CLIENT_ID, CLIENT_SECRET, &redirect, 3);
    assert!(login(&world, &redirect, &[]).status.success());
    // The renewed token outlives the race, so the loser finds it fresh by any clock.
    world
        .server
        .set_oauth2_access_token_lifetime(Duration::from_secs(120));
    wait_until_renewal_is_due(&world);
    let refreshes = world.server.oauth2_grants().refresh_token;

    two_processes_read_myself(&world);
    assert_eq!(world.server.oauth2_grants().refresh_token, refreshes + 1);
    assert_no_rotated_token_presented(&world);
}

#[test]
fn a_refused_access_token_is_renewed_once_and_the_call_goes_through() {
    let world = logged_in();
    world.server.expire_oauth2_access_tokens();

    let me = myself(&world);
    assert!(me.status.success(), "{}", harness::stderr(&me));
    assert_eq!(harness::stdout(&me).trim(), USER);
    assert_eq!(world.server.oauth2_grants().refresh_token, 1);
}

#[test]
fn two_processes_with_an_expired_token_both_succeed_with_one_refresh() {
    let world = logged_in();
    expire_saved_token(&world);

    two_processes_read_myself(&world);
    assert_eq!(
        world.server.oauth2_grants().refresh_token,
        1,
        "the second process found the tokens the first one saved"
    );
    assert_no_rotated_token_presented(&world);
}

#[test]
fn a_revoked_refresh_token_is_exit_3_and_the_profile_is_kept() {
    let world = logged_in();
    world.server.revoke_oauth2_refresh_tokens();
    expire_saved_token(&world);
    let before = std::fs::read_to_string(world.config_path()).expect("saved");

    let me = myself(&world);
    let err = harness::stderr(&me);
    assert_eq!(me.status.code(), Some(3), "{err}");
    assert!(err.contains("invalid_grant"), "{err}");
    assert!(err.contains("jshell login --oauth2"), "{err}");
    assert_eq!(
        std::fs::read_to_string(world.config_path()).expect("still there"),
        before,
        "the profile is kept as it was"
    );
}

#[test]
fn a_wrong_client_secret_is_refused_with_exit_3_and_nothing_saved() {
    let redirect = redirect_uri(free_port());
    let world = data_center(&redirect, "WRITE");
    let (browser, _) = browser(&world);
    let output = login_command(
        &world,
        &browser,
        "not-the-secret-51",
        &world.url(),
        &redirect,
    )
    .output()
    .expect("jshell runs");
    let err = harness::stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{err}");
    assert!(err.contains("invalid_client"), "{err}");
    assert!(err.contains("client secret"), "{err}");
    assert!(err.contains("nothing was saved"), "{err}");
    assert!(!world.config_path().exists());
    harness::assert_clean(&output, &["not-the-secret-51", CLIENT_SECRET]);
}

#[test]
fn a_redirect_url_that_is_not_the_links_is_explained() {
    let registered = redirect_uri(free_port());
    let world = data_center(&registered, "WRITE");
    let (browser, page) = browser(&world);
    let other = redirect_uri(free_port());
    let output = world
        .jshell()
        .env("BROWSER", &browser)
        .env("JSHELL_CLIENT_SECRET", CLIENT_SECRET)
        .args(["login", "--oauth2", "--server", &world.url()])
        .args(["--client-id", CLIENT_ID, "--redirect-uri", &other])
        .args(["--approval-timeout", "3"])
        .output()
        .expect("jshell runs");
    let err = harness::stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{err}");
    assert!(err.contains("Redirect URL"), "{err}");
    assert!(err.contains(&other), "jshell names the URL it used: {err}");
    let shown = harness::wait_for_file(&page);
    assert!(
        shown.to_lowercase().contains("redirect"),
        "fakejira's page says why:\n{shown}"
    );
    assert!(!world.config_path().exists());
}

#[test]
fn an_answer_with_another_state_is_refused() {
    let redirect = redirect_uri(free_port());
    let world = data_center(&redirect, "WRITE");
    // `$0` is the authorize URL; `%s` would be replaced by it, as in Python's webbrowser.
    let forging =
        "sh -c 'curl -sSL -o /dev/null \"$(echo \"$0\" | sed \"s/state=[^&]*/state=forged/\")\"'";
    let output = login_command(&world, forging, CLIENT_SECRET, &world.url(), &redirect)
        .output()
        .expect("jshell runs");
    let err = harness::stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{err}");
    assert!(err.contains("`state`"), "{err}");
    assert_eq!(
        world.server.oauth2_grants().authorization_code,
        0,
        "the code is never used"
    );
    assert!(!world.config_path().exists());
}

#[test]
fn deny_ends_the_login_with_exit_3() {
    let redirect = redirect_uri(free_port());
    let client = fakejira::OAuth2Client::new(CLIENT_ID, CLIENT_SECRET, &redirect).scope("WRITE");
    let world = World::with(|builder| builder.oauth2_client(client));
    // Posts the consent form as Deny does: the request's parameters, and `deny`.
    let denying = "sh -c 'curl -sSL -o /dev/null --data \"${0#*\\?}&deny=Deny\" \"${0%%\\?*}\"'";
    let output = login_command(&world, denying, CLIENT_SECRET, &world.url(), &redirect)
        .output()
        .expect("jshell runs");
    let err = harness::stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{err}");
    assert!(err.contains("access was denied"), "{err}");
    assert!(!world.config_path().exists());
}

#[test]
fn a_read_token_cannot_write() {
    let redirect = redirect_uri(free_port());
    let world = data_center(&redirect, "READ");
    assert!(
        login(&world, &redirect, &["--scope", "READ"])
            .status
            .success()
    );
    let read = myself(&world);
    assert!(read.status.success(), "{}", harness::stderr(&read));

    let write = world
        .jshell()
        .args(["-e", "jira.add_comment(\"PRJ-1\", \"from a READ token\")"])
        .output()
        .expect("jshell runs");
    let err = harness::stderr(&write);
    assert_eq!(write.status.code(), Some(3), "{err}");
    assert!(err.contains("403"), "{err}");
}

#[test]
fn a_cloud_login_finds_the_site_and_calls_through_the_gateway() {
    let redirect = redirect_uri(free_port());
    let scopes = "read:jira-work write:jira-work read:jira-user offline_access";
    let client = fakejira::OAuth2Client::new(CLIENT_ID, CLIENT_SECRET, &redirect).scope(scopes);
    let world = World::with(|builder| {
        builder
            .deployment_type(fakejira::DeploymentType::Cloud)
            .auto_approve(USER)
            .oauth2_client(client)
            .extra_cloud_site("https://other.atlassian.net", "0000-other-site")
    });
    let (browser, _) = browser(&world);
    let output = cloud_login(&world, &browser, &world.url(), &redirect)
        .arg("--cloud")
        .output()
        .expect("jshell runs");
    let err = harness::stderr(&output);
    assert!(output.status.success(), "{err}");
    assert_eq!(saved(&world, "flavor"), "cloud");
    assert_eq!(saved(&world, "cloud_id"), world.server.cloud_id());

    let me = world
        .jshell()
        .args(["-v", "-e", "jira.myself().name"])
        .output()
        .expect("jshell runs");
    let err = harness::stderr(&me);
    assert!(me.status.success(), "{err}");
    assert!(
        err.contains(&format!("/ex/jira/{}/", world.server.cloud_id())),
        "calls go through the gateway: {err}"
    );
    assert_clean(&me, &secrets(&world));
}

#[test]
fn a_cloud_login_for_a_site_the_token_does_not_reach_lists_the_sites() {
    let redirect = redirect_uri(free_port());
    let scopes = "read:jira-work write:jira-work read:jira-user offline_access";
    let client = fakejira::OAuth2Client::new(CLIENT_ID, CLIENT_SECRET, &redirect).scope(scopes);
    let world = World::with(|builder| {
        builder
            .deployment_type(fakejira::DeploymentType::Cloud)
            .auto_approve(USER)
            .oauth2_client(client)
    });
    let (browser, _) = browser(&world);
    let output = cloud_login(
        &world,
        &browser,
        "https://elsewhere.atlassian.net",
        &redirect,
    )
    .output()
    .expect("jshell runs");
    let err = harness::stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{err}");
    assert!(
        err.contains("does not reach https://elsewhere.atlassian.net"),
        "{err}"
    );
    assert!(
        err.contains(world.url().trim_end_matches('/')),
        "the reachable site is listed: {err}"
    );
}

#[test]
fn the_secret_can_come_from_a_file_and_tokens_are_printed_only_when_asked() {
    let redirect = redirect_uri(free_port());
    let world = data_center(&redirect, "WRITE");
    let secret_file = world.path("client-secret");
    std::fs::write(&secret_file, format!("{CLIENT_SECRET}\n")).expect("written");
    let (browser, _) = browser(&world);
    let login = |extra: &[&str]| {
        world
            .jshell()
            .env("BROWSER", &browser)
            .args(["login", "--oauth2", "--server", &world.url()])
            .args(["--client-id", CLIENT_ID, "--redirect-uri", &redirect])
            .arg("--client-secret-file")
            .arg(&secret_file)
            .args(extra)
            .output()
            .expect("jshell runs")
    };

    let quiet = login(&[]);
    assert!(quiet.status.success(), "{}", harness::stderr(&quiet));
    assert_eq!(
        harness::stdout(&quiet),
        "",
        "no token is printed unless asked"
    );
    assert_clean(&quiet, &secrets(&world));

    let printing = login(&["--print-tokens"]);
    assert!(printing.status.success(), "{}", harness::stderr(&printing));
    let out = harness::stdout(&printing);
    assert!(
        out.contains(&format!("Access token: {}", saved(&world, "access_token"))),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "Refresh token: {}",
            saved(&world, "refresh_token")
        )),
        "{out}"
    );
    assert!(
        !out.contains(CLIENT_SECRET),
        "the client secret is never printed: {out}"
    );
}

#[test]
fn print_setup_says_what_to_enter_in_jira_or_in_atlassians_console() {
    let world = World::new();
    let redirect = "http://127.0.0.1:9123/jshell";
    let setup = |server: &str| {
        world
            .jshell()
            .args(["login", "--oauth2", "--print-setup", "--server", server])
            .args(["--redirect-uri", redirect])
            .output()
            .expect("jshell runs")
    };
    let data_center = setup("https://jira.example.com");
    let out = harness::stdout(&data_center);
    assert!(
        data_center.status.success(),
        "{}",
        harness::stderr(&data_center)
    );
    assert!(out.contains("Application links → Create link"), "{out}");
    assert!(out.contains(&format!("Redirect URL: {redirect}")), "{out}");
    assert!(out.contains("skip.redirect.url.https.requirement"), "{out}");
    assert!(
        out.contains(&format!(
            "jshell login --oauth2 --server https://jira.example.com --client-id CLIENT_ID --redirect-uri {redirect}"
        )),
        "{out}"
    );
    let cloud = setup("https://example.atlassian.net");
    let out = harness::stdout(&cloud);
    assert!(out.contains("developer.atlassian.com"), "{out}");
    assert!(out.contains(&format!("Callback URL: {redirect}")), "{out}");
    assert!(!world.config_path().exists(), "nothing is saved");
}

/// A Cloud site whose gateway answers expired access tokens with `status`, its tokens living
/// `seconds`, and a profile saved by logging in to it.
fn cloud_logged_in(status: u16, seconds: u64) -> World {
    let redirect = redirect_uri(free_port());
    let scopes = "read:jira-work write:jira-work read:jira-user offline_access";
    let client = fakejira::OAuth2Client::new(CLIENT_ID, CLIENT_SECRET, &redirect).scope(scopes);
    let world = World::with(|builder| {
        builder
            .deployment_type(fakejira::DeploymentType::Cloud)
            .auto_approve(USER)
            .oauth2_client(client)
            .oauth2_access_token_lifetime(Duration::from_secs(seconds))
            .gateway_expired_status(status)
    });
    let (browser, _) = browser(&world);
    let output = cloud_login(&world, &browser, &world.url(), &redirect)
        .arg("--cloud")
        .output()
        .expect("jshell runs");
    assert!(output.status.success(), "{}", harness::stderr(&output));
    world
}

/// Whether the gateway refused an expired token with `status` at least once.
fn gateway_refused_expired_token(world: &World, status: u16) -> bool {
    world.server.access_log().iter().any(|entry| {
        entry.status == status && entry.verdict.contains("gateway: expired access token")
    })
}

#[test]
fn a_gateway_404_or_403_for_a_token_that_expired_in_flight_renews_once_and_retries() {
    for status in [404, 403] {
        let world = cloud_logged_in(status, 4);
        // Held past the token's whole lifetime, the request reaches the gateway expired.
        world.server.inject(fakejira::Fault::Delay {
            count: 1,
            delay: Duration::from_secs(5),
        });
        let output = myself(&world);
        let err = harness::stderr(&output);
        assert!(output.status.success(), "{status}: {err}");
        assert_eq!(harness::stdout(&output).trim(), USER);
        assert!(
            gateway_refused_expired_token(&world, status),
            "the gateway answered {status}: {:?}",
            world.server.access_log()
        );
        assert_no_rotated_token_presented(&world);
        assert_clean(&output, &secrets(&world));
    }
}

#[test]
fn a_gateway_404_for_a_valid_token_is_a_404_and_renews_nothing() {
    let world = cloud_logged_in(404, 3600);
    let renewals = world.server.oauth2_grants().refresh_token;
    let output = world
        .jshell()
        .args(["-e", "jira.issue(\"NOPE-404\")"])
        .output()
        .expect("jshell runs");
    let err = harness::stderr(&output);
    assert_eq!(output.status.code(), Some(4), "{err}");
    assert!(err.contains("404"), "{err}");
    assert_eq!(
        world.server.oauth2_grants().refresh_token,
        renewals,
        "a 404 for a token that has not expired is no reason to renew it"
    );
}

#[test]
fn a_refresh_token_near_its_90_idle_days_is_announced_and_the_run_renews_it() {
    let world = logged_in();
    // As if the tokens were last renewed 86 days ago: the refresh token lapses in 4 days.
    let renewed_long_ago = jiff::Timestamp::now()
        .checked_sub(jiff::SignedDuration::from_hours(24 * 86))
        .expect("a time");
    let lifetime: i64 = saved(&world, "lifetime_seconds").parse().expect("seconds");
    let expires_at = renewed_long_ago
        .checked_add(jiff::SignedDuration::from_secs(lifetime))
        .expect("a time");
    let path = world.config_path();
    let yaml = std::fs::read_to_string(&path).expect("a saved configuration");
    let aged = yaml.replace(&saved(&world, "expires_at"), &expires_at.to_string());
    std::fs::write(&path, aged).expect("rewritten");

    let output = myself(&world);
    let err = harness::stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(
        err.contains("warning: the OAuth 2.0 refresh token (unused for 90 days) of profile"),
        "{err}"
    );
    assert_clean(&output, &secrets(&world));
    assert!(
        harness::stderr(&myself(&world))
            .lines()
            .all(|line| !line.starts_with("warning:")),
        "the run renewed the tokens, so the next one has nothing to announce"
    );
}
