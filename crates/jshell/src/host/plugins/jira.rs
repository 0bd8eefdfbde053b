//! The `jira` object: every call of the Jira client under the Python client's method names,
//! returning Jira's JSON as Rhai maps and arrays. Calls block the script's thread on the async
//! client through a runtime handle; Ctrl-C cancels the request in flight.

use std::future::Future;
use std::io::Write as _;
use std::rc::Rc;

use futures_util::StreamExt as _;
use rhai::{Array, Dynamic, Engine, EvalAltResult, INT, Map, Position, Scope};
use serde_json::Value;

use crate::host::Plugin;
use crate::host::convert::{into_rhai, to_json};
use crate::host::interrupt::Interrupt;

/// The documentation of each `jira` method: how it is called, and what it does. A test checks
/// that this list and the engine's registrations name the same methods, so the generated API
/// reference cannot drift.
pub const METHOD_DOCS: &[(&str, &str, &str)] = &[
    (
        "server_info",
        "jira.server_info()",
        "Jira's `serverInfo`: version, build, deployment type, base URL. Answered to anonymous callers too, so it proves nothing about credentials.",
    ),
    (
        "myself",
        "jira.myself()",
        "The user the credentials belong to (`/myself`). Fails with a 401 when anonymous: this is what proves a login.",
    ),
    (
        "issue",
        "jira.issue(key) · jira.issue(key, fields)",
        "One issue by key or id; `fields` (an array of field ids) limits what is returned.",
    ),
    (
        "search_issues",
        "jira.search_issues(jql) · jira.search_issues(jql, #{max_results, fields, expand, page_size})",
        "Every issue matching the JQL, fetched page by page (several pages at once) and returned in order; `max_results` stops early. Progress shows on stderr when it is a terminal.",
    ),
    (
        "create_issue",
        "jira.create_issue(#{project, issuetype, summary, …})",
        "Creates an issue and returns it. `project` may be a key, `issuetype` a name (any case): both are resolved to ids.",
    ),
    (
        "create_issues",
        "jira.create_issues([#{…}, #{…}])",
        "Creates several issues in one request (`issue/bulk`); returns Jira's `{issues, errors}`.",
    ),
    (
        "update_issue",
        "jira.update_issue(key, #{field: value, …})",
        "Sets fields of an issue.",
    ),
    (
        "delete_issue",
        "jira.delete_issue(key)",
        "Deletes an issue.",
    ),
    (
        "add_comment",
        "jira.add_comment(key, body)",
        "Adds a comment and returns it.",
    ),
    (
        "comments",
        "jira.comments(key)",
        "Every comment of an issue, oldest first.",
    ),
    (
        "transitions",
        "jira.transitions(key)",
        "The transitions the user may take from the issue's current status (`id`, `name`, `to`).",
    ),
    (
        "transition_issue",
        "jira.transition_issue(key, transition) · jira.transition_issue(key, transition, #{fields, comment})",
        "Moves an issue through a transition named by id or name (any case; the target status's name works too).",
    ),
    (
        "assign_issue",
        "jira.assign_issue(key, user)",
        "Assigns an issue (a user name on Server, an account id on Cloud); `()` unassigns it.",
    ),
    (
        "projects",
        "jira.projects()",
        "Every project the user can see.",
    ),
    (
        "project",
        "jira.project(key)",
        "One project by key or id, with its issue types.",
    ),
    (
        "fields",
        "jira.fields()",
        "Every field, system and custom, with ids and names.",
    ),
    (
        "search_users",
        "jira.search_users(query)",
        "Users whose name, display name or e-mail matches.",
    ),
    (
        "application_roles",
        "jira.application_roles()",
        "Products with their seat counts (`numberOfSeats`, `remainingSeats`, `userCount`): what licence monitoring needs.",
    ),
    (
        "get",
        "jira.get(path) · jira.get(path, #{param: value})",
        "GET any REST path (relative to `/rest/api/2/`, or absolute from `/rest/…`), following Jira's `startAt` paging to the end.",
    ),
    (
        "post",
        "jira.post(path, body)",
        "POST a JSON body to any REST path; returns the answer.",
    ),
    (
        "put",
        "jira.put(path, body)",
        "PUT a JSON body to any REST path; returns the answer.",
    ),
    ("delete", "jira.delete(path)", "DELETE any REST path."),
];

/// Whether an engine signature is a method of the `Jira` object (its first parameter),
/// leaving out the `to_string`/`to_debug` conversions.
pub fn is_jira_method(signature: &str) -> bool {
    let Some((name, rest)) = signature.split_once('(') else {
        return false;
    };
    let first_parameter = rest.split([',', ')']).next().unwrap_or_default();
    first_parameter.contains("Jira") && !name.contains("::") && !name.starts_with("to_")
}

