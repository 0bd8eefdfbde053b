//! Jira's REST API 2 resources, named as the Python `jira` client names them. Results are
//! Jira's own JSON.

use reqwest::Method;
use serde_json::{Value, json};

use crate::Error;
use crate::client::{Client, Deployment};

impl Client {
    /// `GET serverInfo`: version, deployment type, base URL. Jira answers it anonymously too,
    /// so it proves nothing about credentials; use [`Client::myself`] for that.
    pub async fn server_info(&self) -> Result<Value, Error> {
        self.get("serverInfo", &[]).await
    }

    /// `GET myself`: the user the credentials belong to. Fails with 401 when the request was
    /// anonymous, so a success proves the credentials.
    pub async fn myself(&self) -> Result<Value, Error> {
        self.get("myself", &[]).await
    }

    /// `GET issue/{key}`, optionally limited to `fields` and with `expand`.
    pub async fn issue(
        &self,
        key: &str,
        fields: Option<&[String]>,
        expand: Option<&str>,
    ) -> Result<Value, Error> {
        let fields = fields.map(|fields| fields.join(","));
        let mut query = Vec::new();
        if let Some(fields) = &fields {
            query.push(("fields", fields.as_str()));
        }
        if let Some(expand) = expand {
            query.push(("expand", expand));
        }
        self.get(&issue_path(key, ""), &query).await
    }

    /// Creates an issue from its `fields` and returns it as [`Client::issue`] would.
    ///
    /// `project` may be a key (`"ABC"`), `{"key": …}` or `{"id": …}`; `issuetype` a name
    /// (`"Bug"`, any case), `{"name": …}` or `{"id": …}`: keys and names are resolved to ids.
    pub async fn create_issue(&self, fields: Value) -> Result<Value, Error> {
        let fields = self.resolve_create_fields(fields).await?;
        let created = self.post("issue", &json!({ "fields": fields })).await?;
        let key = created.get("key").and_then(Value::as_str).ok_or_else(|| {
            Error::Invalid(format!("Jira created an issue but sent no key: {created}"))
        })?;
        self.issue(key, None, None).await
    }

    /// Creates several issues in one request (`POST issue/bulk`). Returns Jira's answer:
    /// `{"issues": [{id, key, self}…], "errors": […]}`.
    pub async fn create_issues(&self, issues: Vec<Value>) -> Result<Value, Error> {
        let mut updates = Vec::with_capacity(issues.len());
        for fields in issues {
            updates.push(json!({ "fields": self.resolve_create_fields(fields).await? }));
        }
        self.post("issue/bulk", &json!({ "issueUpdates": updates }))
            .await
    }

    /// Updates an issue's `fields` (`PUT issue/{key}`).
    pub async fn update_issue(&self, key: &str, fields: Value) -> Result<(), Error> {
        self.put(&issue_path(key, ""), &json!({ "fields": fields }))
            .await
            .map(drop)
    }

    /// Deletes an issue; with `delete_subtasks` its sub-tasks too.
    pub async fn delete_issue(&self, key: &str, delete_subtasks: bool) -> Result<(), Error> {
        let subtasks = if delete_subtasks { "true" } else { "false" };
        self.delete(&issue_path(key, ""), &[("deleteSubtasks", subtasks)])
            .await
            .map(drop)
    }

    /// Adds a comment and returns it.
    pub async fn add_comment(&self, key: &str, body: &str) -> Result<Value, Error> {
        self.post(&issue_path(key, "/comment"), &json!({ "body": body }))
            .await
    }

    /// Every comment of an issue, oldest first.
    pub async fn comments(&self, key: &str) -> Result<Vec<Value>, Error> {
        let all = self.get_all(&issue_path(key, "/comment"), &[]).await?;
        Ok(array_field(&all, "comments"))
    }

    /// The transitions the user may take from the issue's current status.
    pub async fn transitions(&self, key: &str) -> Result<Vec<Value>, Error> {
        let answer = self.get(&issue_path(key, "/transitions"), &[]).await?;
        Ok(array_field(&answer, "transitions"))
    }

    /// Moves an issue through a transition, named by id or by name (any case; the target
    /// status's name works too), optionally setting `fields` and adding a comment.
    pub async fn transition_issue(
        &self,
        key: &str,
        transition: &str,
        fields: Option<Value>,
        comment: Option<&str>,
    ) -> Result<(), Error> {
        let available = self.transitions(key).await?;
        let id = choose_transition(key, &available, transition)?;
        let mut body = json!({ "transition": { "id": id } });
        if let Some(fields) = fields {
            body["fields"] = fields;
        }
        if let Some(comment) = comment {
            body["update"] = json!({ "comment": [{ "add": { "body": comment } }] });
        }
        self.post(&issue_path(key, "/transitions"), &body)
            .await
            .map(drop)
    }

    /// Assigns an issue to `user` (a user name on Server, an account id on Cloud), or
    /// unassigns it with `None`.
    pub async fn assign_issue(&self, key: &str, user: Option<&str>) -> Result<(), Error> {
        let body = match self.deployment().await? {
            Deployment::Server => json!({ "name": user }),
            Deployment::Cloud => json!({ "accountId": user }),
        };
        self.put(&issue_path(key, "/assignee"), &body)
            .await
            .map(drop)
    }

    /// Every project the user can see.
    pub async fn projects(&self) -> Result<Vec<Value>, Error> {
        let answer = self.get("project", &[]).await?;
        Ok(answer.as_array().cloned().unwrap_or_default())
    }

    /// One project, by key or id.
    pub async fn project(&self, key: &str) -> Result<Value, Error> {
        self.get(&format!("project/{}", segment(key)), &[]).await
    }

