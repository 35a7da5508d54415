//! Saltelli sampling and first/total-order Sobol' indices.
//!
//! **Design** (Saltelli 2002; Saltelli et al. 2010), as SALib's
//! `saltelli.sample(problem, N, calc_second_order=False)`: a `2d`-dimensional
//! Sobol' sequence ([`super::sobol_seq`]) gives `N` base rows; in each row the
//! first `d` columns are the row of matrix `A` and the last `d` the row of
//! matrix `B`. `A_B^(i)` is `A` with column `i` taken from `B`. For each base
//! row `j` the design lists, in this order,
//!
//! ```text
//! A_j, A_B^(1)_j, …, A_B^(d)_j, B_j
//! ```
//!
//! so it has `N·(d + 2)` points. The base rows are Sobol' indices
//! `skip..skip + N` (index 0 is the all-zeros point). By default `skip` is
//! SALib's default, `max(2^⌈log2 N⌉, 16)`; with the same `skip`, the points
//! equal SALib's to the last bit.
//!
//! **Estimators**, with outputs `f` centred and scaled by their overall mean
//! and standard deviation first (as SALib does; the indices are invariant to
//! this, their estimates become less noisy) and `V` the population variance
//! of the concatenation `[f(A), f(B)]`:
//!
//! * first order, Saltelli et al. (2010), table 2 (b):
//!   `S_i = mean(f(B)·(f(A_B^(i)) − f(A))) / V`;
//! * total order, Jansen (1999): `S_Ti = mean((f(A) − f(A_B^(i)))²) / (2V)`.
//!
//! If `V == 0` (a constant model) every index is reported as `0`, as SALib
//! does. Confidence intervals come from a bootstrap over the `N` base rows
//! (each resample takes whole rows with all their `d + 2` outputs), seeded and
//! deterministic: the percentile interval, and also SALib's
//! `S1_conf`/`ST_conf`, `z_{(1+level)/2}` times the bootstrap standard
//! deviation.
//!
//! References: Saltelli, A. (2002), *Comput. Phys. Commun.* 145:280–297;
//! Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M.,
//! Tarantola, S. (2010), *Comput. Phys. Commun.* 181:259–270; Jansen, M. J. W.
//! (1999), *Comput. Phys. Commun.* 117:35–43.

use serde::{Deserialize, Serialize};

use super::sobol_seq::{self, MAX_INDEX};
use super::{BootstrapOptions, SensitivityError, check_outputs};
use crate::stats::{bootstrap_many, normal_quantile};

/// A Saltelli design for first- and total-order Sobol' indices.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SaltelliDesign {
    /// Number of base rows `N` (a power of two keeps the Sobol' balance).
    pub n: usize,
    /// Number of parameters `d` (at most `SOBOL_MAX_DIMS / 2 = 32`).
    pub dims: usize,
    /// Sobol' points skipped before the first base row; `None` means SALib's
    /// default `max(2^⌈log2 N⌉, 16)`.
    #[serde(default)]
    pub skip: Option<u64>,
}

impl SaltelliDesign {
    /// A design with `n >= 1` base rows for `1 <= dims <= 32` parameters and
    /// SALib's default skip.
    pub fn new(n: usize, dims: usize) -> Result<Self, SensitivityError> {
        let d = Self {
            n,
            dims,
            skip: None,
        };
        d.validate()?;
        Ok(d)
    }

    /// The same design with an explicit skip (SALib's `skip_values`).
    pub fn with_skip(mut self, skip: u64) -> Self {
        self.skip = Some(skip);
        self
    }

    /// The skip in effect: the explicit one, or `max(2^⌈log2 N⌉, 16)`.
    pub fn effective_skip(&self) -> u64 {
        self.skip
            .unwrap_or_else(|| (self.n.max(1) as u64).next_power_of_two().max(16))
    }

    /// Number of points, `N·(d + 2)` (saturating).
    pub fn n_points(&self) -> usize {
        self.n.saturating_mul(self.dims.saturating_add(2))
    }

