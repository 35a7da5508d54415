//! The experiment layer: the runner (arms × replications in parallel with
//! rayon, villages in parallel inside each run, results handed on in
//! replication order so they can be streamed to disk) and, in [`estimate`],
//! the estimators computed from its results (paired differences, bootstrap,
//! persistence, cost-effectiveness). Nothing here writes files or prints.
//!
//! Within a replication, arms whose scenarios differ only in program keys
//! ([`PROGRAM_SECTIONS`]) share one population and one burn-in; each arm then
//! runs on its own copy with the same shock and market streams (common random
//! numbers) and its own behaviour and program streams. Replications are run
//! in chunks of a few per thread, so memory does not grow with the number of
//! replications, and handed to the sink in order, so the files are the same on
//! any number of threads.

pub mod estimate;
pub mod uncertainty;

use crate::error::{Error, Result};
use crate::model::World;
use crate::model::metrics::Row;
use crate::model::params::Params;
use crate::progress::Progress;
use crate::scenario::Scenario;
use crate::scenario::experiment::Experiment;
use rayon::prelude::*;

/// Sections that only matter once a program runs: arms that differ only here
/// share their burned-in world.
pub const PROGRAM_SECTIONS: &[&str] = &["name", "description", "program", "credit"];

/// Options of a run.
#[derive(Clone, Copy)]
pub struct RunOptions<'a> {
    /// Worker threads (0 = one per core).
    pub threads: usize,
    /// Advanced by one per simulated arm-month.
    pub progress: &'a dyn Progress,
    /// Households to record month by month (`households.csv`): a sample of
    /// this many, `usize::MAX` for all; `None` records none.
    pub panel: Option<usize>,
}

pub use crate::output::run::HouseholdRow;

/// The households a panel records: `n` spread evenly over the world (every
/// `total / n`-th household in village order), or all of them.
pub fn panel_sample(world: &World, n: usize) -> Vec<(usize, usize)> {
    let all: Vec<(usize, usize)> = world
        .villages
        .iter()
        .enumerate()
        .flat_map(|(v, vil)| (0..vil.hh.len()).map(move |h| (v, h)))
        .collect();
    if n >= all.len() {
        return all;
    }
    (0..n).map(|k| all[k * all.len() / n]).collect()
}

/// The recorded households' state after month `month`.
fn panel_rows(world: &World, sample: &[(usize, usize)], month: u32) -> Vec<HouseholdRow> {
    use crate::model::household::{NO_GROUP, flag};
    let z = world.p.scenario.economy.poverty_line as f32;
    sample
        .iter()
        .map(|&(v, h)| {
            let vil = &world.villages[v];
            let hh = &vil.hh;
            let size = hh.size[h];
            let cons_pc = hh.consumption[h] / size.max(1) as f32;
            HouseholdRow {
                month,
                village: vil.index,
                household: h as u32,
                size,
                consumption_pc: cons_pc,
                income: hh.income[h],
                assets: hh.assets[h],
                cash: hh.cash[h],
                debt: hh.debt[h],
                poor: cons_pc < z,
                in_group: hh.group[h] != NO_GROUP,
                borrowing: hh.loan[h] > 0.0,
                enterprise: hh.flags[h] & flag::HIGH_TECH != 0,
                partnership: hh.flags[h] & flag::CONTRACTED != 0,
                skill: hh.skill[h],
                info: hh.info[h],
                voice: hh.voice[h],
                participation: hh.participation[h],
                confidence: hh.confidence[h],
            }
        })
        .collect()
}

/// The metrics of a scenario's world (replication 0) in its first month
/// after the burn-in and in month `months`: what the baseline screens of
/// `berdaya evidence --robustness` and of `[uncertainty]` read.
pub fn first_and_last_month(s: Scenario, months: u32) -> (Row, Row) {
    let mut w = World::new(Params::new(s), 0);
    w.burn_in();
    let first = w.step();
    let mut last = first;
    for _ in 1..months {
        last = w.step();
    }
    (first, last)
}

/// Households of one replication of a scenario (exact when villages are equal).
pub fn households_of(s: &Scenario) -> usize {
    s.population.villages as usize * s.population.households_per_village as usize
}

