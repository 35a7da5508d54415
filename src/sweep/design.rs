//! The plan of a sweep and its points.
//!
//! A [`Plan`] holds everything needed to regenerate the points and to
//! analyse the results: method, sample size, levels, design seed, the
//! parameters with their lists or ranges, the arms, metrics and months. It is
//! written into every `manifest.json`, so `berdaya merge` can analyse shard
//! folders without the sweep file, and two shards can be checked to come from
//! the same sweep.
//!
//! Points come from the designs of [`crate::sensitivity`]: a grid is the full
//! factorial of the lists (first parameter slowest, computed point by point
//! so a large grid is never held in memory); LHS, Morris and Sobol (Saltelli)
//! points are unit-cube points mapped to each parameter's range by
//! [`Range::map_unit`] (linear, or uniform in log space with `log = true`).
//! An integer key gets the mapped value rounded to the nearest whole number
//! (halves away from zero); the analysis still uses the unit-cube design, so
//! for an integer key with a narrow range a Morris step is not exactly the
//! same size in every trajectory.

use crate::model::metrics;
use crate::output::files::num;
use crate::scenario::experiment::ArmSet;
use crate::scenario::load::{Origin, Setting};
use crate::scenario::{Kind, param};
use crate::sensitivity::{
    Design, LhsDesign, MorrisDesign, Range, SaltelliDesign, SensitivityError,
};
use serde::{Deserialize, Serialize};

/// The sampling method of a sweep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Grid,
    Lhs,
    Morris,
    Sobol,
}

impl Method {
    pub const NAMES: [&'static str; 4] = ["grid", "lhs", "morris", "sobol"];

    pub fn parse(s: &str) -> Option<Method> {
        match s {
            "grid" => Some(Method::Grid),
            "lhs" => Some(Method::Lhs),
            "morris" => Some(Method::Morris),
            "sobol" => Some(Method::Sobol),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// Whether the method's parameters are ranges (all but grid).
    pub fn takes_ranges(self) -> bool {
        self != Method::Grid
    }

    /// Whether the method has a sensitivity estimator.
    pub fn has_estimator(self) -> bool {
        matches!(self, Method::Morris | Method::Sobol)
    }
}

/// The type of a swept key's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ValueKind {
    Float,
    Integer,
    Bool,
    Choice,
}

impl ValueKind {
    /// The value kind of a registry kind; `None` for keys that cannot be
    /// swept (free text, lists).
    pub fn of(kind: &Kind) -> Option<ValueKind> {
        match kind {
            Kind::Float => Some(ValueKind::Float),
            Kind::Integer => Some(ValueKind::Integer),
            Kind::Bool => Some(ValueKind::Bool),
            Kind::Choice(_) => Some(ValueKind::Choice),
            Kind::Text | Kind::ChoiceList(_) => None,
        }
    }

    pub fn is_numeric(self) -> bool {
        matches!(self, ValueKind::Float | ValueKind::Integer)
    }
}

/// One value of a swept parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PValue {
    Int(i64),
    Num(f64),
    Bool(bool),
    Text(String),
}

impl PValue {
    /// From a checked TOML value.
    pub fn from_toml(v: &toml::Value) -> Option<PValue> {
        match v {
            toml::Value::Integer(i) => Some(PValue::Int(*i)),
            toml::Value::Float(f) => Some(PValue::Num(*f)),
            toml::Value::Boolean(b) => Some(PValue::Bool(*b)),
            toml::Value::String(s) => Some(PValue::Text(s.clone())),
            _ => None,
        }
    }

    pub fn to_toml(&self) -> toml::Value {
        match self {
            PValue::Int(i) => toml::Value::Integer(*i),
            PValue::Num(f) => toml::Value::Float(*f),
            PValue::Bool(b) => toml::Value::Boolean(*b),
            PValue::Text(s) => toml::Value::String(s.clone()),
        }
    }

