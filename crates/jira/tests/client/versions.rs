//! What differs between Jira versions and deployments: methods a server lacks are refused
//! before anything is sent, `createmeta` answers in one shape from whichever resources the
//! server has, user searches name users the way each deployment wants, and python-jira's
//! keyword habit. The expectations follow what fakejira's `serverInfo` says it is, so they hold
//! whichever version it serves.

use fakejira::{DeploymentType, Running};
use jira::methods::spec::Version;
use serde_json::{Value, json};

use crate::common;

async fn start(deployment: DeploymentType) -> Running {
    common::builder()
        .issues(3)
        .projects(2)
        .deployment_type(deployment)
        .start()
        .await
        .expect("fakejira starts")
}

fn basic_client(server: &Running) -> jira::Client {
    common::client_builder(server)
        .auth(jira::Auth::basic(common::USER, common::PASSWORD))
        .build()
        .expect("the client builds")
}

/// The paths fakejira was asked for since `from` (an index in its log).
fn paths_since(server: &Running, from: usize) -> Vec<String> {
    server.access_log()[from..]
        .iter()
        .map(|entry| {
            format!(
                "{} {}?{}",
                entry.method,
                entry.path,
                entry.query.as_deref().unwrap_or("")
            )
        })
        .collect()
}

#[tokio::test]
async fn a_method_cloud_lacks_is_refused_there_before_anything_is_sent() {
    let server = start(DeploymentType::Cloud).await;
    let client = basic_client(&server);
    for (method, instead) in [
        ("session", "personal access token"),
        ("user_avatars", "Atlassian account"),
    ] {
        let args = if method == "session" {
            vec![]
        } else {
            vec![json!("alice")]
        };
        let from = server.access_log().len();
        let error = common::call(&client, method, args)
            .await
            .expect_err("refused");
        let message = error.to_string();
        assert!(
            message.contains(&format!("jira.{method}"))
                && message.contains("Jira Cloud")
                && message.contains(instead),
            "{message}"
        );
        assert!(
            paths_since(&server, from)
                .iter()
                .all(|path| path.contains("/serverInfo")),
            "only serverInfo may be asked: {:?}",
            paths_since(&server, from)
        );
    }
}

#[tokio::test]
async fn a_method_data_center_removed_is_refused_by_version_and_sent_before_it() {
    let server = start(DeploymentType::Server).await;
    let client = basic_client(&server);
    let server_info = common::call(&client, "server_info", vec![])
        .await
        .expect("serverInfo");
    let version = server_info["version"]
        .as_str()
        .and_then(Version::parse)
        .expect("a version");
    let from = server.access_log().len();
    let answer = common::call(&client, "group", vec![json!("jira-users")]).await;
    let sent_group = paths_since(&server, from)
        .iter()
        .any(|path| path.starts_with("GET /rest/api/2/group?"));
    if version >= Version::new(9, 0) {
        let message = answer.expect_err("refused").to_string();
        assert!(
            message.contains("jira.group") && message.contains(&version.to_string()),
            "{message}"
        );
        assert!(message.contains("jira.group_members"), "{message}");
        assert!(!sent_group, "nothing is sent for a method the server lacks");
    } else {
        assert!(sent_group, "Data Center {version} has GET group");
    }
}

#[tokio::test]
async fn createmeta_answers_in_its_old_shape_on_data_center_and_cloud_alike() {
    let expand = json!({"expand": "projects.issuetypes.fields"});
    let mut answers = Vec::new();
    for deployment in [DeploymentType::Server, DeploymentType::Cloud] {
        let server = start(deployment).await;
        let client = basic_client(&server);
        let info = common::call(&client, "server_info", vec![])
            .await
            .expect("serverInfo");
        let per_project = deployment == DeploymentType::Cloud
            || info["version"]
                .as_str()
                .and_then(Version::parse)
                .is_some_and(|version| version >= Version::new(9, 0));
        let from = server.access_log().len();
        let answer = common::call(&client, "createmeta", vec![expand.clone()])
            .await
            .expect("createmeta");
        let asked_old = paths_since(&server, from)
            .iter()
            .any(|path| path.starts_with("GET /rest/api/2/issue/createmeta?"));
        assert_eq!(asked_old, !per_project, "{:?}", paths_since(&server, from));
        answers.push(summary(&answer));
    }
    assert!(!answers[0].is_empty(), "projects are described");
    assert!(
        answers[0].iter().all(|(_, types)| types
            .iter()
            .all(|(_, fields)| fields.contains(&"summary".to_owned()))),
        "every issue type lists its fields by id: {:?}",
        answers[0]
    );
    assert_eq!(
        answers[0], answers[1],
        "the same projects, types and fields on both"
    );
}

