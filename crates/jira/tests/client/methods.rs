//! The method table against fakejira over HTTP: each area's methods called by name, as a
//! script calls them, with what Jira answers checked.

use crate::common;

use jira::methods::Answer;
use serde_json::{Value, json};

async fn server() -> fakejira::Running {
    server_of(fakejira::JiraVersion::DEFAULT).await
}

/// Data Center 8.20: the release that still has every Data Center route fakejira serves
/// (`issue/createmeta` went with 9.0, `GET group` and `DELETE version/{id}` with 10.0).
const JIRA_8: fakejira::JiraVersion = fakejira::JiraVersion::new(8, 20, 30);

async fn server_of(version: fakejira::JiraVersion) -> fakejira::Running {
    common::builder()
        .user("bob", "bob-password")
        .issues(12)
        .projects(2)
        .jira_version(version)
        .start()
        .await
        .expect("fakejira starts")
}

/// Calls `name` and returns its JSON answer; panics with the error otherwise.
async fn call(client: &jira::Client, name: &str, args: Vec<Value>) -> Value {
    common::call(client, name, args)
        .await
        .unwrap_or_else(|error| panic!("jira.{name} failed: {error}"))
}

/// Calls `name` and returns its error; panics if it succeeded.
async fn refused(client: &jira::Client, name: &str, args: Vec<Value>) -> jira::Error {
    match common::call(client, name, args).await {
        Ok(answer) => panic!("jira.{name} succeeded: {answer}"),
        Err(error) => error,
    }
}

fn names(items: &Value, key: &str) -> Vec<String> {
    items
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|item| item.get(key).and_then(Value::as_str).map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn issues_are_created_and_edited_with_fields_by_name() {
    let jira = server().await;
    let client = common::pat_client(&jira);
    let created = call(
        &client,
        "create_issue",
        vec![
            json!({"project": "ABC", "issuetype": "bug", "summary": "By name", "Story Points": 3}),
        ],
    )
    .await;
    let key = created["key"].as_str().expect("a key").to_owned();
    assert_eq!(created["fields"]["customfield_10002"].as_f64(), Some(3.0));
    call(
        &client,
        "update_issue",
        vec![
            json!(key),
            json!({"story points": 5, "summary": "Renamed"}),
            json!({"update": {"labels": [{"add": "triaged"}]}}),
        ],
    )
    .await;
    let issue = call(
        &client,
        "issue",
        vec![
            json!(key),
            json!({"fields": ["summary", "labels", "customfield_10002"]}),
        ],
    )
    .await;
    assert_eq!(issue["fields"]["summary"], "Renamed");
    assert_eq!(issue["fields"]["labels"], json!(["triaged"]));
    assert_eq!(issue["fields"]["customfield_10002"].as_f64(), Some(5.0));
    assert!(
        issue["fields"].get("status").is_none(),
        "only the fields asked for"
    );
    let history = call(&client, "changelog", vec![json!(key)]).await;
    let changed: Vec<&str> = history
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|entry| entry["items"].as_array().into_iter().flatten())
        .filter_map(|item| item["field"].as_str())
        .collect();
    assert!(changed.contains(&"summary"), "{history}");
    let editable = call(&client, "editmeta", vec![json!(key)]).await;
    assert!(editable["fields"].get("summary").is_some(), "{editable}");
    call(&client, "delete_issue", vec![json!(key)]).await;
    let gone = refused(&client, "issue", vec![json!(key)]).await;
    assert_eq!(gone.status(), Some(404));
}

#[tokio::test]
async fn ambiguous_and_unknown_field_names_list_the_candidates() {
    let jira = server().await;
    let client = common::pat_client(&jira);
    let fields = json!({"project": "ABC", "issuetype": "Task", "summary": "x", "Team": "a"});
    let error = refused(&client, "create_issue", vec![fields]).await;
    let message = error.to_string();
    assert!(message.contains("jira.create_issue"), "{message}");
    assert!(
        message.contains("customfield_10200") && message.contains("customfield_10201"),
        "{message}"
    );
    let fields = json!({"project": "ABC", "issuetype": "Task", "summary": "x", "Story Pointz": 1});
    let message = refused(&client, "create_issue", vec![fields])
        .await
        .to_string();
    assert!(
        message.contains("Story Points (customfield_10002)"),
        "{message}"
    );
}

