//! The OAuth 1.0a provider, driven by `oauth1`'s client and by hand-built bad requests.

use crate::common;

use std::time::Duration;

use common::*;
use fakejira::AuthKind;
use oauth1::{Callback, Consumer, ErrorKind, RequestParts, RequestToken, Token};
use url::Url;

fn problem_of(error: &oauth1::Error) -> &oauth1::OAuthProblem {
    match error {
        oauth1::Error::Problem { problem, .. } => problem,
        other => panic!("expected an oauth_problem, got {other}"),
    }
}

/// Asks for a request token with `callback`.
async fn request_token(jira: &fakejira::Running, callback: &Callback) -> RequestToken {
    dance(&jira.url())
        .request_token(callback)
        .await
        .expect("a request token")
}

fn authorize_url(jira: &fakejira::Running, token: &RequestToken) -> Url {
    dance(&jira.url()).authorize_url(token)
}

async fn myself_as(jira: &fakejira::Running, token: &Token) -> serde_json::Value {
    let response = signed(&consumer(), "GET", &api(jira, "myself"), Some(token)).await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("JSON")
}

#[tokio::test]
async fn out_of_band_dance_through_the_allow_form_then_a_rest_call() {
    let jira = start(builder()).await;
    let dance = dance(&jira.url());
    let request = request_token(&jira, &Callback::OutOfBand).await;
    assert!(request.callback_confirmed);

    let page = client()
        .get(authorize_url(&jira, &request))
        .send()
        .await
        .expect("answered");
    assert_eq!(page.status(), 200);
    let page = page.text().await.expect("HTML");
    assert!(page.contains("<form method=\"post\">"), "{page}");
    assert!(page.contains(CONSUMER_KEY));

    let decision = client()
        .post(dance.endpoints().authorize.clone())
        .form(&[
            ("oauth_token", request.token.token.as_str()),
            ("user", USER),
            ("approve", "Allow"),
        ])
        .send()
        .await
        .expect("answered")
        .text()
        .await
        .expect("HTML");
    let verifier = decision
        .split("<code id=\"oauth-verifier\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the page shows the verifier");
    assert_eq!(verifier.len(), 6);

    let access = dance
        .access_token(&request, Some(verifier))
        .await
        .expect("an access token");
    assert_ne!(
        access.token.token, request.token.token,
        "a new token string"
    );
    assert_eq!(
        access.token.secret, request.token.secret,
        "the secret carries over"
    );
    assert_eq!(access.expires_in, Some(157_680_000));
    assert_eq!(access.authorization_expires_in, Some(157_680_000));
    assert!(access.session_handle.is_some());

    let me = myself_as(&jira, &access.token).await;
    assert_eq!(me["name"], USER);
    assert_eq!(me["displayName"], "Alice Example");
    assert_eq!(me["emailAddress"], "alice@example.com");
    let last = jira.access_log().pop().expect("logged");
    assert_eq!(
        last.auth,
        AuthKind::OAuth {
            consumer: CONSUMER_KEY.to_owned(),
            user: Some(USER.to_owned())
        }
    );
}

#[tokio::test]
async fn callback_dance_redirects_with_token_and_verifier() {
    let jira = start(builder().auto_approve(USER)).await;
    let callback = Url::parse("http://127.0.0.1:9/callback?state=x").expect("a URL");
    let request = request_token(&jira, &Callback::Url(callback)).await;
    let response = client()
        .get(authorize_url(&jira, &request))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 302);
    let location =
        Url::parse(response.headers()["location"].to_str().expect("a header")).expect("a URL");
    assert_eq!(location.path(), "/callback");
    let query: Vec<(String, String)> = location.query_pairs().into_owned().collect();
    assert!(query.contains(&("state".to_owned(), "x".to_owned())));
    assert!(query.contains(&("oauth_token".to_owned(), request.token.token.clone())));
    let verifier = query
        .iter()
        .find(|(name, _)| name == "oauth_verifier")
        .map(|(_, value)| value.clone())
        .expect("a verifier");

    let access = dance(&jira.url())
        .access_token(&request, Some(&verifier))
        .await
        .expect("an access token");
    assert_eq!(myself_as(&jira, &access.token).await["name"], USER);
}

