//! `env::get(name)`, `env::get(name, default)`: environment variables.

use rhai::{Dynamic, Engine, Module, Scope};

use crate::host::Plugin;

pub struct EnvPlugin;

impl Plugin for EnvPlugin {
    fn name(&self) -> &'static str {
        "env"
    }

    fn summary(&self) -> &'static str {
        "env::get(name) (unit when unset), env::get(name, default)"
    }

    fn register(&self, engine: &mut Engine, _scope: &mut Scope<'static>) {
        let mut module = Module::new();
        module.set_native_fn("get", |name: &str| {
            Ok(std::env::var(name).map_or(Dynamic::UNIT, Dynamic::from))
        });
        module.set_native_fn("get", |name: &str, default: Dynamic| {
            Ok(std::env::var(name).map_or(default, Dynamic::from))
        });
        engine.register_static_module(self.name(), module.into());
    }
}
