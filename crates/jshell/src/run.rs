//! Running a script: where its text comes from, how its final value is printed, and how its
//! errors are shown (file:line:column, the offending line, a caret).

use std::io::{IsTerminal as _, Read as _};
use std::path::PathBuf;

use rhai::{Array, Dynamic, EvalAltResult, Position};

use crate::cli::ScriptArgs;
use crate::failure::{ErrorClass, Exit, Failure};
use crate::host::Host;
use crate::output;

/// A script's text and where it came from.
pub struct Source {
    /// `-e`, `<stdin>` or the file's path, for error messages.
    pub name: String,
    pub text: String,
    /// Where `import` looks first.
    pub dir: PathBuf,
}

/// The script to run: `-e`, a file, `-` or piped standard input. `None` when there is nothing
/// to run (standard input is a terminal and no script was given).
pub fn load_source(args: &ScriptArgs) -> Result<Option<Source>, Failure> {
    let here = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    if let Some(text) = &args.eval {
        return Ok(Some(Source {
            name: "-e".to_owned(),
            text: text.clone(),
            dir: here,
        }));
    }
    match args.script.as_deref() {
        Some("-") => read_stdin(here).map(Some),
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|error| {
                Failure::usage(format!("cannot read the script {path}: {error}"))
            })?;
            let dir = PathBuf::from(path)
                .parent()
                .filter(|parent| !parent.as_os_str().is_empty())
                .map_or(here, PathBuf::from);
            Ok(Some(Source {
                name: path.to_owned(),
                text,
                dir,
            }))
        }
        None if !std::io::stdin().is_terminal() => read_stdin(here).map(Some),
        None => Ok(None),
    }
}

fn read_stdin(dir: PathBuf) -> Result<Source, Failure> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|error| {
            Failure::usage(format!(
                "cannot read the script from standard input: {error}"
            ))
        })?;
    Ok(Source {
        name: "<stdin>".to_owned(),
        text,
        dir,
    })
}

/// Runs `source` with `args` as `ARGS` and prints its final value.
pub fn run(host: &mut Host, source: &Source, args: &ScriptArgs) -> Result<(), Failure> {
    let script_args: Array = args.args.iter().cloned().map(Dynamic::from).collect();
    host.scope.push_constant("ARGS", script_args);
    let outcome = host.run(&source.name, &source.text);
    if let Some(error) = output::script_output_error() {
        return Err(Failure::script(format!(
            "cannot write to standard output: {error}; the output is incomplete"
        )));
    }
    match outcome {
        Ok(value) => output::print_value(&value, args.output, std::io::stdout().is_terminal()),
        Err(_) if output::script_output_failed() => Ok(()),
        Err(error) => match requested_exit(&error) {
            Some(0) => Ok(()),
            Some(code) => Err(Failure::new(Exit::Requested(code), "")),
            None => Err(script_failure(&error, source)),
        },
    }
}

/// The code a script passed to `exit(code)`, which ends it through Rhai's termination.
fn requested_exit(error: &EvalAltResult) -> Option<u8> {
    match innermost(error) {
        EvalAltResult::ErrorTerminated(value, _) => value
            .as_int()
            .ok()
            .map(|code| u8::try_from(code.clamp(0, 255)).unwrap_or(u8::MAX)),
        _ => None,
    }
}

/// Turns a Rhai error into the message and exit code the user sees.
pub fn script_failure(error: &EvalAltResult, source: &Source) -> Failure {
    if let EvalAltResult::ErrorTerminated(..) = innermost(error) {
        return Failure::new(Exit::Interrupted, "interrupted");
    }
    if let EvalAltResult::ErrorRuntime(value, position) = innermost(error)
        && let Some(map) = value.read_lock::<rhai::Map>()
        && let (Some(kind), Some(message)) = (map.get("kind"), map.get("message"))
    {
        let exit = ErrorClass::from_name(&kind.to_string()).map_or(Exit::Script, ErrorClass::exit);
        let position = if position.is_none() {
            error.position()
        } else {
            *position
        };
        return Failure::new(exit, locate(&message.to_string(), position, source));
    }
    Failure::script(locate(&without_position(error), error.position(), source))
}

/// Rhai's message without the ` (line L, position C)` it appends: the location is shown
/// separately, with the offending line.
fn without_position(error: &EvalAltResult) -> String {
    let text = error.to_string();
    match text.rfind(" (line ") {
        Some(at) if text.ends_with(')') => text[..at].to_owned(),
        _ => text,
    }
}

fn innermost(error: &EvalAltResult) -> &EvalAltResult {
    match error {
        EvalAltResult::ErrorInFunctionCall(_, _, inner, _)
        | EvalAltResult::ErrorInModule(_, inner, _) => innermost(inner),
        other => other,
    }
}

/// `name:line:column: message`, then the offending line with a caret under the column.
fn locate(message: &str, position: Position, source: &Source) -> String {
    let (Some(line), column) = (position.line(), position.position()) else {
        return format!("{}: {message}", source.name);
    };
    let column = column.unwrap_or(1);
    let mut out = format!("{}:{line}:{column}: {message}", source.name);
    if let Some(code) = source.text.lines().nth(line.saturating_sub(1)) {
        let number = line.to_string();
        out.push_str(&format!(
            "\n {number} | {code}\n {} | {}^",
            " ".repeat(number.len()),
            " ".repeat(column.saturating_sub(1))
        ));
    }
    out
}
