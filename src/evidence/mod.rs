//! The evidence suite (`berdaya evidence`): the stylized facts F1-F12 of
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
//! reports the share of draws in which each fact holds; by default only draws
//! whose baseline, with no program, is rural Indonesia count ([`baseline`]).

pub mod baseline;
pub mod checks;
pub mod drivers;
pub mod facts;
pub mod takers;
pub mod trap;

pub use baseline::{Baseline, GINI_BAND, POVERTY_BAND, baseline};
pub use checks::{Check, CheckSummary, Rule, summarise};
pub use drivers::{Driver, ValueDriver, drivers, value_drivers};
pub use takers::{Takers, takers};
pub use trap::{TRAP_LEVELS, poverty_trap};

use crate::error::{Error, Result};
use crate::experiment::uncertainty::draw_key;
use crate::experiment::{self as runner, RepResult};
use crate::model::metrics::{Row, col};
use crate::progress::Silent;
pub use crate::scenario::Prior;
use crate::scenario::experiment::{self, Experiment, Overrides};
use crate::scenario::load::{self, Origin, Setting};
use crate::scenario::{Kind, registry};
use crate::stats::{MeanCi, paired_diff_ci};
use rayon::prelude::*;

/// One checked fact, its texts in English and in Indonesian (`_id`; the
/// source is a citation, the same in both).
#[derive(Debug, Clone, serde::Serialize)]
pub struct FactResult {
    pub id: &'static str,
    pub title: &'static str,
    pub source: &'static str,
    pub field: &'static str,
    pub model: String,
    pub holds: bool,
    pub title_id: &'static str,
    pub field_id: &'static str,
    pub model_id: String,
    /// The criteria behind `holds`, each with its measured value: `holds`
    /// is true when every one passes.
    pub checks: Vec<Check>,
}

impl FactResult {
    /// Whether the fact holds on its values while some passing criterion's
    /// Monte Carlo interval reaches past its bound ([`Check::within_noise`]):
    /// it holds, but more replications could turn it.
    pub fn within_noise(&self) -> bool {
        self.holds && self.checks.iter().any(Check::within_noise)
    }
}

