//! Publication-quality charts for policy briefs.
//!
//! Plain data in, files out: every chart type is a plain struct that the
//! caller fills in, and [`Chart::render`] writes `<stem>.svg` (1000×625) and
//! `<stem>.png` (1600×1000) next to each other. Each file is first written to
//! a temporary file in the same directory and then renamed into place, so a
//! reader never sees a half-written file under the final name. The parent
//! directory is created if missing. The SVG is written first: if the PNG
//! then fails, the (complete) SVG stays and the error is returned.
//!
//! Layout: title and subtitle top-left, legend outside the plot on the
//! right, marker labels in a strip above the plot, notes (what bands, dots
//! and error bars mean) at the bottom. All layout is done at the SVG size
//! and scaled 1.6× for the PNG, which is drawn at 2× and downsampled so
//! lines are anti-aliased. Text is the same size relative to the figure in
//! both files (plotters' SVG and bitmap backends interpret font sizes
//! differently; `canvas.rs` compensates).
//!
//! Fonts: the module embeds Noto Sans (via `ttf-noto-sans`). [`init_fonts`]
//! registers it with plotters; `render` calls it for you, so calling it
//! yourself is only needed if other plotters code in the process draws text.
//!
//! Colours follow the Okabe–Ito colour-blind-safe palette. A series (arm)
//! named `control` (case-insensitive) is always drawn in dark grey (the same for bar
//! fills). Every other name gets `palette[k]`, where `k` is the position of
//! the name among the distinct non-control names of the chart, in order of
//! first appearance (see [`ColorMap`]). Pass arms in the same order to every
//! chart and an arm keeps its colour across all figures of a brief. Heat
//! maps ([`HeatmapChart`]) colour cells instead, with the colour-blind-safe
//! viridis (sequential) or ColorBrewer PuOr (diverging, centred on zero)
//! palette.
//!
//! Robustness: non-finite values are skipped, empty inputs render an empty
//! frame with a "no data" note, degenerate ranges are padded, and failures
//! are reported as [`ChartError`]; rendering never panics.

mod bar;
mod canvas;
mod effect;
mod format;
mod grid;
mod heatmap;
mod line;
mod metrics;
mod palette;
mod scatter;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::Once;

use plotters::style::FontStyle;

pub use bar::{BarValue, GroupedBarChart};
pub use effect::{EffectChart, EffectPanel, EffectRow};
pub use grid::MultiLineGrid;
pub use heatmap::HeatmapChart;
pub use line::{LineChart, Series};
pub use palette::{CONTROL_COLOR, CONTROL_FILL, ColorMap, OKABE_ITO, arm_color, is_control};
pub use scatter::ScatterChart;

/// Width and height of the SVG output, in CSS pixels.
pub const SVG_SIZE: (u32, u32) = (1000, 625);
/// Width and height of the PNG output, in pixels (1.6 × the SVG size).
pub const PNG_SIZE: (u32, u32) = (1600, 1000);

/// Font family written into the SVG: the embedded font first, then common
/// fallbacks for viewers that do not have Noto Sans installed.
pub(crate) const FONT_FAMILY: &str = "Noto Sans, Arial, Helvetica, sans-serif";

/// Errors from rendering a chart.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The input data cannot be drawn (e.g. a bar group with the wrong
    /// number of values, or values too large to put on an axis).
    #[error("invalid chart data: {0}")]
    InvalidData(String),
    /// The output path cannot be used (e.g. it has no file name).
    #[error("invalid output path {path}: {reason}")]
    InvalidPath { path: PathBuf, reason: String },
    /// Creating an output folder failed.
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Writing an output file failed (the atomic writer's message).
    #[error("{0}")]
    Write(#[from] crate::error::Error),
    /// plotters reported an error while drawing or encoding.
    #[error("drawing failed: {0}")]
    Draw(String),
    /// The embedded font could not be registered.
    #[error("font registration failed: {0}")]
    Font(String),
}

/// A chart that can be written to disk.
pub trait Chart {
    /// Writes `<path_stem>.svg` and `<path_stem>.png` (creating the parent
    /// directory if needed) and returns the paths written, SVG first.
    fn render(&self, path_stem: &Path) -> Result<Vec<PathBuf>, ChartError>;

    /// Renders only the SVG and returns it as a string (handy for tests and
    /// for embedding in HTML reports).
    fn render_svg_string(&self) -> Result<String, ChartError>;
}

static FONT_INIT: Once = Once::new();
static FONT_OK: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Registers the embedded Noto Sans font with plotters as `sans-serif`,
/// `serif`, `monospace` and the family this module draws with. Safe to call
/// any number of times from any thread; only the first call does work.
pub fn init_fonts() {
    FONT_INIT.call_once(|| {
        let bytes: &'static [u8] = ttf_noto_sans::REGULAR;
        let ok = [FONT_FAMILY, "sans-serif", "serif", "monospace"]
            .iter()
            .all(|name| plotters::style::register_font(name, FontStyle::Normal, bytes).is_ok());
        FONT_OK.store(ok, std::sync::atomic::Ordering::SeqCst);
    });
}

pub(crate) fn ensure_fonts() -> Result<(), ChartError> {
    init_fonts();
    if FONT_OK.load(std::sync::atomic::Ordering::SeqCst) {
        Ok(())
    } else {
        Err(ChartError::Font(
            "embedded Noto Sans could not be parsed".to_string(),
        ))
    }
}

macro_rules! impl_chart {
    ($($t:ty),* $(,)?) => {$(
        impl Chart for $t {
            fn render(&self, path_stem: &Path) -> Result<Vec<PathBuf>, ChartError> {
                canvas::render_files(self, path_stem)
            }
            fn render_svg_string(&self) -> Result<String, ChartError> {
                canvas::render_svg(self)
            }
        }
    )*};
}

impl_chart!(
    LineChart,
    EffectChart,
    GroupedBarChart,
    ScatterChart,
    MultiLineGrid,
    HeatmapChart
);
