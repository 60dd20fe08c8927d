//! Presence (RFC 6121 §4): contacts' availability as it arrives (learning their capabilities
//! and vCard photo hashes on the way), and ours: broadcast, "appear offline", directed.

use super::Session;
use crate::xmpp::error::ApiMisuse;
use crate::xmpp::event::{Event, PresenceUpdate};
use crate::xmpp::jid::Jid;
use crate::xmpp::stanza::{Presence, PresenceType, Show};
use crate::xmpp::xml::Element;

impl Session {
    /// A presence from someone.
    pub(super) fn handle_presence(&mut self, presence: Presence) {
        let Some(from) = presence.from else {
            self.emit(Event::Dropped {
                reason: "presence without a sender".into(),
            });
            return;
        };
        match presence.kind {
            PresenceType::Available | PresenceType::Unavailable => {
                if presence.kind == PresenceType::Available {
                    if let Some(caps) = &presence.caps {
                        self.learn_caps(&from, caps);
                    }
                    self.learn_photo_hash(&from, &presence.photo);
                }
                self.emit(Event::Presence(PresenceUpdate {
                    from,
                    available: presence.kind == PresenceType::Available,
                    show: presence.show,
                    status: presence.status,
                    priority: presence.priority,
                }));
            }
            PresenceType::Subscribe => {
                self.emit(Event::SubscriptionRequest {
                    from: from.bare().clone(),
                });
            }
            PresenceType::Probe => {
                // Probes are the server's business (RFC 6121 §4.3); a client ignores them.
            }
            PresenceType::Subscribed | PresenceType::Unsubscribe | PresenceType::Unsubscribed => {
                // The server reflects these in roster pushes, which is what we show.
            }
            PresenceType::Error => {
                let reason = presence.error.map(|e| e.describe()).unwrap_or_default();
                self.emit(Event::Dropped {
                    reason: format!("presence error: {reason}"),
                });
            }
        }
    }

    /// Our availability, with our capabilities (XEP-0115) and, where the server does not keep
    /// it, our vCard photo hash (XEP-0153).
    pub(super) fn send_own_presence(&mut self) {
        let presence = Presence {
            show: self.config.initial_show,
            status: self.config.initial_status.clone(),
            caps: Some(self.our_caps()),
            ..Presence::default()
        };
        let mut element = Element::from(&presence);
        if let Some(update) = self.own_photo_update() {
            element.push_child(update);
        }
        self.transmit(&element);
    }

    /// Unavailable presence: to everyone (logout, "appear offline").
    pub(super) fn send_unavailable(&mut self, status: Option<&str>) {
        let presence = Presence {
            kind: PresenceType::Unavailable,
            status: status.map(str::to_owned),
            ..Presence::default()
        };
        self.transmit(&Element::from(&presence));
    }

    /// Broadcasts our availability: `show` and an optional status message.
    pub fn set_presence(&mut self, show: Show, status: Option<&str>) -> Result<(), ApiMisuse> {
        self.ensure_online()?;
        self.config.initial_show = show;
        self.config.initial_status = status.map(str::to_owned);
        self.appear_offline = false;
        self.send_own_presence();
        Ok(())
    }

    /// Broadcasts unavailable presence while staying connected ("appear offline").
    pub fn set_unavailable(&mut self, status: Option<&str>) -> Result<(), ApiMisuse> {
        self.ensure_online()?;
        self.appear_offline = true;
        self.send_unavailable(status);
        Ok(())
    }

    /// Directed presence (RFC 6121 §4.6): tells one entity (someone not in the roster, a
    /// service) our availability, or with `available == false` that we are gone for it. The
    /// server does not broadcast it; it remembers to send that entity our unavailable presence
    /// when we log out.
    pub fn send_directed_presence(
        &mut self,
        to: &Jid,
        available: bool,
        status: Option<&str>,
    ) -> Result<(), ApiMisuse> {
        self.ensure_online()?;
        let presence = Presence {
            to: Some(to.clone()),
            kind: if available {
                PresenceType::Available
            } else {
                PresenceType::Unavailable
            },
            show: self.config.initial_show,
            status: status.map(str::to_owned),
            ..Presence::default()
        };
        self.transmit(&Element::from(&presence));
        Ok(())
    }

    /// Asks the server for `jid`'s presence (RFC 6121 §4.3).
    pub(super) fn send_probe(&mut self, jid: Jid) {
        let probe = Presence {
            kind: PresenceType::Probe,
            to: Some(jid),
            ..Presence::default()
        };
        self.transmit(&Element::from(&probe));
    }
}
