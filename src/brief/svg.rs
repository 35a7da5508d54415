//! Inline SVG charts of the brief, drawn as text (no file, no font, no
//! external resource): effects with 95% intervals, the poverty rate over
//! time, and effects by percentile. Okabe–Ito colours in the order of
//! `src/charts` so an arm has the same colour as in the run's PNG charts;
//! `control` is black.

use super::data::{QuantileEffect, RunData, When};
use super::findings::{HEADLINE, Outcome};
use super::lang::Lang;
use super::numbers as num;
use std::fmt::Write;

/// The colour of an arm as `#rrggbb`.
pub fn color(data: &RunData, arm: &str) -> String {
    let treated = data.treated();
    let k = treated.iter().position(|a| *a == arm).unwrap_or(0);
    let c = crate::charts::arm_color(arm, k);
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A linear map from data to pixels.
#[derive(Clone, Copy)]
struct Scale {
    d0: f64,
    d1: f64,
    p0: f64,
    p1: f64,
}

impl Scale {
    fn at(&self, x: f64) -> f64 {
        if self.d1 == self.d0 {
            return 0.5 * (self.p0 + self.p1);
        }
        self.p0 + (x - self.d0) / (self.d1 - self.d0) * (self.p1 - self.p0)
    }
}

/// Tick step of about `n` ticks over a range: 1, 2 or 5 times a power of 10.
fn nice_step(lo: f64, hi: f64, n: f64) -> f64 {
    let raw = ((hi - lo) / n).abs().max(1e-12);
    let p = 10f64.powf(raw.log10().floor());
    let f = raw / p;
    let m = if f < 1.5 {
        1.0
    } else if f < 3.5 {
        2.0
    } else if f < 7.5 {
        5.0
    } else {
        10.0
    };
    m * p
}

/// A padded range that includes zero when `zero`, and its ticks.
fn range(values: &[f64], zero: bool) -> (f64, f64, Vec<f64>) {
    let mut lo = values
        .iter()
        .copied()
        .filter(|x| x.is_finite())
        .fold(f64::INFINITY, f64::min);
    let mut hi = values
        .iter()
        .copied()
        .filter(|x| x.is_finite())
        .fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() || !hi.is_finite() {
        lo = 0.0;
        hi = 1.0;
    }
    if zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    if hi - lo < 1e-12 {
        hi = lo + 1.0;
    }
    let step = nice_step(lo, hi, 4.0);
    let lo = (lo / step).floor() * step;
    let hi = (hi / step).ceil() * step;
    let mut ticks = Vec::new();
    let mut t = lo;
    while t <= hi + step * 1e-6 {
        ticks.push(if t.abs() < step * 1e-6 { 0.0 } else { t });
        t += step;
    }
    (lo, hi, ticks)
}

fn tick_label(t: f64, step: f64, lang: Lang) -> String {
    let d = if step >= 1.0 {
        0
    } else {
        (-step.log10().floor()) as usize
    };
    num::fixed(t, d, lang, false)
}

fn open(w: f64, h: f64, title: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"100%\" role=\"img\" aria-label=\"{}\" font-family=\"sans-serif\" font-size=\"12\">",
        esc(title)
    )
}

/// Effects at the program's end (filled) and the horizon (open), one panel
/// per headline outcome: shares in points, consumption in percent.
pub fn effects_chart(data: &RunData, lang: Lang) -> String {
    let w = lang.words();
    let arms = data.treated();
    let (width, panel_gap, left) = (720.0, 18.0, 150.0);
    let row_h = 30.0;
    let top = 48.0;
    let height = top + row_h * arms.len() as f64 + 34.0;
    let pw = (width - left - 2.0 * panel_gap) / 3.0;
    let mut s = open(width, height, w.chart_effects);
    for (k, a) in arms.iter().enumerate() {
        let y = top + row_h * (k as f64 + 0.5);
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" dominant-baseline=\"middle\">{}</text>",
            left - 8.0,
            y,
            esc(a)
        );
    }
    for (p, outcome) in HEADLINE.iter().enumerate() {
        let panel = Panel {
            outcome: *outcome,
            x0: left + p as f64 * (pw + panel_gap),
            pw,
            top,
            row_h,
        };
        effects_panel(&mut s, data, lang, &panel);
    }
    s.push_str("</svg>");
    s
}

/// One panel of the effects chart: an outcome, its place, and its rows.
struct Panel {
    outcome: Outcome,
    x0: f64,
    pw: f64,
    top: f64,
    row_h: f64,
}

impl Panel {
    /// An effect in the panel's unit: points for shares, percent of the
    /// control's mean for consumption.
    fn value(&self, v: f64, ctl: f64) -> f64 {
        if self.outcome.is_share() {
            100.0 * v
        } else {
            100.0 * v / ctl
        }
    }
}

