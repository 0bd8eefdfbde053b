//! The shape of one entry of the method table: what a method is called, what it takes, and
//! which request it becomes. Entries are plain data, so one entry serves the executor, the
//! scripting engine's registration, the API reference and completion alike.

use std::future::Future;
use std::pin::Pin;

use reqwest::Method;

use super::{Answer, Invocation};
use crate::client::Deployment;
pub use crate::server::{Server, Version};
use crate::{Client, Error};

/// One method of the `jira` object.
#[derive(Clone, Copy, Debug)]
pub struct MethodSpec {
    /// The name, as python-jira's `JIRA` class spells it where it has the method.
    pub name: &'static str,
    /// Other names that call the same method.
    pub aliases: &'static [&'static str],
    /// python-jira's names for what this method does, where python-jira calls it otherwise
    /// and jshell has no alias of that name (`find` for `get`).
    pub python_names: &'static [&'static str],
    /// What it does, in one or two sentences of Markdown.
    pub doc: &'static str,
    /// Which part of Jira it belongs to (a section of the reference).
    pub area: Area,
    /// The positional parameters, in python-jira's order.
    pub params: &'static [Param],
    /// The keys the trailing options map may hold.
    pub options: &'static [Opt],
    /// What calling it does.
    pub action: Action,
    /// Where it is available.
    pub availability: Availability,
    /// Whether it reads or writes local files (scripts need `--allow-fs`).
    pub touches_files: bool,
}

impl MethodSpec {
    /// The defaults the table's entries start from.
    pub const DEFAULT: MethodSpec = MethodSpec {
        name: "",
        aliases: &[],
        python_names: &[],
        doc: "",
        area: Area::Issues,
        params: &[],
        options: &[],
        // Every entry names its own action: `method!` requires one.
        action: Action::Rest(Rest::new(VerbName::Get, "")),
        availability: Availability::EVERYWHERE,
        touches_files: false,
    };

    /// How many positional arguments must be given.
    pub fn required(&self) -> usize {
        self.params.iter().filter(|param| param.required).count()
    }

    /// The usage line, e.g. `jira.comments(issue, #{expand, order_by, max_results})`.
    pub fn usage(&self) -> String {
        let mut parts: Vec<String> = self
            .params
            .iter()
            .map(|param| {
                if param.required {
                    param.name.to_owned()
                } else {
                    format!("[{}]", param.name)
                }
            })
            .collect();
        if !self.options.is_empty() {
            let keys: Vec<&str> = self.options.iter().map(|option| option.key).collect();
            parts.push(format!("#{{{}}}", keys.join(", ")));
        }
        format!("jira.{}({})", self.name, parts.join(", "))
    }
}

/// A section of the reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Area {
    /// Server, session and the caller.
    Server,
    /// Issues: read, create, edit, delete, assign, transition, properties, metadata for editing.
    Issues,
    /// Searching with JQL.
    Search,
    /// Comments.
    Comments,
    /// Worklogs.
    Worklogs,
    /// Attachments.
    Attachments,
    /// Issue links, remote links, watchers and votes.
    Links,
    /// Users and groups.
    Users,
    /// Projects, components, versions and roles.
    Projects,
    /// Issue types, priorities, statuses, resolutions, fields.
    Metadata,
    /// Filters and dashboards.
    Filters,
    /// Boards, sprints, epics, backlog and rank (Jira Software).
    Agile,
    /// Permissions and administration.
    Admin,
    /// Jira Service Management.
    ServiceDesk,
    /// Any REST call.
    Raw,
}

impl Area {
    /// Every area, in the reference's order.
    pub const ALL: [Area; 15] = [
        Area::Server,
        Area::Issues,
        Area::Search,
        Area::Comments,
        Area::Worklogs,
        Area::Attachments,
        Area::Links,
        Area::Users,
        Area::Projects,
        Area::Metadata,
        Area::Filters,
        Area::Agile,
        Area::Admin,
        Area::ServiceDesk,
        Area::Raw,
    ];

    /// The section title.
    pub fn title(self) -> &'static str {
        match self {
            Area::Server => "Server and session",
            Area::Issues => "Issues",
            Area::Search => "Search",
            Area::Comments => "Comments",
            Area::Worklogs => "Worklogs",
            Area::Attachments => "Attachments",
            Area::Links => "Links, watchers and votes",
            Area::Users => "Users and groups",
            Area::Projects => "Projects, components, versions and roles",
            Area::Metadata => "Issue types, priorities, statuses and fields",
            Area::Filters => "Filters and dashboards",
            Area::Agile => "Boards, sprints and epics (Jira Software)",
            Area::Admin => "Permissions and administration",
            Area::ServiceDesk => "Jira Service Management",
            Area::Raw => "Any REST call",
        }
    }
}

