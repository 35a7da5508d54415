//! The reports of a finished sweep, computed from `results.csv` alone (never
//! from the live model), so a single run and a merge of shards write the same
//! bytes: `sensitivity.csv`, `response.csv`, the charts and `manifest.json`.
//!
//! **Model output per point.** For each arm, metric and recorded month, the
//! output of a point is the mean over its replications of the metric (cells
//! that are undefined, such as a repayment rate with no loans due, are left
//! out). With a `control` arm in the base, each other arm also has an
//! *effect* output: the mean over replications of (arm − control), paired by
//! replication (the two share their villages and shocks), over the
//! replications where both are defined.
//!
//! **Indices.** Morris: μ, μ* (Campolongo et al. 2007) and σ of the
//! elementary effects, with a bootstrap 95% interval of μ* over trajectories
//! ([`crate::sensitivity::morris`]); elementary effects are in the metric's
//! unit per whole parameter range (the design's unit step). Sobol: first
//! order S1 (Saltelli et al. 2010) and total order ST (Jansen 1999) with
//! bootstrap 95% intervals over the base rows
//! ([`crate::sensitivity::saltelli`]). Bootstraps use 1000 resamples seeded
//! with the sweep's design seed. Grid and LHS designs have no estimator and
//! no `sensitivity.csv`.
//!
//! **Response.** For each parameter, the mean output over the points whose
//! value falls in a bin: a grid's listed values, a Morris design's levels, or
//! ten equal bins of the unit range for LHS and Sobol points (fewer for small
//! designs). These are main-effect curves: every other parameter is averaged
//! over the design.
//!
//! Memory: the Morris and Sobol estimators need every point's output (one
//! number per point, arm, metric and month); a grid or LHS sweep keeps only
//! the bins, so its report is flat in the number of points too.

use super::design::{Method, Plan, Points};
use super::run::{JOURNAL, MANIFEST, POINTS, RESULTS, SCENARIO};
use super::{Shard, fnv1a, hex};
use crate::charts::{Chart, GroupedBarChart, LineChart, MultiLineGrid, ScatterChart, Series};
use crate::error::{Error, IoContext, Result};
use crate::output::files::{AtomicFile, num, write_atomic};
use crate::sensitivity::{
    BootstrapOptions, MorrisIndices, SobolIndices, analyze_morris, analyze_saltelli,
};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Bootstrap resamples for every interval of `sensitivity.csv`.
pub const N_BOOT: usize = 1000;

/// What an output series measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// The metric of the arm.
    Level,
    /// The arm minus the control arm, paired by replication.
    Effect,
}

impl Quantity {
    pub fn as_str(self) -> &'static str {
        match self {
            Quantity::Level => "level",
            Quantity::Effect => "effect",
        }
    }
}

/// One model output: a quantity of an arm, a metric, a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Output {
    pub quantity: Quantity,
    pub arm: usize,
    /// Index into `plan.metrics`.
    pub metric: usize,
    /// Index into `plan.at_months`.
    pub month: usize,
}

/// Every output of a plan, in file order: levels then effects; arm, metric,
/// month.
pub fn outputs(plan: &Plan) -> Vec<Output> {
    let control = plan.control_index();
    let mut v = Vec::new();
    for quantity in [Quantity::Level, Quantity::Effect] {
        for arm in 0..plan.arms.len() {
            if quantity == Quantity::Effect && (control.is_none() || control == Some(arm)) {
                continue;
            }
            for metric in 0..plan.metrics.len() {
                for month in 0..plan.at_months.len() {
                    v.push(Output {
                        quantity,
                        arm,
                        metric,
                        month,
                    });
                }
            }
        }
    }
    v
}

/// One bin of a response curve.
#[derive(Debug, Clone, Copy, Default)]
struct Bin {
    sum_y: f64,
    n: u64,
    sum_x: f64,
    nx: u64,
}

/// How the points of a parameter are binned for response curves.
#[derive(Debug, Clone)]
enum Binning {
    /// Grid: by position in the list (`None` for a non-numeric key).
    Listed(Vec<Option<f64>>),
    /// Morris levels: bin k holds unit value k/(p-1).
    Levels(usize),
    /// Equal unit-range bins.
    Equal(usize),
}

