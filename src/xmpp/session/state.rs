//! Where a session stands: the negotiation steps with the data each needs, and the phase the
//! application sees.

use crate::xmpp::error::Error;
use crate::xmpp::event::Phase;
use crate::xmpp::jid::FullJid;
use crate::xmpp::sasl::ScramClient;
use crate::xmpp::stanza::features::StreamFeatures;

/// Where the negotiation stands; data each step needs lives in its variant.
pub(super) enum State {
    /// Waiting for `<open/>` and `<stream:features/>`; `authenticated` after the SASL restart.
    AwaitingFeatures { authenticated: bool },
    /// Sent the XEP-0077 registration with this id; SASL follows on these stream features.
    Registering {
        iq_id: String,
        features: StreamFeatures,
    },
    /// Sent `<auth/>`.
    Sasl(SaslState),
    /// Sent the bind request with this id.
    Binding {
        iq_id: String,
        session_required: bool,
    },
    /// Sent the legacy session request with this id.
    EstablishingSession { iq_id: String, jid: FullJid },
    /// Sent `<resume/>` (XEP-0198 §5) instead of binding; the previous stream is in `carried`.
    Resuming,
    /// Bound and usable.
    Online { jid: FullJid },
    /// Sent `<close/>` and wait for the server's.
    Closing,
    /// Over, with the reason (None: clean logout).
    Closed(Option<Error>),
}

/// The SASL mechanism under way.
pub(super) enum SaslState {
    Scram(Box<ScramClient>),
    Plain,
}

impl State {
    /// The phase the application sees.
    pub(super) fn phase(&self) -> Phase {
        match self {
            State::AwaitingFeatures {
                authenticated: false,
            } => Phase::Connecting,
            State::AwaitingFeatures {
                authenticated: true,
            } => Phase::Binding,
            State::Sasl(_) | State::Registering { .. } => Phase::Authenticating,
            State::Binding { .. } | State::EstablishingSession { .. } | State::Resuming => {
                Phase::Binding
            }
            State::Online { .. } => Phase::Online,
            State::Closing => Phase::Closing,
            State::Closed(_) => Phase::Closed,
        }
    }

    /// True once bound (or resumed) and until the stream closes.
    pub(super) fn is_online(&self) -> bool {
        matches!(self, State::Online { .. })
    }
}
