//! What ends a run unsuccessfully, and the exit code each kind of failure maps to.

use std::fmt;

/// jshell's documented exit codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// A script failed to parse or raised an uncaught error: 1.
    Script,
    /// The command line or the configuration is wrong: 2.
    Usage,
    /// The server refused the credentials (401/403, an OAuth problem, a denied login): 3.
    Auth,
    /// The server could not be reached, or answered with an HTTP error: 4.
    Network,
    /// The user pressed Ctrl-C: 130 (128 + SIGINT).
    Interrupted,
    /// The script called `exit(code)`.
    Requested(u8),
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Script => 1,
            Exit::Usage => 2,
            Exit::Auth => 3,
            Exit::Network => 4,
            Exit::Interrupted => 130,
            Exit::Requested(code) => code,
        }
    }
}

/// A failure with the message to show and the exit code to return.
#[derive(Debug)]
pub struct Failure {
    pub exit: Exit,
    pub message: String,
}

impl Failure {
    pub fn new(exit: Exit, message: impl Into<String>) -> Self {
        Self {
            exit,
            message: message.into(),
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Exit::Usage, message)
    }

    pub fn auth(message: impl Into<String>) -> Self {
        Self::new(Exit::Auth, message)
    }

    pub fn script(message: impl Into<String>) -> Self {
        Self::new(Exit::Script, message)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The exit code a Jira client error deserves.
pub fn exit_for_jira(error: &jira::Error) -> Exit {
    if error.is_auth() {
        Exit::Auth
    } else if error.kind() == jira::ErrorKind::Config {
        Exit::Usage
    } else {
        Exit::Network
    }
}

impl From<jira::Error> for Failure {
    fn from(error: jira::Error) -> Self {
        let exit = exit_for_jira(&error);
        let mut message = error.to_string();
        if error.status() == Some(401) && error.oauth_problem().is_none() {
            message.push_str(
                "\nhint: log in with `jshell login --server URL --consumer-key KEY --key-cert rsa.pem`, \
                 or pass a personal access token with --pat",
            );
        }
        Failure::new(exit, message)
    }
}

impl From<oauth1::Error> for Failure {
    fn from(error: oauth1::Error) -> Self {
        use oauth1::ErrorKind as Kind;
        let exit = match error.kind() {
            Kind::Problem => Exit::Auth,
            Kind::Transport | Kind::UnexpectedStatus | Kind::IncompleteResponse => Exit::Network,
            _ => Exit::Usage,
        };
        Failure::new(exit, error.to_string())
    }
}