/// A rayon pool of `threads` worker threads (0 = one per core): the one
/// pool builder of every command.
pub fn pool(threads: usize) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(resolve_threads(threads))
        .build()
        .map_err(|e| Error::Other(format!("cannot start worker threads: {e}")))
}

/// The metrics of one replication: per arm (experiment order), one row per month.
#[derive(Debug, Clone)]
pub struct RepResult {
    /// 0-based replication index.
    pub replication: u32,
    pub arms: Vec<Vec<Row>>,
    /// Per arm, the recorded households month by month (empty without a
    /// panel).
    pub panel: Vec<Vec<HouseholdRow>>,
}

/// Groups of arms that can share a burned-in world.
pub fn world_groups(exp: &Experiment) -> Vec<Vec<usize>> {
    let key = |i: usize| -> String {
        let mut t = match toml::Value::try_from(&exp.arms[i].scenario) {
            Ok(toml::Value::Table(t)) => t,
            _ => return format!("arm{i}"),
        };
        for s in PROGRAM_SECTIONS {
            t.remove(*s);
        }
        toml::Value::Table(t).to_string()
    };
    let keys: Vec<String> = (0..exp.arms.len()).map(key).collect();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in 0..exp.arms.len() {
        match groups.iter_mut().find(|g| keys[g[0]] == keys[i]) {
            Some(g) => g.push(i),
            None => groups.push(vec![i]),
        }
    }
    groups
}

/// Simulates one replication of every arm.
pub fn run_replication(
    exp: &Experiment,
    groups: &[Vec<usize>],
    rep: u32,
    progress: &dyn Progress,
) -> RepResult {
    run_replication_with_panel(exp, groups, rep, progress, None)
}

/// One arm of one replication: its metric rows and its panel rows.
type ArmRun = (Vec<Row>, Vec<HouseholdRow>);

/// [`run_replication`], recording a panel of households when asked
/// ([`RunOptions::panel`]).
pub fn run_replication_with_panel(
    exp: &Experiment,
    groups: &[Vec<usize>],
    rep: u32,
    progress: &dyn Progress,
    panel: Option<usize>,
) -> RepResult {
    let months = exp.months();
    let mut arms: Vec<Vec<Row>> = vec![Vec::new(); exp.arms.len()];
    let mut panels: Vec<Vec<HouseholdRow>> = vec![Vec::new(); exp.arms.len()];
    let run_arm = |mut w: World| -> ArmRun {
        let sample = panel.map(|n| panel_sample(&w, n)).unwrap_or_default();
        let mut hh = Vec::new();
        let rows = (0..months)
            .map(|m| {
                let r = w.step();
                if !sample.is_empty() {
                    hh.extend(panel_rows(&w, &sample, m + 1));
                }
                progress.advance(1);
                r
            })
            .collect();
        (rows, hh)
    };
    for group in groups {
        let mut world = World::new(Params::new(exp.arms[group[0]].scenario.clone()), rep as u64);
        world.burn_in();
        let params = |a: usize| Params::new(exp.arms[a].scenario.clone());
        let outs: Vec<(usize, ArmRun)> = if group.len() == 1 {
            // the only arm takes the burned-in world itself: no copy in memory
            let a = group[0];
            vec![(a, run_arm(world.into_arm(params(a))))]
        } else {
            group
                .par_iter()
                .map(|&a| (a, run_arm(world.for_arm(params(a)))))
                .collect()
        };
        for (a, (rows, hh)) in outs {
            arms[a] = rows;
            panels[a] = hh;
        }
    }
    RepResult {
        replication: rep,
        arms,
        panel: panels,
    }
}

/// Replications in flight at once on `threads` worker threads.
pub fn replications_in_flight(exp: &Experiment, threads: usize) -> u32 {
    ((threads.max(1) * 2) as u32).min(exp.replications()).max(1)
}

/// Copies of a world alive at once for one replication: the burned-in world
/// plus one per arm of the largest group that shares it.
pub fn worlds_per_replication(exp: &Experiment) -> usize {
    world_groups(exp)
        .iter()
        .map(|g| if g.len() == 1 { 1 } else { g.len() + 1 })
        .max()
        .unwrap_or(1)
}

