//! A village: its households, its self-help groups, its market and labour
//! demand, its cohesion and governance, its revolving fund and infrastructure,
//! and its own random streams. A month of a village is a list of phases
//! ([`super::month::village_month`]); villages are independent within a month, so they step
//! in parallel; what links them (firms, partnerships) is the district phase
//! ([`super::partnership::step_district`]).

use super::groups::Group;
use super::household::{Households, Scratch};
use super::ledger::{FundLedger, Ledger};
use super::markets::Market;
use super::partnership::Offer;
use crate::rng::ModelRng;

/// The program's revolving fund in a village (C17a): lends to individuals
/// (individual approach) or to group members under joint liability (group
/// approach).
#[derive(Debug, Clone, Copy, Default)]
pub struct Fund {
    /// Cash available to lend (Rp).
    pub cash: f64,
    /// Loans outstanding, principal and interest (Rp).
    pub outstanding: f64,
    /// Loans written off after default (Rp, cumulative).
    pub written_off: f64,
}

/// One village.
#[derive(Debug, Clone)]
pub struct Village {
    pub index: u32,
    pub district: u32,
    pub hh: Households,
    pub scratch: Scratch,
    pub groups: Vec<Group>,
    /// Market access (0..1, C17b), and what it was before any infrastructure.
    pub market_access: f32,
    pub base_access: f32,
    /// The village's goods and labour markets (price and wage indices).
    pub market: Market,
    /// Share of wage labour supply that finds local work.
    pub labour_demand: f32,
    /// Social cohesion (0..1, C7).
    pub cohesion: f32,
    /// Governance (C5, C7, C9).
    pub transparency: f32,
    pub accountability: f32,
    pub deliberation: f32,
    pub elite_power: f32,
    pub fund: Fund,
    /// Capital waiting to be given as asset grants.
    pub grant_pool: f64,
    /// Infrastructure stock (Rp, decaying).
    pub infra_stock: f64,
    /// Institutions money waiting to be spent on training (Rp).
    pub training_funds: f64,
    pub train_cursor: usize,
    pub group_cursor: usize,
    /// Partnership money spent so far and the business readiness it bought.
    pub partnership_spent: f64,
    pub readiness: f32,
    /// This village's share of the program budget (0 if not covered).
    pub budget_weight: f64,
    /// Full-time-equivalent facilitators working here during the program.
    pub fte: f64,
    /// Poor households at the end of last month.
    pub poor_last: u32,
    /// Enterprise output of the month (Rp).
    pub enterprise_output: f64,
    /// Producers offering to firms this month (district phase).
    pub offers: Vec<Offer>,
    pub rng_shocks: ModelRng,
    pub rng_market: ModelRng,
    pub rng_behaviour: ModelRng,
    pub rng_program: ModelRng,
    /// Key of the counter-based draws of household decisions
    /// ([`crate::rng::keyed_unit`]), shared by every arm.
    pub decision_key: u64,
    /// Money accounting, kept when `audit` is on.
    pub audit: bool,
    pub ledger: Ledger,
    pub fund_ledger: FundLedger,
}

impl Village {
    /// Sum of household cash (for accounting checks).
    pub fn cash_total(&self) -> f64 {
        self.hh.cash.iter().sum()
    }
}
