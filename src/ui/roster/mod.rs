//! The roster side: own presence, contact requests, adding and finding contacts, the list.

pub mod add_contact;
pub mod contact_row;
pub mod conversation_list;
pub mod message_requests;
pub mod own_presence;
pub mod roster_panel;
pub mod rows;
pub mod subscription_requests;
