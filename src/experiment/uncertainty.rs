//! Effects with model uncertainty (`[uncertainty]`, `--draws N`): draw
//! parameter sets, run every arm under each draw with common random numbers
//! inside the draw, and summarise each arm's effect over the draws (median,
//! 90% interval, probability of beating control and each other arm).
//!
//! Draws come from the plausible ranges of the registry (every float key
//! with a range that no arm, base or flag sets explicitly: a Latin hypercube
//! of `uncertainty.draws` points, seeded by `uncertainty.seed`; with
//! `uncertainty.screen`, the default, a hypercube of [`SCREEN_CANDIDATES`]
//! times as many candidates, kept in order while their no-program baseline
//! stays near the scenario's own: [`screened`]), or from a
//! calibration's `posterior.csv` (systematic resampling of its weighted
//! particles; keys it does not hold stay as the scenario sets them). A draw
//! that breaks a cross-field rule is skipped and counted out. Draw `d` runs
//! replications `0..uncertainty.replications` with the experiment's seed, so
//! the draws share their populations and shocks as the arms do: the spread
//! over draws is the parameters', not the dice's (up to the small Monte
//! Carlo noise of those replications). Draws run in parallel and are
//! collected in draw order, so the files are the same on any number of
//! threads; a shard `k/n` runs draws `k-1, k-1+n, ...`.

use super::estimate::Estimates;
use super::{run_replication, world_groups};
use crate::error::{Error, Issue, Origin, Result};
use crate::progress::Progress;
use crate::scenario::experiment::Experiment;
use crate::scenario::{Kind, ParamInfo, Prior, Scenario, registry, validate};
use crate::sensitivity::lhs::latin_hypercube;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::Path;

/// The value at quantile `u` (in [0, 1]) of registry key `p` drawn as
/// `prior` says over its plausible range: `uniform`, `lo + u (hi − lo)`;
/// `pert`, the PERT quantile with its most likely value at the key's default
/// ([`crate::stats::pert_quantile`]). `lo` when the key has no range.
pub fn draw_key(prior: Prior, p: &ParamInfo, u: f64) -> f64 {
    let (lo, hi) = p.spec.plausible.unwrap_or((0.0, 0.0));
    match prior {
        Prior::Uniform => lo + u * (hi - lo),
        Prior::Pert => {
            let mode = p.default.as_float().unwrap_or(0.5 * (lo + hi));
            crate::stats::pert_quantile(u, lo, mode, hi)
        }
    }
}

/// The parameter sets of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawPlan {
    /// Where the draws come from, in words (for the files and the terminal).
    pub source: String,
    pub keys: Vec<String>,
    /// One row per draw, one value per key.
    pub values: Vec<Vec<f64>>,
    pub replications: u32,
    /// Household-months the screen simulated to choose the draws (its
    /// reference world and every candidate it ran; 0 without a screen).
    pub screen_household_months: f64,
}

/// A scenario with `keys` set to `values` (through its TOML form, so the
/// typed struct is rebuilt exactly as a file would build it).
pub fn with_values(base: &Scenario, keys: &[String], values: &[f64]) -> Option<Scenario> {
    let mut t = match toml::Value::try_from(base) {
        Ok(toml::Value::Table(t)) => t,
        _ => return None,
    };
    for (k, v) in keys.iter().zip(values) {
        let (sec, key) = k.split_once('.')?;
        if let Some(toml::Value::Table(s)) = t.get_mut(sec) {
            s.insert(key.to_string(), toml::Value::Float(*v));
        }
    }
    toml::Value::Table(t).try_into().ok()
}

/// Keys set explicitly anywhere in the experiment (base, arms, flags).
fn explicit_keys(exp: &Experiment) -> BTreeSet<&'static str> {
    exp.arms
        .iter()
        .flat_map(|a| a.settings.keys().copied())
        .collect()
}

/// How far a screened draw's no-program baseline may sit from the
/// scenario's own, in its first month and at the horizon: poverty rate
/// (share) and Gini. About the span of rural Indonesia's official figures
/// over 2015-2025 (poverty 11.0-14.2%, Gini 0.31-0.33) plus the sampling
/// noise of the screening world (2,000 households: about 0.7 points).
pub const SCREEN_POVERTY: f64 = 0.035;
pub const SCREEN_GINI: f64 = 0.04;
/// Candidates drawn per draw asked, when screening.
pub const SCREEN_CANDIDATES: usize = 30;
/// Villages of a screening world (fewer when the experiment has fewer).
const SCREEN_VILLAGES: u32 = 10;

