//! python-jira's methods and their jshell equivalents: every one is accounted for, the
//! applicable ones are covered, and docs/python-jira.md says so.

use jira::methods::python::{self, Coverage};

use python::LISTING;
const DOC: &str = "../../docs/python-jira.md";

#[test]
fn the_listing_is_whole() {
    assert_eq!(python::method_names(LISTING).len(), 174);
}

#[test]
fn every_equivalent_named_exists_and_coverage_is_at_least_90_percent() {
    let names = python::method_names(LISTING);
    for name in &names {
        if let Coverage::Named(other) = python::coverage(name) {
            assert!(
                jira::methods::find(other).is_some(),
                "{name} → {other}, which does not exist"
            );
        }
        if let Coverage::Missing(why) = python::coverage(name) {
            assert_ne!(
                why, "not yet",
                "{name} is neither in the table nor explained"
            );
        }
    }
    let percent = python::covered_percent(&names);
    assert!(percent >= 90.0, "only {percent:.1}% covered");
}

#[test]
fn docs_python_jira_md_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(DOC);
    let expected = python::markdown();
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/python-jira.md is stale: run `cargo xtask docs`"
    );
}
