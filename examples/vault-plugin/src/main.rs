//! `vault-jshell`: jshell with one more plugin, `vault`, which reads secrets from a local JSON
//! file (`$VAULT_FILE`, an object of names to strings), as a team's own secret store would be
//! reached, and one script command compiled in (`vault-jshell lead`). Everything else (the
//! command line, profiles, `jira`, the REPL, the bundled commands) is jshell's.

use jshell::rhai::{Engine, Module, Scope};
use jshell::{Jshell, Plugin, script_error};

/// `vault::get(name)` and `vault::names()`, read from `$VAULT_FILE` at each call.
struct Vault;

impl Plugin for Vault {
    fn name(&self) -> &'static str {
        "vault"
    }

    fn summary(&self) -> &'static str {
        "vault::get(name), vault::names(): secrets from the JSON file $VAULT_FILE"
    }

    fn register(&self, engine: &mut Engine, _scope: &mut Scope<'static>) {
        let mut module = Module::new();
        module.set_native_fn("get", |name: &str| {
            let secrets = load()?;
            match secrets.get(name).and_then(|value| value.as_str()) {
                Some(secret) => Ok(secret.to_owned()),
                None => Err(script_error(format!("vault: no secret named `{name}`"))),
            }
        });
        module.set_native_fn("names", || {
            let secrets = load()?;
            Ok(secrets
                .keys()
                .map(|name| name.clone().into())
                .collect::<jshell::rhai::Array>())
        });
        engine.register_static_module(self.name(), module.into());
    }
}

/// The vault file's object; each failure says which file and what to do.
fn load() -> Result<serde_json::Map<String, serde_json::Value>, Box<jshell::rhai::EvalAltResult>> {
    let path = std::env::var("VAULT_FILE")
        .map_err(|_| script_error("vault: set VAULT_FILE to the vault's JSON file"))?;
    let text = std::fs::read_to_string(&path)
        .map_err(|error| script_error(format!("vault: cannot read {path}: {error}")))?;
    serde_json::from_str(&text).map_err(|error| {
        script_error(format!(
            "vault: {path} is not a JSON object of names to strings: {error}"
        ))
    })
}

fn main() -> std::process::ExitCode {
    Jshell::new()
        .name("vault-jshell")
        .plugin(Vault)
        .command("lead", include_str!("lead.rhai"))
        .run()
}
