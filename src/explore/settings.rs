//! The page's settings ⇄ a scenario file.
//!
//! The page holds a flat map of registry keys to JSON values (plus one
//! explorer key, [`BUDGET_PVY`], the budget per village per year). The server
//! writes that map as a scenario file — an experiment with a `control` arm and
//! a `program` arm (and, on request, the four arms of `scenarios/strategies.toml`)
//! — and the file goes through exactly the parsing and validation of
//! `berdaya run FILE`. So the page's messages are the command line's, and the
//! exported file is the text that was run.

use super::engine;
use crate::scenario::experiment::Experiment;
use crate::scenario::load::Issue;
use crate::scenario::{Kind, format_float, param, registry, sections};
use serde::Serialize;
use serde_json::{Map, Value};

/// Explorer key: program budget per village per year (Rp). The scenario's
/// `program.budget` is the whole program's: total = this × villages ×
/// duration / 12, rounded to a whole rupiah.
pub const BUDGET_PVY: &str = "budget_per_village_year";

/// Name of the arm the page's levers describe, unless a file named it: an
/// arm's name keys its own random streams, so a file's arm keeps its name.
pub const PROGRAM_ARM: &str = "program";

/// The program arm's name as the page sends it: a file's arm name, or
/// [`PROGRAM_ARM`] for anything that is not a plain name.
pub fn arm_name(requested: Option<&str>) -> String {
    match requested {
        Some(a)
            if !a.is_empty()
                && a.len() <= 60
                && a != "control"
                && a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') =>
        {
            a.to_string()
        }
        _ => PROGRAM_ARM.to_string(),
    }
}

/// The explorer's classroom world and its default program.
pub fn defaults() -> Map<String, Value> {
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| {
        m.insert(k.to_string(), v);
    };
    put("seed", 1.into());
    put("months", 120.into());
    put("replications", 5.into());
    put("population.villages", 4.into());
    put("population.households_per_village", 150.into());
    put("program.approach", "group".into());
    put(
        "program.components",
        Value::Array(
            [
                "capital",
                "infrastructure",
                "institutions",
                "partnership",
                "facilitation",
            ]
            .iter()
            .map(|s| Value::from(*s))
            .collect(),
        ),
    );
    put("program.mode", "enabler".into());
    put("program.allocation", "uniform".into());
    put("program.duration_months", 36.into());
    // the strategies experiment's scale: Rp 12 billion for 20 villages over 3 years
    put(BUDGET_PVY, 200_000_000.0.into());
    m
}

/// How many arms to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compare {
    /// The program against control.
    Control,
    /// Also the four strategies of `scenarios/strategies.toml`.
    Strategies,
}

/// A problem to show on the page: the lever's key (or empty), the message
/// as the command line gives it, and the whole command-line line.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PageIssue {
    pub key: String,
    pub message: String,
    pub text: String,
}

impl PageIssue {
    fn own(key: &str, message: String) -> Self {
        PageIssue {
            key: key.to_string(),
            text: format!("explore: key `{key}`: {message}"),
            message,
        }
    }
    /// From a scenario issue: the lever is the registry key the path names.
    pub fn from_issue(i: &Issue) -> Self {
        let path = i.key.split(" (").next().unwrap_or("");
        let path = path.rsplit("].").next().unwrap_or(path);
        let key = if path == "program.budget" {
            BUDGET_PVY.to_string()
        } else {
            path.to_string()
        };
        PageIssue {
            key,
            message: i.message.clone(),
            text: i.to_string(),
        }
    }
}

