//! `berdaya merge DIR... --out DIR`: recognises what the shard folders are
//! (sweep, run or calibration shards, by their manifests' `kind`) and
//! merges them with that kind's merge; refuses a mix.

use crate::error::{Error, Result};
use crate::progress::Progress;
use crate::shard::{folder, problem};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What a merge merged.
#[derive(Debug, Clone)]
pub enum Merged {
    Sweep(crate::sweep::merge::Merged),
    Run(super::shard::MergedRun),
    Calibration(super::calibrate::MergedCalibration),
}

/// The kind of a shard folder, in words, for the mixed-kinds message.
fn kind_words(kind: Option<&str>) -> &'static str {
    match kind {
        Some("sweep") => "a sweep shard",
        Some(super::shard::KIND) => "a run shard",
        Some(crate::calibrate::shard::SHARD_KIND) => "a calibration shard",
        Some(crate::calibrate::shard::STATE_KIND) => "a calibration state (the output of a merge)",
        Some(crate::calibrate::shard::FINISHED_KIND) => "a finished calibration",
        Some(_) => "of an unknown kind",
        None => "without a readable manifest",
    }
}

/// `berdaya merge`, in a pool of `threads` threads (0 = one per core);
/// returns what was merged and the seconds it took.
pub fn merge(
    dirs: &[PathBuf],
    out: &Path,
    threads: usize,
    force: bool,
    progress: &dyn Progress,
) -> Result<(Merged, f64)> {
    if dirs.is_empty() {
        return Err(Error::Usage(
            "berdaya merge needs the shard folders: berdaya merge DIR... --out DIR".into(),
        ));
    }
    let kinds: Vec<Option<String>> = dirs.iter().map(|d| folder::kind(d)).collect();
    let known: Vec<&str> = kinds.iter().flatten().map(String::as_str).collect();
    if known.iter().any(|k| *k != known[0]) {
        let issues = dirs
            .iter()
            .zip(&kinds)
            .map(|(d, k)| problem(d, format!("is {}", kind_words(k.as_deref()))))
            .chain([problem(
                Path::new("berdaya merge"),
                "the folders are not shards of one kind; merge the shards of one sweep, run or calibration generation at a time",
            )])
            .collect();
        return Err(Error::Input(issues));
    }
    let finished: Vec<_> = dirs
        .iter()
        .zip(&kinds)
        .filter(|(d, k)| k.is_none() && is_run_folder(d))
        .map(|(d, _)| {
            problem(
                d,
                "is a finished run folder (made without --shard); there is nothing to merge. Merge the shard folders of `berdaya run TARGET --shard K/N`",
            )
        })
        .collect();
    if !finished.is_empty() {
        return Err(Error::Input(finished));
    }
    let start = Instant::now();
    let merged = match known.first().copied() {
        Some(super::shard::KIND) => crate::experiment::pool(threads)?
            .install(|| super::shard::merge(dirs, out, force, progress))
            .map(Merged::Run),
        Some(crate::calibrate::shard::SHARD_KIND) => {
            super::calibrate::merge(dirs, out, threads, force, progress).map(Merged::Calibration)
        }
        Some(
            k @ (crate::calibrate::shard::STATE_KIND | crate::calibrate::shard::FINISHED_KIND),
        ) => Err(Error::Usage(format!(
            "{} is {}, not a shard; `berdaya merge` takes the shard folders of one generation (made by `berdaya calibrate FILE --shard K/N --generation G`)",
            dirs[kinds
                .iter()
                .position(|x| x.as_deref() == Some(k))
                .unwrap_or(0)]
            .display(),
            kind_words(Some(k))
        ))),
        _ => super::sweep::merge(dirs, out, threads, force).map(|(m, _)| Merged::Sweep(m)),
    };
    if merged.is_err() {
        crate::output::files::abandon_scope();
    }
    crate::output::files::end_scope();
    Ok((merged?, start.elapsed().as_secs_f64()))
}

/// A run folder's manifest (it names its experiment, and has no kind).
fn is_run_folder(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join(crate::output::manifest::MANIFEST))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .is_some_and(|v| v.get("experiment").is_some() && v.get("kind").is_none())
}
