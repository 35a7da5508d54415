//! The command line (clap derive): parse the flags into a request, call the
//! command's pipeline in [`crate::app`], print its report. The one progress
//! bar ([`Bar`]) lives here too; nothing below this layer prints.

use crate::app::check::check;
use crate::app::evidence::{
    EvidenceReport, EvidenceRequest, FactResult, GINI_BAND, POVERTY_BAND, Prior, Robustness,
    drivers, evidence, summarise, value_drivers,
};
use crate::app::run::{DryRun, RunOutcome, RunReport, RunRequest};
use crate::app::sweep::{SlurmRequest, SweepOutcome, SweepRequest};
use crate::app::{self, FlagOverrides};
use crate::error::{Error, Result};
use crate::progress::Progress;
use clap::{Args, Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "berdaya", version, about = "Simulate community empowerment programs in Indonesian villages and compare strategies", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run a scenario or an experiment (default: the built-in `strategies` experiment).
    Run(RunArgs),
    /// Check scenario and experiment files; report every problem; run nothing.
    Check {
        /// Files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Explain a mechanism, a parameter key or a claim of the seed paper (C1…C19).
    Explain {
        /// A mechanism (e.g. `economy`, `credit`), a key (`program.budget`) or a claim (`C16e`).
        topic: Option<String>,
        /// Print the parameter tables of docs/ODD.md (Markdown).
        #[arg(long)]
        tables: bool,
    },
    /// Check the stylized facts F1-F12 of field experiments against the model.
    Evidence(EvidenceArgs),
    /// Write a policy brief of a run folder: one self-contained HTML file (and a PDF where Chromium is installed).
    Report {
        /// A run folder (holding manifest.json, summary.csv, effects.csv, ...).
        dir: PathBuf,
        /// Language of the brief: en (English) or id (Bahasa Indonesia).
        #[arg(long, default_value = "en")]
        lang: String,
        /// Annual real discount rate for costs and gains (default 0.06, docs/STATISTICS.md).
        #[arg(long, default_value_t = crate::brief::DEFAULT_DISCOUNT)]
        discount: f64,
        /// The HTML file to write (default DIR/report.html, which is always replaced).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace an existing --out file (and its PDF).
        #[arg(long)]
        force: bool,
    },
    /// Put the effects of several finished runs side by side: a table (printed and compare.csv) and a chart.
    Compare {
        /// Run folders (each holding manifest.json and effects.csv).
        #[arg(required = true, num_args = 2..)]
        dirs: Vec<PathBuf>,
        /// Output folder (default: output/compare/).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Write into a non-empty output folder.
        #[arg(long)]
        force: bool,
    },
    /// Redraw the charts of a finished run from its files.
    Plot {
        /// A run folder (holding manifest.json and summary.csv).
        dir: PathBuf,
    },
    /// List the built-in scenarios, or print one as a commented file to start from.
    Scenarios {
        #[command(subcommand)]
        action: Option<ScenariosAction>,
    },
    /// Run a parameter sweep with sensitivity analysis: grid, LHS, Morris or Sobol (docs/SWEEPS.md).
    Sweep(SweepArgs),
    /// Calibrate parameters to a district's observed statistics (ABC-SMC; docs/STATISTICS.md).
    Calibrate(CalibrateArgs),
    /// Merge the shard folders of a sweep, a run or a calibration generation into one folder, identical to an unsharded run.
    Merge(MergeArgs),
    /// Explore the model in the browser: a local page with levers, live charts and a village view.
    Explore {
        /// A scenario or experiment file (or a built-in name) to start from.
        file: Option<String>,
        /// Port on 127.0.0.1 (0: any free port; the address is printed).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Open the page in the default browser.
        #[arg(long)]
        open: bool,
    },
}

#[derive(Args, Debug, Clone)]
pub struct SweepArgs {
    /// The sweep file: `base = "..."` and a [sweep] table.
    pub file: PathBuf,
    /// Output folder (default: output/<name>/). With --emit-slurm: where the merge job writes.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, default_value_t = 0, value_parser = threads)]
    pub threads: usize,
    /// Run only shard K of N (points K, K+N, K+2N, ...) into a shard folder for `berdaya merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Continue a killed sweep in its --out folder: finished points are kept, the rest is run.
    #[arg(long)]
    pub resume: bool,
    #[command(flatten)]
    pub slurm: SlurmArgs,
    /// Write into a non-empty output folder (files of the same name are replaced).
    #[arg(long)]
    pub force: bool,
    /// Print nothing but errors.
    #[arg(long)]
    pub quiet: bool,
}

#[derive(Args, Debug, Clone)]
pub struct CalibrateArgs {
    /// The calibration file: `base`, [targets], [parameters], optional [abc].
    pub file: PathBuf,
    /// Output folder (default: output/<name>/).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Override a key of the base scenario: --set population.villages=4
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub sets: Vec<String>,
    /// Write into a non-empty output folder (files of the same name are replaced).
    #[arg(long)]
    pub force: bool,
    /// Print nothing but errors.
    #[arg(long)]
    pub quiet: bool,
    /// Run only shard K of N of one generation's attempts into a shard folder for `berdaya merge` (needs --generation).
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// With --shard: the ABC generation (0: the prior; later ones need --previous).
    #[arg(long, value_name = "G", requires = "shard")]
    pub generation: Option<usize>,
    /// With --shard: the folder `berdaya merge` wrote for generation G-1.
    #[arg(long, value_name = "DIR", requires = "shard")]
    pub previous: Option<PathBuf>,
    #[command(flatten)]
    pub slurm: SlurmArgs,
}

#[derive(Args, Debug, Clone)]
pub struct MergeArgs {
    /// The shard folders (each made by `berdaya sweep|run|calibrate ... --shard K/N`).
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    /// The merged folder (of a calibration generation that does not end it: the state for the next).
    #[arg(long, required = true)]
    pub out: PathBuf,
    /// Worker threads for the reports (default: one per core).
    #[arg(long, default_value_t = 0, value_parser = threads)]
    pub threads: usize,
    /// Write into a non-empty output folder (files of the same name are replaced).
    #[arg(long)]
    pub force: bool,
    /// Print nothing but errors.
    #[arg(long)]
    pub quiet: bool,
}

#[derive(Subcommand, Debug)]
pub enum ScenariosAction {
    /// Print a built-in scenario or experiment as a commented TOML file.
    Show { name: String },
}

#[derive(Args, Debug, Clone)]
pub struct EvidenceArgs {
    /// Replications of each arm of the evidence experiment.
    #[arg(long, default_value_t = crate::app::evidence::DEFAULT_SIZE.0)]
    pub replications: u32,
    /// Villages per replication.
    #[arg(long, default_value_t = crate::app::evidence::DEFAULT_SIZE.1)]
    pub villages: u32,
    /// Households per village.
    #[arg(long, default_value_t = crate::app::evidence::DEFAULT_SIZE.2)]
    pub households: u32,
    /// Also rerun the suite this many times with the parameters drawn inside
    /// their plausible ranges, and report how often each fact holds. Only
    /// draws whose baseline (no program) is rural Indonesia count: poverty
    /// 9-16% and Gini 0.28-0.36 at the start and the horizon.
    #[arg(long, default_value_t = 0)]
    pub robustness: usize,
    /// Replications of each robustness draw (default: --replications, at
    /// most 4).
    #[arg(long, value_name = "N")]
    pub draw_replications: Option<u32>,
    /// With --robustness: keep every draw, whatever its baseline.
    #[arg(long)]
    pub unscreened: bool,
    /// Seed of the robustness draws.
    #[arg(long, default_value_t = 2026)]
    pub draw_seed: u64,
    /// With --robustness: how each key's draws spread over its plausible
    /// range: uniform (the range as a box) or pert (most likely at the
    /// key's default, the range as its bounds).
    #[arg(long, default_value = "uniform", value_parser = prior, value_name = "uniform|pert")]
    pub prior: Prior,
    /// With --robustness M: check the facts at draw N of that run alone (the
    /// `draw` column of its robustness files; the same --draw-seed,
    /// --unscreened, --prior and --set give the same draw), its drawn values written
    /// to settings.csv with --out. The robustness draws ran
    /// --draw-replications (by default at most 4): --replications equal to
    /// it gives their numbers.
    #[arg(long, value_name = "N")]
    pub draw: Option<usize>,
    /// Check the facts with a key of the evidence experiment set for every arm
    /// (arms that set the key themselves keep theirs), e.g.
    /// --set markets.idle_capacity=0.2; with --robustness the keys set are held
    /// at their value and the others drawn.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub sets: Vec<String>,
    /// Worker threads (default: one per core).
    #[arg(long, default_value_t = 0, value_parser = threads)]
    pub threads: usize,
    /// Write evidence.csv (and robustness.csv) into this folder.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Write into a non-empty --out folder.
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug, Clone, Default)]
pub struct RunArgs {
    /// A scenario or experiment file, or the name of a built-in (`berdaya scenarios`).
    pub target: Option<String>,
    /// Output folder (default: output/<name>/).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Base seed (overrides `seed`).
    #[arg(long, allow_hyphen_values = true, value_parser = whole::<u64>)]
    pub seed: Option<u64>,
    /// Replications per arm (overrides `replications`).
    #[arg(long, allow_hyphen_values = true, value_parser = whole::<u32>)]
    pub replications: Option<u32>,
    /// Months to simulate (overrides `months`).
    #[arg(long, allow_hyphen_values = true, value_parser = whole::<u32>)]
    pub months: Option<u32>,
    /// Worker threads (default: one per core).
    #[arg(long, default_value_t = 0, value_parser = threads)]
    pub threads: usize,
    /// Override a scenario key by its dotted path: KEY=VALUE for the base every
    /// arm inherits (--set program.coverage=0.5), ARM:KEY=VALUE for one arm
    /// (--set multi_group:program.budget_per_village_year=400e6), ARM1,ARM2:KEY=VALUE for several
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub sets: Vec<String>,
    /// Write into a non-empty output folder (files of the same name are replaced).
    #[arg(long)]
    pub force: bool,
    /// Print nothing but errors.
    #[arg(long)]
    pub quiet: bool,
    /// Print the run's size (households, household-months, estimated peak
    /// memory) and stop without running.
    #[arg(long)]
    pub dry_run: bool,
    /// Parameter draws for effects with model uncertainty (sets uncertainty.draws; 0: none).
    #[arg(long, value_name = "N")]
    pub draws: Option<u32>,
    /// Draw from a calibration's posterior.csv instead of the plausible ranges (sets uncertainty.posterior).
    #[arg(long, value_name = "FILE")]
    pub posterior: Option<PathBuf>,
    /// How plausible-range draws spread over each key's range: uniform, or
    /// pert (most likely at the key's default) (sets uncertainty.prior).
    #[arg(long, value_parser = prior, value_name = "uniform|pert")]
    pub prior: Option<Prior>,

