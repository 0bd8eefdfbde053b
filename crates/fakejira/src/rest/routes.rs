//! The route table: every REST resource fakejira serves, one line each, with the API it belongs
//! to, its verb, its path template (parameters named as Atlassian's REST descriptions name them),
//! its handler, who may call it and, where Jiras differ, which deployments and Data Center
//! releases serve it. Declaration order does not matter: [`super::router`] picks the most
//! specific route.
//!
//! Where a route exists follows Atlassian's REST descriptions: Jira 8.4.3's WADL
//! (`jira-rest-plugin`, so REST API 2 and `/rest/auth/1` only), Data Center 10.3.24 and 11.3.8,
//! Cloud platform (December 2025) and Cloud agile (March 2024). Between 8.4.3 and 10.3 no
//! description exists; the choices there:
//! - `issue/createmeta` is gone from 9.0, as Atlassian announced ("createmeta REST endpoint to
//!   be removed") and clients report (Jira 9 answers `issue/createmeta` as an issue key: 404
//!   "Issue Does Not Exist");
//! - `GET group` and `DELETE version/{id}`, in 8.4.3's WADL and not in 10.3's description, are
//!   taken to have gone with 10.0, the platform release that removed deprecated REST resources.
//!
//! Jira Service Management and application links have no published description: their routes
//! are kept everywhere.

use axum::response::Response;

use super::Api::{Agile, Applinks, Auth, Platform, ServiceDesk};
use super::router::{Access, Deployments, RouteInfo};
use super::{
    Api, Call, RestError, applinks, attachments, boards, comments, components, fields, filters,
    groups, issue_extras, issues, links, project_config, projects, screens, search, server_info,
    servicedesk, session, sprints, system_config, transitions, users, versions, worklogs,
};
use crate::version::JiraVersion;
use Access::{Admins, Anyone, Users};

