//! The subset of JQL the simulator understands, and running it over the catalog.
//!
//! Grammar: `clause (AND clause)* [ORDER BY sort (, sort)*]` where a clause is
//! `field = value` with `field` one of `project`, `key` (or `issuekey`), `status`, `assignee`,
//! `issuetype` (or `type`), a value is a bare word, a quoted string or `currentUser()`, and a
//! sort is `key`, `created` or `updated`, optionally `ASC`/`DESC`. Keywords are
//! case-insensitive; the empty query matches everything. Without `ORDER BY` issues come in key
//! order. Anything else is refused with a Jira-worded message.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

use crate::data::{Catalog, ISSUE_TYPES, Issue, Status, exact_id};

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Query {
    clauses: Vec<Clause>,
    order: Vec<(SortKey, Direction)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Clause {
    field: Field,
    value: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Project,
    Key,
    Status,
    Assignee,
    IssueType,
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::Project => "project",
            Field::Key => "key",
            Field::Status => "status",
            Field::Assignee => "assignee",
            Field::IssueType => "issuetype",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    Text(String),
    CurrentUser,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortKey {
    Key,
    Created,
    Updated,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Ascending,
    Descending,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(String),
    Quoted(String),
    Symbol(String),
}

impl Token {
    fn text(&self) -> &str {
        match self {
            Token::Word(text) | Token::Quoted(text) | Token::Symbol(text) => text,
        }
    }

    fn is_keyword(&self, keyword: &str) -> bool {
        matches!(self, Token::Word(word) if word.eq_ignore_ascii_case(keyword))
    }
}

fn tokenize(jql: &str) -> Result<Vec<(Token, usize)>, String> {
    let chars: Vec<char> = jql.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let position = i + 1;
        if c.is_whitespace() {
            i += 1;
        } else if c == '"' || c == '\'' {
            let mut text = String::new();
            i += 1;
            loop {
                match chars.get(i) {
                    None => {
                        return Err(format!(
                            "Error in the JQL Query: The quoted string starting at character \
                             {position} has not been completed."
                        ));
                    }
                    Some('\\') => {
                        if let Some(escaped) = chars.get(i + 1) {
                            text.push(*escaped);
                        }
                        i += 2;
                    }
                    Some(quote) if *quote == c => {
                        i += 1;
                        break;
                    }
                    Some(other) => {
                        text.push(*other);
                        i += 1;
                    }
                }
            }
            tokens.push((Token::Quoted(text), position));
        } else if "=!~<>(),".contains(c) {
            let mut symbol = c.to_string();
            if matches!(c, '!' | '<' | '>') && chars.get(i + 1) == Some(&'=') {
                symbol.push('=');
                i += 1;
            }
            i += 1;
            tokens.push((Token::Symbol(symbol), position));
        } else {
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() && !"=!~<>(),\"'".contains(chars[i])
            {
                i += 1;
            }
            tokens.push((Token::Word(chars[start..i].iter().collect()), position));
        }
    }
    Ok(tokens)
}

/// Parses a query; the error is the message Jira's 400 answer carries.
pub(crate) fn parse(jql: &str) -> Result<Query, String> {
    let tokens = tokenize(jql)?;
    let mut parser = Parser { tokens, next: 0 };
    let mut query = Query {
        clauses: Vec::new(),
        order: Vec::new(),
    };
    if parser
        .peek()
        .is_some_and(|token| !token.is_keyword("ORDER"))
    {
        query.clauses.push(parser.clause()?);
        while parser.peek().is_some_and(|token| token.is_keyword("AND")) {
            parser.next += 1;
            query.clauses.push(parser.clause()?);
        }
    }
    if parser.peek().is_some_and(|token| token.is_keyword("ORDER")) {
        parser.next += 1;
        parser.expect_keyword("BY")?;
        loop {
            query.order.push(parser.sort()?);
            if parser.peek().is_some_and(|token| token.text() == ",") {
                parser.next += 1;
            } else {
                break;
            }
        }
    }
    if let Some((token, position)) = parser.tokens.get(parser.next) {
        let hint = if token.is_keyword("OR") || token.is_keyword("NOT") {
            " (fakejira joins clauses with AND only)"
        } else {
            ""
        };
        return Err(format!(
            "Error in the JQL Query: Expecting either 'AND' or 'ORDER BY' but got '{}'{hint}. \
             (line 1, character {position})",
            token.text()
        ));
    }
    Ok(query)
}

struct Parser {
    tokens: Vec<(Token, usize)>,
    next: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next).map(|(token, _)| token)
    }

    fn take(&mut self, expecting: &str) -> Result<(Token, usize), String> {
        let taken = self.tokens.get(self.next).cloned().ok_or_else(|| {
            format!(
                "Error in the JQL Query: Expecting {expecting} but reached the end of the query."
            )
        })?;
        self.next += 1;
        Ok(taken)
    }

    fn expect_keyword(&mut self, keyword: &str) -> Result<(), String> {
        let (token, position) = self.take(&format!("'{keyword}'"))?;
        if token.is_keyword(keyword) {
            Ok(())
        } else {
            Err(format!(
                "Error in the JQL Query: Expecting '{keyword}' but got '{}'. (line 1, character {position})",
                token.text()
            ))
        }
    }

    fn clause(&mut self) -> Result<Clause, String> {
        let (token, position) = self.take("a field name")?;
        let field = match token {
            Token::Word(ref word) | Token::Quoted(ref word) => match word.to_lowercase().as_str() {
                "project" => Field::Project,
                "key" | "issuekey" | "issue" | "id" => Field::Key,
                "status" => Field::Status,
                "assignee" => Field::Assignee,
                "issuetype" | "type" => Field::IssueType,
                _ => {
                    return Err(format!(
                        "Field '{word}' does not exist or you do not have permission to view it."
                    ));
                }
            },
            Token::Symbol(symbol) => {
                return Err(format!(
                    "Error in the JQL Query: Expecting a field name but got '{symbol}'. (line 1, character {position})"
                ));
            }
        };
        let (operator, position) = self.take("an operator")?;
        if operator.text() != "=" {
            return Err(format!(
                "Error in the JQL Query: The operator '{}' is not supported by fakejira; use '='. \
                 (line 1, character {position})",
                operator.text()
            ));
        }
        let (value, position) = self.take("a value")?;
        let value = match value {
            Token::Quoted(text) => Value::Text(text),
            Token::Word(word) if word.eq_ignore_ascii_case("currentUser") => {
                let open = self.take("'('")?;
                let close = self.take("')'")?;
                if open.0.text() != "(" || close.0.text() != ")" {
                    return Err(format!(
                        "Error in the JQL Query: Expecting '()' after currentUser. (line 1, character {position})"
                    ));
                }
                Value::CurrentUser
            }
            Token::Word(word) => Value::Text(word),
            Token::Symbol(symbol) => {
                return Err(format!(
                    "Error in the JQL Query: Expecting a value but got '{symbol}'. (line 1, character {position})"
                ));
            }
        };
        Ok(Clause { field, value })
    }

    fn sort(&mut self) -> Result<(SortKey, Direction), String> {
        let (token, position) = self.take("a field name")?;
        let key = match token.text().to_lowercase().as_str() {
            "key" | "issuekey" => SortKey::Key,
            "created" => SortKey::Created,
            "updated" => SortKey::Updated,
            other => {
                return Err(format!(
                    "Error in the JQL Query: fakejira can only order by key, created or updated, \
                     not '{other}'. (line 1, character {position})"
                ));
            }
        };
        let direction = match self.peek() {
            Some(token) if token.is_keyword("ASC") => Direction::Ascending,
            Some(token) if token.is_keyword("DESC") => Direction::Descending,
            _ => return Ok((key, Direction::Ascending)),
        };
        self.next += 1;
        Ok((key, direction))
    }
}

