//! `json::parse(text)`, `json::to_string(value)`, `json::pretty(value)`.

use rhai::{Dynamic, Engine, EvalAltResult, Module, Scope};

use super::script_error;
use crate::host::Plugin;
use crate::host::convert::{into_rhai, to_json_text};

pub struct JsonPlugin;

impl Plugin for JsonPlugin {
    fn name(&self) -> &'static str {
        "json"
    }

    fn summary(&self) -> &'static str {
        "json::parse(text), json::to_string(value), json::pretty(value)"
    }

    fn register(&self, engine: &mut Engine, _scope: &mut Scope<'static>) {
        let mut module = Module::new();
        module.set_native_fn(
            "parse",
            |text: &str| -> Result<Dynamic, Box<EvalAltResult>> {
                let value: serde_json::Value = serde_json::from_str(text)
                    .map_err(|error| script_error(format!("json::parse: {error}")))?;
                Ok(into_rhai(value))
            },
        );
        module.set_native_fn(
            "to_string",
            // By reference: Rhai passes a variable (`json::to_string(issue)`) without copying
            // it; an unchanged issue is written as the server sent it. Exports call this once
            // per issue.
            |value: &mut Dynamic| -> Result<String, Box<EvalAltResult>> {
                to_json_text(value)
                    .map_err(|error| script_error(format!("json::to_string: {error}")))
            },
        );
        module.set_native_fn(
            "pretty",
            |value: &mut Dynamic| -> Result<String, Box<EvalAltResult>> {
                to_json_text(value)
                    .and_then(|text| serde_json::from_str::<serde_json::Value>(&text))
                    .and_then(|json| serde_json::to_string_pretty(&json))
                    .map_err(|error| script_error(format!("json::pretty: {error}")))
            },
        );
        engine.register_static_module(self.name(), module.into());
    }
}
