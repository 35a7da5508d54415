//! The files of a run folder, written from plain data: `timeseries.csv`
//! streamed as replications finish (one temporary part per arm, joined at
//! the end), then `summary.csv`, `effects.csv`, `quantile_effects.csv`,
//! `persistence.csv` and `cost_effectiveness.csv` from the rows the
//! estimators give (`crate::experiment::estimate`). Every file is written
//! under a temporary name and renamed into place.

use super::files::{AtomicFile, num};
use crate::error::{IoContext, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// One row of `summary.csv`.
pub struct SummaryRow<'a> {
    pub arm: &'a str,
    pub month: u32,
    pub metric: &'a str,
    pub n: u64,
    pub mean: f64,
    pub sd: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

/// One row of `effects.csv` (`column` is the metric) or of
/// `quantile_effects.csv` (`column` is the quantile).
pub struct ComparisonRow<'a> {
    pub arm: &'a str,
    pub when: &'a str,
    pub month: u32,
    pub column: String,
    pub n: u64,
    pub control: f64,
    pub treated: f64,
    pub diff: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub pct_change: f64,
    pub effect_sd: f64,
}

/// One row of `persistence.csv`.
pub struct PersistenceRow<'a> {
    pub arm: &'a str,
    pub metric: &'a str,
    pub program_end_month: u32,
    pub horizon_month: u32,
    pub n: usize,
    pub effect_program_end: f64,
    pub effect_horizon_end: f64,
    pub persistence: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

/// One row of `cost_effectiveness.csv`.
pub struct CostRow<'a> {
    pub arm: &'a str,
    pub through: &'a str,
    pub month: u32,
    pub n: usize,
    pub program_cost: f64,
    pub household_years: f64,
    pub hy_ci_low: f64,
    pub hy_ci_high: f64,
    pub cost_per_household_year: f64,
    pub consumption_gain: f64,
    pub gain_ci_low: f64,
    pub gain_ci_high: f64,
    pub gain_per_rupiah: f64,
    pub gpr_ci_low: f64,
    pub gpr_ci_high: f64,
}

/// Column names of `timeseries.csv`: arm, replication, month, then `metrics`.
pub fn timeseries_header<'a>(metrics: impl IntoIterator<Item = &'a str>) -> String {
    let mut h = String::from("arm,replication,month");
    for n in metrics {
        h.push(',');
        h.push_str(n);
    }
    h
}

/// `timeseries.csv`, streamed: one temporary part per arm while the
/// replications come in, joined under the header by [`Timeseries::finish`].
pub struct Timeseries {
    dir: PathBuf,
    header: String,
    arm_names: Vec<String>,
    parts: Vec<AtomicFile>,
}

impl Timeseries {
    /// Opens the parts in `dir` (which must exist).
    pub fn create(dir: &Path, arm_names: &[String], header: String) -> Result<Self> {
        let mut parts = Vec::new();
        for a in arm_names {
            parts.push(AtomicFile::create(
                &dir.join(format!("timeseries.{a}.csv")),
            )?);
        }
        Ok(Timeseries {
            dir: dir.to_path_buf(),
            header,
            arm_names: arm_names.to_vec(),
            parts,
        })
    }

    /// Appends one replication (0-based): per arm, one row per month.
    pub fn push<R: AsRef<[f64]>>(&mut self, replication: u32, arms: &[Vec<R>]) -> Result<()> {
        for (a, rows) in arms.iter().enumerate() {
            let name = &self.arm_names[a];
            let w = self.parts[a].writer();
            let mut line = String::with_capacity(768);
            for (m, row) in rows.iter().enumerate() {
                line.clear();
                line.push_str(&format!("{name},{},{}", replication + 1, m + 1));
                for x in row.as_ref() {
                    line.push(',');
                    line.push_str(&num(*x));
                }
                line.push('\n');
                w.write_all(line.as_bytes())
                    .ctx(|| format!("writing timeseries of arm {name}"))?;
            }
        }
        Ok(())
    }

    /// Writes `timeseries.csv`: the header, then each arm's rows in arm order.
    pub fn finish(self) -> Result<PathBuf> {
        let mut ts = AtomicFile::create(&self.dir.join("timeseries.csv"))?;
        writeln!(ts, "{}", self.header).ctx(|| "writing timeseries.csv".into())?;
        for part in self.parts {
            // a part is read from its temporary and never gets a final name
            let mut f = part.into_reader()?;
            std::io::copy(&mut f, ts.writer()).ctx(|| "writing timeseries.csv".into())?;
        }
        ts.commit()
    }
}

