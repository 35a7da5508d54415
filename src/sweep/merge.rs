//! `berdaya merge DIR… --out DIR`: shard folders back into one sweep folder,
//! byte-identical to the unsharded run.
//!
//! The shards must belong together: every folder complete (its manifest is
//! written last; its journal lists all its points; `results.csv` has the
//! journaled length and the manifest's hash), made by this version of
//! berdaya from the same sweep file and base (same FNV-1a hashes, same plan),
//! and shards 1..N each present exactly once. Every problem is reported at
//! once, and nothing is written unless all is well.
//!
//! Shard K holds points K, K+N, …, so point P is in shard (P−1) mod N + 1.
//! The journals give each point's byte range in its shard's `results.csv`;
//! the merged file is the header followed by those ranges in point order,
//! streamed (memory does not grow with the sweep). The merged journal,
//! `points.csv` and `scenario.toml` are the unsharded run's; the reports are
//! then computed from the merged `results.csv` by the same code as a single
//! run ([`super::report::finish`]).

use super::design::Plan;
use super::folder::{JOURNAL, POINTS, RESULTS, SCENARIO, SweepManifest, read_manifest};
use super::run::{JournalEntry, JournalHeader, read_journal};
use super::{FNV_OFFSET, fnv1a, fnv1a_update, hex};
use crate::error::{Error, IoContext, Result};
use crate::output::files::{AtomicFile, write_atomic};
use crate::scenario::load::{Issue, Origin};
use crate::shard::problem;
use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};

struct ShardFolder {
    dir: PathBuf,
    manifest: SweepManifest,
    entries: Vec<JournalEntry>,
}

/// Reads and checks the shard folders; all problems at once.
fn check(dirs: &[PathBuf]) -> Result<Vec<ShardFolder>> {
    let together = |shards: &[ShardFolder]| {
        let issues = same_sweep(shards);
        if issues.is_empty() {
            complete_set(shards)
        } else {
            issues
        }
    };
    crate::shard::read_all(dirs, read_shard, together, |s| {
        s.manifest.head.shard.as_ref().map_or(0, |i| i.k)
    })
}

/// One shard folder: a finished shard of this version, its journal
/// complete, its results the size its journal and manifest record.
fn read_shard(dir: &Path) -> std::result::Result<ShardFolder, Issue> {
    if !dir.is_dir() {
        return Err(problem(dir, "no such folder"));
    }
    let manifest = read_manifest(dir).map_err(|e| {
        crate::shard::unreadable(
            dir,
            e,
            "`berdaya sweep FILE --shard K/N --out DIR --resume` finishes it",
        )
    })?;
    if manifest.head.kind != "sweep" {
        return Err(problem(dir, "its manifest is not a sweep's"));
    }
    let Some(info) = &manifest.head.shard else {
        return Err(problem(
            dir,
            "this is a complete sweep folder, not a shard (made without --shard K/N); there is nothing to merge",
        ));
    };
    crate::shard::same_version(dir, info.k, info.n, &manifest.head.version)?;
    check_numbers(dir, &manifest)?;
    let journal = read_journal(&dir.join(JOURNAL)).map_err(|e| problem(dir, format!("{e}")))?;
    check_entries(dir, &manifest, &journal)?;
    let expected = super::Shard {
        k: info.k,
        n: info.n,
    }
    .points(manifest.head.plan.points);
    let journaled: Vec<usize> = journal.entries.iter().map(|e| e.point - 1).collect();
    if journaled != expected || journal.header.shard.map(|s| (s.k, s.n)) != Some((info.k, info.n)) {
        return Err(problem(
            dir,
            format!(
                "shard {}/{} is incomplete: its journal lists {} of its {} points",
                info.k,
                info.n,
                journaled.len(),
                expected.len()
            ),
        ));
    }
    let results = dir.join(RESULTS);
    let len = std::fs::metadata(&results).map(|m| m.len()).unwrap_or(0);
    let want = journal
        .entries
        .last()
        .map_or(manifest.head.plan.results_header().len() as u64, |e| {
            e.bytes
        });
    let listed = manifest.files.iter().find(|f| f.name == RESULTS);
    if len != want || listed.is_none_or(|f| f.bytes != len) {
        return Err(problem(
            dir,
            format!(
                "{RESULTS} has {len} bytes but the journal and manifest record {want}; the shard folder was changed after it finished"
            ),
        ));
    }
    Ok(ShardFolder {
        dir: dir.to_path_buf(),
        manifest,
        entries: journal.entries,
    })
}

