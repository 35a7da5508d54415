//! Axis ranges, "nice" ticks and tick-label formatting.

use super::ChartError;

/// How tick values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumFmt {
    /// Fractions shown as percentages (0.085 → "8.5%").
    Percent,
    /// Plain numbers with thousands separators; large magnitudes (≥ 10,000)
    /// use k / M / bn suffixes.
    Auto,
}

/// A numeric axis: its range, tick positions and tick labels.
#[derive(Debug, Clone)]
pub(crate) struct AxisSpec {
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<f64>,
    pub labels: Vec<String>,
}

/// Options for [`numeric_axis`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct AxisOpts {
    pub fmt: NumFmt,
    /// Approximate number of ticks wanted.
    pub target_ticks: usize,
    /// Always show zero.
    pub include_zero: bool,
    /// Keep zero as the edge of the axis when the data lie on one side of
    /// it (bars, counts); otherwise both ends are padded.
    pub zero_baseline: bool,
    /// Extend the range to the enclosing ticks ("loose" axis). When false
    /// the range is the padded data range and ticks fall inside it.
    pub loose: bool,
    /// Fraction of the span added on each side before rounding.
    pub pad: f64,
}

const MAX_TICKS: usize = 200;

/// Min and max of the finite values, or `None` when there are none.
pub(crate) fn finite_extent<I: IntoIterator<Item = f64>>(vals: I) -> Option<(f64, f64)> {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for v in vals {
        if v.is_finite() {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    (lo <= hi).then_some((lo, hi))
}

/// A "nice" step (1, 2 or 5 × 10^k) giving the number of intervals
/// closest to `target`.
pub(crate) fn nice_step(span: f64, target: usize) -> f64 {
    let target = target.max(1) as f64;
    let raw = span / target;
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let mut best = mag;
    let mut best_err = f64::INFINITY;
    for m in [1.0, 2.0, 5.0, 10.0] {
        let step = m * mag;
        let err = (span / step / target).ln().abs();
        if err < best_err {
            best = step;
            best_err = err;
        }
    }
    best
}

/// The next smaller 1-2-5 step.
fn smaller_step(step: f64) -> f64 {
    let mag = 10f64.powf(step.log10().floor());
    let m = (step / mag).round();
    if m >= 5.0 {
        2.0 * mag
    } else if m >= 2.0 {
        mag
    } else {
        0.5 * mag
    }
}

/// Builds an axis covering the finite extent `extent` (or 0..1 when `None`).
pub(crate) fn numeric_axis(
    extent: Option<(f64, f64)>,
    opts: AxisOpts,
) -> Result<AxisSpec, ChartError> {
    let (mut lo, mut hi) = extent.unwrap_or((0.0, 1.0));
    if opts.include_zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    let scale = lo.abs().max(hi.abs());
    if !scale.is_finite() || scale > 1e300 {
        return Err(ChartError::InvalidData(format!(
            "values too large to plot ({lo:e} .. {hi:e})"
        )));
    }
    // Degenerate (all-equal) range: pad around the value.
    if hi - lo <= scale * 1e-12 || hi - lo < 1e-300 {
        let pad = if scale > 1e-200 { scale * 0.1 } else { 1.0 };
        if opts.zero_baseline && lo == 0.0 {
            hi = pad;
        } else {
            lo -= pad;
            hi += pad;
        }
    }
    let span = hi - lo;
    // Pad, but never push a zero baseline away from zero.
    if !(opts.zero_baseline && lo == 0.0) {
        lo -= span * opts.pad;
    }
    if !(opts.zero_baseline && hi == 0.0) {
        hi += span * opts.pad;
    }
    let span = hi - lo;
    let mut step = nice_step(span, opts.target_ticks);
    // At least three labelled ticks, so the scale can be read.
    for _ in 0..4 {
        let n = (hi / step + 1e-9).floor() - (lo / step - 1e-9).ceil() + 1.0;
        if n >= 3.0 {
            break;
        }
        step = smaller_step(step);
    }
    if opts.loose {
        // Extend to the enclosing ticks unless that wastes much room.
        let llo = (lo / step + 1e-9).floor() * step;
        let lhi = (hi / step - 1e-9).ceil() * step;
        if lo - llo <= 0.12 * span {
            lo = llo;
        }
        if lhi - hi <= 0.12 * span {
            hi = lhi;
        }
    }
    let first = (lo / step - 1e-9).ceil();
    let mut ticks = Vec::new();
    let mut k = first;
    while ticks.len() < MAX_TICKS {
        let t = k * step;
        if t > hi + step * 1e-9 {
            break;
        }
        // snap tiny values to exactly zero so they print as "0"
        ticks.push(if t.abs() < step * 1e-9 { 0.0 } else { t });
        k += 1.0;
    }
    let labels = format_ticks(&ticks, step, opts.fmt);
    Ok(AxisSpec {
        lo,
        hi,
        ticks,
        labels,
    })
}

/// Decimals needed to print multiples of `step` exactly.
pub(crate) fn decimals_for(step: f64) -> usize {
    let step = step.abs();
    if !(step.is_finite() && step > 0.0) {
        return 0;
    }
    for d in 0..=8 {
        let scaled = step * 10f64.powi(d as i32);
        if (scaled - scaled.round()).abs() <= 1e-6 * scaled.max(1.0) {
            return d;
        }
    }
    8
}

/// The unit and suffix numbers up to `max` (in absolute value) are written
/// in: billions ("bn"), millions ("M"), thousands ("k", from 10,000) or as
/// they are.
pub(crate) fn magnitude(max: f64) -> (f64, &'static str) {
    if max >= 1e9 {
        (1e9, "bn")
    } else if max >= 1e6 {
        (1e6, "M")
    } else if max >= 1e4 {
        (1e3, "k")
    } else {
        (1.0, "")
    }
}

/// Formats tick values given the step between them.
pub(crate) fn format_ticks(ticks: &[f64], step: f64, fmt: NumFmt) -> Vec<String> {
    match fmt {
        NumFmt::Percent => {
            let d = decimals_for(step * 100.0);
            ticks
                .iter()
                .map(|t| format!("{}%", group_thousands(t * 100.0, d)))
                .collect()
        }
        NumFmt::Auto => {
            let max = ticks.iter().fold(0f64, |m, t| m.max(t.abs()));
            let (unit, suffix) = magnitude(max);
            let d = decimals_for(step / unit);
            ticks
                .iter()
                .map(|t| {
                    if *t == 0.0 {
                        "0".to_string()
                    } else {
                        format!("{}{}", group_thousands(t / unit, d), suffix)
                    }
                })
                .collect()
        }
    }
}

/// Formats a single value with a sensible number of significant digits
/// (used for annotations such as a diagonal's slope).
pub(crate) fn format_value(v: f64) -> String {
    if !v.is_finite() {
        return "n/a".to_string();
    }
    let a = v.abs();
    let d = if a >= 100.0 || a == 0.0 {
        0
    } else if a >= 10.0 {
        1
    } else if a >= 1.0 {
        2
    } else {
        // three significant digits
        (2 - a.log10().floor() as i32).clamp(0, 8) as usize
    };
    let s = group_thousands(v, d);
    if s.contains('.') {
        let s = s.trim_end_matches('0').trim_end_matches('.');
        s.to_string()
    } else {
        s
    }
}

/// `1234567.891` with 1 decimal → `1,234,567.9`; negative numbers use a
/// typographic minus sign.
pub(crate) fn group_thousands(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if let Some(f) = frac {
        grouped.push('.');
        grouped.push_str(&f);
    }
    let is_zero = s.chars().all(|c| c == '0' || c == '.');
    if v < 0.0 && !is_zero {
        format!("\u{2212}{grouped}")
    } else {
        grouped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(fmt: NumFmt) -> AxisOpts {
        AxisOpts {
            fmt,
            target_ticks: 6,
            include_zero: false,
            zero_baseline: false,
            loose: true,
            pad: 0.0,
        }
    }

    #[test]
    fn percent_ticks() {
        let a = numeric_axis(Some((0.08, 0.11)), opts(NumFmt::Percent)).unwrap();
        assert_eq!(a.labels.first().unwrap(), "8.0%");
        assert!(a.labels.contains(&"10.5%".to_string()), "{:?}", a.labels);
        // few ticks get refined
        let a = numeric_axis(
            Some((-3.0, 1.0)),
            AxisOpts {
                target_ticks: 2,
                loose: false,
                ..opts(NumFmt::Auto)
            },
        )
        .unwrap();
        assert!(a.ticks.len() >= 3, "{:?}", a.ticks);
        let a = numeric_axis(
            Some((0.08, 0.11)),
            AxisOpts {
                include_zero: true,
                zero_baseline: true,
                ..opts(NumFmt::Percent)
            },
        )
        .unwrap();
        assert_eq!(a.lo, 0.0);
        assert_eq!(a.labels.first().unwrap(), "0%");
    }

    #[test]
    fn rupiah_suffixes() {
        let a = numeric_axis(Some((0.0, 2_500_000.0)), opts(NumFmt::Auto)).unwrap();
        assert!(a.labels.contains(&"1.5M".to_string()), "{:?}", a.labels);
        let a = numeric_axis(Some((0.0, 4000.0)), opts(NumFmt::Auto)).unwrap();
        assert!(a.labels.contains(&"3,000".to_string()), "{:?}", a.labels);
        assert_eq!(group_thousands(-1234567.0, 0), "\u{2212}1,234,567");
        assert_eq!(group_thousands(-0.0001, 2), "0.00");
    }

    #[test]
    fn degenerate_ranges_never_panic() {
        for ext in [
            None,
            Some((5.0, 5.0)),
            Some((0.0, 0.0)),
            Some((-3.0, -3.0)),
            Some((1e-320, 1e-320)),
        ] {
            for z in [false, true] {
                let a = numeric_axis(
                    ext,
                    AxisOpts {
                        include_zero: z,
                        zero_baseline: z,
                        ..opts(NumFmt::Auto)
                    },
                )
                .unwrap();
                assert!(a.hi > a.lo, "{ext:?} {a:?}");
                assert!(!a.ticks.is_empty());
            }
        }
        assert!(numeric_axis(Some((-1e308, 1e308)), opts(NumFmt::Auto)).is_err());
        assert_eq!(
            finite_extent([f64::NAN, 1.0, f64::INFINITY, -2.0]),
            Some((-2.0, 1.0))
        );
        assert_eq!(finite_extent([f64::NAN]), None);
    }

    #[test]
    fn values() {
        assert_eq!(format_value(0.5), "0.5");
        assert_eq!(format_value(1.0), "1");
        assert_eq!(format_value(0.123456), "0.123");
        assert_eq!(decimals_for(0.25), 2);
        assert_eq!(decimals_for(20.0), 0);
    }
}
