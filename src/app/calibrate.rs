//! `berdaya calibrate FILE`: read and check the calibration, run ABC-SMC on
//! the worker pool, write the posterior, the calibrated scenario, the
//! charts and the manifest (docs/STATISTICS.md, "Calibration"). With
//! `--shard K/N --generation G [--previous STATE]` it runs one shard of one
//! generation; `berdaya merge` of a generation's shards writes the state
//! for the next, or the finished calibration ([`crate::calibrate::shard`]);
//! `--emit-slurm` writes the chain of job arrays and merges.

use super::sweep::SlurmRequest;
use super::{FlagOverrides, load_experiment};
use crate::calibrate::shard::{self as cs, Origin, ShardHead};
use crate::calibrate::{self, Calibration, abc::Generation, report};
use crate::error::{Error, IoContext, Result};
use crate::experiment;
use crate::output::files;
use crate::output::manifest::Manifest;
use crate::progress::Progress;
use crate::scenario::experiment::to_resolved_toml;
use crate::shard::slurm::{self, Scripts, Stage, sh_quote};
use crate::shard::{Shard, fnv1a, folder, hex, problem};
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
    /// `--shard K/N` as typed.
    pub shard: Option<String>,
    /// `--generation G` (with `--shard`).
    pub generation: Option<usize>,
    /// `--previous DIR`: the merged state of generation G-1.
    pub previous: Option<PathBuf>,
    /// `--emit-slurm` and its flags.
    pub slurm: Option<SlurmRequest>,
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

/// A calibration shard that ran.
#[derive(Debug, Clone)]
pub struct ShardReport {
    pub name: String,
    pub shard: String,
    pub generation: usize,
    /// What it did, in words.
    pub what: String,
    pub dir: PathBuf,
    pub files: Vec<PathBuf>,
    pub seconds: f64,
}

/// What `berdaya calibrate` did.
#[derive(Debug, Clone)]
pub enum CalibrateOutcome {
    Ran(CalibrateReport),
    Shard(ShardReport),
    Slurm(super::shard::Emitted),
}

/// Where a calibration comes from, for shard and folder manifests.
fn origin(req_file: &Path, file_label: &str, c: &Calibration, sets: &[String]) -> Result<Origin> {
    let bytes = std::fs::read(req_file).ctx(|| format!("reading {}", req_file.display()))?;
    Ok(Origin {
        file: file_label.to_string(),
        file_fnv1a: hex(fnv1a(&bytes)),
        base_fnv1a: hex(fnv1a(c.base_text.as_bytes())),
        sets: sets.to_vec(),
    })
}

/// `berdaya calibrate`.
pub fn calibrate(req: &CalibrateRequest, progress: &dyn Progress) -> Result<CalibrateOutcome> {
    let shard = req.shard.as_deref().map(Shard::parse).transpose()?;
    if shard.is_none() && (req.generation.is_some() || req.previous.is_some()) {
        return Err(Error::Usage(
            "--generation and --previous belong to a shard: berdaya calibrate FILE --shard K/N --generation G [--previous STATE] --out DIR".into(),
        ));
    }
    let c = calibrate::read(&req.file, &|src| load_experiment(src, &req.flags))?;
    let origin = origin(
        &req.file,
        &req.file.display().to_string(),
        &c,
        &req.flags.sets,
    )?;
    if let Some(s) = &req.slurm {
        if shard.is_some() {
            return Err(Error::Usage(
                "--emit-slurm writes the scripts that run the shards; it cannot be combined with --shard".into(),
            ));
        }
        return emit(req, &c, s).map(CalibrateOutcome::Slurm);
    }
    if let Some(shard) = shard {
        return shard_into(req, &c, &origin, shard).map(CalibrateOutcome::Shard);
    }
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
    let (files, summary) = write_folder(&dir, &c, &origin, &gens, &req.flags)?;
    Ok(CalibrateOutcome::Ran(CalibrateReport {
        name: c.name.clone(),
        dir,
        files,
        generations: gens
            .iter()
            .map(|g| (g.epsilon, g.attempts, g.particles.len()))
            .collect(),
        summary,
        seconds: start.elapsed().as_secs_f64(),
    }))
}

