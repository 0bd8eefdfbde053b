//! The configuration file: saved profiles in YAML, written atomically with mode 0600 under a
//! lock so that concurrent logins keep each other's profiles.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::failure::Failure;
use crate::secrets::{self, SecretsChoice};

/// The whole file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// The profile used when none is named and `--server` matches none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_profile: Option<String>,
    /// Where `jshell login` saves secrets (`--secrets` overrides it); absent, the OS keyring
    /// when one is reachable, else this file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secrets: Option<SecretsChoice>,
    /// Profiles by name.
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// One server and how to authenticate to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub server: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rest_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rest_api_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_cert: Option<PathBuf>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_verify: bool,
    /// Search pages fetched at once for this server (`--page-concurrency`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_concurrency: Option<u16>,
    /// When the credentials expire, as the user recorded it (`jshell profiles set NAME
    /// --expires DATE`): a personal access token's or API token's expiry date, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    /// Never change this server: every write is refused, whatever the flags say.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
    /// Where this profile's secrets live when not in this file: its item in the OS keyring.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyring: Option<KeyringRef>,
    /// What the server said it is, remembered after the first run that asked, so later runs
    /// do not ask `serverInfo` before their first search.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment: Option<SavedDeployment>,
    pub auth: ProfileAuth,
}

/// A deployment as a profile records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SavedDeployment {
    /// Jira Server or Data Center.
    DataCenter,
    /// Jira Cloud.
    Cloud,
}

impl From<SavedDeployment> for jira::Deployment {
    fn from(saved: SavedDeployment) -> Self {
        match saved {
            SavedDeployment::DataCenter => jira::Deployment::Server,
            SavedDeployment::Cloud => jira::Deployment::Cloud,
        }
    }
}

impl From<jira::Deployment> for SavedDeployment {
    fn from(deployment: jira::Deployment) -> Self {
        match deployment {
            jira::Deployment::Server => SavedDeployment::DataCenter,
            jira::Deployment::Cloud => SavedDeployment::Cloud,
        }
    }
}

impl Profile {
    /// A profile for `server` with `auth` and every other setting at its default.
    pub fn new(server: impl Into<String>, auth: ProfileAuth) -> Self {
        Self {
            server: server.into(),
            rest_path: None,
            rest_api_version: None,
            ca_cert: None,
            no_verify: false,
            page_concurrency: None,
            expires: None,
            read_only: false,
            keyring: None,
            deployment: None,
            auth,
        }
    }
}

/// A profile's item in the OS keyring: all its secrets, in one item so that a renewal replaces
/// the access and refresh tokens together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyringRef {
    /// `jshell:` and the configuration file's absolute path, so that two configuration files
    /// (and the tests' private ones) never share items.
    pub service: String,
    /// The profile's name.
    pub account: String,
}

/// A profile's credentials. The private key stays a path; token secrets are stored here (which
/// is why the file is 0600) unless the profile has a `keyring` item: then the secret fields are
/// absent from the file and `secrets.rs` fills them in from the keyring.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ProfileAuth {
    Oauth {
        consumer_key: String,
        key_cert: PathBuf,
        access_token: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        access_token_secret: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        session_handle: Option<String>,
        /// When the access token expires (RFC 3339), as the server announced.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expires_at: Option<String>,
        /// When the authorization itself (the session) expires (RFC 3339), as announced.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        authorization_expires_at: Option<String>,
    },
    /// OAuth 2.0 (`jshell login --oauth2`): the link's client, and tokens that are renewed and
    /// saved back here as they rotate.
    Oauth2(OAuth2Profile),
    Pat {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        token: String,
    },
    /// An Atlassian Cloud API token (`jshell login --api-token`), sent with Basic
    /// authentication as the account's email and the token.
    ApiToken(ApiTokenProfile),
    /// Basic authentication: the password is asked for each run, unless `jshell login
    /// --save-password` saved it, which it does only in the OS keyring.
    Basic {
        username: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        password: Option<String>,
    },
    Anonymous,
}

/// An Atlassian Cloud API token. A scoped one works only through Atlassian's API gateway, at
/// the site's cloud id, which the login found and saved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiTokenProfile {
    pub email: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub token: String,
    /// A scoped token: requests go to the API gateway for `cloud_id`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub scoped: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_id: Option<String>,
    /// The API gateway, when not Atlassian's (tests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_url: Option<String>,
}

