//! What the XML console may show of a frame: everything but credentials.
//!
//! The console shows the traffic with the server to whoever looks at the screen (or a
//! screenshot of it), so every secret a frame can carry is masked before it is kept: SASL
//! payloads (RFC 6120 §6: PLAIN carries the password, SCRAM proofs of it), the password of an
//! in-band registration or password change (XEP-0077 `<password/>`), and private fields of data
//! forms (XEP-0004 `text-private`, or a field named `password`). The frame is parsed with the
//! same parser as the session's, so a secret cannot hide behind a prefix, odd spacing or an
//! entity; a frame that cannot be parsed and might hold one is not shown at all.

use super::ns;
use super::xml::Element;

/// What replaces a credential.
pub const MASK: &str = "[credentials hidden]";
/// What replaces a frame that could not be read and might hold a credential.
pub const UNREADABLE: &str = "[a frame that could not be read, hidden]";

/// The frame as the XML console may show it.
pub fn for_console(frame: &str) -> String {
    match Element::parse(frame) {
        Ok(mut element) => {
            if mask(&mut element) {
                element.to_string()
            } else {
                frame.to_owned()
            }
        }
        Err(_) if might_hold_credentials(frame) => UNREADABLE.to_owned(),
        Err(_) => frame.to_owned(),
    }
}

/// Masks every credential in `element` and below; says whether anything was masked.
fn mask(element: &mut Element) -> bool {
    if is_secret(element) {
        // Nothing inside a secret is shown, not even nested markup.
        let empty = element.nodes().is_empty();
        element.set_text(MASK);
        return !empty;
    }
    if element.is("field", ns::DATA_FORMS) && is_private_field(element) {
        let mut masked = false;
        for value in element.children_mut().filter(|v| v.name() == "value") {
            value.set_text(MASK);
            masked = true;
        }
        return masked;
    }
    let mut masked = false;
    for child in element.children_mut() {
        masked |= mask(child);
    }
    masked
}

/// Elements whose whole text is a secret.
fn is_secret(element: &Element) -> bool {
    (element.ns() == ns::SASL
        && matches!(
            element.name(),
            "auth" | "response" | "challenge" | "success"
        ))
        || element.is("password", ns::REGISTER)
}

fn is_private_field(field: &Element) -> bool {
    field.get_attr("type") == Some("text-private") || field.get_attr("var") == Some("password")
}

/// A cheap look at text that is not XML: could it be one of the frames above?
fn might_hold_credentials(frame: &str) -> bool {
    [ns::SASL, ns::REGISTER, ns::DATA_FORMS, "password"]
        .iter()
        .any(|marker| frame.contains(marker))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(frame: &str) -> String {
        for_console(frame)
    }

    #[test]
    fn sasl_payloads_are_masked_in_both_directions() {
        let plain = "AGFsaWNlAHNlY3JldA==";
        let auth = format!(
            "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>{plain}</auth>"
        );
        let shown_auth = shown(&auth);
        assert!(!shown_auth.contains(plain), "{shown_auth}");
        assert!(shown_auth.contains(MASK) && shown_auth.contains("mechanism=\"PLAIN\""));
        for name in ["response", "challenge", "success"] {
            let frame =
                format!("<{name} xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\">cj1zZWNyZXQ=</{name}>");
            assert!(!shown(&frame).contains("cj1zZWNyZXQ="), "{name}");
        }
    }

    #[test]
    fn a_registration_password_is_masked_however_it_is_written() {
        for frame in [
            "<iq type='set' id='r1' xmlns='jabber:client'><query xmlns='jabber:iq:register'><username>mallory</username><password>Tr0ub4dor&amp;3</password></query></iq>",
            // A prefixed namespace and a CDATA section are the same password.
            "<iq type='set' id='r1' xmlns='jabber:client'><r:query xmlns:r='jabber:iq:register'><r:username>mallory</r:username><r:password><![CDATA[Tr0ub4dor&3]]></r:password></r:query></iq>",
        ] {
            let out = shown(frame);
            assert!(!out.contains("Tr0ub4dor"), "{out}");
            assert!(out.contains("mallory"), "the user name stays: {out}");
        }
    }

    #[test]
    fn private_data_form_fields_are_masked() {
        let frame = "<iq type='set' id='c1' xmlns='jabber:client'><query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='submit'><field var='username'><value>mallory</value></field><field var='password' type='text-private'><value>s3cret-new</value></field><field var='old_password' type='text-private'><value>s3cret-old</value></field></x></query></iq>";
        let out = shown(frame);
        assert!(!out.contains("s3cret"), "{out}");
        assert!(out.contains("mallory"));
    }

    #[test]
    fn other_frames_are_shown_exactly_as_they_were() {
        let frame = "<message to='bob@localhost' type='chat' id='m1' xmlns='jabber:client'><body>my password is hunter2</body></message>";
        assert_eq!(shown(frame), frame);
    }

    #[test]
    fn an_unreadable_frame_that_might_hold_a_secret_is_hidden() {
        assert_eq!(
            shown("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>AGFsaWNl"),
            UNREADABLE
        );
        assert_eq!(shown("<message><body>hi"), "<message><body>hi");
    }
}
