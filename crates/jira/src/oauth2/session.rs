//! Access tokens that renew themselves: before they expire, and once when the server refuses
//! one. The renewal runs under the [`TokenKeeper`]'s lock and starts by re-reading the saved
//! tokens, so processes sharing a profile make one refresh between them: the first renews and
//! saves, the others find the new tokens and use them.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use oauth1::Secret;

use super::{ClientCredentials, Provider, Tokens, refresh};
use crate::error::Repr;
use crate::{Client, Error};

/// Where tokens are saved between runs, shared by every process using them.
pub trait TokenKeeper: Send + Sync + 'static {
    /// Waits until no other process holds the saved tokens, then holds them and reads them.
    /// Blocking: the session calls it off the async runtime.
    fn lock(&self) -> Result<Box<dyn KeptTokens>, Error>;
}

/// Saved tokens held exclusively until dropped.
pub trait KeptTokens: Send {
    /// The tokens as saved when the lock was taken.
    fn tokens(&self) -> &Tokens;

    /// Replaces the saved tokens, whole or not at all (a crash mid-write keeps the old ones).
    /// Blocking.
    fn save(&mut self, tokens: &Tokens) -> Result<(), Error>;
}

/// Tokens kept in this process only, shared by the sessions given clones of it: a login's
/// tokens before its profile exists, whose renewals must reach the profile it then saves.
#[derive(Clone)]
pub struct MemoryKeeper {
    tokens: Arc<tokio::sync::Mutex<Tokens>>,
}

impl MemoryKeeper {
    /// A keeper holding `tokens`.
    pub fn new(tokens: Tokens) -> Self {
        Self {
            tokens: Arc::new(tokio::sync::Mutex::new(tokens)),
        }
    }

    /// The newest tokens saved: the ones to keep once the session is done.
    pub async fn latest(&self) -> Tokens {
        self.tokens.lock().await.clone()
    }
}

impl TokenKeeper for MemoryKeeper {
    fn lock(&self) -> Result<Box<dyn KeptTokens>, Error> {
        Ok(Box::new(KeptInMemory(
            Arc::clone(&self.tokens).blocking_lock_owned(),
        )))
    }
}

struct KeptInMemory(tokio::sync::OwnedMutexGuard<Tokens>);

impl KeptTokens for KeptInMemory {
    fn tokens(&self) -> &Tokens {
        &self.0
    }

    fn save(&mut self, tokens: &Tokens) -> Result<(), Error> {
        *self.0 = tokens.clone();
        Ok(())
    }
}

/// An OAuth 2.0 login in use: what [`Auth::OAuth2`](crate::Auth::OAuth2) holds. Clones share
/// the tokens.
#[derive(Clone)]
pub struct Session {
    inner: Arc<Inner>,
}

