//! [`Jshell`], the builder a binary is made of: the built-in plugins and any of the embedder's,
//! then the command line parsed and dispatched to the module that owns each command.

use std::borrow::Cow;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory as _, FromArgMatches as _};

use crate::cli::{self, Cli, Command, GlobalArgs, LoginArgs, ScriptArgs};
use crate::config::ConfigStore;
use crate::failure::Failure;
use crate::host::interrupt::Interrupt;
use crate::host::plugins::{
    EnvPlugin, FsPlugin, JiraContext, JiraPlugin, JsonPlugin, ProcessPlugin, Reach, TimePlugin,
};
use crate::host::{Host, HostOptions, Plugin};
use crate::{
    commands, connect, dry_run, identity, jirashell_args, keygen, login, profiles, reference,
    remembered, repl, run, settings, terminal,
};

/// The names of the built-in plugins, which an embedder's plugin may not take.
const BUILT_IN_PLUGINS: [&str; 6] = ["jira", "json", "env", "time", "fs", "process"];

/// A jshell binary: the command line, profiles, logins, scripts and the REPL, with the
/// built-in plugins and any added with [`plugin`](Jshell::plugin).
///
/// ```no_run
/// # struct Vault;
/// # impl jshell::Plugin for Vault {
/// #     fn name(&self) -> &'static str { "vault" }
/// #     fn summary(&self) -> &'static str { "" }
/// #     fn register(&self, _: &mut jshell::rhai::Engine, _: &mut jshell::rhai::Scope<'static>) {}
/// # }
/// fn main() -> std::process::ExitCode {
///     jshell::Jshell::new()
///         .name("acme-jshell")
///         .plugin(Vault)
///         .run()
/// }
/// ```
pub struct Jshell {
    name: Option<&'static str>,
    plugins: Vec<Box<dyn Plugin>>,
    commands: Vec<(&'static str, &'static str)>,
}

/// What a run takes from the builder besides the command line.
struct Embedding {
    /// The command line's definition, under the embedder's name.
    program: clap::Command,
    /// The embedder's plugins.
    plugins: Vec<Box<dyn Plugin>>,
    /// The embedder's script commands: name and Rhai source.
    commands: Vec<(&'static str, &'static str)>,
}

/// The command line read: what to run, or the exit code of a `--help` already printed.
enum Parsed {
    Run(Box<Cli>),
    Done(ExitCode),
}

impl Default for Jshell {
    fn default() -> Self {
        Self::new()
    }
}

impl Jshell {
    /// jshell as the `jshell` binary is: the built-in plugins and bundled commands only.
    pub fn new() -> Self {
        Self {
            name: None,
            plugins: Vec::new(),
            commands: Vec::new(),
        }
    }

    /// The program's name in `--help`, usage lines and completion scripts (default `jshell`).
    #[must_use]
    pub fn name(mut self, name: &'static str) -> Self {
        self.name = Some(name);
        self
    }

    /// Adds a plugin: registered on every script's engine after the built-in ones, listed by
    /// the REPL's `:help` and in `jshell api-reference`.
    #[must_use]
    pub fn plugin(mut self, plugin: impl Plugin + 'static) -> Self {
        self.plugins.push(Box::new(plugin));
        self
    }

    /// Adds a script command compiled into the binary: `source` (a Rhai script, e.g.
    /// `include_str!("report.rhai")`) runs as `PROGRAM name ARGS…`. Its leading comment block
    /// is its `--help` and its `// usage:` line checks its arguments, as for a command file.
    /// A file of the same name in the user's commands directory wins over it.
    #[must_use]
    pub fn command(mut self, name: &'static str, source: &'static str) -> Self {
        self.commands.push((name, source));
        self
    }

    /// Parses the process's command line, runs what it asks and returns the exit code jshell
    /// documents (0, 1 script, 2 usage, 3 authentication, 4 network, 130 interrupted).
    pub fn run(self) -> ExitCode {
        self.run_from(std::env::args_os())
    }

