//! Any service's data form (XEP-0004), rendered generically: its title and instructions, then
//! each field as its type asks (text, password, multi-line text, yes/no, one or several
//! choices, addresses), with its label, description and a mark when it is required; section
//! headers (`fixed`) as text; hidden fields not at all. What the user enters goes into the
//! answers the caller submits (`stanza::form`). Everything the service wrote is shown as text,
//! never as markup.

use leptos::prelude::*;

use crate::xmpp::stanza::data_form::{DataForm, Field, FieldType};
use crate::xmpp::stanza::form::{is_true, jid_lines, lines, Answers, Problem};

/// The form's fields, writing into `answers` (which the caller fills from the form first, with
/// `stanza::form::initial_answers`).
#[component]
pub fn DataFormFields(
    /// The form as the service sent it.
    form: DataForm,
    /// The user's answers, by field name.
    answers: RwSignal<Answers>,
    /// What keeps the answers from being submitted, shown at the field concerned.
    #[prop(into)]
    problems: Signal<Vec<Problem>>,
) -> impl IntoView {
    let title = form.title.clone().map(|t| display_text(&t));
    let instructions: Vec<String> = form.instructions.iter().map(|i| display_text(i)).collect();
    let fields = form
        .fields
        .into_iter()
        .map(|field| view! { <FormField field answers problems/> })
        .collect_view();
    view! {
        <div class="data-form">
            {title.map(|title| view! { <h3 class="data-form-title">{title}</h3> })}
            {instructions
                .into_iter()
                .map(|text| view! { <p class="data-form-instructions">{text}</p> })
                .collect_view()}
            {fields}
        </div>
    }
}

