//! Presence (RFC 6121 §4 and §3): availability, show, status, priority and subscription requests.

use super::avatar::PhotoHash;
use super::caps::Caps;
use super::{jid_attr, ParseError, StanzaError};
use crate::xmpp::jid::Jid;
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// The `type` attribute of a presence stanza.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PresenceType {
    /// No `type`: the sender is available.
    #[default]
    Available,
    /// The sender (that resource) went offline.
    Unavailable,
    /// The sender asks to see the recipient's presence (RFC 6121 §3.1).
    Subscribe,
    /// The sender allows the recipient to see its presence.
    Subscribed,
    /// The sender no longer wants to see the recipient's presence.
    Unsubscribe,
    /// The sender withdraws (or refuses) the recipient's subscription.
    Unsubscribed,
    /// A server asks for the current presence (RFC 6121 §4.3): the server's business.
    Probe,
    /// A bounce of a presence we sent: carries an `<error/>`.
    Error,
}

impl PresenceType {
    fn as_attr(self) -> Option<&'static str> {
        match self {
            PresenceType::Available => None,
            PresenceType::Unavailable => Some("unavailable"),
            PresenceType::Subscribe => Some("subscribe"),
            PresenceType::Subscribed => Some("subscribed"),
            PresenceType::Unsubscribe => Some("unsubscribe"),
            PresenceType::Unsubscribed => Some("unsubscribed"),
            PresenceType::Probe => Some("probe"),
            PresenceType::Error => Some("error"),
        }
    }
}

/// RFC 6121 §4.7.2.1: the availability sub-state of an available presence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Show {
    /// No `<show/>`: plain online.
    #[default]
    Online,
    /// Free for chat: eager to talk.
    Chat,
    /// Away for a short while.
    Away,
    /// Extended away: gone for longer.
    Xa,
    /// Do not disturb: busy.
    Dnd,
}

impl Show {
    /// The `<show/>` text, `None` for plain online.
    pub fn as_str(self) -> Option<&'static str> {
        match self {
            Show::Online => None,
            Show::Chat => Some("chat"),
            Show::Away => Some("away"),
            Show::Xa => Some("xa"),
            Show::Dnd => Some("dnd"),
        }
    }
}

/// A presence stanza.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Presence {
    /// The sender's resource; the server stamps it on what it routes to us.
    pub from: Option<Jid>,
    /// The recipient; `None` broadcasts to everyone subscribed.
    pub to: Option<Jid>,
    /// Its stanza id, if any (an error bounce names it).
    pub id: Option<String>,
    /// The `type` attribute.
    pub kind: PresenceType,
    /// The availability sub-state, for an available presence.
    pub show: Show,
    /// A status text, in the sender's words.
    pub status: Option<String>,
    /// RFC 6121 §4.7.2.3: -128..=127; absent means 0.
    pub priority: i8,
    /// Why it bounced, for `type='error'`.
    pub error: Option<StanzaError>,
    /// XEP-0115 entity capabilities the sender announces (read only: we add our own `<c/>`
    /// when broadcasting).
    pub caps: Option<Caps>,
    /// XEP-0153: the sender's vCard photo hash, if the presence says.
    pub photo: PhotoHash,
}

impl TryFrom<&Element> for Presence {
    type Error = ParseError;

