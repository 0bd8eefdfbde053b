//! Jira Software boards (`/rest/agile/1.0/board…`) and what the agile resources share: their
//! JSON shapes, `values` paging and issue pages. A board shows the issues of its saved filter,
//! in rank order.

use std::borrow::Cow;

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::issue_json::{FieldSelection, field_names, issue_json};
use super::{Call, RestError, no_content, ok};
use crate::config::Settings;
use crate::data::agile::{Board, BoardType, EPIC_TYPE, Sprint, SprintState, epic_done, sprint_ids};
use crate::data::{Issue, jira_timestamp};
use crate::exchange::json_response;
use crate::jql;
use crate::state::State;

const DEFAULT_MAX_RESULTS: usize = 50;

pub(super) const BOARD_NOT_FOUND: &str = "The requested board cannot be viewed because it either does not exist or you do not have permission to view it.";

pub(super) fn agile_link(settings: &Settings, path: &str) -> String {
    settings.link(&format!("/rest/agile/1.0/{path}"))
}

fn board_json(settings: &Settings, state: &State, board: &Board) -> Value {
    let mut value = json!({
        "id": board.id,
        "self": agile_link(settings, &format!("board/{}", board.id)),
        "name": board.name,
        "type": board.kind.name(),
    });
    if let Some(project) = board
        .project_id
        .and_then(|id| state.catalog.project_by_id(id))
    {
        value["location"] = json!({
            "projectId": project.id,
            "displayName": format!("{} ({})", project.name, project.key),
            "projectName": project.name,
            "projectKey": project.key,
            "projectTypeKey": project.project_type,
            "avatarURI": format!("/secure/projectavatar?size=xsmall&pid={}&avatarId={}", project.id, project.avatar_id),
            "name": format!("{} ({})", project.name, project.key),
        });
    }
    value
}

pub(super) fn sprint_json(settings: &Settings, sprint: &Sprint) -> Value {
    let mut value = json!({
        "id": sprint.id,
        "self": agile_link(settings, &format!("sprint/{}", sprint.id)),
        "state": sprint.state.name(),
        "name": sprint.name,
        "originBoardId": sprint.board_id,
    });
    for (name, at) in [
        ("startDate", sprint.start),
        ("endDate", sprint.end),
        ("completeDate", sprint.complete),
    ] {
        if let Some(at) = at {
            value[name] = json!(jira_timestamp(at));
        }
    }
    if let Some(goal) = &sprint.goal {
        value["goal"] = json!(goal);
    }
    value
}

fn epic_json(settings: &Settings, epic: &Issue) -> Value {
    json!({
        "id": epic.id,
        "key": epic.key,
        "self": agile_link(settings, &format!("epic/{}", epic.id)),
        "name": epic.summary,
        "summary": epic.summary,
        "color": { "key": format!("color_{}", epic.id % 9 + 1) },
        "done": epic_done(epic),
    })
}

/// `startAt` and `maxResults` from the query string.
fn page_params(call: &Call<'_>) -> Result<(usize, usize), RestError> {
    Ok((
        call.number_param("startAt", 0)?,
        call.number_param("maxResults", DEFAULT_MAX_RESULTS)?,
    ))
}

/// A page of `values` in the agile API's shape; `total` only where Jira reports one.
fn values_page(call: &Call<'_>, all: Vec<Value>, with_total: bool) -> Result<Value, RestError> {
    let (start_at, max_results) = page_params(call)?;
    let total = all.len();
    let values: Vec<Value> = all.into_iter().skip(start_at).take(max_results).collect();
    let mut page = json!({
        "maxResults": max_results,
        "startAt": start_at,
        "isLast": start_at + values.len() >= total,
        "values": values,
    });
    if with_total {
        page["total"] = json!(total);
    }
    Ok(page)
}

