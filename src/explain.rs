//! `berdaya explain`: the mechanisms, their parameters, the claims behind
//! them, the stylized facts they are held to and the metrics they produce.
//!
//! Mechanisms and keys come from the scenario registry (the same one that
//! defines the parameters); the text of a claim (C1…C19) or a fact
//! (F1…F11) is read from `docs/CONCEPTS.md` and `docs/EVIDENCE.md`, embedded
//! in the binary, so the documents and `explain` cannot drift apart; metric
//! definitions are here, next to the list of files that implement each
//! mechanism. An unknown topic gets the nearest names by edit distance.

use crate::model::metrics;
use crate::scenario::{
    ParamInfo, SectionInfo, docs, edit_distance, param, registry, sections, show_num,
};
use std::sync::OnceLock;

/// The seed paper's claims (`docs/CONCEPTS.md`), embedded.
const CONCEPTS_MD: &str = include_str!("../docs/CONCEPTS.md");
/// The field evidence (`docs/EVIDENCE.md`), embedded.
const EVIDENCE_MD: &str = include_str!("../docs/EVIDENCE.md");

/// The files of `src/model/` that implement each mechanism (scenario
/// section). The one place this mapping is written; a mechanism it does not
/// list is implemented in `src/model/NAME.rs` (a test checks that every
/// mechanism's files exist).
pub const SECTION_FILES: &[(&str, &[&str])] = &[
    ("population", &["src/model/population.rs"]),
    (
        "economy",
        &["src/model/economy.rs", "src/model/production.rs"],
    ),
    ("demography", &["src/model/demography.rs"]),
    ("shocks", &["src/model/economy.rs (pass A)"]),
    ("mutual_aid", &["src/model/mutual_aid.rs"]),
    ("infrastructure", &["src/model/infrastructure.rs"]),
    ("institutions", &["src/model/institutions.rs"]),
    ("credit", &["src/model/credit.rs"]),
    ("governance", &["src/model/governance.rs"]),
    ("groups", &["src/model/groups.rs"]),
    ("facilitation", &["src/model/facilitation.rs"]),
    ("partnership", &["src/model/partnership.rs"]),
    (
        "program",
        &["src/model/program.rs", "src/model/allocation.rs"],
    ),
    ("empowerment", &["src/model/empowerment.rs"]),
    (
        "uncertainty",
        &["src/experiment/uncertainty.rs", "src/app/uncertainty.rs"],
    ),
];

/// The files implementing the mechanism `name` (from [`SECTION_FILES`], or
/// `src/model/NAME.rs`).
pub fn section_files(name: &str) -> Vec<String> {
    match SECTION_FILES.iter().find(|(s, _)| *s == name) {
        Some((_, files)) => files.iter().map(|f| f.to_string()).collect(),
        None => vec![format!("src/model/{name}.rs")],
    }
}

