//! The local copy of the roster with its version (RFC 6121 §2.6; `localStorage`, only for
//! "keep me logged in"), so the next login sends that version and a server with nothing new
//! does not send a roster of thousands again. The previous release's copy is dropped: the
//! server sends the roster once more.

use serde::{Deserialize, Serialize};

use super::{decode, encode};
use crate::xmpp::jid::BareJid;
use crate::xmpp::stanza::{RosterItem, RosterQuery};

/// The current version of the stored form.
pub const VERSION: u32 = 1;

/// An account's roster as the server last named its version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredRoster {
    /// Whose roster it is: another account logging in on this device does not use it.
    pub account: BareJid,
    /// The roster version the server last named (RFC 6121 §2.6), sent at the next login.
    pub ver: String,
    /// The contacts as of that version.
    pub items: Vec<RosterItem>,
}

impl StoredRoster {
    /// What a login sends and works from (`Config::cached_roster`).
    pub fn into_query(self) -> RosterQuery {
        RosterQuery {
            ver: Some(self.ver),
            items: self.items,
        }
    }
}

/// The stored form of `roster`.
pub fn write(roster: &StoredRoster) -> String {
    encode(VERSION, roster)
}

/// The kept roster, if it is in this version's form.
pub fn read(stored: &str) -> Option<StoredRoster> {
    decode(VERSION, stored)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmpp::stanza::Subscription;

    #[test]
    fn round_trips_and_drops_the_previous_releases_copy() {
        let roster = StoredRoster {
            account: BareJid::parse("henry@localhost").unwrap(),
            ver: "42".into(),
            items: vec![RosterItem {
                jid: BareJid::parse("contact0001@localhost").unwrap(),
                name: Some("Contact 0001".into()),
                subscription: Subscription::Both,
                ask_pending: false,
                approved: false,
                groups: vec!["Team 01".into()],
            }],
        };
        assert_eq!(read(&write(&roster)), Some(roster.clone()));
        assert_eq!(roster.into_query().ver.as_deref(), Some("42"));
        assert_eq!(read(r#"<roster xmlns="urn:palaver:roster:0"/>"#), None);
    }
}
