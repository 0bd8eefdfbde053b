//! The loopback callback: a one-request HTTP listener on 127.0.0.1 that receives the
//! browser's redirect after the user decides: OAuth 1.0a's `oauth_verifier`, OAuth 2.0's
//! `code` and `state`.

use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

use crate::failure::Failure;

const CALLBACK_PATH: &str = "/jshell/callback";
const MAX_REQUEST_BYTES: usize = 16 * 1024;

/// Which requests to the callback path are the answer a login waits for, by their parameters.
type ExpectedAnswer = dyn Fn(&[(String, String)]) -> bool + Send + Sync;

/// What the browser brought back for OAuth 1.0a.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Approved { verifier: String },
    Denied,
}

/// A request the login was waiting for: its query parameters, and the browser still waiting
/// for the page that says how the login ended.
pub struct Arrival {
    pub params: Vec<(String, String)>,
    stream: TcpStream,
}

impl Arrival {
    /// The value of the query parameter `name`.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Answers the browser with a page titled `title` saying `message`.
    pub async fn reply(mut self, title: &str, message: &str) {
        respond(&mut self.stream, "200 OK", &page(title, message)).await;
    }
}

pub struct CallbackServer {
    listener: TcpListener,
    path: String,
}

impl CallbackServer {
    /// Listens on a free port of 127.0.0.1 only (OAuth 1.0a names its callback per login).
    pub async fn bind() -> Result<Self, Failure> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.map_err(|error| {
            Failure::usage(format!(
                "cannot listen on 127.0.0.1 for the login callback: {error}; use --callback oob"
            ))
        })?;
        Ok(Self {
            listener,
            path: CALLBACK_PATH.to_owned(),
        })
    }

    /// Listens where `redirect` (an `http://127.0.0.1:PORT/…` or `http://localhost:PORT/…`
    /// URL) points: OAuth 2.0 links register one fixed Redirect URL.
    pub async fn bind_to(redirect: &url::Url) -> Result<Self, Failure> {
        let port = redirect.port_or_known_default().unwrap_or(80);
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|error| {
                Failure::usage(format!(
                    "cannot listen on 127.0.0.1:{port} for the Redirect URL {redirect}: {error}; \
                     if another program uses that port, pick a free one with --redirect-uri \
                     http://127.0.0.1:PORT/callback and set the same Redirect URL on the link"
                ))
            })?;
        Ok(Self {
            listener,
            path: redirect.path().to_owned(),
        })
    }

    pub fn url(&self) -> Result<url::Url, Failure> {
        let port = self
            .listener
            .local_addr()
            .map_err(|error| {
                Failure::usage(format!("the callback listener has no address: {error}"))
            })?
            .port();
        url::Url::parse(&format!("http://127.0.0.1:{port}{}", self.path))
            .map_err(|error| Failure::usage(format!("invalid callback URL: {error}")))
    }

    /// Waits for the one GET of the callback path whose parameters `expected` accepts, and
    /// hands it over with the browser waiting for its page. Other requests get a 404 page.
    /// `None` after `timeout`.
    pub async fn arrival(
        self,
        expected: impl Fn(&[(String, String)]) -> bool + Send + Sync + 'static,
        timeout: Duration,
    ) -> Option<Arrival> {
        // Each connection is served on its own task: a browser's idle spare connection must not
        // hold up the one that carries the answer.
        let (arrivals, mut received) = tokio::sync::mpsc::channel(1);
        let expected = std::sync::Arc::new(expected);
        let path = std::sync::Arc::new(self.path);
        let listener = self.listener;
        let accepting = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let (arrivals, expected, path) = (arrivals.clone(), expected.clone(), path.clone());
                tokio::spawn(async move {
                    if let Some(arrival) = accept(stream, &path, expected.as_ref()).await {
                        let _ = arrivals.send(arrival).await;
                    }
                });
            }
        });
        let outcome = tokio::time::timeout(timeout, received.recv()).await;
        accepting.abort();
        outcome.ok().flatten()
    }

    /// OAuth 1.0a: waits for the request carrying `expected_token`, answers it with a page
    /// saying whether jshell is now authorized for `server`, and returns the verdict. Gives up
    /// after `timeout` (the request token's lifetime).
    pub async fn wait(
        self,
        expected_token: &str,
        server: &str,
        timeout: Duration,
    ) -> Result<Verdict, Failure> {
        let token = expected_token.to_owned();
        let arrival = self
            .arrival(
                move |params| {
                    params
                        .iter()
                        .any(|(key, value)| key == "oauth_token" && *value == token)
                },
                timeout,
            )
            .await
            .ok_or_else(|| {
                Failure::auth(format!(
                    "gave up waiting for the browser after {} seconds: the request token has \
                     expired; run jshell login again and approve within that time",
                    timeout.as_secs()
                ))
            })?;
        let verdict = verdict_of(arrival.param("oauth_verifier"));
        match &verdict {
            Verdict::Approved { .. } => {
                let message =
                    format!("jshell is now authorized for {server} — you can close this tab.");
                arrival.reply("jshell is authorized", &message).await;
            }
            Verdict::Denied => {
                let message = format!(
                    "Access was denied: jshell is not authorized for {server}. Run jshell login again to retry."
                );
                arrival.reply("jshell was denied", &message).await;
            }
        }
        Ok(verdict)
    }
}

