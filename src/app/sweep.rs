//! `berdaya sweep` and `berdaya merge`: check the sweep file, then emit the
//! Slurm scripts, or run the points (all, or a shard's) and write the
//! reports; merge shard folders. Everything runs in one pool of
//! `--threads` threads.

use crate::error::{Error, Result};
use crate::experiment::pool;
use crate::progress::Progress;
use crate::sweep::merge::Merged;
use crate::sweep::run::PointsOptions;
use crate::sweep::slurm::{Emitted, SlurmOptions, sh_quote};
use crate::sweep::{Shard, file, merge, plural, report, run, slurm};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// `--emit-slurm` and its flags.
#[derive(Debug, Clone)]
pub struct SlurmRequest {
    pub dir: PathBuf,
    pub shards: u32,
    pub cpus_per_task: u32,
    pub mem: String,
    pub time: String,
    pub partition: Option<String>,
}

/// What `berdaya sweep` was asked.
#[derive(Debug, Clone, Default)]
pub struct SweepRequest {
    pub file: PathBuf,
    pub out: Option<PathBuf>,
    pub threads: usize,
    /// `K/N` as typed.
    pub shard: Option<String>,
    pub resume: bool,
    pub force: bool,
    pub slurm: Option<SlurmRequest>,
}

/// A sweep (or shard) that ran.
#[derive(Debug, Clone)]
pub struct SweepReport {
    pub name: String,
    pub method: &'static str,
    /// Points of the whole sweep.
    pub points: usize,
    /// The shard (`K/N`) and its number of points.
    pub shard: Option<(String, usize)>,
    pub replications: u32,
    pub arms: usize,
    pub dir: PathBuf,
    /// Points already done by an earlier run (`--resume`).
    pub skipped: usize,
    pub seconds: f64,
    pub files: Vec<PathBuf>,
}

/// Slurm scripts written.
#[derive(Debug, Clone)]
pub struct SlurmReport {
    pub emitted: Emitted,
    /// `bash '/abs/dir/submit.sh'`, quoted for a shell.
    pub submit: String,
}

/// What `berdaya sweep` did.
#[derive(Debug, Clone)]
pub enum SweepOutcome {
    Ran(SweepReport),
    Slurm(SlurmReport),
}

/// `berdaya sweep`.
pub fn sweep(req: &SweepRequest, progress: &dyn Progress) -> Result<SweepOutcome> {
    let shard = req.shard.as_deref().map(Shard::parse).transpose()?;
    let pool = pool(req.threads)?;
    // Checking every point runs in parallel too: keep it to --threads.
    let sweep = pool.install(|| file::load(&req.file))?;
    let out = req
        .out
        .clone()
        .unwrap_or_else(|| Path::new("output").join(&sweep.plan.name));
    if let Some(s) = &req.slurm {
        if shard.is_some() || req.resume {
            return Err(Error::Usage(
                "--emit-slurm writes the scripts that run the shards; it cannot be combined with --shard or --resume".into(),
            ));
        }
        let opts = SlurmOptions {
            dir: s.dir.clone(),
            shards: s.shards,
            cpus_per_task: s.cpus_per_task,
            mem: s.mem.clone(),
            time: s.time.clone(),
            partition: s.partition.clone(),
        };
        let emitted = slurm::emit(&sweep, &req.file, &out, &opts, req.force)?;
        let submit = sh_quote(&emitted.dir.join("submit.sh").display().to_string());
        return Ok(SweepOutcome::Slurm(SlurmReport { emitted, submit }));
    }
    let start = Instant::now();
    let opts = PointsOptions {
        shard,
        resume: req.resume,
        force: req.force,
    };
    // Ctrl-C removes the temporaries and keeps the journal: say how to resume
    let resume = format!(
        "berdaya sweep {}{} --out {} --resume",
        sh_quote(&req.file.display().to_string()),
        req.shard
            .as_ref()
            .map(|s| format!(" --shard {s}"))
            .unwrap_or_default(),
        sh_quote(&out.display().to_string())
    );
    crate::output::files::begin_scope(
        crate::output::files::ScopeKind::Sweep,
        &out,
        false,
        format!(
            "berdaya: interrupted; the finished points are kept in {} (its journal.jsonl). Continue with: {resume}",
            out.display()
        ),
    );
    let ran = run::run(&sweep, &out, &opts, &pool, progress).and_then(|r| {
        let files = match r.shard_files {
            Some(files) => files,
            None => pool.install(|| report::finish(&sweep.plan, &sweep.points, &out))?,
        };
        Ok((r.points, r.skipped, files))
    });
    crate::output::files::end_scope();
    let (points, skipped, files) = ran?;
    let plan = &sweep.plan;
    Ok(SweepOutcome::Ran(SweepReport {
        name: plan.name.clone(),
        method: plan.method.as_str(),
        points: plan.points,
        shard: shard.map(|s| (s.to_string(), points)),
        replications: plan.replications,
        arms: plan.arms.len(),
        dir: out,
        skipped,
        seconds: start.elapsed().as_secs_f64(),
        files,
    }))
}

/// `berdaya merge`, in a pool of `threads` threads (0 = one per core);
/// returns what was merged and the seconds it took.
pub fn merge(dirs: &[PathBuf], out: &Path, threads: usize, force: bool) -> Result<(Merged, f64)> {
    let start = Instant::now();
    let merged = pool(threads)?.install(|| merge::merge(dirs, out, force));
    // an interrupted or failed merge leaves nothing of itself: it can be redone
    if merged.is_err() {
        crate::output::files::abandon_scope();
    }
    crate::output::files::end_scope();
    let merged = merged?;
    Ok((merged, start.elapsed().as_secs_f64()))
}

/// `berdaya check` on a sweep file: every problem, or a one-line summary.
pub fn check_file(path: &Path) -> Result<String> {
    let sweep = file::load(path)?;
    let p = &sweep.plan;
    Ok(format!(
        "{}: ok — sweep \"{}\": {} over {} parameter{}, {} point{} × {} replication{} × {} arm{} (base {})",
        path.display(),
        p.name,
        p.method.as_str(),
        p.parameters.len(),
        plural(p.parameters.len()),
        p.points,
        plural(p.points),
        p.replications,
        plural(p.replications as usize),
        p.arms.len(),
        plural(p.arms.len()),
        p.base
    ))
}
