//! One message: author, time, the message it answers, its body (XEP-0393 styled text and safe
//! links, never HTML), "edited", reactions, delivery state and its actions menu; a retracted
//! message leaves a tombstone. `/me` messages read as actions ("* Bob waves").

use leptos::prelude::*;

use super::author_name;
use super::body_text::me_action;
use super::message_menu::MessageMenu;
use super::reaction_bar::ReactionBar;
use super::reply_quote::ReplyQuote;
use super::styled_body::StyledBody;
use crate::store::{ChatMessage, Store};
use crate::ui::time;
use crate::xmpp::BareJid;

/// Renders one message of the conversation with `peer`; own messages are styled apart.
#[component]
pub fn MessageRow(
    /// The message, as the store holds it at this revision.
    message: ChatMessage,
    /// The conversation it is in.
    peer: BareJid,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let author = author_name(&store, &message);
    let action = (!message.retracted)
        .then(|| me_action(&message.body).map(str::to_owned))
        .flatten();
    let mut class = String::from(if message.outgoing {
        "message outgoing"
    } else {
        "message incoming"
    });
    if action.is_some() {
        class.push_str(" action");
    }
    if message.retracted {
        class.push_str(" retracted");
    }
    let actor = if message.outgoing {
        store
            .own_bare()
            .map(|own| own.to_string())
            .unwrap_or_default()
    } else {
        author.clone()
    };
    let styled = message.styled;
    let body = if message.retracted {
        view! { <em class="tombstone">"This message was deleted."</em> }.into_any()
    } else {
        match action {
            Some(action) => view! {
                <span class="me-author">{format!("* {actor} ")}</span><StyledBody body=action styled/>
            }
            .into_any(),
            None => view! { <StyledBody body=message.body.clone() styled/> }.into_any(),
        }
    };
    let reply = message
        .reply
        .clone()
        .filter(|_| !message.retracted)
        .map(|reply| view! { <ReplyQuote reply peer=peer.clone()/> });
    let reactions = (!message.reactions.is_empty()).then(|| {
        view! { <ReactionBar message=message.clone() peer=peer.clone()/> }
    });
    let menu = (!message.retracted).then(
        || view! { <MessageMenu message=message.clone() peer=peer.clone() author=author.clone()/> },
    );
    view! {
        <li class=class data-testid="chat-message" data-id=message.id.clone() data-from=message.from.to_string()
            data-state=message.state.as_str() data-edited=message.edited.then_some("true")
            data-retracted=message.retracted.then_some("true")>
            <div class="meta">
                <span class="author">{author.clone()}</span>
                <time datetime=time::iso(message.timestamp_ms)>{time::clock(message.timestamp_ms)}</time>
                {message.edited.then(|| view! { <span class="edited" data-testid="message-edited">"edited"</span> })}
                {menu}
            </div>
            {reply}
            <div class="body" data-testid="message-body">{body}</div>
            {reactions}
            {message.error.clone().map(|e| view! { <div class="message-error" role="alert">{e}</div> })}
        </li>
    }
}
