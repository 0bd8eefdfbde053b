//! The `Authorization: OAuth …` header (RFC 5849 section 3.5.1): formatting and parsing.
//!
//! The parser also reads `WWW-Authenticate: OAuth realm="…", oauth_problem="…"` challenges,
//! which use the same syntax.

use crate::encode::{percent_decode, percent_encode};

/// Formats an `OAuth` header value: an optional `realm` first (quoted as is), then each
/// parameter as `name="percent-encoded value"`, separated by `, `.
///
/// ```
/// let header = oauth1::format_authorization(Some("Example"), &[("oauth_nonce", "a b")]);
/// assert_eq!(header, r#"OAuth realm="Example", oauth_nonce="a%20b""#);
/// ```
pub fn format_authorization(realm: Option<&str>, params: &[(&str, &str)]) -> String {
    let mut out = String::from("OAuth ");
    let mut first = true;
    if let Some(realm) = realm {
        out.push_str("realm=\"");
        out.push_str(&realm.replace(['"', '\\'], ""));
        out.push('"');
        first = false;
    }
    for (name, value) in params {
        if !first {
            out.push_str(", ");
        }
        first = false;
        out.push_str(&percent_encode(name));
        out.push_str("=\"");
        out.push_str(&percent_encode(value));
        out.push('"');
    }
    out
}

/// Parses an `OAuth` header value (from `Authorization` or `WWW-Authenticate`) into its
/// parameters, in order, with names and values percent-decoded. The scheme name is matched
/// case-insensitively; values may be quoted or bare.
///
/// Returns `None` when the value does not use the `OAuth` scheme or is malformed.
///
/// ```
/// let params = oauth1::parse_authorization(r#"OAuth realm="", oauth_token="a%2Bb""#).unwrap();
/// assert_eq!(params[1], ("oauth_token".to_owned(), "a+b".to_owned()));
/// ```
pub fn parse_authorization(value: &str) -> Option<Vec<(String, String)>> {
    let value = value.trim_start();
    let scheme_end = value
        .find(|c: char| c.is_ascii_whitespace())
        .unwrap_or(value.len());
    if !value[..scheme_end].eq_ignore_ascii_case("OAuth") {
        return None;
    }
    let mut rest = value[scheme_end..].trim_start();
    let mut params = Vec::new();
    while !rest.is_empty() {
        let eq = rest.find('=')?;
        let name = rest[..eq].trim();
        if name.is_empty() || name.contains([',', '"', ' ']) {
            return None;
        }
        rest = rest[eq + 1..].trim_start();
        let raw_value = if let Some(quoted) = rest.strip_prefix('"') {
            let close = quoted.find('"')?;
            rest = &quoted[close + 1..];
            &quoted[..close]
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            let bare = rest[..end].trim_end();
            rest = &rest[end..];
            bare
        };
        params.push((percent_decode(name)?, percent_decode(raw_value)?));
        rest = rest.trim_start();
        if let Some(after_comma) = rest.strip_prefix(',') {
            rest = after_comma.trim_start();
        } else if !rest.is_empty() {
            return None;
        }
    }
    Some(params)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatted_headers_parse_back() {
        let params = [("oauth_consumer_key", "k&y"), ("oauth_token", "t t")];
        let header = format_authorization(Some("r"), &params);
        let parsed = parse_authorization(&header).expect("parses");
        assert_eq!(parsed[0], ("realm".to_owned(), "r".to_owned()));
        assert_eq!(
            parsed[1],
            ("oauth_consumer_key".to_owned(), "k&y".to_owned())
        );
        assert_eq!(parsed[2], ("oauth_token".to_owned(), "t t".to_owned()));
    }

    #[test]
    fn jira_challenges_parse() {
        let challenge =
            r#"OAuth realm="http%3A%2F%2Flocalhost%3A8080", oauth_problem="token_rejected""#;
        let parsed = parse_authorization(challenge).expect("parses");
        assert_eq!(parsed[0].1, "http://localhost:8080");
        assert_eq!(
            parsed[1],
            ("oauth_problem".to_owned(), "token_rejected".to_owned())
        );
    }

    #[test]
    fn other_schemes_and_garbage_are_refused() {
        assert_eq!(parse_authorization("Bearer abc"), None);
        assert_eq!(parse_authorization(r#"OAuth a="unterminated"#), None);
        assert_eq!(parse_authorization(r#"OAuth a="1" b="2""#), None);
        assert_eq!(parse_authorization("OAuth =x"), None);
        assert_eq!(parse_authorization("OAuth").map(|p| p.len()), Some(0));
    }
}
