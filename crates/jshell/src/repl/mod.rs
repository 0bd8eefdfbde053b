//! The interactive session: `jshell` with no script on a terminal. jirashell's IPython shell,
//! with history, multi-line input, completion that cannot drift from the engine, `Out[n]`
//! echoes, Ctrl-C that cancels the running call, and errors that never end the session.

mod commands;
mod helper;
mod incomplete;
mod last_value;

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::rc::Rc;

use rhai::Dynamic;
use rustyline::error::ReadlineError;
use rustyline::history::FileHistory;
use rustyline::{Config, Editor};

use crate::cli::OutputFormat;
use crate::failure::Failure;
use crate::host::Host;
use crate::host::interrupt::Interrupt;
use crate::output;
use crate::run::{Source, script_failure};

use helper::{ReplHelper, Vocabulary};

const PROMPT: &str = "jshell> ";
const CONTINUATION: &str = "...     ";

/// What the banner says about the connection.
pub struct Banner {
    pub server: String,
    pub identity: String,
    /// What happens to requests that change Jira, said when they are not sent.
    pub writes: jira::WritePolicy,
}

pub struct Repl {
    host: Host,
    interrupt: Interrupt,
    editor: Editor<ReplHelper, FileHistory>,
    vocabulary: Rc<RefCell<Vocabulary>>,
    history_path: Option<PathBuf>,
    /// Inputs that ran without error, for `:save`.
    session: Vec<String>,
    output: Option<OutputFormat>,
    count: usize,
}

/// Where history lives: the XDG data directory, never the current directory.
fn history_path() -> Option<PathBuf> {
    let dir = dirs::data_dir()?.join("jshell");
    std::fs::create_dir_all(&dir).ok()?;
    Some(dir.join("history"))
}

impl Repl {
    pub fn new(
        host: Host,
        interrupt: Interrupt,
        output: Option<OutputFormat>,
    ) -> Result<Self, Failure> {
        let colour = std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal();
        let vocabulary = Rc::new(RefCell::new(Vocabulary::default()));
        let config = Config::builder()
            .auto_add_history(false)
            .history_ignore_dups(true)
            .map_err(|error| Failure::usage(format!("cannot configure line editing: {error}")))?
            .completion_type(rustyline::CompletionType::List)
            .max_history_size(10_000)
            .map_err(|error| Failure::usage(format!("cannot configure line editing: {error}")))?
            .build();
        let mut editor = Editor::with_config(config)
            .map_err(|error| Failure::usage(format!("cannot start line editing: {error}")))?;
        editor.set_helper(Some(ReplHelper::new(vocabulary.clone(), colour)));
        let history_path = history_path();
        if let Some(path) = &history_path {
            // A missing history file is the first session, not an error.
            let _ = editor.load_history(path);
        }
        let repl = Self {
            host,
            interrupt,
            editor,
            vocabulary,
            history_path,
            session: Vec::new(),
            output,
            count: 0,
        };
        repl.refresh_vocabulary();
        Ok(repl)
    }

    pub fn run(&mut self, banner: &Banner) -> Result<(), Failure> {
        println!("<jshell {} ({})>", env!("CARGO_PKG_VERSION"), banner.server);
        println!();
        println!("*** jshell active; client is in 'jira'. Press Ctrl-D to exit.");
        println!("{}", banner.identity);
        match banner.writes {
            jira::WritePolicy::ReadOnly => println!(
                "Read-only: requests that would change Jira are refused before they are sent."
            ),
            jira::WritePolicy::DryRun => {
                println!("Dry run: requests that would change Jira are shown on stderr, not sent.")
            }
            _ => {}
        }
        println!("Type :help for commands and the jira methods.");
        while let Some(input) = self.read_input()? {
            let trimmed = input.trim();
            if trimmed.is_empty() {
                continue;
            }
            self.remember(&input);
            if let Some(command) = trimmed.strip_prefix(':') {
                match commands::run(self, command) {
                    commands::Next::Continue => continue,
                    commands::Next::Quit => break,
                }
            }
            self.evaluate("<input>", &input);
        }
        Ok(())
    }