/// Households of one screening world of scenario `s`: at most
/// [`SCREEN_VILLAGES`] of its villages.
pub fn screen_households(s: &Scenario) -> f64 {
    f64::from(s.population.villages.min(SCREEN_VILLAGES))
        * f64::from(s.population.households_per_village)
}

/// Whether `exp`'s draws are screened, and against which arm: draws from the
/// plausible ranges, with `uncertainty.screen` on and a control arm.
fn screen_arm(exp: &Experiment) -> Option<usize> {
    let u = &exp.base.uncertainty;
    if u.draws == 0 || !u.posterior.is_empty() || !u.screen {
        return None;
    }
    exp.control()
}

/// The most the screen may run before anything is drawn: candidate worlds
/// (the reference and [`SCREEN_CANDIDATES`] per draw) and their
/// household-months; `(0, 0.0)` when the draws are not screened.
pub fn screen_bound(exp: &Experiment) -> (usize, f64) {
    screen_arm(exp).map_or((0, 0.0), |c| {
        let worlds = exp.base.uncertainty.draws as usize * SCREEN_CANDIDATES + 1;
        let world = screen_households(&exp.arms[c].scenario) * f64::from(exp.months());
        (worlds, worlds as f64 * world)
    })
}

/// A control world's poverty rate and Gini in its first month and at
/// `months`: `[poverty_1, gini_1, poverty_end, gini_end]`, at no more than
/// [`SCREEN_VILLAGES`] villages, replication 0. `None` if the scenario
/// breaks a rule.
fn baseline_of(s: &Scenario, months: u32) -> Option<[f64; 4]> {
    use crate::model::metrics::col;
    let mut s = s.clone();
    s.population.villages = s.population.villages.min(SCREEN_VILLAGES);
    s.uncertainty.draws = 0;
    if !validate::validate(&s).is_empty() {
        return None;
    }
    let (first, last) = super::first_and_last_month(s, months);
    Some([
        first[col::POVERTY_RATE],
        first[col::GINI],
        last[col::POVERTY_RATE],
        last[col::GINI],
    ])
}

/// Whether a draw's baseline `b` stays near the reference `r`: each
/// poverty rate within [`SCREEN_POVERTY`] and each Gini within
/// [`SCREEN_GINI`] of the reference's at the same moment.
pub fn near(b: &[f64; 4], r: &[f64; 4]) -> bool {
    let tol = [SCREEN_POVERTY, SCREEN_GINI, SCREEN_POVERTY, SCREEN_GINI];
    b.iter()
        .zip(r)
        .zip(tol)
        .all(|((b, r), t)| (b - r).abs() <= t)
}

/// What the screen kept and what it cost.
struct Screened {
    /// The rows kept, in candidate order.
    kept: Vec<Vec<f64>>,
    /// Candidates looked at, up to the last one kept.
    seen: usize,
    /// Candidates run (whole chunks).
    ran: usize,
    /// The control arm's own baseline.
    reference: [f64; 4],
}

/// The first `n` rows of `design` (in order) whose control world, with the
/// row's values, has a baseline [`near`] the control arm's own. Candidates are run in parallel chunks on
/// a pool of `threads` and kept in candidate order, so the result does not
/// depend on threads.
fn screened(
    exp: &Experiment,
    control: usize,
    keys: &[String],
    design: Vec<Vec<f64>>,
    n: usize,
    threads: usize,
) -> Result<Screened> {
    let ctl = &exp.arms[control].scenario;
    let months = exp.months();
    let reference = baseline_of(ctl, months).ok_or_else(|| {
        Error::Other("the control arm breaks a rule; it cannot be screened against".into())
    })?;
    let pool = super::pool(threads)?;
    let chunk = 2 * pool.current_num_threads().max(1);
    let mut kept = Vec::with_capacity(n);
    let (mut seen, mut ran) = (0, 0);
    for rows in design.chunks(chunk) {
        if kept.len() >= n {
            break;
        }
        ran += rows.len();
        let ok: Vec<bool> = pool.install(|| {
            rows.par_iter()
                .map(|v| {
                    with_values(ctl, keys, v)
                        .and_then(|s| baseline_of(&s, months))
                        .is_some_and(|b| near(&b, &reference))
                })
                .collect()
        });
        for (v, ok) in rows.iter().zip(ok) {
            if kept.len() >= n {
                break;
            }
            seen += 1;
            if ok {
                kept.push(v.clone());
            }
        }
    }
    Ok(Screened {
        kept,
        seen,
        ran,
        reference,
    })
}

