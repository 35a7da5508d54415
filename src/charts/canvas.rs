//! Backend-independent drawing surface, layout helpers and the atomic
//! two-file render pipeline.
//!
//! All layout is done in *design units*: CSS pixels of the 1000×625 SVG.
//! The PNG is the same design scaled by 1.6. Text sizes are given as the
//! em size in design units; [`Canvas`] converts them to what each plotters
//! backend needs (plotters' SVG backend writes `font-size = size / 1.24`,
//! while its bitmap backend scales glyphs so that ascent − descent = size,
//! i.e. em = size / 1.362 for Noto Sans), so text has the same size relative
//! to the figure in both files.

use std::ffi::OsString;
use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontDesc, FontFamily, FontStyle, FontTransform, RGBAColor};

use super::format::AxisSpec;
use super::{ChartError, FONT_FAMILY, PNG_SIZE, SVG_SIZE, ensure_fonts};
use crate::output::files::write_atomic;

/// Design width and height (the SVG size in CSS px).
pub(crate) const W: f64 = SVG_SIZE.0 as f64;
pub(crate) const H: f64 = SVG_SIZE.1 as f64;

/// Noto Sans: (ascent − descent) / units-per-em.
const NOTO_HEIGHT_PER_EM: f64 = 2789.0 / 2048.0;
/// Noto Sans cap height / em.
const CAP: f64 = 0.714;

// Text sizes (em, design px).
pub(crate) const TITLE_EM: f64 = 20.0;
pub(crate) const SUBTITLE_EM: f64 = 13.5;
pub(crate) const PANEL_TITLE_EM: f64 = 14.0;
pub(crate) const AXIS_TITLE_EM: f64 = 13.5;
pub(crate) const TICK_EM: f64 = 12.5;
pub(crate) const LEGEND_EM: f64 = 13.0;
pub(crate) const NOTE_EM: f64 = 11.5;

// Greys.
pub(crate) const INK: RGBColor = RGBColor(0x1A, 0x1A, 0x1A);
pub(crate) const INK_SOFT: RGBColor = RGBColor(0x4D, 0x4D, 0x4D);
pub(crate) const INK_MUTED: RGBColor = RGBColor(0x6B, 0x6B, 0x6B);
pub(crate) const GRID: RGBColor = RGBColor(0xE3, 0xE3, 0xE3);
pub(crate) const AXIS: RGBColor = RGBColor(0x8A, 0x8A, 0x8A);

/// Outer margin of every figure.
pub(crate) const MARGIN: f64 = 22.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Backend {
    Svg,
    Bitmap,
}

/// Horizontal anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HA {
    Left,
    Center,
    Right,
}

/// Vertical anchor: top of capitals, middle of capitals, or the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VA {
    Top,
    Middle,
    Baseline,
}

/// A rectangle in design units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Self {
        Self { x0, y0, x1, y1 }
    }
    pub fn w(&self) -> f64 {
        self.x1 - self.x0
    }
    pub fn h(&self) -> f64 {
        self.y1 - self.y0
    }
    pub fn intersection_area(&self, o: &Rect) -> f64 {
        let w = (self.x1.min(o.x1) - self.x0.max(o.x0)).max(0.0);
        let h = (self.y1.min(o.y1) - self.y0.max(o.y0)).max(0.0);
        w * h
    }
    pub fn inflate(&self, d: f64) -> Rect {
        Rect::new(self.x0 - d, self.y0 - d, self.x1 + d, self.y1 + d)
    }
}

/// Something that draws itself on a [`Canvas`].
pub(crate) trait Draw {
    fn draw<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>) -> Result<(), ChartError>;
}

pub(crate) fn draw_err<E: std::fmt::Display>(e: E) -> ChartError {
    ChartError::Draw(e.to_string())
}