#[tokio::test]
async fn comments_and_worklogs_are_added_changed_listed_and_deleted() {
    let jira = server().await;
    let client = common::pat_client(&jira);
    for n in 0..3 {
        call(
            &client,
            "add_comment",
            vec![json!("ABC-1"), json!(format!("note {n}"))],
        )
        .await;
    }
    let restricted = call(
        &client,
        "add_comment",
        vec![
            json!("ABC-1"),
            json!("admins only"),
            json!({"visibility": {"type": "group", "value": "jira-administrators"}}),
        ],
    )
    .await;
    assert_eq!(restricted["visibility"]["value"], "jira-administrators");
    let id = restricted["id"].as_str().expect("an id").to_owned();
    call(
        &client,
        "update_comment",
        vec![json!("ABC-1"), json!(id), json!("edited")],
    )
    .await;
    assert_eq!(
        call(&client, "comment", vec![json!("ABC-1"), json!(id)]).await["body"],
        "edited"
    );
    let all = call(&client, "comments", vec![json!("ABC-1")]).await;
    assert!(
        names(&all, "body").ends_with(&["note 2".to_owned(), "edited".to_owned()]),
        "{all}"
    );
    let newest_first = call(
        &client,
        "comments",
        vec![
            json!("ABC-1"),
            json!({"order_by": "-created", "max_results": 1}),
        ],
    )
    .await;
    assert_eq!(names(&newest_first, "body"), ["edited"]);
    call(&client, "delete_comment", vec![json!("ABC-1"), json!(id)]).await;

    let logged = call(
        &client,
        "add_worklog",
        vec![
            json!("ABC-1"),
            json!("1h 30m"),
            json!({"comment": "pairing", "adjustEstimate": "leave"}),
        ],
    )
    .await;
    assert_eq!(logged["timeSpentSeconds"], json!(5400));
    let worklog = logged["id"].as_str().expect("an id").to_owned();
    call(
        &client,
        "update_worklog",
        vec![json!("ABC-1"), json!(worklog), json!({"timeSpent": "2h"})],
    )
    .await;
    let worklogs = call(&client, "worklogs", vec![json!("ABC-1")]).await;
    assert_eq!(worklogs[0]["timeSpentSeconds"], json!(7200), "{worklogs}");
    call(
        &client,
        "delete_worklog",
        vec![json!("ABC-1"), json!(worklog)],
    )
    .await;
    assert_eq!(
        call(&client, "worklogs", vec![json!("ABC-1")]).await,
        json!([])
    );
    let error = refused(
        &client,
        "add_worklog",
        vec![
            json!("ABC-1"),
            json!("1h"),
            json!({"adjustEstimate": "new"}),
        ],
    )
    .await;
    assert_eq!(
        error.status(),
        Some(400),
        "newEstimate is required: {error}"
    );
}

