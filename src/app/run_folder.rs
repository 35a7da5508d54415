//! A run folder's writers, shared by `berdaya run` and the merge of run
//! shards (`super::shard`): what was asked ([`RunRequest`]), where the
//! replications go ([`Sink`]), `scenario.toml`, and the end of the folder
//! (manifest, charts, brief: [`finish_folder`]). A merged folder is written
//! by the same code as an unsharded one, so it has the same bytes.

use super::FlagOverrides;
use crate::error::Result;
use crate::experiment::estimate::Estimates;
use crate::experiment::{self, households_of};
use crate::model::metrics;
use crate::output::manifest::{ArmEntry, Manifest, RunHead, run_files};
use crate::output::{files, run as out};
use crate::scenario::experiment::{Experiment, arm_overrides, to_resolved_toml};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What `berdaya run` was asked.
#[derive(Debug, Clone, Default)]
pub struct RunRequest {
    /// A file or a built-in name (default: `strategies`).
    pub target: Option<String>,
    /// Output folder (default: `output/<name>/`).
    pub out: Option<PathBuf>,
    pub flags: FlagOverrides,
    /// Worker threads (0 = one per core).
    pub threads: usize,
    pub force: bool,
    pub dry_run: bool,
    /// Record households month by month in `households.csv`: a sample of
    /// this many, `usize::MAX` for all (`--households N|all`).
    pub households: Option<usize>,
    /// The command line, for the manifest.
    pub command_line: Vec<String>,
    /// `--shard K/N` as typed: run that slice into a shard folder.
    pub shard: Option<String>,
    /// `--emit-slurm` and its flags: write the scripts, run nothing.
    pub slurm: Option<super::sweep::SlurmRequest>,
}

/// How a run folder was made, for its manifest: the command line (of a
/// merged folder: the unsharded equivalent), the worker threads, and the
/// seconds spent before this process (a merge's shards).
#[derive(Debug, Clone)]
pub(crate) struct Made {
    pub command_line: Vec<String>,
    pub threads: usize,
    pub seconds_before: f64,
}

/// Household-months of a run: every arm's households × months × replications.
pub(crate) fn household_months(exp: &Experiment) -> f64 {
    let households: usize = exp.arms.iter().map(|a| households_of(&a.scenario)).sum();
    households as f64 * exp.replications() as f64 * exp.months() as f64
}

/// The end of every run folder (a run's or a merge's), once its data files
/// are written: the manifest (the charts read it), the charts, the manifest
/// again listing them, the brief. Returns every file and the seconds.
pub(crate) fn finish_folder(
    exp: &Experiment,
    made: &Made,
    dir: &Path,
    mut written: Vec<PathBuf>,
    start: Instant,
) -> Result<(Vec<PathBuf>, f64)> {
    let household_months = household_months(exp);
    let manifest = |written: &[PathBuf], seconds: f64| {
        run_manifest(exp, made, seconds, household_months, written)
    };
    let seconds = || made.seconds_before + start.elapsed().as_secs_f64();
    manifest(&written, seconds()).write(dir)?;
    written.extend(crate::plot::plot_run(dir)?);
    let seconds = seconds();
    written.push(manifest(&written, seconds).write(dir)?);
    written.push(crate::brief::write_after_run(dir)?);
    Ok((written, seconds))
}

/// `scenario.toml`: the experiment as resolved, every default written out.
pub(crate) fn write_scenario(dir: &Path, exp: &Experiment) -> Result<PathBuf> {
    files::write_atomic(&dir.join("scenario.toml"), scenario_text(exp).as_bytes())
}

/// The text of `scenario.toml`.
pub(crate) fn scenario_text(exp: &Experiment) -> String {
    let header = format!(
        "berdaya {}: experiment \"{}\" as resolved, every default written out.\nRerun from this folder: berdaya run scenario.toml --seed {} --out <new folder>",
        env!("CARGO_PKG_VERSION"),
        exp.name,
        exp.seed()
    );
    to_resolved_toml(exp, &header)
}

