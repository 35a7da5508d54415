//! The files of a run folder, written from plain data: `timeseries.csv`
//! streamed as replications finish (one temporary part per arm, joined at
//! the end), then `summary.csv`, `effects.csv`, `quantile_effects.csv`,
//! `persistence.csv` and `cost_effectiveness.csv` from the rows the
//! estimators give (`crate::experiment::estimate`). Every file is written
//! under a temporary name and renamed into place.

use super::columns as c;
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
/// `quantile_effects.csv` (`column` is the percentile).
pub struct ComparisonRow<'a> {
    pub arm: &'a str,
    /// `program_end`, `facilitators_exit` or `horizon_end`.
    pub period: &'a str,
    pub month: u32,
    pub column: String,
    pub n: u64,
    pub control_mean: f64,
    pub arm_mean: f64,
    pub effect: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub pct_change: f64,
    pub effect_sd: f64,
    /// Codes joined by `;` (`few_replications`, `undefined_in_some_replications`).
    pub note: String,
}

/// One row of `persistence.csv`.
pub struct PersistenceRow<'a> {
    pub arm: &'a str,
    pub metric: &'a str,
    /// The moment persistence is measured from: `program_end` or `facilitators_exit`.
    pub period: &'a str,
    pub month: u32,
    pub horizon_month: u32,
    pub n: usize,
    pub effect: f64,
    pub horizon_effect: f64,
    pub persistence: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub note: String,
}

/// One row of `cost_effectiveness.csv`.
pub struct CostRow<'a> {
    pub arm: &'a str,
    pub period: &'a str,
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
    pub note: String,
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

/// One household's state at the end of one month (`households.csv`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HouseholdRow {
    pub month: u32,
    pub village: u32,
    /// Position of the household in its village (the same household in
    /// every arm of a replication: arms share the burned-in population).
    pub household: u32,
    pub size: u8,
    pub consumption_pc: f32,
    pub income: f32,
    pub assets: f64,
    pub cash: f64,
    pub debt: f64,
    pub poor: bool,
    pub in_group: bool,
    pub borrowing: bool,
    pub enterprise: bool,
    pub partnership: bool,
    pub skill: f32,
    pub info: f32,
    pub voice: f32,
    pub participation: f32,
    pub confidence: f32,
}

/// The columns of `households.csv`.
pub const HOUSEHOLD_HEADER: [&str; 21] = [
    c::ARM,
    c::REPLICATION,
    c::MONTH,
    "village",
    "household",
    "size",
    "consumption_pc",
    "income",
    "assets",
    "cash",
    "debt",
    "poor",
    "in_group",
    "borrowing",
    "enterprise",
    "partnership",
    "skill",
    "info",
    "voice",
    "participation",
    "confidence",
];

/// `households.csv`, gathered as replications finish (arm by arm, then
/// replication, month, village, household) and written at the end. Money
/// in whole rupiah, capabilities (0..1) to 4 decimals, yes/no as 1/0.
pub struct HouseholdPanel {
    arms: Vec<String>,
    parts: Vec<Vec<u8>>,
}

impl HouseholdPanel {
    pub fn new(arms: &[String]) -> Self {
        HouseholdPanel {
            arms: arms.to_vec(),
            parts: vec![Vec::new(); arms.len()],
        }
    }

    /// Adds one replication's rows of every arm.
    pub fn push(&mut self, replication: u32, arms: &[Vec<HouseholdRow>]) {
        for (a, rows) in arms.iter().enumerate() {
            let out = &mut self.parts[a];
            for r in rows {
                let _ = writeln!(
                    out,
                    "{},{},{},{},{},{},{:.0},{:.0},{:.0},{:.0},{:.0},{},{},{},{},{},{:.4},{:.4},{:.4},{:.4},{:.4}",
                    self.arms[a],
                    replication,
                    r.month,
                    r.village,
                    r.household,
                    r.size,
                    r.consumption_pc,
                    r.income,
                    r.assets,
                    r.cash,
                    r.debt,
                    u8::from(r.poor),
                    u8::from(r.in_group),
                    u8::from(r.borrowing),
                    u8::from(r.enterprise),
                    u8::from(r.partnership),
                    r.skill,
                    r.info,
                    r.voice,
                    r.participation,
                    r.confidence
                );
            }
        }
    }

