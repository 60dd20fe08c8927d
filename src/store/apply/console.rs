//! The XML console's lines: kept only while it is on, with every credential masked.

use leptos::prelude::*;

use crate::store::model::ConsoleLine;
use crate::store::Store;

/// Lines the XML console keeps; older ones scroll away.
pub const CONSOLE_LINES: usize = 500;

/// Records a frame for the XML console, if it is on, with every credential masked
/// ([`crate::xmpp::redact`]): never shown, never kept.
pub(super) fn record_console_line(store: &Store, incoming: bool, frame: &str) {
    if store.xml_console.with_untracked(Option::is_none) {
        return;
    }
    let xml = crate::xmpp::redact::for_console(frame);
    store.xml_console.update(|console| {
        if let Some(lines) = console {
            let seq = lines.back().map_or(0, |l| l.seq + 1);
            if lines.len() == CONSOLE_LINES {
                lines.pop_front();
            }
            lines.push_back(ConsoleLine { seq, incoming, xml });
        }
    });
}

/// Switches the console on (an empty buffer) or off (nothing kept).
pub(super) fn enable(store: &Store, on: bool) {
    let recording = store.xml_console.with_untracked(Option::is_some);
    if on && !recording {
        store.xml_console.set(Some(Default::default()));
    } else if !on && recording {
        store.xml_console.set(None);
    }
}

/// Empties the console (the Clear button, and every logout).
pub(super) fn clear(store: &Store) {
    store.xml_console.update(|console| {
        if let Some(lines) = console {
            lines.clear();
        }
    });
}
