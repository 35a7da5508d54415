//! `berdaya calibrate FILE`: fit parameters of a scenario to a district's
//! observed statistics by ABC-SMC ([`abc`]), and write the weighted
//! posterior, the calibrated scenario and charts ([`report`]).
//!
//! A calibration file (TOML):
//!
//! ```toml
//! base = "baseline"              # a scenario file (relative to this file) or a built-in
//! month = 12                     # the month whose statistics are compared
//! [targets]                      # metric names of the model (berdaya explain metrics)
//! poverty_rate = { value = 0.142, se = 0.012 }
//! gini = { value = 0.29, se = 0.01 }
//! [parameters]                   # keys with a plausible range; {} = uniform over it
//! "population.asset_median" = {}
//! "economy.return_high" = { low = 0.02, high = 0.05 }
//! "economy.wage_daily" = { prior = "pert" }   # PERT, most likely at the default
//! [abc]
//! particles = 200
//! generations = 5
//! alpha = 0.5
//! min_acceptance = 0.02
//! seed = 2026
//! replications = 1               # worlds averaged per simulated parameter set
//! ```
//!
//! The simulated arm is `control` if the base has one, else its first arm.
//! Each simulation runs that arm with the particle's parameters and its own
//! seed (a new population and new shocks) for `month` months after the
//! burn-in and reads the world's metrics at `month`.

pub mod abc;
pub mod report;
pub mod shard;

use crate::builtin;
use crate::error::{Error, Issue, Origin, Result, did_you_mean};
use crate::model::World;
use crate::model::metrics;
use crate::model::params::Params;
use crate::scenario::experiment::Experiment;
use crate::scenario::load::LineIndex;
use crate::scenario::{Kind, Scenario, param, registry};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One observed statistic.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub metric: String,
    pub index: usize,
    pub value: f64,
    pub se: f64,
}

