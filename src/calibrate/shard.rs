//! A calibration on a cluster: ABC-SMC is sequential by generation, so each
//! generation's attempts are the shardable unit (docs/SWEEPS.md, "Runs and
//! calibrations on a cluster").
//!
//! * Generation 0 (the prior): attempt `k` of `0..n` is in shard
//!   `k mod N + 1`; every attempt is a particle.
//! * Generation `t` >= 1: shard K runs its attempts K-1, K-1+N, … (0-based)
//!   against the proposal made from generation `t-1` (read from the state
//!   folder the merge of `t-1` wrote) until it has accepted its quota
//!   (`ceil(n/N) + ceil(sqrt(n/N)) + 1`) or the attempts run out; it
//!   records how far it went (`covered_below`: it ran every attempt of its
//!   class below that bound) and its accepted particles.
//! * The merge knows every attempt below the smallest bound of the shards.
//!   If those hold the generation's `n` particles it takes the first `n` in
//!   attempt order; if not (rare: the quotas carry a margin), it runs the
//!   next attempts itself, in order, exactly as the unsharded sampler
//!   would. Attempt `k` of generation `t` is seeded by `(seed, t, k)` alone,
//!   so the particles, their attempt count, the weights and the next
//!   tolerance are the unsharded ones, bit for bit.
//!
//! The merge of generation `t` writes a *state* folder (every generation so
//! far, exactly), or, when the sampler stops after `t`, the finished
//! calibration folder an unsharded `berdaya calibrate` writes. A shard of a
//! later generation whose `--previous` is a finished calibration has
//! nothing to do and says so; the merge of such shards copies the finished
//! calibration forward (hash-checked), so a chain of Slurm jobs planned for
//! the most generations always ends with the calibration in its `--out`.

use super::Calibration;
use super::abc::{self, Generation, Particle, Proposal, Simulator};
use crate::error::{Error, IoContext, Issue, Result};
use crate::output::files::write_atomic;
use crate::output::manifest::{FileEntry, Manifest};
use crate::shard::{Shard, fnv1a, folder, hex, problem};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The manifest kind of a calibration shard folder.
pub const SHARD_KIND: &str = "calibration-shard";
/// The manifest kind of the state between two generations.
pub const STATE_KIND: &str = "calibration-state";
/// The manifest kind of a finished calibration folder.
pub const FINISHED_KIND: &str = "calibration";
/// A shard's accepted attempts.
pub const ATTEMPTS: &str = "attempts.csv";
/// A state's particles, every generation.
pub const PARTICLES: &str = "particles.csv";

/// What a calibration's shards and states share: which calibration, read
/// with which flags.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Origin {
    /// The calibration file as given.
    pub file: String,
    pub file_fnv1a: String,
    pub base_fnv1a: String,
    /// `--set` flags on the base.
    pub sets: Vec<String>,
}

/// One generation's numbers in a state manifest (the tolerance as Rust
/// writes it, `inf` included, so it reads back to the same bits).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GenerationInfo {
    pub epsilon: String,
    pub attempts: usize,
    pub particles: usize,
}

/// The head of a state folder's manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StateHead {
    pub kind: String,
    pub version: String,
    pub name: String,
    #[serde(flatten)]
    pub origin: Origin,
    pub generations: Vec<GenerationInfo>,
}

/// The head of a shard folder's manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardHead {
    pub kind: String,
    pub version: String,
    pub name: String,
    #[serde(flatten)]
    pub origin: Origin,
    pub generation: usize,
    pub k: u32,
    pub n: u32,
    /// The previous generation's state folder (absolute) and the FNV-1a of
    /// its manifest; or a finished calibration (then `finished` is set).
    pub previous: Option<String>,
    pub previous_fnv1a: Option<String>,
    /// The previous folder is a finished calibration: nothing was run.
    pub finished: bool,
    /// Every attempt of this shard's class below this was run.
    pub covered_below: usize,
    pub accepted: usize,
    pub threads: usize,
    pub wall_seconds: f64,
}

/// The head of a finished calibration folder's manifest: deterministic (no
/// paths, no wall time, no threads), so a merged calibration's is the same
/// bytes as the unsharded one's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FinishedHead {
    pub kind: String,
    pub version: String,
    pub name: String,
    pub file_fnv1a: String,
    pub base_fnv1a: String,
    pub sets: Vec<String>,
    pub generations: usize,
    pub particles: usize,
    pub rng: String,
}

/// Quota of accepted particles per shard in a generation >= 1.
pub fn quota(n: usize, shards: u32) -> usize {
    let per = n.div_ceil(shards as usize);
    per + (per as f64).sqrt().ceil() as usize + 1
}

