//! How clap reads jshell's command line, where a script and subcommands share it.
//!
//! Options may come before a subcommand (`jshell --profile prod profiles show`), yet after a
//! script's path every word is one of the script's ARGS, even one that names a subcommand
//! (`jshell report.rhai login`). clap reads a line one way or the other, so a line that could
//! be either is read both ways; the common ones (`jshell -e …`, `jshell FILE …`, `jshell
//! login …`) are read once.

use std::ffi::OsString;

use clap::FromArgMatches as _;

use super::{Cli, Command};

/// `program` with a usage line for each way it is run: clap's own would put a script before a
/// subcommand.
pub fn with_usage(program: clap::Command) -> clap::Command {
    let name = program.get_name().to_owned();
    program.override_usage(format!(
        "{name} [OPTIONS] [SCRIPT] [ARGS]...\n       {name} [OPTIONS] <COMMAND>"
    ))
}

/// The command line `args` as jshell means it. `program` is read in place: a copy of clap's
/// command tree, built and then dropped, was a tenth of the start-up's instructions.
pub fn read(program: &mut clap::Command, args: &[OsString]) -> Result<Cli, clap::Error> {
    let options_first = read_as(program, args, Words::MayNameSubcommands);
    if let Ok(cli) = &options_first
        && (cli.script.script.is_none() || cli.command.is_none())
    {
        return options_first;
    }
    match read_as(program, args, Words::BelongToTheScript) {
        Ok(cli) if !names_a_subcommand(program, cli.script.script.as_deref()) => Ok(cli),
        script_first => options_first.and(script_first),
    }
}

/// What a word after the options is taken for.
#[derive(Clone, Copy)]
enum Words {
    /// A subcommand's name, if it is one, wherever it comes.
    MayNameSubcommands,
    /// Once any argument is given, a script's path and its ARGS.
    BelongToTheScript,
}

fn read_as(
    program: &mut clap::Command,
    args: &[OsString],
    words: Words,
) -> Result<Cli, clap::Error> {
    let taken = std::mem::take(program);
    *program = taken.args_conflicts_with_subcommands(matches!(words, Words::BelongToTheScript));
    let matches = program.try_get_matches_from_mut(args)?;
    let cli = Cli::from_arg_matches(&matches)?;
    match script_options_beside(&cli, matches.subcommand_name()) {
        None => Ok(cli),
        Some(message) => Err(program.error(clap::error::ErrorKind::ArgumentConflict, message)),
    }
}

fn names_a_subcommand(program: &clap::Command, word: Option<&str>) -> bool {
    word.is_some_and(|word| program.find_subcommand(word).is_some())
}

/// What of a script's options is given beside `subcommand`, which would ignore them.
fn script_options_beside(cli: &Cli, subcommand: Option<&str>) -> Option<String> {
    let subcommand = subcommand?;
    let mut given = cli.script.given();
    if matches!(cli.command, Some(Command::Commands { .. })) {
        given.retain(|what| *what != "--plugin-path");
    }
    (!given.is_empty()).then(|| {
        format!(
            "{} only apply to running a script, not to the `{subcommand}` subcommand: drop \
             them, or run the script without it",
            given.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    use super::*;

    fn read_line(line: &[&str]) -> Result<Cli, clap::Error> {
        let mut program = with_usage(Cli::command());
        let args: Vec<OsString> = std::iter::once("jshell")
            .chain(line.iter().copied())
            .map(OsString::from)
            .collect();
        read(&mut program, &args)
    }

    #[test]
    fn options_may_come_before_a_subcommand() {
        let cli = read_line(&["--quiet", "--profile", "prod", "profiles", "list"]).expect("read");
        assert!(matches!(cli.command, Some(Command::Profiles(_))));
        assert!(cli.global.quiet);
        assert_eq!(cli.global.profile.as_deref(), Some("prod"));
        assert_eq!(cli.script.script, None);
    }

    #[test]
    fn after_a_script_subcommand_names_are_its_arguments() {
        let cli = read_line(&["--quiet", "report.rhai", "login", "profiles"]).expect("read");
        assert!(cli.command.is_none());
        assert_eq!(cli.script.script.as_deref(), Some("report.rhai"));
        assert_eq!(cli.script.args, ["login", "profiles"]);
        let plain = read_line(&["report.rhai", "login", "--server", "x"]).expect("read");
        assert_eq!(plain.script.args, ["login", "--server", "x"]);
    }

    #[test]
    fn a_scripts_options_beside_a_subcommand_are_refused_by_name() {
        let error = read_line(&["-e", "1", "--allow-fs", "login"]).expect_err("refused");
        let text = error.to_string();
        assert!(
            text.contains("-e/--eval, --allow-fs only apply to running a script"),
            "{text}"
        );
        assert!(text.contains("`login` subcommand"), "{text}");
        let commands = read_line(&["--plugin-path", "dir", "commands"]).expect("read");
        assert_eq!(
            commands.script.plugin_path,
            [std::path::PathBuf::from("dir")]
        );
    }

    #[test]
    fn a_subcommands_own_errors_are_its_own() {
        let error = read_line(&["--quiet", "login", "--no-such-flag"]).expect_err("refused");
        assert!(error.to_string().contains("'--no-such-flag'"), "{error}");
        assert!(error.to_string().contains("jshell login"), "{error}");
    }
}