/// The value scripts know as `jira`.
#[derive(Clone)]
pub struct JiraHandle {
    inner: Rc<Inner>,
}

struct Inner {
    client: Result<jira::Client, String>,
    runtime: tokio::runtime::Handle,
    interrupt: Interrupt,
    progress: bool,
}

pub struct JiraPlugin {
    handle: JiraHandle,
}

impl JiraPlugin {
    /// `client` is the configured client, or why there is none (no server given).
    pub fn new(
        client: Result<jira::Client, String>,
        runtime: tokio::runtime::Handle,
        interrupt: Interrupt,
        progress: bool,
    ) -> Self {
        Self {
            handle: JiraHandle {
                inner: Rc::new(Inner {
                    client,
                    runtime,
                    interrupt,
                    progress,
                }),
            },
        }
    }
}

type Outcome = Result<Dynamic, Box<EvalAltResult>>;

impl Plugin for JiraPlugin {
    fn name(&self) -> &'static str {
        "jira"
    }

    fn summary(&self) -> &'static str {
        "the pre-authenticated Jira client: jira.server_info(), jira.myself(), jira.search_issues(jql), …"
    }

    fn register(&self, engine: &mut Engine, scope: &mut Scope<'static>) {
        engine.register_type_with_name::<JiraHandle>("Jira");
        engine.register_fn("to_string", |jira: &mut JiraHandle| jira.describe());
        engine.register_fn("to_debug", |jira: &mut JiraHandle| jira.describe());

        engine.register_fn("server_info", |jira: &mut JiraHandle| {
            jira.call(|c| async move { c.server_info().await })
        });
        engine.register_fn("myself", |jira: &mut JiraHandle| {
            jira.call(|c| async move { c.myself().await })
        });
        engine.register_fn("issue", |jira: &mut JiraHandle, key: &str| {
            let key = key.to_owned();
            jira.call(|c| async move { c.issue(&key, None, None).await })
        });
        engine.register_fn(
            "issue",
            |jira: &mut JiraHandle, key: &str, fields: Array| {
                let key = key.to_owned();
                let fields = strings(&fields, "fields")?;
                jira.call(|c| async move { c.issue(&key, Some(&fields), None).await })
            },
        );
        engine.register_fn("search_issues", |jira: &mut JiraHandle, jql: &str| {
            jira.search(jql, &Map::new())
        });
        engine.register_fn(
            "search_issues",
            |jira: &mut JiraHandle, jql: &str, options: Map| jira.search(jql, &options),
        );
        engine.register_fn("create_issue", |jira: &mut JiraHandle, fields: Map| {
            let fields = to_json(&fields.into())?;
            jira.call(|c| async move { c.create_issue(fields).await })
        });
        engine.register_fn("create_issues", |jira: &mut JiraHandle, issues: Array| {
            let issues = issues.iter().map(to_json).collect::<Result<Vec<_>, _>>()?;
            jira.call(|c| async move { c.create_issues(issues).await })
        });
        engine.register_fn(
            "update_issue",
            |jira: &mut JiraHandle, key: &str, fields: Map| {
                let key = key.to_owned();
                let fields = to_json(&fields.into())?;
                jira.call(
                    |c| async move { c.update_issue(&key, fields).await.map(|()| Value::Null) },
                )
            },
        );
        engine.register_fn("delete_issue", |jira: &mut JiraHandle, key: &str| {
            let key = key.to_owned();
            jira.call(|c| async move { c.delete_issue(&key, false).await.map(|()| Value::Null) })
        });
        engine.register_fn(
            "add_comment",
            |jira: &mut JiraHandle, key: &str, body: &str| {
                let (key, body) = (key.to_owned(), body.to_owned());
                jira.call(|c| async move { c.add_comment(&key, &body).await })
            },
        );
        engine.register_fn("comments", |jira: &mut JiraHandle, key: &str| {
            let key = key.to_owned();
            jira.call(|c| async move { c.comments(&key).await.map(Value::Array) })
        });
        engine.register_fn("transitions", |jira: &mut JiraHandle, key: &str| {
            let key = key.to_owned();
            jira.call(|c| async move { c.transitions(&key).await.map(Value::Array) })
        });
        engine.register_fn(
            "transition_issue",
            |jira: &mut JiraHandle, key: &str, transition: &str| {
                let (key, transition) = (key.to_owned(), transition.to_owned());
                jira.call(|c| async move {
                    c.transition_issue(&key, &transition, None, None)
                        .await
                        .map(|()| Value::Null)
                })
            },
        );
        engine.register_fn(
            "transition_issue",
            |jira: &mut JiraHandle, key: &str, transition: &str, options: Map| {
                let (key, transition) = (key.to_owned(), transition.to_owned());
                let fields = options.get("fields").map(to_json).transpose()?;
                let comment = options.get("comment").map(|c| c.to_string());
                jira.call(|c| async move {
                    c.transition_issue(&key, &transition, fields, comment.as_deref())
                        .await
                        .map(|()| Value::Null)
                })
            },
        );
        engine.register_fn(
            "assign_issue",
            |jira: &mut JiraHandle, key: &str, user: Dynamic| {
                let key = key.to_owned();
                let user = (!user.is_unit()).then(|| user.to_string());
                jira.call(|c| async move {
                    c.assign_issue(&key, user.as_deref())
                        .await
                        .map(|()| Value::Null)
                })
            },
        );
        engine.register_fn("projects", |jira: &mut JiraHandle| {
            jira.call(|c| async move { c.projects().await.map(Value::Array) })
        });
        engine.register_fn("project", |jira: &mut JiraHandle, key: &str| {
            let key = key.to_owned();
            jira.call(|c| async move { c.project(&key).await })
        });
        engine.register_fn("fields", |jira: &mut JiraHandle| {
            jira.call(|c| async move { c.fields().await.map(Value::Array) })
        });
        engine.register_fn("search_users", |jira: &mut JiraHandle, query: &str| {
            let query = query.to_owned();
            jira.call(|c| async move { c.search_users(&query).await.map(Value::Array) })
        });
        engine.register_fn("application_roles", |jira: &mut JiraHandle| {
            jira.call(|c| async move { c.application_roles().await.map(Value::Array) })
        });

        engine.register_fn("get", |jira: &mut JiraHandle, path: &str| {
            jira.raw_get(path, &Map::new())
        });
        engine.register_fn("get", |jira: &mut JiraHandle, path: &str, query: Map| {
            jira.raw_get(path, &query)
        });
        engine.register_fn(
            "post",
            |jira: &mut JiraHandle, path: &str, body: Dynamic| {
                let path = path.to_owned();
                let body = to_json(&body)?;
                jira.call(|c| async move { c.post(&path, &body).await })
            },
        );
        engine.register_fn("put", |jira: &mut JiraHandle, path: &str, body: Dynamic| {
            let path = path.to_owned();
            let body = to_json(&body)?;
            jira.call(|c| async move { c.put(&path, &body).await })
        });
        engine.register_fn("delete", |jira: &mut JiraHandle, path: &str| {
            let path = path.to_owned();
            jira.call(|c| async move { c.delete(&path, &[]).await })
        });

        scope.push_constant("jira", self.handle.clone());
    }
}