/// A checked calibration.
#[derive(Debug, Clone)]
pub struct Calibration {
    pub name: String,
    /// Where the base came from (a path or `builtin:NAME`) and its text.
    pub base_label: String,
    pub base_text: String,
    /// The scenario simulated (the base's control or first arm).
    pub scenario: Scenario,
    pub month: u32,
    pub replications: u32,
    pub targets: Vec<Target>,
    pub priors: Vec<abc::Prior>,
    pub settings: abc::Settings,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    base: String,
    name: Option<String>,
    month: Option<u32>,
    targets: BTreeMap<String, RawTarget>,
    parameters: toml::value::Table,
    abc: Option<RawAbc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    value: f64,
    se: f64,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPrior {
    low: Option<f64>,
    high: Option<f64>,
    /// "uniform" (the default) or "pert" (most likely at the key's default).
    prior: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawAbc {
    particles: Option<usize>,
    generations: Option<usize>,
    alpha: Option<f64>,
    min_acceptance: Option<f64>,
    seed: Option<u64>,
    replications: Option<u32>,
}

fn issue(file: &str, message: String) -> Issue {
    Issue {
        origin: Origin::flag(file),
        key: String::new(),
        message,
    }
}

/// Reads and checks a calibration file; `load_base` resolves the base's
/// text into an experiment (the app's loader, with `--set` flags).
pub fn read(
    path: &Path,
    load_base: &dyn Fn(&builtin::Source) -> Result<Experiment>,
) -> Result<Calibration> {
    let src = builtin::read_file(path, "calibration file", "a calibration file")?;
    let label = src.label.clone();
    let raw: RawFile = toml::from_str(&src.text).map_err(|e| {
        let (line, column) = e
            .span()
            .map(|s| LineIndex::new(&src.text).position(s.start))
            .map_or((None, None), |(l, c)| (Some(l), Some(c)));
        Error::Input(vec![Issue {
            origin: Origin {
                file: label.clone(),
                line,
                column,
            },
            key: String::new(),
            message: format!(
                "{}; a calibration file has `base`, optional `name` and `month`, a [targets] table (metric = {{ value, se }}), a [parameters] table (key = {{}} or {{ low, high }}) and an optional [abc] table (docs/STATISTICS.md)",
                e.message().trim()
            ),
        }])
    })?;
    let mut issues = Vec::new();
    let base_src = read_base(path, &raw.base).map_err(|m| Error::Input(vec![issue(&label, m)]))?;
    let exp = load_base(&base_src)?;
    let arm = exp.control().unwrap_or(0);
    let scenario = exp.arms[arm].scenario.clone();
    let month = raw.month.unwrap_or(12);
    if month == 0 || month > 1200 {
        issues.push(issue(
            &label,
            format!("`month`: expected a month from 1 to 1200, found {month}"),
        ));
    }
    let mut targets = Vec::new();
    for (metric, t) in &raw.targets {
        match metrics::index(metric) {
            None => issues.push(issue(
                &label,
                format!(
                    "[targets] `{metric}` is not a metric of the model{}",
                    did_you_mean(metric, metrics::names())
                ),
            )),
            Some(_) if !(t.se > 0.0 && t.se.is_finite() && t.value.is_finite()) => issues.push(issue(
                &label,
                format!("[targets] `{metric}`: expected a finite value and a standard error above 0, found value {} and se {}", t.value, t.se),
            )),
            Some(index) => targets.push(Target {
                metric: metric.clone(),
                index,
                value: t.value,
                se: t.se,
            }),
        }
    }
    if raw.targets.is_empty() {
        issues.push(issue(
            &label,
            "[targets] is empty; expected at least one metric = { value, se }".into(),
        ));
    }
    let priors = read_priors(&label, &raw.parameters, &mut issues);
    let (settings, replications) = read_abc(&label, raw.abc.unwrap_or_default(), &mut issues);
    if !issues.is_empty() {
        return Err(Error::Input(issues));
    }
    let name = raw.name.unwrap_or_else(|| {
        path.file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_else(|| "calibration".into())
    });
    Ok(Calibration {
        name,
        base_label: base_src.label,
        base_text: base_src.text,
        scenario,
        month,
        replications,
        targets,
        priors,
        settings,
    })
}

/// The `[abc]` table with its defaults; problems go to `issues`.
fn read_abc(label: &str, a: RawAbc, issues: &mut Vec<Issue>) -> (abc::Settings, u32) {
    let settings = abc::Settings {
        particles: a.particles.unwrap_or(200),
        generations: a.generations.unwrap_or(5),
        alpha: a.alpha.unwrap_or(0.5),
        min_acceptance: a.min_acceptance.unwrap_or(0.02),
        seed: a.seed.unwrap_or(2026),
    };
    if !(10..=100_000).contains(&settings.particles) {
        issues.push(issue(
            label,
            format!(
                "[abc] particles: expected 10 to 100000, found {}",
                settings.particles
            ),
        ));
    }
    if settings.generations > 50 {
        issues.push(issue(
            label,
            format!(
                "[abc] generations: expected 0 to 50, found {}",
                settings.generations
            ),
        ));
    }
    if !(settings.alpha > 0.0 && settings.alpha < 1.0) {
        issues.push(issue(
            label,
            format!(
                "[abc] alpha: expected a share between 0 and 1, found {}",
                settings.alpha
            ),
        ));
    }
    if !(settings.min_acceptance > 0.0 && settings.min_acceptance < 1.0) {
        issues.push(issue(
            label,
            format!(
                "[abc] min_acceptance: expected a share between 0 and 1, found {}",
                settings.min_acceptance
            ),
        ));
    }
    let replications = a.replications.unwrap_or(1);
    if !(1..=1000).contains(&replications) {
        issues.push(issue(
            label,
            format!("[abc] replications: expected 1 to 1000, found {replications}"),
        ));
    }
    (settings, replications)
}

fn read_priors(
    label: &str,
    table: &toml::value::Table,
    issues: &mut Vec<Issue>,
) -> Vec<abc::Prior> {
    let mut priors = Vec::new();
    let numeric: Vec<&str> = registry()
        .iter()
        .filter(|p| matches!(p.kind, Kind::Float | Kind::Integer))
        .map(|p| p.key)
        .collect();
    for (key, v) in table {
        let Some(info) = param(key).filter(|p| matches!(p.kind, Kind::Float)) else {
            issues.push(issue(
                label,
                format!(
                    "[parameters] `{key}` is not a numeric (decimal) key of the scenario{}",
                    did_you_mean(key, numeric.iter().copied())
                ),
            ));
            continue;
        };
        let raw: RawPrior = match v.clone().try_into() {
            Ok(r) => r,
            Err(e) => {
                issues.push(issue(
                    label,
                    format!(
                        "[parameters] `{key}`: expected {{}} or {{ low = ..., high = ..., prior = \"uniform\" or \"pert\" }}: {}",
                        e.message().trim()
                    ),
                ));
                continue;
            }
        };
        let (lo, hi) = match (raw.low, raw.high, info.spec.plausible) {
            (Some(l), Some(h), _) => (l, h),
            (None, None, Some(p)) => p,
            (l, h, Some(p)) => (l.unwrap_or(p.0), h.unwrap_or(p.1)),
            (_, _, None) => {
                issues.push(issue(label, format!("[parameters] `{key}` has no plausible range in the registry; give {{ low = ..., high = ... }}")));
                continue;
            }
        };
        if !(lo < hi && lo >= info.spec.min && hi <= info.spec.max) {
            issues.push(issue(
                label,
                format!(
                    "[parameters] `{key}`: expected low < high inside the key's limits {} to {}, found {lo} to {hi}",
                    crate::scenario::show_num(info.spec.min),
                    crate::scenario::show_num(info.spec.max)
                ),
            ));
            continue;
        }
        let mode = match raw.prior.as_deref() {
            None | Some("uniform") => None,
            Some("pert") => {
                let m = info.default.as_float().unwrap_or(f64::NAN);
                if !(lo <= m && m <= hi) {
                    issues.push(issue(
                        label,
                        format!("[parameters] `{key}`: a PERT prior is most likely at the key's default, {}, which lies outside low to high ({lo} to {hi}); widen the range or use the uniform prior", crate::scenario::show_num(m)),
                    ));
                    continue;
                }
                Some(m)
            }
            Some(other) => {
                issues.push(issue(
                    label,
                    format!("[parameters] `{key}`: prior = \"{other}\" is not a prior; expected \"uniform\" or \"pert\""),
                ));
                continue;
            }
        };
        priors.push(abc::Prior {
            key: key.clone(),
            low: lo,
            high: hi,
            mode,
        });
    }
    if table.is_empty() {
        issues.push(issue(
            label,
            "[parameters] is empty; expected at least one key to calibrate".into(),
        ));
    }
    priors
}

/// The base: a file relative to the calibration file, else a built-in.
fn read_base(path: &Path, base: &str) -> std::result::Result<builtin::Source, String> {
    let dir = path.parent().unwrap_or(Path::new(""));
    let candidate: PathBuf = dir.join(base);
    if candidate.is_file() {
        return builtin::read_file(&candidate, "base file", "a scenario")
            .map_err(|e| format!("`base`: {e}"));
    }
    if let Some(text) = builtin::get(base) {
        return Ok(builtin::Source {
            label: format!("builtin:{base}"),
            text: text.to_string(),
        });
    }
    Err(format!(
        "`base`: there is no file {} (a path is relative to the calibration file) and no built-in named \"{base}\"{}",
        candidate.display(),
        did_you_mean(base, builtin::names())
    ))
}

pub use crate::experiment::uncertainty::with_values;

/// Simulates the calibration's scenario with `theta` and `seed`: the mean
/// over `replications` worlds of each target's metric at `month`.
pub fn simulate(c: &Calibration, theta: &[f64], seed: u64) -> Vec<f64> {
    let keys: Vec<String> = c.priors.iter().map(|p| p.key.clone()).collect();
    let Some(mut s) = with_values(&c.scenario, &keys, theta) else {
        return vec![f64::NAN; c.targets.len()];
    };
    s.seed = seed & (i64::MAX as u64);
    s.months = c.month;
    let mut sums = vec![0.0; c.targets.len()];
    for rep in 0..c.replications {
        let mut w = World::new(Params::new(s.clone()), rep as u64);
        w.burn_in();
        let mut row = w.step();
        for _ in 1..c.month {
            row = w.step();
        }
        for (k, t) in c.targets.iter().enumerate() {
            sums[k] += row[t.index];
        }
    }
    sums.iter().map(|x| x / c.replications as f64).collect()
}

impl Calibration {
    /// The observed value and standard error of every target.
    pub fn observed(&self) -> Vec<(f64, f64)> {
        self.targets.iter().map(|t| (t.value, t.se)).collect()
    }
}

/// Runs the sampler of a calibration.
pub fn run(c: &Calibration, progress: &(dyn Fn(usize, usize) + Sync)) -> Vec<abc::Generation> {
    let observed = c.observed();
    let sim = |theta: &[f64], seed: u64| simulate(c, theta, seed);
    abc::run(&c.priors, &observed, &c.settings, &sim, progress)
}
