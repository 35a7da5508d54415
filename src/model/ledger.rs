//! Money accounting. Every rupiah that enters or leaves a household's cash is
//! recorded under one flow, so that for each village and month
//! `cash after - cash before = inflows - outflows`, exactly (flows are whole
//! rupiah). Kept only when a run asks for it (tests, `--audit`).

/// Flows of household cash in one village and month (Rp).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Ledger {
    // inflows
    pub wages: f64,
    pub enterprise: f64,
    pub aid_received: f64,
    pub loans_received: f64,
    pub informal_borrowed: f64,
    pub asset_sales: f64,
    /// A dissolved group's fund shared among its members.
    pub group_payout: f64,
    /// Program money captured by elite households (C5).
    pub capture_received: f64,
    /// Unconditional cash transfers (`program.capital_as = "cash"`).
    pub transfers_received: f64,
    // outflows
    pub consumption: f64,
    pub illness: f64,
    pub aid_given: f64,
    pub loan_repaid: f64,
    pub informal_repaid: f64,
    pub investment: f64,
    /// Regular savings paid into group funds.
    pub group_savings: f64,
    /// Cash that left with the siblings at a household succession.
    pub left_with_successors: f64,
}

impl Ledger {
    pub fn inflows(&self) -> f64 {
        self.wages
            + self.enterprise
            + self.aid_received
            + self.loans_received
            + self.informal_borrowed
            + self.asset_sales
            + self.group_payout
            + self.capture_received
            + self.transfers_received
    }
    pub fn outflows(&self) -> f64 {
        self.consumption
            + self.illness
            + self.aid_given
            + self.loan_repaid
            + self.informal_repaid
            + self.investment
            + self.left_with_successors
            + self.group_savings
    }
    pub fn net(&self) -> f64 {
        self.inflows() - self.outflows()
    }
}

/// The revolving fund's own accounts and the program money of the month (Rp).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FundLedger {
    pub injected: f64,
    pub lent: f64,
    /// Installments paid by borrowers.
    pub repaid: f64,
    /// Installments groups paid for members (joint liability).
    pub covered: f64,
    /// Program money delivered to the village, and how it split: captured by
    /// the elite, spent on the wish list, reaching the components.
    pub delivered: f64,
    /// Asset grants given (assets, not cash).
    pub granted: f64,
    /// Cash transfers given.
    pub transferred: f64,
    pub captured: f64,
    pub wasted: f64,
    pub purpose: f64,
}
