//! The `jira` object. Every method comes from the one table in `jira::methods`: this plugin
//! registers each entry for every arity it accepts (positional arguments, then an options
//! map), turns Rhai values into the JSON the table's executor takes, and Jira's answers back
//! into Rhai values. Calls block the script's thread on the async client through a runtime
//! handle; Ctrl-C cancels the request in flight.

mod reach;
mod search;
mod to_rhai;

pub use reach::Reach;

use std::any::TypeId;
use std::future::Future;
use std::rc::Rc;

use jira::methods::Invocation;
use jira::methods::spec::{Action, Custom, MethodSpec, Yields};
use rhai::{Dynamic, Engine, EvalAltResult, NativeCallContext, Position, Scope};

use crate::failure::ErrorClass;
use crate::host::Plugin;
use crate::host::convert::to_json;
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
    allow_fs: bool,
}

/// Registers the `jira` object.
pub struct JiraPlugin {
    handle: JiraHandle,
    reach: Reach,
}

/// What the plugin needs besides the client.
pub struct JiraContext {
    /// The runtime the client's futures run on.
    pub runtime: tokio::runtime::Handle,
    /// Ctrl-C.
    pub interrupt: Interrupt,
    /// Whether long work shows progress on stderr.
    pub progress: bool,
    /// Whether methods may read and write local files (`--allow-fs`).
    pub allow_fs: bool,
    /// The methods to register: those the script can reach.
    pub reach: Reach,
}

impl JiraPlugin {
    /// `client` is the configured client, or why there is none (no server given).
    pub fn new(client: Result<jira::Client, String>, context: JiraContext) -> Self {
        Self {
            handle: JiraHandle {
                inner: Rc::new(Inner {
                    client,
                    runtime: context.runtime,
                    interrupt: context.interrupt,
                    progress: context.progress,
                    allow_fs: context.allow_fs,
                }),
            },
            reach: context.reach,
        }
    }
}

type Outcome = Result<Dynamic, Box<EvalAltResult>>;

/// The arities a method is registered with: its required positional arguments up to all of
/// them, plus the options map when it takes options.
pub fn arities(spec: &MethodSpec) -> std::ops::RangeInclusive<usize> {
    let options = usize::from(jira::methods::allowed_options(spec).next().is_some());
    spec.required()..=spec.params.len() + options
}

impl Plugin for JiraPlugin {
    fn name(&self) -> &'static str {
        "jira"
    }

    fn summary(&self) -> &'static str {
        "the pre-authenticated Jira client: jira.server_info(), jira.myself(), jira.search_issues(jql), …"
    }

    fn register(&self, engine: &mut Engine, scope: &mut Scope<'static>) {
        engine.register_type_with_name::<JiraHandle>("Jira");
        engine.register_type_with_name::<search::ItemStream>("ItemStream");
        engine.register_iterator_result::<search::ItemStream, Dynamic>();
        crate::host::issue::register(engine);
        engine.register_fn("to_string", |jira: &mut JiraHandle| jira.describe());
        engine.register_fn("to_debug", |jira: &mut JiraHandle| jira.describe());
        for spec in jira::methods::all() {
            let names = std::iter::once(spec.name).chain(spec.aliases.iter().copied());
            for name in names.filter(|name| self.reach.covers(name)) {
                // Every count from none to one too many, so a wrong count is this method's own
                // error (naming it and its usage) rather than Rhai's "function not found".
                for arity in 0..=arities(spec).end() + 1 {
                    let mut types = vec![TypeId::of::<JiraHandle>()];
                    types.extend(std::iter::repeat_n(TypeId::of::<Dynamic>(), arity));
                    engine.register_raw_fn(
                        name,
                        types,
                        move |_: NativeCallContext<'_>, args: &mut [&mut Dynamic]| call(spec, args),
                    );
                }
            }
        }
        scope.push_constant("jira", self.handle.clone());
    }
}