/// An edited manifest is refused, not trusted: a shard number out of 1..N,
/// N = 0, or a point count beyond the limit (which would be allocated).
fn check_numbers(dir: &Path, manifest: &SweepManifest) -> std::result::Result<(), Issue> {
    let Some(info) = &manifest.head.shard else {
        return Ok(());
    };
    let max = crate::scenario::limits::MAX_POINTS;
    let points = manifest.head.plan.points;
    if info.n == 0 || info.k == 0 || info.k > info.n || info.n as usize > points.max(1) {
        return Err(problem(
            dir,
            format!(
                "its manifest says shard {}/{} of {points} points, which is not a shard (K from 1 to N, N from 1 to the points); the folder was changed after it finished",
                info.k, info.n
            ),
        ));
    }
    if points == 0 || points > max {
        return Err(problem(
            dir,
            format!(
                "its manifest says {points} points; a sweep has 1 to {max}; the folder was changed after it finished"
            ),
        ));
    }
    Ok(())
}

/// The journal's entries grow point by point and it belongs to a sweep of
/// the manifest's size.
fn check_entries(
    dir: &Path,
    manifest: &SweepManifest,
    journal: &super::run::Journal,
) -> std::result::Result<(), Issue> {
    let points = manifest.head.plan.points;
    let mut last = manifest.head.plan.results_header().len() as u64;
    for e in &journal.entries {
        if e.bytes <= last {
            return Err(problem(
                dir,
                format!(
                    "its journal entry of point {} ends at byte {}, not after the point before it (byte {last}); the folder was changed after it finished",
                    e.point, e.bytes
                ),
            ));
        }
        last = e.bytes;
    }
    if journal.header.points != points {
        return Err(problem(
            dir,
            format!(
                "its journal is of a sweep of {} points, its manifest of {points}; the folder was changed after it finished",
                journal.header.points
            ),
        ));
    }
    Ok(())
}

/// The shards must belong to one sweep: same sweep file, base, plan and
/// number of shards as the first.
fn same_sweep(shards: &[ShardFolder]) -> Vec<Issue> {
    let mut issues = Vec::new();
    let first = &shards[0];
    let p0 = &first.manifest.head.plan;
    for s in &shards[1..] {
        let p = &s.manifest.head.plan;
        let mut why = Vec::new();
        if p.sweep_file_fnv1a != p0.sweep_file_fnv1a {
            why.push(format!(
                "its sweep file {} (FNV-1a {}) differs from {}'s {} ({})",
                p.sweep_file,
                p.sweep_file_fnv1a,
                first.dir.display(),
                p0.sweep_file,
                p0.sweep_file_fnv1a
            ));
        }
        if p.base_fnv1a != p0.base_fnv1a {
            why.push(format!(
                "its base {} (FNV-1a {}) differs from {}'s ({})",
                p.base,
                p.base_fnv1a,
                first.dir.display(),
                p0.base_fnv1a
            ));
        }
        if why.is_empty() && p != p0 {
            why.push(format!("its plan differs from {}'s", first.dir.display()));
        }
        let n0 = first.manifest.head.shard.as_ref().map_or(0, |i| i.n);
        let n = s.manifest.head.shard.as_ref().map_or(0, |i| i.n);
        if n != n0 {
            why.push(format!(
                "it is one of {n} shards, {} is one of {n0}",
                first.dir.display()
            ));
        }
        if !why.is_empty() {
            issues.push(problem(
                &s.dir,
                format!("does not belong to the same sweep: {}", why.join("; ")),
            ));
        }
    }
    issues
}

/// Every shard 1..N exactly once, all from the same base.
fn complete_set(shards: &[ShardFolder]) -> Vec<Issue> {
    let mut issues = Vec::new();
    let first = &shards[0];
    let n = first.manifest.head.shard.as_ref().map_or(0, |i| i.n);
    let ks: Vec<(&Path, u32)> = shards
        .iter()
        .filter_map(|s| {
            s.manifest
                .head
                .shard
                .as_ref()
                .map(|i| (s.dir.as_path(), i.k))
        })
        .collect();
    issues.extend(crate::shard::complete_set(&ks, n));
    let scenario_hash = |s: &ShardFolder| {
        s.manifest
            .files
            .iter()
            .find(|f| f.name == SCENARIO)
            .and_then(|f| f.fnv1a.clone())
    };
    if shards
        .iter()
        .any(|s| scenario_hash(s) != scenario_hash(first))
    {
        issues.push(Issue {
            origin: Origin::flag("berdaya merge"),
            key: String::new(),
            message: format!(
                "the shards' {SCENARIO} files differ: they were not made from the same base"
            ),
        });
    }
    issues
}

/// What [`merge`] did.
#[derive(Debug, Clone)]
pub struct Merged {
    pub name: String,
    pub shards: usize,
    pub points: usize,
    /// Every file of the merged folder, its manifest last.
    pub files: Vec<PathBuf>,
}

