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

/// What the command line adds on top of the file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub sets: Vec<(&'static str, Setting)>,
    pub seed: Option<u64>,
    pub months: Option<u32>,
    pub replications: Option<u32>,
}

impl Overrides {
    fn apply(&self, s: &mut Settings) {
        for (k, v) in &self.sets {
            s.insert(k, v.clone());
        }
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

/// Resolves a checked document and the command-line overrides into an
/// experiment, with every cross-field problem reported against the place
/// where the offending value was set.
pub fn resolve(doc: &RawDoc, file: &str, ov: &Overrides) -> Result<Experiment, Vec<Issue>> {
    let mut issues = Vec::new();
    let mut base_settings = doc.settings.clone();
    ov.apply(&mut base_settings);
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
        for (k, v) in arm_settings {
            settings.insert(k, v);
        }
        ov.apply(&mut settings);
        match build(&settings) {
            Ok(mut scenario) => {
                for i in super::households::attach(&mut scenario, &settings, file) {
                    if !issues.contains(&i) {
                        issues.push(i);
                    }
                }
                for (key, message) in validate::validate(&scenario) {
                    let origin = settings
                        .get(key)
                        .map(|s| s.origin.clone())
                        .unwrap_or_else(|| Origin::flag(&format!("{file} (default value)")));
                    let key = if doc.arms.is_empty() {
                        key.to_string()
                    } else {
                        format!("{key} (arm \"{name}\")")
                    };
                    let issue = Issue {
                        origin,
                        key,
                        message,
                    };
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
