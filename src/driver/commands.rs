//! Commands on the connection: the ones that write a message (which may wait in the outbox
//! while the connection is being re-established) and the rest, which need an online session.

use super::{Driver, Update};
use crate::persist::outbox::Queued;
use crate::xmpp::error::ApiMisuse;
use crate::xmpp::jid::{BareJid, Jid};
use crate::xmpp::stanza::Show;
use crate::xmpp::{Phase, Session};

/// What became of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    /// It went out with this stanza id.
    Now(String),
    /// It waits in the outbox (shown as pending) under this local id.
    Queued(String),
}

impl Driver {
    /// Sends a chat message; while a lost connection is being re-established it is queued and
    /// goes out, in order, once the session is back.
    pub fn send_message(&mut self, to: &BareJid, body: &str) -> Result<Sent, ApiMisuse> {
        if body.trim().is_empty() {
            return Err(ApiMisuse::EmptyBody);
        }
        let online = self
            .session
            .as_ref()
            .is_some_and(|s| s.phase() == Phase::Online);
        let reconnecting = self.plan.as_ref().is_some_and(|p| p.was_online);
        if !online && reconnecting {
            let local_id = self.local_id();
            self.outbox.push(Queued {
                local_id: local_id.clone(),
                to: to.clone(),
                body: body.to_owned(),
            });
            self.save_outbox();
            self.push_update(Update::Queued {
                to: to.clone(),
                local_id: local_id.clone(),
                body: body.to_owned(),
            });
            return Ok(Sent::Queued(local_id));
        }
        let id = self.with_session(|s| s.send_message(&Jid::Bare(to.clone()), body))?;
        self.push_update(Update::Outgoing {
            to: to.clone(),
            id: id.clone(),
            body: body.to_owned(),
            reply: None,
        });
        Ok(Sent::Now(id))
    }

    /// Changes our presence (`None`: appear offline); a reconnect announces it again.
    pub fn set_presence(&mut self, show: Option<Show>, status: &str) -> Result<(), ApiMisuse> {
        let status = Some(status.trim().to_owned()).filter(|s| !s.is_empty());
        self.with_session(|session| match show {
            Some(show) => session.set_presence(show, status.as_deref()),
            None => session.set_unavailable(status.as_deref()),
        })?;
        if let Some(plan) = self.plan.as_mut() {
            plan.show = show.unwrap_or_default();
            plan.status = status.clone();
        }
        self.push_update(Update::OwnPresence {
            show,
            status: status.unwrap_or_default(),
        });
        Ok(())
    }

    /// Leaves `room`: at once when online; while the connection is being re-established, the
    /// next session leaves it (a resumed stream) or does not join it again (a fresh one).
    pub fn leave_room(&mut self, room: &BareJid) -> Result<(), ApiMisuse> {
        if let Some(carried) = self.plan.as_mut().and_then(|p| p.resumption.as_mut()) {
            carried.mark_left(room);
        }
        match self.session.as_mut() {
            Some(session) => session.leave_room(room),
            None => Ok(()),
        }
    }

    /// Runs a command on the online session; its frames and events follow through `poll`.
    pub fn with_session<R>(
        &mut self,
        command: impl FnOnce(&mut Session) -> Result<R, ApiMisuse>,
    ) -> Result<R, ApiMisuse> {
        match self.session.as_mut() {
            Some(session) => command(session),
            None => Err(ApiMisuse::NotOnline),
        }
    }

    /// Applies a change a command made at once (our own reply, a reaction…).
    pub fn note(&mut self, update: Update) {
        self.push_update(update);
    }
}
