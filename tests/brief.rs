//! `berdaya report`: the brief in a real headless Chromium (no console
//! message, no request outside the page, every headline number equal to the
//! rounded value of effects.csv), findings that follow the rules, and bad
//! folders that end with a clear message and exit code 2.

use assert_cmd::Command;
use berdaya::brief::{self, data, findings};
use std::fs;
use std::path::{Path, PathBuf};

fn berdaya() -> Command {
    Command::cargo_bin("berdaya").expect("binary builds")
}

/// The brief of a run folder in Bahasa Indonesia.
fn render_id(run: &Path) -> String {
    brief::render(
        run,
        &brief::Options {
            lang: brief::lang::Lang::Id,
            ..Default::default()
        },
    )
    .unwrap()
}

/// The strategies experiment, small: 4 replications of 4 villages of 80
/// households, 48 months (36 of program).
fn small_strategies(dir: &Path) -> PathBuf {
    let out = dir.join("run");
    berdaya()
        .args([
            "run",
            "strategies",
            "--out",
            out.to_str().unwrap(),
            "--replications",
            "4",
            "--months",
            "48",
            "--set",
            "population.villages=4",
            "--set",
            "population.households_per_village=80",
            "--set",
            "population.burn_in_months=24",
            "--quiet",
        ])
        .assert()
        .success();
    out
}

/// A placebo arm identical to control: every effect is exactly zero.
const PLACEBO: &str = r#"
name = "placebo_check"
months = 30
replications = 3
[population]
villages = 3
households_per_village = 60
burn_in_months = 12
[program]
duration_months = 18
budget = 1.0e9
components = ["capital", "infrastructure", "institutions", "partnership", "facilitation"]
[[arm]]
name = "control"
program.components = []
program.budget = 0.0
[[arm]]
name = "placebo"
program.components = []
program.budget = 0.0
[[arm]]
name = "multi_group"
program.approach = "group"
"#;

/// Chromium, or None after printing why the test is skipped; fails under CI.
fn chromium_or_skip() -> Option<PathBuf> {
    match brief::find_chromium() {
        Some(p) => Some(p),
        None => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but no chromium was found: .ci/run must install Debian's `chromium`"
            );
            eprintln!("SKIPPED: chromium not installed (apt-get install chromium)");
            None
        }
    }
}

/// What a headless Chromium saw when it loaded a page.
struct Loaded {
    dom: String,
    console: Vec<String>,
    external: Vec<String>,
}

/// Loads `page` in a headless Chromium that cannot reach any network, and
/// collects its console messages (CSP violations included) and every
/// request the page made for something that is not a file or data URL.
fn load(chromium: &Path, page: &Path, work: &Path) -> Loaded {
    let net = work.join("net.json");
    let profile = work.join("profile");
    let page = fs::canonicalize(page).unwrap();
    let out = std::process::Command::new(chromium)
        .args(brief::chromium_flags())
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--enable-logging=stderr")
        .arg("--v=0")
        .arg(format!("--log-net-log={}", net.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium starts");
    assert!(out.status.success(), "chromium failed: {:?}", out.status);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let console = stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(|l| l.to_string())
        .collect();
    let log: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&net).expect("net log written"))
            .expect("net log is JSON");
    let mut external = Vec::new();
    for e in log["events"].as_array().unwrap() {
        let p = &e["params"];
        let from_page = p["network_isolation_key"]
            .as_str()
            .is_some_and(|k| k.contains("file://"));
        if let (true, Some(url)) = (from_page, p["url"].as_str())
            && !url.starts_with("file:")
            && !url.starts_with("data:")
        {
            external.push(url.to_string());
        }
    }
    let _ = fs::remove_dir_all(&profile);
    let _ = fs::remove_file(&net);
    Loaded {
        dom: String::from_utf8_lossy(&out.stdout).into_owned(),
        console,
        external,
    }
}

/// The text of `<span data-field="FIELD">` inside a cell.
fn field(cell: &str, name: &str) -> Option<String> {
    let tag = format!("data-field=\"{name}\">");
    let start = cell.find(&tag)? + tag.len();
    let end = cell[start..].find("</span>")? + start;
    Some(cell[start..end].to_string())
}

