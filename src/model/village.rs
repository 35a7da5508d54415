//! A village: its households, its market and labour demand, its cohesion and
//! governance, its revolving fund, and its own random streams. A month of a
//! village is a list of phases ([`Village::step`]); villages are independent
//! within a month, so they step in parallel.

use super::household::{Households, Scratch};
use super::ledger::{FundLedger, Ledger};
use super::metrics::Acc;
use super::params::Params;
use super::{credit, economy, empowerment, mutual_aid, program};
use crate::rng::ModelRng;

/// The program's revolving fund in a village (individual approach, C17a).
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
    /// Market access (0..1, C17b).
    pub market_access: f32,
    /// Share of wage labour supply that finds local work.
    pub labour_demand: f32,
    /// Social cohesion (0..1, C7).
    pub cohesion: f32,
    pub transparency: f32,
    pub accountability: f32,
    pub fund: Fund,
    /// This village's share of the program budget (0 if not covered).
    pub budget_weight: f64,
    /// Poor households at the end of last month.
    pub poor_last: u32,
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
    /// One month (MODEL.md steps 1-10 for what lives inside a village).
    pub fn step(&mut self, p: &Params, month: i32, acc: &mut Acc) {
        if self.audit {
            self.ledger = Ledger::default();
            self.fund_ledger = FundLedger::default();
        }
        program::deliver(self, p, month, acc);
        credit::lend(self, p, month);
        economy::produce(self, p);
        mutual_aid::share(self, p);
        economy::consume(self, p, month, acc);
        empowerment::measure(self, p, acc);
    }

    /// Sum of household cash (for accounting checks).
    pub fn cash_total(&self) -> f64 {
        self.hh.cash.iter().sum()
    }
}