fn valid_key_syntax(k: &str) -> bool {
    let part = |p: &str| {
        !p.is_empty()
            && p.chars()
                .next()
                .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
            && p.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    let parts: Vec<&str> = k.split('.').collect();
    k.len() <= 64 && parts.len() <= 2 && parts.iter().all(|p| part(p))
}

/// A JSON value written as a TOML value, or what is wrong with it.
fn toml_text(key: &str, v: &Value) -> Result<String, String> {
    let expected = param(key)
        .map(|p| p.kind.expected())
        .unwrap_or_else(|| "a value".into());
    match v {
        Value::Bool(b) => Ok(b.to_string()),
        Value::String(s) => Ok(toml::Value::String(s.clone()).to_string()),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Ok(i.to_string())
            } else if let Some(u) = n.as_u64() {
                Ok(u.to_string())
            } else {
                match n.as_f64() {
                    Some(f) if f.is_finite() => Ok(format_float(f)),
                    _ => Err(format!("expected {expected}, found {n}")),
                }
            }
        }
        Value::Array(items) => {
            let mut out = Vec::new();
            for it in items {
                match it {
                    Value::String(s) => out.push(toml::Value::String(s.clone()).to_string()),
                    _ => return Err(format!("expected {expected}, found a list holding {it}")),
                }
            }
            Ok(format!("[{}]", out.join(", ")))
        }
        Value::Null => Err(format!(
            "expected {expected}, found nothing (an empty field)"
        )),
        Value::Object(_) => Err(format!("expected {expected}, found a table")),
    }
}

fn int_of(m: &Map<String, Value>, key: &str) -> Option<f64> {
    match m.get(key) {
        Some(v) => v.as_f64(),
        None => param(key)
            .and_then(|p| p.default.as_integer())
            .map(|i| i as f64),
    }
}

/// The whole-program budget for a budget per village per year, or the problem.
pub fn total_budget(m: &Map<String, Value>) -> Result<Option<f64>, PageIssue> {
    let Some(v) = m.get(BUDGET_PVY) else {
        return Ok(None);
    };
    let pvy = match v.as_f64() {
        Some(x) if x.is_finite() && x >= 0.0 => x,
        _ => {
            return Err(PageIssue::own(
                BUDGET_PVY,
                format!("expected a number of rupiah per village per year, 0 or more, found {v}"),
            ));
        }
    };
    let villages = int_of(m, "population.villages").unwrap_or(0.0);
    let duration = int_of(m, "program.duration_months").unwrap_or(0.0);
    Ok(Some((pvy * villages * duration / 12.0).round()))
}

/// One setting of the exported file: (section, key in that section, value as
/// TOML text); the section is empty for top-level keys.
type Line = (String, String, String);

/// The settings written as a scenario file (an experiment), and the name of
/// the arm the page watches; or every problem found before validation.
pub fn to_toml(
    m: &Map<String, Value>,
    compare: Compare,
    arm: &str,
) -> Result<String, Vec<PageIssue>> {
    let mut issues = Vec::new();
    let total = match total_budget(m) {
        Ok(t) => t,
        Err(i) => {
            issues.push(i);
            None
        }
    };
    let mut lines = setting_lines(m, total, &mut issues);
    if !issues.is_empty() {
        return Err(issues);
    }
    lines.sort_by_key(|(s, k, _)| registry_order(s, k));
    let mut out = file_header(m, total);
    push_settings(&mut out, &lines);
    push_arms(&mut out, m, compare, arm);
    Ok(out)
}

/// Turns every page setting into a line of the file, adding a problem to
/// `issues` for each key or value that cannot be written. The budget per
/// village per year is replaced by the whole-program `program.budget` it
/// gives (`total`), which then wins over a `program.budget` set directly.
fn setting_lines(
    m: &Map<String, Value>,
    total: Option<f64>,
    issues: &mut Vec<PageIssue>,
) -> Vec<Line> {
    let mut lines = Vec::new();
    for (k, v) in m {
        if k == BUDGET_PVY || (k == "program.budget" && total.is_some()) {
            continue;
        }
        if !valid_key_syntax(k) {
            let shown: String = k.chars().take(64).collect();
            issues.push(PageIssue::own(
                &shown,
                "not a scenario key (keys are `name` or `section.name`, lower case)".into(),
            ));
            continue;
        }
        match toml_text(k, v) {
            Ok(t) => {
                let (sec, rest) = match k.split_once('.') {
                    Some((s, r)) if sections().iter().any(|x| x.name == s) => (s, r),
                    _ => ("", k.as_str()),
                };
                lines.push((sec.to_string(), rest.to_string(), t));
            }
            Err(msg) => issues.push(PageIssue::own(k, msg)),
        }
    }
    if let Some(t) = total {
        lines.push(("program".into(), "budget".into(), format_float(t)));
    }
    lines
}

