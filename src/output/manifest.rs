//! `manifest.json`, the one manifest type of run and sweep folders: the tool,
//! a head that says what was run (a run's experiment, seeds and timing; a
//! sweep's plan and shard), and the files written. It is written last,
//! atomically: a folder with a manifest is complete.

use super::files::write_atomic;
use crate::error::{Error, Result};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The file name.
pub const MANIFEST: &str = "manifest.json";

/// A manifest: `tool`, then the fields of `head`, then `files`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest<H> {
    pub tool: String,
    #[serde(flatten)]
    pub head: H,
    pub files: Vec<FileEntry>,
}

/// One file of the folder; sweeps also record its FNV-1a hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileEntry {
    pub name: String,
    pub bytes: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fnv1a: Option<String>,
    /// SHA-256 of the file's bytes (run folders; the manifest itself has none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

/// The head of a run folder's manifest.
#[derive(Debug, Clone, Serialize)]
pub struct RunHead {
    pub version: &'static str,
    /// The git commit the binary was built from (`git describe`-like:
    /// the hash, `-dirty` when the checkout had changes), or "unknown" when
    /// it was not built from a git checkout.
    pub git_commit: &'static str,
    /// `rustc --version` of the compiler that built the binary.
    pub rustc: &'static str,
    pub command_line: Vec<String>,
    pub experiment: String,
    pub seed: u64,
    pub replications: u32,
    pub months: u32,
    pub burn_in_months: u32,
    pub threads: usize,
    pub rng: &'static str,
    pub wall_seconds: f64,
    pub household_months: f64,
    pub household_months_per_second: f64,
    pub arms: Vec<ArmEntry>,
}

/// One arm of a run.
#[derive(Debug, Clone, Serialize)]
pub struct ArmEntry {
    pub name: String,
    /// Keys where the arm differs from the experiment's base scenario.
    pub overrides: serde_json::Value,
    /// The arm's whole resolved scenario.
    pub scenario: serde_json::Value,
    /// The last month of the arm's program (its budget), when it ends
    /// before the horizon.
    pub program_end_month: Option<u32>,
    /// The last month the arm's facilitators work, when they leave before
    /// the horizon.
    pub facilitators_exit_month: Option<u32>,
}

/// The git commit the binary was built from (see `build.rs`).
pub const GIT_COMMIT: &str = env!("BERDAYA_GIT_COMMIT");
/// The compiler that built the binary (see `build.rs`).
pub const RUSTC_VERSION: &str = env!("BERDAYA_RUSTC_VERSION");

/// SHA-256 of a file, in lowercase hex (`None` when it cannot be read).
pub fn sha256_file(path: &Path) -> Option<String> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    let mut f = std::fs::File::open(path).ok()?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let k = f.read(&mut buf).ok()?;
        if k == 0 {
            break;
        }
        h.update(&buf[..k]);
    }
    Some(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

impl<H: Serialize> Manifest<H> {
    pub fn new(head: H, files: Vec<FileEntry>) -> Self {
        Manifest {
            tool: "berdaya".into(),
            head,
            files,
        }
    }

    /// Writes `dir/manifest.json` (pretty JSON and a newline).
    pub fn write(&self, dir: &Path) -> Result<PathBuf> {
        let text = serde_json::to_string_pretty(self).map_err(crate::error::other)?;
        write_atomic(&dir.join(MANIFEST), format!("{text}\n").as_bytes())
    }
}

impl<H: DeserializeOwned> Manifest<H> {
    /// Reads `dir/manifest.json`; `folder` ("a sweep or shard folder") and
    /// `kind` ("a berdaya sweep") name what was expected in the messages.
    pub fn read(dir: &Path, folder: &str, kind: &str) -> Result<Self> {
        let path = dir.join(MANIFEST);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Error::Usage(format!(
                "{}: cannot read {MANIFEST} ({e}); {folder} gets its manifest when it is complete",
                dir.display()
            ))
        })?;
        serde_json::from_str(&text).map_err(|e| {
            Error::Usage(format!(
                "{}: {MANIFEST} is not the manifest of {kind} ({e})",
                dir.display()
            ))
        })
    }
}

/// File entries of a run folder: name, size and SHA-256, in the order
/// given, and the manifest itself last (size 0: it cannot know its own).
pub fn run_files(files: &[PathBuf]) -> Vec<FileEntry> {
    let mut entries: Vec<FileEntry> = files
        .iter()
        .map(|p| FileEntry {
            name: p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            bytes: std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
            fnv1a: None,
            sha256: sha256_file(p),
        })
        .collect();
    entries.push(FileEntry {
        name: MANIFEST.into(),
        bytes: 0,
        fnv1a: None,
        sha256: None,
    });
    entries
}
