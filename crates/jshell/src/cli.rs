//! The command line: jirashell's flags with their meanings kept, and what jirashell lacks.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub mod read;

const EXAMPLES: &str = "\
Examples:
  # Create a key pair and print the fields of Jira's application link
  jshell keygen --consumer-key monitor-jira-license

  # The OAuth dance, once; the token is saved in a profile named after the host
  jshell login --server https://jira.example.com --consumer-key monitor-jira-license --key-cert rsa.pem

  # Or log in with OAuth 2.0 (Data Center 8.22+ incoming link, or Cloud); `login --help` says more
  jshell login --oauth2 --server https://jira.example.com --client-id CLIENT_ID

  # Then script against the saved profile
  jshell -e 'jira.myself()'
  jshell -e 'jira.search_issues(\"project = ABC\").len()'
  jshell export.rhai 'project = ABC' > issues.json
  echo 'jira.server_info()' | jshell --profile jira.example.com

  # Or pass credentials directly, as with jirashell
  jshell --server https://jira.example.com --consumer-key monitor-jira-license --key-cert rsa.pem \\
         --access-token TOKEN --access-token-secret SECRET -e 'jira.server_info()'
  jshell --server https://jira.example.com --pat \"$JIRA_PAT\" -e 'jira.myself()'

Exit codes: 0 success, 1 script error, 2 usage or configuration error,
            3 authentication error, 4 network or HTTP error.";

/// A fast shell for Jira's REST API: the OAuth 1.0a dance in one command, saved profiles, and
/// Rhai scripts with a pre-authenticated `jira` object.
#[derive(Debug, Parser)]
#[command(
    name = "jshell",
    version,
    after_long_help = EXAMPLES,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(flatten)]
    pub script: ScriptArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Log in (OAuth 1.0a, or OAuth 2.0 with --oauth2) and save the tokens in a profile.
    Login(LoginArgs),
    /// Generate an RSA key pair for a Jira application link.
    Keygen(KeygenArgs),
    /// List, show or remove saved profiles, or move their secrets.
    Profiles(ProfilesArgs),
    /// List the script commands (`jshell NAME ARGS…`) with their summaries.
    #[command(
        after_help = "A script NAME.rhai in $XDG_CONFIG_HOME/jshell/commands/ or a --plugin-path directory runs as `jshell NAME ARGS…`;\nits leading comment block is its --help, and a line `// usage: NAME <arg> [--option VALUE]` checks its arguments."
    )]
    Commands {
        /// Another directory of commands, searched first (repeatable).
        #[arg(long, value_name = "DIR")]
        plugin_path: Vec<PathBuf>,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the scripting API reference (Markdown) generated from the engine.
    #[command(hide = true)]
    ApiReference {
        /// Print the python-jira coverage table (docs/python-jira.md) instead.
        #[arg(long)]
        python_jira: bool,
    },
}

