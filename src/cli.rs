//! The command line (clap derive): parse → resolve → validate → run → export.

use crate::builtin;
use crate::error::{Error, IoContext, Result};
use crate::output::{self, files};
use crate::runner::{self, RunOptions};
use crate::scenario::experiment::{self, Experiment, Overrides};
use crate::scenario::load::{self, Issue, Origin};
use clap::{Args, Parser, Subcommand};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

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
    /// Check the stylized facts F1-F8 of field experiments against the model.
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
    /// Merge the shard folders of a sweep into one folder, identical to an unsharded run.
    Merge(MergeArgs),
}

#[derive(Args, Debug, Clone)]
pub struct SweepArgs {
    /// The sweep file: `base = "..."` and a [sweep] table.
    pub file: PathBuf,
    /// Output folder (default: output/<name>/). With --emit-slurm: where the merge job writes.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Run only shard K of N (points K, K+N, K+2N, ...) into a shard folder for `berdaya merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Continue a killed sweep in its --out folder: finished points are kept, the rest is run.
    #[arg(long)]
    pub resume: bool,
    /// Write Slurm scripts (a job array of shards and a dependent merge job) into DIR; run nothing.
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
    /// Write into a non-empty output folder (files of the same name are replaced).
    #[arg(long)]
    pub force: bool,
    /// Print nothing but errors.
    #[arg(long)]
    pub quiet: bool,
}

#[derive(Args, Debug, Clone)]
pub struct MergeArgs {
    /// The shard folders (each made by `berdaya sweep FILE --shard K/N`).
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    /// The merged sweep folder.
    #[arg(long, required = true)]
    pub out: PathBuf,
    /// Worker threads for the reports (default: one per core).
    #[arg(long, default_value_t = 0)]
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
    #[arg(long, default_value_t = 8)]
    pub replications: u32,
    /// Villages per replication.
    #[arg(long, default_value_t = 10)]
    pub villages: u32,
    /// Households per village.
    #[arg(long, default_value_t = 200)]
    pub households: u32,
    /// Also rerun the suite this many times with the parameters drawn inside
    /// their plausible ranges, and report how often each fact holds.
    #[arg(long, default_value_t = 0)]
    pub robustness: usize,
    /// Seed of the robustness draws.
    #[arg(long, default_value_t = 2026)]
    pub draw_seed: u64,
    /// Worker threads (default: one per core).
    #[arg(long, default_value_t = 0)]
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
    #[arg(long)]
    pub seed: Option<u64>,
    /// Replications per arm (overrides `replications`).
    #[arg(long)]
    pub replications: Option<u32>,
    /// Months to simulate (overrides `months`).
    #[arg(long)]
    pub months: Option<u32>,
    /// Worker threads (default: one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Override any scenario key by its dotted path, for every arm: --set program.budget=5e9
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
}

/// Runs the command line. Errors carry their exit code.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Run(args) => run_command(&args).map(|_| ()),
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
            let files = crate::report::plot_run(&dir)?;
            println!(
                "berdaya: {} charts in {}",
                files.len() / 2,
                dir.join("charts").display()
            );
            Ok(())
        }
        Command::Explain { tables: true, .. } => {
            print!("{}", crate::explain::tables());
            Ok(())
        }
        Command::Explain { topic, .. } => match crate::explain::explain(topic.as_deref()) {
            Ok(text) => {
                print!("{text}");
                Ok(())
            }
            Err(msg) => Err(Error::Usage(msg)),
        },
        Command::Scenarios { action: None } => {
            println!(
                "Built-in scenarios and experiments (berdaya run NAME; berdaya scenarios show NAME):"
            );
            for (name, text) in builtin::BUILTIN {
                println!("  {name:<28} {}", builtin::description(text));
            }
            Ok(())
        }
        Command::Scenarios {
            action: Some(ScenariosAction::Show { name }),
        } => match builtin::get(&name) {
            Some(text) => {
                print!("{text}");
                Ok(())
            }
            None => Err(unknown_builtin(&name)),
        },
        Command::Sweep(args) => sweep_command(&args),
        Command::Merge(a) => {
            crate::sweep::merge_command(&a.dirs, &a.out, a.threads, a.force, a.quiet)
        }
    }
}

/// `berdaya sweep`: flags to options, then [`crate::sweep`].
fn sweep_command(a: &SweepArgs) -> Result<()> {
    let shard = a
        .shard
        .as_deref()
        .map(crate::sweep::Shard::parse)
        .transpose()?;
    let slurm = a
        .emit_slurm
        .as_ref()
        .map(|dir| crate::sweep::slurm::SlurmOptions {
            dir: dir.clone(),
            shards: a.shards,
            cpus_per_task: a.cpus_per_task,
            mem: a.mem.clone(),
            time: a.time.clone(),
            partition: a.partition.clone(),
        });
    crate::sweep::sweep_command(&crate::sweep::SweepOptions {
        file: a.file.clone(),
        out: a.out.clone(),
        threads: a.threads,
        shard,
        resume: a.resume,
        force: a.force,
        quiet: a.quiet,
        slurm,
    })
    .map(|_| ())
}

