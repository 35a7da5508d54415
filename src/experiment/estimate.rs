//! The estimators of a run with a `control` arm (`docs/STATISTICS.md`), fed
//! one replication at a time: per (arm, month, metric) Welford accumulators
//! for `summary.csv`; paired differences against control at the program's
//! end and the horizon's end (effects and quantile effects, with Student-t
//! intervals and effects in household-level SDs); per replication, the
//! gains that persistence (with a bootstrap interval of the ratio) and
//! cost-effectiveness need. The results are plain rows
//! ([`crate::output::run`] writes them); nothing holds the time series.

use super::RepResult;
use crate::model::metrics::{self, N_METRICS, Row, col};
use crate::model::params::Params;
use crate::output::columns::{
    FACILITATORS_EXIT, HORIZON_END, NOTE_FEW, NOTE_UNDEFINED, PROGRAM_END,
};
use crate::output::run::{ComparisonRow, CostRow, PersistenceRow, SummaryRow};
use crate::scenario::experiment::Experiment;
use crate::stats::{Welford, bootstrap_many};

/// The household-level standard deviation behind a metric, for effect sizes:
/// a column holding it, or a share whose SD is sqrt(p(1-p)).
pub enum HouseholdSd {
    Column(usize),
    Share,
    None,
}

/// How a metric's effect is scaled into household SDs.
pub fn household_sd(metric: usize) -> HouseholdSd {
    use col::*;
    match metric {
        POVERTY_RATE | EMPOWERED_SHARE | GROUP_SHARE | PARTNERSHIP_SHARE | BUSINESS_SHARE
        | EVER_BORROWED_SHARE => HouseholdSd::Share,
        MEAN_INCOME | MEDIAN_INCOME => HouseholdSd::Column(INCOME_SD),
        MEAN_CONSUMPTION_PC | CONS_P10..=CONS_P90 => HouseholdSd::Column(CONSUMPTION_PC_SD),
        MEAN_ASSETS => HouseholdSd::Column(ASSETS_SD),
        EMPOWERMENT_INDEX..=PSYCHOLOGICAL_INDEX => {
            HouseholdSd::Column(INDEX_SD + (metric - EMPOWERMENT_INDEX))
        }
        _ => HouseholdSd::None,
    }
}

/// Metrics whose persistence is reported.
pub const PERSISTENCE_METRICS: [usize; 6] = [
    col::POVERTY_RATE,
    col::MEAN_CONSUMPTION_PC,
    col::MEAN_INCOME,
    col::MEAN_ASSETS,
    col::EMPOWERMENT_INDEX,
    col::EMPOWERED_SHARE,
];

/// Metrics of `effects_over_time.csv` (the charts' paired bands).
pub const OVER_TIME_METRICS: [usize; 3] = [
    col::POVERTY_RATE,
    col::MEAN_CONSUMPTION_PC,
    col::EMPOWERMENT_INDEX,
];

/// Quantiles of consumption per person in `quantile_effects.csv`.
pub const QUANTILES: [(u32, usize); 5] = [
    (10, col::CONS_P10),
    (25, col::CONS_P25),
    (50, col::CONS_P50),
    (75, col::CONS_P75),
    (90, col::CONS_P90),
];

/// Paired comparison of one arm against control at one month.
#[derive(Clone)]
pub struct Comparison {
    pub arm: usize,
    /// `program_end`, `facilitators_exit` or `horizon_end`.
    pub period: &'static str,
    pub month: u32,
    pub control: Vec<Welford>,
    pub treated: Vec<Welford>,
    pub diff: Vec<Welford>,
    /// Household-level SD of the control arm (mean over replications).
    pub control_hh_sd: Vec<Welford>,
}

/// Per replication, per treated arm: what persistence and cost-effectiveness need.
#[derive(Clone, Debug, Default)]
pub struct RepGains {
    /// Paired differences at each of the arm's moments before the horizon
    /// ([`moments`]) and at the horizon's end, for [`PERSISTENCE_METRICS`].
    pub at: Vec<[f64; 6]>,
    pub horizon: [f64; 6],
    /// Household-years out of poverty and consumption gained (Rp), through the
    /// program's end and through the horizon.
    pub years_out_program: f64,
    pub years_out_horizon: f64,
    pub consumption_program: f64,
    pub consumption_horizon: f64,
    pub cost: f64,
}

