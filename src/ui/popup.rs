//! What a panel opened by a button does (the contact editor, the settings): Escape closes it
//! wherever the focus is, and closing gives the focus back to that button, so a keyboard user
//! is never left on an element that vanished.

use leptos::html::Button;
use leptos::prelude::*;

/// Lets Escape close `open` for the life of the calling component; returns the way to close
/// it, which gives the focus back to `button`.
pub(crate) fn closer(open: RwSignal<bool>, button: NodeRef<Button>) -> impl Fn() + Copy + 'static {
    let close = move || {
        open.set(false);
        if let Some(button) = button.get_untracked() {
            let _ = button.focus();
        }
    };
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && open.get_untracked() {
            close();
        }
    });
    on_cleanup(move || escape.remove());
    close
}
