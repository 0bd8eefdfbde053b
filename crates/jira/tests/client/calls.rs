//! Every call of the client, against fakejira over real HTTP.

use crate::common;

use futures_util::TryStreamExt as _;
use jira::{ErrorKind, SearchOptions, Value};
use serde_json::json;

fn keys(issues: &[Value]) -> Vec<String> {
    issues
        .iter()
        .map(|issue| issue["key"].as_str().expect("issues have keys").to_owned())
        .collect()
}

async fn first_project_key(client: &jira::Client) -> String {
    common::call(client, "projects", vec![])
        .await
        .expect("projects")[0]["key"]
        .as_str()
        .expect("a key")
        .to_owned()
}

#[tokio::test]
async fn server_info_and_myself() {
    let server = common::start(3).await;
    let client = common::oauth_client(&server).await;
    let info = common::call(&client, "server_info", vec![])
        .await
        .expect("serverInfo");
    assert_eq!(info["deploymentType"], "Server");
    assert!(
        info["version"]
            .as_str()
            .is_some_and(|v| v.starts_with("10.3.")),
        "{info}"
    );
    let me = common::call(&client, "myself", vec![])
        .await
        .expect("myself");
    assert_eq!(me["name"], common::USER);
}

#[tokio::test]
async fn issue_with_fields_and_a_missing_issue() {
    let server = common::start(5).await;
    let client = common::pat_client(&server);
    let first = client
        .search("ORDER BY key", 0, 1, &SearchOptions::default())
        .await
        .expect("search");
    let key = first.issues[0]["key"].as_str().expect("a key").to_owned();

    let issue = common::call(
        &client,
        "issue",
        vec![json!(key), json!({ "fields": ["summary"] })],
    )
    .await
    .expect("the issue");
    assert_eq!(issue["key"], key.as_str());
    assert!(issue["fields"]["summary"].is_string(), "{issue}");
    assert!(
        issue["fields"].get("status").is_none(),
        "only the asked fields: {issue}"
    );

    let error = common::call(&client, "issue", vec![json!("NOPE-999")])
        .await
        .expect_err("no such issue");
    assert_eq!(error.kind(), ErrorKind::Status);
    assert_eq!(error.status(), Some(404));
    assert!(
        !error.messages().is_empty(),
        "Jira's errorMessages are extracted"
    );
}

#[tokio::test]
async fn create_update_comment_transition_assign_delete() {
    let server = common::start(2).await;
    let client = common::pat_client(&server);
    let project = first_project_key(&client).await;

    let created = common::call(
        &client,
        "create_issue",
        vec![json!({
            "project": project,
            "issuetype": "task",
            "summary": "Created by the jira crate's tests",
        })],
    )
    .await
    .expect("created");
    let key = created["key"].as_str().expect("a key").to_owned();
    assert!(key.starts_with(&project), "{key}");
    assert_eq!(
        created["fields"]["summary"],
        "Created by the jira crate's tests"
    );

    let error = common::call(
        &client,
        "create_issue",
        vec![json!({ "project": project, "issuetype": "Unicorn", "summary": "x" })],
    )
    .await
    .expect_err("no such type");
    assert_eq!(error.kind(), ErrorKind::Invalid);
    assert!(
        error.to_string().contains("no issue type `Unicorn`"),
        "{error}"
    );

    common::call(
        &client,
        "update_issue",
        vec![json!(key), json!({ "summary": "Renamed" })],
    )
    .await
    .expect("updated");
    assert_eq!(
        common::call(&client, "issue", vec![json!(key)])
            .await
            .expect("fetched")["fields"]["summary"],
        "Renamed"
    );

    let comment = common::call(&client, "add_comment", vec![json!(key), json!("first!")])
        .await
        .expect("commented");
    assert_eq!(comment["body"], "first!");
    common::call(&client, "add_comment", vec![json!(key), json!("second")])
        .await
        .expect("commented");
    let comments = common::call(&client, "comments", vec![json!(key)])
        .await
        .expect("comments");
    let bodies: Vec<&str> = comments
        .as_array()
        .expect("an array of comments")
        .iter()
        .filter_map(|c| c["body"].as_str())
        .collect();
    assert_eq!(bodies, ["first!", "second"]);

    let transitions = common::call(&client, "transitions", vec![json!(key)])
        .await
        .expect("transitions");
    assert!(
        !transitions
            .as_array()
            .expect("an array of transitions")
            .is_empty()
    );
    let target = transitions[0]["to"]["name"]
        .as_str()
        .expect("a target status")
        .to_owned();
    let by_name = transitions[0]["name"]
        .as_str()
        .expect("a name")
        .to_ascii_uppercase();
    common::call(
        &client,
        "transition_issue",
        vec![
            json!(key),
            json!(by_name),
            json!({ "comment": "moving on" }),
        ],
    )
    .await
    .expect("transitioned by name, any case");
    let moved = common::call(&client, "issue", vec![json!(key)])
        .await
        .expect("fetched");
    assert_eq!(moved["fields"]["status"]["name"], target.as_str());

    let error = common::call(
        &client,
        "transition_issue",
        vec![json!(key), json!("Teleport")],
    )
    .await
    .expect_err("no such transition");
    assert!(
        error
            .to_string()
            .contains("no transition `Teleport`; available:"),
        "{error}"
    );

    let next = common::call(&client, "transitions", vec![json!(key)])
        .await
        .expect("transitions");
    let id = next[0]["id"].as_str().expect("an id").to_owned();
    common::call(&client, "transition_issue", vec![json!(key), json!(id)])
        .await
        .expect("transitioned by id");

    common::call(
        &client,
        "assign_issue",
        vec![json!(key), json!(common::USER)],
    )
    .await
    .expect("assigned");
    let assigned = common::call(&client, "issue", vec![json!(key)])
        .await
        .expect("fetched");
    assert_eq!(assigned["fields"]["assignee"]["name"], common::USER);

    common::call(
        &client,
        "delete_issue",
        vec![json!(key), json!({ "delete_subtasks": false })],
    )
    .await
    .expect("deleted");
    let error = common::call(&client, "issue", vec![json!(key)])
        .await
        .expect_err("gone");
    assert_eq!(error.status(), Some(404));
}

