//! Group chat: the stanzas of Multi-User Chat, typed, with no session logic.
//!
//! A room is an XMPP entity (`room@service`); its occupants are `room@service/nick`. Joining is
//! a presence carrying [`Join`]; from then on the room describes every occupant (and tells us
//! about ourselves) in presences carrying [`MucUser`], whose [`StatusCode`]s say why a presence
//! came (we were kicked, the room logs, our nick was changed). Moderators and admins change roles
//! and affiliations with [`AdminQuery`] IQs, owners configure and destroy rooms with
//! [`OwnerQuery`]. A refused join comes back as a presence error, read as a [`JoinError`].
//!
//! The specifications, one module per job:
//!
//! - [XEP-0045: Multi-User Chat](https://xmpp.org/extensions/xep-0045.html): `join.rs` (§7.2),
//!   `status.rs` (§12 and the registry of §16.6), `item.rs` (§5: affiliations and roles, the
//!   `<item/>` of `#user` and `#admin`), `user.rs` (the `#user` namespace: §7–§10 presences,
//!   mediated invitations §7.8.2, room destruction §10.9), `admin.rs` (§8–§9),
//!   `owner.rs` (§10), `join_error.rs` (§7.2.17, the errors of entering a room), `room_info.rs`
//!   (§6.4, what a room says of itself to anyone).
//! - [XEP-0249: Direct MUC Invitations](https://xmpp.org/extensions/xep-0249.html): `invite.rs`.
//! - [XEP-0425: Moderated Message Retraction](https://xmpp.org/extensions/xep-0425.html):
//!   `moderation.rs` (versions 0.3 and 0.2).
//! - [XEP-0421: Anonymous unique occupant identifiers for
//!   MUCs](https://xmpp.org/extensions/xep-0421.html): `occupant_id.rs`.
//!
//! The test examples are the XEPs' own, numbered as in XEP-0045 version 1.35.5, XEP-0249
//! version 1.2 and XEP-0421 version 1.0.1.

mod admin;
mod invite;
mod item;
mod join;
mod join_error;
mod moderation;
mod occupant_id;
mod owner;
mod room_info;
mod status;
mod user;

pub use admin::AdminQuery;
pub use invite::DirectInvite;
pub use item::{Actor, Affiliation, Continue, Item, Role};
pub use join::{History, Join};
pub use join_error::JoinError;
pub use moderation::{ModerateRequest, Moderated, ModerationVersion, MAX_MODERATION_REASON_CHARS};
pub use occupant_id::{OccupantId, MAX_OCCUPANT_ID_CHARS};
pub use owner::OwnerQuery;
pub use room_info::{RoomInfo, MAX_ROOM_INFO_CHARS};
pub use status::StatusCode;
pub use user::{Decline, Destroy, Invite, MucUser};

use crate::xmpp::xml::Element;

pub use crate::xmpp::ns::{CONFERENCE, MUC, MUC_ADMIN, MUC_OWNER, MUC_USER, OCCUPANT_ID};

// Small readers and writers the modules share: human text in `<reason/>`, `<password/>`.

/// The text of child `name` in `ns`, if there is one.
fn text_child(e: &Element, name: &str, ns: &str) -> Option<String> {
    e.get_child(name, ns).map(Element::text_content)
}

/// The `<reason/>` child in `ns`, trimmed.
fn reason_child(e: &Element, ns: &str) -> Option<String> {
    e.get_child("reason", ns)
        .map(|r| r.text_content().trim().to_owned())
}

/// Appends `<name>text</name>` in `ns` when there is a text.
fn push_text(e: &mut Element, name: &str, ns: &str, text: Option<&str>) {
    if let Some(text) = text {
        e.push_child(Element::new(name, ns).text(text));
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::xmpp::ns;
    use crate::xmpp::xml::Element;

    /// A stanza copied from a XEP's example, as it arrives on a client stream: the XEPs leave
    /// out the `jabber:client` namespace, which this adds to the root element.
    pub(crate) fn example(xml: &str) -> Element {
        let xml = xml.trim();
        let name_end = xml
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap();
        let with_ns = format!(
            "{} xmlns='{}'{}",
            &xml[..name_end],
            ns::CLIENT,
            &xml[name_end..]
        );
        Element::parse(&with_ns).unwrap()
    }

    /// `value`, after checking that it serializes to an element that parses back to it (the
    /// round trip every typed stanza test asks of its parser).
    pub(crate) fn round_trip<T>(value: T) -> T
    where
        T: Clone + PartialEq + std::fmt::Debug + for<'a> TryFrom<&'a Element>,
        for<'a> <T as TryFrom<&'a Element>>::Error: std::fmt::Debug,
        for<'a> Element: From<&'a T>,
    {
        let again = T::try_from(&Element::from(&value)).unwrap();
        assert_eq!(again, value);
        value
    }

    /// The one child of `stanza` named `name` in `ns`, to hand to a `TryFrom`.
    pub(crate) fn child<'a>(stanza: &'a Element, name: &str, ns: &str) -> &'a Element {
        stanza.get_child(name, ns).unwrap()
    }
}