    fn validate(&self) -> Result<(), SensitivityError> {
        if self.n == 0 || self.dims == 0 {
            return Err(SensitivityError::InvalidArgument(format!(
                "a Saltelli design needs n >= 1 and dims >= 1, got n = {}, dims = {}",
                self.n, self.dims
            )));
        }
        let max = sobol_seq::MAX_DIMS / 2;
        if self.dims > max {
            return Err(SensitivityError::TooManyDims {
                requested: self.dims,
                max,
            });
        }
        let end = self.effective_skip().checked_add(self.n as u64);
        if end.is_none_or(|e| e > MAX_INDEX) {
            return Err(SensitivityError::InvalidArgument(format!(
                "skip + n = {} + {} exceeds the 2^31 Sobol' points available",
                self.effective_skip(),
                self.n
            )));
        }
        Ok(())
    }

    /// The `N·(d + 2)` points, in the order of the module documentation.
    pub fn points(&self) -> Result<Vec<Vec<f64>>, SensitivityError> {
        self.validate()?;
        let d = self.dims;
        let base = sobol_seq::sobol_points(self.n, 2 * d, self.effective_skip())?;
        let mut out = Vec::with_capacity(self.n_points());
        for row in &base {
            let (a, b) = row.split_at(d);
            out.push(a.to_vec());
            for i in 0..d {
                let mut ab = a.to_vec();
                ab[i] = b[i];
                out.push(ab);
            }
            out.push(b.to_vec());
        }
        Ok(out)
    }

    /// First- and total-order indices from outputs given in point order.
    pub fn analyze(
        &self,
        outputs: &[f64],
        boot: &BootstrapOptions,
    ) -> Result<SobolIndices, SensitivityError> {
        self.validate()?;
        analyze_saltelli(outputs, self.n, self.dims, boot)
    }
}

/// First- and total-order Sobol' indices with bootstrap intervals; each
/// vector has one entry per parameter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SobolIndices {
    /// First-order indices `S_i` (Saltelli et al. 2010).
    pub s1: Vec<f64>,
    /// Lower percentile-bootstrap bound of `S_i`.
    pub s1_conf_low: Vec<f64>,
    /// Upper percentile-bootstrap bound of `S_i`.
    pub s1_conf_high: Vec<f64>,
    /// SALib's `S1_conf`: `z_{(1+level)/2}` × bootstrap sd of `S_i`.
    pub s1_conf: Vec<f64>,
    /// Total-order indices `S_Ti` (Jansen 1999).
    pub st: Vec<f64>,
    /// Lower percentile-bootstrap bound of `S_Ti`.
    pub st_conf_low: Vec<f64>,
    /// Upper percentile-bootstrap bound of `S_Ti`.
    pub st_conf_high: Vec<f64>,
    /// SALib's `ST_conf`: `z_{(1+level)/2}` × bootstrap sd of `S_Ti`.
    pub st_conf: Vec<f64>,
}

/// Computes `(S1, ST)` for all parameters over the base rows `rows`
/// (repetitions allowed), writing `s1[i]` to `out[i]` and `st[i]` to
/// `out[d + i]`.
fn estimate(y: &[f64], d: usize, rows: &[usize], out: &mut [f64]) {
    let stride = d + 2;
    let m = rows.len() as f64;
    // Population variance of [f(A) over rows, f(B) over rows].
    let mut sum = 0.0;
    for &j in rows {
        sum += y[j * stride] + y[j * stride + d + 1];
    }
    let mean = sum / (2.0 * m);
    let mut ss = 0.0;
    for &j in rows {
        let a = y[j * stride] - mean;
        let b = y[j * stride + d + 1] - mean;
        ss += a * a + b * b;
    }
    let var = ss / (2.0 * m);
    for i in 0..d {
        if var == 0.0 {
            out[i] = 0.0;
            out[d + i] = 0.0;
            continue;
        }
        let mut first = 0.0;
        let mut total = 0.0;
        for &j in rows {
            let fa = y[j * stride];
            let fab = y[j * stride + 1 + i];
            let fb = y[j * stride + d + 1];
            first += fb * (fab - fa);
            total += (fa - fab) * (fa - fab);
        }
        out[i] = first / m / var;
        out[d + i] = 0.5 * total / m / var;
    }
}

