//! Running a sweep: points in parallel, results streamed to disk in point
//! order, a journal that makes a killed sweep resumable, and shards.
//!
//! **Streaming.** `threads` worker threads take points in order from a shared
//! counter; each runs its point's replications on the rayon pool (so the
//! replications, arms and villages of one point also run in parallel). The
//! main thread receives finished points, holds the few that finish out of
//! order, and appends each point's rows to `.results.csv.partial` as soon as
//! all earlier points are written. Workers never run more than a small window
//! ahead of the writer, so memory does not grow with the number of points.
//!
//! **Journal.** After each batch of points the results file is synced
//! (`fdatasync`), then one line per point is appended to `journal.jsonl`
//! — `{"point":P,"bytes":B}`, B the length of the results file after the
//! point — and the journal is synced. A point is finished exactly when its
//! journal line exists; the data it refers to is on disk before the line is.
//! The journal's first line names the tool version, the sweep file and base
//! hashes, the shard and the number of points.
//!
//! **Resume.** `--resume` reads the journal, drops a torn last line,
//! truncates the results file to the last journaled length (removing the
//! rows of a point that was being written when the process died) and runs the
//! points after the last journaled one. Every point's bytes depend only on
//! the point (its values, the base, the seed and the replication), so the
//! final files are the bytes of an uninterrupted run. `--resume` on a missing
//! or empty folder simply starts, so a requeued Slurm task can always pass it.
//!
//! **Shards.** `--shard K/N` runs points K, K+N, K+2N, … (1-based) and writes
//! a shard folder: `points.csv` (all points), `results.csv` (its points, in
//! order), `journal.jsonl`, `scenario.toml` and `manifest.json` (written
//! last, with the shard's place). `berdaya merge` joins the shards.

use super::Shard;
use super::design::Plan;
use super::file::Sweep;
use super::folder::{self, JOURNAL, MANIFEST, POINTS, RESULTS, SCENARIO};
use crate::error::{Error, IoContext, Result};
use crate::experiment::{RepResult, run_replication, world_groups};
use crate::output::files::{self, num, write_atomic};
use crate::progress::Progress;
use crate::scenario::experiment::to_resolved_toml;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

/// How a sweep's points are run into a folder: all of them or one shard's,
/// from scratch or resumed.
#[derive(Debug, Clone, Copy, Default)]
pub struct PointsOptions {
    pub shard: Option<Shard>,
    pub resume: bool,
    pub force: bool,
}

/// What [`run`] did.
#[derive(Debug, Clone)]
pub struct PointsRun {
    /// Points of this run (all, or the shard's).
    pub points: usize,
    /// Points already done by an earlier, killed run (`--resume`).
    pub skipped: usize,
    /// A shard's files, its manifest last; `None` for a whole sweep, whose
    /// reports are still to be written ([`super::report::finish`]).
    pub shard_files: Option<Vec<PathBuf>>,
}

/// The first line of `journal.jsonl`: what the folder belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalHeader {
    pub journal: String,
    pub version: String,
    pub sweep_file_fnv1a: String,
    pub base_fnv1a: String,
    pub shard: Option<Shard>,
    pub points: usize,
}

impl JournalHeader {
    pub fn new(plan: &Plan, shard: Option<Shard>) -> Self {
        JournalHeader {
            journal: "berdaya sweep".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            sweep_file_fnv1a: plan.sweep_file_fnv1a.clone(),
            base_fnv1a: plan.base_fnv1a.clone(),
            shard,
            points: plan.points,
        }
    }
    pub fn line(&self) -> String {
        format!(
            "{}\n",
            serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
        )
    }
}

/// One finished point: its 1-based id, the results file's length after it
/// and the FNV-1a hash of its rows (checked on resume and merge: a changed
/// byte is found, not carried on).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JournalEntry {
    pub point: usize,
    pub bytes: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fnv1a: Option<String>,
}

