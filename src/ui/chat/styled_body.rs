//! A message body with XEP-0393 styling: `*strong*`, `_emphasis_`, `~strike~`, `` `code` ``,
//! ```` ``` ```` blocks and `> quotes`, drawn as DOM elements around text nodes (never HTML from
//! the network, ARCHITECTURE.md, "Invariants"). The directive characters stay in the text, dimmed, so the body
//! reads and copies exactly as it was sent; line breaks stay in the text as well (hidden
//! newline characters between the blocks), so `textContent` is the body.

use leptos::prelude::*;

use super::body_text::BodyText;
use crate::xmpp::styling::{self, Block, Span};

/// Renders `body`, styled unless the sender asked for it not to be (`styled == false`).
#[component]
pub fn StyledBody(
    /// The text as received.
    body: String,
    /// Whether XEP-0393 styling applies (the sender did not send `<unstyled/>`).
    #[prop(default = true)]
    styled: bool,
) -> impl IntoView {
    if !styled {
        return view! { <BodyText body/> }.into_any();
    }
    blocks_view(styling::parse(&body), &[]).into_any()
}

/// How many lines of the body a block covers.
fn line_count(block: &Block) -> usize {
    match block {
        Block::Line(_) => 1,
        Block::Pre { lines, closing, .. } => 1 + lines.len() + usize::from(closing.is_some()),
        Block::Quote { prefix_lines, .. } => prefix_lines.len(),
    }
}

/// The quote markers of a line, dimmed (`> `, `> > `…), written where they were typed.
fn markers(prefix: Option<&String>) -> Option<impl IntoView> {
    prefix
        .filter(|p| !p.is_empty())
        .map(|p| view! { <span class="directive quote-marker">{p.clone()}</span> })
}

/// `blocks`, one after the other; `prefixes[i]` holds the quote markers that stood in front of
/// line `i` of them (empty outside quotes).
fn blocks_view(blocks: Vec<Block>, prefixes: &[String]) -> AnyView {
    let last = blocks.len().saturating_sub(1);
    let mut line = 0;
    blocks
        .into_iter()
        .enumerate()
        .map(|(i, block)| {
            let first_line = line;
            line += line_count(&block);
            let prefix = |n: usize| prefixes.get(first_line + n);
            let newline = (i < last).then(|| view! { <span class="newline">"\n"</span> });
            match block {
                Block::Line(spans) => view! {
                    <span class="line">{markers(prefix(0))}{spans_view(spans)}{newline}</span>
                }
                .into_any(),
                Block::Pre {
                    opening,
                    lines,
                    closing,
                } => {
                    let mut rows: Vec<String> = Vec::with_capacity(lines.len() + 2);
                    let quoted = |n: usize, text: &str| {
                        format!("{}{text}", prefix(n).map_or("", String::as_str))
                    };
                    rows.push(quoted(0, &opening));
                    for (n, text) in lines.iter().enumerate() {
                        rows.push(quoted(n + 1, text));
                    }
                    if let Some(closing) = &closing {
                        rows.push(quoted(lines.len() + 1, closing));
                    }
                    let (head, rest) = rows.split_first().map_or((String::new(), Vec::new()), |(h, r)| (h.clone(), r.to_vec()));
                    let body = if rest.is_empty() { String::new() } else { format!("\n{}", rest.join("\n")) };
                    view! { <code class="pre"><span class="directive">{head}</span>{body}{newline}</code> }
                        .into_any()
                }
                Block::Quote {
                    prefix_lines,
                    blocks,
                } => {
                    let inner: Vec<String> = prefix_lines
                        .iter()
                        .enumerate()
                        .map(|(n, own)| format!("{}{own}", prefix(n).map_or("", String::as_str)))
                        .collect();
                    view! { <blockquote>{blocks_view(blocks, &inner)}{newline}</blockquote> }
                        .into_any()
                }
            }
        })
        .collect_view()
        .into_any()
}

fn spans_view(spans: Vec<Span>) -> AnyView {
    spans
        .into_iter()
        .map(|span| match span {
            Span::Plain(text) => view! { <BodyText body=text/> }.into_any(),
            Span::Directive(c) => {
                view! { <span class="directive">{c.to_string()}</span> }.into_any()
            }
            Span::Code(text) => view! {
                <code><span class="directive">"`"</span>{text}<span class="directive">"`"</span></code>
            }
            .into_any(),
            Span::Strong(inner) => view! { <strong>{spans_view(inner)}</strong> }.into_any(),
            Span::Emphasis(inner) => view! { <em>{spans_view(inner)}</em> }.into_any(),
            Span::Strike(inner) => view! { <s>{spans_view(inner)}</s> }.into_any(),
        })
        .collect_view()
        .into_any()
}
