//! The always-visible connection indicator (`connection-status`, with `data-state`).

use leptos::prelude::*;

use crate::store::Store;

/// Shows connecting / online / reconnecting / offline / error.
#[component]
pub fn ConnectionStatus() -> impl IntoView {
    let store = expect_context::<Store>();
    let state = move || store.connection.get();
    view! {
        <div class="connection-status" data-testid="connection-status" data-state=move || state().as_str()
            role="status" aria-live="polite">
            <span class="dot" aria-hidden="true"></span>
            <span class="label">{move || state().label()}</span>
        </div>
    }
}
