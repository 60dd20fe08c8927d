//! The closed vocabularies a server uses to say why it ends a stream (RFC 6120 §4.9.3) or
//! refuses a login (RFC 6120 §6.5), as typed values with words a user understands.
//!
//! Typed, so callers decide by matching (`StreamCondition::Conflict` means "replaced, do not
//! retry") instead of comparing strings; an unknown name maps to the RFC's catch-all
//! (`undefined-condition` for streams, `not-authorized` for SASL, as §4.9.3.21 and §6.5.10 say
//! unknown conditions must be treated) and keeps the name for the log.

use std::fmt;

/// Generates an enum of RFC condition names with `from_name`, `name` and a user-facing reason.
macro_rules! conditions {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident, fallback $fallback:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal => $reason:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        $vis enum $name {
            $(
                // Each variant says its wire name and what it means to the user; a variant
                // that needs more (how Palaver handles it) adds its own lines.
                #[doc = concat!("`<", $wire, "/>`: ", $reason, ".")]
                $(#[$vmeta])*
                $variant,
            )*
            /// A name the RFC does not define: treated as the catch-all, kept for the log.
            Unknown(String),
        }

        impl $name {
            /// The condition for an element name from the wire.
            pub fn from_name(name: &str) -> $name {
                match name {
                    $( $wire => $name::$variant, )*
                    other => $name::Unknown(other.to_owned()),
                }
            }

            /// The element name, as the RFC spells it.
            pub fn name(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )*
                    $name::Unknown(name) => name,
                }
            }

            /// What it means for the user, in a few words.
            pub fn reason(&self) -> &'static str {
                match self {
                    $( $name::$variant => $reason, )*
                    $name::Unknown(_) => $name::$fallback.reason(),
                }
            }

            /// Every condition the RFC defines, for tests and documentation.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )* ];
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

conditions! {
    /// Why the server ended the stream: the child of `<stream:error/>` (RFC 6120 §4.9.3).
    pub enum StreamCondition, fallback UndefinedCondition {
        BadFormat = "bad-format" => "the server could not process what Palaver sent",
        BadNamespacePrefix = "bad-namespace-prefix" => "the server could not process what Palaver sent",
        /// §4.9.3.3: another login with the same resource replaced this one. Final: retrying
        /// would only fight the other session.
        Conflict = "conflict" => "another session replaced this one",
        ConnectionTimeout = "connection-timeout" => "the server timed the connection out",
        HostGone = "host-gone" => "the server no longer serves this domain",
        HostUnknown = "host-unknown" => "the server does not serve this domain",
        ImproperAddressing = "improper-addressing" => "the server found a stanza wrongly addressed",
        InternalServerError = "internal-server-error" => "the server had an internal error",
        InvalidFrom = "invalid-from" => "the server refused the sender address",
        InvalidNamespace = "invalid-namespace" => "the server could not process what Palaver sent",
        InvalidXml = "invalid-xml" => "the server could not process what Palaver sent",
        NotAuthorized = "not-authorized" => "the server refused the connection",
        NotWellFormed = "not-well-formed" => "the server could not process what Palaver sent",
        PolicyViolation = "policy-violation" => "the server's policy was violated (too much traffic?)",
        RemoteConnectionFailed = "remote-connection-failed" => "the server could not reach a service it needs",
        Reset = "reset" => "the server reset the connection (security settings changed)",
        ResourceConstraint = "resource-constraint" => "the server is overloaded",
        RestrictedXml = "restricted-xml" => "the server could not process what Palaver sent",
        /// §4.9.3.19: handled as a redirect (`Error::SeeOther`) when it names a host.
        SeeOtherHost = "see-other-host" => "the server redirected to another host",
        SystemShutdown = "system-shutdown" => "the server is shutting down",
        UndefinedCondition = "undefined-condition" => "the server closed the stream",
        UnsupportedEncoding = "unsupported-encoding" => "the server could not process what Palaver sent",
        UnsupportedFeature = "unsupported-feature" => "the server requires a feature Palaver lacks",
        UnsupportedStanzaType = "unsupported-stanza-type" => "the server could not process what Palaver sent",
        UnsupportedVersion = "unsupported-version" => "the server does not speak this XMPP version",
    }
}

conditions! {
    /// Why the server refused the login: the child of `<failure/>` (RFC 6120 §6.5).
    pub enum SaslCondition, fallback NotAuthorized {
        Aborted = "aborted" => "the login was aborted",
        AccountDisabled = "account-disabled" => "this account is disabled",
        CredentialsExpired = "credentials-expired" => "the password has expired",
        EncryptionRequired = "encryption-required" => "the server requires an encrypted connection",
        IncorrectEncoding = "incorrect-encoding" => "the server could not read the login request",
        InvalidAuthzid = "invalid-authzid" => "the server refused the account name",
        InvalidMechanism = "invalid-mechanism" => "the server refused the login method",
        MalformedRequest = "malformed-request" => "the server found the login request malformed",
        MechanismTooWeak = "mechanism-too-weak" => "the server refused the login method as too weak",
        NotAuthorized = "not-authorized" => "wrong user name or password",
        TemporaryAuthFailure = "temporary-auth-failure" => "the server could not check the password right now",
    }
}

