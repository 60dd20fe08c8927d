//! The conversation side: header, messages, composer.

pub mod chat_pane;
pub mod composer;
pub mod message_row;