impl JiraHandle {
    fn describe(&mut self) -> String {
        match &self.inner.client {
            Ok(client) => format!(
                "<jira {} as {}>",
                client.base_url(),
                client.auth().describe()
            ),
            Err(_) => "<jira: no server configured>".to_owned(),
        }
    }

    fn client(&self) -> Result<jira::Client, Box<EvalAltResult>> {
        self.inner
            .client
            .clone()
            .map_err(|why| error_value("config", None, why.clone(), None, Vec::new()))
    }

    fn block_on<F: Future>(&self, work: F) -> Result<F::Output, Box<EvalAltResult>> {
        self.inner
            .interrupt
            .block_on(&self.inner.runtime, work)
            .map_err(|_| {
                Box::new(EvalAltResult::ErrorTerminated(
                    "interrupted".into(),
                    Position::NONE,
                ))
            })
    }

    fn call<F, Fut>(&self, request: F) -> Outcome
    where
        F: FnOnce(jira::Client) -> Fut,
        Fut: Future<Output = Result<Value, jira::Error>>,
    {
        let client = self.client()?;
        let value = self.block_on(request(client))?.map_err(jira_error)?;
        Ok(into_rhai(value))
    }

    fn raw_get(&self, path: &str, query: &Map) -> Outcome {
        let path = path.to_owned();
        let query: Vec<(String, String)> = query
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        self.call(|c| async move {
            let borrowed: Vec<(&str, &str)> = query
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            c.get_all(&path, &borrowed).await
        })
    }