/// A panel of the effects chart: title, frame, ticks, then every arm's
/// effects with their intervals.
fn effects_panel(s: &mut String, data: &RunData, lang: Lang, p: &Panel) {
    let arms = data.treated();
    let (x0, pw, top, row_h) = (p.x0, p.pw, p.top, p.row_h);
    let mut vals = Vec::new();
    for e in data
        .effects
        .iter()
        .filter(|e| e.metric == p.outcome.metric())
    {
        for v in [e.diff, e.ci_low, e.ci_high] {
            vals.push(p.value(v, e.control_mean));
        }
    }
    let (lo, hi, ticks) = range(&vals, true);
    let sx = Scale {
        d0: lo,
        d1: hi,
        p0: x0 + 6.0,
        p1: x0 + pw - 6.0,
    };
    let unit = match (p.outcome.is_share(), lang) {
        (true, Lang::En) => "percentage points",
        (true, Lang::Id) => "poin persen",
        (false, Lang::En) => "percent",
        (false, Lang::Id) => "persen",
    };
    let _ = write!(
        s,
        "<text x=\"{:.1}\" y=\"14\" text-anchor=\"middle\" font-weight=\"bold\">{}</text><text x=\"{:.1}\" y=\"29\" text-anchor=\"middle\" font-size=\"11\" fill=\"#555\">{unit}</text>",
        x0 + pw / 2.0,
        esc(p.outcome.name(lang)),
        x0 + pw / 2.0
    );
    let _ = write!(
        s,
        "<rect x=\"{x0:.1}\" y=\"{:.1}\" width=\"{pw:.1}\" height=\"{:.1}\" fill=\"#f7f7f7\" stroke=\"#ccc\"/>",
        top - 8.0,
        row_h * arms.len() as f64 + 16.0
    );
    let step = if ticks.len() > 1 {
        ticks[1] - ticks[0]
    } else {
        1.0
    };
    for t in &ticks {
        let x = sx.at(*t);
        let _ = write!(
            s,
            "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-width=\"{}\"/>",
            top - 8.0,
            top + row_h * arms.len() as f64 + 8.0,
            if *t == 0.0 { "#444" } else { "#ddd" },
            if *t == 0.0 { 1.2 } else { 0.8 }
        );
        let _ = write!(
            s,
            "<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"10\">{}</text>",
            top + row_h * arms.len() as f64 + 22.0,
            tick_label(*t, step, lang)
        );
    }
    for (k, a) in arms.iter().enumerate() {
        effects_marks(s, data, p, &sx, k, a);
    }
}

/// An arm's effects in a panel: at the program's end (filled dot, above)
/// and at the horizon (open dot, below), each with its 95% interval.
fn effects_marks(s: &mut String, data: &RunData, p: &Panel, sx: &Scale, k: usize, a: &str) {
    let col = color(data, a);
    for (when, dy, filled) in [
        (When::ProgramEnd, -5.0, true),
        (When::HorizonEnd, 5.0, false),
    ] {
        let Some(e) = data.effect(a, p.outcome.metric(), when) else {
            continue;
        };
        let y = p.top + p.row_h * (k as f64 + 0.5) + dy;
        let (d, l, h) = (
            p.value(e.diff, e.control_mean),
            p.value(e.ci_low, e.control_mean),
            p.value(e.ci_high, e.control_mean),
        );
        if l.is_finite() && h.is_finite() {
            let _ = write!(
                s,
                "<line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"{col}\" stroke-width=\"2\"/>",
                sx.at(l),
                sx.at(h)
            );
        }
        if d.is_finite() {
            let _ = write!(
                s,
                "<circle cx=\"{:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"{}\" stroke=\"{col}\" stroke-width=\"1.5\"/>",
                sx.at(d),
                if filled { col.as_str() } else { "#fff" }
            );
        }
    }
}

