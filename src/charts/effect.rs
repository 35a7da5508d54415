//! Dot-and-whisker (forest) plots of treatment effects, in panels.

use plotters::prelude::*;

use super::ChartError;
use super::canvas::{
    self, Canvas, Draw, H, HA, INK, INK_MUTED, MARGIN, PANEL_TITLE_EM, Plot, Rect, TICK_EM,
    TICK_GAP, VA, W,
};
use super::format::{self, AxisOpts, AxisSpec, NumFmt, finite_extent};
use super::palette::ColorMap;

/// One estimate with its confidence interval.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EffectRow {
    /// Row label (the arm); also decides the colour.
    pub label: String,
    pub estimate: f64,
    /// Lower and upper ends of the (95%) interval.
    pub lo: f64,
    pub hi: f64,
    /// A second, wider interval drawn as a pale band behind the first (the
    /// model-uncertainty interval over parameter draws); `None` draws none.
    pub outer: Option<(f64, f64)>,
}

/// One panel: one outcome (and time point), rows are arms.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EffectPanel {
    /// Panel title, e.g. "Poverty rate, month 36".
    pub title: String,
    /// x-axis title with units, e.g. "Effect vs control (pp)".
    pub unit_label: String,
    pub rows: Vec<EffectRow>,
}

/// Forest plot: panels side by side or in a grid, a zero line in each,
/// arms on the y axis (top to bottom in the order given).
///
/// Filled dots mark intervals that exclude zero, hollow dots intervals that
/// include it. When every panel lists the same arms in the same order the
/// arm labels are drawn once per grid row. Panels in the same grid column
/// with the same `unit_label` share their x range, so e.g. a column per
/// outcome and a row per time point compare directly.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EffectChart {
    pub title: String,
    pub subtitle: Option<String>,
    pub panels: Vec<EffectPanel>,
    /// Panels per grid row; `None` picks up to 3.
    pub columns: Option<usize>,
    /// The footnote saying what dots and lines are; `None` gives the
    /// default (95% confidence intervals, filled when they exclude zero).
    pub note: Option<String>,
}

const COL_GAP: f64 = 30.0;
const ROW_GAP: f64 = 26.0;
const LABEL_MAX: f64 = 200.0;

fn panel_extent(p: &EffectPanel) -> Option<(f64, f64)> {
    finite_extent(p.rows.iter().flat_map(|r| {
        let (a, b) = r.outer.unwrap_or((f64::NAN, f64::NAN));
        [r.estimate, r.lo, r.hi, a, b]
    }))
}

fn merge(a: Option<(f64, f64)>, b: Option<(f64, f64)>) -> Option<(f64, f64)> {
    match (a, b) {
        (Some(a), Some(b)) => Some((a.0.min(b.0), a.1.max(b.1))),
        (a, None) => a,
        (None, b) => b,
    }
}

pub(crate) fn grid_shape(n: usize, columns: Option<usize>) -> (usize, usize) {
    let n = n.max(1);
    let cols = match columns {
        Some(c) => c.clamp(1, n),
        None if n == 4 => 2,
        None => n.min(3),
    };
    (cols, n.div_ceil(cols))
}

