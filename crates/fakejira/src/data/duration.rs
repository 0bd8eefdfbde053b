//! Jira's durations: `1w 2d 3h 30m`, with Jira's default 8-hour days and 5-day weeks.

const MINUTE: i64 = 60;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 8 * HOUR;
const WEEK: i64 = 5 * DAY;

/// Seconds from `1h 30m`, `2d`, `1w 4h` or a bare number of minutes; `None` when unreadable.
pub(crate) fn parse(text: &str) -> Option<i64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(minutes) = text.parse::<i64>() {
        return (minutes >= 0).then_some(minutes * MINUTE);
    }
    let mut total: i64 = 0;
    for part in text.split_whitespace() {
        let unit = part.chars().last()?;
        let number: f64 = part[..part.len() - unit.len_utf8()].parse().ok()?;
        let scale = match unit.to_ascii_lowercase() {
            'w' => WEEK,
            'd' => DAY,
            'h' => HOUR,
            'm' => MINUTE,
            _ => return None,
        };
        if number.is_nan() || number < 0.0 {
            return None;
        }
        total = total.checked_add((number * scale as f64).round() as i64)?;
    }
    Some(total)
}

/// `5400` → `1h 30m`; zero is `0m`.
pub(crate) fn format(seconds: i64) -> String {
    let mut rest = seconds.max(0);
    let mut parts = Vec::new();
    for (scale, unit) in [(WEEK, 'w'), (DAY, 'd'), (HOUR, 'h'), (MINUTE, 'm')] {
        let count = rest / scale;
        rest %= scale;
        if count > 0 {
            parts.push(format!("{count}{unit}"));
        }
    }
    if parts.is_empty() {
        "0m".to_owned()
    } else {
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_and_print_like_jira() {
        assert_eq!(parse("1h 30m"), Some(5400));
        assert_eq!(parse("2d"), Some(2 * 8 * 3600));
        assert_eq!(parse("1w"), Some(5 * 8 * 3600));
        assert_eq!(parse("90"), Some(5400));
        assert_eq!(parse("1.5h"), Some(5400));
        assert_eq!(parse("soon"), None);
        assert_eq!(parse(""), None);
        assert_eq!(parse("-3h"), None);
        assert_eq!(format(5400), "1h 30m");
        assert_eq!(format(WEEK + DAY + 60), "1w 1d 1m");
        assert_eq!(format(0), "0m");
    }
}
