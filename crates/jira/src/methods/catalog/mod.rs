//! The table of methods, one file per part of Jira. Adding a method is adding an entry here
//! (and, when it is more than one request described by data, a [`Handler`]).

mod agile;
mod issues;
mod people;
mod projects;
mod server;

use super::spec::{Action, Handler, Kind, MethodSpec, Opt, Param, Rest, Target};

/// Every part of the table.
pub(super) const PARTS: [&[MethodSpec]; 5] = [
    server::METHODS,
    issues::METHODS,
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

/// Code of its own.
pub(super) const fn custom(handler: Handler) -> Action {
    Action::Custom(handler)
}

/// `issue`: an issue key or id, in the path.
pub(super) const ISSUE: Param = Param::path("issue");
/// `id`, in the path.
pub(super) const ID: Param = Param::path("id");
/// `project`: a project key or id, in the path.
pub(super) const PROJECT: Param = Param::path("project");
/// `expand`, a list.
pub(super) const EXPAND: Opt = Opt::query("expand", Kind::List, "expand");

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
