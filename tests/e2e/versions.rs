//! The common workflow (login, search, create, comment, transition, worklog, attachment, agile board
//! and sprint) with the real binary against fakejira as each Jira it models: Data Center 8.20,
//! 9.12, 10.3 and 11.3, and Cloud; and what differs between them.

use fakejira::{DeploymentType, JiraVersion};

use crate::harness::{self, PASSWORD, PAT, USER, World};

/// A kind of Jira the simulator can be.
#[derive(Clone, Copy, Debug)]
enum Flavour {
    DataCenter(JiraVersion),
    Cloud,
}

impl Flavour {
    /// Every modelled Data Center release, then Cloud.
    fn all() -> impl Iterator<Item = Self> {
        JiraVersion::MODELLED
            .into_iter()
            .map(Self::DataCenter)
            .chain([Self::Cloud])
    }

    /// A world whose fakejira is this Jira, with Jira Software's seed.
    fn world(self) -> World {
        World::with(|builder| match self {
            Self::DataCenter(version) => builder.jira_version(version).agile(),
            Self::Cloud => builder.deployment_type(DeploymentType::Cloud).agile(),
        })
    }

    /// `serverInfo.deploymentType`.
    fn deployment(self) -> &'static str {
        match self {
            Self::DataCenter(_) => "Server",
            Self::Cloud => "Cloud",
        }
    }
}

