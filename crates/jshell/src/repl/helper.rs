//! Line editing: completion of `jira.` methods, plugin functions, variables and map keys
//! (taken from the engine and the scope, so they never drift), and bracket matching.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use rustyline::completion::{Completer, Pair};
use rustyline::highlight::{CmdKind, Highlighter, MatchingBracketHighlighter};
use rustyline::hint::Hinter;
use rustyline::validate::Validator;
use rustyline::{Context, Helper};

/// What completion offers, refreshed after each input.
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// Methods callable on `jira`.
    pub jira_methods: BTreeSet<String>,
    /// `module::function` names of the plugins.
    pub module_functions: BTreeSet<String>,
    /// Variables in scope.
    pub variables: BTreeSet<String>,
    /// Keys of map variables, by variable.
    pub map_keys: Vec<(String, Vec<String>)>,
}

pub struct ReplHelper {
    pub vocabulary: Rc<RefCell<Vocabulary>>,
    brackets: MatchingBracketHighlighter,
    colour: bool,
}

impl ReplHelper {
    pub fn new(vocabulary: Rc<RefCell<Vocabulary>>, colour: bool) -> Self {
        Self {
            vocabulary,
            brackets: MatchingBracketHighlighter::new(),
            colour,
        }
    }
}

impl Helper for ReplHelper {}
impl Validator for ReplHelper {}
impl Hinter for ReplHelper {
    type Hint = String;
}

impl Highlighter for ReplHelper {
    fn highlight<'l>(&self, line: &'l str, pos: usize) -> Cow<'l, str> {
        if self.colour {
            self.brackets.highlight(line, pos)
        } else {
            Cow::Borrowed(line)
        }
    }

    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(
        &'s self,
        prompt: &'p str,
        _default: bool,
    ) -> Cow<'b, str> {
        if self.colour {
            Cow::Owned(format!("\x1b[1;32m{prompt}\x1b[0m"))
        } else {
            Cow::Borrowed(prompt)
        }
    }

    fn highlight_char(&self, line: &str, pos: usize, kind: CmdKind) -> bool {
        self.colour && self.brackets.highlight_char(line, pos, kind)
    }
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let before = &line[..pos];
        let start = before
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.' || c == ':'))
            .map_or(0, |i| {
                i + before[i..].chars().next().map_or(1, char::len_utf8)
            });
        let word = &before[start..];
        let vocabulary = self.vocabulary.borrow();
        let candidates = candidates(&vocabulary, word);
        Ok((
            start,
            candidates
                .into_iter()
                .map(|c| Pair {
                    display: c.clone(),
                    replacement: c,
                })
                .collect(),
        ))
    }
}

/// Completions of `word`, each the whole replacement for it.
pub fn candidates(vocabulary: &Vocabulary, word: &str) -> Vec<String> {
    if let Some((object, partial)) = word.rsplit_once('.') {
        let members: Vec<String> = if object == "jira" {
            vocabulary
                .jira_methods
                .iter()
                .map(|method| format!("{method}("))
                .collect()
        } else {
            vocabulary
                .map_keys
                .iter()
                .find(|(name, _)| name == object)
                .map(|(_, keys)| keys.clone())
                .unwrap_or_default()
        };
        return members
            .into_iter()
            .filter(|member| member.starts_with(partial))
            .map(|member| format!("{object}.{member}"))
            .collect();
    }
    if word.contains("::") {
        return vocabulary
            .module_functions
            .iter()
            .filter(|function| function.starts_with(word))
            .map(|function| format!("{function}("))
            .collect();
    }
    let modules: BTreeSet<String> = vocabulary
        .module_functions
        .iter()
        .filter_map(|function| {
            function
                .split_once("::")
                .map(|(module, _)| format!("{module}::"))
        })
        .collect();
    vocabulary
        .variables
        .iter()
        .cloned()
        .chain(modules)
        .filter(|name| name.starts_with(word))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vocabulary {
        Vocabulary {
            jira_methods: ["server_info", "search_issues", "myself"]
                .map(str::to_owned)
                .into(),
            module_functions: ["json::parse", "json::pretty", "time::now"]
                .map(str::to_owned)
                .into(),
            variables: ["jira", "issues", "me"].map(str::to_owned).into(),
            map_keys: vec![(
                "me".to_owned(),
                vec!["name".to_owned(), "displayName".to_owned()],
            )],
        }
    }

    #[test]
    fn jira_methods_complete_after_the_dot() {
        assert_eq!(
            candidates(&vocabulary(), "jira.se"),
            ["jira.search_issues(", "jira.server_info("]
        );
    }

    #[test]
    fn map_keys_modules_and_variables_complete() {
        assert_eq!(candidates(&vocabulary(), "me.dis"), ["me.displayName"]);
        assert_eq!(
            candidates(&vocabulary(), "json::p"),
            ["json::parse(", "json::pretty("]
        );
        assert_eq!(candidates(&vocabulary(), "j"), ["jira", "json::"]);
    }
}
