//! Cloud's search (`search/jql`): pages follow `nextPageToken`, one at a time.

use futures_util::stream::{self, BoxStream, StreamExt};
use reqwest::Method;

use super::page_reader::fetch;
use super::{Decoding, SearchOptions, SearchPage, truncate};
use crate::client::Client;
use crate::{ApiRequest, Error};

pub(super) fn cloud_pages<T: Send + 'static>(
    client: Client,
    jql: String,
    options: SearchOptions,
    decoding: Decoding<T>,
) -> BoxStream<'static, Result<SearchPage<T>, Error>> {
    let limit = options.limit.unwrap_or(u64::MAX);
    let state = (Some(None::<String>), 0u64);
    stream::try_unfold(state, move |(token, seen)| {
        let client = client.clone();
        let jql = jql.clone();
        let options = options.clone();
        async move {
            let Some(token) = token else {
                return Ok(None);
            };
            if seen >= limit {
                return Ok(None);
            }
            let max = options.page_size.min(limit - seen).to_string();
            let fields = options.fields.as_ref().map(|fields| fields.join(","));
            let mut query = vec![("jql", jql.as_str()), ("maxResults", max.as_str())];
            if let Some(token) = &token {
                query.push(("nextPageToken", token));
            }
            if let Some(fields) = &fields {
                query.push(("fields", fields));
            }
            let request = ApiRequest::new(Method::GET, "search/jql").queries(query);
            let (mut page, is_last) =
                fetch(&client, request, seen, options.page_size, decoding).await?;
            let is_last = is_last.unwrap_or(true);
            truncate(&mut page, limit - seen);
            let next = match (&page.next_page_token, is_last || page.issues.is_empty()) {
                (Some(token), false) => Some(Some(token.clone())),
                _ => None,
            };
            let seen = seen + page.issues.len() as u64;
            Ok(Some((page, (next, seen))))
        }
    })
    .boxed()
}