/// The draws of an experiment, from its `[uncertainty]` section; `None`
/// when it asks for none. `file` is the scenario's label (a relative
/// posterior path is read from its folder, else from the working folder).
/// Screening (`uncertainty.screen`) runs one small control world per
/// candidate on `threads` worker threads.
pub fn plan(exp: &Experiment, file: &str, threads: usize) -> Result<Option<DrawPlan>> {
    let u = &exp.base.uncertainty;
    if u.draws == 0 {
        return Ok(None);
    }
    if !u.posterior.is_empty() {
        return posterior_plan(exp, file).map(Some);
    }
    let set = explicit_keys(exp);
    let params: Vec<_> = registry()
        .iter()
        .filter(|p| p.kind == Kind::Float && p.spec.plausible.is_some())
        .filter(|p| !set.contains(p.key))
        .collect();
    let n = u.draws as usize;
    let control = screen_arm(exp);
    let candidates = if control.is_some() {
        n * SCREEN_CANDIDATES
    } else {
        n
    };
    let design = latin_hypercube(candidates, params.len(), u.seed);
    let values: Vec<Vec<f64>> = design
        .iter()
        .map(|row| {
            params
                .iter()
                .zip(row)
                .map(|(p, &x)| draw_key(u.prior, p, x))
                .collect()
        })
        .collect();
    let keys: Vec<String> = params.iter().map(|p| p.key.to_string()).collect();
    let spread = match u.prior {
        Prior::Uniform => "uniform",
        Prior::Pert => "PERT, most likely at the default",
    };
    let drawn = format!(
        "{} keys with a plausible range, {spread} (Latin hypercube, seed {})",
        params.len(),
        u.seed
    );
    let (values, source, screen_household_months) = match control {
        None => (values, drawn, 0.0),
        Some(c) => {
            let Screened {
                kept,
                seen,
                ran,
                reference: r,
            } = screened(exp, c, &keys, values, n, threads)?;
            if kept.is_empty() {
                return Err(Error::Usage(format!(
                    "none of the {seen} candidate parameter draws keeps the control arm's world without a program near the scenario's own (poverty within {:.1} points, Gini within {:.2}, in month 1 and at the horizon); set `uncertainty.screen = false` to keep every draw, or draw from a calibration (`--posterior`)",
                    100.0 * SCREEN_POVERTY,
                    SCREEN_GINI
                )));
            }
            let short = if kept.len() < n {
                format!(" (fewer than the {n} asked: the candidates ran out)")
            } else {
                String::new()
            };
            let source = format!(
                "{drawn}, screened: the {} of the first {seen} candidates whose control world with no program (at most {SCREEN_VILLAGES} villages) keeps poverty within {:.1} points and Gini within {:.2} of the scenario's own ({:.1}% and {:.3} in month 1, {:.1}% and {:.3} at month {})",
                kept.len(),
                100.0 * SCREEN_POVERTY,
                SCREEN_GINI,
                100.0 * r[0],
                r[1],
                100.0 * r[2],
                r[3],
                exp.months()
            ) + &short;
            let world = screen_households(&exp.arms[c].scenario) * exp.months() as f64;
            (kept, source, (ran + 1) as f64 * world)
        }
    };
    Ok(Some(DrawPlan {
        source,
        keys,
        values,
        replications: u.replications,
        screen_household_months,
    }))
}

fn posterior_path(exp: &Experiment, file: &str) -> std::path::PathBuf {
    let given = Path::new(&exp.base.uncertainty.posterior);
    let from_file = exp
        .arms
        .iter()
        .find_map(|a| a.settings.get("uncertainty.posterior"))
        .map(|s| s.origin.file.clone())
        .filter(|f| !f.starts_with("--") && !f.starts_with("builtin:"))
        .unwrap_or_else(|| file.to_string());
    if given.is_absolute() || file.starts_with("builtin:") || from_file.starts_with("--") {
        return given.to_path_buf();
    }
    match Path::new(&from_file).parent() {
        Some(dir) if Path::new(&from_file).is_file() => dir.join(given),
        _ => given.to_path_buf(),
    }
}

