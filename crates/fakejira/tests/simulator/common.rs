//! Helpers shared by the integration tests: keys, consumers, clients and signed requests.

use fakejira::{Builder, FakeJira, Running};
use oauth1::{Consumer, Dance, Endpoints, PrivateKey, PublicKey, RequestParts, Token};
use url::Url;

pub const CONSUMER_KEY: &str = "jshell-tests";
pub const USER: &str = "alice";
pub const PASSWORD: &str = "alice-password";

pub fn private_key() -> PrivateKey {
    PrivateKey::from_pem(include_str!("../fixtures/wiki_pkcs8.pem")).expect("the fixture key loads")
}

pub fn other_private_key() -> PrivateKey {
    PrivateKey::from_pem(include_str!("../fixtures/other_pkcs1.pem"))
        .expect("the fixture key loads")
}

pub fn public_key() -> PublicKey {
    PublicKey::from_pem(include_str!("../fixtures/wiki_public.pem")).expect("the fixture key loads")
}

pub fn consumer() -> Consumer {
    Consumer::rsa_sha1(CONSUMER_KEY, private_key())
}

/// A builder with the test consumer and user registered.
pub fn builder() -> Builder {
    FakeJira::builder()
        .consumer(CONSUMER_KEY, public_key())
        .user(USER, PASSWORD)
}

/// Data Center 8.20, the last release with every route the simulator serves on Data Center
/// (9.0 removed `issue/createmeta`, 10.0 `GET group` and `DELETE version/{id}`).
pub const JIRA_8: fakejira::JiraVersion = fakejira::JiraVersion::new(8, 20, 30);

pub async fn start(builder: Builder) -> Running {
    builder.start().await.expect("the simulator starts")
}

/// A client that does not follow redirects, so tests can see them.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
}

pub fn endpoints(base: &Url) -> Endpoints {
    Endpoints::jira(base).expect("endpoints")
}

pub fn dance(base: &Url) -> Dance {
    Dance::new(consumer(), endpoints(base))
}

pub fn api(jira: &Running, path: &str) -> Url {
    jira.url()
        .join(&format!("rest/api/2/{path}"))
        .expect("a URL")
}

/// Sends `method url` signed by `consumer` with `token`.
pub async fn signed(
    consumer: &Consumer,
    method: &str,
    url: &Url,
    token: Option<&Token>,
) -> reqwest::Response {
    let header = consumer
        .authorization(RequestParts::new(method, url), token, &[])
        .expect("signs");
    client()
        .request(method.parse().expect("a method"), url.clone())
        .header("Authorization", header)
        .send()
        .await
        .expect("the request is answered")
}

/// An OAuth refusal as the client sees it.
#[derive(Debug)]
pub struct Refusal {
    pub status: u16,
    pub content_type: String,
    pub www_authenticate: String,
    pub params: Vec<(String, String)>,
}

impl Refusal {
    pub async fn read(response: reqwest::Response) -> Self {
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        let status = response.status().as_u16();
        let content_type = header("content-type");
        let www_authenticate = header("www-authenticate");
        let body = response.bytes().await.expect("a body");
        Self {
            status,
            content_type,
            www_authenticate,
            params: oauth1::form_decode(&body),
        }
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    pub fn problem(&self) -> &str {
        self.param("oauth_problem").unwrap_or_default()
    }
}

pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
}

/// Basic credentials for the test user.
pub fn basic(request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    request.basic_auth(USER, Some(PASSWORD))
}

pub async fn get_json(jira: &Running, path: &str) -> serde_json::Value {
    let response = basic(client().get(api(jira, path)))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 200, "GET {path}");
    response.json().await.expect("JSON")
}

pub const BOB: &str = "bob";
pub const BOB_PASSWORD: &str = "bob-password";

/// A builder with alice (the administrator), bob (a plain user) and `issues` issues over 2
/// projects.
pub fn team_builder(issues: usize) -> Builder {
    builder().user(BOB, BOB_PASSWORD).issues(issues).projects(2)
}

/// Sends `method path` (below `rest/`) as `user` with an optional JSON body; the status and the
/// JSON answer (`Null` when empty).
pub async fn call_as(
    jira: &Running,
    user: (&str, &str),
    method: &str,
    path: &str,
    body: Option<&serde_json::Value>,
) -> (u16, serde_json::Value) {
    let url = jira.url().join(&format!("rest/{path}")).expect("a URL");
    let mut request = client()
        .request(method.parse().expect("a method"), url)
        .basic_auth(user.0, Some(user.1));
    if let Some(body) = body {
        request = request.json(body);
    }
    let response = request.send().await.expect("answered");
    let status = response.status().as_u16();
    let text = response.text().await.expect("a body");
    let value = if text.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text))
    };
    (status, value)
}

/// [`call_as`] as alice, the administrator, below `rest/api/2/`.
pub async fn admin_call(
    jira: &Running,
    method: &str,
    path: &str,
    body: Option<&serde_json::Value>,
) -> (u16, serde_json::Value) {
    call_as(
        jira,
        (USER, PASSWORD),
        method,
        &format!("api/2/{path}"),
        body,
    )
    .await
}

/// [`call_as`] as bob, a plain user, below `rest/api/2/`.
pub async fn user_call(
    jira: &Running,
    method: &str,
    path: &str,
    body: Option<&serde_json::Value>,
) -> (u16, serde_json::Value) {
    call_as(
        jira,
        (BOB, BOB_PASSWORD),
        method,
        &format!("api/2/{path}"),
        body,
    )
    .await
}
