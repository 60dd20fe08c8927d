//! SCRAM-SHA-1 and SCRAM-SHA-256 client (RFC 5802, RFC 7677), without channel binding.
//!
//! Browsers expose no TLS channel-binding data, so we always send the `n,,` GS2 header and never
//! offer the `-PLUS` variants. The exchange is three messages: client-first, server-first →
//! client-final, server-final (verified: a server that cannot prove it knows our key is refused).

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use hmac::digest::{Key, KeyInit};
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use super::{prepare_password, Nfkc, SaslError};

/// The GS2 header for "no channel binding, no authzid".
const GS2_HEADER: &str = "n,,";
/// RFC 7677 §4: fewer iterations than this are a downgrade we refuse.
pub const MIN_ITERATIONS: u32 = 4096;
/// More than this would freeze the page; no sane server asks for it.
pub const MAX_ITERATIONS: u32 = 1_000_000;

/// Which hash the SCRAM mechanism uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ScramHash {
    /// SCRAM-SHA-1 (RFC 5802): taken only when SHA-256 is not offered.
    Sha1,
    /// SCRAM-SHA-256 (RFC 7677): preferred.
    Sha256,
}

impl ScramHash {
    /// The SASL mechanism name.
    pub fn mechanism(self) -> &'static str {
        match self {
            ScramHash::Sha1 => "SCRAM-SHA-1",
            ScramHash::Sha256 => "SCRAM-SHA-256",
        }
    }

    fn hmac(self, key: &[u8], data: &[u8]) -> Vec<u8> {
        let hash = |long_key: &[u8]| self.hash(long_key);
        match self {
            ScramHash::Sha1 => keyed_mac::<Hmac<Sha1>>(key, data, hash),
            ScramHash::Sha256 => keyed_mac::<Hmac<Sha256>>(key, data, hash),
        }
    }

    fn hash(self, data: &[u8]) -> Vec<u8> {
        match self {
            ScramHash::Sha1 => Sha1::digest(data).to_vec(),
            ScramHash::Sha256 => Sha256::digest(data).to_vec(),
        }
    }

    fn salted_password(self, password: &[u8], salt: &[u8], iterations: u32) -> Vec<u8> {
        match self {
            ScramHash::Sha1 => {
                let mut out = [0u8; 20];
                pbkdf2::pbkdf2_hmac::<Sha1>(password, salt, iterations, &mut out);
                out.to_vec()
            }
            ScramHash::Sha256 => {
                let mut out = [0u8; 32];
                pbkdf2::pbkdf2_hmac::<Sha256>(password, salt, iterations, &mut out);
                out.to_vec()
            }
        }
    }
}

/// The HMAC `M` of `data` under `key` (RFC 2104). We bring the key to the hash's block size
/// ourselves, as RFC 2104 §2 says (a longer key is hashed with `hash` first, a shorter one
/// padded with zeros), so the infallible `KeyInit::new` takes it: `new_from_slice` returns a
/// `Result` that HMAC never fails, and the core unwraps nothing.
fn keyed_mac<M: Mac + KeyInit>(
    key: &[u8],
    data: &[u8],
    hash: impl Fn(&[u8]) -> Vec<u8>,
) -> Vec<u8> {
    let mut block = Key::<M>::default();
    let hashed;
    let key = if key.len() > block.len() {
        hashed = hash(key);
        hashed.as_slice()
    } else {
        key
    };
    for (slot, byte) in block.iter_mut().zip(key) {
        *slot = *byte;
    }
    let mut mac = <M as KeyInit>::new(&block);
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

/// The keys RFC 5802 §3 derives from the password; "remember me" stores these, not the password.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ScramKeys {
    /// `HMAC(SaltedPassword, "Client Key")`: signs our proof.
    pub client_key: Vec<u8>,
    /// `HMAC(SaltedPassword, "Server Key")`: checks the server's signature.
    pub server_key: Vec<u8>,
}

