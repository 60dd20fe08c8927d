//! The status codes a room puts in its `muc#user` presences and messages (XEP-0045 §12, the
//! registry of §16.6): why the presence or message came, in numbers the client turns into
//! words of its own.

use super::MUC_USER;
use crate::xmpp::stanza::ParseError;
use crate::xmpp::xml::Element;

/// One `<status code='…'/>`: what a room presence or message means for the user reading it.
///
/// The XEP's 1xx codes inform, 2xx say all is well, 3xx say someone left (and why); x7x are
/// about privacy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusCode {
    /// 100: everyone in the room can see your real address (JID), not only the moderators.
    NonAnonymous,
    /// 101: your affiliation (owner, admin, member, banned) changed while you were away.
    AffiliationChangedWhileAway,
    /// 102: the room now lists its members even while they are offline.
    ShowsUnavailableMembers,
    /// 103: the room no longer lists its members while they are offline.
    HidesUnavailableMembers,
    /// 104: the room's settings changed (nothing about privacy): worth reading them again.
    ConfigurationChanged,
    /// 110: this presence is about you (the room's view of your own occupancy).
    SelfPresence,
    /// 170: the room keeps a log of what is said, possibly public.
    LoggingEnabled,
    /// 171: the room no longer keeps a log.
    LoggingDisabled,
    /// 172: from now on everyone in the room can see real addresses (JIDs).
    NowNonAnonymous,
    /// 173: from now on only moderators can see real addresses (JIDs).
    NowSemiAnonymous,
    /// 174: from now on nobody can see real addresses (JIDs). Registered for the fully
    /// anonymous rooms XEP-0045 has since deprecated.
    NowFullyAnonymous,
    /// 201: you created this room; it stays locked to others until it is configured (an
    /// instant room takes the defaults).
    RoomCreated,
    /// 210: the room chose or changed your nickname (it may not be the one you asked for).
    NickAssigned,
    /// 301: this person was banned from the room.
    Banned,
    /// 303: this person now goes by another nickname (given in the item's `nick`).
    NickChanged,
    /// 307: this person was kicked out of the room.
    Kicked,
    /// 321: this person was removed because their affiliation changed (no longer a member).
    RemovedAffiliationChange,
    /// 322: this person was removed because the room became members-only and they are not a
    /// member.
    RemovedMembersOnly,
    /// 332: this person was removed because the chat service is shutting down.
    RemovedServiceShutdown,
    /// 333: this person was removed because of a technical problem (their server stopped
    /// answering), not by anyone's decision; a 307 beside it is to be ignored (§11.1).
    RemovedTechnicalError,
    /// A code the registry of XEP-0045 §16.6 does not define (100 to 999): kept, not shown.
    Other(u16),
}

impl StatusCode {
    /// Every registered code with its number, in the registry's order.
    const CODES: [(StatusCode, u16); 20] = [
        (StatusCode::NonAnonymous, 100),
        (StatusCode::AffiliationChangedWhileAway, 101),
        (StatusCode::ShowsUnavailableMembers, 102),
        (StatusCode::HidesUnavailableMembers, 103),
        (StatusCode::ConfigurationChanged, 104),
        (StatusCode::SelfPresence, 110),
        (StatusCode::LoggingEnabled, 170),
        (StatusCode::LoggingDisabled, 171),
        (StatusCode::NowNonAnonymous, 172),
        (StatusCode::NowSemiAnonymous, 173),
        (StatusCode::NowFullyAnonymous, 174),
        (StatusCode::RoomCreated, 201),
        (StatusCode::NickAssigned, 210),
        (StatusCode::Banned, 301),
        (StatusCode::NickChanged, 303),
        (StatusCode::Kicked, 307),
        (StatusCode::RemovedAffiliationChange, 321),
        (StatusCode::RemovedMembersOnly, 322),
        (StatusCode::RemovedServiceShutdown, 332),
        (StatusCode::RemovedTechnicalError, 333),
    ];

    /// The lowest and highest codes the schema allows (XEP-0045 §19.2, `<status/>`).
    const RANGE: std::ops::RangeInclusive<u16> = 100..=999;

    /// The code numbered `code`: a registered one, else [`StatusCode::Other`].
    pub fn from_code(code: u16) -> StatusCode {
        StatusCode::CODES
            .iter()
            .find(|(_, n)| *n == code)
            .map_or(StatusCode::Other(code), |(s, _)| *s)
    }

