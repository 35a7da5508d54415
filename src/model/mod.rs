//! The model: a world of villages stepped month by month.
//!
//! A month ([`World::step`]) reads top to bottom: program allocation at the
//! program's first month, then every village's own month in parallel
//! ([`village::Village::step`]: delivery, credit, production and shocks,
//! mutual aid, consumption, empowerment and measurement), then the run-level
//! totals. Villages share nothing within a month, and every metric is reduced
//! with integer sums, so the result is the same on any number of threads.

pub mod allocation;
pub mod credit;
pub mod demography;
pub mod economy;
pub mod empowerment;
pub mod facilitation;
pub mod governance;
pub mod groups;
pub mod household;
pub mod infrastructure;
pub mod institutions;
pub mod ledger;
pub mod markets;
pub mod metrics;
pub mod month;
pub mod mutual_aid;
pub mod params;
pub mod partnership;
pub mod population;
pub mod production;
pub mod program;
pub mod village;
pub mod world;

pub use world::World;