/// Everything SCRAM needs to log in again without the password (ARCHITECTURE.md, "Invariants"): the keys and the
/// salt and iteration count they were derived with. If the server's salt or count changes
/// (the password was changed), they no longer work and the user must type the password.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ScramCredentials {
    /// The mechanism the keys belong to: they do not work with the other.
    pub hash: ScramHash,
    /// The server's salt when the keys were derived.
    pub salt: Vec<u8>,
    /// The server's iteration count when the keys were derived.
    pub iterations: u32,
    /// The derived keys.
    pub keys: ScramKeys,
}

impl std::fmt::Debug for ScramCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScramCredentials")
            .field("hash", &self.hash)
            .field("iterations", &self.iterations)
            .finish_non_exhaustive()
    }
}

/// What proves who we are: the password, or keys remembered from an earlier login.
///
/// Whoever holds one only as long as it is needed keeps it in a [`Zeroizing`] (the session
/// and the SCRAM exchange do), so the bytes are wiped, not just freed, when it goes.
#[derive(Clone, PartialEq, Eq)]
pub enum Secret {
    /// The password the user typed; wiped once SASL derived its keys.
    Password(String),
    /// The keys a "keep me logged in" page stored (SCRAM only).
    Remembered(ScramCredentials),
}

impl Zeroize for Secret {
    fn zeroize(&mut self) {
        match self {
            Secret::Password(password) => password.zeroize(),
            Secret::Remembered(credentials) => {
                credentials.keys.client_key.zeroize();
                credentials.keys.server_key.zeroize();
            }
        }
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Secret::Password(_) => f.write_str("Password(<redacted>)"),
            Secret::Remembered(c) => write!(f, "Remembered({c:?})"),
        }
    }
}

impl std::fmt::Debug for ScramKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ScramKeys(<redacted>)")
    }
}

/// One SCRAM exchange in progress.
pub struct ScramClient {
    hash: ScramHash,
    /// Until the server-first message turns it into keys; then wiped.
    secret: Option<Zeroizing<Secret>>,
    /// The credentials this exchange used or derived, to remember after a successful login.
    credentials: Option<ScramCredentials>,
    client_nonce: String,
    client_first_bare: String,
    /// Set after the server-first message: the signature we expect in server-final.
    expected_server_signature: Option<Vec<u8>>,
}

impl ScramClient {
    /// Starts an exchange for `username` with a client nonce of printable characters (no comma).
    pub fn new(hash: ScramHash, username: &str, password: &str, client_nonce: &str) -> ScramClient {
        ScramClient::with_secret(
            hash,
            username,
            Secret::Password(password.to_owned()),
            client_nonce,
        )
    }

    /// Starts an exchange proving `secret` (the password or remembered keys).
    pub fn with_secret(
        hash: ScramHash,
        username: &str,
        secret: Secret,
        client_nonce: &str,
    ) -> ScramClient {
        let client_first_bare = format!("n={},r={client_nonce}", escape_username(username));
        ScramClient {
            hash,
            secret: Some(Zeroizing::new(secret)),
            credentials: None,
            client_nonce: client_nonce.to_owned(),
            client_first_bare,
            expected_server_signature: None,
        }
    }

    /// The hash in use.
    pub fn hash(&self) -> ScramHash {
        self.hash
    }

    /// The client-first message, sent with `<auth/>`.
    pub fn client_first(&self) -> String {
        format!("{GS2_HEADER}{}", self.client_first_bare)
    }

