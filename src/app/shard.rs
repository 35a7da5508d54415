//! Runs on a cluster: `berdaya run TARGET --shard K/N` runs a slice of the
//! work units into a shard folder, `berdaya merge` turns the shard folders
//! into the run folder an unsharded `berdaya run` writes
//! (docs/SWEEPS.md, "Runs and calibrations on a cluster").
//!
//! The work units are the replications (0-based `r`, in shard `r mod N + 1`)
//! and, with `--draws`, the parameter draws (`d`, in shard `d mod N + 1`).
//! A unit's seeds depend on its index only (replication `r` is seeded by
//! `(seed, r)`, draw `d` runs its own replications with the experiment's
//! seed), so a shard computes exactly what the unsharded run computes for
//! those units. A shard folder holds the raw results, not the summaries:
//!
//! * `replications.csv` — per replication, arm and month the metric row,
//!   every number in Rust's shortest round-trip form (`{:?}`), so reading it
//!   back gives the same bits;
//! * `draw_effects.csv` — per draw the effect of every arm on every metric
//!   and moment (or `skipped` for a draw that broke a cross-field rule);
//! * `scenario.toml` — the experiment as resolved;
//! * `manifest.json` — kind `run-shard`: the target and flags, the FNV-1a
//!   hashes of the source, the resolved experiment and the draws, the
//!   shard's units and every file's size and hash.
//!
//! The merge checks the shards, resolves the target again with the same
//! flags (refusing a source or resolved experiment whose hash changed),
//! feeds the replications in order into the run's own sink
//! (`super::run::Sink`), the draws into the run's own summary, and ends the
//! folder with the run's own code (`super::run::finish_folder`). Only the
//! manifest's timing differs from an unsharded run: `wall_seconds` (the
//! shards' seconds summed, and the merge's) and
//! `household_months_per_second`; its `command_line` is the unsharded
//! equivalent of the shards' (without `--shard`, with the merge's `--out`).

use super::run_folder::{Made, RunRequest, Sink, finish_folder, scenario_text, write_scenario};
use super::{FlagOverrides, load_experiment};
use crate::builtin::{self, Source};
use crate::error::{Error, IoContext, Issue, Result};
use crate::experiment::uncertainty::{self as unc, DrawPlan, DrawResult};
use crate::experiment::{self, RepResult, world_groups};
use crate::model::metrics::{self, N_METRICS, Row};
use crate::output::files::{self, AtomicFile};
use crate::output::manifest::Manifest;
use crate::progress::Progress;
use crate::scenario::experiment::Experiment;
use crate::shard::slurm::{self, Scripts, SlurmOptions, Stage, sh_quote};
use crate::shard::{Shard, fnv1a, folder, hex, problem};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The raw replications of a shard.
pub const REPLICATIONS: &str = "replications.csv";
/// The raw draw effects of a shard.
pub const DRAW_EFFECTS: &str = "draw_effects.csv";
/// The manifest kind of a run shard folder.
pub const KIND: &str = "run-shard";

/// The units of one shard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardUnits {
    pub k: u32,
    pub n: u32,
    /// "replications and draws K-1, K-1+N, … (0-based)".
    pub rule: String,
    pub replications: usize,
    pub draws: usize,
}

/// The head of a run shard's `manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunShardHead {
    pub kind: String,
    pub version: String,
    /// The target as given (a file or a built-in name).
    pub target: String,
    pub source_label: String,
    pub source_fnv1a: String,
    pub seed: Option<u64>,
    pub replications: Option<u32>,
    pub months: Option<u32>,
    /// The `--set` flags (with `--draws` and `--posterior` as sets).
    pub sets: Vec<String>,
    /// FNV-1a of `scenario.toml`.
    pub scenario_fnv1a: String,
    /// Replications of the whole run.
    pub run_replications: u32,
    /// Draws of the whole run, and the FNV-1a of their keys and values.
    pub draws: usize,
    pub draws_fnv1a: Option<String>,
    pub shard: ShardUnits,
    pub command_line: Vec<String>,
    pub threads: usize,
    pub wall_seconds: f64,
}

type ShardManifest = Manifest<RunShardHead>;

