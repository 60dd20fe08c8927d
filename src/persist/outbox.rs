//! Messages written while offline (IndexedDB), so a reload sends them after the next login to
//! the same account, once and in order.

use serde::{Deserialize, Serialize};

use super::{decode, encode, legacy};
use crate::xmpp::jid::BareJid;

/// The current version of the stored form.
pub const VERSION: u32 = 1;

/// One message waiting for the connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queued {
    /// The id the conversation shows until the message gets its stanza id.
    pub local_id: String,
    /// Its recipient.
    pub to: BareJid,
    /// Its text.
    pub body: String,
}

/// An account's queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredOutbox {
    /// Whose messages: another account's login never sends them.
    pub account: BareJid,
    /// Oldest first.
    pub queue: Vec<Queued>,
}

/// The stored form of `outbox`.
pub fn write(outbox: &StoredOutbox) -> String {
    encode(VERSION, outbox)
}

/// The queue a previous page left, in this version's form or the previous release's.
pub fn read(stored: &str) -> Option<StoredOutbox> {
    decode(VERSION, stored).or_else(|| legacy::outbox(stored))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outbox() -> StoredOutbox {
        StoredOutbox {
            account: BareJid::parse("alice@localhost").unwrap(),
            queue: vec![
                Queued {
                    local_id: "pending-1".into(),
                    to: BareJid::parse("bob@localhost").unwrap(),
                    body: "first <&> \"quoted\"".into(),
                },
                Queued {
                    local_id: "pending-2".into(),
                    to: BareJid::parse("carol@localhost").unwrap(),
                    body: "second".into(),
                },
            ],
        }
    }

    #[test]
    fn round_trips_in_order() {
        assert_eq!(read(&write(&outbox())), Some(outbox()));
    }

    /// The previous release's outbox: no message is lost by the update.
    #[test]
    fn reads_the_previous_releases_form() {
        let old = r#"<outbox xmlns="urn:palaver:outbox:0" account="alice@localhost"><message local-id="pending-1" to="bob@localhost">first &lt;&amp;&gt; "quoted"</message><message local-id="pending-2" to="carol@localhost">second</message></outbox>"#;
        assert_eq!(read(old), Some(outbox()));
        assert_eq!(read("garbage"), None);
    }
}
