//! The browser shell under the [`crate::client::Client`]: the pieces that touch the browser
//! and nothing else. A WebSocket with the `xmpp` subprotocol (gloo-net), the batching of
//! received frames per animation frame, one timer (gloo-timers), the browser's storage areas
//! and IndexedDB, XEP-0156 discovery over HTTP, the browser's URL parser for the driver's
//! policy, and the secure random source. No policy lives here: that is `crate::driver`.

pub mod discovery;
pub mod inbox;
pub mod random;
pub mod socket;
pub mod storage;
pub mod text;
pub mod timer;
pub mod url;