/// Where to connect and how to authenticate; shared by every command.
#[derive(Debug, Args, Clone, Default)]
pub struct GlobalArgs {
    /// Jira's base URL, e.g. https://jira.example.com or https://example.com/jira.
    #[arg(
        short = 's',
        long,
        env = "JSHELL_SERVER",
        global = true,
        value_name = "URL"
    )]
    pub server: Option<String>,

    /// The saved profile to use (default: the one named after --server's host, else the default
    /// profile).
    #[arg(long, env = "JSHELL_PROFILE", global = true, value_name = "NAME")]
    pub profile: Option<String>,

    /// The configuration file (default: $XDG_CONFIG_HOME/jshell/config.yaml).
    #[arg(long, env = "JSHELL_CONFIG", global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The REST API's path segment, as in /rest/<path>/2.
    #[arg(short = 'r', long, global = true, value_name = "PATH")]
    pub rest_path: Option<String>,

    /// The REST API's version.
    #[arg(long, global = true, value_name = "VERSION")]
    pub rest_api_version: Option<String>,

    /// How many pages of a search (`jira.issues`, `jira.search_issues`) are fetched at once
    /// (default 4; a script may ask per call with `#{concurrency: N}`). Jira answers a 429 to
    /// clients that ask too much: the stream then slows down by itself.
    #[arg(long, env = "JSHELL_PAGE_CONCURRENCY", global = true, value_name = "PAGES",
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub page_concurrency: Option<u16>,

    /// Do not verify the server's TLS certificate (for test servers only; warns every run).
    #[arg(long, global = true)]
    pub no_verify: bool,

    /// Trust this CA certificate (PEM) besides the system's.
    #[arg(long, global = true, value_name = "PEM")]
    pub ca_cert: Option<PathBuf>,

    /// A personal access token (Jira Data Center 8.14+), sent as a Bearer token; without a
    /// value it is asked for (with `jshell login --pat`, saved in a profile).
    #[arg(
        long,
        env = "JSHELL_PAT",
        global = true,
        value_name = "TOKEN",
        hide_env_values = true,
        num_args = 0..=1,
        default_missing_value = ""
    )]
    pub pat: Option<String>,

    /// User name for basic authentication (or a Cloud e-mail address).
    #[arg(short = 'u', long, global = true, value_name = "USER")]
    pub username: Option<String>,

    /// Password for basic authentication (or a Cloud API token). Prefer --prompt-for-password:
    /// a password on the command line is visible to other users of this machine.
    #[arg(
        short = 'p',
        long,
        global = true,
        value_name = "PASSWORD",
        hide_env_values = true
    )]
    pub password: Option<String>,

    /// Ask for the basic-authentication password (read from standard input, not echoed).
    #[arg(short = 'P', long, global = true)]
    pub prompt_for_password: bool,

    /// The consumer key of Jira's application link (Incoming Authentication).
    #[arg(long, env = "JSHELL_CONSUMER_KEY", global = true, value_name = "KEY")]
    pub consumer_key: Option<String>,

    /// The RSA private key (PEM) whose public key is on the application link.
    #[arg(
        short = 'k',
        long,
        env = "JSHELL_KEY_CERT",
        global = true,
        value_name = "FILE"
    )]
    pub key_cert: Option<PathBuf>,

    /// An OAuth access token (needs --consumer-key and --key-cert).
    #[arg(
        long,
        env = "JSHELL_ACCESS_TOKEN",
        global = true,
        value_name = "TOKEN",
        hide_env_values = true
    )]
    pub access_token: Option<String>,

    /// The access token's secret.
    #[arg(
        long,
        env = "JSHELL_ACCESS_TOKEN_SECRET",
        global = true,
        value_name = "SECRET",
        hide_env_values = true
    )]
    pub access_token_secret: Option<String>,

    /// Where a login saves secrets: `keyring` (the OS keyring: Secret Service, macOS Keychain,
    /// Windows Credential Manager; the profile keeps a reference) or `file` (the configuration
    /// file, mode 0600). Default: `secrets:` in the configuration, else the keyring when one is
    /// reachable, else the file (said once).
    #[arg(
        long,
        env = "JSHELL_SECRETS",
        global = true,
        value_enum,
        value_name = "WHERE"
    )]
    pub secrets: Option<crate::secrets::SecretsChoice>,

    /// Perform the OAuth dance first (same as `jshell login`), then run the script if one is given.
    #[arg(long, global = true)]
    pub oauth_dance: bool,

    #[command(flatten)]
    pub dance: DanceArgs,

    /// More diagnostics on stderr (repeat for HTTP exchanges); secrets are never printed.
    #[arg(short = 'v', long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,

    /// Fewer diagnostics: no progress, no warnings.
    #[arg(short = 'q', long, global = true)]
    pub quiet: bool,

    /// Send no request that changes Jira: each is printed to stderr (method, URL, body and an
    /// equivalent curl line without credentials) and answers `#{dry_run: true, method, url,
    /// body}`; reads go through, and a summary ends the run.
    #[arg(long, env = "JSHELL_DRY_RUN", global = true,
          value_parser = clap::builder::BoolishValueParser::new())]
    pub dry_run: bool,

    /// Refuse every request that changes Jira before it is sent (error kind `read_only`, exit
    /// 1); a profile with `read_only: true` is always read-only.
    #[arg(long, env = "JSHELL_READ_ONLY", global = true,
          value_parser = clap::builder::BoolishValueParser::new())]
    pub read_only: bool,
}

