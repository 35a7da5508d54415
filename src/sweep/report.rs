//! The reports of a finished sweep, computed from `results.csv` alone (never
//! from the live model), so a single run and a merge of shards write the same
//! bytes: [`super::analysis`] reads the results, [`super::tables`] writes
//! `sensitivity.csv` and `response.csv`, [`super::charts`] draws the charts
//! and [`super::folder`] writes `manifest.json`.

use super::analysis::{analyse, indices};
use super::charts::charts;
use super::design::{Plan, Points};
use super::folder::{JOURNAL, POINTS, RESULTS, SCENARIO, write_manifest};
use super::tables::{write_response, write_sensitivity};
use crate::error::Result;
use std::path::{Path, PathBuf};

/// Writes the reports of a complete sweep folder and its manifest; returns
/// every file of the folder.
pub fn finish(plan: &Plan, points: &Points, dir: &Path) -> Result<Vec<PathBuf>> {
    let an = analyse(plan, points, &dir.join(RESULTS))?;
    let idx = indices(plan, points, &an);
    let mut files: Vec<PathBuf> = [POINTS, RESULTS, SCENARIO, JOURNAL]
        .iter()
        .map(|n| dir.join(n))
        .collect();
    if plan.method.has_estimator() {
        files.push(write_sensitivity(plan, &an, &idx, dir)?);
    }
    files.push(write_response(plan, &an, dir)?);
    files.extend(charts(plan, &an, &idx, dir)?);
    files.push(write_manifest(plan, None, dir, &files)?);
    Ok(files)
}

#[cfg(test)]
mod tests {
    //! The analysis pipeline of a sweep (results.csv → output per point →
    //! indices → sensitivity.csv) on functions whose indices are known.

    use super::*;
    use crate::output::files::num;
    use crate::sensitivity::Range;
    use crate::sweep::analysis::{Analysis, Indices, Output, Quantity};
    use crate::sweep::design::{Method, ParamPlan, ValueKind};

    fn plan(method: Method, ranges: &[Range], samples: usize) -> Plan {
        let mut p = Plan {
            name: "t".into(),
            description: String::new(),
            sweep_file: "t.toml".into(),
            sweep_file_fnv1a: "0".into(),
            base: "b".into(),
            base_fnv1a: "0".into(),
            method,
            samples: Some(samples),
            levels: (method == Method::Morris).then_some(4),
            seed: 9,
            model_seed: 1,
            replications: 2,
            months: 1,
            metrics: vec!["poverty_rate".into(), "repayment_rate".into()],
            at_months: vec![1],
            arms: vec!["control".into(), "program".into()],
            control: Some("control".into()),
            chart_arm: "program".into(),
            parameters: ranges
                .iter()
                .enumerate()
                .map(|(i, r)| ParamPlan {
                    key: format!("x{i}"),
                    kind: ValueKind::Float,
                    values: None,
                    range: Some(*r),
                })
                .collect(),
            points: 0,
        };
        p.points = p.count_points().unwrap();
        p
    }

