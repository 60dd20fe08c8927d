//! Stream management on our side of the stream (XEP-0198): answering ack requests, applying
//! the server's acks to what we sent, asking for acks while a message is unacknowledged, and
//! the answer to `<resume/>`. The counters themselves live in `xmpp::sm`.

use super::state::State;
use super::{unexpected, Session};
use crate::xmpp::condition::StreamCondition;
use crate::xmpp::error::Error;
use crate::xmpp::event::{Event, Output};
use crate::xmpp::ns;
use crate::xmpp::sm::{StreamManagement, Unacked};
use crate::xmpp::stanza::sm::{handled_count_too_high, Nonza};
use crate::xmpp::xml::Element;

/// Unacknowledged stanzas of any kind after which we ask for an ack even without a message
/// among them: presence and IQs must not pile up in a long quiet session.
pub const ACK_REQUEST_EVERY: usize = 50;
/// The most stanzas we keep waiting for an ack. A server that lets this many go unconfirmed has
/// stopped acking: the session ends (`Error::TooManyUnacked`) and a new one resends the
/// messages among them, instead of the page growing without limit.
pub const MAX_UNACKED: usize = 5_000;

impl Session {
    /// XEP-0198 nonzas on an established stream: ack requests, acks, the answer to `<enable/>`.
    pub(super) fn handle_sm(&mut self, e: &Element) -> Result<(), Error> {
        let nonza = match Nonza::try_from(e) {
            Ok(nonza) => nonza,
            // An ack whose `h` is not a number cannot be applied: the stream is broken.
            Err(_) if e.name() == "a" => return Err(unexpected(e, "stream management")),
            Err(_) => {
                self.emit(Event::Dropped {
                    reason: format!("unknown stream management element <{}/>", e.name()),
                });
                return Ok(());
            }
        };
        match nonza {
            Nonza::Request => {
                if let Some(sm) = &self.sm {
                    let ack = Nonza::Ack { h: sm.inbound() };
                    self.send_nonza(&ack);
                }
                Ok(())
            }
            Nonza::Ack { h } => {
                let Some(sm) = &mut self.sm else {
                    return Ok(());
                };
                match sm.handle_ack(h) {
                    Ok(acked) => {
                        self.report_acked(acked);
                        self.request_ack();
                        Ok(())
                    }
                    Err(too_high) => {
                        // XEP-0198 §4: a count we cannot have earned ends the stream.
                        let detail = handled_count_too_high(too_high.h, too_high.sent);
                        self.send_stream_error(StreamCondition::UndefinedCondition, Some(detail));
                        Err(Error::AckTooHigh(too_high))
                    }
                }
            }
            Nonza::Enabled { id, resume } => {
                if let Some(sm) = &mut self.sm {
                    sm.set_resume_id(id.filter(|_| resume));
                }
                Ok(())
            }
            Nonza::Failed { .. } => {
                self.sm = None;
                self.emit(Event::Dropped {
                    reason: "the server refused stream management".into(),
                });
                Ok(())
            }
            Nonza::Enable { .. } | Nonza::Resume { .. } | Nonza::Resumed { .. } => {
                self.emit(Event::Dropped {
                    reason: format!("unexpected stream management element <{}/>", e.name()),
                });
                Ok(())
            }
        }
    }

    /// Tells the application which of its messages the server now holds.
    pub(super) fn report_acked(&mut self, acked: Vec<Unacked>) {
        for stanza in acked {
            if let Some(id) = stanza.message_id {
                self.emit(Event::MessageAcked { id });
            }
        }
    }

    /// Asks the server for an ack while a message of ours is unacknowledged, or once many
    /// stanzas of any kind are (one `<r/>` at a time).
    pub(super) fn request_ack(&mut self) {
        let Some(sm) = &mut self.sm else {
            return;
        };
        let worth_asking =
            sm.unacked_count() >= ACK_REQUEST_EVERY || sm.unacked().any(Unacked::is_message);
        if worth_asking && sm.should_request_ack() {
            self.send_nonza(&Nonza::Request);
        }
    }

