//! Which messages of a conversation are in the page: a window of rows over the whole list, so
//! a conversation of thousands costs what a screenful does. While the reader follows the newest
//! the window holds the last [`WINDOW`] or so; reading back reveals older rows a [`PAGE`] at a
//! time (then the archive is asked) and drops the newest ones below, and reading forward again
//! does the opposite, so the page never holds more than [`MAX_ROWS`].
//!
//! Plain arithmetic on counts, so the rules are tested without a browser; the chat pane applies
//! them and keeps the scroll position where the reader was.

use std::ops::Range;

/// Rows kept while the view follows the newest.
pub const WINDOW: usize = 150;
/// How far past [`WINDOW`] the rows may grow before the oldest are dropped (in one go, not one
/// per new message).
pub const SLACK: usize = 50;
/// Rows revealed per step when the reader reaches either end of the window.
pub const PAGE: usize = 100;
/// The most rows in the page while reading back.
pub const MAX_ROWS: usize = 300;

/// The window, as the number of messages hidden on each side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MessageWindow {
    /// Older messages hidden above the first row.
    pub before: usize,
    /// Newer messages hidden below the last row (only while reading far back).
    pub after: usize,
}

impl MessageWindow {
    /// The window over the newest messages of a conversation of `total`.
    pub fn newest(total: usize) -> MessageWindow {
        MessageWindow {
            before: total.saturating_sub(WINDOW),
            after: 0,
        }
    }

    /// The messages in the page, as indices into the conversation of `total`.
    pub fn range(&self, total: usize) -> Range<usize> {
        let end = total.saturating_sub(self.after);
        self.before.min(end)..end
    }

    /// How many rows are in the page.
    pub fn shown(&self, total: usize) -> usize {
        self.range(total).len()
    }

    /// `added` messages arrived at the end. Following the newest, they show and the oldest
    /// rows go once there are too many; returns how many rows left the top. Reading further
    /// back, they stay hidden below while the window is already cut short there (or would
    /// grow past [`MAX_ROWS`]).
    pub fn appended(&mut self, added: usize, total: usize, following: bool) -> usize {
        if following {
            self.after = 0;
            if self.shown(total) > WINDOW + SLACK {
                let dropped = total - WINDOW - self.before;
                self.before = total - WINDOW;
                return dropped;
            }
            return 0;
        }
        if self.after > 0 {
            self.after += added;
        } else {
            let excess = self.shown(total).saturating_sub(MAX_ROWS);
            self.after += excess.min(added);
        }
        0
    }

    /// Older messages were put in front (an archive page): they show at the top, and the
    /// newest rows go below if the page would grow past [`MAX_ROWS`].
    pub fn prepended(&mut self, total: usize) {
        self.trim_bottom(total);
    }

    /// The reader reached the top: reveals up to a [`PAGE`] of older hidden rows (trimming the
    /// bottom to stay within [`MAX_ROWS`]); `false` when none are hidden (ask the archive).
    pub fn reveal_older(&mut self, total: usize) -> bool {
        if self.before == 0 {
            return false;
        }
        self.before = self.before.saturating_sub(PAGE);
        self.trim_bottom(total);
        true
    }

    /// The reader reached the bottom: reveals up to a [`PAGE`] of newer hidden rows. Returns
    /// how many rows then leave the top (their height is what the scroll position loses), or
    /// `None` when nothing was hidden below.
    pub fn reveal_newer(&mut self, total: usize) -> Option<usize> {
        if self.after == 0 {
            return None;
        }
        self.after = self.after.saturating_sub(PAGE);
        let excess = self.shown(total).saturating_sub(MAX_ROWS);
        self.before += excess;
        Some(excess)
    }

    /// Whether newer messages are hidden below (the view cannot be following).
    pub fn cut_below(&self) -> bool {
        self.after > 0
    }

    fn trim_bottom(&mut self, total: usize) {
        let excess = self.shown(total).saturating_sub(MAX_ROWS);
        self.after += excess;
    }
}
