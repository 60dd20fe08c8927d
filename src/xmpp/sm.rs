//! XEP-0198 stream management: the two `h` counters, the stanzas the server has not yet
//! acknowledged, and what a dropped session hands to the next one to resume it.
//!
//! Both counters start at zero when we send `<enable/>` (XEP-0198 §4) and wrap at 2^32, so all
//! arithmetic on them is `wrapping_*`. The session owns one [`StreamManagement`] while it is
//! enabled; this module never builds or parses frames beyond the `h` it is given.

use std::collections::VecDeque;
use std::fmt;

use super::jid::{BareJid, FullJid, Jid};
use super::stanza::mam::ArchiveAnchor;
use super::stanza::{Message, MessageType};
use super::xml::Element;

/// A stanza we sent and the server has not acknowledged yet.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Unacked {
    /// The serialized stanza, resent as is.
    pub frame: String,
    /// The `id` of a `<message/>`; `None` for presence and IQs (a fresh session redoes those).
    pub message_id: Option<String>,
}

impl Unacked {
    /// True for a `<message/>`, the only kind worth resending in a fresh session.
    pub fn is_message(&self) -> bool {
        self.message_id.is_some()
    }
}

/// The server acknowledged more stanzas than we ever sent (XEP-0198 §4): its `h` is bogus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AckTooHigh {
    /// The `h` the server sent.
    pub h: u32,
    /// How many stanzas we had sent, modulo 2^32.
    pub sent: u32,
}

impl fmt::Display for AckTooHigh {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the server acknowledged {} stanzas but we sent only {}",
            self.h, self.sent
        )
    }
}

/// Stream management state of one enabled stream.
#[derive(Debug, Clone, Default)]
pub struct StreamManagement {
    /// Stanzas we handled from the server since `<enable/>`, modulo 2^32: our `h`.
    inbound: u32,
    /// The last `h` the server sent us: how many of our stanzas it has handled.
    acked: u32,
    /// Stanzas sent after `acked`, oldest first.
    unacked: VecDeque<Unacked>,
    /// True while a `<r/>` of ours is unanswered: one request at a time is enough.
    ack_requested: bool,
    /// The id to resume with, when the server allowed resumption.
    resume_id: Option<String>,
}

impl StreamManagement {
    /// Fresh counters, as right after sending `<enable/>`.
    pub fn new() -> StreamManagement {
        StreamManagement::default()
    }

    /// Counters carried over from a dropped stream that the server has just resumed.
    pub fn resumed(from: Resumption) -> StreamManagement {
        StreamManagement {
            inbound: from.inbound,
            acked: from.acked,
            unacked: from.unacked.into(),
            ack_requested: false,
            resume_id: from.previd,
        }
    }

    /// The server confirmed `<enabled/>`; `resume_id` is set when it allows resumption.
    pub fn set_resume_id(&mut self, resume_id: Option<String>) {
        self.resume_id = resume_id;
    }

    /// Counts one stanza received from the server.
    pub fn count_inbound(&mut self) {
        self.inbound = self.inbound.wrapping_add(1);
    }

    /// How many stanzas wait for the server's ack.
    pub fn unacked_count(&self) -> usize {
        self.unacked.len()
    }

    /// Our `h`: the value for `<a h='…'/>` and `<resume h='…'/>`.
    pub fn inbound(&self) -> u32 {
        self.inbound
    }

    /// Remembers a stanza we just sent until the server acknowledges it.
    pub fn track_sent(&mut self, stanza: Unacked) {
        self.unacked.push_back(stanza);
    }

    /// Whether to send `<r/>` now: something is unacknowledged and no request is out. Marks the
    /// request as sent when it says yes.
    pub fn should_request_ack(&mut self) -> bool {
        if self.ack_requested || self.unacked.is_empty() {
            return false;
        }
        self.ack_requested = true;
        true
    }

    /// Applies the server's `h`: forgets the stanzas it covers and returns them, oldest first.
    pub fn handle_ack(&mut self, h: u32) -> Result<Vec<Unacked>, AckTooHigh> {
        self.ack_requested = false;
        let newly_acked = h.wrapping_sub(self.acked) as usize;
        if newly_acked > self.unacked.len() {
            return Err(AckTooHigh {
                h,
                sent: self.sent(),
            });
        }
        self.acked = h;
        Ok(self.unacked.drain(..newly_acked).collect())
    }

    /// How many stanzas we sent since `<enable/>`, modulo 2^32.
    pub fn sent(&self) -> u32 {
        self.acked.wrapping_add(self.unacked.len() as u32)
    }

    /// The stanzas still unacknowledged, oldest first (to resend after a resume).
    pub fn unacked(&self) -> impl Iterator<Item = &Unacked> {
        self.unacked.iter()
    }