impl Draw for EffectChart {
    fn draw<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>) -> Result<(), ChartError> {
        let top = canvas::draw_header(cv, &self.title, self.subtitle.as_deref())?;
        let note = self.note.as_deref().unwrap_or(
            "Dots: point estimates; lines: 95% confidence intervals. \
                    Filled dots: interval excludes zero; hollow dots: interval includes zero.",
        );
        let foot = canvas::footnote_height(Some(note));
        canvas::draw_footnote(cv, Some(note))?;

        if self.panels.is_empty() {
            return canvas::draw_no_data(cv, &Rect::new(MARGIN, top, W - MARGIN, H - MARGIN));
        }
        let cmap = ColorMap::from_names(
            self.panels
                .iter()
                .flat_map(|p| p.rows.iter().map(|r| r.label.as_str())),
        );
        let n = self.panels.len();
        let (cols, rows) = grid_shape(n, self.columns);

        let labels_of =
            |p: &EffectPanel| p.rows.iter().map(|r| r.label.clone()).collect::<Vec<_>>();
        let shared_labels = self
            .panels
            .windows(2)
            .all(|w| labels_of(&w[0]) == labels_of(&w[1]));
        let label_w = self
            .panels
            .iter()
            .flat_map(|p| p.rows.iter())
            .map(|r| canvas::measure(&r.label, TICK_EM).min(LABEL_MAX))
            .fold(0.0, f64::max)
            + TICK_GAP
            + 4.0;

        let total_w = W - 2.0 * MARGIN - if shared_labels { label_w } else { 0.0 };
        let cell_w = (total_w - (cols - 1) as f64 * COL_GAP) / cols as f64;
        let total_h = H - MARGIN - foot - top;
        let cell_h = (total_h - (rows - 1) as f64 * ROW_GAP) / rows as f64;
        let own_label_w = if shared_labels { 0.0 } else { label_w };
        if cell_w - own_label_w < 60.0 || cell_h < 60.0 {
            return Err(ChartError::InvalidData(format!(
                "{n} panels in {cols} columns leave no room to draw"
            )));
        }

        // Shared x ranges per (column, unit label).
        let extents: Vec<Option<(f64, f64)>> = self
            .panels
            .iter()
            .enumerate()
            .map(|(i, pi)| {
                self.panels
                    .iter()
                    .enumerate()
                    .filter(|(j, pj)| j % cols == i % cols && pj.unit_label == pi.unit_label)
                    .fold(None, |acc, (_, pj)| merge(acc, panel_extent(pj)))
            })
            .collect();

        for (i, panel) in self.panels.iter().enumerate() {
            let (c, r) = (i % cols, i / cols);
            let x0 =
                MARGIN + if shared_labels { label_w } else { 0.0 } + c as f64 * (cell_w + COL_GAP);
            let y0 = top + r as f64 * (cell_h + ROW_GAP);
            let cell = Rect::new(x0, y0, x0 + cell_w, y0 + cell_h);
            let draw_labels = !shared_labels || c == 0;
            let x_spec = format::numeric_axis(
                extents[i],
                AxisOpts {
                    fmt: NumFmt::Auto,
                    target_ticks: if cell_w < 320.0 { 4 } else { 6 },
                    include_zero: true,
                    zero_baseline: false,
                    loose: false,
                    pad: 0.08,
                },
            )?;
            draw_panel(cv, panel, cell, own_label_w, draw_labels, &x_spec, &cmap)?;
        }
        Ok(())
    }
}

fn draw_panel<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    panel: &EffectPanel,
    cell: Rect,
    own_label_w: f64,
    draw_labels: bool,
    x_spec: &AxisSpec,
    cmap: &ColorMap,
) -> Result<(), ChartError> {
    let plot_x0 = cell.x0 + own_label_w;
    let title = canvas::fit_text(&panel.title, PANEL_TITLE_EM, cell.x1 - plot_x0);
    cv.text(
        &title,
        plot_x0,
        cell.y0,
        PANEL_TITLE_EM,
        INK,
        HA::Left,
        VA::Top,
    )?;
    let top = cell.y0 + PANEL_TITLE_EM * 1.7;
    let bottom = cell.y1 - canvas::bottom_gutter(1, Some(&panel.unit_label));
    // keep the last tick label inside the cell
    let last = x_spec.labels.last().map(String::as_str).unwrap_or("");
    let right = cell.x1 - (canvas::measure(last, TICK_EM) / 2.0).max(4.0);
    let n_rows = panel.rows.len().max(1);
    let plot = Plot {
        r: Rect::new(plot_x0, top, right, bottom),
        x: (x_spec.lo, x_spec.hi),
        // row i is centred at n-1-i; half a row of room at both ends
        y: (-0.5, n_rows as f64 - 0.5),
    };
    let row_h = plot.r.h() / n_rows as f64;

    // zebra stripes help the eye follow a row across panels
    for i in (0..panel.rows.len()).step_by(2) {
        let yc = plot.py((n_rows - 1 - i) as f64);
        cv.fill_rect(
            Rect::new(plot.r.x0, yc - row_h / 2.0, plot.r.x1, yc + row_h / 2.0),
            RGBColor(0xF3, 0xF3, 0xF3).to_rgba(),
        )?;
    }
    canvas::draw_x_axis(cv, &plot, x_spec, true)?;
    let x_title_top = cell.y1 - canvas::AXIS_TITLE_EM * 1.2;
    canvas::draw_axis_titles(cv, &plot, Some(&panel.unit_label), x_title_top, None, 0.0)?;
    // zero line
    let zx = plot.px(0.0);
    cv.line(
        &[(zx, plot.r.y0), (zx, plot.r.y1)],
        RGBColor(0x40, 0x40, 0x40).to_rgba(),
        1.2,
    )?;

    if panel.rows.is_empty() {
        return canvas::draw_no_data(cv, &plot.r);
    }
    // Shrink row labels when rows get tight (many panels in a column).
    let label_em = (row_h / 1.3).clamp(7.0, TICK_EM);
    let dot_r = (row_h * 0.22).clamp(2.5, 6.0);
    let cap = (row_h * 0.2).clamp(3.0, 6.0);
    let style = RowStyle {
        label_em,
        dot_r,
        cap,
        zero_x: zx,
    };
    for (i, row) in panel.rows.iter().enumerate() {
        let yc = plot.py((n_rows - 1 - i) as f64);
        draw_row(cv, &plot, row, yc, &style, draw_labels, cmap)?;
    }
    Ok(())
}

