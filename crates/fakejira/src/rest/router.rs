//! How a REST request finds its route: each route's path template is read once into literal
//! and parameter segments, and a request takes the most specific route that matches it, never
//! the first one declared. Specificity is read left to right: at the first position where two
//! matching routes differ, the one with a literal segment there wins over the one with a
//! parameter (`issue/createmeta` over `issue/{issueIdOrKey}`), as JAX-RS chooses between
//! Jira's resources. The table itself is in [`super::routes`].

use std::sync::OnceLock;

use super::routes::{ROUTE_TABLES, Route};
use super::{API_PREFIXES, Api};
use crate::config::DeploymentType;
use crate::version::JiraVersion;

/// Who a route answers: anyone, logged-in users, or administrators only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Access {
    /// Anonymous callers too.
    Anyone,
    /// Any logged-in user (anonymous callers get 401).
    Users,
    /// Jira administrators only (others get 403).
    Admins,
}

/// Where a route exists: which Data Center releases serve it and whether Cloud does. Ranges
/// follow Atlassian's REST descriptions (Jira 8.4.3's WADL, Data Center 10.3 and 11.3, Cloud);
/// where a release between two descriptions is not described, the route table says what it
/// chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Deployments {
    /// The Data Center releases that serve it; `None` when none does.
    pub data_center: Option<Releases>,
    /// Whether Jira Cloud serves it.
    pub cloud: bool,
}

/// A span of Data Center releases: from `since` (included) until `until` (excluded).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Releases {
    /// The first release that has the route; `None`: every release the simulator models.
    pub since: Option<JiraVersion>,
    /// The first release that no longer has it; `None`: the newest still has it.
    pub until: Option<JiraVersion>,
}

impl Releases {
    /// Every Data Center release the simulator models.
    pub const EVERY: Self = Self {
        since: None,
        until: None,
    };

    /// Whether `version` is in the span.
    pub fn includes(self, version: JiraVersion) -> bool {
        self.since.is_none_or(|since| since <= version)
            && self.until.is_none_or(|until| version < until)
    }
}

impl Deployments {
    /// Every Data Center release and Cloud.
    pub const ALL: Self = Self {
        data_center: Some(Releases::EVERY),
        cloud: true,
    };
    /// Every Data Center release, not Cloud.
    pub const DATA_CENTER: Self = Self {
        data_center: Some(Releases::EVERY),
        cloud: false,
    };
    /// Cloud only.
    pub const CLOUD: Self = Self {
        data_center: None,
        cloud: true,
    };

    /// The same, but gone from Data Center `version` on.
    pub const fn until(mut self, version: JiraVersion) -> Self {
        if let Some(releases) = &mut self.data_center {
            releases.until = Some(version);
        }
        self
    }

    /// The same, but not on Cloud.
    pub const fn without_cloud(mut self) -> Self {
        self.cloud = false;
        self
    }

    /// Whether a simulator started as `deployment`, Data Center `version`, serves the route.
    pub fn includes(self, deployment: DeploymentType, version: JiraVersion) -> bool {
        match deployment {
            DeploymentType::Server => self
                .data_center
                .is_some_and(|releases| releases.includes(version)),
            DeploymentType::Cloud => self.cloud,
        }
    }
}

impl Api {
    /// The prefixes below the context path this API answers under, canonical one first
    /// (`/rest/api/2/`, then `/rest/api/latest/`).
    pub fn prefixes(self) -> impl Iterator<Item = &'static str> {
        API_PREFIXES
            .iter()
            .filter(move |(_, api)| *api == self)
            .map(|(prefix, _)| *prefix)
    }
}

/// One REST route fakejira serves, as [`routes`] lists it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RouteInfo {
    /// The REST API the route belongs to; [`Api::prefixes`] gives where it is mounted.
    pub api: Api,
    /// The HTTP method: `GET`, `POST`, `PUT` or `DELETE`.
    pub method: &'static str,
    /// The path template below the API's prefix, parameters named as Atlassian's REST
    /// descriptions name them: `issue/{issueIdOrKey}/comment/{id}`.
    pub path: &'static str,
    /// Who may call it.
    pub access: Access,
    /// Which deployments and Data Center releases serve it.
    pub deployments: Deployments,
}

