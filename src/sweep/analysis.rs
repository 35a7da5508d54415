//! The analysis of a finished sweep, from `results.csv` alone (never from
//! the live model): the outputs per point, the sensitivity indices and the
//! response bins that [`super::tables`] writes and [`super::charts`] draws.
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
//! **Heat map cells.** A grid over exactly two parameters also keeps, for
//! every charted output ([`charted`]), the mean over the points of each combination of their
//! levels (one point per combination, as a grid's lists hold no value
//! twice): `cells[o][a * levels_b + b]`, with `a` and `b` the positions of
//! the two values in their lists. A point's output is already the mean over
//! its replications, so a cell is the mean over the replications of its
//! point.
//!
//! Memory: the Morris and Sobol estimators need every point's output (one
//! number per point, arm, metric and month); a grid or LHS sweep keeps only
//! the bins, so its report is flat in the number of points too, except for
//! a two-parameter grid's heat map cells (one cell per point and charted
//! metric and month).

use super::design::{Method, Plan, Points};
use crate::error::{Error, Result};
use crate::sensitivity::{
    BootstrapOptions, MorrisIndices, SobolIndices, analyze_morris, analyze_saltelli,
};
use rayon::prelude::*;
use std::path::Path;

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
pub(crate) struct Bin {
    pub(crate) sum_y: f64,
    /// Sum of squares of y, for the response charts' bands.
    pub(crate) sum_y2: f64,
    pub(crate) n: u64,
    pub(crate) sum_x: f64,
    pub(crate) nx: u64,
    /// Sums over the replications of the bin's points (each replication's
    /// value, not the point's mean), for the band of a bin of one point
    /// (a grid over one parameter): the Monte Carlo interval of its mean.
    pub(crate) rep_sum: f64,
    pub(crate) rep_sum2: f64,
    pub(crate) reps: u64,
}

/// The arm and quantity the charts of a sweep show: `chart_arm`'s effect
/// against the control when the base has one (and it is not the control),
/// else its level.
pub(crate) fn charted(plan: &Plan) -> (usize, Quantity) {
    let arm = plan.chart_arm_index();
    let control = plan.control_index();
    if control.is_some() && control != Some(arm) {
        (arm, Quantity::Effect)
    } else {
        (arm, Quantity::Level)
    }
}

/// One cell of a two-parameter grid: the outputs of its points.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Cell {
    /// Sum of the points' outputs (each a mean over replications).
    pub(crate) sum_y: f64,
    /// Points with a defined output.
    pub(crate) n: u64,
    /// Replications with a defined value, summed over those points.
    pub(crate) reps: u64,
}

impl Cell {
    /// The cell's mean output (NaN when no point has one).
    pub(crate) fn mean(&self) -> f64 {
        if self.n > 0 {
            self.sum_y / self.n as f64
        } else {
            f64::NAN
        }
    }
}

/// The list lengths of a grid over exactly two parameters: the sweeps that
/// get a heat map.
pub(crate) fn heatmap_shape(plan: &Plan) -> Option<(usize, usize)> {
    match (plan.method, plan.parameters.as_slice()) {
        (Method::Grid, [a, b]) => Some((
            a.values.as_ref().map_or(0, Vec::len),
            b.values.as_ref().map_or(0, Vec::len),
        )),
        _ => None,
    }
}

/// How the points of a parameter are binned for response curves.
#[derive(Debug, Clone)]
pub(crate) enum Binning {
    /// Grid: by position in the list (`None` for a non-numeric key).
    Listed(Vec<Option<f64>>),
    /// Morris levels: bin k holds unit value k/(p-1).
    Levels(usize),
    /// Equal unit-range bins.
    Equal(usize),
}

impl Binning {
    pub(crate) fn count(&self) -> usize {
        match self {
            Binning::Listed(v) => v.len(),
            Binning::Levels(p) => *p,
            Binning::Equal(b) => *b,
        }
    }
}

