//! The span level of XEP-0393: `*strong*`, `_emphasis_`, `~strike~` and `` `code` `` within one
//! line, with the opening and closing rules and lazy matching described in the [`styling`](super)
//! module docs. The scan is linear: closing directives are found by binary search in a list
//! precomputed per directive kind.

use super::Span;

/// The span directive characters, in the order of [`kind`]'s indices.
const DIRECTIVES: [char; 4] = ['*', '_', '~', '`'];

fn kind(c: char) -> Option<usize> {
    DIRECTIVES.iter().position(|&d| d == c)
}

/// Parses one line into spans. Also returns how many character positions the scan visited, which
/// the tests use to check that the work is linear (it is at most the number of characters).
pub(super) fn parse_line(line: &str) -> (Vec<Span>, usize) {
    let chars: Vec<char> = line.chars().collect();
    // For each directive kind, the positions where it could close a span (not preceded by
    // whitespace), in increasing order: finding a closing directive is then a binary search
    // instead of a scan, so a line full of unmatched openers stays O(n log n).
    let mut closers: [Vec<usize>; 4] = Default::default();
    let mut prev: Option<char> = None;
    for (pos, &c) in chars.iter().enumerate() {
        if let (Some(k), Some(p)) = (kind(c), prev) {
            if !p.is_whitespace() {
                if let Some(list) = closers.get_mut(k) {
                    list.push(pos);
                }
            }
        }
        prev = Some(c);
    }
    let mut scanner = LineScanner {
        chars,
        closers,
        visited: 0,
    };
    let end = scanner.chars.len();
    let spans = scanner.spans(0, end);
    (spans, scanner.visited)
}

/// The state of the scan of one line: its characters, where each kind of directive could close,
/// and how many positions were visited (for the linearity test).
struct LineScanner {
    chars: Vec<char>,
    closers: [Vec<usize>; 4],
    visited: usize,
}

impl LineScanner {
    /// The spans of the characters `start..end`, which are a whole line or the inside of a span.
    ///
    /// Each position is visited once: a span's inside is parsed by the recursive call and the
    /// loop resumes after its closing directive. The recursion is at most four deep, because lazy
    /// matching means a span never contains a whole span of its own kind (the inner one's closing
    /// directive would have closed the outer one first) and code spans have no children.
    fn spans(&mut self, start: usize, end: usize) -> Vec<Span> {
        let mut out = Vec::new();
        let mut plain_from = start;
        let mut pos = start;
        while pos < end {
            self.visited += 1;
            let Some((c, close)) = self.opening_at(pos, start, end) else {
                pos += 1;
                continue;
            };
            self.push_plain(&mut out, plain_from, pos);
            let span = if c == '`' {
                Span::Code(self.text(pos + 1, close))
            } else {
                let mut children = vec![Span::Directive(c)];
                children.extend(self.spans(pos + 1, close));
                children.push(Span::Directive(c));
                match c {
                    '*' => Span::Strong(children),
                    '_' => Span::Emphasis(children),
                    _ => Span::Strike(children),
                }
            };
            out.push(span);
            pos = close + 1;
            plain_from = pos;
        }
        self.push_plain(&mut out, plain_from, end);
        out
    }

    /// If the character at `pos` opens a span within `start..end`, its directive and the position
    /// of the matching closing directive.
    fn opening_at(&self, pos: usize, start: usize, end: usize) -> Option<(char, usize)> {
        let c = *self.chars.get(pos)?;
        let k = kind(c)?;
        // At the start of the line or of the enclosing span (that is, right after a different
        // opening directive), or after whitespace.
        if pos > start {
            let before = *self.chars.get(pos.checked_sub(1)?)?;
            if !before.is_whitespace() {
                return None;
            }
        }
        // Followed by something inside the range that is neither whitespace nor the same
        // directive (`**` and `****` are plain).
        if pos + 1 >= end {
            return None;
        }
        let after = *self.chars.get(pos + 1)?;
        if after.is_whitespace() || after == c {
            return None;
        }
        // The first possible closing directive with at least one character between the two.
        let list = self.closers.get(k)?;
        let close = *list.get(list.partition_point(|&q| q < pos + 2))?;
        (close < end).then_some((c, close))
    }

