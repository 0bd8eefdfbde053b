//! The dance's requests against a local HTTP server that records each request, checks its
//! signature with the consumer's public key, and answers as the test tells it to.

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use oauth1::{Callback, Consumer, Dance, Endpoints, ErrorKind, PrivateKey, PublicKey};

/// What the server saw of one request.
#[derive(Clone, Debug)]
struct Seen {
    method: Method,
    path: String,
    params: Vec<(String, String)>,
    signature_verified: bool,
}

impl Seen {
    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Clone)]
struct Canned {
    status: StatusCode,
    www_authenticate: Option<&'static str>,
    body: &'static str,
}

fn ok(body: &'static str) -> Canned {
    Canned {
        status: StatusCode::OK,
        www_authenticate: None,
        body,
    }
}

#[derive(Clone)]
struct ServerState {
    public_key: PublicKey,
    answers: Arc<Mutex<Vec<Canned>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

async fn record(
    State(state): State<ServerState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    _body: Bytes,
) -> Response {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let url = url::Url::parse(&format!("http://{host}{uri}")).expect("the request URI is valid");
    let params = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(oauth1::parse_authorization)
        .unwrap_or_default();
    let protocol: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let base = oauth1::signature_base_string(method.as_str(), &url, &protocol, None);
    let signature = params
        .iter()
        .find(|(k, _)| k == "oauth_signature")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    let signature_verified = state.public_key.verify_rsa_sha1(base.as_bytes(), signature);
    state.seen.lock().expect("not poisoned").push(Seen {
        method,
        path: uri.path().to_owned(),
        params: params.clone(),
        signature_verified,
    });
    let canned = state.answers.lock().expect("not poisoned").remove(0);
    let mut response = (
        canned.status,
        [(header::CONTENT_TYPE, "text/plain;charset=UTF-8")],
        canned.body,
    )
        .into_response();
    if let Some(challenge) = canned.www_authenticate {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            challenge.parse().expect("a valid header"),
        );
    }
    response
}

struct Provider {
    dance: Dance,
    seen: Arc<Mutex<Vec<Seen>>>,
    base: String,
}

impl Provider {
    async fn start(answers: Vec<Canned>) -> Self {
        let key = PrivateKey::from_pem(include_str!("fixtures/wiki_pkcs8.pem")).expect("loads");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let state = ServerState {
            public_key: key.public_key(),
            answers: Arc::new(Mutex::new(answers)),
            seen: seen.clone(),
        };
        let app = axum::Router::new().fallback(record).with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binds");
        let addr = listener.local_addr().expect("has an address");
        tokio::spawn(async move { axum::serve(listener, app).await });
        let base = format!("http://{addr}/plugins/servlet/oauth");
        let endpoints = Endpoints::new(
            &format!("{base}/request-token"),
            &format!("{base}/authorize"),
            &format!("{base}/access-token"),
        )
        .expect("valid endpoints");
        let consumer = Consumer::rsa_sha1("jshell-test", key);
        Self {
            dance: Dance::new(consumer, endpoints),
            seen,
            base,
        }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("not poisoned").clone()
    }
}

fn assert_fully_signed(seen: &Seen, token: Option<&str>) {
    assert_eq!(seen.method, Method::POST);
    for name in [
        "oauth_consumer_key",
        "oauth_signature_method",
        "oauth_signature",
        "oauth_timestamp",
        "oauth_nonce",
        "oauth_version",
    ] {
        assert!(
            seen.param(name).is_some(),
            "{name} missing from {:?}",
            seen.params
        );
    }
    assert_eq!(seen.param("oauth_consumer_key"), Some("jshell-test"));
    assert_eq!(seen.param("oauth_signature_method"), Some("RSA-SHA1"));
    assert_eq!(seen.param("oauth_version"), Some("1.0"));
    assert_eq!(seen.param("oauth_token"), token);
    assert!(
        seen.signature_verified,
        "the signature must verify with the public key"
    );
}

