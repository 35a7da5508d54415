//! `berdaya evidence`: the stylized facts against the model, the optional
//! robustness draws, and their CSV files.

use crate::error::Issue;
use crate::error::{Error, Result};
pub use crate::evidence::Prior;
use crate::evidence::{self, Baseline, Design, Screen};
pub use crate::evidence::{
    CheckSummary, DEFAULT_SIZE, FactResult, GINI_BAND, POVERTY_BAND, Robustness, drivers,
    summarise, value_drivers,
};
use crate::output::files::{prepare_dir, write_csv};
use crate::progress::Progress;
use crate::scenario::load::{self, Origin, Setting};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What `berdaya evidence` was asked.
#[derive(Debug, Clone)]
pub struct EvidenceRequest {
    pub replications: u32,
    pub villages: u32,
    pub households: u32,
    /// Robustness draws (0: none).
    pub robustness: usize,
    /// Replications of each robustness draw (default: `replications`, at
    /// most 4).
    pub draw_replications: Option<u32>,
    /// Keep every robustness draw, not only those whose baseline is rural
    /// Indonesia.
    pub unscreened: bool,
    pub draw_seed: u64,
    /// How each key's robustness draws spread over its plausible range.
    pub prior: Prior,
    /// Check the facts at this draw of the robustness run alone (its
    /// candidate number, the `draw` column of the robustness files), instead
    /// of at the defaults and without the other draws.
    pub draw: Option<usize>,
    /// `KEY=VALUE` as typed after `--set`: set on the evidence experiment's
    /// base, held fixed in robustness draws.
    pub sets: Vec<String>,
    pub threads: usize,
    pub out: Option<PathBuf>,
    pub force: bool,
}

/// What the suite gave.
#[derive(Debug, Clone)]
pub struct EvidenceReport {
    pub facts: Vec<FactResult>,
    /// The world the facts were checked in: the control arm's poverty and
    /// Gini at the start and the horizon (means over replications).
    pub baseline: Baseline,
    /// Seconds the facts took.
    pub seconds: f64,
    /// The robustness draws and the replications each ran with.
    pub robustness: Option<(Robustness, u32)>,
    /// With `--draw` and the screen: whether the screen keeps the draw (its
    /// baseline, replication 0's control arm, inside the bands), as the
    /// robustness run decided it.
    pub kept: Option<bool>,
}

/// `berdaya evidence`.
pub fn evidence(req: &EvidenceRequest, progress: &dyn Progress) -> Result<EvidenceReport> {
    if req.replications < 2 || req.villages == 0 || req.households < 10 {
        return Err(Error::Usage("evidence needs --replications of at least 2, --villages of at least 1 and --households of at least 10".into()));
    }
    if req.draw_replications.is_some_and(|r| r < 2) {
        return Err(Error::Usage(
            "--draw-replications needs at least 2: a draw's intervals are over its replications"
                .into(),
        ));
    }
    if req.prior != Prior::Uniform && req.robustness == 0 {
        return Err(Error::Usage(format!(
            "--prior {} spreads the draws of a robustness run: add --robustness M (the facts at the defaults draw nothing)",
            req.prior
        )));
    }
    let opts = evidence::Options {
        replications: req.replications,
        villages: req.villages,
        households_per_village: req.households,
        threads: req.threads,
        seed: None,
    };
    let screen = if req.unscreened {
        Screen::None
    } else {
        Screen::Baseline
    };
    let mut extra = set_flags(&req.sets)?;
    if let Some(n) = req.draw {
        extra = one_draw(req, screen, &extra, n)?;
    }
    // every value checked (and the experiment resolved) before a folder is made
    let exp = evidence::experiment(&opts, &extra)?;
    let kept = match (req.draw, screen) {
        (Some(_), Screen::Baseline) => Some(evidence::baseline(&exp)?.in_bands()),
        _ => None,
    };
    if let Some(dir) = &req.out {
        prepare_dir(dir, req.force)?;
    }
    let start = Instant::now();
    let (facts, baseline) = evidence::suite(&opts, &extra)?;
    let seconds = start.elapsed().as_secs_f64();
    if let Some(dir) = &req.out {
        write_facts(dir, &facts, &extra)?;
        write_checks(
            dir,
            "evidence_checks.csv",
            false,
            facts.iter().map(|f| (None, f)),
        )?;
        if !extra.is_empty() {
            write_settings(dir, &extra)?;
        }
    }
    let mut robustness = None;
    if req.robustness > 0 && req.draw.is_none() {
        let small = evidence::Options {
            replications: draw_replications(req),
            ..opts.clone()
        };
        progress.start(req.robustness as u64, "robustness draws");
        let r = evidence::robustness(&small, design(req, screen), &extra, |d| {
            progress.set_position(d as u64)
        });
        progress.finish();
        let r = r?;
        if let Some(dir) = &req.out {
            write_robustness(dir, &r)?;
            write_design(dir, &design(req, screen), small.replications)?;
        }
        robustness = Some((r, small.replications));
    }
    Ok(EvidenceReport {
        facts,
        baseline,
        seconds,
        robustness,
        kept,
    })
}