/// A number as the brief writes it, back to f64.
fn parse_number(text: &str, lang: &str) -> f64 {
    let mut t = text
        .replace("&nbsp;", "")
        .replace(['\u{a0}', '+'], "")
        .replace('\u{2212}', "-")
        .replace("Rp", "");
    if lang == "id" {
        t = t.replace('.', "").replace(',', ".");
    } else {
        t = t.replace(',', "");
    }
    t.trim()
        .parse()
        .unwrap_or_else(|_| panic!("`{text}` is not a number"))
}

/// The documented rounding (docs/STATISTICS.md, "The brief"), written out
/// again here: shares in points with one decimal (two under one point),
/// money to three significant digits of the estimate.
fn expected(metric: &str, estimate: f64, value: f64) -> f64 {
    if metric == "mean_consumption_pc" {
        let e = estimate.abs().log10().floor() as i32 - 2;
        let unit = 10f64.powi(e.max(0));
        (value / unit).round() * unit
    } else {
        let d = if (100.0 * estimate).abs() < 0.95 {
            2
        } else {
            1
        };
        let s = 10f64.powi(d);
        (100.0 * value * s).round() / s
    }
}

/// Headline cells of a DOM: (arm, metric, when) → cell HTML.
fn headline_cells(dom: &str) -> Vec<(String, String, String, String)> {
    let mut out = Vec::new();
    let mut rest = dom;
    while let Some(k) = rest.find("data-arm=\"") {
        let cell_start = k;
        let after = &rest[k..];
        let end = after.find("</td>").unwrap();
        let cell = &after[..end];
        let attr = |name: &str| {
            let tag = format!("{name}=\"");
            let s = cell.find(&tag).unwrap() + tag.len();
            cell[s..s + cell[s..].find('"').unwrap()].to_string()
        };
        out.push((
            attr("data-arm"),
            attr("data-metric"),
            attr("data-when"),
            cell.to_string(),
        ));
        rest = &rest[cell_start + end..];
    }
    out
}

/// Rewrites `effects.csv` of a run folder: `edit` gets each data row as
/// named columns (header name → value) and may change them; `extra` names
/// columns to append (their values come from `edit`, empty if it sets none).
fn edit_effects(
    run: &Path,
    extra: &[&str],
    edit: impl Fn(&mut std::collections::BTreeMap<String, String>),
) {
    let path = run.join("effects.csv");
    let text = fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    let mut header: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    header.extend(extra.iter().map(|c| c.to_string()));
    let mut out = header.join(",") + "\n";
    for line in lines {
        let mut row: std::collections::BTreeMap<String, String> = header
            .iter()
            .cloned()
            .zip(
                line.split(',')
                    .map(String::from)
                    .chain(std::iter::repeat(String::new())),
            )
            .collect();
        edit(&mut row);
        let cols: Vec<&str> = header.iter().map(|c| row[c].as_str()).collect();
        out.push_str(&cols.join(","));
        out.push('\n');
    }
    fs::write(&path, out).unwrap();
}

/// True for the row of `arm`, `metric` and `when` (`program_end` or
/// `horizon_end`).
fn is_row(
    row: &std::collections::BTreeMap<String, String>,
    arm: &str,
    metric: &str,
    when: &str,
) -> bool {
    row["arm"] == arm && row["metric"] == metric && row["period"] == when
}

/// Sets an effect and its 95% interval.
fn set_effect(row: &mut std::collections::BTreeMap<String, String>, diff: f64, lo: f64, hi: f64) {
    for (col, v) in [
        ("effect", diff),
        ("effect_ci_low", lo),
        ("effect_ci_high", hi),
    ] {
        row.insert(col.into(), v.to_string());
    }
}

/// The key finding of an arm at one time (the `<li>` starting with `when`).
fn finding<'a>(html: &'a str, arm: &str, when: &str) -> Vec<&'a str> {
    html.split("<li>")
        .map(|li| li.split("</li>").next().unwrap())
        .filter(|li| li.contains(&format!(">{arm}</span>")) && li.starts_with(when))
        .collect()
}