    /// Also write households.csv: N households (spread evenly over the
    /// villages, the same in every arm) or `all`, month by month.
    #[arg(long, value_name = "N|all", value_parser = panel_size)]
    pub households: Option<usize>,
    /// Run only shard K of N (replications and draws K-1, K-1+N, ..., 0-based) into a shard folder for `berdaya merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    #[command(flatten)]
    pub slurm: SlurmArgs,
}

/// `--emit-slurm DIR` and the resources of its jobs (sweep, run and calibrate).
#[derive(Args, Debug, Clone, Default)]
pub struct SlurmArgs {
    /// Write Slurm scripts (job arrays of shards and dependent merge jobs) into DIR; run nothing.
    #[arg(long, value_name = "DIR")]
    pub emit_slurm: Option<PathBuf>,
    /// With --emit-slurm: number of shards (array tasks).
    #[arg(long, default_value_t = 4, requires = "emit_slurm")]
    pub shards: u32,
    /// With --emit-slurm: CPUs per task (also the task's --threads).
    #[arg(long, default_value_t = 2, requires = "emit_slurm")]
    pub cpus_per_task: u32,
    /// With --emit-slurm: memory per task (sbatch --mem).
    #[arg(long, default_value = "2G", requires = "emit_slurm")]
    pub mem: String,
    /// With --emit-slurm: wall-time limit per task (sbatch --time).
    #[arg(long, default_value = "01:00:00", requires = "emit_slurm")]
    pub time: String,
    /// With --emit-slurm: the Slurm partition.
    #[arg(long, requires = "emit_slurm")]
    pub partition: Option<String>,
}

