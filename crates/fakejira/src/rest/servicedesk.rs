//! Jira Service Management (`/rest/servicedeskapi/…`): `info`, service desks, request types,
//! customers and requests. Its pages use `start`, `limit`, `size`, `isLastPage` and `values`,
//! and its refusals `{"errorMessage", "i18nErrorMessage"}` rather than the platform's body.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::{Call, RestError, ok};
use crate::config::Settings;
use crate::data::{DEFAULT_PRIORITY, Issue, Project, jira_timestamp, unix_now};
use crate::exchange::json_response;
use crate::state::{Customer, State};

/// The seeded service desk's id.
pub(crate) const SERVICE_DESK_ID: u64 = 1;

/// Request types: id, name, description.
const REQUEST_TYPES: [(&str, &str, &str); 3] = [
    (
        "11",
        "Get IT help",
        "Get assistance for general IT problems and questions.",
    ),
    (
        "12",
        "Fix an account problem",
        "Having trouble logging in? We can help.",
    ),
    (
        "13",
        "Request new hardware",
        "For example, a new mouse or monitor.",
    ),
];

const DEFAULT_LIMIT: usize = 50;

/// A refusal in the service desk API's shape.
fn refusal(status: StatusCode, key: &str, message: &str) -> Response {
    json_response(
        status,
        &json!({
            "errorMessage": message,
            "i18nErrorMessage": { "i18nKey": key, "parameters": [] },
        }),
    )
}

fn sd_link(settings: &Settings, path: &str) -> String {
    settings.link(&format!("/rest/servicedeskapi/{path}"))
}

fn date_json(at: i64) -> Value {
    json!({
        "iso8601": jira_timestamp(at),
        "jira": jira_timestamp(at),
        "friendly": jira_timestamp(at),
        "epochMillis": at * 1000,
    })
}

/// A page in the service desk API's shape, from the `start` and `limit` parameters.
fn page(call: &Call<'_>, path: &str, all: Vec<Value>) -> Result<Response, RestError> {
    let start = call.number_param("start", 0)?;
    let limit = call.number_param("limit", DEFAULT_LIMIT)?;
    let total = all.len();
    let values: Vec<Value> = all.into_iter().skip(start).take(limit).collect();
    let settings = &call.app.settings;
    let mut links = json!({
        "base": settings.link(""),
        "context": settings.context_path,
        "self": sd_link(settings, path),
    });
    let is_last = start + values.len() >= total;
    if !is_last {
        links["next"] = json!(sd_link(
            settings,
            &format!("{path}?start={}&limit={limit}", start + values.len())
        ));
    }
    Ok(ok(&json!({
        "_expands": [],
        "size": values.len(),
        "start": start,
        "limit": limit,
        "isLastPage": is_last,
        "_links": links,
        "values": values,
    })))
}

fn desk_json(settings: &Settings, project: &Project) -> Value {
    json!({
        "id": SERVICE_DESK_ID.to_string(),
        "projectId": project.id.to_string(),
        "projectName": project.name,
        "projectKey": project.key,
        "_links": { "self": sd_link(settings, &format!("servicedesk/{SERVICE_DESK_ID}")) },
    })
}

/// The service desk's project, when `id` names the seeded desk.
fn desk<'a>(state: &'a State, id: &str) -> Option<&'a Project> {
    let project_id = state.service_desk_project?;
    (id == SERVICE_DESK_ID.to_string())
        .then(|| state.catalog.project_by_id(project_id))
        .flatten()
}

const DESK_NOT_FOUND: (&str, &str) = (
    "sd.service.desk.not.found",
    "The service desk you are trying to view does not exist.",
);

/// `GET info`, answered to anonymous callers too.
pub(super) fn info(call: &Call<'_>) -> Result<Response, RestError> {
    let platform = call.app.settings.jira_version;
    // Service Management numbered its releases 4.x beside Jira 8 and 5.x beside Jira 9, then
    // took Jira's numbers from 10 on.
    let major = match platform.major {
        8 => 4,
        9 => 5,
        same => same,
    };
    Ok(ok(&json!({
        "version": format!("{major}.{}.{}", platform.minor, platform.patch),
        "platformVersion": platform.to_string(),
        "buildDate": date_json(1_705_449_600),
        "buildChangeSet": "fakejira",
        "isLicensedForUse": true,
        "_links": { "self": sd_link(&call.app.settings, "info") },
    })))
}

pub(super) fn desks(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let values = desk(&state, &SERVICE_DESK_ID.to_string())
        .map(|project| desk_json(&call.app.settings, project))
        .into_iter()
        .collect();
    page(call, "servicedesk", values)
}

pub(super) fn get_desk(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    Ok(match desk(&state, call.param("serviceDeskId")) {
        Some(project) => ok(&desk_json(&call.app.settings, project)),
        None => refusal(StatusCode::NOT_FOUND, DESK_NOT_FOUND.0, DESK_NOT_FOUND.1),
    })
}

pub(super) fn request_types(call: &Call<'_>) -> Result<Response, RestError> {
    let desk_id = call.param("serviceDeskId").to_owned();
    if desk(&call.app.lock(), &desk_id).is_none() {
        return Ok(refusal(
            StatusCode::NOT_FOUND,
            DESK_NOT_FOUND.0,
            DESK_NOT_FOUND.1,
        ));
    }
    let settings = &call.app.settings;
    let values = REQUEST_TYPES
        .iter()
        .map(|(id, name, description)| {
            json!({
                "id": id,
                "_links": { "self": sd_link(settings, &format!("servicedesk/{desk_id}/requesttype/{id}")) },
                "name": name,
                "description": description,
                "helpText": "",
                "serviceDeskId": desk_id,
                "groupIds": ["1"],
            })
        })
        .collect();
    page(call, &format!("servicedesk/{desk_id}/requesttype"), values)
}