#[tokio::test]
async fn oauth_1_0_flow_checks_no_verifier() {
    let jira = start(builder()).await;
    let request = request_token(&jira, &Callback::None).await;
    assert!(!request.callback_confirmed);
    assert!(jira.approve(&request.token.token, USER).is_some());
    let access = dance(&jira.url())
        .access_token(&request, None)
        .await
        .expect("no verifier needed");
    assert_eq!(myself_as(&jira, &access.token).await["name"], USER);
}

#[tokio::test]
async fn renewal_issues_a_new_token_and_retires_the_old_one() {
    let jira = start(builder()).await;
    let dance = dance(&jira.url());
    let request = request_token(&jira, &Callback::None).await;
    jira.approve(&request.token.token, USER).expect("approved");
    let access = dance.access_token(&request, None).await.expect("a token");
    let renewed = dance.renew(&access).await.expect("renewed");
    assert_ne!(renewed.token.token, access.token.token);
    assert_eq!(renewed.token.secret, access.token.secret);
    assert_eq!(myself_as(&jira, &renewed.token).await["name"], USER);

    let old = signed(
        &consumer(),
        "GET",
        &api(&jira, "myself"),
        Some(&access.token),
    )
    .await;
    let refusal = Refusal::read(old).await;
    assert_eq!((refusal.status, refusal.problem()), (401, "token_rejected"));

    let mut wrong_handle = renewed.clone();
    wrong_handle.session_handle = Some("not-the-handle".into());
    let error = dance.renew(&wrong_handle).await.expect_err("refused");
    assert_eq!(problem_of(&error).problem, "token_rejected");
}

#[tokio::test]
async fn a_signature_made_with_another_key_is_signature_invalid_with_the_servers_base_string() {
    let jira = start(builder()).await;
    let impostor = Consumer::rsa_sha1(CONSUMER_KEY, other_private_key());
    let url = jira
        .url()
        .join("plugins/servlet/oauth/request-token?a=1+2&b=%7E")
        .expect("a URL");
    let header = impostor
        .authorization_with(
            RequestParts::new("POST", &url),
            None,
            &[],
            "nonce-1",
            &unix_now().to_string(),
        )
        .expect("signs");
    let response = client()
        .post(url.clone())
        .header("Authorization", &header)
        .send()
        .await
        .expect("answered");
    let refusal = Refusal::read(response).await;
    assert_eq!(refusal.status, 401);
    assert_eq!(refusal.problem(), "signature_invalid");
    assert!(
        refusal.content_type.starts_with("text/plain"),
        "{}",
        refusal.content_type
    );
    let realm = oauth1::percent_encode(jira.url().as_str().trim_end_matches('/'));
    assert_eq!(
        refusal.www_authenticate,
        format!("OAuth realm=\"{realm}\", oauth_problem=\"signature_invalid\"")
    );

    let params = oauth1::parse_authorization(&header).expect("parses");
    let protocol: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let expected = oauth1::signature_base_string("POST", &url, &protocol, None);
    assert_eq!(
        refusal.param("oauth_signature_base_string"),
        Some(expected.as_str())
    );
    assert_eq!(refusal.param("oauth_signature_method"), Some("RSA-SHA1"));
}

