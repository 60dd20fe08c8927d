//! The left pane: who I am, my presence, and my contacts.

use leptos::prelude::*;

use super::contact_row::ContactRow;
use super::own_presence::OwnPresence;
use crate::store::{Contact, Store};
use crate::transport;

/// Own identity and presence on top, the roster below, sorted by group then name.
#[component]
pub fn RosterPanel() -> impl IntoView {
    let store = expect_context::<Store>();
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
            <Show when=move || contacts.with(Vec::is_empty)>
                <p class="empty">"No contacts yet."</p>
            </Show>
            <ul class="roster" role="list">
                <For each=move || contacts.get()
                    key=|c| (c.jid.clone(), c.name.clone(), c.groups.clone())
                    children=move |contact| view! { <ContactRow contact/> }/>
            </ul>
        </aside>
    }
}
