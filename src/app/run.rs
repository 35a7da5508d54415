//! `berdaya run`: resolve, size up (dry run, memory guard), prepare the
//! folder, run every replication streamed into the files and the
//! estimators, write the estimates, the manifest and the charts.

use super::load_experiment;
pub use super::run_folder::RunRequest;
use super::run_folder::{Made, Sink, finish_folder, household_months, write_scenario};
use crate::builtin;
use crate::error::{Error, Result};
use crate::experiment::{self, Footprint, RunOptions, households_of};
use crate::output::files;
use crate::progress::Progress;
use crate::scenario::experiment::Experiment;
use crate::shard::Shard;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The size of a run, without running it.
#[derive(Debug, Clone)]
pub struct DryRun {
    pub name: String,
    pub arms: usize,
    pub replications: u32,
    pub months: u32,
    pub burn_in_months: u32,
    pub footprint: Footprint,
    /// Memory available now (bytes), where the system says.
    pub available: Option<u64>,
    /// Parameter draws asked (`uncertainty.draws`) and the household-months
    /// of running every arm under them.
    pub draws: u32,
    pub draw_household_months: f64,
    /// With the screen: the most candidates it may run and their
    /// household-months (it stops at the last draw kept; 0 without).
    pub screen_candidates_max: usize,
    pub screen_household_months_max: f64,
}

/// What a finished run reports.
#[derive(Debug, Clone)]
pub struct RunReport {
    pub name: String,
    pub arms: usize,
    pub replications: u32,
    pub months: u32,
    pub dir: PathBuf,
    /// Every file written, the manifest last.
    pub files: Vec<PathBuf>,
    pub seconds: f64,
    pub household_months: f64,
    /// Household-months run under the parameter draws, and by the screen
    /// that chose them (0 without draws).
    pub draw_household_months: f64,
    pub screen_household_months: f64,
    /// The effects against control, one line per treated arm.
    pub effects: Vec<String>,
    /// Where the parameter draws came from (and how they were screened),
    /// when the run has any.
    pub draws: Option<String>,
    /// Notices the user should read (a total budget whose intensity a
    /// `--set` changed).
    pub notices: Vec<String>,
}

/// What `berdaya run` did.
#[derive(Debug, Clone)]
pub enum RunOutcome {
    DryRun(DryRun),
    Ran(RunReport),
    /// `--shard K/N`: a shard folder for `berdaya merge`.
    Shard(super::shard::ShardReport),
    /// `--emit-slurm`: the scripts.
    Slurm(super::shard::Emitted),
}

/// `berdaya run`.
pub fn run(req: &RunRequest, progress: &dyn Progress) -> Result<RunOutcome> {
    let target = req.target.as_deref().unwrap_or("strategies");
    let shard = req.shard.as_deref().map(Shard::parse).transpose()?;
    let src = builtin::read_source(target)?;
    let exp = load_experiment(&src, &req.flags)?;
    let footprint = experiment::footprint(&exp, req.threads);
    let available = experiment::available_memory();
    if req.dry_run {
        let u = &exp.base.uncertainty;
        let (candidates, screen_max) = experiment::uncertainty::screen_bound(&exp);
        return Ok(RunOutcome::DryRun(DryRun {
            draws: u.draws,
            draw_household_months: draw_household_months(&exp, u.draws, u.replications),
            screen_candidates_max: candidates,
            screen_household_months_max: screen_max,
            name: exp.name.clone(),
            arms: exp.arms.len(),
            replications: exp.replications(),
            months: exp.months(),
            burn_in_months: exp.base.population.burn_in_months,
            footprint,
            available,
        }));
    }
    // the screen of the draws runs here: its seconds count in the run's
    let planning = Instant::now();
    let draws = experiment::uncertainty::plan(&exp, &src.label, req.threads)?;
    let plan_seconds = planning.elapsed().as_secs_f64();
    // the scripts are written on a login node: the memory that matters is
    // the compute nodes', which each shard checks when it starts
    if let Some(s) = &req.slurm {
        if shard.is_some() {
            return Err(Error::Usage(
                "--emit-slurm writes the scripts that run the shards; it cannot be combined with --shard".into(),
            ));
        }
        return super::shard::emit(req, &exp, draws.as_ref(), s).map(RunOutcome::Slurm);
    }
    check_memory(&exp, &footprint, available)?;
    check_panel(&exp, req.households)?;
    if let Some(shard) = shard {
        return shard_into(req, &src, &exp, draws.as_ref(), shard, progress);
    }
    let mut notices = Vec::new();
    let dir = match &req.out {
        Some(d) => d.clone(),
        None => default_dir(&exp.name, req.force, &mut notices)?,
    };
    // Ctrl-C or a failure removes what this run wrote (files::interrupt)
    files::prepare_run_dir(
        &dir,
        req.force,
        format!(
            "berdaya: interrupted; the unfinished run was removed from {} (nothing else was touched). Run the same command again to start over.",
            dir.display()
        ),
    )?;
    let ran = run_into(
        req,
        &exp,
        (draws.as_ref(), plan_seconds),
        dir,
        progress,
        notices,
    );
    // a run that failed before its manifest leaves nothing half-made; one
    // that failed later (drawing charts) keeps its complete data
    if ran.is_err() && !files::scope_committed("manifest.json") {
        files::abandon_scope();
    }
    files::end_scope();
    ran
}

