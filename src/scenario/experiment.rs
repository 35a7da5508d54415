//! Experiments: a base scenario plus `[[arm]]` overrides, then `--set` flags
//! and the command-line shortcuts (`--seed`, `--months`, `--replications`),
//! resolved into one typed [`Scenario`] per arm. A plain scenario is an
//! experiment of one arm.

use super::load::{Issue, Origin, RawDoc, Setting, Settings};
use super::{Scenario, registry, sections, validate};

/// One arm, fully resolved.
#[derive(Debug, Clone)]
pub struct Arm {
    pub name: String,
    pub scenario: Scenario,
    /// Every explicitly set value that applies to this arm (experiment, arm, flags).
    pub settings: Settings,
}

/// A resolved experiment.
#[derive(Debug, Clone)]
pub struct Experiment {
    pub name: String,
    /// The experiment-level scenario (before arm overrides).
    pub base: Scenario,
    pub arms: Vec<Arm>,
    /// True when the file had `[[arm]]` tables.
    pub has_arms: bool,
}

impl Experiment {
    pub fn seed(&self) -> u64 {
        self.base.seed
    }
    pub fn months(&self) -> u32 {
        self.base.months
    }
    pub fn replications(&self) -> u32 {
        self.base.replications
    }
    /// Index of the `control` arm, if there is one.
    pub fn control(&self) -> Option<usize> {
        self.arms.iter().position(|a| a.name == "control")
    }
}

/// A `--set ARM:KEY=VALUE` (or a sweep parameter written `"ARM:KEY"`):
/// one key for the arms named.
#[derive(Debug, Clone, PartialEq)]
pub struct ArmSet {
    pub arms: Vec<String>,
    pub key: &'static str,
    pub setting: Setting,
}

/// What the command line adds on top of the file.
///
/// The order of settings: the file's base, then each arm's own keys, then
/// `sets` (`--set KEY=VALUE`, the base every arm inherits), then `arm_sets`
/// (`--set ARM:KEY=VALUE`, one arm), then `--seed`, `--months`,
/// `--replications`. A base `--set` of a key that an arm sets itself is
/// refused ([`resolve`]): it would override the arm's own value without a
/// word.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub sets: Vec<(&'static str, Setting)>,
    pub arm_sets: Vec<ArmSet>,
    pub seed: Option<u64>,
    pub months: Option<u32>,
    pub replications: Option<u32>,
}

/// The three ways to state a program's budget: one idea, so setting one of
/// them in a layer (an arm, a flag) replaces the others of the layers below.
pub const BUDGET_KEYS: &[&str] = &[
    "program.budget",
    "program.budget_per_village_year",
    "program.budget_per_household",
];

/// The keys that state the same thing as `key` (itself included).
pub fn same_idea(key: &str) -> Vec<&'static str> {
    if BUDGET_KEYS.contains(&key) {
        BUDGET_KEYS.to_vec()
    } else {
        crate::scenario::param(key)
            .map(|p| vec![p.key])
            .unwrap_or_default()
    }
}