/// A service's text without the indentation of its XML: each line trimmed, empty ones left
/// out (XEP-0045's own forms are written that way); shown with its line breaks.
pub fn display_text(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// One field, as its type asks.
#[component]
fn FormField(
    field: Field,
    answers: RwSignal<Answers>,
    problems: Signal<Vec<Problem>>,
) -> impl IntoView {
    let kind = field.effective_type();
    match kind {
        // Carried back with the answers, never shown (§3.3).
        FieldType::Hidden => return ().into_any(),
        FieldType::Fixed => {
            let text = display_text(&field.values.join("\n"));
            return view! {
                <p class="form-fixed" data-testid="form-field" data-type="fixed"
                    data-var=field.var.clone()>{text}</p>
            }
            .into_any();
        }
        _ => {}
    }
    // A field without a name cannot be answered (§3.2: only fixed ones may lack it).
    let Some(var) = field.var.clone() else {
        return ().into_any();
    };
    let label = field.label.clone().unwrap_or_else(|| var.clone());
    let required = field.required;
    let problem_var = var.clone();
    let problem = Memo::new(move |_| {
        problems.with(|all| {
            all.iter()
                .find(|p| p.var() == problem_var)
                .map(ToString::to_string)
        })
    });
    let control = control(&field, &var, answers);
    let desc = field.desc.clone().map(|d| display_text(&d));
    let mark = required.then(|| view! { <span class="form-required" title="Required">" *"</span> });
    let body = match kind {
        // A yes/no reads best with the box before its label.
        FieldType::Boolean => view! {
            <label class="form-check">{control}<span class="form-label">{label}{mark}</span></label>
        }
        .into_any(),
        // Several boxes: a group, named by its legend.
        FieldType::ListMulti => view! {
            <fieldset class="form-choices">
                <legend class="form-label">{label}{mark}</legend>
                {control}
            </fieldset>
        }
        .into_any(),
        _ => view! {
            <label class="form-labelled"><span class="form-label">{label}{mark}</span>{control}</label>
        }
        .into_any(),
    };
    view! {
        <div class="form-field" data-testid="form-field" data-var=var data-type=kind.name()
            data-required=required.to_string() class:invalid=move || problem.with(Option::is_some)>
            {body}
            {desc.map(|desc| view! { <small class="form-desc">{desc}</small> })}
            {move || problem.get().map(|why| view! {
                <p class="form-error" role="alert" data-testid="form-field-error">{why}</p>
            })}
        </div>
    }
    .into_any()
}

/// The input for `field` (answered as `var`), starting from its answer. Inputs keep what the
/// user types; each change replaces the field's answer.
fn control(field: &Field, var: &str, answers: RwSignal<Answers>) -> AnyView {
    let current: Vec<String> = answers.with_untracked(|a| a.get(var).cloned().unwrap_or_default());
    let first = current.first().cloned().unwrap_or_default();
    let required = field.required.to_string();
    let var = var.to_owned();
    let answer = move |values: Vec<String>| {
        let var = var.clone();
        answers.update(move |a| {
            a.insert(var, values);
        })
    };
    match field.effective_type() {
        FieldType::Boolean => view! {
            <input type="checkbox" prop:checked=is_true(&first) aria-required=required
                on:change=move |ev| answer(vec![if event_target_checked(&ev) { "1" } else { "0" }.to_owned()])/>
        }
        .into_any(),
        FieldType::TextPrivate => view! {
            <input type="password" autocomplete="new-password" prop:value=first aria-required=required
                on:input=move |ev| answer(vec![event_target_value(&ev)])/>
        }
        .into_any(),
        FieldType::JidSingle => view! {
            <input type="text" inputmode="email" autocomplete="off" placeholder="name@example.org"
                prop:value=first aria-required=required
                on:input=move |ev| answer(vec![event_target_value(&ev)])/>
        }
        .into_any(),
        FieldType::JidMulti => view! {
            <textarea rows="3" placeholder="One address per line" aria-required=required
                prop:value=current.join("\n")
                on:input=move |ev| answer(jid_lines(&event_target_value(&ev)))></textarea>
        }
        .into_any(),
        FieldType::TextMulti => view! {
            <textarea rows="3" aria-required=required prop:value=current.join("\n")
                on:input=move |ev| answer(lines(&event_target_value(&ev)))></textarea>
        }
        .into_any(),
        FieldType::ListSingle => {
            // No choice yet (or one the list lacks): an empty first entry says so.
            let listed = field.options.iter().any(|o| o.value == first);
            let options = field
                .options
                .iter()
                .map(|option| {
                    let text = option.label.clone().unwrap_or_else(|| option.value.clone());
                    let chosen = option.value == first;
                    view! { <option value=option.value.clone() selected=chosen>{text}</option> }
                })
                .collect_view();
            view! {
                <select aria-required=required on:change=move |ev| answer(vec![event_target_value(&ev)])>
                    {(!listed).then(|| view! { <option value="" selected=true>"—"</option> })}
                    {options}
                </select>
            }
            .into_any()
        }
        FieldType::ListMulti => {
            let order: Vec<String> = field.options.iter().map(|o| o.value.clone()).collect();
            let chosen = RwSignal::new(current);
            field
                .options
                .iter()
                .map(|option| {
                    let value = option.value.clone();
                    let text = option.label.clone().unwrap_or_else(|| value.clone());
                    let checked = chosen.with_untracked(|c| c.contains(&value));
                    let order = order.clone();
                    let answer = answer.clone();
                    let toggled = value.clone();
                    view! {
                        <label class="form-check">
                            <input type="checkbox" data-value=value prop:checked=checked
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    chosen.update(|c| {
                                        c.retain(|v| v != &toggled);
                                        if on { c.push(toggled.clone()); }
                                    });
                                    // §3.3: the options' order, never the order of the clicks.
                                    let picked = chosen.with_untracked(|c| {
                                        order.iter().filter(|v| c.contains(v)).cloned().collect()
                                    });
                                    answer(picked);
                                }/>
                            <span>{text}</span>
                        </label>
                    }
                })
                .collect_view()
                .into_any()
        }
        FieldType::TextSingle | FieldType::Hidden | FieldType::Fixed => view! {
            <input type="text" prop:value=first aria-required=required
                on:input=move |ev| answer(vec![event_target_value(&ev)])/>
        }
        .into_any(),
    }
}
