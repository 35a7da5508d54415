//! The charts of a finished sweep: Morris μ*–σ scatters, Sobol S1/ST bars,
//! response curves and, for a grid over exactly two parameters, heat maps,
//! from the [`super::analysis`].

use super::analysis::{Analysis, Indices, Output, Quantity, bin_x, charted, heatmap_shape};
use super::design::{PValue, Plan};
use crate::charts::{
    Chart, GroupedBarChart, HeatmapChart, LineChart, MultiLineGrid, ScatterChart, Series,
};
use crate::error::{Error, IoContext, Result};
use crate::sensitivity::{MorrisIndices, SobolIndices};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Labels for the parameters in charts: the key without its section when
/// that is unambiguous within the sweep (`capital_threshold`), else the
/// whole key.
pub(crate) fn short_names(plan: &Plan) -> Vec<String> {
    let last = |k: &str| k.rsplit('.').next().unwrap_or(k).to_string();
    plan.parameters
        .iter()
        .map(|p| {
            let s = last(&p.key);
            let clash = plan.parameters.iter().filter(|q| last(&q.key) == s).count() > 1;
            if clash { p.key.clone() } else { s }
        })
        .collect()
}

/// A parameter's name on an axis: an arm-scoped key (`a+b:program.budget`)
/// reads `program.budget (arms a, b)`.
pub(crate) fn axis_key(key: &str) -> String {
    match key.split_once(':') {
        Some((arms, k)) => format!("{k} (arms {})", arms.replace('+', ", ")),
        None => key.to_string(),
    }
}

/// Morris points with μ* below this share of the largest are not labelled.
pub(crate) const LABEL_SHARE: f64 = 0.05;

/// Most panels in one response figure (3 × 2): more would not be legible.
pub(crate) const PANELS_PER_FIGURE: usize = 6;

/// "poverty rate, month 36"
pub(crate) fn metric_label(plan: &Plan, metric: usize, month: usize) -> String {
    format!(
        "{}, month {}",
        plan.metrics[metric].replace('_', " "),
        plan.at_months[month]
    )
}

/// One chart to draw: given the path stem, writes its files.
pub(crate) type ChartJob<'a> = Box<dyn Fn(&Path) -> Result<Vec<PathBuf>> + Sync + 'a>;

/// What every chart of one report shares: the plan, the analysis, what is
/// charted and the parameters' short names.
struct Figures<'a> {
    plan: &'a Plan,
    an: &'a Analysis,
    /// "effect of multi_group (vs control)" or the arm's name.
    about: String,
    names: Vec<String>,
}

impl Figures<'_> {
    /// The index of an output in the analysis.
    fn output(&self, quantity: Quantity, arm: usize, metric: usize, month: usize) -> Option<usize> {
        self.an.outputs.iter().position(|o| {
            *o == Output {
                quantity,
                arm,
                metric,
                month,
            }
        })
    }
}