/// Consumption gained (Rp) by an arm over control in months `1..=through`:
/// the paired monthly differences in mean household consumption times
/// households, summed in month order (`cost_effectiveness.csv`, F9, F10).
pub fn consumption_gained(control: &[Row], arm: &[Row], through: usize) -> f64 {
    control
        .iter()
        .zip(arm)
        .take(through)
        .map(|(c, t)| {
            (t[col::MEAN_CONSUMPTION_HH] - c[col::MEAN_CONSUMPTION_HH]) * c[col::HOUSEHOLDS]
        })
        .sum()
}

/// Last program month of an arm within the horizon, if it has a program that
/// ends before the horizon.
pub fn program_end(exp: &Experiment, arm: usize) -> Option<u32> {
    let p = Params::new(exp.arms[arm].scenario.clone());
    (p.program_last >= p.program_first
        && p.program_last >= 1
        && (p.program_last as u32) < exp.months())
    .then_some(p.program_last as u32)
}

/// The month facilitators leave an arm (their last working month), if the
/// arm has facilitators and they leave before the horizon.
pub fn facilitators_exit(exp: &Experiment, arm: usize) -> Option<u32> {
    let p = Params::new(exp.arms[arm].scenario.clone());
    (p.facilitators > 0.0
        && p.facilitation_last >= p.facilitation_first
        && p.facilitation_last >= 1
        && (p.facilitation_last as u32) < exp.months())
    .then_some(p.facilitation_last as u32)
}

/// The moments of an arm before the horizon at which effects are taken and
/// from which persistence is measured: the program's end (the budget's last
/// month) and the facilitators' exit, each when it falls before the horizon.
pub fn moments(exp: &Experiment, arm: usize) -> Vec<(&'static str, u32)> {
    let mut v = Vec::new();
    if let Some(m) = program_end(exp, arm) {
        v.push((PROGRAM_END, m));
    }
    if let Some(m) = facilitators_exit(exp, arm) {
        v.push((FACILITATORS_EXIT, m));
    }
    v
}

/// Fewer paired replications than this make a Student-t interval a note.
pub const FEW_T: u64 = 5;
/// Fewer replications than this make a bootstrap interval a note.
pub const FEW_BOOTSTRAP: usize = 10;

/// The `note` of an estimate resting on `n` of `total` replications.
pub fn note(n: u64, total: u64, few: u64) -> String {
    let mut v = Vec::new();
    if n < few {
        v.push(NOTE_FEW);
    }
    if n < total {
        v.push(NOTE_UNDEFINED);
    }
    v.join(";")
}