fn customer_json(settings: &Settings, customer: &Customer) -> Value {
    json!({
        "name": customer.email,
        "key": customer.email,
        "emailAddress": customer.email,
        "displayName": customer.display_name,
        "active": true,
        "timeZone": "UTC",
        "_links": {
            "jiraRest": settings.link(&format!("/rest/api/2/user?username={}", oauth1::percent_encode(&customer.email))),
            "self": settings.link(&format!("/rest/api/2/user?username={}", oauth1::percent_encode(&customer.email))),
        },
    })
}

/// `POST customer` `{email, displayName}` → 201; administrators only (routing checks).
pub(super) fn create_customer(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let email = body.get("email").and_then(Value::as_str).map(str::trim);
    let Some(email) = email.filter(|email| email.contains('@')) else {
        return Ok(refusal(
            StatusCode::BAD_REQUEST,
            "sd.customer.email.invalid",
            "Enter a valid email address for the customer.",
        ));
    };
    let display_name = body
        .get("displayName")
        .and_then(Value::as_str)
        .filter(|name| !name.trim().is_empty())
        .unwrap_or(email)
        .to_owned();
    let mut state = call.app.lock();
    let taken = state
        .customers
        .iter()
        .any(|c| c.email.eq_ignore_ascii_case(email))
        || state.user(email).is_some();
    if taken {
        return Ok(refusal(
            StatusCode::BAD_REQUEST,
            "sd.customer.already.exists",
            "An account already exists for this email.",
        ));
    }
    let customer = Customer {
        email: email.to_owned(),
        display_name,
    };
    state.customers.push(customer.clone());
    Ok(json_response(
        StatusCode::CREATED,
        &customer_json(&call.app.settings, &customer),
    ))
}

/// Reads `{serviceDeskId, requestTypeId, requestFieldValues: {summary, description}}`.
/// A request's service desk id, request type id, summary and description.
type NewRequest = (String, String, String, Option<String>);

/// Refusals are `(i18n key, message)`, all 400.
fn request_fields(body: &Value) -> Result<NewRequest, (&'static str, &'static str)> {
    let text = |value: Option<&Value>| {
        value.and_then(|value| match value {
            Value::String(text) => Some(text.clone()),
            Value::Number(number) => Some(number.to_string()),
            _ => None,
        })
    };
    let desk = text(body.get("serviceDeskId"));
    let kind = text(body.get("requestTypeId"));
    let values = body.get("requestFieldValues");
    let summary = text(values.and_then(|values| values.get("summary")))
        .filter(|summary| !summary.trim().is_empty());
    let description = text(values.and_then(|values| values.get("description")));
    match (desk, kind, summary) {
        (Some(desk), Some(kind), Some(summary)) => Ok((desk, kind, summary, description)),
        (None, _, _) | (_, None, _) => Err((
            "sd.request.create.missing.ids",
            "The request needs a serviceDeskId and a requestTypeId.",
        )),
        (_, _, None) => Err((
            "sd.request.create.field.required",
            "Summary: You must specify a summary of the issue.",
        )),
    }
}

/// `POST request` → 201 with the new request (an issue of the service desk's project).
pub(super) fn create_request(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let (desk_id, type_id, summary, description) = match request_fields(&body) {
        Ok(fields) => fields,
        Err((key, message)) => return Ok(refusal(StatusCode::BAD_REQUEST, key, message)),
    };
    let mut state = call.app.lock();
    let Some(project_id) = desk(&state, &desk_id).map(|project| project.id) else {
        return Ok(refusal(
            StatusCode::NOT_FOUND,
            DESK_NOT_FOUND.0,
            DESK_NOT_FOUND.1,
        ));
    };
    if !REQUEST_TYPES.iter().any(|(id, _, _)| *id == type_id) {
        return Ok(refusal(
            StatusCode::BAD_REQUEST,
            "sd.request.type.not.found",
            "The request type you are trying to use does not exist.",
        ));
    }
    let now = unix_now();
    let draft = Issue {
        project_id,
        summary: summary.clone(),
        description: description.clone(),
        priority: DEFAULT_PRIORITY,
        reporter: call.user.clone(),
        ..Issue::default()
    };
    let Some(issue) = state.catalog.create_issue(draft, now) else {
        return Ok(refusal(
            StatusCode::NOT_FOUND,
            DESK_NOT_FOUND.0,
            DESK_NOT_FOUND.1,
        ));
    };
    let settings = &call.app.settings;
    let answer = json!({
        "_expands": ["participant", "status", "sla", "requestType", "serviceDesk"],
        "issueId": issue.id.to_string(),
        "issueKey": issue.key,
        "requestTypeId": type_id,
        "serviceDeskId": desk_id,
        "createdDate": date_json(now),
        "reporter": super::entity_json::optional_user(settings, call.user.as_deref()),
        "requestFieldValues": [
            { "fieldId": "summary", "label": "What do you need?", "value": summary },
            { "fieldId": "description", "label": "Why do you need this?", "value": description },
        ],
        "currentStatus": { "status": issue.status.name(), "statusDate": date_json(now) },
        "_links": {
            "jiraRest": settings.link(&format!("/rest/api/2/issue/{}", issue.id)),
            "self": sd_link(settings, &format!("request/{}", issue.id)),
        },
    });
    Ok(json_response(StatusCode::CREATED, &answer))
}
