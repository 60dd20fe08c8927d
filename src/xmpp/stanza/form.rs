//! Filling in a data form (XEP-0004 §3.4): the answers a user gives to a form a service sent
//! (`data_form.rs` reads it), checked against what the form asks, and the `submit` form built
//! from them. Any service's form works the same way: a room's configuration (XEP-0045 §10),
//! a registration, a command.

use std::collections::BTreeMap;
use std::fmt;

use super::data_form::{DataForm, Field, FieldType, FormType, MAX_VALUES};
use crate::xmpp::jid::Jid;

/// What the user answered, by field name (`var`): one value for single-valued fields (`"1"` or
/// `"0"` for a boolean), one per line or choice for the multi-valued ones. A field without an
/// answer is submitted with the form's own values (its defaults).
pub type Answers = BTreeMap<String, Vec<String>>;

/// Whether a boolean field's value says yes (§3.3 note: `1` or `true`).
pub fn is_true(value: &str) -> bool {
    matches!(value.trim(), "1" | "true")
}

/// The lines of a multi-line text (`\n`, `\r\n` or `\r`): a text-multi field sends each as a
/// value of its own (§3.3), without the trailing empty ones a text box leaves.
pub fn lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .flat_map(|line| line.split('\r'))
        .map(str::to_owned)
        .collect();
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// The JIDs of a jid-multi text box, one per line: trimmed, empty lines left out, each once
/// (§3.3: duplicates are ignored).
pub fn jid_lines(text: &str) -> Vec<String> {
    let mut jids: Vec<String> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !jids.iter().any(|j| j == line) {
            jids.push(line.to_owned());
        }
    }
    jids
}

/// Whether the user fills `field` in: not a section header (`fixed`), not a value carried
/// along unseen (`hidden`), and named (a field without `var` cannot be answered).
pub fn is_answerable(field: &Field) -> bool {
    field.var.is_some() && !matches!(field.kind, Some(FieldType::Fixed | FieldType::Hidden))
}

/// The answers a form starts with: each answerable field's own values (a boolean as `1` or
/// `0`, false when the form gives none, §3.3).
pub fn initial_answers(form: &DataForm) -> Answers {
    form.fields
        .iter()
        .filter(|f| is_answerable(f))
        .filter_map(|field| {
            let var = field.var.clone()?;
            Some((var, starting_values(field)))
        })
        .collect()
}

fn starting_values(field: &Field) -> Vec<String> {
    match field.effective_type() {
        FieldType::Boolean => {
            let yes = field.values.first().is_some_and(|v| is_true(v));
            vec![bool_value(yes)]
        }
        _ => field.values.clone(),
    }
}

fn bool_value(yes: bool) -> String {
    if yes { "1" } else { "0" }.to_owned()
}

/// Something that keeps a form from being submitted as it is, for the field it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A required field (`<required/>`) has no value.
    Missing {
        /// The field's name.
        var: String,
        /// What the user sees it as (its label, else its name).
        label: String,
    },
    /// A JID field holds something that is not a JID (§3.3 note *).
    BadJid {
        /// The field's name.
        var: String,
        /// What the user sees it as.
        label: String,
        /// The value that is not a JID.
        value: String,
    },
    /// A field holds more values than a form may carry ([`MAX_VALUES`]).
    TooManyValues {
        /// The field's name.
        var: String,
        /// What the user sees it as.
        label: String,
    },
}

impl Problem {
    /// The field it is about.
    pub fn var(&self) -> &str {
        match self {
            Problem::Missing { var, .. }
            | Problem::BadJid { var, .. }
            | Problem::TooManyValues { var, .. } => var,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Missing { label, .. } => write!(f, "“{label}” is required."),
            Problem::BadJid { label, value, .. } => {
                write!(
                    f,
                    "“{value}” in “{label}” is not an address (name@example.org)."
                )
            }
            Problem::TooManyValues { label, .. } => {
                write!(f, "“{label}” holds more than {MAX_VALUES} values.")
            }
        }
    }
}