/// `berdaya run --shard K/N`: checks, prepares the shard folder (default
/// `output/<name>-shard-K/`) and runs the shard into it.
fn shard_into(
    req: &RunRequest,
    src: &builtin::Source,
    exp: &Experiment,
    draws: Option<&experiment::uncertainty::DrawPlan>,
    shard: Shard,
    progress: &dyn Progress,
) -> Result<RunOutcome> {
    let units = (exp.replications() as usize).max(draws.map_or(0, |p| p.values.len()));
    if shard.n as usize > units {
        return Err(Error::Usage(format!(
            "--shard {shard}: this run has {units} work units (replications, or parameter draws), so at most {units} shards"
        )));
    }
    if req.households.is_some() {
        return Err(Error::Usage(
            "--households cannot be combined with --shard: a merged run does not carry the household panel; record it in an unsharded run".into(),
        ));
    }
    let dir = req
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("output").join(format!("{}-shard-{}", exp.name, shard.k)));
    files::prepare_run_dir(
        &dir,
        req.force,
        format!(
            "berdaya: interrupted; the unfinished shard was removed from {} (nothing else was touched). Run the same command again to start over.",
            dir.display()
        ),
    )?;
    let ran = super::shard::run_shard(req, src, exp, draws, shard, &dir, progress);
    if ran.is_err() {
        files::abandon_scope();
    }
    files::end_scope();
    ran.map(RunOutcome::Shard)
}

/// The default folder `output/<name>/`; if it already holds something (an
/// earlier run) and not `--force`, the first free `output/<name>-2/`,
/// `-3/`, … instead, with a notice: a second `berdaya run` works and
/// never touches the first.
fn default_dir(name: &str, force: bool, notices: &mut Vec<String>) -> Result<PathBuf> {
    let first = PathBuf::from("output").join(name);
    let free = |d: &Path| {
        std::fs::symlink_metadata(d).is_err()
            || (d.is_dir() && files::is_empty_dir(d).unwrap_or(false))
    };
    if force || free(&first) {
        return Ok(first);
    }
    for k in 2..10_000 {
        let d = PathBuf::from("output").join(format!("{name}-{k}"));
        if std::fs::symlink_metadata(&d).is_err() {
            notices.push(format!(
                "note: {} already holds an earlier run, which is left as it is; this run is written to {} (--out chooses the folder, --force replaces the earlier run)",
                first.display(),
                d.display()
            ));
            return Ok(d);
        }
    }
    Err(Error::Usage(format!(
        "output/{name}-2 … output/{name}-9999 all exist; choose a folder with --out"
    )))
}

/// The run proper, into a prepared folder.
fn run_into(
    req: &RunRequest,
    exp: &Experiment,
    (draws, plan_seconds): (Option<&experiment::uncertainty::DrawPlan>, f64),
    dir: PathBuf,
    progress: &dyn Progress,
    mut notices: Vec<String>,
) -> Result<RunOutcome> {
    let start = Instant::now();
    let mut written = vec![write_scenario(&dir, exp)?];
    written.extend(simulate(exp, &dir, req.threads, req.households, progress)?);
    if let Some(plan) = draws {
        written.extend(super::uncertainty::model_effects(
            exp,
            plan,
            &dir,
            req.threads,
            progress,
        )?);
    }
    let made = Made {
        command_line: req.command_line.clone(),
        threads: experiment::resolve_threads(req.threads),
        seconds_before: plan_seconds,
    };
    let (written, seconds) = finish_folder(exp, &made, &dir, written, start)?;
    let household_months = household_months(exp);
    Ok(RunOutcome::Ran(RunReport {
        draw_household_months: draws.map_or(0.0, |p| {
            draw_household_months(exp, p.values.len() as u32, p.replications)
        }),
        screen_household_months: draws.map_or(0.0, |p| p.screen_household_months),
        name: exp.name.clone(),
        arms: exp.arms.len(),
        replications: exp.replications(),
        months: exp.months(),
        effects: crate::plot::effects_summary(&dir),
        draws: draws.map(|p| {
            format!(
                "{} parameter draw{}: {}",
                p.values.len(),
                if p.values.len() == 1 { "" } else { "s" },
                p.source
            )
        }),
        notices: {
            notices.extend(crate::scenario::experiment::warnings(exp));
            notices.extend(intensity_notices(exp, &req.flags.sets));
            notices
        },
        dir,
        files: written,
        seconds,
        household_months,
    }))
}