/// The estimators of a run, fed one replication at a time.
pub struct Estimates {
    arm_names: Vec<String>,
    months: u32,
    program_end: Vec<Option<u32>>,
    /// moments[arm]: see [`moments`].
    moments: Vec<Vec<(&'static str, u32)>>,
    /// summary[arm][month][metric]
    summary: Vec<Vec<Vec<Welford>>>,
    control: Option<usize>,
    pub comparisons: Vec<Comparison>,
    /// Every treated arm against control in every month, for
    /// [`OVER_TIME_METRICS`] (`effects_over_time.csv`).
    pub over_time: Vec<Comparison>,
    /// gains[arm][replication]
    pub gains: Vec<Vec<RepGains>>,
    pub replications_done: u32,
    seed: u64,
}

impl Estimates {
    pub fn new(exp: &Experiment) -> Self {
        let months = exp.months();
        let control = exp.control();
        let program_end: Vec<Option<u32>> =
            (0..exp.arms.len()).map(|a| program_end(exp, a)).collect();
        let arm_moments: Vec<Vec<(&'static str, u32)>> =
            (0..exp.arms.len()).map(|a| moments(exp, a)).collect();
        let mut comparisons = Vec::new();
        let mut over_time = Vec::new();
        if let Some(c) = control {
            for i in (0..exp.arms.len()).filter(|&i| i != c) {
                for month in 1..=months {
                    let empty = vec![Welford::new(); OVER_TIME_METRICS.len()];
                    over_time.push(Comparison {
                        arm: i,
                        period: "",
                        month,
                        control: empty.clone(),
                        treated: empty.clone(),
                        diff: empty.clone(),
                        control_hh_sd: empty,
                    });
                }
            }
            for i in (0..exp.arms.len()).filter(|&i| i != c) {
                let mut points = arm_moments[i].clone();
                points.push((HORIZON_END, months));
                for (period, month) in points {
                    let empty = vec![Welford::new(); N_METRICS];
                    comparisons.push(Comparison {
                        arm: i,
                        period,
                        month,
                        control: empty.clone(),
                        treated: empty.clone(),
                        diff: empty.clone(),
                        control_hh_sd: empty,
                    });
                }
            }
        }
        Estimates {
            arm_names: exp.arms.iter().map(|a| a.name.clone()).collect(),
            months,
            program_end,
            moments: arm_moments,
            summary: vec![vec![vec![Welford::new(); N_METRICS]; months as usize]; exp.arms.len()],
            control,
            comparisons,
            over_time,
            gains: vec![Vec::new(); exp.arms.len()],
            replications_done: 0,
            seed: exp.seed(),
        }
    }

    /// Whether the run has a control arm (and so effects, persistence and
    /// cost-effectiveness).
    pub fn has_control(&self) -> bool {
        self.control.is_some()
    }

    /// Takes one replication.
    pub fn push(&mut self, r: &RepResult) {
        for (a, rows) in r.arms.iter().enumerate() {
            for (m, row) in rows.iter().enumerate() {
                for (k, x) in row.iter().enumerate() {
                    if x.is_finite() {
                        self.summary[a][m][k].push(*x);
                    }
                }
            }
        }
        if let Some(c) = self.control {
            for cmp in &mut self.comparisons {
                let m = cmp.month as usize - 1;
                push_comparison(cmp, &r.arms[c][m], &r.arms[cmp.arm][m]);
            }
            for cmp in &mut self.over_time {
                let m = cmp.month as usize - 1;
                let (crow, trow) = (&r.arms[c][m], &r.arms[cmp.arm][m]);
                for (j, &k) in OVER_TIME_METRICS.iter().enumerate() {
                    let (x0, x1) = (crow[k], trow[k]);
                    if x0.is_finite() && x1.is_finite() {
                        cmp.control[j].push(x0);
                        cmp.treated[j].push(x1);
                        cmp.diff[j].push(x1 - x0);
                    }
                }
            }
            for a in (0..r.arms.len()).filter(|&a| a != c) {
                let g = self.rep_gains(&r.arms[c], &r.arms[a], a);
                self.gains[a].push(g);
            }
        }
        self.replications_done += 1;
    }

    fn rep_gains(&self, control: &[Row], arm: &[Row], a: usize) -> RepGains {
        let mut g = RepGains::default();
        let end_m = self.program_end[a].unwrap_or(self.months) as usize;
        for (m, (c, t)) in control.iter().zip(arm).enumerate() {
            let out = (c[col::POVERTY_RATE] - t[col::POVERTY_RATE]) * c[col::HOUSEHOLDS] / 12.0;
            g.years_out_horizon += out;
            if m < end_m {
                g.years_out_program += out;
            }
        }
        g.consumption_horizon = consumption_gained(control, arm, control.len());
        g.consumption_program = consumption_gained(control, arm, end_m);
        let last = self.months as usize - 1;
        for (k, &metric) in PERSISTENCE_METRICS.iter().enumerate() {
            g.horizon[k] = arm[last][metric] - control[last][metric];
        }
        for &(_, m) in &self.moments[a] {
            let i = m as usize - 1;
            let mut at = [0.0; 6];
            for (k, &metric) in PERSISTENCE_METRICS.iter().enumerate() {
                at[k] = arm[i][metric] - control[i][metric];
            }
            g.at.push(at);
        }
        g.cost = arm[last][col::PROGRAM_COST];
        g
    }

    /// `summary.csv`: every arm, month and metric.
    pub fn summary_rows(&self) -> Vec<SummaryRow<'_>> {
        let mut rows = Vec::new();
        for (a, name) in self.arm_names.iter().enumerate() {
            for m in 0..self.months as usize {
                for (k, metric) in metrics::names().enumerate() {
                    let s = &self.summary[a][m][k];
                    let (ci_low, ci_high) = ci(s);
                    rows.push(SummaryRow {
                        arm: name,
                        month: m as u32 + 1,
                        metric,
                        n: s.count(),
                        mean: s.mean(),
                        sd: s.sd(),
                        ci_low,
                        ci_high,
                    });
                }
            }
        }
        rows
    }

