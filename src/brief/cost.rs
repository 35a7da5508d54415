//! Discounted cost-effectiveness, from `timeseries.csv`, paired by
//! replication (`docs/STATISTICS.md`, "The brief"). Month `m` is worth
//! `(1 + rate)^(−(m − m0)/12)` of month `m0`, the program's first month;
//! months before it are not discounted. At a rate of 0 the sums equal the
//! undiscounted ones of `cost_effectiveness.csv`.

use super::columns as c;
use super::data::{RepSeries, RunData};
use crate::stats::{MeanCi, mean_ci};

/// Default annual real discount rate: 6%, the rate of the Asian Development
/// Bank's *Guidelines for the Economic Analysis of Projects* (2017) for
/// social-sector and poverty-targeted projects, the guidance under which
/// externally financed community-development projects in Indonesia are
/// appraised (docs/STATISTICS.md gives the reasoning and the alternatives).
pub const DEFAULT_DISCOUNT: f64 = 0.06;

/// One arm's discounted costs and gains against control.
#[derive(Clone, Debug)]
pub struct ArmCost {
    pub arm: String,
    pub replications: usize,
    /// Discounted program cost (Rp), mean over replications.
    pub cost: f64,
    /// Households out of poverty at the program's end (not discounted).
    pub lifted_at_end: MeanCi,
    pub end_month: u32,
    /// Discounted household-years out of poverty through the horizon.
    pub household_years: MeanCi,
    /// Discounted consumption gained through the horizon (Rp).
    pub gain: MeanCi,
}

impl ArmCost {
    /// Cost per household lifted out of poverty at the program's end, with
    /// the interval from that of the households; `None` unless the interval
    /// of households lifted is above zero.
    pub fn cost_per_lifted(&self) -> Option<(f64, f64, f64)> {
        ratio_of(self.cost, &self.lifted_at_end)
    }
    pub fn cost_per_household_year(&self) -> Option<(f64, f64, f64)> {
        ratio_of(self.cost, &self.household_years)
    }
    /// Consumption gained per rupiah of cost, with the gain's interval.
    pub fn gain_per_rupiah(&self) -> Option<(f64, f64, f64)> {
        (self.cost > 0.0 && self.gain.mean.is_finite()).then(|| {
            (
                self.gain.mean / self.cost,
                self.gain.ci_low / self.cost,
                self.gain.ci_high / self.cost,
            )
        })
    }
}

fn ratio_of(cost: f64, d: &MeanCi) -> Option<(f64, f64, f64)> {
    (cost > 0.0 && d.ci_low > 0.0 && d.ci_high.is_finite())
        .then(|| (cost / d.mean, cost / d.ci_high, cost / d.ci_low))
}

/// Discount factor of month `m` (1-based) for a program starting in `m0`.
pub fn factor(rate: f64, m: usize, m0: usize) -> f64 {
    let dt = m.saturating_sub(m0) as f64 / 12.0;
    (1.0 + rate).powf(-dt)
}

/// Discounted sums for every treated arm (empty without a control arm).
pub fn discounted(data: &RunData, rate: f64) -> Vec<ArmCost> {
    let Some(control) = data.series.get(c::CONTROL_ARM) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for arm in data.treated() {
        let Some(reps) = data.series.get(arm) else {
            continue;
        };
        let m0 = data
            .arm(arm)
            .map(|a| a.scenario.program.start_month.max(1) as usize)
            .unwrap_or(1);
        let end = data
            .effects
            .iter()
            .find(|e| e.arm == arm && e.when == super::data::When::ProgramEnd)
            .map(|e| e.month)
            .unwrap_or(data.manifest.months);
        let (mut costs, mut lifted, mut years, mut gains) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (t, k) in reps.iter().zip(control) {
            let (cost, y, g) = sums(t, k, rate, m0);
            costs.push(cost);
            years.push(y);
            gains.push(g);
            let e = end as usize - 1;
            if e < t.poverty_rate.len() && e < k.poverty_rate.len() {
                lifted.push((k.poverty_rate[e] - t.poverty_rate[e]) * k.households[e]);
            }
        }
        if costs.is_empty() {
            continue;
        }
        out.push(ArmCost {
            arm: arm.to_string(),
            replications: costs.len(),
            cost: costs.iter().sum::<f64>() / costs.len() as f64,
            lifted_at_end: mean_ci(&lifted, 0.95),
            end_month: end,
            household_years: mean_ci(&years, 0.95),
            gain: mean_ci(&gains, 0.95),
        });
    }
    out
}

/// (discounted cost, household-years out of poverty, consumption gain) of
/// one replication.
fn sums(t: &RepSeries, k: &RepSeries, rate: f64, m0: usize) -> (f64, f64, f64) {
    let (mut cost, mut years, mut gain, mut prev) = (0.0, 0.0, 0.0, 0.0);
    let n = t.poverty_rate.len().min(k.poverty_rate.len());
    for i in 0..n {
        let d = factor(rate, i + 1, m0);
        let cum = t.program_cost[i];
        if cum.is_finite() {
            cost += (cum - prev) * d;
            prev = cum;
        }
        let hh = k.households[i];
        let out = (k.poverty_rate[i] - t.poverty_rate[i]) * hh / 12.0;
        let g = (t.consumption_hh[i] - k.consumption_hh[i]) * hh;
        if out.is_finite() {
            years += out * d;
        }
        if g.is_finite() {
            gain += g * d;
        }
    }
    (cost, years, gain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discount_factor_is_annual_and_starts_at_the_program() {
        assert_eq!(factor(0.06, 1, 1), 1.0);
        assert!((factor(0.06, 13, 1) - 1.0 / 1.06).abs() < 1e-12);
        assert_eq!(factor(0.06, 1, 5), 1.0);
        assert_eq!(factor(0.0, 100, 1), 1.0);
    }

    #[test]
    fn sums_discount_flows_not_stocks() {
        let k = RepSeries {
            poverty_rate: vec![0.2; 24],
            households: vec![100.0; 24],
            consumption_hh: vec![1000.0; 24],
            program_cost: vec![0.0; 24],
        };
        let mut t = k.clone();
        t.poverty_rate = vec![0.1; 24];
        t.consumption_hh = vec![1100.0; 24];
        // Rp 120 spent in month 1 only: cumulative cost stays 120
        t.program_cost = vec![120.0; 24];
        let (cost, years, gain) = sums(&t, &k, 0.0, 1);
        assert_eq!(cost, 120.0);
        assert!((years - 20.0).abs() < 1e-9); // 10 households x 2 years
        assert!((gain - 24.0 * 100.0 * 100.0).abs() < 1e-6);
        let (cost_d, years_d, _) = sums(&t, &k, 0.1, 1);
        assert_eq!(cost_d, 120.0, "a cost in the first month is not discounted");
        assert!(years_d < years && years_d > years / 1.1);
    }
}
