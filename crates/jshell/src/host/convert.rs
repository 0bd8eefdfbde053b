//! JSON ↔ Rhai values: Jira's JSON becomes plain maps and arrays, and back. Written out by hand
//! rather than through rhai's serde support: exporting thousands of issues converts every field
//! of every one. A search's issues skip `Value` altogether: the runtime checks each issue's text
//! as its page arrives ([`IssueText`]) and the script's thread builds the map straight from the
//! text ([`text_into_rhai`]), so each field is allocated once rather than twice.

use std::collections::BTreeMap;
use std::fmt;

use rhai::{Array, Dynamic, EvalAltResult, FLOAT, INT, ImmutableString, Map, Position};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};

/// Converts JSON to a Rhai value, taking ownership so strings move rather than copy.
pub fn into_rhai(value: Value) -> Dynamic {
    match value {
        Value::Null => Dynamic::UNIT,
        Value::Bool(flag) => Dynamic::from_bool(flag),
        Value::Number(number) => match number.as_i64() {
            Some(integer) => Dynamic::from_int(integer as INT),
            None => Dynamic::from_float(number.as_f64().unwrap_or(FLOAT::NAN) as FLOAT),
        },
        Value::String(text) => Dynamic::from(text),
        Value::Array(items) => Dynamic::from_array(items.into_iter().map(into_rhai).collect()),
        Value::Object(fields) => Dynamic::from_map(
            fields
                .into_iter()
                .map(|(name, value)| (name.into(), into_rhai(value)))
                .collect(),
        ),
    }
}

/// One issue of a search page as JSON text, checked (UTF-8, JSON) on the runtime when its page
/// arrived, with its identity for the search's de-duplication.
#[derive(Debug)]
pub struct IssueText {
    text: Box<str>,
    identity: Option<String>,
}

impl IssueText {
    /// For [`jira::Client::prefetched_pages_decoded`]: checks one issue's JSON and notes its
    /// `id` (else `key`) as JSON text, as the search does for `Value`s.
    pub fn decode(bytes: &[u8]) -> Result<Self, String> {
        let text = std::str::from_utf8(bytes).map_err(|error| error.to_string())?;
        let head: IssueHead = serde_json::from_str(text).map_err(|error| error.to_string())?;
        Ok(Self {
            text: text.into(),
            identity: head.id.or(head.key).map(|value| value.to_string()),
        })
    }

    pub fn identity(&self) -> Option<String> {
        self.identity.clone()
    }

    /// The issue as a Rhai map, built straight from its text.
    pub fn into_rhai(self) -> Result<Dynamic, serde_json::Error> {
        let mut deserializer = serde_json::Deserializer::from_str(&self.text);
        let value = Json.deserialize(&mut deserializer)?;
        deserializer.end()?;
        Ok(value)
    }
}

/// An issue's `id` and `key` (the last of each, as `Value` keeps them); the rest is only checked.
#[derive(Default)]
struct IssueHead {
    id: Option<Value>,
    key: Option<Value>,
}

impl<'de> serde::Deserialize<'de> for IssueHead {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(HeadVisitor)
    }
}

struct HeadVisitor;

impl<'de> Visitor<'de> for HeadVisitor {
    type Value = IssueHead;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an issue")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<IssueHead, A::Error> {
        let mut head = IssueHead::default();
        while let Some(name) = map.next_key_seed(Key)? {
            match name.as_str() {
                "id" => head.id = Some(map.next_value()?),
                "key" => head.key = Some(map.next_value()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(head)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<IssueHead, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(IssueHead::default())
    }

    fn visit_unit<E>(self) -> Result<IssueHead, E> {
        Ok(IssueHead::default())
    }

    fn visit_bool<E>(self, _: bool) -> Result<IssueHead, E> {
        Ok(IssueHead::default())
    }

    fn visit_i64<E>(self, _: i64) -> Result<IssueHead, E> {
        Ok(IssueHead::default())
    }

    fn visit_u64<E>(self, _: u64) -> Result<IssueHead, E> {
        Ok(IssueHead::default())
    }

    fn visit_f64<E>(self, _: f64) -> Result<IssueHead, E> {
        Ok(IssueHead::default())
    }

    fn visit_str<E>(self, _: &str) -> Result<IssueHead, E> {
        Ok(IssueHead::default())
    }
}

/// The key type of Rhai's maps (a small-string type Rhai does not name publicly).
trait Keyed {
    type Key;
}

impl<K, V> Keyed for BTreeMap<K, V> {
    type Key = K;
}

type MapKey = <Map as Keyed>::Key;

/// A map key, made from the text as parsed (short keys need no allocation).
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = MapKey;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<MapKey, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for Key {
    type Value = MapKey;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a key")
    }

    fn visit_str<E>(self, text: &str) -> Result<MapKey, E> {
        Ok(text.into())
    }
}

/// Any JSON value as a Rhai value, with the numbers of [`into_rhai`]: integers that fit in
/// `INT`, floats for the rest.
struct Json;

impl<'de> DeserializeSeed<'de> for Json {
    type Value = Dynamic;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Dynamic, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Json {
    type Value = Dynamic;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("JSON")
    }

    fn visit_unit<E>(self) -> Result<Dynamic, E> {
        Ok(Dynamic::UNIT)
    }

    fn visit_bool<E>(self, flag: bool) -> Result<Dynamic, E> {
        Ok(Dynamic::from_bool(flag))
    }

    fn visit_i64<E>(self, integer: i64) -> Result<Dynamic, E> {
        Ok(Dynamic::from_int(integer as INT))
    }

    fn visit_u64<E>(self, integer: u64) -> Result<Dynamic, E> {
        Ok(match INT::try_from(integer) {
            Ok(integer) => Dynamic::from_int(integer),
            Err(_) => Dynamic::from_float(integer as FLOAT),
        })
    }