    /// As [`run`](Jshell::run), with the command line given (its first item is the program).
    /// Meant to be called once per process: a script's engine is left for the process's exit
    /// to free, which saves a millisecond of every run.
    pub fn run_from<I, T>(self, args: I) -> ExitCode
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString>,
    {
        let args = jirashell_args::translate(args.into_iter().map(Into::into));
        let outcome =
            self.embedding()
                .and_then(|mut embedding| match parse(&mut embedding, args) {
                    Parsed::Run(cli) => dispatch(&cli, embedding).map(|()| ExitCode::SUCCESS),
                    Parsed::Done(code) => Ok(code),
                });
        match outcome {
            Ok(code) => code,
            Err(failure) => {
                if !failure.message.is_empty() {
                    eprintln!("error: {}", failure.message);
                }
                ExitCode::from(failure.exit.code())
            }
        }
    }

    /// The builder's parts for a run; a plugin that takes a built-in's name is refused (its
    /// functions would silently replace or mix with the built-in's).
    fn embedding(self) -> Result<Embedding, Failure> {
        for plugin in &self.plugins {
            if BUILT_IN_PLUGINS.contains(&plugin.name()) {
                return Err(Failure::usage(format!(
                    "the plugin `{}` takes the name of a built-in plugin; give it another name",
                    plugin.name()
                )));
            }
        }
        let program = match self.name {
            Some(name) => Cli::command().name(name).bin_name(name),
            None => Cli::command(),
        };
        Ok(Embedding {
            program: cli::read::with_usage(program),
            plugins: self.plugins,
            commands: self.commands,
        })
    }
}

/// The command line as clap reads it. `jshell NAME --help` for a script command prints the
/// command's help rather than jshell's; other help, `--version` and a bad command line are
/// clap's to print and exit on, as always.
fn parse(embedding: &mut Embedding, args: Vec<OsString>) -> Parsed {
    let error = match cli::read::read(&mut embedding.program, &args) {
        Ok(cli) => return Parsed::Run(Box::new(cli)),
        Err(error) => error,
    };
    if error.kind() == clap::error::ErrorKind::DisplayHelp
        && let Some(help) = command_help(embedding, &args)
    {
        print!("{help}");
        return Parsed::Done(ExitCode::SUCCESS);
    }
    error.exit()
}

/// The help of the script command the command line names before its `--help`/`-h`, if it does.
fn command_help(embedding: &Embedding, args: &[OsString]) -> Option<String> {
    let without_help = args.iter().filter(|arg| *arg != "--help" && *arg != "-h");
    let matches = embedding
        .program
        .clone()
        .try_get_matches_from(without_help)
        .ok()?;
    let cli = Cli::from_arg_matches(&matches).ok()?;
    if cli.command.is_some() {
        return None;
    }
    let command = script_command(&cli.script, &embedding.commands).ok()??;
    Some(command.help(embedding.program.get_name()))
}

/// The script command `jshell NAME` names: NAME is not `-`, not a path (no `/`, no `.rhai`)
/// and no file of that name exists. `Ok(None)` when the script is a file (or none); an error
/// when NAME is neither a file nor a command.
fn script_command(
    script: &ScriptArgs,
    embedded: &[(&'static str, &'static str)],
) -> Result<Option<commands::ScriptCommand>, Failure> {
    let Some(name) = script.script.as_deref().filter(|_| script.eval.is_none()) else {
        return Ok(None);
    };
    if name == "-" || name.contains('/') || name.ends_with(".rhai") || Path::new(name).exists() {
        return Ok(None);
    }
    commands::find(name, &script.plugin_path, embedded)
        .map(Some)
        .ok_or_else(|| {
            Failure::usage(format!(
                "`{name}` is neither a script file nor a command: `jshell commands` lists the commands"
            ))
        })
}

/// Runs what the command line asks.
fn dispatch(cli: &Cli, embedding: Embedding) -> Result<(), Failure> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|error| Failure::usage(format!("cannot start the async runtime: {error}")))?;
    let store = ConfigStore::locate(cli.global.config.as_deref())?;
    if !cli.global.quiet
        && let Some(warning) = store.permission_warning()
    {
        eprintln!("{warning}");
    }
    refuse_stray_dance_flags(cli)?;
    match &cli.command {
        Some(Command::Completions { shell }) => {
            let found = commands::discover(&[], &embedding.commands);
            let mut program = commands::with_commands(embedding.program, &found);
            let name = program.get_name().to_owned();
            clap_complete::generate(*shell, &mut program, name, &mut std::io::stdout());
            Ok(())
        }
        Some(Command::Commands { plugin_path }) => {
            let plugin_paths = [plugin_path.as_slice(), &cli.script.plugin_path].concat();
            let found = commands::discover(&plugin_paths, &embedding.commands);
            print!("{}", commands::list(&embedding.program, &found));
            Ok(())
        }
        Some(command) => run_command(command, &runtime, &cli.global, &store, embedding.plugins),
        None => {
            let outcome = run_scripts(cli, &runtime, &store, embedding);
            // Dropping the runtime waits for its worker threads to stop; the process is about
            // to end, which stops them anyway.
            runtime.shutdown_background();
            outcome
        }
    }
}

