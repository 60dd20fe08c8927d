//! What a room says of itself to anyone who asks (XEP-0045 §6.4): its name (the disco
//! identity), the `muc#roominfo` form (§15.5.4: description, occupant count) and the features
//! that say how it may be entered (a password, members only). What "Browse public rooms" shows
//! beside each room, so a user picks one knowing what it is.

use crate::xmpp::stanza::disco::DiscoInfo;

/// The longest name or description kept: a line in a list, not a document.
pub const MAX_ROOM_INFO_CHARS: usize = 500;

/// A room's description of itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoomInfo {
    /// Its name (the `conference` identity's name), if it gives one.
    pub name: Option<String>,
    /// What it is about (`muc#roominfo_description`).
    pub description: Option<String>,
    /// How many are in it now (`muc#roominfo_occupants`), if it says.
    pub occupants: Option<u32>,
    /// Entering needs its password (`muc_passwordprotected`).
    pub password: bool,
    /// Only members may enter (`muc_membersonly`).
    pub members_only: bool,
}

impl From<&DiscoInfo> for RoomInfo {
    fn from(info: &DiscoInfo) -> RoomInfo {
        let has = |feature: &str| info.features.iter().any(|f| f == feature);
        let roominfo = info
            .extensions
            .iter()
            .find(|form| form.form_type() == Some("http://jabber.org/protocol/muc#roominfo"));
        let value = |var: &str| {
            roominfo
                .and_then(|form| form.field(var))
                .and_then(|field| field.values.first())
                .map(|v| v.trim())
                .filter(|v| !v.is_empty())
        };
        RoomInfo {
            name: info
                .identities
                .iter()
                .find(|i| i.category == "conference")
                .and_then(|i| i.name.as_deref())
                .and_then(text),
            description: value("muc#roominfo_description").and_then(text),
            occupants: value("muc#roominfo_occupants").and_then(|v| v.parse().ok()),
            password: has("muc_passwordprotected"),
            members_only: has("muc_membersonly"),
        }
    }
}

/// A name or description as shown: trimmed, not empty, at most [`MAX_ROOM_INFO_CHARS`].
fn text(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.chars().take(MAX_ROOM_INFO_CHARS).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmpp::xml::Element;

    /// XEP-0045 Example 10: the room's disco#info with its `muc#roominfo` form.
    const EXAMPLE_10: &str = r#"<query xmlns='http://jabber.org/protocol/disco#info'>
    <identity category='conference' name='A Dark Cave' type='text'/>
    <feature var='http://jabber.org/protocol/muc'/>
    <feature var='muc_passwordprotected'/>
    <feature var='muc_hidden'/>
    <feature var='muc_temporary'/>
    <feature var='muc_open'/>
    <feature var='muc_unmoderated'/>
    <feature var='muc_nonanonymous'/>
    <x xmlns='jabber:x:data' type='result'>
      <field var='FORM_TYPE' type='hidden'>
        <value>http://jabber.org/protocol/muc#roominfo</value>
      </field>
      <field var='muc#roominfo_description' label='Description'>
        <value>The place for all good witches!</value>
      </field>
      <field var='muc#roominfo_changesubject' label='Whether Occupants May Change the Subject'>
        <value>true</value>
      </field>
      <field var='muc#roominfo_occupants' label='Number of occupants'>
        <value>3</value>
      </field>
    </x>
  </query>"#;

    fn info(xml: &str) -> RoomInfo {
        let element = Element::parse(xml).expect("well-formed");
        RoomInfo::from(&DiscoInfo::try_from(&element).expect("a disco#info"))
    }

    #[test]
    fn reads_the_name_description_occupants_and_how_to_enter() {
        assert_eq!(
            info(EXAMPLE_10),
            RoomInfo {
                name: Some("A Dark Cave".into()),
                description: Some("The place for all good witches!".into()),
                occupants: Some(3),
                password: true,
                members_only: false,
            }
        );
    }

    #[test]
    fn a_room_that_says_little_or_nonsense_is_described_by_what_makes_sense() {
        let sparse = info(
            "<query xmlns='http://jabber.org/protocol/disco#info'>\
             <identity category='conference' name='  ' type='text'/>\
             <feature var='muc_membersonly'/>\
             <x xmlns='jabber:x:data' type='result'>\
             <field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/muc#roominfo</value></field>\
             <field var='muc#roominfo_occupants'><value>lots</value></field></x></query>",
        );
        assert_eq!(
            sparse,
            RoomInfo {
                members_only: true,
                ..RoomInfo::default()
            }
        );
        // A form of another kind says nothing of the room.
        let other = info(&EXAMPLE_10.replace("muc#roominfo</value>", "something#else</value>"));
        assert_eq!((other.description, other.occupants), (None, None));
        // A description longer than a line is cut.
        let long = info(&EXAMPLE_10.replace(
            "The place for all good witches!",
            &"w".repeat(MAX_ROOM_INFO_CHARS * 2),
        ));
        assert_eq!(
            long.description.map(|d| d.chars().count()),
            Some(MAX_ROOM_INFO_CHARS)
        );
    }
}
