//! The OAuth 2.0 provider over HTTP: Data Center's incoming link and Cloud's 3LO with its
//! gateway, driven as a client would (PKCE from RFC 7636's example, so that the server's S256
//! is checked against a value it did not compute).

use crate::common;

use std::time::Duration;

use common::*;
use fakejira::{AuthKind, Builder, DeploymentType, OAuth2Client, OAuth2Grants, Running};
use serde_json::{Value, json};
use url::Url;

const CLIENT: &str = "jshell-oauth2";
const SECRET: &str = "client-secret-1";
const REDIRECT: &str = "http://127.0.0.1:8765/callback";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const STATE: &str = "st/ate+1 ü";

fn client_with(scope: Option<&str>) -> OAuth2Client {
    let client = OAuth2Client::new(CLIENT, SECRET, REDIRECT);
    match scope {
        Some(scope) => client.scope(scope),
        None => client,
    }
}

/// Data Center with the client registered for WRITE and approval automatic.
fn data_center() -> Builder {
    builder()
        .oauth2_client(client_with(None))
        .auto_approve(USER)
        .issues(2)
}

fn cloud(scope: Option<&str>) -> Builder {
    builder()
        .deployment_type(DeploymentType::Cloud)
        .oauth2_client(client_with(scope))
        .auto_approve(USER)
        .issues(2)
}

fn dc_endpoint(jira: &Running, endpoint: &str) -> Url {
    jira.url()
        .join(&format!("rest/oauth2/latest/{endpoint}"))
        .expect("a URL")
}

/// A path from the server root, outside any context path.
fn root(jira: &Running, path: &str) -> Url {
    jira.url().join(path).expect("a URL")
}

fn authorize_params(scope: &str) -> Vec<(&'static str, String)> {
    vec![
        ("client_id", CLIENT.to_owned()),
        ("redirect_uri", REDIRECT.to_owned()),
        ("response_type", "code".to_owned()),
        ("scope", scope.to_owned()),
        ("state", STATE.to_owned()),
        ("code_challenge", CHALLENGE.to_owned()),
        ("code_challenge_method", "S256".to_owned()),
    ]
}

async fn get_with(url: Url, params: &[(&str, String)]) -> reqwest::Response {
    client()
        .get(url)
        .query(params)
        .send()
        .await
        .expect("answered")
}

/// The query parameters of a redirect's `Location`, which must go to the Redirect URL.
fn redirected(response: &reqwest::Response) -> Vec<(String, String)> {
    assert_eq!(response.status(), 302, "a redirect");
    let location = response
        .headers()
        .get("location")
        .and_then(|value| value.to_str().ok())
        .expect("a Location");
    let url = Url::parse(location).expect("an absolute Location");
    assert!(location.starts_with(REDIRECT), "{location}");
    url.query_pairs().into_owned().collect()
}

fn param<'p>(params: &'p [(String, String)], name: &str) -> Option<&'p str> {
    params
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// An authorization code from Data Center's authorize endpoint, the state checked.
async fn dc_code(jira: &Running, scope: &str) -> String {
    let response = get_with(dc_endpoint(jira, "authorize"), &authorize_params(scope)).await;
    let params = redirected(&response);
    assert_eq!(param(&params, "state"), Some(STATE));
    param(&params, "code").expect("a code").to_owned()
}

/// Posts a form to a token endpoint: the status, the JSON answer and the response headers.
async fn token_form(url: Url, form: &[(&str, &str)]) -> (u16, Value, reqwest::header::HeaderMap) {
    answer(
        client()
            .post(url)
            .form(form)
            .send()
            .await
            .expect("answered"),
    )
    .await
}

async fn answer(response: reqwest::Response) -> (u16, Value, reqwest::header::HeaderMap) {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.json().await.expect("a JSON answer");
    (status, body, headers)
}