    /// The number on the wire.
    pub fn code(self) -> u16 {
        match self {
            StatusCode::Other(code) => code,
            known => StatusCode::CODES
                .iter()
                .find(|(s, _)| *s == known)
                .map_or(0, |(_, n)| *n),
        }
    }
}

impl TryFrom<&Element> for StatusCode {
    type Error = ParseError;

    /// A `<status/>` of the `muc#user` namespace; its code must be a number from 100 to 999.
    fn try_from(e: &Element) -> Result<StatusCode, ParseError> {
        if !e.is("status", MUC_USER) {
            return Err(ParseError::WrongElement { expected: "status" });
        }
        let code = e
            .get_attr("code")
            .ok_or(ParseError::MissingAttribute("code"))?;
        match code.trim().parse::<u16>() {
            Ok(n) if StatusCode::RANGE.contains(&n) => Ok(StatusCode::from_code(n)),
            _ => Err(ParseError::BadAttribute {
                name: "code",
                value: code.to_owned(),
            }),
        }
    }
}

impl From<&StatusCode> for Element {
    fn from(status: &StatusCode) -> Element {
        Element::new("status", MUC_USER).attr("code", status.code().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use StatusCode as S;

    /// XEP-0045 §16.6.2 (and 174 from the registry), written out here rather than taken from
    /// the table above, so a wrong number there fails.
    const REGISTRY: [(u16, StatusCode); 20] = [
        (100, S::NonAnonymous),
        (101, S::AffiliationChangedWhileAway),
        (102, S::ShowsUnavailableMembers),
        (103, S::HidesUnavailableMembers),
        (104, S::ConfigurationChanged),
        (110, S::SelfPresence),
        (170, S::LoggingEnabled),
        (171, S::LoggingDisabled),
        (172, S::NowNonAnonymous),
        (173, S::NowSemiAnonymous),
        (174, S::NowFullyAnonymous),
        (201, S::RoomCreated),
        (210, S::NickAssigned),
        (301, S::Banned),
        (303, S::NickChanged),
        (307, S::Kicked),
        (321, S::RemovedAffiliationChange),
        (322, S::RemovedMembersOnly),
        (332, S::RemovedServiceShutdown),
        (333, S::RemovedTechnicalError),
    ];

    fn status(xml: &str) -> Result<StatusCode, ParseError> {
        StatusCode::try_from(&Element::parse(xml).unwrap())
    }

    #[test]
    fn every_registered_code_is_read_and_written_by_its_number() {
        for (code, status) in REGISTRY {
            assert_eq!(StatusCode::from_code(code), status, "{code}");
            assert_eq!(status.code(), code);
            let element = Element::from(&status);
            assert_eq!(
                element.to_string(),
                format!(r#"<status xmlns="http://jabber.org/protocol/muc#user" code="{code}"/>"#)
            );
            assert_eq!(StatusCode::try_from(&element), Ok(status));
        }
    }

    #[test]
    fn an_unregistered_code_is_kept_as_other() {
        let other = status(r#"<status xmlns="http://jabber.org/protocol/muc#user" code="999"/>"#);
        assert_eq!(other, Ok(StatusCode::Other(999)));
        assert_eq!(StatusCode::Other(999).code(), 999);
        assert_eq!(
            status(r#"<status xmlns="http://jabber.org/protocol/muc#user" code="110"/>"#),
            Ok(StatusCode::SelfPresence)
        );
    }

    #[test]
    fn a_code_outside_100_to_999_or_not_a_number_is_refused() {
        for bad in ["99", "1000", "-110", "abc", "", "65536"] {
            let xml =
                format!(r#"<status xmlns="http://jabber.org/protocol/muc#user" code="{bad}"/>"#);
            assert_eq!(
                status(&xml),
                Err(ParseError::BadAttribute {
                    name: "code",
                    value: bad.to_owned()
                }),
                "{bad:?}"
            );
        }
        assert_eq!(
            status(r#"<status xmlns="http://jabber.org/protocol/muc#user"/>"#),
            Err(ParseError::MissingAttribute("code"))
        );
        assert_eq!(
            status(r#"<status xmlns="jabber:client" code="110"/>"#),
            Err(ParseError::WrongElement { expected: "status" }),
            "a presence's own <status/> is not a room status code"
        );
    }
}
