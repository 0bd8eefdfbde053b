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
    let (mut entries, mut waived, mut undescribed) = (0, 0, 0);
    let mut deprecated = Vec::new();
    for spec in jira::methods::all() {
        if !matches!(spec.action, jira::methods::spec::Action::Rest(_)) {
            continue;
        }
        entries += 1;
        let report: Report = check(spec, &facts);
        undescribed += report.undescribed;
        deprecated.extend(
            report
                .deprecated
                .iter()
                .map(|site| format!("{} on {}", spec.name, site.name())),
        );
        waived += report
            .findings
            .iter()
            .filter(|finding| finding.waived.is_some())
            .count();
        mismatches.extend(
            report
                .findings
                .into_iter()
                .filter(|finding| finding.waived.is_none()),
        );
        stale.extend(
            report
                .unused_waivers
                .into_iter()
                .map(|waiver| format!("{}: {waiver:?}", spec.name)),
        );
    }
    let listing: Vec<String> = mismatches.iter().map(describe).collect();
    eprintln!(
        "{entries} REST entries checked; {waived} departures declared; {undescribed} entry-sites under APIs no description covers; deprecated operations called: {}",
        if deprecated.is_empty() {
            "none".to_owned()
        } else {
            deprecated.join(", ")
        }
    );
    assert!(entries > 100, "the table has only {entries} REST entries");
    assert!(
        listing.is_empty(),
        "{} mismatches with Atlassian's descriptions (fix the entry, or declare a waiver with its reason in its availability):\n{}",
        listing.len(),
        listing.join("\n")
    );
    assert!(
        stale.is_empty(),
        "waivers that match nothing (remove them):\n{}",
        stale.join("\n")
    );
}

fn describe(finding: &Finding) -> String {
    format!(
        "{} on {}: {}",
        finding.method,
        finding.site.name(),
        finding.what
    )
}

/// The checker on entries made up to break the contract: it must find each breach.
mod the_checker {
    use jira::methods::spec::{
        Action, Availability, Kind, MethodSpec, Opt, Param, Part, Site, Target, Waiver, get,
    };

    use super::{check, committed};

    static UNDOCUMENTED: MethodSpec = MethodSpec {
        name: "made_up",
        action: Action::Rest(get("no/such/resource")),
        ..MethodSpec::DEFAULT
    };

    static UNDOCUMENTED_QUERY: MethodSpec = MethodSpec {
        name: "made_up_query",
        options: &[Opt::query("bogus", Kind::Text, "bogus")],
        action: Action::Rest(get("myself")),
        ..MethodSpec::DEFAULT
    };

    static REQUIRED_NOT_SENT: MethodSpec = MethodSpec {
        name: "made_up_members",
        options: &[Opt::query("group", Kind::Text, "groupname")],
        action: Action::Rest(get("group/member")),
        availability: Availability::SERVER_ONLY,
        ..MethodSpec::DEFAULT
    };

    static WAIVED_AND_STALE: MethodSpec = MethodSpec {
        name: "made_up_waived",
        params: &[Param::new("x", Kind::Text, Target::Body("notAField"))],
        action: Action::Rest(jira::methods::spec::post("version")),
        availability: Availability::EVERYWHERE.waivers(&[
            Waiver {
                part: Part::Body("notAField"),
                on: &[],
                reason: "a test",
            },
            Waiver {
                part: Part::Query("neverSent"),
                on: &[],
                reason: "stale",
            },
        ]),
        ..MethodSpec::DEFAULT
    };

    #[test]
    fn an_undocumented_operation_fails_on_every_site_it_claims() {
        let report = check(&UNDOCUMENTED, &committed());
        let sites: Vec<Site> = report
            .findings
            .iter()
            .filter(|finding| finding.part == Part::Operation && finding.waived.is_none())
            .map(|finding| finding.site)
            .collect();
        assert_eq!(sites, Site::ALL.to_vec(), "{report:?}");
    }

    #[test]
    fn an_undocumented_query_parameter_fails() {
        let report = check(&UNDOCUMENTED_QUERY, &committed());
        assert!(
            report
                .findings
                .iter()
                .any(|finding| finding.part == Part::Query("bogus") && finding.site == Site::Dc10),
            "{report:?}"
        );
    }

    #[test]
    fn a_required_query_parameter_sent_only_sometimes_fails_and_cloud_is_not_claimed() {
        let report = check(&REQUIRED_NOT_SENT, &committed());
        assert!(
            report
                .findings
                .iter()
                .any(|finding| finding.site == Site::Dc11
                    && finding.what.contains("required query `groupname`")),
            "{report:?}"
        );
        assert!(
            report
                .findings
                .iter()
                .all(|finding| finding.site != Site::Cloud)
        );
    }

    #[test]
    fn a_declared_departure_is_waived_and_a_stale_waiver_is_reported() {
        let report = check(&WAIVED_AND_STALE, &committed());
        let body: Vec<_> = report
            .findings
            .iter()
            .filter(|finding| finding.part == Part::Body("notAField"))
            .collect();
        assert!(!body.is_empty(), "{report:?}");
        assert!(body.iter().all(|finding| finding.waived == Some("a test")));
        assert_eq!(report.unused_waivers.len(), 1, "{report:?}");
    }
}
