//! Taking a search answer apart in one pass: each issue's JSON text is checked and handed to
//! the caller's decoder, without the whole answer being built as a tree.

use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

use super::{Decoding, SearchPage};
use crate::client::Client;
use crate::error::Repr;
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
            Self::NoIssues(answer) => Error::from(Repr::Decode {
                method: "GET".to_owned(),
                url: format!("{}search", client.rest_root()),
                detail: "a search answer without an `issues` array".to_owned(),
                body_start: oauth1::quote::body_start(answer.to_string().as_bytes()),
            }),
        }
    }
}

/// Takes a search answer apart in one pass: each issue's JSON text is checked and handed to
/// the decoder without the answer being built as a tree first, which matters when a page
/// holds hundreds of issues with every field.
fn decode_answer<T>(
    body: &[u8],
    start_at: u64,
    asked: u64,
    decoding: Decoding<T>,
) -> Result<(SearchPage<T>, Option<bool>), Unreadable> {
    let SearchAnswer { issues, rest } = read_answer(body)?;
    let issues = issues
        .into_iter()
        .map(decoding.decode)
        .collect::<Result<Vec<T>, String>>()
        .map_err(Unreadable::Json)?;
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

/// A search answer read in one pass: the `issues` array's items as their JSON texts (checked,
/// borrowed from the body) and every other member parsed.
struct SearchAnswer<'a> {
    issues: Vec<&'a RawValue>,
    rest: Members,
}

/// Reads a search answer. What does not read as one is parsed whole, so that what is wrong
/// with it is said as for any other answer: JSON that does not parse, or JSON of another
/// shape.
fn read_answer(body: &[u8]) -> Result<SearchAnswer<'_>, Unreadable> {
    let read = std::str::from_utf8(body).ok().and_then(|text| {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let answer = deserializer.deserialize_map(AnswerVisitor).ok()?;
        deserializer.end().ok()?;
        answer
    });
    if let Some(answer) = read {
        return Ok(answer);
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Unreadable::NoIssues(Value::Null));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(answer) => Err(Unreadable::NoIssues(answer)),
        Err(error) => Err(Unreadable::Json(error.to_string())),
    }
}

/// Reads the answer's object; `None` without an `issues` member. Any other shape, and an
/// `issues` member that is not an array, fails: [`read_answer`] then says why.
struct AnswerVisitor;

impl<'de> Visitor<'de> for AnswerVisitor {
    type Value = Option<SearchAnswer<'de>>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a search answer")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut issues = None;
        let mut rest = Members::new();
        while let Some(name) = map.next_key::<String>()? {
            if name == "issues" {
                issues = Some(map.next_value()?);
            } else {
                rest.insert(name, map.next_value()?);
            }
        }
        Ok(issues.map(|issues| SearchAnswer { issues, rest }))
    }
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
    fn issues_are_read_in_one_pass_and_decode_as_parsed_whole() {
        let body = r#" { "expand": "names", "startAt": 100, "maxResults": 2, "total": 3,
            "issues": [ {"id": "1", "key": "A-1", "fields": {"summary": "a } ] \" \\ \u0041 {[",
                "labels": [], "n": -1.5e3, "none": null, "yes": true}},
              {"id":"2","fields":{"nested":[[{"x":[1,2,{"y":"]"}]}]]}} ] ,
            "isLast": false, "nextPageToken": "t\"k" } "#;
        let Ok(SearchAnswer { issues, rest }) = read_answer(body.as_bytes()) else {
            panic!("the usual shape");
        };
        assert_eq!(issues.len(), 2);
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
    fn an_issue_that_is_not_utf8_fails_the_page_as_parsing_it_whole_would() {
        let body = b"{\"issues\":[{\"id\":\"1\",\"summary\":\"caf\xe9\"}],\"total\":1}";
        let Err(Unreadable::Json(detail)) = decode_answer(body, 0, 1, VALUES) else {
            panic!("not UTF-8, so not JSON");
        };
        let expected = serde_json::from_slice::<Value>(body).expect_err("not UTF-8");
        assert_eq!(detail, expected.to_string());
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