#[tokio::test]
async fn the_out_of_band_dance_end_to_end() {
    let provider = Provider::start(vec![
        ok("oauth_token=req123&oauth_token_secret=reqsecret&oauth_callback_confirmed=true"),
        ok("oauth_token=acc456&oauth_token_secret=reqsecret&oauth_expires_in=157680000&oauth_session_handle=handle789&oauth_authorization_expires_in=157680000"),
        ok("oauth_token=acc999&oauth_token_secret=reqsecret&oauth_expires_in=157680000&oauth_session_handle=handle790"),
    ])
    .await;

    let request_token = provider
        .dance
        .request_token(&Callback::OutOfBand)
        .await
        .expect("a request token");
    assert_eq!(request_token.token.token, "req123");
    assert_eq!(request_token.token.secret.expose(), "reqsecret");
    assert!(request_token.callback_confirmed);

    let authorize = provider.dance.authorize_url(&request_token);
    assert_eq!(
        authorize.as_str(),
        format!("{}/authorize?oauth_token=req123", provider.base)
    );

    let access = provider
        .dance
        .access_token(&request_token, Some("v3r1f1"))
        .await
        .expect("an access token");
    assert_eq!(access.token.token, "acc456");
    assert_eq!(access.expires_in, Some(157_680_000));
    assert_eq!(
        access.session_handle.as_ref().map(|h| h.expose()),
        Some("handle789")
    );

    let renewed = provider.dance.renew(&access).await.expect("renews");
    assert_eq!(renewed.token.token, "acc999");

    let seen = provider.seen();
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[0].path, "/plugins/servlet/oauth/request-token");
    assert_fully_signed(&seen[0], None);
    assert_eq!(seen[0].param("oauth_callback"), Some("oob"));
    assert_eq!(seen[1].path, "/plugins/servlet/oauth/access-token");
    assert_fully_signed(&seen[1], Some("req123"));
    assert_eq!(seen[1].param("oauth_verifier"), Some("v3r1f1"));
    assert_eq!(seen[2].path, "/plugins/servlet/oauth/access-token");
    assert_fully_signed(&seen[2], Some("acc456"));
    assert_eq!(seen[2].param("oauth_session_handle"), Some("handle789"));
    assert_ne!(
        seen[0].param("oauth_nonce"),
        seen[1].param("oauth_nonce"),
        "nonces are fresh"
    );
}

#[tokio::test]
async fn the_oauth_1_0_flow_sends_no_callback_and_no_verifier() {
    let provider = Provider::start(vec![
        ok("oauth_token=req&oauth_token_secret=s"),
        ok("oauth_token=acc&oauth_token_secret=s"),
    ])
    .await;
    let request_token = provider
        .dance
        .request_token(&Callback::None)
        .await
        .expect("a request token");
    assert!(!request_token.callback_confirmed);
    provider
        .dance
        .access_token(&request_token, None)
        .await
        .expect("an access token");
    let seen = provider.seen();
    assert_eq!(seen[0].param("oauth_callback"), None);
    assert_eq!(seen[1].param("oauth_verifier"), None);
    assert_fully_signed(&seen[1], Some("req"));
}

#[tokio::test]
async fn a_callback_url_is_sent_and_signed() {
    let provider = Provider::start(vec![ok(
        "oauth_token=req&oauth_token_secret=s&oauth_callback_confirmed=true",
    )])
    .await;
    let callback = url::Url::parse("http://127.0.0.1:4567/callback?state=x y").expect("valid");
    provider
        .dance
        .request_token(&Callback::Url(callback))
        .await
        .expect("a request token");
    let seen = provider.seen();
    assert_eq!(
        seen[0].param("oauth_callback"),
        Some("http://127.0.0.1:4567/callback?state=x%20y")
    );
    assert_fully_signed(&seen[0], None);
}