/// Draws from a calibration's weighted posterior: systematic resampling
/// with one uniform from `uncertainty.seed`.
fn posterior_plan(exp: &Experiment, file: &str) -> Result<DrawPlan> {
    let path = posterior_path(exp, file);
    let label = path.display().to_string();
    let fail = |line: Option<usize>, m: String| {
        Error::Input(vec![Issue {
            origin: Origin {
                file: label.clone(),
                line,
                column: None,
            },
            key: "uncertainty.posterior".into(),
            message: m,
        }])
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| fail(None, format!("cannot read the posterior file: {e}")))?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines
        .next()
        .ok_or_else(|| {
            fail(
                None,
                "the posterior file is empty; expected posterior.csv of `berdaya calibrate`".into(),
            )
        })?
        .split(',')
        .collect();
    let wcol = header.iter().position(|h| *h == "weight").ok_or_else(|| {
        fail(
            Some(1),
            "no `weight` column; expected posterior.csv of `berdaya calibrate`".into(),
        )
    })?;
    let cols: Vec<(usize, String)> = header
        .iter()
        .enumerate()
        .filter(|(_, h)| crate::scenario::param(h).is_some_and(|p| p.kind == Kind::Float))
        .map(|(i, h)| (i, h.to_string()))
        .collect();
    if cols.is_empty() {
        return Err(fail(
            Some(1),
            "no column names a decimal key of the scenario".into(),
        ));
    }
    let mut particles: Vec<(f64, Vec<f64>)> = Vec::new();
    for (i, line) in lines.enumerate() {
        let f: Vec<&str> = line.split(',').collect();
        let num = |c: usize| f.get(c).and_then(|x| x.trim().parse::<f64>().ok());
        let w = num(wcol).filter(|w| w.is_finite() && *w >= 0.0);
        let v: Option<Vec<f64>> = cols.iter().map(|(c, _)| num(*c)).collect();
        match (w, v) {
            (Some(w), Some(v)) => particles.push((w, v)),
            _ => {
                return Err(fail(
                    Some(i + 2),
                    "expected numbers in the weight and key columns".into(),
                ));
            }
        }
    }
    let total: f64 = particles.iter().map(|p| p.0).sum();
    if particles.is_empty() || total <= 0.0 {
        return Err(fail(
            None,
            "the posterior has no particle with a positive weight".into(),
        ));
    }
    let u = &exp.base.uncertainty;
    let n = u.draws as usize;
    let start = latin_hypercube(1, 1, u.seed)[0][0];
    let mut values = Vec::with_capacity(n);
    let (mut acc, mut j) = (particles[0].0 / total, 0);
    for d in 0..n {
        let target = (start + d as f64) / n as f64;
        while acc < target && j + 1 < particles.len() {
            j += 1;
            acc += particles[j].0 / total;
        }
        values.push(particles[j].1.clone());
    }
    Ok(DrawPlan {
        source: format!(
            "the weighted posterior of {} ({} particles, systematic resampling, seed {})",
            label,
            particles.len(),
            u.seed
        ),
        keys: cols.into_iter().map(|(_, k)| k).collect(),
        values,
        replications: u.replications,
        screen_household_months: 0.0,
    })
}

/// (arm, metric, period): the key of one effect.
pub type EffectKey = (String, String, String);
/// One draw's effects, in `effect_rows` order; `None` for a skipped draw.
pub type DrawResult = Option<Vec<(EffectKey, f64)>>;

/// The effect of one arm on one metric at one moment in every valid draw.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawEffects {
    /// Indices of the draws that ran (passed validation), in order.
    pub valid: Vec<usize>,
    /// (arm, metric, period) -> effect in each valid draw.
    pub effects: Vec<(EffectKey, Vec<f64>)>,
}

/// One draw's experiment: every arm with the draw's values, the draw's
/// replications, no draws of its own. `None` if a rule breaks.
fn draw_experiment(exp: &Experiment, plan: &DrawPlan, d: usize) -> Option<Experiment> {
    let mut e = exp.clone();
    e.base.replications = plan.replications;
    for a in &mut e.arms {
        let mut s = with_values(&a.scenario, &plan.keys, &plan.values[d])?;
        s.replications = plan.replications;
        s.uncertainty.draws = 0;
        if !validate::validate(&s).is_empty() {
            return None;
        }
        a.scenario = s;
    }
    Some(e)
}

