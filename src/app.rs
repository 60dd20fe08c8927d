//! Boot: panic hook, configuration, store, routes, and the root view.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::client::{Client, LoginRequest};
use crate::config::{self, BootConfig, Mode};
use crate::persist::Keys;
use crate::store::{ConnectionState, Store};
use crate::ui::chat::chat_pane::ChatPane;
use crate::ui::connection_status::ConnectionStatus;
use crate::ui::console::xml_console::XmlConsole;
use crate::ui::login::login_form::LoginForm;
use crate::ui::login::LoginDefaults;
use crate::ui::room::room_pane::RoomPane;
use crate::ui::roster::roster_panel::RosterPanel;
use crate::ui::route;
use crate::ui::settings::preferences;
use crate::xmpp::{BareJid, Secret};

/// The wasm entry point: mounts Palaver into `#palaver`, or the whole body when absent.
pub fn start() {
    console_error_panic_hook::set_once();
    let boot = config::read();
    let mount = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(config::MOUNT_ID))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match mount {
        Some(element) => leptos::mount::mount_to(element, move || view! { <App boot/> }).forget(),
        None => leptos::mount::mount_to_body(move || view! { <App boot/> }),
    }
}

/// The root: the login form until online, then roster and chat side by side.
#[component]
fn App(boot: BootConfig) -> impl IntoView {
    let store = Store::new();
    provide_context(store);
    let client = Client::new(store, Keys::default());
    client.provide();
    provide_context(LoginDefaults {
        websocket_url: boot.websocket_url.clone(),
        jid: boot.jid.clone(),
    });
    route::follow_hash(client);
    crate::ui::title::follow_unread(store, boot.mode == Mode::Fullscreen);
    let preferences = preferences::follow(client);
    provide_context(preferences);
    crate::ui::notify::follow_received(store, preferences);
    crate::ui::notify::follow_room_alerts(store, preferences);
    crate::ui::console::xml_console::follow_preference(client, preferences);
    // The browser says the network is back: don't wait for the backoff timer.
    let online_listener = window_event_listener_untyped("online", move |_| client.browser_online());
    on_cleanup(move || online_listener.remove());
    // Leaving or hiding the page: keep the stream's state, recent conversations and the roster
    // for the next page.
    let pagehide_listener =
        window_event_listener_untyped("pagehide", move |_| client.page_leaving());
    on_cleanup(move || pagehide_listener.remove());
    let visibility_listener = window_event_listener_untyped("visibilitychange", move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Hidden {
            client.page_hidden();
        }
    });
    on_cleanup(move || visibility_listener.remove());

    if boot.auto_login {
        if let (Ok(jid), Some(password)) = (BareJid::parse(&boot.jid), boot.password.clone()) {
            client.log_in(LoginRequest {
                jid,
                secret: Secret::Password(password),
                websocket_url: boot.websocket_url.clone(),
                remember: false,
                register: false,
            });
        }
    } else {
        // "Keep me logged in" on an earlier page: log in with the stored keys.
        client.resume_remembered();
    }

    let mode_class = match boot.mode {
        Mode::Fullscreen => "mode-fullscreen",
        Mode::Embedded => "mode-embedded",
        Mode::Overlay => "mode-overlay",
    };
    let theme = boot.theme.clone().unwrap_or_else(|| "auto".into());
    let signed_in = move || {
        matches!(
            store.connection.get(),
            ConnectionState::Online | ConnectionState::Reconnecting
        ) && store.own_jid.with(Option::is_some)
    };
    let chat_open =
        move || store.open_chat.with(Option::is_some) || store.open_room.with(Option::is_some);
    let room_open = move || store.open_room.with(Option::is_some);

    view! {
        <div class=format!("palaver {mode_class}") data-theme=theme>
            <ConnectionStatus/>
            <Show when=signed_in fallback=|| view! { <main class="login-screen"><LoginForm/></main> }>
                <main class="workspace" class:chat-open=chat_open>
                    <h1 class="visually-hidden">"Palaver"</h1>
                    <RosterPanel/>
                    <Show when=room_open fallback=|| view! { <ChatPane/> }>
                        <RoomPane/>
                    </Show>
                </main>
            </Show>
            <Show when=move || preferences.with(|p| p.xml_console)>
                <XmlConsole/>
            </Show>
        </div>
    }
}
