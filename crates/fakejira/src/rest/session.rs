//! `/rest/auth/1/session` (GET: who is logged in; DELETE: log out → 204) and
//! `/rest/auth/1/websudo` (DELETE: drop administrator re-authentication → 204). Requests are
//! authenticated one by one here, so logging out ends nothing beyond the answer.

use axum::response::Response;
use serde_json::json;

use super::{Call, RestError, no_content, ok};
use crate::data::{jira_timestamp, unix_now};

pub(super) fn current(call: &Call<'_>) -> Result<Response, RestError> {
    let name = call.user_name();
    Ok(ok(&json!({
        "self": call.app.settings.link(&format!("/rest/api/latest/user?username={}", oauth1::percent_encode(name))),
        "name": name,
        "loginInfo": {
            "failedLoginCount": 0,
            "loginCount": 1,
            "previousLoginTime": jira_timestamp(unix_now()),
        },
    })))
}

pub(super) fn log_out(_call: &Call<'_>) -> Result<Response, RestError> {
    Ok(no_content())
}