    /// `effects.csv`: every comparison and metric of the contract.
    pub fn effect_rows(&self) -> Vec<ComparisonRow<'_>> {
        self.comparisons
            .iter()
            .flat_map(|cmp| {
                (0..metrics::CONTRACT.len())
                    .map(move |k| self.comparison_row(cmp, k, metrics::CONTRACT[k].to_string()))
            })
            .collect()
    }

    /// `effects_over_time.csv`: every treated arm, month and metric of
    /// [`OVER_TIME_METRICS`] (no effect in SDs: `effect_sd` is empty).
    pub fn over_time_rows(&self) -> Vec<ComparisonRow<'_>> {
        self.over_time
            .iter()
            .flat_map(|cmp| {
                OVER_TIME_METRICS.iter().enumerate().map(move |(j, &k)| {
                    let mut r = self.comparison_row(
                        cmp,
                        j,
                        metrics::names().nth(k).unwrap_or("").to_string(),
                    );
                    r.effect_sd = f64::NAN;
                    r
                })
            })
            .collect()
    }

    /// `quantile_effects.csv`: every comparison and quantile of consumption.
    pub fn quantile_rows(&self) -> Vec<ComparisonRow<'_>> {
        self.comparisons
            .iter()
            .flat_map(|cmp| {
                QUANTILES
                    .iter()
                    .map(move |(q, k)| self.comparison_row(cmp, *k, q.to_string()))
            })
            .collect()
    }

    /// One column of one comparison: n, control mean, arm mean (both over
    /// the replications where both are defined, so that the effect is their
    /// difference), paired difference, its 95% CI, percent change, effect in
    /// household SDs and the note.
    fn comparison_row(&self, cmp: &Comparison, k: usize, column: String) -> ComparisonRow<'_> {
        let d = &cmp.diff[k];
        let (ci_low, ci_high) = ci(d);
        let c = cmp.control[k].mean();
        let pct_change = if c.abs() > 0.0 {
            100.0 * d.mean() / c
        } else {
            f64::NAN
        };
        let hsd = cmp.control_hh_sd[k].mean();
        let effect_sd = if hsd > 0.0 { d.mean() / hsd } else { f64::NAN };
        ComparisonRow {
            arm: &self.arm_names[cmp.arm],
            period: cmp.period,
            month: cmp.month,
            column,
            n: d.count(),
            control_mean: c,
            arm_mean: cmp.treated[k].mean(),
            effect: d.mean(),
            ci_low,
            ci_high,
            pct_change,
            effect_sd,
            note: note(d.count(), self.replications_done as u64, FEW_T),
        }
    }

    /// `persistence.csv`: per treated arm, per moment before the horizon
    /// (program end, facilitators' exit), per metric, the effect at the
    /// horizon over the effect at that moment, with a bootstrap interval
    /// over replications.
    pub fn persistence_rows(&self) -> Vec<PersistenceRow<'_>> {
        let mut rows = Vec::new();
        for (a, reps) in self.gains.iter().enumerate() {
            if reps.is_empty() {
                continue;
            }
            for (j, &(period, month)) in self.moments[a].iter().enumerate() {
                for (k, &metric) in PERSISTENCE_METRICS.iter().enumerate() {
                    rows.push(self.persistence_row(a, reps, (j, period, month), k, metric));
                }
            }
        }
        rows
    }

    fn persistence_row(
        &self,
        a: usize,
        reps: &[RepGains],
        (j, period, month): (usize, &'static str, u32),
        k: usize,
        metric: usize,
    ) -> PersistenceRow<'_> {
        let e: Vec<f64> = reps.iter().map(|g| g.at[j][k]).collect();
        let h: Vec<f64> = reps.iter().map(|g| g.horizon[k]).collect();
        let (me, mh) = (mean(&e), mean(&h));
        let ratio = if me.abs() > 0.0 { mh / me } else { f64::NAN };
        let boot = bootstrap_many(
            reps.len(),
            1000,
            self.seed ^ 0x5eed_0001 ^ (a as u64) << 8 ^ k as u64 ^ (j as u64) << 20,
            0.95,
            1,
            |idx, out| {
                let se: f64 = idx.iter().map(|&i| e[i]).sum();
                let sh: f64 = idx.iter().map(|&i| h[i]).sum();
                out[0] = if se.abs() > 0.0 { sh / se } else { f64::NAN };
            },
        );
        let (ci_low, ci_high) = boot
            .first()
            .map(|b| (b.low, b.high))
            .unwrap_or((f64::NAN, f64::NAN));
        PersistenceRow {
            arm: &self.arm_names[a],
            metric: metrics::names().nth(metric).unwrap_or(""),
            period,
            month,
            horizon_month: self.months,
            n: reps.len(),
            effect: me,
            horizon_effect: mh,
            persistence: ratio,
            ci_low,
            ci_high,
            note: note(reps.len() as u64, reps.len() as u64, FEW_BOOTSTRAP as u64),
        }
    }

    /// `cost_effectiveness.csv`: per treated arm, through the program's end
    /// (if it ends before the horizon) and through the horizon.
    pub fn cost_rows(&self) -> Vec<CostRow<'_>> {
        let mut rows = Vec::new();
        for (a, reps) in self.gains.iter().enumerate() {
            if reps.is_empty() {
                continue;
            }
            let cost = mean(&reps.iter().map(|g| g.cost).collect::<Vec<_>>());
            if let Some(end) = self.program_end[a] {
                let years: Vec<f64> = reps.iter().map(|g| g.years_out_program).collect();
                let gain: Vec<f64> = reps.iter().map(|g| g.consumption_program).collect();
                rows.push(self.cost_row(a, PROGRAM_END, end, cost, &years, &gain));
            }
            let years: Vec<f64> = reps.iter().map(|g| g.years_out_horizon).collect();
            let gain: Vec<f64> = reps.iter().map(|g| g.consumption_horizon).collect();
            rows.push(self.cost_row(a, HORIZON_END, self.months, cost, &years, &gain));
        }
        rows
    }

    fn cost_row(
        &self,
        a: usize,
        period: &'static str,
        month: u32,
        cost: f64,
        years: &[f64],
        gain: &[f64],
    ) -> CostRow<'_> {
        let hy: Welford = years.iter().copied().collect();
        let cg: Welford = gain.iter().copied().collect();
        let (hy_low, hy_high) = ci(&hy);
        let (gain_low, gain_high) = ci(&cg);
        let per_year = if hy.mean() > 0.0 && cost > 0.0 {
            cost / hy.mean()
        } else {
            f64::NAN
        };
        let ratio = |x: f64| if cost > 0.0 { x / cost } else { f64::NAN };
        CostRow {
            arm: &self.arm_names[a],
            period,
            month,
            n: years.len(),
            program_cost: cost,
            household_years: hy.mean(),
            hy_ci_low: hy_low,
            hy_ci_high: hy_high,
            cost_per_household_year: per_year,
            consumption_gain: cg.mean(),
            gain_ci_low: gain_low,
            gain_ci_high: gain_high,
            gain_per_rupiah: ratio(cg.mean()),
            gpr_ci_low: ratio(gain_low),
            gpr_ci_high: ratio(gain_high),
            note: note(years.len() as u64, years.len() as u64, FEW_T),
        }
    }
}

