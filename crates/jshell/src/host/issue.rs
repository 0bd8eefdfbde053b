//! `Issue`: an issue a search found, as scripts see it. It reads like a map (`issue.key`,
//! `issue.fields.summary`, `issue["id"]`, `keys`, `in`, `==`), and `issue.raw` is the map
//! itself, as in python-jira. Underneath it keeps the server's JSON text until the script looks
//! inside: an export that writes issues back out (`print(json::to_string(issue))`) never
//! builds a map for them and writes each one as the server sent it. The first read builds the
//! map once; the first change drops the text, so what is written is always what the script
//! sees.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use rhai::{Array, Dynamic, Engine, EvalAltResult, Map};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::host::convert::{issue_json_text, map_to_json, text_into_rhai};
use crate::host::plugins::script_error;

/// What scripts call the type (`type_of(issue)`).
pub const TYPE_NAME: &str = "Issue";

/// One issue of a search page as JSON text, checked on the runtime when its page arrived, with
/// its identity for the search's de-duplication.
#[derive(Debug)]
pub struct IssueText {
    text: Arc<str>,
    /// Where in `text` the identity is.
    identity: Option<Range<usize>>,
}

impl IssueText {
    /// For [`jira::Client::prefetched_pages_decoded`]: keeps one issue's JSON text and notes
    /// its identity ([`jira::issue_identity`]).
    pub fn decode(issue: &RawValue) -> Result<Self, String> {
        Ok(Self {
            identity: jira::issue_identity(issue),
            text: issue.get().into(),
        })
    }

    pub fn identity(&self) -> Option<Cow<'_, str>> {
        let range = self.identity.clone()?;
        self.text.get(range).map(Cow::Borrowed)
    }
}

/// The script's value for one issue.
#[derive(Clone)]
pub struct Issue {
    state: State,
}

#[derive(Clone)]
enum State {
    /// As the server sent it; nobody has looked inside yet.
    Text(Arc<str>),
    /// Read: the map, built once, and the text it came from, which still says the same.
    Read { text: Arc<str>, map: Map },
    /// Changed by the script: only the map says what the issue holds.
    Changed(Map),
}

/// What an issue is as JSON right now.
pub enum Contents<'a> {
    /// The server's JSON text, unchanged.
    Text(&'a str),
    /// The map the script changed.
    Map(&'a Map),
}

impl From<IssueText> for Issue {
    fn from(issue: IssueText) -> Self {
        Self {
            state: State::Text(issue.text),
        }
    }
}

impl Issue {
    pub fn contents(&self) -> Contents<'_> {
        match &self.state {
            State::Text(text) | State::Read { text, .. } => Contents::Text(text),
            State::Changed(map) => Contents::Map(map),
        }
    }

    /// The issue as JSON.
    pub fn to_json(&self) -> Result<Value, Box<EvalAltResult>> {
        match &self.state {
            State::Text(text) => serde_json::from_str(text).map_err(unreadable),
            State::Read { map, .. } | State::Changed(map) => map_to_json(map),
        }
    }

    /// The issue as a map, built from the text the first time.
    fn map(&mut self) -> Result<&mut Map, Box<EvalAltResult>> {
        if let State::Text(text) = &self.state {
            let map = text_into_rhai(text)
                .map_err(unreadable)?
                .try_cast::<Map>()
                .ok_or_else(|| {
                    script_error("an issue of the search answer is not a JSON object")
                })?;
            self.state = State::Read {
                text: text.clone(),
                map,
            };
        }
        match &mut self.state {
            State::Read { map, .. } | State::Changed(map) => Ok(map),
            State::Text(_) => Err(script_error("an issue could not be read")),
        }
    }

    /// The map, for a change: from now on only the map says what the issue holds.
    fn map_to_change(&mut self) -> Result<&mut Map, Box<EvalAltResult>> {
        let map = std::mem::take(self.map()?);
        self.state = State::Changed(map);
        self.map()
    }

    fn get(&mut self, name: &str) -> Result<Dynamic, Box<EvalAltResult>> {
        Ok(self.map()?.get(name).cloned().unwrap_or(Dynamic::UNIT))
    }

    fn describe(&mut self) -> Result<String, Box<EvalAltResult>> {
        Ok(Dynamic::from_map(self.map()?.clone()).to_string())
    }
}

fn unreadable(error: serde_json::Error) -> Box<EvalAltResult> {
    script_error(format!(
        "an issue of the search answer cannot be read: {error}"
    ))
}

type Fallible<T> = Result<T, Box<EvalAltResult>>;