async fn dc_exchange(jira: &Running, code: &str, verifier: &str) -> (u16, Value) {
    let (status, body, _) = token_form(
        dc_endpoint(jira, "token"),
        &[
            ("grant_type", "authorization_code"),
            ("client_id", CLIENT),
            ("client_secret", SECRET),
            ("code", code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", verifier),
        ],
    )
    .await;
    (status, body)
}

async fn dc_refresh(jira: &Running, refresh_token: &str) -> (u16, Value) {
    let (status, body, _) = token_form(
        dc_endpoint(jira, "token"),
        &[
            ("grant_type", "refresh_token"),
            ("client_id", CLIENT),
            ("client_secret", SECRET),
            ("refresh_token", refresh_token),
            ("redirect_uri", REDIRECT),
        ],
    )
    .await;
    (status, body)
}

/// Tokens from a fresh Data Center authorization with `scope`.
async fn dc_tokens(jira: &Running, scope: &str) -> Value {
    let code = dc_code(jira, scope).await;
    let (status, body) = dc_exchange(jira, &code, VERIFIER).await;
    assert_eq!(status, 200, "{body}");
    body
}

fn text<'v>(value: &'v Value, name: &str) -> &'v str {
    value[name].as_str().unwrap_or_default()
}

async fn bearer_call(
    url: Url,
    method: &str,
    token: &str,
    body: Option<&Value>,
) -> (u16, Value, reqwest::header::HeaderMap) {
    let mut request = client()
        .request(method.parse().expect("a method"), url)
        .bearer_auth(token);
    if let Some(body) = body {
        request = request.json(body);
    }
    let response = request.send().await.expect("answered");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.expect("a body");
    let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, value, headers)
}

fn header<'h>(headers: &'h reqwest::header::HeaderMap, name: &str) -> &'h str {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test]
async fn data_center_flow_with_pkce_under_a_context_path() {
    let jira = start(data_center().context_path("/jira")).await;
    let code = dc_code(&jira, "WRITE").await;
    let (status, tokens, headers) = token_form(
        dc_endpoint(&jira, "token"),
        &[
            ("grant_type", "authorization_code"),
            ("client_id", CLIENT),
            ("client_secret", SECRET),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    assert_eq!(status, 200, "{tokens}");
    assert_eq!(header(&headers, "cache-control"), "no-store");
    assert_eq!(tokens["token_type"], "bearer");
    assert_eq!(tokens["expires_in"], 3600);
    assert_eq!(tokens["scope"], "WRITE");
    assert!(!text(&tokens, "refresh_token").is_empty());
    let access = text(&tokens, "access_token");

    let (status, myself, _) = bearer_call(api(&jira, "myself"), "GET", access, None).await;
    assert_eq!(status, 200);
    assert_eq!(myself["name"], USER);
    let last = jira.access_log().pop().expect("logged");
    assert_eq!(
        last.auth,
        AuthKind::OAuth2 {
            client: CLIENT.to_owned(),
            user: Some(USER.to_owned())
        }
    );
    assert_eq!(
        jira.oauth2_grants(),
        OAuth2Grants {
            authorization_code: 1,
            refresh_token: 0,
            rotated_refresh_token: 0
        }
    );
}

#[tokio::test]
async fn data_center_takes_token_parameters_in_the_query_and_the_client_by_basic() {
    let jira = start(data_center()).await;
    let code = dc_code(&jira, "READ").await;
    let response = client()
        .post(dc_endpoint(&jira, "token"))
        .query(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", VERIFIER),
        ])
        .basic_auth(CLIENT, Some(SECRET))
        .send()
        .await
        .expect("answered");
    let (status, tokens, _) = answer(response).await;
    assert_eq!(status, 200, "{tokens}");
    assert_eq!(tokens["scope"], "READ");
}

#[tokio::test]
async fn data_center_refuses_a_json_token_request_as_its_form_resource_does() {
    let jira = start(data_center()).await;
    let response = client()
        .post(dc_endpoint(&jira, "token"))
        .json(&json!({ "grant_type": "authorization_code", "client_id": CLIENT }))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 500);
}

