//! Which `jira` methods a script can reach, so that only those are registered: every entry of
//! the method table for every arity is some 1,000 functions, a few milliseconds at each start,
//! while a script calls a handful.

use std::collections::HashSet;

/// The methods to register.
#[derive(Clone, Debug, Default)]
pub enum Reach {
    /// Every method: the REPL (the next input may call any), and any script that could call
    /// one by a name not written in it (it imports modules, or uses `eval`, `Fn`, `call`).
    #[default]
    Everything,
    /// Those whose name or alias is a word of the script's text, in code or in a string.
    Named(HashSet<String>),
}

/// Words that let a script call a method whose name it does not spell out.
const DYNAMIC: [&str; 4] = ["import", "eval", "Fn", "call"];

impl Reach {
    /// What `source` can reach: the words of its text, unless it could call by other names.
    pub fn of_source(source: &str) -> Self {
        let words: HashSet<String> = source
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|word| !word.is_empty())
            .map(str::to_owned)
            .collect();
        if DYNAMIC.iter().any(|word| words.contains(*word)) {
            Self::Everything
        } else {
            Self::Named(words)
        }
    }

    /// Whether a method called `name` is to be registered.
    pub fn covers(&self, name: &str) -> bool {
        match self {
            Self::Everything => true,
            Self::Named(words) => words.contains(name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_script_reaches_the_methods_it_names_in_code_or_strings() {
        let reach = Reach::of_source("let i = jira.issue(\"A-1\"); i.map(|x| jira.myself())");
        assert!(reach.covers("issue") && reach.covers("myself"));
        assert!(!reach.covers("issues") && !reach.covers("server_info"));
    }

    #[test]
    fn a_script_that_could_call_by_other_names_reaches_everything() {
        for source in [
            "import \"lib/issues\" as issues; 1",
            "eval(\"jira.myself()\")",
            "let f = Fn(\"x\"); 1",
            "f.call(1)",
        ] {
            assert!(Reach::of_source(source).covers("server_info"), "{source}");
        }
    }
}