impl SaslCondition {
    /// Whether trying again later with the same credentials may work: only a temporary
    /// failure on the server's side. Everything else needs the user.
    pub fn is_temporary(&self) -> bool {
        matches!(self, SaslCondition::TemporaryAuthFailure)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use StreamCondition as S;

    /// RFC 6120 §4.9.3.1–§4.9.3.25, in the RFC's order, written out here rather than taken
    /// from the macro, so a misspelt or missing name in the table above fails.
    const RFC_6120_STREAM_CONDITIONS: [(&str, StreamCondition); 25] = [
        ("bad-format", S::BadFormat),
        ("bad-namespace-prefix", S::BadNamespacePrefix),
        ("conflict", S::Conflict),
        ("connection-timeout", S::ConnectionTimeout),
        ("host-gone", S::HostGone),
        ("host-unknown", S::HostUnknown),
        ("improper-addressing", S::ImproperAddressing),
        ("internal-server-error", S::InternalServerError),
        ("invalid-from", S::InvalidFrom),
        ("invalid-namespace", S::InvalidNamespace),
        ("invalid-xml", S::InvalidXml),
        ("not-authorized", S::NotAuthorized),
        ("not-well-formed", S::NotWellFormed),
        ("policy-violation", S::PolicyViolation),
        ("remote-connection-failed", S::RemoteConnectionFailed),
        ("reset", S::Reset),
        ("resource-constraint", S::ResourceConstraint),
        ("restricted-xml", S::RestrictedXml),
        ("see-other-host", S::SeeOtherHost),
        ("system-shutdown", S::SystemShutdown),
        ("undefined-condition", S::UndefinedCondition),
        ("unsupported-encoding", S::UnsupportedEncoding),
        ("unsupported-feature", S::UnsupportedFeature),
        ("unsupported-stanza-type", S::UnsupportedStanzaType),
        ("unsupported-version", S::UnsupportedVersion),
    ];

    /// RFC 6120 §6.5.1–§6.5.11, in the RFC's order.
    const RFC_6120_SASL_CONDITIONS: [(&str, SaslCondition); 11] = [
        ("aborted", SaslCondition::Aborted),
        ("account-disabled", SaslCondition::AccountDisabled),
        ("credentials-expired", SaslCondition::CredentialsExpired),
        ("encryption-required", SaslCondition::EncryptionRequired),
        ("incorrect-encoding", SaslCondition::IncorrectEncoding),
        ("invalid-authzid", SaslCondition::InvalidAuthzid),
        ("invalid-mechanism", SaslCondition::InvalidMechanism),
        ("malformed-request", SaslCondition::MalformedRequest),
        ("mechanism-too-weak", SaslCondition::MechanismTooWeak),
        ("not-authorized", SaslCondition::NotAuthorized),
        (
            "temporary-auth-failure",
            SaslCondition::TemporaryAuthFailure,
        ),
    ];

    #[test]
    fn every_stream_condition_of_rfc_6120_is_read_and_written_by_its_rfc_name() {
        for (name, condition) in RFC_6120_STREAM_CONDITIONS {
            assert_eq!(StreamCondition::from_name(name), condition, "{name}");
            assert_eq!(condition.name(), name);
            assert!(!condition.reason().is_empty(), "{name} has a reason");
        }
        // And the type knows no condition the RFC does not define.
        let rfc: Vec<StreamCondition> = RFC_6120_STREAM_CONDITIONS.map(|(_, c)| c).into();
        assert_eq!(StreamCondition::ALL, rfc.as_slice());
    }

    #[test]
    fn every_sasl_condition_of_rfc_6120_is_read_and_written_by_its_rfc_name() {
        for (name, condition) in RFC_6120_SASL_CONDITIONS {
            assert_eq!(SaslCondition::from_name(name), condition, "{name}");
            assert_eq!(condition.name(), name);
            assert!(!condition.reason().is_empty(), "{name} has a reason");
        }
        let rfc: Vec<SaslCondition> = RFC_6120_SASL_CONDITIONS.map(|(_, c)| c).into();
        assert_eq!(SaslCondition::ALL, rfc.as_slice());
    }

    #[test]
    fn only_a_temporary_auth_failure_is_worth_retrying_with_the_same_password() {
        for (name, condition) in RFC_6120_SASL_CONDITIONS {
            assert_eq!(
                condition.is_temporary(),
                name == "temporary-auth-failure",
                "{name}"
            );
        }
    }

    #[test]
    fn unknown_names_read_as_the_catch_all_but_keep_the_name() {
        let stream = StreamCondition::from_name("x-custom");
        assert_eq!(stream, StreamCondition::Unknown("x-custom".into()));
        assert_eq!(stream.name(), "x-custom");
        assert_eq!(
            stream.reason(),
            StreamCondition::UndefinedCondition.reason()
        );
        let sasl = SaslCondition::from_name("x-custom");
        assert_eq!(sasl.reason(), SaslCondition::NotAuthorized.reason());
        assert!(!sasl.is_temporary());
    }
}
