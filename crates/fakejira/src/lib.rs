//! `fakejira`: a Jira Server / Data Center simulator for jshell's tests and demo.
//!
//! No real Jira can be reached from where jshell is built, so its client is tested against this
//! server, which reproduces what a client can observe of Jira: the OAuth 1.0a provider of an
//! application link (RSA-SHA1 only, Jira's `oauth_problem` reports and statuses), an OAuth 2.0
//! provider in Data Center's and Cloud's shapes, a subset of REST API 2 with Jira's JSON shapes,
//! personal access tokens and Basic authentication, and the
//! failures of a real deployment (rate limiting, outages, dropped connections, stalls, latency,
//! a base URL that differs from the address used).
//!
//! What it is not: a Jira. Data lives in memory, JQL is a small subset, the permission model is
//! small (below), and it listens on 127.0.0.1 only. It never uses the `jira` or `jshell` crates,
//! so the client is never tested against its own logic.
//!
//! Generated issues (`--issues N`) are not stored: each is built from its position when a request
//! reaches it, and kept only once written to. `--issues 1000000` starts in 0.06 s at 5.5 MB RSS
//! (0.9 GB when every issue was stored); a full `ORDER BY key` export of it peaks at 68 MB (see
//! `benches/search_page.rs`).
//!
//! # Permissions
//!
//! The first user added is a Jira administrator (member of `jira-administrators`, global
//! ADMINISTER and SYSTEM_ADMIN); every user is in `jira-software-users`. Anonymous callers get
//! 401 on everything but `serverInfo`. Any logged-in user browses, creates, edits, comments,
//! logs work and attaches. Administrator-only: deleting issues (403 "You do not have permission
//! to delete issues in this project."), `notifyUsers=false` on edit (403 with Jira's text),
//! editing or deleting someone else's comment, worklog or attachment (403), and the
//! administration resources marked *admin* below (403 `{"errorMessages": ["You are not
//! authorized to perform this operation. Please log in."]}` unless the resource has its own
//! wording).
//!
//! # REST endpoints
//!
//! Every REST route below is one line of a route table, listed by [`routes`] (API, verb, path
//! template with Atlassian's parameter names, [`Access`], [`Deployments`]). A request takes the
//! most specific route that matches it: a literal segment beats a parameter at the first place
//! they differ (`issue/createmeta` over `issue/{issueIdOrKey}`), whatever the declaration order.
//! A path no route serves, or a verb it does not take, is 404 `null for uri: …`.
//!
//! Under `{context}/rest/api/2/` (also `/rest/api/latest/`). List-valued query parameters
//! (`fields`, `expand`, `properties`, `projectKeys`, …) are read comma-separated, repeated, or
//! both, as Jira's Jersey layer reads them.
//!
//! - `serverInfo`, `myself`, `user`, `user/search`, `applicationrole`, `field` (system fields,
//!   then the custom fields with `schema.custom` and `schema.customId`).
//! - `search` (GET, POST; Cloud: 410, and `search/jql` with `nextPageToken`).
//! - `issue` POST, `issue/bulk` POST, `issue/{key}` GET (`fields`, `expand=names,transitions,
//!   changelog,renderedFields`, `properties`), PUT (`fields` and `update`; 204), DELETE
//!   (`deleteSubtasks`; 400 with Jira's text when the issue has sub-tasks and it is not `true`),
//!   `issue/{key}/assignee` PUT, `issue/{key}/transitions` GET, POST (with `fields` and
//!   `update` applied as an edit, in the same changelog entry); Cloud only:
//!   `issue/{key}/changelog` (`startAt`, `maxResults`, `total`, `isLast`, `values`).
//! - `issue/{key}/comment` GET (`startAt`, `maxResults`, `orderBy=created|-created`,
//!   `expand=renderedBody`), POST (201, `visibility` group or role), `…/comment/{id}` GET, PUT
//!   (200), DELETE (204).
//! - `issue/{key}/worklog` GET, POST (201), `…/worklog/{id}` GET, PUT (200), DELETE (204), with
//!   `adjustEstimate=auto|new|leave|manual`, `newEstimate`, `reduceBy`, `increaseBy`.
//! - `issue/{key}/attachments` POST (multipart, part `file`, `X-Atlassian-Token: no-check`
//!   else 403 `XSRF check failed` in plain text; 200 with an array), `attachment/{id}` GET,
//!   DELETE (204), `attachment/meta`; the bytes at `{context}/secure/attachment/{id}/{name}`.
//! - `issue/{key}/properties` GET, `…/properties/{prop}` GET, PUT (201 created, 200 updated),
//!   DELETE; `issue/{key}/watchers` GET, POST (a JSON string; empty: the caller), DELETE
//!   `?username=` (Cloud `accountId=`); `issue/{key}/votes` GET, POST (the reporter gets 404
//!   "You cannot vote for an issue you have reported."), DELETE; `issue/{key}/remotelink` GET,
//!   POST (201 `{id, self}`; 200 when `globalId` matches, replacing that link), DELETE
//!   `?globalId=`, `…/remotelink/{id}` GET, PUT (204), DELETE.
//! - `issueLinkType`, `issueLinkType/{id}` (Blocks, Cloners, Duplicate, Relates), `issueLink`
//!   POST (201, no body), `issueLink/{id}` GET, DELETE.
//! - `issue/{key}/editmeta`, `issue/createmeta` (`projectKeys`, `projectIds`, `issuetypeIds`,
//!   `issuetypeNames`, `expand=projects.issuetypes.fields`), `issue/createmeta/{project}/issuetypes`
//!   and `…/issuetypes/{id}` (paged `values`).
//! - `issuetype`, `priority`, `status` (by id or name), `statuscategory` (by id or key),
//!   `resolution`, each also `/{id}`; `securitylevel/10000`, `customFieldOption/{id}` (Severity's
//!   options), `role`, `mypermissions` (`projectKey`, `issueKey`, `permissions`),
//!   `application-properties` (GET, `?key=` gives one; PUT `application-properties/{id}`,
//!   *admin*), `reindex` (POST 202, *admin*, finishes at once; GET its progress, 404 before).
//! - Users: `user` GET, POST (*admin*; 201), PUT (*admin*; rename with `name`, deactivate with
//!   `active: false`), DELETE (*admin*; 204), all `?username=` (Cloud `accountId=`);
//!   `user/search` (a plain array with no total; `startAt`, `maxResults` ≤ 1000,
//!   `includeActive`, `includeInactive`), `user/assignable/search` (`project` or `issueKey`),
//!   `user/assignable/multiProjectSearch` (`projectKeys`), `user/viewissue/search`;
//!   `user/avatars`, PUT `user/avatar`, DELETE `user/avatar/{id}`. Inactive users cannot log in.
//! - Groups: `groups/picker?query=`, `group/member?groupname=` (paged `values`), `group` POST
//!   (201) and DELETE (200), `group/user` POST (201) and DELETE (200), all *admin* but the reads.
//! - Projects: `project` GET (`expand=description,lead`), POST (*admin*; 201 `{self, id, key}`),
//!   `project/{key}` GET, DELETE (*admin*; its issues go too); `project/{p}/components`,
//!   `component` POST (201), `component/{id}` GET, PUT, DELETE (`moveIssuesTo`),
//!   `component/{id}/relatedIssueCounts`; `project/{p}/versions`, `version` POST (201),
//!   `version/{id}` GET, PUT, DELETE (`moveFixIssuesTo`, `moveAffectedIssuesTo`),
//!   `version/{id}/move` (`after` or `position`), `…/relatedIssueCounts`,
//!   `…/unresolvedIssueCount`; `project/{p}/role` (name → URL), `project/{p}/role/{id}` GET,
//!   POST `{user: […], group: […]}` (*admin*, 200 with the role), DELETE `?user=`/`?group=`;
//!   `project/{p}/avatars`, PUT `…/avatar`, DELETE `…/avatar/{id}` (system avatars: 403);
//!   `project/{p}/issuesecuritylevelscheme`, `notificationscheme`, `permissionscheme`,
//!   `priorityscheme`; `permissionscheme/{id}` DELETE (*admin*; the default scheme 0 is 403,
//!   10000 can go).
//! - Filters: `filter` POST (200), `filter/{id}` GET, PUT (owner only), DELETE (owner or admin;
//!   204), `filter/favourite`; dashboards: `dashboard` (`filter=favourite|my`, paged with
//!   `total` and `dashboards`), `dashboard/{id}`, `dashboard/{id}/items/{item}/properties` and
//!   `…/properties/{key}` GET, PUT (201 created, 200 updated). Dashboards 10000 "System
//!   Dashboard" and 10100 "Team Dashboard" (the first user's).
//! - `{context}/rest/auth/1/session` GET (`{self, name, loginInfo}`), DELETE (204) and
//!   `/rest/auth/1/websudo` DELETE (204).
//!
//! Jira Software, under `{context}/rest/agile/1.0/` (lists are paged with `startAt`,
//! `maxResults`, `isLast` and `values`, boards also with `total`; issue lists with `startAt`,
//! `maxResults`, `total` and `issues`, and take `jql`, `fields` and `expand=names`):
//! - `board` GET (`type`, `name`, `projectKeyOrId`), POST `{name, type, filterId}` (201; the
//!   location is the first project the filter names), `board/{id}` GET, DELETE (204; its sprints
//!   stay); `board/{id}/sprint` (`state`, comma-separated or repeated; kanban boards: 400 "The
//!   board does not support sprints"), `board/{id}/epic` (`done`), `board/{id}/backlog`,
//!   `board/{id}/issue`. A board shows its filter's issues in rank order; the backlog is the
//!   board's issues in no future or active sprint.
//! - `sprint` POST `{name, originBoardId, startDate, endDate, goal}` (201, future), `sprint/{id}`
//!   GET, POST (a partial update: future → active needs both dates, active → closed sets
//!   `completeDate`; nothing else moves; a closed sprint takes only a name or goal), DELETE (204;
//!   its issues return to the backlog; closed sprints cannot go); `sprint/{id}/issue` GET, POST
//!   `{issues}` (204; not into a closed sprint); `backlog/issue` POST `{issues}` (204);
//!   `epic/{idOrKey}/issue` POST `{issues}` (204, sets Epic Link; `epic/none/issue` clears it);
//!   `issue/rank` PUT `{issues, rankBeforeIssue | rankAfterIssue}` (204, or 207 `{entries: [{issueId,
//!   issueKey, status, errors}]}` when some issue does not exist). At most 50 issues per move.
//! - Sprint membership is the Sprint field (`customfield_10101`, sprint ids; moving keeps closed
//!   sprints and replaces open ones), epic membership the Epic Link field (`customfield_10100`);
//!   moves are recorded in the changelog. Rank starts in issue id order.
//!
//! Jira Service Management, under `{context}/rest/servicedeskapi/` (pages with `start`, `limit`,
//! `size`, `isLastPage`, `_links` and `values`; refusals as `{"errorMessage", "i18nErrorMessage":
//! {"i18nKey", "parameters"}}`): `info` (anonymous too), `servicedesk`, `servicedesk/{id}`,
//! `servicedesk/{id}/requesttype` (11 "Get IT help", 12 "Fix an account problem", 13 "Request
//! new hardware"), `customer` POST `{email, displayName}` (*admin*; 201; a customer cannot log
//! in), `request` POST `{serviceDeskId, requestTypeId, requestFieldValues: {summary,
//! description}}` (201 with `issueKey`; the request is an issue of the desk's project).
//!
//! Every edit, transition, assignment, worklog change and attachment is recorded in the issue's
//! changelog (`field`, `fieldtype`, `from`, `fromString`, `to`, `toString`; custom fields by
//! name, components as `Component`, fix versions as `Fix Version`).
//!
//! Choices where Jira's behaviour is not documented:
//! - the REST JSON body limit is 16 MiB; attachment uploads may be 512 MiB (reported as
//!   `uploadLimit`), kept in memory;
//! - the attachment content URL answers anonymous callers 401 with Jira's JSON error body rather
//!   than a redirect to the login page;
//! - durations use 8-hour days and 5-day weeks; a bare number is minutes; `auto` adjustment
//!   never takes the remaining estimate below zero and treats an unset one as zero; setting only
//!   an original estimate also sets the remaining one while no work is logged;
//! - the Sprint custom field is shown as an array of sprint ids given on set; `Epic Link` has
//!   Jira's schema type `any` and holds the epic's key;
//! - comment and worklog `visibility` groups must exist; roles are `Administrators`,
//!   `Developers`, `Users`;
//! - watchers: an unknown user is 404 `The user "x" does not exist.`; DELETE without the user
//!   parameter is 400; removing a vote never cast is 404;
//! - a remote link PUT replaces the whole link, `globalId` included;
//! - `application-properties?key=` answers the one property as an object;
//! - a transition's `resolution` must name one of Jira's resolutions, but issues always show
//!   Done as their resolution;
//! - users created or renamed through the API show their stored display name and email in the
//!   user resources; elsewhere (issue fields, comments) users are rendered from their name;
//!   renaming a user does not rewrite issues that name them;
//! - an unknown filter id is 400 (Jira's "The selected filter … does not exist."), and so is
//!   editing or deleting someone else's filter; filter JQL is checked against the JQL subset;
//! - project roles start with `jira-administrators` in Administrators and
//!   `jira-software-users` in Users.
//!
//! # In-process use
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! use fakejira::{FakeJira, Fault};
//!
//! let jira = FakeJira::builder()
//!     .user("alice", "secret")
//!     .issues(120)
//!     .projects(3)
//!     .search_cap(50)
//!     .start()
//!     .await?;
//! jira.inject(Fault::Status { status: 429, count: 1, retry_after: Some(2), rate_limit_reason: None });
//! let url = jira.url().join("rest/api/2/myself").expect("a URL");
//! // … send requests, then:
//! assert!(jira.access_log().len() <= jira.request_count());
//! jira.shutdown().await;
//! # Ok(())
//! # }
//! ```
//!
//! # The OAuth 1.0a provider
//!
//! Under `{context}/plugins/servlet/oauth/`: `request-token`, `authorize` and `access-token`.
//! Refusals carry Jira's status (400 for `parameter_absent`, `parameter_rejected`,
//! `version_rejected`, `timestamp_refused`, `signature_method_rejected`; 401 for the rest), a
//! form-encoded `text/plain` body and `WWW-Authenticate: OAuth realm="<pct-encoded base URL>",
//! oauth_problem="…"`. Where Jira's behaviour is not visible from outside, the simulator chose:
//! - checks run in this order: parameters present, `oauth_version` (if sent) is `1.0`, consumer
//!   known, `RSA-SHA1`, timestamp within 5 minutes (`oauth_acceptable_timestamps=from-to`),
//!   nonce unused for this consumer (it is recorded even if the signature then fails), signature
//!   (`signature_invalid` carries `oauth_signature_base_string`), then the token;
//! - an expired request token answers `token_expired`; an unknown or already exchanged one
//!   `token_rejected`; one not yet approved `permission_unknown`; a denied one
//!   `permission_denied`;
//! - in the OAuth 1.0a flow a missing `oauth_verifier` answers `parameter_absent` (400) and a
//!   wrong one `token_rejected`; the request token stays usable after either;
//! - a callback that is neither `oob` nor an http(s) URL answers `parameter_rejected`;
//! - renewal needs the current access token and its `oauth_session_handle`: it issues a new
//!   token string, the old one stops working, the secret and the session handle carry over;
//! - OAuth parameters are read from the `Authorization` header only.
//!
//! Signatures are checked over the base string rebuilt from the configured base URL, the path
//! below the context path, the query string as received, the `Authorization` header's
//! parameters and an `application/x-www-form-urlencoded` body. Timestamps may be 5 minutes off;
//! nonces are remembered per consumer. A REST request whose header lacks any of the six
//! required `oauth_*` parameters is anonymous.
//!
//! The authorize page shows an Allow/Deny form (or, with [`Builder::auto_approve`], approves at
//! once); for `oauth_callback=oob` the verifier is in `<code id="oauth-verifier">…</code>`.
//!
//! # The OAuth 2.0 provider
//!
//! Clients are registered with [`Builder::oauth2_client`] ([`OAuth2Client`]: id, secret, one
//! Redirect URL, a scope), `--oauth2-client ID:SECRET:REDIRECT_URI[:SCOPE]` or the admin API.
//! The shape follows [`DeploymentType`]:
//!
//! - Data Center (`Server`), under the context path: `GET|POST
//!   {context}/rest/oauth2/latest/authorize` (`client_id`, `redirect_uri`,
//!   `response_type=code`, `scope`, `state`, `code_challenge`, `code_challenge_method=S256`)
//!   and `POST {context}/rest/oauth2/latest/token`, whose parameters come from a form body or
//!   the query string. Scopes `READ` < `WRITE` < `ADMIN` < `SYSTEM_ADMIN`; a client registered
//!   with one may ask for it or less (default: what it registered). Tokens answer
//!   `token_type: "bearer"` and always carry a refresh token.
//! - Cloud 3LO, at the server root as auth.atlassian.com and api.atlassian.com are:
//!   `GET|POST /authorize` (also `audience=api.atlassian.com`), `POST /oauth/token` (JSON or
//!   form body), `GET /oauth/token/accessible-resources` (`[{id, url, name, scopes,
//!   avatarUrl}]`: this site, its `url` the base URL without the trailing slash, then each
//!   [`Builder::extra_cloud_site`]), and the gateway `/ex/jira/{cloudid}/rest/…`, served as
//!   `{context}/rest/…` for a valid access token ([`Builder::cloud_id`]; another id is 404). An
//!   expired one is refused with 401, or with the 403 or 404 Atlassian's gateway answers on
//!   some routes ([`Builder::gateway_expired_status`]).
//!   Scopes are space-separated names, each one the client registered; `write:jira-work` is
//!   needed to write, `manage:jira-configuration` for *admin* resources, `offline_access` for a
//!   refresh token. Tokens answer `token_type: "Bearer"`.
//!
//! The authorize endpoint first checks the client and the Redirect URL (exactly equal to the
//! registered one): failing either is a 400 HTML page, never a redirect. Other faults redirect
//! to the Redirect URL with `error` (`invalid_request`, `unsupported_response_type`,
//! `invalid_scope`) and `error_description`; `state` is echoed unchanged on every redirect.
//! With [`Builder::auto_approve`] the code comes at once; otherwise a consent page like the
//! OAuth 1.0a one posts the request's parameters back with `user` and `approve=Allow` or
//! `deny=Deny` (`error=access_denied`).
//!
//! Token answers are `200 {"access_token", "token_type", "expires_in", "refresh_token",
//! "scope"}` with `Cache-Control: no-store`; refusals RFC 6749's `{"error",
//! "error_description"}`: `invalid_client` 401 (unknown client, wrong secret, none sent; with
//! `WWW-Authenticate: Basic` when Basic was used), `invalid_request` 400 (missing `grant_type`,
//! `code`, `redirect_uri`, `refresh_token`), `unsupported_grant_type` 400, and `invalid_grant`
//! (Data Center 400; Cloud 403, as Atlassian documents for refresh, with "Unknown or invalid
//! refresh token.") for a code unknown, expired, already used, issued to another client or for
//! another `redirect_uri`, a `code_verifier` missing or not matching the S256 challenge, and a
//! refresh token unknown, expired, revoked or already rotated. Codes live
//! [`Builder::oauth2_code_lifetime`] (10 s), access tokens
//! [`Builder::oauth2_access_token_lifetime`] (3600 s), refresh tokens 90 days, all on the
//! server's clock ([`Running::set_clock_offset_secs`]). Each refresh returns a new access and
//! refresh token and the old refresh token is refused from then on; earlier access tokens stay
//! valid until they expire.
//!
//! On REST a Bearer token is a personal access token, else an OAuth 2.0 access token (Data
//! Center only: the Cloud site takes them through the gateway alone). An expired one is 401
//! with Jira's `errorMessages` and `WWW-Authenticate: Bearer realm="<base URL>",
//! error="invalid_token"`; the gateway answers its own `401 {"code": 401, "message":
//! "Unauthorized"}`. A token's scope caps the user's permissions: writes (POST, PUT, DELETE;
//! a POSTed search only reads) need `WRITE`, *admin* resources `ADMIN`. The access log shows
//! [`AuthKind::OAuth2`].
//!
//! Choices where Atlassian's behaviour is not documented or was not found:
//! - Data Center refuses a scope too narrow with 403 `{"errorMessages": ["The OAuth 2.0 access
//!   token's scope (READ) does not allow this request: it needs WRITE."], "errors": {}}`; Cloud's
//!   gateway with what clients report it sends: 401 `{"code": 401, "message": "Unauthorized;
//!   scope does not match"}` and `X-Failure-Category: FAILURE_CLIENT_SCOPE_CHECK`;
//! - a JSON body on Data Center's token endpoint is a 500, as its `@FormParam` resource fails
//!   (reported by integrators); its refresh grant needs the registered `redirect_uri` and words a
//!   missing one as `invalid_grant` (as jira.js documents);
//! - a code exchanged twice is refused and every token descending from it revoked (RFC 6749
//!   §4.1.2); a failed PKCE check or a wrong `redirect_uri` leaves the code usable; a
//!   `code_verifier` sent for a code without challenge is ignored;
//! - PKCE accepts only `S256`; a challenge must be 43 to 128 unreserved characters;
//! - Cloud's authorize needs `audience=api.atlassian.com` (`invalid_request` otherwise) and
//!   ignores `prompt`; a missing `scope` means everything the client registered;
//! - an unknown Bearer token (neither PAT nor OAuth 2.0) is Jira's failed login (401,
//!   `X-Seraph-LoginReason: AUTHENTICATED_FAILED`) with the Bearer challenge too;
//! - the extra Cloud sites are listed but not served by the gateway (404).
//!
//! # Generated data
//!
//! Projects `ABC`, `OPS`, `WEB`, `DATA`, `MOB`, `SEC`, `INFRA`, `QA`, then `P9`…, each with
//! components `Backend` and `Frontend` and versions `1.0` (released) and `2.0`; issues
//! spread round-robin (`ABC-1`, `OPS-1`, `ABC-2`, …), statuses cycling To Do / In Progress /
//! Done, dates before 2024-06-01. Transitions: `11` Start Progress (To Do → In Progress), `21`
//! Stop Progress (In Progress → To Do), `31` Done (To Do or In Progress → Done), `41` Reopen
//! (Done → To Do). Issue types: Task, Bug, Story (used by generated issues), Epic and Sub-task.
//! Custom fields: Story Points (`customfield_10002`, number), Epic Link (`customfield_10100`),
//! Sprint (`customfield_10101`), Team twice (`customfield_10200` and `customfield_10201`, an
//! ambiguous name on purpose) and Severity (`customfield_10300`, options Critical, Major, Minor,
//! Trivial with ids 10300…). The same inputs always give the same data.
//!
//! # Jira Software and Service Management data
//!
//! [`Builder::agile`] (`--agile`) seeds, after the generated issues: saved filters "Filter for ABC
//! board" (`project = ABC`) and "Filter for OPS board" (`project = OPS`), owned by the first
//! user; board 1 "ABC board" (scrum) and board 2 "OPS board" (kanban) on them; on board 1 the
//! sprints 1 "ABC Sprint 1" (closed, 2024-05-06 to 2024-05-20), 2 "ABC Sprint 2" (active,
//! 2024-05-20 to 2024-06-03) and 3 "ABC Sprint 3" (future, no dates); the epic "Checkout
//! redesign", the next ABC key (ABC-16 with 30 issues over 2 projects); ABC-1 and ABC-2 in
//! sprint 1, ABC-3 to ABC-5 in sprint 2, ABC-6 and ABC-7 in sprint 3; ABC-2, ABC-4 and ABC-6
//! linked to the epic. Without it there are no boards and the catalog is exactly the generated
//! one.
//!
//! [`Builder::service_desk`] (`--service-desk`) adds project `SD` "Service Desk" (type
//! `service_desk`, after the generated projects) as service desk 1; without it there is none.
//!
//! # Admin HTTP API
//!
//! At the server root (not under the context path), JSON in and out, never delayed, faulted or
//! logged. Success is `204 No Content` unless a body is shown; errors are
//! `400 {"error": "…"}`.
//!
//! | request | body | effect |
//! |---|---|---|
//! | `POST /_fakejira/consumers` | `{"key": "k", "public_key": "-----BEGIN PUBLIC KEY-----…"}` | registers a consumer |
//! | `POST /_fakejira/users` | `{"name": "bob", "password": "pw"}` | adds a user |
//! | `POST /_fakejira/pats` | `{"token": "t", "user": "bob"}` | adds a personal access token |
//! | `PUT /_fakejira/latency` | `{"millis": 250}` | sets the latency |
//! | `POST /_fakejira/faults` | `{"kind": "status", "status": 503, "count": 2, "retry_after": 5}`, `{"kind": "status", "status": 429, "retry_after": 3, "rate_limit_reason": "jira-burst-based"}` (Cloud's limiter headers), `{"kind": "drop_connection", "count": 1}`, `{"kind": "stall_body", "count": 1, "stall": 3000}`, `{"kind": "delay", "count": 1, "delay": 5000}` (held before it is handled) | queues a fault (`count` defaults to 1, `stall` and `delay` are in ms) |
//! | `DELETE /_fakejira/faults` | | clears the faults |
//! | `POST /_fakejira/redirects` | `{"from": "/old", "location": "http://…"}` | answers `from` with a 302 |
//! | `GET /_fakejira/access-log` | | `200 [{"method", "path", "query", "auth": {"kind": …}, "status", "verdict"}]` |
//! | `GET /_fakejira/stats` | | `200 {"requestCount": n}` |
//! | `POST /_fakejira/request-tokens/{token}/approve` | `{"user": "alice"}` | `200 {"verifier": "…"}` |
//! | `POST /_fakejira/request-tokens/{token}/deny` | | denies the token |
//! | `POST /_fakejira/oauth2/clients` | `{"client_id": "c", "client_secret": "s", "redirect_uri": "http://…", "scope": "READ"}` (`scope` optional) | registers an OAuth 2.0 client |
//! | `GET /_fakejira/oauth2/grants` | | `200 {"authorization_code": n, "refresh_token": n}` (token requests per grant type) |
//! | `POST /_fakejira/oauth2/expire-access-tokens` | | expires every access token issued so far |
//! | `POST /_fakejira/oauth2/revoke-refresh-tokens` | | revokes every refresh token |
//! | `PUT /_fakejira/oauth2/access-token-lifetime` | `{"seconds": 60}` | sets the lifetime of access tokens issued from now on |
//! | `PUT /_fakejira/clock-offset` | `{"seconds": 3600}` | moves the server's clock (OAuth 1.0a timestamps, OAuth 2.0 lifetimes) |

mod access_log;
mod admin;
mod api_tokens;
mod auth;
mod config;
mod data;
mod dispatch;
mod exchange;
mod faults;
mod html;
mod in_process;
mod jql;
mod oauth2;
mod oauth_provider;
mod random;
mod rest;
mod running;
mod state;
mod version;

pub use access_log::{AccessLogEntry, AuthKind};
pub use config::{Builder, DEFAULT_REQUEST_TOKEN_TTL, DEFAULT_SEARCH_CAP, DeploymentType};
pub use faults::Fault;
#[doc(hidden)]
pub use in_process::InProcess;

pub use oauth2::{
    DEFAULT_ACCESS_TOKEN_LIFETIME, DEFAULT_CLOUD_ID, DEFAULT_CODE_LIFETIME, OAuth2Client,
    OAuth2Grants,
};
pub use rest::{Access, Api, Deployments, Releases, RouteInfo, routes};
pub use running::Running;
pub use version::{JiraVersion, VersionError};

/// The entry point: `FakeJira::builder()…start().await`.
#[derive(Debug)]
pub struct FakeJira;

impl FakeJira {
    /// A builder with every setting at its default: no users, no consumers, no issues.
    pub fn builder() -> Builder {
        Builder::default()
    }
}
