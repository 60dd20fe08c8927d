//! The roster and subscriptions (RFC 6121 §2, §3): adding, renaming, regrouping and removing
//! contacts, the subscription commands, and the roster pushes the server sends, accepted only
//! from our own account (§2.1.6).

use super::iq_router::{Answer, PendingIq};
use super::Session;
use crate::xmpp::error::ApiMisuse;
use crate::xmpp::event::Event;
use crate::xmpp::jid::{BareJid, Jid};
use crate::xmpp::stanza::{
    Iq, Presence, PresenceType, RosterItem, RosterQuery, StanzaError, Subscription,
};
use crate::xmpp::xml::Element;

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
        self.ensure_online()?;
        self.ensure_room_for_request()?;
        let purpose = PendingIq::RosterSet(item.jid.clone());
        let query = Element::from(&RosterQuery {
            ver: None,
            items: vec![item],
        });
        self.send_request(|id| Iq::set(id, None, query), purpose);
        Ok(())
    }

    fn send_subscription(&mut self, jid: &BareJid, kind: PresenceType) -> Result<(), ApiMisuse> {
        self.ensure_online()?;
        let presence = Presence {
            to: Some(Jid::Bare(jid.clone())),
            kind,
            ..Presence::default()
        };
        self.transmit(&Element::from(&presence));
        Ok(())
    }

    pub(super) fn handle_roster_push(&mut self, iq: &Iq, payload: &Element) {
        // RFC 6121 §2.1.6 and ARCHITECTURE.md, "Invariants": only our own account may push roster changes.
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

    /// RFC 6121 §2.2: asks for the roster (with the cached version, §2.6.2, when the server
    /// versions rosters), which must come before we announce our presence.
    pub(super) fn request_roster(&mut self) {
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
        self.send_request(|id| Iq::get(id, None, query), PendingIq::Roster);
    }

    /// The roster (or "your cached one is current"), then what a fresh session does next:
    /// presence, carbons, the archive catch-up, discovery, bookmarks (which may join rooms, now
    /// that our presence is out), and the probes a reload needs.
    pub(super) fn on_roster(&mut self, answer: Answer) {
        let items = match answer {
            Answer::Result(Some(payload)) => match RosterQuery::try_from(&payload) {
                Ok(query) => {
                    self.know_roster(&query.items);
                    let probes = self.probes_for(&query.items);
                    self.emit(Event::Roster {
                        ver: query.ver,
                        items: query.items,
                    });
                    probes
                }
                Err(err) => {
                    self.drop_malformed("roster", &err);
                    Vec::new()
                }
            },
            // An empty result means "your cached version is current" (RFC 6121 §2.6.3).
            Answer::Result(None) => {
                let cached = self
                    .config
                    .cached_roster
                    .as_ref()
                    .map(|cache| cache.items.clone())
                    .unwrap_or_default();
                self.know_roster(&cached);
                let probes = self.probes_for(&cached);
                self.emit(Event::RosterUpToDate);
                probes
            }
            Answer::Error(error) => {
                self.emit(Event::Dropped {
                    reason: format!("roster request failed: {}", error.describe()),
                });
                Vec::new()
            }
        };
        self.send_own_presence();
        self.enable_carbons();
        self.start_catch_up();
        self.ask_server_features();
        self.fetch_bookmarks();
        self.probe_after_roster = false;
        for jid in items {
            self.send_probe(Jid::Bare(jid));
        }
    }

    /// A roster change we asked for: success shows up as a roster push; only a refusal needs
    /// telling.
    pub(super) fn on_roster_change(&mut self, jid: BareJid, answer: Answer) {
        if let Answer::Error(error) = answer {
            self.emit(Event::RosterChangeFailed { jid, error });
        }
    }

    /// Starts over from the whole roster: who is a contact, who may see our presence.
    fn know_roster(&mut self, items: &[RosterItem]) {
        self.presence_allowed.clear();
        self.roster_jids.clear();
        for item in items {
            self.track_subscription(item);
        }
    }

    /// Whom to probe after a reload resumed the stream: everyone whose presence we may see.
    fn probes_for(&self, items: &[RosterItem]) -> Vec<BareJid> {
        if !self.probe_after_roster {
            return Vec::new();
        }
        items
            .iter()
            .filter(|i| matches!(i.subscription, Subscription::To | Subscription::Both))
            .map(|i| i.jid.clone())
            .collect()
    }
}
