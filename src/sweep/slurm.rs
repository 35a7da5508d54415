//! `berdaya sweep FILE --emit-slurm DIR`: the scripts that run a sweep on a
//! Slurm cluster as a job array (one task per shard) and merge it afterwards,
//! written by the shared writer of [`crate::shard::slurm`] (one stage).
//!
//! * `array.sbatch` — `--array=1-N`; task K runs `berdaya sweep FILE --shard
//!   K/N --out DIR/shard-K --threads $SLURM_CPUS_PER_TASK --resume`, so a
//!   task that is requeued or resubmitted continues where it stopped;
//! * `merge.sbatch` — `berdaya merge DIR/shard-1 … DIR/shard-N --out OUT`;
//! * `submit.sh` — submits the array, then the merge job with
//!   `--dependency=afterok:<array id>`, and writes the two job ids to
//!   `array.jobid` and `merge.jobid`.

use super::file::Sweep;
use crate::error::{IoContext, Result};
use crate::shard::slurm::{self, Scripts, Stage};
pub use crate::shard::slurm::{SlurmOptions, sh_quote};
use std::path::{Path, PathBuf};

/// What [`emit`] wrote.
#[derive(Debug, Clone)]
pub struct Emitted {
    /// The scripts' folder (absolute).
    pub dir: PathBuf,
    /// array.sbatch, merge.sbatch, submit.sh.
    pub files: Vec<PathBuf>,
    /// Where the merge job writes the merged sweep (absolute).
    pub out: PathBuf,
    pub name: String,
    pub points: usize,
    pub shards: u32,
}

/// Writes the scripts.
pub fn emit(
    sweep: &Sweep,
    sweep_path: &Path,
    out: &Path,
    opts: &SlurmOptions,
    force: bool,
) -> Result<Emitted> {
    let plan = &sweep.plan;
    slurm::check_options(opts, plan.points, "point")?;
    slurm::check_path("the sweep file", sweep_path)?;
    let sweep_abs = sweep_path
        .canonicalize()
        .ctx(|| format!("resolving {}", sweep_path.display()))?;
    let p = slurm::prepare(opts, &[("the sweep file", &sweep_abs)], out, force)?;
    let n = opts.shards;
    let version = env!("CARGO_PKG_VERSION");
    let stage = Stage {
        suffix: String::new(),
        array_about: format!(
            "# Task K of the array runs shard K/{n}: points K, K+{n}, K+2×{n}, … into $SHARDS/shard-K.\n"
        ),
        array_run: format!(
            "# --resume: a requeued task continues where it stopped.\nexec \"$BERDAYA\" sweep \"$SWEEP\" --shard \"$K/{n}\" --out \"$SHARDS/shard-$K\" --threads \"${{SLURM_CPUS_PER_TASK:-1}}\" --resume\n"
        ),
        merge_about: format!(
            "# Merges the {n} shard folders into $OUT; submit.sh queues it after the array (afterok).\n"
        ),
        merge_run: format!(
            "dirs=()\nfor k in $(seq 1 {n}); do dirs+=(\"$SHARDS/shard-$k\"); done\nexec \"$BERDAYA\" merge \"${{dirs[@]}}\" --out \"$OUT\" --threads \"${{SLURM_CPUS_PER_TASK:-1}}\"{}\n",
            if force { " --force" } else { "" }
        ),
    };
    let scripts = Scripts {
        opts,
        name: &plan.name,
        about: format!(
            "# berdaya {version}: sweep \"{}\" ({}, FNV-1a {}), {} points in {n} shards.\n",
            plan.name, plan.sweep_file, plan.sweep_file_fnv1a, plan.points
        ),
        vars: vec![
            ("BERDAYA", p.exe.display().to_string()),
            ("SWEEP", sweep_abs.display().to_string()),
            ("SHARDS", p.dir.display().to_string()),
            ("OUT", p.out.display().to_string()),
        ],
        stages: vec![stage],
        summary: format!(
            "sweep {} ({n} shards) submitted -> {}",
            plan.name,
            p.out.display()
        ),
    };
    let files = slurm::write(&p.dir, &scripts)?;
    Ok(Emitted {
        dir: p.dir,
        files,
        out: p.out,
        name: plan.name.clone(),
        points: plan.points,
        shards: n,
    })
}
