//! Running one child and reading what it cost: wall time from spawn to exit, and the kernel's
//! rusage of that child alone (`wait4`): user and system CPU time and peak resident set size.
//!
//! Linux folds the spawning process's high-water RSS into the child's peak (std spawns with
//! vfork semantics, and exec records the then-shared memory's peak), so no child can show less
//! than the bench's own peak: the bench keeps that small and `own_peak_rss` reports it.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use wait4::Wait4 as _;

/// What one run of a child cost.
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    pub wall: Duration,
    /// User plus system CPU time.
    pub cpu: Duration,
    /// Peak resident set size, in bytes.
    pub max_rss: u64,
    /// The CPU time fakejira spent meanwhile (`None` where the OS does not tell).
    pub server_cpu: Option<Duration>,
}

/// The medians (and the wall-time spread) of a case's runs.
#[derive(Clone, Copy, Debug)]
pub struct Stats {
    pub runs: usize,
    pub wall: Duration,
    pub wall_min: Duration,
    pub wall_max: Duration,
    pub cpu: Duration,
    pub max_rss: u64,
    pub server_cpu: Option<Duration>,
}

impl Stats {
    /// `None` for no samples.
    pub fn of(samples: &[Sample]) -> Option<Self> {
        let walls: Vec<Duration> = samples.iter().map(|s| s.wall).collect();
        Some(Self {
            runs: samples.len(),
            wall: median(&walls)?,
            wall_min: walls.iter().copied().min()?,
            wall_max: walls.iter().copied().max()?,
            cpu: median(&samples.iter().map(|s| s.cpu).collect::<Vec<_>>())?,
            max_rss: median(&samples.iter().map(|s| s.max_rss).collect::<Vec<_>>())?,
            server_cpu: samples
                .iter()
                .map(|s| s.server_cpu)
                .collect::<Option<Vec<_>>>()
                .and_then(|times| median(&times)),
        })
    }
}

/// The middle value (the lower middle one for an even count, so it is a value that was seen).
fn median<T: Ord + Copy>(values: &[T]) -> Option<T> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    sorted.get(sorted.len().saturating_sub(1) / 2).copied()
}

/// Where a run's standard streams go: stdin from a file (or nothing), stdout and stderr to files
/// that the caller checks afterwards.
pub struct Streams {
    pub stdin: Option<PathBuf>,
    pub stdout: PathBuf,
    pub stderr: PathBuf,
}

/// Runs `command` to completion and measures it. A non-zero exit is an error that quotes the end
/// of the child's stderr; a child still running after `timeout` is killed (a client retrying
/// against a server that went away must not hang the bench).
pub fn run(
    command: &mut Command,
    streams: &Streams,
    timeout: Duration,
    what: &str,
) -> Result<Sample, String> {
    let stdin = match &streams.stdin {
        Some(path) => Stdio::from(open(path)?),
        None => Stdio::null(),
    };
    command
        .stdin(stdin)
        .stdout(create(&streams.stdout)?)
        .stderr(create(&streams.stderr)?);
    let start = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|error| format!("{what}: cannot start {:?}: {error}", command.get_program()))?;
    let watchdog = Watchdog::start(child.id(), timeout);
    let usage = child.wait4();
    let wall = start.elapsed();
    let timed_out = watchdog.stop();
    let usage = usage.map_err(|error| format!("{what}: cannot wait for the child: {error}"))?;
    if timed_out {
        return Err(format!(
            "{what} did not finish within {}s and was killed; its stderr ends with:\n{}",
            timeout.as_secs(),
            tail(&streams.stderr)
        ));
    }
    if !usage.status.success() {
        return Err(format!(
            "{what} failed ({}); its stderr ends with:\n{}",
            usage.status,
            tail(&streams.stderr)
        ));
    }
    Ok(Sample {
        wall,
        cpu: usage.rusage.utime + usage.rusage.stime,
        max_rss: usage.rusage.maxrss,
        server_cpu: None,
    })
}

/// This process's peak resident set size (`VmHWM` in `/proc/self/status`), where the OS tells.
pub fn own_peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))?;
    let kib: u64 = line.trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kib * 1024)
}

