//! Self-help groups (kelompok swadaya masyarakat; C16e, C17d, C18, C7).
//!
//! **Formation.** A group forms around a seed household: its neighbours and
//! their neighbours (breadth-first on the village network) are invited, and each
//! joins with probability `join_rate * (0.5 + participation)`, times
//! `poorest_join` for a household under 70% of the poverty line (the poorest
//! often do not join, F5). A group needs `size_min` members and recruits at most
//! `size_max`. Groups form from facilitators' motivation work
//! ([`super::facilitation`]), administratively when a group program brings money
//! without facilitators (`admin_share` of households, at half the capacity and
//! lower cohesion), and on their own with monthly probability `spontaneous_rate`
//! per village.
//!
//! **Monthly life** ([`update`], after consumption). Capacity has four parts —
//! leadership, meetings, records, conflict resolution (C18c). Cohesion rises with
//! regular meetings and repayment (`meeting_cohesion` × (meeting capacity ×
//! the month's repayment record − 0.4): irregular meetings erode it) and falls with members' defaults (`default_cohesion_loss` × share in
//! default), conflicts (chance `conflict_rate` × (1 − conflict capacity), loss
//! `conflict_loss` × (1 − conflict capacity)) and elite dominance
//! (`elite_dominance` × elite power × elite share of members). A group not met by
//! a facilitator this month loses `capacity_decay` of its capacity above 0.1,
//! unless its capacity is at least `self_sustaining`. Below `dissolve_below`
//! cohesion, or with fewer than half of `size_min` members left, the group
//! dissolves: its fund is shared among its members, less `record_loss` × (1 −
//! records capacity), and loans from the fund are forgiven.
//!
//! **Money.** Members save `saving_monthly` × (1/3 + 2/3 mobilisation) a month
//! into the fund when they can ([`super::economy::consume`]); the fund lends to
//! members ([`lend`]) up to `loan_multiple` × fund per member at
//! `group_interest`; peer monitoring (`monitoring` × capacity × cohesion) lowers
//! the consumed share of loans and strategic default; joint liability covers a
//! member's missed installment to the program's fund from the group fund.
//! Members market together: a price premium `marketing_premium` × capacity ×
//! the village's gap to the district price over the reference village's
//! (bargaining position, C16b: selling together bypasses part of the trader's
//! margin, so it gains a remote village more and a fully connected one
//! nothing), and a contract premium when the group has a partnership
//! ([`super::partnership`]).

use super::household::{Households, NO_GROUP, flag, rp};
use super::params::Params;
use super::village::Village;
use super::{credit, markets};
use crate::rng::{ModelRng, Purpose, below, keyed_unit, unit_f64};

/// How a group came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Spontaneous,
    Facilitated,
    Administrative,
}

/// Capacity parts (C18c).
pub const LEADERSHIP: usize = 0;
pub const MEETINGS: usize = 1;
pub const RECORDS: usize = 2;
pub const CONFLICT: usize = 3;

/// A partnership contract held by a producer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Contract {
    /// Index of the firm in its district.
    pub firm: u32,
    /// Contracted monthly volume (Rp of output).
    pub volume: f64,
    /// Failed deliveries in a row.
    pub strikes: u8,
}

/// One self-help group.
#[derive(Debug, Clone)]
pub struct Group {
    pub active: bool,
    pub origin: Origin,
    pub formed: i32,
    pub members: u16,
    pub elite_members: u16,
    /// Pooled fund: savings, interest, covered installments (Rp).
    pub fund: f64,
    /// Loans from the fund outstanding (Rp).
    pub lent: f64,
    pub capacity: [f32; 4],
    pub cohesion: f32,
    /// Regularity of savings (C18d), 0..1.
    pub mobilisation: f32,
    /// Links to markets, firms and government (C18e), 0..1.
    pub network: f32,
    /// Met by a facilitator this month; doses per member of the five activities.
    pub served: bool,
    pub dose: [f32; 5],
    /// Monthly bookkeeping.
    pub output: f64,
    pub defaults: u16,
    pub due: u16,
    pub paid: u16,
    pub skill_sum: f32,
    /// Price premium members get this month (marketing + contract).
    pub bonus: f32,
    pub contract: Option<Contract>,
}

impl Group {
    pub fn new(origin: Origin, month: i32, capacity: f32, cohesion: f32) -> Self {
        Group {
            active: true,
            origin,
            formed: month,
            members: 0,
            elite_members: 0,
            fund: 0.0,
            lent: 0.0,
            capacity: [capacity; 4],
            cohesion,
            mobilisation: 0.3,
            network: 0.1,
            served: false,
            dose: [0.0; 5],
            output: 0.0,
            defaults: 0,
            due: 0,
            paid: 0,
            skill_sum: 0.0,
            bonus: 0.0,
            contract: None,
        }
    }
    /// Mean of the four capacity parts.
    pub fn capacity_mean(&self) -> f32 {
        self.capacity.iter().sum::<f32>() / 4.0
    }
    /// Strength of peer monitoring (0..1).
    pub fn monitoring(&self, p: &Params) -> f64 {
        p.scenario.groups.monitoring * (self.capacity_mean() * self.cohesion) as f64
    }
}