struct Inner {
    provider: Provider,
    credentials: ClientCredentials,
    current: tokio::sync::Mutex<Tokens>,
    keeper: Option<Arc<dyn TokenKeeper>>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("provider", &self.inner.provider)
            .field("client_id", &self.inner.credentials.id)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// A session with `tokens`, renewed with `credentials` at `provider`. With a `keeper`,
    /// renewed tokens are saved there; without one they live as long as the session.
    pub fn new(
        provider: Provider,
        credentials: ClientCredentials,
        tokens: Tokens,
        keeper: Option<Arc<dyn TokenKeeper>>,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                provider,
                credentials,
                current: tokio::sync::Mutex::new(tokens),
                keeper,
            }),
        }
    }

    /// The client ID the tokens were issued to.
    pub fn client_id(&self) -> &str {
        &self.inner.credentials.id
    }

    /// The tokens in use now.
    pub async fn tokens(&self) -> Tokens {
        self.inner.current.lock().await.clone()
    }

    /// The `Authorization` header for the next request, renewing the access token first when
    /// it is due ([`Tokens::renewal_due`]).
    pub(crate) async fn authorization(&self, client: &Client) -> Result<String, Error> {
        let mut current = self.inner.current.lock().await;
        if current.renewal_due(SystemTime::now()) {
            let stale = current.access_token.clone();
            self.renew(client, &mut current, &stale, Reason::Due)
                .await?;
        }
        Ok(bearer(&current.access_token))
    }

    /// The server refused the request sent with `sent` (its `Authorization` header): renews
    /// the access token, unless another request already has.
    pub(crate) async fn renew_after_rejection(
        &self,
        client: &Client,
        sent: &str,
    ) -> Result<(), Error> {
        let mut current = self.inner.current.lock().await;
        if bearer(&current.access_token) != sent {
            return Ok(());
        }
        let stale = current.access_token.clone();
        self.renew(client, &mut current, &stale, Reason::Refused)
            .await
    }

    /// Whether a 403 or 404 answer to the request sent with `sent` may be Atlassian's gateway
    /// refusing an expired token, as it does on some routes instead of a 401: on Cloud, when
    /// that token's saved expiry has passed, or it has been replaced since it was sent.
    pub(crate) async fn refusal_may_be_expiry(&self, sent: &str) -> bool {
        if !matches!(self.inner.provider, Provider::Cloud { .. }) {
            return false;
        }
        let current = self.inner.current.lock().await;
        bearer(&current.access_token) != sent
            || current.expires_within(SystemTime::now(), Duration::ZERO)
    }

    /// Replaces `current` (whose access token `stale` is no good, for `reason`) with tokens
    /// saved by another process since, or with new ones from the provider, saved before they
    /// are used.
    async fn renew(
        &self,
        client: &Client,
        current: &mut Tokens,
        stale: &Secret,
        reason: Reason,
    ) -> Result<(), Error> {
        let kept = match &self.inner.keeper {
            Some(keeper) => Some(lock(Arc::clone(keeper)).await?),
            None => None,
        };
        if let Some(kept) = &kept {
            let saved = kept.tokens().clone();
            let usable = !saved.renewal_due(SystemTime::now())
                && (reason == Reason::Due || saved.access_token != *stale);
            *current = saved;
            if usable {
                return Ok(());
            }
        }
        let Some(refresh_token) = current.refresh_token.clone() else {
            return Err(no_refresh_token(&self.inner.provider));
        };
        let provider = &self.inner.provider;
        let mut fresh = refresh(client, provider, &self.inner.credentials, &refresh_token).await?;
        if fresh.refresh_token.is_none() {
            // A provider that does not rotate answers without one: the old one still works.
            fresh.refresh_token = Some(refresh_token);
        }
        *current = fresh.clone();
        match kept {
            Some(kept) => save(kept, fresh).await,
            None => Ok(()),
        }
    }
}

/// Why an access token is renewed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reason {
    /// Its expiry, as this process read it, is near. The saved tokens may say otherwise: with
    /// a keyring, another process's renewal writes the token before the expiry beside it in
    /// the file, so a run that started in between holds the new token with the old expiry.
    Due,
    /// The server refused it: only a different token saved since will do.
    Refused,
}

fn bearer(token: &Secret) -> String {
    format!("Bearer {}", token.expose())
}

async fn lock(keeper: Arc<dyn TokenKeeper>) -> Result<Box<dyn KeptTokens>, Error> {
    tokio::task::spawn_blocking(move || keeper.lock())
        .await
        .map_err(|error| {
            Error::from(Repr::Config(format!(
                "cannot read the saved tokens: {error}"
            )))
        })?
}

/// Saves the renewed tokens at once: a rotated refresh token exists nowhere else, and the one
/// saved before no longer works.
async fn save(mut kept: Box<dyn KeptTokens>, fresh: Tokens) -> Result<(), Error> {
    let saved = tokio::task::spawn_blocking(move || kept.save(&fresh))
        .await
        .map_err(|error| {
            Error::from(Repr::Config(format!(
                "cannot save the renewed tokens: {error}"
            )))
        })?;
    saved.map_err(|error| {
        Error::from(Repr::Config(format!(
            "the OAuth 2.0 tokens were renewed but cannot be saved ({error}); the saved refresh \
             token no longer works: fix that, then run `jshell login --oauth2` again"
        )))
    })
}

fn no_refresh_token(provider: &Provider) -> Error {
    let why = match provider {
        Provider::Cloud { .. } => {
            "Cloud gives a refresh token only for the `offline_access` scope: log in again with \
             --scope including offline_access"
        }
        Provider::DataCenter { .. } => "log in again with `jshell login --oauth2`",
    };
    Error::from(Repr::OAuth2 {
        url: String::new(),
        code: "no_refresh_token".to_owned(),
        description: "the access token has expired and there is no refresh token to renew it"
            .to_owned(),
        advice: why.to_owned(),
    })
}
