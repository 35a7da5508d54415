//! Reading scenario and experiment files: every key is checked against the
//! registry and every problem is collected (not only the first), each with the
//! file, the dotted key path, the line and column, what was expected and, for
//! an unknown key, the nearest valid name.

use super::{Kind, ParamInfo, check_value, param, registry, sections};
use crate::error::did_you_mean;
use std::collections::BTreeMap;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

pub use crate::error::{Issue, Origin};

/// A value set explicitly by a file or a flag.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting {
    pub value: toml::Value,
    pub origin: Origin,
}

/// Explicit settings by registry key.
pub type Settings = BTreeMap<&'static str, Setting>;

/// One `[[arm]]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct RawArm {
    pub name: String,
    pub settings: Settings,
    pub origin: Origin,
}

/// A checked document: the experiment's own settings and its arms.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawDoc {
    pub settings: Settings,
    pub arms: Vec<RawArm>,
}

/// Byte offset → (line, column), both 1-based, columns in characters.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start)
            + 1;
        (line + 1, col)
    }
}

struct Walker<'a> {
    file: &'a str,
    index: LineIndex<'a>,
    issues: Vec<Issue>,
}

impl Walker<'_> {
    fn origin(&self, span: std::ops::Range<usize>) -> Origin {
        let (line, column) = self.index.position(span.start);
        Origin {
            file: self.file.to_string(),
            line: Some(line),
            column: Some(column),
        }
    }
    fn issue(&mut self, span: std::ops::Range<usize>, key: String, message: String) {
        let origin = self.origin(span);
        self.issues.push(Issue {
            origin,
            key,
            message,
        });
    }
}

const TOP_EXTRA: &[&str] = &["arm"];

fn top_names() -> Vec<&'static str> {
    let mut v: Vec<&str> = registry()
        .iter()
        .filter(|p| p.section.is_empty())
        .map(|p| p.key)
        .collect();
    v.extend(sections().iter().map(|s| s.name));
    v.extend(TOP_EXTRA);
    v
}

fn section_keys(section: &str) -> Vec<&'static str> {
    registry()
        .iter()
        .filter(|p| p.section == section)
        .map(|p| &p.key[section.len() + 1..])
        .collect()
}

/// Parses and checks one file's text. Always returns what could be read, with
/// every problem found.
pub fn parse_document(file: &str, text: &str) -> (RawDoc, Vec<Issue>) {
    let mut w = Walker {
        file,
        index: LineIndex::new(text),
        issues: Vec::new(),
    };
    let mut doc = RawDoc::default();
    let (table, errors) = DeTable::parse_recoverable(text);
    for e in &errors {
        let span = e.span().unwrap_or(0..0);
        let msg = e.message().trim().trim_end_matches('.').to_string();
        w.issue(
            span,
            String::new(),
            format!("this is not valid TOML: {msg}"),
        );
    }
    if !errors.is_empty() {
        return (doc, w.issues);
    }
    let table = table.into_inner();
    if table.is_empty() {
        w.issues.push(Issue {
            origin: Origin { file: file.to_string(), line: None, column: None },
            key: String::new(),
            message: "the file is empty (no keys); a scenario needs at least `name = \"...\"`, and every other key falls back to its default (see `berdaya scenarios show baseline`)".into(),
        });
        return (doc, w.issues);
    }
    walk_scenario_table(&mut w, &table, "", &mut doc.settings, Some(&mut doc.arms));
    w.issues.sort_by_key(|i| (i.origin.line, i.origin.column));
    (doc, w.issues)
}