impl SlurmArgs {
    fn request(&self) -> Option<SlurmRequest> {
        self.emit_slurm.as_ref().map(|dir| SlurmRequest {
            dir: dir.clone(),
            shards: self.shards,
            cpus_per_task: self.cpus_per_task,
            mem: self.mem.clone(),
            time: self.time.clone(),
            partition: self.partition.clone(),
        })
    }
}

/// What `main` calls on SIGINT / SIGTERM: removes what the interrupted
/// command leaves half-made, then calls `exit` with the message to print.
pub fn on_interrupt(exit: impl FnOnce(&str)) {
    app::on_interrupt(exit)
}

/// `--households N|all`.
fn panel_size(v: &str) -> std::result::Result<usize, String> {
    match v.trim() {
        "all" => Ok(usize::MAX),
        t => match t.parse::<usize>() {
            Ok(0) | Err(_) => Err(format!(
                "expected a number of households (1 or more) or `all`, found `{t}`"
            )),
            Ok(n) => Ok(n),
        },
    }
}

/// Runs the command line. Errors carry their exit code.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Run(args) => run_command(&args),
        Command::Check { files } => check_command(&files),
        Command::Evidence(args) => evidence_command(&args),
        Command::Report {
            dir,
            lang,
            discount,
            out,
            force,
        } => crate::brief::report_command(&dir, &lang, discount, out, force),
        Command::Plot { dir } => {
            let files = app::plot::plot(&dir)?;
            println!(
                "berdaya: {} charts in {}",
                files.len() / 2,
                dir.join("charts").display()
            );
            Ok(())
        }
        Command::Explain { topic, tables } => {
            print!("{}", app::explain(topic.as_deref(), tables)?);
            Ok(())
        }
        Command::Scenarios { action: None } => {
            println!(
                "Built-in scenarios and experiments (berdaya run NAME; berdaya scenarios show NAME):"
            );
            for (name, description) in app::scenarios::list() {
                println!("  {name:<28} {description}");
            }
            Ok(())
        }
        Command::Scenarios {
            action: Some(ScenariosAction::Show { name }),
        } => {
            print!("{}", app::scenarios::show(&name)?);
            Ok(())
        }
        Command::Sweep(args) => sweep_command(&args),
        Command::Explore { file, port, open } => {
            crate::explore::command(file.as_deref(), port, open)
        }
        Command::Merge(a) => merge_command(&a),
        Command::Calibrate(a) => calibrate_command(&a),
        Command::Compare { dirs, out, force } => {
            let r = app::compare::compare(&app::compare::CompareRequest { dirs, out, force })?;
            print!("{}", r.table);
            println!("-> {}", r.dir.display());
            for f in &r.files {
                println!("  {}", f.display());
            }
            Ok(())
        }
    }
}