/// Numbers of an English-formatted sentence in Indonesian style: a decimal
/// point between digits becomes a comma (`+2.3%` → `+2,3%`), and the comma
/// between an interval's bounds a semicolon (`[+1.5, +1.7]` → `[+1,5; +1,7]`).
/// Thousands are never grouped in these sentences, so nothing else changes.
pub fn id_numbers(s: &str) -> String {
    let c: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for (i, &ch) in c.iter().enumerate() {
        let digit = |j: Option<usize>| j.and_then(|j| c.get(j)).is_some_and(|d| d.is_ascii_digit());
        match ch {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if ch == '.' && digit(i.checked_sub(1)) && digit(Some(i + 1)) {
            out.push(',');
        } else if ch == ',' && depth > 0 && c.get(i + 1) == Some(&' ') {
            out.push(';');
        } else {
            out.push(ch);
        }
    }
    out
}

/// `berdaya evidence`'s default size: replications of each arm, villages,
/// households per village (the CLI's defaults and [`Options::default`]).
pub const DEFAULT_SIZE: (u32, u32, u32) = (24, 10, 200);

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
            replications: DEFAULT_SIZE.0,
            villages: DEFAULT_SIZE.1,
            households_per_village: DEFAULT_SIZE.2,
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

    /// [`Runs::pct`] in each replication: the arm's paired difference in
    /// percent of the control's mean over replications (the terms whose mean
    /// is `pct`'s), for paired comparisons of two effects.
    pub fn pct_per_rep(&self, arm: &str, control: &str, month: u32, c: usize) -> Vec<f64> {
        let ctl = self.values(control, month, c);
        let base = mean(&ctl);
        let a = self.values(arm, month, c);
        a.iter()
            .zip(&ctl)
            .map(|(a, c)| 100.0 * (a - c) / base)
            .collect()
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

    /// The control arm's poverty rate and Gini in the first month and at the
    /// horizon, means over the replications.
    pub fn baseline(&self) -> Baseline {
        let h = self.exp.months();
        let at = |m: u32, c: usize| mean(&self.values("control", m, c));
        Baseline {
            poverty_start: at(1, col::POVERTY_RATE),
            gini_start: at(1, col::GINI),
            poverty_end: at(h, col::POVERTY_RATE),
            gini_end: at(h, col::GINI),
        }
    }

    /// F8's takers of the revolving fund ([`takers`]): its arm and control
    /// again, household by household, to the program's end (their incomes
    /// then, their consumption at [`facts::F8_CONSUMPTION_MONTH`]), over the
    /// same replications.
    pub fn f8_takers(&self, threads: usize) -> Result<Takers> {
        takers(
            &self.exp,
            facts::F8_ARM,
            self.program_end()?,
            facts::F8_CONSUMPTION_MONTH,
            self.reps.len() as u32,
            threads,
        )
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
    Ok(suite(opts, extra)?.0)
}

/// Runs the whole suite; also returns the world the facts were checked in:
/// the control arm's poverty and Gini in the first month and at the horizon,
/// means over the replications.
pub fn suite(
    opts: &Options,
    extra: &[(&'static str, Setting)],
) -> Result<(Vec<FactResult>, Baseline)> {
    let exp = experiment(opts, extra)?;
    let trap = poverty_trap(&exp, opts.replications.clamp(2, 4), opts.threads)?;
    let runs = Runs::run(exp, opts.threads)?;
    let takers = runs.f8_takers(opts.threads)?;
    Ok((facts::evaluate(&runs, &trap, &takers)?, runs.baseline()))
}

/// What the robustness draws give.
#[derive(Debug, Clone, Default)]
pub struct Robustness {
    /// Per fact, the number of valid draws in which it held.
    pub counts: Vec<(&'static str, usize)>,
    /// Draws whose scenario passed validation (and, when screened, whose
    /// baseline was inside the bands): the draws the suite ran on.
    pub valid: usize,
    /// Per candidate draw, the drawn value of every parameter.
    pub draws: Vec<Vec<(&'static str, f64)>>,
    /// Per screened candidate (number from 1), its baseline (`None`: the
    /// draw broke a cross-field rule) and whether it was kept.
    pub screen: Vec<(usize, Option<Baseline>, bool)>,
    /// Per valid draw (candidate number from 1), every fact's result.
    pub facts: Vec<(usize, Vec<FactResult>)>,
}

impl Robustness {
    /// The valid draws in which fact `id` held clear of Monte Carlo noise
    /// (held, and no passing criterion's interval reaches past its bound:
    /// [`FactResult::within_noise`]).
    pub fn clearly(&self, id: &str) -> usize {
        self.facts
            .iter()
            .filter(|(_, facts)| {
                facts
                    .iter()
                    .any(|f| f.id == id && f.holds && !f.within_noise())
            })
            .count()
    }

    /// Per fact, in report order: the draws in which it held, its share of
    /// the valid draws and the share's 95% Wilson interval.
    pub fn shares(&self) -> Vec<(&'static str, usize, f64, (f64, f64))> {
        self.counts
            .iter()
            .map(|&(id, n)| {
                let share = n as f64 / self.valid.max(1) as f64;
                (
                    id,
                    n,
                    share,
                    crate::stats::wilson_interval(n, self.valid, 0.95),
                )
            })
            .collect()
    }
}

/// How robustness draws are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Every draw of the Latin hypercube counts.
    None,
    /// Only draws whose baseline is rural Indonesia count ([`baseline`]):
    /// candidates are drawn (a Latin hypercube of [`CANDIDATES_PER_DRAW`]
    /// times the draws asked) and screened in order until enough are kept.
    Baseline,
}

/// Candidates drawn per robustness draw asked, when screening.
pub const CANDIDATES_PER_DRAW: usize = 30;

/// A robustness run's design: how many draws, from which seed, screened or
/// not, and how each key's draws spread over its plausible range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Design {
    pub draws: usize,
    pub seed: u64,
    pub screen: Screen,
    pub prior: Prior,
}

/// What a robustness draw draws: every float key with a plausible range but
/// those held fixed, which keep their value in every draw.
struct DrawSpace<'a> {
    params: Vec<&'static crate::scenario::ParamInfo>,
    fixed: &'a [(&'static str, Setting)],
    prior: Prior,
}

impl<'a> DrawSpace<'a> {
    fn new(fixed: &'a [(&'static str, Setting)], prior: Prior) -> Self {
        let params = registry()
            .iter()
            .filter(|p| p.kind == Kind::Float && p.spec.plausible.is_some())
            .filter(|p| fixed.iter().all(|(k, _)| *k != p.key))
            .collect();
        DrawSpace {
            params,
            fixed,
            prior,
        }
    }

    /// The drawn keys at a point `u` of the unit cube.
    fn drawn(&self, u: &[f64]) -> Vec<(&'static str, Setting)> {
        self.params
            .iter()
            .zip(u)
            .map(|(p, &x)| {
                let value = toml::Value::Float(draw_key(self.prior, p, x));
                let origin = Origin::flag("robustness draw");
                (p.key, Setting { value, origin })
            })
            .collect()
    }

    /// A draw's settings for the suite: the drawn keys and the fixed ones.
    fn with_fixed(&self, u: &[f64]) -> Vec<(&'static str, Setting)> {
        let mut x = self.drawn(u);
        x.extend(self.fixed.iter().cloned());
        x
    }
}

