//! The incumbent: the Python `jira` package in a throw-away venv, `bench/venv` in the target dir.
//! jirashell runs the one-shot; `JIRA.search_issues(jql, maxResults=False)` the bulk export. Anything missing (python3, venv, pip, the network) skips these rows with
//! the reason; it never fails the bench.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::measure::{self, Streams};
use super::oneshot::{Keys, OAuth, SERVER_INFO_MARK};
use super::{
    CONSUMER_KEY, Case, CaseId, Check, Client, Context, PASSWORD, PAT, USER, progress, which,
};

/// What pip installs: jirashell needs the `cli` extra (IPython, keyring), and RSA-SHA1 OAuth
/// needs oauthlib's `signedtoken` extra.
const PACKAGES: [&str; 3] = ["jira[cli]", "oauthlib[signedtoken]", "ipython"];

/// Imports that prove the venv has everything; prints the jira package's version.
const IMPORT_CHECK: &str = "import jira, IPython, keyring, jwt; print(jira.__version__)";

const BULK_SCRIPT: &str = include_str!("bulk.py");

/// A ready venv.
pub struct Python {
    bin: PathBuf,
    /// The `jira` package's version.
    pub version: String,
}

/// Creates (or reuses) the venv and installs the `jira` package; `Err` says why not.
pub fn setup(out: &Path) -> Result<Python, String> {
    let venv = out.join("venv");
    let bin = venv.join("bin");
    let logs = out.join("work");
    if let Ok(version) = import_check(&bin, &logs) {
        progress(&format!(
            "reusing the Python venv {} (jira {version})",
            venv.display()
        ));
        return Ok(Python { bin, version });
    }
    let python3 = which("python3").ok_or("python3 is not on PATH")?;
    if !bin.join("python").is_file() {
        progress(&format!("creating the Python venv {}", venv.display()));
        measure::run_with_timeout(
            Command::new(&python3).args(["-m", "venv"]).arg(&venv),
            &streams(&logs, "venv"),
            Duration::from_secs(120),
            "python3 -m venv",
        )?;
    }
    progress(&format!("pip install {}", PACKAGES.join(" ")));
    measure::run_with_timeout(
        Command::new(bin.join("python"))
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .args(PACKAGES),
        &streams(&logs, "pip"),
        Duration::from_secs(600),
        "pip install",
    )?;
    let version = import_check(&bin, &logs)?;
    progress(&format!("installed jira {version}"));
    Ok(Python { bin, version })
}

fn import_check(bin: &Path, logs: &Path) -> Result<String, String> {
    let python = bin.join("python");
    if !python.is_file() {
        return Err(format!("{} does not exist", python.display()));
    }
    let streams = streams(logs, "python-check");
    measure::run_with_timeout(
        Command::new(&python).args(["-c", IMPORT_CHECK]),
        &streams,
        Duration::from_secs(60),
        "the venv's import check",
    )?;
    let version = std::fs::read_to_string(&streams.stdout)
        .map_err(|error| format!("cannot read {}: {error}", streams.stdout.display()))?;
    Ok(version.trim().to_owned())
}

fn streams(dir: &Path, name: &str) -> Streams {
    Streams {
        stdin: None,
        stdout: dir.join(format!("{name}.stdout")),
        stderr: dir.join(format!("{name}.stderr")),
    }
}

/// Writes a jirashell input file; jirashell reads its commands from stdin.
fn input(context: &Context, name: &str, text: &str) -> Result<PathBuf, String> {
    let path = context.work.join(name);
    std::fs::write(&path, text)
        .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    Ok(path)
}

const JIRASHELL_BASIC: &str = "jirashell <<< 'jira.server_info()'";
const JIRASHELL_OAUTH: &str = "jirashell -at … <<< 'jira.server_info()'";

/// jirashell with Basic authentication (it has no PAT option) and with the OAuth access token
/// jshell's login obtained.
pub fn oneshot_cases(python: &Python, context: &Context, oauth: &OAuth, keys: &Keys) -> Vec<Case> {
    let basic = jirashell_basic(python, context).unwrap_or_else(|why| basic_skipped(&why));
    let oauth =
        jirashell_oauth(python, context, oauth, keys).unwrap_or_else(|why| oauth_skipped(&why));
    vec![basic, oauth]
}