/// Every output metric (`timeseries.csv` columns, contract then extra):
/// (name, unit, definition). `docs/ODD.md` §7.14 is the long form.
pub const METRICS: &[(&str, &str, &str)] = &[
    (
        "poverty_rate",
        "share of households",
        "Share of households whose consumption per person this month (household consumption divided by household size) is strictly below the poverty line (`economy.poverty_line`): a household exactly at the line is not poor. Counted over households, not persons.",
    ),
    (
        "poverty_gap",
        "share of the line",
        "Poverty gap index (FGT1) over households: the mean, over all households, of (poverty line − consumption per person) / poverty line for the poor and 0 for the others.",
    ),
    (
        "mean_income",
        "Rp/month per household",
        "Mean household income this month: wages plus enterprise output after the harvest shock (before the illness cost, which is spending).",
    ),
    (
        "median_income",
        "Rp/month per household",
        "Median household income this month, read from a log-spaced histogram with 64 bins per doubling that keeps each bin's exact sum (interpolated inside the bin).",
    ),
    (
        "mean_consumption_pc",
        "Rp/month per person",
        "Mean over households of consumption per person (household consumption divided by size) this month.",
    ),
    (
        "gini",
        "0..1",
        "Gini coefficient of consumption per person over households, from the same histogram as the median and quantiles; it understates the exact Gini by less than 0.001.",
    ),
    (
        "mean_assets",
        "Rp per household",
        "Mean productive assets (land use, livestock, tools) per household at the end of the month, after investment, sales and depreciation.",
    ),
    (
        "empowered_share",
        "share of households",
        "Share of households whose combined empowerment index is at or above `empowerment.threshold` (berdaya).",
    ),
    (
        "empowerment_index",
        "0..1",
        "Mean over households of the combined empowerment index: the weighted mean of the economic, social, political and psychological indices (weights `empowerment.weight_*`, normalised to sum to 1).",
    ),
    (
        "economic_index",
        "0..1",
        "Mean economic index (C2a): 0.6 × min(1, consumption per person / 3 poverty lines) + 0.4 × min(1, productive assets / twice the capital threshold).",
    ),
    (
        "social_index",
        "0..1",
        "Mean social index (C15): 0.35 × information + 0.35 × skill + 0.15 × participation + 0.15 × min(1, savings / two months of needs), savings being cash plus the household's equal share of its group's fund.",
    ),
    (
        "political_index",
        "0..1",
        "Mean political index (C2b, C15): (voice + participation) / 2.",
    ),
    (
        "psychological_index",
        "0..1",
        "Mean psychological index (C15): the household's confidence after this month's update.",
    ),
    (
        "group_share",
        "share of households",
        "Share of households that belong to an active self-help group, counted before this month's dissolutions.",
    ),
    (
        "active_groups",
        "groups",
        "Number of active self-help groups in all villages, counted before this month's dissolutions.",
    ),
    (
        "repayment_rate",
        "share of installments",
        "Installments paid this month (by the borrower, or by its group under joint liability) over installments due, program fund and group funds together; empty when no installment was due.",
    ),
    (
        "partnership_share",
        "share of households",
        "Share of households that belong to a group holding a partnership contract or hold an individual contract themselves.",
    ),
    (
        "firm_profit",
        "Rp/month",
        "Firms' profit this month, all districts: the contract margin on produce bought under contract plus the spot margin on the share of district output bought spot (C17e: mutual gain).",
    ),
    (
        "capture_share",
        "share of program money",
        "Share of the program money reaching villages this month that did not reach its purpose: the elite's capture plus the wish list; empty in months without program money.",
    ),
    (
        "program_cost",
        "Rp, cumulative",
        "Program money delivered to villages so far plus the facilitators' salaries paid so far.",
    ),
    (
        "facilitators_active",
        "facilitators",
        "Facilitators working this month (between the program's start and their exit).",
    ),
    (
        "consumption_pc_sd",
        "Rp/month per person",
        "Standard deviation over households of consumption per person (n − 1 denominator): the unit of effects in SDs.",
    ),
    (
        "income_sd",
        "Rp/month per household",
        "Standard deviation over households of household income.",
    ),
    (
        "assets_sd",
        "Rp per household",
        "Standard deviation over households of productive assets.",
    ),
    (
        "empowerment_index_sd",
        "0..1",
        "Standard deviation over households of the combined empowerment index.",
    ),
    (
        "economic_index_sd",
        "0..1",
        "Standard deviation over households of the economic index.",
    ),
    (
        "social_index_sd",
        "0..1",
        "Standard deviation over households of the social index.",
    ),
    (
        "political_index_sd",
        "0..1",
        "Standard deviation over households of the political index.",
    ),
    (
        "psychological_index_sd",
        "0..1",
        "Standard deviation over households of the psychological index.",
    ),
    (
        "consumption_pc_p10",
        "Rp/month per person",
        "10th percentile over households of consumption per person, from the log-spaced histogram.",
    ),
    (
        "consumption_pc_p25",
        "Rp/month per person",
        "25th percentile over households of consumption per person.",
    ),
    (
        "consumption_pc_p50",
        "Rp/month per person",
        "Median over households of consumption per person.",
    ),
    (
        "consumption_pc_p75",
        "Rp/month per person",
        "75th percentile over households of consumption per person.",
    ),
    (
        "consumption_pc_p90",
        "Rp/month per person",
        "90th percentile over households of consumption per person.",
    ),
    (
        "business_share",
        "share of households",
        "Share of households using the productive technology this month: productive assets at or above `economy.capital_threshold` when they produced.",
    ),
    (
        "borrower_share",
        "share of households",
        "Share of households with a loan outstanding at the end of the month, from the program's revolving fund or their group's fund.",
    ),
    (
        "mean_debt",
        "Rp per household",
        "Mean informal debt (moneylenders, shopkeepers) per household at the end of the month.",
    ),
    (
        "households",
        "households",
        "Number of households measured this month.",
    ),
    (
        "mean_wage_income",
        "Rp/month per household",
        "Mean wage income per household this month (income less enterprise output).",
    ),
    (
        "mean_enterprise_income",
        "Rp/month per household",
        "Mean enterprise output per household this month, after the harvest shock.",
    ),
    (
        "mean_consumption_hh",
        "Rp/month per household",
        "Mean consumption of the whole household this month.",
    ),
    (
        "mean_savings",
        "Rp per household",
        "Mean savings per household at the end of the month: cash plus the household's equal share of its group's fund.",
    ),
    (
        "ever_borrowed_share",
        "share of households",
        "Share of households that have ever borrowed from the program's revolving fund or a group fund: take-up (F1).",
    ),
    (
        "elite_capture_share",
        "share of program money",
        "Share of the program money reaching villages this month that the elite captured (the wish list aside); empty in months without program money.",
    ),
    (
        "price_index",
        "index (1 = the village's burn-in level)",
        "Household-weighted mean of the villages' goods price index: the price that clears last month's village output against villagers' spending and outside demand (F10, docs/ODD.md §7.15). Below 1 when a program's extra output meets a finite market.",
    ),
    (
        "wage_index",
        "index (1 = the village's burn-in level)",
        "Household-weighted mean of the villages' wage index: wages move toward the level that clears the labour households offer against village and outside demand (F10). Above 1 when households leave wage work for their own enterprises.",
    ),
];