/// What one shard ran of one generation.
#[derive(Debug, Clone, PartialEq)]
pub struct ShardAttempts {
    pub covered_below: usize,
    /// (attempt, particle), in attempt order.
    pub accepted: Vec<(usize, Particle)>,
}

/// Runs shard `shard`'s attempts of generation `t` (on the current pool).
pub fn run_shard(
    c: &Calibration,
    gens: &[Generation],
    t: usize,
    shard: Shard,
    sim: &Simulator,
) -> ShardAttempts {
    let s = &c.settings;
    let n = abc::particles(s);
    let observed = c.observed();
    if t == 0 {
        let ks = shard.points(n);
        let accepted: Vec<Particle> = ks
            .par_iter()
            .map(|&k| abc::prior_particle(&c.priors, &observed, s, k, sim))
            .collect();
        return ShardAttempts {
            covered_below: n,
            accepted: ks.into_iter().zip(accepted).collect(),
        };
    }
    let prev = &gens[t - 1].particles;
    let Some(proposal) = Proposal::new(t, prev, &c.priors, s) else {
        return ShardAttempts {
            covered_below: 0,
            accepted: Vec::new(),
        };
    };
    let (max, quota) = (abc::max_attempts(s), quota(n, shard.n));
    let (step, first) = (shard.n as usize, shard.k as usize - 1);
    let mut next = first;
    let mut accepted = Vec::new();
    while accepted.len() < quota && next < max {
        let batch = ((quota - accepted.len()) * 2).max(8);
        let ks: Vec<usize> = (0..batch)
            .map(|j| next + j * step)
            .take_while(|&k| k < max)
            .collect();
        let results = proposal.attempts(&c.priors, &observed, prev, s.seed, &ks, sim);
        next = ks.last().map_or(max, |k| k + step);
        accepted.extend(
            ks.into_iter()
                .zip(results)
                .filter_map(|(k, p)| p.map(|p| (k, p))),
        );
    }
    ShardAttempts {
        covered_below: next.min(max),
        accepted,
    }
}

/// Generation `t` from every shard's attempts (`shards` in shard order):
/// the first `n` acceptances in attempt order, the attempts after the
/// shards' common bound run here if needed. `None` when the sampler stops
/// before `t` (no finite tolerance, or too few acceptances).
pub fn merge_generation(
    c: &Calibration,
    gens: &[Generation],
    t: usize,
    shards: &[ShardAttempts],
    sim: &Simulator,
) -> Option<Generation> {
    let s = &c.settings;
    let n = abc::particles(s);
    let mut all: Vec<(usize, Particle)> = shards.iter().flat_map(|a| a.accepted.clone()).collect();
    all.sort_by_key(|(k, _)| *k);
    if t == 0 {
        return Some(Generation {
            epsilon: f64::INFINITY,
            attempts: n,
            particles: all.into_iter().map(|(_, p)| p).collect(),
        });
    }
    let prev = &gens[t - 1].particles;
    let proposal = Proposal::new(t, prev, &c.priors, s)?;
    let bound = shards.iter().map(|a| a.covered_below).min().unwrap_or(0);
    let mut accepted = Vec::with_capacity(n);
    let mut attempts = bound;
    for (k, p) in all.into_iter().filter(|(k, _)| *k < bound) {
        accepted.push(p);
        if accepted.len() == n {
            attempts = k + 1;
            break;
        }
    }
    let observed = c.observed();
    abc::fill(
        &c.priors,
        &observed,
        s,
        prev,
        &proposal,
        sim,
        &mut accepted,
        &mut attempts,
        &|_, _| {},
    );
    abc::finish(s, prev, &proposal, accepted, attempts)
}

/// Whether the sampler stops after the last of `gens` (`t` = its index).
pub fn finished_after(c: &Calibration, gens: &[Generation]) -> bool {
    let t = gens.len() - 1;
    let last = &gens[t];
    t >= c.settings.generations
        || (t > 0 && abc::stops_after(last, &c.settings))
        || Proposal::new(t + 1, &last.particles, &c.priors, &c.settings).is_none()
}

// ---------------------------------------------------------------------------
// Files.

fn particle_header(c: &Calibration, lead: &str) -> String {
    let mut s = String::from(lead);
    for p in &c.priors {
        let _ = write!(s, ",{}", p.key);
    }
    for t in &c.targets {
        let _ = write!(s, ",sim_{}", t.metric);
    }
    s.push('\n');
    s
}

fn particle_fields(s: &mut String, p: &Particle) {
    for x in p.theta.iter().chain(&p.stats) {
        let _ = write!(s, ",{x:?}");
    }
    s.push('\n');
}