/// Kills a child (with `kill -KILL`, as std cannot signal a child another thread is waiting for)
/// unless stopped within its time limit.
struct Watchdog {
    stop: mpsc::Sender<()>,
    thread: std::thread::JoinHandle<bool>,
}

impl Watchdog {
    fn start(pid: u32, timeout: Duration) -> Self {
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(timeout) {
                let _ = Command::new("kill")
                    .args(["-KILL", &pid.to_string()])
                    .stderr(Stdio::null())
                    .status();
                true
            } else {
                false
            }
        });
        Self { stop, thread }
    }

    /// Whether the child was killed.
    fn stop(self) -> bool {
        let _ = self.stop.send(());
        self.thread.join().unwrap_or(false)
    }
}

/// Runs a setup step (not measured) with a time limit; the child is killed if it overruns.
pub fn run_with_timeout(
    command: &mut Command,
    streams: &Streams,
    timeout: Duration,
    what: &str,
) -> Result<(), String> {
    let stdin = match &streams.stdin {
        Some(path) => Stdio::from(open(path)?),
        None => Stdio::null(),
    };
    let mut child = command
        .stdin(stdin)
        .stdout(create(&streams.stdout)?)
        .stderr(create(&streams.stderr)?)
        .spawn()
        .map_err(|error| format!("{what}: cannot start {:?}: {error}", command.get_program()))?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => {
                return Err(format!(
                    "{what} failed ({status}); its stderr ends with:\n{}",
                    tail(&streams.stderr)
                ));
            }
            Ok(None) if start.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "{what} did not finish within {}s; its stderr ends with:\n{}",
                    timeout.as_secs(),
                    tail(&streams.stderr)
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(error) => return Err(format!("{what}: cannot wait for the child: {error}")),
        }
    }
}

fn open(path: &Path) -> Result<File, String> {
    File::open(path).map_err(|error| format!("cannot open {}: {error}", path.display()))
}

fn create(path: &Path) -> Result<File, String> {
    File::create(path).map_err(|error| format!("cannot create {}: {error}", path.display()))
}

/// The last lines of a log file, for error messages.
pub fn tail(path: &Path) -> String {
    match std::fs::read(path) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            let lines: Vec<&str> = text.lines().collect();
            let start = lines.len().saturating_sub(15);
            let shown = lines[start..].join("\n");
            if shown.is_empty() {
                "(nothing)".to_owned()
            } else {
                shown
            }
        }
        Err(error) => format!("(cannot read {}: {error})", path.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_is_a_value_that_was_seen() {
        assert_eq!(median(&[3, 1, 2]), Some(2));
        assert_eq!(median(&[4, 1, 3, 2]), Some(2));
        assert_eq!(median::<u32>(&[]), None);
    }

    #[test]
    fn the_bench_knows_its_own_peak_on_linux() {
        if cfg!(target_os = "linux") {
            let peak = own_peak_rss().expect("VmHWM on Linux");
            assert!(peak > 100 * 1024, "{peak}");
        }
    }

    #[test]
    fn a_child_is_measured() -> Result<(), String> {
        let dir = std::env::temp_dir().join(format!("xtask-measure-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let streams = Streams {
            stdin: None,
            stdout: dir.join("out"),
            stderr: dir.join("err"),
        };
        let minute = Duration::from_secs(60);
        let sample = run(
            Command::new("sh").args(["-c", "echo hi"]),
            &streams,
            minute,
            "sh",
        )?;
        assert!(sample.max_rss > 0);
        let failed = run(
            Command::new("sh").args(["-c", "echo oops >&2; exit 3"]),
            &streams,
            minute,
            "sh",
        );
        let message = failed.err().unwrap_or_default();
        assert!(message.contains("oops"), "{message}");
        let hung = run(
            Command::new("sleep").arg("30"),
            &streams,
            Duration::from_millis(200),
            "sleep",
        );
        let _ = std::fs::remove_dir_all(&dir);
        let message = hung.err().unwrap_or_default();
        assert!(message.contains("was killed"), "{message}");
        Ok(())
    }
}
