//! `berdaya explain` as a user meets it: every claim and fact id the project
//! cites is answered from the documents, every metric is defined, every
//! mechanism names its file, and a typo gets a did-you-mean and exit code 2.

use assert_cmd::Command;
use predicates::prelude::*;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn berdaya() -> Command {
    Command::cargo_bin("berdaya").expect("binary builds")
}

fn explain(topic: &str) -> std::process::Output {
    berdaya().args(["explain", topic]).output().unwrap()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Files with the given extension under `dir`, recursively.
fn files_under(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// Claim and fact ids in a text: the matches of `\b[CF]\d+[a-e]?\b`.
fn cited_ids(text: &str) -> BTreeSet<String> {
    let b: Vec<char> = text.chars().collect();
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = BTreeSet::new();
    let mut i = 0;
    while i < b.len() {
        let starts = (b[i] == 'C' || b[i] == 'F') && (i == 0 || !word(b[i - 1]));
        if starts {
            let mut j = i + 1;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            if j > i + 1 {
                // the optional letter, then a word boundary; if the letter
                // is not followed by a boundary, try without it
                let with_letter = j < b.len()
                    && ('a'..='e').contains(&b[j])
                    && (j + 1 == b.len() || !word(b[j + 1]));
                let end = if with_letter { j + 1 } else { j };
                if with_letter || j == b.len() || !word(b[j]) {
                    out.insert(b[i..end].iter().collect());
                }
            }
        }
        i += 1;
    }
    out
}

#[test]
fn the_scanner_finds_ids_as_the_regex_would() {
    let ids = cited_ids("C2a and F4, (C16e) F1–F11; not xC3, C12x nor F4_2; C17.");
    let want: BTreeSet<String> = ["C2a", "F4", "C16e", "F1", "F11", "C17"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(ids, want);
}

#[test]
fn every_cited_claim_and_fact_id_is_answered() {
    let r = root();
    let mut files = vec![r.join("README.md")];
    files_under(&r.join("docs"), "md", &mut files);
    files_under(&r.join("scenarios"), "toml", &mut files);
    files_under(&r.join("src"), "rs", &mut files);
    let mut ids = BTreeSet::new();
    for f in &files {
        ids.extend(cited_ids(&fs::read_to_string(f).unwrap()));
    }
    // the documents cite all of them, so the scan must find at least these
    for must in ["C1", "C2a", "C16e", "C19", "F1", "F11"] {
        assert!(ids.contains(must), "{must} not found in the scan");
    }
    for id in &ids {
        let out = explain(id);
        assert!(
            out.status.success(),
            "berdaya explain {id} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = stdout(&out);
        assert!(
            text.starts_with(&format!("{id} — ")),
            "explain {id}: {text}"
        );
        assert!(
            text.contains("docs/CONCEPTS.md") || text.contains("docs/EVIDENCE.md"),
            "explain {id} does not name its document"
        );
    }
}

#[test]
fn a_fact_is_printed_from_the_evidence_document() {
    let out = explain("F4");
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.starts_with("F4 — A poverty trap (docs/EVIDENCE.md)"));
    assert!(text.contains("Balboni"), "{text}");
    assert!(text.contains("What the model must show."), "{text}");
    assert!(text.contains("economy.capital_threshold"), "{text}");
    // the text is the document's own
    let doc = fs::read_to_string(root().join("docs/EVIDENCE.md")).unwrap();
    assert!(doc.contains("### F4 — A poverty trap"));
}

#[test]
fn a_lettered_claim_is_printed_with_its_parent() {
    let out = explain("C2a");
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.starts_with("C2a — Access to productive resources (docs/CONCEPTS.md)"));
    assert!(text.contains("Asks of the model:"), "{text}");
    assert!(text.contains("Part of: C2"), "{text}");
    assert!(text.contains("src/model/empowerment.rs"), "{text}");
    // lower case works too
    assert!(explain("c2a").status.success());
}

#[test]
fn a_claim_no_mechanism_carries_says_so() {
    let out = explain("C19");
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.starts_with("C19 — "));
    for (k, line) in text.lines().enumerate() {
        if line.trim_end() == "Carried by:" {
            let next = text.lines().nth(k + 1).unwrap_or("");
            assert!(!next.trim().is_empty(), "empty 'Carried by:' in {text}");
        }
    }
    assert!(text.contains("no mechanism or key names C19"), "{text}");
}

#[test]
fn a_metric_is_defined() {
    let out = explain("poverty_rate");
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.starts_with("poverty_rate — output metric"), "{text}");
    assert!(text.contains("strictly below the poverty line"), "{text}");
    // every column of the output has a definition
    for m in berdaya::model::metrics::names() {
        let out = explain(m);
        assert!(out.status.success(), "explain {m}");
        assert!(stdout(&out).starts_with(&format!("{m} — output metric")));
    }
}