impl ApiTokenProfile {
    /// Where requests go: the site itself for a classic token, the gateway for a scoped one.
    pub fn rest_base(&self, server: &str) -> Result<String, Failure> {
        if !self.scoped {
            return Ok(server.to_owned());
        }
        let Some(cloud_id) = self.cloud_id.as_deref().filter(|id| !id.is_empty()) else {
            return Err(Failure::usage(
                "the scoped API token's profile has no cloud_id; run `jshell login --api-token \
                 --scoped` again",
            ));
        };
        let api = self.api_url.as_deref().unwrap_or(jira::cloud::API_GATEWAY);
        Ok(jira::cloud::gateway_url(api, cloud_id)?.to_string())
    }
}

/// Where an OAuth 2.0 login was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OAuth2Flavor {
    DataCenter,
    Cloud,
}

/// An OAuth 2.0 login. The client secret is kept because every refresh needs it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OAuth2Profile {
    pub flavor: OAuth2Flavor,
    pub client_id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub client_secret: String,
    /// The Redirect URL registered on the link, sent with every token request.
    pub redirect_uri: String,
    pub scope: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub access_token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// When the access token expires (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// How many seconds the access token was issued for: it sets how early it is renewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifetime_seconds: Option<u64>,
    /// Cloud: the site's id; REST calls go through the API gateway.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_id: Option<String>,
    /// Cloud: the authorization server, when not Atlassian's (tests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_url: Option<String>,
    /// Cloud: the API gateway, when not Atlassian's (tests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_url: Option<String>,
}

impl ProfileAuth {
    pub fn describe(&self) -> &'static str {
        match self {
            ProfileAuth::Oauth { .. } => "OAuth 1.0a",
            ProfileAuth::Oauth2(_) => "OAuth 2.0",
            ProfileAuth::Pat { .. } => "personal access token",
            ProfileAuth::ApiToken(api_token) if api_token.scoped => "scoped API token",
            ProfileAuth::ApiToken(_) => "API token",
            ProfileAuth::Basic { .. } => "basic",
            ProfileAuth::Anonymous => "anonymous",
        }
    }
}

/// Where the configuration lives, and the one way to change it.
#[derive(Clone, Debug)]
pub struct ConfigStore {
    path: PathBuf,
}

impl ConfigStore {
    /// The file named by `--config`/`JSHELL_CONFIG`, else `$XDG_CONFIG_HOME/jshell/config.yaml`.
    pub fn locate(explicit: Option<&Path>) -> Result<Self, Failure> {
        if let Some(path) = explicit {
            return Ok(Self {
                path: path.to_path_buf(),
            });
        }
        let dir = dirs::config_dir().ok_or_else(|| {
            Failure::usage(
                "cannot find a configuration directory (no $XDG_CONFIG_HOME or $HOME); pass --config FILE",
            )
        })?;
        Ok(Self {
            path: dir.join("jshell").join("config.yaml"),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the file; a missing file is an empty configuration.
    pub fn load(&self) -> Result<ConfigFile, Failure> {
        let bytes = match fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(ConfigFile::default());
            }
            Err(error) => {
                return Err(Failure::usage(format!(
                    "cannot read the configuration file {}: {error}",
                    self.path.display()
                )));
            }
        };
        parse(&self.path, &bytes)
    }

    /// A warning to show when the file can be read by other users, as it holds secrets.
    pub fn permission_warning(&self) -> Option<String> {
        let mode = file_mode(&self.path)?;
        (mode & 0o077 != 0).then(|| {
            format!(
                "warning: {} holds secrets but other users can read it (mode {:04o}); run `chmod 600 {}`",
                self.path.display(),
                mode & 0o777,
                self.path.display()
            )
        })
    }

    /// Changes the configuration: under an exclusive lock, re-reads the file, applies `change`,
    /// and writes the result atomically. Two jshell processes updating different profiles at
    /// once both keep their change; a failure at any step leaves the previous file intact.
    pub fn update<T>(
        &self,
        change: impl FnOnce(&mut ConfigFile) -> Result<T, Failure>,
    ) -> Result<T, Failure> {
        self.update_with(change, |file, contents| file.write_all(contents))
    }

    fn update_with<T>(
        &self,
        change: impl FnOnce(&mut ConfigFile) -> Result<T, Failure>,
        write: impl FnOnce(&mut File, &[u8]) -> std::io::Result<()>,
    ) -> Result<T, Failure> {
        let mut locked = self.lock_for_update()?;
        let result = change(&mut locked.config)?;
        locked.save_with(write)?;
        Ok(result)
    }

    /// Takes the lock (waiting for other jshell processes to finish their change) and reads
    /// the file. Nobody else changes it until the result is dropped.
    pub fn lock_for_update(&self) -> Result<LockedConfig, Failure> {
        let dir = self.directory()?;
        let lock = self.lock(&dir)?;
        let config = self.load()?;
        Ok(LockedConfig {
            store: self.clone(),
            dir,
            _lock: lock,
            config,
        })
    }

    fn directory(&self) -> Result<PathBuf, Failure> {
        let dir = match self.path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&dir)
            .map_err(|error| Failure::usage(format!("cannot create {}: {error}", dir.display())))?;
        Ok(dir)
    }

