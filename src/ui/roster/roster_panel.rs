//! The left pane: who I am, my presence, contact requests, finding and adding contacts, the list.

use leptos::prelude::*;

use super::add_contact::AddContact;
use super::contact_row::ContactRow;
use super::own_presence::OwnPresence;
use super::subscription_requests::SubscriptionRequests;
use crate::store::{Contact, Store};
use crate::transport;

/// Own identity and presence on top, the roster below, sorted by group then name.
#[component]
pub fn RosterPanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let filter = RwSignal::new(String::new());
    let online_only = RwSignal::new(false);
    let contacts = Memo::new(move |_| {
        store.contacts.with(|contacts| {
            let mut list: Vec<Contact> = contacts.values().cloned().collect();
            list.sort_by_cached_key(|c| {
                (
                    c.groups.first().cloned().unwrap_or_default(),
                    c.display_name().to_lowercase(),
                )
            });
            list
        })
    });
    // What the filter box and the "online only" toggle leave visible.
    let shown = Memo::new(move |_| {
        let needle = filter.get().trim().to_lowercase();
        let online_only = online_only.get();
        contacts.with(|list| {
            list.iter()
                .filter(|c| {
                    needle.is_empty()
                        || c.display_name().to_lowercase().contains(&needle)
                        || c.jid.to_string().contains(&needle)
                })
                .filter(|c| !online_only || store.presence_of(&c.jid).with(|p| p.best().is_some()))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    // Ctrl+K (⌘K) jumps to the contact filter from anywhere, as in most chat apps.
    let filter_input = NodeRef::<leptos::html::Input>::new();
    let shortcut = window_event_listener(leptos::ev::keydown, move |ev| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key().eq_ignore_ascii_case("k") {
            ev.prevent_default();
            if store.open_chat.get_untracked().is_some() {
                // On a phone the roster is hidden behind the open chat.
                crate::ui::route::navigate(None);
            }
            if let Some(input) = filter_input.get_untracked() {
                let _ = input.focus();
                input.select();
            }
        }
    });
    on_cleanup(move || shortcut.remove());
    let own = move || {
        store
            .own_jid
            .with(|j| j.as_ref().map(|j| j.bare().to_string()).unwrap_or_default())
    };
    view! {
        <aside class="roster-panel" aria-label="Contacts">
            <header class="me">
                <div class="me-jid" data-testid="own-jid">{own}</div>
                <button class="logout" data-testid="logout" type="button"
                    on:click=move |_| transport::logout(store)>"Log out"</button>
            </header>
            <OwnPresence/>
            <SubscriptionRequests/>
            <div class="roster-tools">
                <input data-testid="roster-filter" type="search" placeholder="Find a contact (Ctrl+K)"
                    node_ref=filter_input
                    aria-label="Find a contact" prop:value=move || filter.get()
                    on:input=move |ev| filter.set(event_target_value(&ev))/>
                <label class="online-only">
                    <input data-testid="roster-online-only" type="checkbox"
                        prop:checked=move || online_only.get()
                        on:change=move |ev| online_only.set(event_target_checked(&ev))/>
                    "Online only"
                </label>
            </div>
            <AddContact/>
            <Show when=move || store.roster_error.get().is_some()>
                <p class="form-error" role="alert">{move || store.roster_error.get().unwrap_or_default()}</p>
            </Show>
            <Show when=move || contacts.with(Vec::is_empty)>
                <p class="empty">"No contacts yet."</p>
            </Show>
            <Show when=move || shown.with(Vec::is_empty) && !contacts.with(Vec::is_empty)>
                <p class="empty">"No contact matches."</p>
            </Show>
            <ul class="roster" role="list">
                <For each=move || shown.get()
                    key=|c| (c.jid.clone(), c.name.clone(), c.groups.clone(), c.ask_pending)
                    children=move |contact| view! { <ContactRow contact/> }/>
            </ul>
        </aside>
    }
}
