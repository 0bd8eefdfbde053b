//! How failures are quoted in messages, shared by the dance and by the `jira` crate's client so
//! that both read the same: the start of an unexpected body, and the causes beneath an error.

/// How much of an unexpected body a message quotes.
pub const BODY_START_CHARS: usize = 200;

/// The first [`BODY_START_CHARS`] characters of `body`, invalid UTF-8 replaced.
pub fn body_start(body: &[u8]) -> String {
    String::from_utf8_lossy(body)
        .chars()
        .take(BODY_START_CHARS)
        .collect()
}

/// The causes beneath `error` (not its own message), joined with `: `, each said once.
pub fn cause_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut causes: Vec<String> = Vec::new();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if causes.last() != Some(&text) {
            causes.push(text);
        }
        source = cause.source();
    }
    causes.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Wrapped(&'static str, Option<Box<Wrapped>>);

    impl std::fmt::Display for Wrapped {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }

    impl std::error::Error for Wrapped {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1.as_deref().map(|inner| inner as _)
        }
    }

    #[test]
    fn a_long_body_is_cut_and_causes_are_said_once() {
        let body = "x".repeat(500);
        assert_eq!(body_start(body.as_bytes()).len(), BODY_START_CHARS);
        let reset = || Some(Box::new(Wrapped("connection reset", None)));
        let error = Wrapped(
            "request failed",
            Some(Box::new(Wrapped(
                "connection reset",
                Some(Box::new(Wrapped("os error 104", None))),
            ))),
        );
        assert_eq!(cause_chain(&error), "connection reset: os error 104");
        let repeated = Wrapped(
            "request failed",
            Some(Box::new(Wrapped("connection reset", reset()))),
        );
        assert_eq!(cause_chain(&repeated), "connection reset");
    }
}
