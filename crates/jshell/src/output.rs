//! Printing a script's final value: JSON for maps and arrays (pretty on a terminal, compact when
//! piped), or as `--output` says.

use std::io::Write as _;

use rhai::Dynamic;

use crate::cli::OutputFormat;
use crate::failure::Failure;
use crate::host::convert::{is_object, to_json};

pub fn print_value(
    value: &Dynamic,
    format: Option<OutputFormat>,
    terminal: bool,
) -> Result<(), Failure> {
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

/// Writes one line of a script's `print` to stdout in one write: stdout is line-buffered, and
/// `writeln!` would hand it the text and the newline separately, which for a line longer than
/// its buffer (an exported issue) costs two system calls instead of one.
pub fn print_line(text: &str) -> std::io::Result<()> {
    let mut line = String::with_capacity(text.len() + 1);
    line.push_str(text);
    line.push('\n');
    std::io::stdout().lock().write_all(line.as_bytes())
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