/// Where a method works: which Server/Data Center versions, whether Cloud, what to use where it
/// does not, and the places where it knowingly departs from Atlassian's REST descriptions.
/// The executor refuses a call the connected server cannot answer before sending anything; the
/// reference and `docs/python-jira.md` show all of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Availability {
    /// The Server/Data Center versions it works on; `None` when it does not work there at all.
    pub server: Option<Versions>,
    /// Whether it works on Cloud.
    pub cloud: bool,
    /// What to use where it does not work (Markdown), or `""`.
    pub instead: &'static str,
    /// Why it is limited, or why it is declared with [`Waiver`]s (Markdown), or `""`.
    pub reason: &'static str,
    /// Where its requests knowingly differ from what the descriptions document.
    pub waivers: &'static [Waiver],
}

/// A range of Server/Data Center versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Versions {
    /// The first version that has it; `None`: every version jshell supports.
    pub since: Option<Version>,
    /// The first version that no longer has it; `None`: still there.
    pub until: Option<Version>,
}

impl Versions {
    /// Whether `version` is in the range.
    pub fn contains(&self, version: Version) -> bool {
        self.since.is_none_or(|since| version >= since)
            && self.until.is_none_or(|until| version < until)
    }
}

/// A departure from the descriptions, declared with its reason so the docs show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Waiver {
    /// What differs.
    pub part: Part,
    /// Where: on these deployments only (empty: wherever the entry works).
    pub on: &'static [Site],
    /// Why it is right anyway.
    pub reason: &'static str,
}

/// The part of a request a [`Waiver`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The operation itself (verb and path) is not in the description.
    Operation,
    /// A query parameter of this name.
    Query(&'static str),
    /// A top-level body field of this name.
    Body(&'static str),
}

/// A deployment the contract distinguishes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Site {
    /// Data Center 8 (described by 8.4's WADL).
    Dc8,
    /// Data Center 10.3, the Long Term Support release.
    Dc10,
    /// Data Center 11.
    Dc11,
    /// Cloud.
    Cloud,
}

impl Site {
    /// Every site, oldest first.
    pub const ALL: [Site; 4] = [Site::Dc8, Site::Dc10, Site::Dc11, Site::Cloud];

    /// The name the contract's facts file uses.
    pub fn name(self) -> &'static str {
        match self {
            Site::Dc8 => "dc-8.4",
            Site::Dc10 => "dc-10.3",
            Site::Dc11 => "dc-11",
            Site::Cloud => "cloud",
        }
    }

    /// The version a Data Center site stands for.
    pub fn version(self) -> Option<Version> {
        match self {
            Site::Dc8 => Some(Version::new(8, 4)),
            Site::Dc10 => Some(Version::new(10, 3)),
            Site::Dc11 => Some(Version::new(11, 3)),
            Site::Cloud => None,
        }
    }
}

impl Availability {
    /// Server, Data Center (every version) and Cloud.
    pub const EVERYWHERE: Availability = Availability {
        server: Some(Versions {
            since: None,
            until: None,
        }),
        cloud: true,
        instead: "",
        reason: "",
        waivers: &[],
    };

    /// Server and Data Center only.
    pub const SERVER_ONLY: Availability = Availability {
        cloud: false,
        ..Availability::EVERYWHERE
    };

    /// Cloud only.
    pub const CLOUD_ONLY: Availability = Availability {
        server: None,
        ..Availability::EVERYWHERE
    };

    /// The same, on Server/Data Center from `version` on.
    pub const fn since(self, version: Version) -> Self {
        let until = match self.server {
            Some(range) => range.until,
            None => None,
        };
        Self {
            server: Some(Versions {
                since: Some(version),
                until,
            }),
            ..self
        }
    }

    /// The same, on Server/Data Center before `version` only (it was removed there).
    pub const fn until(self, version: Version) -> Self {
        let since = match self.server {
            Some(range) => range.since,
            None => None,
        };
        Self {
            server: Some(Versions {
                since,
                until: Some(version),
            }),
            ..self
        }
    }

    /// The same, saying what to use where it does not work.
    pub const fn instead(self, instead: &'static str) -> Self {
        Self { instead, ..self }
    }

    /// The same, saying why.
    pub const fn because(self, reason: &'static str) -> Self {
        Self { reason, ..self }
    }