/// Where a setting comes in the parameter registry, so the file lists keys
/// in the documented order; unknown keys go last.
fn registry_order(sec: &str, k: &str) -> usize {
    let full = if sec.is_empty() {
        k.to_string()
    } else {
        format!("{sec}.{k}")
    };
    registry()
        .iter()
        .position(|p| p.key == full)
        .unwrap_or(usize::MAX)
}

/// The file's opening comments (how to run it, and how `program.budget` was
/// worked out from the budget per village per year) and, when the page set
/// none, a `name`.
fn file_header(m: &Map<String, Value>, total: Option<f64>) -> String {
    let mut out = String::from(
        "# Exported by `berdaya explore`: the settings of the page as a scenario file.\n# Run it: berdaya run THIS_FILE (same seed, same numbers as the page).\n",
    );
    if let (Some(v), Some(t)) = (m.get(BUDGET_PVY), total) {
        out.push_str(&format!(
            "# program.budget = Rp {} per village per year x {} villages x {} months / 12 = Rp {}\n",
            v,
            int_of(m, "population.villages").unwrap_or(0.0),
            int_of(m, "program.duration_months").unwrap_or(0.0),
            crate::scenario::show_num(t)
        ));
    }
    if !m.contains_key("name") {
        out.push_str("name = \"explore\"\n");
    }
    out
}

/// Writes the settings: top-level keys first, then one `[section]` table per
/// section that has any, in the registry's section order.
fn push_settings(out: &mut String, lines: &[Line]) {
    for (_, k, v) in lines.iter().filter(|(s, _, _)| s.is_empty()) {
        out.push_str(&format!("{k} = {v}\n"));
    }
    for sec in sections() {
        let here: Vec<_> = lines.iter().filter(|(s, _, _)| s == sec.name).collect();
        if here.is_empty() {
            continue;
        }
        out.push_str(&format!("\n[{}]\n", sec.name));
        for (_, k, v) in here {
            out.push_str(&format!("{k} = {v}\n"));
        }
    }
}

