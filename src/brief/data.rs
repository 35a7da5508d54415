//! The run folder read into typed rows. Every problem (a missing file, a
//! missing column, a value that is not a number) becomes one clear message
//! naming the file, the line and the column, and exit code 2.

use super::columns as c;
use crate::error::{Error, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// When an effect is measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum When {
    ProgramEnd,
    HorizonEnd,
}

impl When {
    fn parse(s: &str) -> Option<When> {
        match s {
            c::PROGRAM_END => Some(When::ProgramEnd),
            c::HORIZON_END => Some(When::HorizonEnd),
            _ => None,
        }
    }
}

/// The model-uncertainty interval of an effect: median and 90% interval over
/// parameter draws (present only when the run has them).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ModelInterval {
    pub median: f64,
    pub low: f64,
    pub high: f64,
    /// Probability that the arm beats control, if given.
    pub p_better: Option<f64>,
}

/// One row of `effects.csv`.
#[derive(Clone, Debug)]
pub struct Effect {
    pub arm: String,
    pub metric: String,
    pub when: When,
    pub month: u32,
    pub n: u32,
    pub control_mean: f64,
    pub arm_mean: f64,
    pub diff: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub pct_change: f64,
    pub model: Option<ModelInterval>,
}

/// One row of `quantile_effects.csv`.
#[derive(Clone, Debug)]
pub struct QuantileEffect {
    pub arm: String,
    pub when: When,
    pub month: u32,
    pub quantile: u32,
    pub control: f64,
    pub diff: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub pct_change: f64,
}

