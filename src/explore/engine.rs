//! The explorer's whole call surface into the rest of berdaya: scenario
//! resolution, the model, the runner's grouping of arms, the statistics and
//! the evidence suite. Kept in one file so that moving those paths (the CLI,
//! runner and model restructures) touches one place.
//!
//! A live run reproduces `berdaya run` exactly: the same text goes through
//! `load::parse_document` and `experiment::resolve`; worlds are built, burned
//! in and split into arms as [`runner::run_replication`] does (the runner's
//! own [`runner::world_groups`]); then every (arm, replication) world is
//! stepped one month at a time in lock step, so the page can draw a month as
//! soon as every replication has it. Each world is deterministic on its own,
//! so the rows are the rows `berdaya run` writes; the means and confidence
//! intervals are computed the way `summary.csv` and `effects.csv` compute
//! them (Welford in replication order, Student t).

use crate::error::{Error, Result};
use crate::evidence;
use crate::experiment as runner;
use crate::model::World;
use crate::model::household::{NO_GROUP, flag};
use crate::model::metrics::{Row, col};
use crate::model::params::Params;
use crate::scenario::experiment::{self, Experiment, Overrides};
use crate::scenario::load::{self, Issue, Setting};
use crate::stats::{Welford, student_t_quantile};
use rayon::prelude::*;
use serde::Serialize;

/// The metrics the page draws, in the order the page lists them.
pub const METRICS: &[(&str, usize)] = &[
    ("poverty_rate", col::POVERTY_RATE),
    ("mean_consumption_pc", col::MEAN_CONSUMPTION_PC),
    ("economic_index", col::ECONOMIC_INDEX),
    ("social_index", col::SOCIAL_INDEX),
    ("political_index", col::POLITICAL_INDEX),
    ("psychological_index", col::PSYCHOLOGICAL_INDEX),
    ("empowerment_index", col::EMPOWERMENT_INDEX),
    ("empowered_share", col::EMPOWERED_SHARE),
    ("group_share", col::GROUP_SHARE),
];

/// Parses and resolves a scenario text exactly as `berdaya run FILE` does.
pub fn resolve_text(label: &str, text: &str) -> std::result::Result<Experiment, Vec<Issue>> {
    let (doc, issues) = load::parse_document(label, text);
    if !issues.is_empty() {
        return Err(issues);
    }
    experiment::resolve(&doc, label, &Overrides::default())
}

/// Reads a scenario file or built-in name as `berdaya run TARGET` does.
pub fn open_target(target: &str) -> Result<(String, Experiment)> {
    let src = crate::builtin::read_source(target)?;
    let exp = crate::app::load_experiment(&src, &crate::app::FlagOverrides::default())?;
    Ok((src.label, exp))
}

/// The built-in text of a scenario (the four strategies come from here).
pub fn builtin(name: &str) -> Option<&'static str> {
    crate::builtin::get(name)
}

/// The full `berdaya explain TOPIC` text.
pub fn explain(topic: &str) -> std::result::Result<String, String> {
    crate::explain::explain(Some(topic))
}

/// One-line text of a claim id.
pub fn claim_text(id: &str) -> &'static str {
    crate::explain::claim_text(id)
}

/// Last program month within the horizon, as the run folder's effects use it.
pub fn program_end(exp: &Experiment, arm: usize) -> Option<u32> {
    let p = Params::new(exp.arms[arm].scenario.clone());
    (p.program_last >= p.program_first
        && p.program_last >= 1
        && (p.program_last as u32) < exp.months())
    .then_some(p.program_last as u32)
}

/// Households of one replication.
pub fn households(exp: &Experiment) -> u64 {
    exp.arms
        .iter()
        .map(|a| {
            a.scenario.population.villages as u64
                * a.scenario.population.households_per_village as u64
        })
        .max()
        .unwrap_or(0)
}

/// Household-months a live run simulates (burn-in included).
pub fn household_months(exp: &Experiment) -> f64 {
    runner::footprint(exp, 1).household_months
}

/// Mean and 95% confidence interval over replications (as `summary.csv`).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Band {
    pub mean: f64,
    pub lo: f64,
    pub hi: f64,
}

fn band(w: &Welford) -> Band {
    let n = w.count();
    let (lo, hi) = if n < 2 {
        (f64::NAN, f64::NAN)
    } else {
        let t = student_t_quantile(0.975, (n - 1) as f64);
        let half = t * w.sd() / (n as f64).sqrt();
        (w.mean() - half, w.mean() + half)
    };
    Band {
        mean: w.mean(),
        lo,
        hi,
    }
}

