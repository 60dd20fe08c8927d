//! Open conversations, newest first: who, the last message, unread count. Above the contacts,
//! so whoever wrote last is one click away however big the roster.

use leptos::prelude::*;

use crate::store::Store;
use crate::ui::avatar::Avatar;
use crate::ui::route;
use crate::xmpp::BareJid;

/// Conversations listed at most; older ones are a contact search away.
const SHOWN: usize = 20;

/// One conversation's row data.
#[derive(Debug, Clone, PartialEq)]
struct Summary {
    peer: BareJid,
    last_body: String,
    last_outgoing: bool,
    last_at: f64,
}

/// The list (hidden while there is no conversation yet).
#[component]
pub fn ConversationList() -> impl IntoView {
    let store = expect_context::<Store>();
    let summaries = Memo::new(move |_| {
        // Message requests wait in their own section.
        let requests = store.requests();
        let mut all: Vec<Summary> = store.conversations.with(|conversations| {
            conversations
                .iter()
                .filter(|(peer, _)| !requests.contains(peer))
                .filter_map(|(peer, messages)| {
                    messages.with(|m| {
                        m.last().map(|last| Summary {
                            peer: peer.clone(),
                            last_body: last.body.chars().take(80).collect(),
                            last_outgoing: last.outgoing,
                            last_at: last.timestamp_ms,
                        })
                    })
                })
                .collect()
        });
        all.sort_by(|a, b| b.last_at.total_cmp(&a.last_at));
        all.truncate(SHOWN);
        all
    });
    view! {
        <Show when=move || summaries.with(|s| !s.is_empty())>
            <section class="conversations" aria-label="Conversations">
                <h2 class="section-title">"Chats"</h2>
                <ul data-testid="conversation-list" role="list">
                    <For each=move || summaries.get() key=|s| (s.peer.clone(), s.last_body.clone(), s.last_outgoing, s.last_at.to_bits()) children=move |summary| {
                        let peer = summary.peer.clone();
                        let peer_text = peer.to_string();
                        let unread_peer = summary.peer.clone();
                        let active_peer = summary.peer.clone();
                        let name = store.display_name(&peer);
                        let unread = Memo::new(move |_| store.unread.with(|u| u.get(&unread_peer).copied().unwrap_or(0)));
                        let active = move || store.open_chat.with(|o| o.as_ref() == Some(&active_peer));
                        let preview = if summary.last_outgoing {
                            format!("You: {}", summary.last_body)
                        } else {
                            summary.last_body.clone()
                        };
                        view! {
                            <li class="conversation" data-testid="conversation-item" data-jid=peer_text
                                class:active=active>
                                <button type="button" on:click=move |_| route::navigate(Some(&peer))>
                                    <Avatar jid=summary.peer.clone() name=name.clone()/>
                                    <span class="conversation-text">
                                        <span class="contact-name">{name}</span>
                                        <span class="conversation-preview">{preview}</span>
                                    </span>
                                    <Show when=move || { unread.get() > 0 }>
                                        <span class="unread-badge" data-testid="conversation-unread">{unread}</span>
                                    </Show>
                                </button>
                            </li>
                        }
                    }/>
                </ul>
            </section>
        </Show>
    }
}
