//! The scripting API reference, generated from the engine itself: every `jira` method with its
//! documentation and registered signatures, and every plugin's functions. `cargo xtask docs`
//! writes it to docs/api.md; a test fails when that file is stale.

use std::fmt::Write as _;

use crate::host::Host;
use crate::host::plugins::{METHOD_DOCS, is_jira_method};

pub fn markdown(host: &Host) -> String {
    let signatures = host.engine.gen_fn_signatures(false);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Scripting API reference\n\n\
         Generated from jshell's scripting engine by `cargo xtask docs`; do not edit by hand.\n\
         Values are Jira's JSON as Rhai maps and arrays. A failed call raises an error that\n\
         `try`/`catch` receives as a map: `kind` (auth, http, network, config, invalid), `status`,\n\
         `message`, `messages` and `oauth_problem`.\n"
    );
    let _ = writeln!(out, "## The `jira` object\n");
    for (name, usage, doc) in METHOD_DOCS {
        let _ = writeln!(out, "### `{usage}`\n\n{doc}\n");
        let mut forms: Vec<String> = signatures
            .iter()
            .filter(|signature| {
                signature.starts_with(&format!("{name}(")) && is_jira_method(signature)
            })
            .map(|signature| {
                parameters_only(&signature.replacen("_: &mut Jira, ", "", 1).replacen(
                    "_: &mut Jira",
                    "",
                    1,
                ))
            })
            .collect();
        forms.sort();
        for form in forms {
            let _ = writeln!(out, "- `{form}`");
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Plugins\n");
    for (plugin, summary) in host.plugins() {
        if *plugin == "jira" {
            continue;
        }
        let _ = writeln!(out, "### `{plugin}`\n\n{summary}\n");
        let prefix = format!("{plugin}::");
        let mut functions: Vec<String> = signatures
            .iter()
            .filter(|signature| signature.starts_with(&prefix))
            .map(|signature| parameters_only(signature))
            .collect();
        functions.sort();
        for function in functions {
            let _ = writeln!(out, "- `{function}`");
        }
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// A signature with its parameter types only: return types are Rust types (Jira's JSON is
/// always a Rhai value), which tell a script writer nothing.
fn parameters_only(signature: &str) -> String {
    let without_return = signature.split(" -> ").next().unwrap_or(signature);
    without_return.replace("_: ", "")
}