/// A drawing surface in design units on top of a plotters root area.
pub(crate) struct Canvas<'a, DB: DrawingBackend> {
    root: &'a DrawingArea<DB, Shift>,
    backend: Backend,
    /// Device pixels per design unit.
    s: f64,
}

impl<'a, DB: DrawingBackend> Canvas<'a, DB> {
    pub fn new(root: &'a DrawingArea<DB, Shift>, backend: Backend) -> Self {
        let s = match backend {
            Backend::Svg => 1.0,
            Backend::Bitmap => SSAA as f64 * PNG_SIZE.0 as f64 / SVG_SIZE.0 as f64,
        };
        Self { root, backend, s }
    }

    fn p(&self, x: f64, y: f64) -> (i32, i32) {
        ((x * self.s).round() as i32, (y * self.s).round() as i32)
    }

    fn stroke(&self, width: f64) -> u32 {
        (width * self.s).round().max(1.0) as u32
    }

    /// plotters font size giving an em of `em` design units on this backend.
    fn font_size(&self, em: f64) -> f64 {
        let k = match self.backend {
            Backend::Svg => 1.24,
            Backend::Bitmap => NOTO_HEIGHT_PER_EM,
        };
        em * self.s * k
    }

    /// Where plotters puts the baseline below the anchor for `VPos::Top`,
    /// as a fraction of the em.
    fn top_to_baseline(&self) -> f64 {
        match self.backend {
            Backend::Svg => 0.76,
            Backend::Bitmap => NOTO_HEIGHT_PER_EM / 2.0,
        }
    }