/// A paired effect of an arm against control at one month (as `effects.csv`).
#[derive(Debug, Clone, Serialize)]
pub struct Effect {
    pub arm: String,
    pub metric: &'static str,
    pub when: &'static str,
    pub month: u32,
    pub n: u64,
    pub control_mean: f64,
    pub arm_mean: f64,
    pub diff: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub pct_change: f64,
}

/// One household of the watched village at the end of a month.
#[derive(Debug, Clone, Serialize)]
pub struct VillageFrame {
    pub month: i32,
    /// Per household: 1 if poor (consumption per person under the line).
    pub poor: Vec<u8>,
    /// Per household: combined empowerment index in hundredths (0..100).
    pub emp: Vec<u8>,
    /// Per household: group index, or -1.
    pub group: Vec<i32>,
    /// Per household: 1 if a facilitator worked with it this month (its
    /// group met a facilitator, or it is in an individual caseload while
    /// facilitators work).
    pub visit: Vec<u8>,
    /// Per household: 1 if it sells under a partnership contract (its own or
    /// its group's).
    pub contract: Vec<u8>,
    /// Per household: 1 if elite.
    pub elite: Vec<u8>,
    /// Active groups this month.
    pub groups: u32,
    pub facilitators_active: bool,
}

/// What a live run reports as it goes.
pub enum Event {
    /// The run is set up (worlds built and burned in).
    Start {
        arms: Vec<String>,
        months: u32,
        replications: u32,
        program_end: Option<u32>,
        households: u64,
        watched_arm: String,
        setup_ms: f64,
    },
    /// Month `month` of every replication is done: per arm, per metric, a band.
    Month {
        month: u32,
        bands: Vec<Vec<Band>>,
        village: Option<VillageFrame>,
    },
    /// The run is finished.
    Done {
        effects: Vec<Effect>,
        compute_ms: f64,
    },
}

/// The watched village: village 0 of replication 0 of this arm.
fn frame(w: &World) -> Option<VillageFrame> {
    let v = w.villages.first()?;
    let p = &w.p;
    let hh = &v.hh;
    let n = hh.len();
    let z = p.scenario.economy.poverty_line;
    let em = &p.scenario.empowerment;
    let wsum =
        (em.weight_economic + em.weight_social + em.weight_political + em.weight_psychological)
            .max(1e-12);
    let kstar2 = 2.0 * p.scenario.economy.capital_threshold.max(1.0);
    let fac = p.facilitation_active(w.month);
    let mut f = VillageFrame {
        month: w.month,
        poor: Vec::with_capacity(n),
        emp: Vec::with_capacity(n),
        group: Vec::with_capacity(n),
        visit: Vec::with_capacity(n),
        contract: Vec::with_capacity(n),
        elite: Vec::with_capacity(n),
        groups: v.groups.iter().filter(|g| g.active).count() as u32,
        facilitators_active: fac,
    };
    for i in 0..n {
        let size = hh.size[i].max(1) as f64;
        let cpc = hh.consumption[i] as f64 / size;
        let g = hh.group[i];
        let group = (g != NO_GROUP)
            .then(|| v.groups.get(g as usize))
            .flatten()
            .filter(|gr| gr.active);
        // the four indices as docs/ODD.md defines them (the model's
        // measurement keeps only their sums; the picture needs them per household)
        let economic = 0.6 * (cpc / (3.0 * z)).min(1.0) + 0.4 * (hh.assets[i] / kstar2).min(1.0);
        let fund_share = group.map_or(0.0, |gr| gr.fund.max(0.0) / gr.members.max(1) as f64);
        let needs = z * size;
        let finance = ((hh.cash[i] + fund_share) / (2.0 * needs)).min(1.0);
        let (info, skill, part, voice, conf) = (
            hh.info[i] as f64,
            hh.skill[i] as f64,
            hh.participation[i] as f64,
            hh.voice[i] as f64,
            hh.confidence[i] as f64,
        );
        let social = 0.35 * info + 0.35 * skill + 0.15 * part + 0.15 * finance;
        let political = 0.5 * (voice + part);
        let combined = (em.weight_economic * economic
            + em.weight_social * social
            + em.weight_political * political
            + em.weight_psychological * conf)
            / wsum;
        f.poor.push(u8::from(cpc < z));
        f.emp.push((combined.clamp(0.0, 1.0) * 100.0).round() as u8);
        f.group.push(group.map_or(-1, |_| g as i32));
        let visited = group.is_some_and(|gr| gr.served) || (fac && hh.flags[i] & flag::SERVED != 0);
        f.visit.push(u8::from(visited));
        let contracted =
            hh.flags[i] & flag::CONTRACTED != 0 || group.is_some_and(|gr| gr.contract.is_some());
        f.contract.push(u8::from(contracted));
        f.elite.push(u8::from(hh.flags[i] & flag::ELITE != 0));
    }
    Some(f)
}

