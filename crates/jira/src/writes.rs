//! Which requests change something on the server, and what a client does with them: send them
//! (the default), hold them back and report them (a dry run), or refuse them (read-only).
//!
//! The decision is made in the client's one request path, so it covers every method of the
//! table, raw requests and every script alike: nothing that writes can reach the server by
//! another way. A request writes when its method is POST, PUT, PATCH or DELETE, unless it is
//! one of [`READS_BY_POST`], the one list of POSTs that only read.

use reqwest::Method;
use serde_json::{Value, json};
use url::Url;

/// What a client does with requests that change something.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WritePolicy {
    /// Send them.
    #[default]
    Send,
    /// Send none of them: each is reported to the write observer and answered with
    /// [`HeldWrite::answer`]; reads go through, so a script's logic runs as it would.
    DryRun,
    /// Refuse them before sending, with an error of kind
    /// [`ErrorKind::ReadOnly`](crate::ErrorKind::ReadOnly).
    ReadOnly,
}

/// The POSTs that only read, by the path below the REST API's version (`/rest/api/2/…`), with
/// why Jira takes a POST for a read.
pub const READS_BY_POST: &[(&str, &str)] = &[
    (
        "search",
        "a JQL search: POSTed so that a long query and field list fit, changes nothing",
    ),
    (
        "search/jql",
        "Cloud's JQL search (nextPageToken paging): POSTed like search, changes nothing",
    ),
    (
        "search/approximate-count",
        "Cloud: counts what a JQL search would find",
    ),
    ("jql/parse", "parses JQL queries and reports their errors"),
    (
        "expression/eval",
        "Cloud: evaluates a Jira expression, which cannot change data",
    ),
    ("issue/bulkfetch", "Cloud: reads up to 100 issues at once"),
];

/// Why `method url` only reads although it is a POST, when it is one of [`READS_BY_POST`].
pub fn read_by_post(method: &Method, url: &Url) -> Option<&'static str> {
    if *method != Method::POST {
        return None;
    }
    let (_, below) = url.path().split_once("/rest/api/")?;
    let (_version, resource) = below.split_once('/')?;
    let resource = resource.trim_end_matches('/');
    READS_BY_POST
        .iter()
        .find(|(path, _)| *path == resource)
        .map(|(_, why)| *why)
}

/// Whether `method url` changes something on the server.
pub fn is_write(method: &Method, url: &Url) -> bool {
    let writes = matches!(
        *method,
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    );
    writes && read_by_post(method, url).is_none()
}

/// A write a dry run did not send.
#[derive(Clone, Debug, PartialEq)]
pub struct HeldWrite {
    /// The HTTP method.
    pub method: String,
    /// The URL, query included.
    pub url: String,
    /// The JSON body, a multipart upload's file as `{"file": path, "filename": name}`, or
    /// `null`.
    pub body: Value,
}

impl HeldWrite {
    /// What the call answers in a dry run: `{"dry_run": true, "method", "url", "body"}`.
    pub fn answer(&self) -> Value {
        json!({
            "dry_run": true,
            "method": self.method,
            "url": self.url,
            "body": self.body,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(path: &str) -> Url {
        Url::parse(&format!("https://jira.example.com/jira{path}")).expect("a URL")
    }

    #[test]
    fn posts_that_only_read_are_reads_and_every_other_change_is_a_write() {
        assert!(!is_write(&Method::POST, &url("/rest/api/2/search")));
        assert!(!is_write(&Method::POST, &url("/rest/api/3/search/jql")));
        assert!(!is_write(&Method::GET, &url("/rest/api/2/issue/ABC-1")));
        assert!(is_write(&Method::POST, &url("/rest/api/2/issue")));
        assert!(is_write(&Method::PUT, &url("/rest/api/2/issue/ABC-1")));
        assert!(is_write(&Method::DELETE, &url("/rest/api/2/search")));
        assert!(is_write(&Method::POST, &url("/rest/agile/1.0/sprint")));
        assert!(is_write(
            &Method::POST,
            &url("/rest/api/2/issue/ABC-1/attachments")
        ));
    }

    #[test]
    fn every_read_by_post_says_why() {
        for (path, why) in READS_BY_POST {
            assert!(!why.is_empty(), "{path}");
            assert_eq!(
                read_by_post(&Method::POST, &url(&format!("/rest/api/2/{path}"))),
                Some(*why)
            );
        }
    }
}