/// Walks a table of scenario keys (the document, or one `[[arm]]`).
fn walk_scenario_table(
    w: &mut Walker<'_>,
    table: &DeTable<'_>,
    prefix: &str,
    out: &mut Settings,
    mut arms: Option<&mut Vec<RawArm>>,
) {
    for (key, value) in table.iter() {
        let k: &str = key.get_ref();
        let path = format!("{prefix}{k}");
        if let Some(p) = param(k).filter(|p| p.section.is_empty()) {
            if prefix.is_empty() || !matches!(k, "seed" | "months" | "replications") {
                check_into(w, p, value, &path, out);
            } else {
                w.issue(key.span(), path, format!("`{k}` is shared by all arms of an experiment; set it at the top of the file, not in an [[arm]]"));
            }
        } else if let Some(sec) = sections().iter().find(|s| s.name == k) {
            match value.get_ref() {
                DeValue::Table(t) => walk_section(w, sec.name, t, &path, out),
                other => w.issue(
                    value.span(),
                    path,
                    format!(
                        "expected a table of {} keys ([{k}]), found {}",
                        sec.title.to_lowercase(),
                        other.type_str()
                    ),
                ),
            }
        } else if k == "arm" && arms.is_some() {
            if let Some(arms) = arms.as_deref_mut() {
                walk_arms(w, value, arms);
            }
        } else if k == "arm" {
            w.issue(
                key.span(),
                path,
                "an [[arm]] cannot hold arms of its own".into(),
            );
        } else {
            let mut names = top_names();
            if !prefix.is_empty() {
                names.retain(|n| *n != "arm" && !matches!(*n, "seed" | "months" | "replications"));
            }
            let mut msg = format!("unknown key `{k}`");
            let hint = did_you_mean(k, names.iter().copied());
            if !hint.is_empty() {
                msg.push_str(&hint);
            } else if let Some(p) = registry()
                .iter()
                .find(|p| p.key.rsplit('.').next() == Some(k))
            {
                msg.push_str(&format!("; did you mean `{}` (in [{}])?", p.key, p.section));
            }
            msg.push_str(&format!(" Valid names here: {}.", names.join(", ")));
            w.issue(key.span(), path, msg);
        }
    }
}

fn walk_section(
    w: &mut Walker<'_>,
    section: &'static str,
    table: &DeTable<'_>,
    path: &str,
    out: &mut Settings,
) {
    for (key, value) in table.iter() {
        let k: &str = key.get_ref();
        let full = format!("{section}.{k}");
        let kpath = format!("{path}.{k}");
        match param(&full) {
            Some(p) => check_into(w, p, value, &kpath, out),
            None => {
                let names = section_keys(section);
                let mut msg = format!("unknown key `{k}` in [{section}]");
                let hint = did_you_mean(k, names.iter().copied());
                if !hint.is_empty() {
                    msg.push_str(&hint);
                } else if let Some(p) = registry()
                    .iter()
                    .find(|p| p.key.rsplit('.').next() == Some(k))
                {
                    msg.push_str(&format!(
                        "; `{k}` belongs to [{}]: did you mean `{}`?",
                        if p.section.is_empty() {
                            "the top level"
                        } else {
                            p.section
                        },
                        p.key
                    ));
                }
                msg.push_str(&format!(
                    " Valid keys of [{section}]: {}.",
                    names.join(", ")
                ));
                w.issue(key.span(), kpath, msg);
            }
        }
    }
}

fn check_into(
    w: &mut Walker<'_>,
    p: &'static ParamInfo,
    value: &Spanned<DeValue<'_>>,
    path: &str,
    out: &mut Settings,
) {
    match check_value(p, value.get_ref()) {
        Ok(v) => {
            let origin = w.origin(value.span());
            out.insert(p.key, Setting { value: v, origin });
        }
        Err(msg) => w.issue(value.span(), path.to_string(), msg),
    }
}

fn walk_arms(w: &mut Walker<'_>, value: &Spanned<DeValue<'_>>, arms: &mut Vec<RawArm>) {
    let DeValue::Array(items) = value.get_ref() else {
        w.issue(
            value.span(),
            "arm".into(),
            format!(
                "expected a list of tables written as [[arm]], found {}",
                value.get_ref().type_str()
            ),
        );
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let path = format!("arm[{i}].");
        let DeValue::Table(t) = item.get_ref() else {
            w.issue(
                item.span(),
                format!("arm[{i}]"),
                format!(
                    "expected a table written as [[arm]], found {}",
                    item.get_ref().type_str()
                ),
            );
            continue;
        };
        let mut settings = Settings::new();
        // `name` of an arm is the arm's name, not the scenario name.
        let mut name = None;
        let mut rest = DeTable::default();
        for (k, v) in t.iter() {
            if k.get_ref() == "name" {
                match v.get_ref() {
                    DeValue::String(s) => {
                        let s = s.to_string();
                        if s.is_empty()
                            || !s
                                .chars()
                                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                        {
                            w.issue(
                                v.span(),
                                format!("arm[{i}].name"),
                                format!(
                                    "expected a name of letters, digits, `_` and `-`, found \"{s}\""
                                ),
                            );
                        } else if arms.iter().any(|a| a.name == s) {
                            w.issue(
                                v.span(),
                                format!("arm[{i}].name"),
                                format!("two arms are named \"{s}\"; arm names must be unique"),
                            );
                        } else {
                            name = Some(s);
                        }
                    }
                    other => w.issue(
                        v.span(),
                        format!("arm[{i}].name"),
                        format!("expected a string in quotes, found {}", other.type_str()),
                    ),
                }
            } else {
                rest.insert(k.clone(), v.clone());
            }
        }
        walk_scenario_table(w, &rest, &path, &mut settings, None);
        settings.remove("name");
        match name {
            Some(name) => arms.push(RawArm {
                name,
                settings,
                origin: w.origin(item.span()),
            }),
            None if !t.iter().any(|(k, _)| k.get_ref() == "name") => w.issue(
                item.span(),
                format!("arm[{i}]"),
                "every [[arm]] needs a `name = \"...\"`".into(),
            ),
            None => {}
        }
    }
}