    /// Reads one input, continuing on `...` while it is unfinished. `None` at Ctrl-D.
    fn read_input(&mut self) -> Result<Option<String>, Failure> {
        let mut input = String::new();
        loop {
            let prompt = if input.is_empty() {
                PROMPT
            } else {
                CONTINUATION
            };
            match self.editor.readline(prompt) {
                Ok(line) => {
                    if !input.is_empty() {
                        input.push('\n');
                    }
                    input.push_str(&line);
                    let is_command = input.trim_start().starts_with(':');
                    // An empty line ends a continued input even when it is unfinished, so a
                    // stray bracket never traps the user.
                    if is_command
                        || line.trim().is_empty()
                        || !incomplete::is_incomplete(&self.host.engine, &input)
                    {
                        return Ok(Some(input));
                    }
                }
                Err(ReadlineError::Interrupted) => {
                    if !input.is_empty() {
                        println!("(input cleared)");
                    }
                    input.clear();
                }
                Err(ReadlineError::Eof) => {
                    return Ok(if input.is_empty() { None } else { Some(input) });
                }
                Err(error) => return Err(Failure::usage(format!("cannot read input: {error}"))),
            }
        }
    }

    fn remember(&mut self, input: &str) {
        let _ = self.editor.add_history_entry(input);
        if let Some(path) = &self.history_path {
            // Saved after every input so a crash or a killed terminal keeps the history.
            let _ = self.editor.append_history(path);
        }
    }

    /// Runs one input in the session and echoes its value as `Out[n]`; an error is shown and
    /// the session goes on.
    fn evaluate(&mut self, name: &str, input: &str) {
        self.count += 1;
        let result = self.host.run_in_session(name, &last_value::rewrite(input));
        self.interrupt.clear();
        match result {
            Ok(value) => {
                self.session.push(input.to_owned());
                self.echo(&value);
                if !value.is_unit() {
                    self.host.scope.set_or_push(last_value::STORED_AS, value);
                }
            }
            Err(error) => {
                let source = Source {
                    name: name.to_owned(),
                    text: input.to_owned(),
                    dir: PathBuf::from("."),
                };
                eprintln!("error: {}", script_failure(&error, &source).message);
            }
        }
        self.refresh_vocabulary();
    }

    fn echo(&self, value: &Dynamic) {
        if value.is_unit() {
            return;
        }
        match output::render(value, self.output, true) {
            Ok(text) => println!("Out[{}]: {text}", self.count),
            Err(failure) => eprintln!("error: {}", failure.message),
        }
    }

    fn refresh_vocabulary(&self) {
        let mut vocabulary = self.vocabulary.borrow_mut();
        vocabulary.jira_methods = jira_methods();
        vocabulary.module_functions = self
            .host
            .functions()
            .into_iter()
            .map(|function| function.name)
            .filter(|name| name.contains("::"))
            .collect();
        vocabulary.variables = self
            .host
            .scope
            .iter()
            .map(|(name, _, _)| name.to_owned())
            .filter(|name| name != last_value::STORED_AS)
            .collect();
        vocabulary.map_keys = self
            .host
            .scope
            .iter()
            .filter_map(|(name, _, value)| {
                let map = value.read_lock::<rhai::Map>()?;
                Some((
                    name.to_owned(),
                    map.keys().map(|key| key.to_string()).collect(),
                ))
            })
            .collect();
    }
}

/// The `jira` methods' names and aliases, from the method table.
fn jira_methods() -> BTreeSet<String> {
    jira::methods::all()
        .flat_map(|spec| std::iter::once(spec.name).chain(spec.aliases.iter().copied()))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_completed_jira_method_is_registered_on_the_engine() {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        let interrupt = Interrupt::default();
        let plugin = crate::host::plugins::JiraPlugin::new(
            Err("no server".to_owned()),
            crate::host::plugins::JiraContext {
                runtime: runtime.handle().clone(),
                interrupt: interrupt.clone(),
                progress: false,
                allow_fs: false,
                reach: crate::host::plugins::Reach::Everything,
            },
        );
        let host = Host::new(
            vec![Box::new(plugin), Box::new(crate::host::plugins::JsonPlugin)],
            crate::host::HostOptions {
                script_dir: PathBuf::from("."),
                plugin_paths: Vec::new(),
                interrupt,
            },
        );
        let registered: BTreeSet<String> = host
            .functions()
            .into_iter()
            .map(|function| function.name)
            .collect();
        let completed = jira_methods();
        assert!(completed.len() > 100, "{completed:?}");
        let missing: Vec<&String> = completed.difference(&registered).collect();
        assert!(
            missing.is_empty(),
            "completed but not callable: {missing:?}"
        );
    }
}
