//! What comments and worklogs share: each sits on an issue under its own id, only its author or
//! an administrator may change it, and it may be restricted to a group or project role.

use std::borrow::Cow;

use serde_json::{Value, json};

use super::{Call, RestError};
use crate::data::{Comment, Issue, Worklog};
use crate::state::State;

/// The project roles comments and worklogs can be restricted to.
pub(super) const ROLES: [&str; 3] = ["Administrators", "Developers", "Users"];

/// A record kept on an issue that its author owns.
pub(super) trait Authored: Sized {
    /// How Jira's refusals name it.
    const NOUN: &'static str;
    fn all(issue: &Issue) -> &[Self];
    fn id(&self) -> u64;
    fn author(&self) -> Option<&str>;
    /// Jira's 404 message for an id that names none.
    fn missing(id: &str) -> String;
}

impl Authored for Comment {
    const NOUN: &'static str = "comment";
    fn all(issue: &Issue) -> &[Self] {
        &issue.comments
    }
    fn id(&self) -> u64 {
        self.id
    }
    fn author(&self) -> Option<&str> {
        self.author.as_deref()
    }
    fn missing(id: &str) -> String {
        format!("Can not find a comment for the id: {id}.")
    }
}

impl Authored for Worklog {
    const NOUN: &'static str = "worklog";
    fn all(issue: &Issue) -> &[Self] {
        &issue.worklogs
    }
    fn id(&self) -> u64 {
        self.id
    }
    fn author(&self) -> Option<&str> {
        self.author.as_deref()
    }
    fn missing(id: &str) -> String {
        format!("Cannot find worklog with id: '{id}'.")
    }
}

/// The issue the path names and its record whose id the path ends with
/// (`issue/{idOrKey}/comment/{id}`).
pub(super) fn find<'a, R: Authored>(
    state: &'a State,
    call: &Call<'_>,
) -> Result<(&'a Issue, &'a R), RestError> {
    let id = call.param("id");
    // Records exist only on issues written to, which the catalog stores and lends; a generated
    // issue, built on demand, has none.
    let Cow::Borrowed(issue) = call.path_issue(state)? else {
        return Err(RestError::not_found(R::missing(id)));
    };
    R::all(issue)
        .iter()
        .find(|record| record.id().to_string() == id)
        .map(|record| (issue, record))
        .ok_or_else(|| RestError::not_found(R::missing(id)))
}

/// [`find`], refused unless the caller may `action` (`edit`, `delete`) the record.
pub(super) fn find_to_change<'a, R: Authored>(
    state: &'a State,
    call: &Call<'_>,
    action: &str,
) -> Result<(&'a Issue, &'a R), RestError> {
    let (issue, record) = find::<R>(state, call)?;
    if !may_change(call, state, record.author()) {
        return Err(RestError::forbidden(format!(
            "You do not have the permission to {action} this {}.",
            R::NOUN
        )));
    }
    Ok((issue, record))
}

/// Whether the caller may change `author`'s record: their own, or any as an administrator.
pub(super) fn may_change(call: &Call<'_>, state: &State, author: Option<&str>) -> bool {
    author == call.user.as_deref() || state.is_admin(call.user_name())
}

/// A checked `visibility` object (`{"type": "group"|"role", "value": …}`), or `None`.
pub(super) fn visibility(state: &State, body: &Value) -> Result<Option<Value>, RestError> {
    let Some(visibility) = body.get("visibility").filter(|value| !value.is_null()) else {
        return Ok(None);
    };
    let kind = visibility
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let value = visibility
        .get("value")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let known = match kind {
        "group" => state.groups.contains_key(value),
        "role" => ROLES.contains(&value),
        _ => {
            return Err(RestError::field(
                "commentLevel",
                "The visibility type must be 'group' or 'role'.",
            ));
        }
    };
    if !known {
        let what = if kind == "group" { "Group" } else { "Role" };
        return Err(RestError::field(
            "commentLevel",
            format!("{what}: '{value}' does not exist."),
        ));
    }
    Ok(Some(json!({ "type": kind, "value": value })))
}
