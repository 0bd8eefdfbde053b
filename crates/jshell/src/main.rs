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
mod run;
mod settings;

use std::process::ExitCode;

use clap::{CommandFactory as _, Parser as _};

use crate::cli::{Cli, Command, LoginArgs};
use crate::config::ConfigStore;
use crate::failure::Failure;
use crate::host::interrupt::Interrupt;
use crate::host::plugins::{EnvPlugin, FsPlugin, JiraPlugin, JsonPlugin, TimePlugin};
use crate::host::{Host, HostOptions, Plugin};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("error: {}", failure.message);
            ExitCode::from(failure.exit as u8)
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

    let Some(source) = run::load_source(&cli.script)? else {
        return Err(Failure::usage(
            "nothing to run: pass -e EXPR, a script file, or pipe a script on standard input; see jshell --help",
        ));
    };
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
    let interrupt = Interrupt::install(runtime.handle());
    let plugins: Vec<Box<dyn Plugin>> = vec![
        Box::new(JiraPlugin::new(
            client,
            runtime.handle().clone(),
            interrupt.clone(),
            connect::show_progress(cli.global.quiet),
        )),
        Box::new(JsonPlugin),
        Box::new(EnvPlugin),
        Box::new(TimePlugin),
        Box::new(FsPlugin {
            allowed: cli.script.allow_fs,
        }),
    ];
    let mut host = Host::new(
        plugins,
        HostOptions {
            script_dir: source.dir.clone(),
            plugin_paths: cli.script.plugin_path.clone(),
            interrupt,
        },
    );
    run::run(&mut host, &source, &cli.script)
}
