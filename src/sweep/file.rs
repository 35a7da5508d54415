//! Reading and checking a sweep file.
//!
//! The file is parsed like a scenario (`DeTable::parse_recoverable`, so every
//! value keeps its span) and checked key by key; every problem is collected
//! with the file, line and column, the dotted key path, what was expected
//! and, for an unknown name, the nearest valid one ([`crate::scenario::suggest`]).
//! Parameter values are checked by the scenario registry itself
//! ([`check_value`]): a list item or a range end outside a key's hard limits
//! gets the same message a scenario file would.
//!
//! Then the base is resolved (with the sweep's `months` and `replications`)
//! and the cross-field rules are checked: a grid needs lists and the other
//! methods ranges; a log range needs `min > 0`; `at_months` must lie in the
//! run; no arm of the base may set a swept key itself (the sweep value would
//! replace it in every arm, as `--set` does, and the arms would stop
//! differing as the experiment intends). Last, every point is resolved and
//! validated, so a bad combination is reported before anything runs.

use super::design::{Method, PValue, ParamPlan, Plan, Points, ValueKind, point_settings};
use super::{fnv1a, hex};
use crate::builtin;
use crate::error::{Error, Result, did_you_mean, did_you_mean_value};
use crate::model::metrics;
use crate::scenario::experiment::{self, Experiment, Overrides};
use crate::scenario::load::{self, Issue, LineIndex, Origin, RawDoc};
use crate::scenario::{ParamInfo, check_value, param, registry, sections, show_num, suggest};
use crate::sensitivity::{Range, SOBOL_MAX_DIMS};
use rayon::prelude::*;
use std::ops::Range as Span;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Most points a sweep may have (every point is resolved and checked before
/// anything runs; `scenario::limits`).
pub const MAX_POINTS: usize = crate::scenario::limits::MAX_POINTS;

const TOP_KEYS: &[&str] = &["base", "name", "description", "sweep"];
const SWEEP_KEYS: &[&str] = &[
    "method",
    "samples",
    "levels",
    "replications",
    "seed",
    "metrics",
    "at_months",
    "months",
    "chart_arm",
    "parameters",
];
const RANGE_KEYS: &[&str] = &["min", "max", "log"];
/// Top-level scenario keys a sweep sets itself or that are not parameters.
const NOT_SWEPT: &[(&str, &str)] = &[
    ("name", "the name is not a model parameter"),
    ("description", "the description is not a model parameter"),
    (
        "seed",
        "every point runs with the base's seed (common random numbers); set [sweep] replications for more independent runs",
    ),
    ("months", "set [sweep] months instead"),
    ("replications", "set [sweep] replications instead"),
];

/// A checked sweep: the plan, the resolved base and the points.
#[derive(Debug, Clone)]
pub struct Sweep {
    pub plan: Plan,
    /// The base file's checked settings and arms.
    pub base_doc: RawDoc,
    /// The base's label (file path or `builtin:NAME`).
    pub base_label: String,
    /// The base experiment with the sweep's months and replications.
    pub base: Experiment,
    pub points: Points,
    /// Where each parameter is written in the sweep file.
    pub origins: Vec<Origin>,
}

impl Sweep {
    /// The overrides of 0-based point `i`: its values on every arm, exactly
    /// like `--set`, plus the sweep's months and replications.
    pub fn overrides(&self, i: usize) -> Overrides {
        let (sets, arm_sets) = point_settings(&self.plan, &self.points.get(i), &self.origins);
        Overrides {
            sets,
            arm_sets,
            seed: None,
            months: Some(self.plan.months),
            replications: Some(self.plan.replications),
        }
    }

    /// The experiment of 0-based point `i`.
    pub fn experiment(&self, i: usize) -> std::result::Result<Experiment, Vec<Issue>> {
        experiment::resolve(&self.base_doc, &self.base_label, &self.overrides(i))
    }
}

/// Whether a text looks like a sweep file (it has a top-level `[sweep]`
/// table), so `berdaya check` can tell sweeps from scenarios.
pub fn is_sweep(text: &str) -> bool {
    let (table, _) = DeTable::parse_recoverable(text);
    table.get_ref().contains_key("sweep")
}

struct Walker<'a> {
    file: &'a str,
    index: LineIndex<'a>,
    issues: Vec<Issue>,
}

impl Walker<'_> {
    fn origin(&self, span: Span<usize>) -> Origin {
        let (line, column) = self.index.position(span.start);
        Origin {
            file: self.file.to_string(),
            line: Some(line),
            column: Some(column),
        }
    }
    fn issue(&mut self, span: Span<usize>, key: &str, message: impl Into<String>) {
        let origin = self.origin(span);
        self.issues.push(Issue {
            origin,
            key: key.to_string(),
            message: message.into(),
        });
    }
    fn whole_file(&mut self, message: impl Into<String>) {
        self.issues.push(Issue {
            origin: Origin::flag(self.file),
            key: String::new(),
            message: message.into(),
        });
    }
}

/// A parameter as read from the file.
#[derive(Debug, Clone)]
struct RawParam {
    info: &'static ParamInfo,
    /// The arms a `"ARM:section.key"` parameter is for (empty: the base).
    arms: Vec<String>,
    kind: ValueKind,
    path: String,
    origin: Origin,
    span: Span<usize>,
    values: Option<Vec<PValue>>,
    range: Option<Range>,
}

/// What the file says, each value with the place it was written.
#[derive(Debug, Default)]
struct Raw {
    base: Option<(String, Span<usize>)>,
    name: Option<String>,
    description: String,
    sweep_span: Option<Span<usize>>,
    method: Option<Method>,
    method_span: Option<Span<usize>>,
    samples: Option<(usize, Span<usize>)>,
    levels: Option<(usize, Span<usize>)>,
    replications: Option<u32>,
    seed: Option<u64>,
    metrics: Option<Vec<String>>,
    at_months: Option<(Vec<u32>, Vec<Span<usize>>)>,
    months: Option<u32>,
    chart_arm: Option<(String, Span<usize>)>,
    parameters_span: Option<Span<usize>>,
    parameters: Vec<RawParam>,
}

