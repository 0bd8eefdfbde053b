//! REST API 2 resources, authentication modes, paging and the admin API.

use crate::common;

use common::*;
use fakejira::{AuthKind, DeploymentType, FakeJira};
use oauth1::Consumer;
use serde_json::{Value, json};

async fn send_json(
    jira: &fakejira::Running,
    method: reqwest::Method,
    path: &str,
    body: &Value,
) -> (u16, Value) {
    let response = basic(client().request(method, api(jira, path)))
        .json(body)
        .send()
        .await
        .expect("answered");
    let status = response.status().as_u16();
    let text = response.text().await.expect("a body");
    let value = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).expect("JSON")
    };
    (status, value)
}

fn keys(search: &Value) -> Vec<String> {
    search["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .map(|issue| issue["key"].as_str().expect("a key").to_owned())
        .collect()
}

#[tokio::test]
async fn server_info_answers_anonymous_callers() {
    let jira = start(builder()).await;
    let response = client()
        .get(api(&jira, "serverInfo"))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 200);
    let info: Value = response.json().await.expect("JSON");
    assert_eq!(info["deploymentType"], "Server");
    assert_eq!(info["version"], "10.3.12");
    assert_eq!(info["versionNumbers"], json!([10, 3, 12]));
    assert_eq!(info["buildNumber"], 1_003_012);
    assert_eq!(info["baseUrl"], jira.url().as_str().trim_end_matches('/'));
    assert_eq!(info["serverTitle"], "Jira");
    assert_eq!(jira.access_log()[0].auth, AuthKind::Anonymous);
}

#[tokio::test]
async fn basic_pat_and_anonymous_authentication() {
    let jira = start(builder().pat("pat-123", USER)).await;
    let myself = api(&jira, "myself");

    let anonymous = client().get(myself.clone()).send().await.expect("answered");
    assert_eq!(anonymous.status(), 401);
    let body: Value = anonymous.json().await.expect("JSON");
    assert_eq!(
        body,
        json!({"errorMessages": ["You are not authenticated. Authentication required to perform this operation."], "errors": {}})
    );

    assert_eq!(get_json(&jira, "myself").await["name"], USER);
    let wrong = client()
        .get(myself.clone())
        .basic_auth(USER, Some("nope"))
        .send()
        .await
        .expect("answered");
    assert_eq!(wrong.status(), 401);
    assert_eq!(
        wrong.headers()["x-seraph-loginreason"],
        "AUTHENTICATED_FAILED"
    );
    let wrong_info = client()
        .get(api(&jira, "serverInfo"))
        .basic_auth(USER, Some("nope"))
        .send()
        .await
        .expect("answered");
    assert_eq!(wrong_info.status(), 401);

    let pat = client()
        .get(myself.clone())
        .bearer_auth("pat-123")
        .send()
        .await
        .expect("answered");
    assert_eq!(pat.status(), 200);
    let bad_pat = client()
        .get(myself.clone())
        .bearer_auth("pat-999")
        .send()
        .await
        .expect("answered");
    assert_eq!(bad_pat.status(), 401);

    jira.add_user("bob", "bob-pw");
    jira.add_pat("pat-bob", "bob");
    let bob: Value = client()
        .get(myself)
        .bearer_auth("pat-bob")
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("JSON");
    assert_eq!(bob["displayName"], "Bob Example");

    let kinds: Vec<AuthKind> = jira
        .access_log()
        .into_iter()
        .map(|entry| entry.auth)
        .collect();
    assert_eq!(
        kinds,
        [
            AuthKind::Anonymous,
            AuthKind::Basic {
                user: USER.to_owned()
            },
            AuthKind::Invalid,
            AuthKind::Invalid,
            AuthKind::Pat {
                user: USER.to_owned()
            },
            AuthKind::Invalid,
            AuthKind::Pat {
                user: "bob".to_owned()
            },
        ]
    );
    assert_eq!(jira.request_count(), 7);
}

