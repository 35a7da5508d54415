//! Every file and column name the brief reads, in one place.
//!
//! The run folder's files are the brief's only input (`docs/STATISTICS.md`
//! says what each column means). When a column is renamed, change it here
//! and nowhere else. Optional columns (the model-uncertainty interval over
//! parameter draws) are looked up by name: when a file has them, the brief
//! shows them; when it does not, it says that its intervals are Monte Carlo
//! noise only.

pub const MANIFEST: &str = "manifest.json";
pub const SCENARIO: &str = "scenario.toml";
pub const SUMMARY: &str = "summary.csv";
pub const EFFECTS: &str = "effects.csv";
pub const QUANTILE_EFFECTS: &str = "quantile_effects.csv";
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
pub const WHEN: &str = "when";
pub const MONTH: &str = "month";
pub const N: &str = "n";
pub const CI_LOW: &str = "ci_low";
pub const CI_HIGH: &str = "ci_high";

/// Values of the `when` column.
pub const PROGRAM_END: &str = "program_end";
pub const HORIZON_END: &str = "horizon_end";

/// `effects.csv` (and `quantile_effects.csv`, which shares most of them).
pub const CONTROL_MEAN: &str = "control_mean";
pub const ARM_MEAN: &str = "arm_mean";
pub const DIFF: &str = "diff";
pub const PCT_CHANGE: &str = "pct_change";
pub const EFFECT_SD: &str = "effect_sd";
/// Optional: median of the effect over parameter draws and its 90% interval
/// (model uncertainty), and the probability that the arm beats control.
pub const MODEL_MEDIAN: &str = "model_median";
pub const MODEL_LOW: &str = "model_low";
pub const MODEL_HIGH: &str = "model_high";
pub const P_BETTER: &str = "p_better";

/// `quantile_effects.csv`.
pub const QUANTILE: &str = "quantile";
pub const Q_CONTROL: &str = "control";
pub const Q_ARM_VALUE: &str = "arm_value";

/// `persistence.csv`.
pub const PROGRAM_END_MONTH: &str = "program_end_month";
pub const HORIZON_MONTH: &str = "horizon_month";
pub const EFFECT_PROGRAM_END: &str = "effect_program_end";
pub const EFFECT_HORIZON_END: &str = "effect_horizon_end";
pub const PERSISTENCE_RATIO: &str = "persistence";

/// `cost_effectiveness.csv`.
pub const THROUGH: &str = "through";
pub const PROGRAM_COST: &str = "program_cost";
pub const HOUSEHOLD_YEARS: &str = "household_years_out_of_poverty";
pub const HY_CI_LOW: &str = "hy_ci_low";
pub const HY_CI_HIGH: &str = "hy_ci_high";
pub const CONSUMPTION_GAIN: &str = "consumption_gain";
pub const GAIN_CI_LOW: &str = "gain_ci_low";
pub const GAIN_CI_HIGH: &str = "gain_ci_high";

/// `summary.csv`.
pub const MEAN: &str = "mean";

/// `timeseries.csv`.
pub const REPLICATION: &str = "replication";
pub const HOUSEHOLDS: &str = "households";
pub const MEAN_CONSUMPTION_HH: &str = "mean_consumption_hh";

/// `evidence.csv`.
pub const FACT: &str = "fact";
pub const TITLE: &str = "title";
pub const HOLDS: &str = "holds";
pub const MODEL: &str = "model";

/// Metric names (values of the `metric` column, columns of `timeseries.csv`).
pub const POVERTY_RATE: &str = "poverty_rate";
pub const CONSUMPTION_PC: &str = "mean_consumption_pc";
pub const EMPOWERED_SHARE: &str = "empowered_share";
pub const EMPOWERMENT_INDEX: &str = "empowerment_index";
/// `timeseries.csv` column of cumulative program cost, also a metric.
pub const PROGRAM_COST_METRIC: &str = "program_cost";

/// The control arm's name (experiments compare every arm with it).
pub const CONTROL_ARM: &str = "control";