fn article(t: &str) -> String {
    match t {
        "integer" => "an integer".into(),
        "array" => "a list".into(),
        "table" => "a table".into(),
        "boolean" => "a boolean".into(),
        other => format!("a {other}"),
    }
}

fn unknown(k: &str, names: &[&str], place: &str) -> String {
    let mut msg = format!("unknown key `{k}`{place}");
    match did_you_mean(k, names.iter().copied()) {
        hint if hint.is_empty() => msg.push('.'),
        hint => msg.push_str(&hint),
    }
    msg.push_str(&format!(" Valid names here: {}.", names.join(", ")));
    msg
}

/// A whole number from `lo` to `hi`.
fn integer(
    w: &mut Walker<'_>,
    v: &Spanned<DeValue<'_>>,
    path: &str,
    lo: i64,
    hi: i64,
) -> Option<i64> {
    let expected = format!("a whole number from {lo} to {hi}");
    match v.get_ref() {
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(x) if (lo..=hi).contains(&x) => Some(x),
            Ok(x) => {
                w.issue(v.span(), path, format!("expected {expected}, found {x}"));
                None
            }
            Err(_) => {
                w.issue(
                    v.span(),
                    path,
                    format!("expected {expected}, found an integer too large"),
                );
                None
            }
        },
        DeValue::Float(f) => {
            w.issue(
                v.span(),
                path,
                format!("expected {expected}, found the decimal {}", f.as_str()),
            );
            None
        }
        other => {
            w.issue(
                v.span(),
                path,
                format!("expected {expected}, found {}", article(other.type_str())),
            );
            None
        }
    }
}

fn string(w: &mut Walker<'_>, v: &Spanned<DeValue<'_>>, path: &str) -> Option<String> {
    match v.get_ref() {
        DeValue::String(s) => Some(s.to_string()),
        other => {
            w.issue(
                v.span(),
                path,
                format!(
                    "expected a string in quotes, found {}",
                    article(other.type_str())
                ),
            );
            None
        }
    }
}

fn list<'a, 'b>(
    w: &mut Walker<'_>,
    v: &'a Spanned<DeValue<'b>>,
    path: &str,
    what: &str,
) -> Option<&'a [Spanned<DeValue<'b>>]> {
    match v.get_ref() {
        DeValue::Array(items) if items.is_empty() => {
            w.issue(
                v.span(),
                path,
                format!("the list is empty; expected {what}"),
            );
            None
        }
        DeValue::Array(items) => Some(items.as_ref()),
        other => {
            w.issue(
                v.span(),
                path,
                format!(
                    "expected {what} in brackets, found {}",
                    article(other.type_str())
                ),
            );
            None
        }
    }
}

/// Parses and checks one sweep file's text on its own (without the base).
fn parse(file: &str, text: &str) -> (Raw, Vec<Issue>) {
    let mut w = Walker {
        file,
        index: LineIndex::new(text),
        issues: Vec::new(),
    };
    let mut raw = Raw::default();
    let (table, errors) = DeTable::parse_recoverable(text);
    for e in &errors {
        let span = e.span().unwrap_or(0..0);
        let msg = e.message().trim().trim_end_matches('.').to_string();
        w.issue(span, "", format!("this is not valid TOML: {msg}"));
    }
    if !errors.is_empty() {
        return (raw, w.issues);
    }
    let table = table.into_inner();
    if !table.contains_key("sweep") && !table.contains_key("base") {
        w.whole_file("this is not a sweep file: it has no `base = \"...\"` and no [sweep] table. A scenario or experiment runs with `berdaya run FILE`; a sweep file names it as its base (see docs/SWEEPS.md)");
        return (raw, w.issues);
    }
    for (key, value) in table.iter() {
        let k: &str = key.get_ref();
        match k {
            "base" => {
                if let Some(s) = string(&mut w, value, "base") {
                    if s.trim().is_empty() {
                        w.issue(value.span(), "base", "expected the path of a scenario or experiment file (relative to this file), or a built-in name such as \"strategies\"; found an empty string");
                    } else {
                        raw.base = Some((s, value.span()));
                    }
                }
            }
            "name" => {
                if let Some(s) = string(&mut w, value, "name") {
                    if let Some(why) = crate::scenario::limits::safe_name(&s) {
                        w.issue(
                            value.span(),
                            "name",
                            crate::scenario::limits::name_message(&s, &why),
                        );
                    } else {
                        raw.name = Some(s);
                    }
                }
            }
            "description" => {
                if let Some(s) = string(&mut w, value, "description") {
                    raw.description = s;
                }
            }
            "sweep" => {
                raw.sweep_span = Some(key.span());
                match value.get_ref() {
                    DeValue::Table(t) => walk_sweep(&mut w, t, &mut raw),
                    other => w.issue(
                        value.span(),
                        "sweep",
                        format!(
                            "expected a table written as [sweep], found {}",
                            article(other.type_str())
                        ),
                    ),
                }
            }
            _ => {
                let mut msg = unknown(k, TOP_KEYS, "");
                if k == "arm" {
                    msg = format!(
                        "a sweep file holds no [[arm]] tables: the arms are the base's. Valid names here: {}.",
                        TOP_KEYS.join(", ")
                    );
                } else if param(k).is_some() || sections().iter().any(|s| s.name == k) {
                    msg = format!(
                        "`{k}` is a scenario key; a sweep file holds no scenario keys of its own: put fixed values in the base file, or vary `{k}` under [sweep.parameters]. Valid names here: {}.",
                        TOP_KEYS.join(", ")
                    );
                }
                w.issue(key.span(), k, msg);
            }
        }
    }
    if raw.base.is_none() && !table.contains_key("base") {
        w.whole_file("missing `base = \"...\"`: the scenario or experiment every point starts from (a file relative to this one, or a built-in name such as \"strategies\")");
    }
    if raw.sweep_span.is_none() {
        w.whole_file("missing the [sweep] table: method, parameters, metrics and at_months (see docs/SWEEPS.md)");
    }
    (raw, w.issues)
}

