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

/// How a failed Jira call is classified: the `kind` a script's error map carries, and the exit
/// code it ends the run with when no script catches it. The one place both are decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorClass {
    /// The server refused the credentials or the permission (401, 403, an OAuth problem).
    Auth,
    /// The server answered with an error, an unexpected body, or a redirect elsewhere.
    Http,
    /// The server could not be reached or the connection broke.
    Network,
    /// jshell's configuration is incomplete or wrong.
    Config,
    /// A method was called with arguments it cannot use, or asked for something that does not
    /// exist (a transition, an issue type, a field by name).
    Invalid,
    /// A local file could not be read or written.
    File,
    /// A request that would change Jira was refused: the session is read-only.
    ReadOnly,
}

impl ErrorClass {
    /// Every class, in the order the reference lists them.
    pub const ALL: [ErrorClass; 7] = [
        ErrorClass::Auth,
        ErrorClass::Http,
        ErrorClass::Network,
        ErrorClass::Config,
        ErrorClass::Invalid,
        ErrorClass::File,
        ErrorClass::ReadOnly,
    ];

    /// The class of a Jira client error.
    pub fn of(error: &jira::Error) -> Self {
        use jira::ErrorKind as Kind;
        if error.is_auth() {
            return ErrorClass::Auth;
        }
        match error.kind() {
            Kind::Config => ErrorClass::Config,
            Kind::Invalid => ErrorClass::Invalid,
            Kind::File => ErrorClass::File,
            Kind::ReadOnly => ErrorClass::ReadOnly,
            Kind::Status | Kind::Decode | Kind::Redirect | Kind::Changed => ErrorClass::Http,
            _ => ErrorClass::Network,
        }
    }

    /// The name scripts see as the error map's `kind`.
    pub fn name(self) -> &'static str {
        match self {
            ErrorClass::Auth => "auth",
            ErrorClass::Http => "http",
            ErrorClass::Network => "network",
            ErrorClass::Config => "config",
            ErrorClass::Invalid => "invalid",
            ErrorClass::File => "file",
            ErrorClass::ReadOnly => "read_only",
        }
    }

    /// The class named `name`, as an error map carries it.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|class| class.name() == name)
    }

    /// The exit code an uncaught failure of this class ends the run with.
    pub fn exit(self) -> Exit {
        match self {
            ErrorClass::Auth => Exit::Auth,
            ErrorClass::Http | ErrorClass::Network => Exit::Network,
            ErrorClass::Config => Exit::Usage,
            ErrorClass::Invalid | ErrorClass::File | ErrorClass::ReadOnly => Exit::Script,
        }
    }
}

impl From<jira::Error> for Failure {
    fn from(error: jira::Error) -> Self {
        Failure::new(ErrorClass::of(&error).exit(), error.to_string())
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
