//! The revolving fund, individual approach (C17a; MODEL.md step 4).
//!
//! Eligible households (no loan outstanding, not excluded, productive assets
//! at most `credit.max_assets`) that have a use for a loan — investing it,
//! when the extra expected income covers the loan's effective rate
//! ([`effective_rate`]) plus `risk_premium` and the wear and hurdle of what it
//! buys, or repaying dearer informal debt ([`weigh`]) — and whose installment
//! is at most `max_installment_share` of expected income, apply with
//! probability `application_rate` a month, in index order while the fund has
//! cash. Money is fungible: `fungibility` of the loan (plus
//! `stress_fungibility` when the household's cash is below its buffer) is
//! consumed this month, the rest is invested. Installments are flat
//! (`loan * (1 + interest * term) / term`) and go back into the fund to be
//! lent again; a borrower may stop paying on purpose (`strategic_default`), and
//! `arrears_to_default` missed installments write the loan off and exclude the
//! household for `exclusion_months` (repayment itself is in
//! [`super::economy::consume`]). The chance of applying grows with confidence
//! (`application_rate × (0.75 + 0.5 confidence)`: initiative, C4). In the group
//! approach the fund lends only to members of active groups, whose peer
//! monitoring lowers the consumed share and strategic default (× (1 −
//! monitoring)); in provider mode strategic default is `provider_default` times
//! higher (credit seen as aid, C4).

use super::household::{Households, NO_GROUP, flag, rp};
use super::markets;
use super::params::Params;
use super::production::{Opportunity, Terms};
use super::village::Village;
use crate::rng::{Purpose, keyed_unit};

/// Effective monthly rate of a flat-interest loan repaid in equal
/// installments: the flat rate is charged on the whole principal although on
/// average only about half of it is outstanding.
pub fn effective_rate(flat_monthly: f64, term_months: u32) -> f64 {
    let t = term_months.max(1) as f64;
    flat_monthly * 2.0 * t / (t + 1.0)
}

/// Weighs a loan of `x` for household `i`: the part it would invest (the
/// rest is consumed: `fungibility`, plus `stress_fungibility` when its cash
/// is below its buffer, both × (1 − peer monitoring)), if the extra income
/// the investment brings covers `rate + risk_premium` a month on the whole
/// loan plus `depreciation + invest_hurdle` on the invested part. `None` when
/// it does not: investing the loan does not pay.
pub fn appraise(
    p: &Params,
    terms: &Terms,
    hh: &Households,
    i: usize,
    x: f64,
    monitoring: f64,
    rate: f64,
) -> Option<f64> {
    let (cr, e) = (&p.scenario.credit, &p.scenario.economy);
    let size = hh.size[i] as f64;
    let stressed = hh.cash[i] < e.buffer_months * e.poverty_line * size;
    let stress = if stressed { cr.stress_fungibility } else { 0.0 };
    let consumed_share = ((cr.fungibility + stress) * (1.0 - monitoring)).min(1.0);
    let invested = x - rp(consumed_share * x);
    let opp = Opportunity::of_household(p, terms, hh, i);
    let gain =
        opp.earnings(p, hh.assets[i] + invested).total() - opp.earnings(p, hh.assets[i]).total();
    // the investment must pay the loan's effective monthly rate on the whole
    // loan (flat interest on the whole principal costs about twice the
    // quoted rate) plus any premium for borrowing, and, like any investment
    // of the household's own money (economy::consume), the wear of what it
    // buys and the hurdle: depreciation + invest_hurdle on the invested part
    let keep = e.depreciation + e.invest_hurdle;
    (gain >= x * (rate + cr.risk_premium) + invested * keep).then_some(invested)
}

/// Why a household takes a loan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LoanUse {
    /// To invest this much of it in productive assets (the rest is consumed
    /// this month).
    Invest(f64),
    /// To repay moneylenders at a lower rate: the loan repays the
    /// household's informal debt, the rest goes into cash and is spent as its
    /// consumption rule spends cash.
    Refinance,
}

