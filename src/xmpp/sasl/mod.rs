//! SASL (RFC 6120 §6): choosing a mechanism and running it.
//!
//! Preference: SCRAM-SHA-256, then SCRAM-SHA-1, then PLAIN, and PLAIN only when the transport is
//! secure (`wss://`) or on loopback, where nobody can read the password off the wire.

pub mod scram;

use std::fmt;

pub use scram::{ScramClient, ScramCredentials, ScramHash, ScramKeys, Secret};
use zeroize::Zeroizing;

/// What went wrong in our side of a SASL exchange (the server's own `<failure/>` is separate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaslError {
    /// A challenge that does not follow the mechanism's syntax.
    MalformedChallenge,
    /// The server nonce does not extend ours: a replay or a broken server.
    NonceMismatch,
    /// An iteration count outside what we accept.
    IterationCount(u32),
    /// The server's final signature is wrong: it does not know our password.
    ServerSignatureMismatch,
    /// The server-final message carried `e=`.
    ServerRejected(String),
    /// A message arrived before the step it belongs to.
    OutOfOrder,
    /// None of the offered mechanisms is one we may use on this connection.
    NoAcceptableMechanism {
        /// The mechanism names the server offered, for the message.
        offered: Vec<String>,
    },
    /// The remembered keys no longer match the server's salt or iteration count (the password
    /// changed), or the server no longer offers their mechanism: the password is needed.
    RememberedKeysOutdated,
    /// The password holds characters SASLprep forbids (RFC 4013 §2.3: controls, private use,
    /// unassigned…): no server can check it.
    UnusablePassword,
}

impl fmt::Display for SaslError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaslError::MalformedChallenge => {
                f.write_str("the server sent a malformed SASL challenge")
            }
            SaslError::NonceMismatch => f.write_str("the server's SCRAM nonce does not match ours"),
            SaslError::IterationCount(i) => write!(f, "the server asked for {i} SCRAM iterations"),
            SaslError::ServerSignatureMismatch => {
                f.write_str("the server could not prove it knows the password")
            }
            SaslError::ServerRejected(e) => write!(f, "the server rejected the login: {e}"),
            SaslError::OutOfOrder => f.write_str("SASL messages arrived out of order"),
            SaslError::NoAcceptableMechanism { offered } => write!(
                f,
                "the server offers no login method Palaver can use safely here (offered: {})",
                offered.join(", ")
            ),
            SaslError::RememberedKeysOutdated => {
                f.write_str("the remembered login no longer works; please enter your password")
            }
            SaslError::UnusablePassword => {
                f.write_str("the password contains characters that cannot be used to log in")
            }
        }
    }
}

impl std::error::Error for SaslError {}

/// The mechanism chosen for this login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mechanism {
    /// SCRAM (RFC 5802/7677): the password never crosses the wire, and the server proves it
    /// knows it.
    Scram(ScramHash),
    /// PLAIN (RFC 4616): the password itself, so only where the transport is encrypted and
    /// no SCRAM is offered.
    Plain,
}

impl Mechanism {
    /// The best of `offered` that we may use; `secure` says whether PLAIN is allowed.
    pub fn choose(offered: &[String], secure: bool) -> Result<Mechanism, SaslError> {
        let has = |name: &str| offered.iter().any(|m| m == name);
        if has("SCRAM-SHA-256") {
            Ok(Mechanism::Scram(ScramHash::Sha256))
        } else if has("SCRAM-SHA-1") {
            Ok(Mechanism::Scram(ScramHash::Sha1))
        } else if has("PLAIN") && secure {
            Ok(Mechanism::Plain)
        } else {
            Err(SaslError::NoAcceptableMechanism {
                offered: offered.to_vec(),
            })
        }
    }

