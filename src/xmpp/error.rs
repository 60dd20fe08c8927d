//! Errors of the protocol core: fatal ones that end the session, and caller bugs.

use std::fmt;

use super::condition::{SaslCondition, StreamCondition};
use super::sasl::SaslError;
use super::sm::AckTooHigh;
use super::stanza::StanzaError;
use super::xml::XmlError;

/// A fatal problem: the session is over. Sticky: once returned, every later input returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The server sent something that is not acceptable XML (RFC 6120 §4.9.3).
    Xml(XmlError),
    /// Our side of the SASL exchange failed (bad challenge, unverifiable server, no mechanism).
    Sasl(SaslError),
    /// The server refused the credentials (RFC 6120 §6.5), e.g. `not-authorized`.
    AuthFailed {
        /// The `<failure/>` child, which says whether retrying may help.
        condition: SaslCondition,
        /// The server's own words, if it gave any (shown, never trusted for decisions).
        text: Option<String>,
    },
    /// The server ended the stream with a stream error (RFC 6120 §4.9).
    StreamError {
        /// The `<stream:error/>` child, which says whether reconnecting may help.
        condition: StreamCondition,
        /// The server's own words, if it gave any (shown, never trusted for decisions).
        text: Option<String>,
    },
    /// The server closed the stream (`<close/>`, RFC 7395 §3.6) without an error or a redirect:
    /// a restart or a maintenance; worth reconnecting.
    ClosedByServer,
    /// The server insists on STARTTLS (RFC 6120 §5.3.1 `<required/>`), which XMPP over WebSocket
    /// cannot do (RFC 7395 §3.7: TLS belongs to the WebSocket, `wss://`).
    TlsRequired,
    /// An element that makes no sense at this point of the negotiation.
    Unexpected {
        /// The element's local name, for the log.
        element: String,
        /// The step of the negotiation it arrived in ("registration", "framing", …).
        during: &'static str,
    },
    /// The server offered no resource binding after authentication.
    NoBind,
    /// The server refused to bind a resource.
    BindFailed(StanzaError),
    /// The server did not complete the negotiation in time.
    NegotiationTimeout,
    /// The WebSocket closed while the session was still open.
    TransportClosed {
        /// The WebSocket close code (RFC 6455 §7.4; 1006 when the browser saw no close frame).
        code: u16,
    },
    /// The server did not answer our XEP-0199 ping in time: the connection is dead.
    PingTimeout,
    /// The server acknowledged stanzas we never sent (XEP-0198 §4).
    AckTooHigh(AckTooHigh),
    /// The server stopped acknowledging what we send (XEP-0198): this many stanzas wait for an
    /// ack, the most we keep. A new session resends the messages among them.
    TooManyUnacked {
        /// How many stanzas were waiting for an ack.
        count: usize,
    },
    /// "Create account" on a server that offers no in-band registration (XEP-0077).
    RegistrationUnavailable,
    /// The server refused to create the account (XEP-0077 §3.1): `conflict` when the name is
    /// taken, `not-acceptable` when something required is missing.
    RegistrationFailed(StanzaError),
    /// The server sends us to another address: the driver may follow (a few hops, and only
    /// where the transport policy allows).
    SeeOther(Redirect),
}

/// Where a server redirects us.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redirect {
    /// RFC 7395 §3.6.1: `<close see-other-uri='wss://…'/>`, a whole WebSocket URL.
    Uri(String),
    /// RFC 6120 §4.9.3.19: `<see-other-host>host[:port]</see-other-host>`: the same endpoint on
    /// another host.
    Host(String),
}

impl fmt::Display for Redirect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Redirect::Uri(uri) => f.write_str(uri),
            Redirect::Host(host) => f.write_str(host),
        }
    }
}

impl Error {
    /// True for failures a retry with the same credentials cannot fix (wrong password, …).
    pub fn is_auth_failure(&self) -> bool {
        match self {
            Error::AuthFailed { condition, .. } => !condition.is_temporary(),
            _ => matches!(
                self,
                Error::RegistrationUnavailable
                    | Error::RegistrationFailed(_)
                    | Error::Sasl(
                        SaslError::NoAcceptableMechanism { .. } | SaslError::RememberedKeysOutdated
                    )
            ),
        }
    }

