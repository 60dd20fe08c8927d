//! The stream itself (RFC 7395 framing, RFC 6120 §4): every received element goes to the step
//! of the negotiation it belongs to, or once online to the handler of its stanza kind; the
//! stream's own `<open/>`, `<close/>` and errors are handled here.

use super::state::State;
use super::{is_stanza, unexpected, Session};
use crate::xmpp::condition::StreamCondition;
use crate::xmpp::error::{Error, Redirect};
use crate::xmpp::event::Event;
use crate::xmpp::jid::Jid;
use crate::xmpp::ns;
use crate::xmpp::stanza::features::StreamFeatures;
use crate::xmpp::stanza::framing::{Close, Framing, Open};
use crate::xmpp::stanza::stream_error::StreamError;
use crate::xmpp::stanza::{bookmarks, carbons, Iq, IqPayload, Message, Presence, StanzaError};
use crate::xmpp::xml::Element;

impl Session {
    /// One parsed frame, by what it is and where the negotiation stands.
    pub(super) fn handle_element(&mut self, e: Element) -> Result<(), Error> {
        if e.ns() == ns::FRAMING {
            return self.handle_framing(&e);
        }
        if e.is("error", ns::STREAM) {
            return Err(received_stream_error(&e));
        }
        if e.ns() == ns::SM && matches!(self.state, State::Online { .. } | State::Closing) {
            return self.handle_sm(&e);
        }
        match &self.state {
            State::AwaitingFeatures { authenticated } => {
                let authenticated = *authenticated;
                let features = StreamFeatures::try_from(&e)
                    .map_err(|_| unexpected(&e, "stream negotiation"))?;
                if !authenticated && features.starttls_required {
                    // RFC 7395 §3.7: no STARTTLS over WebSocket; TLS is the socket's (wss://).
                    return Err(Error::TlsRequired);
                }
                if authenticated {
                    self.start_bind(&features)
                } else if self.config.register {
                    self.start_registration(features)
                } else {
                    self.start_sasl(&features)
                }
            }
            State::Registering { .. } => self.handle_registration(&e),
            State::Sasl(_) => self.handle_sasl(&e),
            State::Binding { .. } | State::EstablishingSession { .. } => self.handle_binding(&e),
            State::Resuming => self.handle_resume_answer(&e),
            State::Online { .. } | State::Closing => {
                if is_stanza(&e) {
                    if let Some(sm) = &mut self.sm {
                        sm.count_inbound();
                    }
                }
                self.handle_stanza(&e);
                Ok(())
            }
            State::Closed(_) => Ok(()),
        }
    }

    /// RFC 7395 §3.3: the server's `<open/>` (its stream id) and `<close/>`.
    fn handle_framing(&mut self, e: &Element) -> Result<(), Error> {
        match Framing::try_from(e) {
            Ok(Framing::Open(open)) => {
                self.stream_id = open.id;
                Ok(())
            }
            Ok(Framing::Close(close)) => {
                if matches!(self.state, State::Closing) {
                    self.finish(None);
                } else {
                    // RFC 7395 §3.6: answer the server's close with ours, then the socket goes.
                    self.send_close();
                    self.fail(match close.see_other_uri {
                        // §3.6.1: the service lives elsewhere now.
                        Some(uri) => Error::SeeOther(Redirect::Uri(uri)),
                        None => Error::ClosedByServer,
                    });
                }
                Ok(())
            }
            Err(_) => Err(unexpected(e, "framing")),
        }
    }

    /// A stanza on an established stream, to the handler of its kind.
    fn handle_stanza(&mut self, e: &Element) {
        if e.ns() != ns::CLIENT {
            self.emit(Event::Dropped {
                reason: format!("unsupported top-level <{}/>", e.name()),
            });
            return;
        }
        match e.name() {
            "iq" => self.handle_iq_element(e),
            "message"
                if e.get_child("result", ns::MAM).is_some() && self.is_room_archive_result(e) =>
            {
                self.handle_room_archive_result(e)
            }
            "message" if e.get_child("result", ns::MAM).is_some() => self.handle_archive_result(e),
            "message" if carbons::unwrap(e).is_some() => self.handle_carbon(e),
            "message" if self.is_invitation(e) => self.handle_invitation(e),
            "message" if self.is_room_message(e) => self.handle_room_message(e),
            "message" if self.is_room_error(e) => self.handle_room_error(e),
            "message" if self.is_room_private_message(e) => self.handle_room_private_message(e),
            "message" if bookmarks::is_notification(e) => self.handle_bookmarks_event(e),
            "message" if super::avatars::is_pubsub_event(e) => self.handle_pubsub_event(e),
            "message" => match Message::try_from(e) {
                Ok(message) => self.handle_message(message),
                Err(err) => self.drop_malformed("message", &err),
            },
            "presence" if self.is_room_presence(e) => self.handle_room_presence(e),
            "presence" => match Presence::try_from(e) {
                Ok(presence) => self.handle_presence(presence),
                Err(err) => self.drop_malformed("presence", &err),
            },
            other => self.emit(Event::Dropped {
                reason: format!("unknown stanza <{other}/>"),
            }),
        }
    }

    /// An IQ, parsed. A malformed request still gets an answer when it can be addressed
    /// (RFC 6120 §8.2.3: `bad-request`), so the sender is not left waiting; anything else
    /// malformed is dropped.
    fn handle_iq_element(&mut self, e: &Element) {
        let err = match Iq::try_from(e) {
            Ok(iq) => return self.handle_iq(iq),
            Err(err) => err,
        };
        self.drop_malformed("IQ", &err);
        let is_request = matches!(e.get_attr("type"), Some("get" | "set"));
        let from = e.get_attr("from").map(Jid::parse).transpose();
        if let (true, Some(id), Ok(from)) = (is_request, e.get_attr("id"), from) {
            let reply = Iq {
                from: None,
                to: from,
                id: id.to_owned(),
                payload: IqPayload::Error(StanzaError::bad_request()),
            };
            self.transmit(&Element::from(&reply));
        }
    }

    /// Our `<open/>` (RFC 7395 §3.4), also after SASL (§3.5).
    pub(super) fn send_open(&mut self) {
        let open = Open::to(self.config.jid.domain());
        self.transmit(&Element::from(&open));
    }

    /// Our `<close/>` (RFC 7395 §3.6): nothing may follow it.
    pub(super) fn send_close(&mut self) {
        self.transmit(&Element::from(&Close::default()));
        self.close_sent = true;
    }

    /// A stream error of ours (RFC 6120 §4.9), before the `<close/>` that follows it.
    pub(super) fn send_stream_error(
        &mut self,
        condition: StreamCondition,
        detail: Option<Element>,
    ) {
        let error = StreamError {
            detail,
            ..StreamError::new(condition)
        };
        self.transmit(&Element::from(&error));
    }
}

/// The server's stream error as our error: a redirect (§4.9.3.19) or a typed condition.
fn received_stream_error(e: &Element) -> Error {
    match StreamError::try_from(e) {
        Ok(StreamError {
            see_other_host: Some(host),
            ..
        }) => Error::SeeOther(Redirect::Host(host)),
        Ok(error) => Error::StreamError {
            condition: error.condition,
            text: error.text,
        },
        Err(_) => Error::StreamError {
            condition: StreamCondition::UndefinedCondition,
            text: None,
        },
    }
}
