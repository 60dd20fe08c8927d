//! "Keep me logged in" (`localStorage`): the account, its server and its SCRAM keys (RFC 5802
//! ClientKey/ServerKey with their salt and iteration count), never the password.

use serde::{Deserialize, Serialize};

use super::{decode, encode, legacy};
use crate::xmpp::jid::BareJid;
use crate::xmpp::sasl::ScramCredentials;

/// The current version of the stored form.
pub const VERSION: u32 = 1;

/// A remembered login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RememberedAccount {
    /// The account.
    pub jid: BareJid,
    /// The WebSocket URL it logged in at (never a redirect's: those are one-offs).
    pub websocket_url: String,
    /// What proves it is us without the password.
    pub credentials: ScramCredentials,
}

/// The stored form of `account`.
pub fn write(account: &RememberedAccount) -> String {
    encode(VERSION, account)
}

/// The remembered login, in this version's form or the previous release's.
pub fn read(stored: &str) -> Option<RememberedAccount> {
    decode(VERSION, stored).or_else(|| legacy::account(stored))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmpp::sasl::{ScramHash, ScramKeys};

    fn account() -> RememberedAccount {
        RememberedAccount {
            jid: BareJid::parse("alice@localhost").unwrap(),
            websocket_url: "wss://chat.example/xmpp".into(),
            credentials: ScramCredentials {
                hash: ScramHash::Sha256,
                salt: vec![1, 2, 3],
                iterations: 4096,
                keys: ScramKeys {
                    client_key: vec![4; 32],
                    server_key: vec![5; 32],
                },
            },
        }
    }

    #[test]
    fn round_trips_without_a_password_in_sight() {
        let stored = write(&account());
        assert!(!stored.contains("password"));
        assert_eq!(read(&stored), Some(account()));
    }

    #[test]
    fn reads_the_previous_releases_form() {
        let old = r#"<account xmlns="urn:palaver:account:0" jid="alice@localhost" server="wss://chat.example/xmpp" mechanism="SCRAM-SHA-256" iterations="4096"><salt>AQID</salt><client-key>BAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQ=</client-key><server-key>BQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQU=</server-key></account>"#;
        assert_eq!(read(old), Some(account()));
        assert_eq!(read("<account/>"), None);
    }
}
