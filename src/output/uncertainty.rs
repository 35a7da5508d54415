//! The files of a run with model uncertainty (`[uncertainty]`): the model
//! columns appended to `effects.csv`, `model_comparisons.csv` (the
//! probability that each arm beats each other arm and control) and
//! `draws.csv` (the parameter values of every draw).

use super::files::write_atomic;
use crate::error::{Error, IoContext, Result};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{x:?}")
    } else {
        String::new()
    }
}

/// Appends columns to a CSV written by this program (one row per line,
/// no quoted fields): `names` to the header, `rows[i]` to line `i + 1`.
/// Each row is checked to start with `keys[i]` (its arm and metric), so a
/// file whose rows are not the ones the values belong to is refused.
pub fn append_columns(
    path: &Path,
    names: &[&str],
    keys: &[String],
    rows: &[Vec<f64>],
) -> Result<PathBuf> {
    let text = std::fs::read_to_string(path).ctx(|| format!("reading {}", path.display()))?;
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() != rows.len() + 1 {
        return Err(Error::Other(format!(
            "internal error: {} has {} rows but {} model rows were computed",
            path.display(),
            lines.len().saturating_sub(1),
            rows.len()
        )));
    }
    let mut out = String::with_capacity(text.len() + rows.len() * 64);
    out.push_str(lines[0]);
    for n in names {
        out.push(',');
        out.push_str(n);
    }
    out.push('\n');
    for ((line, key), row) in lines[1..].iter().zip(keys).zip(rows) {
        if !line.starts_with(&format!("{key},")) {
            return Err(Error::Other(format!(
                "internal error: {} row `{line}` is not `{key}`",
                path.display()
            )));
        }
        out.push_str(line);
        for x in row {
            out.push(',');
            out.push_str(&num(*x));
        }
        out.push('\n');
    }
    write_atomic(path, out.as_bytes())
}

/// `model_comparisons.csv`: (metric, period, arm, other, p_better).
pub fn write_comparisons(
    dir: &Path,
    rows: &[(String, String, String, String, f64)],
    draws: usize,
) -> Result<PathBuf> {
    let mut s = String::from("metric,period,arm,other,draws,p_better\n");
    for (m, w, a, o, p) in rows {
        let _ = writeln!(s, "{m},{w},{a},{o},{draws},{}", num(*p));
    }
    write_atomic(&dir.join("model_comparisons.csv"), s.as_bytes())
}

/// `draws.csv`: one row per draw, whether it ran, its parameter values.
pub fn write_draws(
    dir: &Path,
    keys: &[String],
    values: &[Vec<f64>],
    valid: &[usize],
) -> Result<PathBuf> {
    let mut s = String::from("draw,valid");
    for k in keys {
        s.push(',');
        s.push_str(k);
    }
    s.push('\n');
    for (d, row) in values.iter().enumerate() {
        let _ = write!(s, "{d},{}", u8::from(valid.binary_search(&d).is_ok()));
        for x in row {
            s.push(',');
            s.push_str(&num(*x));
        }
        s.push('\n');
    }
    write_atomic(&dir.join("draws.csv"), s.as_bytes())
}