/// One row of `persistence.csv`.
#[derive(Clone, Debug)]
pub struct Persistence {
    pub arm: String,
    pub metric: String,
    pub end_month: u32,
    pub horizon_month: u32,
    pub effect_end: f64,
    pub effect_horizon: f64,
    pub ratio: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

/// One row of `cost_effectiveness.csv` (undiscounted, as the run wrote it).
#[derive(Clone, Debug)]
pub struct CostRow {
    pub arm: String,
    pub when: When,
    pub month: u32,
    pub program_cost: f64,
    pub household_years: f64,
    pub hy_ci: (f64, f64),
    pub consumption_gain: f64,
    pub gain_ci: (f64, f64),
}

/// A mean over replications from `summary.csv`.
#[derive(Clone, Copy, Debug)]
pub struct SummaryPoint {
    pub n: u32,
    pub mean: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

/// One row of `evidence.csv`.
#[derive(Clone, Debug)]
pub struct Fact {
    pub id: String,
    pub title: String,
    pub holds: bool,
    pub model: String,
    /// The `--set` flags `berdaya evidence` ran with (empty: its defaults,
    /// or a file written before the column existed).
    pub settings: String,
    /// The title and the model's sentence in Indonesian (empty in a file
    /// written before the columns existed: the brief then shows the English).
    pub title_id: String,
    pub model_id: String,
    /// Holds on the means, but a criterion's Monte Carlo interval reaches
    /// past its bound (false in a file written before the column existed).
    pub within_noise: bool,
}

/// Per (arm, replication): monthly series for discounting.
#[derive(Clone, Debug, Default)]
pub struct RepSeries {
    pub poverty_rate: Vec<f64>,
    pub households: Vec<f64>,
    pub consumption_hh: Vec<f64>,
    /// Cumulative program cost (Rp).
    pub program_cost: Vec<f64>,
}

/// The program block of an arm's resolved scenario (only what the brief says
/// in words).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Program {
    pub approach: String,
    pub components: Vec<String>,
    pub budget: f64,
    pub start_month: u32,
    pub duration_months: u32,
    pub mode: String,
    pub allocation: String,
    pub facilitators: u32,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Population {
    pub villages: u32,
    pub households_per_village: u32,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ArmScenario {
    pub program: Program,
    pub population: Population,
}

#[derive(Clone, Debug, Deserialize)]
pub struct ManifestArm {
    pub name: String,
    #[serde(default)]
    pub overrides: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    pub scenario: ArmScenario,
}

/// What the brief needs from `manifest.json`.
#[derive(Clone, Debug, Deserialize)]
pub struct Manifest {
    pub version: String,
    /// The git commit the binary was built from (`git_commit`; `commit` in
    /// manifests of early versions); "unknown" when it was not built from a
    /// checkout.
    #[serde(default, rename = "git_commit", alias = "commit")]
    pub commit: Option<String>,
    #[serde(default)]
    pub command_line: Vec<String>,
    pub experiment: String,
    pub seed: u64,
    pub replications: u32,
    pub months: u32,
    #[serde(default)]
    pub burn_in_months: u32,
    pub arms: Vec<ManifestArm>,
}

/// What the brief needs from `scenario.toml`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ScenarioHead {
    pub name: String,
    pub description: String,
    pub uncertainty: UncertaintyHead,
}

/// How the run drew its parameters for the model intervals (`[uncertainty]`
/// of `scenario.toml`; empty in runs of versions without it).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct UncertaintyHead {
    /// `uniform` or `pert` (`uncertainty.prior`).
    pub prior: String,
    /// A calibration's posterior.csv, when the draws came from it.
    pub posterior: String,
}

/// A whole run folder.
#[derive(Clone, Debug)]
pub struct RunData {
    pub dir: PathBuf,
    pub manifest: Manifest,
    pub scenario: ScenarioHead,
    /// (arm, metric, month) → mean over replications, for the metrics the
    /// brief draws.
    pub summary: BTreeMap<(String, String, u32), SummaryPoint>,
    pub effects: Vec<Effect>,
    pub quantiles: Vec<QuantileEffect>,
    pub persistence: Vec<Persistence>,
    pub cost: Vec<CostRow>,
    /// arm → replications → series.
    pub series: BTreeMap<String, Vec<RepSeries>>,
    pub facts: Option<Vec<Fact>>,
    /// (file name, SHA-256 hex) of the files present.
    pub checksums: Vec<(String, String)>,
}

/// Metrics kept from `summary.csv`.
pub const SUMMARY_METRICS: [&str; 4] = [
    c::POVERTY_RATE,
    c::CONSUMPTION_PC,
    c::EMPOWERED_SHARE,
    c::EMPOWERMENT_INDEX,
];

fn bad(path: &Path, what: impl std::fmt::Display) -> Error {
    Error::Usage(format!(
        "{}: {what}. The brief reads a run folder written by `berdaya run`; rerun the experiment if its files were changed or cut short.",
        path.display()
    ))
}

/// A CSV file with its header, read whole.
struct Table {
    path: PathBuf,
    header: Vec<String>,
    rows: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    fn read(path: &Path) -> Result<Table> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_path(path)
            .map_err(|e| bad(path, format!("cannot read the file ({})", csv_why(&e))))?;
        let header: Vec<String> = rdr
            .headers()
            .map_err(|e| bad(path, format!("cannot read the header ({})", csv_why(&e))))?
            .iter()
            .map(|s| s.trim().to_string())
            .collect();
        let mut rows = Vec::new();
        for r in rdr.records() {
            let r = r.map_err(|e| bad(path, csv_why(&e)))?;
            let line = r.position().map(|p| p.line()).unwrap_or(0);
            rows.push((line, r));
        }
        Ok(Table {
            path: path.to_path_buf(),
            header,
            rows,
        })
    }
    fn col(&self, name: &str) -> Result<usize> {
        self.opt(name).ok_or_else(|| {
            bad(
                &self.path,
                format!(
                    "expected a column `{name}`; the header has {}",
                    self.header.join(",")
                ),
            )
        })
    }
    fn opt(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
    fn text<'a>(&self, row: &'a csv::StringRecord, k: usize) -> &'a str {
        row.get(k).unwrap_or("").trim()
    }
    /// A number; an empty field is an undefined value (NaN).
    fn num(&self, line: u64, row: &csv::StringRecord, k: usize) -> Result<f64> {
        let s = self.text(row, k);
        if s.is_empty() {
            return Ok(f64::NAN);
        }
        s.parse::<f64>().map_err(|_| {
            bad(
                &self.path,
                format!(
                    "line {line}, column `{}`: expected a number, found `{s}`",
                    self.header[k]
                ),
            )
        })
    }
    fn int(&self, line: u64, row: &csv::StringRecord, k: usize) -> Result<u32> {
        let s = self.text(row, k);
        s.parse::<u32>().map_err(|_| {
            bad(
                &self.path,
                format!(
                    "line {line}, column `{}`: expected a whole number, found `{s}`",
                    self.header[k]
                ),
            )
        })
    }
    fn when(&self, line: u64, row: &csv::StringRecord, k: usize) -> Result<When> {
        let s = self.text(row, k);
        When::parse(s).ok_or_else(|| {
            bad(
                &self.path,
                format!(
                    "line {line}, column `{}`: expected `{}` or `{}`, found `{s}`",
                    self.header[k],
                    c::PROGRAM_END,
                    c::HORIZON_END
                ),
            )
        })
    }
}

