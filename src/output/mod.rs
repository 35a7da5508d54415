//! The run folder (PRODUCT.md "Files"): `scenario.toml`, `timeseries.csv`
//! streamed as replications finish, `summary.csv`, `effects.csv` (with a
//! `control` arm), `manifest.json`. Every file is written under a temporary
//! name and renamed into place.

pub mod files;
pub mod manifest;

use crate::error::{IoContext, Result};
use crate::model::metrics::{self, N_METRICS, col};
use crate::runner::RepResult;
use crate::scenario::experiment::Experiment;
use crate::stats::Welford;
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

/// How a contract metric's effect is scaled into household SDs.
pub fn household_sd(metric: usize) -> HouseholdSd {
    use col::*;
    match metric {
        POVERTY_RATE | EMPOWERED_SHARE | GROUP_SHARE | PARTNERSHIP_SHARE => HouseholdSd::Share,
        MEAN_INCOME | MEDIAN_INCOME => HouseholdSd::Column(INCOME_SD),
        MEAN_CONSUMPTION_PC => HouseholdSd::Column(CONSUMPTION_PC_SD),
        MEAN_ASSETS => HouseholdSd::Column(ASSETS_SD),
        EMPOWERMENT_INDEX..=PSYCHOLOGICAL_INDEX => {
            HouseholdSd::Column(INDEX_SD + (metric - EMPOWERMENT_INDEX))
        }
        _ => HouseholdSd::None,
    }
}

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

/// Streams a run's results into its folder.
pub struct RunWriter {
    dir: PathBuf,
    arm_names: Vec<String>,
    months: u32,
    parts: Vec<AtomicFile>,
    /// summary[arm][month][metric]
    summary: Vec<Vec<Vec<Welford>>>,
    control: Option<usize>,
    pub comparisons: Vec<Comparison>,
    pub written: Vec<PathBuf>,
    pub replications_done: u32,
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
        let mut comparisons = Vec::new();
        if let Some(c) = control {
            for (i, a) in exp.arms.iter().enumerate() {
                if i == c {
                    continue;
                }
                let p = crate::model::params::Params::new(a.scenario.clone());
                let mut points = Vec::new();
                if p.program_last >= 1 && (p.program_last as u32) < months {
                    points.push(("program_end", p.program_last as u32));
                }
                points.push(("horizon_end", months));
                for (when, month) in points {
                    let empty = vec![Welford::new(); metrics::CONTRACT.len()];
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
            parts,
            summary: vec![vec![vec![Welford::new(); N_METRICS]; months as usize]; exp.arms.len()],
            control,
            comparisons,
            written: Vec::new(),
            replications_done: 0,
        })
    }

    /// Takes one replication: rows to disk, statistics updated.
    pub fn push(&mut self, r: &RepResult) -> Result<()> {
        for (a, rows) in r.arms.iter().enumerate() {
            let name = &self.arm_names[a];
            let w = self.parts[a].writer();
            let mut line = String::with_capacity(512);
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
                for k in 0..metrics::CONTRACT.len() {
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
        }
        self.replications_done += 1;
        Ok(())
    }

    /// Writes the final files (timeseries, summary, effects) and returns
    /// their paths.
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
        let mut f = AtomicFile::create(&self.dir.join("effects.csv"))?;
        let w = f.writer();
        writeln!(
            w,
            "arm,metric,when,month,n,control_mean,arm_mean,diff,ci_low,ci_high,pct_change,effect_sd"
        )
        .ctx(|| "writing effects.csv".into())?;
        for cmp in &self.comparisons {
            for (k, metric) in metrics::CONTRACT.iter().enumerate() {
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
                    "{},{metric},{},{},{},{},{},{},{},{},{},{}",
                    self.arm_names[cmp.arm],
                    cmp.when,
                    cmp.month,
                    d.count(),
                    num(c),
                    num(cmp.treated[k].mean()),
                    num(d.mean()),
                    num(lo),
                    num(hi),
                    num(pct),
                    num(esd)
                )
                .ctx(|| "writing effects.csv".into())?;
            }
        }
        f.commit()
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
