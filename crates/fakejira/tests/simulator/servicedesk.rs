//! Jira Service Management's REST API (`/rest/servicedeskapi`) on the desk `Builder::service_desk`
//! seeds.

use crate::common;

use common::*;
use serde_json::{Value, json};

async fn sd(
    jira: &fakejira::Running,
    user: (&str, &str),
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> (u16, Value) {
    call_as(jira, user, method, &format!("servicedeskapi/{path}"), body).await
}

const ALICE: (&str, &str) = (USER, PASSWORD);
const BOB_LOGIN: (&str, &str) = (BOB, BOB_PASSWORD);

#[tokio::test]
async fn info_desks_and_request_types() {
    let jira = start(team_builder(4).service_desk()).await;
    let anonymous = client()
        .get(jira.url().join("rest/servicedeskapi/info").expect("a URL"))
        .send()
        .await
        .expect("answered");
    assert_eq!(anonymous.status(), 200);
    let info: Value = anonymous.json().await.expect("JSON");
    assert!(info["version"].is_string() && info["platformVersion"].is_string());

    let (status, desks) = sd(&jira, BOB_LOGIN, "GET", "servicedesk", None).await;
    assert_eq!(status, 200);
    assert_eq!(
        (&desks["size"], &desks["isLastPage"], &desks["start"]),
        (&json!(1), &json!(true), &json!(0))
    );
    assert_eq!(desks["values"][0]["projectKey"], "SD");
    let (status, desk) = sd(&jira, BOB_LOGIN, "GET", "servicedesk/1", None).await;
    assert_eq!((status, &desk["id"]), (200, &json!("1")));
    let (status, missing) = sd(&jira, BOB_LOGIN, "GET", "servicedesk/7", None).await;
    assert_eq!(status, 404);
    assert!(
        missing["errorMessage"].is_string() && missing["i18nErrorMessage"]["i18nKey"].is_string()
    );

    let (_, types) = sd(
        &jira,
        BOB_LOGIN,
        "GET",
        "servicedesk/1/requesttype?limit=2",
        None,
    )
    .await;
    assert_eq!(
        (&types["size"], &types["isLastPage"]),
        (&json!(2), &json!(false))
    );
    assert!(
        types["_links"]["next"]
            .as_str()
            .expect("a next link")
            .contains("start=2")
    );
    let (_, rest) = sd(
        &jira,
        BOB_LOGIN,
        "GET",
        "servicedesk/1/requesttype?start=2",
        None,
    )
    .await;
    assert_eq!(
        (&rest["size"], &rest["isLastPage"]),
        (&json!(1), &json!(true))
    );
    assert_eq!(
        sd(&jira, BOB_LOGIN, "GET", "servicedesk/7/requesttype", None)
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn without_service_management_its_resources_do_not_exist() {
    let jira = start(team_builder(4)).await;
    let (status, _) = sd(&jira, ALICE, "GET", "servicedesk", None).await;
    assert_eq!(status, 404, "Jira without the app has no such resource");
    let (status, _) = sd(&jira, ALICE, "GET", "info", None).await;
    assert_eq!(status, 404);
    assert_eq!(
        get_json(&jira, "project").await.as_array().map(Vec::len),
        Some(2)
    );
}

#[tokio::test]
async fn customers_and_requests() {
    let jira = start(team_builder(4).service_desk()).await;
    let customer = json!({"email": "carol@example.org", "displayName": "Carol"});
    let (status, created) = sd(&jira, ALICE, "POST", "customer", Some(&customer)).await;
    assert_eq!(
        (status, &created["emailAddress"], &created["displayName"]),
        (201, &json!("carol@example.org"), &json!("Carol"))
    );
    assert_eq!(
        sd(&jira, ALICE, "POST", "customer", Some(&customer))
            .await
            .0,
        400,
        "the email is taken"
    );
    assert_eq!(
        sd(
            &jira,
            ALICE,
            "POST",
            "customer",
            Some(&json!({"email": "nope"}))
        )
        .await
        .0,
        400
    );
    assert_eq!(
        sd(
            &jira,
            BOB_LOGIN,
            "POST",
            "customer",
            Some(&json!({"email": "d@example.org"}))
        )
        .await
        .0,
        403
    );

    let request = json!({
        "serviceDeskId": "1",
        "requestTypeId": "11",
        "requestFieldValues": {"summary": "VPN is down", "description": "Since this morning."},
    });
    let (status, created) = sd(&jira, BOB_LOGIN, "POST", "request", Some(&request)).await;
    assert_eq!(status, 201);
    assert_eq!(created["issueKey"], "SD-1");
    assert_eq!(created["reporter"]["name"], BOB);
    assert_eq!(created["currentStatus"]["status"], "To Do");
    let issue = get_json(&jira, "issue/SD-1?fields=summary,description,reporter").await;
    assert_eq!(issue["fields"]["summary"], "VPN is down");
    assert_eq!(issue["fields"]["description"], "Since this morning.");

    let no_summary = json!({"serviceDeskId": 1, "requestTypeId": 11, "requestFieldValues": {}});
    let (status, refusal) = sd(&jira, BOB_LOGIN, "POST", "request", Some(&no_summary)).await;
    assert_eq!(status, 400);
    assert!(
        refusal["errorMessage"]
            .as_str()
            .expect("a message")
            .contains("summary")
    );
    let bad_type =
        json!({"serviceDeskId": 1, "requestTypeId": 99, "requestFieldValues": {"summary": "x"}});
    assert_eq!(
        sd(&jira, BOB_LOGIN, "POST", "request", Some(&bad_type))
            .await
            .0,
        400
    );
    let bad_desk =
        json!({"serviceDeskId": 9, "requestTypeId": 11, "requestFieldValues": {"summary": "x"}});
    assert_eq!(
        sd(&jira, BOB_LOGIN, "POST", "request", Some(&bad_desk))
            .await
            .0,
        404
    );
}