fn csv_why(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::NotFound => {
            "no such file".into()
        }
        csv::ErrorKind::Utf8 { pos, .. } => format!(
            "not UTF-8 text{}",
            pos.as_ref()
                .map(|p| format!(" at line {}", p.line()))
                .unwrap_or_default()
        ),
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => format!(
            "line {}: {len} fields where the header has {expected_len}",
            pos.as_ref().map(|p| p.line()).unwrap_or(0)
        ),
        _ => e.to_string(),
    }
}

fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            _ if path.is_dir() => "it is a folder, not a file".to_string(),
            _ => e.to_string(),
        };
        bad(path, format!("cannot read the file: {why}"))
    })?;
    String::from_utf8(bytes).map_err(|e| {
        bad(
            path,
            format!("not UTF-8 text (at byte {})", e.utf8_error().valid_up_to()),
        )
    })
}

/// Reads a run folder. `manifest.json`, `scenario.toml` and `summary.csv` are
/// required; the comparison files exist only for experiments with a
/// `control` arm, and `evidence.csv` only where someone put it.
pub fn read(dir: &Path) -> Result<RunData> {
    if !dir.is_dir() {
        return Err(Error::Usage(format!(
            "{} is not a run folder (no such folder). `berdaya report DIR` reads a folder written by `berdaya run` (default output/<name>/).",
            dir.display()
        )));
    }
    let mpath = dir.join(c::MANIFEST);
    if !mpath.exists() {
        return Err(Error::Usage(format!(
            "{} is not a run folder: it has no {}. `berdaya report DIR` reads a folder written by `berdaya run` (default output/<name>/).",
            dir.display(),
            c::MANIFEST
        )));
    }
    let mtext = read_text(&mpath)?;
    let manifest: Manifest = serde_json::from_str(&mtext).map_err(|e| {
        bad(
            &mpath,
            format!(
                "line {}, column {}: {}",
                e.line(),
                e.column(),
                strip_position(&e.to_string())
            ),
        )
    })?;
    if manifest.arms.is_empty() || manifest.months == 0 {
        return Err(bad(&mpath, "expected at least one arm and one month"));
    }
    let spath = dir.join(c::SCENARIO);
    let stext = read_text(&spath)?;
    let scenario: ScenarioHead = toml::from_str(&stext).map_err(|e| {
        let pos = e
            .span()
            .map(|s| {
                let line = stext[..s.start.min(stext.len())].matches('\n').count() + 1;
                format!("line {line}: ")
            })
            .unwrap_or_default();
        bad(&spath, format!("{pos}{}", e.message()))
    })?;

    let summary = read_summary(&dir.join(c::SUMMARY))?;
    let has_control = manifest.arms.iter().any(|a| a.name == c::CONTROL_ARM);
    let (mut effects, mut quantiles, mut persistence, mut cost) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut series = BTreeMap::new();
    if has_control && manifest.arms.len() > 1 {
        effects = read_effects(&dir.join(c::EFFECTS))?;
        quantiles = read_quantiles(&dir.join(c::QUANTILE_EFFECTS))?;
        persistence = read_persistence(&dir.join(c::PERSISTENCE))?;
        cost = read_cost(&dir.join(c::COST_EFFECTIVENESS))?;
        series = read_series(&dir.join(c::TIMESERIES))?;
    }
    let epath = dir.join(c::EVIDENCE);
    let facts = if epath.exists() {
        Some(read_facts(&epath)?)
    } else {
        None
    };
    let mut checksums = Vec::new();
    for name in c::CHECKSUMMED {
        let p = dir.join(name);
        if p.is_file() {
            checksums.push((name.to_string(), sha256_file(&p)?));
        }
    }
    Ok(RunData {
        dir: dir.to_path_buf(),
        manifest,
        scenario,
        summary,
        effects,
        quantiles,
        persistence,
        cost,
        series,
        facts,
        checksums,
    })
}

fn strip_position(s: &str) -> String {
    match s.rfind(" at line ") {
        Some(k) => s[..k].to_string(),
        None => s.to_string(),
    }
}

/// SHA-256 of a file, streamed, as lowercase hex.
pub fn sha256_file(path: &Path) -> Result<String> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    let mut f =
        std::fs::File::open(path).map_err(|e| bad(path, format!("cannot read the file: {e}")))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let k = f
            .read(&mut buf)
            .map_err(|e| bad(path, format!("cannot read the file: {e}")))?;
        if k == 0 {
            break;
        }
        h.update(&buf[..k]);
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

