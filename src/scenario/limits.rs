//! Limits that keep any accepted input from hanging, exhausting memory or
//! writing outside its folder. Every rule lives here, in one place, and is
//! enforced by `check` as well as by the commands that run:
//!
//! * [`safe_name`]: a name that names a folder or a file (a scenario's or
//!   sweep's `name`, which becomes `output/<name>/`) is a name: letters,
//!   digits, `_`, `-` and `.`, not starting with `.`, at most
//!   [`MAX_NAME_LEN`] characters: no separator, no `..`, no absolute path;
//! * [`DERIVED`]: the registry of quantities *derived* from several keys
//!   that the model loops over or allocates by, each with its bound (a
//!   single key's limits are in the parameter registry; these are the
//!   products no single key bounds: a facilitation budget divided by a
//!   cost of 0 hired 2.4e9 facilitators);
//! * [`experiment_issues`]: the size of what a run writes and holds
//!   (`timeseries.csv` rows);
//! * [`MAX_POINTS`], [`MAX_KEY_LEN`], [`MAX_THREADS`]: sweep designs (checked
//!   from their sizes before any is built), key lengths (before any
//!   did-you-mean search), worker threads.

use super::Scenario;
use super::derived::{covered_villages, facilitator_fte};

/// Longest name of a scenario, sweep or arm.
pub const MAX_NAME_LEN: usize = 100;
/// Longest key (a dotted path such as `program.budget`) a file may hold;
/// a longer one gets no nearest-name search (defined beside the search).
pub use crate::error::MAX_KEY_LEN;
/// Most points of a sweep (every point is resolved and checked before the
/// sweep runs).
pub const MAX_POINTS: usize = 100_000;
/// Most worker threads (`--threads`).
pub const MAX_THREADS: usize = 1024;
/// Most rows of `timeseries.csv` (arms × replications × months): about
/// 0.5 KB each, 5 GB at the limit.
pub const MAX_TIMESERIES_ROWS: f64 = 1.0e7;

/// `None` if `name` is a safe file or folder name, else why not.
pub fn safe_name(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("it is empty".into());
    }
    if name.chars().count() > MAX_NAME_LEN {
        return Some(format!(
            "it has {} characters, at most {MAX_NAME_LEN} are allowed",
            name.chars().count()
        ));
    }
    if name.starts_with('.') {
        return Some("it starts with `.` (`.` and `..` name folders that exist already; a leading dot hides a folder)".into());
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
    {
        let what = match c {
            '/' | '\\' => "a path separator".to_string(),
            c if c.is_control() => "a control character".to_string(),
            c => format!("`{c}`"),
        };
        return Some(format!("it holds {what}"));
    }
    None
}

/// The message for an unsafe name of `what` ("the scenario", "the sweep").
pub fn name_message(name: &str, why: &str) -> String {
    format!(
        "expected a name of letters, digits, `_`, `-` and `.` that does not start with `.` (it names the output folder output/<name>/; a name is not a path), found {name:?}: {why}"
    )
}

