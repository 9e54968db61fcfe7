//! Bar charts drawn on the server as inline SVG: this module only computes geometry (pure);
//! the templates emit the elements, so every label and link is escaped by askama like any
//! other text. Each bar segment carries the link to the list it counts.

/// One segment of a stacked bar, before layout.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub value: i64,
    /// CSS class of the segment (its colour).
    pub class: &'static str,
    pub href: String,
    /// Tooltip and accessible name, e.g. "教务处 红灯 3 项".
    pub title: String,
}

/// A laid-out segment.
#[derive(Debug, Clone, PartialEq)]
pub struct Rect {
    pub x: String,
    pub y: String,
    pub width: String,
    pub height: String,
    pub class: &'static str,
    pub href: String,
    pub title: String,
}

/// One bar with its label.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub label_x: String,
    pub label_y: String,
    pub total: i64,
    pub total_x: String,
    pub total_y: String,
    pub rects: Vec<Rect>,
}

/// A chart ready for a template: `width` × `height` user units.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// "rows" or "columns", for the stylesheet.
    pub kind: &'static str,
    pub width: u32,
    pub height: u32,
    pub bars: Vec<Bar>,
}

/// Horizontal bars, one row per entry, labels on the left, totals on the right.
const ROW_HEIGHT: f64 = 22.0;
const ROW_BAR: f64 = 14.0;
const ROW_LABEL_WIDTH: f64 = 150.0;
const ROW_BAR_WIDTH: f64 = 480.0;
const ROW_TOTAL_WIDTH: f64 = 50.0;

/// Vertical columns, labels underneath, totals on top.
const COLUMN_WIDTH: f64 = 48.0;
const COLUMN_BAR: f64 = 30.0;
const COLUMN_HEIGHT: f64 = 160.0;
const COLUMN_TOP: f64 = 18.0;
const COLUMN_LABEL: f64 = 20.0;

/// Stacked horizontal bars scaled to the largest total.
///
/// ```
/// use duban::web::charts::{rows, Part};
/// let part = |value| Part { value, class: "red", href: String::new(), title: String::new() };
/// let chart = rows(vec![("甲".into(), vec![part(2), part(2)]), ("乙".into(), vec![part(1)])]);
/// assert_eq!(chart.bars[0].rects[1].x, "390.0");
/// assert_eq!(chart.bars[1].rects[0].width, "120.0");
/// ```
pub fn rows(entries: Vec<(String, Vec<Part>)>) -> Chart {
    let scale = ROW_BAR_WIDTH / max_total(&entries);
    let bars = entries
        .into_iter()
        .enumerate()
        .map(|(n, (label, parts))| {
            let top = n as f64 * ROW_HEIGHT;
            let mut x = ROW_LABEL_WIDTH;
            let total = parts.iter().map(|p| p.value).sum();
            let rects = parts
                .into_iter()
                .filter(|p| p.value > 0)
                .map(|p| {
                    let width = p.value as f64 * scale;
                    let rect = rect(x, top + (ROW_HEIGHT - ROW_BAR) / 2.0, width, ROW_BAR, p);
                    x += width;
                    rect
                })
                .collect();
            Bar {
                label,
                label_x: num(ROW_LABEL_WIDTH - 6.0),
                label_y: num(top + ROW_HEIGHT / 2.0 + 4.0),
                total,
                total_x: num(x + 4.0),
                total_y: num(top + ROW_HEIGHT / 2.0 + 4.0),
                rects,
            }
        })
        .collect::<Vec<_>>();
    Chart {
        kind: "rows",
        width: (ROW_LABEL_WIDTH + ROW_BAR_WIDTH + ROW_TOTAL_WIDTH) as u32,
        height: (bars.len() as f64 * ROW_HEIGHT).max(ROW_HEIGHT) as u32,
        bars,
    }
}