/// Morris, Sobol and response charts.
pub(crate) fn charts(
    plan: &Plan,
    an: &Analysis,
    idx: &[Indices],
    dir: &Path,
) -> Result<Vec<PathBuf>> {
    let chart_dir = dir.join("charts");
    crate::output::files::ensure_dir(&chart_dir)?;
    // temporaries of charts a killed run was drawing
    crate::output::files::remove_stale_temps(&chart_dir, &[]);
    let (arm, quantity) = charted(plan);
    let about = match quantity {
        Quantity::Effect => format!(
            "effect of {} (vs {})",
            plan.arms[arm],
            plan.control.as_deref().unwrap_or("control")
        ),
        Quantity::Level => plan.arms[arm].clone(),
    };
    let fig = Figures {
        plan,
        an,
        about,
        names: short_names(plan),
    };
    let mut jobs: Vec<(String, ChartJob<'_>)> = Vec::new();
    for metric in 0..plan.metrics.len() {
        for month in 0..plan.at_months.len() {
            let stem = format!("{}_m{}", plan.metrics[metric], plan.at_months[month]);
            let label = metric_label(plan, metric, month);
            let o = fig.output(quantity, arm, metric, month);
            match o.and_then(|o| idx.get(o)) {
                Some(Indices::Morris(m)) => {
                    let chart = morris_chart(&fig, m, &label);
                    jobs.push((
                        format!("morris_{stem}"),
                        Box::new(move |p: &Path| render(&chart, p)),
                    ));
                }
                Some(Indices::Sobol(s)) => {
                    let chart = sobol_chart(&fig, s, &label);
                    jobs.push((
                        format!("sobol_{stem}"),
                        Box::new(move |p: &Path| render(&chart, p)),
                    ));
                }
                _ => {}
            }
            if let Some(chart) = o.and_then(|o| heatmap_chart(&fig, o, &label)) {
                jobs.push((
                    format!("heatmap_{stem}"),
                    Box::new(move |p: &Path| render(&chart, p)),
                ));
            }
            let mut quantities = vec![Quantity::Level];
            if plan.control_index().is_some() && plan.arms.len() > 1 {
                quantities.push(Quantity::Effect);
            }
            for q in quantities {
                for (stem, chart) in response_charts(&fig, q, metric, month, &label, &stem) {
                    jobs.push((stem, Box::new(move |p: &Path| render(&chart, p))));
                }
            }
        }
    }
    let done: Vec<Result<Vec<PathBuf>>> = jobs
        .par_iter()
        .map(|(stem, f)| f(&chart_dir.join(stem)))
        .collect();
    let mut paths = Vec::new();
    for r in done {
        paths.extend(r?);
    }
    remove_stale(&chart_dir, &paths)?;
    Ok(paths)
}

/// μ* against σ, one labelled point per parameter.
fn morris_chart(fig: &Figures<'_>, m: &MorrisIndices, label: &str) -> ScatterChart {
    let plan = fig.plan;
    let top = m
        .mu_star
        .iter()
        .copied()
        .filter(|x| x.is_finite())
        .fold(0.0, f64::max);
    let hidden = m.mu_star.iter().filter(|x| **x < LABEL_SHARE * top).count();
    ScatterChart {
        title: format!("Morris screening: {label}"),
        subtitle: Some(format!(
            "{}; {} trajectories × {} replications. Right = more influential (whiskers: 95% bootstrap interval of μ*); up = non-linear or interacting{}",
            fig.about,
            plan.samples.unwrap_or(0),
            plan.replications,
            if hidden > 0 {
                format!("; {hidden} unlabelled near 0 (sensitivity.csv)")
            } else {
                String::new()
            }
        )),
        x_label: "μ* (mean |elementary effect| over the parameter's range)".into(),
        y_label: "σ (spread of the elementary effects)".into(),
        points: plan
            .parameters
            .iter()
            .enumerate()
            .map(|(j, _)| {
                // Crowded labels at the origin help no one.
                // the whole key: `wage_daily` alone hides its mechanism
                let label = if m.mu_star[j] >= LABEL_SHARE * top {
                    plan.parameters[j].key.clone()
                } else {
                    String::new()
                };
                (m.mu_star[j], m.sigma[j], label)
            })
            .collect(),
        diagonal: Some(1.0),
        x_intervals: m
            .mu_star_conf_low
            .iter()
            .zip(&m.mu_star_conf_high)
            .map(|(l, h)| Some((*l, *h)))
            .collect(),
    }
}

/// S1 and ST bars with their bootstrap intervals, per parameter.
fn sobol_chart(fig: &Figures<'_>, s: &SobolIndices, label: &str) -> GroupedBarChart {
    let val = |v: &[f64], lo: &[f64], hi: &[f64]| -> Vec<(f64, Option<(f64, f64)>)> {
        v.iter()
            .zip(lo)
            .zip(hi)
            .map(|((v, l), h)| (*v, Some((*l, *h))))
            .collect()
    };
    GroupedBarChart {
        title: format!("Sobol indices: {label}"),
        subtitle: Some(format!(
            "{}; N = {}, bars: 95% bootstrap intervals. S1 = share of variance from the parameter alone; ST = with its interactions",
            fig.about,
            fig.plan.samples.unwrap_or(0)
        )),
        y_label: "share of output variance".into(),
        categories: fig.names.clone(),
        groups: vec![
            ("S1".into(), val(&s.s1, &s.s1_conf_low, &s.s1_conf_high)),
            ("ST".into(), val(&s.st, &s.st_conf_low, &s.st_conf_high)),
        ],
    }
}

/// Response figures: a panel per numeric parameter, a line per arm, at
/// most [`PANELS_PER_FIGURE`] panels a figure; (file stem, figure).
fn response_charts(
    fig: &Figures<'_>,
    quantity: Quantity,
    metric: usize,
    month: usize,
    label: &str,
    stem: &str,
) -> Vec<(String, MultiLineGrid)> {
    let plan = fig.plan;
    let panels: Vec<LineChart> = plan
        .parameters
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind.is_numeric())
        .map(|(j, _)| response_panel(fig, quantity, j, metric, month))
        .collect();
    let effect = quantity == Quantity::Effect;
    let (what, tag) = if effect {
        let control = plan.control_index().map_or("", |c| plan.arms[c].as_str());
        (format!("effect against {control}"), "response_effect")
    } else {
        (String::new(), "response")
    };
    let parts = panels.len().div_ceil(PANELS_PER_FIGURE);
    let mut out = Vec::new();
    for (part, chunk) in panels.chunks(PANELS_PER_FIGURE).enumerate() {
        let n = chunk.len();
        let chart = MultiLineGrid {
            title: match (parts > 1, effect) {
                (true, false) => format!("Response: {label} ({}/{parts})", part + 1),
                (false, false) => format!("Response: {label}"),
                (true, true) => format!("Response: {what}, {label} ({}/{parts})", part + 1),
                (false, true) => format!("Response: {what}, {label}"),
            },
            subtitle: Some(
                if plan.parameters.len() == 1 && plan.method.as_str() == "grid" {
                    format!(
                        "{}{} at each value: mean over {} replication{} (the same seeds at every value{}), 95% Monte Carlo bands",
                        plan.metrics[metric].replace('_', " "),
                        if effect { ", arm minus control," } else { "" },
                        plan.replications,
                        super::plural(plan.replications as usize),
                        if effect {
                            "; paired by replication"
                        } else {
                            ""
                        }
                    )
                } else {
                    format!(
                        "{} by parameter value: mean over the {} points in each bin (the other parameters averaged over the design; bins of fewer than 3 points left out) and {} replication{}, 95% bands",
                        plan.metrics[metric].replace('_', " "),
                        plan.method.as_str(),
                        plan.replications,
                        super::plural(plan.replications as usize)
                    )
                },
            ),
            panels: chunk.to_vec(),
            columns: Some(if n == 4 { 2 } else { n.min(3) }),
        };
        let stem = if parts > 1 {
            format!("{tag}_{stem}_{}", part + 1)
        } else {
            format!("{tag}_{stem}")
        };
        out.push((stem, chart));
    }
    out
}