fn unknown_builtin(name: &str) -> Error {
    let hint = crate::scenario::suggest(name, builtin::names())
        .map(|n| format!("; did you mean `{n}`?"))
        .unwrap_or_default();
    Error::Usage(format!(
        "there is no file or built-in scenario named `{name}`{hint} Built-ins: {}.",
        builtin::names().join(", ")
    ))
}

/// Where a scenario's text comes from.
pub struct Source {
    /// File path as given, or `builtin:NAME`.
    pub label: String,
    pub text: String,
}

/// Reads a target: an existing file, or a built-in name.
pub fn read_target(target: &str) -> Result<Source> {
    let path = Path::new(target);
    if path.exists() {
        return read_file(path);
    }
    if let Some(text) = builtin::get(target) {
        return Ok(Source {
            label: format!("builtin:{target}"),
            text: text.to_string(),
        });
    }
    let looks_like_file = target.contains('/') || target.contains('.');
    if looks_like_file {
        Err(Error::Input(vec![Issue {
            origin: Origin::flag(target),
            key: String::new(),
            message: "cannot read the file: no such file".into(),
        }]))
    } else {
        Err(unknown_builtin(target))
    }
}

fn read_file(path: &Path) -> Result<Source> {
    let label = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ if path.is_dir() => "it is a folder, not a file".to_string(),
            _ => e.to_string(),
        };
        Error::Input(vec![Issue {
            origin: Origin::flag(&label),
            key: String::new(),
            message: format!("cannot read the file: {why}"),
        }])
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::Input(vec![Issue {
            origin: Origin::flag(&label),
            key: String::new(),
            message: format!(
                "this is not a text file (not UTF-8 at byte {}); a scenario is a TOML text file",
                e.utf8_error().valid_up_to()
            ),
        }])
    })?;
    Ok(Source { label, text })
}

