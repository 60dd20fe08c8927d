//! An owner's requests to a room (XEP-0045 §10) as the session tests see them: the room
//! configuration forms of XEP-0045 (version 1.35.5) verbatim, what a service sends an owner
//! creating a room (§10.1.3) and reconfiguring it (§10.2), and helpers to find our request and
//! answer it with the XEP's stanzas (`tests/muc_config.rs`, `tests/muc_owner.rs`).

use palaver::xmpp::stanza::data_form::DataForm;
use palaver::xmpp::stanza::form::Answers;
use palaver::xmpp::xml::Element;
use palaver::xmpp::Event;

use super::muc::{coven, online, receive, stanza};
use super::Harness;

/// Example 157: Service Sends Configuration Form (a new room, its defaults).
pub const EXAMPLE_157: &str = r#"<iq from='coven@chat.shakespeare.lit'
    id='create1'
    to='crone1@shakespeare.lit/desktop'
    type='result'>
  <query xmlns='http://jabber.org/protocol/muc#owner'>
    <x xmlns='jabber:x:data' type='form'>
      <title>Configuration for "coven" Room</title>
      <instructions>
          Your room coven@macbeth has been created!
          The default configuration is as follows:
            - No logging
            - No moderation
            - Up to 20 occupants
            - No password required
            - No invitation required
            - Room is not persistent
            - Only admins may change the subject
            - Presence broadcasted for all users
          To accept the default configuration, click OK. To
          select a different configuration, please complete
          this form.
      </instructions>
      <field
          type='hidden'
          var='FORM_TYPE'>
        <value>http://jabber.org/protocol/muc#roomconfig</value>
      </field>
      <field
          label='Natural-Language Room Name'
          type='text-single'
          var='muc#roomconfig_roomname'/>
      <field
          label='Short Description of Room'
          type='text-single'
          var='muc#roomconfig_roomdesc'/>
      <field
          label='Natural Language for Room Discussions'
          type='text-single'
          var='muc#roomconfig_lang'/>
      <field
          label='Enable Public Logging?'
          type='boolean'
          var='muc#roomconfig_enablelogging'>
        <value>0</value>
      </field>
      <field
          label='Allow Occupants to Change Subject?'
          type='boolean'
          var='muc#roomconfig_changesubject'>
        <value>0</value>
      </field>
      <field
          label='Allow Members to Invite Others?'
          type='boolean'
          var='muc#roomconfig_allowinvites'>
        <value>0</value>
      </field>
      <field
          label='Who Can Send Private Messages?'
          type='list-single'
          var='muc#roomconfig_allowpm'>
        <value>anyone</value>
        <option label='Anyone'>
          <value>anyone</value>
        </option>
        <option label='Anyone with Voice'>
          <value>participants</value>
          </option>
        <option label='Moderators Only'>
          <value>moderators</value>
        </option>
        <option label='Nobody'>
          <value>none</value>
        </option>
      </field>
      <field
          label='Maximum Number of Occupants'
          type='list-single'
          var='muc#roomconfig_maxusers'>
        <value>20</value>
        <option label='10'><value>10</value></option>
        <option label='20'><value>20</value></option>
        <option label='30'><value>30</value></option>
        <option label='50'><value>50</value></option>
        <option label='100'><value>100</value></option>
        <option label='None'><value>none</value></option>
      </field>
      <field
          label='Roles for which Presence is Broadcasted'
          type='list-multi'
          var='muc#roomconfig_presencebroadcast'>
        <value>moderator</value>
        <value>participant</value>
        <value>visitor</value>
        <option label='Moderator'><value>moderator</value></option>
        <option label='Participant'><value>participant</value></option>
        <option label='Visitor'><value>visitor</value></option>
      </field>
      <field
          label='Roles and Affiliations that May Retrieve Member List'
          type='list-multi'
          var='muc#roomconfig_getmemberlist'>
        <value>moderator</value>
        <value>participant</value>
        <value>visitor</value>
        <option label='Moderator'><value>moderator</value></option>
        <option label='Participant'><value>participant</value></option>
        <option label='Visitor'><value>visitor</value></option>
      </field>
      <field
          label='Make Room Publicly Searchable?'
          type='boolean'
          var='muc#roomconfig_publicroom'>
        <value>1</value>
      </field>
      <field
          label='Make Room Persistent?'
          type='boolean'
          var='muc#roomconfig_persistentroom'>
        <value>0</value>
      </field>
      <field
          label='Make Room Moderated?'
          type='boolean'
          var='muc#roomconfig_moderatedroom'>
        <value>0</value>
      </field>
      <field
          label='Make Room Members-Only?'
          type='boolean'
          var='muc#roomconfig_membersonly'>
        <value>0</value>
      </field>
      <field
          label='Password Required to Enter?'
          type='boolean'
          var='muc#roomconfig_passwordprotectedroom'>
        <value>0</value>
      </field>
      <field type='fixed'>
        <value>
          If a password is required to enter this room,
          you must specify the password below.
        </value>
      </field>
      <field
          label='Password'
          type='text-private'
          var='muc#roomconfig_roomsecret'/>
      <field
          label='Who May Discover Real JIDs?'
          type='list-single'
          var='muc#roomconfig_whois'>
        <option label='Moderators Only'>
          <value>moderators</value>
        </option>
        <option label='Anyone'>
          <value>anyone</value>
        </option>
      </field>
      <field
          label='Maximum Number of History Messages Returned by Room'
          type='text-single'
          var='muc#maxhistoryfetch'>
        <value>50</value>
      </field>
      <field type='fixed'>
        <value>
          You may specify additional people who have
          admin status in the room. Please
          provide one Jabber ID per line.
        </value>
      </field>
      <field
          label='Room Admins'
          type='jid-multi'
          var='muc#roomconfig_roomadmins'/>
      <field type='fixed'>
        <value>
          You may specify additional owners for this
          room. Please provide one Jabber ID per line.
        </value>
      </field>
      <field
          label='Room Owners'
          type='jid-multi'
          var='muc#roomconfig_roomowners'/>
    </x>
  </query>