    fn lock(&self, dir: &Path) -> Result<File, Failure> {
        let mut name = self
            .path
            .file_name()
            .map(|name| name.to_os_string())
            .unwrap_or_default();
        name.push(".lock");
        let lock_path = dir.join(name);
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|error| {
                Failure::usage(format!("cannot create {}: {error}", lock_path.display()))
            })?;
        file.lock().map_err(|error| {
            Failure::usage(format!("cannot lock {}: {error}", lock_path.display()))
        })?;
        Ok(file)
    }

    fn write_atomically(
        &self,
        dir: &Path,
        contents: &[u8],
        write: impl FnOnce(&mut File, &[u8]) -> std::io::Result<()>,
    ) -> Result<(), Failure> {
        let failed = |error: std::io::Error| {
            Failure::usage(format!(
                "cannot write the configuration file {}: {error}; the previous file is unchanged",
                self.path.display()
            ))
        };
        // tempfile creates the file with mode 0600; the rename makes it appear whole or not at all.
        let mut temp = tempfile::Builder::new()
            .prefix(".config.yaml.")
            .tempfile_in(dir)
            .map_err(failed)?;
        write(temp.as_file_mut(), contents).map_err(failed)?;
        temp.as_file().sync_all().map_err(failed)?;
        temp.persist(&self.path)
            .map_err(|error| failed(error.error))?;
        Ok(())
    }
}

/// The configuration, read under the lock and held until dropped.
pub struct LockedConfig {
    store: ConfigStore,
    dir: PathBuf,
    _lock: File,
    pub config: ConfigFile,
}

impl LockedConfig {
    /// Writes `config` atomically; the lock is still held.
    pub fn save(&mut self) -> Result<(), Failure> {
        self.save_with(|file, contents| file.write_all(contents))
    }

    fn save_with(
        &mut self,
        write: impl FnOnce(&mut File, &[u8]) -> std::io::Result<()>,
    ) -> Result<(), Failure> {
        let yaml = serde_norway::to_string(&self.config)
            .map_err(|error| Failure::usage(format!("cannot encode the configuration: {error}")))?;
        self.store
            .write_atomically(&self.dir, yaml.as_bytes(), write)
    }
}

fn parse(path: &Path, bytes: &[u8]) -> Result<ConfigFile, Failure> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        Failure::usage(format!(
            "the configuration file {} is not UTF-8 text; fix it or remove it and log in again",
            path.display()
        ))
    })?;
    if text.trim().is_empty() {
        return Ok(ConfigFile::default());
    }
    let config: ConfigFile = serde_norway::from_str(text).map_err(|error| {
        Failure::usage(format!(
            "the configuration file {} is not valid: {}; fix it or remove it and log in again",
            path.display(),
            without_values(&error.to_string())
        ))
    })?;
    // Secret fields may be absent only when the keyring holds them.
    for (name, profile) in &config.profiles {
        if profile.keyring.is_none()
            && let Some(field) = secrets::missing(&profile.auth)
        {
            return Err(Failure::usage(format!(
                "the configuration file {} is not valid: profile `{name}` has no `{field}` and \
                 no `keyring` item holding it; log in again (`jshell login --profile {name}`)",
                path.display()
            )));
        }
    }
    Ok(config)
}

/// The parser quotes offending values (`invalid type: integer `123``), and the value may be a
/// token secret: keep the field's path and the expected type, hide the value.
fn without_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find("invalid ") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(open) = rest.find('`') else { break };
        let Some(close) = rest[open + 1..].find('`') else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str("(value hidden)");
        rest = &rest[open + close + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(unix)]
fn file_mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt as _;
    fs::metadata(path)
        .ok()
        .map(|meta| meta.permissions().mode())
}

