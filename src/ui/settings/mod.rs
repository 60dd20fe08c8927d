//! The settings: desktop notifications, the XML console, your picture.

pub mod avatar_picker;
pub mod preferences;
pub mod settings_panel;
