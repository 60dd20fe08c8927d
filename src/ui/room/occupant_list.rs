//! Who is in the room, moderators first, then participants, then visitors; each with their
//! nick, role and affiliation (and real address when the room shows it). Where our own role
//! allows, an occupant's "⋯" opens what we may do: kick, ban, give or take their voice, change
//! their affiliation (`affiliation_actions.rs`).

use leptos::prelude::*;

use super::affiliation_actions::{any_affiliation_action, AffiliationButtons};
use crate::client::expect_client;
use crate::store::room::{Occupant, Room};
use crate::xmpp::stanza::muc::{Affiliation, Role};
use crate::xmpp::BareJid;

/// The side panel of `room`'s occupants.
#[component]
pub fn OccupantList(
    /// The room's address, where moderation requests go.
    jid: BareJid,
    /// The room whose occupants are listed.
    room: RwSignal<Room>,
) -> impl IntoView {
    // The occupant whose actions are open, by nick.
    let open_actions = RwSignal::new(None::<String>);
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
                <For each=occupants key=|o| (o.nick.clone(), o.role.name(), o.affiliation.name(), o.jid.clone())
                    children=move |o| view! { <OccupantRow occupant=o jid=jid.clone() room open_actions/> }/>
            </ul>
        </aside>
    }
}

/// One occupant, with what we may do to them.
#[component]
fn OccupantRow(
    occupant: Occupant,
    jid: BareJid,
    room: RwSignal<Room>,
    open_actions: RwSignal<Option<String>>,
) -> impl IntoView {
    let client = expect_client();
    let nick = occupant.nick.clone();
    let target = occupant.clone();
    let may_kick = Memo::new(move |_| room.with(|r| r.may_kick(&target)));
    let target = occupant.clone();
    let may_ban = Memo::new(move |_| room.with(|r| r.may_ban(&target)));
    let may_change_affiliation = any_affiliation_action(room, &occupant);
    let affiliation_target = occupant.clone();
    let any_action = move || may_kick.get() || may_ban.get() || may_change_affiliation.get();
    let actions_nick = nick.clone();
    let is_open = Memo::new(move |_| {
        open_actions.with(|open| open.as_deref() == Some(actions_nick.as_str()))
    });
    let reason = RwSignal::new(String::new());
    let class = format!("occupant role-{}", occupant.role.name());
    // Who the actions are about, kept where the handlers (plain `Copy` closures) can read it.
    let ban_target = occupant.jid.as_deref().and_then(|j| BareJid::parse(j).ok());
    let about = StoredValue::new((jid, nick.clone(), ban_target));
    let has_voice = occupant.role != Role::Visitor;
    let me_nick = nick.clone();
    let is_me = Memo::new(move |_| room.with(|r| r.nick == me_nick));
    let unread_nick = nick.clone();
    let private_unread = Memo::new(move |_| {
        room.with(|r| r.private.get(&unread_nick).map_or(0, |chat| chat.unread))
    });
    let message_label = format!("Write privately to {nick}");
    let message = move |_| {
        about.with_value(|(room, nick, _)| client.open_private(room, Some(nick.clone())));
    };
    let toggle = move |_| {
        about.with_value(|(_, nick, _)| {
            open_actions.update(|open| {
                *open = match open.as_deref() == Some(nick.as_str()) {
                    true => None,
                    false => Some(nick.clone()),
                }
            })
        })
    };
    let kick = move |_| {
        about.with_value(|(room, nick, _)| {
            let _ = client.kick(room, nick, &reason.get_untracked());
        });
        open_actions.set(None);
    };
    let ban = move |_| {
        about.with_value(|(room, _, user)| {
            if let Some(user) = user {
                let _ = client.ban(room, user, &reason.get_untracked());
            }
        });
        open_actions.set(None);
    };
    let voice = move |_| {
        about.with_value(|(room, nick, _)| {
            let _ = client.set_voice(room, nick, !has_voice);
        });
        open_actions.set(None);
    };
    view! {
        <li class=class data-testid="occupant" data-nick=occupant.nick.clone() data-role=occupant.role.name()
            data-affiliation=occupant.affiliation.name() data-jid=occupant.jid.clone()
            data-occupant-id=occupant.occupant_id.clone()
            data-private-unread=move || private_unread.get().to_string()
            title=occupant.jid.clone().unwrap_or_default()>
            <div class="occupant-line">
                <span class="nick">{occupant.nick.clone()}</span>
                <span class="standing">{standing(&occupant)}</span>
                <Show when=move || !is_me.get()>
                    <button type="button" class="link-button" data-testid="occupant-message"
                        aria-label=message_label.clone()
                        on:click=message>
                        "Message"
                        {move || (private_unread.get() > 0).then(|| view! { <span class="badge">{private_unread.get()}</span> })}
                    </button>
                </Show>
                <Show when=any_action>
                    <button type="button" class="link-button" data-testid="occupant-actions"
                        aria-label=format!("What to do about {nick}") aria-expanded=move || is_open.get().to_string()
                        on:click=toggle>"⋯"</button>
                </Show>
            </div>
            <Show when=move || is_open.get() && any_action()>
                <div class="occupant-actions" role="group" aria-label="Moderation">
                    <input type="text" data-testid="occupant-reason" placeholder="Reason (optional)" aria-label="Reason"
                        prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
                    <Show when=move || may_kick.get()>
                        <button type="button" data-testid="occupant-kick" on:click=kick>"Kick"</button>
                        <button type="button" data-testid="occupant-voice" on:click=voice>
                            {if has_voice { "Take voice" } else { "Give voice" }}
                        </button>
                    </Show>
                    <Show when=move || may_ban.get()>
                        <button type="button" class="danger" data-testid="occupant-ban" on:click=ban>"Ban"</button>
                    </Show>
                    <AffiliationButtons jid=about.with_value(|(room, _, _)| room.clone()) room
                        occupant=affiliation_target.clone() reason open_actions/>
                </div>
            </Show>
        </li>
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
    match (occupant.affiliation, occupant.role) {
        (Affiliation::Owner, _) => "owner",
        (Affiliation::Admin, _) => "admin",
        (_, Role::Moderator) => "moderator",
        (_, Role::Visitor) => "visitor",
        (Affiliation::Member, _) => "member",
        _ => "",
    }
}
