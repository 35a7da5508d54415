//! Labelled scatter plots (e.g. Morris μ*–σ screening plots).

use plotters::prelude::*;

use super::ChartError;
use super::canvas::{
    self, Canvas, Draw, H, HA, INK, INK_MUTED, INK_SOFT, MARGIN, NOTE_EM, Plot, Rect, TICK_EM, VA,
    W,
};
use super::format::{self, AxisOpts, NumFmt, finite_extent};
use super::palette::OKABE_ITO;

/// Points with text labels, optionally with a reference line y = k·x.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScatterChart {
    pub title: String,
    /// Optional subtitle under the title.
    pub subtitle: Option<String>,
    pub x_label: String,
    pub y_label: String,
    /// (x, y, label); points with a non-finite coordinate are skipped.
    pub points: Vec<(f64, f64, String)>,
    /// Slope k of a dashed reference line y = k·x through the origin
    /// (for Morris plots, σ/μ* = k).
    pub diagonal: Option<f64>,
    /// Optional horizontal interval of each point (x low, x high), in the
    /// order of `points`, drawn as a whisker (Morris: the bootstrap 95%
    /// interval of μ*); empty for none.
    pub x_intervals: Vec<Option<(f64, f64)>>,
}

const POINT_R: f64 = 4.5;
const LABEL_EM: f64 = 12.0;

impl Draw for ScatterChart {
    fn draw<DB: DrawingBackend>(&self, cv: &Canvas<'_, DB>) -> Result<(), ChartError> {
        let top = canvas::draw_header(cv, &self.title, self.subtitle.as_deref())?;
        let pts: Vec<(f64, f64, &str)> = self
            .points
            .iter()
            .filter(|p| p.0.is_finite() && p.1.is_finite())
            .map(|p| (p.0, p.1, p.2.as_str()))
            .collect();
        let whiskers = self.whiskers();
        let xe = finite_extent(
            pts.iter()
                .map(|p| p.0)
                .chain(whiskers.iter().flat_map(|w| [w.0, w.1])),
        );
        let ye = finite_extent(pts.iter().map(|p| p.1));
        // Non-negative data (μ*, σ) get axes from zero.
        let x_zero = xe.is_none_or(|e| e.0 >= 0.0);
        let y_zero = ye.is_none_or(|e| e.0 >= 0.0);
        let opts = |z: bool| AxisOpts {
            fmt: NumFmt::Auto,
            target_ticks: 6,
            include_zero: z,
            zero_baseline: z,
            loose: true,
            pad: 0.06,
        };
        let x_spec = format::numeric_axis(xe, opts(x_zero))?;
        let y_spec = format::numeric_axis(ye, opts(y_zero))?;

        let left = MARGIN + canvas::left_gutter(&y_spec.labels, Some(&self.y_label));
        let last = x_spec.labels.last().map(String::as_str).unwrap_or("");
        let right = W - MARGIN - (canvas::measure(last, TICK_EM) / 2.0).max(4.0);
        let bottom = H - MARGIN - canvas::bottom_gutter(1, Some(&self.x_label));
        let plot = Plot {
            r: Rect::new(left, top, right, bottom),
            x: (x_spec.lo, x_spec.hi),
            y: (y_spec.lo, y_spec.hi),
        };
        if plot.r.w() < 40.0 || plot.r.h() < 40.0 {
            return Err(ChartError::InvalidData(
                "not enough room for the plot (labels too long?)".to_string(),
            ));
        }
        canvas::draw_y_axis(cv, &plot, &y_spec, true)?;
        canvas::draw_x_axis(cv, &plot, &x_spec, true)?;
        canvas::draw_axis_titles(
            cv,
            &plot,
            Some(&self.x_label),
            H - MARGIN - canvas::AXIS_TITLE_EM * 1.2,
            Some(&self.y_label),
            MARGIN,
        )?;
        if pts.is_empty() {
            canvas::draw_no_data(cv, &plot.r)?;
        }

        let mut obstacles: Vec<Rect> = pts
            .iter()
            .map(|p| {
                let (x, y) = plot.pt(p.0, p.1);
                Rect::new(x, y, x, y).inflate(POINT_R + 1.0)
            })
            .collect();

        if let Some(k) = self.diagonal.filter(|k| k.is_finite()) {
            draw_diagonal(cv, &plot, k, &mut obstacles)?;
        }

        let color = OKABE_ITO[5];
        draw_whiskers(cv, &plot, &whiskers, color)?;
        for p in &pts {
            let (x, y) = plot.pt(p.0, p.1);
            cv.circle(
                x,
                y,
                POINT_R,
                Some(color.mix(0.85)),
                Some((WHITE.to_rgba(), 1.0)),
            )?;
        }
        for (text, anchor, leader) in place_labels(&plot, &pts, &mut obstacles) {
            if let Some((a, b)) = leader {
                cv.line(&[a, b], INK_MUTED.mix(0.7), 1.0)?;
            }
            cv.text(
                &text,
                anchor.0,
                anchor.1,
                LABEL_EM,
                INK,
                anchor.2,
                VA::Middle,
            )?;
        }
        Ok(())
    }
}

