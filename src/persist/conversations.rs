//! The local copy of recent conversations (`localStorage`, only for "keep me logged in"), so a
//! reloaded page shows them at once, with delivery states the archive does not keep, while
//! the archive catches up. The previous release's copy is dropped: the archive refills it.

use serde::{Deserialize, Serialize};

use super::{decode, encode};
use crate::xmpp::jid::BareJid;

/// The current version of the stored form.
pub const VERSION: u32 = 1;
/// How many of each conversation's newest messages are kept; older ones page in from the
/// archive.
pub const MESSAGES_PER_CONVERSATION: usize = 50;
/// How many conversations are kept (the most recently active).
pub const CONVERSATIONS: usize = 30;

/// One kept message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredMessage {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_id: Option<String>,
    pub from: BareJid,
    pub body: String,
    /// Whole milliseconds since the epoch.
    pub at: i64,
    pub outgoing: bool,
    /// `sent`, `delivered`, `read` or `failed` (pending ones live in the outbox).
    pub state: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default)]
    pub edited: bool,
    #[serde(default)]
    pub retracted: bool,
    #[serde(default = "yes")]
    pub styled: bool,
}

fn yes() -> bool {
    true
}

/// One kept conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredConversation {
    /// The peer.
    pub with: BareJid,
    /// Oldest first, at most [`MESSAGES_PER_CONVERSATION`].
    pub messages: Vec<StoredMessage>,
}

/// An account's kept conversations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredConversations {
    pub account: BareJid,
    pub conversations: Vec<StoredConversation>,
}

/// The stored form of `conversations`.
pub fn write(conversations: &StoredConversations) -> String {
    encode(VERSION, conversations)
}

/// The kept conversations, if they are in this version's form.
pub fn read(stored: &str) -> Option<StoredConversations> {
    decode(VERSION, stored)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_drops_the_previous_releases_copy() {
        let kept = StoredConversations {
            account: BareJid::parse("alice@localhost").unwrap(),
            conversations: vec![StoredConversation {
                with: BareJid::parse("bob@localhost").unwrap(),
                messages: vec![StoredMessage {
                    id: "m1".into(),
                    archive_id: Some("A1".into()),
                    origin_id: None,
                    from: BareJid::parse("bob@localhost").unwrap(),
                    body: "hi".into(),
                    at: 1_764_000_000_000,
                    outgoing: false,
                    state: "read".into(),
                    error: None,
                    edited: true,
                    retracted: false,
                    styled: false,
                }],
            }],
        };
        assert_eq!(read(&write(&kept)), Some(kept));
        assert_eq!(
            read(
                r#"<conversations xmlns="urn:palaver:conversations:0" account="alice@localhost"/>"#
            ),
            None
        );
    }
}
