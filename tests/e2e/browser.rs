//! The login dance in a real browser: a headless Chromium, driven over WebDriver, plays the user.
//! jshell opens the authorize URL through `$BROWSER`, a launcher that only writes the URL to a
//! file; the test navigates Chromium there, clicks Allow or Deny on fakejira's page, and reads
//! what jshell's loopback callback (or, for `oob`, fakejira's verifier page) shows.
//!
//! Screenshots of every page land in `target/browser-screenshots/`. Without Chromium the tests
//! say so and pass, except in CI (`CI=true`), where `.ci/run` installs it and they must run.

use std::io::Write as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

use crate::harness::{self, CONSUMER_KEY, World};

/// How long a page may take to show what the test waits for.
const PAGE_TIMEOUT: Duration = Duration::from_secs(20);

/// Chromium's switches: headless, no sandbox (we may be root in a container), and nothing that
/// phones home, since the network beyond loopback is blocked and a blocked call can hang it.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=900,600",
];

#[test]
fn allow_in_chromium_completes_the_login_through_the_loopback_callback() {
    let Some(tools) = BrowserTools::find() else {
        return;
    };
    let world = World::with(|builder| builder);
    let key = world.keygen_and_register();
    let browser = Browser::start(&tools, &world);
    let (launcher, handed_url) = url_launcher(&world);
    let jshell = Jshell::spawn(
        world
            .jshell_process()
            .env("BROWSER", &launcher)
            .args(["login", "--server", &world.url()])
            .args(["--consumer-key", CONSUMER_KEY, "--key-cert"])
            .arg(&key),
    );

    let authorize_url = harness::wait_for_file(&handed_url);
    let authorize_url = authorize_url.trim();
    assert!(
        authorize_url.starts_with(&format!(
            "{}plugins/servlet/oauth/authorize?oauth_token=",
            world.url()
        )),
        "jshell handed the launcher fakejira's authorize URL: {authorize_url}"
    );
    browser.goto(authorize_url);
    let consent = browser.text_of("body");
    assert!(
        consent.contains(&format!(
            "{CONSUMER_KEY} would like to read and write data in Jira on your behalf."
        )),
        "the authorize page names the application:\n{consent}"
    );
    assert!(
        consent.contains("Allow") && consent.contains("Deny"),
        "{consent}"
    );
    browser.screenshot("loopback-allow-1-authorize");

    browser.click("button[name=approve]");
    let callback = browser.wait_for_path("/jshell/callback");
    assert_eq!(callback.host_str(), Some("127.0.0.1"), "{callback}");
    assert_eq!(browser.text_of("h1"), "jshell is authorized");
    assert_eq!(
        browser.text_of("p"),
        format!(
            "jshell is now authorized for {} — you can close this tab.",
            world.url()
        )
    );
    assert_eq!(browser.title(), "jshell is authorized");
    browser.screenshot("loopback-allow-2-callback");

    let output = jshell.finish();
    let err = harness::stderr(&output);
    assert!(output.status.success(), "login failed:\n{err}");
    assert!(
        err.contains("Waiting for you to approve jshell in the browser"),
        "{err}"
    );
    assert!(
        err.contains("Authenticated as Alice Example (alice)"),
        "{err}"
    );
    harness::assert_clean(&output, &[&harness::key_material(&key)]);
    let config = std::fs::read_to_string(world.config_path()).expect("login saved a profile");
    assert!(config.contains(&world.url()), "{config}");

    // The saved token really works.
    let me = world
        .jshell()
        .args(["-e", "jira.myself().name"])
        .output()
        .expect("jshell runs");
    assert!(me.status.success(), "{}", harness::stderr(&me));
    assert_eq!(harness::stdout(&me).trim(), harness::USER);
}

#[test]
fn deny_in_chromium_shows_the_denial_and_fails_the_login_with_exit_3() {
    let Some(tools) = BrowserTools::find() else {
        return;
    };
    let world = World::with(|builder| builder);
    let key = world.keygen_and_register();
    let browser = Browser::start(&tools, &world);
    let (launcher, handed_url) = url_launcher(&world);
    let jshell = Jshell::spawn(
        world
            .jshell_process()
            .env("BROWSER", &launcher)
            .args(["login", "--server", &world.url()])
            .args(["--consumer-key", CONSUMER_KEY, "--key-cert"])
            .arg(&key),
    );

    browser.goto(harness::wait_for_file(&handed_url).trim());
    assert!(
        browser
            .text_of("body")
            .contains("would like to read and write data in Jira on your behalf."),
        "the consent form is shown"
    );
    browser.screenshot("loopback-deny-1-authorize");

    browser.click("button[name=deny]");
    browser.wait_for_path("/jshell/callback");
    assert_eq!(browser.text_of("h1"), "jshell was denied");
    assert_eq!(
        browser.text_of("p"),
        format!(
            "Access was denied: jshell is not authorized for {}. Run jshell login again to retry.",
            world.url()
        )
    );
    browser.screenshot("loopback-deny-2-callback");

    let output = jshell.finish();
    let err = harness::stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{err}");
    assert!(
        err.contains(&format!(
            "access was denied in the browser: jshell is not authorized for {}",
            world.url()
        )),
        "{err}"
    );
    harness::assert_clean(&output, &[&harness::key_material(&key)]);
    assert!(
        !world.config_path().exists(),
        "nothing is saved by a denied login"
    );
}

