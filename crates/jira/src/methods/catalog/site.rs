//! The server, the session and the caller, metadata (fields, issue types, priorities,
//! statuses, resolutions), administration and Jira Service Management.

use super::super::spec::{
    Availability, Kind, MethodSpec, Opt, Paging, Param, Part, Site, Target, Version, Waiver,
    delete, get, post, put,
};
use serde_json::Value;

use super::super::call::segment;
use super::super::{Answer, Invocation};
use super::{
    EXPAND, EXPAND_UNLISTED, ID, Outcome, custom, find_named, handled, json, method, rest,
};
use crate::client::Client;
use crate::pages;
use crate::request::ApiRequest;

/// Cookie sessions: Cloud has none, and Data Center 11 refuses them by default (basic
/// authentication is off there).
const SESSIONS: Availability = Availability::SERVER_ONLY
    .until(Version::new(11, 0))
    .instead("a personal access token (`jira.myself()` shows who it is)")
    .because("Cloud has no `/rest/auth/1/session`, and Data Center 11 refuses it with basic authentication off by default");

pub(super) const METHODS: &[MethodSpec] = &[
    method!(
        "server_info",
        Server,
        "Jira's `serverInfo`: version, build, deployment type, base URL. Answered to anonymous callers too, so it proves nothing about credentials.",
        [],
        [],
        rest(get("serverInfo"))
    ),
    method!(
        "myself",
        Server,
        "The user the credentials belong to (`/myself`). Fails with a 401 when anonymous: this is what proves a login.",
        [],
        [EXPAND],
        rest(get("myself")),
        availability: Availability::EVERYWHERE.waivers(&[EXPAND_UNLISTED])
    ),
    method!(
        "current_user",
        Server,
        "One field of the caller's user: `name` on Server and Data Center, `accountId` on Cloud, or the `field` asked for.",
        [],
        [Opt::handler("field", Kind::Text)],
        custom!(current_user)
    ),
    method!(
        "session",
        Server,
        "The caller's session (`/rest/auth/1/session`): user name and login information.",
        [],
        [],
        rest(get("/rest/auth/1/session")),
        availability: SESSIONS
    ),
    method!(
        "kill_session",
        Server,
        "Ends the caller's cookie session (`DELETE /rest/auth/1/session`).",
        [],
        [],
        rest(delete("/rest/auth/1/session")),
        availability: SESSIONS
    ),
    method!("kill_websudo", Server,
        "Drops the caller's administrator (websudo) session on Server and Data Center.",
        [], [], rest(delete("/rest/auth/1/websudo")), availability: Availability::SERVER_ONLY),
    method!(
        "fields",
        Metadata,
        "Every field, system and custom, with ids and names.",
        [],
        [],
        rest(get("field"))
    ),
    method!(
        "issue_types",
        Metadata,
        "Every issue type.",
        [],
        [],
        rest(get("issuetype"))
    ),
    method!(
        "issue_type",
        Metadata,
        "One issue type by id.",
        [ID],
        [],
        rest(get("issuetype/{id}"))
    ),
    method!(
        "issue_type_by_name",
        Metadata,
        "The issue type with this name (any case), among a `project`'s types when given; an error lists the names there are.",
        [handled("name", Kind::Text)],
        [Opt::handler("project", Kind::Text)],
        custom!(issue_type_by_name)
    ),
    method!(
        "priorities",
        Metadata,
        "Every priority.",
        [],
        [],
        rest(get("priority"))
    ),
    method!(
        "priority",
        Metadata,
        "One priority by id.",
        [ID],
        [],
        rest(get("priority/{id}"))
    ),
    method!(
        "statuses",
        Metadata,
        "Every workflow status.",
        [],
        [],
        rest(get("status"))
    ),
    method!(
        "status",
        Metadata,
        "One status by id or name.",
        [ID],
        [],
        rest(get("status/{id}"))
    ),
    method!(
        "statuscategories",
        Metadata,
        "Every status category.",
        [],
        [],
        rest(get("statuscategory"))
    ),
    method!(
        "statuscategory",
        Metadata,
        "One status category by id or key.",
        [ID],
        [],
        rest(get("statuscategory/{id}"))
    ),
    method!(
        "resolutions",
        Metadata,
        "Every resolution. On Cloud, which deprecated `resolution`, from every page of `resolution/search`.",
        [],
        [],
        rest(get("resolution").on_cloud("resolution/search", Paging::Values))
    ),
    method!(
        "resolution",
        Metadata,
        "One resolution by id.",
        [ID],
        [],
        rest(get("resolution/{id}"))
    ),
    method!(
        "security_level",
        Metadata,
        "One issue security level by id.",
        [ID],
        [],
        rest(get("securitylevel/{id}"))
    ),
    method!(
        "custom_field_option",
        Metadata,
        "One option of a select custom field, by id.",
        [ID],
        [],
        rest(get("customFieldOption/{id}"))
    ),
    method!(
        "my_permissions",
        Admin,
        "The caller's permissions (`havePermission` for each), globally or in a project or issue; `permissions` names the ones to check (Cloud requires it).",
        [],
        [
            Opt::query("projectKey", Kind::Text, "projectKey"),
            Opt::query("projectId", Kind::Text, "projectId"),
            Opt::query("issueKey", Kind::Text, "issueKey"),
            Opt::query("issueId", Kind::Text, "issueId"),
            Opt::query("permissions", Kind::List, "permissions")
        ],
        rest(get("mypermissions")),
        availability: Availability::EVERYWHERE.waivers(&[Waiver {
            part: Part::Query("permissions"),
            on: &[Site::Dc8, Site::Dc10, Site::Dc11],
            reason: "Cloud requires `permissions`; Data Center does not read it and answers every permission, so a script that names them works on both",
        }])
    ),
    method!(
        "application_properties",
        Admin,
        "Jira's application properties (administrators), or the one named `key`.",
        [],
        [Opt::query("key", Kind::Text, "key")],
        rest(get("application-properties")),
        availability: Availability::EVERYWHERE.waivers(&[
            Waiver {
                part: Part::Query("key"),
                on: &[Site::Dc10, Site::Dc11],
                reason: "the 10.3 and 11 descriptions mark `key` required, yet without it Jira answers every property, as 8.4's WADL and Cloud document",
            },
            Waiver {
                part: Part::Query("permissionLevel"),
                on: &[Site::Dc10, Site::Dc11],
                reason: "the 10.3 and 11 descriptions mark `permissionLevel` required, yet Jira defaults it, as 8.4's WADL and Cloud document",
            },
        ])
    ),
    method!(
        "set_application_property",
        Admin,
        "Sets an application property (administrators).",
        [
            Param::new("key", Kind::Text, Target::Path),
            Param::new("value", Kind::Text, Target::Body("value"))
        ],
        [],
        rest(put("application-properties/{key}")),
        availability: Availability::EVERYWHERE.waivers(&[Waiver {
            part: Part::Body("value"),
            on: &[Site::Dc8, Site::Dc10, Site::Dc11],
            reason: "the Data Center descriptions omit this request's body; Jira reads `{\"id\", \"value\"}`, as Cloud documents",
        }])
    ),
    method!(
        "application_roles",
        Admin,
        "Products with their seat counts (`numberOfSeats`, `remainingSeats`, `userCount`): what licence monitoring needs.",
        [],
        [],
        rest(get("applicationrole"))
    ),
    method!("applicationlinks", Admin,
        "The application links of this Jira (administrators).",
        [], [], rest(get("/rest/applinks/latest/listApplicationlinks")),
        availability: Availability::SERVER_ONLY),
    method!("reindex", Admin,
        "Starts a re-index (administrators): in the background unless `force` (a locking foreground re-index); returns Jira's progress record.",
        [], [Opt::query("type", Kind::Text, "type")],
        rest(post("reindex")), availability: Availability::SERVER_ONLY),
    method!("reindex_progress", Admin, "The progress of the running or last re-index.",
        [], [], rest(get("reindex")), availability: Availability::SERVER_ONLY),
    method!(
        "delete_permissionscheme",
        Admin,
        "Deletes a permission scheme (administrators).",
        [ID],
        [],
        rest(delete("permissionscheme/{id}"))
    ),
    method!(
        "role",
        Admin,
        "Every project role defined in Jira.",
        [],
        [],
        rest(get("role"))
    ),
    method!(
        "supports_service_desk",
        ServiceDesk,
        "Whether Jira Service Management answers on this server.",
        [],
        [],
        custom!(supports_service_desk)
    ),
    method!(
        "service_desks",
        ServiceDesk,
        "Every service desk.",
        [],
        [],
        rest(get("/rest/servicedeskapi/servicedesk").paged(Paging::Start))
    ),
    method!(
        "service_desk",
        ServiceDesk,
        "One service desk by id.",
        [ID],
        [],
        rest(get("/rest/servicedeskapi/servicedesk/{id}"))
    ),
    method!(
        "request_types",
        ServiceDesk,
        "The request types of a service desk.",
        [Param::path("service_desk")],
        [],
        rest(
            get("/rest/servicedeskapi/servicedesk/{service_desk}/requesttype").paged(Paging::Start)
        )
    ),
    method!(
        "request_type_by_name",
        ServiceDesk,
        "The request type of a service desk with this name (any case).",
        [
            handled("service_desk", Kind::Text),
            handled("name", Kind::Text)
        ],
        [],
        custom!(request_type_by_name)
    ),
    method!(
        "create_customer",
        ServiceDesk,
        "Creates a customer (`email`, `displayName`).",
        [
            Param::new("email", Kind::Text, Target::Body("email")),
            Param::new("displayName", Kind::Text, Target::Body("displayName"))
        ],
        [],
        rest(post("/rest/servicedeskapi/customer"))
    ),
    method!(
        "create_customer_request",
        ServiceDesk,
        "Raises a customer request: `fields` with `serviceDeskId`, `requestTypeId` and `requestFieldValues`.",
        [Param::new("fields", Kind::Map, Target::WholeBody)],
        [],
        rest(post("/rest/servicedeskapi/request"))
    ),
];

