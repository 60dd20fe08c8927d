//! The block level of XEP-0393: every line is a block, except that a fenced code block takes
//! its lines raw and consecutive `>` lines form a quotation, parsed again one level deeper.

use super::spans::parse_line;
use super::{Block, MAX_QUOTE_DEPTH};

/// The blocks of `lines` (already split at `\n`), `depth` quotations deep: a line that would
/// open a quotation deeper than [`MAX_QUOTE_DEPTH`] stays a plain line.
pub(super) fn parse_blocks(lines: &[&str], depth: usize) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut i = 0;
    while let Some(&line) = lines.get(i) {
        if depth < MAX_QUOTE_DEPTH && line.starts_with('>') {
            let mut prefix_lines = Vec::new();
            let mut inner = Vec::new();
            while let Some((prefix, rest)) = lines.get(i).and_then(|l| split_quote_prefix(l)) {
                prefix_lines.push(prefix.to_owned());
                inner.push(rest);
                i += 1;
            }
            blocks.push(Block::Quote {
                prefix_lines,
                blocks: parse_blocks(&inner, depth + 1),
            });
        } else if line.starts_with("```") {
            i += 1;
            let mut body = Vec::new();
            let mut closing = None;
            while let Some(&l) = lines.get(i) {
                i += 1;
                if l == "```" {
                    closing = Some(l.to_owned());
                    break;
                }
                body.push(l.to_owned());
            }
            blocks.push(Block::Pre {
                opening: line.to_owned(),
                lines: body,
                closing,
            });
        } else {
            blocks.push(Block::Line(parse_line(line).0));
            i += 1;
        }
    }
    blocks
}

/// Splits a quoted line into its prefix (`>` plus one whitespace character, if any) and the rest;
/// `None` if the line is not quoted.
fn split_quote_prefix(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix('>')?;
    let cut = match rest.chars().next() {
        Some(c) if c.is_whitespace() => 1 + c.len_utf8(),
        _ => 1,
    };
    line.split_at_checked(cut)
}

#[cfg(test)]
mod tests {
    use crate::xmpp::styling::test_support::*;
    use crate::xmpp::styling::{Block, MAX_QUOTE_DEPTH};

    #[test]
    fn a_plain_body_is_one_plain_line() {
        assert_eq!(parsed("hello world"), vec![plain_line("hello world")]);
    }

    #[test]
    fn an_empty_body_is_one_empty_line() {
        assert_eq!(parsed(""), vec![line(&[])]);
    }

    #[test]
    fn every_line_is_a_block_including_empty_ones() {
        assert_eq!(
            parsed("a\n\nb\n"),
            vec![plain_line("a"), line(&[]), plain_line("b"), line(&[])]
        );
        assert_eq!(parsed("\n"), vec![line(&[]), line(&[])]);
    }

    #[test]
    fn a_code_block_is_raw_and_ends_at_its_closing_fence() {
        assert_eq!(
            parsed("```\ncode *not bold*\n```"),
            vec![pre("```", &["code *not bold*"], true)]
        );
        assert_eq!(
            parsed("```rust\nfn main() {}\n```\nafter *b*"),
            vec![
                pre("```rust", &["fn main() {}"], true),
                line(&[plain("after "), strong(&[plain("b")])]),
            ]
        );
    }

    #[test]
    fn a_code_block_without_a_closing_fence_runs_to_the_end_of_the_body() {
        assert_eq!(parsed("```\na\nb"), vec![pre("```", &["a", "b"], false)]);
        assert_eq!(parsed("```"), vec![pre("```", &[], false)]);
        assert_eq!(parsed("```\n"), vec![pre("```", &[""], false)]);
    }

    #[test]
    fn only_a_line_of_exactly_three_backticks_closes_a_code_block() {
        assert_eq!(
            parsed("```\n``` \n````\n x\n```\nafter"),
            vec![
                pre("```", &["``` ", "````", " x"], true),
                plain_line("after")
            ]
        );
    }

    #[test]
    fn any_line_beginning_with_three_backticks_opens_a_code_block() {
        assert_eq!(parsed("```a```"), vec![pre("```a```", &[], false)]);
        assert_eq!(parsed("````\na\n```"), vec![pre("````", &["a"], true)]);
        // Not at the start of the line: spans, and here nothing matches.
        assert_eq!(parsed(" ```x```"), vec![plain_line(" ```x```")]);
    }

    #[test]
    fn quote_markers_inside_a_code_block_are_text() {
        assert_eq!(
            parsed("```\n> not a quote\n```"),
            vec![pre("```", &["> not a quote"], true)]
        );
    }

