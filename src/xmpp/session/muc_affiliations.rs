//! A room's affiliation lists (XEP-0045 §9.2 bans, §9.5 members, §10.5 owners, §10.8 admins):
//! asked for with an IQ get naming the affiliation, changed one user at a time by bare JID
//! (§9.1, §9.3–§9.4, §10.3–§10.7: `none` takes someone off every list). Unlike
//! [`Session::set_user_affiliation`], a change here is confirmed ([`Event::AffiliationChanged`])
//! so a list on screen follows it; a refusal comes as [`Event::RoomRefused`], like every other
//! refusal of a room.

use super::iq_router::{Answer, PendingIq};
use super::Session;
use crate::xmpp::error::ApiMisuse;
use crate::xmpp::event::{AffiliatedUser, Event};
use crate::xmpp::jid::{BareJid, Jid};
use crate::xmpp::stanza::muc::{AdminQuery, Affiliation};
use crate::xmpp::stanza::{Iq, StanzaError};
use crate::xmpp::xml::Element;

/// The most users one list keeps: a room may have banned thousands, the page shows a list.
pub const MAX_AFFILIATION_LIST: usize = 1000;

/// What an affiliation request of ours was, for its answer.
#[derive(Debug)]
pub(super) enum AffiliationsIq {
    /// The list of users with this affiliation.
    List(BareJid, Affiliation),
    /// A change of one user's affiliation.
    Change {
        /// The room.
        room: BareJid,
        /// Whose.
        jid: BareJid,
        /// To what.
        affiliation: Affiliation,
    },
}

impl AffiliationsIq {
    /// The room asked, the only one whose answer counts.
    pub(super) fn room(&self) -> &BareJid {
        match self {
            AffiliationsIq::List(room, _) | AffiliationsIq::Change { room, .. } => room,
        }
    }
}

impl Session {
    /// Asks `room` (which must have let us in) for its users with `affiliation`: they come as
    /// [`Event::AffiliationList`], a refusal as [`Event::AffiliationListFailed`].
    pub fn request_affiliation_list(
        &mut self,
        room: &BareJid,
        affiliation: Affiliation,
    ) -> Result<(), ApiMisuse> {
        self.ensure_online()?;
        if !self.is_in_room(room) {
            return Err(ApiMisuse::NotInRoom);
        }
        self.ensure_room_for_request()?;
        let query = Element::from(&AdminQuery::list_affiliation(affiliation));
        let to = Some(Jid::Bare(room.clone()));
        self.send_request(
            |id| Iq::get(id, to, query),
            PendingIq::RoomAffiliations(AffiliationsIq::List(room.clone(), affiliation)),
        );
        Ok(())
    }

    /// Gives `jid` the affiliation `affiliation` in `room` (which must have let us in), with
    /// an optional reason (a ban's is shown to the banned): confirmed with
    /// [`Event::AffiliationChanged`], refused with [`Event::RoomRefused`].
    pub fn change_affiliation(
        &mut self,
        room: &BareJid,
        jid: &BareJid,
        affiliation: Affiliation,
        reason: Option<&str>,
    ) -> Result<(), ApiMisuse> {
        self.ensure_online()?;
        if !self.is_in_room(room) {
            return Err(ApiMisuse::NotInRoom);
        }
        self.ensure_room_for_request()?;
        let query = Element::from(&AdminQuery::set_affiliation(jid, affiliation, reason));
        let to = Some(Jid::Bare(room.clone()));
        self.send_request(
            |id| Iq::set(id, to, query),
            PendingIq::RoomAffiliations(AffiliationsIq::Change {
                room: room.clone(),
                jid: jid.clone(),
                affiliation,
            }),
        );
        Ok(())
    }

    /// The room answered a list request or a change.
    pub(super) fn on_affiliations_answer(&mut self, asked: AffiliationsIq, answer: Answer) {
        match (asked, answer) {
            (AffiliationsIq::List(room, affiliation), Answer::Result(payload)) => {
                let query = payload.as_ref().map(AdminQuery::try_from).transpose();
                let users = match query {
                    Ok(query) => users_of(query.unwrap_or_default(), affiliation),
                    Err(err) => {
                        self.drop_malformed("affiliation list", &err);
                        return self.emit(Event::AffiliationListFailed {
                            room,
                            affiliation,
                            error: StanzaError::bad_request(),
                        });
                    }
                };
                self.emit(Event::AffiliationList {
                    room,
                    affiliation,
                    users,
                });
            }
            (AffiliationsIq::List(room, affiliation), Answer::Error(error)) => {
                self.emit(Event::AffiliationListFailed {
                    room,
                    affiliation,
                    error,
                });
            }
            (
                AffiliationsIq::Change {
                    room,
                    jid,
                    affiliation,
                },
                Answer::Result(_),
            ) => self.emit(Event::AffiliationChanged {
                room,
                jid,
                affiliation,
            }),
            (AffiliationsIq::Change { room, .. }, Answer::Error(error)) => {
                self.emit(Event::RoomRefused { room, error });
            }
        }
    }
}

/// The users of a list the room sent: each once, by bare JID, those the room says have
/// another affiliation left out, at most [`MAX_AFFILIATION_LIST`].
fn users_of(query: AdminQuery, affiliation: Affiliation) -> Vec<AffiliatedUser> {
    let mut users: Vec<AffiliatedUser> = Vec::new();
    for item in query.items {
        if item.affiliation.is_some_and(|a| a != affiliation) {
            continue;
        }
        let Some(jid) = item.jid.as_ref().map(|jid| jid.bare().clone()) else {
            continue;
        };
        if users.iter().any(|u| u.jid == jid) {
            continue;
        }
        users.push(AffiliatedUser {
            jid,
            nick: item.nick,
            reason: item.reason.filter(|r| !r.is_empty()),
        });
        if users.len() == MAX_AFFILIATION_LIST {
            break;
        }
    }
    users
}
