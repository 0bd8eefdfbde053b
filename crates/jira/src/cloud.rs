//! What Atlassian Cloud tells outside its REST API: the cloud id a site gives at
//! `/_edge/tenant_info`, and the API gateway address (`{api}/ex/jira/{cloud id}/`) that scoped
//! API tokens and OAuth 2.0 tokens must use instead of the site's own.

use serde_json::Value;
use url::Url;

use oauth1::Secret;

use crate::Client;
use crate::error::{Error, Repr};

/// Atlassian's API gateway.
pub const API_GATEWAY: &str = crate::oauth2::CLOUD_API_URL;

/// Where the gateway `api` serves the REST API of the site `cloud_id`.
pub fn gateway_url(api: &str, cloud_id: &str) -> Result<Url, Error> {
    let api = Url::parse(api).map_err(|error| {
        Error::from(Repr::Config(format!(
            "`{api}` is not a URL for Atlassian's API gateway: {error}"
        )))
    })?;
    crate::oauth2::join(&api, &format!("ex/jira/{cloud_id}/"))
}

/// The cloud id of the site at `site`, as its `/_edge/tenant_info` tells anyone who asks.
pub async fn cloud_id(client: &Client, site: &Url) -> Result<String, Error> {
    let url = crate::oauth2::join(site, "_edge/tenant_info")?;
    let answer = get_json(client, &url, None).await?;
    answer
        .get("cloudId")
        .and_then(Value::as_str)
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| {
            Error::from(Repr::Invalid(format!(
                "GET {url} gave no cloudId: is {site} an Atlassian Cloud site (https://NAME.atlassian.net)?"
            )))
        })
}

/// `GET url` outside the REST API (with `bearer` when given), decoded as JSON; an error status
/// is an [`Error`] as for REST calls.
pub(crate) async fn get_json(
    client: &Client,
    url: &Url,
    bearer: Option<&Secret>,
) -> Result<Value, Error> {
    let method = reqwest::Method::GET;
    let started = std::time::Instant::now();
    let mut request = client
        .http()
        .get(url.clone())
        .header(reqwest::header::ACCEPT, "application/json");
    if let Some(token) = bearer {
        request = request.bearer_auth(token.expose());
    }
    let response = request
        .send()
        .await
        .map_err(|error| crate::client::transport_error(&method, url, &error))?;
    let status = response.status();
    client.observe(&method, url, Some(status), 1, started, None);
    let body = response
        .bytes()
        .await
        .map_err(|error| crate::client::transport_error(&method, url, &error))?;
    if !status.is_success() {
        return Err(Error::from_status(
            method.as_str(),
            url.to_string(),
            status.as_u16(),
            &body,
        ));
    }
    serde_json::from_slice(&body)
        .map_err(|error| Error::undecodable(method.as_str(), url.to_string(), error, None, &body))
}
