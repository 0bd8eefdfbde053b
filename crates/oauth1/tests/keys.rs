//! Loading keys: every form openssl writes loads, and every wrong key says what is wrong.

use std::path::Path;

use oauth1::{ErrorKind, PrivateKey, PublicKey};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn load_error(name: &str) -> oauth1::Error {
    PrivateKey::from_file(fixture(name)).expect_err("this fixture must be refused")
}

#[test]
fn pkcs8_pkcs1_and_der_forms_load_to_the_same_key() {
    let expected = PublicKey::from_pem(include_str!("fixtures/wiki_public.pem")).expect("loads");
    for name in [
        "wiki_pkcs8.pem",
        "wiki_pkcs1.pem",
        "wiki_pkcs8.der",
        "wiki_pkcs1.der",
    ] {
        let key = PrivateKey::from_file(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(key.public_key(), expected, "{name}");
    }
}

#[test]
fn a_missing_file_names_the_path() {
    let error = load_error("no-such-key.pem");
    assert_eq!(error.kind(), ErrorKind::KeyUnreadable);
    assert!(error.to_string().contains("no-such-key.pem"), "{error}");
}

#[test]
fn a_public_key_is_refused_with_a_pointer_to_the_private_one() {
    for name in ["wiki_public.pem", "certificate.pem"] {
        let error = load_error(name);
        assert_eq!(error.kind(), ErrorKind::PublicKeyGiven, "{name}");
        let message = error.to_string();
        assert!(
            message.contains("this is a public key") || message.contains("holds a public key"),
            "{message}"
        );
        assert!(
            message.contains("pass the private key, e.g. rsa.pem"),
            "{message}"
        );
        assert!(message.contains("application link"), "{message}");
    }
}

#[test]
fn a_public_key_in_der_is_refused_too() {
    let pem = include_str!("fixtures/wiki_public.pem");
    let der = pem_body(pem);
    let error = PrivateKey::from_bytes(&der).expect_err("a public key");
    assert_eq!(error.kind(), ErrorKind::PublicKeyGiven);
}

#[test]
fn encrypted_keys_say_how_to_decrypt_them() {
    for name in [
        "encrypted_pkcs8.pem",
        "encrypted_pkcs1.pem",
        "encrypted_pkcs8.der",
    ] {
        let error = load_error(name);
        assert_eq!(error.kind(), ErrorKind::EncryptedKey, "{name}");
        let message = error.to_string();
        assert!(message.contains("encrypted"), "{message}");
        assert!(message.contains("openssl pkey -in"), "{message}");
    }
}

#[test]
fn non_rsa_keys_name_their_algorithm() {
    for (name, algorithm) in [
        ("ec_pkcs8.pem", "EC"),
        ("ec_sec1.pem", "EC"),
        ("ec_with_params.pem", "EC"),
        ("ed25519.pem", "Ed25519"),
    ] {
        let error = load_error(name);
        assert_eq!(error.kind(), ErrorKind::NotRsaKey, "{name}");
        let message = error.to_string();
        assert!(
            message.contains(&format!("holds an {algorithm} key")),
            "{message}"
        );
        assert!(message.contains("openssl genrsa"), "{message}");
    }
}

#[test]
fn small_rsa_keys_are_refused() {
    let error = load_error("rsa512.pem");
    assert_eq!(error.kind(), ErrorKind::KeyTooSmall);
    assert!(error.to_string().contains("512-bit"), "{error}");
}

#[test]
fn garbage_and_corrupt_pem_are_not_keys() {
    let good = include_str!("fixtures/wiki_pkcs8.pem");
    let truncated = &good[..good.len() / 2];
    let corrupted = good.replacen("MIIC", "M!!C", 1);
    let cases: [(&str, &[u8]); 5] = [
        ("empty", b""),
        ("prose", b"hello, I am not a key"),
        ("truncated", truncated.as_bytes()),
        ("corrupted", corrupted.as_bytes()),
        (
            "other label",
            b"-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n",
        ),
    ];
    for (what, bytes) in cases {
        let error = PrivateKey::from_bytes(bytes).expect_err(what);
        assert_eq!(error.kind(), ErrorKind::NotAKey, "{what}: {error}");
        assert!(
            error.to_string().contains("not a readable RSA private key"),
            "{what}: {error}"
        );
    }
}

#[test]
fn errors_about_files_name_the_file() {
    let error = load_error("ed25519.pem");
    assert!(
        error
            .to_string()
            .starts_with(&fixture("ed25519.pem").display().to_string()),
        "{error}"
    );
}

#[test]
fn the_derived_public_key_is_what_openssl_derives() {
    let key = PrivateKey::from_file(fixture("wiki_pkcs1.pem")).expect("loads");
    assert_eq!(
        key.public_key().to_pem().trim(),
        include_str!("fixtures/wiki_public.pem").trim()
    );
}

#[test]
fn generated_keys_are_written_0600_and_never_clobbered() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let private_path = dir.path().join("rsa.pem");
    let public_path = dir.path().join("rsa.pub");
    let key = PrivateKey::generate(oauth1::DEFAULT_KEY_SIZE).expect("generates");
    assert_eq!(key.bits(), 2048);
    key.write_pem_file(&private_path, false).expect("writes");
    key.public_key()
        .write_pem_file(&public_path, false)
        .expect("writes");

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&private_path)
            .expect("exists")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let reloaded = PrivateKey::from_file(&private_path).expect("reloads");
    assert_eq!(reloaded.public_key(), key.public_key());
    let public = std::fs::read_to_string(&public_path).expect("reads");
    assert!(public.starts_with("-----BEGIN PUBLIC KEY-----"));

    let other = PrivateKey::generate(oauth1::DEFAULT_KEY_SIZE).expect("generates");
    let error = other
        .write_pem_file(&private_path, false)
        .expect_err("must not clobber");
    assert_eq!(error.kind(), ErrorKind::KeyFileExists);
    let still = PrivateKey::from_file(&private_path).expect("reloads");
    assert_eq!(
        still.public_key(),
        key.public_key(),
        "the first key survives"
    );

    other
        .write_pem_file(&private_path, true)
        .expect("overwrites when asked");
    let replaced = PrivateKey::from_file(&private_path).expect("reloads");
    assert_eq!(replaced.public_key(), other.public_key());
}

#[test]
fn debug_output_shows_no_key_material() {
    let key = PrivateKey::from_file(fixture("wiki_pkcs8.pem")).expect("loads");
    assert_eq!(format!("{key:?}"), "PrivateKey(1024 bits)");
}

fn pem_body(pem: &str) -> Vec<u8> {
    use base64::Engine as _;
    let body: String = pem
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(body)
        .expect("valid base64")
}
