//! The run folder (PRODUCT.md "Files"): `scenario.toml`, `timeseries.csv`
//! streamed as replications finish, `summary.csv`, and with a `control` arm
//! `effects.csv`, `quantile_effects.csv`, `persistence.csv` and
//! `cost_effectiveness.csv`; `manifest.json`; `charts/`. Every file is written
//! under a temporary name and renamed into place. The estimators are
//! described in `docs/STATISTICS.md`.
//!
//! Memory: the writer keeps Welford accumulators per (arm, month, metric) and,
//! per replication, a handful of numbers per arm (the paired differences at
//! two months and cumulated gains): nothing holds the time series.

pub mod files;
pub mod manifest;

use crate::error::{IoContext, Result};
use crate::model::metrics::{self, N_METRICS, col};
use crate::model::params::Params;
use crate::runner::RepResult;
use crate::scenario::experiment::Experiment;
use crate::stats::{Welford, bootstrap_many};
use files::{AtomicFile, num};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Column names of `timeseries.csv`.
pub fn timeseries_header() -> String {
    let mut h = String::from("arm,replication,month");
    for n in metrics::names() {
        h.push(',');
        h.push_str(n);
    }
    h
}

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
    /// "program_end" or "horizon_end".
    pub when: &'static str,
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
    /// Paired differences at the program's end and the horizon's end, for
    /// [`PERSISTENCE_METRICS`].
    pub end: [f64; 6],
    pub horizon: [f64; 6],
    /// Household-years out of poverty and consumption gained (Rp), through the
    /// program's end and through the horizon.
    pub years_out_program: f64,
    pub years_out_horizon: f64,
    pub consumption_program: f64,
    pub consumption_horizon: f64,
    pub cost: f64,
}

/// Streams a run's results into its folder.
pub struct RunWriter {
    dir: PathBuf,
    arm_names: Vec<String>,
    months: u32,
    program_end: Vec<Option<u32>>,
    parts: Vec<AtomicFile>,
    /// summary[arm][month][metric]
    summary: Vec<Vec<Vec<Welford>>>,
    control: Option<usize>,
    pub comparisons: Vec<Comparison>,
    /// gains[arm][replication]
    pub gains: Vec<Vec<RepGains>>,
    pub written: Vec<PathBuf>,
    pub replications_done: u32,
    seed: u64,
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

impl RunWriter {
    /// Opens the streams of a run into `dir` (which must exist).
    pub fn new(dir: &Path, exp: &Experiment) -> Result<Self> {
        let months = exp.months();
        let mut parts = Vec::new();
        for a in &exp.arms {
            parts.push(AtomicFile::create(
                &dir.join(format!("timeseries.{}.csv", a.name)),
            )?);
        }
        let control = exp.control();
        let program_end: Vec<Option<u32>> =
            (0..exp.arms.len()).map(|a| program_end(exp, a)).collect();
        let mut comparisons = Vec::new();
        if let Some(c) = control {
            for i in (0..exp.arms.len()).filter(|&i| i != c) {
                let mut points = Vec::new();
                if let Some(m) = program_end[i] {
                    points.push(("program_end", m));
                }
                points.push(("horizon_end", months));
                for (when, month) in points {
                    let empty = vec![Welford::new(); N_METRICS];
                    comparisons.push(Comparison {
                        arm: i,
                        when,
                        month,
                        control: empty.clone(),
                        treated: empty.clone(),
                        diff: empty.clone(),
                        control_hh_sd: empty,
                    });
                }
            }
        }
        Ok(RunWriter {
            dir: dir.to_path_buf(),
            arm_names: exp.arms.iter().map(|a| a.name.clone()).collect(),
            months,
            program_end,
            parts,
            summary: vec![vec![vec![Welford::new(); N_METRICS]; months as usize]; exp.arms.len()],
            control,
            comparisons,
            gains: vec![Vec::new(); exp.arms.len()],
            written: Vec::new(),
            replications_done: 0,
            seed: exp.seed(),
        })
    }

