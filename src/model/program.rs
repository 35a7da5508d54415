//! Program delivery (MODEL.md step 1; C5, C6, C7, C8, C9, C16b, C17).
//!
//! **Budget.** Facilitators are paid from the budget (`facilitators × monthly
//! cost` while they work; see [`super::params::Params`]); the rest is spent
//! evenly over the program's months and spread over covered villages by the
//! allocation rule ([`allocate`], C6). So arms of the same budget cost the same,
//! whatever their components (an early facilitator exit saves the salaries it
//! does not pay).
//!
//! **Governance** ([`deliver`], C5, C7, C9). Of the money reaching a village,
//! `capture = capture_max × elite_power × (1 − transparency) × (1 −
//! accountability)` is captured by elite households (as cash), and `wish =
//! wish_list_max × (1 − deliberation)` buys the wish list (no effect);
//! deliberation is the village's own plus `enabler_deliberation` in enabler
//! mode. Both count in `capture_share`. The rest reaches the components, split by
//! the normalised shares: capital into the village's revolving fund (lent to
//! individuals, or to group members under joint liability), infrastructure into
//! the village's infrastructure stock, institutions into training and
//! governance, partnership into business readiness. In enabler mode the
//! community adds `matching_share` in labour and materials to infrastructure and
//! institutions (C8).

use super::facilitation;
use super::group::{self, CONFLICT, LEADERSHIP, MEETINGS, RECORDS};
use super::household::{NO_GROUP, flag, rp};
use super::metrics::Acc;
use super::params::Params;
use super::village::Village;
use crate::scenario::Allocation;

/// Shares of a village's program money that the elite captures and that the
/// wish list takes.
pub fn leakage(v: &Village, p: &Params) -> (f64, f64) {
    let g = &p.s.governance;
    let capture = (g.capture_max
        * v.elite_power as f64
        * (1.0 - v.transparency as f64)
        * (1.0 - v.accountability as f64))
        .clamp(0.0, 1.0);
    let delib = (v.deliberation as f64
        + if p.enabler {
            g.enabler_deliberation
        } else {
            0.0
        })
    .min(1.0);
    let wish = (g.wish_list_max * (1.0 - delib))
        .max(0.0)
        .min(1.0 - capture);
    (capture, wish)
}

/// Delivers this month's money to the village.
pub fn deliver(v: &mut Village, p: &Params, month: i32, acc: &mut Acc) {
    if !p.program_active(month) || v.budget_weight <= 0.0 {
        return;
    }
    let money = rp(p.village_money_per_month * v.budget_weight);
    if money <= 0.0 {
        return;
    }
    acc.program_money += money as i64;
    let (capture, wish) = leakage(v, p);
    let elites: Vec<usize> = (0..v.hh.len())
        .filter(|&i| v.hh.flags[i] & flag::ELITE != 0)
        .collect();
    let captured = if elites.is_empty() {
        0.0
    } else {
        rp(money * capture / elites.len() as f64) * elites.len() as f64
    };
    let wasted = rp(money * wish);
    acc.captured += (captured + wasted) as i64;
    acc.elite_captured += captured as i64;
    if !elites.is_empty() {
        let each = captured / elites.len() as f64;
        for &i in &elites {
            v.hh.cash[i] += each;
        }
        if v.audit {
            v.ledger.capture_received += captured;
        }
    }
    let purpose = money - captured - wasted;
    if v.audit {
        let f = &mut v.fund_ledger;
        f.delivered += money;
        f.captured += captured;
        f.wasted += wasted;
        f.purpose += purpose;
    }
    let matching = if p.enabler {
        1.0 + p.s.program.matching_share
    } else {
        1.0
    };
    let sh = p.village_shares;
    let capital = rp(purpose * sh[0]);
    let infra = rp(purpose * sh[1]);
    let inst = rp(purpose * sh[2]);
    let partner = purpose - capital - infra - inst;
    if capital > 0.0 {
        if p.s.program.capital_as == crate::scenario::CapitalForm::Grants {
            v.grant_pool += capital;
        } else {
            v.fund.cash += capital;
            if v.audit {
                v.fund_ledger.injected += capital;
            }
        }
    }
    v.infra_stock += infra * matching;
    if inst > 0.0 {
        let gov = inst * p.s.institutions.governance_share;
        let step = ((0.1 * gov * matching / p.s.institutions.governance_cost) as f32).min(1.0);
        v.transparency += step * (1.0 - v.transparency);
        v.accountability += step * (1.0 - v.accountability);
        v.training_funds += (inst - gov) * matching;
    }
    if partner > 0.0 {
        v.partnership_spent += partner;
        v.readiness = (1.0 - (-v.partnership_spent / p.s.partnership.readiness_cost).exp()) as f32;
    }
}

