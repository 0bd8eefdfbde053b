//! Issue properties, links, remote links, watchers, votes, screens metadata and the
//! configuration resources.

use crate::common;

use common::*;
use fakejira::DeploymentType;
use serde_json::{Value, json};

#[tokio::test]
async fn issue_properties_are_created_updated_and_deleted() {
    let jira = start(team_builder(2)).await;
    let path = "issue/ABC-1/properties/support.ticket";
    let (status, body) = admin_call(&jira, "GET", path, None).await;
    assert_eq!(status, 404);
    assert!(
        body["errorMessages"][0]
            .as_str()
            .expect("a message")
            .contains("support.ticket")
    );
    assert_eq!(
        admin_call(&jira, "PUT", path, Some(&json!({"id": 42})))
            .await
            .0,
        201
    );
    assert_eq!(
        admin_call(&jira, "PUT", path, Some(&json!({"id": 43})))
            .await
            .0,
        200
    );
    assert_eq!(
        get_json(&jira, path).await,
        json!({"key": "support.ticket", "value": {"id": 43}})
    );
    let keys = get_json(&jira, "issue/ABC-1/properties").await;
    assert_eq!(keys["keys"][0]["key"], "support.ticket");
    assert!(
        keys["keys"][0]["self"]
            .as_str()
            .expect("a link")
            .ends_with("/properties/support.ticket")
    );
    let issue = get_json(
        &jira,
        "issue/ABC-1?fields=summary&properties=support.ticket",
    )
    .await;
    assert_eq!(issue["properties"]["support.ticket"]["id"], 43);
    assert_eq!(admin_call(&jira, "DELETE", path, None).await.0, 204);
    assert_eq!(admin_call(&jira, "DELETE", path, None).await.0, 404);
    assert_eq!(
        get_json(&jira, "issue/ABC-1/properties").await,
        json!({"keys": []})
    );
}

#[tokio::test]
async fn issues_link_to_each_other() {
    let jira = start(team_builder(4)).await;
    let types = get_json(&jira, "issueLinkType").await;
    let names: Vec<&str> = types["issueLinkTypes"]
        .as_array()
        .expect("types")
        .iter()
        .map(|t| t["name"].as_str().expect("a name"))
        .collect();
    assert_eq!(names, ["Blocks", "Cloners", "Duplicate", "Relates"]);
    let blocks = get_json(&jira, "issueLinkType/10000").await;
    assert_eq!(blocks["outward"], "blocks");
    assert_eq!(
        admin_call(&jira, "GET", "issueLinkType/1", None).await.0,
        404
    );

    let link = json!({"type": {"name": "Blocks"}, "inwardIssue": {"key": "ABC-1"}, "outwardIssue": {"key": "OPS-1"}, "comment": {"body": "Blocking"}});
    let (status, body) = admin_call(&jira, "POST", "issueLink", Some(&link)).await;
    assert_eq!((status, body), (201, Value::Null));
    let bad = json!({"type": {"name": "Causes"}, "inwardIssue": {"key": "ABC-1"}, "outwardIssue": {"key": "OPS-1"}});
    assert_eq!(
        admin_call(&jira, "POST", "issueLink", Some(&bad)).await.0,
        404
    );
    let missing = json!({"type": {"name": "Blocks"}, "inwardIssue": {"key": "ABC-99"}, "outwardIssue": {"key": "OPS-1"}});
    assert_eq!(
        admin_call(&jira, "POST", "issueLink", Some(&missing))
            .await
            .0,
        404
    );

    let inward = get_json(&jira, "issue/ABC-1?fields=issuelinks").await;
    let links = inward["fields"]["issuelinks"].as_array().expect("links");
    assert_eq!(links.len(), 1);
    assert_eq!(links[0]["outwardIssue"]["key"], "OPS-1");
    assert_eq!(links[0]["type"]["name"], "Blocks");
    let outward = get_json(&jira, "issue/OPS-1?fields=issuelinks,comment").await;
    assert_eq!(
        outward["fields"]["issuelinks"][0]["inwardIssue"]["key"],
        "ABC-1"
    );
    assert_eq!(
        outward["fields"]["comment"]["comments"][0]["body"],
        "Blocking"
    );

    let id = links[0]["id"].as_str().expect("an id");
    let fetched = get_json(&jira, &format!("issueLink/{id}")).await;
    assert_eq!(fetched["inwardIssue"]["key"], "ABC-1");
    assert_eq!(fetched["outwardIssue"]["key"], "OPS-1");
    assert_eq!(
        admin_call(&jira, "DELETE", &format!("issueLink/{id}"), None)
            .await
            .0,
        204
    );
    assert_eq!(
        admin_call(&jira, "GET", &format!("issueLink/{id}"), None)
            .await
            .0,
        404
    );
    assert!(
        get_json(&jira, "issue/ABC-1?fields=issuelinks").await["fields"]["issuelinks"]
            .as_array()
            .expect("links")
            .is_empty()
    );
}