/// The robustness run that `--robustness`, `--draw-seed`, `--unscreened` and
/// `--prior` describe.
fn design(req: &EvidenceRequest, screen: Screen) -> Design {
    Design {
        draws: req.robustness,
        seed: req.draw_seed,
        screen,
        prior: req.prior,
    }
}

/// Replications of each robustness draw: `--draw-replications`, or
/// `--replications` up to 4.
fn draw_replications(req: &EvidenceRequest) -> u32 {
    req.draw_replications.unwrap_or(req.replications.min(4))
}

/// `--draw N`: the settings of draw `n` of the robustness run that
/// `--robustness`, `--draw-seed`, `--unscreened` and the `--set` keys (`fixed`)
/// describe, which the facts are then checked at.
fn one_draw(
    req: &EvidenceRequest,
    screen: Screen,
    fixed: &[(&'static str, Setting)],
    n: usize,
) -> Result<Vec<(&'static str, Setting)>> {
    if req.robustness == 0 {
        return Err(Error::Usage(format!(
            "--draw {n} names a draw of a robustness run: add the --robustness M it came from (with its --draw-seed, --unscreened, --prior and --set flags), because the draws depend on them"
        )));
    }
    let k = evidence::candidates(req.robustness, screen);
    evidence::draw_settings(design(req, screen), fixed, n).ok_or_else(|| {
        Error::Usage(format!(
            "--draw {n}: a robustness run of {} draws{} has candidates 1 to {k} (the `draw` column of its robustness files)",
            req.robustness,
            if screen == Screen::None { ", unscreened," } else { "" }
        ))
    })
}

/// The `--set` flags of `berdaya evidence`: keys for every arm of the
/// evidence experiment, each checked like `berdaya run --set` (unknown keys
/// with a did-you-mean); the keys the command sizes itself, and settings for
/// named arms, are refused with what to use instead. Every problem at once.
fn set_flags(sets: &[String]) -> Result<Vec<(&'static str, Setting)>> {
    let mut out = Vec::new();
    let mut issues = Vec::new();
    for flag in sets {
        let origin = Origin::flag(&format!("--set {flag}"));
        let refuse = |key: &str, message: String| Issue {
            origin: origin.clone(),
            key: key.to_string(),
            message,
        };
        match load::parse_set_flag(flag) {
            Err(i) => issues.push(i),
            Ok((arms, key, _)) if !arms.is_empty() => issues.push(refuse(
                key,
                format!("berdaya evidence sets a key for every arm (KEY=VALUE): its arms are fixed by the facts they check (`berdaya run evidence --set ARM:{key}=...` runs them with one arm changed)"),
            )),
            Ok((_, key, setting)) => match sized_by_flag(key) {
                Some(instead) => issues.push(refuse(
                    key,
                    format!("berdaya evidence sets `{key}` itself: use {instead}"),
                )),
                None => out.push((key, setting)),
            },
        }
    }
    if issues.is_empty() {
        Ok(out)
    } else {
        Err(Error::Input(issues))
    }
}

/// The flag of `berdaya evidence` that sets a key it will not take from `--set`.
fn sized_by_flag(key: &str) -> Option<&'static str> {
    match key {
        "population.villages" => Some("--villages"),
        "population.households_per_village" => Some("--households"),
        "replications" => Some("--replications"),
        "seed" => Some(
            "--draw-seed for the robustness draws (the facts' own seed is the experiment's, so that everyone checks the same worlds)",
        ),
        "months" | "name" => Some(
            "the built-in evidence experiment's own value (the facts are read at fixed months)",
        ),
        _ => None,
    }
}

/// `settings.csv`: the keys set with `--set`, as the facts were checked.
fn write_settings(dir: &Path, extra: &[(&'static str, Setting)]) -> Result<PathBuf> {
    write_csv(
        &dir.join("settings.csv"),
        &["key", "value"],
        extra
            .iter()
            .map(|(k, s)| [k.to_string(), s.value.to_string()]),
    )
}

/// `evidence.csv`: one row a fact; the `settings` column names the keys set
/// with `--set` (empty at the defaults), so that a brief reading the file can
/// say in what world the facts were checked; `title_id`, `field_id` and
/// `model_id` are the texts in Indonesian; `within_noise` is true when the
/// fact holds on the means but a criterion's 95% Monte Carlo interval reaches
/// past its bound.
fn write_facts(
    dir: &Path,
    facts: &[FactResult],
    extra: &[(&'static str, Setting)],
) -> Result<PathBuf> {
    let settings = extra
        .iter()
        .map(|(k, s)| format!("{k}={}", s.value))
        .collect::<Vec<_>>()
        .join("; ");
    write_csv(
        &dir.join("evidence.csv"),
        &[
            "fact",
            "title",
            "holds",
            "source",
            "field",
            "model",
            "settings",
            "title_id",
            "field_id",
            "model_id",
            "within_noise",
        ],
        facts.iter().map(|f| {
            [
                f.id.to_string(),
                f.title.to_string(),
                f.holds.to_string(),
                f.source.to_string(),
                f.field.to_string(),
                f.model.clone(),
                settings.clone(),
                f.title_id.to_string(),
                f.field_id.to_string(),
                f.model_id.clone(),
                f.within_noise().to_string(),
            ]
        }),
    )
}

/// Every criterion of every fact, one row each: `evidence_checks.csv` (the
/// defaults: `fact, check, value, rule, passed, ci_low, ci_high`) or
/// `robustness_checks.csv` (`draw` first, `with_draw`). `rule` reads after
/// the value (`> 0`, `<= 4.3`); `ci_low`, `ci_high` are the value's 95% Monte
/// Carlo interval where the check has one (empty otherwise).
fn write_checks<'a>(
    dir: &Path,
    name: &str,
    with_draw: bool,
    facts: impl Iterator<Item = (Option<usize>, &'a FactResult)>,
) -> Result<PathBuf> {
    let rows = facts.flat_map(|(draw, f)| {
        f.checks.iter().map(move |c| {
            let mut row: Vec<String> = draw.map(|d| d.to_string()).into_iter().collect();
            row.extend([
                f.id.to_string(),
                c.what.to_string(),
                c.value.to_string(),
                c.rule.text(),
                c.passed.to_string(),
            ]);
            let (lo, hi) = c.ci.map_or((String::new(), String::new()), |(l, h)| {
                (l.to_string(), h.to_string())
            });
            row.extend([lo, hi]);
            row
        })
    });
    let header = [
        "draw", "fact", "check", "value", "rule", "passed", "ci_low", "ci_high",
    ];
    let header = if with_draw { &header[..] } else { &header[1..] };
    write_csv(&dir.join(name), header, rows)
}

/// `robustness.csv`, `robustness_draws.csv`, `robustness_facts.csv`,
/// `robustness_checks.csv`, `robustness_drivers.csv`,
/// `robustness_value_drivers.csv`, and with screening
/// `robustness_screen.csv`.
fn write_robustness(dir: &Path, r: &Robustness) -> Result<()> {
    if !r.screen.is_empty() {
        write_screen(dir, r)?;
    }
    let valid = r.valid;
    write_csv(
        &dir.join("robustness.csv"),
        &[
            "fact",
            "holds",
            "valid_draws",
            "share",
            "share_low",
            "share_high",
            "holds_clearly",
        ],
        r.shares().into_iter().map(|(id, n, share, (lo, hi))| {
            [
                id.to_string(),
                n.to_string(),
                valid.to_string(),
                share.to_string(),
                lo.to_string(),
                hi.to_string(),
                r.clearly(id).to_string(),
            ]
        }),
    )?;
    write_csv(
        &dir.join("robustness_draws.csv"),
        &["draw", "key", "value"],
        r.draws.iter().enumerate().flat_map(|(k, values)| {
            values
                .iter()
                .map(move |(key, v)| [(k + 1).to_string(), key.to_string(), v.to_string()])
        }),
    )?;
    write_csv(
        &dir.join("robustness_drivers.csv"),
        &["fact", "key", "spearman", "valid_draws"],
        evidence::drivers(r).into_iter().map(|d| {
            [
                d.fact.to_string(),
                d.key.to_string(),
                d.rho.to_string(),
                d.draws.to_string(),
            ]
        }),
    )?;
    write_csv(
        &dir.join("robustness_value_drivers.csv"),
        &["fact", "check", "key", "spearman", "valid_draws"],
        evidence::value_drivers(r).into_iter().map(|d| {
            [
                d.fact.to_string(),
                d.what.to_string(),
                d.key.to_string(),
                d.rho.to_string(),
                d.draws.to_string(),
            ]
        }),
    )?;
    write_csv(
        &dir.join("robustness_facts.csv"),
        &["draw", "fact", "holds", "model", "within_noise"],
        r.facts.iter().flat_map(|(k, facts)| {
            facts.iter().map(move |x| {
                [
                    k.to_string(),
                    x.id.to_string(),
                    x.holds.to_string(),
                    x.model.clone(),
                    x.within_noise().to_string(),
                ]
            })
        }),
    )?;
    write_checks(
        dir,
        "robustness_checks.csv",
        true,
        r.facts
            .iter()
            .flat_map(|(k, facts)| facts.iter().map(move |f| (Some(*k), f))),
    )?;
    Ok(())
}

/// `robustness_design.csv`: what the robustness run drew and how (enough,
/// with the `--set` keys in settings.csv, to rerun it or one of its draws).
fn write_design(dir: &Path, d: &Design, replications: u32) -> Result<PathBuf> {
    let screen = match d.screen {
        Screen::None => "none",
        Screen::Baseline => "baseline",
    };
    write_csv(
        &dir.join("robustness_design.csv"),
        &["setting", "value"],
        [
            ("draws", d.draws.to_string()),
            ("draw_seed", d.seed.to_string()),
            ("screen", screen.to_string()),
            ("prior", d.prior.to_string()),
            ("draw_replications", replications.to_string()),
        ]
        .map(|(k, v)| [k.to_string(), v]),
    )
}

/// `robustness_screen.csv`: every screened candidate's baseline (empty when
/// the draw broke a cross-field rule) and whether it was kept.
fn write_screen(dir: &Path, r: &Robustness) -> Result<PathBuf> {
    let num = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    write_csv(
        &dir.join("robustness_screen.csv"),
        &[
            "draw",
            "poverty_start",
            "gini_start",
            "poverty_end",
            "gini_end",
            "kept",
        ],
        r.screen.iter().map(|(k, b, kept)| {
            [
                k.to_string(),
                num(b.map(|b| b.poverty_start)),
                num(b.map(|b| b.gini_start)),
                num(b.map(|b| b.poverty_end)),
                num(b.map(|b| b.gini_end)),
                kept.to_string(),
            ]
        }),
    )
}
