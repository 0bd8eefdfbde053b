//! Opening the authorize URL the way Python's `webbrowser` does: `$BROWSER` first (a list of
//! commands separated by `:`, `%s` standing for the URL, else the URL appended), then the
//! platform's opener on a desktop; on a headless or SSH session the URL is only printed.
//!
//! As in Python, a `$BROWSER` command is waited for, and one that fails makes way for the next:
//! a script that approves the token has done so before jshell asks whether it was approved. A
//! command ending with `&` runs in the background.

use std::process::{Command, Stdio};

/// How the URL reached the user.
#[derive(Debug, PartialEq, Eq)]
pub enum Opened {
    /// A browser command was started.
    Browser(String),
    /// No browser could be used; the URL was printed.
    Printed,
}

pub fn open(url: &str, allowed: bool) -> Opened {
    if !allowed {
        return Opened::Printed;
    }
    if let Some(list) = std::env::var_os("BROWSER") {
        for command in list.to_string_lossy().split(':') {
            if let Some((words, background)) = command_line(command, url)
                && run(&words, background)
            {
                return Opened::Browser(words[0].clone());
            }
        }
    } else if let Some(words) = platform_opener(url)
        && run(&words, true)
    {
        return Opened::Browser(words[0].clone());
    }
    Opened::Printed
}

/// Splits one `$BROWSER` entry into words (single and double quotes group) and puts the URL in
/// place of `%s`, or last; a last word `&` asks for the background.
fn command_line(command: &str, url: &str) -> Option<(Vec<String>, bool)> {
    let mut words = split_words(command)?;
    let background = words.last().is_some_and(|word| word == "&");
    if background {
        words.pop();
    }
    if words.is_empty() {
        return None;
    }
    if words.iter().any(|word| word.contains("%s")) {
        for word in &mut words {
            *word = word.replace("%s", url);
        }
    } else {
        words.push(url.to_owned());
    }
    Some((words, background))
}

fn split_words(command: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in command.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => current.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            (None, c) => {
                current.push(c);
                in_word = true;
            }
        }
    }
    if quote.is_some() {
        return None;
    }
    if in_word {
        words.push(current);
    }
    Some(words)
}

fn platform_opener(url: &str) -> Option<Vec<String>> {
    let remote =
        std::env::var_os("SSH_CONNECTION").is_some() || std::env::var_os("SSH_TTY").is_some();
    if remote {
        return None;
    }
    let opener = if cfg!(target_os = "macos") {
        vec!["open".to_owned()]
    } else if cfg!(windows) {
        vec![
            "cmd".to_owned(),
            "/C".to_owned(),
            "start".to_owned(),
            String::new(),
        ]
    } else {
        let desktop =
            std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
        if !desktop {
            return None;
        }
        vec!["xdg-open".to_owned()]
    };
    let mut words = opener;
    words.push(url.to_owned());
    Some(words)
}

/// Runs the browser: in the foreground, whether it succeeded; in the background (a real browser
/// may keep running), whether it started, reaped on a thread so no zombie is left.
fn run(words: &[String], background: bool) -> bool {
    let Some((program, args)) = words.split_first() else {
        return false;
    };
    let child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    match child {
        Ok(mut child) if background => {
            std::thread::spawn(move || {
                let _ = child.wait();
            });
            true
        }
        Ok(mut child) => child.wait().is_ok_and(|status| status.success()),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_replaces_percent_s_or_goes_last() {
        let words = |list: &[&str]| list.iter().map(|word| (*word).to_owned()).collect();
        assert_eq!(
            command_line("firefox --new-tab %s", "http://x/"),
            Some((words(&["firefox", "--new-tab", "http://x/"]), false))
        );
        assert_eq!(
            command_line("'/opt/my browser/run' -a", "http://x/"),
            Some((words(&["/opt/my browser/run", "-a", "http://x/"]), false))
        );
        assert_eq!(
            command_line("firefox %s &", "http://x/"),
            Some((words(&["firefox", "http://x/"]), true))
        );
        assert_eq!(command_line("   ", "http://x/"), None);
        assert_eq!(command_line("&", "http://x/"), None);
        assert_eq!(command_line("'unterminated", "http://x/"), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_foreground_browser_is_waited_for_and_a_failing_one_gives_way() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let done = dir.path().join("done");
        let script = format!("sleep 0.2; touch '{}'", done.display());
        let words = |list: &[&str]| {
            list.iter()
                .map(|word| (*word).to_owned())
                .collect::<Vec<_>>()
        };
        assert!(run(&words(&["sh", "-c", &script]), false));
        assert!(done.exists(), "the command had finished when run returned");
        assert!(!run(&words(&["sh", "-c", "exit 3"]), false));
        assert!(!run(&words(&["/nonexistent/browser"]), false));
    }
}
