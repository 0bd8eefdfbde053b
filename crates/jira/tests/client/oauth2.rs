//! OAuth 2.0 sessions against fakejira's provider: the login's code exchange, one refresh for
//! many concurrent requests of several sessions sharing saved tokens, no refresh when the
//! saved tokens are fresher than those read, and a refused refresh that leaves the saved
//! tokens alone.

use crate::common;

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use jira::oauth2::{
    Authorization, ClientCredentials, MemoryKeeper, Provider, Session, TokenKeeper, Tokens,
};
use jira::{Auth, ErrorKind};
use oauth1::Secret;

const CLIENT_ID: &str = "library-client";
const CLIENT_SECRET: &str = "library-client-secret-42";
const REDIRECT: &str = "http://127.0.0.1:9/callback";

fn credentials() -> ClientCredentials {
    ClientCredentials {
        id: CLIENT_ID.to_owned(),
        secret: Secret::new(CLIENT_SECRET),
        redirect_uri: url::Url::parse(REDIRECT).expect("a URL"),
    }
}

async fn server() -> fakejira::Running {
    let client = fakejira::OAuth2Client::new(CLIENT_ID, CLIENT_SECRET, REDIRECT);
    common::builder()
        .auto_approve(common::USER)
        .oauth2_client(client)
        .start()
        .await
        .expect("fakejira starts")
}

/// A login with the approval given at once: the authorize URL redirects with the code.
async fn log_in(server: &fakejira::Running, provider: &Provider) -> Tokens {
    let login = Authorization::start(provider, &credentials(), "WRITE").expect("starts");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    let answer = http
        .get(login.url().clone())
        .send()
        .await
        .expect("authorize answers");
    let location = answer.headers()["location"].to_str().expect("a Location");
    let back = url::Url::parse(location).expect("the redirect back");
    let param = |name: &str| {
        back.query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    };
    assert_eq!(param("state").as_deref(), Some(login.state()));
    let code = param("code").expect("a code");
    let tokens = login
        .exchange(&client(server, None), provider, &credentials(), &code)
        .await
        .expect("the code is exchanged");
    assert_eq!(server.oauth2_grants().authorization_code, 1);
    tokens
}

/// A client of `server` with `session`'s tokens, or anonymous without one.
fn client(server: &fakejira::Running, session: Option<Session>) -> jira::Client {
    let builder = common::client_builder(server);
    match session {
        Some(session) => builder.auth(Auth::OAuth2(session)),
        None => builder,
    }
    .build()
    .expect("builds")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_sharing_expired_tokens_make_one_refresh_for_all_their_requests() {
    let server = server().await;
    let provider = Provider::data_center(server.url().as_str()).expect("a URL");
    let mut tokens = log_in(&server, &provider).await;
    tokens.expires_at = Some(SystemTime::now() - Duration::from_secs(5));
    let keeper = MemoryKeeper::new(tokens.clone());

    let clients: Vec<jira::Client> = (0..2)
        .map(|_| {
            let shared: Arc<dyn TokenKeeper> = Arc::new(keeper.clone());
            let session = Session::new(
                provider.clone(),
                credentials(),
                tokens.clone(),
                Some(shared),
            );
            client(&server, Some(session))
        })
        .collect();
    let calls = (0..8).map(|n| {
        let client = clients[n % 2].clone();
        tokio::spawn(async move { common::call(&client, "myself", vec![]).await })
    });
    for call in calls {
        let me = call
            .await
            .expect("joins")
            .expect("myself after the refresh");
        assert_eq!(me["name"], common::USER);
    }
    assert_eq!(server.oauth2_grants().refresh_token, 1);
    let saved = keeper.latest().await;
    assert_ne!(
        saved.access_token, tokens.access_token,
        "the new tokens are saved"
    );
    assert_ne!(
        saved.refresh_token, tokens.refresh_token,
        "the rotated refresh token is saved"
    );
    assert!(saved.expires_at.is_some_and(|at| at > SystemTime::now()));
}

/// A run that read the saved token after another process renewed it, but its expiry before
/// that process wrote it (a keyring holds the token, the file the expiry), takes the saved
/// expiry's word: no second renewal.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_whose_saved_expiry_is_later_than_read_is_not_renewed_again() {
    let server = server().await;
    let provider = Provider::data_center(server.url().as_str()).expect("a URL");
    let saved = log_in(&server, &provider).await;
    let keeper: Arc<dyn TokenKeeper> = Arc::new(MemoryKeeper::new(saved.clone()));
    let torn = Tokens {
        expires_at: Some(SystemTime::now() - Duration::from_secs(5)),
        ..saved.clone()
    };
    let session = Session::new(provider, credentials(), torn, Some(keeper));
    let client = client(&server, Some(session.clone()));
    let me = common::call(&client, "myself", vec![])
        .await
        .expect("myself");
    assert_eq!(me["name"], common::USER);
    assert_eq!(server.oauth2_grants().refresh_token, 0, "no renewal");
    assert_eq!(session.tokens().await, saved, "the saved tokens are in use");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_refresh_is_an_oauth_error_and_the_saved_tokens_stay() {
    let server = server().await;
    let provider = Provider::data_center(server.url().as_str()).expect("a URL");
    let tokens = log_in(&server, &provider).await;
    let keeper = MemoryKeeper::new(tokens.clone());
    let shared: Arc<dyn TokenKeeper> = Arc::new(keeper.clone());
    let client = client(
        &server,
        Some(Session::new(
            provider,
            credentials(),
            tokens.clone(),
            Some(shared),
        )),
    );
    server.revoke_oauth2_refresh_tokens();
    server.expire_oauth2_access_tokens();

    let error = common::call(&client, "myself", vec![])
        .await
        .expect_err("the refresh is refused");
    assert_eq!(error.kind(), ErrorKind::OAuth, "{error}");
    let message = error.to_string();
    assert!(message.contains("invalid_grant"), "{message}");
    assert!(message.contains("jshell login --oauth2"), "{message}");
    assert!(!message.contains(CLIENT_SECRET), "{message}");
    assert_eq!(
        server.oauth2_grants().refresh_token,
        1,
        "one refresh, not a loop"
    );
    assert_eq!(
        keeper.latest().await,
        tokens,
        "the saved tokens are untouched"
    );
}
