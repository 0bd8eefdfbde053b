//! The committed facts file (`cargo xtask contract` writes it from Atlassian's descriptions),
//! read into what the checker asks: does this site document this verb and path, and with which
//! query parameters and body fields.

use std::collections::HashMap;

use jira::methods::spec::Site;

/// One documented operation.
#[derive(Clone, Debug, Default)]
pub struct Operation {
    /// The description's path (with its parameter names), for messages.
    pub path: String,
    /// Query parameters, and whether each is required.
    pub query: Vec<(String, bool)>,
    /// The top-level body fields; `None` when the description does not list them.
    pub body: Option<Vec<String>>,
    /// Whether the description sends no body at all.
    pub no_body: bool,
    /// Whether the description marks it deprecated.
    pub deprecated: bool,
}

/// Every site's operations and which APIs each description covers.
#[derive(Debug, Default)]
pub struct Facts {
    covers: HashMap<&'static str, Vec<String>>,
    operations: HashMap<(&'static str, String, String), Operation>,
}

impl Facts {
    /// The committed file.
    pub fn committed() -> Result<Self, String> {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/contract/facts.txt");
        let text = std::fs::read_to_string(&path)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        Self::parse(&text)
    }

    /// Facts from the file's text.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut facts = Facts::default();
        for (number, line) in text.lines().enumerate() {
            let fields: Vec<&str> = line.split_whitespace().collect();
            match fields.as_slice() {
                ["#", "covers", site, prefixes @ ..] => {
                    let site = site_named(site).ok_or_else(|| bad(number, line))?;
                    let prefixes = prefixes.iter().map(|prefix| (*prefix).to_owned());
                    facts
                        .covers
                        .entry(site.name())
                        .or_default()
                        .extend(prefixes);
                }
                [first, ..] if first.starts_with('#') => {}
                [site, verb, path, _id, query, body, rest @ ..] => {
                    let site = site_named(site).ok_or_else(|| bad(number, line))?;
                    let operation =
                        operation(path, query, body, rest).ok_or_else(|| bad(number, line))?;
                    facts.operations.insert(
                        (site.name(), (*verb).to_owned(), normalise(path)),
                        operation,
                    );
                }
                [] => {}
                _ => return Err(bad(number, line)),
            }
        }
        Ok(facts)
    }

    /// Whether `site`'s description covers the API `path` belongs to.
    pub fn covers(&self, site: Site, path: &str) -> bool {
        self.covers.get(site.name()).is_some_and(|prefixes| {
            prefixes
                .iter()
                .any(|prefix| path.starts_with(&format!("{prefix}/")))
        })
    }

    /// The operation `verb path` of `site`, path parameters matched whatever their names.
    pub fn operation(&self, site: Site, verb: &str, path: &str) -> Option<&Operation> {
        self.operations
            .get(&(site.name(), verb.to_owned(), normalise(path)))
    }
}

fn operation(path: &str, query: &str, body: &str, rest: &[&str]) -> Option<Operation> {
    let query = query.strip_prefix("query=")?;
    let body = body.strip_prefix("body=")?;
    Some(Operation {
        path: path.to_owned(),
        query: match query {
            "-" => Vec::new(),
            list => list
                .split(',')
                .map(|name| match name.strip_suffix('!') {
                    Some(name) => (name.to_owned(), true),
                    None => (name.to_owned(), false),
                })
                .collect(),
        },
        body: match body {
            "-" | "?" => None,
            list => Some(list.split(',').map(str::to_owned).collect()),
        },
        no_body: body == "-",
        deprecated: rest.contains(&"deprecated"),
    })
}

fn site_named(name: &str) -> Option<Site> {
    Site::ALL.into_iter().find(|site| site.name() == name)
}

fn bad(number: usize, line: &str) -> String {
    format!(
        "facts.txt line {}: cannot read `{line}`; regenerate it with `cargo xtask contract`",
        number + 1
    )
}

/// The path with every `{parameter}` written `{}`, so `{issue}` matches `{issueIdOrKey}`.
pub fn normalise(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_parameter = false;
    for c in path.trim_end_matches('/').chars() {
        match (c, in_parameter) {
            ('{', _) => {
                in_parameter = true;
                out.push_str("{}");
            }
            ('}', true) => in_parameter = false,
            (_, true) => {}
            (c, false) => out.push(c),
        }
    }
    out
}