    fn text(&self, from: usize, to: usize) -> String {
        self.chars
            .get(from..to)
            .map(|cs| cs.iter().collect())
            .unwrap_or_default()
    }

    fn push_plain(&self, out: &mut Vec<Span>, from: usize, to: usize) {
        if from < to {
            out.push(Span::Plain(self.text(from, to)));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::xmpp::styling::test_support::*;
    use crate::xmpp::styling::{Block, Span};

    #[test]
    fn strong_and_emphasis_keep_their_directives() {
        assert_eq!(
            parsed("*bold* and _it_"),
            vec![Block::Line(vec![
                Span::Strong(vec![
                    Span::Directive('*'),
                    Span::Plain("bold".into()),
                    Span::Directive('*'),
                ]),
                Span::Plain(" and ".into()),
                Span::Emphasis(vec![
                    Span::Directive('_'),
                    Span::Plain("it".into()),
                    Span::Directive('_'),
                ]),
            ])]
        );
    }

    #[test]
    fn strike_through() {
        assert_eq!(
            parsed("~strike~"),
            vec![line(&[strike(&[plain("strike")])])]
        );
    }

    #[test]
    fn nothing_is_styled_inside_a_code_span() {
        assert_eq!(parsed("`code *x*`"), vec![line(&[code("code *x*")])]);
    }

    #[test]
    fn spans_nest() {
        assert_eq!(
            parsed("*a _b_ c*"),
            vec![line(&[strong(&[
                plain("a "),
                emphasis(&[plain("b")]),
                plain(" c"),
            ])])]
        );
    }

    #[test]
    fn a_directive_inside_a_word_opens_nothing() {
        assert_eq!(parsed("not*bold*"), vec![plain_line("not*bold*")]);
        assert_eq!(
            parsed("snake_case_name"),
            vec![plain_line("snake_case_name")]
        );
    }

    #[test]
    fn an_opening_directive_followed_by_whitespace_opens_nothing() {
        assert_eq!(parsed("* not bold*"), vec![plain_line("* not bold*")]);
    }

    #[test]
    fn an_unclosed_directive_is_plain() {
        assert_eq!(parsed("*unclosed"), vec![plain_line("*unclosed")]);
    }

    #[test]
    fn an_empty_span_is_plain() {
        assert_eq!(parsed("**"), vec![plain_line("**")]);
        assert_eq!(parsed("``"), vec![plain_line("``")]);
    }

    #[test]
    fn spans_do_not_cross_line_breaks() {
        assert_eq!(parsed("*a\nb*"), vec![plain_line("*a"), plain_line("b*")]);
    }

    #[test]
    fn the_xep_examples() {
        for (body, expected) in [
            // §5.2: styled as indicated.
            ("*strong*", "<b>*strong*</b>"),
            ("plain *strong* plain", "plain <b>*strong*</b> plain"),
            (
                "*strong* plain *strong*",
                "<b>*strong*</b> plain <b>*strong*</b>",
            ),
            ("*strong*plain*", "<b>*strong*</b>plain*"),
            ("* plain *strong*", "* plain <b>*strong*</b>"),
            // §5.2: nothing styled.
            ("not strong*", "not strong*"),
            ("*not strong", "*not strong"),
            ("*not *strong", "*not *strong"),
            ("**", "**"),
            ("****", "****"),
            // Glossary and span sections.
            ("_emphasized span_", "<i>_emphasized span_</i>"),
            (
                "_emphasized span containing *strong span*_",
                "<i>_emphasized span containing <b>*strong span*</b>_</i>",
            ),
            ("span one *span two*", "span one <b>*span two*</b>"),
            (
                "Everyone ~dis~likes cake.",
                "Everyone <s>~dis~</s>likes cake.",
            ),
            (
                "The full title is _Twelfth Night, or What You Will_ but",
                "The full title is <i>_Twelfth Night, or What You Will_</i> but",
            ),
            (
                "*most* people shorten it.",
                "<b>*most*</b> people shorten it.",
            ),
            ("This is `monospace`", "This is <code>`monospace`</code>"),
            (
                "This is `*monospace*`",
                "This is <code>`*monospace*`</code>",
            ),
            (
                "This is *`monospace and bold`*",
                "This is <b>*<code>`monospace and bold`</code>*</b>",
            ),
            (
                "Wow, I can write in `monospace`!",
                "Wow, I can write in <code>`monospace`</code>!",
            ),
        ] {
            assert_eq!(shown(body), expected, "{body:?}");
        }
    }

    #[test]
    fn matching_is_lazy_and_spans_cannot_overlap() {
        for (body, expected) in [
            // The first possible closing directive wins, even inside what looks like a span.
            ("*a *b* c*", "<b>*a *b*</b> c*"),
            ("*a*b*", "<b>*a*</b>b*"),
            ("*this cannot _overlap*_", "<b>*this cannot _overlap*</b>_"),
            ("*`a*`", "<b>*`a*</b>`"),
            ("*a `b* c`", "<b>*a `b*</b> c`"),
            // A closing directive after whitespace is skipped, not a stop.
            ("*a * b*", "<b>*a * b*</b>"),
            ("a * b * c", "a * b * c"),
        ] {
            assert_eq!(shown(body), expected, "{body:?}");
        }
    }

    #[test]
    fn an_opening_directive_may_follow_a_different_opening_directive() {
        for (body, expected) in [
            ("*_a_*", "<b>*<i>_a_</i>*</b>"),
            ("_*a*_", "<i>_<b>*a*</b>_</i>"),
            ("~_*a*_~", "<s>~<i>_<b>*a*</b>_</i>~</s>"),
            ("*~_`a`_~*", "<b>*<s>~<i>_<code>`a`</code>_</i>~</s>*</b>"),
            (
                "_no pre `with *children*`_",
                "<i>_no pre <code>`with *children*`</code>_</i>",
            ),
            // But not a directive that opened nothing.
            ("~*a*", "~*a*"),
        ] {
            assert_eq!(shown(body), expected, "{body:?}");
        }
    }

    #[test]
    fn a_doubled_directive_opens_nothing() {
        // The second directive is not after whitespace either, so it opens nothing as well.
        for body in [
            "***", "**bold**", "***a***", "__a__", "~~a~~", "``a``", "**a*",
        ] {
            assert_eq!(shown(body), body, "{body:?}");
        }
    }

    #[test]
    fn whitespace_is_unicode_whitespace() {
        // U+3000 IDEOGRAPHIC SPACE before, U+00A0 NO-BREAK SPACE inside.
        assert_eq!(shown("a\u{3000}*b*"), "a\u{3000}<b>*b*</b>");
        assert_eq!(shown("*\u{a0}b*"), "*\u{a0}b*");
        assert_eq!(shown("*b\u{a0}*"), "*b\u{a0}*");
        assert_eq!(shown("a\t_b_"), "a\t<i>_b_</i>");
    }

    #[test]
    fn non_ascii_text_is_kept_whole() {
        assert_eq!(
            shown("*héllo* 😀 _wörld_ `ç`"),
            "<b>*héllo*</b> 😀 <i>_wörld_</i> <code>`ç`</code>"
        );
    }

    #[test]
    fn several_code_spans_on_a_line() {
        assert_eq!(
            parsed("`a` `b` *c*"),
            vec![line(&[
                code("a"),
                plain(" "),
                code("b"),
                plain(" "),
                strong(&[plain("c")]),
            ])]
        );
    }
}