const WORKFLOW: &str = r#"
let found = jira.search_issues("project = ABC ORDER BY key", #{maxResults: 3});
let created = jira.create_issue(#{project: "ABC", issuetype: "Task", summary: "Across versions"});
let key = created.key;
jira.add_comment(key, "Checked on every version");
jira.transition_issue(key, "Start Progress");
jira.add_worklog(key, "1h");
let attached = jira.add_attachment(key, "notes.txt");
let board = jira.boards()[0];
let sprint = jira.create_sprint("Versions sprint", board.id);
jira.add_issues_to_sprint(sprint.id, [key]);
let issue = jira.issue(key);
#{
    found: found.len(),
    status: issue.fields.status.name,
    comments: jira.comments(key).len(),
    worklogs: jira.worklogs(key).len(),
    attachment: attached[0].filename,
    sprint_issues: jira.sprint_issues(sprint.id).len(),
    deployment: jira.server_info().deploymentType,
}
"#;

#[test]
fn the_common_workflow_runs_against_every_jira() {
    for flavour in Flavour::all() {
        let world = flavour.world();
        std::fs::write(world.path("notes.txt"), "what was checked").expect("a file");
        world.login_with_pat();
        let output = world
            .jshell()
            .current_dir(world.dir.path())
            .args(["--allow-fs", "-o", "json"])
            .args(["-e", WORKFLOW])
            .output()
            .expect("runs");
        assert!(
            output.status.success(),
            "{flavour:?}: {}",
            harness::stderr(&output)
        );
        harness::assert_clean(&output, &[PAT]);
        let result: serde_json::Value =
            serde_json::from_str(&harness::stdout(&output)).expect("JSON");
        assert_eq!(
            result,
            serde_json::json!({
                "found": 3,
                "status": "In Progress",
                "comments": 1,
                "worklogs": 1,
                "attachment": "notes.txt",
                "sprint_issues": 1,
                "deployment": flavour.deployment(),
            }),
            "{flavour:?}"
        );
    }
}

#[test]
fn data_center_11_refuses_basic_authentication_and_takes_a_token() {
    let world = World::with(|builder| builder.jira_version(JiraVersion::new(11, 3, 0)));
    let basic = world
        .jshell()
        .args(["--server", &world.url(), "-u", USER, "-p", PASSWORD])
        .args(["-e", "jira.myself().name"])
        .output()
        .expect("runs");
    assert!(!basic.status.success());
    let stderr = harness::stderr(&basic);
    assert!(
        stderr.contains("Basic Authentication has been disabled")
            && stderr.contains("jshell login --pat")
            && !stderr.contains("check their permissions"),
        "the error says what to use instead, not to check permissions: {stderr}"
    );
    assert_eq!(basic.status.code(), Some(3), "an authentication error");
    harness::assert_clean(&basic, &[PASSWORD]);

    let token = world
        .jshell()
        .args(["--server", &world.url(), "--pat", PAT])
        .args(["-e", "jira.myself().name"])
        .output()
        .expect("runs");
    assert!(token.status.success(), "{}", harness::stderr(&token));
    assert_eq!(harness::stdout(&token).trim(), USER);

    let from = world.server.access_log().len();
    let session = world
        .jshell()
        .args(["--server", &world.url(), "--pat", PAT])
        .args(["-e", "jira.session()"])
        .output()
        .expect("runs");
    assert_eq!(session.status.code(), Some(1));
    let stderr = harness::stderr(&session);
    assert!(
        stderr.contains("jira.session does not work on Jira Data Center 11")
            && stderr.contains("jira.myself()"),
        "{stderr}"
    );
    assert!(
        world.server.access_log()[from..]
            .iter()
            .all(|entry| !entry.path.contains("/rest/auth/1/session")),
        "the session resource is not asked"
    );
}

/// `createmeta` answers on each Jira: the all-projects resource where it exists (8.x, Cloud),
/// the per-project ones from Data Center 9 on. Needs the version-aware client methods.
#[test]
fn createmeta_works_on_every_jira() {
    for flavour in Flavour::all() {
        let world = flavour.world();
        let output = world
            .jshell()
            .args(["--server", &world.url(), "--pat", PAT, "-o", "json"])
            .args([
                "-e",
                r#"let meta = jira.createmeta(#{projectKeys: "ABC"});
                   meta.projects[0].issuetypes.map(|t| t.name)"#,
            ])
            .output()
            .expect("runs");
        assert!(
            output.status.success(),
            "{flavour:?}: {}",
            harness::stderr(&output)
        );
        let types: Vec<String> =
            serde_json::from_str(&harness::stdout(&output)).expect("a JSON list");
        assert!(
            types.iter().any(|name| name == "Task"),
            "{flavour:?}: {types:?}"
        );
    }
}

/// `serverInfo` requests fakejira answered since `from`.
fn server_info_asked(world: &World, from: usize) -> usize {
    world.server.access_log()[from..]
        .iter()
        .filter(|entry| entry.path.ends_with("/serverInfo"))
        .count()
}

#[test]
fn a_profile_remembers_its_deployment_and_later_runs_do_not_ask() {
    for (flavour, saved) in [
        (
            Flavour::DataCenter(JiraVersion::new(10, 3, 12)),
            "data_center",
        ),
        (Flavour::Cloud, "cloud"),
    ] {
        let world = flavour.world();
        world.login_with_pat();
        let search = || {
            let from = world.server.access_log().len();
            let output = world
                .jshell()
                .args(["-e", "jira.search_issues(\"project = ABC\").len()"])
                .output()
                .expect("runs");
            assert!(output.status.success(), "{}", harness::stderr(&output));
            server_info_asked(&world, from)
        };
        assert_eq!(search(), 1, "{flavour:?}: the first run asks");
        let config = std::fs::read_to_string(world.config_path()).expect("the config");
        assert!(
            config.contains(&format!("deployment: {saved}")),
            "{flavour:?}: {config}"
        );
        assert_eq!(search(), 0, "{flavour:?}: a later run does not ask");
    }
}

#[test]
fn a_remembered_data_center_still_tells_its_version_to_methods_that_need_it() {
    let world = Flavour::DataCenter(JiraVersion::new(10, 3, 12)).world();
    world.login_with_pat();
    for _ in 0..2 {
        let output = world
            .jshell()
            .args(["-e", "jira.group(\"jira-users\")"])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(1));
        let stderr = harness::stderr(&output);
        assert!(
            stderr.contains("jira.group does not work on Jira Data Center 10.3.12"),
            "{stderr}"
        );
    }
    let config = std::fs::read_to_string(world.config_path()).expect("the config");
    assert!(config.contains("deployment: data_center"), "{config}");
}

#[test]
fn basic_authentication_turned_off_on_10_3_gets_the_same_advice_and_on_11_can_be_turned_on() {
    let ten_off = World::with(|builder| builder.basic_auth(false));
    let eleven_on = World::with(|builder| {
        builder
            .jira_version(JiraVersion::new(11, 3, 0))
            .basic_auth(true)
    });
    for (world, works) in [(ten_off, false), (eleven_on, true)] {
        let output = world
            .jshell()
            .args(["--server", &world.url(), "-u", USER, "-p", PASSWORD])
            .args(["-e", "jira.myself().name"])
            .output()
            .expect("runs");
        harness::assert_clean(&output, &[PASSWORD]);
        if works {
            assert!(output.status.success(), "{}", harness::stderr(&output));
            assert_eq!(harness::stdout(&output).trim(), USER);
        } else {
            assert_eq!(output.status.code(), Some(3));
            assert!(
                harness::stderr(&output).contains("jshell login --pat"),
                "{}",
                harness::stderr(&output)
            );
        }
    }
}
