//! A simulator is one Jira: the Data Center release it was started as (8.x to 11.x) or Cloud,
//! with that Jira's `serverInfo`, routes, missing-route answers and Basic authentication.

use crate::common;

use common::*;
use fakejira::{DeploymentType, JiraVersion, Running};
use serde_json::{Value, json};

const PAT: &str = "versions-pat";

async fn data_center(version: JiraVersion) -> Running {
    start(builder().pat(PAT, USER).issues(2).jira_version(version)).await
}

/// `GET path` with the personal access token: status, `Allow` and the body as JSON (`Null`
/// when empty).
async fn get_with_pat(jira: &Running, path: &str) -> (u16, Option<String>, Value) {
    let response = client()
        .get(api(jira, path))
        .bearer_auth(PAT)
        .send()
        .await
        .expect("answered");
    let status = response.status().as_u16();
    let allow = response
        .headers()
        .get("Allow")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let text = response.text().await.expect("a body");
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    (status, allow, body)
}

#[tokio::test]
async fn server_info_reports_the_release_the_simulator_was_started_as() {
    for version in JiraVersion::MODELLED {
        let jira = data_center(version).await;
        let (status, _, info) = get_with_pat(&jira, "serverInfo").await;
        assert_eq!(status, 200);
        assert_eq!(info["version"], version.to_string());
        let numbers = json!([version.major, version.minor, version.patch]);
        assert_eq!(info["versionNumbers"], numbers);
        assert_eq!(info["buildNumber"], version.build_number());
        assert_eq!(info["deploymentType"], "Server");
    }
    let cloud = start(builder().deployment_type(DeploymentType::Cloud)).await;
    let info = get_json(&cloud, "serverInfo").await;
    assert_eq!(info["deploymentType"], "Cloud");
    assert_eq!(info["versionNumbers"][0], 1001);
}

#[tokio::test]
async fn createmeta_for_all_projects_is_gone_from_9_and_read_as_an_issue_key() {
    let [eight, nine, ten, eleven] = JiraVersion::MODELLED;
    let old = data_center(eight).await;
    assert_eq!(get_with_pat(&old, "issue/createmeta").await.0, 200);
    for version in [nine, ten, eleven] {
        let jira = data_center(version).await;
        let (status, _, body) = get_with_pat(&jira, "issue/createmeta").await;
        assert_eq!(
            (status, body),
            (
                404,
                json!({"errorMessages": ["Issue Does Not Exist"], "errors": {}})
            ),
            "{version}"
        );
        let (status, _, types) = get_with_pat(&jira, "issue/createmeta/ABC/issuetypes").await;
        assert_eq!(status, 200, "{version}");
        assert!(types["values"].as_array().is_some_and(|v| !v.is_empty()));
    }
}

#[tokio::test]
async fn a_verb_a_release_dropped_is_405_in_its_jerseys_words() {
    let [eight, nine, ten, eleven] = JiraVersion::MODELLED;
    for version in [eight, nine] {
        let jira = data_center(version).await;
        assert_eq!(
            get_with_pat(&jira, "group?groupname=jira-software-users")
                .await
                .0,
            200
        );
        let (status, _, body) = get_with_pat(&jira, "nothing/here").await;
        let url = format!("{}rest/api/2/nothing/here", jira.url());
        assert_eq!(
            (status, body),
            (
                404,
                json!({"message": format!("null for uri: {url}"), "status-code": 404})
            )
        );
    }
    for version in [ten, eleven] {
        let jira = data_center(version).await;
        let (status, allow, body) =
            get_with_pat(&jira, "group?groupname=jira-software-users").await;
        assert_eq!(
            (status, allow.as_deref()),
            (405, Some("DELETE,POST")),
            "{version}"
        );
        assert_eq!(
            body,
            json!({"message": "HTTP 405 Method Not Allowed", "status-code": 405, "sub-code": -1})
        );
        let deleted = client()
            .delete(api(&jira, "version/10000"))
            .bearer_auth(PAT)
            .send()
            .await
            .expect("answered");
        assert_eq!(deleted.status(), 405, "{version}");
    }
}

#[tokio::test]
async fn cloud_lacks_data_center_resources() {
    let jira = start(
        builder()
            .pat(PAT, USER)
            .issues(1)
            .deployment_type(DeploymentType::Cloud),
    )
    .await;
    for path in [
        "user/avatars?username=alice",
        "reindex",
        "project/ABC/priorityscheme",
    ] {
        let (status, _, body) = get_with_pat(&jira, path).await;
        assert_eq!(status, 404, "{path}");
        let message = body["errorMessages"][0].as_str().unwrap_or_default();
        assert!(message.starts_with("null for uri: "), "{path}: {body}");
    }
    let session = jira.url().join("rest/auth/1/session").expect("a URL");
    let answer = client()
        .get(session)
        .bearer_auth(PAT)
        .send()
        .await
        .expect("answered");
    assert_eq!(answer.status(), 404);
}

