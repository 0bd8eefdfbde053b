//! jirashell's settings file, `~/.jira-python/jirashell.ini`: read when no saved profile
//! applies, and turned into a profile by `jshell profiles import-jirashell`.
//!
//! jirashell reads it with Python's configparser: `[options]` (`server`, `rest_path`,
//! `rest_api_version`, `verify`), `[basic_auth]` (`username`, `password`) and `[oauth]`
//! (`access_token`, `access_token_secret`, `consumer_key`, `key_cert`). When both are complete,
//! OAuth wins, as in the Python client.

use std::path::{Path, PathBuf};

use configparser::ini::Ini;

use crate::config::{Profile, ProfileAuth};
use crate::failure::Failure;

/// The name the settings go by in messages and in `--verbose`'s profile line.
pub const NAME: &str = "jirashell.ini";

const OAUTH_KEYS: [&str; 4] = [
    "access_token",
    "access_token_secret",
    "consumer_key",
    "key_cert",
];

/// jirashell's settings as a profile. The password of `[basic_auth]` is kept apart: profiles
/// never store passwords.
#[derive(Debug)]
pub struct JirashellIni {
    pub profile: Profile,
    pub password: Option<String>,
}

/// Where jirashell keeps its settings: `~/.jira-python/jirashell.ini`.
pub fn default_path() -> Option<PathBuf> {
    dirs::home_dir().map(|home| home.join(".jira-python").join("jirashell.ini"))
}

/// Reads `path`; `Ok(None)` when there is no such file.
pub fn load(path: &Path) -> Result<Option<JirashellIni>, Failure> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => {
            return Err(Failure::usage(format!(
                "cannot read jirashell's settings {}: {error}",
                path.display()
            )));
        }
    };
    parse(path, text).map(Some)
}

fn parse(path: &Path, text: String) -> Result<JirashellIni, Failure> {
    let invalid = |what: String| {
        Failure::usage(format!(
            "jirashell's settings {} are not usable: {what}",
            path.display()
        ))
    };
    let mut ini = Ini::new();
    ini.set_multiline(true);
    ini.read(text).map_err(invalid)?;
    let get = |section: &str, key: &str| ini.get(section, key).filter(|value| !value.is_empty());
    let server = get("options", "server")
        .ok_or_else(|| invalid("[options] has no `server = URL`".to_owned()))?;
    let verify = ini
        .getboolcoerce("options", "verify")
        .map_err(|_| invalid("[options] verify is neither true nor false".to_owned()))?;
    let (auth, password) = auth(&get, path).map_err(invalid)?;
    Ok(JirashellIni {
        profile: Profile {
            rest_path: get("options", "rest_path"),
            rest_api_version: get("options", "rest_api_version"),
            no_verify: verify == Some(false),
            ..Profile::new(server, auth)
        },
        password,
    })
}

fn auth(
    get: &dyn Fn(&str, &str) -> Option<String>,
    path: &Path,
) -> Result<(ProfileAuth, Option<String>), String> {
    let oauth: Vec<Option<String>> = OAUTH_KEYS.iter().map(|key| get("oauth", key)).collect();
    if let [
        Some(token),
        Some(secret),
        Some(consumer_key),
        Some(key_cert),
    ] = &oauth[..]
    {
        return Ok((
            ProfileAuth::Oauth {
                consumer_key: consumer_key.clone(),
                key_cert: key_path(key_cert, path)?,
                access_token: token.clone(),
                access_token_secret: secret.clone(),
                session_handle: None,
                expires_at: None,
                authorization_expires_at: None,
            },
            None,
        ));
    }
    if oauth.iter().any(Option::is_some) {
        let missing: Vec<&str> = OAUTH_KEYS
            .iter()
            .zip(&oauth)
            .filter(|(_, value)| value.is_none())
            .map(|(key, _)| *key)
            .collect();
        return Err(format!(
            "[oauth] needs access_token, access_token_secret, consumer_key and key_cert; \
             missing: {}",
            missing.join(", ")
        ));
    }
    match get("basic_auth", "username") {
        Some(username) => Ok((
            ProfileAuth::Basic {
                username,
                password: None,
            },
            get("basic_auth", "password"),
        )),
        None => Ok((ProfileAuth::Anonymous, None)),
    }
}

/// The private key stays a file: `~` is the home directory, a relative path is taken from the
/// settings file's directory (jirashell resolved it from wherever it was started).
fn key_path(value: &str, ini: &Path) -> Result<PathBuf, String> {
    if value.contains("-----BEGIN") {
        return Err(
            "[oauth] key_cert holds the key itself; jshell reads keys from files: save it to a \
             file (chmod 600) and set key_cert to that file's path"
                .to_owned(),
        );
    }
    let path = match value.strip_prefix("~/") {
        Some(rest) => dirs::home_dir().unwrap_or_default().join(rest),
        None => PathBuf::from(value),
    };
    Ok(match ini.parent() {
        Some(dir) if path.is_relative() => dir.join(path),
        _ => path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Result<JirashellIni, Failure> {
        parse(
            Path::new("/home/u/.jira-python/jirashell.ini"),
            text.to_owned(),
        )
    }

    #[test]
    fn oauth_settings_become_an_oauth_profile() {
        let ini = parsed(
            "[options]\nserver = https://jira.example.com/jira\nverify: false\n\n\
             [oauth]\nACCESS_TOKEN = tok\naccess_token_secret = sec\nconsumer_key = ck\n\
             key_cert = keys/rsa.pem\n\n[basic_auth]\nusername = ignored\n",
        )
        .expect("parses");
        assert_eq!(ini.profile.server, "https://jira.example.com/jira");
        assert!(ini.profile.no_verify);
        assert_eq!(
            ini.profile.auth,
            ProfileAuth::Oauth {
                consumer_key: "ck".to_owned(),
                key_cert: PathBuf::from("/home/u/.jira-python/keys/rsa.pem"),
                access_token: "tok".to_owned(),
                access_token_secret: "sec".to_owned(),
                session_handle: None,
                expires_at: None,
                authorization_expires_at: None,
            }
        );
        assert_eq!(ini.password, None);
    }

    #[test]
    fn basic_settings_keep_the_password_out_of_the_profile() {
        let ini = parsed("[options]\nserver=http://j\n[basic_auth]\nusername=bob\npassword=pw\n")
            .expect("parses");
        assert_eq!(
            ini.profile.auth,
            ProfileAuth::Basic {
                username: "bob".to_owned(),
                password: None,
            }
        );
        assert_eq!(ini.password.as_deref(), Some("pw"));
    }

    #[test]
    fn unusable_settings_say_what_is_wrong() {
        for (text, fragment) in [
            ("[options]\nrest_path = api\n", "no `server = URL`"),
            (
                "[options]\nserver=http://j\n[oauth]\naccess_token=t\n",
                "missing: access_token_secret, consumer_key, key_cert",
            ),
            ("[options]\nserver=http://j\nverify=maybe\n", "verify"),
            ("[options\nserver=http://j\n", "line 1"),
            (
                "[options]\nserver=http://j\n[oauth]\naccess_token=t\naccess_token_secret=s\n\
                 consumer_key=c\nkey_cert=-----BEGIN RSA PRIVATE KEY-----\n  MIIE\n",
                "holds the key itself",
            ),
        ] {
            let error = parsed(text).expect_err(text);
            assert!(error.message.contains(fragment), "{error}");
            assert!(error.message.contains("jirashell.ini"), "{error}");
        }
    }
}
