//! Owners' requests (XEP-0045 §10): the `muc#owner` `<query/>` of an IQ to the room that asks
//! for its configuration form, submits or cancels it (the XEP-0004 form of `data_form.rs`), or
//! destroys the room.

use super::user::Destroy;
use super::MUC_OWNER;
use crate::xmpp::ns;
use crate::xmpp::stanza::data_form::{DataForm, FormType};
use crate::xmpp::stanza::ParseError;
use crate::xmpp::xml::Element;

/// A `muc#owner` `<query/>`: the schema allows a form, a `<destroy/>`, or nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnerQuery {
    /// Nothing inside: in an IQ get, "send me the configuration form" (§10.1.3, §10.2); in a
    /// result, "there is nothing to configure".
    Empty,
    /// The configuration form (`form`, in a result), the owner's answer (`submit`) or their
    /// change of mind (`cancel`, which destroys a room still being created, §10.1.3).
    Form(DataForm),
    /// Destroy the room (§10.9).
    Destroy(Destroy),
}

impl OwnerQuery {
    /// §10.1.2: an instant room, with the service's default configuration (an empty submitted
    /// form), which unlocks a room just created.
    pub fn instant_room() -> OwnerQuery {
        OwnerQuery::Form(DataForm {
            kind: FormType::Submit,
            title: None,
            instructions: Vec::new(),
            fields: Vec::new(),
        })
    }

    /// §10.1.3, §10.2: the configuration is abandoned (an empty cancelled form).
    pub fn cancel() -> OwnerQuery {
        OwnerQuery::Form(DataForm {
            kind: FormType::Cancel,
            title: None,
            instructions: Vec::new(),
            fields: Vec::new(),
        })
    }
}

impl TryFrom<&Element> for OwnerQuery {
    type Error = ParseError;

    fn try_from(e: &Element) -> Result<OwnerQuery, ParseError> {
        if !e.is("query", MUC_OWNER) {
            return Err(ParseError::WrongElement { expected: "query" });
        }
        let mut payloads = e
            .children()
            .filter(|c| c.is("x", ns::DATA_FORMS) || c.is("destroy", MUC_OWNER));
        match (payloads.next(), payloads.next()) {
            (None, _) => Ok(OwnerQuery::Empty),
            (Some(only), None) if only.ns() == ns::DATA_FORMS => {
                Ok(OwnerQuery::Form(DataForm::try_from(only)?))
            }
            (Some(only), None) => Ok(OwnerQuery::Destroy(Destroy::try_from(only)?)),
            (Some(_), Some(_)) => Err(ParseError::BadStructure(
                "a muc#owner query holds one form or one <destroy/>",
            )),
        }
    }
}