/// The worlds of a live run, one per arm and replication: (arm, replication,
/// world), sorted by arm then replication.
type Worlds = Vec<(usize, u32, World)>;

/// The rows the effects need: per arm, per replication, (month, row) for the
/// program's end and the horizon.
type Kept = Vec<Vec<Vec<(u32, Row)>>>;

/// Runs an experiment month by month, handing events to `emit`; stops early
/// (returning `Ok(false)`) when `emit` returns false or `cancelled()` turns
/// true. `watched` names the arm whose village is shown.
pub fn run_live(
    exp: &Experiment,
    watched: &str,
    cancelled: &(dyn Fn() -> bool + Sync),
    emit: &mut dyn FnMut(Event) -> bool,
) -> Result<bool> {
    let t0 = std::time::Instant::now();
    let months = exp.months();
    let Some(mut worlds) = build_worlds(exp, cancelled) else {
        return Ok(false);
    };
    let narms = exp.arms.len();
    let watched_arm = exp
        .arms
        .iter()
        .position(|a| a.name == watched)
        .unwrap_or(narms - 1);
    let watched_k = worlds
        .iter()
        .position(|(a, r, _)| *a == watched_arm && *r == 0);
    let end = (0..narms).find_map(|a| program_end(exp, a));
    let setup_ms = t0.elapsed().as_secs_f64() * 1e3;
    if !emit(Event::Start {
        arms: exp.arms.iter().map(|a| a.name.clone()).collect(),
        months,
        replications: exp.replications(),
        program_end: end,
        households: households(exp),
        watched_arm: exp.arms[watched_arm].name.clone(),
        setup_ms,
    }) {
        return Ok(false);
    }
    let mut kept: Kept = vec![vec![Vec::new(); exp.replications() as usize]; narms];
    for month in 1..=months {
        if cancelled() {
            return Ok(false);
        }
        let keep = Some(month) == end || month == months;
        let bands = step_month(&mut worlds, &mut kept, month, keep);
        let village = watched_k.and_then(|k| frame(&worlds[k].2));
        if !emit(Event::Month {
            month,
            bands,
            village,
        }) {
            return Ok(false);
        }
    }
    emit(Event::Done {
        effects: effects(exp, &kept),
        compute_ms: t0.elapsed().as_secs_f64() * 1e3,
    });
    Ok(true)
}

/// Builds and burns in every world as the runner does: one replication at a
/// time in parallel, arms of one world group forking a single burned-in
/// world. Sorted by arm then replication; `None` when cancelled.
fn build_worlds(exp: &Experiment, cancelled: &(dyn Fn() -> bool + Sync)) -> Option<Worlds> {
    let groups = runner::world_groups(exp);
    let built: Vec<Vec<(usize, World)>> = (0..exp.replications())
        .into_par_iter()
        .map(|rep| {
            if cancelled() {
                return Vec::new();
            }
            let mut out = Vec::new();
            for group in &groups {
                let params = |a: usize| Params::new(exp.arms[a].scenario.clone());
                let mut world = World::new(params(group[0]), rep as u64);
                world.burn_in();
                if group.len() == 1 {
                    let a = group[0];
                    out.push((a, world.into_arm(params(a))));
                } else {
                    for &a in group {
                        out.push((a, world.for_arm(params(a))));
                    }
                }
            }
            out
        })
        .collect();
    if cancelled() {
        return None;
    }
    let mut worlds: Worlds = built
        .into_iter()
        .enumerate()
        .flat_map(|(rep, v)| v.into_iter().map(move |(a, w)| (a, rep as u32, w)))
        .collect();
    worlds.sort_by_key(|(a, r, _)| (*a, *r));
    Some(worlds)
}

/// Steps every world one month (in parallel) and returns, per arm and per
/// metric, the band over replications; when `keep`, also stores this month's
/// rows in `kept` for the effects.
fn step_month(worlds: &mut Worlds, kept: &mut Kept, month: u32, keep: bool) -> Vec<Vec<Band>> {
    let rows: Vec<Row> = worlds.par_iter_mut().map(|(_, _, w)| w.step()).collect();
    let mut bands = Vec::with_capacity(kept.len());
    for (a, kept_a) in kept.iter_mut().enumerate() {
        let mut acc = vec![Welford::new(); METRICS.len()];
        for ((wa, r, _), row) in worlds.iter().zip(&rows) {
            if *wa != a {
                continue;
            }
            for (w, (_, c)) in acc.iter_mut().zip(METRICS) {
                w.push(row[*c]);
            }
            if keep {
                kept_a[*r as usize].push((month, *row));
            }
        }
        bands.push(acc.iter().map(band).collect());
    }
    bands
}

