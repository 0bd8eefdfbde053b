//! RFC 5849 section 3.6 percent-encoding, and form decoding of query strings and bodies.

use std::fmt::Write as _;

/// Percent-encodes `input` as RFC 5849 section 3.6 requires: every byte of its UTF-8 form except
/// the unreserved `A-Z a-z 0-9 - . _ ~` becomes `%XX` with uppercase hex. A space is `%20`, never `+`.
///
/// ```
/// assert_eq!(oauth1::percent_encode("a b&c~"), "a%20b%26c~");
/// assert_eq!(oauth1::percent_encode("\u{3001}"), "%E3%80%81");
/// ```
pub fn percent_encode(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for byte in input.bytes() {
        if is_unreserved(byte) {
            out.push(char::from(byte));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

/// Decodes a `%XX`-encoded string. Unlike form decoding, `+` stays a plus sign, which is what
/// RFC 5849 section 3.5.1 wants for the values of an `Authorization: OAuth` header.
///
/// Returns `None` when a `%` is not followed by two hex digits or the result is not UTF-8.
pub fn percent_decode(input: &str) -> Option<String> {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            // `from_str_radix` alone would also take a sign: "%+e" is not an escape.
            let hex = bytes
                .get(i + 1..i + 3)
                .filter(|hex| hex.iter().all(u8::is_ascii_hexdigit))?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Decodes an `application/x-www-form-urlencoded` string (a query string or a form body) into
/// its name/value pairs, in order, duplicates kept. `+` decodes to a space and a name without
/// `=` gets an empty value, as RFC 5849 section 3.4.1.3.1 asks.
pub fn form_decode(input: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(input)
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_rejects_truncated_escapes() {
        assert_eq!(percent_decode("abc%2"), None);
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%FF"), None, "a lone 0xFF byte is not UTF-8");
    }

    #[test]
    fn decode_rejects_signed_escapes() {
        // Found by the `oauth_header` fuzz target: "%+e" decoded to U+000E.
        assert_eq!(percent_decode("\0\u{e}\n%+ee\ne"), None);
        assert_eq!(percent_decode("%+F"), None);
        assert_eq!(percent_decode("%-0"), None);
        assert_eq!(
            crate::parse_authorization(r#"OAuth oauth_token="%+4""#),
            None
        );
    }

    #[test]
    fn decode_keeps_plus_signs() {
        assert_eq!(percent_decode("a+b%20c").as_deref(), Some("a+b c"));
    }

    #[test]
    fn form_decoding_turns_plus_into_space_and_keeps_duplicates() {
        assert_eq!(
            form_decode(b"c2&a3=2+q&a3=a"),
            vec![
                ("c2".to_owned(), String::new()),
                ("a3".to_owned(), "2 q".to_owned()),
                ("a3".to_owned(), "a".to_owned()),
            ]
        );
    }
}
