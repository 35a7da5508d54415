//! Rendering tests with realistic fake data. Set `BERDAYA_CHART_SAMPLES` to
//! a directory to also keep the sample figures there for a visual check.

use std::path::{Path, PathBuf};

use super::*;

const ARMS: [&str; 5] = [
    "control",
    "capital_individual",
    "capital_group",
    "multi_individual",
    "multi_group",
];

/// Small deterministic noise generator (no external crates needed).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 11) as f64 / (1u64 << 53) as f64) - 0.5
    }
}

fn out_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("berdaya-charts-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn check(chart: &dyn Chart, dir: &Path, stem: &str, title: &str) {
    let paths = chart.render(&dir.join(stem)).expect("render");
    assert_eq!(paths.len(), 2);
    assert_eq!(paths[0].extension().unwrap(), "svg");
    assert_eq!(paths[1].extension().unwrap(), "png");
    let svg = std::fs::read_to_string(&paths[0]).unwrap();
    assert!(svg.len() > 5_000, "{stem}.svg is only {} bytes", svg.len());
    assert!(svg.contains(title), "{stem}.svg lacks its title");
    let png = std::fs::read(&paths[1]).unwrap();
    assert!(png.len() > 20_000, "{stem}.png is only {} bytes", png.len());
    assert_eq!(&png[1..4], b"PNG");
    // no temporary files left behind
    for e in std::fs::read_dir(dir).unwrap() {
        let n = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!n.contains(".tmp."), "leftover temporary file {n}");
    }
    if let Ok(samples) = std::env::var("BERDAYA_CHART_SAMPLES") {
        let d = PathBuf::from(samples);
        chart.render(&d.join(stem)).expect("render samples");
    }
}

pub(crate) fn poverty_chart() -> LineChart {
    let mut rng = Lcg(7);
    let months: Vec<f64> = (0..=120).map(f64::from).collect();
    let series = ARMS
        .iter()
        .enumerate()
        .map(|(a, name)| {
            // control drifts 0.11 → 0.10; arms fall faster, group arms more
            let drop = [0.010, 0.022, 0.026, 0.028, 0.034][a];
            let speed = [60.0, 30.0, 36.0, 24.0, 30.0][a];
            let mut pts = Vec::new();
            let mut band = Vec::new();
            for &m in &months {
                let y = 0.11 - drop * (1.0 - (-m / speed).exp()) + 0.0008 * rng.next();
                let half = 0.002 + 0.00004 * m;
                pts.push((m, y));
                band.push((m, y - half, y + half));
            }
            Series::new(*name, pts).with_band(band)
        })
        .collect();
    LineChart {
        title: "Poverty rate by program arm, 10-year simulation".into(),
        subtitle: Some(
            "Mean of 200 replicate runs per arm; 500 households in each of 40 villages".into(),
        ),
        x_label: "Months since program start".into(),
        y_label: "Households below poverty line (%)".into(),
        series,
        markers: vec![
            (36.0, "program ends".into()),
            (42.0, "follow-up survey".into()),
        ],
        y_min_zero: false,
        percent_y: true,
    }
}

pub(crate) fn effect_chart() -> EffectChart {
    let arms = &ARMS[1..];
    let metrics = [
        (
            "Poverty rate",
            "Effect vs control (pp)",
            [-1.2, -1.6, -0.4, -2.1],
            0.9,
        ),
        (
            "Household income",
            "Effect vs control (Rp 000/month)",
            [85.0, 140.0, 30.0, 210.0],
            70.0,
        ),
        (
            "Empowerment index",
            "Effect vs control (SD)",
            [0.05, 0.18, -0.04, 0.26],
            0.09,
        ),
    ];
    let mut panels = Vec::new();
    for (t, (when, shrink)) in [("month 36", 1.0), ("month 120", 0.6)].iter().enumerate() {
        for (name, unit, est, hw) in &metrics {
            let rows = arms
                .iter()
                .zip(est)
                .map(|(arm, e)| {
                    let e = e * shrink;
                    let h = hw * (1.0 + 0.3 * t as f64);
                    EffectRow {
                        label: (*arm).into(),
                        estimate: e,
                        lo: e - h,
                        hi: e + h,
                        outer: None,
                    }
                })
                .collect();
            panels.push(EffectPanel {
                title: format!("{name}, {when}"),
                unit_label: (*unit).into(),
                rows,
            });
        }
    }
    EffectChart {
        title: "Program effects relative to control".into(),
        subtitle: Some("Difference in means across 200 replicate runs, with 95% CIs".into()),
        panels,
        columns: Some(3),
        note: None,
    }
}

