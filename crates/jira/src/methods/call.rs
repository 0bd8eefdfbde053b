//! One call of a table method: its arguments checked against the entry (errors name the
//! method), the request built from the entry's data, sent, paged and shaped.

use serde_json::{Map, Value};

use super::spec::{Action, Kind, MethodSpec, Opt, Paging, Param, Rest, Server, Shape, Target};
use crate::client::{Client, Deployment};
use crate::error::Repr;
use crate::request::{ApiRequest, RawAnswer};
use crate::{Error, pages};

/// The option every paged method takes: stop after this many items.
pub const MAX_RESULTS: Opt = Opt::handler("max_results", Kind::Int);

/// What a method returns.
#[derive(Clone, Debug)]
pub enum Answer {
    /// Jira's JSON (or a part of it).
    Json(Value),
    /// Nothing worth returning (204 No Content).
    Unit,
    /// Bytes that are not JSON (an attachment's content).
    Bytes(bytes::Bytes),
    /// A whole answer: status, headers and body.
    Raw(RawAnswer),
}

impl Answer {
    /// The JSON, `null` for nothing; bytes and raw answers are not JSON.
    pub fn into_json(self) -> Option<Value> {
        match self {
            Answer::Json(value) => Some(value),
            Answer::Unit => Some(Value::Null),
            Answer::Bytes(_) | Answer::Raw(_) => None,
        }
    }
}

/// A method with its arguments, checked.
#[derive(Clone, Debug)]
pub struct Invocation {
    spec: &'static MethodSpec,
    args: Vec<Value>,
    options: Map<String, Value>,
}

impl Invocation {
    /// Checks `values` (the positional arguments, then optionally an options map) against
    /// `spec`: their number, their kinds, the option keys. As in Python, a parameter may be
    /// given by name in the options map instead of by position, but not both ways.
    pub fn parse(spec: &'static MethodSpec, mut values: Vec<Value>) -> Result<Self, Error> {
        let mut options = match split_options(spec, &values) {
            true => match values.pop() {
                Some(Value::Object(options)) => options,
                _ => Map::new(),
            },
            false => Map::new(),
        };
        take_named_parameters(spec, &mut values, &mut options)?;
        if values.len() < spec.required() || values.len() > spec.params.len() {
            return Err(arity_error(spec, values.len()));
        }
        let mut args = Vec::with_capacity(spec.params.len());
        for (index, param) in spec.params.iter().enumerate() {
            let value = values.get(index).cloned().unwrap_or(Value::Null);
            args.push(check_param(spec, param, value)?);
        }
        let mut checked = Map::new();
        for (key, value) in options {
            let Some(option) = allowed_options(spec).find(|option| option.key == key) else {
                return Err(unknown_option(spec, &key));
            };
            if !value.is_null() {
                let value = convert(option.kind, value)
                    .map_err(|found| kind_error(spec, option.key, option.kind, &found))?;
                checked.insert(key, value);
            }
        }
        Ok(Self {
            spec,
            args,
            options: checked,
        })
    }

    /// The method called.
    pub fn spec(&self) -> &'static MethodSpec {
        self.spec
    }

    /// A positional argument by name (`null` when an optional one was left out).
    pub fn arg(&self, name: &str) -> &Value {
        self.spec
            .params
            .iter()
            .position(|param| param.name == name)
            .and_then(|index| self.args.get(index))
            .unwrap_or(&Value::Null)
    }

    /// A positional argument as text (`""` when absent).
    pub fn text(&self, name: &str) -> String {
        value_text(self.arg(name))
    }

    /// An option, when given.
    pub fn option(&self, key: &str) -> Option<&Value> {
        self.options.get(key)
    }

    /// An option as text, when given.
    pub fn option_text(&self, key: &str) -> Option<String> {
        self.option(key).map(value_text)
    }

    /// The `max_results` limit, when given.
    pub fn limit(&self) -> Option<usize> {
        self.option(MAX_RESULTS.key)
            .and_then(Value::as_u64)
            .map(|limit| usize::try_from(limit).unwrap_or(usize::MAX))
    }

    /// An error about this call's input, naming the method.
    pub fn invalid(&self, message: impl std::fmt::Display) -> Error {
        Error::from(Repr::Invalid(format!("jira.{}: {message}", self.spec.name)))
    }
}

/// The options a method accepts: its own, and `max_results` when it pages.
pub fn allowed_options(spec: &MethodSpec) -> impl Iterator<Item = &Opt> {
    let paged = matches!(spec.action, Action::Rest(rest) if rest.paging != Paging::None);
    spec.options.iter().chain(paged.then_some(&MAX_RESULTS))
}