impl Binning {
    fn count(&self) -> usize {
        match self {
            Binning::Listed(v) => v.len(),
            Binning::Levels(p) => *p,
            Binning::Equal(b) => *b,
        }
    }
}

fn binnings(plan: &Plan) -> Vec<Binning> {
    plan.parameters
        .iter()
        .map(|p| match plan.method {
            Method::Grid => Binning::Listed(
                p.values
                    .as_deref()
                    .unwrap_or_default()
                    .iter()
                    .map(|v| v.as_f64())
                    .collect(),
            ),
            Method::Morris => Binning::Levels(plan.levels.unwrap_or(4)),
            _ => Binning::Equal((plan.points / 5).clamp(2, 10)),
        })
        .collect()
}

/// Everything the reports need, gathered in one pass over `results.csv`.
struct Analysis {
    outputs: Vec<Output>,
    /// `per_point[o][point]`, kept only for methods with an estimator.
    per_point: Vec<Vec<f64>>,
    binnings: Vec<Binning>,
    /// `bins[o][param][bin]`.
    bins: Vec<Vec<Vec<Bin>>>,
}

/// Reads `results.csv` point by point.
fn analyse(plan: &Plan, points: &Points, path: &Path) -> Result<Analysis> {
    let outs = outputs(plan);
    let keep = plan.method.has_estimator();
    let d = plan.parameters.len();
    let binnings = binnings(plan);
    let mut analysis = Analysis {
        per_point: if keep {
            vec![vec![f64::NAN; plan.points]; outs.len()]
        } else {
            Vec::new()
        },
        bins: outs
            .iter()
            .map(|_| {
                binnings
                    .iter()
                    .map(|b| vec![Bin::default(); b.count()])
                    .collect()
            })
            .collect(),
        binnings,
        outputs: outs,
    };
    let bad = |why: String| Error::Other(format!("{} cannot be analysed: {why}", path.display()));
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(path)
        .map_err(|e| bad(e.to_string()))?;
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| bad(e.to_string()))?
        .iter()
        .map(str::to_string)
        .collect();
    if header.join(",") + "\n" != plan.results_header() {
        return Err(bad("its columns are not the sweep's".into()));
    }
    let (na, nr, nm, nk) = (
        plan.arms.len(),
        plan.replications as usize,
        plan.at_months.len(),
        plan.metrics.len(),
    );
    // block[((a * nr + r) * nm + m) * nk + k]
    let mut block = vec![f64::NAN; na * nr * nm * nk];
    let mut current: Option<usize> = None;
    let mut record = csv::StringRecord::new();
    loop {
        let more = rdr
            .read_record(&mut record)
            .map_err(|e| bad(e.to_string()))?;
        let point = if more {
            let p: usize = record
                .get(0)
                .and_then(|s| s.parse().ok())
                .filter(|&p| p >= 1 && p <= plan.points)
                .ok_or_else(|| bad(format!("bad point id in row {:?}", record.get(0))))?;
            Some(p - 1)
        } else {
            None
        };
        if point != current {
            if let Some(c) = current {
                absorb(plan, points, &mut analysis, c, &block);
                block.iter_mut().for_each(|x| *x = f64::NAN);
            }
            current = point;
        }
        if !more {
            break;
        }
        let arm = record
            .get(d + 1)
            .and_then(|s| plan.arms.iter().position(|a| a == s))
            .ok_or_else(|| bad("unknown arm".into()))?;
        let rep: usize = record
            .get(d + 2)
            .and_then(|s| s.parse::<usize>().ok())
            .filter(|&r| r >= 1 && r <= nr)
            .ok_or_else(|| bad("bad replication".into()))?
            - 1;
        let month = record
            .get(d + 3)
            .and_then(|s| s.parse::<u32>().ok())
            .and_then(|m| plan.at_months.iter().position(|&x| x == m))
            .ok_or_else(|| bad("bad month".into()))?;
        for k in 0..nk {
            let v = record
                .get(d + 4 + k)
                .filter(|s| !s.is_empty())
                .and_then(|s| s.parse::<f64>().ok())
                .unwrap_or(f64::NAN);
            block[((arm * nr + rep) * nm + month) * nk + k] = v;
        }
    }
    Ok(analysis)
}

