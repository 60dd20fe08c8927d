//! Data forms (XEP-0004): typed fields a server asks us to fill (room configuration,
//! registration) or describes itself with (XEP-0128 service discovery extensions).

use super::ParseError;
use crate::xmpp::ns;
use crate::xmpp::xml::Element;

/// The most fields a form may hold: a room's configuration has a few dozen; a form past this
/// (a frame may carry megabytes) is refused rather than rendered.
pub const MAX_FIELDS: usize = 256;
/// The most options one list field may offer (a list of every language is a few hundred).
pub const MAX_OPTIONS: usize = 1_000;
/// The most values one field may hold (a room's admins, one JID each).
pub const MAX_VALUES: usize = 1_000;
/// The most `<instructions/>` a form may hold.
pub const MAX_INSTRUCTIONS: usize = 32;

/// The form's purpose (XEP-0004 §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormType {
    /// A form to fill in.
    Form,
    /// A filled-in form.
    Submit,
    /// The form was cancelled.
    Cancel,
    /// Data returned (a search result, a description).
    Result,
}

impl FormType {
    fn as_str(self) -> &'static str {
        match self {
            FormType::Form => "form",
            FormType::Submit => "submit",
            FormType::Cancel => "cancel",
            FormType::Result => "result",
        }
    }
}

/// A field's type (XEP-0004 §3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// A yes/no choice (`0`/`1`/`false`/`true`).
    Boolean,
    /// Text to show, not a value to fill in.
    Fixed,
    /// A value carried along, not shown (a XEP-0115 `FORM_TYPE`, for one).
    Hidden,
    /// Several JIDs.
    JidMulti,
    /// One JID.
    JidSingle,
    /// Several choices among the field's options.
    ListMulti,
    /// One choice among the field's options.
    ListSingle,
    /// Several lines of text.
    TextMulti,
    /// A secret, such as a password: masked when shown.
    TextPrivate,
    /// One line of text (the type a field without one has).
    TextSingle,
}

impl FieldType {
    /// Every type with its name on the wire.
    const NAMES: [(FieldType, &'static str); 10] = [
        (FieldType::Boolean, "boolean"),
        (FieldType::Fixed, "fixed"),
        (FieldType::Hidden, "hidden"),
        (FieldType::JidMulti, "jid-multi"),
        (FieldType::JidSingle, "jid-single"),
        (FieldType::ListMulti, "list-multi"),
        (FieldType::ListSingle, "list-single"),
        (FieldType::TextMulti, "text-multi"),
        (FieldType::TextPrivate, "text-private"),
        (FieldType::TextSingle, "text-single"),
    ];

    /// The type named `name`, if XEP-0004 defines it.
    pub fn from_name(name: &str) -> Option<FieldType> {
        FieldType::NAMES
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(t, _)| *t)
    }

    /// The name on the wire.
    pub fn name(self) -> &'static str {
        FieldType::NAMES
            .iter()
            .find(|(t, _)| *t == self)
            .map_or("text-single", |(_, n)| n)
    }
}

/// One `<option/>` of a list field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldOption {
    /// What the user sees.
    pub label: Option<String>,
    /// What is submitted.
    pub value: String,
}

/// One `<field/>`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Field {
    /// Its name (absent only on `fixed` fields).
    pub var: Option<String>,
    /// Its type as written; `None` (no type, or one XEP-0004 does not define) means
    /// text-single (§3.3) but keeps the difference, which XEP-0115 §5.4 cares about for
    /// `FORM_TYPE`.
    pub kind: Option<FieldType>,
    /// What the user sees.
    pub label: Option<String>,
    /// A longer description.
    pub desc: Option<String>,
    /// Whether it must be filled in.
    pub required: bool,
    /// Its values, in order.
    pub values: Vec<String>,
    /// The choices of a list field.
    pub options: Vec<FieldOption>,
}

impl Field {
    /// The type this field behaves as.
    pub fn effective_type(&self) -> FieldType {
        self.kind.unwrap_or(FieldType::TextSingle)
    }
}

/// A `<x xmlns="jabber:x:data"/>` form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataForm {
    /// Its purpose.
    pub kind: FormType,
    /// Its title.
    pub title: Option<String>,
    /// Instructions, one per element.
    pub instructions: Vec<String>,
    /// The fields, in order.
    pub fields: Vec<Field>,
}

impl DataForm {
    /// The value of the hidden `FORM_TYPE` field that names what the form is about
    /// (XEP-0068), when there is exactly one.
    pub fn form_type(&self) -> Option<&str> {
        let field = self.field("FORM_TYPE")?;
        match field.values.as_slice() {
            [only] => Some(only),
            _ => None,
        }
    }

    /// The field named `var`.
    pub fn field(&self, var: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.var.as_deref() == Some(var))
    }
}