#[tokio::test]
async fn bulk_create() {
    let server = common::start(0).await;
    let client = common::pat_client(&server);
    let project = first_project_key(&client).await;
    let answer = common::call(
        &client,
        "create_issues",
        vec![json!([
            { "project": project, "issuetype": "Bug", "summary": "one" },
            { "project": { "key": project }, "issuetype": { "name": "Task" }, "summary": "two" },
        ])],
    )
    .await
    .expect("bulk created");
    assert_eq!(
        answer["issues"].as_array().map(Vec::len),
        Some(2),
        "{answer}"
    );
}

#[tokio::test]
async fn projects_fields_users_and_roles() {
    let server = common::start(4).await;
    let client = common::pat_client(&server);
    let projects = common::call(&client, "projects", vec![])
        .await
        .expect("projects");
    let projects = projects.as_array().expect("an array of projects");
    assert_eq!(projects.len(), 2);
    let key = projects[0]["key"].as_str().expect("a key");
    assert_eq!(
        common::call(&client, "project", vec![json!(key)])
            .await
            .expect("project")["key"],
        key
    );
    let fields = common::call(&client, "fields", vec![])
        .await
        .expect("fields");
    assert!(
        fields
            .as_array()
            .expect("an array of fields")
            .iter()
            .any(|f| f["id"] == "summary"),
        "summary is a field"
    );
    let users = common::call(&client, "search_users", vec![json!("ali")])
        .await
        .expect("users");
    assert!(
        users
            .as_array()
            .expect("an array of users")
            .iter()
            .any(|u| u["name"] == common::USER),
        "{users:?}"
    );
    let roles = common::call(&client, "application_roles", vec![])
        .await
        .expect("roles");
    assert!(
        roles
            .as_array()
            .expect("an array of roles")
            .iter()
            .all(|r| r["numberOfSeats"].is_number() && r["remainingSeats"].is_number())
    );
}

#[tokio::test]
async fn generic_calls_resolve_relative_and_absolute_paths() {
    let server = common::start(1).await;
    let client = common::pat_client(&server);
    let relative = client.get("myself", &[]).await.expect("relative");
    let absolute = client
        .get("/rest/api/2/myself", &[])
        .await
        .expect("absolute");
    assert_eq!(relative, absolute);
    let full = client
        .get(
            server
                .url()
                .join("rest/api/2/myself")
                .expect("valid")
                .as_str(),
            &[],
        )
        .await
        .expect("full URL on the same server");
    assert_eq!(full, relative);
    let error = client
        .get("https://elsewhere.example/rest/api/2/myself", &[])
        .await
        .expect_err("other host");
    assert_eq!(error.kind(), ErrorKind::Config);
    let error = client.get("no/such/resource", &[]).await.expect_err("404");
    assert_eq!(error.status(), Some(404));
}

#[tokio::test]
async fn get_all_follows_paging_of_any_resource() {
    let server = common::start(30).await;
    let client = common::pat_client(&server);
    let all = common::call(
        &client,
        "get",
        vec![
            json!("search"),
            json!({ "jql": "ORDER BY key", "maxResults": "7", "fields": "summary" }),
        ],
    )
    .await
    .expect("all pages");
    assert_eq!(all["issues"].as_array().map(Vec::len), Some(30));
    assert_eq!(all["isLast"], true);
}

