//! Secrets in the OS keyring, against a real Secret Service: each test starts its own D-Bus
//! session bus and a `gnome-keyring-daemon` on it (unlocked with an empty password, in the
//! test's private home), and checks the items with libsecret's `secret-tool`. Without those
//! programs the tests say so and pass, except in CI (`CI=true`), where `.ci/run` installs them
//! and they must run.
//!
//! Covered: logins to the keyring (a personal access token, OAuth 2.0), use, renewal by two
//! racing processes, migration both ways (the file is read and must hold no secret), the
//! fallback to the file when no bus exists (said once), a jirashell.ini import, and what
//! `profiles show` says.

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{self, PAT, USER, World};

const CLIENT_ID: &str = "jshell-client-kr";
const CLIENT_SECRET: &str = "client-secret-kr-5a7c91";

/// A private session bus with an unlocked GNOME Keyring on it; both end with the test.
struct SecretService {
    bus: Child,
    keyring: Child,
    address: String,
    env: Vec<(String, PathBuf)>,
}

impl SecretService {
    /// Starts one for `world`, or `None` (passing) when the programs are missing outside CI.
    fn start(world: &World) -> Option<Self> {
        let missing: Vec<&str> = [
            "dbus-daemon",
            "dbus-send",
            "gnome-keyring-daemon",
            "secret-tool",
        ]
        .into_iter()
        .filter(|name| !in_path(name))
        .collect();
        if !missing.is_empty() {
            let ci = std::env::var("CI").is_ok_and(|ci| ci == "true" || ci == "1");
            assert!(
                !ci,
                "running in CI but {} missing: .ci/run installs them (apt-get install dbus \
                 gnome-keyring libsecret-tools)",
                missing.join(", ")
            );
            // Straight to stderr, past the test harness's capture, so it is always seen.
            let _ = writeln!(
                std::io::stderr(),
                "skipping: {} not installed; apt-get install dbus gnome-keyring libsecret-tools",
                missing.join(", ")
            );
            return None;
        }
        let run = world.path("run");
        std::fs::create_dir_all(&run).expect("a runtime dir");
        set_private(&run);
        let home = world.path("home");
        let env = vec![
            ("HOME".to_owned(), home.clone()),
            ("XDG_DATA_HOME".to_owned(), home.join(".local/share")),
            ("XDG_RUNTIME_DIR".to_owned(), run.clone()),
        ];
        let (bus, address) = start_bus(&run, &env);
        let keyring = start_keyring(&address, &env);
        let service = Self {
            bus,
            keyring,
            address,
            env,
        };
        service.wait_for_name("org.freedesktop.secrets");
        Some(service)
    }

    /// Waits until `name` is owned on the bus (the daemon registered), for at most 20 s.
    fn wait_for_name(&self, name: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let answer = self
                .command("dbus-send")
                .args([
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                ])
                .arg("org.freedesktop.DBus.NameHasOwner")
                .arg(format!("string:{name}"))
                .output()
                .expect("dbus-send runs");
            if harness::stdout(&answer).contains("boolean true") {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{name} never appeared on the bus"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A program of the session, talking to this bus.
    fn command(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .envs(self.env.iter().map(|(name, value)| (name, value)));
        command
    }

    /// What the keyring holds for `account` of `world`'s configuration, as libsecret reads it.
    fn lookup(&self, world: &World, account: &str) -> Option<String> {
        let output = self
            .command("secret-tool")
            .args(["lookup", "service", &service(world), "username", account])
            .output()
            .expect("secret-tool runs");
        output
            .status
            .success()
            .then(|| harness::stdout(&output))
            .filter(|text| !text.is_empty())
    }

    /// `jshell` in `world` with this session: secrets go where the flags and the file say.
    fn jshell(&self, world: &World) -> assert_cmd::Command {
        assert_cmd::Command::from_std(self.process(world))
    }

    /// The same as a plain process, for tests that run several at once.
    fn process(&self, world: &World) -> Command {
        let mut command = world.jshell_process();
        command
            .env_remove("JSHELL_SECRETS")
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address);
        command
    }
}

impl Drop for SecretService {
    fn drop(&mut self) {
        for child in [&mut self.keyring, &mut self.bus] {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn in_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(name).is_file()))
}

#[cfg(unix)]
fn set_private(dir: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).expect("chmod 700");
}