impl JournalEntry {
    /// The entry of a point whose rows are `rows`, ending at byte `bytes`.
    pub fn of(point: usize, bytes: u64, rows: &[u8]) -> Self {
        JournalEntry {
            point,
            bytes,
            fnv1a: Some(super::hex(super::fnv1a(rows))),
        }
    }
    pub fn line(&self) -> String {
        match &self.fnv1a {
            Some(h) => format!(
                "{{\"point\":{},\"bytes\":{},\"fnv1a\":\"{h}\"}}\n",
                self.point, self.bytes
            ),
            None => format!("{{\"point\":{},\"bytes\":{}}}\n", self.point, self.bytes),
        }
    }
}

/// A journal as read back: header, entries and the length of its valid part.
#[derive(Debug, Clone)]
pub struct Journal {
    pub header: JournalHeader,
    pub entries: Vec<JournalEntry>,
    /// Bytes of the journal up to the end of its last complete line.
    pub valid_len: u64,
}

/// Reads a journal, ignoring a torn last line (a line without its newline,
/// or a last line that is not JSON: the process died while writing it). A
/// damaged line anywhere else is refused: it is not the journal's end.
pub fn read_journal(path: &Path) -> Result<Journal> {
    let mut bytes = Vec::new();
    files::open_read(path)?
        .read_to_end(&mut bytes)
        .ctx(|| format!("reading {}", path.display()))?;
    // a torn write may end inside a character: only the valid part counts
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t.to_string(),
        Err(e) => String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned(),
    };
    let damaged = |why: &str| {
        Error::Usage(format!(
            "{} is not a berdaya sweep journal ({why}); the folder cannot be resumed. Run again without --resume (with --force to overwrite it)",
            path.display()
        ))
    };
    let mut pos = 0usize;
    let mut lines = Vec::new();
    for piece in text.split_inclusive('\n') {
        if !piece.ends_with('\n') {
            break;
        }
        pos += piece.len();
        lines.push((piece.trim_end(), pos));
    }
    let Some(((first, first_end), rest)) = lines.split_first() else {
        return Err(damaged("it has no header line"));
    };
    let header: JournalHeader =
        serde_json::from_str(first).map_err(|_| damaged("the first line is not its header"))?;
    let mut entries = Vec::new();
    let mut valid_len = *first_end as u64;
    for (n, (line, end)) in rest.iter().enumerate() {
        match serde_json::from_str::<JournalEntry>(line) {
            Ok(e) => {
                entries.push(e);
                valid_len = *end as u64;
            }
            Err(_) if n + 1 == rest.len() => break,
            Err(_) => {
                return Err(damaged(&format!(
                    "line {} is damaged and is not its last line",
                    n + 2
                )));
            }
        }
    }
    Ok(Journal {
        header,
        entries,
        valid_len,
    })
}

/// Where a run starts from.
struct Start {
    results: File,
    journal: File,
    /// Points of the shard already finished.
    done: usize,
    bytes: u64,
    /// The results are already complete under their final name.
    complete: bool,
}

/// Runs the points of a sweep (or of one shard) into `dir` on `pool`:
/// `scenario.toml`, `points.csv`, `results.csv` with its journal, and for a
/// shard its manifest. A whole sweep's reports are [`super::report::finish`]'s.
pub fn run(
    sweep: &Sweep,
    dir: &Path,
    opts: &PointsOptions,
    pool: &rayon::ThreadPool,
    progress: &dyn Progress,
) -> Result<PointsRun> {
    let plan = &sweep.plan;
    let todo: Vec<usize> = match opts.shard {
        Some(s) => s.points(plan.points),
        None => (0..plan.points).collect(),
    };
    let header = JournalHeader::new(plan, opts.shard);
    let mut start = open(dir, plan, &header, &todo, opts)?;

    let version = env!("CARGO_PKG_VERSION");
    let note = format!(
        "berdaya {version}: the base of sweep \"{}\" as resolved (every default written out), before each point's values are applied to every arm.",
        plan.name
    );
    write_atomic(
        &dir.join(SCENARIO),
        to_resolved_toml(&sweep.base, &note).as_bytes(),
    )?;
    write_atomic(&dir.join(POINTS), plan.points_csv(&sweep.points).as_bytes())?;

    let skipped = start.done;
    if !start.complete {
        run_points(sweep, &todo[start.done..], &mut start, pool, progress)?;
        start.results.sync_all().ctx(|| "syncing results".into())?;
        let partial = files::temp_path(&dir.join(RESULTS));
        fs::rename(&partial, dir.join(RESULTS))
            .ctx(|| format!("renaming {} to {RESULTS}", partial.display()))?;
        files::sync_dir(dir);
    }
    drop(start);

    let shard_files = match opts.shard {
        Some(shard) => {
            let names = [POINTS, RESULTS, SCENARIO, JOURNAL];
            let mut paths: Vec<PathBuf> = names.iter().map(|n| dir.join(n)).collect();
            let manifest = folder::write_manifest(
                plan,
                Some(folder::ShardInfo::new(shard, todo.len())),
                dir,
                &paths,
            )?;
            paths.push(manifest);
            Some(paths)
        }
        None => None,
    };
    Ok(PointsRun {
        points: todo.len(),
        skipped,
        shard_files,
    })
}

