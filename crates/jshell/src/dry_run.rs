//! What a dry run shows: each write it held back (method, URL, body, and a curl line that
//! would send it, with a placeholder where the credentials go), and at the end how many of
//! each it held.

/// Bodies longer than this are summarized rather than printed.
const BODY_SHOWN_MAX: usize = 4 * 1024;

/// Prints `held` to stderr. `basic` says whether the credentials are Basic ones, so that the
/// curl line's placeholder reads naturally.
pub fn report(held: &jira::HeldWrite, basic: bool) {
    eprintln!("dry run: {} {} (not sent)", held.method, held.url);
    let body = Body::of(&held.body);
    match &body {
        Body::Shown(text) | Body::Summarized(text) => eprintln!("  body: {text}"),
        Body::Empty => {}
    }
    eprintln!("  {}", curl_line(held, &body, basic));
}

/// A held write's body as printed.
#[derive(Debug, PartialEq)]
enum Body {
    Empty,
    /// The JSON itself.
    Shown(String),
    /// What a body too long to print is: its size and keys.
    Summarized(String),
}

impl Body {
    fn of(body: &serde_json::Value) -> Self {
        if body.is_null() {
            return Self::Empty;
        }
        let text = body.to_string();
        if text.len() <= BODY_SHOWN_MAX {
            Self::Shown(text)
        } else {
            Self::Summarized(summary_of(body, text.len()))
        }
    }
}

/// "4.9 KiB of JSON, an object with keys …".
fn summary_of(body: &serde_json::Value, length: usize) -> String {
    let keys = body
        .as_object()
        .map(|object| {
            let keys: Vec<&str> = object.keys().map(String::as_str).collect();
            format!(", an object with keys {}", keys.join(", "))
        })
        .unwrap_or_default();
    format!(
        "{:.1} KiB of JSON{keys} (not shown)",
        length as f64 / 1024.0
    )
}

/// A curl command that would send the same request; credentials are a placeholder.
fn curl_line(held: &jira::HeldWrite, body: &Body, basic: bool) -> String {
    let credentials = if basic {
        "-u \"$JIRA_USER:$JIRA_SECRET\"".to_owned()
    } else {
        "-H \"Authorization: $JIRA_AUTHORIZATION\"".to_owned()
    };
    let mut line = format!(
        "curl -X {} {} {credentials}",
        held.method,
        shell_quote(&held.url)
    );
    let file = held.body.get("file").and_then(serde_json::Value::as_str);
    match (file, body) {
        (Some(path), _) => {
            line.push_str(" -H 'X-Atlassian-Token: no-check' -F ");
            line.push_str(&shell_quote(&format!("file=@{path}")));
        }
        (None, Body::Shown(text)) => {
            line.push_str(" -H 'Content-Type: application/json' --data ");
            line.push_str(&shell_quote(text));
        }
        (None, Body::Summarized(_)) => {
            line.push_str(" -H 'Content-Type: application/json' --data @body.json");
        }
        (None, Body::Empty) => {}
    }
    line
}

/// `text` in single quotes for a POSIX shell.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// The end of a dry run: what was held back, by method and path.
pub fn summary(held: &[jira::HeldCount]) {
    let total: usize = held.iter().map(|count| count.count).sum();
    if total == 0 {
        eprintln!("dry run: no request that changes Jira was made");
        return;
    }
    let (plural, verb) = if total == 1 {
        ("", "changes")
    } else {
        ("s", "change")
    };
    eprintln!("dry run: {total} request{plural} that {verb} Jira not sent:");
    for count in held {
        eprintln!("  {:>4} × {} {}", count.count, count.method, count.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held(body: serde_json::Value) -> jira::HeldWrite {
        jira::HeldWrite {
            method: "POST".to_owned(),
            url: "https://jira.example.com/rest/api/2/issue/ABC-1/comment".to_owned(),
            body,
        }
    }

    #[test]
    fn the_curl_line_sends_the_same_json_with_a_placeholder_for_credentials() {
        let write = held(serde_json::json!({"body": "it's done"}));
        let line = curl_line(&write, &Body::of(&write.body), false);
        assert_eq!(
            line,
            "curl -X POST 'https://jira.example.com/rest/api/2/issue/ABC-1/comment' \
             -H \"Authorization: $JIRA_AUTHORIZATION\" -H 'Content-Type: application/json' \
             --data '{\"body\":\"it'\\''s done\"}'"
        );
    }

    #[test]
    fn a_long_body_is_summarized_and_an_upload_is_a_form() {
        let long = held(serde_json::json!({"description": "x".repeat(5000), "summary": "s"}));
        let body = Body::of(&long.body);
        let Body::Summarized(text) = &body else {
            panic!("summarized: {body:?}");
        };
        assert!(
            text.contains("KiB of JSON, an object with keys description, summary"),
            "{text}"
        );
        assert!(curl_line(&long, &body, true).ends_with("--data @body.json"));
        let upload = held(serde_json::json!({"file": "/tmp/a b.txt", "filename": "a b.txt"}));
        let line = curl_line(&upload, &Body::of(&upload.body), true);
        assert!(line.contains("-u \"$JIRA_USER:$JIRA_SECRET\""), "{line}");
        assert!(line.ends_with("-F 'file=@/tmp/a b.txt'"), "{line}");
    }
}
