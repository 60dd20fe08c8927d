//! What the message box is doing: writing a new message, answering one (XEP-0461) or
//! correcting our last one (XEP-0308). Shared by the message rows (which start a reply or an
//! edit) and the composer (which shows the banner and sends accordingly).

use leptos::prelude::*;

use crate::xmpp::ReplyRef;

/// The composer's mode.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum ComposeMode {
    /// A new message.
    #[default]
    New,
    /// An answer to `reply`'s message, written by `author` (a display name).
    Reply {
        /// The message answered, as the reply will name it.
        reply: ReplyRef,
        /// Its author's display name, for the banner.
        author: String,
    },
    /// A correction of our message `id`, which read `original`.
    Edit {
        /// The id of our message being corrected.
        id: String,
        /// Its text before the correction: sending it unchanged sends nothing.
        original: String,
    },
}

/// The conversation's shared chat controls, provided by the conversation view.
#[derive(Clone, Copy)]
pub struct ChatControls {
    /// What the composer does with the next Enter.
    pub mode: RwSignal<ComposeMode>,
    /// The message whose actions menu is open, by id (one at a time).
    pub menu_open: RwSignal<Option<String>>,
}

impl ChatControls {
    /// Fresh controls: a new message, no menu open.
    pub fn new() -> ChatControls {
        ChatControls {
            mode: RwSignal::new(ComposeMode::New),
            menu_open: RwSignal::new(None),
        }
    }
}

impl Default for ChatControls {
    fn default() -> ChatControls {
        ChatControls::new()
    }
}

/// The reactions offered in a message's menu: the six every chat client offers.
pub const QUICK_REACTIONS: &[&str] = &["👍", "❤️", "😂", "😮", "😢", "🙏"];

/// The banner above a message box that answers a message or corrects ours: which, and a ×
/// (like Escape) to go back to a new message. Shared by 1:1 and room composers.
#[component]
pub fn ComposeBanner(
    /// The composer's mode.
    mode: RwSignal<ComposeMode>,
) -> impl IntoView {
    move || {
        match mode.get() {
        ComposeMode::New => None,
        ComposeMode::Reply { reply, author } => {
            let quote: String = reply
                .quote
                .unwrap_or_default()
                .chars()
                .take(80)
                .collect();
            Some(view! {
                <div class="composer-mode" data-testid="composer-reply">
                    <span>"Replying to "<strong>{author}</strong>": "<span class="quoted">{quote}</span></span>
                    <button type="button" class="link-button" data-testid="composer-cancel" aria-label="Cancel the reply"
                        on:click=move |_| mode.set(ComposeMode::New)>"×"</button>
                </div>
            }.into_any())
        }
        ComposeMode::Edit { .. } => Some(view! {
            <div class="composer-mode" data-testid="composer-editing">
                <span>"Editing your message"</span>
                <button type="button" class="link-button" data-testid="composer-cancel" aria-label="Cancel the edit"
                    on:click=move |_| mode.set(ComposeMode::New)>"×"</button>
            </div>
        }.into_any()),
    }
    }
}

/// The quick reactions row of a message's menu (conversations and rooms alike): one button
/// each, calling `on_pick` with the emoji.
#[component]
pub fn QuickReactions(
    /// What a click does with its emoji.
    on_pick: Callback<String>,
) -> impl IntoView {
    view! {
        <div class="menu-reactions" role="group" aria-label="React">
            {QUICK_REACTIONS.iter().map(|emoji| {
                let emoji = (*emoji).to_owned();
                let chosen = emoji.clone();
                view! {
                    <button type="button" role="menuitem" data-testid="reaction-choice"
                        data-emoji=emoji.clone() aria-label=format!("React {emoji}")
                        on:click=move |_| on_pick.run(chosen.clone())>{emoji.clone()}</button>
                }
            }).collect_view()}
        </div>
    }
}