/// Parses one `--set KEY=VALUE` flag. A value that is not valid TOML is taken
/// as a string where the key expects text or a choice, and a comma-separated
/// list where it expects a list.
pub fn parse_set(flag: &str) -> Result<(&'static str, Setting), Issue> {
    parse_set_at(flag, Origin::flag(&format!("--set {flag}")))
}

/// One `--set` flag as typed: `KEY=VALUE` for the base every arm inherits,
/// or `ARM:KEY=VALUE` (`ARM1,ARM2:KEY=VALUE`) for the arms named. The colon
/// cannot occur in a key or an arm name, so the two forms never clash.
/// Returns the arms named (empty for the base), the key and the setting; the
/// arms themselves are checked against the experiment when it is resolved.
pub fn parse_set_flag(flag: &str) -> Result<(Vec<String>, &'static str, Setting), Issue> {
    let origin = Origin::flag(&format!("--set {flag}"));
    let lhs = flag.split_once('=').map(|(k, _)| k).unwrap_or(flag);
    let Some((arms, _)) = lhs.split_once(':') else {
        let (k, s) = parse_set_at(flag, origin)?;
        return Ok((Vec::new(), k, s));
    };
    let rest = &flag[arms.len() + 1..];
    let names: Vec<String> = arms.split(',').map(|a| a.trim().to_string()).collect();
    if names.iter().any(|n| n.is_empty()) {
        return Err(Issue {
            origin,
            key: String::new(),
            message: "expected ARM:KEY=VALUE (or ARM1,ARM2:KEY=VALUE) with an arm name before the colon, for example `--set multi_group:program.budget_per_village_year=400e6`".into(),
        });
    }
    let (k, s) = parse_set_at(rest, origin.clone())?;
    if matches!(k, "name" | "seed" | "months" | "replications") {
        return Err(Issue {
            origin,
            key: k.to_string(),
            message: format!(
                "`{k}` is shared by all arms of an experiment; set it for the whole run with `--set {k}=...`{}",
                if k == "name" {
                    ""
                } else {
                    " (or its own flag)"
                }
            ),
        });
    }
    Ok((names, k, s))
}