#[test]
fn oob_in_chromium_the_user_types_the_verifier_the_page_shows() {
    let Some(tools) = BrowserTools::find() else {
        return;
    };
    let world = World::with(|builder| builder);
    let key = world.keygen_and_register();
    let browser = Browser::start(&tools, &world);
    let (launcher, handed_url) = url_launcher(&world);
    let mut jshell = Jshell::spawn(
        world
            .jshell_process()
            .env("BROWSER", &launcher)
            .args(["login", "--callback", "oob", "--server", &world.url()])
            .args(["--consumer-key", CONSUMER_KEY, "--key-cert"])
            .arg(&key)
            .arg("--print-tokens"),
    );

    browser.goto(harness::wait_for_file(&handed_url).trim());
    browser.screenshot("oob-1-authorize");
    browser.click("button[name=approve]");
    let verifier = browser.text_of("#oauth-verifier");
    assert_eq!(
        verifier.len(),
        6,
        "Jira shows a 6-character verifier: {verifier:?}"
    );
    let page = browser.text_of("body");
    assert!(
        page.contains(&format!(
            "You have successfully authorized {CONSUMER_KEY}. Your verification code is '{verifier}'."
        )),
        "{page}"
    );
    browser.screenshot("oob-2-verifier");

    jshell.type_line(&verifier);
    let output = jshell.finish();
    let (out, err) = (harness::stdout(&output), harness::stderr(&output));
    assert!(output.status.success(), "login failed:\n{err}");
    assert!(
        err.contains("Enter the verification code Jira shows after you click Allow: "),
        "{err}"
    );
    assert!(
        err.contains("Authenticated as Alice Example (alice)"),
        "{err}"
    );
    assert!(out.contains("Access token:"), "{out}");
    assert!(
        world.config_path().exists(),
        "a successful login saves a profile"
    );
}

const OAUTH2_CLIENT_ID: &str = "jshell-browser-client";
const OAUTH2_CLIENT_SECRET: &str = "browser-client-secret-7731";

/// A fakejira with an OAuth 2.0 incoming link whose Redirect URL is a free loopback port, and
/// `jshell login --oauth2` started against it with the URL launcher.
fn oauth2_login(world_redirect: impl FnOnce(&str) -> World) -> (World, Jshell, PathBuf, String) {
    let port = TcpListener::bind(("127.0.0.1", 0))
        .and_then(|listener| listener.local_addr())
        .expect("a free loopback port")
        .port();
    let redirect = format!("http://127.0.0.1:{port}/callback");
    let world = world_redirect(&redirect);
    let (launcher, handed_url) = url_launcher(&world);
    let jshell = Jshell::spawn(
        world
            .jshell_process()
            .env("BROWSER", &launcher)
            .env("JSHELL_CLIENT_SECRET", OAUTH2_CLIENT_SECRET)
            .args(["login", "--oauth2", "--server", &world.url()])
            .args(["--client-id", OAUTH2_CLIENT_ID, "--redirect-uri", &redirect]),
    );
    (world, jshell, handed_url, redirect)
}

fn oauth2_world(redirect: &str) -> World {
    let client = fakejira::OAuth2Client::new(OAUTH2_CLIENT_ID, OAUTH2_CLIENT_SECRET, redirect)
        .scope("WRITE");
    World::with(|builder| builder.oauth2_client(client))
}

