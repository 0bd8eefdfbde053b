//! RSA keys: loading a private key in any form openssl writes, deriving the public key Jira's
//! application link takes, generating and saving a new pair, and verifying signatures.

use std::fs;
use std::io::Write as _;
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use pkcs8::der::Decode as _;
use pkcs8::{EncodePrivateKey as _, EncodePublicKey as _, LineEnding};
use rsa::signature::{SignatureEncoding as _, Signer as _, Verifier as _};
use rsa::traits::PublicKeyParts as _;
use sha1::Sha1;

use crate::Error;

const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
const MIN_BITS: usize = 1024;
/// The key sizes [`PrivateKey::generate`] accepts.
pub const KEY_SIZES: [usize; 3] = [2048, 3072, 4096];
/// The size [`PrivateKey::generate`] is usually asked for.
pub const DEFAULT_KEY_SIZE: usize = 2048;

/// An RSA private key, ready to sign with RSA-SHA1 (RSASSA-PKCS1-v1_5 over SHA-1).
///
/// Its `Debug` form shows only the key size.
#[derive(Clone)]
pub struct PrivateKey {
    signing_key: rsa::pkcs1v15::SigningKey<Sha1>,
    bits: usize,
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PrivateKey({} bits)", self.bits)
    }
}

impl PrivateKey {
    /// Reads a private key from a file holding PEM (PKCS#1 `BEGIN RSA PRIVATE KEY` or PKCS#8
    /// `BEGIN PRIVATE KEY`) or DER.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let bytes = fs::read(path).map_err(|source| Error::KeyUnreadable {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_bytes(&bytes).map_err(|error| error.in_file(path))
    }

    /// Reads a private key from PEM text or DER bytes, telling them apart by content.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        match std::str::from_utf8(bytes) {
            Ok(text) if text.contains("-----BEGIN ") => Self::from_pem(text),
            _ => Self::from_der(bytes),
        }
    }

    /// Reads a private key from PEM text. The first PEM block that holds a key counts, so
    /// files with a leading `EC PARAMETERS` block or comments are understood.
    pub fn from_pem(pem: &str) -> Result<Self, Error> {
        let Some(begin) = pem.find("-----BEGIN ") else {
            return Err(not_a_key("no `-----BEGIN` line"));
        };
        let block = &pem[begin..];
        let label = block["-----BEGIN ".len()..]
            .split("-----")
            .next()
            .unwrap_or_default();
        match label {
            "RSA PRIVATE KEY" | "PRIVATE KEY" => {
                if block.contains("Proc-Type: 4,ENCRYPTED") {
                    return Err(Error::EncryptedKey { path: None });
                }
                let end_marker = format!("-----END {label}-----");
                let end = block
                    .find(&end_marker)
                    .ok_or_else(|| not_a_key("the PEM block has no END line; is it truncated?"))?;
                let block = &block[..end + end_marker.len()];
                let (_, der) = pem_rfc7468::decode_vec(block.as_bytes())
                    .map_err(|error| not_a_key(&format!("corrupt PEM: {error}")))?;
                if label == "RSA PRIVATE KEY" {
                    Self::from_pkcs1_der(&der)
                } else {
                    Self::from_pkcs8_der(&der)
                }
            }
            "ENCRYPTED PRIVATE KEY" => Err(Error::EncryptedKey { path: None }),
            "PUBLIC KEY" | "RSA PUBLIC KEY" | "CERTIFICATE" => {
                Err(Error::PublicKeyGiven { path: None })
            }
            "EC PRIVATE KEY" => Err(not_rsa("EC")),
            "DSA PRIVATE KEY" => Err(not_rsa("DSA")),
            "OPENSSH PRIVATE KEY" => Err(not_a_key(
                "an OpenSSH key; convert it with `ssh-keygen -p -m PEM -f KEYFILE`, or make a new \
                 key with `openssl genrsa -out rsa.pem 2048`",
            )),
            "EC PARAMETERS" => {
                let rest = &block["-----BEGIN EC PARAMETERS-----".len().min(block.len())..];
                if rest.contains("-----BEGIN ") {
                    Self::from_pem(rest)
                } else {
                    Err(not_rsa("EC"))
                }
            }
            other => Err(not_a_key(&format!("a PEM block labelled `{other}`"))),
        }
    }

    /// Reads a private key from DER: PKCS#8 `PrivateKeyInfo` or PKCS#1 `RSAPrivateKey`.
    pub fn from_der(der: &[u8]) -> Result<Self, Error> {
        if pkcs8::PrivateKeyInfoRef::from_der(der).is_ok() {
            return Self::from_pkcs8_der(der);
        }
        if pkcs1::RsaPrivateKeyRef::from_der(der).is_ok() {
            return Self::from_pkcs1_der(der);
        }
        if pkcs8::SubjectPublicKeyInfoRef::from_der(der).is_ok()
            || pkcs1::RsaPublicKeyRef::from_der(der).is_ok()
        {
            return Err(Error::PublicKeyGiven { path: None });
        }
        if looks_encrypted(der) {
            return Err(Error::EncryptedKey { path: None });
        }
        Err(not_a_key("neither PEM nor a DER-encoded private key"))
    }

    fn from_pkcs8_der(der: &[u8]) -> Result<Self, Error> {
        let info = pkcs8::PrivateKeyInfoRef::from_der(der)
            .map_err(|error| not_a_key(&format!("corrupt PKCS#8 structure: {error}")))?;
        let oid = info.algorithm.oid.to_string();
        if oid != RSA_ENCRYPTION {
            return Err(not_rsa(algorithm_name(&oid)));
        }
        Self::from_pkcs1_der(info.private_key.as_bytes())
    }

    fn from_pkcs1_der(der: &[u8]) -> Result<Self, Error> {
        let fields = pkcs1::RsaPrivateKeyRef::from_der(der)
            .map_err(|error| not_a_key(&format!("corrupt RSA key structure: {error}")))?;
        let bits = unsigned_bits(fields.modulus.as_bytes());
        if bits < MIN_BITS {
            return Err(Error::KeyTooSmall { path: None, bits });
        }
        let key = rsa::PrivateKey::try_from(fields)
            .map_err(|error| not_a_key(&format!("inconsistent RSA key: {error}")))?;
        Ok(Self::from_rsa(key))
    }

    fn from_rsa(key: rsa::PrivateKey) -> Self {
        let bits = key.size() * 8;
        Self {
            signing_key: rsa::pkcs1v15::SigningKey::new(key),
            bits,
        }
    }

    /// Generates a new key of `bits` bits (one of [`KEY_SIZES`]) from the operating system's
    /// random number generator. Takes a moment: a 2048-bit key about a second in release builds.
    pub fn generate(bits: usize) -> Result<Self, Error> {
        if !KEY_SIZES.contains(&bits) {
            return Err(Error::UnsupportedKeySize { bits });
        }
        let key =
            rsa::PrivateKey::new(&mut getrandom::SysRng, bits).map_err(|error| Error::Crypto {
                reason: error.to_string(),
            })?;
        Ok(Self::from_rsa(key))
    }

    /// The modulus length in bits.
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// The matching public key.
    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.signing_key.as_ref().to_public_key())
    }

    /// Signs `message` with RSASSA-PKCS1-v1_5 over SHA-1 and returns the signature in base64,
    /// the form `oauth_signature` takes.
    pub fn sign_rsa_sha1(&self, message: &[u8]) -> Result<String, Error> {
        let signature = self
            .signing_key
            .try_sign(message)
            .map_err(|error| Error::Crypto {
                reason: error.to_string(),
            })?;
        Ok(BASE64.encode(signature.to_vec()))
    }

    /// Writes the key as PKCS#8 PEM (`BEGIN PRIVATE KEY`) to `path` with mode 0600, atomically:
    /// a temporary file in the same directory is written, synced and then moved into place, so
    /// `path` holds either nothing or the whole key. An existing file is replaced only when
    /// `overwrite` is true; otherwise [`Error::KeyFileExists`] leaves it untouched.
    pub fn write_pem_file(&self, path: impl AsRef<Path>, overwrite: bool) -> Result<(), Error> {
        let pem = self
            .signing_key
            .as_ref()
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|error| Error::Crypto {
                reason: error.to_string(),
            })?;
        write_atomically(path.as_ref(), pem.as_bytes(), overwrite)
    }
}

