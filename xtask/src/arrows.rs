//! The `arrows` step of `cargo xtask ci`: ARCHITECTURE.md's dependency arrows, checked crate by
//! crate. The other steps build the whole workspace, where Cargo unifies features: jshell's
//! `jshell → oauth1 (dance)` arrow (and reqwest with it) is compiled into fakejira's and jira's
//! builds too, so either could start using the dance and nothing would fail. Here each library
//! crate is resolved and compiled on its own, with the features a dependent would get.
//!
//! Only normal and build dependencies count: the tests of jira and fakejira play the client and
//! enable the dance in `[dev-dependencies]`, which no dependent ever gets.

/// Something in a crate's dependency tree, as `cargo tree -e features --prefix none` prints it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Node<'a> {
    /// A feature of a crate: `CRATE feature "FEATURE"`.
    Feature(&'a str, &'a str),
    /// A package at any version: `NAME vX.Y.Z …`.
    Package(&'a str),
}

impl std::fmt::Display for Node<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Node::Feature(krate, feature) => write!(f, "{krate} ({feature})"),
            Node::Package(name) => f.write_str(name),
        }
    }
}

/// An arrow the architecture forbids: `from`, built on its own, must not reach `to`.
struct Forbidden {
    from: &'static str,
    to: Node<'static>,
    /// Why, and what to do instead.
    advice: &'static str,
}

const FORBIDDEN: [Forbidden; 4] = [
    Forbidden {
        from: "fakejira",
        to: Node::Feature("oauth1", "dance"),
        advice: "the simulator only verifies signatures; only `jshell → oauth1 (dance)` may \
                 enable the dance. Keep `oauth1.workspace = true` (no default features) in \
                 fakejira's [dependencies]; tests that play the client enable it in \
                 [dev-dependencies]",
    },
    Forbidden {
        from: "jira",
        to: Node::Feature("oauth1", "dance"),
        advice: "the client only signs requests; only `jshell → oauth1 (dance)` may enable the \
                 dance. Keep `oauth1.workspace = true` (no default features) in jira's \
                 [dependencies]; tests that log in enable it in [dev-dependencies]",
    },
    Forbidden {
        from: "fakejira",
        to: Node::Package("jira"),
        advice: "the client must be tested against a server that did not borrow its logic; \
                 fakejira may use oauth1 only",
    },
    Forbidden {
        from: "fakejira",
        to: Node::Package("jshell"),
        advice: "the client must be tested against a server that did not borrow its logic; \
                 fakejira may use oauth1 only",
    },
];

/// Each library crate compiled alone. `--lib` (and fakejira's binary) rather than all targets:
/// tests and benches bring dev-dependencies, which enable the dance again and would hide a
/// library that needs it.
const ALONE: [&[&str]; 3] = [
    &[
        "check",
        "--locked",
        "-p",
        "oauth1",
        "--no-default-features",
        "--lib",
    ],
    &["check", "--locked", "-p", "jira", "--lib"],
    &["check", "--locked", "-p", "fakejira", "--lib", "--bins"],
];

pub fn check() -> Result<(), String> {
    let mut broken = Vec::new();
    for from in crates_with_rules() {
        broken.extend(broken_arrows(from, &tree(from)?)?);
    }
    if !broken.is_empty() {
        return Err(format!(
            "a dependency arrow ARCHITECTURE.md forbids:\n{}",
            broken.join("\n")
        ));
    }
    eprintln!("xtask ci: no forbidden arrow; checking each library crate on its own");
    ALONE.iter().try_for_each(|args| crate::cargo(args))
}

/// The crates some rule is about, each once, in the rules' order.
fn crates_with_rules() -> Vec<&'static str> {
    let mut crates: Vec<&'static str> = Vec::new();
    for rule in &FORBIDDEN {
        if !crates.contains(&rule.from) {
            crates.push(rule.from);
        }
    }
    crates
}

/// `package`'s tree of normal and build dependencies with features, resolved for that package
/// alone as `cargo check -p PACKAGE` resolves it.
fn tree(package: &str) -> Result<String, String> {
    let args = [
        "tree",
        "--locked",
        "-p",
        package,
        "-e",
        "features,no-dev",
        "--prefix",
        "none",
    ];
    eprintln!("$ cargo {}", args.join(" "));
    let output = crate::cargo_command()?
        .args(args)
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|error| format!("cannot run cargo tree: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "`cargo {}` failed ({})",
            args.join(" "),
            output.status
        ));
    }
    String::from_utf8(output.stdout)
        .map_err(|error| format!("cargo tree printed something that is not UTF-8: {error}"))
}

