//! `berdaya check`: every file read, resolved and validated; nothing runs.

use super::{FlagOverrides, load_experiment};
use crate::builtin;
use crate::error::{Error, Issue, Result};
use std::path::{Path, PathBuf};

/// What `check` found: a line per good file, every problem of the others.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub ok: Vec<String>,
    pub issues: Vec<Issue>,
}

/// Checks scenario, experiment and sweep files.
pub fn check(paths: &[PathBuf]) -> Result<CheckReport> {
    let mut report = CheckReport::default();
    for path in paths {
        match check_one(path) {
            Ok(line) => report.ok.push(line),
            Err(Error::Input(issues)) => report.issues.extend(issues),
            Err(e) => return Err(e),
        }
    }
    Ok(report)
}

fn check_one(path: &Path) -> Result<String> {
    let src = builtin::read_file(path, "file", "a scenario")?;
    if crate::sweep::file::is_sweep(&src.text) {
        return super::sweep::check_file(path);
    }
    let exp = load_experiment(&src, &FlagOverrides::default())?;
    let warnings: String = crate::scenario::experiment::warnings(&exp)
        .iter()
        .map(|w| format!("\n  {w}"))
        .collect();
    Ok(format!(
        "{}: ok — {} arm{}: {}{warnings}",
        src.label,
        exp.arms.len(),
        if exp.arms.len() == 1 { "" } else { "s" },
        exp.arms
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    ))
}