/// Turns one point's rows into its outputs.
fn absorb(plan: &Plan, points: &Points, an: &mut Analysis, point: usize, block: &[f64]) {
    let (nr, nm, nk) = (
        plan.replications as usize,
        plan.at_months.len(),
        plan.metrics.len(),
    );
    let at = |a: usize, r: usize, m: usize, k: usize| block[((a * nr + r) * nm + m) * nk + k];
    let control = plan.control_index();
    let values = points.get(point);
    let unit = points.unit().map(|u| &u[point]);
    // Bin of each parameter for this point, and its numeric value.
    let place: Vec<(Option<usize>, Option<f64>)> = an
        .binnings
        .iter()
        .enumerate()
        .map(|(j, b)| {
            let x = values[j].as_f64();
            let bin = match b {
                Binning::Listed(_) => plan.parameters[j]
                    .values
                    .as_ref()
                    .and_then(|l| l.iter().position(|v| *v == values[j])),
                Binning::Levels(p) => {
                    unit.map(|u| ((u[j] * (*p - 1) as f64).round() as usize).min(p - 1))
                }
                Binning::Equal(n) => unit.map(|u| ((u[j] * *n as f64) as usize).min(n - 1)),
            };
            (bin, x)
        })
        .collect();
    for (o, out) in an.outputs.iter().enumerate() {
        let (mut sum, mut n) = (0.0, 0u32);
        for r in 0..nr {
            let v = match out.quantity {
                Quantity::Level => at(out.arm, r, out.month, out.metric),
                Quantity::Effect => match control {
                    Some(c) => {
                        at(out.arm, r, out.month, out.metric) - at(c, r, out.month, out.metric)
                    }
                    None => f64::NAN,
                },
            };
            if v.is_finite() {
                sum += v;
                n += 1;
            }
        }
        let y = if n > 0 { sum / n as f64 } else { f64::NAN };
        if let Some(pp) = an.per_point.get_mut(o) {
            pp[point] = y;
        }
        if !y.is_finite() {
            continue;
        }
        for (j, (bin, x)) in place.iter().enumerate() {
            if let Some(b) = bin.and_then(|b| an.bins[o][j].get_mut(b)) {
                b.sum_y += y;
                b.n += 1;
                if let Some(x) = x {
                    b.sum_x += x;
                    b.nx += 1;
                }
            }
        }
    }
}

/// Indices of one output.
enum Indices {
    Morris(MorrisIndices),
    Sobol(SobolIndices),
    /// Not computable (an output undefined at some point).
    None,
}

fn indices(plan: &Plan, points: &Points, an: &Analysis) -> Vec<Indices> {
    let boot = BootstrapOptions {
        n_boot: N_BOOT,
        seed: plan.seed,
        level: 0.95,
    };
    let d = plan.parameters.len();
    an.per_point
        .par_iter()
        .map(|y| match (plan.method, points.unit()) {
            (Method::Morris, Some(unit)) => {
                analyze_morris(unit, y, d, plan.levels.unwrap_or(4), &boot)
                    .map(Indices::Morris)
                    .unwrap_or(Indices::None)
            }
            (Method::Sobol, _) => analyze_saltelli(y, plan.samples.unwrap_or(0), d, &boot)
                .map(Indices::Sobol)
                .unwrap_or(Indices::None),
            _ => Indices::None,
        })
        .collect()
}

