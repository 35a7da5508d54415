//! Parameter sweeps and global sensitivity analysis (`berdaya sweep`,
//! `berdaya merge`), streamed to disk, resumable after a kill, and sharded
//! for Slurm job arrays.
//!
//! A sweep file names a base (a scenario or experiment file, or a built-in)
//! and a `[sweep]` table: a sampling method, the parameters to vary and the
//! metrics and months to record. One *point* is the base experiment with the
//! point's parameter values applied to every arm exactly like `--set`. Every
//! point is run with the base's own seed, so all points share their random
//! streams (common random numbers): differences between points are the
//! parameters', not the dice's.
//!
//! The pipeline, one file per stage:
//!
//! * [`file`]: the sweep file, checked key by key with file:line:col, key
//!   path, what was expected and the nearest valid name; the base resolved;
//!   every point checked before anything runs;
//! * [`design`]: the [`Plan`] (everything needed to reproduce and analyse a
//!   sweep, stored in `manifest.json`) and its points, from the designs of
//!   [`crate::sensitivity`];
//! * [`run`]: points in parallel, rows appended to `results.csv` in point
//!   order with a fsync'd journal, `--resume`, `--shard K/N`;
//! * [`merge`]: shard folders checked and concatenated into the unsharded
//!   run's bytes;
//! * [`report`]: the reports of a finished folder, computed from
//!   `results.csv` alone (so a merge and a single run produce the same
//!   bytes): [`analysis`] (outputs per point, indices, response bins),
//!   [`tables`] (`sensitivity.csv`, `response.csv`), [`charts`] and
//!   [`folder`] (file names and `manifest.json`);
//! * [`slurm`]: the `sbatch` job array and its dependent merge job.
//!
//! The pipeline of `berdaya sweep` and `berdaya merge` (check, run, report,
//! in a pool of `--threads`) is `crate::app::sweep`'s; nothing here prints.
//!
//! `docs/SWEEPS.md` is the user's guide and lists the estimators with their
//! references.

pub mod analysis;
pub mod charts;
pub mod design;
pub mod file;
pub mod folder;
pub mod merge;
pub mod report;
pub mod run;
pub mod slurm;
pub mod tables;

pub use design::{Method, PValue, ParamPlan, Plan};
pub use file::Sweep;

pub use crate::shard::{FNV_OFFSET, Shard, fnv1a, fnv1a_update, hex};

/// "s" unless `n` is 1.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
