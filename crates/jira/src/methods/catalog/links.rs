//! Issue links, remote links, watchers and votes.

use super::super::call::segment;
use super::super::spec::{Kind, MethodSpec, Opt, Param, Target, delete, get, post};
use super::super::{Answer, Invocation};
use super::{ID, ISSUE, Outcome, body_text, custom, handled, method, rest};
use crate::client::Client;
use crate::request::ApiRequest;

pub(super) const METHODS: &[MethodSpec] = &[
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
        custom!(delete_remote_link)
    ),
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

async fn delete_remote_link(client: &Client, call: &Invocation) -> Outcome {
    let issue = segment(&call.text("issue"));
    let request = match (
        call.option_text("internal_id"),
        call.option_text("global_id"),
    ) {
        (Some(id), None) => ApiRequest::new(
            reqwest::Method::DELETE,
            format!("issue/{issue}/remotelink/{}", segment(&id)),
        ),
        (None, Some(global)) => {
            ApiRequest::new(reqwest::Method::DELETE, format!("issue/{issue}/remotelink"))
                .query("globalId", global)
        }
        _ => return Err(call.invalid("give exactly one of #{internal_id} or #{global_id}")),
    };
    client.send_json(&request).await?;
    Ok(Answer::Unit)
}
