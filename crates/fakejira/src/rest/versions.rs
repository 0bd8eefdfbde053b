//! Versions: `GET project/{p}/versions`, `POST version` (201), `GET|PUT|DELETE version/{id}`,
//! `POST version/{id}/removeAndSwap`, `POST version/{id}/move` (`{after: url}` or `{position: First|Last|Earlier|Later}`; 200),
//! `GET version/{id}/relatedIssueCounts` and `GET version/{id}/unresolvedIssueCount`.
//! A project's versions are kept in their order, which `move` changes.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::issue_parts_json::version_json;
use super::projects::project_or_404;
use super::{Call, RestError, find_by_id, no_content, ok};
use crate::data::{ProjectItem, Version, unix_now};
use crate::exchange::json_response;
use crate::state::State;

pub(super) fn list(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let project = project_or_404(&state.catalog, call.param("projectIdOrKey"))?;
    let versions: Vec<Value> = state
        .catalog
        .versions
        .iter()
        .filter(|version| version.project_id == project.id)
        .map(|version| version_json(&call.app.settings, version))
        .collect();
    Ok(ok(&Value::Array(versions)))
}

fn find(state: &State, id: &str) -> Result<Version, RestError> {
    find_by_id(&state.catalog.versions, id, |version| version.id)
        .ok_or_else(|| RestError::not_found(format!("Could not find version for id '{id}'")))
}

fn apply(state: &State, version: &mut Version, body: &Value) -> Result<(), RestError> {
    if let Some(name) = body.get("name").and_then(Value::as_str) {
        let taken = version.name_taken(&state.catalog.versions, name);
        if name.trim().is_empty() {
            return Err(RestError::field(
                "name",
                "You must specify a valid version name",
            ));
        }
        if taken {
            return Err(RestError::field(
                "name",
                "A version with this name already exists in this project.",
            ));
        }
        version.name = name.to_owned();
    }
    let text = |name: &str| {
        body.get(name)
            .map(|value| value.as_str().map(str::to_owned))
    };
    if let Some(description) = text("description") {
        version.description = description;
    }
    for (name, field) in [
        ("startDate", &mut version.start_date),
        ("releaseDate", &mut version.release_date),
    ] {
        if let Some(date) = text(name) {
            if date.as_deref().is_some_and(|date| {
                crate::data::parse_jira_timestamp(&format!("{date}T00:00:00Z")).is_none()
            }) {
                return Err(RestError::field(
                    name,
                    "Invalid date format: use yyyy-MM-dd.",
                ));
            }
            *field = date;
        }
    }
    if let Some(released) = body.get("released").and_then(Value::as_bool) {
        version.released = released;
    }
    if let Some(archived) = body.get("archived").and_then(Value::as_bool) {
        version.archived = archived;
    }
    Ok(())
}

pub(super) fn create(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let mut state = call.app.lock();
    let project = body
        .get("project")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| {
            body.get("projectId")
                .map(|id| id.as_str().map_or_else(|| id.to_string(), str::to_owned))
        })
        .unwrap_or_default();
    let project_id = project_or_404(&state.catalog, &project)?.id;
    if body.get("name").and_then(Value::as_str).is_none() {
        return Err(RestError::field(
            "name",
            "You must specify a valid version name",
        ));
    }
    let mut version = Version {
        project_id,
        ..Version::default()
    };
    apply(&state, &mut version, &body)?;
    version.id = state.catalog.next_id("version");
    state.catalog.versions.push(version.clone());
    Ok(json_response(
        StatusCode::CREATED,
        &version_json(&call.app.settings, &version),
    ))
}

pub(super) fn get(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    Ok(ok(&version_json(
        &call.app.settings,
        &find(&state, call.param("id"))?,
    )))
}

pub(super) fn update(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let mut state = call.app.lock();
    let mut version = find(&state, call.param("id"))?;
    apply(&state, &mut version, &body)?;
    if let Some(stored) = state
        .catalog
        .versions
        .iter_mut()
        .find(|stored| stored.id == version.id)
    {
        *stored = version.clone();
    }
    Ok(ok(&version_json(&call.app.settings, &version)))
}

/// `DELETE version/{id}` (`moveFixIssuesTo`, `moveAffectedIssuesTo` optional) → 204.
pub(super) fn delete(call: &Call<'_>) -> Result<Response, RestError> {
    let targets = [
        call.incoming.query_param("moveFixIssuesTo"),
        call.incoming.query_param("moveAffectedIssuesTo"),
    ];
    delete_moving_issues(call, targets)
}