pub(crate) fn binnings(plan: &Plan) -> Vec<Binning> {
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
pub(crate) struct Analysis {
    pub(crate) outputs: Vec<Output>,
    /// `per_point[o][point]`, kept only for methods with an estimator.
    pub(crate) per_point: Vec<Vec<f64>>,
    pub(crate) binnings: Vec<Binning>,
    /// `bins[o][param][bin]`.
    pub(crate) bins: Vec<Vec<Vec<Bin>>>,
    /// `cells[o][a * levels_b + b]` for a grid over two parameters (see
    /// [`heatmap_shape`]) and a charted output (see [`charted`]); empty
    /// otherwise.
    pub(crate) cells: Vec<Vec<Cell>>,
}

impl Analysis {
    /// Empty accumulators for the outputs of `plan`.
    fn new(plan: &Plan) -> Analysis {
        let outs = outputs(plan);
        let binnings = binnings(plan);
        Analysis {
            per_point: if plan.method.has_estimator() {
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
            // only the charted outputs: memory stays at one number per point
            // and charted metric and month
            cells: match heatmap_shape(plan) {
                Some((na, nb)) => {
                    let (arm, quantity) = charted(plan);
                    outs.iter()
                        .map(|o| {
                            if o.arm == arm && o.quantity == quantity {
                                vec![Cell::default(); na * nb]
                            } else {
                                Vec::new()
                            }
                        })
                        .collect()
                }
                None => Vec::new(),
            },
            binnings,
            outputs: outs,
        }
    }
}

/// Reads `results.csv` point by point.
pub(crate) fn analyse(plan: &Plan, points: &Points, path: &Path) -> Result<Analysis> {
    let d = plan.parameters.len();
    let mut analysis = Analysis::new(plan);
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
pub(crate) fn absorb(plan: &Plan, points: &Points, an: &mut Analysis, point: usize, block: &[f64]) {
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
    // The heat map cell of this point (a grid over two parameters).
    let cell = heatmap_shape(plan).and_then(|(_, nb)| match place.as_slice() {
        [(Some(a), _), (Some(b), _)] => Some(a * nb + b),
        _ => None,
    });
    for (o, out) in an.outputs.iter().enumerate() {
        let (mut sum, mut n, mut sum2) = (0.0, 0u32, 0.0);
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
                sum2 += v * v;
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
        if let Some(c) = cell.and_then(|c| an.cells.get_mut(o)?.get_mut(c)) {
            c.sum_y += y;
            c.n += 1;
            c.reps += u64::from(n);
        }
        for (j, (bin, x)) in place.iter().enumerate() {
            if let Some(b) = bin.and_then(|b| an.bins[o][j].get_mut(b)) {
                b.sum_y += y;
                b.sum_y2 += y * y;
                b.n += 1;
                b.rep_sum += sum;
                b.rep_sum2 += sum2;
                b.reps += u64::from(n);
                if let Some(x) = x {
                    b.sum_x += x;
                    b.nx += 1;
                }
            }
        }
    }
}

/// Indices of one output.
pub(crate) enum Indices {
    Morris(MorrisIndices),
    Sobol(SobolIndices),
    /// Not computable (an output undefined at some point).
    None,
}

pub(crate) fn indices(plan: &Plan, points: &Points, an: &Analysis) -> Vec<Indices> {
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

/// The centre of a bin: the mean value of its points, or the value listed.
pub(crate) fn bin_x(plan: &Plan, j: usize, b: &Binning, k: usize, bin: &Bin) -> f64 {
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

#[cfg(test)]
mod tests {
    //! The heat map cells on a hand-written results.csv with known means.

    use super::*;
    use crate::sweep::design::{PValue, ParamPlan, ValueKind};

    fn grid_plan(lists: &[Vec<PValue>]) -> Plan {
        let mut p = Plan {
            name: "t".into(),
            description: String::new(),
            sweep_file: "t.toml".into(),
            sweep_file_fnv1a: "0".into(),
            base: "b".into(),
            base_fnv1a: "0".into(),
            method: Method::Grid,
            samples: None,
            levels: None,
            seed: 1,
            model_seed: 1,
            replications: 2,
            months: 1,
            metrics: vec!["poverty_rate".into(), "repayment_rate".into()],
            at_months: vec![1],
            arms: vec!["control".into(), "program".into()],
            control: Some("control".into()),
            chart_arm: "program".into(),
            parameters: lists
                .iter()
                .enumerate()
                .map(|(i, l)| ParamPlan {
                    key: format!("s.x{i}"),
                    kind: ValueKind::Integer,
                    values: Some(l.clone()),
                    range: None,
                })
                .collect(),
            points: 0,
        };
        p.points = p.count_points().unwrap();
        p
    }

    fn ints(v: &[i64]) -> Vec<PValue> {
        v.iter().map(|i| PValue::Int(*i)).collect()
    }

    fn output(an: &Analysis, quantity: Quantity, metric: usize) -> usize {
        an.outputs
            .iter()
            .position(|o| {
                *o == Output {
                    quantity,
                    arm: 1,
                    metric,
                    month: 0,
                }
            })
            .unwrap()
    }

    #[test]
    fn heat_map_cells_hold_the_mean_of_each_combination() {
        // x0 in [2, 1] (listed out of order), x1 in [10, 20, 30].
        let plan = grid_plan(&[ints(&[2, 1]), ints(&[10, 20, 30])]);
        assert_eq!(heatmap_shape(&plan), Some((2, 3)));
        let points = plan.make_points().unwrap();
        // poverty: control = c_r, program = x0·x1 + c_r with c = (1, 3);
        // repayment (program only): 0.5 in replication 1, 0.75 in
        // replication 2 at (1, 30) only, nothing at all at (2, 10).
        let mut text = plan.results_header();
        for i in 0..points.len() {
            let v = points.get(i);
            let (x0, x1) = (v[0].as_f64().unwrap(), v[1].as_f64().unwrap());
            for arm in ["control", "program"] {
                for (r, c) in [(1, 1.0), (2, 3.0)] {
                    let y = if arm == "control" { c } else { x0 * x1 + c };
                    let rep = match (arm, r, x0 as i64, x1 as i64) {
                        ("control", ..) | ("program", _, 2, 10) => String::new(),
                        ("program", 2, 1, 30) => "0.75".into(),
                        ("program", 2, ..) => String::new(),
                        _ => "0.5".into(),
                    };
                    text.push_str(&format!("{},{},{},{arm},{r},1,{y},{rep}\n", i + 1, x0, x1));
                }
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("results.csv");
        std::fs::write(&path, text).unwrap();
        let an = analyse(&plan, &points, &path).unwrap();
        // cells[o][a * 3 + b], a and b positions in the lists as written
        let cell = |o: usize, x0: i64, x1: i64| {
            let a = [2, 1].iter().position(|v| *v == x0).unwrap();
            let b = [10, 20, 30].iter().position(|v| *v == x1).unwrap();
            an.cells[o][a * 3 + b]
        };
        // With a control, the charts show the program's effect: only those
        // outputs keep cells.
        let effect = output(&an, Quantity::Effect, 0);
        for x0 in [1, 2] {
            for x1 in [10, 20, 30] {
                let c = cell(effect, x0, x1);
                assert_eq!((c.n, c.reps), (1, 2));
                // the paired difference removes the replication's draw
                assert_eq!(c.mean(), (x0 * x1) as f64);
            }
        }
        assert_eq!(cell(effect, 2, 30).mean(), 60.0);
        assert!(an.cells[output(&an, Quantity::Level, 0)].is_empty());
        // No control value: no effect on repayment anywhere.
        let e = output(&an, Quantity::Effect, 1);
        assert_eq!(an.cells[e].len(), 6);
        assert!(an.cells[e].iter().all(|c| c.n == 0 && c.mean().is_nan()));

        // Without a control, the program's level.
        let mut solo = plan.clone();
        solo.control = None;
        let an = analyse(&solo, &points, &path).unwrap();
        let cell = |o: usize, x0: i64, x1: i64| {
            let a = [2, 1].iter().position(|v| *v == x0).unwrap();
            let b = [10, 20, 30].iter().position(|v| *v == x1).unwrap();
            an.cells[o][a * 3 + b]
        };
        let level = output(&an, Quantity::Level, 0);
        for x0 in [1, 2] {
            for x1 in [10, 20, 30] {
                let c = cell(level, x0, x1);
                assert_eq!((c.n, c.reps), (1, 2));
                // mean of (x0·x1 + 1) and (x0·x1 + 3)
                assert_eq!(c.mean(), (x0 * x1) as f64 + 2.0);
            }
        }
        assert_eq!(cell(level, 2, 30).mean(), 62.0);
        // Undefined replications are left out of a cell, and counted.
        let rep = output(&an, Quantity::Level, 1);
        let c = cell(rep, 1, 30);
        assert_eq!((c.mean(), c.n, c.reps), (0.625, 1, 2));
        let c = cell(rep, 1, 10);
        assert_eq!((c.mean(), c.n, c.reps), (0.5, 1, 1));
        let c = cell(rep, 2, 10);
        assert!(c.mean().is_nan());
        assert_eq!((c.n, c.reps), (0, 0));

        // One or three listed parameters, or another method: no cells.
        for lists in [
            vec![ints(&[1, 2])],
            vec![ints(&[1]), ints(&[2]), ints(&[3])],
        ] {
            let p = grid_plan(&lists);
            assert_eq!(heatmap_shape(&p), None);
        }
        let mut m = grid_plan(&[ints(&[1, 2]), ints(&[1, 2])]);
        m.method = Method::Lhs;
        assert_eq!(heatmap_shape(&m), None);
    }
}
