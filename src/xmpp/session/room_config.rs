//! Configuring and destroying a room we own (XEP-0045 §10): its configuration form asked for,
//! the owner's answers submitted, a configuration cancelled, the room destroyed.
//!
//! A room we create (status 201) is opened with the service's defaults, an instant room
//! (§10.1.2), unless the join asked to configure it first ([`Session::join_room_to_configure`],
//! §10.1.3): then its form comes as [`Event::RoomConfigForm`] with `creating`, and
//! [`Event::RoomJoined`] waits until the room accepts the submission, since others cannot enter
//! before. Cancelling a new room destroys it (§10.1.3); a service that only says "ok" (Prosody
//! 0.12 does) is asked to destroy it (§10.9), so the room never lingers locked.

use super::iq_router::{Answer, PendingIq};
use super::Session;
use crate::xmpp::error::ApiMisuse;
use crate::xmpp::event::{Event, RoomConfigError};
use crate::xmpp::jid::{BareJid, Jid};
use crate::xmpp::stanza::data_form::{DataForm, FormType};
use crate::xmpp::stanza::form::{self, Answers};
use crate::xmpp::stanza::muc::{Destroy, OwnerQuery};
use crate::xmpp::stanza::Iq;
use crate::xmpp::xml::Element;

/// What an owner's request to a room asked, so its answer is read for that.
pub(super) enum OwnerIq {
    /// The configuration form (§10.1.3, §10.2).
    Form,
    /// Our submitted configuration.
    Submit,
    /// A configuration abandoned; for a room being created, the room should go with it.
    Cancel {
        /// The room was new: if it is still there once the room answers, destroy it.
        creating: bool,
    },
    /// The room's destruction (§10.9).
    Destroy,
}

impl Session {
    /// Joins `room` like [`Session::join_room_and_keep`], but if the room turns out to be new
    /// (status 201) asks for its configuration form (§10.1.3) instead of taking the service's
    /// defaults: [`Event::RoomConfigForm`] comes with `creating`, and [`Event::RoomJoined`]
    /// (and the bookmark) once the room accepts [`Session::configure_room`]. An existing room
    /// is simply joined.
    pub fn join_room_to_configure(
        &mut self,
        room: &BareJid,
        nick: &str,
        password: Option<&str>,
    ) -> Result<(), ApiMisuse> {
        self.join_room_and_keep(room, nick, password)?;
        if let Some(entry) = self.rooms.get_mut(room) {
            entry.configure_if_new = true;
        }
        Ok(())
    }

    /// Asks `room` (which we are in, as its owner) for its configuration form, filled in with
    /// its current settings (§10.2): it comes as [`Event::RoomConfigForm`], a refusal (we are
    /// not its owner) as [`Event::RoomConfigFailed`].
    pub fn request_room_config(&mut self, room: &BareJid) -> Result<(), ApiMisuse> {
        self.ensure_owner_request(room)?;
        self.send_owner(room, OwnerQuery::Empty, OwnerIq::Form);
        Ok(())
    }

    /// Submits `answers` to `form` (the room's configuration form) as `room`'s configuration
    /// (§10.1.3, §10.2; XEP-0004 §3.4: hidden fields go back as they came, fixed ones not at
    /// all). The room's yes comes as [`Event::RoomConfigured`] (then, for a room being created,
    /// [`Event::RoomJoined`]), its no as [`Event::RoomConfigFailed`]: the form can be sent
    /// again.
    pub fn configure_room(
        &mut self,
        room: &BareJid,
        form: &DataForm,
        answers: &Answers,
    ) -> Result<(), ApiMisuse> {
        self.ensure_owner_request(room)?;
        let submission = form::submission(form, answers);
        self.send_owner(room, OwnerQuery::Form(submission), OwnerIq::Submit);
        Ok(())
    }

    /// Abandons `room`'s configuration (§10.1.3, §10.2: an empty cancelled form). A room we
    /// are creating is destroyed with it: the service should do so itself, and if it only
    /// says "ok" we ask it to; [`Event::RoomJoined`] never comes and nothing is kept. A room
    /// configured before keeps its settings.
    pub fn cancel_room_config(&mut self, room: &BareJid) -> Result<(), ApiMisuse> {
        self.ensure_owner_request(room)?;
        let creating = match self.rooms.get_mut(room) {
            Some(entry) => {
                entry.keep = None;
                entry.creating.take().is_some()
            }
            None => false,
        };
        self.send_owner(room, OwnerQuery::cancel(), OwnerIq::Cancel { creating });
        Ok(())
    }

    /// Destroys `room` (§10.9), telling everyone in it `reason` and, if given, where the
    /// conversation goes on (`venue`). Each occupant, us included, is put out with the room's
    /// `<destroy/>` ([`Event::RoomLeft`] with `destroyed`); a refusal comes as
    /// [`Event::RoomConfigFailed`].
    pub fn destroy_room(
        &mut self,
        room: &BareJid,
        reason: Option<&str>,
        venue: Option<&BareJid>,
    ) -> Result<(), ApiMisuse> {
        self.ensure_owner_request(room)?;
        self.send_destroy(room, reason, venue);
        Ok(())
    }

