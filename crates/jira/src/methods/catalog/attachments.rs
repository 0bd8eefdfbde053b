//! Attachments: uploads from local files, their bytes, downloads to local files.

use super::super::spec::{Kind, MethodSpec, Opt, delete, get};
use serde_json::{Value, json};

use super::super::call::segment;
use super::super::{Answer, Invocation};
use super::{ID, Outcome, custom, handled, json, method, rest};
use crate::Error;
use crate::client::Client;
use crate::error::Repr;
use crate::request::ApiRequest;

pub(super) const METHODS: &[MethodSpec] = &[
    method!("add_attachment", Attachments,
        "Uploads a local file as an attachment (streamed, any size; needs `--allow-fs`); `filename` names it in Jira. Returns the attachment.",
        [handled("issue", Kind::Text), handled("attachment", Kind::Text)],
        [Opt::handler("filename", Kind::Text)], custom!(add_attachment),
        touches_files: true),
    method!(
        "attachment",
        Attachments,
        "One attachment's metadata: `filename`, `size`, `mimeType`, `content` (its URL).",
        [ID],
        [],
        rest(get("attachment/{id}"))
    ),
    method!(
        "attachment_meta",
        Attachments,
        "Whether attachments are enabled, and the upload limit in bytes.",
        [],
        [],
        rest(get("attachment/meta"))
    ),
    method!(
        "attachment_content",
        Attachments,
        "An attachment's bytes, as a blob.",
        [handled("id", Kind::Text)],
        [],
        custom!(attachment_content)
    ),
    method!("download_attachment", Attachments,
        "Saves an attachment to a local file (streamed; written to a temporary file and renamed when complete; needs `--allow-fs`). Returns `#{path, size}`.",
        [handled("id", Kind::Text), handled("path", Kind::Text)], [],
        custom!(download_attachment), touches_files: true),
    method!(
        "delete_attachment",
        Attachments,
        "Deletes an attachment.",
        [ID],
        [],
        rest(delete("attachment/{id}"))
    ),
];

async fn add_attachment(client: &Client, call: &Invocation) -> Outcome {
    let path = std::path::PathBuf::from(call.text("attachment"));
    if !path.is_file() {
        return Err(Error::from(Repr::File(format!(
            "jira.add_attachment: {} is not a readable file",
            path.display()
        ))));
    }
    let filename = call.option_text("filename").unwrap_or_else(|| {
        path.file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| "attachment".to_owned())
    });
    let request = ApiRequest::new(
        reqwest::Method::POST,
        format!("issue/{}/attachments", segment(&call.text("issue"))),
    )
    .file(&path, filename);
    json(client.send_json(&request).await?)
}

/// The URL an attachment's bytes are served at.
async fn content_url(client: &Client, call: &Invocation) -> Result<String, Error> {
    let attachment = client
        .get(&format!("attachment/{}", segment(&call.text("id"))), &[])
        .await?;
    attachment
        .get("content")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| call.invalid("Jira's attachment has no `content` URL"))
}

async fn attachment_content(client: &Client, call: &Invocation) -> Outcome {
    let url = content_url(client, call).await?;
    let answer = client
        .send(&ApiRequest::new(reqwest::Method::GET, url))
        .await?;
    Ok(Answer::Bytes(answer.body))
}

async fn download_attachment(client: &Client, call: &Invocation) -> Outcome {
    let url = content_url(client, call).await?;
    let destination = std::path::PathBuf::from(call.text("path"));
    let written = client
        .send_to_file(&ApiRequest::new(reqwest::Method::GET, url), &destination)
        .await?;
    json(json!({ "path": destination.display().to_string(), "size": written }))
}