/// One claim or fact, parsed from its document.
#[derive(Debug, Clone)]
pub struct DocEntry {
    /// `C16e`, `F4`.
    pub id: &'static str,
    /// The short title (`Groups, not individuals`).
    pub title: String,
    /// The text, in paragraphs, Markdown emphasis and links removed.
    pub paragraphs: Vec<String>,
}

/// Is `s` a claim or fact id with the given prefix (`C16e`, `F4`)?
fn is_id(s: &str, prefix: char) -> bool {
    let mut chars = s.chars();
    if chars.next() != Some(prefix) {
        return false;
    }
    let rest: Vec<char> = chars.collect();
    let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
    digits > 0
        && match rest.len() - digits {
            0 => true,
            1 => ('a'..='e').contains(&rest[digits]),
            _ => false,
        }
}

/// The id at the start of `s`, if any, and the rest of `s`.
fn leading_id(s: &'static str, prefix: char) -> Option<(&'static str, &'static str)> {
    let end = s
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(s.len());
    let (id, rest) = s.split_at(end);
    is_id(id, prefix).then_some((id, rest))
}

/// Plain text of a Markdown fragment: emphasis markers dropped, links
/// reduced to their text.
fn plain(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut rest = md;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        match (after.find("]("), after.find(']')) {
            (Some(close), Some(first)) if close == first => {
                let tail = &after[close + 2..];
                if let Some(paren) = tail.find(')') {
                    out.push_str(&rest[..open]);
                    out.push_str(&after[..close]);
                    rest = &tail[paren + 1..];
                    continue;
                }
                out.push_str(&rest[..=open]);
                rest = after;
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.replace('*', "")
}

/// Cuts a title from the text after an id: `" — Groups, not individuals.**
/// Economic…"` gives ("Groups, not individuals", "Economic…").
fn split_title(rest: &str) -> (String, String) {
    let rest = rest.trim_start_matches([' ', '—', '-', ':']);
    let (title, body) = match rest.find("**") {
        Some(k) => (&rest[..k], &rest[k + 2..]),
        None => (rest, ""),
    };
    (
        plain(title).trim().trim_end_matches('.').to_string(),
        body.trim().to_string(),
    )
}

/// Parses the entries of `doc` whose ids start with `prefix`: a heading
/// (`### F4 — A poverty trap`) opens an entry that runs to the next heading;
/// a list item (`- **C16e — Groups, not individuals.** …`) opens one that
/// runs to the next list item, heading or blank line.
pub fn parse_entries(doc: &'static str, prefix: char) -> Vec<DocEntry> {
    let mut out: Vec<DocEntry> = Vec::new();
    // whether an entry is open, and whether it is a list item; the raw
    // lines of its current paragraph
    let mut open: Option<bool> = None;
    let mut para: Vec<String> = Vec::new();
    let flush = |out: &mut Vec<DocEntry>, para: &mut Vec<String>| {
        if !para.is_empty() {
            if let Some(e) = out.last_mut() {
                let text = plain(&para.join(" "));
                let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                if !text.is_empty() {
                    e.paragraphs.push(text);
                }
            }
            para.clear();
        }
    };
    for line in doc.lines() {
        let t = line.trim();
        if let Some(h) = t.strip_prefix('#') {
            flush(&mut out, &mut para);
            let h = h.trim_start_matches('#').trim_start();
            open = None;
            if let Some((id, rest)) = leading_id(h, prefix) {
                let (title, _) = split_title(rest);
                out.push(DocEntry {
                    id,
                    title,
                    paragraphs: Vec::new(),
                });
                open = Some(false);
            }
            continue;
        }
        if let Some(item) = t.strip_prefix("- ") {
            flush(&mut out, &mut para);
            open = None;
            if let Some(bold) = item.strip_prefix("**")
                && let Some((id, rest)) = leading_id(bold, prefix)
            {
                let (title, body) = split_title(rest);
                out.push(DocEntry {
                    id,
                    title,
                    paragraphs: Vec::new(),
                });
                if !body.is_empty() {
                    para.push(body);
                }
                open = Some(true);
            }
            continue;
        }
        match open {
            None => {}
            Some(list) if t.is_empty() => {
                flush(&mut out, &mut para);
                if list {
                    open = None;
                }
            }
            Some(_) => para.push(t.to_string()),
        }
    }
    flush(&mut out, &mut para);
    out
}

/// The claims of `docs/CONCEPTS.md`.
pub fn claims() -> &'static [DocEntry] {
    static CLAIMS: OnceLock<Vec<DocEntry>> = OnceLock::new();
    CLAIMS.get_or_init(|| parse_entries(CONCEPTS_MD, 'C'))
}

/// The stylized facts of `docs/EVIDENCE.md`.
pub fn facts() -> &'static [DocEntry] {
    static FACTS: OnceLock<Vec<DocEntry>> = OnceLock::new();
    FACTS.get_or_init(|| parse_entries(EVIDENCE_MD, 'F'))
}

