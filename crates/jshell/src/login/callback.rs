//! The loopback callback: a one-request HTTP listener on 127.0.0.1 that receives
//! `oauth_verifier` when the user approves in the browser.

use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

use crate::failure::Failure;

const CALLBACK_PATH: &str = "/jshell/callback";
const MAX_REQUEST_BYTES: usize = 16 * 1024;

/// What the browser brought back.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Approved { verifier: String },
    Denied,
}

pub struct CallbackServer {
    listener: TcpListener,
}

impl CallbackServer {
    /// Listens on a free port of 127.0.0.1 only.
    pub async fn bind() -> Result<Self, Failure> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.map_err(|error| {
            Failure::usage(format!(
                "cannot listen on 127.0.0.1 for the login callback: {error}; use --callback oob"
            ))
        })?;
        Ok(Self { listener })
    }

    pub fn url(&self) -> Result<url::Url, Failure> {
        let port = self
            .listener
            .local_addr()
            .map_err(|error| {
                Failure::usage(format!("the callback listener has no address: {error}"))
            })?
            .port();
        url::Url::parse(&format!("http://127.0.0.1:{port}{CALLBACK_PATH}"))
            .map_err(|error| Failure::usage(format!("invalid callback URL: {error}")))
    }

    /// Waits for the one request carrying `expected_token`, answers it with a page saying
    /// whether jshell is now authorized for `server`, and returns the verdict. Other requests
    /// are refused. Gives up after `timeout` (the request token's lifetime).
    pub async fn wait(
        self,
        expected_token: &str,
        server: &str,
        timeout: Duration,
    ) -> Result<Verdict, Failure> {
        // Each connection is served on its own task: a browser's idle spare connection must not
        // hold up the one that carries the verifier.
        let (verdicts, mut received) = tokio::sync::mpsc::channel(1);
        let expected_token = expected_token.to_owned();
        let server_name = server.to_owned();
        let accepting = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = self.listener.accept().await else {
                    continue;
                };
                let verdicts = verdicts.clone();
                let (token, server) = (expected_token.clone(), server_name.clone());
                tokio::spawn(async move {
                    if let Some(verdict) = handle(stream, &token, &server).await {
                        let _ = verdicts.send(verdict).await;
                    }
                });
            }
        });
        let outcome = tokio::time::timeout(timeout, received.recv()).await;
        accepting.abort();
        outcome.ok().flatten().ok_or_else(|| {
            Failure::auth(format!(
                "gave up waiting for the browser after {} seconds: the request token has \
                 expired; run jshell login again and approve within that time",
                timeout.as_secs()
            ))
        })
    }
}

async fn handle(mut stream: TcpStream, expected_token: &str, server: &str) -> Option<Verdict> {
    let request = read_head(&mut stream).await?;
    let target = request
        .lines()
        .next()
        .and_then(|line| {
            let mut parts = line.split_whitespace();
            (parts.next() == Some("GET"))
                .then(|| parts.next())
                .flatten()
        })
        .map(str::to_owned);
    let verdict = target.and_then(|target| verdict_of(&target, expected_token));
    let (status, page) = match &verdict {
        Some(Verdict::Approved { .. }) => (
            "200 OK",
            page(
                "jshell is authorized",
                &format!("jshell is now authorized for {server} — you can close this tab."),
            ),
        ),
        Some(Verdict::Denied) => (
            "200 OK",
            page(
                "jshell was denied",
                &format!(
                    "Access was denied: jshell is not authorized for {server}. Run jshell login again to retry."
                ),
            ),
        ),
        None => (
            "404 Not Found",
            page(
                "Not found",
                "This address only answers jshell's login callback.",
            ),
        ),
    };
    let response = format!(
        "HTTP/1.1 {status}\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\n\
         cache-control: no-store\r\nconnection: close\r\n\r\n{page}",
        page.len()
    );
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
    verdict
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

fn verdict_of(target: &str, expected_token: &str) -> Option<Verdict> {
    let url = url::Url::parse(&format!("http://127.0.0.1{target}")).ok()?;
    if url.path() != CALLBACK_PATH {
        return None;
    }
    let param = |name: &str| {
        url.query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    };
    if param("oauth_token").as_deref() != Some(expected_token) {
        return None;
    }
    match param("oauth_verifier") {
        Some(verifier) if verifier == "denied" => Some(Verdict::Denied),
        Some(verifier) if !verifier.is_empty() => Some(Verdict::Approved { verifier }),
        _ => Some(Verdict::Denied),
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
    fn only_the_expected_token_on_the_callback_path_counts() {
        assert_eq!(
            verdict_of("/jshell/callback?oauth_token=abc&oauth_verifier=v1", "abc"),
            Some(Verdict::Approved {
                verifier: "v1".to_owned()
            })
        );
        assert_eq!(
            verdict_of(
                "/jshell/callback?oauth_token=abc&oauth_verifier=denied",
                "abc"
            ),
            Some(Verdict::Denied)
        );
        assert_eq!(
            verdict_of(
                "/jshell/callback?oauth_token=other&oauth_verifier=v1",
                "abc"
            ),
            None
        );
        assert_eq!(verdict_of("/favicon.ico", "abc"), None);
    }
}
