//! Invitations to rooms, both ways: XEP-0249 direct invitations (a `jabber:x:conference`
//! `<x/>` in a message from the inviter straight to the invitee) and XEP-0045 §7.8.2 mediated
//! ones (the inviter asks the room, the room delivers the invitation as its own, and a decline
//! goes back the same way).
//!
//! Which kind we send is Gajim's choice, refined: a room that is not members-only gets a
//! direct invitation (it reaches the invitee even when their server blocks messages from
//! strangers such as a room, and XEP-0045 §7.8 recommends it); a members-only room gets a
//! mediated one, because only the room can let the invitee in: Prosody adds the invitee to the
//! member list when the inviter may do so, and answers `forbidden` when not, which we show.
//! Never both: one invitation is one card on the other side. Whether the room is members-only
//! is asked of the room itself (disco#info, `muc_membersonly`) when inviting, so a room
//! reconfigured since we joined is invited to as it is now.

use super::iq_router::{Answer, PendingIq};
use super::Session;
use crate::xmpp::error::ApiMisuse;
use crate::xmpp::event::{Event, RoomInvitation};
use crate::xmpp::jid::{BareJid, Jid};
use crate::xmpp::ns;
use crate::xmpp::stanza::disco::{self, DiscoInfo};
use crate::xmpp::stanza::muc::{Decline, DirectInvite, Invite, MucUser};
use crate::xmpp::stanza::{Iq, Message, MessageType};
use crate::xmpp::xml::Element;

/// The disco#info feature of a members-only room (XEP-0045 §6.4, §15.6).
pub const MEMBERS_ONLY_FEATURE: &str = "muc_membersonly";

/// The longest reason or password an invitation passes on, in characters: an invitation is a
/// card, not a letter, and a stranger's must not fill the page.
pub const MAX_INVITATION_TEXT: usize = 500;

/// An invitation waiting for the room to say whether it is members-only.
#[derive(Debug)]
pub(super) struct PendingInvite {
    /// The room, which answers the question.
    pub(super) room: BareJid,
    /// Whom to invite.
    invitee: BareJid,
    /// Why, in our words.
    reason: Option<String>,
}

impl Session {
    /// Invites `invitee` to `room`, which must have let us in, with an optional reason: the
    /// room is asked whether it is members-only, then the invitation goes (see the module's
    /// doc for which kind) and [`Event::InvitationSent`] says so.
    pub fn invite_to_room(
        &mut self,
        room: &BareJid,
        invitee: &BareJid,
        reason: Option<&str>,
    ) -> Result<(), ApiMisuse> {
        self.ensure_online()?;
        if !self.is_in_room(room) {
            return Err(ApiMisuse::NotInRoom);
        }
        self.ensure_room_for_request()?;
        let pending = PendingInvite {
            room: room.clone(),
            invitee: invitee.clone(),
            reason: clean(reason),
        };
        let to = Some(Jid::Bare(room.clone()));
        self.send_request(
            |id| Iq::get(id, to, disco::info_query(None)),
            PendingIq::RoomInvite(pending),
        );
        Ok(())
    }

    /// The room said what it is: a members-only room gets a mediated invitation, any other
    /// (or a room that would not say) a direct one.
    pub(super) fn on_room_invite_info(&mut self, pending: PendingInvite, answer: Answer) {
        let members_only = match answer {
            Answer::Result(Some(payload)) => DiscoInfo::try_from(&payload)
                .is_ok_and(|info| info.features.iter().any(|f| f == MEMBERS_ONLY_FEATURE)),
            _ => false,
        };
        if !self.state.is_online() {
            return;
        }
        let PendingInvite {
            room,
            invitee,
            reason,
        } = pending;
        let id = self.next_id();
        let (to, payload) = if members_only {
            // §7.8.2: the room delivers it, with the password if the room has one.
            let user = MucUser {
                invites: vec![Invite {
                    to: Some(Jid::Bare(invitee.clone())),
                    reason,
                    ..Invite::default()
                }],
                ..MucUser::default()
            };
            (Jid::Bare(room.clone()), Element::from(&user))
        } else {
            let invite = DirectInvite {
                password: self.room_password(&room),
                reason,
                ..DirectInvite::new(room.clone())
            };
            (Jid::Bare(invitee.clone()), Element::from(&invite))
        };
        let message = Message {
            to: Some(to),
            id: Some(id),
            kind: MessageType::Normal,
            ..Message::default()
        };
        let mut element = Element::from(&message);
        element.push_child(payload);
        self.transmit(&element);
        self.emit(Event::InvitationSent {
            room,
            invitee,
            mediated: members_only,
        });
    }

