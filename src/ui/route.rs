//! Hash routes, a public hook for tests and links: `#/chat/<bare-jid>` opens a conversation,
//! `#/room/<room-jid>` a group chat room, anything else the list.

use leptos::prelude::*;

use crate::client::Client;
use crate::xmpp::BareJid;

const CHAT_PREFIX: &str = "#/chat/";
const ROOM_PREFIX: &str = "#/room/";

/// The conversation a hash names, if it is a valid chat route.
pub fn parse(hash: &str) -> Option<BareJid> {
    jid_after(hash, CHAT_PREFIX)
}

/// The room a hash names, if it is a valid room route.
pub fn parse_room(hash: &str) -> Option<BareJid> {
    jid_after(hash, ROOM_PREFIX)
}

fn jid_after(hash: &str, prefix: &str) -> Option<BareJid> {
    let encoded = hash.strip_prefix(prefix)?;
    let decoded = js_sys::decode_uri_component(encoded).ok()?.as_string()?;
    BareJid::parse(&decoded).ok()
}

/// The hash that opens the conversation with `jid`.
pub fn chat_hash(jid: &BareJid) -> String {
    format!("{CHAT_PREFIX}{jid}")
}

/// The hash that opens the room `jid`.
pub fn room_hash(jid: &BareJid) -> String {
    format!("{ROOM_PREFIX}{jid}")
}

/// Navigates to the conversation with `jid` (or back to the list with `None`).
pub fn navigate(jid: Option<&BareJid>) {
    set_hash(&jid.map(chat_hash).unwrap_or_else(|| "#/".into()));
}

/// Navigates to the room `jid`.
pub fn navigate_room(jid: &BareJid) {
    set_hash(&room_hash(jid));
}

fn set_hash(hash: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_hash(hash);
    }
}

/// Keeps the open conversation or room in step with the location hash, now and on every
/// change.
pub fn follow_hash(client: Client) {
    let sync = move || {
        let hash = web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default();
        client.open_chat(parse(&hash));
        client.open_room(parse_room(&hash));
    };
    sync();
    let handle = window_event_listener_untyped("hashchange", move |_| sync());
    // The listener lives as long as the page.
    std::mem::forget(handle);
}
