//! Filters and dashboards: `filter` POST (`name`, `description`, `jql`, `favourite`; 200),
//! `filter/{id}` GET, PUT (owner), DELETE (owner or admin; 204), `filter/favourite`;
//! `dashboard` (`filter=favourite|my`, `startAt`, `maxResults`; `{startAt, maxResults, total,
//! dashboards}`), `dashboard/{id}`, `dashboard/{id}/items/{item}/properties` and
//! `…/properties/{key}` GET, PUT (201 created, 200 updated). Dashboards: 10000 "System
//! Dashboard" (everyone's favourite) and 10100 "Team Dashboard" (the first user's).

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::entity_json::user_json;
use super::{Call, RestError, empty, no_content, ok, page_json};
use crate::state::{Filter, State};

const DASHBOARDS: [(&str, &str); 2] = [("10000", "System Dashboard"), ("10100", "Team Dashboard")];

fn filter_json(call: &Call<'_>, filter: &Filter) -> Value {
    let settings = &call.app.settings;
    json!({
        "self": settings.link(&format!("/rest/api/2/filter/{}", filter.id)),
        "id": filter.id.to_string(),
        "name": filter.name,
        "description": filter.description,
        "owner": user_json(settings, &filter.owner),
        "jql": filter.jql,
        "viewUrl": settings.link(&format!("/issues/?filter={}", filter.id)),
        "searchUrl": settings.link(&format!("/rest/api/2/search?jql={}", oauth1::percent_encode(&filter.jql))),
        "favourite": filter.favourite_of.iter().any(|name| Some(name) == call.user.as_ref()),
        "favouritedCount": filter.favourite_of.len(),
        "sharePermissions": [],
        "sharedUsers": { "size": 0, "items": [], "max-results": 1000, "start-index": 0, "end-index": 0 },
        "subscriptions": { "size": 0, "items": [], "max-results": 1000, "start-index": 0, "end-index": 0 },
    })
}

fn find(state: &State, id: &str) -> Result<Filter, RestError> {
    state
        .filters
        .iter()
        .find(|filter| filter.id.to_string() == id)
        .cloned()
        .ok_or_else(|| {
            RestError::bad_request(format!(
                "The selected filter with id '{id}' does not exist."
            ))
        })
}

/// Applies `name`, `description`, `jql` and `favourite` from `body`, checking the JQL.
fn apply(
    call: &Call<'_>,
    state: &State,
    filter: &mut Filter,
    body: &Value,
) -> Result<(), RestError> {
    if let Some(name) = body.get("name").and_then(Value::as_str) {
        let taken = state.filters.iter().any(|other| {
            other.id != filter.id && other.owner == filter.owner && other.name == name
        });
        if name.trim().is_empty() || taken {
            return Err(RestError::field(
                "filterName",
                "You must specify a unique filter name.",
            ));
        }
        filter.name = name.to_owned();
    }
    if let Some(description) = body.get("description").and_then(Value::as_str) {
        filter.description = description.to_owned();
    }
    if let Some(jql) = body.get("jql").and_then(Value::as_str) {
        crate::jql::parse(jql).map_err(|message| RestError::field("jql", message))?;
        filter.jql = jql.to_owned();
    }
    if let Some(favourite) = body.get("favourite").and_then(Value::as_bool) {
        let me = call.user_name().to_owned();
        filter.favourite_of.retain(|name| *name != me);
        if favourite {
            filter.favourite_of.push(me);
        }
    }
    Ok(())
}

pub(super) fn create(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let mut state = call.app.lock();
    if body.get("name").and_then(Value::as_str).is_none() {
        return Err(RestError::field(
            "filterName",
            "You must specify a unique filter name.",
        ));
    }
    let id = state.next_filter_id();
    let mut filter = Filter {
        id,
        name: String::new(),
        description: String::new(),
        jql: String::new(),
        owner: call.user_name().to_owned(),
        favourite_of: Vec::new(),
    };
    apply(call, &state, &mut filter, &body)?;
    state.filters.push(filter.clone());
    Ok(ok(&filter_json(call, &filter)))
}

pub(super) fn get(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    Ok(ok(&filter_json(call, &find(&state, call.param("id"))?)))
}

pub(super) fn update(call: &Call<'_>) -> Result<Response, RestError> {
    let body = call.json_body()?;
    let mut state = call.app.lock();
    let mut filter = find(&state, call.param("id"))?;
    if filter.owner != call.user_name() {
        return Err(RestError::bad_request(
            "You do not have permission to edit this filter: only its owner may.",
        ));
    }
    apply(call, &state, &mut filter, &body)?;
    if let Some(stored) = state
        .filters
        .iter_mut()
        .find(|stored| stored.id == filter.id)
    {
        *stored = filter.clone();
    }
    Ok(ok(&filter_json(call, &filter)))
}

