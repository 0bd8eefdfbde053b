//! Script commands: a Rhai script named NAME.rhai in a `--plugin-path` directory, in
//! `$XDG_CONFIG_HOME/jshell/commands/`, given by the embedder or bundled runs as
//! `jshell NAME ARGS…`. Its leading comment block is its `--help`, and its usage line checks
//! its arguments before it runs. Built-in subcommands win over a command of the same name.

pub mod usage;

use std::path::{Path, PathBuf};

use crate::failure::Failure;
use crate::run::Source;

/// The scripts of `scripts/`, bundled so they are commands wherever jshell is installed.
const BUNDLED: [(&str, &str); 6] = [
    (
        "export-issues",
        include_str!("../../../../scripts/export_issues.rhai"),
    ),
    (
        "bulk-transition",
        include_str!("../../../../scripts/bulk_transition.rhai"),
    ),
    (
        "stale-issues",
        include_str!("../../../../scripts/stale_issues.rhai"),
    ),
    (
        "license-monitor",
        include_str!("../../../../scripts/license_monitor.rhai"),
    ),
    (
        "server-info",
        include_str!("../../../../scripts/server_info.rhai"),
    ),
    ("whoami", include_str!("../../../../scripts/whoami.rhai")),
];

/// Where a command comes from, in the order a name is looked up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A file: in a `--plugin-path` directory or the user's commands directory.
    File(PathBuf),
    /// Compiled into the binary by its embedder.
    Embedded,
    /// One of jshell's own scripts.
    Bundled,
}

/// One command: its name, where it is, and its text.
#[derive(Clone, Debug)]
pub struct ScriptCommand {
    pub name: String,
    pub origin: Origin,
    pub source: String,
}

impl ScriptCommand {
    /// The first line of its comment block.
    pub fn summary(&self) -> String {
        usage::summary(&usage::leading_comment(&self.source))
    }

    /// Its `--help`: the comment block, with its usage line naming the command.
    pub fn help(&self, program: &str) -> String {
        let comment = usage::leading_comment(&self.source);
        let usage = usage::usage(&comment, &self.name);
        let mut help = String::new();
        for line in &comment {
            if line.trim_start().to_ascii_lowercase().starts_with("usage:")
                && let Some(usage) = &usage
            {
                help.push_str(&format!("Usage: {program} {} {}\n", self.name, usage.text));
            } else {
                help.push_str(line);
                help.push('\n');
            }
        }
        help
    }

    /// Checks `args` against the usage line (none: anything goes); the error shows the usage.
    pub fn check(&self, program: &str, args: &[String]) -> Result<(), Failure> {
        let comment = usage::leading_comment(&self.source);
        let Some(usage) = usage::usage(&comment, &self.name) else {
            return Ok(());
        };
        usage.check(args).map_err(|why| {
            Failure::usage(format!(
                "{program} {}: {why}\nusage: {program} {} {}\n`{program} {} --help` says more",
                self.name, self.name, usage.text, self.name
            ))
        })
    }

    /// The script to run: named by its file (or its name when compiled in), with imports
    /// resolved first from the file's directory (else `here`), as `jshell FILE` does.
    pub fn into_source(self, here: &Path) -> Source {
        let (name, dir) = match &self.origin {
            Origin::File(path) => (
                path.display().to_string(),
                path.parent()
                    .map_or_else(|| here.to_path_buf(), Path::to_path_buf),
            ),
            Origin::Embedded | Origin::Bundled => (self.name.clone(), here.to_path_buf()),
        };
        Source {
            name,
            text: self.source,
            dir,
        }
    }

    /// What `jshell commands` shows as its origin.
    pub fn origin_label(&self) -> String {
        match &self.origin {
            Origin::File(path) => path.display().to_string(),
            Origin::Embedded => "built in".to_owned(),
            Origin::Bundled => "bundled".to_owned(),
        }
    }
}

/// The user's commands directory: `$XDG_CONFIG_HOME/jshell/commands`.
pub fn user_dir() -> Option<PathBuf> {
    dirs::config_dir().map(|dir| dir.join("jshell").join("commands"))
}

