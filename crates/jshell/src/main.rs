//! `jshell`: the binary. It parses the command line and hands each command to the module that
//! owns it; the work lives in the `oauth1` and `jira` crates and in the modules below.

mod cli;
mod config;
mod connect;
mod failure;
mod host;
mod keygen;
mod login;
mod output;
mod profiles;
mod prompt;
mod reference;
mod repl;
mod run;
mod settings;

use std::process::ExitCode;

use clap::{CommandFactory as _, Parser as _};

use crate::cli::{Cli, Command, LoginArgs};
use crate::config::ConfigStore;
use crate::failure::Failure;
use crate::host::interrupt::Interrupt;
use crate::host::plugins::{
    EnvPlugin, FsPlugin, JiraContext, JiraPlugin, JsonPlugin, ProcessPlugin, TimePlugin,
};
use crate::host::{Host, HostOptions, Plugin};

/// Exporting thousands of issues makes and frees millions of small maps and strings; mimalloc
/// halves the time glibc's allocator spends on them (see `cargo xtask bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if !failure.message.is_empty() {
                eprintln!("error: {}", failure.message);
            }
            ExitCode::from(failure.exit.code())
        }
    }
}

fn dispatch(mut cli: Cli) -> Result<(), Failure> {
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

    match &cli.command {
        Some(Command::Login(login)) => {
            login::login(&runtime, &cli.global, login, &store)?;
            return Ok(());
        }
        Some(Command::Keygen(args)) => {
            return keygen::keygen(args, cli.global.consumer_key.as_deref());
        }
        Some(Command::Profiles(args)) => return profiles::profiles(args.action.as_ref(), &store),
        Some(Command::Completions { shell }) => {
            clap_complete::generate(
                *shell,
                &mut Cli::command(),
                "jshell",
                &mut std::io::stdout(),
            );
            return Ok(());
        }
        Some(Command::ApiReference) => {
            let interrupt = Interrupt::default();
            let host = Host::new(
                plugins(Err(String::new()), &runtime, &interrupt, false, false),
                HostOptions {
                    script_dir: std::path::PathBuf::from("."),
                    plugin_paths: Vec::new(),
                    interrupt,
                },
            );
            print!("{}", reference::markdown(&host));
            return Ok(());
        }
        None => {}
    }

    if cli.global.oauth_dance {
        let login_args = LoginArgs {
            callback: None,
            no_callback: false,
            save_as: None,
        };
        let logged_in = login::login(&runtime, &cli.global, &login_args, &store)?;
        cli.global.profile = Some(logged_in.profile);
        cli.global.access_token = None;
        cli.global.access_token_secret = None;
        if cli.script.eval.is_none() && cli.script.script.is_none() {
            return Ok(());
        }
    }

    let source = run::load_source(&cli.script)?;
    let config = store.load()?;
    let connection = settings::resolve(&cli.global, &config)?;
    if cli.global.verbose >= 1 {
        eprintln!(
            "jshell: {} as {}{}",
            connection.server.as_deref().unwrap_or("(no server)"),
            connection.auth.describe(),
            connection
                .profile
                .as_deref()
                .map(|name| format!(" (profile {name})"))
                .unwrap_or_default()
        );
    }
    let client = match &connection.server {
        Some(_) => Ok(connect::client(&connection, cli.global.verbose, cli.global.quiet)?),
        None => Err("no Jira server given: pass --server URL (or set JSHELL_SERVER), or log in first with `jshell login`".to_owned()),
    };
    let identity = match (&client, &source) {
        (Ok(client), None) => describe_identity(&runtime, client),
        (Err(why), None) => format!("Not connected: {why}"),
        _ => String::new(),
    };
    let interrupt = Interrupt::install(runtime.handle());
    let plugins = plugins(
        client,
        &runtime,
        &interrupt,
        connect::show_progress(cli.global.quiet),
        cli.script.allow_fs,
    );
    let here = std::env::current_dir().unwrap_or_else(|_| std::path::PathBuf::from("."));
    let host = Host::new(
        plugins,
        HostOptions {
            script_dir: source.as_ref().map_or(here, |source| source.dir.clone()),
            plugin_paths: cli.script.plugin_path.clone(),
            interrupt: interrupt.clone(),
        },
    );
    match source {
        Some(source) => {
            let mut host = host;
            run::run(&mut host, &source, &cli.script)
        }
        None => {
            let banner = repl::Banner {
                server: connection
                    .server
                    .clone()
                    .unwrap_or_else(|| "no server".to_owned()),
                identity,
            };
            repl::Repl::new(host, interrupt, cli.script.output)?.run(&banner)
        }
    }
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

/// Who the credentials belong to, for the REPL's banner: `myself()` proves them.
fn describe_identity(runtime: &tokio::runtime::Runtime, client: &jira::Client) -> String {
    if matches!(client.auth(), jira::Auth::Anonymous) {
        return "anonymous (no credentials: only what Jira shows anonymous users)".to_owned();
    }
    match runtime.block_on(client.myself()) {
        Ok(me) => connect::authenticated_as(&me),
        Err(error) if error.is_auth() => {
            format!("anonymous: the credentials were refused ({error})")
        }
        Err(error) => format!("not verified: {error}"),
    }
}
