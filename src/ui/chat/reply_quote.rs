//! The message a reply answers (XEP-0461), quoted above it: the original's author and start
//! when it is loaded (clicking scrolls to it), else the quote the reply's fallback carried.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::author_name;
use crate::store::Store;
use crate::xmpp::{BareJid, ReplyRef};

/// How much of the original shows in the quote.
const QUOTE_CHARS: usize = 120;

/// A short quote of `reply`'s message in the conversation with `peer`.
#[component]
pub fn ReplyQuote(
    /// What the message answers: the quote comes from the loaded original, else the fallback.
    reply: ReplyRef,
    /// The conversation, where the original is looked for.
    peer: BareJid,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let original = store.conversation(&peer).with_untracked(|messages| {
        messages
            .iter()
            .rev()
            .find(|m| m.answers_to(&reply.id))
            .map(|m| (author_name(&store, m), m.body.clone(), m.retracted))
    });
    let (who, text) = match original {
        Some((who, body, retracted)) => {
            let text = if retracted {
                "This message was deleted.".to_owned()
            } else {
                body
            };
            (Some(who), text)
        }
        None => (None, reply.quote.clone().unwrap_or_default()),
    };
    let mut short: String = text.chars().take(QUOTE_CHARS).collect();
    if text.chars().count() > QUOTE_CHARS {
        short.push('…');
    }
    let target = reply.id.clone();
    let jump = move |_| scroll_to_message(&target);
    view! {
        <button type="button" class="reply-quote" data-testid="reply-quote" data-reply-to=reply.id.clone()
            title="Show the message this answers" on:click=jump>
            {who.map(|who| view! { <span class="reply-author">{who}</span> })}
            <span class="reply-text">{short}</span>
        </button>
    }
}

/// Scrolls the message with stanza id `id` into view, if it is in the page.
fn scroll_to_message(id: &str) {
    let Ok(rows) = document().query_selector_all("[data-testid=chat-message]") else {
        return;
    };
    for i in 0..rows.length() {
        let Some(row) = rows
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        if row.get_attribute("data-id").as_deref() == Some(id) {
            row.scroll_into_view();
            return;
        }
    }
}