#[tokio::test]
async fn search_pages_in_order_despite_a_server_cap() {
    let server = common::builder()
        .issues(250)
        .projects(2)
        .search_cap(40)
        .start()
        .await
        .expect("starts");
    let client = common::pat_client(&server);
    let options = SearchOptions {
        page_size: 100,
        fields: Some(vec!["summary".to_owned()]),
        ..SearchOptions::default()
    };
    let concurrent: Vec<Value> = client
        .search_all("ORDER BY key", options.clone())
        .try_collect()
        .await
        .expect("all");
    assert_eq!(concurrent.len(), 250);
    let sequential_client = jira::Client::builder(server.url().as_str())
        .auth(jira::Auth::bearer(common::PAT))
        .page_concurrency(1)
        .build()
        .expect("builds");
    let sequential: Vec<Value> = sequential_client
        .search_all("ORDER BY key", options)
        .try_collect()
        .await
        .expect("all");
    assert_eq!(keys(&concurrent), keys(&sequential));
}

/// A client that fetches one page at a time, so that a test knows which pages were asked for
/// before it changes the data: page `n + 1` is launched when page `n` is taken, page `n + 2`
/// only after that.
fn one_page_at_a_time(server: &fakejira::Running) -> jira::Client {
    jira::Client::builder(server.url().as_str())
        .auth(jira::Auth::bearer(common::PAT))
        .page_concurrency(1)
        .build()
        .expect("builds")
}

#[tokio::test]
async fn an_export_whose_result_shrinks_midway_ends_with_an_error_not_a_short_list() {
    let server = common::start(30).await;
    let client = one_page_at_a_time(&server);
    let options = SearchOptions {
        page_size: 10,
        ..SearchOptions::default()
    };
    let mut pages = client.search_pages("ORDER BY key", options);
    let first = pages
        .try_next()
        .await
        .expect("a page")
        .expect("the first page");
    assert_eq!((first.issues.len(), first.total), (10, Some(30)));
    let removed = first.issues[0]["key"].as_str().expect("a key").to_owned();
    common::call(
        &client,
        "delete_issue",
        vec![json!(removed), json!({ "delete_subtasks": false })],
    )
    .await
    .expect("deleted");
    let mut yielded = first.issues.len();
    let error = loop {
        match pages.try_next().await {
            Ok(Some(page)) => yielded += page.issues.len(),
            Ok(None) => panic!("the export ended without a word after {yielded} of 30 issues"),
            Err(error) => break error,
        }
    };
    assert_eq!(error.kind(), ErrorKind::Changed, "{error}");
    let message = error.to_string();
    assert!(
        message.contains("matched 30 issues when the export began but 29"),
        "{message}"
    );
    assert!(message.contains("run it again"), "{message}");
}

#[tokio::test]
async fn an_export_whose_result_grows_midway_still_returns_every_issue_it_began_with() {
    let server = common::start(30).await;
    let client = one_page_at_a_time(&server);
    let project = first_project_key(&client).await;
    let options = SearchOptions {
        page_size: 10,
        fields: Some(vec!["summary".to_owned()]),
        ..SearchOptions::default()
    };
    let before: Vec<Value> = client
        .search_all("ORDER BY key DESC", options.clone())
        .try_collect()
        .await
        .expect("all");
    let mut pages = client.search_pages("ORDER BY key DESC", options);
    let mut yielded = pages
        .try_next()
        .await
        .expect("a page")
        .expect("the first page")
        .issues;
    // New issues sort first, pushing every later issue past the total the first page told.
    for number in 0..3 {
        common::call(
            &client,
            "create_issue",
            vec![json!({
                "project": project, "issuetype": "task", "summary": format!("new {number}"),
            })],
        )
        .await
        .expect("created");
    }
    while let Some(page) = pages.try_next().await.expect("pages") {
        yielded.extend(page.issues);
    }
    let yielded = keys(&yielded);
    let unique: std::collections::HashSet<&String> = yielded.iter().collect();
    assert_eq!(unique.len(), yielded.len(), "no issue twice: {yielded:?}");
    for key in keys(&before) {
        assert!(yielded.contains(&key), "{key} was lost: {yielded:?}");
    }
}

/// The page sizes of the searches fakejira has seen since `from` (an index in its log).
fn searched_page_sizes(server: &fakejira::Running, from: usize) -> Vec<String> {
    server.access_log()[from..]
        .iter()
        .filter(|entry| entry.path.ends_with("/search"))
        .filter_map(|entry| {
            let query = entry.query.as_deref()?;
            let size = query
                .split('&')
                .find_map(|pair| pair.strip_prefix("maxResults="));
            size.map(str::to_owned)
        })
        .collect()
}

