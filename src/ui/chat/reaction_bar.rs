//! The reactions under a message (XEP-0444): each emoji with how many put it there; ours are
//! pressed, and clicking one adds or withdraws ours.

use leptos::prelude::*;

use crate::client::expect_client;
use crate::store::{ChatMessage, Store};
use crate::xmpp::BareJid;

/// The reactions of `message` in the conversation with `peer`.
#[component]
pub fn ReactionBar(
    /// The message whose reactions are shown (and toggled by a click).
    message: ChatMessage,
    /// The conversation it is in: where our reactions go.
    peer: BareJid,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let client = expect_client();
    let own = store.own_bare();
    let target = StoredValue::new((peer, message.id.clone()));
    let buttons = message
        .reactions
        .iter()
        .map(|reaction| {
            let mine = own.as_ref().is_some_and(|o| reaction.by.contains(o));
            let names: Vec<String> = reaction
                .by
                .iter()
                .map(|who| {
                    if Some(who) == own.as_ref() {
                        "you".to_owned()
                    } else {
                        store.display_name(who)
                    }
                })
                .collect();
            let emoji = reaction.emoji.clone();
            let count = reaction.by.len();
            let toggle_emoji = emoji.clone();
            let toggle = move |_| {
                target.with_value(|(peer, id)| {
                    let _ = client.toggle_reaction(peer, id, &toggle_emoji);
                });
            };
            view! {
                <button type="button" class="reaction" data-testid="reaction" data-emoji=emoji.clone()
                    data-count=count.to_string() aria-pressed=if mine { "true" } else { "false" }
                    title=format!("{emoji} by {}", names.join(", ")) on:click=toggle>
                    <span class="emoji">{emoji.clone()}</span><span class="count">{count.to_string()}</span>
                </button>
            }
        })
        .collect_view();
    view! { <div class="reactions" role="group" aria-label="Reactions">{buttons}</div> }
}