/// Fewest points a response bin needs to be drawn: a mean of one or two
/// points zig-zags with the other parameters' draws.
pub(crate) const MIN_BIN_POINTS: u64 = 3;

/// The unit of a money metric, for axis and scale titles (README
/// §Metrics: money in rupiah per month; stocks in rupiah).
fn money_unit(metric: &str) -> Option<&'static str> {
    match metric {
        "mean_assets" | "mean_debt" | "mean_savings" | "program_cost" => Some("Rp"),
        "mean_income"
        | "median_income"
        | "mean_consumption_pc"
        | "mean_consumption_hh"
        | "mean_wage_income"
        | "mean_enterprise_income"
        | "firm_profit"
        | "consumption_pc_sd"
        | "income_sd" => Some("Rp/month"),
        m if m.starts_with("consumption_pc_p") => Some("Rp/month"),
        _ => None,
    }
}

/// A grid level as a tick label: numbers of 10,000 and more with k, M or
/// bn (`3e8` → `300M`), others as written in `points.csv`.
fn level_label(v: &PValue) -> String {
    match v.as_f64() {
        Some(x) if x.abs() >= 1e4 => {
            let (unit, suffix) = if x.abs() >= 1e9 {
                (1e9, "bn")
            } else if x.abs() >= 1e6 {
                (1e6, "M")
            } else {
                (1e3, "k")
            };
            format!(
                "{}{suffix}",
                crate::output::files::num(x / unit).replace('-', "\u{2212}")
            )
        }
        Some(x) if x < 0.0 => v.csv().replacen('-', "\u{2212}", 1),
        _ => v.csv(),
    }
}