    /// The numeric value, for charts and bins.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            PValue::Int(i) => Some(*i as f64),
            PValue::Num(f) => Some(*f),
            _ => None,
        }
    }

    /// As written in CSV files: numbers in their shortest exact form.
    pub fn csv(&self) -> String {
        match self {
            PValue::Int(i) => i.to_string(),
            PValue::Num(f) => num(*f),
            PValue::Bool(b) => b.to_string(),
            PValue::Text(s) => s.clone(),
        }
    }

    /// As written in messages.
    pub fn show(&self) -> String {
        match self {
            PValue::Text(s) => format!("\"{s}\""),
            other => other.csv(),
        }
    }
}

/// One swept parameter: a list of values (grid) or a range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParamPlan {
    /// Dotted scenario key.
    pub key: String,
    pub kind: ValueKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<PValue>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<Range>,
}

/// Everything that defines a sweep's points and analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// File name of the sweep file (no folder: shards run from other paths).
    pub sweep_file: String,
    /// FNV-1a of the sweep file's bytes.
    pub sweep_file_fnv1a: String,
    /// `base` as written in the sweep file.
    pub base: String,
    /// FNV-1a of the base file's (or built-in's) text.
    pub base_fnv1a: String,
    pub method: Method,
    /// LHS points, Morris trajectories or Sobol base rows N (none for grid).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub samples: Option<usize>,
    /// Morris levels p.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub levels: Option<usize>,
    /// Design seed: LHS and Morris sampling, and every bootstrap.
    pub seed: u64,
    /// Model seed: the base's, the same for every point.
    pub model_seed: u64,
    pub replications: u32,
    pub months: u32,
    pub metrics: Vec<String>,
    pub at_months: Vec<u32>,
    pub arms: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control: Option<String>,
    /// The arm whose Morris and Sobol indices are charted.
    pub chart_arm: String,
    pub parameters: Vec<ParamPlan>,
    /// Number of points.
    pub points: usize,
}

/// Why points could not be made.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanError(pub String);

impl From<SensitivityError> for PlanError {
    fn from(e: SensitivityError) -> Self {
        PlanError(e.to_string())
    }
}

impl Plan {
    /// Index of the control arm.
    pub fn control_index(&self) -> Option<usize> {
        let c = self.control.as_ref()?;
        self.arms.iter().position(|a| a == c)
    }

    /// Index of the chart arm.
    pub fn chart_arm_index(&self) -> usize {
        self.arms
            .iter()
            .position(|a| *a == self.chart_arm)
            .unwrap_or(self.arms.len().saturating_sub(1))
    }

    /// Metric column indices in `Row`, in plan order.
    pub fn metric_columns(&self) -> Vec<usize> {
        self.metrics
            .iter()
            .map(|m| metrics::index(m).unwrap_or(0))
            .collect()
    }

    pub fn ranges(&self) -> Vec<Range> {
        self.parameters
            .iter()
            .map(|p| p.range.unwrap_or(Range::linear(0.0, 1.0)))
            .collect()
    }

    /// The design of the sensitivity module (none for a grid).
    pub fn design(&self) -> Result<Option<Design>, PlanError> {
        let d = self.parameters.len();
        let n = self.samples.unwrap_or(0);
        Ok(match self.method {
            Method::Grid => None,
            Method::Lhs => Some(Design::Lhs(LhsDesign::new(n, d, self.seed)?)),
            Method::Morris => Some(Design::Morris(MorrisDesign::new(
                n,
                d,
                self.levels
                    .unwrap_or(crate::sensitivity::morris::DEFAULT_LEVELS),
                self.seed,
            )?)),
            Method::Sobol => Some(Design::Saltelli(SaltelliDesign::new(n, d)?)),
        })
    }

    /// Number of points the plan's design gives (checked against `points`).
    pub fn count_points(&self) -> Result<usize, PlanError> {
        match self.design()? {
            None => self
                .parameters
                .iter()
                .try_fold(1usize, |acc, p| {
                    acc.checked_mul(p.values.as_ref().map_or(0, Vec::len))
                })
                .ok_or_else(|| PlanError("the grid has more points than can be counted".into())),
            Some(d) => Ok(d.n_points()),
        }
    }

