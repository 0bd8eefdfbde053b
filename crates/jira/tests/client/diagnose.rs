//! Errors that point at the usual real-world cause, each reproduced with a server set up the
//! way a new user meets it.

use crate::common;

use jira::{Auth, ErrorKind};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

/// A server that answers every request with `response` (a whole HTTP/1.1 answer), as a single
/// sign-on portal or a proxy would.
async fn answering(response: &'static str) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds");
    let address = listener.local_addr().expect("an address");
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buffer = [0; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(read) => request.extend_from_slice(&buffer[..read]),
                    }
                }
                let _ = stream.write_all(response.as_bytes()).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    format!("http://{address}")
}

const SSO_PAGE: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/html;charset=UTF-8\r\nConnection: close\r\n\r\n\
<!DOCTYPE html><html><head><title>Sign in - Example SSO</title></head><body>\
<form method=\"post\" action=\"/idp/login\"><input name=\"username\"><input type=\"password\" name=\"password\"></form></body></html>";

const OTHER_PAGE: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n\
<!DOCTYPE html><html><head><title>Welcome to nginx!</title></head><body><h1>Welcome to nginx!</h1></body></html>";

#[tokio::test]
async fn a_login_page_answering_200_is_named_as_one() {
    let url = answering(SSO_PAGE).await;
    let client = jira::Client::builder(&url)
        .auth(Auth::bearer("a-token"))
        .build()
        .expect("builds");
    let error = common::call(&client, "myself", vec![])
        .await
        .expect_err("HTML is not JSON");
    assert_eq!(error.kind(), ErrorKind::Decode);
    let message = error.to_string();
    assert!(message.contains("looks like a login page"), "{message}");
    assert!(message.contains("single sign-on"), "{message}");
}

#[tokio::test]
async fn another_html_page_says_the_server_may_not_be_jira() {
    let url = answering(OTHER_PAGE).await;
    let client = jira::Client::builder(&url).build().expect("builds");
    let message = common::call(&client, "server_info", vec![])
        .await
        .expect_err("not JSON")
        .to_string();
    assert!(message.contains("an HTML page, not Jira"), "{message}");
    assert!(message.contains("/rest/api/2/serverInfo"), "{message}");
}

#[tokio::test]
async fn https_to_a_plain_http_port_says_the_server_speaks_plain_http() {
    let server = common::start(0).await;
    let https = server.url().as_str().replacen("http://", "https://", 1);
    let client = jira::Client::builder(&https).build().expect("builds");
    let error = common::call(&client, "server_info", vec![])
        .await
        .expect_err("no TLS there");
    assert_eq!(error.kind(), ErrorKind::Tls, "{error}");
    let message = error.to_string();
    assert!(message.contains("speaks plain HTTP"), "{message}");
    assert!(message.contains("http://"), "{message}");
    assert!(
        !message.contains("--ca-cert"),
        "not a CA problem: {message}"
    );
}

#[tokio::test]
async fn a_url_missing_the_context_path_suggests_adding_it() {
    let server = common::builder()
        .context_path("/jira")
        .start()
        .await
        .expect("starts");
    let mut root = server.url().clone();
    root.set_path("/");
    let client = jira::Client::builder(root.as_str())
        .auth(Auth::bearer(common::PAT))
        .build()
        .expect("builds");
    let error = common::call(&client, "myself", vec![])
        .await
        .expect_err("nothing at /rest");
    assert_eq!(error.status(), Some(404), "{error}");
    let message = error.to_string();
    assert!(message.contains("context path"), "{message}");
    assert!(message.contains("/jira"), "{message}");

    let issue = common::call(
        &common::pat_client(&common::start(1).await),
        "issue",
        vec![serde_json::json!("NOPE-1")],
    )
    .await
    .expect_err("no such issue")
    .to_string();
    assert!(
        !issue.contains("context path"),
        "a real 404 is left alone: {issue}"
    );
}

#[tokio::test]
async fn a_refused_pat_is_not_told_to_pass_a_pat() {
    let server = common::start(0).await;
    let client = common::client_builder(&server)
        .auth(Auth::bearer("an-expired-token"))
        .build()
        .expect("builds");
    let error = common::call(&client, "myself", vec![])
        .await
        .expect_err("refused");
    assert_eq!(error.status(), Some(401));
    assert!(error.is_auth());
    let message = error.to_string();
    assert!(
        message.contains("personal access token was refused"),
        "{message}"
    );
    assert!(message.contains("expired"), "{message}");
    assert!(!message.contains("--pat"), "{message}");
    assert!(!message.contains("an-expired-token"), "{message}");

    let anonymous = common::client_builder(&server).build().expect("builds");
    let message = common::call(&anonymous, "myself", vec![])
        .await
        .expect_err("refused")
        .to_string();
    assert!(message.contains("no credentials were sent"), "{message}");
}
