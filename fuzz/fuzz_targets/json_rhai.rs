//! JSON ↔ Rhai, both ways jshell has done it:
//! - jshell's own conversion, `crates/jshell/src/host/convert.rs` (`into_rhai` / `to_json`),
//!   compiled into this target from its source file (jshell has no library target to link);
//! - rhai's serde bridge, `rhai::serde::to_dynamic` / `from_dynamic::<serde_json::Value>`.
//!
//! Values without an integer/float ambiguity (integers that fit an i64, finite floats) come back
//! equal through either; any JSON text converts without a panic.

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

#[allow(dead_code, reason = "only the conversions are fuzzed")]
#[path = "../../crates/jshell/src/host/convert.rs"]
mod convert;

/// A JSON value built from the fuzzer's bytes, nested at most `MAX_DEPTH` deep.
#[derive(Debug)]
struct Json(Value);

const MAX_DEPTH: usize = 8;

impl<'a> Arbitrary<'a> for Json {
    fn arbitrary(input: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        value(input, 0).map(Json)
    }
}

fn value(input: &mut Unstructured<'_>, depth: usize) -> arbitrary::Result<Value> {
    let kinds = if depth >= MAX_DEPTH { 5 } else { 7 };
    Ok(match input.int_in_range(0..=kinds - 1)? {
        0 => Value::Null,
        1 => Value::Bool(input.arbitrary()?),
        2 => Value::from(input.arbitrary::<i64>()?),
        3 => {
            let float: f64 = input.arbitrary()?;
            serde_json::Number::from_f64(float).map_or(Value::Null, Value::Number)
        }
        4 => Value::String(input.arbitrary()?),
        5 => {
            let len = input.int_in_range(0..=8)?;
            let mut items = Vec::with_capacity(len);
            for _ in 0..len {
                items.push(value(input, depth + 1)?);
            }
            Value::Array(items)
        }
        _ => {
            let len = input.int_in_range(0..=8)?;
            let mut map = serde_json::Map::new();
            for _ in 0..len {
                let key: String = input.arbitrary()?;
                map.insert(key, value(input, depth + 1)?);
            }
            Value::Object(map)
        }
    })
}

#[derive(Arbitrary, Debug)]
enum Input<'a> {
    Structured(Json),
    Text(&'a [u8]),
}

fuzz_target!(|input: Input<'_>| match input {
    Input::Structured(Json(json)) => {
        let back = convert::to_json(&convert::into_rhai(json.clone()))
            .expect("jshell converts every JSON value back");
        assert_eq!(back, json, "through jshell's conversion");

        let rhai = rhai::serde::to_dynamic(&json).expect("every JSON value converts to Rhai");
        let back: Value = rhai::serde::from_dynamic(&rhai).expect("and back to JSON");
        assert_eq!(back, json, "through rhai::serde as {rhai:?}");
    }
    Input::Text(text) => {
        let Ok(json) = serde_json::from_slice::<Value>(text) else {
            return;
        };
        let exact = !has_ambiguous_numbers(&json);

        let back = convert::to_json(&convert::into_rhai(json.clone()));
        if exact {
            assert_eq!(
                back.ok().as_ref(),
                Some(&json),
                "through jshell's conversion"
            );
        }

        let Ok(rhai) = rhai::serde::to_dynamic(&json) else {
            return;
        };
        let back: Result<Value, _> = rhai::serde::from_dynamic(&rhai);
        if exact {
            assert_eq!(
                back.ok().as_ref(),
                Some(&json),
                "through rhai::serde as {rhai:?}"
            );
        }
    }
});

/// Integers beyond i64 have no exact Rhai form.
fn has_ambiguous_numbers(json: &Value) -> bool {
    match json {
        Value::Number(number) => number.is_u64() && number.as_i64().is_none(),
        Value::Array(items) => items.iter().any(has_ambiguous_numbers),
        Value::Object(map) => map.values().any(has_ambiguous_numbers),
        _ => false,
    }
}
