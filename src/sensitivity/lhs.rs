//! Latin hypercube sampling (McKay, Beckman & Conover 1979).
//!
//! `n` points in `[0, 1)^d` such that, in every dimension, each of the `n`
//! strata `[k/n, (k+1)/n)` holds exactly one point. The construction follows
//! SALib's `latin.sample`: for each dimension in turn, draw one uniform value
//! inside each stratum (stratum order), then shuffle those `n` values
//! (Fisher–Yates) and assign them to the points. The generator is
//! `Xoshiro256PlusPlus::seed_from_u64(seed)`, so a seed fixes the design.

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

use super::SensitivityError;

/// A Latin hypercube of `n` points in `[0, 1)^d`, deterministic in `seed`.
///
/// Returns an empty vector when `n == 0`, and `n` empty points when `d == 0`.
pub fn latin_hypercube(n: usize, d: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut points = vec![vec![0.0; d]; n];
    let mut column = vec![0.0; n];
    let width = 1.0 / n as f64;
    for j in 0..d {
        for (k, slot) in column.iter_mut().enumerate() {
            let u: f64 = rng.random();
            let mut x = (k as f64 + u) * width;
            // Rounding must not push a value into the next stratum (or to 1).
            if (x * n as f64).floor() as usize != k || x >= 1.0 {
                x = (k as f64 + 0.5) * width;
            }
            *slot = x;
        }
        // Fisher–Yates shuffle.
        for i in (1..n).rev() {
            let r = rng.random_range(0..=i);
            column.swap(i, r);
        }
        for (p, &x) in points.iter_mut().zip(&column) {
            p[j] = x;
        }
    }
    points
}

/// A Latin hypercube design (no estimator of its own).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LhsDesign {
    /// Number of points.
    pub n: usize,
    /// Number of parameters.
    pub dims: usize,
    /// Seed of the generator.
    pub seed: u64,
}

impl LhsDesign {
    /// A design of `n >= 1` points in `dims >= 1` dimensions.
    pub fn new(n: usize, dims: usize, seed: u64) -> Result<Self, SensitivityError> {
        let d = Self { n, dims, seed };
        d.validate()?;
        Ok(d)
    }

    fn validate(&self) -> Result<(), SensitivityError> {
        if self.n == 0 || self.dims == 0 {
            return Err(SensitivityError::InvalidArgument(format!(
                "a Latin hypercube needs n >= 1 and dims >= 1, got n = {}, dims = {}",
                self.n, self.dims
            )));
        }
        Ok(())
    }

    /// The points (see [`latin_hypercube`]).
    pub fn points(&self) -> Result<Vec<Vec<f64>>, SensitivityError> {
        self.validate()?;
        Ok(latin_hypercube(self.n, self.dims, self.seed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_point_per_stratum() {
        for &(n, d) in &[(1, 3), (7, 2), (100, 5), (1000, 3)] {
            let pts = latin_hypercube(n, d, 12345);
            assert_eq!(pts.len(), n);
            for j in 0..d {
                let mut seen = vec![false; n];
                for p in &pts {
                    assert!((0.0..1.0).contains(&p[j]));
                    let k = (p[j] * n as f64).floor() as usize;
                    assert!(!seen[k], "stratum {k} of dim {j} hit twice");
                    seen[k] = true;
                }
                assert!(seen.iter().all(|&s| s));
            }
        }
    }

    #[test]
    fn deterministic_in_seed() {
        assert_eq!(latin_hypercube(50, 4, 9), latin_hypercube(50, 4, 9));
        assert_ne!(latin_hypercube(50, 4, 9), latin_hypercube(50, 4, 10));
        let d = LhsDesign::new(20, 3, 5).unwrap();
        assert_eq!(d.points().unwrap(), d.points().unwrap());
        assert!(LhsDesign::new(0, 3, 5).is_err());
        assert!(latin_hypercube(0, 3, 1).is_empty());
    }
}