/// Candidates a robustness run of `draws` draws takes from its Latin
/// hypercube: `draws` unscreened, [`CANDIDATES_PER_DRAW`] times as many
/// screened. The hypercube's strata depend on this number, so a draw is named
/// by its candidate number within a run of a given size.
pub fn candidates(draws: usize, screen: Screen) -> usize {
    match screen {
        Screen::None => draws,
        Screen::Baseline => draws * CANDIDATES_PER_DRAW,
    }
}

/// The settings of candidate `n` (1-based, the `draw` column of the
/// robustness files) of the robustness run `design`: its drawn keys, then the
/// keys held `fixed`, exactly as [`robustness`] ran it. `None` when `n` is not
/// one of its candidates.
pub fn draw_settings(
    design: Design,
    fixed: &[(&'static str, Setting)],
    n: usize,
) -> Option<Vec<(&'static str, Setting)>> {
    let k = candidates(design.draws, design.screen);
    if n == 0 || n > k {
        return None;
    }
    let space = DrawSpace::new(fixed, design.prior);
    let cube = crate::sensitivity::lhs::latin_hypercube(k, space.params.len(), design.seed);
    Some(space.with_fixed(&cube[n - 1]))
}

/// Robustness: draws of every parameter with a plausible range (a Latin
/// hypercube, seeded, each key spread over its range as `design.prior`
/// says), the suite run on each of `design.draws` of them — the first
/// candidates when the screen is [`Screen::None`], the first whose baseline
/// is inside the bands when it is [`Screen::Baseline`].
/// Keys in `fixed` keep their value in every draw and are not drawn.
/// Returns, per fact, the number of draws in which it held, and the number of
/// valid draws (a draw that breaks a cross-field rule is skipped and counted
/// out; with screening, fewer than `draws` are kept when the candidates run out).
pub fn robustness(
    opts: &Options,
    design: Design,
    fixed: &[(&'static str, Setting)],
    mut progress: impl FnMut(usize),
) -> Result<Robustness> {
    let Design {
        draws,
        seed,
        screen,
        prior,
    } = design;
    let space = DrawSpace::new(fixed, prior);
    let candidates = candidates(draws, screen);
    let design = crate::sensitivity::lhs::latin_hypercube(candidates, space.params.len(), seed);
    let mut out = Robustness::default();
    let pool = runner::pool(opts.threads)?;
    // screening runs one control world per candidate: in parallel chunks,
    // kept in candidate order, so the result does not depend on threads
    let chunk = 2 * pool.current_num_threads().max(1);
    let mut d = 0;
    while d < candidates && out.valid < draws {
        let end = (d + if screen == Screen::None { 1 } else { chunk }).min(candidates);
        // with screening, each candidate's baseline (`None`: the draw breaks
        // a cross-field rule); without, nothing to compute here
        let screened: Vec<Result<Option<Baseline>>> = match screen {
            Screen::None => (d..end).map(|_| Ok(None)).collect(),
            Screen::Baseline => pool.install(|| {
                (d..end)
                    .into_par_iter()
                    .map(|k| match experiment(opts, &space.with_fixed(&design[k])) {
                        Err(Error::Input(_)) => Ok(None),
                        Err(e) => Err(e),
                        Ok(exp) => baseline(&exp).map(Some),
                    })
                    .collect()
            }),
        };
        for (k, b) in (d..end).zip(screened) {
            if out.valid >= draws {
                break;
            }
            let mut extra = space.drawn(&design[k]);
            out.draws.push(
                extra
                    .iter()
                    .map(|(key, s)| (*key, s.value.as_float().unwrap_or(f64::NAN)))
                    .collect(),
            );
            extra.extend(fixed.iter().cloned());
            let b = b?;
            let keep = match screen {
                Screen::None => true,
                Screen::Baseline => {
                    let keep = b.is_some_and(|b| b.in_bands());
                    out.screen.push((k + 1, b, keep));
                    keep
                }
            };
            if !keep {
                continue;
            }
            progress(out.valid);
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
            out.facts.push((k + 1, facts));
        }
        d = end;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::id_numbers;

    #[test]
    fn numbers_in_indonesian_style() {
        assert_eq!(
            id_numbers("konsumsi +2.3% [+2.2, +2.4], x0.25; 0.3 K*: 35%, 1.1 K*: 83%"),
            "konsumsi +2,3% [+2,2; +2,4], x0,25; 0,3 K*: 35%, 1,1 K*: 83%"
        );
        // no number, no change; a full stop after a number stays
        assert_eq!(id_numbers("Rp/bulan. C16a, F12."), "Rp/bulan. C16a, F12.");
        assert_eq!(id_numbers("bulan 36."), "bulan 36.");
    }
}