#[tokio::test]
async fn cloud_flow_with_accessible_resources_and_the_gateway() {
    let jira = start(cloud(None).extra_cloud_site("https://other.example.net/", "other-id")).await;
    let mut params = authorize_params("read:jira-work write:jira-work offline_access");
    params.push(("audience", "api.atlassian.com".to_owned()));
    params.push(("prompt", "consent".to_owned()));
    let response = get_with(root(&jira, "/authorize"), &params).await;
    let back = redirected(&response);
    assert_eq!(param(&back, "state"), Some(STATE));
    let code = param(&back, "code").expect("a code");
    let request = json!({
        "grant_type": "authorization_code", "client_id": CLIENT, "client_secret": SECRET,
        "code": code, "redirect_uri": REDIRECT, "code_verifier": VERIFIER,
    });
    let response = client()
        .post(root(&jira, "/oauth/token"))
        .json(&request)
        .send()
        .await
        .expect("answered");
    let (status, tokens, _) = answer(response).await;
    assert_eq!(status, 200, "{tokens}");
    assert_eq!(tokens["token_type"], "Bearer");
    assert!(!text(&tokens, "refresh_token").is_empty());
    let access = text(&tokens, "access_token");

    let resources_url = root(&jira, "/oauth/token/accessible-resources");
    let (status, sites, _) = bearer_call(resources_url, "GET", access, None).await;
    assert_eq!(status, 200);
    let site_url = jira.url().as_str().trim_end_matches('/').to_owned();
    assert_eq!(sites[0]["id"], jira.cloud_id().as_str());
    assert_eq!(sites[0]["url"], site_url.as_str());
    assert_eq!(
        sites[0]["scopes"],
        json!(["read:jira-work", "write:jira-work"])
    );
    assert_eq!(sites[1]["id"], "other-id");
    assert_eq!(sites[1]["url"], "https://other.example.net");

    let gateway = |id: &str| root(&jira, &format!("/ex/jira/{id}/rest/api/2/myself"));
    let (status, myself, _) = bearer_call(gateway(&jira.cloud_id()), "GET", access, None).await;
    assert_eq!(status, 200, "{myself}");
    assert_eq!(myself["name"], USER);
    let (status, _, _) = bearer_call(gateway("other-id"), "GET", access, None).await;
    assert_eq!(status, 404);
    let (status, _, _) = bearer_call(api(&jira, "myself"), "GET", access, None).await;
    assert_eq!(status, 401, "the site itself does not take 3LO tokens");
}

