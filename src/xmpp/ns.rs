//! Namespace URIs, one constant per namespace, named after what they are for.

/// RFC 7395 §3.3: the WebSocket framing elements `<open/>` and `<close/>`.
pub const FRAMING: &str = "urn:ietf:params:xml:ns:xmpp-framing";
/// RFC 6120 §4: the stream namespace (`stream:features`, `stream:error`).
pub const STREAM: &str = "http://etherx.jabber.org/streams";
/// RFC 6120 §4.9.3: stream error conditions.
pub const STREAM_ERRORS: &str = "urn:ietf:params:xml:ns:xmpp-streams";
/// RFC 6120 §5: STARTTLS (never usable over WebSocket, RFC 7395 §3.7).
pub const TLS: &str = "urn:ietf:params:xml:ns:xmpp-tls";
/// RFC 6120 §6: SASL.
pub const SASL: &str = "urn:ietf:params:xml:ns:xmpp-sasl";
/// RFC 6120 §7: resource binding.
pub const BIND: &str = "urn:ietf:params:xml:ns:xmpp-bind";
/// RFC 3921 §3 session establishment (still advertised by some servers).
pub const SESSION: &str = "urn:ietf:params:xml:ns:xmpp-session";
/// RFC 6120 §8.3.3: stanza error conditions.
pub const STANZAS: &str = "urn:ietf:params:xml:ns:xmpp-stanzas";
/// RFC 6120 §4.8.3: the default namespace of client stanzas.
pub const CLIENT: &str = "jabber:client";
/// RFC 6121 §2: the roster.
pub const ROSTER: &str = "jabber:iq:roster";
/// XEP-0030: service discovery, information about an entity.
pub const DISCO_INFO: &str = "http://jabber.org/protocol/disco#info";
/// XEP-0115: entity capabilities in presence.
pub const CAPS: &str = "http://jabber.org/protocol/caps";
/// XEP-0199: XMPP ping.
pub const PING: &str = "urn:xmpp:ping";
/// RFC 6121 §2.6: the stream feature announcing roster versioning.
pub const ROSTER_VER: &str = "urn:xmpp:features:rosterver";
/// XEP-0184: message delivery receipts.
pub const RECEIPTS: &str = "urn:xmpp:receipts";
/// XEP-0085: chat state notifications (typing).
pub const CHATSTATES: &str = "http://jabber.org/protocol/chatstates";
/// XEP-0313: message archive management.
pub const MAM: &str = "urn:xmpp:mam:2";
/// XEP-0297: stanza forwarding (archived messages come wrapped in it).
pub const FORWARD: &str = "urn:xmpp:forward:0";
/// XEP-0203: delayed delivery timestamps.
pub const DELAY: &str = "urn:xmpp:delay";
/// XEP-0059: result set management (paging).
pub const RSM: &str = "http://jabber.org/protocol/rsm";
/// XEP-0004: data forms.
pub const DATA_FORMS: &str = "jabber:x:data";
/// XEP-0280: message carbons (copies of our conversations from our other devices).
pub const CARBONS: &str = "urn:xmpp:carbons:2";
/// XEP-0198: stream management (acks and resumption).
pub const SM: &str = "urn:xmpp:sm:3";
/// XEP-0359: unique and stable stanza ids (`<origin-id/>`, `<stanza-id/>`).
pub const SID: &str = "urn:xmpp:sid:0";
/// XEP-0030: service discovery, the items an entity offers.
pub const DISCO_ITEMS: &str = "http://jabber.org/protocol/disco#items";
/// XEP-0092: software version.
pub const VERSION: &str = "jabber:iq:version";
/// XEP-0077: in-band registration.
pub const REGISTER: &str = "jabber:iq:register";
/// XEP-0077 §8: the stream feature announcing in-band registration.
pub const REGISTER_FEATURE: &str = "http://jabber.org/features/iq-register";
/// XEP-0333: chat markers (displayed = read).
pub const MARKERS: &str = "urn:xmpp:chat-markers:0";
/// XEP-0308: last message correction.
pub const CORRECTION: &str = "urn:xmpp:message-correct:0";
/// XEP-0424: message retraction.
pub const RETRACT: &str = "urn:xmpp:message-retract:1";
/// XEP-0424 before version 0.4 (with XEP-0425 version 0.2's moderation).
pub const RETRACT_0: &str = "urn:xmpp:message-retract:0";
/// XEP-0425: moderated message retraction, current version (0.3).
pub const MODERATE: &str = "urn:xmpp:message-moderate:1";
/// XEP-0425 version 0.2: moderation wrapped in XEP-0422 fastening.
pub const MODERATE_0: &str = "urn:xmpp:message-moderate:0";
/// XEP-0422: message fastening (only as XEP-0425 0.2's `<apply-to/>`).
pub const FASTEN: &str = "urn:xmpp:fasten:0";
/// XEP-0461: message replies.
pub const REPLY: &str = "urn:xmpp:reply:0";
/// XEP-0444: message reactions.
pub const REACTIONS: &str = "urn:xmpp:reactions:0";
/// XEP-0428: fallback indication.
pub const FALLBACK: &str = "urn:xmpp:fallback:0";
/// XEP-0334: message processing hints.
pub const HINTS: &str = "urn:xmpp:hints";
/// XEP-0393: message styling (the feature, and `<unstyled/>` to opt out).
pub const STYLING: &str = "urn:xmpp:styling:0";
/// XEP-0060: publish-subscribe (PEP requests and publications).
pub const PUBSUB: &str = "http://jabber.org/protocol/pubsub";
/// XEP-0060: publish-subscribe notifications.
pub const PUBSUB_EVENT: &str = "http://jabber.org/protocol/pubsub#event";
/// XEP-0060 §7.1.5: the `FORM_TYPE` of the options a publication asks the node to have.
pub const PUBSUB_PUBLISH_OPTIONS: &str = "http://jabber.org/protocol/pubsub#publish-options";
/// XEP-0084: the avatar data node (the image, base64).
pub const AVATAR_DATA: &str = "urn:xmpp:avatar:data";
/// XEP-0084: the avatar metadata node (which image, of what type and size).
pub const AVATAR_METADATA: &str = "urn:xmpp:avatar:metadata";
/// XEP-0163 §4: the feature that asks a contact's server to push their avatar metadata to us.
pub const AVATAR_METADATA_NOTIFY: &str = "urn:xmpp:avatar:metadata+notify";
/// XEP-0054: vCards.
pub const VCARD: &str = "vcard-temp";
/// XEP-0153: the vCard photo hash in presence.
pub const VCARD_UPDATE: &str = "vcard-temp:x:update";
/// Prosody's `mod_vcard_legacy` (XEP-0398): the account keeps the vCard photo and the XEP-0084
/// avatar in step, so a client writes only the avatar.
pub const PEP_VCARD_CONVERSION: &str = "urn:xmpp:pep-vcard-conversion:0";
/// XEP-0045 §7.2: the namespace of the `<x/>` a client joins a room with (and of a join error's
/// echo of it).
pub const MUC: &str = "http://jabber.org/protocol/muc";
/// XEP-0045: what a room says about its occupants and to its users (items, status codes,
/// invitations, destruction).
pub const MUC_USER: &str = "http://jabber.org/protocol/muc#user";
/// XEP-0045 §8–§9: moderators' and admins' requests (roles, affiliations, their lists).
pub const MUC_ADMIN: &str = "http://jabber.org/protocol/muc#admin";
/// XEP-0045 §10: owners' requests (configuration form, destruction).
pub const MUC_OWNER: &str = "http://jabber.org/protocol/muc#owner";
/// XEP-0249: direct invitations, sent to the invitee rather than through the room.
pub const CONFERENCE: &str = "jabber:x:conference";
/// XEP-0421: the room's stable, pseudonymous id for the real person behind a nick.
pub const OCCUPANT_ID: &str = "urn:xmpp:occupant-id:0";
/// XEP-0402: PEP native bookmarks (the node of our rooms, and its `<conference/>` payload).
pub const BOOKMARKS: &str = "urn:xmpp:bookmarks:1";
/// XEP-0402 §4.1 (XEP-0163 §4): the feature that asks our server to push changes to our
/// bookmarks made by our other devices.
pub const BOOKMARKS_NOTIFY: &str = "urn:xmpp:bookmarks:1+notify";