</iq>"#;

/// Example 165: Service Sends Configuration Form to Owner (the room's current settings).
pub const EXAMPLE_165: &str = r#"<iq from='coven@chat.shakespeare.lit'
    id='config1'
    to='crone1@shakespeare.lit/desktop'
    type='result'>
  <query xmlns='http://jabber.org/protocol/muc#owner'>
    <x xmlns='jabber:x:data' type='form'>
      <title>Configuration for "coven" Room</title>
      <instructions>
        Complete this form to modify the
        configuration of your room.
      </instructions>
      <field
          type='hidden'
          var='FORM_TYPE'>
        <value>http://jabber.org/protocol/muc#roomconfig</value>
      </field>
      <field
          label='Natural-Language Room Name'
          type='text-single'
          var='muc#roomconfig_roomname'>
        <value>A Dark Cave</value>
      </field>
      <field
          label='Short Description of Room'
          type='text-single'
          var='muc#roomconfig_roomdesc'>
        <value>The place for all good witches!</value>
      </field>
      <field
          label='Enable Public Logging?'
          type='boolean'
          var='muc#roomconfig_enablelogging'>
        <value>0</value>
      </field>
      <field
          label='Allow Occupants to Change Subject?'
          type='boolean'
          var='muc#roomconfig_changesubject'>
        <value>0</value>
      </field>
      <field
          label='Allow Members to Invite Others?'
          type='boolean'
          var='muc#roomconfig_allowinvites'>
        <value>0</value>
      </field>
      <field
          label='Who Can Send Private Messages?'
          type='list-single'
          var='muc#roomconfig_allowpm'>
        <value>anyone</value>
        <option label='Anyone'>
          <value>anyone</value>
        </option>
        <option label='Anyone with Voice'>
          <value>participants</value>
          </option>
        <option label='Moderators Only'>
          <value>moderators</value>
        </option>
        <option label='Nobody'>
          <value>none</value>
        </option>
      </field>
      <field
          label='Maximum Number of Occupants'
          type='list-single'
          var='muc#roomconfig_maxusers'>
        <value>10</value>
        <option label='10'><value>10</value></option>
        <option label='20'><value>20</value></option>
        <option label='30'><value>30</value></option>
        <option label='50'><value>50</value></option>
        <option label='100'><value>100</value></option>
        <option label='None'><value>none</value></option>
      </field>
      <field
          label='Roles for which Presence is Broadcasted'
          type='list-multi'
          var='muc#roomconfig_presencebroadcast'>
        <value>moderator</value>
        <value>participant</value>
        <value>visitor</value>
        <option label='Moderator'><value>moderator</value></option>
        <option label='Participant'><value>participant</value></option>
        <option label='Visitor'><value>visitor</value></option>
      </field>
      <field
          label='Roles and Affiliations that May Retrieve Member List'
          type='list-multi'
          var='muc#roomconfig_getmemberlist'>
        <value>moderator</value>
        <value>participant</value>
        <value>visitor</value>
        <option label='Moderator'><value>moderator</value></option>
        <option label='Participant'><value>participant</value></option>
        <option label='Visitor'><value>visitor</value></option>
      </field>
      <field
          label='Make Room Publicly Searchable?'
          type='boolean'
          var='muc#roomconfig_publicroom'>
        <value>0</value>
      </field>
      <field
          label='Make Room Persistent?'
          type='boolean'
          var='muc#roomconfig_persistentroom'>
        <value>0</value>
      </field>
      <field
          label='Make Room Moderated?'
          type='boolean'
          var='muc#roomconfig_moderatedroom'>
        <value>0</value>
      </field>
      <field
          label='Make Room Members Only?'
          type='boolean'
          var='muc#roomconfig_membersonly'>
        <value>0</value>
      </field>
      <field
          label='Password Required for Entry?'
          type='boolean'
          var='muc#roomconfig_passwordprotectedroom'>
        <value>1</value>
      </field>
      <field type='fixed'>
        <value>
          If a password is required to enter this room,
          you must specify the password below.
        </value>
      </field>
      <field
          label='Password'
          type='text-private'
          var='muc#roomconfig_roomsecret'>
        <value>cauldronburn</value>
      </field>
      <field
          label='Who May Discover Real JIDs?'
          type='list-single'
          var='muc#roomconfig_whois'>
        <value>moderators</value>
        <option label='Moderators Only'>
          <value>moderators</value>
        </option>
        <option label='Anyone'>
          <value>anyone</value>
        </option>
      </field>
      <field
          label='Maximum Number of History Messages Returned by Room'
          type='text-single'
          var='muc#maxhistoryfetch'>
        <value>50</value>
      </field>
      <field type='fixed'>
        <value>
          You may specify additional people who have
          admin status in the room. Please
          provide one Jabber ID per line.
        </value>
      </field>
      <field
          label='Room Admins'
          type='jid-multi'
          var='muc#roomconfig_roomadmins'>
        <value>wiccarocks@shakespeare.lit</value>
        <value>hecate@shakespeare.lit</value>
      </field>
      <field type='fixed'>
        <value>
          You may specify additional owners for this
          room. Please provide one Jabber ID per line.
        </value>
      </field>
      <field
          label='Room Owners'
          type='jid-multi'
          var='muc#roomconfig_roomowners'/>
    </x>
  </query>