    /// The points, ready to be read one by one.
    pub fn make_points(&self) -> Result<Points, PlanError> {
        match self.design()? {
            None => {
                let lists: Vec<Vec<PValue>> = self
                    .parameters
                    .iter()
                    .map(|p| p.values.clone().unwrap_or_default())
                    .collect();
                let n = self.count_points()?;
                Ok(Points::Grid { lists, n })
            }
            Some(d) => Ok(Points::Unit {
                unit: d.points()?,
                ranges: self.ranges(),
                kinds: self.parameters.iter().map(|p| p.kind).collect(),
            }),
        }
    }

    /// The header of `results.csv`.
    pub fn results_header(&self) -> String {
        let mut h = String::from("point");
        for p in &self.parameters {
            h.push(',');
            h.push_str(&p.key);
        }
        h.push_str(",arm,replication,month");
        for m in &self.metrics {
            h.push(',');
            h.push_str(m);
        }
        h.push('\n');
        h
    }

    /// The whole `points.csv`.
    pub fn points_csv(&self, points: &Points) -> String {
        let mut s = String::from("point");
        for p in &self.parameters {
            s.push(',');
            s.push_str(&p.key);
        }
        s.push('\n');
        for i in 0..points.len() {
            s.push_str(&(i + 1).to_string());
            for v in points.get(i) {
                s.push(',');
                s.push_str(&v.csv());
            }
            s.push('\n');
        }
        s
    }
}

/// The points of a plan.
#[derive(Debug, Clone)]
pub enum Points {
    /// Grid points are computed from their index (first list slowest).
    Grid { lists: Vec<Vec<PValue>>, n: usize },
    /// Unit-cube points of a design and the map to parameter values.
    Unit {
        unit: Vec<Vec<f64>>,
        ranges: Vec<Range>,
        kinds: Vec<ValueKind>,
    },
}