fn write_sensitivity(plan: &Plan, an: &Analysis, idx: &[Indices], dir: &Path) -> Result<PathBuf> {
    let path = dir.join("sensitivity.csv");
    let mut f = AtomicFile::create(&path)?;
    let head = match plan.method {
        Method::Morris => "mu,mu_star,sigma,mu_star_ci_low,mu_star_ci_high,mu_star_conf",
        _ => "S1,S1_ci_low,S1_ci_high,S1_conf,ST,ST_ci_low,ST_ci_high,ST_conf",
    };
    let mut text = format!("arm,quantity,metric,month,parameter,{head}\n");
    for (out, ind) in an.outputs.iter().zip(idx) {
        for (j, p) in plan.parameters.iter().enumerate() {
            text.push_str(&format!(
                "{},{},{},{},{}",
                plan.arms[out.arm],
                out.quantity.as_str(),
                plan.metrics[out.metric],
                plan.at_months[out.month],
                p.key
            ));
            let cells: Vec<f64> = match ind {
                Indices::Morris(m) => vec![
                    m.mu[j],
                    m.mu_star[j],
                    m.sigma[j],
                    m.mu_star_conf_low[j],
                    m.mu_star_conf_high[j],
                    m.mu_star_conf[j],
                ],
                Indices::Sobol(s) => vec![
                    s.s1[j],
                    s.s1_conf_low[j],
                    s.s1_conf_high[j],
                    s.s1_conf[j],
                    s.st[j],
                    s.st_conf_low[j],
                    s.st_conf_high[j],
                    s.st_conf[j],
                ],
                Indices::None => vec![f64::NAN; head.split(',').count()],
            };
            for c in cells {
                text.push(',');
                text.push_str(&num(c));
            }
            text.push('\n');
        }
    }
    f.write_all(text.as_bytes())
        .ctx(|| format!("writing {}", path.display()))?;
    f.commit()
}

/// The centre of a bin: the mean value of its points, or the value listed.
fn bin_x(plan: &Plan, j: usize, b: &Binning, k: usize, bin: &Bin) -> f64 {
    if bin.nx > 0 {
        return bin.sum_x / bin.nx as f64;
    }
    match b {
        Binning::Listed(v) => v[k].unwrap_or(f64::NAN),
        Binning::Levels(p) => plan.parameters[j]
            .range
            .map_or(f64::NAN, |r| r.map_unit(k as f64 / (*p - 1) as f64)),
        Binning::Equal(n) => plan.parameters[j]
            .range
            .map_or(f64::NAN, |r| r.map_unit((k as f64 + 0.5) / *n as f64)),
    }
}

fn write_response(plan: &Plan, an: &Analysis, dir: &Path) -> Result<PathBuf> {
    let path = dir.join("response.csv");
    let mut text = String::from("arm,quantity,metric,month,parameter,bin,value,points,mean\n");
    for (o, out) in an.outputs.iter().enumerate() {
        for (j, p) in plan.parameters.iter().enumerate() {
            for (k, bin) in an.bins[o][j].iter().enumerate() {
                let value = match &an.binnings[j] {
                    Binning::Listed(_) => p.values.as_ref().map(|v| v[k].csv()).unwrap_or_default(),
                    b => num(bin_x(plan, j, b, k, bin)),
                };
                let mean = if bin.n > 0 {
                    bin.sum_y / bin.n as f64
                } else {
                    f64::NAN
                };
                text.push_str(&format!(
                    "{},{},{},{},{},{},{},{},{}\n",
                    plan.arms[out.arm],
                    out.quantity.as_str(),
                    plan.metrics[out.metric],
                    plan.at_months[out.month],
                    p.key,
                    k + 1,
                    value,
                    bin.n,
                    num(mean)
                ));
            }
        }
    }
    write_atomic(&path, text.as_bytes())
}