    /// The mechanism for remembered keys: only the SCRAM variant they were derived for.
    pub fn for_remembered(offered: &[String], hash: ScramHash) -> Result<Mechanism, SaslError> {
        if offered.iter().any(|m| m == hash.mechanism()) {
            Ok(Mechanism::Scram(hash))
        } else {
            Err(SaslError::RememberedKeysOutdated)
        }
    }

    /// The SASL mechanism name for `<auth mechanism=…>`.
    pub fn name(self) -> &'static str {
        match self {
            Mechanism::Scram(hash) => hash.mechanism(),
            Mechanism::Plain => "PLAIN",
        }
    }
}

/// Unicode normalization form KC, as SASLprep needs it (RFC 4013 §2.2): the browser's own
/// (`String.prototype.normalize`) in the wasm, [`native_nfkc`] elsewhere. Passed in, so the
/// wasm does not carry a second copy of the Unicode tables the browser already has.
pub type Nfkc = fn(&str) -> String;

/// NFKC from the unicode-normalization crate, for native builds.
#[cfg(not(target_arch = "wasm32"))]
pub fn native_nfkc(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfkc().collect()
}

/// RFC 4616: the single PLAIN message (the SASL element base64-encodes it), with the password
/// prepared as §2 says.
pub fn plain_message(username: &str, password: &str, nfkc: Nfkc) -> Result<Vec<u8>, SaslError> {
    let password = prepare_password(password, nfkc)?;
    let mut message = Vec::with_capacity(username.len() + password.len() + 2);
    message.push(0);
    message.extend_from_slice(username.as_bytes());
    message.push(0);
    message.extend_from_slice(password.as_bytes());
    Ok(message)
}