impl ScatterChart {
    /// The finite x intervals as (low, high, y).
    fn whiskers(&self) -> Vec<(f64, f64, f64)> {
        self.points
            .iter()
            .zip(&self.x_intervals)
            .filter_map(|(p, iv)| {
                let (lo, hi) = (*iv)?;
                (p.0.is_finite() && p.1.is_finite() && lo.is_finite() && hi.is_finite())
                    .then_some((lo, hi, p.1))
            })
            .collect()
    }
}

/// Horizontal whiskers (an interval of x at each point's y) with end caps.
fn draw_whiskers<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    plot: &Plot,
    whiskers: &[(f64, f64, f64)],
    color: RGBColor,
) -> Result<(), ChartError> {
    for &(lo, hi, y) in whiskers {
        let (a, b) = (plot.pt(lo, y), plot.pt(hi, y));
        cv.line(&[a, b], color.mix(0.55), 1.5)?;
        for e in [a, b] {
            cv.line(&[(e.0, e.1 - 3.0), (e.0, e.1 + 3.0)], color.mix(0.55), 1.5)?;
        }
    }
    Ok(())
}

/// Dashed y = k·x clipped to the plot, with a label near its far end.
fn draw_diagonal<DB: DrawingBackend>(
    cv: &Canvas<'_, DB>,
    plot: &Plot,
    k: f64,
    obstacles: &mut Vec<Rect>,
) -> Result<(), ChartError> {
    // Clip the segment x in [x0, x1] with y = kx inside [y0, y1].
    let (mut a, mut b) = plot.x;
    if k != 0.0 {
        let (ya, yb) = (plot.y.0 / k, plot.y.1 / k);
        let (lo, hi) = if ya <= yb { (ya, yb) } else { (yb, ya) };
        a = a.max(lo);
        b = b.min(hi);
    } else if !(plot.y.0..=plot.y.1).contains(&0.0) {
        return Ok(());
    }
    if a >= b {
        return Ok(());
    }
    let p0 = plot.pt(a, k * a);
    let p1 = plot.pt(b, k * b);
    cv.dashed(p0, p1, INK_SOFT.mix(0.8), 1.3, 6.0, 4.0)?;
    // Labels should not sit on the line: treat it as a chain of obstacles.
    let len = ((p1.0 - p0.0).powi(2) + (p1.1 - p0.1).powi(2)).sqrt();
    let steps = (len / 6.0).ceil().min(1000.0) as usize;
    for i in 0..=steps {
        let t = i as f64 / steps.max(1) as f64;
        let (x, y) = (p0.0 + t * (p1.0 - p0.0), p0.1 + t * (p1.1 - p0.1));
        obstacles.push(Rect::new(x, y, x, y).inflate(2.0));
    }
    let text = format!("y = {}·x", format::format_value(k));
    let w = canvas::measure(&text, NOTE_EM);
    // label just inside the far end, above the line
    let (tx, ty) = (
        p1.0 - 6.0,
        p1.1 + if p1.1 <= plot.r.y0 + 2.0 { 14.0 } else { -8.0 },
    );
    let (tx, ha) = if tx - w < plot.r.x0 {
        (p1.0 + 4.0, HA::Left)
    } else {
        (tx, HA::Right)
    };
    cv.text(&text, tx, ty, NOTE_EM, INK_MUTED, ha, VA::Middle)?;
    let x0 = if ha == HA::Right { tx - w } else { tx };
    obstacles.push(Rect::new(x0, ty - NOTE_EM / 2.0, x0 + w, ty + NOTE_EM / 2.0).inflate(2.0));
    Ok(())
}

