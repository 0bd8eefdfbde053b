//! `GET /serverInfo`: version and base URL, answered to anonymous callers too. A Data Center
//! simulator reports the release it was started as ([`crate::Builder::jira_version`]).

use axum::response::Response;
use serde_json::json;

use super::{Call, RestError, ok};
use crate::config::DeploymentType;
use crate::data::{jira_timestamp, unix_now};

/// What Jira Cloud reports: a rolling version.
const CLOUD_VERSION: (&str, [u16; 3], u64) = ("1001.0.0-SNAPSHOT", [1001, 0, 0], 100_256);

pub(super) fn get(call: &Call<'_>) -> Result<Response, RestError> {
    let settings = &call.app.settings;
    let release = settings.jira_version;
    let (deployment, version, numbers, build) = match settings.deployment_type {
        DeploymentType::Server => (
            "Server",
            release.to_string(),
            [release.major, release.minor, release.patch],
            release.build_number(),
        ),
        DeploymentType::Cloud => {
            let (version, numbers, build) = CLOUD_VERSION;
            ("Cloud", version.to_owned(), numbers, build)
        }
    };
    Ok(ok(&json!({
        "baseUrl": settings.base_url,
        "version": version,
        "versionNumbers": numbers,
        "deploymentType": deployment,
        "buildNumber": build,
        "buildDate": build_date(settings.deployment_type, release.major),
        "serverTime": jira_timestamp(unix_now()),
        "scmInfo": "fakejira",
        "serverTitle": "Jira",
    })))
}

/// A build date within the release line's life, so that a client reading it sees nothing odd:
/// 8.20 and 9.12 were patched into 2024, 10.3 into 2025, 11.3 came out at the end of 2025.
fn build_date(deployment: DeploymentType, major: u16) -> &'static str {
    match (deployment, major) {
        (DeploymentType::Cloud, _) => "2025-12-01T00:00:00.000+0000",
        (_, ..=9) => "2024-01-17T00:00:00.000+0000",
        (_, 10) => "2025-06-02T00:00:00.000+0000",
        _ => "2025-12-08T00:00:00.000+0000",
    }
}