    /// Takes one replication: rows to disk, statistics updated.
    pub fn push(&mut self, r: &RepResult) -> Result<()> {
        for (a, rows) in r.arms.iter().enumerate() {
            let name = &self.arm_names[a];
            let w = self.parts[a].writer();
            let mut line = String::with_capacity(768);
            for (m, row) in rows.iter().enumerate() {
                line.clear();
                line.push_str(&format!("{name},{},{}", r.replication + 1, m + 1));
                for (k, x) in row.iter().enumerate() {
                    line.push(',');
                    line.push_str(&num(*x));
                    if x.is_finite() {
                        self.summary[a][m][k].push(*x);
                    }
                }
                line.push('\n');
                w.write_all(line.as_bytes())
                    .ctx(|| format!("writing timeseries of arm {name}"))?;
            }
        }
        if let Some(c) = self.control {
            for cmp in &mut self.comparisons {
                let m = cmp.month as usize - 1;
                let (crow, trow) = (&r.arms[c][m], &r.arms[cmp.arm][m]);
                for k in 0..N_METRICS {
                    let (x0, x1) = (crow[k], trow[k]);
                    if x0.is_finite() {
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
                    if x1.is_finite() {
                        cmp.treated[k].push(x1);
                    }
                    if x0.is_finite() && x1.is_finite() {
                        cmp.diff[k].push(x1 - x0);
                    }
                }
            }
            for a in (0..r.arms.len()).filter(|&a| a != c) {
                let g = self.rep_gains(&r.arms[c], &r.arms[a], self.program_end[a]);
                self.gains[a].push(g);
            }
        }
        self.replications_done += 1;
        Ok(())
    }

    fn rep_gains(
        &self,
        control: &[metrics::Row],
        arm: &[metrics::Row],
        end: Option<u32>,
    ) -> RepGains {
        let mut g = RepGains::default();
        let end_m = end.unwrap_or(self.months) as usize;
        for (m, (c, t)) in control.iter().zip(arm).enumerate() {
            let households = c[col::HOUSEHOLDS];
            let out = (c[col::POVERTY_RATE] - t[col::POVERTY_RATE]) * households / 12.0;
            let gain = (t[col::MEAN_CONSUMPTION_HH] - c[col::MEAN_CONSUMPTION_HH]) * households;
            g.years_out_horizon += out;
            g.consumption_horizon += gain;
            if m < end_m {
                g.years_out_program += out;
                g.consumption_program += gain;
            }
        }
        let last = self.months as usize - 1;
        for (k, &metric) in PERSISTENCE_METRICS.iter().enumerate() {
            g.horizon[k] = arm[last][metric] - control[last][metric];
            g.end[k] = arm[end_m - 1][metric] - control[end_m - 1][metric];
        }
        g.cost = arm[last][col::PROGRAM_COST];
        g
    }

    /// Writes the final files and returns their paths.
    pub fn finish(mut self) -> Result<Vec<PathBuf>> {
        // timeseries.csv: header, then each arm's rows in arm order
        let ts_path = self.dir.join("timeseries.csv");
        let mut ts = AtomicFile::create(&ts_path)?;
        writeln!(ts, "{}", timeseries_header()).ctx(|| "writing timeseries.csv".into())?;
        for part in std::mem::take(&mut self.parts) {
            let p = part.commit()?;
            let mut f = std::fs::File::open(&p).ctx(|| format!("reading {}", p.display()))?;
            std::io::copy(&mut f, ts.writer()).ctx(|| "writing timeseries.csv".into())?;
            std::fs::remove_file(&p).ctx(|| format!("removing {}", p.display()))?;
        }
        self.written.push(ts.commit()?);
        self.written.push(self.write_summary()?);
        if self.control.is_some() {
            self.written.push(self.write_effects()?);
            self.written.push(self.write_quantile_effects()?);
            self.written.push(self.write_persistence()?);
            self.written.push(self.write_cost_effectiveness()?);
        }
        Ok(self.written)
    }

    fn write_summary(&self) -> Result<PathBuf> {
        let mut f = AtomicFile::create(&self.dir.join("summary.csv"))?;
        let w = f.writer();
        writeln!(w, "arm,month,metric,n,mean,sd,ci_low,ci_high")
            .ctx(|| "writing summary.csv".into())?;
        for (a, name) in self.arm_names.iter().enumerate() {
            for m in 0..self.months as usize {
                for (k, metric) in metrics::names().enumerate() {
                    let s = &self.summary[a][m][k];
                    let (lo, hi) = ci(s);
                    writeln!(
                        w,
                        "{name},{},{metric},{},{},{},{},{}",
                        m + 1,
                        s.count(),
                        num(s.mean()),
                        num(s.sd()),
                        num(lo),
                        num(hi)
                    )
                    .ctx(|| "writing summary.csv".into())?;
                }
            }
        }
        f.commit()
    }

    fn write_effects(&self) -> Result<PathBuf> {
        let rows = self.comparisons.iter().flat_map(|cmp| {
            (0..metrics::CONTRACT.len()).map(move |k| (cmp, k, metrics::CONTRACT[k].to_string()))
        });
        self.write_comparisons("effects.csv", "arm,metric,when,month,n,control_mean,arm_mean,diff,ci_low,ci_high,pct_change,effect_sd", rows, |cmp, name| {
            format!("{},{name},{},{}", self.arm_names[cmp.arm], cmp.when, cmp.month)
        })
    }

    fn write_quantile_effects(&self) -> Result<PathBuf> {
        let rows = self
            .comparisons
            .iter()
            .flat_map(|cmp| QUANTILES.iter().map(move |(q, k)| (cmp, *k, q.to_string())));
        self.write_comparisons(
            "quantile_effects.csv",
            "arm,when,month,quantile,n,control,arm_value,diff,ci_low,ci_high,pct_change,effect_sd",
            rows,
            |cmp, q| format!("{},{},{},{q}", self.arm_names[cmp.arm], cmp.when, cmp.month),
        )
    }

    /// Writes one row per (comparison, column): the leading fields from
    /// `lead`, then n, control mean, arm mean, paired difference, its 95% CI,
    /// percent change and effect in household-level SDs.
    fn write_comparisons<'a>(
        &self,
        file: &str,
        header: &str,
        rows: impl Iterator<Item = (&'a Comparison, usize, String)>,
        lead: impl Fn(&Comparison, &str) -> String,
    ) -> Result<PathBuf> {
        let mut f = AtomicFile::create(&self.dir.join(file))?;
        let w = f.writer();
        writeln!(w, "{header}").ctx(|| format!("writing {file}"))?;
        for (cmp, k, name) in rows {
            let d = &cmp.diff[k];
            let (lo, hi) = ci(d);
            let c = cmp.control[k].mean();
            let pct = if c.abs() > 0.0 {
                100.0 * d.mean() / c
            } else {
                f64::NAN
            };
            let hsd = cmp.control_hh_sd[k].mean();
            let esd = if hsd > 0.0 { d.mean() / hsd } else { f64::NAN };
            writeln!(
                w,
                "{},{},{},{},{},{},{},{},{}",
                lead(cmp, &name),
                d.count(),
                num(c),
                num(cmp.treated[k].mean()),
                num(d.mean()),
                num(lo),
                num(hi),
                num(pct),
                num(esd)
            )
            .ctx(|| format!("writing {file}"))?;
        }
        f.commit()
    }

    fn write_persistence(&self) -> Result<PathBuf> {
        let mut f = AtomicFile::create(&self.dir.join("persistence.csv"))?;
        let w = f.writer();
        writeln!(w, "arm,metric,program_end_month,horizon_month,n,effect_program_end,effect_horizon_end,persistence,ci_low,ci_high").ctx(|| "writing persistence.csv".into())?;
        for (a, reps) in self.gains.iter().enumerate() {
            let Some(end) = self.program_end[a] else {
                continue;
            };
            if reps.is_empty() {
                continue;
            }
            for (k, &metric) in PERSISTENCE_METRICS.iter().enumerate() {
                let e: Vec<f64> = reps.iter().map(|g| g.end[k]).collect();
                let h: Vec<f64> = reps.iter().map(|g| g.horizon[k]).collect();
                let (me, mh) = (mean(&e), mean(&h));
                let ratio = if me.abs() > 0.0 { mh / me } else { f64::NAN };
                let boot = bootstrap_many(
                    reps.len(),
                    1000,
                    self.seed ^ 0x5eed_0001 ^ (a as u64) << 8 ^ k as u64,
                    0.95,
                    1,
                    |idx, out| {
                        let se: f64 = idx.iter().map(|&i| e[i]).sum();
                        let sh: f64 = idx.iter().map(|&i| h[i]).sum();
                        out[0] = if se.abs() > 0.0 { sh / se } else { f64::NAN };
                    },
                );
                let (lo, hi) = boot
                    .first()
                    .map(|b| (b.low, b.high))
                    .unwrap_or((f64::NAN, f64::NAN));
                writeln!(
                    w,
                    "{},{},{end},{},{},{},{},{},{},{}",
                    self.arm_names[a],
                    metrics::names().nth(metric).unwrap_or(""),
                    self.months,
                    reps.len(),
                    num(me),
                    num(mh),
                    num(ratio),
                    num(lo),
                    num(hi)
                )
                .ctx(|| "writing persistence.csv".into())?;
            }
        }
        f.commit()
    }

    fn write_cost_effectiveness(&self) -> Result<PathBuf> {
        let mut f = AtomicFile::create(&self.dir.join("cost_effectiveness.csv"))?;
        let w = f.writer();
        writeln!(
            w,
            "arm,through,month,n,program_cost,household_years_out_of_poverty,hy_ci_low,hy_ci_high,cost_per_household_year,consumption_gain,gain_ci_low,gain_ci_high,gain_per_rupiah,gpr_ci_low,gpr_ci_high"
        )
        .ctx(|| "writing cost_effectiveness.csv".into())?;
        for (a, reps) in self.gains.iter().enumerate() {
            if reps.is_empty() {
                continue;
            }
            let cost = mean(&reps.iter().map(|g| g.cost).collect::<Vec<_>>());
            let mut rows = Vec::new();
            if let Some(end) = self.program_end[a] {
                rows.push((
                    "program_end",
                    end,
                    reps.iter().map(|g| g.years_out_program).collect::<Vec<_>>(),
                    reps.iter()
                        .map(|g| g.consumption_program)
                        .collect::<Vec<_>>(),
                ));
            }
            rows.push((
                "horizon_end",
                self.months,
                reps.iter().map(|g| g.years_out_horizon).collect(),
                reps.iter().map(|g| g.consumption_horizon).collect(),
            ));
            for (through, month, years, gain) in rows {
                let hy: Welford = years.iter().copied().collect();
                let cg: Welford = gain.iter().copied().collect();
                let (hlo, hhi) = ci(&hy);
                let (glo, ghi) = ci(&cg);
                let per_year = if hy.mean() > 0.0 && cost > 0.0 {
                    cost / hy.mean()
                } else {
                    f64::NAN
                };
                let ratio = |x: f64| if cost > 0.0 { x / cost } else { f64::NAN };
                writeln!(
                    w,
                    "{},{through},{month},{},{},{},{},{},{},{},{},{},{},{},{}",
                    self.arm_names[a],
                    reps.len(),
                    num(cost),
                    num(hy.mean()),
                    num(hlo),
                    num(hhi),
                    num(per_year),
                    num(cg.mean()),
                    num(glo),
                    num(ghi),
                    num(ratio(cg.mean())),
                    num(ratio(glo)),
                    num(ratio(ghi))
                )
                .ctx(|| "writing cost_effectiveness.csv".into())?;
            }
        }
        f.commit()
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