/// Parses, applies overrides and validates: every problem at once.
pub fn load_experiment(src: &Source, args: &RunArgs) -> Result<Experiment> {
    let (doc, mut issues) = load::parse_document(&src.label, &src.text);
    let mut ov = Overrides {
        seed: args.seed,
        months: args.months,
        replications: args.replications,
        ..Default::default()
    };
    for s in &args.sets {
        match load::parse_set(s) {
            Ok(kv) => ov.sets.push(kv),
            Err(i) => issues.push(i),
        }
    }
    for (flag, v, max) in [
        ("--months", args.months.map(|m| m as u64), 1200u64),
        (
            "--replications",
            args.replications.map(|r| r as u64),
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
    if let Some(seed) = args.seed.filter(|&s| s > i64::MAX as u64) {
        issues.push(Issue {
            origin: Origin::flag(&format!("--seed {seed}")),
            key: String::new(),
            message: format!("expected a seed from 0 to {}", i64::MAX),
        });
    }
    if !issues.is_empty() {
        return Err(Error::Input(issues));
    }
    experiment::resolve(&doc, &src.label, &ov).map_err(Error::Input)
}

/// What a finished run reports.
pub struct RunReport {
    pub dir: PathBuf,
    pub files: Vec<PathBuf>,
    pub seconds: f64,
    pub household_months: f64,
}

/// `berdaya run`.
pub fn run_command(args: &RunArgs) -> Result<RunReport> {
    let target = args
        .target
        .clone()
        .unwrap_or_else(|| "strategies".to_string());
    let src = read_target(&target)?;
    let exp = load_experiment(&src, args)?;
    let fp = runner::footprint(&exp, args.threads);
    let gib = |b: u64| b as f64 / (1u64 << 30) as f64;
    let available = runner::available_memory();
    if args.dry_run {
        println!("berdaya: {} (dry run, nothing simulated)", exp.name);
        println!(
            "  arms: {}; replications: {}; months: {} after {} months of burn-in",
            exp.arms.len(),
            exp.replications(),
            exp.months(),
            exp.base.population.burn_in_months
        );
        println!(
            "  households per replication: {} (about {} bytes of state each)",
            fp.households, fp.bytes_per_household
        );
        println!(
            "  household-months to simulate: {:.3e}",
            fp.household_months
        );
        println!("  populations in memory at once: {}", fp.worlds_at_once);
        println!(
            "  estimated peak memory: {:.2} GiB{}",
            gib(fp.bytes),
            available
                .map(|a| format!(" (available now: {:.1} GiB)", gib(a)))
                .unwrap_or_default()
        );
        return Ok(RunReport {
            dir: PathBuf::new(),
            files: Vec::new(),
            seconds: 0.0,
            household_months: 0.0,
        });
    }
    if let Some(avail) = available.filter(|&a| fp.bytes > a / 10 * 9) {
        return Err(Error::Usage(format!(
            "this run needs about {:.1} GiB of memory ({} households x {} bytes x {} populations at once) but only {:.1} GiB is available; nothing was run. Shrink it: fewer households (population.villages, population.households_per_village), fewer replications in flight (--threads 1 keeps {} at once), or fewer arms sharing one population. `berdaya run FILE --dry-run` prints the estimate.",
            gib(fp.bytes),
            fp.households,
            fp.bytes_per_household,
            fp.worlds_at_once,
            gib(avail),
            runner::worlds_per_replication(&exp) * 2,
        )));
    }
    let dir = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("output").join(&exp.name));
    files::prepare_dir(&dir, args.force)?;

    let version = env!("CARGO_PKG_VERSION");
    let command_line: Vec<String> = std::env::args().collect();
    let header = format!(
        "berdaya {version}: experiment \"{}\" as resolved, every default written out.\nRerun from this folder: berdaya run scenario.toml --seed {} --out <new folder>",
        exp.name,
        exp.seed()
    );
    let mut written = vec![files::write_atomic(
        &dir.join("scenario.toml"),
        experiment::to_resolved_toml(&exp, &header).as_bytes(),
    )?];

    let households: usize = exp.arms.iter().map(|a| households_of(&a.scenario)).sum();
    let total_steps = exp.arms.len() as u64 * exp.replications() as u64 * exp.months() as u64;
    let progress = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
        let pb = indicatif::ProgressBar::new(total_steps);
        pb.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {msg} [{bar:40}] {percent:>3}% arm-months {pos}/{len} eta {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        pb.set_message(exp.name.clone());
        pb
    });
    let opts = RunOptions {
        threads: args.threads,
        progress: progress.clone(),
    };
    let start = Instant::now();
    let mut writer = output::RunWriter::new(&dir, &exp)?;
    runner::run_experiment(&exp, &opts, |r| writer.push(&r))?;
    written.extend(writer.finish()?);
    if let Some(pb) = &progress {
        pb.finish_and_clear();
    }
    let household_months = households as f64 * exp.replications() as f64 * exp.months() as f64;
    // the manifest first (the charts read it), then the charts, then the
    // manifest again, listing them
    let manifest = |written: &[PathBuf], seconds: f64| {
        crate::output::manifest::Manifest::new(
            &exp,
            &command_line,
            args.threads,
            seconds,
            household_months,
            written,
        )
    };
    manifest(&written, start.elapsed().as_secs_f64()).write(&dir)?;
    written.extend(crate::report::plot_run(&dir)?);
    let seconds = start.elapsed().as_secs_f64();
    written.push(manifest(&written, seconds).write(&dir)?);
    written.push(crate::brief::write_after_run(&dir)?);
    if !args.quiet {
        println!(
            "berdaya: {} ({} arm{}, {} replication{}, {} months) -> {}",
            exp.name,
            exp.arms.len(),
            if exp.arms.len() == 1 { "" } else { "s" },
            exp.replications(),
            if exp.replications() == 1 { "" } else { "s" },
            exp.months(),
            dir.display()
        );
        println!(
            "  {:.1} s, {:.1} M household-months/s",
            seconds,
            household_months / seconds.max(1e-9) / 1e6
        );
        for f in &written {
            println!("  {}", f.display());
        }
        for line in crate::report::effects_summary(&dir) {
            println!("{line}");
        }
    }
    Ok(RunReport {
        dir,
        files: written,
        seconds,
        household_months,
    })
}

/// Households of one replication of a scenario (exact when villages are equal).
pub fn households_of(s: &crate::scenario::Scenario) -> usize {
    s.population.villages as usize * s.population.households_per_village as usize
}

