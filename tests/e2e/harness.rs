//! The world each end-to-end test runs in: a fakejira on loopback, a private home and
//! configuration directory, and the real `jshell` binary.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use fakejira::{FakeJira, Running};

pub const USER: &str = "alice";
pub const PASSWORD: &str = "alice-password-3141";
pub const PAT: &str = "alice-pat-2718281828";
pub const CONSUMER_KEY: &str = "monitor-jira-license";

pub struct World {
    /// Runs fakejira for as long as the test lives.
    _runtime: tokio::runtime::Runtime,
    pub server: Running,
    pub dir: tempfile::TempDir,
}

impl World {
    /// A fakejira that approves every authorization as alice, with a few issues.
    pub fn new() -> Self {
        Self::with(|builder| builder.auto_approve(USER))
    }

    /// A fakejira approving as alice, with an OAuth 2.0 link (`id`, `secret`, scope WRITE) for
    /// the Redirect URL `redirect`, whose access tokens live `seconds`.
    pub fn with_oauth2_link(id: &str, secret: &str, redirect: &str, seconds: u64) -> Self {
        let client = fakejira::OAuth2Client::new(id, secret, redirect).scope("WRITE");
        Self::with(|builder| {
            builder
                .auto_approve(USER)
                .oauth2_client(client)
                .oauth2_access_token_lifetime(Duration::from_secs(seconds))
        })
    }