</iq>"#;

pub const COVEN: &str = "coven@chat.shakespeare.lit";
pub const OWNER: &str = "http://jabber.org/protocol/muc#owner";
pub const DATA: &str = "jabber:x:data";

/// Example 154: the room did not exist; we own it and it is locked (201).
pub const CREATED: &str = r#"<presence
    from='coven@chat.shakespeare.lit/firstwitch'
    to='crone1@shakespeare.lit/desktop'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='owner'
          role='moderator'/>
    <status code='110'/>
    <status code='201'/>
  </x>
</presence>"#;

/// Example 202, as the room sends it to us (firstwitch) when it is destroyed.
pub const DESTROYED: &str = r#"<presence
    from='coven@chat.shakespeare.lit/firstwitch'
    to='crone1@shakespeare.lit/desktop'
    type='unavailable'>
  <x xmlns='http://jabber.org/protocol/muc#user'>
    <item affiliation='none' role='none'/>
    <destroy jid='coven@chat.shakespeare.lit'>
      <reason>Macbeth doth come.</reason>
    </destroy>
  </x>
</presence>"#;

/// The one owner query among `sent`: its IQ type, id and payload.
pub fn owner_request(sent: &[String]) -> (String, String, Element) {
    let iqs: Vec<Element> = sent
        .iter()
        .filter_map(|frame| Element::parse(frame).ok())
        .filter(|e| e.get_child("query", OWNER).is_some())
        .collect();
    assert_eq!(iqs.len(), 1, "one owner query: {sent:#?}");
    let iq = &iqs[0];
    assert_eq!(iq.get_attr("to"), Some(COVEN), "to the room itself");
    let query = iq.get_child("query", OWNER).unwrap().clone();
    (
        iq.get_attr("type").unwrap().to_owned(),
        iq.get_attr("id").unwrap().to_owned(),
        query,
    )
}