    fn font(&self, em: f64, color: RGBColor, rotate: bool, ha: HPos) -> TextStyle<'static> {
        let f = FontDesc::new(
            FontFamily::Name(FONT_FAMILY),
            self.font_size(em),
            FontStyle::Normal,
        );
        let f = if rotate {
            f.transform(FontTransform::Rotate270)
        } else {
            f
        };
        f.color(&color).pos(Pos::new(ha, VPos::Top))
    }

    /// Draws `text` with its start (left end, or bottom end when rotated)
    /// at device position `start` and plotters' top anchor at `top`.
    /// On the bitmap backend glyphs are placed one by one from the font's
    /// own metrics (see `metrics.rs`); the SVG gets the whole string.
    fn glyph_run(
        &self,
        text: &str,
        start: f64,
        top: f64,
        em: f64,
        color: RGBColor,
        rotate: bool,
    ) -> Result<(), ChartError> {
        let em_dev = em * self.s;
        let metrics = match self.backend {
            Backend::Bitmap => super::metrics::noto(),
            Backend::Svg => None,
        };
        let Some(m) = metrics else {
            let style = self.font(em, color, rotate, HPos::Left);
            let pos = if rotate {
                (top.round() as i32, start.round() as i32)
            } else {
                (start.round() as i32, top.round() as i32)
            };
            return self
                .root
                .draw(&Text::new(text.to_string(), pos, style))
                .map_err(draw_err);
        };
        let style = self.font(em, color, rotate, HPos::Left);
        let mut pen = 0.0f64;
        let mut buf = [0u8; 4];
        for c in text.chars() {
            let (adv, lsb) = m.h_metrics(c);
            if !c.is_whitespace() {
                let off = pen + lsb * em_dev;
                let pos = if rotate {
                    (top.round() as i32, (start - off).round() as i32)
                } else {
                    ((start + off).round() as i32, top.round() as i32)
                };
                self.root
                    .draw(&Text::new(
                        c.encode_utf8(&mut buf).to_string(),
                        pos,
                        style.clone(),
                    ))
                    .map_err(draw_err)?;
            }
            pen += adv * em_dev;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn text(
        &self,
        text: &str,
        x: f64,
        y: f64,
        em: f64,
        color: RGBColor,
        ha: HA,
        va: VA,
    ) -> Result<(), ChartError> {
        if text.is_empty() || !x.is_finite() || !y.is_finite() {
            return Ok(());
        }
        let clean;
        let text = if text.chars().any(char::is_control) {
            clean = text.replace(|c: char| c.is_control(), " ");
            clean.as_str()
        } else {
            text
        };
        let baseline = match va {
            VA::Top => y + CAP * em,
            VA::Middle => y + CAP * em / 2.0,
            VA::Baseline => y,
        };
        let top = (baseline - self.top_to_baseline() * em) * self.s;
        if self.backend == Backend::Svg {
            // Let the SVG renderer anchor the text: exact with any font.
            let hp = match ha {
                HA::Left => HPos::Left,
                HA::Center => HPos::Center,
                HA::Right => HPos::Right,
            };
            let style = self.font(em, color, false, hp);
            let pos = ((x * self.s).round() as i32, top.round() as i32);
            return self
                .root
                .draw(&Text::new(text.to_string(), pos, style))
                .map_err(draw_err);
        }
        let w = measure(text, em);
        let left = match ha {
            HA::Left => x,
            HA::Center => x - w / 2.0,
            HA::Right => x - w,
        };
        self.glyph_run(text, left * self.s, top, em, color, false)
    }

    /// Text rotated to read bottom-to-top, centred on (`cx`, `cy`).
    pub fn text_vertical(
        &self,
        text: &str,
        cx: f64,
        cy: f64,
        em: f64,
        color: RGBColor,
    ) -> Result<(), ChartError> {
        if text.is_empty() || !cx.is_finite() || !cy.is_finite() {
            return Ok(());
        }
        // In the rotated frame "down" is +x: the baseline sits right of the
        // cap tops.
        let baseline_x = cx + CAP * em / 2.0;
        let top_x = (baseline_x - self.top_to_baseline() * em) * self.s;
        if self.backend == Backend::Svg {
            let style = self.font(em, color, true, HPos::Center);
            let pos = (top_x.round() as i32, (cy * self.s).round() as i32);
            return self
                .root
                .draw(&Text::new(text.to_string(), pos, style))
                .map_err(draw_err);
        }
        let w = measure(text, em);
        self.glyph_run(text, (cy + w / 2.0) * self.s, top_x, em, color, true)
    }

    /// A polyline; consecutive duplicate device points are dropped.
    pub fn line(&self, pts: &[(f64, f64)], color: RGBAColor, width: f64) -> Result<(), ChartError> {
        let mut dev: Vec<(i32, i32)> = Vec::with_capacity(pts.len());
        for &(x, y) in pts {
            if !(x.is_finite() && y.is_finite()) {
                continue;
            }
            let q = self.p(x, y);
            if dev.last() != Some(&q) {
                dev.push(q);
            }
        }
        if dev.len() < 2 {
            return Ok(());
        }
        let style = ShapeStyle {
            color,
            filled: false,
            stroke_width: self.stroke(width),
        };
        self.root
            .draw(&PathElement::new(dev, style))
            .map_err(draw_err)
    }

    /// A dashed straight line.
    pub fn dashed(
        &self,
        a: (f64, f64),
        b: (f64, f64),
        color: RGBAColor,
        width: f64,
        dash: f64,
        gap: f64,
    ) -> Result<(), ChartError> {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len = (dx * dx + dy * dy).sqrt();
        if !(len.is_finite() && len > 0.0) || dash <= 0.0 {
            return Ok(());
        }
        let (ux, uy) = (dx / len, dy / len);
        let mut t = 0.0;
        let mut n = 0;
        while t < len && n < 10_000 {
            let e = (t + dash).min(len);
            self.line(
                &[(a.0 + ux * t, a.1 + uy * t), (a.0 + ux * e, a.1 + uy * e)],
                color,
                width,
            )?;
            t += dash + gap;
            n += 1;
        }
        Ok(())
    }

    pub fn polygon(&self, pts: &[(f64, f64)], color: RGBAColor) -> Result<(), ChartError> {
        let dev: Vec<(i32, i32)> = pts
            .iter()
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .map(|&(x, y)| self.p(x, y))
            .collect();
        if dev.len() < 3 {
            return Ok(());
        }
        self.root
            .draw(&Polygon::new(dev, color.filled()))
            .map_err(draw_err)
    }

    pub fn fill_rect(&self, r: Rect, color: RGBAColor) -> Result<(), ChartError> {
        let (a, b) = (self.p(r.x0, r.y0), self.p(r.x1, r.y1));
        let (a, b) = ((a.0.min(b.0), a.1.min(b.1)), (a.0.max(b.0), a.1.max(b.1)));
        self.root
            .draw(&Rectangle::new([a, b], color.filled()))
            .map_err(draw_err)
    }

    pub fn circle(
        &self,
        x: f64,
        y: f64,
        r: f64,
        fill: Option<RGBAColor>,
        stroke: Option<(RGBAColor, f64)>,
    ) -> Result<(), ChartError> {
        if !(x.is_finite() && y.is_finite()) {
            return Ok(());
        }
        let c = self.p(x, y);
        let rad = (r * self.s).round().max(1.0) as u32;
        if let Some(f) = fill {
            self.root
                .draw(&Circle::new(c, rad, f.filled()))
                .map_err(draw_err)?;
        }
        if let Some((col, w)) = stroke {
            let style = ShapeStyle {
                color: col,
                filled: false,
                stroke_width: self.stroke(w),
            };
            self.root
                .draw(&Circle::new(c, rad, style))
                .map_err(draw_err)?;
        }
        Ok(())
    }
}

/// Width of `text` at em size `em`, in design units (Noto Sans metrics).
pub(crate) fn measure(text: &str, em: f64) -> f64 {
    match super::metrics::noto() {
        Some(m) => m.advance(text) * em,
        None => measure_plotters(text, em),
    }
}

/// Width of `text` as plotters estimates it (fallback for [`measure`]).
pub(crate) fn measure_plotters(text: &str, em: f64) -> f64 {
    if text.is_empty() {
        return 0.0;
    }
    let size = 100.0 * NOTO_HEIGHT_PER_EM;
    let font = FontDesc::new(FontFamily::Name(FONT_FAMILY), size, FontStyle::Normal);
    match font.box_size(text) {
        Ok((w, _)) => w as f64 / 100.0 * em,
        // Fonts are registered before any drawing; fall back to an
        // average-width estimate rather than failing a layout computation.
        Err(_) => text.chars().count() as f64 * 0.55 * em,
    }
}

/// Shortens `text` with an ellipsis so that it fits in `max_w`.
pub(crate) fn fit_text(text: &str, em: f64, max_w: f64) -> String {
    if measure(text, em) <= max_w {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut n = chars.len();
    while n > 0 {
        n -= 1;
        let s: String = chars[..n].iter().collect::<String>() + "…";
        if measure(&s, em) <= max_w {
            return s;
        }
    }
    String::new()
}

/// Greedy word wrap to `max_w`; words are split at spaces (and, for long
/// identifiers, at underscores). At most `max_lines` lines, the last one
/// ellipsised if needed.
pub(crate) fn wrap_text(text: &str, em: f64, max_w: f64, max_lines: usize) -> Vec<String> {
    let max_lines = max_lines.max(1);
    let mut words: Vec<String> = Vec::new();
    for w in text.split_whitespace() {
        if measure(w, em) > max_w && w.contains('_') {
            let parts: Vec<&str> = w.split('_').collect();
            let last = parts.len() - 1;
            for (i, p) in parts.iter().enumerate() {
                words.push(if i < last {
                    format!("{p}_")
                } else {
                    p.to_string()
                });
            }
        } else {
            words.push(w.to_string());
        }
    }
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for w in words {
        let glue = if cur.is_empty() || cur.ends_with('_') {
            ""
        } else {
            " "
        };
        let cand = format!("{cur}{glue}{w}");
        if cur.is_empty() || measure(&cand, em) <= max_w {
            cur = cand;
        } else {
            lines.push(std::mem::take(&mut cur));
            cur = w;
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    if lines.len() > max_lines {
        let rest = lines[max_lines - 1..].join(" ");
        lines.truncate(max_lines - 1);
        lines.push(fit_text(&rest, em, max_w));
    }
    lines.into_iter().map(|l| fit_text(&l, em, max_w)).collect()
}

/// Draws title and optional subtitle at the top-left; returns the y where
/// the content may start.
pub(crate) fn draw_header<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    title: &str,
    subtitle: Option<&str>,
) -> Result<f64, ChartError> {
    let max_w = W - 2.0 * MARGIN;
    let mut y = MARGIN - 4.0;
    for line in wrap_text(title, TITLE_EM, max_w, 2) {
        cv.text(&line, MARGIN, y, TITLE_EM, INK, HA::Left, VA::Top)?;
        y += TITLE_EM * 1.3;
    }
    if let Some(sub) = subtitle.filter(|s| !s.trim().is_empty()) {
        y += 1.0;
        for line in wrap_text(sub, SUBTITLE_EM, max_w, 2) {
            cv.text(&line, MARGIN, y, SUBTITLE_EM, INK_SOFT, HA::Left, VA::Top)?;
            y += SUBTITLE_EM * 1.35;
        }
    }
    Ok(y + 12.0)
}

/// Height a footnote needs (0 for none).
pub(crate) fn footnote_height(note: Option<&str>) -> f64 {
    match note {
        Some(n) if !n.is_empty() => {
            let lines = wrap_text(n, NOTE_EM, W - 2.0 * MARGIN, 2).len() as f64;
            lines * NOTE_EM * 1.35 + 6.0
        }
        _ => 0.0,
    }
}

/// Draws a footnote at the bottom-left.
pub(crate) fn draw_footnote<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    note: Option<&str>,
) -> Result<(), ChartError> {
    let Some(note) = note.filter(|n| !n.is_empty()) else {
        return Ok(());
    };
    let lines = wrap_text(note, NOTE_EM, W - 2.0 * MARGIN, 2);
    let mut y = H - MARGIN + 6.0 - lines.len() as f64 * NOTE_EM * 1.35;
    for l in lines {
        cv.text(&l, MARGIN, y, NOTE_EM, INK_MUTED, HA::Left, VA::Top)?;
        y += NOTE_EM * 1.35;
    }
    Ok(())
}

/// What a legend entry's key looks like.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Key {
    /// A line.
    Line { color: RGBColor },
    /// A translucent band.
    Band { color: RGBColor },
    /// A filled square.
    Swatch { color: RGBColor },
}

#[derive(Debug, Clone)]
pub(crate) struct LegendEntry {
    pub label: String,
    pub key: Key,
}

const KEY_W: f64 = 26.0;
const KEY_GAP: f64 = 8.0;
const LEGEND_ROW: f64 = 22.0;
/// Widest a legend label may get before it is shortened.
pub(crate) const LEGEND_MAX_LABEL: f64 = 190.0;

/// Width of a vertical legend.
pub(crate) fn legend_width(entries: &[LegendEntry]) -> f64 {
    let lw = entries
        .iter()
        .map(|e| measure(&e.label, LEGEND_EM).min(LEGEND_MAX_LABEL))
        .fold(0.0, f64::max);
    KEY_W + KEY_GAP + lw
}

/// Draws a vertical legend with its top-left corner at (x, y).
pub(crate) fn draw_legend<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    entries: &[LegendEntry],
    x: f64,
    y: f64,
) -> Result<(), ChartError> {
    // Squeeze rows when there are many entries; past that, list as many as
    // fit and say how many are left out.
    let avail = (H - MARGIN - y).max(0.0);
    let min_row = LEGEND_EM * 1.2;
    let n = entries.len();
    let row = (avail / n.max(1) as f64).clamp(min_row, LEGEND_ROW);
    let fit = ((avail / row).floor() as usize).max(1);
    let (shown, hidden) = if n > fit {
        (fit - 1, n - (fit - 1))
    } else {
        (n, 0)
    };
    for (i, e) in entries.iter().take(shown).enumerate() {
        let cy = y + row * (i as f64 + 0.5);
        let (kx0, kx1) = (x, x + KEY_W);
        match e.key {
            Key::Line { color } => {
                cv.line(&[(kx0, cy), (kx1, cy)], color.to_rgba(), 2.5)?;
            }
            Key::Band { color } => {
                cv.fill_rect(
                    Rect::new(kx0, cy - 6.0, kx1, cy + 6.0),
                    color.mix(band_alpha(color) * 1.6),
                )?;
            }
            Key::Swatch { color } => {
                cv.fill_rect(
                    Rect::new(kx1 - 16.0, cy - 8.0, kx1, cy + 8.0),
                    color.to_rgba(),
                )?;
            }
        }
        let label = fit_text(&e.label, LEGEND_EM, LEGEND_MAX_LABEL);
        cv.text(
            &label,
            kx1 + KEY_GAP,
            cy,
            LEGEND_EM,
            INK,
            HA::Left,
            VA::Middle,
        )?;
    }
    if hidden > 0 {
        let cy = y + row * (shown as f64 + 0.5);
        let t = format!("+ {hidden} more");
        cv.text(
            &t,
            x + KEY_W + KEY_GAP,
            cy,
            LEGEND_EM,
            INK_MUTED,
            HA::Left,
            VA::Middle,
        )?;
    }
    Ok(())
}