/// Every REST route fakejira serves (REST API 2, Agile, auth, Service Management and
/// application links), in declaration order. The OAuth endpoints, the attachment content URL
/// and the admin API are not REST routes and are not listed. Service Management routes are
/// served only when the simulator was started with a service desk.
///
/// ```
/// let comments = fakejira::routes()
///     .find(|route| route.method == "GET" && route.path == "issue/{issueIdOrKey}/comment");
/// assert!(comments.is_some());
/// ```
pub fn routes() -> impl Iterator<Item = RouteInfo> {
    all_routes().map(|route| route.info)
}

fn all_routes() -> impl Iterator<Item = &'static Route> {
    ROUTE_TABLES.iter().flat_map(|table| table.iter())
}

/// A segment of a path template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Segment {
    Literal(&'static str),
    /// `{name}`: any one segment.
    Param,
}

impl Segment {
    fn parse(text: &'static str) -> Self {
        if text.starts_with('{') && text.ends_with('}') {
            Self::Param
        } else {
            Self::Literal(text)
        }
    }

    fn matches(self, segment: &str) -> bool {
        match self {
            Self::Literal(literal) => literal == segment,
            Self::Param => true,
        }
    }
}

/// A route with its template read into segments.
#[derive(Debug)]
struct Compiled<'r> {
    route: &'r Route,
    segments: Vec<Segment>,
    /// Whether each segment is a literal: compared lexicographically, the greater is the more
    /// specific route (`true` beats `false` at the first difference).
    specificity: Vec<bool>,
}

impl<'r> Compiled<'r> {
    fn new(route: &'r Route) -> Self {
        let segments: Vec<Segment> = route.info.path.split('/').map(Segment::parse).collect();
        let specificity = segments
            .iter()
            .map(|segment| matches!(segment, Segment::Literal(_)))
            .collect();
        Self {
            route,
            segments,
            specificity,
        }
    }

    fn matches(&self, request: &Request<'_>) -> bool {
        let info = &self.route.info;
        info.api == request.api
            && info.method == request.method
            && info
                .deployments
                .includes(request.deployment, request.version)
            && self.matches_path(request.segments)
    }

    fn matches_path(&self, segments: &[&str]) -> bool {
        self.segments.len() == segments.len()
            && self
                .segments
                .iter()
                .zip(segments)
                .all(|(pattern, segment)| pattern.matches(segment))
    }
}

/// What routing looks at in a request.
#[derive(Clone, Copy, Debug)]
pub(super) struct Request<'a> {
    pub api: Api,
    pub method: &'a str,
    /// The resource path's segments below the API's prefix, percent-decoded.
    pub segments: &'a [&'a str],
    pub deployment: DeploymentType,
    pub version: JiraVersion,
}

fn compiled_routes() -> &'static [Compiled<'static>] {
    static COMPILED: OnceLock<Vec<Compiled<'static>>> = OnceLock::new();
    COMPILED.get_or_init(|| all_routes().map(Compiled::new).collect())
}

/// The most specific route of `candidates` that serves `request`.
fn most_specific<'c, 'r>(
    candidates: impl IntoIterator<Item = &'c Compiled<'r>>,
    request: &Request<'_>,
) -> Option<&'c Compiled<'r>> {
    candidates
        .into_iter()
        .filter(|compiled| compiled.matches(request))
        .max_by(|a, b| a.specificity.cmp(&b.specificity))
}

