//! The model-uncertainty step of `berdaya run` (`[uncertainty]`,
//! `--draws N`): run the draws on the worker pool, append the model
//! columns to `effects.csv`, write `model_comparisons.csv` and `draws.csv`
//! (docs/STATISTICS.md, "Effects with model uncertainty").

use crate::error::{Error, Result};
use crate::experiment::{
    self,
    uncertainty::{self as unc, DrawEffects, DrawPlan},
};
use crate::output::uncertainty as out;
use crate::progress::Progress;
use crate::scenario::experiment::Experiment;
use std::path::{Path, PathBuf};

/// The model columns of `effects.csv`.
pub const COLUMNS: [&str; 4] = ["model_median", "model_low", "model_high", "p_better"];

/// Runs the draws of `plan` and writes their files into `dir` (which holds
/// the run's `effects.csv`). Returns the files written.
pub fn model_effects(
    exp: &Experiment,
    plan: &DrawPlan,
    dir: &Path,
    threads: usize,
    progress: &dyn Progress,
) -> Result<Vec<PathBuf>> {
    check_control(exp, plan)?;
    let steps = plan.values.len() as u64
        * exp.arms.len() as u64
        * plan.replications as u64
        * exp.months() as u64;
    progress.start(
        steps,
        &format!("{}: {} parameter draws", exp.name, plan.values.len()),
    );
    let de = experiment::pool(threads)?.install(|| unc::run_draws(exp, plan, (0, 1), progress));
    progress.finish();
    write(exp, plan, &de, dir)
}

/// Draws need a `control` arm to compare with.
pub fn check_control(exp: &Experiment, plan: &DrawPlan) -> Result<()> {
    if exp.control().is_none() {
        return Err(Error::Usage(format!(
            "[uncertainty] draws = {} asks for effects with model uncertainty, but the experiment has no `control` arm to compare with; add one or set --draws 0",
            plan.values.len()
        )));
    }
    Ok(())
}

/// Writes the files of finished draws.
pub fn write(
    exp: &Experiment,
    plan: &DrawPlan,
    de: &DrawEffects,
    dir: &Path,
) -> Result<Vec<PathBuf>> {
    if de.valid.is_empty() {
        return Err(Error::Usage(format!(
            "none of the {} parameter draws of {} passed the scenario's cross-field rules; nothing to summarise",
            plan.values.len(),
            exp.name
        )));
    }
    let keys: Vec<String> = de
        .effects
        .iter()
        .map(|((a, m, _), _)| format!("{a},{m}"))
        .collect();
    let rows: Vec<Vec<f64>> = de
        .effects
        .iter()
        .map(|((_, m, _), v)| {
            let i = unc::interval(m, v);
            vec![i.median, i.low, i.high, i.p_better]
        })
        .collect();
    // effects.csv gains the model columns; the run already lists it
    out::append_columns(&dir.join("effects.csv"), &COLUMNS, &keys, &rows)?;
    Ok(vec![
        out::write_comparisons(dir, &unc::pairwise(de), de.valid.len())?,
        out::write_draws(dir, &plan.keys, &plan.values, &de.valid)?,
    ])
}