/// Whether the last value is the options map rather than a positional argument.
fn split_options(spec: &MethodSpec, values: &[Value]) -> bool {
    let Some(Value::Object(_)) = values.last() else {
        return false;
    };
    if values.len() > spec.params.len() {
        return true;
    }
    // A map where a parameter that takes maps stands is that parameter; anywhere else it is
    // the options map, which may also name parameters (`#{timeSpent: "1h"}`).
    spec.params
        .get(values.len() - 1)
        .is_none_or(|param| !matches!(param.kind, Kind::Map | Kind::Any))
}

/// Moves the parameters the options map names (python-jira's keyword arguments) to their
/// positions; a parameter given both ways is an error naming it.
fn take_named_parameters(
    spec: &MethodSpec,
    values: &mut Vec<Value>,
    options: &mut Map<String, Value>,
) -> Result<(), Error> {
    for (index, param) in spec.params.iter().enumerate() {
        let Some(named) = options.remove(param.name) else {
            continue;
        };
        if values.get(index).is_some_and(|value| !value.is_null()) {
            return Err(Error::from(Repr::Invalid(format!(
                "jira.{}: `{}` was given twice, as argument {} and in the options map; give it once (usage: {})",
                spec.name,
                param.name,
                index + 1,
                spec.usage()
            ))));
        }
        if values.len() <= index {
            values.resize(index + 1, Value::Null);
        }
        values[index] = named;
    }
    Ok(())
}

fn check_param(spec: &MethodSpec, param: &Param, value: Value) -> Result<Value, Error> {
    if value.is_null() {
        if param.required && param.kind != Kind::User {
            return Err(Error::from(Repr::Invalid(format!(
                "jira.{}: `{}` must be {}, not ()",
                spec.name,
                param.name,
                param.kind.describe()
            ))));
        }
        return Ok(Value::Null);
    }
    convert(param.kind, value).map_err(|found| kind_error(spec, param.name, param.kind, &found))
}

/// `value` as `kind` wants it, or the value back when it cannot be.
fn convert(kind: Kind, value: Value) -> Result<Value, Value> {
    match (kind, value) {
        (Kind::Any, value) => Ok(value),
        (Kind::Text | Kind::User, Value::String(text)) => Ok(Value::String(text)),
        (Kind::Text | Kind::User, Value::Number(number)) => Ok(Value::String(number.to_string())),
        (Kind::Int, Value::Number(number)) if number.is_i64() => Ok(Value::Number(number)),
        (Kind::Int, Value::String(text)) => match text.trim().parse::<i64>() {
            Ok(number) => Ok(Value::from(number)),
            Err(_) => Err(Value::String(text)),
        },
        (Kind::Bool, Value::Bool(flag)) => Ok(Value::Bool(flag)),
        (Kind::Map, Value::Object(map)) => Ok(Value::Object(map)),
        (Kind::List, Value::String(text)) => Ok(Value::Array(
            text.split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(|item| Value::String(item.to_owned()))
                .collect(),
        )),
        (Kind::List, Value::Array(items)) => {
            let mut names = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Value::String(text) => names.push(Value::String(text)),
                    Value::Number(number) => names.push(Value::String(number.to_string())),
                    other => return Err(Value::Array(vec![other])),
                }
            }
            Ok(Value::Array(names))
        }
        (_, value) => Err(value),
    }
}

fn kind_error(spec: &MethodSpec, name: &str, kind: Kind, found: &Value) -> Error {
    Error::from(Repr::Invalid(format!(
        "jira.{}: `{name}` must be {}, not {}",
        spec.name,
        kind.describe(),
        describe_value(found)
    )))
}

fn describe_value(value: &Value) -> &'static str {
    match value {
        Value::Null => "()",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array (or an array holding something other than strings)",
        Value::Object(_) => "a map",
    }
}

fn arity_error(spec: &MethodSpec, given: usize) -> Error {
    let names: Vec<&str> = spec.params.iter().map(|param| param.name).collect();
    let takes = match (spec.required(), spec.params.len()) {
        (0, 0) => "no arguments".to_owned(),
        (1, 1) => format!("1 argument ({})", names.join(", ")),
        (required, all) if required == all => format!("{all} arguments ({})", names.join(", ")),
        (required, all) => format!("{required} to {all} arguments ({})", names.join(", ")),
    };
    let options = if spec.options.is_empty() {
        ""
    } else {
        " and an options map"
    };
    Error::from(Repr::Invalid(format!(
        "jira.{} takes {takes}{options}, but {given} {} given; usage: {}",
        spec.name,
        if given == 1 { "was" } else { "were" },
        spec.usage()
    )))
}

