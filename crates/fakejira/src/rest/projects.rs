//! `GET /project` and `GET /project/{idOrKey}`.

use axum::response::Response;
use serde_json::Value;

use super::render::{project_detail_json, project_json};
use super::{Call, RestError, ok};

pub(super) fn list(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let projects: Vec<Value> = state
        .catalog
        .projects
        .iter()
        .map(|project| project_json(&call.app.settings, project))
        .collect();
    Ok(ok(&Value::Array(projects)))
}

pub(super) fn get(call: &Call<'_>) -> Result<Response, RestError> {
    let key = call.segment(1);
    let state = call.app.lock();
    let project = state.catalog.project(key).ok_or_else(|| {
        RestError::not_found(format!("No project could be found with key '{key}'."))
    })?;
    Ok(ok(&project_detail_json(
        &call.app.settings,
        &state.catalog,
        project,
    )))
}
