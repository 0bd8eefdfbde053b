//! An async client for Jira's REST API (Server, Data Center and Cloud), built on reqwest and
//! tokio.
//!
//! What it is for:
//! - one [`Client`], built once with [`ClientBuilder`] and cloned freely, that authenticates
//!   every request ([`Auth`]: OAuth 1.0a signed afresh per request, personal access tokens,
//!   basic credentials, or anonymous);
//! - errors that explain ([`Error`], opaque: [`Error::kind`] gives its [`ErrorKind`], other
//!   accessors its details): transport failures naming the host, Jira's `errorMessages`, OAuth
//!   problems with advice and the server's base string, and the usual real-world cause where
//!   the client can tell it (a refused token by auth mode, a login page answering instead of
//!   Jira, a missing context path, `https://` to a plain-HTTP port);
//! - retries that respect the server ([`RetryPolicy`]: `Retry-After`, capped backoff with jitter,
//!   idempotent methods only unless asked);
//! - the methods a script needs, as one table ([`methods`]) named as the Python `jira` client
//!   names them, executed by [`Client::invoke`]/[`Client::call`] and returning Jira's JSON as
//!   [`serde_json::Value`]; [`Client::send`]/[`Client::send_json`]/
//!   [`Client::send_to_file`] for any request, with headers, streamed uploads and downloads;
//! - [`Client::search_all`]: every issue of a JQL query, fetched with bounded concurrency and
//!   yielded in order.
//!
//! What it is not for: it knows nothing of jshell's command line, configuration or Rhai, and it
//! does not perform the OAuth dance (that is `oauth1::Dance`, in its `dance` feature).
//!
//! ```no_run
//! # async fn run() -> Result<(), jira::Error> {
//! use futures_util::TryStreamExt as _;
//!
//! let client = jira::Client::builder("https://jira.example.com")
//!     .auth(jira::Auth::bearer("personal-access-token"))
//!     .build()?;
//! let me = client.call("myself", Vec::new()).await?.into_json();
//! println!("hello {}", me.unwrap_or_default()["displayName"]);
//! let issues: Vec<_> = client
//!     .search_all("project = ABC ORDER BY key", jira::SearchOptions::default())
//!     .try_collect()
//!     .await?;
//! println!("{} issues", issues.len());
//! # Ok(())
//! # }
//! ```

mod auth;
mod base_url;
mod client;
pub mod cloud;
mod diagnose;
mod error;
pub mod methods;
pub mod oauth2;
mod pages;
mod rate_limit;
mod request;
mod retry;
mod search;
pub mod server;
mod throttle;
mod transfer;
mod writes;

pub use auth::Auth;
pub use client::{Client, ClientBuilder, Deployment, Exchange, HeldCount, Idempotency};
pub use diagnose::clock_skew;
pub use error::{Error, ErrorKind};
pub use pages::PageCursor;
pub use rate_limit::RateLimit;
pub use request::{ApiRequest, Payload, RawAnswer};
pub use reqwest::Method;
pub use retry::RetryPolicy;
pub use search::{PrefetchedPages, SearchOptions, SearchPage, issue_identity};
pub use serde_json::Value;
pub use writes::{HeldWrite, READS_BY_POST, WritePolicy, is_write};