/// The heat map of output `o` over the two parameters of a grid: the first
/// parameter across, the second up, numeric levels in increasing order
/// (others as listed), each cell the mean of the output at that point.
fn heatmap_chart(fig: &Figures<'_>, o: usize, label: &str) -> Option<HeatmapChart> {
    let (plan, an) = (fig.plan, fig.an);
    let (na, nb) = heatmap_shape(plan)?;
    let cells = an.cells.get(o).filter(|c| c.len() == na * nb)?;
    let out = an.outputs[o];
    let lists: Vec<&[PValue]> = plan
        .parameters
        .iter()
        .map(|p| p.values.as_deref().unwrap_or_default())
        .collect();
    // Positions in each list, in axis order.
    let order = |list: &[PValue]| -> Vec<usize> {
        let mut idx: Vec<usize> = (0..list.len()).collect();
        if list.iter().all(|v| v.as_f64().is_some()) {
            idx.sort_by(|&i, &j| {
                let (x, y) = (list[i].as_f64(), list[j].as_f64());
                x.unwrap_or(0.0).total_cmp(&y.unwrap_or(0.0))
            });
        }
        idx
    };
    let (cols, rows) = (order(lists[0]), order(lists[1]));
    let metric = &plan.metrics[out.metric];
    let share = is_share(metric);
    let effect = out.quantity == Quantity::Effect;
    // Shares: a level in percent, an effect in percentage points.
    let scale = if share && effect { 100.0 } else { 1.0 };
    let values: Vec<Vec<f64>> = rows
        .iter()
        .map(|&b| {
            cols.iter()
                .map(|&a| cells[a * nb + b].mean() * scale)
                .collect()
        })
        .collect();
    let (lo, hi) = values
        .iter()
        .flatten()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
            (l.min(*v), h.max(*v))
        });
    let unit = match (share, effect) {
        (true, true) => Some("percentage points"),
        (true, false) => Some("%"),
        _ => money_unit(metric),
    };
    let what = metric_label(plan, out.metric, out.month);
    let scale_label = format!(
        "{}{}",
        if effect {
            format!("effect on {what}")
        } else {
            what
        },
        unit.map(|u| format!(" ({u})")).unwrap_or_default()
    );
    let r = plan.replications as usize;
    let few = cells
        .iter()
        .filter(|c| c.n > 0 && c.reps < c.n * r as u64)
        .count();
    let mut note = format!(
        "Each cell: one grid point, the mean over its {r} replication{} of {}.",
        super::plural(r),
        if effect {
            format!(
                "{} − {} (paired by replication)",
                plan.arms[out.arm],
                plan.control.as_deref().unwrap_or("control")
            )
        } else {
            plan.arms[out.arm].clone()
        }
    );
    if few > 0 {
        note.push_str(&format!(
            " {few} {} on fewer replications (undefined values left out).",
            if few == 1 { "cell rests" } else { "cells rest" }
        ));
    }
    Some(HeatmapChart {
        title: format!("Heat map: {label}"),
        subtitle: Some(format!(
            "{} by {} and {}",
            fig.about, plan.parameters[0].key, plan.parameters[1].key
        )),
        x_label: axis_key(&plan.parameters[0].key),
        y_label: axis_key(&plan.parameters[1].key),
        x_levels: cols.iter().map(|&a| level_label(&lists[0][a])).collect(),
        y_levels: rows.iter().map(|&b| level_label(&lists[1][b])).collect(),
        values,
        scale_label,
        percent: share && !effect,
        // A natural zero: no effect, or a level that changes sign.
        diverging: effect || (lo < 0.0 && hi > 0.0),
        note: Some(note),
    })
}

/// Metrics that are shares of households (drawn in percent, as the run
/// charts do).
fn is_share(metric: &str) -> bool {
    metric.ends_with("_share") || matches!(metric, "poverty_rate" | "repayment_rate")
}

