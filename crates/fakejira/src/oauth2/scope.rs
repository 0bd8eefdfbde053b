//! OAuth 2.0 scopes: Data Center's four nested levels and Cloud's space-separated names, what a
//! request may ask for given what the client registered, and what a granted scope allows.

use crate::config::DeploymentType;

/// Data Center's scopes; each includes the ones before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum DcScope {
    Read,
    Write,
    Admin,
    SystemAdmin,
}

impl DcScope {
    fn parse(text: &str) -> Option<Self> {
        match text {
            "READ" => Some(Self::Read),
            "WRITE" => Some(Self::Write),
            "ADMIN" => Some(Self::Admin),
            "SYSTEM_ADMIN" => Some(Self::SystemAdmin),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Read => "READ",
            Self::Write => "WRITE",
            Self::Admin => "ADMIN",
            Self::SystemAdmin => "SYSTEM_ADMIN",
        }
    }

    /// The widest of the space-separated scopes in `text`; `None` if one is not a scope.
    fn parse_list(text: &str) -> Option<Self> {
        text.split_whitespace()
            .map(Self::parse)
            .try_fold(None, |widest: Option<Self>, scope| {
                scope.map(|scope| Some(widest.map_or(scope, |widest| widest.max(scope))))
            })
            .flatten()
    }
}

/// Cloud's scope that lets a token write issues and everything around them.
pub(crate) const CLOUD_WRITE: &str = "write:jira-work";
/// Cloud's scope for administration resources.
pub(crate) const CLOUD_ADMIN: &str = "manage:jira-configuration";
/// Cloud's scope that earns a refresh token.
pub(crate) const OFFLINE_ACCESS: &str = "offline_access";

/// What a client registers when it gives no scope.
pub(crate) fn default_registered(deployment: DeploymentType) -> &'static str {
    match deployment {
        DeploymentType::Server => "WRITE",
        DeploymentType::Cloud => {
            "read:jira-work write:jira-work read:jira-user manage:jira-configuration offline_access"
        }
    }
}

/// A granted scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    Dc(DcScope),
    /// Scope names in the order asked, without repeats.
    Cloud(Vec<String>),
}

impl Scope {
    /// The scope granted when a request asks for `requested` (absent: all the client
    /// registered) of a client registered with `registered`; the `invalid_scope` description
    /// otherwise.
    pub(crate) fn grant(
        deployment: DeploymentType,
        registered: &str,
        requested: Option<&str>,
    ) -> Result<Self, String> {
        let requested = requested
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .unwrap_or(registered);
        match deployment {
            DeploymentType::Server => {
                let unknown = || {
                    format!("'{requested}' is not a scope: use READ, WRITE, ADMIN or SYSTEM_ADMIN.")
                };
                let asked = DcScope::parse_list(requested).ok_or_else(unknown)?;
                let allowed = DcScope::parse_list(registered).unwrap_or(DcScope::Read);
                if asked > allowed {
                    return Err(format!(
                        "The scope {} is broader than the {} the incoming link allows.",
                        asked.name(),
                        allowed.name()
                    ));
                }
                Ok(Self::Dc(asked))
            }
            DeploymentType::Cloud => {
                let allowed: Vec<&str> = registered.split_whitespace().collect();
                let mut names: Vec<String> = Vec::new();
                for name in requested.split_whitespace() {
                    if !allowed.contains(&name) {
                        return Err(format!("The app has not been granted the scope {name}."));
                    }
                    if !names.iter().any(|known| known == name) {
                        names.push(name.to_owned());
                    }
                }
                Ok(Self::Cloud(names))
            }
        }
    }

    fn has(&self, name: &str) -> bool {
        matches!(self, Self::Cloud(names) if names.iter().any(|known| known == name))
    }

    /// Whether the token may change data (POST, PUT, DELETE).
    pub(crate) fn allows_write(&self) -> bool {
        match self {
            Self::Dc(level) => *level >= DcScope::Write,
            Self::Cloud(_) => self.has(CLOUD_WRITE),
        }
    }

    /// Whether the token may use administration resources.
    pub(crate) fn allows_admin(&self) -> bool {
        match self {
            Self::Dc(level) => *level >= DcScope::Admin,
            Self::Cloud(_) => self.has(CLOUD_ADMIN),
        }
    }

    /// Whether a refresh token comes with the access token: always on Data Center, only with
    /// `offline_access` on Cloud.
    pub(crate) fn gets_refresh_token(&self) -> bool {
        match self {
            Self::Dc(_) => true,
            Self::Cloud(_) => self.has(OFFLINE_ACCESS),
        }
    }

    /// The scopes `accessible-resources` lists: the API scopes, `offline_access` aside.
    pub(crate) fn api_scopes(&self) -> Vec<String> {
        match self {
            Self::Dc(level) => vec![level.name().to_owned()],
            Self::Cloud(names) => names
                .iter()
                .filter(|name| *name != OFFLINE_ACCESS)
                .cloned()
                .collect(),
        }
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Dc(level) => formatter.write_str(level.name()),
            Self::Cloud(names) => formatter.write_str(&names.join(" ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DC: DeploymentType = DeploymentType::Server;
    const CLOUD: DeploymentType = DeploymentType::Cloud;

    #[test]
    fn data_center_scopes_nest() {
        assert_eq!(
            Scope::grant(DC, "WRITE", Some("READ")),
            Ok(Scope::Dc(DcScope::Read))
        );
        assert_eq!(
            Scope::grant(DC, "WRITE", None),
            Ok(Scope::Dc(DcScope::Write))
        );
        assert!(Scope::grant(DC, "WRITE", Some("ADMIN")).is_err());
        assert!(Scope::grant(DC, "WRITE", Some("read")).is_err());
        assert!(!Scope::Dc(DcScope::Read).allows_write());
        assert!(Scope::Dc(DcScope::SystemAdmin).allows_admin());
        assert!(!Scope::Dc(DcScope::Write).allows_admin());
    }

    #[test]
    fn cloud_scopes_are_a_subset_of_the_registered_ones() {
        let registered = "read:jira-work write:jira-work offline_access";
        let granted = Scope::grant(CLOUD, registered, Some("read:jira-work read:jira-work"))
            .expect("a subset");
        assert_eq!(granted.to_string(), "read:jira-work");
        assert!(!granted.allows_write());
        assert!(!granted.gets_refresh_token());
        assert!(Scope::grant(CLOUD, registered, Some("manage:jira-configuration")).is_err());
        let all = Scope::grant(CLOUD, registered, None).expect("everything registered");
        assert!(all.allows_write() && all.gets_refresh_token());
        assert_eq!(all.api_scopes(), ["read:jira-work", "write:jira-work"]);
    }
}
