//! Shared by the tests of every styling module: builders that read like the markup, and
//! [`parsed`], which checks the round trip and every structural invariant of a parse.

use super::text::write_spans;
use super::{parse, to_text, Block, Span, MAX_QUOTE_DEPTH};

// Builders that read like the markup: `strong(&[plain("hi")])` is `*hi*`.

pub(super) fn plain(text: &str) -> Span {
    Span::Plain(text.to_owned())
}

fn framed(c: char, inner: &[Span]) -> Vec<Span> {
    let mut children = vec![Span::Directive(c)];
    children.extend_from_slice(inner);
    children.push(Span::Directive(c));
    children
}

pub(super) fn strong(inner: &[Span]) -> Span {
    Span::Strong(framed('*', inner))
}

pub(super) fn emphasis(inner: &[Span]) -> Span {
    Span::Emphasis(framed('_', inner))
}

pub(super) fn strike(inner: &[Span]) -> Span {
    Span::Strike(framed('~', inner))
}

pub(super) fn code(text: &str) -> Span {
    Span::Code(text.to_owned())
}

pub(super) fn line(spans: &[Span]) -> Block {
    Block::Line(spans.to_vec())
}

pub(super) fn plain_line(text: &str) -> Block {
    line(&[plain(text)])
}

pub(super) fn quote(prefixes: &[&str], blocks: &[Block]) -> Block {
    Block::Quote {
        prefix_lines: prefixes.iter().map(|p| p.to_string()).collect(),
        blocks: blocks.to_vec(),
    }
}

pub(super) fn pre(opening: &str, lines: &[&str], closed: bool) -> Block {
    Block::Pre {
        opening: opening.to_owned(),
        lines: lines.iter().map(|l| l.to_string()).collect(),
        closing: closed.then(|| "```".to_owned()),
    }
}

/// Parses, checks the round trip and every structural invariant, and returns the blocks.
pub(super) fn parsed(body: &str) -> Vec<Block> {
    let blocks = parse(body);
    assert_eq!(to_text(&blocks), body, "round trip of {body:?}: {blocks:?}");
    check_blocks(&blocks, 0, body);
    blocks
}

/// The spans of a one-line body, shown as HTML-ish markup with the directives in place, so
/// the tables below read like the XEP's own examples.
pub(super) fn shown(body: &str) -> String {
    let blocks = parsed(body);
    let [Block::Line(spans)] = blocks.as_slice() else {
        panic!("{body:?} is not a single line: {blocks:?}");
    };
    let mut out = String::new();
    show_spans(spans, &mut out);
    out
}

fn show_spans(spans: &[Span], out: &mut String) {
    for span in spans {
        let (tag, children) = match span {
            Span::Plain(text) => {
                out.push_str(text);
                continue;
            }
            Span::Directive(c) => {
                out.push(*c);
                continue;
            }
            Span::Code(text) => {
                out.push_str(&format!("<code>`{text}`</code>"));
                continue;
            }
            Span::Strong(children) => ("b", children),
            Span::Emphasis(children) => ("i", children),
            Span::Strike(children) => ("s", children),
        };
        out.push_str(&format!("<{tag}>"));
        show_spans(children, out);
        out.push_str(&format!("</{tag}>"));
    }
}

pub(super) fn check_blocks(blocks: &[Block], depth: usize, body: &str) {
    assert!(depth <= MAX_QUOTE_DEPTH, "{body:?}: too deep");
    assert!(
        !blocks.is_empty(),
        "{body:?}: a block list covers at least one line"
    );
    for block in blocks {
        match block {
            Block::Line(spans) => {
                let text = to_text(std::slice::from_ref(block));
                assert!(!text.contains('\n'), "{body:?}: line break in a line");
                assert!(!text.starts_with("```"), "{body:?}: a fence line is a line");
                if depth < MAX_QUOTE_DEPTH {
                    assert!(!text.starts_with('>'), "{body:?}: a quoted line is a line");
                }
                check_spans(spans, &[], body);
            }
            Block::Pre {
                opening,
                lines,
                closing,
            } => {
                assert!(opening.starts_with("```"), "{body:?}: {opening:?}");
                assert!(!opening.contains('\n'));
                for l in lines {
                    assert!(l != "```", "{body:?}: a closing fence inside a code block");
                    assert!(!l.contains('\n'));
                }
                assert!(closing.as_deref().is_none_or(|c| c == "```"));
            }
            Block::Quote {
                prefix_lines,
                blocks,
            } => {
                assert!(depth < MAX_QUOTE_DEPTH, "{body:?}: quote past the limit");
                for prefix in prefix_lines {
                    let rest = prefix.strip_prefix('>').expect("prefix starts with >");
                    let mut chars = rest.chars();
                    assert!(chars.next().is_none_or(char::is_whitespace), "{prefix:?}");
                    assert!(chars.next().is_none(), "{prefix:?}");
                }
                let inner = to_text(blocks);
                assert_eq!(inner.split('\n').count(), prefix_lines.len(), "{body:?}");
                check_blocks(blocks, depth + 1, body);
            }
        }
    }
}

/// Checks the rules a parsed span list must obey, from the outside: plain runs are non-empty
/// and merged, directives frame styled spans, a span's inside is neither empty nor padded with
/// whitespace, and no span nests inside one of its own kind.
fn check_spans(spans: &[Span], ancestors: &[char], body: &str) {
    let mut previous_plain = false;
    for span in spans {
        let is_plain = matches!(span, Span::Plain(_));
        assert!(
            !(is_plain && previous_plain),
            "{body:?}: adjacent plain spans"
        );
        previous_plain = is_plain;
        let (c, children) = match span {
            Span::Plain(text) => {
                assert!(!text.is_empty(), "{body:?}: empty plain span");
                continue;
            }
            Span::Directive(c) => panic!("{body:?}: loose directive {c:?}"),
            Span::Code(text) => {
                assert!(!ancestors.contains(&'`'));
                check_inside(text, body);
                continue;
            }
            Span::Strong(children) => ('*', children),
            Span::Emphasis(children) => ('_', children),
            Span::Strike(children) => ('~', children),
        };
        assert!(!ancestors.contains(&c), "{body:?}: {c:?} inside {c:?}");
        let [Span::Directive(open), inner @ .., Span::Directive(close)] = children.as_slice()
        else {
            panic!("{body:?}: {span:?} is not framed by directives");
        };
        assert_eq!((*open, *close), (c, c), "{body:?}");
        let mut text = String::new();
        write_spans(inner, &mut text);
        check_inside(&text, body);
        let mut nested = ancestors.to_vec();
        nested.push(c);
        check_spans(inner, &nested, body);
    }
}

fn check_inside(text: &str, body: &str) {
    let first = text.chars().next().expect("spans are never empty");
    let last = text.chars().last().expect("spans are never empty");
    assert!(
        !first.is_whitespace(),
        "{body:?}: opening directive before whitespace"
    );
    assert!(
        !last.is_whitespace(),
        "{body:?}: closing directive after whitespace"
    );
}