    /// The same, with these departures from the descriptions.
    pub const fn waivers(self, waivers: &'static [Waiver]) -> Self {
        Self { waivers, ..self }
    }

    /// Whether it works on a site of the contract.
    pub fn on_site(&self, site: Site) -> bool {
        match site.version() {
            None => self.cloud,
            Some(version) => self.server.is_some_and(|range| range.contains(version)),
        }
    }

    /// Whether it works on `server`; `None` when that cannot be told (a Data Center whose
    /// version is unknown, and the entry depends on the version).
    pub fn works_on(&self, server: &Server) -> Option<bool> {
        match (server.deployment, self.server, server.version) {
            (Deployment::Cloud, _, _) => Some(self.cloud),
            (Deployment::Server, None, _) => Some(false),
            (Deployment::Server, Some(range), Some(version)) => Some(range.contains(version)),
            (Deployment::Server, Some(range), None) => {
                (range.since.is_none() && range.until.is_none()).then_some(true)
            }
        }
    }

    /// Whether it works on every server, so a call need not ask which one it talks to.
    pub fn is_everywhere(&self) -> bool {
        self.cloud
            && self
                .server
                .is_some_and(|range| range.since.is_none() && range.until.is_none())
    }

    /// Where it works, in words (`""` when everywhere): "Data Center 9.0 and later, and
    /// Cloud", "Server and Data Center before 9.0 only".
    pub fn describe(&self) -> String {
        if self.is_everywhere() {
            return String::new();
        }
        let server = match self.server {
            None => None,
            Some(Versions {
                since: None,
                until: None,
            }) => Some("Server and Data Center".to_owned()),
            Some(Versions {
                since: Some(since),
                until: None,
            }) => Some(format!("Data Center {} and later", short(since))),
            Some(Versions {
                since: None,
                until: Some(until),
            }) => Some(format!("Server and Data Center before {}", short(until))),
            Some(Versions {
                since: Some(since),
                until: Some(until),
            }) => Some(format!(
                "Data Center {} to before {}",
                short(since),
                short(until)
            )),
        };
        match (server, self.cloud) {
            (Some(server), true) => format!("{server}, and Cloud"),
            (Some(server), false) => format!("{server} only"),
            (None, true) => "Cloud only".to_owned(),
            (None, false) => "nowhere".to_owned(),
        }
    }
}

impl Availability {
    /// Where it works and what to use elsewhere, in one Markdown sentence (`""` when it works
    /// everywhere): what the reference, `:help` and `docs/python-jira.md` show.
    pub fn summary(&self) -> String {
        if self.is_everywhere() {
            return String::new();
        }
        let mut out = format!("{}.", capitalised(&self.describe()));
        if !self.reason.is_empty() {
            out.push_str(&format!(
                " {}.",
                capitalised(self.reason.trim_end_matches('.'))
            ));
        }
        if !self.instead.is_empty() {
            out.push_str(&format!(
                " Elsewhere: {}.",
                self.instead.trim_end_matches('.')
            ));
        }
        out
    }

    /// Each declared departure from Atlassian's REST descriptions, in Markdown.
    pub fn waiver_notes(&self) -> Vec<String> {
        self.waivers
            .iter()
            .map(|waiver| {
                let sites = if waiver.on.is_empty() {
                    String::new()
                } else {
                    let names: Vec<&str> = waiver.on.iter().map(|site| site.title()).collect();
                    format!(" on {}", names.join(", "))
                };
                format!("{}{sites}: {}.", waiver.part.describe(), waiver.reason)
            })
            .collect()
    }
}

impl Part {
    /// `query parameter `expand``, `body field `value``, `the operation`.
    pub fn describe(self) -> String {
        match self {
            Part::Operation => "the operation".to_owned(),
            Part::Query(name) => format!("query parameter `{name}`"),
            Part::Body(name) => format!("body field `{name}`"),
        }
    }
}

impl Site {
    /// The site in words.
    pub fn title(self) -> &'static str {
        match self {
            Site::Dc8 => "Data Center 8",
            Site::Dc10 => "Data Center 10.3",
            Site::Dc11 => "Data Center 11",
            Site::Cloud => "Cloud",
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `9.0` for a version whose patch level does not matter.
fn short(version: Version) -> String {
    format!("{}.{}", version.major, version.minor)
}

/// What a value must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Text; a number is taken as its digits (ids).
    Text,
    /// A whole number; text made of digits is taken too.
    Int,
    /// `true` or `false`.
    Bool,
    /// A map.
    Map,
    /// A list of names or ids: an array, or one text with commas.
    List,
    /// A user: the user name on Server and Data Center, the account id on Cloud.
    User,
    /// Any value (sent as JSON).
    Any,
}

impl Kind {
    /// How the reference names it.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Text => "a string",
            Kind::Int => "an integer",
            Kind::Bool => "true or false",
            Kind::Map => "a map",
            Kind::List => "an array of strings (or one string with commas)",
            Kind::User => "a user name (an account id on Cloud)",
            Kind::Any => "any value",
        }
    }
}

