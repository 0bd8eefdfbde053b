//! The `fakejira` binary: flags, the ready line, the ready file and errors.

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};

const BINARY: &str = env!("CARGO_BIN_EXE_fakejira");

/// Kills the child when the test ends, however it ends.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn it_prints_one_ready_line_writes_the_ready_file_and_serves() {
    let ready_file =
        std::env::temp_dir().join(format!("fakejira-ready-{}.url", std::process::id()));
    let mut child = Child(
        Command::new(BINARY)
            .args([
                "--port",
                "0",
                "--user",
                "alice:pw",
                "--issues",
                "3",
                "--context-path",
                "/jira",
            ])
            .arg("--ready-file")
            .arg(&ready_file)
            .stdout(Stdio::piped())
            .spawn()
            .expect("the binary starts"),
    );
    let stdout = child.0.stdout.take().expect("piped");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("a line");
    let url = line
        .trim_end()
        .strip_prefix("fakejira listening on ")
        .expect("the ready line")
        .to_owned();
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with("/jira/"),
        "{url}"
    );
    let written = std::fs::read_to_string(&ready_file).expect("the ready file");
    assert_eq!(written.trim_end(), url);
    let _ = std::fs::remove_file(&ready_file);

    let search: serde_json::Value = reqwest::Client::new()
        .get(format!("{url}rest/api/2/search"))
        .basic_auth("alice", Some("pw"))
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("JSON");
    assert_eq!(search["total"], 3);
}

#[test]
fn an_unreadable_public_key_is_a_usage_error() {
    let output = Command::new(BINARY)
        .args(["--consumer", "jshell=/nonexistent/public.pem"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("/nonexistent/public.pem"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn malformed_flags_are_usage_errors() {
    for args in [
        ["--user", "no-colon"],
        ["--deployment-type", "mainframe"],
        ["--oauth2-client", "id:secret"],
    ] {
        let output = Command::new(BINARY).args(args).output().expect("runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn help_shows_examples() {
    let output = Command::new(BINARY).arg("--help").output().expect("runs");
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("Examples:"), "{help}");
    assert!(help.contains("--consumer <KEY=PUBLIC_KEY.pem>"), "{help}");
    assert!(help.contains("--oauth2-client jshell:"), "{help}");
}

#[tokio::test]
async fn oauth2_clients_and_the_token_lifetime_come_from_flags() {
    let redirect = "http://127.0.0.1:8765/callback";
    let mut child = Child(
        Command::new(BINARY)
            .args([
                "--port",
                "0",
                "--user",
                "alice:pw",
                "--auto-approve",
                "alice",
            ])
            .args(["--oauth2-client", &format!("app:s3cret:{redirect}:READ")])
            .args(["--oauth2-token-lifetime", "77"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("the binary starts"),
    );
    let stdout = child.0.stdout.take().expect("piped");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("a line");
    let url = line
        .trim_end()
        .strip_prefix("fakejira listening on ")
        .expect("the ready line")
        .to_owned();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    let authorized = http
        .get(format!("{url}rest/oauth2/latest/authorize"))
        .query(&[
            ("client_id", "app"),
            ("redirect_uri", redirect),
            ("response_type", "code"),
            ("state", "s"),
        ])
        .send()
        .await
        .expect("answered");
    assert_eq!(authorized.status(), 302);
    let location = authorized.headers()["location"].to_str().expect("text");
    let code = url::Url::parse(location)
        .expect("a URL")
        .query_pairs()
        .find(|(name, _)| name == "code")
        .map(|(_, code)| code.into_owned())
        .expect("a code");
    let tokens: serde_json::Value = http
        .post(format!("{url}rest/oauth2/latest/token"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("client_id", "app"),
            ("client_secret", "s3cret"),
            ("code", &code),
            ("redirect_uri", redirect),
        ])
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("JSON");
    assert_eq!(tokens["scope"], "READ");
    assert_eq!(tokens["expires_in"], 77);
}
