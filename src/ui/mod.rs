//! Leptos views, one component per file, grouped by feature. Views read the store and call
//! transport commands; they never build XML.

pub mod chat;
pub mod connection_status;
pub mod login_form;
pub mod roster;
pub mod route;
pub mod time;
pub mod title;
