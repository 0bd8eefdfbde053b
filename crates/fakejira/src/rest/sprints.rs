//! Sprints (`/rest/agile/1.0/sprint…`), moving issues between sprints, the backlog and epics,
//! and ranking. Moves change the issues' Sprint and Epic Link fields and are recorded in their
//! changelogs.

use std::borrow::Cow;

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::boards::{BOARD_NOT_FOUND, issue_page, sprint_json};
use super::{Call, RestError, issue_not_found, no_content, ok};
use crate::data::agile::{
    BoardType, EPIC_LINK_FIELD, EPIC_TYPE, Sprint, SprintState, set_sprint_ids, sprint_ids,
};
use crate::data::{Issue, parse_jira_timestamp, unix_now};
use crate::exchange::json_response;
use crate::state::State;

/// Jira refuses more issues than this in one move or rank.
const MAX_ISSUES: usize = 50;

const SPRINT_NOT_FOUND: &str = "The requested sprint cannot be viewed because it either does not exist or you do not have permission to view it.";

fn find_sprint(call: &Call<'_>, state: &State) -> Result<Sprint, RestError> {
    state
        .agile
        .sprint(call.param("sprintId"))
        .cloned()
        .ok_or_else(|| RestError::not_found(SPRINT_NOT_FOUND))
}

/// A date field of a sprint body: `Ok(None)` when absent.
fn date(body: &Value, name: &str) -> Result<Option<i64>, RestError> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => value
            .as_str()
            .and_then(parse_jira_timestamp)
            .map(Some)
            .ok_or_else(|| {
                RestError::field(
                    name,
                    format!("'{value}' is not a date such as 2024-06-01T12:00:00.000+0000."),
                )
            }),
    }
}

fn text(body: &Value, name: &str) -> Result<Option<String>, RestError> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(RestError::field(
            name,
            format!("'{name}' must be a string."),
        )),
    }
}

/// `POST sprint` `{name, originBoardId, startDate, endDate, goal}` → 201, a future sprint.
pub(super) fn create(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let name = text(&body, "name")?.filter(|name| !name.trim().is_empty());
    let Some(name) = name else {
        return Err(RestError::field(
            "name",
            "The sprint name must not be empty.",
        ));
    };
    let (start, end) = (date(&body, "startDate")?, date(&body, "endDate")?);
    let goal = text(&body, "goal")?;
    let board_id = body.get("originBoardId").and_then(Value::as_u64);
    let mut state = call.app.lock();
    let board = board_id
        .and_then(|id| state.agile.board(&id.to_string()))
        .ok_or_else(|| RestError::field("originBoardId", BOARD_NOT_FOUND))?;
    if board.kind == BoardType::Kanban {
        return Err(RestError::bad_request("The board does not support sprints"));
    }
    let sprint = Sprint {
        id: state.agile.next_sprint_id(),
        name,
        state: SprintState::Future,
        board_id: board.id,
        start,
        end,
        complete: None,
        goal,
    };
    state.agile.sprints.push(sprint.clone());
    Ok(json_response(
        StatusCode::CREATED,
        &sprint_json(&call.app.settings, &sprint),
    ))
}

pub(super) fn get(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    Ok(ok(&sprint_json(
        &call.app.settings,
        &find_sprint(call, &state)?,
    )))
}

/// Applies a change of state: future → active needs both dates; active → closed sets the
/// complete date; nothing else moves.
fn change_state(sprint: &mut Sprint, wanted: SprintState) -> Result<(), RestError> {
    match (sprint.state, wanted) {
        (from, to) if from == to => Ok(()),
        (SprintState::Future, SprintState::Active) => {
            if sprint.start.is_none() || sprint.end.is_none() {
                return Err(RestError::bad_request(
                    "A sprint needs a start date and an end date to be started.",
                ));
            }
            sprint.state = wanted;
            Ok(())
        }
        (SprintState::Active, SprintState::Closed) => {
            sprint.state = wanted;
            sprint.complete = Some(unix_now());
            Ok(())
        }
        (from, to) => Err(RestError::bad_request(format!(
            "A sprint cannot go from {} to {}: only future to active and active to closed are allowed.",
            from.name(),
            to.name()
        ))),
    }
}