#[tokio::test]
async fn attachments_stream_up_and_down_unchanged() {
    let jira = server().await;
    let client = common::pat_client(&jira);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let source = dir.path().join("report.bin");
    let content: Vec<u8> = (0..3_000_000u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&source, &content).expect("written");
    let uploaded = call(
        &client,
        "add_attachment",
        vec![
            json!("ABC-2"),
            json!(source.to_string_lossy()),
            json!({"filename": "q3 report.bin"}),
        ],
    )
    .await;
    assert_eq!(uploaded[0]["filename"], "q3 report.bin");
    assert_eq!(uploaded[0]["size"], json!(content.len()));
    let id = uploaded[0]["id"].as_str().expect("an id").to_owned();
    let Answer::Bytes(bytes) = client
        .call("attachment_content", vec![json!(id)])
        .await
        .expect("the content")
    else {
        panic!("attachment_content answers bytes");
    };
    assert!(
        bytes.as_ref() == content.as_slice(),
        "the same bytes come back"
    );
    let copy = dir.path().join("copy.bin");
    let saved = call(
        &client,
        "download_attachment",
        vec![json!(id), json!(copy.to_string_lossy())],
    )
    .await;
    assert_eq!(saved["size"], json!(content.len()));
    assert!(std::fs::read(&copy).expect("saved") == content);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("listed")
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(".part"))
        .collect();
    assert!(leftovers.is_empty(), "no partial file is left");
    call(&client, "delete_attachment", vec![json!(id)]).await;
    let missing = refused(
        &client,
        "add_attachment",
        vec![json!("ABC-2"), json!("/no/such/file")],
    )
    .await;
    assert_eq!(missing.kind(), jira::ErrorKind::File, "{missing}");
}

#[tokio::test]
async fn an_upload_without_the_xsrf_header_is_refused_like_jira_does() {
    let jira = server().await;
    let client = common::pat_client(&jira);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let source = dir.path().join("a.txt");
    std::fs::write(&source, "hello").expect("written");
    let mut request =
        jira::ApiRequest::new(jira::Method::POST, "issue/ABC-1/attachments").file(&source, "a.txt");
    request = jira::ApiRequest::new(request.method().clone(), request.path()).json(json!({}));
    let error = client
        .send_json(&request)
        .await
        .expect_err("no XSRF token, no upload");
    assert_eq!(error.status(), Some(403), "{error}");
}

#[tokio::test]
async fn links_watchers_and_votes() {
    let jira = server().await;
    let client = common::pat_client(&jira);
    let types = call(&client, "issue_link_types", vec![]).await;
    assert!(
        names(&types, "name").contains(&"Blocks".to_owned()),
        "{types}"
    );
    call(
        &client,
        "create_issue_link",
        vec![json!("Blocks"), json!("ABC-1"), json!("ABC-2")],
    )
    .await;
    let issue = call(
        &client,
        "issue",
        vec![json!("ABC-1"), json!({"fields": "issuelinks"})],
    )
    .await;
    let link = issue["fields"]["issuelinks"][0]["id"]
        .as_str()
        .expect("a link")
        .to_owned();
    call(&client, "delete_issue_link", vec![json!(link)]).await;

    let destination = json!({"url": "https://ci.example.com/build/7", "title": "Build 7"});
    call(
        &client,
        "add_remote_link",
        vec![json!("ABC-1"), destination, json!({"globalId": "build-7"})],
    )
    .await;
    assert_eq!(
        names(
            &call(&client, "remote_links", vec![json!("ABC-1")])
                .await
                .as_array()
                .map(|links| Value::Array(
                    links.iter().map(|link| link["object"].clone()).collect()
                ))
                .unwrap_or_default(),
            "title"
        ),
        ["Build 7"]
    );
    call(
        &client,
        "delete_remote_link",
        vec![json!("ABC-1"), json!({"global_id": "build-7"})],
    )
    .await;
    assert_eq!(
        call(&client, "remote_links", vec![json!("ABC-1")]).await,
        json!([])
    );

    call(&client, "add_watcher", vec![json!("ABC-1"), json!("bob")]).await;
    let watching = call(&client, "watchers", vec![json!("ABC-1")]).await;
    assert!(
        names(&watching["watchers"], "name").contains(&"bob".to_owned()),
        "{watching}"
    );
    call(
        &client,
        "remove_watcher",
        vec![json!("ABC-1"), json!("bob")],
    )
    .await;
    let watching = call(&client, "watchers", vec![json!("ABC-1")]).await;
    assert!(
        !names(&watching["watchers"], "name").contains(&"bob".to_owned()),
        "{watching}"
    );

    // OPS-1 (the second issue) was reported by bob, so alice may vote for it.
    call(&client, "add_vote", vec![json!("OPS-1")]).await;
    assert_eq!(
        call(&client, "votes", vec![json!("OPS-1")]).await["hasVoted"],
        json!(true)
    );
    call(&client, "remove_vote", vec![json!("OPS-1")]).await;
    assert_eq!(
        call(&client, "votes", vec![json!("OPS-1")]).await["hasVoted"],
        json!(false)
    );
}

