//! Charts of a finished run, drawn from its files (never from the live
//! model), so `berdaya plot DIR` redraws exactly what `berdaya run` drew.
//!
//! Reads `manifest.json` (arm order, each arm's program end and
//! facilitators' exit), `summary.csv`, `timeseries.csv` (for the paired
//! effect over time), and when present `effects.csv` and
//! `quantile_effects.csv`; writes SVG and PNG into `DIR/charts/`. Column
//! names come from [`crate::output::columns`].

use crate::charts::{
    Chart, EffectChart, EffectPanel, EffectRow, GroupedBarChart, LineChart, MultiLineGrid, Series,
};
use crate::error::{Error, Result};
use crate::output::columns as c;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// One row of `summary.csv`.
#[derive(Debug, Clone, Copy)]
struct Stat {
    n: u64,
    mean: f64,
    lo: f64,
    hi: f64,
}

/// `summary.csv` by (arm, metric): each month's statistics.
type SummaryMap = HashMap<(String, String), Vec<(u32, Stat)>>;

/// One arm as the manifest lists it.
#[derive(Debug, Clone, Default)]
pub struct ArmInfo {
    pub name: String,
    /// Last month of the program (its budget), when before the horizon.
    pub program_end: Option<u32>,
    /// Last month the facilitators work, when before the horizon.
    pub facilitators_exit: Option<u32>,
}

/// What the charts need from a run folder.
pub struct RunFiles {
    pub experiment: String,
    pub arms: Vec<String>,
    pub arm_info: Vec<ArmInfo>,
    pub months: u32,
    pub replications: u64,
    /// The latest program end over the arms (the empowerment chart's month).
    pub program_end: Option<u32>,
    summary: SummaryMap,
    effects: Vec<HashMap<String, String>>,
    quantiles: Vec<HashMap<String, String>>,
    dir: PathBuf,
}

/// `summary.csv`, streamed record by record into typed statistics (the
/// largest file the charts read: arms × months × metrics rows; no row is
/// ever held as strings).
fn read_summary(path: &Path) -> Result<SummaryMap> {
    let bad = |e: &dyn std::fmt::Display| Error::Usage(format!("{}: {e}", path.display()));
    let mut r = csv::Reader::from_path(path)
        .map_err(|e| Error::Usage(format!("cannot read {}: {e}", path.display())))?;
    let headers = r.headers().map_err(|e| bad(&e))?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| bad(&format!("no column `{name}`")))
    };
    let (arm, metric, month) = (col(c::ARM)?, col(c::METRIC)?, col(c::MONTH)?);
    let (n, mean, lo, hi) = (
        col(c::N)?,
        col(c::MEAN)?,
        col(c::MEAN_CI_LOW)?,
        col(c::MEAN_CI_HIGH)?,
    );
    let num = |v: Option<&str>| v.and_then(|v| v.parse::<f64>().ok()).unwrap_or(f64::NAN);
    let mut out = SummaryMap::new();
    let mut rec = csv::StringRecord::new();
    while r.read_record(&mut rec).map_err(|e| bad(&e))? {
        let (a, m) = (rec.get(arm).unwrap_or(""), rec.get(metric).unwrap_or(""));
        let stat = Stat {
            n: rec.get(n).and_then(|v| v.parse().ok()).unwrap_or(0),
            mean: num(rec.get(mean)),
            lo: num(rec.get(lo)),
            hi: num(rec.get(hi)),
        };
        let at = rec.get(month).and_then(|v| v.parse().ok()).unwrap_or(0);
        match out.get_mut(&(a.to_string(), m.to_string())) {
            Some(v) => v.push((at, stat)),
            None => {
                out.insert((a.to_string(), m.to_string()), vec![(at, stat)]);
            }
        }
    }
    Ok(out)
}

pub(crate) fn read_csv(path: &Path) -> Result<Vec<HashMap<String, String>>> {
    let mut r = csv::Reader::from_path(path)
        .map_err(|e| Error::Usage(format!("cannot read {}: {e}", path.display())))?;
    let headers = r
        .headers()
        .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?
        .clone();
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
        out.push(
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect(),
        );
    }
    Ok(out)
}