    /// Writes results.csv where the program arm's metric is `f(x) + c_r` and
    /// the control's is `c_r` (replication noise shared by both arms), and
    /// the second metric is undefined everywhere.
    fn results(plan: &Plan, points: &Points, f: impl Fn(&[f64]) -> f64) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let mut text = plan.results_header();
        let noise = [5.0, -3.0];
        for i in 0..points.len() {
            let v = points.get(i);
            let x: Vec<f64> = v.iter().map(|v| v.as_f64().unwrap()).collect();
            let vals: Vec<String> = v.iter().map(|v| v.csv()).collect();
            for (a, arm) in plan.arms.iter().enumerate() {
                for (r, c) in noise.iter().enumerate() {
                    let y = if a == 0 { *c } else { f(&x) + c };
                    text.push_str(&format!(
                        "{},{},{arm},{},1,{},\n",
                        i + 1,
                        vals.join(","),
                        r + 1,
                        num(y)
                    ));
                }
            }
        }
        std::fs::write(dir.path().join(RESULTS), text).unwrap();
        dir
    }

    fn find(an: &Analysis, quantity: Quantity, arm: usize, metric: usize) -> usize {
        an.outputs
            .iter()
            .position(|o| {
                *o == Output {
                    quantity,
                    arm,
                    metric,
                    month: 0,
                }
            })
            .unwrap()
    }

    #[test]
    fn sobol_pipeline_recovers_the_ishigami_indices() {
        let pi = std::f64::consts::PI;
        let plan = plan(Method::Sobol, &[Range::linear(-pi, pi); 3], 1024);
        let points = plan.make_points().unwrap();
        let ishigami =
            |x: &[f64]| x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin();
        let dir = results(&plan, &points, ishigami);
        let an = analyse(&plan, &points, &dir.path().join(RESULTS)).unwrap();
        let idx = indices(&plan, &points, &an);
        // Analytic values (Ishigami & Homma 1990, a = 7, b = 0.1).
        let (s1, st) = ([0.3139, 0.4424, 0.0], [0.5576, 0.4424, 0.2437]);
        for q in [Quantity::Level, Quantity::Effect] {
            let Indices::Sobol(s) = &idx[find(&an, q, 1, 0)] else {
                panic!("no Sobol indices for {q:?}")
            };
            for i in 0..3 {
                assert!(
                    (s.s1[i] - s1[i]).abs() < 0.05,
                    "{q:?} S1[{i}] = {}",
                    s.s1[i]
                );
                assert!(
                    (s.st[i] - st[i]).abs() < 0.05,
                    "{q:?} ST[{i}] = {}",
                    s.st[i]
                );
                assert!(s.st_conf_low[i] <= s.st[i] && s.st[i] <= s.st_conf_high[i]);
            }
        }
        // The control arm does not move: every index 0.
        let Indices::Sobol(c) = &idx[find(&an, Quantity::Level, 0, 0)] else {
            panic!()
        };
        assert!(c.s1.iter().chain(&c.st).all(|v| *v == 0.0));
        // An undefined metric gives empty cells, not an error.
        assert!(matches!(
            idx[find(&an, Quantity::Level, 1, 1)],
            Indices::None
        ));
        let path = write_sensitivity(&plan, &an, &idx, dir.path()).unwrap();
        let text = std::fs::read_to_string(path).unwrap();
        assert!(
            text.contains("\nprogram,level,repayment_rate,1,x0,,,,,,,,\n"),
            "{text}"
        );
    }

    #[test]
    fn morris_pipeline_is_exact_on_a_linear_function() {
        let plan = plan(
            Method::Morris,
            &[
                Range::linear(0.0, 2.0),
                Range::linear(-1.0, 1.0),
                Range::log(1.0, 100.0),
            ],
            10,
        );
        let points = plan.make_points().unwrap();
        // In unit scale the elementary effects are 3·2 = 6 and -1·2 = -2.
        let dir = results(&plan, &points, |x| 3.0 * x[0] - x[1]);
        let an = analyse(&plan, &points, &dir.path().join(RESULTS)).unwrap();
        let idx = indices(&plan, &points, &an);
        let Indices::Morris(m) = &idx[find(&an, Quantity::Effect, 1, 0)] else {
            panic!()
        };
        for (i, want) in [6.0, -2.0, 0.0].iter().enumerate() {
            assert!((m.mu[i] - want).abs() < 1e-9, "mu[{i}] = {}", m.mu[i]);
            assert!((m.mu_star[i] - want.abs()).abs() < 1e-9);
            assert!(m.sigma[i].abs() < 1e-9);
        }
        // Response curves: the program arm rises with x0 level by level.
        let o = find(&an, Quantity::Level, 1, 0);
        let means: Vec<f64> = an.bins[o][0]
            .iter()
            .filter(|b| b.n > 0)
            .map(|b| b.sum_y / b.n as f64)
            .collect();
        assert!(means.windows(2).all(|w| w[0] < w[1]), "{means:?}");
    }
}