#[tokio::test]
async fn the_servers_base_string_follows_the_published_vector() {
    // Vector A1 of the wiki.oauth.net TestCases, sent to the request-token endpoint of a Jira whose
    // base URL is photos.example.net: the normalized parameters must come out byte for byte.
    const A1_PARAMETERS: &str = "file%3Dvacaction.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3D13917289812797014437%26oauth_signature_method%3DRSA-SHA1%26oauth_timestamp%3DTIMESTAMP%26oauth_version%3D1.0%26size%3Doriginal";
    let base = Url::parse("http://photos.example.net/").expect("a URL");
    let jira = start(
        builder()
            .consumer("dpf43f3p2l4k3l03", public_key())
            .base_url(base),
    )
    .await;
    let timestamp = unix_now().to_string();
    let query = "plugins/servlet/oauth/request-token?file=vacaction.jpg&size=original";
    let header = Consumer::rsa_sha1("dpf43f3p2l4k3l03", private_key())
        .authorization_with(
            RequestParts::new("GET", &jira.url().join(query).expect("a URL")),
            None,
            &[],
            "13917289812797014437",
            &timestamp,
        )
        .expect("signs");
    let response = client()
        .get(jira.url().join(query).expect("a URL"))
        .header("Authorization", header)
        .send()
        .await
        .expect("answered");
    let refusal = Refusal::read(response).await;
    assert_eq!(refusal.problem(), "signature_invalid");
    let expected = format!(
        "GET&http%3A%2F%2Fphotos.example.net%2Fplugins%2Fservlet%2Foauth%2Frequest-token&{}",
        A1_PARAMETERS.replace("TIMESTAMP", &timestamp)
    );
    assert_eq!(
        refusal.param("oauth_signature_base_string"),
        Some(expected.as_str())
    );
}

#[tokio::test]
async fn signing_for_the_configured_base_url_verifies_and_signing_for_the_address_does_not() {
    let base = Url::parse("https://jira.example.com/jira/").expect("a URL");
    let jira = start(builder().base_url(base.clone()).context_path("/jira")).await;
    assert_eq!(jira.url().path(), "/jira/");

    let error = dance(&jira.url())
        .request_token(&Callback::OutOfBand)
        .await
        .expect_err("signed for the wrong URL");
    let problem = problem_of(&error);
    assert_eq!(problem.problem, "signature_invalid");
    let server_base = problem
        .server_base_string
        .as_deref()
        .expect("a base string");
    assert!(
        server_base.starts_with("POST&https%3A%2F%2Fjira.example.com%2Fjira%2Fplugins%2Fservlet%2Foauth%2Frequest-token&"),
        "{server_base}"
    );

    let signed_for = base
        .join("plugins/servlet/oauth/request-token")
        .expect("a URL");
    let header = consumer()
        .authorization(
            RequestParts::new("POST", &signed_for),
            None,
            &[("oauth_callback", "oob")],
        )
        .expect("signs");
    let response = client()
        .post(
            jira.url()
                .join("plugins/servlet/oauth/request-token")
                .expect("a URL"),
        )
        .header("Authorization", header)
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 200);
    let body = response.text().await.expect("a body");
    assert!(body.starts_with("oauth_token="), "{body}");
    assert!(body.ends_with("&oauth_callback_confirmed=true"), "{body}");
}

#[tokio::test]
async fn form_bodies_are_signed() {
    let jira = start(builder()).await;
    let url = jira
        .url()
        .join("plugins/servlet/oauth/request-token")
        .expect("a URL");
    let signed_body: &[u8] = b"oauth_callback=oob&extra=a+b";
    let send = |body: &'static [u8]| {
        let header = consumer()
            .authorization(
                RequestParts::new("POST", &url).with_form_body(signed_body),
                None,
                &[],
            )
            .expect("signs");
        client()
            .post(url.clone())
            .header("Authorization", header)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    let tampered = Refusal::read(
        send(b"oauth_callback=oob&extra=a+c")
            .await
            .expect("answered"),
    )
    .await;
    assert_eq!(tampered.problem(), "signature_invalid");
    let server_base = tampered
        .param("oauth_signature_base_string")
        .expect("a base string");
    assert!(server_base.contains("extra%3Da%2520c"), "{server_base}");

    let accepted = send(b"oauth_callback=oob&extra=a+b")
        .await
        .expect("answered");
    assert_eq!(accepted.status(), 200);
}