#[tokio::test]
async fn users_and_groups_are_administered() {
    let jira = server().await;
    let client = common::pat_client(&jira);
    assert_eq!(
        call(&client, "user", vec![json!("bob")]).await["name"],
        "bob"
    );
    assert!(
        names(
            &call(&client, "search_users", vec![json!("b")]).await,
            "name"
        )
        .contains(&"bob".to_owned())
    );
    call(
        &client,
        "add_user",
        vec![
            json!("carol"),
            json!("carol@example.com"),
            json!({"fullname": "Carol C", "password": "pw"}),
        ],
    )
    .await;
    call(&client, "add_group", vec![json!("release-managers")]).await;
    call(
        &client,
        "add_user_to_group",
        vec![json!("carol"), json!("release-managers")],
    )
    .await;
    let members = call(&client, "group_members", vec![json!("release-managers")]).await;
    assert_eq!(names(&members, "name"), ["carol"]);
    assert!(
        names(
            &call(&client, "groups", vec![json!({"query": "release"})]).await,
            "name"
        )
        .contains(&"release-managers".to_owned())
    );
    call(
        &client,
        "remove_user_from_group",
        vec![json!("carol"), json!("release-managers")],
    )
    .await;
    assert_eq!(
        call(&client, "group_members", vec![json!("release-managers")]).await,
        json!([])
    );
    call(&client, "deactivate_user", vec![json!("carol")]).await;
    assert_eq!(
        call(&client, "user", vec![json!("carol")]).await["active"],
        json!(false)
    );
    call(&client, "remove_group", vec![json!("release-managers")]).await;
}

#[tokio::test]
async fn administration_is_refused_to_users_who_are_not_administrators() {
    let jira = server().await;
    let bob = common::client_builder(&jira)
        .auth(jira::Auth::basic("bob", "bob-password"))
        .build()
        .expect("the client builds");
    let error = refused(&bob, "add_group", vec![json!("nope")]).await;
    assert_eq!(error.status(), Some(403), "{error}");
    assert!(error.is_auth());
}

