//! Each way of authenticating, and each way the server can refuse it.

use crate::common;

use jira::{Auth, ErrorKind};
use oauth1::{Consumer, FixedClock, PrivateKey, Token};

#[tokio::test]
async fn every_auth_mode_reaches_myself() {
    let server = common::start(0).await;
    let oauth = common::oauth_client(&server).await;
    let pat = common::pat_client(&server);
    let basic = common::client_builder(&server)
        .auth(Auth::basic(common::USER, common::PASSWORD))
        .build()
        .expect("builds");
    for client in [oauth, pat, basic] {
        let me = common::call(&client, "myself", vec![])
            .await
            .unwrap_or_else(|e| panic!("{:?}: {e}", client.auth()));
        assert_eq!(me["name"], common::USER);
    }
}

#[tokio::test]
async fn anonymous_calls_reach_server_info_only() {
    let server = common::start(0).await;
    let client = common::client_builder(&server).build().expect("builds");
    assert_eq!(
        common::call(&client, "server_info", vec![])
            .await
            .expect("anonymous serverInfo")["deploymentType"],
        "Server"
    );
    let error = common::call(&client, "myself", vec![])
        .await
        .expect_err("myself needs a user");
    assert_eq!(error.status(), Some(401));
    assert!(error.is_auth());
    assert!(error.to_string().contains("not authenticated"), "{error}");
}

#[tokio::test]
async fn wrong_basic_passwords_and_pats_are_refused_without_echoing_them() {
    let server = common::start(0).await;
    for auth in [
        Auth::basic(common::USER, "wrong-password-123"),
        Auth::bearer("wrong-pat-456"),
    ] {
        let client = common::client_builder(&server)
            .auth(auth)
            .build()
            .expect("builds");
        let error = common::call(&client, "myself", vec![])
            .await
            .expect_err("refused");
        assert_eq!(error.status(), Some(401));
        let message = error.to_string();
        assert!(
            !message.contains("wrong-password-123") && !message.contains("wrong-pat-456"),
            "{message}"
        );
    }
}

fn oauth_client_with(server: &fakejira::Running, consumer: Consumer, token: Token) -> jira::Client {
    common::client_builder(server)
        .auth(Auth::oauth(consumer, token))
        .build()
        .expect("builds")
}

async fn oauth_problem(client: &jira::Client) -> oauth1::OAuthProblem {
    let error = common::call(client, "myself", vec![])
        .await
        .expect_err("refused");
    assert_eq!(error.kind(), ErrorKind::OAuth, "{error}");
    error.oauth_problem().expect("a problem").clone()
}

#[tokio::test]
async fn a_wrong_private_key_is_signature_invalid_with_the_servers_base_string() {
    let server = common::start(0).await;
    let token = common::access_token(&server).await;
    let other_key = PrivateKey::from_pem(include_str!(
        "../../../oauth1/tests/fixtures/rfc5849_pkcs1.pem"
    ))
    .expect("loads");
    let client = oauth_client_with(
        &server,
        Consumer::rsa_sha1(common::CONSUMER_KEY, other_key),
        token.clone(),
    );
    let problem = oauth_problem(&client).await;
    assert_eq!(problem.problem, "signature_invalid");
    assert_eq!(problem.status, 401);
    let base = problem
        .server_base_string
        .clone()
        .expect("the server's base string");
    assert!(base.starts_with("GET&"), "{base}");
    assert!(problem.hint().contains("private key does not match"));
    let error = common::call(&client, "myself", vec![])
        .await
        .expect_err("refused");
    assert!(
        !error.to_string().contains(token.secret.expose()),
        "no token secret in {error}"
    );
}

#[tokio::test]
async fn unknown_tokens_consumers_methods_and_clock_skew_each_have_their_problem() {
    let server = common::start(0).await;
    let token = common::access_token(&server).await;
    let cases = [
        (
            Consumer::rsa_sha1(common::CONSUMER_KEY, common::private_key()),
            Token::new("not-a-token", "x"),
            "token_rejected",
        ),
        (
            Consumer::rsa_sha1("nobody-registered-this", common::private_key()),
            token.clone(),
            "consumer_key_unknown",
        ),
        (
            Consumer::hmac_sha1(common::CONSUMER_KEY, "secret"),
            token.clone(),
            "signature_method_rejected",
        ),
        (
            Consumer::rsa_sha1(common::CONSUMER_KEY, common::private_key())
                .with_clock(FixedClock(1_000_000_000)),
            token.clone(),
            "timestamp_refused",
        ),
    ];
    for (consumer, token, expected) in cases {
        let client = oauth_client_with(&server, consumer, token);
        let problem = oauth_problem(&client).await;
        assert_eq!(problem.problem, expected);
        assert!(!problem.hint().is_empty());
    }
}