    /// Every field, system and custom.
    pub async fn fields(&self) -> Result<Vec<Value>, Error> {
        let answer = self.get("field", &[]).await?;
        Ok(answer.as_array().cloned().unwrap_or_default())
    }

    /// Users matching `query` (name, display name or e-mail).
    pub async fn search_users(&self, query: &str) -> Result<Vec<Value>, Error> {
        let parameter = match self.deployment().await? {
            Deployment::Server => "username",
            Deployment::Cloud => "query",
        };
        let answer = self.get("user/search", &[(parameter, query)]).await?;
        Ok(answer.as_array().cloned().unwrap_or_default())
    }

    /// The application roles with their seat counts (`GET applicationrole`): what license
    /// monitoring needs.
    pub async fn application_roles(&self) -> Result<Vec<Value>, Error> {
        let answer = self.get("applicationrole", &[]).await?;
        Ok(answer.as_array().cloned().unwrap_or_default())
    }

    /// `GET path`, followed to the end when the answer is a page (`startAt`/`total`,
    /// `isLast`/`values`, Cloud's `nextPageToken`): the items of every page are merged into
    /// the first page's item array. Other answers come back as they are.
    pub async fn get_all(&self, path: &str, query: &[(&str, &str)]) -> Result<Value, Error> {
        let request = crate::ApiRequest::new(Method::GET, path).queries(query.iter().copied());
        crate::pages::merged(self, &request).await
    }

    async fn resolve_create_fields(&self, fields: Value) -> Result<Value, Error> {
        let Value::Object(mut fields) = fields else {
            return Err(Error::Invalid(
                "an issue's fields must be a map, e.g. #{project: \"ABC\", summary: \"…\", issuetype: \"Task\"}"
                    .to_owned(),
            ));
        };
        let project_ref = match fields.get("project") {
            Some(Value::String(key)) => Some(key.clone()),
            Some(Value::Object(project)) if !project.contains_key("id") => project
                .get("key")
                .and_then(Value::as_str)
                .map(str::to_owned),
            Some(Value::Object(_)) => None,
            _ => {
                return Err(Error::Invalid(
                    "an issue needs a `project` (its key, e.g. \"ABC\")".to_owned(),
                ));
            }
        };
        let wants_type_lookup = matches!(fields.get("issuetype"), Some(Value::String(_)))
            || fields
                .get("issuetype")
                .and_then(Value::as_object)
                .is_some_and(|kind| !kind.contains_key("id"));
        let project = match (&project_ref, wants_type_lookup) {
            (Some(key), _) => Some(self.project(key).await?),
            (None, true) => {
                let id = fields
                    .get("project")
                    .and_then(|project| project.get("id"))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                Some(self.project(&id).await?)
            }
            (None, false) => None,
        };
        if let Some(project) = &project {
            if let Some(id) = project.get("id") {
                fields.insert("project".to_owned(), json!({ "id": id }));
            }
            if wants_type_lookup {
                let name = match fields.get("issuetype") {
                    Some(Value::String(name)) => name.clone(),
                    Some(kind) => kind
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                    None => String::new(),
                };
                let id = issue_type_id(project, &name)?;
                fields.insert("issuetype".to_owned(), json!({ "id": id }));
            }
        }
        Ok(Value::Object(fields))
    }
}

/// The id of the transition `wanted` names: by id, by name, or by the name of the status it
/// leads to (any case); an error lists what is available.
fn choose_transition(key: &str, available: &[Value], wanted: &str) -> Result<String, Error> {
    let trimmed = wanted.trim();
    let id_of = |candidate: &Value| {
        candidate
            .get("id")
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let named = |candidate: &Value, pointer: &str| {
        candidate
            .pointer(pointer)
            .and_then(Value::as_str)
            .is_some_and(|name| name.eq_ignore_ascii_case(trimmed))
    };
    let chosen = available
        .iter()
        .find(|candidate| id_of(candidate).as_deref() == Some(trimmed))
        .or_else(|| available.iter().find(|candidate| named(candidate, "/name")))
        .or_else(|| {
            available
                .iter()
                .find(|candidate| named(candidate, "/to/name"))
        })
        .and_then(id_of);
    chosen.ok_or_else(|| {
        let names: Vec<String> = available
            .iter()
            .filter_map(|candidate| {
                let id = candidate.get("id").and_then(Value::as_str)?;
                let name = candidate.get("name").and_then(Value::as_str)?;
                Some(format!("{name} (id {id})"))
            })
            .collect();
        Error::Invalid(format!(
            "{key} has no transition `{wanted}`; available: {}",
            if names.is_empty() {
                "none".to_owned()
            } else {
                names.join(", ")
            }
        ))
    })
}

fn issue_type_id(project: &Value, name: &str) -> Result<Value, Error> {
    let types = project
        .get("issueTypes")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    types
        .iter()
        .find(|kind| {
            kind.get("name")
                .and_then(Value::as_str)
                .is_some_and(|candidate| candidate.eq_ignore_ascii_case(name.trim()))
        })
        .and_then(|kind| kind.get("id").cloned())
        .ok_or_else(|| {
            let names: Vec<&str> = types
                .iter()
                .filter_map(|kind| kind.get("name").and_then(Value::as_str))
                .collect();
            let project_key = project
                .get("key")
                .and_then(Value::as_str)
                .unwrap_or("the project");
            Error::Invalid(format!(
                "{project_key} has no issue type `{name}`; available: {}",
                if names.is_empty() {
                    "none".to_owned()
                } else {
                    names.join(", ")
                }
            ))
        })
}

fn array_field(answer: &Value, field: &str) -> Vec<Value> {
    answer
        .get(field)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

use crate::methods::segment;

fn issue_path(key: &str, rest: &str) -> String {
    format!("issue/{}{rest}", segment(key))
}