fn read_summary(path: &Path) -> Result<BTreeMap<(String, String, u32), SummaryPoint>> {
    let t = Table::read(path)?;
    let (arm, month, metric, n, mean, lo, hi) = (
        t.col(c::ARM)?,
        t.col(c::MONTH)?,
        t.col(c::METRIC)?,
        t.col(c::N)?,
        t.col(c::MEAN)?,
        t.col(c::MEAN_CI_LOW)?,
        t.col(c::MEAN_CI_HIGH)?,
    );
    let mut out = BTreeMap::new();
    for (line, r) in &t.rows {
        let m = t.text(r, metric);
        if !SUMMARY_METRICS.contains(&m) {
            continue;
        }
        out.insert(
            (
                t.text(r, arm).to_string(),
                m.to_string(),
                t.int(*line, r, month)?,
            ),
            SummaryPoint {
                n: t.int(*line, r, n)?,
                mean: t.num(*line, r, mean)?,
                ci_low: t.num(*line, r, lo)?,
                ci_high: t.num(*line, r, hi)?,
            },
        );
    }
    if out.is_empty() {
        return Err(bad(
            path,
            format!("no rows for the metric `{}`", c::POVERTY_RATE),
        ));
    }
    Ok(out)
}

fn read_effects(path: &Path) -> Result<Vec<Effect>> {
    let t = Table::read(path)?;
    let k = [
        t.col(c::ARM)?,
        t.col(c::METRIC)?,
        t.col(c::PERIOD)?,
        t.col(c::MONTH)?,
        t.col(c::N)?,
        t.col(c::CONTROL_MEAN)?,
        t.col(c::ARM_MEAN)?,
        t.col(c::EFFECT)?,
        t.col(c::EFFECT_CI_LOW)?,
        t.col(c::EFFECT_CI_HIGH)?,
        t.col(c::PCT_CHANGE)?,
    ];
    let model = match (
        t.opt(c::MODEL_MEDIAN),
        t.opt(c::MODEL_LOW),
        t.opt(c::MODEL_HIGH),
    ) {
        (Some(a), Some(b), Some(d)) => Some((a, b, d, t.opt(c::P_BETTER))),
        _ => None,
    };
    let mut out = Vec::new();
    for (line, r) in &t.rows {
        let l = *line;
        // the brief speaks of the program's end and the horizon; the
        // facilitators' exit rows are for the charts and the analyst
        if t.text(r, k[2]) == c::FACILITATORS_EXIT {
            continue;
        }
        let model = match model {
            Some((a, b, d, p)) => {
                let mi = ModelInterval {
                    median: t.num(l, r, a)?,
                    low: t.num(l, r, b)?,
                    high: t.num(l, r, d)?,
                    p_better: match p {
                        Some(p) => Some(t.num(l, r, p)?).filter(|x| x.is_finite()),
                        None => None,
                    },
                };
                (mi.low.is_finite() && mi.high.is_finite()).then_some(mi)
            }
            None => None,
        };
        out.push(Effect {
            arm: t.text(r, k[0]).to_string(),
            metric: t.text(r, k[1]).to_string(),
            when: t.when(l, r, k[2])?,
            month: t.int(l, r, k[3])?,
            n: t.int(l, r, k[4])?,
            control_mean: t.num(l, r, k[5])?,
            arm_mean: t.num(l, r, k[6])?,
            diff: t.num(l, r, k[7])?,
            ci_low: t.num(l, r, k[8])?,
            ci_high: t.num(l, r, k[9])?,
            pct_change: t.num(l, r, k[10])?,
            model,
        });
    }
    Ok(out)
}

fn read_quantiles(path: &Path) -> Result<Vec<QuantileEffect>> {
    let t = Table::read(path)?;
    let k = [
        t.col(c::ARM)?,
        t.col(c::PERIOD)?,
        t.col(c::MONTH)?,
        t.col(c::PERCENTILE)?,
        t.col(c::CONTROL_MEAN)?,
        t.col(c::EFFECT)?,
        t.col(c::EFFECT_CI_LOW)?,
        t.col(c::EFFECT_CI_HIGH)?,
        t.col(c::PCT_CHANGE)?,
    ];
    let mut out = Vec::new();
    for (line, r) in &t.rows {
        let l = *line;
        if t.text(r, k[1]) == c::FACILITATORS_EXIT {
            continue;
        }
        out.push(QuantileEffect {
            arm: t.text(r, k[0]).to_string(),
            when: t.when(l, r, k[1])?,
            month: t.int(l, r, k[2])?,
            quantile: t.int(l, r, k[3])?,
            control: t.num(l, r, k[4])?,
            diff: t.num(l, r, k[5])?,
            ci_low: t.num(l, r, k[6])?,
            ci_high: t.num(l, r, k[7])?,
            pct_change: t.num(l, r, k[8])?,
        });
    }
    Ok(out)
}