fn jirashell_basic(python: &Python, context: &Context) -> Result<Case, String> {
    // jirashell asks whether to keep a password given with -p in the OS keyring: answer no.
    let stdin = input(context, "jirashell-basic.in", "n\njira.server_info()\n")?;
    let (jirashell, work, url) = (
        python.bin.join("jirashell"),
        context.work.clone(),
        context.url.clone(),
    );
    Ok(Case {
        id: CaseId::JirashellBasic,
        client: Client::Python,
        label: JIRASHELL_BASIC.to_owned(),
        auth: "Basic",
        command: Box::new(move || {
            let mut command = jirashell_command(&jirashell, &work, &url);
            command.args(["-u", USER, "-p", PASSWORD]);
            command
        }),
        stdin: Some(stdin),
        check: Check::Contains(SERVER_INFO_MARK),
        skip: None,
    })
}

/// `Err` when jshell's login saved no profile, whose access token this case borrows.
fn jirashell_oauth(
    python: &Python,
    context: &Context,
    oauth: &OAuth,
    keys: &Keys,
) -> Result<Case, String> {
    let saved = oauth.saved.as_ref().map_err(Clone::clone)?;
    let stdin = input(context, "jirashell-oauth.in", "jira.server_info()\n")?;
    let (jirashell, work, url) = (
        python.bin.join("jirashell"),
        context.work.clone(),
        context.url.clone(),
    );
    let key = keys.private.clone();
    let (token, secret) = (
        saved.access_token.clone(),
        saved.access_token_secret.clone(),
    );
    Ok(Case {
        id: CaseId::JirashellOauth,
        client: Client::Python,
        label: JIRASHELL_OAUTH.to_owned(),
        auth: "OAuth 1.0a",
        command: Box::new(move || {
            let mut command = jirashell_command(&jirashell, &work, &url);
            command
                .args(["-ck", CONSUMER_KEY, "-k"])
                .arg(&key)
                .args(["-at", &token, "-ats", &secret]);
            command
        }),
        stdin: Some(stdin),
        check: Check::Contains(SERVER_INFO_MARK),
        skip: None,
    })
}

fn basic_skipped(why: &str) -> Case {
    Case::skipped(
        CaseId::JirashellBasic,
        Client::Python,
        JIRASHELL_BASIC,
        "Basic",
        why,
    )
}

fn oauth_skipped(why: &str) -> Case {
    Case::skipped(
        CaseId::JirashellOauth,
        Client::Python,
        JIRASHELL_OAUTH,
        "OAuth 1.0a",
        why,
    )
}

fn jirashell_command(jirashell: &Path, work: &Path, url: &str) -> Command {
    let mut command = Command::new(jirashell);
    // IPython's profile and history go to the work directory, not the user's home.
    command
        .env("IPYTHONDIR", work.join("ipython"))
        .args(["-s", url]);
    command
}

pub fn oneshot_placeholders(why: &str) -> Vec<Case> {
    vec![basic_skipped(why), oauth_skipped(why)]
}

const BULK_LABEL: &str = "python-jira search_issues(jql, maxResults=False)";

/// `JIRA.search_issues(jql, maxResults=False)`: python-jira's way to fetch every issue.
pub fn bulk_case(python: &Python, context: &Context, issues: usize) -> Result<Case, String> {
    let script = context.work.join("bulk.py");
    std::fs::write(&script, BULK_SCRIPT)
        .map_err(|error| format!("cannot write {}: {error}", script.display()))?;
    let (interpreter, url) = (python.bin.join("python"), context.url.clone());
    Ok(Case {
        id: CaseId::PythonSearch,
        client: Client::Python,
        label: BULK_LABEL.to_owned(),
        auth: "PAT",
        command: Box::new(move || {
            let mut command = Command::new(&interpreter);
            command.arg(&script).args([url.as_str(), PAT]);
            command
        }),
        stdin: None,
        check: Check::Lines(issues),
        skip: None,
    })
}

pub fn bulk_placeholder(why: &str) -> Case {
    Case::skipped(CaseId::PythonSearch, Client::Python, BULK_LABEL, "PAT", why)
}
