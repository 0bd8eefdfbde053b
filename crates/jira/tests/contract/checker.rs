//! The check itself: what one table entry sends, held against what each site it claims
//! documents. A departure the entry declares (a [`Waiver`] in its availability) is reported as
//! waived with its reason; any other is a mismatch.

use jira::methods::spec::{Action, MethodSpec, Paging, Part, Rest, Site, Target, VerbName, Waiver};

use crate::facts::Facts;

/// One departure of an entry from a site's description.
#[derive(Clone, Debug)]
pub struct Finding {
    pub method: &'static str,
    pub site: Site,
    pub part: Part,
    pub what: String,
    /// The reason the entry declares, when it declares this departure.
    pub waived: Option<&'static str>,
}

/// What the check of one entry found, and on how many sites it could look.
#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// Sites checked (the entry's path is under an API that site's description covers).
    pub checked: usize,
    /// Sites whose description does not cover the entry's API (Service Management, applinks).
    pub undescribed: usize,
    /// Sites whose description marks the operation deprecated.
    pub deprecated: Vec<Site>,
    /// Waivers the entry declares that matched nothing: stale declarations.
    pub unused_waivers: Vec<Waiver>,
}

/// What a REST entry sends on one site.
struct Sent {
    verb: &'static str,
    path: String,
    /// Query parameters, and whether every call sends them.
    query: Vec<(&'static str, bool)>,
    /// Top-level body fields; `None` when the whole body is the caller's.
    body: Option<Vec<&'static str>>,
}

/// Checks `spec` (a REST entry; other entries report nothing) against `facts`.
pub fn check(spec: &'static MethodSpec, facts: &Facts) -> Report {
    let mut report = Report::default();
    let Action::Rest(rest) = spec.action else {
        return report;
    };
    for site in Site::ALL
        .into_iter()
        .filter(|site| spec.availability.on_site(*site))
    {
        let sent = sent(spec, rest.for_cloud(site == Site::Cloud), site);
        if !facts.covers(site, &sent.path) {
            report.undescribed += 1;
            continue;
        }
        report.checked += 1;
        if facts
            .operation(site, sent.verb, &sent.path)
            .is_some_and(|operation| operation.deprecated)
        {
            report.deprecated.push(site);
        }
        for (part, what) in differences(&sent, site, facts) {
            let waiver = waiver_for(spec, site, part);
            report.findings.push(Finding {
                method: spec.name,
                site,
                part,
                what,
                waived: waiver.map(|waiver| waiver.reason),
            });
        }
    }
    report.unused_waivers = spec
        .availability
        .waivers
        .iter()
        .filter(|waiver| {
            !report
                .findings
                .iter()
                .any(|finding| covers(waiver, finding.site, finding.part))
        })
        .copied()
        .collect();
    report
}

fn waiver_for(spec: &MethodSpec, site: Site, part: Part) -> Option<&'static Waiver> {
    spec.availability
        .waivers
        .iter()
        .find(|waiver| covers(waiver, site, part))
}

fn covers(waiver: &Waiver, site: Site, part: Part) -> bool {
    waiver.part == part && (waiver.on.is_empty() || waiver.on.contains(&site))
}

fn differences(sent: &Sent, site: Site, facts: &Facts) -> Vec<(Part, String)> {
    let Some(operation) = facts.operation(site, sent.verb, &sent.path) else {
        return vec![(
            Part::Operation,
            format!("{} {} is not documented", sent.verb, sent.path),
        )];
    };
    let mut found = Vec::new();
    for (name, _) in &sent.query {
        if !operation
            .query
            .iter()
            .any(|(documented, _)| documented == name)
        {
            found.push((
                Part::Query(name),
                format!("query `{name}` is not documented for {}", operation.path),
            ));
        }
    }
    for (name, _) in operation.query.iter().filter(|(_, required)| *required) {
        if !sent
            .query
            .iter()
            .any(|(sent, always)| sent == name && *always)
        {
            let name: &'static str = Box::leak(name.clone().into_boxed_str());
            found.push((
                Part::Query(name),
                format!("required query `{name}` is not always sent"),
            ));
        }
    }
    for field in sent.body.iter().flatten() {
        let documented = match &operation.body {
            Some(fields) => fields.iter().any(|documented| documented == field),
            None => !operation.no_body,
        };
        if !documented {
            found.push((
                Part::Body(field),
                format!(
                    "body field `{field}` is not documented for {}",
                    operation.path
                ),
            ));
        }
    }
    found
}

fn sent(spec: &MethodSpec, rest: Rest, site: Site) -> Sent {
    let cloud = site == Site::Cloud;
    let mut query = Vec::new();
    let mut body = Some(Vec::new());
    let params = spec
        .params
        .iter()
        .map(|param| (param.target, param.required));
    let options = spec.options.iter().map(|option| (option.target, false));
    for (target, always) in params.chain(options) {
        match target {
            Target::Query(name) => query.push((name, always)),
            Target::UserQuery => query.push((if cloud { "accountId" } else { "username" }, always)),
            Target::Body(field) => push_field(&mut body, field),
            Target::UserBody("") => push_field(&mut body, if cloud { "accountId" } else { "name" }),
            Target::UserBody(field) => push_field(&mut body, field),
            Target::QueryPer {
                server,
                cloud: on_cloud,
            } => {
                query.push((if cloud { on_cloud } else { server }, always));
            }
            Target::BodyPer {
                server,
                cloud: on_cloud,
            } => {
                push_field(&mut body, if cloud { on_cloud } else { server });
            }
            Target::WholeBody => body = None,
            Target::Path | Target::Handler => {}
        }
    }
    match rest.paging {
        Paging::None => {}
        Paging::Start => query.extend([("start", true), ("limit", true)]),
        Paging::Total(_) | Paging::Values | Paging::Array => {
            query.extend([("startAt", true), ("maxResults", true)]);
        }
    }
    Sent {
        verb: verb(rest.verb),
        path: full_path(rest.path),
        query,
        body,
    }
}

fn push_field(body: &mut Option<Vec<&'static str>>, field: &'static str) {
    if let Some(fields) = body {
        let top = field.split('.').next().unwrap_or(field);
        if !fields.contains(&top) {
            fields.push(top);
        }
    }
}

fn verb(verb: VerbName) -> &'static str {
    match verb {
        VerbName::Get => "GET",
        VerbName::Post => "POST",
        VerbName::Put => "PUT",
        VerbName::Delete => "DELETE",
    }
}

/// The table's path from `/rest/`: relative ones are under `/rest/api/2/`.
pub fn full_path(path: &str) -> String {
    match path.strip_prefix('/') {
        Some(_) => path.to_owned(),
        None => format!("/rest/api/2/{path}"),
    }
}
