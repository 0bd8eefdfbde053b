//! JSON ↔ Rhai values: Jira's JSON becomes plain maps and arrays, and back.

use rhai::{Dynamic, EvalAltResult, Position};
use serde_json::Value;

pub fn to_rhai(value: &Value) -> Dynamic {
    rhai::serde::to_dynamic(value).unwrap_or(Dynamic::UNIT)
}

pub fn to_json(value: &Dynamic) -> Result<Value, Box<EvalAltResult>> {
    rhai::serde::from_dynamic::<Value>(value).map_err(|error| {
        Box::new(EvalAltResult::ErrorRuntime(
            format!("cannot turn this {} into JSON: {error}", value.type_name()).into(),
            Position::NONE,
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jira_json_survives_a_round_trip() {
        let json = serde_json::json!({
            "key": "ABC-1",
            "fields": { "labels": ["a", "b"], "votes": 3, "ratio": 0.5, "resolution": null, "flag": true }
        });
        let rhai = to_rhai(&json);
        assert!(rhai.is_map());
        assert_eq!(to_json(&rhai).expect("converts back"), json);
    }
}
