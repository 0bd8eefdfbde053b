//! JSON ↔ Rhai values: Jira's JSON becomes plain maps and arrays, and back. Written out by hand
//! rather than through rhai's serde support: exporting thousands of issues converts every field
//! of every one. A search's issues are [`Issue`]s, kept as the server's text until a script
//! looks inside ([`text_into_rhai`] then builds the map without a `Value` in between), and
//! written back out as that text by [`to_json_text`].

use std::collections::BTreeMap;
use std::fmt;

use rhai::{Array, Dynamic, EvalAltResult, FLOAT, INT, ImmutableString, Map, Position};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};

use crate::host::issue::{Contents, Issue};

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

/// JSON text straight to a Rhai value, each field allocated once (no `Value` in between).
pub fn text_into_rhai(text: &str) -> Result<Dynamic, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = Json.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
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
        return map_to_json(&fields);
    }
    if let Some(issue) = value.read_lock::<Issue>() {
        return issue.to_json();
    }
    Err(not_json(
        value,
        "only maps, arrays, strings, numbers, booleans and () are",
    ))
}

pub fn map_to_json(fields: &Map) -> Result<Value, Box<EvalAltResult>> {
    fields
        .iter()
        .map(|(name, value)| Ok((name.to_string(), to_json(value)?)))
        .collect::<Result<serde_json::Map<_, _>, _>>()
        .map(Value::Object)
}

/// Whether `value` prints as a JSON object: a map or an issue.
pub fn is_object(value: &Dynamic) -> bool {
    value.is_map() || value.is::<Issue>()
}

/// `value` as compact JSON, written without building a JSON tree; an issue the script has not
/// changed is written as the server sent it. Other values are written as rhai's serde support
/// writes them (a NaN is `null`).
pub fn to_json_text(value: &Dynamic) -> Result<String, serde_json::Error> {
    let mut out = String::new();
    write_json(value, &mut out)?;
    Ok(out)
}

/// An issue as compact JSON: its text while unchanged, else its map.
pub fn issue_json_text(issue: &Issue) -> Result<String, serde_json::Error> {
    let mut out = String::new();
    write_issue(issue, &mut out)?;
    Ok(out)
}

fn write_issue(issue: &Issue, out: &mut String) -> Result<(), serde_json::Error> {
    match issue.contents() {
        Contents::Text(text) => {
            out.push_str(text);
            Ok(())
        }
        Contents::Map(fields) => write_map(fields, out),
    }
}

fn write_json(value: &Dynamic, out: &mut String) -> Result<(), serde_json::Error> {
    if let Some(issue) = value.read_lock::<Issue>() {
        return write_issue(&issue, out);
    }
    if let Some(fields) = value.read_lock::<Map>() {
        return write_map(&fields, out);
    }
    if let Some(items) = value.read_lock::<Array>() {
        out.push('[');
        for (index, item) in items.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            write_json(item, out)?;
        }
        out.push(']');
        return Ok(());
    }
    out.push_str(&serde_json::to_string(value)?);
    Ok(())
}

fn write_map(fields: &Map, out: &mut String) -> Result<(), serde_json::Error> {
    out.push('{');
    for (index, (name, field)) in fields.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(name.as_str())?);
        out.push(':');
        write_json(field, out)?;
    }
    out.push('}');
    Ok(())
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
    fn values_json_cannot_hold_are_refused() {
        let error = to_json(&Dynamic::from_float(FLOAT::NAN)).expect_err("NaN is not JSON");
        assert!(error.to_string().contains("NaN"), "{error}");
        let function = Dynamic::from(rhai::FnPtr::new("f").expect("a name"));
        assert!(to_json(&function).is_err());
    }
}