/// Tries to form one group around a random seed household. Returns whether a
/// group formed.
pub fn form(v: &mut Village, p: &Params, month: i32, origin: Origin, rng_pick: bool) -> bool {
    let g = &p.scenario.groups;
    let n = v.hh.len();
    if n == 0 || v.groups.len() >= (NO_GROUP as usize - 1) {
        return false;
    }
    let z = p.scenario.economy.poverty_line as f32;
    let rng: &mut ModelRng = if rng_pick {
        &mut v.rng_program
    } else {
        &mut v.rng_behaviour
    };
    // a seed not yet in a group
    let mut seed = None;
    for _ in 0..16 {
        let i = below(rng, n as u64) as usize;
        if v.hh.group[i] == NO_GROUP {
            seed = Some(i);
            break;
        }
    }
    let Some(seed) = seed else { return false };
    let hh = &v.hh;
    let mut members: Vec<u16> = Vec::with_capacity(g.size_max as usize);
    let mut queue: Vec<u16> = vec![seed as u16];
    let mut seen = vec![false; n];
    seen[seed] = true;
    let mut seen_count = 1;
    let mut head = 0;
    while head < queue.len()
        && members.len() < g.size_max as usize
        && seen_count < 8 * g.size_max as usize
    {
        let i = queue[head] as usize;
        head += 1;
        let poor = hh.consumption[i] / hh.size[i] as f32 <= 0.7 * z;
        let mut pj = g.join_rate * (0.5 + hh.participation[i] as f64);
        if poor {
            pj *= g.poorest_join;
        }
        if i == seed || unit_f64(rng) < pj {
            members.push(i as u16);
        }
        for &j in hh.neighbours_of(i) {
            if hh.group[j as usize] == NO_GROUP && !seen[j as usize] {
                seen[j as usize] = true;
                seen_count += 1;
                queue.push(j);
            }
        }
    }
    if members.len() < g.size_min as usize {
        return false;
    }
    let (cap, coh) = match origin {
        Origin::Administrative => (
            0.5 * g.initial_capacity,
            (g.initial_cohesion - 0.2).max(0.05),
        ),
        _ => (g.initial_capacity, g.initial_cohesion),
    };
    let id = v.groups.len() as u16;
    let mut group = Group::new(origin, month, cap as f32, coh as f32);
    for &m in &members {
        v.hh.group[m as usize] = id;
        group.members += 1;
        if v.hh.flags[m as usize] & flag::ELITE != 0 {
            group.elite_members += 1;
        }
    }
    v.groups.push(group);
    true
}

/// Households currently in an active group.
pub fn members_total(v: &Village) -> usize {
    v.groups
        .iter()
        .filter(|g| g.active)
        .map(|g| g.members as usize)
        .sum()
}

/// Spontaneous and administrative formation for the month.
pub fn form_monthly(v: &mut Village, p: &Params, month: i32, admin: bool) {
    if unit_f64(&mut v.rng_behaviour) < p.scenario.groups.spontaneous_rate {
        form(v, p, month, Origin::Spontaneous, false);
    }
    if admin {
        // a group program without facilitators organises groups to channel its money
        let target = (p.scenario.groups.admin_share * v.hh.len() as f64) as usize;
        let mut tries = 0;
        while members_total(v) < target && tries < 8 {
            form(v, p, month, Origin::Administrative, true);
            tries += 1;
        }
    }
}

