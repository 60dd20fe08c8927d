//! Getting from `<open/>` to a usable stream: in-band registration (XEP-0077), SASL (RFC 6120
//! §6), resource binding (§7) with the legacy session where required, or resuming the previous
//! stream instead (XEP-0198 §5).

use super::state::{SaslState, State};
use super::{unexpected, Session};
use crate::xmpp::error::Error;
use crate::xmpp::event::Event;
use crate::xmpp::jid::FullJid;
use crate::xmpp::ns;
use crate::xmpp::sasl::{plain_message, Mechanism, SaslError, ScramClient, Secret};
use crate::xmpp::sm::Unacked;
use crate::xmpp::stanza::bind::{self, BindRequest, Bound};
use crate::xmpp::stanza::features::StreamFeatures;
use crate::xmpp::stanza::register::Registration;
use crate::xmpp::stanza::sasl::Sasl;
use crate::xmpp::stanza::{Iq, IqPayload};
use crate::xmpp::xml::Element;
use zeroize::Zeroizing;

impl Session {
    /// XEP-0077 §3.1: registers the account, if the server offers it, before authenticating.
    pub(super) fn start_registration(&mut self, features: StreamFeatures) -> Result<(), Error> {
        if !features.register {
            return Err(Error::RegistrationUnavailable);
        }
        let Some(Secret::Password(password)) = self.secret.as_deref() else {
            return Err(Error::RegistrationUnavailable);
        };
        let registration = Registration {
            username: self.config.jid.local().unwrap_or_default().to_owned(),
            password: password.clone(),
        };
        let iq_id = self.next_id();
        self.transmit(&Element::from(&Iq::set(
            iq_id.clone(),
            None,
            Element::from(&registration),
        )));
        self.state = State::Registering { iq_id, features };
        Ok(())
    }

    /// The answer to our registration: on success, log in with the new account.
    pub(super) fn handle_registration(&mut self, e: &Element) -> Result<(), Error> {
        let iq = match e.is("iq", ns::CLIENT).then(|| Iq::try_from(e)) {
            Some(Ok(iq)) => iq,
            _ => return Err(unexpected(e, "registration")),
        };
        let State::Registering { iq_id, features } =
            std::mem::replace(&mut self.state, State::Closing)
        else {
            return Err(unexpected(e, "registration"));
        };
        if iq.id != iq_id {
            self.state = State::Registering { iq_id, features };
            self.emit(Event::Dropped {
                reason: format!("IQ {:?} does not answer our registration", iq.id),
            });
            return Ok(());
        }
        match iq.payload {
            IqPayload::Result(_) => {
                self.emit(Event::Registered {
                    jid: self.config.jid.clone(),
                });
                self.start_sasl(&features)
            }
            IqPayload::Error(error) => Err(Error::RegistrationFailed(error)),
            IqPayload::Get(_) | IqPayload::Set(_) => Err(unexpected(e, "registration")),
        }
    }

    /// RFC 6120 §6.4.2: the best mechanism we may use here, and its first message.
    pub(super) fn start_sasl(&mut self, features: &StreamFeatures) -> Result<(), Error> {
        let offered = &features.mechanisms;
        let secret = Zeroizing::new(
            self.secret
                .as_deref()
                .cloned()
                .unwrap_or(Secret::Password(String::new())),
        );
        let mechanism = match &*secret {
            Secret::Password(_) => Mechanism::choose(offered, self.config.secure_transport)?,
            Secret::Remembered(credentials) => {
                Mechanism::for_remembered(offered, credentials.hash)?
            }
        };
        let username = self.config.jid.local().unwrap_or_default().to_owned();
        let (initial, state) = match (mechanism, &*secret) {
            (Mechanism::Scram(hash), secret) => {
                let nonce = self.random_token(24);
                let client = ScramClient::with_secret(hash, &username, secret.clone(), &nonce);
                (
                    client.client_first().into_bytes(),
                    SaslState::Scram(Box::new(client)),
                )
            }
            (Mechanism::Plain, Secret::Password(password)) => (
                plain_message(&username, password, self.config.nfkc)?,
                SaslState::Plain,
            ),
            // `for_remembered` only ever picks SCRAM.
            (Mechanism::Plain, Secret::Remembered(_)) => {
                return Err(Error::Sasl(SaslError::RememberedKeysOutdated))
            }
        };
        let auth = Sasl::Auth {
            mechanism: mechanism.name().to_owned(),
            initial,
        };
        self.transmit(&Element::from(&auth));
        self.state = State::Sasl(state);
        Ok(())
    }

    /// The server's challenges, then its verdict.
    pub(super) fn handle_sasl(&mut self, e: &Element) -> Result<(), Error> {
        if e.ns() != ns::SASL {
            return Err(unexpected(e, "authentication"));
        }
        let sasl = match Sasl::try_from(e) {
            Ok(sasl) => sasl,
            Err(_) if matches!(e.name(), "challenge" | "success") => {
                return Err(Error::Sasl(SaslError::MalformedChallenge))
            }
            Err(_) => return Err(unexpected(e, "authentication")),
        };
        let text = |payload: Vec<u8>| {
            String::from_utf8(payload).map_err(|_| Error::Sasl(SaslError::MalformedChallenge))
        };
        match sasl {
            Sasl::Challenge(payload) => {
                let State::Sasl(SaslState::Scram(client)) = &mut self.state else {
                    return Err(Error::Sasl(SaslError::OutOfOrder));
                };
                let reply = client.handle_server_first(&text(payload)?, self.config.nfkc)?;
                self.transmit(&Element::from(&Sasl::Response(reply.into_bytes())));
                Ok(())
            }
            Sasl::Success(payload) => {
                if let State::Sasl(SaslState::Scram(client)) = &self.state {
                    client.verify_server_final(&text(payload)?)?;
                    self.credentials = client.credentials().cloned();
                }
                self.secret = None;
                self.state = State::AwaitingFeatures {
                    authenticated: true,
                };
                // RFC 7395 §3.5: after SASL the stream restarts with a fresh <open/>.
                self.send_open();
                Ok(())
            }
            Sasl::Failure { condition, text } => Err(Error::AuthFailed { condition, text }),
            Sasl::Auth { .. } | Sasl::Response(_) => Err(unexpected(e, "authentication")),
        }
    }

