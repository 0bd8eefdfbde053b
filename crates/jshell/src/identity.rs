//! Who the credentials belong to, as Jira's `/myself` tells: the one line the REPL's banner and
//! a login show.

/// `Authenticated as Display Name (name)` from Jira's `/myself` answer (Cloud: the account id).
pub fn authenticated_as(me: &serde_json::Value) -> String {
    let text = |value: Option<&serde_json::Value>| {
        value.and_then(|v| v.as_str()).unwrap_or("?").to_owned()
    };
    format!(
        "Authenticated as {} ({})",
        text(me.get("displayName")),
        text(me.get("name").or_else(|| me.get("accountId")))
    )
}

/// Jira's `/myself` for the client's credentials, through the method table's `myself`.
pub async fn myself(client: &jira::Client) -> Result<serde_json::Value, jira::Error> {
    client.call_json("myself", Vec::new()).await
}

/// The banner's identity line: `myself()` proves the credentials.
pub fn describe(runtime: &tokio::runtime::Runtime, client: &jira::Client) -> String {
    if matches!(client.auth(), jira::Auth::Anonymous) {
        return "anonymous (no credentials: only what Jira shows anonymous users)".to_owned();
    }
    match runtime.block_on(myself(client)) {
        Ok(me) => authenticated_as(&me),
        Err(error) if error.is_auth() => {
            format!("anonymous: the credentials were refused ({error})")
        }
        Err(error) => format!("not verified: {error}"),
    }
}