#[test]
fn a_typo_gets_a_did_you_mean_and_exit_code_2() {
    berdaya()
        .args(["explain", "povrty_rate"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `poverty_rate`"))
        .stderr(predicate::str::contains("panicked").not());
    berdaya()
        .args(["explain", "C16f"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean"));
}

#[test]
fn a_mechanism_names_the_file_that_implements_it() {
    let out = explain("governance");
    assert!(out.status.success());
    assert!(stdout(&out).contains("Implemented in: src/model/governance.rs"));
    let out = explain("groups");
    assert!(stdout(&out).contains("Implemented in: src/model/groups.rs"));
    let out = explain("economy");
    assert!(stdout(&out).contains("src/model/economy.rs, src/model/production.rs"));
    // every mechanism's files exist
    for section in berdaya::scenario::sections() {
        for f in berdaya::explain::section_files(section.name) {
            let path = f.split(' ').next().unwrap();
            assert!(
                root().join(path).is_file(),
                "{}: {path} missing (SECTION_FILES in src/explain.rs)",
                section.name
            );
        }
    }
}

#[test]
fn the_lists_name_every_claim_fact_and_metric() {
    let claims = stdout(&explain("claims"));
    assert!(claims.contains("C16e") && claims.contains("C19"));
    let facts = stdout(&explain("facts"));
    assert!(facts.contains("F1 ") && facts.contains("F11"));
    let metrics = stdout(&explain("metrics"));
    assert!(metrics.contains("poverty_rate") && metrics.contains("elite_capture_share"));
}

/// Relative Markdown links (`](path)`) of README.md and docs/*.md name files
/// that exist, so the citations of CONCEPTS.md and EVIDENCE.md resolve.
#[test]
fn relative_links_in_the_docs_resolve() {
    let r = root();
    let mut files = vec![r.join("README.md")];
    files_under(&r.join("docs"), "md", &mut files);
    let mut checked = 0;
    for f in &files {
        let text = fs::read_to_string(f).unwrap();
        let dir = f.parent().unwrap();
        for (k, _) in text.match_indices("](") {
            let rest = &text[k + 2..];
            let Some(end) = rest.find(')') else { continue };
            let target = rest[..end].split('#').next().unwrap();
            if target.is_empty() || target.contains("://") || target.contains(' ') {
                continue;
            }
            assert!(
                dir.join(target).exists(),
                "{}: link to {target} does not resolve",
                f.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 10, "only {checked} links found");
    // the theory trail is linked from the README and the ODD
    let readme = fs::read_to_string(r.join("README.md")).unwrap();
    assert!(readme.contains("](docs/CONCEPTS.md)") && readme.contains("](docs/EVIDENCE.md)"));
    let odd = fs::read_to_string(r.join("docs/ODD.md")).unwrap();
    assert!(odd.contains("](CONCEPTS.md)") && odd.contains("](EVIDENCE.md)"));
}