fn walk_sweep(w: &mut Walker<'_>, t: &DeTable<'_>, raw: &mut Raw) {
    for (key, value) in t.iter() {
        let k: &str = key.get_ref();
        let path = format!("sweep.{k}");
        match k {
            "method" => {
                raw.method_span = Some(value.span());
                if let Some(s) = string(w, value, &path) {
                    match Method::parse(&s) {
                        Some(m) => raw.method = Some(m),
                        None => {
                            let hint = did_you_mean_value(&s, Method::NAMES);
                            w.issue(
                                value.span(),
                                &path,
                                format!(
                                    "expected one of \"grid\", \"lhs\", \"morris\", \"sobol\", found \"{s}\"{hint}"
                                ),
                            );
                        }
                    }
                }
            }
            "samples" => {
                if let Some(x) = integer(w, value, &path, 1, 10_000_000) {
                    raw.samples = Some((x as usize, value.span()));
                }
            }
            "levels" => {
                if let Some(x) = integer(w, value, &path, 2, 100) {
                    if x % 2 == 1 {
                        w.issue(value.span(), &path, format!("expected an even number of levels (so the Morris step p/(2(p-1)) lies on the grid), found {x}; 4 is the usual choice"));
                    } else {
                        raw.levels = Some((x as usize, value.span()));
                    }
                }
            }
            "replications" => {
                if let Some(x) = integer(w, value, &path, 1, 100_000) {
                    raw.replications = Some(x as u32);
                }
            }
            "seed" => {
                if let Some(x) = integer(w, value, &path, 0, i64::MAX) {
                    raw.seed = Some(x as u64);
                }
            }
            "months" => {
                if let Some(x) = integer(w, value, &path, 1, 1200) {
                    raw.months = Some(x as u32);
                }
            }
            "chart_arm" => {
                if let Some(s) = string(w, value, &path) {
                    raw.chart_arm = Some((s, value.span()));
                }
            }
            "metrics" => {
                if let Some(metrics) = read_metrics(w, value, &path) {
                    raw.metrics = Some(metrics);
                }
            }
            "at_months" => {
                if let Some(months) = read_at_months(w, value, &path) {
                    raw.at_months = Some(months);
                }
            }
            "parameters" => {
                raw.parameters_span = Some(key.span());
                match value.get_ref() {
                    DeValue::Table(t) => walk_parameters(w, t, "", raw),
                    other => w.issue(
                        value.span(),
                        &path,
                        format!(
                            "expected a table written as [sweep.parameters], found {}",
                            article(other.type_str())
                        ),
                    ),
                }
            }
            _ => {
                let msg = unknown(k, SWEEP_KEYS, " in [sweep]");
                w.issue(key.span(), &path, msg);
            }
        }
    }
}

/// `metrics = [...]`: known metric names, each once.
fn read_metrics(
    w: &mut Walker<'_>,
    value: &Spanned<DeValue<'_>>,
    path: &str,
) -> Option<Vec<String>> {
    let items = list(w, value, path, "a list of metric names")?;
    let mut out: Vec<String> = Vec::new();
    let names: Vec<&str> = metrics::names().collect();
    for (i, item) in items.iter().enumerate() {
        let ipath = format!("{path}[{i}]");
        let Some(s) = string(w, item, &ipath) else {
            continue;
        };
        if metrics::index(&s).is_none() {
            let hint = did_you_mean_value(&s, names.iter().copied());
            w.issue(
                item.span(),
                &ipath,
                format!(
                    "unknown metric \"{s}\"{hint} Metrics: {}.",
                    names.join(", ")
                ),
            );
        } else if out.contains(&s) {
            w.issue(item.span(), &ipath, format!("\"{s}\" is listed twice"));
        } else {
            out.push(s);
        }
    }
    Some(out)
}

/// `at_months = [...]`: whole months from 1, each once, in time order
/// (rows are written month by month), with where each was written.
fn read_at_months(
    w: &mut Walker<'_>,
    value: &Spanned<DeValue<'_>>,
    path: &str,
) -> Option<(Vec<u32>, Vec<Span<usize>>)> {
    let items = list(
        w,
        value,
        path,
        "a list of months (1 = the first simulated month)",
    )?;
    let mut out: Vec<u32> = Vec::new();
    let mut spans = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let ipath = format!("{path}[{i}]");
        if let Some(x) = integer(w, item, &ipath, 1, 1200) {
            if out.contains(&(x as u32)) {
                w.issue(item.span(), &ipath, format!("month {x} is listed twice"));
            } else {
                out.push(x as u32);
                spans.push(item.span());
            }
        }
    }
    let mut both: Vec<(u32, Span<usize>)> = out.into_iter().zip(spans).collect();
    both.sort_by_key(|(m, _)| *m);
    Some(both.into_iter().unzip())
}

/// A grid parameter's listed values: each checked by the registry, each once.
fn read_values(
    w: &mut Walker<'_>,
    info: &'static ParamInfo,
    items: &[Spanned<DeValue<'_>>],
    span: Span<usize>,
    path: &str,
) -> Option<Vec<PValue>> {
    if items.is_empty() {
        w.issue(
            span,
            path,
            format!(
                "the list is empty; expected values of `{}`, each {}",
                info.key,
                info.kind.expected()
            ),
        );
        return None;
    }
    let mut values: Vec<PValue> = Vec::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let ipath = format!("{path}[{i}]");
        match check_value(info, item.get_ref()).map(|v| PValue::from_toml(&v)) {
            Ok(Some(v)) => {
                if values.contains(&v) {
                    w.issue(item.span(), &ipath, format!("{} is listed twice", v.show()));
                    ok = false;
                } else {
                    values.push(v);
                }
            }
            Ok(None) => ok = false,
            Err(m) => {
                w.issue(item.span(), &ipath, m);
                ok = false;
            }
        }
    }
    ok.then_some(values)
}

