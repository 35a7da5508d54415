//! `manifest.json`: what was run, by which version, how, and what was written.

use crate::error::Result;
use crate::scenario::experiment::{Experiment, arm_overrides};
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Serialize)]
pub struct ArmEntry {
    pub name: String,
    /// Keys where the arm differs from the experiment's base scenario.
    pub overrides: serde_json::Value,
    /// The arm's whole resolved scenario.
    pub scenario: serde_json::Value,
}

#[derive(Serialize)]
pub struct FileEntry {
    pub name: String,
    pub bytes: u64,
}

#[derive(Serialize)]
pub struct Manifest {
    pub tool: &'static str,
    pub version: &'static str,
    pub command_line: Vec<String>,
    pub experiment: String,
    pub seed: u64,
    pub replications: u32,
    pub months: u32,
    pub burn_in_months: u32,
    pub threads: usize,
    pub rng: &'static str,
    pub wall_seconds: f64,
    pub household_months: f64,
    pub household_months_per_second: f64,
    pub arms: Vec<ArmEntry>,
    pub files: Vec<FileEntry>,
}

fn to_json(v: &toml::Value) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

impl Manifest {
    pub fn new(
        exp: &Experiment,
        command_line: &[String],
        threads: usize,
        seconds: f64,
        household_months: f64,
        files: &[PathBuf],
    ) -> Self {
        let threads = crate::runner::resolve_threads(threads);
        let arms = exp
            .arms
            .iter()
            .map(|a| {
                let mut o = serde_json::Map::new();
                for (k, v) in arm_overrides(exp, a) {
                    o.insert(k.to_string(), to_json(&v));
                }
                ArmEntry {
                    name: a.name.clone(),
                    overrides: serde_json::Value::Object(o),
                    scenario: serde_json::to_value(&a.scenario).unwrap_or(serde_json::Value::Null),
                }
            })
            .collect();
        let mut files: Vec<FileEntry> = files
            .iter()
            .map(|p| FileEntry {
                name: p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                bytes: std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
            })
            .collect();
        files.push(FileEntry {
            name: "manifest.json".into(),
            bytes: 0,
        });
        Manifest {
            tool: "berdaya",
            version: env!("CARGO_PKG_VERSION"),
            command_line: command_line.to_vec(),
            experiment: exp.name.clone(),
            seed: exp.seed(),
            replications: exp.replications(),
            months: exp.months(),
            burn_in_months: exp.base.population.burn_in_months,
            threads,
            rng: "Xoshiro256PlusPlus (rand 0.10), streams keyed by SplitMix64(seed, stream, arm, replication, village)",
            wall_seconds: seconds,
            household_months,
            household_months_per_second: household_months / seconds.max(1e-9),
            arms,
            files,
        }
    }

    pub fn write(&self, dir: &Path) -> Result<PathBuf> {
        let text = serde_json::to_string_pretty(self).map_err(crate::error::other)?;
        super::files::write_atomic(&dir.join("manifest.json"), format!("{text}\n").as_bytes())
    }
}
