//! What reaches stdout: the lines a script prints (written in blocks to a file or a pipe, see
//! [`print_line`]) and its final value, JSON for maps and arrays (pretty on a terminal, compact
//! when piped) or as `--output` says.

use std::io::{IsTerminal as _, Write as _};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};

use rhai::Dynamic;

use crate::cli::OutputFormat;
use crate::failure::Failure;
use crate::host::convert::{is_object, to_json};

pub fn print_value(
    value: &Dynamic,
    format: Option<OutputFormat>,
    terminal: bool,
) -> Result<(), Failure> {
    flush_script_output();
    if value.is_unit() {
        return Ok(());
    }
    let text = render(value, format, terminal)?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{text}")
        .and_then(|()| stdout.flush())
        .or_else(|error| {
            // A closed pipe (`| head`) is not an error worth reporting.
            if error.kind() == std::io::ErrorKind::BrokenPipe {
                Ok(())
            } else {
                Err(Failure::usage(format!("cannot write the output: {error}")))
            }
        })
}

/// Pending output is written once it reaches this much.
const BLOCK: usize = 64 * 1024;

/// What scripts print, on its way to stdout. To a terminal a line is written as it comes; to a
/// file or a pipe lines are written in blocks of [`BLOCK`], as C's stdio does, since an
/// export prints a line per issue and a system call per line costs more than the rest of the
/// export. Pending lines are written when the script waits for Jira, writes to stderr, has run
/// a while (the host's progress callback) and ends ([`flush_script_output`]), so a pipe still
/// sees output while a long script runs.
struct ScriptStdout {
    pending: Vec<u8>,
    /// The first failed write; nothing more is written after it.
    failure: Option<std::io::Error>,
}

static SCRIPT_STDOUT: Mutex<ScriptStdout> = Mutex::new(ScriptStdout {
    pending: Vec::new(),
    failure: None,
});

/// Whether stdout failed, read at every step of a script, without taking the lock.
static FAILED: AtomicBool = AtomicBool::new(false);

fn script_stdout() -> MutexGuard<'static, ScriptStdout> {
    SCRIPT_STDOUT
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn line_by_line() -> bool {
    static TERMINAL: OnceLock<bool> = OnceLock::new();
    *TERMINAL.get_or_init(|| std::io::stdout().is_terminal())
}

impl ScriptStdout {
    fn write_pending(&mut self) {
        if self.failure.is_some() || self.pending.is_empty() {
            return;
        }
        let mut stdout = std::io::stdout().lock();
        if let Err(error) = stdout
            .write_all(&self.pending)
            .and_then(|()| stdout.flush())
        {
            self.failure = Some(error);
            FAILED.store(true, Ordering::Relaxed);
        }
        self.pending.clear();
    }
}

/// One line of a script's `print`.
pub fn print_line(text: &str) {
    let mut stdout = script_stdout();
    if stdout.failure.is_some() {
        return;
    }
    stdout.pending.extend_from_slice(text.as_bytes());
    stdout.pending.push(b'\n');
    if line_by_line() || stdout.pending.len() >= BLOCK {
        stdout.write_pending();
    }
}

/// Writes what scripts printed and is still pending.
pub fn flush_script_output() {
    script_stdout().write_pending();
}

/// Whether a write of a script's output failed (the script then stops at its next step).
pub fn script_output_failed() -> bool {
    FAILED.load(Ordering::Relaxed)
}

/// The failed write of a script's output, for the user; `None` when there was none or the
/// reader simply went away (`jshell export.rhai | head`), which is not an error.
pub fn script_output_error() -> Option<String> {
    let stdout = script_stdout();
    let error = stdout.failure.as_ref()?;
    (error.kind() != std::io::ErrorKind::BrokenPipe).then(|| error.to_string())
}

pub fn render(
    value: &Dynamic,
    format: Option<OutputFormat>,
    terminal: bool,
) -> Result<String, Failure> {
    let json = || to_json(value).map_err(|error| Failure::script(error.to_string()));
    let to_json_text = |pretty: bool| -> Result<String, Failure> {
        let json = json()?;
        let text = if pretty {
            serde_json::to_string_pretty(&json)
        } else {
            serde_json::to_string(&json)
        };
        text.map_err(|error| Failure::script(format!("cannot print the value as JSON: {error}")))
    };
    match format {
        Some(OutputFormat::Json) => to_json_text(terminal),
        Some(OutputFormat::Yaml) => {
            let text = serde_norway::to_string(&json()?).map_err(|error| {
                Failure::script(format!("cannot print the value as YAML: {error}"))
            })?;
            Ok(text.trim_end().to_owned())
        }
        Some(OutputFormat::Text) if value.is_array() => {
            let items = value.clone().into_array().unwrap_or_default();
            let lines: Result<Vec<String>, Failure> = items
                .iter()
                .map(|item| {
                    if is_object(item) || item.is_array() {
                        render(item, Some(OutputFormat::Json), false)
                    } else {
                        Ok(item.to_string())
                    }
                })
                .collect();
            Ok(lines?.join("\n"))
        }
        Some(OutputFormat::Text) | None if !(is_object(value) || value.is_array()) => {
            Ok(value.to_string())
        }
        Some(OutputFormat::Text) | None => to_json_text(terminal),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(json: serde_json::Value) -> Dynamic {
        crate::host::convert::into_rhai(json)
    }

    #[test]
    fn maps_are_compact_json_on_pipes_and_pretty_on_terminals() {
        let map = value(serde_json::json!({"a": 1}));
        assert_eq!(render(&map, None, false).expect("renders"), r#"{"a":1}"#);
        assert_eq!(
            render(&map, None, true).expect("renders"),
            "{\n  \"a\": 1\n}"
        );
    }

    #[test]
    fn strings_are_plain_unless_json_is_asked_for() {
        let text = Dynamic::from("ABC-1");
        assert_eq!(render(&text, None, false).expect("renders"), "ABC-1");
        assert_eq!(
            render(&text, Some(OutputFormat::Json), false).expect("renders"),
            "\"ABC-1\""
        );
    }

    #[test]
    fn yaml_and_text_forms() {
        let list = value(serde_json::json!(["a", {"b": 2}]));
        assert_eq!(
            render(&list, Some(OutputFormat::Text), false).expect("renders"),
            "a\n{\"b\":2}"
        );
        assert_eq!(
            render(&list, Some(OutputFormat::Yaml), false).expect("renders"),
            "- a\n- b: 2"
        );
    }
}