/// `berdaya calibrate`.
fn calibrate_command(a: &CalibrateArgs) -> Result<()> {
    use app::calibrate::CalibrateOutcome;
    let req = app::calibrate::CalibrateRequest {
        file: a.file.clone(),
        out: a.out.clone(),
        flags: FlagOverrides {
            sets: a.sets.clone(),
            ..Default::default()
        },
        threads: a.threads,
        force: a.force,
        shard: a.shard.clone(),
        generation: a.generation,
        previous: a.previous.clone(),
        slurm: a.slurm.request(),
    };
    let outcome = app::calibrate::calibrate(&req, &Bar::new(a.quiet))?;
    if a.quiet {
        return Ok(());
    }
    let r = match outcome {
        CalibrateOutcome::Ran(r) => r,
        CalibrateOutcome::Slurm(e) => {
            print_emitted("calibrate", &e);
            return Ok(());
        }
        CalibrateOutcome::Shard(s) => {
            println!(
                "berdaya calibrate: {} generation {} shard {}: {} -> {}",
                s.name,
                s.generation,
                s.shard,
                s.what,
                s.dir.display()
            );
            println!("  {:.1} s", s.seconds);
            print_files(&s.files);
            return Ok(());
        }
    };
    println!("berdaya calibrate: {} -> {}", r.name, r.dir.display());
    for (t, (eps, attempts, accepted)) in r.generations.iter().enumerate() {
        println!(
            "  generation {t}: tolerance {eps:.3}, {accepted} accepted of {attempts} simulated"
        );
    }
    println!("  posterior (median and 90% interval; prior uniform):");
    for s in &r.summary {
        println!(
            "    {:<36} {:.4e} [{:.4e}, {:.4e}]  (prior {:.4e} to {:.4e})",
            s.key, s.median, s.low, s.high, s.prior.0, s.prior.1
        );
    }
    println!("  {:.1} s", r.seconds);
    print_files(&r.files);
    Ok(())
}

/// The one progress bar: on a terminal only, and not with `--quiet`.
pub struct Bar {
    bar: Option<indicatif::ProgressBar>,
}

impl Bar {
    /// A bar on stderr if it is a terminal and `quiet` is off; else nothing.
    pub fn new(quiet: bool) -> Self {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let pb = indicatif::ProgressBar::new(0);
            pb.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} {msg} [{bar:40}] {percent:>3}% {pos}/{len} elapsed {elapsed} eta {eta}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            pb
        });
        Bar { bar }
    }
}

impl Progress for Bar {
    fn start(&self, len: u64, message: &str) {
        if let Some(pb) = &self.bar {
            pb.reset();
            pb.set_length(len);
            pb.set_message(message.to_string());
        }
    }
    fn advance(&self, n: u64) {
        if let Some(pb) = &self.bar {
            pb.inc(n);
        }
    }
    fn set_position(&self, pos: u64) {
        if let Some(pb) = &self.bar {
            pb.set_position(pos);
        }
    }
    fn set_message(&self, message: &str) {
        if let Some(pb) = &self.bar {
            pb.set_message(message.to_string());
        }
    }
    fn finish(&self) {
        if let Some(pb) = &self.bar {
            pb.finish_and_clear();
        }
    }
}

/// `--prior uniform|pert`: how robustness draws spread over each range.
fn prior(s: &str) -> std::result::Result<Prior, String> {
    Prior::ALL
        .iter()
        .copied()
        .find(|p| p.as_str() == s)
        .ok_or_else(|| format!("expected one of {}", Prior::NAMES.join(", ")))
}