/// A finished calibration folder: the report's files, `calibrated.toml`
/// and the manifest (the same code for a run and a merge).
fn write_folder(
    dir: &Path,
    c: &Calibration,
    origin: &Origin,
    gens: &[Generation],
    flags: &FlagOverrides,
) -> Result<(Vec<PathBuf>, Vec<report::ParamSummary>)> {
    let summary = report::summarize(c, gens);
    let mut written = report::write(dir, c, gens, &summary)?;
    written.push(write_calibrated(dir, c, &summary, flags)?);
    let manifest = cs::finished_manifest(dir, c, origin, gens, &written)?;
    written.push(manifest);
    Ok((written, summary))
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

/// The generations before `g` that a shard or merge of `g` builds on, from
/// `--previous` (`None`: the previous folder is a finished calibration).
fn previous(
    c: &Calibration,
    origin: &Origin,
    g: usize,
    prev: Option<&Path>,
) -> Result<Option<Vec<Generation>>> {
    let Some(dir) = prev else {
        return if g == 0 {
            Ok(Some(Vec::new()))
        } else {
            Err(Error::Usage(format!(
                "--generation {g} needs --previous: the folder `berdaya merge` wrote for generation {}",
                g - 1
            )))
        };
    };
    if g == 0 {
        return Err(Error::Usage(
            "--generation 0 draws from the priors; it takes no --previous".into(),
        ));
    }
    if folder::kind(dir).as_deref() == Some(cs::FINISHED_KIND) {
        let m = cs::read_finished(dir)?;
        let same = (&m.head.file_fnv1a, &m.head.base_fnv1a, &m.head.sets)
            == (&origin.file_fnv1a, &origin.base_fnv1a, &origin.sets);
        if !same {
            return Err(Error::Input(vec![problem(
                dir,
                "is a finished calibration of another calibration file, base or --set flags",
            )]));
        }
        return Ok(None);
    }
    let (head, gens) = cs::read_state(dir, c)?;
    cs::same_origin(dir, &head.origin, origin).map_err(|i| Error::Input(vec![i]))?;
    if gens.len() != g {
        return Err(Error::Usage(format!(
            "{} holds generations 0 to {}, so the next is --generation {}, not {g}",
            dir.display(),
            gens.len() - 1,
            gens.len()
        )));
    }
    Ok(Some(gens))
}

/// `berdaya calibrate FILE --shard K/N --generation G`.
fn shard_into(
    req: &CalibrateRequest,
    c: &Calibration,
    origin: &Origin,
    shard: Shard,
) -> Result<ShardReport> {
    let start = Instant::now();
    let g = req.generation.ok_or_else(|| {
        Error::Usage("--shard needs --generation G (0 for the prior; then 1, 2, … each with --previous, the merge of the one before)".into())
    })?;
    let n = calibrate::abc::particles(&c.settings);
    if shard.n as usize > n {
        return Err(Error::Usage(format!(
            "--shard {shard}: a generation has {n} particles, so at most {n} shards"
        )));
    }
    let gens = previous(c, origin, g, req.previous.as_deref())?;
    let dir = req.out.clone().unwrap_or_else(|| {
        PathBuf::from("output").join(format!("{}-gen-{g}-shard-{}", c.name, shard.k))
    });
    files::prepare_run_dir(
        &dir,
        req.force,
        format!(
            "berdaya: interrupted; the unfinished shard was removed from {}. Run the same command again.",
            dir.display()
        ),
    )?;
    let ran = (|| -> Result<(Vec<PathBuf>, String)> {
        let attempts = match &gens {
            Some(gens) => {
                let sim = |theta: &[f64], seed: u64| calibrate::simulate(c, theta, seed);
                let a = experiment::pool(req.threads)?
                    .install(|| cs::run_shard(c, gens, g, shard, &sim));
                Some(a)
            }
            None => None,
        };
        let mut written = Vec::new();
        if let Some(a) = &attempts {
            written.push(files::write_atomic(
                &dir.join(cs::ATTEMPTS),
                cs::attempts_csv(c, a).as_bytes(),
            )?);
        }
        let prev_abs = match &req.previous {
            Some(p) => Some(slurm::absolute(p)?),
            None => None,
        };
        let head = ShardHead {
            kind: cs::SHARD_KIND.into(),
            version: env!("CARGO_PKG_VERSION").into(),
            name: c.name.clone(),
            origin: origin.clone(),
            generation: g,
            k: shard.k,
            n: shard.n,
            previous: prev_abs.as_ref().map(|p| p.display().to_string()),
            previous_fnv1a: prev_abs.as_deref().map(cs::manifest_hash).transpose()?,
            finished: attempts.is_none(),
            covered_below: attempts.as_ref().map_or(0, |a| a.covered_below),
            accepted: attempts.as_ref().map_or(0, |a| a.accepted.len()),
            threads: experiment::resolve_threads(req.threads),
            wall_seconds: start.elapsed().as_secs_f64(),
        };
        let what = match &attempts {
            Some(a) if g == 0 => format!("{} prior draws", a.accepted.len()),
            Some(a) => format!(
                "attempts below {} of its class, {} accepted",
                a.covered_below,
                a.accepted.len()
            ),
            None => "nothing to do: the calibration had finished before this generation".into(),
        };
        let entries = folder::entries(&dir, &written)?;
        written.push(Manifest::new(head, entries).write(&dir)?);
        Ok((written, what))
    })();
    if ran.is_err() {
        files::abandon_scope();
    }
    files::end_scope();
    let (files, what) = ran?;
    Ok(ShardReport {
        name: c.name.clone(),
        shard: shard.to_string(),
        generation: g,
        what,
        dir,
        files,
        seconds: start.elapsed().as_secs_f64(),
    })
}

// ---------------------------------------------------------------------------
// The merge of one generation.

/// What a calibration merge did.
#[derive(Debug, Clone)]
pub struct MergedCalibration {
    /// In words: which generation, and whether the calibration finished.
    pub what: String,
    pub files: Vec<PathBuf>,
}

/// A checked calibration shard folder.
struct CalShard {
    dir: PathBuf,
    head: ShardHead,
}

fn read_shard(dir: &Path) -> std::result::Result<CalShard, crate::error::Issue> {
    let m: Manifest<ShardHead> = Manifest::read(
        dir,
        "a calibration shard folder",
        "a berdaya calibration shard",
    )
    .map_err(|e| {
        crate::shard::unreadable(
            dir,
            e,
            "run the same `berdaya calibrate FILE --shard K/N --generation G ... --force` again",
        )
    })?;
    crate::shard::same_version(dir, m.head.k, m.head.n, &m.head.version)?;
    if m.head.n == 0 || m.head.k == 0 || m.head.k > m.head.n {
        return Err(problem(
            dir,
            "its manifest's shard numbers are not K/N with 1 <= K <= N; the folder was changed after it finished",
        ));
    }
    folder::verify(dir, &m.files)?;
    Ok(CalShard {
        dir: dir.to_path_buf(),
        head: m.head,
    })
}

/// Every shard of one generation of one calibration, each once.
fn check(dirs: &[PathBuf]) -> Result<Vec<CalShard>> {
    crate::shard::read_all(dirs, read_shard, same_generation, |s| s.head.k)
}

/// The shards belong to the same generation of the same calibration, and
/// every shard 1..N is there once.
fn same_generation(shards: &[CalShard]) -> Vec<crate::error::Issue> {
    let mut issues = Vec::new();
    let f = &shards[0];
    for s in &shards[1..] {
        let (a, b) = (&s.head, &f.head);
        if let Err(i) = cs::same_origin(&s.dir, &a.origin, &b.origin) {
            issues.push(i);
        } else if (
            a.generation,
            a.n,
            &a.previous,
            &a.previous_fnv1a,
            a.finished,
        ) != (
            b.generation,
            b.n,
            &b.previous,
            &b.previous_fnv1a,
            b.finished,
        ) {
            issues.push(problem(
                &s.dir,
                format!(
                    "does not belong with {}: it is shard {}/{} of generation {} after {:?}, that one {}/{} of generation {} after {:?}",
                    f.dir.display(), a.k, a.n, a.generation, a.previous, b.k, b.n, b.generation, b.previous
                ),
            ));
        }
    }
    if issues.is_empty() {
        let ks: Vec<(&Path, u32)> = shards.iter().map(|s| (s.dir.as_path(), s.head.k)).collect();
        issues = crate::shard::complete_set(&ks, shards[0].head.n);
    }
    issues
}

/// `berdaya merge` of one generation's calibration shards.
pub fn merge(
    dirs: &[PathBuf],
    out: &Path,
    threads: usize,
    force: bool,
    progress: &dyn Progress,
) -> Result<MergedCalibration> {
    let shards = check(dirs)?;
    let paths: Vec<&Path> = shards.iter().map(|s| s.dir.as_path()).collect();
    crate::shard::check_out(&paths, out)?;
    let h = shards[0].head.clone();
    let prev = h.previous.as_ref().map(PathBuf::from);
    if let Some(p) = &prev
        && Some(cs::manifest_hash(p)?) != h.previous_fnv1a
    {
        return Err(Error::Input(vec![problem(
            p,
            "changed after the shards read it (its manifest's hash differs)",
        )]));
    }
    if h.finished {
        let from = prev.unwrap_or_default();
        let m = cs::read_finished(&from)?;
        crate::shard::begin_merge(out, force)?;
        let files = cs::copy_finished(&from, &m.files, out)?;
        return Ok(MergedCalibration {
            what: format!(
                "calibration {} had finished after generation {}: copied from {}",
                h.name,
                m.head.generations - 1,
                from.display()
            ),
            files,
        });
    }
    let flags = FlagOverrides {
        sets: h.origin.sets.clone(),
        ..Default::default()
    };
    let file = PathBuf::from(&h.origin.file);
    let c = calibrate::read(&file, &|src| load_experiment(src, &flags))?;
    let here = origin(&file, &h.origin.file, &c, &flags.sets)?;
    cs::same_origin(&shards[0].dir, &h.origin, &here).map_err(|i| Error::Input(vec![i]))?;
    let g = h.generation;
    let mut gens = previous(&c, &here, g, prev.as_deref())?.unwrap_or_default();
    let mut attempts = Vec::new();
    for s in &shards {
        attempts.push(cs::read_attempts(&s.dir, &c, s.head.covered_below)?);
    }
    check_prior(&c, g, &attempts)?;
    progress.start(1, &format!("{}: merging generation {g}", c.name));
    let sim = |theta: &[f64], seed: u64| calibrate::simulate(&c, theta, seed);
    let next =
        experiment::pool(threads)?.install(|| cs::merge_generation(&c, &gens, g, &attempts, &sim));
    progress.finish();
    let filled = next.is_some();
    if let Some(next) = next {
        gens.push(next);
    }
    let finished = !filled || cs::finished_after(&c, &gens);
    crate::shard::begin_merge(out, force)?;
    let (files, what) = if finished {
        let (files, _) = write_folder(out, &c, &here, &gens, &flags)?;
        (
            files,
            format!(
                "calibration {} finished with generation {}",
                c.name,
                gens.len() - 1
            ),
        )
    } else {
        let files = cs::write_state(out, &c, &here, &gens)?;
        (
            files,
            format!(
                "calibration {}: generation {g} merged (state for generation {}: berdaya calibrate FILE --shard K/N --generation {} --previous {})",
                c.name,
                g + 1,
                g + 1,
                out.display()
            ),
        )
    };
    Ok(MergedCalibration { what, files })
}

/// Generation 0's shards hold every prior attempt exactly once.
fn check_prior(c: &Calibration, g: usize, attempts: &[cs::ShardAttempts]) -> Result<()> {
    if g != 0 {
        return Ok(());
    }
    let n = calibrate::abc::particles(&c.settings);
    let mut ks: Vec<usize> = attempts
        .iter()
        .flat_map(|a| a.accepted.iter().map(|(k, _)| *k))
        .collect();
    ks.sort_unstable();
    if ks != (0..n).collect::<Vec<_>>() {
        return Err(Error::Input(vec![problem(
            Path::new("berdaya merge"),
            format!(
                "the shards of generation 0 do not hold the {n} prior draws exactly once; the shard folders were changed after they finished"
            ),
        )]));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Slurm.

/// `berdaya calibrate FILE --emit-slurm DIR`: one job array and merge per
/// generation, each array after the merge before it; the last merge writes
/// `--out`.
fn emit(
    req: &CalibrateRequest,
    c: &Calibration,
    s: &SlurmRequest,
) -> Result<super::shard::Emitted> {
    let opts = super::shard::slurm_options(s);
    let n_particles = calibrate::abc::particles(&c.settings);
    slurm::check_options(&opts, n_particles, "particle")?;
    slurm::check_path("the calibration file", &req.file)?;
    let file = req
        .file
        .canonicalize()
        .ctx(|| format!("resolving {}", req.file.display()))?;
    let out = req
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("output").join(&c.name));
    let p = slurm::prepare(&opts, &[("the calibration file", &file)], &out, req.force)?;
    let n = opts.shards;
    let flags = super::shard::flag_words(&FlagOverrides {
        sets: req.flags.sets.clone(),
        ..Default::default()
    })?;
    let last = c.settings.generations;
    let stages = (0..=last)
        .map(|g| {
            let prev = if g == 0 {
                String::new()
            } else {
                format!(" --previous \"$SHARDS/state-{}\"", g - 1)
            };
            let out = if g == last {
                "\"$OUT\"".to_string()
            } else {
                format!("\"$SHARDS/state-{g}\"")
            };
            Stage {
                suffix: format!("-{g}"),
                array_about: format!(
                    "# Generation {g}: task K runs shard K/{n} of its attempts into $SHARDS/gen-{g}/shard-K\n# (after generation {g} the calibration may have finished: then a task has nothing to do).\n"
                ),
                array_run: format!(
                    "exec \"$BERDAYA\" calibrate \"$FILE\" --shard \"$K/{n}\" --generation {g}{prev} --out \"$SHARDS/gen-{g}/shard-$K\" --threads \"${{SLURM_CPUS_PER_TASK:-1}}\"{flags} --quiet --force\n"
                ),
                merge_about: format!(
                    "# Merges generation {g} into {}: the state for the next generation, or the finished\n# calibration (copied forward by the later merges, so the last one writes $OUT).\n",
                    if g == last { "$OUT" } else { "$SHARDS/state-G" }
                ),
                merge_run: super::shard::merge_lines(&format!("$SHARDS/gen-{g}"), n, &out, req.force),
            }
        })
        .collect();
    let scripts = Scripts {
        opts: &opts,
        name: &c.name,
        about: format!(
            "# berdaya {}: calibration \"{}\" (ABC-SMC, {n_particles} particles, up to {} generations), {n} shards a generation.\n",
            env!("CARGO_PKG_VERSION"),
            c.name,
            last + 1
        ),
        vars: vec![
            ("BERDAYA", p.exe.display().to_string()),
            ("FILE", file.display().to_string()),
            ("SHARDS", p.dir.display().to_string()),
            ("OUT", p.out.display().to_string()),
        ],
        stages,
        summary: format!(
            "calibration {} ({n} shards, up to {} generations) submitted -> {}",
            c.name,
            last + 1,
            p.out.display()
        ),
    };
    let files = slurm::write(&p.dir, &scripts)?;
    Ok(super::shard::Emitted {
        submit: sh_quote(&p.dir.join("submit.sh").display().to_string()),
        dir: p.dir,
        files,
        out: p.out,
        name: c.name.clone(),
        units: format!("{n_particles} particles, up to {} generations", last + 1),
        shards: n,
        notes: Vec::new(),
    })
}
