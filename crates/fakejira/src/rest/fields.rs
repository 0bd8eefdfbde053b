//! `GET /field`: the system fields issues have, then the custom fields.

use axum::response::Response;
use serde_json::{Value, json};

use super::issue_json::ISSUE_FIELDS;
use super::{Call, RestError, ok};
use crate::data::custom_fields::CUSTOM_FIELDS;

pub(super) fn list(_call: &Call<'_>) -> Result<Response, RestError> {
    let mut fields: Vec<Value> = ISSUE_FIELDS
        .iter()
        .map(|(id, name, kind)| {
            json!({
                "id": id,
                "name": name,
                "custom": false,
                "orderable": !matches!(*id, "created" | "updated" | "status" | "resolutiondate"),
                "navigable": true,
                "searchable": true,
                "clauseNames": [id],
                "schema": { "type": kind, "system": id },
            })
        })
        .collect();
    fields.push(json!({
        "id": "issuekey",
        "name": "Key",
        "custom": false,
        "orderable": false,
        "navigable": true,
        "searchable": false,
        "clauseNames": ["id", "issue", "issuekey", "key"],
    }));
    fields.extend(CUSTOM_FIELDS.iter().map(|field| {
        json!({
            "id": field.id,
            "name": field.name,
            "custom": true,
            "orderable": true,
            "navigable": true,
            "searchable": true,
            "clauseNames": [format!("cf[{}]", field.custom_id()), field.name],
            "schema": field.schema(),
        })
    }));
    Ok(ok(&Value::Array(fields)))
}
