//! Users, groups, projects, components, versions, roles, avatars and schemes.

use crate::common;

use common::*;
use serde_json::{Value, json};

fn names(users: &Value) -> Vec<String> {
    users
        .as_array()
        .expect("an array")
        .iter()
        .map(|user| user["name"].as_str().expect("a name").to_owned())
        .collect()
}

#[tokio::test]
async fn users_are_searched_created_changed_and_deleted() {
    let jira = start(team_builder(2)).await;
    let carol = json!({"name": "carol", "password": "carol-pw", "emailAddress": "carol@corp.example", "displayName": "Carol Jones"});
    let (status, body) = user_call(&jira, "POST", "user", Some(&carol)).await;
    assert_eq!(status, 403);
    assert_eq!(
        body["errorMessages"][0],
        "You are not authorized to perform this operation. Please log in."
    );
    let (status, created) = admin_call(&jira, "POST", "user", Some(&carol)).await;
    assert_eq!(status, 201);
    assert_eq!(created["displayName"], "Carol Jones");
    let (status, body) = admin_call(&jira, "POST", "user", Some(&carol)).await;
    assert_eq!(status, 400);
    assert_eq!(
        body["errors"]["username"],
        "A user with that username already exists."
    );
    assert_eq!(
        get_json(&jira, "user?username=carol").await["emailAddress"],
        "carol@corp.example"
    );

    assert_eq!(
        names(&get_json(&jira, "user/search?username=.").await),
        ["alice", "bob", "carol"]
    );
    assert_eq!(
        names(&get_json(&jira, "user/search?username=jones").await),
        ["carol"]
    );
    let page = get_json(&jira, "user/search?username=.&startAt=1&maxResults=1").await;
    assert_eq!(names(&page), ["bob"], "a plain array, paged");
    assert_eq!(
        names(&get_json(&jira, "user/assignable/search?project=ABC").await).len(),
        3
    );
    assert_eq!(
        names(&get_json(&jira, "user/assignable/search?issueKey=ABC-1&username=bo").await),
        ["bob"]
    );
    assert_eq!(
        names(
            &get_json(
                &jira,
                "user/assignable/multiProjectSearch?projectKeys=ABC&projectKeys=OPS"
            )
            .await
        )
        .len(),
        3
    );
    assert_eq!(
        names(&get_json(&jira, "user/viewissue/search?issueKey=ABC-1").await).len(),
        3
    );
    assert_eq!(
        admin_call(&jira, "GET", "user/assignable/search", None)
            .await
            .0,
        400
    );
    assert_eq!(
        admin_call(
            &jira,
            "GET",
            "user/assignable/multiProjectSearch?projectKeys=NOPE",
            None
        )
        .await
        .0,
        404
    );

    let off = json!({"active": false, "displayName": "Carol (left)"});
    let (status, changed) = admin_call(&jira, "PUT", "user?username=carol", Some(&off)).await;
    assert_eq!((status, &changed["active"]), (200, &json!(false)));
    assert_eq!(
        names(&get_json(&jira, "user/search?username=.").await),
        ["alice", "bob"]
    );
    assert_eq!(
        names(
            &get_json(
                &jira,
                "user/search?username=.&includeInactive=true&includeActive=false"
            )
            .await
        ),
        ["carol"]
    );
    let login = client()
        .get(api(&jira, "myself"))
        .basic_auth("carol", Some("carol-pw"))
        .send()
        .await
        .expect("answered");
    assert_eq!(login.status(), 401, "inactive users cannot log in");
    let rename = json!({"name": "caroline"});
    assert_eq!(
        admin_call(&jira, "PUT", "user?username=carol", Some(&rename))
            .await
            .0,
        200
    );
    assert_eq!(
        admin_call(&jira, "GET", "user?username=carol", None)
            .await
            .0,
        404
    );
    assert_eq!(
        admin_call(&jira, "DELETE", "user?username=caroline", None)
            .await
            .0,
        204
    );
    assert_eq!(
        admin_call(&jira, "DELETE", "user?username=caroline", None)
            .await
            .0,
        404
    );

    let avatars = get_json(&jira, "user/avatars?username=bob").await;
    assert_eq!(avatars["system"][0]["isSelected"], true);
    assert_eq!(
        user_call(
            &jira,
            "PUT",
            "user/avatar?username=bob",
            Some(&json!({"id": "10123"}))
        )
        .await
        .0,
        204
    );
    assert_eq!(
        get_json(&jira, "user/avatars?username=bob").await["system"][1]["isSelected"],
        true
    );
    assert_eq!(
        user_call(
            &jira,
            "PUT",
            "user/avatar?username=alice",
            Some(&json!({"id": 10123}))
        )
        .await
        .0,
        403
    );
    assert_eq!(
        admin_call(&jira, "DELETE", "user/avatar/10122?username=bob", None)
            .await
            .0,
        403
    );
}

