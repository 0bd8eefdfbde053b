//! Users and groups.

use super::super::spec::{
    Availability, Kind, MethodSpec, Opt, Paging, Param, Part, Site, Target, Version, Waiver,
    delete, get, post, put,
};
use serde_json::json;

use super::super::Invocation;
use super::{
    EXPAND, EXPAND_UNLISTED, Outcome, START_AT_UNLISTED, custom, handled, json, method, query_text,
    rest,
};
use crate::client::{Client, Deployment};
use crate::request::ApiRequest;

const USER: Param = Param::new("user", Kind::User, Target::UserQuery);
const USERNAME: Param = Param::new("username", Kind::User, Target::UserQuery);
const GROUP: Param = query_text("group", "groupname");
/// Who to look for: a user name on Server and Data Center, any text on Cloud (`query`; Cloud
/// refuses searches by user name since its privacy changes).
const USER_SEARCH: Target = Target::QueryPer {
    server: "username",
    cloud: "query",
};
/// Where user avatars live on Cloud.
const CLOUD_AVATARS: &str = "the user's Atlassian account profile (Cloud has no user avatar API)";
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
        rest(get("user")),
        availability: Availability::EVERYWHERE.waivers(&[EXPAND_UNLISTED])
    ),
    method!(
        "search_users",
        Users,
        "Every user whose name, display name or e-mail matches (all pages; Cloud searches by `query`); `includeInactive: true` adds deactivated users on Data Center.",
        [Param::new("user", Kind::Text, USER_SEARCH)],
        [INCLUDE[0], INCLUDE[1]],
        rest(get("user/search").paged(Paging::Array)),
        availability: Availability::EVERYWHERE.waivers(&[
            cloud_ignores("includeActive"),
            cloud_ignores("includeInactive"),
        ])
    ),
    method!("search_assignable_users_for_issues", Users,
        "Every user who can be assigned issues of a `project` or to the issue `issueKey`, matching `username` (all pages).",
        [], [Opt { key: "username", kind: Kind::Text, target: USER_SEARCH },
             Opt::query("project", Kind::Text, "project"),
             Opt::query("issueKey", Kind::Text, "issueKey"), EXPAND],
        rest(get("user/assignable/search").paged(Paging::Array)),
        availability: Availability::EVERYWHERE.waivers(&[EXPAND_UNLISTED, START_AT_UNLISTED]),
        aliases: &["search_assignable_users"]),
    method!(
        "search_assignable_users_for_projects",
        Users,
        "Every user who can be assigned issues in all of `projectKeys`, matching `username`.",
        [
            Param::new("username", Kind::Text, USER_SEARCH),
            Param::new("projectKeys", Kind::List, Target::Query("projectKeys"))
        ],
        [],
        rest(get("user/assignable/multiProjectSearch").paged(Paging::Array)),
        availability: Availability::EVERYWHERE.waivers(&[START_AT_UNLISTED])
    ),
    method!(
        "search_allowed_users_for_issue",
        Users,
        "Every user matching `user` who may see the issue `issueKey` or the project `projectKey`.",
        [Param::new("user", Kind::Text, USER_SEARCH)],
        [
            Opt::query("issueKey", Kind::Text, "issueKey"),
            Opt::query("projectKey", Kind::Text, "projectKey")
        ],
        rest(get("user/viewissue/search").paged(Paging::Array)),
        availability: Availability::EVERYWHERE.waivers(&[START_AT_UNLISTED])
    ),
    method!("add_user", Users,
        "Creates a user (administrators, Data Center): `username`, `email`, and `password`, `fullname`, `notify`, `active`.",
        [Param::new("username", Kind::Text, Target::Body("name")),
         Param::new("email", Kind::Text, Target::Body("emailAddress"))],
        [Opt::body("password", Kind::Text, "password"),
         Opt::body("fullname", Kind::Text, "displayName"),
         Opt::body("notify", Kind::Bool, "notification"),
         Opt::body("active", Kind::Bool, "active")],
        rest(post("user")), availability: Availability::SERVER_ONLY,
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
        availability: Availability::SERVER_ONLY),
    method!("rename_user", Users, "Renames a user (administrators, Data Center).",
        [Param::new("old_user", Kind::Text, Target::Query("username")),
         Param::new("new_user", Kind::Text, Target::Body("name"))], [],
        rest(put("user")), availability: Availability::SERVER_ONLY),
    method!(
        "user_avatars",
        Users,
        "The avatars a user may choose from.",
        [USERNAME],
        [],
        rest(get("user/avatars")),
        availability: Availability::SERVER_ONLY.instead(CLOUD_AVATARS)
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
        rest(put("user/avatar").unit()),
        availability: Availability::SERVER_ONLY.instead(CLOUD_AVATARS)
    ),
    method!(
        "delete_user_avatar",
        Users,
        "Deletes one of a user's avatars.",
        [USERNAME, Param::path("avatar")],
        [],
        rest(delete("user/avatar/{avatar}")),
        availability: Availability::SERVER_ONLY.instead(CLOUD_AVATARS)
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
        rest(get("group")),
        availability: Availability::EVERYWHERE
            .until(Version::new(9, 0))
            .instead("`jira.group_members(group)`")
            .because("Data Center 9 removed `GET group`")
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
        rest(get("group/member").paged(Paging::Values)),
        availability: Availability::EVERYWHERE.waivers(&[Waiver {
            part: Part::Query("groupname"),
            on: &[Site::Dc10],
            reason: "the 10.3 description omits `groupname`, which this resource requires (8.4's WADL and the 11 description list it)",
        }])
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

/// Cloud's user search returns active and inactive users alike and has no such parameter.
const fn cloud_ignores(parameter: &'static str) -> Waiver {
    Waiver {
        part: Part::Query(parameter),
        on: &[Site::Cloud],
        reason: "Cloud's user search has no such filter and ignores it; Data Center needs it to include inactive users",
    }
}