/// Estimated peak memory of a run (bytes) and the numbers behind it.
#[derive(Debug, Clone, Copy)]
pub struct Footprint {
    pub households: u64,
    pub bytes_per_household: u64,
    pub worlds_at_once: u64,
    pub bytes: u64,
    pub household_months: f64,
    /// Of `bytes`, what the estimators and reports hold: one summary row per
    /// arm, month and metric, kept by the estimators and read back into maps
    /// by the charts and the brief.
    pub report_bytes: u64,
}

/// Bytes per summary row (arm, month, metric) held by the estimators and by
/// the readers of `summary.csv`: measured 0.7-1 KiB when the charts held a
/// map of strings per row; they (and the brief) now stream it into typed
/// values, and 1 KiB is kept as a conservative bound.
pub const BYTES_PER_SUMMARY_ROW: u64 = 1024;

/// The number of worker threads `--threads N` means (0 = one per core).
pub fn resolve_threads(threads: usize) -> usize {
    if threads == 0 {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    } else {
        threads
    }
}

/// Estimates the footprint of an experiment on `threads` threads.
pub fn footprint(exp: &Experiment, threads: usize) -> Footprint {
    let threads = resolve_threads(threads);
    let households = exp
        .arms
        .iter()
        .map(|a| households_of(&a.scenario) as u64)
        .max()
        .unwrap_or(0);
    let degree = exp.base.population.network_degree as usize;
    // state + per-month scratch + an allowance for groups, funds and vectors
    let per = (crate::model::household::Households::bytes_per_household(degree)
        + crate::model::household::Scratch::BYTES_PER_HOUSEHOLD
        + 8) as u64;
    let worlds = replications_in_flight(exp, threads) as u64 * worlds_per_replication(exp) as u64;
    let villages = exp.base.population.villages as u64;
    let summary_rows: u64 = exp
        .arms
        .iter()
        .map(|a| a.scenario.months as u64)
        .sum::<u64>()
        * crate::model::metrics::N_METRICS as u64;
    let report_bytes = summary_rows * BYTES_PER_SUMMARY_ROW;
    let bytes = worlds * (households * per + villages * 4096) + (256 << 20) + report_bytes;
    // every arm's months, and one burn-in per group of arms sharing a world
    let hh = |a: usize| households_of(&exp.arms[a].scenario) as f64;
    let months: f64 = (0..exp.arms.len())
        .map(|a| exp.arms[a].scenario.months as f64 * hh(a))
        .sum::<f64>()
        + world_groups(exp)
            .iter()
            .map(|g| exp.arms[g[0]].scenario.population.burn_in_months as f64 * hh(g[0]))
            .sum::<f64>();
    Footprint {
        households,
        bytes_per_household: per,
        worlds_at_once: worlds,
        bytes,
        household_months: months * exp.replications() as f64,
        report_bytes,
    }
}

/// Memory the machine has available now (bytes), from /proc/meminfo.
pub fn available_memory() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Runs every replication, handing results to `sink` in replication order.
pub fn run_experiment(
    exp: &Experiment,
    opts: &RunOptions,
    mut sink: impl FnMut(RepResult) -> Result<()>,
) -> Result<()> {
    let pool = pool(opts.threads)?;
    let groups = world_groups(exp);
    let reps = exp.replications();
    let chunk = replications_in_flight(exp, pool.current_num_threads());
    let mut start = 0;
    while start < reps {
        let end = (start + chunk).min(reps);
        let results: Vec<RepResult> = pool.install(|| {
            (start..end)
                .into_par_iter()
                .map(|r| run_replication_with_panel(exp, &groups, r, opts.progress, opts.panel))
                .collect()
        });
        for res in results {
            sink(res)?;
        }
        start = end;
    }
    Ok(())
}

/// Runs every replication on `threads` worker threads (0: one per core),
/// silently, and returns the results in replication order (the examples'
/// way to run an experiment they build in memory).
pub fn run_all(exp: &Experiment, threads: usize) -> Result<Vec<RepResult>> {
    let opts = RunOptions {
        threads,
        progress: &crate::progress::Silent,
        panel: None,
    };
    let mut reps = Vec::with_capacity(exp.replications() as usize);
    run_experiment(exp, &opts, |r| {
        reps.push(r);
        Ok(())
    })?;
    Ok(reps)
}