    /// Takes the server-first message and returns the client-final message.
    /// `nfkc` normalizes a password for SASLprep (RFC 5802 §2.2 `Normalize`).
    pub fn handle_server_first(
        &mut self,
        server_first: &str,
        nfkc: Nfkc,
    ) -> Result<String, SaslError> {
        let mut nonce = None;
        let mut salt = None;
        let mut iterations = None;
        for field in server_first.split(',') {
            match field.split_once('=') {
                Some(("r", v)) => nonce = Some(v),
                Some(("s", v)) => salt = Some(v),
                Some(("i", v)) => iterations = Some(v),
                Some(("m", _)) => return Err(SaslError::MalformedChallenge),
                _ => {}
            }
        }
        let (Some(nonce), Some(salt), Some(iterations)) = (nonce, salt, iterations) else {
            return Err(SaslError::MalformedChallenge);
        };
        if !nonce.starts_with(&self.client_nonce) || nonce.len() == self.client_nonce.len() {
            return Err(SaslError::NonceMismatch);
        }
        let salt = BASE64
            .decode(salt)
            .map_err(|_| SaslError::MalformedChallenge)?;
        let iterations: u32 = iterations
            .parse()
            .map_err(|_| SaslError::MalformedChallenge)?;
        if !(MIN_ITERATIONS..=MAX_ITERATIONS).contains(&iterations) {
            return Err(SaslError::IterationCount(iterations));
        }
        let secret = self.secret.take().ok_or(SaslError::OutOfOrder)?;
        let keys = match &*secret {
            Secret::Password(password) => {
                // RFC 5802 §2.2: Hi(Normalize(password), salt, i), Normalize being SASLprep.
                let prepared = prepare_password(password, nfkc)?;
                let salted = Zeroizing::new(self.hash.salted_password(
                    prepared.as_bytes(),
                    &salt,
                    iterations,
                ));
                ScramKeys {
                    client_key: self.hash.hmac(&salted, b"Client Key"),
                    server_key: self.hash.hmac(&salted, b"Server Key"),
                }
            }
            Secret::Remembered(c) => {
                if c.hash != self.hash || c.salt != salt || c.iterations != iterations {
                    return Err(SaslError::RememberedKeysOutdated);
                }
                c.keys.clone()
            }
        };
        self.credentials = Some(ScramCredentials {
            hash: self.hash,
            salt,
            iterations,
            keys: keys.clone(),
        });
        let channel_binding = BASE64.encode(GS2_HEADER);
        let without_proof = format!("c={channel_binding},r={nonce}");
        let auth_message = format!("{},{server_first},{without_proof}", self.client_first_bare);
        let stored_key = self.hash.hash(&keys.client_key);
        let client_signature = self.hash.hmac(&stored_key, auth_message.as_bytes());
        let proof: Vec<u8> = keys
            .client_key
            .iter()
            .zip(&client_signature)
            .map(|(k, s)| k ^ s)
            .collect();
        self.expected_server_signature =
            Some(self.hash.hmac(&keys.server_key, auth_message.as_bytes()));
        Ok(format!("{without_proof},p={}", BASE64.encode(proof)))
    }

    /// The keys to remember for the next login, once the exchange has computed them. Only worth
    /// storing after the server proved itself in server-final.
    pub fn credentials(&self) -> Option<&ScramCredentials> {
        self.credentials.as_ref()
    }

    /// Checks the server-final message (`v=` signature, or `e=` error).
    pub fn verify_server_final(&self, server_final: &str) -> Result<(), SaslError> {
        let expected = self
            .expected_server_signature
            .as_ref()
            .ok_or(SaslError::OutOfOrder)?;
        for field in server_final.split(',') {
            match field.split_once('=') {
                Some(("v", v)) => {
                    let got = BASE64
                        .decode(v)
                        .map_err(|_| SaslError::MalformedChallenge)?;
                    return if &got == expected {
                        Ok(())
                    } else {
                        Err(SaslError::ServerSignatureMismatch)
                    };
                }
                Some(("e", e)) => return Err(SaslError::ServerRejected(e.to_owned())),
                _ => {}
            }
        }
        Err(SaslError::MalformedChallenge)
    }
}