async fn current_user(client: &Client, call: &Invocation) -> Outcome {
    let me = client.call_json("myself", Vec::new()).await?;
    let field = match call.option_text("field") {
        Some(field) => field,
        None if me.get("accountId").is_some() => "accountId".to_owned(),
        None => "name".to_owned(),
    };
    json(me.get(&field).cloned().unwrap_or(Value::Null))
}

async fn issue_type_by_name(client: &Client, call: &Invocation) -> Outcome {
    let types = match call.option_text("project") {
        Some(project) => client
            .call_json("project", vec![Value::String(project)])
            .await?
            .get("issueTypes")
            .cloned()
            .unwrap_or_default(),
        None => client.call_json("issue_types", Vec::new()).await?,
    };
    let name = call.text("name");
    find_named(call, &types, "name", &name, "issue type").map(Answer::Json)
}

async fn request_type_by_name(client: &Client, call: &Invocation) -> Outcome {
    let request = ApiRequest::new(
        reqwest::Method::GET,
        format!(
            "/rest/servicedeskapi/servicedesk/{}/requesttype",
            segment(&call.text("service_desk"))
        ),
    );
    let types = Value::Array(pages::collect(client, &request, Paging::Start, None).await?);
    find_named(call, &types, "name", &call.text("name"), "request type").map(Answer::Json)
}

async fn supports_service_desk(client: &Client, _call: &Invocation) -> Outcome {
    match client.get("/rest/servicedeskapi/info", &[]).await {
        Ok(_) => json(Value::Bool(true)),
        Err(error) if matches!(error.status(), Some(404)) => json(Value::Bool(false)),
        Err(error) => Err(error),
    }
}
