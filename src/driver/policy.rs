//! What the driver does with the session's events: remember the account and flush the outbox
//! once online, retry a connection that dropped, follow a redirect the policy allows, and end
//! the login for good when retrying cannot help.

use super::{endpoint, Action, Driver, Link, Target, TransportFailure, Update, MAX_REDIRECTS};
use crate::persist::account::RememberedAccount;
use crate::xmpp::error::Redirect;
use crate::xmpp::jid::Jid;
use crate::xmpp::sasl::Secret;
use crate::xmpp::{Error, Event};
use zeroize::Zeroize;

impl Driver {
    /// One event from the session.
    pub(super) fn on_event(&mut self, event: Event) {
        match event {
            Event::RosterUpToDate => {
                // RFC 6121 §2.6.3: the roster we kept is current: show it as the roster.
                let cached = self.cached_roster.clone().unwrap_or_default();
                self.push_update(Update::Event(Event::Roster {
                    ver: cached.ver,
                    items: cached.items,
                }));
            }
            Event::Registered { .. } => {
                // Created: a reconnect must log in, not register again.
                if let Some(plan) = self.plan.as_mut() {
                    plan.request.register = false;
                }
                self.push_update(Update::Event(event));
            }
            Event::Online { .. } | Event::Resumed { .. } => self.on_online(event),
            Event::Disconnected { error } => self.on_disconnected(error),
            other => self.push_update(Update::Event(other)),
        }
    }

    fn on_online(&mut self, event: Event) {
        let resumed = matches!(event, Event::Resumed { .. });
        let credentials = self.session.as_ref().and_then(|s| s.credentials()).cloned();
        let Some(plan) = self.plan.as_mut() else {
            return;
        };
        plan.was_online = true;
        plan.attempt_online = true;
        plan.backoff.reset();
        plan.resumption = None;
        plan.target.hops = 0;
        let resuming_old_page = std::mem::take(&mut plan.resuming_old_page);
        let restored_unacked = std::mem::take(&mut plan.restored_unacked);
        let remember = plan.request.remember;
        let account = plan.request.jid.clone();
        if let Some(credentials) = &credentials {
            // After a SCRAM login only the derived keys are kept for reconnecting: the
            // password is wiped.
            plan.request.secret.zeroize();
            plan.request.secret = Secret::Remembered(credentials.clone());
        }
        if remember {
            match credentials {
                Some(credentials) => {
                    self.actions
                        .push_back(Action::RememberAccount(RememberedAccount {
                            jid: account.clone(),
                            // The address the user chose, never a redirect's (a one-off).
                            websocket_url: plan.request.websocket_url.clone(),
                            credentials,
                        }))
                }
                // PLAIN leaves nothing to remember but the password, which we never store.
                None => self.actions.push_back(Action::ForgetAccount),
            }
        }
        self.push_update(Update::Event(event));
        if remember {
            self.actions
                .push_back(Action::RestoreConversations(account.clone()));
        }
        // What a previous page had not managed to send: shown as sent (the session sends the
        // unacknowledged ones again), then as pending (the outbox).
        for (id, to, body) in restored_unacked {
            self.push_update(Update::Outgoing {
                to: to.bare().clone(),
                id,
                body,
                reply: None,
            });
        }
        for queued in self.outbox.take_unshown() {
            self.push_update(Update::Queued {
                to: queued.to,
                local_id: queued.local_id,
                body: queued.body,
            });
        }
        if resuming_old_page && resumed {
            // This page has no roster or presence yet: ask for them.
            if let Some(session) = self.session.as_mut() {
                let _ = session.refresh_after_reload();
            }
        }
        self.flush_outbox();
    }