#[tokio::test]
async fn groups_are_picked_listed_and_administered() {
    let jira = start(team_builder(2)).await;
    let picker = get_json(&jira, "groups/picker?query=jira").await;
    assert_eq!(picker["total"], 2);
    assert_eq!(picker["groups"][0]["name"], "jira-administrators");
    assert!(
        picker["header"]
            .as_str()
            .expect("a header")
            .contains("2 of 2")
    );
    let admins = get_json(&jira, "group/member?groupname=jira-administrators").await;
    assert_eq!(names(&admins["values"]), ["alice"]);
    assert_eq!(admins["isLast"], true);
    let everyone = get_json(
        &jira,
        "group/member?groupname=jira-software-users&maxResults=1",
    )
    .await;
    assert_eq!(
        (everyone["total"].clone(), everyone["isLast"].clone()),
        (json!(2), json!(false))
    );

    assert_eq!(
        user_call(&jira, "POST", "group", Some(&json!({"name": "ops"})))
            .await
            .0,
        403
    );
    let (status, group) = admin_call(&jira, "POST", "group", Some(&json!({"name": "ops"}))).await;
    assert_eq!((status, &group["name"]), (201, &json!("ops")));
    assert_eq!(
        admin_call(&jira, "POST", "group", Some(&json!({"name": "ops"})))
            .await
            .0,
        400
    );
    assert_eq!(
        admin_call(
            &jira,
            "POST",
            "group/user?groupname=ops",
            Some(&json!({"name": BOB}))
        )
        .await
        .0,
        201
    );
    assert_eq!(
        admin_call(
            &jira,
            "POST",
            "group/user?groupname=ops",
            Some(&json!({"name": BOB}))
        )
        .await
        .0,
        400
    );
    assert_eq!(
        admin_call(
            &jira,
            "POST",
            "group/user?groupname=ops",
            Some(&json!({"name": "nobody"}))
        )
        .await
        .0,
        404
    );
    assert_eq!(
        names(&get_json(&jira, "group/member?groupname=ops").await["values"]),
        ["bob"]
    );
    let (_, bob) = user_call(&jira, "GET", "myself", None).await;
    assert!(
        bob["groups"]["items"]
            .as_array()
            .expect("groups")
            .iter()
            .any(|g| g["name"] == "ops")
    );
    assert_eq!(
        admin_call(
            &jira,
            "DELETE",
            "group/user?groupname=ops&username=bob",
            None
        )
        .await
        .0,
        200
    );
    assert_eq!(
        admin_call(&jira, "DELETE", "group?groupname=ops", None)
            .await
            .0,
        200
    );
    assert_eq!(
        admin_call(&jira, "GET", "group/member?groupname=ops", None)
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn projects_are_created_listed_and_deleted() {
    let jira = start(team_builder(4)).await;
    let listed = get_json(&jira, "project?expand=description,lead").await;
    assert_eq!(listed[0]["lead"]["name"], USER);
    assert!(listed[0]["description"].is_string());
    let new =
        json!({"key": "NEW", "name": "New things", "projectTypeKey": "business", "lead": BOB});
    assert_eq!(user_call(&jira, "POST", "project", Some(&new)).await.0, 403);
    let (status, created) = admin_call(&jira, "POST", "project", Some(&new)).await;
    assert_eq!(status, 201);
    assert_eq!(created["key"], "NEW");
    assert!(
        created["self"]
            .as_str()
            .expect("a link")
            .ends_with(&format!("/project/{}", created["id"]))
    );
    let (status, body) = admin_call(
        &jira,
        "POST",
        "project",
        Some(&json!({"key": "new", "name": "", "lead": "nobody"})),
    )
    .await;
    assert_eq!(status, 400);
    for field in ["projectKey", "projectName", "projectLead"] {
        assert!(body["errors"][field].is_string(), "{field}: {body}");
    }
    assert_eq!(
        admin_call(&jira, "POST", "project", Some(&new)).await.0,
        400
    );
    assert_eq!(
        get_json(&jira, "project/NEW").await["projectTypeKey"],
        "business"
    );
    let issue = json!({"fields": {"project": {"key": "NEW"}, "issuetype": {"name": "Task"}, "summary": "First"}});
    assert_eq!(
        admin_call(&jira, "POST", "issue", Some(&issue)).await.1["key"],
        "NEW-1"
    );
    assert_eq!(user_call(&jira, "DELETE", "project/NEW", None).await.0, 403);
    assert_eq!(
        admin_call(&jira, "DELETE", "project/NEW", None).await.0,
        204
    );
    assert_eq!(admin_call(&jira, "GET", "project/NEW", None).await.0, 404);
    assert_eq!(admin_call(&jira, "GET", "issue/NEW-1", None).await.0, 404);
}

#[tokio::test]
async fn components_and_versions_have_their_lifecycle() {
    // `DELETE version/{id}` is Data Center 8's and 9's: 10.3 describes only removeAndSwap.
    let jira = start(team_builder(4).jira_version(JIRA_8)).await;
    let seeded = get_json(&jira, "project/ABC/components").await;
    assert_eq!(seeded.as_array().expect("components").len(), 2);
    let (status, component) = admin_call(
        &jira,
        "POST",
        "component",
        Some(&json!({"project": "ABC", "name": "API", "leadUserName": BOB})),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(component["lead"]["name"], BOB);
    let id = component["id"].as_str().expect("an id");
    assert_eq!(
        admin_call(
            &jira,
            "POST",
            "component",
            Some(&json!({"project": "ABC", "name": "api"}))
        )
        .await
        .0,
        400
    );
    let edit = json!({"fields": {"components": [{"name": "API"}]}});
    assert_eq!(
        admin_call(&jira, "PUT", "issue/ABC-1", Some(&edit)).await.0,
        204
    );
    assert_eq!(
        get_json(&jira, &format!("component/{id}/relatedIssueCounts")).await["issueCount"],
        1
    );
    let (status, renamed) = admin_call(
        &jira,
        "PUT",
        &format!("component/{id}"),
        Some(&json!({"name": "Public API"})),
    )
    .await;
    assert_eq!((status, &renamed["name"]), (200, &json!("Public API")));
    let backend = seeded[0]["id"].as_str().expect("an id");
    assert_eq!(
        admin_call(
            &jira,
            "DELETE",
            &format!("component/{id}?moveIssuesTo={backend}"),
            None
        )
        .await
        .0,
        204
    );
    assert_eq!(
        admin_call(&jira, "GET", &format!("component/{id}"), None)
            .await
            .0,
        404
    );
    assert_eq!(
        get_json(&jira, "issue/ABC-1?fields=components").await["fields"]["components"][0]["name"],
        "Backend"
    );

    let (status, version) = admin_call(
        &jira,
        "POST",
        "version",
        Some(&json!({"project": "ABC", "name": "3.0", "releaseDate": "2024-12-01"})),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(version["releaseDate"], "2024-12-01");
    let v3 = version["id"].as_str().expect("an id").to_owned();
    assert_eq!(
        admin_call(
            &jira,
            "POST",
            "version",
            Some(&json!({"project": "ABC", "name": "x", "releaseDate": "soon"}))
        )
        .await
        .0,
        400
    );
    let order = |jira| async move { names_of(&get_json(jira, "project/ABC/versions").await) };
    assert_eq!(order(&jira).await, ["1.0", "2.0", "3.0"]);
    assert_eq!(
        admin_call(
            &jira,
            "POST",
            &format!("version/{v3}/move"),
            Some(&json!({"position": "First"}))
        )
        .await
        .0,
        200
    );
    assert_eq!(order(&jira).await, ["3.0", "1.0", "2.0"]);
    let after = get_json(&jira, "project/ABC/versions").await[2]["self"].clone();
    assert_eq!(
        admin_call(
            &jira,
            "POST",
            &format!("version/{v3}/move"),
            Some(&json!({"after": after}))
        )
        .await
        .0,
        200
    );
    assert_eq!(order(&jira).await, ["1.0", "2.0", "3.0"]);
    assert_eq!(
        admin_call(
            &jira,
            "POST",
            &format!("version/{v3}/move"),
            Some(&json!({"position": "Sideways"}))
        )
        .await
        .0,
        400
    );

    let fix = json!({"fields": {"fixVersions": [{"name": "3.0"}], "versions": [{"name": "1.0"}]}});
    assert_eq!(
        admin_call(&jira, "PUT", "issue/ABC-2", Some(&fix)).await.0,
        204
    );
    let counts = get_json(&jira, &format!("version/{v3}/relatedIssueCounts")).await;
    assert_eq!(
        (
            counts["issuesFixedCount"].clone(),
            counts["issuesAffectedCount"].clone()
        ),
        (json!(1), json!(0))
    );
    assert_eq!(
        get_json(&jira, &format!("version/{v3}/unresolvedIssueCount")).await["issuesCount"],
        1
    );
    let (status, released) = admin_call(
        &jira,
        "PUT",
        &format!("version/{v3}"),
        Some(&json!({"released": true})),
    )
    .await;
    assert_eq!((status, &released["released"]), (200, &json!(true)));
    assert_eq!(
        admin_call(&jira, "DELETE", &format!("version/{v3}"), None)
            .await
            .0,
        204
    );
    assert!(
        get_json(&jira, "issue/ABC-2?fields=fixVersions").await["fields"]["fixVersions"]
            .as_array()
            .expect("versions")
            .is_empty()
    );
}

fn names_of(items: &Value) -> Vec<String> {
    items
        .as_array()
        .expect("an array")
        .iter()
        .map(|item| item["name"].as_str().expect("a name").to_owned())
        .collect()
}

#[tokio::test]
async fn project_roles_avatars_and_schemes() {
    let jira = start(team_builder(2)).await;
    let roles = get_json(&jira, "project/ABC/role").await;
    let developers = roles["Developers"].as_str().expect("a role URL");
    assert!(developers.ends_with("/project/10000/role/10001"));
    let admins = get_json(&jira, "project/ABC/role/10002").await;
    assert_eq!(admins["actors"][0]["name"], "jira-administrators");
    assert_eq!(admins["actors"][0]["type"], "atlassian-group-role-actor");
    assert_eq!(
        user_call(
            &jira,
            "POST",
            "project/ABC/role/10001",
            Some(&json!({"user": [BOB]}))
        )
        .await
        .0,
        403
    );
    let (status, role) = admin_call(
        &jira,
        "POST",
        "project/ABC/role/10001",
        Some(&json!({"user": [BOB], "group": ["jira-software-users"]})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(role["actors"].as_array().expect("actors").len(), 2);
    assert_eq!(role["actors"][0]["displayName"], "Bob Example");
    assert_eq!(
        admin_call(
            &jira,
            "POST",
            "project/ABC/role/10001",
            Some(&json!({"user": ["nobody"]}))
        )
        .await
        .0,
        400
    );
    assert_eq!(
        admin_call(&jira, "DELETE", "project/ABC/role/10001?user=bob", None)
            .await
            .0,
        204
    );
    assert_eq!(
        get_json(&jira, "project/ABC/role/10001").await["actors"]
            .as_array()
            .expect("actors")
            .len(),
        1
    );
    assert_eq!(
        get_json(&jira, "project/OPS/role/10001").await["actors"],
        json!([])
    );
    assert_eq!(
        admin_call(&jira, "GET", "project/ABC/role/1", None).await.0,
        404
    );

    assert_eq!(
        get_json(&jira, "project/ABC/avatars").await["system"][0]["isSelected"],
        true
    );
    assert_eq!(
        admin_call(
            &jira,
            "PUT",
            "project/ABC/avatar",
            Some(&json!({"id": "10325"}))
        )
        .await
        .0,
        204
    );
    assert_eq!(
        get_json(&jira, "project/ABC/avatars").await["system"][1]["isSelected"],
        true
    );
    assert!(
        get_json(&jira, "project/ABC").await["avatarUrls"]["48x48"]
            .as_str()
            .expect("a URL")
            .contains("avatarId=10325")
    );
    assert_eq!(
        admin_call(&jira, "DELETE", "project/ABC/avatar/10324", None)
            .await
            .0,
        403
    );

    assert_eq!(
        get_json(&jira, "project/ABC/permissionscheme").await["id"],
        0
    );
    assert_eq!(
        get_json(&jira, "project/ABC/notificationscheme").await["id"],
        10000
    );
    assert_eq!(
        get_json(&jira, "project/ABC/issuesecuritylevelscheme").await["levels"][0]["id"],
        "10000"
    );
    assert_eq!(
        get_json(&jira, "project/ABC/priorityscheme").await["defaultOptionId"],
        "3"
    );
    assert_eq!(
        user_call(&jira, "DELETE", "permissionscheme/10000", None)
            .await
            .0,
        403
    );
    assert_eq!(
        admin_call(&jira, "DELETE", "permissionscheme/0", None)
            .await
            .0,
        403
    );
    assert_eq!(
        admin_call(&jira, "DELETE", "permissionscheme/10000", None)
            .await
            .0,
        204
    );
    assert_eq!(
        admin_call(&jira, "DELETE", "permissionscheme/10000", None)
            .await
            .0,
        404
    );
}
