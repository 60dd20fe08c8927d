//! A room's configuration in the store (XEP-0045 §10): the owner's form arriving, sent,
//! accepted or refused, and the room's word that its configuration changed (a quiet line).

use super::rooms::with_room;
use crate::store::room_config::RoomConfig;
use crate::store::Store;
use crate::xmpp::stanza::muc::StatusCode;
use crate::xmpp::{BareJid, Event};

/// Applies a configuration event of the session; any other event is not for this module.
pub(super) fn apply(store: &Store, event: Event, now_ms: f64) {
    match event {
        Event::RoomConfigForm {
            room,
            form,
            creating,
        } => with_room(store, &room, |r| {
            r.config = Some(RoomConfig {
                form: Some(form),
                creating,
                sending: false,
                error: None,
            });
        }),
        Event::RoomConfigured { room } => with_room(store, &room, |r| r.config = None),
        Event::RoomConfigFailed {
            room,
            error,
            with_defaults,
        } => with_room(store, &room, |r| {
            let why = error.describe();
            match r.config.as_mut() {
                // A new room whose form never came is opened with the service's defaults.
                _ if with_defaults => {
                    r.config = None;
                    r.refusal = Some(format!(
                        "The room's configuration form could not be had ({why}): it was opened with the service's default settings."
                    ));
                }
                Some(config) => {
                    config.sending = false;
                    config.error = Some(format!("The room refused: {why}."));
                }
                None => r.refusal = Some(format!("The room refused: {why}.")),
            }
        }),
        Event::RoomConfigChanged { room, codes } => with_room(store, &room, |r| {
            r.note(config_change(&codes), now_ms as i64);
        }),
        _ => {}
    }
}

/// What a room's notice of a configuration change says (§10.2.1), in words for a quiet line:
/// that it changed (104), then what it means for privacy (170–174).
fn config_change(codes: &[StatusCode]) -> String {
    codes
        .iter()
        .filter_map(|code| match code {
            StatusCode::ConfigurationChanged => Some("The room's configuration changed."),
            StatusCode::LoggingEnabled => Some("The room now keeps a log of what is said."),
            StatusCode::LoggingDisabled => Some("The room no longer keeps a log."),
            StatusCode::NowNonAnonymous => Some("Everyone in the room can now see real addresses."),
            StatusCode::NowSemiAnonymous => Some("Only moderators can now see real addresses."),
            StatusCode::NowFullyAnonymous => Some("Nobody can see real addresses any more."),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// We asked for the room's form: its view opens, waiting for it.
pub(super) fn requested(store: &Store, room: &BareJid) {
    with_room(store, room, |r| {
        r.refusal = None;
        r.config = Some(RoomConfig::asked());
    });
}

/// Our configuration (or a destruction) went out: waiting for the room's answer.
pub(super) fn sent(store: &Store, room: &BareJid) {
    with_room(store, room, |r| {
        if let Some(config) = r.config.as_mut() {
            config.sending = true;
            config.error = None;
        }
    });
}

/// The configuration view was closed.
pub(super) fn closed(store: &Store, room: &BareJid) {
    with_room(store, room, |r| r.config = None);
}
