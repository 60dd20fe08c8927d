//! One roster row: name or JID, presence dot, status, pending request, unread badge.

use leptos::prelude::*;

use crate::store::{Contact, Store};
use crate::ui::avatar::Avatar;
use crate::ui::route;

/// A contact; clicking it opens the conversation. Re-renders only on its own presence changes.
#[component]
pub fn ContactRow(
    /// The roster entry: the row is rebuilt when it changes (see `RosterRow::key`).
    contact: Contact,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let presence: RwSignal<_> = store.presence_of(&contact.jid).into();
    let jid = contact.jid.clone();
    let jid_for_click = contact.jid.clone();
    let jid_for_unread = contact.jid.clone();
    let jid_for_active = contact.jid.clone();
    let name = contact.display_name();
    // An outgoing subscription request the contact has not answered yet: say so on the row, or
    // the user cannot tell why the contact stays offline.
    let ask_pending = contact.ask_pending;
    let unread = Memo::new(move |_| {
        store
            .unread
            .with(|u| u.get(&jid_for_unread).copied().unwrap_or(0))
    });
    let active = move || {
        store
            .open_chat
            .with(|open| open.as_ref() == Some(&jid_for_active))
    };
    let state = move || presence.with(|p| p.as_str());
    let status = move || presence.with(|p| p.status());
    view! {
        <li class="contact" data-testid="roster-item" data-jid=jid.to_string()
            data-presence=state data-status=status class:active=active>
            <button type="button" class="contact-button"
                on:click=move |_| route::navigate(Some(&jid_for_click))>
                <span class="avatar-with-presence">
                    <Avatar jid=contact.jid.clone() name=name.clone()/>
                    <span class=move || format!("presence-dot {}", state()) aria-hidden="true"></span>
                </span>
                <span class="contact-text">
                    <span class="contact-name">{name.clone()}</span>
                    <span class="contact-status">{status}</span>
                    <Show when=move || ask_pending>
                        <span class="contact-pending" data-testid="contact-pending">"request sent"</span>
                    </Show>
                </span>
                <Show when=move || { unread.get() > 0 }>
                    <span class="unread-badge" data-testid="unread-badge">{move || unread.get()}</span>
                </Show>
            </button>
        </li>
    }
}