/// A shard that ran.
#[derive(Debug, Clone)]
pub struct ShardReport {
    pub name: String,
    pub shard: String,
    pub replications: usize,
    pub draws: usize,
    pub dir: PathBuf,
    pub files: Vec<PathBuf>,
    pub seconds: f64,
}

/// The fingerprint of a draw plan: its keys and values, exactly.
fn plan_hash(plan: Option<&DrawPlan>) -> Option<String> {
    plan.map(|p| {
        let mut s = p.keys.join(",");
        for row in &p.values {
            s.push('\n');
            for v in row {
                s.push_str(&format!("{v:?},"));
            }
        }
        s.push_str(&format!("\n{}", p.replications));
        hex(fnv1a(s.as_bytes()))
    })
}

/// The work of `berdaya run --shard K/N` on a resolved experiment: checks
/// what sharding cannot do, then runs into `dir` (prepared by the caller).
pub(crate) fn run_shard(
    req: &RunRequest,
    src: &Source,
    exp: &Experiment,
    plan: Option<&DrawPlan>,
    shard: Shard,
    dir: &Path,
    progress: &dyn Progress,
) -> Result<ShardReport> {
    let start = Instant::now();
    let reps = exp.replications() as usize;
    let draws = plan.map_or(0, |p| p.values.len());
    let mut written = vec![write_scenario(dir, exp)?];
    let mine: Vec<u32> = shard.points(reps).into_iter().map(|r| r as u32).collect();
    written.push(run_replications(exp, &mine, dir, req.threads, progress)?);
    let mut my_draws = 0;
    if let Some(plan) = plan {
        my_draws = shard.points(draws).len();
        written.push(run_draws(exp, plan, shard, dir, req.threads, progress)?);
    }
    let head = RunShardHead {
        kind: KIND.into(),
        version: env!("CARGO_PKG_VERSION").into(),
        target: req.target.clone().unwrap_or_else(|| "strategies".into()),
        source_label: src.label.clone(),
        source_fnv1a: hex(fnv1a(src.text.as_bytes())),
        seed: req.flags.seed,
        replications: req.flags.replications,
        months: req.flags.months,
        sets: req.flags.sets.clone(),
        scenario_fnv1a: hex(fnv1a(scenario_text(exp).as_bytes())),
        run_replications: exp.replications(),
        draws,
        draws_fnv1a: plan_hash(plan),
        shard: ShardUnits {
            k: shard.k,
            n: shard.n,
            rule: format!(
                "replications and draws {}, {}+{n}, {}+2×{n}, … (0-based)",
                shard.k - 1,
                shard.k - 1,
                shard.k - 1,
                n = shard.n
            ),
            replications: mine.len(),
            draws: my_draws,
        },
        command_line: req.command_line.clone(),
        threads: experiment::resolve_threads(req.threads),
        wall_seconds: start.elapsed().as_secs_f64(),
    };
    let entries = folder::entries(dir, &written)?;
    written.push(Manifest::new(head, entries).write(dir)?);
    Ok(ShardReport {
        name: exp.name.clone(),
        shard: shard.to_string(),
        replications: mine.len(),
        draws: my_draws,
        dir: dir.to_path_buf(),
        files: written,
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// Header of `replications.csv`.
fn replications_header() -> String {
    format!(
        "replication,arm,month,{}\n",
        metrics::names().collect::<Vec<_>>().join(",")
    )
}

/// Runs the replications `mine` (in chunks, in parallel) and writes their
/// rows to `replications.csv` in order.
fn run_replications(
    exp: &Experiment,
    mine: &[u32],
    dir: &Path,
    threads: usize,
    progress: &dyn Progress,
) -> Result<PathBuf> {
    let pool = experiment::pool(threads)?;
    let groups = world_groups(exp);
    let chunk = experiment::replications_in_flight(exp, pool.current_num_threads()) as usize;
    let path = dir.join(REPLICATIONS);
    let mut f = AtomicFile::create(&path)?;
    let ctx = || format!("writing {}", path.display());
    f.write_all(replications_header().as_bytes()).ctx(ctx)?;
    progress.start(
        (mine.len() * exp.arms.len()) as u64 * exp.months() as u64,
        &exp.name,
    );
    for part in mine.chunks(chunk.max(1)) {
        let results: Vec<RepResult> = pool.install(|| {
            part.par_iter()
                .map(|&r| experiment::run_replication(exp, &groups, r, progress))
                .collect()
        });
        for res in results {
            f.write_all(replication_lines(&res).as_bytes()).ctx(ctx)?;
        }
    }
    progress.finish();
    f.commit()
}

/// The lines of one replication in `replications.csv`.
fn replication_lines(r: &RepResult) -> String {
    let mut s = String::new();
    for (a, rows) in r.arms.iter().enumerate() {
        for (m, row) in rows.iter().enumerate() {
            s.push_str(&format!("{},{a},{}", r.replication, m + 1));
            for x in row {
                s.push_str(&format!(",{x:?}"));
            }
            s.push('\n');
        }
    }
    s
}

/// Runs the draws of the shard and writes `draw_effects.csv`.
fn run_draws(
    exp: &Experiment,
    plan: &DrawPlan,
    shard: Shard,
    dir: &Path,
    threads: usize,
    progress: &dyn Progress,
) -> Result<PathBuf> {
    super::uncertainty::check_control(exp, plan)?;
    let (k, n) = ((shard.k - 1) as usize, shard.n as usize);
    let steps = shard.points(plan.values.len()).len() as u64
        * exp.arms.len() as u64
        * plan.replications as u64
        * exp.months() as u64;
    progress.start(steps, &format!("{}: parameter draws", exp.name));
    let de = experiment::pool(threads)?.install(|| unc::run_draws(exp, plan, (k, n), progress));
    progress.finish();
    let mut s = String::from("draw,arm,column,period,effect\n");
    let mut next = 0;
    for d in shard.points(plan.values.len()) {
        if de.valid.get(next) != Some(&d) {
            s.push_str(&format!("{d},,,,skipped\n"));
            continue;
        }
        for ((arm, column, period), v) in &de.effects {
            for text in [arm, column, period] {
                if text.contains([',', '\n', '"']) {
                    return Err(Error::Other(format!(
                        "the effect key {text:?} holds a comma, quote or newline; it cannot be written to {DRAW_EFFECTS}"
                    )));
                }
            }
            s.push_str(&format!("{d},{arm},{column},{period},{:?}\n", v[next]));
        }
        next += 1;
    }
    files::write_atomic(&dir.join(DRAW_EFFECTS), s.as_bytes())
}

// ---------------------------------------------------------------------------
// The merge.

/// A checked run shard folder.
struct RunShard {
    dir: PathBuf,
    head: RunShardHead,
}

/// What a run merge did.
#[derive(Debug, Clone)]
pub struct MergedRun {
    pub name: String,
    pub shards: usize,
    pub replications: u32,
    pub draws: usize,
    pub files: Vec<PathBuf>,
}

fn read_shard(dir: &Path) -> std::result::Result<RunShard, Issue> {
    let m: ShardManifest = Manifest::read(dir, "a run shard folder", "a berdaya run shard")
        .map_err(|e| {
            crate::shard::unreadable(
                dir,
                e,
                "run the same `berdaya run ... --shard K/N --out DIR --force` again",
            )
        })?;
    crate::shard::same_version(dir, m.head.shard.k, m.head.shard.n, &m.head.version)?;
    let s = &m.head.shard;
    if s.n == 0 || s.k == 0 || s.k > s.n || m.head.run_replications == 0 {
        return Err(problem(
            dir,
            format!(
                "its manifest says shard {}/{} of {} replications, which is not a shard; the folder was changed after it finished",
                s.k, s.n, m.head.run_replications
            ),
        ));
    }
    folder::verify(dir, &m.files)?;
    Ok(RunShard {
        dir: dir.to_path_buf(),
        head: m.head,
    })
}

/// The shards of one run: same target, flags, experiment, draws and N.
fn same_run(shards: &[RunShard]) -> Vec<Issue> {
    let first = &shards[0];
    let f = &first.head;
    let mut issues = Vec::new();
    for s in &shards[1..] {
        let h = &s.head;
        let mut why = Vec::new();
        if h.target != f.target || h.source_fnv1a != f.source_fnv1a {
            why.push(format!(
                "its target {} (FNV-1a {}) differs from {}'s {} ({})",
                h.target,
                h.source_fnv1a,
                first.dir.display(),
                f.target,
                f.source_fnv1a
            ));
        }
        if (h.seed, h.replications, h.months, &h.sets)
            != (f.seed, f.replications, f.months, &f.sets)
        {
            why.push(format!(
                "it was run with other flags (--seed, --replications, --months, --set, --draws) than {}",
                first.dir.display()
            ));
        }
        if why.is_empty()
            && (h.scenario_fnv1a != f.scenario_fnv1a || h.draws_fnv1a != f.draws_fnv1a)
        {
            why.push(format!(
                "its resolved experiment or draws differ from {}'s (a file it names changed between the shards)",
                first.dir.display()
            ));
        }
        if h.shard.n != f.shard.n {
            why.push(format!(
                "it is one of {} shards, {} is one of {}",
                h.shard.n,
                first.dir.display(),
                f.shard.n
            ));
        }
        if !why.is_empty() {
            issues.push(problem(
                &s.dir,
                format!("does not belong to the same run: {}", why.join("; ")),
            ));
        }
    }
    issues
}

/// Reads and checks the shard folders; every problem at once.
fn check(dirs: &[PathBuf]) -> Result<Vec<RunShard>> {
    let together = |shards: &[RunShard]| {
        let issues = same_run(shards);
        if !issues.is_empty() {
            return issues;
        }
        let ks: Vec<(&Path, u32)> = shards
            .iter()
            .map(|s| (s.dir.as_path(), s.head.shard.k))
            .collect();
        crate::shard::complete_set(&ks, shards[0].head.shard.n)
    };
    crate::shard::read_all(dirs, read_shard, together, |s| s.head.shard.k)
}

/// The experiment again, from the target and flags the shards recorded,
/// checked against their hashes.
fn resolve(first: &RunShard) -> Result<(Experiment, Option<DrawPlan>)> {
    let h = &first.head;
    let changed = |what: &str| {
        Error::Input(vec![problem(
            &first.dir,
            format!(
                "{what} is not what the shards ran with; merge with the files the shards read (run the merge from the folder the shards ran in, or give the shards absolute paths)"
            ),
        )])
    };
    let src = builtin::read_source(&h.target).map_err(|e| {
        Error::Input(vec![problem(
            &first.dir,
            format!(
                "the shards ran {}, which cannot be read here ({e}); run the merge from the folder the shards ran in, or give the shards an absolute path",
                h.target
            ),
        )])
    })?;
    if src.label != h.source_label || hex(fnv1a(src.text.as_bytes())) != h.source_fnv1a {
        return Err(changed(&format!("the target {} here", h.target)));
    }
    let flags = FlagOverrides {
        seed: h.seed,
        replications: h.replications,
        months: h.months,
        sets: h.sets.clone(),
    };
    let exp = load_experiment(&src, &flags)?;
    if hex(fnv1a(scenario_text(&exp).as_bytes())) != h.scenario_fnv1a {
        return Err(changed("the experiment as resolved here"));
    }
    let plan = unc::plan(&exp, &src.label, 0)?;
    if plan_hash(plan.as_ref()) != h.draws_fnv1a {
        return Err(changed("the parameter draws as planned here"));
    }
    Ok((exp, plan))
}

/// `berdaya merge` of run shards: checks them, then writes `out` as an
/// unsharded run would.
pub fn merge(
    dirs: &[PathBuf],
    out: &Path,
    force: bool,
    progress: &dyn Progress,
) -> Result<MergedRun> {
    let start = Instant::now();
    let shards = check(dirs)?;
    let dirs: Vec<&Path> = shards.iter().map(|s| s.dir.as_path()).collect();
    crate::shard::check_out(&dirs, out)?;
    let (exp, plan) = resolve(&shards[0])?;
    crate::shard::begin_merge(out, force)?;
    let mut written = vec![write_scenario(out, &exp)?];
    written.extend(merge_replications(&exp, &shards, out, progress)?);
    if let Some(plan) = &plan {
        let de = unc::collect(read_draws(&shards, plan.values.len())?);
        written.extend(super::uncertainty::write(&exp, plan, &de, out)?);
    }
    let made = Made {
        command_line: crate::shard::unsharded_command(&shards[0].head.command_line, out),
        threads: shards[0].head.threads,
        seconds_before: shards.iter().map(|s| s.head.wall_seconds).sum(),
    };
    let (files, _) = finish_folder(&exp, &made, out, written, start)?;
    Ok(MergedRun {
        name: exp.name.clone(),
        shards: shards.len(),
        replications: exp.replications(),
        draws: plan.map_or(0, |p| p.values.len()),
        files,
    })
}

/// Feeds every replication, in order, from its shard into the run's sink.
fn merge_replications(
    exp: &Experiment,
    shards: &[RunShard],
    out: &Path,
    progress: &dyn Progress,
) -> Result<Vec<PathBuf>> {
    let header = replications_header();
    let mut readers = Vec::with_capacity(shards.len());
    for s in shards {
        let path = s.dir.join(REPLICATIONS);
        let mut r = BufReader::with_capacity(
            1 << 16,
            std::fs::File::open(&path).ctx(|| format!("opening {}", path.display()))?,
        );
        let mut head = String::new();
        r.read_line(&mut head)
            .ctx(|| format!("reading {}", path.display()))?;
        if head != header {
            return Err(Error::Input(vec![problem(
                &s.dir,
                format!("{REPLICATIONS} does not start with this version's header"),
            )]));
        }
        readers.push((r, path, 1usize));
    }
    let mut sink = Sink::new(exp, out, false)?;
    let (arms, months) = (exp.arms.len(), exp.months() as usize);
    progress.start(exp.replications() as u64, &format!("{}: merging", exp.name));
    let mut line = String::new();
    for rep in 0..exp.replications() {
        let (r, path, lineno) = &mut readers[rep as usize % shards.len()];
        let mut rows: Vec<Vec<Row>> = vec![Vec::with_capacity(months); arms];
        for (a, arm_rows) in rows.iter_mut().enumerate() {
            for m in 0..months {
                line.clear();
                r.read_line(&mut line)
                    .ctx(|| format!("reading {}", path.display()))?;
                *lineno += 1;
                arm_rows.push(parse_row(&line, rep, a, m + 1).ok_or_else(|| {
                    Error::Input(vec![problem(
                        path,
                        format!(
                            "line {lineno}: expected replication {rep}, arm {a}, month {} and {N_METRICS} numbers; the shard folder was changed after it finished",
                            m + 1
                        ),
                    )])
                })?);
            }
        }
        sink.push(&RepResult {
            replication: rep,
            arms: rows,
            panel: vec![Vec::new(); arms],
        })?;
        progress.advance(1);
    }
    progress.finish();
    sink.finish(out)
}

/// One line of `replications.csv`, if it is the expected one.
fn parse_row(line: &str, rep: u32, arm: usize, month: usize) -> Option<Row> {
    let mut f = line.trim_end_matches('\n').split(',');
    let ok = f.next()?.parse::<u32>().ok()? == rep
        && f.next()?.parse::<usize>().ok()? == arm
        && f.next()?.parse::<usize>().ok()? == month;
    if !ok {
        return None;
    }
    let mut row: Row = [0.0; N_METRICS];
    for x in row.iter_mut() {
        *x = f.next()?.parse().ok()?;
    }
    f.next().is_none().then_some(row)
}

/// Every draw's effects from its shard, in draw order.
fn read_draws(shards: &[RunShard], draws: usize) -> Result<Vec<(usize, DrawResult)>> {
    let mut all: Vec<Option<DrawResult>> = vec![None; draws];
    for s in shards {
        let path = s.dir.join(DRAW_EFFECTS);
        let text = std::fs::read_to_string(&path).ctx(|| format!("reading {}", path.display()))?;
        let bad = |i: usize| {
            Error::Input(vec![problem(
                &path,
                format!(
                    "line {}: expected draw,arm,column,period,effect; the shard folder was changed after it finished",
                    i + 1
                ),
            )])
        };
        for (i, l) in text.lines().enumerate().skip(1) {
            let f: Vec<&str> = l.split(',').collect();
            let d = f
                .first()
                .and_then(|d| d.parse::<usize>().ok())
                .filter(|&d| d < draws);
            let (Some(d), 5) = (d, f.len()) else {
                return Err(bad(i));
            };
            if d % shards.len() != (s.head.shard.k - 1) as usize {
                return Err(bad(i));
            }
            if f[4] == "skipped" {
                all[d] = Some(None);
                continue;
            }
            let v: f64 = f[4].parse().map_err(|_| bad(i))?;
            let key = (f[1].to_string(), f[2].to_string(), f[3].to_string());
            match &mut all[d] {
                Some(Some(rows)) => rows.push((key, v)),
                Some(None) => return Err(bad(i)),
                slot @ None => *slot = Some(Some(vec![(key, v)])),
            }
        }
    }
    all.into_iter()
        .enumerate()
        .map(|(d, r)| {
            r.map(|r| (d, r)).ok_or_else(|| {
                Error::Input(vec![problem(
                    Path::new("berdaya merge"),
                    format!("draw {d} is in no shard's {DRAW_EFFECTS}; the shard folders were changed after they finished"),
                )])
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Slurm.

/// Scripts written by `--emit-slurm` (a run's or a calibration's).
#[derive(Debug, Clone)]
pub struct Emitted {
    /// The scripts' folder (absolute).
    pub dir: PathBuf,
    pub files: Vec<PathBuf>,
    /// Where the last merge job writes (absolute).
    pub out: PathBuf,
    pub name: String,
    /// The work units, in words ("8 replications and 20 parameter draws").
    pub units: String,
    pub shards: u32,
    /// `bash '/abs/dir/submit.sh'`, quoted for a shell.
    pub submit: String,
    /// Notices to read before submitting (a task may need more memory than
    /// `--mem`).
    pub notes: Vec<String>,
}

/// Bytes of an sbatch `--mem` value (`500M`, `4G`, `1T`, a plain number
/// is megabytes); `None` when it is not one of those.
fn mem_bytes(mem: &str) -> Option<u64> {
    let (num, unit) = match mem.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((i, _)) => (&mem[..i], &mem[i..]),
        None => (mem, "M"),
    };
    let n: f64 = num.parse().ok()?;
    let scale = match unit.to_ascii_uppercase().as_str() {
        "K" | "KB" => 1u64 << 10,
        "M" | "MB" => 1 << 20,
        "G" | "GB" => 1 << 30,
        "T" | "TB" => 1 << 40,
        _ => return None,
    };
    Some((n * scale as f64) as u64)
}

/// A notice when one task of the array needs more memory than `--mem`.
fn memory_note(exp: &Experiment, opts: &SlurmOptions) -> Option<String> {
    // a task runs its share of the replications (and draws of their own size)
    let mut e = exp.clone();
    let share = exp.replications().div_ceil(opts.shards).max(1);
    e.base.replications = share;
    for a in &mut e.arms {
        a.scenario.replications = share;
    }
    let need = experiment::footprint(&e, opts.cpus_per_task as usize).bytes;
    let have = mem_bytes(&opts.mem)?;
    let gib = |b: u64| b as f64 / (1u64 << 30) as f64;
    (need > have).then(|| {
        format!(
            "note: each task needs about {:.1} GiB of memory on {} threads (berdaya run --dry-run prints the estimate), more than --mem {}; raise --mem before submitting, or the tasks will be killed",
            gib(need),
            opts.cpus_per_task,
            opts.mem
        )
    })
}

/// The options of the scripts from the command's request.
pub(crate) fn slurm_options(s: &super::sweep::SlurmRequest) -> SlurmOptions {
    SlurmOptions {
        dir: s.dir.clone(),
        shards: s.shards,
        cpus_per_task: s.cpus_per_task,
        mem: s.mem.clone(),
        time: s.time.clone(),
        partition: s.partition.clone(),
    }
}

/// The target as the scripts name it: a built-in by its name, a file by
/// its absolute path.
pub(crate) fn script_target(target: &str) -> Result<String> {
    if builtin::get(target).is_some() {
        return Ok(target.to_string());
    }
    let p = Path::new(target);
    slurm::check_path("the target", p)?;
    let abs = p.canonicalize().ctx(|| format!("resolving {target}"))?;
    slurm::check_path("the target", &abs)?;
    Ok(abs.display().to_string())
}

/// `--seed`, `--replications`, `--months` and every `--set`, quoted.
pub(crate) fn flag_words(flags: &FlagOverrides) -> Result<String> {
    let mut s = String::new();
    for (flag, v) in [
        ("--seed", flags.seed.map(|x| x.to_string())),
        ("--replications", flags.replications.map(|x| x.to_string())),
        ("--months", flags.months.map(|x| x.to_string())),
    ] {
        if let Some(v) = v {
            s.push_str(&format!(" {flag} {v}"));
        }
    }
    for set in &flags.sets {
        slurm::check_text("--set", set)?;
        s.push_str(&format!(" --set {}", sh_quote(set)));
    }
    Ok(s)
}

/// The merge job's lines: the stage's shard folders into `out` (a shell
/// word, quoted).
pub(crate) fn merge_lines(shards: &str, n: u32, out: &str, force: bool) -> String {
    format!(
        "dirs=()\nfor k in $(seq 1 {n}); do dirs+=(\"{shards}/shard-$k\"); done\nexec \"$BERDAYA\" merge \"${{dirs[@]}}\" --out {out} --threads \"${{SLURM_CPUS_PER_TASK:-1}}\" --quiet{}\n",
        if force { " --force" } else { "" }
    )
}

/// `berdaya run TARGET --emit-slurm DIR`: one job array of shards and its
/// merge job.
pub(crate) fn emit(
    req: &RunRequest,
    exp: &Experiment,
    plan: Option<&DrawPlan>,
    s: &super::sweep::SlurmRequest,
) -> Result<Emitted> {
    let opts = slurm_options(s);
    let reps = exp.replications() as usize;
    let draws = plan.map_or(0, |p| p.values.len());
    slurm::check_options(&opts, reps.max(draws), "replication or draw")?;
    if req.households.is_some() {
        return Err(Error::Usage(
            "--households cannot be combined with --emit-slurm: a merged run does not carry the household panel".into(),
        ));
    }
    if let Some(plan) = plan {
        super::uncertainty::check_control(exp, plan)?;
    }
    let target = script_target(req.target.as_deref().unwrap_or("strategies"))?;
    let out = req
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("output").join(&exp.name));
    let p = slurm::prepare(&opts, &[], &out, req.force)?;
    let n = opts.shards;
    let flags = flag_words(&req.flags)?;
    let units = if draws > 0 {
        format!("{reps} replications and {draws} parameter draws")
    } else {
        format!("{reps} replications")
    };
    let stage = Stage {
        suffix: String::new(),
        array_about: format!(
            "# Task K of the array runs shard K/{n}: replications and draws K-1, K-1+{n}, … (0-based)\n# into $SHARDS/shard-K; a requeued task starts its shard over (--force).\n"
        ),
        array_run: format!(
            "exec \"$BERDAYA\" run \"$TARGET\" --shard \"$K/{n}\" --out \"$SHARDS/shard-$K\" --threads \"${{SLURM_CPUS_PER_TASK:-1}}\"{flags} --quiet --force\n"
        ),
        merge_about: format!(
            "# Merges the {n} shard folders into $OUT, the run folder an unsharded run writes;\n# submit.sh queues it after the array (afterok).\n"
        ),
        merge_run: merge_lines("$SHARDS", n, "\"$OUT\"", req.force),
    };
    let scripts = Scripts {
        opts: &opts,
        name: &exp.name,
        about: format!(
            "# berdaya {}: run of \"{}\", {units}, in {n} shards.\n",
            env!("CARGO_PKG_VERSION"),
            exp.name
        ),
        vars: vec![
            ("BERDAYA", p.exe.display().to_string()),
            ("TARGET", target),
            ("SHARDS", p.dir.display().to_string()),
            ("OUT", p.out.display().to_string()),
        ],
        stages: vec![stage],
        summary: format!(
            "run {} ({n} shards) submitted -> {}",
            exp.name,
            p.out.display()
        ),
    };
    let files = slurm::write(&p.dir, &scripts)?;
    Ok(Emitted {
        submit: sh_quote(&p.dir.join("submit.sh").display().to_string()),
        dir: p.dir,
        files,
        out: p.out,
        name: exp.name.clone(),
        units,
        shards: n,
        notes: memory_note(exp, &opts).into_iter().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::mem_bytes;

    #[test]
    fn sbatch_memory_values_are_read() {
        assert_eq!(mem_bytes("2G"), Some(2 << 30));
        assert_eq!(mem_bytes("500M"), Some(500 << 20));
        assert_eq!(mem_bytes("16000"), Some(16000 << 20));
        assert_eq!(mem_bytes("1.5T"), Some(3 << 39));
        assert_eq!(mem_bytes("lots"), None);
    }
}
