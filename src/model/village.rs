//! A village: its households, its self-help groups, its market and labour
//! demand, its cohesion and governance, its revolving fund and infrastructure,
//! and its own random streams. A month of a village is a list of phases
//! ([`Village::step`]); villages are independent within a month, so they step
//! in parallel; what links them (firms, partnerships) is the district phase
//! ([`super::partnership::step_district`]).

use super::group::Group;
use super::household::{Households, Scratch};
use super::ledger::{FundLedger, Ledger};
use super::metrics::Acc;
use super::params::Params;
use super::partnership::Offer;
use super::{
    credit, economy, facilitation, group, infrastructure, mutual_aid, partnership, program,
};
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
    /// Money accounting, kept when `audit` is on.
    pub audit: bool,
    pub ledger: Ledger,
    pub fund_ledger: FundLedger,
}

impl Village {
    /// One month (MODEL.md steps 1-7 and 9-10 for what lives inside a village;
    /// step 8, partnerships, is the district phase).
    pub fn step(&mut self, p: &Params, month: i32, acc: &mut Acc) {
        if self.audit {
            self.ledger = Ledger::default();
            self.fund_ledger = FundLedger::default();
        }
        program::deliver(self, p, month, acc);
        infrastructure::update(self, p);
        program::train(self, p);
        facilitation::work(self, p, month);
        group::form_monthly(self, p, month, program::needs_admin_groups(p, self, month));
        partnership::group_bonus(self, p);
        group::lend(self, p, month);
        credit::lend(self, p, month);
        credit::grant(self, p);
        economy::produce(self, p);
        mutual_aid::share(self, p);
        economy::consume(self, p, month, acc);
        economy::succeed_drawn(self, p);
        group::update(self, p);
        partnership::collect_offers(self, p);
    }

    /// Sum of household cash (for accounting checks).
    pub fn cash_total(&self) -> f64 {
        self.hh.cash.iter().sum()
    }
}
