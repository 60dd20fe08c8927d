//! The page title and the favicon carry the unread total, so a background tab shows there is
//! news.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::store::Store;

/// The favicon, with a red badge drawn over it when something is unread (CSP allows `data:`
/// images). Same shape as `public/favicon.svg`.
const ICON: &str = "<path fill='#3b6fd8' d='M10 8h44a6 6 0 0 1 6 6v26a6 6 0 0 1-6 6H28L14 58V46h-4a6 6 0 0 1-6-6V14a6 6 0 0 1 6-6z'/><circle cx='22' cy='27' r='4' fill='#fff'/><circle cx='32' cy='27' r='4' fill='#fff'/><circle cx='42' cy='27' r='4' fill='#fff'/>";

/// Keeps `document.title` as "(N) Palaver" while N messages (or room lines for us) are unread, and, when Palaver owns
/// the page (`badge_favicon`: full-screen mode, not a widget embedded in someone's site), the
/// favicon badged with N.
pub fn follow_unread(store: Store, badge_favicon: bool) {
    Effect::new(move |_| {
        // Rooms count what is for us (mentions, private messages), as their notifications do.
        let rooms: u32 = store
            .rooms
            .with(|rooms| rooms.values().map(|r| r.with(|r| r.mentions)).sum());
        let unread: u32 = store.unread.with(|u| u.values().sum::<u32>()) + rooms;
        let title = if unread > 0 {
            format!("({unread}) Palaver")
        } else {
            "Palaver".to_owned()
        };
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        document.set_title(&title);
        if badge_favicon {
            set_favicon(&document, unread);
        }
    });
}

/// The `data:` URL of the favicon with `unread` on a badge (none at 0; "99+" above 99).
pub fn favicon_url(unread: u32) -> String {
    let badge = match unread {
        0 => String::new(),
        n => {
            let label = if n > 99 {
                "99+".to_owned()
            } else {
                n.to_string()
            };
            format!(
                "<circle cx='46' cy='18' r='18' fill='#d93025'/><text x='46' y='26' font-size='{}' \
                 font-family='sans-serif' font-weight='bold' text-anchor='middle' fill='#fff'>{label}</text>",
                if label.len() > 2 { 16 } else { 22 }
            )
        }
    };
    let svg =
        format!("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 64 64'>{ICON}{badge}</svg>");
    format!(
        "data:image/svg+xml,{}",
        String::from(js_sys::encode_uri_component(&svg))
    )
}

fn set_favicon(document: &web_sys::Document, unread: u32) {
    let link = match document.query_selector("link[rel~='icon']").ok().flatten() {
        Some(link) => link,
        None => {
            let Ok(link) = document.create_element("link") else {
                return;
            };
            let _ = link.set_attribute("rel", "icon");
            if let Some(head) = document.head() {
                let _ = head.append_child(&link);
            }
            link
        }
    };
    if let Some(link) = link.dyn_ref::<web_sys::HtmlLinkElement>() {
        link.set_href(&favicon_url(unread));
        let _ = link.set_attribute("data-unread", &unread.to_string());
    }
}