#[test]
fn oauth2_allow_in_chromium_completes_the_login_through_the_redirect_url() {
    let Some(tools) = BrowserTools::find() else {
        return;
    };
    let (world, jshell, handed_url, _) = oauth2_login(oauth2_world);
    let browser = Browser::start(&tools, &world);
    let authorize_url = harness::wait_for_file(&handed_url);
    let authorize_url = authorize_url.trim();
    assert!(
        authorize_url.starts_with(&format!("{}rest/oauth2/latest/authorize?", world.url())),
        "{authorize_url}"
    );
    browser.goto(authorize_url);
    let consent = browser.text_of("body");
    assert!(
        consent.contains("Allow") && consent.contains("Deny"),
        "{consent}"
    );
    browser.screenshot("oauth2-allow-1-authorize");

    browser.click("button[name=approve]");
    browser.wait_for_path("/callback");
    assert_eq!(browser.text_of("h1"), "jshell is authorized");
    browser.screenshot("oauth2-allow-2-callback");

    let output = jshell.finish();
    let err = harness::stderr(&output);
    assert!(output.status.success(), "login failed:\n{err}");
    assert!(
        err.contains("Authenticated as Alice Example (alice)"),
        "{err}"
    );
    harness::assert_clean(&output, &[OAUTH2_CLIENT_SECRET]);
    let me = world
        .jshell()
        .args(["-e", "jira.myself().name"])
        .output()
        .expect("jshell runs");
    assert!(me.status.success(), "{}", harness::stderr(&me));
    assert_eq!(harness::stdout(&me).trim(), harness::USER);
}

#[test]
fn oauth2_deny_in_chromium_fails_the_login_with_exit_3() {
    let Some(tools) = BrowserTools::find() else {
        return;
    };
    let (world, jshell, handed_url, _) = oauth2_login(oauth2_world);
    let browser = Browser::start(&tools, &world);
    browser.goto(harness::wait_for_file(&handed_url).trim());
    browser.screenshot("oauth2-deny-1-authorize");

    browser.click("button[name=deny]");
    browser.wait_for_path("/callback");
    assert_eq!(browser.text_of("h1"), "jshell was denied");
    browser.screenshot("oauth2-deny-2-callback");

    let output = jshell.finish();
    let err = harness::stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{err}");
    assert!(err.contains("access was denied in the browser"), "{err}");
    assert!(
        !world.config_path().exists(),
        "nothing is saved by a denied login"
    );
}

/// A `$BROWSER` that hands the URL over to the test: it writes it to a file (through a rename,
/// so the test never reads half of it), and the test navigates its WebDriver session there.
/// jshell appends the URL, which `sh -c` receives as `$0`.
fn url_launcher(world: &World) -> (String, PathBuf) {
    let file = world.path("authorize-url.txt");
    let launcher = format!(
        "sh -c 'echo \"$0\" > \"{file}.tmp\" && mv \"{file}.tmp\" \"{file}\"'",
        file = file.display()
    );
    (launcher, file)
}

/// The two programs a browser test needs, or `None` (after saying why) to skip the test.
struct BrowserTools {
    chromium: PathBuf,
    chromedriver: PathBuf,
}

impl BrowserTools {
    fn find() -> Option<Self> {
        let chromium = ["chromium", "chromium-browser"]
            .iter()
            .find_map(|name| in_path(name));
        let chromedriver = in_path("chromedriver");
        match (chromium, chromedriver) {
            (Some(chromium), Some(chromedriver)) => Some(Self {
                chromium,
                chromedriver,
            }),
            _ if std::env::var("CI").is_ok_and(|ci| ci == "true" || ci == "1") => panic!(
                "running in CI but chromium or chromedriver is missing: .ci/run installs them \
                 (apt-get install chromium chromium-driver)"
            ),
            _ => {
                // Straight to stderr, past the test harness's capture, so it is always seen.
                let _ = writeln!(
                    std::io::stderr(),
                    "skipping: chromium not installed; apt-get install chromium chromium-driver"
                );
                None
            }
        }
    }
}

fn in_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// A chromedriver on a free loopback port and one headless Chromium session through it, with a
/// fresh profile. Dropping it ends the session (Chromium quits) and stops chromedriver.
struct Browser {
    runtime: tokio::runtime::Runtime,
    client: Client,
    chromedriver: Child,
}