impl Points {
    pub fn len(&self) -> usize {
        match self {
            Points::Grid { n, .. } => *n,
            Points::Unit { unit, .. } => unit.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The parameter values of 0-based point `i`.
    pub fn get(&self, i: usize) -> Vec<PValue> {
        match self {
            Points::Grid { lists, .. } => {
                let mut rest = i;
                let mut out = vec![PValue::Int(0); lists.len()];
                for (slot, list) in out.iter_mut().zip(lists).rev() {
                    *slot = list[rest % list.len()].clone();
                    rest /= list.len();
                }
                out
            }
            Points::Unit {
                unit,
                ranges,
                kinds,
            } => unit[i]
                .iter()
                .zip(ranges)
                .zip(kinds)
                .map(|((&u, r), k)| value_at(r, *k, u))
                .collect(),
        }
    }

    /// The unit-cube points (none for a grid).
    pub fn unit(&self) -> Option<&[Vec<f64>]> {
        match self {
            Points::Unit { unit, .. } => Some(unit),
            Points::Grid { .. } => None,
        }
    }
}

/// The value of a range at unit coordinate `u`; integer keys rounded to the
/// nearest whole number and kept inside the range.
pub fn value_at(r: &Range, kind: ValueKind, u: f64) -> PValue {
    let x = r.map_unit(u);
    match kind {
        ValueKind::Integer => {
            let (lo, hi) = (r.min.min(r.max), r.min.max(r.max));
            PValue::Int(x.round().clamp(lo, hi) as i64)
        }
        _ => PValue::Num(x),
    }
}

/// A parameter key as a sweep file writes it: `section.key` for the base
/// every arm inherits, or `ARM:section.key` (`ARM1,ARM2:section.key`) for
/// the arms named (in a plan's key, a column name, the arms are joined by
/// `+`). Returns the arms (empty for the base) and the key.
pub fn split_key(key: &str) -> (Vec<String>, &str) {
    match key.split_once(':') {
        Some((arms, k)) => (
            arms.split([',', '+'])
                .map(|a| a.trim().to_string())
                .collect(),
            k,
        ),
        None => (Vec::new(), key),
    }
}

/// A point's values as `--set` settings (base and per-arm), with the origin
/// of each parameter (where the sweep file defines it) for error messages.
pub fn point_settings(
    plan: &Plan,
    values: &[PValue],
    origins: &[Origin],
) -> (Vec<(&'static str, Setting)>, Vec<ArmSet>) {
    let mut base = Vec::new();
    let mut arms = Vec::new();
    for (i, (p, v)) in plan.parameters.iter().zip(values).enumerate() {
        let (names, key) = split_key(&p.key);
        let Some(info) = param(key) else { continue };
        let setting = Setting {
            value: v.to_toml(),
            origin: origins
                .get(i)
                .cloned()
                .unwrap_or_else(|| Origin::flag(&plan.sweep_file)),
        };
        if names.is_empty() {
            base.push((info.key, setting));
        } else {
            arms.push(ArmSet {
                arms: names,
                key: info.key,
                setting,
            });
        }
    }
    (base, arms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sensitivity::full_factorial;

    fn plan(method: Method, parameters: Vec<ParamPlan>, samples: Option<usize>) -> Plan {
        Plan {
            name: "t".into(),
            description: String::new(),
            sweep_file: "t.toml".into(),
            sweep_file_fnv1a: "0".into(),
            base: "baseline".into(),
            base_fnv1a: "0".into(),
            method,
            samples,
            levels: (method == Method::Morris).then_some(4),
            seed: 3,
            model_seed: 1,
            replications: 1,
            months: 12,
            metrics: vec!["poverty_rate".into()],
            at_months: vec![12],
            arms: vec!["baseline".into()],
            control: None,
            chart_arm: "baseline".into(),
            parameters,
            points: 0,
        }
    }

    #[test]
    fn grid_points_by_index_equal_the_full_factorial() {
        let lists = vec![
            vec![PValue::Num(1.0), PValue::Num(2.0)],
            vec![PValue::Int(5), PValue::Int(6), PValue::Int(7)],
            vec![PValue::Text("a".into()), PValue::Text("b".into())],
        ];
        let params = lists
            .iter()
            .map(|l| ParamPlan {
                key: "k".into(),
                kind: ValueKind::Float,
                values: Some(l.clone()),
                range: None,
            })
            .collect();
        let p = plan(Method::Grid, params, None);
        let pts = p.make_points().unwrap();
        assert_eq!(pts.len(), 12);
        let expected = full_factorial(&lists);
        for (i, e) in expected.iter().enumerate() {
            assert_eq!(&pts.get(i), e, "point {i}");
        }
    }

    #[test]
    fn ranges_map_and_integers_round() {
        let params = vec![
            ParamPlan {
                key: "a".into(),
                kind: ValueKind::Float,
                values: None,
                range: Some(Range::log(1.0, 100.0)),
            },
            ParamPlan {
                key: "b".into(),
                kind: ValueKind::Integer,
                values: None,
                range: Some(Range::linear(1.0, 4.0)),
            },
        ];
        let p = plan(Method::Morris, params, Some(5));
        let pts = p.make_points().unwrap();
        assert_eq!(pts.len(), 5 * 3);
        for i in 0..pts.len() {
            let v = pts.get(i);
            let a = v[0].as_f64().unwrap();
            assert!((1.0..=100.0).contains(&a));
            // Morris levels 0, 1/3, 2/3, 1 map to 1, 2, 3, 4 exactly.
            assert!(matches!(v[1], PValue::Int(1..=4)));
        }
        assert_eq!(
            value_at(&Range::linear(0.0, 3.0), ValueKind::Integer, 0.5),
            PValue::Int(2)
        );
    }

    #[test]
    fn plan_round_trips_through_json() {
        let params = vec![ParamPlan {
            key: "economy.saving_rate".into(),
            kind: ValueKind::Float,
            values: Some(vec![PValue::Num(0.2), PValue::Num(12.0)]),
            range: None,
        }];
        let p = plan(Method::Grid, params, None);
        let json = serde_json::to_string(&p).unwrap();
        let back: Plan = serde_json::from_str(&json).unwrap();
        assert_eq!(back, p);
    }
}