#[tokio::test]
async fn projects_components_versions_and_roles() {
    // `delete_version` sends `DELETE version/{id}`, which 10.3 no longer has.
    let jira = server_of(JIRA_8).await;
    let client = common::pat_client(&jira);
    let component = call(
        &client,
        "create_component",
        vec![
            json!("Billing API"),
            json!("ABC"),
            json!({"description": "APIs"}),
        ],
    )
    .await;
    let component_id = component["id"].as_str().expect("an id").to_owned();
    assert!(
        names(
            &call(&client, "project_components", vec![json!("ABC")]).await,
            "name"
        )
        .contains(&"Billing API".to_owned())
    );
    assert_eq!(
        call(
            &client,
            "component_count_related_issues",
            vec![json!(component_id)]
        )
        .await,
        json!(0)
    );
    call(&client, "delete_component", vec![json!(component_id)]).await;

    let version = call(
        &client,
        "create_version",
        vec![
            json!("7.0"),
            json!("ABC"),
            json!({"releaseDate": "2030-01-31"}),
        ],
    )
    .await;
    let version_id = version["id"].as_str().expect("an id").to_owned();
    call(&client, "create_version", vec![json!("8.0"), json!("ABC")]).await;
    call(
        &client,
        "update_version",
        vec![json!(version_id), json!({"released": true})],
    )
    .await;
    assert_eq!(
        call(&client, "version", vec![json!(version_id)]).await["released"],
        json!(true)
    );
    call(
        &client,
        "rename_version",
        vec![json!("ABC"), json!("7.0"), json!("7.0.1")],
    )
    .await;
    let found = call(
        &client,
        "get_project_version_by_name",
        vec![json!("ABC"), json!("7.0.1")],
    )
    .await;
    assert_eq!(found["id"], json!(version_id));
    assert_eq!(
        call(
            &client,
            "get_project_version_by_name",
            vec![json!("ABC"), json!("9.9")]
        )
        .await,
        Value::Null
    );
    call(
        &client,
        "move_version",
        vec![json!(version_id), json!({"position": "Last"})],
    )
    .await;
    let order = names(
        &call(&client, "project_versions", vec![json!("ABC")]).await,
        "name",
    );
    assert_eq!(order.last().map(String::as_str), Some("7.0.1"), "{order:?}");
    assert!(order.contains(&"8.0".to_owned()), "{order:?}");
    call(&client, "delete_version", vec![json!(version_id)]).await;

    let roles = call(&client, "project_roles", vec![json!("ABC")]).await;
    let (_, url) = roles
        .as_object()
        .and_then(|roles| roles.iter().next())
        .expect("a role");
    let role_id = url
        .as_str()
        .and_then(|url| url.rsplit('/').next())
        .expect("an id")
        .to_owned();
    let role = call(
        &client,
        "add_user_to_project_role",
        vec![json!("ABC"), json!(role_id), json!(["bob"])],
    )
    .await;
    assert!(role["actors"].to_string().contains("bob"), "{role}");
}

#[tokio::test]
async fn metadata_filters_and_administration() {
    let jira = server().await;
    let client = common::pat_client(&jira);
    for (name, expected) in [
        ("issue_types", "Bug"),
        ("priorities", "Highest"),
        ("statuses", "In Progress"),
        ("resolutions", "Done"),
    ] {
        let list = call(&client, name, vec![]).await;
        assert!(
            names(&list, "name").contains(&expected.to_owned()),
            "{name}: {list}"
        );
    }
    assert_eq!(
        call(&client, "issue_type_by_name", vec![json!("bug")]).await["name"],
        "Bug"
    );
    let permissions = call(
        &client,
        "my_permissions",
        vec![json!({"permissions": "BROWSE_PROJECTS"})],
    )
    .await;
    assert_eq!(
        permissions["permissions"]["BROWSE_PROJECTS"]["havePermission"],
        json!(true)
    );
    let filter = call(
        &client,
        "create_filter",
        vec![json!({"name": "Mine", "jql": "project = ABC", "favourite": true})],
    )
    .await;
    let filter_id = filter["id"].as_str().expect("an id").to_owned();
    call(
        &client,
        "update_filter",
        vec![json!(filter_id), json!({"jql": "project = OPS"})],
    )
    .await;
    assert_eq!(
        call(&client, "filter", vec![json!(filter_id)]).await["jql"],
        "project = OPS"
    );
    assert!(
        names(&call(&client, "favourite_filters", vec![]).await, "name")
            .contains(&"Mine".to_owned())
    );
    call(&client, "delete_filter", vec![json!(filter_id)]).await;
    let properties = call(&client, "application_properties", vec![]).await;
    let key = properties[0]["id"].as_str().expect("a property").to_owned();
    call(
        &client,
        "set_application_property",
        vec![json!(key), json!("changed")],
    )
    .await;
    let one = call(&client, "application_properties", vec![json!({"key": key})]).await;
    assert!(one.to_string().contains("changed"), "{one}");
    assert_eq!(call(&client, "current_user", vec![]).await, json!("alice"));
}

