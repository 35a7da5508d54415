//! Progress of a long task, reported by the pipelines (`app`, `experiment`,
//! `sweep`, `evidence`) and drawn by the command line (one progress bar,
//! `cli::Bar`). A pipeline never prints: it calls a [`Progress`].

/// Receives the progress of a task. Every method defaults to doing nothing.
pub trait Progress: Sync {
    /// A task of `len` steps begins, named `message`.
    fn start(&self, _len: u64, _message: &str) {}
    /// `n` more steps are done.
    fn advance(&self, _n: u64) {}
    /// `pos` steps are done.
    fn set_position(&self, _pos: u64) {}
    /// A new description of where the task is.
    fn set_message(&self, _message: &str) {}
    /// The task is over (the bar disappears).
    fn finish(&self) {}
}

/// Reports nothing.
pub struct Silent;

impl Progress for Silent {}
