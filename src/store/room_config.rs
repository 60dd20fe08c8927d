//! A room's configuration as its owner edits it (XEP-0045 §10): the form asked for, on screen,
//! submitted; for a room being created, what keeps it from opening. Part of a room's state
//! (`Room::config`), written by `apply::room_config`.

use crate::xmpp::stanza::data_form::DataForm;

/// The configuration view of one room, while it is open.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RoomConfig {
    /// The room's form, once it came; `None` while it is asked for.
    pub form: Option<DataForm>,
    /// The room is new (we created it) and opens to others only once this form is submitted;
    /// cancelling destroys it.
    pub creating: bool,
    /// Our answer (or a destruction) is on its way; the room has not said yes or no yet.
    pub sending: bool,
    /// The room's last refusal, in words, until the next request.
    pub error: Option<String>,
}

impl RoomConfig {
    /// The form was asked for (an owner reconfiguring the room, §10.2).
    pub fn asked() -> RoomConfig {
        RoomConfig::default()
    }
}