/// Household-months of running every arm under `draws` parameter draws of
/// `replications` each.
fn draw_household_months(exp: &Experiment, draws: u32, replications: u32) -> f64 {
    household_months(exp) / f64::from(exp.replications()) * f64::from(draws * replications)
}

/// Refuses a run that would not fit in the memory available now.
fn check_memory(exp: &Experiment, fp: &Footprint, available: Option<u64>) -> Result<()> {
    let gib = |b: u64| b as f64 / (1u64 << 30) as f64;
    match available.filter(|&a| fp.bytes > a / 10 * 9) {
        Some(avail) => Err(Error::Usage(format!(
            "this run needs about {:.1} GiB of memory ({} households x {} bytes x {} populations at once, and {:.1} GiB for the estimates and reports of {} arms x their months) but only {:.1} GiB is available; nothing was run. Shrink it: fewer households (population.villages, population.households_per_village), fewer replications in flight (--threads 1 keeps {} at once), fewer arms or months, or fewer arms sharing one population. `berdaya run FILE --dry-run` prints the estimate.",
            gib(fp.bytes),
            fp.households,
            fp.bytes_per_household,
            fp.worlds_at_once,
            gib(fp.report_bytes),
            exp.arms.len(),
            gib(avail),
            experiment::worlds_per_replication(exp) * 2,
        ))),
        None => Ok(()),
    }
}

/// Most rows `households.csv` may hold (about 1.5 GB of text).
pub const MAX_PANEL_ROWS: u64 = 20_000_000;

/// Refuses a household panel too large to write.
fn check_panel(exp: &Experiment, panel: Option<usize>) -> Result<()> {
    let Some(n) = panel else { return Ok(()) };
    let households = exp
        .arms
        .iter()
        .map(|a| households_of(&a.scenario).min(n) as u64)
        .sum::<u64>();
    let rows = households * exp.replications() as u64 * exp.months() as u64;
    if rows > MAX_PANEL_ROWS {
        return Err(Error::Usage(format!(
            "--households {}: households.csv would hold {rows} rows (households x arms x {} replications x {} months), more than {MAX_PANEL_ROWS}; nothing was run. Record a sample (`--households 200`), or fewer replications or months.",
            if n == usize::MAX {
                "all".to_string()
            } else {
                n.to_string()
            },
            exp.replications(),
            exp.months()
        )));
    }
    Ok(())
}

/// Runs every replication, streaming the time series to disk and feeding
/// the estimators; then writes the estimates. Returns the files written.
fn simulate(
    exp: &Experiment,
    dir: &Path,
    threads: usize,
    panel: Option<usize>,
    progress: &dyn Progress,
) -> Result<Vec<PathBuf>> {
    let mut sink = Sink::new(exp, dir, panel.is_some())?;
    let total_steps = exp.arms.len() as u64 * exp.replications() as u64 * exp.months() as u64;
    progress.start(total_steps, &exp.name);
    let opts = RunOptions {
        threads,
        progress,
        panel,
    };
    let ran = experiment::run_experiment(exp, &opts, |r| sink.push(&r));
    progress.finish();
    ran?;
    sink.finish(dir)
}

/// Keys whose change moves the intensity of a total budget.
const SIZE_KEYS: &[&str] = &[
    "population.villages",
    "population.households_per_village",
    "program.coverage",
    "program.duration_months",
];

/// A notice for every arm whose budget is a total (`program.budget`) when a
/// `--set` changed the world's size, coverage or duration: the same total
/// then buys a different intensity, without a word unless this says so.
pub fn intensity_notices(
    exp: &crate::scenario::experiment::Experiment,
    sets: &[String],
) -> Vec<String> {
    let changed: Vec<&str> = SIZE_KEYS
        .iter()
        .copied()
        .filter(|k| {
            sets.iter()
                .any(|s| s.trim_start().starts_with(&format!("{k}=")))
        })
        .collect();
    if changed.is_empty() {
        return Vec::new();
    }
    exp.arms
        .iter()
        .filter(|a| a.scenario.program.budget > 0.0)
        .map(|a| {
            let s = &a.scenario;
            let villages = crate::scenario::derived::covered_villages(s).max(1) as f64;
            let years = s.program.duration_months as f64 / 12.0;
            let per_village_year = s.program.budget / villages / years.max(1e-9);
            let per_household = per_village_year / s.population.households_per_village.max(1) as f64;
            // the brief's money words, with plain spaces for a terminal
            let rp = |x: f64| {
                crate::brief::numbers::rupiah_scaled(x, crate::brief::lang::Lang::En, false)
                    .replace('\u{a0}', " ")
            };
            format!(
                "note: arm {}: program.budget is a total ({}); with {} set on the command line it now buys {} a village a year ({} a household a year). To keep a program's intensity when the world changes size, write program.budget_per_village_year instead.",
                a.name,
                rp(s.program.budget),
                changed.join(", "),
                rp(per_village_year),
                rp(per_household)
            )
        })
        .collect()
}
