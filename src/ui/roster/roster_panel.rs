//! The left pane: who I am, my presence, contact requests, finding and adding contacts, the list.

use std::collections::HashSet;

use leptos::prelude::*;

use super::add_contact::AddContact;
use super::contact_row::ContactRow;
use super::conversation_list::ConversationList;
use super::message_requests::MessageRequests;
use super::own_presence::OwnPresence;
use super::rows::{build_rows, sort_contacts, RosterRow, RosterView};
use super::subscription_requests::SubscriptionRequests;
use crate::client::expect_client;
use crate::store::Store;
use crate::ui::avatar::Avatar;
use crate::ui::room::room_list::RoomList;
use crate::ui::settings::settings_panel::SettingsPanel;
use crate::ui::virtual_list::{VirtualList, VirtualScroll};

/// Own identity and presence on top, the roster below: grouped, filterable, virtualized.
#[component]
pub fn RosterPanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let client = expect_client();
    let filter = RwSignal::new(String::new());
    let online_only = RwSignal::new(false);
    let collapsed = RwSignal::new(HashSet::<String>::new());
    // Sorted once per roster change; the filter and toggles only walk the sorted list.
    let sorted = Memo::new(move |_| {
        store
            .contacts
            .with(|contacts| sort_contacts(contacts.values()))
    });
    let rows = Memo::new(move |_| {
        let view = RosterView {
            filter: filter.get(),
            online_only: online_only.get(),
            collapsed: collapsed.get(),
        };
        sorted.with(|sorted| {
            build_rows(sorted, &view, |jid| {
                store.presence_of(jid).with(|p| p.best().is_some())
            })
        })
    });
    let contact_count = move || store.contacts.with(|c| c.len());
    // Contacts that pass the filter, folded ones included (their header counts them).
    let shown_count = move || {
        rows.with(|rows| {
            let grouped = rows.iter().any(|r| matches!(r, RosterRow::Group { .. }));
            rows.iter()
                .map(|row| match row {
                    RosterRow::Group { count, .. } => *count,
                    RosterRow::Contact(_) => usize::from(!grouped),
                })
                .sum::<usize>()
        })
    };
    // Only the rows in view are rendered (ui/virtual_list.rs).
    let scroll = VirtualScroll::new();
    // A new filter starts at the top of its results.
    Effect::new(move |previous: Option<String>| {
        let current = filter.get();
        if previous.is_some_and(|p| p != current) {
            scroll.to_top();
        }
        current
    });
    let toggle_group = move |name: String| {
        collapsed.update(|set| {
            if !set.remove(&name) {
                set.insert(name);
            }
        })
    };
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
            .own_bare_tracked()
            .map(|own| own.to_string())
            .unwrap_or_default()
    };
    view! {
        <aside class="roster-panel" aria-label="Contacts">
            <header class="me">
                {move || store.own_bare_tracked().map(|jid| {
                    let name = jid.to_string();
                    view! { <Avatar jid name size=28/> }
                })}
                <div class="me-jid" data-testid="own-jid">{own}</div>
                <SettingsPanel/>
                <button class="logout" data-testid="logout" type="button"
                    on:click=move |_| client.log_out()>"Log out"</button>
            </header>
            <OwnPresence/>
            <SubscriptionRequests/>
            <MessageRequests/>
            <ConversationList/>
            <RoomList/>
            <div class="roster-tools">
                <input data-testid="roster-filter" type="search" placeholder="Find a contact (Ctrl+K)"
                    node_ref=filter_input
                    aria-label="Find a contact" prop:value=move || filter.get()
                    on:input=move |ev| filter.set(event_target_value(&ev))
                    on:keydown=move |ev| {
                        // Enter opens the first match: Ctrl+K, a few letters, Enter.
                        if ev.key() == "Enter" {
                            let first = rows.with_untracked(|rows| rows.iter().find_map(|r| match r {
                                RosterRow::Contact(c) => Some(c.jid.clone()),
                                RosterRow::Group { .. } => None,
                            }));
                            if let Some(jid) = first {
                                crate::ui::route::navigate(Some(&jid));
                            }
                        } else if ev.key() == "Escape" {
                            filter.set(String::new());
                        }
                    }/>
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
            <Show when=move || contact_count() == 0>
                <p class="empty">"No contacts yet."</p>
            </Show>
            <Show when=move || { shown_count() == 0 && contact_count() > 0 }>
                <p class="empty">"No contact matches."</p>
            </Show>
            <VirtualList rows=rows height=RosterRow::height key=RosterRow::key scroll
                class="roster-scroll" list_class="roster" label="Contact list"
                row=move |row| match row {
                    RosterRow::Contact(contact) => view! { <ContactRow contact/> }.into_any(),
                    RosterRow::Group { name, count, collapsed } => {
                        let toggled = name.clone();
                        let label = name.clone();
                        view! {
                            <li class="roster-group" data-testid="roster-group" data-group=name.clone()>
                                <button type="button" aria-expanded=(!collapsed).to_string()
                                    on:click=move |_| toggle_group(toggled.clone())>
                                    <span class="chevron" aria-hidden="true">{if collapsed { "▸" } else { "▾" }}</span>
                                    <span class="group-name">{label}</span>
                                    <span class="group-count">{count}</span>
                                </button>
                            </li>
                        }.into_any()
                    }
                }/>
        </aside>
    }
}
