//! Users and groups.

use super::super::spec::{
    Availability, Kind, MethodSpec, Opt, Paging, Param, Target, delete, get, post, put,
};
use serde_json::json;

use super::super::Invocation;
use super::{EXPAND, Outcome, custom, handled, json, method, query_text, rest};
use crate::client::{Client, Deployment};
use crate::request::ApiRequest;

const USER: Param = Param::new("user", Kind::User, Target::UserQuery);
const USERNAME: Param = Param::new("username", Kind::User, Target::UserQuery);
const GROUP: Param = query_text("group", "groupname");
const INCLUDE: [Opt; 2] = [
    Opt::query("includeActive", Kind::Bool, "includeActive"),
    Opt::query("includeInactive", Kind::Bool, "includeInactive"),
];

pub(super) const METHODS: &[MethodSpec] = &[
    method!(
        "user",
        Users,
        "One user by name (an account id on Cloud).",
        [Param::new("id", Kind::User, Target::UserQuery)],
        [EXPAND],
        rest(get("user"))
    ),
    method!(
        "search_users",
        Users,
        "Every user whose name, display name or e-mail matches (all pages); `includeInactive: true` adds deactivated users.",
        [Param::new("user", Kind::Text, Target::Query("username"))],
        [INCLUDE[0], INCLUDE[1]],
        rest(get("user/search").paged(Paging::Array))
    ),
    method!("search_assignable_users_for_issues", Users,
        "Every user who can be assigned issues of a `project` or to the issue `issueKey`, matching `username` (all pages).",
        [], [Opt::query("username", Kind::Text, "username"),
             Opt::query("project", Kind::Text, "project"),
             Opt::query("issueKey", Kind::Text, "issueKey"), EXPAND],
        rest(get("user/assignable/search").paged(Paging::Array)),
        aliases: &["search_assignable_users"]),
    method!(
        "search_assignable_users_for_projects",
        Users,
        "Every user who can be assigned issues in all of `projectKeys`, matching `username`.",
        [
            query_text("username", "username"),
            Param::new("projectKeys", Kind::List, Target::Query("projectKeys"))
        ],
        [],
        rest(get("user/assignable/multiProjectSearch").paged(Paging::Array))
    ),
    method!(
        "search_allowed_users_for_issue",
        Users,
        "Every user matching `user` who may see the issue `issueKey` or the project `projectKey`.",
        [query_text("user", "username")],
        [
            Opt::query("issueKey", Kind::Text, "issueKey"),
            Opt::query("projectKey", Kind::Text, "projectKey")
        ],
        rest(get("user/viewissue/search").paged(Paging::Array))
    ),
    method!("add_user", Users,
        "Creates a user (administrators, Data Center): `username`, `email`, and `password`, `fullname`, `notify`, `active`.",
        [Param::new("username", Kind::Text, Target::Body("name")),
         Param::new("email", Kind::Text, Target::Body("emailAddress"))],
        [Opt::body("password", Kind::Text, "password"),
         Opt::body("fullname", Kind::Text, "displayName"),
         Opt::body("notify", Kind::Bool, "notification"),
         Opt::body("active", Kind::Bool, "active")],
        rest(post("user")), availability: Availability::ServerOnly,
        aliases: &["create_user"]),
    method!(
        "delete_user",
        Users,
        "Deletes a user (administrators).",
        [USERNAME],
        [],
        rest(delete("user"))
    ),
    method!("deactivate_user", Users,
        "Deactivates a user, keeping their history (administrators, Data Center).",
        [handled("username", Kind::Text)], [], custom!(deactivate_user),
        availability: Availability::ServerOnly),
    method!("rename_user", Users, "Renames a user (administrators, Data Center).",
        [Param::new("old_user", Kind::Text, Target::Query("username")),
         Param::new("new_user", Kind::Text, Target::Body("name"))], [],
        rest(put("user")), availability: Availability::ServerOnly),
    method!(
        "user_avatars",
        Users,
        "The avatars a user may choose from.",
        [USERNAME],
        [],
        rest(get("user/avatars"))
    ),
    method!(
        "set_user_avatar",
        Users,
        "Sets a user's avatar by avatar id.",
        [
            USERNAME,
            Param::new("avatar", Kind::Text, Target::Body("id"))
        ],
        [],
        rest(put("user/avatar").unit())
    ),
    method!(
        "delete_user_avatar",
        Users,
        "Deletes one of a user's avatars.",
        [USERNAME, Param::path("avatar")],
        [],
        rest(delete("user/avatar/{avatar}"))
    ),
    method!(
        "groups",
        Users,
        "The names of the groups matching `query` (all groups when left out).",
        [],
        [
            Opt::query("query", Kind::Text, "query"),
            Opt::query("exclude", Kind::List, "exclude"),
            Opt::query("maxResults", Kind::Int, "maxResults")
        ],
        rest(get("groups/picker").field("groups"))
    ),
    method!(
        "group",
        Users,
        "One group, with its members when `expand: \"users\"`.",
        [GROUP],
        [EXPAND],
        rest(get("group"))
    ),
    method!(
        "group_members",
        Users,
        "Every member of a group (`name`, `displayName`, `emailAddress`, `active`).",
        [GROUP],
        [Opt::query(
            "includeInactiveUsers",
            Kind::Bool,
            "includeInactiveUsers"
        )],
        rest(get("group/member").paged(Paging::Values))
    ),
    method!(
        "add_group",
        Users,
        "Creates a group (administrators).",
        [Param::new("groupname", Kind::Text, Target::Body("name"))],
        [],
        rest(post("group"))
    ),
    method!(
        "remove_group",
        Users,
        "Deletes a group (administrators).",
        [query_text("groupname", "groupname")],
        [],
        rest(delete("group"))
    ),
    method!(
        "add_user_to_group",
        Users,
        "Adds a user to a group (administrators).",
        [
            Param::new("username", Kind::User, Target::UserBody("")),
            GROUP
        ],
        [],
        rest(post("group/user"))
    ),
    method!(
        "remove_user_from_group",
        Users,
        "Removes a user from a group (administrators).",
        [USER, GROUP],
        [],
        rest(delete("group/user"))
    ),
];

async fn deactivate_user(client: &Client, call: &Invocation) -> Outcome {
    if client.deployment().await? == Deployment::Cloud {
        return Err(call.invalid(
            "Jira Cloud users are deactivated in admin.atlassian.com, not through Jira's REST API",
        ));
    }
    let request = ApiRequest::new(reqwest::Method::PUT, "user")
        .query("username", call.text("username"))
        .json(json!({ "active": false }));
    json(client.send_json(&request).await?)
}