fn find_entry<'a>(entries: &'a [DocEntry], id: &str) -> Option<&'a DocEntry> {
    entries.iter().find(|e| e.id.eq_ignore_ascii_case(id))
}

/// The title of a claim id (empty when unknown).
pub fn claim_text(id: &str) -> &'static str {
    find_entry(claims(), id)
        .map(|e| e.title.as_str())
        .unwrap_or("")
}

/// Wraps a paragraph at `width` columns with an indent.
fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::from(indent);
    for word in text.split_whitespace() {
        if line.len() > indent.len() && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::from(indent);
        }
        if line.len() > indent.len() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if line.len() > indent.len() {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Does `text` mention `id` as a whole word (`F4`, not the start of `F4x`)?
fn mentions(text: &str, id: &str) -> bool {
    text.match_indices(id).any(|(k, _)| {
        let before = text[..k].chars().next_back();
        let after = text[k + id.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

fn claims_line(ids: &[&str]) -> String {
    ids.iter()
        .map(|c| format!("  {c}: {}", claim_text(c)))
        .collect::<Vec<_>>()
        .join("\n")
}

fn param_line(p: &ParamInfo) -> String {
    let unit = if p.spec.unit.is_empty() {
        String::new()
    } else {
        format!(" [{}]", p.spec.unit)
    };
    let range = p
        .spec
        .plausible
        .map(|(lo, hi)| format!(", plausible {}–{}", show_num(lo), show_num(hi)))
        .unwrap_or_default();
    format!(
        "  {} = {}{unit}{range}\n      {}",
        p.key,
        p.default_text(),
        p.spec.doc
    )
}

fn files_text(name: &str) -> String {
    section_files(name).join(", ")
}

fn explain_section(s: &SectionInfo) -> String {
    let mut out = format!(
        "{} — [{}]\n\nImplemented in: {}\n\n{}\n\nClaims:\n{}\n\nAffects: {}\n\nParameters (key = default):\n",
        s.title,
        s.name,
        files_text(s.name),
        s.doc,
        claims_line(s.claims),
        s.affects
    );
    for p in registry().iter().filter(|p| p.section == s.name) {
        out.push_str(&param_line(p));
        out.push('\n');
    }
    out.push_str("\nThe equations are in docs/ODD.md.\n");
    out
}

fn explain_param(p: &ParamInfo) -> String {
    let sec = sections().iter().find(|s| s.name == p.section);
    let mut out = format!("{}\n\n{}\n\n", p.key, p.spec.doc);
    out.push_str(&format!("type:      {}\n", p.kind.expected()));
    out.push_str(&format!("default:   {}\n", p.default_text()));
    if !p.spec.unit.is_empty() {
        out.push_str(&format!("unit:      {}\n", p.spec.unit));
    }
    if p.spec.min.is_finite() || p.spec.max.is_finite() {
        out.push_str(&format!(
            "limits:    {} to {}\n",
            show_num(p.spec.min),
            show_num(p.spec.max)
        ));
    }
    if let Some((lo, hi)) = p.spec.plausible {
        out.push_str(&format!(
            "plausible: {} to {}\n",
            show_num(lo),
            show_num(hi)
        ));
    }
    out.push_str(&format!("source:    {}\n", p.spec.source));
    if !p.spec.claims.is_empty() {
        out.push_str(&format!("claims:\n{}\n", claims_line(p.spec.claims)));
    }
    if let Some(s) = sec {
        out.push_str(&format!(
            "mechanism: {} (berdaya explain {}; {}); affects {}\n",
            s.title,
            s.name,
            files_text(s.name),
            s.affects
        ));
    }
    out
}

fn entry_text(e: &DocEntry, source: &str) -> String {
    let mut out = format!("{} — {} ({source})\n\n", e.id, e.title);
    for p in &e.paragraphs {
        out.push_str(&wrap(p, 88, ""));
        out.push('\n');
    }
    out
}

/// The parent of a lettered claim (`C16e` → `C16`).
fn parent_claim(id: &str) -> Option<&'static DocEntry> {
    let last = id.chars().next_back()?;
    if !last.is_ascii_lowercase() {
        return None;
    }
    find_entry(claims(), &id[..id.len() - 1])
}

/// Mechanisms and keys that name a claim.
fn carriers(id: &str) -> Vec<String> {
    let mut out = Vec::new();
    for s in sections().iter().filter(|s| s.claims.contains(&id)) {
        out.push(format!(
            "  mechanism {} ({}) — {}",
            s.name,
            s.title,
            files_text(s.name)
        ));
    }
    for p in registry().iter().filter(|p| p.spec.claims.contains(&id)) {
        out.push(format!("  key {}", p.key));
    }
    out
}

fn explain_claim(e: &DocEntry) -> String {
    let mut out = entry_text(e, "docs/CONCEPTS.md");
    let parent = parent_claim(e.id);
    if let Some(p) = parent {
        out.push_str(&format!("Part of: {} — {}\n\n", p.id, p.title));
    }
    let parts: Vec<String> = claims()
        .iter()
        .filter(|c| parent_claim(c.id).is_some_and(|p| p.id == e.id))
        .map(|c| format!("  {} — {}", c.id, c.title))
        .collect();
    if !parts.is_empty() {
        out.push_str(&format!("Parts:\n{}\n\n", parts.join("\n")));
    }
    let own = carriers(e.id);
    if !own.is_empty() {
        out.push_str(&format!("Carried by:\n{}\n", own.join("\n")));
    } else if let Some(p) = parent.filter(|p| !carriers(p.id).is_empty()) {
        out.push_str(&format!(
            "Carried by (no mechanism or key names {} itself; these carry {}):\n{}\n",
            e.id,
            p.id,
            carriers(p.id).join("\n")
        ));
    } else {
        out.push_str(&format!(
            "Carried by: no mechanism or key names {}; the text above says how the model answers it.\n",
            e.id
        ));
    }
    out
}

fn explain_fact(e: &DocEntry) -> String {
    let mut out = entry_text(e, "docs/EVIDENCE.md");
    let keys: Vec<&str> = registry()
        .iter()
        .filter(|p| mentions(p.spec.source, e.id) || mentions(p.spec.doc, e.id))
        .map(|p| p.key)
        .collect();
    if !keys.is_empty() {
        out.push_str(&format!(
            "Parameters whose default cites {}:\n{}\n",
            e.id,
            wrap(&keys.join(", "), 88, "  ")
        ));
    }
    out.push_str(
        "Check the model against it: berdaya evidence (docs/ODD.md §9 has the results).\n",
    );
    out
}

fn explain_metric(name: &str, unit: &str, def: &str) -> String {
    let kind = if metrics::CONTRACT.contains(&name) {
        "a contract column"
    } else {
        "an extra column"
    };
    format!(
        "{name} — output metric ({kind} of timeseries.csv; one value per arm, replication and month)\n\n{}\nunit: {unit}\n\nThe long form is docs/ODD.md §7.14.\n",
        wrap(def, 88, "")
    )
}

fn list_entries(head: &str, entries: &[DocEntry]) -> String {
    let mut out = format!("{head}\n\n");
    for e in entries {
        let indent = if e.id.ends_with(|c: char| c.is_ascii_lowercase()) {
            "    "
        } else {
            "  "
        };
        out.push_str(&format!("{indent}{:<6} {}\n", e.id, e.title));
    }
    out
}

fn list_metrics() -> String {
    let mut out = String::from(
        "Output metrics (columns of timeseries.csv; berdaya explain NAME for one):\n\n",
    );
    for (name, unit, _) in METRICS {
        out.push_str(&format!("  {name:<24} {unit}\n"));
    }
    out
}

/// Aliases users are likely to type for a mechanism.
const ALIASES: &[(&str, &str)] = &[
    ("group", "groups"),
    ("facilitators", "facilitation"),
    ("facilitator", "facilitation"),
    ("pendamping", "facilitation"),
    ("capital", "credit"),
    ("loans", "credit"),
    ("partnerships", "partnership"),
    ("firms", "partnership"),
    ("market", "infrastructure"),
    ("elite", "governance"),
    ("capture", "governance"),
    ("aid", "mutual_aid"),
    ("gotong-royong", "mutual_aid"),
];

/// Topics that list a family of names.
const LISTS: &[&str] = &["claims", "facts", "metrics"];

/// Every name `explain` answers, for suggestions.
fn all_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = sections().iter().map(|s| s.name).collect();
    names.extend(ALIASES.iter().map(|(a, _)| *a));
    names.extend(LISTS.iter().copied());
    names.extend(registry().iter().map(|p| p.key));
    names.extend(claims().iter().map(|e| e.id));
    names.extend(facts().iter().map(|e| e.id));
    names.extend(METRICS.iter().map(|(n, _, _)| *n));
    names
}

/// The nearest names to `word` (at most three, by edit distance; within a
/// third of the longer length, or names that start with the word).
pub fn nearest(word: &str) -> Vec<&'static str> {
    let w = word.to_lowercase();
    let mut scored: Vec<(usize, &'static str)> = all_names()
        .into_iter()
        .filter_map(|n| {
            let l = n.to_lowercase();
            // a key named without its section (`skill_fade` for
            // `institutions.skill_fade`), or the start of that last part
            if let Some(last) = crate::error::key_leaf(&l)
                && (last == w || (w.len() >= 3 && last.starts_with(&w)))
            {
                return Some((edit_distance(&w, last), n));
            }
            let d = edit_distance(&w, &l);
            let limit = (w.chars().count().max(l.chars().count()) / 3).max(1);
            (d <= limit || (w.len() >= 3 && l.starts_with(&w))).then_some((d, n))
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, n)| n).collect()
}

fn overview() -> String {
    let mut out = String::from(
        "berdaya's mechanisms (berdaya explain NAME), each with the claims of the seed paper it carries:\n\n",
    );
    for s in sections() {
        out.push_str(&format!(
            "  {:<16} {} [{}]\n",
            s.name,
            s.title,
            s.claims.join(", ")
        ));
    }
    out.push_str("\nTop-level keys: ");
    out.push_str(
        &registry()
            .iter()
            .filter(|p| p.section.is_empty())
            .map(|p| p.key)
            .collect::<Vec<_>>()
            .join(", "),
    );
    out.push_str(
        "\n\nAlso: any key (berdaya explain program.budget), a claim of the seed paper \
         (berdaya explain C16e; all of them: berdaya explain claims), a stylized fact \
         (berdaya explain F4; berdaya explain facts), an output metric (berdaya explain \
         poverty_rate; berdaya explain metrics).\n",
    );
    out
}

/// The text for a topic, or an error message with suggestions.
pub fn explain(topic: Option<&str>) -> Result<String, String> {
    let Some(topic) = topic else {
        return Ok(overview());
    };
    let t = topic.trim().to_lowercase();
    let name = ALIASES
        .iter()
        .find(|(a, _)| *a == t)
        .map(|(_, n)| *n)
        .unwrap_or(t.as_str());
    if let Some(s) = sections().iter().find(|s| s.name == name) {
        return Ok(explain_section(s));
    }
    if let Some(p) = param(&t) {
        return Ok(explain_param(p));
    }
    if let Some(e) = find_entry(claims(), &t) {
        return Ok(explain_claim(e));
    }
    if let Some(e) = find_entry(facts(), &t) {
        return Ok(explain_fact(e));
    }
    if let Some((n, unit, def)) = METRICS.iter().find(|(n, _, _)| *n == t) {
        return Ok(explain_metric(n, unit, def));
    }
    match t.as_str() {
        "claims" => {
            return Ok(list_entries(
                "The seed paper's claims (docs/CONCEPTS.md; berdaya explain ID for one):",
                claims(),
            ));
        }
        "facts" => {
            return Ok(list_entries(
                "Stylized facts of field evidence (docs/EVIDENCE.md; berdaya explain ID for one; berdaya evidence checks them):",
                facts(),
            ));
        }
        "metrics" => return Ok(list_metrics()),
        _ => {}
    }
    let near = nearest(&t);
    let hint = match near.as_slice() {
        [] => String::new(),
        [one] => format!("; did you mean `{one}`?"),
        [init @ .., last] => format!(
            "; did you mean {} or `{last}`?",
            init.iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Err(format!(
        "no mechanism, key, claim, fact or metric named `{topic}`{hint} `berdaya explain` lists the mechanisms; `berdaya explain claims`, `facts` and `metrics` list the others."
    ))
}

/// The generated parameter tables of `docs/ODD.md`, between their markers.
pub fn tables() -> String {
    format!("{}\n\n{}\n{}\n", docs::BEGIN, docs::all_tables(), docs::END)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_metric_column_has_a_definition_in_order() {
        let names: Vec<&str> = metrics::names().collect();
        let defined: Vec<&str> = METRICS.iter().map(|(n, _, _)| *n).collect();
        assert_eq!(names, defined);
        for (n, unit, def) in METRICS {
            assert!(!unit.is_empty() && def.len() > 30, "{n} is not defined");
        }
    }

    #[test]
    fn every_mechanism_names_its_files_and_only_mechanisms_are_listed() {
        for s in sections() {
            let files = section_files(s.name);
            assert!(
                // `uncertainty` configures the run (parameter draws), not the model
                !files.is_empty()
                    && (s.name == "uncertainty"
                        || files.iter().all(|f| f.starts_with("src/model/"))),
                "mechanism {}: {files:?}",
                s.name
            );
        }
        assert_eq!(section_files("no_such"), vec!["src/model/no_such.rs"]);
        for (name, files) in SECTION_FILES {
            assert!(
                sections().iter().any(|s| s.name == *name),
                "{name} is not a mechanism"
            );
            assert!(*name == "uncertainty" || files.iter().all(|f| f.starts_with("src/model/")));
        }
    }

    #[test]
    fn the_documents_give_every_claim_and_fact() {
        let ids: Vec<&str> = claims().iter().map(|e| e.id).collect();
        for n in 1..=19 {
            assert!(ids.contains(&format!("C{n}").as_str()), "C{n} missing");
        }
        for sub in [
            "C2a", "C2b", "C16a", "C16b", "C16c", "C16d", "C16e", "C17a", "C17b", "C17c", "C17d",
            "C17e", "C18a", "C18b", "C18c", "C18d", "C18e",
        ] {
            assert!(ids.contains(&sub), "{sub} missing");
        }
        for e in claims() {
            assert!(!e.title.is_empty(), "{} has no title", e.id);
            let text = e.paragraphs.join(" ");
            assert!(text.contains("Asks of the model:"), "{}: {text}", e.id);
            assert!(!text.contains("**") && !text.contains("]("), "{}", e.id);
        }
        let facts: Vec<&str> = facts().iter().map(|e| e.id).collect();
        assert_eq!(facts, (1..=12).map(|n| format!("F{n}")).collect::<Vec<_>>());
        for e in super::facts() {
            assert!(
                e.paragraphs.iter().any(|p| p.starts_with("Field.")),
                "{}",
                e.id
            );
            assert!(
                e.paragraphs
                    .iter()
                    .any(|p| p.starts_with("What the model must show.")),
                "{}",
                e.id
            );
        }
    }

    #[test]
    fn every_claim_the_registry_names_is_in_the_concepts() {
        for s in sections() {
            for c in s.claims {
                assert!(!claim_text(c).is_empty(), "section {}: {c}", s.name);
            }
        }
        for p in registry() {
            for c in p.spec.claims {
                assert!(!claim_text(c).is_empty(), "key {}: {c}", p.key);
            }
        }
    }

    #[test]
    fn ids_are_recognised_exactly() {
        assert!(is_id("C16e", 'C') && is_id("F11", 'F') && is_id("C2", 'C'));
        assert!(!is_id("C", 'C') && !is_id("C16f", 'C') && !is_id("C1ab", 'C'));
        assert!(!is_id("F4", 'C') && !is_id("Cx", 'C'));
        assert!(mentions("F4 (Balboni)", "F4") && !mentions("F4x", "F4"));
        assert!(!mentions("xF4", "F4") && mentions("see F4.", "F4"));
        assert_eq!(plain("a [`ODD.md`](ODD.md) **b** *c*"), "a `ODD.md` b c");
    }

    #[test]
    fn a_claim_without_carriers_says_so() {
        let text = explain(Some("C19")).unwrap();
        assert!(!text.contains("Carried by:\n\n") && !text.trim_end().ends_with("Carried by:"));
        assert!(text.contains("no mechanism or key names C19"), "{text}");
        let sub = explain(Some("c2a")).unwrap();
        assert!(
            sub.contains("Part of: C2") && sub.contains("these carry C2"),
            "{sub}"
        );
    }

    #[test]
    fn typos_get_the_nearest_names() {
        assert_eq!(nearest("povrty_rate").first(), Some(&"poverty_rate"));
        assert_eq!(nearest("govrnance").first(), Some(&"governance"));
        assert_eq!(nearest("f44").first().map(|s| s.len()), Some(2));
        let err = explain(Some("povrty_rate")).unwrap_err();
        assert!(err.contains("did you mean `poverty_rate`"), "{err}");
        // a key without its section, or the start of its last part
        assert_eq!(
            nearest("skill_fade").first(),
            Some(&"institutions.skill_fade")
        );
        assert!(nearest("idle").contains(&"markets.idle_capacity"));
        assert!(
            explain(Some("qqqqqqqqqqqq"))
                .unwrap_err()
                .contains("no mechanism")
        );
    }
}