/// Sizes of one panel's rows, and where its zero line is.
struct RowStyle {
    label_em: f64,
    dot_r: f64,
    cap: f64,
    zero_x: f64,
}

/// One row: its label, the interval with caps, and the estimate (filled
/// when the interval excludes zero), or "n/a".
fn draw_row<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    plot: &Plot,
    row: &EffectRow,
    yc: f64,
    style: &RowStyle,
    draw_labels: bool,
    cmap: &ColorMap,
) -> Result<(), ChartError> {
    let RowStyle {
        label_em,
        dot_r,
        cap,
        zero_x: zx,
    } = *style;
    if draw_labels {
        let label = canvas::fit_text(&row.label, label_em, LABEL_MAX);
        cv.text(
            &label,
            plot.r.x0 - TICK_GAP,
            yc,
            label_em,
            INK,
            HA::Right,
            VA::Middle,
        )?;
    }
    let color = cmap.color(&row.label).to_rgba();
    let (lo, hi) = if row.lo <= row.hi {
        (row.lo, row.hi)
    } else {
        (row.hi, row.lo)
    };
    let have_ci = lo.is_finite() && hi.is_finite();
    if let Some((a, b)) = row.outer.filter(|(a, b)| a.is_finite() && b.is_finite()) {
        let (a, b) = (plot.px(a.min(b)), plot.px(a.max(b)));
        let pale = RGBAColor(color.0, color.1, color.2, 0.28);
        cv.fill_rect(Rect::new(a, yc - cap * 1.6, b, yc + cap * 1.6), pale)?;
    }
    if have_ci {
        let (a, b) = (plot.px(lo), plot.px(hi));
        cv.line(&[(a, yc), (b, yc)], color, 2.4)?;
        cv.line(&[(a, yc - cap), (a, yc + cap)], color, 1.8)?;
        cv.line(&[(b, yc - cap), (b, yc + cap)], color, 1.8)?;
    }
    if row.estimate.is_finite() {
        let x = plot.px(row.estimate);
        let excludes_zero = have_ci && (lo > 0.0 || hi < 0.0);
        if excludes_zero || !have_ci {
            cv.circle(x, yc, dot_r, Some(color), None)?;
        } else {
            cv.circle(x, yc, dot_r, Some(WHITE.to_rgba()), Some((color, 2.2)))?;
        }
    } else if !have_ci {
        // beside the zero line, on the side with more room
        let (tx, ha) = if zx > (plot.r.x0 + plot.r.x1) / 2.0 {
            (zx - 6.0, HA::Right)
        } else {
            (zx + 6.0, HA::Left)
        };
        cv.text("n/a", tx, yc, TICK_EM, INK_MUTED, ha, VA::Middle)?;
    }
    Ok(())
}