pub(crate) fn bar_chart() -> GroupedBarChart {
    let base = [0.42, 0.38, 0.21, 0.47];
    let lift = [0.0, 0.07, 0.10, 0.09, 0.15];
    let groups = ARMS
        .iter()
        .enumerate()
        .map(|(a, name)| {
            let vals = base
                .iter()
                .enumerate()
                .map(|(c, b)| {
                    let m = b + lift[a] * [1.0, 1.3, 0.6, 1.1][c];
                    (m, Some((m - 0.035, m + 0.035)))
                })
                .collect();
            (name.to_string(), vals)
        })
        .collect();
    GroupedBarChart {
        title: "Empowerment by dimension at month 120".into(),
        subtitle: Some("Index scores, 0 = none and 1 = full empowerment".into()),
        y_label: "Empowerment index (0–1)".into(),
        categories: vec![
            "economic".into(),
            "social".into(),
            "political".into(),
            "psychological".into(),
        ],
        groups,
    }
}

pub(crate) fn morris_chart() -> ScatterChart {
    let params = [
        ("loan_size", 0.031, 0.012),
        ("group_size", 0.018, 0.021),
        ("interest_rate", 0.024, 0.009),
        ("training_hours", 0.012, 0.006),
        ("facilitator_quality", 0.027, 0.025),
        ("elite_capture", 0.015, 0.019),
        ("market_access", 0.009, 0.004),
        ("shock_frequency", 0.021, 0.017),
        ("savings_rate", 0.0035, 0.002),
        ("literacy", 0.004, 0.0025),
        ("road_quality", 0.003, 0.003),
        ("village_size", 0.0045, 0.0018),
        ("rainfall_var", 0.0028, 0.0022),
        ("gov_partnership", 0.0105, 0.0125),
    ];
    ScatterChart {
        title: "Morris screening: poverty rate at month 120".into(),
        subtitle: Some(
            "Mean absolute elementary effect (μ*) against its spread (σ); r = 20 trajectories"
                .into(),
        ),
        x_label: "μ* (mean |elementary effect|, share of households)".into(),
        y_label: "σ (std. dev. of elementary effects)".into(),
        points: params
            .iter()
            .map(|(n, m, s)| (*m, *s, n.to_string()))
            .collect(),
        diagonal: Some(0.5),
        x_intervals: Vec::new(),
    }
}

pub(crate) fn dynamics_grid() -> MultiLineGrid {
    let mut rng = Lcg(11);
    let months: Vec<f64> = (0..=120).map(f64::from).collect();
    let mut panel = |title: &str, y_label: &str, f: &dyn Fn(usize, f64) -> f64, sd: f64| {
        let series = ARMS
            .iter()
            .enumerate()
            .map(|(a, n)| {
                let pts: Vec<(f64, f64)> = months
                    .iter()
                    .map(|&m| (m, f(a, m) * (1.0 + sd * rng.next())))
                    .collect();
                let band = pts
                    .iter()
                    .map(|&(m, y)| (m, y * (1.0 - sd), y * (1.0 + sd)))
                    .collect();
                Series::new(*n, pts).with_band(band)
            })
            .collect();
        LineChart {
            title: title.into(),
            subtitle: None,
            x_label: "Months".into(),
            y_label: y_label.into(),
            series,
            markers: vec![(36.0, "program ends".into())],
            y_min_zero: true,
            percent_y: false,
        }
    };
    let grp = [0.0, 0.0, 1.0, 0.3, 1.2];
    let p1 = panel(
        "Active self-help groups per village",
        "Groups",
        &|a, m| {
            2.0 + grp[a]
                * 6.0
                * (m / 24.0).min(1.0)
                * if m > 36.0 {
                    (-(m - 36.0) / 80.0).exp()
                } else {
                    1.0
                }
        },
        0.04,
    );
    let p2 = panel(
        "Group cohesion",
        "Index (0–1)",
        &|a, m| 0.3 + grp[a] * 0.25 * (1.0 - (-m / 18.0).exp()),
        0.03,
    );
    let p3 = panel(
        "Partnerships with village government",
        "Partnerships",
        &|a, m| 0.5 + [0.0, 0.2, 0.8, 0.6, 1.4][a] * (m / 60.0).min(1.0),
        0.05,
    );
    let p4 = panel(
        "Group savings per member",
        "Rupiah",
        &|a, m| 150_000.0 + [0.0, 4_000.0, 9_000.0, 6_000.0, 12_000.0][a] * m,
        0.03,
    );
    MultiLineGrid {
        title: "Group and partnership dynamics".into(),
        subtitle: Some("Village means over 200 replicate runs; shaded: 95% interval".into()),
        panels: vec![p1, p2, p3, p4],
        columns: Some(2),
    }
}

