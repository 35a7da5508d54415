//! `berdaya explain`: the mechanisms, their parameters and the claims behind
//! them, printed from the same registry that defines the parameters.

use crate::scenario::{ParamInfo, SectionInfo, docs, param, registry, sections, show_num, suggest};

/// The seed paper's claims, in one line each (ids of `CONCEPTS.md`).
pub const CLAIMS: &[(&str, &str)] = &[
    (
        "C1",
        "development must raise participation and a sense of ownership, and must empower",
    ),
    (
        "C2",
        "empowerment is access to productive resources (C2a) and a part in the decisions that matter (C2b)",
    ),
    (
        "C3",
        "empowerment grows from interaction with outside workers, the facilitators",
    ),
    (
        "C4",
        "top-down, growth-first development bred dependence and killed local initiative",
    ),
    (
        "C5",
        "programs must meet needs found by analysis, not a wish list or the wishes of the elite",
    ),
    (
        "C6",
        "a budget split equally over every village gives each too little to work",
    ),
    (
        "C7",
        "planning should use mutual aid (gotong royong) and village deliberation (rembug desa)",
    ),
    (
        "C8",
        "government moved from provider to enabler: development on the community's own strength",
    ),
    (
        "C9",
        "transparency, participation, benefit, accountability and sustainability",
    ),
    (
        "C10",
        "facilitation is a joint effort of the poor and workers to design, mobilise, solve and connect",
    ),
    (
        "C11",
        "four facilitator roles: facilitator, educator, representative, technical",
    ),
    (
        "C12",
        "facilitation decides whether poverty programs succeed",
    ),
    ("C13", "to empower is to give power and to give ability"),
    (
        "C14",
        "power comes from control of the factors of production; concentration divides society",
    ),
    (
        "C15",
        "empowerment has social, political and psychological dimensions, starting in the household",
    ),
    ("C16", "economic empowerment must be multi-aspect"),
    ("C16a", "not one part of the tree alone"),
    (
        "C16b",
        "not revolving capital alone: also institutions, people, infrastructure, bargaining position",
    ),
    (
        "C16c",
        "partnership of micro, small, medium and large firms",
    ),
    ("C16d", "toward a robust, efficient people's economy"),
    ("C16e", "through groups, not individuals"),
    ("C17", "the five program components of Indonesia's programs"),
    (
        "C17a",
        "revolving capital: slow accumulation holds small firms back",
    ),
    (
        "C17b",
        "infrastructure: output that cannot be sold, or sells too cheap, helps no one",
    ),
    (
        "C17c",
        "facilitation: learning, reflection, brokering partnerships",
    ),
    (
        "C17d",
        "institutions: the group approach, because capital must be accumulated together",
    ),
    (
        "C17e",
        "partnership: big firms grow with small ones, and the reverse",
    ),
    ("C18", "the five facilitation activities"),
    (
        "C18a",
        "motivation: form groups, raise income with own resources",
    ),
    (
        "C18b",
        "awareness and skills: health, vocational skills, jobs",
    ),
    (
        "C18c",
        "self-management: leaders, meetings, records, savings and credit, conflict; then step back",
    ),
    (
        "C18d",
        "resource mobilisation: regular savings pooled into social capital",
    ),
    ("C18e", "networks: links to the systems around the group"),
    (
        "C19",
        "aim at sustainable goals; watch who controls the factors of production",
    ),
];

/// One-line text of a claim id.
pub fn claim_text(id: &str) -> &'static str {
    CLAIMS
        .iter()
        .find(|(c, _)| *c == id)
        .map(|(_, t)| *t)
        .unwrap_or("")
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

fn explain_section(s: &SectionInfo) -> String {
    let mut out = format!(
        "{} — [{}]\n\n{}\n\nClaims:\n{}\n\nAffects: {}\n\nParameters (key = default):\n",
        s.title,
        s.name,
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
            "mechanism: {} (berdaya explain {}); affects {}\n",
            s.title, s.name, s.affects
        ));
    }
    out
}

/// Aliases users are likely to type for a mechanism.
const ALIASES: &[(&str, &str)] = &[
    ("groups", "groups"),
    ("group", "groups"),
    ("facilitators", "facilitation"),
    ("facilitator", "facilitation"),
    ("pendamping", "facilitation"),
    ("credit", "credit"),
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

/// The text for a topic, or an error message with suggestions.
pub fn explain(topic: Option<&str>) -> Result<String, String> {
    let Some(topic) = topic else {
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
        out.push_str("\n\nAny key can be explained too: berdaya explain program.budget\n");
        return Ok(out);
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
    if let Some((id, text)) = CLAIMS.iter().find(|(c, _)| c.eq_ignore_ascii_case(&t)) {
        let mut out = format!("{id}: {text}\n\nCarried by:\n");
        for s in sections().iter().filter(|s| s.claims.contains(id)) {
            out.push_str(&format!("  mechanism {} ({})\n", s.name, s.title));
        }
        for p in registry().iter().filter(|p| p.spec.claims.contains(id)) {
            out.push_str(&format!("  key {}\n", p.key));
        }
        return Ok(out);
    }
    let mut names: Vec<&str> = sections().iter().map(|s| s.name).collect();
    names.extend(registry().iter().map(|p| p.key));
    names.extend(ALIASES.iter().map(|(a, _)| *a));
    let hint = suggest(&t, names.iter().copied())
        .map(|n| format!("; did you mean `{n}`?"))
        .unwrap_or_default();
    Err(format!(
        "no mechanism, key or claim named `{topic}`{hint} `berdaya explain` lists the mechanisms."
    ))
}

/// The generated parameter tables of `docs/ODD.md`, between their markers.
pub fn tables() -> String {
    format!("{}\n\n{}\n{}\n", docs::BEGIN, docs::all_tables(), docs::END)
}
