//! `GET /rest/applinks/latest/listApplicationlinks` (administrators): the application links,
//! one per OAuth consumer registered with the simulator, in Jira's `{"list": […]}` shape.

use axum::response::Response;
use serde_json::{Value, json};

use super::{Call, RestError, ok};

pub(super) fn list(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let mut keys: Vec<&String> = state.consumers.keys().collect();
    keys.sort();
    let links: Vec<Value> = keys
        .iter()
        .enumerate()
        .map(|(index, key)| {
            json!({
                "application": {
                    "id": format!("00000000-0000-0000-0000-{:012}", index + 1),
                    "name": key,
                    "typeId": "generic",
                    "displayUrl": "http://localhost",
                    "rpcUrl": "http://localhost",
                    "isPrimary": index == 0,
                    "isSystem": false,
                },
                "entityLinks": [],
            })
        })
        .collect();
    Ok(ok(&json!({ "list": links })))
}
