//! The published OAuth 1.0 signature test vectors (wiki.oauth.net TestCases, oauthlib's RFC 5849
//! tests), checked byte for byte. Each section names the vector it reproduces.

use oauth1::{
    Consumer, PrivateKey, base_string_uri, normalize_parameters, percent_encode,
    signature_base_string,
};
use url::Url;

fn url(s: &str) -> Url {
    Url::parse(s).expect("test URLs are valid")
}

const A1_BASE_STRING: &str = "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacaction.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3D13917289812797014437%26oauth_signature_method%3DRSA-SHA1%26oauth_timestamp%3D1196666512%26oauth_version%3D1.0%26size%3Doriginal";
const A1_SIGNATURE: &str = "jvTp/wX1TYtByB1m+Pbyo0lnCOLIsyGCH7wke8AUs3BpnwZJtAuEJkvQL2/9n4s5wUmUl4aCI4BwpraNx4RtEXMe5qg5T1LVTGliMRpKasKsW//e+RinhejgCuzoH26dyF8iY2ZZ/5D1ilgeijhV/vBka5twt399mXwaYdCwFYE=";

fn a1_base_string() -> String {
    signature_base_string(
        "GET",
        &url("http://photos.example.net/photos?file=vacaction.jpg&size=original"),
        &[
            ("oauth_consumer_key", "dpf43f3p2l4k3l03"),
            ("oauth_nonce", "13917289812797014437"),
            ("oauth_signature_method", "RSA-SHA1"),
            ("oauth_timestamp", "1196666512"),
            ("oauth_version", "1.0"),
        ],
        None,
    )
}

#[test]
fn a1_wiki_rsa_sha1_base_string() {
    assert_eq!(a1_base_string(), A1_BASE_STRING);
}

#[test]
fn a1_wiki_rsa_sha1_signature_with_the_pkcs8_key() {
    let key = PrivateKey::from_pem(include_str!("fixtures/wiki_pkcs8.pem")).expect("loads");
    let consumer = Consumer::rsa_sha1("dpf43f3p2l4k3l03", key);
    assert_eq!(
        consumer.sign(A1_BASE_STRING, None).expect("signs"),
        A1_SIGNATURE
    );
}

#[test]
fn a1_wiki_rsa_sha1_signature_with_the_pkcs1_key() {
    let key = PrivateKey::from_pem(include_str!("fixtures/wiki_pkcs1.pem")).expect("loads");
    let consumer = Consumer::rsa_sha1("dpf43f3p2l4k3l03", key);
    assert_eq!(
        consumer.sign(A1_BASE_STRING, None).expect("signs"),
        A1_SIGNATURE
    );
}

#[test]
fn a1_both_key_forms_are_the_same_key() {
    let pkcs8 = PrivateKey::from_pem(include_str!("fixtures/wiki_pkcs8.pem")).expect("loads");
    let pkcs1 = PrivateKey::from_pem(include_str!("fixtures/wiki_pkcs1.pem")).expect("loads");
    assert_eq!(pkcs8.public_key(), pkcs1.public_key());
    assert_eq!(pkcs8.bits(), 1024);
}

#[test]
fn a1_the_signature_verifies_with_the_public_key() {
    let public =
        oauth1::PublicKey::from_pem(include_str!("fixtures/wiki_public.pem")).expect("loads");
    assert!(public.verify_rsa_sha1(A1_BASE_STRING.as_bytes(), A1_SIGNATURE));
    assert!(!public.verify_rsa_sha1(b"another message", A1_SIGNATURE));
}

const A2_NORMALIZED: &str = "a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9djdj82h48djs9d2&oauth_nonce=7d8f3e4a&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7";
const A2_BASE_STRING: &str = "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7";
const A2_SIGNATURE: &str = "mFY2KOEnlYWsTvUA+5kxuBIcvBYXu+ljw9ttVJQxKduMueGSVPCB1tK1PlqVLK738HK0t19ecBJfb6rMxUwrriw+MlBO+jpojkZIWccw1J4cAb4qu4M81DbpUAq4j/1w/QyTR4TWCODlEfN7Zfgy8+pf+TjiXfIwRC1jEWbuL1E=";

/// The RFC 5849 section 3.4.1 example request, its header parsed the way a server would.
fn a2_parameters() -> (Url, Vec<(String, String)>) {
    let url = url("http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b");
    let header = r#"OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", oauth_token="kkk9d7dh3k39sjv7", oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131201", oauth_nonce="7d8f3e4a", oauth_signature="djosJKDKJSD8743243%2Fjdk33klY%3D""#;
    let params = oauth1::parse_authorization(header).expect("the header parses");
    (url, params)
}

#[test]
fn a2_rfc5849_normalized_parameters() {
    let (url, header_params) = a2_parameters();
    let protocol: Vec<(&str, &str)> = header_params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let collected = oauth1::collect_parameters(&url, &protocol, Some(b"c2&a3=2+q"));
    assert_eq!(normalize_parameters(collected), A2_NORMALIZED);
}

#[test]
fn a2_rfc5849_base_string_skips_realm_and_signature() {
    let (url, header_params) = a2_parameters();
    let protocol: Vec<(&str, &str)> = header_params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        signature_base_string("POST", &url, &protocol, Some(b"c2&a3=2+q")),
        A2_BASE_STRING
    );
}

#[test]
fn a2_rfc5849_rsa_sha1_signature() {
    let key = PrivateKey::from_pem(include_str!("fixtures/rfc5849_pkcs1.pem")).expect("loads");
    let consumer = Consumer::rsa_sha1("9djdj82h48djs9d2", key);
    assert_eq!(
        consumer.sign(A2_BASE_STRING, None).expect("signs"),
        A2_SIGNATURE
    );
}