pub(crate) fn f(row: &HashMap<String, String>, k: &str) -> f64 {
    row.get(k).and_then(|v| v.parse().ok()).unwrap_or(f64::NAN)
}

pub(crate) fn s<'a>(row: &'a HashMap<String, String>, k: &str) -> &'a str {
    row.get(k).map(String::as_str).unwrap_or("")
}

/// Reads a run folder's `manifest.json`: experiment name, arms (with their
/// moments), months, replications.
pub(crate) fn read_manifest(dir: &Path) -> Result<(String, Vec<ArmInfo>, u32, u64)> {
    let manifest_path = dir.join(c::MANIFEST);
    let text = std::fs::read_to_string(&manifest_path).map_err(|e| {
        Error::Usage(format!(
            "{} is not a finished run folder: cannot read manifest.json ({e})",
            dir.display()
        ))
    })?;
    let m: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| Error::Usage(format!("{}: not valid JSON: {e}", manifest_path.display())))?;
    let month = |v: &serde_json::Value| v.as_u64().map(|x| x as u32);
    let arms: Vec<ArmInfo> = m["arms"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| {
                    Some(ArmInfo {
                        name: x["name"].as_str()?.to_string(),
                        program_end: month(&x["program_end_month"]),
                        facilitators_exit: month(&x["facilitators_exit_month"]),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    if arms.is_empty() {
        return Err(Error::Usage(format!(
            "{}: no arms listed",
            manifest_path.display()
        )));
    }
    Ok((
        m["experiment"].as_str().unwrap_or("run").to_string(),
        arms,
        m["months"].as_u64().unwrap_or(0) as u32,
        m["replications"].as_u64().unwrap_or(0),
    ))
}

impl RunFiles {
    /// Reads a run folder.
    pub fn read(dir: &Path) -> Result<Self> {
        let (experiment, arm_info, months, replications) = read_manifest(dir)?;
        let program_end = arm_info.iter().filter_map(|a| a.program_end).max();
        let summary = read_summary(&dir.join(c::SUMMARY))?;
        let opt = |name: &str| -> Result<Vec<HashMap<String, String>>> {
            let p = dir.join(name);
            if p.exists() {
                read_csv(&p)
            } else {
                Ok(Vec::new())
            }
        };
        Ok(RunFiles {
            experiment,
            arms: arm_info.iter().map(|a| a.name.clone()).collect(),
            arm_info,
            months,
            replications,
            program_end,
            summary,
            effects: opt(c::EFFECTS)?,
            quantiles: opt(c::QUANTILE_EFFECTS)?,
            dir: dir.to_path_buf(),
        })
    }

    /// Every arm's mean over time; `band` adds its 95% interval over
    /// replications; `complete` keeps only months where the metric is
    /// defined in every replication (a repayment rate of an arm with almost
    /// no loans is noise otherwise).
    fn series(&self, metric: &str, scale: f64, band: bool, complete: bool) -> Vec<Series> {
        self.arms
            .iter()
            .filter_map(|a| {
                let rows = self.summary.get(&(a.clone(), metric.to_string()))?;
                let ok = |s: &Stat| !complete || s.n >= self.replications;
                let pts: Vec<(f64, f64)> = rows
                    .iter()
                    .map(|(m, s)| (*m as f64, if ok(s) { s.mean * scale } else { f64::NAN }))
                    .collect();
                if pts.iter().all(|p| !p.1.is_finite()) {
                    return None;
                }
                let mut s = Series::new(a.clone(), pts);
                if band {
                    s = s.with_band(
                        rows.iter()
                            .map(|(m, s)| (*m as f64, s.lo * scale, s.hi * scale))
                            .collect(),
                    );
                }
                Some(s)
            })
            .collect()
    }

    /// The paired difference of every treated arm with control over time,
    /// from `effects_over_time.csv` (mean and 95% band over replications);
    /// `relative` gives it in percent of the control mean. Empty without it.
    fn paired_series(&self, metric: &str, scale: f64, relative: bool) -> Vec<Series> {
        let Ok(rows) = read_csv(&self.dir.join(c::EFFECTS_OVER_TIME)) else {
            return Vec::new();
        };
        self.arms
            .iter()
            .filter(|a| *a != c::CONTROL_ARM)
            .filter_map(|a| {
                let rows: Vec<&HashMap<String, String>> = rows
                    .iter()
                    .filter(|r| s(r, c::ARM) == a && s(r, c::METRIC) == metric)
                    .collect();
                if rows.is_empty() {
                    return None;
                }
                let k = |r: &HashMap<String, String>| {
                    scale / if relative { f(r, c::CONTROL_MEAN) } else { 1.0 }
                };
                let pts = rows
                    .iter()
                    .map(|r| (f(r, c::MONTH), f(r, c::EFFECT) * k(r)))
                    .collect();
                let band = rows
                    .iter()
                    .map(|r| {
                        (
                            f(r, c::MONTH),
                            f(r, c::EFFECT_CI_LOW) * k(r),
                            f(r, c::EFFECT_CI_HIGH) * k(r),
                        )
                    })
                    .collect();
                Some(Series::new(a.clone(), pts).with_band(band))
            })
            .collect()
    }

    /// The arms' moments before the horizon by month: (arms whose program
    /// ends, arms whose facilitators leave).
    fn moments_by_month(&self) -> BTreeMap<u32, (Vec<&str>, Vec<&str>)> {
        let mut by_month: BTreeMap<u32, (Vec<&str>, Vec<&str>)> = BTreeMap::new();
        for a in &self.arm_info {
            if let Some(m) = a.program_end.filter(|&m| m < self.months) {
                by_month.entry(m).or_default().0.push(&a.name);
            }
            if let Some(m) = a.facilitators_exit.filter(|&m| m < self.months) {
                by_month.entry(m).or_default().1.push(&a.name);
            }
        }
        by_month
    }

    /// Vertical markers: each arm's program end and facilitators' exit, one
    /// dashed line per month with a short label ([`RunFiles::moments_note`]
    /// says which arms).
    fn markers(&self) -> Vec<(f64, String)> {
        self.moments_by_month()
            .into_iter()
            .map(|(m, (ends, exits))| {
                let label = match (ends.is_empty(), exits.is_empty()) {
                    (false, false) => "program ends, facilitators leave",
                    (false, true) => "program ends",
                    _ => "facilitators leave",
                };
                (m as f64 + 0.5, label.to_string())
            })
            .collect()
    }

    /// A sentence for a chart's subtitle naming the arms behind each marker
    /// when they are not all the arms with a program, e.g. "Facilitators
    /// leave at month 12 in exit_month_12, month 24 in exit_month_24".
    fn moments_note(&self) -> Option<String> {
        let with_program = self
            .arm_info
            .iter()
            .filter(|a| a.program_end.is_some())
            .count();
        let with_fac = self
            .arm_info
            .iter()
            .filter(|a| a.facilitators_exit.is_some())
            .count();
        let by_month = self.moments_by_month();
        let mut ends = Vec::new();
        let mut exits = Vec::new();
        for (m, (e, x)) in &by_month {
            if !e.is_empty() {
                ends.push((m, e.join(", "), e.len() == with_program));
            }
            if !x.is_empty() {
                exits.push((m, x.join(", "), x.len() == with_fac));
            }
        }
        let phrase = |what: &str, v: &[(&u32, String, bool)]| -> Option<String> {
            if v.is_empty() || (v.len() == 1 && v[0].2) {
                return None;
            }
            Some(format!(
                "{what} at {}",
                v.iter()
                    .map(|(m, a, _)| format!("month {m} ({a})"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        };
        let parts: Vec<String> = [
            phrase("program ends", &ends),
            phrase("facilitators leave", &exits),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!parts.is_empty()).then(|| {
            let t = parts.join("; ");
            t[..1].to_uppercase() + &t[1..] + "."
        })
    }

    fn stat_at(&self, arm: &str, metric: &str, month: u32) -> Option<Stat> {
        self.summary
            .get(&(arm.to_string(), metric.to_string()))?
            .iter()
            .find(|(m, _)| *m == month)
            .map(|(_, s)| *s)
    }
}

/// Draws every chart of a run folder into `DIR/charts/`.
pub fn plot_run(dir: &Path) -> Result<Vec<PathBuf>> {
    let run = RunFiles::read(dir)?;
    let out = dir.join("charts");
    // a real folder, never a link planted in the run folder (issue 15.6)
    crate::output::files::ensure_dir(&out)?;
    let mut written = Vec::new();
    let mut draw = |chart: &dyn Chart, stem: &str| -> Result<()> {
        let paths = chart
            .render(&out.join(stem))
            .map_err(|e| Error::Other(format!("drawing {stem}: {e}")))?;
        written.extend(paths);
        Ok(())
    };
    draw(&poverty_chart(&run), "poverty_rate")?;
    draw(&consumption_chart(&run), "consumption")?;
    draw(&empowerment_chart(&run), "empowerment")?;
    draw(&groups_chart(&run), "groups_partnerships")?;
    if !run.effects.is_empty() {
        draw(&effects_chart(&run), "effects")?;
    }
    if !run.quantiles.is_empty() {
        draw(&quantile_chart(&run), "quantile_effects")?;
    }
    Ok(written)
}

/// A level chart of every arm (left) beside the paired effect of every
/// treated arm against control with its 95% band (right): bands of the
/// levels overlap even where the paired effect is sure, so the bands sit
/// on the effect. Without a control arm, the levels with their bands.
#[allow(clippy::too_many_arguments)]
fn level_and_effect(
    run: &RunFiles,
    title: String,
    metric: &str,
    level_y: &str,
    effect_y: &str,
    percent_level: bool,
    effect_scale: f64,
    relative: bool,
) -> MultiLineGrid {
    let effect = run.paired_series(metric, effect_scale, relative);
    let paired = !effect.is_empty();
    let mut panels = vec![LineChart {
        title: "Level by arm".into(),
        subtitle: None,
        x_label: "Month".into(),
        y_label: level_y.into(),
        series: run.series(metric, 1.0, !paired, false),
        markers: run.markers(),
        y_min_zero: true,
        percent_y: percent_level,
    }];
    if paired {
        panels.push(LineChart {
            title: "Effect against control (paired)".into(),
            subtitle: None,
            x_label: "Month".into(),
            y_label: effect_y.into(),
            series: effect,
            markers: run.markers(),
            y_min_zero: false,
            percent_y: false,
        });
    }
    MultiLineGrid {
        title,
        subtitle: Some(format!(
            "{}{}",
            if paired {
                "Left: mean over replications. Right: arm minus control in the same replication (common random numbers), mean and 95% band over replications."
            } else {
                "Mean and 95% band over replications."
            },
            run.moments_note()
                .map(|n| format!(" {n}"))
                .unwrap_or_default()
        )),
        columns: Some(panels.len()),
        panels,
    }
}

/// The poverty rate of every arm over time, and its paired effect.
fn poverty_chart(run: &RunFiles) -> MultiLineGrid {
    level_and_effect(
        run,
        format!("Poverty rate by arm — {}", run.experiment),
        c::POVERTY_RATE,
        "Poverty rate (% of households)",
        "Effect (percentage points)",
        true,
        100.0,
        false,
    )
}

/// Consumption per person of every arm over time, and its paired effect.
fn consumption_chart(run: &RunFiles) -> MultiLineGrid {
    level_and_effect(
        run,
        format!("Consumption per person by arm — {}", run.experiment),
        c::CONSUMPTION_PC,
        "Consumption per person (Rp/month)",
        "Effect (% of control)",
        false,
        100.0,
        true,
    )
}

/// The four dimensions of empowerment (C15) per arm at the program's end.
fn empowerment_chart(run: &RunFiles) -> GroupedBarChart {
    let dims = [
        ("economic_index", "economic"),
        ("social_index", "social"),
        ("political_index", "political"),
        ("psychological_index", "psychological"),
    ];
    let at = run.program_end.unwrap_or(run.months);
    let groups: Vec<(String, Vec<crate::charts::BarValue>)> = run
        .arms
        .iter()
        .map(|a| {
            let vals = dims
                .iter()
                .map(|(m, _)| {
                    run.stat_at(a, m, at)
                        .map(|s| (s.mean, Some((s.lo, s.hi))))
                        .unwrap_or((f64::NAN, None))
                })
                .collect();
            (a.clone(), vals)
        })
        .collect();
    GroupedBarChart {
        title: format!("Four dimensions of empowerment at month {at}"),
        subtitle: Some(
            "Mean household index (0-1) per arm, with 95% CIs over replications (C15)".into(),
        ),
        y_label: "Index (0-1)".into(),
        categories: dims.iter().map(|(_, c)| c.to_string()).collect(),
        groups,
    }
}

/// Group and partnership dynamics: four panels over time.
fn groups_chart(run: &RunFiles) -> MultiLineGrid {
    let panel = |metric: &str, title: &str, y: &str, percent: bool, complete: bool| LineChart {
        title: title.into(),
        subtitle: None,
        x_label: "Month".into(),
        y_label: y.into(),
        series: run.series(metric, 1.0, false, complete),
        markers: run.markers(),
        y_min_zero: true,
        percent_y: percent,
    };
    MultiLineGrid {
        title: "Groups, credit and partnerships over time".into(),
        subtitle: Some("Means over replications; the repayment rate where every replication had installments due".into()),
        panels: vec![
            panel(
                "group_share",
                "Households in an active group",
                "Share of households",
                true,
                false,
            ),
            panel("active_groups", "Active self-help groups", "Groups", false, false),
            panel(
                "partnership_share",
                "Households in a partnership",
                "Share of households",
                true,
                false,
            ),
            panel(
                "repayment_rate",
                "Repayment rate",
                "Installments paid / due",
                true,
                true,
            ),
        ],
        columns: Some(2),
    }
}

/// The periods of `rows` in the order the charts show them, each with its
/// month when every arm shares it.
fn periods(rows: &[HashMap<String, String>]) -> Vec<(&'static str, Option<String>)> {
    [c::PROGRAM_END, c::FACILITATORS_EXIT, c::HORIZON_END]
        .into_iter()
        .filter_map(|p| {
            let months: Vec<&str> = rows
                .iter()
                .filter(|r| s(r, c::PERIOD) == p)
                .map(|r| s(r, c::MONTH))
                .collect();
            let first = months.first()?;
            Some((
                p,
                months.iter().all(|m| m == first).then(|| first.to_string()),
            ))
        })
        .filter(|(p, _)| {
            // the facilitators' exit only where it differs from the program's
            // end for some arm (otherwise it would repeat that panel)
            *p != c::FACILITATORS_EXIT
                || rows.iter().any(|r| {
                    s(r, c::PERIOD) == c::FACILITATORS_EXIT
                        && !rows.iter().any(|q| {
                            s(q, c::PERIOD) == c::PROGRAM_END
                                && s(q, c::ARM) == s(r, c::ARM)
                                && s(q, c::MONTH) == s(r, c::MONTH)
                        })
                })
        })
        .collect()
}

/// A period in words, for panel titles.
fn period_title(p: &str, month: &Option<String>) -> String {
    let what = match p {
        c::PROGRAM_END => "program end",
        c::FACILITATORS_EXIT => "facilitators leave",
        _ => "horizon",
    };
    match month {
        Some(m) => format!("{what}, m{m}"),
        None => what.to_string(),
    }
}

/// Effects of each arm against control, at the program's end, the
/// facilitators' exit (where it differs) and the horizon's end: poverty
/// (points), consumption (%), empowerment (SD).
fn effects_chart(run: &RunFiles) -> EffectChart {
    let mut panels = Vec::new();
    let periods = periods(&run.effects);
    for (period, month) in &periods {
        for (metric, title, unit) in [
            (c::POVERTY_RATE, "Poverty", "Effect (percentage points)"),
            (c::CONSUMPTION_PC, "Consumption", "Effect (% of control)"),
            (
                c::EMPOWERMENT_INDEX,
                "Empowerment",
                "Effect (household SDs)",
            ),
        ] {
            let rows = run
                .arms
                .iter()
                .filter_map(|a| {
                    let r = run.effects.iter().find(|r| {
                        s(r, c::ARM) == a && s(r, c::METRIC) == metric && s(r, c::PERIOD) == *period
                    })?;
                    let (d, lo, hi) = (
                        f(r, c::EFFECT),
                        f(r, c::EFFECT_CI_LOW),
                        f(r, c::EFFECT_CI_HIGH),
                    );
                    let scale = match metric {
                        c::POVERTY_RATE => 100.0,
                        c::CONSUMPTION_PC => 100.0 / f(r, c::CONTROL_MEAN),
                        _ => {
                            let esd = f(r, c::EFFECT_SD);
                            if d != 0.0 && esd.is_finite() {
                                esd / d
                            } else {
                                f64::NAN
                            }
                        }
                    };
                    Some(EffectRow {
                        label: a.clone(),
                        estimate: d * scale,
                        lo: lo * scale,
                        hi: hi * scale,
                        outer: model_interval(r).map(|(l, h)| (l * scale, h * scale)),
                    })
                })
                .collect();
            panels.push(EffectPanel {
                title: format!("{title}, {}", period_title(period, month)),
                unit_label: unit.into(),
                rows,
            });
        }
    }
    let with_model = run.effects.iter().any(|r| model_interval(r).is_some());
    let rows_of: Vec<&str> = periods
        .iter()
        .map(|(p, _)| match *p {
            c::PROGRAM_END => "program's end",
            c::FACILITATORS_EXIT => "facilitators' exit",
            _ => "horizon",
        })
        .collect();
    EffectChart {
        title: "Effects against control".into(),
        subtitle: Some(format!(
            "Paired difference with control (common random numbers), 95% CIs over replications; rows: {}{}",
            rows_of.join(", "),
            if periods.iter().any(|(_, m)| m.is_none()) {
                " (each arm at its own month)"
            } else {
                ""
            }
        )),
        panels,
        columns: Some(3),
        note: with_model.then(|| MODEL_NOTE.to_string()),
    }
}

/// The footnote of an effects chart with model intervals.
const MODEL_NOTE: &str = "Dots and lines: effect and 95% Monte Carlo CI over replications (noise only). Pale bands: 90% model interval over parameter draws (model uncertainty).";

/// The model interval of an `effects.csv` row (`model_low`, `model_high`), if it has one.
fn model_interval(r: &HashMap<String, String>) -> Option<(f64, f64)> {
    let (l, h) = (f(r, "model_low"), f(r, "model_high"));
    (l.is_finite() && h.is_finite()).then_some((l, h))
}

/// Quantile effects on consumption per person (who gains, C14).
fn quantile_chart(run: &RunFiles) -> MultiLineGrid {
    let mut panels = Vec::new();
    for (period, month) in periods(&run.quantiles) {
        let series = run
            .arms
            .iter()
            .filter_map(|a| {
                let rows: Vec<&HashMap<String, String>> = run
                    .quantiles
                    .iter()
                    .filter(|r| s(r, c::ARM) == a && s(r, c::PERIOD) == period)
                    .collect();
                if rows.is_empty() {
                    return None;
                }
                let pct =
                    |r: &HashMap<String, String>, k: &str| 100.0 * f(r, k) / f(r, c::CONTROL_MEAN);
                let pts = rows
                    .iter()
                    .map(|r| (f(r, c::PERCENTILE), pct(r, c::EFFECT)))
                    .collect();
                let band = rows
                    .iter()
                    .map(|r| {
                        (
                            f(r, c::PERCENTILE),
                            pct(r, c::EFFECT_CI_LOW),
                            pct(r, c::EFFECT_CI_HIGH),
                        )
                    })
                    .collect();
                Some(Series::new(a.clone(), pts).with_band(band))
            })
            .collect();
        let t = period_title(period, &month);
        panels.push(LineChart {
            title: t[..1].to_uppercase() + &t[1..],
            subtitle: None,
            x_label: "Percentile of consumption per person".into(),
            y_label: "Effect (% of control at that percentile)".into(),
            series,
            markers: Vec::new(),
            y_min_zero: false,
            percent_y: false,
        });
    }
    MultiLineGrid {
        title: "Who gains: effects across the distribution of consumption".into(),
        subtitle: Some("Difference in the 10th-90th percentiles of consumption per person against control, 95% bands".into()),
        panels,
        columns: Some(2),
    }
}

/// An interval for the terminal: `[lo, hi]`, or why there is none.
fn interval(lo: f64, hi: f64, unit: &str) -> String {
    if lo.is_finite() && hi.is_finite() {
        format!("[{lo:+.1}, {hi:+.1}]{unit}")
    } else {
        format!("{unit} (no interval: one replication)")
    }
}

/// A few lines summarising `effects.csv` for the terminal: per arm, the
/// effect on poverty (points) and on consumption per person (%) at the
/// program's end and the horizon, with 95% CIs.
pub fn effects_summary(dir: &Path) -> Vec<String> {
    let Ok(rows) = read_csv(&dir.join(c::EFFECTS)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut arms: Vec<String> = Vec::new();
    for r in &rows {
        if !arms.iter().any(|a| a == s(r, c::ARM)) {
            arms.push(s(r, c::ARM).to_string());
        }
    }
    if arms.is_empty() {
        return out;
    }
    let with_model = rows.iter().any(|r| model_interval(r).is_some());
    out.push(if with_model {
        "effects against control: [95% Monte Carlo CI over replications] {median and 90% model interval over parameter draws, P(better than control)}".to_string()
    } else {
        "effects against control (95% CI over replications):".to_string()
    });
    for arm in arms {
        let mut parts = Vec::new();
        for period in [c::PROGRAM_END, c::HORIZON_END] {
            let find = |m: &str| {
                rows.iter().find(|r| {
                    s(r, c::ARM) == arm && s(r, c::METRIC) == m && s(r, c::PERIOD) == period
                })
            };
            if let (Some(p), Some(cr)) = (find(c::POVERTY_RATE), find(c::CONSUMPTION_PC)) {
                let base = f(cr, c::CONTROL_MEAN);
                let model = |r: &HashMap<String, String>, scale: f64| match model_interval(r) {
                    Some((l, h)) if with_model => format!(
                        " {{{:+.1} [{:+.1}, {:+.1}] P={:.2}}}",
                        scale * f(r, "model_median"),
                        scale * l,
                        scale * h,
                        f(r, "p_better")
                    ),
                    _ => String::new(),
                };
                parts.push(format!(
                    "month {}: poverty {:+.1} pts {}{}, consumption {:+.1}% {}{}",
                    s(p, c::MONTH),
                    100.0 * f(p, c::EFFECT),
                    interval(
                        100.0 * f(p, c::EFFECT_CI_LOW),
                        100.0 * f(p, c::EFFECT_CI_HIGH),
                        ""
                    ),
                    model(p, 100.0),
                    100.0 * f(cr, c::EFFECT) / base,
                    interval(
                        100.0 * f(cr, c::EFFECT_CI_LOW) / base,
                        100.0 * f(cr, c::EFFECT_CI_HIGH) / base,
                        ""
                    ),
                    model(cr, 100.0 / base)
                ));
            }
        }
        out.push(format!("  {arm:<22} {}", parts.join("; ")));
    }
    out
}