/// Opacity of a series' confidence band: dark colours need less.
pub(crate) fn band_alpha(c: RGBColor) -> f64 {
    let lum = 0.2126 * c.0 as f64 + 0.7152 * c.1 as f64 + 0.0722 * c.2 as f64;
    if lum < 60.0 { 0.10 } else { 0.17 }
}

/// A plotting rectangle with data ranges.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Plot {
    pub r: Rect,
    pub x: (f64, f64),
    pub y: (f64, f64),
}

impl Plot {
    pub fn px(&self, v: f64) -> f64 {
        self.r.x0 + (v - self.x.0) / (self.x.1 - self.x.0) * self.r.w()
    }
    pub fn py(&self, v: f64) -> f64 {
        self.r.y1 - (v - self.y.0) / (self.y.1 - self.y.0) * self.r.h()
    }
    pub fn pt(&self, x: f64, y: f64) -> (f64, f64) {
        (self.px(x), self.py(y))
    }
}

pub(crate) const TICK_GAP: f64 = 7.0;

/// Space left of the plot for y tick labels and the rotated y title.
pub(crate) fn left_gutter(tick_labels: &[String], y_title: Option<&str>) -> f64 {
    let w = tick_labels
        .iter()
        .map(|l| measure(l, TICK_EM))
        .fold(0.0, f64::max);
    let t = if y_title.is_some_and(|t| !t.is_empty()) {
        AXIS_TITLE_EM * 1.2 + 8.0
    } else {
        0.0
    };
    w + TICK_GAP + t
}