/// Whether household `i` takes a loan of `x` at effective monthly `rate`,
/// and why: to invest, if [`appraise`] says it pays; otherwise, if it owes
/// moneylenders, to repay them, when the fund's loan (rate plus
/// `risk_premium`) is cheaper than informal credit
/// (`economy.informal_interest`) and the fund allows it
/// (`credit.refinance`). Much microcredit is taken this way: it raises
/// take-up, not income (F1).
pub fn weigh(
    p: &Params,
    terms: &Terms,
    hh: &Households,
    i: usize,
    x: f64,
    monitoring: f64,
    rate: f64,
) -> Option<LoanUse> {
    if let Some(invested) = appraise(p, terms, hh, i, x, monitoring, rate) {
        return Some(LoanUse::Invest(invested));
    }
    let cr = &p.scenario.credit;
    let cheaper = p.scenario.economy.informal_interest > rate + cr.risk_premium;
    (cr.refinance && hh.debt[i] > 0.0 && cheaper).then_some(LoanUse::Refinance)
}

/// Pays out a loan of `x` to household `i`, owing `due` (principal and flat
/// interest) in `term` installments rounded up to whole rupiah: the invested
/// part goes into productive assets at once, a refinancing loan repays
/// informal debt, the rest goes into cash. Returns (consumed this month,
/// invested, informal debt repaid).
pub fn disburse(
    hh: &mut Households,
    i: usize,
    x: f64,
    due: f64,
    term: u32,
    use_: LoanUse,
    flags: u16,
) -> (f64, f64, f64) {
    hh.loan[i] = due;
    hh.installment[i] = (due / term as f64).ceil() as f32;
    hh.arrears[i] = 0;
    hh.flags[i] |= flags;
    let (consumed, invested, repaid) = match use_ {
        LoanUse::Invest(v) => (x - v, v, 0.0),
        LoanUse::Refinance => (0.0, 0.0, hh.debt[i].min(x)),
    };
    hh.assets[i] += invested;
    hh.debt[i] -= repaid;
    hh.cash[i] += x - invested - repaid;
    (consumed, invested, repaid)
}

/// A household's first investment loan starts a new line of business
/// (`credit.venture_tail` > 0): its enterprise productivity `z` is drawn
/// from a Pareto distribution rescaled to mean 1 (one keyed draw,
/// [`Purpose::Venture`]) and replaces the one it had. Call it before
/// [`disburse`] marks the household as a borrower: a household that has
/// borrowed before starts nothing.
pub fn start_venture(
    p: &Params,
    hh: &mut Households,
    i: usize,
    key: u64,
    month: i32,
    use_: LoanUse,
) {
    let tail = p.scenario.credit.venture_tail;
    let first = hh.flags[i] & flag::BORROWED == 0;
    if tail > 0.0 && first && matches!(use_, LoanUse::Invest(_)) {
        let u = keyed_unit(key, month, i as u64, Purpose::Venture);
        hh.opportunity[i] = crate::rng::pareto_mean_one(u, tail) as f32;
    }
}

/// Lends from the village fund and draws strategic defaults on every loan.
pub fn lend(v: &mut Village, p: &Params, month: i32) {
    let has_groups = v.groups.iter().any(|g| g.active);
    if v.fund.cash <= 0.0 && v.fund.outstanding <= 0.0 && !has_groups {
        return;
    }
    let cr = &p.scenario.credit;
    let x = rp(cr.loan_size);
    let terms = markets::terms(v, p);
    let provider = if p.enabler {
        1.0
    } else {
        p.scenario.program.provider_default
    };
    let group_only = p.group_approach;
    let term = cr.term_months as f64;
    let hurdle_rate = effective_rate(cr.interest_monthly, cr.term_months);
    let installment = rp(x * (1.0 + cr.interest_monthly * term)) / term;
    let key = v.decision_key;
    let hh = &mut v.hh;
    let mut lent = 0.0;
    for i in 0..hh.len() {
        let gi = hh.group[i];
        let monitoring = || {
            if gi != NO_GROUP && v.groups[gi as usize].active {
                v.groups[gi as usize].monitoring(p)
            } else {
                0.0
            }
        };
        if hh.loan[i] > 0.0 {
            let monitoring = monitoring();
            let program_loan = hh.flags[i] & flag::GROUP_LOAN == 0;
            let chance = cr.strategic_default
                * (1.0 - monitoring)
                * if program_loan { provider } else { 1.0 };
            if hh.flags[i] & flag::STRATEGIC == 0
                && keyed_unit(key, month, i as u64, Purpose::StrategicDefault) < chance
            {
                hh.flags[i] |= flag::STRATEGIC;
            }
            continue;
        }
        if v.fund.cash < x
            || (month as i64) < hh.excluded_until[i] as i64
            || hh.assets[i] > cr.max_assets
        {
            continue;
        }
        // group approach: the fund lends to members of active groups only
        if group_only && (gi == NO_GROUP || !v.groups[gi as usize].active) {
            continue;
        }
        // only households that think of borrowing this month weigh a loan
        if keyed_unit(key, month, i as u64, Purpose::Apply)
            >= cr.application_rate * (0.75 + 0.5 * hh.confidence[i] as f64)
        {
            continue;
        }
        let Some(use_) = weigh(p, &terms, hh, i, x, monitoring(), hurdle_rate) else {
            continue;
        };
        if installment > cr.max_installment_share * hh.income_exp[i] as f64 {
            continue;
        }
        v.fund.cash -= x;
        let due = rp(x * (1.0 + cr.interest_monthly * term));
        v.fund.outstanding += due;
        start_venture(p, hh, i, key, month, use_);
        let (consumed, invested, repaid) =
            disburse(hh, i, x, due, cr.term_months, use_, flag::BORROWED);
        v.scratch.loan_consumed[i] = consumed as f32;
        lent += x;
        if v.audit {
            v.ledger.loans_received += x;
            v.ledger.investment += invested;
            v.ledger.informal_repaid += repaid;
        }
    }
    if v.audit {
        v.fund_ledger.lent += lent;
    }
}

