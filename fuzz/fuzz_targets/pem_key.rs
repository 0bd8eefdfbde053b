//! `oauth1::PrivateKey::from_bytes` on arbitrary bytes (PEM or DER) never panics, and a key it
//! accepts is one that can be used: at least 1024 bits, with a public key that reads back.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(key) = oauth1::PrivateKey::from_bytes(bytes) else {
        return;
    };
    assert!(key.bits() >= 1024, "{key:?} was accepted");
    let public = key.public_key();
    let pem = public.to_pem();
    let back = oauth1::PublicKey::from_pem(&pem).expect("a derived public key reads back");
    assert_eq!(back.bits(), key.bits());
});
