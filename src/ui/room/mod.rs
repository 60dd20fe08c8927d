//! Group chat rooms (XEP-0045): the sidebar's list with the join dialog, and the room's own
//! view (timeline, occupants, composer).

pub mod affiliation_actions;
pub mod affiliation_lists;
pub mod data_form;
pub mod invitation_cards;
pub mod invite_dialog;
pub mod join_dialog;
pub mod occupant_list;
pub mod occupant_row;
pub mod private_chat;
pub mod public_rooms;
pub mod room_composer;
pub mod room_config;
pub mod room_header;
pub mod room_list;
pub mod room_pane;
pub mod room_timeline;
