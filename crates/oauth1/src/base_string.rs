//! The signature base string of RFC 5849 section 3.4.1: base string URI, parameter collection
//! and normalization.

use url::Url;

use crate::encode::{form_decode, percent_encode};

/// The base string URI of RFC 5849 section 3.4.1.2: scheme and host in lowercase, the port only
/// when it is not the scheme's default, the path (`/` when empty), no query and no fragment.
///
/// ```
/// let url = url::Url::parse("http://EXAMPLE.COM:80/r%20v/X?id=123").unwrap();
/// assert_eq!(oauth1::base_string_uri(&url), "http://example.com/r%20v/X");
/// ```
pub fn base_string_uri(url: &Url) -> String {
    // `Url` already lowercases the scheme and host, drops the scheme's default port and turns an
    // empty path of an http(s) URL into `/`.
    let mut uri = format!("{}://{}", url.scheme(), url.host_str().unwrap_or_default());
    if let Some(port) = url.port() {
        uri.push(':');
        uri.push_str(&port.to_string());
    }
    let path = url.path();
    uri.push_str(if path.is_empty() { "/" } else { path });
    uri
}

/// Normalizes request parameters as RFC 5849 section 3.4.1.3.2 describes: each name and value
/// percent-encoded, sorted by encoded name and then encoded value (byte order, duplicates kept),
/// joined as `name=value` pairs with `&`.
///
/// ```
/// let params = [("a", "x+y"), ("a", "x!y")];
/// assert_eq!(oauth1::normalize_parameters(params), "a=x%21y&a=x%2By");
/// ```
pub fn normalize_parameters<I, K, V>(params: I) -> String
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut encoded: Vec<(String, String)> = params
        .into_iter()
        .map(|(name, value)| {
            (
                percent_encode(name.as_ref()),
                percent_encode(value.as_ref()),
            )
        })
        .collect();
    encoded.sort_unstable();
    let mut out = String::new();
    for (i, (name, value)) in encoded.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
    out
}

/// Collects the parameters RFC 5849 section 3.4.1.3.1 signs: the query string of `url`, the
/// protocol parameters (`oauth_signature` and `realm` are skipped if present), and the body when
/// `form_body` holds an `application/x-www-form-urlencoded` body.
pub fn collect_parameters(
    url: &Url,
    protocol_params: &[(&str, &str)],
    form_body: Option<&[u8]>,
) -> Vec<(String, String)> {
    let mut params = form_decode(url.query().unwrap_or_default().as_bytes());
    params.extend(
        protocol_params
            .iter()
            .filter(|(name, _)| *name != "oauth_signature" && *name != "realm")
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned())),
    );
    if let Some(body) = form_body {
        params.extend(form_decode(body));
    }
    params
}

/// Builds the signature base string: `METHOD&encoded(base string URI)&encoded(normalized params)`.
///
/// `method` is uppercased; `protocol_params` are the `oauth_*` parameters that go in the
/// `Authorization` header; `form_body` is the request body, passed only when its content type is
/// `application/x-www-form-urlencoded`.
///
/// ```
/// let url = url::Url::parse("http://example.com?n=v").unwrap();
/// assert_eq!(
///     oauth1::signature_base_string("get", &url, &[], None),
///     "GET&http%3A%2F%2Fexample.com%2F&n%3Dv",
/// );
/// ```
pub fn signature_base_string(
    method: &str,
    url: &Url,
    protocol_params: &[(&str, &str)],
    form_body: Option<&[u8]>,
) -> String {
    let params = collect_parameters(url, protocol_params, form_body);
    format!(
        "{}&{}&{}",
        percent_encode(&method.to_ascii_uppercase()),
        percent_encode(&base_string_uri(url)),
        percent_encode(&normalize_parameters(params.iter().map(|(k, v)| (k, v)))),
    )
}
