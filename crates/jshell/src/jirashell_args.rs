//! jirashell's command-line spellings read by jshell: its multi-letter single-dash options
//! (`-od`, `-ck`, `-pt`, `-at`, `-ats`) rewritten to jshell's long options before clap parses
//! the command line.

use crate::cli::Cli;

/// jirashell's multi-letter single-dash options, which clap would read as clusters (`-pt` as
/// `-p t`, a password "t"). jirashell's `-v` (`--rest-api-version`) is not among them: jshell's
/// `-v` stays `--verbose`.
const JIRASHELL_SPELLINGS: [(&str, &str); 5] = [
    ("-od", "--oauth-dance"),
    ("-ck", "--consumer-key"),
    ("-pt", "--print-tokens"),
    ("-at", "--access-token"),
    ("-ats", "--access-token-secret"),
];

/// Rewrites jirashell's spellings into jshell's before clap parses `args` (the program name
/// first). Only option positions are rewritten: option values, everything after `--` and a
/// script's own arguments are passed on untouched.
pub fn translate(args: impl IntoIterator<Item = std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let command = <Cli as clap::CommandFactory>::command();
    let options = ValueOptions::of(&command);
    let mut args = args.into_iter();
    let mut out: Vec<std::ffi::OsString> = args.next().into_iter().collect();
    let mut takes_value_next = false;
    let mut translating = true;
    for arg in args {
        let text = arg.to_str().unwrap_or_default();
        if !translating || std::mem::take(&mut takes_value_next) {
            out.push(arg);
            continue;
        }
        if let Some((_, long)) = JIRASHELL_SPELLINGS.iter().find(|(short, _)| *short == text) {
            takes_value_next = options.long.contains(&long[2..]);
            out.push(long.into());
            continue;
        }
        if text == "--" {
            translating = false;
        } else if let Some(long) = text.strip_prefix("--") {
            takes_value_next = !long.contains('=') && options.long.contains(long);
        } else if let Some(cluster) = text.strip_prefix('-').filter(|rest| !rest.is_empty()) {
            takes_value_next = options.short_cluster_wants_next(cluster);
        } else if !options.subcommands.contains(text) {
            // The script's path: what follows are its arguments.
            translating = false;
        }
        out.push(arg);
    }
    out
}

/// The options of jshell's command line that take a value, and its subcommands' names.
struct ValueOptions {
    long: std::collections::HashSet<String>,
    short: std::collections::HashSet<char>,
    subcommands: std::collections::HashSet<String>,
}

impl ValueOptions {
    fn of(command: &clap::Command) -> Self {
        let mut options = Self {
            long: Default::default(),
            short: Default::default(),
            subcommands: Default::default(),
        };
        options.collect(command);
        options
    }

    fn collect(&mut self, command: &clap::Command) {
        for arg in command.get_arguments() {
            if arg.get_action().takes_values() && !arg.is_positional() {
                self.long.extend(arg.get_long().map(str::to_owned));
                self.short.extend(arg.get_short());
            }
        }
        for sub in command.get_subcommands() {
            self.subcommands.insert(sub.get_name().to_owned());
            self.collect(sub);
        }
    }

    /// Whether `-abc` ends with an option whose value is the next argument (as `-vs URL`), not
    /// attached (as `-sURL`).
    fn short_cluster_wants_next(&self, cluster: &str) -> bool {
        let mut chars = cluster.chars();
        while let Some(c) = chars.next() {
            if self.short.contains(&c) {
                return chars.as_str().is_empty();
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser as _;

    use super::*;

    fn translated(args: &[&str]) -> Vec<String> {
        translate(
            std::iter::once("jshell")
                .chain(args.iter().copied())
                .map(Into::into),
        )
        .into_iter()
        .skip(1)
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect()
    }

    #[test]
    fn jirashell_spellings_become_jshell_options() {
        assert_eq!(
            translated(&["-s", "URL", "-od", "-ck", "KEY", "-k", "rsa.pem", "-pt"]),
            [
                "-s",
                "URL",
                "--oauth-dance",
                "--consumer-key",
                "KEY",
                "-k",
                "rsa.pem",
                "--print-tokens"
            ]
        );
        assert_eq!(
            translated(&["-at", "T", "-ats", "S", "-v", "-e", "1"]),
            [
                "--access-token",
                "T",
                "--access-token-secret",
                "S",
                "-v",
                "-e",
                "1"
            ]
        );
        assert_eq!(
            translated(&["login", "-ck", "K"]),
            ["login", "--consumer-key", "K"]
        );
    }

    #[test]
    fn values_and_script_arguments_are_left_alone() {
        assert_eq!(translated(&["-p", "-pt"]), ["-p", "-pt"]);
        assert_eq!(
            translated(&["--password", "-od", "-vs", "-at"]),
            ["--password", "-od", "-vs", "-at"]
        );
        assert_eq!(translated(&["-e", "-ck"]), ["-e", "-ck"]);
        assert_eq!(translated(&["-sURL", "-pt"]), ["-sURL", "--print-tokens"]);
        assert_eq!(
            translated(&["script.rhai", "-pt", "-od"]),
            ["script.rhai", "-pt", "-od"]
        );
        assert_eq!(translated(&["--", "-od"]), ["--", "-od"]);
        assert_eq!(translated(&["-at", "-ats"]), ["--access-token", "-ats"]);
    }

    #[test]
    fn translated_jirashell_command_lines_parse() {
        let args = translate(
            [
                "jshell",
                "-s",
                "https://j.example",
                "-od",
                "-ck",
                "K",
                "-k",
                "k.pem",
                "-pt",
                "--no-callback",
            ]
            .map(std::ffi::OsString::from),
        );
        let cli = Cli::try_parse_from(args).expect("parses");
        assert!(cli.global.oauth_dance);
        assert!(cli.global.dance.print_tokens && cli.global.dance.no_callback);
        assert_eq!(cli.global.consumer_key.as_deref(), Some("K"));
        assert_eq!(cli.global.password, None, "-pt is not a password");
    }
}