/// Adds one replication's control and treated rows to a comparison.
fn push_comparison(cmp: &mut Comparison, crow: &Row, trow: &Row) {
    for k in 0..N_METRICS {
        let (x0, x1) = (crow[k], trow[k]);
        // both means over the replications where both are defined (a
        // repayment rate with no loans due is undefined), so the effect is
        // the difference of the means and `n` counts them all
        if x0.is_finite() && x1.is_finite() {
            cmp.control[k].push(x0);
            let sd = match household_sd(k) {
                HouseholdSd::Column(j) => crow[j],
                HouseholdSd::Share => (x0 * (1.0 - x0)).max(0.0).sqrt(),
                HouseholdSd::None => f64::NAN,
            };
            if sd.is_finite() {
                cmp.control_hh_sd[k].push(sd);
            }
        }
        if x0.is_finite() && x1.is_finite() {
            cmp.treated[k].push(x1);
            cmp.diff[k].push(x1 - x0);
        }
    }
}

fn mean(x: &[f64]) -> f64 {
    if x.is_empty() {
        f64::NAN
    } else {
        x.iter().sum::<f64>() / x.len() as f64
    }
}

/// 95% confidence interval of a mean from its accumulator (Student t).
pub fn ci(w: &Welford) -> (f64, f64) {
    let n = w.count();
    if n < 2 {
        return (f64::NAN, f64::NAN);
    }
    let t = crate::stats::student_t_quantile(0.975, (n - 1) as f64);
    let half = t * w.sd() / (n as f64).sqrt();
    (w.mean() - half, w.mean() + half)
}
