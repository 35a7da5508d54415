//! Line charts with translucent 95% bands and labelled vertical markers.

use plotters::prelude::*;

use super::ChartError;
use super::canvas::{
    self, AXIS_TITLE_EM, Canvas, Draw, H, HA, INK_MUTED, INK_SOFT, Key, LegendEntry, MARGIN,
    NOTE_EM, PANEL_TITLE_EM, Plot, Rect, VA, W, band_alpha,
};
use super::format::{self, AxisOpts, AxisSpec, NumFmt, finite_extent};
use super::palette::{ColorMap, is_control};

/// One line, optionally with a confidence band.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    /// Legend label; `control` is always drawn in black.
    pub name: String,
    /// (x, y) points in drawing order; non-finite values leave a gap.
    pub points: Vec<(f64, f64)>,
    /// Optional band as (x, lo, hi), e.g. a 95% interval.
    pub band: Option<Vec<(f64, f64, f64)>>,
}

impl Series {
    pub fn new(name: impl Into<String>, points: Vec<(f64, f64)>) -> Self {
        Self {
            name: name.into(),
            points,
            band: None,
        }
    }

    pub fn with_band(mut self, band: Vec<(f64, f64, f64)>) -> Self {
        self.band = Some(band);
        self
    }
}

/// Lines over time (or any x) with optional bands and event markers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineChart {
    pub title: String,
    pub subtitle: Option<String>,
    /// x-axis title including units, e.g. "Months since baseline".
    pub x_label: String,
    /// y-axis title including units, e.g. "Poverty rate (% of households)".
    pub y_label: String,
    pub series: Vec<Series>,
    /// Vertical dashed lines at x with a label, e.g. (36.0, "program ends").
    pub markers: Vec<(f64, String)>,
    /// Start the y axis at zero.
    pub y_min_zero: bool,
    /// y values are fractions; ticks are written as percentages.
    pub percent_y: bool,
}

const MARKER_ROW: f64 = NOTE_EM * 1.5;

/// Legend entries for a set of series (plus a band explanation).
pub(crate) fn legend_entries<'a, I: IntoIterator<Item = &'a Series>>(
    series: I,
    cmap: &ColorMap,
) -> Vec<LegendEntry> {
    let mut out: Vec<LegendEntry> = Vec::new();
    let mut any_band = false;
    for s in series {
        any_band |= s.band.as_ref().is_some_and(|b| !b.is_empty());
        if out.iter().any(|e| e.label == s.name) {
            continue;
        }
        out.push(LegendEntry {
            label: s.name.clone(),
            key: Key::Line {
                color: cmap.color(&s.name),
            },
        });
    }
    if any_band {
        out.push(LegendEntry {
            label: "95% interval".to_string(),
            key: Key::Band {
                color: RGBColor(0x60, 0x60, 0x60),
            },
        });
    }
    out
}

