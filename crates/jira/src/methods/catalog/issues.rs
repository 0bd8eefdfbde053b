//! Issues, their comments, worklogs, attachments, links, watchers, votes and properties.

use super::super::spec::{
    Handler, Kind, MethodSpec, Opt, Paging, Param, Target, delete, get, post, put,
};
use super::{EXPAND, ID, ISSUE, body_text, custom, handled, method, rest};

const FIELDS: Opt = Opt::query("fields", Kind::List, "fields");
const COMMENT_ID: Param = Param::path("comment");
const WORKLOG_ID: Param = Param::path("worklog");
const PROPERTY: Param = Param::path("key");
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

pub(super) const METHODS: &[MethodSpec] = &[
    method!(
        "issue",
        Issues,
        "One issue by key or id; `fields` limits what is returned, `expand` adds `changelog`, `renderedFields` and more.",
        [ISSUE],
        [
            FIELDS,
            EXPAND,
            Opt::query("properties", Kind::List, "properties")
        ],
        rest(get("issue/{issue}"))
    ),
    method!(
        "create_issue",
        Issues,
        "Creates an issue and returns it. `project` may be a key, `issuetype` a name (any case), and custom fields may be named (`\"Story Points\": 3`): all are resolved to ids.",
        [Param::new("fields", Kind::Map, Target::Handler)],
        [],
        custom(Handler::CreateIssue)
    ),
    method!(
        "create_issues",
        Issues,
        "Creates several issues in one request (`issue/bulk`), each resolved as `create_issue` does; returns Jira's `{issues, errors}`.",
        [Param::new("field_list", Kind::Any, Target::Handler)],
        [],
        custom(Handler::CreateIssues)
    ),
    method!(
        "update_issue",
        Issues,
        "Sets fields of an issue (by id or name) and applies `update` operations (`#{labels: [#{add: \"x\"}]}`); `notify: false` skips e-mails (administrators).",
        [
            ISSUE,
            Param::new("fields", Kind::Map, Target::Handler).optional()
        ],
        [
            Opt::handler("update", Kind::Map),
            Opt::handler("notify", Kind::Bool)
        ],
        custom(Handler::UpdateIssue)
    ),
    method!(
        "delete_issue",
        Issues,
        "Deletes an issue; `delete_subtasks: true` deletes its sub-tasks too (Jira refuses otherwise).",
        [ISSUE],
        [Opt::query("delete_subtasks", Kind::Bool, "deleteSubtasks")],
        rest(delete("issue/{issue}"))
    ),
    method!(
        "assign_issue",
        Issues,
        "Assigns an issue (a user name on Server, an account id on Cloud); `()` unassigns it.",
        [
            handled("issue", Kind::Text),
            Param::new("assignee", Kind::User, Target::Handler)
        ],
        [],
        custom(Handler::AssignIssue)
    ),
    method!(
        "transitions",
        Issues,
        "The transitions the user may take from the issue's current status (`id`, `name`, `to`); `expand: \"transitions.fields\"` adds their screens' fields.",
        [ISSUE],
        [Opt::query("id", Kind::Text, "transitionId"), EXPAND],
        rest(get("issue/{issue}/transitions").field("transitions"))
    ),
    method!(
        "transition_issue",
        Issues,
        "Moves an issue through a transition named by id or name (any case; the target status's name works too), setting `fields` and adding a `comment` on the way.",
        [
            handled("issue", Kind::Text),
            handled("transition", Kind::Text)
        ],
        [
            Opt::handler("fields", Kind::Map),
            Opt::handler("comment", Kind::Text)
        ],
        custom(Handler::TransitionIssue)
    ),
    method!(
        "find_transitionid_by_name",
        Issues,
        "The id of the issue's transition with this name (any case), or `()`.",
        [
            handled("issue", Kind::Text),
            handled("transition_name", Kind::Text)
        ],
        [],
        custom(Handler::FindTransitionId)
    ),
    method!(
        "createmeta",
        Issues,
        "What creating issues takes (`issue/createmeta`): projects, their issue types and, with `expand: \"projects.issuetypes.fields\"`, the fields.",
        [],
        [
            Opt::query("projectKeys", Kind::List, "projectKeys"),
            Opt::query("projectIds", Kind::List, "projectIds"),
            Opt::query("issuetypeIds", Kind::List, "issuetypeIds"),
            Opt::query("issuetypeNames", Kind::List, "issuetypeNames"),
            EXPAND
        ],
        rest(get("issue/createmeta"))
    ),
    method!(
        "createmeta_issuetypes",
        Issues,
        "The issue types a project can create (Data Center 8.4+), every page.",
        [Param::path("project")],
        [],
        rest(get("issue/createmeta/{project}/issuetypes").paged(Paging::Values)),
        aliases: &["issue_types_for_project"],
    ),
    method!(
        "createmeta_fieldtypes",
        Issues,
        "The fields creating an issue of this type in this project takes (Data Center 8.4+), every page.",
        [Param::path("project"), Param::path("issue_type")],
        [],
        rest(get("issue/createmeta/{project}/issuetypes/{issue_type}").paged(Paging::Values)),
        aliases: &["project_issue_fields"],
    ),
    method!(
        "editmeta",
        Issues,
        "The fields of an issue that can be edited, and how.",
        [ISSUE],
        [],
        rest(get("issue/{issue}/editmeta"))
    ),
    method!(
        "changelog",
        Issues,
        "Every entry of an issue's change history (author, created, items), oldest first.",
        [handled("issue", Kind::Text)],
        [Opt::handler("max_results", Kind::Int)],
        custom(Handler::Changelog)
    ),
    method!(
        "issue_properties",
        Issues,
        "The keys of an issue's properties.",
        [ISSUE],
        [],
        rest(get("issue/{issue}/properties").field("keys"))
    ),
    method!(
        "issue_property",
        Issues,
        "One property of an issue (`key`, `value`).",
        [ISSUE, PROPERTY],
        [],
        rest(get("issue/{issue}/properties/{key}"))
    ),
    method!(
        "add_issue_property",
        Issues,
        "Sets an issue property to any JSON value.",
        [
            ISSUE,
            PROPERTY,
            Param::new("data", Kind::Any, Target::WholeBody)
        ],
        [],
        rest(put("issue/{issue}/properties/{key}").unit())
    ),
    method!(
        "delete_issue_property",
        Issues,
        "Removes an issue property.",
        [ISSUE, PROPERTY],
        [],
        rest(delete("issue/{issue}/properties/{key}"))
    ),
    // Comments.
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
    // Worklogs.
    method!(
        "worklogs",
        Worklogs,
        "Every worklog of an issue.",
        [ISSUE],
        [],
        rest(get("issue/{issue}/worklog").paged(Paging::Total("worklogs")))
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
    // Attachments.
    method!("add_attachment", Attachments,
        "Uploads a local file as an attachment (streamed, any size; needs `--allow-fs`); `filename` names it in Jira. Returns the attachment.",
        [handled("issue", Kind::Text), handled("attachment", Kind::Text)],
        [Opt::handler("filename", Kind::Text)], custom(Handler::AddAttachment),
        touches_files: true),
    method!(
        "attachment",
        Attachments,
        "One attachment's metadata: `filename`, `size`, `mimeType`, `content` (its URL).",
        [ID],
        [],
        rest(get("attachment/{id}"))
    ),
    method!(
        "attachment_meta",
        Attachments,
        "Whether attachments are enabled, and the upload limit in bytes.",
        [],
        [],
        rest(get("attachment/meta"))
    ),
    method!(
        "attachment_content",
        Attachments,
        "An attachment's bytes, as a blob.",
        [handled("id", Kind::Text)],
        [],
        custom(Handler::AttachmentContent)
    ),
    method!("download_attachment", Attachments,
        "Saves an attachment to a local file (streamed; written to a temporary file and renamed when complete; needs `--allow-fs`). Returns `#{path, size}`.",
        [handled("id", Kind::Text), handled("path", Kind::Text)], [],
        custom(Handler::DownloadAttachment), touches_files: true),
    method!(
        "delete_attachment",
        Attachments,
        "Deletes an attachment.",
        [ID],
        [],
        rest(delete("attachment/{id}"))
    ),
    // Links.
    method!(
        "issue_link_types",
        Links,
        "Every issue link type (Blocks, Duplicate, Relates, …).",
        [],
        [],
        rest(get("issueLinkType").field("issueLinkTypes"))
    ),
    method!(
        "issue_link_type",
        Links,
        "One issue link type by id.",
        [ID],
        [],
        rest(get("issueLinkType/{id}"))
    ),
    method!(
        "create_issue_link",
        Links,
        "Links two issues with a link type named as Jira names it (`\"Blocks\"`): `inwardIssue` is the one the inward description applies to; `comment` adds a comment.",
        [
            body_text("type", "type.name"),
            body_text("inwardIssue", "inwardIssue.key"),
            body_text("outwardIssue", "outwardIssue.key")
        ],
        [Opt::body("comment", Kind::Map, "comment")],
        rest(post("issueLink").unit())
    ),
    method!(
        "issue_link",
        Links,
        "One issue link by id.",
        [ID],
        [],
        rest(get("issueLink/{id}"))
    ),
    method!(
        "delete_issue_link",
        Links,
        "Deletes an issue link.",
        [ID],
        [],
        rest(delete("issueLink/{id}"))
    ),
    method!(
        "remote_links",
        Links,
        "An issue's links to other applications.",
        [ISSUE],
        [Opt::query("globalId", Kind::Text, "globalId")],
        rest(get("issue/{issue}/remotelink"))
    ),
    method!(
        "remote_link",
        Links,
        "One remote link of an issue.",
        [ISSUE, ID],
        [],
        rest(get("issue/{issue}/remotelink/{id}"))
    ),
    method!(
        "add_remote_link",
        Links,
        "Adds (or, with the same `globalId`, updates) a remote link; `destination` is the link object (`url`, `title`, …).",
        [
            ISSUE,
            Param::new("destination", Kind::Map, Target::Body("object"))
        ],
        [
            Opt::body("globalId", Kind::Text, "globalId"),
            Opt::body("application", Kind::Map, "application"),
            Opt::body("relationship", Kind::Text, "relationship")
        ],
        rest(post("issue/{issue}/remotelink"))
    ),
    method!(
        "add_simple_link",
        Links,
        "Adds a remote link from a link object (`url`, `title`).",
        [
            ISSUE,
            Param::new("object", Kind::Map, Target::Body("object"))
        ],
        [],
        rest(post("issue/{issue}/remotelink"))
    ),
    method!(
        "delete_remote_link",
        Links,
        "Deletes a remote link by `internal_id` or `global_id`.",
        [handled("issue", Kind::Text)],
        [
            Opt::handler("internal_id", Kind::Text),
            Opt::handler("global_id", Kind::Text)
        ],
        custom(Handler::DeleteRemoteLink)
    ),
    // Watchers and votes.
    method!(
        "watchers",
        Links,
        "Who watches an issue (`watchCount`, `isWatching`, `watchers`).",
        [ISSUE],
        [],
        rest(get("issue/{issue}/watchers"))
    ),
    method!(
        "add_watcher",
        Links,
        "Adds a watcher (a user name; an account id on Cloud).",
        [ISSUE, Param::new("watcher", Kind::User, Target::WholeBody)],
        [],
        rest(post("issue/{issue}/watchers").unit())
    ),
    method!(
        "remove_watcher",
        Links,
        "Removes a watcher.",
        [ISSUE, Param::new("watcher", Kind::User, Target::UserQuery)],
        [],
        rest(delete("issue/{issue}/watchers"))
    ),
    method!(
        "votes",
        Links,
        "An issue's votes (`votes`, `hasVoted`, `voters`).",
        [ISSUE],
        [],
        rest(get("issue/{issue}/votes"))
    ),
    method!(
        "add_vote",
        Links,
        "Votes for an issue as the caller.",
        [ISSUE],
        [],
        rest(post("issue/{issue}/votes").unit())
    ),
    method!(
        "remove_vote",
        Links,
        "Withdraws the caller's vote.",
        [ISSUE],
        [],
        rest(delete("issue/{issue}/votes"))
    ),
];
