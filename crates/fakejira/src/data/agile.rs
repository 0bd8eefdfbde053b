//! Jira Software's records: boards, sprints and the rank order of issues. Sprint membership and
//! epic membership live on the issues themselves (the Sprint and Epic Link custom fields), as in
//! Jira, so the platform API and the agile API always agree.

use serde_json::{Value, json};

use super::generator::BASE_TIME;
use super::{Catalog, Issue, Status};

/// The Sprint custom field: an array of sprint ids.
pub(crate) const SPRINT_FIELD: &str = "customfield_10101";
/// The Epic Link custom field: the epic's key.
pub(crate) const EPIC_LINK_FIELD: &str = "customfield_10100";
/// The Epic issue type's index in [`super::ISSUE_TYPES`].
pub(crate) const EPIC_TYPE: usize = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BoardType {
    Scrum,
    Kanban,
}

impl BoardType {
    pub(crate) fn name(self) -> &'static str {
        match self {
            BoardType::Scrum => "scrum",
            BoardType::Kanban => "kanban",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Self> {
        match text {
            "scrum" => Some(BoardType::Scrum),
            "kanban" => Some(BoardType::Kanban),
            _ => None,
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Board {
    pub id: u64,
    pub name: String,
    pub kind: BoardType,
    pub filter_id: u64,
    /// The project the board is located in: the first project its filter names.
    pub project_id: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SprintState {
    Future,
    Active,
    Closed,
}

impl SprintState {
    pub(crate) fn name(self) -> &'static str {
        match self {
            SprintState::Future => "future",
            SprintState::Active => "active",
            SprintState::Closed => "closed",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "future" => Some(SprintState::Future),
            "active" => Some(SprintState::Active),
            "closed" => Some(SprintState::Closed),
            _ => None,
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Sprint {
    pub id: u64,
    pub name: String,
    pub state: SprintState,
    pub board_id: u64,
    pub start: Option<i64>,
    pub end: Option<i64>,
    pub complete: Option<i64>,
    pub goal: Option<String>,
}

/// Boards, sprints and the explicit rank order.
#[derive(Debug, Default)]
pub(crate) struct Agile {
    pub boards: Vec<Board>,
    pub sprints: Vec<Sprint>,
    /// Issue ids in rank order once anything was ranked; issues not in it rank after, by id.
    pub rank: Vec<u64>,
}

impl Agile {
    pub(crate) fn next_board_id(&self) -> u64 {
        self.boards
            .iter()
            .map(|board| board.id + 1)
            .max()
            .unwrap_or(1)
    }

    pub(crate) fn next_sprint_id(&self) -> u64 {
        self.sprints
            .iter()
            .map(|sprint| sprint.id + 1)
            .max()
            .unwrap_or(1)
    }

    pub(crate) fn board(&self, id: &str) -> Option<&Board> {
        self.boards.iter().find(|board| board.id.to_string() == id)
    }

    pub(crate) fn sprint(&self, id: &str) -> Option<&Sprint> {
        self.sprints
            .iter()
            .find(|sprint| sprint.id.to_string() == id)
    }

    /// Where an issue stands in the rank order: lower ranks first.
    pub(crate) fn rank_of(&self, issue: &Issue) -> (usize, u64) {
        let position = self.rank.iter().position(|id| *id == issue.id);
        (position.unwrap_or(usize::MAX), issue.id)
    }

    /// Moves `moving` just before (or after) `anchor`, starting the explicit order from every
    /// issue's current rank the first time.
    pub(crate) fn rank_next_to(
        &mut self,
        catalog: &Catalog,
        moving: u64,
        anchor: u64,
        after: bool,
    ) {
        if self.rank.is_empty() {
            self.rank = catalog.issues().map(|issue| issue.id).collect();
            self.rank.sort_unstable();
        }
        for issue in catalog.issues() {
            if !self.rank.contains(&issue.id) {
                self.rank.push(issue.id);
            }
        }
        if moving == anchor {
            return;
        }
        self.rank.retain(|id| *id != moving);
        let at = self
            .rank
            .iter()
            .position(|id| *id == anchor)
            .map_or(self.rank.len(), |index| index + usize::from(after));
        self.rank.insert(at, moving);
    }
}

/// The sprint ids an issue's Sprint field holds.
pub(crate) fn sprint_ids(issue: &Issue) -> Vec<u64> {
    issue
        .custom
        .get(SPRINT_FIELD)
        .and_then(Value::as_array)
        .map(|ids| ids.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default()
}

/// Sets an issue's Sprint field; an empty list clears it.
pub(crate) fn set_sprint_ids(issue: &mut Issue, ids: &[u64]) {
    if ids.is_empty() {
        issue.custom.remove(SPRINT_FIELD);
    } else {
        issue.custom.insert(SPRINT_FIELD.to_owned(), json!(ids));
    }
}

const DAY: i64 = 86_400;

/// The seeded data (see the crate doc): boards 1 (scrum, ABC) and 2 (kanban, OPS) on filters
/// `filter_ids`, three sprints on board 1, an epic in ABC and issues placed in both.
pub(crate) fn seed(catalog: &mut Catalog, filter_ids: [u64; 2], reporter: Option<String>) -> Agile {
    let mut agile = Agile::default();
    for (id, name, kind, key, filter_id) in [
        (1, "ABC board", BoardType::Scrum, "ABC", filter_ids[0]),
        (2, "OPS board", BoardType::Kanban, "OPS", filter_ids[1]),
    ] {
        agile.boards.push(Board {
            id,
            name: name.to_owned(),
            kind,
            filter_id,
            project_id: catalog.project(key).map(|project| project.id),
        });
    }
    let sprint_start = BASE_TIME - 26 * DAY;
    for (id, state, offset, goal) in [
        (1, SprintState::Closed, 0, "Ship the login page"),
        (2, SprintState::Active, 14, "Stabilise the search API"),
        (3, SprintState::Future, 28, "Plan the next release"),
    ] {
        let start = sprint_start + offset * DAY;
        agile.sprints.push(Sprint {
            id,
            name: format!("ABC Sprint {id}"),
            state,
            board_id: 1,
            start: (state != SprintState::Future).then_some(start),
            end: (state != SprintState::Future).then_some(start + 14 * DAY),
            complete: (state == SprintState::Closed).then_some(start + 14 * DAY + 3600),
            goal: Some(goal.to_owned()),
        });
    }
    seed_issues(catalog, reporter);
    agile
}

/// Places ABC-1…7 in sprints (1, 2: sprint 1; 3–5: sprint 2; 6, 7: sprint 3) and links ABC-2,
/// ABC-4 and ABC-6 to a new epic.
fn seed_issues(catalog: &mut Catalog, reporter: Option<String>) {
    let Some(project_id) = catalog.project("ABC").map(|project| project.id) else {
        return;
    };
    let epic = Issue {
        project_id,
        issue_type: EPIC_TYPE,
        summary: "Checkout redesign".to_owned(),
        description: Some("Everything the new checkout needs.".to_owned()),
        priority: super::DEFAULT_PRIORITY,
        reporter,
        ..Issue::default()
    };
    let Some(epic_key) = catalog
        .create_issue(epic, BASE_TIME)
        .map(|epic| epic.key.clone())
    else {
        return;
    };
    for number in 1..=7_u64 {
        let Some(issue) = catalog.issue_mut(&format!("ABC-{number}")) else {
            continue;
        };
        let sprint = match number {
            1 | 2 => 1,
            3..=5 => 2,
            _ => 3,
        };
        set_sprint_ids(issue, &[sprint]);
        if number % 2 == 0 {
            issue
                .custom
                .insert(EPIC_LINK_FIELD.to_owned(), json!(epic_key));
        }
    }
}

/// Whether an epic counts as done.
pub(crate) fn epic_done(epic: &Issue) -> bool {
    epic.status == Status::Done
}