impl Query {
    /// The values of the query's `project = …` clauses, as written.
    pub(crate) fn projects(&self) -> impl Iterator<Item = &str> {
        self.clauses
            .iter()
            .filter(|clause| clause.field == Field::Project)
            .filter_map(|clause| match &clause.value {
                Value::Text(text) => Some(text.as_str()),
                Value::CurrentUser => None,
            })
    }

    /// The matching issues of `catalog`, ordered. `current_user` is what `currentUser()` means.
    /// Fails, as Jira does, when a value names a project, issue, status, type or user that does
    /// not exist.
    pub(crate) fn run<'a>(
        &self,
        catalog: &'a Catalog,
        user_exists: impl Fn(&str) -> bool,
        current_user: Option<&str>,
    ) -> Result<Vec<Cow<'a, Issue>>, String> {
        let positions = self.positions(catalog, user_exists, current_user)?;
        Ok(positions
            .iter()
            .filter_map(|position| catalog.issue_at(*position))
            .collect())
    }

    /// [`Query::run`] as positions in [`Catalog::issues`]. The catalog remembers the answer
    /// until its issues change, so paging through a result filters and sorts only once; the
    /// existence checks run every time, as users come and go outside the catalog.
    pub(crate) fn positions(
        &self,
        catalog: &Catalog,
        user_exists: impl Fn(&str) -> bool,
        current_user: Option<&str>,
    ) -> Result<Arc<[usize]>, String> {
        for clause in &self.clauses {
            self.check_exists(clause, catalog, &user_exists)?;
        }
        let key = (format!("{self:?}"), current_user.map(str::to_owned));
        catalog.search(key, || {
            let tests: Vec<Test<'_>> = self
                .clauses
                .iter()
                .map(|clause| Test::new(clause, catalog, current_user))
                .collect();
            let project_keys: HashMap<u64, &str> = catalog
                .projects
                .iter()
                .map(|project| (project.id, project.key.as_str()))
                .collect();
            // Only what ordering needs is kept per match: the issues themselves may be
            // generated one at a time and dropped.
            let mut matching: Vec<(usize, SortFields<'_>)> = catalog
                .positioned_issues()
                .filter(|(_, issue)| tests.iter().all(|test| test.passes(issue)))
                .map(|(position, issue)| {
                    let project_key = project_keys.get(&issue.project_id).copied();
                    (
                        position,
                        SortFields::of(&issue, project_key.unwrap_or_default()),
                    )
                })
                .collect();
            matching.sort_by(|a, b| self.compare(&a.1, &b.1));
            Ok(matching.into_iter().map(|(position, _)| position).collect())
        })
    }

    fn check_exists(
        &self,
        clause: &Clause,
        catalog: &Catalog,
        user_exists: &impl Fn(&str) -> bool,
    ) -> Result<(), String> {
        let Value::Text(text) = &clause.value else {
            return Ok(());
        };
        let exists = match clause.field {
            Field::Project => catalog.project(text).is_some(),
            Field::Key => {
                if catalog.issue(text).is_none() {
                    return Err(format!(
                        "An issue with key '{text}' does not exist for field 'key'."
                    ));
                }
                true
            }
            Field::Status => Status::ALL
                .iter()
                .any(|status| status.name().eq_ignore_ascii_case(text) || status.id() == text),
            Field::Assignee => user_exists(text),
            Field::IssueType => crate::data::issue_type_index(text).is_some(),
        };
        if exists {
            Ok(())
        } else {
            Err(format!(
                "The value '{text}' does not exist for the field '{}'.",
                clause.field.name()
            ))
        }
    }

    /// Orders two issues.
    fn compare(&self, a: &SortFields<'_>, b: &SortFields<'_>) -> Ordering {
        let by_key = || {
            a.project_key
                .cmp(b.project_key)
                .then(a.number.cmp(&b.number))
        };
        if self.order.is_empty() {
            return by_key();
        }
        for (key, direction) in &self.order {
            let ordering = match key {
                SortKey::Key => by_key(),
                SortKey::Created => a.created.cmp(&b.created).then(a.id.cmp(&b.id)),
                SortKey::Updated => a.updated.cmp(&b.updated).then(a.id.cmp(&b.id)),
            };
            let ordering = match direction {
                Direction::Ascending => ordering,
                Direction::Descending => ordering.reverse(),
            };
            if ordering != Ordering::Equal {
                return ordering;
            }
        }
        Ordering::Equal
    }
}