impl GlobalArgs {
    /// The settings after `--oauth-dance` saved `profile`: the script runs with it, not with
    /// the tokens given on the command line.
    pub fn after_login(&self, profile: String) -> Self {
        Self {
            profile: Some(profile),
            access_token: None,
            access_token_secret: None,
            ..self.clone()
        }
    }
}

/// What to run.
#[derive(Debug, Args, Clone, Default)]
pub struct ScriptArgs {
    /// Evaluate this Rhai expression or script.
    #[arg(
        short = 'e',
        long = "eval",
        value_name = "EXPR",
        conflicts_with = "script"
    )]
    pub eval: Option<String>,

    /// A Rhai script file to run (`-` for standard input); the arguments after it are the
    /// script's ARGS.
    #[arg(value_name = "SCRIPT")]
    pub script: Option<String>,

    /// Arguments for the script, available to it as the array ARGS.
    #[arg(
        value_name = "ARGS",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub args: Vec<String>,

    /// How to print the script's final value: json, yaml or text (default: JSON for maps and
    /// arrays, pretty on a terminal, compact when piped).
    #[arg(short = 'o', long, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,

    /// Let scripts read and write files (the fs plugin).
    #[arg(long)]
    pub allow_fs: bool,

    /// Another directory to resolve `import "name"` and script commands from (repeatable).
    #[arg(long, value_name = "DIR")]
    pub plugin_path: Vec<PathBuf>,
}

impl ScriptArgs {
    /// What was given that only running a script reads, to refuse it beside a subcommand
    /// rather than ignore it.
    pub fn given(&self) -> Vec<&'static str> {
        [
            (self.eval.is_some(), "-e/--eval"),
            (self.script.is_some(), "a script"),
            (self.output.is_some(), "--output"),
            (self.allow_fs, "--allow-fs"),
            (!self.plugin_path.is_empty(), "--plugin-path"),
        ]
        .into_iter()
        .filter_map(|(present, what)| present.then_some(what))
        .collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Json,
    Yaml,
    Text,
}

/// How the dance runs: the same flags for `jshell login` and jirashell's `--oauth-dance`.
#[derive(Debug, Args, Clone, Default)]
pub struct DanceArgs {
    /// Receive the verifier by pasting it (`oob`), instead of the local callback page.
    #[arg(
        long,
        value_name = "oob",
        value_parser = ["oob"],
        conflicts_with = "no_callback",
        global = true
    )]
    pub callback: Option<String>,

    /// Use the OAuth 1.0 flow without a verifier: approve in the browser, then answer y.
    #[arg(long, global = true)]
    pub no_callback: bool,

    /// After a login, also print the access token, its secret and the command line reusing them.
    #[arg(long, global = true)]
    pub print_tokens: bool,

    /// Never open a browser: print the authorize URL instead.
    #[arg(long, global = true)]
    pub no_browser: bool,
}

impl DanceArgs {
    /// The flags given that only a login reads, to refuse them elsewhere rather than ignore them.
    pub fn given(&self) -> Vec<&'static str> {
        [
            (self.callback.is_some(), "--callback"),
            (self.no_callback, "--no-callback"),
            (self.print_tokens, "--print-tokens"),
            (self.no_browser, "--no-browser"),
        ]
        .into_iter()
        .filter_map(|(present, flag)| present.then_some(flag))
        .collect()
    }
}