/// Space below the plot for x tick labels (`tick_lines` lines) and title.
pub(crate) fn bottom_gutter(tick_lines: usize, x_title: Option<&str>) -> f64 {
    let t = if x_title.is_some_and(|t| !t.is_empty()) {
        AXIS_TITLE_EM * 1.2 + 8.0
    } else {
        0.0
    };
    TICK_GAP + 2.0 + TICK_EM * 1.3 * tick_lines.max(1) as f64 + t
}

/// Horizontal grid lines and y tick labels.
pub(crate) fn draw_y_axis<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    p: &Plot,
    spec: &AxisSpec,
    grid: bool,
) -> Result<(), ChartError> {
    for (t, l) in spec.ticks.iter().zip(&spec.labels) {
        let y = p.py(*t);
        if grid {
            cv.line(&[(p.r.x0, y), (p.r.x1, y)], GRID.to_rgba(), 1.0)?;
        }
        cv.text(
            l,
            p.r.x0 - TICK_GAP,
            y,
            TICK_EM,
            INK_SOFT,
            HA::Right,
            VA::Middle,
        )?;
    }
    Ok(())
}

/// Vertical grid lines (optional), the bottom axis line, tick marks and
/// x tick labels.
pub(crate) fn draw_x_axis<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    p: &Plot,
    spec: &AxisSpec,
    grid: bool,
) -> Result<(), ChartError> {
    for (t, l) in spec.ticks.iter().zip(&spec.labels) {
        let x = p.px(*t);
        if grid {
            cv.line(&[(x, p.r.y0), (x, p.r.y1)], GRID.to_rgba(), 1.0)?;
        }
        cv.line(&[(x, p.r.y1), (x, p.r.y1 + 4.0)], AXIS.to_rgba(), 1.0)?;
        cv.text(
            l,
            x,
            p.r.y1 + TICK_GAP + 2.0,
            TICK_EM,
            INK_SOFT,
            HA::Center,
            VA::Top,
        )?;
    }
    cv.line(&[(p.r.x0, p.r.y1), (p.r.x1, p.r.y1)], AXIS.to_rgba(), 1.0)
}