    fn on_disconnected(&mut self, error: Option<Error>) {
        let resumption = self.session.as_ref().and_then(|s| s.resumption());
        if !matches!(self.link, Link::Idle) {
            self.link = Link::Idle;
            self.actions.push_back(Action::Close);
        }
        // An attempt to resume that ended before the stream was back (the server dropped the
        // connection instead of answering `<failed/>`): the next attempt starts a fresh session
        // at once, still sending the unacknowledged messages and catching up from the archive.
        let failed_resumption = self.plan.as_ref().and_then(|plan| {
            let attempted = plan.resumption.as_ref().filter(|r| r.can_resume())?;
            (!plan.attempt_online).then(|| attempted.clone())
        });
        if let (Some(previous), Some(error)) = (failed_resumption, &error) {
            if error.is_worth_retrying() && !matches!(error, Error::SeeOther(_)) {
                if let Some(plan) = self.plan.as_mut() {
                    plan.resumption = Some(previous.into_fresh_start());
                    plan.resuming_old_page = false;
                }
                self.retry();
                return;
            }
        }
        match error {
            Some(Error::SeeOther(to)) => self.follow_redirect(&to, resumption),
            Some(error) if error.is_worth_retrying() && self.plan.is_some() => {
                self.keep_resumption(resumption);
                if !self.schedule_retry(error.to_string()) {
                    self.end_login(Some(error));
                }
            }
            error => self.end_login(error),
        }
    }

    /// RFC 7395 §3.6.1 / RFC 6120 §4.9.3.19: the server sends us elsewhere.
    fn follow_redirect(&mut self, to: &Redirect, resumption: Option<crate::xmpp::sm::Resumption>) {
        let Some(plan) = self.plan.as_ref() else {
            return;
        };
        let next = if plan.target.hops >= MAX_REDIRECTS {
            Err(format!(
                "The server redirected us more than {MAX_REDIRECTS} times in a row; giving up."
            ))
        } else {
            endpoint::redirect(&plan.target.url, to, self.parse_url)
        };
        match next {
            Ok(endpoint) => {
                self.keep_resumption(resumption);
                if let Some(plan) = self.plan.as_mut() {
                    // Only this attempt goes there: reconnects and the remembered account keep
                    // the address the user chose.
                    plan.target = Target {
                        url: endpoint.url,
                        redirected: true,
                        hops: plan.target.hops + 1,
                    };
                }
                self.connect();
            }
            Err(reason) => {
                self.plan = None;
                self.session = None;
                self.push_update(Update::TransportFailed(TransportFailure::BadUrl(reason)));
            }
        }
    }

    /// Keeps what a dropped session leaves for the next attempt; `None` (no stream
    /// management) keeps what an earlier session left, since this one never took it over.
    fn keep_resumption(&mut self, resumption: Option<crate::xmpp::sm::Resumption>) {
        if let (Some(plan), Some(resumption)) = (self.plan.as_mut(), resumption) {
            plan.resumption = Some(resumption);
        }
    }

    /// The login is over: logged out, refused, or failed for good.
    fn end_login(&mut self, error: Option<Error>) {
        if error.as_ref().is_some_and(Error::is_auth_failure) {
            // Remembered keys the server refuses are worth nothing: ask again.
            self.actions.push_back(Action::ForgetAccount);
        }
        self.plan = None;
        for queued in self.outbox.drain() {
            self.push_update(Update::QueuedFailed {
                to: queued.to,
                local_id: queued.local_id,
                reason: "Not sent: logged out.".into(),
            });
        }
        if !self.logged_out {
            if let Some(stored) = self.outbox.stored() {
                self.actions.push_back(Action::SaveOutbox(stored));
            }
        }
        self.push_update(Update::Event(Event::Disconnected { error }));
    }

    /// Sends what was written while offline, oldest first, now that the session is online.
    pub(super) fn flush_outbox(&mut self) {
        let queued = self.outbox.drain();
        if queued.is_empty() {
            return;
        }
        let mut queued = queued.into_iter();
        while let Some(message) = queued.next() {
            let sent = self
                .session
                .as_mut()
                .map(|s| s.send_message(&Jid::Bare(message.to.clone()), &message.body));
            match sent {
                Some(Ok(id)) => self.push_update(Update::QueuedSent {
                    to: message.to,
                    local_id: message.local_id,
                    id,
                }),
                _ => {
                    let mut rest = vec![message];
                    rest.extend(queued);
                    self.outbox.requeue(rest);
                    break;
                }
            }
        }
        self.save_outbox();
    }

    /// Keeps the outbox (never after a logout).
    pub(super) fn save_outbox(&mut self) {
        if self.logged_out {
            return;
        }
        if let Some(stored) = self.outbox.stored() {
            self.actions.push_back(Action::SaveOutbox(stored));
        }
    }
}