/// An RSA public key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey(rsa::PublicKey);

impl PublicKey {
    /// Reads a public key from PEM: SubjectPublicKeyInfo (`BEGIN PUBLIC KEY`, what
    /// `openssl rsa -pubout` writes) or PKCS#1 (`BEGIN RSA PUBLIC KEY`).
    pub fn from_pem(pem: &str) -> Result<Self, Error> {
        let (label, der) = pem_rfc7468::decode_vec(pem.trim().as_bytes())
            .map_err(|error| not_a_key(&format!("corrupt PEM: {error}")))?;
        let key = match label {
            "PUBLIC KEY" => pkcs8::SubjectPublicKeyInfoRef::from_der(&der)
                .map_err(|error| error.to_string())
                .and_then(|spki| rsa::PublicKey::try_from(spki).map_err(|e| e.to_string())),
            "RSA PUBLIC KEY" => pkcs1::RsaPublicKeyRef::from_der(&der)
                .map_err(|error| error.to_string())
                .and_then(|fields| rsa::PublicKey::try_from(fields).map_err(|e| e.to_string())),
            other => Err(format!("a PEM block labelled `{other}`, not a public key")),
        };
        key.map(Self).map_err(|reason| not_a_key(&reason))
    }

    /// The key as SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`), the form Jira's
    /// application link takes in its "Public key" field.
    pub fn to_pem(&self) -> String {
        // Encoding a well-formed in-memory RSA public key cannot fail.
        self.0.to_public_key_pem(LineEnding::LF).unwrap_or_default()
    }