#[tokio::test]
async fn the_raw_request_pages_sends_headers_and_returns_any_body() {
    let jira = server().await;
    let client = common::pat_client(&jira);
    let Answer::Raw(raw) = client
        .call(
            "request",
            vec![
                json!("get"),
                json!("serverInfo"),
                json!({"raw": true, "headers": {"X-Trace": "1"}}),
            ],
        )
        .await
        .expect("an answer")
    else {
        panic!("raw: true answers the whole response");
    };
    assert_eq!(raw.status, 200);
    assert!(
        raw.header("content-type")
            .is_some_and(|kind| kind.contains("json"))
    );
    let all = call(
        &client,
        "get",
        vec![
            json!("search"),
            json!({"jql": "ORDER BY key", "maxResults": 5}),
        ],
    )
    .await;
    assert_eq!(
        all["issues"].as_array().map(Vec::len),
        Some(12),
        "every page is followed"
    );
    let one_page = call(
        &client,
        "get",
        vec![
            json!("search"),
            json!({"jql": "ORDER BY key", "maxResults": 5}),
            json!({"paged": false}),
        ],
    )
    .await;
    assert_eq!(one_page["issues"].as_array().map(Vec::len), Some(5));
    let posted = call(
        &client,
        "post",
        vec![json!("issue/ABC-1/comment"), json!({"body": "raw"})],
    )
    .await;
    assert_eq!(posted["body"], "raw");
    let refused_header = refused(
        &client,
        "request",
        vec![
            json!("GET"),
            json!("myself"),
            json!({"headers": {"Authorization": "x"}}),
        ],
    )
    .await;
    assert!(
        refused_header.to_string().contains("own credentials"),
        "{refused_header}"
    );
}

#[tokio::test]
async fn bad_arguments_name_the_method_and_what_it_takes() {
    let jira = server().await;
    let client = common::pat_client(&jira);
    let message = refused(
        &client,
        "issue",
        vec![json!("ABC-1"), json!({"fieldz": "x"})],
    )
    .await
    .to_string();
    assert!(
        message.contains(
            "jira.issue: unknown option `fieldz`; the options are fields, expand, properties"
        ),
        "{message}"
    );
    let message = refused(&client, "add_comment", vec![json!("ABC-1")])
        .await
        .to_string();
    assert!(
        message.contains("jira.add_comment takes 2 arguments (issue, body)"),
        "{message}"
    );
    let message = refused(&client, "watchers", vec![json!(["ABC-1"])])
        .await
        .to_string();
    assert!(
        message.contains("jira.watchers: `issue` must be a string"),
        "{message}"
    );
    assert!(jira.request_count() <= 1, "nothing is sent for bad input");
}

#[tokio::test]
async fn boards_sprints_epics_backlog_and_rank() {
    let jira = common::builder()
        .issues(30)
        .projects(2)
        .agile()
        .start()
        .await
        .expect("fakejira starts");
    let client = common::pat_client(&jira);
    let boards = call(&client, "boards", vec![json!({"type": "scrum"})]).await;
    assert_eq!(names(&boards, "name"), ["ABC board"]);
    let board = boards[0]["id"].clone();
    let sprints = call(&client, "sprints", vec![board.clone()]).await;
    assert_eq!(sprints.as_array().map(Vec::len), Some(3), "{sprints}");
    let active = call(
        &client,
        "sprints",
        vec![board.clone(), json!({"state": "active"})],
    )
    .await;
    let sprint = active[0]["id"].clone();
    let by_name = call(&client, "sprints_by_name", vec![board.clone()]).await;
    assert_eq!(by_name.as_object().map(|sprints| sprints.len()), Some(3));
    let in_sprint = call(&client, "sprint_issues", vec![sprint.clone()]).await;
    let keys = names(&in_sprint, "key");
    assert_eq!(keys, ["ABC-3", "ABC-4", "ABC-5"]);
    call(&client, "move_to_backlog", vec![json!(["ABC-5"])]).await;
    let backlog = names(
        &call(&client, "backlog_issues", vec![board.clone()]).await,
        "key",
    );
    assert!(backlog.contains(&"ABC-5".to_owned()), "{backlog:?}");
    call(
        &client,
        "add_issues_to_sprint",
        vec![sprint.clone(), json!("ABC-5")],
    )
    .await;
    assert_eq!(
        names(
            &call(&client, "sprint_issues", vec![sprint.clone()]).await,
            "key"
        )
        .len(),
        3
    );
    let created = call(
        &client,
        "create_sprint",
        vec![json!("Sprint 4"), board.clone(), json!({"goal": "ship"})],
    )
    .await;
    assert_eq!(created["state"], "future");
    let started = call(
        &client,
        "update_sprint",
        vec![created["id"].clone(), json!({"state": "active", "startDate": "2030-01-01T09:00:00.000Z", "endDate": "2030-01-15T17:00:00.000Z"})],
    )
    .await;
    assert_eq!(started["state"], "active");
    let epics = call(&client, "epics", vec![board.clone()]).await;
    let epic = epics[0]["key"].as_str().expect("an epic").to_owned();
    call(
        &client,
        "add_issues_to_epic",
        vec![json!(epic), json!(["ABC-1"])],
    )
    .await;
    let issue = call(
        &client,
        "issue",
        vec![json!("ABC-1"), json!({"fields": "customfield_10100"})],
    )
    .await;
    assert_eq!(issue["fields"]["customfield_10100"], json!(epic));
    call(
        &client,
        "rank",
        vec![json!("ABC-5"), json!({"next_issue": "ABC-3"})],
    )
    .await;
    let error = refused(&client, "sprint", vec![json!(999)]).await;
    assert_eq!(error.status(), Some(404), "{error}");
}