/// SASLprep (RFC 4013): the form of a password both sides hash, so that one typed with a
/// different Unicode composition, a ligature or a soft hyphen still matches. ASCII passwords
/// without control characters come back unchanged. The steps and tables are RFC 4013's (the
/// tables from the stringprep crate); only the normalization is `nfkc`.
pub fn prepare_password(password: &str, nfkc: Nfkc) -> Result<Zeroizing<String>, SaslError> {
    use stringprep::tables;
    if password
        .chars()
        .all(|c| c.is_ascii() && !tables::ascii_control_character(c))
    {
        return Ok(Zeroizing::new(password.to_owned()));
    }
    // §2.1 mapping: non-ASCII spaces to a space, then "commonly mapped to nothing" to
    // nothing (in this order, as libidn and the stringprep crate do: U+200B is in both).
    let mapped = Zeroizing::new(
        password
            .chars()
            .map(|c| {
                if tables::non_ascii_space_character(c) {
                    ' '
                } else {
                    c
                }
            })
            .filter(|&c| !tables::commonly_mapped_to_nothing(c))
            .collect::<String>(),
    );
    // §2.2 normalization.
    let normalized = Zeroizing::new(nfkc(&mapped));
    // §2.3 prohibited output, §2.5 unassigned code points.
    let prohibited = |c: char| {
        tables::non_ascii_space_character(c)
            || tables::ascii_control_character(c)
            || tables::non_ascii_control_character(c)
            || tables::private_use(c)
            || tables::non_character_code_point(c)
            || tables::surrogate_code(c)
            || tables::inappropriate_for_plain_text(c)
            || tables::inappropriate_for_canonical_representation(c)
            || tables::change_display_properties_or_deprecated(c)
            || tables::tagging_character(c)
            || tables::unassigned_code_point(c)
    };
    if normalized.chars().any(prohibited) {
        return Err(SaslError::UnusablePassword);
    }
    // §2.4 bidirectional text (RFC 3454 §6): with any RandALCat character, no LCat one, and
    // RandALCat first and last.
    if normalized.contains(tables::bidi_r_or_al) {
        let first_and_last = normalized
            .chars()
            .next()
            .zip(normalized.chars().next_back());
        let bracketed = first_and_last
            .is_some_and(|(first, last)| tables::bidi_r_or_al(first) && tables::bidi_r_or_al(last));
        if normalized.contains(tables::bidi_l) || !bracketed {
            return Err(SaslError::UnusablePassword);
        }
    }
    Ok(normalized)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::STANDARD as BASE64;
    use base64::Engine;

    fn offered(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn prefers_scram_sha256_then_sha1_then_plain_when_secure() {
        let all = offered(&["PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-256"]);
        assert_eq!(
            Mechanism::choose(&all, false),
            Ok(Mechanism::Scram(ScramHash::Sha256))
        );
        let no256 = offered(&["PLAIN", "SCRAM-SHA-1"]);
        assert_eq!(
            Mechanism::choose(&no256, false),
            Ok(Mechanism::Scram(ScramHash::Sha1))
        );
        let plain = offered(&["PLAIN", "SCRAM-SHA-1-PLUS"]);
        assert_eq!(Mechanism::choose(&plain, true), Ok(Mechanism::Plain));
        assert_eq!(
            Mechanism::choose(&plain, false),
            Err(SaslError::NoAcceptableMechanism {
                offered: plain.clone()
            })
        );
    }

    #[test]
    fn plain_message_is_rfc4616() {
        assert_eq!(
            BASE64.encode(plain_message("alice", "secret", native_nfkc).unwrap()),
            "AGFsaWNlAHNlY3JldA=="
        );
    }

    /// RFC 4013 §3's examples, and what a user would type.
    #[test]
    fn passwords_are_prepared_with_saslprep() {
        let prepared = |p: &str| prepare_password(p, native_nfkc).map(|p| p.as_str().to_owned());
        assert_eq!(
            prepared("I\u{00AD}X").as_deref(),
            Ok("IX"),
            "soft hyphen mapped to nothing"
        );
        assert_eq!(prepared("user").as_deref(), Ok("user"));
        assert_eq!(prepared("USER").as_deref(), Ok("USER"), "case is kept");
        assert_eq!(prepared("\u{00AA}").as_deref(), Ok("a"), "NFKC");
        assert_eq!(prepared("\u{2168}").as_deref(), Ok("IX"), "NFKC");
        assert_eq!(
            prepared("\u{0007}"),
            Err(SaslError::UnusablePassword),
            "a control"
        );
        assert_eq!(
            prepared("\u{0627}\u{0031}"),
            Err(SaslError::UnusablePassword),
            "bidi rule"
        );
        assert_eq!(
            prepared("caf\u{0065}\u{0301}").as_deref(),
            Ok("caf\u{00E9}"),
            "a decomposed é is the composed one"
        );
        assert_eq!(
            BASE64.encode(plain_message("alice", "\u{FB01}le", native_nfkc).unwrap()),
            BASE64.encode("\0alice\0file")
        );
    }

    /// The steps here are the stringprep crate's `saslprep` with the normalization passed in:
    /// both agree on every kind of input.
    #[test]
    fn prepares_exactly_as_the_stringprep_crate_does() {
        for password in [
            "pencil",
            "I\u{00AD}X",
            "\u{00AA}",
            "\u{2168}",
            "\u{0007}",
            "\u{0627}\u{0031}",
            "\u{0627}\u{0031}\u{0628}",
            "caf\u{0065}\u{0301}",
            "a\u{00A0}b",
            "\u{FB01}le-\u{00AD}\u{216B}-\u{00C4}rger",
            "\u{E000}private",
            "\u{FFFF}",
            "\u{0221}",
            "ℌ𝔢𝔩𝔩𝔬",
            "Ｆｕｌｌ",
            "\u{200B}zero",
            "tag\u{E0041}",
            "",
        ] {
            let ours = prepare_password(password, native_nfkc).map(|p| p.as_str().to_owned());
            let theirs = stringprep::saslprep(password)
                .map(|p| p.into_owned())
                .map_err(|_| SaslError::UnusablePassword);
            assert_eq!(ours, theirs, "{password:?}");
        }
    }
}