impl TryFrom<&Element> for DataForm {
    type Error = ParseError;

    fn try_from(e: &Element) -> Result<DataForm, ParseError> {
        if !e.is("x", ns::DATA_FORMS) {
            return Err(ParseError::WrongElement { expected: "x" });
        }
        let kind = match e.get_attr("type") {
            Some("form") => FormType::Form,
            Some("submit") => FormType::Submit,
            Some("cancel") => FormType::Cancel,
            Some("result") => FormType::Result,
            Some(other) => {
                return Err(ParseError::BadAttribute {
                    name: "type",
                    value: other.to_owned(),
                })
            }
            None => return Err(ParseError::MissingAttribute("type")),
        };
        let text = |name: &str| e.get_child(name, ns::DATA_FORMS).map(Element::text_content);
        let instructions = bounded(
            e.children()
                .filter(|c| c.is("instructions", ns::DATA_FORMS))
                .map(Element::text_content),
            MAX_INSTRUCTIONS,
            "a data form holds at most 32 instructions",
        )?;
        let fields = bounded(
            e.children().filter(|c| c.is("field", ns::DATA_FORMS)),
            MAX_FIELDS,
            "a data form holds at most 256 fields",
        )?;
        Ok(DataForm {
            kind,
            title: text("title"),
            instructions,
            fields: fields
                .into_iter()
                .map(parse_field)
                .collect::<Result<_, _>>()?,
        })
    }
}

/// The items of `items`, refused as `too_many` beyond `max`: what the network sends is counted
/// before it is kept.
fn bounded<T>(
    items: impl Iterator<Item = T>,
    max: usize,
    too_many: &'static str,
) -> Result<Vec<T>, ParseError> {
    let mut kept = Vec::new();
    for item in items {
        if kept.len() == max {
            return Err(ParseError::BadStructure(too_many));
        }
        kept.push(item);
    }
    Ok(kept)
}

fn parse_field(e: &Element) -> Result<Field, ParseError> {
    // §3.3: a type we do not understand is text-single (and keeps no type of its own).
    let kind = e.get_attr("type").and_then(FieldType::from_name);
    let values = bounded(
        e.children()
            .filter(|c| c.is("value", ns::DATA_FORMS))
            .map(Element::text_content),
        MAX_VALUES,
        "a data form field holds at most 1000 values",
    )?;
    let options = bounded(
        e.children()
            .filter(|c| c.is("option", ns::DATA_FORMS))
            .filter_map(|o| {
                Some(FieldOption {
                    label: o.get_attr("label").map(str::to_owned),
                    value: o.get_child("value", ns::DATA_FORMS)?.text_content(),
                })
            }),
        MAX_OPTIONS,
        "a data form field offers at most 1000 options",
    )?;
    Ok(Field {
        var: e.get_attr("var").map(str::to_owned),
        kind,
        label: e.get_attr("label").map(str::to_owned),
        desc: e
            .get_child("desc", ns::DATA_FORMS)
            .map(Element::text_content),
        required: e.get_child("required", ns::DATA_FORMS).is_some(),
        values,
        options,
    })
}

impl From<&DataForm> for Element {
    fn from(form: &DataForm) -> Element {
        let mut e = Element::new("x", ns::DATA_FORMS).attr("type", form.kind.as_str());
        if let Some(title) = &form.title {
            e.push_child(Element::new("title", ns::DATA_FORMS).text(title.as_str()));
        }
        for instructions in &form.instructions {
            e.push_child(Element::new("instructions", ns::DATA_FORMS).text(instructions.as_str()));
        }
        for field in &form.fields {
            e.push_child(field_element(field));
        }
        e
    }
}

