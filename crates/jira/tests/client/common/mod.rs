//! A fakejira per test, and clients for each way of authenticating against it.

use fakejira::{FakeJira, Running};
use oauth1::{Callback, Consumer, Dance, Endpoints, PrivateKey, Token};

pub const USER: &str = "alice";
pub const PASSWORD: &str = "alice-password";
pub const PAT: &str = "alice-personal-access-token";
pub const CONSUMER_KEY: &str = "jshell-tests";

pub fn private_key() -> PrivateKey {
    PrivateKey::from_pem(include_str!("consumer_key.pem")).expect("the fixture key loads")
}

pub fn builder() -> fakejira::Builder {
    FakeJira::builder()
        .consumer(CONSUMER_KEY, private_key().public_key())
        .user(USER, PASSWORD)
        .pat(PAT, USER)
        .auto_approve(USER)
}

pub async fn start(issues: usize) -> Running {
    builder()
        .issues(issues)
        .projects(2)
        .start()
        .await
        .expect("fakejira starts")
}

pub fn endpoints(server: &Running) -> Endpoints {
    Endpoints::jira(&server.url()).expect("valid endpoints")
}

/// Performs the dance (OAuth 1.0a, out of band) and returns the access token.
pub async fn access_token(server: &Running) -> Token {
    let dance = Dance::new(
        Consumer::rsa_sha1(CONSUMER_KEY, private_key()),
        endpoints(server),
    );
    let request = dance
        .request_token(&Callback::OutOfBand)
        .await
        .expect("a request token");
    let verifier = server
        .approve(&request.token.token, USER)
        .expect("the request token is pending");
    dance
        .access_token(&request, Some(&verifier))
        .await
        .expect("an access token")
        .token
}

pub fn client_builder(server: &Running) -> jira::ClientBuilder {
    jira::Client::builder(server.url().as_str())
}

pub async fn oauth_client(server: &Running) -> jira::Client {
    let token = access_token(server).await;
    client_builder(server)
        .auth(jira::Auth::oauth(
            Consumer::rsa_sha1(CONSUMER_KEY, private_key()),
            token,
        ))
        .build()
        .expect("the client builds")
}

pub fn pat_client(server: &Running) -> jira::Client {
    client_builder(server)
        .auth(jira::Auth::bearer(PAT))
        .build()
        .expect("the client builds")
}

/// Calls the table method `name` with `args` (an options map last, if any) and returns its
/// JSON (`null` for an answer with nothing in it). An answer that is not JSON fails the test.
pub async fn call(
    client: &jira::Client,
    name: &str,
    args: Vec<serde_json::Value>,
) -> Result<serde_json::Value, jira::Error> {
    let answer = client.call(name, args).await?;
    Ok(answer
        .into_json()
        .unwrap_or_else(|| panic!("jira.{name} answered bytes or a raw answer, not JSON")))
}
