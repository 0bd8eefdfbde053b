//! jshell as a library: the whole command-line shell, with room for plugins of your own.
//!
//! The `jshell` binary is [`Jshell::new().run()`](Jshell::run). A team that wants a `vault` or
//! `confluence` object beside `jira` writes a [`Plugin`] and builds its own binary with the
//! same command line, profiles, REPL and script commands:
//!
//! ```no_run
//! use jshell::rhai::{Engine, Module, Scope};
//! use jshell::{Jshell, Plugin};
//!
//! /// `greet::hello(name)`.
//! struct Greet;
//!
//! impl Plugin for Greet {
//!     fn name(&self) -> &'static str {
//!         "greet"
//!     }
//!     fn summary(&self) -> &'static str {
//!         "greet::hello(name)"
//!     }
//!     fn register(&self, engine: &mut Engine, _scope: &mut Scope<'static>) {
//!         let mut module = Module::new();
//!         module.set_native_fn("hello", |name: &str| Ok(format!("hello, {name}")));
//!         engine.register_static_module(self.name(), module.into());
//!     }
//! }
//!
//! fn main() -> std::process::ExitCode {
//!     Jshell::new().plugin(Greet).run()
//! }
//! ```
//!
//! Plugins are registered after the built-in ones (`jira`, `json`, `env`, `time`, `fs`,
//! `process`), whose names they may not take. Scripts reach a plugin only through what it
//! registers: Rhai's sandbox is otherwise closed.
//!
//! The API is this page: [`Jshell`] (the builder: [`name`](Jshell::name),
//! [`plugin`](Jshell::plugin), [`command`](Jshell::command) for script commands compiled in),
//! [`Plugin`], [`script_error`], and the Rhai crate jshell is built with, re-exported as
//! [`rhai`] so a plugin registers against the same version.

mod app;
mod cli;
mod commands;
mod config;
mod connect;
mod dry_run;
mod expiry;
mod failure;
mod host;
mod identity;
mod jirashell_args;
mod jirashell_ini;
mod keygen;
mod login;
mod oauth2_profile;
mod output;
mod profiles;
mod prompt;
mod reference;
mod remembered;
mod repl;
mod run;
mod secrets;
mod settings;
mod terminal;

pub use app::Jshell;
pub use host::Plugin;
pub use host::plugins::script_error;
pub use rhai;
