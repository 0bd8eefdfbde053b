//! fakejira's answers held to Atlassian's Data Center 10.3 REST description: every operation
//! the simulator serves on 10.3 that the description gives a JSON success answer for is called
//! on a seeded simulator, and its body validated against that answer's schema
//! (`tests/schemas/dc-10.3.json`, extracted by `cargo xtask schemas`).
//!
//! Where the description is looser than Jira, or wrong against it, the test says so: an
//! [`Envelope`] when the description gives one element's schema for an answer that is a list
//! or a page of them (the element is validated), and a [`WAIVERS`] entry, with its reason, for
//! a part of an answer the description gets wrong.

use std::collections::{BTreeMap, BTreeSet};

use crate::common;

use common::*;
use fakejira::Running;
use serde_json::{Value, json};

/// The extract: compiled in, so that no test reads Atlassian's descriptions.
const EXTRACT: &str = include_str!("../schemas/dc-10.3.json");
const PAT: &str = "schemas-pat";
const BOUNDARY: &str = "schemas-boundary";

/// How an answer relates to the schema the description gives for it.
#[derive(Clone, Copy, Debug)]
enum Envelope {
    /// The answer is what the schema describes.
    Whole,
    /// The description gives one element; Jira answers an array of them.
    Items,
    /// The description gives one element; Jira answers a page with them under this key.
    Page(&'static str),
}

/// One call: the operation (`METHOD /api-prefix/template`, as in the extract), the concrete
/// path below `rest/` (`{name}` is an id an earlier call remembered), a JSON body, and what to
/// remember from the answer (`name`, JSON pointer).
struct Case {
    operation: &'static str,
    path: &'static str,
    body: Option<&'static str>,
    remember: Option<(&'static str, &'static str)>,
    envelope: Envelope,
}

const fn get(operation: &'static str, path: &'static str) -> Case {
    Case {
        operation,
        path,
        body: None,
        remember: None,
        envelope: Envelope::Whole,
    }
}

const fn send(operation: &'static str, path: &'static str, body: &'static str) -> Case {
    Case {
        body: Some(body),
        ..get(operation, path)
    }
}

impl Case {
    const fn remember(mut self, name: &'static str, pointer: &'static str) -> Self {
        self.remember = Some((name, pointer));
        self
    }

    const fn items(mut self) -> Self {
        self.envelope = Envelope::Items;
        self
    }