/// The response of one parameter: a line per arm through its bins, with a
/// 95% band of each bin's mean (over the points in the bin); bins with
/// fewer than [`MIN_BIN_POINTS`] points are left out (a grid's bins are
/// exact values and always kept). The control is drawn last, on top.
fn response_panel(
    fig: &Figures<'_>,
    quantity: Quantity,
    j: usize,
    metric: usize,
    month: usize,
) -> LineChart {
    let (plan, an) = (fig.plan, fig.an);
    let is_grid = plan.method.as_str() == "grid";
    let control = plan.control_index();
    let mut order: Vec<usize> = (0..plan.arms.len())
        .filter(|a| Some(*a) != control)
        .collect();
    if quantity == Quantity::Level {
        order.extend(control);
    }
    let m = &plan.metrics[metric];
    let share = is_share(m);
    // an effect on a share is drawn in percentage points
    let effect = quantity == Quantity::Effect;
    let points = effect && share;
    let scale = if points { 100.0 } else { 1.0 };
    let series = order
        .into_iter()
        .filter_map(|a| {
            let o = fig.output(quantity, a, metric, month)?;
            let mut pts: Vec<(f64, f64, f64, f64)> = an.bins[o][j]
                .iter()
                .enumerate()
                .filter(|(_, b)| b.n > 0 && (is_grid || b.n >= MIN_BIN_POINTS))
                .map(|(k, b)| {
                    let mean = b.sum_y / b.n as f64;
                    let half = if b.n > 1 {
                        half_width(b.sum_y, b.sum_y2, b.n)
                    } else {
                        replication_half_width(b)
                    };
                    (
                        bin_x(plan, j, &an.binnings[j], k, b),
                        mean,
                        mean - half,
                        mean + half,
                    )
                })
                .collect();
            pts.sort_by(|a, b| a.0.total_cmp(&b.0));
            let band = pts
                .iter()
                .map(|p| (p.0, scale * p.2, scale * p.3))
                .collect();
            Some(
                Series::new(
                    plan.arms[a].clone(),
                    pts.iter().map(|p| (p.0, scale * p.1)).collect(),
                )
                .with_band(band),
            )
        })
        .collect();
    LineChart {
        title: fig.names[j].clone(),
        x_label: axis_key(&plan.parameters[j].key),
        y_label: {
            let name = m.replace('_', " ");
            let what = if effect {
                format!("effect on {name}")
            } else {
                name
            };
            let unit = match (share, effect) {
                (true, true) => Some("percentage points"),
                (true, false) => Some("%"),
                (false, _) => money_unit(m),
            };
            match unit {
                Some(u) => format!("{what} ({u})"),
                None => what,
            }
        },
        series,
        percent_y: share && !points,
        ..Default::default()
    }
}

/// Half-width of the 95% interval of a one-point bin's mean over its
/// replications (0 with fewer than two).
fn replication_half_width(b: &super::analysis::Bin) -> f64 {
    half_width(b.rep_sum, b.rep_sum2, b.reps)
}

/// Half-width of the 95% normal interval of a mean from the sum and the sum
/// of squares of its `n` values (0 with fewer than two).
fn half_width(sum: f64, sum2: f64, n: u64) -> f64 {
    if n < 2 {
        return 0.0;
    }
    let n = n as f64;
    let mean = sum / n;
    let var = ((sum2 - n * mean * mean) / (n - 1.0)).max(0.0);
    1.96 * (var / n).sqrt()
}

/// Removes charts of an earlier report in this folder (other metrics,
/// another layout), which would be mistaken for this sweep's.
fn remove_stale(chart_dir: &Path, paths: &[PathBuf]) -> Result<()> {
    for e in std::fs::read_dir(chart_dir).ctx(|| format!("reading {}", chart_dir.display()))? {
        let p = e.ctx(|| format!("reading {}", chart_dir.display()))?.path();
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ours = ["morris_", "sobol_", "response_", "heatmap_"]
            .iter()
            .any(|k| name.starts_with(k))
            && (name.ends_with(".svg") || name.ends_with(".png"));
        if ours && !paths.contains(&p) {
            std::fs::remove_file(&p).ctx(|| format!("removing {}", p.display()))?;
        }
    }
    Ok(())
}

pub(crate) fn render(chart: &impl Chart, stem: &Path) -> Result<Vec<PathBuf>> {
    chart
        .render(stem)
        .map_err(|e| Error::Other(format!("drawing {}: {e}", stem.display())))
}

#[cfg(test)]
mod band_tests {
    use super::*;

    #[test]
    fn a_one_point_bin_gets_the_interval_of_its_replications() {
        // replications 1, 2, 3, 4: mean 2.5, sd sqrt(5/3), half-width
        // 1.96 sd / sqrt(4)
        let b = super::super::analysis::Bin {
            rep_sum: 10.0,
            rep_sum2: 30.0,
            reps: 4,
            ..Default::default()
        };
        let want = 1.96 * (5.0f64 / 3.0).sqrt() / 2.0;
        assert!((replication_half_width(&b) - want).abs() < 1e-12);
        // fewer than two replications: no interval
        let one = super::super::analysis::Bin {
            rep_sum: 3.0,
            rep_sum2: 9.0,
            reps: 1,
            ..Default::default()
        };
        assert_eq!(replication_half_width(&one), 0.0);
    }
}
