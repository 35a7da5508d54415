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

use super::household::rp;
use super::metrics::MonthTotals;
use super::params::Params;
use super::village::Village;
use super::{governance, institutions};

/// Delivers this month's money to the village.
pub fn deliver(v: &mut Village, p: &Params, month: i32, acc: &mut MonthTotals) {
    if !p.program_active(month) || v.budget_weight <= 0.0 {
        return;
    }
    let money = rp(p.village_money_per_month * v.budget_weight);
    if money <= 0.0 {
        return;
    }
    acc.program_money += money as i64;
    let (captured, wasted) = governance::skim(v, p, money, acc);
    let purpose = money - captured - wasted;
    if v.audit {
        let f = &mut v.fund_ledger;
        f.delivered += money;
        f.captured += captured;
        f.wasted += wasted;
        f.purpose += purpose;
    }
    let matching = if p.enabler {
        1.0 + p.scenario.program.matching_share
    } else {
        1.0
    };
    let sh = p.village_shares;
    let capital = rp(purpose * sh[0]);
    let infra = rp(purpose * sh[1]);
    let inst = rp(purpose * sh[2]);
    let partner = purpose - capital - infra - inst;
    if capital > 0.0 {
        if p.scenario.program.capital_as != crate::scenario::CapitalForm::Loans {
            // asset grants or cash transfers: given out by credit::grant
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
        institutions::invest(v, p, inst, matching);
    }
    if partner > 0.0 {
        v.partnership_spent += partner;
        v.readiness =
            (1.0 - (-v.partnership_spent / p.scenario.partnership.readiness_cost).exp()) as f32;
    }
}

/// Provider mode (C4): the monthly erosion of the confidence and
/// participation of the households of a village receiving top-down aid (0
/// otherwise); applied in pass D.
pub fn dependence_rate(v: &Village, p: &Params, month: i32) -> f32 {
    if p.enabler || !p.program_active(month) || v.budget_weight <= 0.0 {
        0.0
    } else {
        p.scenario.program.dependence as f32
    }
}

/// Does a group program without facilitators organise groups here this month
/// to channel its capital?
pub fn needs_admin_groups(p: &Params, v: &Village, month: i32) -> bool {
    p.group_approach
        && p.has(crate::scenario::Component::Capital)
        && p.program_active(month)
        && v.budget_weight > 0.0
        && p.facilitators <= 0.0
}