    /// Declines a mediated invitation to `room` from `inviter` (XEP-0045 §7.8.2): the room
    /// passes our "no" on. A direct invitation is declined by ignoring it (XEP-0249 §2), so
    /// there is nothing to send for one.
    pub fn decline_invitation(
        &mut self,
        room: &BareJid,
        inviter: &Jid,
        reason: Option<&str>,
    ) -> Result<(), ApiMisuse> {
        self.ensure_online()?;
        let user = MucUser {
            decline: Some(Decline {
                to: Some(inviter.clone()),
                reason: clean(reason),
                ..Decline::default()
            }),
            ..MucUser::default()
        };
        let message = Message {
            to: Some(Jid::Bare(room.clone())),
            id: Some(self.next_id()),
            kind: MessageType::Normal,
            ..Message::default()
        };
        let mut element = Element::from(&message);
        element.push_child(Element::from(&user));
        self.transmit(&element);
        Ok(())
    }

    /// Whether `e` is an invitation or a decline: a `normal` (or `chat`) message with a
    /// direct invitation, or with the room's `<invite/>` or `<decline/>`.
    pub(super) fn is_invitation(&self, e: &Element) -> bool {
        if !matches!(e.get_attr("type"), None | Some("normal" | "chat")) {
            return false;
        }
        let mediated = e.get_child("x", ns::MUC_USER).is_some_and(|x| {
            x.children()
                .any(|c| c.is("invite", ns::MUC_USER) || c.is("decline", ns::MUC_USER))
        });
        mediated || e.get_child("x", ns::CONFERENCE).is_some()
    }

    /// An invitation or a decline. A message with the room's `<invite/>` is mediated (Prosody
    /// adds a direct `<x/>` to it as well, for old clients: the room's form wins, so one
    /// invitation is one card). A decline counts only from a room we are in (we invited from
    /// there); an invitation to a room we are in is old news.
    pub(super) fn handle_invitation(&mut self, e: &Element) {
        let from = match e.get_attr("from").map(Jid::parse) {
            Some(Ok(from)) => from,
            _ => {
                return self.emit(Event::Dropped {
                    reason: "invitation without a valid sender".into(),
                })
            }
        };
        let user = match MucUser::from_stanza(e) {
            Ok(user) => user.filter(|u| !u.invites.is_empty() || u.decline.is_some()),
            Err(err) => return self.drop_malformed("mediated invitation", &err),
        };
        let invitation = match user {
            Some(user) => {
                // Mediated: from the room itself (its bare address), which names the inviter.
                let Jid::Bare(room) = from else {
                    return self.emit(Event::Dropped {
                        reason: "mediated invitation not from a room's address".into(),
                    });
                };
                if let Some(decline) = user.decline {
                    if !self.rooms.contains_key(&room) {
                        return self.emit(Event::Dropped {
                            reason: "decline from a room we are not in".into(),
                        });
                    }
                    return self.emit(Event::InvitationDeclined {
                        room,
                        invitee: decline.from,
                        reason: clean(decline.reason.as_deref()),
                    });
                }
                let Some(invite) = user.invites.into_iter().next() else {
                    return;
                };
                RoomInvitation {
                    room,
                    inviter: invite.from,
                    reason: clean(invite.reason.as_deref()),
                    password: clean(user.password.as_deref()),
                    mediated: true,
                }
            }
            None => match DirectInvite::from_message(e) {
                Ok(Some(invite)) => RoomInvitation {
                    room: invite.jid,
                    inviter: Some(from),
                    reason: clean(invite.reason.as_deref()),
                    password: clean(invite.password.as_deref()),
                    mediated: false,
                },
                Ok(None) => return,
                Err(err) => return self.drop_malformed("direct invitation", &err),
            },
        };
        if invitation.room.local().is_none() {
            return self.emit(Event::Dropped {
                reason: "invitation to an address that is no room".into(),
            });
        }
        if self.is_in_room(&invitation.room) {
            return self.emit(Event::Dropped {
                reason: format!("invitation to {}, where we are already", invitation.room),
            });
        }
        self.emit(Event::RoomInvitation(invitation));
    }
}

/// A text from an invitation or for one: trimmed, bounded, and none when empty.
fn clean(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| t.chars().take(MAX_INVITATION_TEXT).collect())
}
