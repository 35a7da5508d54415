//! Charts of a finished run, drawn from its files (never from the live
//! model), so `berdaya plot DIR` redraws exactly what `berdaya run` drew.
//!
//! Reads `manifest.json` (arm order, program months), `summary.csv`, and
//! when present `effects.csv` and `quantile_effects.csv`; writes SVG and PNG
//! into `DIR/charts/`.

use crate::charts::{
    Chart, EffectChart, EffectPanel, EffectRow, GroupedBarChart, LineChart, MultiLineGrid, Series,
};
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One row of `summary.csv`.
#[derive(Debug, Clone, Copy)]
struct Stat {
    mean: f64,
    lo: f64,
    hi: f64,
}

/// What the charts need from a run folder.
pub struct RunFiles {
    pub experiment: String,
    pub arms: Vec<String>,
    pub months: u32,
    pub program_end: Option<u32>,
    summary: HashMap<(String, String), Vec<(u32, Stat)>>,
    effects: Vec<HashMap<String, String>>,
    quantiles: Vec<HashMap<String, String>>,
}

fn read_csv(path: &Path) -> Result<Vec<HashMap<String, String>>> {
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

fn f(row: &HashMap<String, String>, k: &str) -> f64 {
    row.get(k).and_then(|v| v.parse().ok()).unwrap_or(f64::NAN)
}

impl RunFiles {
    /// Reads a run folder.
    pub fn read(dir: &Path) -> Result<Self> {
        let manifest_path = dir.join("manifest.json");
        let text = std::fs::read_to_string(&manifest_path).map_err(|e| {
            Error::Usage(format!(
                "{} is not a finished run folder: cannot read manifest.json ({e})",
                dir.display()
            ))
        })?;
        let m: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
            Error::Usage(format!("{}: not valid JSON: {e}", manifest_path.display()))
        })?;
        let arms: Vec<String> = m["arms"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x["name"].as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        if arms.is_empty() {
            return Err(Error::Usage(format!(
                "{}: no arms listed",
                manifest_path.display()
            )));
        }
        let months = m["months"].as_u64().unwrap_or(0) as u32;
        let program_end = m["arms"].as_array().and_then(|a| {
            a.iter()
                .filter_map(|x| {
                    let p = &x["scenario"]["program"];
                    let has = p["components"].as_array().is_some_and(|c| !c.is_empty())
                        && p["budget"].as_f64().unwrap_or(0.0) > 0.0;
                    has.then(|| {
                        (p["start_month"].as_u64().unwrap_or(1)
                            + p["duration_months"].as_u64().unwrap_or(0))
                        .saturating_sub(1) as u32
                    })
                })
                .max()
        });
        let mut summary: HashMap<(String, String), Vec<(u32, Stat)>> = HashMap::new();
        for row in read_csv(&dir.join("summary.csv"))? {
            let key = (row["arm"].clone(), row["metric"].clone());
            let month = row["month"].parse().unwrap_or(0);
            summary.entry(key).or_default().push((
                month,
                Stat {
                    mean: f(&row, "mean"),
                    lo: f(&row, "ci_low"),
                    hi: f(&row, "ci_high"),
                },
            ));
        }
        let opt = |name: &str| -> Result<Vec<HashMap<String, String>>> {
            let p = dir.join(name);
            if p.exists() {
                read_csv(&p)
            } else {
                Ok(Vec::new())
            }
        };
        Ok(RunFiles {
            experiment: m["experiment"].as_str().unwrap_or("run").to_string(),
            arms,
            months,
            program_end,
            summary,
            effects: opt("effects.csv")?,
            quantiles: opt("quantile_effects.csv")?,
        })
    }

    fn series(&self, metric: &str, scale: f64, band: bool) -> Vec<Series> {
        self.arms
            .iter()
            .filter_map(|a| {
                let rows = self.summary.get(&(a.clone(), metric.to_string()))?;
                let pts = rows
                    .iter()
                    .map(|(m, s)| (*m as f64, s.mean * scale))
                    .collect();
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

    fn markers(&self) -> Vec<(f64, String)> {
        self.program_end
            .filter(|&e| e < self.months)
            .map(|e| {
                vec![(
                    e as f64 + 0.5,
                    "program ends, facilitators leave".to_string(),
                )]
            })
            .unwrap_or_default()
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

const REPS: &str = "95% bands over replications";

/// The poverty rate of every arm over time.
fn poverty_chart(run: &RunFiles) -> LineChart {
    LineChart {
        title: format!("Poverty rate by arm — {}", run.experiment),
        subtitle: Some(format!(
            "Share of households under the poverty line; mean and {REPS}"
        )),
        x_label: "Month".into(),
        y_label: "Poverty rate (% of households)".into(),
        series: run.series("poverty_rate", 1.0, true),
        markers: run.markers(),
        y_min_zero: true,
        percent_y: true,
    }
}

/// Consumption per person of every arm over time.
fn consumption_chart(run: &RunFiles) -> LineChart {
    LineChart {
        title: format!("Consumption per person by arm — {}", run.experiment),
        subtitle: Some(format!("Mean monthly consumption per person; {REPS}")),
        x_label: "Month".into(),
        y_label: "Consumption per person (Rp/month)".into(),
        series: run.series("mean_consumption_pc", 1.0, true),
        markers: run.markers(),
        y_min_zero: false,
        percent_y: false,
    }
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
    let panel = |metric: &str, title: &str, y: &str, percent: bool| LineChart {
        title: title.into(),
        subtitle: None,
        x_label: "Month".into(),
        y_label: y.into(),
        series: run.series(metric, 1.0, false),
        markers: run.markers(),
        y_min_zero: true,
        percent_y: percent,
    };
    MultiLineGrid {
        title: "Groups, credit and partnerships over time".into(),
        subtitle: Some("Means over replications".into()),
        panels: vec![
            panel(
                "group_share",
                "Households in an active group",
                "Share of households",
                true,
            ),
            panel("active_groups", "Active self-help groups", "Groups", false),
            panel(
                "partnership_share",
                "Households in a partnership",
                "Share of households",
                true,
            ),
            panel(
                "repayment_rate",
                "Repayment rate",
                "Installments paid / due",
                true,
            ),
        ],
        columns: Some(2),
    }
}

/// The month of the rows for `when` ("program_end" or "horizon_end").
fn month_of(rows: &[HashMap<String, String>], when: &str) -> Option<String> {
    rows.iter()
        .find(|r| r["when"] == when)
        .map(|r| r["month"].clone())
}

/// Effects of each arm against control, at the program's end and the
/// horizon's end: poverty (points), consumption (%), empowerment (SD).
fn effects_chart(run: &RunFiles) -> EffectChart {
    let mut panels = Vec::new();
    for when in ["program_end", "horizon_end"] {
        let Some(month) = month_of(&run.effects, when) else {
            continue;
        };
        for (metric, title, unit) in [
            ("poverty_rate", "Poverty rate", "Effect (percentage points)"),
            (
                "mean_consumption_pc",
                "Consumption per person",
                "Effect (% of control)",
            ),
            (
                "empowerment_index",
                "Empowerment index",
                "Effect (household SDs)",
            ),
        ] {
            let rows =
                run.arms
                    .iter()
                    .filter_map(|a| {
                        let r = run.effects.iter().find(|r| {
                            &r["arm"] == a && r["metric"] == metric && r["when"] == when
                        })?;
                        let (d, lo, hi) = (f(r, "diff"), f(r, "ci_low"), f(r, "ci_high"));
                        let scale = match metric {
                            "poverty_rate" => 100.0,
                            "mean_consumption_pc" => 100.0 / f(r, "control_mean"),
                            _ => {
                                let esd = f(r, "effect_sd");
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
                title: format!("{title}, month {month}"),
                unit_label: unit.into(),
                rows,
            });
        }
    }
    let with_model = run.effects.iter().any(|r| model_interval(r).is_some());
    EffectChart {
        title: "Effects against control".into(),
        subtitle: Some("Paired difference with control (common random numbers), 95% CIs over replications; top: program's end, bottom: horizon".into()),
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
    for when in ["program_end", "horizon_end"] {
        let Some(month) = month_of(&run.quantiles, when) else {
            continue;
        };
        let series = run
            .arms
            .iter()
            .filter_map(|a| {
                let rows: Vec<&HashMap<String, String>> = run
                    .quantiles
                    .iter()
                    .filter(|r| &r["arm"] == a && r["when"] == when)
                    .collect();
                if rows.is_empty() {
                    return None;
                }
                let pct = |r: &HashMap<String, String>, k: &str| 100.0 * f(r, k) / f(r, "control");
                let pts = rows
                    .iter()
                    .map(|r| (f(r, "quantile"), pct(r, "diff")))
                    .collect();
                let band = rows
                    .iter()
                    .map(|r| (f(r, "quantile"), pct(r, "ci_low"), pct(r, "ci_high")))
                    .collect();
                Some(Series::new(a.clone(), pts).with_band(band))
            })
            .collect();
        panels.push(LineChart {
            title: format!("Month {month}"),
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

/// A few lines summarising `effects.csv` for the terminal: per arm, the
/// effect on poverty (points) and on consumption per person (%) at the
/// program's end and the horizon, with 95% CIs.
pub fn effects_summary(dir: &Path) -> Vec<String> {
    let Ok(rows) = read_csv(&dir.join("effects.csv")) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut arms: Vec<String> = Vec::new();
    for r in &rows {
        if !arms.contains(&r["arm"]) {
            arms.push(r["arm"].clone());
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
        for when in ["program_end", "horizon_end"] {
            let find = |m: &str| {
                rows.iter()
                    .find(|r| r["arm"] == arm && r["metric"] == m && r["when"] == when)
            };
            if let (Some(p), Some(c)) = (find("poverty_rate"), find("mean_consumption_pc")) {
                let base = f(c, "control_mean");
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
                    "month {}: poverty {:+.1} pts [{:+.1}, {:+.1}]{}, consumption {:+.1}% [{:+.1}, {:+.1}]{}",
                    p["month"],
                    100.0 * f(p, "diff"),
                    100.0 * f(p, "ci_low"),
                    100.0 * f(p, "ci_high"),
                    model(p, 100.0),
                    100.0 * f(c, "diff") / base,
                    100.0 * f(c, "ci_low") / base,
                    100.0 * f(c, "ci_high") / base,
                    model(c, 100.0 / base)
                ));
            }
        }
        out.push(format!("  {arm:<22} {}", parts.join("; ")));
    }
    out
}