/// The keys of a range table as written: `min`, `max` (each checked by the
/// registry, with where it was written) and `log`.
struct RangeKeys {
    min: Option<(f64, Span<usize>)>,
    max: Option<(f64, Span<usize>)>,
    log: bool,
}

fn read_range_keys(
    w: &mut Walker<'_>,
    info: &'static ParamInfo,
    t: &DeTable<'_>,
    path: &str,
) -> Option<RangeKeys> {
    let mut min = None;
    let mut max = None;
    let mut log = false;
    let mut ok = true;
    for (key, value) in t.iter() {
        let k: &str = key.get_ref();
        let kpath = format!("{path}.{k}");
        match k {
            "min" | "max" => match check_value(info, value.get_ref()) {
                Ok(v) => {
                    let x = match v {
                        toml::Value::Integer(i) => i as f64,
                        toml::Value::Float(f) => f,
                        _ => f64::NAN,
                    };
                    if k == "min" {
                        min = Some((x, value.span()));
                    } else {
                        max = Some((x, value.span()));
                    }
                }
                Err(m) => {
                    w.issue(value.span(), &kpath, m);
                    ok = false;
                }
            },
            "log" => match value.get_ref() {
                DeValue::Boolean(b) => log = *b,
                other => {
                    w.issue(
                        value.span(),
                        &kpath,
                        format!(
                            "expected true or false, found {}",
                            article(other.type_str())
                        ),
                    );
                    ok = false;
                }
            },
            _ => {
                let msg = unknown(k, RANGE_KEYS, " in a range");
                w.issue(key.span(), &kpath, msg);
                ok = false;
            }
        }
    }
    ok.then_some(RangeKeys { min, max, log })
}

/// Names a parameter key could have: numeric and choice keys of the registry.
fn sweepable_keys() -> Vec<&'static str> {
    registry()
        .iter()
        .filter(|p| ValueKind::of(&p.kind).is_some())
        .filter(|p| !NOT_SWEPT.iter().any(|(k, _)| *k == p.key))
        .map(|p| p.key)
        .collect()
}

fn walk_parameters(w: &mut Walker<'_>, t: &DeTable<'_>, prefix: &str, raw: &mut Raw) {
    for (key, value) in t.iter() {
        let k: &str = key.get_ref();
        let full = format!("{prefix}{k}");
        let path = format!("sweep.parameters.{full}");
        let (arms, bare) = super::design::split_key(&full);
        if !arms.is_empty() && (arms.iter().any(|a| a.is_empty()) || param(bare).is_none()) {
            let names = sweepable_keys();
            w.issue(
                key.span(),
                &path,
                format!(
                    "expected \"ARM:section.key\" (or \"ARM1,ARM2:section.key\"): arm names before the colon and a scenario key after it, found `{full}`{}",
                    did_you_mean(bare, names.iter().copied())
                ),
            );
        } else if let Some(info) = param(bare) {
            if raw.parameters.iter().any(|p| {
                p.info.key == info.key && p.arms.iter().any(|a| arms.contains(a) || arms.is_empty())
                    || (p.info.key == info.key && p.arms.is_empty() && arms.is_empty())
            }) {
                w.issue(key.span(), &path, format!("`{full}` is given twice"));
                continue;
            }
            if matches!(info.key, "name") && !arms.is_empty() {
                w.issue(key.span(), &path, "`name` cannot be swept".to_string());
                continue;
            }
            if let Some(mut p) = read_parameter(w, info, value, &path) {
                p.arms = arms;
                raw.parameters.push(p);
            }
        } else if let (true, DeValue::Table(inner)) = (prefix.is_empty(), value.get_ref())
            && (sections().iter().any(|s| s.name == k)
                || !inner
                    .keys()
                    .any(|key| RANGE_KEYS.contains(&key.get_ref().as_ref())))
        {
            // `economy.capital_threshold = {…}` is a dotted key: the table
            // `economy` holding `capital_threshold` (and a misspelt section
            // is reported with the whole dotted key).
            walk_parameters(w, inner, &format!("{k}."), raw);
        } else {
            let names = sweepable_keys();
            let mut msg = format!("unknown scenario key `{full}`");
            let hinted = msg.len();
            let hint = did_you_mean(&full, names.iter().copied());
            if !hint.is_empty() {
                msg.push_str(&hint);
            } else if let Some(p) = registry()
                .iter()
                .find(|p| p.key.rsplit('.').next() == Some(k))
            {
                msg.push_str(&format!("; did you mean `{}`?", p.key));
            }
            if msg.len() == hinted {
                msg.push('.');
            }
            msg.push_str(" A parameter is a dotted scenario key such as `economy.capital_threshold`; `berdaya explain` lists them.");
            w.issue(key.span(), &path, msg);
        }
    }
}

fn read_parameter(
    w: &mut Walker<'_>,
    info: &'static ParamInfo,
    value: &Spanned<DeValue<'_>>,
    path: &str,
) -> Option<RawParam> {
    if let Some((_, why)) = NOT_SWEPT.iter().find(|(k, _)| *k == info.key) {
        w.issue(
            value.span(),
            path,
            format!("`{}` cannot be swept: {why}", info.key),
        );
        return None;
    }
    let Some(kind) = ValueKind::of(&info.kind) else {
        w.issue(
            value.span(),
            path,
            format!(
                "`{}` ({}) cannot be swept: a sweep varies numbers, true/false and single choices; compare lists such as program.components with the arms of an experiment",
                info.key,
                info.kind.expected()
            ),
        );
        return None;
    };
    let origin = w.origin(value.span());
    let mut p = RawParam {
        info,
        arms: Vec::new(),
        kind,
        path: path.to_string(),
        origin,
        span: value.span(),
        values: None,
        range: None,
    };
    match value.get_ref() {
        DeValue::Array(items) => {
            p.values = Some(read_values(w, info, items, value.span(), path)?);
        }
        DeValue::Table(t) => {
            if !kind.is_numeric() {
                w.issue(
                    value.span(),
                    path,
                    format!(
                        "a range needs a numeric key, and `{}` takes {}; list its values instead (method = \"grid\")",
                        info.key,
                        info.kind.expected()
                    ),
                );
                return None;
            }
            p.range = read_range(w, info, t, value.span(), path);
            p.range?;
        }
        other => {
            w.issue(
                value.span(),
                path,
                format!(
                    "expected a list of values (`[a, b, c]`, for a grid) or a range (`{{ min = …, max = … }}`, optionally `log = true`), found {}",
                    article(other.type_str())
                ),
            );
            return None;
        }
    }
    Some(p)
}

