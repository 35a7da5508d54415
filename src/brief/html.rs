//! The brief as one self-contained HTML page: inline CSS (screen and A4
//! print), inline SVG, no script, and a Content-Security-Policy that forbids
//! every external load, so a browser reports any such attempt as an error.
//!
//! Numbers of the headline table carry `data-arm`, `data-metric`,
//! `data-when` and `data-field` attributes, so tests can read them back.

use super::columns as c;
use super::cost::ArmCost;
use super::data::{Effect, ModelInterval, RunData, When};
use super::findings::{self, HEADLINE, Outcome, Rounding, Verdict};
use super::i18n;
use super::lang::Lang;
use super::numbers as num;
use super::svg::{self, esc};
use std::fmt::Write;

/// The Content-Security-Policy of the page: nothing may be loaded.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const CSS: &str = r#"
:root { --ink: #1a1a1a; --muted: #555; --rule: #c8c8c8; --soft: #f4f4f1; --accent: #0072b2; }
* { box-sizing: border-box; }
html { font-family: "Noto Sans", "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: var(--ink); font-size: 10pt; line-height: 1.4; }
body { margin: 0; background: #fff; }
main { max-width: 190mm; margin: 0 auto; padding: 10mm 8mm; }
h1 { font-size: 19pt; margin: 0 0 1mm; line-height: 1.2; }
h1 small { display: block; font-size: 11pt; font-weight: normal; color: var(--muted); margin-top: 1mm; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; padding-bottom: 1mm; border-bottom: 2px solid var(--accent); break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 3mm 0 1mm; break-after: avoid; }
p { margin: 1.5mm 0; }
.lede { color: var(--muted); font-size: 9.5pt; }
.question { font-size: 11.5pt; background: var(--soft); border-left: 4px solid var(--accent); padding: 2.5mm 4mm; margin: 2mm 0; }
.description { font-style: italic; color: var(--muted); }
ul.findings { padding-left: 5mm; margin: 1mm 0; }
ul.findings li { margin: 1mm 0; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0; font-size: 9pt; break-inside: avoid; page-break-inside: avoid; }
th, td { border-bottom: 1px solid var(--rule); padding: 1.2mm 1.5mm; vertical-align: top; text-align: left; }
thead th { background: var(--soft); font-weight: 600; vertical-align: bottom; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
td.when { white-space: nowrap; }
td.num .ci, td.num .model { display: block; font-size: 7.5pt; color: var(--muted); }
td.num .model { color: #7a4a00; white-space: normal; }
tr.level td, tr.level th { color: var(--muted); font-style: italic; }
tr.first th, tr.first td { border-top: 1.5px solid #999; }
table.headline th[rowspan] { vertical-align: middle; }
table.headline thead th:first-child { width: 24%; }
td.good .est { color: #006b4f; font-weight: 600; }
td.bad .est { color: #b03c00; font-weight: 600; }
td.null .est { color: var(--muted); }
.armlabel { white-space: nowrap; }
.arm { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 8.5pt; white-space: nowrap; }
.swatch { display: inline-block; width: 2.6mm; height: 2.6mm; border-radius: 50%; margin-right: 1.2mm; vertical-align: middle; }
.note { font-size: 8.5pt; color: var(--muted); }
figure { margin: 2mm 0 3mm; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: 8.5pt; color: var(--muted); }
figcaption b { color: var(--ink); }
.caveats li { margin: 1mm 0; }
.repro { background: var(--soft); border: 1px solid var(--rule); padding: 2mm 4mm; font-size: 8.5pt; break-inside: avoid; page-break-inside: avoid; }
.repro table { font-size: 8pt; margin: 1mm 0; }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 8pt; }
.repro code { word-break: break-all; }
table.cost { table-layout: fixed; }
table.cost th:first-child { width: 26%; }
table.cost td.num { white-space: normal; }
.badge { display: inline-block; font-size: 7.5pt; padding: 0 1.5mm; border-radius: 1mm; background: #fde7c8; color: #7a4a00; margin-left: 1mm; }
footer { margin-top: 6mm; font-size: 8pt; color: var(--muted); border-top: 1px solid var(--rule); padding-top: 2mm; }
@page { size: A4; margin: 13mm 12mm 14mm; }
@media print {
  html { font-size: 9.5pt; }
  main { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  section { break-inside: auto; }
  .pagebreak { break-before: page; page-break-before: always; }
}
"#;

/// Renders the page.
pub fn render(data: &RunData, lang: Lang, discount: f64, costs: &[ArmCost]) -> String {
    let w = lang.words();
    let mut h = String::with_capacity(200_000);
    let title = format!("{}: {}", w.title, data.manifest.experiment);
    let _ = writeln!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"berdaya {}\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>",
        lang.code(),
        esc(env!("CARGO_PKG_VERSION")),
        esc(&title)
    );
    header(&mut h, data, lang);
    question(&mut h, data, lang);
    if data.has_comparison() {
        headline(&mut h, data, lang);
        key_findings(&mut h, data, lang);
        options(&mut h, data, lang);
        charts(&mut h, data, lang);
        cost_section(&mut h, data, lang, discount, costs);
        who_gains(&mut h, data, lang);
        powerless(&mut h, data, lang);
        lasts(&mut h, data, lang);
    } else {
        let _ = write!(
            h,
            "<section><p class=\"question\">{}</p></section>",
            md_code(w.no_comparison)
        );
        options(&mut h, data, lang);
        levels_only(&mut h, data, lang);
    }
    facts(&mut h, data, lang);
    caveats(&mut h, data, lang);
    repro(&mut h, data, lang);
    let _ = writeln!(
        h,
        "<footer>{}</footer>\n</main>\n</body>\n</html>",
        match lang {
            Lang::En => format!(
                "Made by <code>berdaya report</code> {} from the files of the run folder <code>{}</code>. Rounded for reading; the CSV files hold every digit.",
                esc(env!("CARGO_PKG_VERSION")),
                esc(&folder_name(data))
            ),
            Lang::Id => format!(
                "Dibuat oleh <code>berdaya report</code> {} dari berkas-berkas folder hasil <code>{}</code>. Angka dibulatkan agar mudah dibaca; berkas CSV memuat semua digit.",
                esc(env!("CARGO_PKG_VERSION")),
                esc(&folder_name(data))
            ),
        }
    );
    h
}

fn folder_name(data: &RunData) -> String {
    data.dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| ".".into())
}

/// `text` with `backticks` as code, escaped.
fn md_code(text: &str) -> String {
    let mut out = String::new();
    for (k, part) in text.split('`').enumerate() {
        if k % 2 == 1 {
            let _ = write!(out, "<code>{}</code>", esc(part));
        } else {
            out.push_str(&esc(part));
        }
    }
    out
}

fn arm_label(data: &RunData, arm: &str) -> String {
    format!(
        "<span class=\"armlabel\"><span class=\"swatch\" style=\"background:{}\"></span><span class=\"arm\">{}</span></span>",
        svg::color(data, arm),
        esc(arm)
    )
}

fn header(h: &mut String, data: &RunData, lang: Lang) {
    let w = lang.words();
    let m = &data.manifest;
    let pop = data.arm(&m.arms[0].name).map(|a| &a.scenario.population);
    let sub = match (pop, lang) {
        (Some(p), Lang::En) => format!(
            "{} replications × {} villages × {} households, {} months",
            num::count(m.replications as f64, lang),
            num::count(p.villages as f64, lang),
            num::count(p.households_per_village as f64, lang),
            m.months
        ),
        (Some(p), Lang::Id) => format!(
            "{} ulangan × {} desa × {} rumah tangga, {} bulan",
            num::count(m.replications as f64, lang),
            num::count(p.villages as f64, lang),
            num::count(p.households_per_village as f64, lang),
            m.months
        ),
        (None, _) => String::new(),
    };
    let _ = writeln!(
        h,
        "<header><h1>{}: <span class=\"arm\" style=\"font-size:inherit\">{}</span><small>{}</small></h1><p class=\"lede\">{}</p></header>",
        w.title,
        esc(&m.experiment),
        esc(&sub),
        w.generated_by
    );
}

fn question(h: &mut String, data: &RunData, lang: Lang) {
    let w = lang.words();
    let m = &data.manifest;
    let pop = &m.arms[0].scenario.population;
    let options = if data.has_comparison() {
        data.treated().len()
    } else {
        m.arms.len()
    };
    let _ = write!(
        h,
        "<section><h2>{}</h2><p class=\"question\">{}</p>",
        w.question,
        esc(&i18n::question(
            options,
            pop.villages,
            pop.households_per_village,
            data.program_end_month(),
            m.months,
            lang
        ))
    );
    if !data.scenario.description.is_empty() {
        let _ = write!(
            h,
            "<p class=\"description\">{}: “{}”</p>",
            w.note_in_file,
            esc(&data.scenario.description)
        );
    }
    let (shared, _) = super::describe_arms(&m.arms, lang);
    if let Some(t) = shared {
        let _ = write!(h, "<p>{}</p>", esc(&t));
    }
    h.push_str("</section>\n");
}

/// The arms in plain words.
fn options(h: &mut String, data: &RunData, lang: Lang) {
    let w = lang.words();
    let m = &data.manifest;
    h.push_str("<section>");
    let notes = super::arm_notes(data);
    let (_, per_arm) = super::describe_arms(&m.arms, lang);
    let _ = write!(h, "<h2>{}</h2>", w.arms);
    let _ = write!(
        h,
        "<table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>",
        w.arm, w.what_it_does
    );
    for (a, words) in m.arms.iter().zip(per_arm) {
        let mut what = esc(&words);
        if let Some(n) = notes.get(&a.name) {
            let _ = write!(
                what,
                "<br><span class=\"note\">{}: “{}”</span>",
                w.note_in_file,
                esc(n)
            );
        }
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{what}</td></tr>",
            arm_label(data, &a.name)
        );
    }
    h.push_str("</tbody></table></section>\n");
}

fn key_findings(h: &mut String, data: &RunData, lang: Lang) {
    let w = lang.words();
    let _ = write!(
        h,
        "<section><h2>{}</h2><ul class=\"findings\">",
        w.key_findings
    );
    for arm in data.treated() {
        for when in [When::ProgramEnd, When::HorizonEnd] {
            let effects: Vec<&Effect> = HEADLINE
                .iter()
                .filter_map(|o| data.effect(arm, o.metric(), when))
                .collect();
            if effects.is_empty() {
                continue;
            }
            let month = effects[0].month;
            let phrases: Vec<String> = HEADLINE
                .iter()
                .filter_map(|o| {
                    data.effect(arm, o.metric(), when)
                        .map(|e| findings::phrase(*o, e, lang).1)
                })
                .collect();
            let lead = match (when, lang) {
                (When::ProgramEnd, Lang::En) => format!("By the program's end (month {month})"),
                (When::ProgramEnd, Lang::Id) => format!("Pada akhir program (bulan ke-{month})"),
                (When::HorizonEnd, _) => {
                    let end = data
                        .effect(arm, c::POVERTY_RATE, When::ProgramEnd)
                        .map(|e| e.month);
                    match (end, lang) {
                        (Some(e), Lang::En) => {
                            format!("At month {month}, {} later", i18n::years(month - e, lang))
                        }
                        (Some(e), Lang::Id) => format!(
                            "Pada bulan ke-{month}, {} kemudian",
                            i18n::years(month - e, lang)
                        ),
                        (None, Lang::En) => format!("At month {month}"),
                        (None, Lang::Id) => format!("Pada bulan ke-{month}"),
                    }
                }
            };
            let _ = write!(
                h,
                "<li>{lead}, {} {}.</li>",
                arm_label(data, arm),
                esc(&findings::join(&phrases, lang))
            );
        }
    }
    if let Some(s) = best_poverty_sentence(data, lang) {
        let _ = write!(h, "<li>{s}</li>");
    }
    h.push_str("</ul></section>\n");
}

/// Which arm lowers poverty most at the horizon: named only when its
/// interval does not overlap the runner-up's (rule in STATISTICS.md).
fn best_poverty_sentence(data: &RunData, lang: Lang) -> Option<String> {
    let mut good: Vec<&Effect> = data
        .treated()
        .into_iter()
        .filter_map(|a| data.effect(a, c::POVERTY_RATE, When::HorizonEnd))
        .filter(|e| {
            findings::classify(e.diff, e.ci_low, e.ci_high, e.model.as_ref())
                == Verdict::Detected(-1)
        })
        .collect();
    if good.len() < 2 {
        return None;
    }
    good.sort_by(|a, b| a.diff.total_cmp(&b.diff));
    let (best, next) = (good[0], good[1]);
    let r = Rounding::for_effect(Outcome::Poverty, best.diff);
    let r2 = Rounding::for_effect(Outcome::Poverty, next.diff);
    let separated = best.ci_high < next.ci_low;
    Some(match (separated, lang) {
        (true, Lang::En) => format!(
            "Of the arms compared, {} lowers the poverty rate most at month {} ({} percentage points, against {} for {}, the next best; their 95% intervals do not overlap).",
            arm_label(data, &best.arm),
            best.month,
            r.signed(best.diff, lang),
            r2.signed(next.diff, lang),
            arm_label(data, &next.arm)
        ),
        (true, Lang::Id) => format!(
            "Di antara pilihan yang dibandingkan, {} paling banyak menurunkan angka kemiskinan pada bulan ke-{} ({} poin persen, dibanding {} untuk {}, terbaik berikutnya; selang 95% keduanya tidak tumpang tindih).",
            arm_label(data, &best.arm),
            best.month,
            r.signed(best.diff, lang),
            r2.signed(next.diff, lang),
            arm_label(data, &next.arm)
        ),
        (false, Lang::En) => format!(
            "{} and {} lower the poverty rate by amounts that cannot be told apart at month {} (their 95% intervals overlap).",
            arm_label(data, &best.arm),
            arm_label(data, &next.arm),
            best.month
        ),
        (false, Lang::Id) => format!(
            "{} dan {} menurunkan angka kemiskinan dengan besaran yang tidak dapat dibedakan pada bulan ke-{} (selang 95% keduanya tumpang tindih).",
            arm_label(data, &best.arm),
            arm_label(data, &next.arm),
            best.month
        ),
    })
}

/// One number with its data attributes.
fn num_span(field: &str, text: &str) -> String {
    format!("<span data-field=\"{field}\">{}</span>", esc(text))
}

/// The headline table: the no-program level, then each treated arm's
/// effects, at the program's end and at the horizon.
fn headline(h: &mut String, data: &RunData, lang: Lang) {
    let whens = headline_whens(data, lang);
    headline_head(h, lang);
    headline_levels(h, data, lang, &whens);
    for a in &data.treated() {
        headline_arm_rows(h, data, lang, a, &whens);
    }
    h.push_str("</tbody></table>");
    headline_notes(h, data, lang);
    h.push_str("</section>\n");
}

/// The months of the headline table with their labels: the program's end
/// (when the run has one) and the horizon.
fn headline_whens(data: &RunData, lang: Lang) -> Vec<(When, String)> {
    let end = data.program_end_month();
    let horizon = data.manifest.months;
    [
        end.map(|e| (When::ProgramEnd, i18n::when_short(e, None, lang))),
        Some((When::HorizonEnd, i18n::when_short(horizon, end, lang))),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The section's title and the table's head row.
fn headline_head(h: &mut String, lang: Lang) {
    let w = lang.words();
    let _ = write!(h, "<section><h2>{}</h2>", w.headline);
    let _ = write!(
        h,
        "<table class=\"headline\" id=\"headline\"><thead><tr><th>{}</th><th></th>",
        w.arm
    );
    for o in HEADLINE {
        let _ = write!(
            h,
            "<th class=\"num\">{}<br><span class=\"note\">{}</span></th>",
            o.name(lang),
            o.effect_unit(lang)
        );
    }
    h.push_str("</tr></thead><tbody>");
}

/// The rows of the level without a program (the control's mean).
fn headline_levels(h: &mut String, data: &RunData, lang: Lang, whens: &[(When, String)]) {
    let w = lang.words();
    let arms = data.treated();
    for (k, (when, label)) in whens.iter().enumerate() {
        let _ = write!(
            h,
            "<tr class=\"level\">{}<td class=\"when\">{}</td>",
            if k == 0 {
                format!(
                    "<th rowspan=\"{}\">{}</th>",
                    whens.len(),
                    w.no_program_level
                )
            } else {
                String::new()
            },
            label
        );
        for o in HEADLINE {
            let e = arms.iter().find_map(|a| data.effect(a, o.metric(), *when));
            let text = match e {
                Some(e) if o.is_share() => num::percent(e.control_mean, lang),
                Some(e) => {
                    num::rupiah_plain(e.control_mean, num::money_unit(e.control_mean), lang, false)
                }
                None => "—".into(),
            };
            let _ = write!(h, "<td class=\"num\">{}</td>", esc(&text));
        }
        h.push_str("</tr>");
    }
}

/// The rows of one treated arm: one per month of `whens`.
fn headline_arm_rows(
    h: &mut String,
    data: &RunData,
    lang: Lang,
    a: &str,
    whens: &[(When, String)],
) {
    for (k, (when, label)) in whens.iter().enumerate() {
        let _ = write!(
            h,
            "<tr{}>{}<td class=\"when note\">{}</td>",
            if k == 0 { " class=\"first\"" } else { "" },
            if k == 0 {
                format!(
                    "<th rowspan=\"{}\">{}</th>",
                    whens.len(),
                    arm_label(data, a)
                )
            } else {
                String::new()
            },
            label
        );
        for o in HEADLINE {
            match data.effect(a, o.metric(), *when) {
                Some(e) => effect_cell(h, lang, a, o, *when, e),
                None => h.push_str("<td class=\"num\">—</td>"),
            }
        }
        h.push_str("</tr>");
    }
}

/// One effect with its 95% interval (and model interval when the run has
/// one), coloured by the findings rule.
fn effect_cell(h: &mut String, lang: Lang, a: &str, o: Outcome, when: When, e: &Effect) {
    let v = findings::classify(e.diff, e.ci_low, e.ci_high, e.model.as_ref());
    let class = match (findings::is_improvement(o, v), v) {
        (Some(true), _) => "good",
        (Some(false), _) => "bad",
        (None, Verdict::Uncertain) => "uncertain",
        _ => "null",
    };
    let r = Rounding::for_effect(o, e.diff);
    let _ = write!(
        h,
        "<td class=\"num {class}\" data-arm=\"{}\" data-metric=\"{}\" data-when=\"{}\" data-n=\"{}\"><span class=\"est\">{}</span><span class=\"ci\">({} {} {})</span>",
        esc(a),
        o.metric(),
        when_str(when),
        e.n,
        num_span(c::EFFECT, &r.signed(e.diff, lang)),
        num_span(c::EFFECT_CI_LOW, &r.signed(e.ci_low, lang)),
        findings::to_word(lang),
        num_span(c::EFFECT_CI_HIGH, &r.signed(e.ci_high, lang)),
    );
    if let Some(m) = &e.model {
        model_span(h, lang, o, m);
    }
    h.push_str("</td>");
}

/// The model interval of an effect and its P(better than no program).
fn model_span(h: &mut String, lang: Lang, o: Outcome, m: &ModelInterval) {
    let w = lang.words();
    let mr = Rounding::for_effect(o, m.median);
    let _ = write!(
        h,
        "<span class=\"model\">{}: {} ({} {} {}){}</span>",
        w.model_interval,
        num_span(c::MODEL_MEDIAN, &mr.signed(m.median, lang)),
        num_span(c::MODEL_LOW, &mr.signed(m.low, lang)),
        findings::to_word(lang),
        num_span(c::MODEL_HIGH, &mr.signed(m.high, lang)),
        m.p_better
            .map(|p| format!(
                "; {} {}",
                w.p_better,
                num_span(
                    c::P_BETTER,
                    &format!("{}%", num::fixed(100.0 * p, 0, lang, false))
                )
            ))
            .unwrap_or_default(),
    );
}

/// The notes under the headline table: how to read it, and which
/// uncertainty its intervals hold.
fn headline_notes(h: &mut String, data: &RunData, lang: Lang) {
    let w = lang.words();
    let mut notes = vec![match lang {
        Lang::En => "pp: percentage points. First line: mean effect against no program, paired by replication; second line: its 95% interval. Green: an improvement whose interval excludes zero; red: a harm; grey: no detectable effect.".to_string(),
        Lang::Id => "Baris pertama: rata-rata dampak dibanding tanpa program, berpasangan per ulangan; baris kedua: selang 95%-nya. Hijau: perbaikan yang selangnya tidak mencakup nol; merah: kerugian; abu-abu: tidak ada dampak yang terdeteksi.".to_string(),
    }];
    if data.has_model_intervals() {
        let u = &data.scenario.uncertainty;
        notes.push(
            if !u.posterior.is_empty() {
                w.model_note_posterior
            } else if u.prior == "pert" {
                w.model_note_pert
            } else {
                w.model_note
            }
            .to_string(),
        );
    } else {
        notes.push(format!("<b>{}</b>", w.mc_only_note));
    }
    let _ = write!(h, "<p class=\"note\">{}</p>", notes.join(" "));
}

/// The effects and poverty charts.
fn charts(h: &mut String, data: &RunData, lang: Lang) {
    let w = lang.words();
    h.push_str("<section>");
    let _ = write!(
        h,
        "<figure>{}<figcaption><b>{}.</b> {}</figcaption></figure>",
        svg::effects_chart(data, lang),
        w.chart_effects,
        w.chart_effects_desc
    );
    let _ = writeln!(
        h,
        "<figure>{}<figcaption><b>{}.</b> {}</figcaption></figure></section>",
        svg::poverty_chart(data, lang),
        w.chart_poverty,
        w.chart_poverty_desc
    );
}

fn when_str(w: When) -> &'static str {
    match w {
        When::ProgramEnd => c::PROGRAM_END,
        When::HorizonEnd => c::HORIZON_END,
    }
}

/// Cost-effectiveness, discounted: the rate and where it comes from, a
/// table of costs and gains per arm, and a sentence per arm by rule.
fn cost_section(h: &mut String, data: &RunData, lang: Lang, discount: f64, costs: &[ArmCost]) {
    let w = lang.words();
    if costs.is_empty() {
        return;
    }
    let _ = write!(h, "<section class=\"pagebreak\"><h2>{}</h2>", w.cost);
    let _ = write!(h, "<p>{}</p>", discount_sentence(lang, discount));
    cost_table(h, data, lang, costs);
    let items = gain_sentences(data, lang, costs);
    if !items.is_empty() {
        let _ = write!(
            h,
            "<ul class=\"findings\"><li>{}</li></ul>",
            items.join("</li><li>")
        );
    }
    h.push_str("</section>\n");
}

/// The discount rate, where the default comes from, and the cost note.
fn discount_sentence(lang: Lang, discount: f64) -> String {
    let w = lang.words();
    let pct = 100.0 * discount;
    let whole = (pct - pct.round()).abs() < 1e-9;
    let rate = num::fixed(pct, if whole { 0 } else { 2 }, lang, false);
    let is_default = (discount - super::cost::DEFAULT_DISCOUNT).abs() < 1e-12;
    let default = num::fixed(100.0 * super::cost::DEFAULT_DISCOUNT, 0, lang, false);
    match (is_default, lang) {
        (true, Lang::En) => format!(
            "Discounted at <b>{rate}% a year</b> (real), the rate the Asian Development Bank (2017) applies to social-sector and poverty-targeted projects, including those it finances in Indonesia; <code>--discount</code> changes it (docs/STATISTICS.md). {}",
            w.cost_note
        ),
        (true, Lang::Id) => format!(
            "Didiskonto <b>{rate}% per tahun</b> (riil), tingkat yang dipakai Bank Pembangunan Asia (2017) untuk proyek sektor sosial dan proyek sasaran kemiskinan, termasuk yang dibiayainya di Indonesia; <code>--discount</code> mengubahnya (docs/STATISTICS.md). {}",
            w.cost_note
        ),
        (false, Lang::En) => format!(
            "Discounted at <b>{rate}% a year</b> (real), as set with <code>--discount</code>; the default, {default}%, is the Asian Development Bank's (2017) rate for social-sector and poverty-targeted projects (docs/STATISTICS.md). {}",
            w.cost_note
        ),
        (false, Lang::Id) => format!(
            "Didiskonto <b>{rate}% per tahun</b> (riil), sesuai <code>--discount</code>; nilai bawaannya, {default}%, adalah tingkat Bank Pembangunan Asia (2017) untuk proyek sektor sosial dan proyek sasaran kemiskinan (docs/STATISTICS.md). {}",
            w.cost_note
        ),
    }
}

/// A table cell of an estimate and its 95% interval, each formatted by `f`;
/// a dash and "not estimated" when there is none.
fn cost_cell(v: Option<(f64, f64, f64)>, f: &dyn Fn(f64) -> String, lang: Lang) -> String {
    match v {
        Some((m, lo, hi)) if m.is_finite() => format!(
            "<td class=\"num\"><span class=\"est\">{}</span><span class=\"ci\">({} {} {})</span></td>",
            esc(&f(m)),
            esc(&f(lo)),
            findings::to_word(lang),
            esc(&f(hi))
        ),
        _ => format!(
            "<td class=\"num\">—<span class=\"ci\">{}</span></td>",
            esc(lang.words().not_estimated)
        ),
    }
}

/// Rupiah of consumption per rupiah spent: `Rp 1.35`.
fn per_rupiah(x: f64, lang: Lang) -> String {
    format!(
        "Rp\u{a0}{}",
        num::fixed(x, if x.abs() < 10.0 { 2 } else { 1 }, lang, false)
    )
}

/// The table of costs and gains, one column per arm.
fn cost_table(h: &mut String, data: &RunData, lang: Lang, costs: &[ArmCost]) {
    let w = lang.words();
    let _ = write!(h, "<table class=\"cost\"><thead><tr><th></th>");
    for a in costs {
        let _ = write!(h, "<th class=\"num\">{}</th>", arm_label(data, &a.arm));
    }
    h.push_str("</tr></thead><tbody>");
    let cell = |v: Option<(f64, f64, f64)>, f: &dyn Fn(f64) -> String| cost_cell(v, f, lang);
    let mci = |m: &crate::stats::MeanCi| Some((m.mean, m.ci_low, m.ci_high));
    let money = |x: f64| num::rupiah_scaled(x, lang, false);
    let money_signed = |x: f64| num::rupiah_scaled(x, lang, true);
    let count = |x: f64| num::scaled(x, lang, true);
    let ratio = |x: f64| per_rupiah(x, lang);
    let row = |f: &dyn Fn(&ArmCost) -> String| costs.iter().map(f).collect::<Vec<_>>();
    let rows: [(&str, Vec<String>); 7] = [
        (
            w.cost_cols[0],
            row(&|a| format!("<td class=\"num\">{}</td>", esc(&money(a.cost)))),
        ),
        (
            w.cost_cols[1],
            row(&|a| cell(mci(&a.lifted_at_end), &count)),
        ),
        (
            match lang {
                Lang::En => "Cost per household lifted out of poverty (at the program's end)",
                Lang::Id => {
                    "Biaya per rumah tangga yang keluar dari kemiskinan (pada akhir program)"
                }
            },
            row(&|a| cell(a.cost_per_lifted(), &money)),
        ),
        (
            w.cost_cols[2],
            row(&|a| cell(mci(&a.household_years), &count)),
        ),
        (
            w.cost_cols[3],
            row(&|a| cell(a.cost_per_household_year(), &money)),
        ),
        (w.cost_cols[4], row(&|a| cell(mci(&a.gain), &money_signed))),
        (w.cost_cols[5], row(&|a| cell(a.gain_per_rupiah(), &ratio))),
    ];
    for (label, cells) in rows.iter() {
        let _ = write!(h, "<tr><th>{}</th>{}</tr>", esc(label), cells.join(""));
    }
    h.push_str("</tbody></table>");
}

/// A sentence per arm about consumption per rupiah, by the findings rule.
fn gain_sentences(data: &RunData, lang: Lang, costs: &[ArmCost]) -> Vec<String> {
    let mut items = Vec::new();
    for a in costs {
        let Some((g, lo, hi)) = a.gain_per_rupiah() else {
            continue;
        };
        let v = findings::classify(g, lo, hi, None);
        let r = per_rupiah(g, lang);
        items.push(match (v, lang) {
            (Verdict::Detected(1), Lang::En) if lo > 1.0 => format!("{}: each rupiah spent returns {r} of household consumption through month {}, discounted: more than it cost.", arm_label(data, &a.arm), data.manifest.months),
            (Verdict::Detected(1), Lang::Id) if lo > 1.0 => format!("{}: setiap rupiah yang dibelanjakan menghasilkan {r} konsumsi rumah tangga hingga bulan ke-{}, setelah didiskonto: lebih dari biayanya.", arm_label(data, &a.arm), data.manifest.months),
            (Verdict::Detected(1), Lang::En) => format!("{}: each rupiah spent returns {r} of household consumption through month {}, discounted.", arm_label(data, &a.arm), data.manifest.months),
            (Verdict::Detected(1), Lang::Id) => format!("{}: setiap rupiah yang dibelanjakan menghasilkan {r} konsumsi rumah tangga hingga bulan ke-{}, setelah didiskonto.", arm_label(data, &a.arm), data.manifest.months),
            (Verdict::Detected(_), Lang::En) => format!("{}: households consume less than without the program (discounted).", arm_label(data, &a.arm)),
            (Verdict::Detected(_), Lang::Id) => format!("{}: konsumsi rumah tangga lebih rendah daripada tanpa program (setelah didiskonto).", arm_label(data, &a.arm)),
            (_, Lang::En) => format!("{}: no detectable consumption gain.", arm_label(data, &a.arm)),
            (_, Lang::Id) => format!("{}: tidak ada tambahan konsumsi yang terdeteksi.", arm_label(data, &a.arm)),
        });
    }
    items
}

fn who_gains(h: &mut String, data: &RunData, lang: Lang) {
    let w = lang.words();
    if data.quantiles.is_empty() {
        return;
    }
    let _ = write!(h, "<section><h2>{}</h2>", w.who_gains);
    let mut qs: Vec<u32> = data.quantiles.iter().map(|q| q.quantile).collect();
    qs.sort_unstable();
    qs.dedup();
    let horizon = data.manifest.months;
    let _ = write!(h, "<table><thead><tr><th>{}</th>", w.arm);
    for q in &qs {
        let _ = write!(h, "<th class=\"num\">P{q}</th>");
    }
    h.push_str("</tr></thead><tbody>");
    let mut items = Vec::new();
    for a in data.treated() {
        let _ = write!(h, "<tr><th>{}</th>", arm_label(data, a));
        for q in &qs {
            match data
                .quantiles
                .iter()
                .find(|x| x.arm == a && x.quantile == *q && x.when == When::HorizonEnd)
            {
                Some(x) => {
                    let p = |v: f64| num::pct_change(100.0 * v / x.control, lang);
                    let v = findings::classify(x.diff, x.ci_low, x.ci_high, None);
                    let class = match v {
                        Verdict::Detected(1) => "good",
                        Verdict::Detected(_) => "bad",
                        _ => "null",
                    };
                    let _ = write!(
                        h,
                        "<td class=\"num {class}\"><span class=\"est\">{}</span><span class=\"ci\">({} {} {})</span></td>",
                        esc(&p(x.diff)),
                        esc(&p(x.ci_low)),
                        findings::to_word(lang),
                        esc(&p(x.ci_high))
                    );
                }
                None => h.push_str("<td class=\"num\">—</td>"),
            }
        }
        h.push_str("</tr>");
        let find = |q: u32| {
            data.quantiles
                .iter()
                .find(|x| x.arm == a && x.quantile == q && x.when == When::HorizonEnd)
        };
        if let (Some(lo), Some(hi)) = (
            qs.first().and_then(|q| find(*q)),
            qs.last().and_then(|q| find(*q)),
        ) {
            items.push(gains_sentence(data, a, lo, hi, lang));
        }
    }
    h.push_str("</tbody></table>");
    let _ = write!(
        h,
        "<p class=\"note\">{} {}</p>",
        w.who_gains_note,
        match lang {
            Lang::En => format!("Month {horizon}."),
            Lang::Id => format!("Bulan ke-{horizon}."),
        }
    );
    if !items.is_empty() {
        let _ = write!(
            h,
            "<ul class=\"findings\"><li>{}</li></ul>",
            items.join("</li><li>")
        );
    }
    let _ = writeln!(
        h,
        "<figure>{}<figcaption><b>{}.</b> {}</figcaption></figure></section>",
        svg::quantile_chart(data, lang),
        w.chart_quantiles,
        w.chart_quantiles_desc
    );
}

/// The poorest and richest percentile of one arm, by rule.
fn gains_sentence(
    data: &RunData,
    arm: &str,
    lo: &super::data::QuantileEffect,
    hi: &super::data::QuantileEffect,
    lang: Lang,
) -> String {
    let part = |x: &super::data::QuantileEffect| -> String {
        let v = findings::classify(x.diff, x.ci_low, x.ci_high, None);
        let p = num::pct_change(x.pct_change, lang);
        match (v, lang) {
            (Verdict::Detected(1), Lang::En) => format!("gains {p}"),
            (Verdict::Detected(1), Lang::Id) => format!("naik {p}"),
            (Verdict::Detected(_), Lang::En) => format!("loses ({p})"),
            (Verdict::Detected(_), Lang::Id) => format!("turun ({p})"),
            (_, Lang::En) => "shows no detectable change".into(),
            (_, Lang::Id) => "tidak menunjukkan perubahan yang terdeteksi".into(),
        }
    };
    let pct_ci = |x: &super::data::QuantileEffect| {
        (100.0 * x.ci_low / x.control, 100.0 * x.ci_high / x.control)
    };
    let (l, h) = (pct_ci(lo), pct_ci(hi));
    let compare = if l.0 > h.1 {
        match lang {
            Lang::En => " The poor gain more than the well-off, in percent.",
            Lang::Id => " Dalam persen, yang miskin mendapat lebih banyak daripada yang mampu.",
        }
    } else if h.0 > l.1 {
        match lang {
            Lang::En => " The well-off gain more than the poor, in percent.",
            Lang::Id => " Dalam persen, yang mampu mendapat lebih banyak daripada yang miskin.",
        }
    } else {
        ""
    };
    match lang {
        Lang::En => format!(
            "{}: consumption at the {}th percentile {}; at the {}th, it {}.{compare}",
            arm_label(data, arm),
            lo.quantile,
            part(lo),
            hi.quantile,
            part(hi)
        ),
        Lang::Id => format!(
            "{}: konsumsi pada persentil ke-{} {}; pada persentil ke-{}, {}.{compare}",
            arm_label(data, arm),
            lo.quantile,
            part(lo),
            hi.quantile,
            part(hi)
        ),
    }
}

/// Who stays powerless: the share not empowered per arm, and a sentence on
/// the arm that leaves the fewest.
fn powerless(h: &mut String, data: &RunData, lang: Lang) {
    let w = lang.words();
    let _ = write!(h, "<section><h2>{}</h2>", w.powerless);
    let rows = powerless_table(h, data, lang);
    let control = rows.iter().find(|(a, _)| *a == c::CONTROL_ARM).map(|r| r.1);
    let best = rows
        .iter()
        .filter(|(a, _)| *a != c::CONTROL_ARM)
        .min_by(|x, y| x.1.total_cmp(&y.1));
    if let (Some(ctl), Some((arm, share))) = (control, best) {
        powerless_sentence(h, data, lang, ctl, arm, *share);
    }
    h.push_str("</section>\n");
}

/// The table of shares not empowered at the program's end and the horizon;
/// returns each arm's share at the horizon.
fn powerless_table<'a>(h: &mut String, data: &'a RunData, lang: Lang) -> Vec<(&'a str, f64)> {
    let w = lang.words();
    let end = data.program_end_month();
    let horizon = data.manifest.months;
    let metric = c::EMPOWERED_SHARE;
    let _ = write!(h, "<table><thead><tr>");
    for (k, col) in w.powerless_cols.iter().enumerate() {
        let m = match k {
            1 => end.map(|e| format!(" ({})", i18n::month(e, lang))),
            2 => Some(format!(" ({})", i18n::month(horizon, lang))),
            _ => None,
        };
        let _ = write!(
            h,
            "<th{}>{}{}</th>",
            if k > 0 { " class=\"num\"" } else { "" },
            col,
            m.unwrap_or_default()
        );
    }
    h.push_str("</tr></thead><tbody>");
    let mut rows = Vec::new();
    let mut order = vec![c::CONTROL_ARM];
    order.extend(data.treated());
    for a in order {
        let at = |m: Option<u32>| m.and_then(|m| data.summary(a, metric, m));
        let (pe, ph) = (at(end), at(Some(horizon)));
        let cell = |p: Option<super::data::SummaryPoint>| match p {
            Some(p) => format!(
                "<td class=\"num\"><span class=\"est\">{}</span><span class=\"ci\">({} {} {})</span></td>",
                num::percent(1.0 - p.mean, lang),
                num::percent(1.0 - p.ci_high, lang),
                findings::to_word(lang),
                num::percent(1.0 - p.ci_low, lang)
            ),
            None => "<td class=\"num\">—</td>".into(),
        };
        let _ = write!(
            h,
            "<tr><th>{}</th>{}{}</tr>",
            arm_label(data, a),
            cell(pe),
            cell(ph)
        );
        if let Some(p) = ph {
            rows.push((a, 1.0 - p.mean));
        }
    }
    h.push_str("</tbody></table>");
    rows
}

/// Without a program, `ctl` are not empowered; under `arm`, `share` still
/// are; and whether that arm's poorest households gain.
fn powerless_sentence(h: &mut String, data: &RunData, lang: Lang, ctl: f64, arm: &str, share: f64) {
    let horizon = data.manifest.months;
    let _ = write!(
        h,
        "<p>{}{}</p>",
        match lang {
            Lang::En => format!(
                "Without a program, {} of households are not empowered (below the empowerment threshold) at month {horizon}. Even under {}, the arm that leaves the fewest, {} still are.",
                num::percent(ctl, lang),
                arm_label(data, arm),
                num::percent(share, lang)
            ),
            Lang::Id => format!(
                "Tanpa program, {} rumah tangga tidak berdaya (di bawah ambang keberdayaan) pada bulan ke-{horizon}. Bahkan dengan {}, pilihan yang menyisakan paling sedikit, {} masih tidak berdaya.",
                num::percent(ctl, lang),
                arm_label(data, arm),
                num::percent(share, lang)
            ),
        },
        esc(&poorest_tail(data, lang, arm))
    );
}

/// Whether the lowest percentile of consumption gains under `arm` at the
/// horizon, by the findings rule; empty without percentiles.
fn poorest_tail(data: &RunData, lang: Lang, arm: &str) -> String {
    let poorest = data
        .quantiles
        .iter()
        .filter(|q| q.arm == arm && q.when == When::HorizonEnd)
        .min_by_key(|q| q.quantile);
    match poorest.map(|q| (q, findings::classify(q.diff, q.ci_low, q.ci_high, None))) {
        Some((q, Verdict::Detected(1))) => match lang {
            Lang::En => format!(
                " Its poorest households (the {}th percentile of consumption) do gain.",
                q.quantile
            ),
            Lang::Id => format!(
                " Rumah tangga termiskinnya (persentil ke-{} konsumsi) memang ikut naik.",
                q.quantile
            ),
        },
        Some((q, _)) => match lang {
            Lang::En => format!(
                " Its poorest households (the {}th percentile of consumption) show no detectable gain.",
                q.quantile
            ),
            Lang::Id => format!(
                " Rumah tangga termiskinnya (persentil ke-{} konsumsi) tidak menunjukkan kenaikan yang terdeteksi.",
                q.quantile
            ),
        },
        None => String::new(),
    }
}

fn lasts(h: &mut String, data: &RunData, lang: Lang) {
    let w = lang.words();
    if data.persistence.is_empty() {
        return;
    }
    let _ = write!(h, "<section><h2>{}</h2><table><thead><tr>", w.lasts);
    for (k, col) in w.lasts_cols.iter().enumerate() {
        let _ = write!(
            h,
            "<th{}>{col}</th>",
            if k >= 2 { " class=\"num\"" } else { "" }
        );
    }
    h.push_str("<th></th></tr></thead><tbody>");
    for a in data.treated() {
        for o in HEADLINE {
            let Some(p) = data
                .persistence
                .iter()
                .find(|p| p.arm == a && p.metric == o.metric())
            else {
                continue;
            };
            let (r_end, r_hor) = (
                Rounding::for_effect(o, p.effect_end),
                Rounding::for_effect(o, p.effect_horizon),
            );
            let unit = if o.is_share() {
                match lang {
                    Lang::En => " pp",
                    Lang::Id => " poin",
                }
            } else {
                ""
            };
            // persistence only means something for an effect that exists at the end
            let end_v = data
                .effect(a, o.metric(), When::ProgramEnd)
                .map(|e| findings::classify(e.diff, e.ci_low, e.ci_high, e.model.as_ref()));
            let words = match end_v {
                Some(Verdict::Detected(_)) | Some(Verdict::Uncertain) => {
                    findings::persistence_words(p.ratio, p.ci_low, p.ci_high, lang).to_string()
                }
                _ => match lang {
                    Lang::En => "no detectable effect at the program's end".into(),
                    Lang::Id => "tidak ada dampak terdeteksi pada akhir program".into(),
                },
            };
            let ratio = if p.ratio.is_finite() {
                format!(
                    "{} ({} {} {})",
                    num::plain(p.ratio, 2, lang),
                    num::plain(p.ci_low, 2, lang),
                    findings::to_word(lang),
                    num::plain(p.ci_high, 2, lang)
                )
            } else {
                "—".into()
            };
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{}{unit}</td><td class=\"num\">{}{unit}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                arm_label(data, a),
                o.name(lang),
                esc(&r_end.signed(p.effect_end, lang)),
                esc(&r_hor.signed(p.effect_horizon, lang)),
                esc(&ratio),
                esc(&words)
            );
        }
    }
    let _ = writeln!(
        h,
        "</tbody></table><p class=\"note\">{}</p></section>",
        w.lasts_note
    );
}

fn levels_only(h: &mut String, data: &RunData, lang: Lang) {
    let w = lang.words();
    let months = data.manifest.months;
    let _ = write!(
        h,
        "<section><h2>{}</h2><table><thead><tr><th>{}</th>",
        w.headline, w.arm
    );
    for o in HEADLINE {
        let _ = write!(
            h,
            "<th class=\"num\">{} ({})</th>",
            o.name(lang),
            i18n::month(months, lang)
        );
    }
    h.push_str("</tr></thead><tbody>");
    for a in data.arm_names() {
        let _ = write!(h, "<tr><th>{}</th>", arm_label(data, a));
        for o in HEADLINE {
            let text = match data.summary(a, o.metric(), months) {
                Some(p) if o.is_share() => num::percent(p.mean, lang),
                Some(p) => num::rupiah_plain(p.mean, num::money_unit(p.mean), lang, false),
                None => "—".into(),
            };
            let _ = write!(h, "<td class=\"num\">{}</td>", esc(&text));
        }
        h.push_str("</tr>");
    }
    let _ = writeln!(
        h,
        "</tbody></table><figure>{}<figcaption><b>{}.</b> {}</figcaption></figure></section>",
        svg::poverty_chart(data, lang),
        w.chart_poverty,
        w.chart_poverty_desc
    );
}

fn facts(h: &mut String, data: &RunData, lang: Lang) {
    let w = lang.words();
    let _ = write!(h, "<section><h2>{}</h2>", w.facts);
    match &data.facts {
        None => {
            let _ = write!(h, "<p>{}</p>", md_code(w.facts_missing));
        }
        Some(facts) => {
            let n = facts.iter().filter(|f| f.holds).count();
            let noisy = facts.iter().filter(|f| f.holds && f.within_noise).count();
            // the world the facts were checked in: the evidence experiment's
            // defaults, or the keys `berdaya evidence --set` changed
            let set = facts
                .first()
                .map(|f| f.settings.trim())
                .filter(|s| !s.is_empty());
            let world = match (lang, set) {
                (Lang::En, None) => "at its own default settings".to_string(),
                (Lang::En, Some(s)) => {
                    format!("at its own defaults except <code>{}</code>", esc(s))
                }
                (Lang::Id, None) => "pada pengaturan bawaannya sendiri".to_string(),
                (Lang::Id, Some(s)) => format!(
                    "pada pengaturan bawaannya sendiri kecuali <code>{}</code>",
                    esc(s)
                ),
            };
            let _ = write!(
                h,
                "<p>{}</p><table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
                match lang {
                    Lang::En => format!(
                        "{n} of {} stylized facts hold in the model{} (from evidence.csv in this folder, written by <code>berdaya evidence</code> {world}, not at this run's settings).",
                        facts.len(),
                        match noisy {
                            0 => String::new(),
                            k => format!(
                                ", {k} of them only within Monte Carlo noise: a criterion's 95% interval over replications reaches past its bound"
                            ),
                        }
                    ),
                    Lang::Id => format!(
                        "{n} dari {} fakta empiris terpenuhi dalam model{} (dari evidence.csv di folder ini, ditulis oleh <code>berdaya evidence</code> {world}, bukan pengaturan simulasi ini).",
                        facts.len(),
                        match noisy {
                            0 => String::new(),
                            k => format!(
                                ", {k} di antaranya hanya dalam batas galat Monte Carlo: selang 95% salah satu kriterianya antar-replikasi melewati batasnya"
                            ),
                        }
                    ),
                },
                w.facts_cols[0],
                w.facts_cols[1],
                w.facts_cols[2]
            );
            // Indonesian where the file has it, else the English
            let pick = |en: &str, id: &str| -> String {
                match lang {
                    Lang::Id if !id.is_empty() => id.to_string(),
                    _ => en.to_string(),
                }
            };
            for f in facts {
                let _ = write!(
                    h,
                    "<tr><td><b>{}</b> {}</td><td>{}</td><td class=\"note\">{}</td></tr>",
                    esc(&f.id),
                    esc(&pick(&f.title, &f.title_id)),
                    match (f.holds, f.within_noise) {
                        (true, false) => w.yes,
                        (true, true) => w.yes_noise,
                        _ => w.no,
                    },
                    esc(&pick(&f.model, &f.model_id))
                );
            }
            h.push_str("</tbody></table>");
        }
    }
    h.push_str("</section>\n");
}

fn caveats(h: &mut String, data: &RunData, lang: Lang) {
    let w = lang.words();
    let items = super::caveats(data, lang);
    let _ = writeln!(
        h,
        "<section><h2>{}</h2><ul class=\"caveats\"><li>{}</li></ul></section>",
        w.caveats,
        items
            .iter()
            .map(|s| md_code(s))
            .collect::<Vec<_>>()
            .join("</li><li>")
    );
}

fn repro(h: &mut String, data: &RunData, lang: Lang) {
    let w = lang.words();
    let m = &data.manifest;
    let command = super::command_text(&m.command_line);
    let known = m
        .commit
        .as_deref()
        .filter(|c| !c.is_empty() && *c != "unknown");
    let commit = match (known, lang) {
        (Some(c), _) => format!("<code>{}</code>", esc(c)),
        (None, Lang::En) => "not recorded in manifest.json".into(),
        (None, Lang::Id) => "tidak tercatat di manifest.json".into(),
    };
    let rerun = format!(
        "berdaya run scenario.toml --seed {} --out <new folder>",
        m.seed
    );
    let _ = write!(
        h,
        "<section class=\"repro\"><h2 style=\"border:0;margin-top:1mm\">{}</h2><table><tbody>\
<tr><th>{}</th><td>berdaya {}</td></tr><tr><th>{}</th><td>{commit}</td></tr><tr><th>{}</th><td>{}</td></tr><tr><th>{}</th><td>{}</td></tr><tr><th>{}</th><td><code>{}</code></td></tr><tr><th>{}</th><td><code>{}</code></td></tr></tbody></table>",
        w.repro,
        w.repro_rows[0],
        esc(&m.version),
        w.repro_rows[1],
        w.repro_rows[2],
        m.seed,
        w.repro_rows[3],
        m.replications,
        w.repro_rows[4],
        esc(&command),
        w.repro_rows[5],
        esc(&rerun)
    );
    let _ = write!(h, "<p>{}</p><table><tbody>", w.checksums_note);
    for (name, sum) in &data.checksums {
        let _ = write!(
            h,
            "<tr><th><code>{}</code></th><td><code>{}</code></td></tr>",
            esc(name),
            sum
        );
    }
    h.push_str("</tbody></table></section>\n");
}