fn field_element(field: &Field) -> Element {
    let mut e = Element::new("field", ns::DATA_FORMS)
        .attr_opt("var", field.var.as_deref())
        .attr_opt("type", field.kind.map(FieldType::name))
        .attr_opt("label", field.label.as_deref());
    if let Some(desc) = &field.desc {
        e.push_child(Element::new("desc", ns::DATA_FORMS).text(desc.as_str()));
    }
    if field.required {
        e.push_child(Element::new("required", ns::DATA_FORMS));
    }
    for value in &field.values {
        e.push_child(Element::new("value", ns::DATA_FORMS).text(value.as_str()));
    }
    for option in &field.options {
        e.push_child(
            Element::new("option", ns::DATA_FORMS)
                .attr_opt("label", option.label.as_deref())
                .child(Element::new("value", ns::DATA_FORMS).text(option.value.as_str())),
        );
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    /// XEP-0004 §9.1, shortened: a configuration form with most field types.
    const FORM: &str = r#"<x xmlns="jabber:x:data" type="form"><title>Bot Configuration</title><instructions>Fill out this form to configure your new bot!</instructions><field type="hidden" var="FORM_TYPE"><value>jabber:bot</value></field><field type="fixed"><value>Section 1: Bot Info</value></field><field type="text-single" label="The name of your bot" var="botname"/><field type="text-multi" label="Helpful description of your bot" var="description"/><field type="boolean" label="Public bot?" var="public"><required/></field><field type="text-private" label="Password for special access" var="password"/><field type="list-multi" label="What features will the bot support?" var="features"><option label="Contests"><value>contests</value></option><option label="News"><value>news</value></option><value>news</value></field><field type="list-single" label="Maximum number of subscribers" var="maxsubs"><value>20</value><option label="10"><value>10</value></option><option label="20"><value>20</value></option></field><field type="jid-multi" label="People to invite" var="invitelist"><desc>Tell all your friends about your new bot!</desc></field></x>"#;

    #[test]
    fn reads_every_field_type_and_round_trips() {
        let form = DataForm::try_from(&Element::parse(FORM).unwrap()).unwrap();
        assert_eq!(form.kind, FormType::Form);
        assert_eq!(form.title.as_deref(), Some("Bot Configuration"));
        assert_eq!(form.form_type(), Some("jabber:bot"));
        assert_eq!(form.fields.len(), 9);
        let public = form.field("public").unwrap();
        assert!(public.required);
        assert_eq!(public.effective_type(), FieldType::Boolean);
        let features = form.field("features").unwrap();
        assert_eq!(features.options.len(), 2);
        assert_eq!(features.values, ["news"]);
        assert_eq!(
            form.field("invitelist").unwrap().desc.as_deref(),
            Some("Tell all your friends about your new bot!")
        );
        assert_eq!(DataForm::try_from(&Element::from(&form)), Ok(form));
    }

    #[test]
    fn an_untyped_or_unknown_field_is_text_single_and_a_form_needs_a_type() {
        let form = DataForm::try_from(
            &Element::parse(r#"<x xmlns="jabber:x:data" type="submit"><field var="name"><value>x</value></field></x>"#).unwrap(),
        )
        .unwrap();
        let field = form.field("name").unwrap();
        assert_eq!(field.kind, None);
        assert_eq!(field.effective_type(), FieldType::TextSingle);
        // §3.3: a type the form-submitting entity does not understand MUST be text-single.
        let unknown = Element::parse(
            r#"<x xmlns="jabber:x:data" type="form"><field type="colour" var="c"><value>red</value></field></x>"#,
        )
        .unwrap();
        let form = DataForm::try_from(&unknown).unwrap();
        assert_eq!(form.fields[0].effective_type(), FieldType::TextSingle);
        assert_eq!(form.fields[0].values, ["red"]);
        let untyped = Element::parse(r#"<x xmlns="jabber:x:data"/>"#).unwrap();
        assert_eq!(
            DataForm::try_from(&untyped),
            Err(ParseError::MissingAttribute("type"))
        );
    }

    /// A form of `fields` fields, the first with `values` values and `options` options.
    fn sized_form(fields: usize, values: usize, options: usize) -> Element {
        let mut first = String::from(r#"<field type="list-multi" var="f0">"#);
        first.push_str(&"<value>v</value>".repeat(values));
        first.push_str(&r#"<option label="o"><value>o</value></option>"#.repeat(options));
        first.push_str("</field>");
        let rest = r#"<field type="fixed"><value>x</value></field>"#.repeat(fields - 1);
        Element::parse(&format!(
            r#"<x xmlns="jabber:x:data" type="form">{first}{rest}</x>"#
        ))
        .unwrap()
    }

    #[test]
    fn what_the_network_can_grow_is_bounded() {
        let at_most = DataForm::try_from(&sized_form(MAX_FIELDS, MAX_VALUES, MAX_OPTIONS)).unwrap();
        assert_eq!(at_most.fields.len(), MAX_FIELDS);
        assert_eq!(at_most.fields[0].values.len(), MAX_VALUES);
        assert_eq!(at_most.fields[0].options.len(), MAX_OPTIONS);
        for too_big in [
            sized_form(MAX_FIELDS + 1, 1, 1),
            sized_form(1, MAX_VALUES + 1, 1),
            sized_form(1, 1, MAX_OPTIONS + 1),
        ] {
            assert!(matches!(
                DataForm::try_from(&too_big),
                Err(ParseError::BadStructure(_))
            ));
        }
        let instructions = "<instructions>read me</instructions>".repeat(MAX_INSTRUCTIONS + 1);
        let chatty = Element::parse(&format!(
            r#"<x xmlns="jabber:x:data" type="form">{instructions}</x>"#
        ))
        .unwrap();
        assert!(DataForm::try_from(&chatty).is_err());
    }
}
