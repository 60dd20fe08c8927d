//! The conversation side: header, messages, composer.

pub mod body_text;
pub mod chat_pane;
pub mod composer;
pub mod contact_editor;
pub mod message_row;
