//! Expiring credentials are announced: a profile whose credentials expire within 14 days gets
//! one warning line on stderr a day, and `jshell profiles` shows each known expiry.

use std::process::Output;

use jiff::{Timestamp, ToSpan as _, civil::Date, tz::TimeZone};

use crate::harness::{self, PAT, USER, World};

const PROFILE: &str = "work";

/// A world with alice's personal access token saved as the profile `work`.
fn with_pat_profile() -> World {
    let world = World::new();
    let login = world
        .jshell()
        .args([
            "login",
            "--pat",
            PAT,
            "--server",
            &world.url(),
            "--save-as",
            PROFILE,
        ])
        .output()
        .expect("jshell runs");
    assert!(login.status.success(), "{}", harness::stderr(&login));
    world
}

/// Today in this machine's time zone (jshell sees the same one: the harness passes `TZ`).
fn today() -> Date {
    Timestamp::now()
        .to_zoned_datetime(TimeZone::system())
        .date()
}

fn record_expiry(world: &World, date: &str) -> Output {
    world
        .jshell()
        .args(["profiles", "set", PROFILE, "--expires", date])
        .output()
        .expect("jshell runs")
}

fn myself(world: &World) -> Output {
    let output = world
        .jshell()
        .args(["-e", "jira.myself().name"])
        .output()
        .expect("jshell runs");
    assert!(output.status.success(), "{}", harness::stderr(&output));
    assert_eq!(harness::stdout(&output).trim(), USER);
    harness::assert_clean(&output, &[PAT]);
    output
}

fn warnings(output: &Output) -> Vec<String> {
    harness::stderr(output)
        .lines()
        .filter(|line| line.starts_with("warning:"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_token_expiring_within_14_days_is_announced_once_a_day() {
    let world = with_pat_profile();
    let soon = today().checked_add(5.days()).expect("a date").to_string();
    assert!(record_expiry(&world, &soon).status.success());

    let first = warnings(&myself(&world));
    assert_eq!(first.len(), 1, "{first:?}");
    assert!(
        first[0].contains("the personal access token of profile `work` expires in"),
        "{first:?}"
    );
    assert!(first[0].contains(&soon), "{first:?}");
    assert!(first[0].contains("jshell profiles set work --expires DATE"));

    assert!(
        warnings(&myself(&world)).is_empty(),
        "once a day, not every run"
    );

    // The record of the last warning says an earlier day: today's run warns again.
    let record = world.path("home/.config/jshell/expiry-warnings.yaml");
    std::fs::write(&record, "work: 2001-01-01\n").expect("rewritten");
    assert_eq!(warnings(&myself(&world)).len(), 1);
}

#[test]
fn an_expiry_further_away_is_not_announced_but_listed() {
    let world = with_pat_profile();
    let later = today().checked_add(30.days()).expect("a date").to_string();
    assert!(record_expiry(&world, &later).status.success());
    assert!(warnings(&myself(&world)).is_empty());

    let list = world
        .jshell()
        .arg("profiles")
        .output()
        .expect("jshell runs");
    let listed = harness::stdout(&list);
    assert!(
        listed.contains(&format!("the personal access token expires {later}")),
        "{listed}"
    );
}

#[test]
fn an_expired_token_is_announced_as_expired() {
    let world = with_pat_profile();
    let past = today().checked_sub(3.days()).expect("a date").to_string();
    assert!(record_expiry(&world, &past).status.success());
    let announced = warnings(&myself(&world));
    assert_eq!(announced.len(), 1, "{announced:?}");
    assert!(
        announced[0].contains(&format!("expired on {past}")),
        "{announced:?}"
    );
}

#[test]
fn a_bad_date_or_an_unknown_profile_is_refused_and_never_clears_the_record() {
    let world = with_pat_profile();
    let bad = record_expiry(&world, "12/08/2027");
    assert_eq!(bad.status.code(), Some(2));
    assert!(harness::stderr(&bad).contains("write it as YYYY-MM-DD"));
    let unknown = world
        .jshell()
        .args(["profiles", "set", "nope", "--expires", "2030-01-01"])
        .output()
        .expect("jshell runs");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(harness::stderr(&unknown).contains("no profile named `nope`"));

    assert!(record_expiry(&world, "2030-01-01").status.success());
    assert!(record_expiry(&world, "never").status.success());
    let list = world
        .jshell()
        .arg("profiles")
        .output()
        .expect("jshell runs");
    assert!(!harness::stdout(&list).contains("expires"));
}