/// Parses `want` numbers after the lead columns of a particle line.
fn parse_particle(fields: &[&str], c: &Calibration) -> Option<(Vec<f64>, Vec<f64>)> {
    let (d, m) = (c.priors.len(), c.targets.len());
    if fields.len() != d + m {
        return None;
    }
    let nums: Option<Vec<f64>> = fields.iter().map(|f| f.parse().ok()).collect();
    let nums = nums?;
    Some((nums[..d].to_vec(), nums[d..].to_vec()))
}

/// `attempts.csv` of a shard.
pub fn attempts_csv(c: &Calibration, a: &ShardAttempts) -> String {
    let mut s = particle_header(c, "attempt,weight,distance");
    for (k, p) in &a.accepted {
        let _ = write!(s, "{k},{:?},{:?}", p.weight, p.distance);
        particle_fields(&mut s, p);
    }
    s
}

/// Reads a shard's `attempts.csv`.
pub fn read_attempts(dir: &Path, c: &Calibration, covered_below: usize) -> Result<ShardAttempts> {
    let path = dir.join(ATTEMPTS);
    let text = std::fs::read_to_string(&path).ctx(|| format!("reading {}", path.display()))?;
    let bad = |i: usize| {
        Error::Input(vec![problem(
            &path,
            format!(
                "line {}: not an attempt of this calibration; the shard folder was changed after it finished",
                i + 1
            ),
        )])
    };
    let mut lines = text.lines();
    if lines.next().map(|h| format!("{h}\n")) != Some(particle_header(c, "attempt,weight,distance"))
    {
        return Err(bad(0));
    }
    let mut accepted = Vec::new();
    for (i, l) in lines.enumerate() {
        let f: Vec<&str> = l.split(',').collect();
        let head = (f.len() >= 3)
            .then(|| {
                Some((
                    f[0].parse::<usize>().ok()?,
                    f[1].parse::<f64>().ok()?,
                    f[2].parse::<f64>().ok()?,
                ))
            })
            .flatten();
        let (Some((k, weight, distance)), Some((theta, stats))) =
            (head, parse_particle(&f[3.min(f.len())..], c))
        else {
            return Err(bad(i + 1));
        };
        accepted.push((
            k,
            Particle {
                theta,
                weight,
                distance,
                stats,
            },
        ));
    }
    Ok(ShardAttempts {
        covered_below,
        accepted,
    })
}

/// `particles.csv` of a state: every generation's particles.
fn particles_csv(c: &Calibration, gens: &[Generation]) -> String {
    let mut s = particle_header(c, "generation,particle,weight,distance");
    for (t, g) in gens.iter().enumerate() {
        for (i, p) in g.particles.iter().enumerate() {
            let _ = write!(s, "{t},{i},{:?},{:?}", p.weight, p.distance);
            particle_fields(&mut s, p);
        }
    }
    s
}

/// Writes a state folder: `particles.csv` and its manifest.
pub fn write_state(
    dir: &Path,
    c: &Calibration,
    origin: &Origin,
    gens: &[Generation],
) -> Result<Vec<PathBuf>> {
    let mut written = vec![write_atomic(
        &dir.join(PARTICLES),
        particles_csv(c, gens).as_bytes(),
    )?];
    let head = StateHead {
        kind: STATE_KIND.into(),
        version: env!("CARGO_PKG_VERSION").into(),
        name: c.name.clone(),
        origin: origin.clone(),
        generations: gens
            .iter()
            .map(|g| GenerationInfo {
                epsilon: format!("{:?}", g.epsilon),
                attempts: g.attempts,
                particles: g.particles.len(),
            })
            .collect(),
    };
    let entries = folder::entries(dir, &written)?;
    written.push(Manifest::new(head, entries).write(dir)?);
    Ok(written)
}