    pub fn with(configure: impl FnOnce(fakejira::Builder) -> fakejira::Builder) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        let builder = FakeJira::builder()
            .user(USER, PASSWORD)
            .pat(PAT, USER)
            .issues(12)
            .projects(2);
        let server = runtime
            .block_on(configure(builder).start())
            .expect("fakejira starts");
        let dir = tempfile::tempdir().expect("a temp dir");
        std::fs::create_dir_all(dir.path().join("home")).expect("a home");
        Self {
            _runtime: runtime,
            server,
            dir,
        }
    }

    pub fn url(&self) -> String {
        self.server.url().to_string()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// jirashell's settings file in the test's home, written the way its documentation shows.
    pub fn write_jirashell_ini(&self, text: &str) -> PathBuf {
        let path = self.path("home/.jira-python/jirashell.ini");
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("created");
        std::fs::write(&path, text).expect("written");
        path
    }

    /// What a jirashell user of OAuth 1.0a has: a jirashell.ini holding an access token (from a
    /// login with `key` whose profile is then forgotten) and the key's path. Returns the file's
    /// path and the token secret.
    pub fn write_jirashell_oauth_ini(&self, key: &Path) -> (PathBuf, String) {
        let (browser, _) = self.browser_saving_page();
        let login = self
            .jshell()
            .env("BROWSER", &browser)
            .args(self.login_args(key))
            .args(["--print-tokens", "--save-as", "throwaway"])
            .output()
            .expect("runs");
        assert!(login.status.success(), "{}", stderr(&login));
        std::fs::remove_file(self.config_path()).expect("no saved profile any more");
        let out = stdout(&login);
        let (token, secret) = (
            field(&out, "Access token:"),
            field(&out, "Access token secret:"),
        );
        let ini = self.write_jirashell_ini(&format!(
            "[options]\nserver = {}\n\n[oauth]\naccess_token = {token}\naccess_token_secret = \
             {secret}\nconsumer_key = {CONSUMER_KEY}\nkey_cert = {}\n",
            self.url(),
            key.display()
        ));
        (ini, secret)
    }

    /// `jshell login --pat` with alice's token typed at the prompt; the login must succeed and
    /// print no secret.
    pub fn login_with_pat(&self) {
        let login = self
            .jshell()
            .args(["login", "--pat", "--server", &self.url()])
            .write_stdin(format!("{PAT}\n"))
            .output()
            .expect("jshell runs");
        assert!(login.status.success(), "login: {}", stderr(&login));
        assert_clean(&login, &[PAT]);
    }

    pub fn config_path(&self) -> PathBuf {
        self.path("home/.config/jshell/config.yaml")
    }

    /// `jshell` with a clean environment: its own HOME and XDG directories, no JSHELL_*
    /// variables but `JSHELL_SECRETS=file`, no D-Bus session and no browser unless a test sets
    /// one.
    pub fn jshell(&self) -> assert_cmd::Command {
        assert_cmd::Command::from_std(self.jshell_process())
    }

    /// The same as a plain process, for tests that talk to it while it runs.
    pub fn jshell_process(&self) -> std::process::Command {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_jshell"));
        self.isolate(&mut command);
        command
    }

    fn isolate(&self, command: &mut std::process::Command) {
        let home = self.path("home");
        command
            .current_dir(self.dir.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("NO_COLOR", "1")
            // Secrets stay in the test's file and no test reaches the user's keyring: the
            // keyring tests (keyring.rs) choose their own private Secret Service.
            .env("JSHELL_SECRETS", "file")
            .env("DBUS_SESSION_BUS_ADDRESS", self.no_bus());
        // The suite can run with the clock moved (`faketime '+3y' …`, see ARCHITECTURE.md) or
        // in another time zone: jshell must then see the same clock and calendar as the test.
        for name in [
            "TZ",
            "LD_PRELOAD",
            "FAKETIME",
            "FAKETIME_NO_CACHE",
            "FAKETIME_DONT_FAKE_MONOTONIC",
            "DONT_FAKE_MONOTONIC",
        ] {
            if let Some(value) = std::env::var_os(name) {
                command.env(name, value);
            }
        }
    }

    /// A D-Bus address where no bus listens.
    pub fn no_bus(&self) -> String {
        format!("unix:path={}", self.path("no-bus").display())
    }

    /// Makes a key pair with `jshell keygen` and registers its public key with fakejira.
    pub fn keygen_and_register(&self) -> PathBuf {
        let private = self.path("rsa.pem");
        self.jshell()
            .args(["keygen", "--out"])
            .arg(&private)
            .args(["--consumer-key", CONSUMER_KEY])
            .assert()
            .success();
        let public = std::fs::read_to_string(self.path("rsa.pub")).expect("keygen wrote rsa.pub");
        let key = oauth1::PublicKey::from_pem(&public).expect("a public key");
        self.server.add_consumer(CONSUMER_KEY, key);
        private
    }

    /// Starts `jshell login EXTRA… --server … --consumer-key … --key-cert KEY` with `$BROWSER`
    /// set and every standard stream piped, for tests that answer its prompts.
    pub fn spawn_login(&self, browser: &str, key: &Path, extra: &[&str]) -> std::process::Child {
        self.jshell_process()
            .env("BROWSER", browser)
            .args(self.login_args(key))
            .args(extra)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("jshell starts")
    }

    /// `login --server URL --consumer-key monitor-jira-license --key-cert KEY`.
    pub fn login_args(&self, key: &Path) -> Vec<std::ffi::OsString> {
        let mut args: Vec<std::ffi::OsString> = [
            "login",
            "--server",
            &self.url(),
            "--consumer-key",
            CONSUMER_KEY,
            "--key-cert",
        ]
        .into_iter()
        .map(Into::into)
        .collect();
        args.push(key.into());
        args
    }

    /// A `$BROWSER` that fetches the authorize page like a user clicking Allow would (fakejira
    /// approves at once), following the redirect to jshell's callback, and saves the page.
    pub fn browser_saving_page(&self) -> (String, PathBuf) {
        let page = self.path("authorize-page.html");
        let browser = format!(
            "sh -c 'curl -sSL -o \"{}.tmp\" \"$0\" && mv \"{}.tmp\" \"{}\"'",
            page.display(),
            page.display(),
            page.display()
        );
        (browser, page)
    }

    /// A `$BROWSER` that clicks Deny on the authorize form.
    pub fn browser_denying(&self) -> String {
        "sh -c 'curl -sSL -o /dev/null -d \"oauth_token=${0#*oauth_token=}\" -d deny=Deny \"$0\"'"
            .to_owned()
    }
}

/// Waits until `path` exists (a browser script wrote it), for at most 20 seconds.
pub fn wait_for_file(path: &Path) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok(text) = std::fs::read_to_string(path) {
            return text;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{} never appeared", path.display());
}

/// The verifier fakejira shows on its `oob` page.
pub fn verifier_in(page: &str) -> String {
    let start = page
        .find("<code id=\"oauth-verifier\">")
        .expect("a verifier on the page")
        + "<code id=\"oauth-verifier\">".len();
    let end = page[start..].find("</code>").expect("the code ends") + start;
    page[start..end].to_owned()
}

/// The value printed after `label` on a line of `stdout` (`Access token secret: …`).
pub fn field(stdout: &str, label: &str) -> String {
    stdout
        .lines()
        .find_map(|line| line.strip_prefix(label))
        .unwrap_or_else(|| panic!("no `{label}` line in:\n{stdout}"))
        .trim()
        .to_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts that none of `secrets` appears in the process's stdout or stderr, and that it did not
/// panic.
pub fn assert_clean(output: &Output, secrets: &[&str]) {
    let (out, err) = (stdout(output), stderr(output));
    for secret in secrets.iter().filter(|secret| !secret.is_empty()) {
        assert!(!out.contains(secret), "a secret leaked to stdout:\n{out}");
        assert!(!err.contains(secret), "a secret leaked to stderr:\n{err}");
    }
    assert!(!err.contains("panicked at"), "jshell panicked:\n{err}");
}

/// The private key's material, which must never be printed.
pub fn key_material(path: &Path) -> String {
    let pem = std::fs::read_to_string(path).expect("the key exists");
    pem.lines().nth(1).expect("a PEM body").to_owned()
}

/// The writes fakejira answered, as `METHOD path`.
pub fn writes_sent(world: &World) -> Vec<String> {
    world
        .server
        .access_log()
        .into_iter()
        .filter(|entry| {
            let method = jira::Method::from_bytes(entry.method.as_bytes()).expect("a method");
            let url = world.server.url().join(&entry.path).expect("a URL");
            jira::is_write(&method, &url)
        })
        .map(|entry| format!("{} {}", entry.method, entry.path))
        .collect()
}

/// Starts both commands before waiting for either (their stdout and stderr captured), so they
/// race as two users' processes would; answers their outputs in order.
pub fn run_together(commands: [std::process::Command; 2]) -> Vec<Output> {
    let children: Vec<std::process::Child> = commands
        .into_iter()
        .map(|mut command| {
            command
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("jshell starts")
        })
        .collect();
    children
        .into_iter()
        .map(|child| child.wait_with_output().expect("jshell ends"))
        .collect()
}
