//! Saved filters and dashboards.

use crate::common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn filters_belong_to_their_owner() {
    let jira = start(team_builder(2)).await;
    let new = json!({"name": "Mine", "description": "My issues", "jql": "assignee = currentUser()", "favourite": true});
    let (status, filter) = user_call(&jira, "POST", "filter", Some(&new)).await;
    assert_eq!(status, 200);
    assert_eq!(filter["owner"]["name"], BOB);
    assert_eq!(filter["favourite"], true);
    assert_eq!(
        user_call(&jira, "POST", "filter", Some(&new)).await.0,
        400,
        "names are unique per owner"
    );
    let bad = json!({"name": "Broken", "jql": "project ~ x"});
    let (status, body) = user_call(&jira, "POST", "filter", Some(&bad)).await;
    assert_eq!(status, 400);
    assert!(body["errors"]["jql"].is_string());

    let path = format!("filter/{}", filter["id"].as_str().expect("an id"));
    assert_eq!(
        get_json(&jira, &path).await["jql"],
        "assignee = currentUser()"
    );
    assert_eq!(
        get_json(&jira, &path).await["favourite"],
        false,
        "not alice's favourite"
    );
    let (_, favourites) = user_call(&jira, "GET", "filter/favourite", None).await;
    assert_eq!(favourites[0]["name"], "Mine");
    assert_eq!(
        admin_call(&jira, "PUT", &path, Some(&json!({"name": "Hers"})))
            .await
            .0,
        400
    );
    let (status, renamed) = user_call(
        &jira,
        "PUT",
        &path,
        Some(&json!({"name": "Renamed", "favourite": false})),
    )
    .await;
    assert_eq!((status, &renamed["name"]), (200, &json!("Renamed")));
    assert_eq!(
        user_call(&jira, "GET", "filter/favourite", None).await.1,
        json!([])
    );
    assert_eq!(
        admin_call(&jira, "DELETE", &path, None).await.0,
        204,
        "administrators may delete"
    );
    assert_eq!(admin_call(&jira, "GET", &path, None).await.0, 400);
}

#[tokio::test]
async fn dashboards_and_their_item_properties() {
    let jira = start(team_builder(2)).await;
    let all = get_json(&jira, "dashboard").await;
    assert_eq!(all["total"], 2);
    assert_eq!(all["dashboards"][0]["name"], "System Dashboard");
    let mine = get_json(&jira, "dashboard?filter=my").await;
    assert_eq!(mine["dashboards"][0]["id"], "10100");
    assert_eq!(
        user_call(&jira, "GET", "dashboard?filter=my", None).await.1["total"],
        0
    );
    let paged = get_json(&jira, "dashboard?startAt=1&maxResults=1").await;
    assert_eq!(paged["dashboards"][0]["id"], "10100");
    assert_eq!(
        get_json(&jira, "dashboard/10000").await["name"],
        "System Dashboard"
    );
    assert_eq!(admin_call(&jira, "GET", "dashboard/1", None).await.0, 404);

    let property = "dashboard/10100/items/7/properties/config";
    assert_eq!(admin_call(&jira, "GET", property, None).await.0, 404);
    assert_eq!(
        admin_call(&jira, "PUT", property, Some(&json!({"rows": 5})))
            .await
            .0,
        201
    );
    assert_eq!(
        admin_call(&jira, "PUT", property, Some(&json!({"rows": 6})))
            .await
            .0,
        200
    );
    assert_eq!(
        get_json(&jira, property).await,
        json!({"key": "config", "value": {"rows": 6}})
    );
    assert_eq!(
        get_json(&jira, "dashboard/10100/items/7/properties").await["keys"][0]["key"],
        "config"
    );
}
