//! The plugins scripts can reach, each behind the [`Plugin`](super::Plugin) trait.

mod env;
mod fs;
mod jira;
mod json;
mod process;
mod time;

pub use env::EnvPlugin;
pub use fs::FsPlugin;
pub use jira::{JiraContext, JiraPlugin, Reach};
pub use json::JsonPlugin;
pub use process::ProcessPlugin;
pub use time::TimePlugin;

use rhai::{Dynamic, EvalAltResult, Position};

/// A Rhai runtime error carrying `message`.
pub fn script_error(message: impl Into<String>) -> Box<EvalAltResult> {
    Box::new(EvalAltResult::ErrorRuntime(
        Dynamic::from(message.into()),
        Position::NONE,
    ))
}
