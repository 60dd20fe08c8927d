//! One occupant in a room's list: their initials avatar (XEP-0392 colour), presence, nick and
//! affiliation; a private message to them; where our own role allows, the "⋯" that opens what
//! we may do: kick, ban, give or take their voice, change their affiliation
//! (`affiliation_actions.rs`). The open actions make the row taller by a fixed height
//! ([`ACTIONS_PX`]), which the virtualized list counts.

use leptos::prelude::*;

use super::affiliation_actions::{any_affiliation_action, AffiliationButtons};
use crate::client::expect_client;
use crate::store::room::{Occupant, Room};
use crate::ui::avatar::InitialsAvatar;
use crate::xmpp::stanza::muc::{Affiliation, Role};
use crate::xmpp::BareJid;

/// Height of an occupant's row in CSS pixels (`.occupant` in the stylesheet says the same).
pub const OCCUPANT_ROW_PX: f64 = 40.0;
/// What an occupant's open actions add to the row's height (`.occupant.open`).
pub const ACTIONS_PX: f64 = 132.0;

/// One occupant, with what we may do to them.
#[component]
pub fn OccupantRow(
    /// The occupant: the row is rebuilt when what it shows of them changes.
    occupant: Occupant,
    /// The room's address, where moderation requests go.
    jid: BareJid,
    /// The room's state (what we may do depends on our own seat).
    room: RwSignal<Room>,
    /// The occupant whose actions are open, by nick.
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
    // XEP-0392: coloured from the room's stable id for them, else their nick.
    let seed = occupant
        .occupant_id
        .clone()
        .unwrap_or_else(|| occupant.nick.clone());
    let show = occupant.show.as_str().unwrap_or("online");
    let badge = badge(occupant.affiliation);
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
        <li class=class class:open=move || is_open.get() data-testid="occupant" data-nick=occupant.nick.clone() data-role=occupant.role.name()
            data-affiliation=occupant.affiliation.name() data-jid=occupant.jid.clone()
            data-occupant-id=occupant.occupant_id.clone()
            data-private-unread=move || private_unread.get().to_string() data-show=show
            title=occupant.jid.clone().unwrap_or_default()>
            <div class="occupant-line">
                <span class="avatar-with-presence">
                    <InitialsAvatar seed name=occupant.nick.clone() size=28/>
                    <span class=format!("presence-dot {show}") aria-hidden="true"></span>
                </span>
                <span class="nick">{occupant.nick.clone()}</span>
                {(!badge.is_empty()).then(|| view! {
                    <span class="standing" data-testid="occupant-affiliation">{badge}</span>
                })}
                <Show when=move || !is_me.get()>
                    <button type="button" class="link-button" data-testid="occupant-message"
                        aria-label=message_label.clone()
                        title=message_label.clone() on:click=message>
                        <span aria-hidden="true">"✉"</span>
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

/// The affiliation worth a badge: owner, admin, member (a role is the group the row is in).
fn badge(affiliation: Affiliation) -> &'static str {
    match affiliation {
        Affiliation::Owner => "owner",
        Affiliation::Admin => "admin",
        Affiliation::Member => "member",
        Affiliation::None | Affiliation::Outcast => "",
    }
}
