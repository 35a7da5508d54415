//! Business partnerships with larger firms (C16c, C17e, C17c): the district
//! phase of a month, after every village has stepped.
//!
//! Each district has small, medium and large firms (buyers, processors) with a
//! monthly contract demand, a minimum contract volume and a minimum quality.
//! Producers offer their month's output: a group pools its members' enterprise
//! output (quality `0.4 × members' mean skill + 0.3 × group capacity + 0.3 ×
//! village business readiness`); an individual rarely produces enough
//! (quality `0.5 × skill + 0.2 × information + 0.3 × readiness`). A producer
//! that qualifies meets a firm with spare demand with monthly probability
//! `contact_rate × (0.3 + 0.7 × links) × (0.5 + readiness)` — links are the
//! group's network (built by facilitators' network work, C18e) or the
//! household's information. A contract buys up to its volume at the village
//! price plus `premium`, and all of it is sold; the firm earns
//! `contract_margin` on it against `spot_margin` on the `spot_share` of the
//! district's output it buys on the spot market: both sides gain (C17e). A
//! delivery short of the contract by more than `delivery_tolerance` is a
//! failure; `break_after` failures in a row end the contract.

use super::groups::Contract;
use super::household::flag;
use super::params::Params;
use super::village::Village;
use crate::rng::{ModelRng, SHARED_ARM, Stream, stream, unit_f64};

/// Firm sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirmSize {
    Small,
    Medium,
    Large,
}

/// A buyer or processor.
#[derive(Debug, Clone)]
pub struct Firm {
    pub size: FirmSize,
    pub demand: f64,
    pub min_volume: f64,
    pub min_quality: f64,
    /// Volume under contract (Rp/month).
    pub contracted: f64,
}

/// Who holds a contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Producer {
    Group(u16),
    Household(u16),
}

/// A producer's offer for the month.
#[derive(Debug, Clone, Copy)]
pub struct Offer {
    pub producer: Producer,
    pub volume: f64,
    pub quality: f64,
    pub links: f64,
}

/// A contract as the district sees it.
#[derive(Debug, Clone, Copy)]
pub struct ContractRef {
    pub firm: u32,
    /// Index of the village inside the district.
    pub village: u32,
    pub producer: Producer,
    pub volume: f64,
    pub strikes: u8,
}

/// A district's firms and contracts.
#[derive(Debug, Clone)]
pub struct District {
    pub firms: Vec<Firm>,
    pub contracts: Vec<ContractRef>,
    pub rng: ModelRng,
    /// Firms' profit this month (Rp).
    pub profit: f64,
}

fn count(r: &mut ModelRng, mean: f64) -> usize {
    let base = mean.floor();
    base as usize + usize::from(unit_f64(r) < mean - base)
}

/// The firms of district `d` (shared by all arms: common random numbers).
pub fn build_district(p: &Params, rep: u64, d: u32) -> District {
    let ps = &p.scenario.partnership;
    let mut r = stream(p.scenario.seed, Stream::District, SHARED_ARM, rep, d as u64);
    let mut firms = Vec::new();
    for (size, mean, demand, min_volume, min_quality) in [
        (
            FirmSize::Large,
            ps.firms_large,
            ps.demand_large,
            ps.min_volume_large,
            ps.min_quality_large,
        ),
        (
            FirmSize::Medium,
            ps.firms_medium,
            ps.demand_medium,
            ps.min_volume_medium,
            ps.min_quality_medium,
        ),
        (
            FirmSize::Small,
            ps.firms_small,
            ps.demand_small,
            ps.min_volume_small,
            ps.min_quality_small,
        ),
    ] {
        for _ in 0..count(&mut r, mean) {
            firms.push(Firm {
                size,
                demand,
                min_volume,
                min_quality,
                contracted: 0.0,
            });
        }
    }
    District {
        firms,
        contracts: Vec::new(),
        rng: stream(
            p.scenario.seed,
            Stream::District,
            SHARED_ARM,
            rep,
            (1 << 40) | d as u64,
        ),
        profit: 0.0,
    }
}

/// The groups of a village that could supply a firm this month (individual
/// producers were added in pass A, [`individual_offer`]).
pub fn collect_offers(v: &mut Village, p: &Params) {
    let ps = &p.scenario.partnership;
    let smallest = ps
        .min_volume_small
        .min(ps.min_volume_medium)
        .min(ps.min_volume_large);
    let readiness = v.readiness as f64;
    for (k, g) in v.groups.iter().enumerate() {
        if g.active && g.contract.is_none() && g.output >= smallest && g.members > 0 {
            let skill = g.skill_sum as f64 / g.members as f64;
            v.offers.push(Offer {
                producer: Producer::Group(k as u16),
                volume: g.output,
                quality: 0.4 * skill + 0.3 * g.capacity_mean() as f64 + 0.3 * readiness,
                links: g.network as f64,
            });
        }
    }
    // individual producers offered in pass A (economy::produce)
}

fn delivered(v: &Village, producer: Producer) -> f64 {
    match producer {
        Producer::Group(k) => {
            let g = &v.groups[k as usize];
            if g.active { g.output } else { 0.0 }
        }
        Producer::Household(i) => v.scratch.output[i as usize] as f64,
    }
}

