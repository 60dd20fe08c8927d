//! A message's actions, behind one "⋯" button so the list keeps one tab stop per message:
//! reply (XEP-0461), react (XEP-0444), and for our own messages edit (XEP-0308, the last one
//! only, as receivers accept) and delete for everyone (XEP-0424, after a confirmation). A choice
//! closes it and gives the focus back to the button; Escape does too (one listener for the whole
//! conversation, in the chat pane).

use leptos::prelude::*;

use super::compose_mode::{ChatControls, ComposeMode, QuickReactions};
use crate::client::expect_client;
use crate::store::{ChatMessage, Store};
use crate::xmpp::{BareJid, Jid, ReplyRef};

/// The "⋯" button of `message` (written by `author`, a display name) and its menu.
#[component]
pub fn MessageMenu(
    /// The message the actions apply to.
    message: ChatMessage,
    /// The conversation it is in: where replies, corrections and reactions go.
    peer: BareJid,
    /// Its author's display name, for the reply banner.
    author: String,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let client = expect_client();
    let controls = expect_context::<ChatControls>();
    // Ids are the sender's choice: ours and theirs may collide, so the side is part of it.
    let id = StoredValue::new(format!(
        "{}{}",
        if message.outgoing { ">" } else { "<" },
        message.id
    ));
    let open = move || {
        controls
            .menu_open
            .with(|o| o.as_deref() == Some(id.get_value().as_str()))
    };
    let confirm_delete = RwSignal::new(false);
    let button = NodeRef::<leptos::html::Button>::new();
    let close = move || {
        controls.menu_open.set(None);
        confirm_delete.set(false);
        if let Some(Some(button)) = button.try_get_untracked() {
            let _ = button.focus();
        }
    };
    let toggle = move |_| {
        confirm_delete.set(false);
        controls.menu_open.update(|o| {
            *o = if o.as_deref() == Some(id.get_value().as_str()) {
                None
            } else {
                Some(id.get_value())
            }
        });
    };
    let message = StoredValue::new(message);
    let peer = StoredValue::new(peer);
    let author = StoredValue::new(author);
    // Our newest message that still stands: the one a correction may replace.
    let is_last_own = move || {
        let peer = peer.get_value();
        let own_id = message.with_value(|m| m.id.clone());
        store.conversation(&peer).with_untracked(|messages| {
            messages
                .iter()
                .rev()
                .find(|m| m.outgoing && !m.retracted)
                .is_some_and(|m| m.id == own_id)
        })
    };
    let reply = move |_| {
        let (reply, who) = message.with_value(|m| {
            let to = Some(Jid::Bare(m.from.clone()));
            (
                ReplyRef {
                    id: m.id.clone(),
                    to,
                    quote: Some(m.body.clone()),
                },
                author.get_value(),
            )
        });
        controls.mode.set(ComposeMode::Reply { reply, author: who });
        controls.menu_open.set(None);
    };
    let edit = move |_| {
        let (id, original) = message.with_value(|m| (m.id.clone(), m.body.clone()));
        controls.mode.set(ComposeMode::Edit { id, original });
        controls.menu_open.set(None);
    };
    let delete = move |_| {
        let target = message.with_value(|m| m.origin_id.clone().unwrap_or_else(|| m.id.clone()));
        let _ = client.retract(&peer.get_value(), &target);
        close();
    };
    let outgoing = message.with_value(|m| m.outgoing);
    let online = move || store.connection.get() == crate::store::ConnectionState::Online;
    view! {
        <span class="message-menu">
            <button type="button" class="menu-button" data-testid="message-actions" node_ref=button
                aria-haspopup="menu" aria-expanded=move || if open() { "true" } else { "false" }
                aria-label="Message actions" disabled=move || !online() on:click=toggle>"⋯"</button>
            <Show when=open>
                <div class="menu" role="menu" aria-label="Message actions">
                    <QuickReactions on_pick=Callback::new(move |emoji: String| {
                        let target = message.with_value(|m| m.id.clone());
                        let _ = client.toggle_reaction(&peer.get_value(), &target, &emoji);
                        close();
                    })/>
                    <button type="button" role="menuitem" data-testid="message-reply" on:click=reply>"Reply"</button>
                    <Show when=move || outgoing && is_last_own()>
                        <button type="button" role="menuitem" data-testid="message-edit" on:click=edit>"Edit"</button>
                    </Show>
                    <Show when=move || outgoing>
                        <Show when=move || confirm_delete.get()
                            fallback=move || view! {
                                <button type="button" role="menuitem" class="danger" data-testid="message-retract"
                                    on:click=move |_| confirm_delete.set(true)>"Delete for everyone"</button>
                            }>
                            <button type="button" role="menuitem" class="danger" data-testid="message-retract-confirm"
                                on:click=delete>"Yes, delete it"</button>
                        </Show>
                    </Show>
                </div>
            </Show>
        </span>
    }
}