fn parse_set_at(flag: &str, origin: Origin) -> Result<(&'static str, Setting), Issue> {
    let err = |key: &str, message: String| Issue {
        origin: origin.clone(),
        key: key.to_string(),
        message,
    };
    let Some((key, raw)) = flag.split_once('=') else {
        return Err(err(
            "",
            "expected KEY=VALUE, for example `--set program.budget=5e9`".into(),
        ));
    };
    let key = key.trim();
    let raw = raw.trim();
    let Some(p) = param(key) else {
        let names: Vec<&str> = registry().iter().map(|p| p.key).collect();
        let hint = did_you_mean(key, names.iter().copied());
        let what = if sections().iter().any(|s| s.name == key) {
            " (a section: set one of its keys, like `section.key=value`)"
        } else {
            ""
        };
        return Err(err(
            key,
            format!("unknown key `{key}`{what}{hint} `berdaya explain` lists every key."),
        ));
    };
    if raw.is_empty() {
        return Err(err(
            key,
            format!("no value after `=`; expected {}", p.kind.expected()),
        ));
    }
    let parsed_ok = match DeValue::parse(raw) {
        Ok(v) => !matches!(
            (&p.kind, v.get_ref()),
            (
                Kind::Text | Kind::Choice(_),
                DeValue::Integer(_) | DeValue::Float(_) | DeValue::Boolean(_)
            )
        ),
        Err(_) => false,
    };
    let text = if parsed_ok {
        raw.to_string()
    } else {
        match &p.kind {
            Kind::Text | Kind::Choice(_) => toml::Value::String(raw.to_string()).to_string(),
            Kind::ChoiceList(_) => {
                let items: Vec<String> = raw
                    .split(',')
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .map(|s| toml::Value::String(s.to_string()).to_string())
                    .collect();
                format!("[{}]", items.join(", "))
            }
            _ => raw.to_string(),
        }
    };
    match DeValue::parse(&text) {
        Ok(v) => check_value(p, v.get_ref())
            .map(|value| {
                (
                    p.key,
                    Setting {
                        value,
                        origin: origin.clone(),
                    },
                )
            })
            .map_err(|m| err(key, m)),
        Err(_) => Err(err(
            key,
            format!("cannot read `{raw}`: expected {}", p.kind.expected()),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_from_one() {
        let idx = LineIndex::new("ab\ncd\n");
        assert_eq!(idx.position(0), (1, 1));
        assert_eq!(idx.position(4), (2, 2));
    }

    #[test]
    fn misspelt_section_is_reported_with_position_and_suggestion() {
        let (_, issues) = parse_document("f.toml", "[populaton]\nvillages = 3\n");
        assert_eq!(issues.len(), 1);
        let i = &issues[0];
        assert_eq!(i.key, "populaton");
        assert_eq!((i.origin.line, i.origin.column), (Some(1), Some(2)));
        assert!(
            i.message.contains("did you mean `population`"),
            "{}",
            i.message
        );
    }

    #[test]
    fn all_problems_are_reported() {
        let text = "name = 3\n[program]\nbudjet = 5\napproach = \"groups\"\n[economy]\nsaving_rate = 1.5\n";
        let (_, issues) = parse_document("f.toml", text);
        let keys: Vec<&str> = issues.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "name",
                "program.budjet",
                "program.approach",
                "economy.saving_rate"
            ]
        );
        assert!(issues[2].message.contains("did you mean \"group\""));
        assert!(issues[3].message.contains("from 0 to 1"));
        assert_eq!(issues[3].origin.line, Some(6));
    }

    #[test]
    fn arms_are_read_with_their_overrides() {
        let text = "name = \"x\"\n[[arm]]\nname = \"control\"\n[[arm]]\nname = \"cap\"\nprogram.budget = 1e9\nprogram.components = [\"capital\"]\n";
        let (doc, issues) = parse_document("f.toml", text);
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(doc.arms.len(), 2);
        assert_eq!(
            doc.arms[1].settings["program.budget"].value,
            toml::Value::Float(1e9)
        );
    }

    #[test]
    fn arm_problems_name_the_arm_path() {
        let (_, issues) = parse_document(
            "f.toml",
            "[[arm]]\nname = \"a\"\nseed = 3\nprogram.budgit = 1\n[[arm]]\nprogram.budget = 1\n",
        );
        let keys: Vec<&str> = issues.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["arm[0].seed", "arm[0].program.budgit", "arm[1]"]);
    }

    #[test]
    fn not_toml_and_empty_files_are_errors() {
        let (_, issues) = parse_document("f.toml", "this is not toml\n");
        assert!(!issues.is_empty() && issues[0].message.contains("not valid TOML"));
        let (_, issues) = parse_document("f.toml", "# only a comment\n");
        assert!(issues[0].message.contains("empty"));
    }

    #[test]
    fn set_flags_are_checked_like_files() {
        let (k, s) = parse_set("program.approach=group").unwrap();
        assert_eq!((k, s.value.as_str()), ("program.approach", Some("group")));
        let (_, s) = parse_set("program.components=capital,facilitation").unwrap();
        assert_eq!(s.value.as_array().map(|a| a.len()), Some(2));
        let (_, s) = parse_set("population.villages=7").unwrap();
        assert_eq!(s.value, toml::Value::Integer(7));
        assert!(parse_set("population.villages=seven").is_err());
        assert!(
            parse_set("program.budgt=1")
                .unwrap_err()
                .message
                .contains("program.budget")
        );
        assert!(parse_set("novalue").is_err());
        assert!(
            parse_set("economy.saving_rate=2")
                .unwrap_err()
                .message
                .contains("from 0 to 1")
        );
    }
}
