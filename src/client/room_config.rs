//! What views ask of a room's configuration (XEP-0045 §10): creating a room through its form,
//! the owner's later changes, cancelling, destroying. Each runs on the session; the room's
//! answers come back through the store (`Room::config`).

use super::Client;
use crate::driver::Update;
use crate::xmpp::stanza::data_form::DataForm;
use crate::xmpp::stanza::form::Answers;
use crate::xmpp::{ApiMisuse, BareJid};

impl Client {
    /// Joins `room` like [`Client::join_room`], but a room that turns out to be new is not
    /// opened with the service's defaults: its configuration form comes first (the room's
    /// `config`, with `creating`), and the room opens once it accepts the owner's answers.
    pub fn join_room_to_configure(
        &self,
        room: &BareJid,
        nick: &str,
        password: Option<&str>,
    ) -> Result<(), ApiMisuse> {
        let nick = nick.trim();
        let password = password.filter(|p| !p.is_empty());
        self.command(
            |session| session.join_room_to_configure(room, nick, password),
            |()| Update::RoomJoinRequested {
                room: room.clone(),
                nick: nick.to_owned(),
            },
        )
    }

    /// Opens `room`'s configuration (we own it): its form, filled in with the room's current
    /// settings, shows once the room sends it.
    pub fn request_room_config(&self, room: &BareJid) -> Result<(), ApiMisuse> {
        let result = self.command(
            |session| session.request_room_config(room),
            |()| Update::RoomConfigRequested(room.clone()),
        );
        self.show_failure(room, result)
    }

    /// Sends `answers` to `form` as `room`'s configuration; the room's yes closes the view (and
    /// opens a room being created), its no shows on the form.
    pub fn configure_room(
        &self,
        room: &BareJid,
        form: &DataForm,
        answers: &Answers,
    ) -> Result<(), ApiMisuse> {
        let result = self.command(
            |session| session.configure_room(room, form, answers),
            |()| Update::RoomConfigSent(room.clone()),
        );
        self.show_failure(room, result)
    }

    /// Abandons `room`'s configuration. A room being created is destroyed and goes from the
    /// list; a room configured before keeps its settings.
    pub fn cancel_room_config(&self, room: &BareJid, creating: bool) -> Result<(), ApiMisuse> {
        let closed = match creating {
            true => Update::RoomClosed(room.clone()),
            false => Update::RoomConfigClosed(room.clone()),
        };
        let result = self.run(|session| session.cancel_room_config(room));
        // Whatever the session could send, the view closes: the user is done with it.
        self.note(closed);
        result
    }

    /// Destroys `room` (we own it), telling everyone `reason` and where it goes on (`venue`);
    /// everyone, us included, sees the room gone.
    pub fn destroy_room(
        &self,
        room: &BareJid,
        reason: &str,
        venue: Option<&BareJid>,
    ) -> Result<(), ApiMisuse> {
        let reason = Some(reason.trim()).filter(|r| !r.is_empty());
        let result = self.command(
            |session| session.destroy_room(room, reason, venue),
            |()| Update::RoomConfigSent(room.clone()),
        );
        self.show_failure(room, result)
    }
}