/// Labels for the parameters in charts: the key without its section when
/// that is unambiguous within the sweep (`capital_threshold`), else the
/// whole key.
fn short_names(plan: &Plan) -> Vec<String> {
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

/// Morris points with μ* below this share of the largest are not labelled.
const LABEL_SHARE: f64 = 0.05;

/// Most panels in one response figure (3 × 2): more would not be legible.
const PANELS_PER_FIGURE: usize = 6;

/// "poverty rate, month 36"
fn metric_label(plan: &Plan, metric: usize, month: usize) -> String {
    format!(
        "{}, month {}",
        plan.metrics[metric].replace('_', " "),
        plan.at_months[month]
    )
}

/// One chart to draw: given the path stem, writes its files.
type ChartJob<'a> = Box<dyn Fn(&Path) -> Result<Vec<PathBuf>> + Sync + 'a>;

/// Morris, Sobol and response charts.
fn charts(plan: &Plan, an: &Analysis, idx: &[Indices], dir: &Path) -> Result<Vec<PathBuf>> {
    let chart_dir = dir.join("charts");
    std::fs::create_dir_all(&chart_dir).ctx(|| format!("creating {}", chart_dir.display()))?;
    let arm = plan.chart_arm_index();
    let control = plan.control_index();
    let quantity = if control.is_some() && control != Some(arm) {
        Quantity::Effect
    } else {
        Quantity::Level
    };
    let about = match quantity {
        Quantity::Effect => format!(
            "effect of {} (vs {})",
            plan.arms[arm],
            plan.control.as_deref().unwrap_or("control")
        ),
        Quantity::Level => plan.arms[arm].clone(),
    };
    let names = short_names(plan);
    let mut jobs: Vec<(String, ChartJob<'_>)> = Vec::new();
    for metric in 0..plan.metrics.len() {
        for month in 0..plan.at_months.len() {
            let stem = format!("{}_m{}", plan.metrics[metric], plan.at_months[month]);
            let label = metric_label(plan, metric, month);
            let o = an.outputs.iter().position(|o| {
                *o == Output {
                    quantity,
                    arm,
                    metric,
                    month,
                }
            });
            match (o.and_then(|o| idx.get(o)), plan.method) {
                (Some(Indices::Morris(m)), _) => {
                    let top = m
                        .mu_star
                        .iter()
                        .copied()
                        .filter(|x| x.is_finite())
                        .fold(0.0, f64::max);
                    let hidden = m.mu_star.iter().filter(|x| **x < LABEL_SHARE * top).count();
                    let chart = ScatterChart {
                        title: format!("Morris screening: {label}"),
                        subtitle: Some(format!(
                            "{about}; {} trajectories × {} replications. Right = more influential; up = non-linear or interacting{}",
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
                                let label = if m.mu_star[j] >= LABEL_SHARE * top {
                                    names[j].clone()
                                } else {
                                    String::new()
                                };
                                (m.mu_star[j], m.sigma[j], label)
                            })
                            .collect(),
                        diagonal: Some(1.0),
                    };
                    jobs.push((
                        format!("morris_{stem}"),
                        Box::new(move |p: &Path| render(&chart, p)),
                    ));
                }
                (Some(Indices::Sobol(s)), _) => {
                    let val =
                        |v: &[f64], lo: &[f64], hi: &[f64]| -> Vec<(f64, Option<(f64, f64)>)> {
                            v.iter()
                                .zip(lo)
                                .zip(hi)
                                .map(|((v, l), h)| (*v, Some((*l, *h))))
                                .collect()
                        };
                    let chart = GroupedBarChart {
                        title: format!("Sobol indices: {label}"),
                        subtitle: Some(format!(
                            "{about}; N = {}, bars: 95% bootstrap intervals. S1 = share of variance from the parameter alone; ST = with its interactions",
                            plan.samples.unwrap_or(0)
                        )),
                        y_label: "share of output variance".into(),
                        categories: names.clone(),
                        groups: vec![
                            ("S1".into(), val(&s.s1, &s.s1_conf_low, &s.s1_conf_high)),
                            ("ST".into(), val(&s.st, &s.st_conf_low, &s.st_conf_high)),
                        ],
                    };
                    jobs.push((
                        format!("sobol_{stem}"),
                        Box::new(move |p: &Path| render(&chart, p)),
                    ));
                }
                _ => {}
            }
            // Response: a panel per numeric parameter, a line per arm, at
            // most PANELS_PER_FIGURE panels a figure.
            let panels: Vec<LineChart> = plan
                .parameters
                .iter()
                .enumerate()
                .filter(|(_, p)| p.kind.is_numeric())
                .map(|(j, _)| {
                    let series = (0..plan.arms.len())
                        .filter_map(|a| {
                            let o = an.outputs.iter().position(|o| {
                                *o == Output {
                                    quantity: Quantity::Level,
                                    arm: a,
                                    metric,
                                    month,
                                }
                            })?;
                            let mut pts: Vec<(f64, f64)> = an.bins[o][j]
                                .iter()
                                .enumerate()
                                .filter(|(_, b)| b.n > 0)
                                .map(|(k, b)| {
                                    (bin_x(plan, j, &an.binnings[j], k, b), b.sum_y / b.n as f64)
                                })
                                .collect();
                            pts.sort_by(|a, b| a.0.total_cmp(&b.0));
                            Some(Series::new(plan.arms[a].clone(), pts))
                        })
                        .collect();
                    LineChart {
                        title: names[j].clone(),
                        series,
                        ..Default::default()
                    }
                })
                .collect();
            let parts = panels.len().div_ceil(PANELS_PER_FIGURE);
            for (part, chunk) in panels.chunks(PANELS_PER_FIGURE).enumerate() {
                let n = chunk.len();
                let chart = MultiLineGrid {
                    title: if parts > 1 {
                        format!("Response: {label} ({}/{parts})", part + 1)
                    } else {
                        format!("Response: {label}")
                    },
                    subtitle: Some(format!(
                        "{} by parameter value: mean over the {} points in each bin (the other parameters averaged over the design) and {} replication{}",
                        plan.metrics[metric].replace('_', " "),
                        plan.method.as_str(),
                        plan.replications,
                        super::plural(plan.replications as usize)
                    )),
                    panels: chunk.to_vec(),
                    columns: Some(if n == 4 { 2 } else { n.min(3) }),
                };
                let stem = if parts > 1 {
                    format!("response_{stem}_{}", part + 1)
                } else {
                    format!("response_{stem}")
                };
                jobs.push((stem, Box::new(move |p: &Path| render(&chart, p))));
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
    // Charts of an earlier report in this folder (other metrics, another
    // layout) would be mistaken for this sweep's.
    for e in std::fs::read_dir(&chart_dir).ctx(|| format!("reading {}", chart_dir.display()))? {
        let p = e.ctx(|| format!("reading {}", chart_dir.display()))?.path();
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ours = ["morris_", "sobol_", "response_"]
            .iter()
            .any(|k| name.starts_with(k))
            && (name.ends_with(".svg") || name.ends_with(".png"));
        if ours && !paths.contains(&p) {
            std::fs::remove_file(&p).ctx(|| format!("removing {}", p.display()))?;
        }
    }
    Ok(paths)
}

fn render(chart: &impl Chart, stem: &Path) -> Result<Vec<PathBuf>> {
    chart
        .render(stem)
        .map_err(|e| Error::Other(format!("drawing {}: {e}", stem.display())))
}

/// Writes the reports of a complete sweep folder and its manifest; returns
/// every file of the folder.
pub fn finish(plan: &Plan, points: &Points, dir: &Path) -> Result<Vec<PathBuf>> {
    let an = analyse(plan, points, &dir.join(RESULTS))?;
    let idx = indices(plan, points, &an);
    let mut files: Vec<PathBuf> = [POINTS, RESULTS, SCENARIO, JOURNAL]
        .iter()
        .map(|n| dir.join(n))
        .collect();
    if plan.method.has_estimator() {
        files.push(write_sensitivity(plan, &an, &idx, dir)?);
    }
    files.push(write_response(plan, &an, dir)?);
    files.extend(charts(plan, &an, &idx, dir)?);
    files.push(write_manifest(plan, None, dir, &files)?);
    Ok(files)
}

/// Where a shard sits in its sweep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardInfo {
    pub k: u32,
    pub n: u32,
    /// Which points: "K, K+N, K+2N, …".
    pub rule: String,
    /// Number of points of this shard.
    pub points: usize,
}

impl ShardInfo {
    pub fn new(s: Shard, points: usize) -> Self {
        ShardInfo {
            k: s.k,
            n: s.n,
            rule: format!(
                "points {}, {}+{}, {}+2×{}, … (1-based)",
                s.k, s.k, s.n, s.k, s.n
            ),
            points,
        }
    }
}

/// One file of the folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileEntry {
    pub name: String,
    pub bytes: u64,
    pub fnv1a: String,
}

/// `manifest.json` of a sweep or shard folder. Deterministic (no wall time,
/// no paths, no thread count): a merged folder's manifest is the same bytes
/// as the unsharded run's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepManifest {
    pub tool: String,
    pub kind: String,
    pub version: String,
    pub rng: String,
    pub plan: Plan,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<ShardInfo>,
    pub files: Vec<FileEntry>,
}

/// Writes `manifest.json` (last: it marks the folder complete).
pub fn write_manifest(
    plan: &Plan,
    shard: Option<ShardInfo>,
    dir: &Path,
    files: &[PathBuf],
) -> Result<PathBuf> {
    let mut entries = Vec::new();
    for f in files {
        let bytes = std::fs::read(f).ctx(|| format!("reading {}", f.display()))?;
        let name = f
            .strip_prefix(dir)
            .unwrap_or(f)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        entries.push(FileEntry {
            name,
            bytes: bytes.len() as u64,
            fnv1a: hex(fnv1a(&bytes)),
        });
    }
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    let m = SweepManifest {
        tool: "berdaya".into(),
        kind: "sweep".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        rng: "Xoshiro256PlusPlus (rand 0.10), streams keyed by SplitMix64(seed, stream, arm, replication, village); every point runs with the base's seed".into(),
        plan: plan.clone(),
        shard,
        files: entries,
    };
    let text = serde_json::to_string_pretty(&m).map_err(crate::error::other)?;
    write_atomic(&dir.join(MANIFEST), format!("{text}\n").as_bytes())
}

/// Reads a folder's manifest.
pub fn read_manifest(dir: &Path) -> Result<SweepManifest> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Error::Usage(format!(
            "{}: cannot read {MANIFEST} ({e}); a sweep or shard folder gets its manifest when it is complete",
            dir.display()
        ))
    })?;
    serde_json::from_str(&text).map_err(|e| {
        Error::Usage(format!(
            "{}: {MANIFEST} is not the manifest of a berdaya sweep ({e})",
            dir.display()
        ))
    })
}

