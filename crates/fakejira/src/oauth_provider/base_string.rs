//! The signature base string (RFC 5849 section 3.4.1) as the provider rebuilds it, written here
//! rather than borrowed from the `oauth1` client: if both sides shared the code, a bug in it
//! would sign and verify alike and no test would see it.

/// The request as the server sees it.
pub(crate) struct Request<'a> {
    /// The HTTP method.
    pub method: &'a str,
    /// The configured base URL, context path included, e.g. `http://host:8080/jira`.
    pub base_url: &'a str,
    /// The path below the context path, as received (still percent-encoded).
    pub local_path: &'a str,
    /// The query as received, without `?`.
    pub query: Option<&'a str>,
    /// The `Authorization` header's parameters, decoded.
    pub protocol: &'a [(String, String)],
    /// The body, when it is `application/x-www-form-urlencoded`.
    pub form_body: Option<&'a [u8]>,
}

/// `METHOD&URI&PARAMETERS`, each part percent-encoded (section 3.4.1.1).
pub(crate) fn signature_base_string(request: &Request<'_>) -> String {
    [
        request.method.to_ascii_uppercase(),
        encode(&base_string_uri(request.base_url, request.local_path)),
        encode(&normalized_parameters(request)),
    ]
    .join("&")
}

/// Scheme and host in lower case, the port only when it is not the scheme's default, then the
/// path; no query (section 3.4.1.2).
fn base_string_uri(base_url: &str, local_path: &str) -> String {
    let (scheme, rest) = base_url.split_once("://").unwrap_or(("http", base_url));
    let scheme = scheme.to_ascii_lowercase();
    let (authority, context_path) = rest.find('/').map_or((rest, ""), |at| rest.split_at(at));
    // Credentials in the base URL are no part of the base string.
    let authority = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let authority = authority.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => ":443",
        _ => ":80",
    };
    let host = authority.strip_suffix(default_port).unwrap_or(&authority);
    let path = format!("{}{local_path}", context_path.trim_end_matches('/'));
    let path = if path.is_empty() { "/" } else { path.as_str() };
    format!("{scheme}://{host}{path}")
}

/// The query's, the header's (without `realm` and `oauth_signature`) and a form body's
/// parameters, encoded, sorted by name then value, joined with `&` (section 3.4.1.3).
fn normalized_parameters(request: &Request<'_>) -> String {
    let mut pairs: Vec<(String, String)> = Vec::new();
    if let Some(query) = request.query {
        pairs.extend(form_pairs(query.as_bytes()));
    }
    pairs.extend(
        request
            .protocol
            .iter()
            .filter(|(name, _)| name != "realm" && name != "oauth_signature")
            .cloned(),
    );
    if let Some(body) = request.form_body {
        pairs.extend(form_pairs(body));
    }
    let mut encoded: Vec<(String, String)> = pairs
        .iter()
        .map(|(name, value)| (encode(name), encode(value)))
        .collect();
    encoded.sort();
    encoded
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// `application/x-www-form-urlencoded` pairs: `+` is a space, `%XX` a byte; a name without
/// `=` has an empty value.
fn form_pairs(data: &[u8]) -> Vec<(String, String)> {
    data.split(|&byte| byte == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.iter().position(|&byte| byte == b'=') {
            Some(at) => (form_decode(&pair[..at]), form_decode(&pair[at + 1..])),
            None => (form_decode(pair), String::new()),
        })
        .collect()
}

fn form_decode(data: &[u8]) -> String {
    let mut bytes = Vec::with_capacity(data.len());
    let mut index = 0;
    while index < data.len() {
        let byte = data[index];
        let escaped = (byte == b'%')
            .then(|| data.get(index + 1..index + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (byte, escaped) {
            (_, Some(decoded)) => {
                bytes.push(decoded);
                index += 3;
            }
            (b'+', None) => {
                bytes.push(b' ');
                index += 1;
            }
            (other, None) => {
                bytes.push(other);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// RFC 3986 percent-encoding of UTF-8 (section 3.6): only unreserved characters stay, the
/// rest become `%XX` in upper case.
fn encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    fn protocol(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect()
    }

    /// RFC 5849 section 3.4.1.1's example, byte for byte.
    #[test]
    fn the_rfc_example() {
        let header = protocol(&[
            ("realm", "Example"),
            ("oauth_consumer_key", "9djdj82h48djs9d2"),
            ("oauth_token", "kkk9d7dh3k39sjv7"),
            ("oauth_signature_method", "HMAC-SHA1"),
            ("oauth_timestamp", "137131201"),
            ("oauth_nonce", "7d8f3e4a"),
            ("oauth_signature", "bYT5CMsGcbgUdFHObYMEfcx6bsw="),
        ]);
        let request = Request {
            method: "post",
            base_url: "http://example.com",
            local_path: "/request",
            query: Some("b5=%3D%253D&a3=a&c%40=&a2=r%20b"),
            protocol: &header,
            form_body: Some(b"c2&a3=2+q"),
        };
        assert_eq!(
            signature_base_string(&request),
            "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q\
             %26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_\
             key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_m\
             ethod%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk\
             9d7dh3k39sjv7"
        );
    }

    #[test]
    fn the_uri_keeps_the_context_path_and_drops_default_ports_and_case() {
        assert_eq!(
            base_string_uri("HTTPS://Jira.Example.COM:443/jira", "/rest/api/2/myself"),
            "https://jira.example.com/jira/rest/api/2/myself"
        );
        assert_eq!(
            base_string_uri(
                "http://127.0.0.1:8080",
                "/plugins/servlet/oauth/request-token"
            ),
            "http://127.0.0.1:8080/plugins/servlet/oauth/request-token"
        );
        assert_eq!(
            base_string_uri("https://host:80/", "/a%20b"),
            "https://host:80/a%20b"
        );
        assert_eq!(base_string_uri("http://host:80", ""), "http://host/");
    }

    #[test]
    fn percent_encoding_is_rfc_3986_on_utf8() {
        assert_eq!(encode("a-b._~ Z9"), "a-b._~%20Z9");
        assert_eq!(encode("é=&+*"), "%C3%A9%3D%26%2B%2A");
    }

    #[test]
    fn form_decoding_turns_plus_into_space_and_keeps_bad_escapes() {
        assert_eq!(
            form_pairs(b"a=1+2&b&c=%41%zz&&=v"),
            protocol(&[("a", "1 2"), ("b", ""), ("c", "A%zz"), ("", "v")])
        );
    }

    #[test]
    fn equal_names_sort_by_value() {
        let request = Request {
            method: "GET",
            base_url: "http://h",
            local_path: "/p",
            query: Some("z=1&a=2&a=10"),
            protocol: &[],
            form_body: None,
        };
        assert_eq!(
            signature_base_string(&request),
            "GET&http%3A%2F%2Fh%2Fp&a%3D10%26a%3D2%26z%3D1"
        );
    }
}
