//! The roster side: own presence, contact list.

pub mod contact_row;
pub mod own_presence;
pub mod roster_panel;
