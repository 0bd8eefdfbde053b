//! Issues in depth: list-valued parameters, permissions, custom fields, edit operations, the
//! changelog, comments and worklogs.

use crate::common;

use common::*;
use fakejira::DeploymentType;
use serde_json::{Value, json};

fn field_names(issue: &Value) -> Vec<String> {
    let mut names: Vec<String> = issue["fields"]
        .as_object()
        .expect("fields")
        .keys()
        .cloned()
        .collect();
    names.sort_unstable();
    names
}

#[tokio::test]
async fn list_parameters_may_be_repeated_or_comma_separated() {
    let jira = start(team_builder(4)).await;
    for query in [
        "fields=summary,status",
        "fields=summary&fields=status",
        "fields=summary&fields=status,summary",
    ] {
        let issue = get_json(&jira, &format!("issue/ABC-1?{query}")).await;
        assert_eq!(field_names(&issue), ["status", "summary"], "{query}");
    }
    let issue = get_json(
        &jira,
        "issue/ABC-1?fields=summary&expand=names&expand=changelog",
    )
    .await;
    assert_eq!(issue["names"]["summary"], "Summary");
    assert_eq!(issue["changelog"]["total"], 0);

    let search = get_json(
        &jira,
        "search?jql=project%3DABC&fields=summary&fields=labels&expand=names",
    )
    .await;
    assert_eq!(search["total"], 2);
    assert_eq!(field_names(&search["issues"][0]), ["labels", "summary"]);
    assert_eq!(search["names"]["labels"], "Labels");
}