    /// What the next session needs to resume this stream or at least resend its messages.
    pub fn resumption(&self, jid: FullJid) -> Resumption {
        Resumption {
            previd: self.resume_id.clone(),
            inbound: self.inbound,
            acked: self.acked,
            unacked: self.unacked.iter().cloned().collect(),
            jid,
            anchor: None,
            rooms: Vec::new(),
        }
    }
}

/// What a dropped session leaves to the next one: how to resume the stream (XEP-0198 §5) and
/// the stanzas the server never acknowledged. Pass it in [`super::Config::resume`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Resumption {
    /// The stream management id, if the server allowed resumption.
    pub(crate) previd: Option<String>,
    pub(crate) inbound: u32,
    pub(crate) acked: u32,
    pub(crate) unacked: Vec<Unacked>,
    /// The full JID the stream was bound to: a resumed stream keeps it.
    pub(crate) jid: FullJid,
    /// How far we know our archive: a fresh session catches up from there.
    pub(crate) anchor: Option<ArchiveAnchor>,
    /// The rooms we were joining or in (XEP-0045): a resumed stream is still in them, a fresh
    /// session joins them again. Absent from what older releases stored.
    #[serde(default)]
    pub(crate) rooms: Vec<CarriedRoom>,
}

/// A room a dropped session was joining or in, and the nick it had there.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CarriedRoom {
    /// The room's address.
    pub room: BareJid,
    /// Our nick in it.
    pub nick: String,
    /// Whether the room had let us in (its own presence came back), rather than still joining.
    pub joined: bool,
    /// Left while offline: a resumed stream leaves it, a fresh session does not join it again.
    #[serde(default)]
    pub leaving: bool,
    /// The room keeps an archive (XEP-0313): joining again asks for no history and reads the
    /// archive from [`CarriedRoom::last_stanza_id`] instead.
    #[serde(default)]
    pub archived: bool,
    /// The room archive's id of the newest message we have from it: where reading its archive
    /// starts after a fresh session, so nothing said meanwhile is missed.
    #[serde(default)]
    pub last_stanza_id: Option<String>,
    /// Carried within this page, whose timeline still holds the room's lines; a page loaded
    /// from storage has none (never stored), so it reads the room's latest page instead.
    #[serde(skip)]
    pub on_this_page: bool,
    /// The password we joined with (XEP-0045 §7.2.5), so a fresh session can join a
    /// password-protected room again. Carried within this page only, never stored: a reloaded
    /// page asks the user again (the join dialog explains the refusal).
    #[serde(skip)]
    pub password: Option<String>,
}

impl Resumption {
    /// Nothing to resume or resend (a session without stream management): only where the
    /// archive stood, if we knew, and the rooms to join again.
    pub(crate) fn without_stream(jid: FullJid, anchor: Option<ArchiveAnchor>) -> Resumption {
        Resumption {
            previd: None,
            inbound: 0,
            acked: 0,
            unacked: Vec::new(),
            jid,
            anchor,
            rooms: Vec::new(),
        }
    }

    /// The user left `room` while we were offline: the next session leaves it or does not join
    /// it again.
    pub fn mark_left(&mut self, room: &BareJid) {
        for carried in self.rooms.iter_mut().filter(|r| &r.room == room) {
            carried.leaving = true;
        }
    }

    /// True when the server let us resume the stream (rather than start a fresh one).
    pub fn can_resume(&self) -> bool {
        self.previd.is_some()
    }

    /// Ids of our messages the server has not acknowledged: they are sent again, once.
    pub fn unacked_message_ids(&self) -> impl Iterator<Item = &str> {
        self.unacked.iter().filter_map(|u| u.message_id.as_deref())
    }

    /// The account this belongs to.
    pub fn jid(&self) -> &FullJid {
        &self.jid
    }

    /// Our unacknowledged messages as `(id, to, body)`, oldest first: what a page that reloads
    /// shows as sent while the next session sends them again.
    pub fn unacked_messages(&self) -> Vec<(String, Jid, String)> {
        self.unacked
            .iter()
            .filter_map(|u| {
                let message = Message::try_from(&Element::parse(&u.frame).ok()?).ok()?;
                let to = message.to?;
                // A room's lines (and private lines to its occupants) are the room's to show
                // again, when it reflects them: not a conversation with the room's address.
                let in_room = self.rooms.iter().any(|r| &r.room == to.bare());
                if message.kind != MessageType::Chat || in_room {
                    return None;
                }
                Some((u.message_id.clone()?, to, message.body?))
            })
            .collect()
    }

    /// For a session that cannot resume this stream (the page reloaded and lost the roster
    /// the stream would keep): only the messages to resend and the archive position remain.
    pub fn into_fresh_start(mut self) -> Resumption {
        self.previd = None;
        self.unacked.retain(Unacked::is_message);
        self
    }

