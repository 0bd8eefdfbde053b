//! The one-shot workload: `jira.server_info()` from a fresh process, with OAuth 1.0a and with a
//! personal access token, against curl fetching the same URL with the same token (the floor).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::measure::{self, Streams};
use super::{CONSUMER_KEY, Case, CaseId, Check, Client, Context, PAT, progress};

/// A word every `serverInfo` answer carries.
pub const SERVER_INFO_MARK: &str = "serverTitle";

/// The OAuth consumer's key pair, made by `jshell keygen`.
pub struct Keys {
    pub private: PathBuf,
    pub public: PathBuf,
}

/// The OAuth profile `jshell login` saved, or why there is none.
pub struct OAuth {
    pub saved: Result<Saved, String>,
}

pub struct Saved {
    /// jshell's configuration file holding the profile.
    pub config: PathBuf,
    pub access_token: String,
    pub access_token_secret: String,
}

/// The variables that would change which server, profile or credentials jshell uses.
const JSHELL_VARIABLES: [&str; 8] = [
    "JSHELL_SERVER",
    "JSHELL_PROFILE",
    "JSHELL_CONFIG",
    "JSHELL_PAT",
    "JSHELL_CONSUMER_KEY",
    "JSHELL_KEY_CERT",
    "JSHELL_ACCESS_TOKEN",
    "JSHELL_ACCESS_TOKEN_SECRET",
];

/// A jshell command isolated from the user's environment and configuration.
pub fn jshell(context: &Context) -> Command {
    isolated(&context.jshell, &context.work)
}

/// `jshell keygen`: the consumer's key pair, whose public half fakejira is started with.
pub fn keygen(jshell: &Path, work: &Path) -> Result<Keys, String> {
    progress("generating the OAuth consumer's RSA key pair (jshell keygen)");
    let private = work.join("rsa.pem");
    let streams = setup_streams(work, "keygen");
    measure::run_with_timeout(
        Command::new(jshell)
            .arg("keygen")
            .arg("--out")
            .arg(&private)
            .args(["--consumer-key", CONSUMER_KEY]),
        &streams,
        Duration::from_secs(60),
        "jshell keygen",
    )?;
    let public = private.with_extension("pub");
    if !public.is_file() {
        return Err(format!(
            "jshell keygen did not write the public key {}",
            public.display()
        ));
    }
    Ok(Keys { private, public })
}

/// `jshell login` against fakejira, with curl as the browser (fakejira approves at once and
/// redirects to jshell's loopback callback). Without curl there is no browser: the OAuth rows
/// are skipped.
pub fn login(context: &Context, keys: &Keys) -> Result<OAuth, String> {
    let Some(curl) = &context.curl else {
        return Ok(OAuth {
            saved: Err("curl (the browser for the OAuth dance) is not installed".to_owned()),
        });
    };
    progress("logging in with OAuth 1.0a (jshell login; curl plays the browser)");
    let config_home = context.work.join("config");
    // A fresh profile each time (after a fakejira restart the old token is gone).
    if config_home.exists() {
        std::fs::remove_dir_all(&config_home)
            .map_err(|error| format!("cannot clear {}: {error}", config_home.display()))?;
    }
    let streams = setup_streams(&context.work, "login");
    let mut command = jshell(context);
    command
        .env("XDG_CONFIG_HOME", &config_home)
        .env("BROWSER", format!("{} -sSL -o /dev/null", curl.display()))
        .args(["login", "--server", &context.url])
        .args(["--consumer-key", CONSUMER_KEY])
        .arg("--key-cert")
        .arg(&keys.private);
    measure::run_with_timeout(
        &mut command,
        &streams,
        Duration::from_secs(60),
        "jshell login",
    )?;
    let config = config_home.join("jshell").join("config.yaml");
    let text = std::fs::read_to_string(&config).map_err(|error| {
        format!(
            "jshell login succeeded but {} cannot be read: {error}",
            config.display()
        )
    })?;
    let field = |name: &str| {
        yaml_field(&text, name)
            .ok_or_else(|| format!("{} has no `{name}` after jshell login", config.display()))
    };
    Ok(OAuth {
        saved: Ok(Saved {
            access_token: field("access_token")?,
            access_token_secret: field("access_token_secret")?,
            config,
        }),
    })
}

/// The value of the first `name: value` line (at any indentation) of a YAML text.
fn yaml_field(text: &str, name: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let value = line.trim_start().strip_prefix(name)?.strip_prefix(':')?;
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
        (!value.is_empty()).then(|| value.to_owned())
    })
}

fn setup_streams(work: &Path, name: &str) -> Streams {
    Streams {
        stdin: None,
        stdout: work.join(format!("{name}.stdout")),
        stderr: work.join(format!("{name}.stderr")),
    }
}

