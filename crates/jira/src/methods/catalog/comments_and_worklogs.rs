//! An issue's comments and worklogs.

use super::super::spec::{
    Availability, Kind, MethodSpec, Opt, Paging, Param, Part, Site, Target, Waiver, delete, get,
    post, put,
};
use super::{EXPAND, ISSUE, body_text, method, rest};

const COMMENT_ID: Param = Param::path("comment");
const WORKLOG_ID: Param = Param::path("worklog");
const VISIBILITY: Opt = Opt::body("visibility", Kind::Map, "visibility");
const WORKLOG_OPTIONS: [Opt; 7] = [
    Opt::body("timeSpentSeconds", Kind::Int, "timeSpentSeconds"),
    Opt::query("adjustEstimate", Kind::Text, "adjustEstimate"),
    Opt::query("newEstimate", Kind::Text, "newEstimate"),
    Opt::query("reduceBy", Kind::Text, "reduceBy"),
    Opt::body("comment", Kind::Text, "comment"),
    Opt::body("started", Kind::Text, "started"),
    Opt::body("visibility", Kind::Map, "visibility"),
];

/// Data Center answers every worklog in one page and its descriptions list no paging
/// parameters; Cloud pages them, so the entry always asks by page.
const DC_WORKLOG_PAGE: [Waiver; 2] = [
    Waiver {
        part: Part::Query("startAt"),
        on: &[Site::Dc8, Site::Dc10, Site::Dc11],
        reason: DC_WORKLOG_REASON,
    },
    Waiver {
        part: Part::Query("maxResults"),
        on: &[Site::Dc8, Site::Dc10, Site::Dc11],
        reason: DC_WORKLOG_REASON,
    },
];
const DC_WORKLOG_REASON: &str = "Data Center answers every worklog in one page and ignores the paging parameters its descriptions do not list; Cloud pages worklogs, so the entry always asks by page";

pub(super) const METHODS: &[MethodSpec] = &[
    method!(
        "comments",
        Comments,
        "Every comment of an issue, oldest first (`order_by: \"-created\"` for newest first).",
        [ISSUE],
        [EXPAND, Opt::query("order_by", Kind::Text, "orderBy")],
        rest(get("issue/{issue}/comment").paged(Paging::Total("comments")))
    ),
    method!(
        "comment",
        Comments,
        "One comment of an issue.",
        [ISSUE, COMMENT_ID],
        [EXPAND],
        rest(get("issue/{issue}/comment/{comment}"))
    ),
    method!(
        "add_comment",
        Comments,
        "Adds a comment and returns it; `visibility: #{type: \"role\", value: \"Developers\"}` restricts who sees it.",
        [ISSUE, body_text("body", "body")],
        [VISIBILITY],
        rest(post("issue/{issue}/comment"))
    ),
    method!(
        "update_comment",
        Comments,
        "Changes a comment's text (and visibility).",
        [ISSUE, COMMENT_ID, body_text("body", "body")],
        [VISIBILITY],
        rest(put("issue/{issue}/comment/{comment}"))
    ),
    method!(
        "delete_comment",
        Comments,
        "Deletes a comment.",
        [ISSUE, COMMENT_ID],
        [],
        rest(delete("issue/{issue}/comment/{comment}"))
    ),
    method!(
        "worklogs",
        Worklogs,
        "Every worklog of an issue.",
        [ISSUE],
        [],
        rest(get("issue/{issue}/worklog").paged(Paging::Total("worklogs"))),
        availability: Availability::EVERYWHERE.waivers(&[DC_WORKLOG_PAGE[0], DC_WORKLOG_PAGE[1]])
    ),
    method!(
        "worklog",
        Worklogs,
        "One worklog of an issue.",
        [ISSUE, WORKLOG_ID],
        [],
        rest(get("issue/{issue}/worklog/{worklog}"))
    ),
    method!(
        "add_worklog",
        Worklogs,
        "Logs work: `timeSpent` like \"1h 30m\" (or `timeSpentSeconds`), `started` (\"2024-06-01T12:00:00.000+0000\"), `comment`, and the estimate: `adjustEstimate` new (with `newEstimate`), manual (with `reduceBy`), leave or auto.",
        [
            ISSUE,
            Param::new("timeSpent", Kind::Text, Target::Body("timeSpent")).optional()
        ],
        [
            WORKLOG_OPTIONS[0],
            WORKLOG_OPTIONS[1],
            WORKLOG_OPTIONS[2],
            WORKLOG_OPTIONS[3],
            WORKLOG_OPTIONS[4],
            WORKLOG_OPTIONS[5],
            WORKLOG_OPTIONS[6]
        ],
        rest(post("issue/{issue}/worklog"))
    ),
    method!(
        "update_worklog",
        Worklogs,
        "Changes a worklog: `timeSpent`, `started`, `comment`, and the estimate as for `add_worklog`.",
        [ISSUE, WORKLOG_ID],
        [
            Opt::body("timeSpent", Kind::Text, "timeSpent"),
            WORKLOG_OPTIONS[0],
            WORKLOG_OPTIONS[1],
            WORKLOG_OPTIONS[2],
            WORKLOG_OPTIONS[4],
            WORKLOG_OPTIONS[5],
            WORKLOG_OPTIONS[6]
        ],
        rest(put("issue/{issue}/worklog/{worklog}"))
    ),
    method!(
        "delete_worklog",
        Worklogs,
        "Deletes a worklog; `adjustEstimate` new (with `newEstimate`), manual (with `increaseBy`), leave or auto.",
        [ISSUE, WORKLOG_ID],
        [
            WORKLOG_OPTIONS[1],
            WORKLOG_OPTIONS[2],
            Opt::query("increaseBy", Kind::Text, "increaseBy")
        ],
        rest(delete("issue/{issue}/worklog/{worklog}"))
    ),
];