/// Writes a CSV file of `rows`, one line per row from `line`.
fn write_rows<T>(
    dir: &Path,
    file: &str,
    header: &str,
    rows: &[T],
    line: impl Fn(&T) -> String,
) -> Result<PathBuf> {
    let mut f = AtomicFile::create(&dir.join(file))?;
    let w = f.writer();
    writeln!(w, "{header}").ctx(|| format!("writing {file}"))?;
    for r in rows {
        writeln!(w, "{}", line(r)).ctx(|| format!("writing {file}"))?;
    }
    f.commit()
}

/// `summary.csv`.
pub fn write_summary(dir: &Path, rows: &[SummaryRow<'_>]) -> Result<PathBuf> {
    write_rows(
        dir,
        "summary.csv",
        "arm,month,metric,n,mean,sd,ci_low,ci_high",
        rows,
        |r| {
            format!(
                "{},{},{},{},{},{},{},{}",
                r.arm,
                r.month,
                r.metric,
                r.n,
                num(r.mean),
                num(r.sd),
                num(r.ci_low),
                num(r.ci_high)
            )
        },
    )
}

/// The numbers every comparison row ends with.
fn comparison_tail(r: &ComparisonRow<'_>) -> String {
    format!(
        "{},{},{},{},{},{},{},{}",
        r.n,
        num(r.control),
        num(r.treated),
        num(r.diff),
        num(r.ci_low),
        num(r.ci_high),
        num(r.pct_change),
        num(r.effect_sd)
    )
}

/// `effects.csv`.
pub fn write_effects(dir: &Path, rows: &[ComparisonRow<'_>]) -> Result<PathBuf> {
    write_rows(
        dir,
        "effects.csv",
        "arm,metric,when,month,n,control_mean,arm_mean,diff,ci_low,ci_high,pct_change,effect_sd",
        rows,
        |r| {
            format!(
                "{},{},{},{},{}",
                r.arm,
                r.column,
                r.when,
                r.month,
                comparison_tail(r)
            )
        },
    )
}

/// `quantile_effects.csv`.
pub fn write_quantile_effects(dir: &Path, rows: &[ComparisonRow<'_>]) -> Result<PathBuf> {
    write_rows(
        dir,
        "quantile_effects.csv",
        "arm,when,month,quantile,n,control,arm_value,diff,ci_low,ci_high,pct_change,effect_sd",
        rows,
        |r| {
            format!(
                "{},{},{},{},{}",
                r.arm,
                r.when,
                r.month,
                r.column,
                comparison_tail(r)
            )
        },
    )
}

/// `persistence.csv`.
pub fn write_persistence(dir: &Path, rows: &[PersistenceRow<'_>]) -> Result<PathBuf> {
    write_rows(
        dir,
        "persistence.csv",
        "arm,metric,program_end_month,horizon_month,n,effect_program_end,effect_horizon_end,persistence,ci_low,ci_high",
        rows,
        |r| {
            format!(
                "{},{},{},{},{},{},{},{},{},{}",
                r.arm,
                r.metric,
                r.program_end_month,
                r.horizon_month,
                r.n,
                num(r.effect_program_end),
                num(r.effect_horizon_end),
                num(r.persistence),
                num(r.ci_low),
                num(r.ci_high)
            )
        },
    )
}

/// `cost_effectiveness.csv`.
pub fn write_cost_effectiveness(dir: &Path, rows: &[CostRow<'_>]) -> Result<PathBuf> {
    write_rows(
        dir,
        "cost_effectiveness.csv",
        "arm,through,month,n,program_cost,household_years_out_of_poverty,hy_ci_low,hy_ci_high,cost_per_household_year,consumption_gain,gain_ci_low,gain_ci_high,gain_per_rupiah,gpr_ci_low,gpr_ci_high",
        rows,
        |r| {
            format!(
                "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
                r.arm,
                r.through,
                r.month,
                r.n,
                num(r.program_cost),
                num(r.household_years),
                num(r.hy_ci_low),
                num(r.hy_ci_high),
                num(r.cost_per_household_year),
                num(r.consumption_gain),
                num(r.gain_ci_low),
                num(r.gain_ci_high),
                num(r.gain_per_rupiah),
                num(r.gpr_ci_low),
                num(r.gpr_ci_high)
            )
        },
    )
}
