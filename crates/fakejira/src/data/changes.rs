//! The changelog: each edit, transition or assignment that changes something becomes one
//! history entry listing every field it changed, with Jira's field names (`Component`,
//! `Fix Version`, custom fields by name) and both the raw value and its display string.

use serde_json::Value;

use super::custom_fields::{CUSTOM_FIELDS, Kind, severity_option};
use super::{Catalog, ChangeItem, History, ISSUE_TYPES, Issue, PRIORITIES, display_name};

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
    let same = |text: Option<String>| (None, text);
    let pair = |id: String, name: String| (Some(id), Some(name));
    let versions = |ids: &[u64]| {
        let names = ids.iter().filter_map(|id| {
            catalog
                .versions
                .iter()
                .find(|version| version.id == *id)
                .map(|version| version.name.clone())
        });
        (joined(ids.iter().map(u64::to_string)), joined(names))
    };
    let components = {
        let names = issue.components.iter().filter_map(|id| {
            catalog
                .components
                .iter()
                .find(|component| component.id == *id)
                .map(|component| component.name.clone())
        });
        (
            joined(issue.components.iter().map(u64::to_string)),
            joined(names),
        )
    };
    let seconds = |value: Option<i64>| (value.map(|s| s.to_string()), value.map(|s| s.to_string()));
    let (priority_id, priority_name) = PRIORITIES.get(issue.priority).copied().unwrap_or_default();
    let issue_type = ISSUE_TYPES.get(issue.issue_type);
    let mut fields = vec![
        ("summary", "jira", same(Some(issue.summary.clone()))),
        ("description", "jira", same(issue.description.clone())),
        ("labels", "jira", same(joined(issue.labels.iter().cloned()))),
        (
            "priority",
            "jira",
            pair(priority_id.to_owned(), priority_name.to_owned()),
        ),
        (
            "issuetype",
            "jira",
            pair(
                issue_type
                    .map(|kind| kind.id)
                    .unwrap_or_default()
                    .to_owned(),
                issue_type
                    .map(|kind| kind.name)
                    .unwrap_or_default()
                    .to_owned(),
            ),
        ),
        (
            "assignee",
            "jira",
            (
                issue.assignee.clone(),
                issue.assignee.as_deref().map(display_name),
            ),
        ),
        (
            "status",
            "jira",
            pair(issue.status.id().to_owned(), issue.status.name().to_owned()),
        ),
        (
            "resolution",
            "jira",
            match issue.resolved {
                Some(_) => pair("10000".to_owned(), "Done".to_owned()),
                None => (None, None),
            },
        ),
        ("Component", "jira", components),
        ("Fix Version", "jira", versions(&issue.fix_versions)),
        ("Version", "jira", versions(&issue.versions)),
        (
            "timeoriginalestimate",
            "jira",
            seconds(issue.original_estimate),
        ),
        ("timeestimate", "jira", seconds(issue.remaining_estimate)),
        (
            "timespent",
            "jira",
            seconds(Some(issue.time_spent()).filter(|s| *s > 0)),
        ),
    ];
    for field in &CUSTOM_FIELDS {
        let value = issue.custom.get(field.id);
        fields.push((
            field.name,
            "custom",
            (
                value.map(|value| match value {
                    Value::String(text) => text.clone(),
                    other => other.to_string(),
                }),
                value.and_then(|value| custom_display(field.kind, value)),
            ),
        ));
    }
    fields
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
