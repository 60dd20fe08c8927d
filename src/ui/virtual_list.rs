//! A virtualized list: only the rows the scrolled viewport shows (and some above and below) are
//! in the DOM, so a list of 10,000 costs what a screenful does. Each row has a height known
//! from its data (whole CSS pixels, which the stylesheet gives the row too); the list is as
//! tall as all of them, padded at the top up to the first row rendered.
//!
//! Used by the roster (`ui/roster/`) and by a room's occupants (`ui/room/occupant_list.rs`).
//! The arithmetic ([`row_offsets`], [`visible_rows`]) is plain and tested without a DOM.

use std::hash::Hash;
use std::ops::Range;

use leptos::html;
use leptos::prelude::*;

/// Extra pixels of rows rendered above and below the viewport, so scrolling shows no gap.
pub const OVERSCAN_PX: f64 = 400.0;

/// Where each row starts (CSS pixels from the top of the list), plus the total height last.
pub fn row_offsets<T>(rows: &[T], height: impl Fn(&T) -> f64) -> Vec<f64> {
    let mut offsets = Vec::with_capacity(rows.len() + 1);
    let mut top = 0.0;
    for row in rows {
        offsets.push(top);
        top += height(row);
    }
    offsets.push(top);
    offsets
}

/// The rows a viewport of `height` pixels scrolled to `scroll_top` shows, with `overscan`
/// pixels more on each side so fast scrolling does not flash empty space.
pub fn visible_rows(offsets: &[f64], scroll_top: f64, height: f64, overscan: f64) -> Range<usize> {
    let rows = offsets.len().saturating_sub(1);
    let top = (scroll_top - overscan).max(0.0);
    let bottom = scroll_top + height + overscan;
    // The first row ending below `top`, the first row starting at or below `bottom`.
    let start = offsets[1..].partition_point(|&end| end <= top).min(rows);
    let end = offsets[..rows]
        .partition_point(|&begin| begin < bottom)
        .max(start);
    start..end
}

/// A virtual list's scroll position, which its owner may move (a new filter starts at the
/// top). Cheap to copy, like a signal.
#[derive(Clone, Copy)]
pub struct VirtualScroll {
    scroller: NodeRef<html::Div>,
    scroll_top: RwSignal<f64>,
    viewport_height: RwSignal<f64>,
}

impl Default for VirtualScroll {
    fn default() -> Self {
        Self::new()
    }
}

impl VirtualScroll {
    /// At the top, with a guess of the viewport's height until it is measured.
    pub fn new() -> VirtualScroll {
        VirtualScroll {
            scroller: NodeRef::new(),
            scroll_top: RwSignal::new(0.0),
            viewport_height: RwSignal::new(1000.0),
        }
    }

    /// Scrolls the list back to its first row.
    pub fn to_top(&self) {
        if let Some(element) = self.scroller.get_untracked() {
            element.set_scroll_top(0);
        }
        self.scroll_top.set(0.0);
    }

    /// Reads the scroll position and the viewport's height from the scroller.
    fn measure(&self) {
        if let Some(element) = self.scroller.get_untracked() {
            let top = f64::from(element.scroll_top());
            if top != self.scroll_top.get_untracked() {
                self.scroll_top.set(top);
            }
            let height = f64::from(element.client_height());
            if height > 0.0 && height != self.viewport_height.get_untracked() {
                self.viewport_height.set(height);
            }
        }
    }
}

/// The rows of `rows` in view, inside a scroller of class `class` around a `<ul>` of class
/// `list_class` labelled `label`. `height` gives each row's height (the stylesheet must say
/// the same), `key` its identity for keyed rendering, `row` its view.
#[component]
pub fn VirtualList<T, K, KF, VF, V>(
    /// Every row, in order.
    #[prop(into)]
    rows: Signal<Vec<T>>,
    /// A row's height in whole CSS pixels.
    height: fn(&T) -> f64,
    /// A row's identity: a row is rebuilt only when its key changes.
    key: KF,
    /// A row's view.
    row: VF,
    /// The scroller's class (its height comes from the stylesheet).
    class: &'static str,
    /// The list's class.
    list_class: &'static str,
    /// The list's accessible name.
    label: &'static str,
    /// The scroll position, when the owner wants to move it.
    #[prop(optional)]
    scroll: Option<VirtualScroll>,
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
    K: Eq + Hash + Send + Sync + 'static,
    KF: Fn(&T) -> K + Clone + Send + Sync + 'static,
    VF: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let scroll = scroll.unwrap_or_default();
    let offsets = Memo::new(move |_| rows.with(|rows| row_offsets(rows, height)));
    let measure = move || scroll.measure();
    request_animation_frame(measure);
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    let range = Memo::new(move |_| {
        offsets.with(|o| {
            visible_rows(
                o,
                scroll.scroll_top.get(),
                scroll.viewport_height.get(),
                OVERSCAN_PX,
            )
        })
    });
    let in_view = Memo::new(move |_| {
        let range = range.get();
        rows.with(|rows| rows.get(range).map(<[T]>::to_vec).unwrap_or_default())
    });
    // Whole pixels: rows are whole pixels high, and integer formatting keeps the float
    // formatter out of the wasm (about 11 KB).
    let padding_top = move || {
        let first = range.get().start;
        format!(
            "{}px",
            offsets.with(|o| o.get(first).copied().unwrap_or(0.0)) as i64
        )
    };
    let total_height = move || {
        format!(
            "{}px",
            offsets.with(|o| o.last().copied().unwrap_or(0.0)) as i64
        )
    };
    view! {
        <div class=class node_ref=scroll.scroller on:scroll=move |_| measure()>
            <ul class=list_class role="list" aria-label=label
                style:height=total_height style:padding-top=padding_top>
                <For each=move || in_view.get() key=key children=row/>
            </ul>
        </div>
    }
}