#[test]
fn a2_a_full_header_round_trip_reproduces_the_base_string() {
    let key = PrivateKey::from_pem(include_str!("fixtures/rfc5849_pkcs1.pem")).expect("loads");
    let public = key.public_key();
    let consumer = Consumer::rsa_sha1("9djdj82h48djs9d2", key).with_realm("Example");
    let token = oauth1::Token::new("kkk9d7dh3k39sjv7", "unused-by-rsa");
    let (url, _) = a2_parameters();
    let request = oauth1::RequestParts::new("POST", &url).with_form_body(b"c2&a3=2+q");
    let header = consumer
        .authorization_with(request, Some(&token), &[], "7d8f3e4a", "137131201")
        .expect("signs");

    let params = oauth1::parse_authorization(&header).expect("parses");
    let signature = params
        .iter()
        .find(|(k, _)| k == "oauth_signature")
        .map(|(_, v)| v.clone())
        .expect("signed");
    let protocol: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let base = signature_base_string("POST", &url, &protocol, Some(b"c2&a3=2+q"));
    assert!(base.starts_with("POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b"));
    assert!(public.verify_rsa_sha1(base.as_bytes(), &signature));
}

#[test]
fn a3_percent_encoding() {
    let cases = [
        ("abcABC123", "abcABC123"),
        ("-._~", "-._~"),
        ("%", "%25"),
        ("+", "%2B"),
        ("&=*", "%26%3D%2A"),
        ("\u{000A}", "%0A"),
        ("\u{0020}", "%20"),
        ("\u{007F}", "%7F"),
        ("\u{0080}", "%C2%80"),
        ("\u{3001}", "%E3%80%81"),
    ];
    for (input, expected) in cases {
        assert_eq!(percent_encode(input), expected, "encoding {input:?}");
    }
}

#[test]
fn a3_normalization() {
    let cases = [
        ("name", "name="),
        ("a=b", "a=b"),
        ("a=b&c=d", "a=b&c=d"),
        ("a=x!y&a=x+y", "a=x%20y&a=x%21y"),
        ("x!y=a&x=a", "x=a&x%21y=a"),
    ];
    for (query, expected) in cases {
        let params = oauth1::form_decode(query.as_bytes());
        assert_eq!(
            normalize_parameters(params),
            expected,
            "normalizing {query:?}"
        );
    }
}

#[test]
fn a3_base_strings_of_a_missing_and_an_empty_path_agree() {
    for target in ["http://example.com/?n=v", "http://example.com?n=v"] {
        assert_eq!(
            signature_base_string("GET", &url(target), &[], None),
            "GET&http%3A%2F%2Fexample.com%2F&n%3Dv",
            "{target}"
        );
    }
}

#[test]
fn a3_base_string_of_a_request_token_request_drops_the_signature() {
    let target = url(
        "https://photos.example.net/request_token?oauth_version=1.0&oauth_consumer_key=dpf43f3p2l4k3l03&oauth_timestamp=1191242090&oauth_nonce=hsu94j3884jdopsl&oauth_signature_method=PLAINTEXT&oauth_signature=ignored",
    );
    // Parameters sent in the query are signed like any other, but oauth_signature never is.
    let query_params = oauth1::form_decode(target.query().unwrap_or_default().as_bytes());
    let protocol: Vec<(&str, &str)> = query_params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut bare = target.clone();
    bare.set_query(None);
    assert_eq!(
        signature_base_string("POST", &bare, &protocol, None),
        "POST&https%3A%2F%2Fphotos.example.net%2Frequest_token&oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3Dhsu94j3884jdopsl%26oauth_signature_method%3DPLAINTEXT%26oauth_timestamp%3D1191242090%26oauth_version%3D1.0"
    );
}

#[test]
fn a3_base_string_uris() {
    let cases = [
        (
            "http://EXAMPLE.COM:80/r v/X?id=123",
            "http://example.com/r%20v/X",
        ),
        (
            "https://www.example.net:8080/?q=1",
            "https://www.example.net:8080/",
        ),
        ("HTTP://www.example.com:443/", "http://www.example.com:443/"),
        ("https://www.example.com:443/", "https://www.example.com/"),
        ("http://www.example.com", "http://www.example.com/"),
    ];
    for (input, expected) in cases {
        assert_eq!(base_string_uri(&url(input)), expected, "{input}");
    }
}

#[test]
fn a3_hmac_sha1_wiki_photos_example() {
    let base = "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3Dkllo9940pd9333jh%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1191242096%26oauth_token%3Dnnch734d00sl2jdk%26oauth_version%3D1.0%26size%3Doriginal";
    let consumer = Consumer::hmac_sha1("dpf43f3p2l4k3l03", "kd94hf93k423kf44");
    assert_eq!(
        consumer
            .sign(base, Some("pfkkdhi9sl3r4s00"))
            .expect("signs"),
        "tR3+Ty81lMeYAr/Fid0kMTYa/WM="
    );
}

#[test]
fn a3_hmac_sha1_with_and_without_a_token_secret() {
    let consumer = Consumer::hmac_sha1("key", "cs");
    assert_eq!(
        consumer.sign("bs", None).expect("signs"),
        "egQqG5AJep5sJ7anhXju1unge2I="
    );
    assert_eq!(
        consumer.sign("bs", Some("ts")).expect("signs"),
        "VZVjXceV7JgPq/dOTnNmEfO0Fv8="
    );
}