pub(super) fn delete(call: &Call<'_>) -> Result<Response, RestError> {
    let is_admin = call.is_admin();
    let mut state = call.app.lock();
    let filter = find(&state, call.param("id"))?;
    if filter.owner != call.user_name() && !is_admin {
        return Err(RestError::bad_request(
            "You do not have permission to delete this filter: only its owner or an administrator may.",
        ));
    }
    state.filters.retain(|kept| kept.id != filter.id);
    Ok(no_content())
}

pub(super) fn favourites(call: &Call<'_>) -> Result<Response, RestError> {
    let state = call.app.lock();
    let mine: Vec<Value> = state
        .filters
        .iter()
        .filter(|filter| {
            filter
                .favourite_of
                .iter()
                .any(|name| name == call.user_name())
        })
        .map(|filter| filter_json(call, filter))
        .collect();
    Ok(ok(&Value::Array(mine)))
}

fn dashboard_json(call: &Call<'_>, (id, name): (&str, &str)) -> Value {
    json!({
        "id": id,
        "name": name,
        "self": call.app.settings.link(&format!("/rest/api/2/dashboard/{id}")),
        "view": call.app.settings.link(&format!("/secure/Dashboard.jspa?selectPageId={id}")),
    })
}

/// `GET dashboard`: `filter=favourite` gives both, `filter=my` the first user's own.
pub(super) fn dashboards(call: &Call<'_>) -> Result<Response, RestError> {
    let start_at = call.number_param("startAt", 0)?;
    let max_results = call.number_param("maxResults", 20)?;
    let owner = call.app.lock().users.first().map(|user| user.name.clone());
    let selected: Vec<(&str, &str)> = match call.incoming.query_param("filter").as_deref() {
        None | Some("" | "favourite") => DASHBOARDS.to_vec(),
        Some("my") => DASHBOARDS
            .iter()
            .copied()
            .skip(1)
            .filter(|_| owner.as_deref() == call.user.as_deref())
            .collect(),
        Some(other) => {
            return Err(RestError::bad_request(format!(
                "The filter '{other}' is not valid: use favourite or my."
            )));
        }
    };
    Ok(ok(&page_json(
        "dashboards",
        &selected,
        start_at,
        max_results,
        |dashboard| dashboard_json(call, *dashboard),
    )))
}

fn dashboard(id: &str) -> Result<(&'static str, &'static str), RestError> {
    DASHBOARDS
        .iter()
        .find(|(dashboard_id, _)| *dashboard_id == id)
        .copied()
        .ok_or_else(|| {
            RestError::not_found(format!("The dashboard with id '{id}' does not exist."))
        })
}

pub(super) fn get_dashboard(call: &Call<'_>) -> Result<Response, RestError> {
    Ok(ok(&dashboard_json(call, dashboard(call.param("id"))?)))
}

fn item_key(call: &Call<'_>) -> Result<(String, String), RestError> {
    let (id, _) = dashboard(call.param("dashboardId"))?;
    Ok((id.to_owned(), call.param("itemId").to_owned()))
}

pub(super) fn item_property_keys(call: &Call<'_>) -> Result<Response, RestError> {
    let key = item_key(call)?;
    let state = call.app.lock();
    let keys: Vec<Value> = state
        .dashboard_item_properties
        .get(&key)
        .map(|properties| {
            properties
                .keys()
                .map(|name| json!({ "key": name, "self": call.app.settings.link(&format!("/rest/api/2/dashboard/{}/items/{}/properties/{name}", key.0, key.1)) }))
                .collect()
        })
        .unwrap_or_default();
    Ok(ok(&json!({ "keys": keys })))
}

pub(super) fn item_property(call: &Call<'_>) -> Result<Response, RestError> {
    let key = item_key(call)?;
    let name = call.param("propertyKey");
    let state = call.app.lock();
    let value = state
        .dashboard_item_properties
        .get(&key)
        .and_then(|properties| properties.get(name))
        .ok_or_else(|| {
            RestError::not_found(format!("The property with key '{name}' does not exist."))
        })?;
    Ok(ok(&json!({ "key": name, "value": value })))
}

pub(super) fn set_item_property(call: &Call<'_>) -> Result<Response, RestError> {
    let value = call.json_body()?;
    let key = item_key(call)?;
    let name = call.param("propertyKey").to_owned();
    let existed = call
        .app
        .lock()
        .dashboard_item_properties
        .entry(key)
        .or_default()
        .insert(name, value)
        .is_some();
    Ok(empty(if existed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    }))
}
