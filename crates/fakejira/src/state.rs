//! Everything the simulator remembers between requests, behind one lock.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use crate::access_log::AccessLogEntry;
use crate::config::{Builder, Settings};
use crate::data::Catalog;
use crate::faults::FaultQueue;

/// The group whose members administer Jira.
pub(crate) const ADMINISTRATORS: &str = "jira-administrators";
/// The group every user joins.
pub(crate) const SOFTWARE_USERS: &str = "jira-software-users";

/// A registered user.
#[derive(Clone, Debug)]
pub(crate) struct User {
    pub name: String,
    pub password: String,
    pub display_name: String,
    pub email: String,
    /// Deactivated users cannot log in and are left out of searches by default.
    pub active: bool,
    pub avatar_id: u64,
}

/// The avatar every user starts with.
pub(crate) const DEFAULT_USER_AVATAR: u64 = 10122;

/// A saved search.
#[derive(Clone, Debug)]
pub(crate) struct Filter {
    pub id: u64,
    pub name: String,
    pub description: String,
    pub jql: String,
    pub owner: String,
    /// Users who marked it as a favourite.
    pub favourite_of: Vec<String>,
}

/// A Service Management customer: an account without a password, known by email.
#[derive(Clone, Debug)]
pub(crate) struct Customer {
    pub email: String,
    pub display_name: String,
}

/// An application property an administrator can change (`application-properties`).
#[derive(Clone, Debug)]
pub(crate) struct ApplicationProperty {
    pub key: &'static str,
    pub value: String,
    pub name: &'static str,
    pub description: &'static str,
    /// `string` or `boolean`.
    pub kind: &'static str,
    pub default_value: &'static str,
}

fn application_properties() -> Vec<ApplicationProperty> {
    let property = |key, value: &'static str, name, description, kind| ApplicationProperty {
        key,
        value: value.to_owned(),
        name,
        description,
        kind,
        default_value: value,
    };
    vec![
        property(
            "jira.title",
            "Jira",
            "Title",
            "The name of this Jira instance",
            "string",
        ),
        property(
            "jira.option.allowunassigned",
            "true",
            "Allow unassigned issues",
            "Whether issues may be left unassigned",
            "boolean",
        ),
        property(
            "jira.option.voting",
            "true",
            "Voting",
            "Whether users may vote for issues",
            "boolean",
        ),
        property(
            "jira.option.watching",
            "true",
            "Watching",
            "Whether users may watch issues",
            "boolean",
        ),
        property(
            "jira.lf.date.dmy",
            "dd/MMM/yy",
            "Day/Month/Year format",
            "How dates are shown",
            "string",
        ),
        property(
            "jira.issue.actions.order",
            "asc",
            "Default order of comments",
            "The order comments are shown in",
            "string",
        ),
    ]
}

/// Where a request token stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Approval {
    Pending,
    Approved { user: String, verifier: String },
    Denied,
}

/// A request token, from request-token to its exchange.
#[derive(Clone, Debug)]
pub(crate) struct RequestTokenRecord {
    pub consumer: String,
    pub secret: String,
    /// `None` in the OAuth 1.0 flow (no `oauth_callback` sent): no verifier is checked then.
    pub callback: Option<String>,
    /// When it was issued, by the server's clock (so tests can move time past its lifetime).
    pub issued_at: i64,
    pub approval: Approval,
}

impl RequestTokenRecord {
    /// Whether the token has outlived `ttl` at `now` (the server's clock, Unix seconds).
    pub(crate) fn expired(&self, now: i64, ttl: Duration) -> bool {
        now.saturating_sub(self.issued_at) > i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX)
    }
}

/// An access token.
#[derive(Clone, Debug)]
pub(crate) struct AccessTokenRecord {
    pub consumer: String,
    pub secret: String,
    pub user: String,
    pub session_handle: String,
}

