//! Projects, components, versions, roles, filters and dashboards.

use super::super::spec::{
    Availability, Kind, MethodSpec, Opt, Paging, Param, Part, Site, Target, Waiver, delete, get,
    post, put,
};
use serde_json::{Value, json};

use super::super::Invocation;
use super::super::call::{segment, value_text};
use super::{EXPAND, ID, Outcome, PROJECT, body_text, custom, handled, json, method, rest};
use crate::Error;
use crate::client::Client;

const VERSION_FIELDS: [Opt; 5] = [
    Opt::body("description", Kind::Text, "description"),
    Opt::body("releaseDate", Kind::Text, "releaseDate"),
    Opt::body("startDate", Kind::Text, "startDate"),
    Opt::body("archived", Kind::Bool, "archived"),
    Opt::body("released", Kind::Bool, "released"),
];
/// A component's lead: the user name on Server and Data Center, the account id on Cloud (which
/// refuses `leadUserName` since its privacy changes).
const COMPONENT_LEAD: Opt = Opt {
    key: "leadUserName",
    kind: Kind::User,
    target: Target::BodyPer {
        server: "leadUserName",
        cloud: "leadAccountId",
    },
};
/// Jira 8.4 reads ISO dates though its WADL lists only the user-formatted ones.
const VERSION_DATES: [Waiver; 2] = [
    Waiver {
        part: Part::Body("releaseDate"),
        on: &[Site::Dc8],
        reason: VERSION_DATES_REASON,
    },
    Waiver {
        part: Part::Body("startDate"),
        on: &[Site::Dc8],
        reason: VERSION_DATES_REASON,
    },
];
const VERSION_DATES_REASON: &str = "Jira 8 reads `releaseDate`/`startDate` as ISO dates (python-jira sends them); 8.4's WADL schema lists only `userReleaseDate`/`userStartDate`, and 10.3, 11 and Cloud document both";
const FILTER_FIELDS: [Opt; 4] = [
    Opt::body("name", Kind::Text, "name"),
    Opt::body("description", Kind::Text, "description"),
    Opt::body("jql", Kind::Text, "jql"),
    Opt::body("favourite", Kind::Bool, "favourite"),
];