/// The dance's flags only mean something to a login; elsewhere they would be silently ignored.
fn refuse_stray_dance_flags(cli: &Cli) -> Result<(), Failure> {
    let logs_in = cli.global.oauth_dance || matches!(cli.command, Some(Command::Login(_)));
    let given = cli.global.dance.given();
    if logs_in || given.is_empty() {
        return Ok(());
    }
    Err(Failure::usage(format!(
        "{} only apply to a login: use them with `jshell login` or --oauth-dance",
        given.join(", ")
    )))
}

fn run_command(
    command: &Command,
    runtime: &tokio::runtime::Runtime,
    global: &GlobalArgs,
    store: &ConfigStore,
    extra: Vec<Box<dyn Plugin>>,
) -> Result<(), Failure> {
    match command {
        Command::Login(login) if login.oauth2.print_setup => {
            login::oauth2::print_setup(global, &login.oauth2)
        }
        Command::Login(login) => login::login(runtime, global, login, store).map(drop),
        Command::Keygen(args) => keygen::keygen(args, global.consumer_key.as_deref()),
        Command::Profiles(args) => profiles::profiles(args.action.as_ref(), store, global),
        // Read the builder's parts: `dispatch` runs them.
        Command::Completions { .. } | Command::Commands { .. } => Ok(()),
        Command::ApiReference { python_jira: true } => {
            print!("{}", jira::methods::python::markdown());
            Ok(())
        }
        Command::ApiReference { python_jira: false } => {
            let hosting = Hosting {
                runtime,
                interrupt: Interrupt::default(),
                progress: false,
                allow_fs: false,
                plugin_paths: Vec::new(),
                extra,
            };
            let host = hosting.host(Err(String::new()), Reach::Everything, PathBuf::from("."));
            print!("{}", reference::markdown(&host));
            Ok(())
        }
    }
}

/// A script (`-e`, a file, standard input) or, on a terminal, the REPL; after jirashell's
/// `--oauth-dance` when asked, with the profile the login saved.
fn run_scripts(
    cli: &Cli,
    runtime: &tokio::runtime::Runtime,
    store: &ConfigStore,
    embedding: Embedding,
) -> Result<(), Failure> {
    let program = embedding.program.get_name().to_owned();
    // Freeing clap's command tree costs as much as parsing with it; the process ends soon.
    std::mem::forget(embedding.program);
    let Some(global) = global_after_dance(cli, runtime, store)? else {
        return Ok(());
    };
    let here = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let source = match asked(&cli.script, &embedding.commands, &program, &here)? {
        Asked::Help(help) => {
            print!("{help}");
            return Ok(());
        }
        Asked::Run(source) => source,
    };
    let connection = settings::resolve_for_scripts(&global, store)?;
    let client = connect::client_for_scripts(&connection, global.verbose, global.quiet)?;
    // Asked before Ctrl-C is taken over: until the REPL starts, Ctrl-C ends the process.
    let identity = source.is_none().then(|| identity(runtime, &client));
    let used_client = client.as_ref().ok().cloned();
    let interrupt = Interrupt::install(runtime.handle());
    let hosting = Hosting {
        runtime,
        interrupt: interrupt.clone(),
        progress: terminal::show_progress(global.quiet),
        allow_fs: cli.script.allow_fs,
        plugin_paths: cli.script.plugin_path.clone(),
        extra: embedding.plugins,
    };
    let outcome = match source {
        Some(source) => {
            let reach = Reach::of_source(&source.text);
            let mut host = hosting.host(client, reach, source.dir.clone());
            let outcome = run::run(&mut host, &source, &cli.script);
            // Freeing the engine (every plugin's functions) is work the process exit does at once.
            std::mem::forget(host);
            outcome
        }
        None => {
            let banner = banner(connection.as_ref().ok(), identity.unwrap_or_default());
            // The REPL's next input may call any method.
            let host = hosting.host(client, Reach::Everything, here);
            repl::Repl::new(host, interrupt, cli.script.output)?.run(&banner)
        }
    };
    if let (Ok(connection), Some(client)) = (&connection, &used_client) {
        after_run(&global, store, connection, client);
    }
    outcome
}