#[tokio::test]
async fn a_refusal_in_the_body_becomes_a_typed_problem() {
    let provider = Provider::start(vec![Canned {
        status: StatusCode::UNAUTHORIZED,
        www_authenticate: Some(r#"OAuth realm="http%3A%2F%2Flocalhost", oauth_problem="signature_invalid""#),
        body: "oauth_problem=signature_invalid&oauth_signature_base_string=POST%26http%253A%252F%252Fx&oauth_problem_advice=check+your+key",
    }])
    .await;
    let error = provider
        .dance
        .request_token(&Callback::OutOfBand)
        .await
        .expect_err("refused");
    assert_eq!(error.kind(), ErrorKind::Problem);
    let problem = error.problem().expect("a problem");
    assert_eq!(problem.problem, "signature_invalid");
    assert_eq!(problem.status, 401);
    assert_eq!(problem.advice.as_deref(), Some("check your key"));
    assert_eq!(
        problem.server_base_string.as_deref(),
        Some("POST&http%3A%2F%2Fx")
    );
    assert!(
        error.to_string().contains("private key does not match"),
        "{error}"
    );
}

#[tokio::test]
async fn a_refusal_only_in_the_header_is_understood() {
    let provider = Provider::start(vec![Canned {
        status: StatusCode::UNAUTHORIZED,
        www_authenticate: Some(r#"OAuth realm="x", oauth_problem="consumer_key_unknown""#),
        body: "",
    }])
    .await;
    let error = provider
        .dance
        .request_token(&Callback::None)
        .await
        .expect_err("refused");
    assert_eq!(
        error.problem().map(|p| p.problem.as_str()),
        Some("consumer_key_unknown")
    );
}

#[tokio::test]
async fn an_error_page_without_a_problem_shows_its_start() {
    let provider = Provider::start(vec![Canned {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        www_authenticate: None,
        body: "<html>Something broke</html>",
    }])
    .await;
    let error = provider
        .dance
        .request_token(&Callback::None)
        .await
        .expect_err("refused");
    assert_eq!(error.kind(), ErrorKind::UnexpectedStatus);
    assert!(error.to_string().contains("HTTP 500"), "{error}");
    assert!(error.to_string().contains("Something broke"), "{error}");
}

#[tokio::test]
async fn a_success_without_tokens_says_what_was_sent_without_secrets() {
    let provider = Provider::start(vec![ok(
        "oauth_token_secret=topsecret&oauth_expires_in=600",
    )])
    .await;
    let error = provider
        .dance
        .request_token(&Callback::None)
        .await
        .expect_err("incomplete");
    assert_eq!(error.kind(), ErrorKind::IncompleteResponse);
    let message = error.to_string();
    assert!(message.contains("no oauth_token"), "{message}");
    assert!(
        message.contains("oauth_token_secret=<redacted>"),
        "{message}"
    );
    assert!(!message.contains("topsecret"), "{message}");
}

#[tokio::test]
async fn an_unreachable_provider_is_a_transport_error_naming_the_url() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
    let port = listener.local_addr().expect("an address").port();
    drop(listener);
    let key = PrivateKey::from_pem(include_str!("fixtures/wiki_pkcs8.pem")).expect("loads");
    let base = format!("http://127.0.0.1:{port}");
    let endpoints = Endpoints::new(
        &format!("{base}/r"),
        &format!("{base}/a"),
        &format!("{base}/x"),
    )
    .expect("valid");
    let dance = Dance::new(Consumer::rsa_sha1("k", key), endpoints);
    let error = dance
        .request_token(&Callback::None)
        .await
        .expect_err("nothing listens");
    assert_eq!(error.kind(), ErrorKind::Transport);
    assert!(
        error.to_string().contains(&format!("127.0.0.1:{port}")),
        "{error}"
    );
    assert!(error.to_string().contains("could not connect"), "{error}");
}