#[test]
fn the_brief_renders_in_chromium_with_the_numbers_of_effects_csv() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let run = small_strategies(tmp.path());
    let effects = data::read(&run).unwrap().effects;
    for lang in ["en", "id"] {
        let page = tmp.path().join(format!("brief_{lang}.html"));
        let out = berdaya()
            .args([
                "report",
                run.to_str().unwrap(),
                "--lang",
                lang,
                "--out",
                page.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("PDF written to"), "{stdout}");
        let pdf = page.with_extension("pdf");
        assert!(
            fs::read(&pdf).unwrap().starts_with(b"%PDF"),
            "a PDF next to the HTML"
        );

        let seen = load(&chromium, &page, tmp.path());
        assert!(
            seen.console.is_empty(),
            "console messages: {:#?}",
            seen.console
        );
        assert!(
            seen.external.is_empty(),
            "external requests: {:#?}",
            seen.external
        );
        assert!(seen.dom.contains("id=\"headline\""), "the page rendered");
        assert!(seen.dom.contains(&format!("<html lang=\"{lang}\"")));

        let cells = headline_cells(&seen.dom);
        let wanted: Vec<&data::Effect> = effects
            .iter()
            .filter(|e| {
                ["poverty_rate", "mean_consumption_pc", "empowered_share"]
                    .contains(&e.metric.as_str())
            })
            .collect();
        // 4 treated arms x 3 outcomes x 2 months
        assert_eq!(wanted.len(), 24);
        assert_eq!(cells.len(), wanted.len(), "one cell per effect");
        for e in wanted {
            let when = match e.when {
                data::When::ProgramEnd => "program_end",
                data::When::HorizonEnd => "horizon_end",
            };
            let (_, _, _, cell) = cells
                .iter()
                .find(|(a, m, w, _)| *a == e.arm && *m == e.metric && w == when)
                .unwrap_or_else(|| panic!("no cell for {} {} {when}", e.arm, e.metric));
            for (name, value) in [
                ("effect", e.diff),
                ("effect_ci_low", e.ci_low),
                ("effect_ci_high", e.ci_high),
            ] {
                let text = field(cell, name).unwrap();
                let shown = parse_number(&text, lang);
                let want = expected(&e.metric, e.diff, value);
                assert!(
                    (shown - want).abs() <= 1e-9 * want.abs().max(1.0),
                    "{lang} {} {} {when} {name}: shown `{text}` = {shown}, effects.csv rounds to {want}",
                    e.arm,
                    e.metric
                );
            }
        }
    }
}

#[test]
fn the_browser_check_catches_external_loads() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    // with the brief's CSP: the load is blocked and reported on the console
    let csp = tmp.path().join("csp.html");
    fs::write(
        &csp,
        format!(
            "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"{}\"></head><body><img src=\"https://example.invalid/x.png\"></body></html>",
            brief::html::CSP
        ),
    )
    .unwrap();
    let seen = load(&chromium, &csp, tmp.path());
    assert!(
        seen.console.iter().any(|l| l.contains("example.invalid")),
        "{:?}",
        seen.console
    );
    // without a CSP: the request itself is caught in the network log
    let bare = tmp.path().join("bare.html");
    fs::write(
        &bare,
        "<!DOCTYPE html><html><body><link rel=\"stylesheet\" href=\"http://example.invalid/a.css\"></body></html>",
    )
    .unwrap();
    let seen = load(&chromium, &bare, tmp.path());
    assert!(
        seen.external.iter().any(|u| u.contains("example.invalid")),
        "{:?}",
        seen.external
    );
}

