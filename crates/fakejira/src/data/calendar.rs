//! Jira's timestamps, by hand: the proleptic Gregorian calendar of Howard Hinnant's algorithms
//! rather than a date crate, since the simulator needs only UTC instants written and read back.

/// Seconds since the Unix epoch.
pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

/// A timestamp as Jira writes it: `2024-06-01T12:00:00.000+0000`.
pub(crate) fn jira_timestamp(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let seconds_of_day = unix_seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000+0000",
        seconds_of_day / 3600,
        seconds_of_day % 3600 / 60,
        seconds_of_day % 60
    )
}

/// Reads `2024-06-01T12:00:00.000+0000` (also without milliseconds, with `Z`, or with a
/// `+02:00` offset) as seconds since the Unix epoch.
pub(crate) fn parse_jira_timestamp(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, time) = text.split_once('T')?;
    let mut date_parts = date.splitn(3, '-').map(str::parse::<i64>);
    let (year, month, day) = (
        date_parts.next()?.ok()?,
        date_parts.next()?.ok()?,
        date_parts.next()?.ok()?,
    );
    let offset_at = time.find(['+', '-', 'Z']).unwrap_or(time.len());
    let (clock, offset) = time.split_at(offset_at);
    let clock = clock.split('.').next()?;
    let mut clock_parts = clock.splitn(3, ':').map(str::parse::<i64>);
    let hour = clock_parts.next()?.ok()?;
    let minute = clock_parts.next()?.ok()?;
    let second = clock_parts.next().map_or(Some(0), Result::ok)?;
    let offset_seconds = match offset {
        "" | "Z" => 0,
        signed => {
            let sign = if signed.starts_with('-') { -1 } else { 1 };
            let digits: String = signed[1..].chars().filter(char::is_ascii_digit).collect();
            if digits.len() != 4 {
                return None;
            }
            let hours: i64 = digits[..2].parse().ok()?;
            let minutes: i64 = digits[2..].parse().ok()?;
            sign * (hours * 3600 + minutes * 60)
        }
    };
    let valid = (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && (0..24).contains(&hour)
        && (0..60).contains(&minute)
        && (0..61).contains(&second);
    valid.then(|| {
        days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
            - offset_seconds
    })
}

/// Howard Hinnant's `days_from_civil`: the day count since 1970-01-01 of a Gregorian date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let shifted_month = (month + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Howard Hinnant's `civil_from_days`: the proleptic Gregorian date of a day count since
/// 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::generator::BASE_TIME;

    #[test]
    fn timestamps_are_jira_shaped() {
        assert_eq!(jira_timestamp(BASE_TIME), "2024-06-01T12:00:00.000+0000");
        assert_eq!(jira_timestamp(0), "1970-01-01T00:00:00.000+0000");
        assert_eq!(jira_timestamp(951_782_400), "2000-02-29T00:00:00.000+0000");
    }

    #[test]
    fn timestamps_read_back() {
        for seconds in [0, BASE_TIME, 951_782_400, 1_234_567_890] {
            assert_eq!(
                parse_jira_timestamp(&jira_timestamp(seconds)),
                Some(seconds)
            );
        }
        assert_eq!(
            parse_jira_timestamp("2024-06-01T14:00:00.000+0200"),
            Some(BASE_TIME)
        );
        assert_eq!(
            parse_jira_timestamp("2024-06-01T12:00:00Z"),
            Some(BASE_TIME)
        );
        assert_eq!(
            parse_jira_timestamp("2024-06-01T11:30:00-00:30"),
            Some(BASE_TIME)
        );
        assert_eq!(parse_jira_timestamp("yesterday"), None);
        assert_eq!(parse_jira_timestamp("2024-13-01T00:00:00.000+0000"), None);
    }
}