#[tokio::test]
async fn search_pages_and_caps() {
    let jira = start(builder().issues(30).projects(3).search_cap(10)).await;
    let all = get_json(&jira, "search?maxResults=5").await;
    assert_eq!(all["total"], 30);
    assert_eq!(all["startAt"], 0);
    assert_eq!(all["maxResults"], 5);
    assert_eq!(keys(&all), ["ABC-1", "ABC-2", "ABC-3", "ABC-4", "ABC-5"]);

    let capped = get_json(&jira, "search?maxResults=100").await;
    assert_eq!(capped["maxResults"], 10, "the cap shows in maxResults");
    assert_eq!(keys(&capped).len(), 10);

    let last = get_json(&jira, "search?startAt=25&maxResults=10").await;
    assert_eq!(keys(&last).len(), 5);
    let beyond = get_json(&jira, "search?startAt=31").await;
    assert_eq!(beyond["total"], 30);
    assert_eq!(beyond["startAt"], 31);
    assert!(keys(&beyond).is_empty());

    let mut seen = Vec::new();
    let mut start_at = 0;
    loop {
        let page = get_json(&jira, &format!("search?startAt={start_at}&maxResults=50")).await;
        let page_keys = keys(&page);
        if page_keys.is_empty() {
            break;
        }
        start_at += page_keys.len();
        seen.extend(page_keys);
    }
    assert_eq!(seen.len(), 30);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 30, "no issue twice");
}