/// `--threads N`: 0 (one per core) to `scenario::limits::MAX_THREADS`.
fn threads(s: &str) -> std::result::Result<usize, String> {
    let max = app::MAX_THREADS;
    match s.parse::<usize>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(format!(
            "expected a number of worker threads from 0 (one per core) to {max}"
        )),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `berdaya run`.
fn run_command(args: &RunArgs) -> Result<()> {
    let req = RunRequest {
        target: args.target.clone(),
        out: args.out.clone(),
        flags: FlagOverrides {
            seed: args.seed,
            replications: args.replications,
            months: args.months,
            sets: run_sets(args),
        },
        threads: args.threads,
        force: args.force,
        dry_run: args.dry_run,
        households: args.households,
        command_line: std::env::args().collect(),
        shard: args.shard.clone(),
        slurm: args.slurm.request(),
    };
    match app::run::run(&req, &Bar::new(args.quiet))? {
        RunOutcome::DryRun(d) => print_dry_run(&d),
        RunOutcome::Shard(r) if !args.quiet => {
            println!(
                "berdaya run: {} shard {}: {} replication{} and {} parameter draw{} -> {}",
                r.name,
                r.shard,
                r.replications,
                plural(r.replications),
                r.draws,
                plural(r.draws),
                r.dir.display()
            );
            println!("  {:.1} s", r.seconds);
            print_files(&r.files);
        }
        RunOutcome::Slurm(e) if !args.quiet => print_emitted("run", &e),
        RunOutcome::Slurm(e) => e.notes.iter().for_each(|n| eprintln!("{n}")),
        RunOutcome::Shard(_) => {}
        RunOutcome::Ran(r) if !args.quiet => print_run(&r),
        RunOutcome::Ran(r) => print_notices(&r),
    }
    Ok(())
}

/// `--set` flags, then `--draws`, `--prior` and `--posterior` as the sets
/// they stand for.
fn run_sets(args: &RunArgs) -> Vec<String> {
    let mut sets = args.sets.clone();
    if let Some(n) = args.draws {
        sets.push(format!("uncertainty.draws={n}"));
    }
    if let Some(p) = args.prior {
        sets.push(format!("uncertainty.prior=\"{p}\""));
    }
    if let Some(p) = &args.posterior {
        let path = std::path::absolute(p).unwrap_or_else(|_| p.clone());
        sets.push(format!(
            "uncertainty.posterior={}",
            toml::Value::String(path.display().to_string())
        ));
    }
    sets
}

fn print_dry_run(d: &DryRun) {
    let gib = |b: u64| b as f64 / (1u64 << 30) as f64;
    let fp = &d.footprint;
    println!("berdaya: {} (dry run, nothing simulated)", d.name);
    println!(
        "  arms: {}; replications: {}; months: {} after {} months of burn-in",
        d.arms, d.replications, d.months, d.burn_in_months
    );
    println!(
        "  households per replication: {} (about {} bytes of state each)",
        fp.households, fp.bytes_per_household
    );
    println!(
        "  household-months to simulate: {:.3e}",
        fp.household_months
    );
    if d.draws > 0 {
        println!(
            "  and under {} parameter draw{}: {:.3e}",
            d.draws,
            plural(d.draws as usize),
            d.draw_household_months
        );
    }
    if d.screen_candidates_max > 0 {
        println!(
            "  and to screen the draws: at most {} small control worlds, {:.3e} household-months (it stops at the last draw kept; uncertainty.screen = false skips it)",
            d.screen_candidates_max, d.screen_household_months_max
        );
    }
    println!("  populations in memory at once: {}", fp.worlds_at_once);
    println!(
        "  estimates and reports (summary rows of every arm, month and metric): {:.2} GiB",
        gib(fp.report_bytes)
    );
    println!(
        "  estimated peak memory: {:.2} GiB{}",
        gib(fp.bytes),
        d.available
            .map(|a| format!(" (available now: {:.1} GiB)", gib(a)))
            .unwrap_or_default()
    );
}

fn print_run(r: &RunReport) {
    print_notices(r);
    println!(
        "berdaya: {} ({} arm{}, {} replication{}, {} months) -> {}",
        r.name,
        r.arms,
        plural(r.arms),
        r.replications,
        plural(r.replications as usize),
        r.months,
        r.dir.display()
    );
    let all = r.household_months + r.draw_household_months + r.screen_household_months;
    if r.draw_household_months > 0.0 {
        println!(
            "  {:.1} s, {:.1} M household-months/s ({:.2e} in the replications, {:.2e} under the parameter draws, {:.2e} screening them)",
            r.seconds,
            all / r.seconds.max(1e-9) / 1e6,
            r.household_months,
            r.draw_household_months,
            r.screen_household_months
        );
    } else {
        println!(
            "  {:.1} s, {:.1} M household-months/s",
            r.seconds,
            r.household_months / r.seconds.max(1e-9) / 1e6
        );
    }
    for f in &r.files {
        println!("  {}", f.display());
    }
    for line in &r.effects {
        println!("{line}");
    }
    if let Some(d) = &r.draws {
        println!("{d}");
    }
}

/// `berdaya check`.
fn check_command(paths: &[PathBuf]) -> Result<()> {
    let report = check(paths)?;
    for line in &report.ok {
        println!("{line}");
    }
    if report.issues.is_empty() {
        Ok(())
    } else {
        Err(Error::Input(report.issues))
    }
}

/// `berdaya evidence`.
fn evidence_command(args: &EvidenceArgs) -> Result<()> {
    let req = EvidenceRequest {
        replications: args.replications,
        villages: args.villages,
        households: args.households,
        robustness: args.robustness,
        draw_replications: args.draw_replications,
        unscreened: args.unscreened,
        draw_seed: args.draw_seed,
        prior: args.prior,
        draw: args.draw,
        sets: args.sets.clone(),
        threads: args.threads,
        out: args.out.clone(),
        force: args.force,
    };
    let report = evidence(&req, &Bar::new(false))?;
    print_facts(args, &report);
    if let Some((r, replications)) = &report.robustness {
        println!(
            "\nRobustness: {} valid draws of every parameter with a plausible range{} (Latin hypercube, seed {}; {}), {} replications each:",
            r.valid,
            if args.sets.is_empty() {
                ""
            } else {
                " (the keys set with --set held at their value)"
            },
            args.draw_seed,
            match args.prior {
                Prior::Uniform => "each key uniform over its range",
                Prior::Pert => "each key PERT over its range, most likely at its default",
            },
            replications
        );
        if !r.screen.is_empty() {
            let (p, g) = (POVERTY_BAND, GINI_BAND);
            println!(
                "the draws kept are those of {} candidates whose baseline with no program is rural Indonesia (poverty {:.0}-{:.0}%, Gini {:.2}-{:.2} in the first and the last month; --unscreened keeps every draw).",
                r.screen.len(),
                100.0 * p.0,
                100.0 * p.1,
                g.0,
                g.1,
            );
            if r.valid < args.robustness {
                println!(
                    "Only {} of the {} draws asked were kept: the candidates ran out.",
                    r.valid, args.robustness
                );
            }
        }
        println!(
            "The share's 95% interval (Wilson) is that of {} draws alone: it says how far the share could move with more draws, not how robust the fact is.",
            r.valid
        );
        println!(
            "'clear of noise': the draws in which the fact holds with every comparison's 95% Monte Carlo interval on the passing side ({replications} replications a draw)."
        );
        println!("| fact | holds in | share | 95% interval | clear of noise |");
        println!("|---|---|---|---|---|");
        for (id, n, share, (lo, hi)) in r.shares() {
            println!(
                "| {id} | {n} of {} | {:.0}% | {:.0}-{:.0}% | {} |",
                r.valid,
                100.0 * share,
                100.0 * lo,
                100.0 * hi,
                r.clearly(id)
            );
        }
        print_shortfalls(r);
        print_value_drivers(r);
        print_drivers(r);
    }
    Ok(())
}

/// For each fact that fails in some draw, each of its criteria: the draws
/// that pass it and where its value falls over the draws.
fn print_shortfalls(r: &Robustness) {
    let failing: Vec<&str> = r
        .counts
        .iter()
        .filter(|(_, n)| *n < r.valid)
        .map(|(id, _)| *id)
        .collect();
    let rows: Vec<_> = summarise(r)
        .into_iter()
        .filter(|c| failing.contains(&c.fact))
        .collect();
    if rows.is_empty() {
        return;
    }
    println!(
        "\nWhere the facts fall short: each criterion of a fact that failed in some draw, the draws that pass it, and its value over the draws (10th percentile, median, 90th). Every draw's values: robustness_checks.csv (with --out)."
    );
    println!("| fact | criterion | rule | passes | p10 | median | p90 |");
    println!("|---|---|---|---|---|---|---|");
    for c in rows {
        println!(
            "| {} | {} | {} | {} of {} | {} | {} | {} |",
            c.fact,
            c.what,
            c.rule.text(),
            c.passed,
            c.draws,
            short_number(c.p10),
            short_number(c.median),
            short_number(c.p90)
        );
    }
}

/// For each criterion that fails in some draw, the three drawn keys most
/// rank-correlated with its value.
fn print_value_drivers(r: &Robustness) {
    let d = value_drivers(r);
    if d.is_empty() || r.valid < 3 {
        return;
    }
    println!(
        "\nWhat moves each criterion that fails in some draw: the drawn keys most rank-correlated with its value over the draws (Spearman's rho; + = the value is higher where the key is higher; read it against the rule). The value says how far each draw fell from the bound, so this finds leads in fewer draws than holding or failing does; with {} draws and {} keys chance still takes a few past |rho| = {:.2}. Every key: robustness_value_drivers.csv (with --out).",
        r.valid,
        r.draws.first().map_or(0, Vec::len),
        chance_rho(r.valid)
    );
    // rows come grouped by criterion, strongest first within each
    for group in d.chunk_by(|a, b| (a.fact, a.what) == (b.fact, b.what)) {
        let top: Vec<String> = group
            .iter()
            .take(3)
            .map(|y| format!("{} {:+.2}", y.key, y.rho))
            .collect();
        println!("  {} {}: {}", group[0].fact, group[0].what, top.join(", "));
    }
}

/// The |rho| that chance alone passes about one time in twenty over `n`
/// draws (1.96 / sqrt(n - 1)).
fn chance_rho(n: usize) -> f64 {
    1.96 / ((n as f64) - 1.0).sqrt()
}

/// A value of any size in a few characters: whole numbers from 100 up,
/// two decimals from 1, three below.
fn short_number(x: f64) -> String {
    match x.abs() {
        a if a.is_nan() => "-".into(),
        a if a >= 100.0 => format!("{x:.0}"),
        a if a >= 1.0 => format!("{x:.2}"),
        _ => format!("{x:.3}"),
    }
}

/// For each fact that holds in some draws and fails in others, the three
/// drawn keys most rank-correlated with its holding.
fn print_drivers(r: &Robustness) {
    let d = drivers(r);
    if d.is_empty() || r.valid < 3 {
        return;
    }
    println!(
        "\nWhat separates the draws where a fact holds from those where it fails: the drawn keys most rank-correlated with its holding (Spearman's rho; + = holds more often where the key is higher). Over {} draws chance alone takes one key past |rho| = {:.2} one time in twenty, and {} keys are drawn, so some of these are chance: leads to check with more draws, not findings. Every key: robustness_drivers.csv (with --out).",
        r.valid,
        chance_rho(r.valid),
        r.draws.first().map_or(0, Vec::len)
    );
    let mut facts: Vec<&str> = d.iter().map(|x| x.fact).collect();
    facts.dedup();
    // a fact that holds (or fails) in one or two draws only: its ranks
    // are those of one or two draws, not a pattern
    let split = |f: &str| {
        let n = r.counts.iter().find(|c| c.0 == f).map_or(0, |c| c.1);
        n >= 3 && r.valid - n >= 3
    };
    let (shown, left): (Vec<&str>, Vec<&str>) = facts.into_iter().partition(|f| split(f));
    if !left.is_empty() {
        println!(
            "  (left out: {}, which hold or fail in fewer than 3 draws)",
            left.join(", ")
        );
    }
    for f in shown {
        let top: Vec<String> = d
            .iter()
            .filter(|x| x.fact == f)
            .take(3)
            .map(|x| format!("{} {:+.2}", x.key, x.rho))
            .collect();
        println!("  {f}: {}", top.join(", "));
    }
}

/// The first line of `berdaya evidence`'s table: in what world the facts
/// were checked (a robustness draw, the defaults, or the defaults with keys
/// set).
fn facts_heading(args: &EvidenceArgs) -> String {
    let title = "Stylized facts of field experiments (docs/EVIDENCE.md) against the model";
    let held = |sets: &[String]| {
        if sets.is_empty() {
            String::new()
        } else {
            format!(", {} held", sets.join(", "))
        }
    };
    match args.draw {
        Some(n) => format!(
            "{title} at draw {n} of --robustness {} --draw-seed {}{}{}{} (every key with a plausible range drawn; the values: settings.csv with --out):",
            args.robustness,
            args.draw_seed,
            if args.unscreened { " --unscreened" } else { "" },
            if args.prior == Prior::Uniform {
                ""
            } else {
                " --prior pert"
            },
            held(&args.sets)
        ),
        None if args.sets.is_empty() => format!("{title}, defaults:"),
        None => format!("{title}, defaults except {}:", args.sets.join(", ")),
    }
}

fn print_facts(args: &EvidenceArgs, report: &EvidenceReport) {
    let facts = &report.facts;
    println!("{}", facts_heading(args));
    println!(
        "{} replications of {} villages x {} households, paired with a control arm (common random numbers).",
        args.replications, args.villages, args.households
    );
    let b = &report.baseline;
    println!(
        "Without a program (the control arm, mean of the replications): poverty {:.1}% in month 1 and {:.1}% at the horizon, Gini {:.3} and {:.3} (rural Indonesia, BPS 2024-25: poverty 11.0-11.8%, Gini about 0.31).\n",
        100.0 * b.poverty_start,
        100.0 * b.poverty_end,
        b.gini_start,
        b.gini_end
    );
    if let Some(kept) = report.kept {
        let (p, g) = (POVERTY_BAND, GINI_BAND);
        println!(
            "The robustness screen {} this draw: its baseline in replication 0 is {} the bands (poverty {:.0}-{:.0}%, Gini {:.2}-{:.2}, first and last month).\n",
            if kept { "keeps" } else { "leaves out" },
            if kept { "inside" } else { "outside" },
            100.0 * p.0,
            100.0 * p.1,
            g.0,
            g.1
        );
    }
    println!("| fact | holds | source | what the field found | what the model gives |");
    println!("|---|---|---|---|---|");
    for f in facts {
        println!(
            "| {} {} | {} | {} | {} | {} |",
            f.id,
            f.title,
            match (f.holds, f.within_noise()) {
                (true, false) => "yes",
                (true, true) => "yes, within noise",
                _ => "NO",
            },
            f.source,
            f.field,
            f.model
        );
    }
    let noisy: Vec<&FactResult> = facts.iter().filter(|f| f.within_noise()).collect();
    println!(
        "\n{} of {} facts hold{} ({:.1} s).",
        facts.iter().filter(|f| f.holds).count(),
        facts.len(),
        match noisy.len() {
            0 => String::new(),
            n => format!(", {n} of them within Monte Carlo noise"),
        },
        report.seconds
    );
    if !noisy.is_empty() {
        println!(
            "Within noise: the fact holds on the means of the replications, but a criterion's 95% Monte Carlo interval reaches past its bound, so more replications could turn it (rerun with more, e.g. --replications 48, to settle it):"
        );
        for f in noisy {
            for c in f.checks.iter().filter(|c| c.within_noise()) {
                let (lo, hi) = c.ci.unwrap_or((f64::NAN, f64::NAN));
                println!(
                    "  {} {}: {:+.2} [{:+.2}, {:+.2}], needs {}",
                    f.id,
                    c.what,
                    c.value,
                    lo,
                    hi,
                    c.rule.text()
                );
            }
        }
    }
}

/// `berdaya sweep`.
fn sweep_command(a: &SweepArgs) -> Result<()> {
    let req = SweepRequest {
        file: a.file.clone(),
        out: a.out.clone(),
        threads: a.threads,
        shard: a.shard.clone(),
        resume: a.resume,
        force: a.force,
        slurm: a.slurm.request(),
    };
    let outcome = app::sweep::sweep(&req, &Bar::new(a.quiet))?;
    if a.quiet {
        return Ok(());
    }
    match outcome {
        SweepOutcome::Slurm(s) => {
            let e = &s.emitted;
            println!(
                "berdaya sweep: {} ({} points) as a Slurm job array of {} shard{} -> {}",
                e.name,
                e.points,
                e.shards,
                plural(e.shards as usize),
                e.dir.display()
            );
            print_files(&e.files);
            println!("Submit with: bash {}", s.submit);
            println!("The merged sweep will be in {}", e.out.display());
        }
        SweepOutcome::Ran(r) => {
            let what = match &r.shard {
                Some((s, n)) => format!("shard {s}: {n} of {} points", r.points),
                None => format!("{} point{}", r.points, plural(r.points)),
            };
            println!(
                "berdaya sweep: {} ({}, {what} × {} replication{} × {} arm{}) -> {}",
                r.name,
                r.method,
                r.replications,
                plural(r.replications as usize),
                r.arms,
                plural(r.arms),
                r.dir.display()
            );
            if r.skipped > 0 {
                println!(
                    "  resumed: {} point{} already done",
                    r.skipped,
                    plural(r.skipped)
                );
            }
            println!("  {:.1} s", r.seconds);
            print_files(&r.files);
        }
    }
    Ok(())
}

fn print_files(files: &[PathBuf]) {
    for f in files {
        println!("  {}", f.display());
    }
}

/// `berdaya merge`: sweep, run or calibration shards, as the folders say.
fn merge_command(a: &MergeArgs) -> Result<()> {
    let (m, seconds) = app::merge::merge(&a.dirs, &a.out, a.threads, a.force, &Bar::new(a.quiet))?;
    if a.quiet {
        return Ok(());
    }
    let (what, files) = match &m {
        app::merge::Merged::Sweep(m) => (
            format!(
                "sweep {} ({} shard{}, {} point{})",
                m.name,
                m.shards,
                plural(m.shards),
                m.points,
                plural(m.points)
            ),
            &m.files,
        ),
        app::merge::Merged::Run(m) => (
            format!(
                "run {} ({} shard{}, {} replication{}, {} parameter draw{})",
                m.name,
                m.shards,
                plural(m.shards),
                m.replications,
                plural(m.replications as usize),
                m.draws,
                plural(m.draws)
            ),
            &m.files,
        ),
        app::merge::Merged::Calibration(m) => (m.what.clone(), &m.files),
    };
    println!("berdaya merge: {what} -> {}", a.out.display());
    println!("  {seconds:.1} s");
    print_files(files);
    Ok(())
}

/// What `--emit-slurm` wrote, and how to submit it.
fn print_emitted(command: &str, e: &app::shard::Emitted) {
    for n in &e.notes {
        eprintln!("{n}");
    }
    println!(
        "berdaya {command}: {} ({}) as Slurm job arrays of {} shard{} -> {}",
        e.name,
        e.units,
        e.shards,
        plural(e.shards as usize),
        e.dir.display()
    );
    print_files(&e.files);
    println!("Submit with: bash {}", e.submit);
    println!("The merged result will be in {}", e.out.display());
}

/// Notices go to stderr, even with `--quiet`: they say a result may not mean
/// what the user thinks.
fn print_notices(r: &RunReport) {
    for n in &r.notices {
        eprintln!("{n}");
    }
}

/// A whole number flag (`--replications`, `--months`, `--seed`): a negative
/// or a decimal gets a plain message, not clap's "use -- -3" tip (limits
/// are checked with the scenario's).
fn whole<T: std::str::FromStr>(v: &str) -> std::result::Result<T, String> {
    let v = v.trim();
    v.parse::<T>().map_err(|_| {
        if v.starts_with('-') {
            format!(
                "expected a whole number, not a negative one, found {v} (--replications and --months take 1 or more, --seed 0 or more)"
            )
        } else {
            format!("expected a whole number, found `{v}`")
        }
    })
}