#[tokio::test]
async fn hmac_and_plaintext_are_signature_method_rejected() {
    let jira = start(builder()).await;
    let url = jira
        .url()
        .join("plugins/servlet/oauth/request-token")
        .expect("a URL");
    for consumer in [
        Consumer::hmac_sha1(CONSUMER_KEY, "secret"),
        Consumer::plaintext(CONSUMER_KEY, "secret"),
    ] {
        let refusal = Refusal::read(signed(&consumer, "POST", &url, None).await).await;
        assert_eq!(refusal.status, 400);
        assert_eq!(refusal.problem(), "signature_method_rejected");
        assert!(
            refusal
                .www_authenticate
                .contains("oauth_problem=\"signature_method_rejected\"")
        );
    }
}

#[tokio::test]
async fn a_replayed_nonce_is_nonce_used() {
    let jira = start(builder()).await;
    let url = jira
        .url()
        .join("plugins/servlet/oauth/request-token")
        .expect("a URL");
    let header = consumer()
        .authorization_with(
            RequestParts::new("POST", &url),
            None,
            &[],
            "same-nonce",
            &unix_now().to_string(),
        )
        .expect("signs");
    let send = || {
        client()
            .post(url.clone())
            .header("Authorization", header.clone())
            .send()
    };
    assert_eq!(send().await.expect("answered").status(), 200);
    let refusal = Refusal::read(send().await.expect("answered")).await;
    assert_eq!((refusal.status, refusal.problem()), (401, "nonce_used"));
}

#[tokio::test]
async fn an_old_timestamp_is_timestamp_refused() {
    let jira = start(builder()).await;
    let url = jira
        .url()
        .join("plugins/servlet/oauth/request-token")
        .expect("a URL");
    let old = (unix_now() - 3600).to_string();
    let header = consumer()
        .authorization_with(RequestParts::new("POST", &url), None, &[], "n", &old)
        .expect("signs");
    let response = client()
        .post(url)
        .header("Authorization", header)
        .send()
        .await
        .expect("answered");
    let refusal = Refusal::read(response).await;
    assert_eq!(
        (refusal.status, refusal.problem()),
        (400, "timestamp_refused")
    );
    let window = refusal
        .param("oauth_acceptable_timestamps")
        .expect("the window");
    let (from, to) = window.split_once('-').expect("from-to");
    let (from, to): (u64, u64) = (
        from.parse().expect("a number"),
        to.parse().expect("a number"),
    );
    assert_eq!(to - from, 600);
    assert!(from > unix_now() - 3600);
}

#[tokio::test]
async fn an_unknown_consumer_is_consumer_key_unknown() {
    let jira = start(builder()).await;
    let url = jira
        .url()
        .join("plugins/servlet/oauth/request-token")
        .expect("a URL");
    let stranger = Consumer::rsa_sha1("nobody", private_key());
    let refusal = Refusal::read(signed(&stranger, "POST", &url, None).await).await;
    assert_eq!(
        (refusal.status, refusal.problem()),
        (401, "consumer_key_unknown")
    );

    jira.add_consumer("nobody", public_key());
    assert_eq!(signed(&stranger, "POST", &url, None).await.status(), 200);
}

#[tokio::test]
async fn a_header_missing_any_of_the_six_parameters_is_anonymous() {
    let jira = start(builder()).await;
    let url = api(&jira, "myself");
    let header = consumer()
        .authorization(RequestParts::new("GET", &url), None, &[])
        .expect("signs");
    assert!(!header.contains("oauth_token"));
    let response = client()
        .get(url)
        .header("Authorization", &header)
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 401);
    assert!(response.headers().get("www-authenticate").is_none());
    let body: serde_json::Value = response.json().await.expect("Jira's JSON error");
    assert!(
        body["errorMessages"][0]
            .as_str()
            .expect("a message")
            .contains("not authenticated")
    );

    let info = client()
        .get(api(&jira, "serverInfo"))
        .header("Authorization", &header)
        .send()
        .await
        .expect("answered");
    assert_eq!(info.status(), 200);
    let log = jira.access_log();
    assert!(
        log.iter().all(|entry| entry.auth == AuthKind::Anonymous),
        "{log:?}"
    );
}

