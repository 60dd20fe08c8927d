//! One message: author, time, body as plain text (never HTML), delivery state.

use leptos::prelude::*;

use crate::store::{ChatMessage, Store};
use crate::ui::time;

/// Renders one message; own messages are styled apart (`outgoing`).
#[component]
pub fn MessageRow(message: ChatMessage) -> impl IntoView {
    let store = expect_context::<Store>();
    let from = message.from.clone();
    let author = if message.outgoing {
        "Me".to_owned()
    } else {
        store
            .contacts
            .with_untracked(|c| c.get(&from).map(|c| c.display_name()))
            .unwrap_or_else(|| from.to_string())
    };
    let class = if message.outgoing {
        "message outgoing"
    } else {
        "message incoming"
    };
    view! {
        <li class=class data-testid="chat-message" data-id=message.id.clone() data-from=message.from.to_string()
            data-state=message.state.as_str()>
            <div class="meta">
                <span class="author">{author}</span>
                <time datetime=time::iso(message.timestamp_ms)>{time::clock(message.timestamp_ms)}</time>
            </div>
            <div class="body" data-testid="message-body">{message.body.clone()}</div>
            {message.error.clone().map(|e| view! { <div class="message-error" role="alert">{e}</div> })}
        </li>
    }
}