fn is_empty_dir(dir: &Path) -> Result<bool> {
    if !dir.exists() {
        return Ok(true);
    }
    Ok(fs::read_dir(dir)
        .ctx(|| format!("reading {}", dir.display()))?
        .next()
        .is_none())
}

/// Prepares the folder: fresh (refusing a non-empty folder without
/// `--force`) or resumed from its journal.
fn open(
    dir: &Path,
    plan: &Plan,
    header: &JournalHeader,
    todo: &[usize],
    opts: &PointsOptions,
) -> Result<Start> {
    let journal_path = dir.join(JOURNAL);
    let partial = files::temp_path(&dir.join(RESULTS));
    let results_header = plan.results_header();
    if opts.resume && fs::symlink_metadata(&journal_path).is_ok() {
        // temporaries of the killed run (its charts', its reports'); the
        // partial results are the resume's
        let keep = format!(".{RESULTS}.partial");
        files::remove_stale_temps(dir, &[keep.as_str()]);
        return resume(dir, header, todo, &results_header);
    }
    if opts.resume && !is_empty_dir(dir)? {
        return Err(Error::Usage(format!(
            "--resume: {} holds no {JOURNAL}, so it is not a sweep folder that can be resumed; nothing was written. Run without --resume (with --force to write into it), or choose another --out",
            dir.display()
        )));
    }
    files::prepare_dir(dir, opts.force || opts.resume)?;
    // A folder reused with --force must not look finished before it is.
    for stale in [MANIFEST, RESULTS] {
        let p = dir.join(stale);
        if fs::symlink_metadata(&p).is_ok() {
            fs::remove_file(&p).ctx(|| format!("removing {}", p.display()))?;
        }
    }
    files::remove_stale_temps(dir, &[]);
    let mut results = files::create_new(&partial)?;
    results
        .write_all(results_header.as_bytes())
        .ctx(|| format!("writing {}", partial.display()))?;
    results
        .sync_all()
        .ctx(|| format!("syncing {}", partial.display()))?;
    let mut journal = files::create_new(&journal_path)?;
    journal
        .write_all(header.line().as_bytes())
        .ctx(|| format!("writing {}", journal_path.display()))?;
    journal
        .sync_all()
        .ctx(|| format!("syncing {}", journal_path.display()))?;
    files::sync_dir(dir);
    Ok(Start {
        results,
        journal,
        done: 0,
        bytes: results_header.len() as u64,
        complete: false,
    })
}

/// The error for a folder whose journal belongs to another sweep.
fn another_sweep(dir: &Path, found: &JournalHeader, header: &JournalHeader) -> Error {
    let mut diffs = Vec::new();
    if found.version != header.version {
        diffs.push(format!(
            "it was started by berdaya {}, this is {}",
            found.version, header.version
        ));
    }
    if found.sweep_file_fnv1a != header.sweep_file_fnv1a {
        diffs.push("the sweep file has changed since".into());
    }
    if found.base_fnv1a != header.base_fnv1a {
        diffs.push("the base scenario has changed since".into());
    }
    if found.shard != header.shard {
        let show =
            |s: Option<Shard>| s.map_or("the whole sweep".to_string(), |s| format!("shard {s}"));
        diffs.push(format!(
            "it holds {}, not {}",
            show(found.shard),
            show(header.shard)
        ));
    }
    if diffs.is_empty() {
        diffs.push("its journal header differs".into());
    }
    Error::Usage(format!(
        "--resume: {} belongs to another sweep: {}. Nothing was written; run without --resume into a new folder (or --force to overwrite)",
        dir.display(),
        diffs.join("; ")
    ))
}