/// Productive asset grants (`program.capital_as = "grants"`): while the
/// village's grant money lasts, the poorest households (by consumption per
/// person; never the elite) receive one grant each of `credit.grant_size` in
/// productive assets (livestock, equipment): a transfer of assets, not of
/// cash. Cash transfers (`capital_as = "cash"`) go to the same households in
/// the same amounts, as cash they spend, save or invest by their own rules
/// (the cash benchmark, F12). The program reaches households through its
/// approach: in the group approach, only members of active groups are
/// eligible.
pub fn grant(v: &mut Village, p: &Params) {
    let size = rp(p.scenario.credit.grant_size);
    let cash = p.scenario.program.capital_as == crate::scenario::CapitalForm::Cash;
    if v.grant_pool < size {
        return;
    }
    let hh = &v.hh;
    let groups = &v.groups;
    let eligible = |i: usize| {
        hh.flags[i] & (flag::ELITE | flag::GRANTED) == 0
            && (!p.group_approach
                || (hh.group[i] != NO_GROUP && groups[hh.group[i] as usize].active))
    };
    let mut order: Vec<usize> = (0..hh.len()).filter(|&i| eligible(i)).collect();
    let pc = |i: usize| hh.consumption[i] / hh.size[i] as f32;
    order.sort_by(|&a, &b| pc(a).total_cmp(&pc(b)).then(a.cmp(&b)));
    for i in order {
        if v.grant_pool < size {
            break;
        }
        if cash {
            v.hh.cash[i] += size;
        } else {
            v.hh.assets[i] += size;
        }
        v.hh.flags[i] |= flag::GRANTED;
        v.grant_pool -= size;
        if v.audit {
            if cash {
                v.fund_ledger.transferred += size;
                v.ledger.transfers_received += size;
            } else {
                v.fund_ledger.granted += size;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::World;
    use crate::scenario::Scenario;

    fn world(informal_interest: f64) -> World {
        let mut s = Scenario::default();
        s.population.villages = 1;
        s.population.households_per_village = 60;
        s.economy.informal_interest = informal_interest;
        let mut w = World::new(Params::new(s), 3);
        w.burn_in();
        w
    }

    /// The first household for which investing a loan does not pay.
    fn non_investor(w: &World, x: f64, rate: f64) -> usize {
        let (v, p) = (&w.villages[0], &w.p);
        let terms = markets::terms(v, p);
        (0..v.hh.len())
            .find(|&i| appraise(p, &terms, &v.hh, i, x, 0.0, rate).is_none())
            .expect("a household whose investment does not pay")
    }

    #[test]
    fn an_indebted_household_refinances_only_at_a_lower_rate() {
        let (x, rate) = (4_300_000.0, effective_rate(0.011, 12));
        for (informal, expect) in [(0.03, true), (0.015, false)] {
            let w = world(informal);
            let i = non_investor(&w, x, rate);
            let (v, p) = (&w.villages[0], &w.p);
            let terms = markets::terms(v, p);
            let mut hh = v.hh.clone();
            hh.debt[i] = 0.0;
            assert_eq!(
                weigh(p, &terms, &hh, i, x, 0.0, rate),
                None,
                "no debt, no loan"
            );
            hh.debt[i] = 1_000_000.0;
            let got = weigh(p, &terms, &hh, i, x, 0.0, rate);
            assert_eq!(
                got == Some(LoanUse::Refinance),
                expect,
                "informal {informal}: {got:?}"
            );
        }
    }

    #[test]
    fn a_fund_that_lends_only_for_investment_refuses_a_refinancer() {
        let (x, rate) = (4_300_000.0, effective_rate(0.011, 12));
        let mut w = world(0.03);
        let i = non_investor(&w, x, rate);
        let mut hh = w.villages[0].hh.clone();
        hh.debt[i] = 1_000_000.0;
        let terms = markets::terms(&w.villages[0], &w.p);
        assert_eq!(
            weigh(&w.p, &terms, &hh, i, x, 0.0, rate),
            Some(LoanUse::Refinance)
        );
        let mut s = w.p.scenario.clone();
        s.credit.refinance = false;
        w.p = Params::new(s);
        assert_eq!(weigh(&w.p, &terms, &hh, i, x, 0.0, rate), None);
    }

    #[test]
    fn a_refinancing_loan_repays_the_debt_and_keeps_the_rest_as_cash() {
        let w = world(0.03);
        let mut hh = w.villages[0].hh.clone();
        let i = 0;
        hh.debt[i] = 1_000_000.0;
        let (cash, assets) = (hh.cash[i], hh.assets[i]);
        let (consumed, invested, repaid) = disburse(
            &mut hh,
            i,
            4_300_000.0,
            4_867_600.0,
            12,
            LoanUse::Refinance,
            0,
        );
        assert_eq!((consumed, invested, repaid), (0.0, 0.0, 1_000_000.0));
        assert_eq!(hh.debt[i], 0.0);
        assert_eq!(hh.cash[i], cash + 3_300_000.0);
        assert_eq!(hh.assets[i], assets);
        assert_eq!(hh.installment[i], (4_867_600.0f64 / 12.0).ceil() as f32);
    }

    #[test]
    fn a_first_investment_loan_starts_a_venture_and_nothing_else_does() {
        let w = world(0.03);
        let key = w.villages[0].decision_key;
        let mut off = w.p.clone();
        off.scenario.credit.venture_tail = 0.0;
        let mut on = w.p.scenario.clone();
        on.credit.venture_tail = 0.25;
        let on = Params::new(on);
        let invest = LoanUse::Invest(3_000_000.0);
        let mut hh = w.villages[0].hh.clone();
        assert!(
            hh.opportunity.iter().all(|&z| z == 1.0),
            "no opportunities by default"
        );
        // off: a first investment loan changes nothing
        start_venture(&off, &mut hh, 0, key, 40, invest);
        assert_eq!(hh.opportunity[0], 1.0);
        // on: a refinancing loan or a repeat loan changes nothing
        start_venture(&on, &mut hh, 0, key, 40, LoanUse::Refinance);
        let before = hh.flags[0];
        hh.flags[0] |= flag::BORROWED;
        start_venture(&on, &mut hh, 0, key, 40, invest);
        hh.flags[0] = before;
        assert_eq!(hh.opportunity[0], 1.0);
        // every household a first-time borrower from here
        for f in hh.flags.iter_mut() {
            *f &= !flag::BORROWED;
        }
        // on: a first investment loan draws z = (1 - xi) (1 - u)^(-xi), the
        // keyed draw of this household and month
        let mut zs = Vec::new();
        for i in 0..hh.len() {
            start_venture(&on, &mut hh, i, key, 40, invest);
            let u = keyed_unit(key, 40, i as u64, Purpose::Venture);
            let want = 0.75 * (1.0 - u).powf(-0.25);
            assert!((hh.opportunity[i] as f64 - want).abs() < 1e-6 * want);
            assert!(
                hh.opportunity[i] >= 0.75,
                "the Pareto's lower bound is 1 - xi"
            );
            zs.push(hh.opportunity[i] as f64);
        }
        // the same draw again: common random numbers
        let again = hh.opportunity.clone();
        for i in 0..hh.len() {
            start_venture(&on, &mut hh, i, key, 40, invest);
        }
        assert_eq!(hh.opportunity, again);
        // most ventures fall below the old productivity, the mean stays near 1
        let below = zs.iter().filter(|&&z| z < 1.0).count();
        assert!(below * 2 > zs.len(), "{below} of {} below 1", zs.len());
        let mean = zs.iter().sum::<f64>() / zs.len() as f64;
        assert!((0.8..1.3).contains(&mean), "mean {mean}");
    }
}