fn read_persistence(path: &Path) -> Result<Vec<Persistence>> {
    let t = Table::read(path)?;
    let k = [
        t.col(c::ARM)?,
        t.col(c::METRIC)?,
        t.col(c::MONTH)?,
        t.col(c::HORIZON_MONTH)?,
        t.col(c::EFFECT)?,
        t.col(c::HORIZON_EFFECT)?,
        t.col(c::PERSISTENCE_RATIO)?,
        t.col(c::PERSISTENCE_CI_LOW)?,
        t.col(c::PERSISTENCE_CI_HIGH)?,
    ];
    let period = t.col(c::PERIOD)?;
    let mut out = Vec::new();
    for (line, r) in &t.rows {
        let l = *line;
        // the brief's persistence is from the program's end
        if t.text(r, period) != c::PROGRAM_END {
            continue;
        }
        out.push(Persistence {
            arm: t.text(r, k[0]).to_string(),
            metric: t.text(r, k[1]).to_string(),
            end_month: t.int(l, r, k[2])?,
            horizon_month: t.int(l, r, k[3])?,
            effect_end: t.num(l, r, k[4])?,
            effect_horizon: t.num(l, r, k[5])?,
            ratio: t.num(l, r, k[6])?,
            ci_low: t.num(l, r, k[7])?,
            ci_high: t.num(l, r, k[8])?,
        });
    }
    Ok(out)
}

fn read_cost(path: &Path) -> Result<Vec<CostRow>> {
    let t = Table::read(path)?;
    let k = [
        t.col(c::ARM)?,
        t.col(c::PERIOD)?,
        t.col(c::MONTH)?,
        t.col(c::PROGRAM_COST)?,
        t.col(c::HOUSEHOLD_YEARS)?,
        t.col(c::HOUSEHOLD_YEARS_CI_LOW)?,
        t.col(c::HOUSEHOLD_YEARS_CI_HIGH)?,
        t.col(c::CONSUMPTION_GAIN)?,
        t.col(c::CONSUMPTION_GAIN_CI_LOW)?,
        t.col(c::CONSUMPTION_GAIN_CI_HIGH)?,
    ];
    let mut out = Vec::new();
    for (line, r) in &t.rows {
        let l = *line;
        out.push(CostRow {
            arm: t.text(r, k[0]).to_string(),
            when: t.when(l, r, k[1])?,
            month: t.int(l, r, k[2])?,
            program_cost: t.num(l, r, k[3])?,
            household_years: t.num(l, r, k[4])?,
            hy_ci: (t.num(l, r, k[5])?, t.num(l, r, k[6])?),
            consumption_gain: t.num(l, r, k[7])?,
            gain_ci: (t.num(l, r, k[8])?, t.num(l, r, k[9])?),
        });
    }
    Ok(out)
}