#[cfg(test)]
mod tests {
    //! The analysis pipeline of a sweep (results.csv → output per point →
    //! indices → sensitivity.csv) on functions whose indices are known.

    use super::*;
    use crate::sensitivity::Range;
    use crate::sweep::design::{ParamPlan, ValueKind};

    fn plan(method: Method, ranges: &[Range], samples: usize) -> Plan {
        let mut p = Plan {
            name: "t".into(),
            description: String::new(),
            sweep_file: "t.toml".into(),
            sweep_file_fnv1a: "0".into(),
            base: "b".into(),
            base_fnv1a: "0".into(),
            method,
            samples: Some(samples),
            levels: (method == Method::Morris).then_some(4),
            seed: 9,
            model_seed: 1,
            replications: 2,
            months: 1,
            metrics: vec!["poverty_rate".into(), "repayment_rate".into()],
            at_months: vec![1],
            arms: vec!["control".into(), "program".into()],
            control: Some("control".into()),
            chart_arm: "program".into(),
            parameters: ranges
                .iter()
                .enumerate()
                .map(|(i, r)| ParamPlan {
                    key: format!("x{i}"),
                    kind: ValueKind::Float,
                    values: None,
                    range: Some(*r),
                })
                .collect(),
            points: 0,
        };
        p.points = p.count_points().unwrap();
        p
    }

