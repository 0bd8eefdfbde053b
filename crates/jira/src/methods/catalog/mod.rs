//! The table of methods, one file per part of Jira. Adding a method is adding an entry to its
//! part's file; a method that is more than one request described by data has its function
//! beside its entry (`custom!(function)`), and nothing else names it.

mod agile;
mod attachments;
mod comments_and_worklogs;
mod issues;
mod links;
mod people;
mod projects;
mod raw;
mod search;
mod site;

pub use raw::page_request;
pub use search::search_options;

use serde_json::Value;

use super::spec::{Action, Kind, MethodSpec, Opt, Param, Part, Rest, Site, Target, Waiver};
use super::{Answer, Invocation};
use crate::Error;

/// Every part of the table.
pub(super) const PARTS: [&[MethodSpec]; 10] = [
    site::METHODS,
    search::METHODS,
    raw::METHODS,
    issues::METHODS,
    comments_and_worklogs::METHODS,
    attachments::METHODS,
    links::METHODS,
    people::METHODS,
    projects::METHODS,
    agile::METHODS,
];

/// Declares one method: name, area, doc, parameters, options, action, then any other field.
macro_rules! method {
    ($name:literal, $area:ident, $doc:expr, [$($param:expr),* $(,)?], [$($opt:expr),* $(,)?],
     $action:expr $(, $field:ident: $value:expr)* $(,)?) => {
        crate::methods::spec::MethodSpec {
            name: $name,
            area: crate::methods::spec::Area::$area,
            doc: $doc,
            params: &[$($param),*],
            options: &[$($opt),*],
            action: $action,
            $($field: $value,)*
            ..crate::methods::spec::MethodSpec::DEFAULT
        }
    };
}
pub(crate) use method;

/// One request described by data.
pub(super) const fn rest(rest: Rest) -> Action {
    Action::Rest(rest)
}

/// Code of its own: `custom!(function)` or `custom!(function, Yields)`, where `function` is an
/// `async fn(&Client, &Invocation) -> Outcome` beside the entry.
macro_rules! custom {
    ($function:path) => {
        custom!($function, Answer)
    };
    ($function:path, $yields:ident) => {
        crate::methods::spec::Action::Custom(crate::methods::spec::Custom {
            run: |client, call| Box::pin(async move { $function(client, &call).await }),
            yields: crate::methods::spec::Yields::$yields,
        })
    };
}
pub(crate) use custom;

/// What a custom method's function returns.
pub(super) type Outcome = Result<Answer, Error>;

/// A JSON answer.
pub(super) fn json(value: Value) -> Outcome {
    Ok(Answer::Json(value))
}

/// The item of `list` whose `key` equals `wanted` (any case), or an error listing them.
pub(super) fn find_named(
    call: &Invocation,
    list: &Value,
    key: &str,
    wanted: &str,
    what: &str,
) -> Result<Value, Error> {
    let items = list.as_array().map(Vec::as_slice).unwrap_or_default();
    let name_of = |item: &Value| item.get(key).and_then(Value::as_str).map(str::to_owned);
    if let Some(found) = items
        .iter()
        .find(|item| name_of(item).is_some_and(|name| name.eq_ignore_ascii_case(wanted.trim())))
    {
        return Ok(found.clone());
    }
    let names: Vec<String> = items.iter().filter_map(name_of).collect();
    Err(call.invalid(format!(
        "no {what} named `{wanted}`; there are: {}",
        if names.is_empty() {
            "none".to_owned()
        } else {
            names.join(", ")
        }
    )))
}

/// `issue`: an issue key or id, in the path.
pub(super) const ISSUE: Param = Param::path("issue");
/// `id`, in the path.
pub(super) const ID: Param = Param::path("id");
/// `project`: a project key or id, in the path.
pub(super) const PROJECT: Param = Param::path("project");
/// `expand`, a list.
pub(super) const EXPAND: Opt = Opt::query("expand", Kind::List, "expand");

/// `expand` where a Data Center description does not list it.
pub(super) const EXPAND_UNLISTED: Waiver = Waiver {
    part: Part::Query("expand"),
    on: &[],
    reason: "Atlassian REST's expansion framework reads `expand` on every resource; the descriptions list it only where a resource reads it itself, and python-jira sends it here too",
};

/// `startAt` of a user search that only 8.4's WADL lists.
pub(super) const START_AT_UNLISTED: Waiver = Waiver {
    part: Part::Query("startAt"),
    on: &[Site::Dc10, Site::Dc11],
    reason: "Jira pages user searches with `startAt` (8.4's WADL and Cloud document it); the 10.3 and 11 descriptions list only `maxResults`",
};

/// A required text parameter that goes in the body at `field`.
pub(super) const fn body_text(name: &'static str, field: &'static str) -> Param {
    Param::new(name, Kind::Text, Target::Body(field))
}

/// A required text parameter sent as the query parameter `parameter`.
pub(super) const fn query_text(name: &'static str, parameter: &'static str) -> Param {
    Param::new(name, Kind::Text, Target::Query(parameter))
}

/// A parameter read by the method's own code.
pub(super) const fn handled(name: &'static str, kind: Kind) -> Param {
    Param::new(name, kind, Target::Handler)
}
