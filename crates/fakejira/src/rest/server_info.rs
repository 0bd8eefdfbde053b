//! `GET /serverInfo`: version and base URL, answered to anonymous callers too.

use axum::response::Response;
use serde_json::json;

use super::{Call, RestError, ok};
use crate::config::DeploymentType;
use crate::data::{jira_timestamp, unix_now};

/// The Jira Data Center release the simulator claims to be.
const SERVER_VERSION: (&str, [u32; 3], u64) = ("9.12.2", [9, 12, 2], 9_120_002);
/// What Jira Cloud reports: a rolling version.
const CLOUD_VERSION: (&str, [u32; 3], u64) = ("1001.0.0-SNAPSHOT", [1001, 0, 0], 100_256);

pub(super) fn get(call: &Call<'_>) -> Result<Response, RestError> {
    let settings = &call.app.settings;
    let (deployment, (version, numbers, build)) = match settings.deployment_type {
        DeploymentType::Server => ("Server", SERVER_VERSION),
        DeploymentType::Cloud => ("Cloud", CLOUD_VERSION),
    };
    Ok(ok(&json!({
        "baseUrl": settings.base_url,
        "version": version,
        "versionNumbers": numbers,
        "deploymentType": deployment,
        "buildNumber": build,
        "buildDate": "2024-01-17T00:00:00.000+0000",
        "serverTime": jira_timestamp(unix_now()),
        "scmInfo": "fakejira",
        "serverTitle": "Jira",
    })))
}
