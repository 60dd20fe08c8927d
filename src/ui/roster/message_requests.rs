//! Message requests: what people the roster does not know wrote, waiting apart from the
//! conversations until the user adds them (Accept) or lets it go (Dismiss). Opening one shows
//! the messages; nothing goes back to them (no receipt, marker or typing) until then.

use leptos::prelude::*;

use crate::client::expect_client;
use crate::store::Store;
use crate::ui::route;

/// The requests, newest first; nothing when there are none.
#[component]
pub fn MessageRequests() -> impl IntoView {
    let store = expect_context::<Store>();
    let client = expect_client();
    let requests = Memo::new(move |_| store.requests());
    view! {
        <Show when=move || requests.with(|r| !r.is_empty())>
            <section class="message-requests" data-testid="requests" aria-label="Message requests">
                <h2 class="section-title">{move || format!("Requests ({})", requests.with(Vec::len))}</h2>
                <ul role="list">
                    <For each=move || requests.get() key=|jid| jid.clone() children=move |jid| {
                        let open_jid = jid.clone();
                        let accept_jid = jid.clone();
                        let dismiss_jid = jid.clone();
                        let count_jid = jid.clone();
                        let count = move || {
                            store.conversation(&count_jid).with(|m| m.len())
                        };
                        view! {
                            <li class="message-request" data-testid="request-item" data-jid=jid.to_string()>
                                <button type="button" class="link-button request-open"
                                    on:click=move |_| route::navigate(Some(&open_jid))>
                                    {jid.to_string()}
                                    <span class="request-count">{move || format!(" ({})", count())}</span>
                                </button>
                                <span class="request-actions">
                                    <button type="button" data-testid="request-accept"
                                        on:click=move |_| { let _ = client.add_contact(&accept_jid, "", ""); }>
                                        "Accept"
                                    </button>
                                    <button type="button" data-testid="request-dismiss"
                                        on:click=move |_| client.dismiss_request(&dismiss_jid)>
                                        "Dismiss"
                                    </button>
                                </span>
                            </li>
                        }
                    }/>
                </ul>
            </section>
        </Show>
    }
}