/// `POST version/{id}/removeAndSwap` with `{moveFixIssuesTo, moveAffectedIssuesTo}` (ids,
/// optional; `customFieldReplacementList` is accepted and ignored, as fakejira has no version
/// custom fields) → 204, as Data Center 10.3 documents it (`delete_1`), the way to delete a
/// version there since `DELETE version/{id}` is gone.
pub(super) fn remove_and_swap(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let target = |name: &str| match body.get(name) {
        Some(Value::String(id)) => Some(id.clone()),
        Some(Value::Number(id)) => Some(id.to_string()),
        _ => None,
    };
    delete_moving_issues(
        call,
        [target("moveFixIssuesTo"), target("moveAffectedIssuesTo")],
    )
}

/// Deletes the version `{id}`, moving its issues' fix and affected versions to the versions
/// `[fix, affected]` name (ids) when given.
fn delete_moving_issues(
    call: &Call<'_>,
    [fix, affected]: [Option<String>; 2],
) -> Result<Response, RestError> {
    let mut state = call.app.lock();
    let version = find(&state, call.param("id"))?;
    let target = |id: Option<String>| match id {
        Some(id) => find(&state, &id).map(|found| Some(found.id)),
        None => Ok(None),
    };
    let (fix_target, affected_target) = (target(fix)?, target(affected)?);
    let now = unix_now();
    let touched: Vec<_> = state
        .catalog
        .written_issues()
        .filter(|issue| {
            issue.fix_versions.contains(&version.id) || issue.versions.contains(&version.id)
        })
        .cloned()
        .collect();
    for mut issue in touched {
        for (list, target) in [
            (&mut issue.fix_versions, fix_target),
            (&mut issue.versions, affected_target),
        ] {
            if list.contains(&version.id) {
                list.retain(|id| *id != version.id);
                if let Some(target) = target.filter(|target| !list.contains(target)) {
                    list.push(target);
                }
            }
        }
        state.catalog.commit(issue, call.user.as_deref(), now);
    }
    state.catalog.versions.retain(|kept| kept.id != version.id);
    Ok(no_content())
}

/// `POST version/{id}/move` → 200 with the version.
pub(super) fn move_version(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let mut state = call.app.lock();
    let version = find(&state, call.param("id"))?;
    let versions = &mut state.catalog.versions;
    let siblings: Vec<u64> = versions
        .iter()
        .filter(|v| v.project_id == version.project_id)
        .map(|v| v.id)
        .collect();
    let position = siblings
        .iter()
        .position(|id| *id == version.id)
        .unwrap_or_default();
    let mut order: Vec<u64> = siblings
        .iter()
        .copied()
        .filter(|id| *id != version.id)
        .collect();
    let index = if let Some(after) = body.get("after").and_then(Value::as_str) {
        let after_id = after.rsplit('/').next().unwrap_or_default();
        order
            .iter()
            .position(|id| id.to_string() == after_id)
            .map(|at| at + 1)
            .ok_or_else(|| {
                RestError::bad_request(format!(
                    "Version '{after}' is not a version of this project."
                ))
            })?
    } else {
        match body.get("position").and_then(Value::as_str) {
            Some("First") => 0,
            Some("Last") => order.len(),
            Some("Earlier") => position.saturating_sub(1),
            Some("Later") => (position + 1).min(order.len()),
            _ => {
                return Err(RestError::bad_request(
                    "Give 'after' (a version URL) or 'position' (First, Last, Earlier or Later).",
                ));
            }
        }
    };
    order.insert(index, version.id);
    let (mut mine, others): (Vec<Version>, Vec<Version>) = versions
        .drain(..)
        .partition(|v| v.project_id == version.project_id);
    mine.sort_by_key(|v| order.iter().position(|id| *id == v.id));
    versions.extend(others);
    versions.extend(mine);
    Ok(ok(&version_json(&call.app.settings, &version)))
}

pub(super) fn related_issue_counts(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let version = find(&state, call.param("id"))?;
    let issues = || state.catalog.written_issues();
    Ok(ok(&json!({
        "self": call.app.settings.link(&format!("/rest/api/2/version/{}", version.id)),
        "issuesFixedCount": issues().filter(|issue| issue.fix_versions.contains(&version.id)).count(),
        "issuesAffectedCount": issues().filter(|issue| issue.versions.contains(&version.id)).count(),
        "issueCountWithCustomFieldsShowingVersion": 0,
    })))
}

pub(super) fn unresolved_issue_count(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let version = find(&state, call.param("id"))?;
    let fixed: Vec<_> = state
        .catalog
        .written_issues()
        .filter(|issue| issue.fix_versions.contains(&version.id))
        .collect();
    Ok(ok(&json!({
        "self": call.app.settings.link(&format!("/rest/api/2/version/{}", version.id)),
        "issuesUnresolvedCount": fixed.iter().filter(|issue| issue.resolved.is_none()).count(),
        "issuesCount": fixed.len(),
    })))
}
