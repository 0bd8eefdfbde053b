//! When a profile's credentials stop working, and the warning, once a day per profile, that
//! they soon will.
//!
//! What is known of an expiry, by kind of credentials:
//! - OAuth 1.0a: the access token's and the authorization's lifetimes, as the server announced
//!   them at login (`oauth_expires_in`, `oauth_authorization_expires_in`);
//! - OAuth 2.0: the refresh token lapses after 90 days unused, counted from the last renewal;
//! - a personal access token, an API token or a password: what the user recorded with
//!   `jshell profiles set NAME --expires DATE` (Cloud API tokens live a year at most).
//!
//! When each profile was last warned about is kept beside the configuration file
//! (`expiry-warnings.yaml`); losing that file costs one more warning, nothing else.

use std::collections::BTreeMap;
use std::path::PathBuf;

use jiff::{SignedDuration, Timestamp, civil::Date, tz::TimeZone};

use crate::config::{ConfigStore, Profile, ProfileAuth};

/// How far ahead an expiry is announced.
const WARN_WITHIN_DAYS: i64 = 14;
/// How long Atlassian's OAuth 2.0 refresh tokens last unused.
const REFRESH_TOKEN_IDLE_DAYS: i64 = 90;
const STATE_FILE: &str = "expiry-warnings.yaml";

/// The first moment a profile's credentials stop working, and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expiry {
    /// What expires, e.g. "the personal access token".
    pub what: &'static str,
    pub at: Timestamp,
    /// What to do, as a command.
    pub advice: String,
}

impl Expiry {
    /// The date it happens, in this machine's time zone.
    pub fn date(&self) -> Date {
        self.at.to_zoned_datetime(TimeZone::system()).date()
    }
}

/// The soonest known expiry of `profile` (saved as `name`), if any is known.
pub fn of(name: &str, profile: &Profile) -> Option<Expiry> {
    let recorded = profile.expires.as_deref().and_then(|text| {
        let date: Date = text.parse().ok()?;
        let at = date.to_zoned_datetime(TimeZone::system()).ok()?.timestamp();
        Some(Expiry {
            what: recorded_what(&profile.auth),
            at,
            advice: format!(
                "make a new one, log in with it, then `jshell profiles set {name} --expires DATE`"
            ),
        })
    });
    [recorded, of_tokens(name, &profile.auth)]
        .into_iter()
        .flatten()
        .min_by_key(|expiry| expiry.at)
}

fn recorded_what(auth: &ProfileAuth) -> &'static str {
    match auth {
        ProfileAuth::Pat { .. } => "the personal access token",
        ProfileAuth::ApiToken(_) => "the API token",
        ProfileAuth::Basic { .. } => "the password",
        _ => "the credentials",
    }
}

/// What the tokens themselves tell of their expiry.
fn of_tokens(name: &str, auth: &ProfileAuth) -> Option<Expiry> {
    let relogin = format!("jshell login --profile {name}");
    match auth {
        ProfileAuth::Oauth {
            expires_at,
            authorization_expires_at,
            ..
        } => [expires_at, authorization_expires_at]
            .into_iter()
            .flatten()
            .filter_map(|text| text.parse::<Timestamp>().ok())
            .min()
            .map(|at| Expiry {
                what: "the OAuth access token",
                at,
                advice: relogin,
            }),
        ProfileAuth::Oauth2(oauth2) => {
            let expires_at: Timestamp = oauth2.expires_at.as_deref()?.parse().ok()?;
            let lifetime = SignedDuration::from_secs(i64::try_from(oauth2.lifetime_seconds?).ok()?);
            let renewed = expires_at.checked_sub(lifetime).ok()?;
            let idle = SignedDuration::from_hours(24 * REFRESH_TOKEN_IDLE_DAYS);
            Some(Expiry {
                what: "the OAuth 2.0 refresh token (unused for 90 days)",
                at: renewed.checked_add(idle).ok()?,
                advice: format!("use the profile once (any run renews it) or `{relogin} --oauth2`"),
            })
        }
        _ => None,
    }
}

/// Calendar days from `today` to `day` (negative once it has passed).
pub fn days_left(day: Date, today: Date) -> i64 {
    day.duration_since(today).as_hours().div_euclid(24)
}

/// The one-line warning for an expiry `days` away.
pub fn warning(name: &str, expiry: &Expiry, days: i64) -> String {
    let when = match days {
        ..0 => format!("expired on {}", expiry.date()),
        0 => format!("expires today ({})", expiry.date()),
        1 => format!("expires tomorrow ({})", expiry.date()),
        days => format!("expires in {days} days ({})", expiry.date()),
    };
    format!(
        "warning: {} of profile `{name}` {when}: {}",
        expiry.what, expiry.advice
    )
}