#[cfg(not(unix))]
fn file_mode(_path: &Path) -> Option<u32> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(server: &str) -> Profile {
        Profile::new(
            server,
            ProfileAuth::Pat {
                token: "t0ken".to_owned(),
            },
        )
    }

    fn store() -> (tempfile::TempDir, ConfigStore) {
        let dir = tempfile::tempdir().expect("a temp dir");
        let store = ConfigStore {
            path: dir.path().join("jshell").join("config.yaml"),
        };
        (dir, store)
    }

    #[test]
    fn profiles_round_trip_through_a_0600_file() {
        let (_dir, store) = store();
        store
            .update(|config| {
                config
                    .profiles
                    .insert("a".to_owned(), profile("https://a.example"));
                Ok(())
            })
            .expect("written");
        let config = store.load().expect("read back");
        assert_eq!(config.profiles["a"], profile("https://a.example"));
        assert_eq!(
            file_mode(store.path()).map(|mode| mode & 0o777),
            Some(0o600)
        );
        assert_eq!(store.permission_warning(), None);
    }

    #[test]
    fn a_failure_mid_write_leaves_the_previous_file_intact() {
        let (_dir, store) = store();
        store
            .update(|config| {
                config
                    .profiles
                    .insert("a".to_owned(), profile("https://a.example"));
                Ok(())
            })
            .expect("written");
        let before = fs::read(store.path()).expect("exists");
        let error = store
            .update_with(
                |config| {
                    config
                        .profiles
                        .insert("b".to_owned(), profile("https://b.example"));
                    Ok(())
                },
                |file, contents| {
                    file.write_all(&contents[..contents.len() / 2])?;
                    Err(std::io::Error::other("disk full (injected)"))
                },
            )
            .expect_err("the write fails");
        assert!(
            error.message.contains("the previous file is unchanged"),
            "{error}"
        );
        assert_eq!(fs::read(store.path()).expect("still exists"), before);
        let leftovers: Vec<_> = fs::read_dir(store.path().parent().expect("a parent"))
            .expect("listable")
            .filter_map(Result::ok)
            .filter(|entry| {
                entry
                    .file_name()
                    .to_string_lossy()
                    .starts_with(".config.yaml.")
            })
            .collect();
        assert!(leftovers.is_empty(), "no temporary file is left behind");
    }

    #[test]
    fn bad_files_are_explained() {
        let (_dir, store) = store();
        fs::create_dir_all(store.path().parent().expect("a parent")).expect("created");
        for (contents, fragment) in [
            (&b"profiles: [1, 2"[..], "is not valid"),
            (b"profiles:\n  a:\n    servr: x\n", "unknown field `servr`"),
            (b"default_profile: [not, a, string]\n", "is not valid"),
            (b"\xff\xfe", "not UTF-8"),
            (
                b"profiles:\n  a:\n    server: x\n    auth:\n      type: pat\n",
                "profile `a` has no `token` and no `keyring` item",
            ),
        ] {
            fs::write(store.path(), contents).expect("written");
            let error = store.load().expect_err("refused");
            assert!(error.message.contains(fragment), "{error}");
            assert!(error.message.contains(&store.path().display().to_string()));
        }
        fs::write(store.path(), "").expect("written");
        assert_eq!(store.load().expect("empty is fine"), ConfigFile::default());
    }

    #[test]
    fn a_profile_with_a_keyring_item_has_no_secret_fields() {
        let (_dir, store) = store();
        let mut keyring_profile = profile("https://a.example");
        keyring_profile.keyring = Some(KeyringRef {
            service: "jshell:/tmp/config.yaml".to_owned(),
            account: "a".to_owned(),
        });
        let bag = secrets::take(&mut keyring_profile.auth);
        assert!(format!("{bag:?}").contains("token"));
        store
            .update(|config| {
                config.secrets = Some(SecretsChoice::Keyring);
                config
                    .profiles
                    .insert("a".to_owned(), keyring_profile.clone());
                Ok(())
            })
            .expect("written");
        let text = fs::read_to_string(store.path()).expect("written");
        assert!(
            !text.contains("t0ken") && !text.contains("token:"),
            "{text}"
        );
        assert!(text.starts_with("secrets: keyring\n"), "{text}");
        assert_eq!(
            store.load().expect("read back").profiles["a"],
            keyring_profile
        );
    }

    #[test]
    fn parse_errors_never_show_the_offending_value() {
        let (_dir, store) = store();
        fs::create_dir_all(store.path().parent().expect("a parent")).expect("created");
        let yaml = "profiles:\n  a:\n    server: x\n    auth:\n      type: oauth\n      consumer_key: k\n      key_cert: k.pem\n      access_token: t\n      access_token_secret: 987654321\n";
        fs::write(store.path(), yaml).expect("written");
        let error = store.load().expect_err("an integer secret is refused");
        assert!(!error.message.contains("987654321"), "{error}");
        assert!(
            error.message.contains("at line"),
            "the place is still named: {error}"
        );
        assert!(error.message.contains("expected a string"), "{error}");
    }

    #[cfg(unix)]
    #[test]
    fn readable_files_are_warned_about() {
        use std::os::unix::fs::PermissionsExt as _;
        let (_dir, store) = store();
        store.update(|_| Ok(())).expect("written");
        fs::set_permissions(store.path(), fs::Permissions::from_mode(0o644)).expect("chmod");
        let warning = store.permission_warning().expect("a warning");
        assert!(warning.contains("chmod 600"), "{warning}");
    }
}