    /// Whether reconnecting later may succeed where this session failed. Not after a refused
    /// login, nor after `conflict` (another login replaced this one: coming back would kick it
    /// out in turn), nor when the server needs what this transport cannot give.
    pub fn is_worth_retrying(&self) -> bool {
        match self {
            Error::AuthFailed { condition, .. } => condition.is_temporary(),
            Error::Sasl(_) | Error::TlsRequired => false,
            Error::StreamError { condition, .. } => !matches!(
                condition,
                StreamCondition::Conflict
                    | StreamCondition::HostUnknown
                    | StreamCondition::HostGone
                    | StreamCondition::UnsupportedVersion
            ),
            _ => !self.is_auth_failure(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Xml(e) => write!(f, "The server sent invalid data ({e})."),
            Error::Sasl(e) => write!(f, "Login failed: {e}."),
            Error::AuthFailed { condition, text } => {
                write!(f, "Login failed: {}", condition.reason())?;
                // Servers explain not-authorized in SASL jargon ("the response … doesn't match");
                // the reason above says it better. Other conditions keep the server's words.
                match text {
                    Some(text) if !text.is_empty() && *condition != SaslCondition::NotAuthorized => {
                        write!(f, " ({text}).")
                    }
                    _ => f.write_str("."),
                }
            }
            Error::StreamError { condition, text } => {
                write!(f, "Disconnected: {} ({condition})", condition.reason())?;
                match text {
                    Some(text) if !text.is_empty() => write!(f, ": {text}."),
                    _ => f.write_str("."),
                }
            }
            Error::Unexpected { element, during } => {
                write!(
                    f,
                    "The server sent an unexpected <{element}/> during {during}."
                )
            }
            Error::ClosedByServer => f.write_str("Disconnected: the server closed the stream."),
            Error::TlsRequired => f.write_str(
                "The server requires STARTTLS, which XMPP over WebSocket cannot do: use its wss:// address.",
            ),
            Error::NoBind => f.write_str("The server offers no resource binding."),
            Error::BindFailed(e) => write!(
                f,
                "The server refused to bind a resource: {}.",
                e.describe()
            ),
            Error::NegotiationTimeout => f.write_str("The server did not answer in time."),
            Error::TransportClosed { code } => {
                write!(f, "The connection was lost (WebSocket code {code}).")
            }
            Error::PingTimeout => f.write_str("The server stopped answering (ping timeout)."),
            Error::AckTooHigh(e) => write!(f, "The server's stream management is confused: {e}."),
            Error::TooManyUnacked { count } => write!(
                f,
                "The server stopped confirming what Palaver sends ({count} stanzas unconfirmed)."
            ),
            Error::SeeOther(to) => write!(f, "The server sent us to {to}."),
            Error::RegistrationUnavailable => {
                f.write_str("This server does not let you create an account from here.")
            }
            Error::RegistrationFailed(e) => match e.condition.as_str() {
                "conflict" => f.write_str("That name is already taken on this server."),
                "not-acceptable" => f.write_str(
                    "The server did not accept that name or password (missing or too weak?).",
                ),
                "not-allowed" | "forbidden" => {
                    f.write_str("This server does not let you create an account from here.")
                }
                _ => write!(f, "Could not create the account: {}.", e.describe()),
            },
        }
    }
}

impl std::error::Error for Error {}

impl From<XmlError> for Error {
    fn from(e: XmlError) -> Error {
        Error::Xml(e)
    }
}

impl From<SaslError> for Error {
    fn from(e: SaslError) -> Error {
        Error::Sasl(e)
    }
}

/// A command the caller should not have issued in this state: a bug in the caller, not the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiMisuse {
    /// The command needs an online session.
    NotOnline,
    /// A message body was empty.
    EmptyBody,
    /// An avatar that is not a PNG, JPEG, GIF or WebP image, or too large.
    InvalidAvatar,
    /// Too many requests are waiting for the server's answer (`iq_router::MAX_PENDING_IQS`).
    TooManyRequests,
    /// A room needs a nick to be joined, one that can be the resource of `room@service/nick`
    /// (XEP-0045 §7.2.1): not empty, not too long.
    InvalidNick,
    /// Already in (or joining) as many rooms as a session keeps (`session::MAX_ROOMS`).
    TooManyRooms,
    /// Something said in a room the session is not in (or not in yet).
    NotInRoom,
    /// Rooms were asked for, but our server has named no group chat service.
    NoRoomService,
    /// A bookmark whose name or password is longer than a bookmark keeps
    /// (`stanza::bookmarks::MAX_NAME_CHARS`, `MAX_PASSWORD_BYTES`).
    InvalidBookmark,
    /// Older lines of a room that keeps no archive (its disco#info lists no `urn:xmpp:mam:2`).
    NoRoomArchive,
    /// The same kind of request is still waiting for its answer (a room's archive is read one
    /// page at a time): ask again once it is answered.
    Busy,
    /// A line removal was asked of a room that does not offer XEP-0425 moderation, or of a
    /// line the room has given no stanza id.
    NotModerated,
}

impl fmt::Display for ApiMisuse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiMisuse::NotModerated => {
                f.write_str("this room does not let moderators remove lines")
            }
            ApiMisuse::NotOnline => f.write_str("the session is not online"),
            ApiMisuse::EmptyBody => f.write_str("a message needs a body"),
            ApiMisuse::InvalidAvatar => {
                f.write_str("an avatar must be a PNG, JPEG, GIF or WebP image of at most 128 KB")
            }
            ApiMisuse::TooManyRequests => f.write_str(
                "too many requests are waiting for the server's answer; try again in a moment",
            ),
            ApiMisuse::InvalidNick => {
                f.write_str("a room needs a nickname, not empty and not too long")
            }
            ApiMisuse::TooManyRooms => f.write_str("too many rooms are open at once"),
            ApiMisuse::NotInRoom => f.write_str("you are not in this room (yet)"),
            ApiMisuse::NoRoomService => f.write_str("this server has named no group chat service"),
            ApiMisuse::InvalidBookmark => f.write_str("a bookmark's name or password is too long"),
            ApiMisuse::NoRoomArchive => f.write_str("this room keeps no archive of older messages"),
            ApiMisuse::Busy => f.write_str("the previous request is still waiting for its answer"),
        }
    }
}

impl std::error::Error for ApiMisuse {}
