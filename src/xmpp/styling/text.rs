//! A parse back to text: `to_text(&parse(body)) == body` for every body, which copy and paste
//! and the round-trip tests rely on.

use super::{to_text, Block, Span};

/// Writes `blocks` joined by line breaks, the inverse of splitting the body into blocks.
pub(super) fn write_blocks(blocks: &[Block], out: &mut String) {
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        write_block(block, out);
    }
}

fn write_block(block: &Block, out: &mut String) {
    match block {
        Block::Line(spans) => write_spans(spans, out),
        Block::Pre {
            opening,
            lines,
            closing,
        } => {
            out.push_str(opening);
            for line in lines.iter().chain(closing) {
                out.push('\n');
                out.push_str(line);
            }
        }
        Block::Quote {
            prefix_lines,
            blocks,
        } => {
            let inner = to_text(blocks);
            let mut prefixes = prefix_lines.iter();
            for (i, line) in inner.split('\n').enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                if let Some(prefix) = prefixes.next() {
                    out.push_str(prefix);
                }
                out.push_str(line);
            }
            for prefix in prefixes {
                out.push('\n');
                out.push_str(prefix);
            }
        }
    }
}

/// Writes the text of `spans`: directives as typed, code spans with their backticks.
pub(super) fn write_spans(spans: &[Span], out: &mut String) {
    for span in spans {
        match span {
            Span::Plain(text) => out.push_str(text),
            Span::Strong(children) | Span::Emphasis(children) | Span::Strike(children) => {
                write_spans(children, out)
            }
            Span::Code(text) => {
                out.push('`');
                out.push_str(text);
                out.push('`');
            }
            Span::Directive(c) => out.push(*c),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::xmpp::styling::test_support::*;
    use crate::xmpp::styling::{to_text, Span};

    #[test]
    fn to_text_of_hand_built_blocks_does_not_panic() {
        let odd = vec![
            quote(&["> ", "> ", "> "], &[plain_line("one line")]),
            quote(&[], &[plain_line("a"), plain_line("b")]),
            line(&[Span::Directive('*')]),
        ];
        assert_eq!(to_text(&odd), "> one line\n> \n> \na\nb\n*");
        assert_eq!(to_text(&[]), "");
    }
}
