//! Sampling designs and estimators for global sensitivity analysis.
//!
//! Every design produces points in the unit cube `[0, 1]^d` (one `Vec<f64>`
//! per point, in a fixed, documented order); a [`Range`] maps a unit
//! coordinate to a parameter's own scale, linearly or in log space. After the
//! model has been run once per point, the outputs — in the same point order —
//! go back to the design, which computes its indices. The definitions follow
//! the standard references and SALib's conventions so results can be compared
//! with SALib:
//!
//! * [`grid`]: full factorial designs;
//! * [`lhs`]: Latin hypercube sampling (McKay, Beckman & Conover 1979);
//! * [`sobol_seq`]: the Sobol' low-discrepancy sequence with the Joe & Kuo
//!   (2008) direction numbers (`new-joe-kuo-6.21201`);
//! * [`saltelli`]: Saltelli et al. (2010) sampling with first-order indices by
//!   Saltelli et al. (2010) and total-order indices by Jansen (1999), with
//!   bootstrap confidence intervals;
//! * [`morris`]: Morris (1991) elementary-effects screening with the μ* of
//!   Campolongo, Cariboni & Saltelli (2007).
//!
//! [`Design`] wraps the four designs behind one interface:
//!
//! ```
//! use berdaya::sensitivity::{BootstrapOptions, Design, Indices, MorrisDesign, Range};
//!
//! let design = Design::Morris(MorrisDesign::new(10, 3, 4, 7).unwrap());
//! let ranges = [Range::linear(0.0, 2.0), Range::linear(-1.0, 1.0), Range::log(0.1, 10.0)];
//! let outputs: Vec<f64> = design
//!     .points()
//!     .unwrap()
//!     .iter()
//!     .map(|u| {
//!         let x: Vec<f64> = ranges.iter().zip(u).map(|(r, &u)| r.map_unit(u)).collect();
//!         3.0 * x[0] + x[1] * x[1]
//!     })
//!     .collect();
//! let Indices::Morris(m) = design.analyze(&outputs, &BootstrapOptions::default()).unwrap() else {
//!     unreachable!()
//! };
//! assert!(m.mu_star[0] > m.mu_star[2]);
//! ```
//!
//! References: Morris, M. D. (1991), *Technometrics* 33(2):161–174;
//! Campolongo, F., Cariboni, J., Saltelli, A. (2007), *Environmental
//! Modelling & Software* 22(10):1509–1518; Saltelli, A. et al. (2010),
//! *Computer Physics Communications* 181(2):259–270; Jansen, M. J. W. (1999),
//! *Computer Physics Communications* 117(1–2):35–43; Joe, S., Kuo, F. Y.
//! (2008), *SIAM J. Sci. Comput.* 30(5):2635–2654.

pub mod grid;
pub mod lhs;
pub mod morris;
pub mod saltelli;
pub mod sobol_seq;

use serde::{Deserialize, Serialize};

pub use grid::{GridDesign, full_factorial};
pub use lhs::{LhsDesign, latin_hypercube};
pub use morris::{MorrisDesign, MorrisIndices, analyze_morris, elementary_effects};
pub use saltelli::{SaltelliDesign, SobolIndices, analyze_saltelli};
pub use sobol_seq::{MAX_DIMS as SOBOL_MAX_DIMS, SobolSeq, sobol_points};

/// Errors from building a design or analysing its outputs.
#[derive(Clone, Debug, PartialEq)]
pub enum SensitivityError {
    /// An argument is out of its domain (the message says which and why).
    InvalidArgument(String),
    /// More dimensions were requested than the design supports.
    TooManyDims {
        /// Dimensions requested.
        requested: usize,
        /// Largest number supported.
        max: usize,
    },
    /// The number of model outputs does not match the number of points.
    OutputLength {
        /// Outputs the design expects (its number of points).
        expected: usize,
        /// Outputs given.
        got: usize,
    },
    /// A model output is `NaN` or infinite.
    NonFiniteOutput {
        /// Position of the first offending output.
        index: usize,
    },
    /// The points given to a Morris analysis are not one-at-a-time
    /// trajectories (a step changes no factor, or several).
    InvalidTrajectory {
        /// Trajectory number (0-based).
        trajectory: usize,
        /// Step within the trajectory (0-based).
        step: usize,
    },
    /// The design has no sensitivity estimator (grid and LHS designs).
    NoEstimator(&'static str),
}

impl std::fmt::Display for SensitivityError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::InvalidArgument(m) => write!(f, "invalid argument: {m}"),
            Self::TooManyDims { requested, max } => {
                write!(
                    f,
                    "{requested} dimensions requested, at most {max} supported"
                )
            }
            Self::OutputLength { expected, got } => {
                write!(
                    f,
                    "expected {expected} model outputs (one per point), got {got}"
                )
            }
            Self::NonFiniteOutput { index } => {
                write!(f, "model output {index} is not finite")
            }
            Self::InvalidTrajectory { trajectory, step } => write!(
                f,
                "Morris trajectory {trajectory}, step {step}: not a one-at-a-time step"
            ),
            Self::NoEstimator(kind) => {
                write!(f, "a {kind} design has no sensitivity estimator")
            }
        }
    }
}