const LOGIN_EXAMPLES: &str = "\
Examples:
  # OAuth 1.0a against an application link (the default)
  jshell login --server https://jira.example.com --consumer-key monitor-jira-license --key-cert rsa.pem

  # OAuth 2.0 against a Data Center incoming link: first see what to enter in Jira
  jshell login --oauth2 --print-setup --server https://jira.example.com
  jshell login --oauth2 --server https://jira.example.com --client-id CLIENT_ID
  # (the client secret is asked for, or read from JSHELL_CLIENT_SECRET or --client-secret-file)

  # A personal access token (Data Center; the way in on Data Center 11): asked for, then saved
  jshell login --pat --server https://jira.example.com

  # Basic authentication with the password kept in the OS keyring (asked for once)
  jshell login --save-password --server https://jira.example.com --username alice

  # An Atlassian Cloud API token (asked for, or from JSHELL_API_TOKEN); --scoped for a scoped one
  jshell login --api-token --scoped --server https://example.atlassian.net --username me@example.com

  # OAuth 2.0 (3LO) on Atlassian Cloud, with an app from developer.atlassian.com
  jshell login --oauth2 --server https://example.atlassian.net --client-id CLIENT_ID \\
               --client-secret-file ~/.config/jshell/client-secret";

/// The Redirect URL jshell listens on unless told otherwise: it must be registered on the link.
pub const DEFAULT_REDIRECT_URI: &str = "http://127.0.0.1:8765/callback";

#[derive(Debug, Args, Clone, Default)]
#[command(after_long_help = LOGIN_EXAMPLES)]
pub struct LoginArgs {
    /// Save the token under this profile name (default: --profile, else the server's host).
    #[arg(long, value_name = "NAME")]
    pub save_as: Option<String>,

    /// Save a basic-authentication profile for --username with its password (--password, else
    /// asked for), proved with myself() first; the password goes only to the OS keyring.
    #[arg(long, requires = "username", conflicts_with_all = ["oauth2", "api_token"])]
    pub save_password: bool,

    #[command(flatten)]
    pub oauth2: OAuth2LoginArgs,

    #[command(flatten)]
    pub token: TokenLoginArgs,
}

/// `jshell login --api-token`: an Atlassian Cloud API token, classic or scoped.
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "Atlassian API tokens (Cloud)")]
pub struct TokenLoginArgs {
    /// Save an Atlassian API token for --username EMAIL (from $JSHELL_API_TOKEN, else asked
    /// for), proved with myself() first.
    #[arg(long, conflicts_with = "oauth2")]
    pub api_token: bool,

    /// The API token is scoped: it works only through Atlassian's API gateway, so the site's
    /// cloud id is looked up (https://SITE/_edge/tenant_info) and saved.
    #[arg(long, requires = "api_token")]
    pub scoped: bool,

    /// Atlassian's API gateway (for testing against a simulator).
    #[arg(
        long,
        env = "JSHELL_ATLASSIAN_API_URL",
        value_name = "URL",
        hide = true
    )]
    pub atlassian_api_url: Option<String>,
}

/// `jshell login --oauth2`: Data Center incoming links (8.22+) and Cloud 3LO apps.
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "OAuth 2.0")]
pub struct OAuth2LoginArgs {
    /// Log in with OAuth 2.0 (authorization code with PKCE) instead of OAuth 1.0a.
    #[arg(long)]
    pub oauth2: bool,

    /// Print what to enter in Jira to create the link (or the Cloud app), then stop.
    #[arg(long, requires = "oauth2")]
    pub print_setup: bool,

    /// The link's Client ID.
    #[arg(long, env = "JSHELL_CLIENT_ID", value_name = "ID", requires = "oauth2")]
    pub client_id: Option<String>,

    /// A file holding the link's Client Secret (else $JSHELL_CLIENT_SECRET, else a prompt; never
    /// a flag, which other users could see in the process list).
    #[arg(long, value_name = "FILE", requires = "oauth2")]
    pub client_secret_file: Option<PathBuf>,

    /// The scope to ask for. Data Center: READ, WRITE, ADMIN or SYSTEM_ADMIN (default WRITE);
    /// Cloud: space-separated scopes (default "read:jira-work write:jira-work read:jira-user
    /// offline_access").
    #[arg(long, value_name = "SCOPE", requires = "oauth2")]
    pub scope: Option<String>,

