//! What a script command says about itself in its leading comment block: a one-line summary,
//! its `--help` text, and the usage line (`// usage: NAME <jql> [--days N]`) that its
//! arguments are checked against before the script runs.

/// The leading comment block of `source`, without the `//` markers: every line up to the first
/// one that is not a comment (blank lines before it are skipped).
pub fn leading_comment(source: &str) -> Vec<String> {
    source
        .lines()
        .skip_while(|line| line.trim().is_empty())
        .map_while(|line| line.trim_start().strip_prefix("//"))
        .map(|text| text.strip_prefix(' ').unwrap_or(text).trim_end().to_owned())
        .collect()
}

/// The first sentence of the comment block (which may run over a few lines), without a
/// leading `NAME.rhai — ` or `NAME: `.
pub fn summary(comment: &[String]) -> String {
    let paragraph: Vec<&str> = comment
        .iter()
        .map(|line| line.trim())
        .skip_while(|line| line.is_empty())
        .take_while(|line| !line.is_empty() && !line.to_ascii_lowercase().starts_with("usage:"))
        .collect();
    let text = paragraph.join(" ");
    let text = [" — ", " - ", ": "]
        .iter()
        .find_map(|separator| {
            text.split_once(separator)
                .filter(|(name, _)| !name.trim().contains(' '))
                .map(|(_, rest)| rest.trim())
        })
        .unwrap_or(&text);
    match text.find(". ") {
        Some(end) => text[..=end].to_owned(),
        None => text.to_owned(),
    }
}

/// One argument a usage line names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Param {
    /// `JQL` or `<jql>` (required), `[DAYS]` (optional), `FILES...` (any number).
    Positional {
        name: String,
        required: bool,
        many: bool,
    },
    /// `--days N` (takes a value; `csv|jsonl` lists the values allowed) or `--apply` (a flag).
    Option {
        name: String,
        value: Option<String>,
        required: bool,
    },
}

/// A parsed usage line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Usage {
    /// The arguments as written after the command's name, for messages.
    pub text: String,
    pub params: Vec<Param>,
}

/// The usage line of a comment block (`usage: …`, any case), its program part dropped:
/// `jshell`, then the command's name or a path ending in `.rhai`.
pub fn usage(comment: &[String], name: &str) -> Option<Usage> {
    let line = comment.iter().find_map(|line| {
        let trimmed = line.trim_start();
        trimmed
            .get(..6)
            .filter(|head| head.eq_ignore_ascii_case("usage:"))
            .map(|_| trimmed[6..].trim().to_owned())
    })?;
    let mut words: Vec<String> = groups(&line);
    if words.first().is_some_and(|word| word == "jshell") {
        words.remove(0);
    }
    if words
        .first()
        .is_some_and(|word| word.ends_with(".rhai") || same_name(word, name))
    {
        words.remove(0);
    }
    Some(Usage {
        text: words.join(" "),
        params: words.iter().filter_map(|word| param(word)).collect(),
    })
}

/// Whether two command names are the same, `_` and `-` alike.
pub fn same_name(a: &str, b: &str) -> bool {
    a.replace('_', "-") == b.replace('_', "-")
}