/// Reopens the partial results of a killed run: its header checked (or
/// rewritten if no point was done), truncated to the last journaled point.
fn reopen_results(
    partial: &Path,
    results_header: &str,
    done: usize,
    last: u64,
    damaged: &dyn Fn(String) -> Error,
) -> Result<File> {
    let mut results = if fs::symlink_metadata(partial).is_ok() {
        files::open_existing(partial)?
    } else {
        files::create_new(partial)?
    };
    let len = results
        .metadata()
        .ctx(|| format!("reading {}", partial.display()))?
        .len();
    if len < last {
        return Err(damaged(format!(
            "{} has {len} bytes but the journal records {last}",
            partial.display()
        )));
    }
    let mut head = vec![0u8; results_header.len()];
    let head_ok = results.read_exact(&mut head).is_ok() && head == results_header.as_bytes();
    if !head_ok {
        if done > 0 {
            return Err(damaged(
                "the results file does not start with its header".into(),
            ));
        }
        results
            .set_len(0)
            .ctx(|| format!("truncating {}", partial.display()))?;
        results.seek(SeekFrom::Start(0)).ctx(|| "seeking".into())?;
        results
            .write_all(results_header.as_bytes())
            .ctx(|| format!("writing {}", partial.display()))?;
    }
    results
        .set_len(last)
        .ctx(|| format!("truncating {}", partial.display()))?;
    results
        .seek(SeekFrom::End(0))
        .ctx(|| format!("seeking {}", partial.display()))?;
    results
        .sync_all()
        .ctx(|| format!("syncing {}", partial.display()))?;
    Ok(results)
}

fn resume(
    dir: &Path,
    header: &JournalHeader,
    todo: &[usize],
    results_header: &str,
) -> Result<Start> {
    let journal_path = dir.join(JOURNAL);
    let j = read_journal(&journal_path)?;
    if j.header != *header {
        return Err(another_sweep(dir, &j.header, header));
    }
    let damaged = |why: String| {
        Error::Usage(format!(
            "--resume: the journal of {} does not match its results ({why}); the folder cannot be resumed. Run again without --resume (--force to overwrite)",
            dir.display()
        ))
    };
    let mut last = results_header.len() as u64;
    for (n, e) in j.entries.iter().enumerate() {
        if todo.get(n).map(|&i| i + 1) != Some(e.point) || e.bytes < last {
            return Err(damaged(format!(
                "entry {} is point {} at byte {}",
                n + 1,
                e.point,
                e.bytes
            )));
        }
        last = e.bytes;
    }
    let done = j.entries.len();
    let final_path = dir.join(RESULTS);
    let partial = files::temp_path(&final_path);
    let mut journal = files::open_existing(&journal_path)?;
    journal
        .set_len(j.valid_len)
        .ctx(|| format!("truncating {}", journal_path.display()))?;
    journal
        .seek(SeekFrom::End(0))
        .ctx(|| format!("seeking {}", journal_path.display()))?;
    if !partial.exists() && final_path.is_file() {
        // Killed after the results were complete: only the reports are missing.
        let len = fs::metadata(&final_path)
            .ctx(|| format!("reading {}", final_path.display()))?
            .len();
        if done != todo.len() || len != last {
            return Err(damaged(format!(
                "{RESULTS} has {len} bytes, the journal {last}"
            )));
        }
        verify_rows(&final_path, results_header.len() as u64, &j.entries).map_err(&damaged)?;
        let results = files::open_read(&final_path)?;
        return Ok(Start {
            results,
            journal,
            done,
            bytes: last,
            complete: true,
        });
    }
    let results = reopen_results(&partial, results_header, done, last, &damaged)?;
    verify_rows(&partial, results_header.len() as u64, &j.entries).map_err(&damaged)?;
    Ok(Start {
        results,
        journal,
        done,
        bytes: last,
        complete: false,
    })
}

