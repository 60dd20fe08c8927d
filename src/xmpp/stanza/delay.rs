//! Delayed delivery (XEP-0203): `<delay from=… stamp=…/>` says when a message was first sent,
//! for one kept while we were offline or forwarded from an archive.
//!
//! Anyone can put a `<delay/>` in a message, so a stamp dates a message only when our own
//! server added it (the session decides whose it trusts) and never lies in the future
//! ([`time_sent`]): otherwise a stranger could back- or future-date a message and pin their
//! conversation to the top of the list.

use super::date::DateTime;
use super::{jid_attr, ParseError};
use crate::xmpp::jid::Jid;
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// How far ahead of our clock a trusted stamp may be (clocks differ a little): beyond it the
/// time we received the message counts instead.
pub const MAX_CLOCK_SKEW_MS: i64 = 5 * 60 * 1000;

/// One `<delay/>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delay {
    /// Who delayed it (offline storage: our server).
    pub from: Option<Jid>,
    /// When the message was first sent.
    pub stamp: DateTime,
}

impl Delay {
    /// Every readable `<delay/>` of a message, in document order (a server appends its own
    /// after any the sender wrote).
    pub fn all_in(message: &Element) -> Vec<Delay> {
        message
            .children()
            .filter(|c| c.is("delay", ns::DELAY))
            .filter_map(|d| Delay::try_from(d).ok())
            .collect()
    }
}

impl TryFrom<&Element> for Delay {
    type Error = ParseError;

    fn try_from(e: &Element) -> Result<Delay, ParseError> {
        if !e.is("delay", ns::DELAY) {
            return Err(ParseError::WrongElement { expected: "delay" });
        }
        let stamp = e
            .get_attr("stamp")
            .ok_or(ParseError::MissingAttribute("stamp"))?;
        Ok(Delay {
            from: jid_attr(e, "from")?,
            stamp: DateTime::parse(stamp).map_err(|_| ParseError::BadAttribute {
                name: "stamp",
                value: stamp.to_owned(),
            })?,
        })
    }
}

impl From<&Delay> for Element {
    fn from(delay: &Delay) -> Element {
        Element::new("delay", ns::DELAY)
            .attr_opt("from", delay.from.as_ref().map(Jid::to_string))
            .attr("stamp", delay.stamp.to_string())
    }
}

/// The stamp of the last `<delay/>` of a message, when `appends` says its `from` is the entity
/// that appends its own (our server for offline storage, a room for its history): it writes
/// after whatever the sender wrote, so only the last one can be its.
pub fn appended_by(delays: &[Delay], appends: impl Fn(&Jid) -> bool) -> Option<DateTime> {
    let last = delays.last()?;
    last.from
        .as_ref()
        .is_some_and(appends)
        .then_some(last.stamp)
}

/// When a message was sent, in Unix milliseconds: its trusted stamp, unless that lies more
/// than [`MAX_CLOCK_SKEW_MS`] after the moment we received it.
pub fn time_sent(stamp: Option<DateTime>, received_unix_ms: i64) -> i64 {
    match stamp.map(DateTime::unix_millis) {
        Some(sent) if sent <= received_unix_ms.saturating_add(MAX_CLOCK_SKEW_MS) => sent,
        _ => received_unix_ms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmpp::stanza::tests::message;

    #[test]
    fn reads_every_delay_in_order_and_round_trips() {
        let m = message(
            r#"<body>hi</body><delay xmlns="urn:xmpp:delay" from="bob@example.org" stamp="2020-01-01T00:00:00Z"/><delay xmlns="urn:xmpp:delay" stamp="not a date"/><delay xmlns="urn:xmpp:delay" from="example.org" stamp="2026-11-24T10:00:00Z">Offline Storage</delay>"#,
        );
        let delays = Delay::all_in(&m);
        assert_eq!(delays.len(), 2, "the unreadable stamp is skipped");
        assert_eq!(
            delays[1].from.as_ref().map(ToString::to_string).as_deref(),
            Some("example.org")
        );
        assert_eq!(delays[1].stamp.to_string(), "2026-11-24T10:00:00Z");
        let again = Delay::try_from(&Element::from(&delays[1])).unwrap();
        assert_eq!(again, delays[1]);
    }

    #[test]
    fn a_stamp_in_the_past_dates_the_message() {
        let stamp = DateTime::parse("2026-11-24T10:00:00Z").unwrap();
        let received = stamp.unix_millis() + 3_600_000;
        assert_eq!(time_sent(Some(stamp), received), stamp.unix_millis());
        assert_eq!(time_sent(None, received), received);
    }

    #[test]
    fn a_stamp_in_the_future_beyond_the_skew_is_ignored() {
        let received = DateTime::parse("2026-11-24T10:00:00Z")
            .unwrap()
            .unix_millis();
        let slightly_ahead = DateTime::from_unix_millis(received + 60_000).unwrap();
        assert_eq!(time_sent(Some(slightly_ahead), received), received + 60_000);
        let next_year = DateTime::parse("2027-11-24T10:00:00Z").unwrap();
        assert_eq!(time_sent(Some(next_year), received), received);
    }
}