/// A Cloud token for `scope`, through auto-approval and a form-encoded token request.
async fn cloud_tokens(jira: &Running, scope: &str) -> Value {
    let mut params = authorize_params(scope);
    params.push(("audience", "api.atlassian.com".to_owned()));
    let response = get_with(root(jira, "/authorize"), &params).await;
    let back = redirected(&response);
    let code = param(&back, "code").expect("a code");
    let (status, tokens, _) = token_form(
        root(jira, "/oauth/token"),
        &[
            ("grant_type", "authorization_code"),
            ("client_id", CLIENT),
            ("client_secret", SECRET),
            ("code", code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    assert_eq!(status, 200, "{tokens}");
    tokens
}

#[tokio::test]
async fn cloud_without_offline_access_or_write_scope() {
    let jira = start(cloud(None)).await;
    let tokens = cloud_tokens(&jira, "read:jira-work read:jira-user").await;
    assert!(tokens.get("refresh_token").is_none(), "{tokens}");
    let access = text(&tokens, "access_token");
    let url = root(
        &jira,
        &format!("/ex/jira/{}/rest/api/2/issue", jira.cloud_id()),
    );
    let issue = json!({ "fields": { "project": { "key": "ABC" }, "summary": "x", "issuetype": { "name": "Task" } } });
    let (status, body, headers) = bearer_call(url, "POST", access, Some(&issue)).await;
    assert_eq!(status, 401);
    assert_eq!(body["message"], "Unauthorized; scope does not match");
    assert_eq!(
        header(&headers, "x-failure-category"),
        "FAILURE_CLIENT_SCOPE_CHECK"
    );
}

#[tokio::test]
async fn cloud_refresh_rotates_and_refuses_the_old_token_with_403() {
    let jira = start(cloud(None)).await;
    let tokens = cloud_tokens(&jira, "read:jira-work offline_access").await;
    let refresh = |token: String| {
        let jira = &jira;
        async move {
            let request = json!({ "grant_type": "refresh_token", "client_id": CLIENT,
                "client_secret": SECRET, "refresh_token": token });
            let response = client()
                .post(root(jira, "/oauth/token"))
                .json(&request)
                .send()
                .await
                .expect("answered");
            answer(response).await
        }
    };
    let first = text(&tokens, "refresh_token").to_owned();
    let (status, renewed, _) = refresh(first.clone()).await;
    assert_eq!(status, 200, "{renewed}");
    assert_ne!(text(&renewed, "refresh_token"), first);
    let (status, refused, _) = refresh(first).await;
    assert_eq!(status, 403);
    assert_eq!(
        refused,
        json!({ "error": "invalid_grant", "error_description": "Unknown or invalid refresh token." })
    );
    assert_eq!(jira.oauth2_grants().refresh_token, 2);
}

#[tokio::test]
async fn a_wrong_or_missing_verifier_is_invalid_grant() {
    let jira = start(data_center()).await;
    let code = dc_code(&jira, "WRITE").await;
    let (status, body) = dc_exchange(&jira, &code, "wrong-verifier").await;
    assert_eq!(
        (status, body["error"].clone()),
        (400, json!("invalid_grant"))
    );
    let (status, body) = dc_exchange(&jira, &code, "").await;
    assert_eq!(
        (status, body["error"].clone()),
        (400, json!("invalid_grant"))
    );
    let (status, _) = dc_exchange(&jira, &code, VERIFIER).await;
    assert_eq!(
        status, 200,
        "a failed verification does not use the code up"
    );
}

#[tokio::test]
async fn a_reused_code_is_refused_and_revokes_what_it_gave() {
    let jira = start(data_center()).await;
    let code = dc_code(&jira, "WRITE").await;
    let (status, tokens) = dc_exchange(&jira, &code, VERIFIER).await;
    assert_eq!(status, 200);
    let (status, body) = dc_exchange(&jira, &code, VERIFIER).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"], "invalid_grant");
    let (status, _, _) = bearer_call(
        api(&jira, "myself"),
        "GET",
        text(&tokens, "access_token"),
        None,
    )
    .await;
    assert_eq!(status, 401);
    let (status, _) = dc_refresh(&jira, text(&tokens, "refresh_token")).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn an_expired_code_is_invalid_grant() {
    let jira = start(data_center()).await;
    let code = dc_code(&jira, "WRITE").await;
    jira.set_clock_offset_secs(11);
    let (status, body) = dc_exchange(&jira, &code, VERIFIER).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"], "invalid_grant");
    assert!(
        text(&body, "error_description").contains("expired"),
        "{body}"
    );
}

#[tokio::test]
async fn a_wrong_client_or_secret_is_invalid_client() {
    let jira = start(data_center()).await;
    let code = dc_code(&jira, "WRITE").await;
    for (id, secret) in [(CLIENT, "wrong"), ("nobody", SECRET)] {
        let (status, body, _) = token_form(
            dc_endpoint(&jira, "token"),
            &[
                ("grant_type", "authorization_code"),
                ("client_id", id),
                ("client_secret", secret),
                ("code", &code),
                ("redirect_uri", REDIRECT),
                ("code_verifier", VERIFIER),
            ],
        )
        .await;
        assert_eq!(
            (status, body["error"].clone()),
            (401, json!("invalid_client"))
        );
    }
    let response = client()
        .post(dc_endpoint(&jira, "token"))
        .basic_auth(CLIENT, Some("wrong"))
        .form(&[("grant_type", "authorization_code"), ("code", &code)])
        .send()
        .await
        .expect("answered");
    let (status, _, headers) = answer(response).await;
    assert_eq!(status, 401);
    assert!(header(&headers, "www-authenticate").starts_with("Basic realm="));
}

#[tokio::test]
async fn a_redirect_uri_that_differs_is_refused_at_authorize_and_at_token() {
    let jira = start(data_center()).await;
    let mut params = authorize_params("WRITE");
    params[1].1 = format!("{REDIRECT}/");
    let response = get_with(dc_endpoint(&jira, "authorize"), &params).await;
    assert_eq!(response.status(), 400);
    assert!(response.headers().get("location").is_none());
    let page = response.text().await.expect("HTML");
    assert!(page.contains("does not match the Redirect URL"), "{page}");

    let code = dc_code(&jira, "WRITE").await;
    let (status, body, _) = token_form(
        dc_endpoint(&jira, "token"),
        &[
            ("grant_type", "authorization_code"),
            ("client_id", CLIENT),
            ("client_secret", SECRET),
            ("code", &code),
            ("redirect_uri", "http://127.0.0.1:8765/other"),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].clone()),
        (400, json!("invalid_grant"))
    );
}

#[tokio::test]
async fn an_unknown_client_gets_an_error_page_not_a_redirect() {
    let jira = start(data_center()).await;
    let mut params = authorize_params("WRITE");
    params[0].1 = "nobody".to_owned();
    let response = get_with(dc_endpoint(&jira, "authorize"), &params).await;
    assert_eq!(response.status(), 400);
    assert!(response.headers().get("location").is_none());
}

#[tokio::test]
async fn bad_requests_go_back_to_the_client_with_the_state() {
    let jira = start(data_center()).await;
    let cases: [(&str, &str, &str); 3] = [
        ("response_type", "token", "unsupported_response_type"),
        ("code_challenge_method", "plain", "invalid_request"),
        ("scope", "ADMIN", "invalid_scope"),
    ];
    for (name, value, error) in cases {
        let params: Vec<(&str, String)> = authorize_params("WRITE")
            .into_iter()
            .map(|(key, old)| (key, if key == name { value.to_owned() } else { old }))
            .collect();
        let response = get_with(dc_endpoint(&jira, "authorize"), &params).await;
        let back = redirected(&response);
        assert_eq!(param(&back, "error"), Some(error), "{name}={value}");
        assert_eq!(param(&back, "state"), Some(STATE));
        assert!(param(&back, "code").is_none());
    }
}

#[tokio::test]
async fn refresh_tokens_rotate_and_the_old_one_is_refused() {
    let jira = start(data_center()).await;
    let tokens = dc_tokens(&jira, "WRITE").await;
    let old_refresh = text(&tokens, "refresh_token");
    let (status, renewed) = dc_refresh(&jira, old_refresh).await;
    assert_eq!(status, 200, "{renewed}");
    assert_ne!(text(&renewed, "refresh_token"), old_refresh);
    assert_ne!(
        text(&renewed, "access_token"),
        text(&tokens, "access_token")
    );
    let (status, body) = dc_refresh(&jira, old_refresh).await;
    assert_eq!(
        (status, body["error"].clone()),
        (400, json!("invalid_grant"))
    );
    for access in [&tokens, &renewed].map(|answer| text(answer, "access_token")) {
        let (status, _, _) = bearer_call(api(&jira, "myself"), "GET", access, None).await;
        assert_eq!(status, 200, "both access tokens live until they expire");
    }
    let (status, _) = dc_refresh(&jira, text(&renewed, "refresh_token")).await;
    assert_eq!(status, 200);
    assert_eq!(jira.oauth2_grants().refresh_token, 3);
    assert_eq!(
        jira.oauth2_grants().rotated_refresh_token,
        1,
        "the old token presented again is counted as rotated"
    );
}

#[tokio::test]
async fn data_center_checks_the_redirect_uri_on_refresh() {
    let jira = start(data_center()).await;
    let tokens = dc_tokens(&jira, "WRITE").await;
    let (status, body, _) = token_form(
        dc_endpoint(&jira, "token"),
        &[
            ("grant_type", "refresh_token"),
            ("client_id", CLIENT),
            ("client_secret", SECRET),
            ("refresh_token", text(&tokens, "refresh_token")),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].clone()),
        (400, json!("invalid_grant"))
    );
}

#[tokio::test]
async fn revoked_refresh_tokens_are_invalid_grant() {
    let jira = start(data_center()).await;
    let tokens = dc_tokens(&jira, "WRITE").await;
    jira.revoke_oauth2_refresh_tokens();
    let (status, body) = dc_refresh(&jira, text(&tokens, "refresh_token")).await;
    assert_eq!(
        jira.oauth2_grants().rotated_refresh_token,
        0,
        "a revoked token was never rotated"
    );
    assert_eq!(
        (status, body["error"].clone()),
        (400, json!("invalid_grant"))
    );
}

#[tokio::test]
async fn a_read_token_cannot_write_and_a_write_token_cannot_administer() {
    let jira = start(data_center()).await;
    let read = dc_tokens(&jira, "READ").await;
    let read = text(&read, "access_token");
    let (status, _, _) = bearer_call(api(&jira, "issue/ABC-1"), "GET", read, None).await;
    assert_eq!(status, 200);
    let search = json!({ "jql": "project = ABC" });
    let (status, _, _) = bearer_call(api(&jira, "search"), "POST", read, Some(&search)).await;
    assert_eq!(status, 200, "a POSTed search only reads");
    let comment = json!({ "body": "hello" });
    let url = api(&jira, "issue/ABC-1/comment");
    let (status, body, _) = bearer_call(url, "POST", read, Some(&comment)).await;
    assert_eq!(status, 403);
    assert!(
        body["errorMessages"][0]
            .as_str()
            .unwrap_or_default()
            .contains("WRITE"),
        "{body}"
    );
    assert_eq!(body["errors"], json!({}));

    let write = dc_tokens(&jira, "WRITE").await;
    let group = json!({ "name": "new-group" });
    let url = api(&jira, "group");
    let (status, body, _) =
        bearer_call(url, "POST", text(&write, "access_token"), Some(&group)).await;
    assert_eq!(status, 403, "alice administers Jira, but the token may not");
    assert!(
        body["errorMessages"][0]
            .as_str()
            .unwrap_or_default()
            .contains("ADMIN"),
        "{body}"
    );
}

#[tokio::test]
async fn expired_access_tokens_are_refused_with_a_bearer_challenge() {
    let jira = start(data_center().pat("my-pat", USER)).await;
    let tokens = dc_tokens(&jira, "WRITE").await;
    let access = text(&tokens, "access_token");
    jira.expire_oauth2_access_tokens();
    let (status, body, headers) = bearer_call(api(&jira, "myself"), "GET", access, None).await;
    assert_eq!(status, 401);
    assert!(body["errorMessages"].is_array(), "{body}");
    let challenge = header(&headers, "www-authenticate");
    assert!(challenge.starts_with("Bearer realm=\""), "{challenge}");
    assert!(challenge.contains("error=\"invalid_token\""), "{challenge}");
    let (status, _, _) = bearer_call(api(&jira, "myself"), "GET", "my-pat", None).await;
    assert_eq!(status, 200, "personal access tokens still work");

    jira.set_oauth2_access_token_lifetime(Duration::from_secs(60));
    let tokens = dc_tokens(&jira, "WRITE").await;
    assert_eq!(tokens["expires_in"], 60);
    let access = text(&tokens, "access_token");
    let (status, _, _) = bearer_call(api(&jira, "myself"), "GET", access, None).await;
    assert_eq!(status, 200);
    jira.set_clock_offset_secs(61);
    let (status, _, _) = bearer_call(api(&jira, "myself"), "GET", access, None).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn the_consent_page_posts_back_and_allow_or_deny_redirects_with_the_state() {
    let jira = start(builder().oauth2_client(client_with(None))).await;
    let authorize = dc_endpoint(&jira, "authorize");
    let response = get_with(authorize.clone(), &authorize_params("WRITE")).await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.expect("HTML");
    assert!(
        page.contains("<form method=\"post\" action=\"/rest/oauth2/latest/authorize\">"),
        "{page}"
    );
    assert!(
        page.contains("name=\"code_challenge\" value=\"E9Melhoa2Ow"),
        "{page}"
    );
    assert!(page.contains("name=\"user\" value=\"alice\""), "{page}");
    assert!(page.contains("name=\"approve\" value=\"Allow\""), "{page}");
    assert!(page.contains("name=\"deny\" value=\"Deny\""), "{page}");

    let post = |decision: (&'static str, &'static str)| {
        let mut form = authorize_params("WRITE");
        form.push(("user", USER.to_owned()));
        form.push((decision.0, decision.1.to_owned()));
        client().post(authorize.clone()).form(&form).send()
    };
    let denied = post(("deny", "Deny")).await.expect("answered");
    let back = redirected(&denied);
    assert_eq!(param(&back, "error"), Some("access_denied"));
    assert_eq!(param(&back, "state"), Some(STATE));
    assert!(param(&back, "error_description").is_some());

    let allowed = post(("approve", "Allow")).await.expect("answered");
    let back = redirected(&allowed);
    assert_eq!(param(&back, "state"), Some(STATE));
    let code = param(&back, "code").expect("a code");
    let (status, _) = dc_exchange(&jira, code, VERIFIER).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn token_requests_missing_parts_or_with_other_grants() {
    let jira = start(data_center()).await;
    let url = dc_endpoint(&jira, "token");
    let credentials = [("client_id", CLIENT), ("client_secret", SECRET)];
    let cases: [(&[(&str, &str)], &str); 3] = [
        (&[("grant_type", "password")], "unsupported_grant_type"),
        (&[("grant_type", "authorization_code")], "invalid_request"),
        (&[], "invalid_request"),
    ];
    for (extra, error) in cases {
        let form: Vec<(&str, &str)> = credentials.iter().chain(extra).copied().collect();
        let (status, body, _) = token_form(url.clone(), &form).await;
        assert_eq!(
            (status, body["error"].clone()),
            (400, json!(error)),
            "{extra:?}"
        );
    }
}

#[tokio::test]
async fn the_admin_api_controls_the_provider() {
    let jira = start(builder().auto_approve(USER)).await;
    let admin = |path: &str| root(&jira, &format!("/_fakejira/{path}"));
    let new_client = json!({ "client_id": CLIENT, "client_secret": SECRET,
        "redirect_uri": REDIRECT, "scope": "READ" });
    let response = client()
        .post(admin("oauth2/clients"))
        .json(&new_client)
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 204);
    let tokens = dc_tokens(&jira, "READ").await;
    let access = text(&tokens, "access_token");

    let grants: Value = client()
        .get(admin("oauth2/grants"))
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("JSON");
    assert_eq!(
        grants,
        json!({ "authorization_code": 1, "refresh_token": 0, "rotated_refresh_token": 0 })
    );

    let post = |path: &'static str| client().post(admin(path)).send();
    assert_eq!(
        post("oauth2/expire-access-tokens")
            .await
            .expect("answered")
            .status(),
        204
    );
    let (status, _, _) = bearer_call(api(&jira, "myself"), "GET", access, None).await;
    assert_eq!(status, 401);
    assert_eq!(
        post("oauth2/revoke-refresh-tokens")
            .await
            .expect("answered")
            .status(),
        204
    );
    let (status, _) = dc_refresh(&jira, text(&tokens, "refresh_token")).await;
    assert_eq!(status, 400);

    let put = |path: &'static str, body: Value| client().put(admin(path)).json(&body).send();
    let lifetime = put("oauth2/access-token-lifetime", json!({ "seconds": 30 }));
    assert_eq!(lifetime.await.expect("answered").status(), 204);
    let tokens = dc_tokens(&jira, "READ").await;
    assert_eq!(tokens["expires_in"], 30);
    let offset = put("clock-offset", json!({ "seconds": 31 }));
    assert_eq!(offset.await.expect("answered").status(), 204);
    let access = text(&tokens, "access_token");
    let (status, _, _) = bearer_call(api(&jira, "myself"), "GET", access, None).await;
    assert_eq!(status, 401);
}
