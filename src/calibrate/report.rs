//! What a calibration writes: the weighted posterior draws
//! (`posterior.csv`), the tolerance schedule (`generations.csv`), a summary
//! per parameter (`parameters.csv`) and per target (`targets.csv`), and two
//! charts: prior against posterior, and the posterior predictive against
//! the observed targets.

use super::Calibration;
use super::abc::{self, Generation, weighted_quantile};
use crate::charts::{Chart, EffectChart, EffectPanel, EffectRow, LineChart, MultiLineGrid, Series};
use crate::error::{Error, Result};
use crate::output::files::write_atomic;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Posterior summary of one parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamSummary {
    pub key: String,
    pub prior: (f64, f64),
    pub median: f64,
    pub low: f64,
    pub high: f64,
}

/// Weighted 5%, 50% and 95% quantiles of each parameter of the last generation.
pub fn summarize(c: &Calibration, gens: &[Generation]) -> Vec<ParamSummary> {
    let post = &gens[gens.len() - 1].particles;
    c.priors
        .iter()
        .enumerate()
        .map(|(a, p)| {
            let v: Vec<(f64, f64)> = post.iter().map(|q| (q.theta[a], q.weight)).collect();
            ParamSummary {
                key: p.key.clone(),
                prior: (p.low, p.high),
                median: weighted_quantile(&v, 0.5),
                low: weighted_quantile(&v, 0.05),
                high: weighted_quantile(&v, 0.95),
            }
        })
        .collect()
}

fn num(x: f64) -> String {
    format!("{x:?}")
}

/// `posterior.csv`: one row per particle of the last generation.
pub fn posterior_csv(c: &Calibration, gens: &[Generation]) -> String {
    let mut s = String::from("particle,weight,distance");
    for p in &c.priors {
        let _ = write!(s, ",{}", p.key);
    }
    for t in &c.targets {
        let _ = write!(s, ",sim_{}", t.metric);
    }
    s.push('\n');
    for (i, q) in gens[gens.len() - 1].particles.iter().enumerate() {
        let _ = write!(s, "{i},{},{}", num(q.weight), num(q.distance));
        for x in q.theta.iter().chain(&q.stats) {
            let _ = write!(s, ",{}", num(*x));
        }
        s.push('\n');
    }
    s
}

/// Writes every file and chart of a calibration into `dir`.
pub fn write(
    dir: &Path,
    c: &Calibration,
    gens: &[Generation],
    summary: &[ParamSummary],
) -> Result<Vec<PathBuf>> {
    let mut out = vec![write_atomic(
        &dir.join("posterior.csv"),
        posterior_csv(c, gens).as_bytes(),
    )?];
    let mut g = String::from("generation,epsilon,attempts,accepted,acceptance_rate\n");
    for (t, g0) in gens.iter().enumerate() {
        let n = g0.particles.len();
        let _ = writeln!(
            g,
            "{t},{},{},{n},{}",
            num(g0.epsilon),
            g0.attempts,
            num(n as f64 / g0.attempts.max(1) as f64)
        );
    }
    out.push(write_atomic(&dir.join("generations.csv"), g.as_bytes())?);
    let mut p = String::from(
        "key,prior_low,prior_high,posterior_median,posterior_low_90,posterior_high_90\n",
    );
    for s in summary {
        let _ = writeln!(
            p,
            "{},{},{},{},{},{}",
            s.key,
            num(s.prior.0),
            num(s.prior.1),
            num(s.median),
            num(s.low),
            num(s.high)
        );
    }
    out.push(write_atomic(&dir.join("parameters.csv"), p.as_bytes())?);
    let mut t = String::from(
        "metric,observed,se,prior_predictive_median,posterior_predictive_median,posterior_predictive_low_90,posterior_predictive_high_90\n",
    );
    for (k, tg) in c.targets.iter().enumerate() {
        let (pm, _, _) = predictive(&gens[0], k);
        let (m, lo, hi) = predictive(&gens[gens.len() - 1], k);
        let _ = writeln!(
            t,
            "{},{},{},{},{},{},{}",
            tg.metric,
            num(tg.value),
            num(tg.se),
            num(pm),
            num(m),
            num(lo),
            num(hi)
        );
    }
    out.push(write_atomic(&dir.join("targets.csv"), t.as_bytes())?);
    out.extend(charts(dir, c, gens, summary)?);
    Ok(out)
}

/// Weighted median and 90% interval of target `k`'s simulated statistic.
fn predictive(g: &Generation, k: usize) -> (f64, f64, f64) {
    let v: Vec<(f64, f64)> = g.particles.iter().map(|q| (q.stats[k], q.weight)).collect();
    (
        weighted_quantile(&v, 0.5),
        weighted_quantile(&v, 0.05),
        weighted_quantile(&v, 0.95),
    )
}