    const fn page(mut self, key: &'static str) -> Self {
        self.envelope = Envelope::Page(key);
        self
    }
}

/// The calls, in an order where each id is remembered before it is used. Operations without a
/// JSON success answer appear only to set up later calls, and are not validated.
const CASES: &[Case] = &[
    get("GET /api/2/serverInfo", "api/2/serverInfo"),
    get("GET /api/2/myself", "api/2/myself"),
    get("GET /api/2/user", "api/2/user?username=alice"),
    get("GET /api/2/user/search", "api/2/user/search?username=a").items(),
    get(
        "GET /api/2/user/assignable/search",
        "api/2/user/assignable/search?project=ABC",
    )
    .items(),
    get(
        "GET /api/2/user/assignable/multiProjectSearch",
        "api/2/user/assignable/multiProjectSearch?projectKeys=ABC",
    )
    .items(),
    get(
        "GET /api/2/user/viewissue/search",
        "api/2/user/viewissue/search?issueKey=ABC-1",
    )
    .items(),
    get(
        "GET /api/2/user/avatars",
        "api/2/user/avatars?username=alice",
    )
    .remember("avatar", "/system/0/id"),
    send(
        "PUT /api/2/user/avatar",
        "api/2/user/avatar?username=alice",
        r#"{"id": "{avatar}"}"#,
    ),
    send(
        "POST /api/2/user",
        "api/2/user",
        r#"{"name": "carol", "password": "pw", "emailAddress": "carol@example.com", "displayName": "Carol"}"#,
    ),
    send(
        "PUT /api/2/user",
        "api/2/user?username=carol",
        r#"{"displayName": "Carol C"}"#,
    ),
    get("GET /api/2/applicationrole", "api/2/applicationrole").items(),
    get("GET /api/2/groups/picker", "api/2/groups/picker?query=jira"),
    get(
        "GET /api/2/group/member",
        "api/2/group/member?groupname=jira-software-users",
    )
    .page("values"),
    send("POST /api/2/group", "api/2/group", r#"{"name": "testers"}"#),
    send(
        "POST /api/2/group/user",
        "api/2/group/user?groupname=testers",
        r#"{"name": "carol"}"#,
    ),
    get("GET /api/2/field", "api/2/field").items(),
    get(
        "GET /api/2/search",
        "api/2/search?jql=project%20%3D%20ABC&expand=names",
    ),
    send(
        "POST /api/2/search",
        "api/2/search",
        r#"{"jql": "project = ABC", "maxResults": 2}"#,
    ),
    send(
        "POST /api/2/issue",
        "api/2/issue",
        r#"{"fields": {"project": {"key": "ABC"}, "issuetype": {"name": "Task"}, "summary": "Validated"}}"#,
    ),
    send(
        "POST /api/2/issue/bulk",
        "api/2/issue/bulk",
        r#"{"issueUpdates": [{"fields": {"project": {"key": "ABC"}, "issuetype": {"name": "Bug"}, "summary": "One"}}]}"#,
    ),
    get(
        "GET /api/2/issue/{issueIdOrKey}",
        "api/2/issue/ABC-1?expand=names,transitions,changelog,renderedFields",
    ),
    get(
        "GET /api/2/issue/{issueIdOrKey}/transitions",
        "api/2/issue/ABC-1/transitions",
    ),
    send(
        "POST /api/2/issue/{issueIdOrKey}/comment",
        "api/2/issue/ABC-1/comment",
        r#"{"body": "A comment"}"#,
    )
    .remember("comment", "/id"),
    get(
        "GET /api/2/issue/{issueIdOrKey}/comment",
        "api/2/issue/ABC-1/comment",
    ),
    get(
        "GET /api/2/issue/{issueIdOrKey}/comment/{id}",
        "api/2/issue/ABC-1/comment/{comment}",
    ),
    send(
        "PUT /api/2/issue/{issueIdOrKey}/comment/{id}",
        "api/2/issue/ABC-1/comment/{comment}",
        r#"{"body": "Edited"}"#,
    ),
    send(
        "POST /api/2/issue/{issueIdOrKey}/worklog",
        "api/2/issue/ABC-1/worklog",
        r#"{"timeSpent": "1h", "comment": "work"}"#,
    )
    .remember("worklog", "/id"),
    get(
        "GET /api/2/issue/{issueIdOrKey}/worklog",
        "api/2/issue/ABC-1/worklog",
    ),
    get(
        "GET /api/2/issue/{issueIdOrKey}/worklog/{id}",
        "api/2/issue/ABC-1/worklog/{worklog}",
    ),
    send(
        "PUT /api/2/issue/{issueIdOrKey}/worklog/{id}",
        "api/2/issue/ABC-1/worklog/{worklog}",
        r#"{"timeSpent": "2h"}"#,
    ),
    get(
        "POST /api/2/issue/{issueIdOrKey}/attachments",
        "api/2/issue/ABC-1/attachments",
    )
    .items()
    .remember("attachment", "/0/id"),
    get("GET /api/2/attachment/meta", "api/2/attachment/meta"),
    get(
        "GET /api/2/attachment/{id}",
        "api/2/attachment/{attachment}",
    ),
    send(
        "PUT /api/2/issue/{issueIdOrKey}/properties/{propertyKey}",
        "api/2/issue/ABC-1/properties/test.prop",
        r#"{"answer": 42}"#,
    ),
    get(
        "GET /api/2/issue/{issueIdOrKey}/properties",
        "api/2/issue/ABC-1/properties",
    ),
    get(
        "GET /api/2/issue/{issueIdOrKey}/properties/{propertyKey}",
        "api/2/issue/ABC-1/properties/test.prop",
    ),
    get(
        "GET /api/2/issue/{issueIdOrKey}/watchers",
        "api/2/issue/ABC-1/watchers",
    ),
    get(
        "GET /api/2/issue/{issueIdOrKey}/votes",
        "api/2/issue/ABC-1/votes",
    ),
    send(
        "POST /api/2/issue/{issueIdOrKey}/remotelink",
        "api/2/issue/ABC-1/remotelink",
        r#"{"object": {"url": "https://example.com/x", "title": "Example"}}"#,
    )
    .remember("link", "/id"),
    get(
        "GET /api/2/issue/{issueIdOrKey}/remotelink",
        "api/2/issue/ABC-1/remotelink",
    )
    .items(),
    get(
        "GET /api/2/issue/{issueIdOrKey}/remotelink/{linkId}",
        "api/2/issue/ABC-1/remotelink/{link}",
    ),
    get("GET /api/2/issueLinkType", "api/2/issueLinkType")
        .remember("linktype", "/issueLinkTypes/0/id"),
    get(
        "GET /api/2/issueLinkType/{issueLinkTypeId}",
        "api/2/issueLinkType/{linktype}",
    ),
    send(
        "POST /api/2/issueLink",
        "api/2/issueLink",
        r#"{"type": {"name": "Blocks"}, "inwardIssue": {"key": "ABC-1"}, "outwardIssue": {"key": "ABC-2"}}"#,
    ),
    get(
        "GET /api/2/issue/{issueIdOrKey}",
        "api/2/issue/ABC-1?fields=issuelinks",
    )
    .remember("issuelink", "/fields/issuelinks/0/id"),
    get(
        "GET /api/2/issueLink/{linkId}",
        "api/2/issueLink/{issuelink}",
    ),
    get(
        "GET /api/2/issue/{issueIdOrKey}/editmeta",
        "api/2/issue/ABC-1/editmeta",
    ),
    get(
        "GET /api/2/issue/createmeta/{projectIdOrKey}/issuetypes",
        "api/2/issue/createmeta/ABC/issuetypes",
    )
    .page("values")
    .remember("type", "/values/0/id"),
    get(
        "GET /api/2/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}",
        "api/2/issue/createmeta/ABC/issuetypes/{type}",
    )
    .page("values"),
    get("GET /api/2/issuetype", "api/2/issuetype").items(),
    get("GET /api/2/issuetype/{id}", "api/2/issuetype/{type}"),
    get("GET /api/2/priority", "api/2/priority")
        .items()
        .remember("priority", "/0/id"),
    get("GET /api/2/priority/{id}", "api/2/priority/{priority}"),
    get("GET /api/2/status", "api/2/status")
        .items()
        .remember("status", "/0/id"),
    get("GET /api/2/status/{idOrName}", "api/2/status/{status}"),
    get("GET /api/2/statuscategory", "api/2/statuscategory").items(),
    get(
        "GET /api/2/statuscategory/{idOrKey}",
        "api/2/statuscategory/done",
    ),
    get("GET /api/2/resolution", "api/2/resolution")
        .items()
        .remember("resolution", "/0/id"),
    get(
        "GET /api/2/resolution/{id}",
        "api/2/resolution/{resolution}",
    ),
    get("GET /api/2/securitylevel/{id}", "api/2/securitylevel/10000"),
    get(
        "GET /api/2/customFieldOption/{id}",
        "api/2/customFieldOption/10300",
    ),
    get("GET /api/2/role", "api/2/role")
        .items()
        .remember("role", "/0/id"),
    get(
        "GET /api/2/mypermissions",
        "api/2/mypermissions?projectKey=ABC",
    ),
    get(
        "GET /api/2/application-properties",
        "api/2/application-properties",
    )
    .items()
    .remember("property", "/0/id"),
    send(
        "PUT /api/2/application-properties/{id}",
        "api/2/application-properties/{property}",
        r#"{"id": "{property}", "value": "changed"}"#,
    ),
    send("POST /api/2/reindex", "api/2/reindex", "{}"),
    get("GET /api/2/reindex", "api/2/reindex"),
    get(
        "GET /api/2/project",
        "api/2/project?expand=description,lead",
    )
    .items(),
    send(
        "POST /api/2/project",
        "api/2/project",
        r#"{"key": "NEW", "name": "New", "projectTypeKey": "software", "lead": "alice"}"#,
    ),
    get("GET /api/2/project/{projectIdOrKey}", "api/2/project/ABC"),
    get(
        "GET /api/2/project/{projectIdOrKey}/components",
        "api/2/project/ABC/components",
    )
    .items(),
    get(
        "GET /api/2/project/{projectIdOrKey}/versions",
        "api/2/project/ABC/versions",
    )
    .items(),
    get(
        "GET /api/2/project/{projectIdOrKey}/role/{id}",
        "api/2/project/ABC/role/{role}",
    ),
    send(
        "POST /api/2/project/{projectIdOrKey}/role/{id}",
        "api/2/project/ABC/role/{role}",
        r#"{"user": ["carol"]}"#,
    ),
    get(
        "GET /api/2/project/{projectIdOrKey}/avatars",
        "api/2/project/ABC/avatars",
    ),
    get(
        "GET /api/2/project/{projectKeyOrId}/issuesecuritylevelscheme",
        "api/2/project/ABC/issuesecuritylevelscheme",
    ),
    get(
        "GET /api/2/project/{projectKeyOrId}/notificationscheme",
        "api/2/project/ABC/notificationscheme",
    ),
    get(
        "GET /api/2/project/{projectKeyOrId}/permissionscheme",
        "api/2/project/ABC/permissionscheme",
    ),
    get(
        "GET /api/2/project/{projectKeyOrId}/priorityscheme",
        "api/2/project/ABC/priorityscheme",
    ),
    send(
        "POST /api/2/component",
        "api/2/component",
        r#"{"name": "Extra", "project": "ABC"}"#,
    )
    .remember("component", "/id"),
    get("GET /api/2/component/{id}", "api/2/component/{component}"),
    send(
        "PUT /api/2/component/{id}",
        "api/2/component/{component}",
        r#"{"description": "More"}"#,
    ),
    get(
        "GET /api/2/component/{id}/relatedIssueCounts",
        "api/2/component/{component}/relatedIssueCounts",
    ),
    send(
        "POST /api/2/version",
        "api/2/version",
        r#"{"name": "3.0", "project": "ABC"}"#,
    )
    .remember("version", "/id"),
    get("GET /api/2/version/{id}", "api/2/version/{version}"),
    send(
        "POST /api/2/version/{id}/move",
        "api/2/version/{version}/move",
        r#"{"position": "First"}"#,
    ),
    get(
        "GET /api/2/version/{id}/relatedIssueCounts",
        "api/2/version/{version}/relatedIssueCounts",
    ),
    get(
        "GET /api/2/version/{id}/unresolvedIssueCount",
        "api/2/version/{version}/unresolvedIssueCount",
    ),
    send(
        "POST /api/2/filter",
        "api/2/filter",
        r#"{"name": "Mine", "jql": "project = ABC"}"#,
    )
    .remember("filter", "/id"),
    get("GET /api/2/filter/{id}", "api/2/filter/{filter}"),
    send(
        "PUT /api/2/filter/{id}",
        "api/2/filter/{filter}",
        r#"{"name": "Mine, renamed", "jql": "project = ABC"}"#,
    ),
    get("GET /api/2/filter/favourite", "api/2/filter/favourite").items(),
    get("GET /api/2/dashboard", "api/2/dashboard"),
    get("GET /api/2/dashboard/{id}", "api/2/dashboard/10000"),
    send(
        "PUT /api/2/dashboard/{dashboardId}/items/{itemId}/properties/{propertyKey}",
        "api/2/dashboard/10000/items/1/properties/colour",
        r#"{"value": "blue"}"#,
    ),
    get(
        "GET /api/2/dashboard/{dashboardId}/items/{itemId}/properties",
        "api/2/dashboard/10000/items/1/properties",
    ),
    get(
        "GET /api/2/dashboard/{dashboardId}/items/{itemId}/properties/{propertyKey}",
        "api/2/dashboard/10000/items/1/properties/colour",
    ),
    get("GET /agile/1.0/board", "agile/1.0/board").page("values"),
    get("GET /agile/1.0/board/{boardId}", "agile/1.0/board/1"),
    get(
        "GET /agile/1.0/board/{boardId}/backlog",
        "agile/1.0/board/1/backlog",
    )
    .page("issues"),
    get(
        "GET /agile/1.0/board/{boardId}/epic",
        "agile/1.0/board/1/epic",
    )
    .page("values"),
    get(
        "GET /agile/1.0/board/{boardId}/issue",
        "agile/1.0/board/1/issue",
    )
    .page("issues"),
    get(
        "GET /agile/1.0/board/{boardId}/sprint",
        "agile/1.0/board/1/sprint",
    )
    .page("values"),
    get("GET /agile/1.0/sprint/{sprintId}", "agile/1.0/sprint/2"),
    get(
        "GET /agile/1.0/sprint/{sprintId}/issue",
        "agile/1.0/sprint/2/issue",
    ),
    send(
        "POST /agile/1.0/board",
        "agile/1.0/board",
        r#"{"name": "Validated board", "type": "scrum", "filterId": {filter}}"#,
    ),
    send(
        "POST /agile/1.0/sprint",
        "agile/1.0/sprint",
        r#"{"name": "Validated sprint", "originBoardId": 1}"#,
    )
    .remember("sprint", "/id"),
    send(
        "POST /agile/1.0/sprint/{sprintId}",
        "agile/1.0/sprint/{sprint}",
        r#"{"goal": "Validate"}"#,
    ),
    send(
        "PUT /agile/1.0/issue/rank",
        "agile/1.0/issue/rank",
        r#"{"issues": ["ABC-3", "NOPE-1"], "rankBeforeIssue": "ABC-4"}"#,
    ),
    get("GET /auth/1/session", "auth/1/session"),
];

/// Parts of answers where the description is wrong against Jira: operation, the instance path
/// the errors are under (a prefix; `*` stands for any array index), why.
const WAIVERS: &[(&str, &str, &str)] = &[
    ("GET /api/2/issue/{issueIdOrKey}", "/fields/", ISSUE_FIELDS),
    (
        "GET /api/2/issue/{issueIdOrKey}",
        "/renderedFields/",
        RENDERED_FIELDS,
    ),
    ("GET /api/2/search", "/issues/*/fields/", ISSUE_FIELDS),
    ("POST /api/2/search", "/issues/*/fields/", ISSUE_FIELDS),
    (
        "GET /agile/1.0/board/{boardId}/backlog",
        "/issues/*/fields/",
        ISSUE_FIELDS,
    ),
    (
        "GET /agile/1.0/board/{boardId}/issue",
        "/issues/*/fields/",
        ISSUE_FIELDS,
    ),
    (
        "GET /agile/1.0/sprint/{sprintId}/issue",
        "/issues/*/fields/",
        ISSUE_FIELDS,
    ),
    (
        "GET /api/2/issue/{issueIdOrKey}/properties/{propertyKey}",
        "/value",
        PROPERTY_VALUE,
    ),
    (
        "GET /api/2/dashboard/{dashboardId}/items/{itemId}/properties/{propertyKey}",
        "/value",
        PROPERTY_VALUE,
    ),
];

const ISSUE_FIELDS: &str = "IssueBean gives every field value as an object \
    (`additionalProperties: {type: object}`); Jira's fields are strings (summary, dates), \
    numbers, arrays (labels, components, sprints) and null as often as objects";
const RENDERED_FIELDS: &str = "IssueBean gives rendered fields as objects; Jira renders a \
    field to its HTML, a string";
const PROPERTY_VALUE: &str = "EntityPropertyBean gives `value` as a string; an entity \
    property's value is whatever JSON was stored, here an object, as Jira returns it";

/// Success statuses the description does not give: operation, the status fakejira answers,
/// why. The answer's body, if any, is validated against the one success schema described.
const STATUS_WAIVERS: &[(&str, u16, &str)] = &[
    (
        "POST /api/2/issue/{issueIdOrKey}/remotelink",
        201,
        "the description gives 200 for create-or-update alike; Jira's resource answers 201 \
         when it creates the link and 200 when `globalId` makes it an update (as Cloud \
         documents), and fakejira keeps that distinction",
    ),
    (
        "PUT /api/2/user/avatar",
        204,
        "the description gives 200 with the avatar; Jira's user avatar resource answers 204 \
         with no body, as its project twin `PUT project/{key}/avatar` is described to",
    ),
];

#[tokio::test]
async fn answers_validate_against_the_data_center_10_3_description() {
    let extract: Value = serde_json::from_str(EXTRACT).expect("the extract is JSON");
    let jira = start(
        builder()
            .pat(PAT, USER)
            .issues(12)
            .projects(2)
            .agile()
            .service_desk(),
    )
    .await;
    let mut tally = Tally::default();
    let mut remembered = BTreeMap::new();
    for case in CASES {
        let (status, body) = call(&jira, case, &remembered).await;
        assert!(
            (200..300).contains(&status),
            "{} {}: {status} {body}",
            case.operation,
            case.path
        );
        if let Some((name, pointer)) = case.remember {
            let value = body
                .pointer(pointer)
                .unwrap_or_else(|| panic!("{}: no {pointer} in {body}", case.operation));
            remembered.insert(name, text(value));
        }
        tally.check(&extract, case, status, &body);
    }
    tally.assert_complete(&extract);
}

/// What the answers came to: the operations validated, the errors no waiver covers, and the
/// waivers some error needed.
#[derive(Default)]
struct Tally {
    validated: BTreeSet<&'static str>,
    failures: Vec<String>,
    waived: BTreeSet<usize>,
}

impl Tally {
    fn check(&mut self, extract: &Value, case: &Case, status: u16, body: &Value) {
        let Some(schema) = described(extract, case.operation, status) else {
            return;
        };
        self.validated.insert(case.operation);
        if body.is_null() {
            return;
        }
        for error in errors(extract, schema, case.envelope, body) {
            match waiver(case.operation, &error) {
                Some(index) => {
                    self.waived.insert(index);
                }
                None => {
                    (self.failures).push(format!("{} ({}): {error}", case.operation, case.path))
                }
            }
        }
    }

    /// Every described operation validated, every waiver still needed, no other error.
    fn assert_complete(&self, extract: &Value) {
        let uncalled = uncalled(extract, &self.validated);
        assert!(
            uncalled.is_empty(),
            "operations with a schema that no case calls: {uncalled:?}"
        );
        let unused: Vec<_> = (0..WAIVERS.len())
            .filter(|index| !self.waived.contains(index))
            .map(|index| WAIVERS[index])
            .collect();
        assert!(
            unused.is_empty(),
            "waivers no answer needs any more: {unused:?}"
        );
        assert!(
            self.failures.is_empty(),
            "{} answers do not validate:\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
        let by_element = CASES
            .iter()
            .filter(|case| !matches!(case.envelope, Envelope::Whole))
            .map(|case| case.operation)
            .collect::<BTreeSet<_>>();
        println!(
            "validated {} operations against dc-10.3.24 ({} of them element by element, the \
             description giving one element for a list or page); {} waivers on parts of \
             answers, {} on statuses",
            self.validated.len(),
            by_element.len(),
            WAIVERS.len(),
            STATUS_WAIVERS.len()
        );
    }
}

/// The schema the description gives for `operation`'s answer with `status`, or, for a status
/// [`STATUS_WAIVERS`] accepts, its one success schema.
fn described<'e>(extract: &'e Value, operation: &str, status: u16) -> Option<&'e Value> {
    let responses = extract["operations"][operation]["responses"].as_object()?;
    if let Some(schema) = responses.get(&status.to_string()) {
        return Some(schema);
    }
    let waived = STATUS_WAIVERS
        .iter()
        .any(|(waived, answered, _)| *waived == operation && *answered == status);
    let sole = (responses.len() == 1)
        .then(|| responses.values().next())
        .flatten();
    assert!(
        !waived || sole.is_some(),
        "{operation}: a status waiver needs one described schema"
    );
    waived.then_some(sole).flatten()
}

/// An id as text, whether Jira sent it as a string or a number.
fn text(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned)
}

