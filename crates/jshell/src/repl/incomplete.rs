//! Whether an input is unfinished (an open block, bracket or string), so the REPL keeps reading
//! on a `...` prompt instead of reporting a syntax error.

use rhai::{Engine, LexError, ParseErrorType};

pub fn is_incomplete(engine: &Engine, input: &str) -> bool {
    let Err(error) = engine.compile(input) else {
        return false;
    };
    match &*error.0 {
        ParseErrorType::UnexpectedEOF | ParseErrorType::BadInput(LexError::UnterminatedString) => {
            true
        }
        // Inside an open block the parser reports the missing `}` (or a `;` before it) at the
        // very end of the input; a missing token anywhere else is a real mistake.
        ParseErrorType::MissingToken(..) => at_end_of(input, error.1),
        _ => false,
    }
}

fn at_end_of(input: &str, position: rhai::Position) -> bool {
    let lines: Vec<&str> = input.lines().collect();
    let (Some(line), Some(column)) = (position.line(), position.position()) else {
        return position.is_none();
    };
    let last_line = lines.len().max(1);
    let last_width = lines.last().map_or(0, |text| text.chars().count());
    line > last_line || (line == last_line && column > last_width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_blocks_brackets_and_strings_continue() {
        let engine = Engine::new();
        for input in [
            "fn f(x) {",
            "fn f(x) {\n    x * 2",
            "let a = [1, 2,",
            "print(\"abc",
            "if true {\n let x = 1;",
            "let m = #{a: 1,",
        ] {
            assert!(is_incomplete(&engine, input), "{input:?} should continue");
        }
    }

    #[test]
    fn finished_or_wrong_inputs_do_not() {
        let engine = Engine::new();
        for input in ["1 + 2", "fn f(x) { x }", "let a = ;", "1 +* 2", "}"] {
            assert!(
                !is_incomplete(&engine, input),
                "{input:?} should not continue"
            );
        }
    }
}