impl std::error::Error for SensitivityError {}

/// The range of one parameter, with the map from the unit interval to it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Range {
    /// Value at `u = 0`.
    pub min: f64,
    /// Value at `u = 1`.
    pub max: f64,
    /// Map uniformly in log space (`min > 0` and `max > 0` required).
    #[serde(default)]
    pub log: bool,
}

impl Range {
    /// A linear range `[min, max]`.
    pub fn linear(min: f64, max: f64) -> Self {
        Self {
            min,
            max,
            log: false,
        }
    }

    /// A log-uniform range `[min, max]` (both must be positive; see
    /// [`Range::validate`]).
    pub fn log(min: f64, max: f64) -> Self {
        Self {
            min,
            max,
            log: true,
        }
    }

    /// Checks that both ends are finite, and positive for a log range.
    /// (`min > max` is allowed: the map then runs downwards.)
    pub fn validate(&self) -> Result<(), SensitivityError> {
        if !self.min.is_finite() || !self.max.is_finite() {
            return Err(SensitivityError::InvalidArgument(format!(
                "range ends must be finite, got [{}, {}]",
                self.min, self.max
            )));
        }
        if self.log && (self.min <= 0.0 || self.max <= 0.0) {
            return Err(SensitivityError::InvalidArgument(format!(
                "a log range needs positive ends, got [{}, {}]",
                self.min, self.max
            )));
        }
        Ok(())
    }

    /// Maps `u` in `[0, 1]` to the range: `(1-u)·min + u·max`, or for a log
    /// range `min·(max/min)^u` (uniform in `ln x`). The ends map exactly to
    /// `min` and `max`. `u` outside `[0, 1]` extrapolates. A log range with a
    /// non-positive end gives `NaN`.
    pub fn map_unit(&self, u: f64) -> f64 {
        if self.log {
            if self.min <= 0.0 || self.max <= 0.0 {
                return f64::NAN;
            }
            if u == 0.0 {
                return self.min;
            }
            if u == 1.0 {
                return self.max;
            }
            let (a, b) = (self.min.ln(), self.max.ln());
            ((1.0 - u) * a + u * b).exp()
        } else {
            (1.0 - u) * self.min + u * self.max
        }
    }

    /// Inverse of [`Range::map_unit`]: the unit coordinate of `x`. `NaN` for
    /// an empty range (`min == max`) or an invalid log range.
    pub fn to_unit(&self, x: f64) -> f64 {
        if self.log {
            if self.min <= 0.0 || self.max <= 0.0 || x <= 0.0 || self.min == self.max {
                return f64::NAN;
            }
            (x.ln() - self.min.ln()) / (self.max.ln() - self.min.ln())
        } else {
            if self.min == self.max {
                return f64::NAN;
            }
            (x - self.min) / (self.max - self.min)
        }
    }
}

/// Maps a unit-cube point to parameter values, coordinate by coordinate
/// (extra coordinates or ranges beyond the shorter of the two are ignored).
pub fn map_point(ranges: &[Range], unit: &[f64]) -> Vec<f64> {
    ranges
        .iter()
        .zip(unit)
        .map(|(r, &u)| r.map_unit(u))
        .collect()
}

/// Settings of the bootstrap used for confidence intervals.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BootstrapOptions {
    /// Number of bootstrap resamples (0 disables the intervals: they are `NaN`).
    pub n_boot: usize,
    /// Seed of the resampling generator (`Xoshiro256PlusPlus`).
    pub seed: u64,
    /// Two-sided confidence level, in `(0, 1)`.
    pub level: f64,
}

impl Default for BootstrapOptions {
    /// 1000 resamples, seed 0, 95 % level (SALib's defaults, seed aside).
    fn default() -> Self {
        Self {
            n_boot: 1000,
            seed: 0,
            level: 0.95,
        }
    }
}

/// Any of the designs, to sample and later analyse through one interface.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Design {
    /// A full factorial grid (no estimator).
    Grid(GridDesign),
    /// A Latin hypercube (no estimator).
    Lhs(LhsDesign),
    /// Saltelli sampling for Sobol' indices.
    Saltelli(SaltelliDesign),
    /// Morris elementary-effects trajectories.
    Morris(MorrisDesign),
}

/// Sensitivity indices computed by [`Design::analyze`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Indices {
    /// First- and total-order Sobol' indices.
    Sobol(SobolIndices),
    /// Morris μ, μ*, σ.
    Morris(MorrisIndices),
}

impl Design {
    /// Number of parameters (dimensions of the unit cube).
    pub fn dims(&self) -> usize {
        match self {
            Design::Grid(g) => g.dims(),
            Design::Lhs(l) => l.dims,
            Design::Saltelli(s) => s.dims,
            Design::Morris(m) => m.dims,
        }
    }

