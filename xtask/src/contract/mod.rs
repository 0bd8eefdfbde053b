//! `cargo xtask contract`: Atlassian's published REST descriptions (Data Center 8.4's WADL,
//! Data Center 10.3 and 11 and Cloud's OpenAPI) boiled down to one committed facts file,
//! `crates/jira/tests/contract/facts.txt`, which the jira crate's contract test holds the method
//! table against. The descriptions are reference data outside the repository (several MB each);
//! the facts carry over, so the test runs on any clone. `--check` regenerates and compares, like
//! `cargo xtask docs --check`.

mod facts;
mod openapi;
mod wadl;

use std::path::{Path, PathBuf};

use facts::{Deployment, Operation};

/// Where the facts file lives, from the workspace root.
const FACTS: &str = "crates/jira/tests/contract/facts.txt";

/// One description and what it says about one deployment.
struct Source {
    deployment: Deployment,
    file: &'static str,
    read: fn(&str) -> Result<Vec<Operation>, String>,
}

const SOURCES: [Source; 5] = [
    Source {
        deployment: Deployment::Dc8,
        file: "dc-8.4.3.wadl",
        read: wadl::operations,
    },
    Source {
        deployment: Deployment::Dc10,
        file: "dc-10.3.24.json",
        read: openapi::data_center,
    },
    Source {
        deployment: Deployment::Dc11,
        file: "dc-11.3.8.json",
        read: openapi::data_center,
    },
    Source {
        deployment: Deployment::Cloud,
        file: "cloud-platform-2025-12.json",
        read: openapi::cloud,
    },
    Source {
        deployment: Deployment::Cloud,
        file: "cloud-software-2024-03.json",
        read: openapi::cloud,
    },
];

/// Regenerates the facts file from the descriptions in `directory` (by default
/// `$JSHELL_JIRA_OPENAPI`, else `../shared/jira-openapi` beside the repository); with `check`,
/// fails when the committed file differs instead of writing it.
pub fn run(directory: Option<PathBuf>, check: bool) -> Result<(), String> {
    let root = crate::workspace_root()?;
    let directory = crate::descriptions::directory(&root, directory);
    let text = generate(&directory)?;
    let target = root.join(FACTS);
    if check {
        let committed = std::fs::read_to_string(&target)
            .map_err(|error| format!("cannot read {}: {error}", target.display()))?;
        if committed != text {
            return Err(format!(
                "{FACTS} is not what the descriptions in {} say; run `cargo xtask contract` and commit it",
                directory.display()
            ));
        }
        eprintln!("{FACTS} is current");
        return Ok(());
    }
    write(&target, &text)
}

fn generate(directory: &Path) -> Result<String, String> {
    let mut operations = Vec::new();
    for source in &SOURCES {
        let path = directory.join(source.file);
        let text = std::fs::read_to_string(&path).map_err(|error| {
            format!(
                "cannot read {} ({error}); point {} or --descriptions at the directory holding Atlassian's descriptions",
                path.display(),
                crate::descriptions::VARIABLE
            )
        })?;
        let found = (source.read)(&text).map_err(|error| format!("{}: {error}", path.display()))?;
        operations.extend(found.into_iter().map(|mut operation| {
            operation.deployment = source.deployment;
            operation
        }));
    }
    Ok(facts::render(operations))
}

fn write(target: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
    }
    std::fs::write(target, text)
        .map_err(|error| format!("cannot write {}: {error}", target.display()))?;
    eprintln!("wrote {}", target.display());
    Ok(())
}
