//! The public rooms of our server's group chat service (XEP-0045 §6.3), asked for on demand,
//! filtered by name or address, each shown with what it says of itself (§6.4: description,
//! how many are in, whether it needs a password or membership); picking one fills the join
//! form's address. A service that pages its list offers "More rooms".

use leptos::prelude::*;

use crate::client::expect_client;
use crate::store::Store;
use crate::xmpp::BareJid;

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
    let list = move |more: bool| match client.list_public_rooms(more) {
        Ok(()) => asked.set(true),
        Err(e) => error.set(Some(format!("Could not list the rooms: {e}."))),
    };
    let more = move || store.room_directory.with(|d| d.next.is_some());
    let info = move |room: &BareJid| {
        store
            .room_directory
            .with(|d| d.info.get(room).cloned().flatten())
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
    // The rooms on screen are asked what they are (once each), not the whole service.
    Effect::new(move |_| {
        let on_screen: Vec<BareJid> = shown().into_iter().map(|r| r.jid).collect();
        client.describe_rooms(&on_screen);
    });
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
                            let room = r.jid.clone();
                            let described = Memo::new(move |_| info(&room));
                            let listed_name = r.name.clone();
                            let name = {
                                let jid = jid.clone();
                                move || described.get().and_then(|i| i.name).or(listed_name.clone()).unwrap_or(jid.clone())
                            };
                            let occupants = move || described.get().and_then(|i| i.occupants);
                            let description = move || described.get().and_then(|i| i.description);
                            let entry = move || described.get().and_then(|i| match (i.password, i.members_only) {
                                (true, _) => Some("🔒 password"),
                                (false, true) => Some("members only"),
                                _ => None,
                            });
                            view! {
                                <li>
                                    <button type="button" class="link-button public-room" data-testid="public-room" data-jid=jid.clone()
                                        data-occupants=move || occupants().map(|n| n.to_string())
                                        on:click=move |_| pick.set(fill.clone())>
                                        <span class="public-room-name">{name}</span>
                                        {move || occupants().map(|n| view! {
                                            <span class="public-room-count" title="people in the room">{format!("👥 {n}")}</span>
                                        })}
                                        {move || entry().map(|e| view! { <span class="public-room-entry">{e}</span> })}
                                        {move || description().map(|d| view! {
                                            <span class="public-room-description" data-testid="public-room-description">{d}</span>
                                        })}
                                    </button>
                                </li>
                            }
                        }/>
                    </ul>
                    <Show when=more>
                        <button type="button" class="link-button" data-testid="public-rooms-more"
                            on:click=move |_| list(true)>"More rooms"</button>
                    </Show>
                    <Show when=move || listed().is_some_and(|r| r.is_empty())>
                        <p class="hint">"This server lists no public rooms."</p>
                    </Show>
                }>
                <button type="button" class="link-button" data-testid="room-browse" on:click=move |_| list(false)
                    disabled=move || asked.get()>
                    {move || if asked.get() { "Listing rooms…" } else { "Browse public rooms" }}
                </button>
            </Show>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        </div>
    }
}
