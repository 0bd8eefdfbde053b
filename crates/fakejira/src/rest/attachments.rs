//! Attachments: `POST /issue/{idOrKey}/attachments` (multipart/form-data, part `file`, header
//! `X-Atlassian-Token: no-check`), `GET|DELETE /attachment/{id}`, `GET /attachment/meta`, and
//! the bytes at `{context}/secure/attachment/{id}/{filename}`.

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::issue_parts_json::attachment_json;
use super::{Call, RestError, no_content, ok};
use crate::auth::{self, NOT_AUTHENTICATED};
use crate::data::{Attachment, ChangeItem, unix_now};
use crate::dispatch::MAX_ATTACHMENT_BYTES;
use crate::exchange::{App, Handled, Incoming, error_messages, json_response};

/// Where attachment bytes are served, below the context path.
pub(crate) const ATTACHMENT_CONTENT_PREFIX: &str = "/secure/attachment/";

/// One part of a multipart body; `data` shares the body's buffer.
struct Part {
    name: Option<String>,
    filename: Option<String>,
    content_type: Option<String>,
    data: Bytes,
}

/// The value of `key="…"` (or `key=…`) in a header such as `Content-Disposition`.
fn header_param(value: &str, key: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|param| {
        let (name, found) = param.trim().split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case(key)
            .then(|| found.trim().trim_matches('"').to_owned())
    })
}

fn parse_part(body: &Bytes, start: usize, end: usize) -> Option<Part> {
    let raw = &body[start..end];
    let header_end = memchr::memmem::find(raw, b"\r\n\r\n")?;
    let headers = std::str::from_utf8(&raw[..header_end]).ok()?;
    let mut part = Part {
        name: None,
        filename: None,
        content_type: None,
        data: body.slice(start + header_end + 4..end),
    };
    for line in headers.split("\r\n") {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        if name.trim().eq_ignore_ascii_case("content-disposition") {
            part.name = header_param(value, "name");
            part.filename = header_param(value, "filename");
        } else if name.trim().eq_ignore_ascii_case("content-type") {
            part.content_type = Some(value.trim().to_owned());
        }
    }
    Some(part)
}

/// Splits a `multipart/form-data` body into its parts.
fn parse_multipart(content_type: &str, body: &Bytes) -> Result<Vec<Part>, String> {
    let boundary = header_param(content_type, "boundary")
        .filter(|_| {
            content_type
                .trim()
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        })
        .ok_or("The request must be multipart/form-data with a boundary.")?;
    let delimiter = format!("\r\n--{boundary}");
    let finder = memchr::memmem::Finder::new(delimiter.as_bytes());
    // The first delimiter may open the body without the leading CRLF.
    let mut cursor = memchr::memmem::find(body, &delimiter.as_bytes()[2..])
        .ok_or("The multipart body has no parts.")?
        + delimiter.len()
        - 2;
    let mut parts = Vec::new();
    while body.get(cursor..cursor + 2) == Some(b"\r\n".as_slice()) {
        let start = cursor + 2;
        let end = finder
            .find(&body[start..])
            .map(|offset| start + offset)
            .ok_or("The multipart body is not terminated.")?;
        parts.push(parse_part(body, start, end).ok_or("A multipart part has malformed headers.")?);
        cursor = end + delimiter.len();
    }
    Ok(parts)
}

fn guess_mime(filename: &str) -> &'static str {
    let extension = filename
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase());
    match extension.as_deref() {
        Some("txt" | "log") => "text/plain",
        Some("json") => "application/json",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("pdf") => "application/pdf",
        Some("zip") => "application/zip",
        Some("csv") => "text/csv",
        Some("html" | "htm") => "text/html",
        Some("xml") => "application/xml",
        _ => "application/octet-stream",
    }
}

/// Jira's XSRF refusal: plain text, as its servlet filter sends it.
fn xsrf_failed() -> Response {
    let mut response = (StatusCode::FORBIDDEN, "XSRF check failed").into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain;charset=UTF-8"),
    );
    response
}

/// The request's multipart parts named `file`; a 400 when there is none.
fn file_parts(call: &Call<'_>) -> Result<Vec<Part>, RestError> {
    let content_type = call
        .incoming
        .header(header::CONTENT_TYPE)
        .unwrap_or_default();
    let parts =
        parse_multipart(content_type, &call.incoming.body).map_err(RestError::bad_request)?;
    let files: Vec<Part> = parts
        .into_iter()
        .filter(|part| part.name.as_deref() == Some("file"))
        .collect();
    if files.is_empty() {
        return Err(RestError::bad_request(
            "The request has no 'file' part: send each file as a multipart/form-data part named 'file'.",
        ));
    }
    Ok(files)
}