/// Streams `timeseries.csv`, keeping four columns.
fn read_series(path: &Path) -> Result<BTreeMap<String, Vec<RepSeries>>> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(path)
        .map_err(|e| bad(path, format!("cannot read the file ({})", csv_why(&e))))?;
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| bad(path, csv_why(&e)))?
        .iter()
        .map(|s| s.to_string())
        .collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| bad(path, format!("expected a column `{name}` in the header")))
    };
    let k = [
        col(c::ARM)?,
        col(c::REPLICATION)?,
        col(c::MONTH)?,
        col(c::POVERTY_RATE)?,
        col(c::HOUSEHOLDS)?,
        col(c::MEAN_CONSUMPTION_HH)?,
        col(c::PROGRAM_COST_METRIC)?,
    ];
    let mut out: BTreeMap<String, Vec<RepSeries>> = BTreeMap::new();
    let mut rec = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(bad(path, csv_why(&e))),
        }
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let field = |j: usize| rec.get(k[j]).unwrap_or("").trim();
        let int = |j: usize| {
            field(j).parse::<usize>().map_err(|_| {
                bad(
                    path,
                    format!(
                        "line {line}, column `{}`: expected a whole number, found `{}`",
                        header[k[j]],
                        field(j)
                    ),
                )
            })
        };
        let num = |j: usize| -> Result<f64> {
            let s = field(j);
            if s.is_empty() {
                return Ok(f64::NAN);
            }
            s.parse::<f64>().map_err(|_| {
                bad(
                    path,
                    format!(
                        "line {line}, column `{}`: expected a number, found `{s}`",
                        header[k[j]]
                    ),
                )
            })
        };
        let (rep, month) = (int(1)?, int(2)?);
        if rep == 0 || month == 0 {
            return Err(bad(
                path,
                format!("line {line}: replications and months count from 1"),
            ));
        }
        let reps = out.entry(field(0).to_string()).or_default();
        if reps.len() < rep {
            reps.resize(rep, RepSeries::default());
        }
        let s = &mut reps[rep - 1];
        if s.poverty_rate.len() != month - 1 {
            return Err(bad(
                path,
                format!("line {line}: month {month} out of order"),
            ));
        }
        s.poverty_rate.push(num(3)?);
        s.households.push(num(4)?);
        s.consumption_hh.push(num(5)?);
        s.program_cost.push(num(6)?);
    }
    Ok(out)
}

fn read_facts(path: &Path) -> Result<Vec<Fact>> {
    let t = Table::read(path)?;
    let k = [
        t.col(c::FACT)?,
        t.col(c::TITLE)?,
        t.col(c::HOLDS)?,
        t.col(c::MODEL)?,
    ];
    // optional: files written before these columns existed have none
    let settings = t.col(c::SETTINGS).ok();
    let title_id = t.col(c::TITLE_ID).ok();
    let model_id = t.col(c::MODEL_ID).ok();
    let within_noise = t.col(c::WITHIN_NOISE).ok();
    let optional = |r, j: Option<usize>| j.map(|j| t.text(r, j).to_string()).unwrap_or_default();
    let mut out = Vec::new();
    for (line, r) in &t.rows {
        let holds = match t.text(r, k[2]) {
            "true" => true,
            "false" => false,
            s => {
                return Err(bad(
                    path,
                    format!("line {line}, column `holds`: expected true or false, found `{s}`"),
                ));
            }
        };
        out.push(Fact {
            id: t.text(r, k[0]).to_string(),
            title: t.text(r, k[1]).to_string(),
            holds,
            model: t.text(r, k[3]).to_string(),
            settings: optional(r, settings),
            title_id: optional(r, title_id),
            model_id: optional(r, model_id),
            within_noise: optional(r, within_noise) == "true",
        });
    }
    Ok(out)
}

impl RunData {
    /// Arms in manifest order.
    pub fn arm_names(&self) -> Vec<&str> {
        self.manifest.arms.iter().map(|a| a.name.as_str()).collect()
    }
    /// Arms compared with control, in manifest order.
    pub fn treated(&self) -> Vec<&str> {
        self.arm_names()
            .into_iter()
            .filter(|a| *a != c::CONTROL_ARM)
            .collect()
    }
    pub fn has_comparison(&self) -> bool {
        !self.effects.is_empty()
    }
    pub fn effect(&self, arm: &str, metric: &str, when: When) -> Option<&Effect> {
        self.effects
            .iter()
            .find(|e| e.arm == arm && e.metric == metric && e.when == when)
    }
    pub fn summary(&self, arm: &str, metric: &str, month: u32) -> Option<SummaryPoint> {
        self.summary
            .get(&(arm.to_string(), metric.to_string(), month))
            .copied()
    }
    /// Whether any effect row carries a model-uncertainty interval.
    pub fn has_model_intervals(&self) -> bool {
        self.effects.iter().any(|e| e.model.is_some())
    }
    /// Smallest number of replications behind the effects (or the manifest's).
    pub fn replications(&self) -> u32 {
        self.effects
            .iter()
            .filter(|e| SUMMARY_METRICS.contains(&e.metric.as_str()))
            .map(|e| e.n)
            .min()
            .unwrap_or(self.manifest.replications)
    }
    /// The program's end month of the first treated arm, if effects have one.
    pub fn program_end_month(&self) -> Option<u32> {
        self.effects
            .iter()
            .find(|e| e.when == When::ProgramEnd)
            .map(|e| e.month)
    }
    pub fn arm(&self, name: &str) -> Option<&ManifestArm> {
        self.manifest.arms.iter().find(|a| a.name == name)
    }
}
