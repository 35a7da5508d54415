//! The evidence suite (`berdaya evidence`): the stylized facts F1-F11 of
//! `EVIDENCE.md`, checked against the built-in `evidence` experiment (and, for
//! the poverty trap, a direct asset-push experiment on a baseline world).
//! Every fact is a direction and a rough size, computed from the model's
//! output with paired differences over replications (common random numbers).
//! Nothing here feeds back into the model: a fact that fails, fails.
//!
//! One function per fact in [`facts`] (listed in [`facts::FACTS`]: adding a
//! fact is a function and a line there); F4's own experiment in [`trap`].
//!
//! [`robustness`] reruns the suite with every parameter that has a plausible
//! range drawn at random inside it (a Latin hypercube over the draws) and
//! reports the share of draws in which each fact holds.

pub mod facts;
pub mod trap;

pub use trap::{TRAP_LEVELS, poverty_trap};

use crate::error::{Error, Result};
use crate::experiment::{self as runner, RepResult};
use crate::model::metrics::Row;
use crate::progress::Silent;
use crate::scenario::experiment::{self, Experiment, Overrides};
use crate::scenario::load::{self, Origin, Setting};
use crate::scenario::{Kind, registry};
use crate::stats::{MeanCi, paired_diff_ci};
use rayon::prelude::*;

/// One checked fact.
#[derive(Debug, Clone)]
pub struct FactResult {
    pub id: &'static str,
    pub title: &'static str,
    pub source: &'static str,
    pub field: &'static str,
    pub model: String,
    pub holds: bool,
}

/// Size of the evidence runs.
#[derive(Debug, Clone)]
pub struct Options {
    pub replications: u32,
    pub villages: u32,
    pub households_per_village: u32,
    pub threads: usize,
    pub seed: Option<u64>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            replications: 8,
            villages: 10,
            households_per_village: 200,
            threads: 0,
            seed: None,
        }
    }
}