impl Browser {
    fn start(tools: &BrowserTools, world: &World) -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime for the WebDriver client");
        let log = world.path("chromedriver.log");
        let log_file = std::fs::File::create(&log).expect("a chromedriver log");
        // The browser only shows pages; under `faketime` (see ARCHITECTURE.md) its renderer
        // stalls with the clock moved, so it runs on the real one. Port 0: chromedriver takes a
        // free port itself and says which, so no other test can take it in between.
        let mut chromedriver = Command::new(&tools.chromedriver)
            .env_remove("LD_PRELOAD")
            .arg("--port=0")
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("the log file again"))
            .stderr(log_file)
            .spawn()
            .expect("chromedriver starts");
        let deadline = Instant::now() + PAGE_TIMEOUT;
        let port = loop {
            let said = std::fs::read_to_string(&log).unwrap_or_default();
            if let Some(port) = listening_port(&said) {
                break port;
            }
            let exited = chromedriver.try_wait().expect("chromedriver's status");
            if exited.is_some() || Instant::now() > deadline {
                let _ = chromedriver.kill();
                let _ = chromedriver.wait();
                panic!("chromedriver did not start ({exited:?}):\n{said}");
            }
            std::thread::sleep(Duration::from_millis(50));
        };

        let profile = world.path("chromium-profile");
        std::fs::create_dir_all(&profile).expect("a fresh Chromium profile directory");
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|arg| (*arg).to_owned()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let capabilities = serde_json::json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": tools.chromium,
                "args": args,
            },
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!("a JSON object literal");
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let session = runtime.block_on(
            ClientBuilder::new(connector)
                .capabilities(capabilities)
                .connect(&format!("http://127.0.0.1:{port}")),
        );
        let client = match session {
            Ok(client) => client,
            Err(error) => {
                let _ = chromedriver.kill();
                let _ = chromedriver.wait();
                panic!(
                    "Chromium did not start through chromedriver: {error}\n{}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
            }
        };
        Self {
            runtime,
            client,
            chromedriver,
        }
    }

    fn goto(&self, url: &str) {
        self.runtime
            .block_on(self.client.goto(url))
            .unwrap_or_else(|error| panic!("Chromium cannot open {url}: {error}"));
    }

    fn click(&self, css: &str) {
        self.runtime
            .block_on(async {
                let button = self.client.find(Locator::Css(css)).await?;
                button.click().await
            })
            .unwrap_or_else(|error| panic!("cannot click {css}: {error}"));
    }

    /// The visible text of the first element matching `css`, waiting for it to appear.
    fn text_of(&self, css: &str) -> String {
        self.runtime
            .block_on(async {
                let element = self
                    .client
                    .wait()
                    .at_most(PAGE_TIMEOUT)
                    .for_element(Locator::Css(css))
                    .await?;
                element.text().await
            })
            .unwrap_or_else(|error| panic!("no text for {css}: {error}\n{}", self.source()))
    }

    fn title(&self) -> String {
        self.runtime
            .block_on(self.client.title())
            .expect("the page's title")
    }

    fn source(&self) -> String {
        self.runtime
            .block_on(self.client.source())
            .unwrap_or_else(|error| format!("(no page source: {error})"))
    }

    /// Waits until the page shown is at `path` (after a redirect) and returns its URL.
    fn wait_for_path(&self, path: &str) -> url::Url {
        let deadline = Instant::now() + PAGE_TIMEOUT;
        loop {
            let url = self
                .runtime
                .block_on(self.client.current_url())
                .expect("Chromium's current URL");
            if url.path() == path {
                return url;
            }
            assert!(
                Instant::now() < deadline,
                "Chromium never reached {path}; it shows {url}:\n{}",
                self.source()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Saves a PNG of the page as `target/browser-screenshots/{name}.png`.
    fn screenshot(&self, name: &str) -> PathBuf {
        let png = self
            .runtime
            .block_on(self.client.screenshot())
            .expect("a screenshot");
        assert!(
            png.starts_with(b"\x89PNG\r\n\x1a\n"),
            "the screenshot is a PNG"
        );
        let dir = target_dir().join("browser-screenshots");
        std::fs::create_dir_all(&dir).expect("the screenshot directory");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("the screenshot is written");
        path
    }
}

/// The port chromedriver's log says it listens on ("…started successfully on port N.").
fn listening_port(log: &str) -> Option<u16> {
    log.lines()
        .find_map(|line| line.strip_prefix("ChromeDriver was started successfully on port "))
        .and_then(|rest| rest.trim_end_matches('.').trim().parse().ok())
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.runtime.block_on(self.client.clone().close());
        let _ = self.chromedriver.kill();
        let _ = self.chromedriver.wait();
    }
}

/// Cargo's target directory: `$CARGO_TARGET_DIR`, else the workspace's `target/`.
fn target_dir() -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => workspace.join(dir),
        None => workspace.join("target"),
    }
}

/// A running `jshell login`, killed if the test fails before it finishes.
struct Jshell(Option<Child>);

impl Jshell {
    fn spawn(command: &mut Command) -> Self {
        let child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("jshell starts");
        Self(Some(child))
    }

    fn type_line(&mut self, line: &str) {
        let child = self.0.as_mut().expect("jshell is running");
        let mut stdin = child.stdin.take().expect("jshell's stdin");
        writeln!(stdin, "{line}").expect("typed into jshell's prompt");
    }

    fn finish(mut self) -> Output {
        self.0
            .take()
            .expect("jshell is running")
            .wait_with_output()
            .expect("jshell finishes")
    }
}

impl Drop for Jshell {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