/// RFC 5802 §5.1: `=` and `,` in the user name are written `=3D` and `=2C`.
fn escape_username(username: &str) -> String {
    username.replace('=', "=3D").replace(',', "=2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Padding the key ourselves gives RFC 2104's HMAC for every key length: empty, a hash's
    /// length (what SCRAM uses), exactly a block, and longer than a block (hashed first).
    #[test]
    fn hmac_matches_the_library_for_any_key_length() {
        for len in [0, 20, 32, 63, 64, 65, 200] {
            let key: Vec<u8> = (0..len).map(|i| i as u8).collect();
            let sha1 = <Hmac<Sha1> as Mac>::new_from_slice(&key)
                .unwrap()
                .chain_update(b"data")
                .finalize()
                .into_bytes()
                .to_vec();
            let sha256 = <Hmac<Sha256> as Mac>::new_from_slice(&key)
                .unwrap()
                .chain_update(b"data")
                .finalize()
                .into_bytes()
                .to_vec();
            assert_eq!(
                ScramHash::Sha1.hmac(&key, b"data"),
                sha1,
                "key of {len} bytes"
            );
            assert_eq!(
                ScramHash::Sha256.hmac(&key, b"data"),
                sha256,
                "key of {len} bytes"
            );
        }
    }

    /// RFC 5802 §5: user "user", password "pencil", SCRAM-SHA-1.
    #[test]
    fn rfc5802_sha1_test_vector() {
        let mut client = ScramClient::new(
            ScramHash::Sha1,
            "user",
            "pencil",
            "fyko+d2lbbFgONRv9qkxdawL",
        );
        assert_eq!(
            client.client_first(),
            "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL"
        );
        let client_final = client
            .handle_server_first(
                "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
                super::super::native_nfkc,
            )
            .unwrap();
        assert_eq!(
            client_final,
            "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts="
        );
        assert_eq!(
            client.verify_server_final("v=rmF9pqV8S7suAoZWja4dJRkFsKQ="),
            Ok(())
        );
    }

    /// RFC 7677 §3: user "user", password "pencil", SCRAM-SHA-256.
    #[test]
    fn rfc7677_sha256_test_vector() {
        let mut client =
            ScramClient::new(ScramHash::Sha256, "user", "pencil", "rOprNGfwEbeRWgbNEkqO");
        assert_eq!(client.client_first(), "n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        let client_final = client
            .handle_server_first(
                "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
                super::super::native_nfkc,
            )
            .unwrap();
        assert_eq!(
            client_final,
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
        );
        assert_eq!(
            client.verify_server_final("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="),
            Ok(())
        );
    }

    #[test]
    fn refuses_a_server_that_cannot_prove_the_key() {
        let mut client = ScramClient::new(
            ScramHash::Sha1,
            "user",
            "pencil",
            "fyko+d2lbbFgONRv9qkxdawL",
        );
        client
            .handle_server_first(
                "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
                super::super::native_nfkc,
            )
            .unwrap();
        assert_eq!(
            client.verify_server_final("v=AAAAAAAAAAAAAAAAAAAAAAAAAAA="),
            Err(SaslError::ServerSignatureMismatch)
        );
        assert_eq!(
            client.verify_server_final("e=invalid-proof"),
            Err(SaslError::ServerRejected("invalid-proof".into()))
        );
    }

    #[test]
    fn refuses_hostile_server_first_messages() {
        let fresh = || ScramClient::new(ScramHash::Sha1, "user", "pencil", "abc");
        assert_eq!(
            fresh().handle_server_first(
                "r=xyz123,s=QSXCR+Q6sek8bf92,i=4096",
                super::super::native_nfkc
            ),
            Err(SaslError::NonceMismatch)
        );
        assert_eq!(
            fresh()
                .handle_server_first("r=abc,s=QSXCR+Q6sek8bf92,i=4096", super::super::native_nfkc),
            Err(SaslError::NonceMismatch)
        );
        assert_eq!(
            fresh().handle_server_first("r=abcd,s=QSXCR+Q6sek8bf92,i=1", super::super::native_nfkc),
            Err(SaslError::IterationCount(1))
        );
        assert_eq!(
            fresh().handle_server_first(
                "r=abcd,s=QSXCR+Q6sek8bf92,i=4000000000",
                super::super::native_nfkc
            ),
            Err(SaslError::IterationCount(4_000_000_000))
        );
        assert_eq!(
            fresh().handle_server_first("r=abcd,s=!!,i=4096", super::super::native_nfkc),
            Err(SaslError::MalformedChallenge)
        );
        assert_eq!(
            fresh().handle_server_first("garbage", super::super::native_nfkc),
            Err(SaslError::MalformedChallenge)
        );
        assert_eq!(
            fresh().verify_server_final("v=abc"),
            Err(SaslError::OutOfOrder)
        );
    }

    #[test]
    fn escapes_user_names() {
        let client = ScramClient::new(ScramHash::Sha256, "a=b,c", "p", "n");
        assert_eq!(client.client_first(), "n,,n=a=3Db=2Cc,r=n");
    }
}