/// `POST sprint/{id}`: a partial update of `name`, `goal`, `startDate`, `endDate` and `state`.
/// A closed sprint takes only a new name or goal.
pub(super) fn update(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let mut state = call.app.lock();
    let mut sprint = find_sprint(call, &state)?;
    if body
        .get("completeDate")
        .is_some_and(|value| !value.is_null())
    {
        return Err(RestError::field(
            "completeDate",
            "The complete date cannot be changed: it is set when the sprint closes.",
        ));
    }
    let wanted = match text(&body, "state")? {
        None => None,
        Some(name) => Some(SprintState::parse(&name).ok_or_else(|| {
            RestError::field(
                "state",
                format!("The sprint state '{name}' is not valid: use future, active or closed."),
            )
        })?),
    };
    if sprint.state == SprintState::Closed
        && (wanted.is_some_and(|wanted| wanted != SprintState::Closed)
            || body.get("startDate").is_some()
            || body.get("endDate").is_some())
    {
        return Err(RestError::bad_request(
            "A closed sprint cannot be reopened or have its dates changed; only its name and goal can change.",
        ));
    }
    if let Some(name) = text(&body, "name")? {
        sprint.name = name;
    }
    if let Some(goal) = text(&body, "goal")? {
        sprint.goal = Some(goal).filter(|goal| !goal.is_empty());
    }
    sprint.start = date(&body, "startDate")?.or(sprint.start);
    sprint.end = date(&body, "endDate")?.or(sprint.end);
    if let Some(wanted) = wanted {
        change_state(&mut sprint, wanted)?;
    }
    if let Some(stored) = state.agile.sprints.iter_mut().find(|s| s.id == sprint.id) {
        *stored = sprint.clone();
    }
    Ok(ok(&sprint_json(&call.app.settings, &sprint)))
}

/// `DELETE sprint/{id}` → 204; its issues go back to the backlog. Closed sprints stay.
pub(super) fn delete(call: &Call<'_>) -> Result<Response, RestError> {
    let mut state = call.app.lock();
    let sprint = find_sprint(call, &state)?;
    if sprint.state == SprintState::Closed {
        return Err(RestError::bad_request("A closed sprint cannot be deleted."));
    }
    state.agile.sprints.retain(|kept| kept.id != sprint.id);
    let holding: Vec<Issue> = state
        .catalog
        .written_issues()
        .filter(|issue| sprint_ids(issue).contains(&sprint.id))
        .cloned()
        .collect();
    let now = unix_now();
    for mut issue in holding {
        let ids: Vec<u64> = sprint_ids(&issue)
            .into_iter()
            .filter(|id| *id != sprint.id)
            .collect();
        set_sprint_ids(&mut issue, &ids);
        state.catalog.commit(issue, call.user.as_deref(), now);
    }
    Ok(no_content())
}

/// `GET sprint/{id}/issue`: the issues whose Sprint field holds the sprint.
pub(super) fn issues(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let sprint = find_sprint(call, &state)?;
    let issues = state
        .catalog
        .written_issues()
        .filter(|issue| sprint_ids(issue).contains(&sprint.id))
        .map(Cow::Borrowed)
        .collect();
    issue_page(call, &state, issues)
}

/// The keys or ids in a body's `issues` array, at most [`MAX_ISSUES`] of them to be `action`.
fn issue_names(body: &Value, action: &str) -> Result<Vec<String>, RestError> {
    let Some(names) = body.get("issues").and_then(Value::as_array) else {
        return Err(RestError::field(
            "issues",
            "The request needs an 'issues' array of issue keys or ids.",
        ));
    };
    if names.len() > MAX_ISSUES {
        return Err(RestError::field(
            "issues",
            format!("At most {MAX_ISSUES} issues can be {action} at once."),
        ));
    }
    Ok(names
        .iter()
        .map(|name| {
            name.as_str()
                .map_or_else(|| name.to_string(), str::to_owned)
        })
        .collect())
}

/// The issues named by a body's `issues` array (keys or ids), all checked to exist.
fn named_issues(state: &State, body: &Value) -> Result<Vec<Issue>, RestError> {
    issue_names(body, "moved or ranked")?
        .into_iter()
        .map(|name| {
            state
                .catalog
                .issue(&name)
                .map(Cow::into_owned)
                .ok_or_else(|| {
                    RestError::bad_request(format!(
                        "Issue '{name}' does not exist or you do not have permission to see it."
                    ))
                })
        })
        .collect()
}

/// Moves each issue out of its open sprints and, for `sprint/{id}/issue`, into that sprint.
fn move_issues(call: &Call<'_>, into_sprint: bool) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let mut state = call.app.lock();
    let to = if into_sprint {
        let sprint = find_sprint(call, &state)?;
        if sprint.state == SprintState::Closed {
            return Err(RestError::bad_request(
                "Issues cannot be moved to a closed sprint.",
            ));
        }
        Some(sprint.id)
    } else {
        None
    };
    let issues = named_issues(&state, &body)?;
    let now = unix_now();
    for mut issue in issues {
        let mut ids: Vec<u64> = sprint_ids(&issue)
            .into_iter()
            .filter(|id| {
                state
                    .agile
                    .sprint(&id.to_string())
                    .is_some_and(|sprint| sprint.state == SprintState::Closed)
            })
            .collect();
        ids.extend(to);
        set_sprint_ids(&mut issue, &ids);
        state.catalog.commit(issue, call.user.as_deref(), now);
    }
    Ok(no_content())
}

