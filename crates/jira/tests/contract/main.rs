//! The contract test: every REST entry of the method table held against Atlassian's published
//! REST descriptions, as the committed facts file (`cargo xtask contract`) records them, for
//! every deployment the entry claims (Data Center 8.4, 10.3, 11, Cloud). An entry passes when
//! its verb and path are documented there, every query parameter and body field it sends is
//! documented, and every required query parameter is always sent; a departure passes only when
//! the entry declares it (a waiver with its reason, which the docs show).

mod checker;
mod facts;

use checker::{Finding, Report, check};
use facts::Facts;

fn committed() -> Facts {
    match Facts::committed() {
        Ok(facts) => facts,
        Err(error) => panic!("{error}"),
    }
}

#[test]
fn every_rest_entry_matches_the_descriptions_or_declares_why_not() {
    let facts = committed();
    let mut mismatches = Vec::new();
    let mut stale = Vec::new();
    let (mut entries, mut waived) = (0, 0);
    for spec in jira::methods::all() {
        if !matches!(spec.action, jira::methods::spec::Action::Rest(_)) {
            continue;
        }
        entries += 1;
        let report: Report = check(spec, &facts);
        waived += report.findings.iter().filter(|finding| finding.waived.is_some()).count();
        mismatches.extend(report.findings.into_iter().filter(|finding| finding.waived.is_none()));
        stale.extend(report.unused_waivers.into_iter().map(|waiver| format!("{}: {waiver:?}", spec.name)));
    }
    let listing: Vec<String> = mismatches.iter().map(describe).collect();
    eprintln!("{entries} REST entries checked; {waived} departures declared");
    assert!(entries > 100, "the table has only {entries} REST entries");
    assert!(
        listing.is_empty(),
        "{} mismatches with Atlassian's descriptions (fix the entry, or declare a waiver with its reason in its availability):\n{}",
        listing.len(),
        listing.join("\n")
    );
    assert!(stale.is_empty(), "waivers that match nothing (remove them):\n{}", stale.join("\n"));
}

fn describe(finding: &Finding) -> String {
    format!("{} on {}: {}", finding.method, finding.site.name(), finding.what)
}
