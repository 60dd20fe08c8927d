//! The conversation side: header, messages, composer.

pub mod body_text;
pub mod chat_pane;
pub mod compose_mode;
pub mod composer;
pub mod contact_editor;
pub mod message_menu;
pub mod message_row;
pub mod message_window;
pub mod reaction_bar;
pub mod reply_quote;
pub mod styled_body;

use crate::store::{ChatMessage, Store};

/// Who wrote `message`, as a row or a quote names them: "Me" for ours, else their name.
fn author_name(store: &Store, message: &ChatMessage) -> String {
    if message.outgoing {
        "Me".to_owned()
    } else {
        store.display_name(&message.from)
    }
}