    fn send_destroy(&mut self, room: &BareJid, reason: Option<&str>, venue: Option<&BareJid>) {
        let destroy = Destroy {
            jid: venue.cloned().map(Jid::Bare),
            reason: reason
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_owned),
            password: None,
        };
        self.send_owner(room, OwnerQuery::Destroy(destroy), OwnerIq::Destroy);
    }

    /// An owner's request needs an online session, a room we are in and room in the table of
    /// waiting requests.
    fn ensure_owner_request(&self, room: &BareJid) -> Result<(), ApiMisuse> {
        self.ensure_online()?;
        if !self.is_in_room(room) {
            return Err(ApiMisuse::NotInRoom);
        }
        self.ensure_room_for_request()
    }

    /// Sends `query` to the room: a get for the form, a set for the rest.
    fn send_owner(&mut self, room: &BareJid, query: OwnerQuery, asked: OwnerIq) {
        let payload = Element::from(&query);
        let to = Some(Jid::Bare(room.clone()));
        let get = matches!(asked, OwnerIq::Form);
        self.send_request(
            |id| match get {
                true => Iq::get(id, to, payload),
                false => Iq::set(id, to, payload),
            },
            PendingIq::RoomOwner(room.clone(), asked),
        );
    }

    /// §10.1.1: the room we joined did not exist and is ours, locked until configured. `joined`
    /// is the news that we are in, given once the room is open to others: after the default
    /// configuration, or the user's (if the join asked for the form).
    pub(super) fn on_room_created(&mut self, room: &BareJid, joined: Event) {
        let Some(entry) = self.rooms.get_mut(room) else {
            return;
        };
        if !entry.configure_if_new {
            return self.accept_instant_room(room, joined);
        }
        entry.creating = Some(Box::new(joined));
        self.send_owner(room, OwnerQuery::Empty, OwnerIq::Form);
    }

    /// The room's answer to an owner's request.
    pub(super) fn on_owner_answer(&mut self, room: BareJid, asked: OwnerIq, answer: Answer) {
        match (asked, answer) {
            (OwnerIq::Form, Answer::Result(payload)) => match read_form(payload.as_ref()) {
                Ok(form) => {
                    let creating = self.rooms.get(&room).is_some_and(|r| r.creating.is_some());
                    self.emit(Event::RoomConfigForm {
                        room,
                        form,
                        creating,
                    });
                }
                Err(why) => self.form_unavailable(room, RoomConfigError::BadForm(why)),
            },
            (OwnerIq::Form, Answer::Error(error)) => {
                self.form_unavailable(room, RoomConfigError::Refused(error))
            }
            (OwnerIq::Submit, Answer::Result(_)) => {
                self.emit(Event::RoomConfigured { room: room.clone() });
                let held = self.rooms.get_mut(&room).and_then(|r| r.creating.take());
                if let Some(joined) = held {
                    self.announce_joined(*joined);
                }
            }
            (OwnerIq::Submit | OwnerIq::Destroy, Answer::Error(error)) => {
                self.emit(Event::RoomConfigFailed {
                    room,
                    error: RoomConfigError::Refused(error),
                    with_defaults: false,
                })
            }
            (OwnerIq::Cancel { creating: true }, _) if self.is_in_room(&room) => {
                // The service kept the room it should have destroyed (§10.1.3): destroy it.
                self.send_destroy(&room, None, None);
            }
            // Done, or a room already gone; a destruction shows as our own removal.
            (OwnerIq::Cancel { .. } | OwnerIq::Destroy, _) => {}
        }
    }

    /// The room's form could not be had. A room being created is opened with the service's
    /// defaults rather than left locked.
    fn form_unavailable(&mut self, room: BareJid, error: RoomConfigError) {
        let held = self.rooms.get_mut(&room).and_then(|r| r.creating.take());
        self.emit(Event::RoomConfigFailed {
            room: room.clone(),
            error,
            with_defaults: held.is_some(),
        });
        if let Some(joined) = held {
            self.accept_instant_room(&room, *joined);
        }
    }
}

/// The configuration form in the room's answer: an empty `<query/>` (or none) means nothing to
/// configure, a form without fields (§10.1.3).
fn read_form(payload: Option<&Element>) -> Result<DataForm, String> {
    let nothing = || DataForm {
        kind: FormType::Form,
        title: None,
        instructions: Vec::new(),
        fields: Vec::new(),
    };
    let Some(payload) = payload else {
        return Ok(nothing());
    };
    match OwnerQuery::try_from(payload) {
        Ok(OwnerQuery::Empty) => Ok(nothing()),
        Ok(OwnerQuery::Form(form)) if form.kind == FormType::Form => Ok(form),
        Ok(_) => Err("not a form to fill in".into()),
        Err(error) => Err(error.to_string()),
    }
}