/// The mutable state.
#[derive(Debug)]
pub(crate) struct State {
    pub consumers: HashMap<String, oauth1::PublicKey>,
    /// In the order they were added: generated data assigns issues by that order.
    pub users: Vec<User>,
    pub pats: HashMap<String, String>,
    /// Cloud API tokens by their secret.
    pub api_tokens: HashMap<String, crate::api_tokens::ApiToken>,
    pub request_tokens: HashMap<String, RequestTokenRecord>,
    pub access_tokens: HashMap<String, AccessTokenRecord>,
    /// Nonces seen per consumer, with their timestamps, forgotten once that timestamp could no
    /// longer be accepted.
    pub nonces: HashMap<String, HashMap<String, i64>>,
    pub catalog: Catalog,
    /// Group name → member names. The first user is in `jira-administrators`, everyone in
    /// `jira-software-users`.
    pub groups: BTreeMap<String, Vec<String>>,
    pub application_properties: Vec<ApplicationProperty>,
    /// Actors of each project role, by (project id, role id): (`user` or `group`, name). Roles
    /// never changed answer [`State::default_actors`].
    pub role_actors: HashMap<(u64, u64), Vec<(String, String)>>,
    pub filters: Vec<Filter>,
    /// Boards, sprints and rank (Jira Software).
    pub agile: crate::data::agile::Agile,
    /// The project of the seeded service desk, when there is one.
    pub service_desk_project: Option<u64>,
    pub customers: Vec<Customer>,
    /// Dashboard item properties by (dashboard id, item id).
    pub dashboard_item_properties: HashMap<(String, String), crate::data::Properties>,
    /// Permission scheme ids: 0 is the default; 10000 is a spare one that may be deleted.
    pub permission_schemes: Vec<u64>,
    /// When the last reindex ran (it finishes at once).
    pub last_reindex: Option<i64>,
    pub faults: FaultQueue,
    pub latency: Duration,
    /// Requests that have arrived (admin calls aside), counted before latency and faults.
    pub arrivals: usize,
    pub redirects: HashMap<String, String>,
    pub access_log: Vec<AccessLogEntry>,
    /// How far the server's clock is ahead of the machine's, in seconds: OAuth 1.0a's timestamp
    /// window and every OAuth 2.0 lifetime read [`State::now`].
    pub clock_offset_secs: i64,
    pub oauth2: crate::oauth2::OAuth2State,
}

impl State {
    pub(crate) fn new(builder: &Builder) -> Self {
        let mut state = State {
            consumers: builder.consumers.iter().cloned().collect(),
            users: Vec::new(),
            pats: builder.pats.iter().cloned().collect(),
            api_tokens: builder.api_tokens.iter().cloned().collect(),
            request_tokens: HashMap::new(),
            access_tokens: HashMap::new(),
            nonces: HashMap::new(),
            catalog: Catalog::default(),
            groups: [ADMINISTRATORS, SOFTWARE_USERS]
                .into_iter()
                .map(|group| (group.to_owned(), Vec::new()))
                .collect(),
            application_properties: application_properties(),
            role_actors: HashMap::new(),
            permission_schemes: vec![0, 10_000],
            filters: Vec::new(),
            agile: crate::data::agile::Agile::default(),
            service_desk_project: None,
            customers: Vec::new(),
            dashboard_item_properties: HashMap::new(),
            last_reindex: None,
            faults: FaultQueue::default(),
            latency: builder.latency,
            arrivals: 0,
            redirects: HashMap::new(),
            access_log: Vec::new(),
            clock_offset_secs: builder.clock_offset_secs,
            oauth2: crate::oauth2::OAuth2State::new(builder),
        };
        for (name, password) in &builder.users {
            state.add_user(name, password);
        }
        let user_names: Vec<String> = state.users.iter().map(|user| user.name.clone()).collect();
        state.catalog = Catalog::generate(builder.issues, builder.project_count(), &user_names);
        if builder.agile {
            state.seed_agile();
        }
        if builder.service_desk {
            state.seed_service_desk();
        }
        for fault in &builder.faults {
            state.faults.push(fault.clone());
        }
        state
    }

    /// The server's clock: Unix seconds, offset as configured.
    pub(crate) fn now(&self) -> i64 {
        crate::data::unix_now().saturating_add(self.clock_offset_secs)
    }

    /// The id a new saved filter gets: past every other, from 10000 as in Jira.
    pub(crate) fn next_filter_id(&self) -> u64 {
        self.filters
            .iter()
            .map(|filter| filter.id + 1)
            .max()
            .unwrap_or(10_000)
    }