/// Where a run's replications go, in replication order: the time series
/// (streamed to disk), the household panel and the estimators. A run feeds
/// it from the simulation, a merge from its shards' raw results: the same
/// code writes the same bytes.
pub(crate) struct Sink {
    timeseries: out::Timeseries,
    est: Estimates,
    households: Option<out::HouseholdPanel>,
}

impl Sink {
    /// Opens the time series in `dir`; `panel`: record households.
    pub fn new(exp: &Experiment, dir: &Path, panel: bool) -> Result<Sink> {
        let arm_names: Vec<String> = exp.arms.iter().map(|a| a.name.clone()).collect();
        let header = out::timeseries_header(metrics::names());
        Ok(Sink {
            timeseries: out::Timeseries::create(dir, &arm_names, header)?,
            est: Estimates::new(exp),
            households: panel.then(|| out::HouseholdPanel::new(&arm_names)),
        })
    }

    /// One replication (they come in order).
    pub fn push(&mut self, r: &experiment::RepResult) -> Result<()> {
        self.timeseries.push(r.replication, &r.arms)?;
        if let Some(h) = self.households.as_mut() {
            h.push(r.replication, &r.panel);
        }
        self.est.push(r);
        Ok(())
    }

    /// Writes the time series, the panel and the estimates; returns the files.
    pub fn finish(self, dir: &Path) -> Result<Vec<PathBuf>> {
        let est = self.est;
        let mut written = vec![self.timeseries.finish()?];
        if let Some(h) = self.households {
            written.push(h.finish(dir)?);
        }
        written.push(out::write_summary(dir, &est.summary_rows())?);
        if est.has_control() {
            written.push(out::write_effects(dir, &est.effect_rows())?);
            written.push(out::write_effects_over_time(dir, &est.over_time_rows())?);
            written.push(out::write_quantile_effects(dir, &est.quantile_rows())?);
            written.push(out::write_persistence(dir, &est.persistence_rows())?);
            written.push(out::write_cost_effectiveness(dir, &est.cost_rows())?);
        }
        Ok(written)
    }
}

/// The run's `manifest.json`.
fn run_manifest(
    exp: &Experiment,
    made: &Made,
    seconds: f64,
    household_months: f64,
    files: &[PathBuf],
) -> Manifest<RunHead> {
    let to_json = |v: &toml::Value| serde_json::to_value(v).unwrap_or(serde_json::Value::Null);
    let arms = exp
        .arms
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut o = serde_json::Map::new();
            for (k, v) in arm_overrides(exp, a) {
                o.insert(k.to_string(), to_json(&v));
            }
            ArmEntry {
                name: a.name.clone(),
                overrides: serde_json::Value::Object(o),
                scenario: serde_json::to_value(&a.scenario).unwrap_or(serde_json::Value::Null),
                program_end_month: crate::experiment::estimate::program_end(exp, i),
                facilitators_exit_month: crate::experiment::estimate::facilitators_exit(exp, i),
            }
        })
        .collect();
    let head = RunHead {
        version: env!("CARGO_PKG_VERSION"),
        git_commit: crate::output::manifest::GIT_COMMIT,
        rustc: crate::output::manifest::RUSTC_VERSION,
        command_line: made.command_line.clone(),
        experiment: exp.name.clone(),
        seed: exp.seed(),
        replications: exp.replications(),
        months: exp.months(),
        burn_in_months: exp.base.population.burn_in_months,
        threads: made.threads,
        rng: "Xoshiro256PlusPlus (rand 0.10), streams keyed by SplitMix64(seed, stream, replication, village), shared by every arm; household decisions by counter-based draws",
        wall_seconds: seconds,
        household_months,
        household_months_per_second: household_months / seconds.max(1e-9),
        arms,
    };
    Manifest::new(head, run_files(files))
}