#[tokio::test]
async fn createmeta_filters_projects_and_issue_types_as_the_old_resource_did() {
    let server = start(DeploymentType::Cloud).await;
    let client = basic_client(&server);
    let projects = common::call(&client, "projects", vec![])
        .await
        .expect("projects");
    let key = projects[0]["key"].as_str().expect("a key").to_owned();
    let types = common::call(&client, "createmeta_issuetypes", vec![json!(key)])
        .await
        .expect("types");
    let name = types[0]["name"].as_str().expect("a name").to_owned();
    let answer = common::call(
        &client,
        "createmeta",
        vec![json!({"projectKeys": key, "issuetypeNames": [name]})],
    )
    .await
    .expect("createmeta");
    let found = summary(&answer);
    assert_eq!(found.len(), 1, "{answer}");
    assert_eq!(found[0].0, key);
    assert_eq!(
        found[0]
            .1
            .iter()
            .map(|(name, _)| name.clone())
            .collect::<Vec<_>>(),
        vec![name]
    );
    assert!(
        found[0].1[0].1.is_empty(),
        "no fields unless expanded: {answer}"
    );
}

/// An issue type's name and its fields' ids.
type TypeFields = (String, Vec<String>);

/// Each project's key, its issue types' names and their fields' ids.
fn summary(answer: &Value) -> Vec<(String, Vec<TypeFields>)> {
    let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
    answer["projects"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|project| {
            let types = project["issuetypes"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|kind| {
                    let mut fields: Vec<String> = kind["fields"]
                        .as_object()
                        .map(|fields| fields.keys().cloned().collect())
                        .unwrap_or_default();
                    fields.sort();
                    (text(&kind["name"]), fields)
                })
                .collect();
            (text(&project["key"]), types)
        })
        .collect()
}

#[tokio::test]
async fn user_searches_name_users_as_each_deployment_wants() {
    for (deployment, parameter) in [
        (DeploymentType::Server, "username=ali"),
        (DeploymentType::Cloud, "query=ali"),
    ] {
        let server = start(deployment).await;
        let client = basic_client(&server);
        let from = server.access_log().len();
        common::call(&client, "search_users", vec![json!("ali")])
            .await
            .expect("a search");
        let searches: Vec<String> = paths_since(&server, from)
            .into_iter()
            .filter(|path| path.starts_with("GET /rest/api/2/user/search?"))
            .collect();
        assert!(
            !searches.is_empty() && searches.iter().all(|path| path.contains(parameter)),
            "{searches:?}"
        );
    }
}

/// Cloud deprecated `GET project` and `GET resolution`; there the same lists come from every
/// page of `project/search` and `resolution/search`.
#[tokio::test]
async fn lists_cloud_deprecated_come_from_its_paged_searches() {
    for (deployment, projects_path, resolutions_path) in [
        (
            DeploymentType::Server,
            "GET /rest/api/2/project?",
            "GET /rest/api/2/resolution?",
        ),
        (
            DeploymentType::Cloud,
            "GET /rest/api/2/project/search?",
            "GET /rest/api/2/resolution/search?",
        ),
    ] {
        let server = common::builder()
            .issues(1)
            .projects(130)
            .deployment_type(deployment)
            .start()
            .await
            .expect("fakejira starts");
        let client = basic_client(&server);
        let from = server.access_log().len();
        let projects = common::call(&client, "projects", vec![])
            .await
            .expect("the projects");
        let resolutions = common::call(&client, "resolutions", vec![])
            .await
            .expect("the resolutions");
        let mut keys: Vec<&str> = projects
            .as_array()
            .expect("a list")
            .iter()
            .filter_map(|project| project["key"].as_str())
            .collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), 130, "{deployment:?}: every project, once");
        assert!(
            resolutions.as_array().is_some_and(|list| list.len() >= 3),
            "{deployment:?}: {resolutions}"
        );
        let paths = paths_since(&server, from);
        let pages = paths
            .iter()
            .filter(|path| path.starts_with(projects_path))
            .count();
        // 130 projects at Cloud's 50 a page.
        let expected_pages = if deployment == DeploymentType::Cloud {
            3
        } else {
            1
        };
        assert_eq!(pages, expected_pages, "{deployment:?}: {paths:?}");
        assert!(
            paths.iter().any(|path| path.starts_with(resolutions_path)),
            "{deployment:?}: {paths:?}"
        );
    }
}

#[tokio::test]
async fn a_positional_parameter_may_be_given_by_its_python_jira_name() {
    let server = start(DeploymentType::Server).await;
    let client = basic_client(&server);
    let issue = common::call(&client, "search_issues", vec![json!("ORDER BY key")])
        .await
        .expect("issues");
    let key = issue[0]["key"].as_str().expect("a key").to_owned();
    let worklog = common::call(
        &client,
        "add_worklog",
        vec![json!(key), json!({"timeSpent": "1h"})],
    )
    .await
    .expect("timeSpent by name");
    assert_eq!(worklog["timeSpentSeconds"], json!(3600), "{worklog}");
    let twice = common::call(
        &client,
        "add_worklog",
        vec![json!(key), json!("1h"), json!({"timeSpent": "2h"})],
    )
    .await
    .expect_err("given twice");
    assert!(
        twice.to_string().contains("`timeSpent` was given twice"),
        "{twice}"
    );
}