/// `berdaya check`.
fn check_command(paths: &[PathBuf]) -> Result<()> {
    let mut all = Vec::new();
    for path in paths {
        let src = match read_file(path) {
            Ok(s) => s,
            Err(Error::Input(issues)) => {
                all.extend(issues);
                continue;
            }
            Err(e) => return Err(e),
        };
        if crate::sweep::file::is_sweep(&src.text) {
            match crate::sweep::check_file(path) {
                Ok(line) => println!("{line}"),
                Err(Error::Input(issues)) => all.extend(issues),
                Err(e) => return Err(e),
            }
            continue;
        }
        match load_experiment(&src, &RunArgs::default()) {
            Ok(exp) => println!(
                "{}: ok — {} arm{}: {}",
                src.label,
                exp.arms.len(),
                if exp.arms.len() == 1 { "" } else { "s" },
                exp.arms
                    .iter()
                    .map(|a| a.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Err(Error::Input(issues)) => all.extend(issues),
            Err(e) => return Err(e),
        }
    }
    if all.is_empty() {
        Ok(())
    } else {
        Err(Error::Input(all))
    }
}

/// Reads a path for `ctx` error messages.
pub fn read_to_string(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).ctx(|| format!("reading {}", path.display()))
}

fn csv_field(s: &str) -> String {
    if s.contains(',') || s.contains('"') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `berdaya evidence`.
fn evidence_command(args: &EvidenceArgs) -> Result<()> {
    use crate::evidence;
    if args.replications < 2 || args.villages == 0 || args.households < 10 {
        return Err(Error::Usage("evidence needs --replications of at least 2, --villages of at least 1 and --households of at least 10".into()));
    }
    if let Some(dir) = &args.out {
        files::prepare_dir(dir, args.force)?;
    }
    let opts = evidence::Options {
        replications: args.replications,
        villages: args.villages,
        households_per_village: args.households,
        threads: args.threads,
        seed: None,
    };
    let start = Instant::now();
    let facts = evidence::run(&opts, &[])?;
    println!("Stylized facts of field experiments (EVIDENCE.md) against the model, defaults:");
    println!(
        "{} replications of {} villages x {} households, paired with a control arm (common random numbers).\n",
        args.replications, args.villages, args.households
    );
    println!("| fact | holds | source | what the field found | what the model gives |");
    println!("|---|---|---|---|---|");
    for f in &facts {
        println!(
            "| {} {} | {} | {} | {} | {} |",
            f.id,
            f.title,
            if f.holds { "yes" } else { "NO" },
            f.source,
            f.field,
            f.model
        );
    }
    println!(
        "\n{} of {} facts hold ({:.1} s).",
        facts.iter().filter(|f| f.holds).count(),
        facts.len(),
        start.elapsed().as_secs_f64()
    );
    let mut csv = String::from("fact,title,holds,source,field,model\n");
    for f in &facts {
        csv.push_str(&format!(
            "{},{},{},{},{},{}\n",
            f.id,
            csv_field(f.title),
            f.holds,
            csv_field(f.source),
            csv_field(f.field),
            csv_field(&f.model)
        ));
    }
    if let Some(dir) = &args.out {
        files::write_atomic(&dir.join("evidence.csv"), csv.as_bytes())?;
    }
    if args.robustness > 0 {
        let small = evidence::Options {
            replications: args.replications.min(4),
            ..opts.clone()
        };
        let pb = std::io::stderr()
            .is_terminal()
            .then(|| indicatif::ProgressBar::new(args.robustness as u64));
        let evidence::Robustness {
            counts,
            valid,
            draws,
            facts: draw_facts,
        } = evidence::robustness(&small, args.robustness, args.draw_seed, |d| {
            if let Some(pb) = &pb {
                pb.set_position(d as u64);
            }
        })?;
        if let Some(pb) = pb {
            pb.finish_and_clear();
        }
        println!(
            "\nRobustness: {valid} valid draws of every parameter with a plausible range (Latin hypercube, seed {}), {} replications each:",
            args.draw_seed, small.replications
        );
        println!("| fact | holds in | share |");
        println!("|---|---|---|");
        let mut rcsv = String::from("fact,holds,valid_draws,share\n");
        for (id, n) in &counts {
            let share = *n as f64 / valid.max(1) as f64;
            println!("| {id} | {n} of {valid} | {:.0}% |", 100.0 * share);
            rcsv.push_str(&format!("{id},{n},{valid},{share}\n"));
        }
        if let Some(dir) = &args.out {
            files::write_atomic(&dir.join("robustness.csv"), rcsv.as_bytes())?;
            let mut d = String::from("draw,key,value\n");
            for (k, values) in draws.iter().enumerate() {
                for (key, v) in values {
                    d.push_str(&format!("{},{key},{v}\n", k + 1));
                }
            }
            files::write_atomic(&dir.join("robustness_draws.csv"), d.as_bytes())?;
            let mut f = String::from("draw,fact,holds,model\n");
            for (k, facts) in &draw_facts {
                for x in facts {
                    f.push_str(&format!(
                        "{k},{},{},{}\n",
                        x.id,
                        x.holds,
                        csv_field(&x.model)
                    ));
                }
            }
            files::write_atomic(&dir.join("robustness_facts.csv"), f.as_bytes())?;
        }
    }
    Ok(())
}
