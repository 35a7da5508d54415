//! `berdaya compare DIR DIR...`: the effects of several finished runs side
//! by side — a tidy table (`compare.csv`, also printed) and a forest chart
//! (`charts/compare.svg` and `.png`) of the headline effects: poverty
//! (points), consumption per person (% of control) and the empowerment
//! index (household SDs), at the program's end and the horizon.
//!
//! Every run folder is read through its own files (`effects.csv`,
//! `manifest.json`), with the column names of [`crate::output::columns`].

use crate::charts::{Chart, EffectChart, EffectPanel, EffectRow};
use crate::error::{Error, Result};
use crate::output::columns as c;
use crate::output::files;
use crate::plot::{f, read_csv, s};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What `berdaya compare` was asked.
#[derive(Debug, Clone, Default)]
pub struct CompareRequest {
    pub dirs: Vec<PathBuf>,
    /// Output folder (default `output/compare/`).
    pub out: Option<PathBuf>,
    pub force: bool,
}

/// What it did: the table as text and the files written.
#[derive(Debug, Clone)]
pub struct CompareReport {
    pub table: String,
    pub dir: PathBuf,
    pub files: Vec<PathBuf>,
}

/// The metrics compared, with their chart title, unit and scale.
const METRICS: [(&str, &str, &str); 3] = [
    (c::POVERTY_RATE, "Poverty", "Effect (percentage points)"),
    (c::CONSUMPTION_PC, "Consumption", "Effect (% of control)"),
    (
        c::EMPOWERMENT_INDEX,
        "Empowerment",
        "Effect (household SDs)",
    ),
];

/// The columns of `compare.csv`.
pub const HEADER: [&str; 11] = [
    "run",
    c::ARM,
    c::METRIC,
    c::PERIOD,
    c::MONTH,
    c::N,
    "unit",
    c::EFFECT,
    c::EFFECT_CI_LOW,
    c::EFFECT_CI_HIGH,
    c::NOTE,
];

/// One compared estimate, in the chart's unit.
struct Row {
    run: String,
    arm: String,
    metric: &'static str,
    period: &'static str,
    month: String,
    n: String,
    unit: &'static str,
    effect: f64,
    lo: f64,
    hi: f64,
    note: String,
}

/// Short names for the runs: the folder's name, or its whole path where
/// two folders share a name.
fn run_names(dirs: &[PathBuf]) -> Vec<String> {
    let last = |d: &Path| {
        d.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| d.display().to_string())
    };
    dirs.iter()
        .map(|d| {
            let n = last(d);
            if dirs.iter().filter(|e| last(e) == n).count() > 1 {
                d.display().to_string()
            } else {
                n
            }
        })
        .collect()
}

fn read_run(dir: &Path, run: &str) -> Result<Vec<Row>> {
    let path = dir.join(c::EFFECTS);
    if !path.exists() {
        return Err(Error::Usage(format!(
            "{} has no {}: compare needs finished run folders of experiments with a `control` arm (berdaya run writes effects.csv only then)",
            dir.display(),
            c::EFFECTS
        )));
    }
    let (_, arms, _, _) = crate::plot::read_manifest(dir)?;
    let rows = read_csv(&path)?;
    if let Some(h) = rows.first()
        && !h.contains_key(c::EFFECT)
    {
        return Err(Error::Usage(format!(
            "{}: no column `{}` (a run folder from an older berdaya, with `diff`?); run it again with this version",
            path.display(),
            c::EFFECT
        )));
    }
    let mut out = Vec::new();
    for arm in arms.iter().map(|a| a.name.as_str()) {
        for period in [c::PROGRAM_END, c::HORIZON_END] {
            for (metric, _, _) in METRICS {
                let Some(r) = rows.iter().find(|r| {
                    s(r, c::ARM) == arm && s(r, c::METRIC) == metric && s(r, c::PERIOD) == period
                }) else {
                    continue;
                };
                let scale = scale(metric, r);
                out.push(Row {
                    run: run.to_string(),
                    arm: arm.to_string(),
                    metric,
                    period,
                    month: s(r, c::MONTH).to_string(),
                    n: s(r, c::N).to_string(),
                    unit: match metric {
                        c::POVERTY_RATE => "percentage points",
                        c::CONSUMPTION_PC => "% of control",
                        _ => "household SDs",
                    },
                    effect: f(r, c::EFFECT) * scale,
                    lo: f(r, c::EFFECT_CI_LOW) * scale,
                    hi: f(r, c::EFFECT_CI_HIGH) * scale,
                    note: s(r, c::NOTE).to_string(),
                });
            }
        }
    }
    Ok(out)
}