/// What an issue is ordered by.
struct SortFields<'c> {
    project_key: &'c str,
    number: u64,
    created: i64,
    updated: i64,
    id: u64,
}

impl<'c> SortFields<'c> {
    fn of(issue: &Issue, project_key: &'c str) -> Self {
        SortFields {
            project_key,
            number: issue.number,
            created: issue.created,
            updated: issue.updated,
            id: issue.id,
        }
    }
}

/// A clause resolved against the catalog once, so that testing an issue allocates nothing.
enum Test<'q> {
    /// Matches nothing: `currentUser()` for an anonymous caller.
    Nothing,
    Projects(Vec<u64>),
    Key {
        key: &'q str,
        id: Option<u64>,
    },
    Statuses(Vec<Status>),
    Assignee(&'q str),
    IssueTypes(Vec<usize>),
}

impl<'q> Test<'q> {
    fn new(clause: &'q Clause, catalog: &Catalog, current_user: Option<&'q str>) -> Self {
        let text = match &clause.value {
            Value::Text(text) => Some(text.as_str()),
            Value::CurrentUser => current_user,
        };
        let Some(text) = text else {
            return Test::Nothing;
        };
        match clause.field {
            Field::Project => Test::Projects(
                catalog
                    .projects
                    .iter()
                    .filter(|project| {
                        project.key.eq_ignore_ascii_case(text) || project.id.to_string() == text
                    })
                    .map(|project| project.id)
                    .collect(),
            ),
            Field::Key => Test::Key {
                key: text,
                id: exact_id(text),
            },
            Field::Status => Test::Statuses(
                Status::ALL
                    .into_iter()
                    .filter(|status| {
                        status.name().eq_ignore_ascii_case(text) || status.id() == text
                    })
                    .collect(),
            ),
            Field::Assignee => Test::Assignee(text),
            Field::IssueType => Test::IssueTypes(
                ISSUE_TYPES
                    .iter()
                    .enumerate()
                    .filter(|(_, kind)| kind.name.eq_ignore_ascii_case(text) || kind.id == text)
                    .map(|(index, _)| index)
                    .collect(),
            ),
        }
    }

