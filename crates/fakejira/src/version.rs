//! Which Jira Data Center release the simulator is: [`JiraVersion`], what `serverInfo` reports
//! and what decides which REST routes exist (see [`crate::Deployments`]) and whether Basic
//! authentication is on by default.

use std::fmt;
use std::str::FromStr;

/// A Jira Data Center release, `major.minor.patch`, as `serverInfo.versionNumbers` gives it.
///
/// ```
/// let version: fakejira::JiraVersion = "9.12.2".parse().expect("a version");
/// assert_eq!(version, fakejira::JiraVersion::new(9, 12, 2));
/// assert!(version < fakejira::JiraVersion::DEFAULT);
/// assert_eq!(version.build_number(), 912_002);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JiraVersion {
    /// The platform release: 8, 9, 10 or 11.
    pub major: u16,
    /// The feature release within it (`10.3` is the Long Term Support release of 10).
    pub minor: u16,
    /// The bug-fix release.
    pub patch: u16,
}

impl JiraVersion {
    /// Data Center 10.3, the Long Term Support release: what the simulator is unless told.
    pub const DEFAULT: Self = Self::new(10, 3, 12);
    /// One release of each line the simulator models, oldest first: 8.20 (the last 8.x Long
    /// Term Support release), 9.12, 10.3 and 11.3.
    pub const MODELLED: [Self; 4] = [
        Self::new(8, 20, 30),
        Self::new(9, 12, 2),
        Self::DEFAULT,
        Self::new(11, 3, 0),
    ];
    /// The oldest and newest major releases the simulator models.
    const MAJORS: std::ops::RangeInclusive<u16> = 8..=11;

    /// `major.minor.patch`.
    pub const fn new(major: u16, minor: u16, patch: u16) -> Self {
        Self {
            major,
            minor,
            patch,
        }
    }

    /// The `buildNumber` Jira reports for it: `major·100000 + minor·1000 + patch`, the scheme
    /// of Jira's own build numbers (8.20.30 is 820030).
    pub fn build_number(self) -> u64 {
        u64::from(self.major) * 100_000 + u64::from(self.minor) * 1000 + u64::from(self.patch)
    }

    /// Whether Basic authentication with a password is on unless configured: Data Center 11
    /// turns it off by default; earlier releases leave it on.
    pub fn basic_auth_by_default(self) -> bool {
        self.major < 11
    }
}

impl Default for JiraVersion {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl fmt::Display for JiraVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// Why a text is not a Jira version the simulator models.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionError(String);

impl fmt::Display for VersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for VersionError {}

impl FromStr for JiraVersion {
    type Err = VersionError;

    /// `8.20.30`, `9.12`, `10.3.12`, `11`: missing parts are 0.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || {
            VersionError(format!(
                "'{text}' is not a Jira Data Center version: give major.minor.patch from 8.x to \
                 11.x, e.g. 8.20.30, 9.12.2, 10.3.12 or 11.3.0"
            ))
        };
        let mut parts = text.trim().split('.').map(|part| part.parse::<u16>());
        let major = parts.next().and_then(Result::ok).ok_or_else(invalid)?;
        let minor = parts.next().unwrap_or(Ok(0)).map_err(|_| invalid())?;
        let patch = parts.next().unwrap_or(Ok(0)).map_err(|_| invalid())?;
        if parts.next().is_some() || !Self::MAJORS.contains(&major) {
            return Err(invalid());
        }
        Ok(Self::new(major, minor, patch))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_with_missing_parts_as_zero() {
        assert_eq!("11".parse(), Ok(JiraVersion::new(11, 0, 0)));
        assert_eq!("9.12".parse(), Ok(JiraVersion::new(9, 12, 0)));
        assert_eq!(" 10.3.12 ".parse(), Ok(JiraVersion::DEFAULT));
        for bad in ["", "7.13.0", "12.0", "10.x", "10.3.1.2", "-9"] {
            let error = bad.parse::<JiraVersion>().expect_err(bad);
            assert!(error.to_string().contains("8.20.30"), "{error}");
        }
    }

    #[test]
    fn versions_order_and_number_builds_as_jira_does() {
        let [eight, nine, ten, eleven] = JiraVersion::MODELLED;
        assert!(eight < nine && nine < ten && ten < eleven);
        assert_eq!(eight.build_number(), 820_030);
        assert_eq!(ten.build_number(), 1_003_012);
        assert_eq!(eleven.to_string(), "11.3.0");
        assert!(ten.basic_auth_by_default() && !eleven.basic_auth_by_default());
    }
}