/// What keeps `answers` to `form` from being submitted, field by field in the form's order
/// (empty: it can go). The service checks again (§4): this only spares the user a round trip.
pub fn problems(form: &DataForm, answers: &Answers) -> Vec<Problem> {
    let mut found = Vec::new();
    for field in form.fields.iter().filter(|f| is_answerable(f)) {
        let Some(var) = field.var.clone() else {
            continue;
        };
        let label = field.label.clone().unwrap_or_else(|| var.clone());
        let values = submitted_values(field, answers.get(&var));
        if values.len() > MAX_VALUES {
            found.push(Problem::TooManyValues { var, label });
            continue;
        }
        if field.required && values.iter().all(|v| v.trim().is_empty()) {
            found.push(Problem::Missing { var, label });
            continue;
        }
        if matches!(
            field.effective_type(),
            FieldType::JidSingle | FieldType::JidMulti
        ) {
            if let Some(value) = values.iter().find(|v| Jid::parse(v.trim()).is_err()) {
                found.push(Problem::BadJid {
                    var,
                    label,
                    value: value.clone(),
                });
            }
        }
    }
    found
}

/// The `submit` form for `answers` to `form` (§3.4): every named field but the fixed ones, in
/// the form's order, with its type and the user's values (the form's own where the user gave
/// none); hidden fields, `FORM_TYPE` first among them, go back as they came. A single-valued
/// field left empty goes without a value, which a service reads as "none".
pub fn submission(form: &DataForm, answers: &Answers) -> DataForm {
    let fields = form
        .fields
        .iter()
        .filter(|f| f.var.is_some() && f.kind != Some(FieldType::Fixed))
        .map(|field| {
            let answer = match field.kind {
                Some(FieldType::Hidden) => None,
                _ => field.var.as_ref().and_then(|var| answers.get(var)),
            };
            let mut values = submitted_values(field, answer);
            values.truncate(MAX_VALUES);
            Field {
                var: field.var.clone(),
                kind: field.kind,
                values,
                ..Field::default()
            }
        })
        .collect();
    DataForm {
        kind: FormType::Submit,
        title: None,
        instructions: Vec::new(),
        fields,
    }
}