#[tokio::test]
async fn service_desks_and_their_request_types() {
    let jira = common::builder()
        .issues(6)
        .projects(2)
        .service_desk()
        .start()
        .await
        .expect("fakejira starts");
    let client = common::pat_client(&jira);
    assert_eq!(
        call(&client, "supports_service_desk", vec![]).await,
        json!(true)
    );
    let desks = call(&client, "service_desks", vec![]).await;
    let desk = desks[0]["id"].clone();
    let types = call(&client, "request_types", vec![desk.clone()]).await;
    let first = types[0]["name"]
        .as_str()
        .expect("a request type")
        .to_owned();
    let found = call(
        &client,
        "request_type_by_name",
        vec![desk, json!(first.to_uppercase())],
    )
    .await;
    assert_eq!(found["name"], json!(first));
    let plain = common::builder()
        .issues(2)
        .start()
        .await
        .expect("fakejira starts");
    let without = common::pat_client(&plain);
    assert_eq!(
        call(&without, "supports_service_desk", vec![]).await,
        json!(false)
    );
}

/// A plausible value for a parameter of this kind: enough to reach the route, whatever the
/// answer.
fn sample(kind: jira::methods::spec::Kind) -> Value {
    use jira::methods::spec::Kind;
    match kind {
        Kind::Text | Kind::User | Kind::Any => json!("1"),
        Kind::Int => json!(1),
        Kind::Bool => json!(true),
        Kind::Map => json!({}),
        Kind::List => json!(["ABC-1"]),
    }
}

#[tokio::test]
async fn every_rest_entry_of_the_table_reaches_a_route_of_fakejira() {
    // 8.20 has every Data Center route, and its Jersey words a missing one `null for uri`.
    let jira = common::builder()
        .jira_version(JIRA_8)
        .issues(6)
        .projects(2)
        .agile()
        .service_desk()
        .start()
        .await
        .expect("fakejira starts");
    let client = common::pat_client(&jira);
    let mut unrouted = Vec::new();
    for spec in jira::methods::all() {
        if !matches!(spec.action, jira::methods::spec::Action::Rest(_)) {
            continue;
        }
        let args: Vec<Value> = spec.params.iter().map(|param| sample(param.kind)).collect();
        if let Err(error) = client.call(spec.name, args).await
            && error.to_string().contains("null for uri")
        {
            unrouted.push(format!("{}: {error}", spec.name));
        }
    }
    assert!(
        unrouted.is_empty(),
        "no route answers:\n{}",
        unrouted.join("\n")
    );
}