/// The plot area of a chart with a y axis on the left and a legend on the
/// right.
struct Frame {
    width: f64,
    height: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

impl Frame {
    /// A frame of the brief's width and this height.
    fn of_height(height: f64) -> Frame {
        Frame {
            width: 720.0,
            height,
            left: 54.0,
            right: 150.0,
            top: 12.0,
            bottom: 40.0,
        }
    }
    /// The y scale of a data range.
    fn y_scale(&self, lo: f64, hi: f64) -> Scale {
        Scale {
            d0: lo,
            d1: hi,
            p0: self.height - self.bottom,
            p1: self.top,
        }
    }
    /// The position of the legend's `k`th entry: (x, y).
    fn legend_at(&self, k: usize) -> (f64, f64) {
        (
            self.width - self.right + 12.0,
            self.top + 8.0 + 18.0 * k as f64,
        )
    }
}

/// Horizontal grid lines with their labels in percent; zero darker when
/// `mark_zero`.
fn y_grid(s: &mut String, f: &Frame, sy: &Scale, ticks: &[f64], lang: Lang, mark_zero: bool) {
    let step = if ticks.len() > 1 {
        ticks[1] - ticks[0]
    } else {
        1.0
    };
    for t in ticks {
        let y = sy.at(*t);
        let _ = write!(
            s,
            "<line x1=\"{}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"{}\"/><text x=\"{:.1}\" y=\"{y:.1}\" text-anchor=\"end\" dominant-baseline=\"middle\" font-size=\"10\">{}%</text>",
            f.left,
            f.width - f.right,
            if mark_zero && *t == 0.0 {
                "#444"
            } else {
                "#e3e3e3"
            },
            f.left - 6.0,
            tick_label(*t, step, lang)
        );
    }
}

/// The title of the x axis.
fn x_title(s: &mut String, f: &Frame, title: &str) {
    let _ = write!(
        s,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
        (f.left + f.width - f.right) / 2.0,
        f.height - 6.0,
        title
    );
}

/// The poverty rate of every arm over the months, with 95% bands.
pub fn poverty_chart(data: &RunData, lang: Lang) -> String {
    let w = lang.words();
    let f = Frame::of_height(300.0);
    let months = data.manifest.months;
    let metric = super::columns::POVERTY_RATE;
    let mut vals = Vec::new();
    for a in data.arm_names() {
        for m in 1..=months {
            if let Some(p) = data.summary(a, metric, m) {
                vals.extend([100.0 * p.ci_low, 100.0 * p.ci_high, 100.0 * p.mean]);
            }
        }
    }
    let (lo, hi, ticks) = range(&vals, false);
    let sx = Scale {
        d0: 1.0,
        d1: months.max(2) as f64,
        p0: f.left,
        p1: f.width - f.right,
    };
    let sy = f.y_scale(lo, hi);
    let mut s = open(f.width, f.height, w.chart_poverty);
    y_grid(&mut s, &f, &sy, &ticks, lang, false);
    let (_, _, xt) = range(&[1.0, months as f64], false);
    for t in xt.iter().filter(|t| **t >= 1.0 && **t <= months as f64) {
        let x = sx.at(*t);
        let _ = write!(
            s,
            "<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"10\">{}</text>",
            f.height - f.bottom + 14.0,
            *t as i64
        );
    }
    x_title(&mut s, &f, w.month);
    if let Some(e) = data.program_end_month() {
        let x = sx.at(e as f64);
        let _ = write!(
            s,
            "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{}\" y2=\"{:.1}\" stroke=\"#555\" stroke-dasharray=\"5 4\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#555\">{}</text>",
            f.top,
            f.height - f.bottom,
            x + 4.0,
            f.top + 10.0,
            w.program_end_short
        );
    }
    // control last, so its black line is on top
    let mut order: Vec<&str> = data.treated();
    if data.arm_names().contains(&super::columns::CONTROL_ARM) {
        order.push(super::columns::CONTROL_ARM);
    }
    for (k, a) in order.iter().enumerate() {
        poverty_line(&mut s, data, &f, (&sx, &sy), k, a);
    }
    s.push_str("</svg>");
    s
}

/// An arm's poverty rate over the months: its 95% band, its line, and its
/// legend entry (the `k`th).
fn poverty_line(
    s: &mut String,
    data: &RunData,
    f: &Frame,
    (sx, sy): (&Scale, &Scale),
    k: usize,
    a: &str,
) {
    let metric = super::columns::POVERTY_RATE;
    let col = color(data, a);
    let pts: Vec<(f64, super::data::SummaryPoint)> = (1..=data.manifest.months)
        .filter_map(|m| data.summary(a, metric, m).map(|p| (m as f64, p)))
        .filter(|(_, p)| p.mean.is_finite())
        .collect();
    if pts.is_empty() {
        return;
    }
    let band: Vec<String> = pts
        .iter()
        .filter(|(_, p)| p.ci_high.is_finite())
        .map(|(m, p)| format!("{:.1},{:.1}", sx.at(*m), sy.at(100.0 * p.ci_high)))
        .chain(
            pts.iter()
                .rev()
                .filter(|(_, p)| p.ci_low.is_finite())
                .map(|(m, p)| format!("{:.1},{:.1}", sx.at(*m), sy.at(100.0 * p.ci_low))),
        )
        .collect();
    if band.len() > 2 {
        let _ = write!(
            s,
            "<polygon points=\"{}\" fill=\"{col}\" fill-opacity=\"0.15\" stroke=\"none\"/>",
            band.join(" ")
        );
    }
    let line: Vec<String> = pts
        .iter()
        .map(|(m, p)| format!("{:.1},{:.1}", sx.at(*m), sy.at(100.0 * p.mean)))
        .collect();
    let _ = write!(
        s,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"{col}\" stroke-width=\"{}\"/>",
        line.join(" "),
        if a == super::columns::CONTROL_ARM {
            2.2
        } else {
            1.6
        }
    );
    let (lx, ly) = f.legend_at(k);
    let _ = write!(
        s,
        "<line x1=\"{lx:.1}\" x2=\"{:.1}\" y1=\"{ly:.1}\" y2=\"{ly:.1}\" stroke=\"{col}\" stroke-width=\"3\"/><text x=\"{:.1}\" y=\"{ly:.1}\" dominant-baseline=\"middle\" font-size=\"11\">{}</text>",
        lx + 18.0,
        lx + 24.0,
        esc(a)
    );
}

/// Effects on the percentiles of consumption per person at the horizon, in
/// percent of the control's percentile.
pub fn quantile_chart(data: &RunData, lang: Lang) -> String {
    let w = lang.words();
    let f = Frame::of_height(260.0);
    let rows: Vec<&QuantileEffect> = data
        .quantiles
        .iter()
        .filter(|q| q.when == When::HorizonEnd)
        .collect();
    let mut qs: Vec<u32> = rows.iter().map(|q| q.quantile).collect();
    qs.sort_unstable();
    qs.dedup();
    let vals: Vec<f64> = rows
        .iter()
        .flat_map(|q| [pct(q.ci_low, q.control), pct(q.ci_high, q.control)])
        .collect();
    let (lo, hi, ticks) = range(&vals, true);
    let sx = Scale {
        d0: 0.0,
        d1: 100.0,
        p0: f.left,
        p1: f.width - f.right,
    };
    let sy = f.y_scale(lo, hi);
    let mut s = open(f.width, f.height, w.chart_quantiles);
    y_grid(&mut s, &f, &sy, &ticks, lang, true);
    for q in &qs {
        let x = sx.at(*q as f64);
        let _ = write!(
            s,
            "<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"10\">P{q}</text>",
            f.height - f.bottom + 14.0
        );
    }
    x_title(&mut s, &f, w.percentile);
    let arms = data.treated();
    let n = arms.len().max(1) as f64;
    for (k, a) in arms.iter().enumerate() {
        let off = (k as f64 - (n - 1.0) / 2.0) * 5.0;
        let mine: Vec<&QuantileEffect> = rows.iter().copied().filter(|q| q.arm == *a).collect();
        quantile_marks(&mut s, data, &f, (&sx, &sy), (k, a, off), &mine);
    }
    s.push_str("</svg>");
    s
}

/// A value in percent of the control's.
fn pct(v: f64, ctl: f64) -> f64 {
    100.0 * v / ctl
}

/// An arm's effects by percentile, shifted by `off` pixels so arms do not
/// overlap: a line through the estimates, the 95% intervals, the dots, and
/// its legend entry (the `k`th).
fn quantile_marks(
    s: &mut String,
    data: &RunData,
    f: &Frame,
    (sx, sy): (&Scale, &Scale),
    (k, a, off): (usize, &str, f64),
    mine: &[&QuantileEffect],
) {
    let col = color(data, a);
    let line: Vec<String> = mine
        .iter()
        .filter(|q| q.diff.is_finite())
        .map(|q| {
            format!(
                "{:.1},{:.1}",
                sx.at(q.quantile as f64) + off,
                sy.at(pct(q.diff, q.control))
            )
        })
        .collect();
    let _ = write!(
        s,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"{col}\" stroke-width=\"1.6\"/>",
        line.join(" ")
    );
    for q in mine {
        let x = sx.at(q.quantile as f64) + off;
        if q.ci_low.is_finite() && q.ci_high.is_finite() {
            let _ = write!(
                s,
                "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"{col}\" stroke-width=\"1.5\"/>",
                sy.at(pct(q.ci_low, q.control)),
                sy.at(pct(q.ci_high, q.control))
            );
        }
        if q.diff.is_finite() {
            let _ = write!(
                s,
                "<circle cx=\"{x:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"{col}\"/>",
                sy.at(pct(q.diff, q.control))
            );
        }
    }
    let (lx, ly) = f.legend_at(k);
    let _ = write!(
        s,
        "<circle cx=\"{:.1}\" cy=\"{ly:.1}\" r=\"4\" fill=\"{col}\"/><text x=\"{:.1}\" y=\"{ly:.1}\" dominant-baseline=\"middle\" font-size=\"11\">{}</text>",
        lx + 8.0,
        lx + 20.0,
        esc(a)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_nice_and_include_zero() {
        let (lo, hi, t) = range(&[-3.9, -0.2], true);
        assert!(lo <= -3.9 && hi >= 0.0);
        assert!(t.contains(&0.0));
        assert_eq!(nice_step(0.0, 10.0, 4.0), 2.0);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(esc("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