    /// Writes results.csv where the program arm's metric is `f(x) + c_r` and
    /// the control's is `c_r` (replication noise shared by both arms), and
    /// the second metric is undefined everywhere.
    fn results(plan: &Plan, points: &Points, f: impl Fn(&[f64]) -> f64) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let mut text = plan.results_header();
        let noise = [5.0, -3.0];
        for i in 0..points.len() {
            let v = points.get(i);
            let x: Vec<f64> = v.iter().map(|v| v.as_f64().unwrap()).collect();
            let vals: Vec<String> = v.iter().map(|v| v.csv()).collect();
            for (a, arm) in plan.arms.iter().enumerate() {
                for (r, c) in noise.iter().enumerate() {
                    let y = if a == 0 { *c } else { f(&x) + c };
                    text.push_str(&format!(
                        "{},{},{arm},{},1,{},\n",
                        i + 1,
                        vals.join(","),
                        r + 1,
                        num(y)
                    ));
                }
            }
        }
        std::fs::write(dir.path().join(RESULTS), text).unwrap();
        dir
    }

    fn find(an: &Analysis, quantity: Quantity, arm: usize, metric: usize) -> usize {
        an.outputs
            .iter()
            .position(|o| {
                *o == Output {
                    quantity,
                    arm,
                    metric,
                    month: 0,
                }
            })
            .unwrap()
    }

    #[test]
    fn sobol_pipeline_recovers_the_ishigami_indices() {
        let pi = std::f64::consts::PI;
        let plan = plan(Method::Sobol, &[Range::linear(-pi, pi); 3], 1024);
        let points = plan.make_points().unwrap();
        let ishigami =
            |x: &[f64]| x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin();
        let dir = results(&plan, &points, ishigami);
        let an = analyse(&plan, &points, &dir.path().join(RESULTS)).unwrap();
        let idx = indices(&plan, &points, &an);
        // Analytic values (Ishigami & Homma 1990, a = 7, b = 0.1).
        let (s1, st) = ([0.3139, 0.4424, 0.0], [0.5576, 0.4424, 0.2437]);
        for q in [Quantity::Level, Quantity::Effect] {
            let Indices::Sobol(s) = &idx[find(&an, q, 1, 0)] else {
                panic!("no Sobol indices for {q:?}")
            };
            for i in 0..3 {
                assert!(
                    (s.s1[i] - s1[i]).abs() < 0.05,
                    "{q:?} S1[{i}] = {}",
                    s.s1[i]
                );
                assert!(
                    (s.st[i] - st[i]).abs() < 0.05,
                    "{q:?} ST[{i}] = {}",
                    s.st[i]
                );
                assert!(s.st_conf_low[i] <= s.st[i] && s.st[i] <= s.st_conf_high[i]);
            }
        }
        // The control arm does not move: every index 0.
        let Indices::Sobol(c) = &idx[find(&an, Quantity::Level, 0, 0)] else {
            panic!()
        };
        assert!(c.s1.iter().chain(&c.st).all(|v| *v == 0.0));
        // An undefined metric gives empty cells, not an error.
        assert!(matches!(
            idx[find(&an, Quantity::Level, 1, 1)],
            Indices::None
        ));
        let path = write_sensitivity(&plan, &an, &idx, dir.path()).unwrap();
        let text = std::fs::read_to_string(path).unwrap();
        assert!(
            text.contains("\nprogram,level,repayment_rate,1,x0,,,,,,,,\n"),
            "{text}"
        );
    }

    #[test]
    fn morris_pipeline_is_exact_on_a_linear_function() {
        let plan = plan(
            Method::Morris,
            &[
                Range::linear(0.0, 2.0),
                Range::linear(-1.0, 1.0),
                Range::log(1.0, 100.0),
            ],
            10,
        );
        let points = plan.make_points().unwrap();
        // In unit scale the elementary effects are 3·2 = 6 and -1·2 = -2.
        let dir = results(&plan, &points, |x| 3.0 * x[0] - x[1]);
        let an = analyse(&plan, &points, &dir.path().join(RESULTS)).unwrap();
        let idx = indices(&plan, &points, &an);
        let Indices::Morris(m) = &idx[find(&an, Quantity::Effect, 1, 0)] else {
            panic!()
        };
        for (i, want) in [6.0, -2.0, 0.0].iter().enumerate() {
            assert!((m.mu[i] - want).abs() < 1e-9, "mu[{i}] = {}", m.mu[i]);
            assert!((m.mu_star[i] - want.abs()).abs() < 1e-9);
            assert!(m.sigma[i].abs() < 1e-9);
        }
        // Response curves: the program arm rises with x0 level by level.
        let o = find(&an, Quantity::Level, 1, 0);
        let means: Vec<f64> = an.bins[o][0]
            .iter()
            .filter(|b| b.n > 0)
            .map(|b| b.sum_y / b.n as f64)
            .collect();
        assert!(means.windows(2).all(|w| w[0] < w[1]), "{means:?}");
    }
}
