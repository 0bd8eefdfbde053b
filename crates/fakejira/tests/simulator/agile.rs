//! Jira Software's REST API (`/rest/agile/1.0`): boards, sprints, the backlog, epics and rank,
//! on the seeded data of `Builder::agile` (30 issues over ABC and OPS: ABC-1…ABC-15, the epic
//! ABC-16).

use crate::common;

use common::*;
use serde_json::{Value, json};

async fn agile(
    jira: &fakejira::Running,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> (u16, Value) {
    call_as(
        jira,
        (USER, PASSWORD),
        method,
        &format!("agile/1.0/{path}"),
        body,
    )
    .await
}

async fn seeded() -> fakejira::Running {
    start(team_builder(30).agile()).await
}

fn ids(page: &Value) -> Vec<u64> {
    page["values"]
        .as_array()
        .expect("values")
        .iter()
        .map(|value| value["id"].as_u64().expect("an id"))
        .collect()
}

fn keys(page: &Value) -> Vec<String> {
    page["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .map(|issue| issue["key"].as_str().expect("a key").to_owned())
        .collect()
}

async fn field(jira: &fakejira::Running, key: &str, field: &str) -> Value {
    get_json(jira, &format!("issue/{key}?fields={field}")).await["fields"][field].clone()
}

#[tokio::test]
async fn boards_are_listed_filtered_and_paged() {
    let jira = seeded().await;
    let (status, page) = agile(&jira, "GET", "board", None).await;
    assert_eq!(status, 200);
    assert_eq!(
        (ids(&page), &page["total"], &page["isLast"]),
        (vec![1, 2], &json!(2), &json!(true))
    );
    assert_eq!(page["values"][0]["type"], "scrum");
    assert_eq!(page["values"][0]["location"]["projectKey"], "ABC");
    assert!(
        page["values"][1]["self"]
            .as_str()
            .expect("a link")
            .ends_with("/rest/agile/1.0/board/2")
    );
    assert_eq!(
        ids(&agile(&jira, "GET", "board?type=kanban", None).await.1),
        [2]
    );
    assert_eq!(
        ids(&agile(&jira, "GET", "board?projectKeyOrId=ABC", None)
            .await
            .1),
        [1]
    );
    assert_eq!(
        ids(&agile(&jira, "GET", "board?name=ops", None).await.1),
        [2]
    );
    let (_, first) = agile(&jira, "GET", "board?maxResults=1", None).await;
    assert_eq!(
        (ids(&first), &first["isLast"], &first["maxResults"]),
        (vec![1], &json!(false), &json!(1))
    );
    let (_, second) = agile(&jira, "GET", "board?startAt=1&maxResults=1", None).await;
    assert_eq!((ids(&second), &second["isLast"]), (vec![2], &json!(true)));
    let (status, refusal) = agile(&jira, "GET", "board?type=agile", None).await;
    assert_eq!(status, 400);
    assert!(
        refusal["errorMessages"][0]
            .as_str()
            .expect("a message")
            .contains("agile")
    );
    let (status, refusal) = agile(&jira, "GET", "board/99", None).await;
    assert_eq!(status, 404);
    assert!(
        refusal["errorMessages"][0]
            .as_str()
            .expect("a message")
            .contains("board")
    );
    let anonymous = client()
        .get(jira.url().join("rest/agile/1.0/board").expect("a URL"))
        .send()
        .await
        .expect("answered");
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn without_the_agile_seed_the_catalog_is_untouched() {
    let jira = start(team_builder(30)).await;
    let (status, page) = agile(&jira, "GET", "board", None).await;
    assert_eq!(
        (status, &page["total"], &page["values"]),
        (200, &json!(0), &json!([]))
    );
    assert_eq!(
        get_json(&jira, "search?jql=project%20%3D%20ABC&maxResults=0").await["total"],
        15
    );
    assert_eq!(
        field(&jira, "ABC-3", "customfield_10101").await,
        Value::Null
    );
    let seeded = seeded().await;
    assert_eq!(
        get_json(&seeded, "search?jql=project%20%3D%20ABC&maxResults=0").await["total"],
        16
    );
}

#[tokio::test]
async fn a_scrum_board_has_sprints_a_backlog_and_epics() {
    let jira = seeded().await;
    let (status, sprints) = agile(&jira, "GET", "board/1/sprint", None).await;
    assert_eq!(status, 200);
    let states: Vec<&str> = sprints["values"]
        .as_array()
        .expect("values")
        .iter()
        .map(|s| s["state"].as_str().expect("a state"))
        .collect();
    assert_eq!(states, ["closed", "active", "future"]);
    assert!(
        sprints.get("total").is_none(),
        "sprint pages carry no total"
    );
    assert!(sprints["values"][0]["completeDate"].is_string());
    assert!(sprints["values"][2].get("startDate").is_none());
    assert_eq!(
        ids(
            &agile(&jira, "GET", "board/1/sprint?state=active,future", None)
                .await
                .1
        ),
        [2, 3]
    );
    assert_eq!(
        ids(&agile(
            &jira,
            "GET",
            "board/1/sprint?state=closed&state=active",
            None
        )
        .await
        .1),
        [1, 2]
    );
    assert_eq!(
        agile(&jira, "GET", "board/1/sprint?state=open", None)
            .await
            .0,
        400
    );
    let (status, refusal) = agile(&jira, "GET", "board/2/sprint", None).await;
    assert_eq!(
        (status, &refusal["errorMessages"][0]),
        (400, &json!("The board does not support sprints"))
    );

    let (_, all) = agile(&jira, "GET", "board/1/issue?maxResults=5", None).await;
    assert_eq!(
        (
            &all["total"],
            &all["maxResults"],
            all["issues"].as_array().map(Vec::len)
        ),
        (&json!(16), &json!(5), Some(5))
    );
    assert!(keys(&all).iter().all(|key| key.starts_with("ABC-")));
    let (_, sprint) = agile(&jira, "GET", "sprint/2/issue", None).await;
    assert_eq!(keys(&sprint), ["ABC-3", "ABC-4", "ABC-5"]);
    assert_eq!(
        sprint["issues"][0]["fields"]["customfield_10101"],
        json!([2])
    );
    let (_, backlog) = agile(&jira, "GET", "board/1/backlog?maxResults=100", None).await;
    let backlog = keys(&backlog);
    assert_eq!(
        backlog.len(),
        11,
        "ABC-1, ABC-2 (closed sprint) and ABC-8…ABC-16: {backlog:?}"
    );
    assert!(backlog.contains(&"ABC-1".to_owned()) && !backlog.contains(&"ABC-6".to_owned()));
    let (_, narrowed) = agile(
        &jira,
        "GET",
        "board/1/issue?jql=status%20%3D%20Done&fields=summary",
        None,
    )
    .await;
    assert!(narrowed["total"].as_u64().expect("a total") > 0);
    assert_eq!(
        narrowed["issues"][0]["fields"].as_object().map(|f| f.len()),
        Some(1)
    );
    assert_eq!(
        agile(&jira, "GET", "board/1/issue?jql=project%20~%20x", None)
            .await
            .0,
        400
    );

    let (_, epics) = agile(&jira, "GET", "board/1/epic", None).await;
    assert_eq!(
        (&epics["values"][0]["key"], &epics["values"][0]["done"]),
        (&json!("ABC-16"), &json!(false))
    );
    assert_eq!(
        agile(&jira, "GET", "board/1/epic?done=true", None).await.1["values"],
        json!([])
    );
    assert_eq!(field(&jira, "ABC-2", "customfield_10100").await, "ABC-16");
    assert_eq!(
        field(&jira, "ABC-3", "customfield_10100").await,
        Value::Null
    );
}

#[tokio::test]
async fn sprints_go_from_future_to_active_to_closed_only() {
    let jira = seeded().await;
    let (status, sprint) = agile(
        &jira,
        "POST",
        "sprint",
        Some(&json!({"name": "Next", "originBoardId": 1, "goal": "Ship"})),
    )
    .await;
    assert_eq!(
        (status, &sprint["state"], &sprint["id"]),
        (201, &json!("future"), &json!(4))
    );
    assert_eq!(
        agile(&jira, "GET", "sprint/4", None).await.1["goal"],
        "Ship"
    );
    let (status, refusal) =
        agile(&jira, "POST", "sprint/4", Some(&json!({"state": "active"}))).await;
    assert_eq!(status, 400);
    assert!(
        refusal["errorMessages"][0]
            .as_str()
            .expect("a message")
            .contains("start date")
    );
    let dates = json!({"state": "active", "startDate": "2024-06-03T09:00:00.000+0000", "endDate": "2024-06-17T09:00:00.000+0000"});
    let (status, active) = agile(&jira, "POST", "sprint/4", Some(&dates)).await;
    assert_eq!(
        (status, &active["state"], &active["name"]),
        (200, &json!("active"), &json!("Next"))
    );
    assert_eq!(active["startDate"], "2024-06-03T09:00:00.000+0000");
    assert_eq!(
        agile(&jira, "POST", "sprint/4", Some(&json!({"state": "future"})))
            .await
            .0,
        400
    );
    let (status, closed) =
        agile(&jira, "POST", "sprint/4", Some(&json!({"state": "closed"}))).await;
    assert_eq!((status, &closed["state"]), (200, &json!("closed")));
    assert!(closed["completeDate"].is_string());
    assert_eq!(
        agile(&jira, "POST", "sprint/4", Some(&json!({"state": "active"})))
            .await
            .0,
        400,
        "closed sprints stay closed"
    );
    let (status, renamed) = agile(
        &jira,
        "POST",
        "sprint/4",
        Some(&json!({"name": "Done one"})),
    )
    .await;
    assert_eq!((status, &renamed["name"]), (200, &json!("Done one")));
    assert_eq!(agile(&jira, "DELETE", "sprint/4", None).await.0, 400);
    assert_eq!(
        agile(
            &jira,
            "POST",
            "sprint/3",
            Some(&json!({"startDate": "soon"}))
        )
        .await
        .0,
        400
    );
    let (status, refusal) =
        agile(&jira, "POST", "sprint", Some(&json!({"originBoardId": 1}))).await;
    assert_eq!((status, refusal["errors"]["name"].is_string()), (400, true));
    assert_eq!(
        agile(
            &jira,
            "POST",
            "sprint",
            Some(&json!({"name": "K", "originBoardId": 2}))
        )
        .await
        .0,
        400
    );
    assert_eq!(
        agile(
            &jira,
            "POST",
            "sprint",
            Some(&json!({"name": "K", "originBoardId": 9}))
        )
        .await
        .0,
        400
    );
    assert_eq!(agile(&jira, "GET", "sprint/999", None).await.0, 404);
}

#[tokio::test]
async fn issues_move_between_sprints_the_backlog_and_epics() {
    let jira = seeded().await;
    let move_body = json!({"issues": ["ABC-8", "ABC-1"]});
    assert_eq!(
        agile(&jira, "POST", "sprint/3/issue", Some(&move_body)).await,
        (204, Value::Null)
    );
    assert_eq!(field(&jira, "ABC-8", "customfield_10101").await, json!([3]));
    assert_eq!(
        field(&jira, "ABC-1", "customfield_10101").await,
        json!([1, 3]),
        "closed sprints stay in the field"
    );
    let history = get_json(&jira, "issue/ABC-8?expand=changelog").await;
    assert_eq!(
        history["changelog"]["histories"][0]["items"][0]["field"],
        "Sprint"
    );
    assert!(
        keys(&agile(&jira, "GET", "sprint/3/issue", None).await.1).contains(&"ABC-8".to_owned())
    );
    assert_eq!(
        agile(
            &jira,
            "POST",
            "backlog/issue",
            Some(&json!({"issues": ["ABC-8"]}))
        )
        .await
        .0,
        204
    );
    assert_eq!(
        field(&jira, "ABC-8", "customfield_10101").await,
        Value::Null
    );
    assert_eq!(
        agile(&jira, "POST", "sprint/1/issue", Some(&move_body))
            .await
            .0,
        400,
        "closed sprint"
    );
    assert_eq!(
        agile(
            &jira,
            "POST",
            "sprint/3/issue",
            Some(&json!({"issues": ["NOPE-1"]}))
        )
        .await
        .0,
        400
    );
    assert_eq!(
        agile(&jira, "POST", "sprint/3/issue", Some(&json!({})))
            .await
            .0,
        400
    );
    assert_eq!(
        agile(&jira, "POST", "sprint/77/issue", Some(&move_body))
            .await
            .0,
        404
    );

    assert_eq!(
        agile(
            &jira,
            "POST",
            "epic/ABC-16/issue",
            Some(&json!({"issues": ["ABC-9"]}))
        )
        .await
        .0,
        204
    );
    assert_eq!(field(&jira, "ABC-9", "customfield_10100").await, "ABC-16");
    assert_eq!(
        agile(
            &jira,
            "POST",
            "epic/ABC-1/issue",
            Some(&json!({"issues": ["ABC-9"]}))
        )
        .await
        .0,
        400
    );
    assert_eq!(
        agile(
            &jira,
            "POST",
            "epic/ABC-99/issue",
            Some(&json!({"issues": ["ABC-9"]}))
        )
        .await
        .0,
        404
    );
    assert_eq!(
        agile(
            &jira,
            "POST",
            "epic/none/issue",
            Some(&json!({"issues": ["ABC-9"]}))
        )
        .await
        .0,
        204
    );
    assert_eq!(
        field(&jira, "ABC-9", "customfield_10100").await,
        Value::Null
    );

    assert_eq!(agile(&jira, "DELETE", "sprint/3", None).await.0, 204);
    assert_eq!(
        field(&jira, "ABC-6", "customfield_10101").await,
        Value::Null
    );
    assert_eq!(field(&jira, "ABC-1", "customfield_10101").await, json!([1]));
    assert_eq!(agile(&jira, "GET", "sprint/3", None).await.0, 404);
}

#[tokio::test]
async fn ranking_reorders_board_lists() {
    let jira = seeded().await;
    let before = json!({"issues": ["ABC-5"], "rankBeforeIssue": "ABC-3"});
    assert_eq!(
        agile(&jira, "PUT", "issue/rank", Some(&before)).await.0,
        204
    );
    assert_eq!(
        keys(&agile(&jira, "GET", "sprint/2/issue", None).await.1),
        ["ABC-5", "ABC-3", "ABC-4"]
    );
    let after = json!({"issues": ["ABC-3", "NOPE-1"], "rankAfterIssue": "ABC-4"});
    let (status, report) = agile(&jira, "PUT", "issue/rank", Some(&after)).await;
    assert_eq!(status, 207);
    assert_eq!(
        (
            &report["entries"][0]["issueKey"],
            &report["entries"][0]["status"]
        ),
        (&json!("ABC-3"), &json!(200))
    );
    assert_eq!(
        (
            &report["entries"][1]["issueKey"],
            &report["entries"][1]["status"]
        ),
        (&json!("NOPE-1"), &json!(404))
    );
    assert_eq!(
        keys(&agile(&jira, "GET", "sprint/2/issue", None).await.1),
        ["ABC-5", "ABC-4", "ABC-3"]
    );
    let both = json!({"issues": ["ABC-3"], "rankAfterIssue": "ABC-4", "rankBeforeIssue": "ABC-5"});
    assert_eq!(agile(&jira, "PUT", "issue/rank", Some(&both)).await.0, 400);
    let unknown_anchor = json!({"issues": ["ABC-3"], "rankAfterIssue": "ABC-999"});
    assert_eq!(
        agile(&jira, "PUT", "issue/rank", Some(&unknown_anchor))
            .await
            .0,
        400
    );
}

#[tokio::test]
async fn boards_are_created_on_filters_and_deleted() {
    let jira = seeded().await;
    let (_, filter) = admin_call(
        &jira,
        "POST",
        "filter",
        Some(&json!({"name": "Ops work", "jql": "project = OPS"})),
    )
    .await;
    let filter_id = filter["id"].as_str().expect("an id").to_owned();
    let new = json!({"name": "Ops scrum", "type": "scrum", "filterId": filter_id});
    let (status, board) = agile(&jira, "POST", "board", Some(&new)).await;
    assert_eq!(
        (status, &board["id"], &board["type"]),
        (201, &json!(3), &json!("scrum"))
    );
    assert_eq!(board["location"]["projectKey"], "OPS");
    let (_, issues) = agile(&jira, "GET", "board/3/issue?maxResults=0", None).await;
    assert_eq!(issues["total"], 15);
    let (status, refusal) = agile(
        &jira,
        "POST",
        "board",
        Some(&json!({"type": "agile", "filterId": 1})),
    )
    .await;
    assert_eq!(status, 400);
    for name in ["name", "type", "filterId"] {
        assert!(refusal["errors"][name].is_string(), "{name}: {refusal}");
    }
    assert_eq!(agile(&jira, "DELETE", "board/3", None).await.0, 204);
    assert_eq!(agile(&jira, "GET", "board/3", None).await.0, 404);
    assert_eq!(agile(&jira, "DELETE", "board/3", None).await.0, 404);
}
