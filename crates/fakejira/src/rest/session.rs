//! `/rest/auth/1/session` (GET: who is logged in; DELETE: log out → 204) and
//! `/rest/auth/1/websudo` (DELETE: drop administrator re-authentication → 204). Requests are
//! authenticated one by one here, so logging out ends nothing beyond the answer.
//!
//! With basic authentication off (Data Center 11's default) the session resource, cookie-based
//! authentication's entry, is refused too, as Jira 11 does. Its exact answer was not found; the
//! simulator sends 403 with Jira's `errorMessages` saying what to use instead.

use axum::response::Response;
use serde_json::json;

use super::{Call, RestError, no_content, ok};
use crate::data::{jira_timestamp, unix_now};

/// The refusal of the session resource when basic authentication is off.
pub(crate) const SESSION_DISABLED: &str = "Cookie-based authentication through /rest/auth/1/session is \
     disabled with basic authentication on this instance: authenticate each request with a \
     personal access token (Authorization: Bearer) or OAuth instead.";

fn refuse_without_basic_auth(call: &Call<'_>) -> Result<(), RestError> {
    if call.app.settings.basic_auth {
        Ok(())
    } else {
        Err(RestError::forbidden(SESSION_DISABLED))
    }
}

pub(super) fn current(call: &Call<'_>) -> Result<Response, RestError> {
    refuse_without_basic_auth(call)?;
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

pub(super) fn log_out(call: &Call<'_>) -> Result<Response, RestError> {
    refuse_without_basic_auth(call)?;
    Ok(no_content())
}

/// `DELETE websudo`, which basic authentication being off does not touch.
pub(super) fn drop_websudo(_call: &Call<'_>) -> Result<Response, RestError> {
    Ok(no_content())
}
