//! `oauth1::OAuthProblem::from_response` on any status, `WWW-Authenticate` header and body
//! never panics, and what it reports is consistent with its input.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Response<'a> {
    status: u16,
    www_authenticate: Option<&'a str>,
    body: &'a [u8],
}

fuzz_target!(|response: Response<'_>| {
    let Some(problem) = oauth1::OAuthProblem::from_response(
        response.status,
        response.www_authenticate,
        response.body,
    ) else {
        return;
    };
    assert_eq!(problem.status, response.status);
    let shown = problem.to_string();
    assert!(
        shown.contains(&format!("HTTP {}", response.status)),
        "{shown}"
    );
    assert!(!problem.hint().is_empty());
    // Secrets a provider might echo never become details.
    assert!(
        problem
            .details
            .iter()
            .all(|(name, _)| name != "oauth_token_secret" && name != "oauth_signature"),
        "{problem:?}"
    );
});