type Placed = (String, (f64, f64, HA), Option<((f64, f64), (f64, f64))>);

/// Greedy label placement: for each point (largest first) try positions
/// around it at growing distances and take the first that hits no point,
/// label or plot edge; otherwise the least-overlapping one, with a leader
/// line when it ends up away from the point.
fn place_labels(plot: &Plot, pts: &[(f64, f64, &str)], obstacles: &mut Vec<Rect>) -> Vec<Placed> {
    let mut order: Vec<usize> = (0..pts.len()).collect();
    let sx = (plot.x.1 - plot.x.0).max(1e-300);
    let sy = (plot.y.1 - plot.y.0).max(1e-300);
    order.sort_by(|&i, &j| {
        let si = pts[i].0 / sx + pts[i].1 / sy;
        let sj = pts[j].0 / sx + pts[j].1 / sy;
        sj.total_cmp(&si)
    });
    let h = LABEL_EM * 1.1;
    let bounds = plot.r.inflate(2.0);
    let px_pts: Vec<(f64, f64)> = pts.iter().map(|p| plot.pt(p.0, p.1)).collect();
    // a label nearer another point than its own reads as that point's
    let ambiguous = |r: &Rect, own: usize| {
        let d = |(x, y): (f64, f64)| {
            let cx = r.x0.max(x.min(r.x1));
            let cy = r.y0.max(y.min(r.y1));
            (cx - x).hypot(cy - y)
        };
        let mine = d(px_pts[own]);
        px_pts
            .iter()
            .enumerate()
            .any(|(j, &q)| j != own && d(q) < mine)
    };
    let mut out = Vec::new();
    for i in order {
        let (px, py) = plot.pt(pts[i].0, pts[i].1);
        let text = canvas::fit_text(pts[i].2, LABEL_EM, 180.0);
        if text.is_empty() {
            continue;
        }
        let w = canvas::measure(&text, LABEL_EM);
        let mut best: Option<(f64, f64, Rect, HA, f64)> = None;
        'search: for dist in [1.0, 2.2, 3.6, 5.2] {
            let d = POINT_R + 3.0 + (dist - 1.0) * 9.0;
            // (dx, dy, anchor): right, left, above, below, diagonals
            let cands = [
                (d, 0.0, HA::Left),
                (-d, 0.0, HA::Right),
                (0.0, -(d + h * 0.1), HA::Center),
                (0.0, d + h * 0.1, HA::Center),
                (d * 0.8, -d * 0.8, HA::Left),
                (d * 0.8, d * 0.8, HA::Left),
                (-d * 0.8, -d * 0.8, HA::Right),
                (-d * 0.8, d * 0.8, HA::Right),
            ];
            for (dx, dy, ha) in cands {
                let ax = px + dx;
                let ay = py + dy;
                let x0 = match ha {
                    HA::Left => ax,
                    HA::Center => ax - w / 2.0,
                    HA::Right => ax - w,
                };
                let r = Rect::new(x0, ay - h / 2.0, x0 + w, ay + h / 2.0);
                let outside = r.w() * r.h() - r.intersection_area(&bounds);
                let overlap: f64 = obstacles
                    .iter()
                    .map(|o| o.intersection_area(&r))
                    .sum::<f64>()
                    + outside * 4.0;
                // prefer near positions (penalise distance a little) and
                // positions where no other point is nearer the label
                let unclear = ambiguous(&r, i);
                let score = overlap + dist * 2.0 + if unclear { w * h * 0.25 } else { 0.0 };
                if best.as_ref().is_none_or(|b| score < b.4) {
                    best = Some((ax, ay, r, ha, score));
                }
                if overlap == 0.0 && !unclear {
                    break 'search;
                }
            }
        }
        if let Some((ax, ay, r, ha, _)) = best {
            let far = (ax - px).abs().max((ay - py).abs()) > POINT_R + 12.0 || ambiguous(&r, i);
            let leader = far.then(|| {
                // from the dot's edge to the nearest point of the label box
                let cx = r.x0.max(px.min(r.x1));
                let cy = r.y0.max(py.min(r.y1));
                let d = ((cx - px).powi(2) + (cy - py).powi(2)).sqrt().max(1e-9);
                let k = (POINT_R + 1.0) / d;
                ((px + (cx - px) * k, py + (cy - py) * k), (cx, cy))
            });
            obstacles.push(r.inflate(1.5));
            out.push((text, (ax, ay, ha), leader));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The distance from a point to the nearest edge of a label box.
    fn gap(r: &Rect, (x, y): (f64, f64)) -> f64 {
        (r.x0.max(x.min(r.x1)) - x).hypot(r.y0.max(y.min(r.y1)) - y)
    }

    #[test]
    fn every_label_sits_nearer_its_own_point_or_has_a_leader() {
        // a 1000 x 600 px plot over [0, 1] x [0, 1], with a cluster of points
        // close enough that the first choices collide (as in a Morris chart)
        let plot = Plot {
            r: Rect::new(100.0, 50.0, 1100.0, 650.0),
            x: (0.0, 1.0),
            y: (0.0, 1.0),
        };
        let pts = [
            (0.80, 0.90, "economy.wage_daily"),
            (0.30, 0.30, "economy.saving_rate"),
            (0.27, 0.28, "facilitation.caseload_groups"),
            (0.30, 0.26, "infrastructure.cost_per_point"),
            (0.33, 0.29, "economy.capital_threshold"),
            (0.28, 0.32, "population.asset_median"),
        ];
        let mut obstacles: Vec<Rect> = pts
            .iter()
            .map(|p| {
                let (x, y) = plot.pt(p.0, p.1);
                Rect::new(x - POINT_R, y - POINT_R, x + POINT_R, y + POINT_R)
            })
            .collect();
        let placed = place_labels(&plot, &pts, &mut obstacles);
        assert_eq!(placed.len(), pts.len(), "every point is labelled");
        let px: Vec<(f64, f64)> = pts.iter().map(|p| plot.pt(p.0, p.1)).collect();
        for (text, (ax, ay, ha), leader) in &placed {
            let i = pts
                .iter()
                .position(|p| p.2 == text)
                .expect("a point's label");
            let w = canvas::measure(text, LABEL_EM);
            let h = LABEL_EM * 1.1;
            let x0 = match ha {
                HA::Left => *ax,
                HA::Center => ax - w / 2.0,
                HA::Right => ax - w,
            };
            let r = Rect::new(x0, ay - h / 2.0, x0 + w, ay + h / 2.0);
            let mine = gap(&r, px[i]);
            let nearer_other = px
                .iter()
                .enumerate()
                .any(|(j, &q)| j != i && gap(&r, q) < mine);
            assert!(
                !nearer_other || leader.is_some(),
                "{text}: the label is nearer another point and has no leader line"
            );
        }
        // the isolated point gets its label beside it, without a leader
        let lone = placed.iter().find(|p| p.0 == "economy.wage_daily").unwrap();
        assert!(lone.2.is_none());
    }
}
