//! Effects with model uncertainty (`[uncertainty]`, `--draws N`): draw
//! parameter sets, run every arm under each draw with common random numbers
//! inside the draw, and summarise each arm's effect over the draws (median,
//! 90% interval, probability of beating control and each other arm).
//!
//! Draws come from the plausible ranges of the registry (every float key
//! with a range that no arm, base or flag sets explicitly: a Latin hypercube
//! of `uncertainty.draws` points, seeded by `uncertainty.seed`), or from a
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
use crate::scenario::{Kind, Scenario, registry, validate};
use crate::sensitivity::lhs::latin_hypercube;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::Path;

/// The parameter sets of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawPlan {
    /// Where the draws come from, in words (for the files and the terminal).
    pub source: String,
    pub keys: Vec<String>,
    /// One row per draw, one value per key.
    pub values: Vec<Vec<f64>>,
    pub replications: u32,
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

/// The draws of an experiment, from its `[uncertainty]` section; `None`
/// when it asks for none. `file` is the scenario's label (a relative
/// posterior path is read from its folder, else from the working folder).
pub fn plan(exp: &Experiment, file: &str) -> Result<Option<DrawPlan>> {
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
    let design = latin_hypercube(u.draws as usize, params.len(), u.seed);
    let values = design
        .iter()
        .map(|row| {
            params
                .iter()
                .zip(row)
                .map(|(p, &x)| {
                    let (lo, hi) = p.spec.plausible.unwrap_or((0.0, 0.0));
                    lo + x * (hi - lo)
                })
                .collect()
        })
        .collect();
    Ok(Some(DrawPlan {
        source: format!(
            "{} keys with a plausible range, uniform (Latin hypercube, seed {})",
            params.len(),
            u.seed
        ),
        keys: params.iter().map(|p| p.key.to_string()).collect(),
        values,
        replications: u.replications,
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
