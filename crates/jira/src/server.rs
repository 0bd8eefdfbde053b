//! Which Jira the client talks to: its deployment type and version, as `serverInfo` tells them,
//! so that a method the server cannot answer is refused before anything is sent and the
//! version-aware methods pick the endpoint that server has.

use std::fmt;

use serde_json::Value;

use crate::client::Deployment;

/// A Jira version (`10.3.0`); Cloud's own numbers (`1001.0.0`) mean nothing to compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// The major version (`10` of `10.3.0`).
    pub major: u16,
    /// The minor version.
    pub minor: u16,
    /// The patch level.
    pub patch: u16,
}

impl Version {
    /// `major.minor.0`.
    pub const fn new(major: u16, minor: u16) -> Self {
        Self {
            major,
            minor,
            patch: 0,
        }
    }

    /// `10.3.24`, `9.12` or `8`; anything after the numbers (`-SNAPSHOT`) is ignored.
    pub fn parse(text: &str) -> Option<Self> {
        let mut numbers = text
            .split(|c: char| !c.is_ascii_digit())
            .take_while(|part| !part.is_empty())
            .map(str::parse::<u16>);
        let major = numbers.next()?.ok()?;
        let minor = numbers.next().and_then(Result::ok).unwrap_or(0);
        let patch = numbers.next().and_then(Result::ok).unwrap_or(0);
        Some(Self {
            major,
            minor,
            patch,
        })
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// The server, as far as the client knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Server {
    /// Server/Data Center or Cloud.
    pub deployment: Deployment,
    /// The Server/Data Center version; `None` on Cloud, or when it was declared rather than
    /// asked, or `serverInfo` did not say.
    pub version: Option<Version>,
}

impl Server {
    /// What `serverInfo` says: `deploymentType` (absent before Jira 7 and on some proxies:
    /// Server), `versionNumbers` or else `version`.
    pub fn from_server_info(info: &Value) -> Self {
        let deployment = match info.get("deploymentType").and_then(Value::as_str) {
            Some(kind) if kind.eq_ignore_ascii_case("cloud") => Deployment::Cloud,
            _ => Deployment::Server,
        };
        let version = match deployment {
            Deployment::Cloud => None,
            Deployment::Server => numbers(info).or_else(|| {
                info.get("version")
                    .and_then(Value::as_str)
                    .and_then(Version::parse)
            }),
        };
        Self {
            deployment,
            version,
        }
    }
}

fn numbers(info: &Value) -> Option<Version> {
    let numbers = info.get("versionNumbers")?.as_array()?;
    let number = |index: usize| {
        numbers
            .get(index)
            .and_then(Value::as_u64)
            .and_then(|number| u16::try_from(number).ok())
    };
    Some(Version {
        major: number(0)?,
        minor: number(1).unwrap_or(0),
        patch: number(2).unwrap_or(0),
    })
}

impl fmt::Display for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.deployment, self.version) {
            (Deployment::Cloud, _) => f.write_str("Jira Cloud"),
            (Deployment::Server, Some(version)) => write!(f, "Jira Data Center {version}"),
            (Deployment::Server, None) => f.write_str("Jira Server/Data Center"),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn server_info_gives_deployment_and_version() {
        let dc = Server::from_server_info(
            &json!({"version": "10.3.4", "versionNumbers": [10, 3, 4], "deploymentType": "Server"}),
        );
        assert_eq!(dc.deployment, Deployment::Server);
        assert_eq!(
            dc.version,
            Some(Version {
                major: 10,
                minor: 3,
                patch: 4
            })
        );
        assert_eq!(dc.to_string(), "Jira Data Center 10.3.4");
        let cloud = Server::from_server_info(
            &json!({"version": "1001.0.0-SNAPSHOT", "deploymentType": "Cloud"}),
        );
        assert_eq!((cloud.deployment, cloud.version), (Deployment::Cloud, None));
        let text_only = Server::from_server_info(&json!({"version": "9.12.2"}));
        assert_eq!(
            text_only.version,
            Some(Version::new(9, 12)).map(|v| Version { patch: 2, ..v })
        );
        assert_eq!(Server::from_server_info(&json!({})).version, None);
    }

    #[test]
    fn versions_parse_and_order() {
        assert_eq!(Version::parse("11"), Some(Version::new(11, 0)));
        assert_eq!(Version::parse("8.20.1-SNAPSHOT").map(|v| v.patch), Some(1));
        assert_eq!(Version::parse("x"), None);
        assert!(Version::new(9, 0) < Version::new(10, 3));
        assert!(Version::new(9, 12) > Version::new(9, 4));
    }
}
