//! The `jira` object's methods as one table: each entry names a method (as python-jira names
//! it), documents it, declares its parameters and options, and says which request it becomes.
//! [`Client::invoke`](crate::Client::invoke) executes an entry; a scripting host registers,
//! documents and completes every entry from the same data.

mod call;
mod catalog;
mod create_fields;
mod createmeta;
mod fields;
pub mod python;
pub mod spec;

pub use call::{Answer, Invocation, MAX_RESULTS, allowed_options};
pub use catalog::{page_request, search_options};

use spec::MethodSpec;

/// Every method, in the reference's order within each part of Jira.
pub fn all() -> impl Iterator<Item = &'static MethodSpec> {
    catalog::PARTS.iter().flat_map(|part| part.iter())
}

/// The method called `name` (or one of its aliases).
pub fn find(name: &str) -> Option<&'static MethodSpec> {
    all().find(|spec| spec.name == name || spec.aliases.contains(&name))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::spec::{Action, Target};
    use super::*;

    #[test]
    fn every_entry_is_documented_and_named_once() {
        let mut names = HashSet::new();
        for spec in all() {
            assert!(
                spec.doc.ends_with('.') || spec.doc.ends_with(')'),
                "{}: {}",
                spec.name,
                spec.doc
            );
            for name in std::iter::once(spec.name).chain(spec.aliases.iter().copied()) {
                assert!(names.insert(name), "`{name}` is declared twice");
                assert!(
                    name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                    "`{name}` is not a snake_case name"
                );
            }
        }
    }

    #[test]
    fn path_placeholders_and_path_parameters_match() {
        for spec in all() {
            let Action::Rest(rest) = spec.action else {
                continue;
            };
            for param in spec
                .params
                .iter()
                .filter(|param| param.target == Target::Path)
            {
                assert!(
                    rest.path.contains(&format!("{{{}}}", param.name)),
                    "{}: `{}` fills no placeholder of {}",
                    spec.name,
                    param.name,
                    rest.path
                );
            }
            let placeholders = rest.path.matches('{').count();
            let path_params = spec
                .params
                .iter()
                .filter(|param| param.target == Target::Path)
                .count();
            assert_eq!(placeholders, path_params, "{}: {}", spec.name, rest.path);
        }
    }

    #[test]
    fn options_and_parameters_do_not_share_names() {
        for spec in all() {
            let mut seen = HashSet::new();
            for name in spec
                .params
                .iter()
                .map(|param| param.name)
                .chain(allowed_options(spec).map(|option| option.key))
            {
                assert!(seen.insert(name), "{}: `{name}` declared twice", spec.name);
            }
        }
    }
}