/// `template` with each `{name}` an earlier call remembered put in.
fn fill(template: &str, remembered: &BTreeMap<&str, String>) -> String {
    remembered
        .iter()
        .fold(template.to_owned(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

async fn call(jira: &Running, case: &Case, remembered: &BTreeMap<&str, String>) -> (u16, Value) {
    let url = jira
        .url()
        .join(&format!("rest/{}", fill(case.path, remembered)))
        .expect("a URL");
    let method = case.operation.split(' ').next().unwrap_or("GET");
    let mut request = client()
        .request(method.parse().expect("a method"), url)
        .bearer_auth(PAT);
    if case.operation.ends_with("/attachments") {
        request = attachment(
            client()
                .post(
                    jira.url()
                        .join("rest/api/2/issue/ABC-1/attachments")
                        .expect("a URL"),
                )
                .bearer_auth(PAT),
        );
    } else if let Some(body) = case.body {
        request = request
            .header("Content-Type", "application/json")
            .body(fill(body, remembered));
    }
    let response = request.send().await.expect("answered");
    let status = response.status().as_u16();
    let text = response.text().await.expect("a body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn attachment(request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    let body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--{BOUNDARY}--\r\n"
    );
    request
        .header("X-Atlassian-Token", "no-check")
        .header(
            "Content-Type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body)
}

/// What is wrong with `body` against `schema` in `envelope`, each error with its place.
fn errors(extract: &Value, schema: &Value, envelope: Envelope, body: &Value) -> Vec<String> {
    let mut root = match envelope {
        Envelope::Whole => schema.clone(),
        Envelope::Items => json!({"type": "array", "items": schema}),
        Envelope::Page(key) => json!({
            "type": "object",
            "required": [key],
            "properties": {key: {"type": "array", "items": schema}},
        }),
    };
    root["components"] = extract["components"].clone();
    let validator = jsonschema::validator_for(&root).expect("the schema compiles");
    validator
        .iter_errors(body)
        .map(|error| format!("at {}: {error}", error.instance_path()))
        .collect()
}

/// The waiver that covers `error` of `operation`, if any.
fn waiver(operation: &str, error: &str) -> Option<usize> {
    let place: String = error
        .split('/')
        .map(|segment| {
            if segment.bytes().all(|byte| byte.is_ascii_digit()) && !segment.is_empty() {
                "*"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/");
    let error = place.as_str();
    WAIVERS.iter().position(|(waived, under, _)| {
        *waived == operation && error.starts_with(&format!("at {under}"))
    })
}

/// Operations the extract gives a success schema for that no case validated.
fn uncalled<'e>(extract: &'e Value, validated: &BTreeSet<&str>) -> Vec<&'e str> {
    extract["operations"]
        .as_object()
        .expect("operations")
        .iter()
        .filter(|(name, operation)| {
            operation["responses"]
                .as_object()
                .is_some_and(|responses| !responses.is_empty())
                && !validated.contains(name.as_str())
        })
        .map(|(name, _)| name.as_str())
        .collect()
}