/// Writes the arms: control (no program), the page's program named `arm`,
/// and, when comparing strategies, each built-in strategy other than the
/// page's own (same approach and components) or one named `arm`.
fn push_arms(out: &mut String, m: &Map<String, Value>, compare: Compare, arm: &str) {
    out.push_str(
        "\n# No program: the counterfactual.\n[[arm]]\nname = \"control\"\nprogram.components = []\nprogram.budget = 0.0\n",
    );
    out.push_str(&format!(
        "\n# The program as set on the page.\n[[arm]]\nname = {}\n",
        toml::Value::String(arm.to_string())
    ));
    if compare != Compare::Strategies {
        return;
    }
    let mine = (
        m.get("program.approach").cloned(),
        m.get("program.components").cloned(),
    );
    for (name, approach, components) in strategies() {
        let theirs = (
            Some(Value::from(approach.clone())),
            Some(Value::Array(
                components.iter().map(|c| Value::from(c.clone())).collect(),
            )),
        );
        if theirs == mine || name == arm {
            continue;
        }
        out.push_str(&format!(
            "\n# From scenarios/strategies.toml.\n[[arm]]\nname = {}\nprogram.approach = {}\nprogram.components = [{}]\n",
            toml::Value::String(name.clone()),
            toml::Value::String(approach.clone()),
            components
                .iter()
                .map(|c| toml::Value::String(c.clone()).to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
}

/// The four program arms of the built-in strategies experiment: (name,
/// approach, components).
pub fn strategies() -> Vec<(String, String, Vec<String>)> {
    let Some(text) = engine::builtin("strategies") else {
        return Vec::new();
    };
    let (doc, _) = crate::scenario::load::parse_document("builtin:strategies", text);
    doc.arms
        .iter()
        .filter(|a| a.name != "control")
        .map(|a| {
            let get = |k: &str| a.settings.get(k).map(|s| s.value.clone());
            let approach = get("program.approach")
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_else(|| "individual".into());
            let components = get("program.components")
                .and_then(|v| {
                    v.as_array().map(|a| {
                        a.iter()
                            .filter_map(|x| x.as_str().map(str::to_string))
                            .collect()
                    })
                })
                .unwrap_or_default();
            (a.name.clone(), approach, components)
        })
        .collect()
}

/// Resolves the settings as `berdaya run` would resolve the exported file.
pub fn resolve(
    m: &Map<String, Value>,
    compare: Compare,
    arm: &str,
) -> Result<(String, Experiment), Vec<PageIssue>> {
    let text = to_toml(m, compare, arm)?;
    match engine::resolve_text("explore.toml", &text) {
        Ok(exp) => Ok((text, exp)),
        Err(issues) => {
            let mut out: Vec<PageIssue> = Vec::new();
            for i in &issues {
                let p = PageIssue::from_issue(i);
                if !out.contains(&p) {
                    out.push(p);
                }
            }
            Err(out)
        }
    }
}

/// The page's settings for a resolved experiment: the explicit settings of
/// its first arm that is not `control` (or its only arm), the world's size as
/// resolved, and the budget per village per year.
pub fn from_experiment(exp: &Experiment) -> (Map<String, Value>, String) {
    let idx = exp
        .arms
        .iter()
        .position(|a| a.name != "control")
        .unwrap_or(0);
    let mut m = Map::new();
    for (k, v) in engine::arm_settings(exp, idx) {
        if let Ok(j) = serde_json::to_value(&v) {
            m.insert(k.to_string(), j);
        }
    }
    let s = &exp.arms[idx].scenario;
    for key in [
        "seed",
        "months",
        "replications",
        "population.villages",
        "population.households_per_village",
        "program.duration_months",
    ] {
        if let Some(v) = s.get_value(key).and_then(|v| serde_json::to_value(&v).ok()) {
            m.insert(key.to_string(), v);
        }
    }
    // the page states one budget, per village per year: whatever form the
    // file used becomes that
    for k in [
        "program.budget",
        "program.budget_per_village_year",
        "program.budget_per_household",
    ] {
        m.remove(k);
    }
    let years_villages = s.population.villages as f64 * s.program.duration_months as f64 / 12.0;
    let pvy = if years_villages > 0.0 {
        crate::scenario::derived::program_budget(s) / years_villages
    } else {
        0.0
    };
    m.insert(BUDGET_PVY.to_string(), pvy.into());
    (m, exp.arms[idx].name.clone())
}

/// The settings that `berdaya evidence` can take on the evidence experiment's
/// base: every setting except the world's size and the keys its arms set
/// (approach, components, capital form), with the budget per village per
/// year turned into the evidence world's total.
pub fn evidence_extra(
    m: &Map<String, Value>,
) -> Result<Vec<(&'static str, crate::scenario::load::Setting)>, Vec<PageIssue>> {
    use crate::scenario::load::{Origin, Setting};
    let skip = [
        "name",
        "description",
        "seed",
        "months",
        "replications",
        "population.villages",
        "population.households_per_village",
        "program.approach",
        "program.components",
        "program.capital_as",
        "program.budget",
        "program.budget_per_village_year",
        "program.budget_per_household",
    ];
    let mut out = Vec::new();
    let mut issues = Vec::new();
    for (k, v) in m {
        if skip.contains(&k.as_str()) || k == BUDGET_PVY {
            continue;
        }
        let Some(p) = param(k) else {
            issues.push(PageIssue::own(k, "unknown key".into()));
            continue;
        };
        let value = match (&p.kind, v) {
            (Kind::Float, Value::Number(n)) => n.as_f64().map(toml::Value::Float),
            (Kind::Integer, Value::Number(n)) => n.as_i64().map(toml::Value::Integer),
            (Kind::Bool, Value::Bool(b)) => Some(toml::Value::Boolean(*b)),
            (Kind::Text | Kind::Choice(_), Value::String(s)) => {
                Some(toml::Value::String(s.clone()))
            }
            _ => None,
        };
        match value {
            Some(value) => out.push((
                p.key,
                Setting {
                    value,
                    origin: Origin::flag("explore"),
                },
            )),
            None => issues.push(PageIssue::own(k, format!("expected {}", p.kind.expected()))),
        }
    }
    // the evidence experiment states its budget per village and year too:
    // the page's intensity carries over whatever the experiment's size (arms
    // with their own budget, such as control, keep theirs)
    if let (Some(pvy), Some(p)) = (
        m.get(BUDGET_PVY).and_then(Value::as_f64),
        param("program.budget_per_village_year"),
    ) {
        out.push((
            p.key,
            Setting {
                value: toml::Value::Float(pvy),
                origin: Origin::flag("explore"),
            },
        ));
    }
    if issues.is_empty() {
        Ok(out)
    } else {
        Err(issues)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_resolve_to_control_and_program() {
        let (text, exp) = resolve(&defaults(), Compare::Control, PROGRAM_ARM).unwrap();
        assert_eq!(exp.arms.len(), 2, "{text}");
        assert_eq!(exp.arms[0].name, "control");
        assert_eq!(exp.arms[1].name, PROGRAM_ARM);
        // 200 M per village per year x 4 villages x 3 years
        assert_eq!(exp.arms[1].scenario.program.budget, 2.4e9);
        assert_eq!(exp.arms[0].scenario.program.budget, 0.0);
        assert_eq!(exp.arms[1].scenario.population.households_per_village, 150);
    }

    #[test]
    fn strategies_add_the_arms_that_differ() {
        let (_, exp) = resolve(&defaults(), Compare::Strategies, PROGRAM_ARM).unwrap();
        let names: Vec<&str> = exp.arms.iter().map(|a| a.name.as_str()).collect();
        // the defaults are multi_group, which is the program arm itself
        assert_eq!(
            names,
            [
                "control",
                "program",
                "capital_individual",
                "capital_group",
                "multi_individual"
            ]
        );
    }

    #[test]
    fn bad_values_get_the_cli_message_on_their_lever() {
        let mut m = defaults();
        m.insert("governance.transparency".into(), 1.5.into());
        m.insert("population.villages".into(), 2.5.into());
        m.insert("program.aproach".into(), "group".into());
        let issues = resolve(&m, Compare::Control, PROGRAM_ARM).unwrap_err();
        let find = |k: &str| {
            issues
                .iter()
                .find(|i| i.key == k)
                .unwrap_or_else(|| panic!("{k}: {issues:?}"))
        };
        assert_eq!(
            find("governance.transparency").message,
            "expected a value from 0 to 1, found 1.5"
        );
        assert!(find("population.villages").message.contains("whole number"));
        assert!(
            find("program.aproach")
                .message
                .contains("did you mean `approach`")
        );
    }

    #[test]
    fn hostile_input_is_refused_not_written() {
        let mut m = defaults();
        m.insert("x = 1\n[evil]".into(), 1.into());
        m.insert("program.mode".into(), Value::Null);
        m.insert(BUDGET_PVY.into(), (-5.0).into());
        let issues = to_toml(&m, Compare::Control, PROGRAM_ARM).unwrap_err();
        assert_eq!(issues.len(), 3, "{issues:?}");
        let mut m = defaults();
        m.insert("program.mode".into(), "enabler\"\n[x]".into());
        let issues = resolve(&m, Compare::Control, PROGRAM_ARM).unwrap_err();
        assert_eq!(issues[0].key, "program.mode");
    }

    #[test]
    fn a_file_round_trips_through_the_page() {
        let (_, exp) = engine::open_target("strategies").unwrap();
        let (m, arm) = from_experiment(&exp);
        assert_eq!(arm, "capital_individual");
        let (_, exp2) = resolve(&m, Compare::Control, &arm).unwrap();
        assert_eq!(exp2.arms[1].name, "capital_individual");
        // the page states the budget per village per year, the file may state
        // it another way: the same program, the same total
        let same_form = |p: &crate::scenario::Scenario| {
            let mut q = p.program.clone();
            q.budget = crate::scenario::derived::program_budget(p);
            q.budget_per_village_year = 0.0;
            q.budget_per_household = 0.0;
            q
        };
        assert_eq!(
            same_form(&exp2.arms[1].scenario),
            same_form(&exp.arms[1].scenario)
        );
        assert_eq!(
            exp2.arms[1].scenario.population,
            exp.arms[1].scenario.population
        );
    }
}
