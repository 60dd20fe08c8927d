//! People asking to see our presence, each with Accept and Deny.

use leptos::prelude::*;

use crate::client::expect_client;
use crate::store::Store;

/// The pending requests, oldest first; empty when there are none.
#[component]
pub fn SubscriptionRequests() -> impl IntoView {
    let store = expect_context::<Store>();
    let client = expect_client();
    view! {
        <ul class="subscription-requests" aria-label="Contact requests">
            <For each=move || store.subscription_requests.get() key=|jid| jid.clone()
                children=move |jid| {
                    let accept_jid = jid.clone();
                    let deny_jid = jid.clone();
                    view! {
                        <li class="subscription-request" data-testid="subscription-request"
                            data-jid=jid.to_string()>
                            <span class="request-text">{jid.to_string()}" wants to see when you are online."</span>
                            <span class="request-actions">
                                <button type="button" data-testid="subscription-accept"
                                    on:click=move |_| { let _ = client.answer_subscription(&accept_jid, true); }>
                                    "Accept"
                                </button>
                                <button type="button" data-testid="subscription-deny"
                                    on:click=move |_| { let _ = client.answer_subscription(&deny_jid, false); }>
                                    "Deny"
                                </button>
                            </span>
                        </li>
                    }
                }/>
        </ul>
    }
}
