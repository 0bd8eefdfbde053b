//! `time::now()`, `time::parse(text)`, `time::format(seconds)`, `time::format(seconds, pattern)`:
//! instants as Unix seconds, read from and written as ISO 8601 (Jira's
//! `2024-05-01T10:00:00.000+0000` included).

use rhai::{Engine, EvalAltResult, INT, Module, Scope};

use super::script_error;
use crate::host::Plugin;

pub struct TimePlugin;

impl Plugin for TimePlugin {
    fn name(&self) -> &'static str {
        "time"
    }

    fn summary(&self) -> &'static str {
        "time::now(), time::parse(iso_text), time::format(seconds), time::format(seconds, strftime_pattern)"
    }

    fn register(&self, engine: &mut Engine, _scope: &mut Scope<'static>) {
        let mut module = Module::new();
        module.set_native_fn("now", || Ok(jiff::Timestamp::now().as_second() as INT));
        module.set_native_fn("parse", |text: &str| {
            parse(text).map(|t| t.as_second() as INT)
        });
        module.set_native_fn("format", |seconds: INT| Ok(timestamp(seconds)?.to_string()));
        module.set_native_fn("format", |seconds: INT, pattern: &str| {
            let zoned = timestamp(seconds)?.to_zoned_datetime(jiff::tz::TimeZone::UTC);
            jiff::fmt::strtime::format(pattern, &zoned)
                .map_err(|error| script_error(format!("time::format: {error}")))
        });
        engine.register_static_module(self.name(), module.into());
    }
}

fn timestamp(seconds: INT) -> Result<jiff::Timestamp, Box<EvalAltResult>> {
    jiff::Timestamp::from_second(seconds)
        .map_err(|error| script_error(format!("time: {seconds} is out of range: {error}")))
}

fn parse(text: &str) -> Result<jiff::Timestamp, Box<EvalAltResult>> {
    let text = text.trim();
    if let Ok(timestamp) = text.parse::<jiff::Timestamp>() {
        return Ok(timestamp);
    }
    for pattern in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M:%S%z"] {
        if let Ok(timestamp) = jiff::Timestamp::strptime(pattern, text) {
            return Ok(timestamp);
        }
    }
    if let Ok(date) = text.parse::<jiff::civil::Date>() {
        return date
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .map(|zoned| zoned.timestamp())
            .map_err(|error| script_error(format!("time::parse: {error}")));
    }
    Err(script_error(format!(
        "time::parse: `{text}` is not an ISO 8601 date or time (e.g. 2024-05-01, \
         2024-05-01T10:00:00Z or Jira's 2024-05-01T10:00:00.000+0000)"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jira_and_rfc3339_and_plain_dates_parse() {
        let expected = 1_714_557_600;
        for text in [
            "2024-05-01T10:00:00.000+0000",
            "2024-05-01T10:00:00Z",
            "2024-05-01T12:00:00+02:00",
        ] {
            assert_eq!(parse(text).expect(text).as_second(), expected, "{text}");
        }
        assert_eq!(
            parse("2024-05-01").expect("a date").as_second(),
            1_714_521_600
        );
        assert!(parse("yesterday").is_err());
    }
}