/// Applies one layer of settings (an arm's own keys, the `--set` flags) over
/// the ones below: a budget stated one way in this layer clears the budget
/// stated the other ways below it (two ways in the same layer are left for
/// the validator to refuse).
pub fn apply_layer<'a>(
    s: &mut Settings,
    layer: impl IntoIterator<Item = (&'static str, &'a Setting)>,
) {
    let layer: Vec<(&'static str, &Setting)> = layer.into_iter().collect();
    for (key, setting) in &layer {
        if BUDGET_KEYS.contains(key) {
            for other in BUDGET_KEYS
                .iter()
                .filter(|k| !layer.iter().any(|(l, _)| l == *k))
            {
                s.insert(
                    other,
                    Setting {
                        value: toml::Value::Float(0.0),
                        origin: setting.origin.clone(),
                    },
                );
            }
        }
    }
    for (key, setting) in layer {
        s.insert(key, setting.clone());
    }
}

impl Overrides {
    fn apply_base_sets(&self, s: &mut Settings) {
        apply_layer(s, self.sets.iter().map(|(k, v)| (*k, v)));
    }
    fn apply_arm_sets(&self, arm: &str, s: &mut Settings) {
        apply_layer(
            s,
            self.arm_sets
                .iter()
                .filter(|a| a.arms.iter().any(|n| n == arm))
                .map(|a| (a.key, &a.setting)),
        );
    }
    fn apply_flags(&self, s: &mut Settings) {
        if let Some(seed) = self.seed {
            s.insert(
                "seed",
                Setting {
                    value: toml::Value::Integer(seed.min(i64::MAX as u64) as i64),
                    origin: Origin::flag("--seed"),
                },
            );
        }
        if let Some(m) = self.months {
            s.insert(
                "months",
                Setting {
                    value: toml::Value::Integer(m as i64),
                    origin: Origin::flag("--months"),
                },
            );
        }
        if let Some(r) = self.replications {
            s.insert(
                "replications",
                Setting {
                    value: toml::Value::Integer(r as i64),
                    origin: Origin::flag("--replications"),
                },
            );
        }
    }
}

/// The text after `--set ` of a flag's origin (`program.budget=5e9`), or
/// `KEY=VALUE` built from the setting.
fn flag_text(key: &str, s: &Setting) -> String {
    s.origin
        .file
        .strip_prefix("--set ")
        .filter(|_| s.origin.line.is_none())
        .map(|t| t.split_once(':').map(|(_, r)| r).unwrap_or(t).to_string())
        .unwrap_or_else(|| format!("{key}={}", crate::scenario::value_text(&s.value)))
}

/// Problems of the command line's settings against the file's arms: an arm
/// named that does not exist, and a base setting over an arm's own key.
/// `what` names the setting's source in messages (`--set` or a sweep).
pub fn override_issues(doc: &RawDoc, ov: &Overrides) -> Vec<Issue> {
    let mut issues = Vec::new();
    let names: Vec<&str> = doc.arms.iter().map(|a| a.name.as_str()).collect();
    for a in &ov.arm_sets {
        for n in &a.arms {
            if names.contains(&n.as_str()) {
                continue;
            }
            let message = if names.is_empty() {
                format!(
                    "there is no arm \"{n}\": this file has no [[arm]] tables, so write the key without an arm: `{}`",
                    flag_text(a.key, &a.setting)
                )
            } else {
                format!(
                    "there is no arm \"{n}\"{} Arms: {}.",
                    crate::error::did_you_mean_value(n, names.iter().copied()),
                    names.join(", ")
                )
            };
            issues.push(Issue {
                origin: a.setting.origin.clone(),
                key: a.key.to_string(),
                message,
            });
        }
    }
    for (k, s) in &ov.sets {
        let idea = same_idea(k);
        let owners: Vec<(&str, &'static str, &Setting)> = doc
            .arms
            .iter()
            .filter_map(|arm| {
                idea.iter()
                    .find_map(|g| arm.settings.get(g).map(|st| (arm.name.as_str(), *g, st)))
            })
            .collect();
        if owners.is_empty() {
            continue;
        }
        let others: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| !owners.iter().any(|(o, _, _)| o == n))
            .collect();
        let text = flag_text(k, s);
        let own: Vec<String> = owners
            .iter()
            .map(|(arm, key, st)| {
                format!(
                    "arm \"{arm}\" sets {key} = {} itself ({})",
                    crate::scenario::value_text(&st.value),
                    st.origin
                )
            })
            .collect();
        let (first, first_key, _) = owners[0];
        let mut message = format!(
            "`{text}` changes the base that every arm inherits, but {}; it would override {} without a word. ",
            own.join(" and "),
            if owners.len() == 1 {
                "that arm's own value"
            } else {
                "those arms' own values"
            }
        );
        if !others.is_empty() {
            message.push_str(&format!(
                "To change only the arms that inherit it, write `--set {}:{text}`; ",
                others.join(",")
            ));
        }
        message.push_str(&format!(
            "to change an arm's own value, write `--set {first}:{first_key}=VALUE`."
        ));
        issues.push(Issue {
            origin: s.origin.clone(),
            key: k.to_string(),
            message,
        });
    }
    issues
}

/// Builds a typed scenario from explicit settings over the defaults.
pub fn build(settings: &Settings) -> Result<Scenario, String> {
    let mut table = match toml::Value::try_from(Scenario::default()) {
        Ok(toml::Value::Table(t)) => t,
        _ => return Err("internal error: the default scenario does not serialise".into()),
    };
    for (key, s) in settings {
        match key.split_once('.') {
            Some((sec, k)) => {
                if let Some(toml::Value::Table(t)) = table.get_mut(sec) {
                    t.insert(k.to_string(), s.value.clone());
                }
            }
            None => {
                table.insert(key.to_string(), s.value.clone());
            }
        }
    }
    toml::Value::Table(table)
        .try_into()
        .map_err(|e: toml::de::Error| {
            format!("internal error building the scenario: {}", e.message())
        })
}

/// The cross-field problems of one arm's scenario, each reported against
/// where its key was set (`arm`: the arm's name when the file has arms).
fn arm_issues(
    scenario: &Scenario,
    settings: &Settings,
    file: &str,
    arm: Option<&str>,
) -> Vec<Issue> {
    validate::validate(scenario)
        .into_iter()
        .map(|(key, message)| Issue {
            origin: settings
                .get(key)
                .map(|s| s.origin.clone())
                .unwrap_or_else(|| Origin::flag(&format!("{file} (default value)"))),
            key: match arm {
                Some(name) => format!("{key} (arm \"{name}\")"),
                None => key.to_string(),
            },
            message,
        })
        .collect()
}

/// Resolves a checked document and the command-line overrides into an
/// experiment, with every cross-field problem reported against the place
/// where the offending value was set.
pub fn resolve(doc: &RawDoc, file: &str, ov: &Overrides) -> Result<Experiment, Vec<Issue>> {
    let mut issues = override_issues(doc, ov);
    if !issues.is_empty() {
        return Err(issues);
    }
    let mut base_settings = doc.settings.clone();
    ov.apply_base_sets(&mut base_settings);
    ov.apply_flags(&mut base_settings);
    let mut base = build(&base_settings).map_err(|m| {
        vec![Issue {
            origin: Origin::flag(file),
            key: String::new(),
            message: m,
        }]
    })?;
    // a name is a name: it becomes the folder output/<name>/
    if let Some(why) = super::limits::safe_name(&base.name) {
        issues.push(Issue {
            origin: base_settings
                .get("name")
                .map(|s| s.origin.clone())
                .unwrap_or_else(|| Origin::flag(file)),
            key: "name".into(),
            message: super::limits::name_message(&base.name, &why),
        });
    }
    issues.extend(super::households::attach(&mut base, &base_settings, file));
    let mut arms = Vec::new();
    let raw_arms: Vec<(String, Settings)> = if doc.arms.is_empty() {
        vec![(base.name.clone(), Settings::new())]
    } else {
        doc.arms
            .iter()
            .map(|a| (a.name.clone(), a.settings.clone()))
            .collect()
    };
    for (name, arm_settings) in raw_arms {
        let mut settings = doc.settings.clone();
        ov.apply_base_sets(&mut settings);
        apply_layer(&mut settings, arm_settings.iter().map(|(k, v)| (*k, v)));
        ov.apply_arm_sets(&name, &mut settings);
        ov.apply_flags(&mut settings);
        match build(&settings) {
            Ok(mut scenario) => {
                for i in super::households::attach(&mut scenario, &settings, file) {
                    if !issues.contains(&i) {
                        issues.push(i);
                    }
                }
                let arm = (!doc.arms.is_empty()).then_some(name.as_str());
                for issue in arm_issues(&scenario, &settings, file, arm) {
                    if !issues.contains(&issue) {
                        issues.push(issue);
                    }
                }
                arms.push(Arm {
                    name,
                    scenario,
                    settings,
                });
            }
            Err(m) => issues.push(Issue {
                origin: Origin::flag(file),
                key: String::new(),
                message: m,
            }),
        }
    }
    let sizes: Vec<(u32, u32)> = arms
        .iter()
        .map(|a: &Arm| (a.scenario.months, a.scenario.replications))
        .collect();
    for message in super::limits::experiment_issues(&sizes) {
        issues.push(Issue {
            origin: Origin::flag(file),
            key: "replications".into(),
            message,
        });
    }
    if issues.is_empty() {
        Ok(Experiment {
            name: base.name.clone(),
            base,
            arms,
            has_arms: !doc.arms.is_empty(),
        })
    } else {
        Err(issues)
    }
}

/// What a run of this experiment would do without a word, said in words:
/// no `control` arm (so no effects), a run that ends before an arm's
/// program, a form of capital (`capital_as`) for an arm without the capital
/// component, one or few replications, a prior for parameter draws that
/// are not drawn from the plausible ranges, two identical arms. `berdaya run`
/// prints these before it starts and `berdaya check` after its "ok".
pub fn warnings(exp: &Experiment) -> Vec<String> {
    let mut out = Vec::new();
    let names: Vec<&str> = exp.arms.iter().map(|a| a.name.as_str()).collect();
    if exp.has_arms && exp.arms.len() > 1 && exp.control().is_none() {
        let near = names
            .iter()
            .find(|n| {
                let l = n.to_ascii_lowercase();
                l.contains("control") || l.contains("no_program") || l == "baseline"
            })
            .map(|n| format!(" (is \"{n}\" the arm without a program? rename it `control`)"))
            .unwrap_or_default();
        out.push(format!(
            "warning: no arm is named \"control\"{near}: every arm runs, but with nothing to compare against no effects.csv, quantile_effects.csv, effects_over_time.csv, persistence.csv or cost_effectiveness.csv is written, only timeseries.csv and summary.csv. Name the arm every other arm is compared with `control`."
        ));
    }
    // arms whose program outlasts the run, grouped by the program's last month
    let mut short: Vec<(u32, Vec<&str>)> = Vec::new();
    for arm in &exp.arms {
        let s = &arm.scenario;
        let p = &s.program;
        if p.components.is_empty() || super::derived::program_budget(s) <= 0.0 {
            continue;
        }
        let last = p.start_month + p.duration_months - 1;
        if last >= s.months {
            match short.iter_mut().find(|(m, _)| *m == last) {
                Some((_, v)) => v.push(&arm.name),
                None => short.push((last, vec![&arm.name])),
            }
        }
    }
    for (last, arms) in short {
        let who = if arms.len() == 1 {
            format!("arm \"{}\"", arms[0])
        } else {
            format!("arms {}", arms.join(", "))
        };
        out.push(format!(
            "warning: {who}: the program runs to month {last} but the run ends at month {}: effects are taken only at month {}, while the program still runs, so persistence.csv has no row and nothing says what lasts. Run longer, e.g. `--months {}`.",
            exp.months(),
            exp.months(),
            last + 24
        ));
    }
    for arm in &exp.arms {
        let p = &arm.scenario.program;
        if !p.components.is_empty()
            && !p.components.contains(&super::Component::Capital)
            && p.capital_as != super::CapitalForm::Loans
        {
            out.push(format!(
                "warning: arm \"{}\": program.capital_as = \"{}\" does nothing, because its components do not include \"capital\" (the component it shapes). Add \"capital\" to program.components or drop capital_as.",
                arm.name,
                p.capital_as.as_str()
            ));
        }
    }
    match exp.replications() {
        1 => out.push("warning: one replication: no confidence interval can be computed (the interval columns are empty and every estimate rests on a single draw). Use `--replications 2` or more; 20 or more for a brief.".into()),
        r if r < 5 && exp.control().is_some() => out.push(format!(
            "note: {r} replications: the 95% intervals are wide and rows resting on fewer than 5 (10 for persistence's bootstrap) are marked `few_replications` in the files' `note` column; use 20 or more for a brief."
        )),
        _ => {}
    }
    let u = &exp.base.uncertainty;
    if u.prior != super::Prior::Uniform && (u.draws == 0 || !u.posterior.is_empty()) {
        out.push(format!(
            "warning: uncertainty.prior = \"{}\" does nothing: {}. Drop the prior, or {}.",
            u.prior,
            if u.draws == 0 {
                "the run draws no parameters (uncertainty.draws = 0)"
            } else {
                "the draws come from the calibration's posterior (uncertainty.posterior)"
            },
            if u.draws == 0 {
                "ask for draws (`--draws N`)"
            } else {
                "drop the posterior to draw from the plausible ranges"
            }
        ));
    }
    for (i, a) in exp.arms.iter().enumerate() {
        for b in &exp.arms[i + 1..] {
            if a.scenario == b.scenario {
                out.push(format!(
                    "warning: arms \"{}\" and \"{}\" are identical once resolved: with common random numbers they give the same numbers, and an effect between them is exactly zero. Make them differ (each [[arm]] lists the keys it changes) or drop one.",
                    a.name, b.name
                ));
            }
        }
    }
    out
}

/// Writes the experiment as resolved: every key of the base written out with
/// its value (defaults included), then each arm with the keys where it differs
/// from the base. Reading this file back gives the same arms.
pub fn to_resolved_toml(exp: &Experiment, header: &str) -> String {
    let mut out = String::new();
    for line in header.lines() {
        out.push_str(&format!("# {line}\n"));
    }
    let base = &exp.base;
    for p in registry().iter().filter(|p| p.section.is_empty()) {
        if let Some(v) = base.get_value(p.key) {
            out.push_str(&format!("{} = {}\n", p.key, v));
        }
    }
    for sec in sections() {
        out.push_str(&format!("\n[{}]\n", sec.name));
        for p in registry().iter().filter(|p| p.section == sec.name) {
            if let Some(v) = base.get_value(p.key) {
                out.push_str(&format!("{} = {}\n", &p.key[sec.name.len() + 1..], v));
            }
        }
    }
    if exp.has_arms {
        for arm in &exp.arms {
            out.push_str(&format!(
                "\n[[arm]]\nname = {}\n",
                toml::Value::String(arm.name.clone())
            ));
            for p in registry().iter().filter(|p| p.key != "name") {
                let (a, b) = (arm.scenario.get_value(p.key), base.get_value(p.key));
                if let Some(v) = a.filter(|a| Some(a) != b.as_ref()) {
                    out.push_str(&format!("{} = {}\n", p.key, v));
                }
            }
        }
    }
    out
}

/// The settings an arm adds to the base, in registry order (for manifests).
pub fn arm_overrides(exp: &Experiment, arm: &Arm) -> Vec<(&'static str, toml::Value)> {
    registry()
        .iter()
        .filter(|p| p.key != "name")
        .filter_map(|p| {
            let a = arm.scenario.get_value(p.key)?;
            (Some(&a) != exp.base.get_value(p.key).as_ref()).then_some((p.key, a))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::load::parse_document;
    use super::*;

    const EXP: &str = r#"
name = "exp"
replications = 3
[population]
villages = 4
[[arm]]
name = "control"
[[arm]]
name = "capital_individual"
program.components = ["capital"]
program.budget = 1.0e9
"#;

    #[test]
    fn arms_inherit_the_base_and_override_it() {
        let (doc, issues) = parse_document("e.toml", EXP);
        assert!(issues.is_empty(), "{issues:?}");
        let exp = resolve(&doc, "e.toml", &Overrides::default()).unwrap();
        assert_eq!(exp.arms.len(), 2);
        assert_eq!(exp.arms[0].scenario.population.villages, 4);
        assert_eq!(exp.arms[1].scenario.population.villages, 4);
        assert_eq!(exp.arms[1].scenario.program.budget, 1e9);
        assert_eq!(exp.arms[0].scenario.program.budget, 0.0);
        assert_eq!(exp.control(), Some(0));
    }

    #[test]
    fn set_flags_apply_to_every_arm() {
        let (doc, _) = parse_document("e.toml", EXP);
        let (k, s) = super::super::load::parse_set("population.villages=2").unwrap();
        let ov = Overrides {
            sets: vec![(k, s)],
            months: Some(12),
            ..Default::default()
        };
        let exp = resolve(&doc, "e.toml", &ov).unwrap();
        assert!(
            exp.arms
                .iter()
                .all(|a| a.scenario.population.villages == 2 && a.scenario.months == 12)
        );
    }

    #[test]
    fn resolved_file_reads_back_to_the_same_arms() {
        let (doc, _) = parse_document("e.toml", EXP);
        let exp = resolve(
            &doc,
            "e.toml",
            &Overrides {
                seed: Some(99),
                ..Default::default()
            },
        )
        .unwrap();
        let text = to_resolved_toml(&exp, "resolved");
        let (doc2, issues) = parse_document("r.toml", &text);
        assert!(issues.is_empty(), "{issues:?}\n{text}");
        let exp2 = resolve(&doc2, "r.toml", &Overrides::default()).unwrap();
        assert_eq!(exp2.base, exp.base);
        for (a, b) in exp.arms.iter().zip(&exp2.arms) {
            assert_eq!(a.name, b.name);
            assert_eq!(a.scenario, b.scenario);
        }
        assert_eq!(to_resolved_toml(&exp2, "resolved"), text);
    }

    #[test]
    fn cross_field_problems_point_at_the_setting() {
        let (doc, _) = parse_document("e.toml", "name = \"x\"\n[program]\nbudget = 5.0\n");
        let issues = resolve(&doc, "e.toml", &Overrides::default()).unwrap_err();
        assert_eq!(issues[0].key, "program.budget");
        assert_eq!(issues[0].origin.line, Some(3));
    }
}