/// Splits `vals` into runs of consecutive items accepted by `ok`.
fn runs<T: Copy>(vals: &[T], ok: impl Fn(&T) -> bool) -> Vec<Vec<T>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for v in vals {
        if ok(v) {
            cur.push(*v);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn x_extent(lc: &LineChart) -> Option<(f64, f64)> {
    let xs = lc
        .series
        .iter()
        .flat_map(|s| {
            s.points
                .iter()
                .filter(|p| p.1.is_finite())
                .map(|p| p.0)
                .chain(s.band.iter().flatten().map(|b| b.0))
        })
        .chain(lc.markers.iter().map(|m| m.0));
    finite_extent(xs)
}

fn y_extent(lc: &LineChart) -> Option<(f64, f64)> {
    let ys = lc.series.iter().flat_map(|s| {
        s.points
            .iter()
            .filter(|p| p.0.is_finite())
            .map(|p| p.1)
            .chain(
                s.band
                    .iter()
                    .flatten()
                    .filter(|b| b.0.is_finite())
                    .flat_map(|b| [b.1, b.2]),
            )
    });
    finite_extent(ys)
}

/// x and y axes of a line chart.
fn axes(lc: &LineChart, compact: bool) -> Result<(AxisSpec, AxisSpec), ChartError> {
    let fmt_y = if lc.percent_y {
        NumFmt::Percent
    } else {
        NumFmt::Auto
    };
    let x_axis = |target_ticks: usize| {
        format::numeric_axis(
            x_extent(lc),
            AxisOpts {
                fmt: NumFmt::Auto,
                target_ticks,
                include_zero: false,
                zero_baseline: false,
                loose: false,
                pad: 0.0,
            },
        )
    };
    let mut x_spec = x_axis(if compact { 6 } else { 8 })?;
    // long tick labels (`150M`, `0.125`) in a narrow panel would run into
    // each other: fewer ticks until they fit the narrowest panel of a grid
    // of three (about 300 px)
    let room = if compact { 300.0 } else { 1100.0 };
    let mut target = if compact { 6 } else { 8 };
    while target > 2
        && x_spec
            .labels
            .iter()
            .map(|l| canvas::measure(l, canvas::TICK_EM) + 14.0)
            .sum::<f64>()
            > room
    {
        target -= 1;
        x_spec = x_axis(target)?;
    }
    let y_spec = format::numeric_axis(
        y_extent(lc),
        AxisOpts {
            fmt: fmt_y,
            target_ticks: if compact { 4 } else { 6 },
            include_zero: lc.y_min_zero,
            zero_baseline: lc.y_min_zero,
            loose: true,
            pad: 0.03,
        },
    )?;
    Ok((x_spec, y_spec))
}

/// Width the y tick labels and title of `lc` need left of its plot.
pub(crate) fn left_gutter(lc: &LineChart, compact: bool) -> Result<f64, ChartError> {
    let (_, y_spec) = axes(lc, compact)?;
    Ok(canvas::left_gutter(&y_spec.labels, Some(&lc.y_label)))
}

/// Draws one line chart into `outer` (a panel of a figure). If
/// `panel_title` is given it is drawn at the top of `outer`.
pub(crate) fn draw_line_panel<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    lc: &LineChart,
    outer: Rect,
    cmap: &ColorMap,
    panel_title: Option<&str>,
    compact: bool,
    min_left_gutter: f64,
) -> Result<(), ChartError> {
    let mut top = outer.y0;
    if let Some(t) = panel_title.filter(|t| !t.is_empty()) {
        let t = canvas::fit_text(t, PANEL_TITLE_EM, outer.w());
        cv.text(
            &t,
            outer.x0,
            top,
            PANEL_TITLE_EM,
            super::canvas::INK,
            HA::Left,
            VA::Top,
        )?;
        top += PANEL_TITLE_EM * 1.6;
    }

    let xs = x_extent(lc);
    let ys = y_extent(lc);
    let (x_spec, y_spec) = axes(lc, compact)?;

    // Marker labels sit in rows above the plot; work out the rows first.
    let markers: Vec<(f64, &str)> = lc
        .markers
        .iter()
        .filter(|m| m.0.is_finite())
        .map(|m| (m.0, m.1.as_str()))
        .collect();

    let y_title = Some(lc.y_label.as_str());
    let x_title = Some(lc.x_label.as_str());
    let left = outer.x0 + canvas::left_gutter(&y_spec.labels, y_title).max(min_left_gutter);
    let last_x_label = x_spec.labels.last().map(String::as_str).unwrap_or("");
    let right = outer.x1 - (canvas::measure(last_x_label, canvas::TICK_EM) / 2.0).max(4.0);
    let bottom = outer.y1 - canvas::bottom_gutter(1, x_title);
    let provisional = Plot {
        r: Rect::new(left, top, right, bottom),
        x: (x_spec.lo, x_spec.hi),
        y: (y_spec.lo, y_spec.hi),
    };
    let placed = place_marker_labels(&provisional, &markers);
    let rows = placed.iter().map(|p| p.row + 1).max().unwrap_or(0);
    let plot_top = top + rows as f64 * MARKER_ROW + if rows > 0 { 4.0 } else { 0.0 };
    let plot = Plot {
        r: Rect::new(left, plot_top, right, bottom),
        ..provisional
    };
    if plot.r.w() < 20.0 || plot.r.h() < 20.0 {
        return Err(ChartError::InvalidData(
            "not enough room for the plot (labels too long?)".to_string(),
        ));
    }

    canvas::draw_y_axis(cv, &plot, &y_spec, true)?;
    canvas::draw_x_axis(cv, &plot, &x_spec, false)?;
    canvas::draw_axis_titles(
        cv,
        &plot,
        x_title,
        outer.y1 - AXIS_TITLE_EM * 1.2,
        y_title,
        outer.x0,
    )?;

    if xs.is_none() || ys.is_none() {
        canvas::draw_no_data(cv, &plot.r)?;
    }

    draw_markers(cv, &plot, &markers, &placed)?;
    draw_series(cv, &plot, lc, cmap, compact)
}

/// Markers: a dashed line through the plot, its label above it.
fn draw_markers<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    plot: &Plot,
    markers: &[(f64, &str)],
    placed: &[PlacedLabel],
) -> Result<(), ChartError> {
    for (i, m) in markers.iter().enumerate() {
        let x = plot.px(m.0);
        let label = placed.iter().find(|p| p.marker == i);
        let y = label.map_or(plot.r.y0, |p| plot.r.y0 - 5.0 - p.row as f64 * MARKER_ROW);
        let line_top = if label.is_some() {
            y - NOTE_EM * 0.75
        } else {
            plot.r.y0
        };
        cv.dashed(
            (x, line_top),
            (x, plot.r.y1),
            INK_SOFT.mix(0.9),
            1.3,
            5.0,
            4.0,
        )?;
        if let Some(pl) = label {
            let (tx, ha) = if pl.left_of_line {
                (x - 4.0, HA::Right)
            } else {
                (x + 4.0, HA::Left)
            };
            cv.text(&pl.text, tx, y, NOTE_EM, INK_MUTED, ha, VA::Baseline)?;
        }
    }

    Ok(())
}

