//! Allocation of the program over villages (C6): which villages a program
//! covers, each one's share of the budget and of the facilitators.

use super::facilitation;
use super::params::Params;
use super::village::Village;
use crate::scenario::Allocation;

/// Sets each village's share of the budget (C6) and of the facilitators.
/// Covered villages are the first `coverage` share of villages (whole
/// districts first); "uniform" shares equally, "need-based" in proportion to
/// poor households, "concentrated" equally over the neediest `concentration`
/// share.
pub fn allocate(villages: &mut [Village], p: &Params) {
    let pr = &p.scenario.program;
    let covered = crate::scenario::derived::covered_villages(&p.scenario);
    for v in villages.iter_mut() {
        v.budget_weight = 0.0;
        v.fte = 0.0;
    }
    if covered > 0 {
        let cov = &mut villages[..covered];
        match pr.allocation {
            Allocation::Uniform => cov
                .iter_mut()
                .for_each(|v| v.budget_weight = 1.0 / covered as f64),
            Allocation::NeedBased => {
                let total: f64 = cov.iter().map(|v| v.poor_last as f64).sum();
                for v in cov.iter_mut() {
                    v.budget_weight = if total > 0.0 {
                        v.poor_last as f64 / total
                    } else {
                        1.0 / covered as f64
                    };
                }
            }
            Allocation::Concentrated => {
                let k = ((pr.concentration * covered as f64).ceil() as usize).clamp(1, covered);
                let mut order: Vec<usize> = (0..covered).collect();
                order.sort_by(|&a, &b| cov[b].poor_last.cmp(&cov[a].poor_last).then(a.cmp(&b)));
                for &i in &order[..k] {
                    cov[i].budget_weight = 1.0 / k as f64;
                }
            }
        }
    }
    for v in villages.iter_mut() {
        v.fte = p.facilitators * v.budget_weight;
        facilitation::select_caseload(v, p);
    }
}
