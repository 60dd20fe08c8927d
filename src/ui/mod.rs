//! Leptos views, one component per file, each screen in its own folder (login, roster, chat,
//! room, settings, console) and what several share at the top. Views read the store and act through
//! the `Client` (`client::expect_client`); they never build XML nor touch the transport.

pub mod avatar;
pub mod chat;
pub mod connection_status;
pub mod console;
pub mod login;
pub mod notify;
mod popup;
pub mod room;
pub mod roster;
pub mod route;
pub mod settings;
pub mod time;
pub mod title;
pub mod virtual_list;