#[test]
fn an_interval_including_zero_is_called_no_detectable_effect() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("placebo.toml");
    fs::write(&file, PLACEBO).unwrap();
    let run = tmp.path().join("run");
    berdaya()
        .args([
            "run",
            file.to_str().unwrap(),
            "--out",
            run.to_str().unwrap(),
            "--quiet",
        ])
        .assert()
        .success();
    let html = fs::read_to_string(run.join("report.html")).expect("run writes report.html");
    let data = data::read(&run).unwrap();
    // the placebo is the control under another name: its headline effects
    // have intervals that include zero (with common random numbers they are
    // exactly zero, interval [0, 0], which includes zero too)
    let placebo: Vec<_> = data
        .effects
        .iter()
        .filter(|e| e.arm == "placebo" && findings::HEADLINE.iter().any(|o| o.metric() == e.metric))
        .collect();
    assert_eq!(
        placebo.len(),
        3,
        "three outcomes at the horizon (no program, no program end)"
    );
    assert!(placebo.iter().all(|e| e.ci_low <= 0.0 && e.ci_high >= 0.0));
    let outcomes = [
        "the poverty rate",
        "consumption per person",
        "the share of empowered households",
    ];
    // its key findings say so, and never "reduces" or "raises"
    let says_no_effect = |html: &str| {
        let items = finding(html, "placebo", "At month");
        assert_eq!(items.len(), 1, "one finding, at the horizon");
        for li in items {
            for o in outcomes {
                assert!(
                    li.contains(&format!("has no detectable effect on {o}")),
                    "{li}"
                );
            }
            assert!(!li.contains("reduces") && !li.contains("raises"), "{li}");
        }
    };
    says_no_effect(&html);
    // and every headline effect of the real arms follows the rule
    for e in data.effects.iter().filter(|e| e.arm != "control") {
        let Some(o) = findings::HEADLINE.iter().find(|o| o.metric() == e.metric) else {
            continue;
        };
        let (v, phrase) = findings::phrase(*o, e, brief::lang::Lang::En);
        let includes_zero = e.ci_low <= 0.0 && e.ci_high >= 0.0;
        assert_eq!(
            v == findings::Verdict::NoDetectable,
            includes_zero,
            "{phrase}"
        );
        assert_eq!(
            phrase.starts_with("has no detectable effect"),
            includes_zero
        );
        assert!(html.contains(&phrase), "the page holds `{phrase}`");
    }
    // the three ways an interval includes zero, whatever the model gives:
    // noise around a nonzero estimate, an exact zero with a zero-width
    // interval, and a bound exactly at zero
    edit_effects(&run, &[], |row| {
        let at = |m: &str| is_row(row, "placebo", m, "horizon_end");
        if at("poverty_rate") {
            set_effect(row, -0.004, -0.009, 0.001);
        } else if at("mean_consumption_pc") {
            set_effect(row, 0.0, 0.0, 0.0);
        } else if at("empowered_share") {
            set_effect(row, 0.03, 0.0, 0.06);
        }
    });
    let edited = brief::render(&run, &brief::Options::default()).unwrap();
    says_no_effect(&edited);
    let li = finding(&edited, "placebo", "At month")[0];
    for interval in [
        "\u{2212}0.90 to +0.10",
        "Rp\u{a0}0 to Rp\u{a0}0",
        "0.0 to +6.0",
    ] {
        assert!(
            li.contains(&format!("95% interval {interval} includes zero")),
            "`{interval}` in: {li}"
        );
    }
}

#[test]
fn discounting_at_zero_gives_back_cost_effectiveness_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("placebo.toml");
    fs::write(&file, PLACEBO).unwrap();
    let run = tmp.path().join("run");
    berdaya()
        .args([
            "run",
            file.to_str().unwrap(),
            "--out",
            run.to_str().unwrap(),
            "--quiet",
        ])
        .assert()
        .success();
    let data = data::read(&run).unwrap();
    let at0 = brief::cost::discounted(&data, 0.0);
    let at6 = brief::cost::discounted(&data, 0.06);
    let row = data
        .cost
        .iter()
        .find(|r| r.arm == "multi_group" && r.when == data::When::HorizonEnd)
        .unwrap();
    let mine = at0.iter().find(|a| a.arm == "multi_group").unwrap();
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
    assert!(close(mine.household_years.mean, row.household_years));
    assert!(close(mine.gain.mean, row.consumption_gain));
    assert!(close(mine.cost, row.program_cost));
    let d = at6.iter().find(|a| a.arm == "multi_group").unwrap();
    assert!(
        d.cost < mine.cost && d.cost > 0.9 * mine.cost,
        "discounted cost is a bit lower"
    );
}

