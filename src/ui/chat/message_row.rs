//! One message: author, time, body as text and safe links (never HTML), delivery state;
//! `/me` messages read as actions ("* Bob waves").

use leptos::prelude::*;

use super::body_text::{me_action, BodyText};
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
    let action = me_action(&message.body).map(str::to_owned);
    let class = match (message.outgoing, action.is_some()) {
        (true, false) => "message outgoing",
        (false, false) => "message incoming",
        (true, true) => "message outgoing action",
        (false, true) => "message incoming action",
    };
    let actor = if message.outgoing {
        store
            .own_jid
            .with_untracked(|own| own.as_ref().map(|o| o.bare().to_string()))
            .unwrap_or_default()
    } else {
        author.clone()
    };
    let body = match action {
        Some(action) => view! {
            <span class="me-author">{format!("* {actor} ")}</span><BodyText body=action/>
        }
        .into_any(),
        None => view! { <BodyText body=message.body.clone()/> }.into_any(),
    };
    view! {
        <li class=class data-testid="chat-message" data-id=message.id.clone() data-from=message.from.to_string()
            data-state=message.state.as_str()>
            <div class="meta">
                <span class="author">{author}</span>
                <time datetime=time::iso(message.timestamp_ms)>{time::clock(message.timestamp_ms)}</time>
            </div>
            <div class="body" data-testid="message-body">{body}</div>
            {message.error.clone().map(|e| view! { <div class="message-error" role="alert">{e}</div> })}
        </li>
    }
}