pub(super) const METHODS: &[MethodSpec] = &[
    method!(
        "projects",
        Projects,
        "Every project the user can see. On Cloud, which deprecated `project`, from every page of `project/search`.",
        [],
        [EXPAND],
        rest(get("project").on_cloud("project/search", Paging::Values))
    ),
    method!(
        "project",
        Projects,
        "One project, by key or id, with its issue types.",
        [PROJECT],
        [EXPAND],
        rest(get("project/{project}"))
    ),
    method!(
        "create_project",
        Projects,
        "Creates a project (administrators): `key`, and `name`, `lead` (a user name; an account id on Cloud, sent as `leadAccountId`), `projectTypeKey` (software, business, service_desk), `projectTemplateKey`, `description`.",
        [body_text("key", "key")],
        [
            Opt::body("name", Kind::Text, "name"),
            Opt {
                key: "lead",
                kind: Kind::User,
                target: Target::BodyPer {
                    server: "lead",
                    cloud: "leadAccountId"
                }
            },
            Opt::body("projectTypeKey", Kind::Text, "projectTypeKey"),
            Opt::body("projectTemplateKey", Kind::Text, "projectTemplateKey"),
            Opt::body("description", Kind::Text, "description")
        ],
        rest(post("project"))
    ),
    method!(
        "delete_project",
        Projects,
        "Deletes a project and its issues (administrators).",
        [PROJECT],
        [],
        rest(delete("project/{project}"))
    ),
    method!(
        "project_issue_types",
        Projects,
        "The issue types of a project.",
        [PROJECT],
        [],
        rest(get("project/{project}").field("issueTypes"))
    ),
    method!(
        "project_components",
        Projects,
        "A project's components.",
        [PROJECT],
        [],
        rest(get("project/{project}/components"))
    ),
    method!(
        "component",
        Projects,
        "One component by id.",
        [ID],
        [],
        rest(get("component/{id}"))
    ),
    method!(
        "create_component",
        Projects,
        "Creates a component in a project: `description`, `leadUserName` (an account id on Cloud, sent as `leadAccountId`), `assigneeType` (PROJECT_DEFAULT, COMPONENT_LEAD, PROJECT_LEAD, UNASSIGNED).",
        [body_text("name", "name"), body_text("project", "project")],
        [
            Opt::body("description", Kind::Text, "description"),
            COMPONENT_LEAD,
            Opt::body("assigneeType", Kind::Text, "assigneeType")
        ],
        rest(post("component"))
    ),
    method!(
        "update_component",
        Projects,
        "Changes a component: `name`, `description`, `leadUserName` (an account id on Cloud), `assigneeType`.",
        [ID],
        [
            Opt::body("name", Kind::Text, "name"),
            Opt::body("description", Kind::Text, "description"),
            COMPONENT_LEAD,
            Opt::body("assigneeType", Kind::Text, "assigneeType")
        ],
        rest(put("component/{id}"))
    ),
    method!(
        "delete_component",
        Projects,
        "Deletes a component.",
        [ID],
        [],
        rest(delete("component/{id}"))
    ),
    method!(
        "component_count_related_issues",
        Projects,
        "How many issues have this component.",
        [ID],
        [],
        rest(get("component/{id}/relatedIssueCounts").field("issueCount"))
    ),
    method!(
        "project_versions",
        Projects,
        "A project's versions.",
        [PROJECT],
        [],
        rest(get("project/{project}/versions"))
    ),
    method!(
        "version",
        Projects,
        "One version by id.",
        [ID],
        [EXPAND],
        rest(get("version/{id}"))
    ),
    method!(
        "get_project_version_by_name",
        Projects,
        "The version of a project with exactly this name, or `()`.",
        [
            handled("project", Kind::Text),
            handled("version_name", Kind::Text)
        ],
        [],
        custom!(version_by_name)
    ),
    method!(
        "create_version",
        Projects,
        "Creates a version: `description`, `releaseDate`/`startDate` (YYYY-MM-DD), `archived`, `released`.",
        [body_text("name", "name"), body_text("project", "project")],
        [
            VERSION_FIELDS[0],
            VERSION_FIELDS[1],
            VERSION_FIELDS[2],
            VERSION_FIELDS[3],
            VERSION_FIELDS[4]
        ],
        rest(post("version")),
        availability: Availability::EVERYWHERE.waivers(&VERSION_DATES)
    ),
    method!(
        "update_version",
        Projects,
        "Changes a version: `name`, `description`, dates, `released: true` releases it, `archived: true` archives it.",
        [ID],
        [
            Opt::body("name", Kind::Text, "name"),
            VERSION_FIELDS[0],
            VERSION_FIELDS[1],
            VERSION_FIELDS[2],
            VERSION_FIELDS[3],
            VERSION_FIELDS[4]
        ],
        rest(put("version/{id}")),
        availability: Availability::EVERYWHERE.waivers(&VERSION_DATES)
    ),
    method!(
        "rename_version",
        Projects,
        "Renames the version of a project named `old_name`.",
        [
            handled("project", Kind::Text),
            handled("version_name", Kind::Text),
            handled("new_name", Kind::Text)
        ],
        [],
        custom!(rename_version)
    ),
    method!(
        "move_version",
        Projects,
        "Moves a version `after` another (its URL or id) or to a `position`: First, Last, Earlier, Later.",
        [ID],
        [
            Opt::body("after", Kind::Text, "after"),
            Opt::body("position", Kind::Text, "position")
        ],
        rest(post("version/{id}/move"))
    ),
    method!(
        "delete_version",
        Projects,
        "Deletes a version (`POST version/{id}/removeAndSwap`, what Data Center 10.3 documents), moving its issues' fix and affected versions to the versions `moveFixIssuesTo` and `moveAffectedIssuesTo` when given.",
        [ID],
        [
            Opt::body("moveFixIssuesTo", Kind::Text, "moveFixIssuesTo"),
            Opt::body("moveAffectedIssuesTo", Kind::Text, "moveAffectedIssuesTo")
        ],
        rest(post("version/{id}/removeAndSwap").always_body().unit())
    ),
    method!(
        "version_count_related_issues",
        Projects,
        "How many issues have this version as fix version and as affected version.",
        [ID],
        [],
        rest(get("version/{id}/relatedIssueCounts"))
    ),
    method!(
        "version_count_unresolved_issues",
        Projects,
        "How many unresolved issues have this fix version.",
        [ID],
        [],
        rest(get("version/{id}/unresolvedIssueCount").field("issuesUnresolvedCount"))
    ),
    method!(
        "project_roles",
        Projects,
        "A project's roles: name → role URL.",
        [PROJECT],
        [],
        rest(get("project/{project}/role"))
    ),
    method!(
        "project_role",
        Projects,
        "One role of a project with its actors.",
        [PROJECT, ID],
        [],
        rest(get("project/{project}/role/{id}"))
    ),
    method!(
        "add_user_to_project_role",
        Projects,
        "Adds users (and/or `groups`) to a project role; returns the role.",
        [
            PROJECT,
            ID,
            Param::new("users", Kind::List, Target::Body("user"))
        ],
        [Opt::body("groups", Kind::List, "group")],
        rest(post("project/{project}/role/{id}"))
    ),
    method!(
        "project_avatars",
        Projects,
        "The avatars a project may choose from.",
        [PROJECT],
        [],
        rest(get("project/{project}/avatars"))
    ),
    method!(
        "set_project_avatar",
        Projects,
        "Sets a project's avatar by avatar id.",
        [
            PROJECT,
            Param::new("avatar", Kind::Text, Target::Body("id"))
        ],
        [],
        rest(put("project/{project}/avatar").unit())
    ),
    method!(
        "delete_project_avatar",
        Projects,
        "Deletes one of a project's avatars.",
        [PROJECT, Param::path("avatar")],
        [],
        rest(delete("project/{project}/avatar/{avatar}"))
    ),
    method!(
        "project_issue_security_level_scheme",
        Projects,
        "A project's issue security scheme.",
        [PROJECT],
        [],
        rest(get("project/{project}/issuesecuritylevelscheme"))
    ),
    method!(
        "project_notification_scheme",
        Projects,
        "A project's notification scheme.",
        [PROJECT],
        [],
        rest(get("project/{project}/notificationscheme"))
    ),
    method!(
        "project_permissionscheme",
        Projects,
        "A project's permission scheme.",
        [PROJECT],
        [],
        rest(get("project/{project}/permissionscheme"))
    ),
    method!("project_priority_scheme", Projects, "A project's priority scheme (Data Center).",
        [PROJECT], [], rest(get("project/{project}/priorityscheme")),
        availability: Availability::SERVER_ONLY),
    // Filters and dashboards.
    method!(
        "filter",
        Filters,
        "One filter by id.",
        [ID],
        [],
        rest(get("filter/{id}"))
    ),
    method!(
        "favourite_filters",
        Filters,
        "The caller's favourite filters.",
        [],
        [],
        rest(get("filter/favourite"))
    ),
    method!(
        "create_filter",
        Filters,
        "Creates a filter: `name`, `description`, `jql`, `favourite`.",
        [],
        [
            FILTER_FIELDS[0],
            FILTER_FIELDS[1],
            FILTER_FIELDS[2],
            FILTER_FIELDS[3]
        ],
        rest(post("filter"))
    ),
    method!(
        "update_filter",
        Filters,
        "Changes a filter: `name`, `description`, `jql`, `favourite`.",
        [Param::new("filter_id", Kind::Text, Target::Path)],
        [
            FILTER_FIELDS[0],
            FILTER_FIELDS[1],
            FILTER_FIELDS[2],
            FILTER_FIELDS[3]
        ],
        rest(put("filter/{filter_id}"))
    ),
    method!(
        "delete_filter",
        Filters,
        "Deletes a filter.",
        [ID],
        [],
        rest(delete("filter/{id}"))
    ),
    method!(
        "dashboards",
        Filters,
        "Every dashboard the caller can see; `filter: \"favourite\"` or `\"my\"` narrows it.",
        [],
        [Opt::query("filter", Kind::Text, "filter")],
        rest(get("dashboard").paged(Paging::Total("dashboards")))
    ),
    method!(
        "dashboard",
        Filters,
        "One dashboard by id.",
        [ID],
        [],
        rest(get("dashboard/{id}"))
    ),
    method!(
        "dashboard_item_property_keys",
        Filters,
        "The property keys of a dashboard item (gadget).",
        [Param::path("dashboard_id"), Param::path("item_id")],
        [],
        rest(get("dashboard/{dashboard_id}/items/{item_id}/properties").field("keys"))
    ),
    method!(
        "dashboard_item_property",
        Filters,
        "One property of a dashboard item.",
        [
            Param::path("dashboard_id"),
            Param::path("item_id"),
            Param::path("property_key")
        ],
        [],
        rest(get(
            "dashboard/{dashboard_id}/items/{item_id}/properties/{property_key}"
        ))
    ),
    method!(
        "set_dashboard_item_property",
        Filters,
        "Sets a property of a dashboard item.",
        [
            Param::path("dashboard_id"),
            Param::path("item_id"),
            Param::path("property_key"),
            Param::new("value", Kind::Any, Target::WholeBody)
        ],
        [],
        rest(put(
            "dashboard/{dashboard_id}/items/{item_id}/properties/{property_key}"
        ))
    ),
];

async fn version_by_name(client: &Client, call: &Invocation) -> Outcome {
    json(find_version(client, call).await?)
}

/// The version of `project` named `version_name`, `null` when there is none.
async fn find_version(client: &Client, call: &Invocation) -> Result<Value, Error> {
    let project = segment(&call.text("project"));
    let versions = client
        .get(&format!("project/{project}/versions"), &[])
        .await?;
    let wanted = call.text("version_name");
    Ok(versions
        .as_array()
        .into_iter()
        .flatten()
        .find(|version| version.get("name").and_then(Value::as_str) == Some(wanted.as_str()))
        .cloned()
        .unwrap_or(Value::Null))
}

async fn rename_version(client: &Client, call: &Invocation) -> Outcome {
    let version = find_version(client, call).await?;
    let Some(id) = version.get("id").map(value_text) else {
        return Err(call.invalid(format!(
            "{} has no version named `{}`",
            call.text("project"),
            call.text("version_name")
        )));
    };
    let body = json!({ "name": call.text("new_name") });
    json(
        client
            .put(&format!("version/{}", segment(&id)), &body)
            .await?,
    )
}
