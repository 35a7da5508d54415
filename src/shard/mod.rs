//! What every kind of sharded work shares (`--shard K/N`, `berdaya merge`,
//! `--emit-slurm`): the shard spec `K/N` and its round-robin rule, the FNV-1a
//! fingerprints that tell whether shards belong together, the checks of a
//! set of shard folders (every shard 1..N exactly once), the manifests of
//! run and calibration shard folders ([`folder`]) and the Slurm scripts
//! ([`slurm`]).
//!
//! Sweeps shard points ([`crate::sweep`]); runs shard replications and
//! parameter draws, calibrations each generation's attempts
//! (`crate::app::shard`, `crate::calibrate::shard`). Shard K of N always
//! holds the work units K, K+N, K+2N, … (1-based), so every shard gets
//! units from every part of the work, and each unit has the seed it has in
//! an unsharded run: the merged folder is the unsharded folder's bytes.

pub mod folder;
pub mod slurm;

use crate::error::{Error, IoContext, Issue, Origin, Result};
use crate::output::files;
use std::path::{Path, PathBuf};

/// FNV-1a, 64 bits, over a byte string: a cheap, dependency-free fingerprint
/// that tells whether two shards were made from the same file (not a
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

    /// Whether 0-based unit index `i` belongs to this shard: units K, K+N,
    /// K+2N, … (1-based), round robin, so every shard gets units from every
    /// part of the work (Morris trajectories and Saltelli blocks are
    /// contiguous, and a block of neighbours may be slower than another).
    pub fn owns(&self, i: usize) -> bool {
        i % self.n as usize == (self.k - 1) as usize
    }

    /// The 0-based unit indices of this shard below `units`, in order.
    pub fn points(&self, units: usize) -> Vec<usize> {
        (self.k as usize - 1..units)
            .step_by(self.n as usize)
            .collect()
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

/// A problem with one shard folder (or with the set, when `dir` is the
/// command's name).
pub fn problem(dir: &Path, message: impl Into<String>) -> Issue {
    Issue {
        origin: Origin::flag(&dir.display().to_string()),
        key: String::new(),
        message: message.into(),
    }
}

/// "s" unless `n` is 1.
fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Every shard 1..N given exactly once: a problem per shard given twice and
/// one naming the missing shards. `shards` holds (folder, K) of shards that
/// all say they are of `n`.
pub fn complete_set(shards: &[(&Path, u32)], n: u32) -> Vec<Issue> {
    let mut issues = Vec::new();
    let mut by_k: Vec<Vec<&Path>> = vec![Vec::new(); n as usize];
    for &(dir, k) in shards {
        if (1..=n).contains(&k) {
            by_k[k as usize - 1].push(dir);
        }
    }
    for (k, list) in by_k.iter().enumerate() {
        if list.len() > 1 {
            issues.push(problem(
                list[1],
                format!(
                    "shard {}/{n} is given twice (also {})",
                    k + 1,
                    list[0].display()
                ),
            ));
        }
    }
    let missing: Vec<String> = (1..=n)
        .filter(|k| by_k[*k as usize - 1].is_empty())
        .map(|k| k.to_string())
        .collect();
    if !missing.is_empty() {
        issues.push(Issue {
            origin: Origin::flag("berdaya merge"),
            key: String::new(),
            message: format!(
                "shard{} {} of {n} {} missing; give every shard folder 1..{n} exactly once",
                plural(missing.len()),
                missing.join(", "),
                if missing.len() == 1 { "is" } else { "are" }
            ),
        });
    }
    issues
}

/// A shard folder made by another version of berdaya cannot be merged by
/// this one (`k`/`n`: the shard's numbers, `made_by`: its version).
pub fn same_version(dir: &Path, k: u32, n: u32, made_by: &str) -> std::result::Result<(), Issue> {
    let version = env!("CARGO_PKG_VERSION");
    if made_by == version {
        return Ok(());
    }
    Err(problem(
        dir,
        format!(
            "shard {k}/{n} was made by berdaya {made_by}, this is berdaya {version}; shards must be run and merged by the same version"
        ),
    ))
}

/// Reads every shard folder with `read` and, when each read cleanly, checks
/// them together with `together` (that they belong to the same work, and
/// [`complete_set`]); returns them sorted by their shard number `k`, or
/// every problem at once.
pub fn read_all<S>(
    dirs: &[PathBuf],
    read: impl Fn(&Path) -> std::result::Result<S, Issue>,
    together: impl Fn(&[S]) -> Vec<Issue>,
    k: impl Fn(&S) -> u32,
) -> Result<Vec<S>> {
    let mut issues = Vec::new();
    let mut shards = Vec::new();
    for dir in dirs {
        match read(dir) {
            Ok(s) => shards.push(s),
            Err(i) => issues.push(i),
        }
    }
    if issues.is_empty() {
        issues = together(&shards);
    }
    if !issues.is_empty() {
        return Err(Error::Input(issues));
    }
    shards.sort_by_key(|s| k(s));
    Ok(shards)
}

/// The merged folder must not be one of the shards.
pub fn check_out(shards: &[&Path], out: &Path) -> Result<()> {
    if let Ok(out_abs) = out.canonicalize()
        && shards
            .iter()
            .any(|s| s.canonicalize().ok().as_ref() == Some(&out_abs))
    {
        return Err(Error::Usage(format!(
            "--out {} is one of the shard folders; merge into a new folder",
            out.display()
        )));
    }
    Ok(())
}

/// Prepares a merge's output folder (`--force` rules of
/// [`files::prepare_dir`]) and its interrupt scope (an interrupted merge
/// removes what it wrote, never the shards), and removes a manifest a
/// reused folder still holds: a folder must not look finished before its
/// merge is.
pub fn begin_merge(out: &Path, force: bool) -> Result<()> {
    files::prepare_run_dir(
        out,
        force,
        format!(
            "berdaya: interrupted; the unfinished merge was removed from {} (the shard folders are untouched). Run the same merge again.",
            out.display()
        ),
    )?;
    let stale = out.join(crate::output::manifest::MANIFEST);
    if stale.exists() {
        std::fs::remove_file(&stale).ctx(|| format!("removing {}", stale.display()))?;
    }
    Ok(())
}

/// The message of a manifest that cannot be read, without the folder's
/// name in front (the issue's origin names it), and what to do.
pub fn unreadable(dir: &Path, e: Error, rerun: &str) -> Issue {
    let msg = match e {
        Error::Usage(m) => m,
        other => other.to_string(),
    };
    let msg = msg
        .strip_prefix(&format!("{}: ", dir.display()))
        .unwrap_or(&msg)
        .to_string();
    problem(
        dir,
        format!("{msg}; is the shard still running, or did it fail? ({rerun})"),
    )
}

/// The command line of the unsharded equivalent of a shard's: `--shard K/N`
/// dropped and `--out` set to `out` (as the merge was given it). It goes
/// into the merged run's manifest, where it says how to make the folder in
/// one go.
pub fn unsharded_command(args: &[String], out: &Path) -> Vec<String> {
    let mut v = Vec::with_capacity(args.len() + 2);
    let mut it = args.iter();
    let mut had_out = false;
    while let Some(a) = it.next() {
        if a == "--shard" {
            it.next();
        } else if a.starts_with("--shard=") {
        } else if a == "--out" {
            it.next();
            v.push(a.clone());
            v.push(out.display().to_string());
            had_out = true;
        } else if a.starts_with("--out=") {
            v.push(format!("--out={}", out.display()));
            had_out = true;
        } else {
            v.push(a.clone());
        }
    }
    if !had_out {
        v.push("--out".into());
        v.push(out.display().to_string());
    }
    v
}

/// The folders of `dirs` as paths (for messages).
pub fn paths(dirs: &[PathBuf]) -> Vec<&Path> {
    dirs.iter().map(PathBuf::as_path).collect()
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
    fn shards_partition_the_units_round_robin() {
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

    #[test]
    fn the_unsharded_command_drops_the_shard_and_takes_the_merged_folder() {
        let a: Vec<String> = [
            "b", "run", "x.toml", "--shard", "2/3", "--out", "s2", "--quiet",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            unsharded_command(&a, Path::new("m")),
            ["b", "run", "x.toml", "--out", "m", "--quiet"]
        );
        let b: Vec<String> = ["b", "run", "--shard=1/2"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            unsharded_command(&b, Path::new("m")),
            ["b", "run", "--out", "m"]
        );
        let sets = complete_set(&[(Path::new("a"), 1), (Path::new("b"), 1)], 3);
        assert_eq!(sets.len(), 2, "{sets:?}");
    }
}
