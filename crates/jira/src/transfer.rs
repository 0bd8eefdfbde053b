//! Files in and out of Jira without holding them in memory: attachments are uploaded as a
//! streamed multipart part and downloaded chunk by chunk into a temporary file that is renamed
//! into place once complete.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use futures_util::StreamExt as _;
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use tokio::io::AsyncWriteExt as _;
use url::Url;

use crate::Error;
use crate::error::Repr;

/// A multipart form whose `file` part streams the file at `path`, as Jira's attachment
/// resource expects.
pub(crate) async fn upload_form(path: &Path, filename: &str) -> Result<Form, Error> {
    let file = tokio::fs::File::open(path)
        .await
        .map_err(|error| file_error("cannot read", path, &error))?;
    let length = file
        .metadata()
        .await
        .map_err(|error| file_error("cannot read", path, &error))?
        .len();
    let body = reqwest::Body::wrap_stream(tokio_util::io::ReaderStream::new(file));
    let part = Part::stream_with_length(body, length)
        .file_name(filename.to_owned())
        .mime_str(mime_type(filename))
        .map_err(|error| Error::from(Repr::Invalid(format!("attachment `{filename}`: {error}"))))?;
    Ok(Form::new().part("file", part))
}

/// Streams `response`'s body into `destination`; see [`Client::send_to_file`](crate::Client::send_to_file).
pub(crate) async fn stream_to_file(
    method: &Method,
    url: &Url,
    response: reqwest::Response,
    destination: &Path,
) -> Result<u64, Error> {
    let partial = partial_path(destination);
    let outcome = copy_body(method, url, response, &partial).await;
    match outcome {
        Ok(written) => {
            tokio::fs::rename(&partial, destination)
                .await
                .map_err(|error| file_error("cannot write", destination, &error))?;
            Ok(written)
        }
        Err(error) => {
            let _ = tokio::fs::remove_file(&partial).await;
            Err(error)
        }
    }
}

async fn copy_body(
    method: &Method,
    url: &Url,
    response: reqwest::Response,
    partial: &Path,
) -> Result<u64, Error> {
    let mut file = tokio::fs::File::create(partial)
        .await
        .map_err(|error| file_error("cannot write", partial, &error))?;
    let mut written = 0u64;
    let mut chunks = response.bytes_stream();
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.map_err(|error| crate::client::transport_error(method, url, &error))?;
        file.write_all(&chunk)
            .await
            .map_err(|error| file_error("cannot write", partial, &error))?;
        written += chunk.len() as u64;
    }
    file.flush()
        .await
        .map_err(|error| file_error("cannot write", partial, &error))?;
    file.sync_all()
        .await
        .map_err(|error| file_error("cannot write", partial, &error))?;
    Ok(written)
}

/// A name beside `destination` that no other download of this process uses.
fn partial_path(destination: &Path) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let mut name = destination
        .file_name()
        .map(|name| name.to_os_string())
        .unwrap_or_default();
    name.push(format!(
        ".{}-{}.part",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    destination.with_file_name(name)
}

fn file_error(what: &str, path: &Path, error: &std::io::Error) -> Error {
    Error::from(Repr::File(format!("{what} {}: {error}", path.display())))
}

/// The media type Jira records for an upload, from the file name's extension.
fn mime_type(filename: &str) -> &'static str {
    let extension = filename
        .rsplit_once('.')
        .map(|(_, extension)| extension.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "txt" | "log" => "text/plain",
        "csv" => "text/csv",
        "json" => "application/json",
        "xml" => "application/xml",
        "html" | "htm" => "text/html",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "zip" => "application/zip",
        "gz" => "application/gzip",
        _ => "application/octet-stream",
    }
}
