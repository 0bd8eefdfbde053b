//! The attachment workload: a 50 MiB file uploaded to an issue and downloaded again through
//! jshell, whose peak RSS shows that attachments stream rather than sit in memory; curl
//! uploading the same file is the floor.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::oneshot::isolated;
use super::{Case, CaseId, Check, Client, Context, PAT};

/// The attachment's size.
pub const BYTES: u64 = 50 * 1024 * 1024;
/// The issue the attachment goes to.
const ISSUE: &str = "ABC-1";

/// Writes the file to upload: bytes that do not compress, made without a random source so that
/// every run sends the same file. It is written a chunk at a time: the bench's own peak RSS
/// becomes part of every later child's (see `measure`), so it must stay small.
pub fn prepare(work: &Path) -> Result<PathBuf, String> {
    let path = work.join("attachment.bin");
    let fail = |error: std::io::Error| format!("cannot write {}: {error}", path.display());
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).map_err(fail)?);
    let mut state: u32 = 0x2545_f491;
    let mut chunk = vec![0_u8; 1 << 16];
    let mut left = BYTES;
    while left > 0 {
        let length = chunk.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        for byte in &mut chunk[..length] {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            *byte = state.to_le_bytes()[0];
        }
        file.write_all(&chunk[..length]).map_err(fail)?;
        left -= length as u64;
    }
    file.flush().map_err(fail)?;
    Ok(path)
}

pub fn cases(context: &Context, file: &Path) -> Vec<Case> {
    let upload = format!(
        "jira.add_attachment(\"{ISSUE}\", \"{}\", #{{filename: \"big.bin\"}})[0].size",
        file.display()
    );
    let copy = context.work.join("downloaded.bin");
    let download = format!(
        "let attached = jira.issue(\"{ISSUE}\", #{{fields: \"attachment\"}}).fields.attachment; \
         jira.download_attachment(attached[0].id, \"{}\").size",
        copy.display()
    );
    vec![
        jshell_case(
            context,
            CaseId::JshellUpload,
            "jshell add_attachment, 50 MiB",
            upload,
        ),
        jshell_case(
            context,
            CaseId::JshellDownload,
            "jshell download_attachment, 50 MiB",
            download,
        ),
        curl_upload(context, file),
    ]
}

/// The floor: curl uploading the same file with the PAT; skipped without curl.
fn curl_upload(context: &Context, file: &Path) -> Case {
    let label = "curl -F file=@… (upload only, floor)";
    let Some(curl) = context.curl.clone() else {
        return Case::skipped(
            CaseId::CurlUpload,
            Client::Floor,
            label,
            "PAT",
            "curl is not installed",
        );
    };
    let (url, file) = (
        format!("{}rest/api/2/issue/{ISSUE}/attachments", context.url),
        file.to_owned(),
    );
    Case {
        id: CaseId::CurlUpload,
        client: Client::Floor,
        label: label.to_owned(),
        auth: "PAT",
        command: Box::new(move || {
            let mut command = Command::new(&curl);
            command.args(["-sS", "--fail", "-H"]);
            command.arg(format!("Authorization: Bearer {PAT}"));
            command.args(["-H", "X-Atlassian-Token: no-check", "-F"]);
            command.arg(format!("file=@{};filename=big.bin", file.display()));
            command.arg(&url);
            command
        }),
        stdin: None,
        check: Check::Contains("big.bin"),
        skip: None,
    }
}

fn jshell_case(context: &Context, id: CaseId, label: &str, script: String) -> Case {
    let (jshell, work, url) = (
        context.jshell.clone(),
        context.work.clone(),
        context.url.clone(),
    );
    Case {
        id,
        client: Client::Jshell,
        label: label.to_owned(),
        auth: "PAT",
        command: Box::new(move || {
            let mut command = isolated(&jshell, &work);
            command
                .args(["--server", &url, "--pat", PAT, "--allow-fs"])
                .args(["-e", &script]);
            command
        }),
        stdin: None,
        check: Check::Contains(SIZE_TEXT),
        skip: None,
    }
}

/// What a successful run prints: the attachment's size.
const SIZE_TEXT: &str = "52428800";