/// One draw: the paired effects of every arm on every contract metric.
fn run_draw(exp: &Experiment, plan: &DrawPlan, d: usize, progress: &dyn Progress) -> DrawResult {
    let e = draw_experiment(exp, plan, d)?;
    let groups = world_groups(&e);
    let mut est = Estimates::new(&e);
    for r in 0..plan.replications {
        est.push(&run_replication(&e, &groups, r, progress));
    }
    Some(
        est.effect_rows()
            .iter()
            .map(|r| {
                (
                    (r.arm.to_string(), r.column.clone(), r.period.to_string()),
                    r.effect,
                )
            })
            .collect(),
    )
}

/// Runs the draws `shard.0, shard.0 + shard.1, ...` (0-based; `(0, 1)` is
/// all of them) on the current rayon pool.
pub fn run_draws(
    exp: &Experiment,
    plan: &DrawPlan,
    shard: (usize, usize),
    progress: &dyn Progress,
) -> DrawEffects {
    let mine: Vec<usize> = (0..plan.values.len())
        .filter(|d| d % shard.1 == shard.0)
        .collect();
    let results: Vec<(usize, DrawResult)> = mine
        .par_iter()
        .map(|&d| (d, run_draw(exp, plan, d, progress)))
        .collect();
    collect(results)
}

/// Puts per-draw results (in draw order) into [`DrawEffects`].
pub fn collect(results: Vec<(usize, DrawResult)>) -> DrawEffects {
    let mut out = DrawEffects {
        valid: Vec::new(),
        effects: Vec::new(),
    };
    for (d, r) in results {
        let Some(rows) = r else { continue };
        out.valid.push(d);
        if out.effects.is_empty() {
            out.effects = rows.iter().map(|(k, _)| (k.clone(), Vec::new())).collect();
        }
        for ((_, v), (_, x)) in out.effects.iter_mut().zip(&rows) {
            v.push(*x);
        }
    }
    out
}

/// Metrics where a lower value is better (poverty, inequality, capture,
/// debt, cost); for every other metric higher is better.
pub fn lower_is_better(metric: &str) -> bool {
    matches!(
        metric,
        "poverty_rate"
            | "poverty_gap"
            | "gini"
            | "capture_share"
            | "elite_capture_share"
            | "mean_debt"
            | "program_cost"
    )
}

/// Median, 5% and 95% quantiles and the share of draws where the effect is
/// better than none.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelInterval {
    pub median: f64,
    pub low: f64,
    pub high: f64,
    pub p_better: f64,
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    crate::stats::quantile_sorted(sorted, q)
}

/// The model interval of one list of effects over draws.
pub fn interval(metric: &str, effects: &[f64]) -> ModelInterval {
    let mut v: Vec<f64> = effects.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return ModelInterval {
            median: f64::NAN,
            low: f64::NAN,
            high: f64::NAN,
            p_better: f64::NAN,
        };
    }
    let lower = lower_is_better(metric);
    let better = v
        .iter()
        .filter(|&&x| if lower { x < 0.0 } else { x > 0.0 })
        .count();
    ModelInterval {
        median: quantile(&v, 0.5),
        low: quantile(&v, 0.05),
        high: quantile(&v, 0.95),
        p_better: better as f64 / v.len() as f64,
    }
}