#[tokio::test]
async fn an_unknown_access_token_is_token_rejected() {
    let jira = start(builder()).await;
    let token = Token::new("made-up", "secret");
    let refusal =
        Refusal::read(signed(&consumer(), "GET", &api(&jira, "myself"), Some(&token)).await).await;
    assert_eq!((refusal.status, refusal.problem()), (401, "token_rejected"));
    assert_eq!(jira.access_log()[0].auth, AuthKind::Invalid);
    assert_eq!(jira.access_log()[0].verdict, "oauth_problem=token_rejected");
}

#[tokio::test]
async fn unapproved_and_denied_tokens_are_refused() {
    let jira = start(builder()).await;
    let dance = dance(&jira.url());
    let callback = Url::parse("http://127.0.0.1:9/cb").expect("a URL");
    let request = request_token(&jira, &Callback::Url(callback)).await;

    let error = dance
        .access_token(&request, Some("whatever"))
        .await
        .expect_err("not approved");
    assert_eq!(problem_of(&error).problem, "permission_unknown");
    assert_eq!(problem_of(&error).status, 401);

    let denied = client()
        .post(dance.endpoints().authorize.clone())
        .form(&[
            ("oauth_token", request.token.token.as_str()),
            ("deny", "Deny"),
        ])
        .send()
        .await
        .expect("answered");
    assert_eq!(denied.status(), 302);
    let location = denied.headers()["location"]
        .to_str()
        .expect("a header")
        .to_owned();
    assert!(location.contains("oauth_verifier=denied"), "{location}");

    let error = dance
        .access_token(&request, Some("denied"))
        .await
        .expect_err("denied");
    assert_eq!(problem_of(&error).problem, "permission_denied");
    assert!(!jira.deny(&request.token.token), "already decided");
}

#[tokio::test]
async fn expired_request_tokens_are_token_expired() {
    let jira = start(builder().request_token_ttl(Duration::from_secs(60))).await;
    let request = request_token(&jira, &Callback::None).await;
    // Past the lifetime, still within the 5 minutes an OAuth timestamp may differ by.
    jira.set_clock_offset_secs(62);
    assert_eq!(jira.approve(&request.token.token, USER), None);
    let page = client()
        .get(authorize_url(&jira, &request))
        .send()
        .await
        .expect("answered");
    assert_eq!(page.status(), 400);
    let error = dance(&jira.url())
        .access_token(&request, None)
        .await
        .expect_err("expired");
    assert_eq!(problem_of(&error).problem, "token_expired");
    let error = dance(&jira.url())
        .access_token(&request, None)
        .await
        .expect_err("gone");
    assert_eq!(problem_of(&error).problem, "token_rejected");
}

#[tokio::test]
async fn request_tokens_are_single_use() {
    let jira = start(builder()).await;
    let dance = dance(&jira.url());
    let request = request_token(&jira, &Callback::None).await;
    jira.approve(&request.token.token, USER).expect("approved");
    dance
        .access_token(&request, None)
        .await
        .expect("first exchange");
    let error = dance
        .access_token(&request, None)
        .await
        .expect_err("second exchange");
    let problem = problem_of(&error);
    assert_eq!(
        (problem.status, problem.problem.as_str()),
        (401, "token_rejected")
    );
}

