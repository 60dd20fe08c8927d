//! Palaver: an XMPP chat client that runs in the browser as WebAssembly.
//!
//! Layers (see DESIGN.md): the sans-IO protocol core [`xmpp`] → the browser transport →
//! the reactive store → the Leptos views. Only the core builds natively; the rest is wasm32-only.

pub mod driver;
pub mod persist;
pub mod xmpp;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod config;
#[cfg(target_arch = "wasm32")]
pub mod store;
#[cfg(target_arch = "wasm32")]
pub mod transport;
#[cfg(target_arch = "wasm32")]
pub mod ui;

#[cfg(target_arch = "wasm32")]
pub use app::start;
