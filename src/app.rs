//! Boot: panic hook, configuration, store, routes, and the root view.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::config::{self, BootConfig, Mode};
use crate::store::{ConnectionState, Store};
use crate::transport::{self, LoginRequest};
use crate::ui::chat::chat_pane::ChatPane;
use crate::ui::connection_status::ConnectionStatus;
use crate::ui::login_form::LoginForm;
use crate::ui::roster::roster_panel::RosterPanel;
use crate::ui::route;
use crate::ui::xml_console::XmlConsole;
use crate::xmpp::{BareJid, Secret};

/// What the views need from the boot configuration (plain data, shareable as context).
#[derive(Debug, Clone)]
pub struct Settings {
    pub websocket_url: String,
    pub jid: String,
}

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
    provide_context(Settings {
        websocket_url: boot.websocket_url.clone(),
        jid: boot.jid.clone(),
    });
    route::follow_hash(store);
    crate::ui::title::follow_unread(store, boot.mode == Mode::Fullscreen);
    let preferences = RwSignal::new(crate::ui::preferences::load());
    provide_context(preferences);
    crate::ui::preferences::persist(preferences);
    crate::ui::notify::follow_received(store, preferences);
    crate::ui::xml_console::follow_preference(store, preferences);
    // The browser says the network is back: don't wait for the backoff timer.
    let online_listener = window_event_listener_untyped("online", |_| {
        if crate::transport::reconnect::is_waiting() {
            crate::transport::reconnect::retry_now();
        }
    });
    on_cleanup(move || online_listener.remove());
    // Leaving or hiding the page: keep recent conversations and the roster for the next page
    // (see cache.rs and roster_cache.rs).
    let pagehide_listener = window_event_listener_untyped("pagehide", move |_| {
        crate::transport::save_local_copies(&store);
        crate::transport::save_stream_state();
    });
    on_cleanup(move || pagehide_listener.remove());
    let visibility_listener = window_event_listener_untyped("visibilitychange", move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Hidden {
            crate::transport::handle_received_frames();
            crate::transport::save_local_copies(&store);
        }
    });
    on_cleanup(move || visibility_listener.remove());

    if boot.auto_login {
        if let (Ok(jid), Some(password)) = (BareJid::parse(&boot.jid), boot.password.clone()) {
            transport::connect(
                store,
                LoginRequest {
                    jid,
                    secret: Secret::Password(password),
                    websocket_url: boot.websocket_url.clone(),
                    remember: false,
                    register: false,
                },
            );
        }
    } else if let Some(remembered) = transport::account::load() {
        // "Keep me logged in" on an earlier page: log in with the stored keys.
        transport::connect(
            store,
            LoginRequest {
                jid: remembered.jid,
                secret: Secret::Remembered(remembered.credentials),
                websocket_url: remembered.websocket_url,
                remember: true,
                register: false,
            },
        );
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
    let chat_open = move || store.open_chat.with(Option::is_some);

    view! {
        <div class=format!("palaver {mode_class}") data-theme=theme>
            <ConnectionStatus/>
            <Show when=signed_in fallback=|| view! { <main class="login-screen"><LoginForm/></main> }>
                <main class="workspace" class:chat-open=chat_open>
                    <h1 class="visually-hidden">"Palaver"</h1>
                    <RosterPanel/>
                    <ChatPane/>
                </main>
            </Show>
            <Show when=move || preferences.with(|p| p.xml_console)>
                <XmlConsole/>
            </Show>
        </div>
    }
}
