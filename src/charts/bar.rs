//! Grouped bar charts with error bars.

use plotters::prelude::*;

use super::ChartError;
use super::canvas::{
    self, AXIS, Canvas, Draw, H, HA, INK, Key, LegendEntry, MARGIN, Plot, Rect, TICK_EM, TICK_GAP,
    VA, W,
};
use super::format::{self, AxisOpts, AxisSpec, NumFmt, finite_extent};
use super::palette::ColorMap;

/// One bar: the mean and an optional (lo, hi) interval.
pub type BarValue = (f64, Option<(f64, f64)>);

/// Bars grouped by category (x axis), one bar per group (arm) in each.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupedBarChart {
    pub title: String,
    pub subtitle: Option<String>,
    /// y-axis title with units.
    pub y_label: String,
    /// Categories along the x axis, e.g. economic, social, political,
    /// psychological.
    pub categories: Vec<String>,
    /// (arm, one (mean, optional (lo, hi) interval) per category). Each
    /// group must have exactly one value per category; non-finite values
    /// leave a gap.
    pub groups: Vec<(String, Vec<BarValue>)>,
}

impl GroupedBarChart {
    fn validate(&self) -> Result<(), ChartError> {
        for (name, vals) in &self.groups {
            if vals.len() != self.categories.len() {
                return Err(ChartError::InvalidData(format!(
                    "bar group {name:?} has {} values but there are {} categories",
                    vals.len(),
                    self.categories.len()
                )));
            }
        }
        Ok(())
    }

    fn extent(&self) -> Option<(f64, f64)> {
        finite_extent(self.groups.iter().flat_map(|(_, v)| {
            v.iter().flat_map(|(m, ci)| {
                let (a, b) = ci.unwrap_or((f64::NAN, f64::NAN));
                [*m, a, b]
            })
        }))
    }
}

impl Draw for GroupedBarChart {
    fn draw<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>) -> Result<(), ChartError> {
        self.validate()?;
        let top = canvas::draw_header(cv, &self.title, self.subtitle.as_deref())?;
        let any_ci = self
            .groups
            .iter()
            .any(|(_, v)| v.iter().any(|(_, ci)| ci.is_some()));
        let note = any_ci.then_some("Bars: means; error bars: 95% confidence intervals.");
        let foot = canvas::footnote_height(note);
        canvas::draw_footnote(cv, note)?;

        let cmap = ColorMap::from_names(self.groups.iter().map(|g| g.0.as_str()));
        let legend: Vec<LegendEntry> = self
            .groups
            .iter()
            .map(|(name, _)| LegendEntry {
                label: name.clone(),
                key: Key::Swatch {
                    color: cmap.fill(name),
                },
            })
            .collect();
        let lw = canvas::legend_width(&legend);
        let legend_x = W - MARGIN - lw;
        canvas::draw_legend(cv, &legend, legend_x, top + 4.0)?;

        let y_spec = format::numeric_axis(
            self.extent(),
            AxisOpts {
                fmt: NumFmt::Auto,
                target_ticks: 6,
                include_zero: true,
                zero_baseline: true,
                loose: true,
                pad: 0.02,
            },
        )?;
        let ncat = self.categories.len().max(1);
        let left = MARGIN + canvas::left_gutter(&y_spec.labels, Some(&self.y_label));
        let right = legend_x - 28.0;
        let slot = (right - left) / ncat as f64;
        let cat_lines: Vec<Vec<String>> = self
            .categories
            .iter()
            .map(|c| canvas::wrap_text(c, TICK_EM, slot - 8.0, 2))
            .collect();
        let tick_lines = cat_lines.iter().map(Vec::len).max().unwrap_or(1);
        let bottom = H - MARGIN - foot - canvas::bottom_gutter(tick_lines, None) + 6.0;
        let plot = Plot {
            r: Rect::new(left, top, right, bottom),
            x: (-0.5, ncat as f64 - 0.5),
            y: (y_spec.lo, y_spec.hi),
        };
        if plot.r.w() < 40.0 || plot.r.h() < 40.0 {
            return Err(ChartError::InvalidData(
                "not enough room for the plot (labels too long?)".to_string(),
            ));
        }
        canvas::draw_y_axis(cv, &plot, &y_spec, true)?;
        canvas::draw_axis_titles(cv, &plot, None, 0.0, Some(&self.y_label), MARGIN)?;

        // category labels
        for (c, lines) in cat_lines.iter().enumerate() {
            let x = plot.px(c as f64);
            for (k, l) in lines.iter().enumerate() {
                let y = plot.r.y1 + TICK_GAP + 2.0 + k as f64 * TICK_EM * 1.3;
                cv.text(l, x, y, TICK_EM, INK, HA::Center, VA::Top)?;
            }
        }

        if self.groups.is_empty() || self.categories.is_empty() || self.extent().is_none() {
            canvas::draw_no_data(cv, &plot.r)?;
        }
        draw_bars(cv, self, &plot, &y_spec, &cmap)?;
        // baseline at zero (or the axis bottom) on top of the bars
        let base = plot.py(0.0f64.clamp(y_spec.lo, y_spec.hi));
        cv.line(&[(plot.r.x0, base), (plot.r.x1, base)], AXIS.to_rgba(), 1.2)
    }
}

fn draw_bars<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    chart: &GroupedBarChart,
    plot: &Plot,
    y_spec: &AxisSpec,
    cmap: &ColorMap,
) -> Result<(), ChartError> {
    let ng = chart.groups.len().max(1) as f64;
    let slot_w = plot.r.w() / chart.categories.len().max(1) as f64;
    let group_w = slot_w * 0.8;
    let bar_w = group_w / ng;
    let inner = bar_w * if ng > 1.0 { 0.86 } else { 0.7 };
    let cap = (inner * 0.22).clamp(2.5, 8.0);
    let zero = 0.0f64.clamp(y_spec.lo, y_spec.hi);
    for (g, (name, vals)) in chart.groups.iter().enumerate() {
        let fill = cmap.fill(name).to_rgba();
        for (c, (mean, ci)) in vals.iter().enumerate() {
            let xc = plot.px(c as f64) - group_w / 2.0 + bar_w * (g as f64 + 0.5);
            if mean.is_finite() {
                let (y0, y1) = (plot.py(zero), plot.py(*mean));
                cv.fill_rect(
                    Rect::new(xc - inner / 2.0, y0.min(y1), xc + inner / 2.0, y0.max(y1)),
                    fill,
                )?;
            }
            if let Some((lo, hi)) = ci
                && lo.is_finite()
                && hi.is_finite()
            {
                let (a, b) = (plot.py(*lo), plot.py(*hi));
                let ink = INK.to_rgba();
                cv.line(&[(xc, a), (xc, b)], ink, 1.4)?;
                cv.line(&[(xc - cap, a), (xc + cap, a)], ink, 1.4)?;
                cv.line(&[(xc - cap, b), (xc + cap, b)], ink, 1.4)?;
            }
        }
    }
    Ok(())
}