/// Splits a usage line into words, keeping each `[…]` group whole.
fn groups(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    for character in line.chars() {
        match character {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if character.is_whitespace() && depth == 0 {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
        } else {
            current.push(character);
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// One word of a usage line as a parameter: `[…]` is optional, `--name [VALUE]` an option,
/// anything else a positional (`...`/`…` after it: any number).
fn param(word: &str) -> Option<Param> {
    let (inner, required) = match word.strip_prefix('[').and_then(|w| w.strip_suffix(']')) {
        Some(inner) => (inner.trim(), false),
        None => (word, true),
    };
    if let Some(option) = inner.strip_prefix("--") {
        let (name, value) = match option.split_once([' ', '=']) {
            Some((name, value)) => (name, Some(value.trim().to_owned())),
            None => (option, None),
        };
        return Some(Param::Option {
            name: name.to_owned(),
            value,
            required,
        });
    }
    let many = inner.ends_with("...") || inner.ends_with('…');
    let name = inner.trim_end_matches(['.', '…']);
    let name = name.trim_start_matches('<').trim_end_matches('>');
    // Words like `ARGS`, `<jql>` or `jql`; a lone `|` or `...` names nothing.
    (!name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || "_-:".contains(c)))
    .then(|| Param::Positional {
        name: name.to_owned(),
        required: required && !many,
        many,
    })
}

impl Usage {
    /// Checks `args` against the usage line: known options, their values (one of the listed
    /// ones when the line lists them), required options and positionals present, no extras.
    pub fn check(&self, args: &[String]) -> Result<(), String> {
        let mut positionals = 0usize;
        let mut given = Vec::new();
        let mut words = args.iter();
        while let Some(word) = words.next() {
            let Some(option) = word.strip_prefix("--").filter(|rest| !rest.is_empty()) else {
                positionals += 1;
                continue;
            };
            let (name, inline) = match option.split_once('=') {
                Some((name, value)) => (name, Some(value.to_owned())),
                None => (option, None),
            };
            self.option_value(name, inline, &mut words)?;
            given.push(name.to_owned());
        }
        self.check_required(&given, positionals)
    }

    /// The value of `--name`, read from `=VALUE` or the next word, checked against the listed
    /// values; a flag has none.
    fn option_value(
        &self,
        name: &str,
        inline: Option<String>,
        words: &mut std::slice::Iter<'_, String>,
    ) -> Result<Option<String>, String> {
        let Some(placeholder) = self.params.iter().find_map(|param| match param {
            Param::Option {
                name: known, value, ..
            } if known == name => Some(value.clone()),
            _ => None,
        }) else {
            return Err(format!("unknown option --{name}"));
        };
        let Some(placeholder) = placeholder else {
            return match inline {
                Some(_) => Err(format!("--{name} is a flag and takes no value")),
                None => Ok(None),
            };
        };
        let value = match inline {
            Some(value) => value,
            None => words
                .next()
                .cloned()
                .ok_or_else(|| format!("--{name} needs a value ({placeholder})"))?,
        };
        let choices: Vec<&str> = placeholder.split('|').collect();
        if choices.len() > 1 && !choices.contains(&value.as_str()) {
            return Err(format!(
                "--{name} must be one of {}, not `{value}`",
                choices.join(", ")
            ));
        }
        Ok(Some(value))
    }

    fn check_required(&self, given: &[String], positionals: usize) -> Result<(), String> {
        let mut seen = 0usize;
        let mut unlimited = false;
        for param in &self.params {
            match param {
                Param::Option {
                    name,
                    required: true,
                    ..
                } if !given.contains(name) => return Err(format!("missing --{name}")),
                Param::Positional {
                    name,
                    required,
                    many,
                } => {
                    unlimited |= many;
                    seen += 1;
                    if *required && positionals < seen {
                        return Err(format!("missing {name}"));
                    }
                }
                Param::Option { .. } => {}
            }
        }
        if positionals > seen && !unlimited {
            return Err(format!(
                "too many arguments: {positionals} given, at most {seen} (quote an argument that holds spaces)"
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage_of(line: &str) -> Usage {
        usage(&[line.to_owned()], "stale").expect("a usage line")
    }

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|word| (*word).to_owned()).collect()
    }

    #[test]
    fn the_summary_drops_the_file_name() {
        let comment = leading_comment("\n// x.rhai — does a thing.\n//\n// Usage: x\nlet a = 1;");
        assert_eq!(summary(&comment), "does a thing.");
        assert_eq!(comment.len(), 3);
        let comment = leading_comment("// x — runs over\n// two lines. Then more.\nlet a = 1;");
        assert_eq!(summary(&comment), "runs over two lines.");
    }

    #[test]
    fn a_usage_line_is_checked() {
        let usage = usage_of("usage: stale <jql> [--days N] [--format csv|jsonl] [--apply]");
        assert_eq!(
            usage.text,
            "<jql> [--days N] [--format csv|jsonl] [--apply]"
        );
        assert_eq!(usage.check(&args(&["p = A", "--days", "3"])), Ok(()));
        assert_eq!(
            usage.check(&args(&["--apply", "p = A", "--days=3"])),
            Ok(())
        );
        assert_eq!(usage.check(&args(&[])), Err("missing jql".to_owned()));
        assert_eq!(
            usage.check(&args(&["q", "--days"])),
            Err("--days needs a value (N)".to_owned())
        );
        assert_eq!(
            usage.check(&args(&["q", "--dayz", "1"])),
            Err("unknown option --dayz".to_owned())
        );
        assert!(usage.check(&args(&["q", "--format", "xml"])).is_err());
        assert!(usage.check(&args(&["q", "r"])).is_err());
    }

    #[test]
    fn the_program_part_is_dropped_whatever_it_is() {
        let usage = usage_of("Usage: jshell scripts/stale_issues.rhai [DAYS] [JQL]");
        assert_eq!(usage.text, "[DAYS] [JQL]");
        assert_eq!(usage.check(&args(&[])), Ok(()));
        let usage = usage_of("usage: jshell stale FILES...");
        assert_eq!(usage.check(&args(&["a", "b", "c"])), Ok(()));
    }
}