fn unknown_option(spec: &MethodSpec, key: &str) -> Error {
    let keys: Vec<&str> = allowed_options(spec).map(|option| option.key).collect();
    Error::from(Repr::Invalid(format!(
        "jira.{}: unknown option `{key}`; {}",
        spec.name,
        if keys.is_empty() {
            "it takes no options".to_owned()
        } else {
            format!("the options are {}", keys.join(", "))
        }
    )))
}

/// Text for a URL or a message: strings as they are, other values as JSON.
pub(crate) fn value_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// One path segment, percent-encoded so that a value can never change the path.
pub(crate) fn segment(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value.trim(), SEGMENT).to_string()
}

/// Everything but RFC 3986's unreserved characters.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

impl Client {
    /// Calls the table method `invocation` names.
    ///
    /// In a dry run, a call that held a write back answers the last write it held
    /// ([`HeldWrite::answer`](crate::HeldWrite::answer)), whatever its entry would have made
    /// of the server's answer, even when that fails on an answer the server never gave.
    pub async fn invoke(&self, invocation: Invocation) -> Result<Answer, Error> {
        let name = invocation.spec.name;
        self.check_availability(invocation.spec).await?;
        let (held_before, _) = self.last_held();
        let answer = match invocation.spec.action {
            Action::Rest(rest) => self.invoke_rest(rest, &invocation).await,
            Action::Custom(custom) => (custom.run)(self, invocation).await,
        };
        // What a method makes of a held write's answer (an issue key to fetch, an id to
        // follow) would be made of a request that was never sent: the held write is the answer.
        match self.last_held() {
            (held, Some(last)) if held > held_before => Ok(Answer::Json(last.answer())),
            _ => answer.map_err(|error| error.refused_in(name)),
        }
    }

    /// Calls the method `name` with positional `args` (an options map last, if any).
    pub async fn call(&self, name: &str, args: Vec<Value>) -> Result<Answer, Error> {
        let spec = super::find(name)
            .ok_or_else(|| Error::from(Repr::Invalid(format!("jira has no method `{name}`"))))?;
        self.invoke(Invocation::parse(spec, args)?).await
    }

    /// [`Client::call`]'s JSON answer (`null` for nothing): what a method's own code asks of
    /// another method, so that no path the table holds is written twice.
    pub async fn call_json(&self, name: &str, args: Vec<Value>) -> Result<Value, Error> {
        let answer = self.call(name, args).await?;
        answer.into_json().ok_or_else(|| {
            Error::from(crate::error::Repr::Invalid(format!(
                "jira.{name} answered bytes, not JSON"
            )))
        })
    }

    /// Refuses, before anything is sent, a method the connected server cannot answer. Only
    /// entries that do not work everywhere ask which server this is; when `serverInfo` cannot
    /// be read the call goes ahead and the server answers for itself.
    async fn check_availability(&self, spec: &MethodSpec) -> Result<(), Error> {
        let availability = spec.availability;
        if availability.is_everywhere() {
            return Ok(());
        }
        let Ok(server) = self.server().await else {
            return Ok(());
        };
        if availability.works_on(&server) != Some(false) {
            return Ok(());
        }
        Err(unavailable(spec, &server))
    }

    async fn invoke_rest(&self, rest: Rest, invocation: &Invocation) -> Result<Answer, Error> {
        let deployment = if uses_users(invocation.spec) || rest.on_cloud.is_some() {
            Some(self.deployment().await?)
        } else {
            None
        };
        let rest = rest.for_cloud(deployment == Some(Deployment::Cloud));
        let request = build_request(rest, invocation, deployment)?;
        let answer = if rest.paging == Paging::None {
            self.send_json(&request).await?
        } else {
            Value::Array(pages::collect(self, &request, rest.paging, invocation.limit()).await?)
        };
        Ok(match rest.shape {
            Shape::Json => Answer::Json(answer),
            Shape::Field(field) => Answer::Json(answer.get(field).cloned().unwrap_or(Value::Null)),
            Shape::Unit => Answer::Unit,
        })
    }
}

/// The error for a method `server` does not have: the method, the server, where it works, why,
/// and what to use instead.
pub(crate) fn unavailable(spec: &MethodSpec, server: &Server) -> Error {
    let availability = spec.availability;
    let mut message = format!(
        "jira.{} does not work on {server}: it is {}",
        spec.name,
        availability.describe()
    );
    if !availability.reason.is_empty() {
        message.push_str(&format!(" ({})", availability.reason.trim_end_matches('.')));
    }
    message.push_str(&match availability.instead {
        "" => "; there is no replacement on this server".to_owned(),
        instead => format!("; use {instead} instead"),
    });
    Error::from(Repr::Invalid(message))
}

