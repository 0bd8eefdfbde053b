//! The fakejira child the benchmarks talk to: started from the release binary on a free loopback
//! port, driven through its admin API, and killed when dropped (also when the bench fails).

use std::fs::File;
use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::measure::tail;
use super::placement::Placement;

/// How long fakejira may take to generate its issues and start listening.
const READY_TIMEOUT: Duration = Duration::from_secs(60);

/// What the server is started with.
pub struct Setup<'a> {
    pub binary: &'a Path,
    pub dir: &'a Path,
    pub user: &'a str,
    pub password: &'a str,
    pub pat: &'a str,
    /// `(consumer key, public key PEM)` of the OAuth consumer, if any.
    pub consumer: Option<(&'a str, &'a Path)>,
    pub issues: usize,
    pub projects: usize,
    /// The CPUs it runs on, apart from the clients' (`None`: it shares them).
    pub placement: Option<&'a Placement>,
}

/// A running fakejira; dropping it kills the process.
pub struct Server {
    child: Child,
    url: String,
    log: PathBuf,
}

impl Server {
    pub fn start(setup: &Setup<'_>) -> Result<Self, String> {
        let ready = setup.dir.join("fakejira.url");
        let log = setup.dir.join("fakejira.log");
        let _ = std::fs::remove_file(&ready);
        let log_file = File::create(&log)
            .map_err(|error| format!("cannot create {}: {error}", log.display()))?;
        let log_err = log_file
            .try_clone()
            .map_err(|error| format!("cannot share {}: {error}", log.display()))?;
        let mut command = Command::new(setup.binary);
        command
            .args(["--port", "0", "--ready-file"])
            .arg(&ready)
            .arg("--user")
            .arg(format!("{}:{}", setup.user, setup.password))
            .arg("--pat")
            .arg(format!("{}={}", setup.pat, setup.user))
            .arg("--auto-approve")
            .arg(setup.user)
            .arg("--issues")
            .arg(setup.issues.to_string())
            .arg("--projects")
            .arg(setup.projects.to_string());
        if let Some((key, public_key)) = setup.consumer {
            command
                .arg("--consumer")
                .arg(format!("{key}={}", public_key.display()));
        }
        command
            .stdin(Stdio::null())
            .stdout(log_file)
            .stderr(log_err);
        let child = match setup.placement {
            Some(placement) => placement.spawn_server(|| command.spawn())?,
            None => command.spawn(),
        }
        .map_err(|error| format!("cannot start {}: {error}", setup.binary.display()))?;
        // From here on the guard owns the child: any early return kills it.
        let mut server = Self {
            child,
            url: String::new(),
            log,
        };
        server.url = server.wait_until_ready(&ready)?;
        Ok(server)
    }

    fn wait_until_ready(&mut self, ready: &Path) -> Result<String, String> {
        let start = Instant::now();
        loop {
            if let Ok(text) = std::fs::read_to_string(ready) {
                let url = text.trim();
                if url.ends_with('/') {
                    return Ok(url.to_owned());
                }
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "fakejira exited before it was ready ({status}); its log ends with:\n{}",
                    tail(&self.log)
                ));
            }
            if start.elapsed() > READY_TIMEOUT {
                return Err(format!(
                    "fakejira did not write {} within {}s; its log ends with:\n{}",
                    ready.display(),
                    READY_TIMEOUT.as_secs(),
                    tail(&self.log)
                ));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// `Err` (with its exit status and log) if fakejira is no longer running.
    pub fn alive(&mut self) -> Result<(), String> {
        match self.child.try_wait() {
            Ok(None) => Ok(()),
            Ok(Some(status)) => Err(format!(
                "fakejira exited during the bench ({status}); its log ends with:\n{}",
                tail(&self.log)
            )),
            Err(error) => Err(format!("cannot check on fakejira: {error}")),
        }
    }

    /// The CPU time (user + system, all threads) fakejira has used so far, from
    /// `/proc/PID/stat` on Linux; `None` elsewhere.
    pub fn cpu_time(&self) -> Option<Duration> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).ok()?;
        cpu_time_of(&stat)
    }

    /// The base URL, ending in `/`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Sets the delay fakejira adds to every request (`PUT /_fakejira/latency`).
    pub fn set_latency(&self, millis: u64) -> Result<(), String> {
        let body = format!("{{\"millis\": {millis}}}");
        let status = self.admin("PUT", "/_fakejira/latency", &body)?;
        if status == 204 || status == 200 {
            Ok(())
        } else {
            Err(format!(
                "fakejira refused to set the latency to {millis} ms (HTTP {status})"
            ))
        }
    }

    /// Registers an application link's consumer: its key and public key PEM
    /// (`POST /_fakejira/consumers`).
    pub fn add_consumer(&self, key: &str, public_key_pem: &str) -> Result<(), String> {
        let body = serde_json::json!({ "key": key, "public_key": public_key_pem }).to_string();
        match self.admin("POST", "/_fakejira/consumers", &body)? {
            200 | 204 => Ok(()),
            status => Err(format!(
                "fakejira refused the consumer `{key}` (HTTP {status})"
            )),
        }
    }

    /// One admin request over a plain loopback connection; returns the status code.
    fn admin(&self, method: &str, path: &str, body: &str) -> Result<u16, String> {
        let authority = self
            .url
            .strip_prefix("http://")
            .and_then(|rest| rest.split('/').next())
            .ok_or_else(|| format!("fakejira's URL `{}` is not http://host:port/", self.url))?;
        let fail = |error: std::io::Error| format!("admin {method} {path} to {authority}: {error}");
        let mut stream = TcpStream::connect(authority).map_err(fail)?;
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .map_err(fail)?;
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).map_err(fail)?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).map_err(fail)?;
        let answer = String::from_utf8_lossy(&answer);
        answer
            .split_whitespace()
            .nth(1)
            .and_then(|code| code.parse().ok())
            .ok_or_else(|| format!("admin {method} {path}: not an HTTP answer: {answer:.200}"))
    }
}

/// utime + stime of a `/proc/PID/stat` line. They are fields 14 and 15, counted after the
/// command name, which is in parentheses and may itself hold spaces; their unit is USER_HZ,
/// which Linux fixes at 100 for user space.
fn cpu_time_of(stat: &str) -> Option<Duration> {
    let (_, rest) = stat.rsplit_once(')')?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |index: usize| fields.get(index)?.parse::<u64>().ok();
    Some(Duration::from_millis((ticks(11)? + ticks(12)?) * 10))
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_time_is_utime_plus_stime() {
        let stat = "4242 (fake jira) S 1 4242 4242 0 -1 4194560 1000 0 0 0 7035 84 0 0 20 0 9 0 \
                    12345 1000000 5000 18446744073709551615";
        assert_eq!(cpu_time_of(stat), Some(Duration::from_millis(71_190)));
        assert_eq!(cpu_time_of("4242 (short) S 1"), None);
        assert_eq!(cpu_time_of("no parentheses"), None);
    }

    #[test]
    fn this_process_has_a_cpu_time_on_linux() {
        let stat = std::fs::read_to_string("/proc/self/stat");
        if cfg!(target_os = "linux") {
            let stat = stat.expect("/proc/self/stat on Linux");
            assert!(cpu_time_of(&stat).is_some(), "{stat}");
        }
    }
}