/// Weighted histogram density of one coordinate on `bins` bins over [lo, hi],
/// as a step line.
fn density(values: &[(f64, f64)], lo: f64, hi: f64, bins: usize) -> Vec<(f64, f64)> {
    let width = (hi - lo) / bins as f64;
    let mut h = vec![0.0; bins];
    let total: f64 = values.iter().map(|v| v.1).sum::<f64>().max(1e-300);
    for &(x, w) in values {
        let b = (((x - lo) / width).floor().max(0.0) as usize).min(bins - 1);
        h[b] += w / total / width;
    }
    let mut pts = Vec::with_capacity(2 * bins);
    for (b, &d) in h.iter().enumerate() {
        pts.push((lo + b as f64 * width, d));
        pts.push((lo + (b + 1) as f64 * width, d));
    }
    pts
}

fn short(x: f64) -> String {
    if x.abs() >= 1e4 {
        format!("{:.3e}", x)
    } else {
        format!("{:.3}", x)
    }
}

fn chart_err(e: crate::charts::ChartError) -> Error {
    Error::Other(format!("cannot draw a calibration chart: {e}"))
}

/// A prior's density over its range relative to a uniform's: the flat line
/// at 1 of a uniform prior, or the PERT curve on 49 points.
fn prior_curve(p: &abc::Prior) -> Vec<(f64, f64)> {
    match p.mode {
        None => vec![(p.low, 1.0), (p.high, 1.0)],
        Some(_) => (0..49)
            .map(|k| {
                let x = p.low + (p.high - p.low) * k as f64 / 48.0;
                (x, p.relative_density(x))
            })
            .collect(),
    }
}

/// What kind of priors a calibration has, in the charts' words.
fn priors_word(priors: &[abc::Prior]) -> &'static str {
    match (
        priors.iter().any(|p| p.mode.is_none()),
        priors.iter().any(|p| p.mode.is_some()),
    ) {
        (true, true) => "uniform and PERT",
        (false, true) => "PERT",
        _ => "uniform",
    }
}

fn charts(
    dir: &Path,
    c: &Calibration,
    gens: &[Generation],
    summary: &[ParamSummary],
) -> Result<Vec<PathBuf>> {
    let post = &gens[gens.len() - 1].particles;
    let panels: Vec<LineChart> = c
        .priors
        .iter()
        .enumerate()
        .map(|(a, p)| {
            let v: Vec<(f64, f64)> = post.iter().map(|q| (q.theta[a], q.weight)).collect();
            // densities relative to the (uniform) prior's: the prior is 1
            let width = p.high - p.low;
            let post: Vec<(f64, f64)> = density(&v, p.low, p.high, 24)
                .into_iter()
                .map(|(x, d)| (x, d * width))
                .collect();
            LineChart {
                title: p.key.clone(),
                x_label: p.key.clone(),
                y_label: format!(
                    "density ({} = 1)",
                    if p.mode.is_none() { "prior" } else { "uniform" }
                ),
                series: vec![
                    Series::new("prior", prior_curve(p)),
                    Series::new("posterior", post),
                ],
                markers: vec![(summary[a].median, "posterior median".into())],
                y_min_zero: true,
                ..Default::default()
            }
        })
        .collect();
    let grid = MultiLineGrid {
        title: format!(
            "Calibration {}: prior and posterior of each parameter",
            c.name
        ),
        subtitle: Some(format!(
            "ABC-SMC, {} particles, {} generations, final tolerance {:.3}; {} priors",
            post.len(),
            gens.len(),
            gens[gens.len() - 1].epsilon,
            priors_word(&c.priors)
        )),
        panels,
        columns: None,
    };
    let mut out = grid
        .render(&dir.join("charts/prior_posterior"))
        .map_err(chart_err)?;
    let panels: Vec<EffectPanel> = c
        .targets
        .iter()
        .enumerate()
        .map(|(k, t)| {
            // in standard errors of the target, from the observed value
            let z = |x: f64| (x - t.value) / t.se;
            let (pm, plo, phi) = predictive(&gens[0], k);
            let (m, lo, hi) = predictive(&gens[gens.len() - 1], k);
            let q = crate::stats::normal_quantile(0.95);
            let row = |label: &str, e: f64, lo: f64, hi: f64| EffectRow {
                label: label.into(),
                estimate: e,
                lo,
                hi,
                outer: None,
            };
            EffectPanel {
                title: format!("{} = {}", t.metric, short(t.value)),
                unit_label: "(simulated - observed) / se".into(),
                rows: vec![
                    row("observed ± 1.645 se", 0.0, -q, q),
                    row("prior predictive", z(pm), z(plo), z(phi)),
                    row("posterior predictive", z(m), z(lo), z(hi)),
                ],
            }
        })
        .collect();
    let chart = EffectChart {
        title: format!("Calibration {}: simulated statistics against the targets", c.name),
        subtitle: Some(format!(
            "Month {}, in standard errors of each target from its observed value (0 = observed)",
            c.month
        )),
        panels,
        columns: None,
        note: Some("Dots: medians of the simulated statistic (observed: 0); lines: 90% intervals over the prior or the weighted posterior draws; the observed line is ±1.645 of its standard error.".into()),
    };
    out.extend(
        chart
            .render(&dir.join("charts/predictive"))
            .map_err(chart_err)?,
    );
    Ok(out)
}