impl From<&OwnerQuery> for Element {
    fn from(query: &OwnerQuery) -> Element {
        let e = Element::new("query", MUC_OWNER);
        match query {
            OwnerQuery::Empty => e,
            OwnerQuery::Form(form) => e.child(form.into()),
            OwnerQuery::Destroy(destroy) => e.child(destroy.element_in(MUC_OWNER)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmpp::jid::Jid;
    use crate::xmpp::stanza::muc::tests::{child, example, round_trip};

    /// The owner query of the IQ `iq`, checked to survive a round trip.
    fn query(iq: &str) -> OwnerQuery {
        round_trip(OwnerQuery::try_from(child(&example(iq), "query", MUC_OWNER)).unwrap())
    }

    #[test]
    fn an_empty_query_asks_for_the_form() {
        // XEP-0045 Example 156.
        let ask = query(
            r#"<iq from='crone1@shakespeare.lit/desktop'
    id='create1'
    to='coven@chat.shakespeare.lit'
    type='get'>
  <query xmlns='http://jabber.org/protocol/muc#owner'/>
</iq>"#,
        );
        assert_eq!(ask, OwnerQuery::Empty);
        assert_eq!(
            Element::from(&ask).to_string(),
            r#"<query xmlns="http://jabber.org/protocol/muc#owner"/>"#
        );
    }

    #[test]
    fn an_instant_room_submits_an_empty_form_and_cancel_an_empty_cancel() {
        // XEP-0045 Example 155.
        let instant = query(
            r#"<iq from='crone1@shakespeare.lit/desktop'
    id='create1'
    to='coven@chat.shakespeare.lit'
    type='set'>
  <query xmlns='http://jabber.org/protocol/muc#owner'>
    <x xmlns='jabber:x:data' type='submit'/>
  </query>
</iq>"#,
        );
        assert_eq!(instant, OwnerQuery::instant_room());
        // XEP-0045 Example 162.
        let cancel = query(
            r#"<iq from='crone1@shakespeare.lit/desktop'
    id='create2'
    to='coven@chat.shakespeare.lit'
    type='set'>
  <query xmlns='http://jabber.org/protocol/muc#owner'>
    <x xmlns='jabber:x:data' type='cancel'/>
  </query>
</iq>"#,
        );
        assert_eq!(cancel, OwnerQuery::cancel());
        assert_eq!(
            Element::from(&cancel).to_string(),
            r#"<query xmlns="http://jabber.org/protocol/muc#owner"><x xmlns="jabber:x:data" type="cancel"/></query>"#
        );
    }

    #[test]
    fn a_submitted_configuration_is_a_data_form() {
        // XEP-0045 Example 159, shortened: three of its fields and the multi-valued last one.
        let submitted = query(
            r#"<iq from='crone1@shakespeare.lit/desktop'
    id='create2'
    to='coven@chat.shakespeare.lit'
    type='set'>
  <query xmlns='http://jabber.org/protocol/muc#owner'>
    <x xmlns='jabber:x:data' type='submit'>
      <field var='FORM_TYPE'>
        <value>http://jabber.org/protocol/muc#roomconfig</value>
      </field>
      <field var='muc#roomconfig_roomname'>
        <value>A Dark Cave</value>
      </field>
      <field var='muc#roomconfig_roomsecret'>
        <value>cauldronburn</value>
      </field>
      <field var='muc#roomconfig_roomadmins'>
        <value>wiccarocks@shakespeare.lit</value>
        <value>hecate@shakespeare.lit</value>
      </field>
    </x>
  </query>
</iq>"#,
        );
        let OwnerQuery::Form(form) = &submitted else {
            panic!("a form: {submitted:?}")
        };
        assert_eq!(form.kind, FormType::Submit);
        assert_eq!(
            form.form_type(),
            Some("http://jabber.org/protocol/muc#roomconfig")
        );
        assert_eq!(
            form.field("muc#roomconfig_roomname").unwrap().values,
            ["A Dark Cave"]
        );
        assert_eq!(
            form.field("muc#roomconfig_roomadmins")
                .unwrap()
                .values
                .len(),
            2
        );
    }

    #[test]
    fn a_destruction_names_the_alternate_venue() {
        // XEP-0045 Example 201.
        let destroy = query(
            r#"<iq from='crone1@shakespeare.lit/desktop'
    id='begone'
    to='heath@chat.shakespeare.lit'
    type='set'>
  <query xmlns='http://jabber.org/protocol/muc#owner'>
    <destroy jid='coven@chat.shakespeare.lit'>
      <reason>Macbeth doth come.</reason>
    </destroy>
  </query>
</iq>"#,
        );
        let expected = Destroy {
            jid: Some(Jid::parse("coven@chat.shakespeare.lit").unwrap()),
            reason: Some("Macbeth doth come.".into()),
            password: None,
        };
        assert_eq!(destroy, OwnerQuery::Destroy(expected.clone()));
        let with_password = OwnerQuery::Destroy(Destroy {
            password: Some("cauldronburn".into()),
            ..expected
        });
        assert_eq!(
            Element::from(&with_password).to_string(),
            r#"<query xmlns="http://jabber.org/protocol/muc#owner"><destroy jid="coven@chat.shakespeare.lit"><password>cauldronburn</password><reason>Macbeth doth come.</reason></destroy></query>"#
        );
    }

    #[test]
    fn two_payloads_a_bad_form_or_another_namespace_are_refused() {
        let parse = |xml: &str| OwnerQuery::try_from(&Element::parse(xml).unwrap());
        assert!(matches!(
            parse(
                r#"<query xmlns="http://jabber.org/protocol/muc#owner"><x xmlns="jabber:x:data" type="submit"/><destroy/></query>"#
            ),
            Err(ParseError::BadStructure(_))
        ));
        assert_eq!(
            parse(
                r#"<query xmlns="http://jabber.org/protocol/muc#owner"><x xmlns="jabber:x:data"/></query>"#
            ),
            Err(ParseError::MissingAttribute("type"))
        );
        assert_eq!(
            parse(r#"<query xmlns="http://jabber.org/protocol/muc#admin"/>"#),
            Err(ParseError::WrongElement { expected: "query" })
        );
        // A <destroy/> of the #user namespace is the room's notice, not an owner's request.
        assert_eq!(
            parse(
                r#"<query xmlns="http://jabber.org/protocol/muc#owner"><destroy xmlns="http://jabber.org/protocol/muc#user"/></query>"#
            ),
            Ok(OwnerQuery::Empty)
        );
    }
}