/// One call from a script: `args[0]` is the `jira` object, the rest its arguments.
fn call(spec: &'static MethodSpec, args: &mut [&mut Dynamic]) -> Outcome {
    let Some((first, rest)) = args.split_first_mut() else {
        return Err(invalid(spec, "called without the jira object"));
    };
    let handle = first
        .read_lock::<JiraHandle>()
        .map(|handle| handle.clone())
        .ok_or_else(|| invalid(spec, "must be called on the jira object"))?;
    let mut values = Vec::with_capacity(rest.len());
    for value in rest.iter() {
        values.push(to_json(value).map_err(|error| invalid(spec, error))?);
    }
    let invocation = Invocation::parse(spec, values).map_err(|error| jira_error(&error))?;
    if spec.touches_files && !handle.inner.allow_fs {
        return Err(error_value(
            ErrorClass::Invalid,
            format!(
                "jira.{} reads or writes local files: run jshell with --allow-fs to let scripts do that",
                spec.name
            ),
            None,
        ));
    }
    if let Action::Custom(Custom { yields, .. }) = spec.action {
        match yields {
            Yields::IssueStream => return handle.issue_stream(&invocation).map(Dynamic::from),
            Yields::ItemStream => return handle.page_stream(&invocation).map(Dynamic::from),
            Yields::Issues => return handle.search(&invocation),
            Yields::Answer => {}
        }
    }
    let answer = handle.run(|client| async move { client.invoke(invocation).await })?;
    Ok(to_rhai::into_rhai(answer))
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
            .map_err(|why| error_value(ErrorClass::Config, why.clone(), None))
    }

    /// Waits for `work`; what the script printed so far is written first, so output reaches a
    /// pipe while the script waits for Jira rather than only when it ends.
    fn block_on<F: Future>(&self, work: F) -> Result<F::Output, Box<EvalAltResult>> {
        crate::output::flush_script_output();
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

    fn run<T, F, Fut>(&self, request: F) -> Result<T, Box<EvalAltResult>>
    where
        F: FnOnce(jira::Client) -> Fut,
        Fut: Future<Output = Result<T, jira::Error>>,
    {
        let client = self.client()?;
        self.block_on(request(client))?
            .map_err(|error| jira_error(&error))
    }
}

fn invalid(spec: &MethodSpec, message: impl std::fmt::Display) -> Box<EvalAltResult> {
    error_value(
        ErrorClass::Invalid,
        format!("jira.{}: {message}", spec.name),
        None,
    )
}

/// A failed call as a catchable Rhai error: a map with `kind`, `status`, `message`, `messages`,
/// `oauth_problem` and `rate_limit`.
fn jira_error(error: &jira::Error) -> Box<EvalAltResult> {
    error_value(ErrorClass::of(error), error.to_string(), Some(error))
}

fn error_value(
    class: ErrorClass,
    message: String,
    error: Option<&jira::Error>,
) -> Box<EvalAltResult> {
    let status = error.and_then(jira::Error::status);
    let oauth_problem = error
        .and_then(jira::Error::oauth_problem)
        .map(|problem| problem.problem.clone());
    let messages: rhai::Array = error
        .map(jira::Error::messages)
        .unwrap_or_default()
        .iter()
        .cloned()
        .map(Dynamic::from)
        .collect();
    let mut map = rhai::Map::new();
    map.insert("kind".into(), class.name().into());
    map.insert(
        "status".into(),
        status.map_or(Dynamic::UNIT, |s| Dynamic::from(rhai::INT::from(s))),
    );
    map.insert("message".into(), message.into());
    map.insert(
        "oauth_problem".into(),
        oauth_problem.map_or(Dynamic::UNIT, Dynamic::from),
    );
    map.insert("messages".into(), messages.into());
    map.insert(
        "rate_limit".into(),
        error
            .and_then(jira::Error::rate_limit)
            .map_or(Dynamic::UNIT, rate_limit_map),
    );
    Box::new(EvalAltResult::ErrorRuntime(map.into(), Position::NONE))
}