/// jshell's start-up, jshell with OAuth and with a PAT, and curl with the PAT.
pub fn cases(context: &Context, oauth: &OAuth) -> Vec<Case> {
    vec![
        start_up(context, CaseId::JshellVersion, &["--version"], "jshell "),
        start_up(context, CaseId::JshellEval, &["-e", "1"], "1"),
        jshell_oauth(context, oauth),
        jshell_pat(context),
        curl_pat(context),
    ]
}

/// jshell without a server: `--version` (parsing only) or `-e '1'` (the runtime, the engine
/// and every plugin), whose difference is what start-up spends on scripting.
fn start_up(
    context: &Context,
    id: CaseId,
    args: &'static [&'static str],
    mark: &'static str,
) -> Case {
    let (jshell, work) = (context.jshell.clone(), context.work.clone());
    Case {
        id,
        client: Client::Jshell,
        label: format!("jshell {}", args.join(" ").replace("-e 1", "-e '1'")),
        auth: "none",
        command: Box::new(move || {
            let mut command = isolated(&jshell, &work);
            command.args(args);
            command
        }),
        stdin: None,
        check: Check::Contains(mark),
        skip: None,
    }
}

/// jshell with the profile `jshell login` saved; skipped when there is none.
fn jshell_oauth(context: &Context, oauth: &OAuth) -> Case {
    let label = "jshell -e 'jira.server_info()' (saved profile)";
    let saved = match &oauth.saved {
        Ok(saved) => saved,
        Err(why) => {
            return Case::skipped(
                CaseId::JshellOauth,
                Client::Jshell,
                label,
                "OAuth 1.0a",
                why,
            );
        }
    };
    let config = saved.config.clone();
    let (jshell, work) = (context.jshell.clone(), context.work.clone());
    Case {
        id: CaseId::JshellOauth,
        client: Client::Jshell,
        label: label.to_owned(),
        auth: "OAuth 1.0a",
        command: Box::new(move || {
            let mut command = isolated(&jshell, &work);
            command
                .arg("--config")
                .arg(&config)
                .args(["-e", "jira.server_info()"]);
            command
        }),
        stdin: None,
        check: Check::Contains(SERVER_INFO_MARK),
        skip: None,
    }
}

fn jshell_pat(context: &Context) -> Case {
    let work = context.work.clone();
    let url = context.url.clone();
    let jshell_path = context.jshell.clone();
    Case {
        id: CaseId::JshellPat,
        client: Client::Jshell,
        label: "jshell --pat -e 'jira.server_info()'".to_owned(),
        auth: "PAT",
        command: Box::new(move || {
            let mut command = isolated(&jshell_path, &work);
            command
                .args(["--server", &url, "--pat", PAT])
                .args(["-e", "jira.server_info()"]);
            command
        }),
        stdin: None,
        check: Check::Contains(SERVER_INFO_MARK),
        skip: None,
    }
}

/// The floor: curl fetching the same URL with the PAT; skipped without curl.
fn curl_pat(context: &Context) -> Case {
    let label = "curl GET rest/api/2/serverInfo (floor)";
    let Some(curl) = context.curl.clone() else {
        return Case::skipped(
            CaseId::CurlPat,
            Client::Floor,
            label,
            "PAT",
            "curl is not installed",
        );
    };
    let url = format!("{}rest/api/2/serverInfo", context.url);
    Case {
        id: CaseId::CurlPat,
        client: Client::Floor,
        label: label.to_owned(),
        auth: "PAT",
        command: Box::new(move || {
            let mut command = Command::new(&curl);
            command
                .args(["-sS", "--fail", "-H"])
                .arg(format!("Authorization: Bearer {PAT}"))
                .arg(&url);
            command
        }),
        stdin: None,
        check: Check::Contains(SERVER_INFO_MARK),
        skip: None,
    }
}

/// A jshell command isolated from the user's environment, from owned parts (for closures).
pub fn isolated(jshell: &Path, work: &Path) -> Command {
    let mut command = Command::new(jshell);
    for name in JSHELL_VARIABLES {
        command.env_remove(name);
    }
    command
        .env("XDG_CONFIG_HOME", work.join("no-config"))
        .env("NO_COLOR", "1");
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_fields_are_found_at_any_indentation() {
        let text = "profiles:\n  h:\n    auth:\n      access_token: abc\n      access_token_secret: 'x y'\n";
        assert_eq!(yaml_field(text, "access_token").as_deref(), Some("abc"));
        assert_eq!(
            yaml_field(text, "access_token_secret").as_deref(),
            Some("x y")
        );
        assert_eq!(yaml_field(text, "session_handle"), None);
    }
}