/// `POST /issue/{idOrKey}/attachments` → 200 with the new attachments.
pub(super) fn upload(call: &Call<'_>) -> Result<Response, RestError> {
    let token = call
        .incoming
        .headers
        .get("X-Atlassian-Token")
        .and_then(|value| value.to_str().ok());
    if !token.is_some_and(|value| {
        value.eq_ignore_ascii_case("no-check") || value.eq_ignore_ascii_case("nocheck")
    }) {
        return Ok(xsrf_failed());
    }
    call.path_issue(&call.app.lock())?;
    let files = file_parts(call)?;
    let mut state = call.app.lock();
    let now = unix_now();
    let mut created = Vec::new();
    for part in files {
        let filename = part
            .filename
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| "attachment".to_owned());
        let attachment = Attachment {
            id: state.catalog.next_id("attachment"),
            mime_type: part
                .content_type
                .unwrap_or_else(|| guess_mime(&filename).to_owned()),
            filename,
            author: call.user.clone(),
            created: now,
            bytes: part.data,
        };
        let issue = call.path_issue_mut(&mut state)?;
        issue.attachments.push(attachment.clone());
        let issue_id = issue.id;
        state.catalog.record(
            issue_id,
            call.user.as_deref(),
            now,
            ChangeItem {
                field: "Attachment".to_owned(),
                fieldtype: "jira",
                from: None,
                from_string: None,
                to: Some(attachment.id.to_string()),
                to_string: Some(attachment.filename.clone()),
            },
        );
        created.push(attachment_json(&call.app.settings, &attachment));
    }
    Ok(ok(&Value::Array(created)))
}

fn attachment_id(call: &Call<'_>) -> Result<u64, RestError> {
    let id = call.param("id");
    id.parse()
        .map_err(|_| RestError::not_found(format!("The attachment with id '{id}' does not exist.")))
}

/// `GET /attachment/{id}` → the attachment's metadata.
pub(super) fn get(call: &Call<'_>) -> Result<Response, RestError> {
    let id = attachment_id(call)?;
    let state = call.app.lock();
    let (_, attachment) = state.catalog.attachment(id).ok_or_else(|| {
        RestError::not_found(format!("The attachment with id '{id}' does not exist."))
    })?;
    Ok(ok(&attachment_json(&call.app.settings, attachment)))
}

/// `DELETE /attachment/{id}` → 204; the uploader or an administrator.
pub(super) fn delete(call: &Call<'_>) -> Result<Response, RestError> {
    let id = attachment_id(call)?;
    let mut state = call.app.lock();
    let (issue, attachment) = state.catalog.attachment(id).ok_or_else(|| {
        RestError::not_found(format!("The attachment with id '{id}' does not exist."))
    })?;
    if !super::authored::may_change(call, &state, attachment.author.as_deref()) {
        return Err(RestError::forbidden(format!(
            "You do not have permission to delete attachment with id '{id}'."
        )));
    }
    let (issue_id, filename) = (issue.id, attachment.filename.clone());
    if let Some(issue) = state.catalog.issue_by_id_mut(issue_id) {
        issue.attachments.retain(|attachment| attachment.id != id);
    }
    state.catalog.record(
        issue_id,
        call.user.as_deref(),
        unix_now(),
        ChangeItem {
            field: "Attachment".to_owned(),
            fieldtype: "jira",
            from: Some(id.to_string()),
            from_string: Some(filename),
            to: None,
            to_string: None,
        },
    );
    Ok(no_content())
}

/// `GET /attachment/meta` → `{enabled, uploadLimit}`.
pub(super) fn meta(_call: &Call<'_>) -> Result<Response, RestError> {
    Ok(ok(
        &json!({ "enabled": true, "uploadLimit": MAX_ATTACHMENT_BYTES }),
    ))
}

/// `GET {context}/secure/attachment/{id}/{filename}`: the bytes, to authenticated users only
/// (anonymous callers get Jira's 401 JSON body rather than its login page).
pub(crate) fn attachment_content(app: &App, incoming: &Incoming, resource: &str) -> Handled {
    let caller = match auth::authenticate(app, incoming) {
        Ok(caller) => caller,
        Err(refusal) => return *refusal,
    };
    if caller.user.is_none() {
        return Handled::new(
            error_messages(StatusCode::UNAUTHORIZED, NOT_AUTHENTICATED),
            caller.auth,
            "unauthenticated",
        );
    }
    let id = resource
        .split('/')
        .next()
        .and_then(|id| id.parse::<u64>().ok());
    let found = id.and_then(|id| {
        app.lock()
            .catalog
            .attachment(id)
            .map(|(_, attachment)| attachment.clone())
    });
    let Some(attachment) = found else {
        let error = json!({ "errorMessages": ["The attachment does not exist."], "errors": {} });
        return Handled::new(
            json_response(StatusCode::NOT_FOUND, &error),
            caller.auth,
            "not found",
        );
    };
    let mut response = Response::new(Body::from(attachment.bytes.clone()));
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&attachment.mime_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(
        header::CONTENT_LENGTH,
        HeaderValue::from(attachment.bytes.len()),
    );
    if let Ok(value) = HeaderValue::from_str(&format!(
        "attachment; filename*=UTF-8''{}",
        oauth1::percent_encode(&attachment.filename)
    )) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Handled::new(response, caller.auth, "ok")
}