#[tokio::test]
async fn a_wrong_or_missing_verifier_is_refused_and_the_right_one_still_works() {
    let jira = start(builder()).await;
    let dance = dance(&jira.url());
    let request = request_token(&jira, &Callback::OutOfBand).await;
    let verifier = jira.approve(&request.token.token, USER).expect("approved");

    let error = dance
        .access_token(&request, Some("wrong1"))
        .await
        .expect_err("wrong verifier");
    assert_eq!(problem_of(&error).problem, "token_rejected");
    let error = dance
        .access_token(&request, None)
        .await
        .expect_err("no verifier");
    let problem = problem_of(&error);
    assert_eq!(
        (problem.status, problem.problem.as_str()),
        (400, "parameter_absent")
    );
    assert!(problem.details.contains(&(
        "oauth_parameters_absent".to_owned(),
        "oauth_verifier".to_owned()
    )));
    assert_eq!(error.kind(), ErrorKind::Problem);

    dance
        .access_token(&request, Some(&verifier))
        .await
        .expect("the right verifier");
}

#[tokio::test]
async fn a_request_token_without_oauth_params_is_parameter_absent() {
    let jira = start(builder()).await;
    let response = client()
        .post(
            jira.url()
                .join("plugins/servlet/oauth/request-token")
                .expect("a URL"),
        )
        .send()
        .await
        .expect("answered");
    let refusal = Refusal::read(response).await;
    assert_eq!(
        (refusal.status, refusal.problem()),
        (400, "parameter_absent")
    );
    assert!(
        refusal
            .param("oauth_parameters_absent")
            .expect("listed")
            .contains("oauth_consumer_key")
    );
}

#[tokio::test]
async fn the_authorize_page_rejects_unknown_tokens_and_users() {
    let jira = start(builder()).await;
    let authorize = jira
        .url()
        .join("plugins/servlet/oauth/authorize?oauth_token=nope")
        .expect("a URL");
    assert_eq!(
        client()
            .get(authorize)
            .send()
            .await
            .expect("answered")
            .status(),
        400
    );

    let request = request_token(&jira, &Callback::OutOfBand).await;
    let response = client()
        .post(dance(&jira.url()).endpoints().authorize.clone())
        .form(&[
            ("oauth_token", request.token.token.as_str()),
            ("user", "mallory"),
            ("approve", "Allow"),
        ])
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 400);
    assert!(response.text().await.expect("HTML").contains("mallory"));
    assert!(
        jira.approve(&request.token.token, USER).is_some(),
        "still pending"
    );
}

#[tokio::test]
async fn bad_callbacks_and_versions_are_rejected() {
    let jira = start(builder()).await;
    let url = jira
        .url()
        .join("plugins/servlet/oauth/request-token")
        .expect("a URL");
    let send = |extra: &'static [(&'static str, &'static str)]| {
        let header = consumer()
            .authorization(RequestParts::new("POST", &url), None, extra)
            .expect("signs");
        client()
            .post(url.clone())
            .header("Authorization", header)
            .send()
    };
    let refusal = Refusal::read(
        send(&[("oauth_callback", "javascript:alert(1)")])
            .await
            .expect("answered"),
    )
    .await;
    assert_eq!(
        (refusal.status, refusal.problem()),
        (400, "parameter_rejected")
    );
    assert_eq!(
        refusal.param("oauth_parameters_rejected"),
        Some("oauth_callback")
    );

    // The consumer always sends oauth_version=1.0; a second, different one is what gets checked
    // first, as the header's first value wins.
    let header = consumer()
        .authorization(RequestParts::new("POST", &url), None, &[])
        .expect("signs")
        .replacen("OAuth ", "OAuth oauth_version=\"2.0\", ", 1);
    let response = client()
        .post(url.clone())
        .header("Authorization", header)
        .send()
        .await
        .expect("answered");
    let refusal = Refusal::read(response).await;
    assert_eq!(
        (refusal.status, refusal.problem()),
        (400, "version_rejected")
    );
}
