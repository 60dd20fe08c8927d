//! The roster and subscriptions (RFC 6121 §2, §3): adding, renaming, regrouping and removing
//! contacts, the subscription commands, and the roster pushes the server sends, accepted only
//! from our own account (§2.1.6).

use super::*;

impl Session {
    /// Adds a contact or changes its name and groups (RFC 6121 §2.3, §2.4). The server answers
    /// with a roster push (`Event::RosterPush`), or `Event::RosterChangeFailed`.
    pub fn update_contact(
        &mut self,
        jid: &BareJid,
        name: Option<&str>,
        groups: &[String],
    ) -> Result<(), ApiMisuse> {
        let item = RosterItem {
            jid: jid.clone(),
            name: name.filter(|n| !n.trim().is_empty()).map(str::to_owned),
            subscription: Subscription::None,
            ask_pending: false,
            approved: false,
            groups: groups
                .iter()
                .filter(|g| !g.trim().is_empty())
                .cloned()
                .collect(),
        };
        self.roster_set(item)
    }

    /// Removes a contact, which also cancels subscriptions both ways (RFC 6121 §2.5).
    pub fn remove_contact(&mut self, jid: &BareJid) -> Result<(), ApiMisuse> {
        let item = RosterItem {
            jid: jid.clone(),
            name: None,
            subscription: Subscription::Remove,
            ask_pending: false,
            approved: false,
            groups: Vec::new(),
        };
        self.roster_set(item)
    }

    /// Asks to see `jid`'s presence (RFC 6121 §3.1.1).
    pub fn subscribe(&mut self, jid: &BareJid) -> Result<(), ApiMisuse> {
        self.send_subscription(jid, PresenceType::Subscribe)
    }

    /// Lets `jid` see our presence: approves a request, or pre-approves one (RFC 6121 §3.1.5, §3.4).
    pub fn approve_subscription(&mut self, jid: &BareJid) -> Result<(), ApiMisuse> {
        self.send_subscription(jid, PresenceType::Subscribed)
    }

    /// Refuses a request, or revokes `jid`'s permission to see our presence (RFC 6121 §3.2).
    pub fn deny_subscription(&mut self, jid: &BareJid) -> Result<(), ApiMisuse> {
        self.send_subscription(jid, PresenceType::Unsubscribed)
    }

    /// Stops seeing `jid`'s presence (RFC 6121 §3.3).
    pub fn unsubscribe(&mut self, jid: &BareJid) -> Result<(), ApiMisuse> {
        self.send_subscription(jid, PresenceType::Unsubscribe)
    }

    fn roster_set(&mut self, item: RosterItem) -> Result<(), ApiMisuse> {
        if !matches!(self.state, State::Online { .. }) {
            return Err(ApiMisuse::NotOnline);
        }
        let id = self.next_id();
        self.pending_iqs
            .insert(id.clone(), PendingIq::RosterSet(item.jid.clone()));
        let query = RosterQuery {
            ver: None,
            items: vec![item],
        };
        self.transmit(&Element::from(&Iq::set(id, None, Element::from(&query))));
        Ok(())
    }

    fn send_subscription(&mut self, jid: &BareJid, kind: PresenceType) -> Result<(), ApiMisuse> {
        if !matches!(self.state, State::Online { .. }) {
            return Err(ApiMisuse::NotOnline);
        }
        let presence = Presence {
            to: Some(Jid::Bare(jid.clone())),
            kind,
            ..Presence::default()
        };
        self.transmit(&Element::from(&presence));
        Ok(())
    }

    pub(super) fn handle_roster_push(&mut self, iq: &Iq, payload: &Element) {
        // RFC 6121 §2.1.6 and DESIGN.md §5: only our own account may push roster changes.
        let trusted = match &iq.from {
            None => true,
            Some(from) => from.bare() == &self.config.jid && from.resource().is_none(),
        };
        if !trusted {
            self.emit(Event::Dropped {
                reason: "roster push from a third party".into(),
            });
            // RFC 6121 §2.1.6: ignore it, and say so with service-unavailable.
            let reply = iq.error_reply(StanzaError::service_unavailable());
            self.transmit(&Element::from(&reply));
            return;
        }
        match RosterQuery::try_from(payload) {
            Ok(mut query) if query.items.len() == 1 => {
                self.transmit(&Element::from(&iq.result_reply()));
                if let Some(item) = query.items.pop() {
                    self.track_subscription(&item);
                    self.emit(Event::RosterPush {
                        item,
                        ver: query.ver,
                    });
                }
            }
            Ok(_) => {
                let error = StanzaError {
                    condition: "bad-request".into(),
                    ..StanzaError::service_unavailable()
                };
                self.transmit(&Element::from(&iq.error_reply(error)));
                self.emit(Event::Dropped {
                    reason: "roster push without exactly one item".into(),
                });
            }
            Err(err) => {
                let error = StanzaError {
                    condition: "bad-request".into(),
                    ..StanzaError::service_unavailable()
                };
                self.transmit(&Element::from(&iq.error_reply(error)));
                self.drop_malformed("roster push", &err);
            }
        }
    }

    /// Keeps `presence_allowed` in step with the roster.
    pub(super) fn track_subscription(&mut self, item: &RosterItem) {
        if item.subscription == Subscription::Remove {
            self.roster_jids.remove(&item.jid);
        } else {
            self.roster_jids.insert(item.jid.clone());
        }
        if matches!(item.subscription, Subscription::From | Subscription::Both) {
            self.presence_allowed.insert(item.jid.clone());
        } else {
            self.presence_allowed.remove(&item.jid);
        }
    }
}
