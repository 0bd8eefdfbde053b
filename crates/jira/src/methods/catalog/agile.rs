//! Jira Software's boards, sprints, epics, backlog and rank (`/rest/agile/1.0`).

use super::super::spec::{Kind, MethodSpec, Opt, Paging, Param, Target, delete, get, post, put};
use serde_json::{Map, Value};

use super::super::Invocation;
use super::super::call::segment;
use super::{Outcome, custom, handled, json, method, rest};
use crate::client::Client;
use crate::pages;
use crate::request::ApiRequest;

const BOARD: Param = Param::path("board_id");
const SPRINT: Param = Param::path("sprint_id");
const ISSUE_KEYS: Param = Param::new("issue_keys", Kind::List, Target::Body("issues"));
const ISSUE_QUERY: [Opt; 3] = [
    Opt::query("jql", Kind::Text, "jql"),
    Opt::query("fields", Kind::List, "fields"),
    Opt::query("expand", Kind::List, "expand"),
];
const SPRINT_FIELDS: [Opt; 5] = [
    Opt::body("name", Kind::Text, "name"),
    Opt::body("startDate", Kind::Text, "startDate"),
    Opt::body("endDate", Kind::Text, "endDate"),
    Opt::body("state", Kind::Text, "state"),
    Opt::body("goal", Kind::Text, "goal"),
];