/// Spends the village's training funds (institutions component): vocational
/// training of the households the program reaches (individual approach), or
/// group capacity training and members' training (group approach).
pub fn train(v: &mut Village, p: &Params) {
    let inst = &p.s.institutions;
    if v.training_funds < inst.training_cost.min(inst.capacity_cost) {
        return;
    }
    let n = v.hh.len();
    if p.group_approach {
        // half for groups' leadership and bookkeeping, half for members' skills
        let mut for_groups = 0.5 * v.training_funds;
        let active: Vec<usize> = (0..v.groups.len())
            .filter(|&k| v.groups[k].active)
            .collect();
        if !active.is_empty() {
            let mut tries = 0;
            while for_groups >= inst.capacity_cost && tries < active.len() {
                let k = active[v.group_cursor % active.len()];
                v.group_cursor += 1;
                tries += 1;
                let g = &mut v.groups[k];
                for part in [LEADERSHIP, MEETINGS, RECORDS, CONFLICT] {
                    g.capacity[part] += inst.capacity_gain as f32 * (1.0 - g.capacity[part]);
                }
                for_groups -= inst.capacity_cost;
                v.training_funds -= inst.capacity_cost;
            }
        }
    }
    let mut tries = 0;
    while v.training_funds >= inst.training_cost && tries < n {
        let i = v.train_cursor % n;
        v.train_cursor += 1;
        tries += 1;
        let eligible = if p.group_approach {
            v.hh.group[i] != NO_GROUP
        } else {
            v.hh.flags[i] & flag::SERVED != 0 || v.fte <= 0.0
        };
        if !eligible || v.hh.flags[i] & flag::ELITE != 0 {
            continue;
        }
        let gain = inst.skill_gain as f32;
        v.hh.skill[i] += gain * (1.0 - v.hh.skill[i]);
        v.hh.info[i] += 0.5 * gain * (1.0 - v.hh.info[i]);
        v.training_funds -= inst.training_cost;
    }
}

/// Sets each village's share of the budget (C6) and of the facilitators.
/// Covered villages are the first `coverage` share of villages (whole
/// districts first); "uniform" shares equally, "need-based" in proportion to
/// poor households, "concentrated" equally over the neediest `concentration`
/// share.
pub fn allocate(villages: &mut [Village], p: &Params) {
    let pr = &p.s.program;
    let n = villages.len();
    let covered =
        ((pr.coverage * n as f64).round() as usize).clamp(usize::from(pr.coverage > 0.0), n);
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
        v.fte = p.facilitators as f64 * v.budget_weight;
        facilitation::select_caseload(v, p);
    }
}

/// Provider mode (C4): the monthly erosion of the confidence and
/// participation of the households of a village receiving top-down aid (0
/// otherwise); applied in pass D.
pub fn dependence_rate(v: &Village, p: &Params, month: i32) -> f32 {
    if p.enabler || !p.program_active(month) || v.budget_weight <= 0.0 {
        0.0
    } else {
        p.s.program.dependence as f32
    }
}

/// Does a group program without facilitators organise groups here this month
/// to channel its capital?
pub fn needs_admin_groups(p: &Params, v: &Village, month: i32) -> bool {
    p.group_approach
        && p.has(crate::scenario::Component::Capital)
        && p.program_active(month)
        && v.budget_weight > 0.0
        && p.facilitators == 0
}

pub use group::form_monthly;