    fn try_from(e: &Element) -> Result<Presence, ParseError> {
        if !e.is("presence", ns::CLIENT) {
            return Err(ParseError::WrongElement {
                expected: "presence",
            });
        }
        let kind = match e.get_attr("type") {
            None => PresenceType::Available,
            Some("unavailable") => PresenceType::Unavailable,
            Some("subscribe") => PresenceType::Subscribe,
            Some("subscribed") => PresenceType::Subscribed,
            Some("unsubscribe") => PresenceType::Unsubscribe,
            Some("unsubscribed") => PresenceType::Unsubscribed,
            Some("probe") => PresenceType::Probe,
            Some("error") => PresenceType::Error,
            Some(other) => {
                return Err(ParseError::BadAttribute {
                    name: "type",
                    value: other.into(),
                })
            }
        };
        let show = match e
            .get_child("show", ns::CLIENT)
            .map(Element::text_content)
            .as_deref()
        {
            None => Show::Online,
            Some("chat") => Show::Chat,
            Some("away") => Show::Away,
            Some("xa") => Show::Xa,
            Some("dnd") => Show::Dnd,
            // RFC 6121 §4.7.2.1 allows nothing else; be lenient and treat it as online.
            Some(_) => Show::Online,
        };
        // Several <status xml:lang=…/> may come; we take the first (language choice is later work).
        let status = e.get_child("status", ns::CLIENT).map(Element::text_content);
        let priority = e
            .get_child("priority", ns::CLIENT)
            .and_then(|p| p.text_content().trim().parse::<i8>().ok())
            .unwrap_or(0);
        let error = e
            .get_child("error", ns::CLIENT)
            .map(StanzaError::try_from)
            .transpose()?;
        let caps = Caps::from_presence(e);
        Ok(Presence {
            from: jid_attr(e, "from")?,
            to: jid_attr(e, "to")?,
            id: e.get_attr("id").map(str::to_owned),
            kind,
            show,
            status,
            priority,
            error,
            caps,
            photo: PhotoHash::from_presence(e),
        })
    }
}

impl From<&Presence> for Element {
    fn from(p: &Presence) -> Element {
        let mut e = Element::new("presence", ns::CLIENT)
            .attr_opt("to", p.to.as_ref().map(Jid::to_string))
            .attr_opt("id", p.id.as_deref())
            .attr_opt("type", p.kind.as_attr());
        if let Some(show) = p.show.as_str() {
            e.push_child(Element::new("show", ns::CLIENT).text(show));
        }
        if let Some(status) = p.status.as_deref().filter(|s| !s.is_empty()) {
            e.push_child(Element::new("status", ns::CLIENT).text(status));
        }
        if p.priority != 0 {
            e.push_child(Element::new("priority", ns::CLIENT).text(p.priority.to_string()));
        }
        if let Some(caps) = &p.caps {
            e.push_child(caps.into());
        }
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_available_presence_with_show_status_priority() {
        let xml = r#"<presence xmlns="jabber:client" from="bob@localhost/phone" to="alice@localhost/web"><show>dnd</show><status>In a meeting</status><priority>-5</priority></presence>"#;
        let p = Presence::try_from(&Element::parse(xml).unwrap()).unwrap();
        assert_eq!(p.from.as_ref().unwrap().to_string(), "bob@localhost/phone");
        assert_eq!(p.kind, PresenceType::Available);
        assert_eq!(p.show, Show::Dnd);
        assert_eq!(p.status.as_deref(), Some("In a meeting"));
        assert_eq!(p.priority, -5);
        let out = Element::from(&p).to_string();
        assert_eq!(
            out,
            r#"<presence xmlns="jabber:client" to="alice@localhost/web"><show>dnd</show><status>In a meeting</status><priority>-5</priority></presence>"#
        );
    }

    #[test]
    fn parses_types_and_rejects_unknown_ones() {
        let p = Presence::try_from(
            &Element::parse(r#"<presence xmlns="jabber:client" type="unavailable"/>"#).unwrap(),
        )
        .unwrap();
        assert_eq!(p.kind, PresenceType::Unavailable);
        let bad = Element::parse(r#"<presence xmlns="jabber:client" type="invisible"/>"#).unwrap();
        assert!(matches!(
            Presence::try_from(&bad),
            Err(ParseError::BadAttribute { .. })
        ));
        let out_of_range = Element::parse(
            r#"<presence xmlns="jabber:client"><priority>300</priority></presence>"#,
        )
        .unwrap();
        assert_eq!(Presence::try_from(&out_of_range).unwrap().priority, 0);
    }
}