pub(super) const METHODS: &[MethodSpec] = &[
    method!(
        "boards",
        Agile,
        "Every board; `type` (scrum, kanban), `name` and `projectKeyOrID` narrow it.",
        [],
        [
            Opt::query("type", Kind::Text, "type"),
            Opt::query("name", Kind::Text, "name"),
            Opt::query("projectKeyOrID", Kind::Text, "projectKeyOrId")
        ],
        rest(get("/rest/agile/1.0/board").paged(Paging::Values))
    ),
    method!(
        "board",
        Agile,
        "One board by id.",
        [Param::path("id")],
        [],
        rest(get("/rest/agile/1.0/board/{id}"))
    ),
    method!(
        "create_board",
        Agile,
        "Creates a board on a saved filter: `name`, `filter_id`, and `preset` (scrum or kanban; scrum by default).",
        [
            Param::new("name", Kind::Text, Target::Body("name")),
            Param::new("filter_id", Kind::Int, Target::Body("filterId"))
        ],
        [Opt::body("preset", Kind::Text, "type")],
        rest(post("/rest/agile/1.0/board"))
    ),
    method!(
        "delete_board",
        Agile,
        "Deletes a board.",
        [Param::path("id")],
        [],
        rest(delete("/rest/agile/1.0/board/{id}"))
    ),
    method!(
        "sprints",
        Agile,
        "Every sprint of a board; `state` (future, active, closed; commas for several) narrows it.",
        [BOARD],
        [Opt::query("state", Kind::Text, "state")],
        rest(get("/rest/agile/1.0/board/{board_id}/sprint").paged(Paging::Values))
    ),
    method!(
        "sprints_by_name",
        Agile,
        "A board's sprints as a map from name to sprint.",
        [handled("id", Kind::Text)],
        [Opt::handler("state", Kind::Text)],
        custom!(sprints_by_name)
    ),
    method!("sprint", Agile, "One sprint by id.", [Param::path("id")], [],
        rest(get("/rest/agile/1.0/sprint/{id}")), aliases: &["sprint_info"]),
    method!(
        "create_sprint",
        Agile,
        "Creates a sprint on a board: `startDate`, `endDate` (ISO 8601), `goal`.",
        [
            Param::new("name", Kind::Text, Target::Body("name")),
            Param::new("board_id", Kind::Int, Target::Body("originBoardId"))
        ],
        [SPRINT_FIELDS[1], SPRINT_FIELDS[2], SPRINT_FIELDS[4]],
        rest(post("/rest/agile/1.0/sprint"))
    ),
    method!(
        "update_sprint",
        Agile,
        "Changes a sprint: `name`, dates, `goal`, and `state`: \"active\" starts it (dates needed), \"closed\" closes it.",
        [Param::path("id")],
        [
            SPRINT_FIELDS[0],
            SPRINT_FIELDS[1],
            SPRINT_FIELDS[2],
            SPRINT_FIELDS[3],
            SPRINT_FIELDS[4]
        ],
        rest(post("/rest/agile/1.0/sprint/{id}"))
    ),
    method!(
        "delete_sprint",
        Agile,
        "Deletes a sprint.",
        [Param::path("id")],
        [],
        rest(delete("/rest/agile/1.0/sprint/{id}"))
    ),
    method!(
        "sprint_issues",
        Agile,
        "Every issue in a sprint; `jql`, `fields` and `expand` as for search.",
        [SPRINT],
        [ISSUE_QUERY[0], ISSUE_QUERY[1], ISSUE_QUERY[2]],
        rest(get("/rest/agile/1.0/sprint/{sprint_id}/issue").paged(Paging::Total("issues")))
    ),
    method!(
        "add_issues_to_sprint",
        Agile,
        "Moves issues into a sprint.",
        [SPRINT, ISSUE_KEYS],
        [],
        rest(post("/rest/agile/1.0/sprint/{sprint_id}/issue").unit())
    ),
    method!(
        "move_to_backlog",
        Agile,
        "Moves issues out of their sprints, to the backlog.",
        [ISSUE_KEYS],
        [],
        rest(post("/rest/agile/1.0/backlog/issue").unit())
    ),
    method!(
        "backlog_issues",
        Agile,
        "Every issue in a board's backlog.",
        [BOARD],
        [ISSUE_QUERY[0], ISSUE_QUERY[1], ISSUE_QUERY[2]],
        rest(get("/rest/agile/1.0/board/{board_id}/backlog").paged(Paging::Total("issues")))
    ),
    method!(
        "board_issues",
        Agile,
        "Every issue of a board.",
        [BOARD],
        [ISSUE_QUERY[0], ISSUE_QUERY[1], ISSUE_QUERY[2]],
        rest(get("/rest/agile/1.0/board/{board_id}/issue").paged(Paging::Total("issues")))
    ),
    method!(
        "epics",
        Agile,
        "Every epic of a board.",
        [BOARD],
        [Opt::query("done", Kind::Bool, "done")],
        rest(get("/rest/agile/1.0/board/{board_id}/epic").paged(Paging::Values))
    ),
    method!(
        "add_issues_to_epic",
        Agile,
        "Puts issues into an epic (by its id or key).",
        [Param::path("epic_id"), ISSUE_KEYS],
        [],
        rest(post("/rest/agile/1.0/epic/{epic_id}/issue").unit())
    ),
    method!(
        "rank",
        Agile,
        "Ranks an issue before `next_issue` or after `prev_issue`.",
        [Param::new("issue", Kind::List, Target::Body("issues"))],
        [
            Opt::body("next_issue", Kind::Text, "rankBeforeIssue"),
            Opt::body("prev_issue", Kind::Text, "rankAfterIssue")
        ],
        rest(put("/rest/agile/1.0/issue/rank").unit())
    ),
];

async fn sprints_by_name(client: &Client, call: &Invocation) -> Outcome {
    let mut request = ApiRequest::new(
        reqwest::Method::GET,
        format!("/rest/agile/1.0/board/{}/sprint", segment(&call.text("id"))),
    );
    if let Some(state) = call.option_text("state") {
        request = request.query("state", state);
    }
    let sprints = pages::collect(client, &request, Paging::Values, None).await?;
    let mut by_name = Map::new();
    for sprint in sprints {
        if let Some(name) = sprint.get("name").and_then(Value::as_str) {
            by_name.insert(name.to_owned(), sprint);
        }
    }
    json(Value::Object(by_name))
}
