//! Heat maps: one output over a grid of two parameters, a coloured cell per
//! combination of their levels, a colour bar with its scale and unit, and
//! the cell values printed in the cells when the grid is small enough.
//!
//! Palettes (both colour-blind-safe): a *sequential* one, viridis (van der
//! Walt & Smith 2015, perceptually uniform and readable with every common
//! colour-vision deficiency and in greyscale), light for low values and
//! dark for high; and a *diverging* one, ColorBrewer's PuOr (Brewer 2003,
//! marked colour-blind-safe there), centred on zero: orange below, white at
//! zero, purple above. The diverging palette is for outputs with a natural
//! zero, such as an effect against control, where the first question is the
//! sign. Orange and purple carry no "good"/"bad" meaning, which matters
//! because a negative effect is good for poverty and bad for consumption.
//!
//! Cell text is dark or white, whichever contrasts more with the cell's
//! colour (WCAG 2 contrast ratio).

use plotters::prelude::*;

use super::ChartError;
use super::canvas::{
    self, AXIS, Canvas, Draw, GRID, H, HA, INK, INK_MUTED, INK_SOFT, LEGEND_EM, MARGIN, NOTE_EM,
    Rect, TICK_EM, TICK_GAP, VA, W,
};
use super::format::{self, AxisOpts, NumFmt, finite_extent};

/// Largest grid (columns and rows) whose cells get their values printed.
pub const MAX_LABELLED: usize = 12;

/// A heat map of one output over two parameters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HeatmapChart {
    pub title: String,
    pub subtitle: Option<String>,
    /// Title of the x axis (the first parameter's name).
    pub x_label: String,
    /// Title of the y axis (the second parameter's name).
    pub y_label: String,
    /// Tick labels of the columns, left to right.
    pub x_levels: Vec<String>,
    /// Tick labels of the rows, bottom to top.
    pub y_levels: Vec<String>,
    /// `values[row][col]`, row 0 at the bottom; non-finite = no value
    /// (drawn as an empty cell marked "n/a").
    pub values: Vec<Vec<f64>>,
    /// Title of the colour bar: what the colour measures, with its unit.
    pub scale_label: String,
    /// Values are fractions shown as percentages (0.234 → 23.4%).
    pub percent: bool,
    /// Diverging palette centred on zero (for outputs with a natural zero);
    /// otherwise sequential from the smallest to the largest value.
    pub diverging: bool,
    /// Footnote (what a cell is); the palette's description is appended.
    pub note: Option<String>,
}

/// Viridis at ten evenly spaced points (0 → 1), as matplotlib and R's
/// `viridisLite::viridis(10)` give it.
const VIRIDIS: [(u8, u8, u8); 10] = [
    (0x44, 0x01, 0x54),
    (0x48, 0x28, 0x78),
    (0x3E, 0x4A, 0x89),
    (0x31, 0x68, 0x8E),
    (0x26, 0x82, 0x8E),
    (0x1F, 0x9E, 0x89),
    (0x35, 0xB7, 0x79),
    (0x6D, 0xCD, 0x59),
    (0xB4, 0xDE, 0x2C),
    (0xFD, 0xE7, 0x25),
];

/// ColorBrewer PuOr, 11 classes, from dark orange (most negative) through
/// near-white (zero) to dark purple (most positive).
const PUOR: [(u8, u8, u8); 11] = [
    (0x7F, 0x3B, 0x08),
    (0xB3, 0x58, 0x06),
    (0xE0, 0x82, 0x14),
    (0xFD, 0xB8, 0x63),
    (0xFE, 0xE0, 0xB6),
    (0xF7, 0xF7, 0xF7),
    (0xD8, 0xDA, 0xEB),
    (0xB2, 0xAB, 0xD2),
    (0x80, 0x73, 0xAC),
    (0x54, 0x27, 0x88),
    (0x2D, 0x00, 0x4B),
];