/// Bands first (all of them), then lines, the control on top of the arms.
fn draw_series<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    plot: &Plot,
    lc: &LineChart,
    cmap: &ColorMap,
    compact: bool,
) -> Result<(), ChartError> {
    for s in &lc.series {
        let Some(band) = &s.band else { continue };
        let color = cmap.color(&s.name);
        let fill = color.mix(band_alpha(color));
        let ok = |b: &(f64, f64, f64)| b.0.is_finite() && b.1.is_finite() && b.2.is_finite();
        for run in runs(band, ok) {
            if run.len() < 2 {
                continue;
            }
            let mut poly: Vec<(f64, f64)> =
                run.iter().map(|b| plot.pt(b.0, b.1.max(b.2))).collect();
            poly.extend(run.iter().rev().map(|b| plot.pt(b.0, b.1.min(b.2))));
            cv.polygon(&poly, fill)?;
        }
    }
    // the control last, on top: where an arm coincides with it (a sweep's
    // level at a parameter the program does not touch) it stays visible
    let order = lc
        .series
        .iter()
        .filter(|s| !is_control(&s.name))
        .chain(lc.series.iter().filter(|s| is_control(&s.name)));
    let width = if compact { 2.0 } else { 2.2 };
    for s in order {
        let color = cmap.color(&s.name).to_rgba();
        let ok = |p: &(f64, f64)| p.0.is_finite() && p.1.is_finite();
        for run in runs(&s.points, ok) {
            if run.len() == 1 {
                let (x, y) = plot.pt(run[0].0, run[0].1);
                cv.circle(x, y, 3.5, Some(color), None)?;
            } else {
                let pts: Vec<(f64, f64)> = run.iter().map(|p| plot.pt(p.0, p.1)).collect();
                cv.line(&pts, color, width)?;
            }
        }
    }
    Ok(())
}

struct PlacedLabel {
    /// Index into the markers.
    marker: usize,
    text: String,
    row: usize,
    left_of_line: bool,
}

