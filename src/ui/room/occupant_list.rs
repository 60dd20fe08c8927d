//! Who is in the room, moderators first, then participants, then visitors; each with their
//! nick, role and affiliation (and real address when the room shows it).

use leptos::prelude::*;

use crate::store::room::{Occupant, Room};
use crate::xmpp::stanza::muc::Role;

/// The side panel of `room`'s occupants.
#[component]
pub fn OccupantList(
    /// The room whose occupants are listed.
    room: RwSignal<Room>,
) -> impl IntoView {
    let occupants = move || {
        let mut all: Vec<Occupant> = room.with(|r| r.occupants.values().cloned().collect());
        all.sort_by(|a, b| {
            rank(a.role)
                .cmp(&rank(b.role))
                .then_with(|| a.nick.to_lowercase().cmp(&b.nick.to_lowercase()))
        });
        all
    };
    let count = move || room.with(|r| r.occupants.len());
    view! {
        <aside class="occupants" aria-label="Occupants" data-testid="occupant-list">
            <h3 class="section-title">{move || format!("In the room ({})", count())}</h3>
            <ul role="list">
                <For each=occupants key=|o| (o.nick.clone(), o.role.name(), o.affiliation.name(), o.jid.clone()) children=|o| {
                    let class = format!("occupant role-{}", o.role.name());
                    view! {
                        <li class=class data-testid="occupant" data-nick=o.nick.clone() data-role=o.role.name()
                            data-affiliation=o.affiliation.name() data-jid=o.jid.clone()
                            data-occupant-id=o.occupant_id.clone()
                            title=o.jid.clone().unwrap_or_default()>
                            <span class="nick">{o.nick.clone()}</span>
                            <span class="standing">{standing(&o)}</span>
                        </li>
                    }
                }/>
            </ul>
        </aside>
    }
}

/// Moderators first, then participants, visitors, and anyone without a role.
fn rank(role: Role) -> u8 {
    match role {
        Role::Moderator => 0,
        Role::Participant => 1,
        Role::Visitor => 2,
        Role::None => 3,
    }
}

/// The occupant's standing in words, when it is more than taking part.
fn standing(occupant: &Occupant) -> &'static str {
    use crate::xmpp::stanza::muc::Affiliation;
    match (occupant.affiliation, occupant.role) {
        (Affiliation::Owner, _) => "owner",
        (Affiliation::Admin, _) => "admin",
        (_, Role::Moderator) => "moderator",
        (_, Role::Visitor) => "visitor",
        (Affiliation::Member, _) => "member",
        _ => "",
    }
}