    /// Jira Software's seeded boards, each on its own saved filter owned by the first user.
    fn seed_agile(&mut self) {
        let owner = self.users.first().map(|user| user.name.clone());
        let mut filter_ids = [0; 2];
        for (slot, key) in filter_ids.iter_mut().zip(["ABC", "OPS"]) {
            let id = self.next_filter_id();
            self.filters.push(Filter {
                id,
                name: format!("Filter for {key} board"),
                description: String::new(),
                jql: format!("project = {key}"),
                owner: owner.clone().unwrap_or_default(),
                favourite_of: Vec::new(),
            });
            *slot = id;
        }
        self.agile = crate::data::agile::seed(&mut self.catalog, filter_ids, owner);
    }

    /// The project `SD` behind service desk 1, added after the generated projects.
    fn seed_service_desk(&mut self) {
        let project = self.catalog.create_project(crate::data::Project {
            key: "SD".to_owned(),
            name: "Service Desk".to_owned(),
            description: Some("Requests from customers.".to_owned()),
            lead: self.users.first().map(|user| user.name.clone()),
            project_type: "service_desk".to_owned(),
            avatar_id: crate::data::DEFAULT_PROJECT_AVATAR,
            ..crate::data::Project::default()
        });
        self.service_desk_project = Some(project.id);
    }

    /// Adds a user, or changes the password of an existing one. The first user becomes a Jira
    /// administrator; every user joins `jira-software-users`.
    pub(crate) fn add_user(&mut self, name: &str, password: &str) {
        if let Some(user) = self.users.iter_mut().find(|user| user.name == name) {
            user.password = password.to_owned();
            return;
        }
        let first = self.users.is_empty();
        self.users.push(User {
            name: name.to_owned(),
            password: password.to_owned(),
            display_name: crate::data::display_name(name),
            email: format!("{name}@example.com"),
            active: true,
            avatar_id: DEFAULT_USER_AVATAR,
        });
        if first {
            self.join_group(ADMINISTRATORS, name);
        }
        self.join_group(SOFTWARE_USERS, name);
    }

    /// Adds `user` to `group` (created if missing); no-op when already a member.
    pub(crate) fn join_group(&mut self, group: &str, user: &str) {
        let members = self.groups.entry(group.to_owned()).or_default();
        if !members.iter().any(|member| member == user) {
            members.push(user.to_owned());
        }
    }

    /// A project role's actors: Administrators hold `jira-administrators`, Users hold
    /// `jira-software-users`, Developers start empty.
    pub(crate) fn actors(&self, project: u64, role: u64) -> Vec<(String, String)> {
        self.role_actors
            .get(&(project, role))
            .cloned()
            .unwrap_or_else(|| {
                let group = match role {
                    10_002 => ADMINISTRATORS,
                    10_000 => SOFTWARE_USERS,
                    _ => return Vec::new(),
                };
                vec![("group".to_owned(), group.to_owned())]
            })
    }

    /// Whether `name` has Jira's global ADMINISTER permission.
    pub(crate) fn is_admin(&self, name: &str) -> bool {
        self.groups
            .get(ADMINISTRATORS)
            .is_some_and(|members| members.iter().any(|member| member == name))
    }

    pub(crate) fn user(&self, name: &str) -> Option<&User> {
        self.users.iter().find(|user| user.name == name)
    }

    /// Approves a pending, unexpired request token as `user`, returning the verifier.
    pub(crate) fn approve(
        &mut self,
        settings: &Settings,
        request_token: &str,
        user: &str,
    ) -> Option<String> {
        self.user(user)?;
        let now = self.now();
        let record = self.request_tokens.get_mut(request_token)?;
        if record.expired(now, settings.request_token_ttl) || record.approval != Approval::Pending {
            return None;
        }
        let verifier = crate::random::verifier();
        record.approval = Approval::Approved {
            user: user.to_owned(),
            verifier: verifier.clone(),
        };
        Some(verifier)
    }

    /// Denies a pending request token; false when there is no such token.
    pub(crate) fn deny(&mut self, request_token: &str) -> bool {
        match self.request_tokens.get_mut(request_token) {
            Some(record) if record.approval == Approval::Pending => {
                record.approval = Approval::Denied;
                true
            }
            _ => false,
        }
    }
}

/// The state's lock. A panic while holding it cannot leave the data half-updated in a way that
/// matters to a simulator, so a poisoned lock is used as is.
pub(crate) fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}
