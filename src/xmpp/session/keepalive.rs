//! Keeping an idle connection honest (XEP-0199 §4.2): after a minute without a frame from the
//! server we ping it; no frame at all before the ping's deadline ends the session, so a dead
//! connection is noticed even when the socket does not say so.

use std::time::Duration;

use web_time::Instant;

use super::iq_router::PendingIq;
use super::Session;
use crate::xmpp::jid::Jid;
use crate::xmpp::stanza::{ping, Iq};

/// After this long without a frame from the server, we ping it.
pub const PING_AFTER_IDLE: Duration = Duration::from_secs(60);
/// How long the server has to answer a ping before we declare the connection dead.
pub const PING_TIMEOUT: Duration = Duration::from_secs(20);

impl Session {
    /// When the next keep-alive ping is due, while online and none is out.
    pub(super) fn ping_due(&self) -> Option<Instant> {
        match (self.state.is_online(), self.ping_deadline) {
            (true, None) => Some(self.last_received + PING_AFTER_IDLE),
            _ => None,
        }
    }

    /// A client-to-server ping; any frame from the server counts as the answer.
    pub(super) fn send_ping(&mut self) {
        let server = Jid::parse(self.config.jid.domain()).ok();
        self.send_request(|id| Iq::get(id, server, ping::ping()), PendingIq::Ping);
        self.ping_deadline = Some(self.now + PING_TIMEOUT);
    }
}
