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

use crate::error::{Error, Result};

/// FNV-1a, 64 bits, over a byte string: a cheap, dependency-free fingerprint
/// that tells whether two shards were made from the same sweep file (not a
/// defence against tampering).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_update(FNV_OFFSET, bytes)
}

/// The FNV-1a offset basis: the hash of nothing.
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// Continues an FNV-1a hash over more bytes (hash a file in pieces).
pub fn fnv1a_update(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The hash as it is written in manifests and journals (16 hex digits).
pub fn hex(h: u64) -> String {
    format!("{h:016x}")
}

/// A shard: `K/N`, K from 1 to N.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shard {
    pub k: u32,
    pub n: u32,
}

impl Shard {
    /// Parses `K/N` from the command line.
    pub fn parse(text: &str) -> Result<Shard> {
        let bad = || {
            Error::Usage(format!(
                "--shard {text}: expected K/N with 1 <= K <= N, for example --shard 2/8 (the second of eight shards)"
            ))
        };
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let k: u32 = k.trim().parse().map_err(|_| bad())?;
        let n: u32 = n.trim().parse().map_err(|_| bad())?;
        if k == 0 || n == 0 || k > n {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }

    /// Whether 0-based point index `i` belongs to this shard: points K,
    /// K+N, K+2N, … (1-based), round robin, so every shard gets points from
    /// every part of the design (Morris trajectories and Saltelli blocks are
    /// contiguous, and a block of neighbours may be slower than another).
    pub fn owns(&self, i: usize) -> bool {
        i % self.n as usize == (self.k - 1) as usize
    }

    /// The 0-based point indices of this shard, in point order.
    pub fn points(&self, n_points: usize) -> Vec<usize> {
        (self.k as usize - 1..n_points)
            .step_by(self.n as usize)
            .collect()
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

/// "s" unless `n` is 1.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_reference_values() {
        // Reference values of the FNV-1a 64-bit test suite.
        assert_eq!(fnv1a(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn shards_partition_the_points_round_robin() {
        let n = 11;
        let mut seen = vec![0; n];
        for k in 1..=4 {
            let s = Shard { k, n: 4 };
            for i in s.points(n) {
                assert!(s.owns(i));
                seen[i] += 1;
            }
        }
        assert!(seen.iter().all(|&c| c == 1));
        assert_eq!(Shard { k: 2, n: 4 }.points(11), vec![1, 5, 9]);
        assert_eq!(Shard::parse("3/8").unwrap(), Shard { k: 3, n: 8 });
        for bad in ["0/4", "5/4", "x", "1/0", "2", "1/2/3"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }
}
