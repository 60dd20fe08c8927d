//! The public rooms of our server's group chat service (XEP-0045 §6.3), asked for on demand,
//! filtered by name or address; picking one fills the join form's address.

use leptos::prelude::*;

use crate::client::expect_client;
use crate::store::Store;

/// How many matching rooms are shown at once; the filter narrows a long list.
const SHOWN: usize = 50;

/// "Browse rooms" and, once listed, the rooms; a pick goes into `pick`.
#[component]
pub fn PublicRooms(
    /// The join form's address field.
    pick: RwSignal<String>,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let client = expect_client();
    let filter = RwSignal::new(String::new());
    let asked = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let browse = move |_| match client.list_public_rooms() {
        Ok(()) => asked.set(true),
        Err(e) => error.set(Some(format!("Could not list the rooms: {e}."))),
    };
    let listed = move || store.room_directory.with(|d| d.rooms.clone());
    let shown = move || {
        let needle = filter.get().to_lowercase();
        listed()
            .unwrap_or_default()
            .into_iter()
            .filter(|r| {
                needle.is_empty()
                    || r.jid.to_string().to_lowercase().contains(&needle)
                    || r.name
                        .as_deref()
                        .is_some_and(|n| n.to_lowercase().contains(&needle))
            })
            .take(SHOWN)
            .collect::<Vec<_>>()
    };
    view! {
        <div class="public-rooms">
            <Show when=move || listed().is_none()
                fallback=move || view! {
                    <input type="search" data-testid="room-browse-filter" placeholder="Filter rooms"
                        aria-label="Filter rooms" prop:value=move || filter.get()
                        on:input=move |ev| filter.set(event_target_value(&ev))/>
                    <ul role="list" data-testid="public-rooms">
                        <For each=shown key=|r| r.jid.clone() children=move |r| {
                            let jid = r.jid.to_string();
                            let fill = jid.clone();
                            view! {
                                <li>
                                    <button type="button" class="link-button" data-testid="public-room" data-jid=jid.clone()
                                        on:click=move |_| pick.set(fill.clone())>
                                        {r.name.clone().unwrap_or_else(|| jid.clone())}
                                    </button>
                                </li>
                            }
                        }/>
                    </ul>
                    <Show when=move || listed().is_some_and(|r| r.is_empty())>
                        <p class="hint">"This server lists no public rooms."</p>
                    </Show>
                }>
                <button type="button" class="link-button" data-testid="room-browse" on:click=browse
                    disabled=move || asked.get()>
                    {move || if asked.get() { "Listing rooms…" } else { "Browse public rooms" }}
                </button>
            </Show>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        </div>
    }
}