/// For every metric and moment, the probability over draws that each arm
/// beats each other arm (`other` = "control": its effect is better than
/// none). Rows: (metric, period, arm, other, p).
pub fn pairwise(de: &DrawEffects) -> Vec<(String, String, String, String, f64)> {
    let mut out = Vec::new();
    let mut keys: Vec<(String, String)> = Vec::new();
    for ((_, m, w), _) in &de.effects {
        if !keys.contains(&(m.clone(), w.clone())) {
            keys.push((m.clone(), w.clone()));
        }
    }
    for (m, w) in keys {
        let arms: Vec<(&String, &Vec<f64>)> = de
            .effects
            .iter()
            .filter(|((_, mm, ww), _)| *mm == m && *ww == w)
            .map(|((a, _, _), v)| (a, v))
            .collect();
        let lower = lower_is_better(&m);
        let beats = |x: f64, y: f64| if lower { x < y } else { x > y };
        for (a, va) in &arms {
            let n = va.len().max(1) as f64;
            let p = va.iter().filter(|&&x| beats(x, 0.0)).count() as f64 / n;
            out.push((m.clone(), w.clone(), (*a).clone(), "control".to_string(), p));
            for (b, vb) in &arms {
                if a == b {
                    continue;
                }
                let p = va
                    .iter()
                    .zip(vb.iter())
                    .filter(|(x, y)| beats(**x, **y))
                    .count() as f64
                    / n;
                out.push((m.clone(), w.clone(), (*a).clone(), (*b).clone(), p));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in strategies experiment, small: 2 villages of 60
    /// households, 24 months, 4 draws.
    fn small(screen: bool) -> Experiment {
        let src = crate::builtin::read_source("strategies").unwrap();
        let sets = [
            "population.villages=2",
            "population.households_per_village=60",
            "population.burn_in_months=12",
            "program.duration_months=12",
            "uncertainty.draws=4",
        ];
        let mut sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
        sets.push(format!("uncertainty.screen={screen}"));
        let flags = crate::app::FlagOverrides {
            seed: None,
            replications: Some(1),
            months: Some(24),
            sets,
        };
        crate::app::load_experiment(&src, &flags).unwrap()
    }

    #[test]
    fn near_means_within_both_tolerances_at_both_moments() {
        let r = [0.12, 0.31, 0.11, 0.30];
        assert!(near(&r, &r));
        assert!(near(&[0.155, 0.35, 0.075, 0.26], &r), "the bounds count");
        assert!(!near(&[0.16, 0.31, 0.11, 0.30], &r), "poverty in month 1");
        assert!(!near(&[0.12, 0.31, 0.07, 0.30], &r), "poverty drifts");
        assert!(!near(&[0.12, 0.36, 0.11, 0.30], &r), "Gini in month 1");
        assert!(!near(&[0.12, 0.31, 0.11, 0.25], &r), "Gini at the end");
        assert!(!near(&[f64::NAN, 0.31, 0.11, 0.30], &r), "NaN");
    }

    #[test]
    fn screened_draws_stay_near_the_scenarios_own_baseline_on_any_threads() {
        let exp = small(true);
        let a = plan(&exp, "builtin:strategies", 1).unwrap().unwrap();
        let b = plan(&exp, "builtin:strategies", 2).unwrap().unwrap();
        // the draws do not depend on threads (the work counted does: whole
        // chunks of candidates run, two per thread)
        assert_eq!(
            (&a.source, &a.keys, &a.values, a.replications),
            (&b.source, &b.keys, &b.values, b.replications),
            "the screen depends on threads"
        );
        assert!(a.screen_household_months > 0.0);
        assert_eq!(a.values.len(), 4);
        assert!(a.source.contains("screened"), "{}", a.source);
        // every kept draw's own control world is near the scenario's
        let ctl = &exp.arms[exp.control().unwrap()].scenario;
        let reference = baseline_of(ctl, exp.months()).unwrap();
        for v in &a.values {
            let s = with_values(ctl, &a.keys, v).unwrap();
            let b = baseline_of(&s, exp.months()).unwrap();
            assert!(near(&b, &reference), "{b:?} against {reference:?}");
        }
        // unscreened: the hypercube's 4 points, all kept, none rejected
        let u = plan(&small(false), "builtin:strategies", 1)
            .unwrap()
            .unwrap();
        assert_eq!(u.values.len(), 4);
        assert!(!u.source.contains("screened"), "{}", u.source);
        let cube = latin_hypercube(4, u.keys.len(), exp.base.uncertainty.seed);
        let first = crate::scenario::param(&u.keys[0]).unwrap();
        let (lo, hi) = first.spec.plausible.unwrap();
        assert_eq!(u.values[0][0], lo + cube[0][0] * (hi - lo));
        assert!(u.source.contains("uniform"), "{}", u.source);
        // prior = "pert": the same hypercube through each key's PERT quantile
        // (most likely at its default), every value inside its range
        let mut pert = small(false);
        pert.base.uncertainty.prior = crate::scenario::Prior::Pert;
        let p = plan(&pert, "builtin:strategies", 1).unwrap().unwrap();
        assert_eq!(p.keys, u.keys);
        assert!(
            p.source.contains("PERT, most likely at the default"),
            "{}",
            p.source
        );
        for (row, point) in p.values.iter().zip(&cube) {
            for ((key, &x), &c) in p.keys.iter().zip(row).zip(point) {
                let info = crate::scenario::param(key).unwrap();
                let (lo, hi) = info.spec.plausible.unwrap();
                let m = info.default.as_float().unwrap();
                assert_eq!(x, crate::stats::pert_quantile(c, lo, m, hi), "{key}");
                assert!(lo <= x && x <= hi, "{key}");
            }
        }
        assert_ne!(p.values, u.values);
    }
}