    /// Keeps only what the server has not handled according to its `h` on `<resumed/>` or
    /// `<failed/>`; returns what it had handled.
    pub(crate) fn acknowledge(&mut self, h: u32) -> Result<Vec<Unacked>, AckTooHigh> {
        let mut sm = StreamManagement::resumed(self.clone());
        let acked = sm.handle_ack(h)?;
        self.acked = h;
        self.unacked = sm.unacked.into();
        Ok(acked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stanza(n: u32) -> Unacked {
        Unacked {
            frame: format!("<message id='m{n}'/>"),
            message_id: Some(format!("m{n}")),
        }
    }

    #[test]
    fn an_ack_forgets_exactly_the_stanzas_it_covers() {
        let mut sm = StreamManagement::new();
        for n in 0..5 {
            sm.track_sent(stanza(n));
        }
        let acked = sm.handle_ack(3).expect("h within what we sent");
        assert_eq!(acked, vec![stanza(0), stanza(1), stanza(2)]);
        assert_eq!(
            sm.unacked().cloned().collect::<Vec<_>>(),
            vec![stanza(3), stanza(4)]
        );
        assert_eq!(sm.handle_ack(3).expect("a repeated h is fine"), vec![]);
        assert_eq!(sm.sent(), 5);
    }

    #[test]
    fn an_ack_beyond_what_we_sent_is_an_error() {
        let mut sm = StreamManagement::new();
        sm.track_sent(stanza(0));
        assert_eq!(sm.handle_ack(2), Err(AckTooHigh { h: 2, sent: 1 }));
    }

    #[test]
    fn the_outbound_count_wraps_at_two_to_the_32() {
        let mut sm = StreamManagement::new();
        sm.acked = u32::MAX - 1;
        for n in 0..4 {
            sm.track_sent(stanza(n));
        }
        // u32::MAX - 1 + 3 wraps to 1.
        let acked = sm.handle_ack(1).expect("h after wrap-around");
        assert_eq!(acked, vec![stanza(0), stanza(1), stanza(2)]);
        assert_eq!(sm.sent(), 2);
        assert_eq!(
            sm.handle_ack(3),
            Err(AckTooHigh { h: 3, sent: 2 }),
            "still checked after wrapping"
        );
    }

    #[test]
    fn the_inbound_count_wraps_at_two_to_the_32() {
        let mut sm = StreamManagement::new();
        sm.inbound = u32::MAX;
        sm.count_inbound();
        assert_eq!(sm.inbound(), 0);
        sm.count_inbound();
        assert_eq!(sm.inbound(), 1);
    }

    #[test]
    fn one_ack_request_at_a_time() {
        let mut sm = StreamManagement::new();
        assert!(!sm.should_request_ack(), "nothing to acknowledge");
        sm.track_sent(stanza(0));
        assert!(sm.should_request_ack());
        sm.track_sent(stanza(1));
        assert!(!sm.should_request_ack(), "the first request is still out");
        sm.handle_ack(1).expect("valid h");
        assert!(sm.should_request_ack(), "stanza 1 is still unacknowledged");
    }

    #[test]
    fn a_fresh_start_keeps_only_messages() {
        let mut sm = StreamManagement::new();
        sm.set_resume_id(Some("sm-1".into()));
        sm.track_sent(Unacked {
            frame: r#"<message xmlns="jabber:client" to="bob@localhost" id="m1" type="chat"><body>a &lt;b&gt; &amp; "c"</body></message>"#.into(),
            message_id: Some("m1".into()),
        });
        sm.track_sent(Unacked {
            frame: r#"<presence xmlns="jabber:client"/>"#.into(),
            message_id: None,
        });
        let mut resumption = sm.resumption(FullJid::parse("alice@localhost/web").unwrap());
        resumption.anchor = Some(ArchiveAnchor::After("A9".into()));
        let back = resumption;
        assert_eq!(
            back.unacked_messages(),
            vec![(
                "m1".to_owned(),
                Jid::parse("bob@localhost").unwrap(),
                "a <b> & \"c\"".to_owned()
            )]
        );
        let fresh = back.into_fresh_start();
        assert!(!fresh.can_resume());
        assert_eq!(
            fresh.unacked.len(),
            1,
            "only the message is worth resending"
        );
    }

    #[test]
    fn a_resumption_keeps_counters_and_unacked_stanzas() {
        let mut sm = StreamManagement::new();
        sm.set_resume_id(Some("sm-1".into()));
        sm.count_inbound();
        sm.track_sent(stanza(0));
        sm.track_sent(Unacked {
            frame: "<presence/>".into(),
            message_id: None,
        });
        let jid = FullJid::parse("alice@localhost/web").expect("valid JID");
        let mut resumption = sm.resumption(jid);
        assert!(resumption.can_resume());
        assert_eq!(
            resumption.unacked_message_ids().collect::<Vec<_>>(),
            vec!["m0"]
        );
        assert_eq!(resumption.acknowledge(1).expect("valid h"), vec![stanza(0)]);
        let resumed = StreamManagement::resumed(resumption);
        assert_eq!(resumed.inbound(), 1);
        assert_eq!(resumed.sent(), 2);
    }
}