    fn visit_f64<E>(self, float: f64) -> Result<Dynamic, E> {
        Ok(Dynamic::from_float(float as FLOAT))
    }

    fn visit_str<E>(self, text: &str) -> Result<Dynamic, E> {
        Ok(Dynamic::from(ImmutableString::from(text)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Dynamic, A::Error> {
        let mut items = Array::new();
        while let Some(item) = seq.next_element_seed(Json)? {
            items.push(item);
        }
        Ok(Dynamic::from_array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Dynamic, A::Error> {
        // Collected first: building the tree from a sorted list beats inserting one by one, and
        // of keys given twice the last one stays, as with `Value`.
        let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(16));
        while let Some(name) = map.next_key_seed(Key)? {
            fields.push((name, map.next_value_seed(Json)?));
        }
        Ok(Dynamic::from_map(fields.into_iter().collect()))
    }
}

pub fn to_json(value: &Dynamic) -> Result<Value, Box<EvalAltResult>> {
    if value.is_unit() {
        return Ok(Value::Null);
    }
    if let Ok(flag) = value.as_bool() {
        return Ok(Value::Bool(flag));
    }
    if let Ok(integer) = value.as_int() {
        return Ok(Value::from(integer));
    }
    if let Ok(float) = value.as_float() {
        return Number::from_f64(float)
            .map(Value::Number)
            .ok_or_else(|| not_json(value, "JSON has no NaN or infinity"));
    }
    if let Some(text) = value.read_lock::<ImmutableString>() {
        return Ok(Value::String(text.to_string()));
    }
    if let Ok(character) = value.as_char() {
        return Ok(Value::String(character.to_string()));
    }
    if let Some(items) = value.read_lock::<Array>() {
        return items
            .iter()
            .map(to_json)
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array);
    }
    if let Some(fields) = value.read_lock::<Map>() {
        return fields
            .iter()
            .map(|(name, value)| Ok((name.to_string(), to_json(value)?)))
            .collect::<Result<serde_json::Map<_, _>, _>>()
            .map(Value::Object);
    }
    Err(not_json(
        value,
        "only maps, arrays, strings, numbers, booleans and () are",
    ))
}

fn not_json(value: &Dynamic, why: &str) -> Box<EvalAltResult> {
    Box::new(EvalAltResult::ErrorRuntime(
        format!("cannot turn this {} into JSON: {why}", value.type_name()).into(),
        Position::NONE,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jira_json_survives_a_round_trip() {
        let json = serde_json::json!({
            "key": "ABC-1",
            "fields": {
                "labels": ["a", "b"], "votes": 3, "ratio": 0.5, "resolution": null, "flag": true,
                "big": 18446744073709551615u64, "negative": -7
            }
        });
        let rhai = into_rhai(json.clone());
        assert!(rhai.is_map());
        let back = to_json(&rhai).expect("converts back");
        assert_eq!(back["fields"]["labels"], json["fields"]["labels"]);
        assert_eq!(back["fields"]["votes"], 3);
        assert_eq!(back["fields"]["ratio"], 0.5);
        assert_eq!(back["fields"]["negative"], -7);
        assert!(back["fields"]["resolution"].is_null());
        assert_eq!(
            back["fields"]["big"].as_f64(),
            Some(18446744073709551615.0),
            "beyond i64: a float"
        );
    }

    #[test]
    fn issue_text_becomes_the_same_map_as_its_value() {
        let text = r#"{"id":"10001","key":"A-1","id":"10002","fields":{"summary":"a \"b\" \u00e9",
            "labels":["x"],"votes":3,"ratio":0.5,"whole":2.0,"none":null,"flag":false,
            "big":18446744073709551615,"negative":-7,"a_long_key_that_is_not_inline":{},
            "list":[[1,{"k":[]}]]}}"#;
        let issue = IssueText::decode(text.as_bytes()).expect("valid");
        assert_eq!(
            issue.identity().as_deref(),
            Some("\"10002\""),
            "the last `id`"
        );
        let direct = issue.into_rhai().expect("converts");
        let via_value = into_rhai(serde_json::from_str(text).expect("valid"));
        assert_eq!(
            serde_json::to_string(&direct).expect("serializes"),
            serde_json::to_string(&via_value).expect("serializes")
        );
        let fields = direct.as_map_ref().expect("a map")["fields"].clone();
        let fields = fields.as_map_ref().expect("a map");
        assert!(fields["whole"].is_float() && fields["votes"].is_int());
        assert!(fields["big"].is_float() && fields["none"].is_unit());
    }

    #[test]
    fn issue_identity_is_the_id_else_the_key_as_json() {
        let identity = |text: &str| {
            IssueText::decode(text.as_bytes())
                .expect("valid")
                .identity()
        };
        assert_eq!(identity(r#"{"key":"A-1"}"#).as_deref(), Some("\"A-1\""));
        assert_eq!(identity(r#"{"id":7,"key":"A-1"}"#).as_deref(), Some("7"));
        assert_eq!(identity(r#"{"fields":{"id":"1"}}"#), None);
        assert_eq!(identity(r#"["id"]"#), None);
        assert!(
            IssueText::decode(b"{\"id\":\"\xff\"}").is_err(),
            "not UTF-8"
        );
        assert!(IssueText::decode(br#"{"id":}"#).is_err(), "not JSON");
    }

    #[test]
    fn values_json_cannot_hold_are_refused() {
        let error = to_json(&Dynamic::from_float(FLOAT::NAN)).expect_err("NaN is not JSON");
        assert!(error.to_string().contains("NaN"), "{error}");
        let function = Dynamic::from(rhai::FnPtr::new("f").expect("a name"));
        assert!(to_json(&function).is_err());
    }
}