    /// Writes `households.csv`.
    pub fn finish(self, dir: &Path) -> Result<PathBuf> {
        let mut f = AtomicFile::create(&dir.join(c::HOUSEHOLD_PANEL))?;
        let w = f.writer();
        writeln!(w, "{}", HOUSEHOLD_HEADER.join(","))
            .ctx(|| format!("writing {}", c::HOUSEHOLD_PANEL))?;
        for part in &self.parts {
            w.write_all(part)
                .ctx(|| format!("writing {}", c::HOUSEHOLD_PANEL))?;
        }
        f.commit()
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
    write_rows(dir, c::SUMMARY, &SUMMARY_HEADER.join(","), rows, |r| {
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
    })
}

/// The columns of `summary.csv`.
pub const SUMMARY_HEADER: [&str; 8] = [
    c::ARM,
    c::MONTH,
    c::METRIC,
    c::N,
    c::MEAN,
    c::SD,
    c::MEAN_CI_LOW,
    c::MEAN_CI_HIGH,
];

/// The columns every comparison row ends with.
const COMPARISON_TAIL: [&str; 9] = [
    c::N,
    c::CONTROL_MEAN,
    c::ARM_MEAN,
    c::EFFECT,
    c::EFFECT_CI_LOW,
    c::EFFECT_CI_HIGH,
    c::PCT_CHANGE,
    c::EFFECT_SD,
    c::NOTE,
];

/// The numbers every comparison row ends with.
fn comparison_tail(r: &ComparisonRow<'_>) -> String {
    format!(
        "{},{},{},{},{},{},{},{},{}",
        r.n,
        num(r.control_mean),
        num(r.arm_mean),
        num(r.effect),
        num(r.ci_low),
        num(r.ci_high),
        num(r.pct_change),
        num(r.effect_sd),
        r.note
    )
}

/// The columns of `effects.csv`.
pub fn effects_header() -> Vec<&'static str> {
    let mut h = vec![c::ARM, c::METRIC, c::PERIOD, c::MONTH];
    h.extend(COMPARISON_TAIL);
    h
}

/// The columns of `quantile_effects.csv`.
pub fn quantile_effects_header() -> Vec<&'static str> {
    let mut h = vec![c::ARM, c::PERIOD, c::MONTH, c::PERCENTILE];
    h.extend(COMPARISON_TAIL);
    h
}

/// `effects.csv`.
pub fn write_effects(dir: &Path, rows: &[ComparisonRow<'_>]) -> Result<PathBuf> {
    write_rows(dir, c::EFFECTS, &effects_header().join(","), rows, |r| {
        format!(
            "{},{},{},{},{}",
            r.arm,
            r.column,
            r.period,
            r.month,
            comparison_tail(r)
        )
    })
}

/// The columns of `effects_over_time.csv`.
pub fn over_time_header() -> Vec<&'static str> {
    let mut h = vec![c::ARM, c::METRIC, c::MONTH];
    h.extend(COMPARISON_TAIL);
    h
}

/// `effects_over_time.csv`.
pub fn write_effects_over_time(dir: &Path, rows: &[ComparisonRow<'_>]) -> Result<PathBuf> {
    write_rows(
        dir,
        c::EFFECTS_OVER_TIME,
        &over_time_header().join(","),
        rows,
        |r| format!("{},{},{},{}", r.arm, r.column, r.month, comparison_tail(r)),
    )
}

/// `quantile_effects.csv`.
pub fn write_quantile_effects(dir: &Path, rows: &[ComparisonRow<'_>]) -> Result<PathBuf> {
    write_rows(
        dir,
        c::QUANTILE_EFFECTS,
        &quantile_effects_header().join(","),
        rows,
        |r| {
            format!(
                "{},{},{},{},{}",
                r.arm,
                r.period,
                r.month,
                r.column,
                comparison_tail(r)
            )
        },
    )
}

/// The columns of `persistence.csv`.
pub const PERSISTENCE_HEADER: [&str; 12] = [
    c::ARM,
    c::METRIC,
    c::PERIOD,
    c::MONTH,
    c::HORIZON_MONTH,
    c::N,
    c::EFFECT,
    c::HORIZON_EFFECT,
    c::PERSISTENCE_RATIO,
    c::PERSISTENCE_CI_LOW,
    c::PERSISTENCE_CI_HIGH,
    c::NOTE,
];

/// `persistence.csv`.
pub fn write_persistence(dir: &Path, rows: &[PersistenceRow<'_>]) -> Result<PathBuf> {
    write_rows(
        dir,
        c::PERSISTENCE,
        &PERSISTENCE_HEADER.join(","),
        rows,
        |r| {
            format!(
                "{},{},{},{},{},{},{},{},{},{},{},{}",
                r.arm,
                r.metric,
                r.period,
                r.month,
                r.horizon_month,
                r.n,
                num(r.effect),
                num(r.horizon_effect),
                num(r.persistence),
                num(r.ci_low),
                num(r.ci_high),
                r.note
            )
        },
    )
}

/// The columns of `cost_effectiveness.csv`.
pub const COST_HEADER: [&str; 16] = [
    c::ARM,
    c::PERIOD,
    c::MONTH,
    c::N,
    c::PROGRAM_COST,
    c::HOUSEHOLD_YEARS,
    c::HOUSEHOLD_YEARS_CI_LOW,
    c::HOUSEHOLD_YEARS_CI_HIGH,
    c::COST_PER_HOUSEHOLD_YEAR,
    c::CONSUMPTION_GAIN,
    c::CONSUMPTION_GAIN_CI_LOW,
    c::CONSUMPTION_GAIN_CI_HIGH,
    c::GAIN_PER_RUPIAH,
    c::GAIN_PER_RUPIAH_CI_LOW,
    c::GAIN_PER_RUPIAH_CI_HIGH,
    c::NOTE,
];

/// `cost_effectiveness.csv`.
pub fn write_cost_effectiveness(dir: &Path, rows: &[CostRow<'_>]) -> Result<PathBuf> {
    write_rows(
        dir,
        c::COST_EFFECTIVENESS,
        &COST_HEADER.join(","),
        rows,
        |r| {
            format!(
                "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
                r.arm,
                r.period,
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
                num(r.gpr_ci_high),
                r.note
            )
        },
    )
}