#[tokio::test]
async fn an_oauth_search_signs_one_request_per_thousand_issues_unless_told_otherwise() {
    let server = common::start(2500).await;
    let client = common::oauth_client(&server).await;
    let from = server.access_log().len();
    let issues = client
        .call(
            "search_issues",
            vec![json!("ORDER BY key"), json!({"fields": ["summary"]})],
        )
        .await
        .expect("searched")
        .into_json()
        .expect("JSON");
    assert_eq!(issues.as_array().map(Vec::len), Some(2500));
    let sizes = searched_page_sizes(&server, from);
    assert_eq!(sizes, ["1000", "1000", "500"], "pages of 1,000: {sizes:?}");

    let from = server.access_log().len();
    client
        .call(
            "search_issues",
            vec![
                json!("ORDER BY key"),
                json!({"fields": ["summary"], "page_size": 500}),
            ],
        )
        .await
        .expect("searched");
    assert_eq!(
        searched_page_sizes(&server, from).len(),
        5,
        "the size asked for wins"
    );

    let pat = common::pat_client(&server);
    let from = server.access_log().len();
    pat.call(
        "search_issues",
        vec![json!("ORDER BY key"), json!({"fields": ["summary"]})],
    )
    .await
    .expect("searched");
    assert_eq!(
        searched_page_sizes(&server, from).len(),
        25,
        "other credentials: 100"
    );
}

#[tokio::test]
async fn search_limit_and_startat_beyond_total() {
    let server = common::start(20).await;
    let client = common::pat_client(&server);
    let options = SearchOptions {
        limit: Some(13),
        page_size: 5,
        ..SearchOptions::default()
    };
    let limited: Vec<Value> = client
        .search_all("", options)
        .try_collect()
        .await
        .expect("limited");
    assert_eq!(limited.len(), 13);
    let beyond = client
        .search("", 500, 10, &SearchOptions::default())
        .await
        .expect("a page");
    assert!(beyond.issues.is_empty());
    assert_eq!(beyond.total, Some(20));
}

#[tokio::test]
async fn bad_jql_shows_jiras_message() {
    let server = common::start(1).await;
    let client = common::pat_client(&server);
    let error = client
        .search("summary ~ nonsense", 0, 10, &SearchOptions::default())
        .await
        .expect_err("unsupported JQL");
    assert_eq!(error.status(), Some(400));
    assert!(!error.messages().is_empty(), "{error}");
}

#[tokio::test]
async fn ten_thousand_issues_concurrently_in_order() {
    let server = common::start(10_000).await;
    let client = common::pat_client(&server);
    let options = SearchOptions {
        fields: Some(vec!["summary".to_owned()]),
        ..SearchOptions::default()
    };
    let issues: Vec<Value> = client
        .search_all("ORDER BY key", options)
        .try_collect()
        .await
        .expect("all");
    let keys = keys(&issues);
    assert_eq!(keys.len(), 10_000);
    let unique: std::collections::HashSet<&String> = keys.iter().collect();
    assert_eq!(unique.len(), 10_000, "no duplicates");
    let parsed: Vec<(String, u64)> = keys
        .iter()
        .map(|key| {
            let (project, number) = key.rsplit_once('-').expect("KEY-N");
            (project.to_owned(), number.parse().expect("a number"))
        })
        .collect();
    assert!(
        parsed.windows(2).all(|pair| pair[0] < pair[1]),
        "keys come in order"
    );
}

#[tokio::test]
async fn cloud_search_follows_next_page_tokens() {
    let server = common::builder()
        .issues(45)
        .deployment_type(fakejira::DeploymentType::Cloud)
        .start()
        .await
        .expect("starts");
    let client = jira::Client::builder(server.url().as_str())
        .auth(jira::Auth::basic(common::USER, common::PASSWORD))
        .build()
        .expect("builds");
    let options = SearchOptions {
        page_size: 10,
        ..SearchOptions::default()
    };
    let issues: Vec<Value> = client
        .search_all("ORDER BY key", options)
        .try_collect()
        .await
        .expect("all");
    assert_eq!(issues.len(), 45);
    assert!(
        server
            .access_log()
            .iter()
            .any(|entry| entry.path.ends_with("/search/jql"))
    );
}

#[tokio::test]
async fn a_context_path_is_kept() {
    let server = common::builder()
        .issues(1)
        .context_path("/jira")
        .start()
        .await
        .expect("starts");
    assert!(server.url().path().starts_with("/jira"));
    let client = common::oauth_client(&server).await;
    assert_eq!(
        common::call(&client, "myself", vec![])
            .await
            .expect("myself")["name"],
        common::USER
    );
}