/// What answers a routed call.
pub(super) type Handler = fn(&Call<'_>) -> Result<Response, RestError>;

/// A route and the code that answers it.
#[derive(Debug)]
pub(super) struct Route {
    pub info: RouteInfo,
    pub handler: Handler,
}

const GET: &str = "GET";
const POST: &str = "POST";
const PUT: &str = "PUT";
const DELETE: &str = "DELETE";

/// A route both deployments serve.
const fn r(
    api: Api,
    method: &'static str,
    path: &'static str,
    handler: Handler,
    access: Access,
) -> Route {
    Route {
        info: RouteInfo {
            api,
            method,
            path,
            access,
            deployments: Deployments::ALL,
        },
        handler,
    }
}

impl Route {
    /// The same route, served by `deployments` only.
    const fn on(mut self, deployments: Deployments) -> Self {
        self.info.deployments = deployments;
        self
    }

    /// The same route, gone from Data Center `major.minor` on.
    const fn until(mut self, major: u16, minor: u16) -> Self {
        self.info.deployments = self
            .info
            .deployments
            .until(JiraVersion::new(major, minor, 0));
        self
    }

    /// The same route, which Cloud does not have.
    const fn not_on_cloud(mut self) -> Self {
        self.info.deployments = self.info.deployments.without_cloud();
        self
    }
}

/// The tables [`super::router`] reads, one per part of Jira. Each is kept one route a line
/// (`rustfmt::skip`), so that it reads as a table.
pub(super) const ROUTE_TABLES: [&[Route]; 7] = [
    PLATFORM,
    ISSUE_PARTS,
    CONFIGURATION,
    PROJECTS,
    AGILE,
    SERVICE_DESK,
    AUTH_AND_APPLINKS,
];

/// REST API 2: the server, users and groups, search, issues and what they hold.
#[rustfmt::skip]
const PLATFORM: &[Route] = &[
    r(Platform, GET, "serverInfo", server_info::get, Anyone),
    r(Platform, GET, "myself", users::myself, Users),
    r(Platform, GET, "user", users::get, Users),
    r(Platform, POST, "user", users::create, Admins),
    r(Platform, PUT, "user", users::update, Admins).not_on_cloud(),
    r(Platform, DELETE, "user", users::delete, Admins),
    r(Platform, GET, "user/search", users::search, Users),
    r(Platform, GET, "user/assignable/search", users::assignable_search, Users),
    r(Platform, GET, "user/viewissue/search", users::assignable_search, Users),
    r(Platform, GET, "user/assignable/multiProjectSearch", users::multi_project_search, Users),
    r(Platform, GET, "user/avatars", users::avatars, Users).not_on_cloud(),
    r(Platform, PUT, "user/avatar", users::set_avatar, Users).not_on_cloud(),
    r(Platform, DELETE, "user/avatar/{id}", users::delete_avatar, Users).not_on_cloud(),
    r(Platform, GET, "applicationrole", users::application_roles, Users),
    r(Platform, GET, "groups/picker", groups::picker, Users),
    r(Platform, GET, "group", groups::get, Users).until(10, 0),
    r(Platform, POST, "group", groups::create, Admins),
    r(Platform, DELETE, "group", groups::delete, Admins),
    r(Platform, GET, "group/member", groups::members, Users),
    r(Platform, POST, "group/user", groups::add_user, Admins),
    r(Platform, DELETE, "group/user", groups::remove_user, Admins),
    r(Platform, GET, "field", fields::list, Users),
    // Cloud retired `search` for `search/jql`; Data Center never had the latter.
    r(Platform, GET, "search", search::search, Users).on(Deployments::DATA_CENTER),
    r(Platform, POST, "search", search::search, Users).on(Deployments::DATA_CENTER),
    r(Platform, GET, "search", search::gone, Users).on(Deployments::CLOUD),
    r(Platform, POST, "search", search::gone, Users).on(Deployments::CLOUD),
    r(Platform, GET, "search/jql", search::search_jql, Users).on(Deployments::CLOUD),
    r(Platform, POST, "search/jql", search::search_jql, Users).on(Deployments::CLOUD),
    r(Platform, POST, "issue", issues::create, Users),
    r(Platform, POST, "issue/bulk", issues::create_bulk, Users),
    r(Platform, GET, "issue/{issueIdOrKey}", issues::get, Users),
    r(Platform, PUT, "issue/{issueIdOrKey}", issues::edit, Users),
    r(Platform, DELETE, "issue/{issueIdOrKey}", issues::delete, Users),
    r(Platform, PUT, "issue/{issueIdOrKey}/assignee", issues::assign, Users),
    r(Platform, GET, "issue/{issueIdOrKey}/changelog", issues::changelog, Users)
        .on(Deployments::CLOUD),
    r(Platform, GET, "issue/{issueIdOrKey}/transitions", transitions::list, Users),
    r(Platform, POST, "issue/{issueIdOrKey}/transitions", transitions::perform, Users),
    r(Platform, GET, "issue/{issueIdOrKey}/comment", comments::list, Users),
    r(Platform, POST, "issue/{issueIdOrKey}/comment", comments::add, Users),
    r(Platform, GET, "issue/{issueIdOrKey}/comment/{id}", comments::get, Users),
    r(Platform, PUT, "issue/{issueIdOrKey}/comment/{id}", comments::update, Users),
    r(Platform, DELETE, "issue/{issueIdOrKey}/comment/{id}", comments::delete, Users),
    r(Platform, GET, "issue/{issueIdOrKey}/worklog", worklogs::list, Users),
    r(Platform, POST, "issue/{issueIdOrKey}/worklog", worklogs::add, Users),
    r(Platform, GET, "issue/{issueIdOrKey}/worklog/{id}", worklogs::get, Users),
    r(Platform, PUT, "issue/{issueIdOrKey}/worklog/{id}", worklogs::update, Users),
    r(Platform, DELETE, "issue/{issueIdOrKey}/worklog/{id}", worklogs::delete, Users),
    r(Platform, POST, "issue/{issueIdOrKey}/attachments", attachments::upload, Users),
    r(Platform, GET, "attachment/meta", attachments::meta, Users),
    r(Platform, GET, "attachment/{id}", attachments::get, Users),
    r(Platform, DELETE, "attachment/{id}", attachments::delete, Users),
];

/// REST API 2: issue properties, watchers, votes, remote links, issue links and screens.
#[rustfmt::skip]
const ISSUE_PARTS: &[Route] = &[
    r(Platform, GET, "issue/{issueIdOrKey}/properties", issue_extras::property_keys, Users),
    r(Platform, GET, "issue/{issueIdOrKey}/properties/{propertyKey}", issue_extras::property_get, Users),
    r(Platform, PUT, "issue/{issueIdOrKey}/properties/{propertyKey}", issue_extras::property_put, Users),
    r(Platform, DELETE, "issue/{issueIdOrKey}/properties/{propertyKey}", issue_extras::property_delete, Users),
    r(Platform, GET, "issue/{issueIdOrKey}/watchers", issue_extras::watchers, Users),
    r(Platform, POST, "issue/{issueIdOrKey}/watchers", issue_extras::watch, Users),
    r(Platform, DELETE, "issue/{issueIdOrKey}/watchers", issue_extras::unwatch, Users),
    r(Platform, GET, "issue/{issueIdOrKey}/votes", issue_extras::votes, Users),
    r(Platform, POST, "issue/{issueIdOrKey}/votes", issue_extras::vote, Users),
    r(Platform, DELETE, "issue/{issueIdOrKey}/votes", issue_extras::unvote, Users),
    r(Platform, GET, "issue/{issueIdOrKey}/remotelink", issue_extras::remote_links, Users),
    r(Platform, POST, "issue/{issueIdOrKey}/remotelink", issue_extras::add_remote_link, Users),
    r(Platform, DELETE, "issue/{issueIdOrKey}/remotelink", issue_extras::delete_remote_link, Users),
    r(Platform, GET, "issue/{issueIdOrKey}/remotelink/{linkId}", issue_extras::remote_link, Users),
    r(Platform, PUT, "issue/{issueIdOrKey}/remotelink/{linkId}", issue_extras::update_remote_link, Users),
    r(Platform, DELETE, "issue/{issueIdOrKey}/remotelink/{linkId}", issue_extras::delete_remote_link, Users),
    r(Platform, GET, "issueLinkType", links::types, Users),
    r(Platform, GET, "issueLinkType/{issueLinkTypeId}", links::link_type, Users),
    r(Platform, POST, "issueLink", links::create, Users),
    r(Platform, GET, "issueLink/{linkId}", links::get, Users),
    r(Platform, DELETE, "issueLink/{linkId}", links::delete, Users),
    r(Platform, GET, "issue/{issueIdOrKey}/editmeta", screens::edit_meta, Users),
    r(Platform, GET, "issue/createmeta", screens::create_meta, Users).until(9, 0),
    r(Platform, GET, "issue/createmeta/{projectIdOrKey}/issuetypes", screens::create_meta_types, Users),
    r(Platform, GET, "issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}", screens::create_meta_fields, Users),
];

/// REST API 2: Jira's system-wide configuration.
#[rustfmt::skip]
const CONFIGURATION: &[Route] = &[
    r(Platform, GET, "issuetype", system_config::issue_types, Users),
    r(Platform, GET, "issuetype/{id}", system_config::issue_type, Users),
    r(Platform, GET, "priority", system_config::priorities, Users),
    r(Platform, GET, "priority/{id}", system_config::priority, Users),
    r(Platform, GET, "status", system_config::statuses, Users),
    r(Platform, GET, "status/{idOrName}", system_config::status, Users),
    r(Platform, GET, "statuscategory", system_config::status_categories, Users),
    r(Platform, GET, "statuscategory/{idOrKey}", system_config::status_category, Users),
    r(Platform, GET, "resolution", system_config::resolutions, Users),
    r(Platform, GET, "resolution/search", system_config::search_resolutions, Users).on(Deployments::CLOUD),
    r(Platform, GET, "resolution/{id}", system_config::resolution, Users),
    r(Platform, GET, "securitylevel/{id}", system_config::security_level, Users),
    r(Platform, GET, "customFieldOption/{id}", system_config::custom_field_option, Users),
    r(Platform, GET, "role", system_config::roles, Users),
    r(Platform, GET, "mypermissions", system_config::my_permissions, Users),
    r(Platform, GET, "application-properties", system_config::application_properties, Users),
    r(Platform, PUT, "application-properties/{id}", system_config::set_application_property, Admins),
    r(Platform, POST, "reindex", system_config::reindex, Admins).not_on_cloud(),
    r(Platform, GET, "reindex", system_config::reindex_progress, Admins).not_on_cloud(),
];

/// REST API 2: projects and what they configure, components, versions, filters, dashboards.
#[rustfmt::skip]
const PROJECTS: &[Route] = &[
    r(Platform, GET, "project", projects::list, Users),
    r(Platform, GET, "project/search", projects::search, Users).on(Deployments::CLOUD),
    r(Platform, POST, "project", projects::create, Admins),
    r(Platform, GET, "project/{projectIdOrKey}", projects::get, Users),
    r(Platform, DELETE, "project/{projectIdOrKey}", projects::delete, Admins),
    r(Platform, GET, "project/{projectIdOrKey}/components", components::list, Users),
    r(Platform, GET, "project/{projectIdOrKey}/versions", versions::list, Users),
    r(Platform, GET, "project/{projectIdOrKey}/role", project_config::roles, Users),
    r(Platform, GET, "project/{projectIdOrKey}/role/{id}", project_config::get_role, Users),
    r(Platform, POST, "project/{projectIdOrKey}/role/{id}", project_config::add_actors, Admins),
    r(Platform, DELETE, "project/{projectIdOrKey}/role/{id}", project_config::remove_actor, Admins),
    r(Platform, GET, "project/{projectIdOrKey}/avatars", project_config::avatars, Users),
    r(Platform, PUT, "project/{projectIdOrKey}/avatar", project_config::set_avatar, Admins),
    r(Platform, DELETE, "project/{projectIdOrKey}/avatar/{id}", project_config::delete_avatar, Admins),
    r(Platform, GET, "project/{projectKeyOrId}/issuesecuritylevelscheme", project_config::scheme, Users),
    r(Platform, GET, "project/{projectKeyOrId}/notificationscheme", project_config::scheme, Users),
    r(Platform, GET, "project/{projectKeyOrId}/permissionscheme", project_config::scheme, Users),
    r(Platform, GET, "project/{projectKeyOrId}/priorityscheme", project_config::scheme, Users).not_on_cloud(),
    r(Platform, DELETE, "permissionscheme/{schemeId}", project_config::delete_permission_scheme, Admins),
    r(Platform, POST, "component", components::create, Users),
    r(Platform, GET, "component/{id}", components::get, Users),
    r(Platform, PUT, "component/{id}", components::update, Users),
    r(Platform, DELETE, "component/{id}", components::delete, Users),
    r(Platform, GET, "component/{id}/relatedIssueCounts", components::related_issue_counts, Users),
    r(Platform, POST, "version", versions::create, Users),
    r(Platform, GET, "version/{id}", versions::get, Users),
    r(Platform, PUT, "version/{id}", versions::update, Users),
    r(Platform, DELETE, "version/{id}", versions::delete, Users).until(10, 0),
    r(Platform, POST, "version/{id}/move", versions::move_version, Users),
    r(Platform, POST, "version/{id}/removeAndSwap", versions::remove_and_swap, Users),
    r(Platform, GET, "version/{id}/relatedIssueCounts", versions::related_issue_counts, Users),
    r(Platform, GET, "version/{id}/unresolvedIssueCount", versions::unresolved_issue_count, Users),
    r(Platform, POST, "filter", filters::create, Users),
    r(Platform, GET, "filter/favourite", filters::favourites, Users),
    r(Platform, GET, "filter/{id}", filters::get, Users),
    r(Platform, PUT, "filter/{id}", filters::update, Users),
    r(Platform, DELETE, "filter/{id}", filters::delete, Users),
    r(Platform, GET, "dashboard", filters::dashboards, Users),
    r(Platform, GET, "dashboard/{id}", filters::get_dashboard, Users),
    r(Platform, GET, "dashboard/{dashboardId}/items/{itemId}/properties", filters::item_property_keys, Users),
    r(Platform, GET, "dashboard/{dashboardId}/items/{itemId}/properties/{propertyKey}", filters::item_property, Users),
    r(Platform, PUT, "dashboard/{dashboardId}/items/{itemId}/properties/{propertyKey}", filters::set_item_property, Users),
];

/// Jira Software's Agile API 1.0.
#[rustfmt::skip]
const AGILE: &[Route] = &[
    r(Agile, GET, "board", boards::list, Users),
    r(Agile, POST, "board", boards::create, Users),
    r(Agile, GET, "board/{boardId}", boards::get, Users),
    r(Agile, DELETE, "board/{boardId}", boards::delete, Users),
    r(Agile, GET, "board/{boardId}/sprint", boards::sprints, Users),
    r(Agile, GET, "board/{boardId}/epic", boards::epics, Users),
    r(Agile, GET, "board/{boardId}/backlog", boards::backlog, Users),
    r(Agile, GET, "board/{boardId}/issue", boards::issues, Users),
    r(Agile, POST, "sprint", sprints::create, Users),
    r(Agile, GET, "sprint/{sprintId}", sprints::get, Users),
    r(Agile, POST, "sprint/{sprintId}", sprints::update, Users),
    r(Agile, DELETE, "sprint/{sprintId}", sprints::delete, Users),
    r(Agile, GET, "sprint/{sprintId}/issue", sprints::issues, Users),
    r(Agile, POST, "sprint/{sprintId}/issue", sprints::move_to_sprint, Users),
    r(Agile, POST, "backlog/issue", sprints::move_to_backlog, Users),
    r(Agile, POST, "epic/{epicIdOrKey}/issue", sprints::move_to_epic, Users),
    // Atlassian describes it as a resource of its own; the handler reads `none` as no epic.
    r(Agile, POST, "epic/none/issue", sprints::remove_from_epic, Users),
    r(Agile, PUT, "issue/rank", sprints::rank, Users),
];

/// Jira Service Management's API, served only when a service desk was set up.
#[rustfmt::skip]
const SERVICE_DESK: &[Route] = &[
    r(ServiceDesk, GET, "info", servicedesk::info, Anyone),
    r(ServiceDesk, GET, "servicedesk", servicedesk::desks, Users),
    r(ServiceDesk, GET, "servicedesk/{serviceDeskId}", servicedesk::get_desk, Users),
    r(ServiceDesk, GET, "servicedesk/{serviceDeskId}/requesttype", servicedesk::request_types, Users),
    r(ServiceDesk, POST, "customer", servicedesk::create_customer, Admins),
    r(ServiceDesk, POST, "request", servicedesk::create_request, Users),
];

/// `/rest/auth/1/` and the application links API.
#[rustfmt::skip]
const AUTH_AND_APPLINKS: &[Route] = &[
    r(Auth, GET, "session", session::current, Users).not_on_cloud(),
    r(Auth, DELETE, "session", session::log_out, Users).not_on_cloud(),
    r(Auth, DELETE, "websudo", session::drop_websudo, Users).not_on_cloud(),
    r(Applinks, GET, "listApplicationlinks", applinks::list, Admins),
];
