//! `berdaya report DIR`: a run folder turned into one self-contained HTML
//! brief a ministry can read (and a PDF of it where a headless Chromium is
//! installed). The brief reads the folder's files only (`columns.rs` names
//! them), writes every word in English or Bahasa Indonesia (`i18n.rs`),
//! formats numbers per language (`numbers.rs`), words its findings by the
//! rules of `docs/STATISTICS.md` (`findings.rs`), discounts costs and gains
//! (`cost.rs`) and draws its charts as inline SVG (`svg.rs`).
//!
//! Output: `report.html` in the run folder, written atomically and replaced
//! when it exists, since it is derived from the folder's files (like the
//! charts of `berdaya plot`); or `--out FILE`, which, like a run folder, is
//! never replaced without `--force`.

pub mod columns;
pub mod cost;
pub mod data;
pub mod findings;
pub mod html;
pub mod i18n;
pub mod lang;
pub mod numbers;
pub mod svg;

use crate::error::{Error, Result};
use data::{ManifestArm, RunData, When};
use findings::{HEADLINE, Verdict};
use lang::Lang;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use cost::DEFAULT_DISCOUNT;

/// Replications under which the brief warns that intervals are rough.
pub const FEW_REPLICATIONS: u32 = 10;

/// How to write a brief.
#[derive(Clone, Debug)]
pub struct Options {
    pub lang: Lang,
    /// Annual real discount rate (0.06 = 6%).
    pub discount: f64,
    /// The HTML file (default: DIR/report.html).
    pub out: Option<PathBuf>,
    /// Also print to PDF with a headless Chromium, when one is installed.
    pub pdf: bool,
    /// Replace an existing `out` file (the default `DIR/report.html` is
    /// always replaced: it is the folder's own derived file).
    pub force: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lang: Lang::En,
            discount: DEFAULT_DISCOUNT,
            out: None,
            pdf: false,
            force: false,
        }
    }
}

/// What was written.
#[derive(Clone, Debug)]
pub struct Written {
    pub html: PathBuf,
    /// The PDF, or why there is none (when one was asked for).
    pub pdf: Option<std::result::Result<PathBuf, String>>,
}

/// Renders the brief of a run folder as HTML text.
pub fn render(dir: &Path, opts: &Options) -> Result<String> {
    check_discount(opts.discount)?;
    let data = data::read(dir)?;
    let costs = cost::discounted(&data, opts.discount);
    Ok(html::render(&data, opts.lang, opts.discount, &costs))
}

fn check_discount(rate: f64) -> Result<()> {
    if !(rate.is_finite() && (0.0..1.0).contains(&rate)) {
        return Err(Error::Usage(format!(
            "--discount {rate}: expected an annual rate from 0 to below 1 (0.06 for 6%)"
        )));
    }
    Ok(())
}

/// Writes the brief of `dir` (atomically) and, if asked, its PDF.
pub fn write_report(dir: &Path, opts: &Options) -> Result<Written> {
    let text = render(dir, opts)?;
    let html_path = opts.out.clone().unwrap_or_else(|| dir.join("report.html"));
    if html_path.is_dir() {
        return Err(Error::Usage(format!(
            "--out {}: is a folder; expected the path of the HTML file to write",
            html_path.display()
        )));
    }
    if let Some(parent) = html_path.parent().filter(|p| !p.as_os_str().is_empty())
        && !parent.is_dir()
    {
        return Err(Error::Usage(format!(
            "--out {}: the folder {} does not exist",
            html_path.display(),
            parent.display()
        )));
    }
    if opts.out.is_some() && !opts.force {
        for p in [html_path.clone(), html_path.with_extension("pdf")] {
            if p.exists() && (p == html_path || opts.pdf) {
                return Err(Error::Usage(format!(
                    "{} exists; nothing was written. Use --force to replace it, or choose another --out (the default, DIR/report.html, is always replaced)",
                    p.display()
                )));
            }
        }
    }
    let html = crate::output::files::write_atomic(&html_path, text.as_bytes())?;
    let pdf = opts.pdf.then(|| print_pdf(&html));
    Ok(Written { html, pdf })
}