/// Checks a results file against its journal: every entry ends a row (the
/// byte before its end is a newline) and the rows of every point have the
/// hash the journal records. A lowered `bytes` or a changed byte is found
/// here, before anything is truncated or appended.
fn verify_rows(
    path: &Path,
    header_len: u64,
    entries: &[JournalEntry],
) -> std::result::Result<(), String> {
    let file = files::open_read(path).map_err(|e| e.to_string())?;
    let mut r = std::io::BufReader::with_capacity(1 << 16, file);
    let mut head = vec![0u8; header_len as usize];
    r.read_exact(&mut head)
        .map_err(|e| format!("reading {}: {e}", path.display()))?;
    let mut last = header_len;
    let mut buf = Vec::new();
    for (n, e) in entries.iter().enumerate() {
        let len = e.bytes.saturating_sub(last);
        buf.clear();
        (&mut r)
            .take(len)
            .read_to_end(&mut buf)
            .map_err(|err| format!("reading {}: {err}", path.display()))?;
        if (buf.len() as u64) < len {
            return Err(format!(
                "{} ends at byte {}, before point {} ends",
                path.display(),
                last + buf.len() as u64,
                e.point
            ));
        }
        if buf.last().is_some_and(|&b| b != b'\n') {
            return Err(format!(
                "entry {} (point {}) ends at byte {}, inside a row",
                n + 1,
                e.point,
                e.bytes
            ));
        }
        if let Some(h) = &e.fnv1a
            && *h != super::hex(super::fnv1a(&buf))
        {
            return Err(format!(
                "the rows of point {} do not have the hash its journal entry records: the file was changed or damaged",
                e.point
            ));
        }
        last = e.bytes;
    }
    Ok(())
}

/// The CSV rows of one point: every arm, replication and recorded month.
pub fn point_rows(sweep: &Sweep, i: usize, reps: &[RepResult]) -> Vec<u8> {
    let plan = &sweep.plan;
    let mut prefix = (i + 1).to_string();
    for v in sweep.points.get(i) {
        prefix.push(',');
        prefix.push_str(&v.csv());
    }
    let cols = plan.metric_columns();
    let mut out = String::with_capacity(
        plan.arms.len() * reps.len() * plan.at_months.len() * (prefix.len() + 24 * cols.len()),
    );
    for (a, arm) in plan.arms.iter().enumerate() {
        for rep in reps {
            for &m in &plan.at_months {
                let Some(row) = rep.arms.get(a).and_then(|rows| rows.get(m as usize - 1)) else {
                    continue;
                };
                out.push_str(&prefix);
                out.push(',');
                out.push_str(arm);
                out.push(',');
                out.push_str(&(rep.replication + 1).to_string());
                out.push(',');
                out.push_str(&m.to_string());
                for &c in &cols {
                    out.push(',');
                    out.push_str(&num(row[c]));
                }
                out.push('\n');
            }
        }
    }
    out.into_bytes()
}

/// Runs one point: every replication (in parallel on the current pool).
fn run_point(sweep: &Sweep, i: usize, progress: &dyn Progress) -> Result<Vec<u8>> {
    let exp = sweep.experiment(i).map_err(Error::Input)?;
    let groups = world_groups(&exp);
    let reps: Vec<RepResult> = (0..sweep.plan.replications)
        .into_par_iter()
        .map(|r| run_replication(&exp, &groups, r, progress))
        .collect();
    Ok(point_rows(sweep, i, &reps))
}

