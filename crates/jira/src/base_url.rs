//! The server URL a client is built for: checked once, with a message that says what to write
//! instead, and normalized to end with `/` so that paths join below any context path.

use url::Url;

use crate::Error;
use crate::error::Repr;

/// `text` as a Jira base URL: http or https, a host, no credentials, no query or fragment.
pub(crate) fn parse(text: &str) -> Result<Url, Error> {
    let text = text.trim();
    let unusable = |reason: &str| {
        Error::from(Repr::Config(format!(
            "the server URL `{text}` is unusable: {reason}"
        )))
    };
    let mut base = Url::parse(text).map_err(|error| match error {
        url::ParseError::RelativeUrlWithoutBase => {
            unusable("it has no scheme; write it as https://host or http://host")
        }
        other => unusable(&other.to_string()),
    })?;
    if !matches!(base.scheme(), "http" | "https") {
        return Err(unusable("only http and https URLs can be used"));
    }
    if base.host_str().is_none_or(str::is_empty) {
        return Err(unusable("it has no host"));
    }
    if !base.username().is_empty() || base.password().is_some() {
        return Err(Error::from(Repr::Config(
            "the server URL must not carry a user name or password; pass them with \
             --username and --prompt-for-password (or use a personal access token)"
                .to_owned(),
        )));
    }
    if base.query().is_some() || base.fragment().is_some() {
        return Err(Error::from(Repr::Config(format!(
            "the server URL `{text}` must not have a query or fragment; give the base URL, \
             e.g. https://jira.example.com or https://example.com/jira"
        ))));
    }
    if !base.path().ends_with('/') {
        let path = format!("{}/", base.path());
        base.set_path(&path);
    }
    Ok(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_url_gets_a_trailing_slash_and_bad_ones_say_why() {
        let base = parse(" https://example.com/jira ").expect("usable");
        assert_eq!(base.as_str(), "https://example.com/jira/");
        for (bad, why) in [
            ("example.com", "no scheme"),
            ("ftp://example.com", "only http and https"),
            ("https://u:p@example.com", "user name or password"),
            ("https://example.com/?a=1", "query or fragment"),
        ] {
            let message = parse(bad).expect_err(bad).to_string();
            assert!(message.contains(why), "{bad}: {message}");
        }
    }
}
