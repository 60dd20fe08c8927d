//! Getting from `<open/>` to a usable stream: in-band registration (XEP-0077), SASL (RFC 6120
//! §6), resource binding (§7) with the legacy session where required, or resuming the previous
//! stream instead (XEP-0198 §5).

use super::*;

impl Session {
    /// XEP-0077 §3.1: registers the account, if the server offers it, before authenticating.
    pub(super) fn start_registration(&mut self, features: Element) -> Result<(), Error> {
        if features
            .get_child("register", ns::REGISTER_FEATURE)
            .is_none()
        {
            return Err(Error::RegistrationUnavailable);
        }
        let Some(Secret::Password(password)) = self.secret.clone() else {
            return Err(Error::RegistrationUnavailable);
        };
        let username = self.config.jid.local().unwrap_or_default().to_owned();
        let query = Element::new("query", ns::REGISTER)
            .child(Element::new("username", ns::REGISTER).text(username))
            .child(Element::new("password", ns::REGISTER).text(password));
        let iq_id = self.next_id();
        self.transmit(&Element::from(&Iq::set(iq_id.clone(), None, query)));
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

    pub(super) fn start_sasl(&mut self, features: &Element) -> Result<(), Error> {
        let offered: Vec<String> = features
            .get_child("mechanisms", ns::SASL)
            .map(|m| {
                m.children()
                    .filter(|c| c.is("mechanism", ns::SASL))
                    .map(Element::text_content)
                    .collect()
            })
            .unwrap_or_default();
        let secret = self
            .secret
            .clone()
            .unwrap_or(Secret::Password(String::new()));
        let mechanism = match &secret {
            Secret::Password(_) => Mechanism::choose(&offered, self.config.secure_transport)?,
            Secret::Remembered(credentials) => {
                Mechanism::for_remembered(&offered, credentials.hash)?
            }
        };
        let username = self.config.jid.local().unwrap_or_default().to_owned();
        let (initial, state) = match (mechanism, secret) {
            (Mechanism::Scram(hash), secret) => {
                let nonce = self.random_token(24);
                let client = ScramClient::with_secret(hash, &username, secret, &nonce);
                (
                    BASE64.encode(client.client_first()),
                    SaslState::Scram(Box::new(client)),
                )
            }
            (Mechanism::Plain, Secret::Password(password)) => (
                plain_initial_response(&username, &password),
                SaslState::Plain,
            ),
            // `for_remembered` only ever picks SCRAM.
            (Mechanism::Plain, Secret::Remembered(_)) => {
                return Err(Error::Sasl(
                    crate::xmpp::sasl::SaslError::RememberedKeysOutdated,
                ))
            }
        };
        let auth = Element::new("auth", ns::SASL)
            .attr("mechanism", mechanism.name())
            .text(initial);
        self.transmit(&auth);
        self.state = State::Sasl(state);
        Ok(())
    }

    pub(super) fn handle_sasl(&mut self, e: &Element) -> Result<(), Error> {
        if e.ns() != ns::SASL {
            return Err(unexpected(e, "authentication"));
        }
        let payload = || {
            let text = e.text_content();
            let bytes = BASE64
                .decode(text.trim())
                .map_err(|_| crate::xmpp::sasl::SaslError::MalformedChallenge)?;
            String::from_utf8(bytes).map_err(|_| crate::xmpp::sasl::SaslError::MalformedChallenge)
        };
        match e.name() {
            "challenge" => {
                let State::Sasl(SaslState::Scram(client)) = &mut self.state else {
                    return Err(Error::Sasl(crate::xmpp::sasl::SaslError::OutOfOrder));
                };
                let reply = client.handle_server_first(&payload()?)?;
                let response = Element::new("response", ns::SASL).text(BASE64.encode(reply));
                self.transmit(&response);
                Ok(())
            }
            "success" => {
                if let State::Sasl(SaslState::Scram(client)) = &self.state {
                    client.verify_server_final(&payload()?)?;
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
            "failure" => {
                let condition = e
                    .children()
                    .find(|c| c.name() != "text")
                    .map_or(SaslCondition::NotAuthorized, |c| {
                        SaslCondition::from_name(c.name())
                    });
                let text = e.get_child("text", ns::SASL).map(Element::text_content);
                Err(Error::AuthFailed { condition, text })
            }
            _ => Err(unexpected(e, "authentication")),
        }
    }

    pub(super) fn start_bind(&mut self, features: &Element) -> Result<(), Error> {
        if features.get_child("bind", ns::BIND).is_none() {
            return Err(Error::NoBind);
        }
        self.roster_versioning = features.get_child("ver", ns::ROSTER_VER).is_some();
        self.session_required = features
            .get_child("session", ns::SESSION)
            .is_some_and(|s| s.get_child("optional", ns::SESSION).is_none());
        self.sm_offered = features.get_child("sm", ns::SM).is_some();
        let resumable = self.carried.as_ref().filter(|c| c.can_resume());
        match resumable {
            Some(previous) if self.sm_offered => {
                // XEP-0198 §5: resuming replaces binding; the server keeps our old resource.
                let resume = Element::new("resume", ns::SM)
                    .attr("h", previous.inbound.to_string())
                    .attr("previd", previous.previd.clone().unwrap_or_default());
                self.transmit(&resume);
                self.state = State::Resuming;
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
        let mut bind = Element::new("bind", ns::BIND);
        if let Some(resource) = self
            .config
            .resource
            .as_ref()
            .filter(|_| !self.bind_without_resource)
        {
            bind.push_child(Element::new("resource", ns::BIND).text(resource.as_str()));
        }
        let iq_id = self.next_id();
        self.transmit(&Element::from(&Iq::set(iq_id.clone(), None, bind)));
        self.state = State::Binding {
            iq_id,
            session_required,
        };
    }

    /// The answer to `<resume/>`: `<resumed/>` continues the old stream (resending what the
    /// server missed), `<failed/>` falls back to binding a fresh one.
    pub(super) fn handle_resume_answer(&mut self, e: &Element) -> Result<(), Error> {
        let Some(mut previous) = self.carried.take() else {
            return Err(unexpected(e, "stream resumption"));
        };
        if e.is("resumed", ns::SM) && e.get_attr("previd") == previous.previd.as_deref() {
            let h = parse_h(e)?;
            let acked = match previous.acknowledge(h) {
                Ok(acked) => acked,
                // Our saved state is older than the stream (a page that went away before it
                // could save): the server handled everything we kept, and more.
                Err(_) => {
                    previous.acked = h;
                    std::mem::take(&mut previous.unacked)
                }
            };
            self.report_acked(acked);
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
            self.request_ack();
            Ok(())
        } else if e.is("failed", ns::SM) {
            if let Some(h) = e.get_attr("h").and_then(|h| h.parse::<u32>().ok()) {
                // The server says how much it handled: those must not go twice.
                if let Ok(acked) = previous.acknowledge(h) {
                    self.report_acked(acked);
                }
            }
            let condition = e
                .children()
                .find(|c| c.ns() == ns::STANZAS)
                .map(|c| c.name().to_owned())
                .unwrap_or_else(|| "undefined-condition".into());
            self.emit(Event::Dropped {
                reason: format!("stream resumption refused ({condition}): starting afresh"),
            });
            previous.previd = None;
            self.carried = Some(previous);
            self.send_bind();
            Ok(())
        } else {
            self.carried = Some(previous);
            Err(unexpected(e, "stream resumption"))
        }
    }

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
                IqPayload::Result(Some(bind)) => {
                    let jid = bind
                        .get_child("jid", ns::BIND)
                        .map(Element::text_content)
                        .and_then(|j| FullJid::parse(j.trim()).ok())
                        .filter(|j| j.bare() == &self.config.jid)
                        .ok_or_else(|| unexpected(&bind, "resource binding"))?;
                    if session_required {
                        let iq_id = self.next_id();
                        let session = Element::new("session", ns::SESSION);
                        self.transmit(&Element::from(&Iq::set(iq_id.clone(), None, session)));
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

    pub(super) fn go_online(&mut self, jid: FullJid) {
        self.negotiation_deadline = None;
        self.last_jid = Some(jid.clone());
        self.state = State::Online { jid: jid.clone() };
        self.emit(Event::Online { jid });
        if self.sm_offered {
            // XEP-0198 §3: after binding; our counters start now.
            self.transmit(&Element::new("enable", ns::SM).attr("resume", "true"));
            self.sm = Some(StreamManagement::new());
        }
        // Messages a dropped stream never got acknowledged go again, once, in order.
        if let Some(carried) = self.carried.take() {
            for stanza in carried.unacked.into_iter().filter(Unacked::is_message) {
                self.transmit_frame(stanza);
            }
        }
        // RFC 6121 §2.2: fetch the roster before announcing presence.
        let id = self.next_id();
        self.pending_iqs.insert(id.clone(), PendingIq::Roster);
        // RFC 6121 §2.6.2: with versioning, send the cached version ("" when there is none).
        let ver = self.roster_versioning.then(|| {
            self.config
                .cached_roster
                .as_ref()
                .and_then(|cache| cache.ver.clone())
                .unwrap_or_default()
        });
        let query = Element::from(&RosterQuery {
            ver,
            items: Vec::new(),
        });
        self.transmit(&Element::from(&Iq::get(id, None, query)));
    }
}
