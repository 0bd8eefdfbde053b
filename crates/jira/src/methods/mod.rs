//! The `jira` object's methods as one table: each entry names a method (as python-jira names
//! it), documents it, declares its parameters and options, and says which request it becomes.
//! [`Client::invoke`](crate::Client::invoke) executes an entry; a scripting host registers,
//! documents and completes every entry from the same data.

mod call;
mod catalog;
mod fields;
mod handlers;
pub mod spec;

pub(crate) use call::segment;
pub use call::{Answer, Invocation, MAX_RESULTS, allowed_options};
pub use handlers::search_options;

use spec::MethodSpec;

/// Every method, in the reference's order within each part of Jira.
pub fn all() -> impl Iterator<Item = &'static MethodSpec> {
    catalog::PARTS.iter().flat_map(|part| part.iter())
}

/// The method called `name` (or one of its aliases).
pub fn find(name: &str) -> Option<&'static MethodSpec> {
    all().find(|spec| spec.name == name || spec.aliases.contains(&name))
}
