//! JSON ↔ Rhai values: Jira's JSON becomes plain maps and arrays, and back. Written out by hand
//! rather than through serde: exporting thousands of issues converts every field of every one,
//! and a direct walk moves strings instead of re-serializing them.

use rhai::{Array, Dynamic, EvalAltResult, FLOAT, INT, ImmutableString, Map, Position};
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
    fn values_json_cannot_hold_are_refused() {
        let error = to_json(&Dynamic::from_float(FLOAT::NAN)).expect_err("NaN is not JSON");
        assert!(error.to_string().contains("NaN"), "{error}");
        let function = Dynamic::from(rhai::FnPtr::new("f").expect("a name"));
        assert!(to_json(&function).is_err());
    }
}
