//! `exit(code)` and `eprint(text)`: what a script run from cron or a monitoring system needs.

use rhai::{Dynamic, Engine, EvalAltResult, INT, Position, Scope};

use crate::host::Plugin;

pub struct ProcessPlugin;

impl Plugin for ProcessPlugin {
    fn name(&self) -> &'static str {
        "process"
    }

    fn summary(&self) -> &'static str {
        "exit(code) ends the script with that exit code; eprint(text) writes a line to stderr"
    }

    fn register(&self, engine: &mut Engine, _scope: &mut Scope<'static>) {
        // Termination cannot be caught by `try`, which is what ending the process needs.
        engine.register_fn("exit", |code: INT| -> Result<(), Box<EvalAltResult>> {
            Err(Box::new(EvalAltResult::ErrorTerminated(
                Dynamic::from(code),
                Position::NONE,
            )))
        });
        engine.register_fn("eprint", |text: &str| {
            crate::output::flush_script_output();
            eprintln!("{text}");
        });
    }
}