/// Stacked vertical columns scaled to the largest total; the first part sits at the bottom.
///
/// ```
/// use duban::web::charts::{columns, Part};
/// let part = |value| Part { value, class: "done", href: String::new(), title: String::new() };
/// let chart = columns(vec![("11/16".into(), vec![part(4)]), ("11/23".into(), vec![part(0)])]);
/// assert_eq!(chart.bars[0].rects[0].height, "160.0");
/// assert!(chart.bars[1].rects.is_empty());
/// ```
pub fn columns(entries: Vec<(String, Vec<Part>)>) -> Chart {
    let scale = COLUMN_HEIGHT / max_total(&entries);
    let baseline = COLUMN_TOP + COLUMN_HEIGHT;
    let bars = entries
        .into_iter()
        .enumerate()
        .map(|(n, (label, parts))| {
            let left = n as f64 * COLUMN_WIDTH;
            let x = left + (COLUMN_WIDTH - COLUMN_BAR) / 2.0;
            let mut y = baseline;
            let total = parts.iter().map(|p| p.value).sum();
            let rects = parts
                .into_iter()
                .filter(|p| p.value > 0)
                .map(|p| {
                    let height = p.value as f64 * scale;
                    y -= height;
                    rect(x, y, COLUMN_BAR, height, p)
                })
                .collect();
            Bar {
                label,
                label_x: num(left + COLUMN_WIDTH / 2.0),
                label_y: num(baseline + COLUMN_LABEL - 4.0),
                total,
                total_x: num(left + COLUMN_WIDTH / 2.0),
                total_y: num(y - 4.0),
                rects,
            }
        })
        .collect::<Vec<_>>();
    Chart {
        kind: "columns",
        width: (bars.len() as f64 * COLUMN_WIDTH).max(COLUMN_WIDTH) as u32,
        height: (baseline + COLUMN_LABEL) as u32,
        bars,
    }
}

/// The largest total, at least 1 so that an empty chart does not divide by zero.
fn max_total(entries: &[(String, Vec<Part>)]) -> f64 {
    entries
        .iter()
        .map(|(_, parts)| parts.iter().map(|p| p.value).sum::<i64>())
        .max()
        .unwrap_or(0)
        .max(1) as f64
}

fn rect(x: f64, y: f64, width: f64, height: f64, p: Part) -> Rect {
    Rect {
        x: num(x),
        y: num(y),
        width: num(width),
        height: num(height),
        class: p.class,
        href: p.href,
        title: p.title,
    }
}

/// SVG coordinates with one decimal: enough for a screen, short in the page.
fn num(v: f64) -> String {
    format!("{v:.1}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(value: i64, class: &'static str) -> Part {
        Part {
            value,
            class,
            href: format!("/ledger?light={class}"),
            title: format!("{class} {value}"),
        }
    }

    #[test]
    fn the_longest_row_fills_the_bar_area_and_segments_follow_each_other() {
        let chart = rows(vec![
            ("教务处".into(), vec![part(3, "red"), part(1, "green")]),
            ("后勤管理处".into(), vec![part(2, "yellow")]),
        ]);
        let first = &chart.bars[0];
        assert_eq!(first.total, 4);
        assert_eq!(first.rects[0].x, "150.0");
        assert_eq!(first.rects[0].width, "360.0");
        assert_eq!(first.rects[1].x, "510.0");
        assert_eq!(first.rects[1].width, "120.0");
        assert_eq!(first.rects[1].href, "/ledger?light=green");
        assert_eq!(chart.bars[1].rects[0].width, "240.0");
        assert_eq!(chart.bars[1].label_y, "37.0");
        assert_eq!(chart.height, 44);
    }

    #[test]
    fn empty_segments_are_not_drawn_and_an_empty_chart_still_has_a_size() {
        let chart = rows(vec![(
            "教务处".into(),
            vec![part(0, "red"), part(2, "green")],
        )]);
        assert_eq!(chart.bars[0].rects.len(), 1);
        assert_eq!(chart.bars[0].rects[0].class, "green");
        let empty = rows(vec![]);
        assert!(empty.bars.is_empty() && empty.height > 0 && empty.width > 0);
        let zeros = columns(vec![("11/23".into(), vec![part(0, "done")])]);
        assert!(zeros.bars[0].rects.is_empty());
        assert_eq!(zeros.bars[0].total, 0);
    }

    #[test]
    fn columns_stack_upwards_from_the_baseline() {
        let chart = columns(vec![
            ("11/09".into(), vec![part(1, "done"), part(1, "red")]),
            ("11/16".into(), vec![part(1, "done")]),
        ]);
        let first = &chart.bars[0];
        assert_eq!(
            (first.rects[0].y.as_str(), first.rects[0].height.as_str()),
            ("98.0", "80.0")
        );
        assert_eq!(
            (first.rects[1].y.as_str(), first.rects[1].height.as_str()),
            ("18.0", "80.0")
        );
        assert_eq!(first.total_y, "14.0");
        assert_eq!(chart.bars[1].rects[0].x, "57.0");
        assert_eq!(chart.bars[1].label_x, "72.0");
    }
}