#[tokio::test]
async fn search_understands_the_jql_subset_and_fields() {
    let jira = start(builder().issues(12).projects(2)).await;
    let jql = |query: &str| format!("search?jql={}", oauth1::percent_encode(query));

    let ops = get_json(&jira, &jql("project = OPS ORDER BY key DESC")).await;
    assert_eq!(ops["total"], 6);
    assert_eq!(keys(&ops)[0], "OPS-6");

    let in_progress = get_json(&jira, &jql(r#"project = ABC AND status = "In Progress""#)).await;
    for issue in in_progress["issues"].as_array().expect("issues") {
        assert_eq!(issue["fields"]["status"]["name"], "In Progress");
        assert_eq!(issue["fields"]["project"]["key"], "ABC");
    }
    assert_eq!(in_progress["total"], 2);

    let one = get_json(
        &jira,
        &format!("{}&fields=summary,status", jql("key = OPS-2")),
    )
    .await;
    assert_eq!(keys(&one), ["OPS-2"]);
    let fields = one["issues"][0]["fields"].as_object().expect("fields");
    let mut names: Vec<&str> = fields.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(names, ["status", "summary"]);

    let newest = get_json(&jira, &jql("ORDER BY created DESC")).await;
    let created: Vec<&str> = newest["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .map(|issue| issue["fields"]["created"].as_str().expect("a date"))
        .collect();
    let mut sorted = created.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(created, sorted);
    assert!(created[0].starts_with("2024-"), "{}", created[0]);

    let full = get_json(&jira, &jql("key = ABC-1")).await;
    let issue = &full["issues"][0];
    assert_eq!(issue["id"], "10001");
    assert!(
        issue["self"]
            .as_str()
            .expect("a link")
            .ends_with("/rest/api/2/issue/10001")
    );
    for field in [
        "summary",
        "status",
        "issuetype",
        "project",
        "assignee",
        "reporter",
        "created",
        "updated",
        "priority",
        "description",
        "labels",
    ] {
        assert!(issue["fields"].get(field).is_some(), "{field} missing");
    }
    assert_eq!(issue["fields"]["reporter"]["name"], USER);

    for bad in [
        "summary ~ foo",
        "project = ABC OR project = OPS",
        "project = NOPE",
        "nonsense",
    ] {
        let response = basic(client().get(api(&jira, &jql(bad))))
            .send()
            .await
            .expect("answered");
        assert_eq!(response.status(), 400, "{bad}");
        let body: Value = response.json().await.expect("JSON");
        assert!(body["errorMessages"][0].is_string(), "{bad}: {body}");
        assert_eq!(body["errors"], json!({}));
    }

    let (status, posted) = send_json(
        &jira,
        reqwest::Method::POST,
        "search",
        &json!({"jql": "project = ABC", "startAt": 4, "maxResults": 10, "fields": ["summary"]}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(posted["total"], 6);
    assert_eq!(keys(&posted), ["ABC-5", "ABC-6"]);
    assert_eq!(
        posted["issues"][0]["fields"]
            .as_object()
            .expect("fields")
            .len(),
        1
    );
}

#[tokio::test]
async fn cloud_mode_pages_with_next_page_tokens() {
    let jira = start(builder().issues(7).deployment_type(DeploymentType::Cloud)).await;
    assert_eq!(
        get_json(&jira, "serverInfo").await["deploymentType"],
        "Cloud"
    );
    let gone = basic(client().get(api(&jira, "search")))
        .send()
        .await
        .expect("answered");
    assert_eq!(gone.status(), 410);

    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut path = "search/jql?maxResults=3&fields=summary".to_owned();
        if let Some(token) = &token {
            path.push_str(&format!("&nextPageToken={token}"));
        }
        let page = get_json(&jira, &path).await;
        assert!(page.get("total").is_none());
        seen.extend(keys(&page));
        if page["isLast"] == true {
            assert!(page.get("nextPageToken").is_none());
            break;
        }
        token = Some(page["nextPageToken"].as_str().expect("a token").to_owned());
    }
    assert_eq!(seen.len(), 7);

    let (status, posted) = send_json(
        &jira,
        reqwest::Method::POST,
        "search/jql",
        &json!({"jql": "key = ABC-2"}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(keys(&posted), ["ABC-2"]);
    assert_eq!(
        posted["issues"][0]["fields"],
        json!({}),
        "Cloud returns ids unless fields are asked for"
    );
    let bad = basic(client().get(api(&jira, "search/jql?nextPageToken=garbage")))
        .send()
        .await
        .expect("answered");
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn issues_can_be_read_created_edited_and_deleted() {
    let jira = start(builder().issues(3)).await;
    let issue = get_json(&jira, "issue/ABC-2?fields=summary&expand=names,transitions").await;
    assert_eq!(issue["key"], "ABC-2");
    assert_eq!(issue["fields"].as_object().expect("fields").len(), 1);
    assert_eq!(issue["names"]["summary"], "Summary");
    assert!(issue["transitions"].is_array());
    assert_eq!(
        get_json(&jira, "issue/10002").await["key"],
        "ABC-2",
        "by id too"
    );

    let missing = basic(client().get(api(&jira, "issue/ABC-99")))
        .send()
        .await
        .expect("answered");
    assert_eq!(missing.status(), 404);
    let body: Value = missing.json().await.expect("JSON");
    assert_eq!(body["errorMessages"][0], "Issue Does Not Exist");

    let (status, created) = send_json(
        &jira,
        reqwest::Method::POST,
        "issue",
        &json!({"fields": {"project": {"key": "ABC"}, "issuetype": {"name": "Bug"}, "summary": "Printer on fire", "labels": ["hw"]}}),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(created["key"], "ABC-4");
    let stored = get_json(&jira, "issue/ABC-4").await;
    assert_eq!(stored["fields"]["summary"], "Printer on fire");
    assert_eq!(stored["fields"]["issuetype"]["name"], "Bug");
    assert_eq!(stored["fields"]["status"]["name"], "To Do");
    assert_eq!(stored["fields"]["reporter"]["name"], USER);

    let (status, refused) = send_json(
        &jira,
        reqwest::Method::POST,
        "issue",
        &json!({"fields": {"project": {"id": "10000"}, "issuetype": {"id": "999"}}}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        refused["errors"]["issuetype"],
        "valid issue type is required"
    );
    assert_eq!(
        refused["errors"]["summary"],
        "You must specify a summary of the issue."
    );

    let (status, bulk) = send_json(
        &jira,
        reqwest::Method::POST,
        "issue/bulk",
        &json!({"issueUpdates": [
            {"fields": {"project": {"key": "ABC"}, "issuetype": {"name": "Task"}, "summary": "one"}},
            {"fields": {"project": {"key": "NOPE"}, "issuetype": {"name": "Task"}, "summary": "two"}},
        ]}),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(bulk["issues"][0]["key"], "ABC-5");
    assert_eq!(bulk["errors"][0]["failedElementNumber"], 1);
    assert_eq!(
        bulk["errors"][0]["elementErrors"]["errors"]["project"],
        "valid project is required"
    );

    let (status, _) = send_json(
        &jira,
        reqwest::Method::PUT,
        "issue/ABC-4",
        &json!({"fields": {"summary": "Printer still on fire"}, "update": {"labels": [{"add": "urgent"}], "comment": [{"add": {"body": "Extinguisher?"}}]}}),
    )
    .await;
    assert_eq!(status, 204);
    let edited = get_json(&jira, "issue/ABC-4").await;
    assert_eq!(edited["fields"]["summary"], "Printer still on fire");
    assert_eq!(edited["fields"]["labels"], json!(["hw", "urgent"]));
    assert_eq!(edited["fields"]["comment"]["total"], 1);

    let (status, refused) = send_json(
        &jira,
        reqwest::Method::PUT,
        "issue/ABC-4",
        &json!({"fields": {"customfield_1": 3}}),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        refused["errors"]["customfield_1"]
            .as_str()
            .expect("a message")
            .contains("cannot be set")
    );

    let deleted = basic(client().delete(api(&jira, "issue/ABC-4")))
        .send()
        .await
        .expect("answered");
    assert_eq!(deleted.status(), 204);
    let again = basic(client().get(api(&jira, "issue/ABC-4")))
        .send()
        .await
        .expect("answered");
    assert_eq!(again.status(), 404);

    let broken = basic(client().post(api(&jira, "issue")))
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("answered");
    assert_eq!(broken.status(), 400);
}

#[tokio::test]
async fn comments_transitions_and_assignee() {
    let jira = start(builder().issues(1).user("bob", "pw")).await;
    let empty = get_json(&jira, "issue/ABC-1/comment").await;
    assert_eq!(empty["total"], 0);
    let (status, comment) = send_json(
        &jira,
        reqwest::Method::POST,
        "issue/ABC-1/comment",
        &json!({"body": "First!"}),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(comment["body"], "First!");
    assert_eq!(comment["author"]["name"], USER);
    send_json(
        &jira,
        reqwest::Method::POST,
        "issue/ABC-1/comment",
        &json!({"body": "Second"}),
    )
    .await;
    let page = get_json(&jira, "issue/ABC-1/comment?startAt=1&maxResults=5").await;
    assert_eq!(page["total"], 2);
    assert_eq!(page["startAt"], 1);
    assert_eq!(page["comments"][0]["body"], "Second");
    let (status, _) = send_json(
        &jira,
        reqwest::Method::POST,
        "issue/ABC-1/comment",
        &json!({"body": ""}),
    )
    .await;
    assert_eq!(status, 400);

    let available = get_json(&jira, "issue/ABC-1/transitions").await;
    let names: Vec<(&str, &str)> = available["transitions"]
        .as_array()
        .expect("transitions")
        .iter()
        .map(|t| {
            (
                t["id"].as_str().expect("an id"),
                t["name"].as_str().expect("a name"),
            )
        })
        .collect();
    assert_eq!(names, [("11", "Start Progress"), ("31", "Done")]);
    let (status, _) = send_json(
        &jira,
        reqwest::Method::POST,
        "issue/ABC-1/transitions",
        &json!({"transition": {"id": "11"}}),
    )
    .await;
    assert_eq!(status, 204);
    assert_eq!(
        get_json(&jira, "issue/ABC-1").await["fields"]["status"]["name"],
        "In Progress"
    );
    let (status, refused) = send_json(
        &jira,
        reqwest::Method::POST,
        "issue/ABC-1/transitions",
        &json!({"transition": {"id": "41"}}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        refused["errorMessages"][0],
        "Transition id '41' is not valid for this issue."
    );
    send_json(
        &jira,
        reqwest::Method::POST,
        "issue/ABC-1/transitions",
        &json!({"transition": {"id": "31"}}),
    )
    .await;
    let done = get_json(&jira, "issue/ABC-1").await;
    assert_eq!(done["fields"]["status"]["name"], "Done");
    assert_eq!(done["fields"]["resolution"]["name"], "Done");

    let (status, _) = send_json(
        &jira,
        reqwest::Method::PUT,
        "issue/ABC-1/assignee",
        &json!({"name": "bob"}),
    )
    .await;
    assert_eq!(status, 204);
    assert_eq!(
        get_json(&jira, "issue/ABC-1").await["fields"]["assignee"]["name"],
        "bob"
    );
    let (status, refused) = send_json(
        &jira,
        reqwest::Method::PUT,
        "issue/ABC-1/assignee",
        &json!({"name": "nobody"}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        refused["errors"]["assignee"],
        "User 'nobody' does not exist."
    );
    let (status, _) = send_json(
        &jira,
        reqwest::Method::PUT,
        "issue/ABC-1/assignee",
        &json!({"name": null}),
    )
    .await;
    assert_eq!(status, 204);
    assert_eq!(
        get_json(&jira, "issue/ABC-1").await["fields"]["assignee"],
        Value::Null
    );
}

#[tokio::test]
async fn projects_fields_users_and_application_roles() {
    let jira = start(builder().issues(4).projects(10).user("bob", "pw")).await;
    let projects = get_json(&jira, "project").await;
    let project_keys: Vec<&str> = projects
        .as_array()
        .expect("projects")
        .iter()
        .map(|p| p["key"].as_str().expect("a key"))
        .collect();
    assert_eq!(
        project_keys,
        [
            "ABC", "OPS", "WEB", "DATA", "MOB", "SEC", "INFRA", "QA", "P9", "P10"
        ]
    );
    let ops = get_json(&jira, "project/OPS").await;
    assert_eq!(ops["id"], "10001");
    assert_eq!(ops["lead"]["name"], USER);
    assert!(ops["issueTypes"].as_array().expect("types").len() >= 3);
    assert_eq!(get_json(&jira, "project/10001").await["key"], "OPS");
    let missing = basic(client().get(api(&jira, "project/NOPE")))
        .send()
        .await
        .expect("answered");
    assert_eq!(missing.status(), 404);

    let fields = get_json(&jira, "field").await;
    let ids: Vec<&str> = fields
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["id"].as_str().expect("an id"))
        .collect();
    for id in ["summary", "status", "assignee", "issuekey"] {
        assert!(ids.contains(&id), "{id}");
    }

    let found = get_json(&jira, "user/search?username=BO").await;
    assert_eq!(found.as_array().expect("users").len(), 1);
    assert_eq!(found[0]["name"], "bob");
    assert_eq!(
        get_json(&jira, "user?username=bob").await["emailAddress"],
        "bob@example.com"
    );
    let no_query = basic(client().get(api(&jira, "user/search")))
        .send()
        .await
        .expect("answered");
    assert_eq!(no_query.status(), 400);

    let roles = get_json(&jira, "applicationrole").await;
    assert_eq!(roles[0]["key"], "jira-software");
    assert_eq!(roles[0]["name"], "Jira Software");
    assert_eq!(roles[0]["userCount"], 2);
    assert_eq!(
        roles[0]["numberOfSeats"].as_u64().expect("seats") - 2,
        roles[0]["remainingSeats"].as_u64().expect("seats")
    );
}

#[tokio::test]
async fn unknown_paths_are_404_with_jerseys_status_document() {
    let jira = start(builder().context_path("/jira")).await;
    assert!(jira.url().as_str().ends_with("/jira/"));
    let response = basic(client().get(api(&jira, "nothing/here")))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 404);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(
        body,
        json!({"message": "HTTP 404 Not Found", "status-code": 404, "sub-code": -1})
    );

    let outside = jira.url().join("/rest/api/2/serverInfo").expect("a URL");
    assert_eq!(
        client()
            .get(outside)
            .send()
            .await
            .expect("answered")
            .status(),
        404,
        "outside the context path"
    );
    let log = jira.access_log();
    assert_eq!(log[1].path, "/rest/api/2/serverInfo");
    assert_eq!(log[1].verdict, "not found");
}

#[tokio::test]
async fn redirects_answer_302() {
    let jira = start(builder()).await;
    jira.add_redirect("/old/path", "http://elsewhere.example/new");
    let response = client()
        .get(jira.url().join("old/path").expect("a URL"))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 302);
    assert_eq!(
        response.headers()["location"],
        "http://elsewhere.example/new"
    );
}

#[tokio::test]
async fn the_admin_api_configures_a_running_server() {
    let jira = start(FakeJira::builder().issues(2)).await;
    let admin = |path: &str| {
        jira.url()
            .join(&format!("/_fakejira/{path}"))
            .expect("a URL")
    };
    let post = |path: &str, body: Value| client().post(admin(path)).json(&body).send();

    assert_eq!(
        post("users", json!({"name": "carol", "password": "pw"}))
            .await
            .expect("answered")
            .status(),
        204
    );
    assert_eq!(
        post("pats", json!({"token": "t-1", "user": "carol"}))
            .await
            .expect("answered")
            .status(),
        204
    );
    let pem = public_key().to_pem();
    assert_eq!(
        post("consumers", json!({"key": "k", "public_key": pem}))
            .await
            .expect("answered")
            .status(),
        204
    );
    let bad_key = post("consumers", json!({"key": "k", "public_key": "garbage"}))
        .await
        .expect("answered");
    assert_eq!(bad_key.status(), 400);

    let me = client()
        .get(api(&jira, "myself"))
        .basic_auth("carol", Some("pw"))
        .send()
        .await
        .expect("answered");
    assert_eq!(me.status(), 200);
    let pat = client()
        .get(api(&jira, "myself"))
        .bearer_auth("t-1")
        .send()
        .await
        .expect("answered");
    assert_eq!(pat.status(), 200);

    let signed_by_admin_consumer = Consumer::rsa_sha1("k", private_key());
    let url = jira
        .url()
        .join("plugins/servlet/oauth/request-token")
        .expect("a URL");
    let response = signed(&signed_by_admin_consumer, "POST", &url, None).await;
    assert_eq!(response.status(), 200);
    let token = oauth1::form_decode(&response.bytes().await.expect("a body"))
        .into_iter()
        .find(|(name, _)| name == "oauth_token")
        .map(|(_, value)| value)
        .expect("a token");
    let approved = post(
        &format!("request-tokens/{token}/approve"),
        json!({"user": "carol"}),
    )
    .await
    .expect("answered");
    assert_eq!(approved.status(), 200);
    let verifier: Value = approved.json().await.expect("JSON");
    assert_eq!(verifier["verifier"].as_str().expect("a verifier").len(), 6);
    let unknown = client()
        .post(admin("request-tokens/nope/deny"))
        .send()
        .await
        .expect("answered");
    assert_eq!(unknown.status(), 400);

    let log: Vec<fakejira::AccessLogEntry> = client()
        .get(admin("access-log"))
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("JSON");
    assert_eq!(log.len(), 3, "admin calls are not logged: {log:?}");
    assert_eq!(
        log[0].auth,
        AuthKind::Basic {
            user: "carol".to_owned()
        }
    );
    assert_eq!(
        log[2].auth,
        AuthKind::OAuth {
            consumer: "k".to_owned(),
            user: None
        }
    );
    assert_eq!(log[2].verdict, "request token issued");
    let stats: Value = client()
        .get(admin("stats"))
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("JSON");
    assert_eq!(stats["requestCount"], 3);
    assert_eq!(
        client()
            .get(admin("nothing"))
            .send()
            .await
            .expect("answered")
            .status(),
        404
    );
}