    /// Tells the server how many of its stanzas we handled, unasked: before we close the stream
    /// (XEP-0198 §4 recommends it), so what we did receive is not put back in offline storage
    /// and delivered again at the next login.
    pub(super) fn ack_before_closing(&mut self) {
        if let Some(sm) = &self.sm {
            let ack = Nonza::Ack { h: sm.inbound() };
            self.send_nonza(&ack);
        }
    }

    /// After binding (XEP-0198 §3): our counters start now.
    pub(super) fn enable_stream_management(&mut self) {
        self.send_nonza(&Nonza::Enable { resume: true });
        self.sm = Some(StreamManagement::new());
    }

    /// A nonza: not a stanza, so never counted or kept for resending.
    fn send_nonza(&mut self, nonza: &Nonza) {
        self.outputs
            .push_back(Output::Transmit(Element::from(nonza).to_string()));
    }

    /// Asks the server to resume the previous stream (XEP-0198 §5) instead of binding.
    pub(super) fn send_resume(&mut self, h: u32, previd: String) {
        self.transmit(&Element::from(&Nonza::Resume { h, previd }));
        self.state = State::Resuming;
    }

    /// The answer to `<resume/>`: `<resumed/>` continues the old stream (resending what the
    /// server missed), `<failed/>` falls back to binding a fresh one.
    pub(super) fn handle_resume_answer(&mut self, e: &Element) -> Result<(), Error> {
        let Some(mut previous) = self.carried.take() else {
            return Err(unexpected(e, "stream resumption"));
        };
        let answer = match Nonza::try_from(e) {
            // A `<failed/>` whose `h` does not parse still says the resumption failed.
            Err(_) if e.is("failed", ns::SM) => Ok(Nonza::Failed {
                h: None,
                condition: None,
            }),
            other => other,
        };
        match answer {
            Ok(Nonza::Resumed { h, previd }) if Some(&previd) == previous.previd.as_ref() => {
                let acked = match previous.acknowledge(h) {
                    Ok(acked) => acked,
                    // XEP-0198 §4: the server says it handled more than we ever sent. Our
                    // counters are saved with every stanza we send, so this is the server's
                    // error, and resending (or not) on its word could lose or double messages.
                    Err(too_high) => {
                        let detail = handled_count_too_high(too_high.h, too_high.sent);
                        self.send_stream_error(StreamCondition::UndefinedCondition, Some(detail));
                        return Err(Error::AckTooHigh(too_high));
                    }
                };
                self.report_acked(acked);
                self.keep_rooms(&previous.rooms);
                let jid = previous.jid.clone();
                let sm = StreamManagement::resumed(previous);
                let resend: Vec<String> = sm.unacked().map(|u| u.frame.clone()).collect();
                self.sm = Some(sm);
                self.negotiation_deadline = None;
                self.last_jid = Some(jid.clone());
                self.state = State::Online { jid: jid.clone() };
                self.emit(Event::Resumed { jid });
                // XEP-0198 §5: whatever the server had not handled goes again, in order.
                for frame in resend {
                    self.outputs.push_back(Output::Transmit(frame));
                }
                // Now counted by the resumed stream: the rooms left while offline are left, the
                // others asked whether they still have us.
                self.after_resuming_rooms();
                self.request_ack();
                Ok(())
            }
            Ok(Nonza::Failed { h, condition }) => {
                if let Some(h) = h {
                    // The server says how much it handled: those must not go twice.
                    if let Ok(acked) = previous.acknowledge(h) {
                        self.report_acked(acked);
                    }
                }
                let condition = condition.unwrap_or_else(|| "undefined-condition".into());
                self.emit(Event::Dropped {
                    reason: format!("stream resumption refused ({condition}): starting afresh"),
                });
                previous.previd = None;
                self.carried = Some(previous);
                self.send_bind();
                Ok(())
            }
            _ => {
                self.carried = Some(previous);
                Err(unexpected(e, "stream resumption"))
            }
        }
    }
}