/// The server's rate-limit headers as a map: `reason`, `retry_after`, `limit`, `remaining`,
/// `reset` (each `()` when not sent) and `near_limit`.
fn rate_limit_map(limit: &jira::RateLimit) -> Dynamic {
    let text = |value: &Option<String>| value.clone().map_or(Dynamic::UNIT, Dynamic::from);
    let mut map = rhai::Map::new();
    map.insert("reason".into(), text(&limit.reason));
    map.insert("retry_after".into(), text(&limit.retry_after));
    map.insert("limit".into(), text(&limit.limit));
    map.insert("remaining".into(), text(&limit.remaining));
    map.insert("reset".into(), text(&limit.reset));
    map.insert("near_limit".into(), limit.near_limit.into());
    map.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine() -> (Engine, Scope<'static>) {
        engine_reaching(Reach::Everything)
    }

    /// An engine with the `jira` plugin (no server) registering what `reach` reaches.
    fn engine_reaching(reach: Reach) -> (Engine, Scope<'static>) {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        let plugin = JiraPlugin::new(
            Err("no server".to_owned()),
            JiraContext {
                runtime: runtime.handle().clone(),
                interrupt: Interrupt::default(),
                progress: false,
                allow_fs: false,
                reach,
            },
        );
        let mut engine = Engine::new();
        let mut scope = Scope::new();
        plugin.register(&mut engine, &mut scope);
        (engine, scope)
    }

    #[test]
    fn every_table_entry_is_registered_for_every_arity_it_accepts() {
        let functions = crate::host::functions(&engine().0);
        for spec in jira::methods::all() {
            for arity in arities(spec) {
                // Raw functions show as `name(_, _)`: the `jira` object, then the arguments.
                let registered = functions.iter().any(|function| {
                    function.name == spec.name && function.usage.matches(", ").count() == arity
                });
                assert!(
                    registered,
                    "jira.{} is not callable with {arity} arguments",
                    spec.name
                );
            }
        }
    }

    #[test]
    fn a_script_s_reach_registers_only_the_methods_it_names() {
        let (engine, _) = engine_reaching(Reach::of_source("jira.server_info()"));
        let names: std::collections::BTreeSet<String> = crate::host::functions(&engine)
            .into_iter()
            .filter(|function| function.usage.starts_with(&format!("{}(_", function.name)))
            .map(|function| function.name)
            .filter(|name| jira::methods::all().any(|spec| spec.name == name))
            .collect();
        assert_eq!(names.into_iter().collect::<Vec<_>>(), ["server_info"]);
    }

    #[test]
    fn bad_input_is_a_catchable_error_naming_the_method() {
        let (engine, mut scope) = engine();
        for (script, expected) in [
            ("jira.issue(\"A-1\", [1])", "jira.issue"),
            (
                "jira.issue(\"A-1\", #{fieldz: 1})",
                "unknown option `fieldz`",
            ),
            ("jira.comments()", "jira.comments takes 1"),
            (
                "jira.add_comment(\"A-1\", [1])",
                "jira.add_comment: `body` must be a string",
            ),
            (
                "jira.add_attachment(\"A-1\", \"/etc/hostname\")",
                "--allow-fs",
            ),
        ] {
            let error = engine
                .eval_with_scope::<Dynamic>(
                    &mut scope,
                    &format!(
                        "let caught = (); try {{ {script}; }} catch (e) {{ caught = e; }} caught"
                    ),
                )
                .expect("the error is caught");
            let map = error
                .read_lock::<rhai::Map>()
                .unwrap_or_else(|| panic!("{script}: {error}"));
            let message = map
                .get("message")
                .map(ToString::to_string)
                .unwrap_or_default();
            assert!(message.contains(expected), "{script}: {message}");
            assert_eq!(
                map.get("kind").map(ToString::to_string).as_deref(),
                Some("invalid"),
                "{script}"
            );
        }
    }
}
