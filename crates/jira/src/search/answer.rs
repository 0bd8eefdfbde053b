//! Taking a search answer apart: the issues' JSON texts found by the answer's structure, each
//! handed to the caller's decoder, without building the whole answer as a tree.

use std::ops::Range;

use serde_json::Value;

use super::{Decoding, SearchPage};
use crate::client::Client;
use crate::{ApiRequest, Error};

/// Sends a search request and takes its answer apart, with Cloud's `isLast` if it says.
pub(super) async fn fetch<T>(
    client: &Client,
    request: ApiRequest,
    start_at: u64,
    asked: u64,
    decoding: Decoding<T>,
) -> Result<(SearchPage<T>, Option<bool>), Error> {
    let answer = client.send(&request).await?;
    decode_answer(&answer.body, start_at, asked, decoding).map_err(|failure| {
        let error = failure.into_error(
            client,
            &request,
            answer.header("content-type"),
            &answer.body,
        );
        crate::diagnose::explain(error, client.auth())
    })
}

/// A search answer's members other than `issues`.
type Members = serde_json::Map<String, Value>;

/// Why a search answer could not be taken apart.
enum Unreadable {
    /// Not JSON: serde_json's or the decoder's explanation.
    Json(String),
    /// JSON, but no `issues` array in it.
    NoIssues(Value),
}

impl Unreadable {
    fn into_error(
        self,
        client: &Client,
        request: &ApiRequest,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Error {
        match self {
            Self::Json(detail) => {
                let url = client.url_for(request.path()).map_or_else(
                    |_| request.path().to_owned(),
                    |mut url| {
                        if !request.query.is_empty() {
                            url.query_pairs_mut().extend_pairs(&request.query);
                        }
                        url.to_string()
                    },
                );
                Error::undecodable(request.method().as_str(), url, detail, content_type, body)
            }
            Self::NoIssues(answer) => Error::Decode {
                method: "GET".to_owned(),
                url: format!("{}search", client.rest_root()),
                detail: "a search answer without an `issues` array".to_owned(),
                body_start: oauth1::report::body_start(answer.to_string().as_bytes()),
            },
        }
    }
}

/// Takes a search answer apart: each issue's JSON text goes to the decoder without the answer
/// being built as a tree first, which matters when a page holds hundreds of issues with every
/// field. An answer of another shape is parsed whole, so that what is wrong with it is said as
/// for any other answer.
fn decode_answer<T>(
    body: &[u8],
    start_at: u64,
    asked: u64,
    decoding: Decoding<T>,
) -> Result<(SearchPage<T>, Option<bool>), Unreadable> {
    let split = split_answer(body).and_then(|(items, rest)| {
        let issues = items
            .into_iter()
            .map(|item| (decoding.decode)(&body[item]).ok())
            .collect::<Option<Vec<T>>>()?;
        Some((issues, rest))
    });
    let (issues, rest) = match split {
        Some(split) => split,
        None => whole_answer(body, decoding)?,
    };
    let number = |name: &str| rest.get(name).and_then(Value::as_u64);
    let page = SearchPage {
        start_at: number("startAt").unwrap_or(start_at),
        max_results: number("maxResults").unwrap_or(asked),
        total: number("total"),
        issues,
        next_page_token: rest
            .get("nextPageToken")
            .and_then(Value::as_str)
            .map(str::to_owned),
    };
    Ok((page, rest.get("isLast").and_then(Value::as_bool)))
}

/// The slow way, for answers [`split_answer`] does not take: the whole answer as a `Value`.
fn whole_answer<T>(body: &[u8], decoding: Decoding<T>) -> Result<(Vec<T>, Members), Unreadable> {
    let answer: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        serde_json::from_slice(body).map_err(|error| Unreadable::Json(error.to_string()))?
    };
    let Value::Object(mut rest) = answer else {
        return Err(Unreadable::NoIssues(answer));
    };
    let Some(Value::Array(items)) = rest.remove("issues") else {
        return Err(Unreadable::NoIssues(Value::Object(rest)));
    };
    let issues = items
        .iter()
        .map(|item| (decoding.decode)(item.to_string().as_bytes()))
        .collect::<Result<Vec<T>, String>>()
        .map_err(Unreadable::Json)?;
    Ok((issues, rest))
}

/// The members of a search answer's object, found by its structure alone: the byte ranges of
/// the `issues` array's items (each checked when decoded) and every other member, parsed.
/// `None` for anything else, including JSON this does not follow (the caller then parses the
/// answer whole).
fn split_answer(body: &[u8]) -> Option<(Vec<Range<usize>>, Members)> {
    let mut issues = None;
    let mut rest = serde_json::Map::new();
    let mut at = skip_space(body, 0);
    (body.get(at) == Some(&b'{')).then_some(())?;
    at = skip_space(body, at + 1);
    if body.get(at) == Some(&b'}') {
        return None;
    }
    loop {
        (body.get(at) == Some(&b'"')).then_some(())?;
        let key_end = value_end(body, at)?;
        let key: String = serde_json::from_slice(&body[at..key_end]).ok()?;
        at = skip_space(body, key_end);
        (body.get(at) == Some(&b':')).then_some(())?;
        at = skip_space(body, at + 1);
        if key == "issues" && body.get(at) == Some(&b'[') {
            let (items, end) = array_items(body, at)?;
            issues = Some(items);
            rest.remove(&key);
            at = end;
        } else {
            let end = value_end(body, at)?;
            if key == "issues" {
                issues = None;
            }
            rest.insert(key, serde_json::from_slice(&body[at..end]).ok()?);
            at = end;
        }
        at = skip_space(body, at);
        match body.get(at)? {
            b',' => at = skip_space(body, at + 1),
            b'}' => break,
            _ => return None,
        }
    }
    (skip_space(body, at + 1) == body.len()).then_some(())?;
    Some((issues?, rest))
}

