//! Who may change whose affiliation in a room (XEP-0045 §5.2, §9, §10), and the room's lists as
//! the "Members & bans" panel shows them: one room's at a time (the panel's), fetched when it
//! opens, following our own changes, forgotten when it closes.

use crate::store::room::{Occupant, Room};
use crate::xmpp::stanza::muc::Affiliation;
use crate::xmpp::AffiliatedUser;

/// What the panel knows of one list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListState {
    /// Asked for; no answer yet.
    Loading,
    /// The room's answer (at most `session::MAX_AFFILIATION_LIST`).
    Loaded(Vec<AffiliatedUser>),
    /// The room would not give it, in words.
    Failed(String),
}

/// The lists of the room whose panel is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffiliationLists {
    /// The room.
    pub room: crate::xmpp::BareJid,
    /// Each list the panel shows, in the panel's order.
    pub lists: Vec<(Affiliation, ListState)>,
}

impl AffiliationLists {
    /// The state of the list of `affiliation`, if the panel shows it.
    pub fn list(&self, affiliation: Affiliation) -> Option<&ListState> {
        self.lists
            .iter()
            .find(|(a, _)| *a == affiliation)
            .map(|(_, state)| state)
    }
}

/// One change of affiliation offered among an occupant's actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AffiliationAction {
    /// The button's `data-testid`.
    pub testid: &'static str,
    /// What the button says.
    pub label: &'static str,
    /// The affiliation it gives.
    pub to: Affiliation,
}

/// The lists our affiliation in `room` lets us see and edit: an admin the members and the
/// banned (§9.2, §9.5), an owner also the admins and owners (§10.5, §10.8).
pub fn editable_lists(room: &Room) -> Vec<Affiliation> {
    match room.me().map(|me| me.affiliation) {
        Some(Affiliation::Owner) => vec![
            Affiliation::Member,
            Affiliation::Admin,
            Affiliation::Owner,
            Affiliation::Outcast,
        ],
        Some(Affiliation::Admin) => vec![Affiliation::Member, Affiliation::Outcast],
        _ => Vec::new(),
    }
}

/// The affiliation changes we may make to `target` in `room`, whose real address the room
/// must show us (affiliations belong to accounts, not seats): an admin or owner grants or
/// revokes membership of someone below admin (§9.3, §9.4); an owner makes or unmakes admins
/// and owners (§10.3, §10.4, §10.6, §10.7). Revoking admin or owner leaves a member, so a
/// members-only room keeps them.
pub fn affiliation_actions(room: &Room, target: &Occupant) -> Vec<AffiliationAction> {
    let Some(me) = room.me() else {
        return Vec::new();
    };
    if target.nick == me.nick || target.jid.is_none() {
        return Vec::new();
    }
    let mut actions = Vec::new();
    let admin_or_owner = matches!(me.affiliation, Affiliation::Admin | Affiliation::Owner);
    match target.affiliation {
        Affiliation::None if admin_or_owner => actions.push(AffiliationAction {
            testid: "occupant-member",
            label: "Grant membership",
            to: Affiliation::Member,
        }),
        Affiliation::Member if admin_or_owner => actions.push(AffiliationAction {
            testid: "occupant-member",
            label: "Revoke membership",
            to: Affiliation::None,
        }),
        _ => {}
    }
    if me.affiliation == Affiliation::Owner {
        actions.push(match target.affiliation {
            Affiliation::Admin => AffiliationAction {
                testid: "occupant-admin",
                label: "Revoke admin",
                to: Affiliation::Member,
            },
            _ => AffiliationAction {
                testid: "occupant-admin",
                label: "Make admin",
                to: Affiliation::Admin,
            },
        });
        actions.push(match target.affiliation {
            Affiliation::Owner => AffiliationAction {
                testid: "occupant-owner",
                label: "Revoke owner",
                to: Affiliation::Member,
            },
            _ => AffiliationAction {
                testid: "occupant-owner",
                label: "Make owner",
                to: Affiliation::Owner,
            },
        });
    }
    actions
}

/// A list's name for people, and the panel's heading for it.
pub fn list_title(affiliation: Affiliation) -> &'static str {
    match affiliation {
        Affiliation::Member => "Members",
        Affiliation::Admin => "Admins",
        Affiliation::Owner => "Owners",
        Affiliation::Outcast => "Banned",
        Affiliation::None => "No affiliation",
    }
}
