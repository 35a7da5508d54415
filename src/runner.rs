//! The runner: arms × replications in parallel (rayon), villages in parallel
//! inside each run, results handed on in replication order so they can be
//! streamed to disk.
//!
//! Within a replication, arms whose scenarios differ only in program keys
//! ([`PROGRAM_SECTIONS`]) share one population and one burn-in; each arm then
//! runs on its own copy with the same shock and market streams (common random
//! numbers) and its own behaviour and program streams. Replications are run
//! in chunks of a few per thread, so memory does not grow with the number of
//! replications, and handed to the sink in order, so the files are the same on
//! any number of threads.

use crate::error::{Error, Result};
use crate::model::World;
use crate::model::metrics::Row;
use crate::model::params::Params;
use crate::scenario::experiment::Experiment;
use rayon::prelude::*;

/// Sections that only matter once a program runs: arms that differ only here
/// share their burned-in world.
pub const PROGRAM_SECTIONS: &[&str] = &["name", "description", "program", "credit"];

/// Options of a run.
#[derive(Clone, Default)]
pub struct RunOptions {
    /// Worker threads (0 = one per core).
    pub threads: usize,
    /// Progress bar to advance by one per simulated arm-month.
    pub progress: Option<indicatif::ProgressBar>,
}

/// The metrics of one replication: per arm (experiment order), one row per month.
#[derive(Debug, Clone)]
pub struct RepResult {
    /// 0-based replication index.
    pub replication: u32,
    pub arms: Vec<Vec<Row>>,
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
    progress: Option<&indicatif::ProgressBar>,
) -> RepResult {
    let months = exp.months();
    let mut arms: Vec<Vec<Row>> = vec![Vec::new(); exp.arms.len()];
    for group in groups {
        let mut world = World::new(Params::new(exp.arms[group[0]].scenario.clone()), rep as u64);
        world.burn_in();
        let outs: Vec<(usize, Vec<Row>)> = group
            .par_iter()
            .map(|&a| {
                let arm = &exp.arms[a];
                let mut w = world.for_arm(Params::new(arm.scenario.clone()), &arm.name);
                let rows = (0..months)
                    .map(|_| {
                        let r = w.step();
                        if let Some(pb) = progress {
                            pb.inc(1);
                        }
                        r
                    })
                    .collect();
                (a, rows)
            })
            .collect();
        for (a, rows) in outs {
            arms[a] = rows;
        }
    }
    RepResult {
        replication: rep,
        arms,
    }
}

/// Runs every replication, handing results to `sink` in replication order.
pub fn run_experiment(
    exp: &Experiment,
    opts: &RunOptions,
    mut sink: impl FnMut(RepResult) -> Result<()>,
) -> Result<()> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .build()
        .map_err(|e| Error::Other(format!("cannot start worker threads: {e}")))?;
    let groups = world_groups(exp);
    let reps = exp.replications();
    let chunk = (pool.current_num_threads() * 2).max(1) as u32;
    let mut start = 0;
    while start < reps {
        let end = (start + chunk).min(reps);
        let results: Vec<RepResult> = pool.install(|| {
            (start..end)
                .into_par_iter()
                .map(|r| run_replication(exp, &groups, r, opts.progress.as_ref()))
                .collect()
        });
        for res in results {
            sink(res)?;
        }
        start = end;
    }
    Ok(())
}