/// Every command, each name once: `--plugin-path` directories first, then the user's
/// directory, the embedder's and jshell's bundled scripts.
pub fn discover(
    plugin_paths: &[PathBuf],
    embedded: &[(&'static str, &'static str)],
) -> Vec<ScriptCommand> {
    let mut found: Vec<ScriptCommand> = Vec::new();
    let dirs = plugin_paths.iter().cloned().chain(user_dir());
    let files = dirs.flat_map(|dir| files_in(&dir));
    let compiled = embedded
        .iter()
        .map(|(name, source)| (name, source, Origin::Embedded))
        .chain(
            BUNDLED
                .iter()
                .map(|(name, source)| (name, source, Origin::Bundled)),
        )
        .map(|(name, source, origin)| ScriptCommand {
            name: (*name).to_owned(),
            origin,
            source: (*source).to_owned(),
        });
    for command in files.chain(compiled) {
        if !found
            .iter()
            .any(|seen| usage::same_name(&seen.name, &command.name))
        {
            found.push(command);
        }
    }
    found.sort_by(|a, b| a.name.cmp(&b.name));
    found
}

/// The command called `name` (`_` and `-` alike).
pub fn find(
    name: &str,
    plugin_paths: &[PathBuf],
    embedded: &[(&'static str, &'static str)],
) -> Option<ScriptCommand> {
    discover(plugin_paths, embedded)
        .into_iter()
        .find(|command| usage::same_name(&command.name, name))
}

/// The `*.rhai` files of `dir` as commands, named by their stem with `_` as `-`. A directory
/// that does not exist has none; one that cannot be read is said on stderr.
fn files_in(dir: &Path) -> Vec<ScriptCommand> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(error) => {
            eprintln!(
                "warning: cannot list the commands in {}: {error}",
                dir.display()
            );
            return Vec::new();
        }
    };
    let mut commands = Vec::new();
    for path in entries.filter_map(|entry| entry.ok().map(|entry| entry.path())) {
        let Some(stem) = path
            .extension()
            .filter(|extension| *extension == "rhai")
            .and_then(|_| path.file_stem())
            .and_then(|stem| stem.to_str())
        else {
            continue;
        };
        match std::fs::read_to_string(&path) {
            Ok(source) => commands.push(ScriptCommand {
                name: stem.replace('_', "-"),
                origin: Origin::File(path.clone()),
                source,
            }),
            Err(error) => eprintln!(
                "warning: cannot read the command {}: {error}",
                path.display()
            ),
        }
    }
    commands.sort_by(|a, b| a.name.cmp(&b.name));
    commands
}

/// `jshell commands`: each command with its summary and origin; a command hidden by a built-in
/// subcommand is marked, and said on stderr.
pub fn list(program: &clap::Command, commands: &[ScriptCommand]) -> String {
    let width = commands
        .iter()
        .map(|command| command.name.len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for command in commands {
        let hidden = clashes(program, &command.name);
        if hidden {
            eprintln!(
                "warning: the command `{}` ({}) has the name of a built-in subcommand, which wins: rename it to run it",
                command.name,
                command.origin_label()
            );
        }
        out.push_str(&format!(
            "{:width$}  {}  [{}{}]\n",
            command.name,
            command.summary(),
            command.origin_label(),
            if hidden {
                "; hidden by the built-in"
            } else {
                ""
            },
        ));
    }
    if commands.is_empty() {
        out.push_str("no script commands\n");
    }
    out
}

/// Whether `name` is a built-in subcommand (or an alias of one, or `help`).
pub fn clashes(program: &clap::Command, name: &str) -> bool {
    name == "help"
        || program
            .get_subcommands()
            .any(|sub| sub.get_name() == name || sub.get_all_aliases().any(|alias| alias == name))
}

/// `program` with each command as a subcommand, for completion scripts.
pub fn with_commands(program: clap::Command, commands: &[ScriptCommand]) -> clap::Command {
    commands
        .iter()
        .filter(|command| !clashes(&program, &command.name))
        .fold(program.clone(), |program, command| {
            program.subcommand(
                clap::Command::new(command.name.clone())
                    .about(command.summary())
                    .arg(clap::Arg::new("ARGS").num_args(0..).trailing_var_arg(true)),
            )
        })
}
