//! Which issue a search item is, read from the front of its JSON text: Jira sends `id` second
//! (after `expand`), so finding it reads a few dozen bytes of an issue that may hold hundreds
//! of kilobytes of fields.

use std::ops::Range;

use serde_json::value::RawValue;

/// Where in `issue.get()` the issue's identity is, for dropping one a search yields twice: the
/// JSON text (`"10001"`) of its first top-level `id`, else of its first `key`; `None` if it has
/// neither or is not an object. Members are read in order and the scan stops at `id`, so only
/// an issue without one is read to its end. The text is one JSON value already checked, which
/// is what lets brackets and quotes alone find where each member ends.
pub fn issue_identity(issue: &RawValue) -> Option<Range<usize>> {
    let text = issue.get();
    let bytes = text.as_bytes();
    let mut at = skip_space(bytes, 0);
    (bytes.get(at) == Some(&b'{')).then_some(())?;
    at = skip_space(bytes, at + 1);
    let mut key = None;
    while bytes.get(at) == Some(&b'"') {
        let name_end = string_end(bytes, at)?;
        let name = text.get(at..name_end)?;
        at = skip_space(bytes, name_end);
        at = skip_space(bytes, at + 1);
        let value_end = value_end(bytes, at)?;
        let value = at..value_end;
        match member_name(name).as_deref() {
            Some("id") => return Some(value),
            Some("key") if key.is_none() => key = Some(value),
            _ => {}
        }
        at = skip_space(bytes, value_end);
        if bytes.get(at) != Some(&b',') {
            break;
        }
        at = skip_space(bytes, at + 1);
    }
    key
}

/// A member name's text without its quotes, unescaped only when it has escapes.
fn member_name(quoted: &str) -> Option<std::borrow::Cow<'_, str>> {
    let inner = quoted.get(1..quoted.len().checked_sub(1)?)?;
    if inner.contains('\\') {
        serde_json::from_str::<String>(quoted).ok().map(Into::into)
    } else {
        Some(inner.into())
    }
}

/// Where the JSON value that starts at `at` ends, by its brackets and strings alone.
fn value_end(body: &[u8], at: usize) -> Option<usize> {
    match body.get(at)? {
        b'"' => string_end(body, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut index = at;
            loop {
                match body.get(index)? {
                    b'"' => {
                        index = string_end(body, index)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(index + 1);
                        }
                    }
                    _ => {}
                }
                index += 1;
            }
        }
        _ => {
            let end = body[at..]
                .iter()
                .position(|&byte| matches!(byte, b',' | b'}' | b']') || is_space(byte))
                .map_or(body.len(), |length| at + length);
            (end > at).then_some(end)
        }
    }
}

/// Where the string that starts at `at` (its opening quote) ends, past its closing quote.
fn string_end(body: &[u8], at: usize) -> Option<usize> {
    let mut index = at + 1;
    loop {
        match body.get(index)? {
            b'"' => return Some(index + 1),
            b'\\' => index += 2,
            _ => index += 1,
        }
    }
}

fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

fn skip_space(body: &[u8], at: usize) -> usize {
    body.get(at..)
        .and_then(|tail| tail.iter().position(|&byte| !is_space(byte)))
        .map_or(body.len(), |length| at + length)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(issue: &str) -> Option<String> {
        let issue: Box<RawValue> = serde_json::from_str(issue).expect("one JSON value");
        issue_identity(&issue).map(|range| issue.get()[range].to_owned())
    }

    #[test]
    fn the_identity_is_the_id_else_the_key_as_json_text() {
        let jira = r#"{"expand":"operations,names","id":"10001","self":"https://j/rest/api/2/issue/10001","key":"A-1","fields":{}}"#;
        assert_eq!(identity(jira).as_deref(), Some(r#""10001""#));
        assert_eq!(
            identity(r#"{"key":"A-1","fields":{"id":"9"}}"#).as_deref(),
            Some(r#""A-1""#)
        );
        assert_eq!(
            identity(r#"{ "id" : 7 , "key": "A-1"}"#).as_deref(),
            Some("7")
        );
        assert_eq!(identity(r#"{"fields":{"id":"1","key":"B-2"}}"#), None);
    }

    #[test]
    fn members_before_the_id_are_skipped_whatever_they_hold() {
        let issue = r#"{"a":{"id":"x","s":"} ] \" \\ {["},"b":[[{"key":"y"}],1.5e3,null,true],
            "c":"\u0041","k\u0065y":"B-2","\u0069d":"20002"}"#;
        assert_eq!(identity(issue).as_deref(), Some(r#""20002""#));
    }

    #[test]
    fn the_first_of_a_repeated_member_counts() {
        assert_eq!(
            identity(r#"{"id":"1","id":"2"}"#).as_deref(),
            Some(r#""1""#)
        );
        assert_eq!(
            identity(r#"{"key":"A-1","key":"A-2"}"#).as_deref(),
            Some(r#""A-1""#)
        );
    }

    #[test]
    fn what_is_not_an_object_has_no_identity() {
        for other in ["[]", "{}", "null", r#""10001""#, "12", r#"[{"id":"1"}]"#] {
            assert_eq!(identity(other), None, "{other}");
        }
    }
}