/// Registers the type and what makes it read like a map.
pub fn register(engine: &mut Engine) {
    engine.register_type_with_name::<Issue>(TYPE_NAME);
    // An indexer taking a name is also what `issue.key` falls back to.
    engine.register_indexer_get(|issue: &mut Issue, name: &str| issue.get(name));
    engine.register_indexer_set(
        |issue: &mut Issue, name: &str, value: Dynamic| -> Fallible<()> {
            issue.map_to_change()?.insert(name.into(), value);
            Ok(())
        },
    );
    engine.register_get("raw", |issue: &mut Issue| -> Fallible<Map> {
        Ok(issue.map()?.clone())
    });
    engine.register_fn("keys", |issue: &mut Issue| -> Fallible<Array> {
        Ok(issue
            .map()?
            .keys()
            .map(|name| name.as_str().into())
            .collect())
    });
    engine.register_fn("values", |issue: &mut Issue| -> Fallible<Array> {
        Ok(issue.map()?.values().cloned().collect())
    });
    engine.register_fn("len", |issue: &mut Issue| -> Fallible<rhai::INT> {
        Ok(issue.map()?.len() as rhai::INT)
    });
    engine.register_fn("is_empty", |issue: &mut Issue| -> Fallible<bool> {
        Ok(issue.map()?.is_empty())
    });
    // `"key" in issue` calls `contains`.
    engine.register_fn(
        "contains",
        |issue: &mut Issue, name: &str| -> Fallible<bool> { Ok(issue.map()?.contains_key(name)) },
    );
    engine.register_fn(
        "remove",
        |issue: &mut Issue, name: &str| -> Fallible<Dynamic> {
            Ok(issue.map_to_change()?.remove(name).unwrap_or(Dynamic::UNIT))
        },
    );
    engine.register_fn("to_json", |issue: &mut Issue| -> Fallible<String> {
        issue_json_text(issue).map_err(|error| script_error(format!("to_json: {error}")))
    });
    engine.register_fn("to_string", Issue::describe);
    engine.register_fn("to_debug", Issue::describe);
    register_equality(engine);
}

fn register_equality(engine: &mut Engine) {
    fn same(left: Fallible<Value>, right: Fallible<Value>) -> Fallible<bool> {
        Ok(left? == right?)
    }
    engine.register_fn("==", |a: &mut Issue, b: Issue| {
        same(a.to_json(), b.to_json())
    });
    engine.register_fn("!=", |a: &mut Issue, b: Issue| {
        same(a.to_json(), b.to_json()).map(|equal| !equal)
    });
    engine.register_fn("==", |a: &mut Issue, b: Map| {
        same(a.to_json(), map_to_json(&b))
    });
    engine.register_fn("!=", |a: &mut Issue, b: Map| {
        same(a.to_json(), map_to_json(&b)).map(|equal| !equal)
    });
    engine.register_fn("==", |a: &mut Map, b: Issue| {
        same(map_to_json(a), b.to_json())
    });
    engine.register_fn("!=", |a: &mut Map, b: Issue| {
        same(map_to_json(a), b.to_json()).map(|equal| !equal)
    });
}

#[cfg(test)]
mod tests {
    use rhai::{Engine, Scope};

    use super::*;
    use crate::host::Plugin as _;
    use crate::host::plugins::JsonPlugin;

    /// `text` as a search page's issue.
    fn decoded(text: &str) -> IssueText {
        let issue: Box<RawValue> = serde_json::from_str(text).expect("one JSON value");
        IssueText::decode(&issue).expect("any JSON value")
    }

    /// Runs `script` with `issue` holding an issue made of `text`.
    fn run(text: &str, script: &str) -> Dynamic {
        let mut engine = Engine::new();
        let mut scope = Scope::new();
        register(&mut engine);
        JsonPlugin.register(&mut engine, &mut scope);
        let issue = Issue::from(decoded(text));
        scope.push("issue", issue);
        engine
            .eval_with_scope::<Dynamic>(&mut scope, script)
            .unwrap_or_else(|error| panic!("{script}: {error}"))
    }

    fn text_of(value: Dynamic) -> String {
        value.into_string().expect("a string")
    }

    const TEXT: &str =
        r#"{ "key": "A-1", "id": "10001", "fields": {"summary": "caf\u00e9", "votes": 1.0e1} }"#;

    #[test]
    fn an_unchanged_issue_is_written_exactly_as_the_server_sent_it() {
        assert_eq!(text_of(run(TEXT, "json::to_string(issue)")), TEXT);
        assert_eq!(
            text_of(run(TEXT, "json::to_string([issue])")),
            format!("[{TEXT}]")
        );
        assert_eq!(
            text_of(run(TEXT, "issue.fields.summary; json::to_string(issue)")),
            TEXT,
            "reading does not change what is written"
        );
    }