/// The call at the end of `berdaya run`: the English brief next to the
/// run's files (no PDF: a run stays quick and needs no browser).
pub fn write_after_run(dir: &Path) -> Result<PathBuf> {
    Ok(write_report(dir, &Options::default())?.html)
}

/// `berdaya report DIR [--lang] [--discount] [--out]`.
pub fn report_command(
    dir: &Path,
    lang: &str,
    discount: f64,
    out: Option<PathBuf>,
    force: bool,
) -> Result<()> {
    let lang: Lang = lang.parse().map_err(Error::Usage)?;
    let w = write_report(
        dir,
        &Options {
            lang,
            discount,
            out,
            pdf: true,
            force,
        },
    )?;
    println!("berdaya: brief written to {}", w.html.display());
    match w.pdf {
        Some(Ok(p)) => println!("berdaya: PDF written to {}", p.display()),
        Some(Err(why)) => println!("berdaya: no PDF ({why})"),
        None => {}
    }
    Ok(())
}

/// The Chromium binary to use: `$BERDAYA_CHROMIUM`, else the first of
/// `chromium`, `chromium-browser`, `google-chrome` found on `PATH`.
pub fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("BERDAYA_CHROMIUM") {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Flags for a headless Chromium that reaches no network: no background
/// services, and every host name resolves to nothing.
pub fn chromium_flags() -> Vec<String> {
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--host-resolver-rules=MAP * ~NOTFOUND",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// Prints the HTML to a PDF next to it with a headless Chromium; the error
/// says why there is no PDF (never fatal for the brief).
fn print_pdf(html: &Path) -> std::result::Result<PathBuf, String> {
    let Some(chromium) = find_chromium() else {
        return Err("skipped: no headless Chromium found (install Debian's `chromium`, or set BERDAYA_CHROMIUM); print the HTML from a browser instead".into());
    };
    let abs = std::fs::canonicalize(html).map_err(|e| e.to_string())?;
    let pdf = abs.with_extension("pdf");
    let tmp = crate::output::files::temp_path(&pdf);
    let profile = std::env::temp_dir().join(format!("berdaya-chromium-{}", std::process::id()));
    let child = std::process::Command::new(&chromium)
        .args(chromium_flags())
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", tmp.display()))
        .arg(format!("file://{}", abs.display()))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    let status = match child {
        Ok(mut child) => wait_at_most(&mut child, std::time::Duration::from_secs(PDF_SECONDS)),
        Err(e) => Err(format!("could not start {}: {e}", chromium.display())),
    };
    let _ = std::fs::remove_dir_all(&profile);
    let status = status?;
    let ok = status.success()
        && std::fs::metadata(&tmp)
            .map(|m| m.len() > 0)
            .unwrap_or(false);
    if !ok {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!(
            "{} failed to print the PDF (exit {:?})",
            chromium.display(),
            status.code()
        ));
    }
    std::fs::rename(&tmp, &pdf).map_err(|e| e.to_string())?;
    Ok(pdf)
}

/// Seconds a PDF may take before the browser is stopped.
const PDF_SECONDS: u64 = 120;

/// Waits for a child process, stopping it (by its own id) after `limit`.
fn wait_at_most(
    child: &mut std::process::Child,
    limit: std::time::Duration,
) -> std::result::Result<std::process::ExitStatus, String> {
    let start = std::time::Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if start.elapsed() < limit => {
                std::thread::sleep(std::time::Duration::from_millis(50))
            }
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "the browser took more than {} s and was stopped",
                    limit.as_secs()
                ));
            }
            Err(e) => return Err(e.to_string()),
        }
    }
}

/// The command line as a user would type it: the program as `berdaya`.
pub fn command_text(args: &[String]) -> String {
    let mut parts: Vec<String> = args.iter().map(|a| shell_quote(a)).collect();
    if let Some(first) = parts.first_mut() {
        *first = "berdaya".into();
    }
    if parts.len() == 1 || parts.get(1).is_some_and(|p| p.starts_with('-')) {
        // `berdaya --flag` cannot happen; keep it readable anyway
    }
    parts.join(" ")
}

fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// An arm's program in plain words, as parts: budget and time, approach,
/// components, mode, allocation (empty for an arm without a program).
pub fn program_parts(a: &ManifestArm, lang: Lang) -> Vec<String> {
    let p = &a.scenario.program;
    if p.components.is_empty() || p.budget <= 0.0 {
        return Vec::new();
    }
    let comps: Vec<String> = p
        .components
        .iter()
        .map(|c| i18n::component(c, lang))
        .collect();
    vec![
        i18n::budget_words(
            &numbers::rupiah_scaled(p.budget, lang, false),
            p.duration_months,
            p.start_month,
            lang,
        ),
        i18n::approach(&p.approach, lang),
        findings::join(&comps, lang),
        i18n::mode(&p.mode, lang),
        i18n::allocation(&p.allocation, lang),
    ]
}

/// The arms in plain words: a sentence for what every program arm shares,
/// and per arm what is its own (plus the keys it sets outside the program).
pub fn describe_arms(arms: &[ManifestArm], lang: Lang) -> (Option<String>, Vec<String>) {
    let parts: Vec<Vec<String>> = arms.iter().map(|a| program_parts(a, lang)).collect();
    let programs: Vec<&Vec<String>> = parts.iter().filter(|p| !p.is_empty()).collect();
    let n = programs.first().map(|p| p.len()).unwrap_or(0);
    let common: Vec<bool> = (0..n)
        .map(|k| programs.len() > 1 && programs.iter().all(|p| p[k] == programs[0][k]))
        .collect();
    let shared: Vec<String> = (0..n)
        .filter(|&k| common[k])
        .map(|k| programs[0][k].clone())
        .collect();
    let shared_text = (!shared.is_empty()).then(|| match lang {
        Lang::En => format!("Every program arm: {}.", shared.join("; ")),
        Lang::Id => format!("Semua pilihan program: {}.", shared.join("; ")),
    });
    let per_arm = arms
        .iter()
        .zip(&parts)
        .map(|(a, p)| {
            let mut s = if p.is_empty() {
                lang.words().no_program.to_string()
            } else {
                let own: Vec<String> = (0..p.len())
                    .filter(|&k| !common.get(k).copied().unwrap_or(false))
                    .map(|k| p[k].clone())
                    .collect();
                let mut t = own.join("; ");
                if let Some(f) = t.get(0..1) {
                    t = f.to_uppercase() + &t[1..];
                }
                t.push('.');
                t
            };
            let other: Vec<String> = a
                .overrides
                .iter()
                .filter(|(k, _)| !k.starts_with("program."))
                .map(|(k, v)| format!("{k} = {v}"))
                .collect();
            if !other.is_empty() {
                s.push_str(match lang {
                    Lang::En => " Also sets: ",
                    Lang::Id => " Juga mengatur: ",
                });
                s.push_str(&other.join("; "));
                s.push('.');
            }
            s
        })
        .collect();
    (shared_text, per_arm)
}

/// The comment above each `[[arm]]` of the built-in scenario the run came
/// from, when the run's arms are exactly that file's arms.
pub fn arm_notes(data: &RunData) -> BTreeMap<String, String> {
    let Some(text) = crate::builtin::get(&data.manifest.experiment) else {
        return BTreeMap::new();
    };
    let (notes, mut arms) = comments_by_arm(text);
    let mut names: Vec<String> = data.arm_names().iter().map(|s| s.to_string()).collect();
    names.sort();
    arms.sort();
    if arms != names {
        return BTreeMap::new();
    }
    notes
}

/// (arm name → the comment block right above its `[[arm]]`, all arm names).
pub fn comments_by_arm(text: &str) -> (BTreeMap<String, String>, Vec<String>) {
    let (mut notes, mut arms) = (BTreeMap::new(), Vec::new());
    let mut comment: Vec<String> = Vec::new();
    let mut pending: Option<String> = None;
    for line in text.lines() {
        let t = line.trim();
        if let Some(c) = t.strip_prefix('#') {
            comment.push(c.trim().to_string());
        } else if t == "[[arm]]" {
            pending = Some(comment.join(" ").trim().to_string());
            comment.clear();
        } else if let Some(note) = pending.as_ref()
            && let Some(v) = t
                .strip_prefix("name")
                .and_then(|r| r.trim_start().strip_prefix('='))
        {
            let name = v.trim().trim_matches('"').to_string();
            if !note.is_empty() {
                notes.insert(name.clone(), note.clone());
            }
            arms.push(name);
            pending = None;
        } else {
            comment.clear();
        }
    }
    (notes, arms)
}

