//! The HTML pages a browser sees (the OAuth 1.0a and OAuth 2.0 consent pages, their errors):
//! one look, one escaping.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// A whole page titled `title` around `content` (HTML, already escaped).
pub(crate) fn page(title: &str, content: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title} - fakejira</title></head>\n\
         <body><h1>{title}</h1>\n{content}\n</body></html>\n"
    )
}

/// An HTML response.
pub(crate) fn html(status: StatusCode, body: &str) -> Response {
    let mut response = (status, body.to_owned()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html;charset=UTF-8"),
    );
    response
}

/// `text` safe inside HTML text and attribute values.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The Allow/Deny form of a consent page: it posts to `action` (absent: the page's own URL)
/// with the `hidden` fields, a `user` field pre-filled with `default_user`, and the buttons
/// `approve=Allow` and `deny=Deny`.
pub(crate) fn consent_form(
    action: Option<&str>,
    hidden: &[(String, String)],
    default_user: &str,
) -> String {
    let action = action
        .map(|action| format!(" action=\"{}\"", escape(action)))
        .unwrap_or_default();
    let fields: String = hidden
        .iter()
        .map(|(name, value)| {
            format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">\n",
                escape(name),
                escape(value)
            )
        })
        .collect();
    format!(
        "<form method=\"post\"{action}>\n{fields}\
         <label>Username <input name=\"user\" value=\"{user}\"></label>\n\
         <button type=\"submit\" name=\"approve\" value=\"Allow\">Allow</button>\n\
         <button type=\"submit\" name=\"deny\" value=\"Deny\">Deny</button>\n\
         </form>",
        user = escape(default_user),
    )
}

/// A 400 page saying what was wrong with an authorization request.
pub(crate) fn error_page(message: &str) -> Response {
    html(
        StatusCode::BAD_REQUEST,
        &page("OAuth error", &format!("<p>{}</p>", escape(message))),
    )
}