/// Cloud deprecated `GET project` and `GET resolution` for paged searches (platform REST
/// description, December 2025); Data Center has neither search and reads `search` as a key.
#[tokio::test]
async fn cloud_pages_project_and_resolution_searches_and_data_center_lacks_them() {
    let cloud = start(
        builder()
            .pat(PAT, USER)
            .projects(120)
            .issues(1)
            .deployment_type(DeploymentType::Cloud),
    )
    .await;
    let (status, _, first) = get_with_pat(&cloud, "project/search?maxResults=500").await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["maxResults"], 100, "a page holds at most 100");
    assert_eq!(first["total"], 120);
    assert_eq!(first["isLast"], false);
    let keys: Vec<&str> = first["values"]
        .as_array()
        .expect("values")
        .iter()
        .filter_map(|project| project["key"].as_str())
        .collect();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(keys, sorted, "ordered by key");
    let next = first["nextPage"].as_str().expect("a next page");
    assert!(
        next.ends_with("/rest/api/2/project/search?startAt=100&maxResults=100"),
        "{next}"
    );
    let (_, _, last) = get_with_pat(&cloud, "project/search?startAt=100&maxResults=100").await;
    assert_eq!(last["values"].as_array().map(Vec::len), Some(20));
    assert_eq!(last["isLast"], true);
    assert!(last.get("nextPage").is_none(), "{last}");

    let one = keys[0];
    let (_, _, found) = get_with_pat(
        &cloud,
        &format!("project/search?query={}", one.to_lowercase()),
    )
    .await;
    assert!(
        found["values"]
            .as_array()
            .expect("values")
            .iter()
            .any(|project| project["key"] == one),
        "{found}"
    );
    let (_, _, named) = get_with_pat(&cloud, &format!("project/search?keys={one}")).await;
    assert_eq!(named["total"], 1, "{named}");

    let (status, _, resolutions) = get_with_pat(&cloud, "resolution/search?maxResults=2").await;
    assert_eq!(status, 200, "{resolutions}");
    assert_eq!(resolutions["values"].as_array().map(Vec::len), Some(2));
    assert_eq!(resolutions["isLast"], false);

    let [.., ten, _] = JiraVersion::MODELLED;
    let data_center = data_center(ten).await;
    let (status, _, body) = get_with_pat(&data_center, "project/search").await;
    assert_eq!(status, 404);
    assert_eq!(
        body["errorMessages"][0],
        "No project could be found with key 'search'."
    );
    assert_eq!(get_with_pat(&data_center, "resolution/search").await.0, 404);
}

#[tokio::test]
async fn data_center_11_refuses_basic_authentication_and_sessions_unless_enabled() {
    let eleven = JiraVersion::new(11, 3, 0);
    let jira = data_center(eleven).await;
    let refused = basic(client().get(api(&jira, "myself")))
        .send()
        .await
        .expect("answered");
    assert_eq!(refused.status(), 403);
    let body: Value = refused.json().await.expect("JSON");
    assert_eq!(
        body,
        json!({"message": "Basic Authentication has been disabled on this instance."})
    );
    assert_eq!(
        jira.access_log()[0].verdict,
        "basic authentication disabled"
    );
    assert_eq!(get_with_pat(&jira, "myself").await.0, 200);
    let session = jira.url().join("rest/auth/1/session").expect("a URL");
    let answer = client()
        .get(session.clone())
        .bearer_auth(PAT)
        .send()
        .await
        .expect("answered");
    assert_eq!(answer.status(), 403);
    let body: Value = answer.json().await.expect("JSON");
    let message = body["errorMessages"][0].as_str().unwrap_or_default();
    assert!(message.contains("personal access token"), "{body}");

    let enabled = start(builder().jira_version(eleven).basic_auth(true)).await;
    assert_eq!(get_json(&enabled, "myself").await["name"], USER);
    let url = enabled.url().join("rest/auth/1/session").expect("a URL");
    let answer = basic(client().get(url)).send().await.expect("answered");
    assert_eq!(answer.status(), 200);

    let ten_without = start(builder().basic_auth(false)).await;
    let refused = basic(client().get(api(&ten_without, "myself")))
        .send()
        .await
        .expect("answered");
    assert_eq!(refused.status(), 403);
}

#[test]
fn the_route_listing_gives_each_routes_releases() {
    let route = |method: &str, path: &str| {
        fakejira::routes()
            .find(|route| route.method == method && route.path == path)
            .unwrap_or_else(|| panic!("{method} {path} is listed"))
            .deployments
    };
    let createmeta = route("GET", "issue/createmeta");
    let releases = createmeta.data_center.expect("on Data Center");
    assert_eq!(releases.until, Some(JiraVersion::new(9, 0, 0)));
    assert!(createmeta.cloud);
    assert_eq!(
        route("DELETE", "version/{id}")
            .data_center
            .and_then(|r| r.until),
        Some(JiraVersion::new(10, 0, 0))
    );
    assert!(!route("GET", "user/avatars").cloud);
    assert!(route("GET", "search/jql").data_center.is_none());
    assert_eq!(route("GET", "myself"), fakejira::Deployments::ALL);
}
