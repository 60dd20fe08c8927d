//! Chat state notifications (XEP-0085): active, composing (typing), paused, inactive, gone.

use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// XEP-0085 §2: what the other side is doing in the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChatState {
    /// Paying attention to the conversation.
    Active,
    /// Typing.
    Composing,
    /// Was typing, stopped for a while.
    Paused,
    /// Not paying attention (another window, another conversation).
    Inactive,
    /// Left the conversation (closed it).
    Gone,
}

impl ChatState {
    /// The element name.
    pub fn name(self) -> &'static str {
        match self {
            ChatState::Active => "active",
            ChatState::Composing => "composing",
            ChatState::Paused => "paused",
            ChatState::Inactive => "inactive",
            ChatState::Gone => "gone",
        }
    }

    /// The chat state a message carries, if any (the first one wins).
    pub fn from_message(message: &Element) -> Option<ChatState> {
        message
            .children()
            .filter(|c| c.ns() == ns::CHATSTATES)
            .find_map(|c| match c.name() {
                "active" => Some(ChatState::Active),
                "composing" => Some(ChatState::Composing),
                "paused" => Some(ChatState::Paused),
                "inactive" => Some(ChatState::Inactive),
                "gone" => Some(ChatState::Gone),
                _ => None,
            })
    }
}

impl From<ChatState> for Element {
    fn from(state: ChatState) -> Element {
        Element::new(state.name(), ns::CHATSTATES)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_state_of_a_message() {
        let m = Element::parse(r#"<message xmlns="jabber:client"><composing xmlns="http://jabber.org/protocol/chatstates"/></message>"#).unwrap();
        assert_eq!(ChatState::from_message(&m), Some(ChatState::Composing));
        let none =
            Element::parse(r#"<message xmlns="jabber:client"><composing/></message>"#).unwrap();
        assert_eq!(
            ChatState::from_message(&none),
            None,
            "the namespace matters"
        );
        assert_eq!(
            Element::from(ChatState::Paused).to_string(),
            r#"<paused xmlns="http://jabber.org/protocol/chatstates"/>"#
        );
    }
}