    #[test]
    fn a_changed_issue_is_written_as_the_script_sees_it() {
        let written = text_of(run(
            TEXT,
            r#"issue.fields.summary = "new"; json::to_string(issue)"#,
        ));
        let json: Value = serde_json::from_str(&written).expect("JSON");
        assert_eq!(json["fields"]["summary"], "new");
        assert_eq!(json["key"], "A-1");
        assert_eq!(json["fields"]["votes"], 10.0);
        let removed = text_of(run(TEXT, r#"issue.remove("id"); json::to_string(issue)"#));
        assert!(!removed.contains("10001"), "{removed}");
        let set = text_of(run(TEXT, r#"issue["extra"] = 1; issue.to_json()"#));
        assert!(set.contains(r#""extra":1"#), "{set}");
    }

    #[test]
    fn an_issue_reads_like_a_map() {
        assert_eq!(text_of(run(TEXT, "type_of(issue)")), TYPE_NAME);
        assert_eq!(text_of(run(TEXT, "issue.key")), "A-1");
        assert_eq!(text_of(run(TEXT, r#"issue["id"]"#)), "10001");
        assert_eq!(text_of(run(TEXT, "issue.fields.summary")), "café");
        assert_eq!(
            text_of(run(TEXT, "issue.fields?.nothing ?? \"none\"")),
            "none"
        );
        assert!(run(TEXT, "issue.nothing").is_unit());
        assert!(run(TEXT, r#""fields" in issue"#).as_bool().expect("bool"));
        assert!(!run(TEXT, r#""nothing" in issue"#).as_bool().expect("bool"));
        assert_eq!(run(TEXT, "issue.len()").as_int().expect("int"), 3);
        assert_eq!(
            text_of(run(
                TEXT,
                r#"issue.keys().sort(); issue.keys().reduce(|a, k| a + k, "")"#
            )),
            "fieldsidkey"
        );
        assert_eq!(text_of(run(TEXT, "type_of(issue.raw)")), "map");
        assert!(
            run(
                TEXT,
                "issue == issue.raw && issue.raw == issue && issue == issue"
            )
            .as_bool()
            .expect("bool")
        );
        assert!(
            run(
                TEXT,
                r#"let other = issue; other.key = "B-2"; other != issue"#
            )
            .as_bool()
            .expect("bool")
        );
        let shown = text_of(run(TEXT, "`${issue}`"));
        assert!(
            shown.starts_with("#{") && shown.contains("\"A-1\""),
            "{shown}"
        );
    }

    #[test]
    fn a_copy_changes_alone() {
        let summary = run(
            TEXT,
            r#"let copy = issue; copy.fields.summary = "x"; [issue.fields.summary, copy.fields.summary]"#,
        );
        let summaries: Vec<String> = summary
            .into_array()
            .expect("an array")
            .into_iter()
            .map(text_of)
            .collect();
        assert_eq!(summaries, ["café", "x"]);
    }

    #[test]
    fn pretty_and_to_json_agree_with_the_map() {
        let pretty = text_of(run(TEXT, "json::pretty(issue)"));
        let from_pretty: Value = serde_json::from_str(&pretty).expect("JSON");
        let from_text: Value = serde_json::from_str(TEXT).expect("JSON");
        assert_eq!(from_pretty, from_text);
        assert!(pretty.contains('\n'));
    }

    #[test]
    fn decoding_keeps_the_text_and_notes_the_identity() {
        let issue = decoded(r#"{"expand":"names","id":"10001","key":"A-1"}"#);
        assert_eq!(issue.identity().as_deref(), Some("\"10001\""));
        let written = Issue::from(issue).to_json().expect("an object");
        assert_eq!(
            written,
            serde_json::json!({"expand": "names", "id": "10001", "key": "A-1"})
        );
        assert_eq!(
            decoded(r#"{"key":"A-1"}"#).identity().as_deref(),
            Some("\"A-1\"")
        );
        assert_eq!(decoded(r#"["id"]"#).identity(), None);
    }

    #[test]
    fn an_issue_that_is_not_an_object_is_a_script_error() {
        let mut engine = Engine::new();
        register(&mut engine);
        let mut scope = Scope::new();
        scope.push("issue", Issue::from(decoded("[1]")));
        let error = engine
            .eval_with_scope::<Dynamic>(&mut scope, "issue.key")
            .expect_err("not an object");
        assert!(error.to_string().contains("not a JSON object"), "{error}");
    }
}