/// `POST sprint/{id}/issue` `{issues}` → 204.
pub(super) fn move_to_sprint(call: &Call<'_>) -> Result<Response, RestError> {
    move_issues(call, true)
}

/// `POST backlog/issue` `{issues}` → 204: out of every future or active sprint.
pub(super) fn move_to_backlog(call: &Call<'_>) -> Result<Response, RestError> {
    move_issues(call, false)
}

/// `POST epic/{epicIdOrKey}/issue` `{issues}` → 204 sets their Epic Link.
pub(super) fn move_to_epic(call: &Call<'_>) -> Result<Response, RestError> {
    set_epic(call, Some(call.param("epicIdOrKey")))
}

/// `POST epic/none/issue` `{issues}` → 204 clears their Epic Link.
pub(super) fn remove_from_epic(call: &Call<'_>) -> Result<Response, RestError> {
    set_epic(call, None)
}

/// Sets the Epic Link of the issues the body names to `epic` (its id or key), or clears it.
fn set_epic(call: &Call<'_>, epic: Option<&str>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let mut state = call.app.lock();
    let epic_key = match epic {
        None => None,
        Some(wanted) => {
            let epic = state.catalog.issue(wanted).ok_or_else(issue_not_found)?;
            if epic.issue_type != EPIC_TYPE {
                return Err(RestError::bad_request(format!(
                    "Issue '{}' is not an epic.",
                    epic.key
                )));
            }
            Some(epic.key.clone())
        }
    };
    let issues = named_issues(&state, &body)?;
    if let Some(epic) = issues.iter().find(|issue| issue.issue_type == EPIC_TYPE) {
        return Err(RestError::bad_request(format!(
            "Issue '{}' is an epic: epics cannot be added to epics.",
            epic.key
        )));
    }
    let now = unix_now();
    for mut issue in issues {
        match &epic_key {
            Some(key) => issue.custom.insert(EPIC_LINK_FIELD.to_owned(), json!(key)),
            None => issue.custom.remove(EPIC_LINK_FIELD),
        };
        state.catalog.commit(issue, call.user.as_deref(), now);
    }
    Ok(no_content())
}

/// A rank request: the issues as named, the anchor, and whether they go after it.
struct RankRequest {
    names: Vec<String>,
    anchor: String,
    after: bool,
}

fn rank_request(body: &Value) -> Result<RankRequest, RestError> {
    let before = body.get("rankBeforeIssue").and_then(Value::as_str);
    let after = body.get("rankAfterIssue").and_then(Value::as_str);
    let (anchor, after) = match (before, after) {
        (Some(anchor), None) => (anchor, false),
        (None, Some(anchor)) => (anchor, true),
        _ => {
            return Err(RestError::bad_request(
                "Give exactly one of 'rankBeforeIssue' and 'rankAfterIssue'.",
            ));
        }
    };
    Ok(RankRequest {
        names: issue_names(body, "ranked")?,
        anchor: anchor.to_owned(),
        after,
    })
}

/// `PUT issue/rank` `{issues, rankBeforeIssue | rankAfterIssue}` → 204, or 207 with an entry per
/// issue when some could not be ranked.
pub(super) fn rank(call: &Call<'_>) -> Result<Response, RestError> {
    let request = rank_request(&call.json_body()?)?;
    let mut state = call.app.lock();
    let anchor = state
        .catalog
        .issue(&request.anchor)
        .map(|issue| issue.id)
        .ok_or_else(|| {
            RestError::bad_request(format!(
                "Issue '{}' does not exist or you do not have permission to see it.",
                request.anchor
            ))
        })?;
    let State { agile, catalog, .. } = &mut *state;
    // Each issue goes next to the previous one, so the given order is kept on either side.
    let mut previous = anchor;
    let mut entries = Vec::new();
    let mut failed = false;
    let mut ordered: Vec<&String> = request.names.iter().collect();
    if !request.after {
        ordered.reverse();
    }
    for name in ordered {
        match catalog
            .issue(name)
            .map(|issue| (issue.id, issue.key.clone()))
        {
            Some((id, key)) => {
                agile.rank_next_to(catalog, id, previous, request.after);
                previous = id;
                entries.push(json!({ "issueId": id, "issueKey": key, "status": 200 }));
            }
            None => {
                failed = true;
                entries.push(
                    json!({ "issueKey": name, "status": 404, "errors": ["Issue Does Not Exist"] }),
                );
            }
        }
    }
    if !request.after {
        entries.reverse();
    }
    if failed {
        return Ok(json_response(
            StatusCode::MULTI_STATUS,
            &json!({ "entries": entries }),
        ));
    }
    Ok(no_content())
}
