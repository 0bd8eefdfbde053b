//! The changelog: each edit, transition or assignment that changes something becomes one
//! history entry listing every field it changed, with Jira's field names (`Component`,
//! `Fix Version`, custom fields by name) and both the raw value and its display string.

use serde_json::Value;

use super::custom_fields::{CUSTOM_FIELDS, CustomField, Kind, severity_option};
use super::{
    Catalog, ChangeItem, History, ISSUE_TYPES, Issue, PRIORITIES, ProjectItem, display_name,
};

/// A field's value as the changelog records it: the raw value and the display string.
type Recorded = (Option<String>, Option<String>);

fn joined(values: impl Iterator<Item = String>) -> Option<String> {
    let values: Vec<String> = values.collect();
    (!values.is_empty()).then(|| values.join(", "))
}

fn custom_display(kind: Kind, value: &Value) -> Option<String> {
    match (kind, value) {
        (Kind::Select, value) => value
            .as_u64()
            .and_then(|id| severity_option(&id.to_string()))
            .map(|(_, name)| name.to_owned()),
        (Kind::Sprint, Value::Array(ids)) => joined(ids.iter().map(Value::to_string)),
        (_, Value::String(text)) => Some(text.clone()),
        (_, other) => Some(other.to_string()),
    }
}

/// Every tracked field of `issue`: name, field type and recorded value.
fn tracked(catalog: &Catalog, issue: &Issue) -> Vec<(&'static str, &'static str, Recorded)> {
    let mut fields = system_fields(catalog, issue);
    fields.extend(
        CUSTOM_FIELDS
            .iter()
            .map(|field| (field.name, "custom", custom_recorded(field, issue))),
    );
    fields
}

/// The tracked system fields of `issue`, in the changelog's order.
fn system_fields(catalog: &Catalog, issue: &Issue) -> Vec<(&'static str, &'static str, Recorded)> {
    let same = |text: Option<String>| (None, text);
    let pair = |id: &str, name: &str| (Some(id.to_owned()), Some(name.to_owned()));
    let seconds = |value: Option<i64>| (value.map(|s| s.to_string()), value.map(|s| s.to_string()));
    let (priority_id, priority_name) = PRIORITIES.get(issue.priority).copied().unwrap_or_default();
    let (type_id, type_name) = ISSUE_TYPES
        .get(issue.issue_type)
        .map_or(("", ""), |kind| (kind.id, kind.name));
    let assignee = (
        issue.assignee.clone(),
        issue.assignee.as_deref().map(display_name),
    );
    let resolution = match issue.resolved {
        Some(_) => pair("10000", "Done"),
        None => (None, None),
    };
    let spent = Some(issue.time_spent()).filter(|s| *s > 0);
    vec![
        ("summary", "jira", same(Some(issue.summary.clone()))),
        ("description", "jira", same(issue.description.clone())),
        ("labels", "jira", same(joined(issue.labels.iter().cloned()))),
        ("priority", "jira", pair(priority_id, priority_name)),
        ("issuetype", "jira", pair(type_id, type_name)),
        ("assignee", "jira", assignee),
        (
            "status",
            "jira",
            pair(issue.status.id(), issue.status.name()),
        ),
        ("resolution", "jira", resolution),
        (
            "Component",
            "jira",
            named(&issue.components, &catalog.components),
        ),
        (
            "Fix Version",
            "jira",
            named(&issue.fix_versions, &catalog.versions),
        ),
        ("Version", "jira", named(&issue.versions, &catalog.versions)),
        (
            "timeoriginalestimate",
            "jira",
            seconds(issue.original_estimate),
        ),
        ("timeestimate", "jira", seconds(issue.remaining_estimate)),
        ("timespent", "jira", seconds(spent)),
    ]
}

/// The ids and the names of the `items` with these ids, each joined as the changelog shows them.
fn named<T: ProjectItem>(ids: &[u64], items: &[T]) -> Recorded {
    let names = ids.iter().filter_map(|id| {
        items
            .iter()
            .find(|item| item.id() == *id)
            .map(|item| item.name().to_owned())
    });
    (joined(ids.iter().map(u64::to_string)), joined(names))
}

/// A custom field's value in `issue` as the changelog records it.
fn custom_recorded(field: &CustomField, issue: &Issue) -> Recorded {
    let value = issue.custom.get(field.id);
    (
        value.map(|value| match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        }),
        value.and_then(|value| custom_display(field.kind, value)),
    )
}

/// What changed from `old` to `new`.
pub(crate) fn diff(catalog: &Catalog, old: &Issue, new: &Issue) -> Vec<ChangeItem> {
    tracked(catalog, old)
        .into_iter()
        .zip(tracked(catalog, new))
        .filter(|((_, _, before), (_, _, after))| before != after)
        .map(
            |((field, fieldtype, (from, from_string)), (_, _, (to, to_string)))| ChangeItem {
                field: field.to_owned(),
                fieldtype,
                from,
                from_string,
                to,
                to_string,
            },
        )
        .collect()
}

impl Catalog {
    /// Stores `issue` over the issue with its id, recording what changed as one history entry by
    /// `author` and bumping `updated` when anything did. False when the issue is gone.
    pub(crate) fn commit(&mut self, mut issue: Issue, author: Option<&str>, now: i64) -> bool {
        let Some(index) = self.issue_index(&issue.id.to_string()) else {
            return false;
        };
        let Some(stored) = self.issue_at(index) else {
            return false;
        };
        let items = diff(self, &stored, &issue);
        if !items.is_empty() {
            let id = self.next_id("history");
            issue.changelog.push(History {
                id,
                author: author.map(str::to_owned),
                created: now,
                items,
            });
            issue.updated = now;
        }
        match self.issue_at_mut(index) {
            Some(stored) => {
                *stored = issue;
                true
            }
            None => false,
        }
    }

    /// Records a change that is not a field value (an attachment, a link, a worklog) on the
    /// issue with `issue_id`.
    pub(crate) fn record(
        &mut self,
        issue_id: u64,
        author: Option<&str>,
        now: i64,
        item: ChangeItem,
    ) {
        let id = self.next_id("history");
        if let Some(issue) = self.issue_by_id_mut(issue_id) {
            issue.changelog.push(History {
                id,
                author: author.map(str::to_owned),
                created: now,
                items: vec![item],
            });
            issue.updated = now;
        }
    }
}