fn read_range(
    w: &mut Walker<'_>,
    info: &'static ParamInfo,
    t: &DeTable<'_>,
    span: Span<usize>,
    path: &str,
) -> Option<Range> {
    let RangeKeys { min, max, log } = read_range_keys(w, info, t, path)?;
    let (has_min, has_max) = (min.is_some(), max.is_some());
    let (Some((lo, lo_span)), Some((hi, _))) = (min, max) else {
        let which = match (has_min, has_max) {
            (false, false) => "`min` and `max`",
            (false, true) => "`min`",
            _ => "`max`",
        };
        let plausible = info
            .spec
            .plausible
            .map(|(a, b)| {
                format!(
                    " (the plausible range of `{}` is {{ min = {}, max = {} }})",
                    info.key,
                    show_num(a),
                    show_num(b)
                )
            })
            .unwrap_or_default();
        w.issue(span, path, format!("the range needs {which}{plausible}"));
        return None;
    };
    if lo >= hi {
        w.issue(
            lo_span,
            path,
            format!(
                "`min` ({}) must be less than `max` ({})",
                show_num(lo),
                show_num(hi)
            ),
        );
        return None;
    }
    if log && lo <= 0.0 {
        w.issue(
            lo_span,
            &format!("{path}.min"),
            format!(
                "a log range needs min > 0 (it is sampled uniformly in log(value)), found {}",
                show_num(lo)
            ),
        );
        return None;
    }
    Some(if log {
        Range::log(lo, hi)
    } else {
        Range::linear(lo, hi)
    })
}

/// Reads the sweep file's bytes as UTF-8 text.
fn read(path: &Path) -> Result<(String, Vec<u8>)> {
    if path.is_dir() {
        return Err(Error::Input(vec![Issue {
            origin: Origin::flag(&path.display().to_string()),
            key: String::new(),
            message: "cannot read the sweep file: it is a folder, not a file".into(),
        }]));
    }
    let src = builtin::read_file(path, "sweep file", "a sweep file")?;
    let bytes = src.text.clone().into_bytes();
    Ok((src.text, bytes))
}

/// The base: a file relative to the sweep file, else a built-in name.
fn read_base(
    sweep_path: &Path,
    base: &str,
    origin: Origin,
) -> std::result::Result<(String, String), Issue> {
    let dir = sweep_path.parent().unwrap_or(Path::new(""));
    let candidate: PathBuf = dir.join(base);
    if candidate.is_file() {
        // the one source reader; its problem is reported at the `base` key
        return builtin::read_file(&candidate, "base file", "a scenario")
            .map(|src| (src.label, src.text))
            .map_err(|e| {
                let why = match e {
                    Error::Input(issues) => issues
                        .into_iter()
                        .map(|i| i.message)
                        .collect::<Vec<_>>()
                        .join("; "),
                    other => other.to_string(),
                };
                Issue {
                    origin,
                    key: "base".into(),
                    message: format!("{}: {why}", candidate.display()),
                }
            });
    }
    if let Some(text) = builtin::get(base) {
        return Ok((format!("builtin:{base}"), text.to_string()));
    }
    let hint = suggest(base, builtin::names())
        .map(|n| format!(" Did you mean the built-in \"{n}\"?"))
        .unwrap_or_default();
    Err(Issue {
        origin,
        key: "base".into(),
        message: format!(
            "there is no file {} (a path is relative to the sweep file) and no built-in named \"{base}\".{hint} Built-ins: {}.",
            candidate.display(),
            builtin::names().join(", ")
        ),
    })
}

/// Places in the sweep file: file:line:col of a span, and issues there.
struct Locator<'a> {
    label: &'a str,
    index: LineIndex<'a>,
}

impl Locator<'_> {
    fn at(&self, span: &Span<usize>) -> Origin {
        let (line, column) = self.index.position(span.start);
        Origin {
            file: self.label.to_string(),
            line: Some(line),
            column: Some(column),
        }
    }
    fn issue(&self, span: &Span<usize>, key: &str, message: String) -> Issue {
        Issue {
            origin: self.at(span),
            key: key.to_string(),
            message,
        }
    }
}

/// The base of a sweep, resolved with the sweep's months and replications.
struct Base {
    label: String,
    text: String,
    doc: RawDoc,
    exp: Experiment,
}

