//! A room line's actions, behind one "⋯" button as in a 1:1 conversation: react (XEP-0444),
//! reply (XEP-0461), and for our own lines edit (XEP-0308) and delete for everyone (XEP-0424,
//! after a confirmation). A moderator of a room that offers XEP-0425 also gets "Remove" on
//! anyone's room line, with an optional reason.

use leptos::prelude::*;

use crate::client::expect_client;
use crate::store::room::RoomLine;
use crate::store::Store;
use crate::ui::chat::compose_mode::{ChatControls, ComposeMode, QuickReactions};
use crate::xmpp::stanza::muc::Role;
use crate::xmpp::{BareJid, ReplyRef};

/// The "⋯" button of `line` in `room` (a private line when `private`) and its menu.
#[component]
pub fn RoomLineMenu(
    /// The line the actions apply to.
    line: RoomLine,
    /// The room.
    room: BareJid,
    /// A line of the private conversation on screen.
    private: bool,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let client = expect_client();
    let controls = expect_context::<ChatControls>();
    let Some(signal) = store.room(&room) else {
        return ().into_any();
    };
    let key = StoredValue::new(format!("room-line-{}", line.seq));
    let open = move || {
        controls
            .menu_open
            .with(|o| o.as_deref() == Some(key.get_value().as_str()))
    };
    let confirm = RwSignal::new(None::<&'static str>);
    let reason = RwSignal::new(String::new());
    let close = move || {
        controls.menu_open.set(None);
        confirm.set(None);
    };
    let toggle = move |_| {
        confirm.set(None);
        controls.menu_open.update(|o| {
            *o = if o.as_deref() == Some(key.get_value().as_str()) {
                None
            } else {
                Some(key.get_value())
            }
        });
    };
    let nick = signal.with_untracked(|r| private.then(|| r.open_private.clone()).flatten());
    let (own, may_remove) = signal.with_untracked(|r| {
        let moderator = r.me().is_some_and(|me| me.role == Role::Moderator);
        let offered = r.features.moderation.is_some();
        (
            line.own,
            !private && moderator && offered && line.stanza_id.is_some(),
        )
    });
    let reference = line.reference().unwrap_or_default().to_owned();
    let state = StoredValue::new((line, room, nick, reference));
    let react = move |emoji: &str| {
        state.with_value(|(_, room, nick, reference)| {
            let _ = client.toggle_room_reaction(room, nick.as_deref(), reference, emoji);
        });
        close();
    };
    let reply = move |_| {
        let (reply, author) = state.with_value(|(line, _, _, reference)| {
            (
                ReplyRef {
                    id: reference.clone(),
                    to: None,
                    quote: Some(line.body.clone()),
                },
                line.nick.clone().unwrap_or_default(),
            )
        });
        controls.mode.set(ComposeMode::Reply { reply, author });
        controls.menu_open.set(None);
    };
    let edit = move |_| {
        if let Some((id, original)) =
            state.with_value(|(line, ..)| Some((line.id.clone()?, line.body.clone())))
        {
            controls.mode.set(ComposeMode::Edit { id, original });
        }
        controls.menu_open.set(None);
    };
    let delete = move |_| {
        state.with_value(|(_, room, nick, reference)| {
            let _ = client.retract_room_line(room, nick.as_deref(), reference);
        });
        close();
    };
    let remove = move |_| {
        state.with_value(|(line, room, ..)| {
            if let Some(stanza_id) = &line.stanza_id {
                let _ = client.remove_room_line(room, stanza_id, &reason.get_untracked());
            }
        });
        close();
    };
    view! {
        <span class="message-menu">
            <button type="button" class="menu-button" data-testid="message-actions" aria-haspopup="menu"
                aria-expanded=move || if open() { "true" } else { "false" }
                aria-label="Message actions" on:click=toggle>"⋯"</button>
            <Show when=open>
                <div class="menu" role="menu" aria-label="Message actions">
                    <QuickReactions on_pick=Callback::new(move |emoji: String| react(&emoji))/>
                    <button type="button" role="menuitem" data-testid="message-reply" on:click=reply>"Reply"</button>
                    <Show when=move || own>
                        <button type="button" role="menuitem" data-testid="message-edit" on:click=edit>"Edit"</button>
                        <Show when=move || confirm.get() == Some("delete")
                            fallback=move || view! {
                                <button type="button" role="menuitem" class="danger" data-testid="message-retract"
                                    on:click=move |_| confirm.set(Some("delete"))>"Delete for everyone"</button>
                            }>
                            <button type="button" role="menuitem" class="danger" data-testid="message-retract-confirm"
                                on:click=delete>"Yes, delete it"</button>
                        </Show>
                    </Show>
                    <Show when=move || may_remove>
                        <Show when=move || confirm.get() == Some("remove")
                            fallback=move || view! {
                                <button type="button" role="menuitem" class="danger" data-testid="room-line-remove"
                                    on:click=move |_| confirm.set(Some("remove"))>"Remove"</button>
                            }>
                            <input type="text" data-testid="room-line-remove-reason" aria-label="Reason (optional)"
                                placeholder="Reason (optional)" prop:value=move || reason.get()
                                on:input=move |ev| reason.set(event_target_value(&ev))/>
                            <button type="button" role="menuitem" class="danger" data-testid="room-line-remove-confirm"
                                on:click=remove>"Remove for everyone"</button>
                        </Show>
                    </Show>
                </div>
            </Show>
        </span>
    }
    .into_any()
}