#[test]
fn renders_one_of_each() {
    let dir = out_dir("each");
    let p = poverty_chart();
    check(&p, &dir, "poverty_lines", &p.title);
    let e = effect_chart();
    check(&e, &dir, "effects_forest", &e.title);
    let b = bar_chart();
    check(&b, &dir, "empowerment_bars", &b.title);
    let m = morris_chart();
    check(&m, &dir, "morris_scatter", &m.title);
    let g = dynamics_grid();
    check(&g, &dir, "group_dynamics", &g.title);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
#[allow(clippy::vec_init_then_push)] // one case per push reads better here
fn degenerate_inputs_render_or_error_without_panicking() {
    let dir = out_dir("degenerate");
    let nan = f64::NAN;
    let mut charts: Vec<(&str, Box<dyn Chart>)> = Vec::new();
    charts.push((
        "empty_line",
        Box::new(LineChart {
            title: "Empty".into(),
            series: vec![Series::new("control", vec![])],
            ..Default::default()
        }),
    ));
    charts.push((
        "nan_single_flat",
        Box::new(LineChart {
            title: "NaN, single point and flat lines".into(),
            subtitle: Some("x".repeat(400)),
            series: vec![
                Series::new("control", vec![(0.0, nan), (1.0, 0.1), (2.0, nan)]),
                Series::new("flat", vec![(0.0, 5.0), (1.0, 5.0), (2.0, 5.0)]).with_band(vec![
                    (0.0, nan, 1.0),
                    (1.0, 5.0, 5.0),
                    (2.0, 6.0, 4.0),
                ]),
                Series::new("all_nan", vec![(nan, nan)]),
            ],
            markers: vec![
                (nan, "bad".into()),
                (1.0, "m".into()),
                (1.0, "same x".into()),
            ],
            percent_y: true,
            y_min_zero: true,
            ..Default::default()
        }),
    ));
    charts.push((
        "single_point",
        Box::new(LineChart {
            title: "One point".into(),
            series: vec![Series::new("a", vec![(3.0, 3.0)])],
            ..Default::default()
        }),
    ));
    charts.push((
        "effects_degenerate",
        Box::new(EffectChart {
            title: "Degenerate effects".into(),
            panels: vec![
                EffectPanel::default(),
                EffectPanel {
                    title: "all zero".into(),
                    unit_label: "pp".into(),
                    rows: vec![
                        EffectRow {
                            label: "a".into(),
                            estimate: 0.0,
                            lo: 0.0,
                            hi: 0.0,
                            outer: None,
                        },
                        EffectRow {
                            label: "b".into(),
                            estimate: nan,
                            lo: nan,
                            hi: nan,
                            outer: None,
                        },
                        EffectRow {
                            label: "c".into(),
                            estimate: -3.0,
                            lo: -1.0,
                            hi: -5.0,
                            outer: None,
                        },
                    ],
                },
            ],
            ..Default::default()
        }),
    ));
    charts.push(("effects_empty", Box::new(EffectChart::default())));
    charts.push((
        "bars_empty",
        Box::new(GroupedBarChart {
            title: "No bars".into(),
            ..Default::default()
        }),
    ));
    charts.push((
        "bars_negative",
        Box::new(GroupedBarChart {
            title: "Negative bars".into(),
            categories: vec!["a".into(), "b".into()],
            groups: vec![
                (
                    "control".into(),
                    vec![(-2.0, Some((-3.0, -1.0))), (nan, None)],
                ),
                ("x".into(), vec![(1.5, Some((nan, 2.0))), (0.0, None)]),
            ],
            ..Default::default()
        }),
    ));
    charts.push(("scatter_empty", Box::new(ScatterChart::default())));
    charts.push((
        "scatter_same",
        Box::new(ScatterChart {
            points: vec![
                (1.0, 1.0, "a".into()),
                (1.0, 1.0, "b".into()),
                (1.0, 1.0, "c".into()),
                (nan, 1.0, "d".into()),
                (-1.0, -2.0, String::new()),
            ],
            diagonal: Some(-2.0),
            x_intervals: Vec::new(),
            ..Default::default()
        }),
    ));
    charts.push(("grid_empty", Box::new(MultiLineGrid::default())));
    let many: Vec<Series> = (0..30)
        .map(|i| {
            Series::new(
                format!("arm number {i} with a rather long descriptive name"),
                (0..50)
                    .map(|m| (m as f64, 1e6 * (i as f64 + (m as f64 / 7.0).sin())))
                    .collect(),
            )
        })
        .collect();
    charts.push((
        "many_series",
        Box::new(LineChart {
            title: "Thirty series, crowded markers and a very long title that needs to wrap onto a second line because it will not fit".into(),
            x_label: "Months".into(),
            y_label: "Savings (Rp)".into(),
            markers: (0..6).map(|k| (10.0 + k as f64, format!("event {k}"))).collect(),
            series: many.clone(),
            ..Default::default()
        }),
    ));
    charts.push((
        "grid_nine",
        Box::new(MultiLineGrid {
            title: "Nine panels".into(),
            panels: (0..9)
                .map(|k| LineChart {
                    title: format!("Panel {k}"),
                    series: many[..3].to_vec(),
                    x_label: "Months".into(),
                    y_label: "Rp".into(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }),
    ));
    let mut twelve = effect_chart();
    twelve.panels.extend(effect_chart().panels);
    twelve.columns = None;
    charts.push(("effects_twelve", Box::new(twelve)));
    for (stem, c) in &charts {
        let paths = c
            .render(&dir.join(stem))
            .unwrap_or_else(|e| panic!("{stem}: {e}"));
        assert!(paths.iter().all(|p| p.exists()), "{stem}");
        if let Ok(samples) = std::env::var("BERDAYA_CHART_SAMPLES") {
            let d = PathBuf::from(samples).join("edge_cases");
            c.render(&d.join(stem)).expect("render samples");
        }
    }

    // Errors instead of panics.
    let bad = GroupedBarChart {
        categories: vec!["a".into()],
        groups: vec![("x".into(), vec![])],
        ..Default::default()
    };
    assert!(matches!(
        bad.render(&dir.join("bad")),
        Err(ChartError::InvalidData(_))
    ));
    assert!(!dir.join("bad.svg").exists() && !dir.join("bad.png").exists());
    let huge = LineChart {
        series: vec![Series::new("a", vec![(0.0, -1e308), (1.0, 1e308)])],
        ..Default::default()
    };
    assert!(huge.render(&dir.join("huge")).is_err());
    assert!(matches!(
        poverty_chart().render(Path::new("")),
        Err(ChartError::InvalidPath { .. })
    ));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn svg_string_and_stem_with_dots() {
    let dir = out_dir("dots");
    let c = bar_chart();
    let svg = c.render_svg_string().unwrap();
    assert!(svg.starts_with("<svg") && svg.contains(&c.title));
    let paths = c.render(&dir.join("fig.v1.2")).unwrap();
    assert!(paths[0].ends_with("fig.v1.2.svg"));
    assert!(paths[1].ends_with("fig.v1.2.png"));
    let _ = std::fs::remove_dir_all(&dir);
}
