//! In-band registration (XEP-0077 §3.1): creating an account with a user name and password.

use super::ParseError;
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// The `<query xmlns="jabber:iq:register"/>` that registers an account.
#[derive(Clone, PartialEq, Eq)]
pub struct Registration {
    /// The account's local part.
    pub username: String,
    /// Its password (never shown: the XML console masks it, `Debug` leaves it out).
    pub password: String,
}

impl std::fmt::Debug for Registration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registration")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

impl TryFrom<&Element> for Registration {
    type Error = ParseError;

    fn try_from(e: &Element) -> Result<Registration, ParseError> {
        if !e.is("query", ns::REGISTER) {
            return Err(ParseError::WrongElement { expected: "query" });
        }
        let field = |name: &'static str| {
            e.get_child(name, ns::REGISTER)
                .map(Element::text_content)
                .ok_or(ParseError::BadStructure(
                    "a registration needs a username and a password",
                ))
        };
        Ok(Registration {
            username: field("username")?,
            password: field("password")?,
        })
    }
}

impl From<&Registration> for Element {
    fn from(r: &Registration) -> Element {
        Element::new("query", ns::REGISTER)
            .child(Element::new("username", ns::REGISTER).text(r.username.as_str()))
            .child(Element::new("password", ns::REGISTER).text(r.password.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_hides_the_password_from_debug_output() {
        let registration = Registration {
            username: "bill".into(),
            password: "Calliope".into(),
        };
        let e = Element::from(&registration);
        assert_eq!(
            e.to_string(),
            r#"<query xmlns="jabber:iq:register"><username>bill</username><password>Calliope</password></query>"#
        );
        assert_eq!(Registration::try_from(&e), Ok(registration.clone()));
        assert!(!format!("{registration:?}").contains("Calliope"));
        let incomplete = Element::parse(
            r#"<query xmlns="jabber:iq:register"><username>bill</username></query>"#,
        )
        .unwrap();
        assert!(Registration::try_from(&incomplete).is_err());
    }
}