/// The paired effects of every program arm against control, for every
/// metric, at the arm's program end (when it has one) and at the horizon.
/// Empty when the experiment has no control arm.
fn effects(exp: &Experiment, kept: &Kept) -> Vec<Effect> {
    let Some(c) = exp.control() else {
        return Vec::new();
    };
    let mut effects = Vec::new();
    for a in (0..exp.arms.len()).filter(|&a| a != c) {
        let mut points = Vec::new();
        if let Some(m) = program_end(exp, a) {
            points.push(("program_end", m));
        }
        points.push(("horizon_end", exp.months()));
        for at in points {
            for metric in METRICS {
                effects.push(paired_effect(
                    &exp.arms[a].name,
                    *metric,
                    at,
                    &kept[c],
                    &kept[a],
                ));
            }
        }
    }
    effects
}

/// One effect of `arm` against control: `metric` (name, column) at `at`
/// (label, month), differenced replication by replication over the
/// replications where both have a row for that month.
fn paired_effect(
    arm: &str,
    (metric, k): (&'static str, usize),
    (when, m): (&'static str, u32),
    control: &[Vec<(u32, Row)>],
    treated: &[Vec<(u32, Row)>],
) -> Effect {
    let (mut cw, mut aw, mut dw) = (Welford::new(), Welford::new(), Welford::new());
    let get = |rows: &[(u32, Row)]| rows.iter().find(|(mm, _)| *mm == m).map(|(_, row)| row[k]);
    for (rc, ra) in control.iter().zip(treated) {
        if let (Some(x), Some(y)) = (get(rc), get(ra)) {
            cw.push(x);
            aw.push(y);
            dw.push(y - x);
        }
    }
    let b = band(&dw);
    let cm = cw.mean();
    Effect {
        arm: arm.to_string(),
        metric,
        when,
        month: m,
        n: dw.count(),
        control_mean: cm,
        arm_mean: aw.mean(),
        diff: b.mean,
        ci_low: b.lo,
        ci_high: b.hi,
        pct_change: if cm.abs() > 0.0 {
            100.0 * b.mean / cm
        } else {
            f64::NAN
        },
    }
}

/// One checked stylized fact, for the page: the evidence suite's own,
/// texts in English and Indonesian.
pub type Fact = evidence::FactResult;

/// Size of the evidence check: `berdaya evidence`'s defaults, so that the
/// page gives the command's verdicts.
pub fn evidence_options() -> evidence::Options {
    evidence::Options::default()
}

/// The evidence suite (F1-F12) with `extra` settings on the evidence
/// experiment's base, as `berdaya evidence` runs it, reporting progress
/// (done, total) after the poverty-trap experiment, every replication and
/// F8's household-level pass. `None` when cancelled.
pub fn run_evidence(
    extra: &[(&'static str, Setting)],
    cancelled: &(dyn Fn() -> bool + Sync),
    progress: &(dyn Fn(u32, u32) + Sync),
) -> Result<Option<Vec<Fact>>> {
    let opts = evidence_options();
    let exp = evidence::experiment(&opts, extra)?;
    let reps = exp.replications();
    let total = reps + 2;
    let trap = evidence::poverty_trap(&exp, opts.replications.clamp(2, 4), opts.threads)?;
    progress(1, total);
    let groups = runner::world_groups(&exp);
    let done = std::sync::atomic::AtomicU32::new(1);
    let results: Vec<Option<runner::RepResult>> = (0..reps)
        .into_par_iter()
        .map(|r| {
            if cancelled() {
                return None;
            }
            let res = runner::run_replication(&exp, &groups, r, &crate::progress::Silent);
            let d = done.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
            progress(d, total);
            Some(res)
        })
        .collect();
    if cancelled() || results.iter().any(Option::is_none) {
        return Ok(None);
    }
    let runs = evidence::Runs {
        exp,
        reps: results.into_iter().flatten().collect(),
    };
    // F8's takers: the control and revolving-fund arms again, household by household
    let takers = runs.f8_takers(opts.threads)?;
    if cancelled() {
        return Ok(None);
    }
    progress(total, total);
    Ok(Some(evidence::facts::evaluate(&runs, &trap, &takers)?))
}

/// Explicit settings of a resolved arm, in registry order.
pub fn arm_settings(exp: &Experiment, arm: usize) -> Vec<(&'static str, toml::Value)> {
    let settings = &exp.arms[arm].settings;
    crate::scenario::registry()
        .iter()
        .filter_map(|p| settings.get(p.key).map(|s| (p.key, s.value.clone())))
        .collect()
}

/// An error as the command line prints it.
pub fn render(e: &Error) -> String {
    e.to_string()
}