/// The settings a script runs with: after jirashell's `--oauth-dance` when asked, those of the
/// profile the login saved; none when the login was all the command line asked.
fn global_after_dance<'a>(
    cli: &'a Cli,
    runtime: &tokio::runtime::Runtime,
    store: &ConfigStore,
) -> Result<Option<Cow<'a, GlobalArgs>>, Failure> {
    if !cli.global.oauth_dance {
        return Ok(Some(Cow::Borrowed(&cli.global)));
    }
    let login = login::login(runtime, &cli.global, &LoginArgs::default(), store)?;
    if cli.script.eval.is_none() && cli.script.script.is_none() {
        return Ok(None);
    }
    Ok(Some(Cow::Owned(cli.global.after_login(login.profile))))
}

/// Who the REPL's banner says is connected, or why nobody is.
fn identity(runtime: &tokio::runtime::Runtime, client: &Result<jira::Client, String>) -> String {
    match client {
        Ok(client) => identity::describe(runtime, client),
        Err(why) => format!("Not connected: {why}"),
    }
}

/// What follows a run with a client: the dry run's summary, and what the profile should
/// remember of its server.
fn after_run(
    global: &GlobalArgs,
    store: &ConfigStore,
    connection: &settings::Connection,
    client: &jira::Client,
) {
    if global.dry_run {
        dry_run::summary(&client.held_writes());
    }
    remembered::save_deployment(store, connection, client, global.verbose);
}

/// What the command line asks a script run for.
enum Asked {
    /// A script command's `--help`.
    Help(String),
    /// A script to run; none for the REPL.
    Run(Option<run::Source>),
}

/// A script command (its help, or its source once its arguments check), else the script the
/// flags name.
fn asked(
    script: &ScriptArgs,
    embedded: &[(&'static str, &'static str)],
    program: &str,
    here: &std::path::Path,
) -> Result<Asked, Failure> {
    let Some(command) = script_command(script, embedded)? else {
        return Ok(Asked::Run(run::load_source(script)?));
    };
    if script.args.iter().any(|arg| arg == "--help" || arg == "-h") {
        return Ok(Asked::Help(command.help(program)));
    }
    command.check(program, &script.args)?;
    Ok(Asked::Run(Some(command.into_source(here))))
}

/// The REPL's banner: the server, who, and whether writes are held or refused.
fn banner(connection: Option<&settings::Connection>, identity: String) -> repl::Banner {
    repl::Banner {
        writes: connection.map_or(jira::WritePolicy::Send, |connection| connection.writes),
        server: connection
            .and_then(|connection| connection.server.clone())
            .unwrap_or_else(|| "no server".to_owned()),
        identity,
    }
}

/// What every script host is built from, whatever it runs.
struct Hosting<'a> {
    runtime: &'a tokio::runtime::Runtime,
    interrupt: Interrupt,
    /// Whether long work shows its progress on stderr.
    progress: bool,
    allow_fs: bool,
    /// Directories `import` looks in after the script's own.
    plugin_paths: Vec<PathBuf>,
    /// The embedder's plugins.
    extra: Vec<Box<dyn Plugin>>,
}

impl Hosting<'_> {
    /// A host with one plugin per capability, the embedder's last: its `jira` uses `client` and
    /// registers the methods `reach` covers, and its imports look in `script_dir` first.
    fn host(self, client: Result<jira::Client, String>, reach: Reach, script_dir: PathBuf) -> Host {
        let jira = JiraPlugin::new(
            client,
            JiraContext {
                runtime: self.runtime.handle().clone(),
                interrupt: self.interrupt.clone(),
                progress: self.progress,
                allow_fs: self.allow_fs,
                reach,
            },
        );
        let built_in: Vec<Box<dyn Plugin>> = vec![
            Box::new(jira),
            Box::new(JsonPlugin),
            Box::new(EnvPlugin),
            Box::new(TimePlugin),
            Box::new(FsPlugin {
                allowed: self.allow_fs,
            }),
            Box::new(ProcessPlugin),
        ];
        Host::new(
            built_in.into_iter().chain(self.extra).collect(),
            HostOptions {
                script_dir,
                plugin_paths: self.plugin_paths,
                interrupt: self.interrupt,
            },
        )
    }
}