/// From the file's unit to the chart's.
fn scale(metric: &str, r: &HashMap<String, String>) -> f64 {
    match metric {
        c::POVERTY_RATE => 100.0,
        c::CONSUMPTION_PC => 100.0 / f(r, c::CONTROL_MEAN),
        _ => {
            let (d, esd) = (f(r, c::EFFECT), f(r, c::EFFECT_SD));
            if d != 0.0 && esd.is_finite() {
                esd / d
            } else {
                f64::NAN
            }
        }
    }
}

fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.4}")
    } else {
        String::new()
    }
}

/// `berdaya compare`.
pub fn compare(req: &CompareRequest) -> Result<CompareReport> {
    if req.dirs.len() < 2 {
        return Err(Error::Usage(
            "compare needs at least two run folders: berdaya compare DIR DIR...".into(),
        ));
    }
    let names = run_names(&req.dirs);
    let mut rows = Vec::new();
    for (d, n) in req.dirs.iter().zip(&names) {
        rows.extend(read_run(d, n)?);
    }
    let dir = req
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("output").join("compare"));
    files::prepare_dir(&dir, req.force)?;
    let mut csv = HEADER.join(",");
    csv.push('\n');
    let mut table = String::new();
    let _ = writeln!(
        table,
        "{:<16} {:<22} {:<20} {:<12} {:>6} {:>9} {:>20}  unit",
        "run", "arm", "metric", "period", "month", "effect", "95% CI"
    );
    for r in &rows {
        let _ = writeln!(
            csv,
            "{},{},{},{},{},{},{},{},{},{},{}",
            r.run,
            r.arm,
            r.metric,
            r.period,
            r.month,
            r.n,
            r.unit,
            num(r.effect),
            num(r.lo),
            num(r.hi),
            r.note
        );
        let ci = if r.lo.is_finite() && r.hi.is_finite() {
            format!("[{:+.2}, {:+.2}]", r.lo, r.hi)
        } else {
            "(no interval)".into()
        };
        let _ = writeln!(
            table,
            "{:<16} {:<22} {:<20} {:<12} {:>6} {:>+9.2} {:>20}  {}",
            r.run, r.arm, r.metric, r.period, r.month, r.effect, ci, r.unit
        );
    }
    let mut written = vec![files::write_atomic(
        &dir.join("compare.csv"),
        csv.as_bytes(),
    )?];
    let chart = chart(&rows, &names);
    written.extend(
        chart
            .render(&dir.join("charts").join("compare"))
            .map_err(|e| Error::Other(format!("drawing compare: {e}")))?,
    );
    Ok(CompareReport {
        table,
        dir,
        files: written,
    })
}

/// The forest chart: a panel per (period, metric), a row per (run, arm).
fn chart(rows: &[Row], runs: &[String]) -> EffectChart {
    let mut panels = Vec::new();
    for period in [c::PROGRAM_END, c::HORIZON_END] {
        for (metric, title, unit) in METRICS {
            let sel: Vec<&Row> = rows
                .iter()
                .filter(|r| r.period == period && r.metric == metric)
                .collect();
            if sel.is_empty() {
                continue;
            }
            let months: Vec<&str> = sel.iter().map(|r| r.month.as_str()).collect();
            let when = match period {
                c::PROGRAM_END => "program end",
                _ => "horizon",
            };
            let title = if months.iter().all(|m| *m == months[0]) {
                format!("{title}, {when}, m{}", months[0])
            } else {
                format!("{title}, {when}")
            };
            panels.push(EffectPanel {
                title,
                unit_label: unit.into(),
                rows: sel
                    .iter()
                    .map(|r| EffectRow {
                        label: format!("{} · {}", r.run, r.arm),
                        estimate: r.effect,
                        lo: r.lo,
                        hi: r.hi,
                        outer: None,
                    })
                    .collect(),
            });
        }
    }
    EffectChart {
        title: format!("Effects against control: {}", runs.join(" vs ")),
        subtitle: Some(
            "Each run's paired difference with its own control (common random numbers within a run), 95% CIs over replications; rows: run · arm".into(),
        ),
        panels,
        columns: Some(3),
        note: None,
    }
}
