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
use crate::host::convert::{to_json, to_rhai};
use crate::host::interrupt::Interrupt;

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
        Ok(to_rhai(&value))
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
            issues.extend(page.issues.iter().map(to_rhai));
            if self.inner.progress {
                let total = page.total.map_or_else(|| "?".to_owned(), |t| t.to_string());
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
