//! `fs::read(path)`, `fs::write(path, text)`, `fs::append(path, text)`, `fs::exists(path)`:
//! only with `--allow-fs`; without it each function explains how to enable it.

use std::io::Write as _;

use rhai::{Engine, EvalAltResult, Module, Scope};

use super::script_error;
use crate::host::Plugin;

pub struct FsPlugin {
    pub allowed: bool,
}

impl Plugin for FsPlugin {
    fn name(&self) -> &'static str {
        "fs"
    }

    fn summary(&self) -> &'static str {
        "fs::read(path), fs::write(path, text), fs::append(path, text), fs::exists(path); needs --allow-fs"
    }

    fn register(&self, engine: &mut Engine, _scope: &mut Scope<'static>) {
        let mut module = Module::new();
        if self.allowed {
            module.set_native_fn("read", |path: &str| {
                std::fs::read_to_string(path).map_err(|error| failed("read", path, &error))
            });
            module.set_native_fn("write", |path: &str, text: &str| {
                std::fs::write(path, text).map_err(|error| failed("write", path, &error))
            });
            module.set_native_fn("append", |path: &str, text: &str| {
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
                    .and_then(|mut file| file.write_all(text.as_bytes()))
                    .map_err(|error| failed("append to", path, &error))
            });
            module.set_native_fn("exists", |path: &str| {
                Ok(std::path::Path::new(path).exists())
            });
        } else {
            module.set_native_fn("read", |_: &str| -> Result<String, Box<EvalAltResult>> {
                Err(disabled())
            });
            module.set_native_fn(
                "write",
                |_: &str, _: &str| -> Result<(), Box<EvalAltResult>> { Err(disabled()) },
            );
            module.set_native_fn(
                "append",
                |_: &str, _: &str| -> Result<(), Box<EvalAltResult>> { Err(disabled()) },
            );
            module.set_native_fn("exists", |_: &str| -> Result<bool, Box<EvalAltResult>> {
                Err(disabled())
            });
        }
        engine.register_static_module(self.name(), module.into());
    }
}

fn failed(what: &str, path: &str, error: &std::io::Error) -> Box<EvalAltResult> {
    script_error(format!("fs: cannot {what} {path}: {error}"))
}

fn disabled() -> Box<EvalAltResult> {
    script_error(
        "the fs plugin is off: run jshell with --allow-fs to let scripts read and write files",
    )
}