    /// The Redirect URL registered on the link; jshell listens there for the browser's answer.
    /// [default: http://127.0.0.1:8765/callback]
    #[arg(long, value_name = "URL", requires = "oauth2")]
    pub redirect_uri: Option<String>,

    /// The server is Atlassian Cloud (implied by *.atlassian.net addresses).
    #[arg(long, requires = "oauth2")]
    pub cloud: bool,

    /// How long to wait for the approval in the browser, in seconds.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 300,
        requires = "oauth2"
    )]
    pub approval_timeout: u64,

    /// Cloud's authorization server (for testing against a simulator).
    #[arg(long, env = "JSHELL_OAUTH2_AUTH_URL", value_name = "URL", hide = true)]
    pub auth_url: Option<String>,

    /// Cloud's API gateway (for testing against a simulator).
    #[arg(long, env = "JSHELL_OAUTH2_API_URL", value_name = "URL", hide = true)]
    pub api_url: Option<String>,
}

#[derive(Debug, Args, Clone)]
pub struct KeygenArgs {
    /// Where to write the private key (mode 0600); the public key goes beside it as .pub.
    #[arg(long, default_value = "rsa.pem", value_name = "FILE")]
    pub out: PathBuf,

    /// Key size in bits: 2048, 3072 or 4096.
    #[arg(long, default_value_t = oauth1::DEFAULT_KEY_SIZE, value_parser = parse_key_size)]
    pub bits: usize,

    /// Replace existing key files.
    #[arg(long)]
    pub force: bool,

    /// The consumer name to print for the application link (the consumer key comes from
    /// --consumer-key, default `jshell`).
    #[arg(long, value_name = "NAME", default_value = "jshell")]
    pub consumer_name: String,
}

#[derive(Debug, Args, Clone)]
pub struct ProfilesArgs {
    #[command(subcommand)]
    pub action: Option<ProfilesAction>,
}

#[derive(Debug, Subcommand, Clone)]
pub enum ProfilesAction {
    /// List the saved profiles (the default).
    List,
    /// Show one profile, secrets redacted.
    Show {
        /// The profile's name.
        name: String,
    },
    /// Change a saved profile: record when its credentials expire.
    #[command(
        after_help = "Examples:\n  jshell profiles set work --expires 2027-06-30\n  jshell profiles set work --expires never"
    )]
    Set {
        /// The profile's name.
        name: String,
        /// When the token or password expires (YYYY-MM-DD), or `never` to forget it: jshell
        /// warns once a day from 14 days before.
        #[arg(long, value_name = "DATE")]
        expires: String,
    },
    /// Remove a profile.
    Remove {
        /// The profile's name.
        name: String,
    },
    /// Move saved secrets into the OS keyring or into the configuration file, and make that
    /// the place for later logins (`secrets:` in the configuration).
    #[command(
        after_help = "Examples:\n  jshell profiles migrate-secrets --to keyring\n  jshell profiles migrate-secrets --to file ci"
    )]
    MigrateSecrets {
        /// Where the secrets go.
        #[arg(long, value_enum, value_name = "WHERE")]
        to: crate::secrets::SecretsChoice,
        /// The profiles to move (default: all).
        #[arg(value_name = "NAME")]
        names: Vec<String>,
    },
    /// Save jirashell's settings (~/.jira-python/jirashell.ini) as a profile.
    ImportJirashell {
        /// The file to import (default: ~/.jira-python/jirashell.ini).
        #[arg(long, value_name = "FILE")]
        from: Option<PathBuf>,
        /// The profile's name (default: the server's host).
        #[arg(long, value_name = "NAME")]
        save_as: Option<String>,
    },
}

fn parse_key_size(value: &str) -> Result<usize, String> {
    value
        .parse()
        .ok()
        .filter(|bits| oauth1::KEY_SIZES.contains(bits))
        .ok_or_else(|| format!("`{value}` is not a supported key size; use 2048, 3072 or 4096"))
}