#[test]
fn bad_folders_end_with_a_clear_message_and_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("nowhere");
    let o = berdaya()
        .args(["report", missing.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a run folder"));

    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let o = berdaya()
        .args(["report", empty.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("manifest.json"));

    let file = tmp.path().join("placebo.toml");
    fs::write(&file, PLACEBO).unwrap();
    let run = tmp.path().join("run");
    berdaya()
        .args([
            "run",
            file.to_str().unwrap(),
            "--out",
            run.to_str().unwrap(),
            "--quiet",
        ])
        .assert()
        .success();
    let good = fs::read_to_string(run.join("report.html")).unwrap();

    // a garbled number in effects.csv: the file, the line and the column
    let path = run.join("effects.csv");
    let text = fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let mut cols: Vec<&str> = lines[3].split(',').collect();
    cols[7] = "abc";
    lines[3] = cols.join(",");
    fs::write(&path, lines.join("\n")).unwrap();
    let o = berdaya()
        .args(["report", run.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    for want in ["effects.csv", "line 4", "`effect`", "`abc`"] {
        assert!(err.contains(want), "expected `{want}` in: {err}");
    }
    assert!(!err.contains("panicked"));
    // the old report is untouched and no temporary file is left
    assert_eq!(fs::read_to_string(run.join("report.html")).unwrap(), good);
    assert!(fs::read_dir(&run).unwrap().all(|e| {
        !e.unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".partial")
    }));
    fs::write(&path, text).unwrap();

    // a truncated manifest
    let mpath = run.join("manifest.json");
    let m = fs::read_to_string(&mpath).unwrap();
    fs::write(&mpath, &m[..m.len() / 2]).unwrap();
    let o = berdaya()
        .args(["report", run.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("manifest.json: line"));
    fs::write(&mpath, m).unwrap();

    // flags
    for args in [["--lang", "fr"], ["--discount", "5"]] {
        let o = berdaya()
            .arg("report")
            .arg(&run)
            .args(args)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
    }
    let o = berdaya()
        .arg("report")
        .arg(&run)
        .args([
            "--out",
            tmp.path().join("no/such/dir/r.html").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("does not exist"));
}

#[test]
fn an_existing_out_file_needs_force_and_the_pdf_is_skipped_without_chromium() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("placebo.toml");
    fs::write(&file, PLACEBO).unwrap();
    let run = tmp.path().join("run");
    berdaya()
        .args([
            "run",
            file.to_str().unwrap(),
            "--out",
            run.to_str().unwrap(),
            "--quiet",
        ])
        .assert()
        .success();
    let out = tmp.path().join("brief.html");
    fs::write(&out, "old").unwrap();
    let args = [
        "report",
        run.to_str().unwrap(),
        "--lang",
        "id",
        "--out",
        out.to_str().unwrap(),
    ];
    // an existing --out file is left alone without --force
    let o = berdaya()
        .env("BERDAYA_CHROMIUM", tmp.path().join("no-such-browser"))
        .args(args)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    assert_eq!(fs::read_to_string(&out).unwrap(), "old");
    // the run's own report.html is always replaced
    berdaya()
        .env("BERDAYA_CHROMIUM", tmp.path().join("no-such-browser"))
        .args(["report", run.to_str().unwrap()])
        .assert()
        .success();
    let o = berdaya()
        .env("BERDAYA_CHROMIUM", tmp.path().join("no-such-browser"))
        .args(args)
        .arg("--force")
        .output()
        .unwrap();
    assert!(o.status.success());
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("no PDF (skipped"), "{stdout}");
    let html = fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("lang=\"id\""));
    assert!(html.contains("Ringkasan kebijakan"));
    assert!(!tmp.path().join("brief.pdf").exists());
    // the same folder gives the same bytes
    let again = brief::render(
        &run,
        &brief::Options {
            lang: brief::lang::Lang::Id,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(again, html);
}

#[test]
fn a_run_without_control_gets_a_brief_of_levels() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("one.toml");
    fs::write(
        &file,
        "name = \"one\"\nmonths = 12\nreplications = 2\n[population]\nvillages = 2\nhouseholds_per_village = 50\nburn_in_months = 6\n",
    )
    .unwrap();
    let run = tmp.path().join("run");
    berdaya()
        .args([
            "run",
            file.to_str().unwrap(),
            "--out",
            run.to_str().unwrap(),
            "--quiet",
        ])
        .assert()
        .success();
    let html = fs::read_to_string(run.join("report.html")).unwrap();
    assert!(html.contains("no arm named <code>control</code>"));
    assert!(html.contains("Only 2 replications"));
    // the reproducibility table names the commit manifest.json records
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(run.join("manifest.json")).unwrap()).unwrap();
    let commit = manifest["git_commit"].as_str().unwrap();
    if commit == "unknown" {
        assert!(html.contains("not recorded in manifest.json"), "{commit}");
    } else {
        assert!(
            html.contains(&format!("<th>Commit</th><td><code>{commit}</code>")),
            "{commit}"
        );
    }
    // the checksums in the page are those of the files
    let sum = data::sha256_file(&run.join("summary.csv")).unwrap();
    assert!(html.contains(&sum));
}

#[test]
fn a_model_interval_is_shown_and_a_sign_flip_is_called_uncertain() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("placebo.toml");
    fs::write(&file, PLACEBO).unwrap();
    let run = tmp.path().join("run");
    berdaya()
        .args([
            "run",
            file.to_str().unwrap(),
            "--out",
            run.to_str().unwrap(),
            "--quiet",
        ])
        .assert()
        .success();
    let before = fs::read_to_string(run.join("report.html")).unwrap();
    assert!(before.contains("Monte Carlo noise only"));
    // add the model-uncertainty columns. multi_group's poverty effect at the
    // horizon is made detectable (its 95% interval excludes zero, whatever
    // the model gives) and gets a model interval through zero: the sign
    // flips across parameter draws. Every other row gets one around diff.
    let extra = ["model_median", "model_low", "model_high", "p_better"];
    edit_effects(&run, &extra, |row| {
        if is_row(row, "multi_group", "poverty_rate", "horizon_end") {
            set_effect(row, -0.03, -0.04, -0.02);
        }
        let diff: f64 = row["effect"].parse().unwrap_or(f64::NAN);
        let (lo, hi) = if is_row(row, "multi_group", "poverty_rate", "horizon_end") {
            (-0.05, 0.01)
        } else {
            (diff - diff.abs() * 0.1, diff + diff.abs() * 0.1)
        };
        let f = |x: f64| {
            if x.is_finite() {
                x.to_string()
            } else {
                String::new()
            }
        };
        for (col, v) in extra.iter().zip([f(diff), f(lo), f(hi), "0.93".into()]) {
            row.insert(col.to_string(), v);
        }
    });
    let html = brief::render(&run, &brief::Options::default()).unwrap();
    assert!(
        !html.contains("Monte Carlo noise only"),
        "no MC-only caveat with a model interval"
    );
    assert!(html.contains("model interval"));
    assert!(html.contains("data-field=\"model_low\""));
    assert!(html.contains("P(better than no program) = <span data-field=\"p_better\">93%</span>"));
    let li = finding(&html, "multi_group", "At month");
    assert_eq!(li.len(), 1, "one finding at the horizon");
    assert!(
        li[0].contains("has an uncertain effect on the poverty rate: \u{2212}3.0 percentage points at these settings, but from \u{2212}5.0 to +1.0 across plausible parameter values"),
        "{}",
        li[0]
    );
    assert!(!li[0].contains("reduces the poverty rate"), "{}", li[0]);
    assert!(html.contains("The sign of these effects changes across plausible parameter values"));
    assert!(
        html.contains(
            "<td class=\"num uncertain\" data-arm=\"multi_group\" data-metric=\"poverty_rate\" data-when=\"horizon_end\""
        ),
        "the cell of the sign flip is marked uncertain"
    );
    // and in Bahasa Indonesia
    let id = render_id(&run);
    assert!(id.contains("memberi dampak yang tidak pasti pada angka kemiskinan"));
    // the note under the headline table says how the parameters were drawn,
    // as scenario.toml's [uncertainty] records it
    assert!(html.contains("over plausible parameter values (model uncertainty)"));
    let scenario = run.join("scenario.toml");
    let text = fs::read_to_string(&scenario).unwrap();
    assert!(text.contains("\nprior = \"uniform\"\n"), "{text}");
    fs::write(
        &scenario,
        text.replace("\nprior = \"uniform\"\n", "\nprior = \"pert\"\n"),
    )
    .unwrap();
    let pert = brief::render(&run, &brief::Options::default()).unwrap();
    assert!(pert.contains("over parameter values drawn near the defaults"));
    let id = render_id(&run);
    assert!(id.contains("diundi di sekitar nilai bawaan"));
    let text = fs::read_to_string(&scenario).unwrap();
    fs::write(
        &scenario,
        text.replace("\nposterior = \"\"\n", "\nposterior = \"posterior.csv\"\n"),
    )
    .unwrap();
    let post = brief::render(&run, &brief::Options::default()).unwrap();
    assert!(post.contains("drawn from a calibration's posterior"));
}

#[test]
fn stylized_facts_appear_when_evidence_csv_is_in_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("placebo.toml");
    fs::write(&file, PLACEBO).unwrap();
    let run = tmp.path().join("run");
    berdaya()
        .args([
            "run",
            file.to_str().unwrap(),
            "--out",
            run.to_str().unwrap(),
            "--quiet",
        ])
        .assert()
        .success();
    let before = fs::read_to_string(run.join("report.html")).unwrap();
    assert!(
        before.contains("berdaya evidence --out DIR"),
        "says where to get them"
    );
    // the columns `berdaya evidence --out` writes
    fs::write(
        run.join("evidence.csv"),
        "fact,title,holds,source,field,model\nF2,Multi-aspect programs last,true,Banerjee 2015,\"lasting, 0.6 SD\",+0.12 SD at month 120\nF6,Groups reach the poor,false,PNPM,poor join,\"the better-off join, more\"\n",
    )
    .unwrap();
    for (lang, says) in [
        (brief::lang::Lang::En, "1 of 2 stylized facts hold"),
        (brief::lang::Lang::Id, "1 dari 2 fakta empiris terpenuhi"),
    ] {
        let html = brief::render(
            &run,
            &brief::Options {
                lang,
                ..Default::default()
            },
        )
        .unwrap();
        assert!(html.contains(says), "{says}");
        assert!(
            html.contains("Multi-aspect programs last")
                && html.contains("the better-off join, more")
        );
        // a file without the settings column: checked at the defaults
        assert!(
            html.contains("at its own default settings")
                || html.contains("pada pengaturan bawaannya sendiri, bukan")
        );
    }
    // checked with `berdaya evidence --set`: the brief says which keys; the
    // Indonesian brief shows the Indonesian texts when the file has them
    fs::write(
        run.join("evidence.csv"),
        "fact,title,holds,source,field,model,settings,title_id,field_id,model_id\nF2,Multi-aspect programs last,true,B,f,consumption +2.3%,infrastructure.min_scale=0.0,Program multi-aspek bertahan lama,l,\"konsumsi +2,3%\"\n",
    )
    .unwrap();
    let html = |lang| {
        brief::render(
            &run,
            &brief::Options {
                lang,
                ..Default::default()
            },
        )
        .unwrap()
    };
    let (en, id) = (html(brief::lang::Lang::En), html(brief::lang::Lang::Id));
    assert!(en.contains("Multi-aspect programs last") && en.contains("consumption +2.3%"));
    assert!(id.contains("Program multi-aspek bertahan lama") && id.contains("konsumsi +2,3%"));
    assert!(!id.contains("Multi-aspect programs last"));
    for (lang, says) in [
        (
            brief::lang::Lang::En,
            "at its own defaults except <code>infrastructure.min_scale=0.0</code>",
        ),
        (
            brief::lang::Lang::Id,
            "pada pengaturan bawaannya sendiri kecuali <code>infrastructure.min_scale=0.0</code>",
        ),
    ] {
        let html = html(lang);
        assert!(html.contains(says), "{says}");
    }
    // a fact that holds only within Monte Carlo noise says so, in both
    // languages, in its row and in the count
    fs::write(
        run.join("evidence.csv"),
        "fact,title,holds,source,field,model,settings,title_id,field_id,model_id,within_noise\nF2,Multi-aspect programs last,true,B,f,m,,,,,false\nF10,Diminishing returns,true,B,f,m,,,,,true\n",
    )
    .unwrap();
    for (lang, row, count) in [
        (
            brief::lang::Lang::En,
            "<td>yes, within Monte Carlo noise</td>",
            "2 of 2 stylized facts hold in the model, 1 of them only within Monte Carlo noise",
        ),
        (
            brief::lang::Lang::Id,
            "<td>ya, dalam batas galat Monte Carlo</td>",
            "2 dari 2 fakta empiris terpenuhi dalam model, 1 di antaranya hanya dalam batas galat Monte Carlo",
        ),
    ] {
        let html = html(lang);
        assert!(html.contains(row), "{row}");
        assert!(html.contains(count), "{count}");
        assert_eq!(html.matches(row).count(), 1, "only F10");
    }
    // a garbled evidence.csv is an input error like any other
    fs::write(
        run.join("evidence.csv"),
        "fact,title,holds,model\nF2,x,maybe,y\n",
    )
    .unwrap();
    let o = berdaya()
        .args(["report", run.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("evidence.csv"));
}