/// A page of issues (`startAt`, `maxResults`, `total`, `issues`), narrowed by the `jql`
/// parameter, in rank order, with `fields` and `expand=names`.
pub(super) fn issue_page(
    call: &Call<'_>,
    state: &State,
    mut issues: Vec<Cow<'_, Issue>>,
) -> Result<Response, RestError> {
    if let Some(text) = call.incoming.query_param("jql") {
        let narrowing = run_jql(call, state, &text)?;
        issues.retain(|issue| narrowing.iter().any(|kept| kept.id == issue.id));
    }
    issues.sort_by_key(|issue| state.agile.rank_of(issue));
    let (start_at, max_results) = page_params(call)?;
    let max_results = max_results.min(call.app.settings.search_cap);
    let fields = match call.incoming.query_param("fields") {
        None => FieldSelection::All,
        Some(_) => FieldSelection::from_list(&call.query_list("fields")),
    };
    let rendered: Vec<Value> = issues
        .iter()
        .skip(start_at)
        .take(max_results)
        .map(|issue| issue_json(&call.app.settings, &state.catalog, issue, &fields))
        .collect();
    let mut body = json!({
        "expand": "schema,names",
        "startAt": start_at,
        "maxResults": max_results,
        "total": issues.len(),
        "issues": rendered,
    });
    if call.query_list("expand").iter().any(|item| item == "names") {
        body["names"] = field_names();
    }
    Ok(ok(&body))
}

fn run_jql<'a>(
    call: &Call<'_>,
    state: &'a State,
    text: &str,
) -> Result<Vec<Cow<'a, Issue>>, RestError> {
    jql::parse(text)
        .and_then(|query| {
            query.run(
                &state.catalog,
                |name| state.user(name).is_some(),
                call.user.as_deref(),
            )
        })
        .map_err(RestError::bad_request)
}

fn find_board<'a>(call: &Call<'_>, state: &'a State) -> Result<&'a Board, RestError> {
    state
        .agile
        .board(call.param("boardId"))
        .ok_or_else(|| RestError::not_found(BOARD_NOT_FOUND))
}

/// The issues a board shows: its filter's.
fn board_issues<'a>(
    call: &Call<'_>,
    state: &'a State,
    board: &Board,
) -> Result<Vec<Cow<'a, Issue>>, RestError> {
    let jql = state
        .filters
        .iter()
        .find(|filter| filter.id == board.filter_id)
        .map(|filter| filter.jql.clone())
        .ok_or_else(|| {
            RestError::bad_request(format!(
                "The board's filter {} no longer exists.",
                board.filter_id
            ))
        })?;
    run_jql(call, state, &jql)
}

/// `GET board` with `type`, `name` (a part of it, any case) and `projectKeyOrId`.
pub(super) fn list(call: &Call<'_>) -> Result<Response, RestError> {
    let kind = call.incoming.query_param("type");
    if let Some(kind) = kind
        .as_deref()
        .filter(|kind| BoardType::parse(kind).is_none())
    {
        return Err(RestError::bad_request(format!(
            "The board type '{kind}' is not valid: use scrum or kanban."
        )));
    }
    let name = call
        .incoming
        .query_param("name")
        .map(|name| name.to_lowercase());
    let state = call.app.lock();
    let project =
        match call.incoming.query_param("projectKeyOrId") {
            None => None,
            Some(wanted) => Some(state.catalog.project(&wanted).map(|p| p.id).ok_or_else(
                || {
                    RestError::bad_request(format!(
                        "No project could be found with key or id '{wanted}'."
                    ))
                },
            )?),
        };
    let values = state
        .agile
        .boards
        .iter()
        .filter(|board| kind.as_deref().is_none_or(|kind| board.kind.name() == kind))
        .filter(|board| {
            name.as_deref()
                .is_none_or(|name| board.name.to_lowercase().contains(name))
        })
        .filter(|board| project.is_none_or(|id| board.project_id == Some(id)))
        .map(|board| board_json(&call.app.settings, &state, board))
        .collect();
    Ok(ok(&values_page(call, values, true)?))
}

