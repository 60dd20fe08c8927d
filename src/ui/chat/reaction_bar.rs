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
            let toggle = move |()| {
                target.with_value(|(peer, id)| {
                    let _ = client.toggle_reaction(peer, id, &toggle_emoji);
                });
            };
            view! { <ReactionChip emoji count names mine on_toggle=Callback::new(toggle)/> }
        })
        .collect_view();
    view! { <div class="reactions" role="group" aria-label="Reactions">{buttons}</div> }
}

/// One reaction under a message or a room line: the emoji, how many put it there, who (in its
/// title), pressed when ours; a click calls `on_toggle`.
#[component]
pub fn ReactionChip(
    /// The emoji.
    emoji: String,
    /// How many reacted with it.
    count: usize,
    /// Who, as shown ("you" for us).
    names: Vec<String>,
    /// Ours is among them.
    mine: bool,
    /// What a click does (adds or withdraws ours).
    on_toggle: Callback<()>,
) -> impl IntoView {
    view! {
        <button type="button" class="reaction" data-testid="reaction" data-emoji=emoji.clone()
            data-count=count.to_string() aria-pressed=if mine { "true" } else { "false" }
            title=format!("{emoji} by {}", names.join(", ")) on:click=move |_| on_toggle.run(())>
            <span class="emoji">{emoji.clone()}</span><span class="count">{count.to_string()}</span>
        </button>
    }
}
