//! `cargo xtask demo`: the whole jshell workflow against fakejira on a machine with no Jira.
//! Every step is printed as the command a user would type against a real Jira; the simulator
//! stands in for `https://jira.example.com` and is stopped at the end, also when a step fails.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::bench::fakejira::{Server, Setup};

const CONSUMER_KEY: &str = "monitor-jira-license";
const USER: &str = "alice";
/// Long outputs (an export, a list of stale issues) are cut to this many lines.
const SHOWN_LINES: usize = 12;

pub fn run() -> Result<(), String> {
    let root = crate::workspace_root()?;
    println!("== Building jshell and fakejira (release)");
    let [jshell, fakejira] =
        crate::build_binaries(&["--release", "--quiet"], ["jshell", "fakejira"])?;
    let started = Instant::now();
    let dir = crate::target_dir()?.join("demo");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)
        .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    Command::new("curl")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .map_err(|error| {
            format!(
                "the demo plays the browser with curl, which cannot run ({error}); install curl"
            )
        })?;

    let server = Server::start(&Setup {
        binary: &fakejira,
        dir: &dir,
        user: USER,
        password: "alice-password",
        pat: "alice-personal-access-token",
        consumer: None,
        issues: 400,
        projects: 4,
        placement: None,
    })?;
    let url = server.url().to_owned();
    println!("\n== A Jira Server with 400 issues is running at {url}");
    println!("   (fakejira; against your Jira, use its URL, e.g. https://jira.example.com)");
    println!("   The demo keeps its configuration in {}\n", dir.display());
    let demo = Demo {
        jshell: &jshell,
        root: &root,
        dir: &dir,
        url: &url,
    };

    demo.log_in(&server)?;
    demo.scripts()?;
    drop(server);
    println!(
        "== Done in {:.1} s after the build; fakejira is stopped.",
        started.elapsed().as_secs_f64()
    );
    println!(
        "   Next: `cargo install --path crates/jshell`, then README.md's quick start against your Jira."
    );
    Ok(())
}

struct Demo<'a> {
    jshell: &'a Path,
    root: &'a Path,
    dir: &'a Path,
    url: &'a str,
}

impl Demo<'_> {
    /// Keygen, the application link (through fakejira's admin API), and the OAuth login.
    fn log_in(&self, server: &Server) -> Result<(), String> {
        // Relative to the workspace when the target directory is inside it, as a user in a checkout
        // would type it.
        let key_path = self.dir.join("rsa.pem");
        let key_path = key_path.strip_prefix(self.root).unwrap_or(&key_path);
        let key = &key_path.to_string_lossy();
        self.step(
            "Make a key pair and print the application link's fields",
            &[
                "keygen",
                "--consumer-key",
                CONSUMER_KEY,
                "--consumer-name",
                "Monitor Jira License",
                "--out",
                key,
            ],
        )?;
        let public = std::fs::read_to_string(self.dir.join("rsa.pub"))
            .map_err(|error| format!("keygen wrote no rsa.pub: {error}"))?;
        println!("== In Jira you would now create the application link with those fields;");
        println!("   the demo registers the public key with fakejira's admin API instead.\n");
        server.add_consumer(CONSUMER_KEY, &public)?;

        self.step(
            "Log in: the OAuth 1.0a dance (the browser is simulated: fakejira approves as alice)",
            &[
                "login",
                "--server",
                self.url,
                "--consumer-key",
                CONSUMER_KEY,
                "--key-cert",
                key,
            ],
        )?;
        Ok(())
    }

    /// Scripts from `scripts/` and one-liners, with the saved profile.
    fn scripts(&self) -> Result<(), String> {
        self.step(
            "Who am I? (the saved profile, no flags needed)",
            &["-e", "jira.myself().displayName"],
        )?;
        let script = |name: &str| format!("scripts/{name}");
        self.step("What Jira is this?", &[&script("server_info.rhai")])?;
        self.step(
            "Licence seats (exits 2 below the threshold)",
            &[&script("license_monitor.rhai"), "10"],
        )?;
        self.step(
            "Export a project as CSV",
            &[
                &script("export_issues.rhai"),
                "project = ABC ORDER BY key",
                "--format",
                "csv",
                "--fields",
                "summary,status",
            ],
        )?;
        self.step(
            "Issues nobody touched for 90 days",
            &[&script("stale_issues.rhai"), "90", "project = OPS"],
        )?;
        self.step(
            "A bulk transition, as a dry run",
            &[
                &script("bulk_transition.rhai"),
                "project = WEB AND status = \"To Do\"",
                "Start Progress",
            ],
        )?;
        self.step(
            "A one-liner",
            &["-e", "jira.search_issues(\"project = ABC\").len()"],
        )?;
        Ok(())
    }

    /// Prints `$ jshell ARGS` as a user would type it, then runs it with the demo's configuration
    /// and a browser that follows the authorize page's redirect.
    fn step(&self, title: &str, args: &[&str]) -> Result<(), String> {
        println!("== {title}");
        println!(
            "$ jshell {}",
            args.iter()
                .map(|arg| quote(arg))
                .collect::<Vec<_>>()
                .join(" ")
        );
        let output = Command::new(self.jshell)
            .args(args)
            .current_dir(self.root)
            .env("JSHELL_CONFIG", self.dir.join("config.yaml"))
            .env("XDG_DATA_HOME", self.dir.join("data"))
            .env("BROWSER", "curl -sSL -o /dev/null")
            .stdin(Stdio::null())
            .stderr(Stdio::inherit())
            .output()
            .map_err(|error| format!("cannot run {}: {error}", self.jshell.display()))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        let lines: Vec<&str> = stdout.lines().collect();
        for line in lines.iter().take(SHOWN_LINES) {
            println!("{line}");
        }
        if lines.len() > SHOWN_LINES {
            println!("… ({} more lines)", lines.len() - SHOWN_LINES);
        }
        println!();
        match output.status.code() {
            Some(0) => Ok(()),
            code => Err(format!(
                "`jshell {}` failed ({}) against {}",
                args.join(" "),
                code.map_or_else(|| "killed".to_owned(), |code| format!("exit code {code}")),
                self.url
            )),
        }
    }
}

/// Quotes an argument for a POSIX shell when it needs it.
fn quote(arg: &str) -> String {
    if !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=,@".contains(c))
    {
        arg.to_owned()
    } else {
        format!("'{}'", arg.replace('\'', "'\\''"))
    }
}
