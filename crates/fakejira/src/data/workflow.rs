//! The workflow every issue follows: its statuses and the transitions between them.

/// A workflow status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) enum Status {
    #[default]
    ToDo,
    InProgress,
    Done,
}

impl Status {
    pub(crate) const ALL: [Status; 3] = [Status::ToDo, Status::InProgress, Status::Done];

    /// Jira's ids for the default workflow's statuses.
    pub(crate) fn id(self) -> &'static str {
        match self {
            Status::ToDo => "10000",
            Status::InProgress => "3",
            Status::Done => "10001",
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Status::ToDo => "To Do",
            Status::InProgress => "In Progress",
            Status::Done => "Done",
        }
    }

    /// The status category: id, key, name and colour, as Jira reports them.
    pub(crate) fn category(self) -> (u32, &'static str, &'static str, &'static str) {
        match self {
            Status::ToDo => (2, "new", "To Do", "blue-gray"),
            Status::InProgress => (4, "indeterminate", "In Progress", "yellow"),
            Status::Done => (3, "done", "Done", "green"),
        }
    }
}

/// A transition of the workflow `To Do → In Progress → Done`.
#[derive(Debug)]
pub(crate) struct Transition {
    pub id: &'static str,
    pub name: &'static str,
    pub from: &'static [Status],
    pub to: Status,
}

/// The workflow every issue follows.
pub(crate) const WORKFLOW: [Transition; 4] = [
    Transition {
        id: "11",
        name: "Start Progress",
        from: &[Status::ToDo],
        to: Status::InProgress,
    },
    Transition {
        id: "21",
        name: "Stop Progress",
        from: &[Status::InProgress],
        to: Status::ToDo,
    },
    Transition {
        id: "31",
        name: "Done",
        from: &[Status::ToDo, Status::InProgress],
        to: Status::Done,
    },
    Transition {
        id: "41",
        name: "Reopen",
        from: &[Status::Done],
        to: Status::ToDo,
    },
];

/// The transitions available from `status`.
pub(crate) fn transitions_from(status: Status) -> impl Iterator<Item = &'static Transition> {
    WORKFLOW
        .iter()
        .filter(move |transition| transition.from.contains(&status))
}
