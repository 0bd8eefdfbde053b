//! The server, the session, searching, metadata, administration, Service Management and any
//! REST call.

use super::super::spec::{
    Availability, Handler, Kind, MethodSpec, Opt, Param, Target, VerbName, delete, get, post, put,
};
use super::{EXPAND, ID, custom, handled, method, rest};

const PATH: Param = handled("path", Kind::Text);
const QUERY: Param = handled("query", Kind::Map).optional();
const BODY: Param = handled("body", Kind::Any).optional();
const HEADERS: Opt = Opt::handler("headers", Kind::Map);
const RAW: Opt = Opt::handler("raw", Kind::Bool);
const PAGED: Opt = Opt::handler("paged", Kind::Bool);

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
        rest(get("myself"))
    ),
    method!(
        "current_user",
        Server,
        "One field of the caller's user: `name` on Server and Data Center, `accountId` on Cloud, or the `field` asked for.",
        [],
        [Opt::handler("field", Kind::Text)],
        custom(Handler::CurrentUser)
    ),
    method!(
        "session",
        Server,
        "The caller's session (`/rest/auth/1/session`): user name and login information.",
        [],
        [],
        rest(get("/rest/auth/1/session"))
    ),
    method!(
        "kill_session",
        Server,
        "Ends the caller's cookie session (`DELETE /rest/auth/1/session`).",
        [],
        [],
        rest(delete("/rest/auth/1/session"))
    ),
    method!("kill_websudo", Server,
        "Drops the caller's administrator (websudo) session on Server and Data Center.",
        [], [], rest(delete("/rest/auth/1/websudo")), availability: Availability::ServerOnly),
    method!(
        "search_issues",
        Search,
        "Every issue matching the JQL as one array of `Issue`s (they read like maps; `issue.raw` is the map), fetched page by page (`concurrency` pages at once) and returned in order; `max_results` (or python-jira's `maxResults`) stops early. Progress shows on stderr when it is a terminal. For large results prefer `jira.issues`, which holds only a few pages at a time.",
        [handled("jql_str", Kind::Text)],
        [
            Opt::handler("fields", Kind::List),
            EXPAND,
            Opt::handler("max_results", Kind::Int),
            Opt::handler("maxResults", Kind::Int),
            Opt::handler("page_size", Kind::Int),
            Opt::handler("concurrency", Kind::Int)
        ],
        custom(Handler::SearchIssues)
    ),
    method!(
        "issues",
        Search,
        "Every issue matching the JQL as a lazy stream of `Issue`s for `for issue in jira.issues(jql) { … }`: pages are fetched ahead (`concurrency` at once) and parsed while the script works, so memory stays bounded by a few pages whatever the result's size; `break` stops fetching. An issue the script does not change is written by `json::to_string` as the server sent it. Order, duplicates across pages, short pages and a result that changes mid-export are handled as in `search_issues` (one that shrinks is an error, never a short list; one that grows is followed to its end). `page_size` defaults to 100 issues, or 1,000 over OAuth 1.0a (one RSA signature per page), where such a page counts as ten against `concurrency`.",
        [handled("jql_str", Kind::Text)],
        [
            Opt::handler("fields", Kind::List),
            EXPAND,
            Opt::handler("max_results", Kind::Int),
            Opt::handler("page_size", Kind::Int),
            Opt::handler("concurrency", Kind::Int)
        ],
        custom(Handler::IssueStream)
    ),
    method!(
        "request",
        Raw,
        "Any REST call: `method` (GET, POST, …), `path` relative to `/rest/api/2/` or absolute from `/rest/…`, with `query` (a map; arrays repeat the parameter), a JSON `body`, extra `headers`, `raw: true` for `#{status, headers, body (a blob), text}` whatever the content type, and `paged` (GET answers that are pages are followed to the end unless `paged: false`).",
        [handled("method", Kind::Text), PATH],
        [
            Opt::handler("query", Kind::Map),
            Opt::handler("body", Kind::Any),
            HEADERS,
            RAW,
            PAGED
        ],
        custom(Handler::Request)
    ),
    method!(
        "pages",
        Raw,
        "Every item of any paged resource as a lazy stream, page by page (`startAt`/`total`, `isLast`/`values`, Service Management's `start`/`isLastPage`, Cloud's `nextPageToken`, or a plain array filled to the `maxResults` asked for): `for comment in jira.pages(\"issue/ABC-1/comment\", #{query: #{maxResults: 100}}) { … }`.",
        [PATH],
        [Opt::handler("query", Kind::Map)],
        custom(Handler::PageStream)
    ),
    method!(
        "get",
        Raw,
        "GET any REST path (relative to `/rest/api/2/`, or absolute from `/rest/…`) with a `query` map; a paged answer is followed to the end (`startAt`/`total`, `isLast`/`values`, Cloud's `nextPageToken`) unless `paged: false`.",
        [PATH, QUERY],
        [HEADERS, RAW, PAGED],
        custom(Handler::Verb(VerbName::Get))
    ),
    method!(
        "post",
        Raw,
        "POST a JSON body to any REST path, with an optional `query` map; returns the answer.",
        [PATH, BODY, QUERY],
        [HEADERS, RAW],
        custom(Handler::Verb(VerbName::Post))
    ),
    method!(
        "put",
        Raw,
        "PUT a JSON body to any REST path, with an optional `query` map; returns the answer.",
        [PATH, BODY, QUERY],
        [HEADERS, RAW],
        custom(Handler::Verb(VerbName::Put))
    ),
    method!(
        "delete",
        Raw,
        "DELETE any REST path, with an optional `query` map.",
        [PATH, QUERY],
        [HEADERS, RAW],
        custom(Handler::Verb(VerbName::Delete))
    ),
    // Metadata.
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
        custom(Handler::IssueTypeByName)
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
        "Every resolution.",
        [],
        [],
        rest(get("resolution"))
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
    // Administration.
    method!(
        "my_permissions",
        Admin,
        "The caller's permissions (`havePermission` for each), globally or in a project or issue; `permissions` names the ones to check (Jira 9 requires it).",
        [],
        [
            Opt::query("projectKey", Kind::Text, "projectKey"),
            Opt::query("projectId", Kind::Text, "projectId"),
            Opt::query("issueKey", Kind::Text, "issueKey"),
            Opt::query("issueId", Kind::Text, "issueId"),
            Opt::query("permissions", Kind::List, "permissions")
        ],
        rest(get("mypermissions"))
    ),
    method!(
        "application_properties",
        Admin,
        "Jira's application properties (administrators), or the one named `key`.",
        [],
        [Opt::query("key", Kind::Text, "key")],
        rest(get("application-properties"))
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
        rest(put("application-properties/{key}"))
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
        availability: Availability::ServerOnly),
    method!("reindex", Admin,
        "Starts a re-index (administrators): in the background unless `force` (a locking foreground re-index); returns Jira's progress record.",
        [], [Opt::query("type", Kind::Text, "type")],
        rest(post("reindex")), availability: Availability::ServerOnly),
    method!("reindex_progress", Admin, "The progress of the running or last re-index.",
        [], [], rest(get("reindex")), availability: Availability::ServerOnly),
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
    // Jira Service Management.
    method!(
        "supports_service_desk",
        ServiceDesk,
        "Whether Jira Service Management answers on this server.",
        [],
        [],
        custom(Handler::SupportsServiceDesk)
    ),
    method!(
        "service_desks",
        ServiceDesk,
        "Every service desk.",
        [],
        [],
        rest(get("/rest/servicedeskapi/servicedesk").paged(super::super::spec::Paging::Start))
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
            get("/rest/servicedeskapi/servicedesk/{service_desk}/requesttype")
                .paged(super::super::spec::Paging::Start)
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
        custom(Handler::RequestTypeByName)
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
