//! Household state, stored as a structure of arrays per village.
//!
//! Money stocks are `f64` holding whole rupiah: every flow is rounded to a
//! whole rupiah before it is applied ([`rp`]), so sums of flows are exact and
//! the money-accounting identity holds to the rupiah. Indices in 0..1 are
//! `f32`: their precision (2^-24) is far below any effect the model resolves.
//! A household's neighbours are indices into its own village (`u16`).

/// Rounds a flow to whole rupiah (to nearest, ties to even). All flows pass
/// through it. Adding and subtracting 1.5 × 2^52 rounds any |x| < 2^51 in two
/// exact floating-point operations (no conversion to an integer, no libm).
#[inline(always)]
pub fn rp(x: f64) -> f64 {
    const MAGIC: f64 = 6_755_399_441_055_744.0;
    (x + MAGIC) - MAGIC
}

/// Flag bits of [`Households::flags`].
pub mod flag {
    /// Formal or informal village elite (C5, C14).
    pub const ELITE: u16 = 1;
    /// Ill this month (shocks).
    pub const ILL: u16 = 2;
    /// Runs the productive technology (capital at or above the threshold).
    pub const HIGH_TECH: u16 = 4;
    /// Has stopped paying its program loan on purpose.
    pub const STRATEGIC: u16 = 8;
    /// Has ever borrowed from the program or a group.
    pub const BORROWED: u16 = 16;
    /// The current loan is from the household's own group fund.
    pub const GROUP_LOAN: u16 = 32;
    /// In an individual facilitator's caseload (individual approach).
    pub const SERVED: u16 = 64;
    /// Holds a partnership contract as an individual producer.
    pub const CONTRACTED: u16 = 128;
    /// Has received a program asset grant.
    pub const GRANTED: u16 = 256;
}

/// No group.
pub const NO_GROUP: u16 = u16::MAX;

/// The households of one village.
#[derive(Debug, Clone, Default)]
pub struct Households {
    /// Persons in the household.
    pub size: Vec<u8>,
    pub flags: Vec<u16>,
    /// Cash savings (Rp, whole).
    pub cash: Vec<f64>,
    /// Informal debt (Rp).
    pub debt: Vec<f64>,
    /// Productive assets: land use, livestock, tools (Rp).
    pub assets: Vec<f64>,
    /// Outstanding program loan, principal and flat interest (Rp).
    pub loan: Vec<f64>,
    /// Monthly installment of the program loan (Rp).
    pub installment: Vec<f32>,
    /// Consecutive missed installments.
    pub arrears: Vec<u8>,
    /// First month (run clock) in which the household may borrow again.
    pub excluded_until: Vec<i16>,
    /// Expected monthly income (exponential average), Rp.
    pub income_exp: Vec<f32>,
    /// Last month's income (Rp).
    pub income: Vec<f32>,
    /// Last month's consumption (Rp, whole household).
    pub consumption: Vec<f32>,
    /// 0..1 capabilities and dimensions of empowerment (C15).
    pub skill: Vec<f32>,
    /// The skill the household has without training: what trained skill
    /// fades back to (`institutions.skill_fade`).
    pub skill_base: Vec<f32>,
    pub health: Vec<f32>,
    pub info: Vec<f32>,
    pub participation: Vec<f32>,
    pub voice: Vec<f32>,
    pub confidence: Vec<f32>,
    /// Index of the household's self-help group in the village, or [`NO_GROUP`].
    pub group: Vec<u16>,
    /// Price premium of an individual partnership contract (share).
    pub price_bonus: Vec<f32>,
    /// Productivity of the household's current business opportunity, mean 1
    /// (`economy.opportunity_tail`, `economy.opportunity_persistence`):
    /// multiplies its enterprise productivity; exactly 1 when opportunities
    /// are off.
    pub opportunity: Vec<f32>,
    /// Neighbours, `degree` entries per household.
    pub neighbours: Vec<u16>,
    pub degree: usize,
}

impl Households {
    /// Empty columns with room for `n` households (no reallocation while the
    /// village is built: at national scale, spare capacity is gigabytes).
    pub fn with_capacity(n: usize, degree: usize) -> Self {
        Households {
            size: Vec::with_capacity(n),
            flags: Vec::with_capacity(n),
            cash: Vec::with_capacity(n),
            debt: Vec::with_capacity(n),
            assets: Vec::with_capacity(n),
            loan: Vec::with_capacity(n),
            installment: Vec::with_capacity(n),
            arrears: Vec::with_capacity(n),
            excluded_until: Vec::with_capacity(n),
            income_exp: Vec::with_capacity(n),
            income: Vec::with_capacity(n),
            consumption: Vec::with_capacity(n),
            skill: Vec::with_capacity(n),
            skill_base: Vec::with_capacity(n),
            health: Vec::with_capacity(n),
            info: Vec::with_capacity(n),
            participation: Vec::with_capacity(n),
            voice: Vec::with_capacity(n),
            confidence: Vec::with_capacity(n),
            group: Vec::with_capacity(n),
            price_bonus: Vec::with_capacity(n),
            opportunity: Vec::with_capacity(n),
            neighbours: Vec::with_capacity(n * degree),
            degree,
        }
    }

    pub fn len(&self) -> usize {
        self.size.len()
    }
    pub fn is_empty(&self) -> bool {
        self.size.is_empty()
    }
    /// Neighbours of household `i`.
    #[inline]
    pub fn neighbours_of(&self, i: usize) -> &[u16] {
        &self.neighbours[i * self.degree..(i + 1) * self.degree]
    }
    /// Bytes of state per household (for sizing runs).
    pub fn bytes_per_household(degree: usize) -> usize {
        // size, arrears: u8; flags: u16; cash, debt, assets, loan: f64;
        // installment, income_exp, income, consumption, six indices, skill_base,
        // price_bonus, opportunity: f32; excluded_until: i16; group: u16;
        // neighbours: u16 each
        4 + 4 * 8 + 13 * 4 + 2 + 2 + 2 * degree
    }
}

/// Per-month working values of a village's households (reused every month).
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    /// Cash on hand this month.
    pub m: Vec<f64>,
    /// Desired consumption this month.
    pub want: Vec<f32>,
    /// Shortfall below the subsistence floor (asks for mutual aid).
    pub gap: Vec<f32>,
    /// Cash a household is willing to give this month.
    pub spare: Vec<f32>,
    /// Consumption financed directly by a loan this month (fungibility).
    pub loan_consumed: Vec<f32>,
    /// Enterprise output this month (Rp).
    pub output: Vec<f32>,
    /// Return on more capital (per month): the marginal return above the
    /// threshold, the average return of climbing to it below.
    pub ret: Vec<f32>,
    /// Households whose succession was drawn this month.
    pub successions: Vec<u16>,
}

impl Scratch {
    /// Bytes of scratch per household (cash on hand `f64`, six `f32` columns).
    pub const BYTES_PER_HOUSEHOLD: usize = 8 + 6 * 4;

    pub fn resize(&mut self, n: usize) {
        self.m.resize(n, 0.0);
        self.want.resize(n, 0.0);
        self.gap.resize(n, 0.0);
        self.spare.resize(n, 0.0);
        self.loan_consumed.resize(n, 0.0);
        self.output.resize(n, 0.0);
        self.ret.resize(n, 0.0);
    }
}