/// Caveats written from the numbers (rules in docs/STATISTICS.md).
pub fn caveats(data: &RunData, lang: Lang) -> Vec<String> {
    let w = lang.words();
    let mut out = Vec::new();
    if data.has_comparison() && !data.has_model_intervals() {
        out.push(match lang {
            Lang::En => format!("{} A sweep over the plausible ranges of the parameters (`berdaya sweep`) shows how much the effects depend on them.", w.mc_only_note),
            Lang::Id => format!("{} Sapuan parameter pada rentang yang masuk akal (`berdaya sweep`) menunjukkan seberapa besar dampak bergantung padanya.", w.mc_only_note),
        });
    }
    let mut flips = Vec::new();
    for e in &data.effects {
        let Some(o) = HEADLINE.iter().find(|o| o.metric() == e.metric) else {
            continue;
        };
        if findings::classify(e.diff, e.ci_low, e.ci_high, e.model.as_ref()) == Verdict::Uncertain {
            flips.push(format!(
                "{} — {} ({})",
                e.arm,
                o.name(lang),
                i18n::month(e.month, lang)
            ));
        }
    }
    if !flips.is_empty() {
        out.push(match lang {
            Lang::En => format!("The sign of these effects changes across plausible parameter values, so the brief calls them uncertain: {}.", flips.join("; ")),
            Lang::Id => format!("Arah dampak berikut berubah pada rentang nilai parameter yang masuk akal, sehingga ringkasan ini menyebutnya tidak pasti: {}.", flips.join("; ")),
        });
    }
    let n = data.replications();
    if n < FEW_REPLICATIONS {
        out.push(match lang {
            Lang::En => format!("Only {n} replications per arm: the intervals rest on few values and are rough. Use at least {FEW_REPLICATIONS} (`--replications 20`) before quoting a number."),
            Lang::Id => format!("Hanya {n} ulangan per pilihan: selang didasarkan pada sedikit nilai dan masih kasar. Gunakan sedikitnya {FEW_REPLICATIONS} ulangan (`--replications 20`) sebelum mengutip angka."),
        });
    }
    let missing = data
        .effects
        .iter()
        .filter(|e| HEADLINE.iter().any(|o| o.metric() == e.metric))
        .filter(|e| findings::classify(e.diff, e.ci_low, e.ci_high, None) == Verdict::NotEstimated)
        .count();
    if missing > 0 {
        out.push(match lang {
            Lang::En => format!("{missing} headline effect(s) have no interval (too few replications) and are not interpreted."),
            Lang::Id => format!("{missing} dampak utama tidak memiliki selang (ulangan terlalu sedikit) dan tidak ditafsirkan."),
        });
    }
    // effects that change sign between the program's end and the horizon
    for a in data.treated() {
        for o in HEADLINE {
            let v = |when| {
                data.effect(a, o.metric(), when)
                    .map(|e| findings::classify(e.diff, e.ci_low, e.ci_high, e.model.as_ref()))
            };
            if let (Some(Verdict::Detected(s1)), Some(Verdict::Detected(s2))) =
                (v(When::ProgramEnd), v(When::HorizonEnd))
                && s1 != s2
            {
                out.push(match lang {
                    Lang::En => format!(
                        "`{a}`: the effect on {} reverses after the program ends.",
                        o.name(lang).to_lowercase()
                    ),
                    Lang::Id => format!(
                        "`{a}`: dampak pada {} berbalik arah setelah program berakhir.",
                        o.name(lang).to_lowercase()
                    ),
                });
            }
        }
    }
    out.push(match lang {
        Lang::En => "The model is calibrated to stylized facts of field experiments, not to one district: it compares designs under the same assumptions; it does not forecast a place.".to_string(),
        Lang::Id => "Model ini dikalibrasi pada fakta empiris eksperimen lapangan, bukan pada satu kabupaten: model membandingkan rancangan dengan asumsi yang sama; model tidak meramalkan suatu tempat.".to_string(),
    });
    out
}
