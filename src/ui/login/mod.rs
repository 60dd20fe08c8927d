//! The login screen.

pub mod login_form;

/// What the login form starts with (from the boot configuration).
#[derive(Debug, Clone, Default)]
pub struct LoginDefaults {
    /// The WebSocket URL to pre-fill.
    pub websocket_url: String,
    /// The address to pre-fill.
    pub jid: String,
}