/// Axis titles: x centred under the plot at the bottom of the gutter, y
/// rotated at the left edge of the gutter.
pub(crate) fn draw_axis_titles<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    p: &Plot,
    x_title: Option<&str>,
    x_title_top: f64,
    y_title: Option<&str>,
    y_title_left: f64,
) -> Result<(), ChartError> {
    if let Some(t) = x_title.filter(|t| !t.is_empty()) {
        let t = fit_text(t, AXIS_TITLE_EM, p.r.w() + 40.0);
        cv.text(
            &t,
            (p.r.x0 + p.r.x1) / 2.0,
            x_title_top,
            AXIS_TITLE_EM,
            INK,
            HA::Center,
            VA::Top,
        )?;
    }
    if let Some(t) = y_title.filter(|t| !t.is_empty()) {
        let t = fit_text(t, AXIS_TITLE_EM, p.r.h() + 20.0);
        cv.text_vertical(
            &t,
            y_title_left + AXIS_TITLE_EM * 0.6,
            (p.r.y0 + p.r.y1) / 2.0,
            AXIS_TITLE_EM,
            INK,
        )?;
    }
    Ok(())
}

/// A centred "no data" note in a plot.
pub(crate) fn draw_no_data<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    r: &Rect,
) -> Result<(), ChartError> {
    cv.text(
        "no data",
        (r.x0 + r.x1) / 2.0,
        (r.y0 + r.y1) / 2.0,
        LEGEND_EM,
        INK_MUTED,
        HA::Center,
        VA::Middle,
    )
}