#[tokio::test]
async fn remote_links_update_by_global_id() {
    let jira = start(team_builder(2)).await;
    let link = json!({"globalId": "system=wiki&id=1", "object": {"url": "https://wiki.example.com/1", "title": "Design"}});
    let (status, created) = admin_call(&jira, "POST", "issue/ABC-1/remotelink", Some(&link)).await;
    assert_eq!(status, 201);
    let id = created["id"].as_u64().expect("an id");
    assert!(
        created["self"]
            .as_str()
            .expect("a link")
            .ends_with(&format!("/remotelink/{id}"))
    );
    let again = json!({"globalId": "system=wiki&id=1", "object": {"url": "https://wiki.example.com/1", "title": "Design v2"}});
    let (status, updated) = admin_call(&jira, "POST", "issue/ABC-1/remotelink", Some(&again)).await;
    assert_eq!(status, 200);
    assert_eq!(updated["id"], id);
    let other = json!({"object": {"url": "https://ci.example.com/7", "title": "Build"}});
    assert_eq!(
        admin_call(&jira, "POST", "issue/ABC-1/remotelink", Some(&other))
            .await
            .0,
        201
    );
    assert_eq!(
        admin_call(
            &jira,
            "POST",
            "issue/ABC-1/remotelink",
            Some(&json!({"object": {}}))
        )
        .await
        .0,
        400
    );

    let all = get_json(&jira, "issue/ABC-1/remotelink").await;
    assert_eq!(all.as_array().expect("links").len(), 2);
    assert_eq!(all[0]["object"]["title"], "Design v2");
    let one = get_json(&jira, &format!("issue/ABC-1/remotelink/{id}")).await;
    assert_eq!(one["globalId"], "system=wiki&id=1");
    let put = json!({"object": {"url": "https://wiki.example.com/1", "title": "Design v3"}});
    assert_eq!(
        admin_call(
            &jira,
            "PUT",
            &format!("issue/ABC-1/remotelink/{id}"),
            Some(&put)
        )
        .await
        .0,
        204
    );
    assert_eq!(
        get_json(&jira, &format!("issue/ABC-1/remotelink/{id}")).await["object"]["title"],
        "Design v3"
    );
    let by_global = "issue/ABC-1/remotelink?globalId=system%3Dwiki%26id%3D1";
    // The PUT dropped the global id, so deleting by it finds nothing.
    assert_eq!(admin_call(&jira, "DELETE", by_global, None).await.0, 404);
    assert_eq!(
        admin_call(
            &jira,
            "DELETE",
            &format!("issue/ABC-1/remotelink/{id}"),
            None
        )
        .await
        .0,
        204
    );
    assert_eq!(
        get_json(&jira, "issue/ABC-1/remotelink")
            .await
            .as_array()
            .expect("links")
            .len(),
        1
    );
}

