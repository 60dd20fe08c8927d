//! Message replies (XEP-0461): `<reply id=… to=…/>` says which message this one answers.

use super::{jid_attr, non_empty_attr};
use crate::xmpp::jid::Jid;
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// XEP-0461 §3: the message answers message `id`, written by `to` (optional; in a 1:1 chat a
/// bare JID is fine).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The answered message's id.
    pub id: String,
    /// Its author, when the sender says.
    pub to: Option<Jid>,
}

impl Reply {
    /// The reply a message carries, if any (an unparsable `to` is dropped, not the reply).
    pub fn from_message(message: &Element) -> Option<Reply> {
        let reply = message.get_child("reply", ns::REPLY)?;
        Some(Reply {
            id: non_empty_attr(reply, "id")?,
            to: jid_attr(reply, "to").ok().flatten(),
        })
    }
}

impl From<&Reply> for Element {
    fn from(reply: &Reply) -> Element {
        Element::new("reply", ns::REPLY)
            .attr_opt("to", reply.to.as_ref().map(Jid::to_string))
            .attr("id", reply.id.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmpp::stanza::tests::message;

    #[test]
    fn reads_a_reply_and_round_trips() {
        let m =
            message(r#"<reply xmlns="urn:xmpp:reply:0" to="anna@example.org/laptop" id="m1"/>"#);
        let reply = Reply::from_message(&m).unwrap();
        assert_eq!(reply.id, "m1");
        assert_eq!(
            reply.to.as_ref().map(ToString::to_string).as_deref(),
            Some("anna@example.org/laptop")
        );
        assert_eq!(
            Reply::from_message(&message(&Element::from(&reply).to_string())),
            Some(reply)
        );
    }

    #[test]
    fn a_bad_author_is_dropped_but_a_missing_id_drops_the_reply() {
        let bad_to = message(r#"<reply xmlns="urn:xmpp:reply:0" to="@@" id="m1"/>"#);
        assert_eq!(Reply::from_message(&bad_to).map(|r| r.to), Some(None));
        let no_id = message(r#"<reply xmlns="urn:xmpp:reply:0" to="anna@example.org"/>"#);
        assert_eq!(Reply::from_message(&no_id), None);
    }
}
