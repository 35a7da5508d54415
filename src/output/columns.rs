//! Every file and column name of a run folder, in one place: the writers
//! (`output::run`), the brief, the charts (`plot`), the explorer and
//! `berdaya compare` all read these (`docs/STATISTICS.md` says what each
//! column means). When a column is renamed, change it here and nowhere
//! else.
//!
//! The naming scheme: one concept, one name in every file. `period` is the
//! moment an estimate is taken (`program_end`, `facilitators_exit`,
//! `horizon_end`), `month` its month; `control_mean` and `arm_mean` the two
//! means, `effect` their paired difference; an interval is the estimate's
//! name with `_ci_low` / `_ci_high`; `n` the replications an estimate rests
//! on, `note` what the reader should know about it. No column is named
//! after a pandas or R method (`diff`, `quantile`, `when`). Optional columns (the model-uncertainty interval over
//! parameter draws) are looked up by name: when a file has them, the brief
//! shows them; when it does not, it says that its intervals are Monte Carlo
//! noise only.

pub const MANIFEST: &str = "manifest.json";
pub const SCENARIO: &str = "scenario.toml";
pub const SUMMARY: &str = "summary.csv";
pub const EFFECTS: &str = "effects.csv";
pub const QUANTILE_EFFECTS: &str = "quantile_effects.csv";
/// The paired effect of every treated arm in every month (a few metrics).
pub const EFFECTS_OVER_TIME: &str = "effects_over_time.csv";
/// Households month by month, on request (`--households`).
pub const HOUSEHOLD_PANEL: &str = "households.csv";
pub const PERSISTENCE: &str = "persistence.csv";
pub const COST_EFFECTIVENESS: &str = "cost_effectiveness.csv";
pub const TIMESERIES: &str = "timeseries.csv";
/// Written by `berdaya evidence --out DIR`; read when someone put it in the folder.
pub const EVIDENCE: &str = "evidence.csv";

/// The files whose SHA-256 the reproducibility box lists, in this order.
/// `manifest.json` is left out on purpose: it holds the wall time, so it
/// differs between two otherwise identical runs.
pub const CHECKSUMMED: [&str; 7] = [
    SCENARIO,
    TIMESERIES,
    SUMMARY,
    EFFECTS,
    QUANTILE_EFFECTS,
    PERSISTENCE,
    COST_EFFECTIVENESS,
];

/// Shared by several files.
pub const ARM: &str = "arm";
pub const METRIC: &str = "metric";
/// The moment an estimate is taken (values below).
pub const PERIOD: &str = "period";
pub const MONTH: &str = "month";
pub const N: &str = "n";
/// Codes joined by `;`: [`NOTE_FEW`], [`NOTE_UNDEFINED`]; empty when none.
pub const NOTE: &str = "note";

/// Values of the `period` column.
pub const PROGRAM_END: &str = "program_end";
pub const FACILITATORS_EXIT: &str = "facilitators_exit";
pub const HORIZON_END: &str = "horizon_end";

/// Values of the `note` column.
pub const NOTE_FEW: &str = "few_replications";
pub const NOTE_UNDEFINED: &str = "undefined_in_some_replications";

/// `effects.csv` (and `quantile_effects.csv`, which shares most of them).
pub const CONTROL_MEAN: &str = "control_mean";
pub const ARM_MEAN: &str = "arm_mean";
pub const EFFECT: &str = "effect";
pub const EFFECT_CI_LOW: &str = "effect_ci_low";
pub const EFFECT_CI_HIGH: &str = "effect_ci_high";
pub const PCT_CHANGE: &str = "pct_change";
pub const EFFECT_SD: &str = "effect_sd";
/// Optional: median of the effect over parameter draws and its 90% interval
/// (model uncertainty), and the probability that the arm beats control.
pub const MODEL_MEDIAN: &str = "model_median";
pub const MODEL_LOW: &str = "model_low";
pub const MODEL_HIGH: &str = "model_high";
pub const P_BETTER: &str = "p_better";

/// `quantile_effects.csv`: the percentile of consumption per person (10..90).
pub const PERCENTILE: &str = "percentile";

/// `persistence.csv` (`period` and `month`: the moment it is measured from).
pub const HORIZON_MONTH: &str = "horizon_month";
pub const HORIZON_EFFECT: &str = "horizon_effect";
pub const PERSISTENCE_RATIO: &str = "persistence";
pub const PERSISTENCE_CI_LOW: &str = "persistence_ci_low";
pub const PERSISTENCE_CI_HIGH: &str = "persistence_ci_high";

/// `cost_effectiveness.csv` (`period`: through which moment).
pub const PROGRAM_COST: &str = "program_cost";
pub const HOUSEHOLD_YEARS: &str = "household_years_out_of_poverty";
pub const HOUSEHOLD_YEARS_CI_LOW: &str = "household_years_out_of_poverty_ci_low";
pub const HOUSEHOLD_YEARS_CI_HIGH: &str = "household_years_out_of_poverty_ci_high";
pub const COST_PER_HOUSEHOLD_YEAR: &str = "cost_per_household_year";
pub const CONSUMPTION_GAIN: &str = "consumption_gain";
pub const CONSUMPTION_GAIN_CI_LOW: &str = "consumption_gain_ci_low";
pub const CONSUMPTION_GAIN_CI_HIGH: &str = "consumption_gain_ci_high";
pub const GAIN_PER_RUPIAH: &str = "gain_per_rupiah";
pub const GAIN_PER_RUPIAH_CI_LOW: &str = "gain_per_rupiah_ci_low";
pub const GAIN_PER_RUPIAH_CI_HIGH: &str = "gain_per_rupiah_ci_high";

/// `summary.csv`.
pub const MEAN: &str = "mean";
pub const SD: &str = "sd";
pub const MEAN_CI_LOW: &str = "mean_ci_low";
pub const MEAN_CI_HIGH: &str = "mean_ci_high";

/// `timeseries.csv`.
pub const REPLICATION: &str = "replication";
pub const HOUSEHOLDS: &str = "households";
pub const MEAN_CONSUMPTION_HH: &str = "mean_consumption_hh";

/// `evidence.csv`.
pub const FACT: &str = "fact";
pub const TITLE: &str = "title";
pub const HOLDS: &str = "holds";
pub const MODEL: &str = "model";
/// The `--set` flags the facts were checked with (`key=value; ...`, empty at
/// the defaults); the same on every row.
pub const SETTINGS: &str = "settings";
/// The title and the model's sentence in Indonesian.
pub const TITLE_ID: &str = "title_id";
pub const MODEL_ID: &str = "model_id";
/// `true` when the fact holds on the means of the replications but a
/// criterion's 95% Monte Carlo interval reaches past its bound.
pub const WITHIN_NOISE: &str = "within_noise";

/// Metric names (values of the `metric` column, columns of `timeseries.csv`).
pub const POVERTY_RATE: &str = "poverty_rate";
pub const CONSUMPTION_PC: &str = "mean_consumption_pc";
pub const EMPOWERED_SHARE: &str = "empowered_share";
pub const EMPOWERMENT_INDEX: &str = "empowerment_index";
/// `timeseries.csv` column of cumulative program cost, also a metric.
pub const PROGRAM_COST_METRIC: &str = "program_cost";

/// The control arm's name (experiments compare every arm with it).
pub const CONTROL_ARM: &str = "control";
