//! The login form: JID, password, WebSocket URL (pre-filled, editable), and any error.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::LoginDefaults;
use crate::client::{expect_client, LoginRequest};
use crate::store::{ConnectionState, Store};
use crate::xmpp::{BareJid, Secret};

/// Collects credentials and starts a login; shows `login-error` when it fails.
#[component]
pub fn LoginForm() -> impl IntoView {
    let store = expect_context::<Store>();
    let client = expect_client();
    let settings = expect_context::<LoginDefaults>();
    let jid = RwSignal::new(settings.jid.clone());
    let password = RwSignal::new(String::new());
    let server = RwSignal::new(settings.websocket_url.clone());
    let remember = RwSignal::new(false);
    let local_error = RwSignal::new(None::<String>);
    let busy = move || store.connection.get() == ConnectionState::Connecting;

    // "Log in" submits the form; "Create account" registers the address first (XEP-0077).
    let register = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let jid_text = jid.get_untracked();
        let parsed = match BareJid::parse(jid_text.trim()) {
            Ok(parsed) if parsed.local().is_some() => parsed,
            Ok(_) => {
                local_error.set(Some("Enter your address as name@server.".into()));
                return;
            }
            Err(e) => {
                local_error.set(Some(format!("That address is not valid: {e}.")));
                return;
            }
        };
        if password.get_untracked().is_empty() {
            local_error.set(Some("Enter your password.".into()));
            return;
        }
        local_error.set(None);
        let request = LoginRequest {
            jid: parsed,
            secret: Secret::Password(password.get_untracked()),
            websocket_url: server.get_untracked().trim().to_owned(),
            remember: remember.get_untracked(),
            register: register.get_untracked(),
        };
        // No server given: the client asks the domain first (XEP-0156).
        client.log_in(request);
    };
    let error = move || local_error.get().or_else(|| store.login_error.get());

    view! {
        <form class="login" on:submit=submit novalidate>
            <h1>"Palaver"</h1>
            <p class="tagline">"Chat over XMPP, right in your browser."</p>
            <label>
                "Address"
                <input data-testid="login-jid" type="text" name="jid" autocomplete="username"
                    placeholder="you@example.org" required
                    prop:value=move || jid.get() on:input=move |ev| jid.set(event_target_value(&ev))/>
            </label>
            <label>
                "Password"
                <input data-testid="login-password" type="password" name="password"
                    autocomplete="current-password" required
                    prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
            </label>
            <label>
                "Server (WebSocket URL; empty: ask your domain)"
                <input data-testid="login-server" type="url" name="server"
                    prop:value=move || server.get() on:input=move |ev| server.set(event_target_value(&ev))/>
            </label>
            <label class="remember">
                <input data-testid="login-remember" type="checkbox" name="remember"
                    prop:checked=move || remember.get()
                    on:change=move |ev| remember.set(event_target_checked(&ev))/>
                "Keep me logged in on this device"
            </label>
            <Show when=move || error().is_some()>
                <p class="login-error" data-testid="login-error" role="alert">{move || error().unwrap_or_default()}</p>
            </Show>
            <button data-testid="login-submit" type="submit" disabled=busy
                on:click=move |_| register.set(false)>
                {move || if busy() { "Logging in…" } else { "Log in" }}
            </button>
            <button data-testid="login-register" type="submit" class="link-button" disabled=busy
                on:click=move |_| register.set(true)>
                "Create this account"
            </button>
        </form>
    }
}
