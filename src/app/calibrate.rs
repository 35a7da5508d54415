//! `berdaya calibrate FILE`: read and check the calibration, run ABC-SMC on
//! the worker pool, write the posterior, the calibrated scenario and the
//! charts (docs/STATISTICS.md, "Calibration").

use super::{FlagOverrides, load_experiment};
use crate::calibrate::{self, abc::Generation, report};
use crate::error::Result;
use crate::experiment;
use crate::output::files;
use crate::progress::Progress;
use crate::scenario::experiment::to_resolved_toml;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What `berdaya calibrate` was asked.
#[derive(Debug, Clone, Default)]
pub struct CalibrateRequest {
    pub file: PathBuf,
    /// Output folder (default: `output/<name>/`).
    pub out: Option<PathBuf>,
    /// `--set` flags on the base scenario.
    pub flags: FlagOverrides,
    pub threads: usize,
    pub force: bool,
}

/// What a finished calibration reports.
#[derive(Debug, Clone)]
pub struct CalibrateReport {
    pub name: String,
    pub dir: PathBuf,
    pub files: Vec<PathBuf>,
    pub summary: Vec<report::ParamSummary>,
    /// (tolerance, attempts, accepted) per generation.
    pub generations: Vec<(f64, usize, usize)>,
    pub seconds: f64,
}

/// `berdaya calibrate`.
pub fn calibrate(req: &CalibrateRequest, progress: &dyn Progress) -> Result<CalibrateReport> {
    let c = calibrate::read(&req.file, &|src| load_experiment(src, &req.flags))?;
    let dir = req
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("output").join(&c.name));
    files::prepare_dir(&dir, req.force)?;
    let start = Instant::now();
    progress.start(
        (c.settings.particles * (c.settings.generations + 1)) as u64,
        &format!("calibrating {}", c.name),
    );
    let n = c.settings.particles as u64;
    let gens: Vec<Generation> = experiment::pool(req.threads)?.install(|| {
        calibrate::run(&c, &|t, accepted| {
            progress.set_position(t as u64 * n + accepted as u64)
        })
    });
    progress.finish();
    let summary = report::summarize(&c, &gens);
    let mut written = report::write(&dir, &c, &gens, &summary)?;
    written.push(write_calibrated(&dir, &c, &summary, &req.flags)?);
    Ok(CalibrateReport {
        name: c.name.clone(),
        dir,
        files: written,
        generations: gens
            .iter()
            .map(|g| (g.epsilon, g.attempts, g.particles.len()))
            .collect(),
        summary,
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// `calibrated.toml`: the base with every calibrated key at its posterior
/// median, every default written out.
fn write_calibrated(
    dir: &Path,
    c: &calibrate::Calibration,
    summary: &[report::ParamSummary],
    flags: &FlagOverrides,
) -> Result<PathBuf> {
    let mut flags = flags.clone();
    for s in summary {
        flags.sets.push(format!("{}={:?}", s.key, s.median));
    }
    let src = crate::builtin::Source {
        label: c.base_label.clone(),
        text: c.base_text.clone(),
    };
    let exp = load_experiment(&src, &flags)?;
    let keys: Vec<String> = summary
        .iter()
        .map(|s| {
            format!(
                "{} = {:?} (90% interval {:?} to {:?})",
                s.key, s.median, s.low, s.high
            )
        })
        .collect();
    let header = format!(
        "berdaya {}: {} calibrated by ABC-SMC (calibration \"{}\"); posterior medians:\n{}\nThe weighted posterior draws are in posterior.csv (berdaya run --draws N --posterior posterior.csv).",
        env!("CARGO_PKG_VERSION"),
        c.base_label,
        c.name,
        keys.join("\n")
    );
    files::write_atomic(
        &dir.join("calibrated.toml"),
        to_resolved_toml(&exp, &header).as_bytes(),
    )
}