/// `POST board` `{name, type, filterId}` → 201.
pub(super) fn create(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let mut errors = serde_json::Map::new();
    let name = body.get("name").and_then(Value::as_str).map(str::trim);
    if name.is_none_or(str::is_empty) {
        errors.insert("name".into(), json!("The board name must not be empty."));
    }
    let kind = body
        .get("type")
        .and_then(Value::as_str)
        .and_then(BoardType::parse);
    if kind.is_none() {
        errors.insert(
            "type".into(),
            json!("The board type must be scrum or kanban."),
        );
    }
    let filter_id = body.get("filterId").and_then(|id| match id {
        Value::String(text) => text.trim().parse::<u64>().ok(),
        other => other.as_u64(),
    });
    let mut state = call.app.lock();
    let filter = filter_id.and_then(|id| state.filters.iter().find(|filter| filter.id == id));
    if filter.is_none() {
        errors.insert(
            "filterId".into(),
            json!("The filter does not exist or you do not have permission to view it."),
        );
    }
    let (Some(name), Some(kind), Some(filter)) = (name, kind, filter) else {
        return Err(RestError::fields(errors));
    };
    let project_id = jql::parse(&filter.jql).ok().and_then(|query| {
        query
            .projects()
            .find_map(|key| state.catalog.project(key).map(|project| project.id))
    });
    let board = Board {
        id: state.agile.next_board_id(),
        name: name.to_owned(),
        kind,
        filter_id: filter.id,
        project_id,
    };
    state.agile.boards.push(board.clone());
    Ok(json_response(
        StatusCode::CREATED,
        &board_json(&call.app.settings, &state, &board),
    ))
}

pub(super) fn get(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let board = find_board(call, &state)?;
    Ok(ok(&board_json(&call.app.settings, &state, board)))
}

/// `DELETE board/{id}` → 204. Its sprints stay, as in Jira.
pub(super) fn delete(call: &Call<'_>) -> Result<Response, RestError> {
    let mut state = call.app.lock();
    let id = find_board(call, &state)?.id;
    state.agile.boards.retain(|board| board.id != id);
    Ok(no_content())
}

/// `GET board/{id}/sprint` with `state` (comma-separated or repeated); kanban boards refuse.
pub(super) fn sprints(call: &Call<'_>) -> Result<Response, RestError> {
    let wanted: Vec<SprintState> = call
        .query_list("state")
        .iter()
        .map(|text| {
            SprintState::parse(text).ok_or_else(|| {
                RestError::bad_request(format!(
                    "The sprint state '{text}' is not valid: use future, active or closed."
                ))
            })
        })
        .collect::<Result<_, _>>()?;
    let state = call.app.lock();
    let board = find_board(call, &state)?;
    if board.kind == BoardType::Kanban {
        return Err(RestError::bad_request("The board does not support sprints"));
    }
    let values = state
        .agile
        .sprints
        .iter()
        .filter(|sprint| sprint.board_id == board.id)
        .filter(|sprint| wanted.is_empty() || wanted.contains(&sprint.state))
        .map(|sprint| sprint_json(&call.app.settings, sprint))
        .collect();
    Ok(ok(&values_page(call, values, false)?))
}

/// `GET board/{id}/epic` with `done=true|false`: the Epic issues among the board's.
pub(super) fn epics(call: &Call<'_>) -> Result<Response, RestError> {
    let done = match call.incoming.query_param("done") {
        None => None,
        Some(text) => Some(text.trim().parse::<bool>().map_err(|_| {
            RestError::bad_request(format!(
                "The value '{text}' is not valid for 'done': use true or false."
            ))
        })?),
    };
    let state = call.app.lock();
    let board = find_board(call, &state)?;
    let mut epics = board_issues(call, &state, board)?;
    epics.retain(|issue| {
        issue.issue_type == EPIC_TYPE && done.is_none_or(|done| epic_done(issue) == done)
    });
    epics.sort_by_key(|issue| state.agile.rank_of(issue));
    let values = epics
        .iter()
        .map(|epic| epic_json(&call.app.settings, epic))
        .collect();
    Ok(ok(&values_page(call, values, false)?))
}

/// `GET board/{id}/issue`: all of the board's issues.
pub(super) fn issues(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let board = find_board(call, &state)?;
    let issues = board_issues(call, &state, board)?;
    issue_page(call, &state, issues)
}

/// `GET board/{id}/backlog`: the board's issues in no open (future or active) sprint. Kanban
/// boards have no backlog here, as without the Kanban backlog setting.
pub(super) fn backlog(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let board = find_board(call, &state)?;
    if board.kind == BoardType::Kanban {
        return Err(RestError::bad_request("The board does not support sprints"));
    }
    let mut issues = board_issues(call, &state, board)?;
    issues.retain(|issue| {
        sprint_ids(issue).iter().all(|id| {
            state
                .agile
                .sprint(&id.to_string())
                .is_none_or(|sprint| sprint.state == SprintState::Closed)
        })
    });
    issue_page(call, &state, issues)
}
