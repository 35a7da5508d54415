//! The tables of a finished sweep: `sensitivity.csv` (the indices of every
//! output and parameter) and `response.csv` (the response bins), from the
//! [`super::analysis`].

use super::analysis::{Analysis, Binning, Indices, bin_x};
use super::design::{Method, Plan};
use crate::error::{IoContext, Result};
use crate::output::files::{AtomicFile, num, write_atomic};
use std::io::Write;
use std::path::{Path, PathBuf};

pub(crate) fn write_sensitivity(
    plan: &Plan,
    an: &Analysis,
    idx: &[Indices],
    dir: &Path,
) -> Result<PathBuf> {
    let path = dir.join("sensitivity.csv");
    let mut f = AtomicFile::create(&path)?;
    let head = match plan.method {
        Method::Morris => "mu,mu_star,sigma,mu_star_ci_low,mu_star_ci_high,mu_star_conf",
        _ => "S1,S1_ci_low,S1_ci_high,S1_conf,ST,ST_ci_low,ST_ci_high,ST_conf",
    };
    let mut text = format!("arm,quantity,metric,month,parameter,{head}\n");
    for (out, ind) in an.outputs.iter().zip(idx) {
        for (j, p) in plan.parameters.iter().enumerate() {
            text.push_str(&format!(
                "{},{},{},{},{}",
                plan.arms[out.arm],
                out.quantity.as_str(),
                plan.metrics[out.metric],
                plan.at_months[out.month],
                p.key
            ));
            let cells: Vec<f64> = match ind {
                Indices::Morris(m) => vec![
                    m.mu[j],
                    m.mu_star[j],
                    m.sigma[j],
                    m.mu_star_conf_low[j],
                    m.mu_star_conf_high[j],
                    m.mu_star_conf[j],
                ],
                Indices::Sobol(s) => vec![
                    s.s1[j],
                    s.s1_conf_low[j],
                    s.s1_conf_high[j],
                    s.s1_conf[j],
                    s.st[j],
                    s.st_conf_low[j],
                    s.st_conf_high[j],
                    s.st_conf[j],
                ],
                Indices::None => vec![f64::NAN; head.split(',').count()],
            };
            for c in cells {
                text.push(',');
                text.push_str(&num(c));
            }
            text.push('\n');
        }
    }
    f.write_all(text.as_bytes())
        .ctx(|| format!("writing {}", path.display()))?;
    f.commit()
}

pub(crate) fn write_response(plan: &Plan, an: &Analysis, dir: &Path) -> Result<PathBuf> {
    let path = dir.join("response.csv");
    let mut text = String::from("arm,quantity,metric,month,parameter,bin,value,points,mean\n");
    for (o, out) in an.outputs.iter().enumerate() {
        for (j, p) in plan.parameters.iter().enumerate() {
            for (k, bin) in an.bins[o][j].iter().enumerate() {
                let value = match &an.binnings[j] {
                    Binning::Listed(_) => p.values.as_ref().map(|v| v[k].csv()).unwrap_or_default(),
                    b => num(bin_x(plan, j, b, k, bin)),
                };
                let mean = if bin.n > 0 {
                    bin.sum_y / bin.n as f64
                } else {
                    f64::NAN
                };
                text.push_str(&format!(
                    "{},{},{},{},{},{},{},{},{}\n",
                    plan.arms[out.arm],
                    out.quantity.as_str(),
                    plan.metrics[out.metric],
                    plan.at_months[out.month],
                    p.key,
                    k + 1,
                    value,
                    bin.n,
                    num(mean)
                ));
            }
        }
    }
    write_atomic(&path, text.as_bytes())
}