/// The route that answers `request`, `None` when no route does (Jira's 404).
pub(super) fn find(request: &Request<'_>) -> Option<&'static Route> {
    most_specific(compiled_routes(), request).map(|compiled| compiled.route)
}

/// The verbs the served Jira takes at `request`'s path when it does not take its own: what a
/// 405's `Allow` lists. Empty when no resource is there at all (a 404).
pub(super) fn other_verbs(request: &Request<'_>) -> Vec<&'static str> {
    let mut verbs: Vec<&'static str> = compiled_routes()
        .iter()
        .filter(|compiled| {
            let info = &compiled.route.info;
            info.api == request.api
                && info
                    .deployments
                    .includes(request.deployment, request.version)
                && compiled.matches_path(request.segments)
        })
        .map(|compiled| compiled.route.info.method)
        .collect();
    verbs.sort_unstable();
    verbs.dedup();
    verbs
}

#[cfg(test)]
mod tests {
    use axum::response::Response;

    use super::*;
    use crate::rest::{Call, RestError};

    fn answer(_: &Call<'_>) -> Result<Response, RestError> {
        Ok(Response::default())
    }

    fn route(path: &'static str) -> Route {
        Route {
            info: RouteInfo {
                api: Api::Platform,
                method: "GET",
                path,
                access: Access::Users,
                deployments: Deployments::ALL,
            },
            handler: answer,
        }
    }

    fn request<'a>(segments: &'a [&'a str], deployment: DeploymentType) -> Request<'a> {
        Request {
            api: Api::Platform,
            method: "GET",
            segments,
            deployment,
            version: JiraVersion::DEFAULT,
        }
    }

    /// Every kind of Jira the simulator can be: each modelled Data Center release, and Cloud.
    fn flavours() -> impl Iterator<Item = (DeploymentType, JiraVersion)> {
        JiraVersion::MODELLED
            .into_iter()
            .map(|version| (DeploymentType::Server, version))
            .chain([(DeploymentType::Cloud, JiraVersion::DEFAULT)])
    }

    fn compile(routes: &[Route]) -> Vec<Compiled<'_>> {
        routes.iter().map(Compiled::new).collect()
    }

    /// A request path that only this template's routes match: each parameter becomes a value
    /// no template spells as a literal.
    fn sample_path(template: &'static str) -> Vec<&'static str> {
        template
            .split('/')
            .map(|segment| match Segment::parse(segment) {
                Segment::Literal(literal) => literal,
                Segment::Param => "ZZ-42",
            })
            .collect()
    }

    fn overlap(a: Deployments, b: Deployments) -> bool {
        flavours().any(|(deployment, version)| {
            a.includes(deployment, version) && b.includes(deployment, version)
        })
    }

    fn both_may_match(a: &Compiled<'_>, b: &Compiled<'_>) -> bool {
        a.segments.len() == b.segments.len()
            && a.segments.iter().zip(&b.segments).all(|pair| match pair {
                (Segment::Literal(x), Segment::Literal(y)) => x == y,
                _ => true,
            })
    }

    #[test]
    fn a_literal_segment_beats_a_parameter_whatever_the_declaration_order() {
        let generic_first = [route("issue/{issueIdOrKey}"), route("issue/createmeta")];
        let literal_first = [route("issue/createmeta"), route("issue/{issueIdOrKey}")];
        for routes in [&generic_first, &literal_first] {
            let table = compile(routes);
            let chosen = |segments: &[&str]| {
                most_specific(&table, &request(segments, DeploymentType::Server))
                    .map(|compiled| compiled.route.info.path)
            };
            assert_eq!(chosen(&["issue", "createmeta"]), Some("issue/createmeta"));
            assert_eq!(chosen(&["issue", "ABC-1"]), Some("issue/{issueIdOrKey}"));
            assert_eq!(chosen(&["issue"]), None);
        }
    }

    #[test]
    fn the_first_differing_segment_decides() {
        let routes = [
            route("board/{boardId}/sprint"),
            route("board/backlog/{item}"),
        ];
        let chosen = most_specific(
            &compile(&routes),
            &request(&["board", "backlog", "sprint"], DeploymentType::Server),
        )
        .map(|compiled| compiled.route.info.path);
        assert_eq!(chosen, Some("board/backlog/{item}"));
    }

    #[test]
    fn issue_createmeta_is_not_taken_for_an_issue_key() {
        let segments = ["issue", "createmeta"];
        let request = Request {
            version: JiraVersion::new(8, 20, 30),
            ..request(&segments, DeploymentType::Server)
        };
        let found = find(&request).map(|route| route.info.path);
        assert_eq!(found, Some("issue/createmeta"));
    }

    #[test]
    fn deployment_specific_routes_are_chosen_by_deployment() {
        let search = |deployment| {
            find(&request(&["search"], deployment)).map(|route| route.info.deployments)
        };
        assert_eq!(
            search(DeploymentType::Server),
            Some(Deployments::DATA_CENTER)
        );
        assert_eq!(search(DeploymentType::Cloud), Some(Deployments::CLOUD));
        let jql = |deployment| find(&request(&["search", "jql"], deployment)).is_some();
        assert!(jql(DeploymentType::Cloud));
        assert!(!jql(DeploymentType::Server));
    }

    #[test]
    fn releases_are_a_half_open_span() {
        let [eight, nine, ten, eleven] = JiraVersion::MODELLED;
        let until_nine = Deployments::ALL.until(JiraVersion::new(9, 0, 0));
        assert!(until_nine.includes(DeploymentType::Server, eight));
        assert!(!until_nine.includes(DeploymentType::Server, nine));
        assert!(until_nine.includes(DeploymentType::Cloud, eleven));
        let data_center = Deployments::ALL.without_cloud();
        assert_eq!(data_center, Deployments::DATA_CENTER);
        assert!(!data_center.includes(DeploymentType::Cloud, ten));
        assert!(!Deployments::CLOUD.includes(DeploymentType::Server, ten));
        let since = Releases {
            since: Some(ten),
            until: None,
        };
        assert!(!since.includes(nine) && since.includes(ten) && since.includes(eleven));
    }

    #[test]
    fn routes_a_release_lacks_are_not_found_there() {
        let at = |version, method, segments: &[&str]| {
            let request = Request {
                method,
                version,
                ..request(segments, DeploymentType::Server)
            };
            (
                find(&request).map(|route| route.info.path),
                other_verbs(&request),
            )
        };
        let [eight, nine, ten, eleven] = JiraVersion::MODELLED;
        let createmeta = ["issue", "createmeta"];
        assert_eq!(at(eight, "GET", &createmeta).0, Some("issue/createmeta"));
        // Jira 9 took the old createmeta away: the path is read as an issue key.
        assert_eq!(at(nine, "GET", &createmeta).0, Some("issue/{issueIdOrKey}"));
        assert_eq!(at(eight, "GET", &["group"]).0, Some("group"));
        assert_eq!(at(ten, "GET", &["group"]), (None, vec!["DELETE", "POST"]));
        let version = ["version", "10000"];
        assert_eq!(at(eleven, "DELETE", &version), (None, vec!["GET", "PUT"]));
        assert_eq!(at(ten, "GET", &["nothing", "here"]), (None, vec![]));
    }

    #[test]
    fn no_two_routes_are_ambiguous() {
        let compiled = compiled_routes();
        for (index, a) in compiled.iter().enumerate() {
            for b in &compiled[index + 1..] {
                let (x, y) = (&a.route.info, &b.route.info);
                let ambiguous = x.api == y.api
                    && x.method == y.method
                    && overlap(x.deployments, y.deployments)
                    && both_may_match(a, b)
                    && a.specificity == b.specificity;
                assert!(
                    !ambiguous,
                    "{} {} and {} {} match the same paths with the same specificity",
                    x.method, x.path, y.method, y.path
                );
            }
        }
    }

    #[test]
    fn every_route_is_reachable() {
        for compiled in compiled_routes() {
            let info = compiled.route.info;
            let path = sample_path(info.path);
            for (deployment, version) in flavours() {
                if !info.deployments.includes(deployment, version) {
                    continue;
                }
                let request = Request {
                    api: info.api,
                    method: info.method,
                    segments: &path,
                    deployment,
                    version,
                };
                let found = find(&request).map(|route| route.info);
                assert_eq!(
                    found,
                    Some(info),
                    "{} {} is shadowed",
                    info.method,
                    info.path
                );
            }
        }
    }

    #[test]
    fn templates_are_well_formed() {
        for info in routes() {
            assert!(
                ["GET", "POST", "PUT", "DELETE"].contains(&info.method),
                "{}",
                info.method
            );
            for segment in info.path.split('/') {
                let braces = segment.matches(['{', '}']).count();
                let param = segment.starts_with('{') && segment.ends_with('}') && braces == 2;
                assert!(
                    !segment.is_empty() && (braces == 0 || param),
                    "{}: bad segment '{segment}'",
                    info.path
                );
            }
        }
    }

    #[test]
    fn the_listing_returns_every_route_once() {
        let listed: Vec<RouteInfo> = routes().collect();
        assert_eq!(listed.len(), all_routes().count());
        for (index, info) in listed.iter().enumerate() {
            assert!(
                !listed[index + 1..].contains(info),
                "{} {} listed twice",
                info.method,
                info.path
            );
        }
        let has = |method: &str, path: &str| {
            listed
                .iter()
                .any(|info| info.method == method && info.path == path)
        };
        assert!(has("GET", "issue/createmeta"));
        assert!(has("GET", "issue/{issueIdOrKey}"));
        assert!(has("POST", "sprint/{sprintId}/issue"));
        assert!(has("GET", "servicedesk/{serviceDeskId}/requesttype"));
        assert_eq!(
            Api::Platform.prefixes().collect::<Vec<_>>(),
            ["/rest/api/2/", "/rest/api/latest/"]
        );
    }
}
