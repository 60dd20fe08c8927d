//! Own presence: online / away / do not disturb / offline, with a status message.

use leptos::prelude::*;

use crate::client::expect_client;
use crate::store::Store;
use crate::xmpp::Show;

fn show_from(value: &str) -> Option<Show> {
    match value {
        "away" => Some(Show::Away),
        "dnd" => Some(Show::Dnd),
        "offline" => None,
        _ => Some(Show::Online),
    }
}

/// A selector and a status field; changing either broadcasts our presence.
#[component]
pub fn OwnPresence() -> impl IntoView {
    let store = expect_context::<Store>();
    let client = expect_client();
    let choice = RwSignal::new("online".to_owned());
    let status = RwSignal::new(store.own_status.get_untracked());
    let publish = move || {
        let show = show_from(&choice.get_untracked());
        let text = status.get_untracked();
        let _ = client.set_presence(show, &text);
    };
    view! {
        <div class="own-presence">
            <select data-testid="presence-select" aria-label="My presence"
                prop:value=move || choice.get()
                on:change=move |ev| { choice.set(event_target_value(&ev)); publish(); }>
                <option value="online">"Online"</option>
                <option value="away">"Away"</option>
                <option value="dnd">"Do not disturb"</option>
                <option value="offline">"Offline"</option>
            </select>
            <input data-testid="status-input" type="text" placeholder="Status message"
                aria-label="Status message"
                prop:value=move || status.get()
                on:input=move |ev| status.set(event_target_value(&ev))
                on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); publish(); }
                on:blur=move |_| if status.get_untracked() != store.own_status.get_untracked() { publish(); }/>
        </div>
    }
}