    /// Every issue matching `jql` (or at most `max_results`), page by page, with a progress line
    /// on a terminal.
    fn search(&self, jql: &str, options: &Map) -> Outcome {
        let client = self.client()?;
        let mut search = jira::SearchOptions::default();
        for (name, value) in options {
            match name.as_str() {
                "max_results" => {
                    let limit = value
                        .as_int()
                        .map_err(|_| option_error("max_results", "a number"))?;
                    search.limit = Some(u64::try_from(limit.max(0)).unwrap_or(0));
                }
                "page_size" => {
                    let size = value
                        .as_int()
                        .map_err(|_| option_error("page_size", "a number"))?;
                    search.page_size = u64::try_from(size.max(1)).unwrap_or(1);
                }
                "fields" => search.fields = Some(string_list(value, "fields")?),
                "expand" => search.expand = Some(string_list(value, "expand")?),
                other => {
                    return Err(super::script_error(format!(
                        "search_issues: unknown option `{other}`; the options are max_results, fields, expand and page_size"
                    )));
                }
            }
        }
        let mut pages = client.search_pages(jql, search);
        let mut issues = Array::new();
        let mut stderr = std::io::stderr();
        loop {
            let Some(page) = self.block_on(pages.next())? else {
                break;
            };
            let page = page.map_err(jira_error)?;
            let total = page.total;
            issues.extend(page.issues.into_iter().map(into_rhai));
            if self.inner.progress {
                let total = total.map_or_else(|| "?".to_owned(), |t| t.to_string());
                let _ = write!(stderr, "\rfetched {} of {total} issues", issues.len());
                let _ = stderr.flush();
            }
        }
        if self.inner.progress {
            let _ = write!(stderr, "\r\x1b[2K");
            let _ = stderr.flush();
        }
        Ok(issues.into())
    }
}

fn strings(items: &Array, what: &str) -> Result<Vec<String>, Box<EvalAltResult>> {
    items
        .iter()
        .map(|item| {
            item.clone()
                .into_string()
                .map_err(|_| option_error(what, "an array of strings"))
        })
        .collect()
}

fn string_list(value: &Dynamic, what: &str) -> Result<Vec<String>, Box<EvalAltResult>> {
    if let Some(array) = value.read_lock::<Array>() {
        return strings(&array, what);
    }
    value
        .clone()
        .into_string()
        .map(|text| text.split(',').map(|s| s.trim().to_owned()).collect())
        .map_err(|_| option_error(what, "a string or an array of strings"))
}

fn option_error(name: &str, expected: &str) -> Box<EvalAltResult> {
    super::script_error(format!("search_issues: `{name}` must be {expected}"))
}

/// A failed call as a catchable Rhai error: a map with `kind`, `status`, `message`, `messages`
/// and `oauth_problem`.
fn jira_error(error: jira::Error) -> Box<EvalAltResult> {
    let kind = if error.is_auth() {
        "auth"
    } else {
        match error.kind() {
            jira::ErrorKind::Config => "config",
            jira::ErrorKind::Invalid => "invalid",
            jira::ErrorKind::Status | jira::ErrorKind::Decode | jira::ErrorKind::Redirect => "http",
            _ => "network",
        }
    };
    let mut message = error.to_string();
    if error.status() == Some(401) && error.oauth_problem().is_none() {
        message.push_str(
            "\nhint: log in with `jshell login --server URL --consumer-key KEY --key-cert rsa.pem`, or pass --pat",
        );
    }
    error_value(
        kind,
        error.status(),
        message,
        error.oauth_problem().map(|problem| problem.problem.clone()),
        error.messages().to_vec(),
    )
}

fn error_value(
    kind: &str,
    status: Option<u16>,
    message: String,
    oauth_problem: Option<String>,
    messages: Vec<String>,
) -> Box<EvalAltResult> {
    let mut map = Map::new();
    map.insert("kind".into(), kind.into());
    map.insert(
        "status".into(),
        status.map_or(Dynamic::UNIT, |s| Dynamic::from(INT::from(s))),
    );
    map.insert("message".into(), message.into());
    map.insert(
        "oauth_problem".into(),
        oauth_problem.map_or(Dynamic::UNIT, Dynamic::from),
    );
    map.insert(
        "messages".into(),
        messages
            .into_iter()
            .map(Dynamic::from)
            .collect::<Array>()
            .into(),
    );
    Box::new(EvalAltResult::ErrorRuntime(map.into(), Position::NONE))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_registered_method_is_documented_and_every_documented_one_exists() {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        let plugin = JiraPlugin::new(
            Err("no server".to_owned()),
            runtime.handle().clone(),
            Interrupt::default(),
            false,
        );
        let mut engine = Engine::new();
        let mut scope = Scope::new();
        plugin.register(&mut engine, &mut scope);
        let registered: BTreeSet<String> = engine
            .gen_fn_signatures(false)
            .iter()
            .filter(|signature| is_jira_method(signature))
            .filter_map(|signature| signature.split_once('(').map(|(name, _)| name.to_owned()))
            .collect();
        let documented: BTreeSet<String> = METHOD_DOCS
            .iter()
            .map(|(name, _, _)| (*name).to_owned())
            .collect();
        assert_eq!(registered, documented);
    }
}