/// A quantity derived from several keys, with its bound.
pub struct Derived {
    /// What it is called in messages and docs.
    pub name: &'static str,
    /// Why it is bounded.
    pub why: &'static str,
    /// Its value for a scenario.
    pub value: fn(&Scenario) -> f64,
    /// Its bound for a scenario.
    pub max: fn(&Scenario) -> f64,
    /// The key to blame and the advice, given the value and bound.
    pub advice: fn(&Scenario, f64, f64) -> (&'static str, String),
}

/// Facilitators per covered village (full-time equivalents).
fn facilitators_per_village(s: &Scenario) -> f64 {
    facilitator_fte(s) / covered_villages(s).max(1) as f64
}

/// Every derived quantity the model loops over or allocates by.
pub const DERIVED: &[Derived] = &[Derived {
    name: "facilitators per covered village",
    why: "the model forms groups and visits households with every facilitator's hours each month; a count without bound (a facilitation budget over a cost of 0) never finishes",
    value: facilitators_per_village,
    max: |s| s.population.households_per_village as f64,
    advice: |s, value, max| {
        let p = &s.program;
        let f = &s.facilitation;
        let (cost_key, cost) = match f.kind {
            super::FacilitatorType::Professional => {
                ("facilitation.cost_professional", f.cost_professional)
            }
            super::FacilitatorType::Volunteer => ("facilitation.cost_volunteer", f.cost_volunteer),
        };
        let total = value * covered_villages(s).max(1) as f64;
        let head = format!(
            "the program would employ {total:.3e} facilitators, {value:.3e} per covered village, more than the {max:.0} households a village holds (the bound of facilitators per village: the model works through every facilitator's hours each month, so an unbounded count never finishes)"
        );
        if p.facilitators > 0 {
            (
                "program.facilitators",
                format!("{head}; lower program.facilitators"),
            )
        } else if p.facilitators_per_village > 0.0 {
            (
                "program.facilitators_per_village",
                format!("{head}; lower program.facilitators_per_village"),
            )
        } else if cost * p.duration_months as f64 <= 1.0 {
            (
                cost_key,
                format!(
                    "{head}: the facilitation share of the budget is divided by {cost_key} = {cost}, so every rupiah hires one. Give facilitators a cost, or state their number with program.facilitators"
                ),
            )
        } else {
            (
                "program.budget",
                format!(
                    "{head}: the facilitation share of a budget of Rp {:.3e} at Rp {cost:.0} a month each. Lower program.budget or program.share_facilitation, or state the number with program.facilitators",
                    super::derived::program_budget(s)
                ),
            )
        }
    },
}];

/// Every derived quantity out of its bound, as `(key to blame, message)`.
pub fn derived_issues(s: &Scenario) -> Vec<(&'static str, String)> {
    DERIVED
        .iter()
        .filter_map(|d| {
            let (v, max) = ((d.value)(s), (d.max)(s));
            // NaN counts as out of bounds
            (v.is_nan() || v > max).then(|| (d.advice)(s, v, max))
        })
        .collect()
}

/// Limits of an experiment as a whole: the rows its time series would
/// have. `arms` is `(months, replications)` per arm.
pub fn experiment_issues(arms: &[(u32, u32)]) -> Vec<String> {
    let rows: f64 = arms.iter().map(|&(m, r)| m as f64 * r as f64).sum();
    if rows > MAX_TIMESERIES_ROWS {
        vec![format!(
            "the run would write {rows:.3e} rows to timeseries.csv ({} arms × replications × months, about {:.0} GB); at most {MAX_TIMESERIES_ROWS:.0e} rows are accepted. Use fewer replications, months or arms",
            arms.len(),
            rows * 500.0 / 1e9
        )]
    } else {
        Vec::new()
    }
}

/// Points of a sampled design from its size alone (before it is built):
/// LHS `n`, Morris `n (d + 1)`, Sobol (Saltelli) `n (d + 2)`.
pub fn design_points(method: &str, samples: usize, params: usize) -> Option<usize> {
    match method {
        "lhs" => Some(samples),
        "morris" => samples.checked_mul(params.checked_add(1)?),
        "sobol" => samples.checked_mul(params.checked_add(2)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_names() {
        for ok in ["strategies", "run-1", "a.b_c", "X9"] {
            assert_eq!(safe_name(ok), None, "{ok}");
        }
        for bad in [
            "",
            ".",
            "..",
            ".hidden",
            "team/run1",
            "/abs",
            "a\nb",
            "a b",
            "c:\\x",
        ] {
            assert!(safe_name(bad).is_some(), "{bad:?} accepted");
        }
        assert!(safe_name(&"a".repeat(MAX_NAME_LEN + 1)).is_some());
    }

    #[test]
    fn a_free_facilitator_is_refused() {
        let mut s = Scenario::default();
        s.program.budget = 1e10;
        s.program.components = vec![super::super::Component::Facilitation];
        s.program.share_facilitation = 1.0;
        assert!(derived_issues(&s).is_empty());
        s.facilitation.cost_professional = 0.0;
        let issues = derived_issues(&s);
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].0, "facilitation.cost_professional");
    }

    #[test]
    fn design_sizes() {
        assert_eq!(design_points("morris", 10, 9), Some(100));
        assert_eq!(design_points("sobol", 64, 3), Some(320));
        assert_eq!(design_points("morris", usize::MAX, 9), None);
    }
}
