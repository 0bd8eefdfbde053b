//! Attachments: the XSRF header, multipart uploads of large files, metadata, the content URL
//! and deletion rights.

use crate::common;

use common::*;
use serde_json::Value;

const BOUNDARY: &str = "----fakejira-test-boundary";

/// Deterministic bytes that are not all alike, so a shifted or truncated copy cannot pass.
fn payload(len: usize) -> Vec<u8> {
    let mut state: u32 = 0x1234_5678;
    (0..len)
        .map(|_| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (state >> 24) as u8
        })
        .collect()
}

fn multipart(files: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\nignored\r\n"
        )
        .as_bytes(),
    );
    for (name, filename, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn upload(
    jira: &fakejira::Running,
    user: (&str, &str),
    token: Option<&str>,
    body: Vec<u8>,
) -> (u16, String) {
    let mut request = client()
        .post(api(jira, "issue/ABC-1/attachments"))
        .basic_auth(user.0, Some(user.1))
        .header(
            "Content-Type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body);
    if let Some(token) = token {
        request = request.header("X-Atlassian-Token", token);
    }
    let response = request.send().await.expect("answered");
    (
        response.status().as_u16(),
        response.text().await.expect("a body"),
    )
}

#[tokio::test]
async fn uploads_need_the_xsrf_header() {
    let jira = start(team_builder(2)).await;
    let (status, body) = upload(
        &jira,
        (USER, PASSWORD),
        None,
        multipart(&[("file", "a.txt", b"hi")]),
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(body, "XSRF check failed");
    let (status, body) = upload(
        &jira,
        (USER, PASSWORD),
        Some("no-check"),
        multipart(&[("other", "a.txt", b"hi")]),
    )
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("'file'"), "{body}");
    assert!(
        get_json(&jira, "issue/ABC-1?fields=attachment").await["fields"]["attachment"]
            .as_array()
            .expect("attachments")
            .is_empty()
    );
}

#[tokio::test]
async fn large_files_upload_and_download_byte_for_byte() {
    let jira = start(team_builder(2)).await;
    let big = payload(20 * 1024 * 1024 + 7);
    let small = b"--not a boundary\r\n\r\nline".to_vec();
    let body = multipart(&[("file", "dump.bin", &big), ("file", "notes.txt", &small)]);
    let (status, text) = upload(&jira, (USER, PASSWORD), Some("no-check"), body).await;
    assert_eq!(status, 200, "{text}");
    let created: Value = serde_json::from_str(&text).expect("JSON");
    let created = created.as_array().expect("an array");
    assert_eq!(created.len(), 2);
    assert_eq!(created[0]["filename"], "dump.bin");
    assert_eq!(created[0]["size"], big.len());
    assert_eq!(created[0]["author"]["name"], USER);
    assert_eq!(created[1]["size"], small.len());
    let content = created[0]["content"].as_str().expect("a content URL");
    let id = created[0]["id"].as_str().expect("an id");
    assert_eq!(
        content,
        format!("{}secure/attachment/{id}/dump.bin", jira.url())
    );

    let response = basic(client().get(content)).send().await.expect("answered");
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-length"],
        big.len().to_string().as_str()
    );
    assert_eq!(
        response.headers()["content-type"],
        "application/octet-stream"
    );
    let downloaded = response.bytes().await.expect("the bytes");
    assert!(
        downloaded.as_ref() == big.as_slice(),
        "the download differs from the upload"
    );
    let notes = basic(client().get(created[1]["content"].as_str().expect("a URL")))
        .send()
        .await
        .expect("answered")
        .bytes()
        .await
        .expect("the bytes");
    assert_eq!(notes.as_ref(), small.as_slice());

    let anonymous = client().get(content).send().await.expect("answered");
    assert_eq!(anonymous.status(), 401);

    let meta = get_json(&jira, &format!("attachment/{id}")).await;
    assert_eq!(meta["filename"], "dump.bin");
    let listed = get_json(&jira, "issue/ABC-1?fields=attachment").await;
    assert_eq!(
        listed["fields"]["attachment"]
            .as_array()
            .expect("attachments")
            .len(),
        2
    );
    let settings = get_json(&jira, "attachment/meta").await;
    assert_eq!(settings["enabled"], true);
    assert!(settings["uploadLimit"].as_u64().expect("a limit") >= 100 * 1024 * 1024);
}

#[tokio::test]
async fn only_the_uploader_or_an_administrator_deletes() {
    let jira = start(team_builder(2)).await;
    let (_, text) = upload(
        &jira,
        (USER, PASSWORD),
        Some("no-check"),
        multipart(&[("file", "a.txt", b"alice")]),
    )
    .await;
    let alices: Value = serde_json::from_str(&text).expect("JSON");
    let (_, text) = upload(
        &jira,
        (BOB, BOB_PASSWORD),
        Some("no-check"),
        multipart(&[("file", "b.txt", b"bob")]),
    )
    .await;
    let bobs: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(bobs[0]["mimeType"], "application/octet-stream");
    let path = |value: &Value| format!("attachment/{}", value[0]["id"].as_str().expect("an id"));

    let (status, body) = user_call(&jira, "DELETE", &path(&alices), None).await;
    assert_eq!(status, 403);
    assert!(
        body["errorMessages"][0]
            .as_str()
            .expect("a message")
            .contains("permission")
    );
    assert_eq!(user_call(&jira, "DELETE", &path(&bobs), None).await.0, 204);
    assert_eq!(
        admin_call(&jira, "DELETE", &path(&alices), None).await.0,
        204
    );
    assert_eq!(admin_call(&jira, "GET", &path(&alices), None).await.0, 404);
    let issue = get_json(&jira, "issue/ABC-1?fields=attachment&expand=changelog").await;
    assert!(
        issue["fields"]["attachment"]
            .as_array()
            .expect("attachments")
            .is_empty()
    );
    let fields: Vec<&str> = issue["changelog"]["histories"]
        .as_array()
        .expect("histories")
        .iter()
        .map(|history| history["items"][0]["field"].as_str().expect("a field"))
        .collect();
    assert_eq!(fields, ["Attachment"; 4]);
}