    fn passes(&self, issue: &Issue) -> bool {
        match self {
            Test::Nothing => false,
            Test::Projects(ids) => ids.contains(&issue.project_id),
            Test::Key { key, id } => issue.key.eq_ignore_ascii_case(key) || Some(issue.id) == *id,
            Test::Statuses(statuses) => statuses.contains(&issue.status),
            Test::Assignee(name) => issue.assignee.as_deref() == Some(*name),
            Test::IssueTypes(types) => types.contains(&issue.issue_type),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(jql: &str, catalog: &Catalog) -> Vec<String> {
        parse(jql)
            .expect("parses")
            .run(catalog, |name| name == "alice", Some("alice"))
            .expect("runs")
            .iter()
            .map(|issue| issue.key.clone())
            .collect()
    }

    #[test]
    fn the_subset_filters_and_orders() {
        let catalog = Catalog::generate(6, 2, &["alice".to_owned()]);
        assert_eq!(
            keys("", &catalog),
            ["ABC-1", "ABC-2", "ABC-3", "OPS-1", "OPS-2", "OPS-3"]
        );
        assert_eq!(keys("project = OPS", &catalog), ["OPS-1", "OPS-2", "OPS-3"]);
        assert_eq!(
            keys(r#"project = abc AND status = "In Progress""#, &catalog),
            ["ABC-3"]
        );
        assert_eq!(keys("key = OPS-2", &catalog), ["OPS-2"]);
        assert_eq!(
            keys("project = ABC ORDER BY created DESC", &catalog),
            ["ABC-3", "ABC-2", "ABC-1"]
        );
        assert_eq!(
            keys("assignee = currentUser() order by key", &catalog),
            ["ABC-1", "ABC-2", "ABC-3"]
        );
    }

    #[test]
    fn remembered_results_follow_every_change_to_the_issues() {
        let mut catalog = Catalog::generate(6, 2, &["alice".to_owned()]);
        let jql = r#"status = "To Do" ORDER BY key"#;
        assert_eq!(keys(jql, &catalog), ["ABC-1", "OPS-2"]);
        if let Some(issue) = catalog.issue_mut("ABC-2") {
            issue.status = Status::ToDo;
        }
        assert_eq!(keys(jql, &catalog), ["ABC-1", "ABC-2", "OPS-2"]);
        let draft = Issue {
            project_id: 10_000,
            ..Issue::default()
        };
        catalog.create_issue(draft, 0);
        assert_eq!(keys(jql, &catalog), ["ABC-1", "ABC-2", "ABC-4", "OPS-2"]);
        catalog.delete_project(10_000);
        assert_eq!(keys(jql, &catalog), ["OPS-2"]);
        assert_eq!(
            keys("ORDER BY key DESC", &catalog),
            ["OPS-3", "OPS-2", "OPS-1"]
        );
    }

    #[test]
    fn everything_else_is_refused_with_jira_messages() {
        let catalog = Catalog::generate(2, 1, &[]);
        let error = |jql: &str| match parse(jql) {
            Err(message) => message,
            Ok(query) => query.run(&catalog, |_| false, None).expect_err("refused"),
        };
        assert!(error("foo = 1").contains("Field 'foo' does not exist"));
        assert!(
            error("project = ABC OR project = X").contains("Expecting either 'AND' or 'ORDER BY'")
        );
        assert!(error("project ~ ABC").contains("operator '~'"));
        assert!(
            error("project = NOPE")
                .contains("The value 'NOPE' does not exist for the field 'project'")
        );
        assert!(error("key = ABC-99").contains("An issue with key 'ABC-99' does not exist"));
        assert!(error("project = \"ABC").contains("has not been completed"));
        assert!(error("project =").contains("reached the end"));
        assert!(error("ORDER BY priority").contains("order by key, created or updated"));
    }
}