fn uses_users(spec: &MethodSpec) -> bool {
    let targets = spec
        .params
        .iter()
        .map(|param| param.target)
        .chain(spec.options.iter().map(|option| option.target));
    targets.into_iter().any(|target| {
        matches!(
            target,
            Target::UserQuery
                | Target::UserBody(_)
                | Target::QueryPer { .. }
                | Target::BodyPer { .. }
        )
    })
}

/// The request a REST entry and its arguments make.
pub(crate) fn build_request(
    rest: Rest,
    invocation: &Invocation,
    deployment: Option<Deployment>,
) -> Result<ApiRequest, Error> {
    let spec = invocation.spec;
    let params = spec
        .params
        .iter()
        .map(|param| (param.name, param.target, invocation.arg(param.name)));
    let options = spec.options.iter().filter_map(|option| {
        invocation
            .option(option.key)
            .map(|value| (option.key, option.target, value))
    });
    let mut parts = RequestParts {
        path: rest.path.to_owned(),
        query: Vec::new(),
        body: None,
        cloud: deployment == Some(Deployment::Cloud),
    };
    for (name, target, value) in params.chain(options) {
        if value.is_null() && !matches!(target, Target::UserBody(_) | Target::Path) {
            continue;
        }
        parts.place(name, target, value);
    }
    if rest.always_body && parts.body.is_none() {
        parts.body = Some(empty_object());
    }
    let RequestParts {
        path, query, body, ..
    } = parts;
    if path.contains('{') {
        return Err(invocation.invalid(format!("the path `{path}` still has a placeholder")));
    }
    let mut request = ApiRequest::new(rest.verb.method(), path).queries(query);
    if let Some(body) = body {
        request = request.json(body);
    }
    Ok(request)
}

/// A request being built from a call's arguments.
struct RequestParts {
    path: String,
    query: Vec<(String, String)>,
    body: Option<Value>,
    /// Whether the server is Cloud, where users go by account id.
    cloud: bool,
}

impl RequestParts {
    /// Puts the argument `name`'s `value` where its `target` says.
    fn place(&mut self, name: &str, target: Target, value: &Value) {
        match target {
            Target::Path => {
                self.path = self
                    .path
                    .replace(&format!("{{{name}}}"), &segment(&value_text(value)));
            }
            Target::Query(parameter) => self.query(parameter, value),
            Target::UserQuery => {
                self.query(if self.cloud { "accountId" } else { "username" }, value);
            }
            Target::QueryPer { server, cloud } => {
                self.query(if self.cloud { cloud } else { server }, value);
            }
            Target::Body(field) => self.field(field, value),
            Target::BodyPer { server, cloud } => {
                self.field(if self.cloud { cloud } else { server }, value);
            }
            Target::UserBody(field) => {
                let key = if self.cloud { "accountId" } else { "name" };
                let user = serde_json::json!({ key: value });
                match field {
                    "" => self.body = Some(user),
                    field => self.field(field, &user),
                }
            }
            Target::WholeBody => self.body = Some(value.clone()),
            Target::Handler => {}
        }
    }

    fn query(&mut self, parameter: &str, value: &Value) {
        self.query.push((parameter.to_owned(), value_text(value)));
    }

    fn field(&mut self, field: &str, value: &Value) {
        set_field(self.body.get_or_insert_with(empty_object), field, value);
    }
}

fn empty_object() -> Value {
    Value::Object(Map::new())
}