/// Linear interpolation between evenly spaced anchors at `t` in [0, 1].
fn ramp(anchors: &[(u8, u8, u8)], t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.5
    };
    let pos = t * (anchors.len() - 1) as f64;
    let i = (pos.floor() as usize).min(anchors.len() - 2);
    let f = pos - i as f64;
    let (a, b) = (anchors[i], anchors[i + 1]);
    let mix = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Sequential colour at `t` in [0, 1]: viridis reversed, so that low is
/// light (yellow) and high is dark (purple).
pub(crate) fn sequential(t: f64) -> RGBColor {
    ramp(&VIRIDIS, 1.0 - t)
}

/// Diverging colour at `t` in [0, 1], 0.5 being zero.
pub(crate) fn diverging(t: f64) -> RGBColor {
    ramp(&PUOR, t)
}

/// WCAG 2 relative luminance.
fn luminance(c: RGBColor) -> f64 {
    let lin = |v: u8| {
        let s = v as f64 / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

/// WCAG 2 contrast ratio of two colours (1 to 21).
pub(crate) fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Text colour for a cell: dark ink or white, whichever contrasts more.
pub(crate) fn text_on(fill: RGBColor) -> RGBColor {
    if contrast(fill, INK) >= contrast(fill, WHITE) {
        INK
    } else {
        WHITE
    }
}

/// The colour scale: maps a value to a colour.
#[derive(Debug, Clone, Copy)]
struct Scale {
    lo: f64,
    hi: f64,
    diverging: bool,
}

impl Scale {
    fn t(&self, v: f64) -> f64 {
        if self.hi > self.lo {
            (v - self.lo) / (self.hi - self.lo)
        } else {
            0.5
        }
    }
    fn color(&self, v: f64) -> RGBColor {
        if self.diverging {
            diverging(self.t(v))
        } else {
            sequential(self.t(v))
        }
    }
}

/// How the cell values are written: the unit suffix (k, M, bn) and the
/// decimals are shared by all cells, so that they line up and compare.
#[derive(Debug, Clone, Copy)]
struct CellFmt {
    percent: bool,
    unit: f64,
    suffix: &'static str,
    decimals: usize,
    signed: bool,
}

impl CellFmt {
    fn new(values: &[f64], percent: bool, signed: bool) -> Self {
        let ext = finite_extent(values.iter().copied()).unwrap_or((0.0, 0.0));
        let k = if percent { 100.0 } else { 1.0 };
        let max = ext.0.abs().max(ext.1.abs()) * k;
        let (unit, suffix) = if percent {
            (1.0, "%")
        } else {
            format::magnitude(max)
        };
        let a = max / unit;
        // three significant digits of the largest value …
        let sig = if a >= 100.0 || a == 0.0 {
            0
        } else if a >= 10.0 {
            1
        } else if a >= 1.0 {
            2
        } else {
            (2 - a.log10().floor() as i32).max(0) as usize
        };
        // … and enough to tell the cells apart (a quarter of the spread)
        let spread = (ext.1 - ext.0) * k / unit;
        let tell = if spread > 0.0 {
            (-(spread / 4.0).log10()).ceil().max(0.0) as usize
        } else {
            0
        };
        CellFmt {
            percent,
            unit,
            suffix,
            decimals: sig.max(tell).min(4),
            signed,
        }
    }

    fn label(&self, v: f64) -> String {
        if !v.is_finite() {
            return "n/a".into();
        }
        let k = if self.percent { 100.0 } else { 1.0 };
        let s = format::group_thousands(v * k / self.unit, self.decimals);
        let zero = s.chars().all(|c| c == '0' || c == '.' || c == ',');
        if zero && v == 0.0 {
            return if self.percent { "0%" } else { "0" }.into();
        }
        let sign = if self.signed && v > 0.0 && !zero {
            "+"
        } else {
            ""
        };
        format!(
            "{sign}{s}{}",
            if zero && !self.percent {
                ""
            } else {
                self.suffix
            }
        )
    }
}

/// Width of the colour bar itself.
const BAR_W: f64 = 18.0;
/// Widest the colour bar's title may be.
const SCALE_TITLE_W: f64 = 165.0;
/// Widest a row label may be before it is shortened.
const MAX_ROW_LABEL: f64 = 180.0;
/// Gap between neighbouring cells.
const CELL_GAP: f64 = 2.0;
/// Largest text printed in a cell.
const CELL_EM: f64 = 14.0;
/// Smallest text printed in a cell.
const MIN_CELL_EM: f64 = 9.0;

impl HeatmapChart {
    fn validate(&self) -> Result<(), ChartError> {
        if self.values.len() != self.y_levels.len() {
            return Err(ChartError::InvalidData(format!(
                "heat map has {} rows of values but {} row levels",
                self.values.len(),
                self.y_levels.len()
            )));
        }
        for (i, row) in self.values.iter().enumerate() {
            if row.len() != self.x_levels.len() {
                return Err(ChartError::InvalidData(format!(
                    "heat map row {i} has {} values but there are {} column levels",
                    row.len(),
                    self.x_levels.len()
                )));
            }
        }
        Ok(())
    }

    fn flat(&self) -> Vec<f64> {
        self.values.iter().flatten().copied().collect()
    }

    /// The colour bar's axis and the scale it shows.
    fn scale(&self) -> Result<(format::AxisSpec, Scale), ChartError> {
        let ext = finite_extent(self.flat());
        let ext = if self.diverging {
            ext.map(|(lo, hi)| {
                let m = lo.abs().max(hi.abs());
                (-m, m)
            })
        } else {
            ext
        };
        let spec = format::numeric_axis(
            ext,
            AxisOpts {
                fmt: if self.percent {
                    NumFmt::Percent
                } else {
                    NumFmt::Auto
                },
                target_ticks: 6,
                include_zero: false,
                zero_baseline: false,
                loose: false,
                pad: 0.0,
            },
        )?;
        let mut spec = spec;
        if self.percent
            && let Some((lo, hi)) = ext
            && lo >= 0.0
            && hi <= 1.0
        {
            // Shares stay within 0–100% even when a flat range is padded.
            spec.lo = spec.lo.max(0.0);
            spec.hi = spec.hi.min(1.0);
            let keep: Vec<bool> = spec
                .ticks
                .iter()
                .map(|t| *t >= spec.lo - 1e-12 && *t <= spec.hi + 1e-12)
                .collect();
            let mut k = keep.iter();
            spec.ticks.retain(|_| *k.next().unwrap_or(&true));
            let mut k = keep.iter();
            spec.labels.retain(|_| *k.next().unwrap_or(&true));
        }
        let scale = Scale {
            lo: spec.lo,
            hi: spec.hi,
            diverging: self.diverging,
        };
        Ok((spec, scale))
    }

    /// The palette, named under the colour bar.
    fn palette_note(&self) -> [&'static str; 2] {
        if self.diverging {
            ["ColorBrewer PuOr,", "colour-blind-safe"]
        } else {
            ["viridis,", "colour-blind-safe"]
        }
    }
}

/// Where the parts of a heat map go.
struct Layout {
    /// The grid of cells.
    r: Rect,
    /// Cell width and height (gaps included).
    cw: f64,
    ch: f64,
    /// Column tick labels, wrapped; row tick labels, shortened.
    x_lines: Vec<Vec<String>>,
    y_levels: Vec<String>,
    /// Left edge of the colour bar and its title lines.
    legend_x: f64,
    title_lines: Vec<String>,
}

impl HeatmapChart {
    /// The footnote: the caller's note, then what n/a and unprinted values
    /// mean when there are any.
    fn footnote(&self) -> String {
        let any_na = self.values.iter().flatten().any(|v| !v.is_finite());
        let big = self.x_levels.len() > MAX_LABELLED || self.y_levels.len() > MAX_LABELLED;
        [
            self.note.as_deref().unwrap_or(""),
            if any_na {
                "n/a: no value in any replication."
            } else {
                ""
            },
            if big {
                "Values not printed in grids over 12 × 12 (see results.csv)."
            } else {
                ""
            },
        ]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
    }

    /// The colour bar on the right, the row labels on the left, the column
    /// labels and axis title below; the cells fill what is left.
    fn layout(&self, spec: &format::AxisSpec, top: f64, foot: f64) -> Result<Layout, ChartError> {
        let title_lines = canvas::wrap_text(&self.scale_label, LEGEND_EM, SCALE_TITLE_W, 3);
        let widest =
            |v: &[String], em: f64| v.iter().map(|l| canvas::measure(l, em)).fold(0.0, f64::max);
        let legend_w =
            (BAR_W + 10.0 + widest(&spec.labels, TICK_EM)).max(widest(&title_lines, LEGEND_EM));
        let legend_x = W - MARGIN - legend_w;
        let (nx, ny) = (self.x_levels.len(), self.y_levels.len());
        // (long row labels, such as choice values, are shortened first)
        let y_levels: Vec<String> = self
            .y_levels
            .iter()
            .map(|l| canvas::fit_text(l, TICK_EM, MAX_ROW_LABEL))
            .collect();
        let left = MARGIN + canvas::left_gutter(&y_levels, Some(&self.y_label));
        let right = legend_x - 32.0;
        let slot = (right - left) / nx.max(1) as f64;
        let x_lines: Vec<Vec<String>> = self
            .x_levels
            .iter()
            .map(|l| canvas::wrap_text(l, TICK_EM, slot - 6.0, 2))
            .collect();
        let tick_lines = x_lines.iter().map(Vec::len).max().unwrap_or(1);
        let bottom = H - MARGIN - foot - canvas::bottom_gutter(tick_lines, Some(&self.x_label));
        let r = Rect::new(left, top, right, bottom);
        if r.w() < 40.0 || r.h() < 40.0 {
            return Err(ChartError::InvalidData(
                "not enough room for the heat map (labels too long?)".to_string(),
            ));
        }
        Ok(Layout {
            r,
            cw: r.w() / nx.max(1) as f64,
            ch: r.h() / ny.max(1) as f64,
            x_lines,
            y_levels,
            legend_x,
            title_lines,
        })
    }

    /// Tick marks and labels at the levels, and both axis titles.
    fn draw_axes<DB: DrawingBackend>(
        &self,
        cv: &Canvas<'_, DB>,
        l: &Layout,
    ) -> Result<(), ChartError> {
        let r = l.r;
        for (c, lines) in l.x_lines.iter().enumerate() {
            let x = r.x0 + l.cw * (c as f64 + 0.5);
            cv.line(&[(x, r.y1), (x, r.y1 + 4.0)], AXIS.to_rgba(), 1.0)?;
            for (k, t) in lines.iter().enumerate() {
                let y = r.y1 + TICK_GAP + 2.0 + k as f64 * TICK_EM * 1.3;
                cv.text(t, x, y, TICK_EM, INK_SOFT, HA::Center, VA::Top)?;
            }
        }
        for (row, t) in l.y_levels.iter().enumerate() {
            let y = r.y1 - l.ch * (row as f64 + 0.5);
            cv.line(&[(r.x0 - 4.0, y), (r.x0, y)], AXIS.to_rgba(), 1.0)?;
            let x = r.x0 - TICK_GAP;
            cv.text(t, x, y, TICK_EM, INK_SOFT, HA::Right, VA::Middle)?;
        }
        let tick_lines = l.x_lines.iter().map(Vec::len).max().unwrap_or(1);
        let x_title_top = r.y1 + TICK_GAP + 2.0 + TICK_EM * 1.3 * tick_lines as f64 + 6.0;
        let plot = canvas::Plot {
            r,
            x: (0.0, 1.0),
            y: (0.0, 1.0),
        };
        canvas::draw_axis_titles(
            cv,
            &plot,
            Some(&self.x_label),
            x_title_top,
            Some(&self.y_label),
            MARGIN,
        )?;
        // (cells without a value say "n/a" themselves)
        if l.x_lines.is_empty() || l.y_levels.is_empty() {
            canvas::draw_no_data(cv, &r)?;
        }
        Ok(())
    }

    /// The cells, and their values when the grid is small enough and the
    /// values fit.
    fn draw_cells<DB: DrawingBackend>(
        &self,
        cv: &Canvas<'_, DB>,
        l: &Layout,
        scale: &Scale,
    ) -> Result<(), ChartError> {
        let (r, cw, ch) = (l.r, l.cw, l.ch);
        let (nx, ny) = (self.x_levels.len(), self.y_levels.len());
        let flat = self.flat();
        let fmt = CellFmt::new(&flat, self.percent, self.diverging);
        let labels: Vec<String> = flat.iter().map(|v| fmt.label(*v)).collect();
        let widest = labels
            .iter()
            .map(|t| canvas::measure(t, 1.0))
            .fold(0.0, f64::max);
        let em = if widest > 0.0 {
            ((cw - CELL_GAP - 6.0) / widest)
                .min((ch - CELL_GAP - 4.0) / 1.2)
                .min(CELL_EM)
        } else {
            CELL_EM
        };
        let show = nx <= MAX_LABELLED && ny <= MAX_LABELLED && em >= MIN_CELL_EM;
        let em = em.max(MIN_CELL_EM);
        for (row, vals) in self.values.iter().enumerate() {
            for (col, v) in vals.iter().enumerate() {
                let x0 = r.x0 + cw * col as f64 + CELL_GAP / 2.0;
                let y1 = r.y1 - ch * row as f64 - CELL_GAP / 2.0;
                let cell = Rect::new(x0, y1 - ch + CELL_GAP, x0 + cw - CELL_GAP, y1);
                let (fill, ink) = if v.is_finite() {
                    let f = scale.color(*v);
                    (f, text_on(f))
                } else {
                    (WHITE, INK_MUTED)
                };
                cv.fill_rect(cell, fill.to_rgba())?;
                // an empty cell gets a grey frame, a near-white one a faint
                // frame, so that neither melts into the page
                let frame = if !v.is_finite() {
                    Some(AXIS)
                } else if contrast(fill, WHITE) < 1.15 {
                    Some(GRID)
                } else {
                    None
                };
                if let Some(color) = frame {
                    let o = cell.inflate(-0.5);
                    let ring = [
                        (o.x0, o.y0),
                        (o.x1, o.y0),
                        (o.x1, o.y1),
                        (o.x0, o.y1),
                        (o.x0, o.y0),
                    ];
                    cv.line(&ring, color.to_rgba(), 1.0)?;
                }
                let text = &labels[row * nx + col];
                if (show || !v.is_finite()) && canvas::measure(text, em) <= cw - CELL_GAP {
                    let (cx, cy) = ((cell.x0 + cell.x1) / 2.0, (cell.y0 + cell.y1) / 2.0);
                    cv.text(text, cx, cy, em, ink, HA::Center, VA::Middle)?;
                }
            }
        }
        Ok(())
    }

    /// The colour bar: its title, the ramp from high (top) to low with
    /// ticks, a mark at zero on a diverging scale, and the palette's name.
    fn draw_colour_bar<DB: DrawingBackend>(
        &self,
        cv: &Canvas<'_, DB>,
        l: &Layout,
        spec: &format::AxisSpec,
        scale: &Scale,
    ) -> Result<(), ChartError> {
        let x = l.legend_x;
        let mut y = l.r.y0 + 2.0;
        for t in &l.title_lines {
            cv.text(t, x, y, LEGEND_EM, INK, HA::Left, VA::Top)?;
            y += LEGEND_EM * 1.3;
        }
        if !self.flat().iter().any(|v| v.is_finite()) {
            // no scale to show
            return cv.text(
                "no values",
                x,
                y + 8.0,
                LEGEND_EM,
                INK_MUTED,
                HA::Left,
                VA::Top,
            );
        }
        let bar_top = y + 8.0;
        let bar_bottom = (bar_top + 320.0).min(l.r.y1).max(bar_top + 60.0);
        let steps = 96;
        let bh = (bar_bottom - bar_top) / steps as f64;
        for i in 0..steps {
            // slice i from the bottom; overlapping a little to leave no seams
            let v = spec.lo + (spec.hi - spec.lo) * (i as f64 + 0.5) / steps as f64;
            let y1 = bar_bottom - bh * i as f64;
            let y0 = (y1 - bh - 0.6).max(bar_top);
            let quad = [(x, y0), (x + BAR_W, y0), (x + BAR_W, y1), (x, y1)];
            cv.polygon(&quad, scale.color(v).to_rgba())?;
        }
        let to_y = |v: f64| {
            if spec.hi > spec.lo {
                bar_bottom - (v - spec.lo) / (spec.hi - spec.lo) * (bar_bottom - bar_top)
            } else {
                (bar_top + bar_bottom) / 2.0
            }
        };
        let x1 = x + BAR_W;
        for (t, label) in spec.ticks.iter().zip(&spec.labels) {
            let ty = to_y(*t);
            cv.line(&[(x1, ty), (x1 + 4.0, ty)], INK_SOFT.to_rgba(), 1.0)?;
            cv.text(label, x1 + 7.0, ty, TICK_EM, INK_SOFT, HA::Left, VA::Middle)?;
        }
        for (k, t) in self.palette_note().iter().enumerate() {
            let ly = bar_bottom + 12.0 + k as f64 * NOTE_EM * 1.35;
            cv.text(t, x, ly, NOTE_EM, INK_MUTED, HA::Left, VA::Top)?;
        }
        if self.diverging && spec.lo < 0.0 && spec.hi > 0.0 {
            let zy = to_y(0.0);
            cv.line(&[(x - 3.0, zy), (x1, zy)], INK.to_rgba(), 1.2)?;
        }
        Ok(())
    }
}

impl Draw for HeatmapChart {
    fn draw<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>) -> Result<(), ChartError> {
        self.validate()?;
        let top = canvas::draw_header(cv, &self.title, self.subtitle.as_deref())?;
        let note = self.footnote();
        let foot = canvas::footnote_height(Some(&note));
        canvas::draw_footnote(cv, Some(&note))?;
        let (spec, scale) = self.scale()?;
        let layout = self.layout(&spec, top, foot)?;
        self.draw_axes(cv, &layout)?;
        self.draw_cells(cv, &layout, &scale)?;
        self.draw_colour_bar(cv, &layout, &spec, &scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::Chart;

    fn chart(nx: usize, ny: usize, diverging: bool) -> HeatmapChart {
        HeatmapChart {
            title: "Heat map: poverty rate, month 12".into(),
            subtitle: Some("effect of multi_group (vs control)".into()),
            x_label: "facilitation.caseload_groups".into(),
            y_label: "economy.saving_rate".into(),
            x_levels: (0..nx).map(|i| format!("{}", 8 + 4 * i)).collect(),
            y_levels: (0..ny).map(|i| format!("0.{}", 1 + i)).collect(),
            values: (0..ny)
                .map(|r| {
                    (0..nx)
                        .map(|c| (r as f64 - c as f64) * 0.01 + 0.002)
                        .collect()
                })
                .collect(),
            scale_label: "effect on poverty rate (percentage points)".into(),
            percent: false,
            diverging,
            note: Some("Each cell: one grid point.".into()),
        }
    }

    #[test]
    fn palettes_are_ordered_and_text_contrasts() {
        // sequential: light at low, dark at high, monotone in luminance
        let lum: Vec<f64> = (0..=20)
            .map(|i| luminance(sequential(i as f64 / 20.0)))
            .collect();
        assert!(lum.windows(2).all(|w| w[0] > w[1]), "{lum:?}");
        // diverging: near-white at zero, dark at both ends
        assert_eq!(diverging(0.5), RGBColor(0xF7, 0xF7, 0xF7));
        assert!(luminance(diverging(0.0)) < 0.15 && luminance(diverging(1.0)) < 0.15);
        assert_eq!(diverging(0.0), RGBColor(0x7F, 0x3B, 0x08));
        assert_eq!(diverging(1.0), RGBColor(0x2D, 0x00, 0x4B));
        // the chosen text colour always reaches WCAG AA for large text (3:1)
        for i in 0..=100 {
            let t = i as f64 / 100.0;
            for c in [sequential(t), diverging(t)] {
                assert!(contrast(c, text_on(c)) >= 3.0, "{c:?}");
            }
        }
        assert_eq!(text_on(sequential(1.0)), WHITE);
        assert_eq!(text_on(sequential(0.0)), INK);
    }

    #[test]
    fn cell_labels_share_unit_and_decimals() {
        let f = CellFmt::new(&[0.234, 0.251, f64::NAN], true, false);
        assert_eq!(f.label(0.234), "23.4%");
        assert_eq!(f.label(f64::NAN), "n/a");
        let f = CellFmt::new(&[1_200_000.0, 1_250_000.0], false, false);
        assert_eq!(f.label(1_234_567.0), "1.23M");
        let f = CellFmt::new(&[-2.31, 0.5, 1.0], false, true);
        assert_eq!(f.label(-2.31), "\u{2212}2.31");
        assert_eq!(f.label(0.5), "+0.50");
        assert_eq!(f.label(0.0), "0");
        assert_eq!(f.label(0.001), "0.00");
    }

    #[test]
    fn one_rect_per_cell_and_a_colour_bar() {
        for diverging in [false, true] {
            let svg = chart(3, 4, diverging).render_svg_string().unwrap();
            // the white background and one rect per cell; the bar is polygons
            assert_eq!(svg.matches("<rect").count(), 1 + 12, "{diverging}");
            assert!(svg.matches("<polygon").count() >= 90);
            // the cells' values are printed (signed on a diverging scale)
            assert_eq!(svg.contains(">\n+"), diverging);
            for t in [
                "facilitation.caseload_groups",
                "economy.saving_rate",
                "percentage points",
                "Each cell: one grid point.",
            ] {
                assert!(svg.contains(t), "{t}");
            }
        }
        // too many cells for labels: none printed, still every cell drawn
        let big = chart(13, 3, true);
        let svg = big.render_svg_string().unwrap();
        assert_eq!(svg.matches("<rect").count(), 1 + 39);
        assert!(!svg.contains(">\n+"));
        // no value at all: every cell says so, and there is no scale
        let mut empty = chart(2, 2, true);
        empty.values = vec![vec![f64::NAN; 2]; 2];
        let svg = empty.render_svg_string().unwrap();
        assert_eq!(svg.matches(">\nn/a\n<").count(), 4);
        assert_eq!(svg.matches("<polygon").count(), 0);
        assert!(svg.contains("no values") && svg.contains("no value in any replication"));
        // long level names are shortened, not a reason to fail
        let mut long = chart(3, 2, false);
        long.y_levels = vec!["a very long choice value that goes on and on".into(); 2];
        long.x_levels = vec!["another long choice value, also quite long".into(); 3];
        let svg = long.render_svg_string().unwrap();
        assert!(svg.contains('…'));
        // mismatched shapes are refused, not drawn
        let mut bad = chart(3, 4, false);
        bad.values[1].pop();
        assert!(bad.render_svg_string().is_err());
    }
}
