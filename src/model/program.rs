//! Program delivery (MODEL.md step 1; C6, C8, C17): the budget is spent evenly
//! over the program's months and spread over villages by the allocation rule
//! (computed once, at the start month, from the number of poor households in
//! each village: [`allocate`]). In this version the capital component is
//! delivered: the money goes into the village's revolving fund.

use super::household::rp;
use super::metrics::Acc;
use super::params::Params;
use super::village::Village;
use crate::scenario::Allocation;

/// Budget reaching one village in a month of the program.
pub fn monthly_money(p: &Params, weight: f64) -> f64 {
    let pr = &p.s.program;
    rp(pr.budget / pr.duration_months as f64 * weight)
}

/// Delivers this month's money to the village.
pub fn deliver(v: &mut Village, p: &Params, month: i32, acc: &mut Acc) {
    if !p.program_active(month) || v.budget_weight <= 0.0 {
        return;
    }
    let money = monthly_money(p, v.budget_weight);
    acc.program_money += money as i64;
    if p.has_capital {
        v.fund.cash += money;
        if v.audit {
            v.fund_ledger.injected += money;
        }
    }
}

/// Sets each village's share of the budget (C6). Covered villages are the
/// first `coverage` share of villages (whole districts first); "uniform"
/// shares equally, "need-based" in proportion to poor households,
/// "concentrated" equally over the neediest `concentration` share.
pub fn allocate(villages: &mut [Village], p: &Params) {
    let pr = &p.s.program;
    let n = villages.len();
    let covered =
        ((pr.coverage * n as f64).round() as usize).clamp(usize::from(pr.coverage > 0.0), n);
    for v in villages.iter_mut() {
        v.budget_weight = 0.0;
    }
    if covered == 0 {
        return;
    }
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
