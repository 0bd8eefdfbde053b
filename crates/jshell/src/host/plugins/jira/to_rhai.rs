//! Jira's answers as Rhai values: JSON as maps and arrays, bytes as blobs, and a raw answer as
//! `#{status, headers, body, text}`.

use jira::methods::Answer;
use rhai::{Blob, Dynamic, INT, Map};

use crate::host::convert;

pub(super) fn into_rhai(answer: Answer) -> Dynamic {
    match answer {
        Answer::Json(value) => convert::into_rhai(value),
        Answer::Unit => Dynamic::UNIT,
        Answer::Bytes(bytes) => Dynamic::from_blob(Blob::from(bytes.to_vec())),
        Answer::Raw(raw) => {
            let mut headers = Map::new();
            for (name, value) in raw.headers {
                headers.insert(name.into(), value.into());
            }
            let text = std::str::from_utf8(&raw.body)
                .map_or(Dynamic::UNIT, |text| Dynamic::from(text.to_owned()));
            let mut map = Map::new();
            map.insert("status".into(), Dynamic::from(INT::from(raw.status)));
            map.insert("headers".into(), headers.into());
            map.insert("body".into(), Dynamic::from_blob(raw.body.to_vec()));
            map.insert("text".into(), text);
            map.into()
        }
    }
}