/// First- and total-order Sobol' indices from the outputs of a Saltelli
/// design with `n` base rows and `dims` parameters, given in the design's
/// point order (see the module documentation). Equivalent to SALib's
/// `sobol.analyze(problem, Y, calc_second_order=False)` up to the bootstrap
/// draws.
///
/// Errors if `outputs.len() != n·(dims + 2)`, an output is not finite, or
/// `n`/`dims` is 0.
pub fn analyze_saltelli(
    outputs: &[f64],
    n: usize,
    dims: usize,
    boot: &BootstrapOptions,
) -> Result<SobolIndices, SensitivityError> {
    if n == 0 || dims == 0 {
        return Err(SensitivityError::InvalidArgument(
            "a Saltelli analysis needs n >= 1 and dims >= 1".into(),
        ));
    }
    let expected = n
        .checked_mul(dims + 2)
        .ok_or_else(|| SensitivityError::InvalidArgument("n·(dims + 2) overflows".into()))?;
    check_outputs(outputs, expected)?;
    let d = dims;

    // Standardise as SALib does: (Y - mean) / sd (population sd).
    let mean = outputs.iter().sum::<f64>() / outputs.len() as f64;
    let sd = (outputs.iter().map(|y| (y - mean) * (y - mean)).sum::<f64>() / outputs.len() as f64)
        .sqrt();
    let scale = if sd > 0.0 { 1.0 / sd } else { 1.0 };
    let y: Vec<f64> = outputs.iter().map(|v| (v - mean) * scale).collect();

    let all: Vec<usize> = (0..n).collect();
    let mut point = vec![0.0; 2 * d];
    estimate(&y, d, &all, &mut point);

    let intervals = bootstrap_many(n, boot.n_boot, boot.seed, boot.level, 2 * d, |rows, out| {
        estimate(&y, d, rows, out)
    });
    let z = normal_quantile(0.5 + 0.5 * boot.level);
    let pick = |range: std::ops::Range<usize>, f: &dyn Fn(usize) -> f64| -> Vec<f64> {
        range.map(f).collect()
    };
    Ok(SobolIndices {
        s1: point[..d].to_vec(),
        s1_conf_low: pick(0..d, &|i| intervals[i].low),
        s1_conf_high: pick(0..d, &|i| intervals[i].high),
        s1_conf: pick(0..d, &|i| z * intervals[i].sd),
        st: point[d..].to_vec(),
        st_conf_low: pick(d..2 * d, &|i| intervals[i].low),
        st_conf_high: pick(d..2 * d, &|i| intervals[i].high),
        st_conf: pick(d..2 * d, &|i| z * intervals[i].sd),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sensitivity::Range;
    use std::f64::consts::PI;

    fn run(design: &SaltelliDesign, f: impl Fn(&[f64]) -> f64) -> Vec<f64> {
        design.points().unwrap().iter().map(|p| f(p)).collect()
    }

    #[test]
    fn row_order_matches_salib_layout() {
        let design = SaltelliDesign::new(4, 2).unwrap();
        assert_eq!(design.effective_skip(), 16);
        let pts = design.points().unwrap();
        assert_eq!(pts.len(), 16);
        let base = sobol_seq::sobol_points(4, 4, 16).unwrap();
        for (j, row) in base.iter().enumerate() {
            let blk = &pts[j * 4..j * 4 + 4];
            assert_eq!(blk[0], vec![row[0], row[1]]); // A
            assert_eq!(blk[1], vec![row[2], row[1]]); // A_B^(1)
            assert_eq!(blk[2], vec![row[0], row[3]]); // A_B^(2)
            assert_eq!(blk[3], vec![row[2], row[3]]); // B
        }
        assert_eq!(SaltelliDesign::new(1000, 3).unwrap().effective_skip(), 1024);
        assert_eq!(
            SaltelliDesign::new(8, 1)
                .unwrap()
                .with_skip(0)
                .points()
                .unwrap()[0],
            vec![0.0]
        );
        assert!(SaltelliDesign::new(8, 33).is_err());
        assert!(SaltelliDesign::new(0, 3).is_err());
    }

    #[test]
    fn ishigami() {
        let (a, b) = (7.0, 0.1);
        let design = SaltelliDesign::new(1 << 13, 3).unwrap();
        let r = Range::linear(-PI, PI);
        let y = run(&design, |u| {
            let x: Vec<f64> = u.iter().map(|&u| r.map_unit(u)).collect();
            x[0].sin() + a * x[1].sin().powi(2) + b * x[2].powi(4) * x[0].sin()
        });
        let boot = BootstrapOptions {
            n_boot: 500,
            seed: 11,
            level: 0.95,
        };
        let si = design.analyze(&y, &boot).unwrap();
        // Analytic values.
        let pi4 = PI.powi(4);
        let pi8 = PI.powi(8);
        let v = a * a / 8.0 + b * pi4 / 5.0 + b * b * pi8 / 18.0 + 0.5;
        let v1 = 0.5 * (1.0 + b * pi4 / 5.0).powi(2);
        let v2 = a * a / 8.0;
        let v13 = 8.0 * b * b * pi8 / 225.0;
        let s1 = [v1 / v, v2 / v, 0.0];
        let st = [(v1 + v13) / v, v2 / v, v13 / v];
        assert!((s1[0] - 0.3139).abs() < 1e-3 && (st[2] - 0.2437).abs() < 1e-3);
        for i in 0..3 {
            assert!((si.s1[i] - s1[i]).abs() < 0.03, "S1[{i}] = {}", si.s1[i]);
            assert!((si.st[i] - st[i]).abs() < 0.03, "ST[{i}] = {}", si.st[i]);
            assert!(
                si.s1_conf_low[i] <= s1[i] && s1[i] <= si.s1_conf_high[i],
                "S1[{i}] CI {:?} misses {}",
                (si.s1_conf_low[i], si.s1_conf_high[i]),
                s1[i]
            );
            assert!(
                si.st_conf_low[i] <= st[i] && st[i] <= si.st_conf_high[i],
                "ST[{i}] CI {:?} misses {}",
                (si.st_conf_low[i], si.st_conf_high[i]),
                st[i]
            );
            assert!(si.s1_conf[i] > 0.0 && si.s1_conf[i] < 0.1);
        }
        // Deterministic.
        assert_eq!(design.analyze(&y, &boot).unwrap(), si);
    }

    #[test]
    fn sobol_g_function() {
        let a = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0, 99.0, 99.0];
        let d = a.len();
        let design = SaltelliDesign::new(1 << 13, d).unwrap();
        let y = run(&design, |u| {
            u.iter()
                .zip(&a)
                .map(|(&u, &ai)| ((4.0 * u - 2.0).abs() + ai) / (1.0 + ai))
                .product()
        });
        let vi: Vec<f64> = a
            .iter()
            .map(|ai| 1.0 / (3.0 * (1.0 + ai) * (1.0 + ai)))
            .collect();
        let v = vi.iter().map(|x| 1.0 + x).product::<f64>() - 1.0;
        let boot = BootstrapOptions {
            n_boot: 200,
            seed: 3,
            level: 0.95,
        };
        let si = design.analyze(&y, &boot).unwrap();
        for i in 0..d {
            let s1 = vi[i] / v;
            let others: f64 = (0..d).filter(|&j| j != i).map(|j| 1.0 + vi[j]).product();
            let st = vi[i] * others / v;
            assert!((si.s1[i] - s1).abs() < 0.03, "S1[{i}] {} vs {s1}", si.s1[i]);
            assert!((si.st[i] - st).abs() < 0.03, "ST[{i}] {} vs {st}", si.st[i]);
        }
    }

    #[test]
    fn constant_model_and_errors() {
        let design = SaltelliDesign::new(8, 2).unwrap();
        let y = vec![3.0; design.n_points()];
        let si = design.analyze(&y, &BootstrapOptions::default()).unwrap();
        assert_eq!(si.s1, vec![0.0, 0.0]);
        assert_eq!(si.st, vec![0.0, 0.0]);
        assert!(matches!(
            analyze_saltelli(&y, 8, 3, &BootstrapOptions::default()),
            Err(SensitivityError::OutputLength { .. })
        ));
        let none = BootstrapOptions {
            n_boot: 0,
            ..Default::default()
        };
        let y2: Vec<f64> = design.points().unwrap().iter().map(|p| p[0]).collect();
        let si = design.analyze(&y2, &none).unwrap();
        assert!(si.s1_conf_low[0].is_nan());
        assert!((si.st[0] - 1.0).abs() < 0.1);
    }
}
