//! Retries, redirects, timeouts and TLS.

use crate::common;

use std::time::{Duration, Instant};

use fakejira::Fault;
use jira::{Auth, ErrorKind, RetryPolicy};
use serde_json::json;

fn quick_retries() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(100),
        retry_after_cap: Duration::from_secs(5),
    }
}

/// A PAT client that retries quickly.
fn retrying_client(server: &fakejira::Running) -> jira::Client {
    common::client_builder(server)
        .auth(Auth::bearer(common::PAT))
        .retry(quick_retries())
        .build()
        .expect("builds")
}

fn requests_to(server: &fakejira::Running, suffix: &str) -> usize {
    server
        .access_log()
        .iter()
        .filter(|entry| entry.path.ends_with(suffix))
        .count()
}

#[tokio::test]
async fn retry_after_is_honoured_on_429_and_503() {
    let server = common::start(0).await;
    let client = retrying_client(&server);
    for status in [429, 503] {
        let before = requests_to(&server, "/myself");
        server.inject(Fault::Status {
            status,
            count: 2,
            retry_after: Some(1),
            rate_limit_reason: None,
        });
        let started = Instant::now();
        common::call(&client, "myself", vec![])
            .await
            .expect("succeeds on the third attempt");
        assert_eq!(
            requests_to(&server, "/myself") - before,
            3,
            "status {status}"
        );
        let waited = started.elapsed();
        assert!(
            waited >= Duration::from_millis(1900),
            "two Retry-After: 1 waits, got {waited:?}"
        );
        assert!(
            waited < Duration::from_secs(30),
            "the cap bounds the wait, got {waited:?}"
        );
    }
}

#[tokio::test]
async fn attempts_are_bounded() {
    let server = common::start(0).await;
    let client = retrying_client(&server);
    server.inject(Fault::Status {
        status: 503,
        count: 10,
        retry_after: None,
        rate_limit_reason: None,
    });
    let error = common::call(&client, "myself", vec![])
        .await
        .expect_err("still unavailable");
    assert_eq!(error.status(), Some(503));
    assert_eq!(requests_to(&server, "/myself"), 4);
}

#[tokio::test]
async fn posts_are_not_retried_on_503() {
    let server = common::start(1).await;
    let client = retrying_client(&server);
    server.inject(Fault::Status {
        status: 503,
        count: 1,
        retry_after: Some(0),
        rate_limit_reason: None,
    });
    let error = client
        .post("issue/bulk", &json!({ "issueUpdates": [] }))
        .await
        .expect_err("503");
    assert_eq!(error.status(), Some(503));
    assert_eq!(
        requests_to(&server, "/issue/bulk"),
        1,
        "a POST is sent once"
    );
}

#[tokio::test]
async fn a_dropped_connection_is_retried_for_gets() {
    let server = common::start(0).await;
    let client = retrying_client(&server);
    server.inject(Fault::DropConnection { count: 1 });
    assert_eq!(
        common::call(&client, "myself", vec![])
            .await
            .expect("retried")["name"],
        common::USER
    );
    assert_eq!(requests_to(&server, "/myself"), 2);
}

#[tokio::test]
async fn a_stalled_body_times_out() {
    let server = common::start(0).await;
    let client = common::client_builder(&server)
        .auth(Auth::bearer(common::PAT))
        .timeout(Duration::from_millis(300))
        .retry(RetryPolicy::never())
        .build()
        .expect("builds");
    server.inject(Fault::StallBody {
        count: 1,
        stall: Duration::from_secs(5),
    });
    let error = common::call(&client, "myself", vec![])
        .await
        .expect_err("timed out");
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    assert!(
        error.to_string().contains("127.0.0.1"),
        "names the host: {error}"
    );
}

#[tokio::test]
async fn a_refused_port_is_a_connect_error_naming_the_host() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
    let port = listener.local_addr().expect("an address").port();
    drop(listener);
    let client = jira::Client::builder(&format!("http://127.0.0.1:{port}"))
        .retry(RetryPolicy::never())
        .build()
        .expect("builds");
    let error = common::call(&client, "server_info", vec![])
        .await
        .expect_err("nothing listens");
    assert_eq!(error.kind(), ErrorKind::Connect, "{error}");
    assert!(
        error.to_string().contains(&format!("127.0.0.1:{port}")),
        "{error}"
    );
}

#[tokio::test]
async fn same_origin_redirects_are_followed_and_re_signed() {
    let server = common::start(0).await;
    let target = server.url().join("rest/api/2/myself").expect("valid");
    server.add_redirect(
        &format!("{}rest/api/2/moved-myself", server.url().path()),
        target.as_str(),
    );
    let client = common::oauth_client(&server).await;
    let me = client.get("moved-myself", &[]).await.expect("followed");
    assert_eq!(me["name"], common::USER);
}