/// Reads a state folder: its head and every generation, exactly.
pub fn read_state(dir: &Path, c: &Calibration) -> Result<(StateHead, Vec<Generation>)> {
    let m: Manifest<StateHead> = Manifest::read(
        dir,
        "a calibration state folder",
        "a berdaya calibration state",
    )?;
    if m.head.kind != STATE_KIND {
        return Err(Error::Usage(format!(
            "{}: not a calibration state folder (its manifest's kind is {})",
            dir.display(),
            m.head.kind
        )));
    }
    folder::verify(dir, &m.files).map_err(|i| Error::Input(vec![i]))?;
    let path = dir.join(PARTICLES);
    let text = std::fs::read_to_string(&path).ctx(|| format!("reading {}", path.display()))?;
    let bad = |i: usize| {
        Error::Input(vec![problem(
            &path,
            format!("line {}: not a particle of this calibration", i + 1),
        )])
    };
    let mut gens: Vec<Generation> = Vec::new();
    for g in &m.head.generations {
        gens.push(Generation {
            epsilon: g.epsilon.parse().map_err(|_| bad(0))?,
            attempts: g.attempts,
            particles: Vec::with_capacity(g.particles),
        });
    }
    let mut lines = text.lines();
    if lines.next().map(|h| format!("{h}\n"))
        != Some(particle_header(c, "generation,particle,weight,distance"))
    {
        return Err(bad(0));
    }
    for (i, l) in lines.enumerate() {
        let f: Vec<&str> = l.split(',').collect();
        let head = (f.len() >= 4)
            .then(|| {
                Some((
                    f[0].parse::<usize>().ok()?,
                    f[2].parse::<f64>().ok()?,
                    f[3].parse::<f64>().ok()?,
                ))
            })
            .flatten();
        let (Some((t, weight, distance)), Some((theta, stats))) =
            (head, parse_particle(&f[4.min(f.len())..], c))
        else {
            return Err(bad(i + 1));
        };
        let g = gens.get_mut(t).ok_or_else(|| bad(i + 1))?;
        g.particles.push(Particle {
            theta,
            weight,
            distance,
            stats,
        });
    }
    if gens.is_empty()
        || gens
            .iter()
            .zip(&m.head.generations)
            .any(|(g, info)| g.particles.len() != info.particles)
    {
        return Err(bad(0));
    }
    Ok((m.head, gens))
}

/// The shard's or state's origin matches the calibration read here.
pub fn same_origin(dir: &Path, a: &Origin, b: &Origin) -> std::result::Result<(), Issue> {
    if a == b {
        return Ok(());
    }
    Err(problem(
        dir,
        format!(
            "it belongs to another calibration: file {} (FNV-1a {}, base {}, sets {:?}), not {} ({}, base {}, sets {:?})",
            a.file, a.file_fnv1a, a.base_fnv1a, a.sets, b.file, b.file_fnv1a, b.base_fnv1a, b.sets
        ),
    ))
}

/// The manifest of a finished calibration folder, over `files`.
pub fn finished_manifest(
    dir: &Path,
    c: &Calibration,
    origin: &Origin,
    gens: &[Generation],
    files: &[PathBuf],
) -> Result<PathBuf> {
    let head = FinishedHead {
        kind: FINISHED_KIND.into(),
        version: env!("CARGO_PKG_VERSION").into(),
        name: c.name.clone(),
        file_fnv1a: origin.file_fnv1a.clone(),
        base_fnv1a: origin.base_fnv1a.clone(),
        sets: origin.sets.clone(),
        generations: gens.len(),
        particles: abc::particles(&c.settings),
        rng: "Xoshiro256PlusPlus (rand 0.10); attempt k of generation t seeded by SplitMix64(seed, t, k)".into(),
    };
    Manifest::new(head, folder::entries(dir, files)?).write(dir)
}

/// Reads a finished calibration's manifest (checked) for a copy.
pub fn read_finished(dir: &Path) -> Result<Manifest<FinishedHead>> {
    let m: Manifest<FinishedHead> =
        Manifest::read(dir, "a calibration folder", "a berdaya calibration")?;
    if m.head.kind != FINISHED_KIND {
        return Err(Error::Usage(format!(
            "{}: not a finished calibration (its manifest's kind is {})",
            dir.display(),
            m.head.kind
        )));
    }
    folder::verify(dir, &m.files).map_err(|i| Error::Input(vec![i]))?;
    Ok(m)
}

/// Copies a finished calibration's files (as its manifest lists them) and
/// its manifest into `out`.
pub fn copy_finished(from: &Path, files: &[FileEntry], out: &Path) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for f in files {
        let bytes = std::fs::read(from.join(&f.name))
            .ctx(|| format!("reading {}", from.join(&f.name).display()))?;
        let to = out.join(&f.name);
        if let Some(parent) = to.parent() {
            crate::output::files::ensure_dir(parent)?;
        }
        written.push(write_atomic(&to, &bytes)?);
    }
    let m = std::fs::read(from.join(crate::output::manifest::MANIFEST))
        .ctx(|| format!("reading {}", from.display()))?;
    written.push(write_atomic(
        &out.join(crate::output::manifest::MANIFEST),
        &m,
    )?);
    Ok(written)
}

/// FNV-1a of a folder's manifest (how a shard names the state it read).
pub fn manifest_hash(dir: &Path) -> Result<String> {
    let p = dir.join(crate::output::manifest::MANIFEST);
    let bytes = std::fs::read(&p).ctx(|| format!("reading {}", p.display()))?;
    Ok(hex(fnv1a(&bytes)))
}
