//! The application: one pipeline per command, with no printing. Each takes
//! a request (plain data the command line filled in) and returns a report
//! (plain data the command line prints); long tasks report their progress
//! to a [`crate::progress::Progress`]. The CLI parses and prints; the
//! pipelines call down into `experiment`, `evidence`, `sweep` and the
//! writers of `output`, and never back up.
//!
//! * [`run`]: `berdaya run` (dry run and memory guard, output folder,
//!   streamed run, estimators, files, manifest, charts);
//! * [`check`]: `berdaya check` (scenario, experiment and sweep files);
//! * [`evidence`]: `berdaya evidence` (the facts, robustness draws, CSVs);
//! * [`sweep`]: `berdaya sweep` and `berdaya merge`;
//! * [`compare`]: `berdaya compare` (the effects of several runs side by side);
//! * [`plot`], [`scenarios`], [`explain`]: the small ones.

pub mod calibrate;
pub mod check;
pub mod compare;
pub mod evidence;
pub mod merge;
pub mod plot;
pub mod run;
pub mod run_folder;
pub mod scenarios;
pub mod shard;
pub mod sweep;
pub mod uncertainty;

use crate::builtin::Source;
use crate::error::{Error, Issue, Origin, Result};
use crate::scenario::experiment::{self, Experiment, Overrides};
use crate::scenario::load;

/// Most worker threads `--threads` accepts (`scenario::limits`).
pub const MAX_THREADS: usize = crate::scenario::limits::MAX_THREADS;

/// On SIGINT / SIGTERM: the temporaries, and an unfinished run or merge,
/// are removed (`output::files::interrupt`); then `exit` prints the
/// message and ends the process.
pub fn on_interrupt(exit: impl FnOnce(&str)) {
    crate::output::files::interrupt(exit)
}

/// Flags that override a scenario file's values.
#[derive(Debug, Clone, Default)]
pub struct FlagOverrides {
    pub seed: Option<u64>,
    pub replications: Option<u32>,
    pub months: Option<u32>,
    /// `KEY=VALUE` as typed after `--set`.
    pub sets: Vec<String>,
}

/// Parses, applies overrides and validates: every problem at once.
pub fn load_experiment(src: &Source, flags: &FlagOverrides) -> Result<Experiment> {
    if crate::sweep::file::is_sweep(&src.text) {
        return Err(Error::Usage(format!(
            "{} is a sweep file (it has a [sweep] table), not a scenario: run it with `berdaya sweep {}`; `berdaya run` takes a scenario or experiment file (`berdaya scenarios` lists the built-in ones)",
            src.label, src.label
        )));
    }
    let (doc, mut issues) = load::parse_document(&src.label, &src.text);
    let mut ov = Overrides {
        seed: flags.seed,
        months: flags.months,
        replications: flags.replications,
        ..Default::default()
    };
    for s in &flags.sets {
        match load::parse_set_flag(s) {
            Ok((arms, k, v)) if arms.is_empty() => ov.sets.push((k, v)),
            Ok((arms, key, setting)) => ov.arm_sets.push(experiment::ArmSet { arms, key, setting }),
            Err(i) => issues.push(i),
        }
    }
    issues.extend(flag_issues(flags));
    if !issues.is_empty() {
        return Err(Error::Input(issues));
    }
    experiment::resolve(&doc, &src.label, &ov).map_err(Error::Input)
}

/// `--months`, `--replications` and `--seed` out of their ranges.
fn flag_issues(flags: &FlagOverrides) -> Vec<Issue> {
    let mut issues = Vec::new();
    for (flag, v, max) in [
        ("--months", flags.months.map(|m| m as u64), 1200u64),
        (
            "--replications",
            flags.replications.map(|r| r as u64),
            100_000,
        ),
    ] {
        if let Some(v) = v.filter(|&v| v == 0 || v > max) {
            issues.push(Issue {
                origin: Origin::flag(&format!("{flag} {v}")),
                key: String::new(),
                message: format!("expected a value from 1 to {max}"),
            });
        }
    }
    if let Some(seed) = flags.seed.filter(|&s| s > i64::MAX as u64) {
        issues.push(Issue {
            origin: Origin::flag(&format!("--seed {seed}")),
            key: String::new(),
            message: format!("expected a seed from 0 to {}", i64::MAX),
        });
    }
    issues
}

/// `berdaya explain`: the text for a topic, or the parameter tables.
pub fn explain(topic: Option<&str>, tables: bool) -> Result<String> {
    if tables {
        return Ok(crate::explain::tables());
    }
    crate::explain::explain(topic).map_err(Error::Usage)
}
