//! Small multiples of line charts with one shared legend.

use plotters::prelude::*;

use super::ChartError;
use super::canvas::{self, Canvas, Draw, H, MARGIN, Rect, W};
use super::effect::grid_shape;
use super::line::{self, LineChart, draw_line_panel, legend_entries};
use super::palette::ColorMap;

/// A grid of line charts (e.g. 2×2 panels of group and partnership
/// dynamics over time). Each panel's `title` becomes its panel title; the
/// panels' subtitles are not drawn. Colours are keyed by series name across
/// all panels and explained by one legend on the right.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MultiLineGrid {
    pub title: String,
    pub subtitle: Option<String>,
    pub panels: Vec<LineChart>,
    /// Panels per grid row; `None` gives 2 for four panels, else up to 3.
    pub columns: Option<usize>,
}

const COL_GAP: f64 = 34.0;
const ROW_GAP: f64 = 22.0;

impl Draw for MultiLineGrid {
    fn draw<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>) -> Result<(), ChartError> {
        let top = canvas::draw_header(cv, &self.title, self.subtitle.as_deref())?;
        let all_series = self.panels.iter().flat_map(|p| p.series.iter());
        let cmap = ColorMap::from_names(all_series.clone().map(|s| s.name.as_str()));
        let legend = legend_entries(all_series, &cmap);
        let lw = canvas::legend_width(&legend);
        let legend_x = W - MARGIN - lw;
        canvas::draw_legend(cv, &legend, legend_x, top + 4.0)?;

        let area = Rect::new(MARGIN, top, legend_x - 30.0, H - MARGIN);
        if self.panels.is_empty() {
            return canvas::draw_no_data(cv, &area);
        }
        let (cols, rows) = grid_shape(self.panels.len(), self.columns);
        let cell_w = (area.w() - (cols - 1) as f64 * COL_GAP) / cols as f64;
        let cell_h = (area.h() - (rows - 1) as f64 * ROW_GAP) / rows as f64;
        if cell_w < 120.0 || cell_h < 90.0 {
            return Err(ChartError::InvalidData(format!(
                "{} panels in {cols} columns leave no room to draw",
                self.panels.len()
            )));
        }
        // Align the plots of a column: same left gutter for all its panels.
        let mut gutters = vec![0.0f64; cols];
        for (i, p) in self.panels.iter().enumerate() {
            gutters[i % cols] = gutters[i % cols].max(line::left_gutter(p, true)?);
        }
        for (i, p) in self.panels.iter().enumerate() {
            let (c, r) = (i % cols, i / cols);
            let x0 = area.x0 + c as f64 * (cell_w + COL_GAP);
            let y0 = area.y0 + r as f64 * (cell_h + ROW_GAP);
            let cell = Rect::new(x0, y0, x0 + cell_w, y0 + cell_h);
            draw_line_panel(cv, p, cell, &cmap, Some(&p.title), true, gutters[c])?;
        }
        Ok(())
    }
}
