//! Fresh token strings from the operating system's random number generator.

const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// `length` random letters and digits.
fn alphanumeric(length: usize) -> String {
    let mut bytes = vec![0u8; length];
    // A simulator without a working OS random source cannot issue tokens at all; that is a
    // broken machine, not a request to answer.
    getrandom::fill(&mut bytes).expect("the operating system's random number generator works");
    bytes
        .iter()
        .map(|byte| char::from(ALPHABET[usize::from(*byte) % ALPHABET.len()]))
        .collect()
}

/// A token or token secret, 32 characters like Jira's.
pub(crate) fn token() -> String {
    alphanumeric(32)
}

/// A verifier: 6 characters, what Jira shows on its out-of-band page.
pub(crate) fn verifier() -> String {
    alphanumeric(6)
}