/// Prints the warning for `profile` when its credentials expire within 14 days and it was not
/// printed today. Nothing here may stop a run: an unreadable or unwritable record only means
/// the warning may come again.
pub fn warn_once_a_day(store: &ConfigStore, name: &str, profile: &Profile) {
    let Some(expiry) = of(name, profile) else {
        return;
    };
    let today = Timestamp::now()
        .to_zoned_datetime(TimeZone::system())
        .date();
    let days = days_left(expiry.date(), today);
    if days > WARN_WITHIN_DAYS {
        return;
    }
    let today = today.to_string();
    let path = state_path(store);
    let mut warned = read_state(&path);
    if warned.get(name) == Some(&today) {
        return;
    }
    eprintln!("{}", warning(name, &expiry, days));
    warned.insert(name.to_owned(), today);
    if let Ok(yaml) = serde_norway::to_string(&warned) {
        // A lost record costs one more warning; it is no reason to fail the run.
        let _ = write_state(&path, &yaml);
    }
}

fn state_path(store: &ConfigStore) -> PathBuf {
    store.path().with_file_name(STATE_FILE)
}

fn read_state(path: &std::path::Path) -> BTreeMap<String, String> {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| serde_norway::from_str(&text).ok())
        .unwrap_or_default()
}

fn write_state(path: &std::path::Path, yaml: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or_else(|| std::path::Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut temp, yaml.as_bytes())?;
    temp.persist(path).map_err(|error| error.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().expect("a timestamp")
    }

    fn day(text: &str) -> Date {
        text.parse().expect("a date")
    }

    #[test]
    fn days_left_counts_calendar_days_and_goes_negative_once_past() {
        assert_eq!(days_left(day("2030-01-06"), day("2030-01-01")), 5);
        assert_eq!(days_left(day("2030-03-01"), day("2030-02-28")), 1);
        assert_eq!(days_left(day("2029-12-31"), day("2030-01-01")), -1);
    }

    fn profile(auth: ProfileAuth, expires: Option<&str>) -> Profile {
        Profile {
            expires: expires.map(str::to_owned),
            ..Profile::new("https://jira.example.com", auth)
        }
    }

    #[test]
    fn a_recorded_date_is_the_expiry_of_a_token_the_server_says_nothing_of() {
        let pat = ProfileAuth::Pat {
            token: "t".to_owned(),
        };
        let expiry = of("work", &profile(pat.clone(), Some("2030-01-06"))).expect("recorded");
        assert_eq!(expiry.what, "the personal access token");
        assert_eq!(expiry.date(), day("2030-01-06"));
        assert!(
            expiry
                .advice
                .contains("jshell profiles set work --expires DATE")
        );
        assert_eq!(of("work", &profile(pat, None)), None);
    }

    #[test]
    fn oauth1_expires_with_the_sooner_of_its_token_and_its_authorization() {
        let auth = ProfileAuth::Oauth {
            consumer_key: "k".to_owned(),
            key_cert: "rsa.pem".into(),
            access_token: "a".to_owned(),
            access_token_secret: "s".to_owned(),
            session_handle: None,
            expires_at: Some("2031-01-01T00:00:00Z".to_owned()),
            authorization_expires_at: Some("2030-06-01T00:00:00Z".to_owned()),
        };
        let expiry = of("dc", &profile(auth, None)).expect("announced");
        assert_eq!(expiry.at, at("2030-06-01T00:00:00Z"));
        assert!(expiry.advice.contains("jshell login --profile dc"));
    }

    #[test]
    fn an_oauth2_refresh_token_lapses_90_days_after_the_last_renewal() {
        let auth = ProfileAuth::Oauth2(crate::config::OAuth2Profile {
            flavor: crate::config::OAuth2Flavor::DataCenter,
            client_id: "c".to_owned(),
            client_secret: "s".to_owned(),
            redirect_uri: "http://127.0.0.1:8765/callback".to_owned(),
            scope: "WRITE".to_owned(),
            access_token: "a".to_owned(),
            refresh_token: Some("r".to_owned()),
            expires_at: Some("2030-01-01T01:00:00Z".to_owned()),
            lifetime_seconds: Some(3600),
            cloud_id: None,
            auth_url: None,
            api_url: None,
        });
        let expiry = of("dc", &profile(auth, Some("2030-12-31"))).expect("derived");
        assert_eq!(expiry.at, at("2030-04-01T00:00:00Z"));
        assert!(expiry.what.contains("refresh token"));
    }

    #[test]
    fn the_warning_says_what_when_and_what_to_do() {
        let expiry = Expiry {
            what: "the personal access token",
            at: at("2030-01-06T12:00:00Z"),
            advice: "do this".to_owned(),
        };
        let line = warning("work", &expiry, 5);
        assert!(line.starts_with(
            "warning: the personal access token of profile `work` expires in 5 days ("
        ));
        assert!(line.ends_with("): do this"), "{line}");
        assert!(warning("work", &expiry, -2).contains("expired on"));
    }
}