/// `berdaya merge`: checks the shard folders, writes `results.csv`, the
/// journal, `points.csv` and `scenario.toml` into `out`, then the reports.
pub fn merge(dirs: &[PathBuf], out: &Path, force: bool) -> Result<Merged> {
    if dirs.is_empty() {
        return Err(Error::Usage(
            "berdaya merge needs the shard folders: berdaya merge DIR... --out DIR".into(),
        ));
    }
    let shards = check(dirs)?;
    check_out(&shards, out)?;
    let plan = shards[0].manifest.head.plan.clone();
    let points = plan
        .make_points()
        .map_err(|e| Error::Other(format!("regenerating the points: {}", e.0)))?;
    crate::shard::begin_merge(out, force)?;
    let journal = merge_results(&shards, &plan, out)?;
    write_atomic(&out.join(JOURNAL), journal.as_bytes())?;
    write_atomic(&out.join(POINTS), plan.points_csv(&points).as_bytes())?;
    copy_scenario(&shards[0], out)?;
    let written = super::report::finish(&plan, &points, out)?;
    Ok(Merged {
        name: plan.name.clone(),
        shards: shards.len(),
        points: plan.points,
        files: written,
    })
}

/// The merged folder must not be one of the shards.
fn check_out(shards: &[ShardFolder], out: &Path) -> Result<()> {
    let dirs: Vec<&Path> = shards.iter().map(|s| s.dir.as_path()).collect();
    crate::shard::check_out(&dirs, out)
}

/// `results.csv`: the header, then each point's bytes from its shard, each
/// shard's bytes checked against the hash its manifest records. Returns the
/// merged journal.
fn merge_results(shards: &[ShardFolder], plan: &Plan, out: &Path) -> Result<String> {
    let n = shards.len();
    let header = plan.results_header();
    let mut readers = Vec::with_capacity(n);
    for s in shards {
        let path = s.dir.join(RESULTS);
        let mut r = BufReader::with_capacity(
            1 << 16,
            File::open(&path).ctx(|| format!("opening {}", path.display()))?,
        );
        let mut head = vec![0u8; header.len()];
        r.read_exact(&mut head)
            .ctx(|| format!("reading {}", path.display()))?;
        if head != header.as_bytes() {
            return Err(Error::Input(vec![problem(
                &s.dir,
                format!("{RESULTS} does not start with the sweep's header"),
            )]));
        }
        readers.push((
            r,
            header.len() as u64,
            0usize,
            fnv1a_update(FNV_OFFSET, &head),
        ));
    }
    let results_path = out.join(RESULTS);
    let mut results = AtomicFile::create(&results_path)?;
    results
        .write_all(header.as_bytes())
        .ctx(|| format!("writing {}", results_path.display()))?;
    let mut journal = JournalHeader::new(plan, None).line();
    let mut bytes = header.len() as u64;
    let mut buf = Vec::new();
    for p in 0..plan.points {
        let k = p % n;
        let (reader, pos, next, hash) = &mut readers[k];
        let entry = &shards[k].entries[*next];
        debug_assert_eq!(entry.point, p + 1);
        let len = entry.bytes - *pos;
        buf.clear();
        reader
            .by_ref()
            .take(len)
            .read_to_end(&mut buf)
            .ctx(|| format!("reading {}", shards[k].dir.join(RESULTS).display()))?;
        if buf.len() as u64 != len {
            return Err(Error::Input(vec![problem(
                &shards[k].dir,
                format!("{RESULTS} ends early"),
            )]));
        }
        results
            .write_all(&buf)
            .ctx(|| format!("writing {}", results_path.display()))?;
        let line = JournalEntry::of(p + 1, bytes + len, &buf);
        if entry.fnv1a.is_some() && entry.fnv1a != line.fnv1a {
            return Err(Error::Input(vec![problem(
                &shards[k].dir,
                format!(
                    "the rows of point {} in {RESULTS} do not have the hash its journal records; the shard folder was changed after it finished",
                    p + 1
                ),
            )]));
        }
        *hash = fnv1a_update(*hash, &buf);
        *pos = entry.bytes;
        *next += 1;
        bytes += len;
        journal.push_str(&line.line());
    }
    for (s, (_, _, _, hash)) in shards.iter().zip(&readers) {
        let listed = s.manifest.files.iter().find(|f| f.name == RESULTS);
        if listed.and_then(|f| f.fnv1a.as_deref()) != Some(hex(*hash).as_str()) {
            return Err(Error::Input(vec![problem(
                &s.dir,
                format!(
                    "{RESULTS} does not have the hash its manifest records; the shard folder was changed after it finished"
                ),
            )]));
        }
    }
    results.commit()?;
    Ok(journal)
}

/// Copies the first shard's `scenario.toml` (the shards' are the same,
/// [`check`] made sure) after checking it against its manifest.
fn copy_scenario(first: &ShardFolder, out: &Path) -> Result<()> {
    let scenario = std::fs::read(first.dir.join(SCENARIO))
        .ctx(|| format!("reading {}", first.dir.join(SCENARIO).display()))?;
    let want = first
        .manifest
        .files
        .iter()
        .find(|f| f.name == SCENARIO)
        .and_then(|f| f.fnv1a.clone());
    if want != Some(hex(fnv1a(&scenario))) {
        return Err(Error::Input(vec![problem(
            &first.dir,
            format!("{SCENARIO} was changed after the shard finished"),
        )]));
    }
    write_atomic(&out.join(SCENARIO), &scenario)?;
    Ok(())
}
