//! The checks every shard folder gets before a merge trusts it: which kind
//! of folder its manifest says it is, and every file it lists with the size
//! and FNV-1a hash it had when the shard finished.

use super::{fnv1a, hex, problem};
use crate::error::{IoContext, Issue, Result};
use crate::output::manifest::{FileEntry, MANIFEST};
use std::path::{Path, PathBuf};

/// The `kind` of a folder's `manifest.json` (`sweep`, `run-shard`,
/// `calibration-shard`, `calibration-state`, `calibration`), `None` when
/// it has no readable manifest or no kind (a run folder).
pub fn kind(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join(MANIFEST)).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v.get("kind")?.as_str().map(str::to_string)
}

/// File entries (name relative to `dir` with `/`, size, FNV-1a), sorted by
/// name.
pub fn entries(dir: &Path, files: &[PathBuf]) -> Result<Vec<FileEntry>> {
    let mut out = Vec::new();
    for f in files {
        let bytes = std::fs::read(f).ctx(|| format!("reading {}", f.display()))?;
        let name = f
            .strip_prefix(dir)
            .unwrap_or(f)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        out.push(FileEntry {
            name,
            bytes: bytes.len() as u64,
            fnv1a: Some(hex(fnv1a(&bytes))),
            sha256: None,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Every listed file is there with its size and hash.
pub fn verify(dir: &Path, files: &[FileEntry]) -> std::result::Result<(), Issue> {
    for f in files {
        if f.name.contains("..") || f.name.starts_with('/') {
            return Err(problem(
                dir,
                format!(
                    "its manifest lists {:?}, which is not a file of the folder",
                    f.name
                ),
            ));
        }
        let bytes = std::fs::read(dir.join(&f.name)).map_err(|e| {
            problem(
                dir,
                format!("cannot read {} ({e}), which its manifest lists", f.name),
            )
        })?;
        if bytes.len() as u64 != f.bytes || f.fnv1a.as_deref() != Some(hex(fnv1a(&bytes)).as_str())
        {
            return Err(problem(
                dir,
                format!(
                    "{} does not have the size and hash its manifest records; the folder was changed after it finished",
                    f.name
                ),
            ));
        }
    }
    Ok(())
}