/// Sets `value` at `field` of `body`, dots nesting (`type.name`).
pub(crate) fn set_field(body: &mut Value, field: &str, value: &Value) {
    let mut place = body;
    let mut names = field.split('.').peekable();
    while let Some(name) = names.next() {
        let Value::Object(object) = place else {
            return;
        };
        if names.peek().is_none() {
            object.insert(name.to_owned(), value.clone());
            return;
        }
        place = object.entry(name.to_owned()).or_insert_with(empty_object);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::methods::find;
    use crate::server::Version;

    fn parse(name: &str, values: Vec<Value>) -> Result<Invocation, Error> {
        Invocation::parse(find(name).expect("declared"), values)
    }

    #[test]
    fn a_parameter_may_be_given_by_name_in_the_options_map() {
        let call = parse(
            "add_worklog",
            vec![
                json!("ABC-1"),
                json!({"timeSpent": "1h", "comment": "done"}),
            ],
        )
        .expect("timeSpent by name");
        assert_eq!(call.text("timeSpent"), "1h");
        assert_eq!(call.option_text("comment").as_deref(), Some("done"));
        let all_by_name = parse(
            "add_worklog",
            vec![json!({"issue": "ABC-2", "timeSpent": "2h"})],
        )
        .expect("every parameter by name");
        assert_eq!(
            (all_by_name.text("issue"), all_by_name.text("timeSpent")),
            ("ABC-2".to_owned(), "2h".to_owned())
        );
    }

    #[test]
    fn a_parameter_given_both_ways_is_an_error_naming_it() {
        let error = parse(
            "add_worklog",
            vec![json!("ABC-1"), json!("1h"), json!({"timeSpent": "2h"})],
        )
        .expect_err("given twice");
        let message = error.to_string();
        assert!(
            message.contains("jira.add_worklog") && message.contains("`timeSpent` was given twice"),
            "{message}"
        );
        let unknown = parse(
            "add_worklog",
            vec![json!("ABC-1"), json!({"timespent": "1h"})],
        )
        .expect_err("not a parameter's name");
        assert!(
            unknown.to_string().contains("unknown option `timespent`"),
            "{unknown}"
        );
        let missing = parse("add_worklog", vec![json!({"timeSpent": "1h"})]).expect_err("no issue");
        assert!(missing.to_string().contains("`issue`"), "{missing}");
    }

    #[test]
    fn user_searches_and_leads_are_named_per_deployment() {
        let search = parse("search_users", vec![json!("ali")]).expect("valid");
        let Action::Rest(rest) = search.spec.action else {
            panic!("a REST entry")
        };
        let on_cloud = build_request(rest, &search, Some(Deployment::Cloud)).expect("builds");
        let on_server = build_request(rest, &search, Some(Deployment::Server)).expect("builds");
        assert!(
            on_cloud
                .query
                .iter()
                .any(|(name, value)| name == "query" && value == "ali")
        );
        assert!(!on_cloud.query.iter().any(|(name, _)| name == "username"));
        assert!(
            on_server
                .query
                .iter()
                .any(|(name, value)| name == "username" && value == "ali")
        );

        let component = parse(
            "create_component",
            vec![
                json!("API"),
                json!("ABC"),
                json!({"leadUserName": "557058:abc"}),
            ],
        )
        .expect("valid");
        let Action::Rest(rest) = component.spec.action else {
            panic!("a REST entry")
        };
        let body = |deployment| match build_request(rest, &component, Some(deployment))
            .expect("builds")
            .payload
        {
            crate::request::Payload::Json(body) => Some(body),
            _ => None,
        };
        assert_eq!(
            body(Deployment::Cloud).and_then(|body| body.get("leadAccountId").cloned()),
            Some(json!("557058:abc"))
        );
        assert_eq!(
            body(Deployment::Server).and_then(|body| body.get("leadUserName").cloned()),
            Some(json!("557058:abc"))
        );
    }

    #[test]
    fn a_method_the_server_lacks_is_refused_with_what_to_use_instead() {
        let group = find("group").expect("declared");
        let dc10 = Server {
            deployment: Deployment::Server,
            version: Some(Version::new(10, 3)),
        };
        let dc8 = Server {
            deployment: Deployment::Server,
            version: Some(Version::new(8, 20)),
        };
        let unknown = Server {
            deployment: Deployment::Server,
            version: None,
        };
        let cloud = Server {
            deployment: Deployment::Cloud,
            version: None,
        };
        assert_eq!(group.availability.works_on(&dc10), Some(false));
        assert_eq!(group.availability.works_on(&dc8), Some(true));
        assert_eq!(
            group.availability.works_on(&unknown),
            None,
            "an unknown version is not guessed"
        );
        assert_eq!(group.availability.works_on(&cloud), Some(true));
        let message = unavailable(group, &dc10).to_string();
        for part in [
            "jira.group",
            "Jira Data Center 10.3.0",
            "before 9.0",
            "jira.group_members",
        ] {
            assert!(message.contains(part), "{part} missing from: {message}");
        }
        let session = find("session").expect("declared");
        assert_eq!(session.availability.works_on(&cloud), Some(false));
        let message = unavailable(session, &cloud).to_string();
        assert!(
            message.contains("Jira Cloud") && message.contains("personal access token"),
            "{message}"
        );
        assert!(
            find("myself")
                .expect("declared")
                .availability
                .is_everywhere()
        );
    }
}