/// What the session sent since the last look (after a command too).
pub fn sent(h: &mut Harness) -> Vec<String> {
    h.drain();
    h.take_sent()
}

/// The room's answer `example` (an IQ of the XEP) to our request `id`.
pub fn answer(h: &mut Harness, example: &str, id: &str) {
    let with_our_id = example
        .replacen("id='create1'", &format!("id='{id}'"), 1)
        .replacen("id='create2'", &format!("id='{id}'"), 1)
        .replacen("id='config1'", &format!("id='{id}'"), 1)
        .replacen("id='begone'", &format!("id='{id}'"), 1)
        .replacen("id='destroytest'", &format!("id='{id}'"), 1);
    h.recv_ok(&stanza(&with_our_id));
}

pub fn result(h: &mut Harness, id: &str) {
    h.recv_ok(&format!(
        "<iq xmlns='jabber:client' type='result' id='{id}' from='{COVEN}'/>"
    ));
}

/// Alice has joined the coven as firstwitch asking to configure it if new, and it is new: the
/// form has been asked for (its request id returned).
pub fn creating() -> (Harness, String) {
    let mut h = online();
    h.session
        .join_room_to_configure(&coven(), "firstwitch", None)
        .expect("online");
    h.drain();
    h.take_sent();
    let events = receive(&mut h, &[CREATED]);
    assert_eq!(events, [], "not 'joined' while the room is locked");
    let (kind, id, query) = owner_request(&sent(&mut h));
    // Example 156: an IQ get with an empty owner query.
    assert_eq!(kind, "get");
    assert_eq!(query.children().count(), 0);
    (h, id)
}

/// The form of the room's answer, from the one event it brought.
pub fn form_event(events: Vec<Event>, creating_expected: bool) -> DataForm {
    match events.as_slice() {
        [Event::RoomConfigForm {
            room,
            form,
            creating,
        }] => {
            assert_eq!(room, &coven());
            assert_eq!(*creating, creating_expected);
            form.clone()
        }
        other => panic!("expected the form: {other:?}"),
    }
}

pub fn set(answers: &mut Answers, var: &str, values: &[&str]) {
    answers.insert(var.into(), values.iter().map(|v| (*v).to_owned()).collect());
}