    /// The key's body without the PEM armour or line breaks: what Jira's "Public key" field
    /// also accepts, on one line.
    pub fn to_base64_der(&self) -> String {
        self.0
            .to_public_key_der()
            .map(|der| BASE64.encode(der.as_bytes()))
            .unwrap_or_default()
    }

    /// The modulus length in bits.
    pub fn bits(&self) -> usize {
        self.0.size() * 8
    }

    /// Checks an RSA-SHA1 `signature` (base64, as in `oauth_signature`) over `message`.
    pub fn verify_rsa_sha1(&self, message: &[u8], signature: &str) -> bool {
        let Ok(bytes) = BASE64.decode(signature) else {
            return false;
        };
        let Ok(signature) = rsa::pkcs1v15::Signature::try_from(bytes.as_slice()) else {
            return false;
        };
        rsa::pkcs1v15::VerifyingKey::<Sha1>::new(self.0.clone())
            .verify(message, &signature)
            .is_ok()
    }

    /// Writes the public key PEM to `path` (mode 0644), atomically, replacing a file only when
    /// `overwrite` is true.
    pub fn write_pem_file(&self, path: impl AsRef<Path>, overwrite: bool) -> Result<(), Error> {
        let path = path.as_ref();
        write_atomically(path, self.to_pem().as_bytes(), overwrite)?;
        set_mode(path, 0o644)
    }
}

fn write_atomically(path: &Path, contents: &[u8], overwrite: bool) -> Result<(), Error> {
    let write_error = |source| Error::KeyWrite {
        path: path.to_path_buf(),
        source,
    };
    if !overwrite && path.exists() {
        return Err(Error::KeyFileExists {
            path: path.to_path_buf(),
        });
    }
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    // tempfile creates the file with mode 0600 on Unix.
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(write_error)?;
    temp.write_all(contents).map_err(write_error)?;
    temp.as_file().sync_all().map_err(write_error)?;
    let persisted = if overwrite {
        temp.persist(path)
    } else {
        temp.persist_noclobber(path)
    };
    persisted.map_err(|error| {
        if error.error.kind() == std::io::ErrorKind::AlreadyExists {
            Error::KeyFileExists {
                path: path.to_path_buf(),
            }
        } else {
            write_error(error.error)
        }
    })?;
    Ok(())
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> Result<(), Error> {
    use std::os::unix::fs::PermissionsExt as _;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).map_err(|source| Error::KeyWrite {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> Result<(), Error> {
    Ok(())
}

fn not_a_key(reason: &str) -> Error {
    Error::NotAKey {
        path: None,
        reason: reason.to_owned(),
    }
}

fn not_rsa(algorithm: &str) -> Error {
    Error::NotRsaKey {
        path: None,
        algorithm: algorithm.to_owned(),
    }
}

fn algorithm_name(oid: &str) -> &str {
    match oid {
        "1.2.840.10045.2.1" => "EC",
        "1.3.101.112" => "Ed25519",
        "1.3.101.113" => "Ed448",
        "1.3.101.110" => "X25519",
        "1.3.101.111" => "X448",
        "1.2.840.10040.4.1" => "DSA",
        "1.2.840.113549.1.1.10" => "RSA-PSS (restricted to PSS signatures)",
        other => other,
    }
}

/// The bit length of a big-endian unsigned integer.
fn unsigned_bits(bytes: &[u8]) -> usize {
    let Some(first) = bytes.iter().position(|&b| b != 0) else {
        return 0;
    };
    (bytes.len() - first) * 8 - bytes[first].leading_zeros() as usize
}

/// A DER `EncryptedPrivateKeyInfo` names PBES2 (or an older PBE scheme) near its start.
fn looks_encrypted(der: &[u8]) -> bool {
    const PKCS5_OID_PREFIX: [u8; 10] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x05];
    const PKCS12_PBE_OID_PREFIX: [u8; 11] = [
        0x06, 0x0A, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x0C, 0x01,
    ];
    let head = &der[..der.len().min(32)];
    head.windows(PKCS5_OID_PREFIX.len())
        .any(|window| window == PKCS5_OID_PREFIX)
        || head
            .windows(PKCS12_PBE_OID_PREFIX.len())
            .any(|window| window == PKCS12_PBE_OID_PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_lengths_ignore_leading_zero_bytes() {
        assert_eq!(unsigned_bits(&[0x00, 0x80, 0x00]), 16);
        assert_eq!(unsigned_bits(&[0x01, 0x00]), 9);
        assert_eq!(unsigned_bits(&[0x00]), 0);
    }

    #[test]
    fn unsupported_sizes_are_refused_before_any_work() {
        let error = PrivateKey::generate(1000).expect_err("1000 bits is refused");
        assert_eq!(error.kind(), crate::ErrorKind::UnsupportedKeySize);
        assert!(error.to_string().contains("2048, 3072 or 4096"));
    }
}