/// The items of the array that starts at `at`, and where it ends.
fn array_items(body: &[u8], at: usize) -> Option<(Vec<Range<usize>>, usize)> {
    let mut items = Vec::new();
    let mut at = skip_space(body, at + 1);
    if body.get(at) == Some(&b']') {
        return Some((items, at + 1));
    }
    loop {
        let end = value_end(body, at)?;
        items.push(at..end);
        at = skip_space(body, end);
        match body.get(at)? {
            b',' => at = skip_space(body, at + 1),
            b']' => return Some((items, at + 1)),
            _ => return None,
        }
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
/// Strings are most of a search answer's bytes: a short one (a name, a key) is read a byte at
/// a time, and past [`SHORT`] bytes the rest is skipped with `memchr`, which is faster on long
/// strings but costs more than it saves on short ones.
fn string_end(body: &[u8], at: usize) -> Option<usize> {
    const SHORT: usize = 16;
    let mut index = at + 1;
    let short_end = body.len().min(index + SHORT);
    while index < short_end {
        match body[index] {
            b'"' => return Some(index + 1),
            b'\\' => index += 2,
            _ => index += 1,
        }
    }
    loop {
        index += memchr::memchr2(b'"', b'\\', body.get(index..)?)?;
        match body[index] {
            b'"' => return Some(index + 1),
            _ => index += 2,
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
    use crate::search::VALUES;

    fn decode(body: &str) -> Result<(SearchPage, Option<bool>), Unreadable> {
        decode_answer(body.as_bytes(), 7, 50, VALUES)
    }

    /// What the answer would be if parsed whole, the way every other answer is.
    fn whole(body: &str) -> Vec<Value> {
        let answer: Value = serde_json::from_str(body).expect("valid JSON");
        answer["issues"].as_array().expect("issues").clone()
    }

    #[test]
    fn issues_are_split_out_by_structure_alone_and_decode_as_parsed_whole() {
        let body = r#" { "expand": "names", "startAt": 100, "maxResults": 2, "total": 3,
            "issues": [ {"id": "1", "key": "A-1", "fields": {"summary": "a } ] \" \\ \u0041 {[",
                "labels": [], "n": -1.5e3, "none": null, "yes": true}},
              {"id":"2","fields":{"nested":[[{"x":[1,2,{"y":"]"}]}]]}} ] ,
            "isLast": false, "nextPageToken": "t\"k" } "#;
        let (items, rest) = split_answer(body.as_bytes()).expect("the usual shape");
        assert_eq!(items.len(), 2);
        assert_eq!(rest.len(), 6, "every other member: {rest:?}");
        let (page, is_last) = decode(body).ok().expect("decodes");
        assert_eq!(page.issues, whole(body));
        assert_eq!(
            (page.start_at, page.max_results, page.total),
            (100, 2, Some(3))
        );
        assert_eq!(page.next_page_token.as_deref(), Some("t\"k"));
        assert_eq!(is_last, Some(false));
    }

    #[test]
    fn an_empty_list_and_missing_numbers_fall_back_to_what_was_asked() {
        let (page, is_last) = decode(r#"{"issues":[]}"#).ok().expect("decodes");
        assert!(page.issues.is_empty());
        assert_eq!((page.start_at, page.max_results, page.total), (7, 50, None));
        assert_eq!(is_last, None);
    }

    #[test]
    fn other_shapes_are_parsed_whole_and_keep_their_meaning() {
        // An escaped key is still `issues`; a later `issues` wins, as in a parsed object.
        let escaped = r#"{"\u0069ssues":[{"id":"1"}],"total":1}"#;
        let (page, _) = decode(escaped).ok().expect("decodes");
        assert_eq!(page.issues, whole(escaped));
        let twice = r#"{"issues":[{"id":"1"}],"issues":[{"id":"2"}]}"#;
        assert_eq!(decode(twice).ok().expect("decodes").0.issues, whole(twice));
        let replaced = r#"{"issues":[{"id":"1"}],"issues":null}"#;
        assert!(matches!(decode(replaced), Err(Unreadable::NoIssues(_))));
    }

    #[test]
    fn answers_that_are_not_search_pages_say_why() {
        for body in ["", "  ", "[]", "{}", r#"{"total": 3}"#, r#"{"issues": {}}"#] {
            assert!(
                matches!(decode(body), Err(Unreadable::NoIssues(_))),
                "{body:?}"
            );
        }
        for body in [
            "<html>login</html>",
            r#"{"issues":[{"id":1,}]}"#,
            r#"{"issues":[{"id":"1"}]} trailing"#,
            r#"{"issues":[{"id":"1"]}"#,
            r#"{"issues":[{"id":"1"}"#,
            r#"{"issues":[tru]}"#,
        ] {
            let Err(Unreadable::Json(detail)) = decode(body) else {
                panic!("{body:?} is not JSON");
            };
            let expected = serde_json::from_str::<Value>(body).expect_err("not JSON");
            assert_eq!(detail, expected.to_string(), "{body:?}");
        }
    }

    #[test]
    fn an_issue_the_decoder_refuses_fails_the_page() {
        let refusing = Decoding::<Value> {
            decode: |_| Err("not an issue".to_owned()),
            identity: |_| None,
        };
        let result = decode_answer(br#"{"issues":[{"id":"1"}]}"#, 0, 1, refusing);
        assert!(matches!(result, Err(Unreadable::Json(detail)) if detail == "not an issue"));
    }
}
