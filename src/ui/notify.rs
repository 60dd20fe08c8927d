//! Desktop notifications (Notification API) for messages arriving while the page is hidden.
//! Permission is asked only from a user action (the settings switch), never on load.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Notification, NotificationOptions, NotificationPermission};

use crate::store::Store;
use crate::ui::route;
use crate::ui::settings::preferences::Preferences;

/// Asks the browser for permission; call from a click or change handler. Returns whether
/// notifications may be shown now (the answer comes later when the user is asked).
pub fn request_permission() -> bool {
    match Notification::permission() {
        NotificationPermission::Granted => true,
        NotificationPermission::Denied => false,
        _ => {
            let _ = Notification::request_permission();
            false
        }
    }
}

/// Whether the browser refuses notifications for this page (the settings say so).
pub fn denied() -> bool {
    Notification::permission() == NotificationPermission::Denied
}

/// Shows a notification for each message received while the page is hidden and notifications
/// are on; one per conversation at a time (a newer one replaces it). Clicking it brings the
/// page forward with that conversation open.
pub fn follow_received(store: Store, preferences: RwSignal<Preferences>) {
    Effect::new(move |_| {
        let Some((from, body)) = store.last_received.get() else {
            return;
        };
        let title = store.display_name(&from);
        let tag = format!("palaver:{from}");
        notify(preferences, &title, &body, &tag, move || {
            route::navigate(Some(&from))
        });
    });
}

/// Shows a notification for each room line for us (a mention, a private message) received
/// while the page is hidden and notifications are on: rooms do not notify every line.
/// Clicking it opens the room.
pub fn follow_room_alerts(store: Store, preferences: RwSignal<Preferences>) {
    Effect::new(move |_| {
        let Some(alert) = store.last_room_alert.get() else {
            return;
        };
        let room_name = alert.room.local().unwrap_or_default().to_owned();
        let title = match alert.private {
            true => format!("{} (private, in {room_name})", alert.nick),
            false => format!("{} in {room_name}", alert.nick),
        };
        let tag = format!("palaver:room:{}", alert.room);
        let room = alert.room;
        notify(preferences, &title, &alert.body, &tag, move || {
            route::navigate_room(&room)
        });
    });
}

/// Shows one notification, if the page is hidden and notifications are on and allowed; a
/// click brings the page forward and calls `open`.
fn notify(
    preferences: RwSignal<Preferences>,
    title: &str,
    body: &str,
    tag: &str,
    open: impl FnOnce() + 'static,
) {
    let hidden = document().visibility_state() != web_sys::VisibilityState::Visible;
    if !hidden
        || !preferences.with_untracked(|p| p.notifications)
        || Notification::permission() != NotificationPermission::Granted
    {
        return;
    }
    let options = NotificationOptions::new();
    options.set_body(&preview(body));
    options.set_tag(tag);
    let Ok(notification) = Notification::new_with_options(title, &options) else {
        return;
    };
    let onclick = Closure::once_into_js(move || {
        if let Some(window) = web_sys::window() {
            let _ = window.focus();
        }
        open();
    });
    notification.set_onclick(Some(onclick.unchecked_ref()));
}

/// The first 140 characters of a message, on one line.
fn preview(body: &str) -> String {
    let line: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(140) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}
