//! The sans-IO protocol core: plain Rust, no browser, no async, no clock.
//!
//! The browser driver (`transport/`) feeds [`Session`] frames and time and carries out what
//! [`Session::poll_output`] returns. Everything here compiles and is tested natively.
//!
//! Nothing from the network may be unwrapped (a panic here is a bug in Palaver), so outside
//! tests the core may not call `unwrap` or `expect` at all: a value that truly cannot be
//! missing is made so by construction, not asserted.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod avatars;
pub mod bounded;
pub mod condition;
pub mod content;
pub mod discovery;
pub mod error;
pub mod event;
pub mod jid;
pub mod ns;
pub mod redact;
pub mod sasl;
pub mod session;
pub mod sm;
pub mod stanza;
pub mod styling;
pub mod xml;

pub use condition::{SaslCondition, StreamCondition};
pub use content::{Content, ReplyRef, Text};
pub use error::{ApiMisuse, Error, Redirect};
pub use event::{
    AffiliatedUser, Event, IncomingMessage, OccupantUpdate, Output, Phase, PresenceUpdate,
    PublicRoom, RoomFeatures, RoomInvitation, RoomLineRemoved, RoomMessage, RoomPrivateMessage,
};
pub use jid::{BareJid, FullJid, Jid, JidError};
pub use sasl::{ScramCredentials, Secret};
pub use session::{Config, Session};
pub use sm::Resumption;
pub use stanza::bookmarks::Bookmark;
pub use stanza::chatstates::ChatState;
pub use stanza::mam::ArchivedMessage;
pub use stanza::{MessageType, RosterItem, Show, Subscription};
pub use web_time::Instant;
