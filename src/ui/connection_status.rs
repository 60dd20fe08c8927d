//! The always-visible connection indicator (`connection-status`, with `data-state`); while
//! reconnecting it counts down to the next attempt and offers "Retry now".

use leptos::prelude::*;

use crate::client::expect_client;
use crate::store::{ConnectionState, Store};

/// Shows connecting / online / reconnecting / offline / error.
#[component]
pub fn ConnectionStatus() -> impl IntoView {
    let store = expect_context::<Store>();
    let client = expect_client();
    let state = move || store.connection.get();
    // A clock for the countdown, ticking only while a retry is waiting.
    let now_ms = RwSignal::new(js_sys::Date::now());
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if store.reconnect_at.get_untracked().is_some() {
                now_ms.set(js_sys::Date::now());
            }
        },
        std::time::Duration::from_millis(500),
    ) {
        on_cleanup(move || handle.clear());
    }
    let seconds_left = move || {
        store
            .reconnect_at
            .get()
            .map(|at| ((at - now_ms.get()) / 1000.0).ceil().max(0.0) as u64)
    };
    let label = move || match (state(), seconds_left()) {
        (ConnectionState::Reconnecting, Some(0)) => "Reconnecting…".to_owned(),
        (ConnectionState::Reconnecting, Some(s)) => {
            format!("Connection lost. Reconnecting in {s} s…")
        }
        (s, _) => s.label().to_owned(),
    };
    view! {
        <div class="connection-status" data-testid="connection-status" data-state=move || state().as_str()
            data-session=move || if store.session_resumed.get() { "resumed" } else { "fresh" }
            role="status" aria-live="polite">
            <span class="dot" aria-hidden="true"></span>
            <span class="label">{label}</span>
            <Show when=move || state() == ConnectionState::Reconnecting>
                <span class="problem" title=move || store.connection_problem.get().unwrap_or_default()>
                    {move || store.connection_problem.get().unwrap_or_default()}
                </span>
                <button type="button" class="link-button" data-testid="reconnect-now"
                    on:click=move |_| client.retry_now()>"Retry now"</button>
            </Show>
        </div>
    }
}