/// One message per forbidden arrow that `from`'s `tree` (`cargo tree -e features --prefix
/// none` output) contains. A tree without `from` itself is an error, so a failed or empty
/// `cargo tree` can never pass.
fn broken_arrows(from: &str, tree: &str) -> Result<Vec<String>, String> {
    if !reaches(tree, Node::Package(from)) {
        return Err(format!(
            "cargo tree printed no tree for {from}; run `cargo tree -p {from} -e features,no-dev` \
             to see why"
        ));
    }
    Ok(FORBIDDEN
        .iter()
        .filter(|rule| rule.from == from && reaches(tree, rule.to))
        .map(|rule| {
            format!(
                "  {from} → {} when {from} is built on its own: {}",
                rule.to, rule.advice
            )
        })
        .collect())
}

fn reaches(tree: &str, node: Node<'_>) -> bool {
    tree.lines().map(str::trim_start).any(|line| match node {
        Node::Feature(krate, feature) => line
            .strip_prefix(krate)
            .and_then(|rest| rest.strip_prefix(" feature \""))
            .and_then(|rest| rest.strip_prefix(feature))
            .is_some_and(|rest| rest.starts_with('"')),
        Node::Package(name) => line
            .strip_prefix(name)
            .and_then(|rest| rest.strip_prefix(" v"))
            .is_some_and(|version| version.starts_with(|c: char| c.is_ascii_digit())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Trimmed from `cargo tree -p fakejira -e features,no-dev --prefix none` today.
    const FAKEJIRA: &str = r#"fakejira v0.1.0 (/work/main/crates/fakejira)
axum feature "default"
axum v0.8.4
oauth1 feature "default"
oauth1 v0.1.0 (/work/main/crates/oauth1)
base64 feature "default"
base64 v0.22.1
reqwest-middleware feature "dancer"
"#;

    /// jira's tree if its oauth1 dependency enabled the dance (here through oauth1's default
    /// features, as a plain `oauth1 = { path = … }` would).
    const JIRA_WITH_DANCE: &str = r#"jira v0.1.0 (/work/main/crates/jira)
oauth1 feature "default"
oauth1 v0.1.0 (/work/main/crates/oauth1)
oauth1 feature "dance"
oauth1 v0.1.0 (/work/main/crates/oauth1) (*)
reqwest feature "json"
"#;

    #[test]
    fn a_tree_without_the_dance_passes() {
        assert_eq!(broken_arrows("fakejira", FAKEJIRA), Ok(Vec::new()));
        let jira = JIRA_WITH_DANCE.replace("oauth1 feature \"dance\"\n", "");
        assert_eq!(broken_arrows("jira", &jira), Ok(Vec::new()));
    }

    #[test]
    fn the_dance_is_named_with_the_crate_that_reaches_it() {
        let broken = broken_arrows("jira", JIRA_WITH_DANCE).expect("jira's tree");
        assert_eq!(broken.len(), 1, "{broken:?}");
        assert!(
            broken[0].contains("jira → oauth1 (dance) when jira is built on its own"),
            "{}",
            broken[0]
        );
        assert!(
            broken[0].contains("jshell → oauth1 (dance)"),
            "{}",
            broken[0]
        );
        let fakejira = format!("{FAKEJIRA}oauth1 feature \"dance\"\n");
        let broken = broken_arrows("fakejira", &fakejira).expect("fakejira's tree");
        assert_eq!(broken.len(), 1, "{broken:?}");
        assert!(
            broken[0].contains("fakejira → oauth1 (dance)"),
            "{}",
            broken[0]
        );
    }

    #[test]
    fn fakejira_may_not_use_the_client() {
        let tree = format!("{FAKEJIRA}jira feature \"default\"\njira v0.1.0 (/w/crates/jira)\n");
        let broken = broken_arrows("fakejira", &tree).expect("fakejira's tree");
        assert_eq!(broken.len(), 1, "{broken:?}");
        assert!(broken[0].contains("fakejira → jira when"), "{}", broken[0]);
        assert!(!reaches("jira-rs v1.0.0\n", Node::Package("jira")));
        assert!(!reaches(
            "jira feature \"default\"\n",
            Node::Package("jira")
        ));
    }

    #[test]
    fn only_the_exact_feature_counts() {
        let lookalikes = "oauth1 feature \"dancer\"\noauth2 feature \"dance\"\n";
        assert!(!reaches(lookalikes, Node::Feature("oauth1", "dance")));
        assert!(reaches(
            "  oauth1 feature \"dance\" (*)\n",
            Node::Feature("oauth1", "dance")
        ));
    }

    #[test]
    fn an_empty_tree_fails() {
        let error = broken_arrows("fakejira", "").expect_err("no tree");
        assert!(error.contains("no tree for fakejira"), "{error}");
    }

    #[test]
    fn every_crate_with_a_rule_is_built_alone() {
        for from in crates_with_rules() {
            assert!(
                ALONE.iter().any(|args| args.contains(&from)),
                "{from} is not built alone"
            );
        }
    }
}
