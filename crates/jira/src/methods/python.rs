//! How python-jira's `JIRA` methods map onto this table: the same name, another name, or why
//! there is no equivalent. `docs/python-jira.md` is generated from this and the table.

use std::fmt::Write as _;

/// What jshell offers for one python-jira method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coverage {
    /// A method of the same name (or alias).
    Same,
    /// The same thing under another jshell name.
    Named(&'static str),
    /// A Jira Server/Data Center REST call that jshell has no method for yet, and what to use.
    Missing(&'static str),
    /// Not a REST call of Jira Server/Data Center: Cloud only, client-local, or another
    /// product's private API.
    NotApplicable(&'static str),
}

/// python-jira 3.10.5's public `JIRA` methods with their signatures, as `inspect` lists them.
pub const LISTING: &str = include_str!("python-jira-3.10.5-methods.txt");

const CLOUD: &str = "Jira Cloud only";
const LOCAL: &str = "client-local, no request";
const PRIVATE: &str = "private API of an add-on, not Jira's REST API";
const AVATAR: &str = "uploads raw image bytes; use `jira.request` with the avatar resource";

/// The python-jira methods the table has no entry for, and why. Every other python-jira method
/// is an entry's name, alias or `python_names`: a test holds the two lists to python-jira's.
const NOT_IN_TABLE: &[(&str, Coverage)] = &[
    ("add_gadget_to_dashboard", Coverage::NotApplicable(CLOUD)),
    ("all_dashboard_gadgets", Coverage::NotApplicable(CLOUD)),
    ("approximate_issue_count", Coverage::NotApplicable(CLOUD)),
    ("copy_dashboard", Coverage::NotApplicable(CLOUD)),
    ("create_dashboard", Coverage::NotApplicable(CLOUD)),
    ("dashboard_gadgets", Coverage::NotApplicable(CLOUD)),
    ("enhanced_search_issues", Coverage::NotApplicable(CLOUD)),
    (
        "update_dashboard_automatic_refresh_minutes",
        Coverage::NotApplicable(CLOUD),
    ),
    ("pin_comment", Coverage::NotApplicable(CLOUD)),
    ("pinned_comments", Coverage::NotApplicable(CLOUD)),
    (
        "get_issue_type_scheme_associations",
        Coverage::NotApplicable(CLOUD),
    ),
    (
        "backup",
        Coverage::NotApplicable("Jira Cloud's backup manager (web pages, not REST)"),
    ),
    (
        "backup_complete",
        Coverage::NotApplicable("Jira Cloud's backup manager (web pages, not REST)"),
    ),
    (
        "backup_download",
        Coverage::NotApplicable("Jira Cloud's backup manager (web pages, not REST)"),
    ),
    (
        "backup_progress",
        Coverage::NotApplicable("Jira Cloud's backup manager (web pages, not REST)"),
    ),
    ("async_do", Coverage::NotApplicable(LOCAL)),
    ("client_info", Coverage::NotApplicable(LOCAL)),
    ("close", Coverage::NotApplicable(LOCAL)),
    ("get_igrid", Coverage::NotApplicable(PRIVATE)),
    (
        "incompletedIssuesEstimateSum",
        Coverage::NotApplicable(PRIVATE),
    ),
    ("removedIssuesEstimateSum", Coverage::NotApplicable(PRIVATE)),
    ("removed_issues", Coverage::NotApplicable(PRIVATE)),
    ("confirm_project_avatar", Coverage::Missing(AVATAR)),
    ("confirm_user_avatar", Coverage::Missing(AVATAR)),
    ("create_temp_project_avatar", Coverage::Missing(AVATAR)),
    ("create_temp_user_avatar", Coverage::Missing(AVATAR)),
    (
        "project_workflow_scheme",
        Coverage::Missing("not yet; `jira.get(\"/rest/projectconfig/1/workflowscheme/KEY\")`"),
    ),
    (
        "delete_screen",
        Coverage::Missing("not yet; `jira.delete(\"screens/ID\")`"),
    ),
];

/// What jshell offers for the python-jira method `name`: a method of that name (or alias), a
/// method that declares it among its `python_names`, or the reason there is none.
pub fn coverage(name: &str) -> Coverage {
    if super::find(name).is_some() {
        return Coverage::Same;
    }
    if let Some(spec) = super::all().find(|spec| spec.python_names.contains(&name)) {
        return Coverage::Named(spec.name);
    }
    NOT_IN_TABLE
        .iter()
        .find(|(method, _)| *method == name)
        .map_or(Coverage::Missing(UNDECLARED), |(_, coverage)| *coverage)
}

/// What [`coverage`] says of a python-jira method nobody has declared: a test keeps it unsaid.
const UNDECLARED: &str = "not declared: add it to the table or to NOT_IN_TABLE with a reason";

/// The names of python-jira's methods in `listing` (one `name(signature)` a line, `#`
/// comments).
pub fn method_names(listing: &str) -> Vec<&str> {
    listing
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once('(').map(|(name, _)| name.trim()))
        .filter(|name| !name.is_empty())
        .collect()
}

/// The share of applicable methods covered, in percent.
pub fn covered_percent(names: &[&str]) -> f64 {
    let applicable: Vec<Coverage> = names
        .iter()
        .map(|name| coverage(name))
        .filter(|coverage| !matches!(coverage, Coverage::NotApplicable(_)))
        .collect();
    let covered = applicable
        .iter()
        .filter(|coverage| matches!(coverage, Coverage::Same | Coverage::Named(_)))
        .count();
    100.0 * covered as f64 / applicable.len().max(1) as f64
}

/// `docs/python-jira.md`: every method of [`LISTING`] with its jshell equivalent.
pub fn markdown() -> String {
    let names = method_names(LISTING);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# python-jira's methods in jshell\n\n\
         Every public method of python-jira 3.10.5's `JIRA` class, and what jshell's `jira`\n\
         object offers for it. Generated from the method table by `cargo xtask docs`; do not\n\
         edit by hand. Arguments keep python-jira's order; keyword arguments become the keys of\n\
         the options map (`jira.comments(\"ABC-1\", #{{order_by: \"-created\"}})`), and as in\n\
         Python any parameter may be given there by name (`#{{timeSpent: \"1h\"}}`). Where a\n\
         method works only on some Jira versions or deployments, the note says so.\n\n\
         Coverage: {:.0}% of the {} methods that reach a Jira Server/Data Center REST endpoint.\n\n\
         | python-jira | jshell | note |\n|---|---|---|",
        covered_percent(&names),
        names
            .iter()
            .filter(|name| !matches!(coverage(name), Coverage::NotApplicable(_)))
            .count()
    );
    for name in names {
        let row = match coverage(name) {
            Coverage::Same => format!(
                "`jira.{}`",
                super::find(name).map_or(name, |spec| spec.name)
            ),
            Coverage::Named(other) => format!("`jira.{other}`"),
            Coverage::Missing(_) | Coverage::NotApplicable(_) => "—".to_owned(),
        };
        let note = match coverage(name) {
            Coverage::Same => super::find(name)
                .map(|spec| spec.availability.summary())
                .unwrap_or_default(),
            Coverage::Named(other) => {
                let availability = super::find(other)
                    .map(|spec| spec.availability.summary())
                    .unwrap_or_default();
                format!("another name {availability}").trim_end().to_owned()
            }
            Coverage::Missing(why) => why.to_owned(),
            Coverage::NotApplicable(why) => format!("not applicable: {why}"),
        };
        let _ = writeln!(out, "| `{name}` | {row} | {note} |");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_python_jira_method_is_an_entry_or_declared_missing_with_a_reason() {
        let names = method_names(LISTING);
        for name in &names {
            assert_ne!(
                coverage(name),
                Coverage::Missing(UNDECLARED),
                "python-jira's `{name}` is neither a table method nor in NOT_IN_TABLE"
            );
        }
        for (name, _) in NOT_IN_TABLE {
            assert!(
                names.contains(name),
                "NOT_IN_TABLE names `{name}`, which python-jira 3.10.5 does not have"
            );
            assert!(
                matches!(
                    coverage(name),
                    Coverage::Missing(_) | Coverage::NotApplicable(_)
                ),
                "`{name}` is in the table now: take it out of NOT_IN_TABLE"
            );
        }
        for spec in super::super::all() {
            for python in spec.python_names {
                assert!(
                    names.contains(python),
                    "jira.{} names `{python}`, which python-jira 3.10.5 does not have",
                    spec.name
                );
                assert!(
                    super::super::find(python).is_none(),
                    "`{python}` is already a method or alias; it is not another name"
                );
            }
        }
    }
}
