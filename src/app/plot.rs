//! `berdaya plot`: the charts of a finished run folder, redrawn from its files.

use crate::error::Result;
use std::path::{Path, PathBuf};

/// Draws every chart of a run folder into `DIR/charts/`; returns the files.
pub fn plot(dir: &Path) -> Result<Vec<PathBuf>> {
    crate::plot::plot_run(dir)
}
