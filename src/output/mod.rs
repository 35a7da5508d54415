//! Writers of plain data, and the plumbing every writer shares.
//!
//! * [`files`]: the one atomic writer (a temporary name in the same folder,
//!   write, flush, fsync the file, rename, fsync the folder), the output
//!   folder check (`--force`), the number format of every CSV;
//! * [`run`]: the files of a run folder (PRODUCT.md "Files"), from the rows
//!   of `crate::experiment::estimate`;
//! * [`columns`]: every file and column name of a run folder, in one place
//!   (the writers, the brief, the charts and `berdaya compare` read them);
//! * [`manifest`]: the one `manifest.json` type of run and sweep folders.
//!
//! Nothing here computes an estimate or knows the model: callers hand over
//! names and numbers.

pub mod columns;
pub mod files;
pub mod manifest;
pub mod run;
pub mod uncertainty;