/// Lending from groups' own funds to members without a loan.
pub fn lend(v: &mut Village, p: &Params, month: i32) {
    if v.groups.iter().all(|g| !g.active || g.fund <= 0.0) {
        return;
    }
    let cr = &p.scenario.credit;
    let gp = &p.scenario.groups;
    let terms = markets::terms(v, p);
    let hh = &mut v.hh;
    for i in 0..hh.len() {
        let gi = hh.group[i];
        if gi == NO_GROUP || hh.loan[i] > 0.0 || (month as i64) < hh.excluded_until[i] as i64 {
            continue;
        }
        let g = &v.groups[gi as usize];
        if !g.active || g.members == 0 {
            continue;
        }
        let x = rp(cr
            .loan_size
            .min(gp.loan_multiple * g.fund / g.members as f64)
            .min(g.fund));
        if x < 0.1 * cr.loan_size {
            continue;
        }
        // only members who think of borrowing this month weigh a loan
        if keyed_unit(v.decision_key, month, i as u64, Purpose::ApplyGroup)
            >= cr.application_rate * (0.75 + 0.5 * hh.confidence[i] as f64)
        {
            continue;
        }
        let rate = credit::effective_rate(gp.group_interest, cr.term_months);
        let Some(use_) = credit::weigh(p, &terms, hh, i, x, g.monitoring(p), rate) else {
            continue;
        };
        if x * (1.0 + gp.group_interest * cr.term_months as f64) / cr.term_months as f64
            > cr.max_installment_share * hh.income_exp[i] as f64
        {
            continue;
        }
        let g = &mut v.groups[gi as usize];
        g.fund -= x;
        let due = rp(x * (1.0 + gp.group_interest * cr.term_months as f64));
        g.lent += due;
        let flags = flag::BORROWED | flag::GROUP_LOAN;
        credit::start_venture(p, hh, i, v.decision_key, month, use_);
        let (consumed, invested, repaid) =
            credit::disburse(hh, i, x, due, cr.term_months, use_, flags);
        v.scratch.loan_consumed[i] = consumed as f32;
        if v.audit {
            v.ledger.loans_received += x;
            v.ledger.investment += invested;
            v.ledger.informal_repaid += repaid;
        }
    }
}

/// Cohesion, capacity, conflict and dissolution, after the month's money moved.
pub fn update(v: &mut Village, p: &Params, month: i32) {
    if v.groups.is_empty() {
        return;
    }
    let key = v.decision_key;
    let gp = &p.scenario.groups;
    // members, elite members and skill were counted in pass A (economy::produce)
    let elite_power = v.elite_power as f64;
    let mut dissolve = Vec::new();
    for (k, g) in v.groups.iter_mut().enumerate() {
        if !g.active {
            continue;
        }
        let members = g.members.max(1) as f64;
        let cap_meet = g.capacity[MEETINGS] as f64;
        let cap_conf = g.capacity[CONFLICT] as f64;
        let repay = if g.due > 0 {
            g.paid as f64 / g.due as f64
        } else {
            1.0
        };
        let mut coh = g.cohesion as f64;
        // regular meetings (meeting capacity above 0.4) and repayment build
        // cohesion; irregular meetings erode it
        let meet = cap_meet * repay - 0.4;
        coh += gp.meeting_cohesion * meet * if meet > 0.0 { 1.0 - coh } else { 1.0 };
        coh -= gp.default_cohesion_loss * g.defaults as f64 / members;
        coh -= gp.elite_dominance * elite_power * g.elite_members as f64 / members;
        if keyed_unit(key, month, k as u64, Purpose::Conflict) < gp.conflict_rate * (1.0 - cap_conf)
        {
            coh -= gp.conflict_loss * (1.0 - cap_conf);
        }
        g.cohesion = coh.clamp(0.0, 1.0) as f32;
        if !g.served && (g.capacity_mean() as f64) < gp.self_sustaining {
            let d = gp.capacity_decay as f32;
            for c in g.capacity.iter_mut() {
                *c -= d * (*c - 0.1).max(0.0);
            }
            g.mobilisation -= d * (g.mobilisation - 0.2).max(0.0);
            g.network -= d * (g.network - 0.05).max(0.0);
        }
        g.defaults = 0;
        g.due = 0;
        g.paid = 0;
        if (g.cohesion as f64) < gp.dissolve_below || (g.members as f64) < 0.5 * gp.size_min as f64
        {
            dissolve.push(k);
        }
    }
    for k in dissolve {
        dissolve_group(v, p, k);
    }
}

/// Dissolves group `k`: the fund, less what poor records lose, is shared
/// among its members; loans from the fund are forgiven.
pub fn dissolve_group(v: &mut Village, p: &Params, k: usize) {
    let keep = 1.0 - p.scenario.groups.record_loss * (1.0 - v.groups[k].capacity[RECORDS] as f64);
    let g = &mut v.groups[k];
    g.active = false;
    g.contract = None;
    let members = g.members.max(1) as f64;
    let share = rp(g.fund.max(0.0) * keep / members);
    g.fund = 0.0;
    g.lent = 0.0;
    g.members = 0;
    let hh: &mut Households = &mut v.hh;
    let mut paid = 0.0;
    for i in 0..hh.len() {
        if hh.group[i] as usize == k {
            hh.group[i] = NO_GROUP;
            hh.cash[i] += share;
            paid += share;
            if hh.flags[i] & flag::GROUP_LOAN != 0 {
                hh.loan[i] = 0.0;
                hh.arrears[i] = 0;
                hh.flags[i] &= !(flag::GROUP_LOAN | flag::STRATEGIC);
            }
        }
    }
    if v.audit {
        v.ledger.group_payout += paid;
    }
}