#[tokio::test]
async fn redirects_to_another_host_are_refused() {
    let server = common::start(0).await;
    server.add_redirect(
        &format!("{}rest/api/2/elsewhere", server.url().path()),
        "http://127.0.0.2:9/rest/api/2/myself",
    );
    let client = common::pat_client(&server);
    let error = client.get("elsewhere", &[]).await.expect_err("refused");
    assert_eq!(error.kind(), ErrorKind::Redirect);
    assert!(
        error
            .to_string()
            .contains("credentials are never sent to another host"),
        "{error}"
    );
}

#[tokio::test]
async fn observers_see_every_attempt_without_credentials() {
    let server = common::start(0).await;
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = seen.clone();
    let client = common::client_builder(&server)
        .auth(Auth::bearer(common::PAT))
        .retry(quick_retries())
        .observer(move |exchange| {
            sink.lock()
                .expect("not poisoned")
                .push(format!("{exchange:?}"))
        })
        .build()
        .expect("builds");
    server.inject(Fault::Status {
        status: 429,
        count: 1,
        retry_after: Some(0),
        rate_limit_reason: None,
    });
    common::call(&client, "myself", vec![])
        .await
        .expect("succeeds");
    let seen = seen.lock().expect("not poisoned");
    assert_eq!(seen.len(), 2);
    assert!(
        seen[0].contains("Some(429)") && seen[1].contains("Some(200)"),
        "{seen:?}"
    );
    assert!(seen.iter().all(|line| !line.contains(common::PAT)));
}

mod tls {
    use std::sync::Arc;

    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    use tokio_rustls::rustls;

    /// A one-resource HTTPS server with a certificate signed by a fresh test CA.
    pub async fn start() -> (String, String) {
        let ca_key = rcgen::KeyPair::generate().expect("a CA key");
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("params");
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        let ca = ca_params.self_signed(&ca_key).expect("a CA certificate");
        let server_key = rcgen::KeyPair::generate().expect("a server key");
        let server_params =
            rcgen::CertificateParams::new(vec!["localhost".to_owned()]).expect("params");
        let issuer = rcgen::Issuer::new(ca_params, ca_key);
        let server_cert = server_params
            .signed_by(&server_key, &issuer)
            .expect("a server certificate");

        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(
                vec![server_cert.der().clone()],
                rustls::pki_types::PrivateKeyDer::Pkcs8(server_key.serialize_der().into()),
            )
            .expect("a TLS config");
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binds");
        let port = listener.local_addr().expect("an address").port();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    let Ok(mut tls) = acceptor.accept(stream).await else {
                        return;
                    };
                    let mut buffer = [0u8; 4096];
                    let _ = tls.read(&mut buffer).await;
                    let body = r#"{"deploymentType":"Server","version":"9.12.0"}"#;
                    let response = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = tls.write_all(response.as_bytes()).await;
                    let _ = tls.shutdown().await;
                });
            }
        });
        (format!("https://localhost:{port}"), ca.pem())
    }
}

#[tokio::test]
async fn tls_verification_fails_on_an_unknown_ca_and_succeeds_with_it_added() {
    let (url, ca_pem) = tls::start().await;
    let untrusting = jira::Client::builder(&url)
        .retry(RetryPolicy::never())
        .build()
        .expect("builds");
    let error = common::call(&untrusting, "server_info", vec![])
        .await
        .expect_err("an unknown CA");
    assert_eq!(error.kind(), ErrorKind::Tls, "{error}");
    assert!(error.to_string().contains("--ca-cert"), "{error}");

    let trusting = jira::Client::builder(&url)
        .add_root_certificate_pem(ca_pem)
        .build()
        .expect("builds");
    assert_eq!(
        common::call(&trusting, "server_info", vec![])
            .await
            .expect("trusted")["version"],
        "9.12.0"
    );

    let insecure = jira::Client::builder(&url)
        .insecure(true)
        .build()
        .expect("builds");
    assert_eq!(
        common::call(&insecure, "server_info", vec![])
            .await
            .expect("unverified")["version"],
        "9.12.0"
    );
}

#[test]
fn unusable_configuration_is_refused_at_build_time() {
    for (url, fragment) in [
        ("jira.example.com", "no scheme"),
        ("ftp://jira.example.com", "only http and https"),
        ("https://jira.example.com/?a=b", "must not have a query"),
    ] {
        let error = jira::Client::builder(url).build().expect_err(url);
        assert_eq!(error.kind(), ErrorKind::Config);
        assert!(error.to_string().contains(fragment), "{url}: {error}");
    }
    let error = jira::Client::builder("https://jira.example.com")
        .add_root_certificate_pem("not a certificate")
        .build()
        .expect_err("bad PEM");
    assert_eq!(error.kind(), ErrorKind::Config);
}