fn end_contract(v: &mut Village, producer: Producer) {
    match producer {
        Producer::Group(k) => v.groups[k as usize].contract = None,
        Producer::Household(i) => {
            v.hh.flags[i as usize] &= !flag::CONTRACTED;
            v.hh.price_bonus[i as usize] = 0.0;
        }
    }
}

/// The district phase: deliveries, profit, broken contracts, new contracts.
pub fn step_district(d: &mut District, villages: &mut [Village], p: &Params) {
    let ps = &p.scenario.partnership;
    d.profit = 0.0;
    // spot buying from the whole district's output
    let output: f64 = villages.iter().map(|v| v.enterprise_output).sum();
    d.profit += ps.spot_margin * ps.spot_share * output;
    // deliveries on running contracts
    let mut keep = Vec::with_capacity(d.contracts.len());
    for mut c in d.contracts.drain(..) {
        let v = &mut villages[c.village as usize];
        let got = delivered(v, c.producer);
        let gone = matches!(c.producer, Producer::Group(k) if !v.groups[k as usize].active);
        d.profit += ps.contract_margin * got.min(c.volume);
        if got < (1.0 - ps.delivery_tolerance) * c.volume {
            c.strikes += 1;
        } else {
            c.strikes = 0;
        }
        if gone || c.strikes as u32 >= ps.break_after {
            end_contract(v, c.producer);
            d.firms[c.firm as usize].contracted -= c.volume;
        } else {
            if let Producer::Group(k) = c.producer
                && let Some(gc) = v.groups[k as usize].contract.as_mut()
            {
                gc.strikes = c.strikes;
            }
            keep.push(c);
        }
    }
    d.contracts = keep;
    // new contracts: producers in village order meet firms (largest first)
    for (vi, v) in villages.iter_mut().enumerate() {
        let readiness = v.readiness as f64;
        let sold = 1.0 - p.scenario.infrastructure.unsold_max * (1.0 - v.market_access as f64);
        for o in std::mem::take(&mut v.offers) {
            for (fi, f) in d.firms.iter_mut().enumerate() {
                let spare = f.demand - f.contracted;
                if spare < f.min_volume || o.volume < f.min_volume || o.quality < f.min_quality {
                    continue;
                }
                let chance = ps.contact_rate * (0.3 + 0.7 * o.links) * (0.5 + readiness);
                if unit_f64(&mut d.rng) >= chance {
                    continue;
                }
                let volume = o.volume.min(spare);
                f.contracted += volume;
                d.contracts.push(ContractRef {
                    firm: fi as u32,
                    village: vi as u32,
                    producer: o.producer,
                    volume,
                    strikes: 0,
                });
                match o.producer {
                    Producer::Group(k) => {
                        v.groups[k as usize].contract = Some(Contract {
                            firm: fi as u32,
                            volume,
                            strikes: 0,
                        })
                    }
                    Producer::Household(i) => {
                        let share = (volume / o.volume).min(1.0);
                        v.hh.flags[i as usize] |= flag::CONTRACTED;
                        v.hh.price_bonus[i as usize] =
                            (share * ((1.0 + ps.premium) / sold.max(0.05) - 1.0)) as f32;
                    }
                }
                break;
            }
        }
    }
}

/// The price premium of a group's members this month: collective marketing
/// (bargaining position: `marketing_premium` × capacity, scaled by the
/// village's gap between its netback factor and the district price over the
/// reference village's gap, so it closes part of the trader's margin and
/// never lifts the price above the district's) plus its contract, if any.
pub fn group_bonus(v: &mut Village, p: &Params) {
    let ps = &p.scenario.partnership;
    let sold = 1.0 - p.scenario.infrastructure.unsold_max * (1.0 - v.market_access as f64);
    let gap = |a: f64| 1.0 - super::production::market_factor(p, a);
    let gap_scale = gap(v.market_access as f64) / gap(super::params::REF_MARKET_ACCESS).max(1e-9);
    for g in v.groups.iter_mut() {
        if !g.active {
            g.bonus = 0.0;
            continue;
        }
        let mut b = p.scenario.groups.marketing_premium * g.capacity_mean() as f64 * gap_scale;
        if let Some(c) = g.contract {
            let share = if g.output > 0.0 {
                (c.volume / g.output).min(1.0)
            } else {
                1.0
            };
            b += share * ((1.0 + ps.premium) / sold.max(0.05) - 1.0);
        }
        g.bonus = b as f32;
        g.output = 0.0;
    }
}

/// The smallest volume any firm contracts for.
pub fn smallest_volume(p: &Params) -> f64 {
    let ps = &p.scenario.partnership;
    ps.min_volume_small
        .min(ps.min_volume_medium)
        .min(ps.min_volume_large)
}

/// An individual producer's offer (called from pass A for the rare household
/// whose own output reaches a firm's minimum volume).
pub fn individual_offer(i: usize, output: f64, skill: f32, info: f32, readiness: f32) -> Offer {
    Offer {
        producer: Producer::Household(i as u16),
        volume: output,
        quality: 0.5 * skill as f64 + 0.2 * info as f64 + 0.3 * readiness as f64,
        links: info as f64,
    }
}
