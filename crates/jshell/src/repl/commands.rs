//! The REPL's `:` commands.

use std::io::Write as _;

use jira::methods::spec::Area;

use crate::cli::OutputFormat;

use super::Repl;

pub enum Next {
    Continue,
    Quit,
}

const HELP: &str = "\
Commands:
  :help              this text
  :help METHOD       what a jira method does, its arguments and options
  :vars              the variables of this session
  :history           the inputs of this and earlier sessions
  :load FILE         run a script file in this session
  :save FILE         write this session's inputs (those that ran) as a script
  :output FORMAT     echo values as json, yaml, text or auto
  :quit              leave (or press Ctrl-D)
Ctrl-C clears the line, or stops the running call. `_` holds the last value.";

pub fn run(repl: &mut Repl, command: &str) -> Next {
    let (name, argument) = command
        .trim()
        .split_once(char::is_whitespace)
        .map_or((command.trim(), ""), |(name, rest)| (name, rest.trim()));
    match name {
        "help" | "h" | "?" if argument.is_empty() => help(repl),
        "help" | "h" | "?" => help_method(argument),
        "vars" => vars(repl),
        "history" => history(repl),
        "load" => load(repl, argument),
        "save" => save(repl, argument),
        "output" => output(repl, argument),
        "quit" | "q" | "exit" => return Next::Quit,
        other => eprintln!("error: unknown command :{other}; type :help for the list"),
    }
    Next::Continue
}

fn help(repl: &Repl) {
    println!("{HELP}");
    println!();
    println!("Plugins:");
    for (name, summary) in repl.host.plugins() {
        println!("  {name:<6} {summary}");
    }
    println!();
    println!("jira methods (:help METHOD for one):");
    for area in Area::ALL {
        let names: Vec<&str> = jira::methods::all()
            .filter(|spec| spec.area == area)
            .map(|spec| spec.name)
            .collect();
        if !names.is_empty() {
            println!("  {}:", area.title());
            println!("    {}", names.join(" "));
        }
    }
}

fn help_method(name: &str) {
    let name = name.trim_start_matches("jira.").trim_end_matches("()");
    let Some(spec) = jira::methods::find(name) else {
        eprintln!("error: jira has no method `{name}`; :help lists them");
        return;
    };
    print!("{}", crate::reference::method_section(spec));
}

fn vars(repl: &Repl) {
    for (name, constant, value) in repl.host.scope.iter() {
        let name = if name == super::last_value::STORED_AS {
            "_"
        } else {
            name
        };
        let kind = if constant { "const" } else { "let" };
        println!("  {kind} {name}: {}", value.type_name());
    }
}

fn history(repl: &Repl) {
    for (number, entry) in repl.editor.history().iter().enumerate() {
        println!("{:>5}  {}", number + 1, entry.replace('\n', "\n       "));
    }
}

fn load(repl: &mut Repl, path: &str) {
    if path.is_empty() {
        eprintln!("error: :load needs a file, e.g. :load scripts/whoami.rhai");
        return;
    }
    match std::fs::read_to_string(path) {
        Ok(text) => repl.evaluate(path, &text),
        Err(error) => eprintln!("error: cannot read {path}: {error}"),
    }
}

fn save(repl: &Repl, path: &str) {
    if path.is_empty() {
        eprintln!("error: :save needs a file, e.g. :save session.rhai");
        return;
    }
    let mut script = String::from("// Saved from a jshell session.\n");
    for input in &repl.session {
        script.push_str(input.trim_end());
        if !input.trim_end().ends_with(['}', ';']) {
            script.push(';');
        }
        script.push('\n');
    }
    let written =
        std::fs::File::create(path).and_then(|mut file| file.write_all(script.as_bytes()));
    match written {
        Ok(()) => println!("Saved {} inputs to {path}", repl.session.len()),
        Err(error) => eprintln!("error: cannot write {path}: {error}"),
    }
}

fn output(repl: &mut Repl, format: &str) {
    repl.output = match format {
        "json" => Some(OutputFormat::Json),
        "yaml" => Some(OutputFormat::Yaml),
        "text" => Some(OutputFormat::Text),
        "auto" | "" => None,
        other => {
            eprintln!("error: unknown format `{other}`; choose json, yaml, text or auto");
            return;
        }
    };
    println!(
        "Values are now echoed as {}",
        if format.is_empty() { "auto" } else { format }
    );
}
