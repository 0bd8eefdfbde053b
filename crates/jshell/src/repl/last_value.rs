//! `_`, the last value, as in IPython. Rhai reserves a lone `_`, so the REPL stores the value
//! under another name and rewrites each standalone `_` of an input to it before running it.

/// The name the last value is stored under.
pub const STORED_AS: &str = "__last_value";

/// Replaces each standalone `_` outside strings and comments with [`STORED_AS`].
pub fn rewrite(input: &str) -> String {
    let chars: Vec<char> = input.chars().collect();
    let mut out = String::with_capacity(input.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '"' | '\'' | '`' => {
                let end = closing_quote(&chars, i);
                out.extend(&chars[i..end]);
                i = end;
            }
            '/' if chars.get(i + 1) == Some(&'/') => {
                let end = chars[i..]
                    .iter()
                    .position(|&c| c == '\n')
                    .map_or(chars.len(), |n| i + n);
                out.extend(&chars[i..end]);
                i = end;
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                let end = (i + 2..chars.len().saturating_sub(1))
                    .find(|&j| chars[j] == '*' && chars[j + 1] == '/')
                    .map_or(chars.len(), |j| j + 2);
                out.extend(&chars[i..end]);
                i = end;
            }
            '_' if !is_identifier(chars.get(i.wrapping_sub(1)).copied())
                && !is_identifier(chars.get(i + 1).copied()) =>
            {
                out.push_str(STORED_AS);
                i += 1;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn is_identifier(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// The index just past the string that starts at `start`, honouring backslash escapes.
fn closing_quote(chars: &[char], start: usize) -> usize {
    let quote = chars[start];
    let mut j = start + 1;
    while j < chars.len() {
        match chars[j] {
            '\\' => j += 2,
            c if c == quote => return j + 1,
            _ => j += 1,
        }
    }
    chars.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_standalone_underscores_outside_strings_change() {
        assert_eq!(rewrite("_ * 2"), "__last_value * 2");
        assert_eq!(rewrite("_.key"), "__last_value.key");
        assert_eq!(rewrite("my_var + _"), "my_var + __last_value");
        assert_eq!(rewrite("\"_\" + '_' + `_`"), "\"_\" + '_' + `_`");
        assert_eq!(rewrite("1 // _ stays\n_"), "1 // _ stays\n__last_value");
        assert_eq!(rewrite("\"a\\\"_\" + _"), "\"a\\\"_\" + __last_value");
    }
}