    #[test]
    fn quotes_nest_and_end_at_the_first_unquoted_line() {
        assert_eq!(
            parsed("> quote\n>> nested\nafter"),
            vec![
                quote(
                    &["> ", ">"],
                    &[plain_line("quote"), quote(&["> "], &[plain_line("nested")])]
                ),
                plain_line("after"),
            ]
        );
    }

    #[test]
    fn the_xep_nested_quotation_example() {
        assert_eq!(
            parsed(">> That that is, is.\n> Said the old hermit of Prague.\n\nWho?"),
            vec![
                quote(
                    &[">", "> "],
                    &[
                        quote(&["> "], &[plain_line("That that is, is.")]),
                        plain_line("Said the old hermit of Prague."),
                    ]
                ),
                line(&[]),
                plain_line("Who?"),
            ]
        );
    }

    #[test]
    fn only_one_whitespace_character_after_the_marker_is_cut() {
        assert_eq!(
            parsed(">quote"),
            vec![quote(&[">"], &[plain_line("quote")])]
        );
        assert_eq!(
            parsed(">  two spaces"),
            vec![quote(&["> "], &[plain_line(" two spaces")])]
        );
        assert_eq!(
            parsed(">\ttab"),
            vec![quote(&[">\t"], &[plain_line("tab")])]
        );
        assert_eq!(
            parsed(">\u{3000}wide"),
            vec![quote(&[">\u{3000}"], &[plain_line("wide")])]
        );
        assert_eq!(parsed(">"), vec![quote(&[">"], &[line(&[])])]);
        assert_eq!(parsed("> "), vec![quote(&["> "], &[line(&[])])]);
    }

    #[test]
    fn a_space_between_markers_still_nests() {
        assert_eq!(
            parsed("> > nested"),
            vec![quote(&["> "], &[quote(&["> "], &[plain_line("nested")])])]
        );
    }

    #[test]
    fn an_unquoted_line_separates_two_quotes() {
        assert_eq!(
            parsed("> a\n\n> b"),
            vec![
                quote(&["> "], &[plain_line("a")]),
                line(&[]),
                quote(&["> "], &[plain_line("b")]),
            ]
        );
    }

    #[test]
    fn lines_in_a_quote_have_spans() {
        assert_eq!(
            parsed("> *b* _i_"),
            vec![quote(
                &["> "],
                &[line(&[
                    strong(&[plain("b")]),
                    plain(" "),
                    emphasis(&[plain("i")]),
                ])]
            )]
        );
    }

    #[test]
    fn a_code_block_in_a_quote_ends_with_the_quote() {
        // The XEP's "no closing preformatted text sequence" example.
        assert_eq!(
            parsed("> ```\n> (println \"Hello, world!\")\n\nThe entire blockquote is a preformatted text block, but this line is plaintext!"),
            vec![
                quote(
                    &["> ", "> "],
                    &[pre("```", &["(println \"Hello, world!\")"], false)]
                ),
                line(&[]),
                plain_line(
                    "The entire blockquote is a preformatted text block, but this line is plaintext!"
                ),
            ]
        );
        assert_eq!(
            parsed("> ```\nnot quoted"),
            vec![
                quote(&["> "], &[pre("```", &[], false)]),
                plain_line("not quoted")
            ]
        );
    }

    #[test]
    fn a_code_block_in_a_quote_closes_with_a_quoted_fence() {
        assert_eq!(
            parsed("> ```\n> pre *x*\n> ```\n> not pre *x*"),
            vec![quote(
                &["> ", "> ", "> ", "> "],
                &[
                    pre("```", &["pre *x*"], true),
                    line(&[plain("not pre "), strong(&[plain("x")])]),
                ]
            )]
        );
        assert_eq!(
            parsed(">```\n>a\n>```"),
            vec![quote(&[">", ">", ">"], &[pre("```", &["a"], true)])]
        );
    }

    #[test]
    fn a_code_block_at_top_level_keeps_quoted_looking_lines() {
        // The code block is found first, so the quoted-looking lines inside are raw.
        assert_eq!(
            parsed("```\n> a\n> ```\n```"),
            vec![pre("```", &["> a", "> ```"], true)]
        );
    }

    #[test]
    fn quotes_nest_at_most_max_quote_depth_deep() {
        let markers = ">".repeat(MAX_QUOTE_DEPTH + 5);
        let body = format!("{markers} x");
        let blocks = parsed(&body);
        let mut depth = 0;
        let mut current = blocks.as_slice();
        while let [Block::Quote { blocks, .. }] = current {
            depth += 1;
            current = blocks;
        }
        assert_eq!(depth, MAX_QUOTE_DEPTH);
        assert_eq!(current, [plain_line(&format!("{} x", ">".repeat(5)))]);
    }
}