async fn accept(mut stream: TcpStream, path: &str, expected: &ExpectedAnswer) -> Option<Arrival> {
    let request = read_head(&mut stream).await?;
    let params = request
        .lines()
        .next()
        .and_then(|line| {
            let mut parts = line.split_whitespace();
            (parts.next() == Some("GET"))
                .then(|| parts.next())
                .flatten()
        })
        .and_then(|target| params_of(target, path))
        .filter(|params| expected(params));
    match params {
        Some(params) => Some(Arrival { params, stream }),
        None => {
            let page = page(
                "Not found",
                "This address only answers jshell's login callback.",
            );
            respond(&mut stream, "404 Not Found", &page).await;
            None
        }
    }
}

async fn respond(stream: &mut TcpStream, status: &str, page: &str) {
    let response = format!(
        "HTTP/1.1 {status}\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\n\
         cache-control: no-store\r\nconnection: close\r\n\r\n{page}",
        page.len()
    );
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

async fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut buffer = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    let read = async {
        while !buffer.windows(4).any(|window| window == b"\r\n\r\n") {
            let n = stream.read(&mut chunk).await.ok()?;
            if n == 0 || buffer.len() + n > MAX_REQUEST_BYTES {
                return None;
            }
            buffer.extend_from_slice(&chunk[..n]);
        }
        Some(())
    };
    tokio::time::timeout(Duration::from_secs(10), read)
        .await
        .ok()??;
    Some(String::from_utf8_lossy(&buffer).into_owned())
}

/// The query parameters of a request target for `path`; `None` for any other path.
fn params_of(target: &str, path: &str) -> Option<Vec<(String, String)>> {
    let url = url::Url::parse(&format!("http://127.0.0.1{target}")).ok()?;
    (url.path() == path).then(|| url.query_pairs().into_owned().collect())
}

fn verdict_of(verifier: Option<&str>) -> Verdict {
    match verifier {
        Some(verifier) if verifier != "denied" && !verifier.is_empty() => Verdict::Approved {
            verifier: verifier.to_owned(),
        },
        _ => Verdict::Denied,
    }
}

fn page(title: &str, message: &str) -> String {
    let escape = |text: &str| {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{}</title></head>\
         <body style=\"font-family: sans-serif; margin: 3em\"><h1>{}</h1><p>{}</p></body></html>",
        escape(title),
        escape(title),
        escape(message)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_callback_path_counts() {
        assert_eq!(
            params_of(
                "/jshell/callback?oauth_token=abc&oauth_verifier=v1",
                CALLBACK_PATH
            ),
            Some(vec![
                ("oauth_token".to_owned(), "abc".to_owned()),
                ("oauth_verifier".to_owned(), "v1".to_owned())
            ])
        );
        assert_eq!(params_of("/favicon.ico", CALLBACK_PATH), None);
        assert_eq!(
            params_of("/callback?code=x", "/callback").map(|p| p.len()),
            Some(1)
        );
    }

    #[test]
    fn a_verifier_approves_and_anything_else_denies() {
        assert_eq!(
            verdict_of(Some("v1")),
            Verdict::Approved {
                verifier: "v1".to_owned()
            }
        );
        assert_eq!(verdict_of(Some("denied")), Verdict::Denied);
        assert_eq!(verdict_of(Some("")), Verdict::Denied);
        assert_eq!(verdict_of(None), Verdict::Denied);
    }
}
