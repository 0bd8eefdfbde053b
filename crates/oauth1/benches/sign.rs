//! How long signing one request takes: the cost every REST call of jshell pays.
#![allow(
    missing_docs,
    reason = "criterion_group! generates an undocumented function"
)]

use criterion::{Criterion, criterion_group, criterion_main};
use oauth1::{Consumer, FixedClock, PrivateKey, RequestParts, Token};

fn sign_one_request(c: &mut Criterion) {
    let key = PrivateKey::generate(oauth1::DEFAULT_KEY_SIZE).expect("key generation works");
    let consumer = Consumer::rsa_sha1("jshell-bench", key).with_clock(FixedClock(1_700_000_000));
    let token = Token::new("access-token", "access-token-secret");
    let url = url::Url::parse(
        "https://jira.example.com/rest/api/2/search?jql=project%20%3D%20ABC&startAt=0&maxResults=100",
    )
    .expect("a valid URL");

    c.bench_function("rsa_sha1_authorization_header_2048_bit", |b| {
        b.iter(|| {
            consumer
                .authorization(RequestParts::new("GET", &url), Some(&token), &[])
                .expect("signing works")
        })
    });
    c.bench_function("signature_base_string", |b| {
        b.iter(|| {
            oauth1::signature_base_string(
                "GET",
                &url,
                &[
                    ("oauth_consumer_key", "jshell-bench"),
                    ("oauth_token", "access-token"),
                ],
                None,
            )
        })
    });
}

criterion_group!(benches, sign_one_request);
criterion_main!(benches);