#[cfg(not(unix))]
fn set_private(_dir: &std::path::Path) {}

/// A session bus on a socket in `run`; its address is the first line it prints.
fn start_bus(run: &std::path::Path, env: &[(String, PathBuf)]) -> (Child, String) {
    let mut bus = Command::new("dbus-daemon")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .envs(env.iter().map(|(name, value)| (name, value)))
        .args(["--session", "--nofork", "--print-address=1"])
        .arg(format!("--address=unix:path={}", run.join("bus").display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("dbus-daemon starts");
    let mut address = String::new();
    BufReader::new(bus.stdout.take().expect("its stdout"))
        .read_line(&mut address)
        .expect("dbus-daemon prints its address");
    assert!(!address.trim().is_empty(), "dbus-daemon printed no address");
    (bus, address.trim().to_owned())
}

/// GNOME Keyring's secrets component on `address`, its login keyring created and unlocked
/// with the empty password read from standard input (a line, then end of input).
fn start_keyring(address: &str, env: &[(String, PathBuf)]) -> Child {
    let mut keyring = Command::new("gnome-keyring-daemon")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("DBUS_SESSION_BUS_ADDRESS", address)
        .envs(env.iter().map(|(name, value)| (name, value)))
        .args(["--foreground", "--unlock", "--components=secrets"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("gnome-keyring-daemon starts");
    let mut stdin = keyring.stdin.take().expect("its stdin");
    stdin.write_all(b"\n").expect("the password is written");
    drop(stdin);
    keyring
}

/// The service jshell names `world`'s items with.
fn service(world: &World) -> String {
    format!("jshell:{}", world.config_path().display())
}

fn config_text(world: &World) -> String {
    std::fs::read_to_string(world.config_path()).expect("a saved configuration")
}

fn assert_clean(output: &Output, secrets: &[&str]) {
    assert!(output.status.success(), "{}", harness::stderr(output));
    harness::assert_clean(output, secrets);
}

fn pat_login(world: &World, command: &mut assert_cmd::Command, extra: &[&str]) -> Output {
    command
        .write_stdin(format!("{PAT}\n"))
        .args([
            "login",
            "--pat",
            "--server",
            &world.url(),
            "--save-as",
            "dc",
        ])
        .args(extra)
        .output()
        .expect("jshell runs")
}

fn myself(command: &mut assert_cmd::Command) -> Output {
    command
        .args(["--profile", "dc", "-e", "jira.myself().name"])
        .output()
        .expect("jshell runs")
}

#[test]
fn a_login_saves_its_token_in_the_keyring_and_the_profile_a_reference() {
    let world = World::new();
    let Some(session) = SecretService::start(&world) else {
        return;
    };
    let login = pat_login(&world, &mut session.jshell(&world), &[]);
    assert_clean(&login, &[PAT]);
    assert!(
        harness::stderr(&login).contains("(its secrets in the OS keyring)"),
        "{}",
        harness::stderr(&login)
    );
    let yaml = config_text(&world);
    assert!(!yaml.contains(PAT), "the file holds no token:\n{yaml}");
    assert!(
        yaml.contains(&format!("service: {}", service(&world))),
        "{yaml}"
    );
    let item = session
        .lookup(&world, "dc")
        .expect("an item in the keyring");
    assert_eq!(item, format!("{{\"token\":\"{PAT}\"}}"));

    let me = myself(&mut session.jshell(&world));
    assert_clean(&me, &[PAT]);
    assert_eq!(harness::stdout(&me).trim(), USER);

    let show = session
        .jshell(&world)
        .args(["profiles", "show", "dc"])
        .output()
        .expect("jshell runs");
    assert_clean(&show, &[PAT]);
    let shown = harness::stdout(&show);
    assert!(shown.contains("token: <in the OS keyring>"), "{shown}");
    assert!(
        shown.contains(&format!(
            "# secrets: token in the OS keyring (service `{}`, account `dc`)",
            service(&world)
        )),
        "{shown}"
    );

    // Where no keyring is reachable, the profile cannot be used, and jshell says why.
    let elsewhere = world
        .jshell()
        .args(["--profile", "dc", "-e", "jira.myself().name"])
        .output()
        .expect("jshell runs");
    assert_eq!(elsewhere.status.code(), Some(2));
    harness::assert_clean(&elsewhere, &[PAT]);
    assert!(
        harness::stderr(&elsewhere).contains("is not reachable here"),
        "{}",
        harness::stderr(&elsewhere)
    );

    let removed = session
        .jshell(&world)
        .args(["profiles", "remove", "dc"])
        .output()
        .expect("jshell runs");
    assert_clean(&removed, &[PAT]);
    assert_eq!(session.lookup(&world, "dc"), None, "the item is deleted");
}

#[test]
fn secrets_move_to_the_keyring_and_back_and_the_file_then_holds_none() {
    let world = World::new();
    let Some(session) = SecretService::start(&world) else {
        return;
    };
    let login = pat_login(&world, &mut session.jshell(&world), &["--secrets", "file"]);
    assert_clean(&login, &[PAT]);
    assert!(
        config_text(&world).contains(PAT),
        "--secrets file keeps it in the file"
    );
    assert_eq!(session.lookup(&world, "dc"), None);

    let to_keyring = session
        .jshell(&world)
        .args(["profiles", "migrate-secrets", "--to", "keyring"])
        .output()
        .expect("jshell runs");
    assert_clean(&to_keyring, &[PAT]);
    assert!(harness::stderr(&to_keyring).contains("Moved the secrets of dc to the OS keyring"));
    let yaml = config_text(&world);
    assert!(
        !yaml.contains(PAT),
        "no secret is left in the file:\n{yaml}"
    );
    assert!(yaml.contains("secrets: keyring"), "{yaml}");
    assert!(
        session
            .lookup(&world, "dc")
            .is_some_and(|item| item.contains(PAT))
    );
    let me = myself(&mut session.jshell(&world));
    assert_clean(&me, &[PAT]);
    assert_eq!(harness::stdout(&me).trim(), USER);

    let to_file = session
        .jshell(&world)
        .args(["profiles", "migrate-secrets", "--to", "file", "dc"])
        .output()
        .expect("jshell runs");
    assert_clean(&to_file, &[PAT]);
    let yaml = config_text(&world);
    assert!(yaml.contains(PAT) && !yaml.contains("keyring:"), "{yaml}");
    assert!(yaml.contains("secrets: file"), "{yaml}");
    assert_eq!(session.lookup(&world, "dc"), None, "the item is deleted");
    // The file's `secrets: file` now decides: a new login stays in the file.
    let again = pat_login(&world, &mut session.jshell(&world), &[]);
    assert_clean(&again, &[PAT]);
    assert_eq!(session.lookup(&world, "dc"), None);
    let me = myself(&mut session.jshell(&world));
    assert_clean(&me, &[PAT]);
}

#[test]
fn without_a_bus_a_login_falls_back_to_the_file_and_says_so_once() {
    let world = World::new();
    let login = |extra: &[&str]| {
        let mut command = world.jshell();
        command.env_remove("JSHELL_SECRETS");
        pat_login(&world, &mut command, extra)
    };
    let first = login(&[]);
    assert_clean(&first, &[PAT]);
    let err = harness::stderr(&first);
    assert!(err.contains("notice: secrets are saved in"), "{err}");
    assert!(err.contains("no OS keyring is reachable"), "{err}");
    assert!(config_text(&world).contains(PAT));
    let second = login(&[]);
    assert_clean(&second, &[PAT]);
    assert!(
        !harness::stderr(&second).contains("notice:"),
        "said once: {}",
        harness::stderr(&second)
    );

    // Asked for explicitly, the keyring is not silently replaced by the file.
    std::fs::remove_file(world.config_path()).expect("removed");
    let explicit = login(&["--secrets", "keyring"]);
    assert_eq!(explicit.status.code(), Some(2));
    harness::assert_clean(&explicit, &[PAT]);
    assert!(
        harness::stderr(&explicit).contains("is not reachable here"),
        "{}",
        harness::stderr(&explicit)
    );
    assert!(!world.config_path().exists(), "nothing was saved");
}

fn oauth2_login(world: &World, session: &SecretService, redirect: &str) -> Output {
    let (browser, _) = world.browser_saving_page();
    session
        .jshell(world)
        .env("BROWSER", browser)
        .env("JSHELL_CLIENT_SECRET", CLIENT_SECRET)
        .args([
            "login",
            "--oauth2",
            "--server",
            &world.url(),
            "--save-as",
            "dc",
        ])
        .args(["--client-id", CLIENT_ID, "--redirect-uri", redirect])
        .args(["--approval-timeout", "60"])
        .output()
        .expect("jshell runs")
}

/// The OAuth 2.0 tokens in the keyring's item for `dc`.
fn kept_tokens(world: &World, session: &SecretService) -> (String, String) {
    let item = session.lookup(world, "dc").expect("an item in the keyring");
    let json: serde_json::Value = serde_json::from_str(&item).expect("JSON");
    let field = |name: &str| json[name].as_str().expect("a token").to_owned();
    assert_eq!(field("client_secret"), CLIENT_SECRET);
    (field("access_token"), field("refresh_token"))
}

/// Moves the saved access token's expiry (kept in the file) into the past.
fn expire_saved_token(world: &World) {
    let yaml = config_text(world);
    let expired: Vec<String> = yaml
        .lines()
        .map(|line| match line.find("expires_at: ") {
            Some(at) => format!("{}expires_at: 2001-01-01T00:00:00Z", &line[..at]),
            None => line.to_owned(),
        })
        .collect();
    std::fs::write(world.config_path(), expired.join("\n") + "\n").expect("rewritten");
}

#[test]
fn oauth2_tokens_renewed_by_two_racing_processes_go_back_to_the_keyring_once() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let redirect = format!("http://127.0.0.1:{port}/callback");
    let world = World::with_oauth2_link(CLIENT_ID, CLIENT_SECRET, &redirect, 3600);
    let Some(session) = SecretService::start(&world) else {
        return;
    };
    let login = oauth2_login(&world, &session, &redirect);
    assert_clean(&login, &[CLIENT_SECRET]);
    let (access, refresh) = kept_tokens(&world, &session);
    let yaml = config_text(&world);
    for secret in [CLIENT_SECRET, &access, &refresh] {
        assert!(!yaml.contains(secret), "the file holds no secret:\n{yaml}");
    }
    expire_saved_token(&world);

    let command = || {
        let mut command = session.process(&world);
        command.args(["--profile", "dc", "-e", "jira.myself().name"]);
        command
    };
    for output in harness::run_together([command(), command()]) {
        assert_clean(&output, &[CLIENT_SECRET, &access, &refresh]);
        assert_eq!(harness::stdout(&output).trim(), USER);
    }
    let grants = world.server.oauth2_grants();
    assert_eq!(grants.refresh_token, 1, "one renewal between the two");
    assert_eq!(grants.rotated_refresh_token, 0, "the renewal was saved");
    let (renewed_access, renewed_refresh) = kept_tokens(&world, &session);
    assert_ne!(
        renewed_access, access,
        "the new access token is in the keyring"
    );
    assert_ne!(
        renewed_refresh, refresh,
        "the rotated refresh token is in the keyring"
    );
    let yaml = config_text(&world);
    assert!(
        !yaml.contains(&renewed_refresh) && !yaml.contains("2001-01-01"),
        "{yaml}"
    );

    let to_file = session
        .jshell(&world)
        .args(["profiles", "migrate-secrets", "--to", "file"])
        .output()
        .expect("jshell runs");
    assert_clean(
        &to_file,
        &[CLIENT_SECRET, &renewed_access, &renewed_refresh],
    );
    assert!(config_text(&world).contains(&renewed_refresh));
    assert_eq!(session.lookup(&world, "dc"), None);
}

#[test]
fn an_oauth1_token_secret_goes_to_the_keyring_and_signs_from_there() {
    let world = World::new();
    let Some(session) = SecretService::start(&world) else {
        return;
    };
    let key = world.keygen_and_register();
    let (browser, _) = world.browser_saving_page();
    let login = session
        .jshell(&world)
        .env("BROWSER", &browser)
        .args(world.login_args(&key))
        .args(["--save-as", "dc"])
        .output()
        .expect("jshell runs");
    assert!(login.status.success(), "{}", harness::stderr(&login));
    let item = session
        .lookup(&world, "dc")
        .expect("an item in the keyring");
    let json: serde_json::Value = serde_json::from_str(&item).expect("JSON");
    let secret = json["access_token_secret"]
        .as_str()
        .expect("the token secret")
        .to_owned();
    harness::assert_clean(&login, &[&secret]);
    let yaml = config_text(&world);
    assert!(!yaml.contains(&secret), "the file holds no secret:\n{yaml}");
    assert!(
        yaml.contains("consumer_key:"),
        "the rest stays in the file:\n{yaml}"
    );

    let me = myself(&mut session.jshell(&world));
    assert_clean(&me, &[&secret]);
    assert_eq!(harness::stdout(&me).trim(), USER);
    let show = session
        .jshell(&world)
        .args(["profiles", "show", "dc"])
        .output()
        .expect("jshell runs");
    assert_clean(&show, &[&secret]);
    assert!(harness::stdout(&show).contains("access_token_secret: <in the OS keyring>"));
}

#[test]
fn a_jirashell_import_puts_the_token_secret_where_a_login_would() {
    let world = World::new();
    let Some(session) = SecretService::start(&world) else {
        return;
    };
    let key = world.keygen_and_register();
    let (_, secret) = world.write_jirashell_oauth_ini(&key);
    let import = session
        .jshell(&world)
        .args(["profiles", "import-jirashell", "--save-as", "dc"])
        .output()
        .expect("jshell runs");
    let err = harness::stderr(&import);
    assert!(import.status.success(), "{err}");
    assert!(err.contains("its secrets in the OS keyring"), "{err}");
    assert_clean(&import, &[&secret]);
    let item = session
        .lookup(&world, "dc")
        .expect("an item in the keyring");
    let json: serde_json::Value = serde_json::from_str(&item).expect("JSON");
    assert_eq!(json["access_token_secret"].as_str(), Some(secret.as_str()));
    let yaml = config_text(&world);
    assert!(!yaml.contains(&secret), "the file holds no secret:\n{yaml}");

    let me = myself(&mut session.jshell(&world));
    assert_clean(&me, &[&secret]);
    assert_eq!(harness::stdout(&me).trim(), USER);

    // Asked for the file, it goes there, as with a login.
    let to_file = session
        .jshell(&world)
        .args([
            "--secrets",
            "file",
            "profiles",
            "import-jirashell",
            "--save-as",
            "in-file",
        ])
        .output()
        .expect("jshell runs");
    assert!(to_file.status.success(), "{}", harness::stderr(&to_file));
    assert_eq!(session.lookup(&world, "in-file"), None);
    assert!(config_text(&world).contains(&secret));
}

fn password_login(world: &World, command: &mut assert_cmd::Command) -> Output {
    command
        .args(["login", "--save-password", "--server", &world.url()])
        .args(["--username", USER, "--save-as", "dc"])
        .write_stdin(format!("{}\n", harness::PASSWORD))
        .output()
        .expect("jshell runs")
}

#[test]
fn a_password_is_saved_only_when_asked_and_only_in_the_keyring() {
    let world = World::new();
    let Some(session) = SecretService::start(&world) else {
        return;
    };
    let login = password_login(&world, &mut session.jshell(&world));
    assert_clean(&login, &[harness::PASSWORD]);
    assert!(!config_text(&world).contains(harness::PASSWORD));
    assert!(
        session
            .lookup(&world, "dc")
            .is_some_and(|item| item.contains(harness::PASSWORD))
    );
    // No prompt: standard input is empty, and the saved password is used.
    let me = myself(&mut session.jshell(&world));
    assert_clean(&me, &[harness::PASSWORD]);
    assert_eq!(harness::stdout(&me).trim(), USER);

    let to_file = session
        .jshell(&world)
        .args(["profiles", "migrate-secrets", "--to", "file"])
        .output()
        .expect("jshell runs");
    assert_clean(&to_file, &[harness::PASSWORD]);
    assert!(harness::stderr(&to_file).contains("stays in the OS keyring"));
    assert!(!config_text(&world).contains(harness::PASSWORD));
    assert!(session.lookup(&world, "dc").is_some());

    // Where the file is the place, or no keyring answers, the password is not saved at all.
    let refused = password_login(&world, &mut session.jshell(&world));
    assert_eq!(refused.status.code(), Some(2));
    harness::assert_clean(&refused, &[harness::PASSWORD]);
    let err = harness::stderr(&refused);
    assert!(
        err.contains("saves a password only in the OS keyring"),
        "{err}"
    );
    let elsewhere = World::new();
    let mut without_bus = elsewhere.jshell();
    without_bus.env_remove("JSHELL_SECRETS");
    let refused = password_login(&elsewhere, &mut without_bus);
    assert_eq!(
        refused.status.code(),
        Some(2),
        "{}",
        harness::stderr(&refused)
    );
    assert!(!elsewhere.config_path().exists(), "nothing was saved");
}