/// Runs `todo` (0-based point indices, in order) and appends their rows.
fn run_points(
    sweep: &Sweep,
    todo: &[usize],
    start: &mut Start,
    pool: &rayon::ThreadPool,
    progress: &dyn Progress,
) -> Result<()> {
    if todo.is_empty() {
        return Ok(());
    }
    let workers = pool.current_num_threads().min(todo.len()).max(1);
    let plan = &sweep.plan;
    let ticks =
        todo.len() as u64 * plan.replications as u64 * plan.arms.len() as u64 * plan.months as u64;
    progress.start(ticks, &format!("{}: 0/{} points", plan.name, todo.len()));
    let sched = Schedule {
        next: AtomicUsize::new(0),
        abort: AtomicBool::new(false),
        written: (Mutex::new(0usize), Condvar::new()),
        window: 4 * workers + 8,
    };
    let (tx, rx) = mpsc::channel::<(usize, Result<Vec<u8>>)>();
    let mut failure: Option<Error> = None;
    std::thread::scope(|s| {
        for _ in 0..workers {
            let tx = tx.clone();
            let sched = &sched;
            s.spawn(move || sched.work(sweep, todo, pool, progress, &tx));
        }
        drop(tx);
        failure = write_in_order(sweep, todo, start, &sched, &rx, progress).err();
        if failure.is_some() {
            sched.abort.store(true, Ordering::SeqCst);
            sched.written.1.notify_all();
        }
        drop(rx);
    });
    progress.finish();
    match failure {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Shared between the workers and the writer.
struct Schedule {
    /// The next entry of `todo` to take.
    next: AtomicUsize,
    /// Set when the writer fails: workers stop.
    abort: AtomicBool,
    /// Entries of `todo` written so far, and a wake-up for waiting workers.
    written: (Mutex<usize>, Condvar),
    /// Workers stay this many points ahead of the writer at most.
    window: usize,
}

impl Schedule {
    /// A worker: takes the next point, runs it, sends its rows.
    fn work(
        &self,
        sweep: &Sweep,
        todo: &[usize],
        pool: &rayon::ThreadPool,
        progress: &dyn Progress,
        tx: &mpsc::Sender<(usize, Result<Vec<u8>>)>,
    ) {
        loop {
            if self.abort.load(Ordering::SeqCst) {
                break;
            }
            let j = self.next.fetch_add(1, Ordering::SeqCst);
            if j >= todo.len() {
                break;
            }
            {
                // Stay within a window of the writer: memory stays
                // flat even if one point is much slower than others.
                let (lock, cv) = &self.written;
                let mut w = lock.lock().unwrap_or_else(|e| e.into_inner());
                while j >= *w + self.window && !self.abort.load(Ordering::SeqCst) {
                    w = cv.wait(w).unwrap_or_else(|e| e.into_inner());
                }
            }
            if self.abort.load(Ordering::SeqCst) {
                break;
            }
            let res = pool.install(|| run_point(sweep, todo[j], progress));
            if tx.send((j, res)).is_err() {
                break;
            }
        }
    }
}

/// The writer: receives points in any order, appends them in `todo` order,
/// then the journal lines that point at them.
fn write_in_order(
    sweep: &Sweep,
    todo: &[usize],
    start: &mut Start,
    sched: &Schedule,
    rx: &mpsc::Receiver<(usize, Result<Vec<u8>>)>,
    progress: &dyn Progress,
) -> Result<()> {
    let mut pending: BTreeMap<usize, Vec<u8>> = BTreeMap::new();
    let mut next_write = 0usize;
    let mut batch = String::new();
    while let Ok(first) = rx.recv() {
        let mut incoming = vec![first];
        incoming.extend(rx.try_iter());
        for (j, res) in incoming {
            pending.insert(j, res?);
        }
        while let Some(bytes) = pending.remove(&next_write) {
            append(start, &bytes, todo[next_write] + 1, &mut batch)?;
            next_write += 1;
        }
        if !batch.is_empty() {
            commit_batch(start, &batch)?;
            batch.clear();
            let (lock, cv) = &sched.written;
            *lock.lock().unwrap_or_else(|e| e.into_inner()) = next_write;
            cv.notify_all();
            progress.set_message(&format!(
                "{}: {next_write}/{} points",
                sweep.plan.name,
                todo.len()
            ));
        }
    }
    Ok(())
}

/// Appends one point's rows (1-based `point`) and its journal line to `batch`.
fn append(start: &mut Start, bytes: &[u8], point: usize, batch: &mut String) -> Result<()> {
    start
        .results
        .write_all(bytes)
        .ctx(|| "writing results".into())?;
    start.bytes += bytes.len() as u64;
    start.done += 1;
    batch.push_str(&JournalEntry::of(point, start.bytes, bytes).line());
    Ok(())
}

/// Data first, then the journal lines that point at it, each fsync'd.
fn commit_batch(start: &mut Start, batch: &str) -> Result<()> {
    start.results.sync_data().ctx(|| "syncing results".into())?;
    start
        .journal
        .write_all(batch.as_bytes())
        .ctx(|| "writing the journal".into())?;
    start
        .journal
        .sync_data()
        .ctx(|| "syncing the journal".into())
}
