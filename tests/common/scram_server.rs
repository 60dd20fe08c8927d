//! The server side of SCRAM (RFC 5802 §3), so session tests can script a real exchange.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};

/// Which hash the scripted server uses.
#[derive(Clone, Copy)]
pub enum Hash {
    Sha1,
    Sha256,
}

impl Hash {
    /// The SASL mechanism name the server offers for this hash.
    pub fn mechanism(self) -> &'static str {
        match self {
            Hash::Sha1 => "SCRAM-SHA-1",
            Hash::Sha256 => "SCRAM-SHA-256",
        }
    }
}

/// A server that knows `password` and checks the client's proof.
pub struct ScramServer {
    hash: Hash,
    password: String,
    salt: Vec<u8>,
    iterations: u32,
    client_first_bare: String,
    server_first: String,
}

impl ScramServer {
    pub fn new(hash: Hash, password: &str) -> ScramServer {
        ScramServer {
            hash,
            password: password.into(),
            salt: b"palaver-test-salt".to_vec(),
            iterations: 4096,
            client_first_bare: String::new(),
            server_first: String::new(),
        }
    }

    /// Takes the base64 client-first message from `<auth/>`; returns the base64 server-first.
    pub fn challenge(&mut self, auth_b64: &str) -> String {
        let client_first =
            String::from_utf8(BASE64.decode(auth_b64).expect("base64")).expect("utf-8");
        let bare = client_first
            .strip_prefix("n,,")
            .expect("no channel binding, no authzid");
        let nonce = bare
            .split(',')
            .find_map(|f| f.strip_prefix("r="))
            .expect("client nonce");
        self.client_first_bare = bare.to_owned();
        self.server_first = format!(
            "r={nonce}SERVERNONCE,s={},i={}",
            BASE64.encode(&self.salt),
            self.iterations
        );
        BASE64.encode(&self.server_first)
    }

    /// Checks the base64 client-final; returns the base64 server-final (`v=…`) if the proof is
    /// right, `None` if the client does not know the password.
    pub fn verify(&self, response_b64: &str) -> Option<String> {
        let client_final = String::from_utf8(BASE64.decode(response_b64).ok()?).ok()?;
        let (without_proof, proof) = client_final.rsplit_once(",p=")?;
        let auth_message = self.auth_message(without_proof);
        let client_key = self.hmac(&self.salted(), b"Client Key");
        let stored_key = self.digest(&client_key);
        let signature = self.hmac(&stored_key, auth_message.as_bytes());
        let expected: Vec<u8> = client_key
            .iter()
            .zip(&signature)
            .map(|(a, b)| a ^ b)
            .collect();
        if BASE64.decode(proof).ok()? != expected {
            return None;
        }
        Some(self.sign(response_b64))
    }

    /// The base64 server-final (`v=…`) for this client-final, without checking the proof: what
    /// an impostor that does not know the password would send (with its own guess of the key).
    pub fn sign(&self, response_b64: &str) -> String {
        let client_final =
            String::from_utf8(BASE64.decode(response_b64).expect("base64")).expect("utf-8");
        let (without_proof, _) = client_final
            .rsplit_once(",p=")
            .expect("the client-final ends with the proof");
        let auth_message = self.auth_message(without_proof);
        let server_key = self.hmac(&self.salted(), b"Server Key");
        let server_signature = self.hmac(&server_key, auth_message.as_bytes());
        BASE64.encode(format!("v={}", BASE64.encode(server_signature)))
    }

    /// RFC 5802 §3: client-first-bare, server-first and client-final-without-proof.
    fn auth_message(&self, client_final_without_proof: &str) -> String {
        format!(
            "{},{},{client_final_without_proof}",
            self.client_first_bare, self.server_first
        )
    }

    fn salted(&self) -> Vec<u8> {
        match self.hash {
            Hash::Sha1 => {
                let mut out = [0u8; 20];
                pbkdf2::pbkdf2_hmac::<Sha1>(
                    self.password.as_bytes(),
                    &self.salt,
                    self.iterations,
                    &mut out,
                );
                out.to_vec()
            }
            Hash::Sha256 => {
                let mut out = [0u8; 32];
                pbkdf2::pbkdf2_hmac::<Sha256>(
                    self.password.as_bytes(),
                    &self.salt,
                    self.iterations,
                    &mut out,
                );
                out.to_vec()
            }
        }
    }

    fn hmac(&self, key: &[u8], data: &[u8]) -> Vec<u8> {
        match self.hash {
            Hash::Sha1 => {
                let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(key).expect("any key length");
                mac.update(data);
                mac.finalize().into_bytes().to_vec()
            }
            Hash::Sha256 => {
                let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("any key length");
                mac.update(data);
                mac.finalize().into_bytes().to_vec()
            }
        }
    }

    fn digest(&self, data: &[u8]) -> Vec<u8> {
        match self.hash {
            Hash::Sha1 => Sha1::digest(data).to_vec(),
            Hash::Sha256 => Sha256::digest(data).to_vec(),
        }
    }
}