#[tokio::test]
async fn only_administrators_delete_issues_or_silence_notifications() {
    let jira = start(team_builder(4)).await;
    let (status, issue) = user_call(&jira, "GET", "issue/ABC-1", None).await;
    assert_eq!(status, 200, "any user browses");
    assert_eq!(issue["key"], "ABC-1");

    let (status, body) = user_call(&jira, "DELETE", "issue/ABC-1", None).await;
    assert_eq!(status, 403);
    assert_eq!(
        body["errorMessages"][0],
        "You do not have permission to delete issues in this project."
    );
    let edit = json!({"fields": {"summary": "Quietly"}});
    let (status, body) =
        user_call(&jira, "PUT", "issue/ABC-1?notifyUsers=false", Some(&edit)).await;
    assert_eq!(status, 403);
    assert!(
        body["errorMessages"][0]
            .as_str()
            .expect("a message")
            .contains("admin")
    );
    assert_eq!(
        user_call(&jira, "PUT", "issue/ABC-1", Some(&edit)).await.0,
        204
    );
    assert_eq!(
        admin_call(&jira, "PUT", "issue/ABC-1?notifyUsers=false", Some(&edit))
            .await
            .0,
        204
    );

    let (status, _) = admin_call(&jira, "DELETE", "issue/ABC-1", None).await;
    assert_eq!(status, 204);
    assert_eq!(admin_call(&jira, "GET", "issue/ABC-1", None).await.0, 404);
    let anonymous = client()
        .get(api(&jira, "issue/ABC-2"))
        .send()
        .await
        .expect("answered");
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn custom_fields_are_listed_set_and_returned() {
    let jira = start(team_builder(4)).await;
    let fields = get_json(&jira, "field").await;
    let fields = fields.as_array().expect("an array");
    let points = fields
        .iter()
        .find(|f| f["id"] == "customfield_10002")
        .expect("Story Points");
    assert_eq!(points["name"], "Story Points");
    assert_eq!(points["custom"], true);
    assert_eq!(points["schema"]["type"], "number");
    assert_eq!(points["schema"]["customId"], 10002);
    assert!(
        points["schema"]["custom"]
            .as_str()
            .expect("a type key")
            .ends_with(":float")
    );
    let teams: Vec<&str> = fields
        .iter()
        .filter(|f| f["name"] == "Team")
        .map(|f| f["id"].as_str().expect("an id"))
        .collect();
    assert_eq!(teams, ["customfield_10200", "customfield_10201"]);
    let summary = fields
        .iter()
        .find(|f| f["id"] == "summary")
        .expect("summary");
    assert_eq!(summary["custom"], false);

    let create = json!({"fields": {
        "project": {"key": "OPS"}, "issuetype": {"name": "Story"}, "summary": "Estimate me",
        "customfield_10002": 5, "customfield_10200": "Red", "customfield_10300": {"value": "Major"},
        "customfield_10100": "ABC-1", "components": [{"name": "Backend"}],
    }});
    let (status, created) = admin_call(&jira, "POST", "issue", Some(&create)).await;
    assert_eq!(status, 201, "{created}");
    let key = created["key"].as_str().expect("a key");
    let issue = get_json(&jira, &format!("issue/{key}")).await;
    assert_eq!(issue["fields"]["customfield_10002"], 5);
    assert_eq!(issue["fields"]["customfield_10200"], "Red");
    assert_eq!(issue["fields"]["customfield_10201"], Value::Null);
    assert_eq!(issue["fields"]["customfield_10300"]["value"], "Major");
    assert_eq!(issue["fields"]["customfield_10100"], "ABC-1");
    assert_eq!(issue["fields"]["components"][0]["name"], "Backend");

    let edit = json!({"fields": {"customfield_10002": 8.5, "customfield_10300": null}});
    assert_eq!(
        admin_call(&jira, "PUT", &format!("issue/{key}"), Some(&edit))
            .await
            .0,
        204
    );
    let issue = get_json(
        &jira,
        &format!("issue/{key}?fields=customfield_10002,customfield_10300"),
    )
    .await;
    assert_eq!(issue["fields"]["customfield_10002"], 8.5);
    assert_eq!(issue["fields"]["customfield_10300"], Value::Null);

    let bad = json!({"fields": {"customfield_10002": "lots", "customfield_10300": {"value": "Meh"}, "customfield_99999": 1}});
    let (status, body) = admin_call(&jira, "PUT", &format!("issue/{key}"), Some(&bad)).await;
    assert_eq!(status, 400);
    assert!(body["errors"]["customfield_10002"].is_string());
    assert!(
        body["errors"]["customfield_10300"]
            .as_str()
            .expect("a message")
            .contains("Meh")
    );
    assert_eq!(
        body["errors"]["customfield_99999"],
        "Field 'customfield_99999' cannot be set. It is not on the appropriate screen, or unknown."
    );
}

#[tokio::test]
async fn edits_apply_operations_and_record_the_changelog() {
    let jira = start(team_builder(4)).await;
    let edit = json!({
        "fields": {"summary": "Renamed", "fixVersions": [{"name": "2.0"}]},
        "update": {
            "labels": [{"add": "urgent"}, {"remove": "backend"}],
            "components": [{"add": {"name": "Frontend"}}, {"add": {"name": "Backend"}}, {"remove": {"name": "Backend"}}],
            "comment": [{"add": {"body": "Renamed it"}}],
        },
    });
    let (status, body) = admin_call(&jira, "PUT", "issue/OPS-1", Some(&edit)).await;
    assert_eq!(status, 204, "{body}");
    let issue = get_json(&jira, "issue/OPS-1?expand=changelog").await;
    assert_eq!(issue["fields"]["summary"], "Renamed");
    assert_eq!(issue["fields"]["labels"], json!(["urgent"]));
    assert_eq!(issue["fields"]["components"][0]["name"], "Frontend");
    assert_eq!(
        issue["fields"]["components"]
            .as_array()
            .expect("components")
            .len(),
        1
    );
    assert_eq!(issue["fields"]["fixVersions"][0]["name"], "2.0");
    assert_eq!(
        issue["fields"]["comment"]["comments"][0]["body"],
        "Renamed it"
    );

    let histories = issue["changelog"]["histories"]
        .as_array()
        .expect("histories");
    assert_eq!(histories.len(), 1);
    assert_eq!(histories[0]["author"]["name"], USER);
    let items = histories[0]["items"].as_array().expect("items");
    let item = |field: &str| {
        items
            .iter()
            .find(|i| i["field"] == field)
            .unwrap_or_else(|| panic!("{field} in {items:?}"))
    };
    assert_eq!(item("summary")["toString"], "Renamed");
    assert_eq!(item("labels")["fromString"], "backend");
    assert_eq!(item("labels")["toString"], "urgent");
    assert_eq!(item("Component")["toString"], "Frontend");
    assert_eq!(item("Fix Version")["toString"], "2.0");
    assert_eq!(item("summary")["fieldtype"], "jira");

    let bad = json!({"update": {"components": [{"add": {"name": "Nope"}}]}, "fields": {"flavour": "mint"}});
    let (status, body) = admin_call(&jira, "PUT", "issue/OPS-1", Some(&bad)).await;
    assert_eq!(status, 400);
    assert_eq!(
        body["errors"]["components"],
        "Component name 'Nope' is not valid"
    );
    assert!(
        body["errors"]["flavour"]
            .as_str()
            .expect("a message")
            .contains("cannot be set")
    );

    let transition = json!({"transition": {"id": "11"}});
    // OPS-1 is In Progress in the generated data; Stop Progress goes back to To Do.
    let stop = json!({"transition": {"id": "21"}});
    assert_eq!(
        admin_call(&jira, "POST", "issue/OPS-1/transitions", Some(&stop))
            .await
            .0,
        204
    );
    assert_eq!(
        admin_call(&jira, "POST", "issue/OPS-1/transitions", Some(&transition))
            .await
            .0,
        204
    );
    // OPS-1 is bob's in the generated data.
    assert_eq!(
        user_call(
            &jira,
            "PUT",
            "issue/OPS-1/assignee",
            Some(&json!({"name": USER}))
        )
        .await
        .0,
        204
    );
    let issue = get_json(&jira, "issue/OPS-1?fields=status&expand=changelog").await;
    let histories = issue["changelog"]["histories"]
        .as_array()
        .expect("histories");
    assert_eq!(histories.len(), 4);
    assert_eq!(histories[1]["items"][0]["field"], "status");
    assert_eq!(histories[1]["items"][0]["fromString"], "In Progress");
    assert_eq!(histories[1]["items"][0]["toString"], "To Do");
    assert_eq!(histories[3]["items"][0]["field"], "assignee");
    assert_eq!(histories[3]["items"][0]["from"], BOB);
    assert_eq!(histories[3]["items"][0]["to"], USER);
    assert_eq!(histories[3]["author"]["name"], BOB);
}

#[tokio::test]
async fn issues_with_subtasks_need_delete_subtasks() {
    let jira = start(team_builder(2)).await;
    let subtask = json!({"fields": {"project": {"key": "ABC"}, "issuetype": {"name": "Sub-task"}, "summary": "Part", "parent": {"key": "ABC-1"}}});
    let (status, created) = admin_call(&jira, "POST", "issue", Some(&subtask)).await;
    assert_eq!(status, 201, "{created}");
    let child = created["key"].as_str().expect("a key").to_owned();
    let parent = get_json(&jira, "issue/ABC-1?fields=subtasks").await;
    assert_eq!(parent["fields"]["subtasks"][0]["key"], child.as_str());
    let issue = get_json(&jira, &format!("issue/{child}?fields=parent,issuetype")).await;
    assert_eq!(issue["fields"]["parent"]["key"], "ABC-1");
    assert_eq!(issue["fields"]["issuetype"]["subtask"], true);

    let orphan = json!({"fields": {"project": {"key": "ABC"}, "issuetype": {"name": "Sub-task"}, "summary": "Lost"}});
    let (status, body) = admin_call(&jira, "POST", "issue", Some(&orphan)).await;
    assert_eq!(status, 400);
    assert!(body["errors"]["parent"].is_string());

    let (status, body) = admin_call(&jira, "DELETE", "issue/ABC-1", None).await;
    assert_eq!(status, 400);
    assert_eq!(
        body["errorMessages"][0],
        "The issue 'ABC-1' has subtasks.  You must specify the 'deleteSubtasks' parameter to delete this issue with subtasks."
    );
    assert_eq!(
        admin_call(&jira, "DELETE", "issue/ABC-1?deleteSubtasks=true", None)
            .await
            .0,
        204
    );
    assert_eq!(
        admin_call(&jira, "GET", &format!("issue/{child}"), None)
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn cloud_pages_the_changelog() {
    let jira = start(team_builder(2).deployment_type(DeploymentType::Cloud)).await;
    for summary in ["one", "two", "three"] {
        let edit = json!({"fields": {"summary": summary}});
        assert_eq!(
            admin_call(&jira, "PUT", "issue/ABC-1", Some(&edit)).await.0,
            204
        );
    }
    let page = get_json(&jira, "issue/ABC-1/changelog?startAt=1&maxResults=1").await;
    assert_eq!(page["total"], 3);
    assert_eq!(page["startAt"], 1);
    assert_eq!(page["isLast"], false);
    assert_eq!(page["values"][0]["items"][0]["toString"], "two");
    let last = get_json(&jira, "issue/ABC-1/changelog?startAt=2").await;
    assert_eq!(last["isLast"], true);
    assert_eq!(last["values"].as_array().expect("values").len(), 1);
}

#[tokio::test]
async fn comments_are_listed_edited_and_deleted_with_permissions() {
    let jira = start(team_builder(2)).await;
    let (status, first) = admin_call(
        &jira,
        "POST",
        "issue/ABC-1/comment",
        Some(&json!({"body": "first <b>", "visibility": {"type": "role", "value": "Developers"}})),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(
        first["visibility"],
        json!({"type": "role", "value": "Developers"})
    );
    let (status, second) = user_call(&jira, "POST", "issue/ABC-1/comment", Some(&json!({"body": "second", "visibility": {"type": "group", "value": "jira-software-users"}}))).await;
    assert_eq!(status, 201);
    let (status, body) = admin_call(
        &jira,
        "POST",
        "issue/ABC-1/comment",
        Some(&json!({"body": "x", "visibility": {"type": "group", "value": "nobody"}})),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        body["errors"]["commentLevel"]
            .as_str()
            .expect("a message")
            .contains("nobody")
    );
    assert_eq!(
        admin_call(
            &jira,
            "POST",
            "issue/ABC-1/comment",
            Some(&json!({"body": " "}))
        )
        .await
        .0,
        400
    );

    let page = get_json(
        &jira,
        "issue/ABC-1/comment?orderBy=-created&expand=renderedBody",
    )
    .await;
    assert_eq!(page["total"], 2);
    assert_eq!(page["comments"][0]["body"], "second");
    assert_eq!(
        page["comments"][1]["renderedBody"],
        "<p>first &lt;b&gt;</p>"
    );
    let paged = get_json(&jira, "issue/ABC-1/comment?startAt=1&maxResults=1").await;
    assert_eq!(paged["comments"][0]["body"], "second");
    assert_eq!(paged["maxResults"], 1);

    let first_path = format!(
        "issue/ABC-1/comment/{}",
        first["id"].as_str().expect("an id")
    );
    let second_path = format!(
        "issue/ABC-1/comment/{}",
        second["id"].as_str().expect("an id")
    );
    assert_eq!(get_json(&jira, &first_path).await["body"], "first <b>");
    let edit = json!({"body": "edited"});
    let (status, body) = user_call(&jira, "PUT", &first_path, Some(&edit)).await;
    assert_eq!(status, 403);
    assert!(
        body["errorMessages"][0]
            .as_str()
            .expect("a message")
            .contains("permission")
    );
    let (status, edited) = admin_call(&jira, "PUT", &first_path, Some(&edit)).await;
    assert_eq!(status, 200);
    assert_eq!(edited["body"], "edited");
    assert_eq!(user_call(&jira, "DELETE", &first_path, None).await.0, 403);
    assert_eq!(user_call(&jira, "DELETE", &second_path, None).await.0, 204);
    assert_eq!(admin_call(&jira, "GET", &second_path, None).await.0, 404);
    assert_eq!(get_json(&jira, "issue/ABC-1/comment").await["total"], 1);
}

async fn timetracking(jira: &fakejira::Running) -> Value {
    get_json(jira, "issue/ABC-1?fields=timetracking").await["fields"]["timetracking"].clone()
}

#[tokio::test]
async fn worklogs_keep_time_tracking_consistent() {
    let jira = start(team_builder(2)).await;
    let estimate = json!({"fields": {"timetracking": {"originalEstimate": "1d"}}});
    assert_eq!(
        admin_call(&jira, "PUT", "issue/ABC-1", Some(&estimate))
            .await
            .0,
        204
    );
    assert_eq!(timetracking(&jira).await["remainingEstimate"], "1d");

    let log = json!({"timeSpent": "1h 30m", "started": "2024-06-01T12:00:00.000+0000", "comment": "Fixed it"});
    let (status, worklog) = admin_call(&jira, "POST", "issue/ABC-1/worklog", Some(&log)).await;
    assert_eq!(status, 201, "{worklog}");
    assert_eq!(worklog["timeSpentSeconds"], 5400);
    assert_eq!(worklog["timeSpent"], "1h 30m");
    assert_eq!(worklog["started"], "2024-06-01T12:00:00.000+0000");
    assert_eq!(worklog["author"]["name"], USER);
    let tracking = timetracking(&jira).await;
    assert_eq!(tracking["originalEstimateSeconds"], 8 * 3600);
    assert_eq!(tracking["remainingEstimate"], "6h 30m");
    assert_eq!(tracking["timeSpentSeconds"], 5400);

    let (status, body) = admin_call(
        &jira,
        "POST",
        "issue/ABC-1/worklog?adjustEstimate=new",
        Some(&log),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        body["errors"]["newEstimate"],
        "You must supply a valid new estimate."
    );
    let (status, body) = admin_call(
        &jira,
        "POST",
        "issue/ABC-1/worklog?adjustEstimate=manual",
        Some(&log),
    )
    .await;
    assert_eq!(status, 400);
    assert!(body["errors"]["reduceBy"].is_string());
    let (status, body) = admin_call(
        &jira,
        "POST",
        "issue/ABC-1/worklog",
        Some(&json!({"comment": "no time"})),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        body["errors"]["timeLogged"],
        "You must indicate the time spent working."
    );

    let seconds = json!({"timeSpentSeconds": 3600});
    assert_eq!(
        admin_call(
            &jira,
            "POST",
            "issue/ABC-1/worklog?adjustEstimate=new&newEstimate=2h",
            Some(&seconds)
        )
        .await
        .0,
        201
    );
    assert_eq!(timetracking(&jira).await["remainingEstimate"], "2h");
    assert_eq!(
        admin_call(
            &jira,
            "POST",
            "issue/ABC-1/worklog?adjustEstimate=manual&reduceBy=30m",
            Some(&seconds)
        )
        .await
        .0,
        201
    );
    assert_eq!(timetracking(&jira).await["remainingEstimate"], "1h 30m");
    let (status, bobs) = user_call(
        &jira,
        "POST",
        "issue/ABC-1/worklog?adjustEstimate=leave",
        Some(&seconds),
    )
    .await;
    assert_eq!(status, 201);
    let tracking = timetracking(&jira).await;
    assert_eq!(tracking["remainingEstimate"], "1h 30m");
    assert_eq!(tracking["timeSpent"], "4h 30m");

    let page = get_json(&jira, "issue/ABC-1/worklog?startAt=1&maxResults=2").await;
    assert_eq!(page["total"], 4);
    assert_eq!(page["worklogs"].as_array().expect("worklogs").len(), 2);

    let first = format!(
        "issue/ABC-1/worklog/{}",
        worklog["id"].as_str().expect("an id")
    );
    assert_eq!(user_call(&jira, "PUT", &first, Some(&seconds)).await.0, 403);
    let (status, updated) = admin_call(
        &jira,
        "PUT",
        &format!("{first}?adjustEstimate=leave"),
        Some(&json!({"timeSpent": "2h"})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(updated["timeSpentSeconds"], 7200);
    assert_eq!(get_json(&jira, &first).await["comment"], "Fixed it");
    let bobs = format!(
        "issue/ABC-1/worklog/{}",
        bobs["id"].as_str().expect("an id")
    );
    assert_eq!(
        user_call(
            &jira,
            "DELETE",
            &format!("{bobs}?adjustEstimate=manual&increaseBy=1h"),
            None
        )
        .await
        .0,
        204
    );
    let tracking = timetracking(&jira).await;
    assert_eq!(tracking["remainingEstimate"], "2h 30m");
    assert_eq!(tracking["timeSpent"], "4h");
    assert_eq!(admin_call(&jira, "GET", &bobs, None).await.0, 404);
}

#[tokio::test]
async fn transitions_apply_fields_and_updates() {
    let jira = start(team_builder(4)).await;
    // ABC-1 is To Do in the generated data; 31 is Done.
    let done = json!({
        "transition": {"id": "31"},
        "fields": {"resolution": {"name": "Won't Do"}, "labels": ["closed-by-test"]},
        "update": {"comment": [{"add": {"body": "Closing: out of scope."}}]},
    });
    assert_eq!(
        admin_call(&jira, "POST", "issue/ABC-1/transitions", Some(&done))
            .await
            .0,
        204
    );
    let issue = get_json(
        &jira,
        "issue/ABC-1?fields=status,labels,comment,resolution&expand=changelog",
    )
    .await;
    assert_eq!(issue["fields"]["status"]["name"], "Done");
    assert_eq!(issue["fields"]["labels"], json!(["closed-by-test"]));
    assert_eq!(
        issue["fields"]["comment"]["comments"][0]["body"],
        "Closing: out of scope."
    );
    assert!(issue["fields"]["resolution"].is_object());
    let items = &issue["changelog"]["histories"][0]["items"];
    let changed: Vec<&str> = items
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["field"].as_str().expect("a field"))
        .collect();
    assert!(
        changed.contains(&"status") && changed.contains(&"labels"),
        "one history entry for the transition and its fields: {changed:?}"
    );

    // A refused field leaves the issue where it was.
    let reopen = json!({"transition": {"id": "41"}, "fields": {"flavour": "mint"}});
    let (status, refusal) =
        admin_call(&jira, "POST", "issue/ABC-1/transitions", Some(&reopen)).await;
    assert_eq!(status, 400);
    assert!(refusal["errors"]["flavour"].is_string());
    let bad_resolution =
        json!({"transition": {"id": "41"}, "fields": {"resolution": {"name": "Nope"}}});
    let (status, refusal) = admin_call(
        &jira,
        "POST",
        "issue/ABC-1/transitions",
        Some(&bad_resolution),
    )
    .await;
    assert_eq!(
        (status, refusal["errors"]["resolution"].is_string()),
        (400, true)
    );
    let empty_comment =
        json!({"transition": {"id": "41"}, "update": {"comment": [{"add": {"body": " "}}]}});
    assert_eq!(
        admin_call(
            &jira,
            "POST",
            "issue/ABC-1/transitions",
            Some(&empty_comment)
        )
        .await
        .0,
        400
    );
    assert_eq!(
        get_json(&jira, "issue/ABC-1?fields=status").await["fields"]["status"]["name"],
        "Done"
    );
}