/// Where a value goes in the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// Into the path template's `{name}`.
    Path,
    /// A query parameter of this name (a list becomes comma-separated).
    Query(&'static str),
    /// A field of the JSON body; dots nest (`type.name`).
    Body(&'static str),
    /// The whole JSON body.
    WholeBody,
    /// A user query parameter: `username` on Server, `accountId` on Cloud.
    UserQuery,
    /// A user in the JSON body at this place: `{"name": …}` on Server, `{"accountId": …}` on
    /// Cloud.
    UserBody(&'static str),
    /// A query parameter named per deployment: `server` on Server and Data Center, `cloud` on
    /// Cloud (`username` there, `query` here: Cloud refuses user names since its privacy
    /// changes).
    QueryPer {
        /// The name on Server and Data Center.
        server: &'static str,
        /// The name on Cloud.
        cloud: &'static str,
    },
    /// A top-level body field named per deployment (a lead: `lead` there, `leadAccountId` here).
    BodyPer {
        /// The name on Server and Data Center.
        server: &'static str,
        /// The name on Cloud.
        cloud: &'static str,
    },
    /// Read by the method's own code.
    Handler,
}

/// A positional parameter.
#[derive(Clone, Copy, Debug)]
pub struct Param {
    /// Its name in the usage line.
    pub name: &'static str,
    /// What it must be.
    pub kind: Kind,
    /// Whether it must be given; optional ones are `()` when left out.
    pub required: bool,
    /// Where it goes.
    pub target: Target,
}

impl Param {
    /// A required parameter that fills `{name}` in the path.
    pub const fn path(name: &'static str) -> Self {
        Self {
            name,
            kind: Kind::Text,
            required: true,
            target: Target::Path,
        }
    }

    /// A required parameter.
    pub const fn new(name: &'static str, kind: Kind, target: Target) -> Self {
        Self {
            name,
            kind,
            required: true,
            target,
        }
    }

    /// The same parameter, optional.
    pub const fn optional(self) -> Self {
        Self {
            required: false,
            ..self
        }
    }
}

/// A key of the options map.
#[derive(Clone, Copy, Debug)]
pub struct Opt {
    /// The key scripts write (python-jira's keyword argument where it has one).
    pub key: &'static str,
    /// What its value must be.
    pub kind: Kind,
    /// Where it goes.
    pub target: Target,
}

impl Opt {
    /// An option sent as the query parameter `name`.
    pub const fn query(key: &'static str, kind: Kind, name: &'static str) -> Self {
        Self {
            key,
            kind,
            target: Target::Query(name),
        }
    }

    /// An option sent as the body field `field`.
    pub const fn body(key: &'static str, kind: Kind, field: &'static str) -> Self {
        Self {
            key,
            kind,
            target: Target::Body(field),
        }
    }

    /// An option the method's own code reads.
    pub const fn handler(key: &'static str, kind: Kind) -> Self {
        Self {
            key,
            kind,
            target: Target::Handler,
        }
    }
}

/// What calling a method does.
#[derive(Clone, Copy, Debug)]
pub enum Action {
    /// One REST request (or one paged series), described by data.
    Rest(Rest),
    /// Code of its own.
    Custom(Custom),
}

/// A REST request described by data.
#[derive(Clone, Copy, Debug)]
pub struct Rest {
    /// The HTTP method.
    pub verb: VerbName,
    /// The path template, relative to `/rest/api/2/` or absolute from `/rest/…`; `{name}`
    /// is filled from the parameter of that name, percent-encoded.
    pub path: &'static str,
    /// How the answer is paged.
    pub paging: Paging,
    /// What the method returns of the answer.
    pub shape: Shape,
    /// Whether a JSON object is sent even when no field is given (resources that refuse a
    /// request without a body).
    pub always_body: bool,
    /// Cloud's successor, where Cloud deprecated this resource for a paged one: its path and
    /// paging. The answer is the same list.
    pub on_cloud: Option<(&'static str, Paging)>,
}

/// An HTTP method, as data (`reqwest::Method` cannot live in a `const`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerbName {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl VerbName {
    /// The HTTP method.
    pub fn method(self) -> Method {
        match self {
            VerbName::Get => Method::GET,
            VerbName::Post => Method::POST,
            VerbName::Put => Method::PUT,
            VerbName::Delete => Method::DELETE,
        }
    }
}

impl Rest {
    /// A request whose JSON answer is returned as it is.
    pub const fn new(verb: VerbName, path: &'static str) -> Self {
        Self {
            verb,
            path,
            paging: Paging::None,
            shape: Shape::Json,
            always_body: false,
            on_cloud: None,
        }
    }

    /// The same, but on Cloud `path`, followed through every page as `paging` says.
    pub const fn on_cloud(self, path: &'static str, paging: Paging) -> Self {
        Self {
            on_cloud: Some((path, paging)),
            ..self
        }
    }

    /// The request this entry makes on Cloud (`cloud`) or on Server and Data Center.
    pub const fn for_cloud(self, cloud: bool) -> Self {
        match self.on_cloud {
            Some((path, paging)) if cloud => Self {
                path,
                paging,
                on_cloud: None,
                ..self
            },
            _ => self,
        }
    }

    /// The same, sending `{}` when no body field is given.
    pub const fn always_body(self) -> Self {
        Self {
            always_body: true,
            ..self
        }
    }

    /// The same, followed through every page; the items are returned.
    pub const fn paged(self, paging: Paging) -> Self {
        Self { paging, ..self }
    }

    /// The same, returning only `field` of the answer.
    pub const fn field(self, field: &'static str) -> Self {
        Self {
            shape: Shape::Field(field),
            ..self
        }
    }

    /// The same, returning nothing (`()`).
    pub const fn unit(self) -> Self {
        Self {
            shape: Shape::Unit,
            ..self
        }
    }
}

/// `GET path`.
pub const fn get(path: &'static str) -> Rest {
    Rest::new(VerbName::Get, path)
}

/// `POST path`.
pub const fn post(path: &'static str) -> Rest {
    Rest::new(VerbName::Post, path)
}

/// `PUT path`.
pub const fn put(path: &'static str) -> Rest {
    Rest::new(VerbName::Put, path)
}

/// `DELETE path`, returning nothing.
pub const fn delete(path: &'static str) -> Rest {
    Rest::new(VerbName::Delete, path).unit()
}

/// How a resource pages its items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paging {
    /// Not paged.
    None,
    /// `startAt`, `maxResults` and `total` beside the named item array (search, comments,
    /// worklogs, dashboards).
    Total(&'static str),
    /// `startAt`, `maxResults` and `isLast` beside `values` (Jira Software, newer resources).
    Values,
    /// A plain array, paged with `startAt`/`maxResults` until a short page (`user/search`).
    Array,
    /// `start`, `limit` and `isLastPage` beside `values` (Jira Service Management).
    Start,
}

/// What a method returns of the answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// The JSON answer (the items, when paged).
    Json,
    /// One field of the answer.
    Field(&'static str),
    /// Nothing.
    Unit,
}

/// The code of a method that is more than one request described by data: it gets the client
/// and the checked call, and answers as [`Client::invoke`](crate::Client::invoke) does.
pub type CustomFn = for<'c> fn(&'c Client, Invocation) -> CustomFuture<'c>;

/// What a [`CustomFn`] returns: its answer, once the requests it makes are done.
pub type CustomFuture<'c> = Pin<Box<dyn Future<Output = Result<Answer, Error>> + Send + 'c>>;

/// A method with code of its own, declared beside its entry with `custom!`.
#[derive(Clone, Copy)]
pub struct Custom {
    /// The code.
    pub run: CustomFn,
    /// What it yields, for hosts that can hand issues or items over lazily.
    pub yields: Yields,
}

impl std::fmt::Debug for Custom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Custom")
            .field("yields", &self.yields)
            .finish_non_exhaustive()
    }
}

/// What a custom method's answer is, so that a host may deliver it its own way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Yields {
    /// Its [`Answer`], to hand over as it is.
    Answer,
    /// Every issue a JQL search (the `jql_str` argument) finds, as one array; a host may keep
    /// each issue as the server's JSON text (see
    /// [`Client::prefetched_pages_decoded`](crate::Client::prefetched_pages_decoded)).
    Issues,
    /// The same issues as a stream, for hosts that iterate lazily.
    IssueStream,
    /// Every item of the paged resource [`page_request`](crate::methods::page_request) names,
    /// as a stream, for hosts that iterate lazily.
    ItemStream,
}
