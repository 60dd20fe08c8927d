//! Leptos views, one component per file, grouped by feature. Views read the store and call
//! transport commands; they never build XML.

pub mod avatar;
pub mod avatar_picker;
pub mod chat;
pub mod connection_status;
pub mod login_form;
pub mod notify;
pub mod preferences;
pub mod roster;
pub mod route;
pub mod settings_panel;
pub mod time;
pub mod title;
pub mod xml_console;