/// Reads, checks and resolves a sweep file: every problem at once, as
/// [`Error::Input`].
pub fn load(path: &Path) -> Result<Sweep> {
    let label = path.display().to_string();
    let (text, bytes) = read(path)?;
    let (raw, mut issues) = parse(&label, &text);
    let loc = Locator {
        label: &label,
        index: LineIndex::new(&text),
    };
    issues.extend(check_required(&raw, &loc, &issues));
    issues.extend(check_method(&raw, &loc));
    if !issues.is_empty() {
        issues.sort_by_key(|i| (i.origin.line, i.origin.column));
        return Err(Error::Input(issues));
    }
    let base = resolve_base(path, &raw, &loc)?;
    let (chart_arm, issues) = check_against_base(&raw, &base, &loc);
    if !issues.is_empty() {
        return Err(Error::Input(issues));
    }
    let mut plan = make_plan(path, &raw, &bytes, &base, chart_arm);
    let sweep_span = raw.sweep_span.clone().unwrap_or(0..0);
    let whole = |m: String| Error::Input(vec![loc.issue(&sweep_span, "sweep", m)]);
    if let Some(why) = crate::scenario::limits::safe_name(&plan.name) {
        // only a name taken from the file name gets here
        return Err(Error::Input(vec![Issue {
            origin: Origin::flag(&label),
            key: "name".into(),
            message: format!(
                "{}; the sweep is named after its file, so add `name = \"...\"` to it",
                crate::scenario::limits::name_message(&plan.name, &why)
            ),
        }]));
    }
    plan.points = plan.count_points().map_err(|e| whole(e.0))?;
    if plan.points > MAX_POINTS {
        return Err(whole(format!(
            "the sweep has {} points, more than the {MAX_POINTS} berdaya accepts; use fewer values or samples",
            plan.points
        )));
    }
    let points = plan.make_points().map_err(|e| whole(e.0))?;
    let sweep = Sweep {
        plan,
        base_doc: base.doc,
        base_label: base.label,
        base: base.exp,
        points,
        origins: raw.parameters.iter().map(|p| p.origin.clone()).collect(),
    };
    check_points(&sweep)?;
    Ok(sweep)
}

/// The required keys of `[sweep]`; `found` are the problems so far.
fn check_required(raw: &Raw, loc: &Locator<'_>, found: &[Issue]) -> Vec<Issue> {
    let mut issues = Vec::new();
    let issue = |span: &Span<usize>, key: &str, message: String| loc.issue(span, key, message);
    let sweep_span = raw.sweep_span.clone().unwrap_or(0..0);
    if raw.sweep_span.is_some() {
        if raw.method_span.is_none() {
            issues.push(issue(&sweep_span, "sweep", "missing `method = \"...\"`: one of \"grid\" (every combination of listed values), \"lhs\" (Latin hypercube), \"morris\" (elementary-effects screening), \"sobol\" (variance-based indices)".into()));
        }
        if raw.metrics.is_none() {
            issues.push(issue(&sweep_span, "sweep", "missing `metrics = [...]`: the metric columns to record, e.g. [\"poverty_rate\", \"mean_consumption_pc\", \"empowerment_index\"]".into()));
        }
        if raw.at_months.is_none() {
            issues.push(issue(&sweep_span, "sweep", "missing `at_months = [...]`: the months to record, e.g. [36, 120] for the program's end and the horizon".into()));
        }
        if raw.parameters_span.is_none() {
            issues.push(issue(&sweep_span, "sweep", "missing the [sweep.parameters] table: the scenario keys to vary, each a list of values (grid) or a range { min = …, max = … }".into()));
        } else if raw.parameters.is_empty()
            && !found
                .iter()
                .chain(&issues)
                .any(|i| i.key.starts_with("sweep.parameters"))
        {
            let span = raw.parameters_span.clone().unwrap_or(0..0);
            issues.push(issue(
                &span,
                "sweep.parameters",
                "no parameters: list at least one scenario key to vary".into(),
            ));
        }
    }
    issues
}

/// What the method needs: lists or ranges, `samples`, few enough
/// parameters for Sobol.
fn check_method(raw: &Raw, loc: &Locator<'_>) -> Vec<Issue> {
    let mut issues = Vec::new();
    let issue = |span: &Span<usize>, key: &str, message: String| loc.issue(span, key, message);
    if let Some(method) = raw.method {
        let mspan = raw.method_span.clone().unwrap_or(0..0);
        for p in &raw.parameters {
            if method.takes_ranges() && p.values.is_some() {
                issues.push(issue(&p.span, &p.path, format!(
                    "method = \"{}\" samples each parameter from a range; write {{ min = …, max = … }} instead of a list (lists are for method = \"grid\")",
                    method.as_str()
                )));
            } else if !method.takes_ranges() && p.range.is_some() {
                issues.push(issue(&p.span, &p.path, "method = \"grid\" runs every combination of listed values; write a list such as [8, 12, 16] instead of a range (ranges are for lhs, morris and sobol)".into()));
            }
        }
        if method.takes_ranges() && raw.samples.is_none() {
            let what = match method {
                Method::Lhs => "the number of Latin hypercube points",
                Method::Morris => {
                    "the number of Morris trajectories (10 to 20 is usual; each has one point per parameter plus one)"
                }
                _ => {
                    "the Sobol base sample size N (a power of two such as 64 or 256; the sweep runs N × (parameters + 2) points)"
                }
            };
            issues.push(issue(
                &mspan,
                "sweep.samples",
                format!("method = \"{}\" needs `samples`: {what}", method.as_str()),
            ));
        }
        if let (Method::Morris, Some((s, span))) = (method, &raw.samples)
            && *s < 2
        {
            issues.push(issue(span, "sweep.samples", "a Morris screening needs at least 2 trajectories (σ is the spread of the elementary effects over trajectories)".into()));
        }
        // the design's size from its numbers alone, before it is built
        if let Some((n, span)) = &raw.samples {
            let points =
                crate::scenario::limits::design_points(method.as_str(), *n, raw.parameters.len());
            if points.is_none_or(|p| p > MAX_POINTS) {
                issues.push(issue(
                    span,
                    "sweep.samples",
                    format!(
                        "{n} samples of {} parameter{} make {} points with method = \"{}\"; a sweep has at most {MAX_POINTS} points (all are checked before any runs). Use fewer samples",
                        raw.parameters.len(),
                        super::plural(raw.parameters.len()),
                        points.map_or("too many".to_string(), |p| p.to_string()),
                        method.as_str()
                    ),
                ));
            }
        }
        if method == Method::Sobol && raw.parameters.len() > SOBOL_MAX_DIMS / 2 {
            let span = raw.parameters_span.clone().unwrap_or(0..0);
            issues.push(issue(
                &span,
                "sweep.parameters",
                format!(
                    "method = \"sobol\" takes at most {} parameters, found {}; screen them with method = \"morris\" first",
                    SOBOL_MAX_DIMS / 2,
                    raw.parameters.len()
                ),
            ));
        }
    }
    issues
}

