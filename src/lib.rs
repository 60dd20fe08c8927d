//! Palaver: an XMPP chat client that runs in the browser as WebAssembly.
//!
//! Layers (see `ARCHITECTURE.md` at the repository's root): views ([`ui`]) → the Client API
//! ([`client`]) → the connection's policy ([`driver`]), the browser shell ([`transport`]) and
//! the reactive [`store`] → the sans-IO protocol core ([`xmpp`]). The core, the driver,
//! [`persist`] and [`config`]'s rules build and are tested natively; the rest is wasm32-only.
#![warn(missing_docs)]

pub mod config;
pub mod driver;
pub mod persist;
pub mod xmpp;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod client;
/// The store's one plain-Rust module, built natively too so its rules run under `cargo test`
/// (in the browser it is `store::room_arrivals`).
#[cfg(not(target_arch = "wasm32"))]
#[path = "store/room_arrivals.rs"]
pub mod room_arrivals;
#[cfg(target_arch = "wasm32")]
pub mod store;
#[cfg(target_arch = "wasm32")]
pub mod transport;
#[cfg(target_arch = "wasm32")]
pub mod ui;

#[cfg(target_arch = "wasm32")]
pub use app::start;
