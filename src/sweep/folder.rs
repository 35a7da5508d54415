//! A sweep folder: its file names and its `manifest.json` (the one manifest
//! type of [`crate::output::manifest`], with a sweep's head: the plan and,
//! for a shard, where it sits).

use super::Shard;
use super::design::Plan;
use crate::error::Result;
use crate::output::manifest::Manifest;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub use crate::output::manifest::MANIFEST;
/// The journal of finished points.
pub const JOURNAL: &str = "journal.jsonl";
/// One row per (point, arm, replication, recorded month).
pub const RESULTS: &str = "results.csv";
/// The points and their parameter values.
pub const POINTS: &str = "points.csv";
/// The base as resolved.
pub const SCENARIO: &str = "scenario.toml";

/// Where a shard sits in its sweep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardInfo {
    pub k: u32,
    pub n: u32,
    /// Which points: "K, K+N, K+2N, …".
    pub rule: String,
    /// Number of points of this shard.
    pub points: usize,
}

impl ShardInfo {
    pub fn new(s: Shard, points: usize) -> Self {
        ShardInfo {
            k: s.k,
            n: s.n,
            rule: format!(
                "points {}, {}+{}, {}+2×{}, … (1-based)",
                s.k, s.k, s.n, s.k, s.n
            ),
            points,
        }
    }
}

/// `manifest.json` of a sweep or shard folder. Deterministic (no wall time,
/// no paths, no thread count): a merged folder's manifest is the same bytes
/// as the unsharded run's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepHead {
    pub kind: String,
    pub version: String,
    pub rng: String,
    pub plan: Plan,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<ShardInfo>,
}

/// The manifest of a sweep or shard folder.
pub type SweepManifest = Manifest<SweepHead>;

/// Writes `manifest.json` (last: it marks the folder complete).
pub fn write_manifest(
    plan: &Plan,
    shard: Option<ShardInfo>,
    dir: &Path,
    files: &[PathBuf],
) -> Result<PathBuf> {
    let entries = crate::shard::folder::entries(dir, files)?;
    let head = SweepHead {
        kind: "sweep".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        rng: "Xoshiro256PlusPlus (rand 0.10), streams keyed by SplitMix64(seed, stream, replication, village), shared by every arm; every point runs with the base's seed".into(),
        plan: plan.clone(),
        shard,
    };
    Manifest::new(head, entries).write(dir)
}

/// Reads a folder's manifest.
pub fn read_manifest(dir: &Path) -> Result<SweepManifest> {
    Manifest::read(dir, "a sweep or shard folder", "a berdaya sweep")
}