/// Reads and resolves the base with the sweep's months and replications.
fn resolve_base(path: &Path, raw: &Raw, loc: &Locator<'_>) -> Result<Base> {
    let (base_ref, base_span) = raw.base.clone().unwrap_or_default();
    let (label, text) =
        read_base(path, &base_ref, loc.at(&base_span)).map_err(|i| Error::Input(vec![i]))?;
    let (doc, base_issues) = load::parse_document(&label, &text);
    if !base_issues.is_empty() {
        return Err(Error::Input(base_issues));
    }
    let ov = Overrides {
        months: raw.months,
        replications: raw.replications,
        ..Default::default()
    };
    let exp = experiment::resolve(&doc, &label, &ov).map_err(Error::Input)?;
    Ok(Base {
        label,
        text,
        doc,
        exp,
    })
}

/// What can only be checked against the base: recorded months within the
/// run, the chart arm among the arms, no swept key set by an arm. Returns
/// the chart arm and the problems.
fn check_against_base(raw: &Raw, base: &Base, loc: &Locator<'_>) -> (String, Vec<Issue>) {
    let mut issues = Vec::new();
    let issue = |span: &Span<usize>, key: &str, message: String| loc.issue(span, key, message);
    let (at_months, at_spans) = raw.at_months.clone().unwrap_or_default();
    for (m, span) in at_months.iter().zip(&at_spans) {
        if *m > base.exp.months() {
            issues.push(issue(
                span,
                "sweep.at_months",
                format!(
                    "month {m} is after the end of the run (months = {}{}); record months from 1 to {}",
                    base.exp.months(),
                    if raw.months.is_some() {
                        ", set in [sweep]"
                    } else {
                        " in the base"
                    },
                    base.exp.months()
                ),
            ));
        }
    }
    let arms: Vec<String> = base.exp.arms.iter().map(|a| a.name.clone()).collect();
    let chart_arm = match &raw.chart_arm {
        Some((name, span)) => {
            if !arms.contains(name) {
                let hint = did_you_mean_value(name, arms.iter().map(String::as_str));
                issues.push(issue(
                    span,
                    "sweep.chart_arm",
                    format!(
                        "the base has no arm \"{name}\"{hint} Arms: {}.",
                        arms.join(", ")
                    ),
                ));
            }
            name.clone()
        }
        None => arms.last().cloned().unwrap_or_default(),
    };
    let names: Vec<&str> = arms.iter().map(String::as_str).collect();
    for p in &raw.parameters {
        for a in &p.arms {
            if !names.contains(&a.as_str()) {
                let message = if names.len() <= 1 && base.doc.arms.is_empty() {
                    format!(
                        "the base has no [[arm]] tables, so there is no arm \"{a}\"; write the key without an arm: `{}`",
                        p.info.key
                    )
                } else {
                    format!(
                        "the base has no arm \"{a}\"{} Arms: {}.",
                        did_you_mean_value(a, names.iter().copied()),
                        names.join(", ")
                    )
                };
                issues.push(issue(&p.span, &p.path, message));
            }
        }
        if p.arms.is_empty()
            && let Some(message) = base_key_owned(p, base, &names)
        {
            issues.push(issue(&p.span, &p.path, message));
        }
    }
    (chart_arm, issues)
}

/// The message for a base parameter that an arm of the base sets itself
/// (or states the same thing, such as a budget another way), if any.
fn base_key_owned(p: &RawParam, base: &Base, names: &[&str]) -> Option<String> {
    let idea = experiment::same_idea(p.info.key);
    let owners: Vec<(&str, &str, &load::Setting)> = base
        .doc
        .arms
        .iter()
        .filter_map(|arm| {
            idea.iter()
                .find_map(|g| arm.settings.get(g).map(|s| (arm.name.as_str(), *g, s)))
        })
        .collect();
    if owners.is_empty() {
        return None;
    }
    let others: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| !owners.iter().any(|(o, _, _)| o == n))
        .collect();
    let own: Vec<String> = owners
        .iter()
        .map(|(arm, key, s)| {
            format!(
                "arm \"{arm}\" of the base sets `{key}` = {} itself ({})",
                crate::scenario::value_text(&s.value),
                s.origin
            )
        })
        .collect();
    let mut message = format!(
        "{}; a value of `{}` for the base would override it without a word, and the arms would no longer differ as the experiment intends.",
        own.join(" and "),
        p.info.key
    );
    if !others.is_empty() {
        message.push_str(&format!(
            " To vary it under the arms that inherit it (the others keep their own value), write the parameter as \"{}:{}\".",
            others.join(","),
            p.info.key
        ));
    }
    Some(message)
}

