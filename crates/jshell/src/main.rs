//! `jshell`: the binary. It parses the command line and hands each command to the module that
//! owns it; the work lives in the `oauth1` and `jira` crates and in the modules below.

mod cli;
mod config;
mod connect;
mod dry_run;
mod expiry;
mod failure;
mod host;
mod identity;
mod jirashell_args;
mod jirashell_ini;
mod keygen;
mod login;
mod oauth2_profile;
mod output;
mod profiles;
mod prompt;
mod reference;
mod repl;
mod run;
mod secrets;
mod settings;
mod terminal;

use std::process::ExitCode;

use clap::{CommandFactory as _, Parser as _};

use crate::cli::{Cli, Command, GlobalArgs, LoginArgs};
use crate::config::ConfigStore;
use crate::failure::Failure;
use crate::host::interrupt::Interrupt;
use crate::host::plugins::{
    EnvPlugin, FsPlugin, JiraContext, JiraPlugin, JsonPlugin, ProcessPlugin, TimePlugin,
};
use crate::host::{Host, HostOptions, Plugin};

fn main() -> ExitCode {
    let cli = Cli::parse_from(jirashell_args::translate(std::env::args_os()));
    match dispatch(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if !failure.message.is_empty() {
                eprintln!("error: {}", failure.message);
            }
            ExitCode::from(failure.exit.code())
        }
    }
}

fn dispatch(cli: &Cli) -> Result<(), Failure> {
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
        Some(command) => run_command(command, &runtime, &cli.global, &store),
        None => run_scripts(cli, &runtime, &store),
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
) -> Result<(), Failure> {
    match command {
        Command::Login(login) if login.oauth2.print_setup => {
            login::oauth2::print_setup(global, &login.oauth2)
        }
        Command::Login(login) => login::login(runtime, global, login, store).map(drop),
        Command::Keygen(args) => keygen::keygen(args, global.consumer_key.as_deref()),
        Command::Profiles(args) => profiles::profiles(args.action.as_ref(), store),
        Command::Completions { shell } => {
            clap_complete::generate(
                *shell,
                &mut Cli::command(),
                "jshell",
                &mut std::io::stdout(),
            );
            Ok(())
        }
        Command::ApiReference { python_jira: true } => {
            print!("{}", jira::methods::python::markdown());
            Ok(())
        }
        Command::ApiReference { python_jira: false } => {
            let interrupt = Interrupt::default();
            let host = Host::new(
                plugins(Err(String::new()), runtime, &interrupt, false, false),
                HostOptions {
                    script_dir: std::path::PathBuf::from("."),
                    plugin_paths: Vec::new(),
                    interrupt,
                },
            );
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
) -> Result<(), Failure> {
    let logged_in;
    let global = if cli.global.oauth_dance {
        let login = login::login(runtime, &cli.global, &LoginArgs::default(), store)?;
        if cli.script.eval.is_none() && cli.script.script.is_none() {
            return Ok(());
        }
        logged_in = cli.global.after_login(login.profile);
        &logged_in
    } else {
        &cli.global
    };
    let source = run::load_source(&cli.script)?;
    let connection = settings::resolve_for_scripts(global, store)?;
    let client = connect::client_for_scripts(&connection, global.verbose, global.quiet)?;
    let identity = match (&client, &source) {
        (Ok(client), None) => identity::describe(runtime, client),
        (Err(why), None) => format!("Not connected: {why}"),
        _ => String::new(),
    };
    let dry_run = client.as_ref().ok().filter(|_| global.dry_run).cloned();
    let interrupt = Interrupt::install(runtime.handle());
    let plugins = plugins(
        client,
        runtime,
        &interrupt,
        terminal::show_progress(global.quiet),
        cli.script.allow_fs,
    );
    let here = std::env::current_dir().unwrap_or_else(|_| std::path::PathBuf::from("."));
    let mut host = Host::new(
        plugins,
        HostOptions {
            script_dir: source.as_ref().map_or(here, |source| source.dir.clone()),
            plugin_paths: cli.script.plugin_path.clone(),
            interrupt: interrupt.clone(),
        },
    );
    let outcome = match source {
        Some(source) => run::run(&mut host, &source, &cli.script),
        None => {
            let banner = repl::Banner {
                writes: connection
                    .as_ref()
                    .map_or(jira::WritePolicy::Send, |connection| connection.writes),
                server: connection
                    .ok()
                    .and_then(|connection| connection.server)
                    .unwrap_or_else(|| "no server".to_owned()),
                identity,
            };
            repl::Repl::new(host, interrupt, cli.script.output)?.run(&banner)
        }
    };
    if let Some(client) = dry_run {
        dry_run::summary(&client.held_writes());
    }
    outcome
}

/// Everything scripts can reach: one plugin per capability.
fn plugins(
    client: Result<jira::Client, String>,
    runtime: &tokio::runtime::Runtime,
    interrupt: &Interrupt,
    progress: bool,
    allow_fs: bool,
) -> Vec<Box<dyn Plugin>> {
    vec![
        Box::new(JiraPlugin::new(
            client,
            JiraContext {
                runtime: runtime.handle().clone(),
                interrupt: interrupt.clone(),
                progress,
                allow_fs,
            },
        )),
        Box::new(JsonPlugin),
        Box::new(EnvPlugin),
        Box::new(TimePlugin),
        Box::new(FsPlugin { allowed: allow_fs }),
        Box::new(ProcessPlugin),
    ]
}