/// Draws `chart` on a fresh root area, converting panics into errors.
fn draw_guarded<DB: DrawingBackend, T: Draw + ?Sized>(
    root: &DrawingArea<DB, Shift>,
    backend: Backend,
    chart: &T,
) -> Result<(), ChartError> {
    if backend == Backend::Svg {
        // (the bitmap buffer starts out white)
        root.fill(&WHITE).map_err(draw_err)?;
    }
    let cv = Canvas::new(root, backend);
    match catch_unwind(AssertUnwindSafe(|| chart.draw(&cv))) {
        Ok(r) => r,
        Err(p) => {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            Err(ChartError::Draw(format!(
                "internal error while drawing: {msg}"
            )))
        }
    }
}

/// Renders the SVG into a string.
pub(crate) fn render_svg<T: Draw + ?Sized>(chart: &T) -> Result<String, ChartError> {
    ensure_fonts()?;
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, SVG_SIZE).into_drawing_area();
        draw_guarded(&root, Backend::Svg, chart)?;
        root.present().map_err(draw_err)?;
    }
    Ok(buf)
}

/// Supersampling factor for the PNG: plotters rasterises lines and shapes
/// without anti-aliasing, so the figure is drawn at 2× and box-filtered
/// down, which gives smooth lines, dots and band edges. (The filter in
/// [`render_bitmap`] is written for exactly 2.)
const SSAA: u32 = 2;