/// The plan of a checked sweep (its number of points still to count).
fn make_plan(path: &Path, raw: &Raw, bytes: &[u8], base: &Base, chart_arm: String) -> Plan {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let method = raw.method.unwrap_or(Method::Grid);
    let (at_months, _) = raw.at_months.clone().unwrap_or_default();
    let exp = &base.exp;
    Plan {
        name: raw.name.clone().unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "sweep".into())
        }),
        description: raw.description.clone(),
        sweep_file: file_name,
        sweep_file_fnv1a: hex(fnv1a(bytes)),
        base: raw.base.clone().unwrap_or_default().0,
        base_fnv1a: hex(fnv1a(base.text.as_bytes())),
        method,
        samples: method
            .takes_ranges()
            .then(|| raw.samples.as_ref().map(|s| s.0))
            .flatten(),
        levels: (method == Method::Morris).then(|| {
            raw.levels
                .as_ref()
                .map_or(crate::sensitivity::morris::DEFAULT_LEVELS, |l| l.0)
        }),
        seed: raw.seed.unwrap_or(1),
        model_seed: exp.seed(),
        replications: exp.replications(),
        months: exp.months(),
        metrics: raw.metrics.clone().unwrap_or_default(),
        at_months,
        arms: exp.arms.iter().map(|a| a.name.clone()).collect(),
        control: exp.control().map(|c| exp.arms[c].name.clone()),
        chart_arm,
        parameters: raw
            .parameters
            .iter()
            .map(|p| ParamPlan {
                key: if p.arms.is_empty() {
                    p.info.key.to_string()
                } else {
                    // `+`, not the file's `,`: the key is a column name of
                    // points.csv and results.csv
                    format!("{}:{}", p.arms.join("+"), p.info.key)
                },
                kind: p.kind,
                values: p.values.clone(),
                range: p.range,
            })
            .collect(),
        points: 0,
    }
}

/// Resolves every point (in parallel) and reports the first few that break a
/// cross-field rule of the model, naming the point and its values.
fn check_points(sweep: &Sweep) -> Result<()> {
    const SHOW: usize = 3;
    let bad: Vec<(usize, Vec<Issue>)> = (0..sweep.points.len())
        .into_par_iter()
        .filter_map(|i| sweep.experiment(i).err().map(|e| (i, e)))
        .collect();
    if bad.is_empty() {
        return Ok(());
    }
    let mut issues = Vec::new();
    for (i, list) in bad.iter().take(SHOW) {
        let values = sweep.points.get(*i);
        let desc: Vec<String> = sweep
            .plan
            .parameters
            .iter()
            .zip(&values)
            .map(|(p, v)| format!("{} = {}", p.key, v.show()))
            .collect();
        for mut is in list.clone() {
            // The values apply to every arm alike: one message, not one per arm.
            if let Some(at) = is.key.find(" (arm \"") {
                is.key.truncate(at);
            }
            is.message = format!("at point {} ({}): {}", i + 1, desc.join(", "), is.message);
            if !issues.contains(&is) {
                issues.push(is);
            }
        }
    }
    if bad.len() > SHOW {
        issues.push(Issue {
            origin: Origin::flag(&sweep.plan.sweep_file),
            key: String::new(),
            message: format!(
                "{} of {} points break a rule of the model; narrow the ranges or lists",
                bad.len(),
                sweep.points.len()
            ),
        });
    }
    Err(Error::Input(issues))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issues(text: &str) -> Vec<Issue> {
        parse("s.toml", text).1
    }

    #[test]
    fn a_good_file_parses() {
        let (raw, is) = parse(
            "s.toml",
            r#"
base = "strategies"
[sweep]
method = "morris"
samples = 4
metrics = ["poverty_rate"]
at_months = [120, 36]
[sweep.parameters]
economy.capital_threshold = { min = 6e6, max = 2e7 }
"facilitation.caseload_groups" = { min = 8, max = 20, log = true }
"#,
        );
        assert!(is.is_empty(), "{is:?}");
        assert_eq!(raw.parameters.len(), 2);
        assert_eq!(raw.parameters[0].info.key, "economy.capital_threshold");
        assert_eq!(raw.parameters[1].range, Some(Range::log(8.0, 20.0)));
        assert_eq!(raw.at_months.unwrap().0, vec![36, 120]);
    }

    #[test]
    fn unknown_parameter_gets_position_and_suggestion() {
        let is = issues(
            "base = \"baseline\"\n[sweep]\nmethod = \"grid\"\n[sweep.parameters]\n\"economy.capital_treshold\" = [1e6, 2e6]\n",
        );
        assert_eq!(is.len(), 1, "{is:?}");
        assert_eq!(is[0].key, "sweep.parameters.economy.capital_treshold");
        assert_eq!((is[0].origin.line, is[0].origin.column), (Some(5), Some(1)));
        assert!(
            is[0].message.contains("economy.capital_threshold"),
            "{}",
            is[0].message
        );
    }

    #[test]
    fn values_are_checked_by_the_registry() {
        let is = issues(
            "base = \"b\"\n[sweep]\nmethod = \"morriss\"\nmetrics = [\"poverty_rat\"]\n[sweep.parameters]\neconomy.saving_rate = { min = 0.1, max = 1.5 }\ngroups.size_min = [10, 10.5]\nname = [1]\nprogram.components = [[\"capital\"]]\n",
        );
        let keys: Vec<&str> = is.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "sweep.method",
                "sweep.metrics[0]",
                "sweep.parameters.economy.saving_rate.max",
                "sweep.parameters.groups.size_min[1]",
                "sweep.parameters.name",
                "sweep.parameters.program.components"
            ]
        );
        assert!(is[0].message.contains("did you mean \"morris\""));
        assert!(is[1].message.contains("did you mean \"poverty_rate\""));
        assert!(is[2].message.contains("from 0 to 1"), "{}", is[2].message);
        assert!(is[3].message.contains("whole number"));
    }

    #[test]
    fn ranges_need_min_below_max_and_positive_logs() {
        let is = issues(
            "base = \"b\"\n[sweep]\n[sweep.parameters]\na.b = 1\neconomy.saving_rate = { min = 0.3, max = 0.2 }\neconomy.depreciation = { min = 0.0, max = 0.1, log = true }\neconomy.return_low = { min = 0.01 }\neconomy.return_high = { min = 0.01, max = 0.02, lg = true }\n",
        );
        let msgs: Vec<&str> = is.iter().map(|i| i.message.as_str()).collect();
        assert!(msgs[0].contains("unknown scenario key `a.b`."), "{msgs:?}");
        assert!(msgs[1].contains("must be less than"));
        assert!(msgs[2].contains("log range needs min > 0"));
        assert!(msgs[3].contains("needs `max`") && msgs[3].contains("plausible"));
        assert!(msgs[4].contains("did you mean `log`"));
    }
}