    /// Number of points (model runs) the design asks for.
    pub fn n_points(&self) -> usize {
        match self {
            Design::Grid(g) => g.n_points(),
            Design::Lhs(l) => l.n,
            Design::Saltelli(s) => s.n_points(),
            Design::Morris(m) => m.n_points(),
        }
    }

    /// The points in the unit cube, in the order the outputs must be given to
    /// [`Design::analyze`]. Deterministic for a given design.
    pub fn points(&self) -> Result<Vec<Vec<f64>>, SensitivityError> {
        match self {
            Design::Grid(g) => Ok(g.points()),
            Design::Lhs(l) => l.points(),
            Design::Saltelli(s) => s.points(),
            Design::Morris(m) => m.points(),
        }
    }

    /// Computes the design's indices from the model outputs, given in point
    /// order. Grid and LHS designs have no estimator and return
    /// [`SensitivityError::NoEstimator`].
    pub fn analyze(
        &self,
        outputs: &[f64],
        boot: &BootstrapOptions,
    ) -> Result<Indices, SensitivityError> {
        match self {
            Design::Grid(_) => Err(SensitivityError::NoEstimator("grid")),
            Design::Lhs(_) => Err(SensitivityError::NoEstimator("Latin hypercube")),
            Design::Saltelli(s) => s.analyze(outputs, boot).map(Indices::Sobol),
            Design::Morris(m) => m.analyze(outputs, boot).map(Indices::Morris),
        }
    }
}

/// Checks `outputs` has `expected` finite values.
pub(crate) fn check_outputs(outputs: &[f64], expected: usize) -> Result<(), SensitivityError> {
    if outputs.len() != expected {
        return Err(SensitivityError::OutputLength {
            expected,
            got: outputs.len(),
        });
    }
    if let Some(index) = outputs.iter().position(|y| !y.is_finite()) {
        return Err(SensitivityError::NonFiniteOutput { index });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_maps() {
        let r = Range::linear(-2.0, 6.0);
        assert_eq!(r.map_unit(0.0), -2.0);
        assert_eq!(r.map_unit(1.0), 6.0);
        assert_eq!(r.map_unit(0.5), 2.0);
        assert!((r.to_unit(4.0) - 0.75).abs() < 1e-15);
        let l = Range::log(0.01, 100.0);
        assert!(l.validate().is_ok());
        assert_eq!(l.map_unit(0.0), 0.01);
        assert_eq!(l.map_unit(1.0), 100.0);
        assert!((l.map_unit(0.5) - 1.0).abs() < 1e-12);
        assert!((l.map_unit(0.25) - 0.1).abs() < 1e-12);
        assert!((l.to_unit(10.0) - 0.75).abs() < 1e-12);
        let bad = Range::log(0.0, 1.0);
        assert!(bad.validate().is_err());
        assert!(bad.map_unit(0.5).is_nan());
        assert!(Range::linear(f64::NAN, 1.0).validate().is_err());
        assert_eq!(map_point(&[r, l], &[1.0, 0.0]), vec![6.0, 0.01]);
    }

    #[test]
    fn design_enum_roundtrip_and_dispatch() {
        let designs = [
            Design::Grid(GridDesign::uniform_levels(&[2, 3])),
            Design::Lhs(LhsDesign::new(8, 2, 1).unwrap()),
            Design::Saltelli(SaltelliDesign::new(16, 2).unwrap()),
            Design::Morris(MorrisDesign::new(5, 2, 4, 3).unwrap()),
        ];
        for d in &designs {
            let pts = d.points().unwrap();
            assert_eq!(pts.len(), d.n_points());
            assert!(pts.iter().all(|p| p.len() == d.dims()));
            assert!(pts.iter().flatten().all(|&u| (0.0..=1.0).contains(&u)));
            let json = serde_json::to_string(d).unwrap();
            let back: Design = serde_json::from_str(&json).unwrap();
            assert_eq!(&back, d);
            assert_eq!(back.points().unwrap(), pts);
            let y: Vec<f64> = pts.iter().map(|p| p[0] + 2.0 * p[1]).collect();
            let r = d.analyze(&y, &BootstrapOptions::default());
            match d {
                Design::Grid(_) | Design::Lhs(_) => {
                    assert!(matches!(r, Err(SensitivityError::NoEstimator(_))))
                }
                Design::Saltelli(_) => assert!(matches!(r, Ok(Indices::Sobol(_)))),
                Design::Morris(_) => assert!(matches!(r, Ok(Indices::Morris(_)))),
            }
            // Wrong lengths and NaN outputs are errors, not panics.
            if matches!(d, Design::Saltelli(_) | Design::Morris(_)) {
                assert!(matches!(
                    d.analyze(&y[1..], &BootstrapOptions::default()),
                    Err(SensitivityError::OutputLength { .. })
                ));
                let mut bad = y.clone();
                bad[3] = f64::NAN;
                assert_eq!(
                    d.analyze(&bad, &BootstrapOptions::default()),
                    Err(SensitivityError::NonFiniteOutput { index: 3 })
                );
            }
        }
    }
}