/// Renders the PNG image as packed RGB at [`PNG_SIZE`].
pub(crate) fn render_bitmap<T: Draw + ?Sized>(chart: &T) -> Result<Vec<u8>, ChartError> {
    ensure_fonts()?;
    let (w, h) = (PNG_SIZE.0 as usize, PNG_SIZE.1 as usize);
    let (bw, bh) = (w * 2, h * 2);
    let mut big = vec![255u8; bw * bh * 3];
    {
        let root = BitMapBackend::with_buffer(&mut big, (bw as u32, bh as u32)).into_drawing_area();
        draw_guarded(&root, Backend::Bitmap, chart)?;
        root.present().map_err(draw_err)?;
    }
    // 2×2 box filter, written with slices so it stays quick in debug builds.
    let mut out = vec![0u8; w * h * 3];
    let src_row = bw * 3;
    for (y, out_row) in out.chunks_exact_mut(w * 3).enumerate() {
        let r0 = &big[2 * y * src_row..(2 * y + 1) * src_row];
        let r1 = &big[(2 * y + 1) * src_row..(2 * y + 2) * src_row];
        for ((o, a), b) in out_row
            .chunks_exact_mut(3)
            .zip(r0.chunks_exact(6))
            .zip(r1.chunks_exact(6))
        {
            for c in 0..3 {
                let sum = a[c] as u16 + a[c + 3] as u16 + b[c] as u16 + b[c + 3] as u16;
                o[c] = ((sum + 2) / 4) as u8;
            }
        }
    }
    Ok(out)
}

/// PNG bytes of an RGB buffer of [`PNG_SIZE`].
fn encode_png(rgb: &[u8]) -> Result<Vec<u8>, ChartError> {
    use image::ImageEncoder as _;
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(rgb, PNG_SIZE.0, PNG_SIZE.1, image::ColorType::Rgb8)
        .map_err(draw_err)?;
    Ok(out)
}

fn with_ext(stem: &Path, ext: &str) -> PathBuf {
    let mut s: OsString = stem.as_os_str().to_owned();
    s.push(".");
    s.push(ext);
    PathBuf::from(s)
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> ChartError + '_ {
    move |source| ChartError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `<stem>.svg` and `<stem>.png` atomically and returns their paths.
pub(crate) fn render_files<T: Draw + ?Sized>(
    chart: &T,
    stem: &Path,
) -> Result<Vec<PathBuf>, ChartError> {
    ensure_fonts()?;
    let bad = |reason: &str| ChartError::InvalidPath {
        path: stem.to_path_buf(),
        reason: reason.to_string(),
    };
    let name = stem.file_name().ok_or_else(|| bad("no file name"))?;
    if name.is_empty() || name == "." || name == ".." {
        return Err(bad("no file name"));
    }
    if let Some(dir) = stem.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(io_err(dir))?;
    }
    let svg_path = with_ext(stem, "svg");
    let png_path = with_ext(stem, "png");

    // Draw the SVG fully in memory first: drawing errors surface before any
    // file is touched.
    let svg = render_svg(chart)?;
    write_atomic(&svg_path, svg.as_bytes())?;
    // The PNG is encoded in memory (the encoder plotters uses to save a
    // file, with the same settings), then written by the same atomic writer.
    let png = encode_png(&render_bitmap(chart)?)?;
    write_atomic(&png_path, &png)?;

    Ok(vec![svg_path, png_path])
}