/// Puts marker labels in rows above the plot (row 0 nearest the plot), each
/// beside its dashed line. A marker's line runs up to its own label, so a
/// placement is refused if the label overlaps another label in its row, or
/// is crossed by another marker's line, or if this marker's line would cross
/// a label placed lower down. Markers are placed right to left, preferring
/// the lowest row and the right side of the line.
fn place_marker_labels(plot: &Plot, markers: &[(f64, &str)]) -> Vec<PlacedLabel> {
    const MAX_ROWS: usize = 4;
    const PAD: f64 = 6.0;
    let n = markers.len();
    let xs: Vec<f64> = markers.iter().map(|m| plot.px(m.0)).collect();
    let mut order: Vec<usize> = (0..n).collect();
    // left to right, each label to the left of its line where it fits (in
    // the lowest free row), so that a later line never has to pass through
    // an earlier label: with several markers (one arm's facilitators leave
    // at 12, another's at 24, the program ends at 36) every label shows
    order.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]));
    // placed: index → (row, x0, x1)
    let mut placed: Vec<Option<(usize, f64, f64)>> = vec![None; n];
    let mut out: Vec<Option<PlacedLabel>> = (0..n).map(|_| None).collect();
    for &i in &order {
        let x = xs[i];
        let text = canvas::fit_text(markers[i].1, NOTE_EM, plot.r.w() * 0.6);
        let w = canvas::measure(&text, NOTE_EM);
        let mut best: Option<(usize, bool, usize)> = None;
        for (row, left) in [true, false]
            .into_iter()
            .flat_map(|left| (0..MAX_ROWS).map(move |row| (row, left)))
        {
            let (a, b) = if left {
                (x - 4.0 - w, x)
            } else {
                (x, x + 4.0 + w)
            };
            let off_plot = (left && a < plot.r.x0 - 40.0) || (!left && b > plot.r.x1 + 10.0);
            let mut conflicts = usize::from(off_plot) * 10;
            for (j, p) in placed.iter().enumerate() {
                let Some((prow, pa, pb)) = *p else { continue };
                // label overlap in the same row
                if prow == row && a < pb + PAD && pa < b + PAD {
                    conflicts += 1;
                }
                // j's line (up to its row) crosses this label
                if prow >= row && xs[j] > a - 2.0 && xs[j] < b + 2.0 {
                    conflicts += 1;
                }
                // this line crosses j's label lower down
                if prow < row && x > pa - 2.0 && x < pb + 2.0 {
                    conflicts += 1;
                }
            }
            if best.is_none_or(|bst| conflicts < bst.2) {
                best = Some((row, left, conflicts));
            }
            if best.is_some_and(|b| b.2 == 0) {
                break;
            }
        }
        let (row, left, conflicts) = best.unwrap_or((0, false, 0));
        if conflicts > 0 {
            // Too crowded: keep the dashed line, leave out the label
            // rather than print over other labels.
            continue;
        }
        let (a, b) = if left {
            (x - 4.0 - w, x)
        } else {
            (x, x + 4.0 + w)
        };
        placed[i] = Some((row, a, b));
        out[i] = Some(PlacedLabel {
            marker: i,
            text,
            row,
            left_of_line: left,
        });
    }
    out.into_iter().flatten().collect()
}

impl Draw for LineChart {
    fn draw<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>) -> Result<(), ChartError> {
        let top = canvas::draw_header(cv, &self.title, self.subtitle.as_deref())?;
        let cmap = ColorMap::from_names(self.series.iter().map(|s| s.name.as_str()));
        let legend = legend_entries(&self.series, &cmap);
        let lw = canvas::legend_width(&legend);
        let legend_x = W - MARGIN - lw;
        let outer = Rect::new(MARGIN, top, legend_x - 28.0, H - MARGIN);
        draw_line_panel(cv, self, outer, &cmap, None, false, 0.0)?;
        canvas::draw_legend(cv, &legend, legend_x, top + 4.0)
    }
}
