//! The custom fields every issue has. Two are both called "Team" on purpose: clients that map
//! names to ids must cope with ambiguity, as on real instances.

use serde_json::{Value, json};

/// How a custom field's value is given, stored and shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A float (`Story Points`).
    Number,
    /// An epic's issue key (`Epic Link`).
    EpicLink,
    /// Sprint ids; shown as sprint objects.
    Sprint,
    /// Free text.
    Text,
    /// One option of a select list, stored as the option id.
    Select,
}

#[derive(Debug)]
pub(crate) struct CustomField {
    pub id: &'static str,
    pub name: &'static str,
    pub kind: Kind,
    /// The plugin type key Jira reports as `schema.custom`.
    pub custom: &'static str,
}

pub(crate) const CUSTOM_FIELDS: [CustomField; 6] = [
    CustomField {
        id: "customfield_10002",
        name: "Story Points",
        kind: Kind::Number,
        custom: "com.atlassian.jira.plugin.system.customfieldtypes:float",
    },
    CustomField {
        id: "customfield_10100",
        name: "Epic Link",
        kind: Kind::EpicLink,
        custom: "com.pyxis.greenhopper.jira:gh-epic-link",
    },
    CustomField {
        id: "customfield_10101",
        name: "Sprint",
        kind: Kind::Sprint,
        custom: "com.pyxis.greenhopper.jira:gh-sprint",
    },
    CustomField {
        id: "customfield_10200",
        name: "Team",
        kind: Kind::Text,
        custom: "com.atlassian.jira.plugin.system.customfieldtypes:textfield",
    },
    CustomField {
        id: "customfield_10201",
        name: "Team",
        kind: Kind::Text,
        custom: "com.atlassian.jira.plugin.system.customfieldtypes:textfield",
    },
    CustomField {
        id: "customfield_10300",
        name: "Severity",
        kind: Kind::Select,
        custom: "com.atlassian.jira.plugin.system.customfieldtypes:select",
    },
];

/// Severity's options: id and value.
pub(crate) const SEVERITY_OPTIONS: [(u64, &str); 4] = [
    (10300, "Critical"),
    (10301, "Major"),
    (10302, "Minor"),
    (10303, "Trivial"),
];

pub(crate) fn custom_field(id: &str) -> Option<&'static CustomField> {
    CUSTOM_FIELDS.iter().find(|field| field.id == id)
}

impl CustomField {
    /// The number in `customfield_NNNNN`.
    pub(crate) fn custom_id(&self) -> u64 {
        self.id
            .trim_start_matches("customfield_")
            .parse()
            .unwrap_or_default()
    }

    pub(crate) fn schema(&self) -> Value {
        let mut schema = match self.kind {
            Kind::Number => json!({ "type": "number" }),
            Kind::EpicLink => json!({ "type": "any" }),
            Kind::Sprint => json!({ "type": "array", "items": "string" }),
            Kind::Text => json!({ "type": "string" }),
            Kind::Select => json!({ "type": "option" }),
        };
        schema["custom"] = json!(self.custom);
        schema["customId"] = json!(self.custom_id());
        schema
    }

    /// The stored form of a value given on create or edit; `Ok(None)` clears the field.
    /// `issue_exists` tells whether an epic key names an issue.
    pub(crate) fn parse(
        &self,
        value: &Value,
        issue_exists: impl Fn(&str) -> bool,
    ) -> Result<Option<Value>, String> {
        if value.is_null() {
            return Ok(None);
        }
        match self.kind {
            Kind::Number => match value {
                Value::Number(_) => Ok(Some(value.clone())),
                Value::String(text) => text
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .map(|number| Some(json!(number)))
                    .ok_or_else(|| format!("'{text}' is an invalid number")),
                _ => Err("Operation value must be a number".to_owned()),
            },
            Kind::EpicLink => match value.as_str() {
                Some(key) if issue_exists(key) => Ok(Some(json!(key.to_uppercase()))),
                Some(key) => Err(format!("Issue '{key}' does not exist.")),
                None => Err("Epic Link must be an issue key.".to_owned()),
            },
            Kind::Sprint => {
                let ids = match value {
                    Value::Array(items) => items.iter().map(Value::as_u64).collect(),
                    single => single.as_u64().map(|id| vec![id]),
                };
                ids.map(|ids| Some(json!(ids)))
                    .ok_or_else(|| "Number value expected as the Sprint id.".to_owned())
            }
            Kind::Text => value
                .as_str()
                .map(|text| Some(json!(text)))
                .ok_or_else(|| "Operation value must be a string".to_owned()),
            Kind::Select => {
                let wanted = value
                    .get("id")
                    .map(|id| id.as_str().map_or_else(|| id.to_string(), str::to_owned))
                    .or_else(|| {
                        value
                            .get("value")
                            .and_then(Value::as_str)
                            .map(str::to_owned)
                    })
                    .or_else(|| value.as_str().map(str::to_owned));
                wanted
                    .as_deref()
                    .and_then(severity_option)
                    .map(|(id, _)| Some(json!(id)))
                    .ok_or_else(|| {
                        format!("Option value '{}' is not valid", wanted.unwrap_or_default())
                    })
            }
        }
    }
}

/// A Severity option by id or value.
pub(crate) fn severity_option(id_or_value: &str) -> Option<(u64, &'static str)> {
    SEVERITY_OPTIONS
        .iter()
        .find(|(id, value)| {
            id.to_string() == id_or_value || value.eq_ignore_ascii_case(id_or_value)
        })
        .copied()
}