/// The evidence experiment, sized by `opts`, with `extra` settings applied to
/// its base (so that arms keep their own overrides).
pub fn experiment(opts: &Options, extra: &[(&'static str, Setting)]) -> Result<Experiment> {
    let text = crate::builtin::get("evidence")
        .ok_or_else(|| Error::Other("the evidence experiment is missing".into()))?;
    let (mut doc, issues) = load::parse_document("builtin:evidence", text);
    if !issues.is_empty() {
        return Err(Error::Input(issues));
    }
    for (k, v) in extra {
        doc.settings.insert(k, v.clone());
    }
    let set = |doc: &mut load::RawDoc, key: &'static str, v: i64| {
        doc.settings.insert(
            key,
            Setting {
                value: toml::Value::Integer(v),
                origin: Origin::flag("evidence"),
            },
        );
    };
    set(&mut doc, "population.villages", opts.villages as i64);
    set(
        &mut doc,
        "population.households_per_village",
        opts.households_per_village as i64,
    );
    let ov = Overrides {
        replications: Some(opts.replications),
        seed: opts.seed,
        ..Default::default()
    };
    experiment::resolve(&doc, "builtin:evidence", &ov).map_err(Error::Input)
}

/// All replications of an experiment, in memory (the evidence experiment is small).
pub struct Runs {
    pub exp: Experiment,
    pub reps: Vec<RepResult>,
}

impl Runs {
    pub fn run(exp: Experiment, threads: usize) -> Result<Runs> {
        let pool = runner::pool(threads)?;
        let groups = runner::world_groups(&exp);
        let reps = pool.install(|| {
            (0..exp.replications())
                .into_par_iter()
                .map(|r| runner::run_replication(&exp, &groups, r, &Silent))
                .collect()
        });
        Ok(Runs { exp, reps })
    }

    pub(crate) fn arm(&self, name: &str) -> usize {
        self.exp
            .arms
            .iter()
            .position(|a| a.name == name)
            .unwrap_or_else(|| panic!("evidence arm {name} missing"))
    }

    /// The program's last month (the same in every arm of the evidence
    /// experiment; the latest if arms differ).
    pub fn program_end(&self) -> Result<u32> {
        (0..self.exp.arms.len())
            .filter_map(|a| runner::estimate::program_end(&self.exp, a))
            .max()
            .ok_or_else(|| {
                Error::Other(
                    "the evidence experiment has no program that ends before its horizon".into(),
                )
            })
    }

    pub fn row(&self, rep: usize, arm: &str, month: u32) -> &Row {
        &self.reps[rep].arms[self.arm(arm)][month as usize - 1]
    }

    /// Values of a column for an arm at a month, one per replication.
    pub fn values(&self, arm: &str, month: u32, c: usize) -> Vec<f64> {
        (0..self.reps.len())
            .map(|r| self.row(r, arm, month)[c])
            .collect()
    }

    /// Paired difference arm − control.
    pub fn effect(&self, arm: &str, control: &str, month: u32, c: usize) -> MeanCi {
        paired_diff_ci(
            &self.values(control, month, c),
            &self.values(arm, month, c),
            0.95,
        )
    }

    /// Effect in percent of the control mean.
    pub fn pct(&self, arm: &str, control: &str, month: u32, c: usize) -> Interval {
        let base = mean(&self.values(control, month, c));
        let e = self.effect(arm, control, month, c);
        Interval {
            mean: 100.0 * e.mean / base,
            low: 100.0 * e.ci_low / base,
            high: 100.0 * e.ci_high / base,
        }
    }

    /// Effect in household-level SDs of the control arm (column `sd_col`).
    pub fn esd(&self, arm: &str, control: &str, month: u32, c: usize, sd_col: usize) -> Interval {
        let sd = mean(&self.values(control, month, sd_col));
        let e = self.effect(arm, control, month, c);
        Interval {
            mean: e.mean / sd,
            low: e.ci_low / sd,
            high: e.ci_high / sd,
        }
    }

    /// Mean over replications and months `from..=to` of an arm's column.
    pub fn mean_over(&self, arm: &str, c: usize, from: u32, to: u32) -> f64 {
        let v: Vec<f64> = (from..=to)
            .flat_map(|m| self.values(arm, m, c))
            .filter(|x| x.is_finite())
            .collect();
        mean(&v)
    }
}

/// A mean with its 95% interval.
#[derive(Debug, Clone, Copy)]
pub struct Interval {
    pub mean: f64,
    pub low: f64,
    pub high: f64,
}

pub(crate) fn mean(x: &[f64]) -> f64 {
    if x.is_empty() {
        f64::NAN
    } else {
        x.iter().sum::<f64>() / x.len() as f64
    }
}

/// "+1.2% [-0.3, +2.7]"
pub(crate) fn pp(x: Interval) -> String {
    format!("{:+.1}% [{:+.1}, {:+.1}]", x.mean, x.low, x.high)
}

/// Runs the whole suite.
pub fn run(opts: &Options, extra: &[(&'static str, Setting)]) -> Result<Vec<FactResult>> {
    let exp = experiment(opts, extra)?;
    let trap = poverty_trap(&exp, opts.replications.clamp(2, 4), opts.threads)?;
    let runs = Runs::run(exp, opts.threads)?;
    facts::evaluate(&runs, &trap)
}

/// What the robustness draws give.
#[derive(Debug, Clone, Default)]
pub struct Robustness {
    /// Per fact, the number of valid draws in which it held.
    pub counts: Vec<(&'static str, usize)>,
    /// Draws whose scenario passed validation.
    pub valid: usize,
    /// Per draw, the drawn value of every parameter.
    pub draws: Vec<Vec<(&'static str, f64)>>,
    /// Per valid draw (draw number from 1), every fact's result.
    pub facts: Vec<(usize, Vec<FactResult>)>,
}

/// Robustness: `draws` draws of every parameter with a plausible range (a
/// Latin hypercube, seeded), the suite run on each. Returns, per fact, the
/// number of draws in which it held, and the number of valid draws (a draw
/// that breaks a cross-field rule is skipped and counted out).
pub fn robustness(
    opts: &Options,
    draws: usize,
    seed: u64,
    mut progress: impl FnMut(usize),
) -> Result<Robustness> {
    let params: Vec<_> = registry()
        .iter()
        .filter(|p| p.kind == Kind::Float && p.spec.plausible.is_some())
        .collect();
    let design = crate::sensitivity::lhs::latin_hypercube(draws, params.len(), seed);
    let mut out = Robustness::default();
    for (d, u) in design.iter().enumerate() {
        let mut extra = Vec::new();
        let mut values = Vec::new();
        for (p, &x) in params.iter().zip(u) {
            let (lo, hi) = p.spec.plausible.unwrap_or((0.0, 0.0));
            let v = lo + x * (hi - lo);
            values.push((p.key, v));
            extra.push((
                p.key,
                Setting {
                    value: toml::Value::Float(v),
                    origin: Origin::flag("robustness draw"),
                },
            ));
        }
        out.draws.push(values);
        progress(d);
        let facts = match run(opts, &extra) {
            Ok(f) => f,
            Err(Error::Input(_)) => continue,
            Err(e) => return Err(e),
        };
        out.valid += 1;
        for f in &facts {
            match out.counts.iter_mut().find(|(id, _)| *id == f.id) {
                Some(c) => c.1 += usize::from(f.holds),
                None => out.counts.push((f.id, usize::from(f.holds))),
            }
        }
        out.facts.push((d + 1, facts));
    }
    Ok(out)
}