#[tokio::test]
async fn watchers_and_votes() {
    let jira = start(team_builder(2)).await;
    let watchers = |jira| async move { get_json(jira, "issue/ABC-1/watchers").await };
    assert_eq!(watchers(&jira).await["watchCount"], 0);
    assert_eq!(
        admin_call(&jira, "POST", "issue/ABC-1/watchers", Some(&json!(BOB)))
            .await
            .0,
        204
    );
    assert_eq!(
        admin_call(&jira, "POST", "issue/ABC-1/watchers", None)
            .await
            .0,
        204
    );
    let (status, _) = admin_call(
        &jira,
        "POST",
        "issue/ABC-1/watchers",
        Some(&json!("nobody")),
    )
    .await;
    assert_eq!(status, 404);
    let now = watchers(&jira).await;
    assert_eq!(now["watchCount"], 2);
    assert_eq!(now["isWatching"], true);
    assert_eq!(now["watchers"][0]["name"], BOB);
    assert_eq!(
        admin_call(
            &jira,
            "DELETE",
            &format!("issue/ABC-1/watchers?username={BOB}"),
            None
        )
        .await
        .0,
        204
    );
    assert_eq!(
        admin_call(&jira, "DELETE", "issue/ABC-1/watchers", None)
            .await
            .0,
        400
    );
    assert_eq!(watchers(&jira).await["watchCount"], 1);

    // ABC-1 was reported by alice in the generated data.
    let (status, body) = admin_call(&jira, "POST", "issue/ABC-1/votes", None).await;
    assert_eq!(status, 404);
    assert_eq!(
        body["errorMessages"][0],
        "You cannot vote for an issue you have reported."
    );
    assert_eq!(
        user_call(&jira, "POST", "issue/ABC-1/votes", None).await.0,
        204
    );
    let (_, votes) = user_call(&jira, "GET", "issue/ABC-1/votes", None).await;
    assert_eq!(votes["votes"], 1);
    assert_eq!(votes["hasVoted"], true);
    assert_eq!(votes["voters"][0]["name"], BOB);
    assert_eq!(
        get_json(&jira, "issue/ABC-1/votes").await["hasVoted"],
        false
    );
    assert_eq!(
        user_call(&jira, "DELETE", "issue/ABC-1/votes", None)
            .await
            .0,
        204
    );
    assert_eq!(
        user_call(&jira, "DELETE", "issue/ABC-1/votes", None)
            .await
            .0,
        404
    );
    assert_eq!(
        get_json(&jira, "issue/ABC-1?fields=votes").await["fields"]["votes"]["votes"],
        0
    );
}

#[tokio::test]
async fn cloud_unwatches_by_account_id() {
    let jira = start(team_builder(2).deployment_type(DeploymentType::Cloud)).await;
    assert_eq!(
        admin_call(&jira, "POST", "issue/ABC-1/watchers", Some(&json!(BOB)))
            .await
            .0,
        204
    );
    assert_eq!(
        admin_call(
            &jira,
            "DELETE",
            &format!("issue/ABC-1/watchers?username={BOB}"),
            None
        )
        .await
        .0,
        400
    );
    assert_eq!(
        admin_call(
            &jira,
            "DELETE",
            &format!("issue/ABC-1/watchers?accountId={BOB}"),
            None
        )
        .await
        .0,
        204
    );
}

