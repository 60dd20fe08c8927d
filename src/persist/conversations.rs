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
    /// The stanza id, which receipts, markers and corrections name.
    pub id: String,
    /// Our archive's id for it (XEP-0359 stanza-id): the archive's copy merges with this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive_id: Option<String>,
    /// The sender's XEP-0359 origin id, which retractions point at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_id: Option<String>,
    /// The author's bare JID.
    pub from: BareJid,
    /// The text shown (the latest correction's); empty once retracted.
    pub body: String,
    /// Whole milliseconds since the epoch.
    pub at: i64,
    /// Written by us (here or on another device).
    pub outgoing: bool,
    /// `sent`, `delivered`, `read` or `failed` (pending ones live in the outbox).
    pub state: String,
    /// Why it failed, when it did (shown next to it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Corrected by its author (XEP-0308): shown as edited.
    #[serde(default)]
    pub edited: bool,
    /// Withdrawn by its author (XEP-0424): shown as a tombstone.
    #[serde(default)]
    pub retracted: bool,
    /// Whether XEP-0393 styling applies; absent (older copies) means yes.
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
    /// Whose they are: another account logging in on this device does not see them.
    pub account: BareJid,
    /// The most recently active first, at most [`CONVERSATIONS`].
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