    /// After SASL: resume the previous stream if the server can (XEP-0198 §5), else bind.
    pub(super) fn start_bind(&mut self, features: &StreamFeatures) -> Result<(), Error> {
        if !features.bind {
            return Err(Error::NoBind);
        }
        self.roster_versioning = features.roster_versioning;
        self.session_required = features.session_required;
        self.sm_offered = features.stream_management;
        let resumable = self
            .carried
            .as_ref()
            .filter(|c| c.can_resume())
            .map(|c| (c.inbound, c.previd.clone().unwrap_or_default()));
        match resumable {
            Some((h, previd)) if self.sm_offered => {
                // Resuming replaces binding; the server keeps our old resource.
                self.send_resume(h, previd);
                Ok(())
            }
            _ => {
                if let Some(carried) = &mut self.carried {
                    carried.previd = None;
                }
                self.send_bind();
                Ok(())
            }
        }
    }

    /// RFC 6120 §7: asks for a resource (ours if configured).
    pub(super) fn send_bind(&mut self) {
        let session_required = self.session_required;
        let request = BindRequest {
            resource: self
                .config
                .resource
                .clone()
                .filter(|_| !self.bind_without_resource),
        };
        let iq_id = self.next_id();
        self.transmit(&Element::from(&Iq::set(
            iq_id.clone(),
            None,
            Element::from(&request),
        )));
        self.state = State::Binding {
            iq_id,
            session_required,
        };
    }

    /// The answers to binding and to the legacy session request.
    pub(super) fn handle_binding(&mut self, e: &Element) -> Result<(), Error> {
        if !e.is("iq", ns::CLIENT) {
            // Stanzas may only flow once bound; anything else here is a protocol violation.
            return Err(unexpected(e, "resource binding"));
        }
        let iq = match Iq::try_from(e) {
            Ok(iq) => iq,
            Err(err) => {
                self.emit(Event::Dropped {
                    reason: format!("malformed IQ during binding: {err}"),
                });
                return Ok(());
            }
        };
        match std::mem::replace(&mut self.state, State::Closing) {
            State::Binding {
                iq_id,
                session_required,
            } if iq.id == iq_id => match iq.payload {
                IqPayload::Result(Some(payload)) => {
                    // Only a JID of our own account: the server cannot make us someone else.
                    let jid = Bound::try_from(&payload)
                        .ok()
                        .map(|bound| bound.jid)
                        .filter(|j| j.bare() == &self.config.jid)
                        .ok_or_else(|| unexpected(&payload, "resource binding"))?;
                    if session_required {
                        let iq_id = self.next_id();
                        self.transmit(&Element::from(&Iq::set(
                            iq_id.clone(),
                            None,
                            bind::session(),
                        )));
                        self.state = State::EstablishingSession { iq_id, jid };
                    } else {
                        self.go_online(jid);
                    }
                    Ok(())
                }
                IqPayload::Error(error)
                    if error.condition == "conflict" && !self.bind_without_resource =>
                {
                    // RFC 6120 §7.7.2.2: our resource is taken; let the server name one.
                    self.bind_without_resource = true;
                    self.emit(Event::Dropped {
                        reason: "resource in use: binding a server-assigned one".into(),
                    });
                    self.send_bind();
                    Ok(())
                }
                IqPayload::Error(error) => Err(Error::BindFailed(error)),
                _ => Err(Error::NoBind),
            },
            State::EstablishingSession { iq_id, jid } if iq.id == iq_id => match iq.payload {
                IqPayload::Result(_) => {
                    self.go_online(jid);
                    Ok(())
                }
                IqPayload::Error(error) => Err(Error::BindFailed(error)),
                _ => Err(Error::NoBind),
            },
            other => {
                self.state = other;
                self.emit(Event::Dropped {
                    reason: format!("IQ {:?} does not answer our request", iq.id),
                });
                Ok(())
            }
        }
    }

    /// Bound: stream management, what a dropped stream left unsent, then the roster.
    pub(super) fn go_online(&mut self, jid: FullJid) {
        self.negotiation_deadline = None;
        self.last_jid = Some(jid.clone());
        self.state = State::Online { jid: jid.clone() };
        self.emit(Event::Online { jid });
        if self.sm_offered {
            self.enable_stream_management();
        }
        // Messages a dropped stream never got acknowledged go again, once, in order.
        if let Some(carried) = self.carried.take() {
            // A fresh session is in no room: the ones we were in are joined again first, so a
            // room's unacknowledged line finds us in it again (the room handles in order).
            self.rejoin_rooms(&carried.rooms);
            for stanza in carried.unacked.into_iter().filter(Unacked::is_message) {
                self.transmit_frame(stanza);
            }
        }
        self.request_roster();
    }
}