#[tokio::test]
async fn screens_describe_their_fields() {
    // The all-projects `issue/createmeta` went with 9.0; 8.20 still has it.
    let jira = start(team_builder(2).jira_version(JIRA_8)).await;
    let edit = get_json(&jira, "issue/ABC-1/editmeta").await;
    let fields = &edit["fields"];
    assert_eq!(fields["summary"]["required"], true);
    assert_eq!(
        fields["labels"]["operations"],
        json!(["add", "set", "remove"])
    );
    assert_eq!(fields["components"]["allowedValues"][0]["name"], "Backend");
    assert_eq!(
        fields["customfield_10300"]["allowedValues"][1]["value"],
        "Major"
    );
    assert_eq!(fields["customfield_10002"]["schema"]["customId"], 10002);
    assert!(fields.get("project").is_none());

    let all = get_json(&jira, "issue/createmeta").await;
    assert_eq!(all["projects"].as_array().expect("projects").len(), 2);
    assert!(all["projects"][0]["issuetypes"][0].get("fields").is_none());
    let one = get_json(&jira, "issue/createmeta?projectKeys=OPS&issuetypeNames=Bug&issuetypeNames=Story&expand=projects.issuetypes.fields").await;
    let projects = one["projects"].as_array().expect("projects");
    assert_eq!(projects.len(), 1);
    assert_eq!(projects[0]["key"], "OPS");
    let types: Vec<&str> = projects[0]["issuetypes"]
        .as_array()
        .expect("types")
        .iter()
        .map(|t| t["name"].as_str().expect("a name"))
        .collect();
    assert_eq!(types, ["Bug", "Story"]);
    assert_eq!(
        projects[0]["issuetypes"][0]["fields"]["project"]["required"],
        true
    );
    assert_eq!(
        get_json(&jira, "issue/createmeta?projectIds=10000,10001").await["projects"]
            .as_array()
            .expect("projects")
            .len(),
        2
    );

    let page = get_json(&jira, "issue/createmeta/ABC/issuetypes?maxResults=2").await;
    assert_eq!(page["total"], 5);
    assert_eq!(page["isLast"], false);
    assert_eq!(page["values"].as_array().expect("values").len(), 2);
    let fields = get_json(
        &jira,
        "issue/createmeta/ABC/issuetypes/10004?startAt=0&maxResults=100",
    )
    .await;
    assert_eq!(fields["isLast"], true);
    let summary = fields["values"]
        .as_array()
        .expect("values")
        .iter()
        .find(|f| f["fieldId"] == "summary")
        .expect("summary");
    assert_eq!(summary["required"], true);
    assert_eq!(
        admin_call(&jira, "GET", "issue/createmeta/NOPE/issuetypes", None)
            .await
            .0,
        404
    );
    assert_eq!(
        admin_call(&jira, "GET", "issue/createmeta/ABC/issuetypes/1", None)
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn configuration_resources_answer() {
    let jira = start(team_builder(2)).await;
    assert_eq!(
        get_json(&jira, "issuetype")
            .await
            .as_array()
            .expect("types")
            .len(),
        5
    );
    assert_eq!(get_json(&jira, "issuetype/10003").await["subtask"], true);
    assert_eq!(get_json(&jira, "priority").await[0]["name"], "Highest");
    assert_eq!(get_json(&jira, "priority/3").await["name"], "Medium");
    assert_eq!(
        get_json(&jira, "status")
            .await
            .as_array()
            .expect("statuses")
            .len(),
        3
    );
    assert_eq!(get_json(&jira, "status/In%20Progress").await["id"], "3");
    assert_eq!(get_json(&jira, "status/10001").await["name"], "Done");
    assert_eq!(
        get_json(&jira, "statuscategory")
            .await
            .as_array()
            .expect("categories")
            .len(),
        4
    );
    assert_eq!(get_json(&jira, "statuscategory/done").await["id"], 3);
    assert_eq!(get_json(&jira, "resolution/10000").await["name"], "Done");
    assert_eq!(
        get_json(&jira, "resolution")
            .await
            .as_array()
            .expect("resolutions")
            .len(),
        3
    );
    assert_eq!(
        get_json(&jira, "securitylevel/10000").await["name"],
        "Internal"
    );
    assert_eq!(
        get_json(&jira, "customFieldOption/10301").await["value"],
        "Major"
    );
    assert_eq!(get_json(&jira, "role").await[0]["name"], "Administrators");
    for missing in [
        "issuetype/1",
        "priority/9",
        "status/Nope",
        "statuscategory/9",
        "resolution/1",
        "securitylevel/1",
        "customFieldOption/1",
    ] {
        assert_eq!(
            admin_call(&jira, "GET", missing, None).await.0,
            404,
            "{missing}"
        );
    }
}

#[tokio::test]
async fn permissions_properties_reindex_and_sessions_follow_the_admin_model() {
    let jira = start(team_builder(2)).await;
    let mine = get_json(&jira, "mypermissions?projectKey=ABC").await;
    assert_eq!(mine["permissions"]["ADMINISTER"]["havePermission"], true);
    assert_eq!(mine["permissions"]["ADMINISTER"]["type"], "GLOBAL");
    let (_, bobs) = user_call(
        &jira,
        "GET",
        "mypermissions?permissions=ADMINISTER,BROWSE_PROJECTS&permissions=DELETE_ISSUES",
        None,
    )
    .await;
    let keys: Vec<&String> = bobs["permissions"]
        .as_object()
        .expect("permissions")
        .keys()
        .collect();
    assert_eq!(keys.len(), 3);
    assert_eq!(bobs["permissions"]["ADMINISTER"]["havePermission"], false);
    assert_eq!(
        bobs["permissions"]["BROWSE_PROJECTS"]["havePermission"],
        true
    );
    assert_eq!(
        admin_call(&jira, "GET", "mypermissions?permissions=FLY", None)
            .await
            .0,
        400
    );
    assert_eq!(
        admin_call(&jira, "GET", "mypermissions?projectKey=NOPE", None)
            .await
            .0,
        404
    );
    assert_eq!(
        admin_call(&jira, "GET", "mypermissions?issueKey=ABC-99", None)
            .await
            .0,
        404
    );

    let all = get_json(&jira, "application-properties").await;
    assert!(
        all.as_array()
            .expect("properties")
            .iter()
            .any(|p| p["key"] == "jira.title")
    );
    assert_eq!(
        get_json(&jira, "application-properties?key=jira.title").await["value"],
        "Jira"
    );
    let change = json!({"id": "jira.title", "value": "Simulated"});
    let (status, body) = user_call(
        &jira,
        "PUT",
        "application-properties/jira.title",
        Some(&change),
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(
        body["errorMessages"][0],
        "You are not authorized to perform this operation. Please log in."
    );
    let (status, body) = admin_call(
        &jira,
        "PUT",
        "application-properties/jira.title",
        Some(&change),
    )
    .await;
    assert_eq!((status, &body["value"]), (200, &json!("Simulated")));
    assert_eq!(
        get_json(&jira, "application-properties?key=jira.title").await["value"],
        "Simulated"
    );
    let not_bool = json!({"id": "jira.option.voting", "value": "maybe"});
    assert_eq!(
        admin_call(
            &jira,
            "PUT",
            "application-properties/jira.option.voting",
            Some(&not_bool)
        )
        .await
        .0,
        400
    );

    assert_eq!(user_call(&jira, "POST", "reindex", None).await.0, 403);
    assert_eq!(admin_call(&jira, "GET", "reindex", None).await.0, 404);
    assert_eq!(admin_call(&jira, "POST", "reindex", None).await.0, 202);
    assert_eq!(get_json(&jira, "reindex").await["currentProgress"], 100);

    let (status, session) =
        call_as(&jira, (BOB, BOB_PASSWORD), "GET", "auth/1/session", None).await;
    assert_eq!(status, 200);
    assert_eq!(session["name"], BOB);
    assert!(session["loginInfo"]["loginCount"].is_number());
    let anonymous = client()
        .get(jira.url().join("rest/auth/1/session").expect("a URL"))
        .send()
        .await
        .expect("answered");
    assert_eq!(anonymous.status(), 401);
    assert_eq!(
        call_as(&jira, (BOB, BOB_PASSWORD), "DELETE", "auth/1/session", None)
            .await
            .0,
        204
    );
    assert_eq!(
        call_as(&jira, (USER, PASSWORD), "DELETE", "auth/1/websudo", None)
            .await
            .0,
        204
    );
}
