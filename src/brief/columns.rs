//! Every file and column name the brief reads: the run folder's writers
//! own them ([`crate::output::columns`]), so a renamed column is renamed in
//! the writer, the brief, the charts and `berdaya compare` at once.

pub use crate::output::columns::*;