/// The values `field` goes with: the answer (or the form's values), as its type carries them.
fn submitted_values(field: &Field, answer: Option<&Vec<String>>) -> Vec<String> {
    let given = answer.unwrap_or(&field.values);
    match field.effective_type() {
        FieldType::Hidden => field.values.clone(),
        FieldType::Boolean => vec![bool_value(given.first().is_some_and(|v| is_true(v)))],
        FieldType::TextSingle
        | FieldType::TextPrivate
        | FieldType::JidSingle
        | FieldType::ListSingle => given
            .first()
            .filter(|v| !v.is_empty())
            .cloned()
            .into_iter()
            .collect(),
        FieldType::JidMulti => given
            .iter()
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect(),
        FieldType::Fixed | FieldType::ListMulti | FieldType::TextMulti => given.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmpp::stanza::muc::tests::example;
    use crate::xmpp::xml::Element;

    /// The `<x/>` inside an example IQ's payload.
    fn form_in(iq: &str) -> DataForm {
        let iq = example(iq);
        let payload = iq.children().next().expect("a payload");
        DataForm::try_from(payload.get_child("x", "jabber:x:data").expect("a form")).unwrap()
    }

    /// XEP-0004 Example 2: Service Returns Bot Creation Form.
    const BOT_FORM: &str = r#"<iq from='joogle@botster.shakespeare.lit'
    to='romeo@montague.net/home'
    type='result'
    xml:lang='en'
    id='create1'>
  <command xmlns='http://jabber.org/protocol/commands'
           node='create'
           sessionid='create:20040408T0128Z'
           status='executing'>
    <x xmlns='jabber:x:data' type='form'>
      <title>Bot Configuration</title>
      <instructions>Fill out this form to configure your new bot!</instructions>
      <field type='hidden'
             var='FORM_TYPE'>
        <value>jabber:bot</value>
      </field>
      <field type='fixed'><value>Section 1: Bot Info</value></field>
      <field type='text-single'
             label='The name of your bot'
             var='botname'/>
      <field type='text-multi'
             label='Helpful description of your bot'
             var='description'/>
      <field type='boolean'
             label='Public bot?'
             var='public'>
        <required/>
      </field>
      <field type='text-private'
             label='Password for special access'
             var='password'/>
      <field type='fixed'><value>Section 2: Features</value></field>
      <field type='list-multi'
             label='What features will the bot support?'
             var='features'>
        <option label='Contests'><value>contests</value></option>
        <option label='News'><value>news</value></option>
        <option label='Polls'><value>polls</value></option>
        <option label='Reminders'><value>reminders</value></option>
        <option label='Search'><value>search</value></option>
        <value>news</value>
        <value>search</value>
      </field>
      <field type='fixed'><value>Section 3: Subscriber List</value></field>
      <field type='list-single'
             label='Maximum number of subscribers'
             var='maxsubs'>
        <value>20</value>
        <option label='10'><value>10</value></option>
        <option label='20'><value>20</value></option>
        <option label='30'><value>30</value></option>
        <option label='50'><value>50</value></option>
        <option label='100'><value>100</value></option>
        <option label='None'><value>none</value></option>
      </field>
      <field type='fixed'><value>Section 4: Invitations</value></field>
      <field type='jid-multi'
             label='People to invite'
             var='invitelist'>
        <desc>Tell all your friends about your new bot!</desc>
      </field>
    </x>
  </command>
</iq>"#;

    /// XEP-0004 Example 3: User Submits Bot Creation Form.
    const BOT_SUBMISSION: &str = r#"<iq from='romeo@montague.net/home'
    to='joogle@botster.shakespeare.lit'
    type='set'
    xml:lang='en'
    id='create2'>
  <command xmlns='http://jabber.org/protocol/commands'
           node='create'
           sessionid='create:20040408T0128Z'>
    <x xmlns='jabber:x:data' type='submit'>
      <field type='hidden' var='FORM_TYPE'>
        <value>jabber:bot</value>
      </field>
      <field type='text-single' var='botname'>
        <value>The Jabber Google Bot</value>
      </field>
      <field type='text-multi' var='description'>
        <value>This bot enables you to send requests to</value>
        <value>Google and receive the search results right</value>
        <value>in your Jabber client. It&apos; really cool!</value>
        <value>It even supports Google News!</value>
      </field>
      <field type='boolean' var='public'>
        <value>0</value>
      </field>
      <field type='text-private' var='password'>
        <value>v3r0na</value>
      </field>
      <field type='list-multi' var='features'>
        <value>news</value>
        <value>search</value>
      </field>
      <field type='list-single' var='maxsubs'>
        <value>50</value>
      </field>
      <field type='jid-multi' var='invitelist'>
        <value>juliet@capulet.com</value>
        <value>benvolio@montague.net</value>
      </field>
    </x>
  </command>
</iq>"#;

    fn answer(answers: &mut Answers, var: &str, values: &[&str]) {
        answers.insert(var.into(), values.iter().map(|v| (*v).to_owned()).collect());
    }

    #[test]
    fn every_field_type_is_read_with_its_label_description_and_options() {
        let form = form_in(BOT_FORM);
        assert_eq!(form.title.as_deref(), Some("Bot Configuration"));
        assert_eq!(
            form.instructions,
            ["Fill out this form to configure your new bot!"]
        );
        let types: Vec<FieldType> = form.fields.iter().map(Field::effective_type).collect();
        use FieldType::*;
        assert_eq!(
            types,
            [
                Hidden,
                Fixed,
                TextSingle,
                TextMulti,
                Boolean,
                TextPrivate,
                Fixed,
                ListMulti,
                Fixed,
                ListSingle,
                Fixed,
                JidMulti
            ]
        );
        let features = form.field("features").unwrap();
        assert_eq!(features.options.len(), 5);
        assert_eq!(features.options[3].label.as_deref(), Some("Reminders"));
        assert_eq!(features.values, ["news", "search"]);
        assert!(form.field("public").unwrap().required);
        assert_eq!(
            form.field("invitelist").unwrap().desc.as_deref(),
            Some("Tell all your friends about your new bot!")
        );
        assert_eq!(form.fields[1].values, ["Section 1: Bot Info"]);
        // The answers start from the form's values: a boolean without one is false.
        let start = initial_answers(&form);
        assert_eq!(start["public"], ["0"]);
        assert_eq!(start["maxsubs"], ["20"]);
        assert_eq!(start["features"], ["news", "search"]);
        assert!(!start.contains_key("FORM_TYPE"), "hidden: not the user's");
        assert_eq!(start.len(), 7, "fixed fields are not answered: {start:?}");
    }

    #[test]
    fn the_users_answers_make_the_xeps_submission() {
        let form = form_in(BOT_FORM);
        let mut answers = initial_answers(&form);
        answer(&mut answers, "botname", &["The Jabber Google Bot"]);
        answers.insert(
            "description".into(),
            lines("This bot enables you to send requests to\nGoogle and receive the search results right\r\nin your Jabber client. It' really cool!\nIt even supports Google News!\n"),
        );
        answer(&mut answers, "password", &["v3r0na"]);
        answer(&mut answers, "maxsubs", &["50"]);
        answers.insert(
            "invitelist".into(),
            jid_lines(" juliet@capulet.com\n\nbenvolio@montague.net\njuliet@capulet.com\n"),
        );
        // Someone editing the page cannot change a hidden field.
        answer(&mut answers, "FORM_TYPE", &["jabber:evil"]);
        assert_eq!(problems(&form, &answers), []);
        let submitted = submission(&form, &answers);
        assert_eq!(submitted, form_in(BOT_SUBMISSION));
        // It goes out as XEP-0004 writes it, and every field keeps its type (so the XML console
        // masks the text-private one).
        assert!(Element::from(&submitted).to_string().contains(
            r#"<field var="password" type="text-private"><value>v3r0na</value></field>"#
        ));
    }

    #[test]
    fn a_required_field_left_empty_and_a_bad_jid_are_problems() {
        // XEP-0004 Example 6: Service Returns Search Form (a required text-single).
        let search = form_in(
            r#"<iq from='joogle@botster.shakespeare.lit'
    to='juliet@capulet.com/chamber'
    type='result'
    xml:lang='en'
    id='search1'>
  <command xmlns='http://jabber.org/protocol/commands'
           node='search'
           status='executing'>
    <x xmlns='jabber:x:data' type='form'>
      <title>Joogle Search</title>
      <instructions>Fill out this form to search for information!</instructions>
      <field type='text-single'
             var='search_request'>
        <required/>
      </field>
    </x>
  </command>
</iq>"#,
        );
        let mut answers = initial_answers(&search);
        assert_eq!(
            problems(&search, &answers),
            [Problem::Missing {
                var: "search_request".into(),
                label: "search_request".into()
            }]
        );
        answer(&mut answers, "search_request", &["  "]);
        assert_eq!(problems(&search, &answers).len(), 1, "blank is empty");
        answer(&mut answers, "search_request", &["verona"]);
        assert_eq!(problems(&search, &answers), []);
        // XEP-0004 Example 7: User Submits Search Form.
        assert_eq!(
            submission(&search, &answers),
            form_in(
                r#"<iq from='juliet@capulet.com/chamber'
    to='joogle@botster.shakespeare.lit'
    type='get'
    xml:lang='en'
    id='search2'>
  <command xmlns='http://jabber.org/protocol/commands'
           node='search'>
    <x xmlns='jabber:x:data' type='submit'>
      <field type='text-single' var='search_request'>
        <value>verona</value>
      </field>
    </x>
  </command>
</iq>"#
            )
        );
        let bot = form_in(BOT_FORM);
        let mut answers = initial_answers(&bot);
        answer(
            &mut answers,
            "invitelist",
            &["juliet@capulet.com", "not a jid@"],
        );
        let found = problems(&bot, &answers);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].var(), "invitelist");
        assert!(
            found[0].to_string().contains("People to invite"),
            "{}",
            found[0]
        );
        answers.insert("invitelist".into(), vec!["a@b".into(); MAX_VALUES + 1]);
        assert!(matches!(
            problems(&bot, &answers).as_slice(),
            [Problem::TooManyValues { .. }]
        ));
        assert_eq!(
            submission(&bot, &answers)
                .field("invitelist")
                .unwrap()
                .values
                .len(),
            MAX_VALUES
        );
    }

    #[test]
    fn an_emptied_single_field_goes_without_a_value_and_a_boolean_is_one_or_zero() {
        let form = form_in(BOT_FORM);
        let mut answers = initial_answers(&form);
        answer(&mut answers, "maxsubs", &[""]);
        answer(&mut answers, "public", &["true"]);
        let submitted = submission(&form, &answers);
        assert_eq!(
            submitted.field("maxsubs").unwrap().values,
            Vec::<String>::new()
        );
        assert_eq!(submitted.field("public").unwrap().values, ["1"]);
        assert!(submitted
            .fields
            .iter()
            .all(|f| f.kind != Some(FieldType::Fixed)));
        assert_eq!(submitted.form_type(), Some("jabber:bot"));
        assert_eq!(lines("a\r\rb\n\n"), ["a", "", "b"]);
        assert!(is_true("1") && is_true("true") && !is_true("0") && !is_true("yes"));
    }
}
